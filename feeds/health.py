"""The operator feed: crawl health findings (`monitor.health`) as Atom 1.0 or RSS 2.0.

    /-/feeds/health.atom|rss     one entry per source and court with a flag

Served live by `feeds.plugin` only, never exported: it depends on the clock, while exported
feeds are byte-identical for unchanged data. An entry's id names the source, court, flags and
the last success, so a reader sees a new entry when a new problem starts (or an old one changes
shape) and not one per poll while it lasts. Everything from the store is escaped like the
event feeds (`feeds.build.clean`, `html.escape`); an empty feed means nothing is flagged.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from urllib.parse import quote

from datasette.utils import tilde_encode
from feedgen.feed import FeedGenerator

from feeds.build import (
    CONTENT_TYPES,
    DEFAULT_BASE_URL,
    DEFAULT_DATABASE,
    EMPTY_FEED_UPDATED,
    SITE_TITLE,
    TAG_PREFIX,
    clean,
    parse_date,
    source_label,
)
from monitor.health import FLAG_TEXT

HEALTH_PATH = "/-/feeds/health.{fmt}"


def health_title(finding: Mapping) -> str:
    source = source_label(finding.get("source"))
    problems = "; ".join(FLAG_TEXT.get(f, f) for f in finding.get("flags") or [])
    return f"{source} {clean(finding.get('court')).upper()} {problems}"


def _fields(finding: Mapping) -> list[tuple[str, str]]:
    failures = finding.get("failures_since_success")
    return [
        ("Flags", ", ".join(clean(f) for f in finding.get("flags") or [])),
        ("Last run", clean(finding.get("last_run"))),
        ("Last status", clean(finding.get("last_status"))),
        ("Last success", clean(finding.get("last_success")) or "never"),
        ("Failed runs since", "" if failures is None else str(failures)),
        ("Items on last read", clean(finding.get("last_items"))),
        ("Newest item", clean(finding.get("newest_item"))),
        ("HTTP statuses of last run", clean(finding.get("last_http_status"))),
    ]


def health_entry_id(finding: Mapping) -> str:
    parts = [clean(finding.get(key)) for key in ("source", "court", "last_success", "newest_item")]
    flags = "+".join(clean(f) for f in finding.get("flags") or [])
    return TAG_PREFIX + "health:" + ":".join(quote(p, safe="-.") for p in [*parts, flags])


def build_health_feed(
    findings: Iterable[Mapping],
    *,
    fmt: str,
    base_url: str | None = None,
    database: str = DEFAULT_DATABASE,
) -> bytes:
    """Flagged findings (dicts from `monitor.health.court_health`), most recent run first."""
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"unknown feed format {fmt!r}")
    base = (base_url or DEFAULT_BASE_URL).rstrip("/")
    flagged = [f for f in findings if f.get("flags")]
    flagged.sort(key=lambda f: (clean(f.get("last_run")), health_entry_id(f)), reverse=True)
    page = f"{base}/{tilde_encode(database)}/crawl_health"

    fg = FeedGenerator()
    fg.id(TAG_PREFIX + "health")
    fg.title(f"{SITE_TITLE}: crawl health ({len(flagged)} flagged)")
    fg.subtitle(
        "Sources and courts whose crawls are failing, stale or empty, for the operator. "
        "An empty feed means every crawl looks healthy."
    )
    fg.author(name=SITE_TITLE)
    fg.language("en")
    fg.ttl(30)
    times = [parse_date(f.get("last_run")) for f in flagged]
    fg.updated(max((t for t in times if t), default=EMPTY_FEED_UPDATED))
    fg.link(href=base + HEALTH_PATH.format(fmt=fmt), rel="self", type=CONTENT_TYPES[fmt])
    fg.link(href=page, rel="alternate", type="text/html")
    for finding in flagged:
        when = parse_date(finding.get("last_run")) or EMPTY_FEED_UPDATED
        fe = fg.add_entry(order="append")
        fe.id(health_entry_id(finding))
        fe.guid(health_entry_id(finding), permalink=False)
        fe.title(health_title(finding))
        fe.published(when)
        fe.updated(when)
        fe.link(href=page, rel="alternate")
        for flag in finding.get("flags") or []:
            fe.category(term=clean(flag), scheme=f"{TAG_PREFIX}health", label=clean(flag))
        body = "".join(
            f"<p><b>{html.escape(name)}:</b> {html.escape(value)}</p>"
            for name, value in _fields(finding)
            if value
        )
        if fmt == "atom":
            text = "\n".join(f"{name}: {value}" for name, value in _fields(finding) if value)
            fe.summary(text, type="text")
            fe.content(body, type="html")
        else:
            fe.description(body)
    return fg.atom_str(pretty=True) if fmt == "atom" else fg.rss_str(pretty=True)
