"""Court and judge pages, their indexes, and the charts page (issue 15).

Routes (spliced into `feeds.plugin.register_routes` as `*court_pages.ROUTES`):

    /-/courts                 every court the store has seen, with its figures
    /-/judges                 every judge with sealing events, with their figures
    /-/court/<court>          /-/court/casd
    /-/judge/<judge_slug>     /-/judge/dana-e-brightwater (monitor.judges.judge_slug)
    /-/charts                 events per month by type, reasons over time, grant rate by court
                              and by judge, orders giving no reason by court

What is counted and how (decided orders, grant rate, orders giving no reason, months, the
minimums under which a rate is flagged "too few to compare") is `feeds.figures`; the charts
are inline SVG from `feeds.svg_chart`, each with its numbers as a table. Chosen over
datasette-dashboards: no JavaScript, no dashboard config in metadata.yml, nothing to load, and
the figures the charts draw are the ones the pages state (one Python module computes both).

A court is known when the store's `courts` table has it (or a case of it) or when
`monitor.courts.known_courts()` does (a court the crawl follows, before its first event): its
page answers and says nothing was seen yet, and its feed answers too. Any other court id, a
judge slug that is malformed or names no judge with events, and ids too long or with
characters an id never has, get the 404 page (`sealtrail_not_found.html`), naming what was
asked for escaped and cut. Names shown pass `monitor.redact` again (`feeds.pages.public`).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Mapping
from urllib.parse import unquote

from datasette.utils.asgi import Response
from markupsafe import Markup

from feeds import figures as fig
from feeds.build import REASON_LABELS, feed_path, humanize
from feeds.catalog import CIRCUIT_NAMES, judges_by_slug
from feeds.figures import Figures, month_label
from feeds.pages import COURT_RE, _not_found, _told, public
from feeds.queries import fetch_court, judge_names, store_courts
from feeds.site import database_or_404
from feeds.site import view as view_of
from feeds.svg_chart import percent, share_bars, stacked_columns
from monitor import courts as court_registry
from monitor.judges import JUDGE_SLUG_MAX, JUDGE_SLUG_RE, judge_slug
from monitor.vocab import EVENT_LABELS, EVENT_TYPES, OUTCOMES, REASONS

LATEST = 20
TOP_REASONS = 7  # the charts fold the rest into one series (svg_chart has eight colours)
INDEX_MAX = 2000
TOO_FEW_BARS = 12  # bars drawn hatched under a chart's minimum; the rest are named in its note
PUBLISHED_TYPES = tuple(t for t in EVENT_TYPES if t != "not_sealing")
OUTCOME_LABELS = {
    "granted": "Granted",
    "granted_in_part": "Granted in part",
    "denied": "Denied",
    "moot": "Moot",
    "unknown": "Outcome not known",
    "none": "No ruling (not an order)",
}

# Granted dark blue, in part light blue, denied vermillion (Okabe-Ito, see feeds.svg_chart).
OUTCOME_COLORS = ("#0072B2", "#56B4E9", "#D55E00")

_LATEST_COURT_SQL = (
    "select * from {view} where court = :court and event_type != 'not_sealing' "
    "order by date_utc desc, event_id desc limit :limit"
)
_LATEST_JUDGE_SQL = (
    "select * from {view} where judge in (select value from json_each(:judges)) "
    "and event_type != 'not_sealing' order by date_utc desc, event_id desc limit :limit"
)


def court_path(court: str) -> str:
    return f"/-/court/{court}"


def judge_path(slug: str) -> str:
    return f"/-/judge/{slug}"


def type_label(event_type: str) -> str:
    return EVENT_LABELS.get(event_type, humanize(event_type))


def reason_label(code: str) -> str:
    """`Privacy/personal information` (the feeds' label, capitalised for a list or legend)."""
    label = REASON_LABELS.get(code, humanize(code))
    return label[:1].upper() + label[1:]


def _rows(conn: sqlite3.Connection, sql: str, params: Mapping) -> list[dict]:
    cursor = conn.execute(sql, dict(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


# ---------------------------------------------------------------------------------- summaries


def rates(figures: Figures) -> dict:
    """The grant rate and the no-reason share, with their numbers and warnings."""
    return {
        "decided": figures.decided,
        "granted": figures.orders("granted"),
        "in_part": figures.orders("granted_in_part"),
        "denied": figures.orders("denied"),
        "granted_total": figures.granted,
        "grant_rate": percent(figures.granted, figures.decided),
        "too_few_rulings": figures.too_few_rulings,
        "undecided_orders": figures.undecided_orders,
        "read": figures.read,
        "no_reason": figures.no_reason,
        "no_reason_share": percent(figures.no_reason, figures.read),
        "too_few_read": figures.too_few_read,
        "unread": figures.unread,
        "min_rulings": fig.MIN_RULINGS,
        "min_read": fig.MIN_READ,
    }


def type_table(figures: Figures) -> dict:
    """Counts by event type (rows) and outcome (columns: only outcomes that occur)."""
    outcomes = [o for o in OUTCOMES if any(figures.by_type_outcome[(t, o)] for t in EVENT_TYPES)]
    rows = [
        {
            "label": type_label(t),
            "event_type": t,
            "cells": [figures.by_type_outcome[(t, o)] for o in outcomes],
            "total": figures.by_type[t],
        }
        for t in PUBLISHED_TYPES
        if figures.by_type[t]
    ]
    return {
        "outcomes": [OUTCOME_LABELS.get(o, humanize(o)) for o in outcomes],
        "rows": rows,
        "totals": [sum(figures.by_type_outcome[(t, o)] for t in PUBLISHED_TYPES) for o in outcomes],
        "total": figures.events,
    }


def month_rows(figures: Figures) -> list[dict]:
    """The figures month by month, newest first (for the table under the charts)."""
    rows = []
    for key in reversed(figures.month_keys()):
        month = figures.month(key)
        rows.append(
            {
                "month": month_label(key),
                "events": month.events,
                "decided": month.decided,
                "granted": month.granted,
                "grant_rate": percent(month.granted, month.decided),
                "read": month.read,
                "no_reason": month.no_reason,
                "no_reason_share": percent(month.no_reason, month.read),
            }
        )
    return rows


def events_chart(figures: Figures, chart_id: str, title: str) -> Markup:
    """Events per month, stacked by event type."""
    keys = figures.month_keys()
    types = [t for t in PUBLISHED_TYPES if any(figures.month(k).by_type[t] for k in keys)]
    return stacked_columns(
        chart_id,
        title,
        [month_label(k) for k in keys],
        [(type_label(t), [figures.month(k).by_type[t] for k in keys]) for t in types],
        description=f"{title}: a column per month, a colour per kind of event.",
    )


def rulings_chart(figures: Figures, chart_id: str, title: str) -> Markup:
    """Decided sealing orders per month, stacked by outcome."""
    keys = figures.month_keys()
    return stacked_columns(
        chart_id,
        title,
        [month_label(k) for k in keys],
        [(OUTCOME_LABELS[o], [figures.month(k).by_outcome[o] for k in keys]) for o in fig.DECIDED],
        description=f"{title}: a column per month, granted, granted in part and denied stacked.",
        colors=OUTCOME_COLORS,
    )


def reasons_chart(figures: Figures, chart_id: str, title: str) -> Markup:
    """Reasons given per month: the `TOP_REASONS` most given codes, the rest as one series."""
    keys = month_range_of_reasons(figures)
    top = [code for code, _ in figures.reasons.most_common() if code][:TOP_REASONS]
    rest = [code for code in figures.reasons if code not in top]
    series = [
        (reason_label(code), [figures.reasons_by_month.get(k, Counter())[code] for k in keys])
        for code in sorted(top, key=lambda c: REASONS.index(c) if c in REASONS else 99)
    ]
    if rest:
        series.append(
            (
                "Every other reason",
                [sum(figures.reasons_by_month.get(k, Counter())[c] for c in rest) for k in keys],
            )
        )
    return stacked_columns(
        chart_id,
        title,
        [month_label(k) for k in keys],
        series,
        description=f"{title}: a column per month, a colour per reason. An order giving "
        "several reasons counts once for each.",
        note="An order that gives several reasons counts once for each." if series else "",
    )


def month_range_of_reasons(figures: Figures) -> list[str]:
    return fig.month_range(list(figures.reasons_by_month))


def summary(figures: Figures, chart_prefix: str, subject: str) -> dict:
    """What a court or judge page shows of its figures."""
    return {
        "events": figures.events,
        "types": type_table(figures),
        "rates": rates(figures),
        "reasons": [
            {"label": reason_label(code), "code": code, "count": count}
            for code, count in figures.reasons.most_common()
            if code
        ],
        "months": month_rows(figures),
        "events_chart": events_chart(
            figures, f"{chart_prefix}-events", f"Sealing events per month {subject}"
        ),
        "rulings_chart": rulings_chart(
            figures, f"{chart_prefix}-rulings", f"Decided orders on sealing per month {subject}"
        ),
        "cut": figures.cut,
    }


# ---------------------------------------------------------------------------------- pages


def court_name(conn: sqlite3.Connection, court: str) -> str | None:
    """The court's short name if the store or the crawl's court list knows it, else None."""
    known = fetch_court(conn, court)
    if known is not None:
        return public(known["court_name"]) or court
    if court in court_registry.known_courts():
        return court_registry.court(court).short_name
    return None


def court_data(conn: sqlite3.Connection, court: str, *, view: str) -> dict | None:
    """Everything the court page shows, or None for a court nobody knows."""
    name = court_name(conn, court)
    if name is None:
        return None
    figures = fig.tally(conn, "court", view=view, court=court)
    latest = _rows(conn, _LATEST_COURT_SQL.format(view=view), {"court": court, "limit": LATEST})
    judges = [
        {"slug": slug, "name": public(judge), "count": count, "href": judge_path(slug)}
        for slug, judge, count in judges_by_slug(
            {name: n for name, n in figures.judges.items() if name.strip()}
        )
    ]
    return {
        "court": court,
        "court_name": name,
        "figures": summary(figures, "court", f"in {name}"),
        "latest": [_told(row) for row in latest],
        "judges": judges,
        "feed": {fmt: feed_path("court", fmt, court) for fmt in ("atom", "rss")},
    }


def judge_data(conn: sqlite3.Connection, slug: str, *, view: str) -> dict | None:
    """Everything the judge page shows, or None for a slug that names no judge with events."""
    names = judge_names(conn, slug, view=view)
    if not names:
        return None
    figures = fig.tally(conn, "judge", view=view, judges=names)
    name = max(names, key=lambda n: (figures.judges[n], -names.index(n)))
    court_names = {row["court"]: public(row["court_name"]) for row in store_courts(conn)}
    courts = [
        {
            "court": court,
            "name": court_names.get(court) or court,
            "count": count,
            "href": court_path(court),
        }
        for court, count in figures.courts.most_common()
    ]
    latest = _rows(
        conn,
        _LATEST_JUDGE_SQL.format(view=view),
        {"judges": json.dumps(names), "limit": LATEST},
    )
    shown = public(name)
    return {
        "slug": slug,
        "name": shown,
        "spellings": [public(n) for n in names if n != name],
        "courts": courts,
        "figures": summary(figures, "judge", f"by {shown}"),
        "latest": [_told(row) for row in latest],
        "feed": {fmt: feed_path("judge", fmt, key=slug) for fmt in ("atom", "rss")},
    }


def _index_row(figures: Figures) -> dict:
    return {"events": figures.events, **rates(figures)}


def courts_index(conn: sqlite3.Connection, *, view: str) -> list[dict]:
    """Every court of the store's `courts` table and every court with events, by name."""
    events, reasons, cut = fig.tally_rows(conn, "all", view=view)
    by_court = fig.split_by(events, reasons, "court", cut=cut)
    known = {row["court"]: row for row in store_courts(conn)}
    rows = []
    for court in sorted(set(known) | set(by_court))[:INDEX_MAX]:
        row = known.get(court, {})
        circuit = row.get("circuit") or ""
        rows.append(
            {
                "court": court,
                "name": public(row.get("court_name")) or court,
                "circuit": CIRCUIT_NAMES.get(circuit, circuit.upper()),
                "href": court_path(court),
                "feed": feed_path("court", "atom", court),
                **_index_row(by_court.get(court) or Figures()),
            }
        )
    return sorted(rows, key=lambda r: (r["name"].lower(), r["court"]))


def _judge_groups(events: list[dict], reasons: list[dict], cut: bool) -> list[dict]:
    """One row per judge slug (spellings that share a slug added up), by name."""
    by_name = fig.split_by(events, reasons, "judge", cut=cut)
    counts = {name: f.events for name, f in by_name.items() if name.strip()}
    rows = []
    for slug, name, _count in judges_by_slug(counts)[:INDEX_MAX]:
        merged = Figures(cut=cut)
        for spelling, figures in by_name.items():
            if spelling.strip() and judge_slug(spelling) == slug:
                merged_rows(merged, figures)
        rows.append(
            {
                "slug": slug,
                "name": public(name),
                "href": judge_path(slug),
                "courts": sorted(merged.courts),
                "figures": merged,
                "feed": feed_path("judge", "atom", key=slug),
                **_index_row(merged),
            }
        )
    return rows


def merged_rows(into: Figures, other: Figures) -> None:
    """Add `other`'s totals to `into` (not its months: the indexes and bars need none)."""
    into.by_type.update(other.by_type)
    into.by_type_outcome.update(other.by_type_outcome)
    into.read += other.read
    into.no_reason += other.no_reason
    into.unread += other.unread
    into.reasons.update(other.reasons)
    into.courts.update(other.courts)
    into.judges.update(other.judges)


def judges_index(conn: sqlite3.Connection, *, view: str) -> list[dict]:
    events, reasons, cut = fig.tally_rows(conn, "all", view=view)
    rows = _judge_groups(events, reasons, cut)
    for row in rows:
        row.pop("figures")
    return rows


def _bars(rows: list[dict], numerator: str, denominator: str, too_few: str) -> list[dict]:
    """The rows of a share chart: those over the minimum by size, then at most
    `TOO_FEW_BARS` under it (drawn hatched, `svg_chart.share_bars`), also by size."""
    ordered = sorted(
        (row for row in rows if row[denominator]), key=lambda r: (-r[denominator], r["label"])
    )
    over = [row for row in ordered if not row[too_few]]
    under = [row for row in ordered if row[too_few]][:TOO_FEW_BARS]
    return [
        {
            "label": row["label"],
            "numerator": row[numerator],
            "denominator": row[denominator],
            "href": row["href"],
            "too_few": bool(row[too_few]),
        }
        for row in over + under
    ]


def _too_few_note(rows: list[dict], denominator: str, too_few: str, noun: str, minimum: int) -> str:
    """What the hatched bars mean, and who was left out past `TOO_FEW_BARS`."""
    under = [row for row in rows if row[too_few] and row[denominator]]
    if not under:
        return ""
    note = (
        f"Hatched grey bars: fewer than {minimum} {noun}, too few to compare; their counts "
        "are shown, not a rate to rank."
    )
    rest = sorted(under, key=lambda r: (-r[denominator], r["label"]))[TOO_FEW_BARS:]
    if rest:
        names = ", ".join(f"{row['label']} ({row[denominator]})" for row in rest[:12])
        more = f" and {len(rest) - 12} more" if len(rest) > 12 else ""
        note += f" Not drawn, with fewer still: {names}{more}."
    return note


def charts_data(conn: sqlite3.Connection, *, view: str) -> dict:
    """The charts page: every chart from one tally of the whole view."""
    events, reasons, cut = fig.tally_rows(conn, "all", view=view)
    everything = Figures.from_rows(events, reasons, cut=cut)
    names = {row["court"]: public(row["court_name"]) for row in store_courts(conn)}
    by_court = fig.split_by(events, reasons, "court", cut=cut)
    courts = [
        {
            "label": f"{names.get(court) or court} ({court})",
            "href": court_path(court),
            **_index_row(figures),
        }
        for court, figures in by_court.items()
    ]
    judges = [
        {"label": row["name"], "href": row["href"], **_index_row(row["figures"])}
        for row in _judge_groups(events, reasons, cut)
    ]
    minimum, minimum_read = fig.MIN_RULINGS, fig.MIN_READ
    grant_headers = ("", "Granted or granted in part", "Decided orders", "Grant rate")
    reason_headers = ("", "Orders giving no reason", "Orders read", "Share")
    return {
        "events": everything.events,
        "rates": rates(everything),
        "cut": cut,
        "charts": [
            events_chart(everything, "events-by-type", "Sealing events per month, by type"),
            reasons_chart(everything, "reasons-over-time", "Reasons given for sealing, by month"),
            share_bars(
                "grant-rate-by-court",
                "Grant rate by court",
                _bars(courts, "granted_total", "decided", "too_few_rulings"),
                description="The share of decided orders on sealing that granted sealing in "
                f"full or in part, per court; courts with fewer than {minimum} decided orders come "
                "last, hatched grey, with their counts and no rate.",
                too_few_label=f"fewer than {minimum} rulings",
                headers=("Court", *grant_headers[1:]),
                note=_too_few_note(courts, "decided", "too_few_rulings", "decided orders", minimum),
            ),
            share_bars(
                "grant-rate-by-judge",
                "Grant rate by judge",
                _bars(judges, "granted_total", "decided", "too_few_rulings"),
                description="The share of decided orders on sealing that granted sealing in "
                f"full or in part, per judge; judges with fewer than {minimum} decided orders come "
                "last, hatched grey, with their counts and no rate.",
                too_few_label=f"fewer than {minimum} rulings",
                headers=("Judge", *grant_headers[1:]),
                note=_too_few_note(judges, "decided", "too_few_rulings", "decided orders", minimum),
            ),
            share_bars(
                "no-reason-by-court",
                "Orders giving no reason, by court",
                _bars(courts, "no_reason", "read", "too_few_read"),
                description="The share of decided orders on sealing whose text was read "
                f"that give no reason, per court; courts with fewer than {minimum_read} orders "
                "read come last, hatched grey, with their counts and no share.",
                too_few_label=f"fewer than {minimum_read} orders read",
                headers=("Court", *reason_headers[1:]),
                note=_too_few_note(courts, "read", "too_few_read", "orders read", minimum_read),
            ),
        ],
    }


# ---------------------------------------------------------------------------------- handlers


async def _render(datasette, request, template: str, context: dict) -> Response:
    html = await datasette.render_template(
        template, {**context, "view": view_of(datasette)}, request=request
    )
    return Response.html(html)


async def court_page(datasette, request) -> Response:
    """/-/court/<court>"""
    court = unquote(request.url_vars["court"])
    db = await database_or_404(datasette, request)
    view = view_of(datasette)
    if not COURT_RE.match(court):
        return await _not_found(datasette, request, "court", court)
    data = await db.execute_fn(lambda conn: court_data(conn, court, view=view))
    if data is None:
        return await _not_found(datasette, request, "court", court)
    return await _render(datasette, request, "sealtrail_court.html", {**data, "database": db.name})


async def judge_page(datasette, request) -> Response:
    """/-/judge/<judge_slug>"""
    slug = unquote(request.url_vars["slug"])
    db = await database_or_404(datasette, request)
    view = view_of(datasette)
    if len(slug) > JUDGE_SLUG_MAX or not JUDGE_SLUG_RE.match(slug):
        return await _not_found(datasette, request, "judge", slug)
    data = await db.execute_fn(lambda conn: judge_data(conn, slug, view=view))
    if data is None:
        return await _not_found(datasette, request, "judge", slug)
    return await _render(datasette, request, "sealtrail_judge.html", {**data, "database": db.name})


async def _listing(datasette, request, fetch, template: str, key: str | None) -> Response:
    """A page that reads the view once (`fetch(conn, view=...)`) and renders `template`: the
    rows under `key`, or (key None) the dict `fetch` returns."""
    db = await database_or_404(datasette, request)
    view = view_of(datasette)
    data = await db.execute_fn(lambda conn: fetch(conn, view=view))
    context = {key: data, "min_rulings": fig.MIN_RULINGS} if key else dict(data)
    return await _render(datasette, request, template, {**context, "database": db.name})


async def courts_page(datasette, request) -> Response:
    """/-/courts"""
    return await _listing(datasette, request, courts_index, "sealtrail_courts.html", "courts")


async def judges_page(datasette, request) -> Response:
    """/-/judges"""
    return await _listing(datasette, request, judges_index, "sealtrail_judges.html", "judges")


async def charts_page(datasette, request) -> Response:
    """/-/charts"""
    return await _listing(datasette, request, charts_data, "sealtrail_charts.html", None)


ROUTES = [
    (r"^/-/courts/?$", courts_page),
    (r"^/-/judges/?$", judges_page),
    (r"^/-/court/(?P<court>[^/]+)$", court_page),
    (r"^/-/judge/(?P<slug>[^/]+)$", judge_page),
    (r"^/-/charts/?$", charts_page),
]
