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

6. Every source is distributed (`SOURCES`): a worker process runs one spider per source in
   one reactor (`run_worker`), each the source's own spider with `JobWorker` mixed in, so
   parsing, follow-ups and statuses are the single-process ones. GovInfo and CourtListener
   hold one run's jobs at a time and take its arguments from its first job (`start_run`);
   their API calls are counted in Redis (`crawler.distributed.budgets`).
"""

from __future__ import annotations

import inspect
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
from crawler.spiders.courtlistener import LEDGER_KEY, CourtListenerSpider
from crawler.spiders.govinfo import GovInfoSpider
from crawler.spiders.pacer_rss import PacerRssSpider
from monitor.fetch_state import FetchState

logger = logging.getLogger(__name__)

SOURCES = ("pacer_rss", "govinfo", "courtlistener")
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

    def __init__(self, spider: Any):
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


class JobWorker(RedisMixin):
    """The queue, results and liveness of a worker spider; mixed into a source's own spider
    class, which still does all the fetching and parsing. A subclass says how a job starts
    (`job_requests`), and, with `one_run_at_a_time`, how the spider takes a run's arguments
    (`start_run`): a spider whose state belongs to one crawl (GovInfo's `since`, addresses
    and refused key; CourtListener's searches) holds jobs of one run only, and puts the jobs
    of another run back until it holds none."""

    source = ""
    one_run_at_a_time = False

    def __init__(self, worker_id: str | None = None, **kwargs: Any):
        super().__init__(courts=[], **kwargs)
        self.spider_idle_start_time = int(time.time())  # scrapy-redis sets it at import
        self.worker_id = worker_id or new_worker_id()
        self.redis_key = keys.jobs(self.source)
        self.jobs: dict[str, bytes] = {}  # court → its job's bytes
        self.records: dict[str, list[dict[str, Any]]] = {}
        self.urls: dict[str, str] = {}  # URL answered → court (for fetch states)
        self.profile = ""
        self.run_id = ""  # the run whose arguments the spider holds (one_run_at_a_time)
        self._ticker: Any = None

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> Any:
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

    # -- what a source says ------------------------------------------------------------------

    def job_requests(self, job: dict[str, Any], run: CourtRun) -> list[Request]:
        raise NotImplementedError

    def start_run(self, job: dict[str, Any]) -> None:
        """Take the arguments of `job`'s run (only with `one_run_at_a_time`)."""

    def kept(self, item: dict[str, Any]) -> None:
        """A record of a court was kept for its result."""

    def forget(self, court: str) -> None:
        """A court's result was sent: drop what the spider kept about it."""

    # -- the queue ---------------------------------------------------------------------------

    def take_jobs(self, redis_key: str, batch_size: int) -> list[bytes]:
        taken = []
        while len(taken) + len(self.jobs) < batch_size:
            raw = self.server.lmove(redis_key, self.doing_key, "LEFT", "RIGHT")
            if raw is None:
                break
            taken.append(raw)
        return taken

    def _give_back(self, data: bytes) -> None:
        with self.server.pipeline() as pipe:
            pipe.lrem(self.doing_key, 1, data)
            pipe.rpush(self.redis_key, data)
            pipe.execute()

    def make_request_from_data(self, data: bytes) -> list[Request]:
        job = messages.read(data)
        court = job["court"]
        if job.get("source") != self.source or court in self.jobs:
            # another source's job, or the same court again (two runs at once): back it goes
            self._give_back(data)
            return []
        if self.one_run_at_a_time and job["run"] != self.run_id:
            if self.jobs:  # holding another run's jobs: this one waits for them
                self._give_back(data)
                return []
            self.run_id = job["run"]
            self.start_run(job)
            self.profile = processing_profile(self.settings, self)  # GovInfo's text mode
        self.jobs[court] = data
        self.records[court] = []
        run = CourtRun(court, job["url"])
        run.on_finish = self.ledger.report
        self.ledger.runs[court] = run
        prior = messages.state_of(job.get("prior"))
        if prior is not None:
            self.fetches.priors[job["url"]] = prior
        run.begin()
        return self.job_requests(job, run)

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
            self.forget(court)
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


class PacerRssWorker(JobWorker, PacerRssSpider):
    """PACER RSS court jobs from `sealtrail:jobs:pacer_rss`: one feed request per court."""

    name = "pacer_rss_worker"
    source = "pacer_rss"

    def job_requests(self, job: dict[str, Any], run: CourtRun) -> list[Request]:
        return [
            Request(
                job["url"],
                callback=self.parse,
                errback=self.errback,
                meta={"court": job["court"], "incremental": True, "fingerprint": "rss"},
                dont_filter=True,  # the same feed is polled every cycle
            )
        ]

    def home_urls(self, request: Request) -> list[str]:
        court = request.meta.get("court")
        return [self.ledger[court].url] if court in self.ledger.runs else []

    def kept(self, item: dict[str, Any]) -> None:
        if (item.get("kind") or "entries") == "entries":
            self.ledger[item["court"]].finish()  # one batch ends a PACER RSS court's run


class GovInfoWorker(JobWorker, GovInfoSpider):
    """GovInfo court jobs from `sealtrail:jobs:govinfo`: a court's RSS feed and API listing,
    then its packages' MODS and granule texts, all in this worker (its API calls counted in
    Redis: `crawler.distributed.budgets`). The run's `since`, addresses and text mode come
    with the job (`args`); the API key from this worker's environment."""

    name = "govinfo_worker"
    source = "govinfo"
    one_run_at_a_time = True

    def start_run(self, job: dict[str, Any]) -> None:
        self.configure(**(job.get("args") or {}))

    def job_requests(self, job: dict[str, Any], run: CourtRun) -> list[Request]:
        court = job["court"]
        self.courts.append(court)
        self.seen[court] = set()
        self.pending[court] = 0
        return list(self.court_requests(run))

    def forget(self, court: str) -> None:
        self.courts.remove(court)
        self.seen.pop(court, None)
        self.pending.pop(court, None)


class CourtListenerWorker(JobWorker, CourtListenerSpider):
    """A CourtListener run's job from `sealtrail:jobs:courtlistener` (one job: its searches
    span every court): searches, docket and party lookups, order texts, all in this worker
    (API calls counted in Redis: `crawler.distributed.budgets`). The run's arguments come
    with the job, and so do the cases to look up (`args["enrich"]`: the ingester reads them
    from the store, `monitor.enrich.cases_needing_enrichment`, since a worker has none); the
    token comes from this worker's environment."""

    name = "courtlistener_worker"
    source = "courtlistener"
    one_run_at_a_time = True

    def start_run(self, job: dict[str, Any]) -> None:
        args = dict(job.get("args") or {})
        self.enrich_cases = list(args.pop("enrich", None) or [])
        self.configure(**args)

    def job_requests(self, job: dict[str, Any], run: CourtRun) -> list[Request]:
        run.url = self.run_url()  # as this worker's token makes it (Atom feed without one)
        return list(self.first_requests())

    def _cases_to_enrich(self) -> list[dict[str, Any]]:
        return self.enrich_cases[: self.enrich_limit]

    def _on_idle(self, spider: Any = None) -> None:
        if LEDGER_KEY in self.ledger.runs:  # idle without a job: no run to finish
            super()._on_idle(spider)


WORKERS = {
    "pacer_rss": PacerRssWorker,
    "govinfo": GovInfoWorker,
    "courtlistener": CourtListenerWorker,
}


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
        spider.kept(item)
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
    sources: tuple[str, ...] = SOURCES,
) -> str:
    """Run a worker in this process until stopped (or idle for `max_idle_s` seconds, when
    not 0); returns its id. One spider per source in `sources`, each on its own queue, in
    one reactor. Like `crawler.run.crawl`, once per process (Twisted)."""
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
    worker_id = worker_id or new_worker_id()
    for source in sources:
        spider_cls = WORKERS[source]
        kwargs: dict[str, Any] = {"worker_id": worker_spider_id(worker_id, source)}
        if _takes_fetch_policy(spider_cls):
            from monitor.fetch_policy import POLICY  # as crawler.run hands it to the spiders

            kwargs["fetch_policy"] = POLICY
        process.crawl(process.create_crawler(spider_cls), **kwargs)
    process.start()
    return worker_id


def _takes_fetch_policy(spider_cls: type) -> bool:
    """Does the source's spider take a fetch policy? (The worker's own `__init__` passes
    keyword arguments on, so its signature does not say.)"""
    return any(
        "fetch_policy" in inspect.signature(cls.__init__).parameters
        for cls in spider_cls.__mro__
        if "__init__" in vars(cls)
    )


def worker_spider_id(worker_id: str, source: str) -> str:
    """Each source's spider in a worker process has an id of its own (its `doing` list and
    heartbeat): the worker's id for PACER RSS, `<id>.<source>` for the others."""
    return worker_id if source == "pacer_rss" else f"{worker_id}.{source}"
