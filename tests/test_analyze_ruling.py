"""Unit tests for monitor.analyze.ruling: short snippets written here, one rule each."""

from monitor.analyze.normalize import normalize
from monitor.analyze.ruling import read_ruling


def _rule(text: str) -> dict:
    return read_ruling(normalize(text))


def test_exhibit_labels_expand_to_one_document_each():
    r = _rule(
        "Before the Court is Petitioner's Motion to Seal (ECF No. 4). The motion is GRANTED. "
        "The Clerk shall file Exhibits D and E to the Petition, lodged at ECF No. 5, under seal."
    )
    assert r["documents_sealed"] == ["Exhibit D to the Petition", "Exhibit E to the Petition"]


def test_appendices_and_comma_lists():
    r = _rule(
        "The Motion to Seal (Dkt. 8) is GRANTED. Appendices B and C to Dkt. No. 6 shall remain "
        "under seal. Exhibits 1, 2, and 3 shall remain sealed."
    )
    assert len(r["documents_sealed"]) == 5


def test_subject_list_split_and_parentheses_dropped():
    r = _rule(
        "The Application to Seal (Dkt. 3) is GRANTED. The declaration of Dr. Ann Lee and the "
        "medical records (Exhibits 4 and 5) shall be filed under seal. The sealed documents shall "
        "remain sealed until further order."
    )
    assert r["documents_sealed"] == ["declaration of Dr. Ann Lee", "medical records"]


def test_against_caption_letter_motion_is_joint_with_ref_after_date():
    r = _rule(
        "JOHN DOE,\nPetitioner,\n-against-\nJANE ROE, Field Office Director,\nRespondents.\n\n"
        "ORDER\n\nThe Court has received the parties' joint letter-motion dated May 1, 2026 "
        "(ECF No. 7), requesting leave to file under seal Exhibit C. The letter-motion is "
        "GRANTED."
    )
    assert r["movant_role"] == "joint" and r["motion_refs"] == [7]


def test_subject_moves_and_bare_motion_ref():
    r = _rule(
        "Respondents move for leave to file redacted versions of their Return under seal "
        "(ECF 19). The motion (ECF 19) is GRANTED."
    )
    assert r["movant_role"] == "government" and r["motion_refs"] == [19]


def test_respondents_are_government_without_agency_words():
    r = _rule(
        "A. B.,\nPetitioner,\nv.\nPAT SMITH, et al.,\nRespondents.\n\nORDER\n\n"
        "Respondents' Motion to Seal (Doc. 3) is DENIED."
    )
    assert r["movant_role"] == "government"


def test_filed_by_named_non_party_is_third_party():
    r = _rule(
        "This matter comes before the Court on the Motion to Intervene and for Public Access "
        "filed by the Valley Press Freedom Project (Dkt. 36). The Motion (Dkt. 36) is GRANTED."
    )
    assert r["movant_role"] == "third_party" and r["motion_refs"] == [36]


def test_docket_entry_number_after_motion_name():
    r = _rule(
        "Appellants' motion to file Volume 3 of the excerpts under seal (Docket Entry No. 14) "
        "is granted. The Clerk shall file Volume 3 (Docket Entry No. 15) under seal."
    )
    assert r["motion_refs"] == [14] and r["documents_sealed"] == ["Volume 3"]


def test_passing_mentions_of_seal_are_not_sealing_orders():
    sched = _rule(
        "SCHEDULING ORDER\n\nIt is hereby ORDERED that the following schedule shall govern. "
        "Any party that seeks to file a portion of the record under seal shall comply with "
        "Local Rule 105.11."
    )
    tro = _rule(
        "He moves for a temporary restraining order (Doc. No. 4). The Court has considered the "
        "motion, and his declaration, which the Court previously permitted to be filed under "
        "seal. The Motion (Doc. No. 4) is GRANTED."
    )
    assert sched["event_type"] == tro["event_type"] == "order_other"


def test_sua_sponte_directive_is_a_sealing_order():
    r = _rule("The Court, sua sponte, directs that the transcript shall be filed under seal.")
    assert r["event_type"] == "sealing_order" and r["movant_role"] == "court_sua_sponte"


def test_outcome_comes_from_the_ruling_on_the_sealing_motion():
    r = _rule(
        "The motion to seal (ECF No. 6) is GRANTED. The Clerk shall file Exhibits 1 and 2 under "
        "seal. The motion for a temporary restraining order (ECF No. 3) is DENIED."
    )
    assert r["outcome"] == "granted" and r["motion_refs"] == [6]
    assert r["documents_sealed"] == ["Exhibit 1", "Exhibit 2"]


def test_bare_motion_ruling_still_counts_beside_a_sealing_one():
    r = _rule(
        "The Application to seal (Dkt. 22) is GRANTED IN PART and DENIED IN PART. The request to "
        "seal the memorandum is DENIED."
    )
    assert r["outcome"] == "granted_in_part"


def test_multi_motion_title_refs_only_from_the_sealing_motion():
    r = _rule(
        "ORDER (1) GRANTING MOTION TO FILE EXHIBITS UNDER SEAL [ECF No. 6]; (2) DENYING MOTION "
        "FOR TEMPORARY RESTRAINING ORDER [ECF No. 3]\n\nPetitioner moves to file under seal "
        "Exhibit 1. The motion to seal is GRANTED. The motion for a temporary restraining order "
        "is DENIED."
    )
    assert r["outcome"] == "granted" and r["motion_refs"] == [6]


def test_documents_from_the_granted_motion_to_file_under_seal():
    r = _rule(
        "IT IS ORDERED that Petitioner's motion to file the record excerpts under seal is GRANTED. "
        "IT IS FURTHER ORDERED that Respondent's motion to extend time to file its brief is DENIED."
    )
    assert r["outcome"] == "granted" and r["documents_sealed"] == ["record excerpts"]


def test_sua_sponte_place_under_seal():
    r = _rule(
        "ORDER\n\nThe Court, sua sponte, hereby ORDERS that the Clerk of Court shall place Dkt. "
        "27-2 under seal."
    )
    assert r["event_type"] == "sealing_order" and r["outcome"] == "granted"
    assert r["movant_role"] == "court_sua_sponte" and r["documents_sealed"] == ["Dkt. 27-2"]


def test_named_movant_does_not_span_lines():
    r = _rule(
        "MEMORANDUM AND ORDER\n\nSMITH, D.J.\n\nValley Globe Partners, LLC moves to unseal "
        "the docket sheet (ECF No. 8). The motion (ECF No. 8) is ALLOWED."
    )
    assert r["movant_text"] == "Valley Globe Partners, LLC"
    assert r["movant_role"] == "third_party"


def test_terminated_letter_motion_at_dkt_is_the_motion_ref():
    r = _rule(
        "The Government respectfully requests leave to file under seal the administrative "
        "record.\n\nApplication GRANTED. The Clerk of Court is respectfully directed to terminate "
        "the letter motion at Dkt. No. 40."
    )
    assert r["outcome"] == "granted" and r["motion_refs"] == [40]


# SAMPLE texts written here: motion_refs from the docket text, docket_number_conflict.
_HEAD = (
    "Reyes v. Warden\n\nFiling 40\n\nORDER granting 12 Motion for Extension of Time; denying 14 "
    "Motion to Seal. Signed by Judge Ana Pell on 2/3/2024. (kl)\n\n"
)


def test_motion_refs_take_the_sealing_motion_of_the_docket_text():
    r = _rule(
        _HEAD + "ORDER\n\nThe Court has read the exhibits (Dkt. 15) and the motion (Dkt. "
        "14). The motion to seal is DENIED."
    )
    assert r["motion_refs"] == [14]
    assert not any(f.startswith("docket_number_conflict") for f in r["flags"])


def test_docket_text_date_is_no_motion_number():
    r = _rule(
        "ORDER denying the Defendant's Motion to Seal Portion of the Transcript of the "
        "March 3, 2023 Status Hearing (Doc. 310 ). Signed by Judge Bo Lin on 4/1/2023.\n\n"
        "The Court has reviewed the transcript [Doc. 305] and the motion (Doc. 310)."
    )
    assert r["motion_refs"] == [310] and r["outcome"] == "denied"
    assert not any(f.startswith("docket_number_conflict") for f in r["flags"])


def test_conflict_when_the_body_cites_the_motion_by_another_number():
    r = _rule(
        _HEAD + "ORDER\n\nBefore the Court is Petitioner's Motion to Seal (Dkt. 17). The "
        "motion is DENIED."
    )
    assert any(f.startswith("docket_number_conflict: the sealing motion") for f in r["flags"])


def test_conflict_when_one_paper_is_cited_with_two_numbers():
    r = _rule(
        "Before the Court is Respondents' Motion to Seal. [Doc. No. 61]. Respondents lodged "
        "the Declaration of Tom Vance. [Doc. No. 60]. The motion is GRANTED.\n\nThe Clerk "
        "shall file under seal the Declaration of Tom Vance. [Doc. No. 66]"
    )
    assert any(
        f.startswith("docket_number_conflict: 'declaration tom vance'") for f in r["flags"]
    ), r["flags"]


def test_no_conflict_for_many_cited_papers_and_lodged_copies():
    # Negative: earlier papers, several motions and the lodged copies are no conflict.
    r = _rule(
        "Before the Court are Defendants' Motions to Seal (Dkt. 71, 72, 73), filed with "
        "their opposition (Dkt. 68) to the motion for class certification (Dkt. 52). The "
        "motions are GRANTED. The Clerk shall maintain Dkt. Nos. 74 and 75 under seal and "
        "terminate the motions at Dkt. 71."
    )
    assert not any(f.startswith("docket_number_conflict") for f in r["flags"]), r["flags"]
