"""Full-text search (FTS5, kept by triggers) on docket text, event summaries and movants,
document titles and texts, and case names and numbers."""

from __future__ import annotations

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    db["docket_entries"].enable_fts(["text", "short_description"], create_triggers=True)
    db["sealing_events"].enable_fts(["summary", "movant_text"], create_triggers=True)
    db["documents"].enable_fts(["title", "text"], create_triggers=True)
    db["cases"].enable_fts(["case_name", "docket_number"], create_triggers=True)
