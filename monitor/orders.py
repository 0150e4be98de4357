"""Orders become part of the record: an analysed order is a document and a sealing event.

The docket tells us *that* a court ruled; the order's text tells us *why*. Both readings of the
same ruling end up as one event:
- when the docket entry number of the order is known (given, or found because a docket-read
  order in the same case rules on the same motions), the order's reading is merged into that
  entry's event, and the order's reading wins over the docket's for what it states;
- otherwise the order is an event of its own, keyed by its document id, until it is matched.
The order is linked (`rules_on`) to the motions it decides, like docket-read orders are.
Everything stored is redacted and capped (`monitor.sanitize`); `reclassify` rebuilds all of it
from the stored text.
"""

from __future__ import annotations

import hashlib
import json

import sqlite_utils

from monitor import courts
from monitor.analyze import ANALYZER_VERSION, analyze_text
from monitor.analyze.normalize import normalize
from monitor.classify import classify
from monitor.events import event_change, event_record, link_case_events, remove_event
from monitor.identity import known_by_source_id, text_key
from monitor.judges import judge_from_docket_text
from monitor.redact import redact
from monitor.relevance import assess_case
from monitor.rows import add_source, case_id_for, get_row, insert_row, update_row, upsert_case
from monitor.sanitize import clean_row, clean_value
from monitor.transactions import write_transaction

ORDER_RULE_ID = "order_text.v1"
ORDER_EVENT_TYPES = ("sealing_order", "unsealing_order")
OUTCOME_VERBS = {
    "granted": "granting",
    "denied": "denying",
    "granted_in_part": "granting in part",
    "moot": "denying as moot",
}
ROLE_WORDS = {
    "government": "the government's",
    "plaintiff_petitioner": "the petitioner's",
    "defendant_nongov": "the defendant's",
    "criminal_defendant": "the defendant's",
    "third_party": "a non-party's",
    "joint": "the parties' joint",
    "court_sua_sponte": "",
}


class MissingCase(ValueError):
    """The order does not say which case it belongs to, and none was given."""


def stored_text(text: str) -> str:
    """The text we keep of an order: redacted, and normalised when only that reveals an identifier.

    OCR splits identifiers across lines and margin numbers ("A208-555-\n123", "date of birth\n15
    January 5, 1990"); they are only recognisable once `normalize` has rejoined them. When the
    normalised text still carries an identifier after the raw text was redacted, the normalised
    text is redacted and stored instead (losing the page layout, never the privacy).
    """
    clean = redact(text) or ""
    flat = normalize(clean)
    flat_clean = redact(flat) or ""
    return flat_clean if flat_clean != flat else clean


def document_id_for(case_id: str, text: str) -> str:
    return f"{case_id}:doc:{hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]}"


def order_summary(analysis: dict) -> str:
    """`Order granting the government's motion to seal (Doc. 159)`."""
    what = "unseal" if analysis["event_type"] == "unsealing_order" else "seal"
    if analysis.get("movant_role") == "court_sua_sponte":
        verb = "unsealing" if what == "unseal" else "sealing"
        return f"Order {verb} documents on the court's own motion"
    verb = OUTCOME_VERBS.get(analysis.get("outcome"), "ruling on")
    whose = ROLE_WORDS.get(analysis.get("movant_role") or "", "")
    refs = analysis.get("motion_refs") or []
    cite = ""
    if refs:
        label = "Doc." if len(refs) == 1 else "Docs."
        cite = f" ({label} {', '.join(str(n) for n in refs)})"
    return f"Order {verb} {whose + ' ' if whose else ''}motion to {what}{cite}"


def _title(title: str | None) -> str:
    """A source's title on one line, redacted, then cut (`monitor.sanitize.TITLE_MAX`)."""
    return clean_value("documents", "title", " ".join((title or "").split())) or ""


def store_order(
    db: sqlite_utils.Database,
    analysis: dict,
    text: str,
    *,
    source: str,
    now: str,
    source_url: str | None = None,
    court: str | None = None,
    docket_number: str | None = None,
    entry_number: int | None = None,
    entry_id: str | None = None,
    source_id: str | None = None,
    title: str | None = None,
    date: str | None = None,
) -> dict:
    """Store one analysed order; returns its document id, event id (or None) and case id.

    `date` is the date the source gives (GovInfo's dateIssued, the RECAP entry's filing date):
    used when the order's own text states none.

    The same order from several sources (RECAP's text, GovInfo's PDF, a file) is one
    document: it is recognised by the source's own id, by its exact text or its words, or as
    the order document of the same docket entry. The fullest rendering's text and reading are kept;
    every source is listed in `document_sources`.
    """
    court = (court or analysis.get("court") or "").lower()
    docket_number = docket_number or analysis.get("case_number") or ""
    if not court or not docket_number:
        raise MissingCase(
            "the order does not state its court and case number; give them (--court, --docket)"
        )
    case_id = case_id_for(court, docket_number)
    clean_text = stored_text(text)
    sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with write_transaction(db):
        _ensure_case(db, court, docket_number, analysis.get("case_name") or "", now, source)
        if entry_id is None:
            entry_id = _entry_for(
                db, case_id, analysis, entry_number, document_id_for(case_id, text)
            )
        document_id, existing = _same_document(db, case_id, text, entry_id, source, source_id)
        fuller = existing is None or len(clean_text) > len(existing.get("text") or "")
        row = {
            "case_id": case_id,
            "entry_id": entry_id or (existing or {}).get("entry_id"),
            "kind": "order",
            # A source's title is its docket text (GovInfo's granule title, CourtListener's
            # entry text when the short description is empty): redacted like the text, and
            # only then cut (a number cut short would no longer be recognised).
            "title": _title(title) or order_summary(analysis),
            "date": analysis.get("date_signed")
            or analysis.get("date_filed")
            or (date or "")[:10]
            or None,
            "judge": analysis.get("judge") or None,
            "text": clean_text,
            "sha256": sha256,
            "source": source,
            "source_url": source_url,
        }
        if existing is None:
            insert_row(db, "documents", {"id": document_id, **row, "sources": json.dumps([source])})
        else:
            updates = row if fuller else {"entry_id": row["entry_id"]}
            updates = {k: v for k, v in updates.items() if k != "source" or existing is None}
            updates["sources"] = add_source(existing.get("sources"), source)
            update_row(db, "documents", document_id, updates)
        _record_document_source(db, document_id, source, source_id, source_url, sha256, text, now)
        if fuller or existing.get("sha256") == sha256:
            event_id = merge_order(db, analysis, case_id, document_id, entry_id, now)
        elif entry_id and entry_id != existing.get("entry_id"):
            # a shorter rendering told us the entry: re-read the fuller text we keep
            kept = analyze_text(existing.get("text") or "").as_dict()
            event_id = merge_order(db, kept, case_id, document_id, entry_id, now)
        else:
            event = db.conn.execute(
                "select id from sealing_events where document_id = ?", [document_id]
            ).fetchone()
            event_id = event[0] if event else None
    return {"document_id": document_id, "event_id": event_id, "case_id": case_id}


def _same_document(
    db: sqlite_utils.Database,
    case_id: str,
    text: str,
    entry_id: str | None,
    source: str,
    source_id: str | None,
) -> tuple[str, dict | None]:
    """(document id, its row or None): this source's earlier copy, the same text, or the
    order document already stored for the same docket entry."""
    if source_id:
        row = db.conn.execute(
            "select document_id from document_sources where source = ? and source_id = ?",
            [source, clean_value("document_sources", "source_id", str(source_id))],
        ).fetchone()
        if row and get_row(db, "documents", row[0]):
            return row[0], get_row(db, "documents", row[0])
    document_id = document_id_for(case_id, text)
    existing = get_row(db, "documents", document_id)
    if existing:
        return document_id, existing
    same_words = _same_words(db, case_id, text, entry_id)
    if same_words:
        return same_words, get_row(db, "documents", same_words)
    if entry_id:
        row = db.conn.execute(
            "select id from documents where entry_id = ? and kind = 'order' order by id limit 1",
            [entry_id],
        ).fetchone()
        if row:
            return row[0], get_row(db, "documents", row[0])
    return document_id, None


def _same_words(
    db: sqlite_utils.Database, case_id: str, text: str, entry_id: str | None
) -> str | None:
    """An order of the case with the same words: renderings differ in line breaks, spacing,
    page furniture and punctuation (RECAP's plain text, GovInfo's HTML, a PDF's text layer).
    An order already placed at another docket entry is another order (two memo endorsements
    can say the same words)."""
    key = text_key(stored_text(text))
    if not key:
        return None
    for document_id, stored, placed_at in db.conn.execute(
        "select id, text, entry_id from documents where case_id = ? and kind = 'order'",
        [case_id],
    ):
        if entry_id and placed_at and placed_at != entry_id:
            continue
        if text_key(stored) == key:
            return document_id
    return None


def _record_document_source(db, document_id, source, source_id, source_url, sha256, text, now):
    source_id = clean_value("document_sources", "source_id", source_id)
    source_url = clean_value("document_sources", "source_url", source_url)
    db.conn.execute(
        "insert into document_sources (document_id, source, source_id, source_url, sha256, "
        "chars, first_seen, last_seen) values (?, ?, ?, ?, ?, ?, ?, ?) "
        "on conflict (document_id, source) do update set last_seen = excluded.last_seen, "
        "sha256 = excluded.sha256, chars = excluded.chars, "
        "source_id = coalesce(excluded.source_id, document_sources.source_id), "
        "source_url = coalesce(excluded.source_url, document_sources.source_url)",
        [document_id, source, source_id, source_url, sha256, len(text), now, now],
    )


def ingest_order(
    db: sqlite_utils.Database,
    order: dict,
    *,
    source: str,
    now: str,
    keep_all_cases: bool = False,
) -> dict:
    """Read and store one order a spider fetched (the `order` record of docs/internals.md).

    Kept when its case is immigration-related (every order there is worth full-text search)
    or when the order itself is about sealing; an order of an unknown or unrelated case that
    is not about sealing is left out, like docket entries.
    """
    text = order.get("text") or ""
    result = {"stored": False, "document_id": None, "event_id": None, "is_sealing": False}
    if not text.strip():
        return {**result, "reason": "the document has no text"}
    analysis = analyze_text(text).as_dict()
    is_sealing = analysis.get("event_type") in ORDER_EVENT_TYPES
    result["is_sealing"] = is_sealing
    court = (order.get("court") or analysis.get("court") or "").lower()
    docket_number = order.get("docket_number") or analysis.get("case_number") or ""
    if not court or not docket_number:
        return {**result, "reason": "the order names no case"}
    case = get_row(db, "cases", case_id_for(court, docket_number))
    if not (is_sealing or keep_all_cases or (case and case.get("immigration"))):
        return {**result, "reason": "not about sealing, in a case not known to be immigration"}
    entry_id = None
    if order.get("entry_number") is None and order.get("entry_source_id"):
        entry_id = known_by_source_id(db, source, order["entry_source_id"])
    stored = store_order(
        db,
        analysis,
        text,
        source=source,
        now=now,
        source_url=order.get("source_url"),
        court=court,
        docket_number=docket_number,
        entry_number=order.get("entry_number"),
        entry_id=entry_id,
        source_id=str(order["source_id"]) if order.get("source_id") else None,
        title=order.get("title"),
        date=order.get("date"),
    )
    return {**result, "stored": True, **stored}


def _document_date(db: sqlite_utils.Database, document_id: str) -> str | None:
    """The stored document's date (its source's date when the text gives none)."""
    row = db.conn.execute("select date from documents where id = ?", [document_id]).fetchone()
    return row[0] if row else None


def merge_order(
    db: sqlite_utils.Database,
    analysis: dict,
    case_id: str,
    document_id: str,
    entry_id: str | None,
    now: str,
) -> str | None:
    """Write the order's reading into its event (creating it if needed); None for non-sealing."""
    if analysis.get("event_type") not in ORDER_EVENT_TYPES:
        _drop_order_reading(db, document_id, now)
        return None
    if entry_id and entry_id != document_id and get_row(db, "sealing_events", document_id):
        remove_event(db, document_id)  # read before its entry was known: the entry takes over
    event_id = entry_id or document_id
    existing = get_row(db, "sealing_events", event_id)
    refs = list(analysis.get("motion_refs") or [])
    if existing and existing.get("target_entries"):
        refs = sorted(set(refs) | set(json.loads(existing["target_entries"])))
    judge = analysis.get("judge") or None
    judge_role = (analysis.get("judge_role") or None) if judge else None
    if not judge and entry_id:
        # The order's text names no judge: its docket text may ("Signed by Judge …"). Not the
        # stored value, which may come from an earlier, wrong reading.
        entry = get_row(db, "docket_entries", entry_id) or {}
        name, role = judge_from_docket_text(entry.get("text") or "")
        judge, judge_role = (name, role) if name else (None, None)
    record = {
        "event_type": analysis["event_type"],
        "outcome": analysis.get("outcome") or "unknown",
        "movant_role": analysis.get("movant_role") or "unknown",
        "movant_text": analysis.get("movant_text") or None,
        "target_entries": json.dumps(refs),
        "documents_sealed": json.dumps(analysis.get("documents_sealed") or [], ensure_ascii=False),
        "standard": analysis.get("standard") or None,
        "local_rule": analysis.get("local_rule") or None,
        # The order's own judge, else the one its docket text named (stored with the event).
        "judge": judge,
        "judge_role": judge_role,
        "decided_on": analysis.get("date_signed")
        or analysis.get("date_filed")
        or _document_date(db, document_id),
        "reasons_stated": int(bool(analysis.get("reasons_stated"))),
        "summary": order_summary(analysis),
        "rule_id": ORDER_RULE_ID,
        "classifier_version": ANALYZER_VERSION,
        "document_id": document_id,
    }
    record = clean_row("sealing_events", record)  # as stored, so that it compares equal
    if existing is None:
        insert_row(
            db,
            "sealing_events",
            {
                "id": event_id,
                "case_id": case_id,
                "entry_id": entry_id,
                **record,
                "first_seen": now,
                "updated": now,
            },
        )
    else:
        change = event_change(existing, record, now)
        if _codes_of(analysis) != _reason_codes(db, event_id):
            change = {**record, "updated": now}  # other reasons: the reading changed
        if change:
            update_row(db, "sealing_events", event_id, change)
    _replace_reasons(db, event_id, analysis)
    link_case_events(db, case_id)
    return event_id


def _drop_order_reading(db: sqlite_utils.Database, document_id: str, now: str) -> None:
    """An order that no longer reads as sealing leaves its event: a docket event goes back to
    what its docket text says (or goes, if that is not sealing either); its own event goes."""
    for event in list(
        db.query("select * from sealing_events where document_id = ?", [document_id])
    ):
        if not event["entry_id"]:
            remove_event(db, event["id"])
            continue
        entry = get_row(db, "docket_entries", event["entry_id"])
        case = get_row(db, "cases", event["case_id"]) or {}
        result = classify(
            (entry or {}).get("text") or "",
            (entry or {}).get("short_description") or "",
            case.get("case_name") or "",
        )
        if not entry or not result.is_sealing:
            remove_event(db, event["id"])
            continue
        record = event_record(
            result, entry_id=event["id"], case_id=event["case_id"], date=entry.get("date_filed")
        )
        # The docket text's judge stays: it names who signed the order as well as the order did.
        record.update(document_id=None, standard=None, local_rule=None)
        record.update(reasons_stated=None, updated=now)
        update_row(db, "sealing_events", event["id"], record)
        db.conn.execute("delete from event_reasons where event_id = ?", [event["id"]])
        db.conn.execute("delete from event_authorities where event_id = ?", [event["id"]])


def fold_orders_into_entries(db: sqlite_utils.Database, case_id: str, now: str) -> int:
    """An order read before its docket entry arrived joins that entry's event once it does.

    A stand-alone order event (no entry) moves onto the one docket-read order of the same case
    that rules on the same motions; reasons, authorities and the document follow it.
    """
    standalone = list(
        db.query(
            "select * from sealing_events where case_id = ? and entry_id is null "
            "and document_id is not null",
            [case_id],
        )
    )
    folded = 0
    for order in standalone:
        refs = set(json.loads(order["target_entries"] or "[]"))
        matches = [
            row
            for row in db.query(
                "select * from sealing_events where case_id = ? and entry_id is not null "
                "and document_id is null and event_type in ('sealing_order', 'unsealing_order')",
                [case_id],
            )
            if refs & set(json.loads(row["target_entries"] or "[]"))
        ]
        if len(matches) != 1:
            continue
        target = matches[0]
        moved = {
            k: v for k, v in order.items() if k not in ("id", "case_id", "entry_id", "first_seen")
        }
        refs |= set(json.loads(target["target_entries"] or "[]"))
        moved.update(target_entries=json.dumps(sorted(refs)), updated=now)
        update_row(db, "sealing_events", target["id"], moved)
        for table in ("event_reasons", "event_authorities"):
            db.conn.execute(
                f"update {table} set event_id = ? where event_id = ?", [target["id"], order["id"]]
            )
        db.conn.execute(
            "update documents set entry_id = ? where id = ?",
            [target["entry_id"], order["document_id"]],
        )
        db.conn.execute(
            "delete from event_links where from_event = ? or to_event = ?", [order["id"]] * 2
        )
        db.conn.execute("delete from sealing_events where id = ?", [order["id"]])
        folded += 1
    return folded


def _reason_codes(db: sqlite_utils.Database, event_id: str) -> set[str]:
    rows = db.conn.execute("select reason from event_reasons where event_id = ?", [event_id])
    return {row[0] for row in rows}


def _codes_of(analysis: dict) -> set[str]:
    return {reason["code"] for reason in analysis.get("reasons") or []}


def _replace_reasons(db: sqlite_utils.Database, event_id: str, analysis: dict) -> None:
    db.conn.execute("delete from event_reasons where event_id = ?", [event_id])
    db.conn.execute("delete from event_authorities where event_id = ?", [event_id])
    seen: set[str] = set()
    for reason in analysis.get("reasons") or []:
        if reason["code"] in seen:
            continue
        seen.add(reason["code"])
        insert_row(
            db,
            "event_reasons",
            {"event_id": event_id, "reason": reason["code"], "evidence": reason["evidence"]},
        )
    cited: set[str] = set()
    for authority in analysis.get("authorities") or []:
        citation = clean_value("event_authorities", "citation", authority["citation"])
        if citation in cited:
            continue
        cited.add(citation)
        insert_row(
            db,
            "event_authorities",
            {"event_id": event_id, "citation": citation, "name": authority["name"]},
        )


def _entry_for(
    db: sqlite_utils.Database,
    case_id: str,
    analysis: dict,
    entry_number: int | None,
    document_id: str,
) -> str | None:
    """The docket entry this order is, when known or when exactly one docket order matches."""
    if entry_number is not None:
        return f"{case_id}:{int(entry_number)}"
    refs = set(analysis.get("motion_refs") or [])
    if not refs:
        return None
    candidates = [
        row["id"]
        for row in db.query(
            "select id, target_entries from sealing_events where case_id = ? "
            "and entry_id is not null and event_type in ('sealing_order', 'unsealing_order') "
            "and (document_id is null or document_id = ?)",
            [case_id, document_id],
        )
        if refs & set(json.loads(row["target_entries"] or "[]"))
    ]
    return candidates[0] if len(candidates) == 1 else None


def _ensure_case(
    db: sqlite_utils.Database,
    court: str,
    docket_number: str,
    case_name: str,
    now: str,
    source: str,
) -> None:
    """The order's case, created from its caption when new; an order never moves `last_seen`
    (that is when a source last listed the case)."""
    case_name = clean_value("cases", "case_name", case_name) or ""
    upsert_case(
        db,
        court,
        docket_number,
        source=source,
        now=now,
        existing=get_row(db, "cases", case_id_for(court, docket_number)),
        new={"case_name": case_name},
        fill=(("case_name", case_name),),
        relevance=assess_case(case_name, court_kind=courts.court(court).kind, court=court),
        seen=False,
    )
