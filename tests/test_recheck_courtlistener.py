"""Real re-reads of CourtListener dockets (Scrapy in a subprocess) against a loopback server.

The server plays CourtListener's REST v4 `dockets/` and cursor-paginated `docket-entries/`
with SAMPLE data written here in the real shape (the docket-entry object of CourtListener's
docket-alert webhook example: its field names and types, nested `recap_documents`, `next`
links on www.courtlistener.com). A first re-read builds the store (the case looked up, its
entries stored, the baseline recorded); the next one, against a changed docket, must record
exactly the real changes, and nothing for a page that failed. The conformance test checks
every field the server sends against CourtListener's own endpoint descriptions.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.parsers.courtlistener import rebase_url
from crawler.spiders.courtlistener import docket_url
from crawler.spiders.recheck_courtlistener import (
    NO_PERMISSION,
    NO_TOKEN,
    RUN_SOURCE,
    case_list,
    entries_url,
)
from tests.conftest import rows, run_crawl
from tests.loopback import LoopbackServer, Reply

SHARED = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "courtlistener"
SPIDER = "crawler.spiders.recheck_courtlistener.CourtListenerRecheckSpider"
TOKEN = "cl-sample-token-9f3e51a07c22"
JSON = "application/json"
SETTINGS = {"SEALTRAIL_BUDGETS": {"courtlistener": {"minute": 1000, "hour": 1000, "day": 1000}}}
PUBLIC = "https://www.courtlistener.com"

# SAMPLE: an invented case, docket and ids.
COURT = "casd"
NUMBER = "3:26-cv-09731"
CASE_ID = f"{COURT}:{NUMBER}"
DOCKET_ID = 70915533
SLUG = "sample-doe-v-warden-otay-mesa-detention-center"
CASE_NAME = "SAMPLE Doe v. Warden, Otay Mesa Detention Center"
TEXTS = {
    1: "PETITION for Writ of Habeas Corpus (SAMPLE) by John Doe. (Filing fee $5)",
    2: "MOTION to Seal Exhibit A to the Petition by John Doe. (SAMPLE)",
    3: "DECLARATION of J. Doe in support of 1 Petition. (SAMPLE)",
    4: "ORDER granting 2 Motion to Seal. Exhibit A shall be filed under seal. (SAMPLE)",
    5: "RESPONSE to Petition by Warden, Otay Mesa Detention Center. (SAMPLE)",
    6: "TRAVERSE by John Doe. (SAMPLE)",
}


def local(server: LoopbackServer, url: str) -> str:
    return url[len(server.base_url) :]


# -- SAMPLE answers in CourtListener's shape --------------------------------------------------


def document(number: int, attachment: int | None = None, *, sealed=None, available=True) -> dict:
    """One RECAP document as docket-entries nest them (fields of the webhook example)."""
    doc_id = 521000000 + number * 10 + (attachment or 0)
    path = f"/docket/{DOCKET_ID}/{number}/" + (f"{attachment}/" if attachment else "") + SLUG + "/"
    return {
        "id": doc_id,
        "sha1": f"{doc_id:040x}",
        "file_size": 48213,
        "is_sealed": sealed,
        "thumbnail": None,
        "ocr_status": None,
        "page_count": 4,
        "date_upload": "2026-10-06T09:12:40.118204-07:00" if available else None,
        "description": "Exhibit" if attachment else f"SAMPLE document {number}",
        "filepath_ia": "",
        "absolute_url": path,
        "date_created": "2026-10-06T09:10:02.551873-07:00",
        "is_available": available,
        "pacer_doc_id": f"0451{doc_id}",
        "date_modified": "2026-10-07T11:40:19.002311-07:00",
        "document_type": 2 if attachment else 1,
        "filepath_local": f"recap/gov.uscourts.casd.812345/{number}.pdf" if available else None,
        "document_number": str(number),
        "is_free_on_pacer": None,
        "thumbnail_status": 0,
        "attachment_number": attachment,
        "ia_upload_failure_count": None,
    }


def entry(number: int, documents: list[dict] | None = None, text: str | None = None) -> dict:
    """One docket entry as `docket-entries/` lists it (fields of the webhook example)."""
    return {
        "id": 2260000000 + number,
        "docket": DOCKET_ID,
        "date_filed": f"2026-10-{number + 1:02d}",
        "description": text or TEXTS[number],
        "date_created": f"2026-10-{number + 1:02d}T10:00:00.000000-07:00",
        "entry_number": number,
        "date_modified": f"2026-10-{number + 1:02d}T10:05:00.000000-07:00",
        "recap_documents": documents if documents is not None else [document(number)],
        "pacer_sequence_number": 100 + number,
        "recap_sequence_number": f"2026-10-{number + 1:02d}.001",
    }


def cursor_url(page: int) -> str:
    """Where CourtListener's `next` points: www.courtlistener.com, a base64 cursor."""
    return f"{PUBLIC}/api/rest/v4/docket-entries/?cursor=cD0{page}&docket={DOCKET_ID}&order_by=id"


def entries_page(results: list[dict], page: int, last: bool) -> dict:
    return {
        "count": f"{PUBLIC}/api/rest/v4/docket-entries/?count=on&docket={DOCKET_ID}&order_by=id",
        "next": None if last else cursor_url(page + 1),
        "previous": None if page == 1 else cursor_url(page - 1),
        "results": results,
    }


def docket_answer() -> dict:
    return {
        "count": f"{PUBLIC}/api/rest/v4/dockets/?count=on&court={COURT}",
        "next": None,
        "previous": None,
        "results": [
            {
                "id": DOCKET_ID,
                "court_id": COURT,
                "docket_number": f"{NUMBER}-RSH-DDL",
                "case_name": CASE_NAME,
                "nature_of_suit": "Habeas Corpus - Alien Detainee",
                "cause": "28:2241 Petition for Writ of Habeas Corpus (federal)",
                "date_filed": "2026-10-02",
                "date_terminated": None,
                "pacer_case_id": "812345",
                "absolute_url": f"/docket/{DOCKET_ID}/{SLUG}/",
            }
        ],
    }


def as_reply(data: dict, status: int = 200) -> Reply:
    return Reply(status, json.dumps(data).encode(), content_type=JSON)


def docket_pages(entries: list[dict], per_page: int = 2) -> list[dict]:
    chunks = [entries[i : i + per_page] for i in range(0, len(entries), per_page)] or [[]]
    return [entries_page(chunk, n, n == len(chunks)) for n, chunk in enumerate(chunks, 1)]


def serve(server: LoopbackServer, entries: list[dict], **replace: Reply) -> list[str]:
    """The docket lookup and the docket's entries, two a page; `replace={"page2": Reply}`
    answers a page otherwise. Returns the pages' paths in order."""
    server.route(
        local(server, docket_url(server.base_url, COURT, NUMBER)), as_reply(docket_answer())
    )
    paths = [local(server, entries_url(server.base_url, str(DOCKET_ID)))]
    pages = docket_pages(entries)
    for n in range(2, len(pages) + 1):
        paths.append(local(server, rebase_url(cursor_url(n), server.base_url)))
    for n, (path, page) in enumerate(zip(paths, pages, strict=True), 1):
        server.route(path, replace.get(f"page{n}") or as_reply(page))
    return paths


def full_docket() -> list[dict]:
    """Entries 1-6, two a page; entry 4 has an attachment (7 documents in all)."""
    return [entry(n, [document(4), document(4, 1)] if n == 4 else None) for n in TEXTS]


# -- the store and the crawl ----------------------------------------------------------------


def now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def watch(db: Path) -> None:
    """A user watches the SAMPLE case; the store knows nothing else of it yet."""
    from monitor import watch as watch_list
    from monitor.schema import connect

    store = connect(str(db))
    watch_list.add(store, CASE_ID, now=now(), note="SAMPLE")
    store.close()


def store_known_case(db: Path) -> None:
    """The SAMPLE case as a CourtListener docket lookup stored it (its id known), watched."""
    from monitor.enrich import enrich_case
    from monitor.schema import connect

    store = connect(str(db))
    case = {
        "court": COURT,
        "docket_number": NUMBER,
        "case_name": CASE_NAME,
        "nature_of_suit": "Habeas Corpus - Alien Detainee",
        "source_id": str(DOCKET_ID),
        "parties": [],
    }
    enrich_case(store, case, source="courtlistener", now=now())
    store.close()
    watch(db)


def due(db: Path) -> list[dict]:
    """The case as `monitor.rechecks.cases_due` hands it to the spider."""
    from monitor.rechecks import cases_due
    from monitor.schema import connect

    store = connect(str(db))
    try:
        return cases_due(store, "courtlistener", now=now(), case_ids=[CASE_ID])
    finally:
        store.close()


def reread(server: LoopbackServer, db: Path, token: str = TOKEN, **kwargs):
    args = {"base_url": server.base_url, "cases": due(db), **kwargs.pop("spider_args", {})}
    result = run_crawl(
        db,
        None,
        source="courtlistener",
        spider_args=args,
        settings={**SETTINGS, **kwargs.pop("settings", {})},
        env={"COURTLISTENER_TOKEN": token},
        spider=SPIDER,
        **kwargs,
    )
    assert_no_token(db, result)
    return result


def last_run(db: Path) -> dict:
    run = rows(db, "select * from crawl_runs order by id desc limit 1")[0]
    run["detail"] = json.loads(run["detail"] or "{}")
    return run


def rechecks(db: Path) -> list[dict]:
    found = rows(db, "select * from rechecks order by id")
    for row in found:
        row["detail"] = json.loads(row["detail"] or "{}")
    return found


def shape(change: dict) -> tuple:
    return change["kind"], change["item_kind"], change["before"], change["after"]


def changes(db: Path) -> list[dict]:
    return rows(db, "select * from docket_changes order by id")


def assert_no_token(db: Path, result) -> None:
    """(g) The token is in no table, no log line, no output."""
    tables = [
        r["name"]
        for r in rows(db, "select name from sqlite_master where type = 'table'")
        if not r["name"].startswith("sqlite_")
    ]
    dump = json.dumps({t: rows(db, f"select * from [{t}]") for t in tables}, default=repr)
    assert TOKEN not in dump
    assert TOKEN not in result.log and TOKEN not in result.stdout


def first_read(server: LoopbackServer, db: Path) -> None:
    """The baseline: the watched case looked up, its whole docket read and stored."""
    watch(db)
    serve(server, full_docket())
    result = reread(server, db)
    assert result.summary[COURT]["status"] == "ok", result
    (check,) = rechecks(db)
    assert (check["status"], check["entries"], check["documents"]) == ("complete", 6, 7)
    assert not changes(db)


# -- scenarios ----------------------------------------------------------------------------------


def test_first_read_learns_the_docket_and_stores_its_entries(server, tmp_path):
    db = tmp_path / "cl.db"
    first_read(server, db)

    case = rows(db, "select * from cases where id = ?", (CASE_ID,))[0]
    assert case["courtlistener_id"] == str(DOCKET_ID)
    assert case["nature_of_suit"] == "Habeas Corpus - Alien Detainee"
    stored = rows(
        db,
        "select d.entry_number, s.source_id, s.source_url from docket_entries d join "
        "entry_sources s on s.entry_id = d.id where d.case_id = ? and s.source = "
        "'courtlistener' order by d.entry_number",
        (CASE_ID,),
    )
    assert [(r["entry_number"], r["source_id"]) for r in stored] == [
        (n, str(2260000000 + n)) for n in range(1, 7)
    ]
    assert stored[0]["source_url"] == f"{PUBLIC}/docket/{DOCKET_ID}/1/{SLUG}/"
    api = [r for r in server.requests if r.path.startswith("/api/")]
    assert all(r.headers.get("Authorization") == f"Token {TOKEN}" for r in api)
    assert not any("If-None-Match" in r.headers or "If-Modified-Since" in r.headers for r in api)
    assert [r.path.split("?")[0] for r in api] == [
        "/api/rest/v4/dockets/",
        *["/api/rest/v4/docket-entries/"] * 3,
    ]
    run = last_run(db)
    assert (run["source"], run["court"], run["status"]) == (RUN_SOURCE, COURT, "ok")
    (check,) = rechecks(db)
    assert [a["status"] for a in check["detail"]["addresses"]] == [200, 200, 200, 200]
    assert check["detail"]["pages_read"] == 3


def test_a_vanished_entry_is_one_change_then_a_third_read_records_nothing(server, tmp_path):
    db = tmp_path / "cl.db"
    first_read(server, db)

    paths = serve(server, _without(3))
    result = reread(server, db)

    (change,) = changes(db)
    assert (change["kind"], change["item_kind"], change["item_id"]) == (
        "vanished",
        "entry",
        str(2260000003),
    )
    assert change["entry_id"] == f"{CASE_ID}:3"
    event = rows(db, "select * from sealing_events where id = ?", (change["event_id"],))[0]
    assert event["event_type"] == "sealed_after_filing"
    assert event["entry_id"] == f"{CASE_ID}:3"
    evidence = json.loads(change["evidence"])
    assert evidence["outcome"] == "complete"
    assert [a["url"] for a in evidence["addresses"]] == [server.base_url + p for p in paths]
    assert result.summary[COURT]["new_events"] == 1

    # (d) the same docket again: nothing new
    serve(server, _without(3))
    reread(server, db)
    assert len(changes(db)) == 1
    assert [r["status"] for r in rechecks(db)] == ["complete"] * 3
    assert rechecks(db)[-1]["changes"] == 0


def _without(number: int) -> list[dict]:
    return [e for e in full_docket() if e["entry_number"] != number]


def test_a_document_turned_sealed_is_one_sealed_later(server, tmp_path):
    db = tmp_path / "cl.db"
    first_read(server, db)

    sealed = entry(5, [document(5, sealed=True, available=False)])
    serve(server, _replaced(5, sealed))
    reread(server, db)

    (change,) = changes(db)
    assert shape(change) == ("sealed_later", "document", "available", "sealed")
    assert change["item_id"] == str(document(5)["id"])
    assert change["entry_id"] == f"{CASE_ID}:5"
    event = rows(db, "select event_type, entry_id from sealing_events where id = ?",
                 (change["event_id"],))[0]  # fmt: skip
    assert event == {"event_type": "sealed_after_filing", "entry_id": f"{CASE_ID}:5"}


def _replaced(number: int, new: dict) -> list[dict]:
    return [new if e["entry_number"] == number else e for e in full_docket()]


def test_an_attachment_taken_off_its_entry_is_one_sealed_later(server, tmp_path):
    """Entry 4 stays on the docket, its attachment 1 is no longer among its documents."""
    db = tmp_path / "cl.db"
    first_read(server, db)

    serve(server, _replaced(4, entry(4, [document(4)])))
    reread(server, db)

    (change,) = changes(db)
    assert shape(change) == ("sealed_later", "document", "available", "missing")
    assert change["item_id"] == str(document(4, 1)["id"])
    assert change["entry_id"] == f"{CASE_ID}:4"
    reread(server, db)  # the same docket again: nothing new
    assert len(changes(db)) == 1


def test_an_entry_whose_documents_are_not_given_loses_none_of_them(server, tmp_path):
    """`recap_documents` null (or a document without an id) says nothing of what the entry
    has: entry 4's two documents, seen before, are not read as taken off it."""
    db = tmp_path / "cl.db"
    first_read(server, db)

    without = {**entry(4), "recap_documents": None}
    serve(server, _replaced(4, without))
    reread(server, db)
    assert rechecks(db)[-1]["status"] == "complete"
    assert changes(db) == []

    no_id = {**document(4, 1), "id": None}
    serve(server, _replaced(4, entry(4, [no_id])))
    reread(server, db)
    assert changes(db) == []


@pytest.mark.parametrize(("answer", "outcome"), [(404, "not_found"), (200, "complete")])
def test_a_docket_listing_no_entry_is_checked_by_its_own_address(server, tmp_path, answer, outcome):
    """A known docket whose docket-entries list nothing: its own address decides. 404 means
    CourtListener no longer has it (gone, sealed or merged into a duplicate): no change. An
    answer means the docket is there and its entries are gone."""
    db = tmp_path / "cl.db"
    first_read(server, db)

    serve(server, [])
    detail = f"/api/rest/v4/dockets/{DOCKET_ID}/"
    if answer == 200:
        server.route(detail, as_reply(docket_answer()["results"][0]))
    reread(server, db)

    check = rechecks(db)[-1]
    assert check["status"] == outcome
    assert detail in [urlsplit(a["url"]).path for a in check["detail"]["addresses"]]
    kinds = [c["kind"] for c in changes(db)]
    assert kinds == ([] if answer == 404 else ["vanished"] * 6)
    if answer == 404:
        assert "no longer has it" in check["detail"]["failure"]


def test_a_page_that_fails_midway_records_no_change_for_what_it_hid(server, tmp_path):
    db = tmp_path / "cl.db"
    first_read(server, db)

    # pages 2-3 changed (entry 3 gone, 5's document sealed), but page 2 answers 500
    changed = [
        e for e in _replaced(5, entry(5, [document(5, sealed=True)])) if e["entry_number"] != 3
    ]
    outage = Reply(500, b"<html><title>Server Error</title></html>")
    paths = serve(server, changed, page2=outage)
    before = len(server.requests)
    result = reread(server, db, settings={"RETRY_TIMES": 1})

    asked = [(r.path, r.status) for r in server.requests[before:]]
    # page 3 is only reachable through page 2: never asked
    assert asked == [(paths[0], 200), (paths[1], 500), (paths[1], 500)]
    assert not changes(db)
    check = rechecks(db)[-1]
    assert (check["status"], check["changes"]) == ("partial", 0)
    assert check["detail"]["failure"] == "docket-entries page 2: HTTP 500 after 1 retries"
    assert [a["status"] for a in check["detail"]["addresses"]] == [200, 500]
    states = {
        r["item_id"]: r["state"]
        for r in rows(db, "select item_id, state from source_items where kind = 'entry'")
    }
    assert states[str(2260000003)] == "public"
    run = last_run(db)
    assert run["status"] == "partial"
    assert run["detail"]["errors"] == [
        f"{COURT} {NUMBER}: docket-entries page 2: HTTP 500 after 1 retries"
    ]
    assert result.summary[COURT]["status"] == "partial"


def test_an_unreadable_page_is_a_partial_read(server, tmp_path):
    db = tmp_path / "cl.db"
    first_read(server, db)
    maintenance = Reply(200, b"<html><head><title>Down for maintenance</title></head></html>")
    serve(server, _without(6), page3=maintenance)
    reread(server, db)

    check = rechecks(db)[-1]
    assert (check["status"], check["changes"]) == ("partial", 0)
    assert check["detail"]["failure"].startswith("docket-entries page 3: not_rss: ")
    assert "maintenance" not in json.dumps(check["detail"])  # the server's words stay out
    run = last_run(db)
    assert (run["status"], run["detail"]["kind"]) == ("partial", "not_rss")


def test_without_a_token_nothing_is_asked_and_the_run_is_blocked(server, tmp_path):
    db = tmp_path / "cl.db"
    store_known_case(db)
    serve(server, full_docket())
    result = reread(server, db, token="")

    assert server.requests == []
    run = last_run(db)
    assert (run["source"], run["status"]) == (RUN_SOURCE, "blocked")
    assert run["detail"]["errors"] == [NO_TOKEN]
    assert sum(NO_TOKEN in line for line in result.log.splitlines()) == 1
    assert not rechecks(db)


def test_no_permission_for_docket_entries_is_a_failed_read_that_says_so(server, tmp_path):
    db = tmp_path / "cl.db"
    store_known_case(db)
    denied = as_reply({"detail": "You do not have permission to perform this action."}, 403)
    paths = serve(server, full_docket(), page1=denied)
    result = reread(server, db)

    assert [r.status for r in server.requests_for(paths[0])] == [403]
    assert len([r for r in server.requests if r.path.startswith("/api/")]) == 1
    (check,) = rechecks(db)
    assert check["status"] == "failed"
    assert check["detail"]["failure"] == NO_PERMISSION
    assert not changes(db)
    run = last_run(db)
    assert (run["status"], run["detail"]["errors"]) == ("blocked", [NO_PERMISSION])
    assert result.summary[COURT]["status"] == "blocked"


def test_a_docket_courtlistener_lacks_is_not_found(server, tmp_path):
    db = tmp_path / "cl.db"
    watch(db)
    empty = {"count": f"{PUBLIC}/api/rest/v4/dockets/?count=on", "next": None,
             "previous": None, "results": []}  # fmt: skip
    server.route(local(server, docket_url(server.base_url, COURT, NUMBER)), as_reply(empty))
    reread(server, db)

    (check,) = rechecks(db)
    assert (check["status"], check["entries"]) == ("not_found", 0)
    (lookup,) = rows(db, "select case_id, source, found from case_lookups")
    assert lookup == {"case_id": CASE_ID, "source": "courtlistener", "found": 0}
    assert not [p for p in server.paths() if "docket-entries" in p]
    assert last_run(db)["status"] == "ok"


def test_more_pages_than_allowed_is_a_partial_read(server, tmp_path):
    db = tmp_path / "cl.db"
    first_read(server, db)
    serve(server, _without(6))  # 6 is on page 3, never read
    reread(server, db, spider_args={"max_pages": 2})

    check = rechecks(db)[-1]
    assert (check["status"], check["changes"]) == ("partial", 0)
    assert not changes(db)
    run = last_run(db)
    assert run["status"] == "partial"
    assert "stopped after 2 docket-entries pages" in run["detail"]["notes"][0]


def test_a_spent_budget_midway_is_partial_with_a_note(server, tmp_path):
    db = tmp_path / "cl.db"
    first_read(server, db)  # 4 calls this hour: the lookup and 3 pages
    paths = serve(server, _without(6))
    before = len(server.requests)
    budget = {"courtlistener": {"minute": 1000, "hour": 5, "day": 1000}}
    result = reread(server, db, settings={"SEALTRAIL_BUDGETS": budget})

    assert [r.path for r in server.requests[before:]] == [paths[0]]  # 1 call left
    check = rechecks(db)[-1]
    assert (check["status"], check["changes"]) == ("partial", 0)
    assert check["detail"]["failure"].startswith("API budget exhausted")
    assert not changes(db)  # entry 6 was not shown, it did not vanish
    run = last_run(db)
    assert run["status"] == "partial"
    assert any("API budget exhausted" in note for note in run["detail"]["notes"])
    assert result.summary[COURT]["status"] == "partial"


def test_new_entries_and_changed_text_are_stored_as_by_a_crawl(server, tmp_path):
    db = tmp_path / "cl.db"
    first_read(server, db)
    amended = entry(2, text=TEXTS[2].replace("Exhibit A", "Exhibits A and B"))
    added = entry(7, text="NOTICE of Change of Address by John Doe. (SAMPLE)")
    serve(server, [*_replaced(2, amended), added])
    reread(server, db)

    sql = "select entry_number from docket_entries where case_id = ? order by 1"
    assert [r["entry_number"] for r in rows(db, sql, (CASE_ID,))] == list(range(1, 8))
    (revision,) = rows(db, "select entry_id, field, new_value from entry_revisions")
    assert (revision["entry_id"], revision["field"]) == (f"{CASE_ID}:2", "text")
    assert "Exhibits A and B" in revision["new_value"]
    assert not changes(db)  # a new entry is a baseline, not a change
    assert rechecks(db)[-1]["status"] == "complete"


OTHER_NUMBER, OTHER_DOCKET = "3:26-cv-09732", 70915544


def store_other_case(db: Path) -> None:
    """A second SAMPLE case of the same court, its CourtListener id known, watched."""
    from monitor import watch as watch_list
    from monitor.enrich import enrich_case
    from monitor.schema import connect

    store = connect(str(db))
    case = {
        "court": COURT,
        "docket_number": OTHER_NUMBER,
        "case_name": "SAMPLE Roe v. Noem",
        "nature_of_suit": "Habeas Corpus - Alien Detainee",
        "source_id": str(OTHER_DOCKET),
    }
    enrich_case(store, case, source="courtlistener", now=now())
    watch_list.add(store, f"{COURT}:{OTHER_NUMBER}", now=now())
    store.close()


def test_cases_are_read_one_after_another_and_a_403_stops_the_rest(server, tmp_path):
    from monitor.rechecks import cases_due
    from monitor.schema import connect

    db = tmp_path / "cl.db"
    store_known_case(db)
    store_other_case(db)
    store = connect(str(db))
    cases = cases_due(store, "courtlistener", now=now())
    store.close()
    assert {c["case_id"] for c in cases} == {CASE_ID, f"{COURT}:{OTHER_NUMBER}"}
    cases.sort(key=lambda c: c["case_id"] != f"{COURT}:{OTHER_NUMBER}")  # the order given
    other = dict(entry(1), id=2270000001, docket=OTHER_DOCKET)
    other_path = local(server, entries_url(server.base_url, str(OTHER_DOCKET)))
    server.route(other_path, as_reply(entries_page([other], 1, True)))
    paths = serve(server, full_docket())
    reread(server, db, spider_args={"cases": cases})

    seen = [r for r in server.requests if r.path.startswith("/api/")]
    assert [r.path for r in seen] == [other_path, *paths]
    assert all(
        a.finished <= b.started for a, b in zip(seen, seen[1:], strict=False)
    )  # one at a time
    assert [r["status"] for r in rechecks(db)] == ["complete", "complete"]

    denied = as_reply({"detail": "You do not have permission to perform this action."}, 403)
    server.route(other_path, denied)
    before = len(server.requests)
    reread(server, db, spider_args={"cases": cases})
    assert [r.path for r in server.requests[before:]] == [other_path]
    assert [r["status"] for r in rechecks(db)] == ["complete", "complete", "failed"]
    run = last_run(db)
    assert run["status"] == "blocked"
    assert run["detail"]["notes"] == [f"{COURT} {NUMBER} not re-read: {NO_PERMISSION}"]


def test_cases_come_as_dicts_or_as_json_from_scrapy_a():
    given = [{"court": "CASD", "docket_number": NUMBER, "courtlistener_id": None},
             {"court": "", "docket_number": "1:26-cv-00001"}, "not a case"]  # fmt: skip
    expected = [{"court": COURT, "docket_number": NUMBER, "courtlistener_id": None}]
    assert case_list(given) == expected
    assert case_list(json.dumps(given[:2])) == expected
    assert case_list("") == [] and case_list(None) == []


def _sealtrail(*args: str, token: str = TOKEN) -> subprocess.CompletedProcess:
    env = {**os.environ, "COURTLISTENER_TOKEN": token, "NO_PROXY": "127.0.0.1"}
    env["SEALTRAIL_COURTLISTENER_PER_MINUTE"] = "1000"  # no waiting on the real budget
    return subprocess.run(
        [sys.executable, "-m", "monitor.cli", *args],
        capture_output=True, text=True, timeout=180, env=env,
    )  # fmt: skip


def test_sealtrail_recheck_runs_this_spider_end_to_end(server, tmp_path):
    db = str(tmp_path / "st.db")
    site = ["--base-url", server.base_url, "--download-delay", "0", "--db", db]
    watch(Path(db))  # the store exists (sealtrail watch refuses to make one)

    blocked = _sealtrail("recheck", "courtlistener", "--case", CASE_ID, *site, token="")
    assert not server.requests
    assert NO_TOKEN in _sealtrail("status", "--db", db).stdout + blocked.stderr

    serve(server, full_docket())
    first = _sealtrail("recheck", "courtlistener", "--case", CASE_ID, *site)
    assert first.returncode == 0, first.stderr[-3000:]
    serve(server, _without(3))
    second = _sealtrail("recheck", "courtlistener", "--case", CASE_ID, "--json", *site)
    assert second.returncode == 0, second.stderr[-3000:]
    (result,) = json.loads(second.stdout.splitlines()[-1])["sources"]["courtlistener"]["cases"]
    assert result["outcome"] == "complete" and result["change_kinds"] == {"vanished": 1}
    (change,) = changes(Path(db))
    assert change["entry_id"] == f"{CASE_ID}:3" and change["event_id"]
    for done in (blocked, first, second):
        assert TOKEN not in done.stdout + done.stderr


# -- conformance with CourtListener's own descriptions ----------------------------------------


def _described(endpoint: str) -> set[str]:
    options = json.loads((SHARED / "http_options.json").read_text(encoding="utf-8"))
    fields = next(iter(options[endpoint]["actions"].values()))
    names = set(fields)
    for name, spec in fields.items():
        children = (spec.get("child") or {}).get("children") or spec.get("children") or {}
        names.update(f"{name}.{child}" for child in children)
    return names


def _sent(objects: list[dict], nested: str | None = None) -> set[str]:
    names: set[str] = set()
    for obj in objects:
        names.update(obj)
        for child in obj.get(nested, []) if nested else []:
            names.update(f"{nested}.{key}" for key in child)
    return names


@pytest.mark.skipif(not SHARED.is_dir(), reason=f"shared fixtures not found at {SHARED}")
def test_the_sample_server_sends_only_fields_courtlistener_describes():
    options = json.loads((SHARED / "http_options.json").read_text(encoding="utf-8"))
    entries = full_docket()
    assert _sent(entries, "recap_documents") <= _described("docket-entries")
    assert _sent(docket_answer()["results"]) <= _described("dockets")
    assert "id" in options["docket-entries"]["ordering"]  # order_by=id is allowed
    assert "docket" in options["docket-entries"]["filters"]

    # the same fields, types and nesting as the docket-alert webhook's docket entry
    text = (SHARED / "docket_alert_webhook_dummy.txt").read_text(encoding="utf-8")
    example = json.loads(text.replace("{{ webhook_version }}", "2"))["payload"]["results"][0]
    assert set(entries[0]) == set(example)
    assert set(entries[0]["recap_documents"][0]) == set(example["recap_documents"][0])
    for key, value in example.items():
        assert type(entries[0][key]) is type(value), key
    for key, value in example["recap_documents"][0].items():
        sent = [d[key] for e in entries for d in e["recap_documents"] if d[key] is not None]
        if value is not None:  # a nullable field: null, or the example's type
            assert all(type(v) is type(value) for v in sent), key
    assert all(
        e["next"] is None or e["next"].startswith(f"{PUBLIC}/api/rest/v4/docket-entries/?cursor=")
        for e in docket_pages(entries)
    )
