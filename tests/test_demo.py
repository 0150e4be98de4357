"""`sealtrail demo` end to end: sample feeds over loopback HTTP → real crawl → store → feeds."""

from __future__ import annotations

import json

import feedparser
import pytest

from monitor.demo import (
    COURTLISTENER_FEED,
    GOVINFO_DIR,
    SAMPLE_DIR,
    build_demo,
    govinfo_courts,
    sample_courts,
)
from monitor.schema import connect


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("demo")
    return build_demo(workdir), workdir


def test_sample_files_say_they_are_sample_data():
    for path in [*SAMPLE_DIR.glob("*.xml"), *GOVINFO_DIR.glob("*.*"), COURTLISTENER_FEED]:
        assert "SAMPLE" in path.read_text(encoding="latin-1"), path
    assert len(sample_courts()) >= 3
    assert govinfo_courts() == ["casd"]


def test_demo_covers_the_events_a_reader_needs(demo_db):
    db = connect(str(demo_db[0]))
    events = list(db.query("select * from all_sealing_events"))
    kinds = {(e["event_type"], e["outcome"]) for e in events}
    assert ("motion_to_seal", "none") in kinds
    assert ("sealing_order", "granted") in kinds
    assert ("sealing_order", "denied") in kinds
    assert ("sealing_order", "granted_in_part") in kinds
    assert any(k[0] == "sealed_filing" for k in kinds)
    assert any(k[0] == "unsealing_order" for k in kinds)
    assert any(k[0] == "unseal_motion" for k in kinds)
    assert {e["court"] for e in events} >= {"casd", "txsd", "nysd", "mad"}
    outside = [e for e in events if not e["immigration"]]
    assert outside, "sample should include sealing in non-immigration cases"
    default_view = {row["event_id"] for row in db.query("select * from immigration_sealing_events")}
    assert default_view and not default_view & {e["event_id"] for e in outside}


def test_demo_reads_the_govinfo_order_into_its_docket_event(demo_db):
    import json

    db = connect(str(demo_db[0]))
    event = next(
        db.query(
            "select * from all_sealing_events where event_id = ?",
            [
                "casd:3:25-cv-02210:215"  # the docket entry of the order GovInfo published
            ],
        )
    )
    assert event["document_id"]
    assert event["outcome"] == "granted_in_part" and event["standard"] == "compelling_reasons"
    assert "law_enforcement" in json.loads(event["reason_codes"])
    assert event["entry_text"]  # the docket line is kept beside the order's reading
    feed = (demo_db[1] / "feeds" / "sealing.atom").read_text(encoding="utf-8")
    assert "law enforcement" in feed.lower() and "Supplemental Declaration" in feed


def test_demo_records_a_run_per_source_and_court(demo_db):
    db = connect(str(demo_db[0]))
    runs = {(row["source"], row["court"]): row for row in db["crawl_runs"].rows}
    expected = {("pacer_rss", court) for court in sample_courts()}
    expected |= {("govinfo", court) for court in govinfo_courts()} | {("courtlistener", "all")}
    assert set(runs) == expected
    assert all(run["status"] == "ok" and run["items"] > 0 for run in runs.values())


def test_demo_joins_govinfo_records_to_the_pacer_ones(demo_db):
    db = connect(str(demo_db[0]))
    case = db["cases"].get("casd:3:26-cv-01877")
    assert (case["nos_code"], case["immigration_basis"], case["basis_source"]) == (
        "463",
        "nos:463",
        "govinfo",
    )
    seen_in = {
        row["id"]: json.loads(row["sources"])
        for row in db.query("select id, sources from docket_entries")
        if "pacer_rss" in row["sources"] and len(json.loads(row["sources"])) > 1
    }
    assert seen_in == {
        "casd:3:25-cv-02210:215": ["pacer_rss", "govinfo"],
        "casd:3:26-cv-01877:16": ["pacer_rss", "govinfo", "courtlistener"],
    }
    orders = {row["entry_id"]: row for row in db.query("select * from documents")}
    assert set(orders) == set(seen_in)  # each order read once, onto its numbered entry
    event = next(
        db.query("select * from all_sealing_events where event_id = ?", ["casd:3:26-cv-01877:16"])
    )
    assert "medical" in event["reason_codes"] and event["standard"] == "compelling_reasons"
    # CourtListener's document opening did not replace the docket text
    assert event["entry_text"].startswith("ORDER granting 14 Petitioner's Motion to Seal")


def test_demo_reads_a_courtlistener_document_opening_as_an_order(demo_db):
    db = connect(str(demo_db[0]))
    entry = db["docket_entries"].get("nysd:1:26-cv-05521:33")
    assert (entry["text_kind"], entry["sources"]) == ("excerpt", '["courtlistener"]')
    event = db["sealing_events"].get("nysd:1:26-cv-05521:33")
    assert (event["event_type"], event["outcome"], event["movant_role"]) == (
        "sealing_order",
        "granted",
        "government",
    )
    assert json.loads(event["target_entries"]) == [32]


def test_demo_feeds_read_back_cleanly(demo_db):
    feeds_dir = demo_db[1] / "feeds"
    parsed = feedparser.parse((feeds_dir / "sealing.atom").read_bytes())
    assert not parsed.bozo
    titles = [entry.title for entry in parsed.entries]
    assert titles and all(" · " in title for title in titles)
    assert not any("Coastline Biotech" in title for title in titles)  # not immigration
    rss = feedparser.parse((feeds_dir / "sealing.rss").read_bytes())
    assert not rss.bozo and len(rss.entries) == len(parsed.entries)


def test_pending_motions_query_flags_unreferenced_later_orders(demo_db):
    import yaml

    from monitor.publish import METADATA_PATH

    queries = yaml.safe_load(METADATA_PATH.read_text())["databases"]["sealtrail"]["queries"]
    db = connect(str(demo_db[0]))
    pending = {row["event_id"]: row for row in db.query(queries["pending_motions_to_seal"]["sql"])}
    assert "casd:3:26-cv-01877:14" not in pending  # ruled on by entry 16
    short_feed_motion = pending["nysd:1:26-cv-08817:12"]  # S.D.N.Y. feeds give no references
    assert short_feed_motion["unreferenced_later_order"] == "nysd:1:26-cv-08817:13"


def test_the_demo_builds_again_over_its_last_run(demo_db):
    """`make demo` twice: the store is built again from nothing (another store), and its
    feeds replace the last run's instead of being refused as another store's."""
    _, workdir = demo_db
    manifest = workdir / "feeds" / ".sealtrail-feeds.json"
    before = json.loads(manifest.read_text())
    build_demo(workdir)
    after = json.loads(manifest.read_text())
    assert after["store_id"] != before["store_id"]
    assert {k: after[k] for k in ("events", "courts", "cases", "files")} == {
        k: before[k] for k in ("events", "courts", "cases", "files")
    }
