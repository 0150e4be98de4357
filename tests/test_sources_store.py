"""One record per fact: the same entry, order and case from PACER RSS, CourtListener, GovInfo.

All cases, parties and texts here are sample data written for these tests.
"""

from __future__ import annotations

import json

import pytest

from monitor.enrich import cases_needing_enrichment, enrich_case
from monitor.orders import ingest_order
from monitor.schema import connect
from monitor.store import ingest_entries

T1, T2, T3 = "2026-11-20T10:00:00+00:00", "2026-11-21T10:00:00+00:00", "2026-11-22T10:00:00+00:00"
CASE = {"court": "casd", "docket_number": "3:26-cv-01877", "case_name": "Ramirez-Soto v. Noem"}
ORDER_DOCKET_TEXT = (
    "ORDER granting 14 Motion to Seal Exhibits 3 and 4. Signed by Magistrate Judge Dana E. "
    "Brightwater on 11/21/2026. (sample)"
)
ORDER_TEXT = """UNITED STATES DISTRICT COURT
SOUTHERN DISTRICT OF CALIFORNIA

ANA RAMIREZ-SOTO, Petitioner,
v.
KRISTI NOEM, Secretary of Homeland Security, et al., Respondents.

Case No.: 3:26-cv-01877-DEB

ORDER GRANTING PETITIONER'S MOTION TO FILE EXHIBITS UNDER SEAL [ECF No. 14]

(Sample order written for sealtrail tests.)

Petitioner moves to file Exhibits 3 and 4 under seal. The exhibits contain petitioner's
medical records and the names of family members who remain in her home country. Disclosure
could expose them to harm. Compelling reasons support sealing. Kamakana v. City & Cnty. of
Honolulu, 447 F.3d 1172, 1178 (9th Cir. 2006). The motion is GRANTED. The Clerk shall file
Exhibits 3 and 4 under seal.

IT IS SO ORDERED.
Dated: November 21, 2026
Hon. Dana E. Brightwater
United States Magistrate Judge
"""


@pytest.fixture
def db():
    return connect(":memory:")


def rss_entry(**changes) -> dict:
    return {
        **CASE,
        "case_name": "Ramirez-Soto v. Noem et al",
        "pacer_case_id": "812301",
        "entry_number": 16,
        "short_description": "Order on Motion to Seal",
        "text": ORDER_DOCKET_TEXT,
        "published": "2026-11-21T22:10:04+00:00",
        "guid": "https://ecf.casd.uscourts.gov/cgi-bin/DktRpt.pl?812301#16",
        "document_url": "https://ecf.casd.uscourts.gov/doc1/035125550316",
        "case_url": "https://ecf.casd.uscourts.gov/cgi-bin/DktRpt.pl?812301",
        **changes,
    }


def granule_entry(**changes) -> dict:
    return {
        **CASE,
        "entry_number": None,
        "short_description": "",
        "text": ORDER_DOCKET_TEXT,
        "published": "2026-11-21",
        "date_filed": "2026-11-21",
        "guid": "USCOURTS-casd-3_26-cv-01877-0",
        "source_id": "USCOURTS-casd-3_26-cv-01877-0",
        "document_url": "https://www.govinfo.gov/content/pkg/USCOURTS-casd-3_26-cv-01877/pdf/"
        "USCOURTS-casd-3_26-cv-01877-0.pdf",
        **changes,
    }


def entries(db) -> list[dict]:
    return list(db.query("select * from docket_entries order by id"))


def test_a_granule_then_its_numbered_entry_are_one_row(db):
    ingest_entries(db, [granule_entry()], source="govinfo", now=T1)
    assert [e["entry_number"] for e in entries(db)] == [None]
    ingest_entries(db, [rss_entry()], source="pacer_rss", now=T2)
    rows = entries(db)
    assert [r["id"] for r in rows] == ["casd:3:26-cv-01877:16"]
    assert json.loads(rows[0]["sources"]) == ["govinfo", "pacer_rss"]
    sources = {r["source"]: r["source_id"] for r in db["entry_sources"].rows}
    assert sources["govinfo"] == "USCOURTS-casd-3_26-cv-01877-0"
    assert [e["id"] for e in db["sealing_events"].rows] == ["casd:3:26-cv-01877:16"]
    # the next GovInfo crawl finds the merged row through the granule id
    ingest_entries(db, [granule_entry()], source="govinfo", now=T3)
    assert [r["id"] for r in entries(db)] == ["casd:3:26-cv-01877:16"]


def test_a_numbered_entry_then_its_granule_are_one_row(db):
    ingest_entries(db, [rss_entry()], source="pacer_rss", now=T1)
    ingest_entries(db, [granule_entry()], source="govinfo", now=T2)
    rows = entries(db)
    assert len(rows) == 1
    assert json.loads(rows[0]["sources"]) == ["pacer_rss", "govinfo"]


def test_a_short_only_rss_entry_takes_the_granules_full_text(db):
    short = rss_entry(text="", published="2026-11-22T01:10:04+00:00")  # next day in UTC
    ingest_entries(db, [short], source="pacer_rss", now=T1)
    ingest_entries(db, [granule_entry()], source="govinfo", now=T2)
    rows = entries(db)
    assert len(rows) == 1
    assert rows[0]["text"] == ORDER_DOCKET_TEXT
    event = next(db["sealing_events"].rows)
    assert (event["event_type"], event["outcome"]) == ("sealing_order", "granted")


def test_two_order_entries_that_day_are_not_guessed_between(db):
    first = rss_entry(text="", entry_number=16)
    second = rss_entry(text="", entry_number=17, short_description="Order on Motion to Seal")
    ingest_entries(db, [first, second], source="pacer_rss", now=T1)
    ingest_entries(db, [granule_entry()], source="govinfo", now=T2)
    assert len(entries(db)) == 3


def test_texts_that_differ_are_different_entries(db):
    ingest_entries(db, [rss_entry()], source="pacer_rss", now=T1)
    other = granule_entry(
        text="ORDER denying 20 Motion to Unseal. Signed by Judge X on 11/21/2026.",
        source_id="USCOURTS-casd-3_26-cv-01877-1",
    )
    ingest_entries(db, [other], source="govinfo", now=T2)
    assert len(entries(db)) == 2


EXCERPT = (
    "Case 3:26-cv-01877-DEB Document 16 Filed 11/21/26 PageID.301 Page 1 of 2 UNITED STATES "
    "DISTRICT COURT SOUTHERN DISTRICT OF CALIFORNIA ANA RAMIREZ-SOTO, Petitioner, v. KRISTI "
    "NOEM, Secretary of Homeland Security, et al., Respondents. ORDER GRANTING PETITIONER'S "
    "MOTION TO FILE EXHIBITS UNDER SEAL [ECF No. 14]"
)


def atom_entry(**changes) -> dict:
    """A CourtListener Atom item: the document's opening stands in for the docket text."""
    return rss_entry(
        **{
            "short_description": "",
            "text": EXCERPT,
            "text_kind": "excerpt",
            "published": "2026-11-21T00:00:00-08:00",
            "guid": "https://www.courtlistener.com/docket/71234501/16/ramirez-soto-v-noem/",
            **changes,
        }
    )


def test_sources_taking_turns_do_not_flip_the_text(db):
    cut_short = ORDER_DOCKET_TEXT[:60]
    ingest_entries(db, [rss_entry(text=cut_short)], source="pacer_rss", now=T1)
    ingest_entries(db, [rss_entry()], source="courtlistener", now=T2)
    for now in (T3, "2026-11-23T10:00:00+00:00"):
        ingest_entries(db, [rss_entry(text=cut_short)], source="pacer_rss", now=now)
        ingest_entries(db, [rss_entry()], source="courtlistener", now=now)
    (row,) = entries(db)
    assert (row["text"], row["text_source"]) == (ORDER_DOCKET_TEXT, "courtlistener")
    assert len(list(db["entry_revisions"].rows_where("field = 'text'"))) == 1


def test_the_source_of_the_kept_text_may_revise_it(db):
    ingest_entries(db, [rss_entry()], source="pacer_rss", now=T1)
    corrected = ORDER_DOCKET_TEXT.replace("14 Motion", "14 Petitioner's Motion")[:-9]
    ingest_entries(db, [rss_entry(text=corrected)], source="pacer_rss", now=T2)
    (row,) = entries(db)
    assert row["text"] == corrected
    (revision,) = db["entry_revisions"].rows
    assert (revision["old_value"], revision["new_value"]) == (ORDER_DOCKET_TEXT, corrected)


def test_a_document_excerpt_never_replaces_the_docket_text(db):
    ingest_entries(db, [rss_entry()], source="pacer_rss", now=T1)
    ingest_entries(db, [atom_entry()], source="courtlistener", now=T2)
    (row,) = entries(db)
    assert len(EXCERPT) > len(ORDER_DOCKET_TEXT)
    assert (row["text"], row["text_kind"], row["text_source"]) == (
        ORDER_DOCKET_TEXT,
        "docket",
        "pacer_rss",
    )
    assert json.loads(row["sources"]) == ["pacer_rss", "courtlistener"]


def test_an_excerpt_fills_a_short_only_entry_until_a_docket_text_comes(db):
    ingest_entries(db, [rss_entry(text="")], source="pacer_rss", now=T1)
    ingest_entries(db, [atom_entry()], source="courtlistener", now=T2)
    (row,) = entries(db)
    assert (row["text"], row["text_kind"]) == (EXCERPT, "excerpt")
    assert row["short_description"] == "Order on Motion to Seal"  # kept: the excerpt has none
    event = next(db["sealing_events"].rows)
    assert (event["event_type"], event["outcome"]) == ("sealing_order", "granted")
    ingest_entries(db, [granule_entry()], source="govinfo", now=T3)  # shorter, but docket text
    (row,) = entries(db)
    assert (row["text"], row["text_kind"], row["text_source"]) == (
        ORDER_DOCKET_TEXT,
        "docket",
        "govinfo",
    )
    assert json.loads(row["sources"]) == ["pacer_rss", "courtlistener", "govinfo"]


def test_a_granule_joins_an_entry_known_only_by_its_excerpt(db):
    ingest_entries(db, [atom_entry()], source="courtlistener", now=T1)
    ingest_entries(db, [granule_entry()], source="govinfo", now=T2)
    (row,) = entries(db)
    assert row["id"] == "casd:3:26-cv-01877:16"
    assert (row["text"], row["text_kind"]) == (ORDER_DOCKET_TEXT, "docket")


def test_an_excerpt_joins_the_granule_it_is_the_document_of(db):
    ingest_entries(db, [granule_entry()], source="govinfo", now=T1)
    ingest_entries(db, [atom_entry()], source="courtlistener", now=T2)
    (row,) = entries(db)
    assert row["id"] == "casd:3:26-cv-01877:16"
    assert (row["text"], row["text_kind"]) == (ORDER_DOCKET_TEXT, "docket")
    assert json.loads(row["sources"]) == ["govinfo", "courtlistener"]


def test_an_excerpt_of_a_denial_and_the_next_days_grant_are_two_entries(db):
    denial = atom_entry(text=EXCERPT.replace("GRANTING", "DENYING"))
    ingest_entries(db, [denial], source="courtlistener", now=T1)
    renewed = granule_entry(
        text="ORDER granting 17 Renewed Motion to Seal Exhibits 3 and 4. Signed by Magistrate "
        "Judge Dana E. Brightwater on 11/22/2026. (sample)",
        published="2026-11-22",
        date_filed="2026-11-22",
    )
    ingest_entries(db, [renewed], source="govinfo", now=T2)
    outcomes = {e["entry_id"]: e["outcome"] for e in db["sealing_events"].rows}
    assert len(outcomes) == 2 and outcomes["casd:3:26-cv-01877:16"] == "denied"


def test_the_same_order_from_two_sources_is_one_document(db):
    ingest_entries(db, [rss_entry()], source="pacer_rss", now=T1)
    ingest_entries(db, [granule_entry()], source="govinfo", now=T1)
    from_recap = {**CASE, "entry_number": 16, "text": ORDER_TEXT[:900], "source_id": "4101"}
    first = ingest_order(db, from_recap, source="courtlistener", now=T2)
    assert first["stored"] and first["is_sealing"]
    from_govinfo = {
        **CASE,
        "entry_number": None,
        "entry_source_id": "USCOURTS-casd-3_26-cv-01877-0",
        "text": ORDER_TEXT,
        "source_id": "USCOURTS-casd-3_26-cv-01877-0",
    }
    second = ingest_order(db, from_govinfo, source="govinfo", now=T3)
    assert second["document_id"] == first["document_id"]
    documents = list(db["documents"].rows)
    assert len(documents) == 1
    assert json.loads(documents[0]["sources"]) == ["courtlistener", "govinfo"]
    assert "IT IS SO ORDERED" in documents[0]["text"]  # the fuller rendering is kept
    events = list(db["sealing_events"].rows)
    assert [e["id"] for e in events] == ["casd:3:26-cv-01877:16"]
    assert events[0]["document_id"] == first["document_id"]
    reasons = {r["reason"] for r in db["event_reasons"].rows}
    assert "medical" in reasons
    # the same source again changes nothing
    again = ingest_order(db, from_govinfo, source="govinfo", now=T3)
    assert again["document_id"] == first["document_id"]
    assert db["documents"].count == 1 and db["document_sources"].count == 2


def test_renderings_of_one_order_with_no_entry_known_are_one_document(db):
    """RECAP's plain text and GovInfo's HTML differ in line breaks and spacing only."""
    as_html_text = ORDER_TEXT.replace("\n", " ").replace("  ", " ")
    orders = [
        ({**CASE, "entry_number": None, "text": ORDER_TEXT, "source_id": "4101"}, "courtlistener"),
        ({**CASE, "entry_number": None, "text": as_html_text, "source_id": "G-1"}, "govinfo"),
    ]
    ids = {
        ingest_order(db, order, source=source, now=T1)["document_id"] for order, source in orders
    }
    assert len(ids) == 1 and db["documents"].count == 1


def test_two_orders_in_the_same_words_at_different_entries_are_two_documents(db):
    endorsement = "The letter motion to seal is GRANTED. SO ORDERED. (sample)"
    for number, date in ((13, "2026-11-06"), (31, "2026-11-20")):
        order = {
            **CASE,
            "entry_number": number,
            "text": f"ORDER\n{endorsement}" if number == 13 else f"ORDER\n\n{endorsement}",
            "date": date,
            "source_id": f"doc-{number}",
        }
        ingest_order(db, order, source="courtlistener", now=T1)
    # the same words again, placed at entry 31, from another rendering
    again = {
        **CASE,
        "entry_number": 31,
        "text": f"ORDER {endorsement}",
        "date": "2026-11-20",
        "source_id": "G-31",
    }
    ingest_order(db, again, source="govinfo", now=T2)
    placed = sorted((d["entry_id"], d["date"]) for d in db["documents"].rows)
    assert placed == [
        ("casd:3:26-cv-01877:13", "2026-11-06"),
        ("casd:3:26-cv-01877:31", "2026-11-20"),
    ]


def test_an_order_without_a_date_takes_its_sources_date(db):
    undated = ORDER_TEXT.replace("Dated: November 21, 2026\n", "")
    order = {**CASE, "entry_number": 16, "text": undated, "date": "2026-11-21", "source_id": "7"}
    stored = ingest_order(db, order, source="courtlistener", now=T1)
    assert db["documents"].get(stored["document_id"])["date"] == "2026-11-21"
    assert db["sealing_events"].get(stored["event_id"])["decided_on"] == "2026-11-21"


def test_an_entry_without_a_time_dates_its_ruling_by_its_filing_date(db):
    search_row = rss_entry(published=None, date_filed="2026-11-21")
    ingest_entries(db, [search_row], source="courtlistener", now=T1)
    assert next(db["sealing_events"].rows)["decided_on"] == "2026-11-21"


def test_an_order_with_no_text_or_no_relevance_is_not_stored(db):
    assert ingest_order(db, {**CASE, "text": "  "}, source="govinfo", now=T1)["stored"] is False
    unrelated = {
        "court": "casd",
        "docket_number": "3:26-cv-09999",
        "text": "ORDER GRANTING MOTION TO DISMISS. Sample text. IT IS SO ORDERED.",
    }
    result = ingest_order(db, unrelated, source="govinfo", now=T1)
    assert result["stored"] is False
    assert db["documents"].count == 0


def test_a_case_a_source_lacks_is_asked_for_again_only_after_a_week(db):
    from monitor.enrich import record_lookup

    ingest_entries(db, [rss_entry()], source="pacer_rss", now=T1)
    record_lookup(db, "casd", "3:26-cv-01877", source="courtlistener", now=T2)
    assert cases_needing_enrichment(db, now=T3) == []
    assert len(cases_needing_enrichment(db, source="another_source", now=T3)) == 1
    a_week_on = "2026-11-28T10:00:01+00:00"
    assert [c["docket_number"] for c in cases_needing_enrichment(db, now=a_week_on)] == [
        "3:26-cv-01877"
    ]


def test_a_case_from_rss_is_enriched_by_the_best_source(db):
    ingest_entries(db, [rss_entry()], source="pacer_rss", now=T1)
    case = next(db["cases"].rows)
    assert case["immigration_basis"].startswith("party:") and case["basis_source"] == "pacer_rss"
    assert [c["docket_number"] for c in cases_needing_enrichment(db)] == ["3:26-cv-01877"]

    from_cl = {
        **CASE,
        "nature_of_suit": "Prisoner: Habeas Corpus - Alien Detainee",
        "cause": "28:2241 Petition for Writ of Habeas Corpus (federa",
        "date_filed": "2026-10-30",
        "parties": [{"name": "Ana Ramirez-Soto", "role": "Petitioner"}],
        "source_id": 70112233,
    }
    result = enrich_case(db, from_cl, source="courtlistener", now=T2)
    assert result["stored"] and "nature_of_suit" in result["changed"]
    case = next(db["cases"].rows)
    assert (case["nos_code"], case["nos_source"]) == ("463", "courtlistener")
    assert (case["immigration_basis"], case["basis_source"]) == ("nos:463", "courtlistener")
    assert case["courtlistener_id"] == "70112233"
    assert cases_needing_enrichment(db) == []

    from_govinfo = {
        **CASE,
        "nature_of_suit": "Habeas Corpus - Alien Detainee",
        "nos_code": "463",
        "parties": [{"name": "Kristi Noem", "role": "Respondent"}],
        "source_id": "USCOURTS-casd-3_26-cv-01877",
    }
    enrich_case(db, from_govinfo, source="govinfo", now=T3)
    case = next(db["cases"].rows)
    assert case["nos_source"] == "govinfo" and case["basis_source"] == "govinfo"
    assert json.loads(case["sources"]) == ["pacer_rss", "courtlistener", "govinfo"]
    parties = {(p["name"], p["role"]) for p in db["case_parties"].rows}
    assert parties == {("Ana Ramirez-Soto", "Petitioner"), ("Kristi Noem", "Respondent")}

    # a weaker source later neither replaces the nature of suit nor clears it
    enrich_case(db, {**CASE, "nature_of_suit": "Other Immigration Actions"}, source="cl2", now=T3)
    enrich_case(db, {**CASE, "nature_of_suit": None}, source="courtlistener", now=T3)
    case = next(db["cases"].rows)
    assert (case["nature_of_suit"], case["nos_code"]) == ("Habeas Corpus - Alien Detainee", "463")


def test_an_unrelated_case_is_not_created_unless_all_cases_are_kept(db):
    trademark = {
        "court": "ohnd",
        "docket_number": "1:26-cv-00140",
        "case_name": "Sample Widgets LLC v. Example Gadgets Inc.",
        "nature_of_suit": "Trademark",
        "nos_code": "840",
    }
    assert enrich_case(db, trademark, source="govinfo", now=T1)["stored"] is False
    assert db["cases"].count == 0
    assert enrich_case(db, trademark, source="govinfo", now=T1, keep_all_cases=True)["stored"]
    case = next(db["cases"].rows)
    assert case["immigration"] == 0 and case["nos_code"] == "840"


def test_a_case_without_nature_of_suit_is_found_by_its_parties(db):
    criminal_looking = {
        "court": "ca8",
        "docket_number": "26-1535",
        "case_name": "Rodrigo Example-Olvera v. Sample Respondent",
        "parties": [
            {"name": "Rodrigo Example-Olvera", "role": "Petitioner"},
            {"name": "U.S. Immigration and Customs Enforcement", "role": "Respondent"},
        ],
    }
    result = enrich_case(db, criminal_looking, source="govinfo", now=T1)
    assert result["stored"] and result["immigration"]
    case = next(db["cases"].rows)
    assert case["nature_of_suit"] is None and case["immigration_basis"].startswith("party:")
