"""Who asked: the movant of the sealing or unsealing request an order rules on.

``read_movant`` reads the parts of an order that :func:`monitor.analyze.ruling.read_ruling` cuts
(title, body, last paragraph) and returns the movant as the order words it (``movant_text``) and
its role (``movant_role``, vocabulary in docs/design.md). When the body and the title or last
paragraph disagree about who moved, the body wins and a ``movant_conflict`` flag says so.
"""

from __future__ import annotations

import re

from monitor import fastre
from monitor.analyze.sentences import (
    ABBREV,
    MOTION,
    SEAL,
    UNSEAL,
    clause_at,
    is_sealing_context,
    sentence_end,
    sentence_head,
)
from monitor.parties import Parties, is_government_side, read_parties

__all__ = ["INFERRED_SUA_SPONTE", "read_movant"]

# MV-08 the court on its own, unless the phrase is negated ("has not revisited it sua sponte").
_SUA_SPONTE = fastre.compile(r"\b(?:sua\s+sponte|on\s+its\s+own\s+motion|of\s+its\s+own\s+accord|"
                             r"on\s+its\s+own\s+initiative)\b", re.I)  # fmt: skip
_NEGATED = fastre.compile(r"\b(?:not|never|no)\b[^.;]{0,80}$", re.I)
_FILED_BY = re.compile(
    r"(?:[^.;]|\.(?=\s*(?:Nos?\b|\d)))"  # "[Doc. No. 215]" does not end the clause
    r"{0,60}?\b(?:filed|brought|submitted|made)\s+by\s+(?:the\s+)?(?P<w>[^.;,(\[]{2,80})"
)
# MV-27 "Upon the motion (the "Motion") of Brightwater LLC (the "Buyer")": the motion of X.
_MOTION_OF = fastre.compile(
    r"\s*(?:\((?:the\s+)?[\"“][^\"“”()]{1,30}[\"”]\)\s*\d{0,2}\s*)?of\s+(?:the\s+)?"
    r"(?P<w>(?-i:[A-Z])[^.;,(\[\n]{2,80})"
)
# MV-04 docket text: "MOTION to Seal Document 12 by Defendant Acme Corp."
_BY_DOCKET = re.compile(r"[^.;\n]{0,80}?\bby\s+(?:the\s+)?(?P<w>[^.;,(\[\n]{2,80})")
# Party words of real orders, beyond ruling._PARTY: abbreviations in citations ("Def.'s Mot.
# to Seal"), appellants, claimants, amici, "each party".
_WHO = fastre.compile(
    r"\b(?P<w>(?:Defs?|Pls?|Pltfs?|Resp(?:t)?s?|Pet(?:r)?s?)\.(?:'s|s'|’s|')?|"
    r"(?:plaintiffs?|petitioners?|defendants?|respondents?)[\s-]+(?:appellants?|appellees?)|"
    r"appellants?|appellees?|claimants?|amic(?:i|us)(?:\s+curiae)?|each\s+party|both\s+parties|"
    # MV-20 the plaintiff side under other names: a qui tam relator, a bankruptcy debtor (the
    # petitioner of its case); not a judgment debtor, who was sued
    r"(?:qui\s+tam\s+)?relators?|(?<!judgment\s)debtors?(?:[\s-]+in[\s-]+possession)?|"
    r"(?:press|media)\s+(?:applicants|intervenors|coalition)|"
    r"plaintiffs?|petitioners?|defendants?|respondents?|(?:the\s+)?government|"
    r"united\s+states|(?:proposed\s+)?intervenors?|non-?part(?:y|ies)|third[\s-]part(?:y|ies)|"
    r"movants?|the\s+parties|parties|joint|stipulated|federal\s+defendants|"
    # an organisation's name is capitalised: "the Court is Defendant Acme, Inc." is not one
    r"(?-i:[A-Z][\w&.\-]*(?:,?[ \t]+[A-Z][\w&.\-]*){0,5},?[ \t]+(?:Times|Post|Press|News|Media|"
    r"Journal|Tribune|Reporters|Committee|Company|Inc\.|LLC|Foundation|Union|Center|Centre|"
    r"Institute|Association|Coalition|Project|Broadcasting\s+Corporation|Guild|Clinic)))"
    r"(?:'s|s'|’s|')?(?=\W|$)",
    re.I,
)
# MV-26 a plural possessive inside a name: "Parents' Alliance for Safe Feeding"
_NAMED_ENTITY = re.compile(
    r"[A-Z][\w&.\-]*(?:['’]s?(?=\s+[A-Z]))?"
    r"(?:\s+(?:of|for|and|the|on)?\s*[A-Z][\w&.\-]*(?:['’]s?(?=\s+[A-Z]))?){1,7}"
)
# "EyeCare's motion to unseal", "Public First Law Center's Motion to Unseal"
_NAMED_POSSESSIVE = re.compile(
    r"(?P<w>[A-Z][\w&\-]*(?:[ \t]+(?:of\s+|for\s+|and\s+)?[A-Z][\w&.\-]*){0,5})(?:'s|’s|s'|s’)\s+$"
)
# MV-02 where a motion's object stops: its verb, who filed it, what it supports.
_OBJECT_END = re.compile(
    r"\s(?:is|are|was|were|will|shall|be|has|have|had|filed|submitted|brought|in\s+support|"
    r"pending|which|that)\b|[,:(\[]"
)
# MV-04 verbs of asking, with the thing asked for after them.
_ASKS = fastre.compile(
    r"\b(?:(?:jointly\s+)?move[sd]?|has\s+moved|have\s+moved|asks?|asked|seeks?|sought|"
    r"requests?|requested|wants?|appl(?:y|ies|ied)|petitions?)\b(?P<obj>[^.;]{0,140})",
    re.I,
)
# MV-21 "Defendants X and Y have filed a letter-motion asking the Court to permit them to file
# … under seal": the filer of a motion that a participle describes is the sentence's subject.
_FILED_ASKING = fastre.compile(
    r"\b(?:filed|submitted|brought|lodged|made|served)\s+(?:a|an|the|their|its|his|her)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:motion|letter|application|request|petition|letter[\s-]motion)\s*,?\s+"
    r"(?:asking|seeking|requesting|praying)\b(?P<obj>[^.;]{0,140})",
    re.I,
)
# MV-19 one who moves to intervene in order to see sealed papers is a third party asking for
# access: "The motion to intervene filed by X … for the sole purpose of seeking
# reconsideration … a redacted version … available to the public", "He moved to intervene …,
# claiming a right to access a sealed document". Sealing or access must be named in the next
# 400 characters; an intervention for any other purpose is not an access request.
_INTERVENE_MOTION = fastre.compile(r"\bmotion\s+(?:for\s+leave\s+)?to\s+intervene\b", re.I)
_MOVED_TO_INTERVENE = fastre.compile(
    r"\b(?:move[sd]?|has\s+moved|have\s+moved|seeks?|sought|asks?|asked|applie[sd])\s+"
    r"(?:for\s+leave\s+)?to\s+intervene\b",
    re.I,
)
_INTERVENE_WORD = re.compile(r"intervene", re.I)  # in both patterns above
_ACCESS_WORD = fastre.compile(r"\b(?:access|public(?:ly)?)\b", re.I)
# "asking the Court to deny Defendant's motion to seal" opposes a sealing request
_OPPOSING = re.compile(r"\s+(?:the\s+Court\s+)?to\s+(?:deny|reject|strike|overrule)\b", re.I)
_REQUEST_FROM = fastre.compile(
    r"\b(?:request|application|motion|letter)s?\s+(?:from|by|of)\s+(?:the\s+)?", re.I
)
# A sentence that opens with a date, a place or a subordinate clause names no movant there.
_NOT_A_NAME = re.compile(
    r"(?:On|In|At|After|Before|While|When|Whereas|Although|Because|Since|As|For|Upon|If|Id|"
    r"This|That|These|Those|Here|There|Finally|Further|Moreover|However|Accordingly|Thus|"
    r"January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Rule|Local|Civil|Federal|Section|Exhibits?|Docket|Dkt|ECF|Doc|IT|SO|ORDERED|"
    r"ORDER|Court|Clerk)\b"
)
# "D.C., a minor, by his guardian (“Plaintiff”), moves …": the defined term names the role.
_DEFINED_ROLE = re.compile(
    r"\((?:the\s+)?[\"“”](?P<w>Plaintiffs?|Defendants?|Petitioners?|Respondents?|"
    r"Intervenors?)[\"“”]\)"
)
# MV-30 a party named before a motion that it opposes, objects or responds to is not its movant
# ("Plaintiffs oppose the motion as to Exhibit B", "Defendant's response to the motion").
_ANSWERS = re.compile(
    r"\b(?:oppos(?:e|es|ed|ing|ition)|object(?:s|ed|ing|ions?)?\s+to|respon(?:d|ds|ded|se)\s+to|"
    r"repl(?:y|ies|ied)\s+to)\b",
    re.I,
)


def _answers(gap: str) -> bool:
    """MV-30: ``gap`` (between a party word and the motion) says the party answers the motion;
    "Defendants' Opposed Motion to Seal" is the adjective (the motion is opposed), not that."""
    m = _ANSWERS.search(gap)
    return bool(m) and not (m.group(0).lower() == "opposed" and not gap[m.end() :].strip())


_POSSESSIVE_PRONOUN = fastre.compile(r"\b(?:their|his|her|its)\s+(?:\w+\s+){0,2}$", re.I)
_PRONOUN = re.compile(
    r"^\W*(?:He|She|They|It)\s+(?:also\s+|further\s+|now\s+|then\s+)?(?:\w|$)", re.I
)
# A ruling in the present: "GRANTS", "is denied", "will grant"; not a recital ("the Court
# granted that motion on a provisional basis").
_RULING_WORD = re.compile(
    r"\b(?:GRANT(?:S|ED)?|DEN(?:Y|IES|IED)|grants|denies|(?:is|are|be|hereby)\s+(?:granted|"
    r"denied|allowed)|will\s+(?:be\s+)?(?:grant(?:ed)?|den(?:y|ied))|must\s+be\s+(?:granted|"
    r"denied)|ALLOW(?:S|ED)|well\s+taken|AFFIRM(?:S|ED)?|REVERSE[SD]?|VACATE[SD]?)\b"
)
_HABEAS = re.compile(
    r"\bhabeas\b|§\s*22(?:41|54|55)\b|\b22(?:41|54|55)\b|\bpetition\s+for\s+(?:a\s+writ|review)|"
    r"\bin\s+custody\b|\bdetention\b|\bdetained\b|\bwarden\b|\bimmigration\b|"
    r"(?-i:\bReturn\b)|(?-i:\bPetitioners?\b)",  # the answer to a habeas petition; a petition case
    re.I,
)
_ANY_REQUEST = fastre.compile(
    r"\b(?:motion|application|request|petition|stipulation|letter|moves?|moved|asks?|asked|"
    r"seeks?|requests?|requested|applies)\b",
    re.I,
)
# MV-23 a verb of asking after an article or a possessive is a noun ("the petition", "its
# request"): it names no one asking.
_DETERMINER = fastre.compile(r"\b(?:the|a|an|this|that|his|her|its|their|any)\s+$", re.I)
# MV-25 a flattened caption runs into the first sentence ("… Defendant. ) ) ) Criminal No. 5:23-
# cr-00077 ORDER *** *** Defendant Ann Roe moves …"): the sentence begins after the title.
_TITLE_WORD = re.compile(
    r"(?-i:\b(?:ORDER|OPINION|MEMORANDUM|DECISION)(?:\s+(?:AND|&)\s+(?:ORDER|OPINION))?)"
    r"[\s*_\-]*(?=[A-Z][a-z])"
)
# MV-28 the court reviews its own sealed docket or orders the parties to show cause.
_COURT_REVIEW = re.compile(
    r"\b(?:Court|undersigned)\s+(?:has\s+)?(?:reviewed|examined|reviewing|examining)\s+(?:the\s+)?"
    r"(?:sealed|docket)|\border(?:ed|s)?\s+(?:any|the|each)\s+part(?:y|ies)\b[^.;]{0,80}?\bto\s+"
    r"show\s+cause\b",
    re.I,
)
_PROPOSED = re.compile(r"\[?\s*PROPOSED\s*\]?\s*(?:STIPULATED\s+)?ORDER|\bSTIPULATED\s+ORDER", re.I)


def _object(segment: str, start: int) -> str:
    """What a motion asks for, from ``start`` to its verb or a comma (bounded, abbreviations
    such as "Doc. No." do not end it)."""
    piece = segment[start : start + 160]
    end = _OBJECT_END.search(piece)
    piece = piece[: end.start()] if end else piece
    stop = re.search(r"\.\s+(?!No\b|Nos\b)[A-Z]|;", piece)
    return piece[: stop.start()] if stop else piece


def _motions(segment: str):
    """Every motion word in ``segment``; a match's long object does not hide the next motion
    ("MOTION TO FILE UNDER SEAL This case is before the Court on Petitioner's Motion …")."""
    pos = 0
    while True:
        m = MOTION.search(segment, pos)
        if not m:
            return
        yield m
        pos = m.end("kind")


# MV-29 sealing under other names: D. Colo. "Motion to Restrict Documents 112 … at Level 2"
# ("restrict public access"), and leave to file a paper "ex parte and in camera", which keeps it
# from the public record. Not "in camera review" of discovery, not "restrict the scope of".
_SEALING_OTHER_WORDS = re.compile(
    r"\brestrict(?:ed|ing)?\s+(?:public\s+)?access\b|\brestrict(?:ed|ing)?\s+(?:Documents?|"
    r"ECF|Doc\.|Exhibits?|Dkt\.)\b|\bat\s+Level\s+[123]\b|\b(?:file|submit|lodge)\b"
    r"[^.;]{0,80}?\bin\s+camera\b",
    re.I,
)


def _seals(text: str) -> bool:
    """Sealing context, or (MV-29) sealing under another name."""
    return is_sealing_context(text) or bool(_SEALING_OTHER_WORDS.search(text))


def _is_sealing_motion(segment: str, m: re.Match, first: bool | None = None) -> bool:
    """MV-02: a motion "to"/"for" something is a sealing motion only when that thing is sealing;
    a bare "motion" takes its clause, or else (MV-14) the motion the order opened with: "Before
    the Court is an Amended Motion to Seal … Defendant's motion is DENIED" (``first``)."""
    if m["what"]:
        return _seals(_object(segment, m.end("kind")))
    return _seals(clause_at(segment, m.start())) or bool(first)


_HEADING_LINES = re.compile(
    r"^\s*(?:(?:[^a-z\n]{0,80}\n)+|(?:[A-Z][A-Z.,'’\-]*\s+){2,12}(?=[A-Z][a-z]))"
)


def _subject(segment: str, pos: int) -> str:
    """The subject of the sentence at ``pos``; a pronoun takes its antecedent (MV-03).

    MV-03 the antecedent is the nearest earlier sentence (up to three back, each read whole up
    to 600 characters) whose subject is a party: "Plaintiff, a noncitizen who …, brings this
    action … She moves to seal …"; "The Department has moved for summary judgment … It now
    moves …". When none names a party, the previous sentence stands as before.
    """
    head = sentence_head(segment, pos)
    titled = list(_TITLE_WORD.finditer(head))
    if titled:
        head = head[titled[-1].end() :]  # MV-25
    if not _PRONOUN.match(head):
        return head
    lo = pos - len(head)
    first = ""
    for _ in range(3):
        if lo <= 2:
            break
        if "\n\n" in segment[max(0, lo - 4) : lo]:
            break  # the antecedent stays inside the pronoun's paragraph
        prev = sentence_head(segment, lo - 2, limit=600)
        if not prev or _PRONOUN.match(prev):
            break
        lo = lo - 2 - len(prev)
        # headings above a sentence ("OPINION\nSMITH, CIRCUIT JUDGE\n") are not its subject
        prev = _HEADING_LINES.sub("", prev)
        first = first or prev
        if _who(prev.strip(), anchored=False):
            return prev
    return first or head


def _who(text: str, anchored: bool = True) -> str | None:
    """The party word (or named movant) at the start of ``text``."""
    t = re.sub(r"^\W*(?:The\s+|the\s+)?", "", text)
    p = _WHO.match(t)
    if p:
        return p["w"]
    defined = _DEFINED_ROLE.search(t[:200])
    if defined and not anchored:
        return defined["w"]
    named = _NAMED_ENTITY.match(t)
    if named and not anchored and not _NOT_A_NAME.match(t):
        return "named " + named.group(0)
    return None


# A subject that is no movant: a rule about anyone, a relative clause, a condition, a denial.
_NOT_A_MOVANT = re.compile(
    r"(?<!not\s)\b(?:any|a)\s+part(?:y|ies)\b|\bwho\s*$|\b(?:that|whether)(?:\s+(?:a|an|the|any))?\s*$|"
    r"\bif\b|\b(?:not|never)\s*$",
    re.I,
)
# MV-10 "Second, Plaintiff asks …", "In its reply, Defendant moves …": the subject after an
# introductory phrase set off by a comma.
_INTRO = re.compile(r"^[^,]{1,80},\s+(?P<rest>[^,]{1,60})$")
# MV-11 "J.R., a minor, by and through his mother, moves …": a minor suing by a parent or next
# friend is the plaintiff side.
_NEXT_FRIEND = fastre.compile(
    r"\b(?:a\s+minor|by\s+and\s+through\s+(?:(?:his|her|their)\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:parents?|mother|father|guardians?|next\s+friend))\b",
    re.I,
)
# MV-12 a letter from counsel: "We represent Defendant Acme … we write to request …"
_WE = fastre.compile(r"(?:^|[,;]\s*|\band\s+)(?:[Ww]e|I)\s+(?:\w+\s+){0,3}$")
_REPRESENT = re.compile(
    r"\b(?:We|I)\s+(?:represent|are\s+counsel\s+(?:to|for)|am\s+counsel\s+(?:to|for)|"
    r"write\s+on\s+behalf\s+of|(?:are|am)\s+writing\s+on\s+behalf\s+of)\s+"
)


def _crosses_sentence(text: str) -> bool:
    """True when ``text`` holds a sentence end ("Defendants do not oppose. The application …")."""
    for b in re.finditer(r"[.;!?]\s+(?=[A-Z(\[])", text):
        if text[b.start()] == "." and ABBREV.search(text[max(0, b.start() - 6) : b.start()]):
            continue
        return True
    return False


def _in_quotation(subject: str) -> bool:
    """An open quotation: an odd number of straight quotes, or a curly one left open."""
    return subject.count('"') % 2 == 1 or subject.count("“") > subject.count("”")


def _after_intro(subject: str) -> str | None:
    m = _INTRO.match(subject.strip())
    return _who(m["rest"]) if m else None


def _next_friend(subject: str) -> str | None:
    return "Plaintiff" if _NEXT_FRIEND.search(subject) else None


def _represented(segment: str, pos: int, subject: str) -> str | None:
    """MV-12: "we"/"I" in a letter is the party counsel says they represent."""
    if not _WE.search(subject):
        return None
    found = list(_REPRESENT.finditer(segment, max(0, pos - 1500), pos))
    if not found:
        return None
    return _who(segment[found[-1].end() : found[-1].end() + 120], anchored=False)


def _for_access(segment: str, pos: int) -> bool:
    """MV-19: sealing or access named in the intervention's sentence, or in the next one when
    that names no party ("The motion for reconsideration …, asking the court to make a redacted
    version … available to the public"); a party's own sealing motion next is another request."""
    end = min(sentence_end(segment, pos), pos + 400)
    nxt = segment[end : min(sentence_end(segment, end + 2), end + 300)]
    window = segment[pos:end] + ("" if _WHO.search(nxt) else nxt)
    return is_sealing_context(window) or bool(_ACCESS_WORD.search(window))


def _intervener(w: str | None) -> str:
    """MV-19: the intervener as a non-party candidate ("non-party Ann Roe", or "intervenor")."""
    if w and w.startswith("named "):
        return "non-party " + w[6:]
    return "intervenor"


def _interveners(segment: str) -> list[tuple[str, int]]:
    """MV-19: who moved to intervene for access, as (word, position)."""
    out: list[tuple[str, int]] = []
    if not _INTERVENE_WORD.search(segment):
        return out  # most orders: neither pattern below can match
    for m in _INTERVENE_MOTION.finditer(segment):
        by = _FILED_BY.match(segment, m.end(), m.end() + 200)
        if by and _for_access(segment, m.start()):
            ent = _NAMED_ENTITY.match(by["w"])
            out.append((_intervener("named " + ent.group(0) if ent else None), m.start()))
    for m in _MOVED_TO_INTERVENE.finditer(segment):
        subject = _subject(segment, m.start())
        if _NOT_A_MOVANT.search(subject) or not _for_access(segment, m.start()):
            continue
        out.append((_intervener(_who(subject.strip(), anchored=False)), m.start()))
    return out


def _cut_in_sealing_paragraph(segment: str, m: re.Match) -> bool:
    """MV-22: a request the end of the text cuts off ("Defendant requests that the Court") asks
    about what its paragraph is about; when the paragraph's earlier sentences (up to 600
    characters) are about sealing, it is the sealing request. Elsewhere it proves nothing."""
    if len(segment) - m.end() > 40:
        return False
    tail = segment[m.start() :].rstrip()
    if len(tail) > m.end() - m.start() + 2 or tail.endswith((".", "!", "?", '"', "”", ")", "]")):
        return False
    lo = max(0, m.start() - 600)
    para = segment[lo : m.start()]
    brk = para.rfind("\n\n")
    return is_sealing_context(para[brk + 1 :] if brk >= 0 else para)


def _motion_of_seals(segment: str, m: re.Match) -> bool:
    """MV-27: "Upon the motion … of X … for entry of an order … authorizing X to file under seal
    …;": a bankruptcy recital states what the motion asks for up to its first semicolon."""
    stop = segment.find(";", m.start(), m.start() + 600)
    return is_sealing_context(segment[m.start() : stop if stop > 0 else m.start() + 600])


def _movants(segment: str) -> list[tuple[str, int]]:
    """Party words attached to sealing/unsealing motions in ``segment`` (word, position)."""
    found = []
    first = None  # is the first motion named with its object a sealing one?
    for m in _motions(segment):
        if first is None and m["what"] and not re.match(r"\s+for\s+leave\s*$", m["what"]):
            first = _is_sealing_motion(segment, m)
        of = None if m["what"] else _MOTION_OF.match(segment, m.end("kind"), m.end("kind") + 200)
        if not _is_sealing_motion(segment, m, first) and not (of and _motion_of_seals(segment, m)):
            continue
        kind = m["kind"].lower()
        before = segment[max(0, m.start("kind") - 70) : m.start("kind")]
        if re.search(r"\b(?:any|not|never)\s*$", before, re.I):
            continue  # "any motion to seal must …", "Defendant does not request …"
        by = _FILED_BY.match(segment, m.end("kind"), m.end("kind") + 200)
        if re.search(r"\b(?:joint|stipulated)\b", kind) and not (by and _WHO.match(by["w"])):
            found.append(("joint", m.start()))
            continue
        words = list(_WHO.finditer(before))
        if words and _answers(before[words[-1].end() :]):
            continue  # MV-30 "Plaintiffs oppose the motion": who answers it did not file it
        if (
            words
            and len(before) - words[-1].end() <= 25
            and not _crosses_sentence(before[words[-1].end() :])
        ):
            # The party must be close to the motion word (possessive or adjective).
            found.append((words[-1]["w"], m.start()))
            continue
        if _POSSESSIVE_PRONOUN.search(before[-40:]):
            # "… appeal from an order denying their motion to unseal": the sentence's subject
            w = _who(_subject(segment, m.start()).strip(), anchored=False)
            if w:
                found.append((w, m.start()))
                continue
        named = _NAMED_POSSESSIVE.search(before[-60:])
        if named and not re.match(r"(?:The|This|Court|Judge)\b", named["w"]):
            found.append(("named " + named["w"], m.start()))
            continue
        by = by or _BY_DOCKET.match(segment, m.end(), m.end() + 120)
        by = by or of
        if by and not re.match(r"(?:the\s+)?(?:Court|Clerk|Magistrate|Judge)\b", by["w"], re.I):
            p = _WHO.search(by["w"])
            if p:
                found.append((p["w"], m.start()))
            else:
                ent = _NAMED_ENTITY.match(by["w"])
                if ent:
                    found.append(("named " + ent.group(0), m.start()))
    # "Respondents move to seal …", "Claimant X asks this court to seal …", "They also ask …"
    for m in _ASKS.finditer(segment):
        obj = m["obj"]
        if _DETERMINER.search(segment, max(0, m.start() - 12), m.start()):
            continue  # MV-23 "DENYING THE PETITION FOR A WRIT …": a noun, not someone asking
        if _cut_in_sealing_paragraph(segment, m):
            pass  # MV-22 "… whether the exhibits will remain under seal … Defendant requests that"
        elif not _seals(obj) or re.match(r"\s+(?:the\s+)?Court\b[^.;]{0,12}$", obj):
            continue
        if re.match(r"\s+(?:for\s+leave\s+)?to\s+intervene\b", obj):
            continue  # MV-19 reads who intervenes
        subject = _subject(segment, m.start())
        if _NOT_A_MOVANT.search(subject) or _in_quotation(subject):
            continue  # a rule about anyone, a denial ("does not request"), a quotation
        w = (
            _who(subject.strip(), anchored=False)
            or _after_intro(subject)
            or _next_friend(subject)
            or _represented(segment, m.start(), subject)
        )
        if w:
            found.append((w, m.start()))
    for m in _FILED_ASKING.finditer(segment):
        if not is_sealing_context(m["obj"]) or _OPPOSING.match(m["obj"]):
            continue
        subject = _subject(segment, m.start())
        if _NOT_A_MOVANT.search(subject) or _in_quotation(subject):
            continue
        w = _who(subject.strip(), anchored=False) or _after_intro(subject)
        if w:
            found.append((w, m.start()))
    found += _interveners(segment)
    # "a request from respondent's counsel", "the application by the Government"
    for m in _REQUEST_FROM.finditer(segment):
        # MV-27 the request's object ends at a semicolon or the sentence's end: "Upon the motion
        # of X for entry of an order approving the bid procedures; … The exhibit shall remain
        # under seal" is no request from X to seal.
        what = re.split(r";|\.\s+(?=[A-Z])", segment[m.start() : m.start() + 220])[0]
        if not is_sealing_context(what):
            continue
        w = _who(segment[m.end() : m.end() + 80])
        if w:
            found.append((w, m.start()))
    found.sort(key=lambda x: x[1])
    return found


def _ruled(segment: str, found: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """MV-01: the candidates whose sentence carries the ruling ("… motion is GRANTED")."""
    out = []
    for word, pos in found:
        end = min(sentence_end(segment, pos), pos + 400)
        sentence = sentence_head(segment, pos) + segment[pos:end]
        if _RULING_WORD.search(sentence):
            out.append((word, pos))
    return out


# News organisations and access groups are third parties wherever the caption puts them.
_PRESS = re.compile(
    r"\b(?:Times|Post|Press|News|Media|Journal|Tribune|Herald|Gazette|Reporters|Broadcasting|"
    r"Newspapers?|Law\s+Center|Foundation\s+for\s+Press)\b"
)
_NON_PARTY_ORG = fastre.compile(
    r"\b(?:times|post|press|news|media|journal|tribune|reporters|committee|company|inc\.?|llc|"
    r"foundation|union|center|centre|institute|association|coalition|project|broadcasting|"
    r"corporation|guild|clinic)$",
    re.I,
)
_ROLE_WORDS = fastre.compile(
    r"(?i)(?:the\s+)?(?:plaintiff|petitioner|defendant|respondent|government|intervenor|movant|"
    r"relator|qui tam|debtor|"
    r"parties|joint|united states|appell|claimant|each party)"
)
_COUNSEL_FOR = re.compile(
    r"\b(?:Attorneys?|Counsel)\s+for\s+(?:the\s+)?(?P<w>(?:Federal\s+)?(?:Defendants?|"
    r"Respondents?|Plaintiffs?|Petitioners?|Intervenors?|the\s+United\s+States))"
)
_GOV_DRAFTER = re.compile(
    r"Office\s+of\s+Immigration\s+Litigation|Assistant\s+United\s+States\s+Attorney|"
    r"Assistant\s+U\.\s?S\.\s+Attorney",
    re.I,
)


def _named_role(name: str, parties: Parties) -> str:
    """MV-06: the role of a movant named rather than called by its role."""
    key = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", name)} - {
        "inc", "corp", "company", "the", "llc", "group", "international", "center", "national"
    }  # fmt: skip
    if is_government_side(name):
        return "government"
    if parties.matter or _PRESS.search(name):
        return "third_party"
    left = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", parties.left)}
    right = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", parties.right)}
    if key and key & left:
        return "government" if parties.criminal else "plaintiff_petitioner"
    if key and key & right:
        return _defendant_role(parties, "defendant", "")
    if _NON_PARTY_ORG.search(name):
        return "third_party"
    return "unknown"


def _defendant_role(parties: Parties, w: str, text: str) -> str:
    """MV-05: defendants and respondents by the caption; habeas respondents are the custodian."""
    if parties.criminal:
        return "criminal_defendant"
    if parties.defendants:
        if parties.defendants == "defendant_nongov" and w.startswith("respondent"):
            if _HABEAS.search(text[:6000]):
                return "government"
        return parties.defendants
    if w.startswith("respondent") and _HABEAS.search(text[:6000]):
        return "government"
    return "unknown"


# MV-13 "Defendant Desmond Roe's motion": a name after a role word takes the role word's role.
_ROLE_THEN_NAME = fastre.compile(
    r"(?P<w>(?:Federal\s+)?(?:Plaintiffs?|Petitioners?|Defendants?|Respondents?|"
    r"(?:Proposed\s+)?Intervenors?|Claimants?))\s+[A-Z]"
)


def _role(word: str, parties: Parties, text: str) -> str:
    if word.startswith("named "):
        by_word = _ROLE_THEN_NAME.match(word[6:])
        role = _role(by_word["w"], parties, text) if by_word else "unknown"
        return role if role != "unknown" else _named_role(word[6:], parties)
    w = word.lower().strip()
    w = re.sub(r"(?:'s|s'|’s|')$", "", w)
    w = re.sub(r"^the\s+", "", w)
    w = {"def.": "defendant", "defs.": "defendant", "pl.": "plaintiff", "pls.": "plaintiff",
         "pltf.": "plaintiff", "pltfs.": "plaintiff", "resp.": "respondent",
         "resps.": "respondent", "respt.": "respondent", "pet.": "petitioner",
         "petr.": "petitioner"}.get(re.sub(r"[’']s?$", "", w), w)  # fmt: skip
    if re.match(r"(?:plaintiff|petitioner|defendant|respondent)s?[\s-]+appell", w):
        w = w.split()[0].split("-")[0]
    elif w.startswith("appellant"):
        if not parties.appellant:
            return "unknown"
        w = parties.appellant
    elif w.startswith("appellee"):
        # MV-24 the caption's "Defendants-Appellees" says who the appellees are
        if not parties.appellee:
            return "unknown"
        w = parties.appellee
    if w in {"joint", "stipulated", "parties", "each party", "both parties"}:
        return "joint"
    if w in {"government", "united states", "federal defendant", "federal defendants"}:
        return "government"
    if w.startswith(("relator", "qui tam", "debtor")):
        return "plaintiff_petitioner"  # MV-20
    if w.startswith(("plaintiff", "petitioner", "claimant")):
        gov = parties.criminal or parties.plaintiffs_gov
        return "government" if gov and w.startswith("plaintiff") else "plaintiff_petitioner"
    if w.startswith(("defendant", "respondent")):
        return _defendant_role(parties, w, text)
    if re.match(r"(?:proposed\s+)?intervenor|non-?part|third[\s-]part|amic|press|media", w):
        return "third_party"
    if w.startswith(("movant", "objecting")):
        return "unknown"
    return _named_role(word, parties)


# MV-09 a movant the order itself describes as a non-party or a news organisation: "filed by
# the Harbor Ledger, a newspaper that is not a party", "X, a non-party journalist, moves".
_DESCRIBED_NON_PARTY = fastre.compile(
    r"[\s,]{0,3}(?:(?:which|who)\s+(?:is|are)\s+not\s+(?:a\s+)?part(?:y|ies)\b|"
    r"(?:an?|the)\s+(?:[\w-]+\s+){0,3}?(?:newspapers?|news\s+(?:organi[sz]ation|outlet|"
    r"service)s?|journalists?|reporters?|broadcasters?|publishers?|non-?part(?:y|ies)|"
    r"media\s+(?:organi[sz]ation|outlet|compan(?:y|ies))s?)\b)",
    re.I,
)


# MV-16 the caption or the story names the movant an intervenor or a non-party movant: "THE
# HARBOR LEDGER, Movant-Appellant", "ACME WATCH, Intervenor", "X, a nonprofit, intervened".
_CAPTION_NON_PARTY = fastre.compile(
    r",?\s*(?:(?:Proposed\s+)?Intervenors?|Movants?|Non-?Part(?:y|ies)|Objectors?)"
    r"(?:\s*[-–]\s*Appell(?:ant|ee)s?)?\b",
    re.I,
)
_INTERVENED = re.compile(
    r"(?:[^.;]|\.(?=\S)){0,150}?\b(?:intervened|(?:moved|sought|was\s+permitted|was\s+allowed)"
    r"\s+to\s+intervene)\b"
)


def _described_as_non_party(name: str, text: str) -> bool:
    """MV-09/MV-16: the words right after the movant's name say it is no party (or is the
    press), or the caption lists it as an intervenor or a movant apart from the parties."""
    if len(name) < 4:
        return False
    for match in re.finditer(re.escape(name), text[:20000], re.I):
        if (
            _DESCRIBED_NON_PARTY.match(text, match.end(), match.end() + 120)
            or _CAPTION_NON_PARTY.match(text, match.end(), match.end() + 40)
            or _INTERVENED.match(text, match.end(), match.end() + 200)
        ):
            return True
    return False


def _movant_text(word: str) -> str:
    word = re.sub(r"^(?:named|non-party)\s+(?=[A-Z])", "", word)
    w = re.sub(r"(?:'s|s'|’s|')$", "", word.strip())
    if w.lower().endswith("s") is False and word.strip().endswith(("s'", "s’")):
        w += "s"
    if _ROLE_WORDS.match(w):
        return w.lower()
    return w


def _drafted_by(text: str, title: str) -> str:
    """MV-07: "Attorneys for Defendants" above a proposed or stipulated order."""
    pos = _PROPOSED.search(text[:5000])
    if not pos:
        return ""
    above = text[: pos.start()]
    signed = list(_COUNSEL_FOR.finditer(above))
    if signed:
        return signed[-1]["w"]
    return "government" if _GOV_DRAFTER.search(above) else ""


def _opposite(segment: str, pos: int, event_type: str) -> bool:
    """MV-17: the sentence at ``pos`` asks the other way than the order rules (sealing in an
    unsealing order, or unsealing in a sealing order)."""
    lo = pos - len(sentence_head(segment, pos))
    sentence = segment[lo : min(sentence_end(segment, pos), pos + 400)]
    unseal = bool(UNSEAL.search(sentence))
    if event_type == "unsealing_order":
        return not unseal and bool(SEAL.search(sentence))
    if event_type == "sealing_order":
        return unseal
    return False


def _asks_for_sealing(text: str) -> bool:
    """MV-18: does any motion or request in ``text`` ask for sealing or unsealing? A bare "the
    motion" takes the motion the order opened with; one with nothing before it might be a
    sealing motion, so it counts."""
    window = text[:20000]
    first = None
    for m in _motions(window):
        if m["what"] and first is None and not re.match(r"\s+for\s+leave\s*$", m["what"]):
            first = _is_sealing_motion(window, m)
        if not m["what"] and first is None:
            return True
        if _is_sealing_motion(window, m, first):
            return True
    return any(
        is_sealing_context(m["obj"]) or m.end() >= len(text.rstrip()) - 2  # cut mid-request
        for m in _ASKS.finditer(window)
    )


#: The flag of MV-18: no request for sealing is named, so the order is read as the court's own.
INFERRED_SUA_SPONTE = (
    "movant_inferred: the order names no request for sealing; read as the court's own"
)


def _sua_sponte(body: str) -> bool:
    for m in _SUA_SPONTE.finditer(body[:3000]):
        if not _NEGATED.search(sentence_head(body, m.start())):
            return True
    return False


def read_movant(
    title: str, body: str, last: str, text: str, event_type: str, case_name: str = ""
) -> tuple[str, str, list[str]]:
    """(movant_text, movant_role, flags) of an order cut into title, body and last paragraph.

    ``text`` is the whole normalised order (its caption); ``case_name`` the caption's short name.
    Texts with single line breaks are one paragraph: the last paragraph is then the body.
    """
    flags: list[str] = []
    parties = read_parties(text, case_name)
    head = body[: len(body) - len(last)] if last and len(body) - len(last) > 40 else body
    body_movants = _movants(head)
    title_movants = _movants(title)
    last_movants = _movants(last) if last and head is not body else []
    movant_text, movant_role = "", "unknown"
    ruled = _ruled(head, body_movants)
    chosen = ruled or body_movants or last_movants or title_movants
    if not chosen and title and title in text:
        # docket text above the order: "ORDER granting 12 Motion to Seal filed by Plaintiff"
        chosen = _movants(text[: text.find(title)])
    if not chosen and body and not title:
        # MV-15 the order's own heading above its body when no title was cut out: "ORDER (1)
        # DENYING …; AND (2) GRANTING PLAINTIFF'S APPLICATION … UNDER SEAL [13]"
        cut = text.find(body[:200])
        chosen = _movants(text[max(0, cut - 3000) : cut]) if cut > 0 else []
    if chosen and not ruled and chosen is body_movants and _sua_sponte(body):
        # MV-17 "At the government's request, the Court sealed the file … The Court has
        # reviewed the file on its own initiative": a past request the other way is history.
        if all(_opposite(head, pos, event_type) for _, pos in chosen):
            chosen = []
    if (
        chosen
        and not ruled
        and chosen is body_movants
        and event_type == "unsealing_order"
        and _COURT_REVIEW.search(body[:4000])
        and all(_opposite(head, pos, event_type) for _, pos in chosen)
    ):
        # MV-28 "At the parties' request, the Court provisionally sealed … the Court reviewed the
        # sealed entries … ordered any party … to show cause": the court unseals on its own.
        chosen = []
        movant_text, movant_role = "the court", "court_sua_sponte"
    if not chosen and _sua_sponte(body):
        movant_text, movant_role = "the court", "court_sua_sponte"
    if not chosen and movant_role == "unknown":
        drafted = _drafted_by(text, title)
        if drafted:
            chosen = [(drafted, 0)]
    if chosen and movant_role == "unknown":
        word = chosen[0][0]
        movant_text, movant_role = _movant_text(word), _role(word, parties, text)
        if (
            movant_role in {"unknown", "plaintiff_petitioner", "defendant_nongov"}
            and not _ROLE_WORDS.match(movant_text)
            and _described_as_non_party(movant_text, text)
        ):
            movant_role = "third_party"
    if (
        not chosen
        and movant_role == "unknown"
        and event_type != "order_other"
        and (not _ANY_REQUEST.search(text) or not _asks_for_sealing(text))
    ):
        # An order that mentions no motion, request or application, or (MV-18) none for sealing
        # ("Defendant's Motion to Dismiss … IT IS FURTHER ORDERED that the Clerk file Exhibits
        # 1-3 under seal"): the court acted on its own, as far as the text shows; said in a flag.
        movant_text, movant_role = "the court", "court_sua_sponte"
        flags.append(INFERRED_SUA_SPONTE)
    if event_type == "order_other" and not chosen:
        movant_role = "none" if not movant_text else movant_role
    if chosen:
        main_role = movant_role
        others = []
        for label, group in (("caption", title_movants), ("last paragraph", last_movants)):
            roles = {_role(w, parties, text) for w, _ in group}
            if roles and main_role not in roles:
                others.append((label, _movant_text(group[0][0])))
        if others:
            where = " and ".join(label for label, _ in others)
            said = others[0][1]
            flags.append(
                f"movant_conflict: {where} say{'s' if len(others) == 1 else ''} {said}'s motion; "
                f"body says {movant_text}'"
            )
    return movant_text, movant_role, flags
