"""The storage boundary (`monitor.sanitize`): every text and URL field is redacted before it is
stored, display fields are capped (and the cut is flagged), and a 1 MB title no longer reaches
the feeds and the feeds page.

All records are SAMPLE data written for these tests; the identifiers are invented and are
written in forms an earlier redaction let through.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import feedparser

from feeds.export import export_feeds
from monitor.enrich import enrich_case
from monitor.orders import store_order
from monitor.redact import A_NUMBER
from monitor.runs import record_run
from monitor.sanitize import (
    CASE_NAME_MAX,
    DOCKET_TEXT_MAX,
    DOCUMENT_TEXT_MAX,
    TITLE_MAX,
    URL_MAX,
    clean_text,
    clean_value,
    cut,
    is_cut,
)
from monitor.schema import connect
from monitor.store import ingest_entries

T1, T2 = "2026-11-21T10:00:00+00:00", "2026-11-21T11:00:00+00:00"
COURT, DOCKET = "casd", "3:26-cv-07301"

# Each identifier in a form the redaction before issue 13 let through (SAMPLE numbers).
ALIEN_HASH = "Alien #: 099123601"
A_SLASH = "A/099123602"
EOIR = "EOIR number 099123603"
SSN_DASHES = "000\u201312\u20133601"
DOB_ABBR = "DOB 2-Jan-1980"
URL_SLUG = "https://www.courtlistener.com/docket/68000001/sample-doe-a099123604-v-noem/"
URL_QUERY = "https://ecf.casd.uscourts.gov/doc1/035100990101?caseid=990101&alien_number=099123605"
SECRETS = [
    "099123601",
    "099123602",
    "099123603",
    "12\u20133601",
    "2-Jan-1980",
    "099123604",
    "099123605",
    "099123606",
    "099123607",
    "099\u2013123\u2013608",
]


def leaks(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret in text]


def dump(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return "\n".join(con.iterdump())
    finally:
        con.close()


def sample_entry(**changes) -> dict:
    base = {
        "court": COURT,
        "docket_number": DOCKET,
        "case_name": f"SAMPLE Doe {A_SLASH} v. Noem et al",
        "pacer_case_id": "990101",
        "entry_number": 5,
        "short_description": f"Motion to Seal ({EOIR})",
        "text": (
            f"MOTION to Seal Exhibit A (A-File of Petitioner, {ALIEN_HASH}; SSN {SSN_DASHES}; "
            f"{DOB_ABBR}) by Petitioner SAMPLE Doe. (SAMPLE)"
        ),
        "document_url": URL_QUERY,
        "published": "2026-11-20T22:32:07+00:00",
        "guid": "https://ecf.casd.uscourts.gov/cgi-bin/DktRpt.pl?990101&A099123606",
        "case_url": URL_SLUG,
        "source_url": URL_SLUG + "#entry-5-A099123607",
    }
    return {**base, **changes}


def sample_analysis() -> dict:
    """What monitor.analyze might say of a SAMPLE order quoting the identifiers."""
    return {
        "court": COURT,
        "case_number": DOCKET,
        "case_name": f"SAMPLE Doe {A_SLASH} v. Noem",
        "judge": "SAMPLE Judge",
        "date_signed": "2026-11-21",
        "date_filed": "",
        "event_type": "sealing_order",
        "outcome": "granted",
        "movant_text": f"Petitioner SAMPLE Doe ({ALIEN_HASH})",
        "movant_role": "plaintiff_petitioner",
        "motion_refs": [5],
        "documents_sealed": [f"Exhibit A (A-file, {A_SLASH})", f"Exhibit B ({DOB_ABBR})"],
        "reasons": [{"code": "privacy_pii", "evidence": f"his {EOIR} and SSN {SSN_DASHES}"}],
        "reasons_stated": True,
        "standard": "good_cause",
        "authorities": [{"citation": "447 F.3d 1172", "name": f"SAMPLE v. Noem ({ALIEN_HASH})"}],
        "local_rule": "79.2(c)",
        "flags": [],
    }


def test_every_text_and_url_field_is_cleaned_before_storage(tmp_path):
    """Entries, case facts, parties, an order with its reading, and a crawl run, each field
    carrying an identifier: none of them is stored, and the links still lead where they did."""
    path = tmp_path / "sealtrail.db"
    db = connect(str(path))
    stats = ingest_entries(db, [sample_entry()], source="pacer_rss", now=T1)
    assert stats.stored == 1 and stats.new_events == 1
    enrich_case(
        db,
        {
            "court": COURT,
            "docket_number": DOCKET,
            "case_name": f"SAMPLE Doe ({ALIEN_HASH}) v. Noem",
            "nature_of_suit": "Habeas Corpus - Alien Detainee",
            "nos_code": "463",
            "cause": f"28:2241 Petition for Writ of Habeas Corpus ({EOIR})",
            "parties": [{"name": f"SAMPLE Doe, {ALIEN_HASH}", "role": "Petitioner"}],
            "docket_url": URL_SLUG,
            "source_id": "68000001",
        },
        source="courtlistener",
        now=T1,
    )
    store_order(
        db,
        sample_analysis(),
        f"SAMPLE ORDER granting the motion to seal. Petitioner's SSN {SSN_DASHES}; {DOB_ABBR}.",
        source="courtlistener",
        now=T2,
        source_url=URL_QUERY + "&doc=" + A_SLASH,
        entry_number=5,
        source_id="recap-A099123607",
        title=f"ORDER granting Motion to Seal ({ALIEN_HASH})",
    )
    record_run(
        db,
        source="pacer_rss",
        court=COURT,
        started=T1,
        finished=T2,
        status="partial",
        detail={
            "url": URL_QUERY,
            "skipped_reasons": [f"item 3: SAMPLE Roe {EOIR} v. Noem: unknown time zone"],
            # an en-dashed number, which json.dumps writes as \u2013 escapes
            "problems": ["title SAMPLE Roe A\u2013099\u2013123\u2013608 v. Noem"],
        },
    )
    db.close()

    stored = dump(path)
    assert leaks(stored) == []
    assert stored.count(A_NUMBER) >= 10

    con = sqlite3.connect(path)
    entry_url, docket_url = con.execute(
        "select d.document_url, c.docket_url from docket_entries d join cases c on c.id = d.case_id"
    ).fetchone()
    (order_url,) = con.execute("select source_url from documents").fetchone()
    con.close()
    link = urlsplit(entry_url)
    assert (link.netloc, link.path) == ("ecf.casd.uscourts.gov", "/doc1/035100990101")
    assert parse_qs(link.query) == {"caseid": ["990101"], "alien_number": [A_NUMBER]}
    assert (
        urlsplit(docket_url).path == "/docket/68000001/sample-doe-%5BA-NUMBER%20REDACTED%5D-v-noem/"
    )
    assert parse_qs(urlsplit(order_url).query)["doc"] == [A_NUMBER]


def test_reingesting_the_same_entry_changes_nothing(tmp_path):
    """Values are compared with stored ones after cleaning: a re-poll is not a revision."""
    db = connect(str(tmp_path / "sealtrail.db"))
    ingest_entries(db, [sample_entry()], source="pacer_rss", now=T1)
    again = ingest_entries(db, [sample_entry()], source="pacer_rss", now=T2)
    assert (again.changed_entries, again.updated_events, again.new_entries) == (0, 0, 0)
    assert db["entry_revisions"].count == 0


# ---------------------------------------------------------------------------------- caps


def test_cut_respects_the_limit_and_says_so():
    text = "SAMPLE caption words " * 100
    out = cut(text, 200)
    assert len(out) <= 200 and is_cut(out)
    assert out.endswith(f"\u2026 [cut from {len(text):,} characters]")
    assert out.split(" \u2026")[0].endswith("words") or out.split(" \u2026")[0].endswith("caption")
    assert cut(out, 200) == out  # a cut text is not cut again
    assert cut("SAMPLE short title", 200) == "SAMPLE short title"


def test_cut_never_splits_a_placeholder_or_a_combining_mark():
    for shift in range(0, 30):
        text = "x" * (150 + shift) + A_NUMBER + "y" * 300
        out = cut(text, 200)
        assert len(out) <= 200
        kept = out.split(" \u2026")[0]
        assert A_NUMBER in kept or "[A-NUMBER" not in kept, kept[-30:]
    accented = "e\u0301" * 300  # é as e + combining acute accent
    kept = cut(accented, 200).split(" \u2026")[0]
    assert kept.endswith("e\u0301")


def test_redaction_comes_before_the_cut():
    """An A-number across the limit is redacted whole, not cut into a shorter number that no
    longer reads as one."""
    for shift in range(0, 12):
        text = "SAMPLE " + "x" * (150 + shift) + " A099123609 and the rest of the caption " * 20
        out = clean_text(text, 200)
        assert "0991" not in out and len(out) <= 200


def test_urls_keep_working_and_absurd_ones_are_dropped():
    assert clean_value("docket_entries", "document_url", URL_QUERY).startswith(
        "https://ecf.casd.uscourts.gov/doc1/035100990101?caseid=990101&alien_number=%5B"
    )
    long_url = "https://ecf.casd.uscourts.gov/doc1/1?" + "a=1&" * URL_MAX
    assert clean_value("docket_entries", "document_url", long_url) is None


def test_flags_follow_the_columns_a_cap_cut(tmp_path):
    db = connect(str(tmp_path / "sealtrail.db"))
    long_text = "MOTION to Seal (SAMPLE) " + "lorem ipsum " * 5000
    ingest_entries(db, [sample_entry(text=long_text)], source="pacer_rss", now=T1)
    entry = db["docket_entries"].get(f"{COURT}:{DOCKET}:5")
    assert json.loads(entry["cut_fields"]) == ["text"] and len(entry["text"]) <= DOCKET_TEXT_MAX
    # The same source revises the entry with a short text: the flag goes with the cut text.
    ingest_entries(
        db,
        [sample_entry(text="MOTION to Seal Exhibit A by Petitioner (SAMPLE, corrected)")],
        source="pacer_rss",
        now=T2,
    )
    entry = db["docket_entries"].get(f"{COURT}:{DOCKET}:5")
    assert entry["cut_fields"] is None and not is_cut(entry["text"])
    revision = db.execute("select old_value from entry_revisions").fetchone()[0]
    assert is_cut(revision) and len(revision) <= DOCKET_TEXT_MAX


# ---------------------------------------------------------------------------------- 1 MB titles

MEGABYTE = 1_000_000


def hostile_store(path: Path) -> Path:
    """A 1 MB case name, event name and docket text, and a 1 MB order title (SAMPLE)."""
    db = connect(str(path))
    huge = "SAMPLE Doe v. Noem, " + "and other SAMPLE parties " * (MEGABYTE // 25)
    item = sample_entry(
        case_name=huge,
        short_description="Motion to Seal " + "(SAMPLE) " * (MEGABYTE // 9),
        text="MOTION to Seal Exhibit A by Petitioner SAMPLE Doe. " + "lorem " * (MEGABYTE // 6),
    )
    ingest_entries(db, [item], source="pacer_rss", now=T1)
    store_order(
        db,
        sample_analysis(),
        "SAMPLE ORDER granting the motion to seal.",
        source="courtlistener",
        now=T2,
        entry_number=5,
        title="ORDER granting Motion to Seal " + "SAMPLE " * (MEGABYTE // 7),
    )
    db.close()
    return path


def test_a_megabyte_title_is_capped_and_flagged(tmp_path):
    path = hostile_store(tmp_path / "sealtrail.db")
    con = sqlite3.connect(path)
    name, case_cut = con.execute("select case_name, cut_fields from cases").fetchone()
    short, text, entry_cut = con.execute(
        "select short_description, text, cut_fields from docket_entries"
    ).fetchone()
    title, document_cut = con.execute("select title, cut_fields from documents").fetchone()
    con.close()
    assert len(name) <= CASE_NAME_MAX and name.startswith("SAMPLE Doe v. Noem, and other")
    assert name.endswith("\u2026 [cut from 1,000,020 characters]")
    assert json.loads(case_cut) == ["case_name"]
    assert json.loads(entry_cut) == ["short_description", "text"]
    assert len(short) <= 400 and len(text) <= DOCKET_TEXT_MAX
    assert len(title) <= TITLE_MAX and json.loads(document_cut) == ["title"]


def test_an_order_text_past_any_real_length_is_cut_and_flagged(tmp_path):
    """Order texts are kept whole for search, up to 4 M characters (at most 16 MB of UTF-8):
    a longer one (a hostile source, a text lengthened by redaction) is cut and flagged, so no
    stored value passes the 32 MiB a served value may be (feeds.sql_limits)."""
    db = connect(str(tmp_path / "sealtrail.db"))
    ingest_entries(db, [sample_entry()], source="pacer_rss", now=T1)
    page = "SAMPLE ORDER granting the motion to seal. A# 099-123-456 is named. " * 10
    text = page * (DOCUMENT_TEXT_MAX // len(page) + 5)
    store_order(db, sample_analysis(), text, source="file", now=T2, entry_number=5)
    stored, flags = db.execute("select text, cut_fields from documents").fetchone()
    assert len(stored) <= DOCUMENT_TEXT_MAX < len(text)
    assert is_cut(stored) and json.loads(flags) == ["text"]
    assert "099-123-456" not in stored and A_NUMBER in stored[:1000]
    db.close()


def test_a_megabyte_title_does_not_reach_the_feeds(tmp_path):
    path = hostile_store(tmp_path / "sealtrail.db")
    written = export_feeds(path, tmp_path / "feeds")
    assert len(written) >= 6
    for feed_file in written:
        data = feed_file.read_bytes()
        assert len(data) < 100_000, (feed_file.name, len(data))
        parsed = feedparser.parse(data)
        assert not parsed.bozo, (feed_file.name, parsed.bozo_exception)
        for entry in parsed.entries:
            assert len(entry.title) < 1000
            assert "[cut from 1,000,020 characters]" in entry.title
    from tests.test_security import get_all

    page = get_all(path, ["/-/feeds"])["/-/feeds"]
    assert page.status_code == 200 and len(page.content) < 100_000
    assert "cut from 1,000,020 characters" in page.text


def test_a_crawl_run_detail_is_redacted_and_capped(tmp_path):
    """Skip reasons quote titles: a 1 MB one, and a thousand of them, stay out of crawl_runs."""
    db = connect(str(tmp_path / "sealtrail.db"))
    record_run(
        db,
        source="pacer_rss",
        court=COURT,
        started=T1,
        finished=T2,
        status="partial",
        detail={
            "url": URL_QUERY,
            "skipped_reasons": [f"item 1: {ALIEN_HASH} " + "SAMPLE " * (MEGABYTE // 7)]
            + [f"item {n}: SAMPLE title" for n in range(2, 1001)],
        },
    )
    (stored,) = db.execute("select detail from crawl_runs").fetchone()
    db.close()
    detail = json.loads(stored)
    assert len(stored) < 60_000 and leaks(stored) == []
    reasons = detail["skipped_reasons"]
    assert reasons[0].startswith(f"item 1: Alien #: {A_NUMBER} SAMPLE") and is_cut(reasons[0])
    assert len(reasons) == 50 and reasons[-1] == "\u2026 [cut from 1,000 items]"
    assert detail["url"].endswith("alien_number=%5BA-NUMBER+REDACTED%5D")
