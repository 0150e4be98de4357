"""Benchmark: comparing re-read dockets with the store (`monitor.after_the_fact`), and
choosing the cases due (`monitor.rechecks.cases_due`).

Run from the repository root:

    .venv/bin/python benchmarks/rereads.py [--entries 200,2000,10000] [--cases 1000,20000]
        [--runs 5] [--out results.json]

1. `record_reread` on one docket of N SAMPLE entries (each with two RECAP documents) stored
   from CourtListener: the first re-read (baseline: every item written), a second with one
   entry gone and one document sealed (two changes, two events), and a third with no change.
   Median of `--runs` fresh stores, milliseconds.
2. `cases_due` and `status_counts` on a store of K SAMPLE cases with a sealing event each, a
   third of them re-read before: the query the nightly re-read and `status` run.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.after_the_fact import record_reread  # noqa: E402
from monitor.rechecks import cases_due, status_counts  # noqa: E402
from monitor.schema import connect  # noqa: E402
from monitor.store import ingest_entries  # noqa: E402

NOW = "2026-12-0{}T03:00:00+00:00"


def _entries(court: str, number: str, count: int) -> list[dict]:
    return [
        {
            "court": court,
            "docket_number": number,
            "case_name": "SAMPLE Petitioner v. Warden, Otay Mesa Detention Center",
            "entry_number": n,
            "text": f"DECLARATION {n} of counsel in support of Petition (SAMPLE).",
            "short_description": "",
            "date_filed": "2026-11-02",
            "published": "2026-11-02",
            "source_id": str(10_000_000 + n),
            "source_url": f"https://www.courtlistener.com/docket/1/{n}/sample/",
        }
        for n in range(1, count + 1)
    ]


def _reread(count: int, gone: int | None = None, sealed: int | None = None) -> dict:
    items = []
    for n in range(1, count + 1):
        if n == gone:
            continue
        items.append({"kind": "entry", "item_id": str(10_000_000 + n), "entry_number": n,
                      "state": "public"})  # fmt: skip
        for a in (0, 1):
            state = "sealed" if (n == sealed and a == 1) else "available"
            items.append({"kind": "document", "item_id": f"{n}-{a}", "entry_number": n,
                          "entry_item": str(10_000_000 + n), "state": state})  # fmt: skip
    return {"source": "courtlistener", "court": "casd", "docket_number": "3:26-cv-04410",
            "url": "http://127.0.0.1/docket-entries/?docket=1", "outcome": "complete",
            "pages": 1, "items": items}  # fmt: skip


def time_rereads(count: int, runs: int) -> dict:
    timings: dict[str, list[float]] = {"first": [], "changes": [], "no_change": []}
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            db = connect(str(Path(tmp) / "b.db"))
            ingest_entries(db, _entries("casd", "3:26-cv-04410", count), source="courtlistener",
                           now=NOW.format(1))  # fmt: skip
            for name, reread, day in (
                ("first", _reread(count), 2),
                ("changes", _reread(count, gone=count // 2, sealed=count // 3), 3),
                ("no_change", _reread(count, gone=count // 2, sealed=count // 3), 4),
            ):
                started = time.perf_counter()
                result = record_reread(db, reread, now=NOW.format(day))
                timings[name].append((time.perf_counter() - started) * 1000)
                expected = 2 if name == "changes" else 0
                assert result.recheck_id and len(result.changes) == expected, result.problems
            db.close()
    return {name: round(statistics.median(values), 1) for name, values in timings.items()}


def time_due(cases: int, runs: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        db = connect(str(Path(tmp) / "c.db"))
        batch = []
        for n in range(cases):
            entry = _entries("casd", f"3:26-cv-{n:05d}", 1)[0]
            entry.update(text="MOTION to Seal Exhibit A by Petitioner (SAMPLE).",
                         source_id=str(20_000_000 + n))  # fmt: skip
            batch.append(entry)
        ingest_entries(db, batch, source="courtlistener", now=NOW.format(1))
        for n in range(0, cases, 3):
            db.conn.execute(
                "insert into rechecks (case_id, source, started, finished, status) "
                "values (?, 'courtlistener', ?, ?, 'complete')",
                [f"casd:3:26-cv-{n:05d}", NOW.format(2), NOW.format(2)],
            )
        db.conn.commit()
        due, status = [], []
        for _ in range(runs):
            started = time.perf_counter()
            picked = cases_due(db, "courtlistener", now=NOW.format(5), limit=10)
            due.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            status_counts(db, now=NOW.format(5))
            status.append((time.perf_counter() - started) * 1000)
        assert len(picked) == 10
        db.close()
    return {"cases_due": round(statistics.median(due), 1),
            "status_counts": round(statistics.median(status), 1)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", default="200,2000,10000")
    parser.add_argument("--cases", default="1000,20000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out")
    args = parser.parse_args()
    results = {"python": platform.python_version(), "rereads_ms": {}, "due_ms": {}}
    for count in (int(c) for c in args.entries.split(",")):
        results["rereads_ms"][count] = time_rereads(count, args.runs)
        print(f"docket of {count} entries: {results['rereads_ms'][count]} ms", flush=True)
    for cases in (int(c) for c in args.cases.split(",")):
        results["due_ms"][cases] = time_due(cases, args.runs)
        print(f"{cases} cases: {results['due_ms'][cases]} ms", flush=True)
    if args.out:
        Path(args.out).write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
