"""How Datasette's table and query pages are worded for readers: a view titled by its title
(not "Sealing events in immigration cases (view)") and counted in plain words ("23 sealing
events, newest first", not "23 rows sorted by date_utc descending"; "2 motions to seal", not
"Custom SQL query returning 2 rows").

Only the tables, views and canned queries of `ROW_NOUNS` are reworded; every other page
(the operator's hidden tables, arbitrary SQL) keeps Datasette's own words. JSON, CSV, facets
and SQL are untouched: this changes the HTML of two headings.

Quirks handled:
- Datasette 0.65 writes the `<h1>` and the count `<h3>` inside the `content` block of its
  `table.html` and `query.html`, in no block of their own, so `feeds/templates/table.html` and
  `query.html` render Datasette's block (`super()`) and pass it through `reword_table` /
  `reword_query`, which rewrite those two headings only (the first match of each). A Datasette
  that words them differently leaves the page as Datasette wrote it (tests/test_table_pages.py
  catches that).
- "(view)" goes only where metadata gives the view a title: a view without one keeps its raw
  name and the "(view)" that says what it is.
- Datasette's `human_description_en` names the sort column ("sorted by date_utc descending");
  for the event views, whose default order is `date_utc` descending, that reads "newest
  first"; filters ("where court = "casd"") are kept as Datasette writes them.
- Canned queries hide their SQL (`hide_sql`); the link that shows it reads "show the SQL".
"""

from __future__ import annotations

import re

from markupsafe import Markup

_EVENTS = ("sealing event", "sealing events")
# table, view or canned query -> (one, many): what one row of it is, in a reader's words
ROW_NOUNS: dict[str, tuple[str, str]] = {
    "sealing_events_for_readers": _EVENTS,
    "immigration_sealing_events": _EVENTS,
    "all_sealing_events": _EVENTS,
    "recent_sealing_events": _EVENTS,
    "search_sealing_events": _EVENTS,
    "pending_motions_to_seal": (
        "motion to seal with no ruling yet",
        "motions to seal with no ruling yet",
    ),
    "orders_without_reasons": ("order that gives no reason", "orders that give no reason"),
    "outcomes_by_court": ("court", "courts"),
    "reasons_by_court": ("reason in a court", "reasons by court"),
    "cases": ("case", "cases"),
    "courts": ("court", "courts"),
}
_DATASETTE_ORDER = re.compile(r"(\S)?( ?)sorted by date_utc descending")

_VIEW_H1 = re.compile(r"(<h1>[^<]*?) \(view\)")
_TABLE_COUNT = re.compile(r"<h3>([0-9,]+) rows?\s*([^<]*?)\s*</h3>")
_QUERY_COUNT = re.compile(
    r"<h3>Custom SQL query(?: returning (more than )?([0-9,]+) rows?)?(?=\s*(?:<span|</h3>))"
)
_SHOW_HIDE = re.compile(r'(<span class="show-hide-sql">\(<a [^>]*>)(show|hide)(</a>\))')


def row_nouns(name: str | None) -> tuple[str, str] | None:
    """(one, many) for a table, view or canned query that readers see; None for the others."""
    return ROW_NOUNS.get(name or "")


def count_words(count: int, name: str | None, *, more: bool = False) -> str | None:
    """`23 sealing events`, `1 court`, `No cases`; None for a name without nouns."""
    nouns = row_nouns(name)
    if nouns is None:
        return None
    if count == 0 and not more:
        return f"No {nouns[1]}"
    noun = nouns[0] if count == 1 and not more else nouns[1]
    return f"{'More than ' if more else ''}{count:,} {noun}"


def sort_words(description: str) -> str:
    """Datasette's `human_description_en` with the event views' default order in words:
    `where court = "casd" sorted by date_utc descending` -> `where court = "casd", newest
    first`."""
    return _DATASETTE_ORDER.sub(
        lambda m: (m.group(1) + "," if m.group(1) else "") + m.group(2) + "newest first",
        description,
    )


def table_heading(count: int, table: str | None, description: str | None) -> str | None:
    """`23 sealing events, newest first`: the count and Datasette's description of the
    filters and order (as Datasette gives it, escaped or not); None for a table without
    nouns."""
    words = count_words(count, table)
    if words is None:
        return None
    described = sort_words((description or "").strip())
    if not described:
        return words
    return f"{words}{',' if described.startswith('newest first') else ''} {described}"


def reword_table(html: str, table: str | None, titled: bool) -> Markup:
    """Datasette's rendered table page `content` block, its heading and count reworded (see
    the module docstring). `html` is markup Datasette escaped; nothing here adds text from
    the request."""
    html = str(html)
    if titled:
        html = _VIEW_H1.sub(r"\1", html, count=1)
    if row_nouns(table) is not None:

        def count(match: re.Match) -> str:
            rows = int(match.group(1).replace(",", ""))
            return f"<h3>{table_heading(rows, table, match.group(2))}</h3>"

        html = _TABLE_COUNT.sub(count, html, count=1)
    return Markup(html)


def reword_query(html: str, canned_query: str | None, failed: bool = False) -> Markup:
    """Datasette's rendered query page `content` block, the count of a canned query in words
    (not when the query `failed`: its error says what happened)."""
    html = str(html)
    if failed or not canned_query or row_nouns(canned_query) is None:
        return Markup(html)

    def count(match: re.Match) -> str:
        rows = int((match.group(2) or "0").replace(",", ""))
        return "<h3>" + count_words(rows, canned_query, more=bool(match.group(1)))

    html = _QUERY_COUNT.sub(count, html, count=1)
    html = _SHOW_HIDE.sub(r"\1\2 the SQL\3", html, count=1)
    return Markup(html)
