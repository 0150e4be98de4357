"""Crawl health: the last success per source and court, and what looks wrong.

One SQL query (`health_sql`) reads `crawl_runs` through its (source, court, ...) indexes, and
one Python function (`health_flags`, registered on the connection as the SQL function
`sealtrail_health_flags`) decides the flags, so `sealtrail status`, the Datasette canned query
`crawl_health` and the operator feed always agree. Flags (`HEALTH_FLAGS`):

- `never_succeeded`    no run of this source and court has ever stored anything;
- `no_recent_success`  the last `ok`/`partial` run is older than the source's polling allows
                       (its `stale_after` in `monitor.sources`: PACER RSS, polled every 30
                       minutes, 2 hours; nightly sources 36; a source no module declares 36);
- `repeated_errors`    the last `REPEATED_ERRORS` runs or more all failed;
- `zero_items`         sources that list a window (`lists_window`: PACER RSS): the last run
                       that read the feed found no items at all (a court's RSS window is
                       about a day, so an empty one usually means a broken feed; the APIs
                       are asked what is new, and may have nothing);
- `no_new_items`       the same sources: the newest item is more than `QUIET_HOURS` old, counted
                       in weekday working hours (Mon-Fri, 07:00-19:00 in the operator's time
                       zone), so nights and weekends, when courts file little, do not count.

Re-read runs (`<source>_recheck`, `sealtrail recheck`) are left out: they read only the
courts of the cases due that night, so a court's last one is often days old by design; their
health is the section of `monitor.recheck_status`.

Runs that found the source unchanged (304, or the same bytes) read nothing, so `zero_items`
looks at the last run that did read it and the newest item comes from the last run that saw
items. The time zone is `SEALTRAIL_TIMEZONE` (default America/New_York).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from monitor import sources

# Each flag in the order reported, with the words feeds and pages use for it.
FLAG_TEXT = {
    "never_succeeded": "has never been crawled successfully",
    "no_recent_success": "has not been crawled successfully recently",
    "repeated_errors": "failed on several runs in a row",
    "zero_items": "listed no items on its last read",
    "no_new_items": "has listed nothing new for over two working hours",
}
HEALTH_FLAGS = tuple(FLAG_TEXT)
REPEATED_ERRORS = 3
QUIET_HOURS = 2.0
WORKDAY = (7, 19)  # local hours counted by `working_hours_between`
DEFAULT_TIMEZONE = "America/New_York"
# How old the last success of a source no module declares may be (old rows).
DEFAULT_SUCCESS_AGE = timedelta(hours=36)
SUCCESS = ("ok", "partial")
SQL_FUNCTION = "sealtrail_health_flags"
SQL_NOW = "strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')"

_HEALTH_SQL = """
with pairs as (
  select source, court from crawl_runs where substr(source, -8) != '_recheck'
  group by source, court
),
latest as materialized (
  select
    p.source,
    p.court,
    (select id from crawl_runs r where r.source = p.source and r.court = p.court
       order by r.started desc, r.id desc limit 1) as last_id,
    (select max(started) from crawl_runs r where r.source = p.source and r.court = p.court
       and r.status in ('ok', 'partial')) as last_success,
    (select items from crawl_runs r where r.source = p.source and r.court = p.court
       and r.status in ('ok', 'partial') and not coalesce(r.unchanged, 0)
       order by r.started desc, r.id desc limit 1) as last_items,
    (select newest_item from crawl_runs r where r.source = p.source and r.court = p.court
       and r.newest_item is not null order by r.started desc, r.id desc limit 1) as newest_item
  from pairs p
),
summary as (
  select
    l.source,
    l.court,
    r.started as last_run,
    r.status as last_status,
    r.unchanged as last_unchanged,
    l.last_success,
    (select count(*) from crawl_runs f where f.source = l.source and f.court = l.court
       and f.started > coalesce(l.last_success, '')
       and f.status not in ('ok', 'partial')) as failures_since_success,
    l.last_items,
    l.newest_item,
    r.errors as last_errors,
    r.http_status as last_http_status,
    r.id as last_run_id
  from latest l join crawl_runs r on r.id = l.last_id
)
select
  source,
  court,
  last_run,
  last_status,
  last_success,
  failures_since_success,
  last_items,
  newest_item,
  {function}(source, last_success, failures_since_success, last_items, newest_item, {now})
    as flags,
  last_errors,
  last_http_status,
  last_run_id
from summary
order by flags = '', source, court
"""


def health_sql(now: str = ":now") -> str:
    """The health query; `now` is an SQL expression for the current time (a parameter for
    `sealtrail status`, `SQL_NOW` for the Datasette canned query)."""
    return _HEALTH_SQL.format(function=SQL_FUNCTION, now=now).strip()


def operator_timezone(name: str | None = None) -> ZoneInfo:
    """The operator's zone: `name`, else SEALTRAIL_TIMEZONE, else America/New_York."""
    name = name or os.environ.get("SEALTRAIL_TIMEZONE") or DEFAULT_TIMEZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown time zone {name!r}") from error


def parse_time(value: object) -> datetime | None:
    """An ISO time from the store as an aware UTC datetime; a bare date is midnight UTC."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def working_hours_between(
    start: datetime, end: datetime, tz: ZoneInfo, workday: tuple[int, int] = WORKDAY
) -> float:
    """Hours between `start` and `end` that fall on Mon-Fri within `workday` local hours.

    Counting stops after three weeks: anything that old is stale whatever the calendar."""
    if end <= start:
        return 0.0
    start_local, end_local = start.astimezone(tz), end.astimezone(tz)
    total = 0.0
    day = start_local.date()
    last = min(end_local.date(), day + timedelta(days=21))
    while day <= last:
        if day.weekday() < 5:
            opens = datetime(day.year, day.month, day.day, workday[0], tzinfo=tz)
            closes = datetime(day.year, day.month, day.day, workday[1], tzinfo=tz)
            overlap = min(closes, end_local) - max(opens, start_local)
            total += max(0.0, overlap.total_seconds() / 3600)
        day += timedelta(days=1)
    return total


def health_flags(
    source: str,
    last_success: str | None,
    failures_since_success: int,
    last_items: int | None,
    newest_item: str | None,
    now: str | datetime,
    tz: ZoneInfo | None = None,
) -> list[str]:
    """The flags (in `HEALTH_FLAGS` order) for one source and court."""
    now_dt = now if isinstance(now, datetime) else parse_time(now)
    now_dt = now_dt or datetime.now(UTC)
    tz = tz or operator_timezone()
    flags = []
    declared = sources.find(source)
    max_age = declared.stale_after if declared else DEFAULT_SUCCESS_AGE
    lists_window = bool(declared and declared.lists_window)
    success = parse_time(last_success)
    if success is None:
        flags.append("never_succeeded")
    elif now_dt - success > max_age:
        flags.append("no_recent_success")
    if (failures_since_success or 0) >= REPEATED_ERRORS:
        flags.append("repeated_errors")
    if success is not None and last_items == 0 and lists_window:
        flags.append("zero_items")
    newest = parse_time(newest_item)
    if lists_window and newest is not None and last_items:
        if working_hours_between(newest, now_dt, tz) > QUIET_HOURS:
            flags.append("no_new_items")
    return flags


def register(conn: sqlite3.Connection, tz: ZoneInfo | None = None) -> None:
    """Make `sealtrail_health_flags(...)` callable in SQL on `conn` (space-separated flags)."""
    zone = tz or operator_timezone()

    def sql_flags(source, last_success, failures, last_items, newest_item, now) -> str:
        return " ".join(
            health_flags(source, last_success, failures, last_items, newest_item, now, zone)
        )

    conn.create_function(SQL_FUNCTION, 6, sql_flags, deterministic=True)


def court_health(
    conn: sqlite3.Connection, now: datetime | None = None, tz: ZoneInfo | None = None
) -> list[dict[str, Any]]:
    """One dict per source and court (flagged first); `flags` is a list."""
    register(conn, tz)
    moment = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0).isoformat()
    cursor = conn.execute(health_sql(), {"now": moment})
    columns = [c[0] for c in cursor.description]
    found = []
    for row in cursor.fetchall():
        record = dict(zip(columns, row, strict=True))
        record["flags"] = record["flags"].split() if record["flags"] else []
        found.append(record)
    return found


def flagged(findings: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f for f in findings if f["flags"]]
