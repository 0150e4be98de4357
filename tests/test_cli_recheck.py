"""`sealtrail watch`, `sealtrail recheck` and the re-reads' section of `sealtrail status`, on a
real store built with the project's own store functions (SAMPLE cases, not real records).

Until the re-read spiders land (crawler/spiders/recheck_*.py, built beside this), the
command's choices are tested without a spider: `monitor.cli._run_recheck_child` (the one
place that starts a source's process) is replaced by a stand-in that records what it was
handed and writes `rechecks` rows through the real `monitor.after_the_fact.record_reread`,
as the spider's pipeline does. The end-to-end test runs the real GovInfo re-read spider over
loopback and is skipped while it cannot be imported.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner
from datasette.app import Datasette

import monitor.cli
from monitor.after_the_fact import record_reread
from monitor.cli import main
from monitor.enrich import enrich_case
from monitor.publish import metadata_for
from monitor.runs import record_run
from monitor.schema import connect
from monitor.store import ingest_entries
from tests.conftest import rows

T_A = "2026-12-01T03:00:00+00:00"  # case A last seen
T_B = "2026-12-03T03:00:00+00:00"  # case B last seen: newer activity
NOW = "2026-12-10T03:00:00+00:00"
A = ("casd", "3:26-cv-04410")
B = ("txsd", "1:26-cv-00077")
A_ID, B_ID = ":".join(A), ":".join(B)
WATCHED = "nysd:1:26-cv-00123"  # watched, unknown to the store
PACKAGE_A = "USCOURTS-casd-3_26-cv-04410"
TOKEN_MISSING = "COURTLISTENER_TOKEN is not set: CourtListener dockets cannot be re-read"


def _entry(case: tuple[str, str], number: int, text: str, day: int) -> dict:
    return {
        "court": case[0],
        "docket_number": case[1],
        "case_name": f"SAMPLE Petitioner {case[0].upper()} v. Warden",
        "entry_number": number,
        "text": text,
        "short_description": "",
        "date_filed": f"2026-11-{day:02d}",
        "published": f"2026-11-{day:02d}",
        "source_id": f"{case[0]}-{900 + number}",
        "source_url": f"https://www.courtlistener.com/docket/77/{number}/sample/",
    }


@pytest.fixture
def store(tmp_path) -> Path:
    """Two cases with sealing activity (B seen later than A), A with a GovInfo package."""
    path = tmp_path / "st.db"
    db = connect(str(path))
    ingest_entries(
        db,
        [
            _entry(A, 4, "MOTION to Seal Exhibit B to Petition by Petitioner. (SAMPLE)", 20),
            _entry(A, 5, "ORDER granting 4 Motion to Seal. (SAMPLE)", 21),
        ],
        source="courtlistener",
        now=T_A,
    )
    ingest_entries(
        db,
        [_entry(B, 7, "MOTION for Leave to File Under Seal by Respondents. (SAMPLE)", 22)],
        source="courtlistener",
        now=T_B,
    )
    enrich_case(
        db,
        {
            "court": A[0],
            "docket_number": A[1],
            "case_name": "SAMPLE Petitioner CASD v. Warden",
            "nature_of_suit": "Habeas Corpus - Alien Detainee",
            "nos_code": "463",
            "source_id": PACKAGE_A,
        },
        source="govinfo",
        now=T_A,
    )
    assert db["cases"].get(A_ID)["govinfo_package"] == PACKAGE_A
    db.close()
    return path


def cli(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def reread(case: tuple[str, str], numbers, outcome="complete", source="courtlistener") -> dict:
    return {
        "source": source,
        "court": case[0],
        "docket_number": case[1],
        "url": f"http://127.0.0.1/api/rest/v4/docket-entries/?docket={case[1]}",
        "outcome": outcome,
        "pages": 1,
        "items": [
            {
                "kind": "entry",
                "item_id": f"{case[0]}-{900 + n}",
                "entry_number": n,
                "state": "public",
            }
            for n in numbers
        ],
    }


class FakeChild:
    """Stands in for a source's process: records what it was handed; `reads` says which
    re-reads it records (by case id) and `runs` what its per-court summary is."""

    def __init__(self, db_path: Path, reads=None, runs=None, code: int = 0):
        self.db_path, self.reads, self.runs, self.code = db_path, reads or {}, runs, code
        self.calls: list[dict] = []

    def __call__(self, name, cases, db_path, spider_args, delay, verbose):
        self.calls.append({"source": name, "cases": cases, "args": spider_args, "delay": delay})
        db = connect(str(db_path))
        for case in cases:
            # by default a read that shows nothing and so changes nothing
            court, _, number = case["case_id"].partition(":")
            record = self.reads.get((name, case["case_id"]), reread((court, number), (), "partial"))
            if record:
                record_reread(db, {**record, "source": name}, now=NOW)
        db.close()
        runs = self.runs
        if runs is None:
            runs = {c["court"]: {"status": "ok", "detail": {}} for c in cases}
        return self.code, runs

    def chosen(self, source: str) -> list[str]:
        return [
            c["case_id"] for call in self.calls if call["source"] == source for c in call["cases"]
        ]


@pytest.fixture
def child(store, monkeypatch) -> FakeChild:
    fake = FakeChild(store)
    monkeypatch.setattr(monitor.cli, "_run_recheck_child", fake)
    return fake


# ---------------------------------------------------------------------------------- watch
def test_watch_add_list_remove(store):
    db = str(store)
    added = cli(
        "watch", "add", "casd:3:26-cv-4410-BAS", "--note", "SAMPLE: asked by a reader", "--db", db
    )
    assert added.exit_code == 0, added.output
    assert added.output.startswith(f"watching {A_ID} SAMPLE Petitioner CASD v. Warden since ")
    unknown = cli("watch", "add", WATCHED, "--db", db)
    assert unknown.exit_code == 0 and "not in the store yet" in unknown.output

    listing = cli("watch", "list", "--db", db)
    assert listing.exit_code == 0
    header, first, second, total = listing.output.splitlines()
    assert header.split() == [
        "court",
        "docket",
        "number",
        "case",
        "name",
        "added",
        "last",
        "re-read",
        "note",
    ]
    assert first.split()[:2] == ["casd", A[1]] and "SAMPLE Petitioner CASD v. Warden" in first
    assert "never" in first and first.endswith("SAMPLE: asked by a reader")
    assert second.split()[:3] == ["nysd", "1:26-cv-00123", "-"] and total == "2 cases watched"

    db_ = connect(db)
    record_reread(db_, reread(A, (4, 5)), now=NOW)
    db_.close()
    (row, _) = [
        json.loads(line) for line in cli("watch", "list", "--json", "--db", db).output.splitlines()
    ]
    assert row["case_id"] == A_ID and row["last_recheck"] == NOW and row["court"] == "casd"
    first_added = row["added"]

    again = cli("watch", "add", A_ID, "--note", "SAMPLE: second note", "--db", db)
    assert again.exit_code == 0
    (row, _) = [
        json.loads(line) for line in cli("watch", "list", "--json", "--db", db).output.splitlines()
    ]
    assert row["note"] == "SAMPLE: second note" and row["added"] == first_added

    assert cli("watch", "remove", A_ID, "--db", db).output == f"no longer watching {A_ID}\n"
    gone = cli("watch", "remove", A_ID, "--db", db)
    assert gone.exit_code == 1 and f"{A_ID} is not on the watch list" in gone.output
    assert [r["case_id"] for r in rows(store, "select case_id from watch_list")] == [WATCHED]


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("cas:3:26-cv-01877", "did you mean casd"),
        ("casd:3:26-xx", "is not a docket number"),
        ("casd", "expected COURT:DOCKET_NUMBER"),
        ("3:26-cv-01877", "'3' (court ids are"),
    ],
)
def test_a_bad_case_is_a_one_line_usage_error(store, case, words):
    for args in (("add", case), ("remove", case)):
        done = cli("watch", *args, "--db", str(store))
        assert done.exit_code == 2 and words in done.output
        assert done.output.strip().splitlines()[-1].startswith("Error: Invalid value for 'CASE'")
    assert rows(store, "select count(*) n from watch_list")[0]["n"] == 0


def test_an_empty_watch_list_says_how_to_add_one(store):
    assert (
        "no case is watched (sealtrail watch add" in cli("watch", "list", "--db", str(store)).output
    )


# -------------------------------------------------------------------------------- recheck
def test_newest_activity_first_each_source_its_own_cases_and_process(store, child):
    cli("watch", "add", WATCHED, "--db", str(store))
    done = cli("recheck", "--db", str(store), "--now", NOW)
    assert done.exit_code == 0, done.output
    # CourtListener re-reads any wanted case (a watched one it looks up by number), GovInfo
    # only cases with a package; one process per source, CourtListener first
    assert [c["source"] for c in child.calls] == ["courtlistener", "govinfo"]
    cl = child.chosen("courtlistener")
    assert cl[:2] == [WATCHED, B_ID] or cl[:2] == [B_ID, WATCHED]  # both seen after A
    assert cl[-1] == A_ID and len(cl) == 3
    assert child.chosen("govinfo") == [A_ID]
    (govinfo,) = [c for c in child.calls if c["source"] == "govinfo"]
    assert govinfo["cases"][0]["govinfo_package"] == PACKAGE_A
    assert {"case_id", "court", "docket_number", "courtlistener_id"} <= set(govinfo["cases"][0])


def test_limits_from_the_option_and_the_config(store, child, tmp_path):
    cli("recheck", "courtlistener", "--limit", "1", "--db", str(store), "--now", NOW)
    assert child.chosen("courtlistener") == [B_ID] and len(child.calls) == 1

    config = tmp_path / "sealtrail.toml"
    config.write_text("[recheck]\ncourtlistener_limit = 1\ngovinfo_limit = 0\n")
    child.calls.clear()
    done = cli("recheck", "--config", str(config), "--db", str(store), "--now", NOW)
    assert done.exit_code == 0, done.output
    assert child.chosen("courtlistener") == [A_ID]  # B was re-read by the run before
    assert "govinfo: re-reads are off (limit 0)" in done.output
    assert [c["source"] for c in child.calls] == ["courtlistener"]

    bad = tmp_path / "bad.toml"
    bad.write_text("[recheck]\ncourtlistener_limits = 1\n")  # a typo is not ignored
    refused = cli("recheck", "--config", str(bad), "--db", str(store))
    assert refused.exit_code == 2 and "unknown setting courtlistener_limits" in refused.output


def test_default_limits_are_ten_for_courtlistener_and_twenty_five_for_govinfo(store, child):
    db = connect(str(store))
    for number in range(12):  # twelve more watched cases, all wanted by CourtListener
        from monitor import watch

        watch.add(db, f"casd:3:26-cv-{1000 + number}", now=NOW)
    db.close()
    done = cli("recheck", "--db", str(store), "--now", NOW, "--json")
    report = json.loads(done.output.splitlines()[-1])["sources"]
    assert report["courtlistener"]["limit"] == 10 and len(child.chosen("courtlistener")) == 10
    assert report["govinfo"]["limit"] == 25 and child.chosen("govinfo") == [A_ID]


def test_nothing_due_says_so_and_runs_nothing(store, child):
    db = connect(str(store))
    for case in (A, B):
        record_reread(
            db, reread(case, (4, 5) if case == A else (7,)), now="2026-12-08T03:00:00+00:00"
        )
    record_reread(
        db,
        {
            **reread(A, ()),
            "source": "govinfo",
            "items": [{"kind": "package", "item_id": PACKAGE_A, "state": "public"}],
        },
        now="2026-12-08T03:00:00+00:00",
    )
    db.close()
    done = cli("recheck", "--db", str(store), "--now", NOW)
    assert done.exit_code == 0, done.output
    assert done.output.splitlines() == [
        "courtlistener: no case is due for a re-read",
        "govinfo: no case is due for a re-read",
    ]
    assert child.calls == []
    # two days after: due again with --every-days 1, and --case ignores the schedule
    cli("recheck", "courtlistener", "--every-days", "1", "--db", str(store), "--now", NOW)
    assert child.chosen("courtlistener") == [B_ID, A_ID]
    child.calls.clear()
    cli("recheck", "govinfo", "--case", A_ID, "--db", str(store), "--now", NOW)
    assert child.chosen("govinfo") == [A_ID] and len(child.calls) == 1


def test_case_option_errors(store, child):
    unknown = cli("recheck", "--case", "casd:3:26-cv-09999", "--db", str(store))
    assert unknown.exit_code == 2
    assert (
        "neither in the store nor watched (sealtrail watch add casd:3:26-cv-09999)"
        in unknown.output
    )
    typo = cli("recheck", "--case", "cacd3:26-cv-01", "--db", str(store))
    assert typo.exit_code == 2 and "Invalid value for '--case'" in typo.output
    court = cli("recheck", "--case", "casdd:3:26-cv-04410", "--db", str(store))
    assert court.exit_code == 2 and "did you mean casd" in court.output
    not_here = cli("recheck", "govinfo", "--case", B_ID, "--db", str(store))
    assert not_here.exit_code == 0
    assert not_here.output == "govinfo: none of the cases given can be re-read here\n"
    both = cli("recheck", "--base-url", "http://127.0.0.1:9", "--db", str(store))
    assert both.exit_code == 2 and "go with one source" in both.output
    api = cli("recheck", "courtlistener", "--api-url", "http://127.0.0.1:9", "--db", str(store))
    assert api.exit_code == 2 and "GovInfo's" in api.output
    assert child.calls == []


def test_lines_come_from_the_rechecks_rows_of_this_run(store, child):
    # B's docket read in full without entry 7: it vanished; A was never reached (no token)
    child.reads = {("courtlistener", B_ID): reread(B, ()), ("courtlistener", A_ID): None}
    child.runs = {
        "txsd": {"status": "ok", "detail": {}},
        "casd": {"status": "blocked", "detail": {"errors": [TOKEN_MISSING]}},
    }
    done = cli("recheck", "courtlistener", "--db", str(store), "--now", NOW)
    assert done.exit_code == 0, done.output
    first, second, closing, details = done.output.splitlines()
    assert first.split()[:3] == [B_ID, "courtlistener", "complete"]
    assert first.endswith("1 change: 1 vanished")
    assert second.split()[:4] == [A_ID, "courtlistener", "not", "re-read"]
    assert second.endswith(f"blocked: {TOKEN_MISSING}")
    assert re.fullmatch(
        r"courtlistener: 2 cases chosen in \d+\.\d s: 1 complete, 1 not re-read; "
        r"1 change, 1 new event",
        closing,
    )
    assert details == f"details: sealtrail status --db {store}"

    child.runs = None
    done = cli("recheck", "courtlistener", "--db", str(store), "--now", NOW, "--json")
    report = json.loads(done.output.splitlines()[-1])["sources"]["courtlistener"]
    assert [c["case_id"] for c in report["cases"]] == [A_ID]  # B was re-read just now
    assert report["cases"][0]["outcome"] == "not re-read"


def test_json_reports_each_case_with_its_changes(store, child):
    child.reads = {
        ("courtlistener", B_ID): reread(B, ()),
        ("courtlistener", A_ID): reread(A, (4, 5)),
    }
    done = cli("recheck", "courtlistener", "--db", str(store), "--now", NOW, "--json")
    assert done.exit_code == 0
    report = json.loads(done.output.splitlines()[-1])["sources"]["courtlistener"]
    by_case = {c["case_id"]: c for c in report["cases"]}
    assert by_case[B_ID]["change_kinds"] == {"vanished": 1} and by_case[B_ID]["new_events"] == 1
    assert by_case[A_ID]["outcome"] == "complete" and by_case[A_ID]["changes"] == 0
    assert report["due"] == 2 and report["runs"]["txsd"]["status"] == "ok"
    stored = rows(store, "select case_id, status, changes from rechecks order by id")
    assert [(r["case_id"], r["changes"]) for r in stored] == [(B_ID, 1), (A_ID, 0)]


def test_exit_1_when_every_case_failed_or_the_process_did_not_run(store, child):
    child.reads = {("courtlistener", A_ID): None, ("courtlistener", B_ID): None}
    child.runs = {"casd": {"status": "blocked", "detail": {"errors": [TOKEN_MISSING]}}}
    child.runs["txsd"] = child.runs["casd"]
    done = cli("recheck", "courtlistener", "--db", str(store), "--now", NOW)
    assert done.exit_code == 1 and done.output.count(TOKEN_MISSING) == 2

    child.reads[("govinfo", A_ID)] = None
    child.runs, child.code = None, 1
    done = cli("recheck", "govinfo", "--db", str(store), "--now", NOW)
    assert done.exit_code == 1
    assert "govinfo: the re-read did not run to its end (exit code 1)" in done.output


# --------------------------------------------------------------------------------- status
def status(store: Path, *args: str):
    return cli("status", "--db", str(store), "--now", NOW, "--timezone", "US/Eastern", *args)


def failing_and_overdue(store: Path) -> None:
    """CourtListener's last re-read run blocked (no token); GovInfo's one re-read is old."""
    db = connect(str(store))
    record_run(
        db,
        source="courtlistener_recheck",
        court="casd",
        started="2026-12-09T03:00:00+00:00",
        finished="2026-12-09T03:00:01+00:00",
        status="blocked",
        errors=1,
        detail={"errors": [TOKEN_MISSING]},
    )
    record_reread(  # GovInfo re-read A 20 days ago: overdue with the default 14
        db,
        {
            **reread(A, ()),
            "source": "govinfo",
            "items": [{"kind": "package", "item_id": PACKAGE_A, "state": "public"}],
        },
        now="2026-11-20T03:00:00+00:00",
    )
    record_run(
        db,
        source="govinfo_recheck",
        court="casd",
        started="2026-11-20T03:00:00+00:00",
        finished="2026-11-20T03:00:01+00:00",
        status="ok",
        items=1,
    )
    db.close()


def test_status_says_what_was_left_unread_and_why(store):
    failing_and_overdue(store)
    done = status(store)
    assert done.exit_code == 0, done.output
    crawls, section = done.output.split("\n\n")
    assert crawls == "no crawl has run yet"  # re-read runs are not crawl health rows
    lines = section.splitlines()
    assert lines[0].startswith("Re-reads for sealing after the fact")
    assert lines[1].split()[:8] == [
        "source",
        "cases",
        "never",
        "re-read",
        "not",
        "in",
        "14",
        "days",
    ]
    cl, gi = lines[2].split(), lines[3].split()
    assert cl[:5] == ["courtlistener", "2", "2", "0", "never"] and cl[-1] == "recheck_failing"
    assert "2026-12-09T03:00:00+00:00" in lines[2] and "blocked" in lines[2]
    assert gi[:5] == ["govinfo", "1", "0", "1", "2026-11-20T03:00:00+00:00"]
    assert gi[-1] == "recheck_overdue"
    assert lines[4] == (
        f"courtlistener: its last re-read run ended blocked: {TOKEN_MISSING}; "
        "2 of 2 cases never re-read"
    )
    assert status(store, "--fail-on-flags").exit_code == 1

    found = [json.loads(line) for line in status(store, "--json").output.splitlines()]
    assert [(f["section"], f["source"], f["court"], f["reads"]) for f in found] == [
        ("rechecks", "courtlistener_recheck", "all", "courtlistener"),
        ("rechecks", "govinfo_recheck", "all", "govinfo"),
    ]
    assert found[0]["last_run_note"] == TOKEN_MISSING and found[0]["never_rechecked"] == 2
    assert found[1]["flags"] == ["recheck_overdue"] and found[1]["not_rechecked_in_days"] == 1

    longer = [
        json.loads(line)
        for line in status(store, "--json", "--stale-days", "30").output.splitlines()
    ]
    assert longer[1]["flags"] == [] and longer[1]["stale_days"] == 30


def test_cases_never_reread_are_shown_but_not_flagged(store):
    done = status(store, "--fail-on-flags")
    assert done.exit_code == 0, done.output
    section = done.output.split("\n\n")[1].splitlines()
    assert section[2].split() == ["courtlistener", "2", "2", "0", "never", "never", "run", "ok"]


# ------------------------------------------------------------------------------- schedule
def test_the_nightly_chain_rereads_after_the_crawls_and_before_reclassify(tmp_path):
    from monitor.config import load_config
    from monitor.scheduler import describe_jobs, job_steps

    config_path = tmp_path / "sealtrail.toml"
    config_path.write_text(f'db = "{tmp_path / "st.db"}"\n[recheck]\ncourtlistener_limit = 3\n')
    config = load_config(config_path, env={})
    nightly = job_steps(config)["nightly"]
    assert [s.name for s in nightly] == [
        "courtlistener", "govinfo", "recheck", "reclassify", "feeds-export",
    ]  # fmt: skip
    assert describe_jobs(config)["nightly"][2] == (
        f"sealtrail recheck --db {tmp_path / 'st.db'} --config {config_path}"
    )
    assert config.recheck.limits == {"courtlistener": 3, "govinfo": 25}
    printed = json.loads(cli("schedule", "--config", str(config_path), "--print-config").output)
    assert printed["recheck"] == {"courtlistener_limit": 3, "govinfo_limit": 25, "every_days": 7}
    assert "recheck --db" in printed["jobs"]["nightly"][2]


# ------------------------------------------------------------------------------ end to end
DATA = Path(__file__).resolve().parent / "data" / "govinfo"
PACKAGE = "USCOURTS-casd-3_26-cv-00410"


@pytest.mark.skipif(
    importlib.util.find_spec("crawler.spiders.recheck_govinfo") is None,
    reason="the GovInfo re-read spider (crawler/spiders/recheck_govinfo.py) is not on this branch",
)
def test_recheck_runs_the_govinfo_spider_and_reports_a_withdrawn_granule(server, tmp_path):
    from lxml import etree

    from tests.loopback import Reply

    server.robots("User-agent: *\nDisallow:\n")
    server.route("/rss/uscourts-casd.xml", Reply.file(DATA / "rss-uscourts-casd.xml"))
    mods_path = f"/metadata/pkg/{PACKAGE}/mods.xml"
    server.route(
        mods_path, Reply.file(DATA / f"{PACKAGE}.mods.xml", content_type="application/xml")
    )
    for other in ("USCOURTS-casd-3_26-cv-00388",):
        server.route(
            f"/metadata/pkg/{other}/mods.xml",
            Reply.file(DATA / f"{other}.mods.xml", content_type="application/xml"),
        )
    db = tmp_path / "st.db"
    site = ["--base-url", server.base_url, "--api-url", "off", "--download-delay", "0"]

    def sealtrail(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "monitor.cli", *args],
            capture_output=True, text=True, timeout=180,
        )  # fmt: skip

    crawled = sealtrail(
        "crawl", "govinfo", "--courts", "casd", "--since", "2026-11-18", "--db", str(db), *site
    )
    assert crawled.returncode == 0, crawled.stderr[-3000:]
    case = "casd:3:26-cv-00410"
    first = sealtrail("recheck", "govinfo", "--case", case, "--db", str(db), *site)
    assert first.returncode == 0, first.stderr[-3000:]
    assert first.stdout.splitlines()[0].split()[:3] == [case, "govinfo", "complete"]

    # the package now lacks its last granule
    tree = etree.parse(str(DATA / f"{PACKAGE}.mods.xml"))
    ns = {"m": "http://www.loc.gov/mods/v3"}
    granules = tree.findall("m:relatedItem[@type='constituent']", ns)
    granules[-1].getparent().remove(granules[-1])
    changed = tmp_path / "changed.mods.xml"
    tree.write(str(changed), xml_declaration=True, encoding="UTF-8")
    server.route(mods_path, Reply.file(changed, content_type="application/xml"))

    second = sealtrail("recheck", "govinfo", "--case", case, "--db", str(db), "--json", *site)
    assert second.returncode == 0, second.stderr[-3000:]
    (result,) = json.loads(second.stdout.splitlines()[-1])["sources"]["govinfo"]["cases"]
    assert result["outcome"] == "complete" and result["change_kinds"] == {"withdrawn": 1}
    assert "1 change: 1 withdrawn" in second.stderr
    changes = rows(db, "select kind, event_id from docket_changes")
    assert len(changes) == 1 and changes[0]["event_id"]
    runs = rows(db, "select source, status from crawl_runs where source = 'govinfo_recheck'")
    assert runs and all(r["status"] == "ok" for r in runs)


def test_addresses_and_delay_from_the_options_or_the_config(store, child, tmp_path):
    child.reads = {("govinfo", A_ID): None}  # not read: due again below
    cli(
        "recheck", "govinfo", "--base-url", "http://127.0.0.1:9/gi", "--api-url", "off",
        "--download-delay", "0", "--db", str(store), "--now", NOW,
    )  # fmt: skip
    (call,) = child.calls
    assert call["args"] == {"base_url": "http://127.0.0.1:9/gi", "api_url": "off"}
    assert call["delay"] == 0.0

    config = tmp_path / "sealtrail.toml"
    config.write_text(
        '[courtlistener]\nbase_url = "http://127.0.0.1:9/cl"\ndownload_delay = 1.5\n'
        '[govinfo]\nbase_url = "http://127.0.0.1:9/gi2"\napi_url = "http://127.0.0.1:9/api"\n'
    )
    child.calls.clear()
    cli("recheck", "--config", str(config), "--db", str(store), "--now", NOW)
    by_source = {c["source"]: c for c in child.calls}
    assert by_source["courtlistener"]["args"] == {"base_url": "http://127.0.0.1:9/cl"}
    assert by_source["courtlistener"]["delay"] == 1.5
    assert by_source["govinfo"]["args"] == {
        "base_url": "http://127.0.0.1:9/gi2",
        "api_url": "http://127.0.0.1:9/api",
    }
    assert by_source["govinfo"]["delay"] is None


def test_a_store_with_nothing_to_reread_says_so_in_one_line(tmp_path):
    connect(str(tmp_path / "empty.db")).close()
    done = status(tmp_path / "empty.db")
    assert done.exit_code == 0
    assert done.output.split("\n\n")[1] == (
        "Re-reads for sealing after the fact: no case has sealing activity or is watched yet\n"
    )


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_operator_feed_has_the_failing_and_overdue_rereads(store, fmt):
    """The operator subscribed to /-/feeds/health learns what `status` says, read back by
    feedparser: the blocked CourtListener re-reads with why, the overdue GovInfo ones."""
    failing_and_overdue(store)
    ds = Datasette([str(store)], metadata=metadata_for(store))
    response = asyncio.run(ds.client.get(f"/-/feeds/health.{fmt}"))
    assert response.status_code == 200, response.text
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    by_title = {e.title: e for e in feed.entries}
    failing = by_title["CourtListener re-reads: its last re-read run read nothing"]
    overdue = by_title["GovInfo re-reads: has cases not re-read in time"]
    assert {t.term for t in failing.tags} == {"recheck_failing"}
    assert {t.term for t in overdue.tags} == {"recheck_overdue"}
    body = failing.get("content", [{}])[0].get("value") or failing.description
    assert TOKEN_MISSING in body and "Never re-read:</b> 2" in body
    assert "Last re-read:</b> 2026-11-20T03:00:00+00:00" in (
        overdue.get("content", [{}])[0].get("value") or overdue.description
    )
    runs = f"/{store.stem}/crawl_runs?source=courtlistener_recheck&_sort_desc=started"
    assert failing.link.endswith(runs)
    page = asyncio.run(ds.client.get(runs.replace("crawl_runs?", "crawl_runs.json?")))
    assert page.status_code == 200
    assert [row[page.json()["columns"].index("status")] for row in page.json()["rows"]] == [
        "blocked"
    ]
    assert len({e.id for e in feed.entries}) == len(feed.entries)
