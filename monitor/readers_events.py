"""`readers_events`: what the readers' view shows, one row per sealing event, kept by triggers.

`sealing_events_for_readers` (`monitor.views`) reads its immigration rows. Its count and facets
were joins over every event (24x slower at 1M entries than at 10k, docs/benchmarks.md); on
this table they are range scans of covering indexes. The table (migration 0024) holds each
event as `all_sealing_events` reads it, plus the case's `immigration` and `case_id`.

The triggers here recompute a row from `all_sealing_events` whenever something it shows
changes in events, cases, courts, docket entries, event dates, reasons or `rules_on` links, so
store, reclassify, merge_order and enrich keep it right without knowing it exists. They read
a view, so like the views they are derived objects, not migrations (`monitor.derived`): they
are dropped while migrations run and created again afterwards, and the table is refilled from
the view whenever they or the views are (re)created (`refill`: about 4 s at 1M entries).

Quirks handled:
- Delete, then insert: a statement's conflict clause (an upsert's ON CONFLICT, INSERT OR
  IGNORE) overrides the ones in the triggers it fires, so `insert or replace` would not be.
- Crawls upsert cases, entries and courts with unchanged values all the time: each update
  trigger fires only when a column the view shows changed, and an insert trigger for a row
  that others refer to (a docket entry, a case, a court, a motion an order rules on) only
  when one already does (most entries of a crawl have no event).
- A new event's row is written by the `event_dates` insert (every new event gets its date row
  from `event_dates_event_inserted`, and the views join it), not by the event's own insert,
  which would write it twice.
"""

from __future__ import annotations

import sqlite_utils

READERS_TABLE = "readers_events"
# The columns of `sealing_events_for_readers`, in its order.
READERS_COLUMNS = (
    "date",
    "court_name",
    "case_name",
    "docket_number",
    "event_type",
    "summary",
    "movant_role",
    "outcome",
    "reason_codes",
    "judge",
    "event_id",
    "court",
    "date_utc",
)
# One row per sealing event, as `all_sealing_events` reads it (so the readers' view answers
# exactly what 0022's view over `immigration_sealing_events` did), for the events `{ids}`.
_READERS_ROWS = (
    "insert into readers_events (event_id, immigration, case_id, date, court_name, case_name, "
    "docket_number, event_type, summary, movant_role, outcome, reason_codes, judge, court, "
    "date_utc) select event_id, coalesce(immigration = 1, 0), case_id, substr(date, 1, 10), "
    "court_name, case_name, docket_number, event_type, summary, movant_role, outcome, "
    "reason_codes, judge, court, date_utc from all_sealing_events where event_id in ({ids})"
)


def _refresh(ids: str) -> list[str]:
    """Trigger actions that recompute the readers_events rows of the events `ids` (a SQL
    expression list or subquery): delete, then insert what the view says now (nothing for an
    event that left it): delete, then insert (see the module docstring)."""
    return [f"delete from readers_events where event_id in ({ids})", _READERS_ROWS.format(ids=ids)]


def _changed(columns: tuple[str, ...]) -> str:
    return " or ".join(f"old.{c} is not new.{c}" for c in columns)


# Orders whose shown movant comes from the motions they rule on (the views' movant_role).
_ORDERS_OF = "select from_event from event_links where to_event = {e} and relation = 'rules_on'"
_EVENTS_OF_CASE = "select id from sealing_events where case_id = {c}"
_EVENTS_OF_ENTRY = "select id from sealing_events where entry_id = {d}"
_EVENTS_OF_COURT = (
    "select e.id from sealing_events e join cases c on c.id = e.case_id where c.court_id = {co}"
)
_EVENT_COLUMNS = (
    "id",
    "case_id",
    "entry_id",
    "event_type",
    "outcome",
    "movant_role",
    "summary",
    "judge",
    "first_seen",
)
_CASE_COLUMNS = ("id", "court_id", "case_name", "docket_number", "immigration")
# name: (when, actions). Each fires only when something the readers' view shows changed
# (crawls upsert cases, entries and courts with unchanged values all the time), and a row
# inserted before the rows that refer to it (a docket entry, a case, a court, a motion an order
# rules on) only when one already does: most entries of a crawl have no event.
READERS_TRIGGERS = {
    "readers_motion_inserted": (
        f"after insert on sealing_events when exists ({_ORDERS_OF.format(e='new.id')})",
        _refresh(_ORDERS_OF.format(e="new.id")),
    ),
    "readers_event_updated": (
        f"after update on sealing_events when {_changed(_EVENT_COLUMNS)}",
        ["delete from readers_events where event_id = old.id"]
        + _refresh("new.id")
        + _refresh(_ORDERS_OF.format(e="old.id"))
        + _refresh(_ORDERS_OF.format(e="new.id")),
    ),
    "readers_event_deleted": (
        "after delete on sealing_events",
        ["delete from readers_events where event_id = old.id"]
        + _refresh(_ORDERS_OF.format(e="old.id")),
    ),
    "readers_case_inserted": (
        f"after insert on cases when exists ({_EVENTS_OF_CASE.format(c='new.id')})",
        _refresh(_EVENTS_OF_CASE.format(c="new.id")),
    ),
    "readers_case_updated": (
        f"after update on cases when {_changed(_CASE_COLUMNS)}",
        _refresh(_EVENTS_OF_CASE.format(c="old.id")) + _refresh(_EVENTS_OF_CASE.format(c="new.id")),
    ),
    "readers_case_deleted": (
        "after delete on cases", _refresh(_EVENTS_OF_CASE.format(c="old.id"))
    ),
    "readers_court_inserted": (
        "after insert on courts when exists (select 1 from cases where court_id = new.id)",
        _refresh(_EVENTS_OF_COURT.format(co="new.id")),
    ),
    "readers_court_updated": (
        f"after update on courts when {_changed(('id', 'short_name'))}",
        _refresh(_EVENTS_OF_COURT.format(co="old.id"))
        + _refresh(_EVENTS_OF_COURT.format(co="new.id")),
    ),
    "readers_court_deleted": (
        "after delete on courts", _refresh(_EVENTS_OF_COURT.format(co="old.id"))
    ),
    "readers_entry_inserted": (
        f"after insert on docket_entries when exists ({_EVENTS_OF_ENTRY.format(d='new.id')})",
        _refresh(_EVENTS_OF_ENTRY.format(d="new.id")),
    ),
    "readers_entry_updated": (
        f"after update on docket_entries when {_changed(('id', 'date_filed'))}",
        _refresh(_EVENTS_OF_ENTRY.format(d="old.id"))
        + _refresh(_EVENTS_OF_ENTRY.format(d="new.id")),
    ),
    "readers_entry_deleted": (
        "after delete on docket_entries", _refresh(_EVENTS_OF_ENTRY.format(d="old.id"))
    ),
    # A new event's row is written here: `event_dates_event_inserted` gives every new event its
    # date row (the views join it), so a trigger on the event's own insert would write it twice.
    "readers_date_inserted": ("after insert on event_dates", _refresh("new.event_id")),
    "readers_date_updated": (
        f"after update on event_dates when {_changed(('event_id', 'date_utc'))}",
        _refresh("old.event_id") + _refresh("new.event_id"),
    ),
    "readers_date_deleted": ("after delete on event_dates", _refresh("old.event_id")),
    "readers_reason_inserted": ("after insert on event_reasons", _refresh("new.event_id")),
    "readers_reason_updated": (
        "after update on event_reasons", _refresh("old.event_id") + _refresh("new.event_id")
    ),
    "readers_reason_deleted": ("after delete on event_reasons", _refresh("old.event_id")),
    "readers_link_inserted": (
        "after insert on event_links when new.relation = 'rules_on'",
        _refresh("new.from_event"),
    ),
    "readers_link_updated": (
        "after update on event_links when old.relation = 'rules_on' or new.relation = 'rules_on'",
        _refresh("old.from_event") + _refresh("new.from_event"),
    ),
    "readers_link_deleted": (
        "after delete on event_links when old.relation = 'rules_on'", _refresh("old.from_event")
    ),
}  # fmt: skip


def _create_statement(name: str) -> str:
    when, actions = READERS_TRIGGERS[name]
    return f"CREATE TRIGGER {name} {when} begin {'; '.join(actions)}; end"


def stale_triggers(db: sqlite_utils.Database) -> list[str]:
    """The triggers whose stored definition is missing or differs from `READERS_TRIGGERS`
    (none while the table does not exist yet, before migration 0024)."""
    if not db[READERS_TABLE].exists():
        return []
    stored = dict(
        db.execute("select name, sql from sqlite_master where type = 'trigger'").fetchall()
    )
    return [name for name in READERS_TRIGGERS if stored.get(name) != _create_statement(name)]


def drop_triggers(db: sqlite_utils.Database) -> None:
    for name in READERS_TRIGGERS:
        db.execute(f"drop trigger if exists {name}")


def create_triggers_and_refill(db: sqlite_utils.Database) -> None:
    """(Re)create the triggers and refill the table from the views (which must exist)."""
    if not db[READERS_TABLE].exists():
        return
    drop_triggers(db)
    for name in READERS_TRIGGERS:
        db.execute(_create_statement(name))
    db.execute(f"delete from {READERS_TABLE}")
    db.execute(_READERS_ROWS.format(ids="select id from sealing_events"))
