"""`event_dates` (schema 0018): every event's UTC date, kept by triggers, sorts the views.

SAMPLE entries go in through the real store (`monitor.store.ingest_entries`), then are
changed, reclassified and deleted; after each step every event has exactly one date row with
the right value, and the newest-first order is by the true instant across UTC offsets.
"""

from __future__ import annotations

from monitor.reclassify import reclassify_all
from monitor.schema import connect
from monitor.store import ingest_entries

NOW = "2026-12-03T10:00:00+00:00"


def entry(number: int, published: str, short: str = "Motion to Seal") -> dict:
    return {
        "court": "casd",
        "docket_number": "3:26-cv-00901",
        "case_name": "SAMPLE Petitioner v. Director, ICE",
        "pacer_case_id": "900901",
        "entry_number": number,
        "short_description": short,
        "text": "",
        "document_url": None,
        "published": published,
        "guid": f"sample-guid-{number}",
        "case_url": None,
    }


def dates(db) -> dict[str, str]:
    return dict(db.execute("select event_id, date_utc from event_dates").fetchall())


def consistent(db) -> bool:
    """One date row per event, nothing else."""
    events = {r[0] for r in db.execute("select id from sealing_events").fetchall()}
    return set(dates(db)) == events


def test_dates_follow_every_write_and_sort_by_instant(tmp_path):
    db = connect(str(tmp_path / "dates.db"))
    # 23:30 at UTC-5 is 04:30 UTC the next day: later than 01:00 UTC on that day.
    items = [
        entry(3, "2026-11-18T23:30:00-05:00"),
        entry(4, "2026-11-19T01:00:00+00:00", "Order on Motion to Seal"),
        entry(5, "2026-11-17T09:00:00+00:00", "Sealed Document"),
    ]
    stats = ingest_entries(db, items, source="pacer_rss", now=NOW, keep_all_cases=True)
    assert stats.new_events == 3 and consistent(db)
    got = dates(db)
    assert sorted(got.values()) == [
        "2026-11-17T09:00:00Z",
        "2026-11-19T01:00:00Z",
        "2026-11-19T04:30:00Z",
    ]
    newest = [
        r[0]
        for r in db.execute(
            "select entry_number from immigration_sealing_events order by date_utc desc"
        ).fetchall()
    ]
    assert newest == [3, 4, 5]

    # The entry's date changes (a corrected feed): its event's date follows.
    db.execute(
        "update docket_entries set date_filed = '2026-11-16T08:00:00+00:00' where entry_number = 3"
    )
    event_3 = db.execute(
        "select e.id from sealing_events e join docket_entries d on d.id = e.entry_id "
        "where d.entry_number = 3"
    ).fetchone()[0]
    assert dates(db)[event_3] == "2026-11-16T08:00:00Z"

    # Reclassifying rewrites events; the same crawl again changes nothing.
    reclassify_all(db, now=NOW)
    assert consistent(db)
    ingest_entries(db, items, source="pacer_rss", now=NOW, keep_all_cases=True)
    assert consistent(db) and len(dates(db)) == 3

    # An event removed is removed from the dates; every view row still has its date.
    db.execute("delete from sealing_events where id = ?", [event_3])
    assert consistent(db) and len(dates(db)) == 2
    view = db.execute("select count(*), count(date_utc) from all_sealing_events").fetchone()
    assert view == (2, 2)
    assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
    db.execute("insert into sealing_events_fts(sealing_events_fts) values('integrity-check')")


def test_an_upsert_of_an_event_keeps_one_date_row(tmp_path):
    """A statement's conflict clause overrides the ones in the triggers it fires: the triggers
    must not depend on theirs (sqlite-utils' upsert is INSERT ... ON CONFLICT DO UPDATE)."""
    db = connect(str(tmp_path / "upsert.db"))
    ingest_entries(db, [entry(3, "2026-11-18T23:30:00-05:00")], source="pacer_rss", now=NOW)
    (event,) = [dict(r) for r in db["sealing_events"].rows]
    db["sealing_events"].upsert({**event, "first_seen": "2026-11-20T00:00:00+00:00"}, pk="id")
    db["sealing_events"].insert(event, ignore=True)
    assert consistent(db)
    assert dates(db) == {event["id"]: "2026-11-19T04:30:00Z"}
    plan = db.execute(
        "explain query plan select id from sealing_events where entry_id = 'x'"
    ).fetchall()
    assert "USING INDEX" in " ".join(str(step) for step in plan)
