"""Spider for PACER's public court RSS feeds: one request per court, one batch item per feed.

Thin by design: parsing is `crawler.parsers.pacer_rss.parse_feed`, storing is the pipeline.
Quirks handled:
- every court feed is fetched once and yielded as ONE batch item (all its entries), so the
  pipeline stores a court atomically and a broken court never leaves half a feed behind;
- courts answer with HTML error pages, empty bodies or truncated XML under a 200 status:
  `FeedError` becomes that court's result (`not_rss`, or `error` with the kind), never a crash;
- HTTP failures reach `errback` (after RetryAfterMiddleware's retries): 404/410 → `missing`,
  403 → `blocked`, 5xx/429 → `error`; timeouts, DNS and refused connections → `error`;
- robots.txt refusals arrive as `IgnoreRequest` → `blocked` (the feed was never requested);
- a feed whose links name only another court's CM/ECF host (a mirror serving the wrong file)
  is not stored: every entry would be filed under the wrong court. The run is `error` with
  kind `wrong_court` (`crawler.parsers.feed_court`);
- a redirect away from the court's hosts is not followed (`crawler.redirects`):
  `RedirectRefused` → `error`, kind `redirect`;
- `url_template` (`http://127.0.0.1:8000/{court}/rss.xml`) replaces the PACER address for
  tests and mirrors; without it `monitor.courts.feed_url` gives district or appellate URLs;
- requests and HTTP statuses are counted per court from the downloader signals
  (`response_downloaded` sees every attempt, `response_received` only the last), so retried
  429/5xx answers show up in `crawl_runs.detail`;
- PACER sends no validators, so an unchanged feed is found by its fingerprint (minus the
  `<lastBuildDate>` a generated feed may restamp): `crawler.conditional`; the feed is then not
  parsed and nothing is stored (the run is `ok`, `unchanged`). An unreadable feed is never
  recorded, so the same broken body fails again next time.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable
from typing import Any

from scrapy.http import Request, Response

from crawler.completion import tracked
from crawler.failures import unusable
from crawler.parsers.errors import FeedError
from crawler.parsers.feed_court import foreign_court
from crawler.parsers.pacer_rss import parse_feed
from crawler.runstats import RunLedger
from crawler.spiders.base import SourceSpider

logger = logging.getLogger(__name__)

SOURCE = "pacer_rss"


class PacerRssSpider(SourceSpider):
    """Fetch each court's RSS feed and hand the parsed entries on as one batch per court."""

    name = "pacer_rss"
    source = SOURCE

    def __init__(
        self,
        courts: str | Iterable[str] | None = None,
        url_template: str | None = None,
        *args: Any,
        **kwargs: Any,
    ):
        if url_template is not None and "{court}" not in url_template:
            raise ValueError(f"url_template must contain {{court}}: {url_template!r}")
        super().__init__(courts, *args, **kwargs)
        self.url_template = url_template
        # One feed per court: a court's run is over as soon as it finishes.
        self.ledger = RunLedger(
            {court: self.feed_url(court) for court in self.courts}, over_when_finished=True
        )

    def feed_url(self, court: str) -> str:
        if self.url_template:
            return self.url_template.format(court=court)
        from monitor.courts import feed_url

        return feed_url(court)

    def home_urls(self, request: Request) -> list[str]:
        """Where this court's feed may redirect (`crawler.redirects`): its own address's host
        (with the court's `*.{court}.uscourts.gov` hosts when it is PACER's)."""
        court = request.meta.get("court")
        return [self.feed_url(court)] if court in self.ledger.runs else []

    async def start(self) -> AsyncIterator[Request]:
        for run in self.ledger:
            run.begin()
            yield Request(
                run.url,
                callback=self.parse,
                errback=self.errback,
                meta={"court": run.court, "incremental": True, "fingerprint": "rss"},
                dont_filter=True,
            )

    # -- results ---------------------------------------------------------------------------------

    def on_unchanged(self, response: Response) -> None:
        """The feed is as it was when last stored: the court's run is over."""
        self.ledger[response.meta["court"]].finish()

    @tracked
    def parse(self, response: Response, **kwargs: Any) -> Iterable[dict[str, Any]]:
        court = response.meta["court"]
        run = self.ledger[court]
        try:
            feed = parse_feed(response.body, court)
        except FeedError as exc:
            kind = getattr(exc, "kind", None) or "malformed"
            status = "not_rss" if kind == "not_rss" else "error"
            message = unusable(exc, response, court)
            logger.warning("%s: %s (%s)", court, message, response.url)
            run.fail(status, message, kind=kind)
            return
        except Exception as exc:  # a parser bug must not sink the other courts
            # the exception's text may quote the body: the traceback goes to the log only
            logger.exception("%s: parser failed on %s", court, response.url)
            run.fail("error", f"parser crashed: {type(exc).__name__}", kind="parser")
            return
        foreign = foreign_court(feed.items, court)
        if foreign:  # another court's feed: its entries would all be filed under `court`
            message = (
                f"wrong court: the feed's links are on ecf.{foreign}.uscourts.gov, so it is "
                f"{foreign}'s feed, not {court}'s; nothing stored"
            )
            logger.warning("%s: %s (%s)", court, message, response.url)
            run.fail("error", message, kind="wrong_court")
            return
        run.entry_types = feed.entry_types or None
        yield {
            "court": court,
            "url": response.url,
            "status": response.status,
            "items": list(feed.items),
            "skipped": list(feed.skipped),
            "problems": [str(p) for p in getattr(feed, "problems", None) or []],
            "entry_types": feed.entry_types,
        }
