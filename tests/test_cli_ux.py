"""The command line tells a new user what is going on (issue 13, "cliux").

Run as a user runs it (`python -m monitor.cli` in a subprocess), against the loopback server:
unknown court ids are refused before anything is fetched, with a did-you-mean; a PACER feed
whose links are on another court's host is flagged (`parse`) or refused (`crawl`); `--version`;
a crawl prints a line per court while it runs and a closing summary, without Scrapy's own log
unless `-v`; `demo --no-serve` prints no server address; a busy port is refused before the
demo crawls anything, naming a free one.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
from importlib.metadata import version
from pathlib import Path

import pytest

from monitor import courts
from tests.conftest import ROOT, rows
from tests.loopback import LoopbackServer, Reply

CRAWL_DATA = Path(__file__).resolve().parent / "data" / "crawl"
SHARED_RSS = ROOT.parent / "shared" / "fixtures" / "pacer_rss"
ALLOW_ALL = "User-agent: *\nDisallow:\n"
RSS = "application/rss+xml; charset=ISO-8859-1"
SCRAPY_CHATTER = ("scrapy.core.engine", "Dumping Scrapy stats", "Overridden settings", "Versions")


def cli_env() -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    for name in ("COURTLISTENER_TOKEN", "GOVINFO_API_KEY", "SEALTRAIL_COURTS"):
        env.pop(name, None)
    return env


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "monitor.cli", *args]


def sealtrail(*args: str, env: dict[str, str] | None = None, timeout: float = 120):
    return subprocess.run(
        command(*args),
        cwd=ROOT,
        env={**cli_env(), **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def feed_path(court: str) -> str:
    return f"/{court}/cgi-bin/rss_outside.pl"


def pacer_args(server: LoopbackServer, courts: str, db: Path) -> list[str]:
    template = server.url("/{court}/cgi-bin/rss_outside.pl")
    return [
        "crawl", "pacer-rss", "--courts", courts, "--db", str(db),
        "--url-template", template, "--download-delay", "0",
    ]  # fmt: skip


# ------------------------------------------------------------------------- unknown courts


def test_court_ids_we_cannot_crawl_are_refused_with_the_court_meant():
    parse_court_list = courts.parse_court_list
    assert parse_court_list("casd, NYED,casb,azb") == ["casd", "nyed", "casb", "azb"]
    cases = {
        "nyde": "nyed",  # two letters swapped
        "txs": "txsd",
        "S.D. Cal.": "casd",  # a citation
        "sdny": "nysd",
        "9th Cir.": "ca9",
        "ca 9": "ca9",
        "https://ecf.nyed.uscourts.gov/cgi-bin/rss_outside.pl": "nyed",
        "ncd": "nced",  # undivided predecessor courts-db still lists as active
    }
    for typed, meant in cases.items():
        with pytest.raises(ValueError) as caught:  # courts.UnknownCourt
            parse_court_list(f"casd,{typed}")
        message = str(caught.value)
        assert typed[:30] in message and "did you mean" in message, message
        assert courts.suggest_courts(typed)[0] == meant, (typed, courts.suggest_courts(typed))
    for gone in ("californiad", "scotus", "zzz", "../etc", "casd/x", ",", " , "):
        with pytest.raises(ValueError):
            parse_court_list(gone)
    assert {"casd", "ca9", "cadc", "nysb", "cit", "njd"} <= courts.known_courts()
    assert not {"ncd", "okd", "californiad", "scotus", "bia"} & courts.known_courts()


def test_many_unknown_courts_are_described_in_bounded_space():
    typed = ",".join(f"zq{n}" for n in range(5000)) + "," + "x" * 100_000
    with pytest.raises(ValueError) as caught:
        courts.parse_court_list(typed)
    message = str(caught.value)
    assert message.startswith("5001 unknown courts") and "and 4996 more" in message
    assert len(message) < 2000


@pytest.mark.parametrize(
    ("source", "courts", "meant"),
    [
        ("pacer-rss", "casd,nyde", "nyed"),
        ("govinfo", "txs", "txsd"),
        ("courtlistener", "S.D. Cal.", "casd"),
    ],
)
def test_crawl_refuses_unknown_courts_before_fetching_anything(
    server, tmp_path, source, courts, meant
):
    server.robots(ALLOW_ALL)
    db = tmp_path / "st.db"
    if source == "pacer-rss":
        args = pacer_args(server, courts, db)
    else:
        args = ["crawl", source, "--courts", courts, "--db", str(db), "--base-url", server.url("")]
        args += ["--download-delay", "0"] + (["--api-url", "off"] if source == "govinfo" else [])
    done = sealtrail(*args)
    assert done.returncode == 2, done.stderr[-2000:]
    assert f"did you mean {meant}" in done.stderr
    assert server.requests == [] and not db.exists()


def test_schedule_refuses_an_unknown_court_in_its_settings(tmp_path):
    config = tmp_path / "st.toml"
    config.write_text(f'db = "{tmp_path / "st.db"}"\n[govinfo]\ncourts = ["casd", "txs"]\n')
    done = sealtrail("schedule", "--print-config", "--config", str(config))
    assert done.returncode == 2 and "txsd" in done.stderr and "govinfo" in done.stderr
    done = sealtrail(
        "schedule", "--print-config", "--db", str(tmp_path / "st.db"),
        env={"SEALTRAIL_COURTS": "casd,nyde"},
    )  # fmt: skip
    assert done.returncode == 2, done.stdout
    assert "SEALTRAIL_COURTS" in done.stderr and "did you mean nyed" in done.stderr


# ---------------------------------------------------------------- feeds of another court


def test_parse_warns_when_the_feed_links_name_another_court():
    feed = str(CRAWL_DATA / "casd.xml")
    done = sealtrail("parse", "pacer-rss", feed, "--court", "nysd")
    assert done.returncode == 0, done.stderr
    items = [json.loads(line) for line in done.stdout.splitlines()]
    assert items and {item["court"] for item in items} == {"nysd"}  # as --court asks
    assert "ecf.casd.uscourts.gov" in done.stderr and "--court casd" in done.stderr
    same = sealtrail("parse", "pacer-rss", feed, "--court", "CASD")
    assert same.returncode == 0 and same.stderr == ""
    assert {json.loads(line)["court"] for line in same.stdout.splitlines()} == {"casd"}
    typo = sealtrail("parse", "pacer-rss", feed, "--court", "csad")
    assert typo.returncode == 2 and "did you mean casd" in typo.stderr


def test_crawl_stores_nothing_from_a_feed_of_another_court(server, tmp_path):
    server.robots(ALLOW_ALL)
    casd = (CRAWL_DATA / "casd.xml").read_bytes()
    server.route(feed_path("casd"), Reply(200, casd, content_type=RSS))
    server.route(feed_path("nysd"), Reply(200, casd, content_type=RSS))  # a mirror's mix-up
    db = tmp_path / "st.db"
    done = sealtrail(*pacer_args(server, "casd,nysd", db))
    assert done.returncode == 0, done.stderr[-3000:]
    stored = rows(db, "select c.court_id, count(*) n from docket_entries d join cases c "
                  "on c.id = d.case_id group by 1")  # fmt: skip
    assert [r["court_id"] for r in stored] == ["casd"]  # nothing filed under nysd
    runs = {r["court"]: r for r in rows(db, "select court, status, detail from crawl_runs")}
    assert runs["casd"]["status"] == "ok" and runs["nysd"]["status"] == "error"
    detail = json.loads(runs["nysd"]["detail"])
    assert detail["kind"] == "wrong_court" and "ecf.casd.uscourts.gov" in detail["errors"][0]
    nysd = next(line for line in done.stdout.splitlines() if line.startswith("nysd "))
    assert "error" in nysd and "casd's feed, not nysd's" in nysd


@pytest.mark.skipif(not SHARED_RSS.is_dir(), reason="../shared fixtures not present")
def test_real_feeds_link_to_their_own_court():
    from crawler.parsers.feed_court import foreign_court, linked_courts
    from crawler.parsers.pacer_rss import parse_feed

    checked = 0
    for path in sorted(SHARED_RSS.glob("*.xml")):
        stem = re.sub(r"^rss_(sample_unnumbered_)?|_\d+$", "", path.stem)
        court = {"sdny": "nysd"}.get(stem, stem)
        feed = parse_feed(path.read_bytes(), court)
        assert set(linked_courts(feed.items)) == {court}, path.name
        assert foreign_court(feed.items, court) is None
        assert foreign_court(feed.items, "casd" if court != "casd" else "nysd") == court
        checked += 1
    assert checked >= 10


# -------------------------------------------------------------------------------- version


def test_version_names_sealtrail_and_the_parts_a_bug_report_needs():
    done = sealtrail("--version")
    assert done.returncode == 0, done.stderr
    line = done.stdout.strip()
    assert line.startswith(f"sealtrail {version('sealtrail')} (")
    assert f"Scrapy {version('scrapy')}" in line and f"Datasette {version('datasette')}" in line
    assert "SQLite " in line and len(done.stdout.splitlines()) == 1


# ---------------------------------------------------------------------- crawl's own lines


def test_crawl_prints_a_line_per_court_and_a_summary_without_scrapys_log(server, tmp_path):
    server.robots(ALLOW_ALL)
    server.route(feed_path("casd"), Reply.file(CRAWL_DATA / "casd.xml"))
    server.route(feed_path("nyed"), Reply.file(CRAWL_DATA / "malformed.xml"))
    # wvsd has no route: 404
    db = tmp_path / "st.db"
    done = sealtrail(*pacer_args(server, "casd,nyed,wvsd", db))
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    by_court = {line.split()[0]: line for line in lines[:3]}  # in the order they finished
    assert set(by_court) == {"casd", "nyed", "wvsd"}
    events = rows(db, "select count(*) n from sealing_events")[0]["n"]
    assert by_court["casd"].split()[1:6] == ["ok", "6", "items", str(events), "new"]
    assert by_court["nyed"].split()[1] == "error" and "malformed" in by_court["nyed"]
    assert by_court["wvsd"].split()[1] == "missing" and by_court["wvsd"].endswith("HTTP 404")
    assert re.match(
        r"pacer-rss: 3 courts in [\d.]+ s: 1 ok, 1 error, 1 missing; 6 items, ", lines[3]
    )
    assert lines[4] == f"details: sealtrail status --db {db}" and len(lines) == 5
    assert not any(chatter in done.stderr for chatter in SCRAPY_CHATTER), done.stderr[:3000]
    assert "Deprecat" not in done.stderr

    again = sealtrail(*pacer_args(server, "casd", db), "--json")  # machine-readable
    assert again.returncode == 0
    assert json.loads(again.stdout)["casd"]["unchanged"] is True
    assert "casd     ok" in again.stderr and "unchanged since the last crawl" in again.stderr

    verbose = sealtrail("-v", *pacer_args(server, "casd", db))
    assert "scrapy.core.engine" in verbose.stderr and "Dumping Scrapy stats" in verbose.stderr

    failed = sealtrail(*pacer_args(server, "wvsd", db))
    assert failed.returncode == 1  # every court failed: cron and the scheduler hear it
    assert failed.stdout.startswith("wvsd     missing")


def test_an_unreachable_host_is_one_line_per_error_not_a_traceback(tmp_path):
    closed = "http://127.0.0.1:9/{court}/cgi-bin/rss_outside.pl"  # port 9: nothing listens
    args = ["crawl", "pacer-rss", "--courts", "casd", "--url-template", closed]
    done = sealtrail(*args, "--download-delay", "0", "--db", str(tmp_path / "st.db"))
    assert done.returncode == 1 and done.stdout.startswith("casd     error")
    assert "Traceback" not in done.stderr, done.stderr[:3000]
    assert "Connection refused" in done.stderr and len(done.stderr.splitlines()) < 10
    verbose = sealtrail("-v", *args, "--download-delay", "0", "--db", str(tmp_path / "st.db"))
    assert "Traceback" in verbose.stderr  # -v keeps everything for a bug report


def test_a_court_is_reported_while_the_others_are_still_being_fetched(server, tmp_path):
    server.robots(ALLOW_ALL)
    server.route(feed_path("casd"), Reply.file(CRAWL_DATA / "casd.xml"))
    server.route(feed_path("txsd"), Reply.file(CRAWL_DATA / "txsd.xml", delay=20))
    proc = subprocess.Popen(
        command(*pacer_args(server, "casd,txsd", tmp_path / "st.db")),
        cwd=ROOT, env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    killer = threading.Timer(60, proc.kill)  # bounded even if no line ever comes
    killer.start()
    try:
        first = proc.stdout.readline()
        answered_txsd = server.requests_for(feed_path("txsd"))
    finally:
        killer.cancel()
        proc.kill()
        proc.wait()
        proc.stdout.close()
    assert first.startswith("casd     ok"), first
    assert answered_txsd == []  # txsd's feed was still on its way when casd's line came


def test_a_hostile_message_cannot_drive_the_operators_terminal():
    from monitor.crawl_report import court_line

    summary = {
        "status": "error",
        "items": 0,
        "new_events": 0,
        "detail": {"errors": ["HTTP 500 \x1b]0;owned\x07\x1b[2J\u202egnp.exe\n" + "x" * 500]},
    }
    line = court_line("casd", summary)
    assert "\x1b" not in line and "\x07" not in line and "\u202e" not in line
    assert "\n" not in line and len(line) < 200
    assert "\\x1b]0;owned\\x07" in line and "\\u202e" in line


# ----------------------------------------------------------------------------------- demo


def test_demo_without_serving_prints_its_files_not_a_server_address(tmp_path):
    done = sealtrail("demo", "--no-serve", "--workdir", str(tmp_path / "demo"), timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout
    assert "http://127.0.0.1:8001" not in out and "Datasette:" not in out
    assert f"Database:             {tmp_path / 'demo' / 'sealtrail.db'}" in out
    assert "sealtrail serve --db" in out and (tmp_path / "demo" / "sealtrail.db").is_file()
    assert re.search(r"^casd +ok +9 items +6 new events$", out, re.M), out
    assert re.search(r"^pacer-rss: 4 courts in [\d.]+ s: 4 ok; ", out, re.M)
    assert not any(chatter in done.stderr for chatter in SCRAPY_CHATTER), done.stderr[:3000]
    assert len((out + done.stderr).splitlines()) < 40


@pytest.fixture
def busy_port():
    """A port something is listening on (as a Datasette left running would be)."""
    with socket.socket() as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


def test_demo_on_a_busy_port_says_which_port_is_free_before_crawling(tmp_path, busy_port):
    workdir = tmp_path / "demo"
    done = sealtrail("demo", "--port", str(busy_port), "--workdir", str(workdir), timeout=300)
    assert done.returncode == 1
    assert f"port {busy_port} on 127.0.0.1 is already in use" in done.stderr
    free = int(re.search(r"use --port (\d+), which is free", done.stderr)[1])
    assert free != busy_port
    with socket.socket() as probe:  # the port it names is one Datasette could take
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(("127.0.0.1", free))
    assert "ready" not in done.stdout and "Replaying" not in done.stdout
    assert not workdir.exists()  # nothing was crawled or built


def test_serve_on_a_busy_port_is_refused_with_a_free_one(tmp_path, busy_port):
    from monitor.schema import connect

    connect(str(tmp_path / "st.db")).close()
    done = sealtrail("serve", "--db", str(tmp_path / "st.db"), "--port", str(busy_port))
    assert done.returncode == 1 and "already in use; use --port " in done.stderr


def test_a_port_left_in_time_wait_is_free(tmp_path):
    """A demo stopped a moment ago leaves its port in TIME_WAIT; Datasette (uvicorn, which
    binds with SO_REUSEADDR) binds it anyway, so the check must not send the user elsewhere."""
    from monitor.ports import bind_error, check_port

    with socket.socket() as listener:  # the Datasette that was stopped
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        client = socket.create_connection(("127.0.0.1", port))
        accepted, _ = listener.accept()
        accepted.close()  # the server side closes first: its end goes to TIME_WAIT
        client.recv(1)
        client.close()
    check_port("127.0.0.1", port)  # no exception
    assert bind_error("127.0.0.1", port) is None


def test_ctrl_c_is_still_said_without_v():
    """Scrapy's "Received SIGINT, shutting down gracefully" is the one library line below
    WARNING kept without -v (else a user presses Ctrl-C again and forces an unclean stop). Log
    records are redacted, and so formatted, as they are made: the filter reads the message."""
    import logging

    from monitor.cli import _quiet_libraries
    from monitor.redact import install_log_redaction

    install_log_redaction()
    scrapy_log = logging.getLogger("scrapy.crawler")
    said = scrapy_log.makeRecord(
        "scrapy.crawler", logging.INFO, __file__, 1,
        "Received %(signame)s, shutting down gracefully. Send again to force ",
        ({"signame": "SIGINT"},), None,
    )  # fmt: skip
    chatter = scrapy_log.makeRecord(
        "scrapy.crawler", logging.INFO, __file__, 1, "Overridden settings: %s", ({},), None
    )
    assert _quiet_libraries(said) and not _quiet_libraries(chatter)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("worker", "--redis", "bogus://x"), "not a Redis URL: bogus://x"),
        (("worker", "--redis", "redis://127.0.0.1:1"), "Redis at redis://127.0.0.1:1 does not"),
        (
            ("crawl", "govinfo", "--redis", "redis://:hunter2-sample@127.0.0.1:1"),
            "Redis at redis://127.0.0.1:1 does not answer",
        ),
    ],
)
def test_a_redis_that_is_mistyped_or_down_is_told_in_one_line(tmp_path, args, said):
    """A typo in --redis (scheme, port) or a Redis that is down: exit 2 and one line that
    names it (without its password), before any store is made; no traceback."""
    pytest.importorskip("redis")
    db = tmp_path / "never-made.db"
    done = sealtrail(*args, *(["--db", str(db)] if args[0] == "crawl" else []))
    assert done.returncode == 2
    assert said in done.stderr
    assert "Traceback" not in done.stderr and "hunter2" not in done.stderr + done.stdout
    assert not db.exists()
