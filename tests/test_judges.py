"""The judge of a docket entry (monitor.judges): golden table tests/cases/judges.yml."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from monitor.judges import judge_from_docket_text

TABLE = Path(__file__).parent / "cases" / "judges.yml"
CASES = yaml.safe_load(TABLE.read_text(encoding="utf-8"))["cases"]
NEGATIVE = ["", "unknown"]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_judge_from_docket_text(case):
    assert list(judge_from_docket_text(case["text"])) == case["expect"], case.get("note", "")


def test_table_shape():
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))
    negatives = sum(c["expect"] == NEGATIVE for c in CASES)
    assert negatives * 3 >= len(CASES), "keep at least a third negatives"
    golden = Counter(c["rule"] for c in CASES if c["expect"] != NEGATIVE)
    negative = Counter(c["rule"] for c in CASES if c["expect"] == NEGATIVE)
    for rule in (
        "judge.signed_by",
        "judge.order_by",
        "judge.lead_colon",
        "judge.before",
        "judge.by_title",
    ):
        assert golden[rule] and negative[rule], f"{rule} needs a golden and a negative case"
    assert negative["judge.not_issuing"]


def test_empty_and_plain_text():
    assert judge_from_docket_text("") == ("", "unknown")
    assert judge_from_docket_text("MOTION to Seal Document 1 Complaint by Acme Corp.") == (
        "",
        "unknown",
    )
