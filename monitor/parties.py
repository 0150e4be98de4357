"""Who the parties are, from the caption and what stands above the order or docket text.

:func:`read_parties` answers the questions the movant reading needs and nothing else: is this a
criminal case (``United States v. X``), a matter without adverse parties (``In re``, ``In the
Matter of the Search of``, a ``Misc. No.``), are the defendants/respondents the government, and
which side appeals. Evidence, in the shapes real orders and case-law pages give it:

- the page's own title line above the order (``Grady v. Smith et al``, ``U.S. v. ALVAREZ,
  14-cr-00120``), the caption block (``TWI PHARMACEUTICALS, INC., et al., Defendants.``) and the
  caption's short name read by :mod:`monitor.analyze.caption`;
- parties the body names with their role (``Defendant Decorilla Inc.``, ``filed by Holtec
  International; … (collectively, the "Defendants")``);
- appearance lines and signature blocks (``…, U.S. Attorney's Office, for Defendants.``,
  ``Assistant Attorney General, for Respondent``, ``Attorneys for Federal Defendants``): a side
  that government lawyers represent is the government.

A side named only by initials, a pseudonym or ``Under Seal`` says nothing about who it is; a
side the text does not show is left unknown (``""``). Every search is bounded to the head of the
text (:data:`HEAD`).

Shared by the order reader (`monitor.analyze.movant`) and the docket-text classifier
(`monitor.classify.movant`), so it sits below both: classifying a docket entry does not load
the order reader.
"""

from __future__ import annotations

import re
from functools import cached_property

from monitor import fastre
from monitor.relevance import is_government_party

__all__ = ["Parties", "read_parties", "is_government_side"]

HEAD = 6000  # the caption, appearance lines and the opening paragraphs live here

# PT-01 official capacity and government offices beyond monitor.agencies' vocabulary.
_GOV_WORDS = fastre.compile(
    r"\b(?:secretary|department|dep't|homeland|attorney\s+general|field\s+office|warden|"
    r"superintendent|sheriff|official\s+(?:and\s+individual\s+)?capacit(?:y|ies)|"
    r"individual\s+and\s+official\s+capacities|immigration\s+and\s+customs|customs\s+and\s+"
    r"border|citizenship\s+and\s+immigration|ICE|USCIS|CBP|DHS|EOIR|BOP|corrections?|"
    r"correctional\s+(?:center|facility|institution)|penitentiary|county\s+of|city\s+of|"
    r"state\s+of|commonwealth\s+of|united\s+states|government|federal\s+bureau|director)\b",
    re.I,
)
# PT-02 government lawyers in an appearance line or a signature block.
_GOV_COUNSEL = fastre.compile(
    r"\b(?:U\.?\s?S\.?\s+Attorney|United\s+States\s+Attorney|Asst\.?\s+U\.?\s?S\.?\s+Atty|"
    r"Assistant\s+(?:United\s+States|U\.?\s?S\.?)\s+Attorney|AUSA|(?:Assistant|Deputy|Solicitor)"
    r"\s+(?:Attorney|Solicitor)\s+General|Attorney\s+General|Department\s+of\s+Justice|"
    r"Dep(?:t\.|'t)\s+of\s+Justice|Office\s+of\s+Immigration\s+Litigation|Civil\s+Division|"
    r"Special\s+Assistant\s+United\s+States\s+Attorney)",
    re.I,
)
_SIDE_WORD = (
    r"(?P<side>(?:Federal\s+)?(?:Defendants?|Respondents?|Plaintiffs?|Petitioners?|Appellants?|"
    r"Appellees?|Movants?|Intervenors?))"
)
# "Jane Roe, U.S. Attorney's Office, New York, NY, for Defendants." (one line, bounded)
_APPEARANCE = re.compile(r"(?im)^(?P<who>[^\n]{0,300}?),?\s+for\s+(?:the\s+)?" + _SIDE_WORD)
# "Attorneys for Defendants" under a signature (proposed and stipulated orders)
_ATTORNEYS_FOR = fastre.compile(r"(?i)\bAttorneys?\s+for\s+(?:the\s+)?" + _SIDE_WORD)
# "FOR APPELLANTS: Richard Roe, Esq., pro se" (appellate appearance blocks)
_FOR_SIDE = fastre.compile(
    r"(?i)\bFOR\s+(?:THE\s+)?"
    + _SIDE_WORD.replace("?P<side>", "?P<side>")
    + r"\s*:\s*(?P<who>[^\n]{0,200}?)"
    r"(?=\s+FOR\s+|\n|$)"
)
# PT-04 a side that private lawyers (a firm, or the party pro se) represent is not the government.
_PRIVATE_COUNSEL = fastre.compile(
    r"\b(?:L\.?L\.?P\.?|L\.?L\.?C\.?|P\.?C\.|P\.?A\.|P\.?L\.?L\.?C\.?|pro\s+se|Law\s+(?:Offices?|Firm|Group)|"
    r"Esq\.?)(?=\W|$)",
    re.I,
)
# PT-05 a caption side that names an organisation (a company, a hospital, a newspaper).
_ORGANISATION = fastre.compile(
    r"\b(?:Inc|Incorporated|Corp|Corporation|Co|Company|LLC|L\.L\.C|LLP|Ltd|Limited|PLC|N\.A|"
    r"Holdings?|International|Pharmaceuticals?|Bank|Hospital|Medical\s+Center|University|"
    r"College|Group|Partners|Association|Foundation|Trust|Insurance|Services|Systems|"
    r"Technologies|Enterprises|Industries|Media|Newspapers?|Times|Post|Press)\b\.?",
    re.I,
)
# PT-06 a civil order that calls a party "the Government" has the government on the defence.
_GOVERNMENT_PARTY = re.compile(r"(?-i:\b[Tt]he\s+Government(?:'s|’s)?\b)(?!\s+of\b)")
_AGENCY_NAMED = re.compile(
    r"\b(?:ICE|CBP|USCIS|DHS|EOIR|BOP|Immigration\s+and\s+Customs\s+Enforcement|Customs\s+and\s+"
    r"Border\s+(?:Protection|Patrol)|Citizenship\s+and\s+Immigration\s+Services|Department\s+of\s+"
    r"Homeland\s+Security|Bureau\s+of\s+Prisons|Department\s+of\s+Corrections)\b"
)
_PAGE_TITLE = re.compile(
    r"^\s*(?P<left>[A-Z][^\n]{0,120}?)\s+(?:v\.?|vs\.?|versus)\s+(?P<right>[^\n]{1,160})$"
)
_CAPTION_RIGHT = fastre.compile(
    r"(?:\bv\.?|\bvs\.?|-\s*v\.?\s*-|-\s*against\s*-|:\s*-v-?\s*:)\s+"
    r"(?P<right>[^\n]{0,240}?(?:\n[^\n]{0,200}?){0,6}?)\s*"
    r"(?-i:\b(?P<role>Defendants?|Respondents?|DEFENDANTS?|RESPONDENTS?))\b",
    re.I,
)
# PT-12 a flattened caption runs the court's own name into a side ("ACME CORP., United States
# District Court Northern District of California Defendant."): the court is no party.
_COURT_NAME = fastre.compile(
    r"\bUnited\s+States\s+(?:District|Bankruptcy|Magistrate)?\s*Court(?:\s+of\s+Appeals)?"
    r"(?:\s+(?:for\s+the\s+)?(?:(?:Northern|Southern|Eastern|Western|Middle|Central)\s+)?"
    r"District\s+of(?:\s+[A-Z][a-z]+){1,2})?",
    re.I,
)
_REPORTER = re.compile(r"\b\d+\s+(?:F\.|U\.\s?S\.|S\.\s?Ct\.|WL\b|B\.R\.|Fed\.)")
# PT-11 the body says who the defendants are: "Defendants are the warden of X State Prison
# and four correctional officers", "brought this civil rights action against the Director of
# the State Department of Corrections". One sentence, bounded.
_DESCRIBED_DEFENDANTS = re.compile(
    r"(?-i:\b(?:The\s+|the\s+)?(?:Defendants?|Respondents?))\s+(?:are|is)\s+(?P<a>[^.;]{4,200})|"
    r"\b(?:action|suit|complaint|petition|claims?)\b(?:[^.;]|\.(?!\s+[A-Z])){0,120}?\bagainst\s+"
    r"(?P<b>[^.;]{4,200})",
    re.I,
)
# "Defendant Decorilla Inc. (", "defendant International Business Machines Corp. ("
_NAMED_ROLE = re.compile(
    r"(?-i:\b(?:[Dd]efendants?|[Rr]espondents?))\s+(?P<name>[A-Z][\w&.,'’\- ]{2,80}?)\s*[(,]"
)
# "filed by Holtec International; Sonic Systems, Inc.; and Brandon Murray (collectively, the
# "Defendants")"
_COLLECTIVE = re.compile(
    r"\((?:collectively,?\s*)?(?:the\s+)?[\"“”](?:[^\"“”()]{1,30}[\"“”]\s+or\s+(?:the\s+)?[\"“”])?"
    r"(?P<role>Defendants?|Respondents?)[\"“”]\)"
)
# PT-13 "VERDANT GRID SYSTEMS, LLC, Defendants-Appellees.": the caption says who the appellees are
_APPELLEE = fastre.compile(
    r"(?P<role>Plaintiffs?|Defendants?|Respondents?|Petitioners?|Movants?|Intervenors?|"
    r"Claimants?)\s*[-–—]\s*Appellees?\b",
    re.I,
)
_APPELLANT = fastre.compile(
    r"(?P<role>Plaintiffs?|Defendants?|Respondents?|Petitioners?|Movants?|Intervenors?|"
    r"Claimants?|Objecting\s+Part(?:y|ies))\s*[-–—]\s*Appellants?\b",
    re.I,
)
# A side named only by initials, a pseudonym or a placeholder tells nothing.
_OPAQUE = re.compile(
    r"^(?:(?:[A-Z]\.\s?){1,4}|(?:John|Jane|Richard|Mary)\s+(?:Doe|Roe)(?:\s+\d+)?|Does?\s+\d*|"
    r"Roe\s*\d*|Under\s+Seal|Sealed|Anonymous|Unknown(?:\s+\w+)?)\s*(?:,?\s*et\s+al\.?)?[\s,.;]*$",
    re.I,
)
# PT-08 "UNITED STATES OF AMERICA\nv.\nDESMOND ROE" over several lines; "Criminal No. 22-311".
_CRIMINAL_CAPTION = re.compile(
    r"\bUNITED\s+STATES\s+OF\s+AMERICA\b[^\n]{0,60}?\bv(?:s)?\.|"
    r"^\s*UNITED\s+STATES\s+OF\s+AMERICA,?[ \t]*\n(?:[ \t]*(?:Plaintiff|Respondent)s?"
    r"(?:-Appellees?)?,?[ \t]*\n)?[ \t]*v(?:s)?\.?(?=\s)|"
    r"^\s*(?:United\s+States|U\.\s?S\.(?:\s?A\.)?|USA|US)\s+v(?:s)?\.\s",
    re.I | re.M,
)
_CRIMINAL_NUMBER = re.compile(
    r"\b\d{1,2}:\d{2}-?cr-?\d|\b\d{2}-?cr-?\d{2,6}\b|\bCR\s?\d{2}-\d|"
    r"\bCriminal\s+(?:Action\s+|Case\s+)?No\.\s*\d",
    re.I,
)
_MATTER = re.compile(
    r"^\s*(?:In\s+re\b|In\s+the\s+Matter\s+of\b|Matter\s+of\b|In\s+Re:)|\bMisc(?:ellaneous)?\.?"
    r"\s+(?:Action\s+|Case\s+)?No\.|\b\d{1,2}:\d{2}-?m[cob]-?\d|\b\d{2}-?m[co]-?\d{3,}",
    re.I | re.M,
)


def is_government_side(name: str) -> bool:
    """True when a caption side names a government party, office or officer."""
    return bool(_GOV_WORDS.search(name)) or is_government_party(name, loose=True)


def _side_word(word: str) -> str:
    w = re.sub(r"^federal\s+", "", word.lower())
    return w.rstrip("s") if w.endswith("s") else w


def _title_sides(text: str, case_name: str) -> list[tuple[str, str]]:
    """(left, right) of the page's title lines and of the caption's short name."""
    out = []
    for line in text[:1500].split("\n")[:14]:
        if re.match(r"\s*(?:See|Cf\.|citing|quoting)\b", line, re.I) or len(line) > 240:
            continue
        m = _PAGE_TITLE.match(line)
        # a line that cites a reporter names a case cited, not this one
        if m and not _REPORTER.search(m["left"]) and not _REPORTER.search(m["right"]):
            right = re.split(r",\s*(?:No\.|\d)|\s+\(|,?\s+\d{1,4}\s+F\.", m["right"])[0]
            out.append((m["left"], right))
    if " v. " in case_name:
        left, _, right = case_name.partition(" v. ")
        out.append((left, right))
    return out


def _defendant_evidence(head: str, sides: list[tuple[str, str]]) -> list[str]:
    names = [right for _, right in sides]
    # PT-10 every caption shape, not the first: a docket line above the order ("(PC) Roe v.
    # Smith et al … GRANTING 78 Defendants' Request") must not hide the caption below it.
    # Past the first, a match (in the first 2,500 characters) must look like a caption ("…, et
    # al., Defendants.") and cite no reporter ("v. City & Cnty. of Honolulu, 447 F.3d 1172" is
    # a case cited, not this case).
    first = _CAPTION_RIGHT.search(head)
    if first:
        names.append(first["right"])
        for i, m in enumerate(_CAPTION_RIGHT.finditer(head, first.end(), 2500)):
            if i == 2:
                break
            if not _REPORTER.search(m["right"]) and re.match(r"\s*[.,:]", head[m.end() :]):
                names.append(m["right"])
    for m in _DESCRIBED_DEFENDANTS.finditer(head, 0, 4000):
        names.append(m["a"] or m["b"])
    names += [m["name"] for m in _NAMED_ROLE.finditer(head)]
    for m in _COLLECTIVE.finditer(head):
        before = head[max(0, m.start() - 200) : m.start()].split("\n")[-1]
        names.append(re.split(r"\bby\s+|[:(]\s*|\.\s+(?=[A-Z][a-z])", before)[-1])
    names = [_COURT_NAME.sub(" ", n) for n in names if n]
    return [re.sub(r"\s+", " ", n).strip(" ,.;") for n in names if n and n.strip(" ,.;")]


def _private_counsel(head: str, appearances: list[re.Match]) -> list[tuple[str, bool, bool]]:
    """(side, government lawyers?, private lawyers?) of each appearance line."""
    out = []
    for m in appearances + list(_FOR_SIDE.finditer(head)):
        who = m["who"]
        out.append((_side_word(m["side"]), bool(_GOV_COUNSEL.search(who)),
                    bool(_PRIVATE_COUNSEL.search(who))))  # fmt: skip
    return out


def _counsel(head: str, appearances: list[re.Match]) -> list[tuple[str, bool]]:
    out = []
    for m in appearances:
        out.append((_side_word(m["side"]), bool(_GOV_COUNSEL.search(m["who"]))))
    for m in _ATTORNEYS_FOR.finditer(head):
        above = head[max(0, m.start() - 300) : m.start()]
        out.append((_side_word(m["side"]), bool(_GOV_COUNSEL.search(above))))
    return out


class Parties:
    """What the caption and the text above the order say about the parties.

    Each answer is read from the head of the text when first asked for and then kept: a movant
    named "the parties" needs none, a plaintiff only whether the plaintiffs are the government,
    and the defendants' evidence (the dearest reading) is read only for a defendant, a named
    movant or a text without a caption.
    """

    def __init__(self, text: str, case_name: str = "") -> None:
        self._head = text[:HEAD]
        self._case_name = case_name or ""

    @cached_property
    def _sides(self) -> list[tuple[str, str]]:
        return _title_sides(self._head, self._case_name)

    @cached_property
    def criminal(self) -> bool:
        """United States v. X: defendants are criminal defendants."""
        head = self._head
        return bool(
            _CRIMINAL_CAPTION.search(head[:3000])
            or re.match(r"(?:United\s+States|U\.?S\.?A?\.?|Us)\s+v\.", self._case_name, re.I)
            or _CRIMINAL_NUMBER.search(head[:800])
        )

    @cached_property
    def matter(self) -> bool:
        """In re / Matter of / Misc. No.: no adverse parties."""
        return bool(_MATTER.search(self._head[:1500])) and not self._sides

    @cached_property
    def _appearances(self) -> list[re.Match]:
        return list(_APPEARANCE.finditer(self._head))

    @cached_property
    def counsel_for(self) -> tuple[tuple[str, bool], ...]:
        """(side word, government lawyers?) of each appearance line and signature block."""
        return tuple(_counsel(self._head, self._appearances))

    @cached_property
    def _evidence(self) -> list[str]:
        return _defendant_evidence(self._head, self._sides)

    @cached_property
    def appellant(self) -> str:
        """Role word of the appealing side ("respondent", "plaintiff", …), or ""."""
        head = self._head
        found = _APPELLANT.search(head, 0, 3000) if "ppellant" in head[:3000] else None
        return _side_word(found["role"].split()[0]) if found else ""

    @cached_property
    def appellee(self) -> str:
        """Role word of the side answering the appeal ("defendant", …), or ""."""
        head = self._head
        found = _APPELLEE.search(head, 0, 3000) if "ppellee" in head[:3000] else None
        return _side_word(found["role"]) if found else ""

    @cached_property
    def defendants(self) -> str:
        """ "government", "defendant_nongov" or "" (not shown).

        PT-03 defendants/respondents are the government when any evidence names a government
        party or government lawyers appear for them; non-government when the evidence names
        parties and none is the government; unknown when the text names no one (or only
        initials).
        """
        head, evidence, criminal = self._head, self._evidence, self.criminal
        # PT-09 counsel "FOR APPELLANTS" speak for the defence when the defence appeals
        defence = {"defendant", "respondent"} | (
            {"appellant"} if self.appellant in {"defendant", "respondent"} else set()
        )
        gov = (
            any(is_government_side(n) for n in evidence)
            or any(
                side in {"defendant", "respondent"} and is_gov for side, is_gov in self.counsel_for
            )
            or (not criminal and bool(_GOVERNMENT_PARTY.search(head)))
        )
        private = any(_ORGANISATION.search(n) for n in evidence if not _OPAQUE.match(n)) or any(
            side in defence and not is_gov and private
            for side, is_gov, private in _private_counsel(head, self._appearances)
        )
        if not (gov or private or evidence) and not criminal:
            # PT-07 no caption and no party named: the agency the order names is the defendant
            gov = bool(_AGENCY_NAMED.search(head))
        return "government" if gov else ("defendant_nongov" if private else "")

    @cached_property
    def left(self) -> str:
        """The plaintiff/petitioner side as named."""
        return self._sides[0][0] if self._sides else ""

    @cached_property
    def right(self) -> str:
        """The defendant/respondent side as named."""
        if self._sides:
            return self._sides[0][1]
        return self._evidence[0] if self._evidence else ""

    @cached_property
    def plaintiffs_gov(self) -> bool:
        """The United States or an agency sues (civil)."""
        return bool(self.left) and is_government_party(self.left)


def read_parties(text: str, case_name: str = "") -> Parties:
    """:class:`Parties` of a normalised order (its head) and the caption's short name."""
    return Parties(text, case_name)
