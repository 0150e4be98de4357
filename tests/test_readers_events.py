"""`readers_events` (migration 0024): the readers' view read from a table kept by triggers.

`sealing_events_for_readers` must answer exactly what migration 0022's definition (a view
over `immigration_sealing_events`, `READERS_VIEW_0022` below) answers: the same rows
in the same order, the same count and the same facet counts. SAMPLE entries and orders go in
through the real write paths (ingest, store_order / merge_order, enrich, reclassify), then
cases turn immigration or not, entries and events are changed, merged and deleted; after
every step both definitions are compared, and the table is compared with `all_sealing_events`
for every event. Datasette is then served over the store: its page, count and facets for the
view equal those of the old definition.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from feeds.queries import (
    CASE_COUNT_SQL,
    GROUP_COUNTS_SQL,
    NEWEST_CASE_IDS_SQL,
    VIEWS,
    cases_with_events,
    feed_counts,
    fetch_case,
    recent_cases,
)
from monitor.enrich import enrich_case
from monitor.orders import store_order
from monitor.readers_events import READERS_COLUMNS
from monitor.reclassify import reclassify_all
from monitor.schema import READERS_VIEW, connect
from monitor.store import ingest_entries
from monitor.transactions import open_database
from tests.released_schemas import snapshots
from tests.served import served_get

T1, T2, T3 = "2026-11-21T10:00:00+00:00", "2026-11-22T11:00:00+00:00", "2026-11-23T12:00:00+00:00"
# The readers' view as migration 0022 defined it (a view over the immigration view): what the
# kept table must answer.
READERS_VIEW_0022 = """select
  substr(date, 1, 10) as date,
  court_name,
  case_name,
  docket_number,
  event_type,
  summary,
  movant_role,
  outcome,
  reason_codes,
  judge,
  event_id,
  court,
  date_utc
from immigration_sealing_events"""
OLD = f"({READERS_VIEW_0022})"
FACETS = ("court_name", "event_type", "outcome", "movant_role", "judge")
ORDER_TEXT = "SAMPLE ORDER text written for sealtrail tests: the exhibits hold medical records."


def entry(court: str, docket: str, caption: str, number: int, short: str, text: str, when: str):
    return {
        "court": court,
        "docket_number": docket,
        "case_name": caption,
        "pacer_case_id": f"{court}-{docket}",
        "entry_number": number,
        "short_description": short,
        "text": text,
        "document_url": None,
        "published": when,
        "guid": f"SAMPLE-{court}-{docket}-{number}",
        "case_url": None,
    }


CASD = ("casd", "3:26-cv-01877", "SAMPLE Ramirez-Soto v. Noem et al")
TXSD = ("txsd", "4:25-cv-04417", "SAMPLE Diallo v. Bondi")
NYSD = ("nysd", "1:26-cv-00042", "SAMPLE Acme Co. v. Widgets LLC")  # not immigration, yet


def sample_entries() -> list[dict]:
    """Motions, orders (one without a movant: it takes its motion's), sealed and redacted
    filings, two events at the same instant (a tie in the sort), across three courts."""
    return [
        entry(*CASD, 14, "Motion to Seal", "MOTION to Seal Exhibits 3 and 4 by Petitioner.", T1),
        entry(*CASD, 15, "Sealed Document", "SEALED DOCUMENT re 14 Motion to Seal.", T1),
        entry(*CASD, 16, "Order on Motion to Seal", "ORDER granting 14 Motion to Seal.", T2),
        entry(*TXSD, 17, "Motion to Seal", "MOTION to Seal Exhibit A by Respondents.", T1),
        entry(*TXSD, 18, "Redacted Document", "REDACTED DOCUMENT re 17 by Respondents.", T2),
        entry(*TXSD, 19, "Order", "ORDER denying 17 Motion to Seal.", T3),
        entry(*NYSD, 3, "Motion to Seal", "MOTION to Seal Exhibit 2 by Defendants.", T2),
        entry(*NYSD, 4, "Order", "ORDER granting 3 Motion to Seal.", T3),
    ]


def order_analysis(**changes) -> dict:
    """What monitor.analyze would say of a sample order (written by hand for these tests)."""
    base = {
        "court": "casd",
        "court_name": "S.D. Cal.",
        "case_number": "3:26-cv-01877",
        "case_name": "SAMPLE Ramirez-Soto v. Noem",
        "judge": "Dana E. Brightwater",
        "judge_role": "magistrate",
        "date_signed": "2026-11-22",
        "date_filed": "",
        "event_type": "sealing_order",
        "outcome": "granted",
        "movant_text": "Petitioner",
        "movant_role": "plaintiff_petitioner",
        "motion_refs": [14],
        "documents_sealed": ["Exhibit 3 (medical records)"],
        "reasons": [
            {"code": "medical", "evidence": "the exhibits contain medical records"},
            {"code": "safety", "evidence": "disclosure could expose the family to harm"},
        ],
        "reasons_stated": True,
        "standard": "compelling_reasons",
        "authorities": [],
        "local_rule": "79.2(c)",
        "flags": [],
    }
    return {**base, **changes}


def answers(db, view: str) -> dict:
    """What Datasette asks of the view: the rows newest first, the count, each facet."""
    conn = db.conn
    got = {
        "rows": conn.execute(f"select * from {view} order by date_utc desc").fetchall(),
        "count": conn.execute(f"select count(*) from (select * from {view})").fetchone()[0],
        "columns": [d[0] for d in conn.execute(f"select * from {view} limit 0").description],
    }
    for column in FACETS:
        got[column] = conn.execute(
            f"select {column} as value, count(*) as count from (select * from {view}) "
            f"where {column} is not null group by {column} order by count desc, value limit 31"
        ).fetchall()
    got["reason_codes"] = conn.execute(
        f"with inner as (select * from {view}), d as (select distinct j.value, inner.* "
        "from json_each([inner].reason_codes) j join inner) "
        "select value, count(*) from d group by value order by count(*) desc, value"
    ).fetchall()
    return got


def kept_rows(db) -> list[tuple]:
    return db.conn.execute(
        "select event_id, immigration, case_id, "
        + ", ".join(c for c in READERS_COLUMNS if c != "event_id")
        + " from readers_events order by event_id"
    ).fetchall()


def source_rows(db) -> list[tuple]:
    """Every event as `all_sealing_events` reads it now, in the table's shape."""
    columns = [
        "substr(date, 1, 10)" if c == "date" else c for c in READERS_COLUMNS if c != "event_id"
    ]
    return db.conn.execute(
        "select event_id, coalesce(immigration = 1, 0), case_id, "
        + ", ".join(columns)
        + " from all_sealing_events order by event_id"
    ).fetchall()


def check(db) -> dict:
    """The table holds every event as the views read it, and the readers' view answers what
    0022's did. Returns the answers, for the caller to look at."""
    assert kept_rows(db) == source_rows(db)
    new, old = answers(db, READERS_VIEW), answers(db, OLD)
    assert new == old
    assert new["columns"] == list(READERS_COLUMNS)
    return new


@pytest.fixture
def db(tmp_path):
    store = connect(str(tmp_path / "sealtrail.db"))
    ingest_entries(store, sample_entries(), source="pacer_rss", now=T3, keep_all_cases=True)
    return store


def rows_by_id(answer: dict) -> dict[str, dict]:
    columns = answer["columns"]
    rows = (dict(zip(columns, row, strict=True)) for row in answer["rows"])
    return {row["event_id"]: row for row in rows}


def test_ingest_fills_it_and_the_views_agree_ties_included(db):
    got = check(db)
    shown = rows_by_id(got)
    assert got["count"] == 6 and len(shown) == 6  # the nysd case is not immigration
    assert "nysd:1:26-cv-00042:3" not in shown
    # Two immigration events at T1 in each case, a tie in date_utc: same order both ways.
    at_t1 = [
        r for r in got["rows"] if r[READERS_COLUMNS.index("date_utc")].startswith("2026-11-21")
    ]
    assert len(at_t1) == 3
    # The order names no movant: the view shows its motion's (0006), and so does the table.
    assert shown["casd:3:26-cv-01877:14"]["movant_role"] == "plaintiff_petitioner"
    assert shown["casd:3:26-cv-01877:16"]["movant_role"] == "plaintiff_petitioner"
    # The same crawl again changes nothing.
    ingest_entries(db, sample_entries(), source="pacer_rss", now=T3, keep_all_cases=True)
    assert check(db) == got


def test_an_order_read_later_brings_its_reasons_judge_and_summary(db):
    before = rows_by_id(check(db))["casd:3:26-cv-01877:16"]
    assert before["reason_codes"] == "[]" and not before["judge"]
    store_order(db, order_analysis(), ORDER_TEXT, source="file", now=T3, entry_number=16)
    got = check(db)
    after = rows_by_id(got)["casd:3:26-cv-01877:16"]
    assert sorted(json.loads(after["reason_codes"])) == ["medical", "safety"]
    assert after["judge"] == "Dana E. Brightwater"
    assert after["summary"] != before["summary"]
    assert ("medical", 1) in got["reason_codes"]
    assert ("Dana E. Brightwater", 1) in got["judge"]
    # The same order read again, then with one reason fewer (merge_order replaces them).
    store_order(db, order_analysis(), ORDER_TEXT, source="file", now=T3, entry_number=16)
    check(db)
    fewer = order_analysis(reasons=[{"code": "medical", "evidence": "medical records"}])
    store_order(db, fewer, ORDER_TEXT + " Amended.", source="file", now=T3, entry_number=16)
    got = check(db)
    assert ("safety", 1) not in got["reason_codes"]


def test_cases_that_turn_immigration_or_not_move_in_and_out(db):
    # enrich: CourtListener says the nysd case is an immigration habeas (nature of suit 463).
    result = enrich_case(
        db,
        {
            "court": "nysd",
            "docket_number": NYSD[1],
            "case_name": NYSD[2],
            "nature_of_suit": "Habeas Corpus - Alien Detainee",
            "nos_code": "463",
        },
        source="courtlistener",
        now=T3,
    )
    assert result["immigration"]
    got = check(db)
    assert got["count"] == 8 and "nysd:1:26-cv-00042:4" in rows_by_id(got)
    # A case read as immigration by mistake, corrected by hand; a caption corrected.
    db.execute("update cases set immigration = 0 where id = ?", ["txsd:" + TXSD[1]])
    db.execute("update cases set case_name = 'SAMPLE Renamed v. ICE' where court_id = 'casd'")
    got = check(db)
    assert got["count"] == 5
    assert {r["case_name"] for r in rows_by_id(got).values() if r["court"] == "casd"} == {
        "SAMPLE Renamed v. ICE"
    }
    # A case whose immigration is unknown (NULL) is not shown, as before.
    db.execute("update cases set immigration = null where court_id = 'nysd'")
    assert check(db)["count"] == 3


def test_courts_entries_links_and_events_changed_or_deleted(db):
    db.execute("update courts set short_name = 'SAMPLE Court' where id = 'casd'")
    assert ("SAMPLE Court", 3) in check(db)["court_name"]
    db.execute("delete from courts where id = 'casd'")  # the view's left join: no name
    assert all(
        r["court_name"] is None for r in rows_by_id(check(db)).values() if r["court"] == "casd"
    )
    db.execute("insert into courts (id, short_name) values ('casd', 'S.D. Cal.')")
    check(db)
    # A corrected filing date moves the event (date and sort key); a deleted entry falls
    # back to when the event was first seen.
    db.execute(
        "update docket_entries set date_filed = '2026-10-01T23:30:00-07:00' "
        "where id = 'casd:3:26-cv-01877:15'"
    )
    moved = rows_by_id(check(db))["casd:3:26-cv-01877:15"]
    assert (moved["date"], moved["date_utc"]) == ("2026-10-01", "2026-10-02T06:30:00Z")
    db.execute("delete from docket_entries where id = 'txsd:4:25-cv-04417:18'")
    check(db)
    # The motion's movant changes: the order that inherits it follows; the link goes: the
    # order shows its own again.
    db.execute(
        "update sealing_events set movant_role = 'government' where id = 'casd:3:26-cv-01877:14'"
    )
    assert rows_by_id(check(db))["casd:3:26-cv-01877:16"]["movant_role"] == "government"
    db.execute("delete from event_links where from_event = 'casd:3:26-cv-01877:16'")
    assert rows_by_id(check(db))["casd:3:26-cv-01877:16"]["movant_role"] == "unknown"
    db.execute(
        "insert into event_links (from_event, to_event, relation) "
        "values ('casd:3:26-cv-01877:16', 'casd:3:26-cv-01877:14', 'rules_on')"
    )
    assert rows_by_id(check(db))["casd:3:26-cv-01877:16"]["movant_role"] == "government"
    # The motion itself is deleted: the order loses what it inherited.
    db.execute("delete from sealing_events where id = 'casd:3:26-cv-01877:14'")
    got = rows_by_id(check(db))
    assert "casd:3:26-cv-01877:14" not in got
    assert got["casd:3:26-cv-01877:16"]["movant_role"] == "unknown"
    # An event whose id changes (an unnumbered entry merged into its numbered one).
    db.execute(
        "update sealing_events set id = 'txsd:4:25-cv-04417:99' where id = 'txsd:4:25-cv-04417:17'"
    )
    got = rows_by_id(check(db))
    assert "txsd:4:25-cv-04417:99" in got and "txsd:4:25-cv-04417:17" not in got
    db.execute("delete from cases where id = ?", ["txsd:" + TXSD[1]])
    assert not any(r["court"] == "txsd" for r in rows_by_id(check(db)).values())
    assert db.execute("pragma integrity_check").fetchone()[0] == "ok"


def test_rows_written_out_of_order_and_by_hand(db):
    """Writes no store function makes today but SQL allows: a motion stored after the link
    to it, a case or entry stored after its events, reasons and links edited or deleted, a
    date row deleted. Each trigger is needed by one of these."""
    motion = dict(db["sealing_events"].get("casd:3:26-cv-01877:14"))
    db.execute("delete from sealing_events where id = ?", [motion["id"]])
    assert rows_by_id(check(db))["casd:3:26-cv-01877:16"]["movant_role"] == "unknown"
    db["sealing_events"].insert(motion)
    assert rows_by_id(check(db))["casd:3:26-cv-01877:16"]["movant_role"] == "plaintiff_petitioner"
    db.execute(
        "update event_links set relation = 'mentions' where from_event = 'casd:3:26-cv-01877:16'"
    )
    assert rows_by_id(check(db))["casd:3:26-cv-01877:16"]["movant_role"] == "unknown"
    # The case row goes and comes back: its events leave the view and return.
    case = dict(db["cases"].get("casd:" + CASD[1]))
    db.execute("delete from cases where id = ?", [case["id"]])
    assert check(db)["count"] == 3
    db["cases"].insert(case)
    assert check(db)["count"] == 6
    # The same instant in another offset: date_utc stays, the court's day changes.
    entry_id = "casd:3:26-cv-01877:15"
    stored = dict(db["docket_entries"].get(entry_id))
    db.execute(
        "update docket_entries set date_filed = '2026-11-21T10:00:00+00:00' where id = ?",
        [entry_id],
    )
    assert rows_by_id(check(db))[entry_id]["date"] == "2026-11-21"
    db.execute(
        "update docket_entries set date_filed = '2026-11-21T23:00:00+13:00' where id = ?",
        [entry_id],
    )
    assert rows_by_id(check(db))[entry_id]["date"] == "2026-11-21"
    db.execute(
        "update docket_entries set date_filed = '2026-11-22T00:00:00+14:00' where id = ?",
        [entry_id],
    )
    shown = rows_by_id(check(db))[entry_id]
    assert (shown["date"], shown["date_utc"]) == ("2026-11-22", "2026-11-21T10:00:00Z")
    db.execute("delete from docket_entries where id = ?", [entry_id])
    check(db)
    db["docket_entries"].insert({**stored, "date_filed": "2026-11-22T00:00:00+14:00"})
    assert rows_by_id(check(db))[entry_id]["date"] == "2026-11-22"
    # Reasons edited and deleted by hand.
    order = "casd:3:26-cv-01877:16"
    store_order(db, order_analysis(), ORDER_TEXT, source="file", now=T3, entry_number=16)
    db.execute("update event_reasons set reason = 'other' where reason = 'safety'")
    assert ("other", 1) in check(db)["reason_codes"]
    db.execute("delete from event_reasons where event_id = ?", [order])
    assert rows_by_id(check(db))[order]["reason_codes"] == "[]"
    # A date row deleted: the views' inner join drops the event, and so does the table.
    db.execute("delete from event_dates where event_id = ?", [order])
    assert order not in rows_by_id(check(db))


def test_reclassify_rewrites_and_removes_and_the_table_follows(db):
    store_order(db, order_analysis(), ORDER_TEXT, source="file", now=T3, entry_number=16)
    check(db)
    # Readings made stale (an old classifier, wrong outcomes, a summary): reclassify rewrites.
    db.execute("update sealing_events set classifier_version = '0', outcome = 'moot'")
    db.execute("update sealing_events set summary = 'stale' where event_type = 'sealed_filing'")
    assert ("moot", 6) in check(db)["outcome"]
    # An entry that no longer reads as sealing: its event is removed.
    db.execute(
        "update docket_entries set text = 'NOTICE of Appearance by SAMPLE Counsel.', "
        "short_description = 'Notice of Appearance' where id = 'txsd:4:25-cv-04417:18'"
    )
    counts = reclassify_all(db, now=T3)
    assert counts["changed"] >= 5 and counts["removed"] == 1
    got = check(db)
    assert ("moot", 6) not in got["outcome"]
    assert "txsd:4:25-cv-04417:18" not in rows_by_id(got)
    assert reclassify_all(db, now=T3)["changed"] == 0
    assert check(db) == got


def test_the_readers_view_reads_the_table_through_its_indexes(db):
    def plan(sql: str) -> str:
        return " ".join(str(step) for step in db.execute("explain query plan " + sql).fetchall())

    view = f"(select * from {READERS_VIEW})"
    rows = plan(f"select * from {READERS_VIEW} order by date_utc desc limit 51")
    assert "readers_events USING PRIMARY KEY" in rows and "TEMP B-TREE" not in rows
    for column in FACETS:
        facet = plan(
            f"select {column}, count(*) from {view} where {column} is not null group by {column}"
        )
        assert f"COVERING INDEX readers_events_by_{column}" in facet, facet
        assert "GROUP BY" not in facet
    assert "COVERING INDEX" in plan(f"select count(*) from {view}")


def test_datasette_serves_the_same_page_count_and_facets(db, tmp_path):
    store_order(db, order_analysis(), ORDER_TEXT, source="file", now=T3, entry_number=16)
    old = answers(db, OLD)
    db.close()
    get = served_get(tmp_path / "sealtrail.db")
    fetch = next(get)
    try:
        page = fetch(f"/sealtrail/{READERS_VIEW}.json?_shape=objects&_size=100")
        assert page.status_code == 200, page.text
        data = page.json()
        assert data["filtered_table_rows_count"] == old["count"] == 6
        assert [r["event_id"] for r in data["rows"]] == [
            r[READERS_COLUMNS.index("event_id")] for r in old["rows"]
        ]
        facets = data["facet_results"]
        for column in FACETS:
            shown = (
                [(v["value"], v["count"]) for v in facets[column]["results"]]
                if (column in facets)
                else []
            )
            assert shown == [tuple(r) for r in old[column]], column
        assert (
            [(v["value"], v["count"]) for v in facets["reason_codes"]["results"]]
            == [tuple(r) for r in old["reason_codes"]]
            == [("medical", 1), ("safety", 1)]
        )
        assert not data.get("facets_timed_out")
        html = fetch(f"/sealtrail/{READERS_VIEW}")
        assert html.status_code == 200 and "SAMPLE Ramirez-Soto" in html.text
        # The kept table is internal: hidden from the database page, its JSON still answers.
        database = fetch("/sealtrail.json").json()
        tables = {t["name"]: t for t in database["tables"]}
        assert tables["readers_events"]["hidden"]
        assert READERS_VIEW in [view["name"] for view in database["views"]]
        assert fetch("/sealtrail/readers_events.json?_size=1").status_code == 200
    finally:
        next(get, None)


# What feeds.queries counted over the event views before it read readers_events: the answers
# the feeds page and the OPML must keep.
def view_counts(db, view: str) -> dict:
    conn = db.conn
    published = f"from {view} v where v.event_type != 'not_sealing'"
    counts: dict = {"court": {}, "outcome": {}, "type": {}, "judge": {}, "reason": {}}
    for column, group in (("court", "court"), ("outcome", "outcome"), ("event_type", "type")):
        for value, n in conn.execute(f"select v.{column}, count(*) {published} group by 1"):
            if value:
                counts[group][value] = n
    for value, n in conn.execute(f"select v.judge, count(*) {published} group by 1"):
        if value and value.strip():
            counts["judge"][value] = n
    for value, n in conn.execute(
        f"select r.reason, count(*) from event_reasons r join {view} v on v.event_id = r.event_id "
        "where v.event_type != 'not_sealing' group by 1"
    ):
        counts["reason"][value] = n
    counts["cases"] = conn.execute(f"select count(distinct v.case_id) {published}").fetchone()[0]
    # changes after filing per court (issue 17), read from the table, not the changes view
    kept = "c.immigration = 1" if view == "immigration_sealing_events" else "1"
    counts["changes"] = dict(
        conn.execute(
            "select c.court_id, count(*) from docket_changes d join cases c on c.id = d.case_id "
            f"where {kept} group by 1"
        ).fetchall()
    )
    cases = conn.execute(
        f"select distinct v.court, v.docket_number {published} order by 1, 2"
    ).fetchall()
    counts["case list"] = [tuple(row) for row in cases]
    return counts


def kept_counts(db, view: str, limit: int = -1) -> dict:
    counts = feed_counts(db.conn, view=view)
    counts["case list"] = cases_with_events(db.conn, view=view, limit=limit)
    return counts


def test_the_feeds_counts_and_case_lists_read_the_table_and_agree(db):
    store_order(db, order_analysis(), ORDER_TEXT, source="file", now=T3, entry_number=16)
    db.execute("update sealing_events set event_type = 'not_sealing' where id like 'txsd:%:18'")
    db.execute("update sealing_events set judge = '  ' where id like 'txsd:%:19'")
    for view in VIEWS:
        got = kept_counts(db, view)
        assert got == view_counts(db, view), view
    got = kept_counts(db, "immigration_sealing_events")
    assert got["reason"] == {"medical": 1, "safety": 1} and got["cases"] == 2
    assert got["judge"] == {"Dana E. Brightwater": 1}  # the blank judge is left out
    assert got["type"].get("not_sealing") is None and sum(got["court"].values()) == 5
    assert kept_counts(db, "all_sealing_events")["cases"] == 3
    # The feeds page lists the cases with the latest activity, newest first, with what
    # fetch_case says of each; the export lists every case.
    for view in VIEWS:
        events = db.conn.execute(
            f"select case_id, date_utc from {view} where event_type != 'not_sealing' "
            "order by date_utc desc, event_id desc"
        ).fetchall()
        newest = list(dict.fromkeys(case_id for case_id, _ in events))
        expected = [
            {**fetch_case(db.conn, *case_id.split(":", 1), view=view), "latest": latest}
            for case_id, latest in ((c, max(d for i, d in events if i == c)) for c in newest)
        ]
        assert recent_cases(db.conn, view=view, limit=2) == expected[:2]
        assert recent_cases(db.conn, view=view, limit=100) == expected
        assert (
            cases_with_events(db.conn, view=view, limit=1) == kept_counts(db, view)["case list"][:1]
        )
    # txsd's order (T3) is newer than casd's (T2); the nysd case is not immigration.
    assert [c["case_id"] for c in recent_cases(db.conn, limit=5)] == [
        "txsd:" + TXSD[1],
        "casd:" + CASD[1],
    ]
    # Counting reads only the table's indexes, never the events or the views.
    for sql in (
        *GROUP_COUNTS_SQL["immigration_sealing_events"].values(),
        CASE_COUNT_SQL["immigration_sealing_events"],
    ):
        plan = " ".join(str(step) for step in db.execute("explain query plan " + sql).fetchall())
        assert "COVERING INDEX readers_events_by_" in plan and "sealing_events " not in plan, plan
        assert "TEMP B-TREE" not in plan, plan
    # The newest cases are read off the table's own order: nothing sorted.
    plan = " ".join(
        str(step)
        for step in db.execute(
            "explain query plan " + NEWEST_CASE_IDS_SQL["immigration_sealing_events"]
        ).fetchall()
    )
    assert "USING PRIMARY KEY" in plan and "TEMP B-TREE" not in plan, plan


def test_0024_fills_the_table_from_a_store_of_the_version_before(tmp_path):
    """A store of the version before 0024 (restored from its snapshot, with 0022's readers'
    view), written by ingest and an order read: after the upgrade the view answers exactly
    what it answered before, and the triggers keep it so from then on."""
    (snapshot,) = [s for m, _, s in snapshots() if m == "0023_repair_edited_migrations"]
    path = str(tmp_path / "old.db")
    conn = sqlite3.connect(path)
    conn.executescript(snapshot.read_text())
    conn.close()
    old = open_database(path)
    assert not old["readers_events"].exists()
    ingest_entries(old, sample_entries(), source="pacer_rss", now=T3, keep_all_cases=True)
    store_order(old, order_analysis(), ORDER_TEXT, source="file", now=T3, entry_number=16)
    before = answers(old, READERS_VIEW)
    assert before["count"] == 6 and before["reason_codes"]
    old.close()
    db = connect(path)
    assert check(db) == before
    db.execute("update cases set immigration = 0 where court_id = 'casd'")
    assert check(db)["count"] == 3


def test_a_changed_trigger_is_recreated_and_the_table_refilled(db):
    """The triggers are derived objects: one whose stored SQL differs (an older version's, or
    dropped by hand) is created again on the next open, and the table refilled from the view,
    so rows it missed meanwhile come back."""
    path = db.conn.execute("pragma database_list").fetchone()[2]
    db.execute("drop trigger readers_reason_inserted")
    db.execute("delete from readers_events where event_id like 'txsd:%'")
    db.conn.commit()
    db.close()
    again = connect(path)
    check(again)
    assert again.execute(
        "select count(*) from sqlite_master where name = 'readers_reason_inserted'"
    ).fetchone() == (1,)


def test_the_feeds_page_lists_the_cases_with_the_latest_activity(db, tmp_path):
    db.close()
    get = served_get(tmp_path / "sealtrail.db")
    fetch = next(get)
    try:
        page = fetch("/-/feeds")
        assert page.status_code == 200
        cases = page.text.split('id="case"', 1)[1].split("<h2", 1)[0]
        assert "The 2 cases with the latest sealing activity, newest first." in cases
        txsd = cases.index('href="/-/case/txsd/4:25-cv-04417"')
        casd = cases.index('href="/-/case/casd/3:26-cv-01877"')
        assert txsd < casd and "latest 2026-11-23" in cases
        assert "/-/feeds/case/casd/3:26-cv-01877.atom" in cases
        assert "Acme" not in cases  # not an immigration case
        assert fetch("/-/feeds/case/txsd/4:25-cv-04417.atom").status_code == 200
    finally:
        next(get, None)


def test_record_reread_writes_change_events_the_table_keeps_dated_when_seen(db):
    """`monitor.after_the_fact.record_reread` (issue 17) is a write path too: its events,
    dated when the change was seen (migration 0026), and a later refiling of their entry."""
    from tests.helpers_store import CHANGE_CASE_ID, add_sample_changes

    path = db.conn.execute("pragma database_list").fetchone()[2]
    db.conn.commit()
    changes = add_sample_changes(path)
    assert len(changes) == 2
    shown = rows_by_id(check(db))
    for change in changes:
        assert shown[change["event_id"]]["date_utc"] == "2026-12-03T03:00:00Z"
    with db.conn:
        db.conn.execute(
            "update docket_entries set date_filed = '2026-08-01' where id = ?",
            [f"{CHANGE_CASE_ID}:3"],
        )
    shown = rows_by_id(check(db))
    assert {shown[c["event_id"]]["date"] for c in changes} == {"2026-12-03"}
