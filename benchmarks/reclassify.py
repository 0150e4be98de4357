"""Benchmark: how long `sealtrail reclassify` holds the store's write lock, and how long it takes.

Run from the repository root:

    .venv/bin/python benchmarks/reclassify.py [--sizes 10000,100000] [--db-dir scale-dbs]
        [--orders-per 1000] [--big-case N] [--out reclassify.json]

For each size N it builds (once, kept in `--db-dir` as `reclassify_<N>.db`) a store of N
SAMPLE docket entries with `benchmarks/scale.py`'s generator and load, plus one stored order
per `--orders-per` entries: the sample orders of `tests/orders` (SAMPLE texts written for the
tests), each filed in a case of the store that has a sealing event, through the real
`monitor.orders.store_order`. Then, on a fresh copy of that store each time, it runs
`monitor.reclassify.reclassify_all` twice:

- `unchanged`: the nightly case, nothing to change (the classifier is the one that stored);
- `all changed`: every event's `classifier_version` set to an old value first, so every
  docket-read event is rewritten (what a classifier upgrade does).

`--big-case N` measures instead one case of N docket entries (a huge docket, the worst case
for the longest transaction: a case is written in one), `reclassify_bigcase_<N>.db`.

For each run: the total wall time, the number of write transactions, and the longest time one
of them held the write lock (from the moment `BEGIN IMMEDIATE` returned to the moment `COMMIT`
returned, timed on the connection itself), which is about how long a crawl storing at that
moment has to wait (it gives up after `BUSY_TIMEOUT_MS`, 30 s).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import shutil
import sqlite3
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import scale  # noqa: E402
from scale import build_store  # noqa: E402

from monitor.analyze import analyze_text  # noqa: E402
from monitor.orders import store_order  # noqa: E402
from monitor.reclassify import reclassify_all  # noqa: E402
from monitor.schema import connect  # noqa: E402
from monitor.store import ingest_entries  # noqa: E402
from monitor.transactions import BUSY_TIMEOUT_MS, Store  # noqa: E402

NOW = "2026-12-05T03:00:00+00:00"
ORDERS = sorted((ROOT / "tests" / "orders").glob("*.txt"))


class LockTimer(sqlite3.Connection):
    """A connection that times each outermost write transaction it runs."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.held: list[float] = []
        self._began: float | None = None

    def execute(self, sql, *args):  # type: ignore[override]
        cursor = super().execute(sql, *args)
        head = sql.lstrip()[:15].upper()
        if head.startswith("BEGIN IMMEDIATE"):
            self._began = time.perf_counter()
        elif (head.startswith("COMMIT") or head.startswith("ROLLBACK")) and self._began:
            self.held.append(time.perf_counter() - self._began)
            self._began = None
        return cursor


def add_orders(path: Path, every: int) -> int:
    """Store one sample order per `every` docket entries, in cases with a sealing event."""
    db = connect(str(path))
    try:
        entries = db.execute("select count(*) from docket_entries").fetchone()[0]
        wanted = entries // every if every else 0
        cases = db.execute(
            "select distinct c.court_id, c.docket_number from sealing_events e "
            "join cases c on c.id = e.case_id order by c.id"
        ).fetchall()
        step = max(1, len(cases) // max(1, wanted))
        stored = 0
        for index, (court, docket) in enumerate(cases[::step][:wanted]):
            text = ORDERS[index % len(ORDERS)].read_text(encoding="utf-8")
            analysis = analyze_text(text).as_dict()
            store_order(
                db,
                analysis,
                text,
                source="file",
                now=NOW,
                court=court,
                docket_number=docket,
            )
            stored += 1
    finally:
        db.close()
    return stored


def build_big_case(path: Path, count: int, chunk: int = 2000) -> None:
    """One immigration case with `count` generated entries (scale.py's texts), as crawled."""
    rng = random.Random(7)
    case = {
        "court": "txsd",
        "docket_number": "4:20-cv-99999",
        "case_name": "SAMPLE Multidistrict Petitioners v. Director, ICE",
        "pacer_case_id": "499999",
        "next": 1,
        "motion": None,
    }
    db = connect(str(path))
    try:
        items = []
        for number in range(1, count + 1):
            when = scale.START + timedelta(hours=number)
            short, text = scale._entry_text(rng, case, number, when)
            items.append(
                {
                    "court": case["court"],
                    "docket_number": case["docket_number"],
                    "case_name": case["case_name"],
                    "pacer_case_id": case["pacer_case_id"],
                    "entry_number": number,
                    "short_description": short,
                    "text": text,
                    "published": when.isoformat(),
                    "guid": f"SAMPLE-big-{number}",
                }
            )
            if len(items) == chunk or number == count:
                ingest_entries(db, items, source="pacer_rss", now=NOW, keep_all_cases=True)
                items = []
    finally:
        db.close()


def prepare(size: int, db_dir: Path, orders_per: int, big_case: bool = False) -> Path:
    path = db_dir / (f"reclassify_bigcase_{size}.db" if big_case else f"reclassify_{size}.db")
    if not path.exists():
        print(f"loading {size:,} entries into {path}", file=sys.stderr)
        building = path.with_suffix(".building")
        if big_case:
            build_big_case(building, size)
        else:
            build_store(building, size)
        add_orders(building, orders_per)
        for suffix in ("-wal", "-shm"):
            Path(f"{building}{suffix}").unlink(missing_ok=True)
        building.rename(path)
    return path


def run(template: Path, scenario: str) -> dict:
    work = template.with_name(f"{template.stem}.work.db")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    shutil.copy(template, work)
    connect(str(work)).close()  # migrations, if the template is older than the code
    conn = sqlite3.connect(str(work), factory=LockTimer)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if scenario == "all changed":
        with conn:
            conn.execute("update sealing_events set classifier_version = 'bench-old'")
    conn.held.clear()
    db = Store(conn)
    started = time.perf_counter()
    counts = reclassify_all(db, now=NOW)
    seconds = time.perf_counter() - started
    held = sorted(conn.held)
    conn.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    return {
        "counts": counts,
        "seconds": round(seconds, 2),
        "transactions": len(held),
        "longest_lock_ms": round(held[-1] * 1000, 1) if held else None,
        "median_lock_ms": round(held[len(held) // 2] * 1000, 2) if held else None,
        "locked_share": round(sum(held) / seconds, 3) if held else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--db-dir", default="scale-dbs")
    parser.add_argument("--orders-per", type=int, default=1000)
    parser.add_argument("--big-case", type=int, help="one case of this many entries instead")
    parser.add_argument("--out", default="reclassify.json")
    args = parser.parse_args()
    if args.big_case:
        args.sizes = str(args.big_case)
    db_dir = Path(args.db_dir)
    db_dir.mkdir(parents=True, exist_ok=True)
    results: dict = {
        "machine": {
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
            "code": str(ROOT),
        },
        "sizes": {},
    }
    for size in (int(s) for s in args.sizes.split(",") if s.strip()):
        template = prepare(size, db_dir, args.orders_per, big_case=bool(args.big_case))
        results["sizes"][str(size)] = {
            scenario: run(template, scenario) for scenario in ("unchanged", "all changed")
        }
        Path(args.out).write_text(json.dumps(results, indent=2) + "\n")
    print("| entries | run | total s | write transactions | longest lock ms | median ms |")
    print("|---|---|---|---|---|---|")
    for size, runs in results["sizes"].items():
        for scenario, r in runs.items():
            print(
                f"| {int(size):,} | {scenario} | {r['seconds']} | {r['transactions']:,} | "
                f"{r['longest_lock_ms']} | {r['median_lock_ms']} |"
            )


if __name__ == "__main__":
    main()
