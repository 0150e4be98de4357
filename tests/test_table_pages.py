"""Datasette's table and query pages as readers see them (issue 15, the last rough edges):
headings in plain words (`feeds.wording`), feed autodiscovery on pages filtered to a value
that has its own feed (`feeds.page_feeds`), each public table's section on /about.

Datasette 0.65 serves the sample store (`tests.helpers_store.build_sample_store`, SAMPLE
DATA, not real records: S.D. Cal. and S.D. Tex., seven events, judges Karen S. Whitcombe and
Jane Q. Sample) with the project's metadata.yml; feeds are read back with feedparser.
"""

from __future__ import annotations

import csv
import io
import re
from html import unescape
from pathlib import Path

import feedparser
import pytest
import yaml

from feeds import cells, wording
from tests.helpers_store import build_sample_store
from tests.served import METADATA, served_get

READERS = "/sealtrail/sealing_events_for_readers"
FULL = "/sealtrail/immigration_sealing_events"
SAMPLE_EVENTS = 7


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    return build_sample_store(tmp_path_factory.mktemp("table_pages") / "sealtrail.db")


@pytest.fixture(scope="module")
def get(store):
    yield from served_get(store)


def html_of(get, path: str) -> str:
    response = get(path)
    assert response.status_code == 200, (path, response.status_code, response.text[:300])
    return response.text


def heading(page: str, tag: str) -> str:
    match = re.search(rf"<{tag}\b[^>]*>(.*?)</{tag}>", page, re.S)
    assert match, f"no <{tag}>"
    return " ".join(unescape(re.sub(r"<[^>]+>", "", match.group(1))).split())


# ---------------------------------------------------------------------------------- wording


def test_readers_view_is_titled_and_counted_in_words(get):
    page = html_of(get, READERS)
    assert heading(page, "h1") == "Sealing events in immigration cases"
    assert heading(page, "h3") == f"{SAMPLE_EVENTS} sealing events, newest first"
    assert heading(page, "title") == (
        f"Sealing events in immigration cases: {SAMPLE_EVENTS} sealing events, newest first"
        " · sealtrail"
    )
    assert "(view)" not in page and " rows" not in heading(page, "h3")


def test_filtered_count_keeps_datasettes_filter_words(get):
    page = html_of(get, FULL + "?court=txsd")
    assert heading(page, "h1") == "Sealing events in immigration cases, every column"
    assert heading(page, "h3") == ' 3 sealing events where court = "txsd", newest first'.strip()


def test_one_and_none_read_as_words(get):
    one = html_of(get, READERS + "?judge=Karen+S.+Whitcombe")
    assert heading(one, "h3").startswith("1 sealing event where judge = ")
    none = html_of(get, READERS + "?court=nysd")
    assert heading(none, "h3").startswith("No sealing events where court = ")


def test_operator_tables_and_sql_keep_datasettes_words(get):
    assert re.match(r"\d+ rows?\b", heading(html_of(get, "/sealtrail/docket_entries"), "h3"))
    sql = html_of(get, "/sealtrail?sql=select+1+as+n")
    assert heading(sql, "h3").startswith("Custom SQL query returning 1 row")


def test_canned_query_counts_its_rows_in_words(get):
    page = html_of(get, "/sealtrail/pending_motions_to_seal")
    words = heading(page, "h3")
    assert re.match(r"(\d+ motions? to seal with no ruling yet|No motions to seal) ", words)
    assert "Custom SQL query" not in page
    assert "(show the SQL)" in words
    shown = html_of(get, "/sealtrail/pending_motions_to_seal?_show_sql=1")
    assert "(hide the SQL)" in heading(shown, "h3") and 'id="sql-query"' in shown


def test_hostile_filter_is_escaped_in_the_reworded_heading(get):
    page = html_of(get, READERS + "?court=%22%3E%3Cscript%3Ealert(1)%3C/script%3E")
    assert "<script>alert(1)" not in page
    assert heading(page, "h3").startswith('No sealing events where court = ""><script>')


def test_json_csv_and_facets_are_untouched(get):
    data = get(READERS + ".json?_shape=array").json()
    assert len(data) == SAMPLE_EVENTS and "court_name" in data[0]
    rows = list(csv.DictReader(io.StringIO(get(READERS + ".csv").text)))
    assert len(rows) == SAMPLE_EVENTS
    facets = get(READERS + ".json?_facet=outcome").json()["facet_results"]
    assert {v["value"] for v in facets["outcome"]["results"]} >= {"granted", "none"}


def test_count_words_units():
    assert wording.count_words(1, "cases") == "1 case"
    assert wording.count_words(1234, "sealing_events_for_readers") == "1,234 sealing events"
    assert wording.count_words(0, "courts") == "No courts"
    assert wording.count_words(1000, "recent_sealing_events", more=True) == (
        "More than 1,000 sealing events"
    )
    assert wording.count_words(3, "docket_entries") is None
    assert wording.table_heading(2, "cases", "sorted by last_seen descending") == (
        "2 cases sorted by last_seen descending"
    )


def test_reword_leaves_unknown_markup_alone():
    html = "<h1>x</h1><h3>Something else</h3>"
    assert str(wording.reword_table(html, "sealing_events_for_readers", True)) == html
    assert str(wording.reword_query(html, "pending_motions_to_seal")) == html
    failed = "<h3>Custom SQL query</h3>"
    assert str(wording.reword_query(failed, "pending_motions_to_seal", failed=True)) == failed


# ---------------------------------------------------------------------------------- autodiscovery


def feed_links(page: str) -> list[tuple[str, str]]:
    """(type, href) of the page's Atom and RSS autodiscovery links, but the all-events one."""
    links = re.findall(
        r'<link rel="alternate" type="(application/(?:atom|rss)\+xml)"[^>]*href="([^"]+)"', page
    )
    return [link for link in links if not link[1].startswith("/-/feeds/sealing.")]


@pytest.mark.parametrize(
    ("table", "query", "feed"),
    [
        (READERS, "court=casd", "/-/feeds/court/casd"),
        (READERS, "court_name=S.D.+Tex.", "/-/feeds/court/txsd"),
        (READERS, "event_type=sealing_order", "/-/feeds/type/sealing_order"),
        (READERS, "outcome=granted_in_part", "/-/feeds/outcome/granted_in_part"),
        (READERS, "reason_codes__arraycontains=safety", "/-/feeds/reason/safety"),
        (READERS, "judge=Karen+S.+Whitcombe", "/-/feeds/judge/karen-s-whitcombe"),
        (FULL, "outcome=granted", "/-/feeds/outcome/granted"),
        (FULL, "judge=Jane+Q.+Sample", "/-/feeds/judge/jane-q-sample"),
        (FULL, "court=cand", "/-/feeds/court/cand"),  # known court, no events yet
    ],
)
def test_filtered_page_advertises_the_matching_feed(get, table, query, feed):
    page = html_of(get, f"{table}?{query}")
    assert feed_links(page) == [
        ("application/atom+xml", feed + ".atom"),
        ("application/rss+xml", feed + ".rss"),
    ]
    title = re.search(rf'title="([^"]+)" href="{re.escape(feed)}\.atom"', page).group(1)
    parsed = feedparser.parse(get(feed + ".atom").content)
    assert not parsed.bozo and parsed.feed.title + " (Atom)" == unescape(title)


def test_two_filters_advertise_both_feeds(get):
    page = html_of(get, READERS + "?court=casd&outcome=granted")
    hrefs = [href for _, href in feed_links(page)]
    assert "/-/feeds/court/casd.atom" in hrefs and "/-/feeds/outcome/granted.atom" in hrefs


@pytest.mark.parametrize(
    "query",
    [
        "event_type=not_sealing",  # never published
        "outcome=granted&outcome=denied",  # Datasette filters on both: no one feed
        "reason_codes__arraycontains=%22%3E%3Cscript%3E",
        "judge=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "judge=Nobody+Known",
        "judge=" + "a" * 5000,
        "court=..%2F..%2Fetc",
        "court=zz9",  # well formed, not a court
        "court_name=S.D.+Nowhere",
        "outcome=GRANTED",
        "event_type=sealing_order%00",
    ],
)
def test_unknown_or_hostile_values_get_no_feed_link(get, query):
    response = get(f"{READERS}?{query}")
    assert response.status_code in (200, 400)
    assert feed_links(response.text) == []
    assert "<script>alert" not in response.text


def test_other_tables_do_not_advertise_keyed_feeds(get):
    page = html_of(get, "/sealtrail/all_sealing_events?outcome=granted")
    assert feed_links(page) == []


# ---------------------------------------------------------------------------------- width


def test_codes_and_headings_may_wrap_but_read_the_same(get):
    """The readers' view fits 1280 px (tests/test_browser.py measures it): codes, ids and
    column headings carry <wbr> break opportunities and no other change."""
    assert str(cells.breakable("plaintiff_petitioner")) == "plaintiff_<wbr>petitioner"
    assert str(cells.breakable("casd:3:26-cv-1:16")) == "casd:<wbr>3:<wbr>26-cv-1:<wbr>16"
    assert str(cells.breakable('<b>_"x"')) == "&lt;b&gt;_<wbr>&#34;x&#34;"
    page = html_of(get, READERS)
    table = page.split('<table class="rows-and-columns">', 1)[1]
    assert ">docket_<wbr>number</a>" in table
    # codes read as words, the code kept in the title (what facets and filters use)
    event_type = '<td class="col-event_type type-str"><span title="sealing_order">'
    assert f"{event_type}Order on sealing</span></td>" in table
    assert '<li title="cybersecurity_infrastructure">cybersecurity/infrastructure</li>' in table
    assert '<span title="plaintiff_petitioner">plaintiff or petitioner</span>' in table
    assert '<span title="granted_in_part">granted in part</span>' in table
    assert 'class="col-date_utc type-str">20' in table and "T<wbr>" in table
    assert '<ul class="sealtrail-list">' in table  # lists stay lists
    data = get(READERS + ".json?_shape=array&event_type=sealing_order").json()
    assert "<wbr>" not in str(data) and data[0]["event_type"] == "sealing_order"
    # other tables keep their cells as Datasette renders them
    other = html_of(get, "/sealtrail/sealing_events")
    assert "Order on sealing</span></td>" not in other


# ---------------------------------------------------------------------------------- /about


def public_tables() -> list[str]:
    metadata = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    tables = metadata["databases"]["sealtrail"]["tables"]
    return [name for name, config in tables.items() if not (config or {}).get("hidden")]


def test_about_has_a_section_and_anchor_for_every_public_table(get):
    page = html_of(get, "/about")
    for name in public_tables():
        section = re.search(rf'<section id="{name}"[^>]*>(.*?)</section>', page, re.S)
        assert section, f"/about has no section for {name}"
        assert f'href="#{name}"' in page  # listed at the top
    readers = re.search(r'<section id="sealing_events_for_readers".*?</section>', page, re.S)
    assert 'id="sealing_events_for_readers-outcome"' in readers.group(0)
    assert "One line per sealing event" in readers.group(0)  # its description, as text
    everything = re.search(r'<section id="all_sealing_events".*?</section>', page, re.S)
    assert 'The same columns as <a href="#immigration_sealing_events">' in everything.group(0)
    assert 'id="reason_codes"' in page  # the home page's link /about#reason_codes


@pytest.mark.parametrize("table", public_tables())
def test_every_public_table_page_links_its_about_section(get, table):
    page = html_of(get, f"/sealtrail/{table}")
    assert f'<a href="/about#{table}">What each column means</a>' in page


def test_internal_tables_keep_their_section_but_are_marked(get):
    page = html_of(get, "/about")
    docket = re.search(r'<section id="docket_entries".*?</section>', page, re.S).group(0)
    assert "internal: not listed for readers" in docket
