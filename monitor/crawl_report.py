"""What `sealtrail crawl` prints for people: one line per court as its run ends, then a summary.

Pure over the per-court summaries `crawler.run.crawl()` returns (docs/internals.md):

    casd     ok          8 items   6 new events
    nyed     error       0 items   0 new events  malformed: Opening and ending tag mismatch ...
    txsd     ok        unchanged since the last crawl
    pacer-rss: 3 courts in 1.4 s: 2 ok, 1 error; 8 items, 6 new events

Messages in a run's detail can quote what a server sent (a parser error cites the body, an
HTTP reason phrase is the server's); before they reach a terminal, control characters are
escaped (an escape sequence in a hostile feed must not recolour or rewrite the operator's
screen) and long text is cut.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

MAX_NOTE = 120  # characters of an error or note shown on a court's line
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str, limit: int = MAX_NOTE) -> str:
    """`text` on one line, control and bidi characters escaped (`\\x1b`), cut to `limit`."""

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        if char in "\n\r\t":
            return " "
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    flat = _CONTROL.sub(escape, str(text))
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def run_note(summary: dict[str, Any]) -> str:
    """The first thing an operator should read about a run that was not a clean `ok`."""
    detail = summary.get("detail") or {}
    for key in ("errors", "notes", "problems"):
        if detail.get(key):
            return printable(detail[key][0])
    if detail.get("skipped"):
        return f"{detail['skipped']} skipped"
    return ""


def court_line(court: str, summary: dict[str, Any]) -> str:
    """One court's run: status, items read, new sealing events, and what went wrong."""
    status = summary.get("status") or "?"
    head = f"{printable(court, 24):<8} {status:<8}"
    if summary.get("unchanged") and not summary.get("items"):
        return f"{head}  unchanged since the last crawl"
    items, events = summary.get("items") or 0, summary.get("new_events") or 0
    line = f"{head} {items:>4} items {events:>3} new event{'' if events == 1 else 's'}"
    note = run_note(summary)
    return f"{line}  {note}" if note else line


def closing_line(source: str, summaries: dict[str, dict[str, Any]], seconds: float) -> str:
    """The whole crawl: courts by status, items and new events, wall time."""
    statuses = Counter(s.get("status") or "?" for s in summaries.values())
    order = ("ok", "partial", "error", "not_rss", "missing", "blocked")
    ranked = sorted(statuses, key=lambda s: (order.index(s) if s in order else len(order), s))
    counts = ", ".join(f"{statuses[s]} {s}" for s in ranked) or "nothing crawled"
    unchanged = sum(1 for s in summaries.values() if s.get("unchanged"))
    if unchanged:
        counts += f" ({unchanged} unchanged)"
    items = sum(s.get("items") or 0 for s in summaries.values())
    events = sum(s.get("new_events") or 0 for s in summaries.values())
    courts = len(summaries)
    return (
        f"{source}: {courts} court{'' if courts == 1 else 's'} in {seconds:.1f} s: {counts}; "
        f"{items} items, {events} new event{'' if events == 1 else 's'}"
    )


def all_failed(summaries: dict[str, dict[str, Any]]) -> bool:
    """Every run failed (none `ok` or `partial`): the crawl exits 1 for cron and the scheduler."""
    return bool(summaries) and not any(
        s.get("status") in ("ok", "partial") for s in summaries.values()
    )
