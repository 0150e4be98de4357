"""Redact what is already stored with the current patterns: the A-number and date of birth
forms added with this migration (dots, PDF dashes, `A-#`, ordinal dates) and document
titles, which were stored unredacted before. FTS triggers follow the updates."""

from __future__ import annotations

import sqlite_utils

# Columns holding text from sources (or read from it): what `monitor.redact` is applied to.
SOURCE_TEXT_COLUMNS = {
    "cases": ["case_name"],
    "case_parties": ["name"],
    "docket_entries": ["text", "short_description"],
    "entry_revisions": ["old_value", "new_value"],
    "documents": ["title", "text"],
    "sealing_events": ["movant_text", "documents_sealed", "summary"],
    "event_reasons": ["evidence"],
    "crawl_runs": ["detail"],
}


def apply(db: sqlite_utils.Database) -> None:
    from monitor.redact import redact

    db.conn.create_function("sealtrail_redact", 1, redact, deterministic=True)
    for table, columns in SOURCE_TEXT_COLUMNS.items():
        if not db[table].exists():
            continue
        for column in columns:
            # `or replace`: a party whose redacted name equals a stored one merges with it.
            db.execute(
                f"update or replace [{table}] set [{column}] = sealtrail_redact([{column}]) "
                f"where [{column}] is not null and sealtrail_redact([{column}]) != [{column}]"
            )
