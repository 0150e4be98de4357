"""The "about the data" page (`/about`, template `pages/about.html`): the column glossary of
every table and view, read from the served metadata (metadata.yml), so the glossary has one
source and the table pages need not open with it.

Every table and view has its own section, anchored by its name (`/about#cases`), which its
table page links ("What the columns mean", `feeds/templates/table.html`). Column anchors:
`#{column}` in the `immigration_sealing_events` section (the one the home page links, e.g.
`#reason_codes`), `#{table}-{column}` in the others (`#sealing_events_for_readers-outcome`).

Quirks handled:
- Tables whose glossary is the same (the two full event views share one YAML anchor) keep
  their own sections; the later one says "same columns as" the first and links it instead of
  repeating fifty columns.
- A table described in HTML (`description_html`, whose links are relative to its table page)
  is described here by the HTML's text.
- Tables for readers come first (`READER_ORDER`), then the others in metadata order; hidden
  (internal) tables are listed after them, since their JSON and SQL stay available.
"""

from __future__ import annotations

from markupsafe import Markup

READER_ORDER = (
    "sealing_events_for_readers",
    "after_the_fact_changes",
    "immigration_sealing_events",
    "all_sealing_events",
    "cases",
    "courts",
    "event_reasons",
    "event_authorities",
    "case_parties",
)
# The section whose column anchors are the bare column names (`/about#reason_codes`).
BARE_ANCHORS = "immigration_sealing_events"


def column_anchor(table: str, column: str) -> str:
    """The id of a column's entry on /about."""
    return column if table == BARE_ANCHORS else f"{table}-{column}"


def glossary(tables: dict) -> list[dict]:
    """[{name, title, description, columns: [(name, text, anchor)], hidden, same_as}], one per
    table of `tables` (the `tables` mapping of one database's metadata) that has columns or a
    description; `same_as` names an earlier section with the same columns (then `columns` is
    empty)."""
    order = [name for name in READER_ORDER if name in tables]
    order += [name for name in tables if name not in order]
    order.sort(key=lambda name: bool((tables[name] or {}).get("hidden")))
    sections: list[dict] = []
    seen: dict[tuple, str] = {}
    for name in order:
        config = tables[name] or {}
        columns = tuple((config.get("columns") or {}).items())
        if not columns and not config.get("description") and not config.get("description_html"):
            continue
        same_as = seen.get(columns) if columns else None
        if columns and same_as is None:
            seen[columns] = name
        sections.append(
            {
                "name": name,
                "title": config.get("title") or name,
                "description": config.get("description")
                or Markup(config.get("description_html") or "").striptags(),
                "columns": []
                if same_as
                else [(column, text, column_anchor(name, column)) for column, text in columns],
                "hidden": bool(config.get("hidden")),
                "same_as": same_as,
            }
        )
    return sections
