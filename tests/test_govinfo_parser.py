"""Unit tests of `crawler.parsers.govinfo` on the sample fixtures in tests/data/govinfo/.

All cases, parties and texts there are sample data written for these tests (see its README).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.parsers.errors import FeedError
from crawler.parsers.govinfo import (
    case_record,
    entry_records,
    html_text,
    parse_listing,
    parse_mods,
    parse_rss,
    split_access_id,
    strip_api_key,
)

DATA = Path(__file__).resolve().parent / "data" / "govinfo"
A = "USCOURTS-casd-3_26-cv-00410"


def read(name: str) -> bytes:
    return (DATA / name).read_bytes()


@pytest.fixture(scope="module")
def package() -> dict:
    return parse_mods(read(f"{A}.mods.xml"))


def test_package_mods_case_fields(package):
    assert package["package_id"] == A
    assert package["court"] == "casd"
    assert package["court_type"] == "District"
    assert package["case_type"] == "civil"
    assert package["case_number"] == "3:26-cv-00410"
    assert package["case_name"] == "(HC) Ramirez-Ortega v. Noem et al"
    assert package["nature_of_suit"] == "Habeas Corpus - Alien Detainee"
    assert package["nos_code"] == "463"
    assert package["cause"] == "28:2241 Petition for Writ of Habeas Corpus (federal)"
    assert package["date_issued"] == "2026-11-19"
    assert package["details_url"].endswith(f"/fdsys/pkg/{A}/content-detail.html")


def test_parties_are_deduplicated_across_the_repeated_extension(package):
    assert package["parties"] == [
        {"name": "Lucia Ramirez-Ortega", "role": "Petitioner"},
        {"name": "Kristi Noem", "role": "Respondent"},
        {"name": "Warden, Otay Mesa Detention Center", "role": "Respondent"},
    ]


def test_granules(package):
    granules = package["granules"]
    assert [g["granule_id"] for g in granules] == [f"{A}-0", f"{A}-1", f"{A}-2"]
    assert [g["sequence"] for g in granules] == [0, 1, 2]
    assert [g["date_issued"] for g in granules] == ["2026-11-18", "2026-11-19", "2026-11-19"]
    second = granules[1]
    assert second["docket_text"].startswith("ORDER GRANTING Petitioner's Motion to File Exhibits")
    assert second["title"] == second["docket_text"]
    assert second["pdf_url"] == f"http://www.gpo.gov/fdsys/pkg/{A}/pdf/{A}-1.pdf"
    assert second["details_url"].endswith(f"/fdsys/granule/{A}/{A}-1/content-detail.html")


def test_case_record(package):
    case = case_record(package)
    assert case == {
        "court": "casd",
        "docket_number": "3:26-cv-00410",
        "case_name": "(HC) Ramirez-Ortega v. Noem et al",
        "nature_of_suit": "Habeas Corpus - Alien Detainee",
        "nos_code": "463",
        "cause": "28:2241 Petition for Writ of Habeas Corpus (federal)",
        "parties": package["parties"],
        "date_filed": None,
        "date_terminated": None,
        "docket_url": package["details_url"],
        "pacer_case_id": None,
        "source_id": A,
    }


def test_entry_records(package):
    entries = entry_records(package)
    assert len(entries) == 3
    first = entries[1]
    assert first["court"] == "casd" and first["docket_number"] == "3:26-cv-00410"
    assert first["entry_number"] is None
    assert first["short_description"] == ""
    assert first["text"] == package["granules"][1]["docket_text"]
    assert first["published"] == first["date_filed"] == "2026-11-19"
    assert first["guid"] == first["source_id"] == f"{A}-1"
    assert first["document_url"] == package["granules"][1]["pdf_url"]
    assert first["source_url"] == package["granules"][1]["details_url"]
    assert first["case_url"] == package["details_url"]
    json.dumps(entries)


def test_appellate_record_without_nature_of_suit():
    package = parse_mods(read("USCOURTS-ca9-26-01234.mods.xml"))
    assert package["court"] == "ca9" and package["court_type"] == "Appellate"
    assert package["case_number"] == "26-1234"  # zero padding dropped, as PACER writes it
    assert package["case_type"] is None
    assert (package["nature_of_suit"], package["nos_code"], package["cause"]) == (None,) * 3
    (granule,) = package["granules"]
    # the location URL wins over the broken otherFormat link (/fdsys/pkg/pdf/...)
    assert granule["pdf_url"] == (
        "http://www.gpo.gov/fdsys/pkg/USCOURTS-ca9-26-01234/pdf/USCOURTS-ca9-26-01234-0.pdf"
    )


def test_criminal_record_without_nature_of_suit():
    package = parse_mods(read("USCOURTS-txsd-1_26-cr-00077.mods.xml"))
    assert package["case_type"] == "criminal"
    assert package["case_number"] == "1:26-cr-00077"
    assert package["nature_of_suit"] is None and package["nos_code"] is None
    assert {"name": "USA", "role": "Plaintiff"} in package["parties"]


def test_granule_level_record():
    package = parse_mods(read(f"{A}-1.granule-mods.xml"))
    assert package["package_id"] == A
    assert package["case_number"] == "3:26-cv-00410"
    assert package["details_url"].endswith(f"/fdsys/pkg/{A}/content-detail.html")
    (granule,) = package["granules"]
    assert granule["granule_id"] == f"{A}-1"
    assert granule["sequence"] == 1 and granule["date_issued"] == "2026-11-19"
    assert granule["docket_text"].startswith("ORDER GRANTING Petitioner's Motion")


def test_mods_as_str_with_declaration():
    text = '<?xml version="1.0" encoding="UTF-8"?>\n' + read(f"{A}.mods.xml").decode()
    assert parse_mods(text)["package_id"] == A


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (b"", "empty"),
        (b"  \n\t", "empty"),
        (b"<!DOCTYPE html><html><head><title>Error</title></head><body>x</body></html>", "not_rss"),
        (b'{"error": {"code": "OVER_RATE_LIMIT"}}', "not_rss"),
        (b"Service Unavailable", "not_rss"),
        (b'<mods xmlns="http://www.loc.gov/mods/v3"><extension><caseNumber>1', "malformed"),
        (b'<rss version="2.0"><channel></channel></rss>', "not_rss"),
        (
            b'<mods xmlns="http://www.loc.gov/mods/v3"><titleInfo><title>x</title></titleInfo></mods>',
            "malformed",
        ),
    ],
    ids=["empty", "blank", "html", "json", "text", "broken", "rss", "no-case-number"],
)
def test_bad_mods(body, kind):
    with pytest.raises(FeedError) as info:
        parse_mods(body)
    assert info.value.kind == kind


def test_mods_without_case_number_says_so():
    body = b'<mods xmlns="http://www.loc.gov/mods/v3"><extension><courtCode>casd</courtCode></extension></mods>'
    with pytest.raises(FeedError, match="no caseNumber"):
        parse_mods(body)


def test_listing_pages():
    packages, next_page = parse_listing(read("published-casd-1.json"))
    assert packages == [
        {
            "package_id": A,
            "granule_id": None,
            "last_modified": "2026-11-20T21:19:40Z",
            "link": f"https://api.govinfo.gov/packages/{A}/summary",
        }
    ]
    assert next_page == (
        "https://api.govinfo.gov/published/2026-11-18?offsetMark="
        "AoJwgKj8x5UDKFVTQ09VUlRTLWNhc2QtM18yNi1jdi0wMDQxMA%3D%3D&pageSize=100"
        "&collection=USCOURTS&courtCode=casd"
    )
    packages, next_page = parse_listing(read("published-casd-2.json"))
    assert [p["package_id"] for p in packages] == ["USCOURTS-casd-3_26-cv-00388"]
    assert next_page is None


def test_search_results_shape():
    body = {
        "results": [
            {
                "title": "Sample v. Sample",
                "packageId": "USCOURTS-ca5-26-10001",
                "granuleId": "USCOURTS-ca5-26-10001-0",
                "lastModified": "2026-11-20T20:07:18Z",
                "resultLink": "https://api.govinfo.gov/packages/USCOURTS-ca5-26-10001/granules/"
                "USCOURTS-ca5-26-10001-0/summary",
            }
        ],
        "offsetMark": "AoIIQR4SXD8O",
        "count": 1,
    }
    packages, next_page = parse_listing(json.dumps(body))
    assert packages[0]["package_id"] == "USCOURTS-ca5-26-10001"
    assert packages[0]["granule_id"] == "USCOURTS-ca5-26-10001-0"
    assert packages[0]["link"].endswith("/summary")
    assert next_page is None  # the search service pages by POSTing the offsetMark back


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (b"", "empty"),
        (b"<html><body>Gateway Timeout</body></html>", "not_rss"),
        (b'{"packages": [', "malformed"),
        (b'{"message": "API rate limit exceeded"}', "not_rss"),
    ],
    ids=["empty", "html", "broken", "error-json"],
)
def test_bad_listing(body, kind):
    with pytest.raises(FeedError) as info:
        parse_listing(body)
    assert info.value.kind == kind


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://a/x?api_key=K&offsetMark=Ab%3D&pageSize=1",
            "https://a/x?offsetMark=Ab%3D&pageSize=1",
        ),
        ("https://a/x?offsetMark=*&API_KEY=K", "https://a/x?offsetMark=*"),
        ("https://a/x?offset=25&pageSize=25", "https://a/x?offset=25&pageSize=25"),
    ],
)
def test_strip_api_key(url, expected):
    assert strip_api_key(url) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (A, (A, None)),
        (f"{A}-12", (A, f"{A}-12")),
        ("USCOURTS-ca8-11-01535", ("USCOURTS-ca8-11-01535", None)),
        ("USCOURTS-ca8-11-01535-0", ("USCOURTS-ca8-11-01535", "USCOURTS-ca8-11-01535-0")),
        (f"https://www.govinfo.gov/app/details/{A}/{A}-2", (A, f"{A}-2")),
        (f"https://www.govinfo.gov/content/pkg/{A}/pdf/{A}-0.pdf", (A, f"{A}-0")),
        ("https://www.govinfo.gov/app/collection/uscourts", (None, None)),
    ],
)
def test_split_access_id(text, expected):
    assert split_access_id(text) == expected


def test_rss_items():
    listing = parse_rss(read("rss-uscourts-casd.xml"))
    assert listing.skipped == [] and listing.problems == []
    items = listing.items
    assert [(i["package_id"], i["granule_id"]) for i in items] == [
        (A, f"{A}-2"),
        (A, f"{A}-1"),
        ("USCOURTS-casd-3_26-cv-00388", None),
    ]
    assert items[0]["title"] == "3:26-cv-00410 - (HC) Ramirez-Ortega v. Noem et al"
    assert items[0]["published"] == "2026-11-20T21:19:40+00:00"
    assert items[2]["published"] == "2026-11-19T17:05:00-08:00"


def test_rss_ids_from_guid_and_bad_feeds():
    feed = (
        "<rss><channel><item><title>t</title><guid>USCOURTS-ca9-26-01234-0</guid></item>"
        "</channel></rss>"
    )
    (item,) = parse_rss(feed).items
    assert (item["package_id"], item["granule_id"], item["published"]) == (
        "USCOURTS-ca9-26-01234",
        "USCOURTS-ca9-26-01234-0",
        None,
    )
    with pytest.raises(FeedError) as info:
        parse_rss(read(f"{A}.mods.xml"))
    assert info.value.kind == "not_rss"
    with pytest.raises(FeedError) as info:
        parse_rss(b"<!DOCTYPE html><html><body>Not Found</body></html>")
    assert info.value.kind == "not_rss"


def test_html_rendition_text():
    text = html_text(read(f"{A}-1.htm"))
    assert text.startswith("UNITED STATES DISTRICT COURT\nSOUTHERN DISTRICT OF CALIFORNIA\n")
    assert "Kamakana v. City & County of Honolulu, 447 F.3d 1172" in text  # &amp; decoded
    assert "8 C.F.R. § 208.6" in text  # &#167; decoded
    assert "Petitioner’s Motion to File Exhibits Under Seal" in text
    assert "                                        Petitioner," in text  # <pre> layout kept
    assert "never part of the text" not in text and "font-family" not in text
    assert "USCOURTS-casd-3_26-cv-00410-1" not in text  # the <title> is not text
    assert text.endswith("United States Magistrate Judge")


def test_html_without_pre_keeps_blocks_apart():
    page = "<html><body><p>ORDER</p><p>The motion&nbsp;is GRANTED.<br>So ordered.</p></body></html>"
    assert html_text(page) == "ORDER\nThe motion is GRANTED.\nSo ordered."
    assert html_text("<html><body><script>x()</script></body></html>") == ""
    with pytest.raises(FeedError):
        html_text(b"")


# -- one bad granule or item costs only itself (issue 13) -----------------------------------------

MODS = read(f"{A}.mods.xml")
INTACT = parse_mods(MODS)
GRANULE_1 = b"<docketText>ORDER GRANTING Petitioner"


def _granules_but(package: dict, skipped_id: str) -> list[dict]:
    return [g for g in package["granules"] if g["granule_id"] != skipped_id]


def test_intact_record_has_nothing_skipped():
    assert INTACT["skipped"] == [] and INTACT["problems"] == []


def test_odd_sequence_number_is_no_number():
    """`"²".isdigit()` is True and int("²") raised ValueError: the MODS record was lost."""
    package = parse_mods(MODS.replace(b"<sequenceNumber>1<", "<sequenceNumber>²<".encode()))
    granule = next(g for g in package["granules"] if g["granule_id"] == f"{A}-1")
    assert granule["sequence"] is None
    assert _granules_but(package, f"{A}-1") == _granules_but(INTACT, f"{A}-1")


@pytest.mark.parametrize("ref", [b"&#xD800;", b"&#56320;", b"&#x1;"])
def test_forbidden_character_reference_in_a_granule(ref):
    """lxml refused the record ("xmlParseCharRef: invalid xmlChar value 55296")."""
    package = parse_mods(MODS.replace(GRANULE_1, b"<docketText>ORDER " + ref + b"GRANTING Pet"))
    assert [g["granule_id"] for g in package["granules"]] == [f"{A}-0", f"{A}-1", f"{A}-2"]
    assert package["granules"][1]["docket_text"].startswith("ORDER \ufffdGRANTING Pet")
    assert any("U+FFFD" in p for p in package["problems"])
    assert case_record(package) == case_record(INTACT)


@pytest.mark.parametrize(
    "damage",
    [b"<docketText><!-- ORDER GRANTING Petitioner", b"<docketText><![CDATA[ORDER GRANTING Peti"],
    ids=["comment", "cdata"],
)
def test_broken_granule_costs_only_itself(damage):
    """Broken XML in one granule lost the whole record (and the case with it)."""
    package = parse_mods(MODS.replace(GRANULE_1, damage))
    assert package["granules"] == _granules_but(INTACT, f"{A}-1")
    assert case_record(package) == case_record(INTACT)
    (reason,) = package["skipped"]
    assert reason.startswith(f"granule 2 ({A}-1): damaged")
    assert entry_records(package) == [e for e in entry_records(INTACT) if e["guid"] != f"{A}-1"]


def test_truncated_record_keeps_the_granules_before_the_cut():
    cut = MODS.index(b"<subTitle>ORDER GRANTING IN PART")
    package = parse_mods(MODS[:cut])
    assert package["granules"] == INTACT["granules"][:2]
    assert package["skipped"] == [f"granule 3 ({A}-2): incomplete, the XML breaks inside it"]
    assert case_record(package) == case_record(INTACT)
    # a re-read must not take the granules before the cut for the whole package
    assert package["damaged"] is True and INTACT["damaged"] is False
    assert parse_mods(MODS[: MODS.rindex(b"</mods>")])["damaged"] is True


def test_record_cut_before_its_first_granule_is_malformed():
    with pytest.raises(FeedError) as info:
        parse_mods(MODS[: MODS.index(b"<natureSuit>")])
    assert info.value.kind == "malformed"


def test_billion_laughs_costs_only_the_granule_that_uses_it():
    doctype = (
        b'<!DOCTYPE mods [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(
            b'<!ENTITY %s "%s">' % (bytes([c + 1]), b"&%s;" % bytes([c]) * 10)
            for c in range(ord("a"), ord("i"))
        )
        + b"]>\n"
    )
    root = MODS.index(b"<mods")
    body = MODS[:root] + doctype + MODS[root:].replace(GRANULE_1, b"<docketText>&i;ORDER", 1)
    package = parse_mods(body)
    assert package["granules"] == _granules_but(INTACT, f"{A}-1")
    assert case_record(package) == case_record(INTACT)
    assert "&i;" in package["skipped"][0] and any("DOCTYPE" in p for p in package["problems"])


RSS = read("rss-uscourts-casd.xml")


def test_rss_item_with_a_lone_surrogate_reference_keeps_the_feed():
    """lxml raised UnicodeDecodeError reading the recovered title: the listing was lost."""
    listing = parse_rss(RSS.replace(b"<title>", b"<title>&#xD800;", 2))
    assert [i["package_id"] for i in listing.items] == [
        i["package_id"] for i in parse_rss(RSS).items
    ]
    assert listing.items[0]["title"].startswith("\ufffd")


def test_rss_broken_item_costs_only_itself():
    intact = parse_rss(RSS).items
    body = RSS.replace(b"<item>\n<title>", b"<item>\n<title><!--", 1)
    listing = parse_rss(body)
    assert listing.items == intact[1:]
    assert len(listing.skipped) == 1 and "damaged" in listing.skipped[0]


def test_listing_nested_too_deep_is_malformed_not_recursion_error():
    with pytest.raises(FeedError) as info:
        parse_listing('{"packages": [' + "[" * 100_000 + "]" * 100_000 + "]}")
    assert info.value.kind == "malformed"


def test_listing_with_unsplittable_next_page_keeps_its_packages_and_drops_the_key():
    body = {
        "packages": [{"packageId": A}, {"packageId": 7}, "SAMPLE junk", {"packageId": ""}],
        "nextPage": "https://api.govinfo.gov/published/[2026?offsetMark=x&api_key=SECRET#f",
    }
    packages, next_page = parse_listing(json.dumps(body))
    assert [p["package_id"] for p in packages] == [A]
    assert next_page == "https://api.govinfo.gov/published/[2026?offsetMark=x#f"


def test_html_page_of_nothing_but_a_comment_has_no_text():
    """lxml raised ParserError ("Document is empty"), which no caller caught."""
    assert html_text(b"<!-- SAMPLE: an empty rendition -->") == ""
    assert html_text("<html><body><pre>SAMPLE \ud800 order</pre></body></html>") == "SAMPLE ? order"


def test_damaged_granule_start_tag_keeps_the_case_and_the_other_granules():
    """Its content then falls before the first granule, beside the case fields; those are
    trusted because GovInfo's two copies of them still agree."""
    first = MODS.index(b'<relatedItem type="constituent"')
    package = parse_mods(MODS[:first] + b"<!--" + MODS[first + 1 :])
    assert case_record(package) == case_record(INTACT)
    assert package["granules"] == INTACT["granules"][1:]


def test_broken_case_fields_are_not_trusted():
    with pytest.raises(FeedError) as info:
        parse_mods(MODS.replace(b"<natureSuit>", b"<!--<natureSuit>", 1))
    assert info.value.kind == "malformed" and "do not agree" in str(info.value)
