"""Real GovInfo crawls (Scrapy, subprocess) against a loopback server standing in for both
www.govinfo.gov (`base_url`) and api.govinfo.gov (`api_url`).

What these prove: listings are followed across pages (`nextPage` moved onto `api_url`, its
`api_key` dropped) and merged with the RSS feed; each package's MODS becomes a case, its
granules entries, and sealing orders are read from the HTML rendition or, failing that, the
PDF, analysed and stored; a case first seen in PACER RSS is enriched by its MODS; records
without a nature of suit are handled; `Retry-After` is honoured; an API outage or a refused
key ends the run `partial` or `error` with a clear reason; the API key never leaves the
`X-Api-Key` header; hostile PDFs (a Flate bomb, 5,000 blank pages, built here by
`tests/pdfmaker.py`) are recorded problems of the run. All cases, parties and texts are sample
data (tests/data/govinfo/).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.conftest import rows
from tests.loopback import LoopbackServer, Reply
from tests.pdfmaker import make_flate_bomb, make_pdf

DATA = Path(__file__).resolve().parent / "data" / "govinfo"
SINCE = "2026-11-18"
ALLOW_ALL = "User-agent: *\nDisallow:\n"
JSON = "application/json"
XML = "application/xml; charset=utf-8"

A = "USCOURTS-casd-3_26-cv-00410"  # immigration habeas (nos 463), two sealing orders
B = "USCOURTS-casd-3_26-cv-00388"  # contract case, nothing about sealing
APPEAL = "USCOURTS-ca9-26-01234"  # petition for review, no nature of suit, sealing order
CRIMINAL = "USCOURTS-txsd-1_26-cr-00077"  # criminal case, no nature of suit, ordinary order
NEXT_MARK = "AoJwgKj8x5UDKFVTQ09VUlRTLWNhc2QtM18yNi1jdi0wMDQxMA%3D%3D"

PDF_ORDER = [
    "UNITED STATES DISTRICT COURT",
    "SOUTHERN DISTRICT OF CALIFORNIA",
    "LUCIA RAMIREZ-ORTEGA, Petitioner,",
    "v.",
    "KRISTI NOEM, Secretary of Homeland Security, et al., Respondents.",
    "Case No.: 3:26-cv-00410-RTA-ABC",
    "ORDER GRANTING IN PART AND DENYING IN PART RESPONDENTS' MOTION TO SEAL",
    "[ECF No. 12]",
    "(Sample order written for sealtrail tests: parties, judge and facts are invented.)",
    "Respondents move to seal the declaration of a deportation officer, which describes",
    "the staffing of the Otay Mesa Detention Center and the times of detainee transfers.",
    "Disclosure of those details would reveal law enforcement techniques that could be",
    "exploited to endanger officers. The Court finds compelling reasons to seal those",
    "paragraphs. Kamakana v. City & County of Honolulu, 447 F.3d 1172, 1178 (9th Cir. 2006).",
    "The rest of the declaration shall be filed publicly. The motion is GRANTED IN PART",
    "and DENIED IN PART.",
    "IT IS SO ORDERED.",
    "Dated: November 19, 2026",
    "Hon. Roberto T. Almaden",
    "United States District Judge",
]


def listing_path(court: str, mark: str = "*") -> str:
    return (
        f"/published/{SINCE}?offsetMark={mark}&pageSize=100&collection=USCOURTS&courtCode={court}"
    )


def mods_path(package: str) -> str:
    return f"/packages/{package}/mods"


def htm_path(package: str, sequence: int) -> str:
    return f"/packages/{package}/granules/{package}-{sequence}/htm"


def pdf_path(package: str, sequence: int) -> str:
    return f"/content/pkg/{package}/pdf/{package}-{sequence}.pdf"


def fixture(name: str, content_type: str = XML, **kwargs) -> Reply:
    return Reply.file(DATA / name, content_type=content_type, **kwargs)


def mods(package: str, **kwargs) -> Reply:
    return fixture(f"{package}.mods.xml", **kwargs)


def empty_listing() -> Reply:
    body = {"count": 0, "message": None, "nextPage": None, "previousPage": None, "packages": []}
    return Reply(200, json.dumps(body).encode(), content_type=JSON)


def listing_of(*packages: str) -> Reply:
    rows = [
        {
            "packageId": p,
            "lastModified": "2026-11-20T21:19:40Z",
            "packageLink": f"https://api.govinfo.gov/packages/{p}/summary",
        }
        for p in packages
    ]
    body = {"count": len(rows), "message": None, "nextPage": None, "packages": rows}
    return Reply(200, json.dumps(body).encode(), content_type=JSON)


def serve_casd(server: LoopbackServer, tmp_path: Path, *, rss: bool = True) -> None:
    """Court casd: RSS + two listing pages, packages A and B, A's texts (HTML; PDF)."""
    server.robots(ALLOW_ALL)
    if rss:
        server.route("/rss/uscourts-casd.xml", fixture("rss-uscourts-casd.xml"))
    server.route(listing_path("casd"), fixture("published-casd-1.json", JSON))
    server.route(listing_path("casd", NEXT_MARK), fixture("published-casd-2.json", JSON))
    server.route(mods_path(A), mods(A))
    server.route(mods_path(B), mods(B))
    server.route(htm_path(A, 1), fixture(f"{A}-1.htm", "text/html; charset=utf-8"))
    pdf = make_pdf(tmp_path / "order.pdf", [PDF_ORDER])
    server.route(pdf_path(A, 2), Reply.file(pdf, content_type="application/pdf"))


def govinfo_args(server: LoopbackServer, **extra) -> dict:
    return {"since": SINCE, "base_url": server.base_url, "api_url": server.base_url, **extra}


def crawl_govinfo(crawl, server: LoopbackServer, courts: list[str], **kwargs):
    spider_args = govinfo_args(server, **kwargs.pop("spider_args", {}))
    return crawl(courts, source="govinfo", spider_args=spider_args, **kwargs)


def run_of(db_path: Path, court: str) -> dict:
    row = rows(db_path, "select * from crawl_runs where court = ? order by id desc", (court,))[0]
    row["detail"] = json.loads(row["detail"] or "{}")
    return row


def test_crawl_follows_pages_and_stores_cases_entries_and_orders(server, crawl, tmp_path):
    serve_casd(server, tmp_path)
    result = crawl_govinfo(crawl, server, ["casd"])
    db = tmp_path / "crawl.db"

    assert result.summary["casd"]["status"] == "ok", result
    # both listing pages, each package's MODS once although RSS names them too
    paths = server.paths()
    assert paths.count(listing_path("casd")) == 1
    assert paths.count(listing_path("casd", NEXT_MARK)) == 1
    assert paths.count(mods_path(A)) == 1 and paths.count(mods_path(B)) == 1
    # only the two sealing orders are read: granule 1 as HTML, granule 2 as PDF after a 404
    assert htm_path(A, 0) not in paths and pdf_path(A, 0) not in paths
    assert paths.count(htm_path(A, 1)) == 1 and pdf_path(A, 1) not in paths
    assert paths.count(htm_path(A, 2)) == 1 and paths.count(pdf_path(A, 2)) == 1

    (case,) = rows(db, "select * from cases")  # the contract case is not kept
    assert case["id"] == "casd:3:26-cv-00410"
    assert case["govinfo_package"] == A
    assert (case["nature_of_suit"], case["nos_code"]) == ("Habeas Corpus - Alien Detainee", "463")
    assert case["immigration_basis"] == "nos:463"
    parties = rows(db, "select name, role from case_parties order by name")
    assert {"name": "Lucia Ramirez-Ortega", "role": "Petitioner"} in parties

    entries = rows(db, "select * from docket_entries order by date_filed, text")
    assert len(entries) == 3  # two granules share a date: still two entries
    assert all(e["entry_number"] is None for e in entries)
    assert [e["date_filed"] for e in entries] == ["2026-11-18", "2026-11-19", "2026-11-19"]
    sources = rows(db, "select source_id from entry_sources where source = 'govinfo'")
    assert {s["source_id"] for s in sources} == {f"{A}-0", f"{A}-1", f"{A}-2"}

    documents = rows(db, "select * from documents order by title")
    assert len(documents) == 2
    assert all(d["case_id"] == "casd:3:26-cv-00410" and d["entry_id"] for d in documents)
    texts = " ".join(d["text"] for d in documents)
    assert "credible fear interview" in texts  # from the HTML rendition
    assert "deportation officer" in texts  # from the PDF's text layer
    assert "never part of the text" not in texts  # the page's script is dropped

    events = rows(db, "select * from sealing_events order by entry_id")
    assert len(events) == 2
    assert {e["outcome"] for e in events} == {"granted", "granted_in_part"}
    assert all(e["document_id"] for e in events)
    reasons = {r["reason"] for r in rows(db, "select reason from event_reasons")}
    assert "asylum_confidentiality" in reasons and "law_enforcement" in reasons

    run = run_of(db, "casd")
    assert run["source"] == "govinfo" and run["status"] == "ok"
    assert run["detail"]["documents"] == 2
    assert "offsetMark=*" in run["detail"]["url"]


def test_retry_after_on_the_api_is_waited_out(server, crawl, tmp_path):
    serve_casd(server, tmp_path, rss=False)
    server.route(
        mods_path(A), Reply(429, b"Too Many Requests", headers={"Retry-After": "2"}), mods(A)
    )
    result = crawl_govinfo(crawl, server, ["casd"])

    assert result.summary["casd"]["status"] == "ok", result
    limited, retried = server.requests_for(mods_path(A))
    assert limited.status == 429 and retried.status == 200
    assert retried.started - limited.finished >= 1.9
    later = [r for r in server.requests if r.started > limited.finished]
    assert all(r.started - limited.finished >= 1.9 for r in later)


def test_api_outage_mid_run_keeps_what_was_stored(server, crawl, tmp_path):
    serve_casd(server, tmp_path, rss=False)
    server.route(mods_path(B), Reply(500, b"Internal Server Error"))
    result = crawl_govinfo(crawl, server, ["casd"])
    db = tmp_path / "crawl.db"

    assert result.summary["casd"]["status"] == "partial", result
    assert len(server.requests_for(mods_path(B))) == 4  # first try + RETRY_TIMES
    assert [c["id"] for c in rows(db, "select id from cases")] == ["casd:3:26-cv-00410"]
    assert len(rows(db, "select * from docket_entries")) == 3
    assert len(rows(db, "select * from sealing_events")) == 2
    run = run_of(db, "casd")
    assert run["status"] == "partial"
    assert any(B in e and "HTTP 500" in e for e in run["detail"]["errors"])


def test_records_without_nature_of_suit(server, crawl, tmp_path):
    server.robots(ALLOW_ALL)
    server.route(listing_path("ca9"), listing_of(APPEAL))
    server.route(listing_path("txsd"), listing_of(CRIMINAL))
    server.route(mods_path(APPEAL), mods(APPEAL))
    server.route(mods_path(CRIMINAL), mods(CRIMINAL))
    result = crawl_govinfo(crawl, server, ["ca9", "txsd"], spider_args={"fetch_text": False})
    db = tmp_path / "crawl.db"

    assert {c: s["status"] for c, s in result.summary.items()} == {"ca9": "ok", "txsd": "ok"}
    # the appeal is kept (immigration by its parties), under the unpadded number; the
    # criminal case is neither immigration-related nor about sealing: nothing of it is kept
    (case,) = rows(db, "select * from cases")
    assert case["id"] == "ca9:26-1234"
    assert case["nature_of_suit"] is None and case["nos_code"] is None
    assert case["immigration"] == 1 and case["immigration_basis"].startswith("party:Bondi")
    (entry,) = rows(db, "select * from docket_entries")
    assert entry["case_id"] == "ca9:26-1234"
    assert len(rows(db, "select * from sealing_events")) == 1  # from the docket text
    assert not any("/htm" in p or ".pdf" in p for p in server.paths())  # fetch_text=False


def test_case_from_pacer_rss_is_enriched_by_mods(server, crawl, tmp_path):
    from monitor.schema import connect
    from monitor.store import ingest_entries

    db = tmp_path / "crawl.db"
    store = connect(str(db))
    ingest_entries(
        store,
        [
            {
                "court": "casd",
                "docket_number": "3:26-cv-00410",
                "case_name": "Ramirez-Ortega v. Noem et al",
                "pacer_case_id": "800410",
                "entry_number": 9,
                "short_description": "Motion to Seal",
                "text": "",
                "document_url": None,
                "published": "2026-11-17T18:00:00+00:00",
                "guid": "https://ecf.casd.uscourts.gov/cgi-bin/DktRpt.pl?800410&9",
                "case_url": "https://ecf.casd.uscourts.gov/cgi-bin/DktRpt.pl?800410",
            }
        ],
        source="pacer_rss",
        now="2026-11-17T18:05:00+00:00",
    )
    (before,) = rows(db, "select * from cases")
    assert before["nature_of_suit"] is None and before["immigration_basis"].startswith("party:")
    store.close()

    serve_casd(server, tmp_path, rss=False)
    result = crawl_govinfo(crawl, server, ["casd"], spider_args={"fetch_text": False})

    assert result.summary["casd"]["status"] == "ok", result
    (case,) = rows(db, "select * from cases")
    assert case["id"] == "casd:3:26-cv-00410"
    assert case["nature_of_suit"] == "Habeas Corpus - Alien Detainee"
    assert case["nos_code"] == "463"
    assert case["nos_source"] == "govinfo"
    assert case["immigration_basis"] == "nos:463"
    assert case["pacer_case_id"] == "800410"  # what PACER said stays
    assert json.loads(case["sources"]) == ["pacer_rss", "govinfo"]


def test_refused_api_key_is_a_clear_error(server, crawl, tmp_path):
    server.robots(ALLOW_ALL)
    refusal = json.dumps({"error": {"code": "API_KEY_INVALID", "message": "invalid key"}})
    server.route(listing_path("casd"), Reply(403, refusal.encode(), content_type=JSON))
    result = crawl_govinfo(crawl, server, ["casd"], env={"GOVINFO_API_KEY": "not-a-real-key"})
    db = tmp_path / "crawl.db"

    assert result.summary["casd"]["status"] == "error", result
    run = run_of(db, "casd")
    assert run["detail"]["kind"] == "api_key"
    assert "GovInfo rejected the API key (HTTP 403)" in run["detail"]["errors"][0]
    assert "GovInfo rejected the API key" in result.log
    assert len(server.requests_for(listing_path("casd"))) == 1  # not retried


def test_api_key_stays_in_the_header(server, crawl, tmp_path):
    key = "k3y-5f3a9c0e-sample-not-real"
    serve_casd(server, tmp_path)
    result = crawl_govinfo(crawl, server, ["casd"], env={"GOVINFO_API_KEY": key})
    db = tmp_path / "crawl.db"

    assert result.summary["casd"]["status"] == "ok", result
    api = [r for r in server.requests if r.path.startswith(("/published/", "/packages/"))]
    www = [r for r in server.requests if r.path.startswith(("/rss/", "/content/"))]
    assert api and www
    assert all(r.headers.get("X-Api-Key") == key for r in api)
    assert not any("X-Api-Key" in r.headers for r in www)
    # the nextPage URL echoed api_key=DEMO_KEY: it was dropped before the request
    assert not any("api_key" in r.path.lower() for r in server.requests)
    assert key not in result.log and key not in result.stdout
    con = sqlite3.connect(db)
    try:
        dump = "\n".join(con.iterdump())
    finally:
        con.close()
    assert key not in dump


def test_spent_api_budget_is_a_note_and_keeps_what_was_stored(server, crawl, tmp_path):
    serve_casd(server, tmp_path, rss=False)
    result = crawl_govinfo(
        crawl,
        server,
        ["casd"],
        settings={"SEALTRAIL_BUDGETS": {"govinfo": {"hour": 2}}},
        env={"GOVINFO_API_KEY": "sample-key-for-budget-test"},
        spider_args={"fetch_text": False},
    )
    db = tmp_path / "crawl.db"

    assert result.summary["casd"]["status"] == "partial", result
    api = [r for r in server.requests if r.path.startswith(("/published/", "/packages/"))]
    assert len(api) == 2  # the budget, not one call more
    run = run_of(db, "casd")
    assert any("budget" in note.lower() for note in run["detail"]["notes"])
    assert run["errors"] == 0


def test_without_the_api_rss_mods_and_pdfs_come_from_the_website(server, crawl, tmp_path):
    serve_casd(server, tmp_path)
    server.route(f"/metadata/pkg/{A}/mods.xml", mods(A))
    server.route(f"/metadata/pkg/{B}/mods.xml", mods(B))
    other = [line.replace("[ECF No. 12]", "[ECF No. 9]") for line in PDF_ORDER]
    pdf = make_pdf(tmp_path / "order1.pdf", [other])
    server.route(pdf_path(A, 1), Reply.file(pdf, content_type="application/pdf"))
    result = crawl_govinfo(crawl, server, ["casd"], spider_args={"api_url": None})

    assert result.summary["casd"]["status"] == "ok", result
    paths = server.paths()
    assert not any(p.startswith(("/published/", "/packages/")) for p in paths)
    assert paths.count(pdf_path(A, 1)) == 1 and paths.count(pdf_path(A, 2)) == 1
    assert not any("X-Api-Key" in r.headers for r in server.requests)
    assert len(rows(tmp_path / "crawl.db", "select * from documents")) == 2


def test_after_a_refused_key_rss_packages_come_from_the_website(server, crawl, tmp_path):
    serve_casd(server, tmp_path)
    refused = Reply(403, b'{"error": {"code": "API_KEY_INVALID"}}', content_type=JSON)
    for path in (listing_path("casd"), mods_path(A), mods_path(B)):
        server.route(path, refused)  # a refused key is refused everywhere
    server.route(f"/metadata/pkg/{A}/mods.xml", mods(A))
    server.route(f"/metadata/pkg/{B}/mods.xml", mods(B))
    result = crawl_govinfo(crawl, server, ["casd"], spider_args={"fetch_text": False})
    db = tmp_path / "crawl.db"

    assert result.summary["casd"]["status"] == "partial", result  # refused, but RSS stored
    assert len(server.requests_for(listing_path("casd"))) == 1
    # MODS asked of the API before the refusal was known are asked again of the website
    assert server.requests_for(f"/metadata/pkg/{A}/mods.xml")
    assert [c["id"] for c in rows(db, "select id from cases")] == ["casd:3:26-cv-00410"]
    assert "GovInfo rejected the API key" in run_of(db, "casd")["detail"]["errors"][0]


def test_a_mirror_without_an_api_address_never_reaches_the_real_api():
    from crawler.spiders.govinfo import API_URL, GovInfoSpider

    assert GovInfoSpider(courts="casd").api_url == API_URL
    mirror = GovInfoSpider(courts="casd", base_url="http://127.0.0.1:9/govinfo")
    assert mirror.api_url is None and mirror.listing_url("casd").startswith("http://127.0.0.1:9/")
    both = GovInfoSpider(
        courts="casd", base_url="http://127.0.0.1:9", api_url="http://127.0.0.1:9/"
    )
    assert both.api_url == "http://127.0.0.1:9"
    assert GovInfoSpider(courts="casd", api_url="off").api_url is None


APPEAL_ORDER = [
    "UNITED STATES COURT OF APPEALS FOR THE NINTH CIRCUIT",
    "No. 26-1234",
    "(Sample order written for sealtrail tests: parties and facts are invented.)",
    "ORDER",
    "Respondent's unopposed motion to file the certified administrative record under seal",
    "is GRANTED. The Clerk shall file the certified administrative record under seal.",
    "FOR THE COURT: Appellate Commissioner",
]


def test_hostile_pdfs_are_recorded_problems_and_the_rest_is_stored(server, crawl, tmp_path):
    """Issue 13: a Flate bomb and a PDF of 5,000 blank pages in one run with good orders. The
    crawl process is capped at 1 GiB (the test's own bound): reading the bomb in the crawl's
    process, as before, dies of it; the reader's child stops at its own 512 MB."""
    serve_casd(server, tmp_path)  # A-1: HTML rendition (good); A-2's PDF is replaced below
    server.route(pdf_path(A, 0), Reply.file(make_pdf(tmp_path / "blank.pdf", [None] * 5000)))
    bomb = make_flate_bomb(tmp_path / "bomb.pdf", inflated_mib=2048)
    server.route(pdf_path(A, 2), Reply.file(bomb, content_type="application/pdf"))
    server.route(listing_path("ca9"), listing_of(APPEAL))
    server.route(mods_path(APPEAL), mods(APPEAL))
    good = make_pdf(tmp_path / "appeal.pdf", [APPEAL_ORDER])
    server.route(pdf_path(APPEAL, 0), Reply.file(good, content_type="application/pdf"))
    result = crawl_govinfo(
        crawl, server, ["casd", "ca9"], spider_args={"fetch_text": "all"}, memory_limit_mb=1024
    )
    db = tmp_path / "crawl.db"

    assert result.summary["casd"]["status"] == "partial", result
    assert result.summary["ca9"]["status"] == "ok", result
    casd = run_of(db, "casd")
    assert casd["status"] == "partial" and casd["errors"] == 0
    assert sorted(casd["detail"]["problems"]) == [
        f"{A}-0: PDF over the 500-page limit",
        f"{A}-2: PDF reading used more than 512 MB of memory",
    ]
    # everything else in the run is stored: cases, entries, events, the two good orders
    assert {c["id"] for c in rows(db, "select id from cases")} == {
        "casd:3:26-cv-00410",
        "ca9:26-1234",
    }
    assert len(rows(db, "select * from docket_entries")) == 4
    assert len(rows(db, "select * from sealing_events")) == 3
    sources = rows(db, "select source_id from document_sources order by source_id")
    assert [s["source_id"] for s in sources] == [f"{APPEAL}-0", f"{A}-1"]
    documents = rows(db, "select case_id, text from documents order by case_id")
    assert [d["case_id"] for d in documents] == ["ca9:26-1234", "casd:3:26-cv-00410"]
    assert "administrative record under seal" in documents[0]["text"]  # a PDF, after the bomb
    paths = server.paths()
    assert all(paths.count(pdf_path(A, n)) == 1 for n in (0, 2))
