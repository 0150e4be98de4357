"""Datasette plugin (0.65): Atom/RSS feeds of sealing events, and feed autodiscovery links.

Registered through the `datasette` entry point (`sealtrail_feeds = "feeds.plugin"`).

Routes (`<fmt>` is `atom` or `rss`):

    /-/feeds                                    HTML list of the feeds
    /-/feeds/sealing.<fmt>                      every sealing event (immigration cases)
    /-/feeds/court/<court>.<fmt>                one court:  /-/feeds/court/casd.atom
    /-/feeds/case/<court>/<docket>.<fmt>        one case:   /-/feeds/case/casd/3:17-cv-09912.atom
    /-/feeds/reason/<code>.<fmt>                one reason code (monitor.vocab.REASONS)
    /-/feeds/outcome/<outcome>.<fmt>            one outcome (monitor.vocab.OUTCOMES)
    /-/feeds/type/<event_type>.<fmt>            one event type (not `not_sealing`)
    /-/feeds/judge/<slug>.<fmt>                 one judge (monitor.judges.judge_slug)
    /-/feeds/new-cases.<fmt>                    one entry per case, by its first sealing event
    /-/feeds/changes.<fmt>                      sealing after the fact (feeds/changes_feed.py),
    /-/feeds/changes/court/<court>.<fmt>        per court
    /-/feeds/changes/case/<court>/<docket>.<fmt> and per case
    /-/feeds/health.<fmt>                       the operator feed: crawls failing or stale
    /-/feeds.opml                               every feed above but health, grouped (OPML 2.0)

Crawl health (`monitor.health`): `prepare_connection` registers its SQL function on every
connection and `canned_queries` adds the `crawl_health` query to the sealtrail database, so
the page, `sealtrail status` and the operator feed share one query.

A case id `casd:3:17-cv-09912` is served as `case/casd/3:17-cv-09912` (court, then docket
number; the docket may be percent-encoded, `3%3A17-cv-09912` works too). An unknown court or
case, or a format other than atom/rss, is a 404; a malformed court or docket is a 400. A
court feed answers (empty) for every court `monitor.courts.known_courts` knows, before the
store has seen the court. A reason, outcome or event type outside the vocabularies, and a judge
slug that is malformed or names no judge with events, is a 404 whose message does not repeat
the value; a known value with no events is a valid empty feed.

Database: the one named by plugin config `sealtrail_feeds: {database: NAME}` in metadata, else
the first database (mutable ones first) that has a `sealing_events` table. Plugin config
`view: all_sealing_events` publishes every case instead of immigration cases only.

Read-only: `asgi_wrapper` answers 405 to every method but GET, HEAD and OPTIONS. No page
sealtrail publishes takes a POST (there are no write canned queries and no logins), and
Datasette 0.65 answers a POST to a table or a read-only canned query with a 500 that quotes
its own assertion.

Holding under one hostile request (issue 13): `prepare_connection` gives every connection
SQLite's limits, a heap cap and guarded builtins (`feeds.sql_limits`), a result meter
(`feeds.result_budget`) and an authorizer that hides the store's path (`feeds.hide_paths`);
`startup` makes queries interruptible at their deadline and carries each request's result
budget into Datasette's SQL threads; `asgi_wrapper` bounds facets, `_json` and CSV streams
(`feeds.request_limits`); `handle_exception` answers a query that ran out of SQLite's memory
with a 400 and keeps paths out of error pages; `/-/databases` and `/-/threads` are served
without paths.

Autodiscovery: `prepare_jinja2_environment` puts `feeds/templates` on the template path (after
any `--template-dir`); its `base.html` extends Datasette's and adds the `<link
rel="alternate">` tags that `extra_template_vars` computes for the page (all events always; a
court or case feed on pages filtered to one; on the readers' view and the feeds' view filtered
to an event type, outcome, reason or judge, that value's feed: `feeds.page_feeds`, known
values only). Other pages can call the Jinja global
`sealtrail_feed_autodiscovery(path, title)` (`feeds.build.autodiscovery_html`) for any feed.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from pathlib import Path
from urllib.parse import unquote

from datasette import hookimpl
from datasette.database import Database
from datasette.handle_exception import handle_exception as datasette_handle_exception
from datasette.utils import tilde_decode
from datasette.utils.asgi import BadRequest, NotFound, Response
from datasette.views.base import DatasetteError
from datasette.views.special import JsonDataView
from jinja2 import ChoiceLoader, FileSystemLoader
from markupsafe import Markup

from feeds import (
    about,
    cache_headers,
    cells,
    court_pages,
    hide_paths,
    home,
    page_feeds,
    pages,
    request_limits,
    result_budget,
    sql_limits,
    wording,
)
from feeds.build import (
    CONTENT_TYPES,
    FORMATS,
    autodiscovery_html,
    build_feed,
    case_path,
    feed_path,
    feed_title,
    split_case_id,
)
from feeds.catalog import PUBLISHED_TYPES, catalog
from feeds.changes_feed import CHANGES_VIEW, build_changes_feed, fetch_changes
from feeds.health import HEALTH_PATH, build_health_feed, operator_findings
from feeds.opml import CONTENT_TYPE as OPML_CONTENT_TYPE
from feeds.opml import OPML_GROUPS, OPML_PATH, build_opml
from feeds.queries import (
    DEFAULT_LIMIT,
    DEFAULT_VIEW,
    VIEWS,
    feed_counts,
    fetch_case,
    fetch_court,
    fetch_events,
    fetch_new_cases,
    judge_names,
    recent_cases,
    store_courts,
)
from feeds.site import database_or_404 as _database_or_404
from feeds.site import find_database
from feeds.site import view as _view
from monitor import courts as court_registry
from monitor import health
from monitor.judges import JUDGE_SLUG_MAX, JUDGE_SLUG_RE
from monitor.vocab import OUTCOMES, REASONS

TEMPLATES = Path(__file__).parent / "templates"
_COURT_RE = re.compile(r"^[a-z0-9]{2,16}$")
_DOCKET_RE = re.compile(r"^[A-Za-z0-9:.\-_ ]{1,64}$")
_EVENT_TABLES = (*VIEWS, "sealing_events", cells.READERS_VIEW)
_FEED_TYPES = {"atom": "application/atom+xml", "rss": "application/rss+xml"}
# The feeds page lists the cases with the latest activity (every case's feed answers, and
# its case page links it): a page of every case grew with the store.
_INDEX_CASE_LIMIT = 100


# ---------------------------------------------------------------------------------- config


# ---------------------------------------------------------------------------------- feeds


def _format(request) -> str:
    fmt = request.url_vars["fmt"]
    if fmt not in FORMATS:
        raise NotFound(f"Unknown feed format {fmt!r}: use .atom or .rss")
    return fmt


def _court_arg(request) -> str:
    court = unquote(request.url_vars["court"])
    if not _COURT_RE.match(court):
        raise BadRequest("Malformed court id: expected a court id such as casd or ca9")
    return court


def _docket_arg(request) -> str:
    docket = unquote(request.url_vars["docket"])
    if not _DOCKET_RE.match(docket):
        raise BadRequest("Malformed docket number: expected e.g. 3:17-cv-09912")
    return docket


def _feed_response(datasette, request, body: bytes, fmt: str) -> Response:
    """The feed, with an ETag so that polling readers get 304s for unchanged feeds."""
    return _cached_response(datasette, request, body, CONTENT_TYPES[fmt])


def _cached_response(datasette, request, body: bytes, content_type: str) -> Response:
    """`body` with an ETag (a 304 when the reader has it) and the site's cache lifetime."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {
        "ETag": etag,
        "Cache-Control": f"max-age={datasette.setting('default_cache_ttl')}",
        "Access-Control-Allow-Origin": "*",
    }
    if etag in request.headers.get("if-none-match", ""):
        return Response(b"", status=304, headers=headers, content_type=content_type)
    return Response(body, status=200, headers=headers, content_type=content_type)


def _base_url(datasette, request) -> str:
    return datasette.absolute_url(request, datasette.urls.path("/"))


def _answer_feed(datasette, request, db, rows: list, *, kind: str, fmt: str, **extra) -> Response:
    """The feed of `rows` as `fmt`, linked from this site (`build_feed`'s other arguments in
    `extra`: view, court, key, names)."""
    body = build_feed(
        rows,
        kind=kind,
        fmt=fmt,
        base_url=_base_url(datasette, request),
        database=db.name,
        **extra,
    )
    return _feed_response(datasette, request, body, fmt)


async def sealing_feed(datasette, request) -> Response:
    """/-/feeds/sealing.<fmt>"""
    fmt = _format(request)
    db = await _database_or_404(datasette, request)
    view = _view(datasette)
    rows = await db.execute_fn(lambda conn: fetch_events(conn, "all", view=view))
    return _answer_feed(datasette, request, db, rows, kind="all", fmt=fmt, view=view)


async def _known_court_or_404(db, court: str) -> dict:
    """The court as stored, or a court the crawl can follow where nothing was stored yet (its
    feed is empty); any other id is a 404."""
    known = await db.execute_fn(lambda conn: fetch_court(conn, court))
    if known is None and court in court_registry.known_courts():
        known = {"court": court, "court_name": court_registry.court(court).short_name}
    if known is None:
        raise NotFound(f"Unknown court: {court}")
    return known


async def court_feed(datasette, request) -> Response:
    """/-/feeds/court/<court>.<fmt>"""
    fmt = _format(request)
    court = _court_arg(request)
    db = await _database_or_404(datasette, request)
    view = _view(datasette)
    known = await _known_court_or_404(db, court)
    rows = await db.execute_fn(lambda conn: fetch_events(conn, "court", court=court, view=view))
    return _answer_feed(
        datasette,
        request,
        db,
        rows,
        kind="court",
        fmt=fmt,
        court=court,
        court_name=known["court_name"],
        view=view,
    )


async def case_feed(datasette, request) -> Response:
    """/-/feeds/case/<court>/<docket>.<fmt>"""
    fmt = _format(request)
    court = _court_arg(request)
    docket = _docket_arg(request)
    db = await _database_or_404(datasette, request)
    view = _view(datasette)
    case = await db.execute_fn(lambda conn: fetch_case(conn, court, docket, view=view))
    if case is None:
        raise NotFound(f"Unknown case: {court}:{docket}")
    rows = await db.execute_fn(
        lambda conn: fetch_events(conn, "case", court=court, docket_number=docket, view=view)
    )
    return _answer_feed(
        datasette,
        request,
        db,
        rows,
        kind="case",
        fmt=fmt,
        court=court,
        docket=docket,
        court_name=case["court_name"],
        case_name=case["case_name"],
        view=view,
    )


def _answer_changes(datasette, request, db, rows: list, *, fmt: str, **extra) -> Response:
    body = build_changes_feed(
        rows, fmt=fmt, base_url=_base_url(datasette, request), database=db.name, **extra
    )
    return _feed_response(datasette, request, body, fmt)


async def changes_feed(datasette, request) -> Response:
    """/-/feeds/changes.<fmt>: sealing after the fact (`feeds.changes_feed`)."""
    fmt = _format(request)
    db = await _database_or_404(datasette, request)
    view = _view(datasette)
    rows = await db.execute_fn(lambda conn: fetch_changes(conn, view=view))
    return _answer_changes(datasette, request, db, rows, fmt=fmt, view=view)


async def court_changes_feed(datasette, request) -> Response:
    """/-/feeds/changes/court/<court>.<fmt> (any court the court feed answers for)."""
    fmt = _format(request)
    court = _court_arg(request)
    db = await _database_or_404(datasette, request)
    view = _view(datasette)
    known = await _known_court_or_404(db, court)
    rows = await db.execute_fn(lambda conn: fetch_changes(conn, court=court, view=view))
    return _answer_changes(
        datasette, request, db, rows, fmt=fmt, court=court, court_name=known["court_name"],
        view=view,
    )  # fmt: skip


async def case_changes_feed(datasette, request) -> Response:
    """/-/feeds/changes/case/<court>/<docket>.<fmt> (any case the case feed answers for)."""
    fmt = _format(request)
    court = _court_arg(request)
    docket = _docket_arg(request)
    db = await _database_or_404(datasette, request)
    view = _view(datasette)
    case = await db.execute_fn(lambda conn: fetch_case(conn, court, docket, view=view))
    if case is None:
        raise NotFound(f"Unknown case: {court}:{docket}")
    rows = await db.execute_fn(
        lambda conn: fetch_changes(conn, court=court, docket_number=docket, view=view)
    )
    return _answer_changes(
        datasette, request, db, rows, fmt=fmt, court=court, docket=docket,
        court_name=case["court_name"], case_name=case["case_name"], view=view,
    )  # fmt: skip


# The vocabulary of each keyed feed, what its values are called, and its query parameter.
_VOCABULARIES = {
    "reason": (REASONS, "reason code", "reason"),
    "outcome": (OUTCOMES, "outcome", "outcome"),
    "type": (PUBLISHED_TYPES, "event type", "event_type"),
}


def _keyed_feed(kind: str):
    """The handler of /-/feeds/<kind>/<value>.<fmt> for a vocabulary feed."""
    values, noun, param = _VOCABULARIES[kind]

    async def keyed_feed(datasette, request) -> Response:
        fmt = _format(request)
        key = request.url_vars["key"]
        if key not in values:
            raise NotFound(f"Unknown {noun}: use one of {', '.join(values)}")
        db = await _database_or_404(datasette, request)
        view = _view(datasette)
        rows = await db.execute_fn(lambda conn: fetch_events(conn, kind, view=view, **{param: key}))
        return _answer_feed(datasette, request, db, rows, kind=kind, fmt=fmt, view=view, key=key)

    keyed_feed.__doc__ = f"/-/feeds/{kind}/<{noun}>.<fmt>"
    return keyed_feed


async def judge_feed(datasette, request) -> Response:
    """/-/feeds/judge/<slug>.<fmt>: every spelling of the judge's name that shares the slug."""
    fmt = _format(request)
    slug = request.url_vars["slug"]
    unknown = "Unknown judge: no judge with sealing events has this address (see /-/feeds)"
    if len(slug) > JUDGE_SLUG_MAX or not JUDGE_SLUG_RE.match(slug):
        raise NotFound(unknown)
    db = await _database_or_404(datasette, request)
    view = _view(datasette)

    def read(conn) -> tuple[list[str], list[dict]]:
        names = judge_names(conn, slug, view=view)
        return names, (fetch_events(conn, "judge", judges=names, view=view) if names else [])

    names, rows = await db.execute_fn(read)
    if not names:
        raise NotFound(unknown)
    # The spelling most of the feed's events use names it (then the first in sort order).
    name = max(names, key=lambda n: (sum(1 for row in rows if row["judge"] == n), -names.index(n)))
    return _answer_feed(
        datasette, request, db, rows, kind="judge", fmt=fmt, view=view, key=slug, name=name
    )


async def new_cases_feed(datasette, request) -> Response:
    """/-/feeds/new-cases.<fmt>: one entry per case, by its first sealing event."""
    fmt = _format(request)
    db = await _database_or_404(datasette, request)
    view = _view(datasette)
    rows = await db.execute_fn(lambda conn: fetch_new_cases(conn, view=view))
    return _answer_feed(datasette, request, db, rows, kind="new-cases", fmt=fmt, view=view)


def _scope(view: str) -> str:
    return "immigration cases" if view == DEFAULT_VIEW else "federal cases"


def feed_catalog(conn, view: str, only: tuple[str, ...] | None = None) -> list:
    """The grouped feeds of the store (`feeds.catalog.catalog`), counted (only the groups
    `only` names, when given: see `feeds.queries.feed_counts`)."""
    counts = feed_counts(conn, view=view, only=only)
    return catalog(counts, store_courts(conn), scope=_scope(view))


async def opml(datasette, request) -> Response:
    """/-/feeds.opml: every feed, grouped, as OPML 2.0 (the same bytes `feeds export` writes
    for the same base URL)."""
    db = await _database_or_404(datasette, request)
    view = _view(datasette)
    groups = await db.execute_fn(lambda conn: feed_catalog(conn, view, only=OPML_GROUPS))
    body = build_opml(groups, base_url=_base_url(datasette, request), database=db.name, view=view)
    return _cached_response(datasette, request, body, OPML_CONTENT_TYPE)


async def health_feed(datasette, request) -> Response:
    """/-/feeds/health.<fmt>: flagged crawl and re-read findings (live, never exported)."""
    fmt = _format(request)
    db = await _database_or_404(datasette, request)
    await datasette.ensure_permissions(request.actor, [("view-table", (db.name, "crawl_runs"))])
    findings = await db.execute_fn(operator_findings)
    body = build_health_feed(
        findings, fmt=fmt, base_url=_base_url(datasette, request), database=db.name
    )
    return _feed_response(datasette, request, body, fmt)


async def feeds_index(datasette, request) -> Response:
    """/-/feeds: an HTML page listing every feed, grouped and counted, and the OPML."""
    db = await _database_or_404(datasette, request)
    view = _view(datasette)

    def gather(conn) -> tuple[list, list[dict]]:
        return feed_catalog(conn, view), recent_cases(conn, view=view, limit=_INDEX_CASE_LIMIT)

    groups, cases = await db.execute_fn(gather)

    def paths(feed) -> dict:
        return {fmt: datasette.urls.path(feed.path(fmt)) for fmt in FORMATS}

    def group_context(group) -> dict:
        return {
            "key": group.key,
            "title": group.title,
            "feeds": [{"title": f.title, "count": f.count, **paths(f)} for f in group.feeds],
            "subgroups": [group_context(sub) for sub in group.subgroups],
            "count": len(group.all_feeds()),
        }

    judge_feeds = [feed for group in groups if group.key == "judge" for feed in group.feeds]
    context = {
        "database": db.name,
        "view": view,
        "limit": DEFAULT_LIMIT,
        "groups": [group_context(group) for group in groups],
        "opml": datasette.urls.path(OPML_PATH),
        "all_feed": {fmt: datasette.urls.path(feed_path("all", fmt)) for fmt in FORMATS},
        "new_cases_feed": {
            fmt: datasette.urls.path(feed_path("new-cases", fmt)) for fmt in FORMATS
        },
        "health_feed": {fmt: datasette.urls.path(HEALTH_PATH.format(fmt=fmt)) for fmt in FORMATS},
        # The URL scheme's judge example is this store's busiest judge, so that it answers.
        "example_judge": max(
            ({"title": f.title, "count": f.count, **paths(f)} for f in judge_feeds),
            key=lambda feed: feed["count"] or 0,
            default=None,
        ),
        "cases": [
            {
                **case,
                "page": datasette.urls.path(case_path(case["court"], case["docket_number"])),
                "latest_day": (case["latest"] or "")[:10],
                **{
                    fmt: datasette.urls.path(
                        feed_path("case", fmt, case["court"], case["docket_number"])
                    )
                    for fmt in FORMATS
                },
            }
            for case in cases
        ],
    }
    html = await datasette.render_template("sealtrail_feeds.html", context, request=request)
    return Response.html(html)


def _answers_404(handler):
    """`handler`, with its NotFound answered here as Datasette's 404 page: Datasette's own 404
    handling redirects any path holding a `%` to a tilde-encoded one that 404s again, so a
    mistyped `/-/feeds/reason/%3Cx%3E.atom` would answer 302 and then a page saying only "404"."""

    async def answer(datasette, request) -> Response:
        try:
            return await handler(datasette, request)
        except NotFound as exception:
            return await datasette_handle_exception(datasette, request, exception)()

    answer.__doc__ = handler.__doc__
    return answer


@hookimpl
def register_routes(datasette):
    fmt = r"(?P<fmt>[A-Za-z0-9]+)"
    return [
        (r"^/-/feeds/?$", _answers_404(feeds_index)),
        (rf"^/-/feeds/sealing\.{fmt}$", _answers_404(sealing_feed)),
        (rf"^/-/feeds/health\.{fmt}$", _answers_404(health_feed)),
        (rf"^/-/feeds/court/(?P<court>[^/]+)\.{fmt}$", _answers_404(court_feed)),
        (rf"^/-/feeds/case/(?P<court>[^/]+)/(?P<docket>.+)\.{fmt}$", _answers_404(case_feed)),
        (rf"^/-/feeds/reason/(?P<key>[^/]+)\.{fmt}$", _answers_404(_keyed_feed("reason"))),
        (rf"^/-/feeds/outcome/(?P<key>[^/]+)\.{fmt}$", _answers_404(_keyed_feed("outcome"))),
        (rf"^/-/feeds/type/(?P<key>[^/]+)\.{fmt}$", _answers_404(_keyed_feed("type"))),
        (rf"^/-/feeds/judge/(?P<slug>[^/]+)\.{fmt}$", _answers_404(judge_feed)),
        (rf"^/-/feeds/new-cases\.{fmt}$", _answers_404(new_cases_feed)),
        (rf"^/-/feeds/changes\.{fmt}$", _answers_404(changes_feed)),
        (rf"^/-/feeds/changes/court/(?P<court>[^/]+)\.{fmt}$", _answers_404(court_changes_feed)),
        (
            rf"^/-/feeds/changes/case/(?P<court>[^/]+)/(?P<docket>.+)\.{fmt}$",
            _answers_404(case_changes_feed),
        ),
        (r"^/-/feeds\.opml$", _answers_404(opml)),
        *pages.ROUTES,  # /-/event/<event_id>, /-/case/<court>/<docket> (feeds/pages.py)
        *court_pages.ROUTES,  # /-/court(s), /-/judge(s), /-/charts (feeds/court_pages.py)
        # Datasette's own pages, without the paths of the server's files (feeds.hide_paths)
        (
            r"^/-/databases(\.(?P<format>json))?$",
            JsonDataView.as_view(
                datasette, "databases.json", lambda: hide_paths.public_databases(datasette)
            ),
        ),
        (
            r"^/-/threads(\.(?P<format>json))?$",
            JsonDataView.as_view(
                datasette, "threads.json", lambda: hide_paths.public_threads(datasette)
            ),
        ),
    ]


# ---------------------------------------------------------------------------------- read-only

READ_METHODS = ("GET", "HEAD", "OPTIONS")


@hookimpl
def asgi_wrapper(datasette):
    """405 for any HTTP method that could ask for a change (see the module docstring), then
    the per-request limits of `feeds.request_limits`."""

    def wrap(app):
        app = cache_headers.wrap(request_limits.wrap(app), datasette.setting("default_cache_ttl"))

        async def read_only(scope, receive, send):
            if scope.get("type") != "http" or scope.get("method", "GET") in READ_METHODS:
                await app(scope, receive, send)
                return
            body = b"Method not allowed: this site is read-only\n"
            headers = [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"allow", ", ".join(READ_METHODS).encode()),
            ]
            await send({"type": "http.response.start", "status": 405, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        return read_only

    return wrap


# ---------------------------------------------------------------------------------- health


@hookimpl
def prepare_connection(conn):
    """`sealtrail_health_flags(...)` for the crawl_health query (harmless in any database);
    the limits, result meter and authorizer of issue 13 on every connection Datasette opens
    (Datasette 0.65 calls this after setting its own row and text factories)."""
    health.register(conn)
    sql_limits.apply(conn)
    result_budget.Meter().install(conn)
    conn.set_authorizer(hide_paths.authorizer)


@hookimpl
def startup(datasette):
    """Queries interrupted at their deadline; request budgets reach the SQL threads."""
    sql_limits.install_watchdog()
    result_budget.install_executor(datasette)


OUT_OF_MEMORY = (
    "This query needs more memory than the site gives SQLite "
    f"({sql_limits.HEAP_MAX_BYTES // sql_limits.MIB} MB for all queries at once, and programs "
    f"of at most {sql_limits.VDBE_OP_MAX:,} steps). Ask for less: fewer rows, no sort on a long "
    "column, a simpler query."
)
TOO_DEEP = "This answer is nested too deeply to be shown."


@hookimpl
def handle_exception(datasette, request, exception):
    """Paths out of every error message; what a visitor's request caused and Datasette 0.65
    leaves as a 500 answered as the client error it is (400): a result over its budget outside
    Datasette's query pages, a value past SQLite's length limit where Datasette catches only
    `OperationalError` (`sqlite3.DataError`, from a table page's `_where=`), SQLite's NOMEM (a
    `MemoryError`), a too deeply nested `_json` value (a `RecursionError`) and a table page's
    parameter naming a column or table that is not there (`_VISITOR_ERRORS`)."""
    hide_paths.scrub_exception(exception, datasette)
    hide_paths.name_missing_stores(exception, datasette)
    if isinstance(exception, result_budget.ResultTooLarge | sqlite3.DataError):
        # a feed's result over its budget; a value too big in a table page's `_where=`
        return datasette_handle_exception(datasette, request, BadRequest(str(exception)))
    if isinstance(exception, MemoryError):
        return datasette_handle_exception(datasette, request, BadRequest(OUT_OF_MEMORY))
    if isinstance(exception, RecursionError):
        return datasette_handle_exception(datasette, request, BadRequest(TOO_DEEP))
    if isinstance(exception, DatasetteError) and exception.status == 500:
        if str(exception.message).startswith(_VISITOR_ERRORS):
            exception.status = 400  # the visitor named a column or table that is not there
    return None


# What Datasette 0.65's table pages raise as a 500 for a visitor's own parameter (`_sort=` a
# column that does not exist, `_sort` beside `_sort_desc`, a `_through` naming no foreign key).
_VISITOR_ERRORS = ("Cannot sort table by ", "Cannot use _sort and _sort_desc", "Invalid _through")


@hookimpl
def canned_queries(datasette, database):
    """The crawl_health canned query, on the database that has `crawl_runs`."""

    async def inner():
        db = datasette.databases.get(database)
        if db is None or not await db.table_exists("crawl_runs"):
            return {}
        return {
            "crawl_health": {
                "title": "Crawl health: last success and stale or failing feeds",
                "description": (
                    "One row per source and court, flagged ones first. Flags: "
                    + "; ".join(f"{flag}: {text}" for flag, text in health.FLAG_TEXT.items())
                    + ". No new items counts weekday working hours only. "
                    "Also as the operator feed /-/feeds/health.atom."
                ),
                "sql": health.health_sql(health.SQL_NOW),
                "hide_sql": True,
            }
        }

    return inner


# ---------------------------------------------------------------------------------- autodiscovery


@hookimpl
def prepare_jinja2_environment(env, datasette):
    """Put feeds/templates after any --template-dir and before Datasette's own templates."""
    ours = FileSystemLoader(str(TEMPLATES))
    loaders = [ours, env.loader]
    if datasette.template_dir:
        loaders.insert(0, FileSystemLoader(datasette.template_dir))
    env.loader = ChoiceLoader(loaders)
    env.globals["sealtrail_feed_autodiscovery"] = lambda path, title: Markup(
        autodiscovery_html(path, title)
    )
    # table.html and query.html: their headings in a reader's words (feeds/wording.py)
    env.globals["sealtrail_reword_table"] = wording.reword_table
    env.globals["sealtrail_reword_query"] = wording.reword_query
    env.globals["sealtrail_table_heading"] = wording.table_heading
    env.globals["sealtrail_breakable"] = cells.breakable  # _table.html's column headings


def _link(
    datasette,
    title: str,
    kind: str,
    court: str | None = None,
    docket: str | None = None,
    *,
    key: str | None = None,
):
    return [
        {
            "type": _FEED_TYPES[fmt],
            "title": f"{title} ({fmt.upper() if fmt == 'rss' else 'Atom'})",
            "href": datasette.urls.path(feed_path(kind, fmt, court, docket, key=key)),
        }
        for fmt in FORMATS
    ]


def _page_scope(table: str | None, view_name: str, request) -> tuple[str | None, str | None]:
    """(court, case_id) that the page is narrowed to, from its filters or its row. The event
    tables' `?court=` is left to `feeds.page_feeds.court_feed`, which checks that the court
    is known."""
    if request is None or not table:
        return None, None
    args = request.args
    court = case_id = None
    if table in _EVENT_TABLES:
        case_id = args.get("case_id")
    elif table == "cases":
        court = args.get("court_id")
        case_id = args.get("id")
    if view_name == "row":
        pk = tilde_decode(request.url_vars.get("pks", ""))
        if table == "courts":
            court = pk
        elif table == "cases":
            case_id = pk
    if case_id:
        court = split_case_id(case_id)[0]
    return court, case_id


def _changes_links(datasette, request) -> list:
    """The changes view's feeds: all changes after filing, and the court's (`?court=`) or the
    case's (`?case_id=`) when the page is narrowed to one (well-formed ids only)."""
    links = _link(datasette, "sealtrail: sealed after filing", "changes")
    court, case_id = request.args.get("court"), request.args.get("case_id")
    if case_id:
        court, docket = split_case_id(case_id)
        if _COURT_RE.match(court) and _DOCKET_RE.match(docket):
            title = f"sealtrail: sealed after filing in {case_id}"
            links += _link(datasette, title, "changes", court, docket)
    elif court and _COURT_RE.match(court):
        links += _link(datasette, f"sealtrail: sealed after filing in {court}", "changes", court)
    return links


async def _filter_feeds(datasette, db: Database, table: str, view_name: str, request) -> list:
    """The feeds of a filtered event table page (`feeds.page_feeds`): its court, and on the
    readers' view and the feeds' own view its event type, outcome, reason and judge."""
    if request is None or view_name != "table" or table not in _EVENT_TABLES:
        return []
    view = _view(datasette)
    keyed = table in page_feeds.tables_with_keyed_feeds(view)

    def read(conn) -> list:
        court = page_feeds.court_feed(request.args, conn, court_re=_COURT_RE.match)
        found = [court] if court else []
        return found + (page_feeds.keyed_feeds(request.args, conn, view=view) if keyed else [])

    links = []
    for feed in await db.execute_fn(read):
        title = feed_title(
            feed.kind,
            court=feed.court,
            court_name=feed.name,
            key=feed.key,
            name=feed.name,
            view=view,
        )
        links += _link(datasette, title, feed.kind, feed.court, key=feed.key)
    return links


@hookimpl
def extra_template_vars(template, database, table, columns, view_name, request, datasette):
    """`sealtrail_feed_links`: the feeds to advertise in the page's <head>."""

    async def inner() -> dict:
        db = await find_database(datasette)
        if db is None:
            return {"sealtrail_feed_links": []}
        links = _link(datasette, "sealtrail: sealing events", "all")
        if database == db.name:
            court, case_id = _page_scope(table, view_name, request)
            if court and _COURT_RE.match(court):
                links += _link(datasette, f"sealtrail: sealing events in {court}", "court", court)
            if case_id:
                case_court, docket = split_case_id(case_id)
                if _COURT_RE.match(case_court) and _DOCKET_RE.match(docket):
                    links += _link(
                        datasette,
                        f"sealtrail: sealing events in {case_id}",
                        "case",
                        case_court,
                        docket,
                    )
            links += await _filter_feeds(datasette, db, table, view_name, request)
            if table == CHANGES_VIEW and view_name == "table" and request is not None:
                links += _changes_links(datasette, request)
        return {"sealtrail_feed_links": links, **await _page_vars(template, datasette, db)}

    return inner


async def _page_vars(template: str, datasette, db: Database) -> dict:
    """The home page's events and vocabulary (`feeds.home`), the about page's glossary."""
    if template == "index.html":
        view = _view(datasette)
        new = await db.execute_fn(lambda conn: home.whats_new(conn, view))
        return {
            "sealtrail_home": {**new, "database": db.name, "view": view},
            "sealtrail_meanings": home.EVENT_MEANINGS,
        }
    if template == "pages/about.html":
        tables = (datasette.metadata(database=db.name) or {}).get("tables") or {}
        return {"sealtrail_glossary": about.glossary(tables), "sealtrail_database": db.name}
    return {}


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """JSON lists as lists and event ids as links to their pages (`feeds.cells`)."""
    return cells.render(row, value, column, table, datasette)
