"""Which responses were fully processed, so their fetch state may be recorded (and skipped).

A response is *complete* when its callback ran to the end without failing or noting anything
about its court's run (an unreadable body is a failure, so it is read again, and fails again,
next time: never "unchanged"), every record it yielded was stored by the pipeline, and every
follow-up request it yielded is complete in turn (a listing page is complete once its MODS
records, their texts, its next page ... are).
Only then is its `monitor.fetch_state` row written, after the records' own commits, through
the pipeline's store connection. A crawl killed midway, a failed store or a failed follow-up
therefore leaves no new row: the next crawl reads that URL again, in full, and follow-ups that
did complete are found unchanged one by one. Failure never loses data, it only costs a read.

How it is wired (the spiders opt in per request with `meta["incremental"] = True`):
- `tracked` wraps spider callbacks and errbacks. For an unchanged answer (set by
  `crawler.conditional`) the callback is not called at all: the answer counts as complete
  (everything it would yield was complete when its state was recorded) and the spider's optional
  `on_unchanged(response)` hook runs; what the hook returns (requests that must be made every
  crawl, e.g. CourtListener's docket lookups) is yielded, not adopted. For a changed one it opens
  a `Fetch`, adopts the records and incremental requests the callback yields as that fetch's
  children, and closes it when the callback returns. An errback's failed request is a failed child
  of its parent, unless the errback yields incremental requests in its place (GovInfo's PDF after
  a missing HTML rendition, the website after a refused API key): those take over its place;
- a spider that asks for a thing once per crawl although several responses list it (GovInfo's
  packages in the RSS feed and the API listing, CourtListener's order documents) gives the
  request a `meta["fetch_key"]`, and yields `Depends(key)` from every other response that
  lists it: those wait on that request too (a listing is never recorded complete while a
  package it lists failed elsewhere). `Depends` is consumed here, never passed to Scrapy;
- `StorePipeline` calls `FetchTracker.stored(item, ok)` for every record;
- requests that are not incremental (CourtListener's docket and party lookups) are neither
  adopted nor skipped.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from scrapy.http import Request, Response
from twisted.python.failure import Failure

from crawler.runstats import utc_now
from monitor.crawl_store import CrawlStore
from monitor.fetch_state import FetchState

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Depends:
    """Yielded by a callback: this response also led to the request claimed as `key`."""

    key: Hashable


class Fetch:
    """One changed response being processed (or one shared request, see `Depends`); settles
    its parents when it is done."""

    __slots__ = ("tracker", "state", "parents", "pending", "ok")

    def __init__(self, tracker: FetchTracker, state: FetchState | None, parent: Fetch | None):
        self.tracker = tracker
        self.state = state  # what to record when complete (None: nothing to record)
        self.parents = [parent] if parent is not None else []
        self.pending = 1  # the callback (or the shared request) itself
        self.ok = True

    def expect(self) -> None:
        self.pending += 1

    def join(self, parent: Fetch) -> None:
        """`parent` waits on this one too (or learns at once how it ended)."""
        if self.pending > 0:
            self.parents.append(parent)
            parent.expect()
        elif not self.ok:
            parent.ok = False

    def settle(self, ok: bool) -> None:
        """One child (a record, a follow-up, or the callback itself) is done."""
        if not ok:
            self.ok = False
        self.pending -= 1
        if self.pending == 0:
            if self.ok and self.state is not None:
                self.tracker.record(self.state)
            for parent in self.parents:
                parent.settle(self.ok)


class FetchTracker:
    """Per crawl: prior states for the middleware, open fetches, and recording complete ones."""

    def __init__(self) -> None:
        self.db: Any = None  # the pipeline's store connection (attach/detach)
        self.store: CrawlStore | None = None
        self._items: dict[int, tuple[Any, Fetch]] = {}
        self._shared: dict[Hashable, Fetch] = {}  # `fetch_key` requests of this crawl
        self.recorded = 0

    def attach(self, db: Any) -> None:
        self.db = db
        self.store = CrawlStore(db)

    def detach(self) -> None:
        self.db = None
        self.store = None

    def prior(self, url: str) -> FetchState | None:
        """The recorded state of `url`, when there is a store to ask."""
        if self.store is None:
            return None
        return self.store.fetch_state(url)

    def record(self, state: FetchState) -> None:
        if self.store is None:
            return
        try:
            self.store.record_fetch(replace(state, stored=utc_now()))
            self.recorded += 1
        except Exception:  # not fatal: the URL is read again next time
            logger.exception("could not record the fetch state of %s", state.url)

    def adopt(self, parent: Fetch | None, output: Any) -> bool:
        """Make a yielded record, incremental request or `Depends` a child of `parent`;
        True for a request (it takes a failed request's place in an errback)."""
        if parent is None:
            return False
        if isinstance(output, Depends):
            shared = self._shared.get(output.key)
            if shared is None:  # claimed where nothing was tracked: cannot vouch for it
                parent.ok = False
            else:
                shared.join(parent)
            return False
        if isinstance(output, Request):
            if not output.meta.get("incremental"):
                return False
            parent.expect()
            key = output.meta.get("fetch_key")
            if key is not None:  # a node others can join; the request's own fetch settles it
                shared = Fetch(self, None, parent)
                self._shared[key] = shared
                parent = shared
            output.meta["fetch_parent"] = parent
            return True
        if isinstance(output, dict):
            self._items[id(output)] = (output, parent)
            parent.expect()
        return False

    def stored(self, item: Any, ok: bool) -> None:
        """The pipeline is done with `item`: stored cleanly (`ok`) or not."""
        held = self._items.pop(id(item), None)
        if held is not None and held[0] is item:
            held[1].settle(ok)


def _run_of(spider: Any, meta: dict[str, Any]) -> Any:
    ledger = getattr(spider, "ledger", None)
    court = meta.get("court")
    return ledger[court] if ledger is not None and court in ledger.runs else None


def tracked(method: Callable[..., Any]) -> Callable[..., Iterator[Any]]:
    """Wrap a callback or errback (see the module docstring); the wrapper is a generator."""

    @functools.wraps(method)
    def wrapper(spider: Any, answer: Response | Failure, **kwargs: Any) -> Iterator[Any]:
        tracker: FetchTracker | None = getattr(spider, "fetches", None)
        if tracker is None:
            for output in method(spider, answer, **kwargs) or ():
                if not isinstance(output, Depends):
                    yield output
            return
        if isinstance(answer, Failure):
            yield from _failed(tracker, functools.partial(method, **kwargs), spider, answer)
            return
        meta = answer.meta
        parent = meta.get("fetch_parent")
        if meta.get("unchanged"):
            logger.debug("unchanged (%s): %s", meta["unchanged"], answer.url)
            hook = getattr(spider, "on_unchanged", None)
            if hook is not None:
                yield from hook(answer) or ()
            if parent is not None:
                parent.settle(True)
            return
        fetch = Fetch(tracker, meta.get("fetch_new"), parent)
        run = _run_of(spider, meta)
        marks = run.marks if run is not None else 0
        ok = False
        try:
            for output in method(spider, answer, **kwargs) or ():
                tracker.adopt(fetch, output)
                if not isinstance(output, Depends):
                    yield output
            ok = run is None or run.marks == marks
        finally:
            fetch.settle(ok)

    return wrapper


def _failed(
    tracker: FetchTracker, method: Callable[..., Any], spider: Any, failure: Failure
) -> Iterator[Any]:
    """An errback: the failed request fails its parent unless replaced by new requests."""
    parent = failure.request.meta.get("fetch_parent")
    replaced = False
    try:
        for output in method(spider, failure) or ():
            replaced = tracker.adopt(parent, output) or replaced
            if not isinstance(output, Depends):
                yield output
    finally:
        if parent is not None:
            parent.settle(replaced)
