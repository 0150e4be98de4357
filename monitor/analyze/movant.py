"""Who asked: the movant of the sealing or unsealing request an order rules on.

``read_movant`` reads the parts of an order that :func:`monitor.analyze.ruling.read_ruling` cuts
(title, body, last paragraph) and returns the movant as the order words it (``movant_text``) and
its role (``movant_role``, vocabulary in docs/design.md). When the body and the title or last
paragraph disagree about who moved, the body wins and a ``movant_conflict`` flag says so.
"""

from __future__ import annotations

import re

from monitor.analyze.ruling import (
    _MOTION,
    _MOVES,
    _PARTY,
    _clause,
    _is_sealing_context,
    _sentence_head,
)

__all__ = ["read_movant"]

_SUA_SPONTE = re.compile(r"\b(?:sua\s+sponte|on\s+its\s+own\s+motion|of\s+its\s+own\s+accord)\b",
                         re.I)  # fmt: skip
_GOV_DEFENDANT = re.compile(
    r"\b(?:secretary|department|homeland|u\.s\.|united\s+states|attorney\s+general|director|"
    r"immigration|customs|citizenship|warden|field\s+office|ice|uscis|cbp|dhs|eoir|official\s+"
    r"capacity|government|mayorkas|nielsen|noem|garland|barr|sessions|trump|biden|wolf|bondi|"
    r"rubio|blinken)\b",
    re.IGNORECASE,
)
_FILED_BY = re.compile(
    r"[^.;]{0,60}?\b(?:filed|brought|submitted)\s+by\s+(?:the\s+)?(?P<w>[^.;,(\[]{2,80})"
)


def _movants(segment: str) -> list[tuple[str, int]]:
    """Party words attached to sealing/unsealing motions in ``segment`` (word, position)."""
    found = []
    for m in _MOTION.finditer(segment):
        if not _is_sealing_context(_clause(segment, m.start())):
            continue
        kind = m["kind"].lower()
        before = segment[max(0, m.start("kind") - 70) : m.start("kind")]
        if re.search(r"\bany\s*$", before, re.I):
            continue
        words = list(_PARTY.finditer(before))
        if re.search(r"\b(?:joint|stipulated)\b", kind):
            found.append(("joint", m.start()))
            continue
        if words:
            w = words[-1]
            # The party must be close to the motion word (possessive or adjective).
            if len(before) - w.end() <= 25:
                found.append((w["w"], m.start()))
                continue
        by = _FILED_BY.match(segment, m.end("kind"), m.end("kind") + 200)
        if by:
            p = _PARTY.search(by["w"])
            if p:
                found.append((p["w"], m.start()))
            else:
                named = _NAMED_ENTITY.match(by["w"])
                if named:
                    # A named movant that is not a party: a press organisation, a non-party.
                    found.append(("non-party " + named.group(0), m.start()))
    # "Respondents move to seal …", "Petitioner X, who …, moves for leave to file under seal …"
    for m in _MOVES.finditer(segment):
        if not _is_sealing_context(m["obj"]) or re.match(r"\s+(?:the\s+)?Court\b", m["obj"]):
            continue
        subject = _sentence_head(segment, m.start())
        if re.search(r"\b(?:any|each|a)\s+part(?:y|ies)\b|\bwho\s*$|\bthat\s*$", subject, re.I):
            continue
        p = _PARTY.match(subject.strip()) or _PARTY.match(re.sub(r"^\W*The\s+", "", subject))
        if p:
            found.append((p["w"], m.start()))
    found.sort(key=lambda x: x[1])
    return found


_CAPTION_V = re.compile(
    r"(?:\bv\.?|-\s*v\.?\s*-|-\s*against\s*-)\s+(?P<right>[^\n]{0,200}(?:\n[^\n]{0,200}){0,3}?)"
    r"(?-i:\bDefendants?\b)",
    re.I,
)
_NAMED_ENTITY = re.compile(r"[A-Z][\w&.\-]*(?:\s+(?:of|for|and|the|on)?\s*[A-Z][\w&.\-]*){1,7}")


def _role(word: str, text: str) -> str:
    w = word.lower().strip()
    w = re.sub(r"(?:'s|s'|')$", "", w)
    w = re.sub(r"^the\s+", "", w)
    criminal = bool(re.search(r"\bUNITED\s+STATES\s+OF\s+AMERICA\b[^\n]{0,40}\bv\.", text[:3000],
                              re.I))  # fmt: skip
    if w in {"joint", "stipulated", "parties"}:
        return "joint"
    if w in {"government", "united states", "federal defendant", "federal defendants"}:
        return "government"
    if w.startswith(("plaintiff", "petitioner")):
        return "government" if criminal and w.startswith("plaintiff") else "plaintiff_petitioner"
    if w.startswith(("defendant", "respondent")):
        if criminal:
            return "criminal_defendant"
        if w.startswith("respondent"):
            # Respondents to a petition (habeas, immigration) are officials: the government.
            return "government"
        cap = _CAPTION_V.search(text[:2500])
        if cap and not _GOV_DEFENDANT.search(cap["right"]):
            return "defendant_nongov"
        return "government"
    if re.match(r"(?:proposed\s+)?intervenor|non-?part|third[\s-]part", w):
        return "third_party"
    if w.startswith("movant"):
        return "unknown"
    if re.search(r"\b(?:times|post|press|news|media|journal|tribune|reporters|committee|"
                 r"company|inc\.|llc|foundation|union)$", w):  # fmt: skip
        return "third_party"
    return "unknown"


def _movant_text(word: str) -> str:
    word = re.sub(r"^non-party\s+(?=[A-Z])", "", word)
    w = re.sub(r"(?:'s|s'|')$", "", word.strip())
    if w.lower().endswith("s") is False and word.strip().endswith("s'"):
        w += "s"
    if re.match(r"(?i)(?:the\s+)?(?:plaintiff|petitioner|defendant|respondent|government|"
                r"intervenor|movant|parties|joint|united states)", w):  # fmt: skip
        return w.lower()
    return w


def read_movant(
    title: str, body: str, last: str, text: str, event_type: str, case_name: str = ""
) -> tuple[str, str, list[str]]:
    """(movant_text, movant_role, flags) of an order cut into title, body and last paragraph.

    ``text`` is the whole normalised order (its caption); ``case_name`` the caption's short name.
    """
    flags: list[str] = []
    # Movant: the body's reading wins over the caption/title and the last paragraph.
    body_movants = _movants(body[: len(body) - len(last)] if last else body)
    title_movants = _movants(title)
    last_movants = _movants(last) if last else []
    movant_text, movant_role = "", "unknown"
    if _SUA_SPONTE.search(body[:3000]) and not body_movants:
        movant_text, movant_role = "the court", "court_sua_sponte"
    chosen = body_movants or last_movants or title_movants
    if chosen and movant_role == "unknown":
        word = chosen[0][0]
        movant_text, movant_role = _movant_text(word), _role(word, text)
    if event_type == "order_other" and not chosen:
        movant_role = "none" if not movant_text else movant_role
    if chosen:
        main_role = movant_role
        others = []
        for label, group in (("caption", title_movants), ("last paragraph", last_movants)):
            roles = {_role(w, text) for w, _ in group}
            if roles and main_role not in roles:
                others.append((label, _movant_text(group[0][0])))
        if others:
            where = " and ".join(label for label, _ in others)
            said = others[0][1]
            flags.append(
                f"movant_conflict: {where} say{'s' if len(others) == 1 else ''} {said}'s motion; "
                f"body says {movant_text}'"
            )
    return movant_text, movant_role, flags
