"""OPML 2.0 of every feed (`/-/feeds.opml`, and `feeds.opml` in `sealtrail feeds export`).

Pure: the groups of `feeds.catalog` and a base URL in, bytes out, with no date in them, so the
served file and the exported one are byte-identical for the same base URL and store.

Each group is an outline holding the feeds (circuits are outlines inside "By circuit and
court"); each feed is `<outline type="rss" text title xmlUrl htmlUrl>` (OPML 2.0 names every
feed subscription `rss`, Atom ones too) pointing at the Atom feed; `htmlUrl` is the Datasette
page the feed mirrors. Text is escaped by ElementTree; nothing from sources is trusted.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable

from feeds.build import DEFAULT_BASE_URL, DEFAULT_DATABASE, SITE_TITLE, clean, page_path
from feeds.catalog import Feed, Group
from feeds.queries import DEFAULT_VIEW

OPML_PATH = "/-/feeds.opml"
OPML_FILE = "feeds.opml"
CONTENT_TYPE = "text/x-opml; charset=utf-8"
OPML_FORMAT = "atom"
# The OPML lists feeds, not counts: only the groups whose feeds depend on the store (courts
# with events, judges with events) are looked up (`feeds.queries.feed_counts(only=...)`).
OPML_GROUPS = ("court", "judge", "changes")


# What a feed's title is about, outside the group that says it (a reader's folder list).
_PREFIX = {
    "court": "Court: ",
    "changes": "Sealed after filing: ",
    "reason": "Reason given: ",
    "outcome": "Outcome: ",
    "type": "Event: ",
    "judge": "Judge: ",
}


def _feed_outline(parent: ET.Element, feed: Feed, base: str, database: str, view: str) -> None:
    key = feed.name if feed.kind == "judge" else feed.key
    title = _PREFIX.get(feed.kind, "") + clean(feed.title)
    ET.SubElement(
        parent,
        "outline",
        {
            "type": "rss",
            "text": title,
            "title": title,
            "xmlUrl": base + feed.path(OPML_FORMAT),
            "htmlUrl": base + page_path(database, feed.kind, feed.court, view=view, key=key),
        },
    )


def _group_outline(parent: ET.Element, group: Group, base: str, database: str, view: str):
    outline = ET.SubElement(parent, "outline", {"text": group.title, "title": group.title})
    for feed in group.feeds:
        _feed_outline(outline, feed, base, database, view)
    for sub in group.subgroups:
        _group_outline(outline, sub, base, database, view)


def build_opml(
    groups: Iterable[Group],
    *,
    base_url: str | None = None,
    database: str = DEFAULT_DATABASE,
    view: str = DEFAULT_VIEW,
) -> bytes:
    """The OPML 2.0 document of `groups` (`feeds.catalog.catalog`), links on `base_url`."""
    base = (base_url or DEFAULT_BASE_URL).rstrip("/")
    root = ET.Element("opml", {"version": "2.0"})
    head = ET.SubElement(root, "head")
    scope = "immigration cases" if view == DEFAULT_VIEW else "federal cases"
    ET.SubElement(head, "title").text = f"{SITE_TITLE}: every feed of sealing in {scope}"
    ET.SubElement(head, "docs").text = "http://opml.org/spec2.opml"
    body = ET.SubElement(root, "body")
    for group in groups:
        if group.feeds or group.subgroups:
            _group_outline(body, group, base, database, view)
    ET.indent(root)
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        + ET.tostring(root, encoding="utf-8", xml_declaration=False)
        + b"\n"
    )
