"""GovInfo re-read for sealing after the fact (`crawler.spiders.recheck_govinfo`), for real.

Each scenario builds its store with a first GovInfo crawl (Scrapy, subprocess) from a loopback
server standing in for www.govinfo.gov and api.govinfo.gov, then runs the re-read spider the
way `sealtrail recheck` will (`crawler.run.crawl(spider=...)` with the cases
`monitor.rechecks.cases_due` gives) against a changed server, and reads back the store:
`rechecks`, `docket_changes`, `sealing_events`, `crawl_runs`.

The MODS records are SAMPLE data built here (`sample_mods`): the case, parties, judge, ids and
dates are invented; the layout follows GovInfo's USCOURTS package MODS, and
`test_sample_mods_has_the_real_granule_shape` checks it against real records in
`../shared/fixtures/govinfo/mods/` (skipped without them).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from lxml import etree

from crawler.parsers.govinfo import parse_mods
from tests.conftest import rows
from tests.loopback import LoopbackServer, Reply
from tests.test_govinfo_crawl import ALLOW_ALL, JSON, SINCE, XML, listing_of, listing_path

RECHECK_SPIDER = "crawler.spiders.recheck_govinfo.GovInfoRecheckSpider"
SHARED_MODS = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "govinfo" / "mods"
NS = {"m": "http://www.loc.gov/mods/v3"}

PKG = "USCOURTS-casd-3_26-cv-00733"
CASE_ID = "casd:3:26-cv-00733"
OTHER_PKG = "USCOURTS-casd-3_26-cv-00745"
OTHER_CASE_ID = "casd:3:26-cv-00745"
GRANULES = [
    (0, "2026-11-02", "ORDER Setting Briefing Schedule on Petition for Writ of Habeas Corpus."),
    (1, "2026-11-09", "ORDER Granting Respondents' Motion to File Exhibit B Under Seal."),
    (2, "2026-11-16", "ORDER Granting Petitioner's Motion for Temporary Restraining Order."),
]
GONE = {"message": "The requested resource does not exist."}


def sample_mods(package: str, granules: list[tuple[int, str, str]]) -> bytes:
    """A USCOURTS package MODS record, SAMPLE data (invented case, parties and judge)."""
    number = package.split("-", 2)[2].replace("_", ":")
    case_name = "Okonkwo-Reyes v. Warden, Otay Mesa Detention Center"
    case_ext = f"""<extension>
 <docClass>USCOURTS</docClass>
 <accessId>{package}</accessId>
 <courtType>District</courtType>
 <courtCode>casd</courtCode>
 <courtCircuit>9th</courtCircuit>
 <courtState>California</courtState>
 <caseNumber>{number}</caseNumber>
 <caseOffice>San Diego</caseOffice>
 <caseType>civil</caseType>
 <natureSuitCode>463</natureSuitCode>
 <natureSuit>Habeas Corpus - Alien Detainee</natureSuit>
 <cause>28:2241 Petition for Writ of Habeas Corpus (federa</cause>
 <party fullName="Amara Okonkwo-Reyes" lastName="Okonkwo-Reyes" role="Petitioner"></party>
 <party fullName="Warden, Otay Mesa Detention Center" lastName="Warden" role="Respondent"></party>
</extension>"""
    items = []
    for sequence, date, text in granules:
        granule = f"{package}-{sequence}"
        text = escape(f"{text} Signed by Judge Marisol T. Vance on {date}. (SAMPLE)")
        items.append(f"""<relatedItem type="constituent" ID="id-{granule}" xlink:href="https://www.govinfo.gov/metadata/granule/{package}/{granule}/mods.xml">
 <titleInfo>
  <title>{case_name}</title>
  <subTitle>{text}</subTitle>
  <partNumber>{sequence}</partNumber>
 </titleInfo>
 <originInfo>
  <dateIssued>{date}</dateIssued>
 </originInfo>
 <relatedItem type="otherFormat" xlink:href="https://www.govinfo.gov/content/pkg/{package}/pdf/{granule}.pdf">
  <identifier type="FDsys Unique ID">D09002ee1f00d{sequence:04d}</identifier>
 </relatedItem>
 <identifier type="uri">https://www.govinfo.gov/app/details/{package}/{granule}</identifier>
 <location>
  <url access="object in context" displayLabel="Content Detail">https://www.govinfo.gov/app/details/{package}/{granule}</url>
  <url access="raw object" displayLabel="PDF rendition">https://www.govinfo.gov/content/pkg/{package}/pdf/{granule}.pdf</url>
 </location>
 <extension>
  <searchTitle>USCOURTS {number}; {case_name}; </searchTitle>
  <courtName>United States District Court Southern District of California</courtName>
  <state>California</state>
  <accessId>{granule}</accessId>
  <sequenceNumber>{sequence}</sequenceNumber>
  <dateIssued>{date}</dateIssued>
  <docketText>{text}</docketText>
 </extension>
</relatedItem>""")
    second_ext = case_ext.replace("</extension>", " <state>California</state>\n</extension>")
    granule_items = "\n".join(items)
    body = f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- SAMPLE DATA written for sealtrail tests: case, parties, judge, ids and dates are invented. -->
<mods xmlns="http://www.loc.gov/mods/v3" xmlns:xlink="http://www.w3.org/1999/xlink"
 version="3.3" ID="P0b002ee1f00d0733">
<extension>
 <collectionCode>USCOURTS</collectionCode>
 <category>Judicial Publications</category>
 <branch>judicial</branch>
 <dateIngested>2026-11-17</dateIngested>
</extension>
<originInfo>
 <publisher>Administrative Office of the United States Courts</publisher>
 <dateIssued encoding="w3cdtf">{granules[0][1] if granules else "2026-11-02"}</dateIssued>
</originInfo>
<identifier type="uri">https://www.govinfo.gov/app/details/{package}</identifier>
<recordInfo>
 <recordIdentifier source="DGPO">{package}</recordIdentifier>
</recordInfo>
{case_ext}
<titleInfo>
 <title>{case_name}</title>
 <partNumber>{number}</partNumber>
</titleInfo>
<location>
 <url access="object in context" displayLabel="Content Detail">https://www.govinfo.gov/app/details/{package}</url>
</location>
<identifier type="preferred citation">{number};26-{int(number.rsplit("-", 1)[1])}</identifier>
<name type="personal">
 <displayForm>Amara Okonkwo-Reyes</displayForm>
 <namePart type="family">Okonkwo-Reyes</namePart>
 <description>Petitioner</description>
</name>
<name type="personal">
 <displayForm>Warden, Otay Mesa Detention Center</displayForm>
 <namePart type="family">Warden</namePart>
 <description>Respondent</description>
</name>
{second_ext}
{granule_items}
</mods>
"""
    return body.encode("utf-8")


def mods_reply(granules=GRANULES, package: str = PKG, **kwargs) -> Reply:
    return Reply(200, sample_mods(package, granules), content_type=XML, **kwargs)


def api_mods(package: str = PKG) -> str:
    return f"/packages/{package}/mods"


def api_summary(package: str = PKG) -> str:
    return f"/packages/{package}/summary"


def gone(status: int = 404) -> Reply:
    return Reply(status, json.dumps(GONE).encode(), content_type=JSON)


def addresses(server: LoopbackServer) -> dict:
    return {"base_url": server.base_url, "api_url": server.base_url}


def first_crawl(server, crawl, packages=(PKG,), env=None):
    """The store a first GovInfo crawl builds: the case, its granules as entries, events."""
    server.robots(ALLOW_ALL)
    server.route(listing_path("casd"), listing_of(*packages))
    for package in packages:
        server.route(api_mods(package), mods_reply(package=package))
    args = {"since": SINCE, "fetch_text": False, **addresses(server)}
    result = crawl(["casd"], source="govinfo", spider_args=args, env=env)
    assert result.summary["casd"]["status"] == "ok", result
    return result


def due(db: Path, **kwargs) -> list[dict]:
    from monitor.rechecks import cases_due
    from monitor.schema import connect

    store = connect(str(db))
    try:
        return cases_due(store, "govinfo", **kwargs)
    finally:
        store.close()


def recheck(server, crawl, db: Path, case_ids=(CASE_ID,), api=True, **kwargs):
    """One re-read through the real composition (`crawl(spider=recheck_spider)`)."""
    cases = due(db, case_ids=list(case_ids))
    assert [c["govinfo_package"] for c in cases], cases
    args = {"cases": cases, **addresses(server), **({} if api else {"api_url": None})}
    return crawl(["casd"], source="govinfo", spider=RECHECK_SPIDER, spider_args=args, **kwargs)


def rechecks(db: Path) -> list[dict]:
    found = rows(db, "select * from rechecks order by id")
    for row in found:
        row["detail"] = json.loads(row["detail"] or "{}")
    return found


def changes(db: Path) -> list[dict]:
    return rows(db, "select * from docket_changes order by id")


def entry_of(db: Path, granule: str) -> str:
    (row,) = rows(db, "select entry_id from entry_sources where source_id = ?", (granule,))
    return row["entry_id"]


def recheck_runs(db: Path) -> list[dict]:
    found = rows(db, "select * from crawl_runs where source = 'govinfo_recheck' order by id")
    for row in found:
        row["detail"] = json.loads(row["detail"] or "{}")
    return found


# -- (a) + (d): a granule removed, then no change, then back -----------------------------------


def test_a_removed_granule_is_one_withdrawal_and_a_quiet_read_records_nothing(
    server, crawl, tmp_path
):
    db = tmp_path / "crawl.db"
    first_crawl(server, crawl)
    # the case has sealing activity (granule 1), so it is due from GovInfo without asking
    assert [c["case_id"] for c in due(db)] == [CASE_ID]
    events_before = rows(db, "select id from sealing_events")
    without_2 = GRANULES[:2]
    server.route(api_mods(), mods_reply(without_2), mods_reply(without_2), mods_reply())

    result = recheck(server, crawl, db)

    assert result.summary["casd"]["status"] == "ok", result
    (read,) = rechecks(db)
    assert (read["case_id"], read["source"], read["status"]) == (CASE_ID, "govinfo", "complete")
    assert (read["entries"], read["changes"]) == (2, 1)
    assert read["detail"]["addresses"] == [{"url": server.url(api_mods()), "status": 200}]
    (change,) = changes(db)
    entry = entry_of(db, f"{PKG}-2")
    assert (change["kind"], change["item_kind"], change["item_id"]) == (
        "withdrawn",
        "granule",
        f"{PKG}-2",
    )
    assert (change["before"], change["after"], change["entry_id"]) == ("public", "withdrawn", entry)
    evidence = json.loads(change["evidence"])
    assert evidence["compared"] == "the GovInfo package read in full"
    assert evidence["addresses"] == [{"url": server.url(api_mods()), "status": 200}]
    (event,) = rows(db, "select * from sealing_events where id = ?", (change["event_id"],))
    assert (event["event_type"], event["entry_id"]) == ("sealed_after_filing", entry)
    assert len(rows(db, "select id from sealing_events")) == len(events_before) + 1
    # the MODS was read in full: never a conditional request
    (asked,) = server.requests_for(api_mods())[-1:]
    assert "If-None-Match" not in asked.headers and "If-Modified-Since" not in asked.headers
    (run,) = recheck_runs(db)
    assert run["status"] == "ok" and run["court"] == "casd" and run["new_events"] == 1

    # (d) the same package read again: a read, no change, no event
    recheck(server, crawl, db)
    assert [r["status"] for r in rechecks(db)] == ["complete", "complete"]
    assert rechecks(db)[1]["changes"] == 0
    assert len(changes(db)) == 1
    assert len(rows(db, "select id from sealing_events")) == len(events_before) + 1

    # the granule comes back: unsealed after filing, on the same entry
    recheck(server, crawl, db)
    back = changes(db)[1]
    assert (back["kind"], back["item_id"]) == ("unsealed_later", f"{PKG}-2")
    assert back["entry_id"] == entry
    (event,) = rows(db, "select * from sealing_events where id = ?", (back["event_id"],))
    assert event["event_type"] == "unsealed_after_filing"
    assert len(server.requests_for(api_summary())) == 0  # a MODS that answers needs no summary


# -- (b) + (e): the package gone from every address; the key never stored or logged ----------


def test_b_package_gone_from_every_address_withdraws_each_granule(server, crawl, tmp_path):
    key = "k3y-6b1d-recheck-sample-not-real"
    db = tmp_path / "crawl.db"
    first_crawl(server, crawl, env={"GOVINFO_API_KEY": key})
    server.route(api_mods(), gone())
    server.route(api_summary(), gone())

    result = recheck(server, crawl, db, env={"GOVINFO_API_KEY": key})

    (read,) = rechecks(db)
    assert read["status"] == "withdrawn" and read["changes"] == 3
    assert read["detail"]["addresses"] == [
        {"url": server.url(api_mods()), "status": 404},
        {"url": server.url(api_summary()), "status": 404},
    ]
    found = changes(db)
    assert sorted(c["item_id"] for c in found) == [f"{PKG}-{n}" for n in range(3)]
    assert {(c["kind"], c["after"]) for c in found} == {("withdrawn", "withdrawn")}
    assert {c["entry_id"] for c in found} == {entry_of(db, f"{PKG}-{n}") for n in range(3)}
    events = rows(db, "select * from sealing_events where id like '%:change-%'")
    assert len(events) == 3 and {e["event_type"] for e in events} == {"sealed_after_filing"}
    # a third read finds it gone still: nothing new
    recheck(server, crawl, db, env={"GOVINFO_API_KEY": key})
    assert [r["status"] for r in rechecks(db)] == ["withdrawn", "withdrawn"]
    assert len(changes(db)) == 3

    # (e) the key went in the header of the API requests only, and nowhere else
    api = [r for r in server.requests if r.path.startswith("/packages/")]
    assert api and all(r.headers.get("X-Api-Key") == key for r in api)
    assert not any("api_key" in r.path.lower() or key in r.path for r in server.requests)
    assert key not in result.log and key not in result.stdout
    con = sqlite3.connect(db)
    try:
        dump = "\n".join(con.iterdump())
    finally:
        con.close()
    assert key not in dump
    assert all(key not in json.dumps(run) for run in recheck_runs(db))


@pytest.mark.parametrize(
    "summary",
    [
        Reply(200, b'{"packageId": "USCOURTS-casd-3_26-cv-00733"}', content_type=JSON),
        Reply(500, b"Internal Server Error"),
        None,  # the loopback's HTML 404 page: not the API's answer
    ],
    ids=["summary-answers", "summary-500", "summary-html-404"],
)
def test_b_a_missing_mods_without_a_definite_summary_is_no_withdrawal(
    server, crawl, tmp_path, summary
):
    db = tmp_path / "crawl.db"
    first_crawl(server, crawl)
    server.route(api_mods(), gone())
    if summary is not None:
        server.route(api_summary(), summary)

    recheck(server, crawl, db)

    (read,) = rechecks(db)
    assert read["status"] == "failed" and read["changes"] == 0
    assert read["detail"]["addresses"][0] == {"url": server.url(api_mods()), "status": 404}
    assert read["detail"]["addresses"][1]["url"] == server.url(api_summary())
    assert changes(db) == []
    assert [c["case_id"] for c in due(db)] == [CASE_ID]  # still due
    (run,) = recheck_runs(db)
    assert any("summary" in error for error in run["detail"]["errors"])


def test_b_400_with_govinfos_words_counts_as_gone(server, crawl, tmp_path):
    """usgpo/api#158: GovInfo answered 400 "The requested resource does not exist." for a
    rendition of a package that does not exist."""
    db = tmp_path / "crawl.db"
    first_crawl(server, crawl)
    server.route(api_mods(), gone(400))
    server.route(api_summary(), gone(404))

    recheck(server, crawl, db)

    assert rechecks(db)[0]["status"] == "withdrawn"
    assert len(changes(db)) == 3


# -- (c): a failed read compares nothing -------------------------------------------------------


def _truncated_after_granule_1() -> Reply:
    body = sample_mods(PKG, GRANULES)
    cut = body.index(b"</relatedItem>", body.index(f"{PKG}-1</accessId>".encode()))
    return Reply(200, body[: cut + len(b"</relatedItem>")], content_type=XML)


@pytest.mark.parametrize(
    "reply",
    [
        Reply(500, b"Internal Server Error"),
        Reply(503, b'{"message": "Generating MODS"}', headers={"Retry-After": "0"}),
        Reply(200, b"<!DOCTYPE html><html><head><title>Error</title></head><body>oops</body>"),
        _truncated_after_granule_1(),
        mods_reply(truncate=True),
        Reply(302, headers={"Location": "https://elsewhere.example/mods"}),
    ],
    ids=["http-500", "http-503", "html-page", "truncated-xml", "cut-connection", "redirect-away"],
)
def test_c_failed_read_records_no_change(server, crawl, tmp_path, reply):
    db = tmp_path / "crawl.db"
    first_crawl(server, crawl)
    events_before = len(rows(db, "select id from sealing_events"))
    server.route(api_mods(), reply)

    result = recheck(server, crawl, db)

    (read,) = rechecks(db)
    assert read["status"] == "failed" and read["changes"] == 0, (read, result)
    assert read["detail"]["failure"] and read["detail"]["addresses"]
    assert read["detail"]["addresses"][0]["url"] == server.url(api_mods())
    assert changes(db) == []
    assert len(rows(db, "select id from sealing_events")) == events_before
    assert server.requests_for(api_summary()) == []  # only a definite 404 asks the summary
    assert [c["case_id"] for c in due(db)] == [CASE_ID]  # a failed read leaves the case due
    (run,) = recheck_runs(db)
    assert run["errors"] >= 1 and run["status"] in ("error", "partial")
    # the granules the baseline had are still public
    states = rows(db, "select state from source_items where kind = 'granule'")
    assert all(s["state"] == "public" for s in states)


def test_c_a_granule_left_out_by_the_parser_is_a_partial_read_never_a_withdrawal(
    server, crawl, tmp_path
):
    """Whole XML, but granule 2 carries no id: the read shows granules 0 and 1 and cannot
    say that 2 is gone."""
    db = tmp_path / "crawl.db"
    first_crawl(server, crawl)
    body = sample_mods(PKG, GRANULES)
    body = body.replace(f' ID="id-{PKG}-2"'.encode(), b"")
    body = body.replace(f"<accessId>{PKG}-2</accessId>".encode(), b"")
    server.route(api_mods(), Reply(200, body, content_type=XML))

    recheck(server, crawl, db)

    (read,) = rechecks(db)
    assert (read["status"], read["entries"], read["changes"]) == ("partial", 2, 0)
    assert changes(db) == []


def test_b_without_the_api_a_missing_mods_is_not_confirmed(server, crawl, tmp_path):
    db = tmp_path / "crawl.db"
    first_crawl(server, crawl)
    server.route(f"/metadata/pkg/{PKG}/mods.xml", Reply(404, b""))
    before = len(server.requests)

    recheck(server, crawl, db, api=False)

    (read,) = rechecks(db)
    assert read["status"] == "failed" and changes(db) == []
    assert "confirmed only by the API" in read["detail"]["failure"]
    asked = [r.path for r in server.requests[before:]]
    assert asked.count(f"/metadata/pkg/{PKG}/mods.xml") == 1
    assert not any(path.startswith("/packages/") for path in asked)


# -- budget, refused key ----------------------------------------------------------------------


def test_a_spent_budget_fails_the_remaining_reads_with_a_note(server, crawl, tmp_path):
    key = "k3y-budget-recheck-sample"
    db = tmp_path / "crawl.db"
    first_crawl(server, crawl, packages=(PKG, OTHER_PKG), env={"GOVINFO_API_KEY": key})
    made = len(rows(db, "select * from api_calls where source = 'govinfo'"))
    assert made == 3  # the listing and two MODS

    result = recheck(
        server,
        crawl,
        db,
        case_ids=(CASE_ID, OTHER_CASE_ID),
        env={"GOVINFO_API_KEY": key},
        settings={"SEALTRAIL_BUDGETS": {"govinfo": {"hour": made + 1}}},
    )

    reads = rechecks(db)
    assert sorted(r["status"] for r in reads) == ["complete", "failed"], result
    (spent,) = [r for r in reads if r["status"] == "failed"]
    assert "budget" in spent["detail"]["failure"].lower()
    assert changes(db) == []
    (run,) = recheck_runs(db)
    assert run["status"] == "partial"
    assert any("budget" in note.lower() for note in run["detail"]["notes"])
    assert len(rows(db, "select * from api_calls where source = 'govinfo'")) == made + 1
    # the case the budget did not cover stays due; the one read is not
    assert [c["case_id"] for c in due(db)] == [spent["case_id"]]


def test_a_refused_key_reads_the_mods_from_the_website(server, crawl, tmp_path):
    db = tmp_path / "crawl.db"
    first_crawl(server, crawl)
    refused = Reply(403, b'{"error": {"code": "API_KEY_INVALID"}}', content_type=JSON)
    server.route(api_mods(), refused)
    server.route(f"/metadata/pkg/{PKG}/mods.xml", mods_reply(GRANULES[:2]))

    recheck(server, crawl, db, env={"GOVINFO_API_KEY": "not-a-real-key"})

    (read,) = rechecks(db)
    assert read["status"] == "complete" and read["changes"] == 1
    assert [a["status"] for a in read["detail"]["addresses"]] == [403, 200]
    assert changes(db)[0]["item_id"] == f"{PKG}-2"
    (run,) = recheck_runs(db)
    assert "GovInfo rejected the API key" in run["detail"]["errors"][0]


# -- through the command ----------------------------------------------------------------------


def test_sealtrail_recheck_govinfo_runs_this_spider(server, crawl, tmp_path):
    """`sealtrail recheck govinfo` (its child process, `crawler.run.crawl(spider=...)`) finds
    the withdrawn granule, and a second run the same day finds nothing due."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    db = tmp_path / "crawl.db"
    first_crawl(server, crawl)
    server.route(api_mods(), mods_reply(GRANULES[:2]))
    command = [sys.executable, "-m", "monitor.cli", "recheck", "govinfo", "--db", str(db)]
    command += ["--base-url", server.base_url, "--api-url", server.base_url, "--json"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)

    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    (result,) = report["sources"]["govinfo"]["cases"]
    assert result["outcome"] == "complete", result
    (change,) = changes(db)
    assert (change["kind"], change["item_id"]) == ("withdrawn", f"{PKG}-2")
    assert [r["court"] for r in recheck_runs(db)] == ["casd"]
    again = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert again.returncode == 0 and len(rechecks(db)) == 1  # not due again so soon


# -- the spider alone --------------------------------------------------------------------------


def test_cases_argument_json_and_courts():
    from crawler.spiders.recheck_govinfo import GovInfoRecheckSpider

    cases = [
        {"case_id": CASE_ID, "court": "casd", "docket_number": "3:26-cv-00733",
         "govinfo_package": PKG},
        {"case_id": "nysd:1:26-cv-00001", "court": "NYSD", "docket_number": "1:26-cv-00001",
         "govinfo_package": "USCOURTS-nysd-1_26-cv-00001"},
        {"case_id": "casd:3:26-cv-09999", "court": "casd", "docket_number": "3:26-cv-09999",
         "govinfo_package": None},
    ]  # fmt: skip
    spider = GovInfoRecheckSpider(cases=json.dumps(cases), base_url="http://127.0.0.1:9")
    assert [c["case_id"] for c in spider.cases] == [CASE_ID, "nysd:1:26-cv-00001"]
    assert list(spider.ledger.runs) == ["casd", "nysd"]
    assert spider.api_url is None  # a mirror without an API address never reaches the real API
    only = GovInfoRecheckSpider(courts=["nysd"], cases=cases, api_url="http://127.0.0.1:9")
    assert list(only.ledger.runs) == ["nysd"]
    assert only.ledger["nysd"].url.endswith("/packages/USCOURTS-nysd-1_26-cv-00001/mods")
    assert (GovInfoRecheckSpider.name, GovInfoRecheckSpider.run_source) == (
        "govinfo_recheck",
        "govinfo_recheck",
    )


# -- conformance with real MODS -----------------------------------------------------------------


def _paths(element: etree._Element, prefix: str = "") -> set[str]:
    found = set()
    for child in element:
        if not isinstance(child.tag, str):
            continue
        tag = etree.QName(child).localname
        kind = child.get("type")
        step = f"{prefix}/{tag}" + (f"[@type='{kind}']" if kind else "")
        found.add(step)
        found |= _paths(child, step)
    return found


def _granule_paths(body: bytes) -> Counter:
    root = etree.fromstring(body)
    counts: Counter = Counter()
    for item in root.findall("m:relatedItem[@type='constituent']", NS):
        counts.update(_paths(item))
    return counts


@pytest.mark.skipif(not SHARED_MODS.is_dir(), reason=f"no real MODS at {SHARED_MODS}")
def test_sample_mods_has_the_real_granule_shape():
    real_files = sorted(SHARED_MODS.glob("*/*.xml"))
    assert len(real_files) >= 20
    real: Counter = Counter()
    for path in real_files:
        real.update(_granule_paths(path.read_bytes()))
    sample = sample_mods(PKG, GRANULES)
    ours = _granule_paths(sample)
    # every element path of our granules is one GovInfo's granules have
    assert set(ours) <= set(real), set(ours) - set(real)
    # and the ones the parser reads a granule by are in both
    read = {
        "/extension/accessId",
        "/extension/sequenceNumber",
        "/extension/dateIssued",
        "/extension/docketText",
        "/titleInfo/subTitle",
        "/location/url",
    }
    assert read <= set(ours) and read <= set(real)
    # and it parses like a real record: one granule per constituent, ids from the package
    package = parse_mods(sample)
    assert package["package_id"] == PKG and not package["damaged"]
    assert [g["granule_id"] for g in package["granules"]] == [f"{PKG}-{n}" for n in range(3)]
    for path in real_files[:5]:
        parsed = parse_mods(path.read_bytes())
        assert all(g["granule_id"].startswith(parsed["package_id"]) for g in parsed["granules"])
