"""Unit tests for monitor.analyze caption, ruling and summary (short snippets written here)."""

import pytest

from monitor.analyze import ANALYZER_VERSION, OrderAnalysis, analyze_text, summary_lines
from monitor.analyze.caption import court_id_for, parse_date, read_caption, title_case
from monitor.analyze.normalize import normalize
from monitor.analyze.ruling import read_ruling

CAPTION = """FILED
JAN 4 AM 9:12
CLERK U.S. DISTRICT COURT

UNITED STATES DISTRICT COURT
WESTERN DISTRICT OF WASHINGTON

MARIA LOPEZ, et al.,
Petitioners,
v.
ALEJANDRO MAYORKAS, Secretary of Homeland Security, et al.,
Respondents.

Case No. 2:21-cv-0456-RSM

ORDER GRANTING PETITIONERS' MOTION TO SEAL

Before the Court is Petitioners' Motion to Seal (Dkt. No. 12). Petitioners have submitted
the Declaration of Maria Lopez and Exhibit A to the Petition. The Court finds good cause.
The motion is GRANTED.

IT IS SO ORDERED.

Dated: December 30, 2021

RICARDO S. MARTINEZ, United States District Judge
"""


def _cap(raw):
    return read_caption(raw, normalize(raw))


def test_caption_fields():
    c = _cap(CAPTION)
    assert c["court"] == "wawd" and c["court_name"] == "W.D. Wash."
    assert c["case_number"] == "2:21-cv-00456"
    assert c["case_name"] == "Lopez v. Mayorkas"
    assert c["judge"] == "Ricardo S. Martinez" and c["judge_role"] == "district"
    assert c["date_signed"] == "2021-12-30"
    # Stamp without a year, signed in December: filed the next January.
    assert c["date_filed"] == "2022-01-04"


def test_caption_not_stated_is_empty():
    c = _cap("The Court has reviewed the motion to seal. The motion is GRANTED.")
    assert c == {
        "court": "",
        "court_name": "",
        "case_number": "",
        "case_name": "",
        "judge": "",
        "judge_role": "unknown",
        "date_signed": "",
        "date_filed": "",
    }


def test_stamp_without_year_and_no_other_year_left_empty():
    assert _cap("FILED\nMAR 12 AM 8:55\n\nThe motion is granted.")["date_filed"] == ""


def test_header_gives_filed_date():
    raw = "Case 1:19-cv-01234-RC Document 30 Filed 07/02/19 Page 1 of 2\nThe motion is granted."
    c = _cap(raw)
    assert c["date_filed"] == "2019-07-02" and c["case_number"] == "1:19-cv-01234"


@pytest.mark.parametrize(
    "name,cid",
    [
        ("SOUTHERN DISTRICT OF CALIFORNIA", "casd"),
        ("District of Massachusetts", "mad"),
        ("EASTERN DISTRICT OF NEW YORK", "nyed"),
        ("District of Columbia", "dcd"),
        ("Court of Appeals for the Ninth Circuit", "ca9"),
        ("DISTRICT OF NARNIA", ""),
    ],
)
def test_court_id_for(name, cid):
    assert court_id_for(name) == cid


@pytest.mark.parametrize(
    "value,iso",
    [
        ("March 9, 2018", "2018-03-09"),
        ("3/9/18", "2018-03-09"),
        ("9th day of March, 2018", "2018-03-09"),
        ("Sept. 1, 2020", "2020-09-01"),
        ("2/30/2020", ""),
    ],
)
def test_parse_date(value, iso):
    assert parse_date(value) == iso


def test_title_case_and_signed_by_judge():
    assert title_case("AL OTRO LADO") == "Al Otro Lado"
    assert title_case("Mixed Case") == "Mixed Case"
    raw = "ORDER on motion to seal. Signed by Magistrate Judge Jane Q. Roe on 5/1/2020."
    c = _cap(raw)
    assert c["judge"] == "Jane Q. Roe" and c["judge_role"] == "magistrate"
    assert c["date_signed"] == "2020-05-01"


def _rule(text):
    return read_ruling(normalize(text))


def test_ruling_granted_petitioner_and_documents():
    r = _rule(CAPTION)
    assert r["event_type"] == "sealing_order" and r["outcome"] == "granted"
    assert r["movant_role"] == "plaintiff_petitioner" and r["movant_text"] == "petitioners"
    assert r["motion_refs"] == [12]
    assert r["documents_sealed"] == ["Declaration of Maria Lopez", "Exhibit A to the Petition"]
    assert r["flags"] == []


def test_ruling_denied_without_prejudice():
    r = _rule(
        "Before the Court is Defendants' Motion to File Under Seal (ECF No. 40). The Government "
        "offers only generalized concerns. The motion is DENIED without prejudice."
    )
    assert r["outcome"] == "denied" and r["movant_role"] == "government"
    assert r["documents_sealed"] == []


def test_ruling_granted_in_part_and_third_party_unsealing():
    r = _rule(
        "Before the Court is the Seattle Times Company's Motion to Unseal (Dkt. 77). "
        "The motion is GRANTED IN PART and DENIED IN PART."
    )
    assert r["event_type"] == "unsealing_order"
    assert r["outcome"] == "granted_in_part"
    assert r["movant_role"] == "third_party"
    assert r["motion_refs"] == [77]


def test_ruling_joint_motion_and_moot():
    r = _rule("The parties' Joint Motion to Seal (ECF No. 9) is DENIED AS MOOT.")
    assert r["movant_role"] == "joint" and r["outcome"] == "moot"


def test_ruling_not_about_sealing():
    r = _rule("Before the Court is Defendants' Motion to Dismiss (ECF No. 5). It is GRANTED.")
    assert r["event_type"] == "order_other"
    assert r["documents_sealed"] == []


def test_ruling_sua_sponte():
    r = _rule("The Court, sua sponte, directs that the transcript shall be filed under seal.")
    assert r["movant_role"] == "court_sua_sponte" and r["outcome"] == "granted"


def test_ruling_inferred_outcome_and_truncation_flag():
    r = _rule(
        "Before the Court is plaintiff's motion to seal.\n\nBecause the Court finds that "
        "compelling reasons outweigh the public's interest, the Court"
    )
    assert r["outcome"] == "granted"
    codes = [f.split(":")[0] for f in r["flags"]]
    assert codes == ["truncated", "outcome_inferred_from_findings"]


def test_ruling_movant_conflict_flag():
    r = _rule(
        "ORDER ON PLAINTIFF'S MOTION TO SEAL\n\nBefore the Court is defendants' Motion to Seal "
        "(Doc. 20). Defendants contend the records are law enforcement sensitive.\n\n"
        "Accordingly, the Court GRANTS plaintiff's motion to seal the exhibits.\n\n"
        "IT IS SO ORDERED."
    )
    # The body wins; with no caption nothing shows who the defendants are (MV-05).
    assert (r["movant_text"], r["movant_role"]) == ("defendants", "unknown")
    assert any(f.startswith("movant_conflict:") for f in r["flags"])


def test_analysis_fields_follow_internals_table():
    names = list(OrderAnalysis.__dataclass_fields__)
    assert names == [
        "court", "court_name", "case_number", "case_name", "judge", "judge_role",
        "date_signed", "date_filed", "event_type", "outcome", "movant_text", "movant_role",
        "motion_refs", "rulings", "documents_sealed", "reasons", "reasons_stated", "standard",
        "authorities", "local_rule", "flags",
    ]  # fmt: skip
    assert ANALYZER_VERSION == "2026.12.1"


def test_analyze_text_and_summary():
    a = analyze_text(CAPTION)
    d = a.as_dict()
    assert d["court"] == "wawd" and d["outcome"] == "granted"
    assert d["reasons_stated"] is bool(d["reasons"])
    lines = summary_lines(a)
    assert lines[0] == "W.D. Wash. · Lopez v. Mayorkas · 2:21-cv-00456"
    assert lines[1].startswith("Order granting petitioners' (plaintiff/petitioner) motion to seal")
    assert "District Judge Ricardo S. Martinez" in lines[1]
    with pytest.raises(AttributeError):
        a.court = "x"  # frozen


def test_huge_text_is_read_in_bounded_parts_with_a_flag():
    from monitor.analyze import MAX_CHARS, analyze_text

    filler = "The parties dispute the scope of discovery in this matter. " * 12_000
    text = (
        "ORDER GRANTING MOTION TO SEAL\n\nThe Motion to Seal (ECF No. 9) is GRANTED.\n\n"
        + filler
        + "\n\nIT IS SO ORDERED.\n\nDated: March 3, 2026"
    )
    assert len(text) > MAX_CHARS
    result = analyze_text(text)
    assert any(flag.startswith("text_capped") for flag in result.flags)
    assert result.event_type == "sealing_order" and result.date_signed == "2026-03-03"


def test_pathological_texts_read_in_bounded_time():
    """Runs of blank lines (the page-header pattern backtracked over them at every line) and
    runs of motion adjectives ("sealed sealed ... motion": the adjective run was unbounded)
    made reading quadratic: 40,000 characters took 16 s, 300,000 newlines over 20 s. Run in a
    child process so a regression fails instead of hanging the suite."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    texts = ["\n" * 300_000, ("sealed\n" * 6000)[:40_000], "sealed " * 40_000]
    script = (
        "import json, sys; from monitor.analyze import analyze_text; "
        "print(json.dumps([analyze_text(t).event_type for t in json.loads(sys.stdin.read())]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert json.loads(done.stdout) == ["order_other"] * 3
