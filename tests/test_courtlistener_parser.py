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
    parse_docket_entries_page,
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


def _entries_page(results, next_url=None) -> str:
    """A SAMPLE `docket-entries/?docket=N` page (invented ids, CourtListener's shape)."""
    return json.dumps(
        {
            "count": "https://www.courtlistener.com/api/rest/v4/docket-entries/?count=on",
            "next": next_url,
            "previous": None,
            "results": results,
        }
    )


def _sample_entry(entry_id, number, documents=()):
    return {
        "id": entry_id,
        "docket": 70915533,
        "entry_number": number,
        "date_filed": "2026-10-02",
        "description": f"SAMPLE docket text of entry {number}",
        "recap_documents": list(documents),
    }


def test_docket_entries_page_reads_documents_flags_and_the_cursor():
    sealed = {"id": 520000071, "attachment_number": None, "is_sealed": True,
              "is_available": False, "description": "Sealed Exhibit"}  # fmt: skip
    attachment = {"id": 520000072, "attachment_number": 1, "is_sealed": None,
                  "is_available": True, "description": "Proposed Order"}  # fmt: skip
    cursor = "https://www.courtlistener.com/api/rest/v4/docket-entries/?cursor=cD0y&docket=7"
    page = parse_docket_entries_page(
        _entries_page([_sample_entry(41000001, 7, [sealed, attachment])], cursor),
        "http://127.0.0.1:9",
        court="casd",
    )
    assert page.next == "http://127.0.0.1:9/api/rest/v4/docket-entries/?cursor=cD0y&docket=7"
    (entry,) = page.entries
    assert (entry["source_id"], entry["entry_number"], entry["docket_id"]) == (
        "41000001",
        7,
        "70915533",
    )
    main, second = entry["documents"]
    assert (main["source_id"], main["is_sealed"], main["is_available"]) == (
        "520000071",
        True,
        False,
    )
    assert (second["attachment_number"], second["is_sealed"], second["is_available"]) == (
        1,
        None,
        True,
    )
    assert not page.skipped


def test_docket_entries_page_skips_what_it_cannot_key_and_never_reads_as_empty():
    page = parse_docket_entries_page(
        _entries_page([_sample_entry(None, 3), "oops", _sample_entry(41000004, 4)])
    )
    assert [e["source_id"] for e in page.entries] == ["41000004"]
    assert page.skipped == ["entry 1: no id", "entry 2: not a JSON object"]
    assert page.next is None
    with pytest.raises(FeedError) as caught:  # an object without results is no empty docket
        parse_docket_entries_page(json.dumps({"count": 0, "next": None}))
    assert caught.value.kind == "malformed"
    with pytest.raises(FeedError) as caught:
        parse_docket_entries_page(b'{"detail": "You do not have permission."}')
    assert caught.value.kind == "not_rss"


def test_docket_entries_page_drops_appellate_document_ids_as_numbers():
    page = parse_docket_entries_page(_entries_page([_sample_entry(41000009, 4411235)]), court="ca9")
    assert page.entries[0]["entry_number"] is None


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
        ("3:17-cv-09912-BAS-KSC", "casd", "3:17-cv-09912"),
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


# -- one bad item costs only itself (issue 13) --------------------------------------------------


def _page_with(change) -> str:
    data = json.loads(body("search_r_page1.json"))
    change(data["results"][0])
    return json.dumps(data)


INTACT = parse_search_json(body("search_r_page1.json"))
SECOND_CASE = INTACT.cases[1]
SECOND_ENTRIES = [e for e in INTACT.entries if e["docket_number"] == SECOND_CASE["docket_number"]]


@pytest.mark.parametrize(
    "field, value",
    [
        ("docketNumber", 3126),  # AttributeError: int has no split
        ("suitNature", ["463"]),  # AttributeError
        ("docket_absolute_url", 71234501),  # TypeError in urljoin
        ("caseName", {"a": 1}),
    ],
)
def test_result_field_of_the_wrong_type_costs_at_most_that_result(field, value):
    page = parse_search_json(_page_with(lambda r: r.__setitem__(field, value)))
    assert SECOND_CASE in page.cases
    assert all(entry in page.entries for entry in SECOND_ENTRIES)


@pytest.mark.parametrize("number", ["²", "٣", "9" * 5000, 2**70, -4])
def test_odd_entry_number_is_no_number(number):
    """`"²".isdigit()` is True and int("²") raised ValueError: the page was lost."""
    page = parse_search_json(
        _page_with(lambda r: r["recap_documents"][0].__setitem__("entry_number", number))
    )
    assert len(page.cases) == 2 and page.entries[0]["entry_number"] is None


def test_result_that_is_no_object_is_counted():
    data = json.loads(body("search_r_page1.json"))
    data["results"].insert(0, "SAMPLE not an object")
    page = parse_search_json(json.dumps(data))
    assert page.cases == INTACT.cases and page.entries == INTACT.entries
    assert page.skipped == ["result 1: not a JSON object"]


def test_huge_integer_costs_no_more_than_its_field():
    """json.loads refused a 5,000-digit integer (Python's int limit): the page was lost."""
    text = body("search_r_page1.json").decode()
    text = text.replace('"docket_id": 71234501', '"docket_id": ' + "7" * 5000, 1)
    page = parse_search_json(text)
    assert len(page.cases) == 2 and page.cases[0]["source_id"] is None
    assert page.cases[1] == SECOND_CASE


def test_lone_surrogates_in_json_become_replacement_characters():
    """`"\\ud800"` is valid JSON but no UTF-8: SQLite refused the whole batch holding it."""
    text = body("search_r_page1.json").decode()
    text = text.replace('"caseName": "Ramos-Ortiz', '"caseName": "\\ud800Ramos-Ortiz', 1)
    page = parse_search_json(text)
    assert page.cases[0]["case_name"] == "\ufffdRamos-Ortiz v. Noem"
    assert page.entries[0]["case_name"] == "\ufffdRamos-Ortiz v. Noem"
    json.dumps(page.cases + page.entries, ensure_ascii=False).encode("utf-8")
    assert any("surrogate" in p for p in page.problems)


def test_duplicate_keys_are_noted():
    text = body("search_r_page1.json").decode()
    text = text.replace('"caseName": "Ramos', '"caseName": "SAMPLE decoy", "caseName": "Ramos', 1)
    page = parse_search_json(text)
    assert page.cases == INTACT.cases  # the last copy wins, as in json.loads
    assert any("duplicate keys" in p and "caseName" in p for p in page.problems)


@pytest.mark.parametrize("parse", [parse_search_json, parse_docket, parse_recap_document])
def test_json_nested_too_deep_is_malformed_not_recursion_error(parse):
    deep = '{"results": [' + "[" * 100_000 + "]" * 100_000 + "]}"
    with pytest.raises(FeedError) as err:
        parse(deep)
    assert err.value.kind == "malformed"


@pytest.mark.parametrize("next_url", ["http://[oops/?cursor=1", 5, ["x"]])
def test_unusable_next_link_never_loses_the_page(next_url):
    data = json.loads(body("search_r_page1.json"))
    data["next"] = next_url
    page = parse_search_json(json.dumps(data))
    assert page.cases == INTACT.cases
    assert page.next == (next_url if isinstance(next_url, str) else None)


def test_recap_document_answer_without_a_document_is_malformed():
    with pytest.raises(FeedError) as err:
        parse_recap_document(b'{"count": 0, "next": null, "results": []}')
    assert err.value.kind == "malformed"


def test_docket_with_numbers_of_the_wrong_type():
    case = parse_docket(b'{"id": 5, "court_id": "mad", "docket_number": 12, "nature_of_suit": 3}')
    assert case["docket_number"] == "" and case["nature_of_suit"] == ""


ATOM = body("search_feed.xml")


def test_atom_entry_with_an_unparseable_link_is_skipped_alone():
    """urllib raised ValueError ("Invalid IPv6 URL") on one entry's link: the feed was lost."""
    atom = ATOM.replace(
        b'<link href="https://www.courtlistener.com/docket/71234777/24/okafor-v-bondi/"',
        b'<link href="http://[oops/docket/71234777/24/okafor-v-bondi/"',
    )
    feed = parse_atom_search(atom)
    intact = parse_atom_search(ATOM)
    assert feed.items == [i for i in intact.items if i["case_name"] != "Okafor v. Bondi"]
    (reason,) = set(feed.skipped) - set(intact.skipped)
    assert reason.startswith("entry 3 (Okafor v. Bondi): skipped, ValueError")


def test_atom_entry_with_a_lone_surrogate_reference_keeps_the_feed():
    atom = ATOM.replace(
        b"<title>Okafor v. Bondi</title>", b"<title>Okafor &#xD800;v. Bondi</title>"
    )
    feed = parse_atom_search(atom)
    assert "Okafor \ufffdv. Bondi" in [i["case_name"] for i in feed.items]
    assert len(feed.items) == len(parse_atom_search(ATOM).items)


def test_atom_billion_laughs_costs_only_the_entry_that_uses_it():
    doctype = (
        b'<!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(
            b'<!ENTITY %s "%s">' % (bytes([c + 1]), b"&%s;" % bytes([c]) * 10)
            for c in range(ord("a"), ord("i"))
        )
        + b"]>"
    )
    root = ATOM.index(b"<feed")
    atom = ATOM[:root] + doctype + ATOM[root:]
    atom = atom.replace(b"<title>Okafor v. Bondi</title>", b"<title>Okafor &i; v. Bondi</title>")
    feed = parse_atom_search(atom)
    intact = parse_atom_search(ATOM)
    assert feed.items == [i for i in intact.items if i["case_name"] != "Okafor v. Bondi"]
    assert any("&i;" in reason for reason in feed.skipped)
