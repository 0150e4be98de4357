"""Shared fixtures: a loopback HTTP server and a way to run real crawls against it.

Crawls run in a subprocess (`crawler.run.crawl` via `python -c`): Twisted's reactor cannot be
restarted, so one crawl per process keeps every test independent of the others and of the
pytest plugins installed. Nothing here touches the network beyond 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # so `tests.loopback` imports however pytest was started
    sys.path.insert(0, str(ROOT))

from tests.loopback import LoopbackServer  # noqa: E402

CRAWL_DATA = Path(__file__).resolve().parent / "data" / "crawl"
SUMMARY_MARK = "@@sealtrail-summary@@"

# Politeness off for speed (no delay, no AutoThrottle start delay), short timeouts.
TEST_SETTINGS: dict[str, Any] = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_TIMEOUT": 10,
    "RETRY_AFTER_MAX": 10,
    "LOG_LEVEL": "INFO",
}

_SCRIPT = """
import json, resource, sys
args = json.loads(sys.argv[1])
memory = args.pop("memory_limit_mb")
if memory:  # the test's bound on the whole crawl process, before anything is imported
    resource.setrlimit(resource.RLIMIT_AS, (memory << 20, memory << 20))
policy = args.pop("fetch_policy")
if policy:  # a dotted name (tests/policies.py): objects do not cross the process boundary
    from scrapy.utils.misc import load_object
    args["fetch_policy"] = load_object(policy)
from crawler.run import crawl
summary = crawl(**args)
print({mark!r} + json.dumps(summary))
"""


def rows(db_path: Path | str, sql: str, params: tuple = ()) -> list[dict]:
    """Rows of a query on a store file, as dicts (read with plain sqlite3, as a reader would)."""
    con = sqlite3.connect(db_path)
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute(sql, params)]
    finally:
        con.close()


class CrawlResult:
    def __init__(self, proc: subprocess.CompletedProcess[str]):
        self.returncode = proc.returncode
        self.stdout = proc.stdout
        self.log = proc.stderr
        self.summary: dict[str, dict[str, Any]] = {}
        for line in proc.stdout.splitlines():
            if line.startswith(SUMMARY_MARK):
                self.summary = json.loads(line[len(SUMMARY_MARK) :])

    def __repr__(self) -> str:
        tail = self.log[-3000:]
        return f"CrawlResult(rc={self.returncode}, summary={self.summary}, log=...{tail})"


def run_crawl(
    db_path: Path | str,
    courts: list[str] | None,
    url_template: str | None = None,
    *,
    source: str = "pacer_rss",
    spider_args: dict[str, Any] | None = None,
    settings: dict[str, Any] | None = None,
    keep_all_cases: bool = False,
    env: dict[str, str] | None = None,
    timeout: float = 120,
    memory_limit_mb: int | None = None,
    fetch_policy: str | None = None,
    spider: str | None = None,
) -> CrawlResult:
    """Run `crawler.run.crawl` in a fresh interpreter and return its summary and log;
    `memory_limit_mb` caps the crawl process's address space (RLIMIT_AS); `fetch_policy`
    names the policy object handed to the spider (default: the monitor's); `spider` (a
    dotted path) runs another spider of the source, e.g. its `recheck_spider`."""
    args = {
        "memory_limit_mb": memory_limit_mb,
        "fetch_policy": fetch_policy,
        "source": source,
        "courts": courts,
        "db_path": str(db_path),
        "url_template": url_template,
        "keep_all_cases": keep_all_cases,
        "settings": {**TEST_SETTINGS, **(settings or {})},
        "spider_args": spider_args or {},
        "spider": spider,
    }
    script = _SCRIPT.format(mark=SUMMARY_MARK)
    proc = subprocess.run(
        [sys.executable, "-c", script, json.dumps(args)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    result = CrawlResult(proc)
    assert proc.returncode == 0, result
    assert result.summary, result
    return result


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as srv:
        yield srv


@pytest.fixture
def crawl(tmp_path: Path) -> Callable[..., CrawlResult]:
    """`crawl(courts, url_template, **kw)` into `tmp_path / "crawl.db"` (same file each call)."""

    def _crawl(
        courts: list[str] | None, url_template: str | None = None, **kwargs: Any
    ) -> CrawlResult:
        kwargs.setdefault("db_path", tmp_path / "crawl.db")
        db_path = kwargs.pop("db_path")
        return run_crawl(db_path, courts, url_template, **kwargs)

    return _crawl


# SQLite's heap cap (feeds.sql_limits: PRAGMA hard_heap_limit) is process-wide: the
# connections a test module's in-process Datasette keeps open (the executor threads hold them
# after the test is done) take the share of the modules after it; tests/test_site_limits.py then
# failed with MemoryError building its store. Every Datasette made in a module is closed at its
# end.
_DATASETTES: list = []


def _remember_datasettes() -> None:
    from datasette.app import Datasette

    if getattr(Datasette.__init__, "_sealtrail_remembers", False):
        return
    original = Datasette.__init__

    def remembering(self, *args, **kwargs):
        original(self, *args, **kwargs)
        _DATASETTES.append(self)

    remembering._sealtrail_remembers = True
    Datasette.__init__ = remembering


@pytest.fixture(autouse=True, scope="module")
def _close_datasettes_after_each_module() -> Iterator[None]:
    _remember_datasettes()
    yield
    while _DATASETTES:
        for database in _DATASETTES.pop().databases.values():
            database.close()
