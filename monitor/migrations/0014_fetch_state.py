"""Per-URL validators and body fingerprint of the last fully stored response
(`monitor.fetch_state`), for conditional requests and skipping unchanged sources."""

from __future__ import annotations

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    db["fetch_state"].create(
        {
            "url": str,
            "etag": str,
            "last_modified": str,
            "sha256": str,
            "status": int,
            "fetched": str,
            "stored": str,
        },
        pk="url",
        not_null={"sha256", "stored"},
    )
