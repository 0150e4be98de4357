"""`sealtrail analyze`: text and PDF orders, JSON and human output, storing into the record."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.pdfmaker import make_flate_bomb, make_pdf

ORDERS = Path(__file__).resolve().parent / "orders"
ORDER = next(ORDERS.glob("01_*.txt"))
CONTRACT_FIELDS = [
    "court", "court_name", "case_number", "case_name", "judge", "judge_role", "date_signed",
    "date_filed", "event_type", "outcome", "movant_text", "movant_role", "motion_refs",
    "documents_sealed", "reasons", "reasons_stated", "standard", "authorities", "local_rule",
    "flags",
]  # fmt: skip


def sealtrail(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "monitor.cli", *args], capture_output=True, text=True, timeout=120
    )


def test_json_output_has_every_contract_field_in_order():
    done = sealtrail("analyze", str(ORDER), "--json")
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert list(record) == ["file", *CONTRACT_FIELDS]
    assert record["event_type"] == "sealing_order" and record["motion_refs"] == [14]
    assert all(set(r) == {"code", "evidence"} for r in record["reasons"])
    assert all(set(a) == {"citation", "name"} for a in record["authorities"])


def test_human_summary():
    done = sealtrail("analyze", str(ORDER))
    assert done.returncode == 0, done.stderr
    assert "S.D. Cal." in done.stdout and "Reasons" in done.stdout


def order_pdf(tmp_path: Path) -> Path:
    lines = []
    for paragraph in ORDER.read_text(encoding="utf-8").splitlines():
        lines += textwrap.wrap(paragraph, 95) or [""]
    pages = [lines[i : i + 50] for i in range(0, len(lines), 50)]
    return make_pdf(tmp_path / "order.pdf", pages)


def test_pdf_with_text_layer_reads_like_the_text(tmp_path):
    from_pdf = json.loads(sealtrail("analyze", str(order_pdf(tmp_path)), "--json").stdout)
    from_text = json.loads(sealtrail("analyze", str(ORDER), "--json").stdout)
    for field in ("court", "case_number", "event_type", "outcome", "motion_refs", "standard"):
        assert from_pdf[field] == from_text[field], field


def test_scanned_pdf_gets_a_clear_message_and_the_others_still_run(tmp_path):
    scan = make_pdf(tmp_path / "scan.pdf", [None])
    done = sealtrail("analyze", str(scan), str(ORDER), "--json")
    assert done.returncode == 1
    assert "no text layer" in done.stderr and "OCR" in done.stderr
    assert json.loads(done.stdout)["court"] == "casd"  # the text order was still analysed


def test_storing_an_order_and_rebuilding_it(tmp_path):
    db = tmp_path / "store.db"
    done = sealtrail("analyze", str(ORDER), "--db", str(db), "--entry", "16")
    assert done.returncode == 0, done.stderr
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    event = dict(con.execute("select * from all_sealing_events").fetchone())
    assert event["event_id"].endswith(":16") and event["document_id"]
    assert event["reasons_stated"] == 1 and json.loads(event["reason_codes"])
    before = [dict(r) for r in con.execute("select * from event_reasons order by reason")]
    con.close()
    done = sealtrail("reclassify", "--db", str(db))
    assert json.loads(done.stdout)["orders"] == 1
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    after = [dict(r) for r in con.execute("select * from event_reasons order by reason")]
    assert after == before


# The test's own bound on the CLI process (RLIMIT_AS), set before anything is imported: an
# analyze that read a Flate bomb in its own process would die of it instead of growing.
CAPPED = (
    "import resource, runpy, sys; cap = int(sys.argv.pop(1)) << 20; "
    "resource.setrlimit(resource.RLIMIT_AS, (cap, cap)); "
    "sys.argv[0] = 'sealtrail'; runpy.run_module('monitor.cli', run_name='__main__')"
)


def test_hostile_pdfs_get_one_clear_line_each_and_the_next_file_is_read(tmp_path):
    bomb = make_flate_bomb(tmp_path / "bomb.pdf", inflated_mib=2048)
    blank = make_pdf(tmp_path / "blank.pdf", [None] * 5000)
    done = subprocess.run(
        [sys.executable, "-c", CAPPED, "1024", "analyze", str(bomb), str(blank), str(ORDER)]
        + ["--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr[-2000:]
    assert done.stderr.splitlines() == [
        f"{bomb}: PDF reading used more than 512 MB of memory",
        f"{blank}: PDF over the 500-page limit",
    ]
    assert json.loads(done.stdout)["court"] == "casd"  # the text order after them was analysed
