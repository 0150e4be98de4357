"""Benchmark: docket entries per second through `monitor.store.ingest_entries` and `classify`.

Run from the repository root:

    .venv/bin/python benchmarks/classify.py [--entries 20000]

Input is synthetic but shaped like a day of PACER RSS across many courts: the golden-table
texts (tests/cases/classify.yml) mixed with ordinary non-sealing entries, about 1 in 20 entries
sealing-related, spread over many cases. Two figures:

- classify: `classify(text, short, case_name)` alone, entries/s;
- ingest: `ingest_entries` into a fresh SQLite file (WAL), entries/s, first crawl and the
  re-crawl of the same entries (which must write nothing but last_seen).
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

ORDINARY = [
    ("Notice of Appearance", "NOTICE of Appearance by {lawyer} on behalf of {party}"),
    ("Order", "ORDER: Status report due by 12/{day}/2026. Signed by Judge {judge}."),
    ("Answer to Complaint", "ANSWER to Complaint by {party}.({lawyer})"),
    ("Motion for Extension of Time", "MOTION for Extension of Time to File Response by {party}."),
    ("Summons Issued", "Summons Issued as to {party}."),
]


def synthetic_entries(count: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    golden = yaml.safe_load((ROOT / "tests/cases/classify.yml").read_text())["cases"]
    entries = []
    for number in range(count):
        case = number % max(1, count // 8)
        if rng.random() < 0.05:
            row = rng.choice(golden)
            short, text = row.get("short_description", ""), row.get("text", "")
        else:
            short, template = rng.choice(ORDINARY)
            text = template.format(
                lawyer="Sample, Counsel",
                party="Sample Party",
                day=rng.randint(1, 28),
                judge="Sample Judge",
            )
        entries.append(
            {
                "court": rng.choice(["casd", "txsd", "nysd", "mad", "njd"]),
                "docket_number": f"1:26-cv-{case:05d}",
                "case_name": "Sample v. Noem et al" if case % 3 == 0 else "Sample Co. v. Other LLC",
                "pacer_case_id": str(100000 + case),
                "entry_number": number // max(1, count // 8) + 1,
                "short_description": short,
                "text": text,
                "document_url": None,
                "published": "2026-11-21T12:00:00+00:00",
                "guid": f"sample-{number}",
                "case_url": None,
            }
        )
    return entries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=20000)
    parser.add_argument(
        "--code",
        type=Path,
        default=ROOT,
        help="directory holding the monitor package to measure (default: this tree)",
    )
    args = parser.parse_args()
    sys.path.insert(0, str(args.code))
    from monitor.classify import classify
    from monitor.schema import connect
    from monitor.store import ingest_entries

    entries = synthetic_entries(args.entries)
    print(f"python {platform.python_version()}, {args.entries} synthetic entries")

    start = time.perf_counter()
    for e in entries:
        classify(e["text"], e["short_description"], e["case_name"])
    elapsed = time.perf_counter() - start
    print(f"classify:        {len(entries) / elapsed:10,.0f} entries/s")

    with tempfile.TemporaryDirectory() as tmp:
        db = connect(str(Path(tmp) / "bench.db"))
        for label, now in (
            ("ingest (first):", "2026-11-21T12:30:00+00:00"),
            ("ingest (again):", "2026-11-21T13:00:00+00:00"),
        ):
            start = time.perf_counter()
            stats = ingest_entries(db, entries, source="pacer_rss", now=now)
            elapsed = time.perf_counter() - start
            print(
                f"{label}  {len(entries) / elapsed:10,.0f} entries/s "
                f"(stored {stats.stored}, new events {stats.new_events})"
            )


if __name__ == "__main__":
    main()
