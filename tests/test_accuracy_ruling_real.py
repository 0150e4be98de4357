"""Event type and ruling on the labelled real orders in ../shared stay at or above their floors
(benchmarks/accuracy.py; skipped when ../shared is absent)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from accuracy import DEFAULT_ORDERS, score  # noqa: E402

#: Reached on the development set (40 orders) when the ruling rules were written.
FLOORS = {"event_type": 1.00, "outcome": 0.97}

pytestmark = pytest.mark.skipif(
    not (DEFAULT_ORDERS / "labels.tsv").exists(), reason="../shared/fixtures/orders_real absent"
)


def test_event_type_and_outcome_hold_their_floors() -> None:
    scores = score(DEFAULT_ORDERS)
    for name, floor in FLOORS.items():
        assert scores.rate(name) >= floor, (name, scores.rate(name), scores.misses)
