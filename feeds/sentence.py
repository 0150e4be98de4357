"""One sealing event told in one sentence, from a row of the event views. Pure: no I/O.

    On 21 Nov 2026 Magistrate Judge Dana E. Brightwater granted the petitioner's motion to
    seal two documents in Ramirez-Soto v. Noem et al (S.D. Cal., 3:26-cv-01877).

`event_sentence(row, *, pending=None) -> str` reads the view's columns (`date`, `decided_on`,
`event_type`, `outcome`, `movant_role`, `judge`, `judge_role`, `documents_sealed`,
`case_name`, `court_name`, `court`, `docket_number`) and says only what they hold:

- The date is the order's `decided_on` for a ruling, else the entry's `date`, as the court
  gave it (the date part of the ISO string, no time-zone shift: a late-evening Pacific filing
  keeps its own day). No date: the sentence starts with its subject.
- Who acted: for an order, the judge with the office the order gives (`judge_role`
  magistrate/district/circuit/bankruptcy; `unknown` gives plain "Judge"), else "the court".
  For a motion, the movant's role (`movant_role`, the fixed vocabulary); `unknown` and `none`
  fall back to the passive ("a motion to seal was filed"). `plaintiff_petitioner` is the word
  the order or docket uses when `movant_text` starts with it ("Petitioner", "plaintiffs"),
  else "the petitioner" in a habeas case (nature of suit 463, where the filer is a petitioner
  by definition), else "the plaintiff or petitioner": the row does not say which.
- What: `documents_sealed` is counted ("three documents"), never summarised; an empty list
  says nothing about documents.
- Outcomes: `granted`, `granted_in_part`, `denied`, `moot`; `unknown` says the text does not
  give the result; `none` on an order says it was an order on sealing (or unsealing).
- Sealing after the fact (`sealed_after_filing`, `unsealed_after_filing`): the date is when
  the change was seen (the view's `date` for these events) and the sentence says what a
  re-read found, by the kind in `rule_id` when the row has it ("On 3 Dec 2026 docket entry
  3, seen in public before, was found gone from the docket in ..."): neither a motion nor
  an order, so no movant, judge or outcome.
- `pending=True` (the caller found no ruling on a motion) adds "no ruling has been seen yet";
  the row alone never claims a motion is pending.
- Where: "in {case name} ({court}, {docket number})"; without a case name, "in case
  {docket number} ({court})". The court is its short name, else its id.

The result is plain text (the page escapes it).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

__all__ = ["count_text", "day_text", "event_sentence", "movant_label"]

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")

_JUDGE_TITLES = {
    "magistrate": "Magistrate Judge",
    "district": "District Judge",
    "circuit": "Circuit Judge",
    "bankruptcy": "Bankruptcy Judge",
}
# A movant's motion, in the possessive or as "by ..." (roles of monitor.vocab.MOVANT_ROLES).
_MOTION_OF = {
    "government": "the government's",
    "defendant_nongov": "a non-government defendant's",
    "criminal_defendant": "the criminal defendant's",
    "third_party": "a third party's",
    "joint": "the parties' joint",
}
# The movant as the subject of a sentence ("the government moved to seal").
_MOVANT_SUBJECT = {
    "government": "the government",
    "plaintiff_petitioner": "the plaintiff or petitioner",
    "defendant_nongov": "a non-government defendant",
    "criminal_defendant": "the criminal defendant",
    "third_party": "a third party",
    "joint": "the parties jointly",
}
# Role words, for the facts beside the sentence (`plaintiff_petitioner` → ...).
ROLE_LABELS = {
    **_MOVANT_SUBJECT,
    "court_sua_sponte": "the court, on its own motion",
    "unknown": "not known",
    "none": "no one (nothing was asked for)",
}
_SIDE_WORDS = ("plaintiffs", "plaintiff", "petitioners", "petitioner")
_ORDERS = ("sealing_order", "unsealing_order")
# Marks an action whose result the text does not give; the clause goes after the case.
_HOW = "\x00how"


def _text(value: object) -> str:
    """A value as one line of text (control characters and runs of spaces collapsed)."""
    if value is None:
        return ""
    return " ".join(_CONTROL.sub(" ", str(value)).split())


def day_text(value: object) -> str:
    """`2026-11-21T16:02:40+00:00` → `21 Nov 2026`; anything else → ``."""
    match = _DATE.match(_text(value))
    if not match:
        return ""
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return ""
    return f"{day} {_MONTHS[month - 1]} {year}"


def count_text(count: int, noun: str) -> str:
    """`three documents`, `one document`, `12 documents`."""
    word = _NUMBERS[count] if 0 <= count < len(_NUMBERS) else str(count)
    return f"{word} {noun}" if count == 1 else f"{word} {noun}s"


def _documents(row: Mapping) -> int:
    value = row.get("documents_sealed")
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return 0
    if not isinstance(value, list):
        return 0
    return sum(1 for item in value if _text(item))


def _side(row: Mapping) -> str:
    """`plaintiff_petitioner` in the words the row gives (see the module docstring)."""
    first = _text(row.get("movant_text")).lower().split(" ", 1)[0].strip(",.;:")
    if first in _SIDE_WORDS:
        return f"the {first}"
    if _text(row.get("nos_code")) == "463":
        return "the petitioner"
    return _MOVANT_SUBJECT["plaintiff_petitioner"]


def _subject(row: Mapping) -> str | None:
    """Who moved, as a sentence's subject; None when the row does not say."""
    role = _text(row.get("movant_role"))
    if role == "plaintiff_petitioner":
        return _side(row)
    return _MOVANT_SUBJECT.get(role)


def _possessive(subject: str) -> str:
    """`the government` → `the government's`; `the plaintiffs` → `the plaintiffs'`."""
    return f"{subject}'" if subject.endswith("s") else f"{subject}'s"


def movant_label(row: Mapping) -> str:
    """Who asked, in words, for the facts beside the sentence (`` when the row has no role)."""
    role = _text(row.get("movant_role"))
    if role == "plaintiff_petitioner":
        return _side(row)
    return ROLE_LABELS.get(role, role.replace("_", " "))


def _judge(row: Mapping) -> str:
    name = _text(row.get("judge"))
    if not name:
        return "the court"
    if re.match(r"(?i)^(chief |senior )?((magistrate|district|circuit|bankruptcy) )?judge\b", name):
        return name
    title = _JUDGE_TITLES.get(_text(row.get("judge_role")), "Judge")
    return f"{title} {name}"


def _where(row: Mapping) -> str:
    court = _text(row.get("court_name")) or _text(row.get("court"))
    docket = _text(row.get("docket_number"))
    name = _text(row.get("case_name"))
    if name:
        inside = ", ".join(part for part in (court, docket) if part)
        return f"in {name} ({inside})" if inside else f"in {name}"
    if docket:
        return f"in case {docket} ({court})" if court else f"in case {docket}"
    return f"in a case in {court}" if court else "in an unnamed case"


def _order(row: Mapping, verb: str) -> str:
    """What an order did; `verb` is `seal` or `unseal`."""
    judge = _judge(row)
    outcome = _text(row.get("outcome"))
    role = _text(row.get("movant_role"))
    documents = _documents(row)
    what = f" {count_text(documents, 'document')}" if documents else ""
    if role == "court_sua_sponte":
        if outcome in ("granted", "granted_in_part", "none", ""):
            thing = count_text(documents, "document") if documents else "material"
            own = "its" if judge == "the court" else "the court's"
            return f"{judge}, on {own} own motion, ordered {thing} {verb}ed"
        motion = f"the court's own motion to {verb}"
    else:
        whose = _MOTION_OF.get(role, "a")
        if role == "plaintiff_petitioner":
            whose = _possessive(_side(row))
        motion = f"{whose} motion to {verb}"
    if outcome == "granted":
        return f"{judge} granted {motion}{what}"
    if outcome == "granted_in_part":
        sealing = f", {verb}ing{what}" if what else ""
        return f"{judge} granted in part {motion}{sealing}"
    if outcome == "denied":
        return f"{judge} denied {motion}"
    if outcome == "moot":
        return f"{judge} found {motion} moot"
    if outcome == "unknown":
        return f"{judge} ruled on {motion}{_HOW}"
    # `none`: an order on sealing that rules on no motion the text names.
    if documents:
        return f"{judge} ordered {count_text(documents, 'document')} {verb}ed"
    return f"{judge} issued an order on {verb}ing"


def _motion(row: Mapping, verb: str) -> str:
    """A motion to seal or unseal: who moved, else the passive."""
    subject = _subject(row)
    documents = _documents(row)
    what = f" {count_text(documents, 'document')}" if documents else ""
    if subject:
        return f"{subject} moved to {verb}{what}"
    return f"a motion to {verb}{what} was filed"


def _filing(row: Mapping, kind: str) -> str:
    """A sealed filing or a redacted version."""
    subject = _subject(row)
    documents = _documents(row)
    if kind == "sealed_filing":
        thing = count_text(documents, "document") if documents > 1 else "a document"
        return f"{subject} filed {thing} under seal" if subject else f"{thing} was filed under seal"
    if subject:
        return f"{subject} filed a redacted public version of a document"
    return "a redacted public version of a document was filed"


# Sealing after the fact (`monitor.after_the_fact`), by the change's kind (the event's
# `rule_id` is `after_the_fact:<kind>`), else by the event type alone.
_FOUND = {
    "vanished": "seen in public before, was found gone from the docket",
    "sealed_later": "seen in public before, was found sealed or no longer available",
    "withdrawn": "seen in public before, was found withdrawn from GovInfo",
    "unsealed_later": "out of view before, was found back in view",
    "sealed_after_filing": "seen in public before, was found gone, sealed or withdrawn",
    "unsealed_after_filing": "out of view before, was found back in view",
}


def _after_filing(row: Mapping, event_type: str) -> str:
    """What a re-read found: `docket entry 3, seen in public before, was found gone ...`."""
    rule = _text(row.get("rule_id"))
    kind = rule.removeprefix("after_the_fact:") if rule.startswith("after_the_fact:") else ""
    number = row.get("entry_number")
    entry = f"docket entry {number}" if isinstance(number, int) else "a docket entry"
    return f"{entry}, {_FOUND.get(kind) or _FOUND[event_type]}"


def _action(row: Mapping) -> str:
    event_type = _text(row.get("event_type"))
    if event_type in ("sealed_after_filing", "unsealed_after_filing"):
        return _after_filing(row, event_type)
    if event_type == "sealing_order":
        return _order(row, "seal")
    if event_type == "unsealing_order":
        return _order(row, "unseal")
    if event_type == "motion_to_seal":
        return _motion(row, "seal")
    if event_type == "unseal_motion":
        return _motion(row, "unseal")
    if event_type in ("sealed_filing", "redaction"):
        return _filing(row, event_type)
    if event_type == "not_sealing":
        return "a docket entry was read as not about sealing"
    return "a sealing event was recorded"


def event_sentence(row: Mapping, *, pending: bool | None = None, case: bool = True) -> str:
    """The event in one sentence (see the module docstring). `case=False` leaves out where
    (for a page that is about the case already)."""
    event_type = _text(row.get("event_type"))
    when = ""
    if event_type in _ORDERS:
        when = day_text(row.get("decided_on"))
    when = when or day_text(row.get("date"))
    action = _action(row)
    where = f" {_where(row)}" if case else ""
    body = f"{action}{where}"
    if action.endswith(_HOW):
        body = f"{action.removesuffix(_HOW)}{where}, but the docket text does not say how"
    if pending and event_type in ("motion_to_seal", "unseal_motion"):
        body += "; no ruling on it has been seen yet"
    sentence = f"On {when} {body}" if when else body
    return sentence[0].upper() + sentence[1:] + "."
