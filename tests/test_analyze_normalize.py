"""Unit tests for monitor.analyze.normalize (short snippets written for these tests)."""

import pytest

from monitor.analyze.normalize import is_truncated, normalize, split_stamp


def test_margin_numbers_removed_on_pleading_paper():
    raw = (
        "1 The motion is before\n2 the Court and is\n3 fully briefed. The\n"
        "4 Court has read\n5 the papers.\n"
    )
    out = normalize(raw)
    assert (
        out == "The motion is before the Court and is fully briefed. The Court has read the papers."
    )


def test_statute_at_line_start_kept_without_pleading_paper():
    raw = "Jurisdiction lies under\n28 U.S.C. § 1331 and the motion is ripe."
    assert "28 U.S.C. § 1331" in normalize(raw)


def test_page_header_and_page_numbers_removed():
    raw = (
        "The Court finds good cause.\n"
        "Case 2:20-cv-00123-ABC-DEF Document 41 Filed 05/01/20 PageID.88 Page 2 of 3\n"
        "2\n"
        "Page 2 of 3\n"
        "The motion is granted."
    )
    out = normalize(raw)
    assert "Document 41" not in out and "Page 2" not in out
    assert "good cause." in out and "granted." in out


def test_repeated_case_number_footer_removed():
    raw = "First page text here.\n20cv123-ABC\n\nSecond page text here.\n20cv123-ABC\n"
    assert "20cv123" not in normalize(raw)


def test_filed_stamp_split_off():
    raw = (
        "FILED\nJUN 3 PM 2:10\nCLERK U.S. DISTRICT COURT\nBY: JD DEPUTY\n\n"
        "UNITED STATES DISTRICT COURT\n"
    )
    stamp, rest = split_stamp(raw)
    assert stamp.startswith("FILED") and "JUN 3" in stamp
    assert "UNITED STATES DISTRICT COURT" in rest and "CLERK" not in rest
    assert "FILED" not in normalize(raw)


def test_hyphenation_curly_quotes_and_emphasis():
    raw = (
        "The sur-\nveillance data is \u201cconfidential.\u201d The motion is **GRANTED**, *et al.*"
    )
    out = normalize(raw)
    assert "surveillance" in out
    assert '"confidential."' in out
    assert "*" not in out and "GRANTED" in out and "et al." in out


def test_run_together_words_split():
    assert normalize("ifthe court decides ofthe record") == "if the court decides of the record"


def test_split_word_joined_only_with_evidence():
    text = "See Kamak ana v. City, 447 F.3d 1172. Under Kamakana the burden is on the movant."
    assert "See Kamakana v. City" in normalize(text)
    # "the rapist" stays apart: both halves are words of their own.
    assert "the rapist" in normalize("the rapist and the therapist")


def test_split_word_joined_beside_accented_letters_and_known_words():
    # SAMPLE text: the cheap pass reads an ASCII copy (é becomes "?"); joins are the same.
    text = "Señora Ramírez filed the motion. Under Kamakana, é sub mitted papers were sub mitted."
    out = normalize(text)
    assert "Kamakana" in out and "Señora Ramírez" in out
    assert "sub mitted" in out  # "submitted" occurs nowhere, and neither half is unique
    assert "Kamak ana" not in normalize("Kamak ana applies. Ramírez")  # a known word
    assert normalize("Kamak ana") == "Kamakana"
    # a split word with evidence elsewhere in the text is joined even after accented letters
    assert "the exhibits were redacted" in normalize("é the exhibits were redac ted; redacted")


def test_signature_descriptions_removed():
    raw = (
        "IT IS SO ORDERED.\n\nA handwritten signature in blue ink, appearing to read 'J. Doe'.\n"
        "[signature]\n/s/ Jane Doe\nUnited States District Judge"
    )
    out = normalize(raw)
    assert "handwritten" not in out and "[signature]" not in out and "/s/" not in out
    assert "Jane Doe" in out


def test_paragraphs_kept_and_page_break_rejoined():
    raw = "First paragraph ends here.\n\nSecond paragraph runs onto\n\nthe next page."
    assert (
        normalize(raw) == "First paragraph ends here.\n\nSecond paragraph runs onto the next page."
    )


def test_is_truncated():
    assert is_truncated("Accordingly, the Court")
    assert not is_truncated("The motion is GRANTED.")
    assert not is_truncated('It said "no."')
    assert not is_truncated("IT IS SO ORDERED.\n\nHon. Jane Doe United States District Judge")
    assert not is_truncated("")


def test_signature_and_separator_rules_are_dropped():
    from monitor.analyze.normalize import normalize as clean

    text = "IT IS SO ORDERED.\n\n______________________________\nHon. Jane Q. Sample\n----------\n"
    out = clean(text)
    assert "___" not in out and "----" not in out
    assert "Hon. Jane Q. Sample" in out


def test_long_letter_run_and_many_hyphen_breaks_are_well_formed():
    # Linear-time guard (no timing asserted): 200k letters, then many hyphen breaks.
    letters = "motion to seal " + "a" * 200_000 + " GRANTED."
    out = normalize(letters)
    assert out.startswith("motion to seal a") and out.endswith("GRANTED.")
    assert len(out) == len(letters)
    breaks = "The sur-\nveillance well-\nknown well-known record. " * 2000
    out = normalize(breaks)
    assert "surveillance" in out and "sur-" not in out and "well-known" in out
    assert "\n\n\n" not in out


def test_hyphen_kept_when_document_writes_compound():
    out = normalize("The Cross-\nAppellant and cross-\nappellant filed. The cross-appellant won.")
    assert "cross-appellant filed" in out


def test_decretal_paragraph_is_no_signoff():
    text = (
        "IT IS on this 14th day of August, 2025,\n\n"
        "ORDERED that the motion to seal is GRANTED; and it is further\n\n"
        "ORDERED that Exhibit C shall remain under seal.\n\n"
        "s/ Julien Xavier Neals\nHON. JULIEN XAVIER NEALS\nUnited States District Judge"
    )
    assert not is_truncated(normalize(text))
    assert not is_truncated("The motion is GRANTED.\n\nIT IS SO ORDERED")
    assert is_truncated("The Court finds that the")


def test_bare_s_slash_signature_removed():
    out = normalize("GRANTED.\n\ns/ Julien Xavier Neals\nUnited States District Judge")
    assert "s/" not in out and "Julien Xavier Neals" in out


def test_filing_number_on_its_own_line_is_kept():
    # SAMPLE case-law page header: the number under "Filing" is the order's docket entry.
    text = "Vega v. Holloway et al\nFiling\n7\nORDER denying 3 Motion to Seal. Signed by Judge X."
    out = normalize(text)
    assert out.split("\n\n")[:3] == ["Vega v. Holloway et al", "Filing 7", "ORDER denying 3 "
                                     "Motion to Seal. Signed by Judge X."]  # fmt: skip


def test_lone_number_after_other_words_is_still_a_page_number():
    # Negative: a page number under text, and "Filing" deep inside an order, stay as before.
    body = "\n".join(["The motion is pending."] * 14)
    out = normalize(body + "\nFiling\n7\nThe Court rules.")
    assert "Filing 7" not in out and "7" not in out.split()
    assert "Filing 7" not in normalize("The motion is pending.\n2\nThe Court rules.")


# ---------------------------------------------------------------- truncation, round 3 (SAMPLE)
@pytest.mark.parametrize(
    "text,want",
    [
        # trunc.end_marker golden: the order closes with an end-of-document line
        ("The application is GRANTED.\n\nIT IS SO ORDERED.\n\n###", False),
        ("The application is GRANTED.\n\nSO ORDERED.\n\n# # #", False),
        ("The request to restrict access is GRANTED.\n\n- END OF ORDER -", False),
        ("The motion is DENIED.\n\nEND OF DOCUMENT", False),
        # trunc.end_marker negative: a marker after a cut sentence does not mend the cut
        ("For these reasons the Court concludes that the\n\n###", True),
        ("The seal shall remain until the end of\n\nEND", True),
        # trunc.dated_page_number golden: a flattened page ends on its date and page number
        (
            "The Clerk shall file Exhibit 4 under seal. IT IS SO ORDERED. Dated: March 3, 2025 4",
            False,
        ),
        ("Motion GRANTED. SO ORDERED. DATED: 11/02/2023", False),
        # trunc.dated_page_number negative: a date inside a cut sentence is no sign-off
        ("The exhibits filed on March 3, 2025 4 and the declaration of the", True),
        ("The Court, having considered the papers dated March 3, 2025 and the", True),
        # trunc.signature_name golden (round 4): a commissioner's or clerk's block with a bare
        # name line above its title
        (
            "Volume 3 shall stay under seal.\n\nFOR THE COURT:\n\nLiesel Ortmann-Vance\n"
            "Appellate Commissioner",
            False,
        ),
        ("The motion is GRANTED.\n\nBY THE COURT:\n\nTomas R. Quill\nDeputy Clerk", False),
        # trunc.signature_name negative: a bare name line with no title below it is no block
        ("The exhibits were prepared by\n\nLiesel Ortmann-Vance", True),
        ("The Court has reviewed the filings of\nAppellate Counsel Tomas Quill", True),
    ],
)
def test_truncation_closing_shapes(text, want):
    assert is_truncated(text) is want
