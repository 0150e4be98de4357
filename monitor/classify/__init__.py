"""One docket entry → is it a sealing event, which kind, what outcome, who asked.

Rule-based, precompiled, and cheap on the common case: an entry with none of the sealing stems
(seal, redact, impound, restrict, lodg, sensitive, publicly) is rejected after one regex search,
which is what most of 94 courts' RSS traffic is.

How an entry is read (domain.md §1), each class of rule in its own module:

1. :mod:`~monitor.classify.patterns`: boilerplate is removed first (transcript and E-Government
   notices, false friends), then the leading event decides the family (request, ruling, paper
   that only mentions a sealing motion, clerk annotation). It also holds the shared leads and the
   ``MAX_TEXT`` bound.
2. :mod:`~monitor.classify.requests`: whether a motion or letter asks for sealing or unsealing,
   and which papers are themselves sealed or redacted.
3. :mod:`~monitor.classify.rulings`: the outcome per sealing motion an order names, directives,
   and the order's refs.
4. :mod:`~monitor.classify.movant`: who asked (``movant_role``), read from the text and resolved
   against the caption (:func:`resolve_role`).
5. :mod:`~monitor.classify.result`: :class:`Classification` and its summary line.

Imports go one way only: ``patterns`` ← ``movant`` ← ``result`` ← ``requests`` ← ``rulings`` ←
this module, which dispatches on the leading event (:func:`_classify_text`).

When the text says nothing sealing but the RSS short description (the CM/ECF event name, e.g.
``Sealed Document``) does, the short description decides the event and the text still gives the
references and the movant. The PACER RSS parser merges a multi-event item's names with `` AND ``
(``Order on Motion to Seal AND ~Util - Set Deadlines``); names split on `` AND `` / ``; `` are
judged one by one, so one event's scheduling words do not veto the sealing order beside it. When
several are sealing events, rulings win over requests over papers, and a sealing ruling over an
unsealing one (decision: ``Order on Motion to Seal Document AND Order on Motion to Unseal
Document`` → ``sealing_order``, ``unknown``, as for full texts that rule on both).

Only the first ``MAX_TEXT`` (6,000) characters of a text or short description are read, and each
motion noun of an order a bounded window around it, so the cost is linear in that prefix.
"""

from __future__ import annotations

import dataclasses
import re

from monitor.classify.movant import filer, resolve_role, trim_movant
from monitor.classify.patterns import (
    ANY_TERM,
    APPELLATE_FILED,
    APPELLATE_ORDER,
    ATTACHMENTS,
    CLERK_NOTE_LEAD,
    JUDGE_PREFIX,
    LETTER_LEAD,
    MAX_TEXT,
    MINUTES_HEADER,
    MODIFICATION_LEAD,
    MODIFIED_BY_UNSEALING,
    MODIFIED_SEALED,
    MODIFIED_UNSEALED,
    MOTION_LEAD,
    ORDER_LEAD,
    PAPER_LEAD,
    REDACTION_LEAD,
    SCHEDULING_LEAD,
    SEALED_LEAD,
    SHOW_CAUSE_LEAD,
    TRANSCRIPT_REQUEST_LEAD,
    UNSEALED_LEAD,
    UNSEALED_NOTE,
    strip_boilerplate,
)
from monitor.classify.requests import paper_markers, read_letter, read_motion
from monitor.classify.result import (
    Classification,
    docs_suffix,
    not_sealing,
    sealing_event,
    summary_line,
)
from monitor.classify.rulings import read_order
from monitor.excerpt import docket_reading
from monitor.judges import judge_from_docket_text
from monitor.refs import extract_refs

__all__ = ["CLASSIFIER_VERSION", "MAX_TEXT", "Classification", "classify", "resolve_role"]

CLASSIFIER_VERSION = "2026.12.6"

_ORDER_TYPES = ("sealing_order", "unsealing_order")


def _clerk_record(rule_id: str, refs, case_name: str, clean: str):
    """What a clerk's note or annotation records: a paper unsealed (rule `unseal.…`: an
    unsealing, granted) or sealed (`sealed.…`: a sealed filing); who asked is not shown."""
    if rule_id.startswith("unseal."):
        return sealing_event(
            "unsealing_order", "granted", refs, "", case_name, rule_id, clean, "unknown"
        )
    return sealing_event("sealed_filing", "none", refs, "", case_name, rule_id, clean, "unknown")


def _classify_text(text: str, case_name: str) -> Classification:
    if not text or not ANY_TERM.search(text):
        # No caller reads the refs of a non-sealing entry (store and reclassify keep events
        # only; identity compares sealing readings), so the common path skips extract_refs;
        # _classify reads them when the short description makes the entry a sealing event.
        return not_sealing("none.no_terms.v1")
    clean, flags = strip_boilerplate(text)
    refs = extract_refs(clean)
    if not ANY_TERM.search(clean):
        flag = sorted(flags - {"false_friend"}) or sorted(flags) or ["none"]
        return not_sealing(f"trap.{flag[0]}.v1", refs)

    body = JUDGE_PREFIX.sub("", clean).lstrip(" *:-")
    header = MINUTES_HEADER.match(body)
    if header and SEALED_LEAD.match(body[header.end() :]):
        body = body[header.end() :]  # SF-02 "Minute Entry for ... before Judge X: SEALED ..."
    sealed_lead = False
    lead = SEALED_LEAD.match(body)
    if lead:
        sealed_lead = True
        body = body[lead.end() :]
        again = SEALED_LEAD.match(body)  # "**SEALED DOCUMENT** SEALED MOTION ..."
        if again:
            body = body[again.end() :]
    egov = "egov" in flags
    appellate_filer = ""
    filed_lead = APPELLATE_FILED.match(body)
    if filed_lead:
        appellate_filer = trim_movant(filed_lead.group("who"))
        body = body[filed_lead.end() :]
    elif APPELLATE_ORDER.match(body):
        body = "ORDER " + body[APPELLATE_ORDER.match(body).end() :]
    attachments_free = ATTACHMENTS.sub(" ", body)

    if UNSEALED_LEAD.match(body) or (not sealed_lead and UNSEALED_NOTE.match(body)):
        return _clerk_record("unseal.annotation.v1", refs, case_name, clean)
    if MODIFICATION_LEAD.match(body):
        if MODIFIED_UNSEALED.search(body):
            return _clerk_record("unseal.annotation.v1", refs, case_name, clean)
        if MODIFIED_SEALED.search(body):
            return _clerk_record("sealed.clerk_modification.v1", refs, case_name, clean)
        return not_sealing("none.modification.v1", refs)

    if CLERK_NOTE_LEAD.match(body):  # SF-03 a clerk's note of what was done
        if MODIFIED_UNSEALED.search(body):
            return _clerk_record("unseal.clerk_note_lead.v1", refs, case_name, clean)
        if MODIFIED_SEALED.search(body):
            return _clerk_record("sealed.clerk_note.v1", refs, case_name, clean)

    if TRANSCRIPT_REQUEST_LEAD.match(body):
        return not_sealing("trap.transcript_redaction_request.v1", refs)
    if SCHEDULING_LEAD.match(body):
        return not_sealing("trap.scheduling.v1", refs)

    order_like = ORDER_LEAD.match(body) or (
        re.search(r"(?:;|,)\s*(?:\[PROPOSED\]\s*)?ORDER\b", attachments_free)
        and re.search(r"\bsigned\s+by\b", attachments_free, re.I)
    )
    if order_like:
        result = read_order(clean, attachments_free, sealed_lead, case_name, refs)
        if result is not None:
            return result
        if not sealed_lead and SHOW_CAUSE_LEAD.match(body):
            return not_sealing("trap.order_to_show_cause.v1", refs)
        marked = paper_markers(clean, sealed_lead, egov, case_name, refs, "order")
        if marked is not None:
            return Classification(
                True,
                marked.event_type,
                "none",
                refs,
                "unknown",
                "",
                marked.rule_id.replace("sealed.", "sealed.order_"),
                "Sealed order" + docs_suffix(refs),
            )
        return not_sealing("none.order_other.v1", refs)

    redaction_lead = REDACTION_LEAD.match(body)
    if redaction_lead:
        movant = filer(attachments_free)
        return sealing_event(
            "redaction", "none", refs, movant, case_name, "redaction.lead.v1", clean
        )

    motion_lead = MOTION_LEAD.match(body)
    if motion_lead:
        result = read_motion(clean, attachments_free, motion_lead, case_name, refs)
        if result is not None and appellate_filer and not result.movant_text:
            role = result.movant_role
            if role == "unknown":
                role = resolve_role(appellate_filer, case_name, clean)
            result = sealing_event(
                result.event_type,
                "none",
                refs,
                appellate_filer,
                case_name,
                result.rule_id,
                clean,
                role,
            )
        if result is not None:
            return result
    elif LETTER_LEAD.match(body):
        result = read_letter(clean, attachments_free, case_name, refs)
        if result is not None:
            return result

    marked = paper_markers(clean, sealed_lead, egov, case_name, refs, "paper")
    if marked is not None:
        return marked
    if PAPER_LEAD.match(body):
        return not_sealing("trap.mentions_sealing_motion.v1", refs)
    if motion_lead:
        return not_sealing("none.motion_other.v1", refs)
    if egov:
        return not_sealing("trap.egov.v1", refs)
    if MODIFIED_BY_UNSEALING.search(clean):
        return sealing_event(
            "unsealing_order",
            "granted",
            refs,
            "",
            case_name,
            "unseal.clerk_note.v1",
            clean,
            "unknown",
        )
    return not_sealing("none.other.v1", refs)


# The PACER RSS parser joins the event names of a multi-event item with " AND " (sorted), and
# some courts list several events separated by "; ".
_SHORT_SPLIT = re.compile(r"\s+AND\s+|\s*;\s+")
# When several event names of one item are sealing events: rulings first, then requests, then
# papers (a sealing and an unsealing ruling together read as a sealing order, as in full texts).
_SHORT_PRIORITY = (
    "sealing_order",
    "unsealing_order",
    "motion_to_seal",
    "unseal_motion",
    "sealed_filing",
    "redaction",
)


def _classify_short(short: str, case_name: str) -> Classification:
    """An RSS short description: each merged event name is judged on its own, so that ``Order on
    Motion to Seal AND ~Util - Set Deadlines`` is not vetoed by the other event's scheduling words
    and ``Order on Motion to Dismiss AND ...`` cannot borrow a sealing word from a neighbour."""
    parts = [part for part in _SHORT_SPLIT.split(short) if part.strip()]
    if len(parts) <= 1:
        return _classify_text(short, case_name)
    results = [_classify_text(part, case_name) for part in parts]
    sealing = [r for r in results if r.is_sealing]
    if not sealing:
        return results[0]
    return min(sealing, key=lambda r: _SHORT_PRIORITY.index(r.event_type))


def classify(text: str, short_description: str = "", case_name: str = "") -> Classification:
    """Classify one docket entry (full text and/or the RSS short description).

    A text that is the opening of the filed document instead (CourtListener's Atom feed) is
    read from its title, without the CM/ECF stamp and the caption (`monitor.excerpt`).

    Orders (``sealing_order``, ``unsealing_order``) also carry the issuing judge and the judge's
    role as the docket text names them (``Signed by Magistrate Judge …``, ``ORDER by Judge …``,
    ``Judge X: ELECTRONIC ORDER``; :func:`monitor.judges.judge_from_docket_text`); other events
    and texts that name no issuing judge leave both empty.
    """
    result = _classify(text, short_description, case_name)
    if result.event_type not in _ORDER_TYPES:
        return result
    name, role = judge_from_docket_text(
        docket_reading((text or "")[:MAX_TEXT]) or (short_description or "")[:MAX_TEXT]
    )
    if not name:
        return result
    return dataclasses.replace(result, judge=name, judge_role=role)


def _classify(text: str, short_description: str, case_name: str) -> Classification:
    text = docket_reading((text or "")[:MAX_TEXT])
    short = (short_description or "")[:MAX_TEXT]
    primary = _classify_text(text, case_name) if text.strip() else None
    if primary is not None and primary.is_sealing:
        return primary
    if short.strip():
        from_short = _classify_short(short, case_name)
        if from_short.is_sealing:
            if primary is None:
                return from_short
            # The event name decides; the full text still knows the targets and the filer.
            movant = (
                filer(ATTACHMENTS.sub(" ", strip_boilerplate(text)[0])) or from_short.movant_text
            )
            role = resolve_role(movant, case_name, text) if movant else from_short.movant_role
            refs = primary.refs
            if not refs and primary.rule_id == "none.no_terms.v1":
                refs = extract_refs(text)  # the common path did not read them
            refs = refs or from_short.refs
            rule = "short." + from_short.rule_id
            return Classification(
                True,
                from_short.event_type,
                from_short.outcome,
                refs,
                role,
                movant,
                rule,
                summary_line(from_short.event_type, from_short.outcome, movant, refs, rule),
            )
    if primary is None:
        return _classify_short(short, case_name) if short.strip() else not_sealing("none.empty.v1")
    return primary
