"""Redirects stay home: only to the hosts of the source a request was made to.

Two loopback servers play two machines: `home` (127.0.0.1) is the source the crawl was
pointed at, `away` (127.0.0.2) another host, here a local service whose answer holds a
secret. Real crawls (Scrapy, subprocess) check that:
- a redirect (301, 302, 307, meta refresh) from a court's feed to another host is refused
  before anything is asked of that host, and recorded (`crawl_runs` status `error`, kind
  `redirect`, reason `redirect to another host refused: 127.0.0.2:<port>`); the court stores
  nothing and the other courts are stored; a chain that leaves home on its second hop is
  refused there; a redirect within the host is followed; `SEALTRAIL_REDIRECT_HOSTS` lets an
  operator allow a mirror; CourtListener and GovInfo refuse the same way.
All feeds and answers are SAMPLE data written for these tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.redirects import Home, RedirectRefused, home_hosts, parse_allowed, shown_host
from tests.conftest import CRAWL_DATA, ROOT, rows
from tests.loopback import LoopbackServer, Reply
from tests.test_public_detail import (
    ALLOW_ALL,
    LOCAL_SERVICE,
    crawl_two_courts,
    entries_of,
    newest_runs,
)

REFUSED = "redirect to another host refused"


@pytest.fixture
def away() -> Iterator[LoopbackServer]:
    """Another host: a local service that answers every path with a secret (and a valid
    SAMPLE feed at /feed.xml, which must never be stored)."""
    with LoopbackServer("127.0.0.2") as srv:
        srv.fallback(LOCAL_SERVICE)
        srv.route("/feed.xml", Reply.file(CRAWL_DATA / "txsd.xml"))
        yield srv


def host_of(server: LoopbackServer) -> str:
    return server.base_url.removeprefix("http://")


def assert_refused(db: Path, result, away: LoopbackServer) -> None:
    runs = newest_runs(db)
    casd = runs["casd"]
    assert casd["status"] == "error" and casd["detail"]["kind"] == "redirect", casd
    assert casd["detail"]["errors"] == [f"{REFUSED}: {host_of(away)}"]
    assert result.summary["casd"]["status"] == "error"
    assert entries_of(db, "casd") == 0
    assert runs["nyed"]["status"] == "ok" and entries_of(db, "nyed") == 3
    assert away.requests == []  # refused before anything was asked of the other host


# -- the rule -------------------------------------------------------------------------------


def test_home_of_a_pacer_court_is_its_own_hosts_only():
    home = Home(home_hosts("https://ecf.casd.uscourts.gov/cgi-bin/rss_outside.pl"))
    for url in (
        "https://ecf.casd.uscourts.gov/cgi-bin/rss_outside.pl?x=1",
        "http://ecf.casd.uscourts.gov/feed",  # the scheme may change, the host may not
        "https://www.casd.uscourts.gov/rss",  # the court's own domain
        "https://ECF.CASD.USCOURTS.GOV./feed",
    ):
        assert home.allows(url), url
    for url in (
        "https://ecf.nyed.uscourts.gov/cgi-bin/rss_outside.pl",  # another court
        "https://uscourts.gov/",
        "https://evilcasd.uscourts.gov/",
        "https://casd.uscourts.gov.example.net/",
        "https://ecf.casd.uscourts.gov:8443/",  # another port is another service
        "http://127.0.0.1/",
        "http://ecf.casd.uscourts.gov@127.0.0.2/",  # user info, the host is 127.0.0.2
        "ftp://ecf.casd.uscourts.gov/",
    ):
        assert not home.allows(url), url


def test_a_mirror_is_home_by_host_and_port_and_operators_may_add_hosts():
    home = Home(home_hosts("http://127.0.0.1:8123/{court}/rss.xml"))
    assert home.allows("http://127.0.0.1:8123/elsewhere")
    for url in ("http://127.0.0.2:8123/", "http://127.0.0.1:6379/", "http://127.0.0.1/"):
        assert not home.allows(url), url
    extra = parse_allowed("mirror.example.org, .example.net,10.0.0.5:8080")
    home = Home([*home_hosts("http://127.0.0.1:8123/"), *extra])
    for url in (
        "https://mirror.example.org/x",
        "https://a.b.example.net/x",
        "http://example.net/",
        "http://10.0.0.5:8080/",
    ):
        assert home.allows(url), url
    assert not home.allows("http://10.0.0.5/") and not home.allows("http://example.org/")
    with pytest.raises(ValueError):
        parse_allowed("http://")
    with pytest.raises(ValueError):
        parse_allowed("10.0.0.5:99999")


def test_the_refusal_names_the_host_in_host_name_characters_only():
    assert shown_host("http://127.0.0.2:8080/x?token=abc") == "127.0.0.2:8080"
    assert shown_host("https://Evil.Example./p") == "evil.example"
    assert str(RedirectRefused("127.0.0.2")) == f"{REFUSED}: 127.0.0.2"


# -- PACER crawls ---------------------------------------------------------------------------


@pytest.mark.parametrize("status", [301, 302, 307])
def test_a_redirect_to_another_host_is_refused(status, server, away, crawl, tmp_path):
    moved = Reply(status, headers={"Location": away.url("/feed.xml")})
    result = crawl_two_courts(crawl, server, [moved])
    assert_refused(tmp_path / "crawl.db", result, away)
    assert newest_runs(tmp_path / "crawl.db")["casd"]["detail"]["http_status"] == {str(status): 1}


def test_a_chain_that_leaves_home_on_its_second_hop_is_refused(server, away, crawl, tmp_path):
    server.route("/moved/once", Reply(302, headers={"Location": away.url("/feed.xml")}))
    first = Reply(301, headers={"Location": server.url("/moved/once")})
    result = crawl_two_courts(crawl, server, [first])
    assert_refused(tmp_path / "crawl.db", result, away)
    assert server.paths().count("/moved/once") == 1  # the first hop, at home, was followed


def test_a_meta_refresh_to_another_host_is_refused(server, away, crawl, tmp_path):
    page = (
        "<!DOCTYPE html><html><head><title>Moved (SAMPLE)</title>"
        f'<meta http-equiv="refresh" content="0; url={away.url("/feed.xml")}">'
        "</head><body>This SAMPLE page moved.</body></html>"
    )
    result = crawl_two_courts(crawl, server, [Reply.text(page, content_type="text/html")])
    assert_refused(tmp_path / "crawl.db", result, away)


@pytest.mark.parametrize("status", [301, 307])
def test_a_redirect_within_the_host_is_followed(status, server, crawl, tmp_path):
    server.route("/casd/new/rss.xml", Reply.file(CRAWL_DATA / "casd.xml"))
    moved = Reply(status, headers={"Location": "/casd/new/rss.xml"})
    result = crawl_two_courts(crawl, server, [moved])
    assert result.summary["casd"]["status"] == "ok", result
    assert entries_of(tmp_path / "crawl.db", "casd") == 6


def test_an_operator_may_allow_a_mirror_host(server, away, crawl, tmp_path):
    # the mirror serves casd's own feed (another court's would be refused as wrong_court)
    away.route("/mirror/casd.xml", Reply.file(CRAWL_DATA / "casd.xml"))
    moved = Reply(302, headers={"Location": away.url("/mirror/casd.xml")})
    settings = {"SEALTRAIL_REDIRECT_HOSTS": host_of(away)}
    result = crawl_two_courts(crawl, server, [moved], settings=settings)
    assert result.summary["casd"]["status"] == "ok", result
    assert entries_of(tmp_path / "crawl.db", "casd") == 6  # the mirror's feed, read as casd's


def test_courtlistener_and_govinfo_refuse_redirects_to_another_host(server, away, crawl, tmp_path):
    server.robots(ALLOW_ALL)
    server.fallback(Reply(302, headers={"Location": away.url("/feed.xml")}))
    cl = crawl(
        ["casd"],
        source="courtlistener",
        spider_args={"base_url": server.base_url},
        db_path=tmp_path / "cl.db",
        env={"COURTLISTENER_TOKEN": ""},
    )
    gi = crawl(
        ["casd"],
        source="govinfo",
        spider_args={"base_url": server.base_url, "api_url": None, "since": "2026-11-01"},
        db_path=tmp_path / "gi.db",
    )
    for result, db, court in ((cl, tmp_path / "cl.db", "all"), (gi, tmp_path / "gi.db", "casd")):
        run = newest_runs(db)[court]
        assert run["status"] == "error" and run["detail"]["kind"] == "redirect", run
        assert any(f"{REFUSED}: {host_of(away)}" in e for e in run["detail"]["errors"]), run
        assert result.summary[court]["status"] == "error"
        assert rows(db, "select count(*) n from docket_entries")[0]["n"] == 0
    assert away.requests == []


def test_a_bad_allowed_host_stops_the_crawl_before_it_starts(tmp_path):
    """A hurried operator writes a URL where a host name belongs: the crawl refuses to start
    (exit 1, the setting named) rather than fail at the first redirect."""
    script = (
        "from crawler.run import crawl\n"
        "crawl('pacer_rss', ['casd'], sys.argv[1], url_template='http://127.0.0.1:9/{court}')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", "import sys\n" + script, str(tmp_path / "x.db")],
        cwd=ROOT,
        env={**os.environ, "SEALTRAIL_REDIRECT_HOSTS": "http://mirror.example.org/feeds"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "SEALTRAIL_REDIRECT_HOSTS: 'http://mirror.example.org/feeds'" in done.stderr
    assert "Spider opened" not in done.stderr  # stopped before Scrapy started
