"""Faults, each injected by the loopback server (tests/loopback.py) into a real crawl.

For every fault and every source it applies to (PACER RSS; CourtListener's REST v4 search
JSON; GovInfo's listing JSON and MODS XML) a store that already holds an earlier crawl is
crawled again with one court (one query, for CourtListener's single run) served the fault
and the others served new records. Each test checks that the crawl does not crash (exit 0,
summary printed), that the fault is counted in `crawl_runs` (status, error text, HTTP status
counts), that the other courts (the other query) still store their new records, that nothing
stored before is lost or changed (the faulty court's rows keep even their `last_seen`), that
no record is stored twice by its natural key, and that `PRAGMA integrity_check` is `ok`.

Covered elsewhere, not repeated here (these tests add stored-before data and the rest):
- tests/test_crawl.py::test_one_bad_court_never_costs_the_others: PACER malformed XML, HTML
  error page, empty body, persistent 500, timeout, Content-Length cut, XML cut after items,
  404, on a fresh store; test_503_then_200_is_stored_after_retry: PACER 5xx then 200;
- tests/test_politeness.py::test_retry_after_seconds_is_waited_out_for_the_whole_host: PACER
  429 + Retry-After then 200 (the gap, the whole host paused); test_retry_after_is_capped_...:
  Retry-After capped, 503 forever;
- tests/test_courtlistener_crawl.py::test_429_retry_after_is_honoured (429 then 200) and
  test_outage_mid_run_keeps_the_first_page (5xx forever on page 2);
- tests/test_govinfo_crawl.py::test_retry_after_on_the_api_is_waited_out (MODS 429 then 200)
  and test_api_outage_mid_run_keeps_what_was_stored (MODS 500 forever).

Then two whole-process faults: `sealtrail crawl` killed with SIGKILL midway (the store is
intact, each court's feed stored whole or not at all, the next run completes), and Datasette
answering many concurrent requests while a crawl writes (every answer 200, never "database
is locked"). All feeds and pages here are SAMPLE data written for these tests.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from crawler.spiders.courtlistener import DEFAULT_QUERY, search_url
from tests.conftest import ROOT, rows, run_crawl
from tests.loopback import LoopbackServer, Reply

ALLOW_ALL = "User-agent: *\nDisallow:\n"
RSS = "application/rss+xml; charset=ISO-8859-1"
RSS_UTF8 = "application/rss+xml; charset=UTF-8"
JSON = "application/json"
XML = "application/xml; charset=utf-8"
GOVINFO_DATA = Path(__file__).resolve().parent / "data" / "govinfo"
MAXSIZE = 64 * 1024  # DOWNLOAD_MAXSIZE for the oversized-response faults
RETRY_AFTER = 1  # seconds asked by the 429 faults

# --------------------------------------------------------------------------- SAMPLE pages

LOGIN_PAGE = b"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>PACER: Log In (SAMPLE)</title></head>
<body><!-- SAMPLE login page written for sealtrail tests -->
<h1>Public Access to Court Electronic Records</h1>
<form id="loginForm" action="/csologin/login.jsf" method="post">
<label>Username <input type="text" name="loginForm:loginName"></label>
<label>Password <input type="password" name="loginForm:password"></label>
<button type="submit">Login</button>
</form><p>Your session has expired. Please log in again.</p></body></html>
"""
ERROR_PAGE = b"""<!DOCTYPE html>
<html><head><title>Just a moment... (SAMPLE)</title></head>
<body><!-- SAMPLE interstitial written for sealtrail tests: a CDN check or maintenance page
served with status 200 where an API answers JSON -->
<h1>Checking your browser before accessing the site.</h1>
<p>This process is automatic. The service is under maintenance; please retry later.</p>
</body></html>
"""


def oversized(body: bytes, comment: tuple[bytes, bytes]) -> bytes:
    """`body` padded past MAXSIZE (inside an XML comment, or JSON whitespace)."""
    start, end = comment
    return body + start + b"SAMPLE padding " * (3 * MAXSIZE // 15) + end


# ------------------------------------------------------------------------------ faults


@dataclass(frozen=True)
class Fault:
    """One fault: the replies that play it, the settings it needs and what it must leave.

    `stores`: the faulty court still stores its new records (a transient fault, or damage
    the parser reads around); otherwise its rows must stay exactly as they were.
    """

    replies: Callable[[bytes, str], list[Reply]]  # from the good body and its content type
    status: str  # the faulty court's crawl_runs status
    kind: str | None = None  # detail.kind, when the source records one
    message: str = ""  # text in the recorded errors (or problems)
    http_status: dict[str, int] | None = None  # the faulty requests' status counts
    settings: dict[str, Any] = field(default_factory=dict)
    stores: bool = False
    waits: bool = False  # answers with Retry-After: each retry must wait that long
    retries: int | None = None  # detail.retries expected (transient faults)


def _good(body: bytes, ctype: str, **kwargs: Any) -> Reply:
    return Reply(200, body, content_type=ctype, **kwargs)


TRUNCATED = Fault(
    lambda body, ctype: [_good(body, ctype, truncate=True)],
    "error",
    kind="network",
    message="ResponseDataLoss",
)
HTML_ERROR = Fault(
    lambda body, ctype: [Reply(200, ERROR_PAGE, content_type="text/html; charset=utf-8")],
    "not_rss",
    kind="not_rss",
    message="HTML",
)
EMPTY = Fault(lambda body, ctype: [Reply(200, b"", content_type=ctype)], "error", kind="empty")
FIVE_XX_FOREVER = Fault(
    lambda body, ctype: [Reply(502, b"<html><body>502 Bad Gateway</body></html>")],
    "error",
    kind="http",
    message="HTTP 502 after 1 retries",
    http_status={"502": 2},
    settings={"RETRY_TIMES": 1},
)
FIVE_XX_BURST = Fault(
    lambda body, ctype: [
        Reply(503, b"<html><body>503 Service Unavailable</body></html>"),
        Reply(502, b"<html><body>502 Bad Gateway</body></html>"),
        Reply(504, b"<html><body>504 Gateway Timeout</body></html>"),
        _good(body, ctype),
    ],
    "ok",
    http_status={"200": 1, "502": 1, "503": 1, "504": 1},
    settings={"RETRY_TIMES": 3},
    stores=True,
    retries=3,
)
TOO_MANY_FOREVER = Fault(
    lambda body, ctype: [
        Reply(429, b"Too Many Requests", headers={"Retry-After": str(RETRY_AFTER)})
    ],
    "error",
    kind="http",
    message="HTTP 429 after 1 retries",
    http_status={"429": 2},
    settings={"RETRY_TIMES": 1},
    waits=True,
)
TIMEOUT = Fault(
    lambda body, ctype: [_good(body, ctype, delay=2.5)],
    "error",
    kind="network",
    message="took longer than 1.0 seconds",
    settings={"DOWNLOAD_TIMEOUT": 1, "RETRY_TIMES": 1},
)
RESET = Fault(
    lambda body, ctype: [_good(body, ctype, reset=True)],
    "error",
    kind="network",
    message="ConnectionLost",
    settings={"RETRY_TIMES": 1},
)
RESET_MID_BODY = Fault(
    lambda body, ctype: [_good(body, ctype, reset=True, truncate=True)],
    "error",
    kind="network",
    message="DataLoss",
    settings={"RETRY_TIMES": 1},
)
RESET_THEN_OK = Fault(
    lambda body, ctype: [_good(body, ctype, reset=True), _good(body, ctype)],
    "ok",
    http_status={"200": 1},
    stores=True,
)


def too_big(comment: tuple[bytes, bytes]) -> Fault:
    return Fault(
        lambda body, ctype: [_good(oversized(body, comment), ctype)],
        "error",
        kind="network",
        message=f"larger than download max size ({MAXSIZE})",
        settings={"DOWNLOAD_MAXSIZE": MAXSIZE},
    )


XML_PADDING = (b"\n<!-- ", b"-->\n")
JSON_PADDING = (b"\n", b"\n")


# -------------------------------------------------------------------- store comparisons

#: Tables of stored records and their natural keys (the first part names the court).
KEYS = {
    "cases": ("id",),
    "docket_entries": ("id",),
    "sealing_events": ("id",),
    "documents": ("id",),
    "case_parties": ("case_id", "name", "role"),
    "entry_sources": ("entry_id", "source"),
}
#: A record seen again may move its `last_seen`; nothing else about it may change.
MOVING = {"last_seen"}
DUPLICATES = {
    "entries by case and number": "select case_id, entry_number, count(*) n from docket_entries "
    "where entry_number is not null group by 1, 2 having n > 1",
    "cases by court and docket number": "select court_id, docket_number, count(*) n from cases "
    "group by 1, 2 having n > 1",
    "events by entry": "select entry_id, count(*) n from sealing_events group by 1 having n > 1",
    "documents by text": "select sha256, count(*) n from documents where sha256 is not null "
    "group by 1 having n > 1",
}


def snapshot(db: Path) -> dict[str, dict[tuple, dict]]:
    """Every stored record, by table and natural key."""
    return {
        table: {tuple(row[k] for k in key): row for row in rows(db, f"select * from {table}")}
        for table, key in KEYS.items()
    }


def court_of(key: tuple) -> str:
    return str(key[0]).split(":", 1)[0]


def assert_nothing_lost(before: dict, after: dict, frozen: set[str]) -> None:
    """Every record stored before is still there, unchanged but for MOVING columns; those
    of `frozen` courts (a failed fetch) not even that."""
    for table, old in before.items():
        new = after[table]
        lost = sorted(set(old) - set(new))
        assert not lost, f"{table}: lost {lost}"
        for key, row in old.items():
            allowed = set() if court_of(key) in frozen else MOVING
            changed = {name for name in row if row[name] != new[key][name]} - allowed
            assert not changed, f"{table} {key}: changed {changed}"


def new_entries(before: dict, after: dict) -> Counter:
    """Entries added since `before`, counted per case."""
    added = set(after["docket_entries"]) - set(before["docket_entries"])
    return Counter(after["docket_entries"][key]["case_id"] for key in added)


def assert_store_sound(db: Path) -> None:
    con = sqlite3.connect(db)
    try:
        assert con.execute("pragma integrity_check").fetchall() == [("ok",)]
        for name, sql in DUPLICATES.items():
            assert con.execute(sql).fetchall() == [], f"duplicate {name}"
    finally:
        con.close()


def copy_store(source: Path, target: Path) -> None:
    """A consistent copy of a store (the WAL folded in), through SQLite's backup API."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def newest_runs(db: Path, source: str) -> dict[str, dict]:
    found = {}
    for row in rows(db, "select * from crawl_runs where source = ? order by id", (source,)):
        row["detail"] = json.loads(row["detail"] or "{}")
        row["http_status"] = json.loads(row["http_status"] or "{}")
        found[row["court"]] = row
    return found


def assert_counted(run: dict, summary: dict, fault: Fault, also: dict | None = None) -> None:
    """The fault is in the court's crawl_runs row and in the crawl's summary; `also`: the
    statuses of the run's other answers (the HTTP status counts are per run)."""
    assert run["status"] == fault.status, run
    assert summary["status"] == fault.status
    detail = run["detail"]
    recorded = " ".join(
        detail.get("errors", []) + detail.get("problems", []) + detail.get("skipped_reasons", [])
    )
    if fault.status in ("ok", "partial") and not fault.message:
        assert run["errors"] == 0, run
    else:
        assert fault.message in recorded, run
    if fault.status not in ("ok", "partial"):
        assert run["errors"] >= 1 and run["errors"] == summary["errors"], run
    if fault.kind:
        assert run["detail"].get("kind") == fault.kind, run
    if fault.retries is not None:
        assert detail.get("retries") == fault.retries, run
    if fault.http_status is not None:
        expected = dict(Counter(fault.http_status) + Counter(also or {}))
        assert run["http_status"] == expected, run
        assert run["detail"].get("http_status", {}) == expected


def assert_retry_after_kept(server: LoopbackServer, path: str, fault: Fault) -> None:
    """429 faults: every retry waited at least Retry-After (server clock, lower bound)."""
    if not fault.waits:
        return
    tries = server.requests_for(path)
    assert [t.status for t in tries] == [429] * len(tries) and len(tries) == 2
    assert all(
        b.started - a.finished >= RETRY_AFTER for a, b in zip(tries, tries[1:], strict=False)
    )


# ============================================================================ PACER RSS

PACER_COURTS = ["casd", "nyed", "txsd"]
FAULTY = "nyed"
HEALTHY = [court for court in PACER_COURTS if court != FAULTY]


@dataclass(frozen=True)
class SampleCase:
    court: str
    court_name: str
    docket: str  # as stored
    judges: str  # initials after the number in feed titles
    name: str
    caseid: str

    @property
    def case_id(self) -> str:
        return f"{self.court}:{self.docket}"


PACER_CASES = {
    "casd": SampleCase(
        "casd",
        "Southern District of California",
        "3:26-cv-05101",
        "-JLS-SAM",
        "Sample Petitioner Alfa v. Noem et al",
        "805101",
    ),
    "nyed": SampleCase(
        "nyed",
        "Eastern District of New York",
        "1:26-cv-06202",
        "-SAM",
        "Sample Petitioner Bravo v. Bondi et al",
        "606202",
    ),
    "txsd": SampleCase(
        "txsd",
        "Southern District of Texas",
        "4:26-cv-07303",
        "-SAM",
        "Sample Petitioner Charlie v. Warden, Sample Processing Center",
        "707303",
    ),
}
# Newest first, as PACER lists them; the second crawl finds entry 12 added on top.
FIRST_ENTRIES = [
    (8, "Order on Motion to Seal", "Thu, 19 Nov 2026 10:05:53 GMT"),
    (5, "Motion to Seal", "Wed, 18 Nov 2026 16:40:27 GMT"),
    (1, "Petition for Writ of Habeas Corpus (2241)", "Wed, 18 Nov 2026 15:02:11 GMT"),
]
NEW_ENTRY = (12, "Motion to Unseal Document", "Fri, 20 Nov 2026 09:12:30 GMT")


def pacer_item(case: SampleCase, number: int, short: str, date: str, name: str = "") -> str:
    ecf = f"https://ecf.{case.court}.uscourts.gov"
    seq = number * 3 + 2
    doc = f"{case.caseid}{number:06d}"
    return (
        "<item>\n"
        f"<title><![CDATA[{case.docket}{case.judges} {name or case.name}]]></title>\n"
        f"<link>{ecf}/cgi-bin/DktRpt.pl?{case.caseid}</link>\n"
        f"<description>[{short}] (&lt;a href=&quot;{ecf}/doc1/{doc}?caseid={case.caseid}"
        f"&amp;de_seq_num={seq}&quot; &gt;{number}&lt;/a&gt;)</description>\n"
        f'<guid isPermaLink="true">{ecf}/cgi-bin/DktRpt.pl?{case.caseid}&amp;{seq}</guid>\n'
        f"<pubDate>{date}</pubDate>\n"
        "</item>\n"
    )


def pacer_feed(
    court: str, items: list[str], encoding: str = "ISO-8859-1", court_name: str = ""
) -> str:
    court_name = court_name or PACER_CASES[court].court_name
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>\n'
        "<!-- SAMPLE feed written for sealtrail's fault tests in the shape of a PACER CM/ECF "
        "RSS 2.0 feed; the cases, names and numbers are invented. -->\n"
        '<rss version="2.0">\n<channel>\n'
        f"<title>{court_name} - Recent Entries</title>\n"
        f"<link>https://ecf.{court}.uscourts.gov</link>\n"
        "<description>Docket entries of type: all</description>\n"
        "<lastBuildDate>Fri, 20 Nov 2026 09:15:00 GMT</lastBuildDate>\n"
        + "".join(items)
        + "</channel>\n</rss>\n"
    )


def first_feed(court: str) -> bytes:
    case = PACER_CASES[court]
    return pacer_feed(court, [pacer_item(case, *e) for e in FIRST_ENTRIES]).encode("latin-1")


def second_feed(court: str) -> bytes:
    case = PACER_CASES[court]
    entries = [NEW_ENTRY, *FIRST_ENTRIES]
    return pacer_feed(court, [pacer_item(case, *e) for e in entries]).encode("latin-1")


def pacer_path(court: str) -> str:
    return f"/{court}/cgi-bin/rss_outside.pl"


def pacer_template(server: LoopbackServer) -> str:
    return server.url("/{court}/cgi-bin/rss_outside.pl")


def _malformed_rss(body: bytes, ctype: str) -> list[Reply]:
    """Tags that never close, inside the first item: no complete item to recover."""
    start = body.index(b"<item>")
    broken = body[:start] + b"<item>\n<title><![CDATA[1:26-cv-06202-SAM Sample</title>\n<link>"
    return [Reply(200, broken + b"<description>[Motion</item></rss", content_type=ctype)]


def _cut_after_two_items(body: bytes, ctype: str) -> list[Reply]:
    """A complete 200 whose XML stops inside the third item (a cut file on the court side)."""
    cut = body.index(b"</item>", body.index(b"</item>") + 1) + len(b"</item>\n<item>\n<tit")
    return [Reply(200, body[:cut], content_type=ctype)]


def _not_utf8(body: bytes, ctype: str) -> list[Reply]:
    """Declared UTF-8, but a new case's title carries Windows-1252 bytes (0x81 is no
    character there either) and a form feed XML forbids."""
    case = SampleCase(
        "nyed",
        "Eastern District of New York",
        "1:26-cv-06250",
        "-SAM",
        "Sample Pe\u00f1a-Ord\u00f3\u00f1ez v. Bondi et al",
        "606250",
    )
    extra = pacer_item(case, 3, "Motion to Seal", "Fri, 20 Nov 2026 09:14:02 GMT")
    extra_bytes = extra.encode("cp1252").replace(b"Ord\xf3", b"Ord\x81\xf3")
    extra_bytes = extra_bytes.replace(b"[Motion to Seal]", b"[Motion to\x0c Seal]")
    utf8 = body.replace(b'encoding="ISO-8859-1"', b'encoding="UTF-8"')
    start = utf8.index(b"<item>")
    return [Reply(200, utf8[:start] + extra_bytes + utf8[start:], content_type=RSS_UTF8)]


PACER_FAULTS = {
    "malformed_xml": Fault(_malformed_rss, "error", kind="malformed", message="malformed"),
    "truncated_content_length": TRUNCATED,
    "xml_cut_after_items": Fault(
        _cut_after_two_items, "partial", message="any after it are lost", stores=True
    ),
    "html_login_page": Fault(
        lambda body, ctype: [Reply(200, LOGIN_PAGE, content_type="text/html; charset=utf-8")],
        "not_rss",
        kind="not_rss",
        message="not_rss",
    ),
    "empty_body": EMPTY,
    "5xx_forever": FIVE_XX_FOREVER,
    "5xx_burst_then_ok": FIVE_XX_BURST,
    "429_retry_after_forever": TOO_MANY_FOREVER,
    "timeout": TIMEOUT,
    "connection_reset": RESET,
    "connection_reset_mid_body": RESET_MID_BODY,
    "connection_reset_then_ok": RESET_THEN_OK,
    "oversized": too_big(XML_PADDING),
    "not_utf8_bytes": Fault(
        _not_utf8, "partial", message="not valid in the declared encoding", stores=True
    ),
}
# What the faulty court adds when it stores: entries per case.
PACER_STORED = {
    "xml_cut_after_items": {"nyed:1:26-cv-06202": 1},  # entry 12; 8 seen again
    "5xx_burst_then_ok": {"nyed:1:26-cv-06202": 1},
    "connection_reset_then_ok": {"nyed:1:26-cv-06202": 1},
    "not_utf8_bytes": {"nyed:1:26-cv-06202": 1, "nyed:1:26-cv-06250": 1},
}


@pytest.fixture(scope="module")
def pacer_store(tmp_path_factory) -> Path:
    """A store holding a clean first crawl of the three sample courts."""
    db = tmp_path_factory.mktemp("pacer") / "first.db"
    with LoopbackServer() as server:
        server.robots(ALLOW_ALL)
        for court in PACER_COURTS:
            server.route(pacer_path(court), Reply(200, first_feed(court), content_type=RSS))
        result = run_crawl(db, PACER_COURTS, pacer_template(server), keep_all_cases=True)
    assert {c: s["status"] for c, s in result.summary.items()} == dict.fromkeys(PACER_COURTS, "ok")
    assert len(rows(db, "select * from docket_entries")) == 3 * len(FIRST_ENTRIES)
    assert rows(db, "select * from sealing_events")
    return db


@pytest.mark.parametrize("name", list(PACER_FAULTS))
def test_pacer_rss_fault(name, pacer_store, server, crawl, tmp_path):
    fault = PACER_FAULTS[name]
    db = tmp_path / "crawl.db"
    copy_store(pacer_store, db)
    before = snapshot(db)
    server.robots(ALLOW_ALL)
    for court in HEALTHY:
        server.route(pacer_path(court), Reply(200, second_feed(court), content_type=RSS))
    server.route(pacer_path(FAULTY), *fault.replies(second_feed(FAULTY), RSS))

    result = crawl(
        PACER_COURTS, pacer_template(server), keep_all_cases=True, settings=fault.settings
    )

    runs = newest_runs(db, "pacer_rss")
    assert_counted(runs[FAULTY], result.summary[FAULTY], fault)
    assert_retry_after_kept(server, pacer_path(FAULTY), fault)
    for court in HEALTHY:
        assert runs[court]["status"] == "ok" and runs[court]["errors"] == 0, runs[court]
        assert runs[court]["detail"]["new_entries"] == 1
    after = snapshot(db)
    assert_nothing_lost(before, after, frozen=set() if fault.stores else {FAULTY})
    expected = Counter({PACER_CASES[c].case_id: 1 for c in HEALTHY})
    expected.update(PACER_STORED.get(name, {}))
    assert new_entries(before, after) == expected
    assert_store_sound(db)
    if name == "not_utf8_bytes":  # stored, with the bytes read as Windows-1252 or replaced
        (case,) = rows(db, "select case_name from cases where id = 'nyed:1:26-cv-06250'")
        assert case["case_name"] == "Sample Pe\u00f1a-Ord\ufffd\u00f3\u00f1ez v. Bondi et al"
        problems = " ".join(runs[FAULTY]["detail"]["problems"])
        assert "control character" in problems


def test_pacer_rss_reset_retry_is_counted(server, crawl, tmp_path):
    server.robots(ALLOW_ALL)  # robots.txt opens the keep-alive connection the feed reuses
    body = second_feed("casd")
    server.route(pacer_path("casd"), Reply(200, body, reset=True), Reply(200, body))
    crawl(["casd"], pacer_template(server), keep_all_cases=True)
    hits = server.requests_for(pacer_path("casd"))
    assert [hit.status for hit in hits] == [0, 200]  # reset, then the feed
    run = newest_runs(tmp_path / "crawl.db", "pacer_rss")["casd"]
    assert run["status"] == "ok"
    assert run["requests"] == len(hits)


# ========================================================================= CourtListener

CL_TOKEN = "cl-sample-token-faults-0000"
CL_SINCE = "2026-11-18"
CL_SECOND_QUERY = 'sealed AND suitNature:("Naturalization Application")'
CL_SETTINGS = {"SEALTRAIL_BUDGETS": {"courtlistener": {"minute": 1000, "hour": 1000, "day": 1000}}}


def cl_result(court: str, court_name: str, docket: str, name: str, docket_id: int, docs: list):
    """One v4 search result (type=r) in CourtListener's shape; SAMPLE values."""
    slug = name.lower().replace(" ", "-").replace(".", "")[:40]
    return {
        "caseName": name,
        "case_name_full": "",
        "cause": "28:2241 Petition for Writ of Habeas Corpus (federa",
        "court": court_name,
        "court_id": court,
        "dateFiled": "2026-11-02",
        "dateTerminated": None,
        "docketNumber": docket,
        "docket_absolute_url": f"/docket/{docket_id}/{slug}/",
        "docket_id": docket_id,
        "jurisdictionType": "U.S. Government Defendant",
        "pacer_case_id": str(docket_id - 70000000),
        "party": [name.split(" v. ")[0], "Sample Field Office Director"],
        "suitNature": "463 Habeas Corpus - Alien Detainee",
        "recap_documents": [
            {
                "absolute_url": f"/docket/{docket_id}/{number}/{slug}/",
                "attachment_number": None,
                "description": f"{text} (SAMPLE docket text) (Entered: 11/{18 + number % 3}/2026)",
                "docket_entry_id": docket_id * 100 + number,
                "document_number": number,
                "document_type": "PACER Document",
                "entry_date_filed": f"2026-11-{18 + number % 3}",
                "entry_number": number,
                "id": docket_id * 1000 + number,
                "is_available": False,
                "pacer_doc_id": f"0{docket_id}{number:03d}",
                "short_description": short,
                "snippet": "",
            }
            for number, short, text in docs
        ],
    }


def cl_page(*results: dict) -> bytes:
    documents = sum(len(r["recap_documents"]) for r in results)
    page = {
        "count": len(results),
        "document_count": documents,
        "next": None,
        "previous": None,
        "results": list(results),
    }
    return json.dumps(page, indent=1).encode("utf-8")


CL_DOCS = [
    (7, "Motion to Seal", "MOTION to Seal Exhibit B by Sample Petitioner Delta"),
    (9, "Order on Motion to Seal", "ORDER granting 7 Motion to Seal. Signed by Judge Sample"),
]
CL_NEW_DOC = (11, "Letter Motion to Seal", "LETTER MOTION to Seal Document 10 by Sample Delta")


def cl_first_query(docs: list) -> bytes:
    return cl_page(
        cl_result(
            "nysd",
            "District Court, S.D. New York",
            "1:26-cv-09301",
            "Sample Petitioner Delta v. Sample Field Office Director",
            71300001,
            docs,
        )
    )


def cl_second_query() -> bytes:
    return cl_page(
        cl_result(
            "cacd",
            "District Court, C.D. California",
            "2:26-cv-08802",
            "Sample Petitioner Echo v. Noem",
            71300002,
            [(4, "Sealed Motion", "SEALED MOTION for leave to file under seal by Sample Echo")],
        )
    )


def cl_local(server: LoopbackServer, query: str) -> str:
    return search_url(server.base_url, query, CL_SINCE, [])[len(server.base_url) :]


def cl_crawl(server: LoopbackServer, db: Path, queries: list[str], settings: dict | None = None):
    return run_crawl(
        db,
        None,
        source="courtlistener",
        spider_args={
            "base_url": server.base_url,
            "since": CL_SINCE,
            "queries": queries,
            "enrich_limit": 0,
        },
        settings={**CL_SETTINGS, **(settings or {})},
        env={"COURTLISTENER_TOKEN": CL_TOKEN},
    )


def _cl_not_utf8(body: bytes, ctype: str) -> list[Reply]:
    """A case name with Latin-1 bytes (not UTF-8) inside the JSON string."""
    return [
        Reply(
            200, body.replace(b"Sample Petitioner Echo", b"Sample Pe\xf1a Echo"), content_type=ctype
        )
    ]


CL_FAULTS = {
    "malformed_json": Fault(
        lambda body, ctype: [Reply(200, body[: len(body) // 3] + b"}]}", content_type=ctype)],
        "partial",
        kind="malformed",
        message="broken JSON",
    ),
    "truncated_content_length": Fault(
        TRUNCATED.replies, "partial", kind="network", message="DataLoss"
    ),
    "html_error_page": Fault(HTML_ERROR.replies, "partial", kind="not_rss", message="HTML"),
    "empty_body": Fault(EMPTY.replies, "partial", kind="empty", message="empty"),
    "5xx_burst_then_ok": FIVE_XX_BURST,
    "429_retry_after_forever": Fault(
        TOO_MANY_FOREVER.replies,
        "partial",
        kind="http",
        message="HTTP 429 after 1 retries",
        settings={"RETRY_TIMES": 1},
        waits=True,
    ),
    "timeout": Fault(
        TIMEOUT.replies, "partial", kind="network", message="took longer", settings=TIMEOUT.settings
    ),
    "connection_reset": Fault(
        RESET.replies, "partial", kind="network", message="ConnectionLost", settings=RESET.settings
    ),
    "oversized": Fault(
        too_big(JSON_PADDING).replies,
        "partial",
        kind="network",
        message=f"larger than download max size ({MAXSIZE})",
        settings={"DOWNLOAD_MAXSIZE": MAXSIZE},
    ),
    "not_utf8_bytes": Fault(_cl_not_utf8, "ok", stores=True),
}


@pytest.fixture(scope="module")
def cl_store(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("courtlistener") / "first.db"
    with LoopbackServer() as server:
        server.robots(ALLOW_ALL)
        page = Reply(200, cl_first_query(CL_DOCS), content_type=JSON)
        server.route(cl_local(server, DEFAULT_QUERY), page)
        result = cl_crawl(server, db, [DEFAULT_QUERY])
    assert result.summary["all"]["status"] == "ok", result
    assert len(rows(db, "select * from docket_entries")) == len(CL_DOCS)
    return db


@pytest.mark.parametrize("name", list(CL_FAULTS))
def test_courtlistener_search_fault(name, cl_store, server, tmp_path):
    """CourtListener is one run (`all`): the healthy part is the first query, which finds a
    new entry; the second query's search answer carries the fault."""
    fault = CL_FAULTS[name]
    db = tmp_path / "crawl.db"
    copy_store(cl_store, db)
    before = snapshot(db)
    server.robots(ALLOW_ALL)
    first = Reply(200, cl_first_query([*CL_DOCS, CL_NEW_DOC]), content_type=JSON)
    server.route(cl_local(server, DEFAULT_QUERY), first)
    faulty = cl_local(server, CL_SECOND_QUERY)
    server.route(faulty, *fault.replies(cl_second_query(), JSON))

    result = cl_crawl(server, db, [DEFAULT_QUERY, CL_SECOND_QUERY], fault.settings)

    run = newest_runs(db, "courtlistener")["all"]
    assert_counted(run, result.summary["all"], fault, also={"200": 1})  # the first query
    assert_retry_after_kept(server, faulty, fault)
    after = snapshot(db)
    assert_nothing_lost(before, after, frozen=set())
    expected = Counter({"nysd:1:26-cv-09301": 1})  # the first query's new entry
    if fault.stores:
        expected["cacd:2:26-cv-08802"] = 1
    assert new_entries(before, after) == expected
    assert_store_sound(db)
    if name == "not_utf8_bytes":
        (case,) = rows(db, "select case_name from cases where id = 'cacd:2:26-cv-08802'")
        assert case["case_name"] == "Sample Pe\ufffda Echo v. Noem"


# ================================================================================ GovInfo

GI_SINCE = "2026-11-18"
GI_HEALTHY, GI_FAULTY = "casd", "ca9"
PKG_A = "USCOURTS-casd-3_26-cv-00410"  # casd, listing page 1
PKG_B = "USCOURTS-casd-3_26-cv-00388"  # casd, listing page 2 (kept with keep_all_cases)
APPEAL = "USCOURTS-ca9-26-01234"  # ca9, the faulty court's one package
NEXT_MARK = "AoJwgKj8x5UDKFVTQ09VUlRTLWNhc2QtM18yNi1jdi0wMDQxMA%3D%3D"


def gi_listing_path(court: str, mark: str = "*") -> str:
    return (
        f"/published/{GI_SINCE}?offsetMark={mark}&pageSize=100&collection=USCOURTS"
        f"&courtCode={court}"
    )


def gi_mods_path(package: str) -> str:
    return f"/packages/{package}/mods"


def gi_listing(*packages: str) -> bytes:
    """A one-page `published` answer in the API's shape (SAMPLE package ids)."""
    body = {
        "count": len(packages),
        "message": None,
        "nextPage": None,
        "previousPage": None,
        "packages": [
            {
                "packageId": p,
                "lastModified": "2026-11-20T21:19:40Z",
                "packageLink": f"https://api.govinfo.gov/packages/{p}/summary",
                "docClass": "USCOURTS",
                "title": "SAMPLE package",
                "congress": None,
                "dateIssued": "2026-11-19T12:00:00Z",
            }
            for p in packages
        ],
    }
    return json.dumps(body).encode()


def gi_mods(package: str) -> bytes:
    return (GOVINFO_DATA / f"{package}.mods.xml").read_bytes()


def gi_serve(server: LoopbackServer, *, second_page: bool) -> None:
    """casd: page 1 (package A) and page 2 (B, or nothing yet); ca9: its appeal."""
    server.robots(ALLOW_ALL)
    page1 = (GOVINFO_DATA / "published-casd-1.json").read_bytes()
    page2 = (GOVINFO_DATA / "published-casd-2.json").read_bytes() if second_page else gi_listing()
    server.route(gi_listing_path("casd"), Reply(200, page1, content_type=JSON))
    server.route(gi_listing_path("casd", NEXT_MARK), Reply(200, page2, content_type=JSON))
    for package in (PKG_A, PKG_B, APPEAL):
        server.route(gi_mods_path(package), Reply(200, gi_mods(package), content_type=XML))
    server.route(gi_listing_path("ca9"), Reply(200, gi_listing(APPEAL), content_type=JSON))


def gi_crawl(server: LoopbackServer, db: Path, settings: dict | None = None):
    return run_crawl(
        db,
        [GI_HEALTHY, GI_FAULTY],
        source="govinfo",
        spider_args={
            "since": GI_SINCE,
            "base_url": server.base_url,
            "api_url": server.base_url,
            "fetch_text": False,
        },
        settings=settings,
        keep_all_cases=True,
    )


def _mods_not_utf8(body: bytes, ctype: str) -> list[Reply]:
    return [Reply(200, body.replace(b"Gomez-Luna", b"G\xf3mez-Luna"), content_type=ctype)]


# (where the fault is played: "listing" or "mods", the fault)
GI_FAULTS: dict[str, tuple[str, Fault]] = {
    "listing_html_error_page": ("listing", HTML_ERROR),
    "listing_empty_body": ("listing", EMPTY),
    "listing_malformed_json": (
        "listing",
        Fault(
            lambda body, ctype: [Reply(200, body[:-20], content_type=ctype)],
            "error",
            kind="malformed",
            message="unreadable JSON",
        ),
    ),
    "listing_truncated_content_length": ("listing", TRUNCATED),
    "listing_5xx_forever": ("listing", FIVE_XX_FOREVER),
    "listing_5xx_burst_then_ok": ("listing", FIVE_XX_BURST),
    "listing_429_retry_after_forever": ("listing", TOO_MANY_FOREVER),
    "listing_timeout": ("listing", TIMEOUT),
    "listing_connection_reset": ("listing", RESET),
    "listing_oversized": ("listing", too_big(JSON_PADDING)),
    "mods_malformed_xml": (
        "mods",
        Fault(
            lambda body, ctype: [
                Reply(200, body.replace(b"</titleInfo>", b"</titelInfo>", 1), content_type=ctype)
            ],
            "error",
            kind="malformed",
            message="MODS malformed",
        ),
    ),
    "mods_cut_short": (
        "mods",
        Fault(
            lambda body, ctype: [Reply(200, body[: len(body) // 2], content_type=ctype)],
            "error",
            kind="malformed",
            message="MODS malformed",
        ),
    ),
    "mods_truncated_content_length": ("mods", TRUNCATED),
    "mods_not_utf8_bytes": ("mods", Fault(_mods_not_utf8, "ok", stores=True)),
}


@pytest.fixture(scope="module")
def gi_store(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("govinfo") / "first.db"
    with LoopbackServer() as server:
        gi_serve(server, second_page=False)
        result = gi_crawl(server, db)
    assert {c: s["status"] for c, s in result.summary.items()} == {"casd": "ok", "ca9": "ok"}
    assert {c["id"] for c in rows(db, "select id from cases")} == {
        "casd:3:26-cv-00410",
        "ca9:26-1234",
    }
    return db


@pytest.mark.parametrize("name", list(GI_FAULTS))
def test_govinfo_fault(name, gi_store, server, tmp_path):
    """casd lists a second page with a new package; ca9's listing or MODS carries the fault."""
    where, fault = GI_FAULTS[name]
    db = tmp_path / "crawl.db"
    copy_store(gi_store, db)
    before = snapshot(db)
    gi_serve(server, second_page=True)
    if where == "listing":
        path = gi_listing_path(GI_FAULTY)
        server.route(path, *fault.replies(gi_listing(APPEAL), JSON))
    else:
        path = gi_mods_path(APPEAL)
        server.route(path, *fault.replies(gi_mods(APPEAL), XML))

    result = gi_crawl(server, db, fault.settings)

    runs = newest_runs(db, "govinfo")
    # ca9 has no RSS feed (404, only logged beside the API); a listing read leads to the MODS
    also = {"404": 1, **({"200": 1} if where == "mods" or fault.stores else {})}
    assert_counted(runs[GI_FAULTY], result.summary[GI_FAULTY], fault, also)
    assert_retry_after_kept(server, path, fault)
    healthy = runs[GI_HEALTHY]
    assert healthy["status"] == "ok" and healthy["errors"] == 0, healthy
    after = snapshot(db)
    assert_nothing_lost(before, after, frozen=set() if fault.stores else {GI_FAULTY})
    added = new_entries(before, after)
    assert set(added) == {"casd:3:26-cv-00388"}  # package B, from the healthy court
    assert "casd:3:26-cv-00388" in {key[0] for key in set(after["cases"]) - set(before["cases"])}
    assert_store_sound(db)
    if name == "mods_not_utf8_bytes":  # read with U+FFFD; the name stored before stays too
        parties = {p["name"] for p in rows(db, "select name from case_parties")}
        assert {"Mateo G\ufffdmez-Luna", "Mateo Gomez-Luna"} <= parties


# ======================================================== whole-process faults (sealtrail CLI)

BIG_SHORTS = [
    "Petition for Writ of Habeas Corpus (2241)",
    "Motion to Seal",
    "Order on Motion to Seal",
    "Notice of Appearance",
]


def big_feed(court: str, entries: int) -> bytes:
    """A SAMPLE PACER feed of `entries` entries, four per invented case."""
    from monitor.courts import court as court_info

    name = court_info(court).name
    items = []
    for index in range(entries):
        serial = index // 4
        case = SampleCase(
            court,
            name,
            f"2:26-cv-{20000 + serial:05d}",
            "-SAM",
            f"Sample Petitioner {court.upper()}-{serial} v. Noem et al",
            str(900000 + serial),
        )
        stamp = f"Thu, 19 Nov 2026 {10 + serial % 10:02d}:{serial % 60:02d}:{index % 60:02d} GMT"
        items.append(pacer_item(case, index % 4 + 1, BIG_SHORTS[index % 4], stamp))
    return pacer_feed(court, items, court_name=name).encode("latin-1")


def sealtrail_command(*args: str) -> list[str]:
    """The installed `sealtrail` script beside this interpreter (else the same CLI via -c)."""
    script = Path(sys.executable).with_name("sealtrail")
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-c", "from monitor.cli import main; main()", *args]


def cli_env() -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    return env


def start_crawl(server: LoopbackServer, db: Path, courts: list[str], log: Path):
    command = sealtrail_command(
        "crawl",
        "pacer-rss",
        "--courts",
        ",".join(courts),
        "--db",
        str(db),
        "--url-template",
        pacer_template(server),
        "--all-cases",
        "--download-delay",
        "0",
    )
    out = log.open("w")
    return subprocess.Popen(command, cwd=db.parent, env=cli_env(), stdout=out, stderr=out)


def entries_per_court(db: Path) -> dict[str, int]:
    """Entries per court, read the way a reader would (read-only, consistent snapshot)."""
    if not db.exists():
        return {}
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        sql = (
            "select c.court_id, count(*) from docket_entries d "
            "join cases c on c.id = d.case_id group by 1"
        )
        return dict(con.execute(sql).fetchall())
    except sqlite3.OperationalError:  # the schema is not there yet
        return {}
    finally:
        con.close()


def wait_for(predicate: Callable[[], Any], what: str, limit: float = 90) -> Any:
    """Poll until `predicate()` is truthy (a guard against hanging, not a timing check)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting for {what}")


def fts_sound(db: Path) -> None:
    con = sqlite3.connect(db)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "select name from sqlite_master where type = 'table' and sql like '%using fts5%'"
            )
        ]
        assert "docket_entries_fts" in tables
        for table in tables:  # raises on an index out of step with its content table
            con.execute(f"insert into {table}({table}) values ('integrity-check')")
    finally:
        con.close()


KILL_FAST = {"casd": 600, "nyed": 600, "txsd": 600}  # served at once, entries per feed
KILL_SLOW = {"nysd": 40, "cacd": 40, "azd": 40, "flsd": 40, "njd": 40}  # still pending


def test_crawl_killed_with_sigkill_midway(server, tmp_path):
    """`sealtrail crawl` killed with SIGKILL once rows exist, while later feeds are pending:
    the store is intact, every court is stored whole or not at all, what a reader saw before
    the kill is still there, and the next full run completes with nothing stored twice.
    (A killed run cannot write its own crawl_runs rows; the next run's rows are complete.)"""
    feeds = {court: big_feed(court, n) for court, n in {**KILL_FAST, **KILL_SLOW}.items()}
    courts = list(feeds)
    server.robots(ALLOW_ALL)
    for court, body in feeds.items():
        delay = 600 if court in KILL_SLOW else 0  # never answered before the kill
        server.route(pacer_path(court), Reply(200, body, content_type=RSS, delay=delay))
    db = tmp_path / "sealtrail.db"
    proc = start_crawl(server, db, courts, tmp_path / "killed.log")
    try:
        wait_for(lambda: sum(entries_per_court(db).values()) > 0, "the first stored court")
        seen = snapshot(db)  # what a reader saw before the kill
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    assert_store_sound(db)
    fts_sound(db)
    stored = entries_per_court(db)
    assert stored and set(stored) <= set(KILL_FAST)  # the pending feeds stored nothing
    assert all(stored[court] == KILL_FAST[court] for court in stored), stored  # whole courts
    assert_nothing_lost(seen, snapshot(db), frozen=set(courts))

    for court, body in feeds.items():  # the server is back to normal
        server.route(pacer_path(court), Reply(200, body, content_type=RSS))
    again = subprocess.run(
        sealtrail_command(
            "crawl", "pacer-rss", "--courts", ",".join(courts), "--db", str(db),
            "--url-template", pacer_template(server), "--all-cases", "--download-delay", "0",
            "--json",
        ),
        cwd=tmp_path, env=cli_env(), capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr[-3000:]
    summary = json.loads(again.stdout)
    assert {c: s["status"] for c, s in summary.items()} == dict.fromkeys(courts, "ok")
    runs = newest_runs(db, "pacer_rss")
    assert {c: r["status"] for c, r in runs.items()} == dict.fromkeys(courts, "ok")
    assert entries_per_court(db) == {**KILL_FAST, **KILL_SLOW}
    assert_nothing_lost(seen, snapshot(db), frozen=set())
    assert_store_sound(db)
    fts_sound(db)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_get(port: int, path: str) -> tuple[int, bytes]:
    con = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        con.request("GET", path)
        response = con.getresponse()
        return response.status, response.read()
    finally:
        con.close()


READER_PATHS = [
    "/sealtrail.json?sql=select+count(*)+as+n+from+docket_entries&_shape=array",
    "/sealtrail/docket_entries.json?_size=20&_shape=array",
    "/sealtrail/docket_entries?_search=seal",
    "/sealtrail/sealing_events.json?_size=20&_shape=array",
    "/sealtrail/recent_sealing_events.json?_shape=array",
    "/sealtrail/crawl_runs.json?_shape=array",
    "/sealtrail",
    "/-/feeds/sealing.atom",
]
BUSY_COURTS = ["casd", "nyed", "txsd", "nysd", "cacd", "azd"]
BUSY_ENTRIES = 800  # per court feed


def test_datasette_answers_concurrent_requests_while_a_crawl_writes(server, tmp_path):
    """A real `sealtrail serve` (Datasette) on the store a crawl is writing: every answer to
    many concurrent requests is a 200, none says "database is locked", and readers only ever
    see whole court feeds (each is stored in one transaction)."""
    from monitor.schema import connect

    db = tmp_path / "sealtrail.db"
    connect(str(db)).close()  # created and migrated, as `sealtrail serve` would
    port = free_port()
    log = (tmp_path / "datasette.log").open("w")
    serve = subprocess.Popen(
        sealtrail_command("serve", "--db", str(db), "--port", str(port)),
        cwd=tmp_path,
        env=cli_env(),
        stdout=log,
        stderr=log,
    )
    answers: list[tuple[str, int, bytes]] = []
    stop = threading.Event()

    def reader(offset: int) -> None:
        index = offset
        while not stop.is_set():
            path = READER_PATHS[index % len(READER_PATHS)]
            try:
                status, body = http_get(port, path)
            except OSError as exc:  # a refused or dropped connection is a failure too
                status, body = 0, repr(exc).encode()
            answers.append((path, status, body))
            index += 1

    try:
        wait_for(lambda: _answers(port), "Datasette to start")
        server.robots(ALLOW_ALL)
        for court in BUSY_COURTS:  # spaced out, so readers meet the store half written
            body = big_feed(court, BUSY_ENTRIES)
            server.route(pacer_path(court), Reply(200, body, content_type=RSS, delay=0.3))
        threads = [threading.Thread(target=reader, args=(i,)) for i in range(8)]
        for thread in threads:
            thread.start()
        crawl = start_crawl(server, db, BUSY_COURTS, tmp_path / "crawl.log")
        try:
            assert crawl.wait(timeout=300) == 0, (tmp_path / "crawl.log").read_text()[-3000:]
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=90)
    finally:
        serve.terminate()
        serve.wait(timeout=30)
        log.close()

    assert entries_per_court(db) == dict.fromkeys(BUSY_COURTS, BUSY_ENTRIES)
    assert len(answers) >= 2 * len(READER_PATHS)
    failed = [(path, status, body[:300]) for path, status, body in answers if status != 200]
    assert not failed
    assert not [path for path, _, body in answers if b"database is locked" in body.lower()]
    counts = {json.loads(body)[0]["n"] for path, _, body in answers if path == READER_PATHS[0]}
    assert all(n % BUSY_ENTRIES == 0 for n in counts), counts  # whole feeds only
    assert counts & set(range(1, BUSY_ENTRIES * len(BUSY_COURTS)))  # read during the writes


def _answers(port: int) -> bool:
    try:
        return http_get(port, "/-/versions.json")[0] == 200
    except OSError:
        return False
