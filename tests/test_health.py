"""Crawl health: `monitor.health` flags, `sealtrail status`, the crawl_health canned query and
the operator feed /-/feeds/health.atom|rss, all over one set of SAMPLE crawl_runs rows."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import pytest
from click.testing import CliRunner
from datasette.app import Datasette

from monitor import health
from monitor.cli import main
from monitor.runs import record_run
from monitor.schema import connect
from tests.conftest import rows
from tests.loopback import Reply
from tests.test_crawl import ALLOW_ALL, CRAWL_DATA, feed_path, template
from tests.test_datasette import metadata

NEW_YORK = ZoneInfo("America/New_York")
# Tuesday 2026-12-01, 15:00 in New York.
NOW = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)


def at(hours_ago: float) -> str:
    return (NOW - timedelta(hours=hours_ago)).isoformat()


def run(db, court: str, hours_ago: float, status: str = "ok", source: str = "pacer_rss", **kw):
    kw.setdefault("items", 5 if status in ("ok", "partial") else 0)
    kw.setdefault("errors", 0 if status in ("ok", "partial") else 1)
    return record_run(
        db,
        source=source,
        court=court,
        started=at(hours_ago),
        finished=at(hours_ago - 0.01),
        status=status,
        **kw,
    )


def sample_runs(path: Path) -> Path:
    """SAMPLE runs: one healthy court and one of each problem."""
    db = connect(str(path))
    run(db, "casd", 0.5, newest_item=at(1))  # healthy
    for hours in (3, 2, 1):  # three failures after an old success
        run(db, "nyed", hours, status="error")
    run(db, "nyed", 30, newest_item=at(31))
    run(db, "txsd", 0.5, items=0)  # the feed was empty
    run(db, "flsd", 0.5, newest_item=at(9))  # nothing new since 06:00 ET (8 working hours)
    run(db, "gand", 6, newest_item=at(6.5))  # last success too long ago
    run(db, "mad", 0.5, status="blocked")  # never worked
    # An unchanged poll reads nothing; the items and newest item of the read before count.
    run(db, "ilnd", 1, newest_item=at(1.2))
    run(db, "ilnd", 0.5, items=0, unchanged=True)
    run(db, "all", 20, source="courtlistener", items=0)  # an API with nothing new: fine
    db.close()
    return path


EXPECTED = {
    ("pacer_rss", "casd"): [],
    ("pacer_rss", "nyed"): ["no_recent_success", "repeated_errors", "no_new_items"],
    ("pacer_rss", "txsd"): ["zero_items"],
    ("pacer_rss", "flsd"): ["no_new_items"],
    ("pacer_rss", "gand"): ["no_recent_success", "no_new_items"],
    ("pacer_rss", "mad"): ["never_succeeded"],
    ("pacer_rss", "ilnd"): [],
    ("courtlistener", "all"): [],
}


@pytest.fixture
def store(tmp_path) -> Path:
    return sample_runs(tmp_path / "sealtrail.db")


def findings_by_pair(findings) -> dict:
    return {(f["source"], f["court"]): f for f in findings}


# ------------------------------------------------------------------------------- the rules


def test_working_hours_skip_nights_and_weekends():
    friday_5pm = datetime(2026, 12, 4, 17, tzinfo=NEW_YORK)
    monday_9am = datetime(2026, 12, 7, 9, tzinfo=NEW_YORK)
    assert health.working_hours_between(friday_5pm, monday_9am, NEW_YORK) == pytest.approx(4.0)
    night = datetime(2026, 12, 1, 20, tzinfo=NEW_YORK)
    assert health.working_hours_between(night, night + timedelta(hours=10), NEW_YORK) == 0.0
    assert health.working_hours_between(monday_9am, friday_5pm, NEW_YORK) == 0.0


def test_a_quiet_weekend_is_not_stale_but_a_quiet_weekday_is():
    newest = datetime(2026, 12, 4, 22, tzinfo=UTC).isoformat()  # Friday 17:00 ET
    sunday = datetime(2026, 12, 6, 18, tzinfo=UTC)
    flags = health.health_flags("pacer_rss", sunday.isoformat(), 0, 7, newest, sunday, NEW_YORK)
    assert flags == []
    tuesday = datetime(2026, 12, 8, 16, tzinfo=UTC)  # 11:00 ET, 4 + 4 working hours later
    flags = health.health_flags("pacer_rss", tuesday.isoformat(), 0, 7, newest, tuesday, NEW_YORK)
    assert flags == ["no_new_items"]


def test_each_flag_from_the_sample_runs(store):
    with connect(str(store)).conn as conn:
        found = findings_by_pair(health.court_health(conn, now=NOW, tz=NEW_YORK))
    assert {pair: f["flags"] for pair, f in found.items()} == EXPECTED
    assert found[("pacer_rss", "nyed")]["failures_since_success"] == 3
    assert found[("pacer_rss", "nyed")]["last_success"] == at(30)
    assert found[("pacer_rss", "ilnd")]["last_items"] == 5
    assert found[("pacer_rss", "ilnd")]["newest_item"] == at(1.2)


def test_flagged_pairs_come_first(store):
    with connect(str(store)).conn as conn:
        order = [bool(f["flags"]) for f in health.court_health(conn, now=NOW, tz=NEW_YORK)]
    assert order == sorted(order, reverse=True)


def test_failures_before_the_last_success_do_not_count(tmp_path):
    db = connect(str(tmp_path / "s.db"))
    for hours in (5, 4, 3):
        run(db, "casd", hours, status="error")
    run(db, "casd", 0.5, newest_item=at(0.6))
    run(db, "casd", 0.2, status="error")
    (finding,) = health.court_health(db.conn, now=NOW, tz=NEW_YORK)
    assert finding["failures_since_success"] == 1
    assert finding["flags"] == []


def test_unknown_time_zone_is_refused():
    with pytest.raises(ValueError, match="Mars/Olympus"):
        health.operator_timezone("Mars/Olympus")


# ----------------------------------------------------------------------- sealtrail status


def status(store: Path, *args: str):
    return CliRunner().invoke(
        main,
        ["status", "--db", str(store), "--now", NOW.isoformat(), "--timezone", "US/Eastern"]
        + list(args),
    )


def test_status_prints_last_success_and_flags(store):
    result = status(store)
    assert result.exit_code == 0, result.output
    crawls = result.output.split("\n\n")[0].splitlines()  # the re-reads' section follows
    lines = {line.split()[1]: line for line in crawls[1:-1]}
    assert "never" in lines["mad"] and "never_succeeded" in lines["mad"]
    assert at(30) in lines["nyed"] and "repeated_errors" in lines["nyed"]
    assert lines["casd"].endswith("ok")
    assert crawls[-1] == "5 of 8 source/court pairs flagged"


def test_status_json_and_monitoring_exit_code(store):
    result = status(store, "--json")
    assert result.exit_code == 0
    found = {
        (r["source"], r["court"]): r["flags"]
        for r in map(json.loads, result.output.split("\n")[:-1])
        if r.get("section") != "rechecks"  # tests/test_cli_recheck.py
    }
    assert found == EXPECTED
    assert status(store, "--fail-on-flags").exit_code == 1
    assert status(store, "--timezone", "Mars/Olympus").exit_code == 2


# ----------------------------------------------------------------- Datasette query and feed


def served(store: Path, path: str):
    ds = Datasette([str(store)], metadata=metadata())
    return asyncio.run(ds.client.get(path))


def test_canned_query_agrees_with_status(tmp_path):
    """The canned query reads the clock itself: runs relative to the real now."""
    db = connect(str(tmp_path / "sealtrail.db"))
    now = datetime.now(UTC).replace(microsecond=0)
    for minutes in (90, 60, 30):
        record_run(
            db,
            source="pacer_rss",
            court="nyed",
            started=(now - timedelta(minutes=minutes)).isoformat(),
            finished=(now - timedelta(minutes=minutes - 1)).isoformat(),
            status="error",
            errors=1,
        )
    expected = findings_by_pair(health.court_health(db.conn, now=now))
    db.close()
    response = served(tmp_path / "sealtrail.db", "/sealtrail/crawl_health.json?_shape=array")
    assert response.status_code == 200, response.text
    (row,) = response.json()
    assert row["flags"].split() == expected[("pacer_rss", "nyed")]["flags"]
    assert "repeated_errors" in row["flags"]
    page = served(tmp_path / "sealtrail.db", "/sealtrail/crawl_health")
    assert page.status_code == 200 and "Crawl health" in page.text


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_operator_feed_lists_flagged_pairs(store, fmt):
    response = served(store, f"/-/feeds/health.{fmt}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(f"application/{fmt}+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    # Judged against the real clock: every sample run is at least a day old by now.
    titles = [e.title for e in feed.entries]
    assert any("NYED" in t and "failed on several runs in a row" in t for t in titles)
    assert any("MAD" in t and "never been crawled" in t for t in titles)
    nyed = next(e for e in feed.entries if "NYED" in e.title)
    assert {t.term for t in nyed.tags} >= {"repeated_errors", "no_recent_success"}
    assert len({e.id for e in feed.entries}) == len(feed.entries)
    assert served(store, f"/-/feeds/health.{fmt}").content == response.content


def test_feeds_page_links_the_operator_feed(store):
    page = served(store, "/-/feeds")
    assert page.status_code == 200
    assert 'href="/-/feeds/health.atom"' in page.text
    assert 'href="/sealtrail/crawl_health"' in page.text


def test_operator_feed_bad_format_is_404(store):
    assert served(store, "/-/feeds/health.json").status_code == 404
    assert served(store, "/-/feeds/health.ATOM").status_code == 404


def test_entry_id_changes_when_a_new_problem_starts():
    from feeds.health import health_entry_id

    finding = {"source": "pacer_rss", "court": "casd", "last_success": at(3), "flags": ["a"]}
    later = {**finding, "last_success": at(1)}
    assert health_entry_id(finding) == health_entry_id(dict(finding))
    assert health_entry_id(finding) != health_entry_id(later)
    assert health_entry_id(finding) != health_entry_id({**finding, "flags": ["a", "b"]})


# --------------------------------------------------------------------------- real crawls


def test_a_real_crawl_records_health_columns(server, crawl, tmp_path):
    server.robots(ALLOW_ALL)
    server.route(feed_path("casd"), Reply.file(CRAWL_DATA / "casd.xml"))
    server.route(feed_path("nyed"), Reply(503, b"<html>busy</html>"))
    crawl(["casd", "nyed"], template(server), settings={"RETRY_TIMES": 2})
    found = {r["court"]: r for r in rows(tmp_path / "crawl.db", "select * from crawl_runs")}
    assert json.loads(found["casd"]["http_status"]) == {"200": 1}
    assert json.loads(found["nyed"]["http_status"]) == {"503": 3}
    for court in ("casd", "nyed"):
        assert found[court]["duration_s"] is not None and found[court]["duration_s"] >= 0
        assert found[court]["unchanged"] == 0
    assert found["casd"]["newest_item"] and found["nyed"]["newest_item"] is None
    newest = max(
        r["published"] for r in map(json.loads, _parsed_items(CRAWL_DATA / "casd.xml", "casd"))
    )
    assert found["casd"]["newest_item"] == newest


def _parsed_items(path: Path, court: str) -> list[str]:
    from crawler.parsers.pacer_rss import parse_feed

    return [json.dumps(item) for item in parse_feed(path.read_bytes(), court).items]


def test_a_reread_finding_keeps_its_entry_id_while_its_problem_lasts():
    """Overdue re-reads go on re-reading (their last re-read moves every night): one entry
    while overdue. A failing source's last re-read stands still: a new failure after a
    success is a new entry."""
    from feeds.health import health_entry_id

    overdue = {"section": "rechecks", "source": "govinfo_recheck", "court": "all",
               "last_recheck": at(30), "flags": ["recheck_overdue"]}  # fmt: skip
    assert health_entry_id(overdue) == health_entry_id({**overdue, "last_recheck": at(6)})
    failing = {**overdue, "source": "courtlistener_recheck", "flags": ["recheck_failing"]}
    assert health_entry_id(failing) != health_entry_id({**failing, "last_recheck": at(6)})
    assert health_entry_id(failing) != health_entry_id(overdue)
