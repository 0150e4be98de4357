"""A fourth source in one module (tests/toy_listing.py), touching no other file.

The toy source joins through `SEALTRAIL_SOURCES` and is then everything the registry promises
(monitor.sources): a `sealtrail crawl` choice whose spider and API budget the crawler finds,
crawled over loopback by the real command and stored; its own staleness in `status`; its label
and link words in the feeds; a step of the scheduler's nightly chain. SAMPLE data throughout.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import feedparser
import pytest

from monitor import sources
from tests.loopback import LoopbackServer, Reply

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = "https://toy-dockets.example/casd/3-17-cv-09912/158"
LISTING = {  # SAMPLE: a made-up listing in the shape tests/toy_listing.py reads
    "entries": [
        {
            "docket_number": "3:17-cv-09912",
            "case_name": "Sample Border Aid v. Nielsen (SAMPLE)",
            "entry_number": 158,
            "short_description": "Motion to Seal",
            "text": "MOTION to Seal Exhibits A-C to Declaration by Defendants Kirstjen Nielsen.",
            "filed": "2026-11-20T17:00:00+00:00",
            "url": DOCUMENT,
        },
        {"case_name": "an entry without a docket number (SAMPLE)"},
    ]
}


def sealtrail(*args: str) -> subprocess.CompletedProcess:
    """The real command in a child process, with the toy source registered."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), sources.ENV: "tests.toy_listing"}
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1"
    done = subprocess.run(
        [sys.executable, "-m", "monitor.cli", *args],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done


@pytest.fixture(scope="module")
def crawled(tmp_path_factory) -> dict:
    """One real crawl of the toy listing over loopback into a fresh store (nyed: 404)."""
    db = tmp_path_factory.mktemp("toy") / "toy.db"
    with LoopbackServer() as server:
        server.robots("User-agent: *\nDisallow:\n")
        server.route(
            "/casd/entries.json",
            Reply(body=json.dumps(LISTING).encode(), content_type="application/json"),
        )
        done = sealtrail(
            "crawl", "toy-listing", "--courts", "casd,nyed", "--base-url", server.url(""),
            "--db", str(db), "--download-delay", "0", "--json",
        )  # fmt: skip
        asked = server.requests_for("/casd/entries.json")
    return {"db": db, "summary": json.loads(done.stdout), "asked": asked}


@pytest.fixture
def toy_registered(monkeypatch):
    monkeypatch.setenv(sources.ENV, "tests.toy_listing")
    sources.reload()
    yield sources.get("toy_listing")
    monkeypatch.delenv(sources.ENV)
    sources.reload()


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_the_crawl_command_crawls_and_stores_the_toy_source(crawled):
    db = crawled["db"]
    assert len(crawled["asked"]) == 1
    run = crawled["summary"]["casd"]
    # the entry without a docket number is skipped with its reason: the run is partial
    assert run["status"] == "partial", run
    assert run["detail"]["skipped_reasons"] == ["entry without docket number or date"]
    assert run["items"] == 1 and run["new_events"] == 1
    # the shared errback (crawler.spiders.base) judged the 404 of the court without a listing
    assert crawled["summary"]["nyed"]["status"] == "missing"
    assert rows(db, "select source, court, status from crawl_runs order by court") == [
        ("toy_listing", "casd", "partial"),
        ("toy_listing", "nyed", "missing"),
    ]
    assert rows(db, "select source, source_url from entry_sources") == [("toy_listing", DOCUMENT)]
    assert rows(db, "select event_type from sealing_events") == [("motion_to_seal",)]
    # the declared budget reached the crawler: the call was counted against it (an
    # undeclared budget name fails the request instead)
    assert rows(db, "select source from api_calls") == [("toy_listing",)] * 2


def test_status_flags_the_toy_source_by_its_own_staleness(crawled):
    (success,) = rows(crawled["db"], "select max(started) from crawl_runs where court = 'casd'")[0]
    at = datetime.fromisoformat(success)

    def flags(later: timedelta) -> list[str]:
        moment = (at + later).isoformat()
        done = sealtrail("status", "--db", str(crawled["db"]), "--json", "--now", moment)
        findings = [json.loads(line) for line in done.stdout.splitlines()]
        (finding,) = [f for f in findings if f["court"] == "casd"]
        assert finding["source"] == "toy_listing"
        return finding["flags"]

    assert "no_recent_success" not in flags(timedelta(minutes=50))
    # one hour is the toy's `stale_after`; undeclared sources get 36 hours
    assert "no_recent_success" in flags(timedelta(minutes=70))


def test_the_feeds_name_the_toy_source_and_its_links(crawled, tmp_path):
    sealtrail("feeds", "export", str(tmp_path / "feeds"), "--db", str(crawled["db"]))
    parsed = feedparser.parse((tmp_path / "feeds" / "sealing.atom").read_bytes())
    (entry,) = parsed.entries
    assert "Seen in: Toy listing (SAMPLE)" in entry.summary
    assert f"Docket entry on Toy docket listing (SAMPLE, free): {DOCUMENT}" in entry.summary


def test_the_operator_feed_names_the_toy_source(toy_registered):
    from feeds.health import health_title

    finding = {"source": "toy_listing", "court": "casd", "flags": ["no_recent_success"]}
    assert health_title(finding) == (
        "Toy listing (SAMPLE) CASD has not been crawled successfully recently"
    )


def test_the_scheduler_runs_the_toy_source_nightly(toy_registered):
    from monitor.config import load_config
    from monitor.scheduler import job_steps

    steps = job_steps(load_config(None, env={}))
    assert [s.name for s in steps["pacer"]] == ["pacer-rss"]
    nightly = [s.name for s in steps["nightly"]]
    assert nightly == [
        "courtlistener", "govinfo", "toy-listing", "recheck", "reclassify", "feeds-export",
    ]  # fmt: skip
    toy = steps["nightly"][2]
    assert toy.argv[3:5] == ("crawl", "toy-listing")


def test_without_the_module_the_source_is_unknown():
    assert "toy_listing" not in sources.names()
    with pytest.raises(KeyError, match="unknown source 'toy-listing'"):
        sources.get("toy-listing")
