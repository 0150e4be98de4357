"""Sealing after the fact: compare a re-read of a whole docket or package with what was stored.

The quietest sealing leaves no motion: an entry that was public is later gone, a document
turns sealed, a GovInfo granule is withdrawn. A source that shows a whole docket
(CourtListener's docket entries with their RECAP documents) or a whole package (GovInfo's
MODS) is re-read (`crawler/spiders/recheck_*`), and the spider hands the read over as one
`reread` record (shape below); `record_reread` compares it with the baseline and records:

- `rechecks`: the read itself (source, address, how it ended, counts, evidence);
- `source_items`: the state the source now shows of each item it listed;
- `docket_changes`: each change (`monitor.vocab.CHANGE_KINDS`), with the states before and
  after, the evidence and when it was seen;
- a sealing event per change (`sealed_after_filing`, `unsealed_after_filing`), linked to the
  entry that changed, its id `<entry id>:change-<change id>` (an entry keeps its own event).

The baseline is what the source showed at its last read (`source_items`), and before any
re-read the entries stored from that source (`entry_sources`, under the source's own id):
an entry sealtrail saw on CourtListener is an entry CourtListener had.

Rules that keep a failure from reading as sealing:
- only a `complete` read (every page answered and parsed, the docket found) can show that
  something is missing: `vanished` (an entry) and `withdrawn` (a granule) need one, and so
  does a document seen available that its entry, still listed with its whole list of
  documents and no new one, no longer lists (`sealed_later`, state `missing`: CourtListener
  takes a sealed RECAP document off an entry it keeps; `_entries_listed`);
- a `partial` read (a page failed midway) still reports what its pages showed (a document
  now sealed is sealed), never what they did not;
- a `failed` read, or a docket the source answers it does not have (`not_found`), compares
  nothing; only a `withdrawn` read (GovInfo's own answer that the package is gone, from every
  address asked) withdraws all of a package's granules;
- a document merely not available (nobody bought it from PACER) is not sealed: only one seen
  available that becomes unavailable is (`withheld`), and only that or a `sealed` one coming
  back available is `unsealed_later`;
- an item seen for the first time is recorded, never a change; the same state read again
  records nothing, so a re-read with no change writes no change.

Record shape (`reread`): `{"source", "court", "docket_number", "url", "outcome", "items",
"pages", "failure", "evidence"}`; `outcome` is one of `OUTCOMES`; each item is `{"kind":
"entry"|"document"|"granule"|"package", "item_id", "state", "entry_number"?, "entry_item"?,
"documents_known"?}` (a document names its entry by the entry's item id, `entry_item`, and
number; an entry says `documents_known: false` when the source did not give its documents).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from monitor.classify import CLASSIFIER_VERSION
from monitor.rows import case_id_for, get_row, insert_row, upsert_case
from monitor.sanitize import clean_row
from monitor.transactions import write_transaction
from monitor.vocab import CHANGE_EVENT_TYPES
from monitor.watch import is_watched

OUTCOMES = ("complete", "partial", "failed", "not_found", "withdrawn")
#: The kind of item a source's stored entries are, in its own terms.
ENTRY_KINDS = {"courtlistener": "entry", "govinfo": "granule"}
#: States in which an item is in public view.
VISIBLE = ("public", "available")
#: States an item reaches by going out of view (its return is `unsealed_later`).
HIDDEN = ("missing", "withdrawn", "sealed", "withheld")
SOURCE_WORDS = {"courtlistener": "CourtListener", "govinfo": "GovInfo"}
_EXCERPT_CHARS = 140


@dataclass
class RereadResult:
    """What one re-read recorded."""

    recheck_id: int | None = None
    status: str = ""
    changes: list[dict[str, Any]] = field(default_factory=list)
    items: int = 0
    problems: list[str] = field(default_factory=list)


def record_reread(db: sqlite_utils.Database, reread: dict[str, Any], *, now: str) -> RereadResult:
    """Compare one re-read with the baseline and record it (see the module docstring)."""
    result = RereadResult()
    source = str(reread.get("source") or "")
    court = str(reread.get("court") or "").lower()
    docket_number = str(reread.get("docket_number") or "")
    outcome = reread.get("outcome")
    if outcome not in OUTCOMES or not (source and court and docket_number):
        result.problems.append(f"unreadable re-read record (outcome {outcome!r})")
        return result
    case_id = case_id_for(court, docket_number)
    items = [item for item in reread.get("items") or [] if _valid(item)]
    result.items = len(items)
    with write_transaction(db):
        if get_row(db, "cases", case_id) is None:
            if not is_watched(db, case_id):  # a watched case is created at its first read
                result.problems.append(f"{case_id}: case not in the store")
                return result
            new = {"case_name": str(reread.get("case_name") or "")[:300] or None}
            upsert_case(db, court, docket_number, source=source, now=now, existing=None, new=new)
        recheck_id = _insert_recheck(db, case_id, source, reread, items, now)
        result.recheck_id, result.status = recheck_id, outcome
        if outcome in ("complete", "partial", "withdrawn"):
            baseline = _baseline(db, source, case_id)
            by_item = _entries_by_source_id(db, source, case_id, baseline)
            found = _compare(db, source, case_id, baseline, by_item, items, outcome, reread)
            for change in found:
                change["recheck_id"] = recheck_id
                _store_change(db, change, now)
            result.changes = found
            _remember(db, source, case_id, items, by_item, recheck_id, now, outcome)
        db.conn.execute(
            "update rechecks set changes = ? where id = ?", [len(result.changes), recheck_id]
        )
    return result


def _valid(item: Any) -> bool:
    return (
        isinstance(item, dict)
        and item.get("kind") in ("entry", "document", "granule", "package")
        and bool(item.get("item_id"))
        and isinstance(item.get("state"), str)
    )


def _insert_recheck(db, case_id, source, reread, items, now) -> int:
    entry_kind = ENTRY_KINDS.get(source, "entry")
    evidence = {
        "pages": reread.get("pages"),
        "failure": reread.get("failure"),
        **(reread.get("evidence") or {}),
    }
    cursor = db.conn.execute(
        "insert into rechecks (case_id, source, started, finished, status, url, entries, "
        "documents, changes, detail) values (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
        [
            case_id,
            source,
            reread.get("started") or now,
            now,
            reread["outcome"],
            reread.get("url"),
            sum(1 for item in items if item["kind"] == entry_kind),
            sum(1 for item in items if item["kind"] == "document"),
            json.dumps({k: v for k, v in evidence.items() if v not in (None, "", [], {})}),
        ],
    )
    return int(cursor.lastrowid)


def _baseline(db, source: str, case_id: str) -> dict[tuple[str, str], dict[str, Any]]:
    """What the source showed at its last read, and the entries stored from it since."""
    known: dict[tuple[str, str], dict[str, Any]] = {}
    for row in db.query(
        "select kind, item_id, state, entry_id, last_seen from source_items "
        "where source = ? and case_id = ?",
        [source, case_id],
    ):
        known[(row["kind"], row["item_id"])] = dict(row)
    entry_kind = ENTRY_KINDS.get(source, "entry")
    for row in db.query(
        "select s.source_id, s.entry_id, s.first_seen, s.last_seen from entry_sources s "
        "join docket_entries d on d.id = s.entry_id "
        "where s.source = ? and d.case_id = ? and s.source_id is not null",
        [source, case_id],
    ):
        known.setdefault(
            (entry_kind, row["source_id"]),
            {
                "kind": entry_kind,
                "item_id": row["source_id"],
                "state": "public",
                "entry_id": row["entry_id"],
                "last_seen": row["last_seen"],
            },
        )
    return known


def _entries_by_source_id(db, source: str, case_id: str, baseline: dict) -> dict[str, str]:
    """The case's stored entries under the source's own ids, and the entries of the baseline."""
    entry_kind = ENTRY_KINDS.get(source, "entry")
    found = {
        row["source_id"]: row["entry_id"]
        for row in db.query(
            "select s.source_id, s.entry_id from entry_sources s join docket_entries d "
            "on d.id = s.entry_id where s.source = ? and d.case_id = ?",
            [source, case_id],
        )
    }
    found.update({key[1]: row["entry_id"] for key, row in baseline.items() if key[0] == entry_kind})
    return found


def _entry_for(db, source: str, case_id: str, item: dict[str, Any], by_item: dict) -> str | None:
    """The stored entry an item belongs to: by the source's id, else by entry number."""
    entry_item = item["item_id"] if item["kind"] in ("entry", "granule") else item.get("entry_item")
    if entry_item and entry_item in by_item:
        return by_item[entry_item]
    number = item.get("entry_number")
    if isinstance(number, int):
        entry_id = f"{case_id}:{number}"
        if get_row(db, "docket_entries", entry_id) is not None:
            return entry_id
    return None


def _compare(db, source, case_id, baseline, by_item, items, outcome, reread) -> list[dict]:
    """The changes between the baseline and this read (`by_item`: the case's entries by the
    source's own ids)."""
    entry_kind = ENTRY_KINDS.get(source, "entry")
    evidence = _evidence(source, reread)
    changes: list[dict[str, Any]] = []

    def change(kind: str, key: tuple[str, str], before: str, after: str, entry_id) -> None:
        changes.append(
            {
                "case_id": case_id,
                "entry_id": entry_id,
                "source": source,
                "item_kind": key[0],
                "item_id": key[1],
                "kind": kind,
                "before": before,
                "after": after,
                "evidence": {
                    **evidence,
                    "last_seen_before": baseline.get(key, {}).get("last_seen"),
                },
            }
        )

    seen: set[tuple[str, str]] = set()
    for item in items:
        key = (item["kind"], item["item_id"])
        seen.add(key)
        prior = baseline.get(key)
        if prior is None:
            continue  # first sight: a baseline, not a change
        before, after = prior["state"], _next_state(prior["state"], item["state"])
        item["state"] = after
        if before == after or key[0] == "package":
            continue  # a package's own state is kept; its granules carry the changes
        entry_id = prior.get("entry_id") or _entry_for(db, source, case_id, item, by_item)
        if before in VISIBLE and after in HIDDEN:
            change("sealed_later", key, before, after, entry_id)
        elif before in HIDDEN and after in VISIBLE:
            change("unsealed_later", key, before, after, entry_id)
    if outcome == "partial":
        return changes
    gone = "withdrawn" if source == "govinfo" else "missing"
    listed = _entries_listed(baseline, by_item, items, entry_kind)
    for key, prior in baseline.items():
        if key in seen or prior["state"] not in VISIBLE:
            continue
        if outcome == "withdrawn" and key[0] == entry_kind:
            change("withdrawn", key, prior["state"], "withdrawn", prior.get("entry_id"))
        elif outcome == "complete" and key[0] == entry_kind:
            kind = "withdrawn" if gone == "withdrawn" else "vanished"
            change(kind, key, prior["state"], gone, prior.get("entry_id"))
        elif outcome == "complete" and key[0] == "document" and prior.get("entry_id") in listed:
            # its entry is still there, read in full, without it: taken out of view
            change("sealed_later", key, prior["state"], "missing", prior["entry_id"])
    return changes


def _entries_listed(baseline: dict, by_item: dict, items: list, entry_kind: str) -> set[str]:
    """The stored entries this read listed with their whole list of documents, none of them
    new: a document can only be missing from one of these. Left out: an entry gone with its
    documents (the entry's own `vanished`), one whose documents the source did not give
    (`documents_known` false), and one listing a document not seen before (it may be the
    same document under a new id)."""
    renewed = {
        item.get("entry_item")
        for item in items
        if item["kind"] == "document" and ("document", item["item_id"]) not in baseline
    }
    listed = set()
    for item in items:
        if item["kind"] != entry_kind or item.get("documents_known") is False:
            continue
        if item["item_id"] in renewed:
            continue
        prior = baseline.get((entry_kind, item["item_id"])) or {}
        entry_id = prior.get("entry_id") or by_item.get(item["item_id"])
        if entry_id:
            listed.add(entry_id)
    return listed


def _next_state(before: str, now_shown: str) -> str:
    """The state to keep: a document seen available and now merely unavailable is `withheld`
    (so its return counts); an unavailable one that was withheld stays withheld."""
    if now_shown == "unavailable" and before in ("available", "withheld"):
        return "withheld"
    return now_shown


def _evidence(source: str, reread: dict[str, Any]) -> dict[str, Any]:
    return {
        "source": source,
        "read": reread.get("url"),
        "outcome": reread.get("outcome"),
        "pages": reread.get("pages"),
        "compared": f"the {SOURCE_WORDS.get(source, source)} "
        + ("package" if source == "govinfo" else "docket")
        + " read in full"
        if reread.get("outcome") == "complete"
        else reread.get("outcome"),
        **({"addresses": reread["evidence"].get("addresses")} if reread.get("evidence") else {}),
    }


def _store_change(db, change: dict[str, Any], now: str) -> None:
    cursor = db.conn.execute(
        "insert into docket_changes (case_id, entry_id, source, item_kind, item_id, kind, "
        "before, after, seen, recheck_id, evidence) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            change["case_id"],
            change["entry_id"],
            change["source"],
            change["item_kind"],
            change["item_id"],
            change["kind"],
            change["before"],
            change["after"],
            now,
            change["recheck_id"],
            json.dumps({k: v for k, v in change["evidence"].items() if v is not None}),
        ],
    )
    change["id"] = int(cursor.lastrowid)
    change["seen"] = now
    if change["entry_id"]:
        event_id = _insert_event(db, change, now)
        db.conn.execute(
            "update docket_changes set event_id = ? where id = ?", [event_id, change["id"]]
        )
        change["event_id"] = event_id


def _insert_event(db, change: dict[str, Any], now: str) -> str:
    entry = get_row(db, "docket_entries", change["entry_id"]) or {}
    event_id = f"{change['entry_id']}:change-{change['id']}"
    number = entry.get("entry_number")
    record = {
        "id": event_id,
        "case_id": change["case_id"],
        "entry_id": change["entry_id"],
        "event_type": CHANGE_EVENT_TYPES[change["kind"]],
        "outcome": "none",
        "movant_role": "unknown",
        "movant_text": None,
        "target_entries": json.dumps([number] if isinstance(number, int) else []),
        "documents_sealed": "[]",
        "decided_on": None,
        "summary": change_summary(change, entry),
        "rule_id": f"after_the_fact:{change['kind']}",
        "classifier_version": CLASSIFIER_VERSION,
        "first_seen": now,
        "updated": now,
    }
    insert_row(db, "sealing_events", clean_row("sealing_events", record))
    return event_id


def change_summary(change: dict[str, Any], entry: dict[str, Any]) -> str:
    """One sentence a reader understands: what was there, where, and what it is now."""
    where = SOURCE_WORDS.get(change["source"], change["source"])
    number = entry.get("entry_number")
    what = f"Entry {number}" if isinstance(number, int) else "An entry"
    if change["item_kind"] == "document":
        what = f"A document of entry {number}" if isinstance(number, int) else "A document"
    text = " ".join(str(entry.get("short_description") or entry.get("text") or "").split())
    if len(text) > _EXCERPT_CHARS:
        text = text[: _EXCERPT_CHARS - 1].rstrip() + "…"
    quoted = f" ({text})" if text else ""
    seen = change.get("seen", "")[:10]
    ending = {
        "vanished": f"is gone from the docket as {where} showed it in full on {seen}",
        "sealed_later": f"is marked sealed or no longer available on {where} as of {seen}",
        "unsealed_later": f"is back in view on {where} as of {seen}",
        "withdrawn": f"was withdrawn from {where} as of {seen}",
    }[change["kind"]]
    return f"{what}{quoted}, seen in public before, {ending}."


def _remember(
    db, source, case_id, items: Iterable[dict[str, Any]], by_item, recheck_id, now, outcome
) -> None:
    """Keep what this read showed, and the new state of items it found gone."""
    for item in items:
        entry_id = _entry_for(db, source, case_id, item, by_item)
        db.conn.execute(
            "insert into source_items (source, item_id, kind, case_id, entry_id, state, "
            "first_seen, last_seen, last_recheck) values (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "on conflict (source, item_id) do update set state = excluded.state, "
            "last_seen = excluded.last_seen, last_recheck = excluded.last_recheck, "
            "entry_id = coalesce(excluded.entry_id, source_items.entry_id)",
            [source, item["item_id"], item["kind"], case_id, entry_id, item["state"], now, now,
             recheck_id],
        )  # fmt: skip
    if outcome == "withdrawn":  # GovInfo answered the package is gone: so is its state
        db.conn.execute(
            "update source_items set state = 'withdrawn', last_recheck = ? where source = ? "
            "and case_id = ? and kind = 'package'",
            [recheck_id, source, case_id],
        )
    for change in db.query(
        "select item_kind, item_id, entry_id, after from docket_changes where recheck_id = ? "
        "and after in ('missing', 'withdrawn')",
        [recheck_id],
    ):
        db.conn.execute(
            "insert into source_items (source, item_id, kind, case_id, entry_id, state, "
            "first_seen, last_seen, last_recheck) values (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "on conflict (source, item_id) do update set state = excluded.state, "
            "last_recheck = excluded.last_recheck",
            [source, change["item_id"], change["item_kind"], case_id, change["entry_id"],
             change["after"], now, now, recheck_id],
        )  # fmt: skip
