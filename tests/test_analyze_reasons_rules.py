"""Golden and negative cases for each rule id of monitor/analyze/reasons.py (cases/reasons.yml)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from monitor.analyze import reasons as reasons_module
from monitor.analyze.reasons import find_reasons, find_standard

TABLE = Path(__file__).parent / "cases" / "reasons.yml"
CASES = yaml.safe_load(TABLE.read_text(encoding="utf-8"))["cases"]
RULE_IDS = set(
    re.findall(r"# ((?:std|rsn)\.[a-z_.]+[a-z])", Path(reasons_module.__file__).read_text())
)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_rule_case(case):
    if case["fn"] == "standard":
        assert find_standard(case["text"]) == case["expect"], case.get("note", "")
    else:
        got = [r["code"] for r in find_reasons(case["text"])]
        assert got == case["expect"], case.get("note", "")


def test_every_rule_has_a_golden_and_a_negative_case():
    assert RULE_IDS, "no rule ids found in reasons.py"
    golden = Counter(c["rule"] for c in CASES if not c.get("negative"))
    negative = Counter(c["rule"] for c in CASES if c.get("negative"))
    for rule in sorted(RULE_IDS):
        assert golden[rule] and negative[rule], f"{rule}: needs a golden and a negative case"
    unknown = {c["rule"] for c in CASES} - RULE_IDS
    assert not unknown, f"cases name rules reasons.py does not have: {unknown}"
    assert sum(bool(c.get("negative")) for c in CASES) * 3 >= len(CASES)
    assert len({c["id"] for c in CASES}) == len(CASES)
