"""`sealtrail analyze`: text and PDF orders, JSON and human output, storing into the record."""

from __future__ import annotations

import codecs
import json
import random
import sqlite3
import struct
import subprocess
import sys
import textwrap
import zipfile
import zlib
from pathlib import Path

import pytest

from monitor.schema import connect
from tests.pdfmaker import make_flate_bomb, make_pdf

ORDERS = Path(__file__).resolve().parent / "orders"
ORDER = next(ORDERS.glob("01_*.txt"))
CONTRACT_FIELDS = [
    "court", "court_name", "case_number", "case_name", "judge", "judge_role", "date_signed",
    "date_filed", "event_type", "outcome", "movant_text", "movant_role", "motion_refs",
    "rulings", "documents_sealed", "reasons", "reasons_stated", "standard", "authorities",
    "local_rule", "flags",
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
    connect(str(db)).close()  # the store a crawl made: `analyze --db` adds to an existing one
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


# ----------------------------------------------------------------- files that are not text
def png_scan(path: Path) -> Path:
    """A real (tiny) PNG: a grey page with a dark band, as a phone scan of an order."""
    width, height = 32, 16
    raw = b"".join(
        b"\x00" + bytes(40 if 6 <= y < 9 else 230 for _ in range(width)) for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"tEXt", b"Comment\x00SAMPLE scan of an order")
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
    return path


def docx(path: Path) -> Path:
    """A Word document (a ZIP of XML parts) holding the SAMPLE order's first line."""
    first_line = ORDER.read_text(encoding="utf-8").splitlines()[0]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
            '.org/package/2006/content-types"><Default Extension="xml" ContentType="application/'
            'xml"/></Types>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
            'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
            f"{first_line} (SAMPLE)</w:t></w:r></w:p></w:body></w:document>",
        )
    return path


def not_text_files(folder: Path) -> dict[str, tuple[Path, str]]:
    """file kind: (the file, what the refusal must say)."""
    text = ORDER.read_text(encoding="utf-8")
    seeded = random.Random(13)
    files = {
        "empty": (folder / "order.txt", b"", "empty file"),
        "blank": (folder / "blank.txt", b"\r\n   \r\n\t\r\n", "no text"),
        "png": (png_scan(folder / "scan.png"), None, "PNG image"),
        "docx": (docx(folder / "order.docx"), None, "ZIP archive"),
        "utf-16 without a mark": (
            folder / "order-utf16.txt",
            text.encode("utf-16-le"),
            "UTF-16LE without a byte-order mark",
        ),
        # A download cut into noise: control bytes throughout, no NUL.
        "binary": (
            folder / "download.txt",
            bytes(seeded.randrange(1, 256) for _ in range(6000)),
            "binary data",
        ),
        "NUL bytes": (folder / "dump.txt", text[:400].encode() + b"\x00" * 64, "NUL bytes"),
    }
    found = {}
    for kind, (path, data, words) in files.items():
        if data is not None:
            path.write_bytes(data)
        found[kind] = (path, words)
    return found


def test_files_that_are_not_text_are_named_refused_and_never_stored(tmp_path):
    bad = not_text_files(tmp_path)
    db = tmp_path / "store.db"
    connect(str(db)).close()
    paths = [str(path) for path, _ in bad.values()]
    done = sealtrail("analyze", *paths, str(ORDER), "--json", "--db", str(db), "--entry", "16")
    assert done.returncode == 1
    (record,) = [json.loads(line) for line in done.stdout.splitlines()]
    assert record["file"] == str(ORDER) and record["event_type"] == "sealing_order"
    reported = {line.split(": ", 1)[0]: line for line in done.stderr.splitlines()}
    for kind, (path, words) in bad.items():
        assert words in reported.get(str(path), ""), (kind, done.stderr)
    assert "Traceback" not in done.stderr
    con = sqlite3.connect(db)
    assert con.execute("select count(*) from documents").fetchone() == (1,)  # the good one
    con.close()


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig", "cp1252"])
def test_text_with_a_byte_order_mark_or_in_windows_1252_reads_like_utf8(encoding, tmp_path):
    text = ORDER.read_text(encoding="utf-8")
    data = text.encode(encoding)  # the SAMPLE order's "§" is in Windows-1252 too
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    copy = tmp_path / f"order-{encoding}.txt"
    copy.write_bytes(data)
    done = sealtrail("analyze", str(copy), str(ORDER), "--json")
    assert done.returncode == 0, done.stderr
    from_copy, from_utf8 = [json.loads(line) for line in done.stdout.splitlines()]
    assert from_copy.pop("file") == str(copy) and from_utf8.pop("file") == str(ORDER)
    assert from_copy == from_utf8


def test_analyze_db_needs_an_existing_store(tmp_path):
    done = sealtrail("analyze", str(ORDER), "--db", str(tmp_path / "typo.db"))
    assert done.returncode == 1 and "no sealtrail store" in done.stderr
    assert not (tmp_path / "typo.db").exists()


def test_a_device_is_refused_not_read_forever():
    done = sealtrail("analyze", "/dev/zero")
    assert done.returncode == 1 and "not a regular file" in done.stderr


def test_a_huge_text_file_is_refused_before_it_is_read(tmp_path):
    """A 17 MB "order" (a log, a dump) is refused by its size, under a memory cap that reading
    and analysing it would exceed; the real order after it is still analysed."""
    huge = tmp_path / "SAMPLE-dump.txt"
    line = b"SAMPLE ORDER granting the motion to seal Exhibit A (ECF No. 14).\n"
    with huge.open("wb") as handle:
        for _ in range(17 * 1024 * 1024 // len(line) + 1):
            handle.write(line)
    done = subprocess.run(
        [sys.executable, "-c", CAPPED, "400", "analyze", "--json", str(huge), str(ORDER)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr[-2000:]
    (line,) = done.stderr.splitlines()
    assert line.startswith(str(huge)) and "17 MB of text: over the 16 MB" in line
    (record,) = [json.loads(x) for x in done.stdout.splitlines()]
    assert record["file"] == str(ORDER) and record["event_type"] == "sealing_order"


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
