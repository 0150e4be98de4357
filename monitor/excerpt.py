"""Read the opening of a filed document the way a docket line is read.

CourtListener's public Atom feed gives, instead of the docket text, the first few hundred
characters of the document itself. Those start with the stamp CM/ECF prints on every page
(`Case 3:26-cv-04101-JLS-BLM Document 14 Filed 11/19/26 PageID.212 Page 1 of 2`; S.D. Tex.
`Case 4:26-cv-03310 Document 43 Filed on 11/24/26 in TXSD Page 1 of 2`; appellate
`Case: 26-4417, 11/17/2026, DktEntry: 18.1, Page 1 of 2`), then the court's name and the
caption, and only then the title (`ORDER GRANTING RESPONDENTS' MOTION TO FILE DOCUMENTS UNDER
SEAL [ECF No. 12]`). The stamp's numbers and the caption's case number are not references,
and the classifier reads events from the start of a text, so `docket_reading` keeps what a
docket line would say: a title of several words in capitals (which names the paper, like a
docket line; the prose after it may recount earlier sealing without being a sealing event),
the text after a bare `ORDER`, or for a short order without a title (an S.D.N.Y. memo
endorsement that ends `SO ORDERED.`) the body marked as an order.
"""

from __future__ import annotations

import re

_STAMP = re.compile(
    r"^\s*Case:?\s+[\w:.-]+,?\s+(?:Document|Doc\.?)\s+[\d-]+\s+Filed\s+(?:on\s+)?[\d/]+"
    r"(?:\s+in\s+[A-Z]{3,6})?(?:\s+PageID\.?\s*\d+)?(?:\s+Page:?\s*\d+\s+of\s+\d+)?"
    r"|^\s*Case:\s+[\w-]+,\s+[\d/]+,\s+(?:ID:\s*\d+,\s+)?DktEntry:\s+[\d.]+,\s+Page\s+\d+\s+of\s+\d+"
)
# The title of the document: capitals from ORDER (or the paper's name) onwards, with the
# filer's name in the possessive before it (`RESPONDENTS' MOTION`, `PETITIONER'S EX PARTE ...`).
_TITLE = re.compile(
    r"(?<![A-Za-z'’])(?:[A-Z]+['’]S?\s+|[A-Z]+S['’]\s+)?"
    r"(?:(?:JOINT|UNOPPOSED|OPPOSED|ASSENTED[\s-]+TO|CONSENT(?:ED)?|EMERGENCY|EXPEDITED|RENEWED|"
    r"SUPPLEMENTAL|ADMINISTRATIVE|EX\s+PARTE|MEMORANDUM|OPINION|STIPULATED|PROPOSED|AMENDED|"
    r"\[PROPOSED\])\s+(?:(?:AND|&)\s+)?)*"
    r"(?:ORDER|MOTION|NOTICE|STIPULATION|APPLICATION|REQUEST|LETTER)\b"
    r"(?=\s+[A-Z\[(:]|\s*$|:)"
)
# A title in capitals runs until the first word in lower case (or the end). A bracketed note
# (`[ECF No. 12]`) or a parenthesised docket reference (`(Dkt. 40)`, `(ECF No. 9)`) belongs to it.
_CAPS_RUN = re.compile(
    r"(?:[A-Z0-9][A-Z0-9.,'’&:;()-]*(?=\s|$)\s*|\[[^\]]{0,40}\]\s*"
    r"|\((?:Dkt|Doc|ECF|D\.\s?E|Docket)\b[^()]{0,30}\)\s*)+"
)
_ORDERED = re.compile(r"\b(?:SO\s+|IT\s+IS\s+(?:SO\s+|HEREBY\s+|FURTHER\s+)?)ORDERED\b")
# A title of several words says what the paper is; one word (`ORDER`) leads into its text.
_TITLE_WORDS = 3


def is_document_opening(text: str | None) -> bool:
    """Does the text start with the stamp CM/ECF prints on a filed document's pages?"""
    return bool(_STAMP.match(text or ""))


def docket_reading(text: str) -> str:
    """The part of a document's opening a docket line would say (see the module docstring);
    any other text is returned unchanged."""
    stamp = _STAMP.match(text or "")
    if stamp is None:
        return text
    body = text[stamp.end() :].strip()
    title = _TITLE.search(body)
    if title is not None:
        rest = body[title.start() :]
        caps = _CAPS_RUN.match(rest)
        heading = caps.group(0).strip() if caps else ""
        if len(heading.split()) >= _TITLE_WORDS:
            return heading
        return rest
    if _ORDERED.search(body):
        return f"ORDER: {body}"
    return body
