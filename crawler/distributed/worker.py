"""`sealtrail worker --redis URL`: a crawl worker that takes court jobs from Redis and sends
each court's records back; it never opens the SQLite store (the ingester is the one writer).

How a job goes (keys in `crawler.distributed.keys`):

1. The spider is a scrapy-redis `RedisMixin` spider. scrapy-redis 0.9.1 reads its queue only
   in `start_requests()`, which Scrapy 2.19 no longer calls (async `start()` support is
   rmax/scrapy-redis#316, unmerged), and in its `spider_idle` handler: this worker's
   `start()` yields nothing and jobs come through the spider-idle path. Scrapy signals idle
   on its 5-second heartbeat, so the worker also polls every `SEALTRAIL_WORKER_POLL` seconds
   while it holds no job.
2. scrapy-redis pops start URLs with `LRANGE` + `LTRIM`: a worker killed right after would lose
   them. `fetch_data` is replaced by `LMOVE` from the queue into this worker's `doing` list,
   one job at a time (atomic: a job is always in exactly one list).
3. Requests are made here, with `dont_filter=True`: a court's feed is polled at the same URL
   every cycle and a duplicate filter would drop every poll after the first. Only
   scrapy-redis's spider is used: its `Scheduler` and persistent `RFPDupeFilter` are not,
   because its queue pickles requests, and requests carry live objects in `meta` (the
   `crawler.completion` fetch nodes); a court's requests stay in the worker that took its
   job, with Scrapy's own scheduler and politeness. (Its scheduler and dupefilter are also
   what pass the `spider=` arguments Scrapy 2.19 warns about; the spider alone passes none.)
4. `ResultPipeline` keeps each court's records in memory. When the spider is idle (every
   request, callback and record of the taken jobs is done), each court's result goes onto
   its run's results list, and its job leaves the `doing` list, in one `MULTI`
   transaction: a worker killed before that leaves the job in `doing`, and once its
   heartbeat (`sealtrail:alive:<id>`, renewed every poll, expiring after
   `SEALTRAIL_WORKER_TTL` seconds) is gone the ingester puts the job back on the queue.
   Delivery is at least once: the ingester keeps the first result of a court per run.
5. Conditional requests work without a store: the job carries the feed's last fetch state
   (`WorkerFetchTracker.prior`), and the states to record travel back with the result; the
   ingester records them after storing the records.

Only PACER RSS (one request per court) is distributed so far; `SOURCES` lists what is.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

from scrapy import signals
from scrapy.http import Request
from scrapy_redis.spiders import RedisMixin

from crawler.completion import FetchTracker
from crawler.conditional import processing_profile
from crawler.distributed import keys, messages
from crawler.runstats import CourtRun
from crawler.spiders.pacer_rss import PacerRssSpider
from monitor.fetch_state import FetchState

logger = logging.getLogger(__name__)

SOURCES = ("pacer_rss",)
# Seconds between polls of the queue (while holding no job) and heartbeats.
POLL_S = 0.5
# Seconds without a heartbeat after which a worker counts as dead and loses its jobs.
TTL_S = 15.0


def new_worker_id() -> str:
    """`host-pid-xxxx`: unique, and says where the worker runs."""
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


class WorkerFetchTracker(FetchTracker):
    """Fetch tracking with no store: prior states come with the jobs, states to record go
    back with the results (`crawler.completion` decides *when* a state may be recorded)."""

    def __init__(self, spider: PacerRssWorker):
        super().__init__()
        self.spider = spider
        self.priors: dict[str, FetchState] = {}
        self.states: dict[str, FetchState] = {}  # url → state complete in this worker

    def prior(self, url: str) -> FetchState | None:
        state = self.priors.get(url)
        if state is None:
            return None
        # The ingester judged the state against its own profile (it knows keep_all_cases);
        # here only the bytes and validators matter.
        return replace(state, profile=self.spider.profile)

    def record(self, state: FetchState) -> None:
        self.states[state.url] = state
        self.recorded += 1


class PacerRssWorker(RedisMixin, PacerRssSpider):
    """PACER RSS court jobs from `sealtrail:jobs:pacer_rss`; see the module docstring."""

    name = "pacer_rss_worker"
    source = "pacer_rss"

    def __init__(self, worker_id: str | None = None, **kwargs: Any):
        super().__init__(courts=[], **kwargs)
        self.spider_idle_start_time = int(time.time())  # scrapy-redis sets it at import
        self.worker_id = worker_id or new_worker_id()
        self.redis_key = keys.jobs(self.source)
        self.jobs: dict[str, bytes] = {}  # court → its job's bytes
        self.records: dict[str, list[dict[str, Any]]] = {}
        self.urls: dict[str, str] = {}  # URL answered → court (for fetch states)
        self.profile = ""
        self._ticker: Any = None

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> PacerRssWorker:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.fetches = WorkerFetchTracker(spider)
        spider.profile = processing_profile(crawler.settings, spider)
        spider.setup_redis(crawler)
        spider.fetch_data = spider.take_jobs  # LMOVE, not scrapy-redis's LRANGE + LTRIM
        spider.redis_batch_size = crawler.settings.getint("SEALTRAIL_WORKER_COURTS", 8)
        crawler.signals.connect(spider._opened, signal=signals.spider_opened)
        crawler.signals.connect(spider._closed, signal=signals.spider_closed)
        crawler.signals.connect(spider._answered, signal=signals.response_received)
        return spider

    @property
    def doing_key(self) -> str:
        return keys.doing(self.worker_id)

    async def start(self) -> AsyncIterator[Request]:
        """Nothing up front: jobs come from Redis through `spider_idle` and the poll."""
        return
        yield  # an async generator

    # -- the queue ---------------------------------------------------------------------------

    def take_jobs(self, redis_key: str, batch_size: int) -> list[bytes]:
        taken = []
        while len(taken) + len(self.jobs) < batch_size:
            raw = self.server.lmove(redis_key, self.doing_key, "LEFT", "RIGHT")
            if raw is None:
                break
            taken.append(raw)
        return taken

    def make_request_from_data(self, data: bytes) -> Request | None:
        job = messages.read(data)
        court = job["court"]
        if job.get("source") != self.source or court in self.jobs:
            # another source's job, or the same court again (two runs at once): back it goes
            with self.server.pipeline() as pipe:
                pipe.lrem(self.doing_key, 1, data)
                pipe.rpush(self.redis_key, data)
                pipe.execute()
            return None
        self.jobs[court] = data
        self.records[court] = []
        run = CourtRun(court, job["url"])
        run.on_finish = self.ledger.report
        self.ledger.runs[court] = run
        prior = messages.state_of(job.get("prior"))
        if prior is not None:
            self.fetches.priors[job["url"]] = prior
        run.begin()
        return Request(
            job["url"],
            callback=self.parse,
            errback=self.errback,
            meta={"court": court, "incremental": True, "fingerprint": "rss"},
            dont_filter=True,  # the same feed is polled every cycle
        )

    def home_urls(self, request: Request) -> list[str]:
        court = request.meta.get("court")
        return [self.ledger[court].url] if court in self.ledger.runs else []

    def spider_idle(self) -> None:
        """Every taken job is done: send the results, then take more (scrapy-redis)."""
        self.send_results()
        super().spider_idle()

    def send_results(self) -> None:
        for court in list(self.jobs):
            run = self.ledger[court]
            raw = self.jobs.pop(court)
            states = [s for url, s in self.fetches.states.items() if self.urls.get(url) == court]
            body = messages.result(raw, self.worker_id, run, self.records.pop(court), states)
            run_key = keys.results(messages.read(raw)["run"])
            with self.server.pipeline() as pipe:  # MULTI: both or neither
                pipe.rpush(run_key, body)
                pipe.expire(run_key, 7 * 86400)
                pipe.lrem(self.doing_key, 1, raw)
                pipe.execute()
            for url in [u for u, c in self.urls.items() if c == court]:
                self.urls.pop(url, None)
                self.fetches.states.pop(url, None)
                self.fetches.priors.pop(url, None)
            del self.ledger.runs[court]
            self.ledger.reported.discard(court)
            logger.info("%s: result sent (%s)", court, run.outcome()[0])

    # -- liveness ----------------------------------------------------------------------------

    def _opened(self) -> None:
        from twisted.internet import task

        self._beat()
        self._ticker = task.LoopingCall(self._tick)
        self._ticker.start(self.settings.getfloat("SEALTRAIL_WORKER_POLL", POLL_S), now=False)
        logger.info("worker %s takes jobs from %s", self.worker_id, self.redis_key)

    def _beat(self) -> None:
        ttl_ms = int(self.settings.getfloat("SEALTRAIL_WORKER_TTL", TTL_S) * 1000)
        with self.server.pipeline() as pipe:
            pipe.sadd(keys.WORKERS, self.worker_id)
            pipe.set(keys.alive(self.worker_id), b"1", px=ttl_ms)
            pipe.execute()

    def _tick(self) -> None:
        try:
            self._beat()
            if not self.jobs:
                self.schedule_next_requests()
        except Exception:  # Redis away for a moment: the next tick tries again
            logger.exception("worker %s: Redis poll failed", self.worker_id)

    def _answered(self, response: Any, request: Request, spider: Any = None) -> None:
        court = request.meta.get("court")
        if court in self.jobs:
            self.urls[request.url] = court

    def _closed(self, reason: str = "") -> None:
        """Stopped: jobs not answered go back to the queue for another worker."""
        if self._ticker is not None and self._ticker.running:
            self._ticker.stop()
        with self.server.pipeline() as pipe:
            for raw in self.jobs.values():
                pipe.lrem(self.doing_key, 1, raw)
                pipe.lpush(self.redis_key, raw)
            pipe.delete(keys.alive(self.worker_id))
            pipe.srem(keys.WORKERS, self.worker_id)
            pipe.execute()
        self.jobs.clear()


class ResultPipeline:
    """The worker's item pipeline: keep each court's records for its result (no store)."""

    def __init__(self, crawler: Any):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> ResultPipeline:
        return cls(crawler)

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        spider = self.crawler.spider
        court = item["court"]
        spider.records.setdefault(court, []).append(item)
        spider.fetches.stored(item, True)
        if (item.get("kind") or "entries") == "entries":
            spider.ledger[court].finish()  # PACER RSS: one batch ends the court's run
        return {"court": court, "records": len(spider.records[court])}


def worker_settings(redis_url: str, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Settings over `crawler.settings` for a worker: no store anywhere."""
    from crawler.settings import DOWNLOADER_MIDDLEWARES

    middlewares = {
        **DOWNLOADER_MIDDLEWARES,
        # API budgets are counted in Redis, shared by every worker (crawler/distributed/budgets.py).
        "crawler.middlewares.BudgetMiddleware": None,
        "crawler.distributed.budgets.RedisBudgetMiddleware": 950,
        # One request at a time per host across all workers (crawler/distributed/hostlock.py).
        "crawler.distributed.hostlock.HostLockMiddleware": 960,
    }
    return {
        "REDIS_URL": redis_url,
        "SEALTRAIL_DB": "",  # a worker never opens the store
        "ITEM_PIPELINES": {"crawler.distributed.worker.ResultPipeline": 300},
        "DOWNLOADER_MIDDLEWARES": middlewares,
        **(overrides or {}),
    }


def run_worker(
    redis_url: str,
    worker_id: str | None = None,
    settings: dict[str, Any] | None = None,
    max_idle_s: int = 0,
) -> str:
    """Run a worker in this process until stopped (or idle for `max_idle_s` seconds, when
    not 0); returns its id. Like `crawler.run.crawl`, once per process (Twisted)."""
    from scrapy.crawler import CrawlerProcess

    from crawler.run import build_settings
    from monitor.redact import install_log_redaction

    install_log_redaction()
    overrides = {
        "LOG_INSTALL_ROOT_HANDLER": not logging.getLogger().handlers,
        "MAX_IDLE_TIME_BEFORE_CLOSE": max_idle_s,
        **worker_settings(redis_url, settings),
    }
    process = CrawlerProcess(build_settings("", overrides=overrides))
    crawler = process.create_crawler(PacerRssWorker)
    worker_id = worker_id or new_worker_id()
    process.crawl(crawler, worker_id=worker_id)
    process.start()
    return worker_id
