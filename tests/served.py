"""A store served by Datasette in the test process, for the page tests.

`served_get(store)` yields `get(path) -> httpx.Response` over a Datasette instance with the
project's metadata.yml, and closes the instance's connections afterwards: SQLite's heap cap is
process-wide (feeds.sql_limits), so connections left open would take the share of later tests.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import yaml
from datasette.app import Datasette

METADATA = Path(__file__).resolve().parents[1] / "metadata.yml"


def served_get(store: Path) -> Iterator[Callable[[str], httpx.Response]]:
    ds = Datasette([str(store)], metadata=yaml.safe_load(METADATA.read_text(encoding="utf-8")))

    def get(path: str) -> httpx.Response:
        return asyncio.run(ds.client.get(path))

    yield get
    for database in ds.databases.values():
        database.close()
