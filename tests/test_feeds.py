"""Feed builders and static export (feeds.build, feeds.queries, feeds.export), offline."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import pytest

from feeds.build import (
    REASON_LABELS,
    STANDARD_LABELS,
    build_feed,
    entry_html,
    entry_id,
    entry_text,
    entry_title,
    feed_path,
    headline,
)
from feeds.export import MANIFEST, export_feeds
from feeds.queries import events_query, fetch_case, fetch_court, fetch_events
from monitor.vocab import EVENT_TYPES, OUTCOMES, REASONS, STANDARDS
from tests.helpers_store import EVENTS, EVIDENCE_PAYLOAD, ORDERS, PAYLOAD, build_sample_store

BASE = "https://sealtrail.example.org"
FEEDS = [
    ("all", {}),
    ("court", {"court": "casd"}),
    ("case", {"court": "casd", "docket": "3:17-cv-09912"}),
    ("case", {"court": "txsd", "docket": "1:18-cv-00068"}),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    return build_sample_store(tmp_path_factory.mktemp("store") / "sealtrail.db")


@pytest.fixture(scope="module")
def conn(store):
    connection = sqlite3.connect(store)
    yield connection
    connection.close()


def build(conn, kind: str, fmt: str, court=None, docket=None, **kwargs) -> bytes:
    rows = fetch_events(conn, kind, court=court, docket_number=docket)
    names = {}
    if kind == "court":
        names["court_name"] = fetch_court(conn, court)["court_name"]
    if kind == "case":
        case = fetch_case(conn, court, docket)
        names = {"court_name": case["court_name"], "case_name": case["case_name"]}
    return build_feed(
        rows, kind=kind, fmt=fmt, base_url=BASE, court=court, docket=docket, **names, **kwargs
    )


def parse(body: bytes):
    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def by_id(parsed) -> dict:
    return {entry.id: entry for entry in parsed.entries}


def sample_date(event: str) -> datetime:
    for case_id, number, date, *_ in EVENTS:
        if f"{case_id}:{number}" == event:
            return datetime.fromisoformat(date)
    raise KeyError(event)


def entry_date(entry, fmt: str) -> datetime:
    if fmt == "atom":
        return datetime.fromisoformat(entry.updated)
    return parsedate_to_datetime(entry.published)


@pytest.mark.parametrize("fmt", ["atom", "rss"])
@pytest.mark.parametrize("kind,args", FEEDS)
def test_every_feed_parses_cleanly(conn, kind, args, fmt):
    parsed = parse(build(conn, kind, fmt, **args))
    assert parsed.version == ("atom10" if fmt == "atom" else "rss20")
    assert parsed.entries
    assert parsed.feed.title.startswith("sealtrail")


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_entry_titles_name_court_case_and_event(conn, fmt):
    entries = by_id(parse(build(conn, "all", fmt)))
    order = entries[entry_id("casd:3:17-cv-09912:159")]
    assert order.title == (
        "S.D. Cal. · Sample Border Aid v. Nielsen · "
        "Order granting defendants' motion to seal (Doc. 159)"
    )
    # No summary: composed from the event type (and the entry number when there is one).
    assert entries[entry_id("casd:3:17-cv-09912:uabc123")].title == (
        "S.D. Cal. · Sample Border Aid v. Nielsen · Sealed filing"
    )


def test_composed_headline_uses_outcome_and_entry_number():
    row = {"event_type": "sealing_order", "outcome": "denied", "entry_number": 7}
    assert headline(row) == "Order on sealing: denied (Doc. 7)"
    assert headline({"event_type": "motion_to_seal", "outcome": "none"}) == "Motion to seal"
    assert entry_title({"court": "ca9", "docket_number": "19-8054"}).startswith("CA9 · 19-8054")


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_links_go_to_the_event_page_then_free_copy_then_pacer(conn, fmt):
    parsed = parse(build(conn, "court", fmt, court="casd"))
    entries = by_id(parsed)
    order = entries[entry_id("casd:3:17-cv-09912:159")]
    assert order.link == f"{BASE}/-/event/casd:3:17-cv-09912:159"
    free = "https://storage.courtlistener.com/recap/gov.uscourts.casd.1/159.pdf"
    pacer = "https://ecf.casd.uscourts.gov/doc1/035117000159"
    docket = "https://ecf.casd.uscourts.gov/cgi-bin/DktRpt.pl?1"
    if fmt == "atom":
        related = [(link.href, link.title) for link in order.links if link.rel == "related"]
        assert related == [
            (free, "Order on CourtListener/RECAP (free)"),
            (pacer, "Docket entry on PACER (login and fees)"),
            (docket, "Docket on PACER (login and fees)"),
        ]
    text = order.summary
    assert text.index(free) < text.index(pacer) < text.index(docket)
    assert "PACER (login and fees)" in text
    # The channel link (RSS: the last link() call) is the Datasette page, not the feed.
    assert parsed.feed.link == f"{BASE}/sealtrail/immigration_sealing_events?court=casd"
    self_links = [link.href for link in parsed.feed.links if link.rel == "self"]
    assert self_links == [BASE + feed_path("court", fmt, "casd")]
    # The Datasette row page of every event is in its text.
    details = f"{BASE}/sealtrail/sealing_events/casd~3A3~3A17-cv-09912~3A159"
    assert details in order.summary


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_unsafe_source_url_is_not_linked(conn, fmt):
    entries = by_id(parse(build(conn, "all", fmt)))
    motion = entries[entry_id("txsd:1:18-cv-00068:13")]
    assert motion.link == f"{BASE}/-/event/txsd:1:18-cv-00068:13"
    assert "https://ecf.txsd.uscourts.gov/cgi-bin/DktRpt.pl?1" in motion.summary  # docket only
    assert "javascript:" not in motion.summary


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_ids_are_stable_tag_uris_and_output_is_deterministic(conn, fmt):
    first = build(conn, "all", fmt)
    second = build(conn, "all", fmt)
    assert first == second
    ids = [entry.id for entry in parse(first).entries]
    assert entry_id("casd:3:17-cv-09912:159") == "tag:sealtrail,2026:event/casd:3:17-cv-09912:159"
    assert entry_id("casd:3:17-cv-09912:159") in ids
    assert all(i.startswith("tag:sealtrail,2026:event/") for i in ids)
    # Ids do not depend on where the site is served.
    elsewhere = build_feed(fetch_events(conn, "all"), kind="all", fmt=fmt, base_url="http://x")
    assert [entry.id for entry in parse(elsewhere).entries] == ids


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_dates_are_the_entry_dates_and_feed_updated_is_the_newest(conn, fmt):
    parsed = parse(build(conn, "all", fmt))
    for entry in parsed.entries:
        event = entry.id.removeprefix("tag:sealtrail,2026:event/")
        assert entry_date(entry, fmt) == sample_date(event)
        assert parsedate_or_iso(entry.published) == sample_date(event)
    events = [e.id.removeprefix("tag:sealtrail,2026:event/") for e in parsed.entries]
    newest = max(sample_date(event) for event in events)
    assert parsedate_or_iso(parsed.feed.updated) == newest


def parsedate_or_iso(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return parsedate_to_datetime(value)


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_source_text_is_escaped_not_markup(conn, fmt):
    body = build(conn, "case", fmt, court="txsd", docket="1:18-cv-00068")
    assert b"<script" not in body
    parsed = parse(body)
    # Titles are text: the payload and the ampersand come back as characters.
    case_name = f"Doe & Roe v. Mayorkas {PAYLOAD}"
    assert parsed.feed.title == f"sealtrail: {case_name} (S.D. Tex. 1:18-cv-00068)"
    motion = by_id(parsed)[entry_id("txsd:1:18-cv-00068:13")]
    assert motion.title == f"S.D. Tex. · {case_name} · Motion to seal (Doc. 13)"
    # The HTML body shows the payload as escaped text; it never becomes a tag.
    if fmt == "atom":
        html_bodies = [c.value for c in motion.content if c.type == "text/html"]
    else:
        html_bodies = [motion.description]
    assert html_bodies
    for html in html_bodies:
        assert "<script" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "Doe &amp; Roe" in html
    if fmt == "atom":
        assert motion.summary_detail.type == "text/plain"
        assert PAYLOAD in motion.summary  # plain text, so shown verbatim


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_newest_first_and_immigration_only(conn, fmt):
    parsed = parse(build(conn, "all", fmt))
    dates = [entry_date(entry, fmt) for entry in parsed.entries]
    assert dates == sorted(dates, reverse=True)
    assert parsed.entries[0].id == entry_id("txsd:1:18-cv-00068:14")
    assert not [e for e in parsed.entries if "nysd" in e.id]  # not an immigration case
    assert len(parsed.entries) == 7


ORDER_159 = "casd:3:17-cv-09912:159"
ORDER_14 = "txsd:1:18-cv-00068:14"


def html_body(entry, fmt: str) -> str:
    if fmt == "atom":
        (body,) = [c.value for c in entry.content if c.type == "text/html"]
        return body
    return entry.description


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_analysed_order_carries_the_why(conn, fmt):
    body = build(conn, "case", fmt, court="casd", docket="3:17-cv-09912")
    assert b"<b onmouseover" not in body
    order = by_id(parse(body))[entry_id(ORDER_159)]
    html = html_body(order, fmt)
    texts = [html] + ([order.summary] if fmt == "atom" else [])
    for text in texts:
        assert "Outcome" in text and "granted" in text
        assert "the government (Defendants Kirstjen Nielsen et al.)" in text
        assert (
            "cybersecurity/infrastructure — \u201csurveillance capabilities of CBP at ports of "
            "entry\u201d" in text
        )
        assert "safety — \u201ccould endanger the safety of CBP officers\u201d" in text
        for document in ORDERS[ORDER_159]["event"]["documents_sealed"]:
            assert document in text
        assert "compelling reasons" in text
        assert "Civ. L.R. 79.2(c)" in text
        assert "Karen S. Whitcombe" in text
        assert ORDERS[ORDER_159]["document"]["source_url"] in text
    # Lists in the HTML; the evidence with markup arrives as escaped text, never as a tag.
    assert "<li>Supplemental Brief</li>" in html
    assert "<b onmouseover" not in html
    assert "vendor pricing &amp; &lt;b onmouseover=alert(2)&gt;source code&lt;/b&gt;" in html
    if fmt == "atom":
        assert EVIDENCE_PAYLOAD in order.summary  # plain text: verbatim
        # Reasons in the order of the view's JSON (code order), deterministic.
        summary = order.summary
        assert summary.index("cybersecurity/") < summary.index("safety —")
        assert summary.index("safety —") < summary.index("trade secret/commercial —")
    terms = {(tag.term, tag.scheme) for tag in order.tags}
    for code, _evidence in ORDERS[ORDER_159]["reasons"]:
        assert (code, "tag:sealtrail,2026:reason") in terms
    assert ("compelling_reasons", "tag:sealtrail,2026:standard") in terms


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_order_without_reasons_says_so(conn, fmt):
    order = by_id(parse(build(conn, "all", fmt)))[entry_id(ORDER_14)]
    html = html_body(order, fmt)
    assert "none given in the order" in html
    assert "<li>Administrative record</li>" in html
    assert "none stated" in html  # the standard
    assert "Jane Q. Sample" in html
    assert not [tag for tag in order.tags if tag.scheme == "tag:sealtrail,2026:reason"]


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_events_without_an_order_read_as_before(conn, fmt):
    motion = by_id(parse(build(conn, "all", fmt)))[entry_id("casd:3:17-cv-09912:158")]
    html = html_body(motion, fmt)
    for label in ("Reasons", "Documents sealed", "Standard", "Judge", "Order text"):
        assert f"<dt>{label}</dt>" not in html
    assert "<dt>Movant</dt><dd>the government</dd>" in html


def test_order_fields_from_rows_and_bad_json():
    row = {
        "event_id": "x",
        "event_type": "unsealing_order",
        "outcome": "granted",
        "movant_role": "third_party",
        "movant_text": "Intervenor <Press> & Co.",
        "reasons": '[{"code": "privacy_pii", "evidence": null}, {"code": "other"}]',
        "documents_sealed": "not json",
        "standard": "good_cause",
        "reasons_stated": 1,
    }
    text = entry_text(row)
    assert "Movant: third party (Intervenor <Press> & Co.)" in text
    assert "Reasons: privacy/personal information; other" in text
    assert "Documents sealed" not in text
    assert "Standard: good cause" in text
    html = entry_html(row)
    assert "Intervenor &lt;Press&gt; &amp; Co." in html
    # Codes only (no evidence column) still give the reasons.
    assert "Reasons: safety" in entry_text({"reason_codes": '["safety"]'})
    # No order read: nothing about reasons.
    assert "Reasons" not in entry_text({"reasons_stated": None, "reasons": "[]"})


@pytest.mark.parametrize(
    ("event_type", "outcome", "says_none"),
    [
        ("sealing_order", "granted", True),
        ("sealing_order", "granted_in_part", True),
        ("sealing_order", "denied", True),
        ("sealing_order", "moot", False),
        ("sealing_order", "unknown", False),
        ("unsealing_order", "granted", False),  # the reason codes are reasons for sealing
    ],
)
def test_only_a_decided_sealing_order_is_said_to_give_no_reason(event_type, outcome, says_none):
    row = {"event_type": event_type, "outcome": outcome, "reasons_stated": 0, "reasons": "[]"}
    assert ("Reasons: none given in the order" in entry_text(row)) is says_none


def test_case_facts_and_sources_from_rows():
    row = {
        "event_id": "x",
        "event_type": "sealing_order",
        "nature_of_suit": "Habeas Corpus - Alien Detainee",
        "nos_code": "463",
        "seen_in": '["pacer_rss", "govinfo", "<script>"]',
    }
    text = entry_text(row)
    assert "Nature of suit: 463 Habeas Corpus - Alien Detainee" in text
    assert "Seen in: PACER RSS, GovInfo, <script>" in text
    assert "&lt;script&gt;" in entry_html(row) and "<script>" not in entry_html(row)
    label_with_code = {"nature_of_suit": "463 Habeas Corpus - Alien Detainee", "nos_code": "463"}
    assert "Nature of suit: 463 Habeas Corpus - Alien Detainee" in entry_text(label_with_code)
    assert "Seen in" not in entry_text({"seen_in": "not json"})
    assert "Nature of suit" not in entry_text({"nature_of_suit": None})


def test_every_reason_and_standard_has_words():
    assert set(REASON_LABELS) == set(REASONS)
    assert set(STANDARD_LABELS) == set(STANDARDS)


def test_order_uses_true_instant_and_limit():
    rows = [
        {"event_id": "a", "date": "2018-05-25T01:00:00+00:00", "event_type": "motion_to_seal"},
        {"event_id": "b", "date": "2018-05-24T20:00:00-07:00", "event_type": "motion_to_seal"},
        {"event_id": "c", "date": "2018-05-20", "event_type": "motion_to_seal"},  # naive: UTC
        {
            "event_id": "d",
            "date": None,
            "first_seen": "2018-05-26T00:00:00Z",
            "event_type": "redaction",
            "summary": "bad\x0bchar",
        },
    ]
    parsed = parse(build_feed(rows, kind="all", fmt="atom", base_url=BASE))
    assert [e.id.rsplit("/", 1)[1] for e in parsed.entries] == ["d", "b", "a", "c"]
    limited = parse(build_feed(rows, kind="all", fmt="rss", base_url=BASE, limit=2))
    assert len(limited.entries) == 2


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_empty_feed_is_valid_and_deterministic(fmt):
    body = build_feed([], kind="court", fmt=fmt, court="ca9", court_name="9th Cir.")
    assert body == build_feed([], kind="court", fmt=fmt, court="ca9", court_name="9th Cir.")
    assert parse(body).entries == []


def test_queries_are_parameterised():
    sql, params = events_query("case", court="casd' or 1=1 --", docket_number="x")
    assert "casd" not in sql and ":court" in sql and ":docket_number" in sql
    assert params["court"] == "casd' or 1=1 --"
    with pytest.raises(ValueError):
        events_query("case", court="casd")
    with pytest.raises(ValueError):
        events_query("all", view="sealing_events; drop table cases")


def test_unknown_case_and_non_immigration_case(conn):
    assert fetch_case(conn, "casd", "9:99-cv-00001") is None
    assert fetch_case(conn, "nysd", "1:20-cv-01234") is None  # stored, but not immigration
    assert fetch_case(conn, "nysd", "1:20-cv-01234", view="all_sealing_events") is not None
    assert fetch_court(conn, "zzzz") is None


def read_tree(root: Path) -> dict[str, bytes]:
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return {str(p.relative_to(root)): p.read_bytes() for p in files}


def test_export_writes_every_feed_and_is_byte_identical(store, tmp_path):
    out = tmp_path / "feeds"
    paths = export_feeds(store, out, base_url=BASE)
    names = sorted(str(p.relative_to(out)) for p in paths)
    feeds = [
        "sealing",
        "new-cases",
        "changes",  # sealing after the fact: none in this store, the feed answers empty
        "court/casd",
        "court/nysd",  # a court the store has seen: its feed, empty
        "court/txsd",
        "case/casd/3:17-cv-09912",
        "case/txsd/1:18-cv-00068",
        *(f"reason/{code}" for code in REASONS),
        *(f"outcome/{outcome}" for outcome in OUTCOMES),
        *(f"type/{t}" for t in EVENT_TYPES if t != "not_sealing"),
        "judge/jane-q-sample",
        "judge/karen-s-whitcombe",
    ]
    assert names == sorted(
        [f"{feed}.{fmt}" for feed in feeds for fmt in ("atom", "rss")] + ["feeds.opml"]
    )
    first = read_tree(out)
    assert set(first) == {*names, MANIFEST}  # the feeds, and the record of their store
    for name in names:
        if name != "feeds.opml":
            parse(first[name])
    # The order's reasons and evidence are in the exported feeds of its case.
    assert b"surveillance capabilities" in first["case/casd/3:17-cv-09912.atom"]
    assert b"surveillance capabilities" in first["case/casd/3:17-cv-09912.rss"]
    again = export_feeds(store, out, base_url=BASE)
    assert again == paths
    assert read_tree(out) == first
    # A fresh directory gets the same bytes too.
    other = tmp_path / "other"
    export_feeds(store, other, base_url=BASE)
    assert read_tree(other) == first


def test_export_default_base_url(store, tmp_path):
    export_feeds(store, tmp_path)
    parsed = parse((tmp_path / "sealing.rss").read_bytes())
    assert parsed.feed.link == "http://127.0.0.1:8001/sealtrail/immigration_sealing_events"


def test_related_links_name_govinfo_copies_on_either_host_and_rank_pacer_last():
    """GovInfo's MODS gives document links on www.gpo.gov (the old FDsys address) as well as
    www.govinfo.gov: both are GovInfo's free copies, after CourtListener's, PACER last."""
    from feeds.build import related_links

    row = {
        "free_copies": json.dumps(
            [{"of": "entry", "url": "https://www.courtlistener.com/docket/1/sample/#entry-9"}]
        ),
        "order_url": "http://www.gpo.gov/fdsys/pkg/USCOURTS-casd-3_26-cv-09901/pdf/x-0.pdf",
        "source_url": "https://www.govinfo.gov/app/details/USCOURTS-casd-3_26-cv-09901",
        "docket_url": "https://ecf.casd.uscourts.gov/cgi-bin/DktRpt.pl?123",
    }
    labels = [label for label, _url in related_links(row)]
    assert labels == [
        "Docket entry on CourtListener/RECAP (free)",
        "Order on GovInfo (free)",
        "Docket entry on GovInfo (free)",
        "Docket on PACER (login and fees)",
    ]
