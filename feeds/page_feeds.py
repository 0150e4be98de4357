"""Which feeds a table page filtered to one value advertises (`<link rel="alternate">`): the
readers' view or the feeds' own event view filtered by `?event_type=`, `?outcome=`,
`?reason_codes__arraycontains=` (a reason code), `?judge=` or `?court=` / `?court_name=` has
a feed of its own (`/-/feeds/type/...`, `/outcome/...`, `/reason/...`, `/judge/...`,
`/court/...`), and a feed reader pointed at the page finds it.

Only values that have a feed get a link: a vocabulary value (`monitor.vocab`; `not_sealing`
has no feed), a judge whose name's slug names a judge with events in the feeds' view, a
court the crawl can follow (`monitor.courts.known_courts`) or the store has. Anything else
(a typo, quotes, `<script>`, `../`, a very long value) gives no link and costs no more than
one bounded lookup: values longer than `VALUE_MAX` are not looked up at all.

Quirks handled:
- Datasette filters on every repeated parameter (`?outcome=granted&outcome=denied` is both,
  so nothing); a page whose parameter is repeated advertises no feed for it.
- The readers' view facets on `court_name` (`S.D. Cal.`), not on the court id: the name is
  looked up in the store's `courts` table.
- A judge filter is the name as stored (`Dana E. Brightwater`); the feed's address is its
  slug (`monitor.judges.judge_slug`), shared by every spelling with the same slug. A name
  with events in the feeds' view is one of its slug's spellings, so one `limit 1` query
  decides (not `feeds.queries.judge_names`, which reads every judge's name).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from feeds.catalog import PUBLISHED_TYPES
from feeds.cells import READERS_VIEW
from feeds.queries import DEFAULT_VIEW, VIEWS, check_view, store_courts
from monitor import courts as court_registry
from monitor.judges import JUDGE_SLUG_MAX, JUDGE_SLUG_RE, judge_slug
from monitor.vocab import OUTCOMES, REASONS

VALUE_MAX = 200
# Does the judge, by the name as stored, have an event in the view? One row at most, so the
# check costs no more than the page's own filter (feeds.queries.judge_names reads every judge).
_JUDGE_HAS_EVENTS = {
    view: f"select 1 from {view} where judge = :name and event_type != 'not_sealing' limit 1"
    for view in VIEWS
}
# query parameter -> (feed kind, the values that have a feed)
VOCABULARY_FILTERS = {
    "event_type": ("type", PUBLISHED_TYPES),
    "outcome": ("outcome", OUTCOMES),
    "reason_codes__arraycontains": ("reason", REASONS),
}


@dataclass(frozen=True)
class PageFeed:
    """A feed the page advertises: `kind` with its `key` (vocabulary value or judge slug) or
    `court`; `name` is a judge's name as stored or the court's short name, for the title."""

    kind: str
    key: str | None = None
    court: str | None = None
    name: str | None = None


def _one(args, name: str) -> str | None:
    """The parameter's value if it is given once and is of a sane length, else None."""
    values = args.getlist(name) if hasattr(args, "getlist") else [args.get(name)]
    values = [value for value in values if value is not None]
    if len(values) != 1 or not values[0] or len(values[0]) > VALUE_MAX:
        return None
    return values[0]


def tables_with_keyed_feeds(feed_view: str = DEFAULT_VIEW) -> tuple[str, ...]:
    """The tables whose filters map onto the feeds: the readers' view and the feeds' view."""
    return (READERS_VIEW, feed_view)


def keyed_feeds(args, conn: sqlite3.Connection, *, view: str = DEFAULT_VIEW) -> list[PageFeed]:
    """The vocabulary and judge feeds matching `args` (a Datasette `request.args`)."""
    found = []
    for param, (kind, values) in VOCABULARY_FILTERS.items():
        value = _one(args, param)
        if value in values:
            found.append(PageFeed(kind, key=value))
    name = _one(args, "judge")
    if name:
        slug = judge_slug(name)
        if slug and len(slug) <= JUDGE_SLUG_MAX and JUDGE_SLUG_RE.match(slug):
            sql = _JUDGE_HAS_EVENTS[check_view(view)]
            if conn.execute(sql, {"name": name}).fetchone():
                found.append(PageFeed("judge", key=slug, name=name))
    return found


def court_feed(
    args, conn: sqlite3.Connection, *, court_re: Callable[[str], object]
) -> PageFeed | None:
    """The court feed for `?court=<id>` or `?court_name=<short name>`, if the court is known."""
    court = _one(args, "court")
    if court is not None:
        if not court_re(court):
            return None
        stored = {row["court"]: row["court_name"] for row in store_courts(conn)}
        if court in stored:
            return PageFeed("court", court=court, name=stored[court])
        if court in court_registry.known_courts():
            return PageFeed("court", court=court, name=court_registry.court(court).short_name)
        return None
    court_name = _one(args, "court_name")
    if court_name is not None:
        for row in store_courts(conn):
            if row["court_name"] == court_name:
                return PageFeed("court", court=row["court"], name=court_name)
    return None
