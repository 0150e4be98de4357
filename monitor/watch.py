"""The watch list: cases a user wants re-read for sealing after the fact (`sealtrail watch`).

A case is named as `court:docket_number` (`casd:3:26-cv-01877`), the store's case id. Quirks
handled: the court is lower-cased and must be a court id sealtrail knows; the docket number
is read as PACER writes it, judge initials and spaces dropped (`3:26-cv-01877-BAS` ->
`3:26-cv-01877`); a case the store does not know yet is added all the same (a watched case
is looked up on the sources at its first re-read).
"""

from __future__ import annotations

import re

import sqlite_utils

from monitor import courts
from monitor.rows import case_id_for, ensure_court
from monitor.transactions import write_transaction

_DISTRICT = re.compile(r"^(\d{1,2}):(\d{2})-([a-z]{1,4})-(\d{1,6})(?:-[a-z]{1,4})*$", re.I)
_PLAIN = re.compile(r"^\d{2}-\d{1,6}$")  # appellate 19-8054
_MAX_NOTE = 200


class WatchError(ValueError):
    """A case name sealtrail cannot read; the message says what it expected."""


def parse_case(name: str) -> tuple[str, str]:
    """`casd:3:26-cv-01877` -> (`casd`, `3:26-cv-01877`); a WatchError says what is wrong."""
    text = "".join((name or "").split())
    court, _, number = text.partition(":")
    court = court.lower()
    if not court or not number:
        raise WatchError(f"{name!r}: expected COURT:DOCKET_NUMBER, e.g. casd:3:26-cv-01877")
    if court not in courts.known_courts():
        raise WatchError(f"{name!r}: {courts.describe_unknown(court)}")
    m = _DISTRICT.match(number)
    if m:
        office, year, kind, serial = m.groups()
        return court, f"{int(office)}:{year}-{kind.lower()}-{int(serial):05d}"
    if _PLAIN.match(number):
        return court, number
    raise WatchError(
        f"{name!r}: {number!r} is not a docket number (e.g. 3:26-cv-01877, or 19-8054 on appeal)"
    )


def is_watched(db: sqlite_utils.Database, case_id: str) -> bool:
    """Whether a user watches the case: the store keeps it whole, immigration-related or not."""
    found = db.conn.execute("select 1 from watch_list where case_id = ?", [case_id])
    return found.fetchone() is not None


def add(db: sqlite_utils.Database, name: str, *, now: str, note: str = "") -> dict:
    """Watch a case; adding it twice keeps the first date and takes the new note."""
    court, number = parse_case(name)
    case_id = case_id_for(court, number)
    with write_transaction(db):
        ensure_court(db, court)
        db.conn.execute(
            "insert into watch_list (case_id, court_id, docket_number, added, note) "
            "values (?, ?, ?, ?, ?) on conflict (case_id) do update set "
            "note = coalesce(excluded.note, watch_list.note)",
            [case_id, court, number, now, " ".join(note.split())[:_MAX_NOTE] or None],
        )
    return listing(db, case_id)[0]


def remove(db: sqlite_utils.Database, name: str) -> bool:
    """Stop watching a case; False when it was not watched."""
    court, number = parse_case(name)
    with write_transaction(db):
        cursor = db.conn.execute(
            "delete from watch_list where case_id = ?", [case_id_for(court, number)]
        )
    return cursor.rowcount > 0


def listing(db: sqlite_utils.Database, case_id: str | None = None) -> list[dict]:
    """Watched cases, oldest first, each with its name if known and its last re-read."""
    where, params = ("where w.case_id = ?", [case_id]) if case_id else ("", [])
    sql = (
        "select w.case_id, w.court_id as court, w.docket_number, c.case_name, w.added, w.note, "
        "(select max(r.finished) from rechecks r where r.case_id = w.case_id) as last_recheck "
        f"from watch_list w left join cases c on c.id = w.case_id {where} "
        "order by w.added, w.case_id"
    )
    return [dict(row) for row in db.query(sql, params)]
