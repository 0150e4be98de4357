"""`sealtrail schedule`: PACER RSS every N minutes, the other sources and a rebuild nightly.

Jobs (`job_steps`): `pacer` = crawl pacer-rss (also at start); `nightly` = crawl courtlistener,
crawl govinfo, recheck (both sources' re-reads for sealing after the fact, `sealtrail
recheck`, which starts a process per source), reclassify, feeds export, in that order (a
failing step does not stop the rest).
Which crawls a job runs is each source's `job` (monitor.sources), in the registry's order.
Each step is a `sealtrail` command in its own process: Scrapy's reactor cannot restart in one
process, and a crash or a leak in a crawl cannot take the scheduler down.

Quirks handled:
- APScheduler 3.11: `CronTrigger` without `timezone=` uses the machine's zone, so every
  trigger gets the configured zone; a cron time that does not exist on the night clocks go
  forward fires an hour later (02:30 -> 03:30 EDT) and one that occurs twice when they go back
  fires twice (01:30 EDT and 01:30 EST); `nightly_missed` follows the trigger's own answer;
- one job at a time: a single-thread executor (a due job waits its turn and is then subject to
  its misfire grace time) plus `Runner.lock` around every job, so a nightly chain and a PACER
  poll never write to SQLite together; `max_instances=1` and `coalesce` drop fires that come
  while a job is still running or waiting; a file lock beside the database keeps a second
  scheduler (or a cron `--once`) off the same store;
- a nightly run missed while the server was down runs once at start: "missed" means no
  nightly chain that ran to its end (errors included, interruptions not) started at or after
  the most recent scheduled time; re-running a failed chain on every restart would spend the
  APIs' daily budgets;
- SIGTERM/SIGINT: forwarded once to the running child (children have their own process group,
  so a terminal's Ctrl-C is not delivered twice), its end is recorded as `interrupted`, no
  further step starts, the scheduler shuts down and exits 0; a second signal, or a child still
  running after `STOP_GRACE` seconds, gets SIGKILL;
- tokens travel to children in the environment only; commands are stored and logged as argv
  with any token value masked (`Config.scrub`);
- rows left `running` by a scheduler that was killed are marked `interrupted` at start.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import shlex
import signal
import subprocess
import sys
import threading
import time as clock
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo
from pathlib import Path

import sqlite_utils
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from monitor import sources
from monitor.config import Config
from monitor.transactions import open_database, write_transaction

log = logging.getLogger(__name__)

PACER_GRACE = 15 * 60  # seconds a PACER poll may start late; later ones are skipped
NIGHTLY_GRACE = 6 * 3600  # seconds the nightly chain may start late
STOP_GRACE = 60.0  # seconds a child gets after SIGTERM before SIGKILL
STEP_TIMEOUT = {"pacer": 2 * 3600, "nightly": 6 * 3600}  # a hung child is ended (error)
JOB_DEFAULTS = {"max_instances": 1, "coalesce": True, "misfire_grace_time": PACER_GRACE}
STATUSES = ("running", "ok", "error", "interrupted")


@dataclass(frozen=True)
class Step:
    """One command of a job: `name` (e.g. `pacer-rss`) and the argv of its process."""

    name: str
    argv: tuple[str, ...]

    def command(self, config: Config) -> str:
        """The command as an operator would type it, tokens masked."""
        args = self.argv[3:] if self.argv[1:3] == ("-m", "monitor.cli") else self.argv
        prefix = "sealtrail " if args is not self.argv else ""
        return config.scrub(prefix + shlex.join(args))


def _cli(*args: str) -> tuple[str, ...]:
    return (sys.executable, "-m", "monitor.cli", *args)


def crawl_step(config: Config, source: str) -> Step:
    """`sealtrail crawl SOURCE` with this config's courts, addresses and delay."""
    options = config.options_for(source)
    args = ["crawl", source, "--db", config.db]
    courts = config.courts_for(source)
    if courts:
        args += ["--courts", ",".join(courts)]
    if options.url_template:
        args += ["--url-template", options.url_template]
    if options.base_url:
        args += ["--base-url", options.base_url]
    if options.api_url:
        args += ["--api-url", options.api_url]
    for query in options.queries:
        args += ["--query", query]
    if options.download_delay is not None:
        args += ["--download-delay", str(options.download_delay)]
    return Step(source, _cli(*args))


def job_steps(config: Config) -> dict[str, list[Step]]:
    export = ["feeds", "export", config.feeds_directory, "--db", config.db]
    if config.feeds_base_url:
        export += ["--base-url", config.feeds_base_url]

    def crawls(job: str) -> list[Step]:  # each source's `job` (monitor.sources), in order
        return [crawl_step(config, s.command) for s in sources.all_sources() if s.job == job]

    # the re-read for sealing after the fact: both sources, after the crawls brought the
    # dockets up to date, before reclassify and the export publish what it found
    recheck = ["recheck", "--db", config.db]
    if config.path:  # its [recheck] limits and each source's addresses and delay
        recheck += ["--config", config.path]
    return {
        "pacer": crawls("pacer"),
        "nightly": [
            *crawls("nightly"),
            Step("recheck", _cli(*recheck)),
            Step("reclassify", _cli("reclassify", "--db", config.db)),
            Step("feeds-export", _cli(*export)),
        ],
    }


def describe_jobs(config: Config) -> dict[str, list[str]]:
    return {job: [s.command(config) for s in steps] for job, steps in job_steps(config).items()}


# ------------------------------------------------------------------------------- triggers
def pacer_trigger(config: Config, start: datetime | None = None) -> IntervalTrigger:
    return IntervalTrigger(
        minutes=config.pacer_interval_minutes, timezone=config.tz, start_date=start
    )


def nightly_trigger(at: time, tz: tzinfo) -> CronTrigger:
    return CronTrigger(hour=at.hour, minute=at.minute, timezone=tz)


def latest_nightly(now: datetime, at: time, tz: tzinfo) -> datetime:
    """The most recent time at or before `now` when the nightly trigger fires (as the
    trigger itself computes it, DST quirks included), in UTC.

    Compared in UTC: Python compares two datetimes sharing one tzinfo by wall time, which
    is wrong for the nonexistent 02:30 the trigger returns on spring-forward night."""
    trigger = nightly_trigger(at, tz)
    now = now.astimezone(UTC)
    fire = trigger.get_next_fire_time(None, now - timedelta(days=3))
    latest = None
    for _ in range(8):  # at most four days of fires, two a night when clocks go back
        if fire is None or fire.astimezone(UTC) > now:
            break
        latest = fire.astimezone(UTC)
        # Step on in UTC: wall-clock arithmetic would drop `fold` and go back an hour.
        fire = trigger.get_next_fire_time(fire, latest + timedelta(microseconds=1))
    assert latest is not None, "a daily trigger fires within three days"
    return latest


def nightly_missed(last_run: datetime | None, now: datetime, at: time, tz: tzinfo) -> bool:
    """Whether the nightly chain should run now, at start: it never ran to its end, or the
    last one that did (`last_run`, when it started) began before the most recent scheduled
    time. Pure: `now` and `last_run` must be aware datetimes."""
    return last_run is None or last_run.astimezone(UTC) < latest_nightly(now, at, tz)


# ---------------------------------------------------------------------------- bookkeeping
def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _open(db_path: str) -> sqlite_utils.Database:
    return open_database(db_path)


def prepare(db_path: str) -> int:
    """Create (logging that it did) or migrate the store, and mark rows a killed scheduler left
    `running` as `interrupted` (call only while holding `exclusive`). Returns how many were
    marked. A path holding anything but a sealtrail store raises `monitor.storefile.StoreError`."""
    from monitor.storefile import open_store

    db = open_store(db_path, create=True, on_create=log.info)
    with write_transaction(db):
        cursor = db.execute(
            "update scheduler_runs set status = 'interrupted', finished = coalesce(finished, ?) "
            "where status = 'running'",
            [_now()],
        )
    db.close()
    return cursor.rowcount


def last_nightly_start(db_path: str) -> datetime | None:
    """Start of the newest nightly chain that ran to its end (its last step finished, ok or
    error), or None."""
    db = _open(db_path)
    try:
        row = db.execute(
            "select max(chain) from scheduler_runs where job = 'nightly' "
            "and step = 'feeds-export' and status in ('ok', 'error')"
        ).fetchone()
    finally:
        db.close()
    return datetime.fromisoformat(row[0]) if row and row[0] else None


class SchedulerBusy(RuntimeError):
    """Another scheduler holds the store's lock."""


@contextlib.contextmanager
def exclusive(db_path: str) -> Iterator[None]:
    """Hold `{db}.schedule-lock` (flock) so one scheduler at a time runs jobs on a store."""
    path = Path(f"{db_path}.schedule-lock")
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise SchedulerBusy(
                f"another `sealtrail schedule` is running on {db_path} (it holds {path})"
            ) from error
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# -------------------------------------------------------------------------------- running
class Runner:
    """Runs jobs' steps as child processes, one job at a time, recording `scheduler_runs`."""

    def __init__(
        self,
        config: Config,
        steps: dict[str, list[Step]] | None = None,
        stop_grace: float = STOP_GRACE,
    ) -> None:
        self.config = config
        self.steps = steps if steps is not None else job_steps(config)
        self.stop_grace = stop_grace
        self.lock = threading.Lock()  # held for a whole job: jobs never overlap
        # Re-entrant: `stop` runs in a signal handler, which may interrupt the thread that
        # holds it (with --once the steps run in the main thread).
        self._child_lock = threading.RLock()
        self._child: subprocess.Popen | None = None
        self._signalled: set[int] = set()  # pids of children a stop signal was sent to
        self._stop_signal: int | None = None
        self._stopped_at: float | None = None
        self._labels: dict[str, str] = {}

    @property
    def stopping(self) -> bool:
        return self._stop_signal is not None

    def label_next(self, job: str, trigger: str) -> None:
        """Record the next run of `job` with this trigger label (e.g. `missed`)."""
        self._labels[job] = trigger

    def run_job(self, job: str, trigger: str) -> bool:
        """Run `job`'s steps in order; True when every step ended ok. Never raises."""
        with self.lock:
            trigger = self._labels.pop(job, trigger)
            if self.stopping:
                log.info("job %s not started: the scheduler is stopping", job)
                return False
            chain = _now()
            results = []
            for step in self.steps[job]:
                if self.stopping:
                    results.append("interrupted")
                    break
                try:
                    results.append(self._run_step(job, step, trigger, chain))
                except Exception:  # bookkeeping failed; keep the scheduler alive
                    log.exception("job %s: step %s failed to run", job, step.name)
                    results.append("error")
            log.info("job %s (%s) done: %s", job, trigger, ", ".join(results))
            return all(r == "ok" for r in results) and len(results) == len(self.steps[job])

    def _run_step(self, job: str, step: Step, trigger: str, chain: str) -> str:
        command = step.command(self.config)
        db = _open(self.config.db)
        try:
            with write_transaction(db):
                row_id = db.execute(
                    "insert into scheduler_runs (job, step, trigger, chain, started, status, "
                    "command) values (?, ?, ?, ?, ?, 'running', ?)",
                    [job, step.name, trigger, chain, _now(), command],
                ).lastrowid
            log.info("job %s: starting %s", job, command)
            code, status = self._spawn(job, step)
            log.info("job %s: %s ended %s (exit code %s)", job, step.name, status, code)
            with write_transaction(db):
                db.execute(
                    "update scheduler_runs set finished = ?, status = ?, exit_code = ? "
                    "where id = ?",
                    [_now(), status, code, row_id],
                )
        finally:
            db.close()
        return status

    def _spawn(self, job: str, step: Step) -> tuple[int | None, str]:
        try:
            child = subprocess.Popen(
                step.argv, env=self.config.child_env(), process_group=0, stdin=subprocess.DEVNULL
            )
        except OSError as error:
            log.error("job %s: cannot start %s: %s", job, step.name, error)
            return None, "error"
        with self._child_lock:
            self._child = child
            if self._stop_signal is not None:  # a stop arrived while it was starting
                self._signal_child(self._stop_signal)
        deadline = clock.monotonic() + STEP_TIMEOUT.get(job, STEP_TIMEOUT["nightly"])
        timed_out = killed = False
        try:
            while True:
                try:
                    code = child.wait(timeout=0.5)
                    break
                except subprocess.TimeoutExpired:
                    pass
                now = clock.monotonic()
                with self._child_lock:
                    late = self._stopped_at is not None and now - self._stopped_at > self.stop_grace
                    if late and not killed:
                        log.warning("job %s: %s still running; killing it", job, step.name)
                        killed = True
                        child.kill()
                    elif not timed_out and now > deadline:
                        log.error("job %s: %s ran past its time limit; ending it", job, step.name)
                        timed_out = True
                        self._signal_child(signal.SIGTERM)
                        self._stopped_at = now
        finally:
            with self._child_lock:
                self._child = None
                interrupted = child.pid in self._signalled and not timed_out
                self._signalled.discard(child.pid)
                if timed_out:
                    self._stopped_at = None
        if timed_out:
            return code, "error"
        if interrupted:
            return code, "interrupted"
        return code, "ok" if code == 0 else "error"

    def _signal_child(self, signum: int) -> None:
        child = self._child
        if child is not None and child.poll() is None:
            self._signalled.add(child.pid)
            with contextlib.suppress(ProcessLookupError):
                child.send_signal(signum)

    def stop(self, signum: int = signal.SIGTERM) -> None:
        """Ask the running child to stop (the first call forwards `signum`; a second one
        kills it) and start no further step or job."""
        with self._child_lock:
            if self._stop_signal is None:
                self._stop_signal = signum
                self._stopped_at = clock.monotonic()
                self._signal_child(signum)
            elif self._child is not None:
                with contextlib.suppress(ProcessLookupError):
                    self._child.kill()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until no job is running (its bookkeeping written); False on timeout."""
        wait = self.stop_grace + 30 if timeout is None else timeout
        if self.lock.acquire(timeout=wait):
            self.lock.release()
            return True
        return False


def build_scheduler(
    config: Config,
    runner: Runner,
    *,
    now: datetime | None = None,
    scheduler_cls: type[BaseScheduler] = BlockingScheduler,
    pacer: BaseTrigger | None = None,
    nightly: BaseTrigger | None = None,
) -> BaseScheduler:
    """The scheduler with both jobs: PACER due now, the nightly chain due now too (after the
    poll) when `nightly_missed`. `pacer`/`nightly` replace the triggers (tests)."""
    tz = config.tz
    now = now or datetime.now(tz)
    scheduler = scheduler_cls(
        timezone=tz,
        executors={"default": ThreadPoolExecutor(max_workers=1)},
        job_defaults=JOB_DEFAULTS,
    )
    scheduler.add_job(
        runner.run_job,
        pacer or pacer_trigger(config),
        args=("pacer", "interval"),
        id="pacer",
        name="PACER RSS poll",
        next_run_time=now,
        misfire_grace_time=PACER_GRACE,
    )
    missed = nightly_missed(last_nightly_start(config.db), now, config.nightly_at, tz)
    extra = {}
    if missed:
        runner.label_next("nightly", "missed")
        extra["next_run_time"] = now + timedelta(seconds=1)
    scheduler.add_job(
        runner.run_job,
        nightly or nightly_trigger(config.nightly_at, tz),
        args=("nightly", "cron"),
        id="nightly",
        name="nightly crawl, re-read, reclassify and feed export",
        misfire_grace_time=NIGHTLY_GRACE,
        **extra,
    )
    return scheduler


@contextlib.contextmanager
def _forward_signals(on_signal) -> Iterator[None]:
    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _shutdown_when_started(scheduler: BaseScheduler, done: threading.Event) -> None:
    """Shut the scheduler down from a thread (never inside the signal handler, which may have
    interrupted the scheduler while it holds its locks), waiting for it to have started."""
    from apscheduler.schedulers import SchedulerNotRunningError

    while not done.is_set():
        try:
            scheduler.shutdown(wait=False)
            return
        except SchedulerNotRunningError:
            clock.sleep(0.05)


def run_forever(config: Config) -> int:
    """Run the scheduler until SIGTERM or SIGINT; returns the exit code (0)."""
    with exclusive(config.db):
        marked = prepare(config.db)
        if marked:
            log.warning(
                "%d scheduler run(s) left running by a previous scheduler: interrupted", marked
            )
        runner = Runner(config)
        scheduler = build_scheduler(config, runner)
        done = threading.Event()

        def on_signal(signum: int, frame: object) -> None:
            log.info(
                "received %s: ending the running job, recording it, then exiting",
                signal.Signals(signum).name,
            )
            first = not runner.stopping
            runner.stop(signum)
            if first:
                threading.Thread(
                    target=_shutdown_when_started, args=(scheduler, done), daemon=True
                ).start()

        with _forward_signals(on_signal):
            log.info(
                "scheduler: PACER every %d min, nightly at %s %s; jobs: %s",
                config.pacer_interval_minutes,
                config.nightly_at.strftime("%H:%M"),
                config.timezone,
                describe_jobs(config),
            )
            try:
                scheduler.start()
            finally:
                done.set()
            if not runner.wait_idle():
                log.error("the running job did not finish; its row stays 'running'")
    log.info("scheduler stopped")
    return 0


JOBS = ("pacer", "nightly")


def run_once(config: Config, jobs: tuple[str, ...] = JOBS) -> int:
    """Run `jobs` once in order (by default every job: PACER, then the nightly chain); 0 when
    all steps ended ok, 1 otherwise (a failed or interrupted step)."""
    unknown = set(jobs) - set(JOBS)
    if unknown:
        raise ValueError(f"unknown job(s) {sorted(unknown)}; known: {', '.join(JOBS)}")
    with exclusive(config.db):
        prepare(config.db)
        runner = Runner(config)

        def on_signal(signum: int, frame: object) -> None:
            log.info(
                "received %s: ending the running step, recording it", signal.Signals(signum).name
            )
            runner.stop(signum)

        with _forward_signals(on_signal):
            ok = [runner.run_job(job, "once") for job in JOBS if job in jobs]
    return 0 if all(ok) else 1
