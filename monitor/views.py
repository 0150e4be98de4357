"""The store's views, each defined once in its latest form.

Views hold no data, so they are not migrations: `ensure_views` (run by
`monitor.schema.migrate` on every open of the store) drops and recreates a view whose stored
definition differs from the one here, in dependency order. To change a view, edit it here; no
migration is needed unless a table changes under it.

- `all_sealing_events`: every sealing event with its case, court, entry, order document,
  reasons and sources, one row each; sorted on `date_utc` (from `event_dates`, kept by
  triggers and indexed, migration 0018).
- `immigration_sealing_events`: the same for immigration cases. `+immigration` keeps the
  planner off the `cases(immigration)` index, which made it sort every immigration event for
  a page of the newest; walking `event_dates` by date finds them.
- `sealing_events_for_readers`: what a person reads in a row (issue 15): the immigration rows
  of `readers_events` (`monitor.readers_events`, kept by triggers from `all_sealing_events`),
  so its count and facets are index scans. `date` is the filing day as the court gives it;
  `date_utc` is the sort key.
- `after_the_fact_changes`: sealing after the fact (`monitor.after_the_fact`), one row per
  `docket_changes` row, newest seen first, with the case, the entry's stored (redacted) text,
  the kind and states in words and the evidence in plain words (from the change's JSON).

An event of sealing after the fact (`sealed_after_filing`, `unsealed_after_filing`) is dated
when the change was seen (`first_seen`), not by its entry's filing months before (migration
0026 dates `event_dates` the same way).

Quirks the definitions handle:
- An order whose text does not say who asked takes the role of the motions it rules on
  (`movant_role`), when they agree; the stored event keeps what its own text says, so
  `reclassify` stays exact.
- `seen_in` is read through a subquery: SQLite (3.40) scans a table-valued function such as
  Datasette's array facet `json_each([inner].seen_in) j join inner` before the view's
  left-joined docket_entries, so a plain `coalesce(d.sources, '[]')` reached it as NULL and
  the facet counted nothing.
- `event_rowid` and `entry_rowid` let Datasette search the views through the FTS tables of
  `sealing_events` and `docket_entries`.
"""

from __future__ import annotations

import sqlite_utils

from monitor.after_the_fact import SOURCE_WORDS
from monitor.readers_events import READERS_COLUMNS, READERS_TABLE
from monitor.vocab import CHANGE_LABELS, DOCUMENT_MISSING_LABEL, ITEM_STATE_LABELS

ALL_EVENTS_VIEW = "all_sealing_events"
IMMIGRATION_EVENTS_VIEW = "immigration_sealing_events"
READERS_VIEW = "sealing_events_for_readers"
CHANGES_VIEW = "after_the_fact_changes"

EVENTS_VIEW_SQL = """select
  e.id as event_id,
  case when e.event_type in ('sealed_after_filing', 'unsealed_after_filing') then e.first_seen
    else coalesce(d.date_filed, e.first_seen) end as date,
  c.court_id as court,
  co.short_name as court_name,
  c.docket_number,
  c.case_name,
  e.event_type,
  e.outcome,
  coalesce(
    case when e.movant_role = 'unknown' then (
      select min(m.movant_role) from event_links l
      join sealing_events m on m.id = l.to_event
      where l.from_event = e.id and l.relation = 'rules_on'
        and m.movant_role not in ('unknown', 'none')
      having count(distinct m.movant_role) = 1
    ) end,
    e.movant_role
  ) as movant_role,
  e.summary,
  e.movant_text,
  e.target_entries,
  e.documents_sealed,
  e.standard,
  e.reasons_stated,
  (
    select json_group_array(r.reason) from event_reasons r where r.event_id = e.id
  ) as reason_codes,
  (
    select json_group_array(json_object('code', r.reason, 'evidence', r.evidence))
    from event_reasons r where r.event_id = e.id
  ) as reasons,
  e.local_rule,
  e.judge,
  e.judge_role,
  e.decided_on,
  e.document_id,
  doc.source_url as order_url,
  d.entry_number,
  d.short_description,
  d.text as entry_text,
  coalesce(d.document_url, d.source_url) as source_url,
  c.docket_url,
  c.immigration,
  c.immigration_basis,
  c.basis_source,
  c.nature_of_suit,
  c.nos_code,
  (select coalesce(s.sources, '[]') from docket_entries s where s.id = e.entry_id) as seen_in,
  doc.sources as order_sources,
  e.rule_id,
  e.case_id,
  e.entry_id,
  e.first_seen,
  e.updated,
  ed.date_utc,
  e.rowid as event_rowid,
  d.rowid as entry_rowid
from sealing_events e
join event_dates ed on ed.event_id = e.id
join cases c on c.id = e.case_id
left join courts co on co.id = c.court_id
left join docket_entries d on d.id = e.entry_id
left join documents doc on doc.id = e.document_id"""


def _words(column: str, labels: dict[str, str]) -> str:
    """A SQL `case` giving `column`'s code in words (the code itself when it has none)."""
    whens = " ".join(
        f"when '{code}' then '{label.replace(chr(39), chr(39) * 2)}'"
        for code, label in labels.items()
    )
    return f"case {column} {whens} else {column} end"


def _state_words(column: str) -> str:
    """A state in words; a document's `missing` says its entry is still there."""
    return (
        f"case when dc.item_kind = 'document' and {column} = 'missing' "
        f"then '{DOCUMENT_MISSING_LABEL}' else {_words(column, ITEM_STATE_LABELS)} end"
    )


_SOURCE = _words("dc.source", SOURCE_WORDS)
_WHOLE = "case dc.source when 'govinfo' then 'package' else 'docket' end"
_EVIDENCE = "json_extract(dc.evidence, '$.{}')"
_EVIDENCE_TEXT = (
    "case " + _EVIDENCE.format("outcome")
    + " when 'complete' then 'Compared with the ' || " + _SOURCE + " || ' ' || " + _WHOLE
    + " || ' read in full'"
    " when 'partial' then 'A partial read of the ' || " + _SOURCE + " || ' ' || " + _WHOLE
    + " || ' (a page failed: only what its pages showed counts)'"
    " when 'withdrawn' then " + _SOURCE + " || ' answered that the package is withdrawn'"
    " else 'Re-read on ' || " + _SOURCE + " end"
    " || coalesce(' (' || " + _EVIDENCE.format("pages") + " || case "
    + _EVIDENCE.format("pages") + " when 1 then ' page)' else ' pages)' end, '')"
    " || ' on ' || substr(dc.seen, 1, 10)"
    " || coalesce(', at ' || " + _EVIDENCE.format("read") + ", '')"
    " || coalesce('; before, last seen ' || " + _state_words("dc.before")
    + " || ' on ' || substr(" + _EVIDENCE.format("last_seen_before") + ", 1, 10), '')"
    " || '. Re-read number ' || coalesce(dc.recheck_id, '?') || ' in the rechecks table.'"
)  # fmt: skip

CHANGES_VIEW_SQL = f"""select
  dc.seen,
  dc.kind,
  {_words("dc.kind", CHANGE_LABELS)} as change,
  c.court_id as court,
  co.short_name as court_name,
  c.case_name,
  c.docket_number,
  d.entry_number,
  coalesce(d.text, d.short_description) as entry_text,
  {_SOURCE} as source,
  (
    select s.source_url from entry_sources s where s.entry_id = dc.entry_id
      and s.source = dc.source and s.source_url like 'http%'
  ) as source_url,
  {_state_words("dc.before")} as before,
  {_state_words("dc.after")} as after,
  {_EVIDENCE_TEXT} as evidence,
  dc.event_id,
  dc.item_kind,
  dc.item_id,
  dc.case_id,
  dc.entry_id,
  dc.recheck_id,
  dc.id as change_id,
  c.immigration
from docket_changes dc
join cases c on c.id = dc.case_id
left join courts co on co.id = c.court_id
left join docket_entries d on d.id = dc.entry_id
order by dc.seen desc, dc.id desc"""

READERS_VIEW_SQL = (
    "select " + ", ".join(READERS_COLUMNS) + f" from {READERS_TABLE} where immigration = 1"
)

#: Each view's select, in the order they must be created (each reads the ones before it).
VIEWS: dict[str, str] = {
    ALL_EVENTS_VIEW: EVENTS_VIEW_SQL,
    IMMIGRATION_EVENTS_VIEW: f"select * from {ALL_EVENTS_VIEW} where +immigration = 1",
    READERS_VIEW: READERS_VIEW_SQL,
    CHANGES_VIEW: CHANGES_VIEW_SQL,
}


def _create_statement(name: str, select_sql: str) -> str:
    return f"CREATE VIEW [{name}] AS {select_sql}"


def stale_views(db: sqlite_utils.Database) -> list[str]:
    """The views whose stored definition is missing or differs from `VIEWS`."""
    stored = dict(db.execute("select name, sql from sqlite_master where type = 'view'").fetchall())
    return [name for name, sql in VIEWS.items() if stored.get(name) != _create_statement(name, sql)]


def drop_views(db: sqlite_utils.Database) -> None:
    """Drop every view of `VIEWS` (readers of the others first)."""
    for name in reversed(VIEWS):
        db.execute(f"drop view if exists [{name}]")


def create_views(db: sqlite_utils.Database) -> None:
    """Create every view of `VIEWS` afresh (in a write transaction of the caller's)."""
    drop_views(db)
    for name, select_sql in VIEWS.items():
        db.execute(_create_statement(name, select_sql))
