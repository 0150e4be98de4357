"""Sealing-event rows: the record of one conclusion, when it changed, removal, links.

Below `store`, `orders`, `identity` and `reclassify`, which all write events
(docs/internals.md, "Layers and allowed imports"). Quirks handled:
- a record is cleaned as it will be stored (`monitor.sanitize`), so that it compares equal
  to the stored row when nothing changed;
- `event_change` is the one rule for an event read again: nothing written when nothing
  differs, `updated` left alone when only bookkeeping columns differ (no feed shows them);
- links are rebuilt from the events' `target_entries`, ignoring links already there.
"""

from __future__ import annotations

import json

import sqlite_utils

from monitor.classify import CLASSIFIER_VERSION
from monitor.sanitize import clean_row

ORDER_TYPES = ("sealing_order", "unsealing_order")
EVENT_FIELDS = (
    "event_type",
    "outcome",
    "movant_role",
    "movant_text",
    "target_entries",
    "summary",
    "rule_id",
    "judge",
    "judge_role",
)


def event_record(result, *, entry_id: str, case_id: str, date: str | None) -> dict:
    """The stored conclusion of one classification (everything but timestamps), cleaned as
    it will be stored so that it compares equal to the stored row when nothing changed."""
    record = {
        "id": entry_id,
        "case_id": case_id,
        "entry_id": entry_id,
        "event_type": result.event_type,
        "outcome": result.outcome,
        "movant_role": result.movant_role,
        "movant_text": result.movant_text or None,
        "target_entries": json.dumps(list(result.refs)),
        "documents_sealed": "[]",
        "decided_on": (date or "")[:10] or None if result.event_type in ORDER_TYPES else None,
        "summary": result.summary or None,
        "rule_id": result.rule_id,
        "judge": result.judge or None,
        "judge_role": (result.judge_role or None) if result.judge else None,
        "classifier_version": CLASSIFIER_VERSION,
    }
    return clean_row("sealing_events", record)


#: Columns no feed shows (how an event was read; the judge's office, new in schema 0021 and
#: empty on older rows): a change in them alone is written without moving `updated`, so a
#: feed does not re-announce an unchanged entry.
BOOKKEEPING_FIELDS = frozenset({"classifier_version", "rule_id", "judge_role"})


def event_change(existing: dict, record: dict, now: str, fields=None) -> dict | None:
    """The update to write when an event is read again (`fields` compared, default all of
    `record`), or None when nothing differs. `updated` moves to `now` only when something a
    reader sees changed (the feeds publish it as the entry's `updated`)."""
    differing = {k for k in (fields or record) if existing.get(k) != record.get(k)}
    if not differing:
        return None
    if differing - BOOKKEEPING_FIELDS:
        return {**record, "updated": now}
    return dict(record)


def remove_event(db: sqlite_utils.Database, event_id: str) -> None:
    """Delete an event with its reasons, authorities and links (the entry itself stays)."""
    for sql in (
        "delete from event_links where from_event = ? or to_event = ?",
        "delete from event_reasons where event_id = ?",
        "delete from event_authorities where event_id = ?",
        "delete from sealing_events where id = ?",
    ):
        db.conn.execute(sql, [event_id] * sql.count("?"))


def link_case_events(db: sqlite_utils.Database, case_id: str) -> int:
    """Link each order (and redacted version) in a case to the entries it names; returns links."""
    rows = db["sealing_events"].rows_where("case_id = ?", [case_id])
    events = {row["entry_id"]: row for row in rows}
    numbers = {
        row["entry_number"]: row["id"]
        for row in db.query(
            "select id, entry_number from docket_entries where case_id = ? "
            "and entry_number is not null",
            [case_id],
        )
    }
    links = []
    for event in events.values():
        relation = _relation(event["event_type"])
        if not relation:
            continue
        for ref in json.loads(event["target_entries"] or "[]"):
            target_entry = numbers.get(ref)
            if target_entry and target_entry in events and target_entry != event["id"]:
                links.append(
                    {"from_event": event["id"], "to_event": target_entry, "relation": relation}
                )
    if links:
        db["event_links"].insert_all(links, pk=("from_event", "to_event", "relation"), ignore=True)
    return len(links)


def _relation(event_type: str) -> str | None:
    return {
        "sealing_order": "rules_on",
        "unsealing_order": "rules_on",
        "redaction": "redacted_version_of",
        "sealed_filing": "filed_under",
    }.get(event_type)
