"""The text of an order saved as a text file, or a one-line reason why the file is not one.

What users hand `sealtrail analyze` besides PDFs and clean UTF-8:

- Windows-1252 text (Word's "Plain Text" on Windows): read as such when it is not UTF-8;
- UTF-16 with a byte-order mark (Notepad's "Unicode") and UTF-32: decoded by the mark, so
  they read exactly like the UTF-8 copy; a UTF-8 mark is dropped;
- UTF-16 without a mark (NUL in every other byte): refused with how to convert it, since its
  byte order would be a guess;
- text files over `MAX_TEXT_FILE_BYTES`: refused before they are read;
- empty or blank files, images, Word/ZIP documents and other binary data (NUL bytes, or
  control bytes text does not have): refused, naming what the file looks like, instead of
  being analysed as an order that "is not about sealing" and stored.

Text keeps its tabs, line and page breaks (`\\f` separates pages in `pdftotext` output).
"""

from __future__ import annotations

import codecs

SNIFF_BYTES = 65536  # enough of a file to tell text from binary
# The longest real orders run to about 100 pages, some 250 KB of text; 16 MB is a text no
# court filed (a log, a dump, a corpus) and would hold the analyser for minutes.
MAX_TEXT_FILE_BYTES = 16 * 1024 * 1024
MAX_ODD_CONTROL_SHARE = 0.01  # a stray control byte in OCR text is noise, 1 in 100 is not text
TEXT_CONTROLS = frozenset("\t\n\v\f\r")

# (leading bytes, what the file is, what to do) for files people mistake for text orders
SIGNATURES = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image", "OCR it or analyze the order's PDF"),
    (b"\xff\xd8\xff", "a JPEG image", "OCR it or analyze the order's PDF"),
    (b"GIF87a", "a GIF image", "OCR it or analyze the order's PDF"),
    (b"GIF89a", "a GIF image", "OCR it or analyze the order's PDF"),
    (b"II*\x00", "a TIFF image", "OCR it or analyze the order's PDF"),
    (b"MM\x00*", "a TIFF image", "OCR it or analyze the order's PDF"),
    (b"PK\x03\x04", "a ZIP archive (e.g. a .docx or .odt document)", "save it as PDF or text"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a Microsoft Office file", "save it as PDF or text"),
    (b"\x1f\x8b", "a gzip archive", "unpack it first"),
    (b"\x7fELF", "a program", "give the order's text or PDF"),
]

# Byte-order marks, longest first (UTF-32 LE starts with the UTF-16 LE mark); a UTF-8 mark
# is dropped and the rest read like any other file.
BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
]


class NotText(ValueError):
    """The file is not the text of an order: empty, binary, or text we cannot decode."""


def _signature(data: bytes) -> tuple[str, str] | None:
    for magic, what, advice in SIGNATURES:
        if data.startswith(magic):
            return what, advice
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "a WebP image", "OCR it or analyze the order's PDF"
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """'UTF-16LE' / 'UTF-16BE' when NULs sit at one parity, as in ASCII text in UTF-16."""
    sample = data[:SNIFF_BYTES]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if half < 2:
        return None
    if odd >= 0.6 * half and even <= 0.05 * half:
        return "UTF-16LE"
    if even >= 0.6 * half and odd <= 0.05 * half:
        return "UTF-16BE"
    return None


def _check_characters(text: str) -> None:
    sample = text[:SNIFF_BYTES]
    if "\x00" in sample:
        raise NotText("binary data (NUL bytes), not the text of an order")
    odd = sum(
        1 for char in sample if (char < " " and char not in TEXT_CONTROLS) or char in "\x7f\ufffd"
    )
    if odd > max(1, MAX_ODD_CONTROL_SHARE * len(sample)):
        raise NotText(
            f"binary data ({odd} control or undecodable bytes in the first "
            f"{len(sample)} characters), not the text of an order"
        )
    if not text.strip():
        raise NotText("holds no text (only blank space): nothing to analyze")


def decode_order_text(data: bytes) -> str:
    """The text of an order file's bytes (not a PDF), or `NotText` saying what the file is.

    UTF-8 first, then a byte-order mark's encoding, else Windows-1252."""
    if not data:
        raise NotText("an empty file (0 bytes): nothing to analyze")
    data = data.removeprefix(codecs.BOM_UTF8)
    for bom, encoding, label in BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as error:
                raise NotText(
                    f"starts with a {label} byte-order mark but is not valid {label} ({error})"
                ) from error
            _check_characters(text.lstrip("\ufeff"))
            return text.lstrip("\ufeff")
    known = _signature(data)
    if known:
        what, advice = known
        raise NotText(f"{what}, not the text of an order; {advice}")
    order = _utf16_without_bom(data)
    if order:
        raise NotText(
            f"text in {order} without a byte-order mark; save it as UTF-8 "
            f"(e.g. iconv -f {order} -t UTF-8)"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    _check_characters(text)
    return text
