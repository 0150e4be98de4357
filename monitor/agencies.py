"""Reference data: immigration agencies, officeholders and government-party vocabulary.

Pure data (plus compiled patterns) shared by ``monitor.relevance`` (is a case immigration-related,
and why) and ``monitor.classify`` (is a movant the government). Sources: domain.md §4 (officeholders
by agency), with each officeholder marked *distinctive* or *ambiguous*:

- distinctive surnames (``Nielsen``, ``Mayorkas``, ``Noem``, ``Cuccinelli`` ...) are read as the
  official wherever they stand as a defendant/respondent;
- ambiguous surnames (``Johnson``, ``Wolf``, ``Kelly``, ``Barr``, ``Garland``, ``Sessions``,
  ``Holder``, ``Lynch`` ...) are common names or were also state officials (Gov. Tom Wolf of
  Pennsylvania), so relevance needs a co-party, a first name (``Chad F. Wolf``) or, for Attorneys
  General, a court of appeals (a petition for review of a BIA decision).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Official:
    surname: str
    office: str  # human label used in relevance bases: "DHS Secretary"
    first_names: tuple[str, ...]
    distinctive: bool  # the surname alone identifies the official
    kind: str  # "dhs" | "ag" | "ice" | "cbp" | "uscis" | "eoir" | "fod" | "state" | "hhs"


OFFICIALS: tuple[Official, ...] = (
    # Secretaries of Homeland Security
    Official("Chertoff", "DHS Secretary", ("Michael",), True, "dhs"),
    Official("Napolitano", "DHS Secretary", ("Janet",), True, "dhs"),
    Official("Johnson", "DHS Secretary", ("Jeh",), False, "dhs"),
    Official("Kelly", "DHS Secretary", ("John F.", "John"), False, "dhs"),
    Official("Duke", "DHS Secretary", ("Elaine",), False, "dhs"),
    Official("Nielsen", "DHS Secretary", ("Kirstjen",), True, "dhs"),
    Official("McAleenan", "DHS Secretary", ("Kevin",), True, "dhs"),
    Official("Wolf", "DHS Secretary", ("Chad F.", "Chad"), False, "dhs"),
    Official("Mayorkas", "DHS Secretary", ("Alejandro",), True, "dhs"),
    Official("Noem", "DHS Secretary", ("Kristi",), True, "dhs"),
    # Attorneys General (respondents in every petition for review of a BIA decision)
    Official("Ashcroft", "Attorney General", ("John",), False, "ag"),
    Official("Gonzales", "Attorney General", ("Alberto",), False, "ag"),
    Official("Mukasey", "Attorney General", ("Michael",), False, "ag"),
    Official("Holder", "Attorney General", ("Eric",), False, "ag"),
    Official("Lynch", "Attorney General", ("Loretta",), False, "ag"),
    Official("Sessions", "Attorney General", ("Jefferson", "Jeff"), False, "ag"),
    Official("Whitaker", "Attorney General", ("Matthew",), False, "ag"),
    Official("Barr", "Attorney General", ("William",), False, "ag"),
    Official("Garland", "Attorney General", ("Merrick",), False, "ag"),
    Official("Bondi", "Attorney General", ("Pam", "Pamela"), False, "ag"),
    # ICE directors
    Official("Morton", "ICE Director", ("John",), False, "ice"),
    Official("Saldaña", "ICE Director", ("Sarah",), True, "ice"),
    Official("Saldana", "ICE Director", ("Sarah",), True, "ice"),
    Official("Homan", "ICE Director", ("Thomas",), True, "ice"),
    Official("Vitiello", "ICE Director", ("Ronald",), True, "ice"),
    Official("Albence", "ICE Director", ("Matthew T.", "Matthew"), True, "ice"),
    Official("Johnson", "ICE Director", ("Tae D.", "Tae"), False, "ice"),
    Official("Lyons", "ICE Director", ("Todd M.", "Todd"), False, "ice"),
    # CBP commissioners
    Official("Morgan", "CBP Commissioner", ("Mark",), False, "cbp"),
    Official("Magnus", "CBP Commissioner", ("Chris",), False, "cbp"),
    Official("Scott", "CBP Commissioner", ("Rodney",), False, "cbp"),
    # USCIS directors
    Official("Cissna", "USCIS Director", ("Lee Francis", "L. Francis", "Lee"), True, "uscis"),
    Official("Cuccinelli", "USCIS Director", ("Ken", "Kenneth"), True, "uscis"),
    Official("Jaddou", "USCIS Director", ("Ur",), True, "uscis"),
    Official("Edlow", "USCIS Director", ("Joseph",), True, "uscis"),
    # EOIR
    Official("McHenry", "EOIR Director", ("James",), False, "eoir"),
    # ICE field office directors seen in detention habeas captions
    Official("Tsoukaris", "ICE Field Office Director", ("John",), True, "fod"),
    Official("Adducci", "ICE Field Office Director", ("Rebecca",), True, "fod"),
    Official("Hyde", "ICE Field Office Director", ("Patricia",), False, "fod"),
    Official("Decker", "ICE Field Office Director", ("Thomas",), False, "fod"),
    Official("Joyce", "ICE Field Office Director", ("William P.", "William"), False, "fod"),
    Official("Marin", "ICE Field Office Director", ("David",), False, "fod"),
    Official(
        "Moniz", "Plymouth County Correctional Facility superintendent", ("Antone",), False, "fod"
    ),
    # Secretaries of State (visa cases) and HHS (ORR children): government, rarely immigration alone
    Official("Kerry", "Secretary of State", ("John",), False, "state"),
    Official("Tillerson", "Secretary of State", ("Rex",), False, "state"),
    Official("Pompeo", "Secretary of State", ("Michael", "Mike"), False, "state"),
    Official("Blinken", "Secretary of State", ("Antony",), False, "state"),
    Official("Rubio", "Secretary of State", ("Marco",), False, "state"),
    Official("Burwell", "HHS Secretary", ("Sylvia",), False, "hhs"),
    Official("Azar", "HHS Secretary", ("Alex",), False, "hhs"),
    Official("Becerra", "HHS Secretary", ("Xavier",), False, "hhs"),
)

# Attorney-General surnames that are read as immigration in district courts without a co-party:
# since 2025 "X v. Bondi" in district court is overwhelmingly a detention habeas petition.
# Known false positives: DOJ-employee Title VII suits, Second Amendment challenges, and Florida
# cases from her 2011-2019 term as Florida Attorney General.
AG_DISTRICT_DISTINCTIVE = frozenset({"Bondi"})

# ICE detention facilities and processing centers named as respondents' institutions:
# (pattern, canonical name). Names that are also places, counties or federal prisons need the
# facility words (``Adelanto`` is a city; ``FCI Florence`` is a BOP prison in Colorado; ``Karnes
# County`` is a county; ``Mesa Verde`` a national park).
_FACILITY = r"\s+(?:ICE\s+|Service\s+|Immigration\s+|Federal\s+Contract\s+)?"
ICE_FACILITIES: tuple[tuple[str, str], ...] = (
    (
        r"\bOtay\s+Mesa" + _FACILITY + r"(?:Detention|Processing)\s+(?:Center|Facility)",
        "Otay Mesa Detention Center",
    ),
    (
        r"\bAdelanto" + _FACILITY + r"(?:Processing|Detention)\s+(?:Center|Facility)|"
        r"\bDesert\s+View\s+Annex\b",
        "Adelanto ICE Processing Center",
    ),
    (
        r"\bPort\s+Isabel" + _FACILITY + r"(?:Processing|Detention)\s+(?:Center|Facility)",
        "Port Isabel Service Processing Center",
    ),
    (
        r"\bKrome\s+(?:North\s+)?(?:Service\s+)?(?:Processing|Detention)\s+(?:Center|Facility)",
        "Krome North Service Processing Center",
    ),
    (r"\bStewart" + _FACILITY + r"Detention\s+(?:Center|Facility)", "Stewart Detention Center"),
    (
        r"\bEloy" + _FACILITY + r"(?:Detention|Processing)\s+(?:Center|Facility)",
        "Eloy Detention Center",
    ),
    (
        r"\bFlorence"
        + _FACILITY
        + r"(?:Processing\s+Center|Detention\s+Center|Staging\s+Facility)",
        "Florence Service Processing Center",
    ),
    (r"\bLa\s+Palma\s+Correctional\s+(?:Center|Facility)", "La Palma Correctional Center"),
    (
        r"\bNorthwest" + _FACILITY + r"(?:Processing|Detention)\s+(?:Center|Facility)|"
        r"\bTacoma" + _FACILITY + r"(?:Processing|Detention)\s+(?:Center|Facility)",
        "Northwest ICE Processing Center",
    ),
    (
        r"\bElizabeth\s+(?:Contract\s+)?Detention\s+(?:Center|Facility)",
        "Elizabeth Detention Center",
    ),
    (r"\bDelaney\s+Hall\b", "Delaney Hall"),
    (
        r"\bMoshannon\s+Valley" + _FACILITY + r"Processing\s+(?:Center|Facility)",
        "Moshannon Valley Processing Center",
    ),
    (
        r"\bSouth\s+Texas\s+Family\s+Residential\s+Center\b|\bDilley"
        + _FACILITY
        + r"(?:Processing|Detention|Family)",
        "South Texas Family Residential Center (Dilley)",
    ),
    (
        r"\bSouth\s+Texas" + _FACILITY + r"(?:Processing\s+Center|Detention\s+(?:Complex|Center))|"
        r"\bPearsall" + _FACILITY + r"(?:Processing|Detention)",
        "South Texas ICE Processing Center",
    ),
    (
        r"\bKarnes\s+(?:County\s+)?(?:(?:Family\s+)?Residential\s+Center|Immigration\s+Processing\s+"
        r"Center|Detention\s+(?:Center|Facility))",
        "Karnes County Immigration Processing Center",
    ),
    (r"\bTorrance\s+County\s+Detention\s+Facility", "Torrance County Detention Facility"),
    (r"\bOtero\s+County" + _FACILITY + r"Processing\s+Center", "Otero County Processing Center"),
    (r"\bEl\s+Paso" + _FACILITY + r"Processing\s+Center", "El Paso Service Processing Center"),
    (r"\bMontgomery" + _FACILITY + r"Processing\s+Center", "Montgomery Processing Center"),
    (r"\bJoe\s+Corley\b", "Joe Corley Processing Center"),
    (
        r"\b(?:LaSalle|La\s+Salle|Central\s+Louisiana)" + _FACILITY + r"(?:Processing|Detention)\s+"
        r"(?:Center|Facility)|\bJena" + _FACILITY + r"(?:Processing|Detention)",
        "Central Louisiana ICE Processing Center (Jena)",
    ),
    (
        r"\bPine\s+Prairie"
        + _FACILITY
        + r"(?:Processing|Correctional|Detention)\s+(?:Center|Facility)",
        "Pine Prairie ICE Processing Center",
    ),
    (
        r"\bBroadview" + _FACILITY + r"(?:Processing|Detention|Staging)\s+(?:Center|Facility)",
        "Broadview ICE Processing Center",
    ),
    (r"\bGolden\s+State\s+Annex\b", "Golden State Annex"),
    (
        r"\bMesa\s+Verde" + _FACILITY + r"(?:Processing|Detention)\s+(?:Center|Facility)",
        "Mesa Verde ICE Processing Facility",
    ),
    (r"\bPrairieland\s+Detention\s+(?:Center|Facility)", "Prairieland Detention Center"),
    (r"\bBluebonnet\s+Detention\s+(?:Center|Facility)", "Bluebonnet Detention Facility"),
    (r"\bCamp\s+East\s+Montana\b", "Camp East Montana"),
    (r"\bAlligator\s+Alcatraz\b|\bSouth\s+Florida\s+Detention\s+Facility", "Alligator Alcatraz"),
)
# Field offices of other agencies ("Director, Social Security Field Office", "FBI Newark Field
# Office") are not immigration parties.
_OTHER_FIELD_OFFICES = (
    r"(?:Social|Security|SSA|FBI|Federal|Bureau|HUD|IRS|DEA|ATF|VA|Veterans|USDA|FSA|Farm|Postal|"
    r"USPS|OSHA|EEOC|Wage|Labor|Secret|Marshals?|FEMA|HHS|CMS|NLRB|OPM|Housing|Agriculture)\b"
)

# Immigration agencies: (pattern, label). Case-sensitive where the acronym is also a word. A label
# with ``{name}`` takes the pattern's ``name`` group.
IMMIGRATION_AGENCIES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, flags), label)
    for pattern, flags, label in (
        (
            r"\b(?:Department|Dep't|Dept\.?) of Homeland Security\b|\bHomeland Security\b",
            re.I,
            "DHS",
        ),
        (r"\bDHS\b", 0, "DHS"),
        (r"\bImmigration\s+(?:and|&)\s+Customs\s+Enforcement\b", re.I, "ICE"),
        (r"\bICE\b(?!\s+(?:CREAM|HOCKEY|RINK|SKATING|MACHINES?|HOLDINGS|COLD))", 0, "ICE"),
        (r"\bEnforcement\s+(?:and|&)\s+Removal\s+Operations\b", re.I, "ICE"),
        (r"\bCustoms\s+(?:and|&)\s+Border\s+Protection\b|\bBorder\s+Patrol\b", re.I, "CBP"),
        (r"\bCBP\b", 0, "CBP"),
        (r"\bCitizenship\s+(?:and|&)\s+Immigration\s+Services?\b", re.I, "USCIS"),
        (r"\bU\.?S\.?C\.?I\.?S\b", 0, "USCIS"),
        (r"\bExecutive\s+Office\s+for\s+Immigration\s+Review\b|\bEOIR\b", re.I, "EOIR"),
        (r"\bBoard\s+of\s+Immigration\s+Appeals\b", re.I, "BIA"),
        (r"\bImmigration\s+(?:and|&)\s+Naturalization\s+Service\b", re.I, "INS"),
        (r"\bINS\b(?!\s*\.?\s*(?:CO|COMPANY|CORP|GROUP|AGENCY|SERVICES\s+INC))", 0, "INS"),
        (r"\bOffice\s+of\s+Refugee\s+Resettlement\b", re.I, "ORR"),
        (r"\bImmigration\s+Judge\b|\bField\s+Office\s+Director\b", re.I, "ICE/EOIR official"),
        *((pattern, re.I, f"ICE facility ({name})") for pattern, name in ICE_FACILITIES),
        (
            r"\b(?:ICE|Service)\s+Processing\s+Center\b|\bImmigration\s+Detention\b",
            re.I,
            "ICE facility",
        ),
        # An ERO field office, or "Director, Newark Field Office" as a respondent: in district
        # court captions a field office with a director is overwhelmingly an ICE field office (the
        # custodian in detention habeas). Other agencies' field offices are excluded by name.
        (
            r"\b(?P<name>ERO\s+(?:[A-Z][a-z]+\s+){0,2}Field\s+Office)\b",
            0,
            "ICE field office ({name})",
        ),
        (
            r"\bDirector,?\s+(?:of\s+)?(?:the\s+)?(?P<name>(?:(?!" + _OTHER_FIELD_OFFICES + r")"
            r"[A-Z][A-Za-z.\-]+\s+){1,3}Field\s+Office)\b",
            0,
            "ICE field office ({name})",
        ),
    )
)

# Any mention of the word in a caption ("American Immigration Council v. ...").
IMMIGRATION_KEYWORD = re.compile(r"\bImmigra(?:tion|nts?)\b|\bAsylum\b|\bRefugees?\b", re.I)

# Generic government parties (federal, state, local) used to tell who a movant is.
_GOV_GENERIC = (
    r"^\s*(?:the\s+)?(?:USA|U\.\s?S\.\s?A\.|U\.\s?S\.|US)\b(?!\s+(?:Bank|Airways|Foods|Steel))",
    r"\bUnited\s+States\b(?!\s+(?:Steel|Fire|Fidelity|Surgical|Sugar|Gypsum|Cellular|Liability|"
    r"Lines|Tobacco|Polo|Shoe))",
    r"\b(?:the\s+)?Government\b",
    r"\bFederal\s+(?:Government|Defendants?|Respondents?|Bureau|Agenc(?:y|ies)|Parties)\b",
    r"\b(?:Department|Dep't|Dept\.?)\s+of\s+(?:Homeland|Justice|State|Health|Labor|the\s+Treasury|"
    r"Treasury|Defense|Veterans|Education|Agriculture|Commerce|the\s+Interior|Interior|Energy|"
    r"Transportation|Housing|Corrections)\b",
    r"\bBureau\s+of\s+(?:Prisons|Alcohol|Investigation|Indian|Land)\b",
    r"\b(?:FBI|DEA|ATF|BOP|IRS|SSA|HHS|DOJ|DOS|USPS|FEMA|OPM)\b",
    r"\bAttorney\s+General\b|\bU\.?\s?S\.?\s+Attorney\b|\bUnited\s+States\s+Attorney\b|\bAUSA\b",
    r"\bSecretary\s+of\b|\bCommissioner\s+of\b|\bField\s+Office\b|\bWarden\b|\bSheriff\b",
    r"\bU\.?\s?S\.?\s+Marshals?\b|\bProbation\s+Office\b|\bPretrial\s+Services\b",
    r"\b(?:State|Commonwealth|People)\s+of\s+(?:the\s+State\s+of\s+)?[A-Z]",
    r"\bCounty\s+of\b|\bCity\s+of\b|\bDistrict\s+of\s+Columbia\b",
    r"\bCounty\s+(?:Sheriff|Jail|Correctional|Detention|Board|Commissioners|Department)\b",
    r"\bExecutive\s+Office\b|\bSocial\s+Security\s+Administration\b",
)
GOV_GENERIC = re.compile("|".join(f"(?:{p})" for p in _GOV_GENERIC), re.I)

_SURNAMES = sorted({o.surname for o in OFFICIALS})
SURNAME_PATTERN = re.compile(r"\b(" + "|".join(map(re.escape, _SURNAMES)) + r")\b")


def officials_named(surname: str) -> list[Official]:
    """Every officeholder with this surname (``Johnson`` is both DHS and ICE)."""
    return [o for o in OFFICIALS if o.surname == surname]


def full_name_pattern(official: Official) -> re.Pattern[str]:
    """``Chad F. Wolf`` / ``Chad Wolf`` / ``Wolf, Chad`` for one officeholder."""
    firsts = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in official.first_names)
    name = re.escape(official.surname)
    return re.compile(rf"\b(?:{firsts})\s+(?:[A-Z]\.\s+)?{name}\b|\b{name},\s+(?:{firsts})\b", re.I)


FULL_NAMES: tuple[tuple[Official, re.Pattern[str]], ...] = tuple(
    (o, full_name_pattern(o)) for o in OFFICIALS
)
