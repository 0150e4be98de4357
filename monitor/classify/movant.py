"""Who asked (``movant_role``): the filer as the text names it, resolved against the caption.

The filer is read from ``by X``, ``filed by X on behalf of Y``, N.D. Ill. ``MOTION by X for ...``
(:func:`filer`, :func:`trim_movant`) or from the possessive in an order (``granting Defendants'
84 Motion``, ``the putative intervenor's``: :func:`possessor`). Role words are resolved against
the caption (:func:`resolve_role`): defendants/respondents in a suit against an agency or
official (``Al Otro Lado v. Nielsen``, ``Doe v. Wolf``) are ``government``; plaintiffs in
``USA v. X`` are the government and the defendants ``criminal_defendant``; press and intervenors
are ``third_party``; "joint", "stipulated" or "the parties'" → ``joint``. Respondents are the
government in habeas (a caption of officials, a state court record lodged), a private party when
the caption names them, else ``unknown`` (MV-06). S.D.N.Y. letters name their sender (``from AUSA
X dated``, MV-05; :func:`named_after`). Nothing to go on → ``unknown``; ``none`` only for entries
that are not sealing.

Imports only :mod:`monitor.classify.patterns` from the package.
"""

from __future__ import annotations

import re

from monitor.classify.patterns import SUA_SPONTE
from monitor.parties import is_government_side
from monitor.relevance import is_government_party

# "MOTION by X to ...", also "MOTION in open court by USA as to ... to Unseal" (an oral motion).
MOTION_BY = re.compile(
    r"^\s*(?:(?:in\s+open\s+court|orally|ore\s+tenus)\s+)?(?:filed\s+)?by\s+(?P<movant>.+?)\s+"
    r"(?=as\s+to\s|to\s|for\s(?!(?:the\s+)?(?:appellants?|appellees?|plaintiffs?|defendants?|"
    # MV-16 "by Ms. X for Appellee USA to file ...": the "for" that names a party goes on.
    r"petitioners?|respondents?|intervenors?|USA|United\s+States)\b))",
    re.I,
)
# Who filed: "by X", "filed by X on behalf of Y".
_BY = re.compile(r"(?:\b(?P<filed>filed)\s+)?\bby\s+", re.I)
_BY_EXCLUDED_NEXT = re.compile(
    r"^(?:(?:the\s+)?(?:Hon(?:orable|\.)?\s+|Chief\s+|Senior\s+|District\s+|Magistrate\s+|"
    r"Bankruptcy\s+|Mag\.?\s+|U\.S\.\s+)*Judge\b|the\s+Court\b|Court\b|(?:the\s+)?Clerk\b|"
    r"and\s+through\b|order\b|stipulation\b|agreement\b|consent\b|e-?mail\b|mail\b|"
    r"CM/ECF\b|ECF\b|hand\b|fax\b|U\.S\.\s+Mail\b|first[\s-]class\b|"
    r"\d|[a-z]+\s+\d)",
    re.I,
)
_BY_EXCLUDED_PREV = re.compile(
    r"(?:signed|ordered|entered|modified|followed|supported|served|issued|approved|accompanied|"
    r"filed\s+electronically|replaced|caused|affected|represented|referred|reviewed|requested)"
    r"\s*$",
    re.I,
)
_MOVANT_END = re.compile(
    r"\s*(?:\(Attachments|\(Entered|\(\s*[A-Z][A-Za-z'\-]+,\s*[A-Z]|\(\s*[a-z]{1,5}\s*,?\s*\)|"
    r"\(\s*[A-Z]{2,5}\s*\)|(?<![\s.][A-Z])\.\s*\(|"
    # MV-13 an honorific's period ("Appellant Mr. Lamar Cole") does not end the name.
    r"(?<![\s.][A-Z])(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bMrs)\.\s+[A-Z(]|"
    r"(?<![\s.][A-Z])\.\s*$|\s+as\s+to\s|\s+re:?\s|\s+regarding\s|\s+in\s+support\b|"
    r"\s+to\s+(?:seal|file|unseal)\b|\s+for\s+leave\b|\s+Hearing\s+scheduled|\s+referred\s+to|"
    r"\s+-\s|\s+\[|\s+\(\s*\w+\s*\)\s*$|\s*\(\s*[a-z]+\s*\)|,\s*(?:filed|FILED)\b|"
    r"\s+(?:Noting|Motion\s+Docket|Date\s+of\s+service)\b|$)",
)
ON_BEHALF = re.compile(r"\bon\s+behalf\s+of\s+(?P<who>.+)$", re.I)
# MV-16 counsel named with the party it acts for (6th Cir. "MOTION filed by Ms. Priyanka Desai for
# Appellee USA to file ..."): the party is the filer. Only a role word or the government after
# "for" (an organisation's own name may hold "for": "Coalition for Humane Immigrant Rights"),
# within the first 80 characters.
_FOR_PARTY = re.compile(
    r"^[^;]{2,60}?\s+for\s+(?=(?:the\s+)?(?:appellants?|appellees?|plaintiffs?|defendants?|"
    r"petitioners?|respondents?|intervenors?|USA|United\s+States|government)\b)",
    re.I,
)
_POSSESSIVE_END = re.compile(
    r"(?P<word>[A-Za-z][\w.\-]*)['’]s?\s+(?:\[?\d{1,5}\]?\s+)?"
    r"(?:(?:joint|emergency|unopposed|opposed|ex\s+parte|administrative|renewed|amended|sealed|"
    r"letter|supplemental|second)\s+)*$",
    re.I,
)
_ROLE_CAPS_END = re.compile(
    r"\b(?P<word>PLAINTIFFS?|DEFENDANTS?|PETITIONERS?|RESPONDENTS?|GOVERNMENT|INTERVENORS?|"
    r"PARTIES)\s+(?:\[?\d{1,5}\]?\s+)?(?:(?:JOINT|EMERGENCY|UNOPPOSED|OPPOSED|EX\s+PARTE|"
    r"ADMINISTRATIVE|RENEWED|AMENDED|SEALED)\s+)*$",
)
# MV-01 a plural role word written without its apostrophe ("granting 115 Defendants request",
# "Plaintiffs motion to seal"): common in clerks' text. Only plural role words: a singular noun
# before "motion" is a modifier ("Defendant motion" is rare and ambiguous).
_ROLE_BARE_END = re.compile(
    r"\b(?P<word>(?i:plaintiffs|defendants|petitioners|respondents|intervenors|debtors|"
    r"movants))\s+(?:\[?\d{1,5}\]?\s+)?(?:(?i:joint|emergency|unopposed|opposed|ex\s+parte|"
    r"administrative|renewed|amended|sealed|letter|supplemental|second)\s+)*$",
)
# MV-02 a request whose title opens with its movant's role word, with or without apostrophe
# ("Defendants Motion to Seal", "Federal Respondents' Renewed Application", "Government's
# Motion"); the lead pattern reads those words as modifiers.
LEADING_ROLE = re.compile(
    r"^\W*(?:(?i:joint|emergency|unopposed|renewed|amended|ex\s+parte|sealed)\s+)*"
    r"(?P<word>(?i:(?:federal\s+)?(?:plaintiffs?|defendants?|petitioners?|respondents?|"
    r"intervenors?|debtors?)|(?:the\s+)?government))(?:['’]s?|s['’])?\s+(?=(?:\w+\s+){0,3}?"
    r"(?i:motion|application|request|letter))",
)
_POSSESSOR_WORDS = {
    "putative",
    "proposed",
    "federal",
    "all",
    "non-party",
    "nonparty",
    "the",
    "united",
    "states",
    "state",
    "individual",
    "intervenor",
    "defendant",
    "plaintiff",
    "third-party",
}
_POSSESSOR_STOP = {
    "in",
    "part",
    "and",
    "granting",
    "denying",
    "court",
    "order",
    "orders",
    "grants",
    "denies",
    "strikes",
    "striking",
    "hereby",
    "further",
    "as",
    "to",
    "of",
    "on",
    "re",
    "that",
    "for",
    "motion",
    "motions",
    "judge",
    "entered",
    "allowing",
    "without",
    "prejudice",
    "moot",
    "considering",
    "consideration",
    "upon",
}
FILED_BY_AFTER = re.compile(r"^[^;]{0,160}?\bfiled\s+by\s+(?P<who>[^;]+)", re.I)
# MV-05 S.D.N.Y. letter titles name their sender: "LETTER MOTION to Seal addressed to Judge X from
# AUSA Kim Tran dated May 1, 2026" (also inside an endorsement "on re: 45 LETTER MOTION ...").
# The sender is the filer (an AUSA is the government; a lawyer's bare name resolves to nothing
# unless it is a caption party's). Bounded: 160 characters to "from", 80 for the sender.
LETTER_FROM = re.compile(
    r"^[^;]{0,160}?\baddressed\s+to\s+[^;]{0,80}?\bfrom\s+(?P<who>[^;]{2,80}?)\s+dated\b", re.I
)


def named_after(text: str) -> str:
    """The filer a title names after its motion noun: ``filed by X`` or a letter's ``from X``."""
    match = FILED_BY_AFTER.match(text) or LETTER_FROM.match(text)
    return trim_movant(match.group("who")) if match else ""


_JOINT = re.compile(
    r"\bjoint(?:ly)?\b|\bparties\b|\bstipulat\w*|\bplaintiffs?\s+and\s+defendants?\b|"
    r"\bpetitioners?\s+and\s+respondents?\b|\bdefendants?\s+and\s+plaintiffs?\b",
    re.I,
)
_THIRD_PARTY = re.compile(
    r"\bintervenors?\b|\bnon-?part(?:y|ies)\b|\bamic(?:us|i)\b|\binterested\s+part|"
    r"\bthird[\s-]part(?:y|ies)\b|\bnews\b|\btribune\b|\btimes\b|\bjournal(?:ists?)?\b|"
    r"\bgazette\b|\bmedia\b|\breporters\b|"  # MV-19 "Reporters Access Collective" is the press
    # MV-11 newspaper and broadcaster names are the press (third_party), even when the caption
    # is the press's own application ("In re Application of The Capitol Ledger to Unseal").
    # Only as the last word of the name, before a company suffix ("Herald Fund SPC" is a fund).
    r"\b(?:ledger|herald|chronicle|courier|inquirer|dispatch|sentinel|examiner|observer|"
    r"newspapers?|publishing|publications|magazine|radio|television)\b(?=(?:,?\s*(?:LLC|L\.L\.C\.|"
    r"Inc\.?|Co\.?|Company|Corp\.?|Corporation|Ltd\.?|LP|L\.P\.))?\s*(?:$|[;(]|\s+(?:and|et)\b))|\bbroadcast\w*|\breporters\s+committee\b|\bassociated\s+press\b|"
    r"\bpress\s+(?:association|club|freedom)|\bwitness\b|\bsubpoenaed\b|\bthe\s+intercept\b|"
    r"\bpublic\s+citizen\b|\bACLU\b|\bAmerican\s+Civil\s+Liberties\b",
    re.I,
)
_ROLE_WORD = re.compile(
    r"^(?:the\s+)?(?:all\s+|individual\s+|named\s+)?(?P<fed>federal\s+)?"
    r"(?P<role>plaintiffs?|petitioners?|relators?|defendants?|respondents?|appellants?|"
    r"appellees?|debtors?|trustees?|creditors?|movants?|claimants?)\b",
    re.I,
)
PURE_ROLE = re.compile(
    r"^(?:the\s+)?(?:all\s+|federal\s+|putative\s+|proposed\s+)?(?:plaintiffs?|defendants?|"
    r"petitioners?|respondents?|government|intervenors?|parties)$",
    re.I,
)
_CAPTION_SPLIT = re.compile(r"\s+v(?:s)?\.?\s+", re.I)
_FEDERAL_PROSECUTOR = re.compile(
    r"^\s*(?:the\s+)?(?:USA|U\.\s?S\.\s?A\.?|United\s+States(?:\s+of\s+America)?|U\.\s?S\.)\s*"
    r"(?:,?\s*et\s+al\.?)?\s*$",
    re.I,
)
_AS_TO_DEFENDANT = re.compile(r"\bas\s+to\s+(?:defendant|dft)", re.I)
# MV-03 a filer named as counsel ("by Attorney Steven Ray as to defendant(s) Lee", D. Neb.): the
# text does not say which side the lawyer is on; "as to defendant(s)" names the case's defendant,
# not the filer.
_COUNSEL_FILER = re.compile(
    r"^(?:(?:the\s+)?(?:Attorney|Atty\.?|Counsel|Esq\.?|Lawyer)\b|[^,;]{2,60},\s*Esq\b)", re.I
)
# MV-06 "Respondent(s)" is the word of petitions: in habeas the custodian (the government), in
# other petitions (arbitration, subpoenas) a private party. When the caption does not show the
# government and the respondent is not named from the caption, the side is not shown
# (``unknown``); a habeas record lodged by the respondent ("State Court Record", "habeas",
# "return to the petition") shows the custodian (``government``).
_HABEAS_RECORD = re.compile(
    r"\bstate\s+court\s+records?\b|\bhabeas\b|\b(?:return|answer)\s+to\s+(?:the\s+)?"
    r"(?:amended\s+)?petition\b|\b2254\b|\b2241\b",
    re.I,
)
# MV-04 bankruptcy: the debtor filed the petition (plaintiff_petitioner); creditors, committees,
# trustees and other parties in interest have no role of their own in the vocabulary.
_NOT_DEBTOR = re.compile(
    r"\b(?:committee|creditors?|trustees?|lenders?|agent|bank|insurers?|landlord|"
    r"united\s+states|interested)\b",
    re.I,
)
_STOP = {
    "the",
    "of",
    "and",
    "inc",
    "llc",
    "ltd",
    "corp",
    "co",
    "et",
    "al",
    "for",
    "in",
    "a",
    "an",
    "on",
    "behalf",
    "by",
    "all",
    "county",
    "state",
    "united",
    "states",
    "america",
    "usa",
    "trustees",
    "city",
    "plaintiff",
    "plaintiffs",
    "defendant",
    "defendants",
    "respondent",
    "respondents",
    "petitioner",
    "petitioners",
    "attorney",
    "doe",
    "john",
    "jane",
}


def trim_movant(raw: str) -> str:
    who = raw.strip()
    behalf = ON_BEHALF.search(who)
    if behalf:
        who = behalf.group("who")
    counsel = _FOR_PARTY.match(who[:80])
    if counsel:
        who = who[counsel.end() :]
    end = _MOVANT_END.search(who)
    if end:
        who = who[: end.start()]
    who = who.strip(" ,.;:-")
    if who.endswith(" Inc") or who.endswith(" Corp") or who.endswith(" Co"):
        who += "."
    return who[:160]


def filer(text: str, start: int = 0) -> str:
    """The first ``by X`` after ``start`` that names a filer (not ``Signed by Judge``)."""
    for match in _BY.finditer(text, start):
        prev = text[max(0, match.start() - 30) : match.start()]
        if not match.group("filed") and _BY_EXCLUDED_PREV.search(prev):
            continue
        who = text[match.end() :]
        if _BY_EXCLUDED_NEXT.match(who):
            continue
        trimmed = trim_movant(who)
        if re.search(r"\sby\s", trimmed):
            continue  # MV-17 "Refer to Petitioner by Initials by J.A.M.": the later "by" files
        if trimmed and len(trimmed) > 1:
            return trimmed
    return ""


def possessor(before: str) -> str:
    """``Defendants``, ``the putative intervenor``, ``DEFENDANTS`` from text before a noun."""
    match = (
        _POSSESSIVE_END.search(before)
        or _ROLE_CAPS_END.search(before)
        or _ROLE_BARE_END.search(before)
    )
    if not match:
        return ""
    words = before[: match.start("word")].split()
    role_word = bool(_ROLE_WORD.match(match.group("word")))
    kept: list[str] = []
    for word in reversed(words[-4:]):
        bare = word.strip(",")
        low = bare.lower()
        if low in _POSSESSOR_WORDS:
            kept.insert(0, bare)
            continue
        if role_word or bare != word or not bare[:1].isupper() or low in _POSSESSOR_STOP:
            break
        if bare.isupper() or bare.endswith(":"):
            break
        kept.insert(0, bare)
    phrase = " ".join([*kept, match.group("word")])
    phrase = re.sub(r"^(?:the|The|THE)\s+", "", phrase)
    return phrase.strip()


def _caption(case_name: str) -> tuple[str, str]:
    parts = _CAPTION_SPLIT.split(case_name or "", maxsplit=1)
    return (parts[0], parts[1]) if len(parts) == 2 else (case_name or "", "")


def _tokens(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z'\-]{2,}", text.lower()) if w not in _STOP}


# MV-17 a party named by initials (D.N.J. immigration habeas: "J.A.M. v. WARDEN"): "J.A.M." or
# "J. A. M.", two to five letters.
_INITIALS = re.compile(r"^\s*((?:[A-Z]\.\s?){1,4}[A-Z]\.?)(?=\s*$|\s*,|\s+v\.?\s|\s+et\b)")


def _initials(text: str, leading: bool = False) -> str:
    """``JAM`` for ``J.A.M.`` (the whole text, or with ``leading`` its start), else ``""``."""
    match = _INITIALS.match(text)
    if not match:
        return ""
    if not leading and text[match.end() :].strip(" ,.") != "":
        return ""
    return re.sub(r"[.\s]", "", match.group(1))


def resolve_role(movant: str, case_name: str = "", context: str = "") -> str:
    """Map the movant as the text names it to a ``movant_role`` code, using the caption."""
    if not movant:
        return "unknown"
    if SUA_SPONTE.search(movant) or movant.lower() in ("court", "the court"):
        return "court_sua_sponte"
    if _JOINT.search(movant):
        return "joint"
    plaintiff_side, defendant_side = _caption(case_name)
    initials = _initials(movant)
    if initials and case_name:  # MV-17 "by J.A.M." in "J.A.M. v. WARDEN, ...": the caption's
        if initials == _initials(plaintiff_side, leading=True):
            return "plaintiff_petitioner"
        if defendant_side and initials == _initials(defendant_side, leading=True):
            return "defendant_nongov"
    prosecution = bool(_FEDERAL_PROSECUTOR.match(plaintiff_side)) and bool(defendant_side)
    gov_plaintiff = bool(defendant_side) and is_government_party(plaintiff_side)
    # Officers and agencies sued in their official capacity (monitor.parties, shared with
    # the order analyser): "Field Office Director, ICE", "Warden, X Detention Center".
    gov_defendant = bool(defendant_side) and not prosecution and is_government_side(defendant_side)
    role = _ROLE_WORD.match(movant)
    rest = movant[role.end() :] if role else movant
    if role and role.group("fed"):
        return "government"
    if is_government_party(movant if not role else rest or movant):
        return "government"
    if _THIRD_PARTY.search(movant):
        return "third_party"
    if role:
        word = role.group("role").lower()
        if word.startswith(("plaintiff", "petitioner", "relator")):
            return "government" if gov_plaintiff else "plaintiff_petitioner"
        if word.startswith(("defendant", "respondent")):
            if gov_defendant:
                return "government"
            if prosecution:
                return "criminal_defendant"
            if word.startswith("respondent") and _HABEAS_RECORD.search(f"{movant} {context}"):
                return "government"
            if (
                defendant_side
                and word.startswith("respondent")
                and not words_of_caption(rest, defendant_side)
            ):
                return "unknown"
            if defendant_side:
                return "defendant_nongov"
            return "criminal_defendant" if _AS_TO_DEFENDANT.search(context) else "unknown"
        if word.startswith("debtor"):
            return "plaintiff_petitioner"
    if _COUNSEL_FILER.match(movant):
        return "unknown"
    words = _tokens(rest)
    if words and case_name and not defendant_side and not _NOT_DEBTOR.search(movant):
        # A caption without "v." (a bankruptcy case is named after its debtor): a filer all of
        # whose words are the caption's is the debtor.
        if words <= _tokens(case_name):
            return "plaintiff_petitioner"
        return "unknown"
    if words and defendant_side:
        if words & _tokens(defendant_side):
            if gov_defendant:
                return "government"
            return "criminal_defendant" if prosecution else "defendant_nongov"
        if words & _tokens(plaintiff_side):
            return "government" if gov_plaintiff else "plaintiff_petitioner"
    # MV-12 a filer the text names, who is neither a caption party nor a role word, is not shown
    # to be the criminal defendant just because the caption is "USA v. X" (a witness, a
    # victim, a surety may move too): unknown.
    return "unknown"


def words_of_caption(movant_rest: str, side: str) -> bool:
    """Whether the movant's own words (after its role word) name a party of a caption side."""
    words = _tokens(movant_rest)
    return bool(words) and bool(words & _tokens(side))


def combine_roles(movants: list[str], case_name: str, context: str) -> tuple[str, str]:
    texts = list({m.lower(): m for m in reversed(movants) if m}.values())[::-1]
    if not texts:
        return "unknown", ""
    roles = {resolve_role(t, case_name, context) for t in texts}
    text = "; ".join(texts)
    if len(roles) == 1:
        return roles.pop(), text
    return ("joint" if "joint" in roles else "unknown"), text
