"""Row-level writes: one row by id, the sources a row was seen in, a court, a case.

The bottom of the write core (docs/internals.md, "Layers and allowed imports"): `store`
(docket entries), `orders`, `identity`, `enrich` and `reclassify` write rows through these
functions, and this module imports none of them. Quirks handled:
- every row written is cleaned first (`monitor.sanitize.clean_row`: identifiers redacted,
  display fields capped), and `update_row` keeps the `cut_fields` flags of the columns it
  does not write;
- plain SQL rather than sqlite-utils' table objects, which read the schema again on every
  call (the schema is fixed by migrations);
- a case is created or updated in one place (`upsert_case`), whichever source describes it:
  PACER RSS names a case, an order states its caption, CourtListener and GovInfo describe it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import sqlite_utils

from monitor import courts
from monitor.sanitize import COLUMNS, FLAGGED, clean_row, merge_cut_fields


def case_id_for(court: str, docket_number: str) -> str:
    return f"{court}:{docket_number}"


def add_source(sources_json: str | None, source: str) -> str:
    """The JSON array of sources with `source` appended once (order of first sighting)."""
    sources = json.loads(sources_json) if sources_json else []
    if source not in sources:
        sources.append(source)
    return json.dumps(sources)


def insert_row(db: sqlite_utils.Database, table: str, row: dict) -> None:
    """Plain INSERT of the cleaned row (`monitor.sanitize`): the schema is fixed by migrations,
    so no per-row introspection is needed."""
    row = clean_row(table, row)
    columns = ", ".join(f"[{c}]" for c in row)
    marks = ", ".join("?" for _ in row)
    db.conn.execute(f"insert into [{table}] ({columns}) values ({marks})", list(row.values()))


def update_row(db: sqlite_utils.Database, table: str, pk: str, changes: dict) -> None:
    """UPDATE one row by id with the cleaned changes; `cut_fields` keeps the flags of the
    columns not written and is recomputed for those written."""
    cleaned = clean_row(table, changes)
    if table in FLAGGED:
        written = {c for c in changes if c != "cut_fields"}
        if written & COLUMNS[table].keys():
            before = db.conn.execute(f"select cut_fields from [{table}] where id = ?", [pk])
            row = before.fetchone()
            cleaned["cut_fields"] = merge_cut_fields(
                row[0] if row else None, written, cleaned["cut_fields"]
            )
        else:
            cleaned.pop("cut_fields", None)
    changes = cleaned
    assignments = ", ".join(f"[{c}] = ?" for c in changes)
    db.conn.execute(f"update [{table}] set {assignments} where id = ?", [*changes.values(), pk])


def get_row(db: sqlite_utils.Database, table: str, pk: str) -> dict | None:
    """One row by id, as a dict (plain SQL: sqlite-utils' table lookups re-read the schema)."""
    cursor = db.conn.execute(f"select * from [{table}] where id = ?", [pk])
    row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip([c[0] for c in cursor.description], row, strict=True))


def ensure_court(db: sqlite_utils.Database, court_id: str) -> None:
    """The court's row (`monitor.courts`), written the first time one of its cases is."""
    if get_row(db, "courts", court_id) is None:
        insert_row(db, "courts", courts.court(court_id).as_row())


def upsert_case(
    db: sqlite_utils.Database,
    court_id: str,
    docket_number: str,
    *,
    source: str,
    now: str,
    existing: dict | None,
    new: dict | None = None,
    fill: Iterable[tuple[str, object]] = (),
    changes: dict | None = None,
    relevance=None,
    seen: bool = True,
) -> bool:
    """Create or update the case `court_id:docket_number` as `source` describes it; True
    when it was created. `existing` is the stored row (None: there is none), read by the
    caller, who decided on it already.

    - created: `new` (columns written as given, empty values too), the immigration columns
      from `relevance` (a `monitor.relevance.Relevance`; none: not immigration-related),
      `sources` = [source], `first_seen` = `last_seen` = now, then `changes`;
    - updated: each `fill` column the row lacks and the source gives; the immigration flag
      raised when `relevance` finds the case immigration-related and the row is not (never
      lowered); `sources` with `source` added; `last_seen` = now when `seen`; then
      `changes` (columns the caller decided to replace). Nothing is written when nothing
      changed and `seen` is false. `sources` is written whenever `last_seen` is.
    """
    ensure_court(db, court_id)
    case_id = case_id_for(court_id, docket_number)
    immigration = bool(relevance and relevance.immigration)
    if existing is None:
        insert_row(
            db,
            "cases",
            {
                "id": case_id,
                "court_id": court_id,
                "docket_number": docket_number,
                **(new or {}),
                "immigration": int(immigration),
                "immigration_basis": (relevance.basis or None) if relevance else None,
                "basis_source": source if immigration else None,
                "sources": json.dumps([source]),
                "first_seen": now,
                "last_seen": now,
                **(changes or {}),
            },
        )
        return True
    updates: dict = {}
    if seen:
        updates["last_seen"] = now
    sources = add_source(existing.get("sources"), source)
    if seen or sources != existing.get("sources"):
        updates["sources"] = sources
    for column, value in fill:
        if value and not existing.get(column):
            updates[column] = value
    if immigration and not existing.get("immigration"):
        updates.update(immigration=1, immigration_basis=relevance.basis, basis_source=source)
    updates.update(changes or {})
    if updates:
        update_row(db, "cases", case_id, updates)
    return False
