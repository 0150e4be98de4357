"""Which cases to re-read for sealing after the fact, in what order, and what is overdue.

A case is re-read when it has sealing activity (any event but `not_sealing`) or is on the
watch list (`monitor.watch`), from each source that shows a whole docket or package:
CourtListener (any such case: its docket is looked up by court and number when the store
lacks its CourtListener id) and GovInfo (cases with a GovInfo package). Quirks handled:
- a case is due when it was never re-read from that source, or not in `every_days`; a
  `failed` read does not count as a re-read (the case stays due and is tried again);
- the newest activity goes first (the latest of its entries' filing dates, its events' first
  sight and `last_seen`), watched cases before others on a tie, so a spent API budget leaves
  the oldest, quietest cases for the next night;
- `status_counts` says what the budget or a missing token left unread: cases never re-read
  and cases not re-read in `stale_days`, per source.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlite_utils

#: The sources that show a whole docket or package, and which cases each can re-read.
RECHECK_SOURCES = {
    "courtlistener": "1",
    "govinfo": "c.govinfo_package is not null",
}
#: Days between two re-reads of the same case from the same source.
EVERY_DAYS = 7
#: `status` flags cases not re-read in this many days.
STALE_DAYS = 14

_WANTED = (
    "(c.id in (select case_id from watch_list) or exists (select 1 from sealing_events e "
    "where e.case_id = c.id and e.event_type != 'not_sealing'))"
)
_LAST_GOOD = (
    "(select max(r.finished) from rechecks r where r.case_id = c.id and r.source = :source "
    "and r.status != 'failed')"
)


#: The stored cases and the watched cases the store does not know yet (CourtListener can look
#: them up by court and number; they have no GovInfo package).
_CASES = (
    "select id, court_id, docket_number, case_name, courtlistener_id, govinfo_package, "
    "last_seen from cases union all select case_id, court_id, docket_number, null, null, "
    "null, added from watch_list where case_id not in (select id from cases)"
)


def _cutoff(now: str | None, days: int) -> str:
    moment = datetime.fromisoformat(now) if now else datetime.now(UTC)
    return (moment - timedelta(days=days)).isoformat()


def cases_due(
    db: sqlite_utils.Database,
    source: str,
    *,
    now: str | None = None,
    every_days: int = EVERY_DAYS,
    limit: int = 25,
    courts: list[str] | None = None,
    case_ids: list[str] | None = None,
) -> list[dict]:
    """Cases to re-read from `source` now, newest activity first (see the module docstring).
    `case_ids` re-reads those cases whatever their schedule (`sealtrail recheck --case`)."""
    if source not in RECHECK_SOURCES:
        raise ValueError(f"{source!r} cannot be re-read (only {', '.join(RECHECK_SOURCES)})")
    params: dict = {"source": source, "cutoff": _cutoff(now, every_days), "limit": int(limit)}
    where = [RECHECK_SOURCES[source]]
    if case_ids:
        names = [f":case{i}" for i in range(len(case_ids))]
        where.append(f"c.id in ({', '.join(names)})")
        params.update({n[1:]: case_id for n, case_id in zip(names, case_ids, strict=True)})
    else:
        where += [_WANTED, f"coalesce({_LAST_GOOD}, '') < :cutoff"]
    if courts:
        names = [f":court{i}" for i in range(len(courts))]
        where.append(f"c.court_id in ({', '.join(names)})")
        params.update({n[1:]: court for n, court in zip(names, courts, strict=True)})
    sql = (
        f"with c as ({_CASES}) "
        "select c.id as case_id, c.court_id as court, c.docket_number, c.case_name, "
        "c.courtlistener_id, c.govinfo_package, "
        "(c.id in (select case_id from watch_list)) as watched, "
        f"{_LAST_GOOD} as last_recheck, "
        "max(coalesce((select max(d.date_filed) from docket_entries d "
        "where d.case_id = c.id), ''), "
        "coalesce((select max(e.first_seen) from sealing_events e where e.case_id = c.id), ''), "
        "coalesce(c.last_seen, '')) as activity "
        f"from c where {' and '.join(where)} "
        "order by activity desc, watched desc, c.id limit :limit"
    )
    return [dict(row) for row in db.query(sql, params)]


def status_counts(
    db: sqlite_utils.Database, *, now: str | None = None, stale_days: int = STALE_DAYS
) -> list[dict]:
    """Per source: cases it should re-read, never re-read, not re-read in `stale_days`, the
    last re-read and why the last run read nothing (from its `crawl_runs` row), if it did."""
    rows = []
    cutoff = _cutoff(now, stale_days)
    for source, can_read in RECHECK_SOURCES.items():
        sql = (
            f"select count(*) as wanted, sum({_LAST_GOOD} is null) as never, "
            f"sum({_LAST_GOOD} < :cutoff) as stale, max({_LAST_GOOD}) as last_recheck "
            f"from ({_CASES}) c where {can_read} and {_WANTED}"
        )
        row = dict(next(iter(db.query(sql, {"source": source, "cutoff": cutoff}))))
        last_run = next(
            iter(
                db.query(
                    "select started, status, detail from crawl_runs where source = ? "
                    "order by started desc limit 1",
                    [f"{source}_recheck"],
                )
            ),
            None,
        )
        rows.append(
            {
                "source": source,
                "wanted": row["wanted"] or 0,
                "never_rechecked": row["never"] or 0,
                "not_rechecked_in_days": row["stale"] or 0,
                "stale_days": stale_days,
                "last_recheck": row["last_recheck"],
                "last_run": last_run["started"] if last_run else None,
                "last_run_status": last_run["status"] if last_run else None,
                "last_run_detail": last_run["detail"] if last_run else None,
            }
        )
    return rows
