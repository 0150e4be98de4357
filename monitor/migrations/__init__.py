"""The store's migrations, one per file, applied in the order of their names.

A migration is a module `NNNN_what_it_does.py` in this package with an `apply(db)` function;
its file name (without `.py`) is the name recorded in `_sqlite_migrations`. Migrations are
append-only: never edit or rename one that has shipped (a store made by that version would
never get the change; `tests/test_migration_upgrades.py` upgrades the store of every earlier
version and compares it with a fresh one), add a new one. Views are not migrations: they are
defined once in `monitor.views`. Helpers shared by several migrations live in modules whose
names start with `_`.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from sqlite_utils import Migrations

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+$")


def migration_names() -> list[str]:
    """The migrations of this package, in order (file names without `.py`)."""
    here = Path(__file__).parent
    names = sorted(p.stem for p in here.glob("*.py") if _NAME.match(p.stem))
    numbers = [name[:4] for name in names]
    if len(set(numbers)) != len(numbers):
        raise RuntimeError(f"two migrations share a number: {numbers}")
    return names


def _load() -> Migrations:
    registry = Migrations("sealtrail")
    for name in migration_names():
        module = importlib.import_module(f"{__name__}.{name}")
        registry(name=name)(module.apply)
    return registry


migrations = _load()
