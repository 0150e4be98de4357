"""Unit tests for monitor.analyze.caption: one short snippet per rule (written here)."""

from __future__ import annotations

import pytest

from monitor.analyze.caption import name_case, read_caption, title_case
from monitor.analyze.normalize import normalize


def _cap(raw: str) -> dict:
    return read_caption(raw, normalize(raw))


@pytest.mark.parametrize("sep", ["-against-", "-v-", "v.", "vs.", "against"])
def test_case_name_versus_forms(sep):
    raw = f"JOHN SMITH,\nPetitioner,\n{sep}\nJANE DOE, Warden,\nRespondent.\n\nORDER\n"
    assert _cap(raw)["case_name"] == "Smith v. Doe"


def test_case_name_compound_roles():
    raw = (
        "ANA LUZ ORTIZ-PENA,\nPetitioner-Appellee,\nv.\nKRISTI NOEM, Secretary, et al.,\n"
        "Respondents-Appellants.\n\nNo. 25-1234\n"
    )
    assert _cap(raw)["case_name"] == "Ortiz-Pena v. Noem"
    raw = "ANA ORTIZ, et al.,\nPetitioners-Plaintiffs,\nv.\nJO ROE,\nRespondents-Defendants.\n"
    assert _cap(raw)["case_name"] == "Ortiz v. Roe"


def test_case_name_person_surname_org_full():
    raw = "FRONTERA LEGAL ADVOCATES,\nPlaintiff,\nv.\nOMAR AL-HAKIM,\nDefendant.\n"
    assert _cap(raw)["case_name"] == "Frontera Legal Advocates v. Al-Hakim"


def test_judge_uppercase_title_and_line_before():
    raw = "IT IS SO ORDERED.\n\n________\nDaniel P. Whitcomb\nUNITED STATES DISTRICT JUDGE\n"
    c = _cap(raw)
    assert (c["judge"], c["judge_role"]) == ("Daniel P. Whitcomb", "district")


def test_judge_uppercase_name_magistrate():
    c = _cap("DATED: January 8, 2026.\n\nELAINE J. YBARRA-COLE\nUNITED STATES MAGISTRATE JUDGE\n")
    assert (c["judge"], c["judge_role"]) == ("Elaine J. Ybarra-Cole", "magistrate")
    assert c["date_signed"] == "2026-01-08"


@pytest.mark.parametrize("abbr,role", [("U.S.D.J.", "district"), ("U.S.M.J.", "magistrate")])
def test_judge_abbreviated_title(abbr, role):
    c = _cap(f"SO ORDERED.\n\nKaren M. Wexford\nHon. Karen M. Wexford, {abbr}\n")
    assert (c["judge"], c["judge_role"]) == ("Karen M. Wexford", role)


def test_judge_after_signature_marks():
    c = _cap("s/ Leda D. Wendt\nHon. Leda D. Wendt\nUnited States Magistrate Judge\n")
    assert (c["judge"], c["judge_role"]) == ("Leda D. Wendt", "magistrate")
    c = _cap("/s/ Nathaniel M. Greaves\nNathaniel M. Greaves\nUnited States District Judge\n")
    assert c["judge"] == "Nathaniel M. Greaves"
    c = _cap("M. Greaves\nNathaniel M. Greaves\nUnited States District Judge\n")
    assert c["judge"] == "Nathaniel M. Greaves"


def test_judge_accented_name():
    c = _cap("Dated this 13th day of April, 2026.\n\nHonorable Marisol G. Rentería\n"
             "United States District Judge\n")  # fmt: skip
    assert (c["judge"], c["judge_role"]) == ("Marisol G. Rentería", "district")
    assert c["date_signed"] == "2026-04-13"


def test_chief_judge_takes_kind_from_court():
    raw = (
        "UNITED STATES DISTRICT COURT\nDISTRICT OF MASSACHUSETTS\n\nThe motion is granted.\n\n"
        "Maria T. Lindgren\nChief Judge\n"
    )
    c = _cap(raw)
    assert (c["judge"], c["judge_role"]) == ("Maria T. Lindgren", "district")
    assert _cap("The motion is granted.\n\nMaria T. Lindgren\nChief Judge\n")["judge_role"] == (
        "unknown"
    )


def test_panel_of_circuit_judges_gives_role_not_judge():
    raw = (
        "UNITED STATES COURT OF APPEALS\nFOR THE NINTH CIRCUIT\n\n"
        "Before: SMITH, JONES, and LEE, Circuit Judges.\n\nThe motion to seal is granted.\n"
    )
    c = _cap(raw)
    assert (c["judge"], c["judge_role"]) == ("", "circuit")


def test_date_signed_this_day_of():
    c = _cap("IT IS on this 20th day of January, 2026,\n\nORDERED that the motion is GRANTED.\n")
    assert c["date_signed"] == "2026-01-20"


def test_date_signed_place_then_date():
    body = "The motion is GRANTED. " * 5
    c = _cap(f"{body}\n\nIt is SO ORDERED.\n\nAlexandria, Virginia\nApril 1, 2026\n\nR. Ash\n")
    assert c["date_signed"] == "2026-04-01"


def test_date_signed_after_signature():
    c = _cap("The motion is GRANTED.\n\n/s/ Jo Roe\nUnited States District Judge\nMay 4, 2026\n")
    assert c["date_signed"] == "2026-05-04"


def test_date_not_stated_stays_empty():
    assert _cap("The motion filed on May 4, 2026 is GRANTED.")["date_signed"] == ""


def test_two_column_filed_stamp():
    raw = (
        "   FILED          LODGED\n   RECEIVED       COPY\n\n      APR 14 2026\n\n"
        "CLERK U S DISTRICT COURT\n  DISTRICT OF ARIZONA\nBY ______ DEPUTY\n\nWO\n\n"
        "IN THE UNITED STATES DISTRICT COURT\nFOR THE DISTRICT OF ARIZONA\n\nORDER\n"
    )
    c = _cap(raw)
    assert c["date_filed"] == "2026-04-14" and c["court"] == "azd"


def test_footer_filed_date():
    raw = "The motion is GRANTED.\n\nDocument 31 Filed 04/02/26 Page 2 of 3\n"
    assert _cap(raw)["date_filed"] == "2026-04-02"


def test_appellate_number_not_district_number():
    raw = (
        "UNITED STATES COURT OF APPEALS\nFOR THE NINTH CIRCUIT\n\nNo. 25-4471\n"
        "D.C. No. 3:25-cv-01990-LL-BLM\nSouthern District of California\n\nORDER\n"
    )
    assert _cap(raw)["case_number"] == "25-4471"
    raw = "UNITED STATES DISTRICT COURT\nDISTRICT OF NEVADA\n\nD.C. No. 2:25-cv-00001\n"
    assert _cap(raw)["case_number"] == "2:25-cv-00001"


def test_side_by_side_caption_case_number_column_cut():
    raw = (
        "UNITED STATES DISTRICT COURT\nDISTRICT OF NEW JERSEY\n\nJOSE MARTINEZ-LOPEZ,\n"
        "     Petitioner,\n  v.            Civil Action No. 2:25-cv-04417 (JXN)\n"
        "WARDEN, ELIZABETH CONTRACT DETENTION FACILITY, et al.,\n     Respondents.\n\nORDER\n"
    )
    cap = _cap(raw)
    assert cap["case_name"] == "Martinez-Lopez v. Warden"
    assert cap["case_number"] == "2:25-cv-04417"


@pytest.mark.parametrize(
    ("column", "number"),
    [
        ("Case No.: 3:25-cv-02011-JO-DEB", "3:25-cv-02011"),
        ("No. 25 C 3321", "25 C 3321"),
        ("CASE NO. 2:25-cv-01102-JHC", "2:25-cv-01102"),
    ],
)
def test_column_fragments_and_number_forms(column: str, number: str) -> None:
    raw = (
        "UNITED STATES DISTRICT COURT\nNORTHERN DISTRICT OF ILLINOIS\n\nJUAN PEREZ-GOMEZ,\n"
        f"   Petitioner,\n v.        {column}\nCHRISTOPHER J. LAROSE, Warden, et al.,\n"
        "   Respondents.\n\nORDER\n\nThe motion is granted.\n"
    )
    cap = _cap(raw)
    assert cap["case_name"] == "Perez-Gomez v. Larose"
    assert cap["case_number"] == number


def test_section_column_and_division_prefix():
    raw = (
        "UNITED STATES DISTRICT COURT\nWESTERN DISTRICT OF TEXAS\nEL PASO DIVISION\n\n"
        "MARIA ELENA CASTRO-RUIZ,      §\n   Petitioner,      §\nv.     §   EP-25-CV-00312-DCG\n"
        "MARY DE ANDA-YBARRA, Field Office   §\nDirector, et al.,   §\n   Respondents.  §\n\n"
        "ORDER\n"
    )
    cap = _cap(raw)
    assert cap["case_name"] == "Castro-Ruiz v. De Anda-Ybarra"
    assert cap["case_number"] == "EP-25-cv-00312"


def test_title_beside_parties_and_no_role_before_v():
    raw = (
        "NORTHWEST IMMIGRANT RIGHTS PROJECT,\n  Plaintiff,      CASE NO. 2:25-cv-01102-JHC\n v.\n"
        "UNITED STATES CITIZENSHIP AND IMMIGRATION   ORDER GRANTING STIPULATED\n"
        "SERVICES, et al.,                          MOTION TO SEAL\n  Defendants.\n\nText.\n"
    )
    assert _cap(raw)["case_name"] == (
        "Northwest Immigrant Rights Project v. United States Citizenship and Immigration Services"
    )
    raw = (
        "UNITED STATES OF AMERICA\nv.        Criminal No. 1:24-cr-10233-ADB\nDANIEL OKAFOR,\n"
        "   Defendant.\n\nMEMORANDUM AND ORDER ON MOTION TO UNSEAL\n\n"
        "See In re Globe Newspaper Co., 729 F.2d 47 (1st Cir. 1984).\n"
    )
    assert _cap(raw)["case_name"] == "United States v. Okafor"


def test_date_in_joined_signature_block():
    raw = (
        "The Court, sua sponte, ORDERS that the Clerk of Court shall place Dkt. 27-2 under seal. "
        "Defendants shall file a redacted version of Exhibit 2 within seven days.\n\n"
        "It is SO ORDERED.\n\nAlexandria, Virginia\nNovember 14, 2025\n     /s/\n"
        "     William E. Fitzpatrick\n     United States Magistrate Judge\n"
    )
    cap = _cap(raw)
    assert cap["date_signed"] == "2025-11-14"
    assert cap["judge"] == "William E. Fitzpatrick"


def test_judge_middle_names_and_repeated_name():
    raw = (
        "GRANTED.\n\ns/ Julien Xavier Neals\nHON. JULIEN XAVIER NEALS\nUnited States District Judge"
    )
    assert _cap(raw)["judge"] == "Julien Xavier Neals"


# ---------------------------------------------------------------- judge, round 2 (SAMPLE names)
def test_judge_middle_initial_v_is_not_versus():
    """judge.name_case: a middle initial V. stays an initial in a judge's name ..."""
    c = _cap(
        "OPINION AND ORDER\n\nGRANTED.\n\nHELGA V. MARCHBANKS\nUnited States Magistrate Judge\n"
    )
    assert c["judge"] == "Helga V. Marchbanks"


def test_versus_in_case_name_still_lower_case():
    """... negative: in a case name ``V.`` is still ``v.``."""
    assert title_case("QUILLBY V. PELLOW FREIGHT LINES") == "Quillby v. Pellow Freight Lines"
    assert name_case("HELGA V. MARCHBANKS") == "Helga V. Marchbanks"


def test_judge_place_line_above_signature_not_glued():
    """judge.place_line: ``Richmond, Virginia`` and a blank line stand between place and name."""
    raw = (
        "ORDERED that the motion is DENIED.\n\nEntered this 2nd day of May, 2024.\n\n"
        "Richmond, Virginia\n\nOsric T. Vandermolen\nUnited States Magistrate Judge\n"
    )
    assert _cap(raw)["judge"] == "Osric T. Vandermolen"


def test_judge_name_over_one_line_break_still_read():
    """... negative: a name wrapped over a single line break is one name."""
    raw = "SO ORDERED.\n\nOsric T.\nVandermolen\nUnited States Magistrate Judge\n"
    assert _cap(raw)["judge"] == "Osric T. Vandermolen"


def test_judge_author_line_j_with_signature_full_name():
    """judge.author_j and judge.author_full_name: ``PELLWORTH, J.`` and the signature's name."""
    raw = (
        "MEMORANDUM AND ORDER\n\nPELLWORTH, J.                          March 4, 2024\n\n"
        "The joint motion to seal is GRANTED.\n\nBY THE COURT:\n\n/s/ Agatha M. Pellworth\n"
        "AGATHA M. PELLWORTH, J.\n"
    )
    c = _cap(raw)
    assert (c["judge"], c["judge_role"]) == ("Agatha M. Pellworth", "unknown")


def test_judge_author_line_after_memorandum_surname_only():
    """judge.author_memorandum: a case-law page joins ``MEMORANDUM`` and the author's line."""
    raw = "Summary: MEMORANDUM DUNSFORTH-ALBY, District Judge. The motion to unseal is granted."
    assert (_cap(raw)["judge"], _cap(raw)["judge_role"]) == ("Dunsforth-Alby", "district")


def test_judge_j_in_citation_not_an_author():
    """negative: ``(Smith, J., concurring)`` in a citation names no author of this order."""
    raw = "See Doe v. Roe, 1 F.4th 2, 9 (1st Cir. 2021) (Smith, J., concurring). Motion denied."
    assert _cap(raw)["judge"] == ""


def test_judge_panel_above_author_keeps_surname():
    """judge.author_full_name negative: a panel listed above the author line is no signature."""
    raw = (
        "Before: Lucia P. Amberton, Osei K. Marrowfield, Circuit Judges.\n\n"
        "MARROWFIELD, Circuit Judge:\n\nWe reverse the order denying the motion to seal.\n"
    )
    assert _cap(raw)["judge"] == "Marrowfield"


# ---------------------------------------------------------------- caption, round 2 (SAMPLE text)
@pytest.mark.parametrize(
    "number,want",
    [
        ("CV-25-01877-PHX-IBS", "2:25-cv-01877"),
        ("CR-24-00412-TUC-RM", "4:24-cr-00412"),
        ("CIV-19-0884-G", "19-cv-00884"),
    ],
)
def test_type_first_number(number, want):
    """caption.type_first_number: D. Ariz. and W.D. Okla. put the case type first."""
    raw = f"LENA MARSH,\nPlaintiff,\nv.\nODO KRANE,\nDefendant.\n\nNo. {number}\n\nORDER\n"
    assert _cap(raw)["case_number"] == want


def test_type_first_number_not_inside_a_longer_token():
    """... negative: a reference ``ABC-CV-25-0001`` inside a longer token is not one."""
    raw = "ORDER\n\nThe Court has reviewed ABC-CV-25-0001 and the motion is granted.\n"
    assert _cap(raw)["case_number"] == ""


def test_docket_line_above_the_court_heading_is_no_title():
    """caption.docket_line_above: ``ORDER granting 12 Motion ...`` above the heading."""
    raw = (
        "Filing 30\n\nORDER granting 12 Motion for Extension of Time; denying 14 Motion to Seal. "
        "Signed by Judge Ida Q. Fenwick on 3/2/2024.\n\n"
        "UNITED STATES DISTRICT COURT\nDISTRICT OF NEBRASKA\n\nPERCIVAL DUNMORE,\nPlaintiff,\n"
        "v.\nHALLOWAY GRAIN CO.,\nDefendant.\n\nORDER\n\nThe motion to seal is denied.\n"
    )
    assert _cap(raw)["case_name"] == "Dunmore v. Halloway Grain Co"


def test_title_before_caption_without_heading_still_cuts():
    """... negative: with no court heading below, the first title still ends the caption."""
    raw = "PERCIVAL DUNMORE,\nPlaintiff,\nv.\nHALLOWAY GRAIN CO.,\nDefendant.\n\nORDER\n\nSee "
    raw += "Ortiz v. Roe, 1 F.4th 2 (1st Cir. 2021).\n"
    assert _cap(raw)["case_name"] == "Dunmore v. Halloway Grain Co"


def test_closing_entered_line_is_the_signing_date():
    """caption.closing_entered: N.D. Ill.'s closing ``ENTERED: <date>`` is date_signed."""
    raw = "ORDER\n\n" + "The motion to seal is denied.\n\n" * 6 + "ENTERED: April 2, 2026\n\n"
    raw += "Hon. Tobias R. Quill\nUnited States District Judge\n"
    c = _cap(raw)
    assert (c["date_signed"], c["date_filed"]) == ("2026-04-02", "")


def test_entered_stamp_at_the_top_stays_the_filing_date():
    """... negative: an ``ENTERED`` stamp above the caption is the clerk's, date_filed."""
    raw = "ENTERED\nApril 3, 2026\nCLERK, U.S. DISTRICT COURT\n\nUNITED STATES DISTRICT COURT\n"
    raw += "ORDER\n\nThe motion to seal is denied.\n\nDated: April 2, 2026\n"
    c = _cap(raw)
    assert (c["date_signed"], c["date_filed"]) == ("2026-04-02", "2026-04-03")


def test_in_re_cited_authority_is_no_case_name():
    """caption.in_re_cited: ``See In re Wyeth Corp., 12 F.3d 4`` is an authority."""
    raw = "The presumption may be overcome. See In re Wyeth Corp., 807 F.2d 383, 390 (1986).\n"
    assert _cap(raw)["case_name"] == ""
    raw = "In re Petition of Odo Krane,\nCase No. 5:21-mc-00214\n\nORDER\n"
    assert _cap(raw)["case_name"] == "In re Petition of Odo Krane"


# ---------------------------------------------------------------- judge, round 3 (SAMPLE text)
_BOX = (
    "UNITED STATES BANKRUPTCY COURT\nSOUTHERN DISTRICT OF TEXAS\n\n"
    "In re:                        )    Case No. 24-30112\n"
    "MARCO T. ESPINAL-VARGA,       )    Chapter 7\n"
    "          Debtor.             )    {judge_line}\n"
    "                              )    ORDER GRANTING MOTION TO REDACT\n\n"
    "This matter is before the Court on the Debtor's motion to redact a filed claim. {body}\n"
)


@pytest.mark.parametrize(
    "judge_line,body,want",
    [
        # judge.caption_box golden: the assigned judge in the caption's right-hand column
        (
            "Judge Helena Q. Marchbanks",
            "The motion is GRANTED.",
            ("Helena Q. Marchbanks", "bankruptcy"),
        ),
        (
            "Bankruptcy Judge Helena Marchbanks )",
            "The motion is GRANTED.",
            ("Helena Marchbanks", "bankruptcy"),
        ),
        # judge.caption_box negative: a judge named in a sentence of the body is no caption
        (
            "",
            "As Judge Helena Marchbanks explained in 2019, the motion is GRANTED.",
            ("", "unknown"),
        ),
        ("Chapter 7 Trustee", "The motion is GRANTED.", ("", "unknown")),
    ],
)
def test_judge_caption_box(judge_line, body, want):
    c = _cap(_BOX.format(judge_line=judge_line, body=body))
    assert (c["judge"], c["judge_role"]) == want


# Round 4 judge rules (SAMPLE snippets written here).
def test_judge_hon_upper_case_in_flattened_caption():
    raw = (
        "JONAS REY, Petitioner, Case No. 2:24-cv-10001 v. "
        "HON. MIRIAM T. OSTROVA-KALE PAUL DUNN, Respondent.\n"
    )
    assert _cap(raw)["judge"] == "Miriam T. Ostrova-Kale"


def test_judge_initial_keeps_suffix():
    raw = (
        "Case No. 1:24-cv-00002\nHonorable Albert R. Quince Jr.\n\nThe motion to seal is granted.\n"
    )
    assert _cap(raw)["judge"].startswith("Albert R. Quince")
    assert _cap(raw)["judge"] != "Albert R. Quince"


def test_judge_minute_entry_before_colon():
    raw = (
        "Harbor Mills, LLC\nPlaintiff,\nv. Case No.: 1:24-cv-00003\nHonorable Tessa M. Lorne\n"
        "Ridge Tooling Company\nDefendant.\n\n"
        "MINUTE entry before the Honorable Tessa M. Lorne: The motion to seal [12] is granted.\n"
    )
    assert _cap(raw)["judge"] == "Tessa M. Lorne"


def test_judge_column_signature_bankruptcy():
    raw = (
        "ORDER AUTHORIZING THE DEBTORS TO FILE THE FEE LETTER UNDER SEAL\n\n"
        "1. The motion is granted.\n\n"
        "Dated: May 2nd, 2025                         HOLLIS P. MARCH-ODELL\n"
        "Dover, Delaware                              UNITED STATES BANKRUPTCY JUDGE\n"
    )
    c = _cap(raw)
    assert (c["judge"], c["judge_role"]) == ("Hollis P. March-Odell", "bankruptcy")


def test_judge_column_signature_not_a_counsel_block():
    raw = (
        "ORDER\n\nThe motion is granted.\n\n"
        "Dated: May 2nd, 2025                         Respectfully submitted,\n"
        "Dover, Delaware                              Counsel for the Debtors\n"
    )
    assert _cap(raw)["judge"] == ""
