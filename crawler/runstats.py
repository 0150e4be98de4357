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
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

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

    def settle(self) -> str:
        """Decide the final status (called once everything for the court is in). The run is
        `unchanged` when every answer that came back said so and none was read."""
        if (self.not_modified or self.same_bytes) and not self.read:
            self.unchanged = True
        if self.status and self.status != "partial" and self.kept:
            self.status = "partial"  # failed after some records were stored: they are kept
        if not self.status:
            if self.errors:
                self.status = "partial" if self.kept else "error"
            elif self.skipped or self.problems or self.notes:
                self.status = "partial"
            else:
                self.status = "ok"
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
        return detail

    def summary(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "items": self.items,
            "stored": self.stored,
            "new_events": self.new_events,
            "errors": len(self.errors),
            "requests": self.requests,
            "http_status": {str(k): v for k, v in sorted(self.http_status.items())},
            "duration_s": self.duration_s,
            "unchanged": self.unchanged,
            "newest_item": self.newest_item or None,
            "detail": self.detail(),
        }


class RunLedger:
    """The CourtRun of every court in one crawl, keyed by court id."""

    def __init__(self, courts: dict[str, str]):
        self.runs: dict[str, CourtRun] = {
            court: CourtRun(court, url) for court, url in courts.items()
        }

    def __getitem__(self, court: str) -> CourtRun:
        return self.runs[court]

    def __iter__(self) -> Iterator[CourtRun]:
        return iter(self.runs.values())

    def summary(self) -> dict[str, dict[str, Any]]:
        return {court: run.summary() for court, run in self.runs.items()}
