"""metadata.yml and the feeds plugin inside Datasette 0.65, through the in-process client."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import feedparser
import httpx
import pytest
import yaml
from datasette.app import Datasette

from feeds.build import entry_id
from feeds.export import export_feeds
from tests.helpers_store import EVIDENCE_PAYLOAD, PAYLOAD, build_sample_store

METADATA = Path(__file__).resolve().parents[1] / "metadata.yml"
VIEW = "/sealtrail/immigration_sealing_events"
ATOM = "application/atom+xml; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    return build_sample_store(tmp_path_factory.mktemp("ds") / "sealtrail.db")


def metadata() -> dict:
    return yaml.safe_load(METADATA.read_text(encoding="utf-8"))


def fetch(files: list, path: str, headers: dict | None = None, meta: dict | None = None):
    """GET `path` from a fresh Datasette over `files`; returns the httpx.Response."""
    ds = Datasette([str(f) for f in files], metadata=metadata() if meta is None else meta)

    async def go() -> httpx.Response:
        return await ds.client.get(path, headers=headers or {})

    return asyncio.run(go())


@pytest.fixture(scope="module")
def get(store):
    def _get(path: str, **kwargs) -> httpx.Response:
        return fetch([store], path, **kwargs)

    return _get


def rows(get, path: str) -> list[dict]:
    base, _, query = path.partition("?")
    response = get(f"{base}.json?{query}&_shape=array" if query else f"{base}.json?_shape=array")
    assert response.status_code == 200, response.text
    return response.json()


# ---------------------------------------------------------------------------------- metadata


def test_metadata_title_license_source(get):
    data = get("/-/metadata.json").json()
    assert data["title"] == "sealtrail"
    assert data["license"] == "Public domain (U.S. court records)"
    assert data["license_url"].startswith("https://")
    assert data["source"] == "PACER court RSS feeds (U.S. Courts)"
    assert data["source_url"].startswith("https://")
    assert "/-/feeds" in data["description_html"]


def test_metadata_describes_every_table_and_vocabulary():
    from monitor.vocab import EVENT_TYPES, MOVANT_ROLES, OUTCOMES, REASONS, STANDARDS

    tables = metadata()["databases"]["sealtrail"]["tables"]
    for name in (
        "sealing_events",
        "cases",
        "docket_entries",
        "crawl_runs",
        "courts",
        "event_reasons",
        "event_authorities",
        "event_links",
        "entry_revisions",
        "documents",
        "document_sources",
        "entry_sources",
        "entry_aliases",
        "case_parties",
        "api_calls",
        "immigration_sealing_events",
        "all_sealing_events",
        "sealing_events_for_readers",
    ):
        assert tables[name].get("description") or tables[name].get("description_html"), name
    from monitor.schema import connect

    db = connect(":memory:")
    for name in [*db.table_names(), *db.view_names()]:
        if name.endswith(("_fts", "_data", "_idx", "_docsize", "_config", "_content")):
            continue
        if name.startswith("_") or name == "sqlite_stat1":
            continue
        assert name in tables, f"{name} is not described in metadata.yml"
        described = tables[name].get("columns") or {}
        missing = [
            c for c in db[name].columns_dict if c not in described and c not in ("id", "rowid")
        ]
        assert not missing, f"{name}: columns not described: {missing}"
    columns = tables["immigration_sealing_events"]["columns"]
    for column, codes in (
        ("event_type", EVENT_TYPES),
        ("outcome", OUTCOMES),
        ("movant_role", MOVANT_ROLES),
        ("reason_codes", REASONS),
        ("standard", STANDARDS),
    ):
        for code in codes:
            assert f"{code}:" in columns[column] or f"{code};" in columns[column], code
    for column in (
        "movant_text",
        "documents_sealed",
        "standard",
        "reasons_stated",
        "reason_codes",
        "reasons",
        "local_rule",
        "judge",
        "decided_on",
        "document_id",
        "order_url",
    ):
        assert columns[column], column
    assert "empty" in columns["reasons_stated"]
    assert tables["all_sealing_events"]["columns"] == columns


def test_configured_facets_on_the_view_and_the_table(get):
    data = get(f"{VIEW}.json").json()
    facets = data["facet_results"]
    assert {"court", "event_type", "outcome", "movant_role"} <= set(facets)
    courts = {r["value"]: r["count"] for r in facets["court"]["results"]}
    assert courts == {"casd": 4, "txsd": 3}
    table = get("/sealtrail/sealing_events.json").json()["facet_results"]
    assert {"event_type", "outcome", "movant_role"} <= set(table)


def facet_counts(facets: dict, name: str) -> dict:
    return {r["value"]: r["count"] for r in facets[name]["results"]}


def test_facets_on_what_orders_say(get):
    for path in (VIEW, "/sealtrail/all_sealing_events"):
        facets = get(f"{path}.json").json()["facet_results"]
        assert facets["reason_codes"]["type"] == "array"
        assert facet_counts(facets, "reason_codes") == {
            "cybersecurity_infrastructure": 1,
            "safety": 1,
            "trade_secret_commercial": 1,
        }
        assert facet_counts(facets, "standard") == {"compelling_reasons": 1, "none_stated": 1}
        # NULL (no order text read) is not a facet value.
        assert facet_counts(facets, "reasons_stated") == {1: 1, 0: 1}
    # The array facet's filter works on the view.
    safety = rows(get, f"{VIEW}?reason_codes__arraycontains=safety")
    assert [r["event_id"] for r in safety] == ["casd:3:17-cv-09912:159"]
    table = get("/sealtrail/sealing_events.json").json()["facet_results"]
    assert {"standard", "reasons_stated"} <= set(table)


def test_view_carries_the_order_reading(get):
    (order,) = rows(get, f"{VIEW}?event_id=casd:3:17-cv-09912:159")
    assert order["reasons_stated"] == 1
    assert order["standard"] == "compelling_reasons"
    assert order["judge"] == "Karen S. Whitcombe"
    assert json.loads(order["reason_codes"]) == [
        "cybersecurity_infrastructure",
        "safety",
        "trade_secret_commercial",
    ]
    evidence = {r["code"]: r["evidence"] for r in json.loads(order["reasons"])}
    assert evidence["trade_secret_commercial"] == EVIDENCE_PAYLOAD
    assert len(json.loads(order["documents_sealed"])) == 3
    assert order["order_url"].startswith("https://")


def test_view_is_newest_first_and_immigration_only(get):
    data = rows(get, VIEW)
    dates = [row["date"] for row in data]
    assert dates == sorted(dates, reverse=True)
    assert data[0]["event_id"] == "txsd:1:18-cv-00068:14"
    assert {row["court"] for row in data} == {"casd", "txsd"}
    everything = rows(get, "/sealtrail/all_sealing_events")
    assert "nysd:1:20-cv-01234:5" in {row["event_id"] for row in everything}


def test_full_text_search(get):
    found = rows(get, "/sealtrail/sealing_events?_search=plaintiffs")
    assert [row["id"] for row in found] == ["casd:3:17-cv-09912:160"]
    entries = rows(get, "/sealtrail/docket_entries?_search=asylum")
    assert [row["id"] for row in entries] == ["casd:3:17-cv-09912:160"]
    canned = rows(get, "/sealtrail/search_sealing_events?q=asylum")
    assert [row["event_id"] for row in canned] == ["casd:3:17-cv-09912:160"]
    by_case_name = rows(get, "/sealtrail/search_sealing_events?q=Mayorkas")
    assert {row["event_id"] for row in by_case_name} == {
        "txsd:1:18-cv-00068:12",
        "txsd:1:18-cv-00068:13",
        "txsd:1:18-cv-00068:14",
    }
    assert rows(get, "/sealtrail/search_sealing_events?q=trade") == []  # nysd: not immigration
    assert rows(get, "/sealtrail/search_sealing_events") == []  # empty query, no error
    assert rows(get, "/sealtrail/search_sealing_events?q=%22unbalanced") == []


def test_views_are_searchable(get):
    found = rows(get, f"{VIEW}?_search=plaintiffs")  # the view searches docket text
    assert {row["event_id"] for row in found} == {
        "casd:3:17-cv-09912:160",
        "txsd:1:18-cv-00068:13",
    }
    assert rows(get, "/sealtrail/all_sealing_events?_search=plaintiffs") == found
    by_docket_text = rows(get, f"{VIEW}?_search=asylum")  # only the entry text says it
    assert [row["event_id"] for row in by_docket_text] == ["casd:3:17-cv-09912:160"]


# ---------------------------------------------------------------------------------- canned queries


def test_recent_sealing_events(get):
    every = rows(get, "/sealtrail/recent_sealing_events")
    assert len(every) == 7
    assert every[0]["event_id"] == "txsd:1:18-cv-00068:14"
    assert [r["date"] for r in every] == sorted((r["date"] for r in every), reverse=True)
    casd = rows(get, "/sealtrail/recent_sealing_events?court=casd")
    assert len(casd) == 4 and {r["court"] for r in casd} == {"casd"}
    assert rows(get, "/sealtrail/recent_sealing_events?court=nysd") == []


def test_pending_motions_to_seal(get):
    pending = rows(get, "/sealtrail/pending_motions_to_seal")
    # 158 has an order linked to it; txsd 12 is named by a later order's target_entries.
    assert [r["event_id"] for r in pending] == [
        "txsd:1:18-cv-00068:13",
        "casd:3:17-cv-09912:160",
    ]


def test_outcomes_by_court(get):
    table = {r["court"]: r for r in rows(get, "/sealtrail/outcomes_by_court")}
    assert set(table) == {"casd", "txsd"}
    assert (table["casd"]["orders"], table["casd"]["granted"]) == (1, 1)
    assert (table["txsd"]["orders"], table["txsd"]["granted_in_part"]) == (1, 1)


def test_orders_without_reasons(get):
    found = rows(get, "/sealtrail/orders_without_reasons")
    assert [r["event_id"] for r in found] == ["txsd:1:18-cv-00068:14"]
    (order,) = found
    assert order["court"] == "txsd"
    assert order["case_name"].startswith("Doe & Roe v. Mayorkas")
    assert order["judge"] == "Jane Q. Sample"
    assert order["outcome"] == "granted_in_part"
    assert (order["movant_role"], order["movant_text"]) == ("government", "United States")
    assert (
        order["order_url"] == "https://storage.courtlistener.com/recap/gov.uscourts.txsd.1/14.pdf"
    )


def test_reasons_by_court(get):
    found = rows(get, "/sealtrail/reasons_by_court")
    assert [(r["court"], r["reason"], r["events"]) for r in found] == [
        ("casd", "cybersecurity_infrastructure", 1),
        ("casd", "safety", 1),
        ("casd", "trade_secret_commercial", 1),
    ]


def test_canned_queries_are_read_only():
    queries = metadata()["databases"]["sealtrail"]["queries"]
    for name, query in queries.items():
        assert not query.get("write"), name
        assert query["sql"].lstrip().lower().startswith("select"), name


# ---------------------------------------------------------------------------------- pages


def autodiscovery(html: str) -> list[str]:
    return [
        line.strip()
        for line in html.splitlines()
        if 'rel="alternate"' in line and ("atom+xml" in line or "rss+xml" in line)
    ]


def test_autodiscovery_on_index_and_table_pages(get):
    for path in ("/", "/sealtrail", VIEW, "/sealtrail/cases"):
        response = get(path)
        assert response.status_code == 200
        links = autodiscovery(response.text)
        assert any('href="/-/feeds/sealing.atom"' in link for link in links), path
        assert any('href="/-/feeds/sealing.rss"' in link for link in links), path


def test_autodiscovery_for_court_and_case_pages(get):
    court_page = autodiscovery(get(f"{VIEW}?court=casd").text)
    assert any('href="/-/feeds/court/casd.atom"' in link for link in court_page)
    case_page = autodiscovery(get("/sealtrail/cases/casd~3A3~3A17-cv-09912").text)
    assert any('href="/-/feeds/case/casd/3:17-cv-09912.atom"' in link for link in case_page)


def test_pages_escape_source_text(get):
    for path in (
        VIEW,
        "/-/feeds",
        "/sealtrail/pending_motions_to_seal",
        "/sealtrail/orders_without_reasons",
    ):
        html = get(path).text
        assert "Mayorkas" in html, path
        assert PAYLOAD not in html, path
    html = get(f"{VIEW}?event_id=casd:3:17-cv-09912:159").text
    assert "vendor pricing" in html
    assert "<b onmouseover" not in html


def test_feeds_index_lists_feeds(get):
    html = get("/-/feeds").text
    for href in (
        "/-/feeds/sealing.atom",
        "/-/feeds/court/casd.rss",
        "/-/feeds/case/txsd/1:18-cv-00068.atom",
    ):
        assert f'href="{href}"' in html
    assert "1:20-cv-01234" not in html  # not an immigration case


# ---------------------------------------------------------------------------------- feed routes


@pytest.mark.parametrize(
    "path,content_type,entries",
    [
        ("/-/feeds/sealing.atom", ATOM, 7),
        ("/-/feeds/sealing.rss", RSS, 7),
        ("/-/feeds/court/casd.atom", ATOM, 4),
        ("/-/feeds/court/txsd.rss", RSS, 3),
        ("/-/feeds/case/casd/3:17-cv-09912.atom", ATOM, 4),
        ("/-/feeds/case/casd/3%3A17-cv-09912.rss", RSS, 4),
        ("/-/feeds/court/nysd.atom", ATOM, 0),  # a known court with no immigration events
    ],
)
def test_feed_routes(get, path, content_type, entries):
    response = get(path)
    assert response.status_code == 200
    assert response.headers["content-type"] == content_type
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo
    assert len(parsed.entries) == entries


def test_served_feed_carries_reasons(get):
    parsed = feedparser.parse(get("/-/feeds/court/casd.atom").content)
    assert not parsed.bozo
    order = {e.id: e for e in parsed.entries}[entry_id("casd:3:17-cv-09912:159")]
    assert "cybersecurity/infrastructure — \u201csurveillance capabilities" in order.summary
    assert "Standard: compelling reasons" in order.summary
    assert EVIDENCE_PAYLOAD in order.summary


def test_feed_self_link_and_entry_id(get):
    parsed = feedparser.parse(get("/-/feeds/court/casd.rss").content)
    assert parsed.feed.link == "http://localhost/sealtrail/immigration_sealing_events?court=casd"
    assert entry_id("casd:3:17-cv-09912:159") in {e.id for e in parsed.entries}


def test_served_feed_equals_export(get, store, tmp_path):
    export_feeds(store, tmp_path, base_url="http://localhost")
    assert get("/-/feeds/sealing.atom").content == (tmp_path / "sealing.atom").read_bytes()
    served = get("/-/feeds/case/casd/3:17-cv-09912.rss").content
    assert served == (tmp_path / "case" / "casd" / "3:17-cv-09912.rss").read_bytes()


def test_etag_gives_304(get):
    first = get("/-/feeds/sealing.atom")
    etag = first.headers["etag"]
    again = get("/-/feeds/sealing.atom", headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""


@pytest.mark.parametrize(
    "path,status",
    [
        ("/-/feeds/court/zzzz.atom", 404),  # unknown court
        ("/-/feeds/case/casd/9:99-cv-00001.atom", 404),  # unknown case
        ("/-/feeds/case/nysd/1:20-cv-01234.rss", 404),  # stored, but not immigration
        ("/-/feeds/case/zzzz/1:20-cv-01234.rss", 404),
        ("/-/feeds/sealing.json", 404),  # bad format
        ("/-/feeds/court/casd.html", 404),
        ("/-/feeds/case/casd/3:17-cv-09912.xml", 404),
        ("/-/feeds/nothing.atom", 404),
        ("/-/feeds/court/CASD%27%3B.atom", 400),  # malformed court id
        ("/-/feeds/case/casd/%27%20or%201%3D1%20--.atom", 400),  # malformed docket
        ("/-/feeds/case/casd/" + "9" * 80 + ".atom", 400),
    ],
)
def test_bad_feed_requests(get, path, status):
    response = get(path)
    assert response.status_code == status, response.text
    assert "sqlite" not in response.text.lower()


def test_no_sealtrail_database_means_404(tmp_path):
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("create table t (x)").connection.commit()
    assert fetch([other], "/-/feeds/sealing.atom", meta={}).status_code == 404
    assert "sealing.atom" not in fetch([other], "/", meta={}).text  # no autodiscovery either


def test_database_is_found_among_several(store, tmp_path):
    other = tmp_path / "aaa.db"
    sqlite3.connect(other).execute("create table t (x)").connection.commit()
    response = fetch([other, store], "/-/feeds/court/casd.atom")
    assert response.status_code == 200
    assert len(feedparser.parse(response.content).entries) == 4
    # ...or named in plugin configuration.
    meta = {**metadata(), "plugins": {"sealtrail_feeds": {"database": "aaa"}}}
    assert fetch([other, store], "/-/feeds/sealing.atom", meta=meta).status_code == 404
