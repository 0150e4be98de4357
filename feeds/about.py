"""The "about the data" page (`/about`, template `pages/about.html`): the column glossary of
every table and view, read from the served metadata (metadata.yml), so the glossary has one
source and the table pages need not open with it.

Quirks handled:
- Tables whose glossary is the same (the two event views share one YAML anchor) are shown
  once, under all their names.
- Tables for readers come first (`READER_ORDER`), then the others in metadata order; hidden
  (internal) tables are listed after them, since their JSON and SQL stay available.
"""

from __future__ import annotations

READER_ORDER = (
    "sealing_events_for_readers",
    "immigration_sealing_events",
    "all_sealing_events",
    "cases",
    "courts",
    "event_reasons",
    "event_authorities",
    "case_parties",
)


def glossary(tables: dict) -> list[dict]:
    """[{names, title, description, columns: [(name, text)], hidden}] for `tables` (the
    `tables` mapping of one database's metadata)."""
    order = [name for name in READER_ORDER if name in tables]
    order += [name for name in tables if name not in order]
    order.sort(key=lambda name: bool((tables[name] or {}).get("hidden")))
    sections: list[dict] = []
    for name in order:
        config = tables[name] or {}
        columns = list((config.get("columns") or {}).items())
        same = next(
            (s for s in sections if columns and s["columns"] == columns),
            None,
        )
        if same is not None:
            same["names"].append(name)
            continue
        sections.append(
            {
                "names": [name],
                "title": config.get("title") or name,
                "description": config.get("description") or "",
                "columns": columns,
                "hidden": bool(config.get("hidden")),
            }
        )
    return [section for section in sections if section["columns"] or section["description"]]
