"""`sealtrail schedule`: settings, triggers, the missed-nightly rule, and real runs.

Real runs start `sealtrail schedule` as a subprocess whose crawls point at the loopback server
(tests/loopback.py) through the config file; the sources served are the SAMPLE feeds in
tests/data. The no-overlap run uses stand-in child processes that detect a second child
running at the same time through an exclusive marker file (no timing is asserted anywhere).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time as clock
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from crawler.spiders.courtlistener import DEFAULT_QUERY, atom_url
from monitor.config import MASK, ConfigError, load_config
from monitor.scheduler import (
    JOB_DEFAULTS,
    NIGHTLY_GRACE,
    PACER_GRACE,
    Runner,
    Step,
    build_scheduler,
    exclusive,
    job_steps,
    latest_nightly,
    nightly_missed,
    nightly_trigger,
    pacer_trigger,
    prepare,
)
from tests.conftest import rows
from tests.loopback import LoopbackServer, Reply

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
NY = ZoneInfo("America/New_York")
LA = ZoneInfo("America/Los_Angeles")
ALLOW_ALL = "User-agent: *\nDisallow:\n"
CL_TOKEN = "SAMPLE-cl-token-7f3a9e1c"
GOVINFO_KEY = "SAMPLE-govinfo-key-2b8d4c6e"
GOVINFO_PACKAGES = ("USCOURTS-casd-3_26-cv-00410", "USCOURTS-casd-3_26-cv-00388")
NO_ENV: dict[str, str] = {}


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------- config
def test_defaults_without_file_or_environment(tmp_path):
    config = load_config(None, env=NO_ENV)
    assert config.db == "sealtrail.db" and config.timezone == "America/New_York"
    assert config.pacer_interval_minutes == 30 and config.nightly_at == time(2, 30)
    assert config.courts is None and config.tokens == {}
    assert config.feeds_directory == str(Path("sealtrail.db").resolve().parent / "feeds")


def test_file_then_environment_then_db_option(tmp_path):
    path = write(
        tmp_path / "st.toml",
        """
        db = "/srv/file.db"
        timezone = "America/Chicago"
        courts = ["casd", "txsd"]
        [schedule]
        pacer_interval_minutes = 20
        nightly_at = "03:15"
        [feeds]
        dir = "/srv/feeds"
        base_url = "https://sealtrail.example.org"
        [pacer]
        url_template = "http://127.0.0.1:9/{court}/rss.xml"
        download_delay = 0.5
        [courtlistener]
        courts = []
        queries = ["SAMPLE query"]
        [govinfo]
        courts = "nysd"
        api_url = "off"
        """,
    )
    config = load_config(path, env=NO_ENV)
    assert (config.db, config.timezone, config.courts) == (
        "/srv/file.db",
        "America/Chicago",
        ("casd", "txsd"),
    )
    assert (config.pacer_interval_minutes, config.nightly_at) == (20, time(3, 15))
    assert config.feeds_directory == "/srv/feeds"
    assert config.courts_for("pacer-rss") == ("casd", "txsd")  # the top-level list
    assert config.courts_for("courtlistener") == ()  # [] = the crawler's default (all)
    assert config.courts_for("govinfo") == ("nysd",)  # the source's own list wins
    steps = job_steps(config)
    assert steps["pacer"][0].argv[3:] == (
        "crawl", "pacer-rss", "--db", "/srv/file.db", "--courts", "casd,txsd",
        "--url-template", "http://127.0.0.1:9/{court}/rss.xml", "--download-delay", "0.5",
    )  # fmt: skip
    assert "--courts" not in steps["nightly"][0].argv
    assert steps["nightly"][0].argv[-2:] == ("--query", "SAMPLE query")
    assert steps["nightly"][1].argv[-2:] == ("--api-url", "off")
    assert steps["nightly"][2].argv[3:] == (
        "recheck",
        "--db",
        "/srv/file.db",
        "--config",
        str(path),
    )
    assert steps["nightly"][4].argv[3:] == (
        "feeds", "export", "/srv/feeds", "--db", "/srv/file.db",
        "--base-url", "https://sealtrail.example.org",
    )  # fmt: skip

    env = {
        "SEALTRAIL_DB": "/srv/env.db",
        "SEALTRAIL_TIMEZONE": "America/Los_Angeles",
        "SEALTRAIL_COURTS": "nyed, mad",
        "SEALTRAIL_PACER_INTERVAL_MINUTES": "45",
        "SEALTRAIL_NIGHTLY_AT": "4:05",
        "SEALTRAIL_FEEDS_DIR": "/srv/env-feeds",
    }
    config = load_config(path, env=env)
    assert (config.db, config.timezone, config.courts) == (
        "/srv/env.db",
        "America/Los_Angeles",
        ("nyed", "mad"),
    )
    assert (config.pacer_interval_minutes, config.nightly_at) == (45, time(4, 5))
    assert config.feeds_directory == "/srv/env-feeds"
    assert config.courts_for("govinfo") == ("nysd",)
    assert load_config(path, env=env, db="/srv/option.db").db == "/srv/option.db"
    assert load_config(path, env={"SEALTRAIL_COURTS": ""}).courts == (
        "casd",
        "txsd",
    )  # empty = unset


def test_the_example_config_loads_with_the_documented_defaults():
    config = load_config(ROOT / "sealtrail.example.toml", env=NO_ENV)
    assert (config.timezone, config.pacer_interval_minutes) == ("America/New_York", 30)
    assert config.nightly_at == time(2, 30) and config.courts and "casd" in config.courts
    assert config.courts_for("courtlistener") == () and config.tokens == {}
    assert config.recheck.limits == {"courtlistener": 10, "govinfo": 25}
    assert config.recheck.every_days == 7


@pytest.mark.parametrize(
    ("toml", "env", "named"),
    [
        ('timezone = "Mars/Olympus_Mons"', {}, "timezone"),
        ("", {"SEALTRAIL_TIMEZONE": "../etc/passwd"}, "SEALTRAIL_TIMEZONE"),
        ('[schedule]\nnightly_at = "25:00"', {}, "nightly_at"),
        ("", {"SEALTRAIL_NIGHTLY_AT": "2.30"}, "SEALTRAIL_NIGHTLY_AT"),
        ("[schedule]\npacer_interval_minutes = 0", {}, "pacer_interval_minutes"),
        (
            "",
            {"SEALTRAIL_PACER_INTERVAL_MINUTES": "half an hour"},
            "SEALTRAIL_PACER_INTERVAL_MINUTES",
        ),
        ("[schedule]\npacer_interval_minutes = true", {}, "pacer_interval_minutes"),
        ("[schedule]\npacer_interval = 5", {}, "pacer_interval"),  # a typo is not ignored
        ('courts = ["casd", "../x"]', {}, "courts"),
        ('[pacer]\nurl_template = "http://127.0.0.1/rss.xml"', {}, "{court}"),
        ('[govinfo]\nbase_url = "ftp://mirror"', {}, "base_url"),
        ("[pacer]\ndownload_delay = -1", {}, "download_delay"),
        ("db = ", {}, "not valid TOML"),
        ("[recheck]\ngovinfo_limit = -1", {}, "govinfo_limit"),
        ("[recheck]\nevery_days = 0", {}, "every_days"),
        ('[recheck]\ncourtlistener_limit = "ten"', {}, "courtlistener_limit"),
    ],
)
def test_bad_values_are_clear_errors(tmp_path, toml, env, named):
    path = write(tmp_path / "bad.toml", toml + "\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path, env=env)
    assert named in str(caught.value)


@pytest.mark.parametrize(
    "toml",
    [
        f'[courtlistener]\ntoken = "{CL_TOKEN}"',
        f'courtlistener_token = "{CL_TOKEN}"',
        f'[govinfo]\napi_key = "{CL_TOKEN}"',
        f'[govinfo]\napi_url = "https://api.govinfo.gov/?api_key={CL_TOKEN}"',
        f'[courtlistener]\nbase_url = "https://user:{CL_TOKEN}@www.courtlistener.com"',
    ],
)
def test_a_token_in_the_file_is_refused_without_echoing_it(tmp_path, toml):
    path = write(tmp_path / "secret.toml", toml + "\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path, env=NO_ENV)
    message = str(caught.value)
    assert "environment" in message and "COURTLISTENER_TOKEN" in message
    assert CL_TOKEN not in message


def test_tokens_reach_children_only_through_the_environment(tmp_path):
    env = {"COURTLISTENER_TOKEN": CL_TOKEN, "GOVINFO_API_KEY": GOVINFO_KEY, "PATH": "/bin"}
    config = load_config(None, env=env, db=str(tmp_path / "st.db"))
    child = config.child_env({"PATH": "/bin", "COURTLISTENER_TOKEN": "stale"})
    assert child["COURTLISTENER_TOKEN"] == CL_TOKEN and child["GOVINFO_API_KEY"] == GOVINFO_KEY
    for steps in job_steps(config).values():
        for step in steps:
            assert not any(CL_TOKEN in a or GOVINFO_KEY in a for a in step.argv)
    masked = json.dumps(config.masked())
    assert CL_TOKEN not in masked and GOVINFO_KEY not in masked
    assert config.masked()["tokens"] == {"COURTLISTENER_TOKEN": MASK, "GOVINFO_API_KEY": MASK}
    assert config.scrub(f"x {CL_TOKEN} y") == f"x {MASK} y"
    assert CL_TOKEN not in repr(config)


def sealtrail(
    *args: str, env: dict[str, str] | None = None, **kwargs
) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith("SEALTRAIL_")}
    base.pop("COURTLISTENER_TOKEN", None)
    base.pop("GOVINFO_API_KEY", None)
    return subprocess.run(
        [sys.executable, "-m", "monitor.cli", *args],
        env={**base, "PYTHONPATH": str(ROOT), "NO_PROXY": "127.0.0.1", **(env or {})},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=kwargs.pop("timeout", 120),
        **kwargs,
    )


def test_print_config_masks_tokens_and_bad_values_are_click_errors(tmp_path):
    env = {"COURTLISTENER_TOKEN": CL_TOKEN, "SEALTRAIL_COURTS": "casd,nyed"}
    done = sealtrail("schedule", "--print-config", "--db", str(tmp_path / "st.db"), env=env)
    assert done.returncode == 0, done.stderr
    assert CL_TOKEN not in done.stdout + done.stderr
    printed = json.loads(done.stdout)
    assert printed["tokens"] == {"COURTLISTENER_TOKEN": MASK, "GOVINFO_API_KEY": "not set"}
    assert printed["db"] == str(tmp_path / "st.db") and printed["pacer"]["courts"] == [
        "casd",
        "nyed",
    ]
    assert printed["jobs"]["pacer"] == [
        f"sealtrail crawl pacer-rss --db {tmp_path / 'st.db'} --courts casd,nyed"
    ]
    assert [c.split()[1] for c in printed["jobs"]["nightly"]] == [
        "crawl", "crawl", "recheck", "reclassify", "feeds",
    ]  # fmt: skip
    assert not (tmp_path / "st.db").exists()  # printing the config touches nothing

    done = sealtrail("schedule", "--print-config", env={"SEALTRAIL_NIGHTLY_AT": "25:61"})
    assert done.returncode != 0 and "SEALTRAIL_NIGHTLY_AT" in done.stderr and "HH:MM" in done.stderr
    secret = write(tmp_path / "secret.toml", f'[courtlistener]\ntoken = "{CL_TOKEN}"\n')
    done = sealtrail("schedule", "--once", "--config", str(secret))
    assert done.returncode != 0 and "COURTLISTENER_TOKEN" in done.stderr
    assert CL_TOKEN not in done.stderr + done.stdout


# -------------------------------------------------------------------------------- triggers
def test_triggers_fire_at_the_configured_times_in_the_configured_zone():
    config = load_config(None, env={"SEALTRAIL_NIGHTLY_AT": "02:30"})
    trigger = nightly_trigger(config.nightly_at, config.tz)
    assert trigger.timezone == NY
    noon_utc = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    first = trigger.get_next_fire_time(None, noon_utc)
    assert first == datetime(2026, 6, 2, 2, 30, tzinfo=NY)
    assert first.astimezone(UTC) == datetime(2026, 6, 2, 6, 30, tzinfo=UTC)  # EDT, UTC-4
    winter = trigger.get_next_fire_time(None, datetime(2026, 12, 1, 12, 0, tzinfo=UTC))
    assert winter.astimezone(UTC) == datetime(2026, 12, 2, 7, 30, tzinfo=UTC)  # EST, UTC-5
    west = nightly_trigger(time(2, 30), LA).get_next_fire_time(None, noon_utc)
    assert west.astimezone(UTC) == datetime(2026, 6, 2, 9, 30, tzinfo=UTC)

    config = load_config(None, env={"SEALTRAIL_PACER_INTERVAL_MINUTES": "30"})
    start = datetime(2026, 6, 1, 9, 0, tzinfo=NY)
    interval = pacer_trigger(config, start=start)
    assert interval.interval == timedelta(minutes=30) and interval.timezone == NY
    fire = interval.get_next_fire_time(None, start)
    assert fire == start
    assert interval.get_next_fire_time(fire, fire) == start + timedelta(minutes=30)


def test_scheduler_jobs_never_overlap_by_construction(tmp_path):
    config = load_config(None, env=NO_ENV, db=str(tmp_path / "st.db"))
    prepare(config.db)
    runner = Runner(config)
    now = datetime(2026, 6, 1, 12, 0, tzinfo=NY)
    scheduler = build_scheduler(config, runner, now=now, scheduler_cls=BackgroundScheduler)
    scheduler.start(paused=True)
    try:
        jobs = {job.id: job for job in scheduler.get_jobs()}
        assert set(jobs) == {"pacer", "nightly"}
        for job in jobs.values():
            assert job.max_instances == 1 and job.coalesce is True
            assert job.func == runner.run_job and job.executor == "default"
        assert jobs["pacer"].misfire_grace_time == PACER_GRACE == JOB_DEFAULTS["misfire_grace_time"]
        assert jobs["nightly"].misfire_grace_time == NIGHTLY_GRACE > PACER_GRACE
        assert jobs["pacer"].next_run_time == now  # polls at start
        assert jobs["nightly"].next_run_time == now + timedelta(seconds=1)  # never ran: missed
        assert str(scheduler.timezone) == "America/New_York"
        assert scheduler._executors["default"]._pool._max_workers == 1  # one job at a time
    finally:
        scheduler.shutdown(wait=False)


# ------------------------------------------------------------------------- missed nightly
AT = time(2, 30)


def ny(*args, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=NY, fold=fold)


@pytest.mark.parametrize(
    ("last_run", "now", "missed"),
    [
        (None, ny(2026, 6, 2, 12, 0), True),  # never ran
        (ny(2026, 6, 2, 2, 30), ny(2026, 6, 2, 12, 0), False),  # ran at the scheduled time
        (ny(2026, 6, 2, 2, 31), ny(2026, 6, 3, 2, 29), False),  # next one not due yet
        (ny(2026, 6, 1, 2, 30), ny(2026, 6, 2, 2, 31), True),  # down over last night's time
        (ny(2026, 6, 1, 23, 0), ny(2026, 6, 2, 2, 31), True),  # a late run the night before
        (ny(2026, 6, 2, 2, 29), ny(2026, 6, 2, 2, 30), True),  # exactly at the scheduled time
        # spring forward (2026-03-08): 02:30 does not exist; the trigger fires at 03:30 EDT
        (ny(2026, 3, 7, 2, 30), ny(2026, 3, 8, 3, 15), False),
        (ny(2026, 3, 7, 2, 30), ny(2026, 3, 8, 3, 45), True),
        (datetime(2026, 3, 8, 7, 30, tzinfo=UTC), ny(2026, 3, 8, 12, 0), False),
        # fall back (2026-11-01): 02:30 EST happens once, 01:00-02:00 twice
        (ny(2026, 10, 31, 2, 30), ny(2026, 11, 1, 1, 45, fold=1), False),
        (ny(2026, 10, 31, 2, 30), ny(2026, 11, 1, 2, 45), True),
        (datetime(2026, 11, 1, 7, 30, tzinfo=UTC), ny(2026, 11, 1, 23, 0), False),
    ],
)
def test_nightly_missed(last_run, now, missed):
    assert nightly_missed(last_run, now, AT, NY) is missed


def test_latest_nightly_follows_the_trigger_on_dst_nights():
    # 02:30 on spring-forward night: 07:30 UTC (03:30 EDT), as APScheduler fires it.
    assert latest_nightly(ny(2026, 3, 8, 12, 0), AT, NY) == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
    # 01:30 on fall-back night occurs twice and the trigger fires at both.
    at = time(1, 30)
    first = datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # 01:30 EDT
    second = datetime(2026, 11, 1, 6, 30, tzinfo=UTC)  # 01:30 EST
    assert latest_nightly(datetime(2026, 11, 1, 6, 0, tzinfo=UTC), at, NY) == first
    assert latest_nightly(datetime(2026, 11, 1, 7, 0, tzinfo=UTC), at, NY) == second
    assert nightly_missed(first, datetime(2026, 11, 1, 7, 0, tzinfo=UTC), at, NY)
    # The local day decides, not the UTC day: 21:00 in Los Angeles is 04:00 UTC next day.
    assert latest_nightly(datetime(2026, 6, 2, 4, 0, tzinfo=UTC), AT, LA) == datetime(
        2026, 6, 1, 2, 30, tzinfo=LA
    )


def insert_run(db_path: Path, **row) -> None:
    con = sqlite3.connect(db_path)
    with con:
        con.execute(
            "insert into scheduler_runs (job, step, trigger, chain, started, finished, status) "
            "values (:job, :step, 'cron', :chain, :chain, :chain, :status)",
            row,
        )
    con.close()


def test_missed_nightly_runs_once_at_start_from_the_bookkeeping(tmp_path):
    db = tmp_path / "st.db"
    config = load_config(None, env=NO_ENV, db=str(db))
    prepare(config.db)
    now = datetime(2026, 6, 2, 12, 0, tzinfo=NY)

    def nightly_next() -> datetime:
        scheduler = build_scheduler(
            config, Runner(config), now=now, scheduler_cls=BackgroundScheduler
        )
        scheduler.start(paused=True)
        try:
            return scheduler.get_job("nightly").next_run_time
        finally:
            scheduler.shutdown(wait=False)

    yesterday = ny(2026, 6, 1, 2, 30).astimezone(UTC).isoformat()
    insert_run(db, job="nightly", step="feeds-export", chain=yesterday, status="ok")
    assert nightly_next() == now + timedelta(seconds=1)  # missed this morning's run
    today = ny(2026, 6, 2, 2, 30).astimezone(UTC).isoformat()
    insert_run(db, job="nightly", step="govinfo", chain=today, status="interrupted")
    assert nightly_next() == now + timedelta(seconds=1)  # an interrupted chain did not run
    insert_run(db, job="nightly", step="feeds-export", chain=today, status="error")
    following = nightly_next()  # ran to its end (with an error): the next cron time
    assert following != now + timedelta(seconds=1) and following > datetime.now(UTC)
    assert (following.hour, following.minute, following.tzinfo) == (2, 30, NY)


def test_rows_a_killed_scheduler_left_running_become_interrupted(tmp_path):
    db = tmp_path / "st.db"
    prepare(str(db))
    insert_run(
        db, job="pacer", step="pacer-rss", chain="2026-06-01T00:00:00+00:00", status="running"
    )
    assert prepare(str(db)) == 1
    assert [r["status"] for r in rows(db, "select status from scheduler_runs")] == ["interrupted"]


def test_a_second_scheduler_on_the_same_store_is_refused(tmp_path):
    db = tmp_path / "st.db"
    with exclusive(str(db)):
        done = sealtrail("schedule", "--once", "--db", str(db))
    assert done.returncode != 0 and "another `sealtrail schedule`" in done.stderr


# ------------------------------------------------------------------------- real schedules
def serve_sources(server: LoopbackServer, pacer_delay: float = 0.0) -> None:
    """PACER RSS for casd, CourtListener's Atom search feed under /cl, GovInfo's casd RSS and
    MODS under /gi (website only): the SAMPLE data in tests/data."""
    server.robots(ALLOW_ALL)
    server.route(
        "/casd/cgi-bin/rss_outside.pl", Reply.file(DATA / "crawl" / "casd.xml", delay=pacer_delay)
    )
    feed = atom_url(server.url("/cl"), DEFAULT_QUERY, [])
    server.route(
        feed[len(server.base_url) :],
        Reply.file(DATA / "courtlistener" / "search_feed.xml", content_type="application/atom+xml"),
    )
    server.route(
        "/gi/rss/uscourts-casd.xml", Reply.file(DATA / "govinfo" / "rss-uscourts-casd.xml")
    )
    for package in GOVINFO_PACKAGES:
        server.route(
            f"/gi/metadata/pkg/{package}/mods.xml",
            Reply.file(DATA / "govinfo" / f"{package}.mods.xml", content_type="application/xml"),
        )


def config_file(tmp_path: Path, server: LoopbackServer) -> Path:
    return write(
        tmp_path / "sealtrail.toml",
        f"""
        db = "{tmp_path / "st.db"}"
        courts = ["casd"]
        [schedule]
        pacer_interval_minutes = 30
        nightly_at = "02:30"
        [feeds]
        dir = "{tmp_path / "feeds"}"
        [pacer]
        url_template = "{server.url("/{court}/cgi-bin/rss_outside.pl")}"
        download_delay = 0
        [courtlistener]
        base_url = "{server.url("/cl")}"
        courts = []
        download_delay = 0
        [govinfo]
        base_url = "{server.url("/gi")}"
        download_delay = 0
        [recheck]
        # the re-reads are tested in tests/test_cli_recheck.py; here the step runs, re-reads
        # nothing and ends ok
        courtlistener_limit = 0
        govinfo_limit = 0
        """,
    )


def test_once_runs_every_job_in_order_and_records_it(server, tmp_path):
    serve_sources(server)
    config = config_file(tmp_path, server)
    done = sealtrail(
        "schedule", "--once", "--config", str(config), env={"GOVINFO_API_KEY": GOVINFO_KEY}
    )
    assert done.returncode == 0, done.stderr[-3000:]
    db = tmp_path / "st.db"

    runs = rows(db, "select * from scheduler_runs order by id")
    assert [(r["job"], r["step"]) for r in runs] == [
        ("pacer", "pacer-rss"),
        ("nightly", "courtlistener"),
        ("nightly", "govinfo"),
        ("nightly", "recheck"),
        ("nightly", "reclassify"),
        ("nightly", "feeds-export"),
    ]
    assert all(r["status"] == "ok" and r["exit_code"] == 0 and r["finished"] for r in runs)
    assert {r["trigger"] for r in runs} == {"once"}
    assert len({r["chain"] for r in runs if r["job"] == "nightly"}) == 1
    assert runs[0]["command"].startswith("sealtrail crawl pacer-rss --db ")
    assert not any(GOVINFO_KEY in (r["command"] or "") for r in runs)
    assert GOVINFO_KEY not in done.stdout + done.stderr
    assert not any(GOVINFO_KEY in seen.path for seen in server.requests)

    crawls = {(r["source"], r["court"]): r for r in rows(db, "select * from crawl_runs")}
    assert set(crawls) == {("pacer_rss", "casd"), ("courtlistener", "all"), ("govinfo", "casd")}
    assert (
        crawls[("pacer_rss", "casd")]["status"] == "ok"
        and crawls[("pacer_rss", "casd")]["items"] > 0
    )
    assert all(r["status"] in ("ok", "partial") for r in crawls.values())
    assert rows(db, "select count(*) n from docket_entries")[0]["n"] > 0

    feed = feedparser.parse((tmp_path / "feeds" / "sealing.atom").read_bytes())
    assert not feed.bozo and feed.entries  # the nightly export wrote the feed
    # A later `schedule` start does not repeat this nightly run.
    config_data = load_config(config, env=NO_ENV)
    from monitor.scheduler import last_nightly_start

    started = last_nightly_start(config_data.db)
    assert started is not None and started.isoformat() == runs[1]["chain"]


def test_once_exits_nonzero_when_a_step_fails_and_still_runs_the_rest(server, tmp_path):
    server.robots(ALLOW_ALL)  # every source answers 404
    config = config_file(tmp_path, server)
    done = sealtrail("schedule", "--once", "--config", str(config))
    assert done.returncode == 1, done.stderr[-3000:]
    runs = rows(
        tmp_path / "st.db", "select step, status, exit_code from scheduler_runs order by id"
    )
    by_step = {r["step"]: r for r in runs}
    assert list(by_step) == [
        "pacer-rss", "courtlistener", "govinfo", "recheck", "reclassify", "feeds-export",
    ]  # fmt: skip
    assert by_step["pacer-rss"]["status"] == "error" and by_step["pacer-rss"]["exit_code"] == 1
    assert by_step["reclassify"]["status"] == "ok" and by_step["feeds-export"]["status"] == "ok"


def wait_for(predicate, timeout: float = 90.0, what: str = "condition"):
    deadline = clock.monotonic() + timeout
    while clock.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        clock.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def running_steps(db: Path) -> list[dict]:
    if not db.exists():
        return []
    try:
        return rows(db, "select * from scheduler_runs where status = 'running'")
    except sqlite3.OperationalError:  # table not created yet
        return []


@pytest.mark.parametrize(
    ("once", "exit_code", "trigger"), [(False, 0, "interval"), (True, 1, "once")]
)
def test_sigterm_finishes_the_running_jobs_bookkeeping_and_exits(
    server, tmp_path, once, exit_code, trigger
):
    """The daemon exits 0 on SIGTERM; `--once` exits 1 (not every job ran)."""
    serve_sources(server, pacer_delay=5.0)  # the PACER poll is slow to answer
    config = config_file(tmp_path, server)
    db = tmp_path / "st.db"
    base = {k: v for k, v in os.environ.items() if not k.startswith("SEALTRAIL_")}
    base.pop("COURTLISTENER_TOKEN", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "monitor.cli", "schedule", "--config", str(config)]
        + (["--once"] if once else []),
        env={**base, "PYTHONPATH": str(ROOT), "NO_PROXY": "127.0.0.1"},
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        running = wait_for(lambda: running_steps(db), what="the PACER poll to start")
        assert [r["step"] for r in running] == ["pacer-rss"]
        clock.sleep(1.5)  # let the crawl reach the server (either way the test holds)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == exit_code, err[-3000:]
    assert "received SIGTERM" in err
    runs = rows(db, "select * from scheduler_runs order by id")
    assert [r["step"] for r in runs] == ["pacer-rss"]  # the missed nightly never started
    assert runs[0]["status"] in ("interrupted", "ok") and runs[0]["finished"]
    assert runs[0]["trigger"] == trigger
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()


CHILD = """
import os, signal, sys, time
marker, log, name = sys.argv[1:4]
try:
    fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
except FileExistsError:
    with open(log, "a") as f:
        f.write("OVERLAP " + name + "\\n")
    sys.exit(3)
with open(log, "a") as f:
    f.write("start " + name + "\\n")
time.sleep(1.5)
with open(log, "a") as f:
    f.write("end " + name + "\\n")
os.close(fd)
os.unlink(marker)
"""


def test_a_slow_job_spanning_its_next_interval_never_runs_beside_another(tmp_path):
    db = tmp_path / "st.db"
    config = load_config(None, env=NO_ENV, db=str(db))
    prepare(config.db)
    marker, log = tmp_path / "running", tmp_path / "children.log"

    def step(name: str) -> Step:
        return Step(name, (sys.executable, "-c", CHILD, str(marker), str(log), name))

    steps = {"pacer": [step("pacer")], "nightly": [step("nightly-a"), step("nightly-b")]}
    runner = Runner(config, steps=steps, stop_grace=5)
    # Both jobs due every second while each child takes longer than that.
    scheduler = build_scheduler(
        config,
        runner,
        scheduler_cls=BackgroundScheduler,
        pacer=IntervalTrigger(seconds=1, timezone=NY),
        nightly=IntervalTrigger(seconds=1, timezone=NY),
    )
    scheduler.start()
    try:

        def enough() -> bool:
            lines = log.read_text().splitlines() if log.exists() else []
            return sum(line == "end pacer" for line in lines) >= 2 and "end nightly-b" in lines

        wait_for(enough, timeout=120, what="two PACER polls and a nightly chain")
    finally:
        runner.stop()
        scheduler.shutdown(wait=True)
    assert runner.wait_idle(timeout=30)

    lines = log.read_text().splitlines()
    assert not [line for line in lines if line.startswith("OVERLAP")], lines
    kinds = [line.split()[0] for line in lines]
    assert kinds[: len(kinds) // 2 * 2] == ["start", "end"] * (len(kinds) // 2), lines
    recorded = rows(db, "select job, step, status from scheduler_runs order by id")
    ended = [r for r in recorded if r["status"] == "ok"]
    assert len(ended) == kinds.count("end")  # one child per recorded step
    assert sum(r["step"] == "pacer" for r in recorded) >= 2
    assert [r["step"] for r in recorded if r["job"] == "nightly"][:2] == ["nightly-a", "nightly-b"]
    assert {r["status"] for r in recorded} <= {"ok", "interrupted"}
    assert not running_steps(db)


def test_a_step_past_its_time_limit_is_ended_and_recorded_as_an_error(tmp_path, monkeypatch):
    import monitor.scheduler as scheduler

    db = tmp_path / "st.db"
    config = load_config(None, env=NO_ENV, db=str(db))
    prepare(config.db)
    monkeypatch.setattr(scheduler, "STEP_TIMEOUT", {"pacer": 0.2, "nightly": 0.2})
    hung = Step("hung", (sys.executable, "-c", "import time; time.sleep(600)"))
    after = Step("after", (sys.executable, "-c", "pass"))
    runner = Runner(config, steps={"pacer": [hung, after]}, stop_grace=5)
    assert runner.run_job("pacer", "once") is False
    recorded = rows(db, "select step, status, exit_code from scheduler_runs order by id")
    assert recorded == [
        {"step": "hung", "status": "error", "exit_code": -signal.SIGTERM},
        {"step": "after", "status": "ok", "exit_code": 0},  # the next step still runs
    ]


def test_once_with_one_job_runs_only_that_job(server, tmp_path):
    serve_sources(server)
    config = config_file(tmp_path, server)
    done = sealtrail("schedule", "--once", "--job", "pacer", "--config", str(config))
    assert done.returncode == 0, done.stderr[-3000:]
    db = tmp_path / "st.db"
    runs = rows(db, "select job, step, status from scheduler_runs order by id")
    assert runs == [{"job": "pacer", "step": "pacer-rss", "status": "ok"}]
    assert {r["source"] for r in rows(db, "select source from crawl_runs")} == {"pacer_rss"}

    refused = sealtrail("schedule", "--job", "pacer", "--config", str(config))
    assert refused.returncode == 2 and "--job goes with --once" in refused.stderr
