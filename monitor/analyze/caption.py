"""Caption of an order: court, case number, short case name, judge, signing and filing dates.

Only what the text states is returned; anything else is ``""`` (never guessed). The raw text is
read for the clerk's FILED stamp and the CM/ECF page header (``Filed 03/12/18``), which
:func:`monitor.analyze.normalize.normalize` removes; everything else comes from normalised text.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from monitor import fastre
from monitor.analyze.normalize import split_stamp
from monitor.judges import judge_from_docket_text

__all__ = ["read_caption", "court_id_for", "parse_date", "title_case"]

_STATES = {
    "alabama": "al", "alaska": "ak", "arizona": "az", "arkansas": "ar", "california": "ca",
    "colorado": "co", "connecticut": "ct", "delaware": "de", "district of columbia": "dc",
    "columbia": "dc", "florida": "fl", "georgia": "ga", "hawaii": "hi", "idaho": "id",
    "illinois": "il", "indiana": "in", "iowa": "ia", "kansas": "ks", "kentucky": "ky",
    "louisiana": "la", "maine": "me", "maryland": "md", "massachusetts": "ma", "michigan": "mi",
    "minnesota": "mn", "mississippi": "ms", "missouri": "mo", "montana": "mt", "nebraska": "ne",
    "nevada": "nv", "new hampshire": "nh", "new jersey": "nj", "new mexico": "nm",
    "new york": "ny", "north carolina": "nc", "north dakota": "nd", "ohio": "oh",
    "oklahoma": "ok", "oregon": "or", "pennsylvania": "pa", "rhode island": "ri",
    "south carolina": "sc", "south dakota": "sd", "tennessee": "tn", "texas": "tx", "utah": "ut",
    "vermont": "vt", "virginia": "va", "washington": "wa", "west virginia": "wv",
    "wisconsin": "wi", "wyoming": "wy", "puerto rico": "pr", "guam": "gu",
    "virgin islands": "vi", "the virgin islands": "vi", "northern mariana islands": "nmi",
    "the northern mariana islands": "nmi",
}  # fmt: skip
_DIVISIONS = {"northern": "n", "southern": "s", "eastern": "e", "western": "w", "central": "c",
              "middle": "m"}  # fmt: skip
_CIRCUITS = {
    "first": "ca1", "second": "ca2", "third": "ca3", "fourth": "ca4", "fifth": "ca5",
    "sixth": "ca6", "seventh": "ca7", "eighth": "ca8", "ninth": "ca9", "tenth": "ca10",
    "eleventh": "ca11", "district of columbia": "cadc", "d.c.": "cadc", "federal": "cafc",
}  # fmt: skip
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_MONTH_RE = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE_RE = (
    r"(?:" + _MONTH_RE + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:day\s+of\s+)?" + _MONTH_RE + r",?\s+\d{4}"
    r"|\d{1,2}/\d{1,2}/\d{2}(?:\d{2})?|\d{4}-\d{2}-\d{2})"
)

_COURT_DISTRICT = fastre.compile(
    r"\b(?:UNITED\s+STATES|U\.\s?S\.)\s+(?P<kind>DISTRICT|BANKRUPTCY)\s+COURT\b[\s,]*"
    r"(?:FOR\s+)?(?:THE\s+)?(?P<div>NORTHERN|SOUTHERN|EASTERN|WESTERN|CENTRAL|MIDDLE)?\s*"
    r"DISTRICT\s+OF\s+(?P<state>(?:THE\s+)?[A-Z]+(?:\s+(?:[A-Z]+))?)",
    re.IGNORECASE,
)
_COURT_APPEALS = fastre.compile(
    r"\b(?:UNITED\s+STATES\s+)?COURT\s+OF\s+APPEALS\s+FOR\s+THE\s+"
    r"(?P<circ>FIRST|SECOND|THIRD|FOURTH|FIFTH|SIXTH|SEVENTH|EIGHTH|NINTH|TENTH|ELEVENTH|"
    r"DISTRICT\s+OF\s+COLUMBIA|D\.C\.|FEDERAL)\s+CIRCUIT\b",
    re.IGNORECASE,
)
_CASE_NUMBER = re.compile(
    r"(?<![\w/])(?:(?P<prefix>(?-i:[A-Z]{2}))-)?(?:(?P<office>\d{1,2}):)?(?P<yy>\d{2})-?(?P<type>cv|cr|mc|mj|md|ml|po|sw|ap|bk|"
    r"hc|dp)-?(?P<num>\d{1,6})(?![\d])",
    re.IGNORECASE,
)
_CASE_LABEL = re.compile(
    r"\b(?:Case|Civil\s+Action|Civil\s+Case|Criminal\s+Case|Misc\.?|Docket)?\s*"
    r"(?:No|Number|Nos)\.?\s*:?\s*",
    re.IGNORECASE,
)
# caption.type_first_number: D. Ariz. and W.D. Okla. put the case type first: ``CV-25-01877-PHX-
# IBS``, ``CR-24-00412-TUC-RM``, ``CIV-13-1115-D``. Read as ``2:25-cv-01877``: the Arizona
# division names its office number (Phoenix 2, Prescott 3, Tucson 4); no office otherwise.
_TYPE_FIRST = re.compile(
    r"(?<![\w/-])(?P<type>CV|CIV|CR|MC|MJ)-(?P<yy>\d{2})-(?P<num>\d{1,6})"
    r"(?:-(?P<div>PHX|PCT|TUC))?(?![\d])"
)
_DIVISION_OFFICE = {"PHX": "2", "PCT": "3", "TUC": "4"}
# N.D. Ill. prints its numbers as ``No. 25 C 3321`` (``25 CV 3321``, ``25 CR 41``).
_ILL_NO = re.compile(r"\bNo\.?\s*:?\s*(\d{2})\s+(C|CV|CR|MC)\s+(\d{1,6})\b")
_APPELLATE_NO = fastre.compile(r"\bNos?\.\s*:?\s*(\d{2}-\d{3,5})\b")
# The number of the case below, cited in an appellate caption (``D.C. No. 3:25-cv-01990``).
_LOWER_LABEL = fastre.compile(
    r"\b(?:D\.\s?C\.|District\s+Court|Agency|BIA|Bankruptcy\s+Court)\s+(?:Case\s+)?Nos?\.\s*:?\s*$",
    re.IGNORECASE,
)
# A page footer or header with the filing date but no ``Case … Document`` prefix:
# ``Filed 04/02/26``, ``Document 31 Filed 04/02/26 Page 2 of 3``.
_FOOTER_FILED = re.compile(
    r"^[ \t]*(Document\s+\d+[ \t]+)?Filed[ \t]+(\d{1,2}/\d{1,2}/\d{2,4})\b", re.MULTILINE
)
_STAMP_END = fastre.compile(r"(?:IN\s+THE\s+|UNITED\s+STATES\b|ORDER\b)", re.IGNORECASE)
# `[ \t]*`, not `\s*`: a run of blank lines made every line start backtrack over the rest.
_HEADER_CASE = re.compile(
    r"^[ \t]*Case\s+(\S+)\s+Document\s+\d+.*?Filed\s+(\d{1,2}/\d{1,2}/\d{2,4})",
    re.IGNORECASE | re.MULTILINE,
)
# A party's role, possibly compound on appeal or in hybrid cases: ``Petitioner-Appellee``,
# ``Petitioners-Plaintiffs``, ``Respondents-Appellants``, ``Defendants-Appellees``.
_ROLE_SUFFIX = (
    r"(?:-(?:Cross-)?(?:Appellants?|Appellees?|Plaintiffs?|Petitioners?|Defendants?|"
    r"Respondents?|Intervenors?))*"
)
_PARTY_ROLE = (
    r"(?:Plaintiffs?|Petitioners?|Appellants?|Movants?|Applicants?|Relators?)" + _ROLE_SUFFIX
)
_OTHER_ROLE = r"(?:Defendants?|Respondents?|Appellees?)" + _ROLE_SUFFIX
# ``v.``, ``vs.``, ``versus`` and the S.D.N.Y. forms ``-against-`` and ``-v-``.
_VERSUS = r"(?:-\s*(?:against|v\.?|vs\.?)\s*-|(?:v|vs|versus)\.?|against)"
_ROLE_V = re.compile(r"[,.]?\s+" + _PARTY_ROLE + r"\s*[,.]?\s+" + _VERSUS + r"\s*,?\s+")
_OTHER_END = re.compile(r"[,.]?\s+" + _OTHER_ROLE + r"\b")
_INLINE_CAPTION = re.compile(
    r"^(?P<left>[A-Z][^\n]{1,120}?)\s+v\.\s+(?P<right>[A-Z][^\n]{1,120}?)$", re.MULTILINE
)
# Whole words only: in a flattened ``DISTRICT OF MINNESOTA Harrowgate Mutual ...`` the heading
# ends before the party's initial capital.
_HEADING_END = re.compile(
    r"(?:DISTRICT\s+OF\s+(?:THE\s+)?[A-Z]+\b(?:\s+[A-Z]+\b)?|CIRCUIT|DIVISION)\s*",
)
# Words that make a party an organisation (kept whole) rather than an individual (surname only).
# Bounded by letters, hyphens and apostrophes on both sides, so ``AL-SAYED`` is no ``al``.
_ORG_WORDS = re.compile(
    r"(?<![\w\-'])(?:inc|llc|l\.l\.c|corp|corporation|co|company|ltd|lp|llp|association|assn|union|"
    r"center|centre|council|coalition|project|services?|department|dep't|dept|agency|office|"
    r"bureau|states|state|county|city|commission|committee|board|university|school|hospital|"
    r"church|foundation|fund|group|network|alliance|institute|society|organization|trust|"
    r"bank|press|times|post|news|media|partners|clinic|lado|immigration|customs|security|"
    r"enforcement|citizenship|america|government|administration|republic|advocates?|advocacy|"
    r"legal|justice|rights|aid|collective|defenders?|initiative|programs?|partnership|refugees?|"
    r"immigrants?|workers|families|communities|community|comunidad|unidos|ministries|"
    r"cooperative|federation|centro|et\s+al)(?![\w\-'])",
    re.IGNORECASE,
)
_PERSON_TITLE = re.compile(
    r"^\s*,?\s*(?:acting\s+|former\s+|deputy\s+|assistant\s+|chief\s+|senior\s+)*"
    r"(?:secretary|director|attorney\s+general|warden|commissioner|administrator|president|"
    r"field\s+office|sheriff|officer|agent|judge|in\s+(?:his|her|their)\s+official|"
    r"individually|as\s+|an\s+individual|jailer|superintendent|chief)",
    re.IGNORECASE,
)
# Surname particles kept with the surname (``MARY DE ANDA-YBARRA`` → ``De Anda-Ybarra``). Not
# ``van`` or ``le``: Vietnamese middle names (``THANH VAN NGUYEN`` → ``Nguyen``).
_PARTICLES = {"de", "del", "della", "di", "da", "dos", "das", "von", "la", "los", "las"}
_SMALL = {"of", "the", "and", "for", "in", "on", "at", "to", "de", "del", "la", "v.", "a", "an"}
_NAME_TOKEN = r"(?:[A-Z\u00c0-\u00de][\w'\-]+|[A-Z]\.)"
# A judge's title after the name, in any case: ``United States Magistrate Judge``, ``UNITED
# STATES DISTRICT JUDGE``, ``Circuit Judges``, ``U.S.D.J.`` (``U.S.M.J.``, ``U.S.B.J.``), ``Chief
# Judge`` (whose kind follows from the court, see :func:`_role_of`).
_JUDGE_ROLE = (
    r"(?:(?i:(?:(?:Chief|Senior|Presiding)\s+)?(?:United\s+States\s+|U\.\s?S\.\s+)?"
    r"(?:(?:Chief|Senior)\s+)?(?P<role>Magistrate|District|Circuit|Bankruptcy)\s+(?:Court\s+)?"
    r"Judge(?P<pl>s)?)"
    r"|U\.\s?S\.\s?(?P<abbr>[DMB])\.\s?J\.|(?P<chief>Chief\s+Judge|CHIEF\s+JUDGE)\b)"
)
_ABBR_ROLE = {"D": "district", "M": "magistrate", "B": "bankruptcy"}
_JUDGE_PATTERNS = [
    re.compile(r"\bSigned\s+by\s+(?:(?:Chief|Senior)\s+)?(?:(?P<role>Magistrate|District|"
               r"Circuit|Bankruptcy)\s+)?Judge\s+(?P<name>" + _NAME_TOKEN + r"(?:\s+"
               + _NAME_TOKEN + r"){1,4})"),
    re.compile(r"\bHon(?:orable|\.)\s+(?P<name>" + _NAME_TOKEN + r"(?:\s+" + _NAME_TOKEN
               + r"){1,4}?)\s*,?\s+" + _JUDGE_ROLE),
]  # fmt: skip
_ROLE_ONLY = re.compile(r"(?P<sep>\s*,?\s+)" + _JUDGE_ROLE)
# A name runs over spaces and single line breaks, never over a blank line: a place line above
# the signature (``Alexandria, Virginia`` / blank / ``Winifred B. Pendergast``) is no part of it.
_NAME_BEFORE = re.compile(
    r"(?<![\w'\-])(?P<name>"
    + _NAME_TOKEN
    + r"(?:(?:[ \t]+|[ \t]*\n(?![ \t]*\n)[ \t]*)"
    + _NAME_TOKEN
    + r"){1,4})$"
)
# judge.hon_any_case: a flattened caption prints ``HON. GRETCHEN A. LARK`` as well as
# ``Honorable``; the title matches in any case.
_HON = fastre.compile(r"\b(?i:Hon(?:orable|\.))\s+(?P<name>" + _NAME_TOKEN + r"(?:\s+" + _NAME_TOKEN
                      + r"){1,4})(?P<colon>:)?")  # fmt: skip
# judge.initial_ends_name: after a middle initial only the surname follows (``Desmond K.
# Lark``); further capitalised words are the next line of a flattened caption (a party:
# ``Desmond K. Lark Kettle Systems, Inc.``), unless a suffix (``Jr.``, ``III``) ends the name.
_SUFFIX = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
# judge.column_signature: a signature block in two columns (date and place on the left, the
# judge's name and title on the right) interleaves when flattened; read on the raw lines: a
# right-hand name over a right-hand ``UNITED STATES BANKRUPTCY JUDGE``.
_COLUMN_SIGNATURE = re.compile(
    r"(?m)^[^\n]*?\S[ \t]{3,}(?P<name>" + _NAME_TOKEN + r"(?:[ \t]+" + _NAME_TOKEN + r"){1,3})"
    r"[ \t]*\n[^\n]*?\S[ \t]{3,}(?:(?i:United\s+States|U\.\s?S\.)\s+)?(?:(?i:Chief|Senior)\s+)?"
    r"(?P<role>(?i:Bankruptcy|District|Magistrate|Circuit))\s+(?i:Judge)[ \t]*$"
)
_NAME_STOP = {
    "it", "is", "so", "ordered", "dated", "date", "hon", "hon.", "honorable", "the", "judge",
    "signed", "entered", "by", "court", "order", "orders", "and", "united", "states",
    # words of a caption or a title that run into the judge's line on case-law pages
    "case", "seal", "under", "opinion", "memorandum", "civil", "action", "no", "no.",
    "capital", "denying", "granting", "not", "for", "publication",
}  # fmt: skip
# The author's line of an opinion, surname only: ``GETTLEMAN, District Judge.``, ``LARSEN,
# CIRCUIT JUDGE``, ``MEMORANDUM ABERNETHY-VOSS, District Judge.`` (a case-law page joins the
# title and the author's line), the Pennsylvania and state-court style ``ZELLWEGER, J.``
# (``C.J.`` for a chief judge; the court decides the kind); and ``Opinion for the Court filed by
# Circuit Judge WALD.``
_AUTHOR_SURNAME = re.compile(
    r"(?:^[ \t]*|(?<=[a-z\d)]\. )|(?<=OPINION )|(?<=ORDER )|(?<=ORDER: )|(?<=MEMORANDUM ))"
    r"(?P<name>[A-Z][A-Z'\-]{2,}),\s+(?:(?:(?i:chief|senior)\s+)?"
    r"(?P<role>(?i:magistrate|district|circuit|bankruptcy))\s+(?i:judge)\b(?!s)"
    r"|(?:C\.\s?)?J\.(?!\w))",
    re.MULTILINE,
)
# judge.author_full_name: the signature often repeats the author's full name (``/s/ Ingrid S.
# Zellweger`` under ``ZELLWEGER, J.``): one or two given names or initials before the surname,
# looked for only after the author's line (a panel listed above it is not the signature).
_GIVEN = r"(?:[A-Z][a-z\u00e0-\u00ff'\-]+|[A-Z]\.)"
_GIVEN_UPPER = r"(?:[A-Z][A-Z'\-]+|[A-Z]\.)"
_FILED_BY = fastre.compile(
    r"\b(?:opinion|order)\s+(?:for\s+the\s+court\s+)?filed\s+by\s+(?:Chief\s+|Senior\s+)?"
    r"(?P<role>Circuit|District)\s+Judge\s+(?P<name>[A-Z][A-Za-z'\-]+)\b",
    re.IGNORECASE,
)
# judge.caption_box: the judge assigned to the case, printed in the caption's right-hand column
# beside the case number (bankruptcy courts: ``In re: ) Case No. 23-51877 ) ... ) Judge Ann
# Lee )``); a column bar (``)``, ``|``, ``§``) or the line's end must close the name, so a
# sentence that names a judge ("as Judge Ann Lee explained") is no caption. Read in the head
# only, and only after the order's own signature and author lines.
_CAPTION_BOX_JUDGE = re.compile(
    r"(?:^|[)|\u00a7:][ \t]*)(?:(?:Chief|Senior)[ \t]+)?(?:(?P<role>Bankruptcy|District|Magistrate)"
    r"[ \t]+)?Judge[ \t]*:?[ \t]+(?P<name>"
    + _NAME_TOKEN
    + r"(?:[ \t]+"
    + _NAME_TOKEN
    + r"){1,3})[ \t]*(?=[)|\u00a7]|$)",
    re.MULTILINE,
)
# A judge named in an ``Appeal from ...`` line is the lower court's.
_APPEAL_FROM = fastre.compile(r"\bappeal\s+from\b", re.IGNORECASE)
# The docket text a case-law page prints above the order ends where the order's caption begins.
_CAPTION_START = fastre.compile(
    r"\b(?:IN\s+THE\s+UNITED\s+STATES|UNITED\s+STATES\s+(?:DISTRICT|BANKRUPTCY)\s+COURT"
    r"|(?:UNITED\s+STATES\s+)?COURT\s+OF\s+APPEALS)\b",
    re.IGNORECASE,
)
_SIGNED_DATE = re.compile(
    r"\b(?:Dated|DATED|Date|DATE|Signed|SIGNED|Entered|ENTERED|ORDERED|Ordered|Decided|DECIDED)"
    r"\b[^\n]{0,60}?(?P<date>" + _DATE_RE + r")",
)
_THIS_DAY = re.compile(
    r"\b(?i:this)\s+(?P<date>\d{1,2}(?:st|nd|rd|th)?\s+(?i:day)\s+of\s+" + _MONTH_RE
    + r",?\s+\d{4})"
)  # fmt: skip
_ROLE_DATE = fastre.compile(_JUDGE_ROLE + r"[\s,.;]*(?:(?:Dated|Date|Signed)\s*:?\s*)?(?P<date>"
                            + _DATE_RE + r")")  # fmt: skip
# A closing paragraph that is only a date, perhaps with the place of signing before or after it.
_PLACE = (
    r"[A-Z][A-Za-z.'\-]*(?:\s+[A-Z][A-Za-z.'\-]*){0,3},\s+[A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*)?"
)
# A signature block joined into one paragraph may follow the date: ``Alexandria, Virginia
# November 14, 2025 William E. Fitzpatrick United States Magistrate Judge``.
_PLACE_DATE = re.compile(
    r"^(?:" + _PLACE + r",?\s+)?(?P<date>" + _DATE_RE + r")(?:,?\s+" + _PLACE + r")?"
    r"(?:\s+(?:" + _NAME_TOKEN + r"\s+){1,8}?" + _JUDGE_ROLE + r")?\.?[ ]*$",
    re.MULTILINE,
)
_DAY_OF = re.compile(
    r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+day\s+of\s+(?P<month>"
    + _MONTH_RE
    + r"),?\s+(?P<year>\d{4})",
    re.IGNORECASE,
)
_STAMP_DATE = fastre.compile(
    r"(?P<month>" + _MONTH_RE + r")\s+(?P<day>\d{1,2})\b(?:,?\s+(?P<year>\d{4}))?"
    r"|(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{2,4})",
    re.IGNORECASE,
)


def title_case(name: str) -> str:
    """``AL OTRO LADO`` → ``Al Otro Lado``; mixed-case input is returned unchanged."""
    if any(c.islower() for c in name):
        return name
    words = []
    for i, word in enumerate(name.split()):
        low = word.lower()
        if i and low in _SMALL:
            words.append(low)
        elif re.fullmatch(r"(?:[A-Z]\.){2,}", word) or word in {
            "LLC",
            "LLP",
            "USA",
            "ICE",
            "II",
            "III",
            "IV",
            "DHS",
            "CBP",
        }:
            words.append(word)
        elif re.fullmatch(r"[A-Z]\.", word):
            words.append(word)
        else:
            parts = re.split(r"([\-'])", low)
            words.append("".join(p[:1].upper() + p[1:] for p in parts))
    return " ".join(words)


def parse_date(value: str) -> str:
    """One date in any of the forms orders use → ISO ``YYYY-MM-DD``; ``""`` if unreadable."""
    value = value.strip()
    try:
        m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
        if m:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})", value)
        if m:
            year = int(m[3])
            year = year + 2000 if year < 70 else year + 1900 if year < 100 else year
            return date(year, int(m[1]), int(m[2])).isoformat()
        m = _DAY_OF.search(value)
        if m:
            month = _MONTHS[m["month"].rstrip(".").lower()]
            return date(int(m["year"]), month, int(m["day"])).isoformat()
        m = re.fullmatch(
            r"(" + _MONTH_RE + r")\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", value, re.I
        )
        if m:
            return date(int(m[3]), _MONTHS[m[1].rstrip(".").lower()], int(m[2])).isoformat()
        m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\s+(" + _MONTH_RE + r"),?\s+(\d{4})", value,
                         re.I)  # fmt: skip
        if m:
            return date(int(m[3]), _MONTHS[m[2].rstrip(".").lower()], int(m[1])).isoformat()
    except (ValueError, KeyError):
        return ""
    return ""


@lru_cache(maxsize=1)
def _known_courts() -> frozenset[str]:
    try:
        from monitor.courts import _federal_records

        return frozenset(_federal_records())
    except Exception:  # courts-db missing: accept the derived ids as they are
        return frozenset()


def court_id_for(name: str) -> str:
    """``SOUTHERN DISTRICT OF CALIFORNIA`` / ``Court of Appeals for the Ninth Circuit`` → id."""
    m = _COURT_APPEALS.search(name)
    if m:
        return _CIRCUITS.get(re.sub(r"\s+", " ", m["circ"].lower()), "")
    m = re.search(
        r"\b(?P<div>northern|southern|eastern|western|central|middle)?\s*district\s+of\s+"
        r"(?P<state>[a-z .]+)",
        name,
        re.IGNORECASE,
    )
    if not m:
        return ""
    state_words = re.sub(r"\s+", " ", m["state"].lower()).strip(" .")
    code = ""
    words = state_words.split()
    for n in (4, 3, 2, 1):  # longest state name that the text starts with
        if _STATES.get(" ".join(words[:n])):
            code = _STATES[" ".join(words[:n])]
            break
    if not code:
        return ""
    div = _DIVISIONS.get((m["div"] or "").lower(), "")
    cid = f"{code}{div}d"
    if "bankruptcy" in name.lower():
        cid = f"{code}{div}b"
    known = _known_courts()
    if known and cid not in known:
        return ""
    return cid


def _court_name(cid: str) -> str:
    if not cid:
        return ""
    try:
        from monitor.courts import court

        return court(cid).short_name
    except Exception:
        return cid


def _find_court(head: str) -> str:
    m = _COURT_DISTRICT.search(head)
    if m:
        return court_id_for(m.group(0))
    m = _COURT_APPEALS.search(head)
    if m:
        return court_id_for(m.group(0))
    return ""


def _case_number(text: str, head: str, raw: str, appellate: bool = False) -> str:
    def fmt(m: re.Match) -> str:
        office = f"{int(m['office'])}:" if m["office"] else ""
        office = f"{m['prefix']}-{office}" if m["prefix"] else office
        return f"{office}{m['yy']}-{m['type'].lower()}-{int(m['num']):05d}"

    if appellate:  # a court of appeals' order: its own number, not the lower court's
        for m in _APPELLATE_NO.finditer(head):
            if not _LOWER_LABEL.search(head, max(0, m.start() - 20), m.start()):
                return m.group(1)
    for m in _CASE_NUMBER.finditer(head):
        before = head[max(0, m.start() - 30) : m.start()]
        if _CASE_LABEL.search(before) and not _LOWER_LABEL.search(before):
            return fmt(m)
    m = _HEADER_CASE.search(raw)
    if m:
        n = _CASE_NUMBER.search(m.group(1))
        if n:
            return fmt(n)
    m = _TYPE_FIRST.search(head)
    if m:
        office = _DIVISION_OFFICE.get(m["div"] or "", "")
        kind = "cv" if m["type"] == "CIV" else m["type"].lower()
        return f"{office + ':' if office else ''}{m['yy']}-{kind}-{int(m['num']):05d}"
    m = _CASE_NUMBER.search(head)
    if m:
        return fmt(m)
    m = _ILL_NO.search(head)
    if m:
        return f"{m[1]} {m[2]} {m[3]}"
    m = _APPELLATE_NO.search(head)
    return m.group(1) if m else ""


def _short_party(segment: str) -> str:
    """First named party of one side, short form (``KIRSTEN NIELSEN, Secretary…`` → ``Nielsen``)."""
    segment = re.sub(r"\s+", " ", segment).strip(" ,;.")
    segment = re.sub(r"^(?:and\s+)?", "", segment)
    first, _, after = segment.partition(",")
    first = first.strip()
    first = re.sub(r"\s+et\s+al\.?$", "", first, flags=re.I).strip()
    if not first:
        return ""
    if first.upper().startswith("UNITED STATES OF AMERICA"):
        return "United States"
    words = first.split()
    person = (
        len(words) in (2, 3, 4)
        and not _ORG_WORDS.search(first)
        and not re.match(r"\s*(?:inc|llc|corp|ltd|co)\b", after, re.I)
        and (bool(_PERSON_TITLE.match(after)) or not after.strip() or len(words) <= 3)
        and not re.fullmatch(r"(?:[A-Z]\.){2,}[A-Z]?\.?", first.replace(" ", ""))
    )
    if person and re.match(r"\s*(?:inc|llc|corp|ltd|co)\b", after, re.I) is None:
        last = words[-1]
        if last.rstrip(".").upper() in {"JR", "SR", "II", "III", "IV"} and len(words) > 2:
            last = words[-2]
        else:
            i = len(words) - 1
            while i > 1 and words[i - 1].lower() in _PARTICLES:
                i -= 1
            last = " ".join(words[i:])
        return title_case(last.strip(","))
    return title_case(first)


# Fragments of the right-hand column of a side-by-side caption that text extraction (CM/ECF,
# pdftotext) interleaves with the parties: the case number with its label and judges' initials
# (``Civil Action No. 2:25-cv-04417 (JXN)``, ``Case No.: 3:25-cv-02011-JO-DEB``, ``No. 25 C
# 3321``, a bare ``EP-25-CV-00312-DCG``), the ``§`` column of Texas captions, and the order's
# title set beside the parties (``ORDER GRANTING STIPULATED`` / ``MOTION TO SEAL``).
_COLUMN_FRAGMENT = re.compile(
    r"\s*(?:\b(?i:(?:(?:Case|Civil\s+Action|Civil\s+Case|Civil|Criminal\s+Case|Criminal|Misc\.?)\s+)?"
    r"(?:No|Nos|Number))\.?\s*:?\s*(?:[A-Z]{1,3}-)?\d[\w:\-]*(?:\s+(?:C|CV|CR|MC)\s+\d{1,6}\b)?"
    r"|(?<![\w/])(?:[A-Z]{2}-)?(?:\d{1,2}:)?\d{2}-?(?i:cv|cr|mc|mj)-?\d{1,6}(?:-[A-Z]{1,4})*\b)"
    r"(?:\s*\((?:[A-Z]{2,5}(?:\s*[/-]\s*[A-Z]{2,5})*)\))?"
    r"|\s*§"
    r"|\s*\bORDER\s+(?:GRANTING|DENYING|ON|RE:?|REGARDING)(?:\s+(?:IN\s+PART|AND|STIPULATED|"
    r"JOINT|UNOPPOSED|EX\s+PARTE|ADMINISTRATIVE))*\b"
    r"|\s*\b(?:MOTIONS?|APPLICATION|REQUEST)\s+(?:TO|FOR)\s+(?:FILE\s+(?:UNDER\s+SEAL\b)?|"
    r"LEAVE\s+TO\s+FILE\s+UNDER\s+SEAL\b)?\s*(?:SEAL|UNSEAL)?\b(?=[\s,]+(?:Defendants?|"
    r"Respondents?|Appellees?)\b)"
)
# The order's title, a paragraph of its own after the caption: ``ORDER``, ``MEMORANDUM AND
# ORDER ON …``, ``OPINION``. Text after it is no caption (``In re Globe Newspaper Co.`` cited).
_TITLE = re.compile(r"^(?:(?:MEMORANDUM|OPINION)\b[^\n]*|ORDER\b[^\n]*)$", re.MULTILINE)
_PLAIN_V = re.compile(r"\s+" + _VERSUS + r"\s*,?\s+")


def _caption_block(head: str) -> str:
    """The text before the order's title, with side-by-side column fragments cut out.

    caption.docket_line_above: a case-law page prints the docket text (``ORDER granting 41
    Motion ...; denying 43 Motion for Leave to File Under Seal.``) above the court's heading;
    that line is no title, so the title is looked for from the heading on.
    """
    court = _CAPTION_START.search(head)
    first = _TITLE.search(head)
    start = court.start() if court and first and first.start() < court.start() else 0
    title = _TITLE.search(head, start)
    if title and title.start() > 0:
        head = head[: title.start()]
    return _COLUMN_FRAGMENT.sub("", head)


def _case_name(head: str) -> str:
    head = _caption_block(head)
    role = _ROLE_V.search(head)
    if role is None:  # ``UNITED STATES OF AMERICA v. DANIEL OKAFOR, Defendant.``: no role before
        for m in _PLAIN_V.finditer(head):
            left = head[head.rfind("\n", 0, m.start()) + 1 : m.start()]
            if len(left) > 200 or left != left.upper() or not re.search("[A-Z]{2}", left):
                continue  # a caption's party in capitals, not a sentence citing a case
            if _OTHER_END.search(head, m.end(), min(len(head), m.end() + 600)):
                role = m
                break
    if role:
        para_start = head.rfind("\n", 0, role.start()) + 1
        left = head[max(para_start, role.start() - 400) : role.start()].rstrip(" ,.")
        other = _OTHER_END.search(head, role.end(), min(len(head), role.end() + 600))
        if other:
            right = head[role.end() : other.start()]
            ends = list(_HEADING_END.finditer(left))
            if ends and ends[-1].end() < len(left):
                left = left[ends[-1].end() :]
            left = re.sub(r"^.*?\b(?:IN\s+THE\s+MATTER\s+OF|IN\s+RE:?)\s+", "", left, flags=re.I)
            a, b = _short_party(left), _short_party(right)
            if a and b:
                return f"{a} v. {b}"
    for m in _IN_RE.finditer(head):
        # caption.in_re_cited: ``See In re Washington Post Co., 807 F.2d 383`` is an authority
        if _CITE_SIGNAL.search(head, max(0, m.start() - 12), m.start()) or _REPORTER.match(
            head, m.end()
        ):
            continue
        return "In re " + title_case(m.group(1).strip())
    return ""


_IN_RE = re.compile(r"\bIn\s+re:?\s+([A-Z][^,\n]{1,80}?)(?:,|\n|\s+(?:Case|No\.))")
_CITE_SIGNAL = fastre.compile(
    r"\b(?:see|also|cf\.|accord|in|and|citing|quoting)\s*$", re.IGNORECASE
)
_REPORTER = re.compile(r"\s*(?:Inc\.,?\s*)?\d{1,4}\s+[A-Z][\w.']*\s")


def _pick_name(tokens: list[str]) -> list[str]:
    """The judge's name at the end of a run of capitalised tokens: up to four tokens, middle
    names included (``JULIEN XAVIER NEALS``), in one style of case, so a typed signature before
    the printed name (``Julien Xavier Neals JULIEN XAVIER NEALS``) or ``ORDERED`` is left out."""
    while tokens and tokens[0].lower().rstrip(".:,") in _NAME_STOP:
        tokens = tokens[1:]
    if len(tokens) < 2:
        return []
    upper = tokens[-1].isupper()
    i = len(tokens) - 1
    while i > 0 and len(tokens) - i < 4:
        prev = tokens[i - 1]
        if prev.lower().rstrip(".:,") in _NAME_STOP or prev.lower() == tokens[-1].lower():
            break  # ``Greaves Nathaniel M. Greaves``: the name repeated
        if not re.fullmatch(r"[A-Z]\.", prev) and prev.isupper() != upper:
            break
        i -= 1
    return tokens[i:]


def _role_of(m: re.Match) -> str:
    """The kind of judge a :data:`_JUDGE_ROLE` match names; ``"chief"`` when the court decides."""
    if m["role"]:
        return m["role"].lower()
    if m["abbr"]:
        return _ABBR_ROLE[m["abbr"]]
    return "chief" if m["chief"] else ""


def _full_name(text: str, surname: str) -> str:
    """The author's full name where the text spells it out, in either case; else the surname."""
    for given, last in ((_GIVEN, re.escape(surname)), (_GIVEN_UPPER, re.escape(surname.upper()))):
        rx = r"(?<![\w'\-])((?:" + given + r"[ \t]+){1,2})" + last + r"(?![\w'\-])"
        for m in re.finditer(rx, text):
            words = m.group(1).split()
            if words[0].lower().rstrip(".:,") in _NAME_STOP or words[0].lower() in _TITLE_WORDS:
                continue
            return name_case(" ".join([*words, surname]))
    return surname


_TITLE_WORDS = {"justice", "chief", "senior", "magistrate", "district", "circuit", "mr.", "ms."}


def name_case(name: str) -> str:
    """A person's name in title case, keeping a middle initial: ``THEODORA V. KELLINGWORTH`` →
    ``Theodora V. Kellingworth`` (:func:`title_case` would read ``V.`` as "versus")."""
    words = title_case(name).split()
    raw = name.split()
    return " ".join(
        r if re.fullmatch(r"[A-Z]\.", r) else w for w, r in zip(words, raw, strict=True)
    )


def _docket_judge(text: str) -> tuple[str, str]:
    """The judge named by the docket text above the order (``Signed by Chief Judge ...``,
    ``ORDER by Judge ...``), read only up to where the order's caption starts."""
    head = text[:3000]
    m = _CAPTION_START.search(head)
    docket = head[: m.start()] if m else head[:1500]
    name, role = judge_from_docket_text(docket)
    if name and role == "unknown":
        first = re.escape(name.split()[0].rstrip("."))
        if re.search(r"\bChief\s+Judge\s+" + first, docket, re.IGNORECASE):
            role = "chief"  # the court says which kind (read_caption)
    return name, role


def _judge(text: str) -> tuple[str, str]:
    name, role = _docket_judge(text)
    if name:
        return name, role
    for pattern in _JUDGE_PATTERNS:
        for m in pattern.finditer(text):
            words = _pick_name(m["name"].split()) if pattern is _JUDGE_PATTERNS[1] else [
                w for w in m["name"].split()]  # fmt: skip
            while words and words[0].lower().rstrip(".:,") in _NAME_STOP:
                words.pop(0)
            if len(words) < 2 or words[-1].lower() in _NAME_STOP:
                continue
            if pattern is _JUDGE_PATTERNS[1] and m["pl"]:
                continue  # ``Circuit Judges``: a panel, no one judge
            role = (_role_of(m) if pattern is _JUDGE_PATTERNS[1] else m["role"] or "").lower()
            return name_case(" ".join(words)), role or "unknown"
    panel = ""
    for m in _ROLE_ONLY.finditer(text):
        if m["pl"]:
            panel = panel or m["role"].lower()
            continue
        before = _NAME_BEFORE.search(text, max(0, m.start() - 80), m.start())
        if not before:
            continue
        if _APPEAL_FROM.search(text, text.rfind("\n", 0, m.start()) + 1, m.start()):
            continue
        words = _pick_name(before["name"].split())
        if len(words) < 2 or words[-1].lower() in _NAME_STOP:
            continue
        return name_case(" ".join(words)), _role_of(m)
    for rx in (_AUTHOR_SURNAME, _FILED_BY):  # the author named by surname only
        m = rx.search(text)
        if m and m["name"].lower() not in _NAME_STOP:
            surname = title_case(m["name"].upper())
            return _full_name(text[m.end() :], surname), (m["role"] or "unknown").lower()
    body = re.search(
        r"\b(?:This\s+matter|Before\s+the\s+Court|THIS\s+MATTER|Pending)\b", text[:3000]
    )
    m = _CAPTION_BOX_JUDGE.search(text, 0, body.start() if body else 1500)
    if m and not any(w.lower().rstrip(".") in _NAME_STOP for w in m["name"].split()):
        return name_case(m["name"]), (m["role"] or "unknown").lower()
    if panel:
        return "", panel
    # A docket entry "before the Honorable NAME:" (colon-closed) names the judge exactly.
    hons = sorted(_HON.finditer(text), key=lambda m: not m["colon"])
    for m in hons:
        words = m["name"].split()
        initial = next((i for i, w in enumerate(words) if i and re.fullmatch(r"[A-Z]\.", w)), 0)
        if initial and len(words) > initial + 2 and words[initial + 2].lower() not in _SUFFIX:
            words = words[: initial + 2]
        cut = next((i for i, w in enumerate(words) if w.lower().rstrip(".:,") in _NAME_STOP), None)
        words = _pick_name(words[:cut] if cut else words)
        if len(words) >= 2:
            return name_case(" ".join(words)), "unknown"
    m = re.search(r"\b(?P<role>Magistrate|District|Circuit|Bankruptcy)\s+Judges?\b", text)
    if m:
        return "", m["role"].lower()
    return "", "unknown"


def _date_signed(text: str) -> str:
    """The date the order was signed: the last date given by a signing formula (``Dated:``,
    ``SIGNED on``, ``IT IS on this 11th day of April, 2026``), by a judge's title followed by a
    date, or by a closing paragraph that is only a date (``Alexandria, Virginia / April 1, 2026``).
    """
    found, pos = "", -1
    half = len(text) // 2
    for rx in (_SIGNED_DATE, _THIS_DAY, _ROLE_DATE, _PLACE_DATE):
        start = half if rx is _PLACE_DATE else 0
        for m in rx.finditer(text, start):
            iso = parse_date(m["date"])
            if iso and m.start("date") > pos:
                found, pos = iso, m.start("date")
    if not found:
        for m in re.finditer(r"(?:SO ORDERED|ORDERED)[^\n]{0,40}?(?P<date>" + _DATE_RE + ")", text,
                             re.IGNORECASE):  # fmt: skip
            found = parse_date(m["date"]) or found
    return found


def _stamp_block(stamp: str, raw: str) -> str:
    """The stamp, widened when :func:`split_stamp` kept only its first line.

    Two-column stamps (D. Ariz.: ``FILED  LODGED`` / ``RECEIVED  COPY`` / ``APR 14 2026`` /
    ``CLERK U S DISTRICT COURT``) put words beside ``FILED`` that end the stamp early; then the
    next few short lines of the raw text, up to the court's heading, belong to it as well.
    """
    if not stamp or _STAMP_DATE.search(stamp):
        return stamp
    first = stamp.split("\n", 1)[0]
    lines = raw.split("\n", 60)[:60]
    for i, line in enumerate(lines):
        if line.strip() != first:
            continue
        block = [stamp]
        for cur in lines[i + 1 : i + 12]:
            cur = cur.strip()
            if len(cur) > 40 or _STAMP_END.match(cur):
                break
            block.append(cur)
        return "\n".join(block)
    return stamp


def _date_filed(stamp: str, raw: str, signed: str) -> str:
    header = _HEADER_CASE.search(raw) or _FOOTER_FILED.search(raw)
    header_date = parse_date(header.group(2)) if header else ""
    stamp = _stamp_block(stamp, raw)
    if not stamp:
        return header_date
    m = _STAMP_DATE.search(stamp)
    if not m:
        return header_date
    try:
        if m["m"]:
            return parse_date(f"{m['m']}/{m['d']}/{m['y']}")
        month, day = _MONTHS[m["month"].rstrip(".").lower()], int(m["day"])
        if m["year"]:
            return date(int(m["year"]), month, day).isoformat()
        if header_date and (int(header_date[5:7]), int(header_date[8:10])) == (month, day):
            return header_date
        if signed:
            year = int(signed[:4])
            if (month, day) < (int(signed[5:7]), int(signed[8:10])):
                year += 1  # filed in January for an order signed in December
            return date(year, month, day).isoformat()
    except (ValueError, KeyError):
        return ""
    return ""


# caption.closing_entered: N.D. Ill. closes an order with ``ENTERED: March 30, 2026`` above the
# judge's name: the date the judge entered it (date_signed), not a clerk's FILED stamp, though
# :func:`split_stamp` (which reads the first 40 lines) takes it for one in a short order.
_ENTERED_LINE = re.compile(r"^\s*ENTERED\s*:?\s*(?P<date>" + _DATE_RE + r")\s*$", re.IGNORECASE)


def _closing_entered(stamp: str, raw: str, signed: str) -> tuple[str, str]:
    """``(stamp, date_signed)``: a one-line ``ENTERED: <date>`` "stamp" in the second half of the
    text is the signing line; it gives date_signed (when none was read) and is no stamp."""
    m = _ENTERED_LINE.match(stamp)
    if not m or "\n" in stamp.strip():
        return stamp, signed
    at = raw.find(stamp.strip())
    if at < len(raw) // 2:
        return stamp, signed
    return "", signed or parse_date(m["date"])


def read_caption(raw_text: str, text: str) -> dict:
    """Court, case and judge facts from an order (``raw_text`` as given, ``text`` normalised)."""
    stamp, _ = split_stamp(raw_text or "")
    head = text[:4000]
    cid = _find_court(head)
    judge, role = _judge(text)
    if not judge:
        col = _COLUMN_SIGNATURE.search(raw_text or "")
        words = col["name"].split() if col else []
        if words and not any(w.lower().rstrip(".:,") in _NAME_STOP for w in words):
            judge, role = name_case(col["name"]), col["role"].lower()
    appellate = bool(re.fullmatch(r"ca(?:\d+|dc|fc)", cid))
    if role in ("unknown", "chief") and judge and cid:
        # A judge named without a kind, or a Chief Judge: the court says which kind.
        role = "circuit" if appellate else "bankruptcy" if cid.endswith("b") else role
        if role == "chief" and cid.endswith("d"):
            role = "district"
    if role == "chief":
        role = "unknown"
    signed = _date_signed(text)
    stamp, signed = _closing_entered(stamp, raw_text or "", signed)
    return {
        "court": cid,
        "court_name": _court_name(cid),
        "case_number": _case_number(text, head, raw_text or "", appellate),
        "case_name": _case_name(head),
        "judge": judge,
        "judge_role": role,
        "date_signed": signed,
        "date_filed": _date_filed(stamp, raw_text or "", signed),
    }
