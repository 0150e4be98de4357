"""`SourceSpider`: what every source's spider shares, so a new source writes only its own.

- `__init__(courts, fetch_policy)`: the courts to crawl (`court_list`: a comma-separated
  string or an iterable, lower-cased, duplicates and blanks dropped, in order; None means
  every default court) and the `crawler.policy.FetchPolicy` the composition root hands over
  (`NoPolicy` without one: fetch nothing in full);
- `failure_outcome(failure)`: the run status, message and kind of a request that failed for
  good (after RetryAfterMiddleware's retries): 404/410 → `missing`, 401/403 → `blocked`,
  other HTTP statuses → `error`; a refused redirect (`crawler.redirects`) → `error`, kind
  `redirect`; robots.txt refusals (`IgnoreRequest`) → `blocked`, kind `robots`; timeouts, DNS
  and refused connections → `error`, kind `network` (`crawler.failures.describe`);
- `errback`: the court named in `meta["court"]` fails with that outcome, once, and the log
  says why. Spiders whose requests depend on each other (GovInfo, CourtListener) override it
  and reuse `failure_message` / `failure_outcome`.

A spider sets `name` and `source` (its declaration's name in `monitor.sources`), builds
`self.ledger` (`crawler.runstats.RunLedger`) and yields requests with `errback=self.errback`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.failures import describe
from crawler.policy import FetchPolicy, NoPolicy
from crawler.redirects import RedirectRefused
from crawler.spiders.ledger import LedgerSpider

MISSING_STATUSES = frozenset({404, 410})
BLOCKED_STATUSES = frozenset({401, 403})
ROBOTS_MESSAGE = "forbidden by robots.txt"


def court_list(courts: str | Iterable[str] | None) -> list[str]:
    """Court ids in order, lower-cased, once each; None: every default court."""
    if courts is None:
        from monitor.courts import default_courts

        return list(default_courts())
    if isinstance(courts, str):
        courts = courts.split(",")
    seen: dict[str, None] = {}
    for court in courts:
        court = court.strip().lower()
        if court:
            seen.setdefault(court, None)
    return list(seen)


def failure_message(failure: Failure) -> str:
    """`HTTP 503 after 2 retries`, `forbidden by robots.txt`, the redirect refused, or the
    network failure in words (never the response body)."""
    exc = failure.value
    if failure.check(HttpError):
        retries = failure.request.meta.get("retry_times", 0)
        return f"HTTP {exc.response.status}" + (f" after {retries} retries" if retries else "")
    if failure.check(IgnoreRequest) and "robots" in str(exc).lower():
        return ROBOTS_MESSAGE
    if failure.check(RedirectRefused):
        return str(exc)
    return describe(exc)


def failure_outcome(failure: Failure) -> tuple[str, str, str]:
    """(run status, message, kind) of a request that failed for good; see the module."""
    message = failure_message(failure)
    if failure.check(HttpError):
        status = failure.value.response.status
        if status in MISSING_STATUSES:
            return "missing", message, "http"
        if status in BLOCKED_STATUSES:
            return "blocked", message, "http"
        return "error", message, "http"
    if failure.check(RedirectRefused):
        return "error", message, "redirect"
    if message == ROBOTS_MESSAGE:
        return "blocked", message, "robots"
    return "error", message, "network"


class SourceSpider(LedgerSpider):
    """A source's spider: courts, fetch policy and the failure handling all sources share."""

    source = ""

    def __init__(
        self,
        courts: str | Iterable[str] | None = None,
        *args: Any,
        fetch_policy: FetchPolicy | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.courts = court_list(courts)
        self.fetch_policy = fetch_policy or NoPolicy()

    def errback(self, failure: Failure) -> Any:
        """The request's court fails with `failure_outcome` (a court not in this crawl, e.g.
        a stray request, is ignored)."""
        request = failure.request
        court = request.meta.get("court")
        if court not in self.ledger.runs:
            return None
        run = self.ledger[court]
        status, message, kind = failure_outcome(failure)
        run.fail(status, message, kind=kind)
        logging.getLogger(type(self).__module__).warning(
            "%s: %s (%s)", court, run.errors[-1], request.url
        )
        return None
