"""What the crawlers last read from each URL and fully stored (`fetch_state`, schema 0014).

One row per URL: the validators the server sent (`ETag`, `Last-Modified`), a fingerprint of
the body, and when that body was fetched and when everything read from it was stored. The
crawler (`crawler.conditional`, `crawler.completion`) sends the validators back as
`If-None-Match` / `If-Modified-Since` and treats a 304, or a 200 with the same fingerprint,
as "unchanged": nothing is parsed or written.

Quirks handled:
- a row is written only after the URL's records were stored, so a row always means "this body
  was fully processed"; a crawl that died or failed midway left no row, and is re-read;
- PACER RSS sends neither validators nor expiry, so the fingerprint is what finds an unchanged
  feed; feeds generated on request may restamp the channel's `<lastBuildDate>` (which nothing
  reads) on every request, so `fingerprint(body, "rss")` leaves that element out;
- an unchanged answer writes nothing, not even a "last checked" time: a second crawl of
  unchanged sources leaves the store as it was (only `crawl_runs` and `api_calls` grow);
- what a body gives depends on more than its bytes: the crawl's options (`keep_all_cases`,
  GovInfo's `fetch_text`) and the parser's version. `profile` (schema 0019) records them, and
  a row with another profile is not trusted (`crawler.conditional`).
To make the crawlers read everything again (e.g. after a parser fix), delete rows (`forget`).
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from dataclasses import dataclass

import sqlite_utils

from monitor.transactions import write_transaction

TABLE = "fetch_state"
# Parts of a body that change without anything a parser reads changing.
VOLATILE = {"rss": re.compile(rb"<lastBuildDate>[^<]*</lastBuildDate>", re.IGNORECASE)}


@dataclass(frozen=True)
class FetchState:
    url: str
    etag: str | None
    last_modified: str | None
    sha256: str
    status: int
    fetched: str
    stored: str = ""
    profile: str = ""  # how the body was processed (crawler.conditional.processing_profile)

    def validators(self) -> dict[str, str]:
        """Request headers for a conditional GET (empty when the server sent no validators)."""
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


def fingerprint(body: bytes, volatile: str | None = None) -> str:
    """sha256 (hex) of `body`, minus the `VOLATILE[volatile]` parts when given."""
    pattern = VOLATILE.get(volatile or "")
    if pattern is not None:
        body = pattern.sub(b"", body)
    return hashlib.sha256(body).hexdigest()


def lookup(db: sqlite_utils.Database | sqlite3.Connection, url: str) -> FetchState | None:
    """The state of `url` (None: never fully processed)."""
    conn = getattr(db, "conn", db)  # a sqlite_utils.Database or a sqlite3 connection
    row = conn.execute(
        "select url, etag, last_modified, sha256, status, fetched, stored, profile "
        f"from {TABLE} where url = ?",
        [url],
    ).fetchone()
    return FetchState(*row) if row else None


def record(db: sqlite_utils.Database | sqlite3.Connection, state: FetchState) -> None:
    """Remember that `state.url`'s body was fully processed (call after its records were
    stored; `state.stored` is the time they were)."""
    if not state.stored:
        raise ValueError(f"{state.url}: record() needs the time the records were stored")
    with write_transaction(db):
        getattr(db, "conn", db).execute(
            f"insert into {TABLE} "
            "(url, etag, last_modified, sha256, status, fetched, stored, profile) "
            "values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (url) do update set "
            "etag = excluded.etag, last_modified = excluded.last_modified, "
            "sha256 = excluded.sha256, status = excluded.status, "
            "fetched = excluded.fetched, stored = excluded.stored, profile = excluded.profile",
            [
                state.url,
                state.etag,
                state.last_modified,
                state.sha256,
                state.status,
                state.fetched,
                state.stored,
                state.profile,
            ],
        )


def forget(db: sqlite_utils.Database, url_prefix: str = "") -> int:
    """Delete the states of URLs starting with `url_prefix` (all by default): the crawlers
    then read those URLs in full again. Returns how many were deleted."""
    with write_transaction(db):
        cursor = db.conn.execute(
            f"delete from {TABLE} where substr(url, 1, ?) = ?", [len(url_prefix), url_prefix]
        )
    return cursor.rowcount
