"""Per-court bookkeeping for one crawl: what was asked, what came back, what was stored.

The spider fills in the fetch side (requests, HTTP statuses, retries, errors), the pipeline the
store side (items, new events); at the end each court becomes one `crawl_runs` row and one entry
of the summary `crawler.run.crawl()` returns. Statuses are `monitor.runs.RUN_STATUSES`:

- `ok`       the feed was fetched, parsed and stored with nothing left out;
- `partial`  stored, but some items were skipped (by the parser or by the store), or the
             parser recovered what it could from a damaged feed (its `problems`), or a
             document could not be read within its limits (a hostile PDF: `problems`), or a
             multi-request source (CourtListener, GovInfo) failed or ran out of API budget
             after some of its records had been stored (what was stored is kept);
- `error`    nothing stored: broken/empty XML (detail `kind`), 5xx or 429 after the last retry,
             timeout, DNS or connection failure, or the store refused the batch;
- `not_rss`  the server answered with something that is not RSS (an HTML error page, JSON);
- `missing`  404 / 410: the court has no feed at that address;
- `blocked`  robots.txt forbids the feed (never requested), or the server answered 403.

A run whose every answer was "unchanged" (a 304 to a conditional request, or the same body as
last time: `crawler.conditional`) read nothing and is `ok` with `unchanged` set; the detail
counts such answers (`unchanged`: `not_modified`, `same_bytes`, and the answers `read`).

The detail (and so the summary the CLI prints) is redacted and its strings capped like the
`crawl_runs.detail` it is stored as (`monitor.sanitize`).
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from monitor.sanitize import clean_value

MAX_DETAIL_REASONS = 20


def utc_now() -> str:
    """ISO 8601 UTC timestamp with offset, second precision (`2026-11-22T10:00:00+00:00`)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass
class CourtRun:
    court: str
    url: str
    started: str = ""
    finished: str = ""
    status: str = ""
    requests: int = 0
    http_status: Counter = field(default_factory=Counter)
    retries: int = 0
    items: int = 0
    stored: int = 0
    new_entries: int = 0
    new_events: int = 0
    skipped: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    kind: str | None = None
    entry_types: str | None = None
    kept: int = 0  # records (batches, cases, orders) the store accepted for this run
    cases: int = 0  # case descriptions stored (CourtListener dockets, GovInfo MODS)
    documents: int = 0  # order texts read and stored
    notes: list[str] = field(default_factory=list)
    unchanged: bool = False  # the source answered 304 / the same bytes: nothing reprocessed
    read: int = 0  # 2xx answers that were read (not found unchanged)
    not_modified: int = 0  # 304 answers to conditional requests (crawler.conditional)
    same_bytes: int = 0  # 200 answers with the body fully stored before
    marks: int = 0  # fail() and note() calls, duplicates too (crawler.completion watches it)
    newest_item: str = ""  # latest `published` (or filing date) among the items read
    clock: tuple[float, float] = (0.0, 0.0)  # monotonic start and finish, for duration_s
    settled: bool = False  # settle() has decided the final status
    # Called once when the run finishes (RunLedger(..., over_when_finished=True)).
    on_finish: Callable[[CourtRun], None] | None = field(default=None, repr=False, compare=False)

    def begin(self) -> None:
        """The court's first request is about to go out."""
        if not self.started:
            self.started = utc_now()
            self.clock = (time.monotonic(), 0.0)

    @property
    def duration_s(self) -> float | None:
        """Seconds from the first request to the end of the court's run (None: never began)."""
        start, end = self.clock
        if not start or not end:
            return None
        return round(end - start, 3)

    def saw_items(self, items: list[dict[str, Any]]) -> None:
        """Count items read and keep the newest one's time, for the stale-feed check.

        PACER gives `published` with an offset; other sources only a filing date, which
        sorts below any time on that day (good enough for a check measured in hours)."""
        self.items += len(items)
        times = [str(i.get("published") or i.get("date_filed") or "") for i in items]
        newest = max((t for t in times if t), default="")
        if newest > self.newest_item:
            self.newest_item = newest

    def fail(self, status: str, message: str, kind: str | None = None) -> None:
        """Record a failure that ends this court's crawl (the first one decides the status)."""
        self.errors.append(message)
        self.marks += 1
        if not self.status or self.status in ("ok", "partial"):
            self.status = status
        if kind and not self.kind:
            self.kind = kind
        self.finish()

    def problem(self, message: str) -> None:
        """Something wrong with one of the source's documents that was left out (e.g. a PDF
        over a reading limit); the rest of the run stands."""
        self.marks += 1
        if message not in self.problems:
            self.problems.append(message)

    def note(self, message: str) -> None:
        """Something an operator should know that is not an error (e.g. API budget used up)."""
        self.marks += 1
        if message not in self.notes:
            self.notes.append(message)

    def answered(self, unchanged: str | None, status: int) -> None:
        """One final answer came back: `unchanged` is `not_modified`, `same_bytes` or None."""
        if unchanged == "not_modified":
            self.not_modified += 1
        elif unchanged == "same_bytes":
            self.same_bytes += 1
        elif 200 <= status < 300:
            self.read += 1

    def finish(self) -> None:
        if not self.finished:
            self.finished = utc_now()
            if self.clock[0]:
                self.clock = (self.clock[0], time.monotonic())
            if self.on_finish is not None:
                self.on_finish(self)

    def outcome(self) -> tuple[str, bool]:
        """The status and `unchanged` flag `settle()` would decide from what is in now."""
        unchanged = self.unchanged or bool((self.not_modified or self.same_bytes) and not self.read)
        if self.status:
            # Failed after some records were stored: they are kept.
            status = "partial" if self.kept else self.status
        elif self.errors:
            status = "partial" if self.kept else "error"
        elif self.skipped or self.problems or self.notes:
            status = "partial"
        else:
            status = "ok"
        return status, unchanged

    def settle(self) -> str:
        """Decide the final status (called once everything for the court is in). The run is
        `unchanged` when every answer that came back said so and none was read."""
        self.status, self.unchanged = self.outcome()
        self.settled = True
        if not self.started:
            self.started = utc_now()
        self.finish()
        return self.status

    def detail(self) -> dict[str, Any]:
        detail: dict[str, Any] = {"url": self.url}
        if self.kind:
            detail["kind"] = self.kind
        if self.http_status:
            detail["http_status"] = {str(k): v for k, v in sorted(self.http_status.items())}
        if self.retries:
            detail["retries"] = self.retries
        if self.not_modified or self.same_bytes:
            detail["unchanged"] = {
                "not_modified": self.not_modified,
                "same_bytes": self.same_bytes,
                "read": self.read,
            }
        if self.entry_types:
            detail["entry_types"] = self.entry_types
        if self.items:
            detail["stored"] = self.stored
            detail["new_entries"] = self.new_entries
        if self.cases:
            detail["cases"] = self.cases
        if self.documents:
            detail["documents"] = self.documents
        if self.skipped:
            detail["skipped"] = len(self.skipped)
            detail["skipped_reasons"] = self.skipped[:MAX_DETAIL_REASONS]
        if self.problems:
            detail["problems"] = self.problems[:MAX_DETAIL_REASONS]
        if self.errors:
            detail["errors"] = self.errors[:MAX_DETAIL_REASONS]
        if self.notes:
            detail["notes"] = self.notes[:MAX_DETAIL_REASONS]
        # Skip reasons, problems and errors quote source titles and addresses: redacted and
        # capped here, so the crawl's JSON summary (stdout, the journal) is as clean as the
        # `crawl_runs` row.
        return json.loads(clean_value("crawl_runs", "detail", detail))

    def summary(self) -> dict[str, Any]:
        """The run as `crawl()` returns it; before `settle()`, with the status it would get."""
        status, unchanged = (self.status, self.unchanged) if self.settled else self.outcome()
        return {
            "status": status,
            "items": self.items,
            "stored": self.stored,
            "new_events": self.new_events,
            "errors": len(self.errors),
            "requests": self.requests,
            "http_status": {str(k): v for k, v in sorted(self.http_status.items())},
            "duration_s": self.duration_s,
            "unchanged": unchanged,
            "newest_item": self.newest_item or None,
            "detail": self.detail(),
        }


class RunLedger:
    """The CourtRun of every court in one crawl, keyed by court id.

    `listener` (set by `crawler.spiders.ledger.LedgerSpider`) hears of each run once, through
    `report()`: when the pipeline has recorded it, or as soon as it finishes when the source
    asks one request per court (`over_when_finished`: PACER RSS), so that a crawl of 107
    courts can say how each went while the others are still being fetched. A run that needs
    several requests (GovInfo, CourtListener) may be marked finished by a failure while other
    requests are still out, so it is reported when recorded."""

    def __init__(self, courts: dict[str, str], *, over_when_finished: bool = False):
        self.runs: dict[str, CourtRun] = {
            court: CourtRun(court, url) for court, url in courts.items()
        }
        self.listener: Callable[[CourtRun], None] | None = None
        self.reported: set[str] = set()
        if over_when_finished:
            for run in self.runs.values():
                run.on_finish = self.report

    def report(self, run: CourtRun) -> None:
        """Tell the listener how a run went, once per run."""
        if self.listener is None or run.court in self.reported:
            return
        self.reported.add(run.court)
        self.listener(run)

    def __getitem__(self, court: str) -> CourtRun:
        return self.runs[court]

    def __iter__(self) -> Iterator[CourtRun]:
        return iter(self.runs.values())

    def summary(self) -> dict[str, dict[str, Any]]:
        return {court: run.summary() for court, run in self.runs.items()}
