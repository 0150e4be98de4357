"""Indexes that keep pages and feeds flat as the store grows (benchmarks/scale.py):
a case looked up by court and docket number (case feeds, the feeds page, which looks up
a thousand cases), a court's immigration cases (court feeds, the events views filtered
to one court), the orders that rule on a motion (pending_motions_to_seal asked
event_links for every motion by scanning it), and sealing_events newest first (its
table page's default sort)."""

from __future__ import annotations

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    db["cases"].create_index(["court_id", "docket_number", "immigration"], if_not_exists=True)
    db["cases"].create_index(["court_id", "immigration"], if_not_exists=True)
    db["event_links"].create_index(["to_event", "relation"], if_not_exists=True)
    db["sealing_events"].create_index(["first_seen"], if_not_exists=True)
