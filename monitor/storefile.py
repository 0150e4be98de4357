"""Opening a store file: an existing sealtrail store, or a new one only where that is meant.

`monitor.schema.connect` creates a store wherever it is pointed, which is right for a crawl
and wrong for everything else: a mistyped `--db` used to leave an empty store behind and
let `status` or `feeds export` report on it as if all were well. Here a command that only
reads or rebuilds a store refuses, with one line (`StoreError`), a path that is:

- missing, a directory, not a regular file, or a broken symlink;
- an empty file, or a file that is not SQLite (no `SQLite format 3` header, or unreadable)
  (a crawl makes its store in an empty file, or an SQLite file holding nothing);
- an SQLite database without sealtrail's migrations (`_sqlite_migrations`, set `sealtrail`)
  or without its core tables;
- a store from a newer sealtrail (migrations this version does not know).

An older sealtrail store is migrated, as `connect` does. The store's identity (`store_id`)
is the time its first migration was applied: kept in every store since the first, the same in
a backup or a moved copy, different in a store built again from nothing.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable
from os import PathLike
from pathlib import Path

import sqlite_utils

from monitor import schema
from monitor.transactions import BUSY_TIMEOUT_MS, Store

SQLITE_HEADER = b"SQLite format 3\x00"
MIGRATIONS_TABLE = "_sqlite_migrations"
FIRST_MIGRATION = "0001_core_tables"
CORE_TABLES = ("courts", "cases", "docket_entries", "sealing_events", "crawl_runs")


class StoreError(Exception):
    """A path that is not a sealtrail store this version can open; the message is one line."""


class StoreMissing(StoreError):
    """No file at the path."""


class StoreEmpty(StoreError):
    """An empty (0-byte) file: nothing to damage, but no store either."""


def _shown(path: str | PathLike) -> str:
    return os.fspath(path)


def _check_file(path: Path) -> None:
    """Refuse what is not a non-empty regular file starting with SQLite's header."""
    shown = _shown(path)
    if not path.exists():
        if path.is_symlink():
            raise StoreError(f"{shown} is a broken symlink, not a sealtrail store")
        raise StoreMissing(
            f"no sealtrail store at {shown} (no such file); check --db, or make one with "
            "`sealtrail crawl`"
        )
    if path.is_dir():
        raise StoreError(f"{shown} is a directory, not a sealtrail store")
    if not path.is_file():
        raise StoreError(f"{shown} is not a regular file, not a sealtrail store")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise StoreError(f"{shown} cannot be read: {error.strerror or error}") from error
    if not header:
        raise StoreEmpty(f"{shown} is an empty file, not a sealtrail store")
    if header != SQLITE_HEADER:
        raise StoreError(f"{shown} is not a sealtrail store (not an SQLite database)")


def _check_schema(conn: sqlite3.Connection, shown: str) -> None:
    """Refuse an SQLite database that sealtrail did not make, or made by a newer version."""
    tables = {row[0] for row in conn.execute("select name from sqlite_master where type='table'")}
    if MIGRATIONS_TABLE not in tables:
        raise StoreError(
            f"{shown} is not a sealtrail store (an SQLite database without sealtrail's migrations)"
        )
    applied = [
        row[0]
        for row in conn.execute(
            f"select name from {MIGRATIONS_TABLE} where migration_set = ? order by rowid",
            [schema.migrations.name],
        )
    ]
    if FIRST_MIGRATION not in applied:
        raise StoreError(
            f"{shown} is not a sealtrail store (an SQLite database without sealtrail's migrations)"
        )
    known = {m.name for m in schema.migrations.pending(sqlite_utils.Database(memory=True))}
    unknown = [name for name in applied if name not in known]
    if unknown:
        raise StoreError(
            f"{shown} was written by a newer sealtrail (migrations unknown here: "
            f"{', '.join(unknown)}); upgrade sealtrail to use it"
        )
    missing = [table for table in CORE_TABLES if table not in tables]
    if missing:
        raise StoreError(
            f"{shown} is a damaged sealtrail store (tables missing: {', '.join(missing)})"
        )


def _is_blank(conn: sqlite3.Connection) -> bool:
    """An SQLite file holding nothing yet (at most an empty migrations table): a store being
    created this moment, or an empty database, where a crawl may make its store."""
    names = [row[0] for row in conn.execute("select name from sqlite_master")]
    if names == [MIGRATIONS_TABLE]:
        return conn.execute(f"select count(*) from {MIGRATIONS_TABLE}").fetchone()[0] == 0
    return not names


def _connect_existing(path: Path) -> sqlite3.Connection:
    """A read-write connection that never creates the file (`mode=rw`); it waits for a
    writer's lock as long as `schema.connect` does."""
    return sqlite3.connect(f"{path.absolute().as_uri()}?mode=rw", uri=True, timeout=30)


def check_store(path: str | PathLike, *, creatable: bool = False) -> None:
    """Raise `StoreError` (`StoreMissing` when absent) unless `path` is a sealtrail store this
    version can open. Reads only; migrates nothing. With `creatable`, also accept what
    `open_store(create=True)` makes a store in: no file, an empty file (an operator's `touch`
    or `install -m 600` before the first start), an SQLite file holding nothing."""
    path = Path(path)
    try:
        _check_file(path)
    except (StoreMissing, StoreEmpty):
        if creatable:
            return
        raise
    shown = _shown(path)
    try:
        conn = _connect_existing(path)
        try:
            if creatable and _is_blank(conn):
                return
            _check_schema(conn, shown)
        finally:
            conn.close()
    except sqlite3.Error as error:
        raise StoreError(f"{shown} cannot be read as an SQLite database: {error}") from error


def open_store(
    path: str | PathLike,
    *,
    create: bool = False,
    on_create: Callable[[str], None] | None = None,
) -> sqlite_utils.Database:
    """Open the sealtrail store at `path` (WAL, older stores migrated), or raise `StoreError`.

    Only with `create` is a store made where there is none (no file, an empty file, an
    SQLite database holding nothing); `on_create` then receives a line saying so (`created
    new store sealtrail.db`). Anything else at `path` must be a sealtrail store, also with
    `create`: a crawl never writes its tables into another database or a directory.
    """
    path = Path(path)
    shown = _shown(path)
    try:
        _check_file(path)
    except (StoreMissing, StoreEmpty):
        if not create:
            raise
        try:
            db = schema.connect(shown)
        except sqlite3.Error as error:
            raise StoreError(f"cannot create a store at {shown}: {error}") from error
        if on_create is not None:
            on_create(f"created new store {shown}")
        return db
    created = False
    try:
        conn = _connect_existing(path)
        try:
            if create and _is_blank(conn):
                created = True
            else:
                _check_schema(conn, shown)
            db = Store(conn)  # its writes wait their turn (monitor.transactions)
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            db.enable_wal()
            schema.migrate(db)
        except BaseException:
            conn.close()
            raise
    except sqlite3.Error as error:
        raise StoreError(f"{shown} cannot be opened as a sealtrail store: {error}") from error
    if created and on_create is not None:
        on_create(f"created new store {shown}")
    return db


def store_id(conn: sqlite3.Connection) -> str | None:
    """An opaque id of the store (from when its first migration ran), or None without one."""
    try:
        row = conn.execute(
            f"select applied_at from {MIGRATIONS_TABLE} where migration_set = ? and name = ?",
            [schema.migrations.name, FIRST_MIGRATION],
        ).fetchone()
    except sqlite3.Error:
        return None
    if not row or not row[0]:
        return None
    return hashlib.sha256(f"sealtrail:{row[0]}".encode()).hexdigest()[:16]
