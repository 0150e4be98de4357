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
