"""Which database the plugin serves, and which view of it: the plugin's configuration.

Shared by the plugin's own handlers (`feeds.plugin`) and the page modules (`feeds.pages`,
`feeds.court_pages`), so the pages need not import the plugin that registers them (an
import cycle). Quirks handled: a configured view that is not one of `feeds.queries.VIEWS`
falls back to the default (readers never get an arbitrary table); with no database
configured, the first served database holding `sealing_events` is used, mutable ones first.
"""

from __future__ import annotations

from datasette.database import Database
from datasette.utils.asgi import NotFound

from feeds.queries import DEFAULT_VIEW, VIEWS

PLUGIN_NAME = "sealtrail_feeds"


def config(datasette) -> dict:
    return datasette.plugin_config(PLUGIN_NAME) or {}


def view(datasette) -> str:
    chosen = config(datasette).get("view") or DEFAULT_VIEW
    return chosen if chosen in VIEWS else DEFAULT_VIEW


async def find_database(datasette) -> Database | None:
    """The configured database, else the first (mutable first) with a `sealing_events` table."""
    name = config(datasette).get("database")
    if name:
        candidates = [datasette.databases[name]] if name in datasette.databases else []
    else:
        candidates = sorted(
            (db for key, db in datasette.databases.items() if key != "_internal"),
            key=lambda db: not db.is_mutable,
        )
    for db in candidates:
        if await db.table_exists("sealing_events"):
            return db
    return None


async def database_or_404(datasette, request) -> Database:
    """The served database, once the actor may see it and the view read; 404 without one."""
    db = await find_database(datasette)
    if db is None:
        raise NotFound("No sealtrail database is being served")
    await datasette.ensure_permissions(
        request.actor,
        [("view-table", (db.name, view(datasette))), ("view-database", db.name), "view-instance"],
    )
    return db
