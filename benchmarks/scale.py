"""Benchmark: how ingest, database size, Datasette pages and feeds scale with the store.

Run from the repository root:

    .venv/bin/python benchmarks/scale.py [--sizes 10000,100000,1000000] [--out results.json]
        [--db-dir DIR] [--runs 5] [--measure-only]

For each size N it generates N synthetic SAMPLE docket entries shaped like parsed PACER RSS
(`docs/internals.md`), oldest first over six years, and stores them through the real
`monitor.store.ingest_entries` the way a crawl does: each chunk of `--chunk` entries is split
by court and every court's part is one `ingest_entries` call plus one `crawl_runs` row. It
keeps every case (`keep_all_cases`, the crawl's `--keep-all-cases`), so the store holds exactly
N docket entries and the sizes compare like with like. About a third of the cases are
immigration-related (captions naming ICE, DHS, USCIS or the Attorney General) and about 6 in
100 entries are sealing-related (motions to seal, orders on them, sealed and redacted
documents, motions to unseal).

Then it measures, on the file database (`scale_<N>.db` in `--db-dir`, kept for re-runs):

- ingest: entries/s over the whole load (generation included, it is a small share);
- size: the file in MB after a WAL checkpoint;
- pages: Datasette 0.65's in-process client (`datasette.client.get`) with the project's
  metadata (`monitor.publish.metadata_for`), `DATASETTE_SETTINGS` (so the 2 s SQL limit and
  500 ms facet limit apply) and the feeds plugin: one warm-up request, then the median of
  `--runs` requests. The HTTP status is kept, and a page whose facets timed out says so: a
  fast error is not a fast page;
- feeds: `feeds.queries.fetch_events` + `feeds.build.build_feed` for the main Atom feed and a
  per-court feed, on a read-only sqlite3 connection (what `sealtrail feeds export` does).

`--measure-only` reuses databases already in `--db-dir` (migrations are applied on open, so an
index migration can be measured before and after without a reload) and keeps the ingest
figures of the previous `--out` file.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import random
import sqlite3
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from datasette.app import Datasette  # noqa: E402
from datasette.utils import tilde_encode  # noqa: E402

from feeds.build import build_feed  # noqa: E402
from feeds.queries import fetch_court, fetch_events  # noqa: E402
from monitor.judges import judge_slug  # noqa: E402
from monitor.publish import DATASETTE_SETTINGS, metadata_for  # noqa: E402
from monitor.runs import record_run  # noqa: E402
from monitor.schema import connect  # noqa: E402
from monitor.store import ingest_entries  # noqa: E402

DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
START = datetime(2020, 7, 1, 14, 0, tzinfo=UTC)
SPAN = timedelta(days=6 * 365)
ENTRIES_PER_CASE = 12  # on average
ACTIVE_WINDOW = 400  # an entry goes to one of this many cases opened most recently

# Real court ids, busy immigration districts weighted up (repeats are weights).
DISTRICTS = {
    "casd": "3",
    "cacd": "2",
    "txsd": "4",
    "txwd": "5",
    "azd": "2",
    "nysd": "1",
    "nyed": "1",
    "njd": "2",
    "mad": "1",
    "ilnd": "1",
    "flsd": "1",
    "waw": "2",
    "dcd": "1",
    "vaed": "1",
    "nmd": "2",
    "lawd": "3",
    "gamd": "4",
    "pamd": "1",
}
COURTS = [*DISTRICTS, "casd", "txsd", "txsd", "azd", "nysd", "ca9", "ca5", "ca2"]
COURT_FILTER = "txsd"  # the court of the filtered page and the per-court feed

IMMIGRATION_CAPTIONS = (
    "SAMPLE Petitioner {n} v. Director, ICE",
    "SAMPLE Doe {n} v. Noem et al",
    "SAMPLE Ramos {n} v. U.S. Citizenship and Immigration Services",
    "SAMPLE Garcia {n} v. Bondi",
)
OTHER_CAPTIONS = (
    "SAMPLE Co. {n} v. Other LLC",
    "USA v. SAMPLE Defendant {n}",
    "SAMPLE Smith {n} v. Acme Corp",
)
ORDINARY = (
    ("Notice of Appearance", "NOTICE of Appearance by SAMPLE Counsel on behalf of {party}."),
    ("Order", "ORDER: Status report due by {date}. Signed by Judge SAMPLE Judge."),
    ("Answer to Complaint", "ANSWER to Complaint by {party}. (SAMPLE Counsel)"),
    ("Motion for Extension of Time", "MOTION for Extension of Time to File Response by {party}."),
    ("Summons Issued", "Summons Issued as to {party}."),
    ("Scheduling Order", "SCHEDULING ORDER: Discovery due by {date}."),
    ("Status Report", "STATUS REPORT by {party}. (SAMPLE Counsel)"),
    ("Order", ""),
    ("Notice (Other)", ""),
)
SEALING_SHARE = 0.06


class CaseBook:
    """Synthetic cases, opened in time order; each keeps its next entry number and the number
    of its last motion to seal (so orders can rule on it)."""

    def __init__(self, rng: random.Random, expected: int) -> None:
        self.rng = rng
        self.expected = max(1, expected)
        self.cases: list[dict] = []

    def case(self, index: int) -> dict:
        while len(self.cases) <= index:
            n = len(self.cases)
            court = self.rng.choice(COURTS)
            immigration = self.rng.random() < 0.33
            captions = IMMIGRATION_CAPTIONS if immigration else OTHER_CAPTIONS
            year = 20 + min(5, n * 6 // self.expected)
            kind = self.rng.choice(("cv", "cv", "cr", "mc")) if not immigration else "cv"
            if court.startswith("ca"):
                docket = f"{year}-{n % 100000:05d}"
            else:
                docket = f"{DISTRICTS[court]}:{year}-{kind}-{n % 100000:05d}"
            self.cases.append(
                {
                    "court": court,
                    "docket_number": docket,
                    "case_name": self.rng.choice(captions).format(n=n),
                    "pacer_case_id": str(400000 + n),
                    "next": 1,
                    "motion": None,
                }
            )
        return self.cases[index]


def _entry_text(rng: random.Random, case: dict, number: int, when: datetime) -> tuple[str, str]:
    """(short_description, text) of one entry: sealing-related about 6 times in 100."""
    party = "SAMPLE Petitioner" if "Petitioner" in case["case_name"] else "SAMPLE Party"
    if rng.random() >= SEALING_SHARE:
        short, template = rng.choice(ORDINARY)
        later = (when + timedelta(days=30)).strftime("%m/%d/%Y")
        return short, template.format(party=party, date=later)
    motion = case["motion"]
    signed = when.strftime("%-m/%-d/%Y")
    roll = rng.random()
    if motion is None or roll < 0.35:
        case["motion"] = number
        who = rng.choice((party, "Respondents", "Defendants"))
        return "Motion to Seal", f"MOTION to Seal Exhibit {rng.randint(1, 9)} by {who}."
    if roll < 0.6:
        verb = rng.choice(("granting", "granting", "denying", "granting in part"))
        text = f"ORDER {verb} {motion} Motion to Seal. Signed by Judge SAMPLE Judge on {signed}."
        return "Order on Motion to Seal", text if rng.random() < 0.7 else ""
    if roll < 0.8:
        return "Sealed Document", f"SEALED DOCUMENT re {motion} Motion to Seal. (SAMPLE)"
    if roll < 0.92:
        return "Redacted Document", f"REDACTED DOCUMENT re {motion} by Respondents."
    return "Motion to Unseal", f"MOTION to Unseal Document {motion} by SAMPLE Press Co."


def generate_entries(count: int, seed: int = 5) -> Iterator[dict]:
    """`count` parsed-RSS-shaped entry dicts, oldest first, spread over six years."""
    rng = random.Random(seed)
    book = CaseBook(rng, count // ENTRIES_PER_CASE)
    step = SPAN / max(1, count)
    for i in range(count):
        opened = i // ENTRIES_PER_CASE
        index = max(0, opened - rng.randrange(min(ACTIVE_WINDOW, opened + 1)))
        case = book.case(index)
        number = case["next"]
        case["next"] += 1
        when = START + step * i
        short, text = _entry_text(rng, case, number, when)
        court = case["court"]
        yield {
            "court": court,
            "docket_number": case["docket_number"],
            "case_name": case["case_name"],
            "pacer_case_id": case["pacer_case_id"],
            "entry_number": number,
            "short_description": short,
            "text": text,
            "document_url": f"https://ecf.{court}.uscourts.gov/doc1/SAMPLE{i:09d}",
            "published": when.isoformat(),
            "guid": f"SAMPLE-{court}-{case['pacer_case_id']}-{number}",
            "case_url": f"https://ecf.{court}.uscourts.gov/cgi-bin/DktRpt.pl?{case['pacer_case_id']}",
        }


# ---------------------------------------------------------------------------------- load


def build_store(path: Path, count: int, *, chunk: int = 2000, progress: bool = True) -> dict:
    """A fresh store at `path` holding `count` generated entries; returns ingest figures."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = connect(str(path))
    started = time.perf_counter()
    stored = new_events = calls = 0
    pending: list[dict] = []

    def flush() -> None:
        nonlocal stored, new_events, calls
        by_court: dict[str, list[dict]] = defaultdict(list)
        for item in pending:
            by_court[item["court"]].append(item)
        now = (datetime.fromisoformat(pending[-1]["published"]) + timedelta(minutes=20)).isoformat()
        for court, items in by_court.items():
            stats = ingest_entries(db, items, source="pacer_rss", now=now, keep_all_cases=True)
            record_run(
                db,
                source="pacer_rss",
                court=court,
                started=now,
                finished=now,
                status="ok",
                requests=1,
                items=len(items),
                new_events=stats.new_events,
                http_status={"200": 1},
                newest_item=items[-1]["published"],
            )
            stored += stats.stored
            new_events += stats.new_events
            calls += 1
        pending.clear()

    done = 0
    for item in generate_entries(count):
        pending.append(item)
        if len(pending) >= chunk:
            done += len(pending)
            flush()
            if progress and (done % max(chunk, count // 20) < chunk or done == count):
                rate = done / (time.perf_counter() - started)
                print(f"  {done:>9,} / {count:,} entries  {rate:,.0f}/s", file=sys.stderr)
    if pending:
        done += len(pending)
        flush()
    elapsed = time.perf_counter() - started
    db.close()
    return {
        "entries": count,
        "stored": stored,
        "new_events": new_events,
        "ingest_calls": calls,
        "seconds": round(elapsed, 1),
        "entries_per_s": round(count / elapsed),
    }


def row_counts(path: Path) -> dict:
    conn = sqlite3.connect(path)
    try:
        tables = (
            "courts",
            "cases",
            "docket_entries",
            "sealing_events",
            "event_links",
            "crawl_runs",
        )
        counts = {t: conn.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}
        counts["immigration_sealing_events"] = conn.execute(
            "select count(*) from sealing_events e join cases c on c.id = e.case_id "
            "where c.immigration = 1"
        ).fetchone()[0]
    finally:
        conn.close()
    return counts


def file_mb(path: Path) -> float:
    """The database file's size after folding the WAL back into it."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return round(path.stat().st_size / 1e6, 1)


# ---------------------------------------------------------------------------------- pages


def page_paths(path: Path) -> dict[str, str]:
    """Name → site path of each page measured."""
    name = tilde_encode(path.stem)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        # The newest immigration event of the filtered court (of any court in a tiny store).
        event = conn.execute(
            "select e.id from sealing_events e join cases c on c.id = e.case_id "
            "order by c.immigration = 1 and c.court_id = ? desc, c.immigration desc, "
            "e.rowid desc limit 1",
            [COURT_FILTER],
        ).fetchone()[0]
        # The immigration case with the most sealing events (the longest case timeline).
        court, docket = conn.execute(
            "select c.court_id, c.docket_number from sealing_events e "
            "join cases c on c.id = e.case_id where c.immigration = 1 "
            "group by c.id order by count(*) desc, c.id limit 1"
        ).fetchone() or (COURT_FILTER, "none")
        # The judge who signed the most orders (the generated orders name one judge).
        judge = conn.execute(
            "select judge from sealing_events where judge is not null and judge != '' "
            "group by judge order by count(*) desc limit 1"
        ).fetchone()
    finally:
        conn.close()
    judge = judge_slug(judge[0]) if judge else None  # a tiny store may have no signed order
    metadata = metadata_for(path)
    canned = list(metadata["databases"][path.stem].get("queries", {}))
    params = {"recent_sealing_events": "?court=", "search_sealing_events": "?q=Exhibit"}
    paths = {
        "index /": "/",
        "database page": f"/{name}",
        "sealing_events": f"/{name}/sealing_events",
        "sealing_events?event_type=": f"/{name}/sealing_events?event_type=sealing_order",
        "immigration_sealing_events": f"/{name}/immigration_sealing_events",
        f"immigration_sealing_events?court={COURT_FILTER}": (
            f"/{name}/immigration_sealing_events?court={COURT_FILTER}"
        ),
        "row page": f"/{name}/sealing_events/{tilde_encode(event)}",
    }
    for query in [*canned, "crawl_health"]:
        paths[f"query {query}"] = f"/{name}/{query}{params.get(query, '')}"
    paths["feed /-/feeds/sealing.atom"] = "/-/feeds/sealing.atom"
    paths[f"feed /-/feeds/court/{COURT_FILTER}.atom"] = f"/-/feeds/court/{COURT_FILTER}.atom"
    paths["feeds index /-/feeds"] = "/-/feeds"
    # issue 15: the pages people read, OPML and the feed for every question
    paths["event page /-/event/<id>"] = f"/-/event/{event}"
    paths["case page /-/case/<court>/<docket>"] = f"/-/case/{court}/{docket}"
    paths["OPML /-/feeds.opml"] = "/-/feeds.opml"
    paths["feed /-/feeds/type/sealing_order.atom"] = "/-/feeds/type/sealing_order.atom"
    paths["feed /-/feeds/outcome/granted.atom"] = "/-/feeds/outcome/granted.atom"
    paths["feed /-/feeds/reason/other.atom"] = "/-/feeds/reason/other.atom"
    if judge:
        paths["feed /-/feeds/judge/<slug>.atom"] = f"/-/feeds/judge/{judge}.atom"
    paths["feed /-/feeds/new-cases.atom"] = "/-/feeds/new-cases.atom"
    # pages other branches of issue 15 add: measured once they answer (see `measure_pages`)
    for label, site_path in PLANNED_PAGES.items():
        if judge or "{judge}" not in site_path:
            paths[label] = site_path.format(court=COURT_FILTER, judge=judge, name=name)
    return paths


# Pages that may not exist yet on a branch: a 404 at the warm-up leaves them out of the results
# (named under "missing") instead of timing an error page.
PLANNED_PAGES = {
    "court page /-/court/<court>": "/-/court/{court}",
    "judge page /-/judge/<slug>": "/-/judge/{judge}",
    "courts page /-/courts": "/-/courts",
    "judges page /-/judges": "/-/judges",
    "charts page /-/charts": "/-/charts",
    "readers' view sealing_events_for_readers": "/{name}/sealing_events_for_readers",
}


def _note(status: int, body: str) -> str:
    if status != 200:
        return "too long" if "took too long" in body else f"HTTP {status}"
    if "These facets timed out" in body:
        return "facets timed out"
    return ""


def datasette_settings(overrides: dict[str, str] | None = None) -> dict:
    """`DATASETTE_SETTINGS` (strings, as `--setting` takes them) as Datasette(settings=) takes
    them, with `overrides` (e.g. `{"suggest_facets": "off"}`) on top."""
    settings = {}
    for key, value in {**DATASETTE_SETTINGS, **(overrides or {})}.items():
        settings[key] = int(value) if value.isdigit() else value in ("on", "1", "true")
    return settings


def measure_pages(
    path: Path, runs: int = 5, overrides: dict[str, str] | None = None
) -> dict[str, dict]:
    """Median milliseconds of each page after one warm-up request. A page of `PLANNED_PAGES`
    that answers 404 is left out: `measure_size` names it under "missing_pages"."""
    settings = datasette_settings(overrides)
    ds = Datasette([str(path)], metadata=metadata_for(path), settings=settings)
    paths = page_paths(path)

    async def go() -> dict[str, dict]:
        results = {}
        for label, site_path in paths.items():
            response = await ds.client.get(site_path)
            if label in PLANNED_PAGES and response.status_code == 404:
                continue
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                response = await ds.client.get(site_path)
                times.append((time.perf_counter() - start) * 1000)
            results[label] = {
                "path": site_path,
                "status": response.status_code,
                "ms": round(statistics.median(times), 1),
                "note": _note(response.status_code, response.text),
            }
        return results

    return asyncio.run(go())


def measure_feeds(path: Path, runs: int = 5) -> dict[str, dict]:
    """Median milliseconds to query and build the main Atom feed and one court's feed."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    database = path.stem
    court_name = (fetch_court(conn, COURT_FILTER) or {}).get("court_name")
    builds = {
        "build sealing.atom": lambda: build_feed(
            fetch_events(conn, "all"), kind="all", fmt="atom", database=database
        ),
        f"build court/{COURT_FILTER}.atom": lambda: build_feed(
            fetch_events(conn, "court", court=COURT_FILTER),
            kind="court",
            fmt="atom",
            court=COURT_FILTER,
            court_name=court_name,
            database=database,
        ),
    }
    results = {}
    try:
        for label, build in builds.items():
            body = build()
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                body = build()
                times.append((time.perf_counter() - start) * 1000)
            results[label] = {
                "ms": round(statistics.median(times), 1),
                "entries": body.count(b"<entry>"),
            }
    finally:
        conn.close()
    return results


def measure_size(
    count: int,
    db_dir: Path,
    *,
    runs: int = 5,
    chunk: int = 2000,
    measure_only: bool = False,
    overrides: dict[str, str] | None = None,
    migrate: bool = True,
    prefix: str = "scale",
) -> dict:
    path = db_dir / f"{prefix}_{count}.db"
    result: dict = {"db": str(path)}
    if measure_only and path.exists():
        if migrate:
            connect(str(path)).close()  # apply any new migration
    else:
        print(f"loading {count:,} entries into {path}", file=sys.stderr)
        result["ingest"] = build_store(path, count, chunk=chunk)
    result["rows"] = row_counts(path)
    result["db_mb"] = file_mb(path)
    print(f"measuring pages and feeds at {count:,}", file=sys.stderr)
    result["settings"] = overrides or {}
    result["pages"] = measure_pages(path, runs, overrides)
    result["missing_pages"] = [
        PLANNED_PAGES[label] for label in PLANNED_PAGES if label not in result["pages"]
    ]
    result["feeds"] = measure_feeds(path, runs)
    return result


# ---------------------------------------------------------------------------------- report


def machine() -> dict:
    return {
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "machine": platform.machine(),
        "cores": __import__("os").cpu_count(),
        "date": datetime.now(UTC).date().isoformat(),
    }


def report(results: dict) -> str:
    """A Markdown table, one column per size and the ratio of the largest to the smallest."""
    sizes = sorted(results["sizes"], key=int)
    first, last = results["sizes"][sizes[0]], results["sizes"][sizes[-1]]
    head = ["figure", *(f"{int(s):,}" for s in sizes), f"{int(sizes[-1]) // int(sizes[0])}x data"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]

    def row(label: str, get, unit: str = "") -> None:
        values = []
        for size in sizes:
            try:
                values.append(get(results["sizes"][size]))
            except (KeyError, TypeError):
                values.append(None)
        cells = [
            f"{v:,.1f}{unit}" if isinstance(v, float) else f"{v:,}{unit}" if v is not None else "–"
            for v in values
        ]
        try:
            ratio = f"{get(last) / get(first):.2f}"
        except (KeyError, TypeError, ZeroDivisionError):
            ratio = "–"
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {ratio} |")

    row("ingest, entries/s", lambda r: r["ingest"]["entries_per_s"])
    row("docket_entries rows", lambda r: r["rows"]["docket_entries"])
    row("sealing_events rows", lambda r: r["rows"]["sealing_events"])
    row("database file, MB", lambda r: r["db_mb"])
    labels = list(dict.fromkeys(label for s in sizes for label in results["sizes"][s]["pages"]))
    for label in labels:

        def page(r, label=label):
            entry = r["pages"][label]
            return entry["ms"]

        row(f"`{label}`, ms", page)
    for label in first["feeds"]:
        row(f"{label}, ms", lambda r, label=label: r["feeds"][label]["ms"])
    notes = [
        f"{int(size):,}: {label} {entry['note']}"
        for size in sizes
        for label, entry in results["sizes"][size]["pages"].items()
        if entry.get("note")
    ]
    missing = sorted({page for s in sizes for page in results["sizes"][s].get("missing_pages", [])})
    notes += [f"not measured, answers 404 on this branch: {page}" for page in missing]
    if notes:
        lines.append("")
        lines.extend(f"- {note}" for note in notes)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES))
    parser.add_argument("--out", default="results.json")
    parser.add_argument("--db-dir", default="scale-dbs")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--chunk", type=int, default=2000)
    parser.add_argument("--measure-only", action="store_true")
    parser.add_argument(
        "--no-migrate",
        action="store_true",
        help="with --measure-only: measure the files as they are (e.g. copies without an index)",
    )
    parser.add_argument("--prefix", default="scale", help="database files are PREFIX_<size>.db")
    parser.add_argument(
        "--setting",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override one of DATASETTE_SETTINGS (or add one, e.g. suggest_facets=off)",
    )
    args = parser.parse_args()
    db_dir = Path(args.db_dir)
    db_dir.mkdir(parents=True, exist_ok=True)
    overrides = dict(item.split("=", 1) for item in args.setting)
    out = Path(args.out)
    results = json.loads(out.read_text()) if out.exists() else {"sizes": {}}
    results["machine"] = machine()
    for size in (int(s) for s in args.sizes.split(",") if s.strip()):
        previous = results["sizes"].get(str(size), {})
        measured = measure_size(
            size,
            db_dir,
            runs=args.runs,
            chunk=args.chunk,
            measure_only=args.measure_only,
            overrides=overrides,
            migrate=not args.no_migrate,
            prefix=args.prefix,
        )
        if "ingest" not in measured and "ingest" in previous:
            measured["ingest"] = previous["ingest"]
        results["sizes"][str(size)] = measured
        out.write_text(json.dumps(results, indent=2) + "\n")
    print(report(results))


if __name__ == "__main__":
    main()
