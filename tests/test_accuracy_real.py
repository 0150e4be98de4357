"""The order analyser on real orders: each field held at or above what it reached.

The development set is 40 real orders with hand labels in ../shared/fixtures/orders_real
(never copied into the repository); benchmarks/accuracy.py scores them and docs/accuracy.md
records the figures. A rule that makes any field slip below its floor fails here. Skipped
when ../shared is absent.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ORDERS = ROOT.parent / "shared" / "fixtures" / "orders_real"
pytestmark = pytest.mark.skipif(
    not (ORDERS / "labels.tsv").is_file(), reason="../shared/fixtures/orders_real not present"
)

#: What the analyser reached on the development set (docs/accuracy.md), rounded down.
FLOORS = {
    "event_type": 1.00,
    "outcome": 0.97,
    "movant_role": 0.87,
    "standard": 1.00,
    "reasons_coarse_f1": 0.94,
    "reasons_exact_f1": 0.94,
}


@pytest.fixture(scope="module")
def scores():
    spec = importlib.util.spec_from_file_location("accuracy", ROOT / "benchmarks" / "accuracy.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module.score(ORDERS)


def test_every_labelled_order_is_read(scores):
    assert scores.total == 40


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_field_holds_its_floor(scores, field):
    figures = scores.as_dict()
    name = "reasons" if field.startswith("reasons") else field
    misses = [m for m in scores.misses if m[1] == name]
    assert figures[field] >= FLOORS[field], f"{field} {figures[field]} < {FLOORS[field]}: {misses}"


#: The judge (exact name, both empty counts as right), reported beside the table.
JUDGE_FLOOR = 0.97


def test_judge_holds_its_floor(scores):
    share = scores.judge_hits / scores.total
    misses = [m for m in scores.misses if m[1] == "judge"]
    assert share >= JUDGE_FLOOR, f"judge {share:.3f} < {JUDGE_FLOOR}: {misses}"
