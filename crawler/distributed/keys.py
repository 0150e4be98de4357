"""Redis key names of the distributed crawl, and the connection.

All keys start with `sealtrail:` so one Redis can serve other programs too:

- `sealtrail:jobs:<source>`: the queue of court jobs (a list; the scrapy-redis spider's
  `redis_key`); every run of that source pushes onto it and every worker takes from it;
- `sealtrail:doing:<worker>`: the jobs a worker has taken and not yet answered (each job is
  moved here atomically with `LMOVE`, so a job is always in exactly one list);
- `sealtrail:alive:<worker>`: the worker's heartbeat, a key that expires unless renewed;
  once it has expired, the worker's `doing` list goes back to the queue;
- `sealtrail:workers`: the set of worker ids that may hold jobs;
- `sealtrail:run:<run id>:results`: what the workers send back for one run (a list of JSON
  messages, one per court), read by that run's ingester only;
- `sealtrail:host:<host>:lock` and `...:pause`: politeness across workers (`hostlock`).
"""

from __future__ import annotations

from typing import Any

PREFIX = "sealtrail"
WORKERS = f"{PREFIX}:workers"


def jobs(source: str) -> str:
    return f"{PREFIX}:jobs:{source}"


def doing(worker: str) -> str:
    return f"{PREFIX}:doing:{worker}"


def alive(worker: str) -> str:
    return f"{PREFIX}:alive:{worker}"


def results(run_id: str) -> str:
    return f"{PREFIX}:run:{run_id}:results"


def host_lock(host: str) -> str:
    return f"{PREFIX}:host:{host}:lock"


def host_pause(host: str) -> str:
    return f"{PREFIX}:host:{host}:pause"


def connect(url: str) -> Any:
    """A redis-py client for `url` (`redis://127.0.0.1:6379/0`), answering bytes."""
    import redis

    return redis.Redis.from_url(url)


def describe(url: str) -> str:
    """`url` without a password, for log lines and messages (`redis://:secret@h` has one)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


class RedisUnavailable(Exception):
    """The Redis of `--redis` is malformed or does not answer (said in one line, no trace)."""


def check_reachable(url: str, timeout_s: float = 5.0) -> None:
    """Raise `RedisUnavailable` unless `url` is a Redis URL whose server answers a PING: a
    typo in the scheme or port, or a server that is down, is told before any crawl starts."""
    import redis

    try:
        client = redis.Redis.from_url(
            url, socket_connect_timeout=timeout_s, socket_timeout=timeout_s
        )
        client.ping()
    except ValueError as error:  # the URL itself (scheme, port)
        raise RedisUnavailable(f"not a Redis URL: {describe(url)} ({error})") from None
    except redis.RedisError as error:
        raise RedisUnavailable(f"Redis at {describe(url)} does not answer: {error}") from None
