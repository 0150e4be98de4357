"""What a crawl keeps in the store beside its records: API calls and fetch state.

The one door through which `crawler/` reaches the two tables the monitor owns for it
(docs/internals.md, "Layers and allowed imports"):
- `api_calls` (schema 0013): the calls the per-source API budgets count
  (`crawler.budget.CallBudget` holds the rules; the rows are kept here). Checking the
  budget and taking a call is one `BEGIN IMMEDIATE` transaction
  (`monitor.transactions.write_transaction`), so two crawls cannot both take the last call;
  a connection left inside an implicit transaction by an earlier statement commits first,
  or the lock could not be taken;
- `fetch_state` (`monitor.fetch_state`): what was last fully stored of each URL.

A crawl spread over machines keeps the same methods elsewhere (shared counters), so a
spider's bookkeeping never depends on SQL. Times are ISO 8601 UTC strings with microseconds,
compared as text (`crawler.budget.to_iso`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from monitor import fetch_state
from monitor.fetch_state import FetchState
from monitor.transactions import write_transaction

Decision = TypeVar("Decision")


class CrawlStore:
    """A crawl's bookkeeping over one store (a `sqlite_utils.Database` or `sqlite3`
    connection). Every write is committed before the method returns."""

    def __init__(self, db: Any):
        self.db = db
        self.conn = getattr(db, "conn", db)

    # -- fetch state ---------------------------------------------------------------------------

    def fetch_state(self, url: str) -> FetchState | None:
        """The state of `url` (None: never fully stored)."""
        return fetch_state.lookup(self.conn, url)

    def record_fetch(self, state: FetchState) -> None:
        """`state.url`'s body was fully stored (`state.stored` says when)."""
        fetch_state.record(self.conn, state)

    # -- API calls -----------------------------------------------------------------------------

    def api_calls(self, source: str, since: str) -> list[tuple[int, str]]:
        """(id, time) of `source`'s calls made after `since`."""
        return self.conn.execute(
            "select id, at from api_calls where source = ? and at > ?", (source, since)
        ).fetchall()

    def reserve_api_call(
        self,
        source: str,
        at: str,
        since: str,
        decide: Callable[[list[tuple[int, str]]], Decision],
    ) -> tuple[Decision, int | None]:
        """`decide(calls since)` and, when its answer is `allowed`, record a call at `at`, all
        in one write transaction; returns the answer and the new call's id (or None)."""
        if self.conn.in_transaction:
            self.conn.commit()  # an earlier statement's implicit transaction: the lock comes first
        with write_transaction(self.conn):
            decision = decide(self.api_calls(source, since))
            call_id = self._insert(source, at) if getattr(decision, "allowed", False) else None
        return decision, call_id

    def add_api_call(self, source: str, at: str) -> int:
        """Record one call at `at` whatever a budget says."""
        call_id = self._insert(source, at)
        self.conn.commit()
        return call_id

    def api_call_answered(self, call_id: int, at: str) -> None:
        """The answer came back at `at`: the call counts from then (never earlier)."""
        self.conn.execute("update api_calls set at = max(at, ?) where id = ?", (at, call_id))
        self.conn.commit()

    def prune_api_calls(self, before: str) -> int:
        """Delete calls (of every source) made before `before`; returns how many."""
        cursor = self.conn.execute("delete from api_calls where at < ?", (before,))
        self.conn.commit()
        return cursor.rowcount

    def _insert(self, source: str, at: str) -> int:
        cursor = self.conn.execute("insert into api_calls (source, at) values (?, ?)", (source, at))
        return int(cursor.lastrowid)
