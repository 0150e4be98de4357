"""Golden cases of the ruling rules (tests/cases/rulings.yml): each rule id fires on its golden
texts and not on its negatives, and every rule has both kinds of case."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from monitor.analyze import analyze_text
from monitor.analyze.decisions import RULES
from monitor.analyze.normalize import normalize
from monitor.analyze.ruling import read_ruling

TABLE = Path(__file__).resolve().parent / "cases" / "rulings.yml"
CASES = yaml.safe_load(TABLE.read_text(encoding="utf-8"))["cases"]
#: Rules that leave an entry in `rulings` (the others act inside monitor.analyze.ruling).
LISTED = {r for r in RULES if r.startswith(("head.", "announce.", "appeal."))}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_rule_case(case: dict) -> None:
    got = read_ruling(normalize(case["text"]))
    for key, want in case["expect"].items():
        assert got[key] == want, f"{case['id']}: {key} {got[key]!r} != {want!r}; {got}"
    fired = {r["rule"] for r in got["rulings"]}
    if case["rule"] in LISTED:
        if case.get("negative"):
            assert case["rule"] not in fired, f"{case['id']}: {case['rule']} fired: {got}"
        else:
            assert case["rule"] in fired, f"{case['id']}: {case['rule']} did not fire: {got}"


def test_table_covers_every_rule_with_negatives() -> None:
    assert {c["rule"] for c in CASES} <= set(RULES)
    golden = Counter(c["rule"] for c in CASES if not c.get("negative"))
    negative = Counter(c["rule"] for c in CASES if c.get("negative"))
    for rule in RULES:
        if rule == "body.decretal":
            continue  # the old decretal reader: tests/orders holds its cases
        assert golden[rule] and negative[rule], rule
    assert sum(negative.values()) * 3 >= len(CASES)
    assert len({c["id"] for c in CASES}) == len(CASES)


def test_rulings_reach_the_analysis_json() -> None:
    text = next(c["text"] for c in CASES if c["id"] == "head-docket-two-motions")
    rulings = analyze_text(text).as_dict()["rulings"]
    assert {"motion", "refs", "outcome", "rule"} == set(rulings[0])
    by_ref = {r["refs"][0]: r["outcome"] for r in rulings if r["refs"]}
    assert by_ref == {19: "granted", 17: "denied"}


def test_ruling_not_shown_flag_says_why() -> None:
    text = next(c["text"] for c in CASES if c["id"] == "modal-negative-statement-of-law")
    flags = read_ruling(normalize(text))["flags"]
    assert any(f.startswith("ruling_not_shown: text cut before the decretal") for f in flags)
