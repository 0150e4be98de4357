"""API call budgets: the pure sliding-window rule, its store, and real crawls that obey it.

Unit tests drive `crawler.budget` with an injected clock; crawl tests run the tiny spider of
`tests/budget_spider.py` in a fresh process against the loopback server (the real
CourtListener and GovInfo spiders live elsewhere) and check what the server saw. Waiting is
shown with a 2-second "minute" (`SEALTRAIL_BUDGET_WINDOWS`); delays are lower bounds only.
"""

from __future__ import annotations

import json
import os
import pickle
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from scrapy.exceptions import IgnoreRequest

from crawler.budget import (
    BudgetExhausted,
    CallBudget,
    budget_name,
    env_name,
    evaluate,
    from_iso,
    refuses_credentials,
    resolve_budgets,
    to_iso,
    uses_demo_key,
)
from monitor.schema import connect
from tests.loopback import LoopbackServer, Reply

ROOT = Path(__file__).resolve().parent.parent
T0 = datetime(2026, 11, 22, 10, 0, tzinfo=UTC).timestamp()
MINUTE, HOUR, DAY = 60.0, 3600.0, 86400.0


class Clock:
    def __init__(self, now: float = T0):
        self.now = now

    def __call__(self) -> float:
        return self.now


# ------------------------------------------------------------------------ the pure rule


def test_allowed_below_every_limit():
    calls = [T0 - 10, T0 - 20]
    assert evaluate(calls, {"minute": 3, "hour": 3, "day": 3}, T0).allowed
    assert evaluate(calls * 50, {}, T0).allowed


def test_minute_window_full_waits_until_its_oldest_call_leaves():
    calls = [T0 - 50, T0 - 30, T0 - 10]
    decision = evaluate(calls, {"minute": 3}, T0)
    assert not decision.allowed and not decision.exhausted
    assert decision.window == "minute" and decision.limit == 3 and decision.count == 3
    assert decision.wait == pytest.approx(10.0)
    assert decision.retry_at == pytest.approx(T0 + 10)


def test_windows_slide():
    calls = [T0 - 61, T0 - 30, T0 - 10]
    assert evaluate(calls, {"minute": 3}, T0).allowed  # the oldest is out of the minute
    assert not evaluate(calls, {"minute": 3}, T0 - 2).allowed  # two seconds earlier it was in
    assert evaluate([T0 - HOUR - 1] * 40, {"hour": 40}, T0).allowed
    assert not evaluate([T0 - HOUR + 1] * 40, {"hour": 40}, T0).allowed
    assert evaluate([T0 - DAY - 1] * 125, {"day": 125}, T0).allowed


def test_hour_window_full_is_exhausted_not_a_wait():
    calls = [T0 - 3000 + i for i in range(40)]
    decision = evaluate(calls, {"hour": 40}, T0)
    assert decision.exhausted and not decision.allowed and decision.wait == 0
    assert decision.window == "hour" and decision.limit == 40
    assert decision.retry_at == pytest.approx(T0 - 3000 + HOUR)


def test_day_window_full_is_exhausted():
    calls = [T0 - 80000 + 60 * i for i in range(125)]
    decision = evaluate(calls, {"minute": 5, "hour": 50, "day": 125}, T0)
    assert decision.exhausted and decision.window == "day" and decision.count == 125
    assert decision.retry_at == pytest.approx(T0 - 80000 + DAY)


def test_a_wait_longer_than_max_wait_is_exhausted():
    calls = [T0 - 1, T0 - 1]
    assert evaluate(calls, {"minute": 2}, T0, max_wait=65).wait == pytest.approx(59)
    decision = evaluate(calls, {"minute": 2}, T0, max_wait=30)
    assert decision.exhausted and decision.window == "minute"
    assert decision.retry_at == pytest.approx(T0 + 59)


def test_the_window_that_frees_last_decides():
    calls = [T0 - 5] * 5  # minute and hour both full
    decision = evaluate(calls, {"minute": 5, "hour": 5}, T0)
    assert decision.exhausted and decision.window == "hour"


def test_only_calls_beyond_the_limit_must_leave():
    # limit 2, four calls in the window: the third oldest must leave first.
    calls = [T0 - 50, T0 - 40, T0 - 30, T0 - 20]
    assert evaluate(calls, {"minute": 2}, T0).wait == pytest.approx(30)


def test_zero_limit_never_allows():
    decision = evaluate([], {"day": 0}, T0)
    assert decision.exhausted and decision.retry_at is None
    assert str(decision.error("govinfo")).endswith("no calls allowed")


def test_calls_in_the_future_count_and_unknown_windows_fail():
    assert not evaluate([T0 + 5], {"minute": 1}, T0).allowed
    with pytest.raises(ValueError, match="week"):
        evaluate([], {"week": 3}, T0)


def test_windows_can_be_shortened_for_tests():
    decision = evaluate([T0 - 1], {"minute": 1}, T0, windows={"minute": 2})
    assert decision.wait == pytest.approx(1)


def test_budget_exhausted_is_an_ignore_request_with_a_clear_message():
    retry = datetime(2026, 11, 23, 9, 30, 12, 250000, tzinfo=UTC)
    error = BudgetExhausted("courtlistener", "day", 125, 125, retry)
    assert isinstance(error, IgnoreRequest)
    assert (error.source, error.window, error.limit) == ("courtlistener", "day", 125)
    assert str(error) == (
        "courtlistener API budget exhausted: 125 calls in the last day (limit 125); "
        "next call allowed after 2026-11-23T09:30:13+00:00"
    )
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.source, copy.window, copy.limit, str(copy)) == (
        "courtlistener",
        "day",
        125,
        str(error),
    )


def test_decision_error_carries_the_verdict():
    calls = [T0 - 100] * 3
    error = evaluate(calls, {"day": 3}, T0).error("probe")
    assert (error.source, error.window, error.limit, error.count) == ("probe", "day", 3, 3)
    assert error.retry_at == datetime.fromtimestamp(T0 - 100 + DAY, UTC)


# --------------------------------------------------------------------------- the store


def test_acquire_records_until_the_day_is_used_up(tmp_path):
    clock = Clock()
    budget = CallBudget(connect(str(tmp_path / "b.db")), "probe", {"day": 3}, clock=clock)
    ids = []
    for _ in range(3):
        decision = budget.acquire()
        assert decision.allowed and decision.call_id is not None
        budget.finish(decision.call_id)
        ids.append(decision.call_id)
        clock.now += 10
    assert len(set(ids)) == 3
    assert budget.check().exhausted  # check only reads ...
    decision = budget.acquire()
    assert decision.exhausted and decision.call_id is None  # ... and a refusal records nothing
    assert len(budget.calls()) == 3
    clock.now = T0 + DAY + 1  # the first call has left the day
    assert budget.acquire().allowed


def test_limits_hold_across_instances_on_the_same_file(tmp_path):
    path = str(tmp_path / "b.db")
    clock = Clock()
    first = CallBudget(connect(path), "courtlistener", {"minute": 5, "day": 4}, clock=clock)
    for _ in range(2):
        first.record()
        clock.now += 1
    second = CallBudget(connect(path), "courtlistener", {"minute": 5, "day": 4}, clock=clock)
    assert second.acquire().allowed
    assert first.acquire().allowed  # 4 calls now, counted by both
    assert second.check().exhausted and first.check().exhausted
    other = CallBudget(connect(path), "govinfo", {"day": 1}, clock=clock)
    assert other.acquire().allowed  # sources are counted apart


def test_stored_times_are_iso_utc_and_round_trip(tmp_path):
    db = connect(str(tmp_path / "b.db"))
    CallBudget(db, "probe", {"day": 1}, clock=Clock()).record()
    (at,) = db.conn.execute("select at from api_calls").fetchone()
    assert at == "2026-11-22T10:00:00.000000+00:00"
    assert from_iso(at) == T0 and to_iso(T0 + 0.5).endswith(":00.500000+00:00")


def test_pruning_drops_calls_older_than_a_day(tmp_path):
    db = connect(str(tmp_path / "b.db"))
    clock = Clock(T0 - DAY - 100)
    old = CallBudget(db, "courtlistener", {"day": 5}, clock=clock)
    old.record()
    CallBudget(db, "govinfo", {"hour": 5}, clock=clock).record()
    clock.now = T0 - 10
    old.record()
    clock.now = T0
    budget = CallBudget(db, "probe", {"minute": 1}, clock=clock)  # prunes on creation
    rows = db.conn.execute("select source, at from api_calls").fetchall()
    assert rows == [("courtlistener", to_iso(T0 - 10))]
    assert budget.prune() == 0


def test_in_flight_calls_count_as_now_and_are_retimed_when_finished(tmp_path):
    clock = Clock()
    budget = CallBudget(connect(str(tmp_path / "b.db")), "probe", {"minute": 1}, clock=clock)
    call = budget.acquire().call_id
    clock.now += 100  # still in flight (e.g. queued behind a slow host): still counts
    assert budget.check().wait == pytest.approx(60)
    budget.finish(call)
    clock.now += 30
    assert budget.check().wait == pytest.approx(30)  # counted from when the answer came
    clock.now += 31
    assert budget.check().allowed


# ----------------------------------------------------------------------- configuration

DEFAULTS = {
    "courtlistener": {"minute": 5, "hour": 50, "day": 125},
    "govinfo": {"hour": 1000},
    "govinfo_demo": {"hour": 40},
}


def test_what_counts_as_refused_credentials():
    assert refuses_credentials(401, b'{"detail": "Invalid token."}')
    assert refuses_credentials(401)
    assert refuses_credentials(403, b'{"error": {"code": "API_KEY_INVALID", "message": "x"}}')
    assert refuses_credentials(403, b'{"detail": "Invalid token."}')
    permission = b'{"detail": "You do not have permission to perform this action."}'
    assert not refuses_credentials(403, permission)  # that endpoint only
    assert not refuses_credentials(429, b"api_key") and not refuses_credentials(500)


def test_project_defaults():
    from crawler import settings

    assert settings.SEALTRAIL_BUDGETS == DEFAULTS
    assert settings.DOWNLOADER_MIDDLEWARES["crawler.middlewares.BudgetMiddleware"] > max(
        v for k, v in settings.DOWNLOADER_MIDDLEWARES.items() if "Budget" not in k and v
    )


def test_a_crawl_override_replaces_named_sources_and_keeps_the_others():
    budgets = resolve_budgets({"courtlistener": {"day": 3}, "probe": {}}, DEFAULTS, {})
    assert budgets["courtlistener"] == {"day": 3}
    assert budgets["govinfo_demo"] == {"hour": 40}
    assert budgets["probe"] == {}


def test_environment_overrides_single_windows():
    environ = {
        "SEALTRAIL_COURTLISTENER_PER_DAY": "100",
        "SEALTRAIL_COURTLISTENER_PER_MINUTE": "off",
        "SEALTRAIL_GOVINFO_DEMO_PER_DAY": "300",
    }
    budgets = resolve_budgets({"courtlistener": {"day": 3, "minute": 2}}, DEFAULTS, environ)
    assert budgets["courtlistener"] == {"day": 100}
    assert budgets["govinfo_demo"] == {"hour": 40, "day": 300}
    assert env_name("govinfo_demo", "hour") == "SEALTRAIL_GOVINFO_DEMO_PER_HOUR"
    with pytest.raises(ValueError, match="SEALTRAIL_GOVINFO_PER_HOUR"):
        resolve_budgets(None, DEFAULTS, {"SEALTRAIL_GOVINFO_PER_HOUR": "lots"})
    with pytest.raises(ValueError, match="fortnight"):
        resolve_budgets({"probe": {"fortnight": 1}}, DEFAULTS, {})


def test_demo_key_requests_count_against_the_demo_budget():
    api = "https://api.govinfo.gov/collections/USCOURTS/2026-01-01T00:00:00Z"
    assert uses_demo_key(api + "?offsetMark=*&api_key=DEMO_KEY")
    assert uses_demo_key(api, {b"X-Api-Key": [b"DEMO_KEY"]})
    assert not uses_demo_key(api + "?api_key=abc123")
    assert budget_name("govinfo", DEFAULTS, api + "?api_key=DEMO_KEY") == "govinfo_demo"
    assert budget_name("govinfo", DEFAULTS, api + "?api_key=abc123") == "govinfo"
    assert budget_name("govinfo_demo", DEFAULTS, api) == "govinfo_demo"
    assert budget_name("courtlistener", DEFAULTS, api + "?api_key=DEMO_KEY") == "courtlistener"


# ----------------------------------------------------------------------- real crawls


def probe_crawl(
    db: Path,
    server: LoopbackServer,
    *,
    settings: dict[str, Any],
    env: dict[str, str] | None = None,
    **spider: Any,
) -> dict[str, Any]:
    """Run `tests.budget_spider` in a fresh process; return its result and log."""
    out = db.with_suffix(f".{os.urandom(4).hex()}.json")
    args = {
        "db": str(db),
        "out": str(out),
        "settings": settings,
        "spider": {"base_url": server.base_url, **spider},
    }
    proc = subprocess.run(
        [sys.executable, "-m", "tests.budget_spider", json.dumps(args)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(out.read_text())
    result["log"] = proc.stderr
    return result


def api_hits(server: LoopbackServer) -> list:
    return sorted(
        (r for r in server.requests if r.path.startswith("/api/")), key=lambda r: r.started
    )


def stored_calls(db: Path) -> list[tuple[str, str]]:
    con = sqlite3.connect(db)
    try:
        return con.execute("select source, at from api_calls order by id").fetchall()
    finally:
        con.close()


def serve_all(server: LoopbackServer, count: int, prefix: str, query: str = "") -> None:
    for i in range(count):
        server.route(f"/{prefix}/{i}{query}", Reply.text("{}", content_type="application/json"))


def test_day_budget_lets_exactly_the_limit_through_and_holds_across_runs(server, tmp_path):
    serve_all(server, 5, "api")
    serve_all(server, 3, "free")
    db = tmp_path / "crawl.db"
    settings = {"SEALTRAIL_BUDGETS": {"probe": {"day": 3}}}

    first = probe_crawl(db, server, settings=settings, budgeted=5, unbudgeted=3)

    assert len(api_hits(server)) == 3
    assert len([p for p in first["ok"] if p.startswith("/api/")]) == 3
    assert [p for p in first["ok"] if p.startswith("/free/")] == ["/free/0", "/free/1", "/free/2"]
    assert len(first["failed"]) == 2
    for failed in first["failed"]:
        assert failed["budget_exhausted"], failed
        assert (failed["source"], failed["window"], failed["limit"]) == ("probe", "day", 3)
        assert failed["message"].startswith(
            "probe API budget exhausted: 3 calls in the last day (limit 3); next call allowed after"
        )
    warnings = [line for line in first["log"].splitlines() if "API budget exhausted" in line]
    assert len(warnings) == 1 and "WARNING" in warnings[0]
    assert [source for source, _ in stored_calls(db)] == ["probe"] * 3

    # A new process on the same store: the day is still used up; free requests still go.
    second = probe_crawl(db, server, settings=settings, budgeted=5, unbudgeted=3)

    assert len(api_hits(server)) == 3  # nothing more reached the API
    assert [p for p in second["ok"] if p.startswith("/api/")] == []
    assert len(second["failed"]) == 5 and all(f["budget_exhausted"] for f in second["failed"])
    assert len([p for p in second["ok"] if p.startswith("/free/")]) == 3
    assert len(stored_calls(db)) == 3


def test_a_full_minute_window_makes_requests_wait_in_line(server, tmp_path):
    serve_all(server, 4, "api")
    settings = {
        "SEALTRAIL_BUDGETS": {"probe": {"minute": 2}},
        "SEALTRAIL_BUDGET_WINDOWS": {"minute": 2},  # a 2-second "minute"
    }

    result = probe_crawl(tmp_path / "crawl.db", server, settings=settings, budgeted=4)

    assert result["failed"] == [] and len(result["ok"]) == 4
    hits = api_hits(server)
    assert len(hits) == 4
    assert hits[2].started - hits[0].finished >= 1.9
    assert hits[3].started - hits[1].finished >= 1.9
    assert not server.overlapping()
    waits = [line for line in result["log"].splitlines() if "API budget: 2 calls" in line]
    assert waits and all("INFO" in line and "waits" in line for line in waits)


def test_a_wait_beyond_max_wait_drops_the_request(server, tmp_path):
    serve_all(server, 3, "api")
    settings = {
        "SEALTRAIL_BUDGETS": {"probe": {"minute": 1}},
        "SEALTRAIL_BUDGET_WINDOWS": {"minute": 30},
        "SEALTRAIL_BUDGET_MAX_WAIT": 1,
    }

    result = probe_crawl(tmp_path / "crawl.db", server, settings=settings, budgeted=3)

    assert len(api_hits(server)) == 1 and len(result["ok"]) == 1
    assert len(result["failed"]) == 2
    assert all(f["budget_exhausted"] and f["window"] == "minute" for f in result["failed"])


def test_retries_count_as_calls(server, tmp_path):
    server.route(
        "/api/0",
        Reply(429, b"Too Many Requests", headers={"Retry-After": "0"}),
        Reply.text("{}"),
    )
    db = tmp_path / "crawl.db"
    settings = {"SEALTRAIL_BUDGETS": {"probe": {"day": 1}}}

    result = probe_crawl(db, server, settings=settings, budgeted=1)

    assert [r.status for r in api_hits(server)] == [429]  # the retry was never sent
    assert result["ok"] == []
    (failed,) = result["failed"]
    assert failed["budget_exhausted"] and failed["path"] == "/api/0"
    assert len(stored_calls(db)) == 1


def test_environment_and_demo_key_choose_the_limits(server, tmp_path):
    serve_all(server, 4, "api", "?api_key=DEMO_KEY")
    db = tmp_path / "crawl.db"
    settings = {"SEALTRAIL_BUDGETS": {"probe": {"day": 4}, "probe_demo": {"day": 3}}}

    result = probe_crawl(
        db,
        server,
        settings=settings,
        env={"SEALTRAIL_PROBE_DEMO_PER_DAY": "2"},
        budgeted=4,
        query="?api_key=DEMO_KEY",
    )

    assert len(api_hits(server)) == 2 and len(result["ok"]) == 2
    assert {f["source"] for f in result["failed"]} == {"probe_demo"}
    assert [source for source, _ in stored_calls(db)] == ["probe_demo"] * 2
    assert "DEMO_KEY" not in result["log"].split("Spider opened")[-1]  # keys stay out of logs


def test_an_unknown_budget_name_fails_the_request_instead_of_going_unlimited(tmp_path):
    from scrapy.http import Request
    from scrapy.utils.test import get_crawler

    from crawler.middlewares import BudgetMiddleware

    crawler = get_crawler(
        settings_dict={
            "SEALTRAIL_DB": str(tmp_path / "b.db"),
            "SEALTRAIL_BUDGETS": {"probe": {"day": 1}},
        }
    )
    middleware = BudgetMiddleware.from_crawler(crawler)
    assert middleware.budgets["courtlistener"] == DEFAULTS["courtlistener"]  # kept
    with pytest.raises(ValueError, match="unknown API budget 'nope'"):
        middleware._budget(Request("https://example.org/api", meta={"budget": "nope"}))
    assert middleware._budget(Request("https://example.org/", meta={"budget": "probe"})).limits == {
        "day": 1
    }
