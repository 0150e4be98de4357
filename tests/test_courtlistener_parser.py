"""Tests of `crawler.parsers.courtlistener` on sample responses written for sealtrail.

The files in `tests/data/courtlistener/` are invented (see the README there) but keep every
format detail of CourtListener's: the Atom feed Django writes for RECAP searches, v4 search
pages with nested documents and cursor links, cursor-paginated list endpoints.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.parsers.courtlistener import (
    court_id_from_name,
    normalize_docket_number,
    parse_atom_search,
    parse_docket,
    parse_docket_entries,
    parse_parties,
    parse_recap_document,
    parse_search_json,
    rebase_url,
)
from crawler.parsers.errors import FeedError

DATA = Path(__file__).resolve().parent / "data" / "courtlistener"


def body(name: str) -> bytes:
    return (DATA / name).read_bytes()


# -- Atom search feed ----------------------------------------------------------------------------


def test_atom_entries_keyed_by_header_stamp_and_document_url():
    feed = parse_atom_search(body("search_feed.xml"))
    assert feed.title == "CourtListener.com Custom Search Feed"
    keys = [(i["court"], i["docket_number"], i["entry_number"]) for i in feed.items]
    # The attachment 14-1 of the first entry gives no second dict.
    assert keys == [
        ("casd", "3:26-cv-04101", 14),
        ("nysd", "1:26-cv-09120", 24),
        ("ca9", "26-4417", 18),
    ]
    first = feed.items[0]
    assert first["case_name"] == "Ramos-Ortiz v. Noem"
    assert first["published"] == "2026-11-19T00:00:00-08:00"
    assert first["date_filed"] == "2026-11-19"
    assert (
        first["guid"]
        == first["source_url"]
        == ("https://www.courtlistener.com/docket/71234501/14/ramos-ortiz-v-noem/")
    )
    assert first["text"].startswith("Case 3:26-cv-04101-JLS-BLM Document 14 Filed 11/19/26")
    assert "RESPONDENTS' MOTION TO FILE DOCUMENTS UNDER SEAL [ECF No. 12]" in first["text"]
    assert "Original document" not in first["text"] and "<" not in first["text"]
    assert first["short_description"] == "" and first["pacer_case_id"] is None


def test_atom_entry_without_docket_number_is_skipped_with_a_reason():
    feed = parse_atom_search(body("search_feed.xml"))
    assert len(feed.skipped) == 1
    assert "Haile" in feed.skipped[0] and "no docket number" in feed.skipped[0]


def test_atom_court_falls_back_to_the_filtered_court():
    xml = body("search_feed.xml").replace(b"District Court, S.D. California", b"Somewhere")
    assert [i["court"] for i in parse_atom_search(xml).items] == ["nysd", "ca9"]
    assert [i["court"] for i in parse_atom_search(xml, court="casd").items][0] == "casd"


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"", "empty"),
        (b"  \n", "empty"),
        (b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head></html>", "not_rss"),
        (b'{"detail": "Invalid token."}', "not_rss"),
        (b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>', "not_rss"),
        (
            b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><title>',
            "malformed",
        ),
    ],
)
def test_atom_bad_bodies(content, kind):
    with pytest.raises(FeedError) as err:
        parse_atom_search(content)
    assert err.value.kind == kind


def test_atom_cut_short_keeps_complete_entries():
    xml = body("search_feed.xml")
    cut = xml.index(b"<entry>", xml.index(b"Okafor")) + 30
    feed = parse_atom_search(xml[:cut])
    assert [i["court"] for i in feed.items] == ["casd", "nysd"]
    assert feed.problems


# -- REST v4 search ------------------------------------------------------------------------------


def test_search_page_cases_entries_and_cursor():
    page = parse_search_json(body("search_r_page1.json"), base_url="http://127.0.0.1:8123")
    assert page.count == 3
    assert page.next.startswith("http://127.0.0.1:8123/api/rest/v4/search/?cursor=")
    assert "type=r" in page.next
    casd, nysd = page.cases
    assert casd == {
        "court": "casd",
        "docket_number": "3:26-cv-04101",
        "case_name": "Ramos-Ortiz v. Noem",
        "nature_of_suit": "Habeas Corpus - Alien Detainee",
        "nos_code": None,
        "cause": "28:2241 Petition for Writ of Habeas Corpus (federa",
        "parties": [
            {"name": "Mateo Ramos-Ortiz", "role": ""},
            {"name": "Kristi Noem", "role": ""},
            {"name": "Warden, Otay Mesa Detention Center", "role": ""},
        ],
        "date_filed": "2026-10-30",
        "date_terminated": None,
        "docket_url": "https://www.courtlistener.com/docket/71234501/ramos-ortiz-v-noem/",
        "pacer_case_id": "812345",
        "source_id": "71234501",
    }
    assert nysd["nature_of_suit"] == "Other Immigration Actions"
    by_number = {(e["court"], e["entry_number"]): e for e in page.entries}
    assert set(by_number) == {("casd", 14), ("casd", 12), ("nysd", 22)}
    order = by_number["casd", 14]
    assert order["short_description"] == "Order on Motion to Seal Document"
    assert order["text"].startswith("ORDER Granting [12] Respondents' Motion to File")
    assert order["date_filed"] == "2026-11-19" and order["published"] is None
    assert order["source_id"] == "398700140"  # the docket entry
    assert order["recap_document_id"] == "421900014" and order["is_available"] is True
    assert by_number["casd", 12]["is_available"] is False


def test_search_last_page_and_code_in_label():
    page = parse_search_json(body("search_r_page2.json"))
    assert page.next is None
    assert page.cases[0]["nature_of_suit"] == "Habeas Corpus - Alien Detainee"
    assert page.cases[0]["nos_code"] == "463"
    assert page.entries[0]["short_description"] == "Sealed Motion"


def test_search_result_without_docket_number_is_skipped():
    data = json.loads(body("search_r_page2.json"))
    data["results"][0]["docketNumber"] = ""
    page = parse_search_json(json.dumps(data))
    assert page.cases == [] and page.entries == [] and len(page.skipped) == 1


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"", "empty"),
        (b"<html><head><title>Service Unavailable</title></head></html>", "not_rss"),
        (b'{"detail": "Authentication credentials were not provided."}', "not_rss"),
        (b'{"count": 3, "results": [', "malformed"),
        (b"[1, 2]", "malformed"),
        (b'{"count": 0}', "malformed"),
    ],
)
def test_search_bad_bodies(content, kind):
    with pytest.raises(FeedError) as err:
        parse_search_json(content)
    assert err.value.kind == kind


# -- dockets, parties, documents ---------------------------------------------------------------


def test_docket_list_result():
    case = parse_docket(body("dockets_list.json"))
    assert case["court"] == "casd" and case["docket_number"] == "3:26-cv-03950"
    assert case["nature_of_suit"] == "Habeas Corpus - Alien Detainee"
    assert case["cause"].startswith("28:2241")
    assert case["date_filed"] == "2026-10-14" and case["date_terminated"] is None
    assert case["pacer_case_id"] == "811990" and case["source_id"] == "71230055"


def test_docket_empty_list_and_missing_fields():
    assert parse_docket(body("dockets_empty.json")) is None
    assert parse_docket(b'{"id": 5, "court_id": "mad"}')["nature_of_suit"] == ""


def test_parties_roles_of_this_docket_only():
    assert parse_parties(body("parties.json"), docket_id=71230055) == [
        {"name": "Yonas Haile", "role": "Petitioner"},
        {"name": "Warden, Otay Mesa Detention Center", "role": "Respondent"},
        {"name": "Kristi Noem", "role": "Respondent"},
    ]
    assert {"name": "Kristi Noem", "role": "Defendant"} in parse_parties(body("parties.json"))


def test_recap_document_text_and_flags():
    doc = parse_recap_document(body("recap_document_order.json"))
    assert doc["source_id"] == "421900014"
    assert doc["text"].startswith("Case 3:26-cv-04101-JLS-BLM Document 14")
    assert "8 C.F.R. § 208.6" in doc["text"]
    assert (doc["document_number"], doc["attachment_number"]) == (14, None)
    assert doc["is_available"] is True and doc["is_sealed"] is False
    assert parse_recap_document(body("recap_document_no_text.json"))["text"] == ""


def test_docket_entries_with_nested_documents():
    data = json.loads(body("search_r_page1.json"))  # reuse invented ids in entry shape
    entry = {
        "id": 398700140,
        "docket": "https://www.courtlistener.com/api/rest/v4/dockets/71234501/",
        "entry_number": 14,
        "date_filed": "2026-11-19",
        "description": data["results"][0]["recap_documents"][0]["description"],
        "recap_documents": [json.loads(body("recap_document_order.json"))],
    }
    (parsed,) = parse_docket_entries(json.dumps({"count": 1, "results": [entry]}))
    assert parsed["docket_id"] == "71234501" and parsed["entry_number"] == 14
    assert parsed["documents"][0]["source_id"] == "421900014"


# -- helpers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "court"),
    [
        ("District Court, S.D. California", "casd"),
        ("District Court, D. Massachusetts", "mad"),
        ("District Court, District of Columbia", "dcd"),
        ("District Court, E.D. New York", "nyed"),
        ("United States Bankruptcy Court, S.D. California", "casb"),
        ("Court of Appeals for the Ninth Circuit", "ca9"),
        ("Court of Appeals for the D.C. Circuit", "cadc"),
        ("Supreme Court of the United States", None),
        ("", None),
    ],
)
def test_court_id_from_name(name, court):
    assert court_id_from_name(name) == court


@pytest.mark.parametrize(
    ("raw", "court", "normal"),
    [
        ("3:17-cv-02366-BAS-KSC", "casd", "3:17-cv-02366"),
        ("1:16-cv-00745", "dcd", "1:16-cv-00745"),
        ("19-8054", "ca9", "19-8054"),
        (" 3:20-cv-01 ,  3:20-cv-02 ", "casd", "3:20-cv-01"),
        ("CV 20-1234", "cal", "CV 20-1234"),
        ("", "casd", ""),
    ],
)
def test_normalize_docket_number(raw, court, normal):
    assert normalize_docket_number(raw, court) == normal


def test_rebase_url_only_moves_courtlistener_links():
    assert rebase_url(
        "https://www.courtlistener.com/api/rest/v4/search/?cursor=x", "http://h:1"
    ) == ("http://h:1/api/rest/v4/search/?cursor=x")
    assert rebase_url("https://example.org/a", "http://h:1") == "https://example.org/a"
    assert rebase_url(None, "http://h:1") is None
