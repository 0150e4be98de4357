"""Is a case immigration-related, and on what basis (domain.md §4)?

Signals, strongest first; the first that fires gives ``Relevance.basis``:

1. nature of suit 460/462/463/465, as code digits or label (``463 Habeas Corpus - Alien
   Detainee``, ``Prisoner: Habeas Corpus - Alien Detainee``, ``Other Immigration Actions``,
   ``Naturalization Application``, ``Deportation``) → ``nos:463``;
2. a Title 8 civil cause (``8:1447``, ``08:1329 ...``, ``8 U.S.C. § 1421``), or a habeas /
   mandamus / APA / FOIA cause whose text names aliens, immigration, visas or naturalization
   (``28:2241 ... alien detainee``) → ``cause:8:1447``. Criminal Title 8 causes (1324-1328,
   smuggling and illegal entry/reentry prosecutions) are *not* read as immigration: Rule 5.2(c)
   does not reach them and their sealing is ordinary criminal sealing;
3. an immigration agency among the parties or in the caption (DHS, ICE, CBP, USCIS, EOIR, BIA,
   INS, ORR, an ICE processing center) → ``party:ICE``; a named ICE detention facility
   (``Warden, Otay Mesa Detention Center``, Krome, Stewart, Delaney Hall, Golden State Annex,
   "Alligator Alcatraz" ... see ``monitor.agencies.ICE_FACILITIES``) → ``party:ICE facility (Otay
   Mesa Detention Center)``; an ERO field office or ``Director, Newark Field Office`` → ``party:ICE
   field office (Newark Field Office)``. Decision: a field office with a director named as a
   respondent is read as ICE (in district-court captions it is overwhelmingly the ICE field office
   director who has custody of a detainee); field offices of other agencies (Social Security, FBI,
   HUD, IRS ...) are excluded by name, and federal prisons (``Warden, FCI Dublin``) do not count;
4. an immigration officeholder as defendant/respondent → ``party:Nielsen (DHS Secretary)``.
   Distinctive surnames (Nielsen, McAleenan, Mayorkas, Noem, Napolitano, Cuccinelli, Jaddou,
   Albence, Homan, Tsoukaris ...) count alone. Ambiguous ones (Johnson, Wolf, Kelly, Duke, Lyons,
   and the Attorneys General Holder, Lynch, Sessions, Whitaker, Barr, Garland) need a co-party
   (another official or an agency), a first name (``Chad F. Wolf``), or, for Attorneys General,
   a court of appeals: there ``X v. Garland`` is a petition for review of a BIA decision →
   ``party:Garland (Attorney General; petition for review)``. ``Bondi`` also counts alone in
   district courts outside Florida (see ``monitor.agencies.AG_DISTRICT_DISTINCTIVE``);
5. the caption itself says immigration/immigrants/asylum/refugee → ``keyword:immigration``.

Nothing matched → ``Relevance(False, "")``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from monitor.agencies import (
    AG_DISTRICT_DISTINCTIVE,
    FULL_NAMES,
    GOV_GENERIC,
    IMMIGRATION_AGENCIES,
    IMMIGRATION_KEYWORD,
    SURNAME_PATTERN,
    Official,
    officials_named,
)

IMMIGRATION_NOS = {
    "460": "Deportation",
    "462": "Naturalization Application",
    "463": "Habeas Corpus - Alien Detainee",
    "465": "Other Immigration Actions",
}
_NOS_LABELS = (
    (re.compile(r"alien\s+detainee", re.I), "463"),
    (re.compile(r"other\s+immigration", re.I), "465"),
    (re.compile(r"naturali[sz]ation", re.I), "462"),
    (re.compile(r"\bdeportation\b", re.I), "460"),
)
_NOS_CODE = re.compile(r"^\s*(\d{3})\b")
_TITLE8 = re.compile(
    r"(?:^|[^\d])0?8\s*:\s*(\d{3,4})|\b8\s*U\.?\s?S\.?\s?C\.?\s*(?:§+\s*)?(\d{3,4})", re.I
)
CRIMINAL_TITLE8 = frozenset({"1324", "1325", "1326", "1327", "1328"})
_GENERAL_CAUSE = re.compile(
    r"(?:^|[^\d])(?:28\s*:\s*(2241|1361|1331|2201)|5\s*:\s*(55[12]|70[1-6]))"
    r"|\b(?:28|5)\s*U\.?\s?S\.?\s?C\.?\s*(?:§+\s*)?(2241|1361|1331|2201|55[12]|70[1-6])",
    re.I,
)
_IMMIGRATION_CAUSE_WORDS = re.compile(
    r"\balien|immigra|deport|removal|visa\b|naturali[sz]|asylum|adjust(?:ment)?\s+of\s+status"
    r"|\bI-\d{3}|green\s+card|USCIS|\bICE\b",
    re.I,
)
_CAPTION_SPLIT = re.compile(r"\s+v(?:s)?\.?\s+", re.I)
_AG_CAPTION = re.compile(r"\bAttorney\s+General\b", re.I)


@dataclass(frozen=True)
class Relevance:
    immigration: bool
    basis: str = ""


def _nos_basis(nature_of_suit: str) -> str:
    if not nature_of_suit:
        return ""
    match = _NOS_CODE.match(nature_of_suit)
    if match:
        return f"nos:{match.group(1)}" if match.group(1) in IMMIGRATION_NOS else ""
    for pattern, code in _NOS_LABELS:
        if pattern.search(nature_of_suit):
            return f"nos:{code}"
    return ""


def _cause_basis(cause: str) -> str:
    if not cause:
        return ""
    for match in _TITLE8.finditer(cause):
        section = match.group(1) or match.group(2)
        if section not in CRIMINAL_TITLE8:
            return f"cause:8:{section}"
    match = _GENERAL_CAUSE.search(cause)
    if match and _IMMIGRATION_CAUSE_WORDS.search(cause):
        section = next(g for g in match.groups() if g)
        title = "28" if section in ("2241", "1361", "1331", "2201") else "5"
        return f"cause:{title}:{section} (immigration)"
    return ""


def _sides(case_name: str) -> tuple[str, str]:
    """(plaintiff side, defendant side) of a caption; ``In re X`` has no defendant side."""
    parts = _CAPTION_SPLIT.split(case_name or "", maxsplit=1)
    if len(parts) == 2:
        return parts[0], parts[1]
    return case_name or "", ""


def _party_names(parties: Iterable) -> list[str]:
    names = []
    for party in parties or ():
        if isinstance(party, dict):
            name = party.get("name") or ""
            extra = party.get("extra_info") or party.get("role") or ""
            names.append(f"{name} {extra}".strip())
        elif party:
            names.append(str(party))
    return names


def _agency(texts: Iterable[str]) -> str:
    for text in texts:
        for pattern, label in IMMIGRATION_AGENCIES:
            match = pattern.search(text)
            if match:
                return label.format(name=match.group("name")) if "{name}" in label else label
    return ""


def _official_mentions(defendant_side: str, parties: list[str]) -> list[tuple[Official, bool]]:
    """Officials named as defendants/respondents: (official, named with a first name)."""
    found: list[tuple[Official, bool]] = []
    texts = [defendant_side, *parties]
    for official, pattern in FULL_NAMES:
        if any(pattern.search(t) for t in texts):
            found.append((official, True))
    named = {o.surname for o, _ in found}
    for text in texts:
        for match in SURNAME_PATTERN.finditer(text):
            surname = match.group(1)
            if surname in named:
                continue
            named.add(surname)
            found.extend((o, False) for o in officials_named(surname))
    return found


def assess_case(
    case_name: str,
    nature_of_suit: str = "",
    cause: str = "",
    parties: Iterable = (),
    court_kind: str = "",
    court: str = "",
) -> Relevance:
    """Decide whether a case is immigration-related; ``court_kind`` is ``district``,
    ``appellate``, ``bankruptcy`` or ``""`` (unknown), ``court`` the court id if known."""
    basis = _nos_basis(nature_of_suit or "") or _cause_basis(cause or "")
    if basis:
        return Relevance(True, basis)

    case_name = case_name or ""
    plaintiff_side, defendant_side = _sides(case_name)
    names = _party_names(parties)
    agency = _agency([case_name, *names])
    if agency:
        return Relevance(True, f"party:{agency}")

    appellate = court_kind == "appellate"
    mentions = _official_mentions(defendant_side, names)
    strong = {o.surname for o, first in mentions if first or o.distinctive}
    for official, with_first_name in mentions:
        corroborated = bool(strong - {official.surname})
        if official.kind in ("state", "hhs") and not corroborated:
            continue
        if official.kind == "ag":
            if appellate:
                return Relevance(
                    True, f"party:{official.surname} (Attorney General; petition for review)"
                )
            district_ok = official.surname in AG_DISTRICT_DISTINCTIVE and not court.startswith("fl")
            if corroborated or district_ok:
                return Relevance(True, f"party:{official.surname} ({official.office})")
            continue
        if official.distinctive or with_first_name or corroborated:
            return Relevance(True, f"party:{official.surname} ({official.office})")

    if appellate and _AG_CAPTION.search(defendant_side):
        return Relevance(True, "party:Attorney General (petition for review)")
    if IMMIGRATION_KEYWORD.search(case_name):
        return Relevance(True, "keyword:immigration")
    return Relevance(False, "")


def is_government_party(name: str, loose: bool = False) -> bool:
    """True when ``name`` is a government party: the United States, a federal/state/local agency
    or office (FBI, DHS, ICE, "State of Colorado", a warden or sheriff), or a known immigration
    officeholder (``Kirstjen Nielsen``, ``Mayorkas``). Ambiguous surnames alone (``Wolf``,
    ``Garland``) count only with ``loose=True``, which the classifier uses for the defendant side
    of a caption such as ``Doe v. Wolf`` (an official-capacity suit)."""
    if not name or not name.strip():
        return False
    if GOV_GENERIC.search(name) or _agency([name]):
        return True
    for _official, pattern in FULL_NAMES:
        if pattern.search(name):
            return True
    for match in SURNAME_PATTERN.finditer(name):
        if loose or any(o.distinctive for o in officials_named(match.group(1))):
            return True
    return False
