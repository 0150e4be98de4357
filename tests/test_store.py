"""The store: idempotent ingest, filtering by relevance, history, links, redaction."""

from __future__ import annotations

import json

import pytest

from monitor.reclassify import reclassify_all
from monitor.schema import connect
from monitor.store import ingest_entries

T1 = "2026-11-21T10:00:00+00:00"
T2 = "2026-11-21T10:30:00+00:00"
T3 = "2026-11-21T11:00:00+00:00"


def entry(
    number,
    short,
    text="",
    *,
    court="casd",
    docket="3:26-cv-01877",
    name="Ramirez-Soto v. Noem et al",
    published="2026-11-20T17:10:51+00:00",
):
    """A parsed PACER RSS entry as crawler.parsers.pacer_rss produces it (sample values)."""
    return {
        "court": court,
        "docket_number": docket,
        "case_name": name,
        "pacer_case_id": "812301",
        "entry_number": number,
        "short_description": short,
        "text": text,
        "document_url": f"https://ecf.{court}.uscourts.gov/doc1/0351255{number or 0:05d}",
        "published": published,
        "guid": f"https://ecf.{court}.uscourts.gov/cgi-bin/DktRpt.pl?812301&{number}",
        "case_url": f"https://ecf.{court}.uscourts.gov/cgi-bin/DktRpt.pl?812301",
    }


SAMPLE = [
    entry(14, "Motion to Seal", "MOTION to Seal Exhibits 3 and 4 by Petitioner Luis Ramirez-Soto."),
    entry(
        15,
        "Notice of Appearance",
        "NOTICE of Appearance by Carmen Alvarez on behalf of Luis Ramirez-Soto.",
    ),
    entry(
        16,
        "Order on Motion to Seal",
        "ORDER granting 14 Motion to Seal. Signed by "
        "Magistrate Judge Dana E. Brightwater on 11/21/2026.",
        published="2026-11-21T21:05:44+00:00",
    ),
    entry(
        41,
        "Motion to Seal",
        "MOTION to Seal Exhibits B through D by Coastline Biotech, Inc.",
        docket="3:26-cv-00930",
        name="Coastline Biotech, Inc. v. Meridian Labs LLC",
    ),
    entry(
        9,
        "Answer to Complaint",
        "ANSWER to Complaint by Harbor Marine LLC.",
        docket="3:26-cv-00412",
        name="Pacific Sealant Supply Co. v. Harbor Marine LLC",
    ),
]


@pytest.fixture
def db(tmp_path):
    return connect(str(tmp_path / "store.db"))


def dump(db, ignore=("last_seen",)):
    """Every row of every content table, without the columns a re-crawl may touch."""
    tables = [
        "courts",
        "cases",
        "docket_entries",
        "entry_revisions",
        "documents",
        "sealing_events",
        "event_reasons",
        "event_authorities",
        "event_links",
    ]
    out = {}
    for table in tables:
        rows = [{k: v for k, v in row.items() if k not in ignore} for row in db[table].rows]
        out[table] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True, default=str))
    return out


def test_keeps_immigration_cases_and_sealing_entries_only(db):
    stats = ingest_entries(db, SAMPLE, source="pacer_rss", now=T1)
    entries = {row["id"] for row in db["docket_entries"].rows}
    assert entries == {
        "casd:3:26-cv-01877:14",
        "casd:3:26-cv-01877:15",
        "casd:3:26-cv-01877:16",
        "casd:3:26-cv-00930:41",
    }
    assert stats.filtered == 1 and stats.new_entries == 4
    cases = {row["id"]: row for row in db["cases"].rows}
    assert set(cases) == {"casd:3:26-cv-01877", "casd:3:26-cv-00930"}
    assert cases["casd:3:26-cv-01877"]["immigration"] == 1
    assert cases["casd:3:26-cv-01877"]["immigration_basis"]
    assert cases["casd:3:26-cv-00930"]["immigration"] == 0
    events = {row["id"]: row for row in db["sealing_events"].rows}
    assert set(events) == {
        "casd:3:26-cv-01877:14",
        "casd:3:26-cv-01877:16",
        "casd:3:26-cv-00930:41",
    }
    assert events["casd:3:26-cv-01877:16"]["event_type"] == "sealing_order"
    assert events["casd:3:26-cv-01877:16"]["outcome"] == "granted"
    assert events["casd:3:26-cv-01877:16"]["decided_on"] == "2026-11-21"
    assert stats.new_events == 3
    default_view = {row["event_id"] for row in db["immigration_sealing_events"].rows}
    assert default_view == {"casd:3:26-cv-01877:14", "casd:3:26-cv-01877:16"}
    assert db["courts"].get("casd")["short_name"] == "S.D. Cal."


def test_all_cases_setting_keeps_every_entry(db):
    ingest_entries(db, SAMPLE, source="pacer_rss", now=T1, keep_all_cases=True)
    assert db["docket_entries"].count == 5
    assert db["cases"].count == 3


def test_second_ingest_changes_nothing_but_last_seen(db):
    ingest_entries(db, SAMPLE, source="pacer_rss", now=T1)
    before = dump(db)
    stats = ingest_entries(db, SAMPLE, source="pacer_rss", now=T2)
    assert dump(db) == before
    assert (stats.new_entries, stats.new_events, stats.changed_entries) == (0, 0, 0)
    assert {row["last_seen"] for row in db["docket_entries"].rows} == {T2}
    assert {row["first_seen"] for row in db["docket_entries"].rows} == {T1}


def test_order_is_linked_to_the_motion_it_rules_on(db):
    ingest_entries(db, SAMPLE, source="pacer_rss", now=T1)
    links = list(db["event_links"].rows)
    assert links == [
        {
            "from_event": "casd:3:26-cv-01877:16",
            "to_event": "casd:3:26-cv-01877:14",
            "relation": "rules_on",
        }
    ]


def test_order_arriving_before_its_motion_is_linked_later(db):
    ingest_entries(db, [SAMPLE[2]], source="pacer_rss", now=T1)
    assert db["event_links"].count == 0
    ingest_entries(db, [SAMPLE[0]], source="pacer_rss", now=T2)
    assert db["event_links"].count == 1


def test_changed_text_is_recorded_not_silently_overwritten(db):
    ingest_entries(db, SAMPLE[:1], source="pacer_rss", now=T1)
    changed = dict(
        SAMPLE[0], text=SAMPLE[0]["text"] + " (Modified on 11/21/2026 to correct docket text.)"
    )
    stats = ingest_entries(db, [changed], source="pacer_rss", now=T2)
    assert stats.changed_entries == 1
    revisions = list(db["entry_revisions"].rows)
    assert len(revisions) == 1
    assert revisions[0]["old_value"] == SAMPLE[0]["text"]
    assert revisions[0]["new_value"] == changed["text"]
    assert db["docket_entries"].get("casd:3:26-cv-01877:14")["text"] == changed["text"]


def test_shorter_text_from_another_source_does_not_replace_fuller_text(db):
    ingest_entries(db, SAMPLE[:1], source="pacer_rss", now=T1)
    thin = dict(SAMPLE[0], text="MOTION to Seal")
    ingest_entries(db, [thin], source="courtlistener", now=T2)
    assert db["docket_entries"].get("casd:3:26-cv-01877:14")["text"] == SAMPLE[0]["text"]
    assert db["entry_revisions"].count == 0


def test_duplicate_entries_in_one_feed_are_merged_stably(db):
    first = entry(20, "Motion to Seal", "")
    second = entry(20, "Motion for Leave to File Excess Pages", "")
    for now in (T1, T2, T3):
        ingest_entries(db, [first, second], source="pacer_rss", now=now)
    assert db["docket_entries"].count == 1
    assert db["entry_revisions"].count == 0
    short = db["docket_entries"].get("casd:3:26-cv-01877:20")["short_description"]
    assert "Motion to Seal" in short and "Excess Pages" in short


def test_unnumbered_entries_get_stable_distinct_keys(db):
    a = entry(None, "Order", published="2026-11-21T10:00:00+00:00")
    b = entry(None, "Order on Motion to Seal", published="2026-11-21T10:05:00+00:00")
    ingest_entries(db, [a, b], source="pacer_rss", now=T1)
    ingest_entries(db, [a, b], source="pacer_rss", now=T2)
    ids = [row["id"] for row in db["docket_entries"].rows]
    assert len(ids) == 2 and all(":u" in i for i in ids)


def test_identifiers_are_redacted_before_storage(db):
    leaky = entry(
        30,
        "Motion to Seal",
        "MOTION to Seal A-file of petitioner, A# 219-555-014, "
        "DOB: 04/12/1991, SSN 123-45-6789 by Petitioner.",
    )
    ingest_entries(db, [leaky], source="pacer_rss", now=T1)
    text = db["docket_entries"].get("casd:3:26-cv-01877:30")["text"]
    assert "219-555-014" not in text and "04/12/1991" not in text and "6789" not in text
    assert "[A-NUMBER REDACTED]" in text
    hits = list(db.query("select * from docket_entries_fts where docket_entries_fts match '219'"))
    assert hits == []


def test_entries_without_docket_number_are_skipped_and_counted(db):
    broken = dict(SAMPLE[0], docket_number="")
    stats = ingest_entries(db, [broken, SAMPLE[1]], source="pacer_rss", now=T1)
    assert stats.skipped == 1 and stats.problems
    assert db["docket_entries"].count == 1


def test_reclassify_restores_conclusions_from_stored_text(db):
    ingest_entries(db, SAMPLE, source="pacer_rss", now=T1)
    assert reclassify_all(db, now=T2)["changed"] == 0
    db["sealing_events"].update("casd:3:26-cv-01877:16", {"outcome": "denied"})
    db.execute("delete from event_links")
    counts = reclassify_all(db, now=T3)
    assert counts["changed"] == 1
    event = db["sealing_events"].get("casd:3:26-cv-01877:16")
    assert event["outcome"] == "granted" and event["updated"] == T3
    assert db["event_links"].count == 1


def test_order_without_movant_takes_the_role_of_the_motion_it_rules_on(db):
    motion = entry(
        7,
        "Motion for Leave to File Sealed Document",
        "MOTION for Leave to File Under Seal Exhibit A by Petitioner Chinedu Okafor.",
        docket="4:26-cv-03391",
        name="Okafor v. Bondi et al",
        court="txsd",
    )
    order = entry(
        11,
        "Order on Motion for Leave to File Sealed Document",
        "ORDER denying without prejudice 7 Motion for Leave to File Under Seal.",
        docket="4:26-cv-03391",
        name="Okafor v. Bondi et al",
        court="txsd",
        published="2026-11-21T15:22:08+00:00",
    )
    ingest_entries(db, [motion, order], source="pacer_rss", now=T1)
    stored = db["sealing_events"].get("txsd:4:26-cv-03391:11")
    assert stored["movant_role"] == "unknown"  # the order's own text names no movant
    shown = {r["event_id"]: r for r in db.query("select * from all_sealing_events")}
    assert shown["txsd:4:26-cv-03391:11"]["movant_role"] == "plaintiff_petitioner"
    assert reclassify_all(db, now=T2)["changed"] == 0


def test_a_failure_mid_batch_stores_nothing_of_that_batch(db, monkeypatch):
    import monitor.store as store

    ingest_entries(db, SAMPLE[:1], source="pacer_rss", now=T1)
    before = dump(db, ignore=())
    calls = {"n": 0}
    real_classify = store.classify

    def failing_classify(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("simulated crash in the middle of a batch")
        return real_classify(*args, **kwargs)

    monkeypatch.setattr(store, "classify", failing_classify)
    with pytest.raises(RuntimeError):
        ingest_entries(db, SAMPLE, source="pacer_rss", now=T2)
    assert dump(db, ignore=()) == before


def test_an_entry_whose_new_text_is_not_sealing_loses_its_event(db):
    ingest_entries(db, SAMPLE[:3], source="pacer_rss", now=T1)
    assert db["event_links"].count == 1
    corrected = dict(
        SAMPLE[2],
        short_description="Order on Motion to Dismiss",
        text="ORDER granting 14 Motion to Dismiss. Signed by Magistrate Judge "
        "Dana E. Brightwater on 11/21/2026.",
    )
    stats = ingest_entries(db, [corrected], source="pacer_rss", now=T2)
    assert stats.removed_events == 1
    assert db["sealing_events"].count == 1 and db["event_links"].count == 0
    assert db["entry_revisions"].count == 2  # text and short description, both recorded
