"""Per-source API call budgets: sliding windows over the calls recorded in the store.

CourtListener's free tier allows about 5 calls a minute, 50 an hour and 125 a day; GovInfo's
`DEMO_KEY` about 40 an hour (a real api.data.gov key about 1000). A request is budgeted when
`request.meta["budget"]` names a source; `crawler.middlewares.BudgetMiddleware` then asks
`CallBudget.acquire()` before the request goes out.

- `evaluate(calls, limits, now, ...)` is the pure rule: limits are `{"minute": n, "hour": n,
  "day": n}` (any subset) over sliding windows. A full minute window makes the call *wait*
  until its oldest call leaves the window, unless that is longer than `max_wait`; a full hour
  or day window (or a wait that would be too long) means *exhausted*.
- `CallBudget` keeps the calls in the store's `api_calls` table (`source`, `at` as ISO 8601
  UTC with microseconds) through `monitor.crawl_store.CrawlStore`, so limits hold across runs
  and across processes: the check and the insert run in one `BEGIN IMMEDIATE` transaction
  (`CrawlStore.reserve_api_call`), so two crawls cannot both take the last call.
  A call counts from the moment it is *acquired*; while this process has it in flight it counts
  as made "now", and `finish()` moves its time to when the answer came back (the API saw it
  somewhere in between, so the window is never undercounted). Rows older than the longest
  window (at least a day) are pruned when a `CallBudget` is created.
- `BudgetExhausted` (an `IgnoreRequest`, so the spider's errback gets it) says which source,
  which window and when the next call will be allowed.

Settings (crawler/settings.py) and environment:

- `SEALTRAIL_BUDGETS`: `{source: limits}`. A per-crawl override
  (`crawler.run.crawl(settings={"SEALTRAIL_BUDGETS": {...}})`) replaces the limits of the
  sources it names; sources it does not name keep the project defaults, so no API is ever
  left unlimited by an override. A budget name that is not configured fails the request.
- Environment variables `SEALTRAIL_<SOURCE>_PER_<WINDOW>` win over both, window by window:
  `SEALTRAIL_COURTLISTENER_PER_MINUTE`, `SEALTRAIL_COURTLISTENER_PER_HOUR`,
  `SEALTRAIL_COURTLISTENER_PER_DAY`, `SEALTRAIL_GOVINFO_PER_HOUR`,
  `SEALTRAIL_GOVINFO_DEMO_PER_HOUR` ... (source upper-cased, non-alphanumerics as `_`). A
  non-negative integer sets that window's limit (0 blocks the source); `off` or `none` removes
  the window.
- GovInfo's `DEMO_KEY`: the `govinfo_demo` entry. A request budgeted as `govinfo` that carries
  `api_key=DEMO_KEY` (query) or `X-Api-Key: DEMO_KEY` (header) is counted against
  `govinfo_demo` instead (generally: `<name>_demo` when that entry exists); a spider may also
  set `meta["budget"] = "govinfo_demo"` itself. The two are counted separately, as api.data.gov
  does (DEMO_KEY limits are per address, a real key's per key).
- `SEALTRAIL_BUDGET_MAX_WAIT` (seconds, default 65): the longest a minute window may hold a
  request; beyond that it is exhausted.
- `SEALTRAIL_BUDGET_WINDOWS`: window lengths in seconds (`{"minute": 60, "hour": 3600, "day":
  86400}`); only tests shorten them.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from scrapy.exceptions import IgnoreRequest

from monitor.crawl_store import CrawlStore

WINDOWS: dict[str, float] = {"minute": 60.0, "hour": 3600.0, "day": 86400.0}
WAITABLE = frozenset({"minute"})  # only these windows may make a request wait
DEFAULT_MAX_WAIT = 65.0
DEMO_KEY = "DEMO_KEY"
DEMO_SUFFIX = "_demo"
_OFF = frozenset({"", "off", "none"})

Limits = dict[str, int]


_REFUSAL_WORDS = (
    "api_key",  # api.data.gov (GovInfo): API_KEY_INVALID, API_KEY_MISSING, API_KEY_DISABLED
    "api key",
    "invalid token",  # Django REST framework (CourtListener)
    "authentication credentials",
)


def refuses_credentials(status: int, body: bytes = b"") -> bool:
    """Does this answer refuse the token or key itself? 401 always; 403 only when its body
    says so: CourtListener answers 403 for an endpoint the token may not use (RECAP endpoints
    were invite-only), which says nothing about the other endpoints."""
    if status == 401:
        return True
    if status != 403:
        return False
    text = body[:4096].decode("utf-8", "replace").lower()
    return any(word in text for word in _REFUSAL_WORDS)


class CredentialsRefused(IgnoreRequest):
    """A budgeted request not made because its API refused the token or key earlier in this
    crawl (401/403): asking again with the same credentials only spends calls."""

    def __init__(self, source: str, status: int):
        self.source = source
        self.status = status
        super().__init__(
            f"{source} API refused the credentials earlier in this crawl (HTTP {status}); "
            "not asked again"
        )


class BudgetExhausted(IgnoreRequest):
    """A budgeted request dropped because its source has no calls left for now."""

    def __init__(
        self,
        source: str,
        window: str,
        limit: int,
        count: int | None = None,
        retry_at: datetime | None = None,
    ):
        self.source = source
        self.window = window
        self.limit = limit
        self.count = limit if count is None else count
        self.retry_at = retry_at
        super().__init__(self._message())

    def _message(self) -> str:
        head = (
            f"{self.source} API budget exhausted: {self.count} calls in the last {self.window} "
            f"(limit {self.limit})"
        )
        if self.retry_at is None:
            return f"{head}; no calls allowed"
        return f"{head}; next call allowed after {format_time(self.retry_at)}"

    def __reduce__(self) -> tuple[Any, ...]:  # keep the fields through pickling
        return (type(self), (self.source, self.window, self.limit, self.count, self.retry_at))


@dataclass(frozen=True)
class Decision:
    """What a budget says about one more call now.

    `allowed`: go (`call_id` is the recorded call when it came from `acquire`); otherwise
    `wait` > 0 seconds (a minute window) or `exhausted`, with the window that decided, its
    limit, the calls counted in it and `retry_at` (epoch seconds) when a call will be allowed.
    """

    allowed: bool
    wait: float = 0.0
    exhausted: bool = False
    window: str | None = None
    limit: int | None = None
    count: int = 0
    retry_at: float | None = None
    call_id: int | None = None

    def error(self, source: str) -> BudgetExhausted:
        retry = None if self.retry_at is None else datetime.fromtimestamp(self.retry_at, UTC)
        return BudgetExhausted(source, self.window or "?", self.limit or 0, self.count, retry)


ALLOWED = Decision(allowed=True)


def format_time(when: datetime) -> str:
    """`2026-11-22T10:00:01+00:00`: UTC, rounded *up* to the second (never too early)."""
    when = when.astimezone(UTC)
    if when.microsecond:
        when = datetime.fromtimestamp(int(when.timestamp()) + 1, UTC)
    return when.isoformat()


def to_iso(ts: float) -> str:
    """Stored form of a call time: fixed-width ISO 8601 UTC with microseconds (sorts as text)."""
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="microseconds")


def from_iso(text: str) -> float:
    when = datetime.fromisoformat(text)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.timestamp()


# ------------------------------------------------------------------------------ the rule


def _free_at(calls: list[float], limit: int, span: float) -> float | None:
    """When the window (calls sorted, all inside it) has room again; None if never (limit 0)."""
    if limit <= 0:
        return None
    return calls[len(calls) - limit] + span


def evaluate(
    calls: Iterable[float],
    limits: Mapping[str, int],
    now: float,
    *,
    max_wait: float = DEFAULT_MAX_WAIT,
    windows: Mapping[str, float] | None = None,
) -> Decision:
    """Decide one more call at `now` given earlier call times (epoch seconds); pure.

    Calls in the future (in flight, or clocks slightly apart) count as inside every window.
    When several windows are full, the one that frees up last decides; a wait is only
    possible when every full window is waitable and the wait is at most `max_wait`.
    """
    spans = {**WINDOWS, **(windows or {})}
    times = sorted(calls)
    worst: Decision | None = None
    for window, limit in limits.items():
        if window not in spans:
            raise ValueError(f"unknown budget window {window!r}; known: {', '.join(spans)}")
        span = spans[window]
        inside = [t for t in times if t > now - span]
        if len(inside) < limit:
            continue
        free = _free_at(inside, limit, span)
        decision = Decision(
            allowed=False,
            wait=max(0.0, free - now) if free is not None else float("inf"),
            exhausted=window not in WAITABLE or free is None,
            window=window,
            limit=limit,
            count=len(inside),
            retry_at=free,
        )
        if worst is None or _later(decision, worst):
            worst = decision
    if worst is None:
        return ALLOWED
    if worst.exhausted or worst.wait > max_wait:
        return replace(worst, exhausted=True, wait=0.0)
    return replace(worst, wait=max(worst.wait, 0.001))


def _later(a: Decision, b: Decision) -> bool:
    """Is `a` the stricter verdict (frees later; exhausted beats a wait at equal times)?"""
    fa = float("inf") if a.retry_at is None else a.retry_at
    fb = float("inf") if b.retry_at is None else b.retry_at
    return (fa, a.exhausted) > (fb, b.exhausted)


# ------------------------------------------------------------------------- configuration


def env_name(source: str, window: str) -> str:
    """`courtlistener`, `day` → `SEALTRAIL_COURTLISTENER_PER_DAY`."""
    return f"SEALTRAIL_{re.sub(r'[^A-Za-z0-9]', '_', source).upper()}_PER_{window.upper()}"


def _parse_limit(name: str, value: str) -> int | None:
    value = value.strip().lower()
    if value in _OFF:
        return None
    if not value.isdigit():
        raise ValueError(f"{name} must be a non-negative integer, 'off' or 'none': {value!r}")
    return int(value)


def resolve_budgets(
    configured: Mapping[str, Mapping[str, int]] | None,
    defaults: Mapping[str, Mapping[str, int]],
    environ: Mapping[str, str] | None = None,
) -> dict[str, Limits]:
    """Effective limits per source: defaults, then `configured` per source, then environment.

    `configured` replaces a source's limits whole; environment variables set or remove single
    windows (see the module docstring for names and values).
    """
    environ = os.environ if environ is None else environ
    budgets = {src: dict(lim) for src, lim in defaults.items()}
    budgets.update({src: dict(lim or {}) for src, lim in (configured or {}).items()})
    for source, limits in budgets.items():
        for window in WINDOWS:
            name = env_name(source, window)
            if name not in environ:
                continue
            limit = _parse_limit(name, environ[name])
            if limit is None:
                limits.pop(window, None)
            else:
                limits[window] = limit
        for window, limit in limits.items():
            if window not in WINDOWS:
                raise ValueError(f"budget {source!r}: unknown window {window!r}")
            limits[window] = int(limit)
    return budgets


def uses_demo_key(url: str, headers: Mapping[Any, Any] | None = None) -> bool:
    """Does the request authenticate with api.data.gov's shared `DEMO_KEY`?"""
    query = parse_qs(urlsplit(url).query)
    if DEMO_KEY in query.get("api_key", []):
        return True
    value = (headers or {}).get(b"X-Api-Key") or (headers or {}).get("X-Api-Key")
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    return value == DEMO_KEY


def budget_name(name: str, budgets: Mapping[str, Any], url: str, headers: Any = None) -> str:
    """The budget a request counts against: `<name>_demo` when it uses DEMO_KEY and exists."""
    if name.endswith(DEMO_SUFFIX):
        return name
    demo = name + DEMO_SUFFIX
    if demo in budgets and uses_demo_key(url, headers):
        return demo
    return name


# ------------------------------------------------------------------------------ the store


class CallBudget:
    """The budget of one source over a store's API calls (`monitor.crawl_store.CrawlStore`, or
    a `sqlite_utils.Database` / `sqlite3` connection wrapped in one).

    `check()` only reads; `acquire()` checks and, when allowed, records the call in the same
    write transaction (`CrawlStore.reserve_api_call`); `finish(call_id)` moves a call to the
    time its answer came; `record()` records a call unconditionally. `clock` (epoch seconds)
    is injectable. The rules are `evaluate`; no SQL here.
    """

    def __init__(
        self,
        store: Any,
        source: str,
        limits: Mapping[str, int],
        *,
        max_wait: float = DEFAULT_MAX_WAIT,
        windows: Mapping[str, float] | None = None,
        clock: Callable[[], float] = time.time,
        prune: bool = True,
    ):
        # a CrawlStore, or another store with its API-call methods (shared counters in
        # Redis: crawler.distributed.budgets.RedisCrawlStore); else a store to wrap in one
        self.store = store if hasattr(store, "reserve_api_call") else CrawlStore(store)
        self.source = source
        self.limits = dict(limits)
        self.max_wait = max_wait
        self.windows = {**WINDOWS, **(windows or {})}
        self.clock = clock
        self.in_flight: set[int] = set()
        if prune:
            self.prune()

    @property
    def horizon(self) -> float:
        """How far back calls matter (seconds): the longest window in use."""
        spans = [self.windows[w] for w in self.limits] or [0.0]
        return max(spans)

    def _since(self, now: float) -> str:
        return to_iso(now - self.horizon - 1.0)  # a second of slack for odd formats; exact below

    def _times(self, rows: list[tuple[int, str]], now: float) -> list[float]:
        done = [from_iso(at) for i, at in rows if i not in self.in_flight]
        return [t for t in done if t > now - self.horizon] + [now] * len(self.in_flight)

    def calls(self, now: float | None = None) -> list[float]:
        """Times of this source's calls that can still count; in-flight ones count as `now`."""
        now = self.clock() if now is None else now
        return self._times(self.store.api_calls(self.source, self._since(now)), now)

    def check(self, now: float | None = None) -> Decision:
        now = self.clock() if now is None else now
        return self._evaluate(self.calls(now), now)

    def _evaluate(self, calls: list[float], now: float) -> Decision:
        return evaluate(calls, self.limits, now, max_wait=self.max_wait, windows=self.windows)

    def acquire(self, now: float | None = None) -> Decision:
        """Check and, if allowed, record the call atomically (across processes too)."""
        now = self.clock() if now is None else now
        decision, call_id = self.store.reserve_api_call(
            self.source,
            to_iso(now),
            self._since(now),
            lambda rows: self._evaluate(self._times(rows, now), now),
        )
        if call_id is not None:
            self.in_flight.add(call_id)
            decision = Decision(allowed=True, call_id=call_id)
        return decision

    def record(self, now: float | None = None) -> int:
        """Record one call at `now` whatever the limits say (committed at once)."""
        return self.store.add_api_call(self.source, to_iso(self.clock() if now is None else now))

    def finish(self, call_id: int, now: float | None = None) -> None:
        """The answer to an acquired call came back: its time becomes `now`."""
        self.in_flight.discard(call_id)
        now = self.clock() if now is None else now
        self.store.api_call_answered(call_id, to_iso(now))

    def prune(self, now: float | None = None) -> int:
        """Delete calls (of every source) older than a day or the longest window."""
        now = self.clock() if now is None else now
        keep = max(max(self.windows.values()), WINDOWS["day"])
        return self.store.prune_api_calls(to_iso(now - keep))
