"""Security of what sealtrail publishes: escaping, bad requests, read-only Datasette, redaction
and the operator's tokens (SAMPLE DATA throughout; every identifier below is invented).

1. Hostile source text (script tags, attribute breakers, `]]>`, control characters, a
   `javascript:` link) stored through the real store functions is escaped in every served and
   exported feed and every Datasette page; no link points at `javascript:`.
2. Every feed route given bad formats, courts, dockets, SQL-ish, huge or non-ASCII values
   answers 4xx (or Datasette's own redirect), never a 500 and never an SQL error.
3. Datasette as `monitor.publish.datasette_command` starts it: only sealtrail's plugin, no
   actor, no write canned query, write SQL refused, read connections opened `mode=ro`, the
   time and row limits of `DATASETTE_SETTINGS` in effect (a runaway query is interrupted).

   The store is served mutable (not `-i`): crawls write to it while Datasette serves, so
   Datasette's own guards do the work: it reads through `mode=ro` connections and takes only
   SELECTs, and the plugin answers 405 to every method but GET, HEAD and OPTIONS.

   `allow_download` stays on, deliberately: Datasette 0.65 never offers a mutable database for
   download (the live store answers 403), only a read-only copy served with `-i`, and that
   copy holds only redacted text (redaction happens at ingest: `monitor.store`,
   `monitor.orders`, `monitor.enrich`, `monitor.runs`); `api_calls` holds source names and
   times, `crawl_runs` redacted details, and no token ever reaches the store (section 5).
   The copy's download is checked byte for byte in section 4.
4. A-numbers, SSNs and dates of birth in every source (PACER RSS text and titles,
   CourtListener JSON, GovInfo MODS and order text, an order read with `sealtrail analyze`)
   reach neither the store (its SQL dump and its raw bytes), nor feeds, pages, the database
   download, crawl logs at DEBUG level or `crawl_runs`.
5. The CourtListener token and the GovInfo key reach the (loopback) API in their headers and
   appear in no log line at DEBUG level, no table and no exported file.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import socket
import sqlite3
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

import feedparser
import httpx
import lxml.etree
import lxml.html
import pytest
import yaml
from datasette.app import Datasette

from feeds.export import export_feeds
from monitor import runs
from monitor.orders import store_order
from monitor.publish import DATASETTE_SETTINGS, datasette_command, metadata_for
from monitor.schema import connect
from monitor.store import ingest_entries

ROOT = Path(__file__).resolve().parents[1]
METADATA = ROOT / "metadata.yml"

# ---------------------------------------------------------------------------------- payloads

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
CDATA = "]]><x>"
CONTROL = "".join(chr(c) for c in range(0x00, 0x09)) + "\x0b\x0c\x0e\x1f"
HOSTILE = f"{SCRIPT} {IMG} {CDATA} {CONTROL}"
JS_URLS = ("javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)")

T1, T2, T3 = "2026-11-21T10:00:00+00:00", "2026-11-21T11:00:00+00:00", "2026-11-21T12:00:00+00:00"
COURT = "casd"
DOCKET = "3:26-cv-07001"
CASE_ID = f"{COURT}:{DOCKET}"
CASE_NAME = f"SAMPLE Doe {HOSTILE} v. Noem"


def hostile_entries() -> list[dict]:
    common = {
        "court": COURT,
        "docket_number": DOCKET,
        "case_name": CASE_NAME,
        "pacer_case_id": "990001",
        "case_url": JS_URLS[0],
    }
    return [
        {
            **common,
            "entry_number": 14,
            "short_description": f"Motion to Seal {SCRIPT}",
            "text": f"MOTION to Seal Exhibits {HOSTILE} by Petitioner SAMPLE Doe.",
            "published": "2026-11-20T17:10:51+00:00",
            "guid": "sample-g14",
            "document_url": JS_URLS[0],
            "source_url": JS_URLS[1],
        },
        {
            **common,
            "entry_number": 16,
            "short_description": "Order on Motion to Seal",
            "text": f"ORDER granting 14 Motion to Seal. {IMG} Signed by Judge SAMPLE.",
            "published": "2026-11-21T21:05:44+00:00",
            "guid": "sample-g16",
            "document_url": JS_URLS[2],
        },
        {
            **common,
            "entry_number": 18,
            "short_description": f"Sealed Document {CDATA}",
            "text": f"SEALED LODGED Proposed Document {CONTROL} {SCRIPT}",
            "published": "2026-11-21T22:00:00+00:00",
            "guid": "sample-g18",
        },
    ]


def hostile_analysis() -> dict:
    """What monitor.analyze might make of a hostile order (written by hand, SAMPLE)."""
    return {
        "court": COURT,
        "case_number": DOCKET,
        "case_name": CASE_NAME,
        "judge": f"SAMPLE Judge {SCRIPT}",
        "date_signed": "2026-11-21",
        "date_filed": "",
        "event_type": "sealing_order",
        "outcome": "granted",
        "movant_text": f"Petitioner {IMG}",
        "movant_role": "plaintiff_petitioner",
        "motion_refs": [14],
        "documents_sealed": [f"Exhibit 3 {SCRIPT}", f"Exhibit 4 {CDATA}"],
        "reasons": [
            {"code": "medical", "evidence": f"medical records {IMG}"},
            {"code": "safety", "evidence": f"harm to family {SCRIPT} {CONTROL}"},
        ],
        "reasons_stated": True,
        "standard": "compelling_reasons",
        "authorities": [{"citation": "447 F.3d 1172", "name": f"Kamakana {SCRIPT}"}],
        "local_rule": f"79.2(c) {SCRIPT}",
        "flags": [],
    }


def build_hostile_store(path: Path) -> Path:
    """Hostile records through `ingest_entries`, `store_order` and `record_run`."""
    db = connect(str(path))
    stats = ingest_entries(db, hostile_entries(), source="pacer_rss", now=T1)
    assert stats.new_events == 3, stats
    order_text = f"SAMPLE ORDER granting the motion to seal. {HOSTILE}"
    stored = store_order(
        db,
        hostile_analysis(),
        order_text,
        source="file",
        now=T2,
        source_url=JS_URLS[0],
        entry_number=16,
        title=f"Order {SCRIPT}",
    )
    assert stored["event_id"] == f"{CASE_ID}:16"
    for court in (COURT, f"x{SCRIPT}"):
        runs.record_run(
            db,
            source="pacer_rss",
            court=court,
            started=T3,
            finished=T3,
            status="error",
            errors=1,
            detail={"errors": [f"feed said {HOSTILE}"]},
        )
    db.close()
    return path


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory) -> Path:
    return build_hostile_store(tmp_path_factory.mktemp("xss") / "sealtrail.db")


def metadata() -> dict:
    return yaml.safe_load(METADATA.read_text(encoding="utf-8"))


def ds_settings() -> dict:
    """DATASETTE_SETTINGS (command-line strings) as the typed values Datasette() takes."""
    typed = {}
    for name, value in DATASETTE_SETTINGS.items():
        typed[name] = {"on": True, "off": False}.get(
            value, int(value) if value.isdigit() else value
        )
    return typed


def datasette_for(path: Path) -> Datasette:
    return Datasette([str(path)], metadata=metadata_for(path), settings=ds_settings())


def get_all(path: Path, urls: list[str], method: str = "GET") -> dict[str, httpx.Response]:
    """Responses of one in-process Datasette over `path` (DATASETTE_SETTINGS, metadata.yml)."""
    ds = datasette_for(path)

    async def go() -> dict[str, httpx.Response]:
        found = {}
        for url in urls:
            found[url] = await ds.client.request(method, url)
        return found

    return asyncio.run(go())


# ---------------------------------------------------------------------------------- checkers


def _is_js_url(value: str | None) -> bool:
    squeezed = "".join(ch for ch in (value or "") if ch > " ").lower()
    return squeezed.startswith(("javascript:", "vbscript:", "data:"))


def assert_safe_html(html: str, where: str, *, own_scripts: bool = False) -> None:
    """No live markup from sources in an HTML document or fragment.

    `own_scripts`: the page is Datasette's, whose own <script> tags are allowed as long as no
    source payload is inside one.
    """
    assert SCRIPT not in html, where
    assert "<img src=x" not in html, where
    root = lxml.html.fromstring(f"<div>{html}</div>") if html.strip() else None
    if root is None:
        return
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag == "script":
            assert own_scripts, where
            assert "alert(" not in (element.text or ""), where
        assert tag not in ("img", "iframe", "object", "embed"), (where, tag)
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (where, name, value)
            if name.lower() in ("href", "src", "action", "formaction"):
                assert not _is_js_url(value), (where, name, value)


def html_payloads_of(root) -> list[str]:
    """The HTML-typed texts of a feed: Atom content/summary type=html, RSS descriptions."""
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        local = lxml.etree.QName(element).localname
        if local in ("content", "summary", "title", "subtitle") and element.get("type") == "html":
            found.append(element.text or "")
        if local == "description":  # RSS 2.0: entity-encoded HTML
            found.append(element.text or "")
    return found


def assert_safe_feed(body: bytes, where: str) -> feedparser.FeedParserDict:
    """A feed that strict XML parsers accept and that carries no live markup or js: link."""
    root = lxml.etree.fromstring(body, lxml.etree.XMLParser(recover=False, resolve_entities=False))
    parsed = feedparser.parse(body)
    assert not parsed.bozo, (where, parsed.get("bozo_exception"))
    assert b"<script" not in body.lower(), where
    assert b"<![CDATA[" not in body, where
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        local = lxml.etree.QName(element).localname.lower()
        assert local not in ("script", "img", "iframe"), (where, local)
        for name, value in element.attrib.items():
            assert not lxml.etree.QName(name).localname.lower().startswith("on"), (where, name)
            if lxml.etree.QName(name).localname in ("href", "src", "uri"):
                assert not _is_js_url(value), (where, value)
        if local in ("link", "guid", "comments", "docs", "url"):
            assert not _is_js_url(element.text), (where, local, element.text)
    payloads = html_payloads_of(root)
    for html in payloads:
        assert_safe_html(html, where)
    for entry in parsed.entries:
        for link in entry.get("links", []):
            assert not _is_js_url(link.get("href")), (where, link)
    return parsed


# ---------------------------------------------------------------------------------- 1. XSS


FEED_PATHS = [
    f"/-/feeds/{kind}.{fmt}"
    for fmt in ("atom", "rss")
    for kind in ("sealing", "health", f"court/{COURT}", f"case/{COURT}/{DOCKET}")
]


def test_hostile_records_are_stored_verbatim_so_the_checks_below_mean_something(hostile_store):
    con = sqlite3.connect(hostile_store)
    try:
        (name,) = con.execute("select case_name from cases where id = ?", [CASE_ID]).fetchone()
        texts = [row[0] for row in con.execute("select text from docket_entries")]
        (url,) = con.execute(
            "select document_url from docket_entries where entry_number = 14"
        ).fetchone()
        (movant,) = con.execute(
            "select movant_text from sealing_events where id = ?", [f"{CASE_ID}:16"]
        ).fetchone()
    finally:
        con.close()
    assert SCRIPT in name and IMG in name
    assert any("\x01" in text for text in texts)
    assert url == JS_URLS[0]
    assert IMG in movant


@pytest.mark.parametrize("path", FEED_PATHS)
def test_served_feeds_escape_hostile_text(hostile_store, path):
    response = get_all(hostile_store, [path])[path]
    assert response.status_code == 200, response.text
    parsed = assert_safe_feed(response.content, path)
    if "health" in path:
        assert parsed.entries  # the failing runs are flagged
        return
    # The payload survives as visible text (escaped, not dropped) in the HTML bodies.
    root = lxml.etree.fromstring(response.content)
    shown = " ".join(
        lxml.html.fromstring(f"<div>{html}</div>").text_content()
        for html in html_payloads_of(root)
        if html.strip()
    )
    assert SCRIPT in shown and "onerror=alert(1)" in shown
    assert "\x01" not in shown  # control characters are dropped, not escaped
    entries = {entry.id: entry for entry in parsed.entries}
    motion = entries["tag:sealtrail,2026:event/casd:3:26-cv-07001:14"]
    assert not motion.link.lower().startswith("javascript")


def test_exported_feeds_escape_hostile_text(hostile_store, tmp_path):
    written = export_feeds(hostile_store, tmp_path / "feeds")
    names = {str(path.relative_to(tmp_path / "feeds")) for path in written}
    # all, new cases, one court, one case, every reason, outcome and type; Atom and RSS; OPML
    assert {"sealing.atom", f"court/{COURT}.rss", "new-cases.atom", "feeds.opml"} <= names
    assert len([name for name in names if name.startswith("case/")]) == 2
    for path in written:
        assert path.resolve().is_relative_to((tmp_path / "feeds").resolve())
        if path.name == "feeds.opml":
            body = path.read_bytes()
            lxml.etree.fromstring(body, lxml.etree.XMLParser(recover=False))
            assert b"<script" not in body.lower() and b"javascript:" not in body.lower()
        else:
            assert_safe_feed(path.read_bytes(), str(path))


def test_export_cannot_leave_its_directory(tmp_path):
    db = connect(str(tmp_path / "sealtrail.db"))
    entry = {**hostile_entries()[0], "docket_number": "../../SAMPLE-escape"}
    ingest_entries(db, [entry], source="pacer_rss", now=T1, keep_all_cases=True)
    db.close()
    out = tmp_path / "deep" / "feeds"
    written = export_feeds(tmp_path / "sealtrail.db", out)
    assert written
    for path in written:
        assert path.resolve().is_relative_to(out.resolve()), path
    assert not (tmp_path / "SAMPLE-escape.atom").exists()


PAGES = [
    "/-/feeds",
    "/sealtrail",
    "/sealtrail/cases",
    "/sealtrail/docket_entries",
    "/sealtrail/sealing_events",
    "/sealtrail/documents",
    "/sealtrail/event_reasons",
    "/sealtrail/event_authorities",
    "/sealtrail/case_parties",
    "/sealtrail/crawl_runs",
    "/sealtrail/entry_revisions",
    "/sealtrail/immigration_sealing_events",
    "/sealtrail/all_sealing_events",
    "/sealtrail/cases/casd~3A3~3A26-cv-07001",
    "/sealtrail/docket_entries/casd~3A3~3A26-cv-07001~3A14",
    "/sealtrail/sealing_events/casd~3A3~3A26-cv-07001~3A16",
    "/sealtrail/recent_sealing_events",
    "/sealtrail/pending_motions_to_seal",
    "/sealtrail/orders_without_reasons",
    "/sealtrail/reasons_by_court",
    "/sealtrail/crawl_health",
    "/sealtrail/search_sealing_events?q=SAMPLE",
    "/sealtrail/search_sealing_events?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "/sealtrail/cases?_search=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "/sealtrail/docket_entries?_facet=short_description",
    "/sealtrail/immigration_sealing_events?_facet=case_name&_facet=summary",
    "/sealtrail?sql=select+case_name+from+cases",
    "/sealtrail/nothing%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "/-/feeds/case/casd/%3Cscript%3Ealert(1)%3C%2Fscript%3E.atom",
]


def test_pages_show_hostile_text_escaped(hostile_store):
    responses = get_all(hostile_store, PAGES)
    escaped_somewhere = 0
    for path, response in responses.items():
        assert response.status_code < 500, (path, response.status_code)
        assert response.headers["content-type"].startswith("text/html"), path
        html = response.text
        assert_safe_html(html, path, own_scripts=True)
        escaped_somewhere += "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    for path in (
        "/sealtrail/cases",
        "/sealtrail/docket_entries/casd~3A3~3A26-cv-07001~3A14",
        "/sealtrail/recent_sealing_events",
        "/-/feeds",
    ):
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in responses[path].text, path
    assert escaped_somewhere >= 10


def test_json_is_served_as_json_and_has_no_jsonp(hostile_store):
    path = "/sealtrail/cases.json?_callback=alert&_shape=array"
    response = get_all(hostile_store, [path])[path]
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert not response.text.startswith("alert")
    assert any(SCRIPT in row["case_name"] for row in response.json())


# ---------------------------------------------------------------------------------- 2. bad params

SQLISH = "%27%20or%201%3D1--"
HUGE = "9" * 5000
BAD_FEED_REQUESTS = [
    # formats
    *(
        f"/-/feeds/{kind}.{fmt}"
        for kind in ("sealing", "health", "court/casd", f"case/casd/{DOCKET}")
        for fmt in ("json", "ATOM", "xml", "html", "atom1", "r%C3%A9ss", HUGE[:300])
    ),
    "/-/feeds/sealing.",
    "/-/feeds/sealing",
    "/-/feeds/sealing.atom.atom",
    "/-/feeds/health",
    "/-/feeds/health.%00",
    # courts
    "/-/feeds/court/zzzz.atom",
    "/-/feeds/court/CASD.atom",
    f"/-/feeds/court/casd{SQLISH}.atom",
    f"/-/feeds/court/{SQLISH}.rss",
    "/-/feeds/court/casd%3B%20drop%20table%20cases.atom",
    f"/-/feeds/court/{HUGE}.atom",
    "/-/feeds/court/%C3%A9%E2%98%83.atom",
    "/-/feeds/court/%ff%fe.atom",
    "/-/feeds/court/%00.atom",
    "/-/feeds/court/..%2F..%2Fetc.atom",
    "/-/feeds/court/.atom",
    # cases
    "/-/feeds/case/casd/9:99-cv-00001.atom",
    f"/-/feeds/case/casd/{SQLISH}.atom",
    f"/-/feeds/case/{SQLISH}/{DOCKET}.atom",
    f"/-/feeds/case/casd/{HUGE}.atom",
    f"/-/feeds/case/{HUGE}/{DOCKET}.rss",
    "/-/feeds/case/casd/3%3A26-cv-07001%00.atom",
    "/-/feeds/case/casd/%C3%A9%E2%98%83.atom",
    "/-/feeds/case/casd/%ff.atom",
    "/-/feeds/case/casd/..%2F..%2F..%2Fetc%2Fpasswd.atom",
    "/-/feeds/case/casd/3:26-cv-07001/extra.atom",
    "/-/feeds/case/casd/.atom",
    "/-/feeds/case/casd.atom",
    "/-/feeds/case/casd/%25%25%25.atom",
    "/-/feeds/court/casd.atom/../../sealtrail.db",
    # canned queries given bad values (params court, q)
    f"/sealtrail/recent_sealing_events?court={SQLISH}",
    f"/sealtrail/recent_sealing_events.json?court={HUGE}",
    "/sealtrail/search_sealing_events.json?q=%22unbalanced",
    "/sealtrail/search_sealing_events.json?q=NEAR(a%20b)%20AND%20*",
    f"/sealtrail/search_sealing_events.json?q={SQLISH}",
    "/sealtrail/search_sealing_events.json?q=%00%ff",
    f"/sealtrail/search_sealing_events.json?q={HUGE}",
]
# Table pages given parameters naming what is not there: Datasette 0.65 raises these as 500s
BAD_TABLE_REQUESTS = [
    "/sealtrail/docket_entries.json?_sort=nonexistent",
    "/sealtrail/docket_entries?_sort_desc=nonexistent",
    "/sealtrail/docket_entries.json?_sort=id&_sort_desc=case_id",
    "/sealtrail/cases.json?_through=" + quote('{"table":"nope","column":"x","value":"1"}'),
    "/sealtrail/docket_entries.json?_col=nonexistent",
    "/sealtrail/docket_entries.json?_nocol=id",
    "/sealtrail/docket_entries.json?_facet=nonexistent",
    "/sealtrail/docket_entries.json?_where=" + quote("nonexistent = 1"),
    "/sealtrail/docket_entries.json?nonexistent__exact=1",
    "/sealtrail/docket_entries.json?_search=%22unbalanced&_search_column=nonexistent",
]


def test_bad_table_parameters_are_4xx_never_500(hostile_store):
    """Datasette's own pages may say "no such column" (the visitor wrote SQL-like filters),
    but a visitor's mistake is a 4xx, never a server error, and shows no traceback."""
    responses = get_all(hostile_store, BAD_TABLE_REQUESTS)
    for path, response in responses.items():
        assert response.status_code < 500, (path, response.status_code, response.text)
        assert "traceback" not in response.text.lower(), path
    assert {path: r.status_code for path, r in responses.items() if "_sort" in path} == {
        path: 400 for path in BAD_TABLE_REQUESTS if "_sort" in path
    }


IGNORED_QUERIES = [
    "?limit=-1",
    "?limit=99999999999999999999",
    "?since=not-a-date&until=2026-13-45",
    f"?court={SQLISH}&_size={HUGE}",
    "?%ff=%00",
]
SQL_ERROR_WORDS = ("sqlite", "operationalerror", "syntax error", "no such column", "traceback")


def assert_clean_refusal(path: str, response: httpx.Response) -> None:
    assert response.status_code < 500, (path, response.status_code, response.text[:500])
    text = response.text.lower()
    for word in SQL_ERROR_WORDS:
        assert word not in text, (path, word)


def test_bad_feed_requests_are_4xx_never_500(hostile_store):
    responses = get_all(hostile_store, BAD_FEED_REQUESTS)
    statuses = {}
    for path, response in responses.items():
        assert_clean_refusal(path, response)
        statuses[path] = response.status_code
        if path.startswith("/-/feeds/"):
            assert response.status_code in (400, 404, 302), (path, response.status_code)
    # the refusals are the plugin's own 400/404, not only Datasette's redirects
    assert statuses["/-/feeds/sealing.json"] == 404
    assert statuses["/-/feeds/health.json"] == 404
    assert statuses["/-/feeds/court/zzzz.atom"] == 404
    assert statuses[f"/-/feeds/court/{SQLISH}.rss"] == 400
    assert statuses[f"/-/feeds/case/casd/{HUGE}.atom"] == 400
    assert statuses["/-/feeds/case/casd/%ff.atom"] == 400


def test_feeds_ignore_unknown_query_arguments(hostile_store):
    paths = [path + query for path in FEED_PATHS for query in IGNORED_QUERIES]
    responses = get_all(hostile_store, [*FEED_PATHS, *paths])
    for path in paths:
        assert_clean_refusal(path, responses[path])
        assert responses[path].status_code == 200, path
        plain = path.split("?")[0]
        if "health" not in plain:  # the health feed's entries move with the clock
            assert responses[path].content == responses[plain].content, path


def test_no_method_but_get_head_options_is_accepted(hostile_store):
    """Nothing public takes a POST (Datasette 0.65 would 500 on a POST to a table)."""
    paths = [
        *FEED_PATHS[:2],
        "/-/feeds",
        "/sealtrail/cases",
        "/sealtrail/recent_sealing_events",
        "/sealtrail/crawl_health",
        "/sealtrail/cases/casd~3A3~3A26-cv-07001",
        "/sealtrail?sql=select+1",
        "/-/logout",
    ]
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        responses = get_all(hostile_store, paths, method=method)
        for path, response in responses.items():
            assert response.status_code == 405, (method, path, response.status_code)
            assert "GET" in response.headers["allow"]
    for method in ("HEAD", "OPTIONS"):
        responses = get_all(hostile_store, paths[:3], method=method)
        for path, response in responses.items():
            assert response.status_code < 500, (method, path)


def test_feed_routes_without_a_store_are_404(tmp_path):
    empty = tmp_path / "other.db"
    sqlite3.connect(empty).execute("create table t (x)").connection.commit()
    responses = get_all(empty, FEED_PATHS + ["/-/feeds"])
    for path, response in responses.items():
        assert response.status_code == 404, path
        assert_clean_refusal(path, response)


# ---------------------------------------------------------------------------------- 3. read-only

WRITE_SQL = [
    "insert into courts (id, name) values ('zz', 'SAMPLE')",
    "update cases set case_name = 'SAMPLE'",
    "delete from cases",
    "drop table cases",
    "create table sample_x (a)",
    "attach database '/tmp/sealtrail-sample-attack.db' as x",
    "pragma writable_schema = 1",
    "pragma journal_mode = delete",
    "vacuum",
    "with x as (select 1) insert into courts (id) select 'zz' from x",
    "select 1; delete from cases",
    "replace into courts (id) values ('zz')",
    "select load_extension('/tmp/sample.so')",
    "select writefile('/tmp/sealtrail-sample-attack.txt', 'x')",
    "select * from pragma_writable_schema",
]


def store_fingerprint(path: Path) -> str:
    """The store as SQL text (`iterdump`): every row of every table."""
    con = sqlite3.connect(path)
    try:
        return "\n".join(con.iterdump())
    finally:
        con.close()


def test_only_sealtrails_plugin_no_actor_no_write_queries(hostile_store):
    paths = ["/-/plugins.json", "/-/actor.json", "/sealtrail.json", "/-/metadata.json"]
    responses = get_all(hostile_store, paths)
    plugins = responses["/-/plugins.json"].json()
    # datasette-block-robots serves /robots.txt only (issue 15, docs/deploy.md)
    assert sorted(p["name"] for p in plugins) == ["datasette-block-robots", "sealtrail"]
    assert responses["/-/actor.json"].json() == {"actor": None}
    queries = responses["/sealtrail.json"].json()["queries"]
    assert {q["name"] for q in queries} >= {"recent_sealing_events", "crawl_health"}
    assert not [q for q in queries if q.get("write")]
    described = metadata()["databases"]["sealtrail"]["queries"]
    assert not [name for name, q in described.items() if q.get("write")]
    assert "root" not in " ".join(datasette_command("x.db", host="h", port=1, metadata_file="m"))


@pytest.mark.parametrize("sql", WRITE_SQL)
def test_write_sql_is_refused(hostile_store, sql):
    before = store_fingerprint(hostile_store)
    url = "/sealtrail.json?" + httpx.QueryParams({"sql": sql, "_shape": "array"}).__str__()
    response = get_all(hostile_store, [url])[url]
    assert response.status_code in (400, 403), (sql, response.status_code, response.text[:300])
    assert store_fingerprint(hostile_store) == before
    assert not Path("/tmp/sealtrail-sample-attack.txt").exists()


def test_datasette_reads_through_read_only_connections(hostile_store):
    ds = datasette_for(hostile_store)

    async def go():
        db = ds.get_database("sealtrail")
        assert db.is_mutable  # crawls write while Datasette serves: not --immutable
        results = []
        for sql in ("insert into courts (id) values ('zz')", "pragma writable_schema = 1"):
            try:
                await db.execute(sql)
                results.append("ran")
            except sqlite3.OperationalError as error:
                results.append(str(error))
        return results

    before = store_fingerprint(hostile_store)
    outcome = asyncio.run(go())
    assert "readonly" in outcome[0]
    assert store_fingerprint(hostile_store) == before


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def served(hostile_store, tmp_path_factory):
    """`datasette serve` exactly as `sealtrail serve` builds it, on a loopback port."""
    folder = tmp_path_factory.mktemp("serve")
    meta = folder / "metadata.yml"
    meta.write_text(yaml.safe_dump(metadata_for(hostile_store)), encoding="utf-8")
    port = free_port()
    command = datasette_command(
        str(hostile_store), host="127.0.0.1", port=port, metadata_file=str(meta)
    )
    proc = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if proc.poll() is not None:
                pytest.fail(f"datasette exited: {proc.stdout.read()}")
            try:
                httpx.get(base + "/-/versions.json", timeout=1, trust_env=False)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_served_instance_has_the_settings_and_limits(served, hostile_store):
    client = httpx.Client(base_url=served, timeout=30, trust_env=False)
    settings = client.get("/-/settings.json").json()
    assert settings["sql_time_limit_ms"] == int(DATASETTE_SETTINGS["sql_time_limit_ms"])
    assert settings["max_returned_rows"] == int(DATASETTE_SETTINGS["max_returned_rows"])
    assert settings["allow_download"] is True
    plugins = client.get("/-/plugins.json").json()
    assert sorted(p["name"] for p in plugins) == ["datasette-block-robots", "sealtrail"]

    # More rows than max_returned_rows: cut off, and said so.
    many = (
        "with recursive n(x) as (select 1 union all select x + 1 from n limit 5000) select x from n"
    )
    data = client.get("/sealtrail.json", params={"sql": many}).json()
    assert len(data["rows"]) == int(DATASETTE_SETTINGS["max_returned_rows"])
    assert data["truncated"] is True
    table = client.get("/sealtrail/docket_entries.json", params={"_size": "max"})
    assert table.status_code == 200

    # A runaway query is interrupted with an error, not served.
    endless = (
        "with recursive n(x) as (select 1 union all select x + 1 from n) select count(*) from n"
    )
    slow = client.get("/sealtrail.json", params={"sql": endless})
    assert slow.status_code == 400, slow.text[:300]
    assert slow.json()["ok"] is False
    assert "too long" in slow.json()["error"].lower()

    # Write SQL is refused by the real server too, and the store is untouched.
    before = store_fingerprint(hostile_store)
    for sql in WRITE_SQL[:8]:
        response = client.get("/sealtrail.json", params={"sql": sql})
        assert response.status_code in (400, 403), sql
    post = client.post("/sealtrail/recent_sealing_events", data={"court": "casd"})
    assert post.status_code == 405, post.status_code
    assert client.get("/sealtrail.db").status_code == 403  # mutable: never downloadable
    assert store_fingerprint(hostile_store) == before


# ---------------------------------------------------------------------------------- 4. redaction

# Obviously fake identifiers (SAMPLE): the 099-... A-numbers, 000- SSNs, dates of birth.
# Each source gets its own, so a leak names its way in.
PACER_IDS = ("A099111201", "A-099-111-202", "A# 099 111 203", "A-Number: 099111204")
PACER_PII = ("SSN 000-11-2201", "DOB: 01/02/1980", "born on March 3, 1981")
CL_IDS = ("A099222201", "A-099-222-202", "A# 099 222 203", "A-099-222-204")
CL_PII = ("SSN 000-22-2201", "DOB: 02/03/1982", "date of birth: 4 May 1983")
GOV_IDS = ("A099333201", "A# 099 333 203", "A-099-333-204", "A-099-333-205")
GOV_PII = ("SSN 000-33-2201", "DOB: 05/06/1984", "born on June 7, 1985")
FILE_IDS = ("A099444201", "A-099-444-202", "A# 099 444 203")
FILE_PII = ("SSN 000-44-2201", "DOB: 07/08/1985", "date of birth 1986-09-10")
CL_TOKEN = "cl-SENTINEL-token-7d1c0ffee5"
GOVINFO_KEY = "gi-SENTINEL-key-4b2dfeed77"


_PII_VALUE = re.compile(
    r"\d{3}-\d{2}-\d{4}|\d\d/\d\d/\d{4}|\d{4}-\d\d-\d\d"  # SSN, 01/02/1980, 1986-09-10
    r"|[A-Z][a-z]+ \d{1,2}, \d{4}|\d{1,2} [A-Z][a-z]+ \d{4}"  # March 3, 1981; 4 May 1983
)


def secrets() -> list[str]:
    """Every identifier as written, its digits alone and (A-numbers) without the cue."""
    found = []
    for value in (*PACER_IDS, *CL_IDS, *GOV_IDS, *FILE_IDS):
        digits = "".join(ch for ch in value if ch.isdigit())
        found += [
            value.split(maxsplit=1)[-1].split(": ")[-1],
            digits,
            digits[:3] + "-" + digits[3:6],
        ]
    for value in (*PACER_PII, *CL_PII, *GOV_PII, *FILE_PII):
        found += _PII_VALUE.findall(value)
    return sorted(set(found))


def leaks(text: str | bytes) -> list[str]:
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    return [secret for secret in secrets() if secret in text]


def _mentions(values: tuple[str, ...]) -> str:
    return ", ".join(values)


def _pacer_item(seq: int, number: int, short: str, text: str) -> str:
    case = "3:26-cv-07101-ABC-DEF SAMPLE Doe " + PACER_IDS[0] + " v. Noem et al"
    docket = "https://ecf.casd.uscourts.gov/cgi-bin/DktRpt.pl?990101"
    link = (
        f"&lt;a href=&quot;https://ecf.casd.uscourts.gov/doc1/03510099010{seq}?caseid=990101"
        f"&amp;de_seq_num={seq}&quot; &gt;{number}&lt;/a&gt;"
    )
    return (
        f"<item>\n<title><![CDATA[{case}]]></title>\n<link>{docket}</link>\n"
        f"<description>[{short}] ({link}) {text}</description>\n"
        f'<guid isPermaLink="true">{docket}&amp;{seq}</guid>\n'
        f"<pubDate>Fri, 20 Nov 2026 22:3{seq}:07 GMT</pubDate>\n</item>\n"
    )


PACER_FEED = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    "<!-- SAMPLE DATA for sealtrail's security tests: invented case, people and ids. -->\n"
    '<rss version="2.0">\n<channel>\n'
    "<title>Southern District of California - Recent Entries</title>\n"
    "<link>https://ecf.casd.uscourts.gov</link>\n"
    "<description>Docket entries of type: all</description>\n"
    "<lastBuildDate>Fri, 20 Nov 2026 22:40:11 GMT</lastBuildDate>\n"
    + _pacer_item(
        2,
        5,
        "Motion to Seal",
        f"MOTION to Seal Exhibit A (A-File of Petitioner: {PACER_IDS[1]}, {PACER_IDS[2]}; "
        f"{_mentions(PACER_PII)}) by Petitioner SAMPLE Doe.",
    )
    + _pacer_item(
        7,
        7,
        "Order on Motion to Seal",
        f"ORDER granting 5 Motion to Seal the exhibit listing {PACER_IDS[3]}. "
        "Signed by Judge SAMPLE on 11/20/2026.",
    )
    + "</channel>\n</rss>\n"
)

ORDER_FILE = f"""UNITED STATES DISTRICT COURT
SOUTHERN DISTRICT OF CALIFORNIA
(SAMPLE order written for sealtrail's security tests; everything in it is invented.)

SAMPLE ROE, Petitioner,
v.
KRISTI NOEM, Secretary of Homeland Security, et al., Respondents.

Case No.: 3:26-cv-07102-ABC-DEF

ORDER GRANTING PETITIONER'S MOTION TO SEAL EXHIBITS (ECF No. 3)

Petitioner moves to seal Exhibits 1 and 2, which list his A-number ({FILE_IDS[0]}, also
written {FILE_IDS[1]} and {FILE_IDS[2]}), his {FILE_PII[0]}, his {FILE_PII[1]} and his
{FILE_PII[2]}. Rule 5.2 protects personal identifying information. Good cause appearing,
the motion is GRANTED. The Clerk shall file Exhibits 1 and 2 under seal.

IT IS SO ORDERED.
Dated: November 20, 2026
Hon. SAMPLE Judge
United States District Judge
"""


def _replace(data: bytes, old: str, new: str) -> bytes:
    assert old.encode() in data, old
    return data.replace(old.encode(), new.encode())


def serve_pacer(server) -> None:
    from tests.loopback import Reply

    server.route(
        "/casd/cgi-bin/rss_outside.pl",
        Reply(200, PACER_FEED.encode(), content_type="application/rss+xml"),
    )


def serve_courtlistener(server) -> None:
    from crawler.parsers.courtlistener import rebase_url
    from crawler.spiders.courtlistener import DEFAULT_QUERY, document_url, search_url
    from tests.loopback import Reply
    from tests.test_courtlistener_crawl import DATA, SINCE, local, reply

    page1 = json.loads((DATA / "search_r_page1.json").read_text(encoding="utf-8"))
    case = page1["results"][0]
    order = case["recap_documents"][0]
    assert order["id"] == 421900014
    order["description"] = order["description"].replace(
        "Under Seal.",
        f"Under Seal (Petitioner {CL_IDS[0]}, {CL_IDS[1]}; {_mentions(CL_PII[:2])}).",
        1,
    )
    assert CL_IDS[0] in order["description"][:200]
    order["short_description"] = ""  # the order's title then comes from the docket text
    case["caseName"] = f"Ramos-Ortiz {CL_IDS[2]} v. Noem"
    json_type = "application/json"
    first = search_url(server.base_url, DEFAULT_QUERY, SINCE, [])
    server.route(
        local(server, first), Reply(200, json.dumps(page1).encode(), content_type=json_type)
    )
    second = rebase_url(page1["next"], server.base_url)
    server.route(local(server, second), reply("search_r_page2.json"))
    document = json.loads((DATA / "recap_document_order.json").read_text(encoding="utf-8"))
    document["plain_text"] += (
        f"\nExhibit 3 repeats Petitioner's number as {CL_IDS[3]} and gives his {CL_PII[2]}.\n"
    )
    server.route(
        local(server, document_url(server.base_url, "421900014")),
        Reply(200, json.dumps(document).encode(), content_type=json_type),
    )


def serve_govinfo(server, tmp_path: Path) -> None:
    from tests.loopback import Reply
    from tests.test_govinfo_crawl import (
        DATA,
        A,
        htm_path,
        listing_path,
        mods_path,
        serve_casd,
    )

    serve_casd(server, tmp_path)
    mods = (DATA / f"{A}.mods.xml").read_bytes()
    granted = "ORDER GRANTING Petitioner's Motion to File Exhibits Under Seal (ECF No. 9)."
    mods = _replace(mods, granted, f"{granted} Petitioner {GOV_IDS[0]}, {GOV_PII[0]}.")
    mods = _replace(
        mods, "(HC) Ramirez-Ortega v. Noem et al", f"(HC) Ramirez-Ortega {GOV_IDS[1]} v. Noem et al"
    )
    mods = _replace(
        mods,
        '<namePart type="family">Ramirez-Ortega</namePart>',
        f'<namePart type="family">Ramirez-Ortega {GOV_IDS[2]}</namePart>',
    )
    server.route(mods_path(A), Reply(200, mods, content_type="application/xml; charset=utf-8"))
    htm = (DATA / f"{A}-1.htm").read_bytes()
    htm = _replace(
        htm,
        "notes of her credible fear interview.",
        f"notes of her credible fear interview ({GOV_IDS[3]}; {GOV_PII[1]}; {GOV_PII[2]}).",
    )
    server.route(htm_path(A, 1), Reply(200, htm, content_type="text/html; charset=utf-8"))
    # The API echoes the caller's key in nextPage (as api.govinfo.gov does for api_key=).
    page1 = (DATA / "published-casd-1.json").read_bytes()
    page1 = _replace(page1, "api_key=DEMO_KEY", f"api_key={GOVINFO_KEY}")
    server.route(listing_path("casd"), Reply(200, page1, content_type="application/json"))


DEBUG = {"LOG_LEVEL": "DEBUG"}


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """One store filled by all four ways in (three real crawls and `sealtrail analyze`), with
    the tokens set; returns what every output of it looks like."""
    from click.testing import CliRunner

    from monitor.cli import main
    from tests.conftest import run_crawl
    from tests.loopback import LoopbackServer
    from tests.test_courtlistener_crawl import SETTINGS as CL_SETTINGS
    from tests.test_courtlistener_crawl import SINCE as CL_SINCE
    from tests.test_govinfo_crawl import govinfo_args

    folder = tmp_path_factory.mktemp("published")
    db = folder / "sealtrail.db"
    logs: dict[str, str] = {}
    with LoopbackServer() as server:
        server.robots("User-agent: *\nDisallow:\n")
        serve_pacer(server)
        serve_courtlistener(server)
        serve_govinfo(server, folder)
        pacer = run_crawl(
            db, ["casd"], server.url("/{court}/cgi-bin/rss_outside.pl"), settings=DEBUG
        )
        logs["pacer_rss"] = pacer.log + pacer.stdout
        cl = run_crawl(
            db,
            None,
            source="courtlistener",
            spider_args={"base_url": server.base_url, "since": CL_SINCE},
            settings={**CL_SETTINGS, **DEBUG},
            env={"COURTLISTENER_TOKEN": CL_TOKEN},
        )
        logs["courtlistener"] = cl.log + cl.stdout
        gov = run_crawl(
            db,
            ["casd"],
            source="govinfo",
            spider_args=govinfo_args(server),
            settings=DEBUG,
            env={"GOVINFO_API_KEY": GOVINFO_KEY},
        )
        logs["govinfo"] = gov.log + gov.stdout
        requests = list(server.requests)
    order_file = folder / "order.txt"
    order_file.write_text(ORDER_FILE, encoding="utf-8")
    # `sealtrail analyze` runs in this process: its log records are collected at DEBUG. (What
    # it prints is the operator's own reading of a local file, not published, and quotes it.)
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.DEBUG)
    handler.emit = records.append
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        cli = CliRunner().invoke(
            main,
            ["-v", "analyze", str(order_file), "--db", str(db), "--court", "casd"],
            catch_exceptions=False,
        )
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    assert cli.exit_code == 0, cli.output
    assert "stored as" in cli.output
    logs["file"] = "\n".join(f"{r.levelname} {r.name}: {r.getMessage()}" for r in records)
    summaries = {"pacer_rss": pacer.summary, "courtlistener": cl.summary, "govinfo": gov.summary}
    return {"db": db, "folder": folder, "logs": logs, "requests": requests, "summaries": summaries}


def test_every_source_was_crawled_and_redacted(published):
    for source, summary in published["summaries"].items():
        assert summary and all(run["status"] in ("ok", "partial") for run in summary.values()), (
            source,
            summary,
        )
    from tests.conftest import rows

    db = published["db"]
    by_source = {
        source: " ".join(
            r["text"] or ""
            for r in rows(
                db, "select text from docket_entries where sources like ?", (f"%{source}%",)
            )
        )
        for source in ("pacer_rss", "courtlistener", "govinfo")
    }
    documents: dict[str, str] = {}
    for r in rows(db, "select source, text from documents"):
        documents[r["source"]] = documents.get(r["source"], "") + r["text"]
    assert set(documents) >= {"courtlistener", "govinfo", "file"}
    for where, text in [*by_source.items(), *(("document " + k, v) for k, v in documents.items())]:
        assert "[A-NUMBER REDACTED]" in text, where
    assert "[SSN REDACTED]" in by_source["pacer_rss"] and "[DOB REDACTED]" in by_source["pacer_rss"]
    assert "[DOB REDACTED]" in documents["govinfo"] and "[DOB REDACTED]" in documents["file"]
    names = {r["case_name"] for r in rows(db, "select case_name from cases")}
    assert "SAMPLE Doe [A-NUMBER REDACTED] v. Noem et al" in names


def test_the_store_holds_no_identifier(published):
    db = published["db"]
    assert leaks(store_fingerprint(db)) == []
    # Nor do freed pages or the WAL: the raw bytes of every file of the store.
    for path in db.parent.glob(db.name + "*"):
        assert leaks(path.read_bytes()) == [], path.name


def test_logs_hold_no_identifier_even_at_debug(published):
    for source, log in published["logs"].items():
        assert "DEBUG" in log or source == "file", source  # the crawls really logged at DEBUG
        assert leaks(log) == [], source


def test_feeds_pages_and_downloads_hold_no_identifier(published):
    db = published["db"]
    out = published["folder"] / "feeds"
    written = export_feeds(db, out)
    assert len(written) >= 6
    for path in written:
        assert leaks(path.read_bytes()) == [], path

    from tests.conftest import rows

    tables = [
        r["name"]
        for r in rows(db, "select name from sqlite_master where type in ('table', 'view')")
    ]
    cases = rows(db, "select court_id, docket_number from cases")
    urls = ["/-/feeds", "/-/feeds/sealing.atom", "/-/feeds/sealing.rss", "/-/feeds/health.atom"]
    urls += [f"/-/feeds/court/{c}.rss" for c in {case["court_id"] for case in cases}]
    urls += [f"/-/feeds/case/{c['court_id']}/{c['docket_number']}.atom" for c in cases]
    for table in tables:
        urls += [f"/sealtrail/{table}?_size=max", f"/sealtrail/{table}.json?_size=max&_shape=array"]
        urls += [f"/sealtrail/{table}.csv?_stream=on&_size=max"]
    for query in metadata()["databases"]["sealtrail"]["queries"]:
        urls += [
            f"/sealtrail/{query}?q=SAMPLE",
            f"/sealtrail/{query}.json?q=Petitioner&_shape=array",
        ]
    responses = get_all(db, urls)
    for url, response in responses.items():
        assert response.status_code in (200, 404), (url, response.status_code)
        assert leaks(response.content) == [], url
    case_feeds = [u for u in urls if u.startswith("/-/feeds/case/")]
    assert all(responses[u].status_code == 200 for u in case_feeds[:1])
    assert sum(responses[u].status_code == 200 for u in urls) > len(urls) // 2


def test_the_database_download(published, tmp_path):
    """`allow_download` is on, but Datasette 0.65 never offers a mutable database for download
    (the live store, served as `sealtrail serve` serves it: crawls write to it), so only a
    read-only copy served with `-i` can be downloaded. That copy holds redacted text only:
    redaction happens at ingest, and `api_calls`, `crawl_runs` and `fetch_state` are
    operational records without secrets (checked here byte for byte)."""
    db = published["db"]
    assert DATASETTE_SETTINGS["allow_download"] == "on"
    live = get_all(db, ["/sealtrail.db"])["/sealtrail.db"]
    assert live.status_code == 403
    copy = tmp_path / "sealtrail.db"
    source = sqlite3.connect(db)
    target = sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
    ds = Datasette(immutables=[str(copy)], metadata=metadata_for(copy), settings=ds_settings())

    async def go():
        return await ds.client.get("/sealtrail.db")

    download = asyncio.run(go())
    assert download.status_code == 200
    assert download.content[:16] == b"SQLite format 3\x00"
    assert leaks(download.content) == []
    assert CL_TOKEN.encode() not in download.content
    assert GOVINFO_KEY.encode() not in download.content


# ---------------------------------------------------------------------------------- 5. tokens


def test_tokens_reach_the_apis_in_their_headers_only(published):
    requests = published["requests"]
    cl_api = [r for r in requests if r.path.startswith("/api/rest/")]
    assert cl_api and all(r.headers.get("Authorization") == f"Token {CL_TOKEN}" for r in cl_api)
    gov_api = [r for r in requests if r.path.startswith(("/published/", "/packages/"))]
    assert gov_api and all(r.headers.get("X-Api-Key") == GOVINFO_KEY for r in gov_api)
    # The listing's nextPage echoed the key as api_key=: it was dropped before the request.
    from tests.test_govinfo_crawl import NEXT_MARK

    assert [r for r in gov_api if f"offsetMark={NEXT_MARK}" in r.path]
    for request in requests:
        assert CL_TOKEN not in request.path and GOVINFO_KEY not in request.path, request.path
    # Neither credential goes to the other API or to the website.
    assert not [
        r for r in requests if not r.path.startswith("/api/rest/") and CL_TOKEN in str(r.headers)
    ]
    assert not [r for r in gov_api if "Authorization" in r.headers]
    websites = [
        r for r in requests if r.path.startswith(("/rss/", "/content/", "/casd/", "/robots"))
    ]
    assert websites and not [r for r in websites if GOVINFO_KEY in str(r.headers)]


def test_tokens_appear_in_no_log_table_or_file(published):
    for source, log in published["logs"].items():
        assert source == "file" or ("DEBUG" in log and "Crawled (200)" in log), source
        assert CL_TOKEN not in log and GOVINFO_KEY not in log, source
    db = published["db"]
    dump = store_fingerprint(db)
    assert CL_TOKEN not in dump and GOVINFO_KEY not in dump
    for path in db.parent.glob(db.name + "*"):
        data = path.read_bytes()
        assert CL_TOKEN.encode() not in data and GOVINFO_KEY.encode() not in data, path
    out = published["folder"] / "tokens-feeds"
    for path in export_feeds(db, out):
        data = path.read_bytes()
        assert CL_TOKEN.encode() not in data and GOVINFO_KEY.encode() not in data, path


def test_an_order_title_from_a_source_is_redacted(tmp_path):
    """GovInfo's granule titles and CourtListener's entry texts become document titles."""
    db = connect(str(tmp_path / "sealtrail.db"))
    title = f"ORDER granting motion to seal, Petitioner {GOV_IDS[0]}, {GOV_PII[1]}"
    store_order(db, hostile_analysis(), "SAMPLE ORDER text.", source="govinfo", now=T1, title=title)
    (stored,) = [row["title"] for row in db["documents"].rows]
    db.close()
    assert stored.startswith("ORDER granting motion to seal") and "[A-NUMBER REDACTED]" in stored
    assert leaks(stored) == []
    assert leaks(store_fingerprint(tmp_path / "sealtrail.db")) == []


# Forms that court documents and PDFs produce (SAMPLE numbers), beyond tests/test_redact.py.
MORE_LEAKS = [
    ("Petitioner A.099.555.201 filed", "099.555.201"),
    ("Petitioner A\u2013099\u2013555\u2013201 (en dashes from a PDF)", "099\u2013555\u2013201"),
    ("Petitioner A\u2014099-555-201", "099-555-201"),
    ("Petitioner A\u2011099\u2011555\u2011201 (non-breaking hyphens)", "555\u2011201"),
    ("his A-#099555201", "099555201"),
    ("OCR: A2O8\u2013555\u2013123", "555\u2013123"),
    ("born January 2nd, 1980 in Honduras", "January 2nd, 1980"),
    ("born on the 2nd of January 1980", "2nd of January 1980"),
    ("DOB: 3rd March, 1980", "3rd March, 1980"),
    ("his date of birth (01/02/1980) and address", "01/02/1980"),
]
STILL_CLEAN = [
    "Exhibit A. 123 pages",
    "Attachment A \u2013 2 pages, filed 11/19/2026",
    "Exhibits A.1-A.3",
    "Appendix A 2024-01-02 letter",
    "ECF Nos. 12, 13 and 14 (A.R. 100-200)",
    "A.R. 000123-000456",
]


@pytest.mark.parametrize("text, secret", MORE_LEAKS)
def test_more_identifier_forms_are_redacted(text, secret):
    from monitor.redact import redact

    out = redact(text)
    assert secret not in out, out
    assert "REDACTED]" in out


@pytest.mark.parametrize("text", STILL_CLEAN)
def test_ordinary_references_stay(text):
    from monitor.redact import redact

    assert redact(text) == text
