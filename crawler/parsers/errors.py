"""Errors raised by the source-format parsers in `crawler.parsers`.

A parser raises `FeedError` only when a response holds nothing usable at all. A feed that is
usable in part (some items broken, the download cut short after complete items) is returned
normally and the losses are reported on the result (`ParsedFeed.skipped`, `.problems`): one
bad record (item, entry, granule, search result) costs only itself, and `record_failed` words
the reason when reading it raised.
"""

from __future__ import annotations

import logging
from typing import Literal

logger = logging.getLogger(__name__)

FeedErrorKind = Literal["empty", "not_rss", "malformed"]

#: The kinds a `FeedError` can carry, and what each means to the caller.
FEED_ERROR_KINDS: dict[str, str] = {
    "empty": "the body is empty or whitespace only",
    "not_rss": "the body is something else: an HTML login/error page, JSON, plain text, "
    "or XML whose root is not <rss>",
    "malformed": "the body looks like RSS but is broken XML with no complete item to recover",
}


class FeedError(ValueError):
    """Nothing usable in a feed response.

    `kind` is one of `FEED_ERROR_KINDS` (`empty`, `not_rss`, `malformed`); the message says
    what was seen, for the crawl log and `crawl_runs.detail`.
    """

    def __init__(self, kind: FeedErrorKind, message: str) -> None:
        if kind not in FEED_ERROR_KINDS:
            raise ValueError(f"unknown FeedError kind {kind!r}")
        super().__init__(message)
        self.kind: FeedErrorKind = kind

    def __repr__(self) -> str:
        return f"FeedError({self.kind!r}, {str(self)!r})"


def record_failed(label: str, exc: BaseException) -> str:
    """The `.skipped` reason for one record (item, entry, granule, result) whose reading raised.

    Parsers read records one by one and catch whatever goes wrong inside one record, so the
    others are kept; this reason names the record and the error type, and the traceback is
    logged as a warning, so a parser bug is seen and counted rather than hidden.
    """
    logger.warning("%s: skipped, %s while reading it", label, type(exc).__name__, exc_info=exc)
    message = " ".join(str(exc).split())[:160]
    return f"{label}: skipped, {type(exc).__name__} while reading it" + (
        f" ({message})" if message else ""
    )
