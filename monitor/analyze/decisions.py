"""Rulings per motion that the plain decretal reader (:mod:`monitor.analyze.ruling`) misses.

Each rule has an id (``RULES``); a ruling found by it is a :class:`Found` (the motion as the
text names it, its docket numbers, the outcome, the rule id). Source quirks handled:

- ``head.docket_text``: case-law pages put the clerk's docket text above the order ("ORDER
  granting 42 Motion to Unseal …", "ORDER by Judge X GRANTING 31 MOTION TO FILE UNDER SEAL;
  DENYING 30 REQUEST FOR COUNSEL"), and the order's own title says the same in capitals
  ("ORDER DENYING MOTION TO" / "SEAL" broken over two lines by a caption column). One
  participle rules on every motion after it until the next participle ("granting 12 Motion
  for Extension of Time and 13 Motion to Seal").
- ``announce.modal`` / ``announce.first_person`` / ``announce.well_taken`` /
  ``announce.declines``: the ruling announced in the introduction of a text cut before the
  decretal paragraph ("the court will deny petitioner's motion", "the motion to seal will be
  granted", "I deny the motion to seal", "the motion is well taken", "the Court declines to
  seal"). Statements of law ("a motion to seal must be denied if …") are not rulings: the
  subject must be a definite motion, and conditional sentences are skipped.
- ``appeal.disposition``: an appellate court (or a district judge reviewing a magistrate
  judge) affirms, reverses or vacates a ruling below. Affirming keeps the ruling below
  ("partially denying" the appellant's motion counts as denying it: the appellant lost what
  was appealed); reversing or vacating turns it over; affirming in part and vacating in part
  is a ruling in part. ``appeal.antecedent``: the ruling below is often told as "X intervened
  and moved to unseal; the court denied that motion", so an object that only points back
  ("that motion", "it") is read with the clause where the party asked; the court below is
  "the court" as often as "the district court".

Nothing here guesses: no rule fires, no ruling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from monitor import fastre

__all__ = [
    "LIMITED_GRANT",
    "is_generic",
    "RULES",
    "Found",
    "header_rulings",
    "announced_rulings",
    "appellate_ruling",
]

RULES = {
    "head.docket_text": "docket text or title above the order: 'ORDER granting 42 Motion to Seal'",
    "announce.modal": "'the Court will grant the motion', 'the motion to seal must be denied'",
    "announce.first_person": "'I deny the motion to seal', 'we grant the motion'",
    "announce.well_taken": "'the motion is well taken' (granted) / 'not well taken' (denied)",
    "announce.declines": "'the Court declines to seal' / 'declines to unseal' (denied)",
    "appeal.disposition": "an appeal or review affirms, reverses or vacates a ruling below",
    "appeal.antecedent": "the ruling below names its motion only as 'that motion' / 'it': the "
    "clause where the party asked ('intervened and moved to unseal') says what it was",
    # Rules applied in monitor.analyze.ruling (no ruling entry of their own):
    "body.decretal": "'the motion to seal is GRANTED', 'the Court GRANTS IN PART …'",
    "body.recital": "an earlier ruling recited ('On May 2, 2017, the Court denied …') is skipped",
    "body.limited_grant": "'For the medical records …, the motion will be granted' is in part",
    "body.antecedent": "a bare 'the motion is denied' in an order that, up to there, names only "
    "other motions (to dismiss) and no sealing request rules on that other motion",
    "docs.label_range": "'Exhibits 1 through 3' sealed is three documents (ranges of at most 30)",
    "body.cut_findings": "a text cut in its concluding paragraph ('Accordingly, because the Court "
    "finds compelling reasons …') is read from that finding; any other cut paragraph is not",
    "event.access_words": "release / disclosure of sealed or ex parte papers, access to a sealed "
    "document, lifting remote-access limits: unsealing",
    "event.appeal_below": "on appeal, the motion ruled on below decides sealing vs unsealing",
    "event.rulings_unseal": "decretal rulings whose objects all open records up: unsealing",
    "event.in_camera_filing": "leave to file or submit a paper ex parte and/or in camera asks "
    "to keep it off the public record: a sealing request (review in camera alone is not)",
    "event.ref_before_object": "a docket reference between the motion and its object ('motion "
    "(Docket Entry No. 14) to file … under seal') does not hide the object",
    "event.release_impounded": "releasing impounded or sealed papers is unsealing them",
    "body.passive_subject": "'the motion for release is DENIED and the motion to seal is "
    "GRANTED': each passive ruling belongs to the motion named before it",
    "body.struck_passive": "'struck' rules on a paper only in the passive ('is struck'); 'he "
    "struck her' is a fact",
    "event.intro_phrase": "a request opened by the rule it invokes ('Pursuant to Rule 4(B) …, "
    "Plaintiff requests leave to file … under seal') is the party's sealing request",
    "event.restrict": "'Motion to Restrict', 'restricted at Level 2', 'shall remain restricted' "
    "(D. Colo., D. Neb.) are sealing; access 'restricted to case participants' is not",
    "event.object_ends_at_clause": "a motion's object ends where the main clause begins "
    "('on the motion for summary judgment, the Court reviewed the sealed entries')",
    "event.directed_unseal": "an operative 'the Clerk is DIRECTED to UNSEAL …' (any case) makes "
    "an unsealing order, also when the court acts on its own",
}


@dataclass
class Found:
    motion: str
    outcome: str
    rule: str
    refs: list[int] = field(default_factory=list)
    pos: int = 0
    #: The clause that says what an anaphoric motion ("that motion") asked for.
    about: str = ""

    def as_dict(self) -> dict:
        return {"motion": self.motion, "refs": self.refs, "outcome": self.outcome,
                "rule": self.rule}  # fmt: skip


_NUM = re.compile(r"(?<![\w./-])(\d{1,5})(?![\w/-]|\.\d)")

# --------------------------------------------------------------------------- head.docket_text
_HEAD_ORDER = re.compile(
    r"(?m)(?:^|\bSummary:\s*|\bFiling\s+(?:\d{1,5}\s+)?)[ \t]*"
    r"(?:(?:TEXT|MINUTE|ELECTRONIC|PAPERLESS|SEALED|MEMORANDUM|AMENDED)\s+)*(?:ORDER|Order)"
    r"(?:[ \t]+(?:by|of)[ \t]+[^\n;]{3,70}?(?=[ \t](?i:granting|"
    r"denying))|[ \t]*:)?[ \t]+(?=(?i:granting|denying)\b)"
    r"|\bORDER\s+(?=(?:GRANTING|DENYING)\b)"
)
_PARTICIPLE = fastre.compile(
    r"\b(?P<v>granting|denying)(?P<mod>\s+in\s+part\s+and\s+denying\s+in\s+part|\s+in\s+part|"
    r"\s+without\s+prejudice|\s+as\s+moot)?\b",
    re.I,
)
_HEAD_END = re.compile(
    r"\.\s+(?=[A-Z(])|\bSigned\s+by\b|\bEntered\s+by\b|\(\s*[a-z]{1,5},?\s*\)|\bRe:\s|\n\n|$"
)


def _head_line(text: str, start: int) -> str:
    """The docket text / title from ``start`` to its end; a title broken over caption lines
    ("ORDER DENYING MOTION TO" / "SEAL") is joined when a line ends on a dangling word."""
    window = text[start : start + 600]
    lines = window.split("\n")
    out = lines[0]
    for nxt in lines[1:4]:
        if re.search(r"\b(?:TO|AND|OF|FOR|UNDER|THE|RE|GRANTING|DENYING|PART)\s*$", out) and \
                re.match(r"\s*[A-Z][A-Z0-9 ,'&;:/().-]{1,80}$", nxt):  # fmt: skip
            out += " " + nxt.strip()
        else:
            break
    end = _HEAD_END.search(out)
    return out[: end.start()] if end else out


_REF_BEFORE_MOTION = fastre.compile(
    r"(?<![\w./-])(?<!\d,\s)\[?#?(\d{1,5})\]?\s+(?=(?:[\w'’-]+\s+){0,5}?(?:motion|application|request|"
    r"petition|stipulation|letter)s?\b)",
    re.I,
)


def _head_refs(piece: str) -> list[int]:
    """Docket numbers of the motion a docket-text piece names: "42 Sealed Motion", "RESPONDENT'S
    31 ADMINISTRATIVE MOTION", "Motions to Seal ( 290 , 305 )"."""
    refs = [int(n) for n in _REF_BEFORE_MOTION.findall(piece[:80])]
    if re.match(r"\[?\d{1,5}\]?$", piece.strip()):
        refs.append(int(piece.strip(" []")))
    for group in re.findall(r"\(\s*(\d{1,5}(?:\s*,\s*\d{1,5})*)\s*\)", piece):
        refs += [int(n) for n in re.findall(r"\d{1,5}", group)]
    for n in re.findall(
        r"\(\s*(?:Doc|ECF|Dkt|D\.E)\.?\s*(?:Nos?\.?)?\s*#?\s*(\d{1,5})\s*\)", piece
    ):
        refs.append(int(n))
    return refs


def _letters(motion: str) -> str:
    """A motion's name without numbers, apostrophes or spaces: the title "RESPONDENT'S
    ADMINISTRATIVE MOTION" repeats the docket text's "RESPONDENTS 31 ADMINISTRATIVE MOTION"."""
    return re.sub(r"[^a-z]", "", motion.lower())


def is_generic(head: str) -> bool:
    """The sentence before a ruling word states the law ("a motion to seal … must be denied")."""
    return bool(_GENERIC.search(head))


def _participle_outcome(v: str, mod: str) -> str:
    mod = re.sub(r"\s+", " ", (mod or "").lower()).strip()
    if "in part" in mod:
        return "granted_in_part"
    if "moot" in mod:
        return "moot"
    return "granted" if v.lower() == "granting" else "denied"


def header_rulings(text: str, limit: int = 3000) -> list[Found]:
    """Rulings stated by docket text or a title in capitals at the top of ``text``."""
    found: list[Found] = []
    head = text[:limit]
    for m in _HEAD_ORDER.finditer(head):
        line = _head_line(head, m.end())
        if line[:8].isupper():
            # A title in capitals ends where ordinary text begins ("… DOCUMENTS This matter").
            lower = re.search(r"\s(?:[A-Z][a-z]|[a-z]{2})", line)
            line = line[: lower.start()] if lower else line
        marks = list(_PARTICIPLE.finditer(line))
        if not marks or marks[0].start() != 0:
            continue
        for i, p in enumerate(marks):
            end = marks[i + 1].start() if i + 1 < len(marks) else len(line)
            outcome = _participle_outcome(p["v"], p["mod"])
            obj = line[p.end() : end].strip(" ;,")
            obj = re.sub(r"\s*[;,]?\s*(?:and)?\s*$", "", obj)
            # A date ("the May 2, 2024 Motion Hearing") is no list of motions.
            for piece in re.split(r"\s*(?:,|;)?\s+and\s+(?=\[?\d)|\s*[;,]\s*(?=\[?\d)"
                                  r"(?!(?:19|20)\d\d\b)", obj):  # fmt: skip
                piece = piece.strip(" ;,")
                if not piece:
                    continue
                refs = _head_refs(piece)
                motion = re.sub(r"^[\[(]?\d{1,5}[\])]?\s+", "", piece).strip()
                if any(f.outcome == outcome and _letters(f.motion).endswith(_letters(motion))
                       for f in found):  # fmt: skip
                    continue  # the title repeats the docket text
                found.append(Found(motion, outcome, "head.docket_text", refs, m.start()))
    return found


# --------------------------------------------------------------------------- announcements
_DEFINITE = r"(?:the|this|that|these|those|its|his|her|their|(?:[A-Z][\w.'-]*\s+){1,3})"
_MODAL = re.compile(
    r"\b(?P<subj>(?:court|Court|COURT|I|we|We)\s+)(?:therefore\s+|accordingly\s+|thus\s+)?"
    r"(?P<modal>will|shall|must|must\s+therefore)\s+(?P<v>grant|deny|GRANT|DENY)\b"
    r"(?P<obj>[^.;]{0,160})"
    r"|\b(?:will|must|shall|should)\s+(?:therefore\s+|accordingly\s+|thus\s+)?be\s+"
    r"(?P<pv>granted|denied|GRANTED|DENIED)\b(?P<prest>[^.;]{0,80})"
)
_FIRST_PERSON = re.compile(
    r"\b(?:I|[Ww]e)\s+(?:therefore\s+|thus\s+|accordingly\s+|hereby\s+|also\s+)?(?P<v>grant|deny)\b"
    r"(?P<obj>[^.;]{0,160})"
)
_WELL_TAKEN = fastre.compile(r"\b(?:is|are)\s+(?P<neg>not\s+)?well[\s-]taken\b", re.I)
_DECLINES = re.compile(
    r"\b(?:court|Court|I|we)\s+(?:therefore\s+|thus\s+|accordingly\s+)?declines?\s+to\s+"
    r"(?P<what>seal|unseal|maintain\b[^.;]{0,60}?under\s+seal|redact|keep\b[^.;]{0,60}?"
    r"(?:sealed|under\s+seal))\b(?P<obj>[^.;]{0,120})"
)
# A statement of law or a condition, not this court's ruling on this motion.
_GENERIC = re.compile(
    r"\b(?:if|when|whether|unless|only|where|before|a|an|any|every|such|motions)\s+"
    r"(?:[\w'-]+\s+){0,3}?$|\b(?:if|when|unless|whether|where)\b|\b(?:a|an|any|every)\s+"
    r"(?:[\w-]+\s+)?(?:motion|request|application|petition)\b",
    re.I,
)
#: A grant limited to some of the papers: "For the medical records that …, the motion to seal
#: will be granted" (the rest stays public), so the ruling is in part.
LIMITED_GRANT = re.compile(
    r"\s*For\s+(?!(?:the\s+|these\s+)?(?:[\w'-]+\s+){0,2}?(?:reasons?|foregoing|above|same)\b)"
    r"(?:the|these|those|all)\s+(?:[\w'-]+\s+){0,12}?(?:records?|documents?|exhibits?|"
    r"materials?|pages|portions?|transcripts?)\b(?![^,]{0,200}\b(?:reasons?|above|foregoing)\b)"
)
_IN_PART = re.compile(
    r"\bin\s+part\b|\bas\s+modified\b|\bto\s+the\s+extent\b|\bonly\s+as\s+to\b", re.I
)


def _sentence_start(text: str, pos: int, limit: int = 300) -> int:
    lo = max(0, pos - limit)
    cut = lo
    window = text[lo:pos]
    for b in re.finditer(r"[.;:!?]\s+(?=[A-Z(\[\"])|\n\s*\n", window):
        if window[b.start()] == "." and re.search(
            r"(?:\b[A-Z]|\bNos?|\bDoc|\bDkt|\bv|\bal|\bCo|\bInc)$", window[: b.start()]
        ):
            continue
        cut = lo + b.end()
    return cut


def _before(text: str, pos: int, limit: int = 160) -> str:
    """The clause before ``pos`` (back to a sentence or clause stop, at most ``limit`` chars)."""
    window = text[max(0, pos - limit) : pos]
    stop = max(window.rfind("."), window.rfind(";"), window.rfind(":"))
    return window[stop + 1 :]


def _announced(rule: str, text: str, m: re.Match, verb: str, obj: str) -> Found | None:
    start = _sentence_start(text, m.start())
    head = text[start : m.start()]
    if _GENERIC.search(head) or re.search(r"\b(?:if|when|unless)\b", obj[:40], re.I):
        return None
    outcome = "granted" if verb.lower().startswith("grant") else "denied"
    sentence = text[start : m.end()]
    if outcome == "granted" and (_IN_PART.search(sentence) or LIMITED_GRANT.match(head)):
        outcome = "granted_in_part"
    return Found(re.sub(r"\s+", " ", obj.strip(" ,")), outcome, rule, [], m.start())


def announced_rulings(body: str) -> list[Found]:
    """Rulings announced in words other than a decretal "is GRANTED" (see module docstring)."""
    out: list[Found] = []
    for m in _MODAL.finditer(body):
        if m["v"]:
            f = _announced("announce.modal", body, m, m["v"], m["obj"])
        else:
            pobj = _before(body, m.start())
            if not re.search(r"\b(?:motion|request|application|petition|it|they)s?\b", pobj, re.I):
                continue
            if re.search(r"\bshould\b", body[m.start() : m.end()]) and not re.search(
                r"\b(?:therefore|accordingly|thus)\b", body[m.start() : m.end()]
            ):
                continue
            f = _announced("announce.modal", body, m, m["pv"], pobj + " " + (m["prest"] or ""))
            if f and _GENERIC.search(pobj):
                f = None
        if f:
            out.append(f)
    for m in _FIRST_PERSON.finditer(body):
        f = _announced("announce.first_person", body, m, m["v"], m["obj"])
        if f:
            out.append(f)
    for m in _WELL_TAKEN.finditer(body):
        obj = _before(body, m.start())
        if not re.search(r"\b(?:motion|request|application|petition)s?\b", obj, re.I):
            continue
        if _GENERIC.search(obj):
            continue
        out.append(Found(obj.strip(), "denied" if m["neg"] else "granted",
                         "announce.well_taken", [], m.start()))  # fmt: skip
    for m in _DECLINES.finditer(body):
        what = m["what"].lower()
        out.append(Found(f"request to {what.split()[0]}", "denied", "announce.declines", [],
                         m.start()))  # fmt: skip
    out.sort(key=lambda f: f.pos)
    return out


# --------------------------------------------------------------------------- appeal.disposition
_REVIEW = fastre.compile(
    r"\b(?:appeal(?:s|ed)?|appellants?|appellees?|Court\s+of\s+Appeals|Circuit\s+Judges?|"
    r"objections?\s+to\s+the\s+magistrate|PER\s+CURIAM)\b",
    re.I,
)
_DISPOSITION = re.compile(
    r"\b(?:we|We|WE|court|Court)\s+(?:therefore\s+|thus\s+|accordingly\s+|hereby\s+|otherwise\s+|"
    r"must\s+|will\s+)?(?P<d>AFFIRM|affirm|REVERSE|reverse|VACATE|vacate)\b(?P<in_part>\s+in\s+part)?"
    r"|\b(?:is|are|be)\s+(?:hereby\s+)?(?P<p>AFFIRMED|REVERSED|VACATED|affirmed|reversed|vacated)\b"
    r"(?P<p_part>\s+in\s+part)?"
    r"|\b(?P<cap>Affirmed|AFFIRMED|Vacated|VACATED|Reversed|REVERSED)\s+in\s+part\b"
    r"|\b(?P<agree>(?:in\s+)?full\s+agreement\s+with|adopts?\s+(?:in\s+full\s+)?(?:the\s+)?"
    r"Magistrate\s+Judge)"
)
_BELOW = re.compile(
    r"\b(?:order|orders|opinion|decision|ruling)\b(?P<gap>[^.;]{0,200}?)\b(?P<part>partially\s+|"
    r"in\s+part\s+)?(?P<v>denying|granting)\b(?P<obj>[^.;]{0,200})"
    r"|\b(?:(?:district|trial|lower|bankruptcy)\s+|the\s+)court(?:\s+below)?\s+"
    r"(?P<v2>denied|granted)\b(?P<obj2>[^.;]{0,200})"
    r"|\b(?:the\s+)?(?P<n>denial|grant)\s+of\s+(?P<obj3>[^.;]{0,160})",
    re.I,
)


_NOUN_MOTION = re.compile(
    r"(?:the\s+|his\s+|her\s+|their\s+|its\s+|an?\s+)?(?:[\w'-]+\s+){0,3}?(?:motion|petition|"
    r"request|application)",
    re.I,
)


def _cut_chain(obj: str) -> str:
    """The first motion of a chain: "the motion to seek X, granting the motion to Y" → the first."""
    m = re.search(r",?\s*(?:and\s+)?\b(?:granting|denying)\b", obj, re.I)
    return obj[: m.start()] if m else obj


_ANAPHORIC = re.compile(
    r"\s*(?:that|this|the\s+same|such)\s+(?:motion|request|application)\b"
    r"(?!\s+(?:to|for|seeking)\b)|\s*it\b",
    re.I,
)
_ASKED = fastre.compile(r"\b(?:moved|moves|asked|sought|requested|applied)\b", re.I)


def _antecedent(text: str, pos: int, obj: str) -> str:
    """``appeal.antecedent``: for an object that only points back ("the court denied that
    motion", "denied it"), the clause before it in the same sentence, or the sentence before,
    that says what was asked ("Merrow intervened and moved to unseal; the court denied that
    motion"). Only a clause where a party asked ("moved", "sought", "requested") counts; empty
    when the object names its motion itself ("the denial of the petition")."""
    if not _ANAPHORIC.match(obj):
        return ""
    window = text[max(0, pos - 300) : pos]
    clauses = [c for c in re.split(r"[.;]\s+", window) if c.strip()]
    about = " ".join(clauses[-2:]) if clauses else ""
    return about if _ASKED.search(about) else ""


def appellate_ruling(text: str, is_sealing) -> Found | None:
    """The outcome of the sealing (or unsealing) request after an appeal or review.

    ``is_sealing(clause)`` says whether a clause is about sealing or unsealing. Returns None
    unless the text shows both a disposition and the ruling below.
    """
    if not _REVIEW.search(text[:6000]):
        return None
    kinds = set()
    for d in _DISPOSITION.finditer(text):
        word = (d["d"] or d["p"] or d["cap"] or "").lower()
        if d["agree"]:
            word = "affirm"
        partial = bool(d["in_part"] or d["p_part"] or d["cap"])
        if word.startswith("affirm"):
            kinds.add("affirm")
        elif word:
            kinds.add("overturn")
        if partial:
            kinds.add("partial")
        if len(kinds) >= 3:
            break
    if not kinds:
        return None
    below = None
    first_any = None
    for b in _BELOW.finditer(text[:8000]):
        verb = (b["v"] or b["v2"] or b["n"] or "").lower()
        obj = _cut_chain(b["obj"] or b["obj2"] or b["obj3"] or "")
        if b["v"] and re.search(r"\b(?:granting|denying)\b", b["gap"], re.I):
            continue
        if b["n"] and not _NOUN_MOTION.match(obj):
            continue
        about = _antecedent(text, b.start(), obj)
        hit = ("deny" if verb.startswith("den") else "grant", obj, b.start(), about)
        if is_sealing(obj) or (about and is_sealing(about)):
            below = hit
            break
        first_any = first_any or hit
    below = below or first_any
    if not below:
        return None
    verb, obj, pos, about = below
    if "affirm" in kinds and ("overturn" in kinds or "partial" in kinds):
        outcome = "granted_in_part"
    elif "affirm" in kinds:
        outcome = "denied" if verb == "deny" else "granted"
    else:
        outcome = "granted" if verb == "deny" else "denied"
    rule = "appeal.antecedent" if about and not is_sealing(obj) else "appeal.disposition"
    return Found(re.sub(r"\s+", " ", obj.strip(" ,")), outcome, rule, [], pos, about)
