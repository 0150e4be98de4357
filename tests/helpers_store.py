"""A small sample store for the feeds and Datasette tests (SAMPLE DATA, not real records).

Rows go straight into the tables through sqlite-utils, so these tests do not depend on the
crawler or the classifier. Contents:

- casd:3:17-cv-09912 "Sample Border Aid v. Nielsen" (immigration): motion to seal (158), order
  granting it (159, linked `rules_on` 158), a pending motion (160), and an unnumbered sealed
  filing with no summary and no document link (its feed entry links to the docket);
- txsd:1:18-cv-00068 `Doe & Roe v. Mayorkas <script>alert(1)</script>` (immigration, hostile
  name): a motion (12) that a later order (14) names in `target_entries` without a link, and
  a pending motion (13) whose text carries markup and whose link is `javascript:`;
- nysd:1:20-cv-01234 "Acme Corp. v. Widgets Inc." (not immigration): an order denying sealing.

Two of the orders were also read (`ORDERS`: a `documents` row of kind `order` and the reading
on the event): casd 159 gives reasons with evidence quotes (one quote carries markup and an
ampersand, `EVIDENCE_PAYLOAD`), three documents sealed, the compelling-reasons standard, a
local rule, the judge and two authorities; txsd 14 gives no reason at all (`reasons_stated`
0). Every other event has no order text (`reasons_stated` NULL).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from monitor.schema import connect

NOW = "2018-06-01T00:00:00+00:00"
PAYLOAD = "<script>alert(1)</script>"
EVIDENCE_PAYLOAD = "vendor pricing & <b onmouseover=alert(2)>source code</b>"

COURTS = [
    {
        "id": "casd",
        "name": "Southern District of California",
        "short_name": "S.D. Cal.",
        "circuit": "ca9",
        "kind": "district",
    },
    {
        "id": "txsd",
        "name": "Southern District of Texas",
        "short_name": "S.D. Tex.",
        "circuit": "ca5",
        "kind": "district",
    },
    {
        "id": "nysd",
        "name": "Southern District of New York",
        "short_name": "S.D.N.Y.",
        "circuit": "ca2",
        "kind": "district",
    },
]

CASES = [
    ("casd", "3:17-cv-09912", "Sample Border Aid v. Nielsen", 1, "party:Nielsen (DHS)"),
    ("txsd", "1:18-cv-00068", f"Doe & Roe v. Mayorkas {PAYLOAD}", 1, "nos:463"),
    ("nysd", "1:20-cv-01234", "Acme Corp. v. Widgets Inc.", 0, None),
]

# (case_id, entry_number or unnumbered key, date, short description, text,
#  event_type, outcome, movant_role, summary, target_entries, document_url)
EVENTS = [
    (
        "casd:3:17-cv-09912",
        158,
        "2018-05-20T17:00:00+00:00",
        "Motion to Seal",
        "MOTION to Seal Exhibits A-C to Declaration by Defendants Kirstjen Nielsen.",
        "motion_to_seal",
        "none",
        "government",
        "Motion to seal by defendants",
        [],
        "https://ecf.casd.uscourts.gov/doc1/035117000158",
    ),
    (
        "casd:3:17-cv-09912",
        159,
        "2018-05-22T22:10:04+00:00",
        "Order on Motion to Seal",
        "ORDER granting 158 Defendants' Motion to File Documents Under Seal.",
        "sealing_order",
        "granted",
        "government",
        "Order granting defendants' motion to seal",
        [158],
        "https://ecf.casd.uscourts.gov/doc1/035117000159",
    ),
    (
        "casd:3:17-cv-09912",
        160,
        "2018-05-23T18:30:00+00:00",
        "Motion to Seal",
        "MOTION to Seal Document (Asylum declarations) by Plaintiffs Sample Border Aid, Inc.",
        "motion_to_seal",
        "none",
        "plaintiff_petitioner",
        "Motion to seal by plaintiffs",
        [],
        "https://ecf.casd.uscourts.gov/doc1/035117000160",
    ),
    (
        "casd:3:17-cv-09912",
        "uabc123",
        "2018-05-21T09:00:00+00:00",
        "Sealed Document",
        "SEALED LODGED Proposed Document.",
        "sealed_filing",
        "none",
        "unknown",
        None,
        [],
        None,
    ),
    (
        "txsd:1:18-cv-00068",
        12,
        "2018-05-24T15:00:00+00:00",
        "Motion to Seal",
        "Opposed MOTION to Seal administrative record by United States.",
        "motion_to_seal",
        "none",
        "government",
        "Motion to seal by the government",
        [],
        "https://ecf.txsd.uscourts.gov/doc1/179123000012",
    ),
    (
        "txsd:1:18-cv-00068",
        13,
        "2018-05-25T16:00:00+00:00",
        "Motion to Seal",
        f"MOTION to Seal {PAYLOAD} & exhibits by Plaintiffs Doe & Roe.",
        "motion_to_seal",
        "none",
        "plaintiff_petitioner",
        None,
        [],
        "javascript:alert(1)",
    ),
    (
        "txsd:1:18-cv-00068",
        14,
        "2018-05-26T20:45:00+00:00",
        "Order",
        "ORDER granting in part 12 Motion to Seal.",
        "sealing_order",
        "granted_in_part",
        "government",
        "Order granting in part motion to seal",
        [12],
        "https://ecf.txsd.uscourts.gov/doc1/179123000014",
    ),
    (
        "nysd:1:20-cv-01234",
        5,
        "2018-05-27T12:00:00+00:00",
        "Order on Motion to Seal",
        "ORDER denying 3 Motion to Seal trade secrets.",
        "sealing_order",
        "denied",
        "defendant_nongov",
        "Order denying motion to seal",
        [3],
        "https://ecf.nysd.uscourts.gov/doc1/127000000005",
    ),
]

# Orders whose text was read: event id -> document, reading, reasons, authorities.
ORDERS = {
    "casd:3:17-cv-09912:159": {
        "document": {
            "title": "Order Granting Defendants' Motion to File Documents Under Seal",
            "date": "2018-05-22",
            "judge": "Karen S. Whitcombe",
            "text": "ORDER GRANTING DEFENDANTS' MOTION TO FILE DOCUMENTS UNDER SEAL [Doc. 158] ...",
            "source_url": "https://storage.courtlistener.com/recap/gov.uscourts.casd.1/159.pdf",
        },
        "event": {
            "movant_text": "Defendants Kirstjen Nielsen et al.",
            "documents_sealed": [
                "Supplemental Brief",
                "Supplemental Declaration of CBP Official A",
                "Supplemental Declaration of CBP Official B",
            ],
            "standard": "compelling_reasons",
            "local_rule": "Civ. L.R. 79.2(c)",
            "judge": "Karen S. Whitcombe",
            "decided_on": "2018-05-22",
            "reasons_stated": 1,
        },
        "reasons": [
            ("cybersecurity_infrastructure", "surveillance capabilities of CBP at ports of entry"),
            ("safety", "could endanger the safety of CBP officers"),
            ("trade_secret_commercial", EVIDENCE_PAYLOAD),
        ],
        "authorities": [
            ("447 F.3d 1172", "Kamakana v. City & County of Honolulu"),
            ("435 U.S. 589", "Nixon v. Warner Communications, Inc."),
        ],
    },
    "txsd:1:18-cv-00068:14": {
        "document": {
            "title": "Order",
            "date": "2018-05-26",
            "judge": "Jane Q. Sample",
            "text": "ORDER. The Motion to Seal (Dkt. No. 12) is GRANTED IN PART.",
            "source_url": "https://storage.courtlistener.com/recap/gov.uscourts.txsd.1/14.pdf",
        },
        "event": {
            "movant_text": "United States",
            "documents_sealed": ["Administrative record"],
            "standard": "none_stated",
            "local_rule": None,
            "judge": "Jane Q. Sample",
            "decided_on": "2018-05-26",
            "reasons_stated": 0,
        },
        "reasons": [],
        "authorities": [],
    },
}

LINKS = [("casd:3:17-cv-09912:159", "casd:3:17-cv-09912:158", "rules_on")]


def event_id(case_id: str, number: int | str) -> str:
    return f"{case_id}:{number}"


def build_sample_store(path: str | Path) -> Path:
    """Create the sample store at `path` (schema through `monitor.schema.connect`)."""
    path = Path(path)
    db = connect(str(path))
    db["courts"].insert_all(COURTS, pk="id")
    for court, docket, name, immigration, basis in CASES:
        db["cases"].insert(
            {
                "id": f"{court}:{docket}",
                "court_id": court,
                "docket_number": docket,
                "case_name": name,
                "pacer_case_id": None,
                "nature_of_suit": None,
                "nos_code": None,
                "immigration": immigration,
                "immigration_basis": basis,
                "first_seen": NOW,
                "last_seen": NOW,
                "docket_url": f"https://ecf.{court}.uscourts.gov/cgi-bin/DktRpt.pl?1",
            }
        )
    for (
        case_id,
        number,
        date,
        short,
        text,
        event_type,
        outcome,
        movant,
        summary,
        targets,
        url,
    ) in EVENTS:
        entry = event_id(case_id, number)
        db["docket_entries"].insert(
            {
                "id": entry,
                "case_id": case_id,
                "entry_number": number if isinstance(number, int) else None,
                "date_filed": date,
                "text": text,
                "short_description": short,
                "source": "pacer_rss",
                "source_url": None,
                "document_url": url,
                "guid": entry,
                "first_seen": NOW,
                "last_seen": NOW,
            }
        )
        db["sealing_events"].insert(
            {
                "id": entry,
                "case_id": case_id,
                "entry_id": entry,
                "document_id": None,
                "event_type": event_type,
                "outcome": outcome,
                "movant_role": movant,
                "movant_text": None,
                "target_entries": json.dumps(targets),
                "documents_sealed": "[]",
                "summary": summary,
                "rule_id": "test",
                "classifier_version": "test",
                "first_seen": NOW,
                "updated": NOW,
            }
        )
    for event, order in ORDERS.items():
        document = order["document"]
        document_id = f"{event}:order"
        case_id = event.rsplit(":", 1)[0]
        db["documents"].insert(
            {
                "id": document_id,
                "case_id": case_id,
                "entry_id": event,
                "kind": "order",
                **document,
                "sha256": hashlib.sha256(document["text"].encode()).hexdigest(),
                "source": "sample",
            }
        )
        reading = dict(order["event"])
        reading["documents_sealed"] = json.dumps(reading["documents_sealed"])
        db["sealing_events"].update(event, {"document_id": document_id, **reading})
        db["event_reasons"].insert_all(
            [{"event_id": event, "reason": code, "evidence": ev} for code, ev in order["reasons"]],
            pk=("event_id", "reason"),
        )
        db["event_authorities"].insert_all(
            [{"event_id": event, "citation": c, "name": n} for c, n in order["authorities"]],
            pk=("event_id", "citation"),
        )
    db["event_links"].insert_all(
        [{"from_event": a, "to_event": b, "relation": r} for a, b, r in LINKS],
        pk=("from_event", "to_event", "relation"),
    )
    db.conn.close()
    return path


def add_sample_court_rulings(
    path: str | Path,
    court: dict,
    case: dict,
    events: list[tuple],
    *,
    now: str,
) -> None:
    """Add a SAMPLE court, one of its cases and that case's events to the store at `path`,
    written through the store's tables (for tests that need known counts). Each event is
    `(date, event_type, outcome, judge, read, reasons_stated)`: its docket entry is numbered
    from 1 and filed on `date` (`YYYY-MM-DD`); `read` gives it an order document id; a
    `reasons_stated` of 1 gives it the reason `safety`."""
    db = connect(str(path))
    db["courts"].insert(court)
    db["cases"].insert({**case, "first_seen": now, "last_seen": now})
    case_id = case["id"]
    for number, (date, event_type, outcome, judge, read, stated) in enumerate(events, start=1):
        entry = f"{case_id}:{number}"
        db["docket_entries"].insert(
            {"id": entry, "case_id": case_id, "entry_number": number,
             "date_filed": f"{date}T17:00:00+00:00", "text": f"SAMPLE entry {number}",
             "short_description": "SAMPLE", "source": "pacer_rss", "guid": entry,
             "first_seen": now, "last_seen": now}
        )  # fmt: skip
        db["sealing_events"].insert(
            {"id": entry, "case_id": case_id, "entry_id": entry,
             "document_id": f"{entry}:order" if read else None, "event_type": event_type,
             "outcome": outcome, "movant_role": "government", "target_entries": "[]",
             "documents_sealed": "[]", "summary": "SAMPLE", "judge": judge,
             "reasons_stated": stated, "rule_id": "test", "classifier_version": "test",
             "first_seen": now, "updated": now}
        )  # fmt: skip
        if stated:
            db["event_reasons"].insert(
                {"event_id": entry, "reason": "safety", "evidence": "SAMPLE safety"}
            )
    db.conn.commit()
    db.conn.close()


# Sealing after the fact (issue 17): a SAMPLE immigration case stored from CourtListener on
# 1 Sep 2026, entries filed in August, then two re-reads of its whole docket made through the
# real `monitor.after_the_fact.record_reread`: the first (1 Dec) is the baseline, the second
# (3 Dec) finds entry 3 gone and the document of entry 2 sealed.
CHANGE_CASE = ("casd", "3:26-cv-04410")
CHANGE_CASE_ID = "casd:3:26-cv-04410"
CHANGE_CASE_NAME = "SAMPLE Petitioner v. Warden, Otay Mesa Detention Center"
CHANGE_STORED, CHANGE_BASELINE, CHANGE_SEEN = (
    "2026-09-01T03:00:00+00:00",
    "2026-12-01T03:00:00+00:00",
    "2026-12-03T03:00:00+00:00",
)
CHANGE_ENTRIES = {
    1: "PETITION for Writ of Habeas Corpus by Petitioner. (SAMPLE)",
    2: "DECLARATION of counsel in support of Petition, with Exhibit B. (SAMPLE)",
    3: "NOTICE of Related Case by Respondents. (SAMPLE)",
}
CHANGE_READ_URL = "https://www.courtlistener.com/api/rest/v4/docket-entries/?docket=77"


def _change_reread(entries, document_state: str) -> dict:
    items = [
        {"kind": "entry", "item_id": str(900 + n), "entry_number": n, "state": "public"}
        for n in entries
    ]
    items.append(
        {"kind": "document", "item_id": "52", "entry_item": "902", "entry_number": 2,
         "state": document_state}
    )  # fmt: skip
    return {
        "source": "courtlistener",
        "court": CHANGE_CASE[0],
        "docket_number": CHANGE_CASE[1],
        "url": CHANGE_READ_URL,
        "outcome": "complete",
        "pages": 1,
        "items": items,
    }


def add_sample_changes(path: str | Path) -> list[dict]:
    """Add the SAMPLE case of sealing after the fact (`CHANGE_CASE`) to the store at `path`:
    entries ingested from CourtListener (`monitor.store.ingest_entries`), then two re-reads
    (`record_reread`); returns the changes of the second (entry 3 vanished, entry 2's document
    sealed), each with its `id`, `event_id` and `seen`."""
    from monitor.after_the_fact import record_reread
    from monitor.store import ingest_entries

    db = connect(str(path))
    ingest_entries(
        db,
        [
            {
                "court": CHANGE_CASE[0],
                "docket_number": CHANGE_CASE[1],
                "case_name": CHANGE_CASE_NAME,
                "nature_of_suit": "463 Habeas Corpus - Alien Detainee",
                "entry_number": number,
                "text": text,
                "short_description": "",
                "date_filed": f"2026-08-{10 + number:02d}",
                "published": f"2026-08-{10 + number:02d}",
                "source_id": str(900 + number),
                "source_url": f"https://www.courtlistener.com/docket/77/{number}/sample/",
            }
            for number, text in CHANGE_ENTRIES.items()
        ],
        source="courtlistener",
        now=CHANGE_STORED,
        keep_all_cases=True,
    )
    record_reread(db, _change_reread((1, 2, 3), "available"), now=CHANGE_BASELINE)
    result = record_reread(db, _change_reread((1, 2), "sealed"), now=CHANGE_SEEN)
    db.conn.close()
    return result.changes
