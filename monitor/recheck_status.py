"""`sealtrail status`, section "Re-reads for sealing after the fact": per source, what is left
unread and why (`monitor.rechecks.status_counts`), with the flags monitoring acts on.

Flags (`RECHECK_FLAGS`; they count for `status --fail-on-flags` like the crawl flags):

- `recheck_failing`  the source's last re-read run (`<source>_recheck` in `crawl_runs`) read
                     nothing: `blocked` (COURTLISTENER_TOKEN not set, a refused key), `error`
                     (HTTP 403: the token may not read docket entries), `missing`. Its cases
                     are never re-read until someone acts, so it must not be silent;
- `recheck_overdue`  cases re-read before but not in the last `stale_days`: the source works,
                     yet the per-night limit (or the API budget) does not keep up.

Not a flag on its own: cases never re-read. Every newly found case starts so and waits its
turn (newest activity first), and a source an operator turned off (`[recheck]` limit 0, e.g.
CourtListener without a token) has no runs and never re-reads: the counts and "never run" are
shown, not flagged, so `--fail-on-flags` does not fail every night on a deliberate setting.

Quirks handled: the last run's detail is JSON written by the crawler; its first error, note
or problem is shown escaped (`monitor.crawl_report.run_note`), and an unreadable detail is
shown as absent rather than failing `status`.
"""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from monitor.crawl_report import printable, run_note
from monitor.rechecks import STALE_DAYS, status_counts

RECHECK_FLAGS = {
    "recheck_failing": "its last re-read run read nothing",
    "recheck_overdue": "has cases not re-read in time",
}
SECTION = "rechecks"
TITLE = "Re-reads for sealing after the fact"
READ_SOMETHING = ("ok", "partial")


def recheck_status(
    db: sqlite_utils.Database, *, now: str | None = None, stale_days: int = STALE_DAYS
) -> list[dict[str, Any]]:
    """One row per source that can re-read: `status_counts` (its `source` as `reads`) plus
    `section` (`rechecks`), `source` (`<source>_recheck`), `court` (`all`), `last_run_note`
    and `flags`."""
    rows = []
    for counts in status_counts(db, now=now, stale_days=stale_days):
        try:
            detail = json.loads(counts.pop("last_run_detail") or "{}")
        except (TypeError, ValueError):
            detail = {}
        status = counts["last_run_status"]
        failing = status is not None and status not in READ_SOMETHING
        flags = []
        if failing:
            flags.append("recheck_failing")
        if counts["not_rechecked_in_days"]:
            flags.append("recheck_overdue")
        note = run_note({"detail": detail if isinstance(detail, dict) else {}})
        rows.append(
            {
                "section": SECTION,
                **counts,
                # keyed like the crawl findings: the name its runs have in `crawl_runs`, and
                # `all` (a re-read spans the courts of its cases), so no key is shared
                "source": f"{counts['source']}_recheck",
                "court": "all",
                "reads": counts["source"],
                "last_run_note": note or None,
                "flags": flags,
            }
        )
    return rows


def status_lines(rows: list[dict[str, Any]]) -> list[str]:
    """The section as `status` prints it: a table, then why a source's last run read nothing."""
    if not any(row["wanted"] or row["last_run"] for row in rows):
        return [f"{TITLE}: no case has sealing activity or is watched yet"]
    stale_days = rows[0]["stale_days"] if rows else STALE_DAYS
    header = ("source", "cases", "never re-read", f"not in {stale_days} days", "last re-read")
    header += ("last run", "flags")
    table = [header] + [
        (
            row["reads"],
            str(row["wanted"]),
            str(row["never_rechecked"]),
            str(row["not_rechecked_in_days"]),
            row["last_recheck"] or "never",
            f"{row['last_run'] or 'never run'} {row['last_run_status'] or ''}".strip(),
            ", ".join(row["flags"]) or "ok",
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    lines = [f"{TITLE} (cases with sealing activity or watched):"]
    for line in table:
        cells = (cell.ljust(width) for cell, width in zip(line, widths, strict=True))
        lines.append("  ".join(cells).rstrip())
    for row in rows:
        if "recheck_failing" in row["flags"]:
            why = printable(row["last_run_note"] or "no detail recorded")
            lines.append(
                f"{row['reads']}: its last re-read run ended {row['last_run_status']}: {why}; "
                f"{row['never_rechecked']} of {row['wanted']} cases never re-read"
            )
    return lines
