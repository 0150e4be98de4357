"""Downloader middlewares that make Scrapy as polite as the README promises.

`SafeRobotsTxtMiddleware` — Scrapy 2.14 to 2.19 (at least) lose robots.txt rules for some
requests: while robots.txt for a host is being fetched, every further request to that host
awaits one shared Deferred through `Deferred.asFuture`, which *consumes* its result, so the
first waiter gets the parser and every later waiter gets `None`, which the stock middleware
reads as "no robots.txt, allow everything". With three or more requests to one host in flight
at start-up, disallowed URLs were fetched. Here each waiter gets its own Deferred, chained to
the shared one by a callback that passes the result on, so every waiter sees the parser.

`RetryAfterMiddleware` — Scrapy's `RetryMiddleware` retries 429 and 503 at once and ignores
`Retry-After`. This subclass reads `Retry-After` (delta-seconds or an HTTP-date), caps it at
`RETRY_AFTER_MAX`, and pauses the whole download slot (host) for that long — the retry and every
other request to the host, including ones already queued — without blocking the reactor: the
pause is set from the `response_downloaded` signal, before the downloader frees the slot, and
`PoliteDownloader` schedules the slot's next turn with a timer. (`process_request` also awaits
a timer for requests arriving during a pause, so the pause holds with the stock downloader
too, except for requests already queued.) Retries are counted and given up after
`RETRY_TIMES` exactly as the stock middleware does (same meta keys, same stats); the final
response then goes on to the spider's errback, which records the failure. Without
`Retry-After` it behaves like the stock middleware (the retry still waits the slot's delay).

`PoliteDownloader` — the downloader with those per-host pauses, and a fix for Scrapy 2.19
ignoring `CONCURRENT_REQUESTS_PER_DOMAIN` when the download delay is 0 (see its docstring).

`BudgetMiddleware` — per-source API call budgets (`crawler/budget.py`) for requests with
`meta["budget"]`: waits out a full minute window, drops the request with `BudgetExhausted` when
an hour or day window is full, and records every call that goes out (retries included).
"""

from __future__ import annotations

import email.utils
import logging
import time
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.core.downloader import Downloader
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import Request, Response
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.response import response_status_message
from twisted.internet.defer import Deferred, DeferredLock

from crawler.budget import (
    DEFAULT_MAX_WAIT,
    BudgetExhausted,
    CallBudget,
    CredentialsRefused,
    Decision,
    budget_name,
    refuses_credentials,
    resolve_budgets,
)

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.robotstxt import RobotParser

logger = logging.getLogger(__name__)

try:  # Scrapy >= 2.18 (private helpers, used only by PoliteDownloader)
    from scrapy.utils.asyncio import call_later as _call_later
    from scrapy.utils.defer import _schedule_coro
except ImportError:  # pragma: no cover - older Scrapy
    _call_later = None

try:  # Scrapy >= 2.18
    from scrapy.utils.asyncio import sleep as _sleep
except ImportError:  # pragma: no cover - older Scrapy

    async def _sleep(seconds: float) -> None:
        from twisted.internet import reactor
        from twisted.internet.task import deferLater

        await maybe_deferred_to_future(deferLater(reactor, seconds, lambda: None))


class SafeRobotsTxtMiddleware(RobotsTxtMiddleware):
    """`RobotsTxtMiddleware` where every request waiting for robots.txt gets the parser.

    Only the waiting path is changed; fetching, parsing, stats, the `robots_parsed` signal and
    the "robots.txt unavailable → allow" rule are Scrapy's own. In addition, a `Crawl-delay`
    for our user agent (which Scrapy ignores) becomes the host's minimum delay between
    requests in `PoliteDownloader`, capped at `ROBOTSTXT_CRAWL_DELAY_MAX` seconds.
    """

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        self._crawl_delay_max = crawler.settings.getfloat("ROBOTSTXT_CRAWL_DELAY_MAX", 60.0)
        crawler.signals.connect(self._on_robots_parsed, signal=signals.robots_parsed)

    def _on_robots_parsed(self, robotparser: RobotParser, request: Request) -> None:
        agent = self._robotstxt_useragent or request.headers.get(
            b"User-Agent", self._default_useragent
        )
        get_delay = getattr(robotparser, "crawl_delay", None)
        delay = get_delay(agent) if get_delay else None
        downloader = getattr(getattr(self.crawler, "engine", None), "downloader", None)
        if not delay or delay <= 0 or not isinstance(downloader, PoliteDownloader):
            return
        delay = min(float(delay), self._crawl_delay_max)
        key = downloader.get_slot_key(request)
        downloader.set_min_delay(key, delay)
        self._stats.set_value(f"robotstxt/crawl_delay/{key}", delay)
        logger.info("robots.txt of %s asks for Crawl-delay %s: using %.1fs", key, delay, delay)

    async def robot_parser(self, request: Request) -> RobotParser | None:
        netloc = urlparse_cached(request).netloc
        pending = self._parsers.get(netloc)
        if isinstance(pending, Deferred):
            # Another request is fetching robots.txt: wait on a private Deferred so the shared
            # one keeps its result for the other waiters.
            mine: Deferred = Deferred()

            def _relay(result: Any) -> Any:
                mine.callback(result)
                return result

            pending.addBoth(_relay)
            return await maybe_deferred_to_future(mine)
        return await super().robot_parser(request)


def parse_retry_after(value: bytes | str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` value (`120` or an HTTP-date); None if unusable."""
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = datetime.now(UTC).timestamp() if now is None else now
    return max(0.0, when.timestamp() - current)


class RetryAfterMiddleware(RetryMiddleware):
    """`RetryMiddleware` that honours `Retry-After` on 429/503, per download slot (host)."""

    RETRY_AFTER_STATUSES = frozenset({429, 503})

    def __init__(self, settings: Any):
        super().__init__(settings)
        self.retry_after_max = settings.getfloat("RETRY_AFTER_MAX", 300.0)
        self._not_before: dict[str, float] = {}  # slot key -> monotonic time it may be used

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        middleware = cls(crawler.settings)
        middleware.crawler = crawler
        # response_downloaded fires before the downloader frees the slot for the next queued
        # request, so a pause set here also holds requests that are already queued.
        crawler.signals.connect(middleware._on_downloaded, signal=signals.response_downloaded)
        return middleware

    def _slot_key(self, request: Request) -> str:
        engine = getattr(self.crawler, "engine", None)
        downloader = getattr(engine, "downloader", None)
        if downloader is not None and hasattr(downloader, "get_slot_key"):
            return downloader.get_slot_key(request)
        return urlparse_cached(request).hostname or ""

    def _asked_wait(self, response: Response) -> float | None:
        if response.status not in self.RETRY_AFTER_STATUSES:
            return None
        return parse_retry_after(response.headers.get(b"Retry-After"))

    def _on_downloaded(self, response: Response, request: Request, spider: Any = None) -> None:
        asked = self._asked_wait(response)
        if asked is None:
            return
        wait = min(asked, self.retry_after_max)
        key = self._slot_key(request)
        self._not_before[key] = max(self._not_before.get(key, 0.0), time.monotonic() + wait)
        downloader = getattr(getattr(self.crawler, "engine", None), "downloader", None)
        if isinstance(downloader, PoliteDownloader):
            downloader.pause(key, wait)
        stats = self.crawler.stats
        if stats is not None:
            stats.inc_value("retry_after/count")
            stats.max_value("retry_after/max_wait", wait)
            if asked > self.retry_after_max:
                stats.inc_value("retry_after/capped")
        logger.info(
            "%s answered %s with Retry-After %r: pausing host %s for %.1fs",
            request.url,
            response.status,
            response.headers.get(b"Retry-After", b"").decode("latin-1"),
            key,
            wait,
        )

    async def process_request(self, request: Request, spider: Any = None) -> None:
        """Hold new requests while their host is in a Retry-After pause."""
        wait = self._not_before.get(self._slot_key(request), 0.0) - time.monotonic()
        if wait > 0:
            logger.debug("Waiting %.1fs (Retry-After) before %s", wait, request)
            await _sleep(wait)
        return None

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response  # gave up: the spider's errback records the failure
        return retry


class PoliteDownloader(Downloader):
    """Scrapy's downloader, with per-host pauses and per-host concurrency that holds.

    - `pause(key, seconds)`: nothing is sent through that slot until the time has passed
      (used by `RetryAfterMiddleware`; requests already queued in the slot wait too);
    - `set_min_delay(key, seconds)`: a floor under the slot's delay that AutoThrottle cannot
      lower (robots.txt `Crawl-delay`, set by `SafeRobotsTxtMiddleware`);
    - Scrapy 2.19 under the asyncio reactor (its default) ignores
      `CONCURRENT_REQUESTS_PER_DOMAIN` when the download delay is 0: `_process_queue` marks a
      request as transferring only once its task starts, which is after the loop that hands out
      transfer slots has already drained the whole queue. Here the slot is reserved before the
      task is scheduled. (With a non-zero delay Scrapy sends one request per turn anyway.)
    The override mirrors `Downloader._process_queue` of Scrapy 2.19; if those private hooks
    are missing (another Scrapy), the stock method is used and only the pauses are lost.
    """

    _HOOKS = ("_process_queue", "_latercall", "_wait_for_download")

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        self._paused_until: dict[str, float] = {}
        self._min_delay: dict[str, float] = {}
        self._patched = _call_later is not None and all(hasattr(Downloader, h) for h in self._HOOKS)

    def pause(self, key: str, seconds: float) -> None:
        until = time.monotonic() + max(0.0, seconds)
        self._paused_until[key] = max(self._paused_until.get(key, 0.0), until)

    def set_min_delay(self, key: str, seconds: float) -> None:
        self._min_delay[key] = max(0.0, seconds)

    def _key_of(self, slot: Any) -> str | None:
        return next((key for key, value in self.slots.items() if value is slot), None)

    def _process_queue(self, slot: Any) -> None:
        if not self._patched:  # pragma: no cover - other Scrapy versions
            return super()._process_queue(slot)
        if slot.latercall:
            return
        now = time.monotonic()
        key = self._key_of(slot) or ""
        paused = self._paused_until.get(key, 0.0) - now
        if paused > 0:
            slot.latercall = _call_later(paused, self._latercall, slot)
            return
        delay = max(slot.download_delay(), self._min_delay.get(key, 0.0))
        if delay:
            penalty = delay - now + slot.lastseen
            if penalty > 0:
                slot.latercall = _call_later(penalty, self._latercall, slot)
                return
        while slot.queue and slot.free_transfer_slots() > 0:
            slot.lastseen = now
            request, queue_dfd = slot.queue.popleft()
            slot.transferring.add(request)  # reserve now; the task adds it again when it runs
            _schedule_coro(self._wait_for_download(slot, request, queue_dfd))
            if delay:
                self._process_queue(slot)
                break


class BudgetMiddleware:
    """Hold budgeted requests to their source's API call budget (`crawler.budget`).

    Only requests with `meta["budget"]` (a source name) are touched. Quirks handled:
    - registered innermost (after every other downloader middleware), so the budget is checked
      only for requests that really go out (robots.txt refusals are not counted) and after
      any Retry-After pause; every retry and redirect passes through again and counts as a
      call, as the API counts it;
    - one lock per source (FIFO): a request that waits for the minute window keeps its place,
      later requests of that source queue behind it instead of overtaking. The wait is a timer
      (`scrapy.utils.asyncio.sleep`), not a blocking sleep, and it holds no download slot:
      unbudgeted requests to the host go on, still one at a time (`PoliteDownloader`);
    - a call counts from the moment it is acquired; it is re-timed when its answer (or error)
      comes back, so a request that sat in the download queue is never undercounted;
    - a 401 (or a 403 that says so, `crawler.budget.refuses_credentials`) means the source
      refused the token or key: the source's later
      requests in this crawl are not made (`CredentialsRefused`, an `IgnoreRequest`, reaches
      the spider's errback) and not counted;
    - exhausted → `BudgetExhausted` (an `IgnoreRequest`) reaches the spider's errback; one
      WARNING per source and window per crawl, later ones at DEBUG; one INFO line per wait;
      logs name the source and the URL path only (never queries or headers, which hold keys).
    Stats: `budget/<source>/calls`, `.../waits`, `.../wait_seconds`, `.../exhausted`.
    """

    WAIT_MARGIN = 0.01  # seconds added to each wait: timers may fire a hair early

    def __init__(self, crawler: Crawler):
        from crawler import settings as project_settings

        settings = crawler.settings
        self.crawler = crawler
        self.db_path: str = settings.get("SEALTRAIL_DB")
        self.budgets = resolve_budgets(
            settings.getdict("SEALTRAIL_BUDGETS"), project_settings.SEALTRAIL_BUDGETS
        )
        self.max_wait = settings.getfloat("SEALTRAIL_BUDGET_MAX_WAIT", DEFAULT_MAX_WAIT)
        self.windows = {
            k: float(v) for k, v in (settings.getdict("SEALTRAIL_BUDGET_WINDOWS") or {}).items()
        }
        self.db: Any = None
        self._budgets: dict[str, CallBudget] = {}
        self._locks: dict[str, DeferredLock] = {}
        self._calls: dict[Request, tuple[CallBudget, int]] = {}
        self._warned: set[tuple[str, str | None]] = set()
        self._refused: dict[str, int] = {}  # source -> the 401/403 status it answered

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BudgetMiddleware:
        middleware = cls(crawler)
        crawler.signals.connect(middleware._close, signal=signals.spider_closed)
        return middleware

    def _budget(self, request: Request) -> CallBudget:
        name = budget_name(request.meta["budget"], self.budgets, request.url, request.headers)
        if name not in self._budgets:
            if name not in self.budgets:
                known = ", ".join(sorted(self.budgets))
                raise ValueError(f"unknown API budget {name!r} (known: {known})")
            if self.db is None:
                self.db = self._open_store()
            self._budgets[name] = CallBudget(
                self.db, name, self.budgets[name], max_wait=self.max_wait, windows=self.windows
            )
        return self._budgets[name]

    def _open_store(self) -> Any:
        """Where the calls are counted: the store at `SEALTRAIL_DB` (a worker spread over
        machines counts in Redis instead: `crawler.distributed.budgets`)."""
        from monitor.schema import connect

        return connect(self.db_path)

    async def process_request(self, request: Request, spider: Any = None) -> None:
        source = request.meta.get("budget")
        if not source:
            return None
        self._check_refused(source)
        budget = self._budget(request)
        lock = self._locks.setdefault(budget.source, DeferredLock())
        await maybe_deferred_to_future(lock.acquire())
        try:
            self._check_refused(source)  # refused while this request waited its turn
            decision = await self._take_turn(budget, request)
        finally:
            lock.release()
        assert decision.call_id is not None
        self._calls[request] = (budget, decision.call_id)
        self._inc(f"budget/{budget.source}/calls")
        return None

    def _check_refused(self, source: str) -> None:
        if source in self._refused:
            self._inc(f"budget/{source}/refused")
            raise CredentialsRefused(source, self._refused[source])

    async def _take_turn(self, budget: CallBudget, request: Request) -> Decision:
        """Acquire a call, waiting out minute windows up to `max_wait` in all."""
        waited = 0.0
        while True:
            decision = budget.acquire()
            if decision.allowed:
                return decision
            if not decision.exhausted and waited + decision.wait > self.max_wait:
                decision = replace(decision, exhausted=True, wait=0.0)
            if decision.exhausted:
                raise self._exhausted(budget, decision, request)
            self._log_wait(budget, decision, request, first=not waited)
            await _sleep(decision.wait + self.WAIT_MARGIN)
            waited += decision.wait + self.WAIT_MARGIN

    def _log_wait(
        self, budget: CallBudget, decision: Decision, request: Request, first: bool
    ) -> None:
        """INFO for a request's first wait; a re-check that must wait again is DEBUG."""
        if first:
            self._inc(f"budget/{budget.source}/waits")
        stats = self.crawler.stats
        if stats is not None:
            stats.max_value(f"budget/{budget.source}/wait_seconds", decision.wait)
        logger.log(
            logging.INFO if first else logging.DEBUG,
            "%s API budget: %d calls in the last %s (limit %d); %s waits %.1fs",
            budget.source,
            decision.count,
            decision.window,
            decision.limit,
            urlparse_cached(request).path,
            decision.wait,
        )

    def _exhausted(
        self, budget: CallBudget, decision: Decision, request: Request
    ) -> BudgetExhausted:
        error = decision.error(budget.source)
        self._inc(f"budget/{budget.source}/exhausted")
        first = (budget.source, decision.window) not in self._warned
        self._warned.add((budget.source, decision.window))
        level = logging.WARNING if first else logging.DEBUG
        logger.log(level, "%s (dropped %s)", error, urlparse_cached(request).path)
        return error

    def _finish(self, request: Request) -> None:
        held = self._calls.pop(request, None)
        if held is not None:
            budget, call_id = held
            budget.finish(call_id)

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Response:
        self._finish(request)
        if request.meta.get("budget") and refuses_credentials(response.status, response.body):
            self._refused.setdefault(request.meta["budget"], response.status)
        return response

    def process_exception(self, request: Request, exception: Exception, spider: Any = None) -> None:
        self._finish(request)
        return None

    def _inc(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)

    def _close(self, spider: Any = None) -> None:
        for budget, call_id in list(self._calls.values()):
            budget.finish(call_id)
        self._calls.clear()
        if self.db is not None:
            self.db.close()
            self.db = None
