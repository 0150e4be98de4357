"""Run the classifier over real docket entries from the shared fixtures (juriscraper's parsed
PACER dockets). Skips cleanly when ../shared is not present.

Only a few facts are pinned; the main check is that every real entry classifies without error
into the fixed vocabularies.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monitor import vocab
from monitor.classify import classify

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "pacer_dockets"
pytestmark = pytest.mark.skipif(not FIXTURES.is_dir(), reason="shared fixtures not present")


def _entries(name: str) -> tuple[str, dict[str, str]]:
    docket = json.loads((FIXTURES / "district" / name).read_text(encoding="utf-8"))
    texts = {
        str(e.get("document_number")): e.get("description") or ""
        for e in docket.get("docket_entries") or []
    }
    return docket.get("case_name") or "", texts


def test_every_real_entry_classifies():
    count = 0
    for path in sorted(FIXTURES.glob("**/*.json")):
        docket = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(docket, dict):
            continue
        for entry in docket.get("docket_entries") or []:
            result = classify(
                entry.get("description") or "",
                entry.get("short_description") or "",
                docket.get("case_name") or "",
            )
            assert result.event_type in vocab.EVENT_TYPES
            assert result.outcome in vocab.OUTCOMES
            assert result.movant_role in vocab.MOVANT_ROLES
            count += 1
    assert count > 500


@pytest.mark.parametrize(
    ("docket", "number", "event_type", "outcome"),
    [
        ("mad_193254.json", "10", "motion_to_seal", "none"),
        ("mad_193254.json", "22", "motion_to_seal", "none"),
        ("mad_193254.json", "24", "not_sealing", "none"),  # Opposition re 10 MOTION to Seal
        ("mad_193254.json", "25", "sealing_order", "granted"),  # granted on a temporary basis
        ("mad_193254.json", "27", "not_sealing", "none"),  # notice setting a hearing
        ("njd_509180.json", "72", "not_sealing", "none"),  # NOTICE TO COUNSEL boilerplate
        ("njd_509180.json", "84", "motion_to_seal", "none"),
        ("njd_509180.json", "86", "sealing_order", "granted"),
        ("njd_509180.json", "94", "motion_to_seal", "none"),
        ("njd_509180.json", "101", "redaction", "none"),
        ("ned.json", "37", "sealed_filing", "none"),
        ("ned.json", "39", "sealing_order", "granted_in_part"),
        ("ned.json", "8", "not_sealing", "none"),  # E-Government Act access notice
    ],
)
def test_known_real_entries(docket, number, event_type, outcome):
    case_name, texts = _entries(docket)
    result = classify(texts[number], "", case_name)
    assert (result.event_type, result.outcome) == (event_type, outcome)


def test_deerfield_motion_movant():
    case_name, texts = _entries("mad_193254.json")
    result = classify(texts["10"], "", case_name)
    assert result.movant_text == "Trustees of Deerfield Academy"
    assert result.movant_role == "defendant_nongov"  # O'Donnell v. Trustees of Deerfield Academy
    assert result.refs == [1]
