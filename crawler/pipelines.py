"""Item pipeline: store each court's batch through `monitor.store`, then log one run per court.

- The store is opened once per crawl with `monitor.schema.connect(SEALTRAIL_DB)` (WAL,
  migrations applied) and closed when the spider closes.
- Each batch item is one whole court feed; `ingest_entries` writes it in one transaction, so a
  court is stored entirely or not at all. A batch that fails to store is recorded as that
  court's error and the crawl goes on: one court never loses the others.
- At spider close every court in the spider's ledger gets a `crawl_runs` row through
  `monitor.runs.record_run` — also the courts that failed before any item existed (robots,
  404, timeouts) and courts that never answered at all (e.g. the crawl was stopped).
- Writes run on the reactor thread: SQLite connections are bound to their thread, and a
  court feed is a few hundred entries, stored in milliseconds.
"""

from __future__ import annotations

import logging
from typing import Any

from crawler.runstats import CourtRun, utc_now

logger = logging.getLogger(__name__)


class StorePipeline:
    """Store batches from `PacerRssSpider` (or any spider with a `ledger` and a `source`)."""

    def __init__(self, crawler: Any):
        self.crawler = crawler
        self.db_path: str = crawler.settings.get("SEALTRAIL_DB")
        self.keep_all_cases: bool = crawler.settings.getbool("SEALTRAIL_KEEP_ALL_CASES")
        self.db: Any = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> StorePipeline:
        return cls(crawler)

    @property
    def spider(self) -> Any:
        return self.crawler.spider

    def open_spider(self) -> None:
        from monitor.schema import connect

        self.db = connect(str(self.db_path))

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        court = item["court"]
        run: CourtRun = self.spider.ledger[court]
        entries = item.get("items") or []
        run.items += len(entries)
        run.skipped.extend(str(reason) for reason in item.get("skipped") or [])
        run.problems.extend(str(problem) for problem in item.get("problems") or [])
        try:
            from monitor.store import ingest_entries

            stats = ingest_entries(
                self.db,
                entries,
                source=self.spider.source,
                now=utc_now(),
                keep_all_cases=self.keep_all_cases,
            )
        except Exception as exc:
            logger.exception("%s: storing %d entries failed", court, len(entries))
            run.fail("error", f"store failed: {type(exc).__name__}: {exc}", kind="store")
            return {"court": court, "stored": 0}
        run.stored += stats.stored
        run.new_entries += stats.new_entries
        run.new_events += stats.new_events
        run.skipped.extend(getattr(stats, "problems", None) or [])
        missing = stats.skipped - len(getattr(stats, "problems", None) or [])
        run.skipped.extend(["entry skipped by the store"] * max(0, missing))
        run.finish()
        self.crawler.stats.inc_value("sealtrail/new_events", stats.new_events)
        return {"court": court, "stored": stats.stored, "new_events": stats.new_events}

    def close_spider(self) -> None:
        try:
            for run in self.spider.ledger:
                if not run.status and not run.finished:
                    run.fail("error", "no response before the crawl ended")
                run.settle()
                try:
                    record_id = self._record(run)
                except Exception:
                    logger.exception("%s: could not record the crawl run", run.court)
                    continue
                logger.info(
                    "%s: %s (%d items, %d new events, run %s)",
                    run.court,
                    run.status,
                    run.items,
                    run.new_events,
                    record_id,
                )
        finally:
            if self.db is not None:
                self.db.close()
                self.db = None

    def _record(self, run: CourtRun) -> int:
        from monitor.runs import record_run

        return record_run(
            self.db,
            source=self.spider.source,
            court=run.court,
            started=run.started,
            finished=run.finished,
            status=run.status,
            requests=run.requests,
            items=run.items,
            new_events=run.new_events,
            errors=len(run.errors),
            detail=run.detail(),
        )
