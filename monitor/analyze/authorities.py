"""Authorities cited in an order: case citations (eyecite) plus statutes, regulations and rules.

`find_authorities(text)` returns ``[{"citation": "49 F.3d 1430", "name": "Hagestad v. Tragesser"}]``
unique by citation, in order of first appearance. Rules of thumb (ecosystem.md §4(b)):

- Case citations come from eyecite's ``FullCaseCitation`` only; ``Id.``, ``supra`` and short
  cites are never listed on their own. The key is ``volume reporter page`` as eyecite corrects
  it; ``metadata.year`` is never used (eyecite's year bug).
- The case name is built from eyecite's plaintiff/defendant metadata, with our own backward scan
  of the text as a fallback (eyecite leaves the plaintiff empty for OCR-split names such as
  "Hages tad v. Tragesser" and shortens "Ctr. for Auto Safety" to "Auto Safety"). An OCR-split
  plaintiff is joined when the text also has the joined word ("Hagestad, 49 F.3d at 1434").
  Names are otherwise kept as printed, with whitespace, markdown and apostrophes tidied.
- eyecite misses ``Fed. R. Civ. P.`` cites and we want one spelling for statutes, so
  ``C.F.R.``, ``U.S.C.`` and federal rules are found by regex: "8 C.F.R. § 208.6",
  "8 U.S.C. § 1367", "Fed. R. Civ. P. 26(c)". For C.F.R./U.S.C. subsections are dropped
  ("§ 1367(a)(2)" -> "§ 1367"); for rules the first subdivision is kept ("5.2(c)", "26(c)").
- Speed: eyecite only sees short windows of text around reporter-like numbers, so an order of
  10,000 characters costs a few milliseconds instead of tens.
"""

from __future__ import annotations

import re

from monitor import fastre

__all__ = ["find_authorities"]

# Something that may be a reporter citation: "49 F.3d 1430", "435 U.S. 589", "2023 WL 123456",
# "49 F.3d at 1434", "137 S. Ct. 1 (2017)". Deliberately loose: eyecite decides.
_CANDIDATE = re.compile(r"\b\d{1,4}\s+[A-Z][A-Za-z0-9.' ]{0,24}?\s+(?:at\s+)?\d{1,6}\b")
_WINDOW_BEFORE = 260
_WINDOW_AFTER = 160

_CFR = re.compile(
    r"\b(\d{1,2})\s*C\.\s?F\.\s?R\.?\s*(?:§+|[Ss]ec(?:tions?|s?\.)|[Pp]arts?)?\s*"
    r"(\d{1,4}(?:\.\d+[a-z]?)?)"
)
_SECTION_LIST = fastre.compile(
    r"(?:\([a-z0-9]{1,3}\))*(?:\s*(?:,|and|&|or|,\s*and)\s*\d{1,4}\.\d+[a-z]?(?:\([a-z0-9]{1,3}\))*)+"
)
_USC = re.compile(
    r"\b(\d{1,2})\s*U\.\s?S\.\s?C\.?(?:\s?A\.)?\s*(?:§+|[Ss]ec(?:tions?|s?\.))?\s*"
    r"(\d{1,5}[a-z]{0,2}(?:-\d+[a-z]?)?)"
)
_RULE_KIND = {
    "civ": "Civ. P.",
    "civil": "Civ. P.",
    "crim": "Crim. P.",
    "criminal": "Crim. P.",
    "app": "App. P.",
    "appellate": "App. P.",
    "evid": "Evid.",
    "evidence": "Evid.",
}
_RULE_NUM = r"(\d{1,2}(?:\.\d)?)((?:\s?\([a-z0-9]{1,3}\))?)"
_FED_RULE = fastre.compile(
    r"\bFed(?:eral|\.)?\s*R(?:ules?|\.)?\s*(?:of\s+)?(Civ|Civil|Crim|Criminal|App|Appellate|Evid)"
    r"\.?\s*(?:P(?:roc(?:edure)?)?\.?)?\s*(?:Rule\s+)?" + _RULE_NUM
)
_FED_RULE_LONG = fastre.compile(
    r"\bFederal\s+Rules?\s+of\s+(Civil|Criminal|Appellate)\s+Procedure\s*(?:Rule\s+)?" + _RULE_NUM
)
# "Rule 26(c) of the Federal Rules of Civil Procedure"
_RULE_OF_FED = fastre.compile(
    r"\bRule\s+" + _RULE_NUM + r"\s+of\s+the\s+Federal\s+Rules\s+of\s+(Civil|Criminal|Appellate)"
    r"\s+Procedure"
)

_SIGNAL = re.compile(
    r"^(?:(?:see|see also|see generally|but see|cf\.?|compare|accord|e\.g\.,?|citing|quoting|"
    r"and|also|in|under|as in|held in|e\.g\.)\s+)+",
    re.I,
)
_CONNECTORS = {"of", "for", "the", "and", "&", "de", "del", "la", "ex", "rel.", "ex rel.", "on"}
_DOCKET_TAIL = re.compile(r",?\s*(?:No\.|Nos\.|Case No\.|Civ\.|Civil Action|Case)\s.*$")
_APOS = fastre.compile(r"(?<=\w)\s*[`´‘’]\s*(?=\w)")
_MARKUP = re.compile(r"[*_]+")


def _tidy(name: str | None) -> str:
    if not name:
        return ""
    name = _MARKUP.sub("", name)
    name = _APOS.sub("'", name)
    name = name.replace("“", '"').replace("”", '"')
    name = re.sub(r"\s+", " ", name).strip(" ,;:([")
    return name


def _clean_defendant(name: str) -> str:
    name = _DOCKET_TAIL.sub("", _tidy(name))
    return name.rstrip(" ,;")


_SENTENCE_END = fastre.compile(r"(?:(?<=[a-z]{3})|(?<=\d)|(?<=\)))[.!?]\s+(?=[A-Z])")
_IN_RE = re.compile(r"\b(In re|Ex parte|Matter of)\s+(.+?),?\s*$")


def _scan_name(head: str, attested) -> tuple[str, str, str]:
    """(plaintiff, defendant, "In re"-style prefix), read backwards from the end of `head`."""
    cut = max(head.rfind(c) for c in (";", "(", ")", '"', "[", "]", "\n"))
    ends = [m.end() for m in _SENTENCE_END.finditer(head)]
    clause = _MARKUP.sub("", head[max(cut + 1, ends[-1] if ends else 0) :])
    idx = clause.rfind(" v. ")
    if idx < 0:
        mi = _IN_RE.search(clause)
        if mi:
            return "", _clean_defendant(mi.group(2)), mi.group(1)
        return "", "", ""
    defendant = _clean_defendant(clause[idx + 4 :])
    words = clause[:idx].split()
    out: list[str] = []
    for i in range(len(words) - 1, -1, -1):
        w = words[i]
        bare = w.strip(",")
        if w.endswith(",") and out:
            break
        if bare[:1].isupper() or bare[:1].isdigit() or bare.lower() in _CONNECTORS:
            out.append(w)
            continue
        # OCR split: "Hages tad" when "Hagestad" is attested elsewhere.
        if (
            i > 0
            and bare.isalpha()
            and words[i - 1][:1].isupper()
            and attested(words[i - 1] + bare)
        ):
            out.append(w)
            continue
        break
    while out and out[-1].lower() in _CONNECTORS:
        out.pop()
    plaintiff = _tidy(_SIGNAL.sub("", " ".join(reversed(out))))
    return plaintiff, defendant, ""


def _join_split_words(name: str, attested) -> str:
    """Join OCR-split words ("Hages tad") when the joined word is attested in the text."""
    words = name.split(" ")
    i = 0
    while i < len(words) - 1:
        a, b = words[i], words[i + 1]
        joined = a + b
        if (
            a[:1].isupper()
            and b[:1].islower()
            and b.lower() not in _CONNECTORS
            and joined.isalpha()
            and attested(joined)
        ):
            words[i : i + 2] = [joined]
            continue
        i += 1
    return " ".join(words)


def _windows(text: str) -> str:
    spans: list[list[int]] = []
    for m in _CANDIDATE.finditer(text):
        s, e = max(0, m.start() - _WINDOW_BEFORE), min(len(text), m.end() + _WINDOW_AFTER)
        if spans and s <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], e)
        else:
            spans.append([s, e])
    return "\n\n".join(text[s:e] for s, e in spans)


def _case_citations(text: str) -> list[tuple[int, str, str]]:
    """(position, citation, name) for each full case citation (position within the windows)."""
    from eyecite import get_citations
    from eyecite.models import FullCaseCitation, ShortCaseCitation

    window_text = _windows(text)
    if not window_text:
        return []
    cites = get_citations(window_text)
    antecedents = {
        re.sub(r"\W", "", c.metadata.antecedent_guess or "").lower()
        for c in cites
        if isinstance(c, ShortCaseCitation)
    }
    antecedents.discard("")

    def attested(word: str) -> bool:
        return (
            word.lower() in antecedents
            or re.search(r"\b" + re.escape(word) + r"\b", text) is not None
        )

    out = []
    for c in cites:
        if not isinstance(c, FullCaseCitation):
            continue
        g = c.groups
        try:
            citation = c.corrected_citation()
        except Exception:  # pragma: no cover - defensive
            citation = f"{g.get('volume', '')} {g.get('reporter', '')} {g.get('page', '')}"
        citation = re.sub(r"\s+", " ", citation).strip()
        md = c.metadata
        plaintiff = _tidy(md.plaintiff)
        defendant = _clean_defendant(md.defendant or "")
        start = c.span()[0]
        scanned_p, scanned_d, prefix = _scan_name(
            window_text[max(0, start - 300) : start], attested
        )
        if not defendant or (scanned_d.endswith(defendant) and len(scanned_d) > len(defendant)):
            defendant = scanned_d
        if scanned_p and (
            not plaintiff or (scanned_p.endswith(plaintiff) and scanned_p != plaintiff)
        ):
            plaintiff = scanned_p
        if plaintiff:
            plaintiff = _join_split_words(plaintiff, attested)
        if plaintiff and defendant:
            name = f"{plaintiff} v. {defendant}"
        elif defendant and prefix:
            name = f"{prefix} {defendant}"
        else:
            name = plaintiff or defendant
        out.append((start, citation, name))
    return out


def _law_citations(text: str) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for m in _CFR.finditer(text):
        title = int(m.group(1))
        found.append((m.start(), f"{title} C.F.R. § {m.group(2)}"))
        # "8 C.F.R. §§ 208.6 and 1208.6"
        tail = _SECTION_LIST.match(text, m.end())
        if tail:
            for sec in re.findall(r"\d{1,4}\.\d+[a-z]?", tail.group(0)):
                found.append((m.start() + 1, f"{title} C.F.R. § {sec}"))
    for m in _USC.finditer(text):
        found.append((m.start(), f"{int(m.group(1))} U.S.C. § {m.group(2)}"))
    for m in _FED_RULE.finditer(text):
        kind = _RULE_KIND[m.group(1).lower()]
        found.append((m.start(), f"Fed. R. {kind} {m.group(2)}{m.group(3).replace(' ', '')}"))
    for m in _FED_RULE_LONG.finditer(text):
        kind = _RULE_KIND[m.group(1).lower()]
        found.append((m.start(), f"Fed. R. {kind} {m.group(2)}{m.group(3).replace(' ', '')}"))
    for m in _RULE_OF_FED.finditer(text):
        kind = _RULE_KIND[m.group(3).lower()]
        found.append((m.start(), f"Fed. R. {kind} {m.group(1)}{m.group(2).replace(' ', '')}"))
    return found


def find_authorities(text: str) -> list[dict]:
    """Cases, statutes, regulations and federal rules cited, unique by citation, in text order."""
    if not text:
        return []
    # Case positions are window positions; map them back by searching the citation's text in
    # order. Simpler and robust: order cases among themselves by eyecite's order, and place each
    # at its first occurrence of "volume reporter" in the original text.
    items: list[tuple[int, str, str]] = []
    for _pos, citation, name in _case_citations(text):
        vol, _, rest = citation.partition(" ")
        reporter = rest.rsplit(" ", 1)[0]
        pat = re.escape(vol) + r"\s+" + r"\s*".join(re.escape(ch) for ch in reporter if ch != " ")
        m = re.search(r"\b" + pat, text)
        items.append((m.start() if m else len(text), citation, name))
    for pos, citation in _law_citations(text):
        items.append((pos, citation, ""))
    items.sort(key=lambda t: t[0])
    seen: dict[str, dict] = {}
    for _pos, citation, name in items:
        entry = seen.get(citation)
        if entry is None:
            seen[citation] = {"citation": citation, "name": name}
        elif not entry["name"] and name:
            entry["name"] = name
    return list(seen.values())
