"""Why the order seals: reason codes with evidence, the legal standard applied, the local rule.

Works on normalised order text (monitor.analyze.normalize) but tolerates leftover OCR noise.

Reasons (`find_reasons`). The text is split into sentences; a trigger phrase (domain.md §6,
mapped onto `monitor.vocab.REASONS`) counts only in a sentence that is about *this* case:
- sentences that state the general law are skipped: they cite a case or use a marker such as
  "in general", "improper purposes", "a party seeking", "courts have" — unless they also carry
  a case anchor ("here", "the Court finds", "defendants contend", "the exhibits"). So Nixon's list
  "... circulate libelous statements, or release trade secrets" does not make trade secrets a
  reason; "Defendants contend the disclosure ... would harm the contractor's competitiveness" does.
- a trigger preceded closely by a negation ("no medical information") is skipped.
- the sentence must touch sealing or disclosure (seal, redact, confidential, disclose, protect,
  sensitive, contain, information, because, ...), so case background such as "Petitioner's
  asylum application was denied" is not a reason.
One entry per code, in order of first appearance; evidence is the clause around the trigger,
trimmed at word boundaries to at most 200 characters.

Standard (`find_standard`). Each "compelling reason(s)" / "good cause" mention is classed as
- a movant's assertion ("defendants ... asserting that good cause exists"): ignored;
- general law (citations, "a party seeking", "must", "dispositive motions", "in general"): weak;
- the court's own application ("here", "the Court finds", "accordingly", "is met", "this
  motion"): decisive.
"under either standard" / "under both standards" -> `both`. Otherwise the standards with
decisive mentions win (one -> it, two -> `both`); failing that, the weak mentions decide the
same way. The court's standard therefore beats the movant's (the seed: movant asserts good cause,
court finds compelling reasons -> `compelling_reasons`). Without either phrase: a First
Amendment / common-law right of access / a named leading case or the grand-jury
"particularized need" test -> `other`; else `none_stated` (a presumption weighed or a
confidentiality statute names no test).

Local rule (`find_local_rule`): the first local rule cited in a sentence about sealing (or a
rule numbered 79..., the sealing rules of the California districts), as cited: "CivLR 79.2(c)"
-> "79.2(c)", "Civil Local Rule 79-5" -> "79-5", "LCvR 5.1(h)" -> "5.1(h)"; "" when none.
"""

from __future__ import annotations

import re
from functools import lru_cache

from monitor import fastre

__all__ = ["find_reasons", "find_standard", "find_local_rule"]

_I = re.I

# (code, pattern). Order here does not matter: output follows the text.
_TRIGGERS: list[tuple[str, re.Pattern[str]]] = [
    (
        "law_enforcement",
        re.compile(
            r"law[\s-]+enforcement[\s-]+(?:sensitive|information|techniques?|methods?|privilege|"
            r"operations?|interests?|purposes|activities|procedures|codes?)"
            r"|\b(?:investigative|enforcement|surveillance)\s+(?:techniques?|methods?|procedures)"
            r"|\binformants?\b|\bongoing\s+(?:criminal\s+)?investigations?\b|(?-i:\bLES\b|\bFOUO\b)"
            r"|\bjeopardi[sz]e\W+(?:\w+\W+){0,3}operations\b|\boperational\s+(?:details|methods)"
            # rsn.law_enforcement.cooperator: a cooperator's identity, tampering with witnesses
            r"|\bcooperators?\b|\btamper(?:ing|ed)?\b"
            # rsn.law_enforcement.operations: the government's operations and an investigation
            # still under way ("enforcement operations", "operational security", "the
            # investigation remains active", "cooperating witnesses")
            r"|\benforcement\s+operations?\b|\boperational\s+security\b"
            r"|\b(?:active|open|pending|continuing)\s+(?:criminal\s+)?investigations?\b"
            r"|\binvestigation\s+(?:remains|is\s+(?:still\s+)?)(?:active|ongoing|open|pending)\b"
            r"|\bcooperating\s+(?:witness(?:es)?|sources?|defendants?)\b"
            r"|\binvestigative\s+(?:steps|operations|methods)\b"
            # rsn.law_enforcement.gave_information: whether a defendant "has given information
            # to the government" is cooperation; information given to a court or a party is not
            r"|\b(?:has|have|had)\s+(?:given|provided|furnished)\s+(?:\w+\s+)?information\s+to\s+"
            r"(?:the\s+)?(?:government|prosecutors?|prosecution|investigators?|agents|authorities)\b"
            # rsn.law_enforcement.foia_exemption: FOIA Exemptions 7(A), 7(D), 7(E), 7(F) protect
            # enforcement proceedings, sources, techniques and safety; 7(C) is personal privacy
            # (named as an exemption or a withholding: "Rule 7(a)" is not)
            r"|(?-i:\bExemptions?\s+7\s?\([ADEF]\)|(?<![\w(])7\s?\([ADEF]\)(?=\s+(?:withholdings?|"
            r"withheld|exemptions?|redactions?|material|information|records)\b))",
            _I,
        ),
    ),
    (
        "national_security",
        re.compile(
            r"national[\s-]+security|\bclassified\s+(?:information|material|documents?)"
            r"|state[\s-]+secrets?\s+privilege|\bstate\s+secrets\b|\bterroris[mt]",
            _I,
        ),
    ),
    (
        "diplomatic",
        re.compile(
            r"foreign\s+governments?|\bdiplomatic|foreign\s+(?:relations|policy|affairs)"
            r"|\brepatriation|travel\s+documents?",
            _I,
        ),
    ),
    (
        "cybersecurity_infrastructure",
        re.compile(
            r"vulnerabilit|cyber[\s-]*security|surveillance\s+(?:capabilit|infrastructure|"
            r"technolog|equipment|systems?)|port\s+security|facility\s+layouts?|layouts?\s+of\s+the"
            r"|security\s+systems?|(?-i:IT\s+systems?)"
            # rsn.cybersecurity.camera_coverage: what a security camera sees and does not see
            r"|\bblind\s+spots?\b|\bcamera(?:'s|s)?\s+(?:coverage|placement|locations?|positions?)"
            r"|field\s+of\s+view\s+of\s+(?:an?|the)\s+(?:\w+\s+){0,2}?(?:security\s+)?cameras?"
            r"|\bareas?\s+(?:that\s+)?(?:the|a)\s+cameras?\s+(?:does|do|did)\s+not\s+(?:cover|reach|see)",
            _I,
        ),
    ),
    (
        "safety",
        re.compile(
            # rsn.safety.product: "product-safety complaints", "food safety" concern goods, not a
            # person the sealing protects
            # rsn.safety.not_a_person: "the safety of a product fed to infants" is about goods;
            # "assure the safety of the community" is the bail statute's danger finding
            r"(?<!auto\s)(?<!public\s)(?<!product\s)(?<!product-)(?<!food\s)\bsafety\b"
            r"(?!\s+of\s+(?:(?:any\s+other\s+person\s+(?:or|and)\s+)?the\s+community|(?:a|an|the|its|"
            r"their)\s+(?:[\w-]+\s+){0,2}?(?:products?|foods?|drugs?|devices?|vehicles?|formula|"
            r"goods|medication)\b))"
            r"|\bretaliat|\breprisals?\b|\bpersecut"
            # rsn.safety.at_risk: a person put at risk ("could put the petitioner and his family
            # at risk"); papers or a business put at risk are not
            r"|\bput(?:s|ting)?\s+(?:(?:the|his|her|their)\s+)?(?:petitioner|defendant|plaintiff|"
            r"applicant|movant|witness(?:es)?|informants?|victims?|him|her|them|famil(?:y|ies)|"
            r"relatives|children|cooperators?)\b(?:\s+and\s+(?:(?:his|her|their)\s+)?(?:famil(?:y|"
            r"ies)|children|relatives))?\s+at\s+(?:\w+\s+)?risk\b"
            r"|threats?\s+(?:of|to)\s+(?:harm|violence|(?:his|her|their|the)\s+(?:life|lives|"
            r"safety|family|families))|harm\s+to\s+(?:his|her|their|the)\s+famil"
            r"|life[\s-]+threatening|\bdox+(?:ing|xing|ed)?\b|\bharass"
            # rsn.safety.threat_to_person: a person endangered, threatened or exposed to pressure
            # ("would endanger the defendant and his family", "have threatened her", "could
            # expose witnesses to pressure"); endangering an investigation is law enforcement
            # rsn.safety.health_not_threat: conditions that "endanger their health" are a claim
            # about care or confinement, not a threat from someone the sealing protects against
            r"|\bendanger\w*\b(?!\s+(?:the|an|its|this)\s+(?:\w+\s+)?(?:investigation|operation|case|"
            r"prosecution)s?\b)(?!\s+(?:(?:his|her|their|the|its)\s+)?(?:\w+\s+)?health\b)|\bthreaten(?:ed|s|ing)?\s+(?:him|her|them|his|their)\b|\bintimidat"
            r"|\bexpos\w*\s+(?:\w+\s+){0,3}?to\s+(?:danger|harm|pressure|retaliation|violence|reprisals?)\b",
            _I,
        ),
    ),
    (
        "asylum_confidentiality",
        re.compile(
            r"\b1?208\.6\b|asylum\s+(?:applications?|claims?|records?|seekers?'?\s+records|"
            r"proceedings)|credible[\s-]+fear|reasonable[\s-]+fear|\bI-589\b|\b1367\b|\bVAWA\b"
            r"|\b[TU][\s-]visas?\b|\b1254a\b|\b236\.6\b",
            _I,
        ),
    ),
    (
        "privacy_pii",
        re.compile(
            r"personal(?:ly)?\s+identif(?:ying|iable)\s+information|(?-i:\bPII\b)"
            r"|Rule\s+5\.2(?!\s*\(c\))|social\s+security\s+numbers?|dates?\s+of\s+birth"
            r"|\bA-?numbers?\b|alien\s+(?:registration\s+)?numbers?|home\s+address"
            r"|passport\s+numbers?|driver'?s\s+license|financial\s+account"
            r"|personal\s+(?:and\s+)?(?:financial\s+)?information|privacy\s+(?:interests?|rights?)"
            r"|criminal\s+histor|\bI-213\b|rap\s+sheets?"
            # rsn.privacy_pii.identifying: "name and identifying information"
            r"|\bidentifying\s+(?:information|details)",
            _I,
        ),
    ),
    (
        "minor",
        re.compile(
            r"\b(?:minor's|minors?)\b(?!(?:'s|')?\s+(?:compromises?|redactions?|changes?|revisions?|"
            r"amendments?|errors?|edits?|corrections?|modifications?|portions?|parts?|details?|"
            r"discrepanc))"
            # rsn.minor.party_description: "D.C., a minor, by and through his guardian" names
            # the party; it is not a reason the order gives.
            r"(?!,?\s+(?:by\s+and\s+)?through\s+(?:(?:his|her|their)\s+)?(?:parents?|guardian|"
            r"next\s+friend|mother|father))"
            r"|\bunaccompanied\b|\bjuveniles?\b|\bchild(?:ren)?(?:'s)?\b"
            # rsn.minor.age: a person's age under eighteen ("one of whom was fourteen years old",
            # "a 15-year-old witness"); "twenty-four years old" or an adult age is not
            r"|(?<![\w-])(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
            r"fourteen|fifteen|sixteen|seventeen|[1-9]|1[0-7])[\s-]years?[\s-]old\b"
            r"|Office\s+of\s+Refugee\s+Resettlement|(?-i:\bORR\b)|\bFlores\b",
            _I,
        ),
    ),
    (
        "medical",
        re.compile(
            r"medical(?!\s+(?:staff\w*|centers?|centres?|groups?|services|associates|inc\b|llc\b|"
            r"corp\w*|compan\w*|providers?|contractors?|schools?|society|associations?|boards?|"
            # rsn.medical.institutional: a provider's guidelines or policies are no one's health
            r"guidelines?|polic(?:y|ies)|protocols?|directors?)\b)"
            r"|mental[\s-]+health|psychiatr|psycholog|health\s+information|\bHIPAA\b"
            r"|diagnos[ie]s|treatment\s+records",
            _I,
        ),
    ),
    (
        "trade_secret_commercial",
        re.compile(
            r"trade\s+secrets?|\bproprietary|\bpricing\b|cost\s+estimates?|competitive"
            r"|competitiveness|confidential\s+(?:business|commercial|financial)|business\s+"
            r"information|contract(?:ing)?\s+information"
            # rsn.trade_secret.product: a product's formulation or ingredients, source code
            r"|\bformulations?\b|\bingredients?\b|\bsource\s+code\b|\bcustomer\s+lists?\b"
            # rsn.trade_secret.costs_margins: what a business pays and earns ("supplier costs",
            # "profit margins by product line", "commercially sensitive")
            r"|\b(?:supplier|supply|vendor|manufacturing|production|unit|wholesale|input)\s+costs?\b"
            r"|\b(?:profit|gross|net|operating)\s+margins?\b|\bcosts\s+and\s+margins\b"
            r"|\bcommercially\s+sensitive\b",
            _I,
        ),
    ),
    (
        "privileged",
        re.compile(
            r"attorney[\s-]+client|work[\s-]+product|deliberative[\s-]+process|privilege\s+log"
            r"|\bprivileged\b",
            _I,
        ),
    ),
    (
        "protective_order_designation",
        re.compile(
            # rsn.protective_order.designation: "designated certain information ... as 'Highly
            # Confidential'", "marked ... pursuant to this Court's Protective Order", a
            # discovery confidentiality order as well as a protective order
            r"designated\s+(?:[\w'-]+\s+){0,6}?(?:as\s+)?[\"']?(?:highly\s+)?confidential"
            r"|(?:designat\w*|marked|confidential(?:ity)?)\W+(?:[\w\"']+\W+){0,6}?"
            r"(?:under|pursuant\s+to)\s+(?:the|this\s+court's|a|an)\s+(?:parties'\s+)?"
            r"(?:stipulated\s+|discovery\s+|amended\s+)?(?:protective|confidentiality)\s+order"
            r"|attorneys'?\s+eyes\s+only|(?-i:\bAEO\b)",
            _I,
        ),
    ),
    (
        "settlement",
        re.compile(
            r"settlement\s+(?:agreement|amount|terms?|negotiations?|communications?)"
            r"|terms\s+of\s+(?:the\s+)?settlement|confidential\s+settlement",
            _I,
        ),
    ),
    (
        "administrative_record",
        re.compile(
            r"\b(?:seal\w*|lodg\w*|fil(?:e|es|ed|ing)|redact\w*|restrict\w*)\s+(?:[\w'()-]+\s+){0,4}?"
            r"(?:certified\s+)?administrative\s+record|(?:certified\s+)?administrative\s+record"
            r"(?:\s+\(\W*\w+\W*\))?\s+(?:contains|includes|(?:shall|should|will|must)\s+(?:be\s+|remain\s+)"
            r"(?:filed\s+|lodged\s+)?(?:under\s+)?seal)|\bA-files?\b|alien\s+files?",
            _I,
        ),
    ),
    (
        "other",
        re.compile(
            r"grand\s+jury|filed\s+in\s+error|inadvertently\s+filed|juror|"
            r"temporarily\s+(?:sealed|allowed)\s+pending"
            # rsn.other.grand_jury_rule: grand-jury secrecy cited by its rule, Fed. R. Crim. P.
            # 6(e) ("Rule") 6(e)"); the civil Rule 6(e) has no parenthesised letter after 6 alone
            r"|Rule\W{0,3}\s*6\(e\)"
            # rsn.other.stated_outside_vocab: reasons real orders name that the vocabulary has
            # no code for: reputational harm, embarrassment, a draft that is incomplete or wrong
            # rsn.other.mere_embarrassment: "mere" or "general" embarrassment is what the law says
            # does not suffice; the court names it only to reject it
            r"|\breputation(?:al)?\b|(?<!mere\s)(?<!general\s)(?<!simple\s)\bembarrass\w*|\b(?:incomplete|unverified|inaccurate|"
            r"misleading)\b",
            _I,
        ),
    ),
]

# A case citation or a general-law marker makes a sentence "general law".
# Cheap literal pre-filters (lower case): a trigger regex runs only when one of these occurs.
_NEEDLES: dict[str, tuple[str, ...]] = {
    "law_enforcement": (
        "enforcement",
        "investigat",
        "informant",
        "cooperator",
        "tamper",
        "les",
        "fouo",
        "operation",
        "surveillance",
        "cooperating",
        "investigation",
        "information to",
        "7(",
    ),
    "national_security": ("national", "classified", "secret", "terroris"),
    "diplomatic": ("foreign", "diplomat", "repatriat", "travel doc"),
    "cybersecurity_infrastructure": (
        "vulnerab",
        "cyber",
        "surveillance",
        "port security",
        "layout",
        "security system",
        "it system",
        "blind spot",
        "camera",
    ),
    "safety": (
        "safety",
        "retaliat",
        "reprisal",
        "persecut",
        "threat",
        "harm to",
        "risk",
        "life",
        "dox",
        "harass",
        "endanger",
        "threaten",
        "intimidat",
        "expos",
    ),
    "asylum_confidentiality": (
        "208.6",
        "asylum",
        "fear",
        "i-589",
        "1367",
        "vawa",
        "visa",
        "1254a",
        "236.6",
    ),
    "privacy_pii": (
        "personal",
        "pii",
        "rule 5.2",
        "social security",
        "birth",
        "number",
        "address",
        "driver",
        "financial account",
        "privacy",
        "criminal histor",
        "i-213",
        "rap sheet",
        "identifying",
    ),
    "minor": (
        "minor",
        "unaccompanied",
        "juvenile",
        "child",
        "years old",
        "year-old",
        "years-old",
        "year old",
        "refugee resettlement",
        "orr",
        "flores",
    ),
    "medical": (
        "medical",
        "mental",
        "psychiatr",
        "psycholog",
        "health",
        "hipaa",
        "diagnos",
        "treatment",
    ),
    "trade_secret_commercial": (
        "trade secret",
        "proprietary",
        "pricing",
        "cost estimate",
        "competitive",
        "business",
        "contract",
        "formulation",
        "ingredient",
        "source code",
        "customer list",
        "cost",
        "margin",
        "commercially",
    ),
    "privileged": ("attorney", "work product", "work-product", "deliberative", "privilege"),
    "protective_order_designation": (
        "designated",
        "protective order",
        "confidentiality order",
        "eyes only",
        "aeo",
    ),
    "settlement": ("settlement",),
    "administrative_record": ("administrative record", "a-file", "alien file"),
    "other": (
        "grand jury",
        "in error",
        "inadvertent",
        "juror",
        "temporarily",
        "6(e)",
        "reputation",
        "embarrass",
        "incomplete",
        "unverified",
        "inaccurate",
        "misleading",
    ),
}
#: (needle, code) of every needle: one pass per sentence finds the codes worth a regex.
_NEEDLE_CODES = tuple((needle, code) for code, needles in _NEEDLES.items() for needle in needles)

# rsn.general_law.statute_not_case: "8 U.S.C. § 1367" cites an enactment, not a reported case
# (the U.S. Reports are "435 U.S. 589"): a statute protecting the information states the ground.
_CITATION = re.compile(
    r"\b\d{1,4}\s+(?:U\.\s?S\.(?!\s?C\.)|S\.\s?Ct\.|F\.\s?(?:\dd|Supp)|F\.\s?App'?x|WL|L\.\s?Ed)"
    r"|\bId\.\s|\bv\.\s+[A-Z]",
)
_LAW_MARKER = re.compile(
    r"\bin general\b|\bgenerally\b|improper purposes?|vehicle for|\bcourts (?:have|may|must|"
    r"routinely|often|in this circuit)|\bfor example\b|\be\.g\.|a party seeking|the party seeking"
    r"|\bpresumption\b|\bsuch as the use of records"
    # rsn.general_law.court_has_held: "The Seventh Circuit has found that ...", "the Supreme
    # Court has recognized ..." report what a higher court held, not this case
    r"|\b(?:circuit|supreme\s+court)\s+(?:has|have)\s+(?:found|held|recognized|explained|noted|"
    r"said|observed)",
    _I,
)
_CASE_ANCHOR = re.compile(
    r"\bhere\b|\bthe court finds\b|\bthis case\b|\b(?:defendants?|plaintiffs?|petitioners?|"
    r"respondents?|the government|movants?)(?:'s?)?\s+(?:contends?|argues?|asserts?|claims?|"
    r"explains?|states?|represents?|seeks?|requests?)|\bthe (?:exhibits?|documents?|"
    r"declarations?|records at issue|materials?|motion)\b",
    _I,
)
# rsn.negation.possessive: "did not include Petitioner's complete mental health reports": a
# possessive ("Petitioner's") is one word of the three the negation may reach over.
_NEGATION = fastre.compile(
    r"\b(?:no|not|nor|neither|without|lacks?|absent|none|nothing)\b(?!\s+only)(?:\W+\w+(?:'s)?){0,3}"
    r"\W*$",
    _I,
)

# rsn.negation.list: a negation opening a list reaches every item of it ("The filings contain
# no personal identifiers, medical information or information about any minor"), unless a
# contrast ("but", "except") turns the sentence before the item.
_NEGATED_LIST = fastre.compile(
    r"\b(?:(?:contain|include|reveal|disclose|mention|describe|identif|nam)\w*\s+(?:no|neither)|"
    r"(?:do|does|did)\s+not\s+(?:contain|include|reveal|disclose|mention|describe|identify|name)"
    r"\w*)\b(?![^.;:]*\b(?:but|except|although|though|however|yet|while|only)\b)[^.;:]{0,140}$",
    _I,
)

_ABBREV = re.compile(
    r"(?:\b(?:v|No|Nos|Doc|Dkt|ECF|Inc|Co|Corp|Ltd|Id|id|Mut|Auto|Ins|Fed|Civ|Crim|P|R|U\.S|"
    r"C\.F\.R|U\.S\.C|Cir|Cal|Supp|App|Dep't|Sec|Cnty|Ctr|Grp|Ass'n|Comm|Commc'ns|Gov't|Mr|Ms|"
    r"Mrs|Dr|Hon|Jr|Sr|St|al|e\.g|i\.e|cf|pp|p|Ex|Exs|Ch|seq|etc|Pet|Resp|Mot|Decl|Supp|Ct)"
    r"|\b[A-Z])\.$"
)
_SPLIT = re.compile(r"(?<=[.!?])[\"'\])]*\s+(?=[\[(\"'A-Z0-9])|\n\s*\n")


@lru_cache(maxsize=8)
def _sentences(text: str) -> tuple[str, ...]:
    parts: list[str] = []
    pos = 0
    buf = ""
    for m in _SPLIT.finditer(text):
        chunk = text[pos : m.start()]
        buf = f"{buf} {chunk}" if buf else chunk
        pos = m.end()
        if _ABBREV.search(buf[-30:].rstrip("\"')]")) and not m.group(0).startswith("\n"):
            continue
        parts.append(buf)
        buf = ""
    tail = text[pos:]
    buf = f"{buf} {tail}" if buf else tail
    if buf.strip():
        parts.append(buf)
    return tuple(re.sub(r"\s+", " ", p).strip() for p in parts if p.strip())


_LAW_NEEDLES = (
    "general",
    "improper purpose",
    "vehicle for",
    "courts ",
    "for example",
    "e.g.",
    "party seeking",
    "presumption",
    "such as the use",
    "circuit ha",
    "supreme court ha",
)
_CONTEXT_NEEDLES = (
    "seal",
    "redact",
    "confidential",
    "disclos",
    "release",
    "protect",
    "sensitive",
    "privacy",
    "private",
    "reveal",
    "expos",
    "harm",
    "jeopardi",
    "risk",
    "contain",
    "includ",
    "describ",
    "reflect",
    "identif",
    "information",
    "because",
    "given",
    "since",
    "in light of",
    "warrant",
    "justif",
    "compelling",
    "good cause",
    "interest",
    "concern",
    "danger",
    # rsn.context.threat: "a verifiable, significant threat to the participant's safety"
    "threat",
    "safety",
    "relat",
    "pertain",
)


# A list of numbered factors ("(1) the need for public access ...; (2) ...") is a legal test even
# when its wording ("the documents at issue") looks like a case anchor.
_FACTOR_LIST = fastre.compile(r"\bfactors?\b.*?\(1\).*?\(2\)", _I)
# Sentences that are not grounds for sealing: a concern the court calls already met, and
# directions about a possible future filing ("may file a renewed motion ... including any
# claim of privilege"; "Any party that seeks to file ... under seal shall comply ...").
_NOT_A_GROUND = re.compile(
    r"\balready\s+(?:been\s+)?(?:protected|redacted|public(?:ly)?\b|disclosed|available)"
    r"|\b(?:may|shall|must|can)\s+(?:re)?(?:file|submit)\s+(?:a|an|any)\s+(?:renewed|new|amended)\b"
    r"|(?:^|[;:]\s*)any\s+(?:party|renewed|future)\b",
    _I,
)
_NOT_A_GROUND_NEEDLES = ("already", "renewed", "new ", "amended", "any ")
# rsn.context.public_lowercase: "public" counts as disclosure wording only in lower case; in
# "Department of Public Health" it is part of a name.
_PUBLIC = fastre.compile(r"\bpublic(?:ly)?\b")
# rsn.not_a_ground.standard_choice: the sentence choosing the test ("the compelling reasons
# standard applies because the reports go to the heart of the relief sought, adequate medical
# care") says how close the record is to the merits, not why it should be sealed.
_STANDARD_CHOICE = re.compile(
    r"\bstandard\b[^.;]{0,40}?\b(?:applies|applicable|governs|is\s+appropriate)\b"
    r"|more\s+than\s+tangentially\s+related",
    _I,
)
# rsn.not_a_ground.earlier_order: what the court ruled in an earlier order ("The Court
# previously determined ... with the exception of personal identifying information, which the
# Court ordered redacted") concerns other papers, not the ones this order decides.
# rsn.not_a_ground.earlier_seal: so is why the file was sealed before ("At the government's
# request, the Court sealed the entire file because ..."), in an order that now unseals it:
# the past-tense "the Court sealed" after a short lead-in phrase.
_EARLIER_ORDER = re.compile(
    r"^(?:the\s+court|this\s+court|it)\s+(?:previously|earlier|already|had)\s+"
    r"(?:determined|found|held|ruled|ordered|granted|denied|sealed|concluded)\b"
    r"|^(?:[^,.;]{1,60},\s*)?(?:the|this)\s+court\s+(?:originally\s+|initially\s+|first\s+)?"
    r"sealed\b",
    _I,
)
# rsn.other.generic_confidential: "sensitive, confidential, and privileged information" with no
# kind of interest named is a stated reason outside the vocabulary (`other`), unless another
# code in the sentence says what the information is.
# Only as what the papers contain ("they contain sensitive, confidential ... information"): a
# defined term ("the Confidential Materials") or the law's words ("to protect sensitive
# information") are not a stated reason.
_GENERIC_CONFIDENTIAL = fastre.compile(
    r"\b(?:contain|includ|reflect|disclos|reveal)\w*\s+(?:(?:highly|certain|some|other)\s+)?"
    r"(?:sensitive|confidential)(?:\s*,?\s*(?:and\s+|or\s+)?(?:sensitive|confidential|private|"
    r"privileged|non-?public))*\s+(?:information|data)\b",
    _I,
)
_GENERIC_PARTNERS = {"privileged", "other"}
# "to the extent that filings do include sensitive information, redaction should suffice": a
# hypothetical, not what these papers contain.
_HYPOTHETICAL = fastre.compile(r"\b(?:to\s+the\s+extent|if|whether|unless|may|might|could)\b", _I)
# Generic privacy wording that only restates a more specific reason in the same sentence
# ("her privacy interest in her own medical records", "mental health records are ...
# personal information"): the specific code stands for it.
_GENERIC_PRIVACY = re.compile(
    r"^(?:personal\s+(?:and\s+)?information|privacy\s+(?:interests?|rights?))$"
)
_SPECIFIC_OVER_PRIVACY = ("medical",)


# rsn.general_law.cited_next: a proposition the next sentence supports with a case ("Only
# genuine secrets, such as trade secrets, may be kept out of view. See Baxter Int'l, Inc. v.
# Abbott Labs., 297 F.3d 544 ...") paraphrases the law, unless it speaks of this case or
# names the enactment that protects the information (a section of a statute or regulation:
# "forbid disclosure ..., 8 C.F.R. § 208.6, ... See Lin ..." states the ground itself).
_ENACTMENT = re.compile(r"§|\bU\.\s?S\.\s?C\.|\bC\.\s?F\.\s?R\.")
_SEE_CASE = re.compile(r"^(?:see(?:,?\s+e\.g\.,?|\s+also|\s+generally)?|cf\.|accord)\s", _I)


def _cited_next(sentence: str, following: str) -> bool:
    if not _SEE_CASE.match(following) or not _CITATION.search(following[:200]):
        return False
    return not (
        _CASE_ANCHOR.search(sentence)
        or _PARTY_SUBJECT.search(sentence)
        or _ENACTMENT.search(sentence)
    )


# A sentence about the parties or papers of this case ("Defendant contends ...", "Plaintiff's
# exhibits contain ...") is not a paraphrase of the law even when a case is cited after it.
_PARTY_SUBJECT = re.compile(
    r"\b(?:defendants?|plaintiffs?|petitioners?|respondents?|the government|movants?|"
    r"intervenors?|relators?|appellants?|appellees?|the parties)(?:'s?)?\b|\b(?:this|the)\s+"
    r"(?:exhibits?|declarations?|affidavits?|transcripts?|reports?|records?\s+at\s+issue)\b",
    _I,
)


def _is_general_law(sentence: str, lower: str) -> bool:
    if "factor" in lower and "(1)" in lower and _FACTOR_LIST.search(sentence):
        return True
    marker = any(n in lower for n in _LAW_NEEDLES) and _LAW_MARKER.search(sentence)
    if not (marker or _CITATION.search(sentence)):
        return False
    return not _CASE_ANCHOR.search(sentence)


def _evidence(sentence: str, start: int, end: int, limit: int = 200) -> str:
    """The clause around sentence[start:end], at most `limit` characters, cut at word bounds."""
    if len(sentence) <= limit:
        return sentence
    # Prefer the clause: cut at ; or : boundaries around the match.
    left = max(sentence.rfind(";", 0, start), sentence.rfind(": ", 0, start))
    right_candidates = [i for i in (sentence.find(";", end),) if i >= 0]
    lo = left + 1 if left >= 0 else 0
    hi = min(right_candidates) if right_candidates else len(sentence)
    if hi - lo > limit:
        budget = limit - (end - start)
        lo = max(lo, start - budget // 2)
        hi = min(hi, lo + limit)
        if hi - lo < limit:
            lo = max(0, hi - limit)
    piece = sentence[lo:hi]
    if lo > 0 and not sentence[lo - 1].isspace() and " " in piece:
        piece = piece.split(" ", 1)[1]
    if hi < len(sentence) and not sentence[hi].isspace() and " " in piece:
        piece = piece.rsplit(" ", 1)[0]
    return piece.strip(" ,;:")[:limit]


def find_reasons(text: str) -> list[dict]:
    """Reason codes the order accepts or the movant asserts, each with a short evidence quote."""
    if not text:
        return []
    hits: list[tuple[int, int, str, str]] = []  # (sentence index, offset, code, evidence)
    sentences = _sentences(text)
    for si, sentence in enumerate(sentences):
        lower = sentence.lower()
        context = any(n in lower for n in _CONTEXT_NEEDLES) or bool(_PUBLIC.search(sentence))
        if not context or _is_general_law(sentence, lower):
            continue
        if si + 1 < len(sentences) and _cited_next(sentence, sentences[si + 1]):
            continue
        if any(n in lower for n in _NOT_A_GROUND_NEEDLES) and _NOT_A_GROUND.search(sentence):
            continue
        if (
            _EARLIER_ORDER.match(sentence)
            or ("standard" in lower or "tangential" in lower)
            and _STANDARD_CHOICE.search(sentence)
        ):
            continue
        found: dict[str, tuple[int, str, bool]] = {}
        present = {code for needle, code in _NEEDLE_CODES if needle in lower}
        for code, pattern in _TRIGGERS:
            if code not in present:
                continue
            for m in pattern.finditer(sentence):
                if _NEGATION.search(sentence[max(0, m.start() - 40) : m.start()]):
                    continue
                if _NEGATED_LIST.search(sentence[max(0, m.start() - 200) : m.start()]):
                    continue
                generic = code == "privacy_pii" and bool(_GENERIC_PRIVACY.match(m.group(0)))
                if code not in found:
                    found[code] = (m.start(), _evidence(sentence, m.start(), m.end()), generic)
                elif not generic:  # a specific PII item after a generic privacy phrase
                    found[code] = (found[code][0], found[code][1], False)
                if not generic:
                    break
        privacy = found.get("privacy_pii")
        if privacy and privacy[2] and any(c in found for c in _SPECIFIC_OVER_PRIVACY):
            del found["privacy_pii"]
        if "other" not in found and set(found) <= _GENERIC_PARTNERS:
            for m in _GENERIC_CONFIDENTIAL.finditer(sentence):
                before = sentence[max(0, m.start() - 60) : m.start()]
                if not (_NEGATION.search(before[-40:]) or _HYPOTHETICAL.search(before)):
                    found["other"] = (m.start(), _evidence(sentence, m.start(), m.end()), False)
                    break
        for code, (off, evidence, _generic) in found.items():
            hits.append((si, off, code, evidence))
    hits.sort()
    out: list[dict] = []
    seen: set[str] = set()
    for _si, _off, code, evidence in hits:
        if code not in seen:
            seen.add(code)
            out.append({"code": code, "evidence": evidence})
    return out


_CR = re.compile(r"compelling\s+reasons?", _I)
_GC = re.compile(r"good\s+cause", _I)
_EITHER = re.compile(
    r"(?:under|satisf\w*|meets?|met)\s+(?:either|both)\s+(?:the\s+)?(?:standards?|tests?)"
    r"|(?:either|both)\s+(?:the\s+)?(?:\"?good cause\"?|\"?compelling reasons\"?)\s+(?:or|and)\s+"
    r"(?:the\s+)?(?:\"?good cause\"?|\"?compelling reasons\"?)\s+standards?"
    r"|(?:whichever|regardless of which)\s+standard",
    _I,
)
_MOVANT = fastre.compile(
    r"\b(?:defendants?|plaintiffs?|petitioners?|respondents?|the government|movants?|the parties"
    r"|intervenors?)(?:'s?)?\b[^.]{0,80}?\b(?:assert|contend|argu|claim|maintain|bring|"
    r"request|mov|submit|say)",
    _I,
)
_DECISIVE = re.compile(
    r"\bhere\b|the court finds|the court concludes|\baccordingly\b|\btherefore\b|\bthus\b"
    r"|\bis (?:met|satisfied)\b|has (?:shown|established|demonstrated|articulated)"
    r"|have (?:shown|established|demonstrated|articulated)|this motion|the instant motion"
    r"|(?:the|this) court (?:applies|will apply)|standard (?:applies|governs) here"
    r"|\bfinds?\b",
    _I,
)
_GENERAL = re.compile(
    r"\bmust\b|\bdispositive\b|a party seeking|the party seeking|\bin general\b|\bgenerally\b"
    r"|\bcourts\b|tangentially",
    _I,
)
# std.other.access_test: a right-of-access test of another kind, by its words (First Amendment,
# common-law right of access, the First Amendment's "overriding interest", "narrowly tailored")
# ...
# std.other.presumption_alone: ... but not the words every sealing order uses whatever its test:
# a "presumption of public access" weighed, a "balancing", or a statute or rule that keeps
# information confidential (8 C.F.R. 208.6, 8 U.S.C. 1367, Rule 5.2). Those name no test
# (`none_stated`); the statute is a reason, not a standard.
_OTHER_BASIS = re.compile(
    r"first amendment|common[\s-]+law\s+right|right\s+(?:of|to)\s+(?:public\s+)?access"
    r"|overriding\s+interest|narrowly\s+tailored"
    # std.other.grand_jury_need: disclosure of grand-jury material is decided by its own test,
    # a "particularized need" that outweighs secrecy (Douglas Oil, Rule 6(e)(3)(E))
    r"|particularized\s+need|Douglas\s+Oil",
    _I,
)
# std.other.named_test: ... or by the leading case that states it (Second Circuit Lugosch and
# Amodeo, Fourth Circuit Stone / Rushford / Virginia Dep't of State Police, Seventh Circuit
# Baxter, Third Circuit Avandia / Cendant, Tenth Circuit McVeigh, D.C. Circuit Hubbard, Fifth
# Circuit Binh Hoa Le, Nixon v. Warner Communications, Press-Enterprise, Globe Newspaper).
# Only a fallback: an order that applies "compelling reasons" or "good cause" keeps that test
# even when it cites Nixon for the background presumption (the Ninth Circuit's habit).
_NAMED_TEST = re.compile(
    r"\b(?:Lugosch|Amodeo|Rushford|Baxter\s+Int|Avandia|Cendant|McVeigh|Hubbard|Binh\s+Hoa\s+Le"
    r"|Press[\s-]+Enter|Globe\s+Newspaper|Stone\s+v\.\s+Univ"
    r"|Nixon\s+v\.\s+Warner|Va\.\s+Dep'?t\s+of\s+State\s+Police"
    r"|Virginia\s+Dep(?:artmen)?'?t\s+of\s+State\s+Police)",
)
# std.other.party_claim: a basis a party only claims ("moved to intervene, claiming a First
# Amendment right to access") is the party's argument, not the court's test.
_CLAIMED = fastre.compile(
    r"\b(?:claim\w*|assert\w*|argu\w*|contend\w*|invok\w*|believ\w*|insist\w*)\b[^.;]{0,60}$",
    _I,
)
# std.history: how records "had been sealed" before (for "good cause" under Rule 6(e), say) is
# the history of an earlier order, not the test this order applies.
_HISTORY = re.compile(
    r"\b(?:had|have|has|were|was)\s+(?:previously\s+|originally\s+|initially\s+|earlier\s+)?"
    r"been\s+(?:sealed|filed\s+under\s+seal|placed\s+under\s+seal)\b"
    r"|\bpreviously\s+sealed\b",
    _I,
)
# std.protective_order_only: "good cause" for entering or modifying a protective order (Rule
# 26(c)) is the discovery test, not a test the order applies to sealing, unless the sentence
# is about sealing too.
_PO_ONLY = re.compile(r"protective\s+order|confidentiality\s+order|Rule\s+26\s*\(c\)", _I)
_SEAL_WORD = re.compile(r"\bseal|\bunseal|redact|public\s+(?:docket|record|filing)", _I)
# std.good_cause.other_relief: "good cause" is also the test for an extension of time, a
# continuance, leave to amend, or the government's intervention under the False Claims Act
# ("entitled to intervene ..., for good cause, at any time"). A mention whose clause has no
# sealing word counts only when neither that clause nor the sentence before it asks for such
# other relief ("Plaintiff asks for fourteen more days ... good cause being shown, that motion
# is granted").
_OTHER_RELIEF = re.compile(
    r"\bextension|\bextend\w*|\benlarge\w*|\b(?:more|additional|further)\s+(?:\w+\s+)?"
    r"(?:days|time|weeks)\b|\bcontinuance|\bintervene|\bintervention|\bamend\w*|\breschedul"
    r"|\bout\s+of\s+time\b|\bdeadlines?\b",
    _I,
)

# std.good_cause.qui_tam_extension: the False Claims Act lets the government extend the seal
# on a qui tam complaint "for good cause shown" (31 U.S.C. § 3730(b)(3)). A sentence that
# states that statutory test for extending the seal describes the statute, not the access
# test the court applies to the papers before it.
_QUI_TAM_EXTENSION = fastre.compile(
    r"(?:\bFalse\s+Claims\s+Act\b|\bFCA\b|\bqui\s+tam\b|§+\s*3730\s*\(b\)|\b3730\s*\(b\))"
    r"[^.]{0,200}?\b(?:extensions?|extend\w*)\b"
    r"|\b(?:extensions?|extend\w*)\b[^.]{0,200}?(?:\bFalse\s+Claims\s+Act\b|\bFCA\b|"
    r"\bqui\s+tam\b|§+\s*3730\s*\(b\)|\b3730\s*\(b\))",
    _I,
)


def _clause(sentence: str, start: int, end: int) -> str:
    """The clause of `sentence` around [start:end], bounded by semicolons."""
    lo = sentence.rfind(";", 0, start) + 1
    hi = sentence.find(";", end)
    return sentence[lo : hi if hi >= 0 else len(sentence)]


def _other_relief(sentence: str, previous: str) -> bool:
    """True when every "good cause" of `sentence` is the test of a non-sealing request."""
    for m in _GC.finditer(sentence):
        clause = _clause(sentence, m.start(), m.end())
        if _SEAL_WORD.search(clause):
            return False
        if not (_OTHER_RELIEF.search(clause) or _OTHER_RELIEF.search(previous)):
            return False
    return True


def _other_basis(text: str) -> bool:
    """A right-of-access test of another kind that the court (not a party) names."""
    for sentence in _sentences(text):
        for rx in (_OTHER_BASIS, _NAMED_TEST):
            for m in rx.finditer(sentence):
                if not _CLAIMED.search(sentence, max(0, m.start() - 80), m.start()):
                    return True
    return False


def find_standard(text: str) -> str:
    """`compelling_reasons` / `good_cause` / `both` / `other` / `none_stated` (see module doc)."""
    if not text:
        return "none_stated"
    decisive: list[str] = []
    weak: list[str] = []
    previous = ""
    for sentence in _sentences(text):
        before, previous = previous, sentence
        if _EITHER.search(sentence):
            return "both"
        has_cr = bool(_CR.search(sentence))
        has_gc = bool(_GC.search(sentence))
        if not (has_cr or has_gc):
            continue
        found = (["compelling_reasons"] if has_cr else []) + (["good_cause"] if has_gc else [])
        if _HISTORY.search(sentence):
            continue
        if has_gc and not has_cr and _PO_ONLY.search(sentence) and not _SEAL_WORD.search(sentence):
            continue
        if has_gc and not has_cr and _other_relief(sentence, before):
            continue
        if has_gc and not has_cr and _QUI_TAM_EXTENSION.search(sentence):
            continue
        # A movant's assertion of a standard is not the court's test.
        if _MOVANT.search(sentence) and not re.search(r"the court finds|\bhere\b", sentence, _I):
            continue
        general = bool(_GENERAL.search(sentence) or _CITATION.search(sentence))
        if _DECISIVE.search(sentence) and not (
            general and not re.search(r"\bhere\b|the court finds|\baccordingly\b", sentence, _I)
        ):
            decisive.extend(found)
        else:
            weak.extend(found)
    for pool in (decisive, weak):
        kinds = set(pool)
        if len(kinds) == 2:
            return "both"
        if kinds:
            return kinds.pop()
    if _other_basis(text):
        return "other"
    return "none_stated"


_LOCAL_RULE = re.compile(
    r"(?:\b(?:Civil\s+)?Local\s+(?:Civil\s+)?Rules?|\bCiv(?:il)?\.?\s?L\.\s?R\.|\bCivLR"
    r"|\bL\.\s?Civ\.?\s?R\.|\bLCvR|\bLCivR|\bLRCiv|\bLCR\b|\bL\.\s?R\.|\bLR|\b[A-Z]{1,4}CivR"
    r"|\bCiv\.\s?R\.)\s*((?:CV|Civ)-?\s?)?(\d{1,3}(?:[.\-]\d{1,3}[a-z]?)*(?:\([A-Za-z0-9]{1,4}\))*)"
)
_LOCAL_RULE_NEEDLES = (
    "local",
    "l.r.",
    "l. r",
    "lr",
    "lcr",
    "lcvr",
    "lcivr",
    "civr",
    "civ. r",
    "civ.r",
)
_SEALING_CONTEXT = re.compile(
    r"seal|redact|restrict|confidential|file\w*\s+under|impound|closure"
    r"|less\s+restrictive\s+alternative",
    _I,
)
# A citation sentence ("Id. at 1178-79; see also LCR 5(g).", "Kamakana, 447 F.3d ...; LRCiv
# 5.6.", "LCR 5(g).") supports the sentence before it.
_CITE_LEAD = re.compile(r"^(?:see(?:\s+also|\s+generally)?|cf\.|accord|id\.|compare)\b", _I)


def _rule_text(m: re.Match[str]) -> str:
    number = m.group(2).rstrip(".-")
    prefix = (m.group(1) or "").replace(" ", "")
    if prefix and not prefix.endswith("-"):
        prefix += "-"
    return f"{prefix.upper() if prefix.lower() == 'cv-' else prefix}{number}"


def find_local_rule(text: str) -> str:
    """The first sealing-related local rule as cited ("79.2(c)", "79-5", "5.1(h)"), or "".

    A rule counts when it is numbered 79... (the California districts' sealing rules), when its
    sentence is about sealing (seal, redact, restrict, impound, closure, ...), or when its
    sentence is only a citation and the sentence it supports is about sealing.
    """
    if not text:
        return ""
    sentences = _sentences(text)
    for si, sentence in enumerate(sentences):
        lower = sentence.lower()
        if not any(n in lower for n in _LOCAL_RULE_NEEDLES):
            continue
        for m in _LOCAL_RULE.finditer(sentence):
            rule = _rule_text(m)
            if m.group(2).startswith("79"):
                return rule
            if _SEALING_CONTEXT.search(sentence):
                # "any party that seeks to file … under seal shall comply with Local Rule 26.2"
                # directs a future filing; it is not the rule the order applies.
                clause = sentence[sentence.rfind(";", 0, m.start()) + 1 : m.start()]
                if not ("any " in clause.lower() and _NOT_A_GROUND.search(clause.strip())):
                    return rule
            lead = sentence[: m.start()].strip()
            citation_only = not lead or _CITE_LEAD.match(lead) or _CITATION.search(lead)
            if citation_only and si > 0 and _SEALING_CONTEXT.search(sentences[si - 1]):
                return rule
    return ""
