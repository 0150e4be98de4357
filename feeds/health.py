"""The operator feed: crawl health findings (`monitor.health`) and re-read findings
(`monitor.recheck_status`) as Atom 1.0 or RSS 2.0.

    /-/feeds/health.atom|rss     one entry per source and court with a flag, and one per
                                 source whose re-reads for sealing after the fact are failing
                                 or overdue (the same flags `sealtrail status` shows)

Served live by `feeds.plugin` only, never exported: it depends on the clock, while exported
feeds are byte-identical for unchanged data. An entry's id names the source, court, flags and
the last success, so a reader sees a new entry when a new problem starts (or an old one changes
shape) and not one per poll while it lasts. Everything from the store is escaped like the
event feeds (`feeds.build.clean`, `html.escape`); an empty feed means nothing is flagged.
"""

from __future__ import annotations

import html
import sqlite3
from collections.abc import Iterable, Mapping
from urllib.parse import quote

import sqlite_utils
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
from monitor.health import FLAG_TEXT, court_health
from monitor.recheck_status import RECHECK_FLAGS, recheck_status
from monitor.recheck_status import SECTION as RECHECK_SECTION

HEALTH_PATH = "/-/feeds/health.{fmt}"
RECHECK_TABLE = "rechecks"


def operator_findings(conn: sqlite3.Connection) -> list[dict]:
    """Crawl findings per source and court, then re-read findings per source; a store from
    before re-reads (no `rechecks` table) has crawl findings only."""
    findings = court_health(conn)
    db = sqlite_utils.Database(conn)
    if db[RECHECK_TABLE].exists():
        findings += recheck_status(db)
    return findings


def _is_recheck(finding: Mapping) -> bool:
    return finding.get("section") == RECHECK_SECTION


def health_title(finding: Mapping) -> str:
    flags = finding.get("flags") or []
    if _is_recheck(finding):
        problems = "; ".join(RECHECK_FLAGS.get(f, f) for f in flags)
        return f"{source_label(finding.get('reads'))} re-reads: {problems}"
    source = source_label(finding.get("source"))
    problems = "; ".join(FLAG_TEXT.get(f, f) for f in flags)
    return f"{source} {clean(finding.get('court')).upper()} {problems}"


def _recheck_fields(finding: Mapping) -> list[tuple[str, str]]:
    return [
        ("Flags", ", ".join(clean(f) for f in finding.get("flags") or [])),
        ("Last run", clean(finding.get("last_run")) or "never"),
        ("Last status", clean(finding.get("last_run_status"))),
        ("Why it read nothing", clean(finding.get("last_run_note"))),
        ("Cases to re-read", clean(finding.get("wanted"))),
        ("Never re-read", clean(finding.get("never_rechecked"))),
        (
            f"Not re-read in {clean(finding.get('stale_days'))} days",
            clean(finding.get("not_rechecked_in_days")),
        ),
        ("Last re-read", clean(finding.get("last_recheck")) or "never"),
    ]


def _fields(finding: Mapping) -> list[tuple[str, str]]:
    if _is_recheck(finding):
        return _recheck_fields(finding)
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
    """Stable while a problem lasts: a failing re-read's `last_recheck` (which stands still
    while it fails) plays the part of a crawl finding's last success; an overdue one keeps
    re-reading, so its id leaves the time out."""
    if _is_recheck(finding):
        since = "last_recheck" if "recheck_failing" in (finding.get("flags") or []) else ""
        keys = ("source", "court", since)
    else:
        keys = ("source", "court", "last_success")
    parts = [clean(finding.get(key)) if key else "" for key in (*keys, "newest_item")]
    flags = "+".join(clean(f) for f in finding.get("flags") or [])
    return TAG_PREFIX + "health:" + ":".join(quote(p, safe="-.") for p in [*parts, flags])


def _recheck_page(base: str, database: str, finding: Mapping) -> str:
    """The source's re-read runs in `crawl_runs`, newest first: a blocked or refused run
    writes no `rechecks` row, but its run says why."""
    source = quote(clean(finding.get("source")), safe="")
    return f"{base}/{tilde_encode(database)}/crawl_runs?source={source}&_sort_desc=started"


def build_health_feed(
    findings: Iterable[Mapping],
    *,
    fmt: str,
    base_url: str | None = None,
    database: str = DEFAULT_DATABASE,
) -> bytes:
    """Flagged findings (dicts from `operator_findings`), most recent run first; a re-read
    finding links to its source's re-read runs, a crawl finding to the crawl_health query."""
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
        "Sources and courts whose crawls are failing, stale or empty, and sources whose "
        "re-reads for sealing after the fact are failing or overdue, for the operator. "
        "An empty feed means every crawl and re-read looks healthy."
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
        fe.link(href=_recheck_page(base, database, finding) if _is_recheck(finding) else page)
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
