"""Health columns of `crawl_runs` an operator can facet and sort on: HTTP status counts
(JSON object, e.g. `{"200": 1, "503": 2}`), duration in seconds, and whether the source
answered "unchanged" (a 304 or the same bytes as last time) so nothing was reprocessed,
and the time of the newest item the source listed.
Older rows get theirs from `detail` and the start and finish times."""

from __future__ import annotations

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    table = db["crawl_runs"]
    table.add_column("http_status", str)
    table.add_column("duration_s", float)
    table.add_column("unchanged", int)
    table.add_column("newest_item", str)
    db.execute(
        "update crawl_runs set http_status = json_extract(detail, '$.http_status') "
        "where json_valid(detail) and json_extract(detail, '$.http_status') is not null"
    )
    db.execute(
        "update crawl_runs set duration_s = round((julianday(finished) - julianday(started)) "
        "* 86400.0, 3) where started is not null and finished is not null"
    )
    db.execute("update crawl_runs set unchanged = 0")
    # monitor.health finds each court's last success and failures since with index seeks.
    table.create_index(["source", "court", "status", "started"], if_not_exists=True)
