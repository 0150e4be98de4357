"""Text of an order PDF, from its text layer (pdfplumber).

Court PDFs come in three kinds: born-digital (a text layer, read as is), scanned with OCR (a
text layer of varying quality, which `normalize` cleans), and scanned without OCR (images only).
The last kind has nothing to read: we say so with `NoTextLayer` instead of guessing from a few
stray characters such as a stamped page number.
"""

from __future__ import annotations

from pathlib import Path

MIN_CHARS_PER_PAGE = 40  # a stamped page number or a clerk's header is not a text layer


class PdfError(ValueError):
    """The file is not a readable PDF (corrupt, encrypted, not a PDF at all)."""


class NoTextLayer(PdfError):
    """A scanned PDF without a text layer: it needs OCR before it can be read."""


def read_pdf_text(path: str | Path) -> str:
    """All pages' text, pages separated by form feeds, or NoTextLayer / PdfError."""
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    path = Path(path)
    try:
        with pdfplumber.open(path) as pdf:
            pages = [page.extract_text() or "" for page in pdf.pages]
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as error:
        reason = f"{type(error).__name__}: {error}"
        raise PdfError(f"{path.name}: not a readable PDF ({reason})") from error
    except Exception as error:  # pdfminer raises many private exception types
        if "password" in str(error).lower() or "encrypt" in type(error).__name__.lower():
            raise PdfError(f"{path.name}: the PDF is encrypted") from error
        raise PdfError(f"{path.name}: not a readable PDF ({type(error).__name__})") from error
    text_chars = sum(len("".join(page.split())) for page in pages)
    if not pages or text_chars < MIN_CHARS_PER_PAGE * len(pages):
        raise NoTextLayer(
            f"{path.name}: no text layer ({len(pages)} page(s), {text_chars} characters of "
            "text): it looks scanned; run OCR first (for example `ocrmypdf in.pdf out.pdf`)"
        )
    return "\f".join(pages)
