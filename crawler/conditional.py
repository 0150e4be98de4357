"""Conditional requests: ask with the validators of the last fully stored answer, spot unchanged.

Design choice. Scrapy's own `HTTPCACHE` with `RFC2616Policy` (ecosystem.md §4d) was not used:
- it writes its cache when a response arrives, before the pipeline has stored anything, so a
  crawl killed (or a store failing) after the download would find a 304 next time and skip a
  body whose records were never stored: data lost. Here the state is written only after the
  records are (`crawler.completion`), in the store itself (`monitor.fetch_state`, one file
  to back up, readable in Datasette);
- it does not store a 200 without validators or expiry, which is what PACER RSS sends, so the
  most polled source would never be found unchanged; here a body fingerprint (sha256) does it;
- it needs two workarounds to always revalidate (`no-cache` ignored, `max-age=0` sent), keeps
  a second copy of every body on disk, and answers a 304 with the cached body, which the
  spider would have to recognise and skip anyway.

`ConditionalRequestMiddleware` (downloader middleware, after `HttpCompressionMiddleware` in
the response path so fingerprints are of decoded bodies) acts only on requests with
`meta["incremental"]` (never on robots.txt, never on requests the spiders did not opt in):
- on the way out it adds `If-None-Match` / `If-Modified-Since` from the URL's recorded state
  (a redirect target gets its own, or none);
- a 304 to such a request is flagged `meta["unchanged"] = "not_modified"` and let through to
  the callback (`handle_httpstatus_list`); a 200 gets `meta["fetch_new"]`, the state to record
  once it is fully stored, and is flagged `"same_bytes"` when its fingerprint equals the
  recorded one (`meta["fingerprint"]` names volatile parts to ignore, e.g. `"rss"`);
- it writes nothing. 304s are real requests: the budget middleware (innermost) counts them.
`SEALTRAIL_INCREMENTAL = False` turns the asking and skipping off (states are still recorded).

A recorded state is not trusted (no validators sent, nothing skipped; the body is read in
full and recorded again) when:
- its `profile` differs from this crawl's (`processing_profile`: `PROCESSING_VERSION`,
  `keep_all_cases`, the spider's `fetch_profile`, e.g. GovInfo's `fetch_text`): the same
  bytes would give other records;
- it was stored more than `SEALTRAIL_REREAD_AFTER_HOURS` (default 6) ago: what the store
  keeps of a body also depends on the store (an entry is dropped while its case is not known
  to be immigration-related; enrichment may learn that later), so an unchanged feed is still
  read in full a few times a day.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from scrapy.http import Request, Response

from crawler.runstats import utc_now
from monitor.fetch_state import FetchState, fingerprint

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

VALIDATOR_HEADERS = ("If-None-Match", "If-Modified-Since")
# Bump when a parser or the pipeline makes other records of the same bytes.
PROCESSING_VERSION = 1


def processing_profile(settings: Any, spider: Any) -> str:
    """What besides the bytes decides the records a body gives (see the module docstring)."""
    keep_all = int(settings.getbool("SEALTRAIL_KEEP_ALL_CASES", False))
    extra = getattr(spider, "fetch_profile", "") or ""
    return f"v{PROCESSING_VERSION};keep_all_cases={keep_all}" + (f";{extra}" if extra else "")


def _older_than(stamp: str, hours: float) -> bool:
    try:
        stored = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return True
    return datetime.fromisoformat(utc_now()) - stored > timedelta(hours=hours)


class ConditionalRequestMiddleware:
    """See the module docstring."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.enabled = crawler.settings.getbool("SEALTRAIL_INCREMENTAL", True)
        self.reread_after = crawler.settings.getfloat("SEALTRAIL_REREAD_AFTER_HOURS", 6.0)
        self._profile: str | None = None

    @property
    def profile(self) -> str:
        if self._profile is None:
            self._profile = processing_profile(self.crawler.settings, self.crawler.spider)
        return self._profile

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequestMiddleware:
        return cls(crawler)

    def _tracker(self) -> Any:
        return getattr(self.crawler.spider, "fetches", None)

    def process_request(self, request: Request, spider: Any = None) -> None:
        meta = request.meta
        if not meta.get("incremental"):
            return None
        prior: FetchState | None = meta.get("fetch_prior")
        if prior is not None and prior.url == request.url:
            return None  # a retry: the validators are on it already
        if prior is not None:  # redirected: the old URL's validators do not apply
            for name in VALIDATOR_HEADERS:
                request.headers.pop(name, None)
            meta.pop("fetch_prior", None)
        tracker = self._tracker()
        prior = tracker.prior(request.url) if tracker is not None and self.enabled else None
        if prior is not None and not self._trusted(prior):
            self._inc("conditional/reread")
            prior = None
        if prior is None:
            return None
        meta["fetch_prior"] = prior
        for name, value in prior.validators().items():
            request.headers.setdefault(name, value)
        self._inc("conditional/asked" if prior.validators() else "conditional/known")
        return None

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Response:
        meta = request.meta
        if not meta.get("incremental"):
            return response
        prior: FetchState | None = meta.get("fetch_prior")
        if response.status == 304 and prior is not None:
            meta["unchanged"] = "not_modified"
            meta["handle_httpstatus_list"] = [*meta.get("handle_httpstatus_list", ()), 304]
            self._inc("conditional/not_modified")
            return response
        if response.status != 200:
            return response
        headers = response.headers
        state = FetchState(
            url=request.url,
            etag=_header(headers, b"ETag"),
            last_modified=_header(headers, b"Last-Modified"),
            sha256=fingerprint(response.body, meta.get("fingerprint")),
            status=response.status,
            fetched=utc_now(),
            profile=self.profile,
        )
        meta["fetch_new"] = state
        if self.enabled and prior is not None and prior.sha256 == state.sha256:
            meta["unchanged"] = "same_bytes"
            self._inc("conditional/same_bytes")
        return response

    def _trusted(self, prior: FetchState) -> bool:
        return prior.profile == self.profile and not _older_than(prior.stored, self.reread_after)

    def _inc(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)


def _header(headers: Any, name: bytes) -> str | None:
    value = headers.get(name)
    if not value:
        return None
    return value.decode("latin-1").strip() or None
