"""Read the text layer of downloaded PDFs off the reactor thread (downloader middleware).

`monitor.pdf.read_pdf_text` runs a child process under limits and waits for it, up to
`WALL_SECONDS`: called from a spider callback it would stop the whole crawl (every court, every
download, the store) for as long as one hostile PDF keeps the child busy. So a request with
`meta["read_pdf"] = True` has its answer read here, in a thread of the reactor's pool
(`deferToThread`), before the callback runs; the callback finds the outcome in
`response.meta["pdf_outcome"]`: the text (`str`) or the `monitor.pdf.PdfError` that
says why there is none (`PdfOverLimit` for a PDF over a limit).

- Only final 2xx answers that were read are touched: redirects (600, 580) and
  `crawler.conditional` (585) run before this one (575) on the way back, so a redirect is
  followed first and an answer found unchanged has no body to read; error statuses go on to
  the retry middleware (550) and the spider's errback as before.
- `SEALTRAIL_PDF_READERS` (default 1) children at a time, so a burst of PDFs cannot multiply
  the child's memory limit on a small server; the others wait their turn, not the reactor,
  and the pool's other threads stay free for Scrapy's DNS lookups.
- `SEALTRAIL_PDF_LIMITS` (a dict of `monitor.pdf.PdfLimits` fields, default none)
  changes single limits, e.g. `{"memory_mb": 1024}` on a larger machine.
- The body goes to a private temporary file for the child, removed afterwards.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from scrapy.http import Request, Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import DeferredSemaphore
from twisted.internet.threads import deferToThread

from monitor.pdf import DEFAULT_LIMITS, PdfError, PdfLimits, read_pdf_text

logger = logging.getLogger(__name__)

META_KEY = "read_pdf"
OUTCOME_KEY = "pdf_outcome"


def read_pdf_body(body: bytes, limits: PdfLimits = DEFAULT_LIMITS) -> str | PdfError:
    """The text of a PDF given as bytes, or the PdfError (runs in a worker thread). The file
    has a fixed name in a private folder: nothing from the source names a path."""
    try:
        with tempfile.TemporaryDirectory(prefix="sealtrail-pdf-") as folder:
            path = Path(folder) / "document.pdf"
            path.write_bytes(body)
            return read_pdf_text(path, limits)
    except PdfError as error:
        return error
    except OSError as error:  # no room for the temporary file, no process left to start
        return PdfError(f"PDF not read: {error}")


class PdfTextMiddleware:
    """See the module docstring."""

    def __init__(self, readers: int = 1, limits: PdfLimits = DEFAULT_LIMITS):
        self.turns = DeferredSemaphore(max(1, readers))
        self.limits = limits

    @classmethod
    def from_crawler(cls, crawler: Any) -> PdfTextMiddleware:
        settings = crawler.settings
        changes = settings.getdict("SEALTRAIL_PDF_LIMITS")
        try:
            limits = replace(DEFAULT_LIMITS, **changes)
        except (TypeError, ValueError) as error:
            known = ", ".join(f.name for f in fields(PdfLimits))
            raise ValueError(f"SEALTRAIL_PDF_LIMITS: {error} (known: {known})") from error
        return cls(settings.getint("SEALTRAIL_PDF_READERS", 1), limits)

    async def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Response:
        meta = request.meta
        if not meta.get(META_KEY) or meta.get("unchanged") or not 200 <= response.status < 300:
            return response
        reading = self.turns.run(deferToThread, read_pdf_body, response.body, self.limits)
        meta[OUTCOME_KEY] = await maybe_deferred_to_future(reading)
        if isinstance(meta[OUTCOME_KEY], PdfError):
            logger.debug("PDF not read (%s): %s", meta[OUTCOME_KEY], request.url)
        return response
