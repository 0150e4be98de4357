"""Remove personal identifiers from source text before it is stored or published.

Docket text in immigration cases leaks identifiers: appellate dockets list A-numbers as the
originating number (`BIA-1 : A999-999-999`), habeas captions and exhibit names carry them in
many spacings and dashes (`A# 123 456 789`, `A-Number 123456789`, `A123456789`, a PDF's
en dashes), and attachments name dates of birth. We never publish them: text is redacted
before it reaches the store, so every page, feed and export built from the store is clean.

Dates are redacted only next to a date-of-birth cue; ordinary filing dates stay.
"""

from __future__ import annotations

import re

A_NUMBER = "[A-NUMBER REDACTED]"
SSN = "[SSN REDACTED]"
DOB = "[DOB REDACTED]"

# Separators inside a number: spaces, dots, hyphens and the dashes word processors and PDFs
# put in their place (U+2010-U+2015: "A–208–555–124"), at most two in a row.
_SEP = "[\\s.\\-\u2010-\u2015]"
# "A208-555- 124": a line break after the hyphen
_DIGITS9 = rf"\d{{3}}{_SEP}{{0,2}}\d{{3}}{_SEP}{{0,2}}\d{{3}}"
_DIGITS8 = rf"\d{{2}}{_SEP}{{0,2}}\d{{3}}{_SEP}{{0,2}}\d{{3}}"
_A_VALUE = rf"(?P<value>(?:a{_SEP}?)?(?:{_DIGITS9}|{_DIGITS8}))\b"
_A_NUMBER_RE = re.compile(
    r"(?:\b(?P<cue>alien\s+(?:registration\s+)?(?:number|no\.?)|a[\s-]?(?:number|no\.?|file"
    r"(?:\s+no\.?)?)|a\s?-?\#)\s*[:#]?\s*\(?"
    + _A_VALUE
    + r"|\b(?P<bare>A"
    + _SEP
    + "?(?:"
    + _DIGITS9
    + "|"
    + _DIGITS8
    + r"))\b)",
    re.IGNORECASE,
)
_SSN_RE = re.compile(
    r"\b(?:(?P<cue>ssn|social\s+security\s+(?:number|no\.?))\s*[:#]?\s*"
    r"(?P<value>\d{3}[\s-]?\d{2}[\s-]?\d{4})|(?P<bare>\d{3}-\d{2}-\d{4}))\b",
    re.IGNORECASE,
)
_ORDINAL = r"(?:st|nd|rd|th)?"  # "January 2nd, 1980", "the 2nd of January"
_MONTHS = (
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}"
    + _ORDINAL
    + r",?\s+\d{4}"
)
_DAY_FIRST = (
    r"\d{1,2}"
    + _ORDINAL
    + r"\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4}"
)
_DATE = (
    rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{4}}[-/.]\d{{2}}[-/.]\d{{2}}"
    rf"|{_MONTHS}|{_DAY_FIRST})"
)
_DOB_RE = re.compile(
    rf"\b(?P<cue>d\.?o\.?b\.?|date\s+of\s+birth|born(?:\s+on)?|birth\s*date)"
    r"(?:\s+(?:of|is|was|being))?\s*[:#]?\s*\(?\s*(?:the\s+)?"
    rf"(?P<value>{_DATE})",
    re.IGNORECASE,
)


def _replace_value(replacement: str):
    """Replace only the identifier, keeping its cue ("DOB:") so readers see what was removed."""

    def sub(match: re.Match) -> str:
        if match.groupdict().get("bare"):
            return replacement
        start, end = match.span("value")
        whole_start = match.start()
        text = match.group(0)
        return text[: start - whole_start] + replacement + text[end - whole_start :]

    return sub


# OCR reads 0 as O inside A-numbers ("A2O8-555-123"); at least six real digits are required.
_A_NUMBER_OCR = re.compile(
    rf"\bA{_SEP}?(?=[0-9O]*\d[0-9O]*)[0-9O]{{3}}{_SEP}?[0-9O]{{3}}{_SEP}?[0-9O]{{2,3}}\b"
)


def _ocr_a_number(match: re.Match) -> str:
    digits = sum(ch.isdigit() for ch in match.group(0))
    return A_NUMBER if digits >= 6 else match.group(0)


def redact(text: str | None) -> str | None:
    """Text with A-numbers, SSNs and dates of birth replaced by labelled placeholders."""
    if not text:
        return text
    text = _SSN_RE.sub(_replace_value(SSN), text)
    text = _A_NUMBER_RE.sub(_replace_value(A_NUMBER), text)
    text = _DOB_RE.sub(_replace_value(DOB), text)
    text = _A_NUMBER_OCR.sub(_ocr_a_number, text)
    return text
