"""Conformance with the two renderings of one order in ../shared/seeds (issue 3).

`000_*` is an OCR rendering (caption, clerk's stamp, margin numbers, signature); `001_*` is a
clean rendering that starts at the judge's name and stops before the ruling's last word.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.analyze import analyze_text

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def _seed(prefix: str) -> dict:
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} is absent")
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"no {prefix}_*.txt in {SEEDS}")
    return analyze_text(found[0].read_text(encoding="utf-8")).as_dict()


@pytest.fixture(scope="module")
def ocr() -> dict:
    return _seed("000")


@pytest.fixture(scope="module")
def clean() -> dict:
    return _seed("001")


@pytest.fixture(params=["ocr", "clean"])
def either(request: pytest.FixtureRequest) -> dict:
    return request.getfixturevalue(request.param)


def test_ocr_caption(ocr: dict) -> None:
    assert ocr["court"] == "casd"
    assert ocr["case_number"] == "3:17-cv-02366"
    assert ocr["case_name"] == "Al Otro Lado v. Nielsen"
    assert ocr["judge"] == "Karen S. Crawford"
    assert ocr["judge_role"] == "magistrate"
    assert ocr["date_signed"] == "2018-03-09"
    assert ocr["date_filed"] == "2018-03-12"


def test_ruling(either: dict) -> None:
    assert either["movant_role"] == "government"
    assert either["outcome"] == "granted"
    assert either["motion_refs"] == [159]
    assert len(either["documents_sealed"]) == 3, either["documents_sealed"]


def test_reasons_and_standard(either: dict) -> None:
    codes = {r["code"] for r in either["reasons"]}
    assert codes >= {"cybersecurity_infrastructure", "safety", "trade_secret_commercial"}, codes
    assert either["reasons_stated"] is True
    assert either["standard"] == "compelling_reasons"
    assert either["local_rule"] == "79.2(c)"


def test_authorities(either: dict) -> None:
    names = {a["citation"]: a["name"] for a in either["authorities"]}
    for citation, party in (
        ("49 F.3d 1430", "Hagestad"),
        ("331 F.3d 1122", "Foltz"),
        ("435 U.S. 589", "Nixon"),
    ):
        assert citation in names, f"{citation} not in {sorted(names)}"
        assert names[citation] and party in names[citation], (citation, names[citation])


def test_clean_leaves_unstated_fields_empty(clean: dict) -> None:
    for field in ("court", "case_number", "case_name", "date_signed", "date_filed"):
        assert clean[field] == "", (field, clean[field])


def test_flags(ocr: dict, clean: dict) -> None:
    assert any(f.startswith("movant_conflict") for f in ocr["flags"]), ocr["flags"]
    assert any(f.startswith("docket_number_conflict") for f in ocr["flags"]), ocr["flags"]
    assert any(f.startswith("truncated") for f in clean["flags"]), clean["flags"]


def test_renderings_agree_on_what_both_state(ocr: dict, clean: dict) -> None:
    disagreements = {
        field: (ocr[field], clean[field])
        for field in ocr
        if isinstance(ocr[field], str | int | bool)
        and not isinstance(ocr[field], bool)
        and ocr[field] not in ("", "unknown")
        and clean[field] not in ("", "unknown")
        and ocr[field] != clean[field]
    }
    assert not disagreements, disagreements
