"""Minimal hand-built PDFs for tests (no PDF writer library needed): text pages, blank pages,
and the hostile PDFs of issue 13 (a Flate bomb, a Flate stream with a broken checksum, nested
form XObjects).

The files are real PDF 1.4: a catalog, a page tree, pages with a Helvetica text stream (or no
content, standing in for a scanned page without OCR), and a correct cross-reference table.
"""

from __future__ import annotations

import zlib
from pathlib import Path

MIB = 1 << 20
BOMB_LINES = [
    "SAMPLE hostile PDF written for sealtrail tests: this page's content stream is a few",
    "lines of text followed by a very long run of spaces, compressed about 1,000 to 1.",
]


def _escape(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _content(lines: list[str]) -> bytes:
    ops = ["BT", "/F1 11 Tf", "13 TL", "72 740 Td"]
    for line in lines:
        ops.append(f"({_escape(line)}) Tj T*")
    ops.append("ET")
    return "\n".join(ops).encode("latin-1")


def _stream(data: bytes, flate: bool = False) -> bytes:
    entries = b"/Length %d" % len(data) + (b" /Filter /FlateDecode" if flate else b"")
    return b"<< %s >>\nstream\n%s\nendstream" % (entries, data)


def _write(path: Path, contents: list[bytes]) -> Path:
    """A PDF with one page per content-stream object body in `contents`."""
    objects: list[bytes] = [b"", b""]  # the catalog and the page tree, filled in below
    font = _add(objects, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    page_ids = []
    for body in contents:
        content = _add(objects, body)
        page_ids.append(
            _add(
                objects,
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (font, content),
            )
        )
    return _serialize(path, objects, page_ids)


def _add(objects: list[bytes], body: bytes) -> int:
    objects.append(body)
    return len(objects)


def _serialize(path: Path, objects: list[bytes], page_ids: list[int]) -> Path:
    """Objects 1 and 2 become the catalog and the page tree; then the cross-reference table."""
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    kids = b" ".join(b"%d 0 R" % p for p in page_ids)
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


def make_pdf(path: Path, pages: list[list[str] | None]) -> Path:
    """Write a PDF with one page per entry: a list of text lines, or None for an image-only page."""
    return _write(path, [_stream(_content(lines) if lines else b"") for lines in pages])


def flate_bomb_stream(prefix: bytes, inflated_mib: int, *, good_checksum: bool = True) -> bytes:
    """A zlib stream that inflates to `prefix` + `inflated_mib` MiB of spaces, built without
    ever holding the inflated bytes: after a full flush deflate forgets its history, so each
    MiB of spaces compresses to the same bytes, which are repeated. The Adler-32 checksum is
    computed a MiB at a time (or deliberately wrong)."""
    chunk = b" " * MIB
    deflate = zlib.compressobj(9)
    head = deflate.compress(prefix + chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    body = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    assert body == deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    checksum = zlib.adler32(prefix)
    for _ in range(inflated_mib):
        checksum = zlib.adler32(chunk, checksum)
    if not good_checksum:
        checksum ^= 0x5A5A5A5A
    final_empty_block = b"\x03\x00"
    return head + body * (inflated_mib - 1) + final_empty_block + checksum.to_bytes(4, "big")


def make_flate_bomb(path: Path, inflated_mib: int = 2048, *, good_checksum: bool = True) -> Path:
    """A one-page PDF whose content stream (/FlateDecode) is two lines of text and then
    `inflated_mib` MiB of spaces: 2 GiB by default, from a file of about 2 MB. A reader that
    inflates streams whole needs all of it in memory at once. With a broken checksum pdfminer
    inflates it whole, fails, and then inflates it again one input byte at a time, appending
    to a bytes object: quadratic, i.e. a CPU bomb."""
    data = flate_bomb_stream(
        _content(BOMB_LINES) + b"\n", inflated_mib, good_checksum=good_checksum
    )
    return _write(path, [_stream(data, flate=True)])


def make_form_bomb(path: Path, depth: int = 9, fanout: int = 10) -> Path:
    """ "Billion laughs" in PDF: the page draws form XObject 1, which draws form 2 `fanout`
    times, ... and the last form draws one line of text, so the page holds `fanout ** (depth
    - 1)` lines from a file of a few kB. pdfminer lays out every one of them."""
    objects: list[bytes] = [b"", b""]
    font = _add(objects, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    first = len(objects) + 1
    for level in range(depth):
        if level == depth - 1:
            content = b"BT /F1 11 Tf 72 700 Td (SAMPLE line drawn by the innermost form) Tj ET"
            xobjects = b""
        else:
            content = b" ".join([b"/X Do"] * fanout)
            xobjects = b"/XObject << /X %d 0 R >> " % (first + level + 1)
        _add(
            objects,
            b"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] "
            b"/Resources << %s/Font << /F1 %d 0 R >> >> /Length %d >>\nstream\n%s\nendstream"
            % (xobjects, font, len(content), content),
        )
    content = _add(objects, _stream(b"/X Do"))
    page = _add(
        objects,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /XObject << /X %d 0 R >> >> /Contents %d 0 R >>" % (first, content),
    )
    return _serialize(path, objects, [page])
