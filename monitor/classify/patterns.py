"""Shared compiled patterns of the docket-entry classifier: boilerplate, leads, limits.

**Boilerplate is removed first** (:func:`strip_boilerplate`), because it mentions sealing in
entries that are about something else: D.N.J.'s ``NOTICE TO COUNSEL: ... a single, consolidated
motion to seal shall be filed within 14 days``; transcript notices (``NOTICE REGARDING (1)
REDACTION OF PERSONAL IDENTIFIERS IN TRANSCRIPTS AND (2) MOTION TO REDACT AND SEAL``, ``Notice of
Intent to Request Redaction``, ``Redaction Request due``, ``Remote electronic access to the
transcript is restricted until``); D. Neb./E-Government Act notices (``ACCESS TO THE PDF DOCUMENT
IS RESTRICTED TO CASE PARTICIPANTS ...``), which are Rule 49.1/5.2 access limits, not sealing;
``Sealed: None`` fields (appellate record-received entries); and false friends (``Seal Beach``,
``Great Seal``, ``Navy SEAL``, ``seal of the court``). ``Sealy`` or ``sealant`` never match
because every pattern is word-bounded.

**The leading event decides the family** (domain.md §1). CM/ECF texts start with the event name,
so the first words tell a request (``MOTION``, ``LETTER MOTION``, ``APPLICATION``,
``Administrative Motion``, ``Ex Parte Application``, ``NOTICE of Request to Seal``, ``REQUEST``)
from a ruling (``ORDER``, ``TEXT ORDER``, ``MINUTE ORDER``, ``ELECTRONIC ORDER``, ``LETTER
ORDER``, ``Memorandum Endorsement``, ``OPINION & ORDER``, ``So Ordered Stipulation``, N.D. Ill.
``MINUTE entry``, judge-name prefixes ``Judge X: ELECTRONIC ORDER``) from papers that only
*mention* a sealing motion (``RESPONSE to Motion re 19 MOTION to Seal``, ``Opposition re 10
MOTION to Seal``, ``MEMORANDUM in Support re``, ``Set Deadlines as to 94 MOTION to Seal``,
``Motion Hearing set for ... re Motion to Seal``, ``ELECTRONIC NOTICE Setting Hearing``,
``Motions referred``): those are ``not_sealing`` unless the paper is itself sealed or redacted.
Protective orders and general/standing orders (``GENERAL_ORDER``) are not sealing events even
when they describe how to file under seal.

**Annotations.** ``(UNSEALED Pursuant to Order ..., Doc. #47)``, ``Case Unsealed``,
``Indictment unsealed`` → ``unsealing_order`` (granted): the entry records that unsealing
happened (only when the entry *starts* so). Clerk modifications and ``NOTICE of Docket
Correction`` entries that say the document was sealed → ``sealed_filing``, unsealed →
``unsealing_order`` (``MODIFIED_SEALED``, ``MODIFIED_UNSEALED``).

**Cost is bounded.** Only the first ``MAX_TEXT`` (6,000) characters of a text or short
description are read: entries put their event first, real entries run to ~2,500 characters, and
the texts of up to 100,000 characters that reach us (whole orders) are not worth more.

Imports nothing from the package (it is the bottom layer).
"""

from __future__ import annotations

import re

# Only this many leading characters of a text (and of a short description) are read. Docket
# entries put their event first (domain.md §1), real entries run to ~2,500 characters, and texts
# of up to 100,000 characters (whole opinions pasted into an entry) would otherwise cost time in
# proportion to their length for nothing; references are taken from the same prefix.
MAX_TEXT = 6000
ANY_TERM = re.compile(r"seal|redact|impound|restrict|lodg|sensitive|publicly", re.I)
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
        # TR-01 FOIA withholding: a Vaughn index and records "withheld or redacted under
        # Exemption 6" are an agency's redactions of its own records, not of court papers.
        # Bounded to 160 characters after the index's name.
        (
            r"\bVaughn\s+(?:Index|Declaration|Log)\b[^,;()#]{0,160}|"
            r"\b(?:withh[eo]ld\w*\s+(?:or|and|and/or)\s+)?redact\w*\s+(?:pursuant\s+to|under)\s+"
            r"(?:FOIA\s+)?Exemptions?\b[^,;()#]{0,40}|\bFOIA\s+redactions?\b",
            "foia",
        ),
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


def strip_boilerplate(text: str) -> tuple[str, set[str]]:
    """Whitespace-normalised text with boilerplate removed, and which boilerplate was seen."""
    text = _SPACE.sub(" ", text or "").strip()
    flags: set[str] = set()
    for pattern, flag in _BOILERPLATE:
        text, count = pattern.subn(" ", text)
        if count:
            flags.add(flag)
    return _SPACE.sub(" ", text).strip(), flags


# Leads before an entry's own title: a judge's name (S.D.N.Y. "Judge X:"), "(Court only)", and
# AP-01 the 10th Circuit's bracketed entry id ("[11234567] Appellee's motion to file ...").
JUDGE_PREFIX = re.compile(
    r"^(?:\s|\*|\(Court\s+only\)|\[\d{6,10}\]|(?:(?:Chief|Senior|U\.\s?S\.)\s+)?"
    r"(?:(?:District|Magistrate|Bankruptcy)\s+)?Judge\s+[A-Z][\w.'\- ]{1,60}?:)+",
)
# SF-02 a minutes header before the entry's own title (D. Utah "Minute Entry for proceedings held
# before Judge X: SEALED MINUTE ENTRY for ...", N.D. Ill. "MINUTE entry before the Honorable X:"):
# a sealed marker right after the header is the entry's lead. Bounded to 240 characters.
MINUTES_HEADER = re.compile(
    r"^(?i:minute\s+entry|minutes)\b[^:]{0,120}?\bbefore\b[^:]{3,100}:\s*",
)
# SF-03 a clerk's note that records what the clerk did ("***STAFF NOTES as to X: ... The document
# was sealed and they will refile it", "NOTE: Docket entry 12 has been sealed"): read like a docket
# modification (MODIFIED_SEALED / MODIFIED_UNSEALED); a note that says neither is read as usual.
CLERK_NOTE_LEAD = re.compile(
    r"^(?:STAFF\s+NOTES?|Staff\s+Notes?|NOTE|Note|CLERK['’]?S\s+NOTE|Clerk['’]?s\s+Note|"
    r"DOCKET\s+(?:TEXT\s+)?NOTE|Docket\s+(?:Text\s+)?Note)\b"
)
SEALED_LEAD = re.compile(
    r"^(?:\*\*\s*SEALED\s+DOCUMENT\s*\*\*|\(\s*DOCUMENT\s+FILED\s+UNDER\s+SEAL\s*\)|"
    r"DOCUMENT\s+FILED\s+UNDER\s+SEAL|\[\s*SEALED\s*\]|\(\s*SEALED\s*\)|(?:PROPOSED\s+)?SEALED\b|"
    r"(?:Proposed\s+)?Sealed\b|UNDER\s+SEAL\b|RESTRICTED\s+(?=DOCUMENT|MOTION|EXHIBIT))\s*[:\-]?\s*",
)
UNSEALED_LEAD = re.compile(r"^\(?\s*(?:UNSEALED\b|This\s+Document\s+(?:is|was)\s+Unsealed\b)", re.I)
UNSEALED_NOTE = re.compile(
    # UN-01 "NOTICE OF UNSEALING as to ...", "Notice that the case was unsealed".
    r"^(?:NOTICE|Notice)\s+(?:of|OF)\s+(?:UNSEALING|Unsealing)\b|^(?:NOTICE|Notice)\s+that\s+"
    r"(?:the\s+)?(?:case|indictment|complaint|information)\s+(?:was|has\s+been|is)\s+unsealed\b|"
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
ORDER_LEAD = re.compile(
    r"^(?:(?:TEXT|MINUTE|ELECTRONIC|LETTER|AMENDED|ORAL|CLERK['’]?S?|PAPERLESS|ENDORSED|"
    r"SCHEDULING|PROCEDURAL|DISCOVERY|SUPPLEMENTAL|SECOND|FINAL|SUMMARY|INTERIM|CORRECTED|"
    r"DOCKET|STIPULATED|CONSENT|AGREED|PROTECTIVE|GENERAL|STANDING|SEALED|SO)\s+)*ORDER(?:ED|S)?\b"
    r"|^(?:MEMORANDUM|Memorandum)(?:\s+(?:OPINION|Opinion|DECISION|Decision))?\s+(?:AND|and|&)\s+"
    r"(?:ORDER|Order)\b"
    r"|^(?:OPINION|Opinion|DECISION|Decision)\s+(?:AND|and|&)\s+(?:ORDER|Order)\b"
    # OL-01 W.D. La. "MEMORANDUM ORDER:", Second Circuit "MOTION ORDER, granting motion to ...":
    # the event is an order, though its first word is a paper's or a motion's.
    r"|^(?:MEMORANDUM|Memorandum|MOTION|Motion)\s+(?:ORDER|Order)\b"
    r"|^(?:Memorandum|MEMORANDUM|Memo|MEMO)\s+(?:Endorsement|ENDORSEMENT|Endorsed|ENDORSED)\b"
    r"|^(?:ENDORSED|Endorsed)\s+(?:LETTER|Letter)\b"
    r"|^(?:So|SO)\s+(?:Ordered|ORDERED)\b"
    r"|^(?:JOINT\s+|Joint\s+)?(?:STIPULATION|Stipulation)\s+(?:AND|and|&)\s+(?:ORDER|Order)\b"
    r"|^(?:MINUTE|Minute|TEXT\s+MINUTE)\s+(?:ENTRY|entry|Entry|ORDER|Order)\b"
    r"|^(?:Order|order)\b",
)
GENERAL_ORDER = re.compile(
    r"^(?:GENERAL|STANDING|General|Standing)\s+(?:ORDER|Order)\b|^(?:[A-Z]+\s+){0,3}?"
    r"(?:PROTECTIVE|CONFIDENTIALITY)\s+ORDER\b|^(?:Stipulated\s+)?(?:Protective|Confidentiality)"
    r"\s+Order\b|PROTECTIVE\s+ORDER\s+(?:GOVERNING|REGARDING)",
)
SCHEDULING_LEAD = re.compile(
    r"^(?:Set(?:/Reset)?\s+(?:Deadlines?|Hearings?)|Reset\s+(?:Deadlines?|Hearings?)|"
    r"(?:Motion|MOTION)\s+(?:Hearing|HEARING)|MOTIONS?\s+HEARING|Hearing\s+(?:set|reset|held)|"
    r"HEARING\b|Deadlines?\b|ELECTRONIC\s+NOTICE|Electronic\s+Notice|NOTICE\s+(?:of|OF)\s+"
    r"(?:Hearing|HEARING)|Notice\s+of\s+Hearing|(?:Motions?|MOTIONS?)\s+(?:No\s+Longer\s+)?"
    r"(?:Referred|REFERRED|Terminated|TERMINATED|Submitted|SUBMITTED)|Terminate\s+Deadlines|"
    r"Submission\s+of|Briefing\s+Schedule|Case\s+Reassigned|CLERK['’]?S\s+NOTICE|Clerk['’]?s\s+"
    r"Notice|Notice\s+of\s+Deficiency|NOTICE\s+OF\s+DEFICIENCY|Remark|REMARK)",
)
TRANSCRIPT_REQUEST_LEAD = re.compile(
    r"^(?:Transcript\s+)?Redaction\s+Request|^REDACTION\s+REQUEST|^TRANSCRIPT\s+REDACTION", re.I
)
MOTION_LEAD = re.compile(
    r"^(?P<poss>(?:[A-Z][\w.&,\-]*\s+){0,6}?[A-Za-z][\w.&\-]*(?:['’][sS]|[sS]['’]|['’]))?\s*"
    r"(?i:notice\s+of\s+motion\s+and\s+)?"
    r"(?:" + _MODS + r"\s+)*"
    r"(?P<noun>(?i:letter\s+motion|motion|application|request|petition(?=\s+(?:to|for)\s)|"
    # RQ-03 "STIPULATION and [Proposed] Order re Sealing of Exhibits": a joint request.
    r"notice\s+of\s+request|(?:joint\s+)?stipulation(?:\s+and\s+\[?proposed\]?\s+order)?"
    r"(?=\s+(?:to|re|for|regarding)\s)))\b",
)
# Ninth Circuit style: "Filed (ECF) Respondent Pamela Bondi Motion to file under seal ...". PP-01
# "Filed (ECF) Appellee X response opposing motion (motion to file ... under seal)" is a paper
# about the motion, not the motion: the filer part holds no response/opposition word.
APPELLATE_FILED = re.compile(
    r"^Filed\s+(?:\(ECF\)\s+)?(?!(?:clerk\s+)?order\b)(?P<who>(?:(?!(?i:response|reply|"
    r"opposition|opposing|objection|answer)\b)[^.;]){2,120}?)\s+(?=(?i:(?:unopposed\s+|"
    r"joint\s+|emergency\s+)*motion)\b)"
)
APPELLATE_ORDER = re.compile(r"^Filed\s+(?:clerk\s+|text\s+clerk\s+)?order\b", re.I)
LETTER_LEAD = re.compile(r"^(?:LETTER|Letter)\b")
REDACTION_LEAD = re.compile(
    r"^(?:\*\s*REDACTED\s*\*|REDACTED\b|Redacted\b|REDACTION\b|Redaction\b|PUBLIC\s+REDACTED\b|"
    r"Public\s+Redacted\b|\(?\s*PUBLIC\s+VERSION\b|NOTICE\s+OF\s+FILING\s+(?:OF\s+)?(?:PUBLIC\s+)?"
    r"REDACTED|Notice\s+of\s+Filing\s+(?:of\s+)?(?:Public\s+)?Redacted|NOTICE\s+of\s+Filing\s+"
    r"(?:of\s+)?(?:Public\s+)?Redacted)",
)
MODIFICATION_LEAD = re.compile(
    r"^(?:MODIFICATION\s+OF\s+DOCKET|Modification\s+of\s+Docket|(?:CLERK['’]?S\s+|Clerk['’]?s\s+)?"
    r"(?:NOTICE|Notice)\s+(?:of|OF)\s+(?:Docket\s+|DOCKET\s+)?(?:Correction|CORRECTION)\b|"
    r"(?:DOCKET|Docket)\s+(?:CORRECTION|Correction)\b)"
)
PAPER_LEAD = re.compile(
    r"^(?:RESPONSE|Response|REPLY|Reply|OPPOSITION|Opposition|OBJECTION|Objection|SUR-?REPLY|"
    r"Sur-?Reply|MEMORANDUM|Memorandum|DECLARATION|Declaration|AFFIDAVIT|Affidavit|BRIEF|Brief|"
    r"EXHIBIT|Exhibit|CERTIFICATE|Certificate|Joinder|JOINDER|STATEMENT|Statement|PROPOSED|"
    r"Proposed|\[PROPOSED\]|WITHDRAWAL|Withdrawal|NOTICE\s+of\s+Withdrawal|ANSWER|Answer|RETURN|"
    r"Return|TRAVERSE|Traverse|STATUS\s+REPORT|Status\s+Report|INDEX|Index|APPENDIX|Appendix|"
    r"TRANSCRIPT|Transcript|NOTICE\s+OF\s+FILING\s+OF\s+OFFICIAL\s+TRANSCRIPT|Supplemental|"
    r"SUPPLEMENTAL|Amended\s+(?:Response|Memorandum|Reply)|Notice\s+of\s+Service|NOTICE\s+OF\s+"
    r"SERVICE|Affidavit/Declaration|RECORD\s+RECEIVED|Supreme\s+Court\s+Case\s+Info)",
)
# Clerk modifications and docket corrections record what the clerk did.
MODIFIED_UNSEALED = re.compile(
    r"\b(?:was|were|has\s+been|have\s+been|is|now)\s+unsealed\b|"
    r"\bunseal(?:ed|ing)\s+(?:the\s+)?(?:docket\s+)?(?:entry|entries|document|case)\b",
    re.I,
)
MODIFIED_SEALED = re.compile(
    r"\b(?:was|were|has\s+been|have\s+been|is)\s+(?:now\s+)?sealed\b|\bsealed\s+the\s+"
    r"(?:docket\s+)?entry\b",
    re.I,
)
# UN-02 a clerk's trailing note that the entry was unsealed ("Modified by unsealing the document
# per minute entry 131"), on an entry that says nothing else about sealing: an unsealing
# happened. Read only when nothing else in the entry is a sealing event.
MODIFIED_BY_UNSEALING = re.compile(
    r"\bModified\s+(?:on\s+[\d/]+\s+)?(?:by|to)\s+unseal(?:ing)?\s+(?:the\s+)?(?:document|"
    r"docket\s+entry|entry|case)\b",
    re.I,
)
# OS-01 an order to show cause decides nothing yet (decision: the ruling that follows is the
# event), even when it says the paper in question was "filed under seal".
SHOW_CAUSE_LEAD = re.compile(
    r"^(?:(?:TEXT|MINUTE|ELECTRONIC|AMENDED)\s+)?ORDER\s+TO\s+SHOW\s+CAUSE\b", re.I
)
# MV-18 also "Upon review of the parties' joint status report, the Court notes that it lists a
# witness's home address": the court found the problem in a paper that asked for nothing (not a
# motion, application, request, letter or stipulation). Bounded: 120 characters to "the Court".
SUA_SPONTE = re.compile(
    r"\bsua\s+sponte\b|\bon\s+(?:its|the\s+court['’]s)\s+own\s+motion|"
    r"\bupon\s+(?:its\s+own\s+)?review\s+of\b(?:(?!\b(?:motion|application|request|letter|"
    r"stipulation|petition)s?\b)[^.;]){0,120}?,\s*the\s+court\s+(?:notes|observes|finds)\b",
    re.I,
)
ATTACHMENTS = re.compile(r"\(\s*Attachments?:[^()]*(?:\([^()]*\)[^()]*)*\)", re.I)
