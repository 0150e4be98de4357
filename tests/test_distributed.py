"""The crawl spread over workers (crawler/distributed): a real Redis server on loopback
(tests/redis_server.py), worker processes (`run_worker`, one per subprocess), one ingester,
and the loopback sample feeds of tests/test_crawl.py.

What these prove: two workers and one ingester give the store a single-process crawl gives,
row for row (time columns aside); a worker SIGKILLed midway still gives that store (its
courts go to another worker, nothing is stored twice); a repeated poll of the same feeds is
fetched again (no duplicate filter drops it) and found unchanged; one host is never asked by
two workers at once, and the delay and a Retry-After hold across workers; workers never
open (or create) a store.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, TEST_SETTINGS, rows, run_crawl
from tests.loopback import LoopbackServer, Reply
from tests.test_crawl import CRAWL_DATA, feed_path, serve_samples, template

pytest.importorskip("scrapy_redis", reason="pip install '.[distributed]'")
from crawler.distributed import keys  # noqa: E402
from crawler.distributed.ingest import crawl_distributed  # noqa: E402
from tests.redis_server import RedisServer  # noqa: E402

# The sample feeds, plus courts that fail: a 404 (no route), an HTML page, broken XML.
COURTS = ["casd", "nyed", "txsd", "wvsd", "flsd", "gand"]
# Columns that hold the time something happened, which two crawls never share.
TIME_COLUMNS = {
    "first_seen",
    "last_seen",
    "updated",
    "fetched",
    "stored",
    "started",
    "finished",
    "duration_s",
    "applied_at",
}
WORKER_SCRIPT = (
    "import json, sys\n"
    "from crawler.distributed.worker import run_worker\n"
    "run_worker(sys.argv[1], worker_id=sys.argv[2], settings=json.loads(sys.argv[3]))\n"
)


def serve_courts(server: LoopbackServer, delay: float = 0.0) -> None:
    serve_samples(server)
    if delay:
        for court in ("casd", "nyed", "txsd"):
            server.route(feed_path(court), Reply.file(CRAWL_DATA / f"{court}.xml", delay=delay))
    server.route(feed_path("flsd"), Reply.file(CRAWL_DATA / "error.html", delay=delay))
    server.route(feed_path("gand"), Reply.file(CRAWL_DATA / "malformed.xml", delay=delay))


def store_rows(db_path: Path) -> dict[str, list[tuple]]:
    """Every table (FTS indexes by their content), without ids of runs and time columns,
    as sorted rows."""
    con = sqlite3.connect(db_path)
    try:
        tables = [
            name
            for (name,) in con.execute(
                "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'"
                " and name not like '%_fts_%' and name != '_sqlite_migrations'"
            )
        ]
        found = {}
        for table in tables:
            columns = [c for (c,) in con.execute(f"select name from pragma_table_info('{table}')")]
            keep = [c for c in columns if c not in TIME_COLUMNS]
            if table == "crawl_runs":
                keep.remove("id")
            listed = ", ".join(f'"{c}"' for c in keep)
            found[table] = sorted(
                con.execute(f"select {listed} from [{table}]").fetchall(), key=repr
            )
        return found
    finally:
        con.close()


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    with RedisServer() as server:
        yield server


class Workers:
    """Worker subprocesses, each logging to its own file, all in an empty directory."""

    def __init__(self, redis_url: str, workdir: Path, settings: dict[str, Any]):
        self.redis_url = redis_url
        self.workdir = workdir
        self.settings = {**TEST_SETTINGS, **settings}
        self.procs: dict[str, subprocess.Popen] = {}
        workdir.mkdir(exist_ok=True)

    def start(self, worker_id: str, **settings: Any) -> subprocess.Popen:
        log = open(self.workdir.parent / f"{worker_id}.log", "w")
        proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                WORKER_SCRIPT,
                self.redis_url,
                worker_id,
                json.dumps({**self.settings, **settings}),
            ],
            cwd=self.workdir,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        log.close()
        self.procs[worker_id] = proc
        return proc

    def log(self, worker_id: str) -> str:
        return (self.workdir.parent / f"{worker_id}.log").read_text()

    def results_sent(self, worker_id: str) -> int:
        return self.log(worker_id).count("result sent")

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs.values():
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@contextmanager
def workers(redis_url: str, tmp_path: Path, **settings: Any) -> Iterator[Workers]:
    pool = Workers(redis_url, tmp_path / "workers", settings)
    try:
        yield pool
    finally:
        pool.stop()


def single_process_store(tmp_path: Path, url_template: str) -> tuple[Path, dict]:
    db = tmp_path / "single.db"
    result = run_crawl(db, COURTS, url_template, keep_all_cases=True)
    return db, result.summary


def statuses(summary: dict[str, dict]) -> dict[str, tuple]:
    return {c: (s["status"], s["items"], s["new_events"]) for c, s in summary.items()}


def test_two_workers_and_one_ingester_give_the_single_process_store(server, redis_server, tmp_path):
    serve_courts(server, delay=0.2)
    single_db, single = single_process_store(tmp_path, template(server))
    dist_db = tmp_path / "dist.db"
    with workers(redis_server.url, tmp_path, SEALTRAIL_WORKER_COURTS=2) as pool:
        pool.start("w1")
        pool.start("w2")
        summary = crawl_distributed(
            redis_server.url,
            "pacer_rss",
            COURTS,
            str(dist_db),
            template(server),
            keep_all_cases=True,
            deadline_s=90,
        )
    assert statuses(summary) == statuses(single)
    assert statuses(summary)["casd"] == ("ok", 6, 3)
    assert {s["status"] for s in summary.values()} >= {"ok", "missing", "not_rss", "error"}
    expected = store_rows(single_db)
    assert expected["docket_entries"] and expected["fetch_state"]  # something to compare
    assert store_rows(dist_db) == expected
    # both workers took courts, each court was fetched once, and no worker made a store
    assert pool.results_sent("w1") and pool.results_sent("w2")
    assert pool.results_sent("w1") + pool.results_sent("w2") == len(COURTS)
    for court in COURTS:
        assert len(server.requests_for(feed_path(court))) == 2  # single + distributed
    assert list((tmp_path / "workers").iterdir()) == []
    # the run leaves nothing queued or held
    client = keys.connect(redis_server.url)
    assert client.llen(keys.jobs("pacer_rss")) == 0
    assert client.llen(keys.doing("w1")) == client.llen(keys.doing("w2")) == 0


def test_a_worker_killed_midway_loses_nothing(server, redis_server, tmp_path):
    serve_courts(server, delay=0.5)
    single_db, single = single_process_store(tmp_path, template(server))
    before = len(server.requests)
    dist_db = tmp_path / "dist.db"
    client = keys.connect(redis_server.url)
    with workers(redis_server.url, tmp_path, SEALTRAIL_WORKER_TTL=1.5) as pool:
        doomed = pool.start("doomed")
        # The ingester is the command people run, in its own process.
        ingester = subprocess.Popen(
            [sys.executable, "-c", "from monitor.cli import main; main()", "crawl", "pacer-rss"]
            + ["--courts", ",".join(COURTS), "--db", str(dist_db), "--all-cases", "--json"]
            + ["--url-template", template(server), "--redis", redis_server.url],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            deadline = time.monotonic() + 60
            feeds = [feed_path(court) for court in COURTS]
            # midway: the doomed worker holds every court and has fetched two of them
            while time.monotonic() < deadline:
                fetched = [p for p in server.paths()[before:] if p in feeds]
                if len(fetched) >= 2:
                    break
                time.sleep(0.05)
            assert client.llen(keys.doing("doomed")) == len(COURTS)
            doomed.send_signal(signal.SIGKILL)
            doomed.wait()
            pool.start("rescuer")
            out, err = ingester.communicate(timeout=90)
        finally:
            if ingester.poll() is None:
                ingester.kill()
    assert ingester.returncode == 0, err
    summary = json.loads(out.strip().splitlines()[-1])
    assert statuses(summary) == statuses(single)
    assert store_rows(dist_db) == store_rows(single_db)
    assert pool.results_sent("rescuer") == len(COURTS)
    assert "jobs back on the queue" in err
    # the courts the doomed worker had fetched were fetched again: at least once delivery
    fetched = [p for p in server.paths()[before:] if p in feeds]
    assert len(fetched) > len(COURTS)
    assert client.llen(keys.doing("doomed")) == 0
    assert not client.sismember(keys.WORKERS, "doomed")


def test_a_repeated_poll_is_fetched_again_and_found_unchanged(server, redis_server, tmp_path):
    serve_samples(server)
    courts = ["casd", "nyed", "txsd"]
    db = tmp_path / "dist.db"
    with workers(redis_server.url, tmp_path) as pool:
        pool.start("w1")
        first = crawl_distributed(
            redis_server.url, "pacer_rss", courts, str(db), template(server), deadline_s=60
        )
        second = crawl_distributed(
            redis_server.url, "pacer_rss", courts, str(db), template(server), deadline_s=60
        )
    assert {c: s["unchanged"] for c, s in first.items()} == dict.fromkeys(courts, False)
    # Polled again at the same URL: fetched (no duplicate filter), same bytes, nothing read.
    assert {c: (s["status"], s["unchanged"]) for c, s in second.items()} == dict.fromkeys(
        courts, ("ok", True)
    )
    for court in courts:
        assert len(server.requests_for(feed_path(court))) == 2
    runs = rows(db, "select court, unchanged from crawl_runs order by id")
    assert [r["unchanged"] for r in runs] == [0, 0, 0, 1, 1, 1]
    log = pool.log("w1")
    # scrapy-redis's quirks on Scrapy 2.19 stay out of the worker's log
    assert "ScrapyDeprecationWarning" not in log
    assert "String request is deprecated" not in log
    assert pool.results_sent("w1") == 6


def test_one_request_at_a_time_per_host_across_workers(server, redis_server, tmp_path):
    serve_courts(server, delay=0.15)
    nmd_feed = (CRAWL_DATA / "nyed.xml").read_bytes().replace(b"ecf.nyed.", b"ecf.nmd.")
    server.route(
        feed_path("nmd"),
        Reply(429, headers={"Retry-After": "2"}),
        Reply(200, nmd_feed, content_type="application/rss+xml"),
    )
    courts = [*COURTS, "nmd"]
    db = tmp_path / "dist.db"
    with workers(redis_server.url, tmp_path, DOWNLOAD_DELAY=0.3, SEALTRAIL_WORKER_COURTS=1) as pool:
        pool.start("w1")
        pool.start("w2")
        summary = crawl_distributed(
            redis_server.url, "pacer_rss", courts, str(db), template(server), deadline_s=90
        )
    assert summary["nmd"]["status"] == "ok"
    assert summary["nmd"]["http_status"] == {"200": 1, "429": 1}
    assert pool.results_sent("w1") and pool.results_sent("w2")
    assert server.overlapping() == []
    seen = sorted(server.requests, key=lambda r: r.started)
    gaps = [b.started - a.finished for a, b in zip(seen, seen[1:], strict=False)]
    assert min(gaps) >= 0.25, gaps  # DOWNLOAD_DELAY 0.3, across both workers
    limited = next(i for i, r in enumerate(seen) if r.status == 429)
    assert seen[limited + 1].started - seen[limited].finished >= 1.9  # Retry-After: 2


def test_a_robots_crawl_delay_holds_across_workers(server, redis_server, tmp_path):
    serve_courts(server)
    server.robots("User-agent: *\nCrawl-delay: 1\nDisallow: /private/\n")
    server.route("/private/cgi-bin/rss_outside.pl", Reply.file(CRAWL_DATA / "casd.xml"))
    courts = ["casd", "nyed", "txsd", "private"]
    db = tmp_path / "dist.db"
    with workers(redis_server.url, tmp_path, SEALTRAIL_WORKER_COURTS=1) as pool:
        pool.start("w1")
        pool.start("w2")
        summary = crawl_distributed(
            redis_server.url, "pacer_rss", courts, str(db), template(server), deadline_s=90
        )
    assert pool.results_sent("w1") and pool.results_sent("w2")
    # robots.txt is obeyed by every worker: the disallowed feed is never asked for
    assert summary["private"]["status"] == "blocked"
    assert server.requests_for("/private/cgi-bin/rss_outside.pl") == []
    assert {summary[c]["status"] for c in ("casd", "nyed", "txsd")} == {"ok"}
    # After any feed request, the next request to the host (either worker) waits Crawl-delay.
    seen = sorted(server.requests, key=lambda r: r.started)
    gaps = [
        b.started - a.finished
        for a, b in zip(seen, seen[1:], strict=False)
        if a.path != "/robots.txt"
    ]
    assert len(gaps) >= 2 and min(gaps) >= 0.9, gaps
