"""How much one request may read out of SQLite into Python (issue 13).

SQLite's limits (`feeds.sql_limits`) bound each value, not how many of them a page holds:
1,000 rows × a few columns × a 32 MB value is gigabytes, and Datasette keeps a page's rows in
memory and renders them in one piece (in JSON a stored byte can take six: `\\u0000`). So every
value is charged, as it leaves SQLite, the most its JSON form can take (`json_size`), and
reading stops with `ResultTooLarge` (an `sqlite3.OperationalError`, which Datasette shows as an
ordinary query error, status 400) once a request's charges pass its budget:

- `Meter` becomes each connection's `text_factory` and `row_factory`. The plugin's
  `prepare_connection` runs after Datasette 0.65 sets its own (`sqlite3.Row`, text decoded as
  UTF-8 with replacement), and `Meter` gives exactly those back. Text is charged as it is
  decoded, so one huge row stops midway; blobs, numbers and the column names JSON repeats on
  each row are charged per row.
- The budget of a **request** (`request_budget`, a context variable the plugin's ASGI wrapper
  sets) covers all its queries: a table page's rows, count, facets and labels together.
  Datasette runs queries in a thread pool; `ContextExecutor` (installed at startup) carries
  the request's context into those threads.
- Each **statement** also has a budget of its own, for what runs outside a request and for the
  pages of a streamed CSV (Datasette writes each page before reading the next; `max_csv_mb`
  bounds the whole download).
"""

from __future__ import annotations

import contextvars
import sqlite3
import threading
import weakref
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

from feeds.sql_limits import MIB

RESULT_MAX_BYTES = 32 * MIB

# Printable ASCII but the quote and the backslash: one JSON byte each; any other byte (control
# characters, UTF-8 sequences, invalid bytes) becomes at most a six-byte `\uXXXX` escape.
_PLAIN = bytes(b for b in range(0x20, 0x7F) if b not in (0x22, 0x5C))
_SCALAR = 24  # the longest JSON form of a number (and `null`)
_BLOB = 40  # a blob that is not UTF-8 is `{"$base64": true, "encoded": "..."}`
_PER_COLUMN = 6  # quotes, colon, comma and space around a column name in `_shape=array`


def json_size(raw: bytes) -> int:
    """Upper bound on the bytes `raw` (UTF-8 text or a blob) takes in Datasette's JSON."""
    return len(raw) + 5 * len(raw.translate(None, _PLAIN))


class ResultTooLarge(sqlite3.OperationalError):
    pass


class Budget:
    """Bytes (weighted by `weight`) a request may still read; thread-safe."""

    def __init__(self, limit: int = RESULT_MAX_BYTES, weight: int = 1, reason: str = "") -> None:
        self.limit = limit
        self.weight = weight
        self.reason = reason
        self.spent = 0
        self._lock = threading.Lock()

    def charge(self, cost: int) -> None:
        with self._lock:
            self.spent += cost * self.weight
            over = self.spent > self.limit
        if over:
            raise ResultTooLarge(too_large_message(self.limit // self.weight, self.reason))


def too_large_message(limit: int, reason: str = "") -> str:
    return (
        f"This answer is too large: the rows read for one request may take at most "
        f"{limit / MIB:g} MB as JSON{reason}. Ask for fewer rows (_size=, a LIMIT, a "
        f"narrower filter) or fewer or shorter columns (_col=, substr())."
    )


_REQUEST: contextvars.ContextVar[Budget | None] = contextvars.ContextVar(
    "sealtrail_request_budget", default=None
)


@contextmanager
def request_budget(budget: Budget | None):
    """Queries run inside this block (in this task or a `ContextExecutor` thread) charge
    `budget` (None: statement budgets only)."""
    token = _REQUEST.set(budget)
    try:
        yield budget
    finally:
        _REQUEST.reset(token)


class Meter:
    """A connection's `text_factory` (`text`) and `row_factory` (`row`)."""

    def __init__(self, statement_limit: int = RESULT_MAX_BYTES) -> None:
        self.statement_limit = statement_limit
        self._row_cost = 0  # text of the row being converted, not yet in a statement's total
        self._statements: weakref.WeakKeyDictionary[sqlite3.Cursor, int] = (
            weakref.WeakKeyDictionary()
        )
        self._names: weakref.WeakKeyDictionary[sqlite3.Cursor, int] = weakref.WeakKeyDictionary()

    def install(self, conn: sqlite3.Connection) -> None:
        conn.text_factory = self.text
        conn.row_factory = self.row

    def text(self, raw: bytes) -> str:
        cost = json_size(raw)
        self._row_cost += cost
        try:
            budget = _REQUEST.get()
            if budget is not None:
                budget.charge(cost)
            if self._row_cost > self.statement_limit:
                raise ResultTooLarge(too_large_message(self.statement_limit))
        except ResultTooLarge:
            self._row_cost = 0
            raise
        return str(raw, "utf-8", "replace")

    def row(self, cursor: sqlite3.Cursor, values: tuple) -> sqlite3.Row:
        text_cost, self._row_cost = self._row_cost, 0
        cost = self._names_cost(cursor)
        for value in values:
            if isinstance(value, bytes):
                cost += json_size(value) + _BLOB
            elif not isinstance(value, str):
                cost += _SCALAR
        budget = _REQUEST.get()
        if budget is not None:
            budget.charge(cost)
        total = self._statements.get(cursor, 0) + text_cost + cost
        if total > self.statement_limit:
            raise ResultTooLarge(too_large_message(self.statement_limit))
        self._statements[cursor] = total
        return sqlite3.Row(cursor, values)

    def _names_cost(self, cursor: sqlite3.Cursor) -> int:
        cost = self._names.get(cursor)
        if cost is None:
            description = cursor.description or ()
            cost = sum(len(column[0]) + _PER_COLUMN for column in description)
            self._names[cursor] = cost
        return cost


class ContextExecutor(ThreadPoolExecutor):
    """A thread pool whose tasks run in the submitting task's context (contextvars), so a
    query run for a request charges that request's budget."""

    def submit(self, fn, /, *args: Any, **kwargs: Any):
        return super().submit(contextvars.copy_context().run, fn, *args, **kwargs)


def install_executor(datasette) -> None:
    """Replace Datasette's SQL thread pool by a `ContextExecutor` of the same size (no-op
    when Datasette runs queries in the event loop, `num_sql_threads` 0). Idempotent."""
    old = datasette.executor
    if old is None or isinstance(old, ContextExecutor):
        return
    datasette.executor = ContextExecutor(max_workers=datasette.setting("num_sql_threads"))
    old.shutdown(wait=False)
