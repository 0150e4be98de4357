"""Order PDFs: the text layer is read; a scanned PDF without one gets a clear message; a
hostile PDF (a Flate bomb, thousands of pages, a CPU sink) is stopped by the limit it breaks
in the child process that reads it, with a message naming that limit."""

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from monitor.pdf import (
    MAX_PAGES,
    MEMORY_MB,
    NoTextLayer,
    PdfError,
    PdfLimits,
    PdfOverLimit,
    read_pdf_text,
)
from tests.pdfmaker import make_flate_bomb, make_form_bomb, make_pdf

ROOT = Path(__file__).resolve().parent.parent

ORDER_LINES = [
    "UNITED STATES DISTRICT COURT",
    "SOUTHERN DISTRICT OF TEXAS",
    "SAMPLE ORDER written for sealtrail tests (invented parties).",
    "Before the Court is Petitioner's Motion for Leave to File Under Seal (Dkt. 7).",
    "The motion is GRANTED. Exhibit A shall remain under seal.",
]


def test_text_layer_is_read_page_by_page(tmp_path):
    pdf = make_pdf(tmp_path / "order.pdf", [ORDER_LINES, ["IT IS SO ORDERED. (p. 2 of 2)"]])
    text = read_pdf_text(pdf)
    assert "Motion for Leave to File Under Seal (Dkt. 7)" in text
    assert text.count("\f") == 1 and "IT IS SO ORDERED" in text.split("\f")[1]


def test_scanned_pdf_without_text_layer_is_refused_clearly(tmp_path):
    pdf = make_pdf(tmp_path / "scan.pdf", [None, None])
    with pytest.raises(NoTextLayer, match="no text layer.*OCR"):
        read_pdf_text(pdf)


def test_a_page_number_alone_is_not_a_text_layer(tmp_path):
    pdf = make_pdf(tmp_path / "stamped.pdf", [["1"], ["2"]])
    with pytest.raises(NoTextLayer):
        read_pdf_text(pdf)


def test_garbage_is_not_a_pdf(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"<html><body>Login required</body></html>")
    with pytest.raises(PdfError):
        read_pdf_text(bad)


# -- hostile PDFs (issue 13): read in a child process, refused with the limit they broke ------


def test_flate_bomb_is_stopped_by_the_memory_limit(tmp_path):
    # 2 MB on disk, 2 GiB once inflated; built here without holding the inflated bytes
    bomb = make_flate_bomb(tmp_path / "bomb.pdf", inflated_mib=2048)
    assert bomb.stat().st_size < 3_000_000
    with pytest.raises(PdfOverLimit, match=f"used more than {MEMORY_MB} MB of memory") as caught:
        read_pdf_text(bomb)
    assert caught.value.limit == "memory"
    assert caught.value.usage.peak_mb <= MEMORY_MB  # the child's own peak, from wait4


def test_nested_forms_are_stopped_by_a_limit(tmp_path):
    # 10**8 lines of text from a 3 kB file: pdfminer dies of it deep in a recursion (SIGABRT)
    bomb = make_form_bomb(tmp_path / "forms.pdf", depth=9, fanout=10)
    with pytest.raises(PdfOverLimit, match="used more than 256 MB of memory") as caught:
        read_pdf_text(bomb, PdfLimits(memory_mb=256))
    assert caught.value.limit == "memory"


def test_thousands_of_blank_pages_are_refused_before_any_is_read(tmp_path):
    blank = make_pdf(tmp_path / "blank.pdf", [None] * 5000)
    with pytest.raises(PdfOverLimit, match=f"PDF over the {MAX_PAGES}-page limit") as caught:
        read_pdf_text(blank)
    assert caught.value.limit == "pages"


def test_a_page_count_at_the_limit_is_read(tmp_path):
    pdf = make_pdf(tmp_path / "order.pdf", [ORDER_LINES] * 3)
    assert read_pdf_text(pdf, PdfLimits(pages=3)).count("\f") == 2
    with pytest.raises(PdfOverLimit, match="over the 2-page limit"):
        read_pdf_text(pdf, PdfLimits(pages=2))


def test_too_much_text_is_refused(tmp_path):
    pdf = make_pdf(tmp_path / "long.pdf", [ORDER_LINES] * 4)
    one_page = len(read_pdf_text(pdf).split("\f")[0])
    limits = PdfLimits(chars=one_page * 2 + 10)
    with pytest.raises(PdfOverLimit, match=r"text over the [\d,]+-character limit.*page 3") as c:
        read_pdf_text(pdf, limits)
    assert c.value.limit == "characters"


def test_cpu_sink_is_stopped_by_the_cpu_limit(tmp_path):
    # a Flate stream with a wrong checksum: pdfminer's recovery is quadratic, it never ends
    sink = make_flate_bomb(tmp_path / "sink.pdf", inflated_mib=64, good_checksum=False)
    with pytest.raises(PdfOverLimit, match="used more than 2 s of CPU time") as caught:
        read_pdf_text(sink, PdfLimits(cpu_seconds=2))
    assert caught.value.limit == "cpu"


def test_wall_clock_limit_kills_the_child(tmp_path):
    sink = make_flate_bomb(tmp_path / "sink.pdf", inflated_mib=64, good_checksum=False)
    with pytest.raises(PdfOverLimit, match="took longer than 2 s") as caught:
        read_pdf_text(sink, PdfLimits(cpu_seconds=600, wall_seconds=2))
    assert caught.value.limit == "time"
    assert not readers_alive()  # killed and reaped, not left running


def test_limits_leave_long_orders_alone(tmp_path):
    pages = [[f"{line} (page {n})" for line in ORDER_LINES * 6] for n in range(1, 31)]
    text = read_pdf_text(make_pdf(tmp_path / "long-order.pdf", pages))
    assert text.count("\f") == 29 and "(page 30)" in text.split("\f")[29]


def test_the_reader_gets_no_tokens(tmp_path, monkeypatch):
    """The child parses hostile input: it is started without our environment."""
    key, token = "sample-key-never-for-the-reader", "sample-token-never-for-the-reader"
    monkeypatch.setenv("GOVINFO_API_KEY", key)
    monkeypatch.setenv("COURTLISTENER_TOKEN", token)
    sink = make_flate_bomb(tmp_path / "sink.pdf", inflated_mib=64, good_checksum=False)
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            read_pdf_text(sink, PdfLimits(cpu_seconds=600, wall_seconds=4))
        except PdfError as error:
            outcome.append(error)

    reader = threading.Thread(target=read)
    reader.start()
    environments = []
    while reader.is_alive() and not environments:
        environments = [Path(f"/proc/{pid}/environ").read_bytes() for pid in readers_alive()]
        time.sleep(0.05)
    reader.join()
    assert environments and outcome  # the child was seen running, then stopped at the limit
    assert key.encode() not in environments[0] and token.encode() not in environments[0]
    assert b"PATH=" in environments[0]


def test_a_killed_parent_takes_its_reader_along(tmp_path):
    """SIGKILL to a process reading a PDF (a crawl stopped the hard way): the child goes too,
    instead of running on to its own limits."""
    sink = make_flate_bomb(tmp_path / "sink.pdf", inflated_mib=64, good_checksum=False)
    script = (
        "import sys; from monitor.pdf import PdfLimits, read_pdf_text; "
        "read_pdf_text(sys.argv[1], PdfLimits(cpu_seconds=600, wall_seconds=600))"
    )
    parent = subprocess.Popen([sys.executable, "-c", script, str(sink)], cwd=ROOT)
    try:
        readers: list[str] = []
        for _ in range(600):  # until the reader has started (a few tenths of a second)
            readers = readers_alive(parent.pid)
            if readers:
                break
            time.sleep(0.05)
        assert readers, "the reader never started"
    finally:
        parent.kill()
        parent.wait()
    for _ in range(600):  # gone at once; far sooner than its 600 s limits
        if not running(readers[0]):
            break
        time.sleep(0.05)
    assert not running(readers[0])


def running(pid: str) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")


def readers_alive(parent: int | str = "self") -> list[str]:
    """Process ids of the children of `parent` (this process) that are PDF readers (/proc)."""
    found = []
    for task in Path(f"/proc/{parent}/task").iterdir():
        try:
            pids = (task / "children").read_text().split()
        except FileNotFoundError:  # the thread ended
            continue
        for pid in pids:
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            except FileNotFoundError:
                continue
            if b"pdf_child.py" in cmdline:
                found.append(pid)
    return found


def test_an_unreadable_pdf_is_named_by_its_error_type_not_its_contents(capsys):
    """pdfminer's messages can quote the file (`Not a stream object: ...`); the child's answer
    reaches crawl_runs.detail, which is published, so it names the error type only."""
    from monitor.pdf_child import _refused

    try:
        raise ValueError("Not a stream object: SAMPLE-secret-from-the-file")
    except ValueError as error:
        answer = _refused(error)
    assert answer == {"error": "unreadable", "detail": "ValueError"}
    assert "SAMPLE-secret" in capsys.readouterr().err  # the child's stderr, never the answer
