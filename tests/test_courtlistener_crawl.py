"""Real crawls of the CourtListener spider (Scrapy, subprocess) against a loopback server.

The server plays CourtListener with the sample responses in `tests/data/courtlistener/`: the
public Atom feed without a token; with a token, v4 search pages linked by cursor `next` URLs
(which point at www.courtlistener.com and must be moved onto the test server), docket and
party lookups for cases first seen elsewhere, and the text of an order on sealing. Failures:
a rejected token, a 429 with Retry-After, an outage in the middle of a run.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from crawler.parsers.courtlistener import rebase_url
from crawler.spiders.courtlistener import (
    DEFAULT_QUERY,
    atom_url,
    docket_url,
    document_url,
    parties_url,
    search_url,
)
from tests.conftest import rows, run_crawl
from tests.loopback import LoopbackServer, Reply

DATA = Path(__file__).resolve().parent / "data" / "courtlistener"
SINCE = "2026-11-18"
TOKEN = "cl-sample-token-5c1e07d2b9a4"
JSON = "application/json"
ATOM = "application/atom+xml; charset=utf-8"
ALLOW_ALL = "User-agent: *\nDisallow:\n"
# No waiting on the per-minute API budget in tests.
SETTINGS = {"SEALTRAIL_BUDGETS": {"courtlistener": {"minute": 1000, "hour": 1000, "day": 1000}}}
EMPTY_SEARCH = b'{"count": 0, "document_count": 0, "next": null, "previous": null, "results": []}'


def local(server: LoopbackServer, url: str) -> str:
    """The path and query the server sees for a URL the spider requests."""
    return url[len(server.base_url) :]


def reply(name: str, **kwargs) -> Reply:
    content_type = ATOM if name.endswith(".xml") else JSON
    return Reply.file(DATA / name, content_type=content_type, **kwargs)


def crawl(server: LoopbackServer, db: Path, token: str = "", **kwargs):
    args = {"base_url": server.base_url, "since": SINCE, **kwargs.pop("spider_args", {})}
    settings = {**SETTINGS, **kwargs.pop("settings", {})}
    return run_crawl(
        db,
        None,
        source="courtlistener",
        spider_args=args,
        settings=settings,
        env={"COURTLISTENER_TOKEN": token},
        **kwargs,
    )


def last_run(db: Path) -> dict:
    run = rows(db, "select * from crawl_runs order by id desc limit 1")[0]
    run["detail"] = json.loads(run["detail"] or "{}")
    return run


def serve_search(server: LoopbackServer, page2: Reply | None = None) -> str:
    """Search pages 1 and 2 and the order document of page 1; returns page 2's path."""
    server.robots(ALLOW_ALL)
    first = search_url(server.base_url, DEFAULT_QUERY, SINCE, [])
    server.route(local(server, first), reply("search_r_page1.json"))
    next_url = json.loads((DATA / "search_r_page1.json").read_text())["next"]
    second = local(server, rebase_url(next_url, server.base_url))
    server.route(second, page2 or reply("search_r_page2.json"))
    order = document_url(server.base_url, "421900014")
    server.route(local(server, order), reply("recap_document_order.json"))
    return second


def test_atom_feed_without_token(server, tmp_path):
    server.robots(ALLOW_ALL)
    feed = atom_url(server.base_url, DEFAULT_QUERY, [])
    server.route(local(server, feed), reply("search_feed.xml"))
    db = tmp_path / "cl.db"
    result = crawl(server, db)

    skip_lines = [
        line for line in result.log.splitlines() if "COURTLISTENER_TOKEN is not set" in line
    ]
    assert len(skip_lines) == 1 and "INFO" in skip_lines[0]
    assert not [p for p in server.paths() if p.startswith("/api/")]
    entries = rows(
        db,
        "select c.court_id, c.docket_number, d.entry_number from docket_entries d "
        "join cases c on c.id = d.case_id order by c.court_id",
    )
    assert [(e["court_id"], e["docket_number"], e["entry_number"]) for e in entries] == [
        ("ca9", "26-4417", 18),
        ("casd", "3:26-cv-04101", 14),
        ("nysd", "1:26-cv-09120", 24),
    ]
    run = last_run(db)
    assert (run["source"], run["court"]) == ("courtlistener", "all")
    assert run["status"] == "partial"  # one feed entry carried no docket number
    assert "no docket number" in run["detail"]["skipped_reasons"][0]
    assert result.summary["all"]["status"] == "partial"


def test_token_search_pages_cases_and_order_text(server, tmp_path):
    second = serve_search(server)
    db = tmp_path / "cl.db"
    result = crawl(server, db, token=TOKEN)

    api = [r for r in server.requests if r.path.startswith("/api/")]
    assert api and all(r.headers.get("Authorization") == f"Token {TOKEN}" for r in api)
    assert len(server.requests_for(second)) == 1  # the cursor link, moved onto the test server
    cases = {
        r["docket_number"]: r
        for r in rows(db, "select * from cases where sources like '%courtlistener%'")
    }
    assert set(cases) == {"3:26-cv-04101", "1:26-cv-09120", "4:26-cv-07788"}
    assert cases["3:26-cv-04101"]["nature_of_suit"] == "Habeas Corpus - Alien Detainee"
    assert cases["4:26-cv-07788"]["nos_code"] == "463"
    shorts = {r["short_description"] for r in rows(db, "select * from docket_entries")}
    assert {"Order on Motion to Seal Document", "Letter Motion to Seal", "Sealed Motion"} <= shorts

    # The order's text was fetched, stored as a document and read for its reasons.
    assert len(server.requests_for(local(server, document_url(server.base_url, "421900014")))) == 1
    documents = rows(db, "select * from documents")
    assert len(documents) == 1 and "208.6" in documents[0]["text"]
    event = rows(db, "select * from sealing_events where document_id = ?", (documents[0]["id"],))[0]
    assert event["event_type"] == "sealing_order" and event["reasons_stated"] == 1
    reasons = rows(db, "select * from event_reasons where event_id = ?", (event["id"],))
    assert "asylum_confidentiality" in {r["reason"] for r in reasons}

    run = last_run(db)
    assert run["status"] == "ok", run
    assert result.summary["all"]["status"] == "ok"
    dump = json.dumps({t: rows(db, f"select * from {t}") for t in tables(db)}, default=repr)
    assert TOKEN not in dump
    assert TOKEN not in result.log and TOKEN not in result.stdout


def tables(db: Path) -> list[str]:
    return [
        r["name"]
        for r in rows(db, "select name from sqlite_master where type = 'table'")
        if not r["name"].startswith("sqlite_")
    ]


def test_rejected_token_is_a_clear_error_and_costs_one_call(server, tmp_path):
    db = tmp_path / "cl.db"
    store_pacer_case(db)  # a case to enrich: its lookup must not be tried with a bad token
    server.robots(ALLOW_ALL)
    first = search_url(server.base_url, DEFAULT_QUERY, SINCE, [])
    refused = Reply(401, b'{"detail": "Invalid token."}', content_type=JSON)
    server.route(local(server, first), refused)
    second_query = 'sealed AND suitNature:("Naturalization Application")'
    second = search_url(server.base_url, second_query, SINCE, [])
    server.route(local(server, second), refused)
    result = crawl(
        server,
        db,
        token="not-a-valid-token",
        spider_args={"queries": [DEFAULT_QUERY, second_query]},
    )

    api_calls = [p for p in server.paths() if p.startswith("/api/")]
    assert len(server.requests_for(local(server, first))) == 1  # 401 is never retried
    assert not [p for p in api_calls if "/dockets/" in p]
    assert len(api_calls) <= 2  # the second query may already be on its way, nothing more
    run = last_run(db)
    assert run["status"] == "error"
    assert run["detail"]["errors"] == ["CourtListener rejected the token (HTTP 401)"]
    assert rows(db, "select nature_of_suit from cases") == [{"nature_of_suit": None}]
    assert "not-a-valid-token" not in result.log + json.dumps(run)


def test_no_permission_for_one_endpoint_is_a_note_not_a_refused_token(server, tmp_path):
    serve_search(server)
    denied = b'{"detail": "You do not have permission to perform this action."}'
    order = local(server, document_url(server.base_url, "421900014"))
    server.route(order, Reply(403, denied, content_type=JSON))
    db = tmp_path / "cl.db"
    crawl(server, db, token=TOKEN)

    run = last_run(db)
    assert run["status"] == "partial", run  # the order's text is missing, nothing else
    assert not run["detail"].get("errors")
    notes = run["detail"]["notes"]
    assert any("no permission for /api/rest/v4/recap-documents/" in note for note in notes)
    assert rows(db, "select count(*) as n from cases")[0]["n"] == 3  # both search pages stored


def test_429_retry_after_is_honoured(server, tmp_path):
    server.robots(ALLOW_ALL)
    first = local(server, search_url(server.base_url, DEFAULT_QUERY, SINCE, []))
    server.route(
        first,
        Reply(429, b'{"detail": "Request was throttled."}', headers={"Retry-After": "2"}),
        reply("search_r_page2.json"),
    )
    db = tmp_path / "cl.db"
    crawl(server, db, token=TOKEN)

    seen = server.requests_for(first)
    assert [r.status for r in seen] == [429, 200]
    assert seen[1].started - seen[0].finished >= 2
    assert last_run(db)["status"] == "ok"
    assert rows(db, "select docket_number from cases") == [{"docket_number": "4:26-cv-07788"}]


def test_outage_mid_run_keeps_the_first_page(server, tmp_path):
    second = serve_search(server, page2=Reply(500, b"<html>Internal Server Error</html>"))
    db = tmp_path / "cl.db"
    result = crawl(server, db, token=TOKEN, settings={"RETRY_TIMES": 1})

    assert [r.status for r in server.requests_for(second)] == [500, 500]
    run = last_run(db)
    assert run["status"] == "partial"
    assert run["detail"]["errors"] == ["HTTP 500 after 1 retries"]
    kept = {r["docket_number"] for r in rows(db, "select docket_number from cases")}
    assert kept == {"3:26-cv-04101", "1:26-cv-09120"}
    assert result.summary["all"]["status"] == "partial"


def store_pacer_case(db: Path) -> None:
    """A case first seen in PACER RSS, without a nature of suit."""
    from monitor.schema import connect
    from monitor.store import ingest_entries

    store = connect(str(db))
    ingest_entries(
        store,
        [
            {
                "court": "casd",
                "docket_number": "3:26-cv-03950",
                "case_name": "Haile v. Warden, Otay Mesa Detention Center",
                "pacer_case_id": "811990",
                "entry_number": 16,
                "short_description": "Motion to Seal",
                "text": "",
                "document_url": None,
                "published": "2026-11-18T17:02:11+00:00",
                "guid": "https://ecf.casd.uscourts.gov/cgi-bin/DktRpt.pl?811990&16",
                "case_url": "https://ecf.casd.uscourts.gov/cgi-bin/DktRpt.pl?811990",
            }
        ],
        source="pacer_rss",
        now=datetime.now(UTC).replace(microsecond=0).isoformat(),
    )
    store.close()


def test_case_first_seen_in_pacer_rss_is_enriched(server, tmp_path):
    db = tmp_path / "cl.db"
    store_pacer_case(db)
    assert rows(db, "select nature_of_suit from cases") == [{"nature_of_suit": None}]

    server.robots(ALLOW_ALL)
    first = search_url(server.base_url, DEFAULT_QUERY, SINCE, [])
    server.route(local(server, first), Reply(200, EMPTY_SEARCH, content_type=JSON))
    dockets = docket_url(server.base_url, "casd", "3:26-cv-03950")
    server.route(local(server, dockets), reply("dockets_list.json"))
    server.route(local(server, parties_url(server.base_url, "71230055")), reply("parties.json"))
    crawl(server, db, token=TOKEN, spider_args={"courts": None})

    case = rows(db, "select * from cases")[0]
    assert case["nature_of_suit"] == "Habeas Corpus - Alien Detainee"
    assert case["nos_code"] == "463"
    assert case["nos_source"] == "courtlistener"
    assert case["cause"].startswith("28:2241")
    parties = {(p["name"], p["role"]) for p in rows(db, "select * from case_parties")}
    assert ("Yonas Haile", "Petitioner") in parties
    assert last_run(db)["status"] == "ok"


def test_a_case_courtlistener_lacks_is_not_looked_up_on_every_run(server, tmp_path):
    db = tmp_path / "cl.db"
    store_pacer_case(db)
    server.robots(ALLOW_ALL)
    first = search_url(server.base_url, DEFAULT_QUERY, SINCE, [])
    server.route(local(server, first), Reply(200, EMPTY_SEARCH, content_type=JSON))
    dockets = local(server, docket_url(server.base_url, "casd", "3:26-cv-03950"))
    server.route(dockets, reply("dockets_empty.json"))
    for _ in range(2):
        crawl(server, db, token=TOKEN, spider_args={"courts": None})

    assert len(server.requests_for(dockets)) == 1
    (lookup,) = rows(db, "select * from case_lookups")
    assert (lookup["case_id"], lookup["source"], lookup["found"]) == (
        "casd:3:26-cv-03950",
        "courtlistener",
        0,
    )
    assert [run["status"] for run in rows(db, "select status from crawl_runs")] == ["ok", "ok"]


def test_robots_txt_blocks_the_feed_but_not_the_token_api(server, tmp_path):
    """CourtListener's robots.txt disallows everything for `*` and sends programs to the API."""
    server.robots("User-agent: *\nDisallow: /\n")
    feed = atom_url(server.base_url, DEFAULT_QUERY, [])
    server.route(local(server, feed), reply("search_feed.xml"))
    db = tmp_path / "cl.db"
    crawl(server, db)
    assert local(server, feed) not in server.paths()
    run = last_run(db)
    assert run["status"] == "blocked" and "COURTLISTENER_TOKEN" in run["detail"]["errors"][0]

    serve_search(server)
    server.robots("User-agent: *\nDisallow: /\n")
    crawl(server, tmp_path / "cl2.db", token=TOKEN)
    assert [p for p in server.paths() if p.startswith("/api/rest/v4/search/")]
    assert last_run(tmp_path / "cl2.db")["status"] in ("ok", "partial")
