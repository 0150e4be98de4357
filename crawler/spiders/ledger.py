"""Fetch-side bookkeeping every spider shares: requests, retries and HTTP statuses per run.

A spider with a `ledger` (`crawler.runstats.RunLedger`) and requests whose `meta["court"]`
names a run gets these counted from Scrapy's downloader signals, so retries and redirects are
seen as the downloader sees them. robots.txt requests carry no court and are not counted.
Each final answer (`response_received`, after the downloader middlewares) is counted as read or
unchanged (`crawler.conditional`), and `self.fetches` (`crawler.completion.FetchTracker`) keeps
track of which responses were fully processed.

When a court's run is over, the ledger's `report()` sends the `court_reported` signal (with
`run`, a `crawler.runstats.CourtRun`): `crawler.run.crawl(on_court=...)` listens to it to
print a line per court while the crawl goes on. It goes through `send_catch_log`, so a
listener that fails (a closed stdout) is logged and never stops the crawl.
"""

from __future__ import annotations

import functools
from typing import Any

import scrapy
from scrapy import signals
from scrapy.http import Request, Response

from crawler.completion import FetchTracker

court_reported = object()  # Scrapy signal: a court's run is over (kwargs: `run`)


def _report(crawler: Any, run: Any) -> None:
    crawler.signals.send_catch_log(signal=court_reported, run=run)


class LedgerSpider(scrapy.Spider):
    """A spider whose `self.ledger` counts what each run asked for and got back."""

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> Any:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.fetches = FetchTracker()
        spider.ledger.listener = functools.partial(_report, crawler)
        crawler.signals.connect(spider._on_request, signal=signals.request_reached_downloader)
        crawler.signals.connect(spider._on_response, signal=signals.response_downloaded)
        crawler.signals.connect(spider._on_answer, signal=signals.response_received)
        return spider

    def _on_request(self, request: Request, spider: Any = None) -> None:
        court = request.meta.get("court")
        if court in self.ledger.runs:
            run = self.ledger[court]
            run.requests += 1
            run.retries = max(run.retries, request.meta.get("retry_times", 0))

    def _on_response(self, response: Response, request: Request, spider: Any = None) -> None:
        court = request.meta.get("court")
        if court in self.ledger.runs:
            self.ledger[court].http_status[response.status] += 1

    def _on_answer(self, response: Response, request: Request, spider: Any = None) -> None:
        court = request.meta.get("court")
        if court in self.ledger.runs:
            self.ledger[court].answered(request.meta.get("unchanged"), response.status)
