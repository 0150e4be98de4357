"""The result type (:class:`Classification`) and the one-line summary each event carries.

:func:`sealing_event` builds a sealing result; the movant's role is resolved from the caption
(:func:`monitor.classify.movant.resolve_role`) unless the caller already knows it (``joint`` for
stipulations, ``court_sua_sponte`` for directives nobody asked for).

Imports only :mod:`monitor.classify.movant` from the package.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from monitor.classify.movant import PURE_ROLE, resolve_role


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
    # The issuing judge as the docket text names it, for order event types only
    # (:func:`monitor.judges.judge_from_docket_text`); ``""`` when the text names none.
    judge: str = ""
    # ``magistrate``, ``district``, ``bankruptcy``, ``circuit`` or ``unknown`` beside a judge;
    # ``""`` when there is no judge.
    judge_role: str = ""

    def as_dict(self) -> dict:
        data = asdict(self)
        data["refs"] = list(self.refs)
        return data


def not_sealing(rule: str, refs: list[int] | None = None) -> Classification:
    return Classification(False, "not_sealing", "none", list(refs or []), "none", "", rule, "")


def docs_suffix(refs: list[int]) -> str:
    if not refs:
        return ""
    shown = ", ".join(str(r) for r in refs[:5]) + (", …" if len(refs) > 5 else "")
    return f" (Doc. {shown})" if len(refs) == 1 else f" (Docs. {shown})"


def _whose(movant: str) -> str:
    """``defendants' motion`` for role words, ``motion by X`` otherwise (for summaries)."""
    if not movant or ";" in movant:
        return ""
    if PURE_ROLE.match(movant):
        low = movant.lower()
        return low + ("'" if low.endswith("s") else "'s")
    return ""


def summary_line(
    event: str, outcome: str, movant: str, refs: list[int], rule: str, plural: bool = False
) -> str:
    docs = docs_suffix(refs)
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


def sealing_event(
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
        summary_line(event, outcome, movant_text, refs, rule, plural),
    )
