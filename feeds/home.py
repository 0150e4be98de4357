"""The home page's data (`index.html`): this week's sealing events as short lines, and what
each event type and ruling means.

Quirks handled:
- "This week" is the seven days before now (UTC), on `date_utc`, newest first, at most
  `WEEK_LIMIT` lines; a week with nothing new shows the latest `LATEST_LIMIT` events instead
  (and says so), so the page is never an empty box.
- `not_sealing` rows (text that looked like sealing but is not) are left out, as in the feeds.
- Stored text is already redacted (`monitor.redact`); every line is redacted again on the way
  out, so a store written by an older sealtrail cannot leak an A-number onto the home page.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

from feeds.build import case_path, event_path
from monitor.redact import redact
from monitor.vocab import EVENT_LABELS, EVENT_TYPES

WEEK_LIMIT = 50
LATEST_LIMIT = 10
_COLUMNS = (
    "event_id, date, date_utc, court, court_name, case_name, docket_number, event_type, "
    "outcome, movant_role, judge, summary"
)
# The view name is one of feeds.queries.VIEWS, never a visitor's input.
_SINCE_SQL = (
    "select {columns} from {view} where date_utc >= ? and event_type != 'not_sealing' "
    "order by date_utc desc, event_id desc limit ?"
)
_LATEST_SQL = (
    "select {columns} from {view} where event_type != 'not_sealing' "
    "order by date_utc desc, event_id desc limit ?"
)

# What each event type means, in the words of metadata.yml's glossary (fixed vocabulary).
EVENT_MEANINGS = {
    "motion_to_seal": "someone asks the court to seal a document or to file it under seal.",
    "sealed_filing": "a document is filed or lodged under seal.",
    "sealing_order": "the court rules on sealing (granted, denied, granted in part, moot).",
    "unseal_motion": "someone (often the press or a party) asks the court to unseal.",
    "unsealing_order": "the court orders something unsealed.",
    "redaction": "a redacted public version of a sealed document is filed.",
    "sealed_after_filing": "an entry or document that was public is later gone, sealed or "
    "withdrawn, found by re-reading the whole docket (no motion or order says so).",
    "unsealed_after_filing": "an entry or document that went out of view is back or "
    "available again.",
    "not_sealing": "looked like sealing but is not (left out of the feeds and this page).",
}
assert tuple(EVENT_MEANINGS) == EVENT_TYPES


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def day_label(date: str | None) -> str:
    """`2026-11-21...` as `21 Nov 2026` (the court's own day); anything else as given."""
    try:
        return datetime.strptime((date or "")[:10], "%Y-%m-%d").strftime("%-d %b %Y")
    except ValueError:
        return date or ""


def _line(row: dict) -> dict:
    what = row["summary"] or EVENT_LABELS.get(row["event_type"], row["event_type"])
    return {
        "event_id": row["event_id"],
        "day": day_label(row["date"]),
        "court": row["court_name"] or row["court"],
        "case_name": redact(row["case_name"] or row["docket_number"] or ""),
        "docket_number": row["docket_number"] or "",
        "event_type": row["event_type"],
        "what": redact(what),
        "judge": redact(row["judge"] or ""),
        "event_path": event_path(row["event_id"]),
        "case_path": case_path(row["court"], row["docket_number"])
        if row["court"] and row["docket_number"]
        else None,
    }


def _lines(conn: sqlite3.Connection, sql: str, params: tuple) -> list[dict]:
    """Rows as dicts whatever the connection's row factory (Datasette's connections keep
    theirs: `feeds.result_budget` meters what they read)."""
    cursor = conn.execute(sql, params)
    names = [column[0] for column in cursor.description]
    return [_line(dict(zip(names, row, strict=True))) for row in cursor.fetchall()]


def whats_new(conn: sqlite3.Connection, view: str, now: datetime | None = None) -> dict:
    """{"week": [line, ...], "latest": [line, ...] (only when the week is empty), "since"}."""
    now = now or datetime.now(UTC)
    since = _utc(now - timedelta(days=7))
    lines = _lines(conn, _SINCE_SQL.format(columns=_COLUMNS, view=view), (since, WEEK_LIMIT))
    latest = []
    if not lines:
        latest = _lines(conn, _LATEST_SQL.format(columns=_COLUMNS, view=view), (LATEST_LIMIT,))
    return {"week": lines, "latest": latest, "since": day_label(since)}
