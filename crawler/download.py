"""HTTP/1.1 download handler that never re-sends a request behind Scrapy's back.

Quirk handled: Twisted's `HTTPConnectionPool` has `retryAutomatically = True`, and Scrapy's
HTTP/1.1 handler keeps that default: when a reused keep-alive connection is reset before the
answer, the pool silently sends the request again. Scrapy (and so `crawl_runs.requests`, the
per-status counts and the API budget middleware) never sees the first attempt. With the pool's
retry off, the reset reaches `RetryMiddleware`, which retries it as any other failure: counted,
after the download delay, and within `RETRY_TIMES`.
"""

from __future__ import annotations

from typing import Any

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler


class CountedRetriesDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler with the connection pool's hidden retry turned off."""

    def __init__(self, crawler: Any):
        super().__init__(crawler)
        self._pool.retryAutomatically = False
