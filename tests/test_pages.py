"""The event page and the case page (`feeds.pages`) served by Datasette 0.65 over a real store.

The store is `tests.helpers_store.build_sample_store` (SAMPLE data) plus, written here through
the store's tables: an unsealing order that rules on a later motion to unseal, a free
CourtListener copy of an entry, a later change to an entry's text (entry_revisions) and an
A-number in a revision (stored as it would never be, to show the page redacts again).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import unescape
from pathlib import Path

import pytest

from monitor.schema import connect
from tests.helpers_store import EVIDENCE_PAYLOAD, PAYLOAD, build_sample_store
from tests.served import served_get

CASD = "casd:3:17-cv-09912"
ORDER = f"{CASD}:159"
CL_URL = "https://www.courtlistener.com/docket/7123/159/sample-border-aid-v-nielsen/"


def _add_sample_rows(path: Path) -> None:
    db = connect(str(path))
    now = "2018-06-01T00:00:00+00:00"
    for number, date, event_type, outcome, movant, summary, targets in (
        (170, "2018-07-01T10:00:00+00:00", "unseal_motion", "none", "third_party",
         "Motion to unseal by a newspaper", "[]"),
        (171, "2018-07-09T10:00:00+00:00", "unsealing_order", "granted", "third_party",
         "Order unsealing", "[170]"),
    ):  # fmt: skip
        entry = f"{CASD}:{number}"
        db["docket_entries"].insert(
            {"id": entry, "case_id": CASD, "entry_number": number, "date_filed": date,
             "text": f"SAMPLE entry {number}", "short_description": summary, "source": "pacer_rss",
             "guid": entry, "first_seen": now, "last_seen": now}
        )  # fmt: skip
        db["sealing_events"].insert(
            {"id": entry, "case_id": CASD, "entry_id": entry, "event_type": event_type,
             "outcome": outcome, "movant_role": movant, "target_entries": targets,
             "documents_sealed": "[]", "summary": summary, "rule_id": "test",
             "classifier_version": "test", "first_seen": now, "updated": now,
             "reasons_stated": 0 if event_type == "unsealing_order" else None}
        )  # fmt: skip
    db["event_links"].insert(
        {"from_event": f"{CASD}:171", "to_event": f"{CASD}:170", "relation": "rules_on"}
    )
    db["entry_sources"].insert(
        {"entry_id": ORDER, "source": "courtlistener", "source_id": CL_URL, "source_url": CL_URL,
         "first_seen": now, "last_seen": now}
    )  # fmt: skip
    db.conn.execute(
        "insert into entry_revisions (entry_id, seen, field, old_value, new_value) "
        "values (?, ?, 'text', ?, ?)",
        [f"{CASD}:158", "2018-06-02T00:00:00+00:00", "MOTION to Seal, Alien No. A123-456-789",
         "SEALED"],
    )  # fmt: skip
    db.conn.commit()
    db.conn.close()


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = build_sample_store(tmp_path_factory.mktemp("pages") / "sealtrail.db")
    _add_sample_rows(path)
    return path


@pytest.fixture(scope="module")
def get(store):
    yield from served_get(store)


def text_of(html: str) -> str:
    """The page's visible text, tags dropped, entities read, spaces collapsed."""
    html = re.sub(r"(?s)<(script|style|head)\b.*?</\1>", " ", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def hrefs(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="([^"]*)"', html)]


# ---------------------------------------------------------------------------------- event


def test_event_page_tells_the_order_in_one_sentence_first(get):
    response = get(f"/-/event/{ORDER}")
    assert response.status_code == 200
    html = response.text
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    assert unescape(heading) == (
        "On 22 May 2018 Judge Karen S. Whitcombe granted the government's motion to seal three "
        "documents in Sample Border Aid v. Nielsen (S.D. Cal., 3:17-cv-09912)."
    )
    text = text_of(html)
    assert text.index("granted the government's motion") < text.index("Why")


def test_event_page_shows_reasons_quotes_standard_authorities_documents_and_docket_text(get):
    html = get(f"/-/event/{ORDER}").text
    text = text_of(html)
    assert "“surveillance capabilities of CBP at ports of entry”" in text
    assert "cybersecurity/infrastructure" in text
    assert "compelling reasons" in text
    assert "<em>Kamakana v. City &amp; County of Honolulu</em>, 447 F.3d 1172" in html
    assert "Civ. L.R. 79.2(c)" in text
    for document in ("Supplemental Brief", "Supplemental Declaration of CBP Official A"):
        assert f"<li>{document}</li>" in html  # a list, not JSON
    assert '["Supplemental' not in html and '"code"' not in html
    assert "ORDER granting 158 Defendants' Motion to File Documents Under Seal." in text
    # the evidence quote with markup arrives as text
    assert "<b onmouseover" not in html
    assert unescape(EVIDENCE_PAYLOAD) in unescape(html)


def test_event_page_links_free_copy_first_then_pacer_then_case_and_feed(get):
    html = get(f"/-/event/{ORDER}").text
    links = hrefs(html.split("</head>")[1])
    courtlistener = links.index(CL_URL)
    order_copy = links.index("https://storage.courtlistener.com/recap/gov.uscourts.casd.1/159.pdf")
    pacer = links.index("https://ecf.casd.uscourts.gov/doc1/035117000159")
    docket = links.index("https://ecf.casd.uscourts.gov/cgi-bin/DktRpt.pl?1")
    case = max(i for i, h in enumerate(links) if h == "/-/case/casd/3:17-cv-09912")
    feed = links.index("/-/feeds/case/casd/3:17-cv-09912.atom")
    assert max(courtlistener, order_copy) < pacer < docket < case < feed
    assert "needs a PACER login" in text_of(html)
    # the motion it rules on, by its sentence
    assert f"/-/event/{CASD}:158" in links
    assert "Rules on: On 20 May 2018 the government moved to seal" in text_of(html)


def test_event_page_of_a_motion_says_who_ruled_and_of_an_order_without_reasons(get):
    motion = text_of(get(f"/-/event/{CASD}:158").text)
    assert "Ruled on by: On 22 May 2018 Judge Karen S. Whitcombe granted" in motion
    assert "no ruling" not in motion
    no_reason = text_of(get("/-/event/txsd:1:18-cv-00068:14").text)
    assert "The order gives no reason for sealing." in no_reason
    pending = text_of(get(f"/-/event/{CASD}:160").text)
    assert "no ruling on it has been seen yet" in pending
    # An unsealing order read with no reason is not an order that sealed without one.
    lifted = text_of(get(f"/-/event/{CASD}:171").text)
    assert "gives no reason" not in lifted
    assert "This order lifts a seal" in lifted


def test_event_page_escapes_hostile_case_names_and_drops_javascript_links(get):
    html = get("/-/event/txsd:1:18-cv-00068:13").text
    assert PAYLOAD not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "javascript:" not in html


# ---------------------------------------------------------------------------------- case


def test_case_page_timeline_in_date_order_each_linking_its_event(get):
    html = get("/-/case/casd/3:17-cv-09912").text
    timeline = re.search(r'<ol class="timeline">(.*?)</ol>', html, re.S).group(1)
    order = [h.rsplit(":", 1)[1] for h in hrefs(timeline)]
    assert order == ["158", "uabc123", "159", "160", "170", "171"]  # motion → order → unsealing
    text = text_of(timeline)
    assert "On 22 May 2018 Judge Karen S. Whitcombe granted the government's motion to seal" in text
    assert "On 9 Jul 2018 the court granted a third party's motion to unseal." in text
    assert text_of(html).startswith("home / sealing events Sample Border Aid v. Nielsen")


def test_case_page_lists_pending_motions_with_their_age(get):
    html = get("/-/case/casd/3:17-cv-09912").text
    section = re.search(r"Motions with no ruling seen</h2>(.*?)</ul>", html, re.S).group(1)
    assert f"/-/event/{CASD}:160" in section
    assert f"/-/event/{CASD}:158" not in section and f"/-/event/{CASD}:170" not in section
    age = (datetime.now(UTC).date() - datetime(2018, 5, 23, tzinfo=UTC).date()).days
    assert f"{age} days" in text_of(section)


def test_case_page_shows_later_changes_redacted(get):
    html = get("/-/case/casd/3:17-cv-09912").text
    text = text_of(html)
    assert "Later changes to docket entries" in text
    assert "Alien No. [A-NUMBER REDACTED]" in text
    assert "A123-456-789" not in html


def test_case_page_feed_link_and_autodiscovery(get):
    html = get("/-/case/casd/3:17-cv-09912").text
    head = html.split("</head>")[0]
    assert re.search(
        r'<link rel="alternate" type="application/atom\+xml" [^>]*'
        r'href="/-/feeds/case/casd/3:17-cv-09912.atom"',
        head,
    )
    assert "/-/feeds/case/casd/3:17-cv-09912.rss" in head
    body = html.split("</head>")[1]
    assert "/-/feeds/case/casd/3:17-cv-09912.atom" in hrefs(body)
    feed = get("/-/feeds/case/casd/3:17-cv-09912.atom")
    assert feed.status_code == 200


def test_percent_encoded_addresses_read_the_same(get):
    assert get("/-/case/casd/3%3A17-cv-09912").status_code == 200
    assert get(f"/-/event/{ORDER.replace(':', '%3A')}").status_code == 200


def test_hostile_case_name_is_escaped_on_the_case_page(get):
    html = get("/-/case/txsd/1:18-cv-00068").text
    assert PAYLOAD not in html
    assert "Doe &amp; Roe v. Mayorkas &lt;script&gt;" in html


# ---------------------------------------------------------------------------------- 404


@pytest.mark.parametrize(
    "path",
    [
        "/-/event/casd:3:17-cv-09912:999",
        "/-/event/nysd:1:20-cv-01234:5",  # not an immigration case: not in the readers' view
        "/-/event/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "/-/event/casd:3:17-cv-09912%2F..%2F..%2Fetc",
        "/-/event/..%2F..%2Fsealtrail",
        "/-/event/casd:' OR '1'='1",
        "/-/event/" + "9" * 5000,
        "/-/case/casd/9:99-cv-99999",
        "/-/case/nysd/1:20-cv-01234",
        "/-/case/casd/%3Cscript%3E",
        "/-/case/%22%3E%3Cscript%3E/1",
        "/-/case/casd/" + "x" * 5000,
    ],
)
def test_unknown_and_hostile_ids_get_a_clear_404(get, path):
    response = get(path)
    assert response.status_code == 404
    html = response.text
    assert "No such " in html
    assert "<script>alert" not in html.lower()  # no injected script
    assert "alert(1)</script>" not in html and '"><script' not in html
    assert len(html) < 20_000  # the 5,000-character id is cut, not echoed whole
    assert "/sealtrail/immigration_sealing_events" in hrefs(html)
