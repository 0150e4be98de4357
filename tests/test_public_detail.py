"""What a server sends never reaches a public column (`crawl_runs`, published by Datasette).

A source that answers something that is not a feed (a local service's plain text, an HTML
page, JSON, XML of another kind, broken XML) is recorded by what was wrong: the parser's
words, the HTTP status, the media type (only a well-known one) and the size. The secret in
the answer's first bytes is in no column of `crawl_runs` and not in the crawl's log at INFO
(the DEBUG log may show a short escaped sample). Real crawls (Scrapy, subprocess) of PACER,
CourtListener and GovInfo against a loopback server; and a store failure on a record that
quotes server text names only the exception's type. All answers are SAMPLE data written for
these tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CRAWL_DATA, rows
from tests.loopback import LoopbackServer, Reply

ALLOW_ALL = "User-agent: *\nDisallow:\n"
SECRET = "SAMPLE-local-service-token-4f9d2c7e1b8a"
#: A service on the crawling machine, whose answer begins with a secret.
LOCAL_SERVICE = Reply.text(f"{SECRET}\nstatus=ready\n")


def feed_path(court: str) -> str:
    return f"/{court}/cgi-bin/rss_outside.pl"


def newest_runs(db: Path) -> dict[str, dict]:
    found = {}
    for row in rows(db, "select * from crawl_runs order by id"):
        row["detail"] = json.loads(row["detail"] or "{}")
        found[row["court"]] = row
    return found


def entries_of(db: Path, court: str) -> int:
    sql = (
        "select count(*) n from docket_entries d join cases c on c.id = d.case_id "
        "where c.court_id = ?"
    )
    return rows(db, sql, (court,))[0]["n"]


def crawl_two_courts(crawl, home: LoopbackServer, casd: list[Reply], **kwargs):
    """casd's feed answers `casd` in turn; nyed is a normal SAMPLE feed."""
    home.robots(ALLOW_ALL)
    home.route(feed_path("casd"), *casd)
    home.route(feed_path("nyed"), Reply.file(CRAWL_DATA / "nyed.xml"))
    kwargs.setdefault("keep_all_cases", True)
    return crawl(["casd", "nyed"], home.url("/{court}/cgi-bin/rss_outside.pl"), **kwargs)


NOT_FEEDS = {
    "text": (LOCAL_SERVICE, "not_rss", "body is not XML (plain text)"),
    "html": (
        Reply.text(
            f"<!DOCTYPE html><html><head><title>{SECRET}</title></head>"
            "<body>SAMPLE admin page</body></html>",
            content_type="text/html; charset=utf-8",
        ),
        "not_rss",
        "body is an HTML page",
    ),
    "json": (
        Reply.text(json.dumps({"token": SECRET}), content_type="application/json"),
        "not_rss",
        "body is JSON",
    ),
    "xml": (
        Reply.text(f"<{SECRET.replace('-', '_')}/>", content_type="application/xml"),
        "not_rss",
        "XML whose root is not <rss>",
    ),
    "broken_xml": (
        Reply.text(
            f'<?xml version="1.0"?><rss version="2.0"><channel><{SECRET.replace("-", "_")}>'
            "</channel></rss>",
            content_type="application/x-sample-" + SECRET.lower(),
        ),
        "error",
        "no complete item: tag name mismatch at line 1",
    ),
}


def assert_secret_kept_out(db: Path, result) -> None:
    published = json.dumps(rows(db, "select * from crawl_runs"))
    assert SECRET not in published and SECRET.replace("-", "_") not in published
    assert SECRET.lower() not in published.lower()
    info = [line for line in result.log.splitlines() if " DEBUG " not in line]
    assert not [line for line in info if SECRET.replace("-", "_").lower() in line.lower()]
    assert not [line for line in info if SECRET.lower() in line.lower()]


@pytest.mark.parametrize("answer", sorted(NOT_FEEDS))
def test_a_local_service_answer_is_recorded_by_what_was_wrong(answer, server, crawl, tmp_path):
    reply, status, said = NOT_FEEDS[answer]
    result = crawl_two_courts(crawl, server, [reply])
    db = tmp_path / "crawl.db"
    casd = newest_runs(db)["casd"]
    assert casd["status"] == status, casd
    (error,) = casd["detail"]["errors"]
    size = f"{len(reply.body):,} bytes"
    assert said in error and "HTTP 200, " in error and error.endswith(f"{size})"), error
    media = reply.content_type.split(";")[0]
    assert (media if answer != "broken_xml" else "other type") in error, error
    assert_secret_kept_out(db, result)
    assert newest_runs(db)["nyed"]["status"] == "ok"


def test_other_sources_keep_a_local_service_answer_out_too(server, crawl, tmp_path):
    """CourtListener and GovInfo pointed (by mistake) at a local service."""
    server.fallback(LOCAL_SERVICE)
    for source, args, court in (
        ("courtlistener", {"base_url": server.base_url}, "all"),
        ("govinfo", {"base_url": server.base_url, "api_url": None, "since": "2026-11-01"}, "casd"),
    ):
        db = tmp_path / f"{source}.db"
        env = {"COURTLISTENER_TOKEN": ""}
        result = crawl(["casd"], source=source, spider_args=args, db_path=db, env=env)
        run = newest_runs(db)[court]
        assert run["status"] == "not_rss", run
        assert "HTTP 200, text/plain" in run["detail"]["errors"][0], run
        assert_secret_kept_out(db, result)


class _Stats:
    def inc_value(self, *args, **kwargs) -> None:
        pass


def test_a_store_failure_names_the_exception_not_the_record(tmp_path):
    """A record the store cannot take (here an entry number a buggy parser let through, which
    holds server text) fails that court's run; the error names the exception's type, not the
    text, which quoted the value. SQLite's own reasons are kept (tests/test_crawl.py)."""
    from types import SimpleNamespace

    from crawler.parsers.pacer_rss import parse_feed
    from crawler.pipelines import StorePipeline
    from crawler.run import build_settings
    from crawler.runstats import RunLedger

    db = tmp_path / "pipeline.db"
    url = "http://127.0.0.1/casd/cgi-bin/rss_outside.pl"
    items = parse_feed((CRAWL_DATA / "casd.xml").read_bytes(), "casd").items
    items[0]["entry_number"] = SECRET
    spider = SimpleNamespace(source="pacer_rss", ledger=RunLedger({"casd": url}))
    crawler = SimpleNamespace(
        settings=build_settings(str(db), keep_all_cases=True), stats=_Stats(), spider=spider
    )
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.open_spider()
    pipeline.process_item({"court": "casd", "items": items})
    pipeline.close_spider()

    (run,) = rows(db, "select * from crawl_runs")
    assert run["status"] == "error"
    assert json.loads(run["detail"])["errors"] == ["store failed: ValueError"]
    assert SECRET not in json.dumps(run)
    assert rows(db, "select count(*) n from docket_entries")[0]["n"] == 0
