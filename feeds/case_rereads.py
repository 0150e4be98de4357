"""The case page's "Re-read for sealing after the fact": when each source last read the case's
whole docket or package, how that read ended, and a docket a source no longer has.

A reader needs both halves of "nothing changed": an empty "Changed after filing" means
something only if the case was re-read, and how recently. One line per source that has
re-read the case (`rechecks`), in the order of `SOURCE_WORDS`.

A docket that a source answered it does not have (`not_found`) after reading it in full before
is said on its own line. It is not a change and not a sealing event: CourtListener takes down
a docket a court sealed, but it also merges duplicate dockets and keeps only one, so the line
says both and points at PACER.

Quirks handled: a blocked run (no token) writes no `rechecks` row, so it is not a read here
(`sealtrail status` reports it); times are shown as days (`feeds.sentence.day_text`).
"""

from __future__ import annotations

import sqlite3

from feeds.sentence import count_text, day_text
from monitor.after_the_fact import SOURCE_WORDS

#: How a re-read ended (`rechecks.status`), in words.
READ_WORDS = {
    "complete": "read in full",
    "partial": "read in part (a page failed: only what it showed counts)",
    "failed": "the read failed",
    "not_found": "the {whole} was not found there",
    "withdrawn": "GovInfo answered that the package is withdrawn",
}

#: Why else a source may no longer have a docket it had.
_OTHER_REASON = {"courtlistener": "because CourtListener merged it with a duplicate docket"}

_SQL = """
select
  source,
  count(*) as reads,
  max(finished) as last_read,
  max(case when status = 'complete' then finished end) as last_complete,
  sum(status in ('complete', 'partial')) as compared,
  (select r2.status from rechecks r2 where r2.case_id = r.case_id and r2.source = r.source
     order by r2.finished desc, r2.id desc limit 1) as last_status
from rechecks r
where case_id = :case_id
group by source
"""


def case_rereads(conn: sqlite3.Connection, case_id: str) -> list[dict[str, str]]:
    """One dict per source that re-read the case: `line` (what a reader sees), `gone` (the
    docket-not-found warning, or "") and `compared` (some read of it could be compared: a
    case only failed or not-found reads cover has not been shown unchanged)."""
    cursor = conn.execute(_SQL, {"case_id": case_id})
    columns = [c[0] for c in cursor.description]
    found = {row[0]: dict(zip(columns, row, strict=True)) for row in cursor.fetchall()}
    order = list(SOURCE_WORDS)
    told = []
    for source in sorted(found, key=lambda s: (order.index(s) if s in order else len(order), s)):
        told.append(_told(found[source]))
    return told


def _told(row: dict) -> dict[str, str]:
    source = str(row["source"])
    name = SOURCE_WORDS.get(source, source)
    whole = "package" if source == "govinfo" else "docket"
    status = str(row["last_status"] or "")
    ended = READ_WORDS.get(status, status).format(whole=whole)
    reads = int(row["reads"] or 0)
    times = {1: "once", 2: "twice"}.get(reads) or count_text(reads, "time")
    line = f"{name}: re-read {times}, last on {day_text(row['last_read'])} ({ended})."
    if status == "complete" or not row["last_complete"]:
        complete = ""
    else:
        complete = f" Last read in full on {day_text(row['last_complete'])}."
    gone = ""
    if status == "not_found" and row["last_complete"]:
        gone = (
            f"{name} no longer has this {whole}: it was not found on "
            f"{day_text(row['last_read'])}, after it was read in full on "
            f"{day_text(row['last_complete'])}. A {whole} can go from {name} because a court "
            f"sealed it, or {_OTHER_REASON.get(source, 'for a reason of its own')}: check the "
            "docket on PACER."
        )
    return {
        "source": name,
        "line": line + complete,
        "gone": gone,
        "compared": bool(row["compared"]),
    }
