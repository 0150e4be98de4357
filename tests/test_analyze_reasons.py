"""Reasons, standard and local rule read from sealing orders (monitor.analyze.reasons)."""

import re

import pytest

from monitor.analyze.reasons import find_local_rule, find_reasons, find_standard
from monitor.vocab import REASONS, STANDARDS
from tests.shared_seeds import SEEDS, normalized_seed_params

NIXON_BOILERPLATE = (
    'In general, "compelling reasons" sufficient to outweigh the public\'s interest in '
    'disclosure exist when "court files might have become a vehicle for improper purposes," '
    "such as the use of records to gratify private spite, promote public scandal, circulate "
    "libelous statements, or release trade secrets. Nixon v. Warner Commc'ns, Inc., 435 U.S. "
    "589, 598 (1978)."
)


def codes(text):
    return [r["code"] for r in find_reasons(text)]


def test_boilerplate_trade_secrets_is_not_a_reason():
    assert find_reasons(NIXON_BOILERPLATE) == []


def test_no_reasons_in_bare_order():
    assert find_reasons("ORDER granting 119 Motion to Seal. IT IS SO ORDERED.") == []
    assert find_reasons("") == []


def test_asylum_confidentiality_and_pii():
    text = (
        NIXON_BOILERPLATE + " Here, Petitioner's declaration recounts the basis of his asylum "
        "application and attaches his credible fear interview, which are confidential under "
        "8 C.F.R. § 208.6. The exhibits also contain his A-number and date of birth. The motion "
        "is GRANTED."
    )
    got = find_reasons(text)
    assert [r["code"] for r in got] == ["asylum_confidentiality", "privacy_pii"]
    assert "asylum application" in got[0]["evidence"]
    assert all(len(r["evidence"]) <= 200 for r in got)
    assert all(r["code"] in REASONS for r in got)


def test_minor_and_medical():
    text = (
        "Plaintiff, an unaccompanied minor in ORR custody, seeks to seal Exhibits 3 and 4. "
        "Exhibit 3 contains his psychiatric evaluation and other medical records. Because "
        "the exhibits reveal sensitive mental health information about a child, the Court "
        "finds compelling reasons to seal them."
    )
    assert codes(text) == ["minor", "medical"]


def test_minor_redactions_is_not_a_minor():
    text = "The Court finds that only minor redactions to the declaration are necessary."
    assert "minor" not in codes(text)


def test_law_enforcement_and_a_file():
    text = (
        "Respondents move to seal portions of the certified administrative record. The "
        "Court finds the redacted passages of the A-file reveal law enforcement sensitive "
        "information, including ICE investigative techniques and the identity of an informant."
    )
    got = codes(text)
    assert got[0] == "administrative_record"
    assert "law_enforcement" in got


def test_negated_reason_not_counted():
    text = "The exhibits contain no medical information and the motion to seal is DENIED."
    assert "medical" not in codes(text)


def test_center_for_auto_safety_is_not_safety():
    text = (
        "Sealing documents attached to a dispositive motion requires compelling reasons. "
        "Ctr. for Auto Safety v. Chrysler Grp., LLC, 809 F.3d 1092, 1096 (9th Cir. 2016)."
    )
    assert codes(text) == []


def test_safety_and_diplomatic():
    text = (
        "The Government represents that disclosure of the repatriation arrangements would harm "
        "relations with a foreign government and expose the petitioner's family to retaliation "
        "in his home country."
    )
    assert codes(text) == ["diplomatic", "safety"]


def test_evidence_is_trimmed_at_word_boundaries():
    long = "Here the declaration " + "describes at length the circumstances " * 10
    text = long + "of the detention and includes the detainee's medical records " + "x " * 80
    (reason,) = find_reasons(text)
    assert reason["code"] == "medical"
    assert len(reason["evidence"]) <= 200
    assert "medical records" in reason["evidence"]
    assert reason["evidence"] in re.sub(r"\s+", " ", text)


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "Defendants assert that good cause exists. Here, the Court finds compelling reasons "
            "to seal the exhibits.",
            "compelling_reasons",
        ),
        (
            "Because the motion is non-dispositive, the good cause standard of Rule 26(c) "
            "applies. The Court finds good cause to seal Exhibit A.",
            "good_cause",
        ),
        (
            "The Court need not decide which standard applies, because the request satisfies "
            "either standard: the records contain a minor's medical information.",
            "both",
        ),
        (
            "The public has a First Amendment right of access to judicial records, which may be "
            "overcome only by an overriding interest narrowly tailored to serve it.",
            "other",
        ),
        ("ORDER granting 12 Motion to Seal.", "none_stated"),
    ],
)
def test_standard(text, expected):
    assert find_standard(text) == expected
    assert expected in STANDARDS


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Defendants move under Local Rule 79.2(c) to file under seal.", "79.2(c)"),
        ("Pursuant to CivLR 79.2(c), the documents are sealed.", "79.2(c)"),
        ("See Civil Local Rule 79-5 (administrative motions to file under seal).", "79-5"),
        ("The application complies with L.R. 79-5.2.2.", "79-5.2.2"),
        ("Under LCvR 5.1(h), a party may move to file a document under seal.", "5.1(h)"),
        ("The motion to seal is governed by Local Civil Rule 5.3.", "5.3"),
        ("NECivR 7.5 governs restricted access and sealed filings.", "7.5"),
        ("The parties moved to impound under LR 7.2, seeking to seal the exhibits.", "7.2"),
        ("Under Civil Local Rule 7-1(b), the Court decides the motion without a hearing.", ""),
        ("ORDER granting motion to seal.", ""),
    ],
)
def test_local_rule(text, expected):
    assert find_local_rule(text) == expected


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seeds absent")
@pytest.mark.parametrize("text", normalized_seed_params())
def test_seed_order(text):
    got = codes(text)
    for code in ("cybersecurity_infrastructure", "safety", "trade_secret_commercial"):
        assert code in got
    assert not set(got) - {
        "cybersecurity_infrastructure",
        "safety",
        "trade_secret_commercial",
        "law_enforcement",
    }
    assert find_standard(text) == "compelling_reasons"
    assert find_local_rule(text) == "79.2(c)"


# --- reasons: grounds versus mentions -------------------------------------------------------


def test_minors_compromise_is_a_kind_of_motion_not_a_reason():
    text = (
        "The parties ask the Court to seal the settlement agreement lodged with their joint "
        "motion for approval of the minors' compromise. A motion to approve a minor's compromise "
        "asks the Court to judge the fairness of the settlement, so compelling reasons for "
        "sealing are required."
    )
    assert codes(text) == ["settlement"]


def test_concern_already_protected_is_not_a_ground():
    text = (
        "The parties seek to seal the settlement agreement because of its confidentiality "
        "clause. The minor Plaintiffs are identified only by initials, so their privacy is "
        "already protected."
    )
    assert codes(text) == ["settlement"]


def test_minor_plaintiffs_still_a_reason_when_relied_on():
    text = "Plaintiffs move to seal the exhibits because they identify the minor Plaintiffs."
    assert codes(text) == ["minor"]


def test_renewed_motion_directions_are_not_grounds():
    text = (
        "Defendants designated the exhibits confidential under the Stipulated Protective Order. "
        "Defendants may file a renewed motion that is narrowly tailored and supported by a "
        "declaration, including, if appropriate, any claim of deliberative process privilege. "
        "Any party that seeks to file a portion of the administrative record under seal shall "
        "comply with the local rules."
    )
    assert codes(text) == ["protective_order_designation"]


def test_numbered_factor_test_is_general_law():
    text = (
        "In this Circuit, sealing is guided by the six factors set out in United States v. "
        "Hubbard, 650 F.2d 293, 317-22 (D.C. Cir. 1980): (1) the need for public access to the "
        "documents at issue; (2) the extent of previous public access; (3) the strength of any "
        "property and privacy interests asserted. The declaration would reveal the "
        "investigative techniques ICE uses, so disclosure would harm enforcement."
    )
    assert codes(text) == ["law_enforcement"]


def test_generic_privacy_wording_about_medical_records_is_medical_only():
    text = (
        "Disclosure of the exhibits would serve little purpose, and Petitioner's privacy "
        "interest in her own medical records is substantial. Detailed mental health records are "
        "among the most sensitive categories of personal information, so the Court seals them."
    )
    assert codes(text) == ["medical"]


def test_specific_pii_next_to_medical_still_counts():
    text = (
        "The records must be sealed because they contain Petitioner's privacy interests in his "
        "medical history and his alien registration number."
    )
    assert set(codes(text)) == {"medical", "privacy_pii"}


def test_medical_in_an_organisation_name_is_not_medical():
    text = (
        "ORDER GRANTING NON-PARTY NORTHSTAR MEDICAL STAFFING, INC.'S MOTION TO SEAL. "
        "Non-party Northstar Medical Staffing, Inc. moves to seal its confidential pricing "
        "information, which would harm its competitive standing."
    )
    assert codes(text) == ["trade_secret_commercial"]


def test_production_under_protective_order_is_not_a_designation():
    text = (
        "Northstar, which produced the subcontract under the protective order, moves to seal "
        "the pricing schedule because its pricing is a trade secret."
    )
    assert codes(text) == ["trade_secret_commercial"]
    designated = "The exhibits were marked confidential under the protective order and sealed."
    assert codes(designated) == ["protective_order_designation"]


def test_administrative_record_only_when_it_is_what_is_sealed():
    mention = (
        "In connection with a discovery letter concerning the completeness of the administrative "
        "record, Defendants moved to seal four e-mail chains."
    )
    assert "administrative_record" not in codes(mention)
    sealed = (
        "Defendants have lodged the certified administrative record and ask that it be sealed "
        "in its entirety."
    )
    assert codes(sealed) == ["administrative_record"]


# --- local rules ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, rule",
    [
        (
            "A party seeking to keep records under seal bears the burden of articulating "
            "compelling reasons. Id. at 1178-79; see also LCR 5(g).",
            "5(g)",
        ),
        ("The exhibits shall remain under seal. LCR 5(g).", "5(g)"),
        (
            "The parties must show compelling reasons for sealing. Center for Auto Safety v. "
            "Chrysler Group, LLC, 809 F.3d 1092, 1101 (9th Cir. 2016); see LRCiv 5.6.",
            "5.6",
        ),
        (
            "Local Civil Rule 5.3(c)(3) requires the movant to explain why a less restrictive "
            "alternative is not available. Defendants satisfy L. Civ. R. 5.3(c)(3).",
            "5.3(c)(3)",
        ),
        ("Petitioner has moved under Local Rule 7.2 for leave to impound an evaluation.", "7.2"),
        (
            "Pending is Petitioner's request to seal documents (ECF No. 29), submitted\n"
            "pursuant to Local Rule 141. Petitioner is detained.",
            "141",
        ),
        ("LCR 5(g)(3) requires the party seeking sealing to explain alternatives.", "5(g)(3)"),
    ],
)
def test_local_rule_forms(text, rule):
    assert find_local_rule(text) == rule


def test_local_rule_unrelated_to_sealing_is_ignored():
    text = (
        "The motion to seal is granted. The parties shall meet and confer as required by "
        "Local Rule 7.1 before filing any discovery motion."
    )
    assert find_local_rule(text) == ""


def test_any_party_direction_after_semicolon_is_not_a_ground():
    text = (
        "The parties' agreed protective order [24] is entered; any party that seeks to file "
        "material designated confidential under seal shall comply with Local Rule 26.2."
    )
    assert find_reasons(text) == []
    assert find_local_rule(text) == ""


def test_local_rule_applied_by_the_order_still_counts():
    text = "The motion to seal complies with Local Rule 26.2 and is granted."
    assert find_local_rule(text) == "26.2"
