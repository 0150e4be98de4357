"""The first indexes: cases by court and immigration, entries by case and date, events by
case, type and outcome, revisions by entry, crawl runs by source, court and start."""

from __future__ import annotations

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    db["cases"].create_index(["court_id"])
    db["cases"].create_index(["immigration"])
    db["docket_entries"].create_index(["case_id", "entry_number"])
    db["docket_entries"].create_index(["date_filed"])
    db["sealing_events"].create_index(["case_id"])
    db["sealing_events"].create_index(["event_type"])
    db["sealing_events"].create_index(["outcome"])
    db["entry_revisions"].create_index(["entry_id"])
    db["crawl_runs"].create_index(["source", "court", "started"])
