"""How cells read in Datasette's HTML tables (`render_cell`): JSON lists as lists, event ids
and case names as links to their pages.

Quirks handled:
- The stored lists are JSON text (`'["privacy_pii","safety"]'`, `'[{"code": ..., "evidence":
  ...}]'`); a value that is not a JSON list is left to Datasette (it may be a cut value, see
  `cut_fields`, or a column that only shares the name).
- Everything shown is escaped; long lists are bounded (`MAX_ITEMS`) with a count of the rest.
- JSON and CSV are untouched: `render_cell` only changes the HTML table cell.
"""

from __future__ import annotations

import json
import re

from markupsafe import Markup, escape

from feeds.build import case_path, event_path

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
_EVENT_ID_RE = re.compile(r"^[a-z0-9]{2,16}:[A-Za-z0-9:.\-_ ]{1,80}$")


def _item(item) -> Markup:
    if isinstance(item, dict) and "code" in item:
        code = escape(str(item.get("code") or ""))
        evidence = str(item.get("evidence") or "")[:MAX_ITEM_CHARS]
        if evidence:
            return Markup("<strong>{}</strong>: “{}”").format(code, evidence)
        return Markup("<strong>{}</strong>").format(code)
    if isinstance(item, str | int | float):
        return escape(str(item)[:MAX_ITEM_CHARS])
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
    if column in LIST_COLUMNS:
        return render_list(value)
    if column == "event_id" and isinstance(value, str) and _EVENT_ID_RE.match(value):
        href = datasette.urls.path(event_path(value))
        return Markup('<a href="{}">{}</a>').format(href, value)
    if table == READERS_VIEW and column == "case_name" and value:
        court, docket = _row_get(row, "court"), _row_get(row, "docket_number")
        if court and docket:
            href = datasette.urls.path(case_path(court, docket))
            return Markup('<a href="{}">{}</a>').format(href, value)
    return None


def _row_get(row, key: str):
    try:
        return row[key]
    except (KeyError, IndexError):
        return None
