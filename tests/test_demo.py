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
    expected |= {("courtlistener_recheck", "casd")}  # the sample docket re-read (twice)
    assert set(runs) == expected
    assert all(run["status"] == "ok" and run["items"] > 0 for run in runs.values())
    changes = list(db.query("select kind, entry_id, event_id from docket_changes"))
    assert [(c["kind"], c["entry_id"]) for c in changes] == [("vanished", "casd:3:26-cv-01877:11")]
    assert db["sealing_events"].get(changes[0]["event_id"])["event_type"] == "sealed_after_filing"


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
        if "pacer_rss" in row["sources"] and "govinfo" in row["sources"]
    }
    assert seen_in == {
        "casd:3:25-cv-02210:215": ["pacer_rss", "govinfo"],
        "casd:3:26-cv-01877:16": ["pacer_rss", "govinfo", "courtlistener"],
    }
    orders = {row["entry_id"]: row for row in db.query("select * from documents")}
    # each order read once, onto its numbered entry; GovInfo's older orders (no PACER entry in
    # the feed's window) keep entries of their own
    assert set(orders) >= set(seen_in)
    older = {o for o in orders if o not in seen_in}
    assert len(older) == 11  # Frontera's four older orders, Morales Tzul's seven
    assert {db["docket_entries"].get(o)["sources"] for o in older} == {'["govinfo"]'}
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


# ------------------------------------------------------------- the demo shows every feature


def _queries() -> dict:
    import yaml

    from monitor.publish import METADATA_PATH

    return yaml.safe_load(METADATA_PATH.read_text())["databases"]["sealtrail"]["queries"]


@pytest.fixture(scope="module")
def demo_get(demo_db):
    """GET on the demo store served by Datasette with the demo's metadata and plugins."""
    import asyncio

    from datasette.app import Datasette

    from monitor.publish import metadata_for

    db_path = str(demo_db[0])
    ds = Datasette([db_path], metadata=metadata_for(db_path))
    return lambda path: asyncio.run(ds.client.get(path))


def test_demo_has_an_order_giving_no_reason(demo_db):
    db = connect(str(demo_db[0]))
    rows = list(db.query(_queries()["orders_without_reasons"]["sql"]))
    assert rows and all(row["event_type"] == "sealing_order" for row in rows)
    assert {row["case_name"] for row in rows} == {
        "Frontera Legal Aid v. Noem et al",  # April: seals a declaration, no reason
        "(HC) Morales Tzul et al v. Noem et al",  # September: "good cause appearing"
    }
    # Frontera's July order unseals what April sealed and names no reason for sealing: an
    # unsealing order is no "order without reasons"
    unsealing = db.query(
        "select reasons_stated from immigration_sealing_events"
        " where event_type = 'unsealing_order' and document_id is not null"
    )
    assert [row["reasons_stated"] for row in unsealing] == [0]
    shares = db.query(
        "select sum(reasons_stated = 0) as silent, count(*) as read from immigration_sealing_events"
        " where event_type = 'sealing_order' and document_id is not null"
    )
    share = next(shares)
    assert 0 < share["silent"] < share["read"]  # a no-reason share between 0 and 1


def test_demo_has_a_motion_still_pending(demo_db, demo_get):
    db = connect(str(demo_db[0]))
    pending = {row["event_id"] for row in db.query(_queries()["pending_motions_to_seal"]["sql"])}
    assert "mad:1:26-cv-11873:25" in pending
    page = demo_get("/-/case/mad/1:26-cv-11873")
    assert page.status_code == 200
    assert "Motions with no ruling seen" in page.text and "without a ruling" in page.text


def test_demo_pending_motion_is_weeks_old_counted_from_today(demo_db, demo_get):
    """Filed 23 days before the sample's evening (CourtListener's copy of the motion): weeks
    old on whatever day the demo runs, not minutes."""
    from datetime import UTC, datetime

    db = connect(str(demo_db[0]))
    motion = db["sealing_events"].get("mad:1:26-cv-11873:25")
    entry = db["docket_entries"].get(motion["entry_id"])
    # calendar days in UTC, as the page counts them (not 24-hour periods since the filing
    # time: those differ by one for several hours of every day)
    age = datetime.now(UTC).date() - datetime.fromisoformat(entry["date_filed"][:10]).date()
    assert 21 <= age.days <= 25, age
    assert (
        f"<strong>{age.days} days</strong> without a ruling"
        in demo_get("/-/case/mad/1:26-cv-11873").text
    )


def test_demo_has_a_sealing_later_lifted(demo_db):
    db = connect(str(demo_db[0]))
    lifted = list(
        db.query(
            "select s.case_id from immigration_sealing_events s"
            " join immigration_sealing_events u on u.case_id = s.case_id"
            " where s.event_type = 'sealing_order' and s.outcome = 'granted'"
            " and u.event_type = 'unsealing_order' and u.outcome = 'granted'"
            " and u.date_utc > s.date_utc"
        )
    )
    assert {row["case_id"] for row in lifted} >= {"casd:3:25-cv-02210"}


def test_demo_has_a_judge_with_several_rulings(demo_db, demo_get):
    from feeds.figures import MIN_RULINGS
    from monitor.judges import judge_slug

    db = connect(str(demo_db[0]))
    judges = {
        row["judge"]: row
        for row in db.query(
            "select judge, count(*) as rulings, sum(outcome = 'granted') as granted,"
            " sum(outcome = 'denied') as denied, sum(outcome = 'granted_in_part') as in_part"
            " from immigration_sealing_events where event_type = 'sealing_order'"
            " and outcome in ('granted', 'granted_in_part', 'denied') and judge is not null"
            " group by judge having count(*) >= :minimum",
            {"minimum": MIN_RULINGS},
        )
    }
    assert list(judges) == ["Kenneth R. Salcedo"], "one judge past the charts' minimum"
    name, row = next(iter(judges.items()))
    assert row["granted"] and row["denied"] and row["in_part"]  # a mix: the rate is not 100%
    feed = feedparser.parse(demo_get(f"/-/feeds/judge/{judge_slug(name)}.atom").content)
    assert not feed.bozo and len(feed.entries) >= row["rulings"]
    page = demo_get(f"/-/judge/{judge_slug(name)}").text
    assert "73%</strong> granted: 8 of 11 decided orders" in page
    assert "Too few rulings to compare" not in page


def test_demo_charts_compare_two_courts_and_a_judge(demo_db, demo_get):
    """The grant-rate charts draw S.D. Cal., S.D.N.Y. and Judge Salcedo as compared bars
    (each past `MIN_RULINGS` decided orders, rates below 100%), and the courts and judges
    under the minimum as hatched bars after them."""
    import re
    from html import unescape

    from feeds import figures as fig
    from feeds.svg_chart import NO_DATA

    conn = connect(str(demo_db[0])).conn
    events, reasons, _ = fig.tally_rows(conn, view="immigration_sealing_events")
    by_court = fig.split_by(events, reasons, "court")
    compared = {c: f for c, f in by_court.items() if not f.too_few_rulings}
    assert set(compared) == {"casd", "nysd"}
    assert all(0 < f.granted < f.decided for f in compared.values())
    page = demo_get("/-/charts").text
    assert NO_DATA not in page

    def bars(chart_id: str) -> list[str]:
        figure = re.search(rf'(?s)<figure class="chart" id="{chart_id}">.*?</figure>', page)
        return [unescape(t) for t in re.findall(r"<rect [^>]*><title>([^<]*)</title>", figure[0])]

    assert bars("grant-rate-by-court")[:2] == [
        "S.D. Cal. (casd): 77% (10 of 13)",
        "S.D.N.Y. (nysd): 70% (7 of 10)",
    ]
    assert "S.D. Tex. (txsd): 0 of 1 · fewer than 10 rulings" in bars("grant-rate-by-court")
    judges = bars("grant-rate-by-judge")
    assert judges[0] == "Kenneth R. Salcedo: 73% (8 of 11)"
    assert all("fewer than 10 rulings" in bar for bar in judges[1:]) and len(judges) > 1
    assert bars("no-reason-by-court") == ["S.D. Cal. (casd): 17% (2 of 12)"]


def test_demo_events_span_six_months_ending_today(demo_db):
    from datetime import UTC, datetime, timedelta

    db = connect(str(demo_db[0]))
    dates = [row["date_utc"] for row in db.query("select date_utc from immigration_sealing_events")]
    assert len({d[:7] for d in dates}) >= 6
    newest = datetime.fromisoformat(max(dates))
    assert datetime.now(UTC) - timedelta(days=1) < newest <= datetime.now(UTC)


def test_demo_health_raises_no_false_alarm(demo_db, demo_get):
    feed = feedparser.parse(demo_get("/-/feeds/health.atom").content)
    assert not feed.bozo and feed.feed.title.endswith("(0 flagged)") and feed.entries == []
    rows = demo_get("/sealtrail/crawl_health.json?_shape=array").json()
    assert rows and all(row["flags"] == "" for row in rows)


def _offered(html: str) -> set[str]:
    """Concrete site addresses a page offers, as links or as `<code>` examples."""
    import re
    from html import unescape

    found = re.findall(r'(?:href="|<code>)(/[^"<\s]*)', html)
    return {unescape(p) for p in found if "<" not in unescape(p) and not p.startswith("/-/static")}


def test_every_address_the_demo_offers_answers(demo_get):
    import re

    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    offered = set()
    for path in re.findall(r"`(/-/[^`{}<>\s]+)`", readme):
        stem, _, formats = path.rpartition(".")  # `/-/feeds/sealing.atom|rss`: both
        offered |= {f"{stem}.{fmt}" for fmt in formats.split("|")} if "|" in formats else {path}
    for page in ("/", "/-/feeds"):
        response = demo_get(page)
        assert response.status_code == 200
        offered |= _offered(response.text)
    assert "/-/feeds" in offered and any(p.startswith("/-/feeds/case/") for p in offered)
    answers = {path: demo_get(path).status_code for path in sorted(offered)}
    failing = {path: code for path, code in answers.items() if code != 200}
    assert {path: code for path, code in failing.items() if path not in NOT_YET_SERVED} == {}


# Addresses offered before the page that serves them has landed (none now).
NOT_YET_SERVED: set[str] = set()
