"""Politeness across workers: one request at a time per host, with its pauses, in Redis.

Scrapy's `CONCURRENT_REQUESTS_PER_DOMAIN`, `DOWNLOAD_DELAY`, AutoThrottle, robots.txt
`Crawl-delay` (`crawler.middlewares.SafeRobotsTxtMiddleware`) and `Retry-After`
(`RetryAfterMiddleware`) all hold per process: two workers would each ask a host once at a
time, which is twice at a time for the host. `HostLockMiddleware` (innermost downloader
middleware, so it sees only requests that really go out, robots.txt included) makes them hold
across all workers:

- before a request goes out it takes `sealtrail:host:<host>:lock` (`SET NX PX`, value: this
  request's token); a worker that finds it taken waits without blocking the reactor (polling
  every `SEALTRAIL_HOST_LOCK_POLL` seconds) and never holds a download slot meanwhile;
- when the answer (or the failure) is in, the lock is not deleted but left to expire after
  this host's delay in this worker: the larger of the download slot's delay (DOWNLOAD_DELAY,
  AutoThrottle) and the `Crawl-delay` floor robots.txt set. The next request to the host,
  from any worker, goes out no sooner;
- a 429 or 503 with `Retry-After` also sets `sealtrail:host:<host>:pause` for the wait asked
  (capped at `RETRY_AFTER_MAX`): no worker takes the lock while it lasts;
- the lock is released only by the token that took it (a Lua check-and-set), so a request
  whose lock expired cannot free another's;
- a worker that dies holding a lock holds it until the ingester notices (its heartbeat
  expired: `release_locks_of`), and at most `SEALTRAIL_HOST_LOCK_S` seconds (default:
  `DOWNLOAD_TIMEOUT` + 60, longer than any answer and delay takes).

Redis calls are synchronous (redis-py) on the reactor thread: on a LAN they take well under a
millisecond, and a request waits for the lock with `scrapy.utils.asyncio.sleep`, never a
blocking sleep.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from scrapy.http import Request, Response

from crawler.distributed import keys
from crawler.middlewares import PoliteDownloader, _sleep, parse_retry_after

logger = logging.getLogger(__name__)

# Expire the lock after ARGV[2] ms if ARGV[1] still holds it (0: delete it now).
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  if tonumber(ARGV[2]) > 0 then
    return redis.call('pexpire', KEYS[1], ARGV[2])
  end
  return redis.call('del', KEYS[1])
end
return 0
"""
META = "_sealtrail_host_lock"


class HostLockMiddleware:
    """See the module docstring."""

    RETRY_AFTER_STATUSES = (429, 503)

    def __init__(self, crawler: Any):
        settings = crawler.settings
        self.crawler = crawler
        self.server = keys.connect(settings.get("REDIS_URL"))
        timeout = settings.getfloat("DOWNLOAD_TIMEOUT", 30.0)
        self.hold_s = settings.getfloat("SEALTRAIL_HOST_LOCK_S", timeout + 60.0)
        self.poll_s = settings.getfloat("SEALTRAIL_HOST_LOCK_POLL", 0.05)
        self.retry_after_max = settings.getfloat("RETRY_AFTER_MAX", 300.0)
        self._release = self.server.register_script(_RELEASE)

    @classmethod
    def from_crawler(cls, crawler: Any) -> HostLockMiddleware:
        return cls(crawler)

    def _downloader(self) -> Any:
        return getattr(getattr(self.crawler, "engine", None), "downloader", None)

    def host(self, request: Request) -> str:
        downloader = self._downloader()
        if downloader is not None and hasattr(downloader, "get_slot_key"):
            return downloader.get_slot_key(request)
        from scrapy.utils.httpobj import urlparse_cached

        return urlparse_cached(request).hostname or ""

    def _token(self) -> str:
        """`<worker id>:<random>`: the ingester frees the locks of a worker that died."""
        worker = getattr(self.crawler.spider, "worker_id", "") or ""
        return f"{worker}:{uuid.uuid4().hex}"

    async def process_request(self, request: Request, spider: Any = None) -> None:
        host = self.host(request)
        token = self._token()
        lock, pause = keys.host_lock(host), keys.host_pause(host)
        waits = 0
        while True:
            paused_ms = self.server.pttl(pause)
            if paused_ms and paused_ms > 0:
                await _sleep(paused_ms / 1000)
                continue
            if self.server.set(lock, token, nx=True, px=int(self.hold_s * 1000)):
                break
            waits += 1
            await _sleep(self.poll_s)
        if waits and self.crawler.stats is not None:
            self.crawler.stats.inc_value("host_lock/waited")
        request.meta[META] = (host, token)
        return None

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Response:
        self._done(request, response)
        return response

    def process_exception(self, request: Request, exception: Exception, spider: Any = None) -> None:
        self._done(request, None)
        return None

    def delay(self, host: str) -> float:
        """This worker's delay for `host`: its slot's (DOWNLOAD_DELAY, AutoThrottle) or the
        robots.txt Crawl-delay floor, whichever is larger."""
        downloader = self._downloader()
        if downloader is None:
            return self.crawler.settings.getfloat("DOWNLOAD_DELAY", 0.0)
        slot = downloader.slots.get(host)
        delay = slot.delay if slot is not None else 0.0
        if isinstance(downloader, PoliteDownloader):
            delay = max(delay, downloader._min_delay.get(host, 0.0))
        return max(delay, self.crawler.settings.getfloat("DOWNLOAD_DELAY", 0.0))

    def _done(self, request: Request, response: Response | None) -> None:
        held = request.meta.pop(META, None)
        if held is None:
            return
        host, token = held
        if response is not None and response.status in self.RETRY_AFTER_STATUSES:
            asked = parse_retry_after(response.headers.get(b"Retry-After"))
            if asked:
                wait = min(asked, self.retry_after_max)
                self.server.set(keys.host_pause(host), b"1", px=max(1, int(wait * 1000)))
                logger.info("%s asked for Retry-After %.1fs: all workers pause", host, wait)
        delay_ms = int(self.delay(host) * 1000)
        self._release(keys=[keys.host_lock(host)], args=[token, delay_ms])


def release_locks_of(server: Any, worker: str) -> int:
    """Free the host locks a dead worker still holds (their value starts with its id)."""
    freed = 0
    for key in server.scan_iter(match=keys.host_lock("*"), count=100):
        value = server.get(key)
        if value is not None and value.decode("utf-8", "replace").startswith(f"{worker}:"):
            freed += server.delete(key)
    return freed
