"""API budgets shared by workers (crawler/distributed/budgets.py): a real Redis server on
loopback (tests/redis_server.py), the real `CallBudget` rules, and real Scrapy crawls of the
budget probe spider (tests/budget_spider.py) in separate processes against the loopback server.

What these prove: the Redis store gives the same decisions as the SQLite store, call for
call; processes taking calls at the same moment never take more than the limit; two crawls at
once never send the API more requests than the budget (counted by the server that answered);
a refused token stops the other crawls without one more call; nothing but source names,
call ids, times and a status is written to Redis.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crawler.budget import CallBudget
from monitor.crawl_store import CrawlStore
from monitor.schema import connect
from tests.conftest import ROOT
from tests.loopback import LoopbackServer, Reply
from tests.test_budget import api_hits, serve_all

pytest.importorskip("scrapy_redis", reason="pip install '.[distributed]'")
from crawler.distributed import keys  # noqa: E402
from crawler.distributed.budgets import RedisCrawlStore, calls_key, refused_key  # noqa: E402
from crawler.distributed.worker import worker_settings  # noqa: E402
from tests.redis_server import RedisServer  # noqa: E402

TOKEN = "probe-secret-token-9f3b1c"


class Clock:
    def __init__(self, now: float = 1_796_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    with RedisServer() as server:
        yield server


def redis_store(redis_server: RedisServer) -> RedisCrawlStore:
    return RedisCrawlStore(keys.connect(redis_server.url))


def replay(store: Any, clock: Clock) -> list[tuple]:
    """One scenario through `CallBudget`: what it decides at each step."""
    budget = CallBudget(store, "probe", {"minute": 2, "day": 4}, clock=clock)
    seen = []
    for step in range(7):
        decision = budget.acquire()
        seen.append((step, decision.allowed, decision.exhausted, decision.window, decision.wait))
        if decision.allowed:
            clock.now += 1
            budget.finish(decision.call_id)  # answered a second later
        else:
            clock.now += 30
    seen.append(("in the window", len(budget.calls())))
    clock.now += 86400
    budget.prune()
    seen.append(("after a day", len(budget.calls()), budget.check().allowed))
    return seen


def test_the_redis_store_decides_as_the_sqlite_store_does(redis_server, tmp_path):
    in_sqlite = replay(CrawlStore(connect(str(tmp_path / "b.db"))), Clock())
    in_redis = replay(redis_store(redis_server), Clock())

    assert in_redis == in_sqlite
    allowed = [step for step in in_sqlite[:7] if step[1]]
    assert len(allowed) == 4  # the day's limit, with minute waits in between
    assert any(step[3] == "minute" and step[4] > 0 for step in in_sqlite[:7])
    assert in_sqlite[7] == ("in the window", 4)
    assert in_sqlite[8] == ("after a day", 0, True)


def test_an_answer_moves_a_call_later_never_earlier(redis_server):
    store = redis_store(redis_server)
    clock = Clock()
    budget = CallBudget(store, "probe", {"minute": 1}, clock=clock)
    call = budget.acquire().call_id
    clock.now += 30
    budget.finish(call)  # answered 30 s later: it counts from then
    assert budget.check().wait == pytest.approx(60)
    store.api_call_answered(call, "2020-01-01T00:00:00.000000+00:00")  # not ours any more
    assert budget.check().wait == pytest.approx(60)


TAKER = """
import json, sys
from crawler.budget import CallBudget
from crawler.distributed import keys
from crawler.distributed.budgets import RedisCrawlStore
store = RedisCrawlStore(keys.connect(sys.argv[1]))
budget = CallBudget(store, "probe", {"day": int(sys.argv[2])}, prune=False)
taken = [budget.acquire().allowed for _ in range(int(sys.argv[3]))]
print(json.dumps(sum(taken)))
"""


def test_processes_taking_calls_at_once_never_take_more_than_the_limit(redis_server):
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", TAKER, redis_server.url, "25", "40"],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    taken = [json.loads(proc.communicate(timeout=60)[0]) for proc in procs]

    assert sum(taken) == 25  # 160 attempts, four processes, one shared day of 25
    assert all(proc.returncode == 0 for proc in procs)
    assert keys.connect(redis_server.url).zcard(calls_key("probe")) == 25


# ----------------------------------------------------------------------- real crawls


def probe(
    redis_url: str, server: LoopbackServer, db: Path, budget: dict[str, int], **spider: Any
) -> subprocess.Popen:
    """Start the budget probe spider with the workers' middlewares (budgets in Redis)."""
    out = db.with_suffix(f".{os.urandom(4).hex()}.json")
    settings = {
        "REDIS_URL": redis_url,
        "DOWNLOADER_MIDDLEWARES": worker_settings(redis_url)["DOWNLOADER_MIDDLEWARES"],
        "SEALTRAIL_BUDGETS": {"probe": budget},
    }
    args = {
        "db": str(db),
        "out": str(out),
        "settings": settings,
        "spider": {"base_url": server.base_url, **spider},
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.budget_spider", json.dumps(args)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PROBE_TOKEN": TOKEN},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    proc.out = out  # type: ignore[attr-defined]
    return proc


def finished(proc: subprocess.Popen) -> dict[str, Any]:
    _, log = proc.communicate(timeout=120)
    assert proc.returncode == 0, log[-3000:]
    result = json.loads(proc.out.read_text())  # type: ignore[attr-defined]
    result["log"] = log
    return result


def redis_contents(url: str) -> dict[str, Any]:
    client = keys.connect(url)
    found: dict[str, Any] = {}
    for key in client.scan_iter(match="*"):
        kind = client.type(key).decode()
        name = key.decode()
        if kind == "string":
            found[name] = client.get(key)
        elif kind == "zset":
            found[name] = client.zrange(key, 0, -1, withscores=True)
        elif kind == "set":
            found[name] = client.smembers(key)
    return found


def test_two_crawls_at_once_share_one_budget(redis_server, server, tmp_path):
    serve_all(server, 6, "api")
    first = probe(redis_server.url, server, tmp_path / "a.db", {"day": 5}, budgeted=6)
    second = probe(redis_server.url, server, tmp_path / "b.db", {"day": 5}, budgeted=6)
    results = [finished(first), finished(second)]

    assert len(api_hits(server)) == 5  # 12 asked for, one budget of 5 between them
    answered = sum(len(r["ok"]) for r in results)
    dropped = [f for r in results for f in r["failed"]]
    assert answered == 5 and len(dropped) == 7
    assert all(f["budget_exhausted"] and f["window"] == "day" for f in dropped)
    assert keys.connect(redis_server.url).zcard(calls_key("probe")) == 5
    # the calls were counted in Redis, never in a store file
    assert not (tmp_path / "a.db").exists() and not (tmp_path / "b.db").exists()


def test_a_refused_token_stops_the_other_crawls_without_another_call(
    redis_server, server, tmp_path
):
    for i in range(3):
        server.route(f"/api/{i}", Reply(401, b'{"detail": "Invalid token."}'))
    budget = {"day": 100}

    first = finished(probe(redis_server.url, server, tmp_path / "a.db", budget, budgeted=1))
    assert [r.status for r in api_hits(server)] == [401]
    second = finished(probe(redis_server.url, server, tmp_path / "b.db", budget, budgeted=3))

    assert len(api_hits(server)) == 1  # the second crawl made no call at all
    assert [f["type"] for f in second["failed"]] == ["CredentialsRefused"] * 3
    assert "refused the credentials earlier" in second["failed"][0]["message"]
    assert [f["type"] for f in first["failed"]] == ["HttpError"]
    client = keys.connect(redis_server.url)
    assert client.get(refused_key("probe")) == b"401"
    assert 0 < client.pttl(refused_key("probe")) <= 3600 * 1000
    # Redis holds source names, ids, times and a status; never a token
    contents = redis_contents(redis_server.url)
    assert TOKEN not in repr(contents)
    assert TOKEN not in first["log"] + second["log"]
    assert all(r.headers.get("Authorization") == f"Token {TOKEN}" for r in api_hits(server))
    assert {k for k in contents if ":budget:" in k} <= {
        "sealtrail:budget:seq",
        "sealtrail:budget:sources",
        calls_key("probe"),
        refused_key("probe"),
    }
