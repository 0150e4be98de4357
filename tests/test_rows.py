"""`monitor.rows.upsert_case`: the one "create or update a case" of the store, ingest,
orders and enrichment, over a real store (`monitor.schema.connect`). SAMPLE cases."""

from __future__ import annotations

import json

import pytest

from monitor.relevance import Relevance
from monitor.rows import get_row, upsert_case
from monitor.schema import connect
from monitor.transactions import write_transaction

T1 = "2026-11-21T10:00:00+00:00"
T2 = "2026-11-21T11:00:00+00:00"
CASE = "casd:3:26-cv-01877"
IMMIGRATION = Relevance(immigration=True, basis="keyword:noem")


@pytest.fixture
def db(tmp_path):
    return connect(str(tmp_path / "rows.db"))


def upsert(db, **kwargs):
    with write_transaction(db):
        existing = get_row(db, "cases", CASE)
        return upsert_case(db, "casd", "3:26-cv-01877", existing=existing, **kwargs)


def test_a_new_case_gets_its_court_its_columns_and_its_relevance(db):
    created = upsert(
        db,
        source="pacer_rss",
        now=T1,
        new={"case_name": "Ramirez-Soto v. Noem (SAMPLE)", "pacer_case_id": "812301"},
        relevance=IMMIGRATION,
    )
    assert created is True
    assert get_row(db, "courts", "casd")["short_name"] == "S.D. Cal."
    case = get_row(db, "cases", CASE)
    assert case["case_name"] == "Ramirez-Soto v. Noem (SAMPLE)"
    assert (case["immigration"], case["immigration_basis"]) == (1, "keyword:noem")
    assert case["basis_source"] == "pacer_rss"
    assert json.loads(case["sources"]) == ["pacer_rss"]
    assert case["first_seen"] == case["last_seen"] == T1


def test_an_update_fills_what_is_missing_and_never_lowers_the_flag(db):
    upsert(db, source="pacer_rss", now=T1, new={"case_name": ""}, relevance=IMMIGRATION)
    created = upsert(
        db,
        source="file",
        now=T2,
        fill=(("case_name", "Ramirez-Soto v. Noem (SAMPLE)"), ("docket_url", "")),
        relevance=Relevance(immigration=False),
        seen=False,
    )
    assert created is False
    case = get_row(db, "cases", CASE)
    assert case["case_name"] == "Ramirez-Soto v. Noem (SAMPLE)"  # was empty: filled
    assert case["immigration"] == 1  # not lowered by a source that does not see it
    assert case["last_seen"] == T1  # an order (seen=False) does not move it
    assert json.loads(case["sources"]) == ["pacer_rss", "file"]


def test_a_filled_column_is_not_replaced_but_changes_are(db):
    upsert(db, source="pacer_rss", now=T1, new={"case_name": "Old name (SAMPLE)"})
    upsert(
        db,
        source="govinfo",
        now=T2,
        fill=(("case_name", "Other name (SAMPLE)"),),
        changes={"nature_of_suit": "Habeas Corpus - Alien Detainee", "nos_code": "463"},
    )
    case = get_row(db, "cases", CASE)
    assert case["case_name"] == "Old name (SAMPLE)"
    assert (case["nature_of_suit"], case["nos_code"]) == ("Habeas Corpus - Alien Detainee", "463")
    assert case["immigration"] == 0 and case["last_seen"] == T2


def test_nothing_is_written_when_nothing_changed_and_the_case_was_not_seen(db):
    upsert(db, source="pacer_rss", now=T1, new={"case_name": "Same (SAMPLE)"})
    before = get_row(db, "cases", CASE)
    changes = db.conn.total_changes
    upsert(db, source="pacer_rss", now=T2, fill=(("case_name", "Same (SAMPLE)"),), seen=False)
    assert db.conn.total_changes == changes
    assert get_row(db, "cases", CASE) == before
