"""Remove personal identifiers from source text before it is stored or published.

Docket text in immigration cases leaks identifiers: appellate dockets list A-numbers as the
originating number (`BIA-1 : A999-999-999`), habeas captions and exhibit names carry them in
many spellings (`Alien #: 123456789`, `Alien File Number`, `alien ID`, `EOIR number`,
`A/123456789`, `A123 - 456 - 789`, a PDF's en dashes, OCR's `O` for `0` and digits split over
a line), and declarations name Social Security numbers (`123–45–6789`, `Social Security No:
123.45.6789`, `123 45 6789`) and dates of birth (`Date of Birth - 01/02/1980`, `DOB
2-Jan-1980`, `DOB 19800102`, `d/o/b 01/02/1980`). We never publish them: every text and URL
is redacted before it reaches the store (`monitor.sanitize`), so every page, feed and export
built from the store is clean. `tests/cases/redact.yml` is the table of forms, each with the
near misses that must stay.

What is decided where:
- A labelled number (`Alien No.`, `A-Number`, `EOIR #`, `SSN` ...) of 7-9 digits is redacted
  however it is spaced, dotted, dashed, slashed or split; the label stays so readers see what
  was removed.
- An `A` directly before a number (`A123456789`, `A-123-456-789`, `A: 123456789`,
  `A/123456789`) needs the number's own shape: 9, 8 or 7 digits, whole or grouped 3-3-3,
  2-3-3, 1-3-3, or one digit at a time. That keeps `Ex. A-1`, `Appendix A 2024-01-02` and
  `A.R. 000123-000456`. `A:` followed by 7-9 digits is read as an A-number: no exhibit label
  is followed by a number that long.
- Unlabelled: `123-456-789` (dashes, the way A-numbers are printed) and the SSN shape
  `123-45-6789` / `123 45 6789` / `123.45.6789` are redacted. A bare run of nine digits
  (`123456789`) is NOT: RECAP document ids, PACER case and document numbers and Bates
  numbers look the same, and an identifier is nearly always labelled or prefixed.
- Dates are redacted only after a birth cue (`DOB`, `date of birth`, `born on` ...); filing
  dates stay. A year alone (`born in 1980`) stays, as Fed. R. Civ. P. 5.2(a)(2) allows it.
- Partial SSNs (`XXX-XX-6789`) stay: Rule 5.2(a)(1) allows the last four digits.

Redacting too much costs a number in a docket line; redacting too little costs a person, so
near misses are settled for redaction when in doubt.
"""

from __future__ import annotations

import functools
import logging
import re
from typing import Any
from urllib.parse import quote, quote_plus, unquote, unquote_plus, urlsplit, urlunsplit

A_NUMBER = "[A-NUMBER REDACTED]"
SSN = "[SSN REDACTED]"
DOB = "[DOB REDACTED]"
PLACEHOLDERS = (A_NUMBER, SSN, DOB)
PLACEHOLDER_RE = re.compile(r"\[(?:A-NUMBER|SSN|DOB) REDACTED\]")

# Dashes word processors and PDFs put in place of hyphens (U+2010-U+2015: hyphen, non-breaking
# hyphen, figure dash, en dash, em dash, horizontal bar) and the minus sign.
_DASH = "\u2010-\u2015\u2212"
# Separators inside a number: spaces (a line break too), dots, hyphens, dashes, slashes, and
# what PDF text layers and web pages hide between characters (soft hyphen, zero-width space
# and joiners, word joiner, byte order mark).
_INVISIBLE = "\u00ad\u200b-\u200d\u2060\ufeff"
_SEP = rf"[\s.\-{_DASH}/{_INVISIBLE}]"
_GAP = rf"{_SEP}{{0,3}}"  # "A123 - 456 - 789", "A208-555-\n123"
_D = "[0-9O]"  # OCR reads 0 as O ("A2O8-555-123")
# A labelled number, 7-9 digits, split anywhere (OCR), starting and ending with a digit.
_LOOSE9 = rf"[0-9](?:{_GAP}{_D}){{7}}{_GAP}[0-9]"
_LOOSE7_9 = rf"[0-9](?:{_GAP}{_D}){{5,7}}{_GAP}[0-9]"
# An A-number's own shapes, for an `A` without a label word.
_SHAPED = (
    rf"(?:{_D}{{3}}{_GAP}{_D}{{3}}{_GAP}{_D}{{3}}"  # 123456789, 123-456-789
    rf"|{_D}{{2}}{_GAP}{_D}{{3}}{_GAP}{_D}{{3}}"  # 12345678, 12-345-678
    rf"|{_D}{_GAP}{_D}{{3}}{_GAP}{_D}{{3}}"  # 1234567, 1-234-567
    rf"|{_D}(?:[ ]{_D}){{6,8}})"  # 1 2 3 4 5 6 7 8 9 (letter-spaced OCR)
)
_END = r"(?![0-9])"

# Every pattern starts with a character class, not an assertion: Python's `re` then skips
# ahead to candidate characters instead of trying each position (4x faster on long orders).
# `(?<!\w\w)` after a consumed letter is `\b` before it.
#
# Labels of A-numbers (`(?i:...)`: any case). "a number 1234567" is redacted too: that is
# odd English and a plausible way to write an A-number.
_NO = r"(?:numbers?|nos?\.?|nums?\.?|nbr\.?|\#)"
_A_LABEL = (
    r"[AaEeUu](?<!\w\w)(?:(?<=[Aa])(?:"
    r"(?i:lien)\s{0,3}(?:(?i:registration|reg\.?|file|identification|case)\s{1,3})?"
    rf"(?i:{_NO}|id\b\.?)"  # Alien No., Alien #, Alien Registration Number, alien ID
    rf"|[\s\-{_DASH}]{{0,2}}(?i:{_NO}|file(?:\s{{1,3}}{_NO})?))"  # A-No., A#, a-number, A-file
    rf"|(?<=[Ee])(?i:oir)(?:\s{{1,3}}(?i:case|file))?(?:\s{{0,3}}(?i:{_NO}|id\b))?"  # EOIR No.
    rf"|(?<=[Uu])(?i:scis)\s{{0,3}}(?i:{_NO}))"  # USCIS # (a green card's A-number)
)
# Between a label and its value: "Alien Registration Number (A-Number): ", "A-Number is ".
_LABEL_GAP = (
    r"(?:\s{0,3}\((?i:a[\s\-]?(?:number|no\.?|\#))\))?"
    rf"[\s:#=.(/\-{_DASH}]{{0,6}}(?:(?i:is|was|of|being)\s{{1,3}}[:#(]?\s{{0,3}})?"
)
_A_LABELLED = re.compile(
    rf"(?P<cue>{_A_LABEL}){_LABEL_GAP}(?P<value>(?:A{_GAP})?{_LOOSE7_9}){_END}"
)
# An `A` right before the number: "A123456789", "A-123-456-789", "A: 099555201", "A/...".
# A lower-case `a` only when attached ("a099123456.pdf"): before a space it is English.
_A_BARE = re.compile(
    rf"[Aa](?<!\w\w)(?:(?<=A)|(?=[0-9]))(?:[\s:#/]{{0,3}}|{_GAP})(?P<value>{_SHAPED}){_END}"
)
# No letter at all: "123-456-789" (dashes, printed like an A-number; not a phone number).
_A_DASHED = re.compile(
    rf"[0-9](?<![\w.\-{_DASH}][0-9])[0-9]{{2}} ?(?P<d>[\-{_DASH}]) ?[0-9]{{3}} ?(?P=d) ?"
    rf"[0-9]{{3}}(?![\w]|[.\-{_DASH}][0-9])"
)
# More numbers after a redacted one: "Alien Nos. 123456789 and 987654321".
_A_LIST = re.compile(
    rf"(?P<cue>{re.escape(A_NUMBER)}\s{{0,2}}(?:,|;|&|/|and|or)\s{{0,3}})"
    rf"(?P<value>(?:A{_GAP})?{_LOOSE7_9}){_END}"
)

_SSN_LABEL = (
    r"[Ss](?<!\w\w)(?i:sn|\.s\.n\.?|san|s\s?(?:\#|no\.?)"
    r"|oc(?:ial|\.)?\s{0,2}sec(?:urity|\.)?(?:\s{1,3}(?:account\s{1,3})?(?:number|no\.?|num\.?|\#"
    r"|card))?)"
)
_SSN_LABELLED = re.compile(rf"(?P<cue>{_SSN_LABEL}){_LABEL_GAP}(?P<value>{_LOOSE9}){_END}")
# The SSN shape alone: 3-2-4 with hyphens or dashes, or the same space or dot twice. A
# number just after "dial", "call", "phone" or "fax" is a telephone number (a conference
# line written 973-43-5535 in a real New Jersey docket) and stays.
_SSN_BARE = re.compile(
    rf"[0-9](?<![\w.\-{_DASH}/][0-9])[0-9]{{2}}(?:[\-{_DASH}][0-9]{{2}}[\-{_DASH}]|\.[0-9]{{2}}\.|"
    rf" [0-9]{{2}} )[0-9]{{4}}(?![\w]|[.\-{_DASH}/][0-9])"
)
_PHONE_CUE = re.compile(
    r"(?i:\b(?:dial(?:-in|ing)?|call(?:-in)?|(?:tele)?phone|tel\.?|fax|line)\b)\W{0,4}$"
)

_MONTH = r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-zA-Z]{0,6}\.?"
_ORDINAL = r"(?i:st|nd|rd|th)?"  # "January 2nd, 1980", "the 2nd of January"
_DATE = (
    r"(?:"
    rf"[0-9]{{1,2}}\s?[/.\-{_DASH}]\s?[0-9]{{1,2}}\s?[/.\-{_DASH}]\s?(?:[0-9]{{4}}|[0-9]{{2}})"
    rf"|[0-9]{{4}}[/.\-{_DASH}][0-9]{{1,2}}[/.\-{_DASH}][0-9]{{1,2}}"  # 1980-01-02
    r"|[0-9]{8}|[0-9]{6}"  # 19800102, 010280
    rf"|{_MONTH}\s{{0,2}}[0-9]{{1,2}}{_ORDINAL},?\s{{1,2}}[0-9]{{4}}"  # January 2, 1980
    rf"|{_MONTH}[\-/][0-9]{{1,2}}[\-/][0-9]{{2,4}}"  # Jan-02-1980
    rf"|[0-9]{{1,2}}{_ORDINAL}(?:\s{{1,2}}(?i:of))?[\s\-/]{{1,2}}{_MONTH},?[\s\-/]{{1,2}}"
    r"(?:[0-9]{4}|[0-9]{2})"  # 2 January 1980, 2-Jan-1980, 2nd of January 1980
    rf"|{_MONTH},?\s{{1,2}}[0-9]{{4}}"  # January 1980 (more than the year Rule 5.2 allows)
    rf"|[0-9]{{1,2}}[/\-{_DASH}][0-9]{{4}}"  # 01/1980
    r")(?![0-9])"
)
_DOB_LABEL = (
    r"[DdBbFf](?<!\w\w)(?:(?<=[Dd])(?i:\.?o\.?b\.?|/o/b|ate\s{1,3}of\s{1,3}birth)"
    r"|(?<=[Bb])(?i:irth\s{0,2}date|irthday|orn(?:\s{1,3}on)?)"
    r"|(?<=[Ff])(?i:echa\s{1,3}de\s{1,3}nacimiento))(?![a-zA-Z])"
)
_DOB_RE = re.compile(
    rf"(?P<cue>{_DOB_LABEL})"
    rf"[\s:#=(,\-{_DASH}]{{0,6}}(?:(?i:is|was|of|being|on|in|the)\s{{1,3}}[:#(]?\s{{0,3}}){{0,2}}"
    rf"(?P<value>{_DATE})"
)


def _real_digits(value: str, least: int) -> bool:
    return sum(ch.isdigit() for ch in value) >= least


def _keep_cue(replacement: str, least: int = 0):
    """Replace only the value, keeping its label ("DOB: ") so readers see what was removed.
    A value with fewer than `least` real digits (too many OCR `O`s) is left alone."""

    def sub(match: re.Match) -> str:
        value = match.group("value")
        if least and not _real_digits(value, least):
            return match.group(0)
        start, end = match.span("value")
        text = match.group(0)
        return text[: start - match.start()] + replacement + text[end - match.start() :]

    return sub


def _whole(replacement: str, least: int = 0):
    def sub(match: re.Match) -> str:
        if least and not _real_digits(match.group("value"), least):
            return match.group(0)
        return replacement

    return sub


def _unless_phone(match: re.Match) -> str:
    before = match.string[max(0, match.start() - 30) : match.start()]
    return match.group(0) if _PHONE_CUE.search(before) else SSN


_STEPS = (
    (_SSN_LABELLED, _keep_cue(SSN)),
    (_SSN_BARE, _unless_phone),
    (_A_LABELLED, _keep_cue(A_NUMBER, least=6)),
    (_A_BARE, _whole(A_NUMBER, least=6)),
    (_A_DASHED, lambda m: A_NUMBER),
    (_DOB_RE, _keep_cue(DOB)),
)
# Cheap pre-check: every identifier has a digit.
_MAYBE = re.compile("[0-9]")


@functools.lru_cache(maxsize=4096)
def _redact_cached(text: str) -> str:
    return _redact(text)


def _redact(text: str) -> str:
    if not _MAYBE.search(text):
        return text
    for pattern, replace in _STEPS:
        text = pattern.sub(replace, text)
    if A_NUMBER in text:
        for _ in range(50):  # lists: each pass takes the next number after a placeholder
            longer = _A_LIST.sub(_keep_cue(A_NUMBER, least=6), text)
            if longer == text:
                break
            text = longer
    return text


def redact(text: str | None) -> str | None:
    """Text with A-numbers, SSNs and dates of birth replaced by labelled placeholders."""
    if not text:
        return text
    if len(text) <= 2048:  # the same docket lines come back on every poll
        return _redact_cached(text)
    return _redact(text)


# ---------------------------------------------------------------------------------- URLs

# A slug's A-number: CourtListener writes case names into URLs in lower case with hyphens
# ("/docket/123/ramos-a-099222203-v-noem/").
_SLUG_A = re.compile(rf"(?<![a-z0-9])a[\-_.]?(?P<value>{_SHAPED}){_END}", re.IGNORECASE)
_PATH_SAFE = "-._~!$&'()*+,;=:@"


def _redact_part(part: str) -> str:
    """One path segment or fragment: read as text (`_` as a space, as file names use it),
    redacted, percent-encoded again if changed."""
    text = unquote(part).replace("_", " ")
    clean = _SLUG_A.sub(_whole(A_NUMBER, least=6), redact(text) or "")
    return part if clean == text else quote(clean, safe=_PATH_SAFE)


def _redact_pair(pair: str) -> str:
    """`key=value` of a query: the key's words are read as the value's label (`a_number=`,
    `dob=`, `ssn=`), so a value redacted only because of its key is caught too."""
    key, equals, value = pair.partition("=")
    if not equals:
        return _redact_part(pair)
    name, text = unquote_plus(key), unquote_plus(value)
    label = re.sub(r"[_\-.\[\]]+", " ", name).strip() or name
    labelled = redact(f"{label}: {text}") or ""
    clean = labelled[len(label) + 2 :] if labelled.startswith(f"{label}: ") else redact(text)
    clean = _SLUG_A.sub(_whole(A_NUMBER, least=6), clean or "")
    new_key = _redact_part(key)
    if clean == text:
        return f"{new_key}={value}"
    return f"{new_key}={quote_plus(clean, safe=_PATH_SAFE.replace('&', '').replace('=', ''))}"


def redact_url(url: str | None) -> str | None:
    """A URL with identifiers in its path, query or fragment replaced by the placeholders,
    percent-encoded (`...?anum=%5BA-NUMBER+REDACTED%5D`): still a valid URL to the same
    host and page where the identifier was decoration (a CourtListener slug) and plainly
    redacted where it was the address. Anything still readable as an identifier after that
    (split across parts, or in the host or user name) is redacted in the URL read as text,
    which then no longer leads anywhere: privacy first."""
    if not url:
        return url
    return _redact_url(url) if len(url) <= 2048 else _redact_url.__wrapped__(url)


@functools.lru_cache(maxsize=4096)  # an entry's links are stored in several columns
def _redact_url(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:
        return redact(url)
    path = "/".join(_redact_part(segment) for segment in parts.path.split("/"))
    query = "&".join(_redact_pair(pair) for pair in parts.query.split("&")) if parts.query else ""
    fragment = _redact_part(parts.fragment) if parts.fragment else ""
    clean = urlunsplit((parts.scheme, parts.netloc, path, query, fragment))
    if url.endswith("?") and not query:
        clean += "?"
    readable = unquote_plus(clean).replace("_", " ")
    if redact(readable) != readable:  # an identifier spread over several parts, or the host
        clean = quote(redact(readable) or "", safe=":/?#@!$&'()*+,;=%~")
    return clean


def redact_json(value: Any, key: str = "") -> Any:
    """Every string in a JSON-ready structure redacted (values under `url` keys as URLs)."""
    if isinstance(value, str):
        return redact_url(value) if key == "url" or key.endswith("_url") else redact(value)
    if isinstance(value, dict):
        return {k: redact_json(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact_json(v, key) for v in value]
    return value


# ---------------------------------------------------------------------------------- logs


def install_log_redaction() -> None:
    """Redact every log record of this process when it is made, tracebacks too: crawl logs
    quote source titles and addresses, and scheduled runs send them to the journal. Done in
    the record factory, not in a handler's formatter, because Scrapy replaces its root
    handler when a crawl starts. Calling it again changes nothing."""
    factory = logging.getLogRecordFactory()
    if getattr(factory, "sealtrail_redacts", False):
        return

    def make_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = factory(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: leave it to logging to report
            return record
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return record

    make_record.sealtrail_redacts = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(make_record)
