"""crawl_runs rows: validated statuses, redacted details, newest run per court."""

import json

import pytest

from monitor.runs import last_runs, record_run
from monitor.schema import connect


@pytest.fixture
def db(tmp_path):
    return connect(str(tmp_path / "runs.db"))


def run(db, court, status="ok", **extra):
    return record_run(
        db,
        source="pacer_rss",
        court=court,
        started="2026-11-21T10:00:00+00:00",
        finished="2026-11-21T10:00:02+00:00",
        status=status,
        **extra,
    )


def test_details_are_json_and_redacted(db):
    reason = "item 1 (3:25-cv-00001 Lopez, A# 123-456-789 v. Noem): unreadable pubDate"
    run_id = run(db, "casd", status="partial", items=3, detail={"skipped_reasons": [reason]})
    stored = db["crawl_runs"].get(run_id)
    detail = json.loads(stored["detail"])
    assert "123-456-789" not in stored["detail"]
    assert "[A-NUMBER REDACTED]" in detail["skipped_reasons"][0]
    assert stored["status"] == "partial" and stored["items"] == 3


def test_unknown_status_is_refused(db):
    with pytest.raises(ValueError):
        run(db, "casd", status="fine")


def test_last_runs_gives_the_newest_per_court(db):
    run(db, "casd", status="error", errors=1)
    newest = run(db, "casd")
    run(db, "nysd", status="missing")
    latest = {row["court"]: row for row in last_runs(db)}
    assert latest["casd"]["id"] == newest and latest["nysd"]["status"] == "missing"
