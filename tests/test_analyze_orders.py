"""The order corpus (tests/orders): each order's analysis matches what a careful reader states.

Each `NN_name.txt` has a `NN_name.json` listing only the fields a careful human reader would
state with confidence. Scalars and `motion_refs` compare exactly; `documents_sealed_count`,
`reason_codes`, `citations` and `flags_include` are looser forms (see tests/orders/README.md).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from monitor.analyze import analyze_text

ORDERS = Path(__file__).resolve().parent / "orders"
ORDER_FILES = sorted(ORDERS.glob("*.txt"))

FIELDS = (
    "court",
    "court_name",
    "case_number",
    "case_name",
    "judge",
    "judge_role",
    "date_signed",
    "date_filed",
    "event_type",
    "outcome",
    "movant_text",
    "movant_role",
    "motion_refs",
    "rulings",
    "documents_sealed",
    "reasons",
    "reasons_stated",
    "standard",
    "authorities",
    "local_rule",
    "flags",
)
LOOSE = ("documents_sealed_count", "reason_codes", "citations", "flags_include")


def expected_for(txt: Path) -> dict:
    return json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))


def check(result: dict, expected: dict) -> list[str]:
    """Return one message per mismatch between an analysis and its expectation."""
    problems: list[str] = []
    for key, want in expected.items():
        if key == "motion_refs":
            got = result["motion_refs"]
            if sorted(got) != sorted(want):
                problems.append(f"motion_refs: expected {want}, got {got}")
        elif key == "documents_sealed_count":
            got = result["documents_sealed"]
            if len(got) != want:
                problems.append(f"documents_sealed: expected {want} documents, got {got}")
        elif key == "reason_codes":
            got = {r["code"] for r in result["reasons"]}
            if got != set(want):
                problems.append(f"reason codes: expected {sorted(want)}, got {sorted(got)}")
        elif key == "citations":
            got = {a["citation"] for a in result["authorities"]}
            missing = [c for c in want if c not in got]
            if missing:
                problems.append(f"citations missing {missing}; found {sorted(got)}")
        elif key == "flags_include":
            flags = result["flags"]
            for code in want:
                if not any(f.startswith(code) for f in flags):
                    problems.append(f"no flag starting {code!r}; flags {flags}")
        else:
            if result[key] != want:
                problems.append(f"{key}: expected {want!r}, got {result[key]!r}")
    return problems


@pytest.mark.parametrize("txt", ORDER_FILES, ids=[p.stem for p in ORDER_FILES])
def test_order(txt: Path) -> None:
    expected = expected_for(txt)
    result = analyze_text(txt.read_text(encoding="utf-8")).as_dict()
    assert list(result) == list(FIELDS), "analysis fields differ from docs/internals.md"
    problems = check(result, expected)
    assert not problems, f"{txt.name}:\n  " + "\n  ".join(problems)


def test_every_order_has_a_valid_expectation() -> None:
    from monitor.vocab import MOVANT_ROLES, OUTCOMES, REASONS, STANDARDS

    for txt in ORDER_FILES:
        assert txt.with_suffix(".json").exists(), f"{txt.name} has no expectation"
        expected = expected_for(txt)
        unknown = set(expected) - set(FIELDS) - set(LOOSE)
        assert not unknown, f"{txt.name}: unknown keys {unknown}"
        assert expected.get("event_type"), f"{txt.name}: event_type is required"
        assert expected["event_type"] in ("sealing_order", "unsealing_order", "order_other")
        assert expected.get("outcome", "unknown") in OUTCOMES, txt.name
        assert expected.get("movant_role", "unknown") in MOVANT_ROLES, txt.name
        assert expected.get("standard", "none_stated") in STANDARDS, txt.name
        assert set(expected.get("reason_codes", ())) <= set(REASONS), txt.name
        if "reason_codes" in expected and "reasons_stated" in expected:
            assert bool(expected["reason_codes"]) == expected["reasons_stated"], txt.name
    stray = {p.stem for p in ORDERS.glob("*.json")} - {p.stem for p in ORDER_FILES}
    assert not stray, f"expectations without an order: {stray}"


def test_corpus_covers_the_issue() -> None:
    expectations = [expected_for(p) for p in ORDER_FILES]
    assert len(expectations) >= 30
    events = Counter(e["event_type"] for e in expectations)
    assert events["order_other"] >= 3
    assert events["unsealing_order"] >= 2
    outcomes = Counter(e.get("outcome") for e in expectations)
    for outcome in ("denied", "granted_in_part", "granted"):
        assert outcomes[outcome] >= 1, outcome
    assert sum(1 for e in expectations if e.get("reasons_stated") is False) >= 3
    movants = {e.get("movant_role") for e in expectations}
    assert {"government", "plaintiff_petitioner", "third_party", "joint"} <= movants
    cited = set().union(*(e.get("citations", ()) for e in expectations))
    for citation in (
        "8 C.F.R. § 208.6",
        "Fed. R. Civ. P. 5.2",
        "447 F.3d 1172",
        "809 F.3d 1092",
        "Fed. R. Civ. P. 26(c)",
    ):
        assert citation in cited, citation
    courts = {e.get("court") for e in expectations}
    assert courts - {"casd", "cacd", "cand", "caed", "wawd", "azd", "nvd", "ord", "ca9", None}
    assert any(e.get("flags_include") for e in expectations)


def test_check_reports_mismatches() -> None:
    """The comparison itself can fail: a wrong analysis is reported field by field."""
    result = {
        "court": "casd",
        "motion_refs": [1],
        "documents_sealed": ["a"],
        "reasons": [{"code": "medical", "evidence": "x"}],
        "authorities": [{"citation": "447 F.3d 1172", "name": "Kamakana"}],
        "flags": ["truncated: ends mid-sentence"],
    }
    good = {
        "court": "casd",
        "motion_refs": [1],
        "documents_sealed_count": 1,
        "reason_codes": ["medical"],
        "citations": ["447 F.3d 1172"],
        "flags_include": ["truncated"],
    }
    assert check(result, good) == []
    bad = {
        "court": "cacd",
        "motion_refs": [2],
        "documents_sealed_count": 2,
        "reason_codes": ["medical", "minor"],
        "citations": ["809 F.3d 1092"],
        "flags_include": ["movant_conflict"],
    }
    assert len(check(result, bad)) == 6
