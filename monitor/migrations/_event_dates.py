"""`event_dates`: each event's date in UTC, kept by triggers (migrations 0018 and 0019).

An event's date is its entry's filing or publication time, else when sealtrail first saw it,
as `YYYY-MM-DDTHH:MM:SSZ`, which sorts as text. A separate table, not a column: a trigger
updating the sealing_events row it was fired for runs before that row's FTS insert trigger,
which corrupts the external-content index.
"""

from __future__ import annotations

import sqlite_utils

_UTC = "strftime('%Y-%m-%dT%H:%M:%SZ', {})"
EVENT_DATE = (
    "coalesce("
    + _UTC.format("(select date_filed from docket_entries where id = {event}.entry_id)")
    + ", "
    + _UTC.format("{event}.first_seen")
    + ", '')"
)
# Delete, then insert: a statement's conflict clause (an upsert's ON CONFLICT, INSERT OR
# IGNORE) overrides the ones in the triggers it fires, so `insert or replace` here would not be.
_PUT_DATE = (
    "delete from event_dates where event_id = new.id; "
    "insert into event_dates (event_id, date_utc) values (new.id, "
    + EVENT_DATE.format(event="new")
    + ")"
)
_ENTRY_DATE = (
    "update event_dates set date_utc = coalesce(" + _UTC.format("new.date_filed") + ", "
    "(select " + _UTC.format("e.first_seen") + " from sealing_events e "
    "where e.id = event_dates.event_id), '') "
    "where event_id in (select id from sealing_events where entry_id = new.id)"
)
EVENT_DATE_TRIGGERS = {
    "event_dates_event_inserted": ("after insert on sealing_events", [_PUT_DATE]),
    "event_dates_event_updated": (
        "after update of id, entry_id, first_seen on sealing_events",
        ["delete from event_dates where event_id = old.id and old.id != new.id", _PUT_DATE],
    ),
    "event_dates_event_deleted": (
        "after delete on sealing_events", ["delete from event_dates where event_id = old.id"]
    ),
    "event_dates_entry_inserted": ("after insert on docket_entries", [_ENTRY_DATE]),
    "event_dates_entry_updated": ("after update of date_filed on docket_entries", [_ENTRY_DATE]),
}  # fmt: skip


def create_event_date_triggers(db: sqlite_utils.Database) -> None:
    """(Re)create the triggers that keep `event_dates` (0018, rewritten in 0019)."""
    for name, (when, actions) in EVENT_DATE_TRIGGERS.items():
        db.execute(f"drop trigger if exists {name}")
        db.execute(f"create trigger {name} {when} begin {'; '.join(actions)}; end")
