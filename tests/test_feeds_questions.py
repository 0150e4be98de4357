"""A feed for every question (issue 15): reason, outcome, event type, judge and new-cases
feeds, empty feeds for known courts, the OPML file, entry links (event page, free copy,
PACER) and the feeds page. Served by Datasette 0.65 for real over the SAMPLE store of
tests/helpers_store.py, read back with feedparser and the standard library's XML parser."""

from __future__ import annotations

import asyncio
import re
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import httpx
import pytest
import yaml
from datasette.app import Datasette

from feeds.build import autodiscovery_html, autodiscovery_links, case_entry_id, entry_id
from feeds.export import export_feeds
from monitor.judges import JUDGE_SLUG_RE, judge_slug
from monitor.vocab import EVENT_TYPES, OUTCOMES, REASONS
from tests.helpers_store import build_sample_store

METADATA = Path(__file__).resolve().parents[1] / "metadata.yml"
ATOM = "application/atom+xml; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"
FREE_ENTRY = "https://www.courtlistener.com/docket/1/sample-border-aid-v-nielsen/#entry-159"
FREE_GOVINFO = "https://www.govinfo.gov/app/details/USCOURTS-txsd-1_18-cv-00068/14"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """The sample store, plus free copies of two entries and a second spelling of a judge."""
    path = build_sample_store(tmp_path_factory.mktemp("questions") / "sealtrail.db")
    con = sqlite3.connect(path)
    with con:
        con.executemany(
            "insert into entry_sources (entry_id, source, source_id, source_url) "
            "values (?, ?, ?, ?)",
            [
                ("casd:3:17-cv-09912:159", "courtlistener", "SAMPLE-1", FREE_ENTRY),
                ("txsd:1:18-cv-00068:14", "govinfo", "SAMPLE-2", FREE_GOVINFO),
                ("txsd:1:18-cv-00068:13", "courtlistener", "SAMPLE-3", "javascript:alert(1)"),
            ],
        )
        # The same judge written without the period: one slug, one feed.
        con.execute(
            "update sealing_events set judge = 'Karen S Whitcombe' "
            "where id = 'casd:3:17-cv-09912:158'"
        )
    con.close()
    return path


def fetch(store: Path, path: str, headers: dict | None = None) -> httpx.Response:
    meta = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    ds = Datasette([str(store)], metadata=meta)

    async def go() -> httpx.Response:
        return await ds.client.get(path, headers=headers or {})

    return asyncio.run(go())


@pytest.fixture(scope="module")
def get(store):
    return lambda path, **kwargs: fetch(store, path, **kwargs)


def feed(get, path: str, content_type: str):
    response = get(path)
    assert response.status_code == 200, (path, response.text[:500])
    assert response.headers["content-type"] == content_type
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    assert parsed.version == ("atom10" if content_type == ATOM else "rss20")
    return parsed


# ------------------------------------------------------------------------------ the feeds


@pytest.mark.parametrize("fmt,content_type", [("atom", ATOM), ("rss", RSS)])
@pytest.mark.parametrize(
    "path,events",
    [
        ("reason/safety", ["casd:3:17-cv-09912:159"]),
        ("reason/trade_secret_commercial", ["casd:3:17-cv-09912:159"]),
        ("outcome/granted_in_part", ["txsd:1:18-cv-00068:14"]),
        ("outcome/granted", ["casd:3:17-cv-09912:159"]),
        ("type/sealing_order", ["txsd:1:18-cv-00068:14", "casd:3:17-cv-09912:159"]),
        ("type/sealed_filing", ["casd:3:17-cv-09912:uabc123"]),
        ("judge/karen-s-whitcombe", ["casd:3:17-cv-09912:159", "casd:3:17-cv-09912:158"]),
        ("judge/jane-q-sample", ["txsd:1:18-cv-00068:14"]),
    ],
)
def test_feeds_for_each_question_list_their_events_newest_first(
    get, path, events, fmt, content_type
):
    parsed = feed(get, f"/-/feeds/{path}.{fmt}", content_type)
    assert [entry.id for entry in parsed.entries] == [entry_id(event) for event in events]
    # Immigration cases only: the nysd order (denied, not immigration) is never listed.
    assert "Acme" not in str(parsed)
    self_links = [link.href for link in parsed.feed.links if link.rel == "self"]
    assert self_links == [f"http://localhost/-/feeds/{path}.{fmt}"]


def test_feed_titles_say_the_question_in_words(get):
    titles = {
        path: feed(get, f"/-/feeds/{path}.atom", ATOM).feed.title
        for path in ("reason/privacy_pii", "outcome/granted_in_part", "type/unsealing_order")
    }
    assert titles == {
        "reason/privacy_pii": "sealtrail: sealing in immigration cases, reason given: "
        "privacy/personal information",
        "outcome/granted_in_part": "sealtrail: sealing in immigration cases, outcome: "
        "granted in part",
        "type/unsealing_order": "sealtrail: sealing in immigration cases, event: Unsealing order",
    }
    judge = feed(get, "/-/feeds/judge/jane-q-sample.rss", RSS)
    assert judge.feed.title == "sealtrail: sealing in immigration cases, judge: Jane Q. Sample"
    assert (
        judge.feed.link
        == "http://localhost/sealtrail/immigration_sealing_events?judge=Jane+Q.+Sample"
    )


@pytest.mark.parametrize("fmt,content_type", [("atom", ATOM), ("rss", RSS)])
@pytest.mark.parametrize(
    "path",
    [
        "reason/national_security",  # known values that no event has yet
        "outcome/moot",
        "type/unsealing_order",
        "court/ilnd",  # a court the project knows, not in the store
        "court/ca9",
        "court/nysd",  # in the store, but no immigration event
    ],
)
def test_known_values_without_events_give_a_valid_empty_feed(get, path, fmt, content_type):
    parsed = feed(get, f"/-/feeds/{path}.{fmt}", content_type)
    assert parsed.entries == []
    assert parsed.feed.title.startswith("sealtrail: sealing in immigration cases")


def test_a_known_court_outside_the_store_is_named(get):
    assert feed(get, "/-/feeds/court/ilnd.atom", ATOM).feed.title.endswith("N.D. Ill.")


LONG = "a" * 5000


@pytest.mark.parametrize(
    "path",
    [
        "/-/feeds/reason/zzz.atom",
        "/-/feeds/reason/SAFETY.atom",
        "/-/feeds/reason/safety%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E.rss",
        "/-/feeds/reason/%27%20or%201%3D1%20--.atom",
        f"/-/feeds/reason/{LONG}.atom",
        "/-/feeds/outcome/maybe.rss",
        f"/-/feeds/outcome/{LONG}.rss",
        "/-/feeds/type/not_sealing.atom",  # a vocabulary value that is never published
        "/-/feeds/type/%3Cscript%3E.atom",
        "/-/feeds/judge/nobody-at-all.atom",
        "/-/feeds/judge/Karen-S-Whitcombe.atom",  # slugs are lower case
        "/-/feeds/judge/karen--s-whitcombe.atom",
        f"/-/feeds/judge/{LONG}.atom",
        "/-/feeds/judge/%3Cscript%3Ealert(1)%3C%2Fscript%3E.atom",
        "/-/feeds/court/zzzz.atom",  # no such court
        "/-/feeds/reason/safety.json",  # no such format
        "/-/feeds/new-cases.xml",
    ],
)
def test_unknown_and_hostile_values_are_a_clear_404(get, path):
    response = get(path)
    assert response.status_code == 404, (path, response.status_code)
    assert "<script>alert" not in response.text and "alert(1)" not in response.text
    assert LONG not in response.text
    assert "Unknown" in response.text or "Not found" in response.text or "404" in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/-/feeds/reason/..%2F..%2Fetc%2Fpasswd.atom",
        "/-/feeds/judge/..%2Fsealing.atom",
        "/-/feeds/outcome/%2E%2E%2Fgranted.rss",
    ],
)
def test_climbing_paths_end_in_a_404_on_the_site(get, path):
    for _ in range(3):
        response = get(path)
        if response.status_code not in (301, 302):
            break
        path = response.headers["location"]
        assert path.startswith("/") and not path.startswith("//")  # stays on the site
    assert response.status_code == 404


def test_unknown_value_messages_name_the_vocabulary_not_the_input(get):
    text = get("/-/feeds/outcome/%3Cb%3Ebold%3C%2Fb%3E.atom").text
    assert "Unknown outcome: use one of " + ", ".join(OUTCOMES) in text
    assert "<b>bold" not in text and "&lt;b&gt;bold" not in text


# ------------------------------------------------------------------------------ new cases


@pytest.mark.parametrize("fmt,content_type", [("atom", ATOM), ("rss", RSS)])
def test_new_cases_lists_each_case_once_by_its_first_event(get, fmt, content_type):
    parsed = feed(get, f"/-/feeds/new-cases.{fmt}", content_type)
    # txsd's first event (2018-05-24) is newer than casd's (2018-05-20); nysd is not
    # immigration. One entry per case, however many events it has.
    assert [entry.id for entry in parsed.entries] == [
        case_entry_id("txsd:1:18-cv-00068"),
        case_entry_id("casd:3:17-cv-09912"),
    ]
    casd = parsed.entries[1]
    assert casd.link == "http://localhost/-/case/casd/3:17-cv-09912"
    assert casd.title.startswith(
        "S.D. Cal. · Sample Border Aid v. Nielsen (3:17-cv-09912) · first:"
    )
    assert "Motion to seal by defendants" in casd.title  # entry 158, the case's first
    text = casd.summary
    assert "http://localhost/-/event/casd:3:17-cv-09912:158" in text
    assert f"http://localhost/-/feeds/case/casd/3:17-cv-09912.{fmt}" in text
    if fmt == "atom":
        assert casd.updated.startswith("2018-05-20T17:00:00")


# ------------------------------------------------------------------------------ links


@pytest.mark.parametrize("fmt,content_type", [("atom", ATOM), ("rss", RSS)])
def test_entry_links_event_page_then_free_copy_then_pacer(get, fmt, content_type):
    parsed = feed(get, f"/-/feeds/judge/karen-s-whitcombe.{fmt}", content_type)
    order = {entry.id: entry for entry in parsed.entries}[entry_id("casd:3:17-cv-09912:159")]
    assert order.link == "http://localhost/-/event/casd:3:17-cv-09912:159"
    recap = "https://storage.courtlistener.com/recap/gov.uscourts.casd.1/159.pdf"
    pacer = "https://ecf.casd.uscourts.gov/doc1/035117000159"
    if fmt == "atom":
        related = [link.href for link in order.links if link.rel == "related"]
        assert related[:2] == [FREE_ENTRY, recap] and related[-2:][0] == pacer
        titles = [link.title for link in order.links if link.rel == "related"]
        assert titles[0] == "Docket entry on CourtListener/RECAP (free)"
        assert titles[-1] == "Docket on PACER (login and fees)"
    description = order.description if fmt == "rss" else order.content[0].value
    assert description.index(FREE_ENTRY) < description.index(recap) < description.index(pacer)
    assert "PACER (login and fees)" in description


def test_govinfo_copy_comes_after_recap_before_pacer_and_unsafe_copies_are_dropped(get):
    parsed = feed(get, "/-/feeds/court/txsd.atom", ATOM)
    entries = {entry.id: entry for entry in parsed.entries}
    order = entries[entry_id("txsd:1:18-cv-00068:14")]
    related = [(link.href, link.title) for link in order.links if link.rel == "related"]
    recap = "https://storage.courtlistener.com/recap/gov.uscourts.txsd.1/14.pdf"
    assert related[:2] == [
        (recap, "Order on CourtListener/RECAP (free)"),
        (FREE_GOVINFO, "Docket entry on GovInfo (free)"),
    ]
    assert related[-1][1] == "Docket on PACER (login and fees)"
    motion = entries[entry_id("txsd:1:18-cv-00068:13")]
    assert all("javascript" not in link.href for link in motion.links)
    assert "javascript:" not in motion.summary


# ------------------------------------------------------------------------------ OPML


def outlines(root: ET.Element) -> dict[str, ET.Element]:
    return {o.get("title"): o for o in root.find("body")}


def test_opml_lists_every_feed_grouped(get):
    response = get("/-/feeds.opml")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/x-opml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == "opml" and root.get("version") == "2.0"
    assert root.find("head/title").text.startswith("sealtrail")
    groups = outlines(root)
    assert list(groups) == [
        "All",
        "Sealed after filing",
        "By circuit and court",
        "By reason",
        "By outcome",
        "By event type",
        "By judge",
    ]
    feeds = [o for o in root.iter("outline") if o.get("type") == "rss"]
    for outline in feeds:
        assert outline.get("title") and outline.get("text") == outline.get("title")
        assert outline.get("xmlUrl").startswith("http://localhost/-/feeds/")
        assert outline.get("xmlUrl").endswith(".atom")
        assert outline.get("htmlUrl").startswith("http://localhost/sealtrail/")
    xml_urls = {o.get("xmlUrl").removeprefix("http://localhost") for o in feeds}
    expected = {
        "/-/feeds/sealing.atom",
        "/-/feeds/new-cases.atom",
        "/-/feeds/changes.atom",  # answers empty: no change in this store
        "/-/feeds/court/casd.atom",
        "/-/feeds/court/nysd.atom",
        "/-/feeds/court/txsd.atom",
        *(f"/-/feeds/reason/{code}.atom" for code in REASONS),
        *(f"/-/feeds/outcome/{outcome}.atom" for outcome in OUTCOMES),
        *(f"/-/feeds/type/{t}.atom" for t in EVENT_TYPES if t != "not_sealing"),
        "/-/feeds/judge/jane-q-sample.atom",
        "/-/feeds/judge/karen-s-whitcombe.atom",
    }
    assert xml_urls == expected and len(feeds) == len(expected)
    circuits = {o.get("title"): o for o in groups["By circuit and court"]}
    assert list(circuits) == ["Second Circuit", "Fifth Circuit", "Ninth Circuit"]
    (casd,) = circuits["Ninth Circuit"]
    assert casd.get("title") == "Court: S.D. Cal. (casd)"
    assert casd.get("htmlUrl").endswith("/sealtrail/immigration_sealing_events?court=casd")
    reasons = {o.get("title") for o in groups["By reason"]}
    assert "Reason given: privacy/personal information" in reasons
    # Every feed the OPML lists answers.
    for url in sorted(xml_urls):
        assert get(url).status_code == 200, url


def test_opml_export_is_the_served_file(get, store, tmp_path):
    export_feeds(store, tmp_path / "out", base_url="http://localhost")
    exported = (tmp_path / "out" / "feeds.opml").read_bytes()
    assert exported == get("/-/feeds.opml").content
    # Every feed the exported OPML lists was written beside it.
    for outline in ET.fromstring(exported).iter("outline"):
        if outline.get("type") == "rss":
            rel = outline.get("xmlUrl").removeprefix("http://localhost/-/feeds/")
            assert (tmp_path / "out" / rel).is_file(), rel
    export_feeds(store, tmp_path / "public", base_url="https://sealtrail.example.org/")
    public = ET.fromstring((tmp_path / "public" / "feeds.opml").read_bytes())
    urls = [o.get("xmlUrl") for o in public.iter("outline") if o.get("xmlUrl")]
    assert urls and all(u.startswith("https://sealtrail.example.org/-/feeds/") for u in urls)


# ------------------------------------------------------------------------------ pages


def test_feeds_page_lists_the_groups_with_counts_and_links_the_opml(get):
    html = get("/-/feeds").text
    for heading in ("All", "By circuit and court", "By reason", "By outcome", "By event type"):
        assert f">{heading}</h2>" in html
    assert ">By judge</h2>" in html and "Karen S Whitcombe" in html
    assert re.search(r"Ninth Circuit</h3>\s*<ul", html)
    assert 'href="/-/feeds.opml"' in html
    assert 'href="/-/feeds/reason/safety.atom"' in html
    assert 'href="/-/feeds/judge/jane-q-sample.rss"' in html
    assert 'href="/-/feeds/new-cases.atom"' in html
    # counts: 7 events, 2 new cases, casd 4, safety 1, national security 0
    assert listed_count(html, "All sealing events in immigration cases") == ("count", "7")
    assert listed_count(html, "New immigration cases with sealing activity") == ("count", "2")
    assert listed_count(html, "S.D. Cal. (casd)") == ("count", "4")
    assert listed_count(html, "national security") == ("count none", "0")
    head = html.split("</head>")[0]
    assert '<link rel="alternate" type="application/atom+xml"' in head
    assert 'href="/-/feeds/sealing.atom"' in head
    assert '<link rel="alternate" type="text/x-opml"' in head and 'href="/-/feeds.opml"' in head


def listed_count(html: str, name: str) -> tuple[str, str] | None:
    """(class, count) of a feed's line on the feeds page: name, count, Atom · RSS."""
    found = re.search(
        rf'<span class="name">{re.escape(name)}</span>\s*<span class="([^"]+)">([0-9,]*)</span>',
        html,
    )
    return found.groups() if found else None


def test_autodiscovery_helper_escapes_and_gives_both_formats():
    links = autodiscovery_links("/-/feeds/judge/jane-q-roe.rss", "Judge Jane Q. Roe")
    assert [(link["type"], link["href"]) for link in links] == [
        ("application/atom+xml", "/-/feeds/judge/jane-q-roe.atom"),
        ("application/rss+xml", "/-/feeds/judge/jane-q-roe.rss"),
    ]
    tags = autodiscovery_html('/-/feeds/x.atom?a="b"', 'Judge "<script>"')
    assert "<script>" not in tags and "&quot;&lt;script&gt;&quot;" in tags
    assert tags.count('<link rel="alternate"') == 2


# ------------------------------------------------------------------------------ slugs


@pytest.mark.parametrize(
    "name,slug",
    [
        ("Jane Q. Roe", "jane-q-roe"),
        ("G. Murray Snow, Jr.", "g-murray-snow-jr"),
        ("O'Neill", "o-neill"),
        ("Rosalind T. Okafor-Webb", "rosalind-t-okafor-webb"),
        ("José Ñúñez", "jose-nunez"),
        ("Søren Æbelø", "soren-aebelo"),
        ("  JANE   Q.  ROE ", "jane-q-roe"),
        ("", ""),
        (None, ""),
        ("<script>", "script"),
    ],
)
def test_judge_slug(name, slug):
    assert judge_slug(name) == slug
    assert slug == "" or JUDGE_SLUG_RE.match(slug)
