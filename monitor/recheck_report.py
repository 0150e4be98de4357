"""What `sealtrail recheck` prints: a line per case it chose, then a line per source.

Pure over the cases chosen (`monitor.rechecks.cases_due`), the `rechecks` rows the run wrote
(`results_since`) and the per-court summaries `crawler.run.crawl()` returned:

    casd:3:26-cv-01877  courtlistener  complete      2 changes: 1 vanished, 1 sealed_later
    casd:3:26-cv-00410  govinfo        partial       no change  page 2 failed: HTTP 500
    nyed:1:26-cv-00077  courtlistener  not re-read   blocked: COURTLISTENER_TOKEN is not set
    courtlistener: 3 cases chosen in 4.1 s: 1 complete, 1 partial, 1 not re-read; 2 changes,
    2 new events   (one line)

Quirks handled:
- a chosen case the spider never reached (no token, a spent budget, a crash) has no
  `rechecks` row: its line says it was not re-read and why, from its court's run (the ledger
  has one run per court of the cases);
- a case read twice in one run (it should not be) is reported by its last read;
- what a server or the store quotes (a failure, a case id from a hostile source) is escaped
  before it reaches a terminal (`monitor.crawl_report.printable`).
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import sqlite_utils

from monitor.crawl_report import printable, run_note

NOT_REREAD = "not re-read"


def last_recheck_id(db: sqlite_utils.Database) -> int:
    """The newest `rechecks` row now: the rows a run writes come after it."""
    return db.conn.execute("select coalesce(max(id), 0) from rechecks").fetchone()[0]


def results_since(db: sqlite_utils.Database, source: str, after: int) -> dict[str, dict]:
    """The re-reads of `source` recorded after row `after`, by case id (the last one wins)."""
    sql = (
        "select r.id, r.case_id, r.status, r.url, r.entries, r.documents, r.changes, r.detail, "
        "(select count(*) from docket_changes c where c.recheck_id = r.id "
        "and c.event_id is not null) as new_events "
        "from rechecks r where r.source = ? and r.id > ? order by r.id"
    )
    found: dict[str, dict] = {}
    for row in db.query(sql, [source, after]):
        kinds = Counter(
            kind
            for (kind,) in db.conn.execute(
                "select kind from docket_changes where recheck_id = ? order by id", [row["id"]]
            )
        )
        detail = json.loads(row["detail"] or "{}")
        found[row["case_id"]] = {
            **row,
            "change_kinds": dict(kinds),
            "failure": detail.get("failure"),
        }
    return found


def case_result(case: dict, found: dict[str, dict], runs: dict[str, dict]) -> dict[str, Any]:
    """One chosen case as `--json` gives it: the read's outcome and changes, or why not."""
    row = found.get(case["case_id"])
    base = {"case_id": case["case_id"], "court": case["court"]}
    if row is None:
        run = runs.get(case["court"])
        if not run:
            reason = "the re-read did not run"
        else:
            status, why = run.get("status") or "?", run_note(run)
            reason = f"{status}: {why}" if why else f"its court's run ended {status} without it"
        return {**base, "outcome": NOT_REREAD, "reason": reason, "changes": 0}
    return {
        **base,
        "outcome": row["status"],
        "recheck_id": row["id"],
        "url": row["url"],
        "entries": row["entries"],
        "documents": row["documents"],
        "changes": row["changes"] or 0,
        "change_kinds": row["change_kinds"],
        "new_events": row["new_events"],
        "failure": row["failure"],
    }


def case_line(source: str, result: dict[str, Any]) -> str:
    """`case  source  outcome  changes` and, when the read was not clean, why."""
    head = f"{printable(result['case_id'], 40):<22} {source:<14} {result['outcome']:<12}"
    if result["outcome"] == NOT_REREAD:
        return f"{head} {printable(result['reason'])}"
    count = result["changes"]
    if count:
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(result["change_kinds"].items()))
        line = f"{head} {count} change{'' if count == 1 else 's'}: {kinds}"
    else:
        line = f"{head} no change"
    return f"{line}  {printable(result['failure'])}" if result.get("failure") else line


def closing_line(source: str, results: list[dict[str, Any]], seconds: float) -> str:
    """The whole run of one source: cases by outcome, changes and new events, wall time."""
    outcomes = Counter(r["outcome"] for r in results)
    order = ("complete", "partial", "withdrawn", "not_found", "failed", NOT_REREAD)
    ranked = sorted(outcomes, key=lambda o: (order.index(o) if o in order else len(order), o))
    counts = ", ".join(f"{outcomes[o]} {o}" for o in ranked)
    changes = sum(r["changes"] for r in results)
    events = sum(r.get("new_events") or 0 for r in results)
    cases = len(results)
    return (
        f"{source}: {cases} case{'' if cases == 1 else 's'} chosen in {seconds:.1f} s: {counts}; "
        f"{changes} change{'' if changes == 1 else 's'}, "
        f"{events} new event{'' if events == 1 else 's'}"
    )
