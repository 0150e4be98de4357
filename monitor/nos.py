"""Civil nature-of-suit codes (the JS 44 civil cover sheet) and their labels.

Sources disagree on the form: GovInfo MODS gives the code and the label apart
(`463` + `Habeas Corpus - Alien Detainee`), PACER dockets give both in one string
(`463 Habeas Corpus - Alien Detainee`), CourtListener usually only the label, sometimes with a
category prefix (`Prisoner: Habeas Corpus - Alien Detainee`) or a different spelling
(`Naturalization, Petition For Hearing of Denial` for 462). `nos_code_for` recovers the code
from any of them; it returns "" rather than guess when a label is ambiguous or unknown.
"""

from __future__ import annotations

import re

NATURE_OF_SUIT = {
    "110": "Insurance",
    "120": "Marine",
    "130": "Miller Act",
    "140": "Negotiable Instrument",
    "150": "Recovery of Overpayment & Enforcement of Judgment",
    "151": "Medicare Act",
    "152": "Recovery of Defaulted Student Loans",
    "153": "Recovery of Overpayment of Veteran's Benefits",
    "160": "Stockholders' Suits",
    "190": "Other Contract",
    "195": "Contract Product Liability",
    "196": "Franchise",
    "210": "Land Condemnation",
    "220": "Foreclosure",
    "230": "Rent Lease & Ejectment",
    "240": "Torts to Land",
    "245": "Tort Product Liability",
    "290": "All Other Real Property",
    "310": "Airplane",
    "315": "Airplane Product Liability",
    "320": "Assault, Libel & Slander",
    "330": "Federal Employers' Liability",
    "340": "Marine",
    "345": "Marine Product Liability",
    "350": "Motor Vehicle",
    "355": "Motor Vehicle Product Liability",
    "360": "Other Personal Injury",
    "362": "Personal Injury - Medical Malpractice",
    "365": "Personal Injury - Product Liability",
    "367": "Health Care/Pharmaceutical Personal Injury Product Liability",
    "368": "Asbestos Personal Injury Product Liability",
    "370": "Other Fraud",
    "371": "Truth in Lending",
    "375": "False Claims Act",
    "376": "Qui Tam (31 USC 3729(a))",
    "380": "Other Personal Property Damage",
    "385": "Property Damage Product Liability",
    "400": "State Reapportionment",
    "410": "Antitrust",
    "422": "Appeal 28 USC 158",
    "423": "Withdrawal 28 USC 157",
    "430": "Banks and Banking",
    "440": "Other Civil Rights",
    "441": "Voting",
    "442": "Employment",
    "443": "Housing/Accommodations",
    "445": "Americans with Disabilities - Employment",
    "446": "Americans with Disabilities - Other",
    "448": "Education",
    "450": "Commerce",
    "460": "Deportation",
    "462": "Naturalization Application",
    "463": "Habeas Corpus - Alien Detainee",
    "465": "Other Immigration Actions",
    "470": "Racketeer Influenced and Corrupt Organizations",
    "480": "Consumer Credit",
    "485": "Telephone Consumer Protection Act",
    "490": "Cable/Sat TV",
    "510": "Motions to Vacate Sentence",
    "530": "General",
    "535": "Death Penalty",
    "540": "Mandamus & Other",
    "550": "Civil Rights",
    "555": "Prison Condition",
    "560": "Civil Detainee - Conditions of Confinement",
    "610": "Agriculture",
    "620": "Other Food & Drug",
    "625": "Drug Related Seizure of Property",
    "690": "Other",
    "710": "Fair Labor Standards Act",
    "720": "Labor/Management Relations",
    "740": "Railway Labor Act",
    "751": "Family and Medical Leave Act",
    "790": "Other Labor Litigation",
    "791": "Employee Retirement Income Security Act",
    "820": "Copyright",
    "830": "Patent",
    "835": "Patent - Abbreviated New Drug Application",
    "840": "Trademark",
    "880": "Defend Trade Secrets Act of 2016",
    "861": "HIA (1395ff)",
    "862": "Black Lung (923)",
    "863": "DIWC/DIWW (405(g))",
    "864": "SSID Title XVI",
    "865": "RSI (405(g))",
    "870": "Taxes (U.S. Plaintiff or Defendant)",
    "871": "IRS-Third Party 26 USC 7609",
    "890": "Other Statutory Actions",
    "891": "Agricultural Acts",
    "893": "Environmental Matters",
    "895": "Freedom of Information Act",
    "896": "Arbitration",
    "899": "Administrative Procedure Act/Review or Appeal of Agency Decision",
    "950": "Constitutionality of State Statutes",
}

# Other spellings seen in dockets and MODS records, normalised (see `_key`).
ALIASES = {
    "alien detainee": "463",
    "prisoner habeas corpus alien detainee": "463",
    "naturalization petition for hearing of denial": "462",
    "naturalization": "462",
    "other immigration actions": "465",
    "immigration other": "465",
    "civil rico": "470",
    "prisoner civil rights us defendant": "550",
    "prisoner petitions habeas corpus": "530",
    "prisoner petitions mandamus and other": "540",
    "freedom of information act of 1974": "895",
}
_CODE_PREFIX = re.compile(r"^\s*(\d{3})\b")
# Labels shared by several codes (e.g. "Marine" is 120 and 340): never resolved from the label.
_AMBIGUOUS = {"marine", "other", "general", "civil rights"}


def _key(label: str) -> str:
    label = re.sub(r"^(?:prisoner|prisoner petitions|immigration)\s*:\s*", "", label.lower())
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", label).split())


_BY_LABEL = {_key(label): code for code, label in NATURE_OF_SUIT.items()}


def nos_code_for(nature_of_suit: str | None) -> str:
    """The 3-digit code of a nature-of-suit string (`463 Habeas ...`, a label, an alias)."""
    if not nature_of_suit:
        return ""
    match = _CODE_PREFIX.match(nature_of_suit)
    if match:
        return match.group(1) if match.group(1) in NATURE_OF_SUIT else ""
    key = _key(nature_of_suit)
    if key in _AMBIGUOUS:
        return ""
    return _BY_LABEL.get(key) or ALIASES.get(key) or ""
