"""Two crawls on one store at the same time, and processes opening one store at once.

An operator runs `sealtrail crawl pacer-rss` by hand while the scheduler's poll runs on the
same `--db`. Each process must wait its turn for SQLite's write lock (`busy_timeout`) instead
of failing with "database is locked" (`monitor.transactions`). Here two real `sealtrail
crawl` processes crawl SAMPLE feeds from one loopback server into one store, for disjoint
and for overlapping sets of courts. The server answers the two crawls' requests in pairs
(a barrier), so their stores coincide; a real `sealtrail serve` (Datasette) is read all
the while. Every court must be stored once, whole, with an `ok` run row per crawl that asked
for it, nothing doubled, the store sound, and every page 200.

Also: several processes opening a new store, or an old one that needs migrating, at once.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
import sqlite_utils

from monitor.courts import default_courts
from monitor.schema import connect, migrations
from tests.conftest import CRAWL_DATA, ROOT, rows
from tests.loopback import Reply
from tests.test_faults import (
    ALLOW_ALL,
    READER_PATHS,
    RSS,
    _answers,
    assert_store_sound,
    big_feed,
    cli_env,
    entries_per_court,
    free_port,
    http_get,
    pacer_path,
    sealtrail_command,
    start_crawl,
    wait_for,
)

COURTS = list(default_courts())[:12]
ENTRIES = 120  # per SAMPLE feed: 30 invented cases, 4 entries each
SEALING_PER_FEED = ENTRIES // 2  # "Motion to Seal" and "Order on Motion to Seal" of each case
SPLITS = {
    "disjoint": (COURTS[0::2], COURTS[1::2]),
    "overlapping": (COURTS[:8], COURTS[4:]),
}


def _serve_paired(server, barrier: threading.Barrier) -> None:
    server.robots(ALLOW_ALL)
    for court in COURTS:
        body = big_feed(court, ENTRIES)
        server.route(pacer_path(court), Reply(200, body, content_type=RSS, together=barrier))


class _Readers:
    """Threads asking a Datasette server for READER_PATHS until stopped."""

    def __init__(self, port: int, threads: int = 3):
        self.port = port
        self.answers: list[tuple[str, int, bytes]] = []
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._read, args=(i,)) for i in range(threads)]

    def _read(self, offset: int) -> None:
        index = offset
        while not self.stop.is_set():
            path = READER_PATHS[index % len(READER_PATHS)]
            try:
                status, body = http_get(self.port, path)
            except OSError as exc:  # a refused or dropped connection is a failure too
                status, body = 0, repr(exc).encode()
            self.answers.append((path, status, body))
            index += 1

    def __enter__(self) -> _Readers:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=90)


@pytest.mark.parametrize("split", sorted(SPLITS))
def test_two_crawls_share_one_store(split, server, tmp_path):
    first, second = SPLITS[split]
    db = tmp_path / "sealtrail.db"
    connect(str(db)).close()  # created and migrated, as `sealtrail serve` would
    port = free_port()
    log = (tmp_path / "datasette.log").open("w")
    serve = subprocess.Popen(
        sealtrail_command("serve", "--db", str(db), "--port", str(port)),
        cwd=tmp_path,
        env=cli_env(),
        stdout=log,
        stderr=log,
    )
    # pairs of answers, one to each crawl; equal halves, so no request waits alone
    _serve_paired(server, threading.Barrier(2, timeout=30))
    try:
        wait_for(lambda: _answers(port), "Datasette to start")
        with _Readers(port) as readers:
            crawls = [
                start_crawl(server, db, courts, tmp_path / f"crawl-{n}.log")
                for n, courts in enumerate((first, second))
            ]
            for n, crawl in enumerate(crawls):
                code = crawl.wait(timeout=300)
                assert code == 0, (tmp_path / f"crawl-{n}.log").read_text()[-3000:]
    finally:
        serve.terminate()
        serve.wait(timeout=30)
        log.close()

    logs = "".join((tmp_path / f"crawl-{n}.log").read_text() for n in range(2))
    assert "database is locked" not in logs
    # every court stored once, whole: its entries and its sealing events, nothing doubled
    assert entries_per_court(db) == dict.fromkeys(COURTS, ENTRIES)
    events = rows(
        db,
        "select c.court_id, count(*) n from sealing_events e join cases c on c.id = e.case_id "
        "group by 1",
    )
    assert {r["court_id"]: r["n"] for r in events} == dict.fromkeys(COURTS, SEALING_PER_FEED)
    assert rows(db, "select count(*) n from entry_sources")[0]["n"] == ENTRIES * len(COURTS)
    assert rows(db, "select count(*) n from entry_revisions")[0]["n"] == 0
    assert_store_sound(db)
    # one `ok` run row per crawl that asked for the court, nothing else
    runs: dict[str, list[str]] = {}
    for row in rows(db, "select court, status, detail from crawl_runs order by id"):
        runs.setdefault(row["court"], []).append(row["status"])
        assert "database is locked" not in row["detail"]
    expected = {court: ["ok"] * ((court in first) + (court in second)) for court in COURTS}
    assert runs == expected
    # the two crawls' answers went out together (the barrier paired them)
    feeds = [r for r in server.requests if r.path.endswith("rss_outside.pl")]
    paired = {(a.path, b.path) for a, b in server.overlapping() if a in feeds and b in feeds}
    assert len(paired) >= len(first) // 2, paired
    # and Datasette answered every request while they wrote
    assert len(readers.answers) >= len(READER_PATHS)
    failed = [(path, status, body[:300]) for path, status, body in readers.answers if status != 200]
    assert not failed


_OPEN_WHEN_TOLD = """
import os, sys, time
from monitor.schema import connect
path, go = sys.argv[1], sys.argv[2]
print("ready", flush=True)
deadline = time.monotonic() + 60
while not os.path.exists(go) and time.monotonic() < deadline:
    time.sleep(0.002)
try:
    connect(path).close()
except Exception as exc:
    print(f"failed: {type(exc).__name__}: {exc}", flush=True)
else:
    print("opened", flush=True)
"""


def _open_at_once(path: Path, processes: int) -> list[str]:
    """Start `processes` interpreters that each `connect()` to `path` at the same moment;
    return what each said."""
    go = path.with_suffix(".go")
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _OPEN_WHEN_TOLD, str(path), str(go)],
            cwd=ROOT,
            env={**cli_env()},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    try:
        for proc in procs:  # every interpreter has imported sealtrail and is waiting
            assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        go.touch()
        said = []
        for proc in procs:
            out, err = proc.communicate(timeout=120)
            said.append(out.strip() or err.strip()[-500:])
        return said
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()


def _old_store(path: Path) -> None:
    """A store as an older sealtrail left it (migrations up to 0016), with SAMPLE rows."""
    old = sqlite_utils.Database(str(path))
    migrations.apply(old, stop_before="0017_redact_stored_text")
    old["courts"].insert({"id": "casd", "name": "Southern District of California (SAMPLE)"})
    old.close()


@pytest.mark.parametrize("store", ["new", "old"])
def test_processes_opening_one_store_at_once_all_succeed(store, tmp_path):
    path = tmp_path / "sealtrail.db"
    if store == "old":
        _old_store(path)
    said = _open_at_once(path, processes=4)
    assert said == ["opened"] * 4
    applied = rows(path, "select name from _sqlite_migrations order by id")
    names = [row["name"] for row in applied]
    assert names == [m.name for m in migrations._migrations]  # each once, in order
    con_rows = rows(path, "pragma integrity_check")
    assert con_rows == [{"integrity_check": "ok"}]


def test_a_writer_waits_for_another_process_to_commit(tmp_path):
    """Another process holds the write lock for a moment (as a crawl storing a big court
    does): storing a court's entries and recording the run wait for it (busy_timeout) and
    then succeed, reading what the other process wrote; neither fails "database is locked"."""
    from crawler.parsers.pacer_rss import parse_feed
    from monitor.runs import record_run
    from monitor.store import ingest_entries

    path = tmp_path / "sealtrail.db"
    connect(str(path)).close()
    items = parse_feed((CRAWL_DATA / "casd.xml").read_bytes(), "casd").items
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_THE_LOCK, str(path)],
        cwd=ROOT,
        env=cli_env(),
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        db = connect(str(path))
        stamp = "2026-11-20T10:00:00+00:00"
        stats = ingest_entries(db, items, source="pacer_rss", now=stamp, keep_all_cases=True)
        run_id = record_run(
            db, source="pacer_rss", court="casd", started=stamp, finished=stamp, status="ok"
        )
        db.close()
        assert holder.wait(timeout=60) == 0
    finally:
        if holder.poll() is None:
            holder.kill()
    assert stats.stored == len(items) > 0
    stored = rows(path, "select count(*) n from docket_entries")[0]["n"]
    assert stored == len(items)
    assert [r["id"] for r in rows(path, "select id from crawl_runs")] == [run_id]
    assert {r["id"] for r in rows(path, "select id from courts")} == {"casd", "nyed"}


# Plain sqlite3, as any other writer would: take the lock, write, hold it 1.5 s, commit.
_HOLD_THE_LOCK = """
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
con.execute("insert into courts (id, name) values ('nyed', 'SAMPLE court')")
print("holding", flush=True)
time.sleep(1.5)
con.execute("COMMIT")
"""
