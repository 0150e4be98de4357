"""OCR and conversion clean-up for court orders: noisy text in, plain paragraphs out.

What is removed or repaired (issue "Read the orders"):

- margin line numbers of pleading paper (``1`` … ``28`` at line starts), recognised only when the
  document shows a numbered run (so ``28 U.S.C. § 1331`` at a line start survives elsewhere);
- CM/ECF page headers (``Case 3:17-cv-09912-BAS-KSC Document 160 Filed 03/12/18 PageID.123 Page
  2 of 5``), ``Page 2 of 5``, lone page numbers, and case-number footer lines repeated on pages;
- the case-law page header ``Filing`` with its number on the next line (``Filing`` / ``2``):
  the number is the docket entry of the order, not a page number, so it is kept as one line
  ``Filing 2`` set apart by blank lines from the case title above and the docket text below;
- the clerk's ``FILED`` stamp block (kept apart by :func:`split_stamp` so the caption reader can
  take the filing date from it);
- hyphenation across lines (``sur-`` / ``veillance``), curly quotes, markdown emphasis
  (``*et al.*``, ``**GRANTED**``), descriptions of signatures (``A handwritten signature …``,
  ``[signature]``, the ``/s/`` marker);
- words split by OCR (``Hages tad``) — joined only with evidence: the joined word occurs
  elsewhere in the same document, or it is a known legal name/term; words run together
  (``ifthe``) from a short list that has no false friends;
- whitespace: runs of blanks collapse, wrapped lines join into paragraphs, paragraphs are
  separated by one blank line; a paragraph split by a page break mid-sentence is rejoined.

Every step is a single regex pass or a single pass over lines, so the cost is linear.
"""

from __future__ import annotations

import re
from collections import Counter

from monitor import fastre

__all__ = ["normalize", "split_stamp", "is_truncated"]

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u200b": "",
        "\ufeff": "",
        "\u00ad": "",
        "\t": " ",
        "\r": "\n",
        "\f": "\n\n",
        "\u2013": "-",
        "\u2014": "-",
    }
)

_CASE_NO = r"(?:\d{1,2}:)?\d{2}-?(?:cv|cr|mc|mj|md|ml|po|sw|ap|bk|hc|dp)-?\d{1,6}(?:-[A-Z]{1,4})*"
_PAGE_HEADER = re.compile(
    r"^\s*Case\s+" + _CASE_NO + r"\b.{0,80}?\bDocument\s+\d+.{0,80}$", re.IGNORECASE
)
_PAGE_OF = re.compile(r"^\s*(?:-\s*)?(?:Page\s+)?\d{1,3}\s+of\s+\d{1,3}\s*(?:-\s*)?$", re.I)
_FILING_WORD = re.compile(r"^\s*Filing\s*$")
_FILING_NUMBER = re.compile(r"^\s*(\d{1,5})\s*$")
_LONE_NUMBER = re.compile(r"^\s*(?:-\s*)?\(?\d{1,3}\)?(?:\s*-)?\s*$")
_CASE_FOOTER = re.compile(r"^\s*(?:Case\s+No\.?:?\s*)?" + _CASE_NO + r"\s*$", re.IGNORECASE)
_MARGIN = re.compile(r"^\s{0,6}([1-9]|1\d|2[0-8])(?:\s+|$)(?![.)\]:%/\-])")
_SIGNATURE_DESC = re.compile(
    r"^\s*(?:\[\s*(?:signature|signed|seal)[^\]]*\]\s*$|(?:an?\s+)?(?:handwritten|digital|"
    r"electronic|illegible|cursive)?\s*signature\b.{0,200}\b(?:ink|appearing|reads?|"
    r"illegible|flourish|written|line)\b)",
    re.IGNORECASE,
)
# ``/s/ Name`` and the bare ``s/ Name`` of D.N.J. signature lines.
_SIG_MARK = fastre.compile(r"(?:^|(?<=\s))(?:/s/|s/(?=\s*[A-Z]))\s*", re.IGNORECASE)
_RULE_LINE = re.compile(r"^[_\-=.\s]{4,}$")  # signature and separator lines: "______", "----"
_SIG_INLINE = re.compile(r"\[\s*(?:signature|signed)[^\]\n]{0,40}\]", re.IGNORECASE)
_EMPHASIS = fastre.compile(r"(\*{1,3}|_{2})(?=\S)([^*\n]{1,400}?)(?<=\S)\1")
_STRAY_STARS = re.compile(r"\*{2,}")
# Bounded on both sides (a word starts after a non-letter, at most 40 letters), so a long run of
# letters costs one pass, not one scan per position.
_HYPHEN_BREAK = re.compile(r"(?<![A-Za-z])([A-Za-z]{2,40})-\n\s*([a-z]{2,40})(?![a-z])")
_HYPHENATED = re.compile(r"(?<![a-z])(?=([a-z]{2,40}-[a-z]{2,40})(?![a-z]))")
_SPACES = re.compile(r"[ ]{2,}")
_BLANKS = re.compile(r"\n{3,}")
_BACKTICK = re.compile(r"(\w) ?`(?=\w)")
_RUN_TOGETHER = fastre.compile(
    r"\b(if|of|to|in|on|and|for|by|at|that|from|with|under|into|upon|whether)(the|this|that)\b",
    re.IGNORECASE,
)
_WORD_PAIR = re.compile(r"\b([A-Za-z]{2,}) (?=([A-Za-z]{2,})\b)")
_WORD = re.compile(r"[A-Za-z]+")
_STAMP_START = re.compile(r"^\s*(?:FILED|ENTERED|RECEIVED|LODGED)\b(?!\s+(?:under|by|on|in|a)\b)")
_STAMP_LINE = re.compile(
    r"^\s*(?:(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|SEPT|OCT|NOV|DEC)[A-Z]*\.?\s+\d{1,2}\b.*|"
    r"\d{1,2}/\d{1,2}/\d{2,4}.*|\d{1,2}:\d{2}.*|(?:AM|PM)\b.*|CLERK\b.*|.*\bCLERK,?\s*U\.?S\.?.*|"
    r"BY\b.{0,40}|.*\bDEPUTY\b.*|.{0,9}|U\.?S\.? DISTRICT COURT.*|\d{4})\s*$",
    re.IGNORECASE,
)
_CLERK_DISTRICT = re.compile(r"^\s*[A-Z .]*DISTRICT OF [A-Z .]+$")
_TERMINAL = set(".!?:;\"')]}")

# Names and terms often split by OCR in sealing orders; joined only when both halves are not
# words of their own in the document.
_KNOWN_WORDS = {
    w.lower()
    for w in (
        "Hagestad Tragesser Kamakana Honolulu Foltz Nixon Warner Communications Pintos Phillips "
        "Lugosch Pyramid Onondaga Apple Samsung Mayorkas Nielsen Tragesser confidential "
        "confidentiality compelling surveillance cybersecurity infrastructure declaration "
        "supplemental presumption sealing unsealing redacted redaction tangentially"
    ).split()
}
_COMMON = set(
    "the a an of to in on at by for and or but not no is it as be if so we he she they this that "
    "with from was are has had its our his her all any may can".split()
)


def _translate(text: str) -> str:
    return text.translate(_QUOTES)


def split_stamp(raw: str) -> tuple[str, str]:
    """Return ``(stamp, rest)``: the clerk's FILED stamp block (lines) and the text without it.

    A stamp starts with a line that is ``FILED`` (or ``ENTERED``/``RECEIVED``/``LODGED``),
    optionally with a date, and runs over the short stamp-like lines after it (date/time, CLERK,
    the clerk's district, deputy, stray OCR fragments). Only the first 40 lines are examined.
    """
    lines = _translate(raw).split("\n")
    limit = min(len(lines), 40)
    for i in range(limit):
        line = lines[i].strip()
        if not _STAMP_START.match(line) or len(line) > 40:
            continue
        j = i + 1
        prev_clerk = "CLERK" in line.upper()
        while j < len(lines):
            cur = lines[j].strip()
            if not cur:
                j += 1
                continue
            if re.match(r"^(?:IN THE\s+)?UNITED STATES\b", cur, re.I):
                break
            if prev_clerk and _CLERK_DISTRICT.match(cur):
                j += 1
                prev_clerk = False
                continue
            if _STAMP_LINE.match(cur):
                prev_clerk = "CLERK" in cur.upper()
                j += 1
                continue
            break
        stamp = "\n".join(x.strip() for x in lines[i:j] if x.strip())
        rest = "\n".join(lines[:i] + lines[j:])
        return stamp, rest
    return "", "\n".join(lines)


def _pleading_paper(lines: list[str]) -> bool:
    """True when the margin numbers form runs (n followed by n+1) often enough."""
    prev = None
    runs = 0
    for line in lines:
        m = _MARGIN.match(line)
        if not m:
            continue
        n = int(m.group(1))
        if prev is not None and n == prev + 1:
            runs += 1
            if runs >= 4:
                return True
        prev = n
    return False


def _clean_lines(text: str) -> list[str]:
    lines = text.split("\n")
    margins = _pleading_paper(lines)
    footer_counts = Counter(
        line.strip() for line in lines if _CASE_FOOTER.match(line) and line.strip()
    )
    out: list[str] = []
    filing_at = -1  # index in ``out`` of a bare "Filing" line waiting for its number
    for line in lines:
        if filing_at >= 0 and line.strip():
            number = _FILING_NUMBER.match(line)
            if number:
                out[filing_at] = f"Filing {number.group(1)}"
                out.append("")
                filing_at = -1
                continue
            filing_at = -1
        if _FILING_WORD.match(line) and len(out) < 12:
            # Only in the page header at the top, never a "Filing" line inside the order.
            out += ["", "Filing"]
            filing_at = len(out) - 1
            continue
        if _PAGE_HEADER.match(line) or _PAGE_OF.match(line):
            continue
        if margins:
            m = _MARGIN.match(line)
            if m:
                line = line[m.end() :]
        if _LONE_NUMBER.match(line):
            continue
        stripped = line.strip()
        if stripped and footer_counts.get(stripped, 0) >= 2:
            continue
        if stripped and (_SIGNATURE_DESC.match(stripped) or _RULE_LINE.match(stripped)):
            continue
        out.append(line.rstrip())
    return out


def _unwrap(lines: list[str]) -> str:
    """Join wrapped lines into paragraphs; a long line (one-line paragraphs) or a blank ends one."""
    paras: list[str] = []
    cur: list[str] = []
    for line in lines:
        s = line.strip()
        if not s:
            if cur:
                paras.append(" ".join(cur))
                cur = []
            continue
        cur.append(s)
        if len(s) > 160 and s[-1] in _TERMINAL or len(s) > 240:
            paras.append(" ".join(cur))
            cur = []
    if cur:
        paras.append(" ".join(cur))
    # Rejoin a paragraph broken by a page break mid-sentence.
    merged: list[str] = []
    for p in paras:
        if (
            merged
            and merged[-1][-1] not in _TERMINAL
            and p[:1].islower()
            and not merged[-1].isupper()
        ):
            merged[-1] = merged[-1] + " " + p
        else:
            merged.append(p)
    return "\n\n".join(merged)


def _join_split_words(text: str) -> str:
    """Join a word OCR split in two ("sub mitted") when the joined word is known or occurs
    elsewhere in the text and a half does not stand on its own."""
    # Non-ASCII characters become "?" (one each), so the ASCII words, and their count, are
    # those of the text itself; the text is lowered once instead of word by word. Its word
    # pairs include every pair the substitution below visits (a "?" is no word character, so
    # a word after an accented letter may pair here and not there): a cheap test first.
    lowered = text.encode("ascii", "replace").decode("ascii").lower()
    counts = Counter(_WORD.findall(lowered))
    if not counts:
        return text
    if not any(
        (a + b in counts or a + b in _KNOWN_WORDS) and a not in _COMMON and b not in _COMMON
        for a, b in _WORD_PAIR.findall(lowered)
    ):
        return text  # no pair can join: most texts

    def repl(m: re.Match) -> str:
        a, b = m.group(1), m.group(2)
        la, lb = a.lower(), b.lower()
        if la in _COMMON or lb in _COMMON or b[0].isupper():
            return m.group(0)
        joined = la + lb
        if joined in _KNOWN_WORDS and la not in _KNOWN_WORDS and lb not in _KNOWN_WORDS:
            return a
        # Evidence: the joined word occurs elsewhere, and one half is no word of its own here
        # (both halves being words, as in "the rapist", is too risky).
        if joined in counts and (counts[la] == 1 or counts[lb] == 1):
            return a
        return m.group(0)

    return _WORD_PAIR.sub(repl, text)


def normalize(text: str) -> str:
    """Clean an order's text (OCR or converted) into paragraphs separated by blank lines."""
    if not text:
        return ""
    _, text = split_stamp(text)
    lines = _clean_lines(text)
    text = "\n".join(lines)
    text = _HYPHEN_BREAK.sub(_dehyphenate(text), text)
    text = _EMPHASIS.sub(r"\2", text)
    text = _EMPHASIS.sub(r"\2", text)
    text = _STRAY_STARS.sub("", text)
    text = _SIG_INLINE.sub("", text)
    text = _SIG_MARK.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _unwrap(text.split("\n"))
    text = _BACKTICK.sub(r"\1'", text)
    text = _RUN_TOGETHER.sub(r"\1 \2", text)
    text = _join_split_words(text)
    text = _BLANKS.sub("\n\n", text)
    return text.strip()


def _dehyphenate(text: str):
    """The callback for :data:`_HYPHEN_BREAK`: keep the hyphen when the document writes the same
    compound with a hyphen elsewhere (``Cross-\nAppellant`` / ``Cross-Appellant``).

    The hyphenated compounds are collected once (linear), not searched for per match.
    """
    hyphenated = set(_HYPHENATED.findall(text.lower().replace("-\n", "\x00")))

    def repl(m: re.Match) -> str:
        a, b = m.group(1), m.group(2)
        if f"{a}-{b}".lower() in hyphenated:
            return f"{a}-{b}"
        return a + b

    return repl


# trunc.signature_name: a court of appeals commissioner's or a clerk's block (``FOR THE
# COURT:`` / a bare name / ``Appellate Commissioner``) is a sign-off too; a bare name line
# (two to five capitalised words, no sentence end) counts only directly above a title line.
_SIGNOFF = re.compile(
    r"\b(?:Judge|JUDGE|Justice|JUSTICE|Dated|DATED|Date|DATE|Clerk|CLERK|Signed|"
    r"SIGNED|Entered|ENTERED|ENTER|Commissioner|COMMISSIONER)\b|^(?:FOR|BY)\s+THE\s+COURT:?$"
)
_BARE_NAME = re.compile(r"^(?:/s/\s*)?[A-Z][\w'.\-]*(?:\s+[A-Z][\w'.\-]*){1,4}$")
# ``IT IS SO ORDERED``, ``SO ORDERED.``: a closing formula, unlike a decretal paragraph
# (``ORDERED that the motion is GRANTED; and it is further``), which is part of the order.
_SO_ORDERED = re.compile(r"^(?:it\s+is\s+)?(?:so\s+)?ordered\b[^a-z]{0,80}$", re.IGNORECASE)
# trunc.end_marker: a line that only marks the end of the document (``###``, ``# # #``, ``END OF
# ORDER``, ``- END -``), as court and case-law pages print it, closes the text; it is no cut.
_END_MARK = re.compile(
    r"^(?:#\s*){3,}$|^[-*\s]*END(?:\s+OF\s+(?:ORDER|OPINION|DOCUMENT|MEMORANDUM))?[-*.\s]*$"
)
# trunc.dated_page_number: a flattened PDF page whose last words are the signing date and the
# page number of the text layer (``IT IS SO ORDERED. Dated: June 4, 2024 3``) ends with the
# order's sign-off, not mid-sentence.
_DATED_END = re.compile(
    r"\b(?:Dated|DATED|Date|DATE|ENTERED|Entered)\s*:?\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+"
    r"\d{4}|\d{1,2}/\d{1,2}/\d{2,4})(?:\s+\d{1,3})?$"
)


def is_truncated(text: str) -> bool:
    """True when the text stops mid-sentence (its last visible character is no sentence end).

    A closing signature block (``Hon. X / United States Magistrate Judge``, ``Dated: …``) ends
    without punctuation but is no truncation: short trailing paragraphs naming a judge, a date
    or only saying ``SO ORDERED`` are skipped before the test. A decretal paragraph
    (``ORDERED that … GRANTED; and it is further``) is no sign-off but the order's text.
    An end-of-document marker line (``###``, ``END OF ORDER``) is skipped the same way
    (``trunc.end_marker``), and a last line ending on its signing date, even followed by the
    text layer's page number (``Dated: June 4, 2024 3``), is a sign-off
    (``trunc.dated_page_number``).
    """
    paras = [p.strip().rstrip("*_ ") for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
    while paras and len(paras[-1]) < 40 and _END_MARK.match(paras[-1]):
        paras.pop()
    popped_title = False
    while paras and len(paras[-1]) < 160:
        if _SIGNOFF.search(paras[-1]) or _SO_ORDERED.match(paras[-1]):
            popped_title = True
        elif not (popped_title and _BARE_NAME.match(paras[-1])):
            break
        paras.pop()
    if not paras:
        return False
    if _DATED_END.search(paras[-1][-60:]):
        return False
    return paras[-1][-1] not in _TERMINAL
