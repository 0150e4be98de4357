"""SQL for the feeds, over the store's event views.

Every statement here is a constant; values reach SQLite only as named parameters, never by
string formatting. The one piece of SQL that varies, the view name, is chosen from `VIEWS`.

The statements run the same way on a `sqlite3` connection (export) and inside Datasette
(`await db.execute(sql, params)`), so both paths serve byte-identical feeds.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from typing import Any

from monitor.judges import judge_slug
from monitor.sources import all_sources

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
_ORDER = "order by v.date_utc desc, v.event_id desc limit :limit"
# The free copies of an event's docket entry and order (the sources whose `links` are free in
# monitor.sources: CourtListener/RECAP, GovInfo), as a JSON array of {source, url, of};
# `feeds.build.entry_links` orders them. Source names are identifiers (Source checks), so
# they are written into the SQL as literals.
FREE_SOURCES = tuple(s.name for s in all_sources() if s.links and s.links.free)
_FREE_IN = ", ".join(f"'{name}'" for name in FREE_SOURCES) or "null"
_FREE_COPIES = f"""(
  select json_group_array(json_object('source', f.source, 'url', f.url, 'of', f.of)) from (
    select s.source, s.source_url as url, 'entry' as of from entry_sources s
    where s.entry_id = v.entry_id and s.source in ({_FREE_IN})
      and s.source_url like 'http%'
    union all
    select ds.source, ds.source_url, 'order' from document_sources ds
    where ds.document_id = v.document_id and ds.source in ({_FREE_IN})
      and ds.source_url like 'http%'
  ) f
) as free_copies"""
_COLUMNS = ", ".join(f"v.{column}" for column in EVENT_COLUMNS) + ", " + _FREE_COPIES
_SELECT = "select " + _COLUMNS + " from {view} v where v.event_type != 'not_sealing'"

# What narrows each kind of feed (`:court`, `:docket_number`, `:reason`, `:outcome`,
# `:event_type`, `:judges` a JSON array of the spellings that share a judge's slug).
_FILTERS = {
    "all": "",
    "court": "and v.court = :court",
    "case": "and v.court = :court and v.docket_number = :docket_number",
    "reason": "and exists (select 1 from event_reasons r "
    "where r.event_id = v.event_id and r.reason = :reason)",
    "outcome": "and v.outcome = :outcome",
    "type": "and v.event_type = :event_type",
    "judge": "and v.judge in (select value from json_each(:judges))",
}
# The parameter each kind needs besides :limit.
FEED_PARAMS = {
    "court": ("court",),
    "case": ("court", "docket_number"),
    "reason": ("reason",),
    "outcome": ("outcome",),
    "type": ("event_type",),
    "judge": ("judges",),
}

_EVENT_SQL = {
    view: {
        kind: f"{_SELECT.format(view=view)} {where} {_ORDER}".replace("  ", " ")
        for kind, where in _FILTERS.items()
    }
    for view in VIEWS
}

# New cases: the first sealing event of each case whose first sealing activity is the most
# recent. Ties within a case (two events at its first instant) come back together; the
# lowest event id is kept (`fetch_new_cases`).
_NEW_CASES = """
with firsts as (
  select case_id, min(date_utc) as first_utc from {view}
  where event_type != 'not_sealing'
  group by case_id order by first_utc desc, case_id desc limit :limit
)
select {columns} from firsts
join {view} v on v.case_id = firsts.case_id and v.date_utc = firsts.first_utc
where v.event_type != 'not_sealing'
order by v.date_utc desc, v.case_id desc, v.event_id asc
"""
NEW_CASES_SQL = {view: _NEW_CASES.format(view=view, columns=_COLUMNS) for view in VIEWS}

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

# Counts and case lists read `readers_events` (migration 0024): every event of the views, as
# they read it, kept by triggers, with the case's `immigration` (0 or 1). Its covering indexes
# answer them without reading the events: the views' joins over every event made /-/feeds
# and /-/feeds.opml grow with the store (docs/benchmarks.md). `KEPT[view]` is the view's rows.
KEPT = {
    "immigration_sealing_events": "t.immigration = 1",
    "all_sealing_events": "t.immigration in (0, 1)",
}
_PUBLISHED = "t.event_type != 'not_sealing'"

# Every court and every case that has at least one event in the view (for the static export).
_COURTS_WITH_EVENTS = (
    "select distinct court from {view} where event_type != 'not_sealing' order by court"
)
_CASES_WITH_EVENTS = (
    "select distinct t.court, t.docket_number from readers_events t where {kept} and "
    + _PUBLISHED
    + " order by t.court, t.docket_number limit :limit"
)
COURTS_WITH_EVENTS_SQL = {view: _COURTS_WITH_EVENTS.format(view=view) for view in VIEWS}
CASES_WITH_EVENTS_SQL = {view: _CASES_WITH_EVENTS.format(kept=KEPT[view]) for view in VIEWS}
# The feeds page's cases: the events newest first (the table's own order for the immigration
# view: nothing is sorted), read only until enough cases are found (`recent_cases`).
_NEWEST_CASE_IDS = (
    "select t.case_id, t.date_utc from readers_events t where {kept} and "
    + _PUBLISHED
    + " order by t.date_utc desc, t.event_id desc"
)
NEWEST_CASE_IDS_SQL = {view: _NEWEST_CASE_IDS.format(kept=KEPT[view]) for view in VIEWS}
# Those cases, with `fetch_case`'s columns, in the order given (a JSON array of case ids).
_CASES_BY_ID = (
    "select c.id as case_id, c.court_id as court, c.docket_number, c.case_name, "
    "c.immigration, coalesce(nullif(co.short_name, ''), co.name, c.court_id) as court_name "
    "from json_each(:ids) j cross join cases c on c.id = j.value{case_filter} "
    "left join courts co on co.id = c.court_id order by j.key"
)
CASES_BY_ID_SQL = {
    "immigration_sealing_events": _CASES_BY_ID.format(case_filter=" and c.immigration = 1"),
    "all_sealing_events": _CASES_BY_ID.format(case_filter=""),
}


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
    reason: str | None = None,
    outcome: str | None = None,
    event_type: str | None = None,
    judges: list[str] | tuple[str, ...] | None = None,
    view: str = DEFAULT_VIEW,
    limit: int = DEFAULT_LIMIT,
) -> tuple[str, dict[str, Any]]:
    """The SQL and parameters that fetch the events of one feed, newest first.

    `kind` is `all`, `court` (needs `court`), `case` (needs `court` and `docket_number`),
    `reason`, `outcome`, `type` (needs `event_type`) or `judge` (needs `judges`: the names
    as stored that share the judge's slug). Values are not checked against the vocabularies
    here (the callers do); an unknown one simply finds no events.
    """
    statements = _EVENT_SQL[check_view(view)]
    if kind not in statements:
        raise ValueError(f"unknown feed kind {kind!r}")
    given = {
        "court": court,
        "docket_number": docket_number,
        "reason": reason,
        "outcome": outcome,
        "event_type": event_type,
        "judges": json.dumps(list(judges)) if judges else None,
    }
    params: dict[str, Any] = {"limit": int(limit)}
    for name in FEED_PARAMS.get(kind, ()):
        if not given[name]:
            raise ValueError(f"a {kind} feed needs {name}")
        params[name] = given[name]
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
    conn: sqlite3.Connection, *, view: str = DEFAULT_VIEW, limit: int = -1
) -> list[tuple[str, str]]:
    """(court, docket_number) of the cases that have at least one event in `view`, by court
    and docket number; the first `limit` of them (all when negative)."""
    rows = conn.execute(CASES_WITH_EVENTS_SQL[check_view(view)], {"limit": int(limit)})
    return [(row[0], row[1]) for row in rows]


def recent_cases(conn: sqlite3.Connection, *, view: str = DEFAULT_VIEW, limit: int) -> list[dict]:
    """The `limit` cases with the latest sealing activity in `view`, newest first: each
    `fetch_case`'s dict plus `latest` (its newest event's `date_utc`). The events are read
    newest first and the reading stops at the `limit`-th case, so the cost follows `limit`,
    not the store (with the immigration view; the all-cases view sorts its events first)."""
    latest: dict[str, str] = {}
    cursor = conn.execute(NEWEST_CASE_IDS_SQL[check_view(view)])
    try:
        for case_id, date_utc in cursor:
            if len(latest) >= limit:
                break
            latest.setdefault(case_id, date_utc)
    finally:
        cursor.close()
    rows = _rows(conn, CASES_BY_ID_SQL[view], {"ids": json.dumps(list(latest))})
    return [{**row, "latest": latest[row["case_id"]]} for row in rows]


def fetch_new_cases(
    conn: sqlite3.Connection, *, view: str = DEFAULT_VIEW, limit: int = DEFAULT_LIMIT
) -> list[dict]:
    """The first sealing event of each of the `limit` cases whose first sealing activity is
    the most recent, newest first: one row per case (the lowest event id at a tie)."""
    rows = _rows(conn, NEW_CASES_SQL[check_view(view)], {"limit": int(limit)})
    seen: set[str] = set()
    first = []
    for row in rows:
        if row["case_id"] not in seen:
            seen.add(row["case_id"])
            first.append(row)
    return first


# Events per court, outcome, event type and judge, each a range scan of one covering index of
# `readers_events` (migration 0024: `(immigration, <column>, ..., event_type)`); reasons through
# `event_reasons` (one row per event and code, as the views' `reason_codes`); the cases.
_COUNTS = (
    "select t.{column}, count(*) from readers_events t where {kept} and "
    + _PUBLISHED
    + (" group by t.{column}")
)
COUNT_COLUMNS = {"court": "court", "outcome": "outcome", "type": "event_type", "judge": "judge"}
GROUP_COUNTS_SQL = {
    view: {
        group: _COUNTS.format(column=column, kept=KEPT[view])
        for group, column in COUNT_COLUMNS.items()
    }
    for view in VIEWS
}
_REASON_COUNTS = (
    "select r.reason, count(*) as n from event_reasons r "
    "join readers_events t on t.event_id = r.event_id where {kept} and "
    + _PUBLISHED
    + " group by r.reason"
)
REASON_COUNTS_SQL = {view: _REASON_COUNTS.format(kept=KEPT[view]) for view in VIEWS}
COUNT_GROUPS = ("court", "reason", "outcome", "type", "judge", "changes")
# Changes after filing per court (`after_the_fact_changes`, `feeds.changes_feed`).
CHANGES_KEPT = {
    "immigration_sealing_events": "v.immigration = 1",
    "all_sealing_events": "1",
}
CHANGE_COUNTS_SQL = {
    view: f"select v.court, count(*) from after_the_fact_changes v where {kept} group by v.court"
    for view, kept in CHANGES_KEPT.items()
}

# Cases counted as groups in the order of `readers_events_by_case` (no temporary B-tree):
# a case's court and docket number are read through its case_id, so there is one group per
# case_id, as `count(distinct case_id)` over the view counted.
_CASE_COUNT = (
    "select count(*) from (select 1 from readers_events t where {kept} and "
    + _PUBLISHED
    + " group by t.court, t.docket_number, t.case_id)"
)
CASE_COUNT_SQL = {view: _CASE_COUNT.format(kept=KEPT[view]) for view in VIEWS}


def feed_counts(
    conn: sqlite3.Connection, *, view: str = DEFAULT_VIEW, only: tuple[str, ...] | None = None
) -> dict[str, Any]:
    """Events per feed value: {"court": {court: n}, "reason": {code: n}, "outcome": {...},
    "type": {event_type: n}, "judge": {name as stored: n}, "changes": {court: changes after
    filing}} (judges without a name left out),
    and "cases": the number of cases with events. Values with no events are absent; the
    caller fills in the vocabularies. `only`: count just these groups (the others come back
    empty, "cases" None), for a caller that needs which courts and judges have events but
    not how many (the OPML)."""
    wanted = set(COUNT_GROUPS if only is None else only)
    counts: dict[str, Any] = {group: {} for group in COUNT_GROUPS}
    for group, sql in GROUP_COUNTS_SQL[check_view(view)].items():
        if group not in wanted:
            continue
        for value, n in conn.execute(sql):
            if value and (group != "judge" or value.strip()):
                counts[group][value] = n
    if "changes" in wanted:
        for court, n in conn.execute(CHANGE_COUNTS_SQL[view]):
            if court:
                counts["changes"][court] = n
    if "reason" in wanted:
        for reason, n in conn.execute(REASON_COUNTS_SQL[view]):
            if reason:
                counts["reason"][reason] = n
    counts["cases"] = conn.execute(CASE_COUNT_SQL[view]).fetchone()[0] if only is None else None
    return counts


# The courts the store has seen (every court a case was stored for), with their circuit.
STORE_COURTS_SQL = """
select id as court, coalesce(nullif(short_name, ''), name, id) as court_name,
  coalesce(circuit, '') as circuit
from courts order by id
"""


def store_courts(conn: sqlite3.Connection) -> list[dict]:
    """Every court in the store's `courts` table: `court`, `court_name`, `circuit`."""
    return _rows(conn, STORE_COURTS_SQL, {})


_JUDGES = (
    "select distinct v.judge from {view} v "
    "where v.event_type != 'not_sealing' and v.judge is not null and v.judge != ''"
)
JUDGES_SQL = {view: _JUDGES.format(view=view) for view in VIEWS}


def judge_names(conn: sqlite3.Connection, slug: str, *, view: str = DEFAULT_VIEW) -> list[str]:
    """The judge names as stored (sorted) whose `monitor.judges.judge_slug` is `slug` and that
    have events in `view`; [] when none does (an unknown judge)."""
    names = (row[0] for row in conn.execute(JUDGES_SQL[check_view(view)]))
    return sorted(name for name in names if judge_slug(name) == slug)
