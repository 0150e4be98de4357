"""Reasons, standard and local rule read from sealing orders (monitor.analyze.reasons)."""

import re
from pathlib import Path

import pytest

from monitor.analyze.reasons import find_local_rule, find_reasons, find_standard
from monitor.vocab import REASONS, STANDARDS

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

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


def _seed_texts():
    if not SEEDS.is_dir():
        return []
    try:
        from monitor.analyze.normalize import normalize  # type: ignore[attr-defined]
    except Exception:
        normalize = None
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        if normalize is not None:
            text = normalize(raw)
        else:
            text = re.sub(r"(?m)^\d{1,2} ", "", raw).replace("*", "")
        out.append(pytest.param(text, id=path.name[:3]))
    return out


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seeds absent")
@pytest.mark.parametrize("text", _seed_texts())
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
