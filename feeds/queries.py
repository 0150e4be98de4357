"""SQL for the feeds, over the store's event views.

Every statement here is a constant; values reach SQLite only as named parameters, never by
string formatting. The one piece of SQL that varies, the view name, is chosen from `VIEWS`.

The statements run the same way on a `sqlite3` connection (export) and inside Datasette
(`await db.execute(sql, params)`), so both paths serve byte-identical feeds.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any

DEFAULT_VIEW = "immigration_sealing_events"
VIEWS = ("immigration_sealing_events", "all_sealing_events")
DEFAULT_LIMIT = 200

# Columns of the event views that the feed builder uses.
EVENT_COLUMNS = (
    "event_id",
    "date",
    "court",
    "court_name",
    "docket_number",
    "case_name",
    "event_type",
    "outcome",
    "movant_role",
    "summary",
    "entry_number",
    "short_description",
    "entry_text",
    "source_url",
    "docket_url",
    "case_id",
    "first_seen",
    "updated",
    # What an analysed order says (empty for events read from docket text only).
    "movant_text",
    "documents_sealed",
    "standard",
    "reasons_stated",
    "reason_codes",
    "reasons",
    "local_rule",
    "judge",
    "decided_on",
    "document_id",
    "order_url",
    # Case facts and provenance (CourtListener / GovInfo enrich what PACER RSS gives).
    "nature_of_suit",
    "nos_code",
    "seen_in",
)

# Newest first by `date_utc` (the event's date as UTC, kept by triggers and indexed: schema
# 0018), so entries from courts that report local time sort by the true instant and a feed
# reads only the rows it shows; ties break on the id.
_ORDER = "order by date_utc desc, event_id desc limit :limit"
_SELECT = "select " + ", ".join(EVENT_COLUMNS) + " from {view} where event_type != 'not_sealing'"

_EVENT_SQL = {
    view: {
        "all": f"{_SELECT.format(view=view)} {_ORDER}",
        "court": f"{_SELECT.format(view=view)} and court = :court {_ORDER}",
        "case": f"{_SELECT.format(view=view)} and court = :court "
        f"and docket_number = :docket_number {_ORDER}",
    }
    for view in VIEWS
}

COURT_SQL = """
select co.id as court, coalesce(nullif(co.short_name, ''), co.name, co.id) as court_name
from courts co where co.id = :court
union all
select distinct c.court_id, c.court_id from cases c
where c.court_id = :court and not exists (select 1 from courts where id = :court)
limit 1
"""

_CASE_SQL = """
select c.id as case_id, c.court_id as court, c.docket_number, c.case_name, c.immigration,
  coalesce(nullif(co.short_name, ''), co.name, c.court_id) as court_name
from cases c left join courts co on co.id = c.court_id
where c.court_id = :court and c.docket_number = :docket_number
"""
CASE_SQL = {
    "immigration_sealing_events": _CASE_SQL + " and c.immigration = 1",
    "all_sealing_events": _CASE_SQL,
}

# Every court and every case that has at least one event in the view (for the static export).
_COURTS_WITH_EVENTS = (
    "select distinct court from {view} where event_type != 'not_sealing' order by court"
)
_CASES_WITH_EVENTS = (
    "select distinct court, docket_number from {view} where event_type != 'not_sealing' "
    "order by court, docket_number"
)
COURTS_WITH_EVENTS_SQL = {view: _COURTS_WITH_EVENTS.format(view=view) for view in VIEWS}
CASES_WITH_EVENTS_SQL = {view: _CASES_WITH_EVENTS.format(view=view) for view in VIEWS}


def check_view(view: str) -> str:
    """Return `view` if it is one of the event views, else raise ValueError."""
    if view not in VIEWS:
        raise ValueError(f"unknown events view {view!r}; expected one of {VIEWS}")
    return view


def events_query(
    kind: str,
    *,
    court: str | None = None,
    docket_number: str | None = None,
    view: str = DEFAULT_VIEW,
    limit: int = DEFAULT_LIMIT,
) -> tuple[str, dict[str, Any]]:
    """The SQL and parameters that fetch the events of one feed, newest first.

    `kind` is `all`, `court` (needs `court`) or `case` (needs `court` and `docket_number`).
    """
    statements = _EVENT_SQL[check_view(view)]
    if kind not in statements:
        raise ValueError(f"unknown feed kind {kind!r}")
    params: dict[str, Any] = {"limit": int(limit)}
    if kind in ("court", "case"):
        if not court:
            raise ValueError(f"a {kind} feed needs a court")
        params["court"] = court
    if kind == "case":
        if not docket_number:
            raise ValueError("a case feed needs a docket number")
        params["docket_number"] = docket_number
    return statements[kind], params


def _rows(conn: sqlite3.Connection, sql: str, params: Mapping[str, Any]) -> list[dict]:
    cursor = conn.execute(sql, dict(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def fetch_events(conn: sqlite3.Connection, kind: str, **kwargs: Any) -> list[dict]:
    """Rows (dicts) of one feed from a sqlite3 connection; see `events_query`."""
    sql, params = events_query(kind, **kwargs)
    return _rows(conn, sql, params)


def fetch_court(conn: sqlite3.Connection, court: str) -> dict | None:
    """The court (`court`, `court_name`) if the store knows it, else None."""
    rows = _rows(conn, COURT_SQL, {"court": court})
    return rows[0] if rows else None


def fetch_case(
    conn: sqlite3.Connection, court: str, docket_number: str, *, view: str = DEFAULT_VIEW
) -> dict | None:
    """The case (`case_id`, `court`, `docket_number`, `case_name`, `court_name`) or None.

    With the immigration view, a case that is not immigration-related counts as unknown.
    """
    rows = _rows(conn, CASE_SQL[check_view(view)], {"court": court, "docket_number": docket_number})
    return rows[0] if rows else None


def courts_with_events(conn: sqlite3.Connection, *, view: str = DEFAULT_VIEW) -> list[str]:
    """Ids of the courts that have at least one event in `view`."""
    return [row[0] for row in conn.execute(COURTS_WITH_EVENTS_SQL[check_view(view)])]


def cases_with_events(
    conn: sqlite3.Connection, *, view: str = DEFAULT_VIEW
) -> list[tuple[str, str]]:
    """(court, docket_number) of the cases that have at least one event in `view`."""
    return [(row[0], row[1]) for row in conn.execute(CASES_WITH_EVENTS_SQL[check_view(view)])]
