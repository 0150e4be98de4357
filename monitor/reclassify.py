"""Rebuild every stored conclusion from the stored raw text, without a re-crawl.

The pass goes case by case so that it never holds the store's write lock for long: a crawl
or `analyze --db` storing meanwhile waits for the lock at most `BUSY_TIMEOUT_MS` (30 s) and
then fails with "database is locked", and a whole pass takes minutes on a large store. For
each case, its docket entries and orders are read and classified (`classify`, and
`analyze_text`, up to seconds for a long order) outside any transaction; then the case's
changes are written in one short `write_transaction`, so a reader never sees a case half
reclassified. Quirks handled:
- another writer may change the case between the read and the write (a crawl's newer docket
  text, a fuller rendering of an order). Inside the transaction the case is read again, and
  whatever differs from what was classified (an entry's text or event name, the case name,
  an order's text; an entry or order that appeared) is classified again there, so a newer
  text never gets a conclusion drawn from an older one;
- a case's links are deleted and rebuilt with its events; a last short transaction deletes
  any link to an event that no longer exists (left by a writer that deleted events without
  their links);
- cases with orders but no docket entries, or events but neither, are covered like the rest.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlite_utils

from monitor.analyze import analyze_text
from monitor.classify import Classification, classify
from monitor.events import (
    EVENT_FIELDS,
    event_change,
    event_record,
    link_case_events,
    remove_event,
)
from monitor.orders import merge_order
from monitor.rows import insert_row, update_row
from monitor.transactions import write_transaction


def reclassify_all(db: sqlite_utils.Database, now: str | None = None) -> dict:
    """Classify every docket entry and analyse every stored order again, case by case.

    Changed conclusions get a new `updated` time.

    Events whose entry no longer reads as sealing are removed with their links, so the store
    always says what the current classifier says about the stored text. Each case is
    committed on its own: a pass that stops half way (an error, another writer holding the
    lock past the busy timeout) leaves every case either as it was or reclassified, and
    running it again finishes the job.
    """
    now = now or datetime.now(UTC).isoformat(timespec="seconds")
    counts = {"entries": 0, "events": 0, "new": 0, "changed": 0, "removed": 0, "orders": 0}
    for case_id in _case_ids(db):
        readings = _Readings()
        readings.read(*_read_case(db, case_id))  # the slow part, outside any transaction
        with write_transaction(db):
            _write_case(db, case_id, readings, now, counts)
    with write_transaction(db):
        _delete_orphan_links(db)
    return counts


class _Readings:
    """The case's classifications and order analyses, keyed by exactly what they were drawn
    from: asked again inside the transaction, an unchanged input is answered from here and a
    changed or new one is classified afresh."""

    def __init__(self) -> None:
        self._classified: dict[tuple[str, str, str], Classification] = {}
        self._analysed: dict[str, dict] = {}

    def read(self, case_name: str, entries: list[dict], orders: list[dict]) -> None:
        for entry in entries:
            self.classify(entry["text"], entry["short_description"], case_name)
        for order in orders:
            self.analyse(order["text"])

    def classify(self, text: str, short: str, case_name: str) -> Classification:
        key = (text, short, case_name)
        if key not in self._classified:
            self._classified[key] = classify(text, short, case_name)
        return self._classified[key]

    def analyse(self, text: str) -> dict:
        if text not in self._analysed:
            self._analysed[text] = analyze_text(text).as_dict()
        return self._analysed[text]


def _case_ids(db: sqlite_utils.Database) -> list[str]:
    """Every case with something to reclassify or relink, in id order, as the pass starts (a
    case a crawl adds meanwhile is classified by that crawl, with the same classifier)."""
    return [
        row[0]
        for row in db.conn.execute(
            "select id from cases union select case_id from documents where kind = 'order' "
            "union select case_id from sealing_events order by 1"
        ).fetchall()
        if row[0] is not None
    ]


def _read_case(db: sqlite_utils.Database, case_id: str) -> tuple[str, list[dict], list[dict]]:
    """(case name, docket entries, orders) of one case, empty texts as ''."""
    case = db.conn.execute("select case_name from cases where id = ?", [case_id]).fetchone()
    entries = _rows(
        db,
        "select id, text, short_description, date_filed from docket_entries "
        "where case_id = ? order by rowid",
        [case_id],
    )
    orders = _rows(
        db,
        "select id, entry_id, text from documents where case_id = ? and kind = 'order' "
        "order by rowid",
        [case_id],
    )
    for row in entries:
        row["text"] = row["text"] or ""
        row["short_description"] = row["short_description"] or ""
    for row in orders:
        row["text"] = row["text"] or ""
    return (case[0] if case else None) or "", entries, orders


def _write_case(
    db: sqlite_utils.Database, case_id: str, readings: _Readings, now: str, counts: dict
) -> None:
    """Write one case's conclusions from the case as it is now (inside the transaction)."""
    case_name, entries, orders = _read_case(db, case_id)
    events = {
        row["id"]: row
        for row in _rows(db, "select * from sealing_events where case_id = ?", [case_id])
    }
    for entry in entries:
        counts["entries"] += 1
        result = readings.classify(entry["text"], entry["short_description"], case_name)
        existing = events.get(entry["id"])
        if existing and existing.get("document_id"):
            continue  # read from the order's text: rebuilt from the document below
        if not result.is_sealing:
            if existing:
                remove_event(db, entry["id"])
                counts["removed"] += 1
            continue
        counts["events"] += 1
        record = event_record(
            result, entry_id=entry["id"], case_id=case_id, date=entry["date_filed"]
        )
        if not existing:
            insert_row(db, "sealing_events", {**record, "first_seen": now, "updated": now})
            counts["new"] += 1
        elif change := event_change(existing, record, now, (*EVENT_FIELDS, "classifier_version")):
            update_row(db, "sealing_events", entry["id"], change)
            counts["changed"] += 1
    _reread_orders(db, case_id, orders, readings, now)
    counts["orders"] += len(orders)
    for end in ("from_event", "to_event"):
        db.conn.execute(
            f"delete from event_links where {end} in "
            "(select id from sealing_events where case_id = ?)",
            [case_id],
        )
    link_case_events(db, case_id)


def _reread_orders(
    db: sqlite_utils.Database, case_id: str, orders: list[dict], readings: _Readings, now: str
) -> None:
    """Merge each stored order's reading into its event."""
    for order in orders:
        analysis = readings.analyse(order["text"])
        merge_order(db, analysis, case_id, order["id"], order["entry_id"], now)


def _delete_orphan_links(db: sqlite_utils.Database) -> None:
    db.conn.execute(
        "delete from event_links where "
        "not exists (select 1 from sealing_events e where e.id = event_links.from_event) "
        "or not exists (select 1 from sealing_events e where e.id = event_links.to_event)"
    )


def _rows(db: sqlite_utils.Database, sql: str, params: list) -> list[dict]:
    cursor = db.conn.execute(sql, params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
