"""The `sealtrail` command line, run as a user would run it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from monitor.demo import SAMPLE_DIR


def sealtrail(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "monitor.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_classify_arguments_and_stdin():
    done = sealtrail("classify", "ORDER granting 14 Motion to Seal.", "Notice of Appearance")
    assert done.returncode == 0, done.stderr
    first, second = [json.loads(line) for line in done.stdout.splitlines()]
    assert first["id"] == "1" and first["event_type"] == "sealing_order"
    assert first["outcome"] == "granted" and first["refs"] == [14]
    assert set(first) >= {
        "id",
        "is_sealing",
        "event_type",
        "outcome",
        "refs",
        "movant_role",
        "rule_id",
    }
    assert second["is_sealing"] is False and second["event_type"] == "not_sealing"
    lines = "\n".join(
        json.dumps(r)
        for r in [
            {"id": "a", "text": "MOTION to Seal Document 1 Complaint by USA"},
            {"id": "b", "text": "RESPONSE to Motion re 19 MOTION to Seal Document"},
        ]
    )
    done = sealtrail("classify", stdin=lines)
    out = {r["id"]: r for r in map(json.loads, done.stdout.splitlines())}
    assert out["a"]["event_type"] == "motion_to_seal" and out["a"]["refs"] == [1]
    assert out["b"]["is_sealing"] is False


def test_classify_rejects_bad_stdin():
    done = sealtrail("classify", stdin="not json\n")
    assert done.returncode != 0 and "line 1" in done.stderr


def test_parse_pacer_rss_prints_json_lines():
    done = sealtrail("parse", "pacer-rss", str(SAMPLE_DIR / "casd.xml"), "--court", "casd")
    assert done.returncode == 0, done.stderr
    items = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(items) == 9
    assert (items[0]["docket_number"], items[0]["entry_number"]) == ("3:26-cv-00412", 10)
    order = items[1]  # after the evening's late notice of appearance, in feed order
    assert order["court"] == "casd" and order["docket_number"] == "3:26-cv-01877"
    assert order["entry_number"] == 16 and order["published"].endswith("+00:00")


def test_parse_reports_html_pages_clearly(tmp_path):
    page = tmp_path / "login.xml"
    page.write_text("<html><head><title>PACER Login</title></head><body>Login</body></html>")
    done = sealtrail("parse", "pacer-rss", str(page), "--court", "casd")
    assert done.returncode != 0 and "not_rss" in done.stderr


DATA = Path(__file__).resolve().parent / "data"


def test_parse_govinfo_mods_prints_the_case_then_its_entries():
    done = sealtrail(
        "parse", "govinfo-mods", str(DATA / "govinfo" / "USCOURTS-casd-3_26-cv-00410.mods.xml")
    )
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    case, entries = records[0], records[1:]
    assert case["record"] == "case" and case["docket_number"] == "3:26-cv-00410"
    assert (case["nos_code"], case["nature_of_suit"]) == ("463", "Habeas Corpus - Alien Detainee")
    assert entries and all(e["record"] == "entry" and e["entry_number"] is None for e in entries)
    assert all(e["source_id"].startswith("USCOURTS-casd-3_26-cv-00410-") for e in entries)


def test_parse_courtlistener_search_reads_json_and_atom():
    done = sealtrail(
        "parse", "courtlistener-search", str(DATA / "courtlistener" / "search_r_page1.json")
    )
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    kinds = {r["record"] for r in records}
    assert kinds == {"case", "entry"}
    assert "next page: " in done.stderr
    done = sealtrail(
        "parse", "courtlistener-search", str(DATA / "courtlistener" / "search_feed.xml")
    )
    assert done.returncode == 0, done.stderr
    entries = [json.loads(line) for line in done.stdout.splitlines()]
    assert entries and all(e["record"] == "entry" and e["docket_number"] for e in entries)


def test_parse_new_formats_report_html_pages_clearly(tmp_path):
    page = tmp_path / "error.xml"
    page.write_text("<html><head><title>503 Service Unavailable</title></head></html>")
    for kind in ("govinfo-mods", "courtlistener-search"):
        done = sealtrail("parse", kind, str(page))
        assert done.returncode != 0 and "not_rss" in done.stderr, (kind, done.stderr)


def test_crawl_rejects_bad_dates_and_pacer_only_options():
    done = sealtrail("crawl", "govinfo", "--since", "yesterday", "--db", "/dev/null")
    assert done.returncode != 0 and "yesterday" in done.stderr
    done = sealtrail("crawl", "pacer-rss", "--since", "2026-11-01", "--db", "/dev/null")
    assert done.returncode != 0 and "not for pacer-rss" in done.stderr


def test_crawl_rejects_bad_court_ids():
    done = sealtrail("crawl", "pacer-rss", "--courts", "casd,../etc", "--db", "/dev/null")
    assert done.returncode != 0 and "../etc" in done.stderr


def test_crawl_rejects_template_without_court():
    done = sealtrail("crawl", "pacer-rss", "--courts", "casd", "--url-template", "http://x/")
    assert done.returncode != 0 and "{court}" in done.stderr
