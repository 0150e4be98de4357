"""One docket entry → is it a sealing event, which kind, what outcome, who asked.

Rule-based, precompiled, and cheap on the common case: an entry with none of the sealing stems
(seal, redact, impound, restrict, lodg, sensitive, publicly) is rejected after one regex search,
which is what most of 94 courts' RSS traffic is.

How an entry is read (domain.md §1):

1. **Boilerplate is removed first**, because it mentions sealing in entries that are about
   something else: D.N.J.'s ``NOTICE TO COUNSEL: ... a single, consolidated motion to seal shall
   be filed within 14 days``; transcript notices (``NOTICE REGARDING (1) REDACTION OF PERSONAL
   IDENTIFIERS IN TRANSCRIPTS AND (2) MOTION TO REDACT AND SEAL``, ``Notice of Intent to Request
   Redaction``, ``Redaction Request due``, ``Remote electronic access to the transcript is
   restricted until``); D. Neb./E-Government Act notices (``ACCESS TO THE PDF DOCUMENT IS
   RESTRICTED TO CASE PARTICIPANTS ...``), which are Rule 49.1/5.2 access limits, not sealing;
   ``Sealed: None`` fields (appellate record-received entries); and false friends (``Seal
   Beach``, ``Great Seal``, ``Navy SEAL``, ``seal of the court``). ``Sealy`` or ``sealant`` never
   match because every pattern is word-bounded.
2. **The leading event decides the family.** CM/ECF texts start with the event name, so the
   first words tell a request (``MOTION``, ``LETTER MOTION``, ``APPLICATION``, ``Administrative
   Motion``, ``Ex Parte Application``, ``NOTICE of Request to Seal``, ``REQUEST``) from a ruling
   (``ORDER``, ``TEXT ORDER``, ``MINUTE ORDER``, ``ELECTRONIC ORDER``, ``LETTER ORDER``,
   ``Memorandum Endorsement``, ``OPINION & ORDER``, ``So Ordered Stipulation``, N.D. Ill. ``MINUTE
   entry``, judge-name prefixes ``Judge X: ELECTRONIC ORDER``) from papers that only *mention* a
   sealing motion (``RESPONSE to Motion re 19 MOTION to Seal``, ``Opposition re 10 MOTION to
   Seal``, ``MEMORANDUM in Support re``, ``Set Deadlines as to 94 MOTION to Seal``, ``Motion
   Hearing set for ... re Motion to Seal``, ``ELECTRONIC NOTICE Setting Hearing``, ``Motions
   referred``): those are ``not_sealing`` unless the paper is itself sealed or redacted.
3. **Requests**: a motion counts when its own object is sealing (``to Seal``, ``for Leave to File
   ... Under Seal``, ``to Impound`` (D. Mass.), ``to Restrict`` access (D. Neb.), ``to Redact``,
   ``Highly Sensitive Document``) — either the leading motion or an upper-case conjunct
   (``Unopposed MOTION to Continue ... and MOTION to Seal Affidavit``). A motion named after an
   entry number or ``re``/``as to`` is a reference, not a request. Unsealing requests (``MOTION to
   Unseal``, ``MOTION to Intervene ... Oppose Further Sealing``, ``Motion for Leave to File
   Documents Publicly`` — de-designation) are ``unseal_motion``. Letters that ask to file under
   seal (S.D.N.Y. practice) are requests too.
4. **Rulings**: each sealing motion an order names is tied to the ruling verb of its clause
   (``granting 164 ...; granting 176 ...``) or to a passive ruling after it (``motion to file
   under seal (Filing No. 50) is granted``, D. Mass. ``request to seal is temporarily allowed``).
   Sealing motions that only appear inside another motion's title (``granting 19 Motion for
   Extension ... re 10 MOTION to Seal``) are ignored. Outcomes:

   - ``denying without prejudice`` → ``denied`` (refiling expected; rule ``order.deny``);
   - ``striking`` a motion to seal → ``denied``: the request was not granted and the vocabulary
     has no "struck"; ``moot`` is kept for requests that became unnecessary
     (rule ``order.strike`` keeps strikes separable);
   - ``granting ... on a temporary basis`` / ``temporarily allowed`` → ``granted``
     (rule ``order.grant_provisional``);
   - several motions: moot ones are ignored when others were decided; all granted → ``granted``,
     all denied → ``denied``, a mix (or any part grant) → ``granted_in_part``;
   - no ruling verb but a directive (``Directing the Clerk ... to unseal``, ``ORDER SEALING
     DOCUMENT``, ``ORDER UNSEALING``, ``the Court orders the seal of``, ``shall be (un)sealed``,
     ``shall remain sealed``, ``is hereby unsealed``, ``filed as a restricted document``) →
     ``granted``; with no motion or request named, the movant is ``court_sua_sponte``. A
     directive needs that shape: the bare words describe states and past events too, so ``the
     previously unsealed transcript``, ``Indictment unsealed on 1/2/2025`` inside a release order
     (decision: the entry's event is the other order; the unsealing was recorded when it
     happened), ``Because the petition is sealed`` and ``briefing regarding the sealing of`` (the
     title of another motion the order rules on) are not sealing. ``ORDER TO SHOW CAUSE why ...
     should not be unsealed`` is not sealing either (decision: it decides nothing yet; the ruling
     that follows is the event);
   - an order on a motion to reconsider/vacate a sealing ruling (``granting 40 Motion for
     Reconsideration of 35 Order on Motion to Seal``) → ``sealing_order``, ``unknown`` (decision:
     the sealing ruling changes, but the text does not say which way; rule
     ``order.reconsideration``);
   - an order titled on a sealing motion whose result the text does not give (RSS ``Order on
     Motion to Seal Document``) → ``unknown``; scheduling orders about such motions → not sealing;
   - protective orders and general/standing orders are not sealing events even when they
     describe how to file under seal.

   An order's ``refs`` leave out the entry numbers of the *other* motions it rules on
   (``granting 3 Motion to Proceed Under Pseudonym; granting 4 Motion to Seal`` → ``[4]``);
   documents it directs to be (un)sealed stay (``granting 71 Motion to Unseal. The Clerk ... is
   directed to unseal ECF No. 58`` → ``[71, 58]``).

5. **Papers**: ``SEALED DOCUMENT``, ``**SEALED DOCUMENT**``, ``SEALED LODGED Proposed ...``,
   ``Sealed Motion`` (the paper is sealed, not a request), ``SEALED ORDER`` that rules on
   something else, ``(Sealed)`` / ``[SEALED]`` / ``(Under Seal)`` suffixes, ``(DOCUMENT FILED
   UNDER SEAL)``, ``Notice of Filing Under Seal``, ``RESTRICTED DOCUMENT`` (D. Neb., without the
   E-Government notice), ``Highly Sensitive Document`` notices, clerk modifications that sealed an
   entry → ``sealed_filing``. ``REDACTED DOCUMENT``, ``Redacted Public Version of [31]``,
   ``REDACTION to 81 ...``, ``*REDACTED* Transcript``, ``(Redacted)`` → ``redaction``.
   ``(UNSEALED Pursuant to Order ..., Doc. #47)``, ``Case Unsealed``, ``Indictment unsealed`` →
   ``unsealing_order`` (granted): the entry records that unsealing happened (only when the entry
   *starts* so). Clerk modifications and ``NOTICE of Docket Correction`` entries that say the
   document was sealed → ``sealed_filing``, unsealed → ``unsealing_order``.
6. **Who asked** (``movant_role``): the filer (``by X``, ``filed by X on behalf of Y``, N.D.
   Ill. ``MOTION by X for ...``) or the possessive in an order (``granting Defendants' 84
   Motion``, ``the putative intervenor's``). Role words are resolved against the caption:
   defendants/respondents in a suit against an agency or official (``Al Otro Lado v. Nielsen``,
   ``Doe v. Wolf``) are ``government``; plaintiffs in ``USA v. X`` are the government and the
   defendants ``criminal_defendant``; press and intervenors are ``third_party``; "joint",
   "stipulated" or "the parties'" → ``joint``. Nothing to go on → ``unknown``; ``none`` only for
   entries that are not sealing.

When the text says nothing sealing but the RSS short description (the CM/ECF event name, e.g.
``Sealed Document``) does, the short description decides the event and the text still gives the
references and the movant. The PACER RSS parser merges a multi-event item's names with `` AND ``
(``Order on Motion to Seal AND ~Util - Set Deadlines``); names split on `` AND `` / ``; `` are
judged one by one, so one event's scheduling words do not veto the sealing order beside it. When
several are sealing events, rulings win over requests over papers, and a sealing ruling over an
unsealing one (decision: ``Order on Motion to Seal Document AND Order on Motion to Unseal
Document`` → ``sealing_order``, ``unknown``, as for full texts that rule on both).

**Cost is bounded.** Only the first ``MAX_TEXT`` (6,000) characters of a text or short
description are read: entries put their event first, real entries run to ~2,500 characters, and
the texts of up to 100,000 characters that reach us (whole orders) are not worth more. Within that
prefix each motion noun of an order reads at most ``_CLAUSE_BACK`` characters back and
``_CLAUSE_AHEAD`` forward, so the work is linear in the prefix (it used to be quadratic in the
whole text: 150,000 characters took tens of seconds).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from monitor.excerpt import docket_reading
from monitor.refs import extract_refs
from monitor.relevance import is_government_party

CLASSIFIER_VERSION = "2026.12.1"

# Only this many leading characters of a text (and of a short description) are read. Docket
# entries put their event first (domain.md §1), real entries run to ~2,500 characters, and texts
# of up to 100,000 characters (whole opinions pasted into an entry) would otherwise cost time in
# proportion to their length for nothing; references are taken from the same prefix.
MAX_TEXT = 6000
# How far an order's clause is read back from a motion noun (for its ruling verb and movant) and
# forward from it (for a passive ruling or a ``filed by``): bounded so each noun costs O(1).
_CLAUSE_BACK = 400
_CLAUSE_AHEAD = 600

# ----------------------------------------------------------------------------- result type


@dataclass(frozen=True)
class Classification:
    is_sealing: bool
    event_type: str
    outcome: str
    refs: list[int] = field(default_factory=list)
    movant_role: str = "none"
    movant_text: str = ""
    rule_id: str = ""
    summary: str = ""

    def as_dict(self) -> dict:
        data = asdict(self)
        data["refs"] = list(self.refs)
        return data


def _not_sealing(rule: str, refs: list[int] | None = None) -> Classification:
    return Classification(False, "not_sealing", "none", list(refs or []), "none", "", rule, "")


# ------------------------------------------------------------------------------- patterns

_ANY_TERM = re.compile(r"seal|redact|impound|restrict|lodg|sensitive|publicly", re.I)

_BOILERPLATE = tuple(
    (re.compile(pattern, re.I | re.S), flag)
    for pattern, flag in (
        (r"NOTICE\s+TO\s+COUNSEL:.*?(?=\(Entered:|$)", "njd_notice"),
        (
            r"NOTICE\s+REGARDING\s+\(1\)\s+REDACTION\s+OF\s+PERSONAL\s+IDENTIFIERS.*?"
            r"(?=\(Entered:|$)",
            "transcript_notice",
        ),
        (
            r"NOTICE\s+RE(?:GARDING)?\s+REDACTION\s+OF\s+TRANSCRIPTS?:.*?(?=\(Entered:|$)",
            "transcript_notice",
        ),
        (r"(?:Notice\s+of\s+)?Intent\s+to\s+(?:Request\s+)?Redact(?:ion)?\b", "transcript_notice"),
        (
            r"(?:Transcript\s+)?Redaction\s+Request(?:s)?\s+(?:due|deadline)[^.]*\.?",
            "transcript_notice",
        ),
        (r"Redacted\s+Transcript\s+Deadline\s+set\s+for[^.]*\.?", "transcript_notice"),
        (r"Release\s+of\s+Transcript\s+Restriction\s+set\s+for[^.]*\.?", "transcript_notice"),
        (
            r"Remote\s+electronic\s+access\s+to\s+the\s+transcript\s+is\s+restricted\s+until"
            r"\s+[\d/]+\.?",
            "transcript_notice",
        ),
        (
            r"In\s+accordance\s+with\s+the\s+transcript\s+redaction\s+procedure[^.]*"
            r"(?:\.[a-z]{2,4}[^.]*)?\.?",
            "transcript_notice",
        ),
        (
            r"(?:THE\s+)?ACCESS\s+TO\s+THE\s+PDF\s+DOCUMENT\s+IS\s+RESTRICTED\s+TO\s+CASE\s+"
            r"PARTICIPANTS.*?(?:MAY\s+ACCESS\s+THIS\s+DOCUMENT\.?|49\.1\(a\)\.?)",
            "egov",
        ),
        (r"\bSeal(?:ed)?\s*:\s*(?:None|No|N/A)\b", "sealed_none"),
        (
            r"\bSeal\s+Beach\b|\bGreat\s+Seal\b|\bNavy\s+SEALs?\b|\bSEAL\s+Team\b|"
            r"\b(?:corporate|notar(?:y|ial)|official|court['’]?s?)\s+seal\b|"
            r"\bseal\s+of\s+(?:the\s+|this\s+)?(?:United\s+States|Court|State|Commonwealth)\b|"
            r"\bunder\s+my\s+hand\s+and\s+seal\b|\bhand\s+and\s+seal\s+of\b",
            "false_friend",
        ),
    )
)

_SPACE = re.compile(r"\s+")
_JUDGE_PREFIX = re.compile(
    r"^(?:\s|\*|\(Court\s+only\)|(?:(?:Chief|Senior|U\.\s?S\.)\s+)?(?:(?:District|Magistrate|"
    r"Bankruptcy)\s+)?Judge\s+[A-Z][\w.'\- ]{1,60}?:)+",
)
_SEALED_LEAD = re.compile(
    r"^(?:\*\*\s*SEALED\s+DOCUMENT\s*\*\*|\(\s*DOCUMENT\s+FILED\s+UNDER\s+SEAL\s*\)|"
    r"DOCUMENT\s+FILED\s+UNDER\s+SEAL|\[\s*SEALED\s*\]|\(\s*SEALED\s*\)|(?:PROPOSED\s+)?SEALED\b|"
    r"(?:Proposed\s+)?Sealed\b|UNDER\s+SEAL\b|RESTRICTED\s+(?=DOCUMENT|MOTION|EXHIBIT))\s*[:\-]?\s*",
)
_UNSEALED_LEAD = re.compile(
    r"^\(?\s*(?:UNSEALED\b|This\s+Document\s+(?:is|was)\s+Unsealed\b)", re.I
)
_UNSEALED_NOTE = re.compile(
    r"^(?:[\w.\-]+\s+){0,3}?(?:unsealed|UNSEALED)\b|^(?:Case|Indictment|Complaint|Information|"
    r"Warrant|Docket|Document|Affidavit|Record)s?\s+(?:is\s+|was\s+|hereby\s+)?Unsealed\b",
    re.I,
)
_MODS = (
    r"(?i:joint|emergency|ex\s*parte/consent|exparte|unopposed|opposed|partially\s+opposed|consent(?:ed)?|assented[\s-]+to|"
    r"ex\s+parte|administrative|renewed|amended|corrected|second|third|supplemental|interim|"
    r"expedited|stipulated|proposed|sealed|urgent|omnibus|motion\s+and|\[proposed\]|letter|"
    r"sealed\s+ex\s+parte|defendants?['’]?|plaintiffs?['’]?|petitioners?['’]?|"
    r"respondents?['’]?|government['’]?s?|federal)"
)
_ORDER_LEAD = re.compile(
    r"^(?:(?:TEXT|MINUTE|ELECTRONIC|LETTER|AMENDED|ORAL|CLERK['’]?S?|PAPERLESS|ENDORSED|"
    r"SCHEDULING|PROCEDURAL|DISCOVERY|SUPPLEMENTAL|SECOND|FINAL|SUMMARY|INTERIM|CORRECTED|"
    r"DOCKET|STIPULATED|CONSENT|AGREED|PROTECTIVE|GENERAL|STANDING|SEALED|SO)\s+)*ORDER(?:ED|S)?\b"
    r"|^(?:MEMORANDUM|Memorandum)(?:\s+(?:OPINION|Opinion|DECISION|Decision))?\s+(?:AND|and|&)\s+"
    r"(?:ORDER|Order)\b"
    r"|^(?:OPINION|Opinion|DECISION|Decision)\s+(?:AND|and|&)\s+(?:ORDER|Order)\b"
    r"|^(?:Memorandum|MEMORANDUM|Memo|MEMO)\s+(?:Endorsement|ENDORSEMENT|Endorsed|ENDORSED)\b"
    r"|^(?:ENDORSED|Endorsed)\s+(?:LETTER|Letter)\b"
    r"|^(?:So|SO)\s+(?:Ordered|ORDERED)\b"
    r"|^(?:JOINT\s+|Joint\s+)?(?:STIPULATION|Stipulation)\s+(?:AND|and|&)\s+(?:ORDER|Order)\b"
    r"|^(?:MINUTE|Minute|TEXT\s+MINUTE)\s+(?:ENTRY|entry|Entry|ORDER|Order)\b"
    r"|^(?:Order|order)\b",
)
_GENERAL_ORDER = re.compile(
    r"^(?:GENERAL|STANDING|General|Standing)\s+(?:ORDER|Order)\b|^(?:[A-Z]+\s+){0,3}?"
    r"(?:PROTECTIVE|CONFIDENTIALITY)\s+ORDER\b|^(?:Stipulated\s+)?(?:Protective|Confidentiality)"
    r"\s+Order\b|PROTECTIVE\s+ORDER\s+(?:GOVERNING|REGARDING)",
)
_SCHEDULING_LEAD = re.compile(
    r"^(?:Set(?:/Reset)?\s+(?:Deadlines?|Hearings?)|Reset\s+(?:Deadlines?|Hearings?)|"
    r"(?:Motion|MOTION)\s+(?:Hearing|HEARING)|MOTIONS?\s+HEARING|Hearing\s+(?:set|reset|held)|"
    r"HEARING\b|Deadlines?\b|ELECTRONIC\s+NOTICE|Electronic\s+Notice|NOTICE\s+(?:of|OF)\s+"
    r"(?:Hearing|HEARING)|Notice\s+of\s+Hearing|(?:Motions?|MOTIONS?)\s+(?:No\s+Longer\s+)?"
    r"(?:Referred|REFERRED|Terminated|TERMINATED|Submitted|SUBMITTED)|Terminate\s+Deadlines|"
    r"Submission\s+of|Briefing\s+Schedule|Case\s+Reassigned|CLERK['’]?S\s+NOTICE|Clerk['’]?s\s+"
    r"Notice|Notice\s+of\s+Deficiency|NOTICE\s+OF\s+DEFICIENCY|Remark|REMARK)",
)
_TRANSCRIPT_REQUEST_LEAD = re.compile(
    r"^(?:Transcript\s+)?Redaction\s+Request|^REDACTION\s+REQUEST|^TRANSCRIPT\s+REDACTION", re.I
)
_MOTION_LEAD = re.compile(
    r"^(?P<poss>(?:[A-Z][\w.&,\-]*\s+){0,6}?[A-Za-z][\w.&\-]*(?:['’]s|s['’]|['’]))?\s*"
    r"(?:NOTICE\s+OF\s+(?:MOTION|Motion)\s+AND\s+|Notice\s+of\s+Motion\s+and\s+)?"
    r"(?:" + _MODS + r"\s+)*"
    r"(?P<noun>(?i:letter\s+motion|motion|application|request|petition(?=\s+(?:to|for)\s)|"
    r"notice\s+of\s+request|(?:joint\s+)?stipulation(?=\s+(?:to|re|for|regarding)\s)))\b",
)
_MOTION_BY = re.compile(r"^\s*(?:filed\s+)?by\s+(?P<movant>.+?)\s+(?=as\s+to\s|(?:to|for)\s)", re.I)
# Ninth Circuit style: "Filed (ECF) Respondent Pamela Bondi Motion to file under seal ..."
_APPELLATE_FILED = re.compile(
    r"^Filed\s+(?:\(ECF\)\s+)?(?!(?:clerk\s+)?order\b)(?P<who>[^.;]{2,120}?)\s+(?=(?i:(?:unopposed\s+|"
    r"joint\s+|emergency\s+)*motion)\b)"
)
_APPELLATE_ORDER = re.compile(r"^Filed\s+(?:clerk\s+|text\s+clerk\s+)?order\b", re.I)
_LETTER_LEAD = re.compile(r"^(?:LETTER|Letter)\b")
_REDACTION_LEAD = re.compile(
    r"^(?:\*\s*REDACTED\s*\*|REDACTED\b|Redacted\b|REDACTION\b|Redaction\b|PUBLIC\s+REDACTED\b|"
    r"Public\s+Redacted\b|\(?\s*PUBLIC\s+VERSION\b|NOTICE\s+OF\s+FILING\s+(?:OF\s+)?(?:PUBLIC\s+)?"
    r"REDACTED|Notice\s+of\s+Filing\s+(?:of\s+)?(?:Public\s+)?Redacted|NOTICE\s+of\s+Filing\s+"
    r"(?:of\s+)?(?:Public\s+)?Redacted)",
)
_MODIFICATION_LEAD = re.compile(
    r"^(?:MODIFICATION\s+OF\s+DOCKET|Modification\s+of\s+Docket|(?:CLERK['’]?S\s+|Clerk['’]?s\s+)?"
    r"(?:NOTICE|Notice)\s+(?:of|OF)\s+(?:Docket\s+|DOCKET\s+)?(?:Correction|CORRECTION)\b|"
    r"(?:DOCKET|Docket)\s+(?:CORRECTION|Correction)\b)"
)
_PAPER_LEAD = re.compile(
    r"^(?:RESPONSE|Response|REPLY|Reply|OPPOSITION|Opposition|OBJECTION|Objection|SUR-?REPLY|"
    r"Sur-?Reply|MEMORANDUM|Memorandum|DECLARATION|Declaration|AFFIDAVIT|Affidavit|BRIEF|Brief|"
    r"EXHIBIT|Exhibit|CERTIFICATE|Certificate|Joinder|JOINDER|STATEMENT|Statement|PROPOSED|"
    r"Proposed|\[PROPOSED\]|WITHDRAWAL|Withdrawal|NOTICE\s+of\s+Withdrawal|ANSWER|Answer|RETURN|"
    r"Return|TRAVERSE|Traverse|STATUS\s+REPORT|Status\s+Report|INDEX|Index|APPENDIX|Appendix|"
    r"TRANSCRIPT|Transcript|NOTICE\s+OF\s+FILING\s+OF\s+OFFICIAL\s+TRANSCRIPT|Supplemental|"
    r"SUPPLEMENTAL|Amended\s+(?:Response|Memorandum|Reply)|Notice\s+of\s+Service|NOTICE\s+OF\s+"
    r"SERVICE|Affidavit/Declaration|RECORD\s+RECEIVED|Supreme\s+Court\s+Case\s+Info)",
)

# A motion-like noun somewhere in the text (orders name the motions they rule on).
_NOUN = re.compile(
    r"\b(?:letter[\s-]+motions?|motions?|applications?|requests?|petitions?(?=\s+(?:to|for)\s)|"
    r"stipulations?(?=\s+(?:to|re|for|regarding)\s))\b(?!\s+hearing)",
    re.I,
)
_WINDOW_START = re.compile(
    r"^\s*(?:\(\s*(?:ECF|Dkt|Doc|Filing)[^)]*\)|\[\d{1,5}\])?\s*"
    r"(?:re:?\s+|regarding\s+|-\s*|/\s*|,\s*)?",
    re.I,
)
_WINDOW_END = re.compile(
    r"\s(?:by|filed\s+by|as\s+to|re:?|regarding|in\s+support\s+of|in\s+opposition\s+to|"
    r"response\s+to|reply\s+to|opposition\s+to|is|are|was|were)\s|;|\(Attachments|\(Entered|"
    r"(?<![\s.][A-Z])\.(?:\s+[A-Z(]|\s*$)|\bsupporting\b|\bjoin(?:ing|der)\b|"
    # "Exhibit A." ends a title (the letter is a label, not a name's initial); so do endorsements.
    r"(?:(?<=Exhibit\s[A-Z])|(?<=Exhibits\s[A-Z])|(?<=Appendix\s[A-Z])|(?<=Attachment\s[A-Z]))"
    r"\.(?=\s+[A-Z(]|\s*$)|\bENDORSEMENT\s*:|\bSO\s+ORDERED\b|"
    r"\s\[?\d{1,5}(?:\.\d+)?(?:\([a-z]\))?\]?\s+(?:Sealed\s+|SEALED\s+)?"
    r"(?:MOTION|Motion|motion)\b|(?-i:(?:\band\b|,)\s+(?:[A-Z][A-Za-z\-]+\s+){0,3}"
    r"(?:MOTION|APPLICATION)\b)",
    re.I,
)
_UNSEAL_OBJ = re.compile(
    r"\bun-?seal\w*|\blift\w*\s+(?:the\s+)?seal|\boppos\w*\s+(?:further\s+)?sealing|"
    r"\bde-?designat\w*|\bremove\s+(?:the\s+)?(?:seal|restriction)\w*|\bmake\s+public\b|"
    r"\bdisclose\s+(?:secret|sealed)",
    re.I,
)
_SEAL_OBJ = re.compile(
    r"\bseal(?:ing)?\b|\bunder\s*seal|\bbe\s+sealed\b|\bimpound(?:ment)?\b|\bredact\w*|"
    r"\bhighly\s+sensitive\b|\bfile\b[^;]{0,80}\bimpounded\b|\bfile\s+(?:(?!to\b)\w+\s+)?sealed\b|"
    r"\brestrict(?:ed|ion|ing)?\s+(?:\w+\s+){0,3}?(?:access|documents?|filings?|exhibits?|"
    r"entr(?:y|ies)|pdf|docket|record|viewing)\b|\bto\s+restrict\s*$|\bas\s+(?:a\s+)?restricted\b",
    re.I,
)
_PUBLIC_OBJ = re.compile(r"\bpublicly\b|\bon\s+the\s+public\s+(?:docket|record)\b", re.I)
_NOT_OBJ = re.compile(
    r"\b(?:view|obtain|access|copies\s+of|inspect)\s+(?:the\s+)?(?:sealed|under\s+seal)", re.I
)

_VERB = re.compile(
    r"\b(?P<v>granting\s+in\s+part\s+and\s+denying\s+in\s+part|grant(?:s|ed|ing)?\s+in\s+part|"
    r"den(?:ying|ies|ied)\s+in\s+part|den(?:ying|ies)\s+without\s+prejudice|"
    r"den(?:ying|ies)\s+as\s+moot|finding\s+as\s+moot|terminating\s+as\s+moot|mooting|"
    r"strik(?:ing|es)|granting|grants|allowing|allows|approving|approves|den(?:ying|ies)|"
    r"terminating|withdrawing|vacating)\b",
    re.I,
)
_PASSIVE = re.compile(
    r"^[^.;]{0,160}?\b(?:is|are|be|was|were|stands?)\s+(?:hereby\s+|therefore\s+|temporarily\s+|"
    r"provisionally\s+|accordingly\s+|partially\s+)*(?P<v>granted\s+in\s+part(?:\s+and\s+denied"
    r"\s+in\s+part)?|denied\s+in\s+part|denied\s+without\s+prejudice|denied\s+as\s+moot|"
    r"deemed\s+moot|granted|denied|allowed|moot|withdrawn|stricken|struck|terminated)\b",
    re.I,
)
# A motion to reconsider/vacate a sealing ruling: the ruling changes, the text says not which way.
_RECONSIDER = re.compile(
    r"^[\w-]+\s+(?:for\s+|to\s+)?(?:reconsider\w*|vacate|alter\s+or\s+amend|relief\s+from)\b", re.I
)
_PROVISIONAL = re.compile(r"temporar|provisional|pending\s+(?:review|further|the\s+court)", re.I)
# Directives need a directive shape (a verb aimed at the clerk or at documents); the bare words
# "sealed", "unsealed", "sealing of" also describe a state or a past event ("the previously
# unsealed transcript", "Because the petition is sealed", "briefing regarding the sealing of").
_SEAL_DIRECTIVE = re.compile(
    r"\bORDER\s+SEALING\b|\borders?\s+(?:the\s+)?seal(?:ing)?\s+of\b|"
    r"\b(?:stipulation|order)\b(?!\s+to\s+show\s+cause)[^.;]{0,100}?\b(?:concerning|regarding|re:?|for|"
    r"on|governing|and)\s+(?:the\s+)?(?:continued\s+)?sealing\s+of\b|\b(?:shall|will|must)\s+be\s+(?:sealed|impounded)\b|"
    r"\b(?:directed|ordered|instructed)\s+to\s+(?:seal|impound|restrict)\b|"
    r"\b(?:directed|ordered|instructed)\s+to\s+(?:file|maintain|place)\b[^.;]{0,80}?under\s+seal|"
    r"\bshall\s+(?:be\s+)?(?:filed|maintained|kept|placed|remain|lodged|docketed|held|retained)"
    r"\s+(?:[\w,()]+\s+){0,4}?(?:under\s+seal|sealed|as\s+(?:a\s+)?restricted|impounded|"
    r"restricted)\b|\bshall\s+remain\s+(?:under\s+)?seal(?:ed)?\b|"
    r"\b(?:is|are)\s+hereby\s+(?:sealed|impounded)\b|(?-i:\b(?:is|are|IS|ARE)\s+(?:HEREBY\s+)?"
    r"(?:SEALED|IMPOUNDED)\b)|\bORDERED\b[^.;]{0,160}?\b(?:is|are|be)\s+(?:sealed|impounded)\b|"
    r"\b(?:clerk|court)\s+(?:shall|will|is\s+directed\s+to)\s+seal\b|"
    r"\bseal(?:s|ed)?\s+the\s+(?:transcript|exhibit|document|docket|record|case|entry|filing)s?\b"
    r"|\btemporary\s+seal\b|\bprovisionally\s+seal|\border\s+to\s+(?:seal|impound|restrict)\b|"
    r"\bdirect(?:s|ed|ing)?\s+(?:the\s+)?(?:Clerk(?:['’]s\s+Office)?(?:\s+of\s+(?:the\s+)?Court)?\s+)?"
    r"to\s+(?:seal|impound|restrict|file\s+[^.;]{0,60}?under\s+seal)\b|"
    r"\b(?:authoriz|permit|allow)\w*\s+(?:[\w']+\s+){0,4}?(?:to\s+)?(?:fil|lodg|submi)\w*\s+"
    r"[^.;]{0,80}?under\s+seal|\bleave\s+to\s+file\s+[^.;]{0,80}?under\s+seal\s+is\s+granted",
    re.I,
)
_UNSEAL_DIRECTIVE = re.compile(
    r"\border(?:s|ed)?\s+(?:to\s+)?unseal(?:ing|ed)?\b|\bunseals\b|"
    r"\b(?:directed|ordered|instructed|authorized)\s+to\s+unseal\b|"
    r"\bdirect(?:s|ed|ing)?\s+(?:the\s+)?(?:Clerk(?:['’]s\s+Office)?(?:\s+of\s+(?:the\s+)?Court)?\s+)?"
    r"to\s+unseal\b|\b(?:shall|will|must)\s+(?:now\s+)?(?:be\s+)?unseal(?:ed)?\b|"
    r"\b(?:is|are)\s+hereby\s+unsealed\b|(?-i:\b(?:is|are|IS|ARE)\s+(?:HEREBY\s+)?UNSEALED\b)|"
    r"\bORDERED\b[^.;]{0,160}?\b(?:is|are|be)\s+unsealed\b|"
    r"\b(?:stipulation|order)\b(?!\s+to\s+show\s+cause)[^.;]{0,100}?\b(?:concerning|regarding|re:?|for|"
    r"on|governing|and)\s+(?:the\s+)?unsealing\s+of\b|"
    r"\blift(?:s|ing)?\s+(?:the\s+)?seal\b|\bseal\s+(?:is|shall\s+be)\s+(?:hereby\s+)?lifted\b|"
    r"\b(?:shall|will|must|directed\s+to)\s+(?:be\s+)?(?:re)?(?:placed|filed|docketed)\s+(?:on|in)\s+"
    r"the\s+public\s+(?:docket|record)\b",
    re.I,
)
# Clerk modifications and docket corrections record what the clerk did.
_MODIFIED_UNSEALED = re.compile(
    r"\b(?:was|were|has\s+been|have\s+been|is|now)\s+unsealed\b|"
    r"\bunseal(?:ed|ing)\s+(?:the\s+)?(?:docket\s+)?(?:entry|entries|document|case)\b",
    re.I,
)
_ANAPHORA = re.compile(
    r"\b(?:the|that|this|said|its|their|his|her)\s+(?:(?:unopposed|joint|sealing)\s+)?"
    r"(?:motion|request|application|letter(?:\s+motion)?)(?:\s*\([^)]{0,40}\))?\s+(?:is|are)\s+"
    r"(?:hereby\s+|therefore\s+|accordingly\s+)*(?P<v>granted\s+in\s+part(?:\s+and\s+denied\s+in"
    r"\s+part)?|denied\s+without\s+prejudice|denied\s+as\s+moot|granted|denied|moot)\b"
    r"|\bENDORSEMENT\s*:\s*(?:The\s+\w+\s+is\s+)?(?P<e>granted|denied|so\s+ordered)\b",
    re.I,
)
_REFERENCE_BEFORE = re.compile(
    r"\b(?:respond(?:ing)?\s+to|response\s+to|reply\s+to|opposition\s+to|oppos\w+|in\s+support\s+of|"
    r"regarding|re:?|as\s+to|concerning|extension\b[^.;]{0,60}|in\s+light\s+of)\s+"
    r"(?:the\s+|its\s+|their\s+|[\w.]+['’]s?\s+)?(?:\[?\d{1,5}\]?\s+)?(?:[\w-]+\s+){0,2}$",
    re.I,
)
_TITLE_MENTION = re.compile(r"^[^.;]{0,100}?\b(?:on|re:?|regarding|concerning)\s+", re.I)
_SCHEDULING_WORDS = re.compile(
    r"\bsett?ing\b|\bset\s+for\b|\bhearing\b|\bschedul|\bdeadline|\breferr|\bbriefing\b|"
    r"\bresponse\s+due\b|\bextension\b|\bcontinu",
    re.I,
)
_SUA_SPONTE = re.compile(r"\bsua\s+sponte\b|\bon\s+(?:its|the\s+court['’]s)\s+own\s+motion", re.I)
_ATTACHMENTS = re.compile(r"\(\s*Attachments?:[^()]*(?:\([^()]*\)[^()]*)*\)", re.I)
_SEALED_MARK = re.compile(
    r"\(\s*(?:SEALED|Sealed|sealed)(?:\s*-\s*[\w ]+)?\s*\)|\[\s*SEALED\s*\]|"
    r"\(\s*(?:Filed\s+)?Under\s+Seal\s*\)|(?<!to\s)(?<!be\s)\bfiled\s+under\s+seal\b|"
    r"\bThis\s+(?:document|entry)\s+is\s+SEALED\b|\bARE\s+SEALED\s+PURSUANT\b|"
    r"\bNotice\s+of\s+(?:Filing|Lodging)\s+(?:of\s+)?(?:Documents?\s+|Exhibits?\s+)?"
    r"(?:Under\s+Seal|Sealed)|\bNotice\s+of\s+Sealed\s+Filing\b|\bSealed\s*:\s*Yes\b|"
    r"\bhighly\s+sensitive\s+document\b|\bNOTICE\s+OF\s+MANUAL\s+FILING\b[^.;]{0,60}\bSEALED\b",
    re.I,
)
_SEALED_ATTACHMENT = re.compile(
    r"\(\s*filed\s+under\s+seal\s*\)|\bsealed\s+(?:exhibit|document)", re.I
)
_REDACTED_MARK = re.compile(
    r"\bRedacted\s+(?:Public\s+)?Version\b|\bPUBLIC\s+(?:REDACTED\s+)?VERSION\b|"
    r"\(\s*(?:Public\s+)?Redacted(?:\s+Version)?\s*\)|\[\s*REDACTED\s*\]|"
    r"\bREDACTED\s+VERSION\b|\bTHIS\s+IS\s+A\s+REDACTED\s+VERSION\b",
    re.I,
)
_REDACTED_ATTACHMENT = re.compile(r"(?<!un)redacted\b", re.I)
_MODIFIED_SEALED = re.compile(
    r"\b(?:was|were|has\s+been|have\s+been|is)\s+(?:now\s+)?sealed\b|\bsealed\s+the\s+"
    r"(?:docket\s+)?entry\b",
    re.I,
)
_LETTER_REQUEST = re.compile(
    r"\b(?:request\w*|seek\w*|asking|application)\s+(?:\w+\s+){0,6}?(?:to\s+)?"
    r"(?:file\s+[^.;]{0,100}?under\s+seal|seal\b|redact|maintain\s+[^.;]{0,60}?under\s+seal|"
    r"that\s+[^.;]{0,100}?be\s+(?:filed\s+under\s+seal|sealed|redacted))|\bre:?\s+(?:request|"
    r"motion)\s+(?:for\s+leave\s+)?to\s+(?:file\s+[^.;]{0,80}?under\s+seal|seal|redact)\b",
    re.I,
)
_LETTER_UNSEAL = re.compile(r"\b(?:request\w*|seek\w*|asking)\s+[^.;]{0,80}?\bunseal", re.I)

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
    r"\(\s*[A-Z]{2,5}\s*\)|(?<![\s.][A-Z])\.\s*\(|(?<![\s.][A-Z])\.\s+[A-Z(]|"
    r"(?<![\s.][A-Z])\.\s*$|\s+as\s+to\s|\s+re:?\s|\s+regarding\s|\s+in\s+support\b|"
    r"\s+to\s+(?:seal|file|unseal)\b|\s+for\s+leave\b|\s+Hearing\s+scheduled|\s+referred\s+to|"
    r"\s+-\s|\s+\[|\s+\(\s*\w+\s*\)\s*$|\s*\(\s*[a-z]+\s*\)|,\s*(?:filed|FILED)\b|"
    r"\s+(?:Noting|Motion\s+Docket|Date\s+of\s+service)\b|$)",
)
_ON_BEHALF = re.compile(r"\bon\s+behalf\s+of\s+(?P<who>.+)$", re.I)
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
_FILED_BY_AFTER = re.compile(r"^[^;]{0,160}?\bfiled\s+by\s+(?P<who>[^;]+)", re.I)

_JOINT = re.compile(
    r"\bjoint(?:ly)?\b|\bparties\b|\bstipulat\w*|\bplaintiffs?\s+and\s+defendants?\b|"
    r"\bpetitioners?\s+and\s+respondents?\b|\bdefendants?\s+and\s+plaintiffs?\b",
    re.I,
)
_THIRD_PARTY = re.compile(
    r"\bintervenors?\b|\bnon-?part(?:y|ies)\b|\bamic(?:us|i)\b|\binterested\s+part|"
    r"\bthird[\s-]part(?:y|ies)\b|\bnews\b|\btribune\b|\btimes\b|\bjournal(?:ists?)?\b|"
    r"\bgazette\b|\bmedia\b|\bbroadcast\w*|\breporters\s+committee\b|\bassociated\s+press\b|"
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
_PURE_ROLE = re.compile(
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


# ------------------------------------------------------------------------------ helpers


def _clean(text: str) -> tuple[str, set[str]]:
    """Whitespace-normalised text with boilerplate removed, and which boilerplate was seen."""
    text = _SPACE.sub(" ", text or "").strip()
    flags: set[str] = set()
    for pattern, flag in _BOILERPLATE:
        text, count = pattern.subn(" ", text)
        if count:
            flags.add(flag)
    return _SPACE.sub(" ", text).strip(), flags


def _object_window(text: str, start: int) -> str:
    """The object of the motion noun ending at ``start``: up to the next boundary."""
    rest = text[start : start + 240]
    lead = _WINDOW_START.match(rest)
    offset = lead.end() if lead else 0
    end = _WINDOW_END.search(rest, offset)
    return rest[offset : end.start() if end else len(rest)]


def _window_kind(window: str) -> str | None:
    """``seal``, ``unseal`` or None for a motion object."""
    if not window or _NOT_OBJ.search(window):
        return None
    if _UNSEAL_OBJ.search(window):
        return "unseal"
    if _SEAL_OBJ.search(window):
        return "seal"
    if _PUBLIC_OBJ.search(window):
        return "unseal"
    return None


def _trim_movant(raw: str) -> str:
    who = raw.strip()
    behalf = _ON_BEHALF.search(who)
    if behalf:
        who = behalf.group("who")
    end = _MOVANT_END.search(who)
    if end:
        who = who[: end.start()]
    who = who.strip(" ,.;:-")
    if who.endswith(" Inc") or who.endswith(" Corp") or who.endswith(" Co"):
        who += "."
    return who[:160]


def _filer(text: str, start: int = 0) -> str:
    """The first ``by X`` after ``start`` that names a filer (not ``Signed by Judge``)."""
    for match in _BY.finditer(text, start):
        prev = text[max(0, match.start() - 30) : match.start()]
        if not match.group("filed") and _BY_EXCLUDED_PREV.search(prev):
            continue
        who = text[match.end() :]
        if _BY_EXCLUDED_NEXT.match(who):
            continue
        trimmed = _trim_movant(who)
        if trimmed and len(trimmed) > 1:
            return trimmed
    return ""


def _possessor(before: str) -> str:
    """``Defendants``, ``the putative intervenor``, ``DEFENDANTS`` from text before a noun."""
    match = _POSSESSIVE_END.search(before) or _ROLE_CAPS_END.search(before)
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


def resolve_role(movant: str, case_name: str = "", context: str = "") -> str:
    """Map the movant as the text names it to a ``movant_role`` code, using the caption."""
    if not movant:
        return "unknown"
    if _SUA_SPONTE.search(movant) or movant.lower() in ("court", "the court"):
        return "court_sua_sponte"
    if _JOINT.search(movant):
        return "joint"
    plaintiff_side, defendant_side = _caption(case_name)
    prosecution = bool(_FEDERAL_PROSECUTOR.match(plaintiff_side)) and bool(defendant_side)
    gov_plaintiff = bool(defendant_side) and is_government_party(plaintiff_side)
    gov_defendant = bool(defendant_side) and is_government_party(defendant_side, loose=True)
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
            if defendant_side:
                return "defendant_nongov"
            return "criminal_defendant" if _AS_TO_DEFENDANT.search(context) else "unknown"
    words = _tokens(rest)
    if words and defendant_side:
        if words & _tokens(defendant_side):
            if gov_defendant:
                return "government"
            return "criminal_defendant" if prosecution else "defendant_nongov"
        if words & _tokens(plaintiff_side):
            return "government" if gov_plaintiff else "plaintiff_petitioner"
    if prosecution or _AS_TO_DEFENDANT.search(context):
        return "criminal_defendant"
    return "unknown"


def _combine_roles(movants: list[str], case_name: str, context: str) -> tuple[str, str]:
    texts = list({m.lower(): m for m in reversed(movants) if m}.values())[::-1]
    if not texts:
        return "unknown", ""
    roles = {resolve_role(t, case_name, context) for t in texts}
    text = "; ".join(texts)
    if len(roles) == 1:
        return roles.pop(), text
    return ("joint" if "joint" in roles else "unknown"), text


_OUTCOME_OF_VERB = (
    (re.compile(r"in\s+part", re.I), "granted_in_part"),
    (re.compile(r"without\s+prejudice", re.I), "denied"),
    (re.compile(r"moot|terminat|withdraw|vacat", re.I), "moot"),
    (re.compile(r"strik|struck|stricken", re.I), "denied"),
    (re.compile(r"grant|allow|approv", re.I), "granted"),
    (re.compile(r"den", re.I), "denied"),
)


def _verb_outcome(verb: str) -> str:
    for pattern, outcome in _OUTCOME_OF_VERB:
        if pattern.search(verb):
            return outcome
    return "unknown"


def _combine_outcomes(outcomes: list[str]) -> str:
    decided = [o for o in outcomes if o != "moot"] or outcomes
    kinds = set(decided)
    if not kinds:
        return "unknown"
    if len(kinds) == 1:
        return kinds.pop()
    if "granted_in_part" in kinds or {"granted", "denied"} <= kinds:
        return "granted_in_part"
    return "unknown"


def _docs(refs: list[int]) -> str:
    if not refs:
        return ""
    shown = ", ".join(str(r) for r in refs[:5]) + (", …" if len(refs) > 5 else "")
    return f" (Doc. {shown})" if len(refs) == 1 else f" (Docs. {shown})"


def _whose(movant: str) -> str:
    """``defendants' motion`` for role words, ``motion by X`` otherwise (for summaries)."""
    if not movant or ";" in movant:
        return ""
    if _PURE_ROLE.match(movant):
        low = movant.lower()
        return low + ("'" if low.endswith("s") else "'s")
    return ""


def _summary(
    event: str, outcome: str, movant: str, refs: list[int], rule: str, plural: bool = False
) -> str:
    docs = _docs(refs)
    short_movant = movant if len(movant) <= 60 else movant[:57] + "…"
    by = f" by {short_movant}" if short_movant else ""
    noun = "motions" if plural else "motion"
    if event == "motion_to_seal":
        return f"Motion to seal{by}{docs}"
    if event == "unseal_motion":
        return f"Motion to unseal{by}{docs}"
    if event == "sealed_filing":
        return f"Sealed filing{by}{docs}"
    if event == "redaction":
        return f"Redacted version{by}{docs}"
    target = "unseal" if event == "unsealing_order" else "seal"
    if "directive" in rule:
        verb = "unsealing" if target == "unseal" else "sealing"
        tail = " on the court's own motion" if ".sua_sponte" in rule else ""
        return f"Order {verb} documents{tail}{docs}"
    if ".annotation" in rule:
        return f"Unsealed pursuant to order{docs}"
    if ".reconsideration" in rule:
        return f"Order on reconsideration of a sealing ruling{by}{docs}"
    verb = {
        "granted": "granting",
        "denied": "striking" if ".strike" in rule else "denying",
        "granted_in_part": "granting in part",
        "moot": "mooting",
    }.get(outcome, "on")
    whose = _whose(movant)
    if whose:
        return f"Order {verb} {whose} {noun} to {target}{docs}"
    return f"Order {verb} {noun} to {target}{by}{docs}"


def _event(
    event: str,
    outcome: str,
    refs: list[int],
    movant_text: str,
    case_name: str,
    rule: str,
    context: str,
    role: str | None = None,
    plural: bool = False,
) -> Classification:
    if role is None:
        role = resolve_role(movant_text, case_name, context) if movant_text else "unknown"
    return Classification(
        True,
        event,
        outcome,
        refs,
        role,
        movant_text,
        rule,
        _summary(event, outcome, movant_text, refs, rule, plural),
    )


# ------------------------------------------------------------------------------ families


def _paper_markers(
    clean: str, sealed_lead: bool, egov: bool, case_name: str, refs: list[int], rule_base: str
) -> Classification | None:
    """Sealed or redacted papers (any family): the paper itself is the event."""
    body = _ATTACHMENTS.sub(" ", clean)
    movant = _filer(body)
    if sealed_lead and not egov:
        return _event("sealed_filing", "none", refs, movant, case_name, "sealed.lead.v1", clean)
    if _SEALED_MARK.search(body):
        return _event("sealed_filing", "none", refs, movant, case_name, "sealed.marker.v1", clean)
    if _REDACTED_MARK.search(body):
        return _event("redaction", "none", refs, movant, case_name, "redaction.marker.v1", clean)
    attachments = " ".join(m.group(0) for m in _ATTACHMENTS.finditer(clean))
    if attachments and _SEALED_ATTACHMENT.search(attachments):
        return _event(
            "sealed_filing", "none", refs, movant, case_name, "sealed.attachment.v1", clean
        )
    if attachments and _REDACTED_ATTACHMENT.search(attachments):
        return _event(
            "redaction", "none", refs, movant, case_name, "redaction.attachment.v1", clean
        )
    return None


def _motion(
    clean: str, body: str, lead: re.Match[str], case_name: str, refs: list[int]
) -> Classification | None:
    """A request family entry: is one of its own motions a sealing/unsealing request?"""
    kinds: list[str] = []
    start = lead.end()
    by_clause = _MOTION_BY.match(body[start:])
    movant = ""
    if by_clause:  # N.D. Ill.: "MOTION by Plaintiffs A, B for leave to file exhibits under seal"
        movant = _trim_movant(by_clause.group("movant"))
        rest = body[start + by_clause.end() :]
        kind = _window_kind(re.split(r"\(Attachments|\(Entered", rest)[0][:240])
        if kind:
            kinds.append(kind)
    else:
        kind = _window_kind(_object_window(body, start))
        if kind:
            kinds.append(kind)
    for conj in re.finditer(
        r"(?:\band\b|,|;|/)\s*(?:(?:Joint|JOINT|Emergency|EMERGENCY|Unopposed|UNOPPOSED|Ex\s+Parte|"
        r"EX\s+PARTE|Sealed|SEALED|Interim|Administrative)\s+)*(?:MOTION|APPLICATION|Motion\s+to"
        r"\s+Seal\b|Motion\s+to\s+File\s+Under\s+Seal\b)",
        body[start:],
    ):
        kind = _window_kind(_object_window(body, start + conj.end()))
        if kind and not re.search(r"\d\s*$", body[: start + conj.start()]):
            kinds.append(kind)
            break
    if not kinds:
        return None
    event = "motion_to_seal" if kinds[0] == "seal" or "seal" in kinds else "unseal_motion"
    if event == "motion_to_seal" and kinds[0] == "unseal":
        event = "unseal_motion"
    poss = (lead.group("poss") or "").strip()
    behalf = _ON_BEHALF.search(re.split(r"\(Attachments|\(Entered", body)[0])
    behalf_text = _trim_movant(behalf.group(0)) if behalf else ""
    movant = movant or _filer(body, start) or behalf_text or poss
    noun = lead.group("noun").lower()
    if "stipulation" in noun and not movant:
        movant = "Stipulation of the parties"
    rule = "motion.unseal.v1" if event == "unseal_motion" else "motion.seal.v1"
    if noun.startswith("letter"):
        rule = rule.replace(".v1", ".letter.v1")
    role = None
    if "stipulation" in noun or re.search(r"^\W*(?:joint|stipulated|agreed)\b", body, re.I):
        role = "joint"
    return _event(event, "none", refs, movant, case_name, rule, clean, role)


def _letter(clean: str, body: str, case_name: str, refs: list[int]) -> Classification | None:
    """S.D.N.Y.-style letters that ask for sealing or unsealing."""
    movant = _filer(body)
    if not movant:
        sender = re.search(r"\bfrom\s+(?P<who>.+?)\s+(?:to|dated|re:?)\b", body, re.I)
        movant = _trim_movant(sender.group("who")) if sender else ""
    if _LETTER_UNSEAL.search(body):
        return _event(
            "unseal_motion", "none", refs, movant, case_name, "motion.unseal.letter.v1", clean
        )
    if _LETTER_REQUEST.search(body):
        return _event(
            "motion_to_seal", "none", refs, movant, case_name, "motion.seal.letter.v1", clean
        )
    return None


def _clause_start(body: str, start: int) -> int:
    """Start of the clause (after ``;`` or ``. ``) holding ``start``, at most _CLAUSE_BACK back."""
    low = max(0, start - _CLAUSE_BACK)
    found = max(body.rfind(";", low, start), body.rfind(". ", low, start))
    return found + 1 if found >= 0 else low


def _ruling_verb(body: str, start: int) -> tuple[str, int] | None:
    """The ruling verb (``granting``) of the clause before the noun at ``start`` and where it
    ends, when no other motion or ``re N`` reference stands between them."""
    clause_start = _clause_start(body, start)
    before = body[clause_start:start]
    verbs = list(_VERB.finditer(before))
    if not verbs:
        return None
    verb = verbs[-1]
    between = before[verb.end() :]
    if _NOUN.search(between) or re.search(r"\bre:?\s+\[?\d", between, re.I):
        return None
    return verb.group("v"), clause_start + verb.end()


def _order(
    clean: str, body: str, sealed_lead: bool, case_name: str, refs: list[int]
) -> Classification | None:
    """An order: what sealing motions it rules on and how, or what it directs."""
    if _GENERAL_ORDER.search(body[:160]):
        return _not_sealing("trap.general_or_protective_order.v1", refs)
    mentions: list[tuple[int, int, str]] = []  # (noun start, window end, kind)
    # Other motions the order rules on ("granting 3 Motion to Proceed Under Pseudonym"): their
    # titles are masked from the directive search and their entry numbers are not the event's.
    other_spans: list[tuple[int, int]] = []
    other_refs: set[int] = set()
    for noun in _NOUN.finditer(body):
        window = _object_window(body, noun.end())
        kind = _window_kind(window)
        end = noun.end() + len(window)
        if kind:
            mentions.append((noun.start(), end, kind))
            continue
        ruling = _ruling_verb(body, noun.start())
        if ruling is None:
            continue
        verb_end = ruling[1]
        tail = re.match(r"\s*\([^()]{0,40}\)", body[end : end + 60])
        other_refs.update(extract_refs(body[verb_end : end + (tail.end() if tail else 0)]))
        stop = re.compile(r";|\.(?:\s|$)").search(body, end, end + _CLAUSE_AHEAD)
        other_spans.append((noun.start(), stop.start() if stop else end))

    governed: list[tuple[str, str, str]] = []  # (kind, outcome, movant)
    governed_refs: set[int] = set()
    verbs_seen: list[str] = []
    reconsider = False
    for start, end, kind in mentions:
        clause_start = _clause_start(body, start)
        before = body[clause_start:start]
        ruling = _ruling_verb(body, start)
        outcome = ""
        if ruling is not None:
            outcome = _verb_outcome(ruling[0])
            verbs_seen.append(ruling[0])
        if not outcome:
            after = body[end : end + _CLAUSE_AHEAD]
            next_noun = _NOUN.search(after)
            passive = _PASSIVE.match(after[: next_noun.start()] if next_noun else after)
            if passive:
                outcome = _verb_outcome(passive.group("v"))
                verbs_seen.append(passive.group("v"))
        if not outcome:
            continue
        governed_refs.update(extract_refs(body[ruling[1] if ruling else start : end]))
        noun_text = body[start:end].lower()
        if _RECONSIDER.match(noun_text):
            outcome, reconsider = "unknown", True
        movant = _possessor(before[-90:])
        if not movant and (
            noun_text.startswith("stipulation")
            or re.search(r"\b(?:joint|stipulated)\s+$", before[-25:], re.I)
        ):
            movant = "Joint"
        if not movant:
            filed = _FILED_BY_AFTER.match(body[end : end + _CLAUSE_AHEAD])
            movant = _trim_movant(filed.group("who")) if filed else ""
        governed.append((kind, outcome, movant))

    # Refs of an order: drop the entry numbers of the other motions it rules on.
    refs = [r for r in refs if r not in other_refs or r in governed_refs]
    if mentions and not governed:
        anaphora = _ANAPHORA.search(body, mentions[0][1])
        title = _TITLE_MENTION.match(body)
        is_title = bool(title) and mentions[0][0] <= title.end() + 20
        first_before = body[max(0, mentions[0][0] - 60) : mentions[0][0]]
        if anaphora and anaphora.group("e") and not is_title:
            anaphora = None
        if anaphora and not is_title and _REFERENCE_BEFORE.search(first_before):
            anaphora = None
        if anaphora:
            verb = anaphora.group("v") or anaphora.group("e")
            start, end, kind = mentions[0]
            clause_start = _clause_start(body, start)
            governed.append(
                (
                    kind,
                    _verb_outcome(verb.replace("so ordered", "granted")),
                    _possessor(body[clause_start:start][-90:]),
                )
            )
            verbs_seen.append(verb)
    sua_sponte = bool(_SUA_SPONTE.search(body))
    if governed:
        kinds = {k for k, _, _ in governed}
        event = "unsealing_order" if kinds == {"unseal"} else "sealing_order"
        focus = "unseal" if event == "unsealing_order" else "seal"
        outcome = _combine_outcomes([o for k, o, _ in governed if k == focus])
        verbs = " ".join(verbs_seen)
        if re.search(r"strik|struck", verbs, re.I) and outcome == "denied":
            rule = "order.strike.v1"
        elif outcome == "granted" and _PROVISIONAL.search(body):
            rule = "order.grant_provisional.v1"
        else:
            rule = {
                "granted": "order.grant.v1",
                "denied": "order.deny.v1",
                "granted_in_part": "order.grant_in_part.v1",
                "moot": "order.moot.v1",
            }.get(outcome, "order.mixed.v1")
        if len(governed) > 1 and len({o for _, o, _ in governed}) > 1:
            rule = "order.multi_motion.v1"
        if reconsider and outcome == "unknown":
            rule = "order.reconsideration.v1"
        role, movant = _combine_roles([m for _, _, m in governed], case_name, clean)
        return _event(
            event,
            outcome,
            refs,
            movant,
            case_name,
            rule,
            clean,
            role,
            plural=len(governed) > 1 or bool(re.search(r"motions\s+to", body, re.I)),
        )

    # No ruling on a named motion: directives ("Directing the Clerk to unseal", "ORDER SEALING").
    pieces: list[str] = []
    last = 0
    for start, end in sorted([(s, e) for s, e, _ in mentions] + other_spans):
        if end <= last:
            continue
        start = max(start, last)
        pieces += [body[last:start], " " * (end - start)]
        last = end
    masked = "".join([*pieces, body[last:]])
    masked = re.sub(r"\b(No|Nos|Dkt|Dkts|Doc|Docs)\.", r"\1 ", masked)
    requested = bool(re.search(r"\b(?:motion|request|application|letter)", body, re.I))
    if _UNSEAL_DIRECTIVE.search(masked):
        rule = "order.unseal_directive.v1"
        event = "unsealing_order"
    elif _SEAL_DIRECTIVE.search(masked):
        rule = "order.seal_directive.v1"
        event = "sealing_order"
    else:
        event = ""
    if event:
        if re.search(r"\bre:?\s+\[?\d", body[:80], re.I):
            requested = True
        if re.search(r"\bstipulat", body, re.I):
            return _event(event, "granted", refs, "", case_name, rule, clean, "joint")
        if mentions:
            movant = _possessor(body[max(0, mentions[0][0] - 90) : mentions[0][0]])
            if movant:
                return _event(event, "granted", refs, movant, case_name, rule, clean)
        if sua_sponte or not requested:
            rule = rule.replace("_directive", "_directive.sua_sponte")
            return _event(event, "granted", refs, "", case_name, rule, clean, "court_sua_sponte")
        return _event(event, "granted", refs, "", case_name, rule, clean, "unknown")

    # An order titled on a sealing motion whose result the text does not give.
    if mentions and not _SCHEDULING_WORDS.search(body):
        title = _TITLE_MENTION.match(body)
        first = mentions[0]
        if title and first[0] <= title.end() + 20:
            event = "unsealing_order" if first[2] == "unseal" else "sealing_order"
            movant = _possessor(body[max(0, first[0] - 90) : first[0]])
            if not movant:
                filed = _FILED_BY_AFTER.match(body[first[1] : first[1] + _CLAUSE_AHEAD])
                movant = _trim_movant(filed.group("who")) if filed else ""
            return _event(event, "unknown", refs, movant, case_name, "order.unknown.v1", clean)
    return None


# ------------------------------------------------------------------------------ entry point


def _classify_text(text: str, case_name: str) -> Classification:
    if not text or not _ANY_TERM.search(text):
        return _not_sealing("none.no_terms.v1", extract_refs(text) if text else [])
    clean, flags = _clean(text)
    refs = extract_refs(clean)
    if not _ANY_TERM.search(clean):
        flag = sorted(flags - {"false_friend"}) or sorted(flags) or ["none"]
        return _not_sealing(f"trap.{flag[0]}.v1", refs)

    body = _JUDGE_PREFIX.sub("", clean).lstrip(" *:-")
    sealed_lead = False
    lead = _SEALED_LEAD.match(body)
    if lead:
        sealed_lead = True
        body = body[lead.end() :]
        again = _SEALED_LEAD.match(body)  # "**SEALED DOCUMENT** SEALED MOTION ..."
        if again:
            body = body[again.end() :]
    egov = "egov" in flags
    appellate_filer = ""
    filed_lead = _APPELLATE_FILED.match(body)
    if filed_lead:
        appellate_filer = _trim_movant(filed_lead.group("who"))
        body = body[filed_lead.end() :]
    elif _APPELLATE_ORDER.match(body):
        body = "ORDER " + body[_APPELLATE_ORDER.match(body).end() :]
    attachments_free = _ATTACHMENTS.sub(" ", body)

    if _UNSEALED_LEAD.match(body) or (not sealed_lead and _UNSEALED_NOTE.match(body)):
        return _event(
            "unsealing_order",
            "granted",
            refs,
            "",
            case_name,
            "unseal.annotation.v1",
            clean,
            "unknown",
        )
    if _MODIFICATION_LEAD.match(body):
        if _MODIFIED_UNSEALED.search(body):
            return _event(
                "unsealing_order",
                "granted",
                refs,
                "",
                case_name,
                "unseal.annotation.v1",
                clean,
                "unknown",
            )
        if _MODIFIED_SEALED.search(body):
            return _event(
                "sealed_filing",
                "none",
                refs,
                "",
                case_name,
                "sealed.clerk_modification.v1",
                clean,
                "unknown",
            )
        return _not_sealing("none.modification.v1", refs)

    if _TRANSCRIPT_REQUEST_LEAD.match(body):
        return _not_sealing("trap.transcript_redaction_request.v1", refs)
    if _SCHEDULING_LEAD.match(body):
        return _not_sealing("trap.scheduling.v1", refs)

    order_like = _ORDER_LEAD.match(body) or (
        re.search(r"(?:;|,)\s*(?:\[PROPOSED\]\s*)?ORDER\b", attachments_free)
        and re.search(r"\bsigned\s+by\b", attachments_free, re.I)
    )
    if order_like:
        result = _order(clean, attachments_free, sealed_lead, case_name, refs)
        if result is not None:
            return result
        marked = _paper_markers(clean, sealed_lead, egov, case_name, refs, "order")
        if marked is not None:
            return Classification(
                True,
                marked.event_type,
                "none",
                refs,
                "unknown",
                "",
                marked.rule_id.replace("sealed.", "sealed.order_"),
                "Sealed order" + _docs(refs),
            )
        return _not_sealing("none.order_other.v1", refs)

    redaction_lead = _REDACTION_LEAD.match(body)
    if redaction_lead:
        movant = _filer(attachments_free)
        return _event("redaction", "none", refs, movant, case_name, "redaction.lead.v1", clean)

    motion_lead = _MOTION_LEAD.match(body)
    if motion_lead:
        result = _motion(clean, attachments_free, motion_lead, case_name, refs)
        if result is not None and appellate_filer and not result.movant_text:
            role = result.movant_role
            if role == "unknown":
                role = resolve_role(appellate_filer, case_name, clean)
            result = _event(
                result.event_type,
                "none",
                refs,
                appellate_filer,
                case_name,
                result.rule_id,
                clean,
                role,
            )
        if result is not None:
            return result
    elif _LETTER_LEAD.match(body):
        result = _letter(clean, attachments_free, case_name, refs)
        if result is not None:
            return result

    marked = _paper_markers(clean, sealed_lead, egov, case_name, refs, "paper")
    if marked is not None:
        return marked
    if _PAPER_LEAD.match(body):
        return _not_sealing("trap.mentions_sealing_motion.v1", refs)
    if motion_lead:
        return _not_sealing("none.motion_other.v1", refs)
    if egov:
        return _not_sealing("trap.egov.v1", refs)
    return _not_sealing("none.other.v1", refs)


# The PACER RSS parser joins the event names of a multi-event item with " AND " (sorted), and
# some courts list several events separated by "; ".
_SHORT_SPLIT = re.compile(r"\s+AND\s+|\s*;\s+")
# When several event names of one item are sealing events: rulings first, then requests, then
# papers (a sealing and an unsealing ruling together read as a sealing order, as in full texts).
_SHORT_PRIORITY = (
    "sealing_order",
    "unsealing_order",
    "motion_to_seal",
    "unseal_motion",
    "sealed_filing",
    "redaction",
)


def _classify_short(short: str, case_name: str) -> Classification:
    """An RSS short description: each merged event name is judged on its own, so that ``Order on
    Motion to Seal AND ~Util - Set Deadlines`` is not vetoed by the other event's scheduling words
    and ``Order on Motion to Dismiss AND ...`` cannot borrow a sealing word from a neighbour."""
    parts = [part for part in _SHORT_SPLIT.split(short) if part.strip()]
    if len(parts) <= 1:
        return _classify_text(short, case_name)
    results = [_classify_text(part, case_name) for part in parts]
    sealing = [r for r in results if r.is_sealing]
    if not sealing:
        return results[0]
    return min(sealing, key=lambda r: _SHORT_PRIORITY.index(r.event_type))


def classify(text: str, short_description: str = "", case_name: str = "") -> Classification:
    """Classify one docket entry (full text and/or the RSS short description).

    A text that is the opening of the filed document instead (CourtListener's Atom feed) is
    read from its title, without the CM/ECF stamp and the caption (`monitor.excerpt`).
    """
    text = docket_reading((text or "")[:MAX_TEXT])
    short = (short_description or "")[:MAX_TEXT]
    primary = _classify_text(text, case_name) if text.strip() else None
    if primary is not None and primary.is_sealing:
        return primary
    if short.strip():
        from_short = _classify_short(short, case_name)
        if from_short.is_sealing:
            if primary is None:
                return from_short
            # The event name decides; the full text still knows the targets and the filer.
            movant = _filer(_ATTACHMENTS.sub(" ", _clean(text)[0])) or from_short.movant_text
            role = resolve_role(movant, case_name, text) if movant else from_short.movant_role
            refs = primary.refs or from_short.refs
            rule = "short." + from_short.rule_id
            return Classification(
                True,
                from_short.event_type,
                from_short.outcome,
                refs,
                role,
                movant,
                rule,
                _summary(from_short.event_type, from_short.outcome, movant, refs, rule),
            )
    if primary is None:
        return _classify_short(short, case_name) if short.strip() else _not_sealing("none.empty.v1")
    return primary
