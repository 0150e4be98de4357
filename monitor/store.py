"""Idempotent writes of parsed docket entries into the store.

Natural keys make every write an upsert, so a re-crawl changes nothing but `last_seen`.
Source quirks handled:
- PACER RSS keeps ~24 hours of entries, so the same entry arrives on many polls: unchanged
  entries only get `last_seen` bumped;
- one RSS poll can carry the same docket entry twice (multi-event items, or an item repeated);
  those are merged before writing so that the stored text does not flip between polls;
- unnumbered entries (appellate feeds, "[Order]" items) get a key from their time and event name;
- a source that changes an entry's text is recorded in `entry_revisions`, never overwritten
  silently; which text is kept when sources differ is `monitor.entry_text` (the fullest
  docket text; a document excerpt only until a docket text comes);
- a case on the watch list (`monitor.watch`) is kept whole, like an immigration case;
- identifiers (A-numbers, SSNs, dates of birth) are redacted and display fields capped before
  anything is stored: `insert_row` and `update_row` pass every row through
  `monitor.sanitize.clean_row`, and values compared with stored ones are cleaned first.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import sqlite_utils

from monitor import courts
from monitor.classify import classify
from monitor.entry_text import takes_over, text_kind
from monitor.events import (
    EVENT_FIELDS,
    event_change,
    event_record,
    link_case_events,
    remove_event,
)
from monitor.identity import find_twin, known_by_source_id, merge_entry
from monitor.orders import fold_orders_into_entries
from monitor.relevance import assess_case
from monitor.rows import add_source, case_id_for, get_row, insert_row, update_row, upsert_case
from monitor.sanitize import clean_value
from monitor.transactions import write_transaction
from monitor.watch import is_watched


@dataclass
class IngestStats:
    items: int = 0
    stored: int = 0
    new_entries: int = 0
    changed_entries: int = 0
    new_events: int = 0
    updated_events: int = 0
    removed_events: int = 0
    filtered: int = 0
    skipped: int = 0
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def entry_id_for(case_id: str, item: dict) -> str:
    number = item.get("entry_number")
    if number is not None:
        return f"{case_id}:{int(number)}"
    if item.get("source_id"):  # e.g. a GovInfo granule: its own id is stable, its time is not
        basis = f"source|{item['source_id']}"
    else:
        basis = f"{item.get('published') or ''}|{item.get('short_description') or ''}"
    return f"{case_id}:u{hashlib.sha1(basis.encode()).hexdigest()[:12]}"


def as_utc(timestamp: str | None) -> str | None:
    """ISO 8601 in UTC, so that text order is time order (feeds give GMT, MST, EDT...)."""
    if not timestamp:
        return timestamp
    try:
        moment = datetime.fromisoformat(timestamp)
    except ValueError:
        return timestamp
    if moment.tzinfo is None:
        return timestamp
    return moment.astimezone(UTC).isoformat()


def _merge_duplicates(items: list[dict]) -> list[dict]:
    """One record per (court, docket, entry): join differing event names, keep the longest text.

    Unnumbered entries with a source id of their own (GovInfo granules) are told apart by it:
    two orders of one case on one day share date and event name but are two entries."""
    merged: dict[tuple, dict] = {}
    for item in items:
        key = (
            item.get("court"),
            item.get("docket_number"),
            item.get("entry_number")
            if item.get("entry_number") is not None
            else ("u", item.get("source_id"), item.get("published"), item.get("short_description")),
        )
        if key not in merged:
            merged[key] = dict(item)
            continue
        kept = merged[key]
        shorts = [s for s in (kept.get("short_description"), item.get("short_description")) if s]
        kept["short_description"] = "; ".join(dict.fromkeys("; ".join(shorts).split("; ")))
        if len(item.get("text") or "") > len(kept.get("text") or ""):
            kept["text"] = item["text"]
    return list(merged.values())


def ingest_entries(
    db: sqlite_utils.Database,
    items: Iterable[dict],
    *,
    source: str,
    now: str,
    keep_all_cases: bool = False,
) -> IngestStats:
    """Store parsed entries in one transaction; see the module docstring for the rules."""
    stats = IngestStats()
    batch = list(items)
    stats.items = len(batch)
    touched_cases: set[str] = set()
    with write_transaction(db):
        for item in _merge_duplicates(batch):
            problem = _missing_fields(item)
            if problem:
                stats.skipped += 1
                stats.problems.append(problem)
                continue
            case_id = _store_item(db, item, source, now, keep_all_cases, stats)
            if case_id:
                touched_cases.add(case_id)
        for case_id in sorted(touched_cases):
            fold_orders_into_entries(db, case_id, now)
            link_case_events(db, case_id)
    return stats


def _missing_fields(item: dict) -> str | None:
    for key in ("court", "docket_number"):
        if not item.get(key):
            return f"entry without {key}: guid={item.get('guid')!r}"
    return None


def _store_item(
    db: sqlite_utils.Database,
    item: dict,
    source: str,
    now: str,
    keep_all_cases: bool,
    stats: IngestStats,
) -> str | None:
    """Write one entry, its case and its event; returns the case id, None when filtered out.

    Everything is decided before anything is written, so an entry that is not kept (an
    ordinary entry of a case not known to be immigration-related) leaves no trace.
    """
    court_id = item["court"]
    case_id = case_id_for(court_id, item["docket_number"])
    case_name = clean_value("cases", "case_name", item.get("case_name") or "") or ""
    case = get_row(db, "cases", case_id)
    relevance = assess_case(case_name, court_kind=courts.court(court_id).kind, court=court_id)
    immigration = relevance.immigration or bool(case and case["immigration"])
    text = clean_value("docket_entries", "text", item.get("text") or "") or ""
    short = clean_value("docket_entries", "short_description", item.get("short_description") or "")
    short = short or ""
    entry_id = resolve_entry(db, case_id, item, source, text, short)
    existing = get_row(db, "docket_entries", entry_id)
    if existing:
        changes = _entry_changes(existing, text, short, source, text_kind(item))
        text = changes.get("text", existing.get("text") or "")
        short = changes.get("short_description", existing.get("short_description") or "")
    caption = (case or {}).get("case_name") or case_name
    result = classify(text, short, caption)
    if not (existing or immigration or result.is_sealing or keep_all_cases):
        if not is_watched(db, case_id):  # a case a user watches is kept whole
            stats.filtered += 1
            return None
    stats.stored += 1
    upsert_case(
        db,
        court_id,
        item["docket_number"],
        source=source,
        now=now,
        existing=case,
        new={
            "case_name": case_name,
            "pacer_case_id": item.get("pacer_case_id"),
            "nature_of_suit": None,
            "nos_code": None,
            "docket_url": item.get("case_url"),
        },
        fill=(
            ("case_name", case_name),
            ("pacer_case_id", item.get("pacer_case_id")),
            ("docket_url", item.get("case_url")),
        ),
        relevance=relevance,
    )
    if existing is None:
        insert_row(
            db,
            "docket_entries",
            {
                "id": entry_id,
                "case_id": case_id,
                "entry_number": item.get("entry_number"),
                "date_filed": entry_date(item),
                "text": text,
                "short_description": short,
                "source": source,
                "source_url": item.get("source_url")
                or item.get("case_url")
                or item.get("document_url"),
                "document_url": item.get("document_url"),
                "guid": item.get("guid"),
                "sources": json.dumps([source]),
                "text_source": source if text else None,
                "text_kind": text_kind(item) if text else None,
                "short_source": source if short else None,
                "first_seen": now,
                "last_seen": now,
            },
        )
        stats.new_entries += 1
    else:
        for column, new_value in changes.items():
            insert_row(
                db,
                "entry_revisions",
                {
                    "entry_id": entry_id,
                    "seen": now,
                    "field": column,
                    "old_value": existing.get(column),
                    "new_value": new_value,
                },
            )
        stats.changed_entries += bool(changes)
        extra = {
            "sources": add_source(existing.get("sources"), source),
            "last_seen": now,
            **_provenance(changes, source, text_kind(item)),
        }
        if not existing.get("document_url") and item.get("document_url"):
            extra["document_url"] = item["document_url"]
        update_row(db, "docket_entries", entry_id, {**changes, **extra})
    record_sighting(db, entry_id, source, item, now)
    if result.is_sealing:
        _upsert_event(db, entry_id, case_id, item, result, now, stats)
    elif existing and get_row(db, "sealing_events", entry_id):
        remove_event(db, entry_id)  # the source's new text no longer reads as sealing
        stats.removed_events += 1
    return case_id


def entry_date(item: dict) -> str | None:
    """The entry's filing time in UTC (RSS `published`), else the date a source gives."""
    return as_utc(item.get("published")) or item.get("date_filed") or None


def resolve_entry(
    db: sqlite_utils.Database, case_id: str, item: dict, source: str, text: str, short: str
) -> str:
    """The id this entry is stored under, merging an unnumbered twin into a numbered entry
    (see `monitor.identity`)."""
    known = known_by_source_id(db, source, item.get("source_id"))

    def twin_of(numbered: bool | None) -> str | None:
        return find_twin(
            db,
            case_id,
            numbered=numbered,
            date_filed=entry_date(item),
            text=text,
            short_description=short,
            text_kind=text_kind(item),
        )

    if item.get("entry_number") is not None:
        entry_id = entry_id_for(case_id, item)
        twin = known if known and known != entry_id and _unnumbered(db, known) else None
        twin = twin or twin_of(numbered=False)
        if twin:
            merge_entry(db, twin, entry_id)
        return entry_id
    if known:
        return known
    entry_id = entry_id_for(case_id, item)
    if get_row(db, "docket_entries", entry_id):
        return entry_id
    twin = twin_of(numbered=None)
    return twin or entry_id


def _unnumbered(db: sqlite_utils.Database, entry_id: str) -> bool:
    row = db.conn.execute(
        "select entry_number from docket_entries where id = ?", [entry_id]
    ).fetchone()
    return row is not None and row[0] is None


def record_sighting(
    db: sqlite_utils.Database, entry_id: str, source: str, item: dict, now: str
) -> None:
    """Remember that `source` reported this entry, under its own id and address."""
    db.conn.execute(
        "insert into entry_sources (entry_id, source, source_id, source_url, first_seen, "
        "last_seen) values (?, ?, ?, ?, ?, ?) on conflict (entry_id, source) do update set "
        "last_seen = excluded.last_seen, "
        "source_id = coalesce(excluded.source_id, entry_sources.source_id), "
        "source_url = coalesce(excluded.source_url, entry_sources.source_url)",
        [
            entry_id,
            source,
            clean_value(
                "entry_sources", "source_id", str(item.get("source_id") or item.get("guid") or "")
            )
            or None,
            clean_value(
                "entry_sources",
                "source_url",
                item.get("source_url") or item.get("document_url") or item.get("case_url"),
            ),
            now,
            now,
        ],
    )


def _entry_changes(existing: dict, text: str, short: str, source: str, kind: str) -> dict:
    """The text and event name this source's report replaces (`monitor.entry_text`)."""
    changes = {}
    if takes_over(
        existing.get("text"), existing.get("text_source"), existing.get("text_kind"),
        text, source, kind,
    ):  # fmt: skip
        changes["text"] = text
    if takes_over(
        existing.get("short_description"), existing.get("short_source"), None, short, source
    ):
        changes["short_description"] = short
    return changes


def _provenance(changes: dict, source: str, kind: str) -> dict:
    """The provenance columns that go with the changed text or event name."""
    extra = {}
    if "text" in changes:
        extra.update(text_source=source, text_kind=kind)
    if "short_description" in changes:
        extra["short_source"] = source
    return extra


def _upsert_event(db, entry_id, case_id, item, result, now, stats) -> None:
    record = event_record(result, entry_id=entry_id, case_id=case_id, date=entry_date(item))
    existing = get_row(db, "sealing_events", entry_id)
    if existing is None:
        insert_row(db, "sealing_events", {**record, "first_seen": now, "updated": now})
        stats.new_events += 1
        return
    if existing.get("document_id"):
        return  # the order's own text has been read: it says more than the docket line
    change = event_change(existing, record, now, (*EVENT_FIELDS, "classifier_version"))
    if change:
        update_row(db, "sealing_events", entry_id, change)
        stats.updated_events += 1
