"""The ruling of an order: what kind of order, the outcome, who moved, which motions, what
was sealed, and the flags a careful reader would note.

Reads normalised text (:func:`monitor.analyze.normalize.normalize`). The order is cut into a
*title* (the upper-case ``ORDER …`` heading and the docket reference under it), a *body*, and a
*last paragraph* (the last substantive paragraph before ``IT IS SO ORDERED``/signature). When
they disagree about who moved, the body wins and a ``movant_conflict`` flag says so.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from monitor import fastre
from monitor.analyze.decisions import (
    LIMITED_GRANT,
    Found,
    announced_rulings,
    appellate_ruling,
    header_rulings,
    is_generic,
)
from monitor.analyze.movant import INFERRED_SUA_SPONTE, read_movant
from monitor.analyze.normalize import is_truncated
from monitor.analyze.sentences import (
    ACCESS,
    IN_CAMERA_FILING,
    MOTION,
    REF_THEN_OBJECT,
    SEAL,
    UNSEAL,
    clause_at,
    is_sealing_context,
    sentence_end,
    sentence_head,
)

__all__ = ["read_ruling"]

_TITLE = re.compile(
    r"(?m)^(?:[A-Z0-9'(),;:&/\-\. ]*\b)?(?:ORDER|OPINION|MEMORANDUM)\b[A-Z0-9'(),;:&/\-\.\[\] "
    r"\n]*?(?=\n\n|$)"
)
_DOC_REF = fastre.compile(
    r"(?:[\[(]\s*)?(?:Doc(?:ument)?s?\.?|ECF|Dkt\.?|Docket(?:\s+Entry)?|D\.E\.|R\. Doc\.|Filing)\s*"
    r"(?:Nos?\.?|#)?\s*:?\s*#?(?P<nums>\d{1,5}(?:-\d{1,3})?(?:\s*(?:,|&|and)\s*\d{1,5}"
    r"(?:-\d{1,3})?)*)(?P<pin>\s*(?:at|,\s*at|,\s*p{1,2}\.)\s*(?:pp?\.|pages?|\d))?\s*[\])]?",
    re.IGNORECASE,
)
_PARTY = re.compile(
    r"\b(?P<w>plaintiffs?|petitioners?|defendants?|respondents?|(?:the\s+)?government|"
    r"united\s+states|intervenors?|proposed\s+intervenors?|non-?part(?:y|ies)|third[\s-]part(?:y|"
    r"ies)|movants?|the\s+parties|parties|joint|stipulated|federal\s+defendants|"
    r"[A-Z][\w&.\-]*(?:,?[ \t]+[A-Z][\w&.\-]*){0,5},?[ \t]+(?:Times|Post|Press|News|Media|Journal|"
    r"Tribune|Reporters|Committee|Company|Inc\.|LLC|Foundation|Union))(?:'s|s'|')?(?=\W)",
    re.IGNORECASE,
)
_RULING = re.compile(
    r"\b(?P<verb>GRANTED|GRANTS|GRANT|DENIED|DENIES|DENY|STRICKEN|STRIKES|struck|"
    r"granted|grants|denied|denies|ALLOWED|allowed|moot|MOOT)\b"
    r"(?P<part>(?i:\s+in\s+part))?(?P<rest>(?:(?!\b(?:GRANT|GRANTS|DENY|DENIES|grants|denies)\b)[^.;]){0,60})",
)
# A recital of an earlier ruling, not this order's: "On May 2, 2017, the Court denied …",
# "the Court previously granted …", "the district court denied …" (on appeal).
_RECITAL = re.compile(
    r"\b(?:On|on|By|by)\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4}|\d{1,2}/\d{1,2}/\d{2,4})\b|"
    r"\b(?:previously|earlier|initially|already|originally|prior\s+order)\b|"
    r"\b(?:district|trial|lower|bankruptcy)\s+court\s*$|\bMagistrate\s+Judge\s+[\w.\s]{0,40}$"
)
_DIRECTIVE_SEAL = re.compile(
    r"\b(?:shall|will|may|is\s+directed\s+to|are\s+directed\s+to|is\s+ordered\s+to)\s+"
    r"(?:remain\s+|be\s+)?(?:file[d]?|maintain(?:ed)?|kept|keep|remain|place[d]?)?\s*"
    r"(?:[\w.\-]+\s+){0,12}?"
    r"under\s+seal\b|\b(?:shall|will)\s+(?:remain\s+)?(?:be\s+)?sealed\b|\bis\s+(?:hereby\s+)?"
    r"SEALED\b",
    re.IGNORECASE,
)
_DIRECTIVE_UNSEAL = re.compile(
    r"\b(?:shall|will|is\s+directed\s+to)\s+(?:be\s+)?unseal(?:ed)?\b|\bshall\s+be\s+"
    r"(?:made\s+public|filed\s+publicly|placed\s+on\s+the\s+public\s+docket)"
    r"|\b(?:is|are)\s+(?:hereby\s+)?directed\s+to\b[^;]{0,160}?\blift\w*\s+the\s+(?:seal|"
    r"limitations|restrictions)\b",
    re.IGNORECASE,
)
_FINDING_FOR = re.compile(
    r"\b(?:finds?|found|concludes?)\b[^.]{0,200}?\b(?:compelling\s+reasons?|good\s+cause|"
    r"sufficient|justif\w+|outweigh\w*|warrant\w*)\b",
    re.IGNORECASE,
)
_FINDING_AGAINST = fastre.compile(
    r"\b(?:not|no|fails?\s+to|failed\s+to|has\s+not|have\s+not|insufficient|neither|nor|"
    r"cannot|does\s+not|do\s+not|without)\b[^.]{0,80}?\b(?:compelling|good\s+cause|sufficient|"
    r"justif\w+|outweigh\w*|met|shown|established|articulated|demonstrated|carried)\b",
    re.IGNORECASE,
)
_SIGNOFF = re.compile(
    r"^(?:IT\s+IS\s+SO\s+ORDERED|SO\s+ORDERED|Dated|DATED|Date|DATE|Hon\.|Honorable|cc:|"
    r"Signed|[A-Z][\w.]*(?:\s+[A-Z][\w.]*){1,4}\s*,?\s+(?:United\s+States|U\.S\.|Chief|"
    r"Senior)?\s*(?:Magistrate|District|Circuit|Bankruptcy)?\s*Judge)",
)
_LIST_SPLIT = fastre.compile(r"\s*(?:;\s*(?:and\s+)?|,\s+and\s+|,\s*(?=(?:the\s+)?[A-Z(])|\s+and\s+"
                         r"(?=(?:the\s+)?(?:\(\d+\)\s*)?[A-Z]))")  # fmt: skip
_SUBMITTED = fastre.compile(
    r"\b(?:ha(?:ve|s)\s+(?:submitted|lodged|filed|provisionally\s+filed|conditionally\s+lodged)"
    r"|seeks?\s+(?:leave\s+)?to\s+(?:file|seal|maintain|lodge)\s+under\s+seal|seeks?\s+to\s+seal"
    r"|moves?\s+to\s+seal|requests?\s+(?:leave\s+)?to\s+(?:file|seal)(?:\s+under\s+seal)?)"
    r"\s*:?\s*",
    re.IGNORECASE,
)
_DISPOSITIVE_LIST = re.compile(
    r"\b(?:may|shall|is\s+directed\s+to|are\s+directed\s+to)\s+(?:file|maintain|keep|lodge)\s+"
    r"(?:the\s+following\s+)?under\s+seal\s*(?:the\s+following)?\s*:\s*"
    r"|\bthe\s+following\s+(?:documents?\s+)?(?:shall|will|may)\s+(?:be\s+)?(?:filed|remain|"
    r"maintained)\s+under\s+seal\s*:\s*",
    re.IGNORECASE,
)
_DOC_WORDS = fastre.compile(
    r"\b(?:declaration|exhibit|brief|briefing|memorandum|motion|opposition|reply|report|"
    r"transcript|record|appendix|attachment|letter|statement|affidavit|petition|complaint|"
    r"spreadsheet|response|application|document|portions?|index|notice|order)s?\b",
    re.IGNORECASE,
)


def _split_docs(segment: str) -> list[str]:
    segment = re.sub(r"\s*\[[^\]]*\]\s*", " ", segment).strip(" .,;:")
    out = []
    for part in _LIST_SPLIT.split(segment):
        part = re.sub(r"^(?:and\s+)?(?:\(\w{1,3}\)\s*)?(?:and\s+)?(?:the\s+)?", "", part.strip())
        part = part.strip(" .,;:")
        if len(part) >= 4 and _DOC_WORDS.search(part):
            out.append(part)
    return out


def _parts(text: str) -> tuple[str, str, str, str]:
    """(title, title_refs_text, body, last_paragraph) of a normalised order."""
    head = text[:4000]
    title = ""
    body_start = 0
    m = re.search(r"(?m)^(?:[A-Z][A-Z0-9'’(),;:&/\-\. ]{0,80}\s)?ORDER\b[^\n]*$", head)
    if m and sum(c.isupper() for c in m.group(0)) > 0.6 * sum(c.isalpha() for c in m.group(0)):
        title = m.group(0)
        body_start = m.end()
        refs = re.match(r"\s*(\[[^\]\n]{1,60}\]|\([^)\n]{1,60}\))", text[body_start:])
        if refs and _DOC_REF.search(refs.group(1)):
            title += " " + refs.group(1)
            body_start += refs.end()
    else:
        b = re.search(r"\b(?:Before\s+the\s+Court|Pending\s+before|This\s+matter|Now\s+before)\b",
                      head)  # fmt: skip
        if b:
            body_start = b.start()
    body = text[body_start:]
    paras = [p.strip() for p in body.split("\n\n") if p.strip()]
    last = ""
    for p in reversed(paras):
        if _SIGNOFF.match(p) or len(p) < 40:
            continue
        last = p
        break
    return title, body_start, body, last


_MOVES = fastre.compile(
    r"\b(?:moves?|has\s+moved|have\s+moved|asks?|seeks?|requests?)\b(?P<obj>[^.;]{0,120})", re.I
)

# event.intro_phrase: a letter-motion often opens its request with the rule it invokes
# ("Pursuant to Rule 4(B) of Your Honor's Individual Practices, Plaintiff respectfully
# requests leave to file … under seal"); the party after that phrase is the one asking.
_INTRO = re.compile(
    r"^(?:Pursuant\s+to|In\s+accordance\s+with|Consistent\s+with|Under|By\s+(?:this|its|his|"
    r"her|their)\s+letter(?:[\s-]motion)?)\b(?:[^,.;]|\.(?=\S)){0,120},\s*",
    re.I,
)

_MAIN_CLAUSE = re.compile(r",\s+(?:the\s+(?:Court|court|Clerk)|I|we|it)\b")


def _refs(segment: str, pins: bool = False) -> list[int]:
    out = []
    for m in _DOC_REF.finditer(segment):
        if m["pin"] and not pins:
            continue
        for n in re.findall(r"\d{1,5}(?:-\d{1,3})?", m["nums"]):
            out.append(int(n.split("-")[0]))
    return out


_BRACKET_REF = fastre.compile(
    r"(?:\s+(?:dated|filed|of|on)\b[^.;()\[\]]{0,40}?)?\s*[\[(](?P<ref>[^\])\n]{1,50})[\])]"
)
_NEXT_REF = fastre.compile(r"\s*\.?\s*[\[(](?P<ref>[^\])\n]{1,50})[\])]")
_AT_REF = re.compile(
    r"\s+at\s+(?P<ref>(?:ECF|Dkt\.?|Docket|Doc\.?)\s*(?:Nos?\.?|#)?\s*\d{1,5})", re.I
)
_TERMINATE = fastre.compile(r"\bterminat\w*\s+(?:the\s+)?(?:pending\s+)?$", re.I)
_RULED_ON = re.compile(
    r"\s*(?:is|are|be)\s+(?:hereby\s+)?(?:GRANTED|DENIED|ALLOWED|STRICKEN|granted|denied|"
    r"allowed|stricken)\b"
)


class MotionRefs(NamedTuple):
    """Docket numbers of the sealing motions a segment cites, read two ways."""

    plain: list[int]
    when_sealing: list[int]  # the order is about sealing: bare "the motion (ECF 19)" counts too

    def read(self, sealing: bool) -> list[int]:
        return self.when_sealing if sealing else self.plain


def _motion_refs(segment: str) -> MotionRefs:
    """Docket numbers cited right after (or just before) a sealing motion's name.

    When the order is about sealing (``when_sealing``), a bare "the motion (ECF 19) is
    GRANTED", and a bare motion the Clerk is told to terminate, count as well: the motion ruled
    on is the sealing motion. Both readings come from one pass over the motions.
    """
    plain: list[int] = []
    when_sealing: list[int] = []
    for m in MOTION.finditer(segment):
        near = (_BRACKET_REF if not m["what"] else _NEXT_REF).match(segment, m.end(), m.end() + 100)
        if not near and not m["what"]:
            near = _AT_REF.match(segment, m.end(), m.end() + 40)
        refs = _refs(near["ref"]) if near else []
        bare = bool(refs) and not m["what"]
        # "The Clerk is directed to terminate the letter motion at Dkt. No. 40."
        terminated = bare and bool(_TERMINATE.search(segment[max(0, m.start() - 40) : m.start()]))
        if is_sealing_context(clause_at(segment, m.start())):
            cited = refs or _ref_before(segment, m.start())
            plain += cited
            when_sealing += refs if terminated else cited
        elif bare and (terminated or _RULED_ON.match(segment, near.end())):
            when_sealing += refs
    return MotionRefs(plain, when_sealing)


def _ref_before(segment: str, pos: int) -> list[int]:
    """Docket text names the number first: "granting 12 Motion to Seal", "re: [31] Motion"."""
    before = segment[max(0, pos - 30) : pos]
    b = re.search(r"(?:granting|denying|re:?|regarding)\s+\[?(\d{1,5})\]?\s*$", before, re.I)
    return [int(b.group(1))] if b else []


def _title_refs(title: str) -> list[int]:
    """Docket numbers in the title; of a multi-motion title, those of its sealing motions."""
    parts = re.split(r";|\(\d{1,2}\)", title)
    sealing = [r for p in parts if is_sealing_context(p) for r in _refs(p)]
    return sealing or _refs(title)


def _dedupe(values):
    seen = []
    for v in values:
        if v not in seen:
            seen.append(v)
    return seen


_PASSIVE = {"granted", "denied", "stricken", "allowed", "struck"}
_SECOND_RULING = fastre.compile(
    r"\band\s+(?P<subj>[^.;]{0,80}?)\b(?:is|are)\s+(?:hereby\s+)?(?P<v>GRANTED|DENIED|granted|"
    r"denied)\b(?P<p>\s+(?i:in\s+part))?"
)


def _names_sealing_motion(clause: str, sealing_refs: set[int]) -> bool | None:
    """True: ``clause`` names a sealing/unsealing motion (or cites its docket number); False: it
    names only motions for something else ("motion to extend time"); None: neither ("the
    Application (Dkt. 22)", "the motion")."""
    other = False
    for m in MOTION.finditer(clause):
        window = clause[m.start() : m.start() + 160]
        if is_sealing_context(window) or IN_CAMERA_FILING.search(window):
            return True
        other = other or bool(m["what"])
    if sealing_refs and sealing_refs.intersection(_refs(clause)):
        return True
    return False if other else None


_BARE_MOTION = fastre.compile(
    r"\b(?:the|that|this|its|his|her|their)\s+(?:[\w'-]+\s+){0,1}?(?:motion|application|request|"
    r"petition)s?\s*(?:\[[^\]\n]{1,20}\]\s*|\([^)\n]{1,20}\)\s*)?(?:is|are|be|will\s+be|"
    r"shall\s+be|must\s+be)?\s*(?:hereby\s+|therefore\s+)?$",
    re.I,
)


def _only_other_motions_before(body: str, pos: int, limit: int = 1500) -> bool:
    """``body.antecedent``: a bare "the motion is denied" whose order, up to that point, names
    only motions for something else ("Before the Court is Defendant's Motion to Dismiss …
    For the reasons below, the motion is denied") rules on that other motion.

    The window before ``pos`` must name a motion with its object, and say nothing about
    sealing or unsealing (so "Plaintiff moves to seal the exhibits to her motion for summary
    judgment. The motion is GRANTED" keeps the bare motion open)."""
    if not _BARE_MOTION.search(body[max(0, pos - 60) : pos]):
        return False
    prior = body[max(0, pos - limit) : pos]
    if is_sealing_context(prior):
        return False
    return any(m["what"] for m in MOTION.finditer(prior))


_FINAL = {"granted_as_to": "granted_in_part", "denied_as_to": "granted_in_part"}


def _motion_named(clause: str) -> str:
    """The first motion a clause names ("Plaintiff's Motion to Seal"), or ""."""
    m = MOTION.search(clause)
    return re.sub(r"\s+", " ", m.group(0)).strip(" ,") if m else ""


def _outcome(
    body: str, sealing_refs: set[int] | None = None, found: list | None = None
) -> tuple[str, list[str]]:
    """Outcome from ruling words that apply to sealing motions (or to the order's object).

    When some ruling clauses name a sealing motion (or its docket number), only those count:
    an order that grants a motion to seal and denies a TRO has granted the sealing motion.
    Each ruling read is appended to ``found`` ({motion, refs, outcome, rule, sealing}).
    Recitals of earlier rulings ("On May 2, 2017, the Court denied …") are skipped.
    """
    found = found if found is not None else []
    flags: list[str] = []
    results: list[str] = []
    on_sealing: list[bool | None] = []
    objects: list[tuple[str, str]] = []
    for m in _RULING.finditer(body):
        verb = m["verb"].lower()
        start = max(0, m.start() - 220)
        sent_start = max(body.rfind(". ", start, m.start()), body.rfind("\n", start, m.start()))
        context = body[(sent_start + 1 if sent_start >= 0 else start) : m.end()]
        rest = m["rest"] or ""
        if re.search(r"\b(?:courts?|circuit)\s+(?:have|has|had)\s*$|\bwhen\b|\bif\b|\bmay\s+be\s*$",
                     body[max(0, m.start() - 30) : m.start()], re.I):  # fmt: skip
            continue
        if not m["verb"].isupper() and not re.search(
            r"\b(?:is|are|be|hereby|Court|court|and|,)\s*$|\bIT\s+IS\s+ORDERED",
            body[max(0, m.start() - 25) : m.start()],
        ):
            continue
        if re.search(r"\b(?:dismiss|summary\s+judgment|continu|extension|compel|stay|"
                     r"intervene\b(?![^.]{0,40}unseal)|appoint|amend|remand)", context, re.I) and \
                not (SEAL.search(context) or UNSEAL.search(context)):  # fmt: skip
            continue
        head = re.split(r";\s*", sentence_head(body, m.start()))[-1]
        if verb in {"granted", "denied"} and m["verb"].islower() and _RECITAL.search(head):
            continue
        if m["verb"].islower() and re.search(r"\bbe\s*$", head) and is_generic(head):
            continue  # "a motion to seal that … must be denied" states the law
        named = [_names_sealing_motion(x, sealing_refs or set()) for x in (head, rest)]
        part = m["part"]
        second = (
            _SECOND_RULING.search(rest) if verb in _PASSIVE and named == [False, True] else None
        )
        if second and _names_sealing_motion(second["subj"], sealing_refs or set()):
            # body.passive_subject: "the motion for release is DENIED and the motion to seal is
            # GRANTED": each passive ruling belongs to the motion named before it; the sealing
            # motion's is the second one.
            verb, head, part = second["v"].lower(), second["subj"], second["p"]
            rest = rest[second.end() :]
            named = [True, None]
        if verb == "struck" and not re.search(r"\b(?:is|are|be|been|hereby|were|was)\s*$", head):
            # body.struck_passive: "struck" rules on a paper only in the passive ("is struck");
            # "he struck her with a lamp" is a fact of the case.
            continue
        if named == [None, None] and _only_other_motions_before(body, m.start()):
            named = [False, False]  # body.antecedent: "the motion" is the motion to dismiss
        active = verb in {"grants", "grant", "denies", "deny", "strikes"}
        motion = (_motion_named(rest) or _motion_named(head)) if active else \
            (_motion_named(head) or _motion_named(rest))  # fmt: skip
        on_sealing.append(True if True in named else (False if False in named else None))
        if verb in {"moot"} or re.search(r"\bas\s+moot\b", rest, re.I):
            results.append("moot")
        elif verb in {"stricken", "strikes", "struck"}:
            results.append("denied")
            flags.append("struck: the motion was stricken, not decided on the merits")
        elif part or re.search(r"\bin\s+part\b", rest, re.I):
            results.append("granted_in_part")
        elif verb.startswith(("grant", "allow")):
            if LIMITED_GRANT.match(head):
                results.append("granted_in_part")
            elif re.search(r"\bas\s+to\b", rest, re.I):
                results.append("granted_as_to")
            else:
                results.append("granted")
        else:
            results.append("denied_as_to" if re.search(r"\bas\s+to\b", rest, re.I) else "denied")
        objects.append((head + " " + rest, motion))
    for r, s_, (h, mo) in zip(results, on_sealing, objects, strict=True):
        found.append({"motion": mo, "refs": _refs(h), "outcome": _FINAL.get(r, r),
                      "rule": "body.decretal", "sealing": s_, "kind": _kind(h)})  # fmt: skip
    if not results or all(x is False for x in on_sealing):
        # Only rulings on other motions (a TRO): the sealing motion's ruling is not shown here.
        return "", flags
    if True in on_sealing:
        # Rulings on other motions (a TRO, an extension of time) do not decide the sealing one.
        results = [r for r, s in zip(results, on_sealing, strict=True) if s is not False]
    kinds = set(results)
    if "granted_in_part" in kinds:
        return "granted_in_part", flags
    granted = kinds & {"granted", "granted_as_to"}
    denied = kinds & {"denied", "denied_as_to"}
    if granted and denied and ("granted_as_to" in kinds or "denied_as_to" in kinds):
        return "granted_in_part", flags
    if granted and denied:
        # A later, decretal ruling wins over a recital ("previously denied").
        last = results[-1]
        return ("granted" if last.startswith("granted") else "denied"), flags
    if granted:
        return "granted", flags
    if denied:
        return "denied", flags
    return "moot", flags


def _asks_for_sealing(body: str) -> bool:
    """A motion, request or application to seal (or to file under seal) is before the court.

    Passing mentions ("previously permitted to be filed under seal", "any party that seeks to
    file under seal shall comply …") do not make an order a sealing order.
    """
    for m in MOTION.finditer(body):
        if re.search(r"\bany\s*$", body[max(0, m.start() - 10) : m.start()], re.I):
            continue
        what = m["what"]
        if not what:  # req.ref_before_object: "motion (Docket Entry No. 14) to file … under seal"
            r = REF_THEN_OBJECT.match(body, m.end(), m.end() + 200)
            what = r["what"] if r else ""
        # event.object_ends_at_clause: a motion's object ends where the sentence's own subject
        # begins ("While reviewing the motion for summary judgment, the Court reviewed the
        # sealed entries" names no sealing request).
        what = _MAIN_CLAUSE.split(what, 1)[0]
        if SEAL.search(what) or IN_CAMERA_FILING.search(what):
            return True
        ask = re.search(r"\b(?:requesting|seeking|asking)\b", clause_at(body, m.end("kind")))
        if ask and SEAL.search(clause_at(body, m.end("kind") + ask.end(), 80)):
            return True
    for m in _MOVES.finditer(body):
        if not SEAL.search(m["obj"]) and not IN_CAMERA_FILING.search(m["obj"]):
            continue
        head = _INTRO.sub("", sentence_head(body, m.start()).lstrip())
        if _PARTY.match(head) or _PARTY.match(re.sub(r"^\W*The\s+", "", head)):
            if not re.search(r"\b(?:any|each|a)\s+part(?:y|ies)\b", head, re.I):
                return True
    return False


def _event_type(title: str, body: str) -> str:
    lead = title + " " + body[:1500]
    if UNSEAL.search(title) or (
        UNSEAL.search(lead)
        and len(UNSEAL.findall(lead)) >= len(SEAL.findall(lead)) // 2 + 1
        and not re.search(
            r"\bmotion\s+(?:for\s+leave\s+)?to\s+(?:file|lodge|maintain)\s+(?:[\w'-]+\s+){0,6}?"
            r"under\s+seal",
            lead,
            re.I,
        )  # fmt: skip
    ):
        return "unsealing_order"
    if SEAL.search(title) or _asks_for_sealing(body):
        return "sealing_order"
    decretal = " ".join(
        s
        for s in re.split(r"(?<=\.)(?<!\bDkt\.)(?<!\bNo\.)(?<!\bNos\.)(?<!\bDoc\.)\s+", body)
        if re.search(r"ORDER(?:ED|S)|GRANTED|DENIED|\b(?i:direct(?:s|ed))\b", s)
    )
    if UNSEAL.search(decretal):
        return "unsealing_order"
    if SEAL.search(decretal):
        return "sealing_order"
    return "order_other"


_LABELS = re.compile(
    r"\b(?P<noun>Exhibits|Appendices|Appendixes|Attachments|Tabs|Volumes)\s+"
    r"(?P<labels>(?:[A-Z]{1,2}|\d{1,3}(?:-\d{1,3})?)(?:\s*,\s*(?:and\s+)?(?:[A-Z]{1,2}|\d{1,3}"
    r"(?:-\d{1,3})?))*\s*,?\s*(?:and|&)\s+(?:[A-Z]{1,2}|\d{1,3}(?:-\d{1,3})?))\b"
    r"(?P<of>\s+(?:to|of)\s+[^,;()]{1,80}?(?=\s*(?:[,;(]|\band\b|\bshall\b|\bunder\b|$)))?"
)
_SINGULAR = {"Exhibits": "Exhibit", "Appendices": "Appendix", "Appendixes": "Appendix",
             "Attachments": "Attachment", "Tabs": "Tab", "Volumes": "Volume"}  # fmt: skip
# "<documents> shall remain/be filed under seal", "… shall remain sealed/impounded"
_SEALED_SUBJECT = fastre.compile(
    r"\b(?:shall|will|must|is\s+to|are\s+to)\s+(?:remain\s+|be\s+)(?:filed\s+|maintained\s+|"
    r"kept\s+|submitted\s+|lodged\s+)?(?:under\s+seal|sealed|impounded)\b",
    re.I,
)
# "The Clerk shall file [under seal] <documents> [under seal]"
_SEALED_OBJECT = fastre.compile(
    r"\b(?:shall|will|may|is\s+(?:respectfully\s+)?directed\s+to|are\s+directed\s+to)\s+"
    r"(?:file|maintain|keep|lodge|place)\s+(?P<pre>under\s+seal\s+)?",
    re.I,
)
_ANAPHORA = re.compile(
    r"^(?:the\s+)?(?:sealed|such|these|those|said|same|all|it|they|them|this|that|following|"
    r"documents?|"
    r"materials?)\b",
    re.I,
)


_LABEL_RANGE = re.compile(
    r"\b(?P<noun>Exhibits|Attachments|Tabs|Volumes)\s+(?P<lo>\d{1,3})\s*(?:through|thru|to|-)\s*"
    r"(?P<hi>\d{1,3})\b(?!-)"
)


def _range_labels(m: re.Match) -> str:
    """ "Exhibits 4 through 9" → "Exhibits 4, 5, 6, 7, 8 and 9" (at most 30 labels; a wider or
    reversed range is left as written)."""
    lo, hi = int(m["lo"]), int(m["hi"])
    if not lo < hi <= lo + 30:
        return m.group(0)
    labels = [str(n) for n in range(lo, hi + 1)]
    return f"{m['noun']} {', '.join(labels[:-1])} and {labels[-1]}"


def _expand_docs(phrase: str) -> list[str]:
    """One string per document: "Exhibits B and C to the Traverse" is two documents, and so
    is a numbered range "Exhibits 1 through 3" (three)."""
    phrase = _LABEL_RANGE.sub(_range_labels, phrase)
    phrase = re.sub(r"\s*[\[(][^\])]*[\])]", "", phrase)
    phrase = re.sub(r",\s*(?:lodged|filed|submitted)\s+at\s+[^,]*,?", " ", phrase)
    phrase = re.sub(r"\s+", " ", phrase).strip(" .,;:")
    out: list[str] = []
    rest = []
    last = 0
    for m in _LABELS.finditer(phrase):
        rest.append(phrase[last : m.start()])
        of = (m["of"] or "").rstrip()
        for label in re.findall(r"[A-Z]{1,2}\b|\d{1,3}(?:-\d{1,3})?", m["labels"]):
            out.append(f"{_SINGULAR[m['noun']]} {label}{of}")
        last = m.end() if not m["of"] else m.start("of") + len(of)
    rest.append(phrase[last:])
    for piece in rest:
        for part in re.split(r"\s*(?:;|,\s*and\s+|,|\band\b)\s*", piece):
            part = re.sub(r"^(?:(?:and|the|lodged)(?:\s+|$))+", "", part.strip(), flags=re.I)
            part = part.strip(" .,;:")
            if len(part) >= 3 and not _ANAPHORA.match(part) and re.search(r"[A-Za-z]{3}", part):
                if not re.match(r"(?:to|of|in|at|for|with)\b", part, re.I):
                    out.append(part)
    return out


_SUBJECT_CUT = re.compile(
    r"\bORDERED\s+(?:that\s*:?\s*)?|^\s*\d{1,2}\.\s+|\band\s+that\s+|\bthat\s+(?=the\b)"
)


def _ordered_docs(body: str) -> list[str]:
    """Documents that the decretal sentences direct to be filed or kept under seal."""
    docs: list[str] = []
    for m in _SEALED_SUBJECT.finditer(body):
        head = sentence_head(body, m.start(), 300)
        head = _SUBJECT_CUT.split(head)[-1]
        if re.search(r"\b(?:which|who|that|shall|will)\b|\bnot\s*$", head):
            continue
        docs += _expand_docs(head)
    for m in _SEALED_OBJECT.finditer(body):
        tail = clause_at(body, m.end(), 250)
        if not m["pre"]:
            u = re.search(r"\bunder\s+seal\b", tail, re.I)
            if not u:
                continue
            tail = tail[: u.start()]
        else:
            tail = re.split(r"\b(?:and\s+to|until|pending|for\s+in\s+camera|within)\b", tail)[0]
        docs += _expand_docs(tail)
    return docs


def _documents(body: str, outcome: str) -> list[str]:
    if outcome not in {"granted", "granted_in_part"}:
        return []
    ordered = _dedupe_docs(_ordered_docs(body))
    if ordered:
        return ordered
    m = _SUBMITTED.search(body)
    if m:
        return _split_docs(body[m.end() : sentence_end(body, m.end())])
    # "motion to file the record excerpts under seal is GRANTED"
    for m in _MOTION_TO_FILE.finditer(body):
        docs = _expand_docs(m["docs"])
        if docs:
            return docs
    return []


_MOTION_TO_FILE = re.compile(
    r"\b(?:motion|application|request)\s+(?:for\s+leave\s+)?to\s+(?:file|lodge|maintain)\s+"
    r"(?P<docs>[^.;\[(]{3,120}?)\s+under\s+seal\b[^.;]{0,40}?\b(?:is|are)\s+(?:hereby\s+)?"
    r"(?:GRANTED|granted|ALLOWED|allowed)\b"
)


def _dedupe_docs(docs: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for d in docs:
        key = re.sub(r"^(?:the|unredacted|lodged)\s+", "", d.lower())
        seen.setdefault(key, d)
    return list(seen.values())


_CONCLUDING = re.compile(
    r"(?:Accordingly|Therefore|Thus|In\s+sum|For\s+(?:these|the\s+(?:foregoing|above))\s+reasons|"
    r"Based\s+(?:on|upon)\s+the\s+(?:foregoing|above)|In\s+conclusion|Consequently)\b"
    r"|\b[Cc]ourt\s+(?:therefore\s+)?(?:finds|concludes|holds)\b"
)


def _kind(motion: str) -> str:
    """ "unsealing_order" / "sealing_order" for the motion a ruling names, else ""."""
    if UNSEAL.search(motion) or ACCESS.search(motion):
        return "unsealing_order"
    return "sealing_order" if SEAL.search(motion) else ""


def _combine(outcomes: list[str]) -> str:
    """One outcome for several rulings on sealing motions (granted + denied is in part)."""
    kinds = set(outcomes) - {"moot"}
    if not kinds:
        return "moot" if outcomes else ""
    if len(kinds) == 1:
        return kinds.pop()
    return "granted_in_part"


def _public(found: dict | Found) -> dict:
    d = found.as_dict() if isinstance(found, Found) else found
    return {"motion": d["motion"], "refs": list(d["refs"]), "outcome": d["outcome"],
            "rule": d["rule"]}  # fmt: skip


def _decide(
    text: str, title: str, body: str, last: str, title_refs: list[int], body_refs: MotionRefs
) -> dict:
    """Event type, outcome, rulings per motion and flags, from every source of evidence.

    Precedence: the clerk's docket text (or the title) above the order; an appellate
    disposition of a sealing ruling below; the decretal words of the body; a ruling announced
    in the introduction; directives ("the Clerk shall file … under seal"); the last
    paragraph's findings. What none of them shows stays ``unknown`` with a flag.
    """
    flags: list[str] = []
    event_type = _event_type(title, body)
    head = header_rulings(text)
    head_sealing = [f for f in head if _kind(f.motion)]
    if head_sealing:
        event_type = _kind(head_sealing[0].motion)
    body_found: list[dict] = []
    body_outcome, outcome_flags = _outcome(body, set(body_refs.plain + title_refs), body_found)
    flags += outcome_flags
    appeal = appellate_ruling(body, is_sealing_context)
    if appeal and not head_sealing:
        # On appeal the motion ruled on below decides the kind of order; a motion named without
        # its object ("his motion to intervene") is read in its neighbourhood.
        near = body[max(0, appeal.pos - 400) : appeal.pos + 300]
        kind = (_kind(appeal.motion) or _kind(appeal.about)
                or (_kind(near) if event_type == "order_other" else ""))  # fmt: skip
        event_type = kind or event_type
    on_sealing = {f["kind"] for f in body_found if f["sealing"] and f["kind"]}
    if event_type == "sealing_order" and not head_sealing and on_sealing == {"unsealing_order"}:
        # The decretal rulings on (un)sealing requests all open records up: "the motion …,
        # asking the court to make the brief available to the public, is granted".
        event_type = "unsealing_order"
    rulings = [_public(f) for f in head]
    head_refs = {r for f in head for r in f.refs}
    rulings += [_public(f) for f in body_found if not head_refs.intersection(f["refs"])]

    outcome = ""
    if head_sealing and event_type != "order_other":
        outcome = _combine([f.outcome for f in head_sealing if _kind(f.motion) == event_type])
        if body_outcome and body_outcome != outcome and body_outcome != "moot":
            flags.append(f"ruling_conflict: docket text says {outcome}; order text says "
                         f"{body_outcome}")  # fmt: skip
    if not outcome and appeal and is_sealing_context(f"{appeal.motion} {appeal.about}"):
        outcome = appeal.outcome
        rulings.append(_public(appeal))
    if not outcome:
        outcome = body_outcome
    if not outcome and event_type != "order_other":
        announced = [
            f for f in announced_rulings(body)
            if _names_sealing_motion(f.motion, set()) is not False
            or f.rule == "announce.declines"
        ]  # fmt: skip
        outcome = _combine([f.outcome for f in announced])
        rulings += [_public(f) for f in announced]
    if not outcome and appeal and event_type != "order_other":
        outcome = appeal.outcome
        rulings.append(_public(appeal))
    if not outcome:
        if _DIRECTIVE_UNSEAL.search(body) and event_type == "unsealing_order":
            outcome = "granted"
        elif _DIRECTIVE_SEAL.search(body) and event_type == "sealing_order":
            outcome = "granted"
    if not outcome and last and (not is_truncated(text) or _CONCLUDING.search(last)):
        # In a text cut short the last paragraph is only where the cut fell; its findings
        # decide only when it concludes or states the Court's own finding ("Accordingly, …",
        # "Because the Court finds …"), not a party's argument.
        against = _FINDING_AGAINST.search(last)
        favour = _FINDING_FOR.search(last)
        if favour and not against:
            outcome = "granted"
        elif against:
            outcome = "denied"
        if outcome:
            flags.append("outcome_inferred_from_findings: the decisive word is missing; "
                         "the last paragraph's finding decides")  # fmt: skip
    if not outcome and event_type != "order_other":
        why = ("text cut before the decretal paragraph" if is_truncated(text)
               else "no ruling words on the sealing request")  # fmt: skip
        flags.append(f"ruling_not_shown: {why}")
    # The clerk's docket text names the sealing motion's own number ("granting 12 Motion to Seal").
    sealing_head_refs = _dedupe(
        [r for f in head_sealing if _kind(f.motion) == event_type for r in f.refs]
    )
    return {"event_type": event_type, "outcome": outcome or "unknown", "rulings": rulings,
            "flags": flags, "head_refs": sealing_head_refs}  # fmt: skip


_NAMED_REF = re.compile(
    r"[\[(]\s*(?:Doc(?:ument)?\.?|ECF|Dkt\.?|D\.E\.)"
    r"\s*(?:Nos?\.?)?\s*#?\s*(?P<n>\d{1,5})(?P<pin>\s*(?:at|,)\s*[^\])\n]{0,20})?\s*[\])]",
    re.I,
)
_NOT_A_NAME = re.compile(r"^(?:see|id|the|a|an|and|of|at|in|filed|dated)$", re.I)


def _number_conflict(body: str, motion_sources: list[list[int]]) -> str:
    """A real docket-number conflict, or "".

    Two kinds, both the same thing cited with different numbers:

    - the sealing motion's own number differs between the docket text above the order, the
      title and the body ("ORDER granting 12 Motion to Seal" over a body citing "the Motion to
      Seal (Dkt. 14)" and never Dkt. 12; a body citing both the paper and the motion, "Motion to
      Seal Portion of the Transcript [Doc. 3005] … (Doc. 3009)", agrees with a header 3009);
    - the same paper named the same way is cited with two numbers ("the Supplemental
      Declaration of Ann Roe. [Doc. No. 158]" in the opening and "… of Ann Roe. [Doc. No.
      155]" in the decretal paragraph, as OCR or a drafting slip leaves it).

    An order citing many earlier papers, several motions ("Dkt. 71, 72, 73") or the lodged
    copies of the papers ("maintain ECF Nos. 94 and 95 under seal") is no conflict. Pin cites
    ("[Doc. 158 at 3]") are not references of their own.
    """
    head, title, body_refs = (set(src) for src in motion_sources)
    cited: set[int] | None = None
    for given, other in ((head, body_refs), (title, body_refs), (head, title)):
        # A number the docket text or title gives the motion that the body never cites, while
        # the body cites the motion by another number.
        if not (given and other) or given & other:
            continue
        if cited is None:
            cited = set(_refs(body[:20000], pins=True))
        if not given & cited:
            nums = ", ".join(str(n) for n in sorted(given | other))
            return f"the sealing motion is cited as Doc. {nums}"
    by_name: dict[str, set[int]] = {}
    for m in _NAMED_REF.finditer(body[:20000]):
        if m["pin"]:
            continue
        name = body[max(0, m.start() - 60) : m.start()]
        if not re.search(r"[A-Za-z][\w'’-]*\.?\s*$", name):
            continue  # the reference follows a number or a bracket, not a paper's name
        name = re.split(r"[\])]", name)[-1]
        words = [w.lower().strip(".’'") for w in re.findall(r"[A-Za-z][\w'’-]*", name)[-4:]]
        words = [w for w in words if not _NOT_A_NAME.match(w)]
        if len(words) < 2:
            continue
        by_name.setdefault(" ".join(words[-3:]), set()).add(int(m["n"]))
    for name, nums in by_name.items():
        if len(nums) > 1:
            return f"'{name}' is cited as Doc. " + ", ".join(str(n) for n in sorted(nums))
    return ""


def read_ruling(text: str, case_name: str = "") -> dict:
    """Event type, outcome, rulings, movant, motion refs, documents sealed and flags.

    ``case_name`` is the caption's short name (``Doe v. Nielsen``), which tells who
    "Defendants" are (see :mod:`monitor.analyze.movant`)."""
    flags: list[str] = []
    title, body_start, body, last = _parts(text)
    title_refs = _title_refs(title)
    body_motion_refs = _motion_refs(body)
    decided = _decide(text, title, body, last, title_refs, body_motion_refs)
    event_type, outcome = decided["event_type"], decided["outcome"]
    truncated = is_truncated(text)
    if truncated:
        flags.append("truncated: text stops mid-sentence")
    flags += decided["flags"]

    movant_text, movant_role, movant_flags = read_movant(
        title, body, last, text, event_type, case_name=case_name
    )
    if truncated and INFERRED_SUA_SPONTE in movant_flags:
        # The request may be in the part that is missing: nothing is read from silence.
        movant_flags.remove(INFERRED_SUA_SPONTE)
        movant_text, movant_role = "", "unknown"
        movant_flags.append("movant_not_shown: the text is cut and names no request for sealing")
    flags += movant_flags

    # Motion references and docket-number consistency.
    body_refs = body_motion_refs.read(event_type != "order_other")
    head_refs = decided["head_refs"]
    motion_refs = head_refs or _dedupe(body_refs) or _dedupe(title_refs)
    if not motion_refs and last:
        motion_refs = _dedupe(_motion_refs(last).read(event_type != "order_other"))
    conflict = _number_conflict(body, [head_refs, _dedupe(title_refs), _dedupe(body_refs)])
    if conflict:
        flags.append(f"docket_number_conflict: {conflict}")

    documents = _documents(body, outcome) if event_type == "sealing_order" else []
    return {
        "event_type": event_type,
        "outcome": outcome,
        "movant_text": movant_text,
        "movant_role": movant_role,
        "motion_refs": motion_refs,
        "rulings": decided["rulings"],
        "documents_sealed": documents,
        "flags": flags,
    }
