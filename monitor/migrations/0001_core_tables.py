"""The core tables, each with a natural key so that writes are idempotent upserts."""

from __future__ import annotations

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    db["courts"].create(
        {"id": str, "name": str, "short_name": str, "circuit": str, "kind": str},
        pk="id",
    )
    db["cases"].create(
        {
            "id": str,  # "{court}:{docket_number}"
            "court_id": str,
            "docket_number": str,
            "case_name": str,
            "pacer_case_id": str,
            "nature_of_suit": str,
            "nos_code": str,
            "immigration": int,
            "immigration_basis": str,
            "first_seen": str,
            "last_seen": str,
            "docket_url": str,
        },
        pk="id",
        foreign_keys=[("court_id", "courts", "id")],
    )
    db["docket_entries"].create(
        {
            "id": str,  # "{case_id}:{entry_number}" or "{case_id}:u{hash}" when unnumbered
            "case_id": str,
            "entry_number": int,
            "date_filed": str,
            "text": str,
            "short_description": str,
            "source": str,
            "source_url": str,
            "document_url": str,
            "guid": str,
            "first_seen": str,
            "last_seen": str,
        },
        pk="id",
        foreign_keys=[("case_id", "cases", "id")],
    )
    db["entry_revisions"].create(
        {
            "id": int,
            "entry_id": str,
            "seen": str,
            "field": str,
            "old_value": str,
            "new_value": str,
        },
        pk="id",
    )
    db["documents"].create(
        {
            "id": str,
            "case_id": str,
            "entry_id": str,
            "kind": str,
            "title": str,
            "date": str,
            "judge": str,
            "text": str,
            "sha256": str,
            "source": str,
            "source_url": str,
        },
        pk="id",
    )
    db["sealing_events"].create(
        {
            "id": str,  # the docket entry id it was read from
            "case_id": str,
            "entry_id": str,
            "document_id": str,
            "event_type": str,
            "outcome": str,
            "movant_role": str,
            "movant_text": str,
            "target_entries": str,  # JSON list of entry numbers
            "documents_sealed": str,  # JSON list of strings
            "standard": str,
            "local_rule": str,
            "judge": str,
            "decided_on": str,
            "reasons_stated": int,
            "summary": str,
            "rule_id": str,
            "classifier_version": str,
            "first_seen": str,
            "updated": str,
        },
        pk="id",
        foreign_keys=[("case_id", "cases", "id"), ("entry_id", "docket_entries", "id")],
    )
    db["event_reasons"].create(
        {"event_id": str, "reason": str, "evidence": str}, pk=("event_id", "reason")
    )
    db["event_authorities"].create(
        {"event_id": str, "citation": str, "name": str}, pk=("event_id", "citation")
    )
    db["event_links"].create(
        {"from_event": str, "to_event": str, "relation": str},
        pk=("from_event", "to_event", "relation"),
    )
    db["crawl_runs"].create(
        {
            "id": int,
            "source": str,
            "court": str,
            "started": str,
            "finished": str,
            "status": str,
            "requests": int,
            "items": int,
            "new_events": int,
            "errors": int,
            "detail": str,
        },
        pk="id",
    )
