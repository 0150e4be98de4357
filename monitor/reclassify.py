"""Rebuild every stored conclusion from the stored raw text, without a re-crawl."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlite_utils

from monitor.classify import classify
from monitor.store import (
    EVENT_FIELDS,
    event_record,
    insert_row,
    link_case_events,
    remove_event,
    update_row,
)
from monitor.transactions import write_transaction


def reclassify_all(db: sqlite_utils.Database, now: str | None = None) -> dict:
    """Classify every docket entry and analyse every stored order again.

    Changed conclusions get a new `updated` time.

    Events whose entry no longer reads as sealing are removed with their links, so the store
    always says what the current classifier says about the stored text.
    """
    now = now or datetime.now(UTC).isoformat(timespec="seconds")
    counts = {"entries": 0, "events": 0, "new": 0, "changed": 0, "removed": 0, "orders": 0}
    rows = db.query(
        "select d.id, d.case_id, d.text, d.short_description, d.date_filed, c.case_name "
        "from docket_entries d join cases c on c.id = d.case_id"
    )
    with write_transaction(db):
        for row in list(rows):
            counts["entries"] += 1
            result = classify(
                row["text"] or "", row["short_description"] or "", row["case_name"] or ""
            )
            existing = list(db["sealing_events"].rows_where("id = ?", [row["id"]]))
            if existing and existing[0].get("document_id"):
                continue  # read from the order's text: rebuilt from the document below
            if not result.is_sealing:
                if existing:
                    remove_event(db, row["id"])
                    counts["removed"] += 1
                continue
            counts["events"] += 1
            record = event_record(
                result, entry_id=row["id"], case_id=row["case_id"], date=row["date_filed"]
            )
            if not existing:
                insert_row(db, "sealing_events", {**record, "first_seen": now, "updated": now})
                counts["new"] += 1
            elif _differs(existing[0], record):
                update_row(db, "sealing_events", row["id"], {**record, "updated": now})
                counts["changed"] += 1
        counts["orders"] = _reread_orders(db, now)
        db.execute("delete from event_links")
        for (case_id,) in db.execute("select distinct case_id from sealing_events").fetchall():
            link_case_events(db, case_id)
    return counts


def _differs(stored: dict, record: dict) -> bool:
    return any(stored.get(k) != record[k] for k in (*EVENT_FIELDS, "classifier_version"))


def _reread_orders(db: sqlite_utils.Database, now: str) -> int:
    """Analyse every stored order again and merge its reading into its event."""
    from monitor.analyze import analyze_text
    from monitor.orders import merge_order

    documents = list(db.query("select * from documents where kind = 'order'"))
    for document in documents:
        analysis = analyze_text(document["text"] or "").as_dict()
        merge_order(db, analysis, document["case_id"], document["id"], document["entry_id"], now)
    return len(documents)
