"""Docket-entry cross-references: which earlier entries a docket text points to.

CM/ECF texts name other entries by number in many shapes (domain.md §1.3). PACER renders the
numbers as hyperlinks, and whether brackets or parentheses survive depends on the converter, so
every form below treats ``[``, ``(`` and spacing as optional:

- a number right before an event name: ``granting 119 Motion to Seal``, ``re 477 Sealed
  Document``, ``Order[124]``, ``[580] Motion``, ``Deerfield's 10 MOTION to Impound``;
- a number after a ruling verb or ``re``: ``granting 22 on a temporary basis``, ``re 104
  Directing the Clerk``, ``Re: [45]``;
- RF-03 a number right after a sealing motion's name in C.D./N.D. Cal. titles: ``APPLICATION FOR
  LEAVE TO FILE UNDER SEAL 57 by Judge X``; role words as event words in any case and number
  (``92 DEFENDANTS' ADMINISTRATIVE MOTION``);
- keyword forms: ``ECF No. 128``, ``ECF 79``, ``Dkt. Nos. 459, 464``, ``Dkts. 564, 565, and
  572``, ``Doc. #47``, ``Docs. #54 and #55``, ``(Doc. 66.)``, ``R. Doc. 7``, ``Rec. Doc. 7``,
  ``Filing 37``, ``Filing No. 50``, ``Docket Item 22``, ``Docket Entry 9``, ``docket entries
  15, 16, 17, and 18``, ``Document No. 70``, ``Related Doc # 27``, ``related document(s) 14``,
  ``related document:41``, ``D.E. 12``, clerk notes' ``per order 120`` / ``per minute entry 131``;
- a list before a plural event name: ``STRIKING 40 and 41 MOTIONS TO SEAL`` (one number before
  ``motions`` is a count, not a reference);
- spaced parenthesised lists left by hyperlink conversion: ``( 290 , 305 , 311 , 314 )``,
  ``( 8 & 11 )``, ``( 1 ) Complaint``;
- attachment suffixes (``ECF No. 55-4``, ``[21-5]``, legacy ``[119-1] motion``) count as the
  entry itself; ``[0-0]`` (an oral motion) is no entry;
- ranges after a plural keyword or with ``through``: ``Dkt. Nos. 459-464``, ``ECF Nos. 45
  through 48`` (capped at 100 entries).

Dates (``5/31/2024``), years, times, rule numbers (``Rule 12``, ``Local Civil Rule 5.3``),
statute numbers (``8 U.S.C. 1329``), case numbers (``1:17-cv-09912``, appellate ``[23-30126]``)
and appellate document ids (``[10528989]``) are not references; attachment numbers (``# 1
Exhibit``) are not either.
"""

from __future__ import annotations

import re

MAX_ENTRY = 99999
MAX_RANGE = 100

_EVENT_WORDS = (
    r"(?:motion|order|complaint|petition|letter|sealed|document|declaration|memorandum|"
    r"exhibit|brief|response|reply|opposition|notice|transcript|stipulation|application|"
    r"administrative|joint|emergency|unopposed|opposed|ex\s+parte|amended|plaintiffs?|defendants?|"
    r"petitioners?|respondents?|redacted|proposed|minute|answer|return|report|affidavit|statement|"
    r"index|certificate|objection|supplemental|sur-?reply|markman|appendix|lodged|restricted|"
    r"interim|consent|stipulated|renewed|cross|request|judgment|indictment|information|"
    r"memo|text\s+order|writ|traverse|status|government|federal|appeal|summons|subpoena|"
    r"warrant|affirmation|deposition|record)"
)

# A number directly before an event name ("119 Motion", "[580] Motion", "Order[124]").
_NUMBER_BEFORE_EVENT = re.compile(
    r"(?<![\w#/.:$§\-])\[?\s?(\d{1,5})(?:-\d{1,3})?\s?\]?\s*(?=" + _EVENT_WORDS + r"\b)"
    r"(?!motions\b)",
    re.IGNORECASE,
)
# A list of numbers before a plural event name: "STRIKING 40 and 41 MOTIONS TO SEAL" (a single
# number before "motions" is a count: "the 3 motions").
_LIST_BEFORE_PLURAL = re.compile(
    # Never from inside a list ("1, 2, 3 ..."): each inner start scanned to the list's end.
    r"(?<![\w#/.:$§\-])(?<!,)(?<!,\s)(?<!&)(?<!&\s)(?<!and\s)(?P<list>(?:\[\s?)?\d{1,5}(?:\s?\])?(?:\s*(?:,|&|\band\b)\s*(?:and\s+)?"
    r"(?:\[\s?)?\d{1,5}(?:\s?\])?)+)\s+(?=(?:motions|orders|documents|declarations|letters|applications|"
    r"requests|stipulations|notices)\b)",
    re.IGNORECASE,
)
_BRACKETED = re.compile(r"\[\s?(\d{1,5})(?:-(\d{1,3}))?\s?\]")
# A number after a ruling verb or "re": "granting 22 on a temporary basis", "re 104 Directing".
_AFTER_VERB = re.compile(
    r"\b(?:granting|denying|terminating|striking|mooting|vacating|withdrawing|finding\s+as\s+moot|"
    r"re:?|regarding)\s+\[?\s?(\d{1,5})(?:-\d{1,3})?\s?\]?(?![\d/:.,]\d|\d|\s*(?:days?|hours?|"
    r"weeks?|months?|years?|pages?|a\.m|p\.m|am\b|pm\b))",
    re.IGNORECASE,
)
# RF-03 C.D./N.D. Cal. titles put the entry number after a sealing motion's name: "ORDER GRANTING
# APPLICATION FOR LEAVE TO FILE UNDER SEAL 57 by Judge X", "... TO FILE ... UNDER SEAL 88." Only
# right after the sealing words and before "by", "filed", "(", "[" or the end of a sentence.
_AFTER_SEAL_TITLE = re.compile(
    r"\b(?:UNDER\s+SEAL|TO\s+SEAL|TO\s+UNSEAL|TO\s+REDACT|TO\s+IMPOUND)\s+\[?(\d{1,5})\]?"
    r"(?=\s+(?:by|filed)\b|\s*[(\[]|\s*[.;]\s|\s*[.;]?$)",
    re.IGNORECASE,
)
# "Modified by unsealing docket entry per order 120", "per minute entry 131" (clerk notes).
_PER_ORDER = re.compile(
    r"\bper\s+(?:the\s+)?(?:order|minute\s+(?:entry|order))\s+(?:No\.\s*|#\s*)?\[?(\d{1,5})\]?"
    r"(?![\d/:.,\-]\d|\d)",
    re.IGNORECASE,
)
# Spaces only next to a bracket or "#": a space that both an item and the separator could take
# made a long "1625 , 1662 , 1674 , ..." list backtrack exponentially.
_NUM = (
    r"(?:\[\s?)?(?:#\s?)?\d{1,5}(?:\s?(?:-|–|—|through|thru)\s?\d{1,5})?(?![\d:/]|-[a-zA-Z])"
    r"(?:\s?\])?"
)
_LIST = _NUM + r"(?:\s*(?:,|;|&|\band\b)\s*(?:and\s+)?" + _NUM + r")*"
_KEYWORD = re.compile(
    r"(?P<kw>\brelated\s+(?:document(?:\(s\)|s)?|doc(?:ument)?s?)\s*(?:No\.?|#|:)?"
    r"|\b(?:R|Rec)\.\s?Docs?\.?\s*(?:Nos?\.?|#)?"
    r"|\bDocs?\.\s*(?:Nos?\.?|#)?"
    r"|\bDoc\s*#"
    r"|\bDocuments?\s+(?:Nos?\.?|#)"
    r"|\bDocuments?\s+(?=\d)"  # RF-04 also "Documents 42 and 44 shall remain sealed"
    r"|\bDkts?\.?\s*(?:Nos?\.?|#)?"
    r"|\bDocket\s+(?:Nos?\.?|Entry|Entries|Items?|#)?"
    r"|\bECF\s*(?:Doc(?:ument)?\.?\s*)?(?:Nos?\.?|#)?"
    r"|\bFilings?\s*(?:Nos?\.?)?"
    r"|\b(?:docket\s+)?entr(?:y|ies)\s*(?:Nos?\.?)?"
    r"|\bD\.\s?E\.)"
    r"\s*[\[(]?\s*(?P<list>" + _LIST + r")",
    re.IGNORECASE,
)
# "( 290 , 305 , 311 , 314 )", "( 8 & 11 )", "( 1 ) Complaint": spaces inside the parentheses.
_SPACED_PARENS = re.compile(r"\(\s+(?P<list>\d{1,5}(?:\s*(?:,|&|\band\b)\s*\d{1,5})*)\s+\)")
_RANGE = re.compile(r"(\d{1,5})\s?(-|–|—|through|thru)\s?(\d{1,5})", re.IGNORECASE)
_SINGLE = re.compile(r"\d{1,5}")
_NOT_BEFORE = re.compile(
    r"(?:\brules?|\bR\.|§|\bsec(?:tion)?s?\.?|\bU\.?S\.?C\.?|\bC\.?F\.?R\.?|\btitle|\bcounts?|"
    r"\bpages?|\bpp?\.|#|\bexhibits?|\bchapter|\bform|\bI-|\bno\.|\bcase|\bfiled|\bdated)\s*$",
    re.IGNORECASE,
)
# "(Attachments: # 1 Declaration, # 2 Index)" - attachment numbers are not entries.
_ATTACHMENTS = re.compile(r"\(\s*Attachments?:[^()]*(?:\([^()]*\)[^()]*)*\)", re.IGNORECASE)
_DATES = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{1,2}:\d{2}\b")


def _expand(token: str, plural: bool) -> list[int]:
    """Numbers in one list token: ``45``, ``55-4`` (attachment), ``459-464`` (range)."""
    match = _RANGE.search(token)
    if match:
        first, sep, second = int(match.group(1)), match.group(2).lower(), int(match.group(3))
        is_range = (
            second > first
            and second - first <= MAX_RANGE
            and (
                sep in ("through", "thru")
                or (plural and len(match.group(3)) == len(match.group(1)))
            )
        )
        if is_range:
            return list(range(first, second + 1))
        return [first]  # "55-4": attachment 4 of entry 55
    return [int(n) for n in _SINGLE.findall(token)[:1]]


def _list_numbers(text: str, plural: bool) -> list[int]:
    numbers: list[int] = []
    for token in re.split(r"\s*(?:,|;|&|\band\b)\s*", text):
        token = token.strip(" []#()")
        if token:
            numbers.extend(_expand(token, plural))
    return numbers


def extract_refs(text: str) -> list[int]:
    """Entry numbers ``text`` points to, in order of first appearance, without duplicates."""
    if not text:
        return []
    clean = _DATES.sub(" ", _ATTACHMENTS.sub(" ", text))
    found: list[tuple[int, int]] = []  # (position, number)

    for match in _KEYWORD.finditer(clean):
        kw = match.group("kw").strip().lower()
        plural = bool(re.search(r"(?:s|nos)\.?$|entries$|\(s\)", kw)) or "docs" in kw
        for offset, number in enumerate(_list_numbers(match.group("list"), plural)):
            found.append((match.start("list") + offset, number))
    for match in _LIST_BEFORE_PLURAL.finditer(clean):
        if _NOT_BEFORE.search(clean[max(0, match.start() - 12) : match.start()]):
            continue
        for offset, number in enumerate(_list_numbers(match.group("list"), False)):
            found.append((match.start("list") + offset, number))
    for match in _SPACED_PARENS.finditer(clean):
        for offset, number in enumerate(_list_numbers(match.group("list"), True)):
            found.append((match.start("list") + offset, number))
    for pattern in (_NUMBER_BEFORE_EVENT, _AFTER_VERB, _BRACKETED, _PER_ORDER, _AFTER_SEAL_TITLE):
        for match in pattern.finditer(clean):
            start = match.start(1)
            before = clean[max(0, start - 12) : start]
            if pattern is _NUMBER_BEFORE_EVENT and _NOT_BEFORE.search(before):
                continue
            found.append((start, int(match.group(1))))

    refs: list[int] = []
    seen: set[int] = set()
    for _, number in sorted(found, key=lambda item: item[0]):
        if 0 < number <= MAX_ENTRY and number not in seen:
            seen.add(number)
            refs.append(number)
    return refs
