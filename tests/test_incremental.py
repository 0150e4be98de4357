"""Incremental crawls: conditional requests, unchanged answers skipped, nothing rewritten.

Real crawls (Scrapy in a subprocess) against the loopback server, which sends `ETag` /
`Last-Modified` when a route asks for them and answers a matching conditional GET with 304.
What these prove, per source:
- the validators a server sent come back as `If-None-Match` / `If-Modified-Since`, and a 304
  is a successful, `unchanged` run that stores nothing;
- a server without validators (PACER) is found unchanged by the body's fingerprint, also when
  only the channel's `<lastBuildDate>` moved;
- a changed feed is read in full again; an unreadable one is never recorded, so it fails again
  instead of passing as "unchanged";
- a second crawl of unchanged sources leaves every table (but `crawl_runs` and `api_calls`)
  exactly as it was, `last_seen` included, and the exported feeds byte-identical;
- a record whose store failed leaves its URL unrecorded (pipeline level, no reactor).
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from crawler.spiders.courtlistener import DEFAULT_QUERY, atom_url, document_url
from tests.conftest import ROOT, rows
from tests.loopback import Reply
from tests.test_courtlistener_crawl import TOKEN, local, reply, serve_search
from tests.test_courtlistener_crawl import crawl as crawl_courtlistener
from tests.test_crawl import CRAWL_DATA, FTS_SHADOW, feed_path, serve_samples, template
from tests.test_govinfo_crawl import (
    ALLOW_ALL,
    A,
    B,
    crawl_govinfo,
    fixture,
    listing_of,
    listing_path,
    mods,
    mods_path,
    serve_casd,
)

COURTS = ["casd", "nyed", "txsd"]
ETAG = '"sample-etag-casd-1"'
LAST_MODIFIED = "Tue, 18 Nov 2025 22:40:11 GMT"
LOG_ONLY = ("crawl_runs", "api_calls")  # the tables an unchanged crawl may add rows to


def dump(db_path: Path) -> dict[str, list[tuple]]:
    """Every table but `LOG_ONLY` (and FTS5 shadow tables), rows sorted, every column."""
    con = sqlite3.connect(db_path)
    try:
        names = [
            r[0]
            for r in con.execute("select name from sqlite_master where type = 'table'")
            if r[0] not in LOG_ONLY
            and not r[0].startswith("sqlite_")
            and not r[0].endswith(FTS_SHADOW)
        ]
        return {
            name: sorted(con.execute(f"select * from [{name}]").fetchall(), key=repr)
            for name in names
        }
    finally:
        con.close()


def runs(db_path: Path) -> list[dict]:
    found = rows(db_path, "select * from crawl_runs order by id")
    for run in found:
        run["detail"] = json.loads(run["detail"] or "{}")
    return found


def states(db_path: Path) -> dict[str, dict]:
    return {r["url"]: r for r in rows(db_path, "select * from fetch_state")}


def export_feeds(db_path: Path, folder: Path) -> dict[str, bytes]:
    subprocess.run(
        [sys.executable, "-m", "monitor.cli", "feeds", "export", str(folder), "--db", str(db_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


# -- PACER RSS ------------------------------------------------------------------------------------


def test_validators_come_back_and_a_304_stores_nothing(server, crawl, tmp_path):
    serve_samples(server)
    server.route(
        feed_path("casd"),
        Reply.file(CRAWL_DATA / "casd.xml", etag=ETAG, last_modified=LAST_MODIFIED),
    )
    db = tmp_path / "crawl.db"
    first = crawl(COURTS, template(server))
    assert {s["status"] for s in first.summary.values()} == {"ok"}
    state = states(db)[server.url(feed_path("casd"))]
    assert (state["etag"], state["last_modified"]) == (ETAG, LAST_MODIFIED)
    before = dump(db)

    second = crawl(COURTS, template(server))

    asked = server.requests_for(feed_path("casd"))[-1]
    assert asked.headers.get("If-None-Match") == ETAG
    assert asked.headers.get("If-Modified-Since") == LAST_MODIFIED
    assert asked.status == 304
    casd = second.summary["casd"]
    assert casd["status"] == "ok" and casd["unchanged"] is True
    assert casd["items"] == 0 and casd["new_events"] == 0
    assert casd["http_status"] == {"304": 1}
    assert casd["detail"]["unchanged"] == {"not_modified": 1, "same_bytes": 0, "read": 0}
    assert dump(db) == before
    newest = runs(db)[-len(COURTS) :]
    assert all(r["status"] == "ok" and r["unchanged"] == 1 for r in newest)


def test_a_feed_without_validators_is_found_unchanged_by_its_bytes(server, crawl, tmp_path):
    """PACER sends no validators; a restamped <lastBuildDate> is not a change."""
    serve_samples(server, ["nyed", "txsd"])
    casd = (CRAWL_DATA / "casd.xml").read_bytes()
    restamped = casd.replace(b"Tue, 18 Nov 2025 22:40:11 GMT", b"Tue, 18 Nov 2025 23:10:00 GMT")
    assert restamped != casd
    rss = "application/rss+xml; charset=ISO-8859-1"
    server.route(
        feed_path("casd"),
        Reply(200, casd, content_type=rss),
        Reply(200, restamped, content_type=rss),
    )
    db = tmp_path / "crawl.db"
    crawl(COURTS, template(server))
    before = dump(db)

    second = crawl(COURTS, template(server))

    asked = server.requests_for(feed_path("casd"))[-1]
    assert "If-None-Match" not in asked.headers and "If-Modified-Since" not in asked.headers
    assert second.summary["casd"]["unchanged"] is True
    assert second.summary["casd"]["detail"]["unchanged"]["same_bytes"] == 1
    assert second.summary["casd"]["items"] == 0
    assert dump(db) == before


def test_a_changed_feed_is_read_in_full(server, crawl, tmp_path):
    serve_samples(server, ["nyed", "txsd"])
    nyed = (CRAWL_DATA / "nyed.xml").read_bytes()
    first_item = nyed.index(b"<item>")
    last_item = nyed.rindex(b"</item>") + len(b"</item>")
    shorter = nyed[:first_item] + nyed[nyed.index(b"</item>") + len(b"</item>") : last_item]
    shorter += nyed[last_item:]
    rss = "application/rss+xml; charset=utf-8"
    server.route(
        feed_path("nyed"), Reply(200, shorter, content_type=rss), Reply(200, nyed, content_type=rss)
    )
    server.route(feed_path("casd"), Reply.file(CRAWL_DATA / "casd.xml"))
    db = tmp_path / "crawl.db"
    first = crawl(COURTS, template(server), keep_all_cases=True)
    url = server.url(feed_path("nyed"))
    first_state = states(db)[url]

    second = crawl(COURTS, template(server), keep_all_cases=True)

    assert first.summary["nyed"]["items"] == second.summary["nyed"]["items"] - 1
    assert second.summary["nyed"]["unchanged"] is False
    assert second.summary["casd"]["unchanged"] is True
    assert states(db)[url]["sha256"] != first_state["sha256"]
    nyed_entries = rows(db, "select count(*) n from docket_entries where case_id like 'nyed:%'")[0][
        "n"
    ]
    assert nyed_entries == second.summary["nyed"]["items"]


def test_an_unreadable_feed_is_never_recorded_and_fails_again(server, crawl, tmp_path):
    serve_samples(server, ["casd", "txsd"])
    server.route(feed_path("nyed"), Reply.file(CRAWL_DATA / "malformed.xml"))
    db = tmp_path / "crawl.db"
    crawl(COURTS, template(server))
    second = crawl(COURTS, template(server))

    assert server.url(feed_path("nyed")) not in states(db)
    assert second.summary["nyed"]["status"] == "error"
    assert second.summary["nyed"]["unchanged"] is False
    assert second.summary["casd"]["unchanged"] is True


def test_full_crawl_reads_everything_again(server, crawl, tmp_path):
    serve_samples(server)
    crawl(COURTS, template(server))
    second = crawl(COURTS, template(server), settings={"SEALTRAIL_INCREMENTAL": False})

    for court in COURTS:
        assert second.summary[court]["unchanged"] is False
        assert second.summary[court]["items"] > 0
        assert "If-None-Match" not in server.requests_for(feed_path(court))[-1].headers


def test_unchanged_crawl_leaves_exported_feeds_byte_identical(server, crawl, tmp_path):
    serve_samples(server)
    db = tmp_path / "crawl.db"
    crawl(COURTS, template(server))
    first = export_feeds(db, tmp_path / "feeds1")
    crawl(COURTS, template(server))
    second = export_feeds(db, tmp_path / "feeds2")

    assert len(first) > 2  # the main feeds and at least one per court
    assert first == second


def test_a_state_from_other_options_or_too_old_is_not_trusted(server, crawl, tmp_path):
    """The same bytes give other records with other options, and what the store kept of them
    depends on the store: such a state is read past, in full, and recorded again."""
    serve_samples(server, ["casd"])
    db = tmp_path / "crawl.db"
    crawl(["casd"], template(server))
    assert crawl(["casd"], template(server)).summary["casd"]["unchanged"] is True

    kept_all = crawl(["casd"], template(server), keep_all_cases=True)
    assert kept_all.summary["casd"]["unchanged"] is False
    assert kept_all.summary["casd"]["items"] == 6
    assert "keep_all_cases=1" in states(db)[server.url(feed_path("casd"))]["profile"]

    con = sqlite3.connect(db)
    with con:
        con.execute("update fetch_state set stored = '2026-01-01T00:00:00+00:00'")
    con.close()
    stale = crawl(["casd"], template(server), keep_all_cases=True)
    assert stale.summary["casd"]["unchanged"] is False
    assert states(db)[server.url(feed_path("casd"))]["stored"] > "2026-01-02"
    assert crawl(["casd"], template(server), keep_all_cases=True).summary["casd"]["unchanged"]


# -- CourtListener and GovInfo ------------------------------------------------------------------


def test_courtlistener_unchanged_search_and_order_are_not_reread(server, tmp_path):
    page2 = serve_search(server)
    order = local(server, document_url(server.base_url, "421900014"))
    db = tmp_path / "cl.db"
    first = crawl_courtlistener(server, db, token=TOKEN)
    assert first.summary["all"]["status"] == "ok"
    before = dump(db)

    second = crawl_courtlistener(server, db, token=TOKEN)

    run = second.summary["all"]
    assert run["status"] == "ok", second
    # Page 1 is the same bytes: everything it led to (page 2, the order) was complete when it
    # was recorded, so none of it is asked for again.
    assert run["detail"]["unchanged"]["same_bytes"] == 1
    assert len(server.requests_for(page2)) == 1 and len(server.requests_for(order)) == 1
    assert run["items"] == 0 and run["new_events"] == 0
    assert dump(db) == before


def test_courtlistener_atom_feed_with_an_etag_answers_304(server, tmp_path):
    server.robots("User-agent: *\nDisallow:\n")
    path = local(server, atom_url(server.base_url, DEFAULT_QUERY, []))
    server.route(path, reply("search_feed.xml", etag='"sample-cl-atom-1"'))
    db = tmp_path / "cl.db"
    crawl_courtlistener(server, db)
    before = dump(db)
    second = crawl_courtlistener(server, db)

    assert server.requests_for(path)[-1].status == 304
    assert second.summary["all"]["unchanged"] is True
    assert dump(db) == before


def test_govinfo_unchanged_court_costs_only_revalidations(server, crawl, tmp_path):
    serve_casd(server, tmp_path)
    db = tmp_path / "crawl.db"
    first = crawl_govinfo(crawl, server, ["casd"])
    assert first.summary["casd"]["status"] == "ok"
    before = dump(db)

    second = crawl_govinfo(crawl, server, ["casd"])

    run = second.summary["casd"]
    assert run["status"] == "ok" and run["unchanged"] is True, second
    assert run["detail"]["unchanged"]["read"] == 0
    assert run["items"] == 0 and run["new_events"] == 0
    assert dump(db) == before


def test_govinfo_listing_waits_on_a_package_another_listing_fetched(server, crawl, tmp_path):
    """The RSS feed and the API listing both name package A; A's MODS is asked for once, on
    behalf of whichever came first. When it fails, neither listing may be recorded complete:
    otherwise, once A left the RSS feed, the unchanged listing would never lead to A again."""
    server.robots(ALLOW_ALL)
    server.route("/rss/uscourts-casd.xml", fixture("rss-uscourts-casd.xml"))  # lists A and B
    server.route(listing_path("casd"), listing_of(A))
    server.route(mods_path(A), Reply(500, b"<html>SAMPLE outage</html>"))
    server.route(mods_path(B), mods(B))
    db = tmp_path / "crawl.db"
    first = crawl_govinfo(crawl, server, ["casd"], spider_args={"fetch_text": "none"})
    assert first.summary["casd"]["status"] in ("error", "partial")
    assert server.url(listing_path("casd")) not in states(db)

    server.route("/rss/uscourts-casd.xml", Reply(404, b"gone"))  # A has left the RSS feed
    server.route(mods_path(A), mods(A))
    asked = len(server.requests_for(mods_path(A)))
    second = crawl_govinfo(crawl, server, ["casd"], spider_args={"fetch_text": "none"})

    assert len(server.requests_for(mods_path(A))) == asked + 1
    assert second.summary["casd"]["status"] == "ok"
    assert rows(db, "select id from cases where govinfo_package = ?", (A,))


# -- the pipeline: a failed store records nothing -------------------------------------------------


class _Stats:
    def inc_value(self, *args, **kwargs) -> None:
        pass


@pytest.mark.parametrize("store_fails", [False, True])
def test_a_url_is_recorded_only_once_its_records_are_stored(tmp_path, monkeypatch, store_fails):
    import monitor.store
    from crawler.completion import Fetch, FetchTracker
    from crawler.parsers.pacer_rss import parse_feed
    from crawler.pipelines import StorePipeline
    from crawler.run import build_settings
    from crawler.runstats import RunLedger
    from monitor.fetch_state import FetchState, fingerprint

    real_ingest = monitor.store.ingest_entries

    def ingest(db, items, **kwargs):
        if store_fails:
            raise sqlite3.OperationalError("disk I/O error (injected)")
        return real_ingest(db, items, **kwargs)

    monkeypatch.setattr(monitor.store, "ingest_entries", ingest)
    db = tmp_path / "pipeline.db"
    url = "http://127.0.0.1/casd/cgi-bin/rss_outside.pl"
    body = (CRAWL_DATA / "casd.xml").read_bytes()
    tracker = FetchTracker()
    spider = SimpleNamespace(source="pacer_rss", ledger=RunLedger({"casd": url}), fetches=tracker)
    crawler = SimpleNamespace(
        settings=build_settings(str(db), keep_all_cases=True), stats=_Stats(), spider=spider
    )
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.open_spider()
    state = FetchState(url, None, None, fingerprint(body, "rss"), 200, "2026-12-03T09:00:00+00:00")
    fetch = Fetch(tracker, state, None)
    feed = parse_feed(body, "casd")
    item = {"court": "casd", "items": feed.items, "skipped": feed.skipped}
    tracker.adopt(fetch, item)
    fetch.settle(True)  # the callback returned; the record is still with the pipeline
    assert rows(db, "select count(*) n from fetch_state")[0]["n"] == 0
    pipeline.process_item(item)
    pipeline.close_spider()

    recorded = rows(db, "select * from fetch_state")
    entries = rows(db, "select count(*) n from docket_entries")[0]["n"]
    if store_fails:
        assert recorded == [] and entries == 0
        assert runs(db)[-1]["status"] == "error"
    else:
        assert [r["url"] for r in recorded] == [url] and entries == len(feed.items)
        assert recorded[0]["stored"] >= recorded[0]["fetched"]


def test_cli_full_flag_reads_an_unchanged_feed_again(server, tmp_path):
    serve_samples(server, ["casd"])
    db = tmp_path / "cli.db"

    def crawl_cli(*extra: str) -> dict:
        command = [sys.executable, "-m", "monitor.cli", "crawl", "pacer-rss", "--courts", "casd"]
        command += ["--db", str(db), "--url-template", template(server), "--download-delay", "0"]
        command += ["--json"]
        done = subprocess.run(
            [*command, *extra], cwd=ROOT, capture_output=True, text=True, check=True
        )
        return json.loads(done.stdout)["casd"]

    assert crawl_cli()["unchanged"] is False
    assert crawl_cli()["unchanged"] is True
    again = crawl_cli("--full")
    assert again["unchanged"] is False and again["items"] == 6
