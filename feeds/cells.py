"""How cells read in Datasette's HTML tables (`render_cell`): JSON lists as lists, event ids
and case names as links to their pages.

Quirks handled:
- The stored lists are JSON text (`'["privacy_pii","safety"]'`, `'[{"code": ..., "evidence":
  ...}]'`); a value that is not a JSON list is left to Datasette (it may be a cut value, see
  `cut_fields`, or a column that only shares the name).
- Everything shown is escaped; long lists are bounded (`MAX_ITEMS`) with a count of the rest.
- JSON and CSV are untouched: `render_cell` only changes the HTML table cell.
- Codes and ids have no spaces (`plaintiff_petitioner`, `cybersecurity_infrastructure`,
  `casd:3:26-cv-01877:16`), so a browser cannot wrap them and a column is as wide as its
  longest code: `breakable` puts a `<wbr>` (a line-break opportunity, no character: the text
  reads and copies the same) after each `_`, `/` and `:`. Event ids and list items use it, so
  the view fits a 1280 px window; `_table.html` does the same for column headings; the view's
  `date_utc` may wrap after its `T`.
- The readers' view shows words for its codes (`sealing_order` → "Sealing order",
  `plaintiff_petitioner` → "plaintiff or petitioner", `privacy_pii` → "privacy/personal
  information"), with the code in the cell's `title` (what the facets and filters use).
  `after_the_fact_changes` has its words in a column of their own (`change`); it and the
  readers' view link case names to the case page.
"""

from __future__ import annotations

import json
import re

from markupsafe import Markup, escape

from feeds.build import MOVANT_LABELS, REASON_LABELS, case_path, event_path, humanize
from monitor.vocab import EVENT_LABELS

# Columns holding a JSON list of strings (or, for `reasons`, of {code, evidence}) in the
# event views, sealing_events, cases and the canned queries.
LIST_COLUMNS = frozenset(
    {
        "reasons",
        "reason_codes",
        "documents_sealed",
        "target_entries",
        "seen_in",
        "order_sources",
        "sources",
        "cut_fields",
    }
)
MAX_ITEMS = 25
MAX_ITEM_CHARS = 600
READERS_VIEW = "sealing_events_for_readers"
CHANGES_VIEW = "after_the_fact_changes"
# The words the readers' view shows for each code column's values.
_OUTCOME_WORDS = {"none": "no ruling", "unknown": "not known"}
CODE_WORDS = {
    "event_type": lambda code: EVENT_LABELS.get(code, humanize(code)),
    "movant_role": lambda code: MOVANT_LABELS.get(code, humanize(code)),
    "outcome": lambda code: _OUTCOME_WORDS.get(code, humanize(code)),
}
_EVENT_ID_RE = re.compile(r"^[a-z0-9]{2,16}:[A-Za-z0-9:.\-_ ]{1,80}$")
_BREAK_AFTER = re.compile(r"([_/:])(?=[^_/:])")


def breakable(text) -> Markup:
    """`text` escaped, with a `<wbr>` after each `_`, `/` and `:` followed by more text."""
    return Markup(_BREAK_AFTER.sub(r"\1<wbr>", str(escape(str(text)))))


def _item(item) -> Markup:
    if isinstance(item, dict) and "code" in item:
        code = escape(str(item.get("code") or ""))
        evidence = str(item.get("evidence") or "")[:MAX_ITEM_CHARS]
        if evidence:
            return Markup("<strong>{}</strong>: “{}”").format(code, evidence)
        return Markup("<strong>{}</strong>").format(code)
    if isinstance(item, str | int | float):
        return breakable(str(item)[:MAX_ITEM_CHARS])
    return escape(json.dumps(item, ensure_ascii=False)[:MAX_ITEM_CHARS])


def render_list(value) -> Markup | None:
    """A JSON list as `<ul class="sealtrail-list">`; an empty list as an empty cell (Datasette takes
    a falsy answer for "not mine" and would print `[]`); None for
    anything that is not a JSON list."""
    if not isinstance(value, str) or not value.startswith("["):
        return None
    try:
        items = json.loads(value)
    except ValueError:
        return None
    if not isinstance(items, list):
        return None
    if not items:
        return Markup("&nbsp;")  # what Datasette shows for an empty value
    lines = [Markup("<li>{}</li>").format(_item(item)) for item in items[:MAX_ITEMS]]
    if len(items) > MAX_ITEMS:
        lines.append(Markup("<li>… and {} more</li>").format(len(items) - MAX_ITEMS))
    return Markup('<ul class="sealtrail-list">') + Markup("").join(lines) + Markup("</ul>")


def render(row, value, column: str, table: str | None, datasette) -> Markup | None:
    """The `render_cell` answer for one cell, or None to leave it to Datasette."""
    if column in LIST_COLUMNS and not (table == READERS_VIEW and column == "reason_codes"):
        return render_list(value)
    if column == "event_id" and isinstance(value, str) and _EVENT_ID_RE.match(value):
        href = datasette.urls.path(event_path(value))
        return Markup('<a href="{}">{}</a>').format(href, breakable(value))
    if table == READERS_VIEW and column == "date_utc" and isinstance(value, str) and value:
        return Markup("{}<wbr>{}").format(*_split_time(value))
    if table == READERS_VIEW and column in CODE_WORDS and isinstance(value, str):
        return code_words(column, value) if value else None
    if table == READERS_VIEW and column == "reason_codes":
        return reason_words(value)
    if table in (READERS_VIEW, CHANGES_VIEW) and column == "case_name" and value:
        court, docket = _row_get(row, "court"), _row_get(row, "docket_number")
        if court and docket:
            href = datasette.urls.path(case_path(court, docket))
            return Markup('<a href="{}">{}</a>').format(href, value)
    return None


def code_words(column: str, code: str) -> Markup:
    """A code in words, the code kept in the title: `<span title="sealing_order">Sealing
    order</span>`."""
    return Markup('<span title="{}">{}</span>').format(code, CODE_WORDS[column](code))


def reason_words(value) -> Markup | None:
    """A JSON list of reason codes as a list of their words (codes in titles), else None."""
    if not isinstance(value, str):
        return None
    try:
        codes = json.loads(value)
    except ValueError:
        return None
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        return render_list(value)
    if not codes:
        return Markup("&nbsp;")
    items = [
        Markup('<li title="{}">{}</li>').format(code, REASON_LABELS.get(code, humanize(code)))
        for code in codes[:MAX_ITEMS]
    ]
    return Markup('<ul class="sealtrail-list">') + Markup("").join(items) + Markup("</ul>")


def _split_time(value: str) -> tuple[str, str]:
    """`2026-12-07T19:22:10Z` -> (`2026-12-07T`, `19:22:10Z`): a timestamp may wrap at its T."""
    day, t, time = value.partition("T")
    return (day + t, time) if t else (value, "")


def _row_get(row, key: str):
    try:
        return row[key]
    except (KeyError, IndexError):
        return None
