"""GovInfo and CourtListener crawled by workers (crawler/distributed): a real Redis server on
loopback (tests/redis_server.py), worker processes (`run_worker`, one per subprocess, every
source), one ingester, and the loopback GovInfo and CourtListener sample servers of
tests/test_govinfo_crawl.py and tests/test_courtlistener_crawl.py (all SAMPLE data).

What these prove: two workers and one ingester give the store a single-process crawl gives,
row for row (time columns aside), for GovInfo (listings, MODS, order texts from HTML and PDF)
and for CourtListener with a token (search pages, the order's text, the docket and party
lookups of a case the store lacks a description for); a worker SIGKILLed midway still gives
that store; two workers together never send an API more calls than its one budget in Redis
(counted by the server that answered); a key refused by GovInfo stops the other worker's
calls; tokens and keys reach neither Redis, nor the logs, nor the store.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import run_crawl
from tests.loopback import LoopbackServer, Reply
from tests.test_courtlistener_crawl import (
    DEFAULT_QUERY,
    EMPTY_SEARCH,
    TOKEN,
    local,
    reply,
    serve_search,
    store_pacer_case,
)
from tests.test_courtlistener_crawl import SETTINGS as CL_SETTINGS
from tests.test_courtlistener_crawl import SINCE as CL_SINCE
from tests.test_govinfo_crawl import (
    APPEAL,
    CRIMINAL,
    govinfo_args,
    listing_of,
    listing_path,
    mods,
    mods_path,
    serve_casd,
)

pytest.importorskip("scrapy_redis", reason="pip install '.[distributed]'")
from crawler.distributed import keys  # noqa: E402
from crawler.distributed.budgets import calls_key, refused_key  # noqa: E402
from crawler.distributed.ingest import crawl_distributed  # noqa: E402
from crawler.spiders.courtlistener import docket_url, parties_url, search_url  # noqa: E402
from tests.redis_server import RedisServer  # noqa: E402
from tests.test_distributed import store_rows, workers  # noqa: E402
from tests.test_distributed_budgets import redis_contents  # noqa: E402

GOVINFO_KEY = "gi-sample-key-7d41e0b2"
GOVINFO_COURTS = ["casd", "ca9", "txsd"]
NO_BUDGET_WAITS = {
    "SEALTRAIL_BUDGETS": {
        "govinfo": {"hour": 1000},
        "courtlistener": {"minute": 1000, "hour": 1000, "day": 1000},
    }
}


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    with RedisServer() as server:
        yield server


def statuses(summary: dict[str, dict]) -> dict[str, tuple]:
    return {
        c: (s["status"], s["items"], s["new_events"], s["requests"]) for c, s in summary.items()
    }


def serve_govinfo(server: LoopbackServer, tmp_path: Path, delay: float = 0.0) -> None:
    """casd (two listing pages, two cases, texts as HTML and PDF), ca9 and txsd (one each)."""
    serve_casd(server, tmp_path)
    server.route(listing_path("ca9"), listing_of(APPEAL))
    server.route(listing_path("txsd"), listing_of(CRIMINAL))
    server.route(mods_path(APPEAL), mods(APPEAL, delay=delay))
    server.route(mods_path(CRIMINAL), mods(CRIMINAL, delay=delay))


def same_rows(db: Path) -> dict[str, list[tuple]]:
    """`store_rows` but `api_calls`: a worker's calls are counted in Redis (checked apart)."""
    found = store_rows(db)
    found.pop("api_calls")
    return found


def api_requests(server: LoopbackServer) -> list:
    return [r for r in server.requests if r.path.startswith(("/published/", "/packages/"))]


def govinfo_single(server: LoopbackServer, tmp_path: Path, **settings) -> tuple[Path, dict]:
    db = tmp_path / "single.db"
    result = run_crawl(
        db,
        GOVINFO_COURTS,
        source="govinfo",
        spider_args=govinfo_args(server),
        settings={**NO_BUDGET_WAITS, **settings},
        env={"GOVINFO_API_KEY": GOVINFO_KEY},
    )
    return db, result.summary


def test_govinfo_on_two_workers_gives_the_single_process_store(
    server, redis_server, tmp_path, monkeypatch
):
    serve_govinfo(server, tmp_path, delay=0.2)
    single_db, single = govinfo_single(server, tmp_path)
    single_api = len(api_requests(server))
    monkeypatch.setenv("GOVINFO_API_KEY", GOVINFO_KEY)  # the workers' environment
    dist_db = tmp_path / "dist.db"
    with workers(redis_server.url, tmp_path, SEALTRAIL_WORKER_COURTS=1) as pool:
        pool.start("w1")
        pool.start("w2")
        summary = crawl_distributed(
            redis_server.url,
            "govinfo",
            GOVINFO_COURTS,
            str(dist_db),
            settings=NO_BUDGET_WAITS,
            spider_args=govinfo_args(server),
            deadline_s=120,
        )
        logs = pool.log("w1") + pool.log("w2")

    assert statuses(summary) == statuses(single)
    assert summary["casd"]["status"] == "ok" and summary["casd"]["new_events"] == 2
    expected = same_rows(single_db)
    assert expected["documents"] and expected["cases"] and expected["fetch_state"]
    assert same_rows(dist_db) == expected
    # both workers took courts, and made the same API calls one process made
    assert pool.results_sent("w1") and pool.results_sent("w2")
    assert pool.results_sent("w1") + pool.results_sent("w2") == len(GOVINFO_COURTS)
    assert len(api_requests(server)) == 2 * single_api
    assert all(r.headers.get("X-Api-Key") == GOVINFO_KEY for r in api_requests(server))
    # the calls were counted in Redis; the key is nowhere but in the requests' header
    client = keys.connect(redis_server.url)
    assert client.zcard(calls_key("govinfo")) == single_api
    assert GOVINFO_KEY not in logs
    assert GOVINFO_KEY not in repr(redis_contents(redis_server.url))
    assert list((tmp_path / "workers").iterdir()) == []  # no worker made a store
    assert client.llen(keys.jobs("govinfo")) == 0


def test_two_govinfo_workers_share_one_api_budget(server, redis_server, tmp_path, monkeypatch):
    serve_govinfo(server, tmp_path, delay=0.1)
    monkeypatch.setenv("GOVINFO_API_KEY", GOVINFO_KEY)
    budget = {"SEALTRAIL_BUDGETS": {"govinfo": {"hour": 3}}}
    with workers(redis_server.url, tmp_path, SEALTRAIL_WORKER_COURTS=1, **budget) as pool:
        pool.start("w1")
        pool.start("w2")
        summary = crawl_distributed(
            redis_server.url,
            "govinfo",
            GOVINFO_COURTS,
            str(tmp_path / "dist.db"),
            spider_args=govinfo_args(server, fetch_text=False),
            deadline_s=120,
        )
    # one process alone would call 8 times (3 listings, a second casd page, 4 MODS); each
    # worker on a budget of its own could call 3 times: together they called 3 times
    assert len(api_requests(server)) == 3
    assert keys.connect(redis_server.url).zcard(calls_key("govinfo")) == 3
    assert pool.results_sent("w1") and pool.results_sent("w2")
    notes = [n for s in summary.values() for n in s["detail"].get("notes", [])]
    assert any("budget used up" in n for n in notes), summary


def test_a_key_govinfo_refuses_stops_the_other_worker(server, redis_server, tmp_path, monkeypatch):
    """w2 starts after w1 met the refusal and must take a court without asking the API. w1's
    first RSS answer is held until w2 is taking jobs (a barrier the test joins), so w1 cannot
    empty the queue while w2 starts: on a loaded machine (two CI runs at once) it did."""
    server.robots("User-agent: *\nDisallow:\n")
    refusal = b'{"error": {"code": "API_KEY_INVALID", "message": "invalid key"}}'
    gate = threading.Barrier(2, timeout=90)
    for court in GOVINFO_COURTS:
        server.route(listing_path(court), Reply(403, refusal, content_type="application/json"))
        server.route(f"/rss/uscourts-{court}.xml", Reply(404, b"none", together=gate))
    monkeypatch.setenv("GOVINFO_API_KEY", "not-a-real-key-3e9a")
    found: dict = {}
    with workers(redis_server.url, tmp_path, SEALTRAIL_WORKER_COURTS=1) as pool:
        pool.start("w1")
        ingest = threading.Thread(
            target=lambda: found.update(
                crawl_distributed(
                    redis_server.url,
                    "govinfo",
                    GOVINFO_COURTS,
                    str(tmp_path / "dist.db"),
                    settings=NO_BUDGET_WAITS,
                    spider_args=govinfo_args(server),
                    deadline_s=120,
                )
            )
        )
        ingest.start()
        deadline = time.monotonic() + 60
        while not api_requests(server) and time.monotonic() < deadline:
            time.sleep(0.05)
        pool.start("w2")  # after the refusal: it must not ask the API again
        while "w2.govinfo takes jobs" not in pool.log("w2") and time.monotonic() < deadline:
            time.sleep(0.05)
        with contextlib.suppress(threading.BrokenBarrierError):
            gate.wait()  # w1's held RSS answer goes out now that w2 is taking jobs ...
        gate.abort()  # ... and every later one at once
        ingest.join(timeout=120)
    assert not ingest.is_alive()
    # one refusal, recorded in Redis: neither worker asked the API again
    assert [r.status for r in api_requests(server)] == [403]
    assert keys.connect(redis_server.url).get(refused_key("govinfo")) == b"403"
    assert pool.results_sent("w2") >= 1, found
    refused = [c for c, s in found.items() if s["detail"].get("kind") == "api_key"]
    assert len(refused) == 1, found
    assert "not-a-real-key-3e9a" not in pool.log("w1") + pool.log("w2")


def test_a_sigkilled_govinfo_worker_loses_nothing(server, redis_server, tmp_path, monkeypatch):
    serve_govinfo(server, tmp_path, delay=0.5)
    single_db, single = govinfo_single(server, tmp_path)
    monkeypatch.setenv("GOVINFO_API_KEY", GOVINFO_KEY)
    before = len(server.requests)
    dist_db = tmp_path / "dist.db"
    client = keys.connect(redis_server.url)
    doomed_id = "doomed.govinfo"  # the GovInfo spider of worker `doomed`
    with workers(redis_server.url, tmp_path, SEALTRAIL_WORKER_TTL=1.5) as pool:
        doomed = pool.start("doomed")
        found: dict = {}
        ingest = threading.Thread(
            target=lambda: found.update(
                crawl_distributed(
                    redis_server.url,
                    "govinfo",
                    GOVINFO_COURTS,
                    str(dist_db),
                    settings=NO_BUDGET_WAITS,
                    spider_args=govinfo_args(server),
                    deadline_s=120,
                )
            )
        )
        ingest.start()
        deadline = time.monotonic() + 60
        # midway: the doomed worker holds every court and has answered some MODS requests
        while time.monotonic() < deadline:
            mods_seen = [r for r in server.requests[before:] if "/mods" in r.path]
            if len(mods_seen) >= 2:
                break
            time.sleep(0.05)
        assert client.llen(keys.doing(doomed_id)) == len(GOVINFO_COURTS)
        doomed.send_signal(signal.SIGKILL)
        doomed.wait()
        pool.start("rescuer")
        ingest.join(timeout=120)
    assert not ingest.is_alive()
    assert statuses(found) == statuses(single)
    assert same_rows(dist_db) == same_rows(single_db)
    assert pool.results_sent("rescuer") == len(GOVINFO_COURTS)
    assert client.llen(keys.doing(doomed_id)) == 0


def serve_courtlistener(server: LoopbackServer) -> None:
    """Search pages 1 and 2, the order's text, and the docket and parties of a PACER case."""
    serve_search(server)
    dockets = docket_url(server.base_url, "casd", "3:26-cv-03950")
    server.route(local(server, dockets), reply("dockets_list.json"))
    server.route(local(server, parties_url(server.base_url, "71230055")), reply("parties.json"))


def test_courtlistener_on_workers_gives_the_single_process_store(
    server, redis_server, tmp_path, monkeypatch
):
    serve_courtlistener(server)
    args = {"base_url": server.base_url, "since": CL_SINCE}
    single_db = tmp_path / "single.db"
    store_pacer_case(single_db)  # a case to look up: the ingester reads it for the workers
    single = run_crawl(
        single_db,
        None,
        source="courtlistener",
        spider_args=args,
        settings=CL_SETTINGS,
        env={"COURTLISTENER_TOKEN": TOKEN},
    ).summary
    single_paths = sorted(server.paths())
    monkeypatch.setenv("COURTLISTENER_TOKEN", TOKEN)
    dist_db = tmp_path / "dist.db"
    store_pacer_case(dist_db)
    with workers(redis_server.url, tmp_path) as pool:
        pool.start("w1")
        pool.start("w2")
        summary = crawl_distributed(
            redis_server.url,
            "courtlistener",
            None,
            str(dist_db),
            settings=CL_SETTINGS,
            spider_args=args,
            deadline_s=120,
        )
        logs = pool.log("w1") + pool.log("w2")

    assert statuses(summary) == statuses(single)
    assert summary["all"]["status"] == "ok"
    expected = same_rows(single_db)
    assert expected["documents"] and expected["case_parties"]  # the order, the lookup
    assert same_rows(dist_db) == expected
    # the worker asked exactly what one process asked, the lookup included
    assert sorted(server.paths()[len(single_paths) :]) == single_paths
    assert search_url(server.base_url, DEFAULT_QUERY, CL_SINCE, [])[len(server.base_url) :] in (
        single_paths
    )
    assert pool.results_sent("w1") + pool.results_sent("w2") == 1
    assert TOKEN not in logs
    client = keys.connect(redis_server.url)
    assert TOKEN not in repr(redis_contents(redis_server.url))
    assert client.zcard(calls_key("courtlistener")) == len(
        [p for p in single_paths if p.startswith("/api/")]
    )


def test_courtlistener_without_token_on_a_worker_polls_the_atom_feed(
    server, redis_server, tmp_path, monkeypatch
):
    from crawler.spiders.courtlistener import atom_url

    server.robots("User-agent: *\nDisallow:\n")
    feed = atom_url(server.base_url, DEFAULT_QUERY, [])
    server.route(local(server, feed), reply("search_feed.xml"))
    server.route(
        local(server, search_url(server.base_url, DEFAULT_QUERY, CL_SINCE, [])),
        Reply(200, EMPTY_SEARCH, content_type="application/json"),
    )
    monkeypatch.delenv("COURTLISTENER_TOKEN", raising=False)
    with workers(redis_server.url, tmp_path) as pool:
        pool.start("w1")
        summary = crawl_distributed(
            redis_server.url,
            "courtlistener",
            None,
            str(tmp_path / "dist.db"),
            settings=CL_SETTINGS,
            spider_args={"base_url": server.base_url, "since": CL_SINCE},
            deadline_s=60,
        )
    assert summary["all"]["status"] == "partial"  # one feed entry has no docket number
    assert summary["all"]["items"] >= 1
    assert not [p for p in server.paths() if p.startswith("/api/")]
