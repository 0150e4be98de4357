"""The order analyser on labelled orders: each field held at or above what it reached.

Three sets, all in the format of ../shared/fixtures/orders_real/labels.tsv, scored by
benchmarks/accuracy.py (figures in docs/accuracy.md):

- `real`: the 40 real orders of the development set in ../shared (never copied into the
  repository); skipped when ../shared is absent;
- `lookalike`, `lookalike2`, `lookalike3`: SAMPLE orders written for the project after the
  shapes of real public orders (each folder's README says how, and which rounds of issue 14
  tuned rules on it). Never skipped.

A rule that makes any field slip below its floor fails here. Floors are the figures reached,
rounded down; raise them when the analyser improves, never lower them to let a rule in.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIELDS = ("event_type", "outcome", "movant_role", "standard", "reasons_coarse_f1", "judge")

#: folder, orders in it, and the floor of each field (in FIELDS order).
SETS = {
    "real": (ROOT.parent / "shared" / "fixtures" / "orders_real", 40,
             (1.00, 0.97, 0.95, 1.00, 0.94, 0.97)),
    "lookalike": (ROOT / "tests" / "orders_lookalike", 30,
                  (1.00, 1.00, 1.00, 1.00, 0.98, 1.00)),
    "lookalike2": (ROOT / "tests" / "orders_lookalike2", 25,
                   (1.00, 1.00, 1.00, 1.00, 0.90, 0.92)),
    "lookalike3": (ROOT / "tests" / "orders_lookalike3", 25,
                   (1.00, 1.00, 1.00, 1.00, 0.88, 1.00)),
}  # fmt: skip


def _accuracy_module():
    spec = importlib.util.spec_from_file_location("accuracy", ROOT / "benchmarks" / "accuracy.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scored():
    module, cache = _accuracy_module(), {}

    def score(name: str):
        folder = SETS[name][0]
        if not (folder / "labels.tsv").is_file():
            pytest.skip(f"{folder} not present")
        if name not in cache:
            cache[name] = module.score(folder)
        return cache[name]

    return score


@pytest.mark.parametrize("name", sorted(SETS))
def test_every_labelled_order_is_read(scored, name):
    folder, count, _ = SETS[name]
    scores = scored(name)
    assert scores.total == count
    texts = {path.stem for path in folder.glob("*.txt")}
    labels = (folder / "labels.tsv").read_text(encoding="utf-8").splitlines()[1:]
    assert texts == {line.split("\t", 1)[0] for line in labels}


@pytest.mark.parametrize(
    ("name", "field"), [(name, field) for name in sorted(SETS) for field in FIELDS]
)
def test_field_holds_its_floor(scored, name, field):
    scores = scored(name)
    floor = SETS[name][2][FIELDS.index(field)]
    if field == "judge":
        got = scores.judge_hits / scores.total
    else:
        got = scores.as_dict()[field]
    wanted = "reasons" if field.startswith("reasons") else field
    misses = [m for m in scores.misses if m[1] == wanted]
    assert got >= floor, f"{name} {field} {got:.3f} < {floor}: {misses}"
