"""`crawl_runs`: one row per source, court and run, so operators can see what each poll did."""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from monitor.sanitize import clean_value
from monitor.transactions import write_transaction

RUN_STATUSES = ("ok", "partial", "error", "not_rss", "missing", "blocked")


def record_run(
    db: sqlite_utils.Database,
    *,
    source: str,
    court: str,
    started: str,
    finished: str,
    status: str,
    requests: int = 0,
    items: int = 0,
    new_events: int = 0,
    errors: int = 0,
    http_status: dict[str | int, int] | None = None,
    duration_s: float | None = None,
    unchanged: bool = False,
    newest_item: str | None = None,
    detail: Any = None,
) -> int:
    """Append a run row and return its id. `detail` (dict or str) is stored as JSON text,
    redacted and capped (`monitor.sanitize`) since `crawl_runs` is published too.
    `http_status` counts responses by status (`{"200": 1}`); `duration_s` is None when the
    run never began; when not given it is taken from the start and finish times.
    `newest_item` is the time of the newest item the source listed (for the stale-feed check
    in `monitor.health`)."""
    if status not in RUN_STATUSES:
        raise ValueError(f"unknown run status {status!r}; expected one of {RUN_STATUSES}")
    if detail is not None and not isinstance(detail, str):
        detail = json.dumps(detail, sort_keys=True, default=str)
    # Skip reasons and error messages quote source titles, which can carry identifiers: every
    # string in it is redacted (read as JSON, so escaped dashes are seen) and capped.
    detail = clean_value("crawl_runs", "detail", detail)
    table = db["crawl_runs"]
    with write_transaction(db):
        table.insert(
            {
                "source": source,
                "court": court,
                "started": started,
                "finished": finished,
                "status": status,
                "requests": requests,
                "items": items,
                "new_events": new_events,
                "errors": errors,
                "http_status": json.dumps(
                    {str(k): v for k, v in sorted((http_status or {}).items(), key=str)},
                    sort_keys=True,
                ),
                "duration_s": duration_s if duration_s is not None else _seconds(started, finished),
                "unchanged": int(bool(unchanged)),
                "newest_item": newest_item,
                "detail": detail,
            }
        )
    return table.last_pk


def _seconds(started: str, finished: str) -> float | None:
    from datetime import datetime

    try:
        return (datetime.fromisoformat(finished) - datetime.fromisoformat(started)).total_seconds()
    except (TypeError, ValueError):
        return None


def last_runs(db: sqlite_utils.Database, source: str | None = None) -> list[dict]:
    """The newest run per (source, court)."""
    where = "where source = :source" if source else ""
    sql = f"""
        select * from crawl_runs where id in (
          select max(id) from crawl_runs {where} group by source, court
        ) order by source, court
    """
    return list(db.query(sql, {"source": source} if source else {}))
