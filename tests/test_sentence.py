"""An event told in one sentence (`feeds.sentence`): a golden table of rows → sentences.

The rows are SAMPLE rows shaped like the event views' (`immigration_sealing_events`); each
covers an event type, outcome or movant role of the fixed vocabularies (monitor.vocab), or a
missing part (no judge, unknown movant, no documents, no case name, no date).
"""

from __future__ import annotations

import pytest

from feeds.sentence import count_text, day_text, event_sentence, movant_label
from monitor.vocab import EVENT_TYPES, MOVANT_ROLES, OUTCOMES

CASE = {
    "court": "casd",
    "court_name": "S.D. Cal.",
    "docket_number": "3:26-cv-01877",
    "case_name": "Doe v. ICE",
    "date": "2026-11-20T23:10:00-08:00",
}
WHERE = "in Doe v. ICE (S.D. Cal., 3:26-cv-01877)"


def row(**fields) -> dict:
    return {**CASE, **fields}


ORDER = {"event_type": "sealing_order", "decided_on": "2026-11-21"}
MAGISTRATE = {"judge": "Dana X", "judge_role": "magistrate"}

GOLDEN = [
    # the issue's own example
    (
        row(**ORDER, **MAGISTRATE, outcome="granted", movant_role="government",
            documents_sealed='["Exhibit 1", "Exhibit 2", "Exhibit 3"]'),
        f"On 21 Nov 2026 Magistrate Judge Dana X granted the government's motion to seal three "
        f"documents {WHERE}.",
    ),
    # no judge: the court; no documents: nothing about documents
    (
        row(**ORDER, outcome="granted", movant_role="government", documents_sealed="[]"),
        f"On 21 Nov 2026 the court granted the government's motion to seal {WHERE}.",
    ),
    # unknown movant, one document
    (
        row(**ORDER, **MAGISTRATE, outcome="granted", movant_role="unknown",
            documents_sealed='["Declaration"]'),
        f"On 21 Nov 2026 Magistrate Judge Dana X granted a motion to seal one document {WHERE}.",
    ),
    (
        row(**ORDER, judge="Ann Lee", judge_role="district", outcome="denied",
            movant_role="defendant_nongov"),
        f"On 21 Nov 2026 District Judge Ann Lee denied a non-government defendant's motion to "
        f"seal {WHERE}.",
    ),
    (
        row(**ORDER, judge="Ann Lee", judge_role="unknown", outcome="granted_in_part",
            movant_role="plaintiff_petitioner", movant_text="Plaintiffs Doe and Roe",
            documents_sealed='["A", "B"]'),
        f"On 21 Nov 2026 Judge Ann Lee granted in part the plaintiffs' motion to seal, sealing "
        f"two documents {WHERE}.",
    ),
    (
        row(**ORDER, judge="Ann Lee", judge_role="circuit", outcome="moot", movant_role="joint"),
        f"On 21 Nov 2026 Circuit Judge Ann Lee found the parties' joint motion to seal moot "
        f"{WHERE}.",
    ),
    (
        row(**ORDER, outcome="unknown", movant_role="unknown"),
        f"On 21 Nov 2026 the court ruled on a motion to seal {WHERE}, but the docket text does "
        "not say how.",
    ),
    # an order on the court's own motion
    (
        row(**ORDER, judge="Ann Lee", judge_role="bankruptcy", outcome="none",
            movant_role="court_sua_sponte", documents_sealed='["Transcript"]'),
        f"On 21 Nov 2026 Bankruptcy Judge Ann Lee, on the court's own motion, ordered one "
        f"document sealed {WHERE}.",
    ),
    (
        row(**ORDER, outcome="none", movant_role="none"),
        f"On 21 Nov 2026 the court issued an order on sealing {WHERE}.",
    ),
    # a judge whose name already carries the title keeps it once
    (
        row(**ORDER, judge="Judge Ann Lee", judge_role="district", outcome="denied",
            movant_role="criminal_defendant"),
        f"On 21 Nov 2026 Judge Ann Lee denied the criminal defendant's motion to seal {WHERE}.",
    ),
    # an unsealing
    (
        row(event_type="unsealing_order", decided_on="2026-12-01", judge="Ann Lee",
            judge_role="district", outcome="granted", movant_role="third_party"),
        f"On 1 Dec 2026 District Judge Ann Lee granted a third party's motion to unseal {WHERE}.",
    ),
    (
        row(event_type="unsealing_order", outcome="none", movant_role="court_sua_sponte",
            documents_sealed="[]"),
        f"On 20 Nov 2026 the court, on its own motion, ordered material unsealed {WHERE}.",
    ),
    (
        row(event_type="unseal_motion", outcome="none", movant_role="third_party"),
        f"On 20 Nov 2026 a third party moved to unseal {WHERE}.",
    ),
    # motions: who moved, else the passive; pending only when the caller says so
    (
        row(event_type="motion_to_seal", outcome="none", movant_role="government"),
        f"On 20 Nov 2026 the government moved to seal {WHERE}.",
    ),
    (
        row(event_type="motion_to_seal", outcome="none", movant_role="plaintiff_petitioner"),
        f"On 20 Nov 2026 the plaintiff or petitioner moved to seal {WHERE}.",
    ),
    (
        row(event_type="motion_to_seal", outcome="none", movant_role="plaintiff_petitioner",
            nos_code="463"),
        f"On 20 Nov 2026 the petitioner moved to seal {WHERE}.",
    ),
    (
        row(event_type="motion_to_seal", outcome="none", movant_role="unknown"),
        f"On 20 Nov 2026 a motion to seal was filed {WHERE}.",
    ),
    # filings
    (
        row(event_type="sealed_filing", outcome="none", movant_role="none"),
        f"On 20 Nov 2026 a document was filed under seal {WHERE}.",
    ),
    (
        row(event_type="sealed_filing", outcome="none", movant_role="government"),
        f"On 20 Nov 2026 the government filed a document under seal {WHERE}.",
    ),
    (
        row(event_type="redaction", outcome="none", movant_role="joint"),
        f"On 20 Nov 2026 the parties jointly filed a redacted public version of a document "
        f"{WHERE}.",
    ),
    (
        row(event_type="redaction", outcome="none", movant_role="unknown"),
        f"On 20 Nov 2026 a redacted public version of a document was filed {WHERE}.",
    ),
    (
        row(event_type="not_sealing", outcome="none", movant_role="none"),
        f"On 20 Nov 2026 a docket entry was read as not about sealing {WHERE}.",
    ),
    # missing parts: no case name, no court name, no date, no decided_on on an order
    (
        {"event_type": "motion_to_seal", "movant_role": "government", "court": "txsd",
         "docket_number": "1:18-cv-00068", "date": None},
        "The government moved to seal in case 1:18-cv-00068 (txsd).",
    ),
    (
        row(event_type="sealing_order", outcome="granted", movant_role="government",
            decided_on=None),
        f"On 20 Nov 2026 the court granted the government's motion to seal {WHERE}.",
    ),
    (
        {"event_type": "sealing_order", "outcome": "denied"},
        "The court denied a motion to seal in an unnamed case.",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "expected"), GOLDEN)
def test_golden_sentences(fields, expected):
    assert event_sentence(fields) == expected


def test_pending_is_said_only_of_motions_and_only_when_asked():
    motion = row(event_type="motion_to_seal", outcome="none", movant_role="government")
    assert event_sentence(motion, pending=True) == (
        f"On 20 Nov 2026 the government moved to seal {WHERE}; no ruling on it has been seen yet."
    )
    assert "ruling" not in event_sentence(motion)
    order = row(**ORDER, outcome="granted", movant_role="government")
    assert "ruling" not in event_sentence(order, pending=True)


def test_case_can_be_left_out_for_the_case_page():
    order = row(**ORDER, outcome="unknown", movant_role="unknown")
    assert event_sentence(order, case=False) == (
        "On 21 Nov 2026 the court ruled on a motion to seal, but the docket text does not say how."
    )


@pytest.mark.parametrize("event_type", EVENT_TYPES)
@pytest.mark.parametrize("outcome", OUTCOMES)
@pytest.mark.parametrize("movant_role", MOVANT_ROLES)
def test_every_vocabulary_combination_reads_as_one_sentence(event_type, outcome, movant_role):
    text = event_sentence(row(event_type=event_type, outcome=outcome, movant_role=movant_role))
    assert text[0].isupper() and text.endswith(".")
    assert text.replace(WHERE, "").count(".") == 1  # one full stop, at the end
    assert WHERE in text
    assert "_" not in text and "None" not in text and "  " not in text


def test_the_sentence_invents_nothing():
    """No judge, no documents, no reason, no movant name: none of them appears."""
    text = event_sentence(row(**ORDER, outcome="granted", movant_role="unknown"))
    assert "Judge" not in text and "document" not in text and "because" not in text


def test_hostile_text_stays_text_on_one_line():
    text = event_sentence(
        row(event_type="motion_to_seal", movant_role="government",
            case_name="Doe <script>alert(1)</script>\nv. ICE")
    )  # fmt: skip
    assert "<script>alert(1)</script> v. ICE" in text and "\n" not in text


def test_dates_and_counts():
    assert day_text("2026-11-21T23:59:00-08:00") == "21 Nov 2026"  # the court's own day
    assert day_text("2026-13-01") == "" and day_text("soon") == "" and day_text(None) == ""
    assert count_text(1, "document") == "one document"
    assert count_text(10, "document") == "ten documents"
    assert count_text(12, "document") == "12 documents"


def test_movant_labels():
    assert movant_label({"movant_role": "plaintiff_petitioner", "movant_text": "Petitioner"}) == (
        "the petitioner"
    )
    assert movant_label({"movant_role": "court_sua_sponte"}) == "the court, on its own motion"
    assert movant_label({"movant_role": "unknown"}) == "not known"


@pytest.mark.parametrize(
    ("event_type", "rule_id", "found"),
    [
        ("sealed_after_filing", "after_the_fact:vanished", "was found gone from the docket"),
        (
            "sealed_after_filing",
            "after_the_fact:sealed_later",
            "was found sealed or no longer available",
        ),
        ("sealed_after_filing", "after_the_fact:withdrawn", "was found withdrawn from GovInfo"),
        ("sealed_after_filing", None, "was found gone, sealed or withdrawn"),
        ("unsealed_after_filing", "after_the_fact:unsealed_later", "was found back in view"),
    ],
)
def test_sealing_after_the_fact_says_what_a_re_read_found_on_the_day_it_was_seen(
    event_type, rule_id, found
):
    """Dated by the view's `date` (when the change was seen); no movant, judge or outcome."""
    text = event_sentence(
        row(event_type=event_type, rule_id=rule_id, entry_number=3, outcome="none",
            movant_role="unknown", date="2026-12-03T03:00:00+00:00", judge="Jane Roe"),
        case=False,
    )  # fmt: skip
    before = "out of view before" if event_type == "unsealed_after_filing" else "seen in public"
    assert text == f"On 3 Dec 2026 docket entry 3, {before}{text.split(before)[1]}"
    assert text.endswith(f"{found}.") and "Roe" not in text and "motion" not in text
