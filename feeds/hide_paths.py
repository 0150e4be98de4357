"""Keep the store's location on the server out of what visitors see (issue 13).

Where Datasette 0.65 showed it, and what this module does there:

- `select * from pragma_database_list` (a pragma function Datasette's SQL box allows): the
  `authorizer` each connection gets reads its `file` column as NULL. Datasette's own `PRAGMA
  database_list` statement is not a column read and still works.
- `/-/databases` and `/-/databases.json` (`path`): `public_databases` gives the file name only.
- `/-/threads` and `/-/threads.json` list the server's asyncio tasks with the source files
  they run in: `public_threads` keeps the file names only.
- Error pages: a message naming a served database file (an `OSError` from `stat`, say) is
  rewritten to its file name (`scrub_exception`). SQLite's own "unable to open database file"
  names no file at all; when a served file is gone, its name is added (`name_missing_stores`),
  so the operator reads the same answer whichever of the two Datasette met first.

The authorizer also refuses `sqlite_stmt` (compiled into this SQLite): it lists the SQL of the
statements a connection keeps prepared, that is other visitors' recent queries.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

HIDDEN_COLUMNS = {("pragma_database_list", "file")}
REFUSED_TABLES = {"sqlite_stmt"}
_SOURCE_PATH = re.compile(r"(?:[A-Za-z]:)?(?:[\\/][^\\/\s<>'\"():]+)+[\\/]([^\\/\s<>'\"():]+)")


def authorizer(action: int, arg1, arg2, database, source) -> int:
    if action == sqlite3.SQLITE_READ:
        table = (arg1 or "").lower()
        if table in REFUSED_TABLES:
            return sqlite3.SQLITE_DENY
        if (table, (arg2 or "").lower()) in HIDDEN_COLUMNS:
            return sqlite3.SQLITE_IGNORE
    return sqlite3.SQLITE_OK


def served_paths(datasette) -> list[str]:
    """Absolute paths of the served database files and their folders, longest first."""
    found = set()
    for db in datasette.databases.values():
        if db.path:
            path = Path(db.path)
            found |= {str(path), str(path.resolve()), str(path.parent), str(path.resolve().parent)}
    return sorted((p for p in found if p not in (".", "/", "")), key=len, reverse=True)


def scrub(text: str, datasette) -> str:
    for path in served_paths(datasette):
        if path in text:
            text = text.replace(path + "/", "").replace(path, Path(path).name)
    return text


def public_databases(datasette) -> list[dict]:
    return [
        {**info, "path": Path(info["path"]).name if info.get("path") else info.get("path")}
        for info in datasette._connected_databases()
    ]


def public_threads(datasette) -> dict:
    data = datasette._threads()
    if "tasks" in data:
        data["tasks"] = [_SOURCE_PATH.sub(r"\1", task) for task in data["tasks"]]
    return data


def scrub_exception(exception: BaseException, datasette) -> None:
    """Rewrite, in place, served paths in what Datasette's error page shows of `exception`."""
    if isinstance(exception, OSError):
        for attribute in ("filename", "filename2"):
            value = getattr(exception, attribute, None)
            if isinstance(value, str):
                setattr(exception, attribute, scrub(value, datasette))
    exception.args = tuple(
        scrub(arg, datasette) if isinstance(arg, str) else arg for arg in exception.args
    )
    message = getattr(exception, "message", None)
    if isinstance(message, str):
        exception.message = scrub(message, datasette)


UNABLE_TO_OPEN = "unable to open database file"


def missing_store_names(datasette) -> list[str]:
    """File names (never paths) of served database files no longer where they were opened."""
    return sorted(
        Path(db.path).name
        for db in datasette.databases.values()
        if db.path and not Path(db.path).exists()
    )


def name_missing_stores(exception: BaseException, datasette) -> None:
    """Add the missing file's name to SQLite's "unable to open database file", in place.

    Which error a moved store gives depends on Datasette's thread pool: a thread that has not
    yet connected fails in `sqlite3.connect` with this message, which names nothing; one that
    has goes on to `stat` the file and fails with an `OSError` naming it."""
    if not isinstance(exception, sqlite3.OperationalError) or str(exception) != UNABLE_TO_OPEN:
        return
    missing = missing_store_names(datasette)
    if missing:
        exception.args = (f"{UNABLE_TO_OPEN}: {', '.join(missing)} is not where it was opened",)
