"""Feeds of sealing after the fact: entries and documents that were public and were later
gone, sealed, withheld or withdrawn (or came back), read from `after_the_fact_changes`
(`monitor.views`), one entry per change (`docket_changes` row), newest seen first.

    /-/feeds/changes.atom|rss                      every change (immigration cases)
    /-/feeds/changes/court/<court>.atom|rss        one court's
    /-/feeds/changes/case/<court>/<docket>.atom|rss one case's

An entry says what was there (the entry and its stored text), where it was seen in public
(the source, its address, when last seen so), what it is now, when the change was seen and
the evidence (which source, which read); it links the event page of the change's sealing
event, the case page and the case's feed of changes.

Quirks handled:
- An entry is dated when the change was seen (`seen`), never by the entry's filing months
  before; `published` = `updated` = `seen`, and nothing in it reads the clock, so a rebuild or
  a re-export gives the same bytes and a reader is not told twice.
- Its id is the change's own tag URI (`tag:sealtrail,2026:change/<case id>/<change id>`), not
  the event's: the event's entry in the other feeds says something else, and a change whose
  entry sealtrail never stored has no event.
- The view lists every case's changes; with the immigration event view (the default), only
  the immigration cases' are published, as everywhere else.

Every statement is a constant with named parameters.
"""

from __future__ import annotations

import html
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from feedgen.feed import FeedGenerator

from feeds.build import (
    CONTENT_TYPES,
    DEFAULT_BASE_URL,
    DEFAULT_DATABASE,
    EMPTY_FEED_UPDATED,
    SITE_TITLE,
    TAG_PREFIX,
    _Entry,
    _links,
    _safe_url,
    case_label,
    case_path,
    clean,
    court_label,
    event_path,
    feed_path,
    page_path,
    parse_date,
)
from feeds.queries import CHANGES_KEPT, DEFAULT_LIMIT, DEFAULT_VIEW, check_view

CHANGES = "changes"
CHANGES_VIEW = "after_the_fact_changes"
FORMATS = ("atom", "rss")
_KEPT = CHANGES_KEPT
_COLUMNS = (
    "seen",
    "kind",
    "change",
    "court",
    "court_name",
    "case_name",
    "docket_number",
    "entry_number",
    "entry_text",
    "source",
    "source_url",
    "before",
    "after",
    "evidence",
    "event_id",
    "item_kind",
    "case_id",
    "change_id",
)
_SELECT = "select " + ", ".join(f"v.{c}" for c in _COLUMNS) + f" from {CHANGES_VIEW} v where "
_ORDER = " order by v.seen desc, v.change_id desc limit :limit"
_FILTERS = {
    "all": "",
    "court": " and v.court = :court",
    "case": " and v.court = :court and v.docket_number = :docket_number",
}
CHANGES_SQL = {
    view: {scope: _SELECT + kept + where + _ORDER for scope, where in _FILTERS.items()}
    for view, kept in _KEPT.items()
}
_CASES = (
    "select distinct v.court, v.docket_number from " + CHANGES_VIEW + " v where {kept} "
    "order by v.court, v.docket_number"
)
CASES_SQL = {view: _CASES.format(kept=kept) for view, kept in _KEPT.items()}


def _rows(conn: sqlite3.Connection, sql: str, params: Mapping[str, Any]) -> list[dict]:
    cursor = conn.execute(sql, dict(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def fetch_changes(
    conn: sqlite3.Connection,
    *,
    court: str | None = None,
    docket_number: str | None = None,
    view: str = DEFAULT_VIEW,
    limit: int = DEFAULT_LIMIT,
) -> list[dict]:
    """The changes of the feed (all; one court; one case with `docket_number`), newest first."""
    scope = "case" if docket_number else "court" if court else "all"
    params = {"limit": int(limit), "court": court, "docket_number": docket_number}
    return _rows(conn, CHANGES_SQL[check_view(view)][scope], params)


def cases_with_changes(conn: sqlite3.Connection, *, view: str = DEFAULT_VIEW) -> list[tuple]:
    """(court, docket_number) of every case with a change, by court and docket number."""
    return [(row[0], row[1]) for row in conn.execute(CASES_SQL[check_view(view)])]


# ---------------------------------------------------------------------------------- paths


def changes_path(fmt: str, court: str | None = None, docket: str | None = None) -> str:
    """`/-/feeds/changes.atom`, `/-/feeds/changes/court/casd.atom`,
    `/-/feeds/changes/case/casd/3:26-cv-04410.atom`."""
    return feed_path(CHANGES, fmt, court, docket)


def changes_page(database: str, court: str | None = None, case_id: str | None = None) -> str:
    """The Datasette page the feed mirrors: the view, filtered like the feed."""
    return page_path(database, CHANGES, court, case_id)


def change_entry_id(row: Mapping) -> str:
    """The permanent id (tag URI) of a change's feed entry."""
    case_id = clean(row.get("case_id")) or f"{clean(row.get('court'))}:{row.get('docket_number')}"
    return f"{TAG_PREFIX}change/{case_id}/{clean(row.get('change_id'))}"


def changes_feed_id(court: str | None = None, docket: str | None = None) -> str:
    if docket:
        return f"{TAG_PREFIX}feed/changes/case/{clean(court)}:{clean(docket)}"
    if court:
        return f"{TAG_PREFIX}feed/changes/court/{clean(court)}"
    return f"{TAG_PREFIX}feed/changes"


def changes_title(
    *,
    court: str | None = None,
    docket: str | None = None,
    court_name: str | None = None,
    case_name: str | None = None,
    view: str = DEFAULT_VIEW,
) -> str:
    scope = "immigration cases" if view == DEFAULT_VIEW else "federal cases"
    court_text = clean(court_name) or clean(court).upper()
    if docket:
        what = clean(case_name) or clean(docket)
        return f"{SITE_TITLE}: sealed after filing, {what} ({court_text} {clean(docket)})"
    if court:
        return f"{SITE_TITLE}: sealed after filing in {scope}, {court_text}"
    return f"{SITE_TITLE}: sealed after filing in {scope}"


SUBTITLE = (
    "Docket entries and documents that were public and were later taken off the docket, "
    "sealed, withheld or withdrawn (or came back), found by re-reading whole dockets on "
    "CourtListener and packages on GovInfo, newest first by when the change was seen. Only a "
    "docket read in full can show an entry gone. What a source shows can be its own error: "
    "check the docket before relying on it."
)


# ---------------------------------------------------------------------------------- entries


def _what(row: Mapping) -> str:
    number = row.get("entry_number")
    if clean(row.get("item_kind")) == "document":
        return f"A document of entry {number}" if number is not None else "A document"
    return f"Entry {number}" if number is not None else "An entry"


def change_title(row: Mapping) -> str:
    """`S.D. Cal. · SAMPLE Petitioner v. Warden · Entry gone from the docket: entry 3`."""
    number = row.get("entry_number")
    change = clean(row.get("change")) or clean(row.get("kind"))
    what = f"{change}: entry {number}" if number is not None else change
    return " · ".join((court_label(row), case_label(row), what))


def change_facts(row: Mapping) -> list[tuple[str, str]]:
    """Labelled facts of a change, in reading order, empty ones left out."""
    seen = clean(row.get("seen"))
    source = clean(row.get("source"))
    text = clean(row.get("entry_text"))
    where = f"public on {source}" if source else "public"
    url = _safe_url(row.get("source_url"))
    facts = [
        ("What changed", f"{clean(row.get('change'))} ({_what(row).lower()})"),
        ("What was there", text),
        ("Where it was seen", f"{where}" + (f", at {url}" if url else "")),
        ("Before", clean(row.get("before"))),
        ("Now", clean(row.get("after"))),
        ("Seen", seen),
        ("Evidence", clean(row.get("evidence"))),
        ("Court", f"{court_label(row)} ({clean(row.get('court'))})"),
        ("Case", f"{case_label(row)}, No. {clean(row.get('docket_number'))}"),
    ]
    return [(name, value) for name, value in facts if value]


def _change_links(row: Mapping, base: str, fmt: str) -> tuple[tuple, list[tuple]]:
    court, docket = clean(row.get("court")), clean(row.get("docket_number"))
    event_id = clean(row.get("event_id"))
    case = ("Case page", base + case_path(court, docket))
    main = ("Event page", base + event_path(event_id)) if event_id else case
    related = [case] if event_id else []
    related.append(("The case's changes after filing", base + changes_path(fmt, court, docket)))
    url = _safe_url(row.get("source_url"))
    if url:
        related.append((f"Where it was seen on {clean(row.get('source'))}", url))
    return main, related


def change_text(row: Mapping, links: list[tuple]) -> str:
    lines = [f"{_what(row)} is now {clean(row.get('after'))}."]
    lines += [f"{name}: {value}" for name, value in change_facts(row)]
    lines += [f"{label}: {url}" for label, url in links]
    return "\n".join(lines)


def change_html(row: Mapping, links: list[tuple]) -> str:
    items = "".join(
        f"<dt>{html.escape(name)}</dt><dd>{html.escape(value)}</dd>"
        for name, value in change_facts(row)
    )
    link_items = "".join(
        f'<li><a href="{html.escape(url)}">{html.escape(label)}</a></li>' for label, url in links
    )
    lead = html.escape(f"{_what(row)} is now {clean(row.get('after'))}.")
    return f"<p>{lead}</p><dl>{items}</dl><ul>{link_items}</ul>"


def build_changes_feed(
    rows: Iterable[Mapping],
    *,
    fmt: str,
    base_url: str | None = None,
    database: str = DEFAULT_DATABASE,
    court: str | None = None,
    docket: str | None = None,
    court_name: str | None = None,
    case_name: str | None = None,
    view: str = DEFAULT_VIEW,
    limit: int = DEFAULT_LIMIT,
) -> bytes:
    """Rows of `fetch_changes` as an Atom or RSS 2.0 document (the same rows give the same
    bytes). `court` scopes it to a court, `court` and `docket` to a case."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown feed format {fmt!r}; expected one of {FORMATS}")
    base = (base_url or DEFAULT_BASE_URL).rstrip("/")
    changes = sorted(
        rows, key=lambda r: (clean(r.get("seen")), int(r.get("change_id") or 0)), reverse=True
    )[: max(int(limit), 0)]
    fg = FeedGenerator()
    fg.id(changes_feed_id(court, docket))
    fg.title(
        changes_title(
            court=court, docket=docket, court_name=court_name, case_name=case_name, view=view
        )
    )
    fg.subtitle(SUBTITLE)
    fg.author(name=SITE_TITLE)
    fg.language("en")
    fg.ttl(30)
    dates = [parse_date(row.get("seen")) for row in changes]
    fg.updated(max((d for d in dates if d), default=EMPTY_FEED_UPDATED))
    fg.link(href=base + changes_path(fmt, court, docket), rel="self", type=CONTENT_TYPES[fmt])
    case_id = f"{court}:{docket}" if docket else None
    page = changes_page(database, None if docket else court, case_id)
    fg.link(href=base + page, rel="alternate", type="text/html")
    for row in changes:
        when = parse_date(row.get("seen")) or EMPTY_FEED_UPDATED
        fe = fg.add_entry(_Entry(), order="append")
        fe.id(change_entry_id(row))
        fe.guid(change_entry_id(row), permalink=False)
        fe.title(change_title(row))
        fe.published(when)
        fe.updated(when)
        main, related = _change_links(row, base, fmt)
        _links(fe, main, related)
        for scheme, value in (("change", row.get("kind")), ("court", row.get("court"))):
            if clean(value):
                fe.category(term=clean(value), scheme=f"{TAG_PREFIX}{scheme}", label=clean(value))
        links = [main, *related]
        if fmt == "atom":
            fe.summary(change_text(row, links), type="text")
            fe.content(change_html(row, links), type="html")
        else:
            fe.description(change_html(row, links))
    return fg.atom_str(pretty=True) if fmt == "atom" else fg.rss_str(pretty=True)
