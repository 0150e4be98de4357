"""Pages people read (issue 15): the home page, the readers' view, /about, canned queries
without their SQL, robots.txt and cache headers, on `sealtrail serve` run for real over the
sample store (SAMPLE DATA) with one event moved into this week."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest

from feeds import about, cells, home
from monitor.runs import record_run
from monitor.schema import READERS_VIEW, connect
from monitor.vocab import EVENT_TYPES
from tests.conftest import ROOT
from tests.helpers_store import PAYLOAD, build_sample_store
from tests.test_serve import free_port

RECENT = "casd:3:17-cv-09912:159"  # the order granting sealing, moved into this week
READERS_COLUMNS = [
    "date",
    "court_name",
    "case_name",
    "docket_number",
    "event_type",
    "summary",
    "movant_role",
    "outcome",
    "reason_codes",
    "judge",
    "event_id",
    "court",
    "date_utc",
]


class Site:
    def __init__(self, port: int):
        self.port = port

    def get(self, path: str) -> tuple[int, dict, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read().decode("utf-8", "replace")
            headers = {name.lower(): value for name, value in response.getheaders()}
            return response.status, headers, body
        finally:
            connection.close()

    def html(self, path: str) -> str:
        status, _, body = self.get(path)
        assert status == 200, (path, status, body[:500])
        return body

    def json(self, path: str):
        status, _, body = self.get(path)
        assert status == 200, (path, status, body[:500])
        return json.loads(body)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("readers")
    db_path = build_sample_store(tmp / "sealtrail.db")
    db = connect(str(db_path))
    recent = (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    entry = db.execute("select entry_id from sealing_events where id = ?", [RECENT]).fetchone()
    db.execute("update docket_entries set date_filed = ? where id = ?", [recent, entry[0]])
    db.execute("""update docket_entries set sources = '["pacer_rss"]'""")
    db.execute(
        """update docket_entries set sources = '["pacer_rss", "courtlistener"]'
                  where id = ?""",
        [entry[0]],
    )
    db.conn.commit()
    record_run(
        db,
        source="pacer_rss",
        court="casd",
        started=recent,
        finished=recent,
        status="ok",
        requests=1,
        items=3,
        new_events=1,
        errors=0,
        detail="",
    )
    db.close()
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "monitor.cli", "serve", "--db", str(db_path), "--port", str(port)],
        cwd=tmp,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    served = Site(port)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if served.get("/-/versions.json")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        assert proc.poll() is None, proc.stderr.read()
        yield served
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# ---------------------------------------------------------------------------------- home


def test_home_lists_this_weeks_events_as_lines_with_event_links(site):
    page = site.html("/")
    new = page.split("New this week", 1)[1].split("Read and follow", 1)[0]
    lines = re.findall(r"<li>(.*?)</li>", new, flags=re.S)
    assert len(lines) == 1, new  # only the event moved into this week; the rest are 2018
    line = lines[0]
    assert f'href="{cells.event_path(RECENT)}"' in line
    assert "S.D. Cal." in line and "Sample Border Aid v. Nielsen" in line
    assert 'href="/-/case/casd/3:17-cv-09912"' in line
    assert "No sealing events filed since" not in page


def test_home_links_readers_view_feeds_opml_charts_and_about(site):
    page = site.html("/")
    for href in (
        f"/sealtrail/{READERS_VIEW}",
        "/-/feeds",
        "/-/feeds.opml",
        "/-/charts",
        "/about",
        "/sealtrail/outcomes_by_court",
    ):
        assert f'href="{href}"' in page, href


def test_home_explains_every_event_type_and_redaction(site):
    page = site.html("/").split("How to read this", 1)[1]
    for code in EVENT_TYPES:
        assert f"<code>{code}</code>" in page
    assert "can be wrong" in page and "A-numbers" in page


def test_home_hides_internal_tables_but_their_json_works(site):
    page = site.html("/")
    database_page = site.html("/sealtrail")
    tables = database_page.split("<h2", 1)[1]
    for internal in ("entry_sources", "docket_entries", "_sqlite_migrations", "crawl_runs"):
        assert f'href="/sealtrail/{internal}"' not in page
        assert f'href="/sealtrail/{internal}"' not in tables.split("hidden", 1)[0], internal
        assert site.json(f"/sealtrail/{internal}.json?_size=1")["rows"] is not None
    hidden = site.json("/sealtrail.json")
    names = {t["name"]: t["hidden"] for t in hidden["tables"]}
    assert names["sealing_events"] and names["entry_sources"] and names["docket_entries"]
    assert not names["cases"]


def test_home_says_when_the_week_is_empty(site, tmp_path):
    db = connect(str(build_sample_store(tmp_path / "sealtrail.db")))
    new = home.whats_new(db.conn, "immigration_sealing_events")
    assert new["week"] == [] and len(new["latest"]) > 0
    assert new["latest"][0]["event_path"].startswith("/-/event/")
    assert all(line["event_type"] != "not_sealing" for line in new["latest"])


# ---------------------------------------------------------------------------------- readers' view


def test_readers_view_json_has_the_columns_a_person_reads(site):
    data = site.json(f"/sealtrail/{READERS_VIEW}.json?_size=5")
    assert data["columns"] == READERS_COLUMNS
    assert data["rows"][0][READERS_COLUMNS.index("event_id")] == RECENT  # newest first


def test_readers_view_renders_lists_as_lists_and_links_events(site):
    page = site.html(f"/sealtrail/{READERS_VIEW}")
    table = page.split('<table class="rows-and-columns">', 1)[1]
    assert '<ul class="sealtrail-list"><li title="' in table  # reasons in words, code in title
    assert '["' not in table and "[]" not in table
    assert f'href="{cells.event_path(RECENT)}"' in table
    assert 'href="/-/case/casd/3:17-cv-09912"' in table
    assert PAYLOAD not in page  # the hostile case name stays escaped


def test_full_view_renders_reasons_with_quotes_as_list_escaped(site):
    page = site.html("/sealtrail/immigration_sealing_events?event_id=" + RECENT)
    table = page.split('<table class="rows-and-columns">', 1)[1]
    assert '["' not in table and '[{"' not in table
    assert "<li><strong>" in table  # reasons: code, then its quote
    assert "<b onmouseover" not in table


def test_seen_in_facet_counts_rows(site):
    data = site.json("/sealtrail/immigration_sealing_events.json?_size=0&_facet_array=seen_in")
    counts = {r["value"]: r["count"] for r in data["facet_results"]["seen_in"]["results"]}
    # every row was seen in pacer_rss, one also in courtlistener (Datasette 0.65 counted 0)
    assert counts == {"pacer_rss": data["filtered_table_rows_count"], "courtlistener": 1}


def test_table_pages_open_with_data_not_glossary_and_link_about(site):
    page = site.html(f"/sealtrail/{READERS_VIEW}")
    assert f'href="/about#{READERS_VIEW}"' in page
    assert "body.table dl.column-descriptions { display: none; }" in page


def test_render_list_bounds_and_ignores_non_lists():
    assert cells.render_list("not json") is None
    assert cells.render_list('{"a": 1}') is None
    many = cells.render_list(json.dumps([str(n) for n in range(100)]))
    assert many.count("<li>") == cells.MAX_ITEMS + 1 and "75 more" in many
    assert "&lt;script&gt;" in cells.render_list(json.dumps([PAYLOAD]))


# ---------------------------------------------------------------------------------- about


def test_about_page_serves_the_glossary(site):
    page = site.html("/about")
    assert 'id="reason_codes"' in page and 'id="seen_in"' in page
    assert "compelling_reasons" in page  # the standard's vocabulary, from metadata.yml
    assert page.count("<h3>Sealing events in immigration cases, every column</h3>") == 1


def test_glossary_gives_tables_that_share_columns_a_section_each():
    tables = {
        "x": {"columns": {"a": "A"}},
        "immigration_sealing_events": {"columns": {"a": "A"}},
        "h": {"hidden": True, "columns": {"b": "B"}},
    }
    sections = about.glossary(tables)
    assert [s["name"] for s in sections] == ["immigration_sealing_events", "x", "h"]
    assert sections[0]["columns"] == [("a", "A", "a")]  # the bare anchors: /about#a
    assert sections[1]["same_as"] == "immigration_sealing_events" and not sections[1]["columns"]
    assert sections[-1]["hidden"] and sections[-1]["columns"] == [("b", "B", "h-b")]


# ---------------------------------------------------------------------------------- canned queries


@pytest.mark.parametrize("query", ["crawl_health", "orders_without_reasons", "outcomes_by_court"])
def test_canned_queries_show_results_not_sql(site, query):
    page = site.html(f"/sealtrail/{query}")
    before_results = page.split('<div class="table-wrapper">', 1)[0]
    assert "select " not in before_results.lower() and 'id="sql-query"' not in page
    assert f'href="/sealtrail/{query}?_show_sql=1"' in page  # the SQL, on request
    assert '<div class="table-wrapper">' in page
    shown = site.html(f"/sealtrail/{query}?_show_sql=1")
    assert 'id="sql-query"' in shown or 'id="sql-editor"' in shown


# ---------------------------------------------------------------------------------- public host


def test_robots_txt_keeps_crawlers_off_sql_json_csv(site):
    status, headers, body = site.get("/robots.txt")
    assert status == 200
    lines = body.splitlines()
    for rule in ("Disallow: /*.json", "Disallow: /*.csv", "Disallow: /*?", "Disallow: /-/"):
        assert rule in lines
    for rule in ("Allow: /-/feeds", "Allow: /-/event/", "Allow: /-/case/", "Allow: /about"):
        assert rule in lines
    assert "Disallow: /" not in lines


@pytest.mark.parametrize(
    "path", ["/", "/about", "/-/feeds", "/-/feeds/sealing.atom", f"/sealtrail/{READERS_VIEW}"]
)
def test_cache_control_on_pages_and_feeds(site, path):
    status, headers, _ = site.get(path)
    assert status == 200
    assert headers.get("cache-control") == "max-age=60"


def test_no_cache_header_on_errors(site):
    status, headers, _ = site.get("/sealtrail/no_such_table")
    assert status == 404 and "max-age=60" not in headers.get("cache-control", "")


def test_event_meanings_follow_the_vocabulary():
    assert tuple(home.EVENT_MEANINGS) == EVENT_TYPES
