"""Sentences and sealing words of an order, shared by the readers of the ruling
(:mod:`monitor.analyze.ruling`) and of the movant (:mod:`monitor.analyze.movant`).

Abbreviations (``Doc.``, ``No.``, ``v.``, initials) do not end a sentence; a bracketed docket
reference (``[Doc. 12]``) does. Windows are bounded so no reading scans a whole order.
"""

from __future__ import annotations

import re

from monitor import fastre

# event.restrict: D. Colo., D. Neb. and D.P.R. "restrict" where others "seal": a "Motion to
# Restrict", a paper "restricted at Level 2", "shall remain restricted", "a restricted
# document". A notice that access "is restricted to case participants" (E-Government Act)
# is not a sealing request and does not match.
SEAL = fastre.compile(
    r"\b(?:under\s+seal|to\s+seal|seal(?:ed|ing)?|redact(?:ed|ion|ions)?|restrict(?:ed)?\s+"
    r"(?:public\s+)?access|impound(?:ed|ment)?|lodge(?:d)?\s+(?:conditionally\s+)?under|"
    r"motions?\s+to\s+restrict|restricted\s+(?:at\s+)?level\s+[1-3]|(?:remain|be|kept)\s+"
    r"restricted|(?:as\s+)?a\s+restricted\s+document)\b",
    re.IGNORECASE,
)


# unseal.release_impounded: releasing impounded or sealed papers ("ORDER RELEASING IMPOUNDED
# MATERIALS", "release the sealed transcript") is unsealing them.
UNSEAL = fastre.compile(
    r"\b(?:unseal(?:ed|ing)?|releas(?:e|es|ed|ing)\s+(?:the\s+|all\s+)?(?:impounded|sealed)\b|lift(?:ing)?\s+the\s+seal|make\s+public|publicly\s+file|"
    r"file\s+documents\s+publicly|public\s+access\s+to\s+the\s+sealed|remove\s+the\s+seal|"
    r"de-?designat\w*|lift\w*\s+the\s+(?:limitations|restrictions)\s+on\s+(?:remote\s+(?:electronic"
    r"\s+)?|public\s+)?access|access\s+(?:to\s+)?(?:a|the)\s+sealed|release\s+(?:[\w-]+\s+){0,6}?"
    r"(?:filed\s+)?under\s+seal|make\s+(?:[\w-]+\s+){0,8}?available\s+to\s+the\s+public|"
    r"disclos\w+\s+of,?\s+(?:[\w-]+\s+){0,3}?(?:ex\s+parte|in\s+camera|sealed))\b",
    re.IGNORECASE,
)


MOTION = fastre.compile(
    r"\b(?P<kind>(?:(?:ex\s+parte|joint|unopposed|stipulated|renewed|emergency|administrative|"
    r"amended|sealed)\s+){0,4}(?:motion|application|request|petition|stipulation|letter[\s-]motion))"
    r"(?P<what>\s+(?:for\s+leave\s+)?(?:to|for|seeking)\b[^.;\[(]{0,120})?",
    re.IGNORECASE,
)


ABBREV = re.compile(
    r"(?:\b[A-Z]|\bNos?|\bDoc|\bInc|\bv|\bU\.S|\bMut|\bAuto|\bIns|\bCo|\bDkt|\bEx|\bal|\bCorp|"
    r"\bLtd|\bJr|\bSr|\bSt|\bMr|\bMs|\bMrs|\bDr|\bHon|\bcf|\bi\.e|\be\.g|\bId|\bid|\bp|\bpp)$"
)


def sentence_end(text: str, start: int) -> int:
    """Index of the end of the sentence starting at ``start`` (abbreviations are skipped)."""
    for m in re.finditer(r"[.;!?](?=\s|$|\[)|\[(?:Doc|ECF|Dkt)", text[start:]):
        i = start + m.start()
        if text[i] == "[":
            return i
        if text[i] == "." and ABBREV.search(text[max(start, i - 6) : i]):
            continue
        return i
    return len(text)


ACCESS = fastre.compile(r"\bfor\s+(?:public\s+)?access\b", re.I)
# req.ref_before_object: a docket reference between a motion's name and its object ("motion
# (Docket Entry No. 14) to file Volume 2 under seal", "motion [ECF 31] to seal") is no part of
# the object; matched at the end of a :data:`MOTION` that has no object of its own.
REF_THEN_OBJECT = re.compile(
    r"\s*[\[(](?:Doc|ECF|Dkt|Docket|D\.\s?E\.|Filing|No\.|#)[^\])\n]{0,40}[\])]"
    r"(?P<what>\s+(?:for\s+leave\s+)?(?:to|for|seeking)\b[^.;\[(]{0,120})",
    re.I,
)
# req.in_camera_filing: leave to file or submit a paper ex parte and/or in camera (for the
# court's eyes only) keeps it off the public record, like filing it under seal. Review "in
# camera" that no one asks to file ("a motion to compel in camera review") is not a filing.
IN_CAMERA_FILING = fastre.compile(
    r"\b(?:file|submit|lodge|present)\b[^.;]{0,80}?\b(?:ex\s+parte\s*(?:,|and|or)?\s*)?"
    r"in\s+camera\b",
    re.I,
)


def is_sealing_context(text: str) -> bool:
    """Sealing, unsealing or access words (:data:`SEAL`, :data:`UNSEAL`, :data:`ACCESS`)."""
    return bool(SEAL.search(text) or UNSEAL.search(text) or ACCESS.search(text))


def clause_at(segment: str, start: int, limit: int = 160) -> str:
    """``segment`` from ``start`` to the end of its clause (at most ``limit`` characters)."""
    piece = segment[start : start + limit]
    end = re.search(r"\.\s+[A-Z]|;", piece)
    return piece[: end.start()] if end else piece


def sentence_head(segment: str, pos: int, limit: int = 250) -> str:
    """The text from the start of the sentence containing ``pos`` up to ``pos``."""
    lo = max(0, pos - limit)
    window = segment[lo:pos]
    start = 0
    for b in re.finditer(r"[.;:!?]\s+(?=[A-Z(\[])|\n\s*\n", window):
        if (
            window[b.start()] == "."
            and ABBREV.search(window[max(0, b.start() - 6) : b.start()])
            and "\n\n" not in b.group(0).replace(" ", "")
        ):
            continue
        start = b.end()
    return window[start:]
