"""Conformance of `crawler.parsers.govinfo` with real GovInfo files.

The files live outside the repository, in `../shared/fixtures/govinfo/`: USCOURTS package MODS
records (`mods/<year>/*.xml`; district and appellate, civil and criminal, some without a
nature of suit, 1 to 46 granules each), a collections-service listing
(`api/USCOURTS-sample.json`) and saved search-service responses
(`api/search-service.postman_collection.json`). Expected values are counted from the XML
itself (constituent items, `<natureSuit>` elements) rather than restated. The tests skip when
`../shared` is absent.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import etree

from crawler.parsers.govinfo import case_record, entry_records, parse_listing, parse_mods

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "govinfo"
MODS_FILES = sorted(FIXTURES.glob("mods/*/*.xml")) if FIXTURES.is_dir() else []
NS = {"m": "http://www.loc.gov/mods/v3"}

requires_shared = pytest.mark.skipif(
    not FIXTURES.is_dir(), reason=f"shared fixtures not found at {FIXTURES}"
)


def _ids(paths: list[Path]) -> list[str]:
    return [p.stem for p in paths]


def _mods(name: str) -> dict:
    (path,) = [p for p in MODS_FILES if p.stem == name]
    return parse_mods(path.read_bytes())


@requires_shared
def test_fixtures_are_there() -> None:
    """Guard against a silently empty parametrisation when ../shared exists."""
    assert len(MODS_FILES) >= 20
    assert (FIXTURES / "api" / "USCOURTS-sample.json").is_file()


@requires_shared
@pytest.mark.parametrize("path", MODS_FILES, ids=_ids(MODS_FILES))
def test_every_record_parses(path: Path) -> None:
    root = etree.parse(str(path)).getroot()
    package = parse_mods(path.read_bytes())
    constituents = root.findall("m:relatedItem[@type='constituent']", NS)
    assert len(package["granules"]) == len(constituents) >= 1
    assert package["package_id"] == f"USCOURTS-{path.stem}"
    assert package["court"] == path.stem.split("-")[0]
    assert package["case_name"]
    assert package["parties"]
    assert len({(p["name"], p["role"]) for p in package["parties"]}) == len(package["parties"])
    has_nos = root.find("m:extension/m:natureSuit", NS) is not None
    assert (package["nature_of_suit"] is not None) == has_nos
    assert (package["nos_code"] is not None) == has_nos
    for granule in package["granules"]:
        assert granule["granule_id"] == f"{package['package_id']}-{granule['sequence']}"
        assert granule["docket_text"]
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", granule["date_issued"])
        assert granule["pdf_url"].endswith(f"/pdf/{granule['granule_id']}.pdf")
        assert "/pkg/pdf/" not in granule["pdf_url"]
    assert [g["sequence"] for g in package["granules"]] == list(range(len(constituents)))
    case = case_record(package)
    assert case["source_id"] == package["package_id"]
    entries = entry_records(package)
    assert len(entries) == len(constituents)
    assert {e["source_id"] for e in entries} == {g["granule_id"] for g in package["granules"]}
    json.dumps([case, entries])


@requires_shared
def test_records_without_nature_of_suit() -> None:
    missing = [p.stem for p in MODS_FILES if parse_mods(p.read_bytes())["nos_code"] is None]
    assert sorted(missing) == [
        "ca8-11-01535",
        "ned-4_05-cr-03138",
        "ned-8_02-mj-00143",
        "ned-8_08-cr-00285",
    ]


@requires_shared
def test_alien_detainee_habeas_case() -> None:
    package = _mods("caed-2_14-cv-02727")
    assert package["case_number"] == "2:14-cv-02727"
    assert package["court_type"] == "District" and package["case_type"] == "civil"
    assert package["nos_code"] == "463"
    assert package["nature_of_suit"] == "Habeas Corpus - Alien Detainee"
    assert package["cause"] == "8:1105(a) Aliens: Habeas Corpus to Release INS Detainee"
    assert {"name": "Jaspal Singh", "role": "Petitioner"} in package["parties"]
    assert len(package["parties"]) == 5  # the extension block is printed twice
    (granule,) = package["granules"]
    assert granule["docket_text"].startswith("STIPULATION and ORDER signed by Magistrate Judge")
    assert granule["date_issued"] == "2015-01-06"
    assert granule["pdf_url"] == (
        "http://www.gpo.gov/fdsys/pkg/USCOURTS-caed-2_14-cv-02727/pdf/"
        "USCOURTS-caed-2_14-cv-02727-0.pdf"
    )


@requires_shared
def test_appellate_case_number_is_unpadded() -> None:
    package = _mods("ca8-11-01535")
    assert package["case_number"] == "11-1535"
    assert package["court_type"] == "Appellate"
    assert package["nature_of_suit"] is None and package["case_type"] is None


@requires_shared
def test_district_numbers_are_kept_as_given() -> None:
    for path in MODS_FILES:
        package = parse_mods(path.read_bytes())
        if package["court_type"] == "District":
            assert package["package_id"].endswith(package["case_number"].replace(":", "_"))


@requires_shared
def test_collections_sample_listing() -> None:
    packages, next_page = parse_listing((FIXTURES / "api" / "USCOURTS-sample.json").read_bytes())
    assert len(packages) == 25
    assert all(p["package_id"].startswith("USCOURTS-") for p in packages)
    assert all(p["link"].endswith("/summary") and p["last_modified"] for p in packages)
    assert next_page == (
        "https://api.govinfo.gov/collections/USCOURTS/2018-04-03T00:00:00Z?offset=25&pageSize=25"
    )


def _saved_search_responses() -> list[tuple[str, str]]:
    path = FIXTURES / "api" / "search-service.postman_collection.json"
    if not path.is_file():
        return []

    def walk(items: list[dict]) -> list[dict]:
        out = []
        for item in items:
            out.extend(walk(item["item"]) if "item" in item else [item])
        return out

    collection = json.loads(path.read_text(encoding="utf-8"))
    return [
        (response["name"], response["body"])
        for request in walk(collection["item"])
        for response in request.get("response") or []
    ]


SEARCH_RESPONSES = _saved_search_responses()


@requires_shared
def test_nature_of_suit_search_responses_are_there() -> None:
    names = {name for name, _ in SEARCH_RESPONSES}
    assert {"USCOURTS - Nature of Suit - appellate", "USCOURTS - Nature of Suit - state"} <= names


@requires_shared
@pytest.mark.parametrize(
    ("name", "body"), SEARCH_RESPONSES, ids=[name for name, _ in SEARCH_RESPONSES]
)
def test_saved_search_responses_parse(name: str, body: str) -> None:
    packages, next_page = parse_listing(body)
    results = json.loads(body)["results"]
    assert len(packages) == len(results) > 0
    assert next_page is None
    if name.startswith("USCOURTS"):
        assert all(p["package_id"].startswith("USCOURTS-") for p in packages)
        assert all(p["granule_id"].startswith(p["package_id"] + "-") for p in packages)
