"""Benchmark: what reading a PDF costs the child process of `monitor.pdf`, per PDF.

Run from the repository root:

    .venv/bin/python benchmarks/pdf_read.py [--quick]

Every PDF is built here with `tests/pdfmaker.py` (no file is read from elsewhere):

- orders of 1, 10, 100 and 500 pages, 50 lines of a sample order per page (about 4,000
  characters a page, denser than a double-spaced pleading page);
- 5,000 blank pages (the `sealtrail analyze` case of issue 13: 64 s and 2.4 GB before limits);
- a Flate bomb: one page whose content stream inflates to 2 GiB, from a file of about 2 MB
  (the GovInfo crawl of issue 13 grew to 5.8 GB on a 1.5 MB one);
- nested form XObjects, 9 deep and 10 wide: 10**8 lines of text from a 3 kB file;
- the same with a broken checksum, 64 MiB: pdfminer's quadratic recovery, a CPU bomb (it runs
  into the CPU limit, so it takes `CPU_SECONDS`; `--quick` leaves it out).

Each is read once through `monitor.pdf.read_pdf` with the default limits; the table
gives the outcome, the child's peak resident memory (`ru_maxrss` from `wait4`), its CPU time
and the wall time of the whole read (child start-up included).
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.pdf import DEFAULT_LIMITS, PdfError, read_pdf  # noqa: E402
from tests.pdfmaker import make_flate_bomb, make_form_bomb, make_pdf  # noqa: E402

LINES_PER_PAGE = 50


def order_lines() -> list[str]:
    lines: list[str] = []
    for path in sorted((ROOT / "tests" / "orders").glob("*.txt")):
        for paragraph in path.read_text(encoding="utf-8").splitlines():
            lines += textwrap.wrap(paragraph, 95) or [""]
    return lines


def order_pdf(folder: Path, pages: int, lines: list[str]) -> Path:
    needed = pages * LINES_PER_PAGE
    text = (lines * (needed // len(lines) + 1))[:needed]
    chunks = [text[i : i + LINES_PER_PAGE] for i in range(0, needed, LINES_PER_PAGE)]
    return make_pdf(folder / f"order-{pages}p.pdf", chunks)


def measure(name: str, path: Path) -> None:
    started = time.perf_counter()
    try:
        reading = read_pdf(path)
        outcome, usage = f"ok: {reading.pages} pages, {len(reading.text):,} chars", reading.usage
    except PdfError as error:
        outcome, usage = f"{type(error).__name__}: {error}", error.usage
    wall = time.perf_counter() - started
    size = path.stat().st_size
    peak = f"{usage.peak_mb:7.1f}" if usage else "      ?"
    cpu = f"{usage.cpu_seconds:6.2f}" if usage else "     ?"
    print(f"{name:<28} {size / 1e6:7.2f} {peak} {cpu} {wall:6.2f}  {outcome}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="leave out the 60 s CPU bomb")
    args = parser.parse_args()
    print(f"Python {platform.python_version()} on {platform.machine()}; limits {DEFAULT_LIMITS}")
    print(f"{'PDF':<28} {'MB':>7} {'peak MB':>7} {'CPU s':>6} {'wall s':>6}  outcome")
    lines = order_lines()
    with tempfile.TemporaryDirectory(prefix="sealtrail-pdf-bench-") as name:
        folder = Path(name)
        for pages in (1, 10, 100, 500):
            measure(f"order, {pages} pages", order_pdf(folder, pages, lines))
        measure("5,000 blank pages", make_pdf(folder / "blank.pdf", [None] * 5000))
        measure("Flate bomb, 2 GiB inflated", make_flate_bomb(folder / "bomb.pdf"))
        measure("nested forms, 10**8 lines", make_form_bomb(folder / "forms.pdf"))
        if not args.quick:
            broken = make_flate_bomb(folder / "broken.pdf", 64, good_checksum=False)
            measure("broken checksum, 64 MiB", broken)


if __name__ == "__main__":
    main()
