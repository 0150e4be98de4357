"""Conformance of `crawler.parsers.courtlistener` with CourtListener's real formats.

Reads `../shared/fixtures/courtlistener/` (outside the repository; the tests skip when it is
absent): the HTTP OPTIONS answers of the v4 endpoints (field lists), the docket example of the
API documentation (a Django template holding JSON) and the docket-alert webhook example.
Every field our parsers read must be one the endpoint describes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from crawler.parsers.courtlistener import parse_docket, parse_docket_entries

SHARED = Path(__file__).resolve().parents[2] / "shared"
FIXTURES = SHARED / "fixtures" / "courtlistener"

pytestmark = pytest.mark.skipif(
    not FIXTURES.is_dir(), reason=f"shared fixtures not found at {FIXTURES}"
)

# Fields each parser reads, per endpoint (nested ones as parent.child).
READ_FIELDS = {
    "dockets": [
        "id",
        "court_id",
        "docket_number",
        "case_name",
        "nature_of_suit",
        "cause",
        "date_filed",
        "date_terminated",
        "pacer_case_id",
        "absolute_url",
    ],
    "parties": ["name", "party_types", "party_types.name", "party_types.docket_id"],
    "recap-documents": [
        "id",
        "plain_text",
        "description",
        "document_number",
        "attachment_number",
        "is_sealed",
        "is_available",
        "filepath_local",
        "absolute_url",
    ],
    "docket-entries": [
        "id",
        "docket",
        "entry_number",
        "date_filed",
        "description",
        "recap_documents",
    ],
}


def options() -> dict:
    return json.loads((FIXTURES / "http_options.json").read_text(encoding="utf-8"))


def described_fields(endpoint: str) -> set[str]:
    """Field names in an endpoint's OPTIONS answer, nested children as `parent.child`."""
    actions = options()[endpoint]["actions"]
    fields = next(iter(actions.values()))
    names = set(fields)
    for name, spec in fields.items():
        children = spec.get("children") or (spec.get("child") or {}).get("children") or {}
        names.update(f"{name}.{child}" for child in children)
    return names


@pytest.mark.parametrize("endpoint", sorted(READ_FIELDS))
def test_every_field_read_is_described(endpoint):
    missing = set(READ_FIELDS[endpoint]) - described_fields(endpoint)
    assert not missing, f"{endpoint}: fields not in the OPTIONS answer: {sorted(missing)}"


def test_parties_filter_by_docket_exists():
    assert "docket" in options()["parties"]["filters"]
    filters = options()["dockets"]["filters"]
    assert "exact" in filters["docket_number"]["lookup_types"]
    assert "court" in filters


def test_docket_documentation_example():
    page = (FIXTURES / "docket-endpoint.html").read_text(encoding="utf-8")
    page = page.replace("{{ version }}", "v4")
    example = re.findall(r"<pre[^>]*>(.*?)</pre>", page, re.S)[-1]
    case = parse_docket(example)
    assert case["court"] == "dcd"
    assert case["docket_number"] == "1:16-cv-00745"
    assert case["nature_of_suit"] == "Other Statutory Actions"
    assert case["nos_code"] is None
    assert case["cause"] == "28:1346 Tort Claim"
    assert case["date_filed"] == "2016-04-21"
    assert case["date_terminated"] is None
    assert case["pacer_case_id"] == "178502"
    assert case["source_id"] == "4214664"


def test_webhook_docket_entry_example():
    text = (FIXTURES / "docket_alert_webhook_dummy.txt").read_text(encoding="utf-8")
    (entry,) = parse_docket_entries(text.replace("{{ webhook_version }}", "2"))
    assert entry["entry_number"] == 140
    assert entry["docket_id"] == "4214664"
    assert entry["date_filed"] == "2022-10-11"
    assert entry["text"].startswith("MOTION for Settlement Preliminary Approval")
    main, attachment = entry["documents"]
    assert len(entry["documents"]) == 2
    assert (main["document_number"], main["attachment_number"]) == (140, None)
    assert (attachment["document_number"], attachment["attachment_number"]) == (140, 1)
    assert main["is_available"] is True and attachment["is_available"] is False
    assert main["is_sealed"] is None
    assert attachment["description"] == "Text of Proposed Order Proposed Order"
