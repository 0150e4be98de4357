"""What one HTTP request may ask of the public site, checked before Datasette sees it (issue 13).

`wrap(app)` is part of the plugin's `asgi_wrapper`:

- **Facets**: each facet a request adds (`_facet`, `_facet_array`, `_facet_date`) is one more
  query of up to `facet_time_limit_ms`; a request may add `FACETS_MAX` (the facets
  metadata.yml configures come on top). More is a 400.
- **The request's result budget** (`feeds.result_budget`): every request reads at most
  `RESULT_MAX_BYTES` of rows as JSON. With `_json=` Datasette turns JSON text into Python
  objects (an empty list, two bytes of text, becomes 80 bytes), so such a request's rows are
  charged `JSON_WEIGHT` times.
- **Memory given back**: once a response is sent, `feeds.release_memory` returns what the
  request left free to the system when the process has grown.
- **CSV streams** (`_stream=on`) read page after page: each page is bounded by the statement
  budget, the whole download by Datasette's `max_csv_mb`, and the time the server spends on it
  (not counting time waiting for a slow reader) by `STREAM_SECONDS_MAX`, past which the stream
  ends with a line saying so, as Datasette ends one that passes `max_csv_mb`.
"""

from __future__ import annotations

import html
import json
import time
from urllib.parse import parse_qsl

from feeds import release_memory
from feeds.result_budget import RESULT_MAX_BYTES, Budget, request_budget

FACET_PARAMS = ("_facet", "_facet_array", "_facet_date")
FACETS_MAX = 5
JSON_WEIGHT = 32
STREAM_SECONDS_MAX = 60.0


class StreamTooLong(Exception):
    """Raised into Datasette's CSV writer (through `send`) to end a stream."""


def wrap(app):
    async def limited(scope, receive, send):
        if scope.get("type") != "http":
            await app(scope, receive, send)
            return
        args = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        names = [name for name, _ in args]
        facets = sum(name in FACET_PARAMS for name in names)
        if facets > FACETS_MAX:
            message = (
                f"Too many facets: a page may add at most {FACETS_MAX} "
                f"(_facet, _facet_array, _facet_date); this one asks for {facets}."
            )
            await _refuse(scope, send, 400, "Too many facets", message)
            return
        streamed = scope.get("path", "").endswith(".csv")  # Datasette streams CSV only
        if streamed and any(name == "_stream" and value for name, value in args):
            budget, send = None, _timed_stream(send)
        elif "_json" in names:
            budget = Budget(
                RESULT_MAX_BYTES,
                JSON_WEIGHT,
                f" (1/{JSON_WEIGHT} of that with _json=, which turns JSON text into objects)",
            )
        else:
            budget = Budget(RESULT_MAX_BYTES)
        try:
            with request_budget(budget):
                await app(scope, receive, send)
        finally:
            release_memory.after_request()

    return limited


def _timed_stream(send):
    limit = STREAM_SECONDS_MAX
    started = time.monotonic()
    waiting = 0.0
    stopped = False

    async def timed_send(message):
        nonlocal waiting, stopped
        if (
            not stopped
            and message.get("type") == "http.response.body"
            and message.get("more_body")
            and time.monotonic() - started - waiting > limit
        ):
            stopped = True
            raise StreamTooLong(
                f"\nStream stopped: the server spent more than {limit:g} seconds on it. "
                "Narrow it with filters, or download it in parts (_next=, _size=).\n"
            )
        before = time.monotonic()
        try:
            await send(message)
        finally:
            waiting += time.monotonic() - before

    return timed_send


async def _refuse(scope, send, status: int, title: str, message: str) -> None:
    if scope.get("path", "").endswith(".json"):
        body = json.dumps({"ok": False, "error": message, "status": status, "title": title})
        content_type = b"application/json; charset=utf-8"
    else:
        body = (
            f"<!DOCTYPE html>\n<html><head><title>{html.escape(title)}</title></head>"
            f"<body><h1>{html.escape(title)}</h1><p>{html.escape(message)}</p></body></html>\n"
        )
        content_type = b"text/html; charset=utf-8"
    data = body.encode("utf-8")
    headers = [(b"content-type", content_type), (b"content-length", str(len(data)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": data})
