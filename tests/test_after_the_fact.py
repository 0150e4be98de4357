"""Comparing a re-read docket with the store (`monitor.after_the_fact`), on SAMPLE entries.

The store is built with the real ingest (`monitor.store.ingest_entries`) from entries shaped as
the CourtListener spider hands them over; each re-read is a `reread` record as the re-read
spiders give it. Failures must never read as sealing; a re-read with no change writes nothing.
"""

from __future__ import annotations

import json

import pytest

from monitor.after_the_fact import record_reread
from monitor.schema import connect
from monitor.store import ingest_entries

CASE = ("casd", "3:26-cv-04410")
CASE_ID = "casd:3:26-cv-04410"
T0, T1, T2, T3 = (f"2026-12-0{d}T03:00:00+00:00" for d in (1, 2, 3, 4))


def _entry(number: int, text: str) -> dict:
    return {
        "court": CASE[0],
        "docket_number": CASE[1],
        "case_name": "SAMPLE Petitioner v. Warden, Otay Mesa Detention Center",
        "entry_number": number,
        "text": text,
        "short_description": "",
        "date_filed": f"2026-11-{10 + number:02d}",
        "published": f"2026-11-{10 + number:02d}",
        "source_id": str(900 + number),
        "source_url": f"https://www.courtlistener.com/docket/77/{number}/sample/",
    }


@pytest.fixture
def db(tmp_path):
    store = connect(str(tmp_path / "s.db"))
    ingest_entries(
        store,
        [
            _entry(1, "PETITION for Writ of Habeas Corpus (SAMPLE) by Petitioner."),
            _entry(2, "MOTION to Seal Exhibit B to Petition by Petitioner. (SAMPLE)"),
            _entry(3, "DECLARATION of counsel in support of Petition (SAMPLE)."),
        ],
        source="courtlistener",
        now=T0,
    )
    yield store
    store.close()


def _reread(outcome="complete", entries=(1, 2, 3), documents=None, **extra) -> dict:
    items = [
        {"kind": "entry", "item_id": str(900 + n), "entry_number": n, "state": "public"}
        for n in entries
    ]
    for number, state in (documents or {}).items():
        items.append(
            {
                "kind": "document",
                "item_id": f"5{number}",
                "entry_item": str(900 + number),
                "entry_number": number,
                "state": state,
            }
        )
    return {
        "source": "courtlistener",
        "court": CASE[0],
        "docket_number": CASE[1],
        "url": "http://127.0.0.1/api/rest/v4/docket-entries/?docket=77",
        "outcome": outcome,
        "pages": 1,
        "items": items,
        **extra,
    }


def _changes(db) -> list[tuple]:
    return [
        (row["kind"], row["entry_id"], row["before"], row["after"])
        for row in db.query("select * from docket_changes order by id")
    ]


def test_an_entry_gone_from_a_complete_read_has_vanished_and_becomes_a_sealing_event(db):
    record_reread(db, _reread(), now=T1)
    assert _changes(db) == []
    result = record_reread(db, _reread(entries=(1, 2)), now=T2)
    assert _changes(db) == [("vanished", f"{CASE_ID}:3", "public", "missing")]
    (change,) = result.changes
    event = db["sealing_events"].get(change["event_id"])
    assert event["event_type"] == "sealed_after_filing"
    assert event["entry_id"] == f"{CASE_ID}:3"
    assert "Entry 3" in event["summary"] and "gone from the docket" in event["summary"]
    evidence = json.loads(db["docket_changes"].get(change["id"])["evidence"])
    assert evidence["source"] == "courtlistener" and evidence["outcome"] == "complete"
    assert evidence["read"].endswith("docket=77")
    # the entry's own row and text stay
    assert db["docket_entries"].get(f"{CASE_ID}:3")["text"].startswith("DECLARATION")
    # the same docket again: nothing new
    record_reread(db, _reread(entries=(1, 2)), now=T3)
    assert len(_changes(db)) == 1


def test_entries_stored_from_the_source_are_the_baseline_before_any_reread(db):
    record_reread(db, _reread(entries=(1, 3)), now=T1)
    assert _changes(db) == [("vanished", f"{CASE_ID}:2", "public", "missing")]


@pytest.mark.parametrize("outcome", ["partial", "failed", "not_found"])
def test_a_read_that_is_not_complete_never_reads_as_vanishing(db, outcome):
    record_reread(db, _reread(), now=T1)
    record_reread(db, _reread(outcome=outcome, entries=(1,)), now=T2)
    assert _changes(db) == []
    statuses = [row["status"] for row in db.query("select status from rechecks order by id")]
    assert statuses == ["complete", outcome]


def test_a_document_flipping_to_sealed_and_back(db):
    record_reread(db, _reread(documents={2: "available"}), now=T1)
    record_reread(db, _reread(documents={2: "sealed"}), now=T2)
    record_reread(db, _reread(documents={2: "available"}), now=T3)
    assert _changes(db) == [
        ("sealed_later", f"{CASE_ID}:2", "available", "sealed"),
        ("unsealed_later", f"{CASE_ID}:2", "sealed", "available"),
    ]
    types = [
        row["event_type"]
        for row in db.query("select event_type from sealing_events where id like '%:change-%'")
    ]
    assert sorted(types) == ["sealed_after_filing", "unsealed_after_filing"]


def test_a_partial_read_still_reports_what_its_pages_showed(db):
    record_reread(db, _reread(documents={2: "available"}), now=T1)
    record_reread(db, _reread(outcome="partial", entries=(2,), documents={2: "sealed"}), now=T2)
    assert _changes(db) == [("sealed_later", f"{CASE_ID}:2", "available", "sealed")]


def test_a_document_never_bought_is_not_sealed_but_one_taken_away_is(db):
    record_reread(db, _reread(documents={1: "unavailable", 2: "available"}), now=T1)
    record_reread(db, _reread(documents={1: "available", 2: "unavailable"}), now=T2)
    assert _changes(db) == [("sealed_later", f"{CASE_ID}:2", "available", "withheld")]
    record_reread(db, _reread(documents={1: "available", 2: "unavailable"}), now=T3)
    assert len(_changes(db)) == 1


def test_a_document_gone_from_an_entry_still_listed_is_sealed_later(db):
    """CourtListener removes a sealed RECAP document from an entry it keeps: the document
    seen available and no longer listed in a complete read is taken out of view."""
    record_reread(db, _reread(documents={1: "available", 2: "available"}), now=T1)
    record_reread(db, _reread(documents={1: "available"}), now=T2)
    assert _changes(db) == [("sealed_later", f"{CASE_ID}:2", "available", "missing")]
    event = db["sealing_events"].get(f"{CASE_ID}:2:change-1")
    assert event["summary"].startswith("A document of entry 2")
    (shown,) = db.query("select before, after, evidence from after_the_fact_changes")
    assert (shown["before"], shown["after"]) == (
        "available to read",
        "no longer listed on its entry",
    )
    record_reread(db, _reread(documents={1: "available"}), now=T3)  # nothing new
    assert len(_changes(db)) == 1
    record_reread(db, _reread(documents={1: "available", 2: "available"}), now=T3)
    assert _changes(db)[-1] == ("unsealed_later", f"{CASE_ID}:2", "missing", "available")


@pytest.mark.parametrize(
    ("outcome", "entries", "documents"),
    [
        ("partial", (1, 2, 3), {}),  # a partial read shows nothing of what it did not list
        ("complete", (1, 3), {}),  # the entry went too: its own `vanished` says it
    ],
)
def test_a_document_not_listed_is_not_sealed_unless_its_entry_was_read_in_full(
    db, outcome, entries, documents
):
    record_reread(db, _reread(documents={2: "available"}), now=T1)
    record_reread(db, _reread(outcome=outcome, entries=entries, documents=documents), now=T2)
    kinds = [(kind, before) for kind, _, before, _ in _changes(db)]
    assert kinds == ([] if outcome == "partial" else [("vanished", "public")])


def test_a_document_listed_under_a_new_id_on_its_entry_is_not_read_as_taken_off(db):
    """Entry 2 lists a document not seen before where its old one was: it may be the same
    document under a new id, so the old one is not read as missing."""
    record_reread(db, _reread(documents={2: "available"}), now=T1)
    renewed = _reread()
    renewed["items"].append(
        {"kind": "document", "item_id": "77", "entry_item": "902", "entry_number": 2,
         "state": "available"}
    )  # fmt: skip
    record_reread(db, renewed, now=T2)
    assert _changes(db) == []


def test_an_entry_whose_documents_the_source_did_not_give_loses_none(db):
    record_reread(db, _reread(documents={2: "available"}), now=T1)
    unknown = _reread()
    unknown["items"][1]["documents_known"] = False  # entry 2
    record_reread(db, unknown, now=T2)
    assert _changes(db) == []


def test_a_document_never_bought_that_is_no_longer_listed_is_not_sealed(db):
    record_reread(db, _reread(documents={1: "unavailable"}), now=T1)
    record_reread(db, _reread(), now=T2)
    record_reread(db, _reread(documents={1: "available"}), now=T3)
    assert _changes(db) == []


def test_an_entry_that_comes_back_is_unsealed_later(db):
    record_reread(db, _reread(entries=(1, 2)), now=T1)
    record_reread(db, _reread(entries=(1, 2, 3)), now=T2)
    assert [c[0] for c in _changes(db)] == ["vanished", "unsealed_later"]


def test_govinfo_withdrawn_package_withdraws_its_granules(tmp_path):
    store = connect(str(tmp_path / "g.db"))
    granules = [
        {
            **_entry(0, f"ORDER (SAMPLE) granting motion {n}."),
            "entry_number": None,
            "source_id": f"USCOURTS-casd-3_26-cv-04410-{n}",
            "guid": f"USCOURTS-casd-3_26-cv-04410-{n}",
        }
        for n in (0, 1)
    ]
    ingest_entries(store, granules, source="govinfo", now=T0)
    reread = {
        "source": "govinfo",
        "court": "casd",
        "docket_number": CASE[1],
        "url": "http://127.0.0.1/packages/USCOURTS-casd-3_26-cv-04410/mods",
        "items": [
            {"kind": "granule", "item_id": g["source_id"], "state": "public"} for g in granules
        ],
    }
    record_reread(store, {**reread, "outcome": "complete", "items": reread["items"][:1]}, now=T1)
    assert [c[0] for c in _changes(store)] == ["withdrawn"]
    record_reread(store, {**reread, "outcome": "withdrawn", "items": []}, now=T2)
    assert [c[0] for c in _changes(store)] == ["withdrawn", "withdrawn"]
    record_reread(store, {**reread, "outcome": "withdrawn", "items": []}, now=T3)
    assert len(_changes(store)) == 2


def test_a_withdrawn_package_keeps_its_own_state_and_makes_no_change_of_its_own(tmp_path):
    store = connect(str(tmp_path / "g.db"))
    granule = {
        **_entry(0, "ORDER (SAMPLE) granting motion."),
        "entry_number": None,
        "source_id": "USCOURTS-casd-3_26-cv-04410-0",
        "guid": "USCOURTS-casd-3_26-cv-04410-0",
    }
    ingest_entries(store, [granule], source="govinfo", now=T0)
    package = {"kind": "package", "item_id": "USCOURTS-casd-3_26-cv-04410", "state": "public"}
    items = [package, {"kind": "granule", "item_id": granule["source_id"], "state": "public"}]
    reread = {"source": "govinfo", "court": "casd", "docket_number": CASE[1], "url": "x"}
    record_reread(store, {**reread, "outcome": "complete", "items": items}, now=T1)
    record_reread(store, {**reread, "outcome": "withdrawn", "items": []}, now=T2)
    state = store["source_items"].get(("govinfo", package["item_id"]))["state"]
    assert state == "withdrawn"
    record_reread(store, {**reread, "outcome": "complete", "items": items}, now=T3)
    assert [(c[0], c[3]) for c in _changes(store)] == [
        ("withdrawn", "withdrawn"),
        ("unsealed_later", "public"),
    ]
    assert all(row["entry_id"] for row in store.query("select entry_id from docket_changes"))


def test_an_unknown_case_or_a_bad_record_is_a_problem_not_a_crash(db):
    result = record_reread(db, {**_reread(), "docket_number": "3:26-cv-09999"}, now=T1)
    assert result.problems and result.recheck_id is None
    result = record_reread(db, {**_reread(), "outcome": "great"}, now=T1)
    assert result.problems and result.recheck_id is None
    assert db["rechecks"].count == 0


def test_changes_and_their_events_follow_an_entry_merged_into_its_twin(db):
    from monitor.identity import merge_entry

    record_reread(db, _reread(entries=(1, 2)), now=T1)
    (change,) = db.query("select * from docket_changes")
    merge_entry(db, f"{CASE_ID}:3", f"{CASE_ID}:30")
    moved = db["docket_changes"].get(change["id"])
    assert moved["entry_id"] == f"{CASE_ID}:30"
    assert db["sealing_events"].get(change["event_id"])["entry_id"] == f"{CASE_ID}:30"
    item = next(db.query("select entry_id from source_items where item_id = '903'"))
    assert item["entry_id"] == f"{CASE_ID}:30"


def test_a_watched_case_is_kept_whole_though_not_immigration_related(tmp_path):
    from monitor import watch
    from monitor.enrich import enrich_case

    store = connect(str(tmp_path / "w.db"))
    entry = {
        **_entry(4, "ANSWER to Complaint by Widgets Inc. (SAMPLE)"),
        "docket_number": "3:26-cv-05555",
    }
    entry["case_name"] = "SAMPLE Acme Corp. v. Widgets Inc."
    ingest_entries(store, [entry], source="courtlistener", now=T0)
    assert store["docket_entries"].count == 0  # not immigration, not sealing: not kept
    watch.add(store, "casd:3:26-cv-05555", now=T0)
    case = {"court": "casd", "docket_number": "3:26-cv-05555", "case_name": entry["case_name"]}
    assert enrich_case(store, {**case, "source_id": "12"}, source="courtlistener", now=T1)["stored"]
    ingest_entries(store, [entry], source="courtlistener", now=T1)
    assert store["docket_entries"].count == 1
    reread = {"source": "courtlistener", "court": "casd", "docket_number": "3:26-cv-05555",
              "url": "x", "outcome": "complete", "items": []}  # fmt: skip
    assert [c["kind"] for c in record_reread(store, reread, now=T2).changes] == ["vanished"]
