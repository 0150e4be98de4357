"""Order PDFs: the text layer is read; a scanned PDF without one gets a clear message."""

import pytest

from monitor.analyze.pdf import NoTextLayer, PdfError, read_pdf_text
from tests.pdfmaker import make_pdf

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
