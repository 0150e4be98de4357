"""Write transactions that wait their turn: `write_transaction(db)`, `open_database(path)`.

Quirk handled: a deferred `BEGIN` (what sqlite-utils' `Database.atomic()` issues) takes
SQLite's write lock only at the transaction's first write. If the transaction has read
anything by then (sqlite-utils reads the schema before most inserts) and another connection
holds the lock, SQLite cannot wait for it (the snapshot read would be stale once the other
writer commits): the write fails at once with "database is locked", whatever
`busy_timeout` says. Two crawls on one store lost most of their courts that way.
`BEGIN IMMEDIATE` asks for the write lock before reading anything, so the busy handler waits
(up to `BUSY_TIMEOUT_MS`) for the other writer to commit, and then the transaction reads
the latest data.

- `write_transaction(db)`: the one way to write. Outermost use is `BEGIN IMMEDIATE` ...
  `COMMIT` (`ROLLBACK` on any exception); nested use is a savepoint of the outer
  transaction, which already holds the lock. Takes a `sqlite_utils.Database` or a plain
  `sqlite3.Connection`.
- `Store`: a `sqlite_utils.Database` whose `atomic()` is `write_transaction`, so the library's
  own writes (`insert`, `upsert`, `create`, its probes of SQLite features) wait their turn too.
- `open_database(path)`: a `Store` with `busy_timeout` set; `monitor.schema.connect` adds WAL
  and migrations.

Each outermost transaction holds the lock for as long as its block runs: keep blocks to one
unit of work (a court's feed, a case, an order). A wait longer than `SLOW_WAIT_S` is logged.
"""

from __future__ import annotations

import logging
import secrets
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlite_utils

logger = logging.getLogger(__name__)

#: How long a writer waits for another to commit before "database is locked" (milliseconds).
BUSY_TIMEOUT_MS = 30_000
#: A wait for the write lock longer than this (seconds) is logged at WARNING.
SLOW_WAIT_S = 1.0


def _connection(db: Any) -> sqlite3.Connection:
    return getattr(db, "conn", db)


@contextmanager
def write_transaction(db: Any) -> Iterator[Any]:
    """Run the block in a transaction that holds the write lock from its start (see the
    module docstring); yields `db`. Nested use is a savepoint."""
    conn = _connection(db)
    if conn.in_transaction:
        with _savepoint(conn):
            yield db
        return
    started = time.monotonic()
    conn.execute("BEGIN IMMEDIATE")
    waited = time.monotonic() - started
    if waited > SLOW_WAIT_S:
        logger.warning("waited %.1fs for the store's write lock (another writer)", waited)
    try:
        yield db
    except BaseException:
        # rollback is a no-op when an error already ended the transaction
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


@contextmanager
def _savepoint(conn: sqlite3.Connection) -> Iterator[None]:
    name = f"sealtrail_{secrets.token_hex(8)}"
    conn.execute(f"SAVEPOINT {name}")
    try:
        yield
    except BaseException:
        if conn.in_transaction:  # a RAISE(ROLLBACK) may have ended the whole transaction
            conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
            conn.execute(f"RELEASE SAVEPOINT {name}")
        raise
    conn.execute(f"RELEASE SAVEPOINT {name}")


class Store(sqlite_utils.Database):
    """`sqlite_utils.Database` whose `atomic()` takes the write lock up front."""

    @contextmanager
    def atomic(self) -> Iterator[Store]:  # type: ignore[override]
        with write_transaction(self):
            yield self


def open_database(path: str) -> Store:
    """Open the store at `path` (created if missing) with `busy_timeout`; no migrations."""
    db = Store(path)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return db
