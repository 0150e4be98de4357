"""Database shape: tables, indexes, views and full-text search, applied as named migrations.

Every table has a natural key so that writes are idempotent upserts. Migrations are append-only:
never edit one that has shipped, add a new one.
"""

from __future__ import annotations

import json
import sqlite3
import time

import sqlite_utils
from sqlite_utils import Migrations

from monitor.transactions import BUSY_TIMEOUT_MS, open_database, write_transaction

migrations = Migrations("sealtrail")


@migrations(name="0001_core_tables")
def _core_tables(db: sqlite_utils.Database) -> None:
    db["courts"].create(
        {"id": str, "name": str, "short_name": str, "circuit": str, "kind": str},
        pk="id",
    )
    db["cases"].create(
        {
            "id": str,  # "{court}:{docket_number}"
            "court_id": str,
            "docket_number": str,
            "case_name": str,
            "pacer_case_id": str,
            "nature_of_suit": str,
            "nos_code": str,
            "immigration": int,
            "immigration_basis": str,
            "first_seen": str,
            "last_seen": str,
            "docket_url": str,
        },
        pk="id",
        foreign_keys=[("court_id", "courts", "id")],
    )
    db["docket_entries"].create(
        {
            "id": str,  # "{case_id}:{entry_number}" or "{case_id}:u{hash}" when unnumbered
            "case_id": str,
            "entry_number": int,
            "date_filed": str,
            "text": str,
            "short_description": str,
            "source": str,
            "source_url": str,
            "document_url": str,
            "guid": str,
            "first_seen": str,
            "last_seen": str,
        },
        pk="id",
        foreign_keys=[("case_id", "cases", "id")],
    )
    db["entry_revisions"].create(
        {
            "id": int,
            "entry_id": str,
            "seen": str,
            "field": str,
            "old_value": str,
            "new_value": str,
        },
        pk="id",
    )
    db["documents"].create(
        {
            "id": str,
            "case_id": str,
            "entry_id": str,
            "kind": str,
            "title": str,
            "date": str,
            "judge": str,
            "text": str,
            "sha256": str,
            "source": str,
            "source_url": str,
        },
        pk="id",
    )
    db["sealing_events"].create(
        {
            "id": str,  # the docket entry id it was read from
            "case_id": str,
            "entry_id": str,
            "document_id": str,
            "event_type": str,
            "outcome": str,
            "movant_role": str,
            "movant_text": str,
            "target_entries": str,  # JSON list of entry numbers
            "documents_sealed": str,  # JSON list of strings
            "standard": str,
            "local_rule": str,
            "judge": str,
            "decided_on": str,
            "reasons_stated": int,
            "summary": str,
            "rule_id": str,
            "classifier_version": str,
            "first_seen": str,
            "updated": str,
        },
        pk="id",
        foreign_keys=[("case_id", "cases", "id"), ("entry_id", "docket_entries", "id")],
    )
    db["event_reasons"].create(
        {"event_id": str, "reason": str, "evidence": str}, pk=("event_id", "reason")
    )
    db["event_authorities"].create(
        {"event_id": str, "citation": str, "name": str}, pk=("event_id", "citation")
    )
    db["event_links"].create(
        {"from_event": str, "to_event": str, "relation": str},
        pk=("from_event", "to_event", "relation"),
    )
    db["crawl_runs"].create(
        {
            "id": int,
            "source": str,
            "court": str,
            "started": str,
            "finished": str,
            "status": str,
            "requests": int,
            "items": int,
            "new_events": int,
            "errors": int,
            "detail": str,
        },
        pk="id",
    )


@migrations(name="0002_indexes")
def _indexes(db: sqlite_utils.Database) -> None:
    db["cases"].create_index(["court_id"])
    db["cases"].create_index(["immigration"])
    db["docket_entries"].create_index(["case_id", "entry_number"])
    db["docket_entries"].create_index(["date_filed"])
    db["sealing_events"].create_index(["case_id"])
    db["sealing_events"].create_index(["event_type"])
    db["sealing_events"].create_index(["outcome"])
    db["entry_revisions"].create_index(["entry_id"])
    db["crawl_runs"].create_index(["source", "court", "started"])


@migrations(name="0003_full_text_search")
def _fts(db: sqlite_utils.Database) -> None:
    db["docket_entries"].enable_fts(["text", "short_description"], create_triggers=True)
    db["sealing_events"].enable_fts(["summary", "movant_text"], create_triggers=True)
    db["documents"].enable_fts(["title", "text"], create_triggers=True)
    db["cases"].enable_fts(["case_name", "docket_number"], create_triggers=True)


EVENTS_VIEW_SQL = """
select
  e.id as event_id,
  coalesce(d.date_filed, e.first_seen) as date,
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
  coalesce(d.sources, '[]') as seen_in,
  doc.sources as order_sources,
  e.rule_id,
  e.case_id,
  e.entry_id,
  e.first_seen,
  e.rowid as event_rowid,
  d.rowid as entry_rowid
from sealing_events e
join cases c on c.id = e.case_id
left join courts co on co.id = c.court_id
left join docket_entries d on d.id = e.entry_id
left join documents doc on doc.id = e.document_id
"""


def _event_views(
    db: sqlite_utils.Database, select_sql: str, immigration: str = "immigration = 1"
) -> None:
    db.execute("drop view if exists immigration_sealing_events")
    db.execute("drop view if exists all_sealing_events")
    db.create_view("all_sealing_events", select_sql)
    db.create_view(
        "immigration_sealing_events", f"select * from all_sealing_events where {immigration}"
    )


@migrations(name="0004_event_views")
def _views(db: sqlite_utils.Database) -> None:
    """The views as of each migration that replays it (later columns come with theirs)."""
    if db["event_dates"].exists():
        _event_views(db, EVENTS_VIEW_SQL_DATED, DATED_IMMIGRATION_FILTER)
    else:
        _event_views(db, EVENTS_VIEW_SQL)


@migrations(name="0005_searchable_event_views")
def _searchable_views(db: sqlite_utils.Database) -> None:
    """Expose the events' rowid so Datasette can search the views through sealing_events_fts."""
    db.execute("drop view if exists immigration_sealing_events")
    db.execute("drop view if exists all_sealing_events")
    _views(db)


@migrations(name="0006_orders_inherit_movant")
def _orders_inherit_movant(db: sqlite_utils.Database) -> None:
    """An order whose text does not say who asked takes the role of the motions it rules on.

    Short RSS descriptions ("Order on Motion to Seal") and bare text orders ("ORDER denying 7
    Motion") name no movant; the linked motion usually does. Done in the views, so the stored
    event keeps what its own text says and `reclassify` stays exact.
    """
    _searchable_views(db)


@migrations(name="0007_views_search_docket_text")
def _views_search_docket_text(db: sqlite_utils.Database) -> None:
    """Expose the entry's rowid so the views can be searched on the docket text itself."""
    _searchable_views(db)


@migrations(name="0008_views_carry_order_reading")
def _views_carry_order_reading(db: sqlite_utils.Database) -> None:
    """Reasons (codes and evidence), standard, documents sealed, judge: what an order says."""
    db["event_reasons"].create_index(["event_id"], if_not_exists=True)
    db["documents"].create_index(["case_id"], if_not_exists=True)
    db["documents"].create_index(["sha256"], if_not_exists=True)
    _searchable_views(db)


@migrations(name="0009_sources_and_enrichment")
def _sources_and_enrichment(db: sqlite_utils.Database) -> None:
    """One record per fact across PACER RSS, CourtListener and GovInfo; case enrichment.

    - `entry_sources` / `document_sources`: every source an entry or document was seen in,
      with the source's own id (RECAP document id, GovInfo granule id) and address;
      `docket_entries.sources` / `documents.sources` keep the list as a JSON array for facets;
    - `entry_aliases`: an unnumbered entry (a GovInfo granule) later matched to its numbered
      entry keeps its old id here, so the next crawl finds the merged row;
    - cases gain the structured facts CourtListener and GovInfo give (cause, dates, parties,
      source ids) and say which source gave the nature of suit and the immigration basis;
    - `api_calls`: the calls made to budgeted APIs, so limits hold across runs.
    """
    db["docket_entries"].add_column("sources", str)
    db["documents"].add_column("sources", str)
    for column in (
        "cause",
        "date_filed",
        "date_terminated",
        "nos_source",
        "basis_source",
        "courtlistener_id",
        "govinfo_package",
        "sources",
    ):
        db["cases"].add_column(column, str)
    db["entry_sources"].create(
        {
            "entry_id": str,
            "source": str,
            "source_id": str,
            "source_url": str,
            "first_seen": str,
            "last_seen": str,
        },
        pk=("entry_id", "source"),
    )
    db["entry_sources"].create_index(["source", "source_id"])
    db["document_sources"].create(
        {
            "document_id": str,
            "source": str,
            "source_id": str,
            "source_url": str,
            "sha256": str,
            "chars": int,
            "first_seen": str,
            "last_seen": str,
        },
        pk=("document_id", "source"),
    )
    db["document_sources"].create_index(["source", "source_id"])
    db["documents"].create_index(["entry_id"], if_not_exists=True)
    db["entry_aliases"].create({"alias_id": str, "entry_id": str}, pk="alias_id")
    db["case_parties"].create(
        {"case_id": str, "name": str, "role": str, "source": str},
        pk=("case_id", "name", "role"),
    )
    db["api_calls"].create({"id": int, "source": str, "at": str}, pk="id")
    db["api_calls"].create_index(["source", "at"])
    db.execute("update docket_entries set sources = json_array(source) where source is not null")
    db.execute(
        "insert or ignore into entry_sources (entry_id, source, source_id, source_url, "
        "first_seen, last_seen) select id, source, guid, source_url, first_seen, last_seen "
        "from docket_entries where source is not null"
    )
    db.execute("update documents set sources = json_array(source) where source is not null")
    db.execute(
        "insert or ignore into document_sources (document_id, source, source_url, sha256, "
        "chars, first_seen, last_seen) select id, source, source_url, sha256, length(text), "
        "null, null from documents where source is not null"
    )


@migrations(name="0010_views_show_sources")
def _views_show_sources(db: sqlite_utils.Database) -> None:
    """Which sources reported each event (`seen_in`, `order_sources`), the nature-of-suit code
    and the source the immigration basis rests on."""
    _searchable_views(db)


@migrations(name="0011_entry_text_provenance")
def _entry_text_provenance(db: sqlite_utils.Database) -> None:
    """Which source the kept text and event name of an entry came from, and whether the text
    is the docket text or an excerpt of the document (`monitor.entry_text`)."""
    from monitor.excerpt import is_document_opening

    for column in ("text_source", "text_kind", "short_source"):
        db["docket_entries"].add_column(column, str)
    # Entries seen in one source got their text from it; for the others it is not known
    # which source's (longer) text was kept, and NULL lets the fullest text stay.
    db.execute(
        "update docket_entries set text_source = source, short_source = source "
        "where json_array_length(coalesce(sources, json_array(source))) <= 1"
    )
    rows = db.execute("select id, text from docket_entries where text <> ''").fetchall()
    kinds = [("excerpt" if is_document_opening(text) else "docket", id_) for id_, text in rows]
    db.conn.executemany("update docket_entries set text_kind = ? where id = ?", kinds)


@migrations(name="0012_case_lookups")
def _case_lookups(db: sqlite_utils.Database) -> None:
    """Docket lookups that found nothing (`monitor.enrich.record_lookup`), so a case a source
    does not have is not asked for again on every run."""
    db["case_lookups"].create(
        {"case_id": str, "source": str, "looked_up": str, "found": int},
        pk=("case_id", "source"),
    )


@migrations(name="0013_crawl_run_health")
def _crawl_run_health(db: sqlite_utils.Database) -> None:
    """Health columns of `crawl_runs` an operator can facet and sort on: HTTP status counts
    (JSON object, e.g. `{"200": 1, "503": 2}`), duration in seconds, and whether the source
    answered "unchanged" (a 304 or the same bytes as last time) so nothing was reprocessed,
    and the time of the newest item the source listed.
    Older rows get theirs from `detail` and the start and finish times."""
    table = db["crawl_runs"]
    table.add_column("http_status", str)
    table.add_column("duration_s", float)
    table.add_column("unchanged", int)
    table.add_column("newest_item", str)
    db.execute(
        "update crawl_runs set http_status = json_extract(detail, '$.http_status') "
        "where json_valid(detail) and json_extract(detail, '$.http_status') is not null"
    )
    db.execute(
        "update crawl_runs set duration_s = round((julianday(finished) - julianday(started)) "
        "* 86400.0, 3) where started is not null and finished is not null"
    )
    db.execute("update crawl_runs set unchanged = 0")
    # monitor.health finds each court's last success and failures since with index seeks.
    table.create_index(["source", "court", "status", "started"], if_not_exists=True)


@migrations(name="0014_fetch_state")
def _fetch_state(db: sqlite_utils.Database) -> None:
    """Per-URL validators and body fingerprint of the last fully stored response
    (`monitor.fetch_state`), for conditional requests and skipping unchanged sources."""
    db["fetch_state"].create(
        {
            "url": str,
            "etag": str,
            "last_modified": str,
            "sha256": str,
            "status": int,
            "fetched": str,
            "stored": str,
        },
        pk="url",
        not_null={"sha256", "stored"},
    )


@migrations(name="0015_scheduler_runs")
def _scheduler_runs(db: sqlite_utils.Database) -> None:
    """What `sealtrail schedule` ran (`monitor.scheduler`): one row per step of a job, with
    the chain it belongs to (the job run's start), status running/ok/error/interrupted, the
    child's exit code and its command (tokens never appear: they travel in the environment)."""
    db["scheduler_runs"].create(
        {
            "id": int,
            "job": str,
            "step": str,
            "trigger": str,
            "chain": str,
            "started": str,
            "finished": str,
            "status": str,
            "exit_code": int,
            "command": str,
        },
        pk="id",
        not_null={"job", "step", "chain", "started", "status"},
    )
    db["scheduler_runs"].create_index(["job", "step", "status", "chain"])


@migrations(name="0016_scale_indexes")
def _scale_indexes(db: sqlite_utils.Database) -> None:
    """Indexes that keep pages and feeds flat as the store grows (benchmarks/scale.py):
    a case looked up by court and docket number (case feeds, the feeds page, which looks up
    a thousand cases), a court's immigration cases (court feeds, the events views filtered
    to one court), the orders that rule on a motion (pending_motions_to_seal asked
    event_links for every motion by scanning it), and sealing_events newest first (its
    table page's default sort)."""
    db["cases"].create_index(["court_id", "docket_number", "immigration"], if_not_exists=True)
    db["cases"].create_index(["court_id", "immigration"], if_not_exists=True)
    db["event_links"].create_index(["to_event", "relation"], if_not_exists=True)
    db["sealing_events"].create_index(["first_seen"], if_not_exists=True)


# Columns holding text from sources (or read from it): what `monitor.redact` is applied to.
SOURCE_TEXT_COLUMNS = {
    "cases": ["case_name"],
    "case_parties": ["name"],
    "docket_entries": ["text", "short_description"],
    "entry_revisions": ["old_value", "new_value"],
    "documents": ["title", "text"],
    "sealing_events": ["movant_text", "documents_sealed", "summary"],
    "event_reasons": ["evidence"],
    "crawl_runs": ["detail"],
}


@migrations(name="0017_redact_stored_text")
def _redact_stored_text(db: sqlite_utils.Database) -> None:
    """Redact what is already stored with the current patterns: the A-number and date of birth
    forms added with this migration (dots, PDF dashes, `A-#`, ordinal dates) and document
    titles, which were stored unredacted before. FTS triggers follow the updates."""
    from monitor.redact import redact

    db.conn.create_function("sealtrail_redact", 1, redact, deterministic=True)
    for table, columns in SOURCE_TEXT_COLUMNS.items():
        if not db[table].exists():
            continue
        for column in columns:
            # `or replace`: a party whose redacted name equals a stored one merges with it.
            db.execute(
                f"update or replace [{table}] set [{column}] = sealtrail_redact([{column}]) "
                f"where [{column}] is not null and sealtrail_redact([{column}]) != [{column}]"
            )


# Events are sorted on `event_dates.date_utc` (0018), kept by triggers and indexed.
EVENTS_VIEW_SQL_DATED = EVENTS_VIEW_SQL.replace(
    "  e.first_seen,\n", "  e.first_seen,\n  ed.date_utc,\n"
).replace(
    "from sealing_events e\n", "from sealing_events e\njoin event_dates ed on ed.event_id = e.id\n"
)
# `+immigration`: keep the planner off the cases(immigration) index, which made it sort every
# immigration event for a page of the newest; walking event_dates by date finds them.
DATED_IMMIGRATION_FILTER = "+immigration = 1"
_UTC = "strftime('%Y-%m-%dT%H:%M:%SZ', {})"
_EVENT_DATE = (
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
    + _EVENT_DATE.format(event="new")
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


def _event_date_triggers(db: sqlite_utils.Database) -> None:
    """(Re)create the triggers that keep `event_dates` (0018, rewritten in 0019)."""
    for name, (when, actions) in EVENT_DATE_TRIGGERS.items():
        db.execute(f"drop trigger if exists {name}")
        db.execute(f"create trigger {name} {when} begin {'; '.join(actions)}; end")


@migrations(name="0018_event_dates")
def _event_dates(db: sqlite_utils.Database) -> None:
    """`event_dates(event_id, date_utc)`: each event's date (its entry's filing or publication
    time, else when sealtrail first saw it) in UTC, `YYYY-MM-DDTHH:MM:SSZ`, which sorts as
    text. The views' `date` is computed across a join, so "newest first" sorted every event
    for each feed and page (benchmarks/scale.py); the views now join this indexed table.
    Triggers keep it whatever writes events or entries (store, orders, reclassify, enrich). A
    separate table, not a column: a trigger updating the sealing_events row it was fired for
    runs before that row's FTS insert trigger, which corrupts the external-content index."""
    db["event_dates"].create(
        {"event_id": str, "date_utc": str}, pk="event_id", not_null={"date_utc"}
    )
    _event_date_triggers(db)
    db.execute(
        "insert or replace into event_dates (event_id, date_utc) select e.id, "
        + _EVENT_DATE.format(event="e")
        + " from sealing_events e"
    )
    db["event_dates"].create_index(["date_utc", "event_id"], if_not_exists=True)
    _event_views(db, EVENTS_VIEW_SQL_DATED, DATED_IMMIGRATION_FILTER)


@migrations(name="0019_incremental_profiles")
def _incremental_profiles(db: sqlite_utils.Database) -> None:
    """`fetch_state.profile`: how a body was processed (`crawler.conditional`); rows without
    one are not trusted, so each URL is read in full once more. `sealing_events(entry_id)`:
    the event_dates triggers find an entry's events by it (every docket entry insert scanned
    the events). The event_dates triggers again, written so that no outer conflict clause
    can make them fail (see `_PUT_DATE`)."""
    db["fetch_state"].add_column("profile", str)
    db["sealing_events"].create_index(["entry_id"], if_not_exists=True)
    _event_date_triggers(db)


_BATCH = 2000


def _clean_table(db: sqlite_utils.Database, table: str) -> int:
    """Clean one table's ruled columns row by row (`monitor.sanitize.clean_row`), in rowid
    batches; returns the rows rewritten. `or replace`: a party or authority whose cleaned
    name equals a stored one merges with it."""
    from monitor.sanitize import COLUMNS, FLAGGED, clean_row

    present = db[table].columns_dict
    columns = [c for c in COLUMNS[table] if c in present]
    flagged = table in FLAGGED
    if not columns:
        return 0
    wanted = ", ".join(f"[{c}]" for c in (*columns, *(["cut_fields"] if flagged else [])))
    assignments = ", ".join(f"[{c}] = ?" for c in (*columns, *(["cut_fields"] if flagged else [])))
    update = f"update or replace [{table}] set {assignments} where rowid = ?"
    rewritten, last = 0, 0
    while True:
        rows = db.execute(
            f"select rowid, {wanted} from [{table}] where rowid > ? order by rowid limit ?",
            [last, _BATCH],
        ).fetchall()
        if not rows:
            return rewritten
        changes = []
        for rowid, *values in rows:
            stored = dict(zip(columns, values, strict=False))
            clean = clean_row(table, stored)
            new = [clean[c] for c in columns]
            if flagged:
                flags = json.loads(clean["cut_fields"] or "[]")
                if table == "documents" and (stored.get("title") or "").endswith(" \u2026"):
                    flags.append("title")  # cut by the title rule of 0.x (`orders._title`)
                new.append(json.dumps(sorted(set(flags))) if flags else None)
            if new != list(values):
                changes.append([*new, rowid])
        if changes:
            db.conn.executemany(update, changes)
            rewritten += len(changes)
        last = rows[-1][0]


@migrations(name="0020_redact_and_cap_stored_text")
def _redact_and_cap_stored_text(db: sqlite_utils.Database) -> None:
    """Clean what is already stored with the rules of `monitor.sanitize`: the A-number, SSN
    and date-of-birth forms of the redaction table (tests/cases/redact.yml), identifiers in
    stored URLs (document and docket links, source ids), strings inside crawl_runs details,
    and the display-field caps. Tables whose display fields can be cut get `cut_fields` (a
    JSON array of the columns a cap cut). FTS triggers follow the updates."""
    from monitor.sanitize import COLUMNS, FLAGGED

    for table in FLAGGED:
        if db[table].exists() and "cut_fields" not in db[table].columns_dict:
            db[table].add_column("cut_fields", str)
    for table in COLUMNS:
        if db[table].exists():
            _clean_table(db, table)


# The views carry `updated` (feeds move an entry's `updated` when its reading changed) and the
# judge's role beside the judge (0021).
EVENTS_VIEW_SQL_UPDATED = EVENTS_VIEW_SQL_DATED.replace(
    "  e.first_seen,\n", "  e.first_seen,\n  e.updated,\n"
).replace("  e.judge,\n", "  e.judge,\n  e.judge_role,\n")


@migrations(name="0021_views_show_updated_and_judge_role")
def _views_show_updated(db: sqlite_utils.Database) -> None:
    """`sealing_events.judge_role` (magistrate, district, circuit, bankruptcy, unknown: read
    from the order or its docket text with the judge). The event views gain it and `updated`
    (when the event's reading last changed), so a feed entry whose reading changed
    (`sealtrail reclassify`, an order read later) says so in its Atom `updated` / RSS item
    instead of looking unchanged or being published twice."""
    if "judge_role" not in db["sealing_events"].columns_dict:
        db["sealing_events"].add_column("judge_role", str)
    _event_views(db, EVENTS_VIEW_SQL_UPDATED, DATED_IMMIGRATION_FILTER)


# `seen_in` read through a subquery: SQLite (3.40) scans a table-valued function such as
# Datasette's array facet `json_each([inner].seen_in) j join inner` before the view's
# left-joined docket_entries, so a plain `coalesce(d.sources, '[]')` reached it as NULL and
# the facet counted nothing (reason_codes, already a subquery, counted right).
EVENTS_VIEW_SQL_SEEN_IN = EVENTS_VIEW_SQL_UPDATED.replace(
    "  coalesce(d.sources, '[]') as seen_in,\n",
    "  (select coalesce(s.sources, '[]') from docket_entries s where s.id = e.entry_id)"
    " as seen_in,\n",
)
READERS_VIEW = "sealing_events_for_readers"
# The readers' view: what a person reads in a row, over the full immigration view (which
# stays for data users, the feeds and the canned queries). `date` is the filing day as the
# court gives it; `date_utc` is the sort key (indexed through event_dates).
READERS_VIEW_SQL = """select
  substr(date, 1, 10) as date,
  court_name,
  case_name,
  docket_number,
  event_type,
  summary,
  movant_role,
  outcome,
  reason_codes,
  judge,
  event_id,
  court,
  date_utc
from immigration_sealing_events"""


@migrations(name="0022_readers_view_and_seen_in_facet")
def _readers_view(db: sqlite_utils.Database) -> None:
    """`sealing_events_for_readers` (issue 15: a dozen columns a person reads, the full views
    kept for data users), and `seen_in` in the event views that Datasette's array facet can
    count (see EVENTS_VIEW_SQL_SEEN_IN)."""
    db.execute(f"drop view if exists {READERS_VIEW}")
    _event_views(db, EVENTS_VIEW_SQL_SEEN_IN, DATED_IMMIGRATION_FILTER)
    db.create_view(READERS_VIEW, READERS_VIEW_SQL)


# 0023: the readers' view read from a table kept by triggers (`readers_events`), so that its
# count and facets are index scans instead of the event views' joins over every event.
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
# The facet columns of the readers' view (metadata.yml), each with an index
# `(immigration, <column>, date_utc, event_type)`: the facet is a covering range scan of the
# immigration rows, a filter on the column walks the same index newest first, and the feeds'
# counts per column (which leave `not_sealing` out) are covering scans too (`feeds.queries`).
READERS_FACET_COLUMNS = ("court_name", "event_type", "outcome", "movant_role", "judge", "court")
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
    event that left it). Delete-then-insert for the reason given at `_PUT_DATE`."""
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

READERS_VIEW_SQL_KEPT = (
    "select " + ", ".join(READERS_COLUMNS) + " from readers_events where immigration = 1"
)


@migrations(name="0023_readers_view_kept_table")
def _readers_view_kept_table(db: sqlite_utils.Database) -> None:
    """`readers_events`: one row per sealing event holding what the readers' view shows (and
    the case's `immigration` and `case_id`), kept by triggers on every table the view reads
    (events, cases, courts, docket entries, event dates, reasons, `rules_on` links), so that
    store, reclassify, merge_order and enrich keep it right without knowing it exists.
    `sealing_events_for_readers` keeps its name, columns and answers but reads this table:
    its count and facets were full joins over every event (24x slower at 1M than at 10k,
    docs/benchmarks.md), they are now range scans of covering indexes.

    A trigger recomputes a row from `all_sealing_events` (so a changed event view is followed
    as long as it keeps these columns); a later migration that changes what those columns
    mean refills the table (`delete from readers_events` then the insert of `_READERS_ROWS`
    over every event)."""
    db.execute(f"drop view if exists {READERS_VIEW}")
    # Clustered on (immigration, date_utc, event_id): the view's rows, count and array facet
    # read the immigration rows in order from the table itself, with no lookup per row.
    db.execute(
        "create table readers_events (event_id text not null, immigration integer not null, "
        "case_id text, date text, court_name text, case_name text, docket_number text, "
        "event_type text, summary text, movant_role text, outcome text, reason_codes text, "
        "judge text, court text, date_utc text not null, "
        "primary key (immigration, date_utc, event_id)) without rowid"
    )
    db.execute("create unique index readers_events_event on readers_events (event_id)")
    for name, (when, actions) in READERS_TRIGGERS.items():
        db.execute(f"drop trigger if exists {name}")
        db.execute(f"create trigger {name} {when} begin {'; '.join(actions)}; end")
    db.execute(_READERS_ROWS.format(ids="select id from sealing_events"))
    for column in READERS_FACET_COLUMNS:
        db.execute(
            f"create index readers_events_by_{column} "
            f"on readers_events (immigration, {column}, date_utc, event_type)"
        )
    # The cases with events, in order (the feeds page lists the first thousand), and their
    # count (grouped in this order: court and docket number come from the case, by case_id).
    db.execute(
        "create index readers_events_by_case "
        "on readers_events (immigration, court, docket_number, case_id, event_type)"
    )
    db.create_view(READERS_VIEW, READERS_VIEW_SQL_KEPT)


def connect(path: str) -> sqlite_utils.Database:
    """Open (creating if needed) a store at `path`, in WAL mode, with every migration applied.

    The store is a `monitor.transactions.Store`: its writes take the write lock up front and
    wait their turn behind other processes' (`busy_timeout`)."""
    db = open_database(path)
    if path != ":memory:":
        _enable_wal(db)
    migrate(db)
    return db


def _enable_wal(db: sqlite_utils.Database) -> None:
    """Switch a store to WAL. On a store still in rollback-journal mode (made by an older
    sealtrail), `PRAGMA journal_mode=wal` fails at once with "database is locked" when another
    process opens or converts it at the same moment: busy_timeout does not cover it. Retried
    for up to `BUSY_TIMEOUT_MS`, as a write would wait."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            db.enable_wal()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def migrate(db: sqlite_utils.Database) -> None:
    """Apply the pending migrations, all in one write transaction.

    Two processes opening an old (or new) store at once: each would find the same migrations
    pending and the second would fail ("database is locked", or "table already exists" after
    the first committed). Here the pending list is read again once the write lock is held, so
    the second waits and then finds nothing left to do. A store is upgraded whole or not at
    all. (Every migration here is transactional; sqlite-utils runs each one's `atomic()` as a
    savepoint of this transaction.)"""
    if not migrations.pending(db):
        return
    with write_transaction(db):
        migrations.apply(db)
