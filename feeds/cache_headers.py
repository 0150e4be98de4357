"""`Cache-Control` on every page that lacks one (issue 15: fit for a public host).

Datasette 0.65 sets `Cache-Control: max-age=<default_cache_ttl>` on its table, row, query and
JSON pages, and the feeds set their own (with an ETag); the home page, custom pages
(`/about`), plugin pages (`/-/feeds`, the event and case pages) and `robots.txt` went out with
none, so a cache in front of the site could not keep them. This wrapper adds the same short
max-age to a 200 answer to GET or HEAD that has no Cache-Control of its own; any other answer
(errors, redirects, 304s, the 405 of the read-only wrapper) is left alone.
"""

from __future__ import annotations


def wrap(app, max_age: int):
    header = (b"cache-control", f"max-age={int(max_age)}".encode())

    async def with_cache_headers(scope, receive, send):
        if scope.get("type") != "http" or scope.get("method", "GET") not in ("GET", "HEAD"):
            await app(scope, receive, send)
            return

        async def send_with_header(message):
            if message["type"] == "http.response.start" and message.get("status") == 200:
                headers = list(message.get("headers") or [])
                if not any(name.lower() == b"cache-control" for name, _ in headers):
                    message = {**message, "headers": [*headers, header]}
            await send(message)

        await app(scope, receive, send_with_header)

    return with_cache_headers
