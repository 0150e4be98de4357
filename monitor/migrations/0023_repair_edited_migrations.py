"""Bring stores made by versions whose migrations were later edited up to the migrations as
they now read (found by `tests/test_migration_upgrades.py`, which upgrades the store of every
earlier version):

- a store made while 0013 was new has no `crawl_runs.newest_item` (added to 0013 afterwards)
  and indexes `crawl_runs(court, status, started)` where 0013 now indexes
  `(source, court, status, started)`;
- a store made while 0014 – 0016 were the newest has no `sealing_events(first_seen)` index
  (added to 0016 afterwards): the table page's default sort scanned every event.

Each step does nothing on a store that already has what it adds.
"""

from __future__ import annotations

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    runs = db["crawl_runs"]
    if "newest_item" not in runs.columns_dict:
        runs.add_column("newest_item", str)
    db.execute("drop index if exists idx_crawl_runs_court_status_started")
    runs.create_index(["source", "court", "status", "started"], if_not_exists=True)
    db["sealing_events"].create_index(["first_seen"], if_not_exists=True)
