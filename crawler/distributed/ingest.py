"""`sealtrail crawl ... --redis URL`: put a run's courts on Redis, store what workers return.

The one writer. It opens the store, pushes one job per court (`messages.job`) onto the
source's queue, then reads the run's results list until every court has answered:

- each result is written through `crawler.pipelines.StorePipeline` itself (the class a
  single-process crawl uses, given a stand-in spider whose ledger holds the courts' runs):
  `ingest_entries` and the other record kinds, one transaction per batch, the run's counters,
  and at the end one `crawl_runs` row per court with the same statuses and detail;
- a result is removed from Redis only after it was stored (`LINDEX` to read, `LPOP` after
  the commits): an ingester that dies midway finds it again, and storing is idempotent;
- fetch states come back with the result and are recorded after the court's records, through
  `crawler.completion` fetch nodes as in a single-process crawl (only if every record of the
  court was stored: one node waits on them all, and every state waits on it);
- a court answered twice (a worker thought dead finished after all, a job put back twice) is
  stored once: the first result wins and the others are dropped (`duplicates` in the log);
- a worker whose heartbeat expired loses its jobs: the ingester moves its `doing` list back to
  the queue (`LMOVE`, job by job), where another worker takes them, and frees the host locks
  it held (`crawler.distributed.hostlock`);
- courts with no result by `deadline_s` are recorded as `error` runs ("no worker answered"),
  and their jobs are taken off the queue.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from crawler.completion import Fetch, FetchTracker
from crawler.conditional import processing_profile
from crawler.distributed import keys, messages
from crawler.distributed.hostlock import release_locks_of
from crawler.runstats import CourtRun, RunLedger
from monitor.fetch_state import FetchState, lookup

logger = logging.getLogger(__name__)

# Longest a run waits for its courts (seconds): the PACER cycle is 30 minutes.
DEADLINE_S = 25 * 60.0
POLL_S = 0.1


class _Stats:
    """What `StorePipeline` asks of Scrapy's stats collector."""

    def __init__(self) -> None:
        self.values: dict[str, int] = {}

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None:
        self.values[key] = self.values.get(key, start) + count


def _trusted(prior: FetchState | None, profile: str, settings: Any) -> FetchState | None:
    """The prior state if a single-process crawl would trust it (crawler.conditional)."""
    from crawler.conditional import _older_than

    if prior is None or prior.profile != profile:
        return None
    if _older_than(prior.stored, settings.getfloat("SEALTRAIL_REREAD_AFTER_HOURS", 6.0)):
        return None
    return prior


class Ingester:
    """One run: jobs out, results in, one writer."""

    def __init__(
        self,
        server: Any,
        source: str,
        courts: dict[str, str],
        db_path: str,
        keep_all_cases: bool = False,
        settings: dict[str, Any] | None = None,
        run_id: str | None = None,
        args: dict[str, Any] | None = None,
        fetch_profile: str = "",
    ):
        from crawler.pipelines import StorePipeline
        from crawler.run import build_settings

        self.server = server
        self.source = source
        self.courts = courts
        self.run_id = run_id or uuid.uuid4().hex[:12]
        self.settings = build_settings(db_path, keep_all_cases, settings)
        self.ledger = RunLedger(courts)
        self.spider = SimpleNamespace(source=source, ledger=self.ledger, fetches=FetchTracker())
        self.args = dict(args or {})
        self.profile = processing_profile(
            self.settings, SimpleNamespace(fetch_profile=fetch_profile)
        )
        crawler = SimpleNamespace(settings=self.settings, spider=self.spider, stats=_Stats())
        self.pipeline = StorePipeline(crawler)
        self.answered: set[str] = set()
        self.duplicates = 0
        self.requeued = 0

    # -- jobs out ---------------------------------------------------------------------------

    def push_jobs(self) -> None:
        incremental = self.settings.getbool("SEALTRAIL_INCREMENTAL", True)
        db = self.pipeline.db
        jobs = []
        for court, url in self.courts.items():
            prior = _trusted(lookup(db, url), self.profile, self.settings) if incremental else None
            jobs.append(messages.job(self.run_id, self.source, court, url, prior, self.args))
        if jobs:
            from crawler.distributed.budgets import RedisCrawlStore

            RedisCrawlStore(self.server).forgive(self.source)  # a new run tries its token again
            self.server.rpush(keys.jobs(self.source), *jobs)

    def requeue_dead_workers(self) -> int:
        """Jobs of workers whose heartbeat expired go back to the queue; how many did."""
        moved = 0
        for raw_id in self.server.smembers(keys.WORKERS):
            worker = raw_id.decode("utf-8")
            if self.server.exists(keys.alive(worker)):
                continue
            while True:
                raw = self.server.lmove(keys.doing(worker), keys.jobs(self.source), "RIGHT", "LEFT")
                if raw is None:
                    break
                moved += 1
            release_locks_of(self.server, worker)
            self.server.srem(keys.WORKERS, worker)
            logger.warning("worker %s stopped answering: %d jobs back on the queue", worker, moved)
        self.requeued += moved
        return moved

    # -- results in -------------------------------------------------------------------------

    def store(self, message: dict[str, Any]) -> None:
        """Write one court's result the way a single-process crawl would have."""
        court = message["court"]
        run = messages.restore_run(message["facts"])
        self.ledger.runs[court] = run
        records = message.get("records") or []
        tracker: FetchTracker = self.spider.fetches
        # One node waits on every record (the pipeline reports each to the tracker, stored
        # or not; a record has one parent there); the states wait on it, so they are
        # recorded only if every record of the court was stored (GovInfo sends many states).
        gate = Fetch(tracker, None, None)
        for data in message.get("states") or []:
            state = FetchState(**{**data, "profile": self.profile})
            gate.parents.append(Fetch(tracker, state, None))
        for record in records:
            tracker.adopt(gate, record)
        for record in records:
            self.pipeline.process_item(record)
        gate.settle(True)

    def run(
        self,
        deadline_s: float = DEADLINE_S,
        on_court: Callable[[str, dict[str, Any]], None] | None = None,
    ) -> dict[str, dict[str, Any]]:
        """Push the jobs, store results until every court answered (or the deadline), record
        the runs; returns the same summary as `crawler.run.crawl`."""
        results = keys.results(self.run_id)
        self.pipeline.open_spider()
        try:
            self.push_jobs()
            deadline = time.monotonic() + deadline_s
            next_check = 0.0
            while len(self.answered) < len(self.courts) and time.monotonic() < deadline:
                raw = self.server.lindex(results, 0)
                if raw is None:
                    if time.monotonic() >= next_check:
                        self.requeue_dead_workers()
                        next_check = time.monotonic() + 1.0
                    time.sleep(POLL_S)
                    continue
                message = messages.read(raw)
                court = message["court"]
                if court in self.courts and court not in self.answered:
                    self.store(message)
                    self.answered.add(court)
                    if on_court is not None:
                        on_court(court, self.ledger[court].summary())
                else:
                    self.duplicates += 1
                self.server.lpop(results)
            self._give_up()
        finally:
            self.pipeline.close_spider()
        if self.duplicates or self.requeued:
            logger.info(
                "run %s: %d jobs requeued, %d duplicate results dropped",
                self.run_id,
                self.requeued,
                self.duplicates,
            )
        return self.ledger.summary()

    def _give_up(self) -> None:
        """Courts no worker answered in time: their runs fail, their jobs leave the queue."""
        for court in self.courts:
            if court in self.answered:
                continue
            run: CourtRun = self.ledger[court]
            run.fail("error", "no worker answered before the run's deadline", kind="worker")
            url = self.courts[court]
            for raw in self.server.lrange(keys.jobs(self.source), 0, -1):
                body = messages.read(raw)
                if body.get("run") == self.run_id and body.get("url") == url:
                    self.server.lrem(keys.jobs(self.source), 1, raw)


def crawl_distributed(
    redis_url: str,
    source: str,
    courts: list[str] | None,
    db_path: str,
    url_template: str | None = None,
    keep_all_cases: bool = False,
    settings: dict[str, Any] | None = None,
    on_court: Callable[[str, dict[str, Any]], None] | None = None,
    deadline_s: float = DEADLINE_S,
    spider_args: dict[str, Any] | None = None,
) -> dict[str, dict[str, Any]]:
    """`crawler.run.crawl` for workers: same arguments and summary, plus the Redis URL.

    GovInfo: one job per court; CourtListener: one job for the run (its searches span every
    court, as its single `crawl_runs` row does). Their `spider_args` travel in the jobs; the
    courts and addresses are what the source's own spider makes of them (built here, never
    started), so runs are recorded under the same names as in one process.
    """
    from crawler.distributed.worker import SOURCES
    from monitor.redact import install_log_redaction

    install_log_redaction()
    key = source.replace("-", "_")
    if key not in SOURCES:
        raise ValueError(f"{source} cannot be crawled by workers yet; can: {', '.join(SOURCES)}")
    if key != "pacer_rss":
        urls, args, profile = _api_source_jobs(key, courts, db_path, spider_args or {})
    else:
        urls, args, profile = _pacer_jobs(courts, url_template), {}, ""
    ingester = Ingester(
        keys.connect(redis_url),
        key,
        urls,
        db_path,
        keep_all_cases,
        settings=settings,
        args=args,
        fetch_profile=profile,
    )
    return ingester.run(deadline_s=deadline_s, on_court=on_court)


def _pacer_jobs(courts: list[str] | None, url_template: str | None) -> dict[str, str]:
    from crawler.spiders.base import court_list

    if url_template is not None and "{court}" not in url_template:
        raise ValueError(f"url_template must contain {{court}}: {url_template!r}")
    court_ids = court_list(courts)
    if url_template:
        return {court: url_template.format(court=court) for court in court_ids}
    from monitor.courts import feed_url

    return {court: feed_url(court) for court in court_ids}


def _api_source_jobs(
    source: str, courts: list[str] | None, db_path: str, spider_args: dict[str, Any]
) -> tuple[dict[str, str], dict[str, Any], str]:
    """Courts → addresses, the jobs' `args` and the processing profile of a GovInfo or
    CourtListener run, as its spider makes them from the same arguments."""
    from scrapy.utils.misc import load_object

    from crawler.run import spider_path

    spider = load_object(spider_path(source))(courts=courts, **spider_args)
    urls = {run.court: run.url for run in spider.ledger}
    args = {k: v for k, v in spider_args.items() if k != "fetch_policy"}
    if source == "courtlistener":  # one job for the run; GovInfo's jobs name their court
        args["courts"] = list(spider.courts)
        args["enrich"] = _cases_to_enrich(db_path, spider.courts, spider.enrich_limit)
    return urls, args, getattr(spider, "fetch_profile", "") or ""


def _cases_to_enrich(db_path: str, courts: list[str], limit: int) -> list[dict[str, Any]]:
    """What a single-process CourtListener crawl would look up (`monitor.enrich`), read from
    the store before the jobs go out: workers have no store to read it from."""
    from monitor.enrich import cases_needing_enrichment
    from monitor.schema import connect

    db = connect(str(db_path))
    try:
        return cases_needing_enrichment(db, courts or None, limit)
    finally:
        db.close()
