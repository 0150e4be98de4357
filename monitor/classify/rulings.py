"""Orders: the outcome per sealing motion an order names, directives, and the order's refs.

Each sealing motion an order names is tied to the ruling verb of its clause (``granting 164 ...;
granting 176 ...``) or to a passive ruling after it (``motion to file under seal (Filing No. 50)
is granted``, D. Mass. ``request to seal is temporarily allowed``). Sealing motions that only
appear inside another motion's title (``granting 19 Motion for Extension ... re 10 MOTION to
Seal``) are ignored. Outcomes:

- ``denying without prejudice`` → ``denied`` (refiling expected; rule ``order.deny``);
- ``striking`` a motion to seal → ``denied``: the request was not granted and the vocabulary has
  no "struck"; ``moot`` is kept for requests that became unnecessary (rule ``order.strike`` keeps
  strikes separable);
- ``granting ... on a temporary basis`` / ``temporarily allowed`` → ``granted`` (rule
  ``order.grant_provisional``);
- several motions: moot ones are ignored when others were decided; all granted → ``granted``,
  all denied → ``denied``, a mix (or any part grant) → ``granted_in_part``;
- no ruling verb but a directive (``Directing the Clerk ... to unseal``, ``ORDER SEALING
  DOCUMENT``, ``ORDER UNSEALING``, ``the Court orders the seal of``, ``shall be (un)sealed``,
  ``shall remain sealed``, ``is hereby unsealed``, ``filed as a restricted document``) →
  ``granted``; so do the clerk told to file a paper sealed or restricted (SD-01) and "to be
  filed with RESTRICTED access" (SD-02). The movant is ``court_sua_sponte`` only on evidence
  (``sua sponte``, SD-01 with no sealing motion named, objections invited SD-03), else
  ``unknown`` (decision, issue 14: a directive naming no motion does not show who asked). A
  directive needs that shape: the bare words describe states and past events too, so ``the
  previously
  unsealed transcript``, ``Indictment unsealed on 1/2/2025`` inside a release order (decision:
  the entry's event is the other order; the unsealing was recorded when it happened), ``Because
  the petition is sealed`` and ``briefing regarding the sealing of`` (the title of another motion
  the order rules on) are not sealing. ``ORDER TO SHOW CAUSE why ... should not be unsealed`` is
  not sealing either (decision: it decides nothing yet; the ruling that follows is the event);
- an order on a motion to reconsider/vacate a sealing ruling (``granting 40 Motion for
  Reconsideration of 35 Order on Motion to Seal``) → ``sealing_order``, ``unknown`` (decision:
  the sealing ruling changes, but the text does not say which way; rule
  ``order.reconsideration``);
- an order titled on a sealing motion whose result the text does not give (RSS ``Order on Motion
  to Seal Document``) → ``unknown``; scheduling orders about such motions → not sealing;
- protective orders and general/standing orders are not sealing events even when they describe
  how to file under seal.

An order's ``refs`` leave out the entry numbers of the *other* motions it rules on (``granting 3
Motion to Proceed Under Pseudonym; granting 4 Motion to Seal`` → ``[4]``); documents it directs
to be (un)sealed stay (``granting 71 Motion to Unseal. The Clerk ... is directed to unseal ECF No.
58`` → ``[71, 58]``). Also left out (unless a sealing motion the order rules on carries them):

- RF-01 the number of another motion ruled on with a passive verb (D. Neb. ``Plaintiff's motion
  for extension of time (Filing No. 53) is granted``) or named only as what a paper relates to
  (``respond to Defendant's amended motion in limine (Filing No. 48)``, ``memoranda in support of
  Defendant's ( 7 ) Motion to Strike``);
- RF-02 numbers that are merely mentioned as pending (``pending the court's ruling on docket
  entries 7, 10``) and an earlier order with what it did (``In light of our order at ECF No. 128
  which sealed the exhibit at ECF No. 125``), unless the same number also stands elsewhere in
  the order (``directed to amend docket entries 15, 16, 17, and 18 ... pending the court's
  ruling on docket entries 7, 10, and 17/18`` keeps 17 and 18).

**Cost is bounded.** Within the ``MAX_TEXT`` prefix each motion noun of an order reads at most
``_CLAUSE_BACK`` characters back and ``_CLAUSE_AHEAD`` forward, so the work is linear in the
prefix (it used to be quadratic in the whole text: 150,000 characters took tens of seconds).

Imports :mod:`~monitor.classify.patterns`, :mod:`~monitor.classify.movant`,
:mod:`~monitor.classify.result` and :mod:`~monitor.classify.requests` from the package.
"""

from __future__ import annotations

import re

from monitor.classify.movant import combine_roles, named_after, possessor, trim_movant
from monitor.classify.patterns import GENERAL_ORDER, SUA_SPONTE
from monitor.classify.requests import APPLICATION_OF, NOUN, object_window, window_kind
from monitor.classify.result import Classification, not_sealing, sealing_event
from monitor.refs import extract_refs

# How far an order's clause is read back from a motion noun (for its ruling verb and movant) and
# forward from it (for a passive ruling or a ``filed by``): bounded so each noun costs O(1).
_CLAUSE_BACK = 400
_CLAUSE_AHEAD = 600
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
    r"\b(?:clerk|court)\s+(?:shall|will|is\s+directed\s+to)\s+(?:seal|impound|restrict)\b|"
    r"\bseal(?:s|ed)?\s+the\s+(?:transcript|exhibit|document|docket|record|case|entry|filing)s?\b"
    r"|\btemporary\s+seal\b|\bprovisionally\s+seal|\border\s+to\s+(?:seal|impound|restrict)\b|"
    r"\bdirect(?:s|ed|ing)?\s+(?:the\s+)?(?:Clerk(?:['’]s\s+Office)?(?:\s+of\s+(?:the\s+)?Court)?\s+)?"
    r"to\s+(?:seal|impound|restrict|file\s+[^.;]{0,60}?under\s+seal)\b|"
    r"\b(?:authoriz|permit|allow)\w*\s+(?:[\w']+\s+){0,4}?(?:to\s+)?(?:fil|lodg|submi)\w*\s+"
    r"[^.;]{0,80}?under\s+seal|\bleave\s+to\s+file\s+[^.;]{0,80}?under\s+seal\s+is\s+granted",
    re.I,
)
# RL-08 qui tam and sealed-case practice: an "Application for Extension of Time" granted by an
# order that extends the seal ("The seal period is extended through ...", "the seal is extended")
# is the sealing request; its number and its movant are the order's.
_EXTENSION_TITLE = re.compile(r"^\s*(?:for\s+(?:an?\s+)?)?(?:extension|enlargement)\b", re.I)
_SEAL_EXTENDED = re.compile(
    r"\bseal(?:ing)?\s+(?:period|deadline)?\s*(?:is|are|shall\s+be)\s+(?:hereby\s+)?extended\b|"
    r"\bextend(?:s|ed|ing)?\s+(?:the\s+)?(?:seal(?:ing)?\s+period|seal|period\s+of\s+(?:the\s+)?"
    r"seal)\b",
    re.I,
)
# SD-01 the court has the clerk file a paper that reached it (a letter, a report, an
# evaluation) sealed or restricted: "The Clerk of Court shall file the Warden's letter dated
# June 3, 2026, as a restricted document", "it is further ordered that the Clerk file Exhibits
# 1-3 under seal". Nobody moved: the paper is the court's to file (evidence of court_sua_sponte).
# Periods of initials ("Ray J. Kim") do not end the window; it is bounded at 160 characters.
_CLERK_FILES = re.compile(
    r"\bclerk(?:['’]s\s+office)?(?:\s+of\s+(?:the\s+)?court)?\s+(?:shall\s+|will\s+|is\s+"
    r"(?:hereby\s+)?directed\s+to\s+|to\s+)?file\b(?:[^.;]|(?<=\b[A-Z])\.){0,160}?"
    r"(?:\bunder\s+seal\b|\bas\s+(?:a\s+)?(?:restricted|sealed)\b|\bwith\s+restricted\s+access\b)",
    re.I,
)
# SD-02 minutes and orders that direct a paper "to be filed (in case) with RESTRICTED access" /
# "to be filed under seal" (D. Neb. trial minutes): a sealing direction; who asked is not shown.
_TO_BE_FILED_SEALED = re.compile(
    r"\bto\s+be\s+filed\s+(?:[\w,]+\s+){0,3}?(?:with\s+restricted\s+access|under\s+seal|as\s+"
    r"(?:a\s+)?restricted\b)",
    re.I,
)
# SD-03 the court invites objections to what it did ("The parties may write to the Court within
# seven days if they wish to object"): it acted before anyone asked (evidence of sua sponte).
_OBJECTION_INVITED = re.compile(
    r"\b(?:may|can|shall)\s+(?:write|file|submit|notify|advise)\b[^.;]{0,80}?\bobject", re.I
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
_ANAPHORA = re.compile(
    r"\b(?:the|that|this|said|its|their|his|her)\s+(?:(?:unopposed|joint|sealing)\s+)?"
    r"(?:motion|request|application|stipulation|letter(?:\s+motion)?)(?:\s*\([^)]{0,40}\))?\s+"
    r"(?:is|are)\s+(?:hereby\s+|therefore\s+|accordingly\s+)*(?P<v>granted\s+in\s+part(?:\s+and"
    r"\s+denied\s+in\s+part)?|denied\s+without\s+prejudice|denied\s+as\s+moot|granted|denied|"
    r"approved|moot)\b"
    # RL-04 the court's own sentence: "the Court GRANTS the request", "The Court DENIES the
    # application".
    r"|\bthe\s+court\s+(?:hereby\s+|therefore\s+|accordingly\s+)*(?P<c>grants\s+in\s+part|"
    r"grants|denies|approves)\s+(?:the|that|this|said|its|their)\s+(?:(?:joint|unopposed|"
    r"sealing)\s+)?(?:letter\s+)?(?:motion|request|application|stipulation|letter)\b"
    # RL-01 S.D.N.Y. endorsements: "ENDORSEMENT: Application GRANTED.", "ENDORSEMENT: The request
    # to file the exhibits under seal is granted in part", "ENDORSEMENT: Denied."
    r"|\bENDORSEMENT\s*:\s*(?:(?:the\s+)?(?:letter\s+)?(?:application|request|motion)\s+|"
    r"[^.;:]{0,80}?\b(?:is|are)\s+(?:hereby\s+)?)?(?P<e>granted\s+in\s+part|denied\s+without\s+"
    r"prejudice|granted|denied|so\s+ordered)\b",
    re.I,
)
# RF-01 a non-sealing motion named as what a paper relates to ("in support of Defendant's ( 7 )
# Motion to Strike", "respond to Plaintiff's amended motion in limine"): its number is not the
# event's. Bounded to the 90 characters before the noun.
_RELATION_BEFORE = re.compile(
    r"\b(?:respond(?:ing)?\s+to|response\s+to|reply\s+to|opposition\s+to|oppos\w+|in\s+support\s+"
    r"of|regarding|re:?|concerning|pending\s+(?:a\s+)?ruling\s+on)\s+(?:the\s+|its\s+|their\s+|"
    r"[\w.\-]+['’]s?\s+)?(?:\(\s*\d{1,5}\s*\)\s+|\[?\d{1,5}\]?\s+)?(?:[\w-]+\s+){0,2}$",
    re.I,
)
# The entry number right before a motion noun: "( 7 ) Motion", "[53] motion", "53 Motion".
_NUMBER_BEFORE = re.compile(
    r"(?:\(\s*\d{1,5}\s*\)|\[?\d{1,5}\]?)\s+(?:(?:joint|emergency|unopposed|opposed|ex\s+parte|"
    r"amended|renewed|sealed|administrative)\s+)*$",
    re.I,
)
# RF-02 mentions that are not the event's documents: a ruling still pending, an earlier order and
# what it did (its relative clause). Searched in a copy where "No." / "Dkt." lost their periods.
_MENTION_SPANS = re.compile(
    r"\bpending\s+(?:the\s+court['’]s\s+|a\s+|its\s+|further\s+|final\s+)?(?:ruling|decision|"
    r"resolution|disposition|determination)s?\s+(?:on|of)\b[^.;]{0,120}"
    r"|\b(?:our|its|this\s+court['’]s|the\s+court['’]s|the\s+(?:prior|previous|earlier)|prior|"
    r"previous|earlier)\s+(?:(?:prior|previous|earlier|text|minute|sealing)\s+)?order\s*,?\s*"
    r"(?:\(\s*)?(?:(?:at|in|of)\s+)?(?:ECF|Dkt|Doc|Docket|Filing|D\.E\.)\s*(?:Nos?\s*|#\s*)?"
    r"\d{1,5}(?:\s*\))?(?:,?\s+(?:which|that|(?:un)?sealing|granting|denying)\b[^.;,]{0,160})?"
    # RF-04 the public copies beside the sealed ones ("the redacted versions at Docs. 43 and 45
    # remain publicly available"): not the papers the order keeps sealed.
    r"|\b(?:redacted|public(?:\s+redacted)?)\s+(?:versions?|cop(?:y|ies)|filings?)\s*,?\s*(?:\(\s*)?"
    r"(?:(?:at|in|of|filed\s+at)\s+)?(?:ECF|Dkts?|Docs?|Docket|Filing|D\.E\.)\s*(?:Nos?\s*|#\s*)?"
    r"\d{1,5}(?:\s*(?:,|and|&)\s*\d{1,5}){0,6}",
    re.I,
)
# RL-06 also in all-caps orders (E.D. Pa. "MOTION TO UNSEAL ... (DOC. NO. 112) IS GRANTED").
_NO_PERIOD = re.compile(r"\b(No|Nos|Dkt|Dkts|Doc|Docs|Rec|NO|NOS|DKT|DKTS|DOC|DOCS|REC)\.")


# "On the Court's own motion", "on its own motion": no request is named.
_OWN_MOTION = re.compile(r"\bown\s+$", re.I)
# RL-05 motions not yet filed ("ORDER REGARDING FUTURE MOTIONS TO SEAL", "any subsequent motion
# to seal must ..."): guidance on a class of requests, not a ruling on one.
# Also a motion named as the object of another motion's deadline ("MOTION FOR EXTENSION OF TIME
# TO FILE MOTION TO SEAL ... IS GRANTED"): the sealing motion is not yet filed.
_FUTURE_MOTION = re.compile(
    r"\b(?:(?:future|subsequent|later)|to\s+file(?:\s+(?:a|an|its|their|any|the|renewed))?)"
    r"\s+(?:(?:joint|letter)\s+)?$",
    re.I,
)
# RL-03 a passive ruling split by part (D. Mass. "is ALLOWED as to the I-213 and DENIED as to the
# remaining exhibits"): the second verb, in the same sentence, 240 characters at most.
_SPLIT_RULING = re.compile(
    r"^\s+(?:as\s+to|with\s+respect\s+to|in\s+part|insofar)\b[^.;]{0,200}?\b(?:and|but)\s+"
    r"(?:is\s+|are\s+)?"
    r"(?P<v>denied|granted|allowed|disallowed)\b",
    re.I,
)
# RL-02 a request described in prose, with no motion title (S.D.N.Y. and D.N.J. orders on letters:
# "Having reviewed the letter of the Respondents (ECF No. 15) asking that the medical file remain
# under seal, the Court GRANTS the request"; "the parties' joint letter ... asking that the
# settlement agreement be kept under seal. The request is DENIED."). Both the request and a
# ruling aimed back at it are needed. The request's description is bounded to 200 characters.
_PROSE_REQUEST = re.compile(
    r"\b(?P<noun>letter|motion|application|request|submission)\b(?P<tail>[^.;]{0,120}?)\b"
    r"(?:ask(?:s|ing)|request(?:s|ing)|seek(?:s|ing)|which\s+asks|that\s+asks)\b"
    r"(?P<obj>[^.;]{0,200})",
    re.I,
)
_PROSE_SEAL = re.compile(
    r"\b(?:be|remain)\s+(?:kept\s+|maintained\s+|filed\s+|placed\s+)?(?:under\s+seal|sealed|"
    r"redacted|restricted)\b|\bto\s+(?:seal|redact|restrict\s+access)\b|\b(?:leave\s+)?to\s+"
    r"(?:file|keep|maintain)\b[^.;]{0,80}?\bunder\s+seal\b|\bsealing\s+of\b",
    re.I,
)
_PROSE_UNSEAL = re.compile(r"\bunseal\w*|\blift\w*\s+(?:the\s+)?seal\b", re.I)
_OF_FILER = re.compile(r"^\s*of\s+(?P<who>(?:the\s+)?[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,3})")
# MV-09 a denial that tells the movant it may try again ("Defendant may renew the motion with
# proposed redactions"): the one who may renew is the one who asked.
# MV-14 also when the sentence first tells the party what to do: "Defendant shall file a public
# declaration by April 17, and may renew its motion" (160 characters, one sentence). A reasons
# sentence alone ("Respondents have not articulated compelling reasons") does not name the
# movant: where a party files another's designated material, the designating party carries the
# burden (N.D. Cal. L.R. 79-5(f), D. Ariz. LRCiv 5.6(d)).
_MAY_RENEW = re.compile(
    r"\b(?P<who>(?:the\s+)?(?:plaintiffs?|defendants?|petitioners?|respondents?|government|"
    r"movants?|applicants?|intervenors?))\s+(?:[^.;]{0,160}?,?\s+and\s+)?may\s+(?:renew|"
    r"refile|re-file|resubmit|file\s+a\s+renewed)\b",
    re.I,
)
# MV-10 "Upon the application of the United States, by Assistant United States Attorney ...":
# the order names who applied (80 characters at most).
_UPON_APPLICATION = re.compile(
    r"\b(?:upon|on)\s+(?:the\s+)?(?:ex\s+parte\s+|oral\s+|written\s+)?(?:application|motion|"
    r"request|letter)\s+of\s+(?P<who>[^,.;()]{2,80})",
    re.I,
)


def _prose_request(body: str) -> tuple[str, str, str] | None:
    """RL-02: (kind, outcome, movant) of a sealing request described in prose and ruled on."""
    for match in _PROSE_REQUEST.finditer(body):
        obj = match.group("obj")
        kind = "unseal" if _PROSE_UNSEAL.search(obj) else "seal" if _PROSE_SEAL.search(obj) else ""
        if not kind:
            continue
        ruling = _ANAPHORA.search(body, match.start("obj"), match.end() + _CLAUSE_AHEAD) or (
            _ANAPHORA.search(body, max(0, match.start() - 200), match.start())
        )
        if ruling is None or ruling.group("e"):
            continue
        verb = ruling.group("v") or ruling.group("c")
        before = body[max(0, match.start() - 90) : match.start()]
        movant = possessor(before)
        of = _OF_FILER.match(match.group("tail"))
        if not movant and of:
            movant = trim_movant(of.group("who"))
        if re.search(r"\bjoint\s+$", before, re.I) and not movant:
            movant = "Joint"
        return kind, _verb_outcome(verb), movant
    return None


# RL-07 an S.D.N.Y. endorsement on a plain LETTER (not a letter motion) that asks for sealing or
# redactions in its subject ("re: proposed redactions to sentencing submission") or that the
# endorsement itself answers with leave to file under seal ("may file ... the unredacted version
# under seal"). Bounded: 120 characters of subject, 160 of leave.
_LETTER_SUBJECT = re.compile(
    r"\bLETTER\b[^;]{0,240}?\bdated\b[^;]{0,40}?\bre:?\s+(?P<subj>[^;]{0,120}?)"
    r"\s*\.?\s*ENDORSEMENT\b",
    re.I,
)
_LETTER_BY = re.compile(r"\bLETTER\s+by\s+(?P<who>[^;]{2,80}?)\s+addressed\s+to\b", re.I)
# A subject that asks (not one that merely names sealed papers: "courtesy copies of sealed ...").
_SUBJECT_SEAL = re.compile(
    r"\b(?:(?:un)?seal(?:ing)?\s+(?:of|the|portions)|to\s+(?:un)?seal|under\s+seal|redactions?|"
    r"redact|unseal(?:ing)?)\b",
    re.I,
)
_LEAVE_UNDER_SEAL = re.compile(
    r"\b(?:may|shall|is\s+permitted\s+to|are\s+permitted\s+to)\s+(?:file|submit|maintain)\b"
    r"[^.;]{0,160}?\b(?:under\s+seal|in\s+redacted\s+form|with\s+(?:the\s+)?(?:proposed\s+)?"
    r"redactions)\b",
    re.I,
)


def _endorsed_letter(body: str) -> tuple[str, str, str] | None:
    """RL-07: (kind, outcome, movant) of an endorsement ruling on a sealing or redaction letter."""
    subject = _LETTER_SUBJECT.search(body)
    if subject is None:
        return None
    ruling = _ANAPHORA.search(body, subject.end("subj"), subject.end("subj") + _CLAUSE_AHEAD)
    if ruling is None or not ruling.group("e") or ruling.group("e").lower() == "so ordered":
        return None
    subj = subject.group("subj")
    leave = _LEAVE_UNDER_SEAL.search(body, ruling.end(), ruling.end() + 400)
    if not _SUBJECT_SEAL.search(subj) and not leave:
        return None
    kind = "unseal" if re.search(r"\bunseal", subj, re.I) else "seal"
    by = _LETTER_BY.search(body, 0, subject.start("subj"))
    movant = trim_movant(by.group("who")) if by else named_after(body[subject.start() :])
    return kind, _verb_outcome(ruling.group("e")), movant


def _mentioned_only(body: str) -> set[int]:
    """RF-02: numbers that stand only inside pending-ruling and earlier-order mentions."""
    plain = _NO_PERIOD.sub(r"\1 ", body)
    spans = [m.span() for m in _MENTION_SPANS.finditer(plain)]
    if not spans:
        return set()
    inside: set[int] = set()
    pieces: list[str] = []
    last = 0
    for start, end in spans:
        inside.update(extract_refs(body[start:end]))
        pieces += [body[last:start], " " * (end - start)]
        last = end
    outside = set(extract_refs("".join([*pieces, body[last:]])))
    return inside - outside


# MV-07 a determiner that points back to a motion named before ("The motion to seal is granted").
_ANAPHORIC_BEFORE = re.compile(r"\b(?:the|this|that|said)\s+(?:(?:letter|sealing)\s+)?$", re.I)
_REFERENCE_BEFORE = re.compile(
    r"\b(?:respond(?:ing)?\s+to|response\s+to|reply\s+to|opposition\s+to|oppos\w+|in\s+support\s+of|"
    r"regarding|re:?|as\s+to|concerning|extension\b[^.;]{0,60}|in\s+light\s+of)\s+"
    r"(?:the\s+|its\s+|their\s+|[\w.]+['’]s?\s+)?(?:\[?\d{1,5}\]?\s+)?(?:[\w-]+\s+){0,2}$",
    re.I,
)
# The end of the words before a later conjunct of a ruling verb's list: ``..., and 13 ``,
# ``, [21] ``, ``and Defendants' `` (bounded: a number, a possessive of up to three words).
_CONJUNCT_END = re.compile(
    r"(?:,\s*(?:and\s+)?|\s+and\s+)(?:\[?\d{1,5}\]?\s+|(?:[\w.\-]+\s+){0,2}?[\w.\-]+['’]s?\s+"
    r"(?:\[?\d{1,5}\]?\s+)?)(?:(?:joint|emergency|unopposed|ex\s+parte|sealed|renewed|amended)\s+)*$",
    re.I,
)
_TITLE_MENTION = re.compile(r"^[^.;]{0,100}?\b(?:on|re:?|regarding|concerning)\s+", re.I)
_SCHEDULING_WORDS = re.compile(
    r"\bsett?ing\b|\bset\s+for\b|\bhearing\b|\bschedul|\bdeadline|\breferr|\bbriefing\b|"
    r"\bresponse\s+due\b|\bextension\b|\bcontinu|\badjourn",  # SD-04 S.D.N.Y. "adjourned"
    re.I,
)
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


def _clause_start(body: str, start: int) -> int:
    """Start of the clause (after ``;`` or ``. ``) holding ``start``, at most _CLAUSE_BACK back."""
    low = max(0, start - _CLAUSE_BACK)
    found = max(body.rfind(";", low, start), body.rfind(". ", low, start))
    return found + 1 if found >= 0 else low


def _ruling_verb(body: str, start: int) -> tuple[str, int, bool] | None:
    """The ruling verb (``granting``) of the clause before the noun at ``start`` and where the
    noun's own words begin (after the verb, or after the conjunction for a later conjunct).

    A verb rules on the motion it is followed by; another motion between them blocks it (``re
    10 MOTION to Seal`` inside an extension's title) unless the noun is a coordinated conjunct
    of the verb's list (rule ``order.multi_motion_conjunct``: ``ORDER granting 12 Motion for
    Extension of Time and 13 Motion to Seal``, ``granting 5 Motion to Amend, 6 Motion to
    Seal``): the verb distributes over ``and`` / ``,`` before an entry number or a possessive.
    A ``re N`` reference always blocks."""
    clause_start = _clause_start(body, start)
    before = body[clause_start:start]
    verbs = list(_VERB.finditer(before))
    if not verbs:
        return None
    verb = verbs[-1]
    between = before[verb.end() :]
    if re.search(r"\bre:?\s+\[?\d", between, re.I):
        return None
    if NOUN.search(between):
        conjunct = _CONJUNCT_END.search(between)
        if conjunct is None or _REFERENCE_BEFORE.search(between[: conjunct.start()]):
            return None
        return verb.group("v"), clause_start + verb.end() + conjunct.start(), True
    return verb.group("v"), clause_start + verb.end(), False


def read_order(
    clean: str, body: str, sealed_lead: bool, case_name: str, refs: list[int]
) -> Classification | None:
    """An order: what sealing motions it rules on and how, or what it directs."""
    if GENERAL_ORDER.search(body[:160]):
        return not_sealing("trap.general_or_protective_order.v1", refs)
    mentions: list[tuple[int, int, str]] = []  # (noun start, window end, kind)
    # Other motions the order rules on ("granting 3 Motion to Proceed Under Pseudonym"): their
    # titles are masked from the directive search and their entry numbers are not the event's.
    other_spans: list[tuple[int, int]] = []
    other_refs: set[int] = set()
    extension: tuple[int, list[int]] | None = None  # RL-08 (noun start, its numbers)
    # "(Rec. Doc. 12) is GRANTED": abbreviations' periods do not end a passive clause.
    plain = _NO_PERIOD.sub(r"\1 ", body)
    for noun in NOUN.finditer(body):
        if _OWN_MOTION.search(body[max(0, noun.start() - 30) : noun.start()]):
            continue  # "On the Court's own motion": the court, not a request
        if _FUTURE_MOTION.search(body[max(0, noun.start() - 30) : noun.start()]):
            continue  # RL-05 guidance on motions not yet filed
        window = object_window(body, noun.end())
        kind = window_kind(window)
        end = noun.end() + len(window)
        if kind:
            mentions.append((noun.start(), end, kind))
            continue
        ruling = _ruling_verb(body, noun.start())
        if ruling is None:
            # RF-01 a non-sealing motion ruled on with a passive verb, or named as what a paper
            # relates to: the number attached to it (just before the noun or in its title).
            after = plain[end : end + _CLAUSE_AHEAD]
            next_noun = NOUN.search(after)
            before = body[max(0, noun.start() - 90) : noun.start()]
            if _PASSIVE.match(after[: next_noun.start()] if next_noun else after) or (
                _RELATION_BEFORE.search(before)
            ):
                number = _NUMBER_BEFORE.search(before)
                other_refs.update(extract_refs(window))
                if number:
                    other_refs.update(extract_refs(number.group(0) + "Motion"))
            continue
        verb_end = ruling[1]
        tail = re.match(r"\s*\([^()]{0,40}\)", body[end : end + 60])
        numbers = extract_refs(body[verb_end : end + (tail.end() if tail else 0)])
        other_refs.update(numbers)
        if extension is None and _EXTENSION_TITLE.match(window):
            extension = (noun.start(), numbers)
        stop = re.compile(r";|\.(?:\s|$)").search(body, end, end + _CLAUSE_AHEAD)
        other_spans.append((noun.start(), stop.start() if stop else end))

    governed: list[tuple[str, str, str]] = []  # (kind, outcome, movant)
    governed_refs: set[int] = set()
    verbs_seen: list[str] = []
    reconsider = False
    conjunct = False
    for start, end, kind in mentions:
        clause_start = _clause_start(body, start)
        before = body[clause_start:start]
        ruling = _ruling_verb(body, start)
        outcome = ""
        if ruling is not None:
            outcome = _verb_outcome(ruling[0])
            verbs_seen.append(ruling[0])
            conjunct = conjunct or ruling[2]
        if not outcome:
            after = plain[end : end + _CLAUSE_AHEAD]
            next_noun = NOUN.search(after)
            passive = _PASSIVE.match(after[: next_noun.start()] if next_noun else after)
            if passive:
                outcome = _verb_outcome(passive.group("v"))
                verbs_seen.append(passive.group("v"))
                split = _SPLIT_RULING.match(after[passive.end() : passive.end() + 240])
                if split and _verb_outcome(split.group("v")) not in (outcome, "moot"):
                    outcome = "granted_in_part"  # RL-03 "ALLOWED as to X and DENIED as to Y"
        if not outcome:
            continue
        governed_refs.update(extract_refs(body[ruling[1] if ruling else start : end]))
        noun_text = body[start:end].lower()
        if _RECONSIDER.match(noun_text):
            outcome, reconsider = "unknown", True
        movant = possessor(before[-90:])
        if not movant and (
            noun_text.startswith("stipulation")
            or re.search(r"\b(?:joint|stipulated)\s+$", before[-25:], re.I)
        ):
            movant = "Joint"
        if not movant:
            movant = named_after(body[start : start + _CLAUSE_AHEAD])
        if not movant:  # RQ-06 "9 Application of Capitol Sentinel News Corp. to Unseal ..."
            noun_end = NOUN.match(body, start)
            of = (
                APPLICATION_OF.match(body[noun_end.end() : noun_end.end() + 120])
                if noun_end
                else None
            )
            movant = trim_movant(of.group("who")) if of else ""
        if not movant and start != mentions[0][0] and _ANAPHORIC_BEFORE.search(before[-30:]):
            # MV-07 "ORDER re: 34 LETTER MOTION to Seal filed by X. The motion to seal is
            # GRANTED": the motion is the one the title names, so is its filer.
            first = mentions[0][0]
            movant = possessor(body[max(0, first - 90) : first]) or named_after(
                body[first : first + _CLAUSE_AHEAD]
            )
        governed.append((kind, outcome, movant))

    # Refs of an order: drop the entry numbers of the other motions it rules on.
    mentioned = _mentioned_only(body)
    refs = [r for r in refs if (r not in other_refs and r not in mentioned) or r in governed_refs]
    if mentions and not governed:
        anaphora = _ANAPHORA.search(body, mentions[0][1])
        title = _TITLE_MENTION.match(body)
        is_title = bool(title) and mentions[0][0] <= title.end() + 20
        first_before = body[max(0, mentions[0][0] - 60) : mentions[0][0]]
        if anaphora and anaphora.group("e") and not is_title:
            anaphora = None
        if anaphora and not is_title and _REFERENCE_BEFORE.search(first_before):
            anaphora = None
        if (
            anaphora
            and re.search(r"stipulation", anaphora.group(0), re.I)
            and not body[mentions[0][0] : mentions[0][1]].lower().startswith("stipulation")
        ):
            anaphora = None  # "The stipulation is APPROVED" rules on a stipulation named, not
            # on the sealing application the stipulation is about (to continue its hearing)
        if anaphora:
            verb = anaphora.group("v") or anaphora.group("e") or anaphora.group("c")
            start, end, kind = mentions[0]
            clause_start = _clause_start(body, start)
            movant = possessor(body[clause_start:start][-90:]) or named_after(
                body[start : start + _CLAUSE_AHEAD]
            )
            if not movant and (
                body[start:end].lower().startswith("stipulation")
                or re.search(r"\b(?:joint|stipulated)\s+$", body[clause_start:start][-25:], re.I)
            ):
                movant = "Joint"
            governed.append((kind, _verb_outcome(verb.replace("so ordered", "granted")), movant))
            verbs_seen.append(verb)
    if not mentions and not governed:
        prose = _prose_request(plain) or _endorsed_letter(body)
        if prose is not None:
            governed.append(prose)
            verbs_seen.append(prose[1])
    sua_sponte = bool(SUA_SPONTE.search(body))
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
        if conjunct and rule in ("order.grant.v1", "order.deny.v1"):
            rule = rule.replace(".v1", "_conjunct.v1")
        if len(governed) > 1 and len({o for _, o, _ in governed}) > 1:
            rule = "order.multi_motion.v1"
        if reconsider and outcome == "unknown":
            rule = "order.reconsideration.v1"
        movants = [m for _, _, m in governed]
        if not any(movants):
            renew = _MAY_RENEW.search(body) or _UPON_APPLICATION.search(body)
            movants = [trim_movant(renew.group("who"))] if renew else movants
        role, movant = combine_roles(movants, case_name, clean)
        return sealing_event(
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
    if _UNSEAL_DIRECTIVE.search(masked):
        rule = "order.unseal_directive.v1"
        event = "unsealing_order"
    elif _SEAL_DIRECTIVE.search(masked):
        rule = "order.seal_directive.v1"
        event = "sealing_order"
    elif _CLERK_FILES.search(masked):
        rule = "order.seal_directive.clerk_files.v1"
        event = "sealing_order"
    elif _TO_BE_FILED_SEALED.search(masked):
        rule = "order.seal_directive.to_be_filed.v1"
        event = "sealing_order"
    else:
        event = ""
    if event != "unsealing_order" and extension is not None and _SEAL_EXTENDED.search(body):
        start, numbers = extension
        event = "sealing_order"
        refs = sorted(set(refs) | set(numbers))
        movant = possessor(body[max(0, start - 90) : start])
        return sealing_event(
            event, "granted", refs, movant, case_name, "order.seal_extended.v1", clean
        )
    if event:
        if ".to_be_filed" not in rule and re.search(r"\bstipulat", body, re.I):
            return sealing_event(event, "granted", refs, "", case_name, rule, clean, "joint")
        if mentions:
            movant = possessor(body[max(0, mentions[0][0] - 90) : mentions[0][0]])
            if movant:
                return sealing_event(event, "granted", refs, movant, case_name, rule, clean)
        upon = _UPON_APPLICATION.search(body)
        if upon and not sua_sponte:
            movant = trim_movant(upon.group("who"))
            return sealing_event(event, "granted", refs, movant, case_name, rule, clean)
        # court_sua_sponte only on evidence that the court acted on its own (decision, issue 14:
        # a directive that names no motion does not show who asked; an oral or sealed motion,
        # or the application the order grants, may stand behind it).
        own = _CLERK_FILES.search(masked) or _OBJECTION_INVITED.search(body)
        if sua_sponte or (own and not mentions):
            rule = rule.replace("_directive", "_directive.sua_sponte")
            return sealing_event(
                event, "granted", refs, "", case_name, rule, clean, "court_sua_sponte"
            )
        return sealing_event(event, "granted", refs, "", case_name, rule, clean, "unknown")

    # An order titled on a sealing motion whose result the text does not give.
    if mentions and not _SCHEDULING_WORDS.search(body):
        title = _TITLE_MENTION.match(body)
        first = mentions[0]
        if title and first[0] <= title.end() + 20:
            event = "unsealing_order" if first[2] == "unseal" else "sealing_order"
            movant = possessor(body[max(0, first[0] - 90) : first[0]])
            if not movant:
                movant = named_after(body[first[0] : first[0] + _CLAUSE_AHEAD])
            return sealing_event(
                event, "unknown", refs, movant, case_name, "order.unknown.v1", clean
            )
    return None
