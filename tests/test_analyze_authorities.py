"""Authorities cited in orders (monitor.analyze.authorities)."""

import pytest

from monitor.analyze.authorities import find_authorities
from tests.shared_seeds import SEEDS, normalized_seed_params


def cites(text):
    return [a["citation"] for a in find_authorities(text)]


def test_ninth_circuit_sealing_cases_with_names():
    text = (
        "There is a strong presumption of access. Kamakana v. City & Cnty. of Honolulu, 447 F.3d "
        "1172, 1178 (9th Cir. 2006). The compelling reasons standard applies to motions more than "
        "tangentially related to the merits. Ctr. for Auto Safety v. Chrysler Grp., LLC, 809 F.3d "
        "1092, 1101 (9th Cir. 2016). Id. at 1099. Kamakana, 447 F.3d at 1179."
    )
    assert find_authorities(text) == [
        {"citation": "447 F.3d 1172", "name": "Kamakana v. City & Cnty. of Honolulu"},
        {"citation": "809 F.3d 1092", "name": "Ctr. for Auto Safety v. Chrysler Grp., LLC"},
    ]


def test_statutes_regulations_and_rules():
    text = (
        "Information in an asylum application is confidential. 8 C.F.R. §§ 208.6(a) and "
        "1208.6; see also 8 U.S.C. § 1367(a)(2). Minors' names must be redacted under Fed. R. "
        "Civ. P. 5.2(a), and Federal Rule of Civil Procedure 26(c) permits protective orders, "
        "as does Rule 26(c) of the Federal Rules of Civil Procedure."
    )
    assert find_authorities(text) == [
        {"citation": "8 C.F.R. § 208.6", "name": ""},
        {"citation": "8 C.F.R. § 1208.6", "name": ""},
        {"citation": "8 U.S.C. § 1367", "name": ""},
        {"citation": "Fed. R. Civ. P. 5.2(a)", "name": ""},
        {"citation": "Fed. R. Civ. P. 26(c)", "name": ""},
    ]


def test_unique_and_in_order_and_ids_skipped():
    text = (
        "See Nixon v. Warner Commc'ns, Inc., 435 U.S. 589, 598 (1978); In re Dep't of "
        "Investigation, 856 F.2d 481, 484 (2d Cir. 1988). Id. at 485. Nixon, 435 U.S. at 599. "
        "Nixon v. Warner Commc'ns, Inc., 435 U.S. 589 (1978). Supra."
    )
    assert find_authorities(text) == [
        {"citation": "435 U.S. 589", "name": "Nixon v. Warner Commc'ns, Inc."},
        {"citation": "856 F.2d 481", "name": "In re Dep't of Investigation"},
    ]


def test_ocr_split_name_joined_from_short_cite():
    text = (
        "Hages tad v. Tragesser, 49 F.3d 1430, 1434 (9th Cir. 1995). The court must articulate "
        "the factual basis. Hagestad, 49 F.3d at 1434."
    )
    assert find_authorities(text) == [{"citation": "49 F.3d 1430", "name": "Hagestad v. Tragesser"}]


def test_docket_number_dropped_from_name_and_noise_tidied():
    text = (
        "Doe v. Mayorkas, No. 22-cv-3142, 2023 WL 123456, at *2 (D. Minn. Jan. 3, 2023); "
        "*Nixon v. Warner Commc `ns, Inc.*, 435 U.S. 589 (1978)."
    )
    got = find_authorities(text)
    assert got[0] == {"citation": "2023 WL 123456", "name": "Doe v. Mayorkas"}
    assert got[1] == {"citation": "435 U.S. 589", "name": "Nixon v. Warner Commc'ns, Inc."}


def test_year_not_part_of_key():
    a = cites("Foltz v. State Farm Mut. Auto. Ins. Co., 331 F.3d 1122 (9th Cir. 2003).")
    b = cites("Foltz v. State Farm Mut. Auto. Ins. Co., 331 F.3d 1122 (9th Cir. 2013).")
    assert a == b == ["331 F.3d 1122"]


def test_no_authorities():
    assert find_authorities("ORDER granting 7 Motion to Seal.") == []
    assert find_authorities("") == []


def test_a_long_order_with_repeated_citations_lists_each_once():
    """Speed is measured in benchmarks/analyze.py; here only the result on a long text."""
    para = (
        "The Court has reviewed the declaration and finds that it contains the petitioner's "
        "medical history, his A-number and the names of his children. " * 6
    )
    text = (
        para + "Kamakana v. City & Cnty. of Honolulu, 447 F.3d 1172, 1178 (9th Cir. 2006). "
    ) * 12
    found = find_authorities(text)
    assert [a["citation"] for a in found] == ["447 F.3d 1172"]
    assert "Kamakana" in found[0]["name"]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seeds absent")
@pytest.mark.parametrize("text", normalized_seed_params())
def test_seed_order(text):
    got = find_authorities(text)
    assert [a["citation"] for a in got] == ["49 F.3d 1430", "331 F.3d 1122", "435 U.S. 589"]
    names = [a["name"] for a in got]
    assert names[0] == "Hagestad v. Tragesser"
    assert names[1] == "Foltz v. State Farm Mut. Auto. Ins. Co."
    assert names[2].startswith("Nixon v. Warner Comm")
