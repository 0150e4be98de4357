"""Sealing after the fact is news when it is seen: an event of type `sealed_after_filing` or
`unsealed_after_filing` is dated by its `first_seen` (when the re-read found the change), not
by the filing date of the entry it concerns, months before. The `event_dates` triggers are
written again (`EVENT_DATE_TRIGGERS_SEEN`: an entry's filing date no longer moves these
events) and the dates of such events already stored are set. The views' `date` says the same
(`monitor.views`), and the readers' table is refilled from them after migrations."""

from __future__ import annotations

import sqlite_utils

from monitor.migrations._event_dates import (
    EVENT_DATE_SEEN,
    EVENT_DATE_TRIGGERS_SEEN,
    create_event_date_triggers,
)


def apply(db: sqlite_utils.Database) -> None:
    create_event_date_triggers(db, EVENT_DATE_TRIGGERS_SEEN)
    db.execute(
        "update event_dates set date_utc = (select "
        + EVENT_DATE_SEEN.format(event="e")
        + " from sealing_events e where e.id = event_dates.event_id) "
        "where event_id in (select id from sealing_events "
        "where event_type in ('sealed_after_filing', 'unsealed_after_filing'))"
    )
