"""`event_dates`: each event's date in UTC, kept by triggers (migrations 0018, 0019, 0026).

An event's date is its entry's filing or publication time, else when sealtrail first saw it,
as `YYYY-MM-DDTHH:MM:SSZ`, which sorts as text. Since 0026 (`EVENT_DATE_TRIGGERS_SEEN`), an
event of sealing after the fact (`sealed_after_filing`, `unsealed_after_filing`) is dated when
the change was seen (its `first_seen`), never by the entry it concerns, filed months before:
the news is the change. The 0018/0019 definitions stay as they shipped (migrations replay
them). A separate table, not a column: a trigger updating the sealing_events row it was fired
for runs before that row's FTS insert trigger, which corrupts the external-content index.
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


# 0026: an after-the-fact event is dated by when it was seen; an entry's filing date moves
# only its other events. The type names are written out: a migration's meaning stays fixed.
_SEEN_TYPES = "('sealed_after_filing', 'unsealed_after_filing')"
EVENT_DATE_SEEN = (
    "case when {event}.event_type in "
    + _SEEN_TYPES
    + " then coalesce("
    + _UTC.format("{event}.first_seen")
    + ", '') else "
    + EVENT_DATE
    + " end"
)
_PUT_DATE_SEEN = (
    "delete from event_dates where event_id = new.id; "
    "insert into event_dates (event_id, date_utc) values (new.id, "
    + EVENT_DATE_SEEN.format(event="new")
    + ")"
)
_ENTRY_DATE_SEEN = _ENTRY_DATE.replace(
    "where entry_id = new.id)", "where entry_id = new.id and event_type not in " + _SEEN_TYPES + ")"
)
EVENT_DATE_TRIGGERS_SEEN = {
    "event_dates_event_inserted": ("after insert on sealing_events", [_PUT_DATE_SEEN]),
    "event_dates_event_updated": (
        "after update of id, entry_id, event_type, first_seen on sealing_events",
        ["delete from event_dates where event_id = old.id and old.id != new.id", _PUT_DATE_SEEN],
    ),
    "event_dates_event_deleted": EVENT_DATE_TRIGGERS["event_dates_event_deleted"],
    "event_dates_entry_inserted": ("after insert on docket_entries", [_ENTRY_DATE_SEEN]),
    "event_dates_entry_updated": (
        "after update of date_filed on docket_entries", [_ENTRY_DATE_SEEN]
    ),
}  # fmt: skip


def create_event_date_triggers(db: sqlite_utils.Database, triggers: dict | None = None) -> None:
    """(Re)create the triggers that keep `event_dates` (0018, rewritten in 0019; 0026 passes
    `EVENT_DATE_TRIGGERS_SEEN`)."""
    for name, (when, actions) in (triggers or EVENT_DATE_TRIGGERS).items():
        db.execute(f"drop trigger if exists {name}")
        db.execute(f"create trigger {name} {when} begin {'; '.join(actions)}; end")
