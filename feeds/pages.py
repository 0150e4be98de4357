"""Pages for people: one sealing event, and one case as a timeline (issue 15).

Routes (spliced into `feeds.plugin.register_routes` as `*pages.ROUTES`):

    /-/event/<event_id>             /-/event/casd:3:26-cv-01877:16
    /-/case/<court>/<docket>        /-/case/casd/3:26-cv-01877

Both read the store's public event view (`immigration_sealing_events`, or the plugin's
configured `view`), so an event of a case outside it is as unknown here as in the feeds. The
text they show was redacted when it was stored (`monitor.sanitize`); every shown string goes
through `monitor.redact.redact` once more on the way out (stable on clean text), and Jinja
escapes it.

Addresses: the event id and the docket number keep their `:` and `-` as they are; a
percent-encoded address (`3%3A26-cv-01877`) reads the same. An id that cannot be one (longer
than `ID_MAX`, characters outside an id's, an encoded `/`) is answered like an unknown one:
a 404 page that names what was asked for (escaped, cut to 120 characters) and where to look.
Every query is a constant with named parameters; the view name comes from `queries.VIEWS`.

Sealing after the fact (`after_the_fact_changes`): the case page lists the case's changes
("Changed after filing": when seen, the entry, what changed, before and after, the evidence;
at most `CHANGES_MAX`) and, under it, when each source last re-read the case
(`feeds.case_rereads`); the event page of a `sealed_after_filing` / `unsealed_after_filing`
event shows its change and evidence, and the page of any event whose entry later changed
says so.

"Pending" is the rule of the `pending_motions_to_seal` query: a motion (to seal or to unseal)
that no order is linked to (`event_links` `rules_on`) and that no order in the same case names
by its entry number (`target_entries`).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Mapping
from datetime import UTC, date, datetime
from urllib.parse import unquote, urlsplit

from datasette.utils.asgi import Response

from feeds.build import (
    REASON_LABELS,
    STANDARD_LABELS,
    case_path,
    event_path,
    feed_path,
    humanize,
)
from feeds.case_rereads import case_rereads
from feeds.queries import fetch_case
from feeds.sentence import day_text, event_sentence, movant_label
from feeds.site import database_or_404, find_database
from feeds.site import view as view_of
from monitor.redact import redact
from monitor.vocab import AFTER_FILING_TYPES, EVENT_LABELS, gives_no_reason

ID_MAX = 200
ID_RE = re.compile(r"^[a-z0-9]{2,16}:[A-Za-z0-9:.\-_ ]{1,180}$")
COURT_RE = re.compile(r"^[a-z0-9]{2,16}$")
DOCKET_RE = re.compile(r"^[A-Za-z0-9:.\-_ ]{1,64}$")
TIMELINE_MAX = 500
REVISIONS_MAX = 200
REVISION_TEXT_MAX = 600
SHOWN_ID_MAX = 120
CHANGES_MAX = 200
MOTIONS = ("motion_to_seal", "unseal_motion")
ORDERS = ("sealing_order", "unsealing_order")

_SOURCE_NAMES = {"courtlistener": "CourtListener (RECAP)", "govinfo": "GovInfo"}
# Free copies first, CourtListener before GovInfo; PACER always last.
_SOURCE_ORDER = {"courtlistener": 0, "govinfo": 1, "other": 2, "pacer": 3}

_EVENT_SQL = "select * from {view} where event_id = :event_id"
_EVENTS_BY_ID_SQL = (
    "select * from {view} where event_id in (select value from json_each(:ids)) "
    "order by date_utc, event_id"
)
_CASE_EVENTS_SQL = (
    "select * from {view} where court = :court and docket_number = :docket "
    "and event_type != 'not_sealing' order by date_utc, event_id limit :limit"
)
# Sealing after the fact (`after_the_fact_changes`, monitor.views): a case's changes, newest
# seen first, and an entry's, in the order seen.
_CASE_CHANGES_SQL = (
    "select * from after_the_fact_changes where case_id = :case_id "
    "order by seen desc, change_id desc limit :limit"
)
_ENTRY_CHANGES_SQL = (
    "select * from after_the_fact_changes where entry_id = :entry_id order by seen, change_id"
)
_AUTHORITIES_SQL = (
    "select citation, name from event_authorities where event_id = :event_id order by rowid"
)
_LINKS_SQL = (
    "select from_event, to_event, relation from event_links "
    "where from_event = :event_id or to_event = :event_id"
)
_CASE_RULINGS_SQL = """
select l.to_event from event_links l join sealing_events m on m.id = l.to_event
where m.case_id = :case_id and l.relation = 'rules_on'
"""
_ENTRY_SOURCES_SQL = (
    "select source, source_url from entry_sources where entry_id = :entry_id "
    "and source_url is not null"
)
_DOCUMENT_SOURCES_SQL = (
    "select source, source_url from document_sources where document_id = :document_id "
    "and source_url is not null"
)
_CASE_EXTRA_SQL = (
    "select docket_url, courtlistener_id, govinfo_package, nature_of_suit, nos_code "
    "from cases where id = :case_id"
)
_REVISIONS_SQL = """
select r.seen, r.field, r.old_value, r.new_value, r.entry_id, d.entry_number
from entry_revisions r join docket_entries d on d.id = r.entry_id
where d.case_id = :case_id
order by r.seen, r.id
limit :limit
"""


# ---------------------------------------------------------------------------------- text


def public(value: object) -> str:
    """Stored text as shown: redacted (again) and stripped; None as ``."""
    if value is None:
        return ""
    return (redact(str(value)) or "").strip()


def _json_list(value: object) -> list:
    if not isinstance(value, str) or not value:
        return []
    try:
        parsed = json.loads(value)
    except ValueError:
        return []
    return parsed if isinstance(parsed, list) else []


def shown_id(value: str) -> str:
    """What was asked for, fit to be named on a 404 page (the template escapes it)."""
    value = public(value)
    return value if len(value) <= SHOWN_ID_MAX else value[:SHOWN_ID_MAX] + "…"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


# ---------------------------------------------------------------------------------- links


def source_kind(url: str) -> str:
    """`pacer`, `courtlistener`, `govinfo` or `other`, by the host of a link."""
    host = (urlsplit(url).hostname or "").lower()
    if host == "uscourts.gov" or host.endswith(".uscourts.gov"):
        return "pacer"
    if host.endswith("courtlistener.com"):
        return "courtlistener"
    if host.endswith(("govinfo.gov", "gpo.gov")):
        return "govinfo"
    return "other"


def safe_url(value: object) -> str:
    """An http(s) link from stored data, redacted, else `` (no `javascript:`)."""
    text = public(value)
    return text if re.match(r"^https?://[^\s<>\"']+$", text, re.IGNORECASE) else ""


def _link(url: str, label: str, kind: str | None = None) -> dict:
    kind = kind or source_kind(url)
    return {"href": url, "label": label, "kind": kind, "free": kind != "pacer"}


def document_links(event: Mapping, entry_sources: list, document_sources: list) -> list[dict]:
    """Where to read the event's documents: free copies first, PACER last, no duplicates."""
    found: list[dict] = []
    for source, url in document_sources:
        url = safe_url(url)
        if url:
            kind = source if source in _SOURCE_NAMES else source_kind(url)
            found.append(_link(url, f"The order on {_SOURCE_NAMES.get(kind, 'the web')}", kind))
    order_url = safe_url(event.get("order_url"))
    if order_url:
        kind = source_kind(order_url)
        found.append(_link(order_url, f"The order on {_SOURCE_NAMES.get(kind, 'the web')}"))
    for source, url in entry_sources:
        url = safe_url(url)
        if url and source in _SOURCE_NAMES:
            found.append(_link(url, f"The docket entry on {_SOURCE_NAMES[source]}", source))
    source_url = safe_url(event.get("source_url"))
    if source_url:
        kind = source_kind(source_url)
        label = "The document on PACER" if kind == "pacer" else "The docket entry at its source"
        if kind in _SOURCE_NAMES:
            label = f"The docket entry on {_SOURCE_NAMES[kind]}"
        found.append(_link(source_url, label, kind))
    docket_url = safe_url(event.get("docket_url"))
    if docket_url:
        kind = source_kind(docket_url)
        found.append(
            _link(
                docket_url, "The docket report on PACER" if kind == "pacer" else "The docket", kind
            )
        )
    unique, seen = [], set()
    for link in found:
        if link["href"] not in seen:
            seen.add(link["href"])
            unique.append(link)
    return sorted(unique, key=lambda link: _SOURCE_ORDER[link["kind"]])


# ---------------------------------------------------------------------------------- data


def _rows(conn: sqlite3.Connection, sql: str, params: Mapping) -> list[dict]:
    cursor = conn.execute(sql, dict(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _told(row: Mapping, pending: bool | None = None, *, case: bool = True) -> dict:
    """An event row with what the pages show about it (`case=False`: its sentence without
    the case, for the case's own page)."""
    return {
        "event_id": row["event_id"],
        "href": event_path(row["event_id"]),
        "sentence": public(event_sentence(row, pending=pending, case=case)),
        "day": day_text(row.get("date")),
        "date": public(row.get("date"))[:10],
        "label": EVENT_LABELS.get(row.get("event_type") or "", humanize(row.get("event_type"))),
        "event_type": row.get("event_type") or "",
        "entry_number": row.get("entry_number"),
        "pending": bool(pending),
    }


def told_change(row: Mapping) -> dict:
    """A row of `after_the_fact_changes` as the pages show it."""
    event_id = row.get("event_id")
    return {
        "seen": day_text(row.get("seen")) or public(row.get("seen")),
        "entry_number": row.get("entry_number"),
        "what": public(row.get("change")),
        "kind": public(row.get("kind")),
        "item": "document" if row.get("item_kind") == "document" else "entry",
        "before": public(row.get("before")),
        "after": public(row.get("after")),
        "evidence": public(row.get("evidence")),
        "source": public(row.get("source")),
        "source_url": safe_url(row.get("source_url")),
        "entry_text": _cut(public(row.get("entry_text")), REVISION_TEXT_MAX),
        "event_id": public(event_id),
        "href": event_path(event_id) if event_id else None,
    }


def event_data(conn: sqlite3.Connection, event_id: str, *, view: str) -> dict | None:
    """Everything the event page shows, or None for an event not in `view`."""
    rows = _rows(conn, _EVENT_SQL.format(view=view), {"event_id": event_id})
    if not rows:
        return None
    event = rows[0]
    links = _rows(conn, _LINKS_SQL, {"event_id": event_id})
    related_ids = sorted(
        {link["to_event"] for link in links} | {link["from_event"] for link in links}
    )
    related_ids = [other for other in related_ids if other != event_id]
    related = {
        row["event_id"]: row
        for row in _rows(
            conn, _EVENTS_BY_ID_SQL.format(view=view), {"ids": json.dumps(related_ids)}
        )
    }
    rules_on, ruled_by, other = [], [], []
    for link in links:
        if link["from_event"] == event_id and link["to_event"] in related:
            target = rules_on if link["relation"] == "rules_on" else other
            target.append(_told(related[link["to_event"]]))
        elif link["to_event"] == event_id and link["from_event"] in related:
            target = ruled_by if link["relation"] == "rules_on" else other
            target.append(_told(related[link["from_event"]]))
    pending = None
    if event.get("event_type") in MOTIONS:
        pending = _pending_ids(conn, event["case_id"], _case_rows(conn, event, view))
        pending = event_id in pending
    entry_sources = [
        (r["source"], r["source_url"])
        for r in _rows(conn, _ENTRY_SOURCES_SQL, {"entry_id": event.get("entry_id")})
    ]
    document_sources = []
    if event.get("document_id"):
        document_sources = [
            (r["source"], r["source_url"])
            for r in _rows(conn, _DOCUMENT_SOURCES_SQL, {"document_id": event["document_id"]})
        ]
    reasons = []
    for item in _json_list(event.get("reasons")):
        if isinstance(item, Mapping) and item.get("code"):
            code = str(item["code"])
            reasons.append(
                {
                    "code": code,
                    "label": REASON_LABELS.get(code, humanize(code)),
                    "evidence": public(item.get("evidence")),
                }
            )
    stated = event.get("reasons_stated")
    court, docket = event["court"], event["docket_number"]
    entry_changes = [
        told_change(r)
        for r in _rows(conn, _ENTRY_CHANGES_SQL, {"entry_id": event.get("entry_id")})
        if event.get("entry_id")
    ]
    return {
        "after_filing": event.get("event_type") in AFTER_FILING_TYPES,
        # an after-the-fact event's own change, and the changes of its entry seen since
        "change": next((c for c in entry_changes if c["event_id"] == event_id), None),
        "entry_changes": [c for c in entry_changes if c["event_id"] != event_id],
        "changes_feed": feed_path("changes", "atom", court, docket),
        "event": {key: public(value) for key, value in event.items()},
        "sentence": public(event_sentence(event, pending=pending)),
        "pending": pending,
        "label": EVENT_LABELS.get(event.get("event_type") or "", humanize(event.get("event_type"))),
        "outcome": humanize(event.get("outcome")),
        "movant_role": movant_label(event),
        "reasons": reasons,
        "reasons_stated": None if stated is None else bool(stated),
        "gives_no_reason": gives_no_reason(
            event.get("event_type"), event.get("outcome"), event.get("reasons_stated")
        ),
        "standard": STANDARD_LABELS.get(
            event.get("standard") or "", humanize(event.get("standard"))
        ),
        "authorities": [
            {"citation": public(r["citation"]), "name": public(r["name"])}
            for r in _rows(conn, _AUTHORITIES_SQL, {"event_id": event_id})
        ],
        "documents_sealed": [public(d) for d in _json_list(event.get("documents_sealed")) if d],
        "targets": [n for n in _json_list(event.get("target_entries")) if isinstance(n, int)],
        "docket_text": public(event.get("entry_text")) or public(event.get("short_description")),
        "links": document_links(event, entry_sources, document_sources),
        "rules_on": rules_on,
        "ruled_by": ruled_by,
        "other_links": other,
        "case_href": case_path(court, docket),
        "case_feed": feed_path("case", "atom", court, docket),
        "decided": day_text(event.get("decided_on")),
        "day": day_text(event.get("date")),
    }


def _case_rows(conn: sqlite3.Connection, case: Mapping, view: str) -> list[dict]:
    return _rows(
        conn,
        _CASE_EVENTS_SQL.format(view=view),
        {"court": case["court"], "docket": case["docket_number"], "limit": TIMELINE_MAX},
    )


def _pending_ids(conn: sqlite3.Connection, case_id: str, rows: list[dict]) -> set[str]:
    """Ids of the case's motions that no order rules on (see the module docstring)."""
    ruled = {r["to_event"] for r in _rows(conn, _CASE_RULINGS_SQL, {"case_id": case_id})}
    named = {
        number
        for row in rows
        if row.get("event_type") in ORDERS
        for number in _json_list(row.get("target_entries"))
    }
    return {
        row["event_id"]
        for row in rows
        if row.get("event_type") in MOTIONS
        and row["event_id"] not in ruled
        and (row.get("entry_number") is None or row["entry_number"] not in named)
    }


def _unnamed_later_order(motion: Mapping, rows: list[dict]) -> dict | None:
    """A later order in the case that names no entry (a short RSS text): it may be the
    ruling, so the page says so rather than calling the motion pending outright."""
    for row in rows:
        if (
            row.get("event_type") in ORDERS
            and not _json_list(row.get("target_entries"))
            and (row.get("date_utc") or "") >= (motion.get("date_utc") or "")
        ):
            return _told(row, case=False)
    return None


def _age_days(value: object, today: date) -> int | None:
    try:
        filed = datetime.fromisoformat(str(value)[:10]).date()
    except ValueError:
        return None
    return max((today - filed).days, 0)


def case_data(
    conn: sqlite3.Connection, court: str, docket: str, *, view: str, today: date | None = None
) -> dict | None:
    """Everything the case page shows, or None for a case not in `view`."""
    case = fetch_case(conn, court, docket, view=view)
    if case is None:
        return None
    today = today or datetime.now(UTC).date()
    rows = _case_rows(conn, case, view)
    pending = _pending_ids(conn, case["case_id"], rows)
    timeline = [_told(row, row["event_id"] in pending or None, case=False) for row in rows]
    waiting = [
        {
            **_told(row, True, case=False),
            "age_days": _age_days(row.get("date"), today),
            "maybe_ruled_by": _unnamed_later_order(row, rows),
        }
        for row in rows
        if row["event_id"] in pending
    ]
    extra = (_rows(conn, _CASE_EXTRA_SQL, {"case_id": case["case_id"]}) or [{}])[0]
    events_by_entry = {row["entry_id"]: row["event_id"] for row in rows}
    revisions = [
        {
            "seen": day_text(r["seen"]) or public(r["seen"]),
            "field": humanize(r["field"]),
            "entry_number": r["entry_number"],
            "old": _cut(public(r["old_value"]), REVISION_TEXT_MAX),
            "new": _cut(public(r["new_value"]), REVISION_TEXT_MAX),
            "href": event_path(events_by_entry[r["entry_id"]])
            if r["entry_id"] in events_by_entry
            else None,
        }
        for r in _rows(conn, _REVISIONS_SQL, {"case_id": case["case_id"], "limit": REVISIONS_MAX})
    ]
    links = []
    courtlistener_id = public(extra.get("courtlistener_id"))
    if courtlistener_id.isdigit():
        links.append(
            _link(
                f"https://www.courtlistener.com/docket/{courtlistener_id}/",
                "The docket on CourtListener (RECAP)",
                "courtlistener",
            )
        )
    package = public(extra.get("govinfo_package"))
    if re.match(r"^USCOURTS-[a-z0-9]+-[A-Za-z0-9_\-]+$", package):
        links.append(
            _link(
                f"https://www.govinfo.gov/app/details/{package}",
                "The case's opinions and orders on GovInfo",
                "govinfo",
            )
        )
    docket_url = safe_url(extra.get("docket_url"))
    if docket_url:
        kind = source_kind(docket_url)
        links.append(
            _link(docket_url, "The docket report on PACER" if kind == "pacer" else "The docket")
        )
    links.sort(key=lambda link: _SOURCE_ORDER[link["kind"]])
    nature = " ".join(
        part
        for part in (public(extra.get("nos_code")), public(extra.get("nature_of_suit")))
        if part
    )
    return {
        "case": {key: public(value) for key, value in case.items()},
        "nature_of_suit": nature,
        "timeline": timeline,
        "timeline_cut": len(rows) >= TIMELINE_MAX,
        "pending": waiting,
        "revisions": revisions,
        "revisions_cut": len(revisions) >= REVISIONS_MAX,
        "links": links,
        "feed": {fmt: feed_path("case", fmt, court, docket) for fmt in ("atom", "rss")},
        "changes": [
            told_change(r)
            for r in _rows(
                conn, _CASE_CHANGES_SQL, {"case_id": case["case_id"], "limit": CHANGES_MAX}
            )
        ],
        "changes_feed": {fmt: feed_path("changes", fmt, court, docket) for fmt in ("atom", "rss")},
        "rereads": case_rereads(conn, case["case_id"]),
        "today": day_text(today.isoformat()),
    }


# ---------------------------------------------------------------------------------- handlers


def _arg(request, name: str) -> str:
    """A path part, percent-decoded once (`3%3A26-cv-01877` = `3:26-cv-01877`)."""
    return unquote(request.url_vars[name])


async def _not_found(datasette, request, what: str, asked: str) -> Response:
    db = await find_database(datasette)
    context = {"what": what, "asked": shown_id(asked), "view": view_of(datasette)}
    html = await datasette.render_template(
        "sealtrail_not_found.html",
        {**context, "database": db.name if db else None},
        request=request,
    )
    return Response.html(html, status=404)


async def event_page(datasette, request) -> Response:
    """/-/event/<event_id>"""
    event_id = _arg(request, "event_id")
    db = await database_or_404(datasette, request)
    view = view_of(datasette)
    if len(event_id) > ID_MAX or not ID_RE.match(event_id):
        return await _not_found(datasette, request, "event", event_id)
    data = await db.execute_fn(lambda conn: event_data(conn, event_id, view=view))
    if data is None:
        return await _not_found(datasette, request, "event", event_id)
    context = {**data, "database": db.name, "view": view}
    html = await datasette.render_template("sealtrail_event.html", context, request=request)
    return Response.html(html)


async def case_page(datasette, request) -> Response:
    """/-/case/<court>/<docket>"""
    court, docket = _arg(request, "court"), _arg(request, "docket")
    db = await database_or_404(datasette, request)
    view = view_of(datasette)
    asked = f"{court}:{docket}"
    if len(asked) > ID_MAX or not COURT_RE.match(court) or not DOCKET_RE.match(docket):
        return await _not_found(datasette, request, "case", asked)
    data = await db.execute_fn(lambda conn: case_data(conn, court, docket, view=view))
    if data is None:
        return await _not_found(datasette, request, "case", asked)
    context = {**data, "database": db.name, "view": view}
    html = await datasette.render_template("sealtrail_case.html", context, request=request)
    return Response.html(html)


ROUTES = [
    (r"^/-/event/(?P<event_id>[^/]+)$", event_page),
    (r"^/-/case/(?P<court>[^/]+)/(?P<docket>[^/]+)$", case_page),
]
