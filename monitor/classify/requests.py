"""What a request is (motions, letters) and which papers are themselves sealed or redacted.

**Requests**: a motion counts when its own object is sealing (``to Seal``, ``for Leave to File ...
Under Seal``, ``to Impound`` (D. Mass.), ``to Restrict`` access (D. Neb.), ``to Redact``,
``Highly Sensitive Document``) — either the leading motion or an upper-case conjunct
(``Unopposed MOTION to Continue ... and MOTION to Seal Affidavit``). A motion named after an
entry number or ``re``/``as to`` is a reference, not a request. Unsealing requests (``MOTION to
Unseal``, ``MOTION to Intervene ... Oppose Further Sealing``, ``Motion for Leave to File
Documents Publicly`` — de-designation) are ``unseal_motion``. Letters that ask to file under seal
(S.D.N.Y. practice) are requests too. The object of a motion noun (:func:`object_window`) and its
kind (:func:`window_kind`) are shared with :mod:`monitor.classify.rulings`, which reads the
motions an order names the same way.

**Papers**: ``SEALED DOCUMENT``, ``**SEALED DOCUMENT**``, ``SEALED LODGED Proposed ...``, ``Sealed
Motion`` (the paper is sealed, not a request), ``SEALED ORDER`` that rules on something else,
``(Sealed)`` / ``[SEALED]`` / ``(Under Seal)`` suffixes, ``(DOCUMENT FILED UNDER SEAL)``,
``Notice of Filing Under Seal``, ``RESTRICTED DOCUMENT`` (D. Neb., without the E-Government
notice), ``Highly Sensitive Document`` notices, clerk modifications that sealed an entry →
``sealed_filing``. ``REDACTED DOCUMENT``, ``Redacted Public Version of [31]``, ``REDACTION to 81
...``, ``*REDACTED* Transcript``, ``(Redacted)`` → ``redaction``.

Imports :mod:`~monitor.classify.patterns`, :mod:`~monitor.classify.movant` and
:mod:`~monitor.classify.result` from the package.
"""

from __future__ import annotations

import re

from monitor.classify.movant import (
    LEADING_ROLE,
    MOTION_BY,
    ON_BEHALF,
    filer,
    named_after,
    trim_movant,
)
from monitor.classify.patterns import ATTACHMENTS
from monitor.classify.result import Classification, sealing_event

# A motion-like noun somewhere in the text (orders name the motions they rule on).
NOUN = re.compile(
    r"\b(?:letter[\s-]+motions?|motions?|applications?|requests?|petitions?(?=\s+(?:to|for)\s)|"
    r"stipulations?(?=\s+(?:to|re|for|regarding)\s))\b(?!\s+hearing)",
    re.I,
)
# The possessive ending of a title's movant ("Petitioner's", "PETITIONER'S", "Defendants'"): the
# movant is the name without it.
_POSSESSIVE_S = re.compile(r"['’][sS]?$")
_WINDOW_START = re.compile(
    r"^\s*(?:\(\s*(?:ECF|Dkt|Doc|Filing)[^)]*\)|\[\d{1,5}\])?\s*"
    r"(?:re:?\s+|regarding\s+|-\s*|/\s*|,\s*)?",
    re.I,
)
_WINDOW_END = re.compile(
    r"\s(?:by|filed\s+by|as\s+to|re:?|regarding|in\s+support\s+of|in\s+opposition\s+to|"
    r"response\s+to|reply\s+to|opposition\s+to|is|are|was|were)\s|;|\(Attachments|\(Entered|"
    r"(?<![\s.][A-Z])(?<!\bCorp)(?<!\bInc)(?<!\bCo)(?<!\bLtd)\.(?:\s+[A-Z(]|\s*$)|"
    # RQ-06 a company's "Corp." / "Inc." ends a title only before a capital ("Application of
    # Capitol Sentinel News Corp. to Unseal Records" goes on).
    r"(?:(?<=\bCorp)|(?<=\bInc)|(?<=\bCo)|(?<=\bLtd))\.(?-i:\s+[A-Z(]|\s*$)|"
    r"\bsupporting\b|\bjoin(?:ing|der)\b|"
    # "Exhibit A." ends a title (the letter is a label, not a name's initial); so do endorsements.
    r"(?:(?<=Exhibit\s[A-Z])|(?<=Exhibits\s[A-Z])|(?<=Appendix\s[A-Z])|(?<=Attachment\s[A-Z]))"
    r"\.(?=\s+[A-Z(]|\s*$)|\bENDORSEMENT\s*:|\bSO\s+ORDERED\b|"
    r"\s\[?\d{1,5}(?:\.\d+)?(?:\([a-z]\))?\]?\s+(?:Sealed\s+|SEALED\s+)?"
    r"(?:MOTION|Motion|motion)\b|\s\(\s*\d{1,5}\s*\)\s+(?:Sealed\s+|SEALED\s+)?"
    r"(?:MOTION|Motion|motion)\b|(?-i:(?:\band\b|,)\s+(?:[A-Z][A-Za-z\-]+\s+){0,3}"
    r"(?:MOTION|APPLICATION)\b)",
    re.I,
)
_UNSEAL_OBJ = re.compile(
    r"\bun-?seal\w*|\blift\w*\s+(?:the\s+)?seal|\boppos\w*\s+(?:further\s+)?sealing|"
    r"\bde-?designat\w*|\bremove\s+(?:the\s+)?(?:seal|restriction)\w*|\bmake\s+public\b|"
    r"\bdisclose\s+(?:secret|sealed)",
    re.I,
)
_SEAL_OBJ = re.compile(
    r"\bseal(?:ing)?\b|\bunder\s*seal|\bbe\s+sealed\b|\bimpound(?:ment)?\b|\bredact\w*|"
    r"\bhighly\s+sensitive\b|\bfile\b[^;]{0,80}\bimpounded\b|\bfile\s+(?:(?!to\b)\w+\s+)?sealed\b|"
    r"\brestrict(?:ed|ion|ing)?\s+(?:\w+\s+){0,3}?(?:access|documents?|filings?|exhibits?|"
    r"entr(?:y|ies)|pdf|docket|record|viewing)\b|\bto\s+restrict\s*(?:$|\(|\[)|\bas\s+(?:a\s+)?restricted\b",
    re.I,
)
# RQ-05 "publicly" asks for unsealing only as the manner of filing or disclosure ("for Leave to
# File Documents Publicly", "to make the exhibits publicly available on the docket"); "Judicial
# Notice of Publicly Available Agency Records" describes records already public. Bounded: five
# words between the verb and "publicly".
_PUBLIC_OBJ = re.compile(
    r"\b(?:fil|re-?fil|docket|lodg|mak|made|disclos|releas|post)\w*\s+(?:[\w,'’\-]+\s+){0,5}?"
    r"publicly\b|\bto\s+publicly\s+(?:fil|re-?fil|docket|disclos|releas)\w*|"
    r"\bon\s+the\s+public\s+(?:docket|record)\b",
    re.I,
)
# RQ-04 a deadline is the object, not sealing: "for Extension of Time to File Redacted Versions",
# "STIPULATION to Extend Time to Respond to 40 APPLICATION for Leave to File Under Seal". The
# seal period of a qui tam complaint ("Extension of the Seal Period") is sealing itself.
_DEADLINE_OBJ = re.compile(
    r"^\W*(?:for\s+(?:an?\s+|the\s+)?)?(?:(?:second|third|further|additional|brief|short|"
    r"limited)\s+)*(?:extension|enlargement)s?\s+of\s+(?:the\s+)?(?:time|deadlines?)\b|"
    r"^\W*(?:for\s+leave\s+)?to\s+(?:extend|enlarge|continue|reschedule|reset|vacate|advance)\s+"
    r"(?:the\s+)?(?:time|deadlines?|briefing|response|hearing|conference)\b|"
    r"^\W*for\s+(?:a\s+)?continuance\b|^\W*to\s+(?:respond|reply)\s+to\b",
    re.I,
)
# PP-02 a sealed/redacted marker that names what a deadline is for ("Extension of Time to file
# the public, redacted version of the brief") is no sealed or redacted paper. 100 characters back.
_DEADLINE_BEFORE = re.compile(
    r"\b(?:(?:extension|enlargement)\s+of\s+time|extend\w*\s+(?:the\s+)?(?:time|deadline)|"
    r"deadline)\b[^.;]{0,80}$",
    re.I,
)
_NOT_OBJ = re.compile(
    r"\b(?:view|obtain|access|copies\s+of|inspect)\s+(?:the\s+)?(?:sealed|under\s+seal)", re.I
)
_SEALED_MARK = re.compile(
    r"\(\s*(?:SEALED|Sealed|sealed)(?:\s*-\s*[\w ]+)?\s*\)|\[\s*SEALED\s*\]|"
    r"\(\s*(?:Filed\s+)?Under\s+Seal\s*\)|(?<!to\s)(?<!be\s)\bfiled\s+under\s+seal\b|"
    r"\bThis\s+(?:document|entry)\s+is\s+SEALED\b|\bARE\s+SEALED\s+PURSUANT\b|"
    r"\bNotice\s+of\s+(?:Filing|Lodging)\s+(?:of\s+)?(?:Documents?\s+|Exhibits?\s+)?"
    r"(?:Under\s+Seal|Sealed)|\bNotice\s+of\s+Sealed\s+Filing\b|\bSealed\s*:\s*Yes\b|"
    r"\bhighly\s+sensitive\s+document\b|\bNOTICE\s+OF\s+MANUAL\s+FILING\b[^.;]{0,60}\bSEALED\b|"
    # SF-01 a restricted attachment added by the clerk ("Restricted Court Exhibit added").
    r"\bRestricted\s+(?:Court\s+)?(?:Exhibit|Document|Attachment)s?\s+(?:\d{1,3}\s+)?added\b",
    re.I,
)
_SEALED_ATTACHMENT = re.compile(
    r"\(\s*filed\s+under\s+seal\s*\)|\bsealed\s+(?:exhibit|document)", re.I
)
_REDACTED_MARK = re.compile(
    r"\bRedacted\s+(?:Public\s+)?Version\b|\bPUBLIC\s+(?:REDACTED\s+)?VERSION\b|"
    r"\(\s*(?:Public\s+)?Redacted(?:\s+Version)?\s*\)|\[\s*REDACTED\s*\]|"
    r"\bREDACTED\s+VERSION\b|\bTHIS\s+IS\s+A\s+REDACTED\s+VERSION\b|"
    # RD-01 a paper filed with parts blacked out: "INDICTMENT with foreperson's signature
    # redacted", "Information with the minor victim's name redacted".
    r"^(?:SUPERSEDING\s+)?(?:INDICTMENT|INFORMATION|COMPLAINT|Indictment|Information|Complaint)"
    r"\b[^.;]{0,20}?\bwith\s+(?:[\w'’-]+\s+){1,4}redacted\b",
    re.I,
)
_REDACTED_ATTACHMENT = re.compile(r"(?<!un)redacted\b", re.I)
_LETTER_REQUEST = re.compile(
    r"\b(?:request\w*|seek\w*|asking|application)\s+(?:\w+\s+){0,6}?(?:to\s+)?"
    r"(?:file\s+[^.;]{0,100}?under\s+seal|seal\b|redact|maintain\s+[^.;]{0,60}?under\s+seal|"
    r"that\s+[^.;]{0,100}?be\s+(?:filed\s+under\s+seal|sealed|redacted))|\bre:?\s+(?:request|"
    r"motion)\s+(?:for\s+leave\s+)?to\s+(?:file\s+[^.;]{0,80}?under\s+seal|seal|redact)\b",
    re.I,
)
# PP-03 a letter that opposes or answers another's sealing request ("re: Plaintiff's opposition
# to Defendant's request to seal Exhibits 4-7") is not itself a request. 80 characters back.
_OPPOSED_BEFORE = re.compile(
    r"\b(?:opposition|objection|response|reply|oppos\w*|object\w*|respond\w*)\s+(?:to\s+)?"
    r"(?:the\s+|a\s+)?(?:[\w.'’\-]+\s+){0,3}$",
    re.I,
)
_LETTER_UNSEAL = re.compile(r"\b(?:request\w*|seek\w*|asking)\s+[^.;]{0,80}?\bunseal", re.I)


# RQ-01 a joint request: "Joint" or "Stipulated" before the motion noun of the title, also after
# a "/" (bankruptcy event name, then the title: "Interim Motion to File Under Seal /Joint Interim
# Motion for Order ...").
_JOINT_TITLE = re.compile(
    r"(?:^|/)\W*(?:(?:interim|emergency|unopposed|consent(?:ed)?|renewed|amended)\s+)*"
    r"(?:joint|stipulated|agreed)\b",
    re.I,
)


# RQ-02 a motion to intervene for the purpose of supporting or opposing another's sealing or
# unsealing motion (D. Mass. "MOTION to Intervene for Purposes of Supporting Defendant's Local Rule
# 7.2 Motion to Impound", "MOTION to Intervene to Oppose Plaintiff's Motion to Seal"), or to seek
# access to sealed records: the intervenor joins the request it supports (support of sealing →
# a sealing request, opposition to sealing or access → an unsealing request). An intervenor is
# not a party (``third_party``). A stance toward another kind of motion ("Supporting Defendant's
# Motion to Dismiss") is not a sealing request. Bounded: 80 characters to the stance, 160 after.
_INTERVENE = re.compile(
    r"^\W*(?:for\s+leave\s+)?to\s+intervene\b(?P<purpose>[^;]{0,80}?)\b(?P<stance>support\w*|"
    r"oppos\w*|join\w*|seek\w*\s+access|access)\b(?P<rest>[^;]{0,160})",
    re.I,
)
_STANCE_MOTION = re.compile(r"\b(?:motion|application|request)s?\b", re.I)
_ACCESS = re.compile(
    r"\baccess\b[^;]{0,40}?\b(?:sealed|judicial|court)\s+(?:records?|documents?|"
    r"filings?|materials?)",
    re.I,
)


# MV-08 "EX PARTE APPLICATION of the United States for a Further Extension of the Seal Period",
# "MOTION of Defendant X to Seal": the filer stands after "of", before the object. Bounded to 80.
APPLICATION_OF = re.compile(
    r"^\s+of\s+(?P<who>(?:the\s+)?[A-Z][^;()]{1,80}?)\s+(?=(?:for|to)\s)",
)


def intervention_kind(title: str) -> str | None:
    """RQ-02: ``seal`` / ``unseal`` for a motion to intervene that takes a side on (un)sealing."""
    match = _INTERVENE.match(title)
    if not match:
        return None
    stance = match.group("stance").lower()
    if "access" in stance:
        return "unseal" if _ACCESS.search(match.group(0)) else None
    rest = match.group("rest")
    noun = _STANCE_MOTION.search(rest)
    # "to Intervene to Oppose Further Sealing, MOTION to Unseal ...": the stance's own object
    # comes first.
    own = window_kind(match.group("stance") + rest[: noun.start() if noun else 120])
    if own is not None or noun is None:
        return own
    kind = window_kind(object_window(rest, noun.end()))
    if kind is None:
        return None
    if stance.startswith("oppos"):
        return "unseal" if kind == "seal" else "seal"
    return kind


def object_window(text: str, start: int) -> str:
    """The object of the motion noun ending at ``start``: up to the next boundary."""
    rest = text[start : start + 240]
    lead = _WINDOW_START.match(rest)
    offset = lead.end() if lead else 0
    end = _WINDOW_END.search(rest, offset)
    return rest[offset : end.start() if end else len(rest)]


def window_kind(window: str) -> str | None:
    """``seal``, ``unseal`` or None for a motion object."""
    if not window or _NOT_OBJ.search(window) or _DEADLINE_OBJ.search(window):
        return None
    if _UNSEAL_OBJ.search(window):
        return "unseal"
    if _SEAL_OBJ.search(window):
        return "seal"
    if _PUBLIC_OBJ.search(window):
        return "unseal"
    return None


# PP-04 an order's "filed under seal at Doc. 90" / "(ECF No. 19)" points back at an earlier
# docket entry: the order mentions a paper already sealed, it is not itself a sealed paper.
_POINTS_BACK = re.compile(
    r"\s*(?:\(\s*|(?:at|as)\s+)(?:Doc(?:ket)?|ECF|Dkt|D\.\s?E)\.?(?:\s*(?:No|Entry)\.?)?\s*#?\s*\d",
    re.I,
)


# RD-02 a paper that says where its unredacted twin went ("INDICTMENT ... (Foreperson signature
# redacted; unredacted copy filed under seal.)") is itself the redacted public paper.
_UNREDACTED_TWIN = re.compile(
    r"\bunredacted\s+(?:copy|version|original)\s+(?:is\s+|was\s+|has\s+been\s+)?"
    r"(?:filed|lodged|maintained|retained)\s+under\s+seal\b",
    re.I,
)


def _marked(pattern: re.Pattern[str], body: str, order: bool = False) -> bool:
    """A marker that is not the object of a deadline (PP-02) nor, in an order, a pointer back
    to an earlier sealed entry (PP-04)."""
    for match in pattern.finditer(body):
        if _DEADLINE_BEFORE.search(body[max(0, match.start() - 100) : match.start()]):
            continue
        if order and _POINTS_BACK.match(body, match.end(), match.end() + 30):
            continue
        if not order and _UNREDACTED_TWIN.search(body, max(0, match.start() - 40), match.end()):
            continue  # RD-02
        return True
    return False


def paper_markers(
    clean: str, sealed_lead: bool, egov: bool, case_name: str, refs: list[int], rule_base: str
) -> Classification | None:
    """Sealed or redacted papers (any family): the paper itself is the event."""
    body = ATTACHMENTS.sub(" ", clean)
    movant = filer(body)
    if sealed_lead and not egov:
        return sealing_event(
            "sealed_filing", "none", refs, movant, case_name, "sealed.lead.v1", clean
        )
    if _marked(_SEALED_MARK, body, rule_base == "order"):
        return sealing_event(
            "sealed_filing", "none", refs, movant, case_name, "sealed.marker.v1", clean
        )
    if _marked(_REDACTED_MARK, body) or (rule_base != "order" and _UNREDACTED_TWIN.search(body)):
        return sealing_event(
            "redaction", "none", refs, movant, case_name, "redaction.marker.v1", clean
        )
    attachments = " ".join(m.group(0) for m in ATTACHMENTS.finditer(clean))
    if attachments and _SEALED_ATTACHMENT.search(attachments):
        return sealing_event(
            "sealed_filing", "none", refs, movant, case_name, "sealed.attachment.v1", clean
        )
    if attachments and _REDACTED_ATTACHMENT.search(attachments):
        return sealing_event(
            "redaction", "none", refs, movant, case_name, "redaction.attachment.v1", clean
        )
    return None


def read_motion(
    clean: str, body: str, lead: re.Match[str], case_name: str, refs: list[int]
) -> Classification | None:
    """A request family entry: is one of its own motions a sealing/unsealing request?"""
    kinds: list[str] = []
    intervenor = False
    start = lead.end()
    by_clause = MOTION_BY.match(body[start:])
    movant = ""
    if by_clause:  # N.D. Ill.: "MOTION by Plaintiffs A, B for leave to file exhibits under seal"
        movant = trim_movant(by_clause.group("movant"))
        rest = body[start + by_clause.end() :]
        kind = window_kind(re.split(r"\(Attachments|\(Entered", rest)[0][:240])
        if kind:
            kinds.append(kind)
    else:
        kind = intervention_kind(body[start : start + 300])
        if kind:
            kinds.append(kind)
            intervenor = True
        else:
            kind = window_kind(object_window(body, start))
            if kind:
                kinds.append(kind)
    for conj in re.finditer(
        r"(?:\band\b|,|;|/)\s*(?:(?:Joint|JOINT|Emergency|EMERGENCY|Unopposed|UNOPPOSED|Ex\s+Parte|"
        r"EX\s+PARTE|Sealed|SEALED|Interim|Administrative)\s+)*(?:MOTION|APPLICATION|Motion\s+to"
        r"\s+Seal\b|Motion\s+to\s+File\s+Under\s+Seal\b)",
        body[start:],
    ):
        kind = window_kind(object_window(body, start + conj.end()))
        if kind and not re.search(r"\d\s*$", body[: start + conj.start()]):
            kinds.append(kind)
            break
    if not kinds:
        return None
    event = "motion_to_seal" if kinds[0] == "seal" or "seal" in kinds else "unseal_motion"
    if event == "motion_to_seal" and kinds[0] == "unseal":
        event = "unseal_motion"
    poss = _POSSESSIVE_S.sub("", (lead.group("poss") or "").strip())
    if not poss:
        leading = LEADING_ROLE.match(body)
        poss = leading.group("word") if leading else ""
    of_clause = APPLICATION_OF.match(body[start : start + 120])
    if of_clause and not movant:
        movant = trim_movant(of_clause.group("who"))
    behalf = ON_BEHALF.search(re.split(r"\(Attachments|\(Entered", body)[0])
    behalf_text = trim_movant(behalf.group(0)) if behalf else ""
    movant = movant or filer(body, start) or named_after(body[start:]) or behalf_text or poss
    noun = lead.group("noun").lower()
    if "stipulation" in noun and not movant:
        movant = "Stipulation of the parties"
    rule = "motion.unseal.v1" if event == "unseal_motion" else "motion.seal.v1"
    if noun.startswith("letter"):
        rule = rule.replace(".v1", ".letter.v1")
    role = None
    if "stipulation" in noun or _JOINT_TITLE.search(body[: start + 160]):
        role = "joint"
    if intervenor:
        role = "third_party"
        rule = rule.replace(".v1", ".intervene.v1")
    return sealing_event(event, "none", refs, movant, case_name, rule, clean, role)


def read_letter(clean: str, body: str, case_name: str, refs: list[int]) -> Classification | None:
    """S.D.N.Y.-style letters that ask for sealing or unsealing."""
    movant = filer(body)
    if not movant:
        sender = re.search(r"\bfrom\s+(?P<who>.+?)\s+(?:to|dated|re:?)\b", body, re.I)
        movant = trim_movant(sender.group("who")) if sender else ""
    if _LETTER_UNSEAL.search(body):
        return sealing_event(
            "unseal_motion", "none", refs, movant, case_name, "motion.unseal.letter.v1", clean
        )
    if any(
        not _OPPOSED_BEFORE.search(body[max(0, m.start() - 80) : m.start()])
        for m in _LETTER_REQUEST.finditer(body)
    ):
        return sealing_event(
            "motion_to_seal", "none", refs, movant, case_name, "motion.seal.letter.v1", clean
        )
    return None
