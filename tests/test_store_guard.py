"""A mistyped or wrong `--db` does no damage: only a crawl creates a store (and says so);
every other command refuses a missing file, a directory or a file that is not a sealtrail
store with one `Error:` line and exit code 1, and leaves the path as it was."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils

from monitor.schema import connect, migrations
from monitor.storefile import check_store
from tests.conftest import CRAWL_DATA, ROOT
from tests.helpers_store import build_sample_store
from tests.loopback import Reply

ORDER = next((Path(__file__).resolve().parent / "orders").glob("01_*.txt"))
KNOWN_MIGRATIONS = [m.name for m in migrations.pending(sqlite_utils.Database(memory=True))]


def sealtrail(*args: str, cwd: Path | None = None, timeout: float = 120):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    for name in [n for n in env if n.startswith("SEALTRAIL_")]:
        del env[name]
    return subprocess.run(
        [sys.executable, "-m", "monitor.cli", *args],
        cwd=cwd or ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def assert_refused(done: subprocess.CompletedProcess, *words: str) -> str:
    """Exit 1, nothing on stdout, one `Error:` line on stderr naming the problem."""
    assert done.returncode == 1, (done.returncode, done.stdout, done.stderr)
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), done.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every path under `folder` with its bytes (None for directories)."""
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


# ------------------------------------------------------------------ what a wrong path is
def other_database(path: Path) -> Path:
    """Someone else's SQLite database (a notes app's), SAMPLE content."""
    con = sqlite3.connect(path)
    con.execute("create table notes (id integer primary key, body text)")
    con.execute("insert into notes (body) values ('SAMPLE note: call the clerk on Monday')")
    con.commit()
    con.close()
    return path


def config_file(path: Path) -> Path:
    """The scheduler's TOML settings, passed as --db by mistake."""
    path.write_text('# SAMPLE settings\ndb = "sealtrail.db"\ncourts = ["casd", "nyed"]\n')
    return path


def newer_store(path: Path) -> Path:
    """A store a later sealtrail migrated further than this one knows."""
    db = connect(str(path))
    db["_sqlite_migrations"].insert(
        {"migration_set": "sealtrail", "name": "0099_sample_future", "applied_at": "2031-01-01"}
    )
    db.close()
    return path


def damaged_store(path: Path) -> Path:
    db = connect(str(path))
    db.execute("drop table crawl_runs")
    db.close()
    return path


def truncated_store(path: Path, tmp: Path) -> Path:
    """The first page of a real store, as a copy cut short would leave it."""
    whole = build_sample_store(tmp / "whole.db")
    path.write_bytes(whole.read_bytes()[:4096])
    return path


def empty_file(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def blank_database(path: Path) -> Path:
    """An SQLite file holding nothing (a table made and dropped, as a tool's probe leaves)."""
    con = sqlite3.connect(path)
    con.execute("create table probe (x)")
    con.execute("drop table probe")
    con.commit()
    con.close()
    return path


WRONG = {
    # kind: (make it, words the refusal says)
    "missing": (lambda p, tmp: p, ("no sealtrail store", "no such file")),
    "directory": (lambda p, tmp: p.mkdir() or p, ("is a directory",)),
    "empty file": (lambda p, tmp: empty_file(p), ("empty file",)),
    "text file": (lambda p, tmp: config_file(p), ("not an SQLite database",)),
    "blank SQLite": (lambda p, tmp: blank_database(p), ("without sealtrail's migrations",)),
    "other SQLite": (lambda p, tmp: other_database(p), ("without sealtrail's migrations",)),
    "newer store": (lambda p, tmp: newer_store(p), ("newer sealtrail", "0099_sample_future")),
    "damaged store": (lambda p, tmp: damaged_store(p), ("tables missing: crawl_runs",)),
    "truncated store": (lambda p, tmp: truncated_store(p, tmp), ("cannot be opened",)),
}


@pytest.mark.parametrize("kind", list(WRONG))
def test_status_refuses_anything_but_a_sealtrail_store(kind, tmp_path):
    make, words = WRONG[kind]
    path = make(tmp_path / "sealtrail.db", tmp_path)
    before = snapshot(tmp_path)
    line = assert_refused(sealtrail("status", "--db", str(path)), str(path), *words)
    assert "Traceback" not in line
    assert snapshot(tmp_path) == before  # nothing created, migrated or left beside it


def exported_feeds(tmp_path: Path) -> Path:
    store = build_sample_store(tmp_path / "real.db")
    done = sealtrail("feeds", "export", str(tmp_path / "feeds"), "--db", str(store))
    assert done.returncode == 0, done.stderr
    return tmp_path / "feeds"


def busy_port() -> socket.socket:
    """A port something else holds (a server that did start would fail at once, not hang)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    return sock


def schedule_config(tmp: Path) -> Path:
    """Settings pointing every source at a closed loopback port: nothing leaves the machine."""
    path = tmp / "sealtrail.toml"
    path.write_text(
        "# SAMPLE settings\n"
        'courts = ["casd"]\n'
        "[pacer]\n"
        'url_template = "http://127.0.0.1:9/{court}/cgi-bin/rss_outside.pl"\n'
    )
    return path


def export_args(db: str, tmp: Path, port: int) -> list[str]:
    return ["feeds", "export", str(exported_feeds(tmp)), "--db", db]


def schedule_args(db: str, tmp: Path, port: int) -> list[str]:
    config = str(schedule_config(tmp))
    return ["schedule", "--once", "--job", "pacer", "--config", config, "--db", db]


COMMANDS = {
    "reclassify": lambda db, tmp, port: ["reclassify", "--db", db],
    "serve": lambda db, tmp, port: ["serve", "--db", db, "--port", str(port)],
    "feeds export": export_args,
    "analyze --db": lambda db, tmp, port: ["analyze", str(ORDER), "--db", db, "--entry", "16"],
    "schedule --once": schedule_args,
}
CASES = [
    (command, kind)
    for command in COMMANDS
    for kind in ("missing", "other SQLite", "directory")
    # the scheduler creates a missing store: its first PACER poll fills it
    if (command, kind) != ("schedule --once", "missing")
]


@pytest.mark.parametrize("command,kind", CASES)
def test_commands_that_do_not_crawl_refuse_a_wrong_store(command, kind, tmp_path):
    make, words = WRONG[kind]
    path = make(tmp_path / "typo.db", tmp_path)
    with busy_port() as held:
        args = COMMANDS[command](str(path), tmp_path, held.getsockname()[1])
        before = snapshot(tmp_path)
        done = sealtrail(*args, cwd=tmp_path, timeout=60)
    assert_refused(done, str(path), *words)
    assert snapshot(tmp_path) == before  # no store, lock file or feed written


@pytest.mark.parametrize("kind", ["empty file", "blank SQLite"])
def test_the_scheduler_makes_its_store_where_a_crawl_would(kind, tmp_path):
    """An operator's `touch` or `install -m 600` of the store before the first start (an empty
    file), like a missing one, is where the scheduler makes its store, as `crawl` does."""
    make, _ = WRONG[kind]
    path = make(tmp_path / "sealtrail.db", tmp_path)
    args = schedule_args(str(path), tmp_path, 0)
    with (tmp_path / "sealtrail.toml").open("a") as config:
        config.write("download_delay = 0\n")  # the closed port is refused at once
    done = sealtrail(*args, cwd=tmp_path, timeout=120)
    assert not done.stderr.startswith("Error: "), done.stderr[-2000:]
    assert "created new store" in done.stderr
    check_store(path)  # a sealtrail store now; its PACER poll ran (against a closed port)
    runs = sqlite3.connect(path).execute("select job, step from scheduler_runs").fetchall()
    assert ("pacer", "pacer-rss") in runs


def test_the_issue_a_mistyped_db_leaves_published_feeds_alone(tmp_path):
    """`feeds export` with a mistyped --db used to create an empty store and replace a
    populated sealing.atom with an empty one, leaving stale per-case feeds beside it."""
    feeds = exported_feeds(tmp_path)
    before = snapshot(feeds)
    assert b"<entry>" in before["sealing.atom"]
    done = sealtrail("feeds", "export", str(feeds), "--db", str(tmp_path / "reall.db"))
    assert_refused(done, "reall.db", "no such file")
    assert not (tmp_path / "reall.db").exists()
    assert snapshot(feeds) == before


def test_an_older_store_is_still_migrated_and_opened(tmp_path):
    db = sqlite_utils.Database(tmp_path / "old.db")
    migrations.apply(db, stop_before=KNOWN_MIGRATIONS[-1])
    db.close()
    done = sealtrail("status", "--db", str(tmp_path / "old.db"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines() == [
        "no crawl has run yet",
        "",
        "Re-reads for sealing after the fact: no case has sealing activity or is watched yet",
    ]
    applied = [
        r[0]
        for r in sqlite3.connect(tmp_path / "old.db").execute("select name from _sqlite_migrations")
    ]
    assert applied == KNOWN_MIGRATIONS


@pytest.mark.parametrize("kind", ["missing", "empty file", "blank SQLite"])
def test_a_crawl_makes_its_store_where_there_is_none_and_says_so(kind, server, tmp_path):
    make, _ = WRONG[kind]
    make(tmp_path / "new.db", tmp_path)
    server.robots("User-agent: *\nDisallow:\n")
    server.route("/casd/cgi-bin/rss_outside.pl", Reply.file(CRAWL_DATA / "casd.xml"))
    template = server.url("/{court}/cgi-bin/rss_outside.pl")
    args = ["--courts", "casd", "--url-template", template, "--download-delay", "0"]
    done = sealtrail("crawl", "pacer-rss", *args, "--json", "--db", "new.db", cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "created new store new.db" in done.stderr.splitlines()
    assert json.loads(done.stdout.splitlines()[-1])["casd"]["status"] == "ok"
    assert sealtrail("status", "--db", "new.db", cwd=tmp_path).returncode == 0
    again = sealtrail("crawl", "pacer-rss", *args, "--db", "new.db", cwd=tmp_path)
    assert again.returncode == 0 and "created new store" not in again.stderr


@pytest.mark.parametrize("kind", ["other SQLite", "directory", "newer store", "truncated store"])
def test_a_crawl_never_writes_into_something_else(kind, tmp_path):
    make, words = WRONG[kind]
    path = make(tmp_path / "target.db", tmp_path)
    before = snapshot(tmp_path)
    done = sealtrail(
        "crawl", "pacer-rss", "--courts", "casd", "--db", str(path),
        "--url-template", "http://127.0.0.1:9/{court}/cgi-bin/rss_outside.pl",
    )  # fmt: skip
    assert_refused(done, str(path), *words)
    assert snapshot(tmp_path) == before  # no sealtrail tables added to someone's database


def test_schedule_print_config_needs_no_store(tmp_path):
    done = sealtrail("schedule", "--print-config", "--db", str(tmp_path / "none.db"))
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "none.db").exists()


def test_the_scheduler_creates_a_missing_store_and_logs_it(tmp_path, caplog):
    from monitor.scheduler import prepare

    caplog.set_level("INFO", logger="monitor.scheduler")
    assert prepare(str(tmp_path / "st.db")) == 0
    assert f"created new store {tmp_path / 'st.db'}" in caplog.messages
    caplog.clear()
    prepare(str(tmp_path / "st.db"))
    assert not [m for m in caplog.messages if "created" in m]


def test_the_scheduler_never_migrates_another_database(tmp_path):
    from monitor.scheduler import prepare

    path = other_database(tmp_path / "notes.db")
    before = path.read_bytes()
    with pytest.raises(Exception, match="without sealtrail's migrations"):
        prepare(str(path))
    assert path.read_bytes() == before


def test_paths_with_uri_characters_open_the_right_file(tmp_path):
    from monitor.storefile import open_store

    odd = tmp_path / "SAMPLE store ?mode=ro#1 %20.db"
    lines: list[str] = []
    open_store(odd, create=True, on_create=lines.append).close()
    assert lines == [f"created new store {odd}"]
    done = sealtrail("status", "--db", str(odd))
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm"))) == [
        odd.name
    ]
