"""Errors raised by the source-format parsers in `crawler.parsers`.

A parser raises `FeedError` only when a response holds nothing usable at all. A feed that is
usable in part (some items broken, the download cut short after complete items) is returned
normally and the losses are reported on the result (`ParsedFeed.skipped`, `.problems`).

A `FeedError` message says what was wrong with a body, never what the body said: it goes to
`crawl_runs.detail`, which is published, and a body that is not a feed may be anything (a
login page, another service's answer carrying a secret). The server's own words (an HTML
page's title, the first characters of a text) are kept apart in `FeedError.sample`, shortened
and escaped, for DEBUG logs only. `xml_error_summary`, `json_error_summary` and `body_kind`
describe broken XML, broken JSON and other bodies without quoting them.

A record that raised while being read is skipped with `record_failed`'s reason: one bad
record (item, entry, granule, search result) costs only itself.
"""

from __future__ import annotations

import logging
from typing import Literal

from lxml import etree

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
    what was wrong, for the crawl log and `crawl_runs.detail`, in our words only; `sample`
    holds the server's (see the module docstring).
    """

    def __init__(self, kind: FeedErrorKind, message: str, *, sample: str = "") -> None:
        if kind not in FEED_ERROR_KINDS:
            raise ValueError(f"unknown FeedError kind {kind!r}")
        super().__init__(message)
        self.kind: FeedErrorKind = kind
        #: what the server sent (`server_sample`): for DEBUG logs, never for the store
        self.sample = sample

    def __repr__(self) -> str:
        return f"FeedError({self.kind!r}, {str(self)!r})"


#: Longest `server_sample`, in characters.
SAMPLE_CHARS = 80
_XML_ERROR_NAMES = {
    value: name for name, value in vars(etree.ErrorTypes).items() if name.startswith("ERR_")
}
_PRINTABLE = frozenset(b"\t\n\r") | frozenset(range(0x20, 0x7F))


def server_sample(text: str | bytes, limit: int = SAMPLE_CHARS) -> str:
    """Server text for a DEBUG log line: whitespace collapsed, cut to `limit` characters and
    escaped like a Python literal (no control characters or terminal escapes get through)."""
    if isinstance(text, bytes):
        text = text[: limit * 4].decode("utf-8", "replace")
    shown = " ".join(text.split())
    cut = len(shown) > limit
    return ascii(shown[:limit]) + (" ..." if cut else "")


def xml_error_summary(error: etree.XMLSyntaxError | etree._LogEntry) -> str:
    """What libxml2 found and where (`tag name mismatch at line 3, column 7`), without its
    message, which quotes the body (element and entity names). Takes the exception lxml
    raises or an entry of a recover-mode parser's error log."""
    code = getattr(error, "code", None)
    if code is None:
        code = getattr(error, "type", None)
    name = _XML_ERROR_NAMES.get(code, "")
    what = name.removeprefix("ERR_").replace("_", " ").lower() or "XML syntax error"
    if getattr(error, "position", None):
        line, column = error.position
    else:
        line = getattr(error, "line", None) or getattr(error, "lineno", None)
        column = getattr(error, "column", 0)
    where = f" at line {line}" if line else ""
    if where and column:
        where += f", column {column}"
    return what + where


def body_kind(head: bytes | str) -> str:
    """`plain text` or `binary data`: what a body that is not XML, HTML or JSON looks like,
    judged from its first bytes."""
    if isinstance(head, str):
        head = head.encode("utf-8", "replace")
    head = head[:512]
    if b"\x00" in head:
        return "binary data"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the end of the sample
            return "binary data"
    odd = sum(1 for byte in head if byte < 0x80 and byte not in _PRINTABLE)
    return "binary data" if odd * 10 > len(head) else "plain text"


def json_error_summary(exc: ValueError) -> str:
    """Where JSON broke (`at line 1, column 5`), without `json`'s message (it can quote)."""
    line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)
    if line:
        return f"at line {line}, column {column}"
    return getattr(exc, "summary", None) or "not JSON"  # jsonsafe's own errors say what


#: Longest source value (a title, an id) a skip reason quotes, in characters.
QUOTE_CHARS = 80


def quoted(text: object, limit: int = QUOTE_CHARS) -> str:
    """A source value as a skip reason quotes it: one line, redacted, THEN cut to `limit`.

    Skip reasons reach `crawl_runs.detail` (published) and the crawl's printed lines. Cut
    first, a title would keep the first digits of an A-number or SSN that the cut split and
    the store's redaction (7-9 digits) no longer recognises; so the value is redacted whole
    (up to a margin past `limit` no identifier is longer than) and only then cut."""
    from monitor.redact import redact

    flat = " ".join(str(text or "").split())
    return (redact(flat[: limit + 200]) or "")[:limit]


def record_failed(label: str, exc: BaseException) -> str:
    """The `.skipped` reason for one record (item, entry, granule, result) whose reading raised.

    Parsers read records one by one and catch whatever goes wrong inside one record, so the
    others are kept; this reason names the record and the error type, and the traceback is
    logged as a warning, so a parser bug is seen and counted rather than hidden. The
    exception's message stays in the log: it can quote the body (`invalid literal for int()
    ...: '<what the server sent>'`), and the reason is published in `crawl_runs.detail`.
    """
    logger.warning("%s: skipped, %s while reading it", label, type(exc).__name__, exc_info=exc)
    return f"{label}: skipped, {type(exc).__name__} while reading it"
