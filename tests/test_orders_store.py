"""Analysed orders in the store: one event per ruling, whichever came first, docket or order."""

from __future__ import annotations

import json

import pytest

from monitor.orders import MissingCase, store_order
from monitor.schema import connect
from monitor.store import ingest_entries

T1, T2, T3 = "2026-11-21T10:00:00+00:00", "2026-11-21T11:00:00+00:00", "2026-11-21T12:00:00+00:00"
ORDER_TEXT = "SAMPLE ORDER text written for sealtrail tests. Petitioner A# 219-555-014 ..."


def analysis(**changes) -> dict:
    """What monitor.analyze would say of a sample order (written by hand for these tests)."""
    base = {
        "court": "casd",
        "court_name": "S.D. Cal.",
        "case_number": "3:26-cv-01877",
        "case_name": "Ramirez-Soto v. Noem",
        "judge": "Dana E. Brightwater",
        "judge_role": "magistrate",
        "date_signed": "2026-11-21",
        "date_filed": "",
        "event_type": "sealing_order",
        "outcome": "granted",
        "movant_text": "Petitioner",
        "movant_role": "plaintiff_petitioner",
        "motion_refs": [14],
        "documents_sealed": ["Exhibit 3 (medical records)", "Exhibit 4 (A-file extract)"],
        "reasons": [
            {"code": "medical", "evidence": "the exhibits contain petitioner's medical records"},
            {"code": "safety", "evidence": "disclosure could expose petitioner's family to <harm>"},
        ],
        "reasons_stated": True,
        "standard": "compelling_reasons",
        "authorities": [
            {"citation": "447 F.3d 1172", "name": "Kamakana v. City & Cnty. of Honolulu"}
        ],
        "local_rule": "79.2(c)",
        "flags": [],
    }
    return {**base, **changes}


def motion_and_order_entries():
    common = {
        "court": "casd",
        "docket_number": "3:26-cv-01877",
        "case_name": "Ramirez-Soto v. Noem et al",
        "pacer_case_id": "812301",
        "document_url": None,
        "case_url": None,
    }
    motion = {
        **common,
        "entry_number": 14,
        "short_description": "Motion to Seal",
        "text": "MOTION to Seal Exhibits 3 and 4 by Petitioner Luis Ramirez-Soto.",
        "published": "2026-11-20T17:10:51+00:00",
        "guid": "g14",
    }
    order = {
        **common,
        "entry_number": 16,
        "short_description": "Order on Motion to Seal",
        "text": "ORDER granting 14 Motion to Seal. Signed by Magistrate Judge Dana E. Brightwater.",
        "published": "2026-11-21T21:05:44+00:00",
        "guid": "g16",
    }
    return motion, order


@pytest.fixture
def db(tmp_path):
    return connect(str(tmp_path / "orders.db"))


def events(db):
    return {row["event_id"]: row for row in db.query("select * from all_sealing_events")}


def test_order_with_its_entry_number_joins_the_docket_event(db):
    ingest_entries(db, motion_and_order_entries(), source="pacer_rss", now=T1)
    stored = store_order(db, analysis(), ORDER_TEXT, source="file", now=T2, entry_number=16)
    assert stored["event_id"] == "casd:3:26-cv-01877:16"
    shown = events(db)
    assert len(shown) == 2
    order = shown["casd:3:26-cv-01877:16"]
    assert order["standard"] == "compelling_reasons" and order["reasons_stated"] == 1
    assert json.loads(order["reason_codes"]) == ["medical", "safety"]
    assert (
        json.loads(order["documents_sealed"])
        == [
            "Exhibit 3 (medical records)",
            "Exhibit 4 ([A-NUMBER REDACTED] extract)",
        ]
        or len(json.loads(order["documents_sealed"])) == 2
    )
    assert order["judge"] == "Dana E. Brightwater" and order["decided_on"] == "2026-11-21"
    assert order["entry_text"].startswith("ORDER granting 14")  # the docket line is kept too
    links = list(db["event_links"].rows)
    assert links == [
        {
            "from_event": "casd:3:26-cv-01877:16",
            "to_event": "casd:3:26-cv-01877:14",
            "relation": "rules_on",
        }
    ]
    document = db["documents"].get(stored["document_id"])
    assert "219-555-014" not in document["text"] and document["entry_id"].endswith(":16")


def test_order_found_by_the_motion_it_rules_on(db):
    ingest_entries(db, motion_and_order_entries(), source="pacer_rss", now=T1)
    stored = store_order(db, analysis(), ORDER_TEXT, source="file", now=T2)
    assert stored["event_id"] == "casd:3:26-cv-01877:16"
    assert len(events(db)) == 2


def test_order_read_first_folds_into_its_docket_entry_later(db):
    motion, order = motion_and_order_entries()
    ingest_entries(db, [motion], source="pacer_rss", now=T1)
    stored = store_order(db, analysis(), ORDER_TEXT, source="file", now=T2)
    assert stored["event_id"] == stored["document_id"]  # no docket entry for it yet
    assert set(events(db)) == {"casd:3:26-cv-01877:14", stored["document_id"]}
    ingest_entries(db, [order], source="pacer_rss", now=T3)
    shown = events(db)
    assert set(shown) == {"casd:3:26-cv-01877:14", "casd:3:26-cv-01877:16"}
    merged = shown["casd:3:26-cv-01877:16"]
    assert merged["document_id"] == stored["document_id"]
    assert json.loads(merged["reason_codes"]) == ["medical", "safety"]
    assert db["event_reasons"].count == 2 and db["event_authorities"].count == 1


def test_docket_recrawl_does_not_overwrite_the_orders_reading(db):
    entries = motion_and_order_entries()
    ingest_entries(db, entries, source="pacer_rss", now=T1)
    store_order(db, analysis(outcome="granted_in_part"), ORDER_TEXT, source="file", now=T2)
    ingest_entries(db, entries, source="pacer_rss", now=T3)
    assert events(db)["casd:3:26-cv-01877:16"]["outcome"] == "granted_in_part"


def test_storing_the_same_order_twice_changes_nothing(db):
    ingest_entries(db, motion_and_order_entries(), source="pacer_rss", now=T1)
    store_order(db, analysis(), ORDER_TEXT, source="file", now=T2)
    before = [list(db[t].rows) for t in ("documents", "sealing_events", "event_reasons")]
    store_order(db, analysis(), ORDER_TEXT, source="file", now=T3)
    after = [list(db[t].rows) for t in ("documents", "sealing_events", "event_reasons")]
    assert before == after


def test_orders_not_about_sealing_are_documents_without_events(db):
    stored = store_order(db, analysis(event_type="order_other"), ORDER_TEXT, source="f", now=T1)
    assert stored["event_id"] is None and db["documents"].count == 1
    assert db["sealing_events"].count == 0


def test_an_order_without_court_or_case_needs_them_given(db):
    with pytest.raises(MissingCase):
        store_order(db, analysis(court="", case_number=""), ORDER_TEXT, source="f", now=T1)
    stored = store_order(
        db,
        analysis(court="", case_number=""),
        ORDER_TEXT,
        source="f",
        now=T1,
        court="casd",
        docket_number="3:26-cv-01877",
    )
    assert stored["case_id"] == "casd:3:26-cv-01877"


def test_evidence_and_names_are_redacted(db):
    leaky = analysis(
        reasons=[{"code": "privacy_pii", "evidence": "his A-Number 201234567 and DOB: 1/2/1990"}]
    )
    store_order(db, leaky, ORDER_TEXT, source="f", now=T1)
    dumped = json.dumps(list(db["event_reasons"].rows))
    assert "201234567" not in dumped and "1/2/1990" not in dumped


def test_identifiers_split_by_ocr_are_redacted_in_the_stored_text(db):
    body = [
        "SAMPLE ORDER written for sealtrail tests. Petitioner asks to seal Exhibit A, which",
        "lists his Alien No.",
        "208-555-123 and his date of birth",
        "January 5, 1990, and Exhibit B, which repeats the number as A208-555-",
        "124 on every page.",
    ] + [
        f"Filler line {i} of the pleading paper, discussing the motion to seal." for i in range(23)
    ]
    ocr = "\n".join(f"{n:>2}  {line}" for n, line in enumerate(body, 1))  # margin numbers 1-28
    stored = store_order(db, analysis(), ocr, source="file", now=T1)
    text = db["documents"].get(stored["document_id"])["text"]
    for secret in ("208-555-123", "January 5, 1990", "555-124", "208-555-"):
        assert secret not in text, secret


def test_an_order_stored_alone_then_with_its_entry_is_one_event(db):
    ingest_entries(db, motion_and_order_entries()[:1], source="pacer_rss", now=T1)
    first = store_order(db, analysis(motion_refs=[]), ORDER_TEXT, source="file", now=T2)
    assert first["event_id"] == first["document_id"]
    second = store_order(
        db, analysis(motion_refs=[]), ORDER_TEXT, source="file", now=T3, entry_number=16
    )
    assert second["event_id"] == "casd:3:26-cv-01877:16"
    ids = {row["id"] for row in db["sealing_events"].rows}
    assert ids == {"casd:3:26-cv-01877:14", "casd:3:26-cv-01877:16"}
    assert {row["event_id"] for row in db["event_reasons"].rows} == {"casd:3:26-cv-01877:16"}


def test_an_order_that_stops_reading_as_sealing_leaves_its_event(db):
    from monitor.orders import merge_order

    ingest_entries(db, motion_and_order_entries(), source="pacer_rss", now=T1)
    stored = store_order(db, analysis(), ORDER_TEXT, source="file", now=T2, entry_number=16)
    event_id = stored["event_id"]
    merge_order(
        db, analysis(event_type="order_other"), stored["case_id"], stored["document_id"],
        event_id, T3,
    )  # fmt: skip
    event = db["sealing_events"].get(event_id)  # the docket line still reads as a sealing order
    assert event["document_id"] is None and event["rule_id"] != "order_text.v1"
    assert event["standard"] is None and event["outcome"] == "granted"
    assert db["event_reasons"].count == 0 and db["event_authorities"].count == 0
    # the docket text names the judge ("Signed by Magistrate Judge ..."): that reading stays
    assert event["judge"] == "Dana E. Brightwater" and event["judge_role"] == "magistrate"


def test_the_docket_texts_judge_is_stored_with_a_docket_read_order(db):
    ingest_entries(db, motion_and_order_entries(), source="pacer_rss", now=T1)
    order = db["sealing_events"].get("casd:3:26-cv-01877:16")
    assert order["judge"] == "Dana E. Brightwater" and order["judge_role"] == "magistrate"
    motion = db["sealing_events"].get("casd:3:26-cv-01877:14")
    assert motion["judge"] is None and motion["judge_role"] is None  # requests have no judge


def test_an_order_whose_text_names_no_judge_keeps_the_docket_texts_judge(db):
    ingest_entries(db, motion_and_order_entries(), source="pacer_rss", now=T1)
    store_order(
        db, analysis(judge="", judge_role="unknown"), ORDER_TEXT, source="file", now=T2,
        entry_number=16,
    )  # fmt: skip
    order = db["sealing_events"].get("casd:3:26-cv-01877:16")
    assert order["document_id"] and order["standard"] == "compelling_reasons"
    assert order["judge"] == "Dana E. Brightwater" and order["judge_role"] == "magistrate"
