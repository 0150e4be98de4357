"""Accuracy of the docket-entry classifier on real docket entries: the labelled set in ../shared.

Run from the repository root:

    .venv/bin/python benchmarks/accuracy_entries.py [--fixtures DIR] [--labels FILE]
        [--show-misses]
    .venv/bin/python benchmarks/accuracy_entries.py --cases FILE [--show-misses]

`DIR` (default ../shared/fixtures) holds juriscraper's parsed PACER dockets
(`pacer_dockets/**/*.json`, one docket per file) and RSS feeds (`pacer_rss/*.json`, a list of
dockets per file). `FILE` (default tests/cases/docket_real_labels.tsv) holds one hand-labelled
row per entry, keyed by fixture path, docket index and entry index; its header says how the
labels were set. Each labelled entry goes through
`monitor.classify.classify(description, short_description, case_name)`, the function behind
`sealtrail classify`, and is compared with its label:

- sealing: precision, recall and F1 of `is_sealing` over all labelled entries;
- event type: exact `event_type` over all labelled entries;
- ruling: `outcome` on entries labelled `sealing_order` or `unsealing_order`;
- who asked: `movant_role` on requests and rulings (`motion_to_seal`, `unseal_motion`,
  `sealing_order`, `unsealing_order`);
- references: `refs` as a set, on rulings whose label lists references.

A row whose `digest` no longer matches its entry (the fixture changed under the label) is
reported as stale and not scored. Entries that mention a sealing stem but have no row are
counted as `unlabelled` (the label file is meant to cover all of them).

`--cases FILE` scores a YAML table of written docket entries instead of the fixtures, with the
same measures: `cases:` is a list of items with `id`, `text`, `short_description`, `case_name`
and `label: {is_sealing, event_type, outcome, movant_role, refs}` labelled by the conventions of
the TSV (tests/cases/docket_lookalike.yml, an independent check set from many courts' styles).
It prints the same table, then the figures per labelled class (event type), and with
`--show-misses` the misses grouped by class (measure, labelled value → reading).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from monitor.classify import classify  # noqa: E402

DEFAULT_FIXTURES = ROOT.parent / "shared" / "fixtures"
DEFAULT_LABELS = ROOT / "tests" / "cases" / "docket_real_labels.tsv"

#: The stems that put an entry in the label file (every such entry is labelled).
STEMS = re.compile(r"seal|redact|impound|restrict|lodg|sensitive|pseudonym|5\.2|9037", re.I)

ORDER_TYPES = ("sealing_order", "unsealing_order")
MOVANT_TYPES = ("motion_to_seal", "unseal_motion", *ORDER_TYPES)
FIELDS = ("event_type", "outcome", "movant_role", "refs")


@dataclass
class Scores:
    """Counts per measure, and the misses (and stale rows) for reading."""

    entries: int = 0
    confusion: dict = field(default_factory=lambda: {"tp": 0, "fp": 0, "fn": 0, "tn": 0})
    hits: dict = field(default_factory=lambda: {f: 0 for f in FIELDS})
    totals: dict = field(default_factory=lambda: {f: 0 for f in FIELDS})
    misses: list = field(default_factory=list)
    stale: list = field(default_factory=list)
    unlabelled: list = field(default_factory=list)

    def rate(self, name: str) -> float:
        total = self.totals[name]
        return self.hits[name] / total if total else 1.0

    @property
    def precision(self) -> float:
        c = self.confusion
        return c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0

    @property
    def recall(self) -> float:
        c = self.confusion
        return c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0

    @property
    def f1(self) -> float:
        c = self.confusion
        denominator = 2 * c["tp"] + c["fp"] + c["fn"]
        return 2 * c["tp"] / denominator if denominator else 1.0

    def as_dict(self) -> dict:
        out = {
            "sealing_precision": round(self.precision, 3),
            "sealing_recall": round(self.recall, 3),
            "sealing_f1": round(self.f1, 3),
        }
        out.update({name: round(self.rate(name), 3) for name in FIELDS})
        out["entries"] = self.entries
        out["stale"] = len(self.stale)
        out["unlabelled"] = len(self.unlabelled)
        return out


@dataclass(frozen=True)
class Entry:
    """One docket entry as the classifier receives it, with its place in the fixtures."""

    fixture: str
    docket: int
    entry: int
    number: str
    description: str
    short_description: str
    case_name: str

    @property
    def digest(self) -> str:
        text = f"{self.description}\x1f{self.short_description}"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.fixture, self.docket, self.entry)


def iter_entries(fixtures: Path):
    """Every entry of the PACER docket and RSS fixtures, in a fixed order.

    Docket files hold one docket (a dict), RSS files a list of dockets; other JSON (e.g. ACMS
    pages stored as `.acms_json`) is not globbed. A missing `description` or `short_description`
    is read as empty, as the crawler does.
    """
    paths = sorted(fixtures.glob("pacer_dockets/**/*.json")) + sorted(
        fixtures.glob("pacer_rss/*.json")
    )
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        dockets = data if isinstance(data, list) else [data]
        relative = path.relative_to(fixtures).as_posix()
        for d_index, docket in enumerate(dockets):
            if not isinstance(docket, dict):
                continue
            case_name = docket.get("case_name") or ""
            for e_index, raw in enumerate(docket.get("docket_entries") or []):
                yield Entry(
                    relative,
                    d_index,
                    e_index,
                    str(raw.get("document_number") or ""),
                    raw.get("description") or "",
                    raw.get("short_description") or "",
                    case_name,
                )


def load_labels(path: Path = DEFAULT_LABELS) -> list[dict]:
    """The label rows (lines starting with `#` are comments)."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def _refs(text: str) -> frozenset[int]:
    return frozenset(int(n) for n in (text or "").split(",") if n.strip())


def _miss(scores: Scores, entry: Entry, name: str, want, got) -> None:
    scores.misses.append((entry, name, want, got))


def _score_entry(scores: Scores, entry: Entry, label: dict) -> list[tuple[str, bool]]:
    """Classify one entry, count it against `label`; the (measure, right?) pairs it was scored on.

    `label` holds `is_sealing` (bool), `event_type`, `outcome`, `movant_role` and `refs` (a set
    of entry numbers); outcome is scored on rulings, movant on requests and rulings, refs on
    rulings whose label lists references.
    """
    got = classify(entry.description, entry.short_description, entry.case_name)
    scores.entries += 1
    want_sealing = label["is_sealing"]
    cell = ("t" if want_sealing == got.is_sealing else "f") + ("p" if got.is_sealing else "n")
    scores.confusion[cell] += 1
    want_type = label["event_type"]
    checks = [("event_type", want_type, got.event_type)]
    if want_type in ORDER_TYPES:
        checks.append(("outcome", label["outcome"], got.outcome))
    if want_type in MOVANT_TYPES:
        checks.append(("movant_role", label["movant_role"], got.movant_role))
    want_refs = label["refs"]
    if want_type in ORDER_TYPES and want_refs:
        checks.append(("refs", sorted(want_refs), sorted(set(got.refs))))
    scored = [("sealing", want_sealing == got.is_sealing)]
    for name, want, observed in checks:
        scores.totals[name] += 1
        right = want == observed
        scored.append((name, right))
        if right:
            scores.hits[name] += 1
        else:
            _miss(scores, entry, name, want, observed)
    return scored


def score(fixtures: Path = DEFAULT_FIXTURES, labels: Path = DEFAULT_LABELS) -> Scores:
    """Classify every labelled entry and score it against its label."""
    scores = Scores()
    entries = {e.key: e for e in iter_entries(fixtures)}
    rows = load_labels(labels)
    labelled = set()
    for row in rows:
        key = (row["fixture"], int(row["docket"]), int(row["entry"]))
        labelled.add(key)
        entry = entries.get(key)
        if entry is None or entry.digest != row["digest"]:
            scores.stale.append(key)
            continue
        label = {
            "is_sealing": row["is_sealing"] == "true",
            "event_type": row["event_type"],
            "outcome": row["outcome"],
            "movant_role": row["movant_role"],
            "refs": _refs(row["refs"]),
        }
        _score_entry(scores, entry, label)
    scores.unlabelled = [
        key
        for key, entry in entries.items()
        if key not in labelled and STEMS.search(f"{entry.description} {entry.short_description}")
    ]
    return scores


def load_cases(path: Path) -> list[tuple[Entry, dict]]:
    """The entries of a YAML case table and their labels (refs as a set of entry numbers).

    Each case becomes an :class:`Entry` whose `fixture` is the table's file name, `entry` its
    index and `number` its `id`, so misses print like the fixture ones.
    """
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out = []
    for index, case in enumerate(data.get("cases") or []):
        label = dict(case["label"])
        label["is_sealing"] = bool(label["is_sealing"])
        label["refs"] = frozenset(int(n) for n in label.get("refs") or [])
        entry = Entry(
            path.name,
            0,
            index,
            str(case["id"]),
            case.get("text") or "",
            case.get("short_description") or "",
            case.get("case_name") or "",
        )
        out.append((entry, label))
    return out


@dataclass
class CaseScores(Scores):
    """:class:`Scores` of a case table, with counts per labelled class (event type)."""

    # class -> measure -> [right, total]
    by_class: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(lambda: [0, 0])))
    # miss -> its labelled class
    miss_class: dict = field(default_factory=dict)


def score_cases(path: Path) -> CaseScores:
    """Classify every case of a YAML table and score it against its label."""
    scores = CaseScores()
    for entry, label in load_cases(path):
        before = len(scores.misses)
        scored = _score_entry(scores, entry, label)
        klass = label["event_type"]
        for name, right in scored:
            cell = scores.by_class[klass][name]
            cell[0] += right
            cell[1] += 1
        for miss in scores.misses[before:]:
            scores.miss_class[id(miss)] = klass
    return scores


def _print_table(scores: Scores) -> None:
    c = scores.confusion
    print("| measure | count | share |")
    print("|---|---|---|")
    print(f"| sealing precision | tp {c['tp']} fp {c['fp']} | {scores.precision:.2f} |")
    print(f"| sealing recall | tp {c['tp']} fn {c['fn']} | {scores.recall:.2f} |")
    print(f"| sealing F1 | tn {c['tn']} | {scores.f1:.2f} |")
    for name in FIELDS:
        right, total = scores.hits[name], scores.totals[name]
        print(f"| {name} | {right}/{total} | {scores.rate(name):.2f} |")


def _print_cases(scores: CaseScores, show_misses: bool) -> None:
    measures = ("sealing", *FIELDS)
    print()
    print("| labelled class | entries | " + " | ".join(measures) + " |")
    print("|---|---|" + "---|" * len(measures))
    for klass in sorted(scores.by_class, key=lambda k: (k == "not_sealing", k)):
        cells = scores.by_class[klass]
        shown = [f"{cells[m][0]}/{cells[m][1]}" if m in cells else "-" for m in measures]
        print(f"| {klass} | {cells['sealing'][1]} | " + " | ".join(shown) + " |")
    if not show_misses:
        return
    groups: dict = defaultdict(list)
    for miss in scores.misses:
        entry, name, want, got = miss
        groups[(scores.miss_class[id(miss)], name, str(want), str(got))].append(entry)
    print()
    print(f"{len(scores.misses)} misses in {len(groups)} classes (labelled class, measure):")
    for key in sorted(groups, key=lambda k: (-len(groups[k]), k)):
        klass, name, want, got = key
        entries = groups[key]
        print(f"- {klass} / {name}: want {want} got {got} ({len(entries)})")
        for entry in entries:
            print(f"    {entry.number}: {_snippet(entry, 100)}")


def _snippet(entry: Entry, width: int = 110) -> str:
    text = " ".join((entry.description or f"[event name] {entry.short_description}").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", type=Path, default=DEFAULT_FIXTURES)
    parser.add_argument("--labels", type=Path, default=DEFAULT_LABELS)
    parser.add_argument(
        "--cases",
        type=Path,
        help="score a YAML table of written entries (tests/cases/docket_lookalike.yml) instead",
    )
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args(argv)
    if args.cases is not None:
        if not args.cases.is_file():
            print(f"no case table {args.cases}", file=sys.stderr)
            return 2
        case_scores = score_cases(args.cases)
        print(f"{case_scores.entries} labelled entries in {args.cases}")
        _print_table(case_scores)
        _print_cases(case_scores, args.show_misses)
        return 0
    if not (args.fixtures / "pacer_dockets").is_dir():
        print(f"no pacer_dockets in {args.fixtures}", file=sys.stderr)
        return 2
    scores = score(args.fixtures, args.labels)
    print(f"{scores.entries} labelled entries in {args.fixtures}")
    _print_table(scores)
    if scores.stale:
        print(f"{len(scores.stale)} stale label rows (fixture changed): {scores.stale[:5]}")
    if scores.unlabelled:
        print(f"{len(scores.unlabelled)} entries mention a sealing stem but have no label row")
    if args.show_misses:
        for entry, name, want, got in scores.misses:
            place = f"{entry.fixture}#{entry.docket}.{entry.entry} (no. {entry.number or '-'})"
            print(f"{place} {name}: want {want!r} got {got!r}\n    {_snippet(entry)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
