"""API budgets shared by every worker: the API-call half of `monitor.crawl_store.CrawlStore`
kept in Redis, and the budget middleware that uses it.

`crawler.budget.CallBudget` holds the rules (`evaluate`, sliding minute/hour/day windows) and
asks a store for the calls of a source; `RedisCrawlStore` answers with the same methods as the
SQLite store, so two workers on two machines count against one budget, never one each:

- a source's calls are a sorted set `sealtrail:budget:<source>:calls`, member the call's id,
  score its time (epoch seconds); ids come from `INCR sealtrail:budget:seq`;
- `reserve_api_call` is check-and-take in one step, as `BEGIN IMMEDIATE` is in SQLite: the
  set is `WATCH`ed, the calls read, the rule decides (in Python: the rule stays
  `crawler.budget.evaluate`, written once), and the call is added in `MULTI`/`EXEC`; when
  another worker took a call in between, `EXEC` fails and the whole step runs again. Two
  workers can never both take the last call;
- `api_call_answered` moves a call to the time its answer came (`ZADD XX GT`: never earlier,
  and never resurrects a call pruned meanwhile); call ids are global, so the store remembers
  which source each of its own calls belongs to (only the process that took a call answers it);
- every set expires two days after its last call (the longest window is a day), and
  `prune_api_calls` trims every source's set like the SQLite store deletes old rows;
- a refused token or key (401, or a 403 that says so: `crawler.budget.refuses_credentials`)
  is `sealtrail:budget:<source>:refused` = the HTTP status, kept for `refused_ttl_s` (default
  one hour; each new run clears it for its source): every worker then stops calling that
  API, so a bad token costs one call in all, not one per worker. Only the source name and the
  status are written: tokens and keys come from each worker's environment and never reach
  Redis (nor a log line: the middleware logs the source and the URL path only).

Redis calls are synchronous (redis-py) on the reactor thread, like `hostlock`'s.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from crawler.budget import from_iso, refuses_credentials, to_iso
from crawler.distributed import keys
from crawler.middlewares import BudgetMiddleware

logger = logging.getLogger(__name__)

Decision = TypeVar("Decision")

SEQ = f"{keys.PREFIX}:budget:seq"
SOURCES = f"{keys.PREFIX}:budget:sources"
KEEP_S = 2 * 86400  # a source's calls outlive its longest window (a day) by a day
REFUSED_TTL_S = 3600.0


def calls_key(source: str) -> str:
    return f"{keys.PREFIX}:budget:{source}:calls"


def refused_key(source: str) -> str:
    return f"{keys.PREFIX}:budget:{source}:refused"


class RedisCrawlStore:
    """The API-call methods of `monitor.crawl_store.CrawlStore`, over a Redis all workers
    share (see the module docstring). `server` is a redis-py client (`keys.connect`)."""

    def __init__(self, server: Any, refused_ttl_s: float = REFUSED_TTL_S):
        import redis

        self.server = server
        self.refused_ttl_s = refused_ttl_s
        self._watch_error = redis.WatchError
        self._source_of: dict[int, str] = {}  # this process's calls → their source

    # -- API calls -----------------------------------------------------------------------------

    def api_calls(self, source: str, since: str) -> list[tuple[int, str]]:
        """(id, time) of `source`'s calls made after `since`."""
        return self._read(self.server, source, since)

    @staticmethod
    def _read(client: Any, source: str, since: str) -> list[tuple[int, str]]:
        found = client.zrangebyscore(
            calls_key(source), f"({from_iso(since)!r}", "+inf", withscores=True
        )
        return [(int(member), to_iso(score)) for member, score in found]

    def reserve_api_call(
        self,
        source: str,
        at: str,
        since: str,
        decide: Callable[[list[tuple[int, str]]], Decision],
    ) -> tuple[Decision, int | None]:
        """`decide(calls since)` and, when its answer is `allowed`, record a call at `at`, as
        one step across every worker (WATCH, read, MULTI/EXEC; again if another came first)."""
        key = calls_key(source)
        while True:
            with self.server.pipeline() as pipe:
                try:
                    pipe.watch(key)
                    decision = decide(self._read(pipe, source, since))
                    if not getattr(decision, "allowed", False):
                        pipe.unwatch()
                        return decision, None
                    call_id = int(self.server.incr(SEQ))
                    pipe.multi()
                    self._add(pipe, source, call_id, at)
                    pipe.execute()
                except self._watch_error:
                    continue  # another worker took a call meanwhile: decide again
            self._source_of[call_id] = source
            return decision, call_id

    def add_api_call(self, source: str, at: str) -> int:
        """Record one call at `at` whatever a budget says."""
        call_id = int(self.server.incr(SEQ))
        with self.server.pipeline() as pipe:  # MULTI
            self._add(pipe, source, call_id, at)
            pipe.execute()
        self._source_of[call_id] = source
        return call_id

    @staticmethod
    def _add(pipe: Any, source: str, call_id: int, at: str) -> None:
        pipe.zadd(calls_key(source), {str(call_id): from_iso(at)})
        pipe.expire(calls_key(source), KEEP_S)
        pipe.sadd(SOURCES, source)

    def api_call_answered(self, call_id: int, at: str) -> None:
        """The answer came back at `at`: the call counts from then (never earlier)."""
        source = self._source_of.pop(call_id, None)
        if source is None:  # not taken through this store: nothing to move
            return
        self.server.zadd(calls_key(source), {str(call_id): from_iso(at)}, xx=True, gt=True)

    def prune_api_calls(self, before: str) -> int:
        """Drop calls (of every source) made before `before`; returns how many."""
        dropped = 0
        cutoff = f"({from_iso(before)!r}"
        for raw in self.server.smembers(SOURCES):
            dropped += self.server.zremrangebyscore(calls_key(raw.decode("utf-8")), "-inf", cutoff)
        return dropped

    # -- refused credentials -------------------------------------------------------------------

    def refused(self, source: str) -> int | None:
        """The 401/403 status `source` refused its token or key with, if one did lately."""
        value = self.server.get(refused_key(source))
        return int(value) if value is not None else None

    def refuse(self, source: str, status: int) -> None:
        """`source` refused the token or key: every worker stops calling it (for a while)."""
        ttl_ms = max(1, int(self.refused_ttl_s * 1000))
        self.server.set(refused_key(source), str(int(status)), px=ttl_ms, nx=True)

    def forgive(self, source: str) -> None:
        """A new run tries the source's credentials again (as a new crawl would)."""
        self.server.delete(refused_key(source))


class RedisBudgetMiddleware(BudgetMiddleware):
    """`crawler.middlewares.BudgetMiddleware` over `RedisCrawlStore`: the same waits, drops,
    log lines and stats, with the calls and refusals of every worker counted together
    (settings: `REDIS_URL`, `SEALTRAIL_REFUSED_TTL` seconds)."""

    def _open_store(self) -> Any:
        settings = self.crawler.settings
        server = keys.connect(settings.get("REDIS_URL"))
        ttl = settings.getfloat("SEALTRAIL_REFUSED_TTL", REFUSED_TTL_S)
        return RedisCrawlStore(server, refused_ttl_s=ttl)

    def _store(self) -> RedisCrawlStore:
        if self.db is None:
            self.db = self._open_store()
        return self.db

    def _check_refused(self, source: str) -> None:
        if source not in self._refused:
            status = self._store().refused(source)
            if status is not None:
                self._refused[source] = status
        super()._check_refused(source)

    def process_response(self, request: Any, response: Any, spider: Any = None) -> Any:
        source = request.meta.get("budget")
        if source and refuses_credentials(response.status, response.body):
            self._store().refuse(source, response.status)
            logger.warning(
                "%s API refused the credentials (HTTP %d): every worker stops calling it",
                source,
                response.status,
            )
        return super().process_response(request, response, spider)

    def _close(self, spider: Any = None) -> None:
        for budget, call_id in list(self._calls.values()):
            budget.finish(call_id)
        self._calls.clear()
        if self.db is not None:
            self.db.server.close()
            self.db = None
