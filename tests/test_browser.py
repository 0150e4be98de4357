"""The pages people read, checked in a real browser: the demo store served by `sealtrail serve`
on a free loopback port, every page of `PAGES` opened in one headless Chromium (`tests.browser`).

For each page: it answers 200, loads nothing from another host, logs no console error, no
uncaught exception and no failed resource, shows no A-number, shows the facts its row asserts,
and its full-page screenshot is written to `screenshots/` at the repository root (git-ignored;
`SEALTRAIL_SCREENSHOTS` names another folder). `make screenshots` runs this file to fill it.

A page is one line of `PAGES`. A row whose page answers 404 on this branch is skipped with that
reason, so a page not built yet can have its row waiting; once the page lands the row runs.
Without Chromium every test here skips and says how to get it; `.ci/run` installs it and sets
SEALTRAIL_REQUIRE_BROWSER, with which a missing Chromium is an error instead.

The facts assert the demo's SAMPLE data (`monitor/demo.py`, `monitor/sample/`): when the sample
changes, change the row.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from monitor.demo import build_demo
from tests.browser import Browser, find_chromium
from tests.conftest import ROOT
from tests.loopback import LoopbackServer, Reply
from tests.test_serve import free_port

CHROMIUM = find_chromium()
NO_CHROMIUM = (
    "chromium not found: `apt-get install chromium` (Debian), or set SEALTRAIL_CHROMIUM to a "
    "Chromium binary; .ci/run installs it"
)
if CHROMIUM is None and os.environ.get("SEALTRAIL_REQUIRE_BROWSER"):  # CI: never skip quietly
    raise RuntimeError(f"SEALTRAIL_REQUIRE_BROWSER is set but {NO_CHROMIUM}")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
SCREENSHOTS = Path(os.environ.get("SEALTRAIL_SCREENSHOTS") or ROOT / "screenshots")
A_NUMBER = re.compile(r"\bA[- ]?\d{3}[- ]?\d{3}[- ]?\d{3}\b")

EVENT = "casd:3:26-cv-01877:16"  # the demo's order sealing two exhibits, with reasons
CHANGE_EVENT = "casd:3:26-cv-01877:11:change-1"  # entry 11, gone at the demo's second re-read


@dataclass(frozen=True)
class Check:
    """One page and the facts a reader must see on it.

    `shows`: texts in the page's visible text (`innerText`, so CSS `text-transform` applies);
    `in_order`: texts that appear in this order; `hides`: texts that must not appear;
    `elements`: CSS selectors that must each match at least one element; `fits`: the page
    fits the 1280 px window, no horizontal scroll of the page or of any table in it."""

    name: str  # the screenshot's file name and the test's id
    path: str
    shows: tuple[str, ...] = ()
    in_order: tuple[str, ...] = ()
    hides: tuple[str, ...] = ()
    elements: tuple[str, ...] = ()
    fits: bool = False


# fmt: off
PAGES = (
    Check("home", "/", shows=("sealtrail", "can be wrong"), elements=('a[href="/-/feeds"]',)),
    Check("readers-view", "/sealtrail/immigration_sealing_events",
          shows=("Ramirez-Soto v. Noem et al", "Okafor v. Bondi et al"),
          hides=("Coastline Biotech",), elements=("table.rows-and-columns",)),
    Check("readers-view-narrow", "/sealtrail/sealing_events_for_readers",
          shows=("Ramirez-Soto v. Noem et al", "sealing events, newest first"),
          hides=("Coastline Biotech", "(view)"),
          elements=("table", "td.col-reason_codes ul.sealtrail-list li"), fits=True),
    Check("event", f"/-/event/{EVENT}",
          # the demo's dates move to the day it runs (monitor.sample_dates): no date here
          shows=("Magistrate Judge Dana E. Brightwater granted the petitioner's "
                 "motion to seal two documents in Ramirez-Soto v. Noem et al (S.D. Cal., "
                 "3:26-cv-01877).",
                 "“Exhibit 3 is a summary of Petitioner's medical records",
                 "compelling reasons", "Kamakana v. City & County of Honolulu", "Exhibit 4",
                 "needs a PACER login"),
          in_order=("granted the petitioner's motion", "Why", "Docket text",
                    "on CourtListener", "on PACER"),
          elements=('a[href="/-/case/casd/3:26-cv-01877"]',
                    'a[href="/-/feeds/case/casd/3:26-cv-01877.atom"]')),
    Check("case", "/-/case/casd/3:26-cv-01877",
          shows=("Ramirez-Soto v. Noem et al", "Entry gone from the docket",
                 "NOTICE of Filing Exhibits 3 and 4"),
          in_order=("the petitioner moved to seal",
                    "the petitioner filed a document under seal",
                    "granted the petitioner's motion to seal two documents",
                    "was found gone from the docket", "Changed after filing",
                    "Compared with the CourtListener docket read in full"),
          elements=(f'a[href="/-/event/{EVENT}"]',
                    'a[href="/-/feeds/case/casd/3:26-cv-01877.atom"]',
                    f'a[href="/-/event/{CHANGE_EVENT}"]',
                    'a[href="/-/feeds/changes/case/casd/3:26-cv-01877.atom"]')),
    # sealing after the fact: entry 11 gone from CourtListener's docket at the second re-read
    Check("event-changed", f"/-/event/{CHANGE_EVENT}",
          shows=("What was found", "gone from the docket", "public on the docket",
                 "Compared with the CourtListener docket read in full"),
          hides=("Why",), elements=('a[href="/-/case/casd/3:26-cv-01877"]',)),
    Check("changes-view", "/sealtrail/after_the_fact_changes",
          shows=("Sealed after filing", "Entry gone from the docket", "Ramirez-Soto v. Noem et al"),
          elements=('a[href="/-/feeds/changes.atom"]', "table.rows-and-columns")),
    Check("case-unsealed", "/-/case/txsd/7:25-cv-00518",
          shows=("Rio Grande Press Collective",),
          in_order=("moved to unseal", "granted")),
    Check("feeds", "/-/feeds",
          shows=("By circuit and court", "By reason", "By outcome", "By judge",
                 "Sealed after filing"),
          elements=('a[href="/-/feeds.opml"]', 'a[href="/-/feeds/court/casd.atom"]',
                    'a[href="/-/feeds/changes.atom"]'),
          fits=True),
    Check("court", "/-/court/casd", shows=("S.D. Cal.",),
          elements=(f'a[href="/-/event/{EVENT}"]',)),
    Check("judge", "/-/judge/dana-e-brightwater", shows=("Dana E. Brightwater",)),
    Check("courts", "/-/courts", shows=("S.D. Cal.", "S.D. Tex."),
          elements=('a[href="/-/court/casd"]',)),
    Check("judges", "/-/judges", shows=("Dana E. Brightwater",),
          elements=('a[href="/-/judge/dana-e-brightwater"]',)),
    # grant-rate bars for two courts and a judge past the minimum of 10 decided orders (blue),
    # the courts and judges under it hatched after them; no chart is empty
    Check("charts", "/-/charts",
          shows=("S.D. Cal. (casd)", "S.D.N.Y. (nysd)", "Kenneth R. Salcedo",
                 "fewer than 10 rulings"),
          hides=("Nothing to chart yet",),
          elements=('#grant-rate-by-court svg rect[fill="#0072B2"]',
                    '#grant-rate-by-judge svg rect[fill="#0072B2"]',
                    '#grant-rate-by-judge svg rect[fill="url(#grant-rate-by-judge-hatch)"]',
                    "#events-by-type svg rect", "#no-reason-by-court svg rect")),
    Check("judge-rulings", "/-/judge/kenneth-r-salcedo",
          shows=("Sealing before Judge Kenneth R. Salcedo", "8 of 11 decided orders",
                 "Frontera Legal Aid", "Morales Tzul"),
          hides=("Too few rulings to compare", "Nothing to chart yet"),
          elements=("#judge-rulings svg rect", 'a[href="/-/feeds/judge/kenneth-r-salcedo.atom"]')),
    Check("court-compared", "/-/court/nysd",
          shows=("7 of 10 decided orders",), hides=("Too few rulings to compare",),
          elements=("#court-rulings svg rect",)),
    Check("about", "/about", shows=("motion_to_seal", "A-numbers", "Sealing events in all cases"),
          elements=("section#sealing_events_for_readers", "section#all_sealing_events",
                    "dt#sealing_events_for_readers-outcome"), fits=True),
)
# fmt: on


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The demo store, built as `make demo` builds it and served by `sealtrail serve`."""
    workdir = tmp_path_factory.mktemp("browser-demo")
    db = build_demo(workdir)
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "monitor.cli", "serve", "--db", str(db), "--port", str(port)],
        cwd=workdir,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while status(base + "/-/versions.json") != 200:
            assert proc.poll() is None, proc.stderr.read().decode(errors="replace")
            assert time.monotonic() < deadline, "sealtrail serve did not answer in 60 s"
            time.sleep(0.2)
        yield base
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def status(url: str) -> int | None:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback only
    try:
        with opener.open(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


@pytest.fixture(scope="module")
def browser():
    with Browser.start(CHROMIUM) as started:
        yield started


@pytest.mark.parametrize("check", PAGES, ids=[check.name for check in PAGES])
def test_page_loads_cleanly_and_shows_its_facts(site, browser, check):
    answered = status(site + check.path)
    if answered == 404:
        pytest.skip(f"{check.path} answers 404 on this branch: that page is not built yet")
    assert answered == 200, f"{check.path} answered {answered}"
    page = browser.open(site + check.path, screenshot=SCREENSHOTS / f"{check.name}.png")
    assert (SCREENSHOTS / f"{check.name}.png").stat().st_size > 1000
    assert page.status == 200
    assert page.errors == []
    foreign = [url for url in page.requests if not _same_origin(url, site)]
    assert foreign == [], "every page works offline: nothing from another host"
    assert not A_NUMBER.search(page.text)
    for fact in check.shows:
        assert fact in page.text, f"{check.path} does not show {fact!r}"
    for fact in check.hides:
        assert fact not in page.text, f"{check.path} shows {fact!r}"
    positions = [page.text.find(fact) for fact in check.in_order]
    assert -1 not in positions, f"{check.path} lacks {check.in_order[positions.index(-1)]!r}"
    assert positions == sorted(positions), f"{check.path}: not in order {check.in_order}"
    for selector in check.elements:
        assert page.count(selector) > 0, f"{check.path} has no {selector!r}"
    if check.fits:
        overflow = page.evaluate(SCROLL_WIDTHS)
        assert overflow == [], f"{check.path} scrolls sideways at 1280 px: {overflow}"


# [what, scrollWidth, clientWidth] of the page and of every table wrapper wider than its box
SCROLL_WIDTHS = """[[document.documentElement, "page"],
  ...[...document.querySelectorAll(".table-wrapper")].map(el => [el, "table"])]
  .filter(([el]) => el.scrollWidth > el.clientWidth)
  .map(([el, what]) => [what, el.scrollWidth, el.clientWidth])"""


# Left edge, top and list of every Atom link on the feeds page, and its list's column count.
FEED_LINKS = """[...document.querySelectorAll("ul.sealtrail-feed-list a.atom")].map(a => {
  const box = a.getBoundingClientRect(), line = a.closest("li").getBoundingClientRect();
  return [Math.round(box.left), Math.round(box.top - line.top), a.closest("ul").id || ""];
})"""


def test_feeds_page_lines_up_counts_and_links(site, browser):
    """/-/feeds lists a hundred feeds in two columns: every line's Atom link starts at one of
    two left edges (one per column, the same in every group), at the same height in its line,
    and the page does not scroll sideways."""
    page = browser.open(site + "/-/feeds")
    links = page.evaluate(FEED_LINKS)
    assert len(links) > 30
    lefts = sorted({left for left, _, _ in links})
    assert len(lefts) == 2, f"Atom links start at {lefts}: the columns do not line up"
    assert lefts[1] - lefts[0] > 300  # two columns, not a ragged single one
    assert {offset for _, offset, _ in links} == {links[0][1]}  # same place in every line
    assert page.evaluate(SCROLL_WIDTHS) == []


def _same_origin(url: str, base: str) -> bool:
    if url.startswith(("data:", "blob:", "about:")):
        return True
    return urlsplit(url)[:2] == urlsplit(base)[:2]


def test_rows_name_distinct_pages_and_screenshots():
    assert len({check.name for check in PAGES}) == len(PAGES)
    assert len({check.path for check in PAGES}) == len(PAGES)


# ------------------------------------------------------------------- the harness itself

BROKEN = b"""<!DOCTYPE html><html><head><title>broken</title></head><body>
<p id="said">loaded</p>
<img src="/missing.png" alt="">
<img src="OTHER/elsewhere.png" alt="">
<script>console.error("drawn wrong"); console.log("fine");</script>
<script>undefinedFunction();</script>
</body></html>"""


def test_the_harness_catches_console_errors_failed_loads_and_other_hosts(browser, tmp_path):
    """A page with each fault the page tests look for: the browser reports every one."""
    with LoopbackServer() as server, LoopbackServer("127.0.0.2") as other:
        body = BROKEN.replace(b"OTHER", other.base_url.encode())
        server.route("/broken.html", Reply(200, body))
        server.route("/clean.html", Reply(200, b"<!DOCTYPE html><title>t</title><p>ok</p>"))
        shot = tmp_path / "broken.png"
        page = browser.open(server.url("/broken.html"), screenshot=shot)
        clean = browser.open(server.url("/clean.html"))
    assert shot.read_bytes().startswith(b"\x89PNG")
    assert page.status == 200 and "loaded" in page.text
    joined = "\n".join(page.errors)
    assert "console.error: drawn wrong" in joined
    assert "undefinedFunction is not defined" in joined
    assert "/missing.png" in joined
    assert "console.log" not in joined and "fine" not in page.errors  # a log is no error
    assert other.url("/elsewhere.png") in page.requests
    assert not _same_origin(other.url("/elsewhere.png"), server.base_url)
    assert clean.errors == [] and clean.text == "ok"
