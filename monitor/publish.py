"""Serving the store with Datasette: metadata.yml bound to the served database's name."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import yaml

METADATA_PATH = Path(__file__).resolve().parents[1] / "metadata.yml"
METADATA_DATABASE = "sealtrail"  # the database key used inside metadata.yml

# Read-only for the public: no write plugins are installed; queries are bounded. The store
# is served mutable (crawls write to it), so Datasette reads it through `mode=ro` connections
# and `allow_download` only applies to a read-only copy served with `-i` (Datasette never
# offers a mutable database for download); the store holds redacted text only either way.
# Tested in tests/test_security.py.
DATASETTE_SETTINGS = {
    "sql_time_limit_ms": "2000",
    "max_returned_rows": "1000",
    "facet_time_limit_ms": "500",
    "allow_download": "on",
    "default_cache_ttl": "60",
    # Suggesting facets tries every column (45 on the event views) on every table page: at
    # 1M entries that took the readers' default view from 0.75 s to 4.5 s (docs/benchmarks.md).
    # The facets metadata.yml configures are still shown.
    "suggest_facets": "off",
    # Datasette's defaults, stated because the memory bounds of issue 13 count on them: three
    # SQL threads (each may hold one request's rows, `feeds.result_budget`), and a streamed CSV
    # (`_stream=on`, past max_returned_rows) ends after 100 MB.
    "num_sql_threads": "3",
    "max_csv_mb": "100",
}

# glibc gives each thread that allocates its own arena and keeps what it frees there: with
# SQLite and Python working in three threads, the server's resident size tends to the sum of
# their peaks (the peak over tests/test_site_limits.py's requests: 443 to 502 MB without these
# two, 307 with them). Two arenas, and allocations from 256 KB up (large values, rendered
# pages) mapped and unmapped whole.
DATASETTE_ENV = {"MALLOC_ARENA_MAX": "2", "MALLOC_MMAP_THRESHOLD_": "262144"}


def metadata_for(db_path: str | os.PathLike) -> dict:
    """metadata.yml with its database section renamed to the served file's name."""
    metadata = yaml.safe_load(METADATA_PATH.read_text(encoding="utf-8"))
    name = Path(db_path).stem
    databases = metadata.get("databases") or {}
    if METADATA_DATABASE in databases and name != METADATA_DATABASE:
        databases[name] = databases.pop(METADATA_DATABASE)
    return metadata


def datasette_command(db_path: str, *, host: str, port: int, metadata_file: str) -> list[str]:
    command = [sys.executable, "-m", "datasette", "serve", str(db_path), "-m", metadata_file]
    command += ["--host", host, "--port", str(port)]
    for name, value in DATASETTE_SETTINGS.items():
        command += ["--setting", name, value]
    return command


def _inherited_file_path(fd: int) -> str:
    """A path the exec'd process can open to read descriptor `fd` it inherited."""
    return f"/dev/fd/{fd}" if os.path.isdir("/dev/fd") else f"/proc/self/fd/{fd}"


def datasette_environ(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment `datasette serve` runs in: `base` (this process's) plus DATASETTE_ENV,
    where the operator has not set those variables already."""
    environ = dict(os.environ if base is None else base)
    for name, value in DATASETTE_ENV.items():
        environ.setdefault(name, value)
    return environ


def serve_datasette(db_path: str, *, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Replace this process with `datasette serve` (so signals reach Datasette directly).

    The metadata goes in a temporary file that has no name (unlinked at once), inherited by
    Datasette and opened as `/dev/fd/N`: nothing is left behind however Datasette ends (a
    named file could not be removed after `exec`, and one was left per start)."""
    handle = tempfile.TemporaryFile(
        "w+", suffix=".yml", prefix="sealtrail-metadata-", encoding="utf-8"
    )
    yaml.safe_dump(metadata_for(db_path), handle, sort_keys=False)
    handle.flush()
    handle.seek(0)
    os.set_inheritable(handle.fileno(), True)
    metadata_file = _inherited_file_path(handle.fileno())
    command = datasette_command(db_path, host=host, port=port, metadata_file=metadata_file)
    os.execve(command[0], command, datasette_environ())
