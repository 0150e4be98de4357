"""Migrations applied to a store that already holds data (an older sealtrail's file).

The rows below are sample data written for this test, inserted the way the version before
each migration stored them.
"""

from __future__ import annotations

import json

import sqlite_utils

from monitor.schema import connect, migrations


def _entry(entry_id: str, text: str, sources: list[str]) -> dict:
    return {
        "id": entry_id,
        "case_id": "casd:3:26-cv-01877",
        "entry_number": int(entry_id.rsplit(":", 1)[1]),
        "text": text,
        "short_description": "Order on Motion to Seal" if text == "" else "",
        "source": sources[0],
        "sources": json.dumps(sources),
    }


def test_0011_says_where_each_kept_text_came_from_without_guessing(tmp_path):
    path = str(tmp_path / "old.db")
    old = sqlite_utils.Database(path)
    migrations.apply(old, stop_before="0011_entry_text_provenance")
    rows = [
        _entry("casd:3:26-cv-01877:14", "MOTION to Seal Exhibits 3 and 4 (sample)", ["pacer_rss"]),
        # PACER's cut text was replaced by CourtListener's fuller one: which is unknown now
        _entry(
            "casd:3:26-cv-01877:16",
            "ORDER granting 14 Motion to Seal Exhibits 3 and 4. Signed by Magistrate Judge "
            "Dana E. Brightwater on 11/21/2026. (sample)",
            ["pacer_rss", "courtlistener"],
        ),
        # a short-only PACER entry filled by an appellate document opening
        _entry(
            "casd:3:26-cv-01877:18",
            "Case: 26-4417, 11/17/2026, DktEntry: 18.1, Page 1 of 2 ORDER The motion to file "
            "under seal (Docket Entry No. 15) is granted. (sample)",
            ["pacer_rss", "courtlistener"],
        ),
        _entry(
            "casd:3:26-cv-01877:19",
            "CASE REASSIGNED to Judge Sample; Document 5 refiled. (sample)",
            ["courtlistener"],
        ),
        _entry("casd:3:26-cv-01877:20", "", ["pacer_rss"]),
    ]
    old["docket_entries"].insert_all(rows)
    old.close()

    db = connect(path)
    got = {
        row["id"].rsplit(":", 1)[1]: (row["text_source"], row["text_kind"], row["short_source"])
        for row in db["docket_entries"].rows
    }
    assert got == {
        "14": ("pacer_rss", "docket", "pacer_rss"),
        "16": (None, "docket", None),  # not known: the fullest text stays
        "18": (None, "excerpt", None),
        "19": ("courtlistener", "docket", "courtlistener"),  # CASE in capitals is no stamp
        "20": ("pacer_rss", None, "pacer_rss"),
    }

    from monitor.store import ingest_entries

    cut_short = {
        "court": "casd",
        "docket_number": "3:26-cv-01877",
        "case_name": "Ramirez-Soto v. Noem et al",
        "entry_number": 16,
        "short_description": "Order on Motion to Seal",
        "text": "ORDER granting 14 Motion to Seal Exhibits 3 and 4.",
        "published": "2026-11-21T22:10:04+00:00",
        "guid": "sample-guid-16",
    }
    ingest_entries(db, [cut_short], source="pacer_rss", now="2026-12-01T10:00:00+00:00")
    kept = db["docket_entries"].get("casd:3:26-cv-01877:16")
    assert kept["text"].endswith("(sample)")  # the fuller text did not flip back
    assert not list(db["entry_revisions"].rows_where("field = 'text'"))


def test_0017_redacts_what_older_versions_stored(tmp_path):
    path = str(tmp_path / "old.db")
    old = sqlite_utils.Database(path)
    migrations.apply(old, stop_before="0017_redact_stored_text")
    old["docket_entries"].insert(
        _entry(
            "casd:3:26-cv-01877:14",
            "MOTION to Seal Exhibit 3 (A.099.555.201; born January 2nd, 1980) (sample)",
            ["pacer_rss"],
        )
    )
    old["documents"].insert(
        {
            "id": "doc-sample-1",
            "case_id": "casd:3:26-cv-01877",
            "kind": "order",
            "title": "ORDER sealing the declaration of A-#099555201 (sample)",
            "text": "The Court seals the exhibit. (sample)",
        }
    )
    old["case_parties"].insert_all(
        [
            {"case_id": "casd:3:26-cv-01877", "name": "Sample Person A.099.555.201", "role": "x"},
            {"case_id": "casd:3:26-cv-01877", "name": "Sample Person", "role": "y"},
        ]
    )
    old.close()

    db = connect(path)
    entry = db["docket_entries"].get("casd:3:26-cv-01877:14")
    title = db["documents"].get("doc-sample-1")["title"]
    dump = "\n".join(db.conn.iterdump())
    db.close()

    assert "099" not in entry["text"] and "1980" not in entry["text"]
    assert entry["text"].startswith("MOTION to Seal Exhibit 3 (")
    assert "099555201" not in title and title.startswith("ORDER sealing the declaration of ")
    assert "099.555.201" not in dump and "099555201" not in dump


def test_0020_redacts_caps_and_flags_what_older_versions_stored(tmp_path):
    """Rows written the way the version before 0020 stored them: identifiers in forms it let
    through (also in links and in escaped JSON), a 1 MB event name, an order title cut by the
    old title rule. After the migration none of it is stored, the caps hold, the cuts are
    flagged and full-text search agrees with the tables."""
    path = str(tmp_path / "old.db")
    old = sqlite_utils.Database(path)
    migrations.apply(old, stop_before="0020_redact_and_cap_stored_text")
    case_id = "casd:3:26-cv-01877"
    old["cases"].insert(
        {
            "id": case_id,
            "court_id": "casd",
            "docket_number": "3:26-cv-01877",
            "case_name": "SAMPLE Doe (EOIR number 099123621) v. Noem",
            "immigration": 1,
            "docket_url": "https://ecf.casd.uscourts.gov/cgi-bin/DktRpt.pl?990101&anum=A099123622",
        }
    )
    entry = _entry(
        f"{case_id}:14",
        "MOTION to Seal (Alien #: 099123623; SSN 000\u201312\u20133621)",
        ["pacer_rss"],
    )
    entry["short_description"] = "Motion to Seal " + "(SAMPLE) " * 120_000
    entry["document_url"] = "https://www.courtlistener.com/docket/1/sample-doe-a099123624-v-noem/"
    old["docket_entries"].insert(entry)
    old["entry_sources"].insert(
        {"entry_id": f"{case_id}:14", "source": "pacer_rss", "source_url": entry["document_url"]}
    )
    old["documents"].insert_all(
        [
            {"id": "doc-1", "case_id": case_id, "kind": "order", "title": "ORDER re A/099123625"},
            # cut by the old title rule: 200 characters and " …"
            {"id": "doc-2", "case_id": case_id, "kind": "order", "title": "ORDER " * 33 + "…"},
        ]
    )
    old["sealing_events"].insert(
        {
            "id": f"{case_id}:14",
            "case_id": case_id,
            "entry_id": f"{case_id}:14",
            "event_type": "motion_to_seal",
            "movant_text": "Petitioner (d/o/b 01/02/1980)",
            "documents_sealed": json.dumps(["Exhibit A (A:099123626)"]),
            "summary": "Motion to seal by petitioner",
        }
    )
    old["event_reasons"].insert(
        {"event_id": f"{case_id}:14", "reason": "privacy_pii", "evidence": "DOB 2-Jan-1980"}
    )
    old["case_parties"].insert_all(
        [
            {"case_id": case_id, "name": "SAMPLE Doe, Alien #: 099123627", "role": "Petitioner"},
            {"case_id": case_id, "name": "SAMPLE Doe, Alien #: 099-123-627", "role": "Petitioner"},
        ]
    )
    # json.dumps (ASCII) escaped the en dashes, so text redaction never saw this number
    old["crawl_runs"].insert(
        {
            "source": "pacer_rss",
            "court": "casd",
            "status": "partial",
            "detail": json.dumps({"skipped_reasons": ["SAMPLE A\u2013099\u2013123\u2013628"]}),
        }
    )
    old.close()

    db = connect(path)
    dump = "\n".join(db.conn.iterdump())
    for secret in (
        "09912362",
        "099\\u2013123",
        "099\u2013123",
        "12\u20133621",
        "01/02/1980",
        "2-Jan-1980",
    ):
        assert secret not in dump, secret
    case = db["cases"].get(case_id)
    assert case["case_name"] == "SAMPLE Doe (EOIR number [A-NUMBER REDACTED]) v. Noem"
    assert case["docket_url"].endswith("?990101&anum=%5BA-NUMBER+REDACTED%5D")
    stored = db["docket_entries"].get(f"{case_id}:14")
    assert len(stored["short_description"]) <= 400
    assert json.loads(stored["cut_fields"]) == ["short_description"]
    assert db["documents"].get("doc-1")["cut_fields"] is None
    assert json.loads(db["documents"].get("doc-2")["cut_fields"]) == ["title"]
    assert [p["name"] for p in db["case_parties"].rows] == [
        "SAMPLE Doe, Alien #: [A-NUMBER REDACTED]"
    ]  # the two spellings were one party
    assert "[A-NUMBER REDACTED]" in db.execute("select detail from crawl_runs").fetchone()[0]
    # The FTS indexes follow: no old number is found, the placeholder is, and FTS5's own
    # check of the index against the table passes.
    for table in ("docket_entries", "documents", "cases", "sealing_events"):
        db.execute(f"insert into {table}_fts({table}_fts) values('integrity-check')")
    assert not list(
        db.query("select rowid from docket_entries_fts where docket_entries_fts match '099123623'")
    )
    assert list(
        db.query("select rowid from docket_entries_fts where docket_entries_fts match 'REDACTED'")
    )
    assert not list(db.query("select rowid from cases_fts where cases_fts match '099123621'"))
    db.close()
