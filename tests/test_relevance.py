"""Golden-table tests for ``monitor.relevance`` (tests/cases/relevance.yml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from monitor.relevance import Relevance, assess_case, is_government_party

TABLE = Path(__file__).parent / "cases" / "relevance.yml"
CASES = yaml.safe_load(TABLE.read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_relevance_case(case):
    result = assess_case(
        case["case_name"],
        nature_of_suit=case.get("nature_of_suit", ""),
        cause=case.get("cause", ""),
        parties=case.get("parties", ()),
        court_kind=case.get("court_kind", ""),
        court=case.get("court", ""),
    )
    assert isinstance(result, Relevance)
    assert (result.immigration, result.basis) == (case["immigration"], case["basis"]), case.get(
        "note", ""
    )


def test_table_size_and_balance():
    assert len(CASES) >= 40
    positives = sum(1 for c in CASES if c["immigration"])
    assert 10 <= positives <= len(CASES) - 10
    assert len({c["id"] for c in CASES}) == len(CASES)


def test_store_call_shape():
    # monitor.store calls assess_case(case_name, court_kind=...)
    assert assess_case("Al Otro Lado v. Nielsen", court_kind="district").immigration


def test_parties_accept_dicts():
    parties = [{"name": "Kristi Noem", "extra_info": "Secretary of Homeland Security"}]
    assert assess_case("Doe v. Smith", parties=parties).immigration


@pytest.mark.parametrize(
    ("name", "strict", "loose"),
    [
        ("USA", True, True),
        ("United States of America", True, True),
        ("FEDERAL BUREAU OF INVESTIGATION", True, True),
        ("U.S. DEPARTMENT OF HOMELAND SECURITY", True, True),
        ("STATE OF COLORADO", True, True),
        ("Warden, Otay Mesa Detention Center", True, True),
        ("Kristi Noem", True, True),
        ("Respondents Matthew T. Albence, James Janecka", True, True),
        ("Wolf", False, True),
        ("Garland", False, True),
        ("All Defendants", False, False),
        ("Trustees of Deerfield Academy", False, False),
        ("United States Fire Insurance Co.", False, False),
        ("Deseret News", False, False),
        ("", False, False),
    ],
)
def test_is_government_party(name, strict, loose):
    assert is_government_party(name) is strict
    assert is_government_party(name, loose=True) is loose
