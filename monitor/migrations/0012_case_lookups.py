"""Docket lookups that found nothing (`monitor.enrich.record_lookup`), so a case a source
does not have is not asked for again on every run."""

from __future__ import annotations

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    db["case_lookups"].create(
        {"case_id": str, "source": str, "looked_up": str, "found": int},
        pk=("case_id", "source"),
    )
