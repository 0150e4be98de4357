"""Readable one-line messages for download failures and unusable answers, as written to
`crawl_runs` (published: they say what was wrong, never what a server sent).

Quirk handled: Scrapy 2.19 wraps Twisted's `ResponseFailed` / `ResponseNeverReceived` in
`DownloadFailedError(str(e))`, whose text is the repr of a list of Twisted `Failure`
objects (`[<twisted.python.failure.Failure twisted.internet.error.ConnectionLost: ...>]`).
The reasons are on the chained cause; this names them instead.

`unusable(exc, response)`: a `FeedError` as `not_rss: body is an HTML page (HTTP 200,
text/html, 2,345 bytes)`: the parser's words and the answer's status, declared media type
(only a well-known one; anything else is `other type`) and size. The server's own text
(`FeedError.sample`) goes to the DEBUG log only.
"""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)

LOST = ("ConnectionLost", "ConnectionDone", "ConnectionAborted")


def describe(exc: BaseException) -> str:
    """`Type: message`, with wrapped Twisted reasons named (e.g. a connection reset)."""
    name = type(exc).__name__
    cause = exc.__cause__ if exc.__cause__ is not None else exc
    reasons = getattr(cause, "reasons", None)
    if reasons:
        kinds = sorted({type(getattr(r, "value", r)).__name__ for r in reasons})
        if any(kind in LOST for kind in kinds):
            what = "the connection was lost before the answer was complete"
        else:
            what = "the download failed"
        return f"{name}: {what} ({', '.join(kinds)})"
    return f"{name}: {exc}".strip(": ")


#: Media types named in messages; any other declared type is `other type` (it is server text).
KNOWN_TYPES = frozenset(
    {
        "application/atom+xml",
        "application/json",
        "application/octet-stream",
        "application/pdf",
        "application/problem+json",
        "application/rss+xml",
        "application/xhtml+xml",
        "application/xml",
        "text/html",
        "text/plain",
        "text/xml",
    }
)


def describe_answer(response: Any) -> str:
    """`HTTP 200, text/html, 2,345 bytes`: what came back, in our words."""
    declared = response.headers.get(b"Content-Type") or b""
    media = declared.split(b";", 1)[0].strip().lower().decode("latin-1")
    if not media:
        shown = "no type"
    elif media in KNOWN_TYPES:
        shown = media
    else:
        shown = "other type"
    return f"HTTP {response.status}, {shown}, {len(response.body):,} bytes"


def unusable(exc: Any, response: Any, who: str = "") -> str:
    """The run's error for a body the parser refused (`crawler.parsers.errors.FeedError`);
    logs the server's own words (`exc.sample`) at DEBUG, under `who` (a court)."""
    sample = getattr(exc, "sample", "")
    if sample:
        logger.debug("%s: %s answer began %s", who or "crawl", exc.kind, sample)
    return f"{exc.kind}: {exc} ({describe_answer(response)})"
