"""`sealtrail --version`: our version and the versions of the parts a bug report needs.

Versions come from the installed packages' metadata (pyproject.toml for sealtrail itself), so
they cannot drift from what is installed; a part that is not installed reads `not installed`.
"""

from __future__ import annotations

import platform
import sqlite3
from importlib.metadata import PackageNotFoundError, version

PARTS = {"scrapy": "Scrapy", "datasette": "Datasette", "sqlite-utils": "sqlite-utils"}


def package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def version_line() -> str:
    """`sealtrail 0.1.0 (Python 3.11.9, Scrapy 2.19.0, Datasette 0.65.1, ..., SQLite 3.40.1)`."""
    parts = [f"Python {platform.python_version()}"]
    parts += [f"{label} {package_version(name)}" for name, label in PARTS.items()]
    parts.append(f"SQLite {sqlite3.sqlite_version}")
    return f"sealtrail {package_version('sealtrail')} ({', '.join(parts)})"
