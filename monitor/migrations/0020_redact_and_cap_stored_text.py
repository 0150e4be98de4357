"""Clean what is already stored with the rules of `monitor.sanitize`: the A-number, SSN
and date-of-birth forms of the redaction table (tests/cases/redact.yml), identifiers in
stored URLs (document and docket links, source ids), strings inside crawl_runs details,
and the display-field caps. Tables whose display fields can be cut get `cut_fields` (a
JSON array of the columns a cap cut). FTS triggers follow the updates."""

from __future__ import annotations

import json

import sqlite_utils

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


def apply(db: sqlite_utils.Database) -> None:
    from monitor.sanitize import COLUMNS, FLAGGED

    for table in FLAGGED:
        if db[table].exists() and "cut_fields" not in db[table].columns_dict:
            db[table].add_column("cut_fields", str)
    for table in COLUMNS:
        if db[table].exists():
            _clean_table(db, table)
