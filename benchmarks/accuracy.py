"""Accuracy of the order analyser on real orders: the development set in ../shared.

Run from the repository root:

    .venv/bin/python benchmarks/accuracy.py [--orders DIR] [--show-misses]

`DIR` (default ../shared/fixtures/orders_real) holds `NNN.txt` files and a `labels.tsv` with
one hand-labelled row per file (its README gives the columns). Each text goes through
`monitor.analyze.analyze_text`, the function behind `sealtrail analyze --json`, and each
field is compared with its label:

- event type: `sealing_order`, `unsealing_order`, or anything else read as "other";
- ruling: `outcome` (granted, denied, granted_in_part) on the sealing request;
- who asked: `movant_role`;
- standard: `compelling_reasons`, `good_cause`, `other`, `none_stated` (a `both` reading
  counts as right when the label is either of the two);
- reasons: micro-F1 over (order, reason code) pairs, exact codes and coarse groups
  (`COARSE` below: what kind of interest the court protected).

One extra line after the table: the judge (`judge` against the label's `judge` column, exact
text; both empty counts as right).

The figures go to docs/accuracy.md; tests/test_accuracy_orders.py holds each field at or above
its recorded floor.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.analyze import analyze_text  # noqa: E402

DEFAULT_ORDERS = ROOT.parent / "shared" / "fixtures" / "orders_real"

#: Reason codes grouped by the kind of interest protected (the "coarse" reasons measure).
COARSE = {
    "law_enforcement": "government",
    "national_security": "government",
    "diplomatic": "government",
    "cybersecurity_infrastructure": "government",
    "safety": "person",
    "asylum_confidentiality": "person",
    "privacy_pii": "person",
    "minor": "person",
    "medical": "person",
    "trade_secret_commercial": "business",
    "settlement": "business",
    "privileged": "litigation",
    "protective_order_designation": "litigation",
    "administrative_record": "record",
    "other": "other",
}

FIELDS = ("event_type", "outcome", "movant_role", "standard")


@dataclass
class Scores:
    """Per-field hits over `total` orders, reason counts, and the misses for reading."""

    total: int = 0
    hits: dict = field(default_factory=lambda: {f: 0 for f in FIELDS})
    reasons: dict = field(default_factory=lambda: {"exact": [0, 0, 0], "coarse": [0, 0, 0]})
    misses: list = field(default_factory=list)
    judge_hits: int = 0

    def rate(self, name: str) -> float:
        return self.hits[name] / self.total if self.total else 0.0

    def f1(self, kind: str) -> float:
        tp, fp, fn = self.reasons[kind]
        if tp == 0:
            return 1.0 if fp == fn == 0 else 0.0
        return 2 * tp / (2 * tp + fp + fn)

    def as_dict(self) -> dict:
        out = {name: round(self.rate(name), 3) for name in FIELDS}
        out["reasons_exact_f1"] = round(self.f1("exact"), 3)
        out["reasons_coarse_f1"] = round(self.f1("coarse"), 3)
        out["orders"] = self.total
        return out


def load_labels(directory: Path) -> list[dict]:
    with (directory / "labels.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _event_kind(event_type: str) -> str:
    return event_type if event_type in ("sealing_order", "unsealing_order") else "other"


def _standard_matches(got: str, want: str) -> bool:
    return got == want or (got == "both" and want in ("compelling_reasons", "good_cause"))


def _codes(text: str) -> set[str]:
    return {c.strip() for c in (text or "").split(";") if c.strip()}


def _count(counts: list[int], got: set[str], want: set[str]) -> None:
    counts[0] += len(got & want)
    counts[1] += len(got - want)
    counts[2] += len(want - got)


def score(directory: Path = DEFAULT_ORDERS) -> Scores:
    """Analyse every labelled order in `directory` and score it against its label."""
    scores = Scores()
    for label in load_labels(directory):
        text = (directory / f"{label['id']}.txt").read_text(encoding="utf-8")
        got = analyze_text(text).as_dict()
        scores.total += 1
        observed = {
            "event_type": _event_kind(got["event_type"]),
            "outcome": got["outcome"],
            "movant_role": got["movant_role"],
            "standard": got["standard"],
        }
        for name in FIELDS:
            want = label[name] or ("none_stated" if name == "standard" else "unknown")
            ok = (
                _standard_matches(observed[name], want)
                if name == "standard"
                else observed[name] == want
            )
            if ok:
                scores.hits[name] += 1
            else:
                scores.misses.append((label["id"], name, want, observed[name]))
        if got["judge"] == (label.get("judge") or ""):
            scores.judge_hits += 1
        else:
            scores.misses.append((label["id"], "judge", label.get("judge") or "", got["judge"]))
        got_codes = {r["code"] for r in got["reasons"]}
        want_codes = _codes(label["reasons"])
        _count(scores.reasons["exact"], got_codes, want_codes)
        _count(
            scores.reasons["coarse"],
            {COARSE.get(c, "other") for c in got_codes},
            {COARSE.get(c, "other") for c in want_codes},
        )
        if got_codes != want_codes:
            scores.misses.append(
                (label["id"], "reasons", ";".join(sorted(want_codes)), ";".join(sorted(got_codes)))
            )
    return scores


SAMPLES = ROOT / "tests" / "orders"


def score_samples(directory: Path = SAMPLES) -> dict[str, tuple[int, int]]:
    """The same fields on the project's own sample orders (`NN_name.txt` + `.json`, written
    for the tests): (right, stated) per field, over the orders whose expectation states it."""
    out = {name: [0, 0] for name in FIELDS}
    for path in sorted(directory.glob("*.txt")):
        want = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        got = analyze_text(path.read_text(encoding="utf-8")).as_dict()
        for name in FIELDS:
            if name in want:
                out[name][1] += 1
                out[name][0] += got[name] == want[name]
    return {name: (right, stated) for name, (right, stated) in out.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=Path, default=DEFAULT_ORDERS)
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args(argv)
    if not (args.orders / "labels.tsv").is_file():
        print(f"no labels.tsv in {args.orders}", file=sys.stderr)
        return 2
    scores = score(args.orders)
    print(f"{scores.total} orders in {args.orders}")
    print("| field | right | share |")
    print("|---|---|---|")
    for name in FIELDS:
        print(f"| {name} | {scores.hits[name]}/{scores.total} | {scores.rate(name):.2f} |")
    for kind in ("exact", "coarse"):
        tp, fp, fn = scores.reasons[kind]
        print(f"| reasons ({kind}) micro-F1 | tp {tp} fp {fp} fn {fn} | {scores.f1(kind):.2f} |")
    share = scores.judge_hits / scores.total if scores.total else 0.0
    print(f"judge (extra): {scores.judge_hits}/{scores.total} right ({share:.2f})")
    print()
    print("sample orders (tests/orders), the same fields:")
    for name, (right, stated) in score_samples().items():
        print(f"| {name} | {right}/{stated} | {right / stated if stated else 0:.2f} |")
    if args.show_misses:
        for order_id, name, want, got in scores.misses:
            print(f"{order_id} {name}: want {want!r} got {got!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
