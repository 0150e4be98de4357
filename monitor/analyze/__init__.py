"""Read court orders: what was sealed, who asked, what the court decided and why.

``analyze_text(text)`` is pure: plain text in (OCR or clean), an :class:`OrderAnalysis` out.
Steps: :mod:`normalize` (OCR clean-up) → :mod:`caption` (court, case, judge, dates) →
:mod:`ruling` (event type, outcome, movant, refs, documents, flags) → :mod:`reasons` (reasons,
standard, local rule) and :mod:`authorities` (citations). What the text does not state is left
empty, never guessed. See docs/internals.md, "Orders".
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from monitor.analyze.authorities import find_authorities
from monitor.analyze.caption import read_caption
from monitor.analyze.eyecite_speed import install as install_eyecite_speedup
from monitor.analyze.normalize import normalize
from monitor.analyze.reasons import find_local_rule, find_reasons, find_standard
from monitor.analyze.ruling import read_ruling

__all__ = ["ANALYZER_VERSION", "OrderAnalysis", "analyze_text", "summary_lines"]

ANALYZER_VERSION = "2026.12.1"


@dataclass(frozen=True)
class OrderAnalysis:
    court: str = ""
    court_name: str = ""
    case_number: str = ""
    case_name: str = ""
    judge: str = ""
    judge_role: str = "unknown"
    date_signed: str = ""
    date_filed: str = ""
    event_type: str = "order_other"
    outcome: str = "unknown"
    movant_text: str = ""
    movant_role: str = "unknown"
    motion_refs: list[int] = field(default_factory=list)
    rulings: list[dict] = field(default_factory=list)
    documents_sealed: list[str] = field(default_factory=list)
    reasons: list[dict] = field(default_factory=list)
    reasons_stated: bool = False
    standard: str = "none_stated"
    authorities: list[dict] = field(default_factory=list)
    local_rule: str = ""
    flags: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def _reasons_parts(text: str) -> tuple[list[dict], str, str]:
    return (
        list(find_reasons(text)),
        find_standard(text) or "none_stated",
        find_local_rule(text) or "",
    )


def _authorities(text: str) -> list[dict]:
    install_eyecite_speedup()
    return list(find_authorities(text))


MAX_CHARS = 300_000  # about 120 pages; longer "orders" are garbage layers or whole dockets
TAIL_CHARS = 20_000  # kept from the end: the ruling, the date and the signature live there


def _bounded(text: str) -> tuple[str, list[str]]:
    if len(text) <= MAX_CHARS:
        return text, []
    head = text[: MAX_CHARS - TAIL_CHARS]
    flag = (
        f"text_capped: read the first {len(head):,} and last {TAIL_CHARS:,} of {len(text):,} chars"
    )
    return f"{head}\n\n{text[-TAIL_CHARS:]}", [flag]


def analyze_text(text: str) -> OrderAnalysis:
    """Analyse one order's text (OCR or clean) into an :class:`OrderAnalysis`.

    Text beyond `MAX_CHARS` is not read (its middle is dropped, with a flag), so a garbage text
    layer or a mislabelled file costs seconds, not minutes.
    """
    raw, capped = _bounded(text or "")
    clean = normalize(raw)
    caption = read_caption(raw, clean)
    ruling = read_ruling(clean, case_name=caption["case_name"])
    reasons, standard, local_rule = _reasons_parts(clean)
    if ruling["event_type"] == "order_other" and not reasons:
        standard = standard or "none_stated"
    return OrderAnalysis(
        **caption,
        event_type=ruling["event_type"],
        outcome=ruling["outcome"],
        movant_text=ruling["movant_text"],
        movant_role=ruling["movant_role"],
        motion_refs=list(ruling["motion_refs"]),
        rulings=list(ruling["rulings"]),
        documents_sealed=list(ruling["documents_sealed"]),
        reasons=reasons,
        reasons_stated=bool(reasons),
        standard=standard,
        authorities=_authorities(clean),
        local_rule=local_rule,
        flags=list(ruling["flags"]) + capped,
    )


_OUTCOME_WORDS = {
    "granted": "granting",
    "denied": "denying",
    "granted_in_part": "granting in part",
    "moot": "finding moot",
}
_ROLE_WORDS = {
    "government": "government",
    "plaintiff_petitioner": "plaintiff/petitioner",
    "defendant_nongov": "non-government defendant",
    "criminal_defendant": "criminal defendant",
    "third_party": "third party",
    "joint": "joint",
    "court_sua_sponte": "court on its own motion",
}


def summary_lines(analysis: OrderAnalysis) -> list[str]:
    """A short human summary of an analysis (the CLI's output without ``--json``)."""
    a = analysis
    lines = []
    head = [x for x in (a.court_name or a.court, a.case_name, a.case_number) if x]
    if head:
        lines.append(" · ".join(head))
    if a.event_type == "order_other":
        ruling = "Order (not about sealing)"
    else:
        subject = "motion to unseal" if a.event_type == "unsealing_order" else "motion to seal"
        verb = _OUTCOME_WORDS.get(a.outcome, "on")
        who = ""
        if a.movant_text:
            role = _ROLE_WORDS.get(a.movant_role, "")
            who = f"{a.movant_text}'" if a.movant_text.endswith("s") else f"{a.movant_text}'s"
            who += f" ({role})" if role and role != a.movant_text else ""
            who += " "
        ruling = f"Order {verb} {who}{subject}"
        if a.motion_refs:
            ruling += " (Doc. " + ", ".join(str(n) for n in a.motion_refs) + ")"
    if a.date_signed:
        ruling += f", signed {a.date_signed}"
    if a.judge:
        role = {"magistrate": "Magistrate Judge", "district": "District Judge",
                "circuit": "Circuit Judge", "bankruptcy": "Bankruptcy Judge"}.get(
            a.judge_role, "Judge")  # fmt: skip
        ruling += f" by {role} {a.judge}"
    lines.append(ruling)
    if a.documents_sealed:
        lines.append("Sealed: " + "; ".join(a.documents_sealed))
    if a.reasons:
        parts = []
        for r in a.reasons:
            ev = (r.get("evidence") or "").strip()
            parts.append(f'{r.get("code")} — "{ev[:80]}"' if ev else str(r.get("code")))
        lines.append("Reasons: " + "; ".join(parts))
    elif a.event_type != "order_other":
        lines.append("Reasons: none stated")
    std = f"Standard: {a.standard}"
    if a.local_rule:
        std += f"; Local rule {a.local_rule}"
    lines.append(std)
    if a.authorities:
        lines.append(
            "Authorities: "
            + "; ".join(
                " ".join(x for x in (au.get("name", ""), au.get("citation", "")) if x)
                for au in a.authorities
            )
        )
    if a.flags:
        lines.append("Flags: " + "; ".join(a.flags))
    return lines
