"""Which stored docket entry is this? One row per entry, whichever source reports it.

A numbered entry is easy: `{case}:{number}`. The hard cases:
- GovInfo granules carry the docket text and date of an opinion or order but no entry number;
  PACER RSS and CourtListener give the number. A granule is matched to an entry of the same
  case filed within a day of it (RSS times are UTC, GovInfo dates are the court's local date)
  whose text is the same, or (for courts whose RSS gives only the event name) to the one
  order entry of that day when the event names agree;
- a source seen before is recognised by its own id (`entry_sources.source_id`), also after
  its entry was merged into another (`entry_aliases`);
- when the numbered entry arrives after its unnumbered twin, the twin is merged into it:
  its sources, documents, event (with reasons, authorities, links) and revisions follow, and
  its old id is kept as an alias.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import sqlite_utils

from monitor.classify import classify
from monitor.entry_text import DOCKET, EXCERPT, takes_over
from monitor.events import remove_event
from monitor.rows import update_row
from monitor.sanitize import clean_value

MIN_SHARED_CHARS = 30
_WORDS = re.compile(r"[a-z0-9]+")


def text_key(text: str | None) -> str:
    """Lower-case words only: sources differ in spacing, brackets and link markup."""
    return " ".join(_WORDS.findall((text or "").lower()))


def same_text(a: str | None, b: str | None) -> bool:
    """The same docket text, allowing one source to cut it short (RSS truncates)."""
    key_a, key_b = text_key(a), text_key(b)
    if not key_a or not key_b:
        return False
    if key_a == key_b:
        return True
    short, long = sorted((key_a, key_b), key=len)
    return len(short) >= MIN_SHARED_CHARS and long.startswith(short)


def _day(timestamp: str | None) -> date | None:
    try:
        return date.fromisoformat((timestamp or "")[:10])
    except ValueError:
        return None


def _near(a: str | None, b: str | None) -> bool:
    day_a, day_b = _day(a), _day(b)
    return bool(day_a and day_b and abs(day_a - day_b) <= timedelta(days=1))


def _event_name_agrees(short_description: str, text: str) -> bool:
    """A short RSS event name (`Order on Motion to Seal`) read the same way as full text."""
    if not short_description or not text:
        return False
    by_name, by_text = classify("", short_description), classify(text)
    return by_name.is_sealing and by_name.event_type == by_text.event_type


def _same_reading(a: str | None, b: str | None) -> bool:
    """Two texts (a docket line and a document's opening) read as the same sealing event:
    the same kind and outcome, and the same motions when both name any (a denial of motion
    14 and the next day's grant of renewed motion 17 are two orders)."""
    if not a or not b:
        return False
    first, second = classify(a), classify(b)
    if not (first.is_sealing and first.event_type == second.event_type):
        return False
    if first.outcome != second.outcome:
        return False
    return not (first.refs and second.refs) or bool(set(first.refs) & set(second.refs))


def known_by_source_id(db: sqlite_utils.Database, source: str, source_id: str | None) -> str | None:
    """The entry a source's own id was stored as (following merges)."""
    if not source_id:
        return None
    # Stored ids are cleaned like every source text (`monitor.sanitize`): look up the same.
    stored_id = clean_value("entry_sources", "source_id", str(source_id))
    row = db.conn.execute(
        "select entry_id from entry_sources where source = ? and source_id = ?",
        [source, stored_id],
    ).fetchone()
    if row is None:
        return None
    return resolve_alias(db, row[0])


def resolve_alias(db: sqlite_utils.Database, entry_id: str) -> str:
    row = db.conn.execute(
        "select entry_id from entry_aliases where alias_id = ?", [entry_id]
    ).fetchone()
    return row[0] if row else entry_id


def find_twin(
    db: sqlite_utils.Database,
    case_id: str,
    *,
    numbered: bool | None,
    date_filed: str | None,
    text: str,
    short_description: str,
    text_kind: str = DOCKET,
    exclude: str | None = None,
) -> str | None:
    """An entry of the case (numbered, unnumbered, or either for None) that is the same one.

    A text match decides; failing that, a unique order entry of that day whose event name
    reads like the other's text, or whose document excerpt (CourtListener's Atom feed) reads
    as the same kind of sealing event. None when nothing or more than one candidate fits.
    """
    if not date_filed:
        return None
    condition = {True: "entry_number is not null", False: "entry_number is null"}.get(
        numbered, "1 = 1"
    )
    rows = [
        row
        for row in db.query(
            f"select id, date_filed, text, text_kind, short_description from docket_entries "
            f"where case_id = ? and {condition}",
            [case_id],
        )
        if row["id"] != exclude and _near(row["date_filed"], date_filed)
    ]
    excerpt = text_kind == EXCERPT
    exact = [
        row["id"]
        for row in rows
        if (row["text_kind"] == EXCERPT) == excerpt
        and (
            same_text(row["text"], text)
            or (row["text"] and same_text(row["text"], short_description))
        )
    ]
    if len(exact) == 1:
        return exact[0]
    if exact:
        return None
    loose = [
        row["id"]
        for row in rows
        if (not row["text"] and _event_name_agrees(row["short_description"], text))
        or (not text and _event_name_agrees(short_description, row["text"]))
        or ((row["text_kind"] == EXCERPT) != excerpt and _same_reading(row["text"], text))
    ]
    return loose[0] if len(loose) == 1 else None


def merge_entry(db: sqlite_utils.Database, old_id: str, new_id: str) -> None:
    """Fold entry `old_id` into `new_id` (which may not exist yet); keep `old_id` as an alias.

    When `new_id` does not exist the row is simply renamed. When both exist, the fuller text
    stays, sources and documents move, and an order reading (an event with a document) moves
    onto `new_id` unless `new_id` already has one.
    """
    if old_id == new_id:
        return
    target = db.conn.execute("select 1 from docket_entries where id = ?", [new_id]).fetchone()
    if target is None:
        _rename_entry(db, old_id, new_id)
    else:
        _fold_entry(db, old_id, new_id)
    db.conn.execute(
        "insert or replace into entry_aliases (alias_id, entry_id) values (?, ?)",
        [old_id, new_id],
    )
    db.conn.execute("update entry_aliases set entry_id = ? where entry_id = ?", [new_id, old_id])


def _rename_entry(db: sqlite_utils.Database, old_id: str, new_id: str) -> None:
    number = new_id.rsplit(":", 1)[1]
    db.conn.execute(
        "update docket_entries set id = ?, entry_number = ? where id = ?",
        [new_id, int(number) if number.isdigit() else None, old_id],
    )
    _move_event(db, old_id, new_id)
    _move_children(db, old_id, new_id)


def _fold_entry(db: sqlite_utils.Database, old_id: str, new_id: str) -> None:
    old, new = (_entry_row(db, entry_id) for entry_id in (old_id, new_id))
    if takes_over(
        new["text"], new["text_source"], new["text_kind"],
        old["text"], old["text_source"] or "", old["text_kind"] or DOCKET,
    ):  # fmt: skip
        # through update_row: a text that was cut keeps its `cut_fields` flag on the new row
        update_row(
            db,
            "docket_entries",
            new_id,
            {"text": old["text"], "text_source": old["text_source"], "text_kind": old["text_kind"]},
        )
    sources = json.loads(new["sources"] or "[]")
    sources += [s for s in json.loads(old["sources"] or "[]") if s not in sources]
    db.conn.execute(
        "update docket_entries set sources = ? where id = ?", [json.dumps(sources), new_id]
    )
    old_event = db.conn.execute(
        "select document_id from sealing_events where id = ?", [old_id]
    ).fetchone()
    new_event = db.conn.execute(
        "select document_id from sealing_events where id = ?", [new_id]
    ).fetchone()
    if old_event and old_event[0] and not (new_event and new_event[0]):
        if new_event:
            remove_event(db, new_id)
        _move_event(db, old_id, new_id)
    elif old_event:
        remove_event(db, old_id)
    _move_children(db, old_id, new_id)
    db.conn.execute("delete from docket_entries where id = ?", [old_id])


_ROW_COLUMNS = ("text", "text_source", "text_kind", "sources")


def _entry_row(db: sqlite_utils.Database, entry_id: str) -> dict:
    row = db.conn.execute(
        f"select {', '.join(_ROW_COLUMNS)} from docket_entries where id = ?", [entry_id]
    ).fetchone()
    return dict(zip(_ROW_COLUMNS, row, strict=True))


def _move_event(db: sqlite_utils.Database, old_id: str, new_id: str) -> None:
    db.conn.execute(
        "update sealing_events set id = ?, entry_id = ? where id = ?", [new_id, new_id, old_id]
    )
    for table in ("event_reasons", "event_authorities"):
        db.conn.execute(f"update {table} set event_id = ? where event_id = ?", [new_id, old_id])
    db.conn.execute(
        "update or ignore event_links set from_event = ? where from_event = ?", [new_id, old_id]
    )
    db.conn.execute(
        "update or ignore event_links set to_event = ? where to_event = ?", [new_id, old_id]
    )
    db.conn.execute("delete from event_links where from_event = ? or to_event = ?", [old_id] * 2)


def _move_children(db: sqlite_utils.Database, old_id: str, new_id: str) -> None:
    db.conn.execute("update documents set entry_id = ? where entry_id = ?", [new_id, old_id])
    db.conn.execute("update entry_revisions set entry_id = ? where entry_id = ?", [new_id, old_id])
    db.conn.execute(
        "update or ignore entry_sources set entry_id = ? where entry_id = ?", [new_id, old_id]
    )
    db.conn.execute("delete from entry_sources where entry_id = ?", [old_id])
    # sealing after the fact (`monitor.after_the_fact`): its changes, baseline and events
    # (whose ids are their own, not the entry's) follow the entry
    for table in ("docket_changes", "source_items"):
        db.conn.execute(f"update {table} set entry_id = ? where entry_id = ?", [new_id, old_id])
    db.conn.execute(
        "update sealing_events set entry_id = ? where entry_id = ? and id != ?",
        [new_id, old_id, old_id],
    )
