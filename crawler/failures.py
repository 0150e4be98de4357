"""Readable one-line messages for download failures, as written to `crawl_runs`.

Quirk handled: Scrapy 2.19 wraps Twisted's `ResponseFailed` / `ResponseNeverReceived` in
`DownloadFailedError(str(e))`, whose text is the repr of a list of Twisted `Failure`
objects (`[<twisted.python.failure.Failure twisted.internet.error.ConnectionLost: ...>]`).
The reasons are on the chained cause; this names them instead.
"""

from __future__ import annotations

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
