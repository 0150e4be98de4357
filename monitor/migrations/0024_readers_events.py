"""`readers_events`: one row per sealing event holding what the readers' view shows (and the
case's `immigration` and `case_id`), so that `sealing_events_for_readers` counts and facets
with range scans of covering indexes instead of joining every event (`monitor.readers_events`
keeps it: its triggers and its refill are derived objects, created with the views).

Clustered on `(immigration, date_utc, event_id)`: the view's rows, count and array facet read
the immigration rows in order from the table itself, with no lookup per row. Each facet column
of the view (metadata.yml) has an index `(immigration, <column>, date_utc, event_type)`: the
facet is a covering range scan of the immigration rows, a filter on the column walks the same
index newest first, and the feeds' counts per column (which leave `not_sealing` out) are
covering scans too (`feeds.queries`). `readers_events_by_case` gives the cases with events in
order and their count."""

from __future__ import annotations

import sqlite_utils

FACET_COLUMNS = ("court_name", "event_type", "outcome", "movant_role", "judge", "court")


def apply(db: sqlite_utils.Database) -> None:
    db.execute(
        "create table readers_events (event_id text not null, immigration integer not null, "
        "case_id text, date text, court_name text, case_name text, docket_number text, "
        "event_type text, summary text, movant_role text, outcome text, reason_codes text, "
        "judge text, court text, date_utc text not null, "
        "primary key (immigration, date_utc, event_id)) without rowid"
    )
    db.execute("create unique index readers_events_event on readers_events (event_id)")
    for column in FACET_COLUMNS:
        db.execute(
            f"create index readers_events_by_{column} "
            f"on readers_events (immigration, {column}, date_utc, event_type)"
        )
    db.execute(
        "create index readers_events_by_case "
        "on readers_events (immigration, court, docket_number, case_id, event_type)"
    )
