"""`event_dates(event_id, date_utc)`: each event's date (its entry's filing or publication
time, else when sealtrail first saw it) in UTC, `YYYY-MM-DDTHH:MM:SSZ`, which sorts as
text. The views' `date` is computed across a join, so "newest first" sorted every event
for each feed and page (benchmarks/scale.py); the views now join this indexed table.
Triggers keep it whatever writes events or entries (store, orders, reclassify, enrich). A
separate table, not a column: a trigger updating the sealing_events row it was fired for
runs before that row's FTS insert trigger, which corrupts the external-content index."""

from __future__ import annotations

import sqlite_utils

from monitor.migrations._event_dates import EVENT_DATE, create_event_date_triggers


def apply(db: sqlite_utils.Database) -> None:
    db["event_dates"].create(
        {"event_id": str, "date_utc": str}, pk="event_id", not_null={"date_utc"}
    )
    create_event_date_triggers(db)
    db.execute(
        "insert or replace into event_dates (event_id, date_utc) select e.id, "
        + EVENT_DATE.format(event="e")
        + " from sealing_events e"
    )
    db["event_dates"].create_index(["date_utc", "event_id"], if_not_exists=True)
