"""The judge who issued a docket entry, read from its CM/ECF docket text.

``judge_slug(name) -> str``: the judge's address segment, shared by the judge feed
(``/-/feeds/judge/{slug}.atom``) and the judge page (``/-/judge/{slug}``); see its docstring.

``judge_from_docket_text(text) -> (name, role)``: pure, no I/O. ``name`` is the judge's name as
the text gives it (capitals turned to title case, a bare initial given its period: ``G Murray
Snow`` -> ``G. Murray Snow``); ``role`` is ``magistrate``, ``district``, ``bankruptcy``,
``circuit`` or ``unknown`` (``Judge``, ``Chief Judge`` and ``Senior Judge`` do not say which
kind: the court does, and the caller knows the court). ``("", "unknown")`` when the text names
no issuing judge; nothing is guessed.

Source quirks handled (rule ids in the golden table tests/cases/judges.yml):

- ``judge.signed_by``: the signature clause most courts append: ``Signed by Magistrate Judge
  Jose R. Almonte on 5/31/2024``, ``Signed by Chief Judge G Murray Snow on 5/17/2024`` (D. Ariz.
  drops the initial's period), ``signed by District Judge Anthony W. Ishii``, ``Signed by Judge
  BARRY M. KURREN`` (D. Haw. in capitals), ``Signed by Honorable Jane Doe``.
- ``judge.order_by``: N.D. Cal. and others lead with the judge: ``ORDER by Judge Haywood S.
  Gilliam, Jr. GRANTING ...``, ``Order by Magistrate Judge Virginia K. DeMarchi granting ...``;
  also ``(HEREBY ORDERED by Judge Lewis A. Kaplan)`` (S.D.N.Y.), ``Ordered by Senior Judge
  Richard G. Kopf`` (D. Neb.), ``Entered by Honorable Judge Myron H. Thompson`` (M.D. Ala.).
- ``judge.lead_colon``: D. Mass. puts the judge first: ``Magistrate Judge Katherine A.
  Robertson: ELECTRONIC ORDER entered granting ...``; ``Judge Amit P. Mehta: MINUTE ORDER``.
- ``judge.before``: minute entries: ``Minute Entry for proceedings held before Magistrate Judge
  Ann Lee: Motion Hearing``, ``Motion Hearing held before the Honorable Judge Ann Lee``.
- ``judge.by_title``: the entry ends on the judge, titled: ``ORDER GRANTING ... APPLICATION 24
  by Magistrate Judge Ann Lee. (see document for details)``; not after an objection, appeal,
  review or a report and recommendation (``OBJECTIONS to Order by Magistrate Judge ...``).
- Not the issuing judge (``judge.not_issuing``): a referral or reassignment (``referred to
  Magistrate Judge``, ``Case reassigned to Judge``), a judge's initials in a case number
  (``3:25-cv-01234-JO-DEB``), ``Judge Advocate``; these give ``("", "unknown")``.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["judge_from_docket_text", "judge_slug"]

_ROLES = {
    "magistrate": "magistrate",
    "district": "district",
    "bankruptcy": "bankruptcy",
    "circuit": "circuit",
}
# One name token: a capitalised word (``Gilliam``, ``DeMarchi``, ``O'Neill``, ``KURREN``), an
# initial with or without its period (``S.``, ``G``).
_TOKEN = r"(?:[A-Z][A-Za-z'\u2019\-]+|[A-Z]\.?(?=\s|$|,))"
_NAME = _TOKEN + r"(?:\s+" + _TOKEN + r"){0,4}(?:,?\s+(?:Jr|Sr)\.?|\s+(?:II|III|IV))?"
_TITLE = (
    r"(?:(?:Chief|Senior|Presiding)\s+)?(?:United\s+States\s+|U\.\s?S\.\s+)?"
    r"(?:(?P<role>Magistrate|District|Bankruptcy|Circuit)\s+)?Judge"
)
_HONORABLE = r"(?:(?:the\s+)?Hon(?:orable|\.)\s+)?"
# Words that end a name in docket text: the verb or event that follows (``GRANTING``, ``on``,
# ``ELECTRONIC ORDER``), in any case.
_STOP = {
    "on", "granting", "denying", "re", "regarding", "in", "and", "for", "to", "the", "as",
    "order", "orders", "ordered", "finding", "directing", "setting", "adopting", "striking",
    "terminating", "vacating", "referring", "sealing", "unsealing", "text", "minute", "entry",
    "electronic", "motion", "memorandum", "opinion", "signed", "entered", "dated", "filed",
    "judge", "honorable", "hon", "hon.", "case", "no", "civil", "criminal", "action", "seal",
    "under", "affirming", "overruling", "sustaining", "approving", "dismissing", "pursuant",
}  # fmt: skip

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "judge.signed_by",
        re.compile(
            r"\bsigned\s+by\s+" + _HONORABLE + r"(?:" + _TITLE + r"\s+)?(?P<name>" + _NAME + ")",
            re.I,
        ),
    ),
    (
        "judge.order_by",
        re.compile(
            r"\b(?:order(?:ed)?|entered)\s+by\s+"
            + _HONORABLE
            + _TITLE
            + r"\s+(?P<name>"
            + _NAME
            + ")",
            re.I,
        ),
    ),
    (
        "judge.lead_colon",
        re.compile(r"^\s*" + _TITLE + r"\s+(?P<name>" + _NAME + r")\s*:", re.I),
    ),
    (
        "judge.before",
        re.compile(
            r"\bbefore\s+" + _HONORABLE + _TITLE + r"\s+(?P<name>" + _NAME + ")",
            re.I,
        ),
    ),
)
# judge.by_title: the entry's text ends on the issuing judge with a title ("ORDER GRANTING ...
# APPLICATION ... 24 by Magistrate Judge Ann Lee. (see document for details)"); a title is
# required, so "Motion to Seal by Defendant Ann Lee" names a party, not a judge. Read last.
_BY_TITLE = re.compile(r"\bby\s+" + _HONORABLE + _TITLE + r"\s+(?P<name>" + _NAME + ")", re.I)
# What a judge named after "by" did not issue: an objection to or appeal of that judge's order,
# a report and recommendation another judge adopts.
_NOT_ISSUING_BY = re.compile(
    r"\b(?:objections?|appeal(?:s|ed|ing)?|review|reconsideration|recommendations?|referred|"
    r"reassigned|transferred|assigned)\b",
    re.I,
)
_NOT_ISSUING_BEFORE = re.compile(
    r"\b(?:referred|reassigned|transferred|assigned|referral)\s+(?:\w+\s+){0,3}$", re.I
)


def _clean_name(raw: str) -> str:
    """Cut the name at the first word that is no part of it; title-case a name in capitals."""
    words: list[str] = []
    for word in raw.split():
        bare = word.lower().rstrip(",.:;")
        if bare in _STOP and not (words and bare in ("jr", "sr")):
            break
        if not word[:1].isupper():
            break
        words.append(word)
    # A trailing comma or colon is punctuation of the sentence, not the name.
    while words and words[-1].endswith((",", ":", ";")):
        words[-1] = words[-1].rstrip(",:;")
    if len([w for w in words if len(w.rstrip(".")) > 1]) < 1 or len(words) < 2:
        return ""
    out = []
    for i, word in enumerate(words):
        if re.fullmatch(r"[A-Z]", word):
            word += "."  # ``G Murray Snow``: the initial's period, dropped by the court
        if word.rstrip(".") in ("Jr", "Sr", "JR", "SR") and i:
            out[-1] = out[-1].rstrip(",") + ","
            word = word[0] + word[1:].rstrip(".").lower() + "."
        out.append(word)
    name = " ".join(out)
    if not any(c.islower() for c in name):
        name = " ".join(
            w if re.fullmatch(r"(?:[A-Z]\.)+|II|III|IV", w) else _title(w) for w in name.split()
        )
    return name


def _title(word: str) -> str:
    parts = re.split(r"([\-'\u2019])", word.lower())
    return "".join(p[:1].upper() + p[1:] for p in parts)


def judge_from_docket_text(text: str) -> tuple[str, str]:
    """``(name, role)`` of the judge who issued the entry, or ``("", "unknown")``."""
    if not text or "judge" not in text.lower() and "signed by" not in text.lower():
        return "", "unknown"
    for _rule, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if _NOT_ISSUING_BEFORE.search(text, max(0, m.start() - 40), m.start()):
                continue
            name = _clean_name(m["name"])
            if not name:
                continue
            role = _ROLES.get((m["role"] or "").lower(), "unknown")
            return name, role
    for m in _BY_TITLE.finditer(text):
        if _NOT_ISSUING_BY.search(text, max(0, m.start() - 160), m.start()):
            continue
        name = _clean_name(m["name"])
        if name:
            return name, _ROLES.get((m["role"] or "").lower(), "unknown")
    return "", "unknown"


_SLUG_GAP = re.compile(r"[^a-z0-9]+")
# Letters NFKD does not split into a base letter and a mark.
_SLUG_LETTERS = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "þ": "th"}
)
JUDGE_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
JUDGE_SLUG_MAX = 80  # longer input is never a judge (names are capped well below this)


def judge_slug(name: str | None) -> str:
    """The address segment of a judge's name: ``Jane Q. Roe`` -> ``jane-q-roe``.

    Pure, stable and ASCII: accents are dropped (``José Ñúñez`` -> ``jose-nunez``,
    ``Søren`` -> ``soren``), letters are lowered, every run of anything else (spaces,
    periods, commas, apostrophes) becomes one hyphen, with none at either end (``G. Murray
    Snow, Jr.`` -> ``g-murray-snow-jr``, ``O'Neill`` -> ``o-neill``). Two spellings of one
    name that differ only in punctuation or case share a slug, and so share a feed and a
    page. ``""`` for no name. A slug matches ``JUDGE_SLUG_RE``; use it and ``JUDGE_SLUG_MAX``
    to refuse a malformed slug before looking it up."""
    folded = unicodedata.normalize("NFKD", name or "")
    text = "".join(ch for ch in folded if not unicodedata.combining(ch))
    ascii_text = text.lower().translate(_SLUG_LETTERS)
    return _SLUG_GAP.sub("-", ascii_text).strip("-")
