"""`sealtrail reclassify` and the feeds: an entry whose reading changed is updated in place.

A store holds conclusions drawn by an older classifier. When `reclassify_all` reads them
again, a feed entry whose reading changed keeps its id and its place and gets a later
`updated` (so a reader refreshes it rather than showing it twice or missing the change);
an entry whose reading is the same is published byte for byte as before, even though its
classifier version was brought up to date.

The store is SAMPLE data written for this test, stored through the real `ingest_entries`;
the feeds are built by `feeds.build.build_feed` and read back with feedparser.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import feedparser

from feeds.build import build_feed
from feeds.queries import fetch_events
from monitor.reclassify import reclassify_all
from monitor.schema import connect
from monitor.store import ingest_entries

CRAWLED = "2026-11-21T22:00:00+00:00"
RECLASSIFIED = "2026-12-01T03:00:00+00:00"
CASE = ("casd", "3:26-cv-01877", "SAMPLE Ramirez-Soto v. Noem et al")


def _entry(number: int, short: str, text: str, published: str) -> dict:
    court, docket, name = CASE
    return {
        "court": court,
        "docket_number": docket,
        "case_name": name,
        "pacer_case_id": "812301",
        "entry_number": number,
        "short_description": short,
        "text": text,
        "document_url": f"https://ecf.{court}.uscourts.gov/doc1/0351255{number:05d}",
        "published": published,
        "guid": f"https://ecf.{court}.uscourts.gov/cgi-bin/DktRpt.pl?812301&{number}",
        "case_url": f"https://ecf.{court}.uscourts.gov/cgi-bin/DktRpt.pl?812301",
    }


ENTRIES = [
    _entry(
        14,
        "Motion to Seal",
        "MOTION to Seal Exhibits 3 and 4 by Petitioner Luis Ramirez-Soto.",
        "2026-11-20T17:10:51+00:00",
    ),
    _entry(
        16,
        "Order on Motion to Seal",
        "ORDER granting 14 Motion to Seal. Signed by Magistrate Judge Dana E. Brightwater "
        "on 11/21/2026.",
        "2026-11-21T21:05:44+00:00",
    ),
]
ORDER_ID = "casd:3:26-cv-01877:16"
MOTION_ID = "casd:3:26-cv-01877:14"


def _store(tmp_path):
    path = tmp_path / "sample.db"
    db = connect(str(path))
    ingest_entries(db, ENTRIES, source="pacer_rss", now=CRAWLED)
    return db, path


def _feed(path) -> feedparser.FeedParserDict:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        body = build_feed(fetch_events(conn, "all"), kind="all", fmt="atom", base_url="http://x")
    finally:
        conn.close()
    return body, feedparser.parse(body)


def _by_id(parsed) -> dict:
    return {e.id.rsplit(":", 3)[-1]: e for e in parsed.entries}


def _when(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


def test_an_entry_whose_reading_changed_is_updated_in_place(tmp_path):
    db, path = _store(tmp_path)
    # What an older classifier stored: the order read without its outcome.
    db.execute(
        "update sealing_events set outcome = 'unknown', classifier_version = '2025.1.0' "
        "where id = ?",
        [ORDER_ID],
    )
    db.conn.commit()
    _, before = _feed(path)
    counts = reclassify_all(db, now=RECLASSIFIED)
    _, after = _feed(path)

    assert counts["changed"] == 1
    assert [e.id for e in after.entries] == [e.id for e in before.entries]  # none added
    order_before = next(e for e in before.entries if e.id.endswith("16"))
    order_after = next(e for e in after.entries if e.id.endswith("16"))
    assert order_after.published == order_before.published
    assert _when(order_after.updated) == _when(RECLASSIFIED)
    assert _when(order_before.updated) < _when(RECLASSIFIED)
    assert _when(after.feed.updated) == _when(RECLASSIFIED)
    motion = next(e for e in after.entries if e.id.endswith("14"))
    assert _when(motion.updated) == _when(motion.published)  # untouched entry stays


def test_a_new_classifier_version_alone_changes_no_feed(tmp_path):
    db, path = _store(tmp_path)
    db.execute("update sealing_events set classifier_version = '2025.1.0'")
    db.conn.commit()
    body_before, _ = _feed(path)
    counts = reclassify_all(db, now=RECLASSIFIED)
    body_after, _ = _feed(path)

    assert counts["changed"] == 2  # the version is brought up to date ...
    versions = {r[0] for r in db.execute("select classifier_version from sealing_events")}
    assert versions != {"2025.1.0"}
    assert body_after == body_before  # ... and readers see nothing new


def test_a_recrawl_with_the_same_reading_does_not_move_updated(tmp_path):
    db, _ = _store(tmp_path)
    ingest_entries(db, ENTRIES, source="pacer_rss", now=RECLASSIFIED)
    rows = db.execute("select id, first_seen, updated from sealing_events order by id").fetchall()
    assert [r[0] for r in rows] == [MOTION_ID, ORDER_ID]
    assert all(first == updated == CRAWLED for _, first, updated in rows)


def test_the_judges_office_alone_does_not_move_updated():
    """`judge_role` (schema 0021) is shown by no feed and is empty on rows stored before it:
    filling it in must not re-announce the entry."""
    from monitor.store import event_change

    stored = {"judge": "Dana E. Brightwater", "judge_role": None, "outcome": "granted"}
    read = {"judge": "Dana E. Brightwater", "judge_role": "magistrate", "outcome": "granted"}
    change = event_change(stored, read, RECLASSIFIED)
    assert change is not None and "updated" not in change
    moved = event_change(stored, {**read, "outcome": "denied"}, RECLASSIFIED)
    assert moved["updated"] == RECLASSIFIED


def test_an_order_that_names_no_judge_takes_its_docket_texts_judge(tmp_path):
    from monitor.analyze import analyze_text
    from monitor.orders import store_order

    db, _ = _store(tmp_path)
    unsigned = "SAMPLE ORDER\n\nPetitioner's Motion to Seal (Doc. 14) is GRANTED.\n"
    for text in (unsigned,):
        store_order(
            db,
            analyze_text(text).as_dict(),
            text,
            source="file",
            now=RECLASSIFIED,
            court="casd",
            docket_number="3:26-cv-01877",
            entry_number=16,
        )
    judge, role = db.execute(
        "select judge, judge_role from sealing_events where id = ?", [ORDER_ID]
    ).fetchone()
    assert (judge, role) == ("Dana E. Brightwater", "magistrate")  # from "Signed by ..."
