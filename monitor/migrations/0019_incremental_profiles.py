"""`fetch_state.profile`: how a body was processed (`crawler.conditional`); rows without
one are not trusted, so each URL is read in full once more. `sealing_events(entry_id)`:
the event_dates triggers find an entry's events by it (every docket entry insert scanned
the events). The event_dates triggers again, written so that no outer conflict clause
can make them fail (see `_PUT_DATE`)."""

from __future__ import annotations

import sqlite_utils

from monitor.migrations._event_dates import create_event_date_triggers


def apply(db: sqlite_utils.Database) -> None:
    db["fetch_state"].add_column("profile", str)
    db["sealing_events"].create_index(["entry_id"], if_not_exists=True)
    create_event_date_triggers(db)
