"""Open a store: WAL, every migration applied, the derived objects as the code defines them.

The tables, indexes and the `event_dates` triggers come from the migrations in
`monitor/migrations/` (one per file, append-only). Derived objects are defined once, in their
latest form, and recreated when their stored SQL differs: the views (`monitor.views`) and the
triggers that keep `readers_events` from them, with the table refilled
(`monitor.readers_events`). Every table has a natural key so that writes are idempotent
upserts.
"""

from __future__ import annotations

import sqlite3
import time

import sqlite_utils

from monitor.migrations import migrations
from monitor.readers_events import create_triggers_and_refill, drop_triggers, stale_triggers
from monitor.transactions import BUSY_TIMEOUT_MS, open_database, write_transaction
from monitor.views import READERS_VIEW, create_views, drop_views, stale_views

__all__ = ["READERS_VIEW", "connect", "migrate", "migrations"]


def connect(path: str) -> sqlite_utils.Database:
    """Open (creating if needed) a store at `path`, in WAL mode, with every migration applied.

    The store is a `monitor.transactions.Store`: its writes take the write lock up front and
    wait their turn behind other processes' (`busy_timeout`)."""
    db = open_database(path)
    if path != ":memory:":
        _enable_wal(db)
    migrate(db)
    return db


def _enable_wal(db: sqlite_utils.Database) -> None:
    """Switch a store to WAL. On a store still in rollback-journal mode (made by an older
    sealtrail), `PRAGMA journal_mode=wal` fails at once with "database is locked" when another
    process opens or converts it at the same moment: busy_timeout does not cover it. Retried
    for up to `BUSY_TIMEOUT_MS`, as a write would wait."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            db.enable_wal()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def migrate(db: sqlite_utils.Database) -> None:
    """Apply the pending migrations and bring the views up to date, in one write transaction.

    Two processes opening an old (or new) store at once: each would find the same migrations
    pending and the second would fail ("database is locked", or "table already exists" after
    the first committed). Here the pending list is read again once the write lock is held, so
    the second waits and then finds nothing left to do. A store is upgraded whole or not at
    all. (Every migration here is transactional; sqlite-utils runs each one's `atomic()` as a
    savepoint of this transaction.) The derived objects (views, the readers_events triggers)
    are dropped before the migrations run, so no table change has to mind them or fire them,
    and created afresh after them, the table refilled."""
    if not migrations.pending(db) and not _stale_derived(db):
        return
    with write_transaction(db):
        if migrations.pending(db):
            drop_triggers(db)
            drop_views(db)
            migrations.apply(db)
        if _stale_derived(db):
            create_views(db)
            create_triggers_and_refill(db)


def _stale_derived(db: sqlite_utils.Database) -> bool:
    return bool(stale_views(db) or stale_triggers(db))
