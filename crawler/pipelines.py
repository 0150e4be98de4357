"""Item pipeline: store each court's batch through `monitor.store`, then log one run per court.

- The store is opened once per crawl with `monitor.schema.connect(SEALTRAIL_DB)` (WAL,
  migrations applied) and closed when the spider closes.
- Records come in five kinds (docs/internals.md): `entries` batches (`ingest_entries`, one
  transaction each, so a PACER court feed is stored entirely or not at all), `case` records
  (`monitor.enrich.enrich_case`), `order` records (`monitor.orders.ingest_order`) and
  `lookup` records (`monitor.enrich.record_lookup`: a case the source does not have), and
  `reread` records (`monitor.after_the_fact.record_reread`: a whole docket read again). A record
  that fails to store is recorded as that run's error and the crawl goes on: one court never
  loses the others, and records stored before a failure are kept (the run ends `partial`).
  The error names SQLite's reason, or only the type of any other exception (`_store_error`).
- At spider close every court in the spider's ledger gets a `crawl_runs` row through
  `monitor.runs.record_run` — also the courts that failed before any item existed (robots,
  404, timeouts) and courts that never answered at all (e.g. the crawl was stopped); then the
  ledger reports it (`RunLedger.report`: the line `sealtrail crawl` prints) unless it did so
  when the run finished (PACER RSS).
- Every record is reported to the spider's `fetches` (`crawler.completion.FetchTracker`):
  stored or not (the store raised). The tracker records a URL's `fetch_state` through this
  pipeline's connection once all that URL gave was stored.
- Writes run on the reactor thread: SQLite connections are bound to their thread, and a
  court feed is a few hundred entries, stored in well under a second (800 SAMPLE entries:
  0.75 s). Each store takes the write lock up front (`monitor.transactions`), so a crawl
  sharing the store with another process (a manual crawl while the scheduler's runs) waits
  its turn: the reactor, and with it this crawl's downloads, pauses for the wait. Measured
  with two crawls of the same 20 courts x 800 entries at once: most waits 0 s, the longest
  5 s (SQLite's busy handler polls; waiters are not served in order), far below the 30 s
  download timeout. Only a writer that holds the lock longer than `busy_timeout` (30 s: a
  migration of a large store; `reclassify` writes one case at a time) makes a store fail;
  that court's run is then `error` ("database is locked") and its feed is read in full next
  time (no fetch_state was recorded). Moving writes to a thread of their own would also move
  the fetch-state bookkeeping and gain nothing for stores this short.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from crawler.runstats import CourtRun, utc_now

logger = logging.getLogger(__name__)


def _store_error(exc: Exception) -> str:
    """`OperationalError: database is locked`: SQLite's own words, which name tables and
    columns, never values; of any other exception only its type, since its text may quote
    the record (server text) and `crawl_runs.detail` is published. The log has it all."""
    if isinstance(exc, sqlite3.Error):
        return f"{type(exc).__name__}: {exc}"
    return type(exc).__name__


def kind_is_single_request(spider: Any) -> bool:
    """A source that fetches one answer per court (`one_request_per_court` in its declaration,
    e.g. PACER RSS): its run is finished once that answer is stored."""
    from monitor import sources

    declared = sources.find(getattr(spider, "source", ""))
    return bool(declared and declared.one_request_per_court)


class StorePipeline:
    """Store records from any spider with a `ledger` (RunLedger) and a `source` name."""

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

    @property
    def fetches(self) -> Any:
        """The spider's `crawler.completion.FetchTracker`, if it keeps one."""
        return getattr(self.spider, "fetches", None)

    def open_spider(self) -> None:
        from monitor.schema import connect

        self.db = connect(str(self.db_path))
        if self.fetches is not None:
            self.fetches.attach(self.db)

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        """Store one record by its `kind` (docs/internals.md); a failure is the run's error."""
        kind = item.get("kind") or "entries"
        court = item["court"]
        run: CourtRun = self.spider.ledger[court]
        store = {
            "entries": self._entries,
            "case": self._case,
            "order": self._order,
            "lookup": self._lookup,
            "reread": self._reread,
        }.get(kind)
        if store is None:
            run.problems.append(f"unknown record kind {kind!r}")
            self._done(item, False)
            return {"court": court, "stored": 0}
        try:
            result = store(run, item)
        except Exception as exc:
            logger.exception("%s: storing a %s record failed", court, kind)
            run.fail("error", f"store failed: {_store_error(exc)}", kind="store")
            self._done(item, False)
            return {"court": court, "stored": 0}
        self._done(item, True)
        return result

    def _done(self, item: dict[str, Any], ok: bool) -> None:
        if self.fetches is not None:
            self.fetches.stored(item, ok)

    def _entries(self, run: CourtRun, item: dict[str, Any]) -> dict[str, Any]:
        from monitor.store import ingest_entries

        entries = item.get("items") or []
        run.saw_items(entries)
        run.skipped.extend(str(reason) for reason in item.get("skipped") or [])
        run.problems.extend(str(problem) for problem in item.get("problems") or [])
        stats = ingest_entries(
            self.db,
            entries,
            source=self.spider.source,
            now=utc_now(),
            keep_all_cases=self.keep_all_cases,
        )
        run.kept += 1
        run.stored += stats.stored
        run.new_entries += stats.new_entries
        run.new_events += stats.new_events
        run.skipped.extend(stats.problems)
        missing = stats.skipped - len(stats.problems)
        run.skipped.extend(["entry skipped by the store"] * max(0, missing))
        if kind_is_single_request(self.spider):
            run.finish()
        self.crawler.stats.inc_value("sealtrail/new_events", stats.new_events)
        return {"court": run.court, "stored": stats.stored, "new_events": stats.new_events}

    def _case(self, run: CourtRun, item: dict[str, Any]) -> dict[str, Any]:
        from monitor.enrich import enrich_case

        result = enrich_case(
            self.db,
            item["case"],
            source=self.spider.source,
            now=utc_now(),
            keep_all_cases=self.keep_all_cases,
        )
        if result["stored"]:
            run.kept += 1
            run.cases += 1
        return {"court": run.court, **result}

    def _lookup(self, run: CourtRun, item: dict[str, Any]) -> dict[str, Any]:
        from monitor.enrich import record_lookup

        lookup = item["lookup"]
        record_lookup(
            self.db,
            lookup["court"],
            lookup["docket_number"],
            source=self.spider.source,
            now=utc_now(),
            found=bool(lookup.get("found")),
        )
        return {"court": run.court, "stored": 0}

    def _reread(self, run: CourtRun, item: dict[str, Any]) -> dict[str, Any]:
        """A whole docket or package read again: compared, changes recorded
        (`monitor.after_the_fact`); its new sealing events count as the run's."""
        from monitor.after_the_fact import record_reread

        result = record_reread(self.db, item["reread"], now=utc_now())
        run.problems.extend(result.problems)
        # a failed read stored nothing of the source: its run keeps the failure's status
        if result.recheck_id is not None and result.status != "failed":
            run.kept += 1
            made = sum(1 for change in result.changes if change.get("event_id"))
            run.new_events += made
            self.crawler.stats.inc_value("sealtrail/new_events", made)
        return {"court": run.court, "changes": len(result.changes), "status": result.status}

    def _order(self, run: CourtRun, item: dict[str, Any]) -> dict[str, Any]:
        from monitor.orders import ingest_order

        events_before = self._event_count()
        result = ingest_order(
            self.db,
            item["order"],
            source=self.spider.source,
            now=utc_now(),
            keep_all_cases=self.keep_all_cases,
        )
        if result["stored"]:
            run.kept += 1
            run.documents += 1
            new_events = self._event_count() - events_before
            run.new_events += max(0, new_events)
            self.crawler.stats.inc_value("sealtrail/new_events", max(0, new_events))
        return {"court": run.court, **{k: v for k, v in result.items() if k != "text"}}

    def _event_count(self) -> int:
        return self.db.conn.execute("select count(*) from sealing_events").fetchone()[0]

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
                else:
                    logger.debug(
                        "%s: %s (%d items, %d new events, run %s)",
                        run.court,
                        run.status,
                        run.items,
                        run.new_events,
                        record_id,
                    )
                self.spider.ledger.report(run)  # the command's line for the court, if not yet
        finally:
            if self.fetches is not None:
                self.fetches.detach()
            if self.db is not None:
                self.db.close()
                self.db = None

    def _record(self, run: CourtRun) -> int:
        from monitor.runs import record_run

        return record_run(
            self.db,
            # a re-read's runs are counted apart from the source's polls (`run_source`)
            source=getattr(self.spider, "run_source", None) or self.spider.source,
            court=run.court,
            started=run.started,
            finished=run.finished,
            status=run.status,
            requests=run.requests,
            items=run.items,
            new_events=run.new_events,
            errors=len(run.errors),
            http_status=dict(run.http_status),
            duration_s=run.duration_s,
            unchanged=run.unchanged,
            newest_item=run.newest_item or None,
            detail=run.detail(),
        )
