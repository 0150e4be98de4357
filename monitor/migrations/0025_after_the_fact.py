"""Sealing after the fact (`monitor.after_the_fact`): the watch list, each re-read of a whole
docket or package, what each source last showed of every item it lists, and the changes found.

- `watch_list`: cases a user asked to have re-read (`sealtrail watch add`), beside the cases
  with sealing activity, which are re-read anyway.
- `rechecks`: one row per re-read of one case's docket (CourtListener) or package (GovInfo):
  its source, address, how it ended (`complete`, `partial`, `failed`, `not_found`,
  `withdrawn`), what it counted, and the evidence (`detail`, JSON). Changes point at it.
- `source_items`: the state each source last showed of an entry, document or granule
  (`public`, `available`, `unavailable`, `sealed`, `missing`, `withdrawn`), keyed by the
  source's own id; the baseline the next re-read is compared with.
- `docket_changes`: one row per change found (`vanished`, `sealed_later`, `unsealed_later`,
  `withdrawn`), the entry it concerns, the states before and after, the evidence, when it
  was seen and the sealing event it became.
"""

from __future__ import annotations

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    db.execute(
        "create table watch_list (case_id text primary key, court_id text not null, "
        "docket_number text not null, added text not null, note text)"
    )
    db.execute(
        "create table rechecks (id integer primary key, case_id text not null, "
        "source text not null, started text not null, finished text, status text not null, "
        "url text, entries integer, documents integer, changes integer, detail text)"
    )
    db.execute("create index rechecks_case on rechecks (case_id, source, finished)")
    db.execute(
        "create table source_items (source text not null, item_id text not null, "
        "kind text not null, case_id text not null, entry_id text, state text not null, "
        "first_seen text not null, last_seen text not null, last_recheck integer, "
        "primary key (source, item_id))"
    )
    db.execute("create index source_items_case on source_items (case_id, source)")
    db.execute(
        "create table docket_changes (id integer primary key, case_id text not null, "
        "entry_id text, source text not null, item_kind text not null, item_id text not null, "
        "kind text not null, before text, after text, seen text not null, "
        "recheck_id integer, evidence text, event_id text)"
    )
    db.execute("create index docket_changes_seen on docket_changes (seen)")
    db.execute("create index docket_changes_case on docket_changes (case_id, seen)")
    db.execute("create index docket_changes_entry on docket_changes (entry_id)")
