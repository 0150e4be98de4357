"""Publishing sealing after the fact (issue 17): dates, the Datasette view, feeds and pages.

The SAMPLE store (`tests/helpers_store.py`) gets a case whose entries were filed in August and
whose whole docket was re-read twice through the real `record_reread` (`add_sample_changes`):
the second re-read, on 3 Dec, finds entry 3 gone and entry 2's document sealed. Datasette
serves the store with the project's metadata.yml; feeds are read back with feedparser.
"""

from __future__ import annotations

import importlib
import sqlite3
from pathlib import Path

import feedparser
import pytest

from feeds.build import entry_id
from feeds.export import export_feeds
from feeds.figures import tally
from monitor.migrations import _event_dates
from monitor.schema import connect
from tests.helpers_store import (
    CHANGE_CASE,
    CHANGE_CASE_ID,
    CHANGE_SEEN,
    add_sample_changes,
    build_sample_store,
)
from tests.served import served_get

SEEN_UTC = "2026-12-03T03:00:00Z"
VANISHED = f"{CHANGE_CASE_ID}:3:change-2"
SEALED = f"{CHANGE_CASE_ID}:2:change-1"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = build_sample_store(tmp_path_factory.mktemp("atf") / "sealtrail.db")
    changes = add_sample_changes(path)
    assert {c["event_id"] for c in changes} == {VANISHED, SEALED}
    return path


@pytest.fixture(scope="module")
def get(store):
    yield from served_get(store)


def _query(store: Path, sql: str, params=()) -> list[dict]:
    conn = sqlite3.connect(store)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in conn.execute(sql, params)]
    finally:
        conn.close()


# ------------------------------------------------------------------------------------ dates


def test_an_after_the_fact_event_is_dated_when_seen_not_when_its_entry_was_filed(store):
    rows = _query(
        store,
        "select event_id, date, date_utc from all_sealing_events where case_id = ? "
        "order by event_id",
        [CHANGE_CASE_ID],
    )
    assert [(r["event_id"], r["date"], r["date_utc"]) for r in rows] == [
        (SEALED, CHANGE_SEEN, SEEN_UTC),
        (VANISHED, CHANGE_SEEN, SEEN_UTC),
    ]
    dates = dict(
        (r["event_id"], r["date_utc"])
        for r in _query(store, "select event_id, date_utc from event_dates")
    )
    assert dates[SEALED] == dates[VANISHED] == SEEN_UTC
    readers = _query(
        store,
        "select event_id, date, date_utc from sealing_events_for_readers "
        "where docket_number = ? order by event_id",
        [CHANGE_CASE[1]],
    )
    assert [(r["date"], r["date_utc"]) for r in readers] == [("2026-12-03", SEEN_UTC)] * 2
    # newest first: the change seen on 3 Dec 2026 heads the readers' view
    first = _query(
        store, "select event_id from sealing_events_for_readers order by date_utc desc limit 2"
    )
    assert {r["event_id"] for r in first} == {SEALED, VANISHED}


def test_a_later_filing_date_of_the_entry_moves_its_other_events_only(tmp_path):
    path = build_sample_store(tmp_path / "s.db")
    add_sample_changes(path)
    db = connect(str(path))
    db["sealing_events"].insert(
        {"id": f"{CHANGE_CASE_ID}:2", "case_id": CHANGE_CASE_ID, "entry_id": f"{CHANGE_CASE_ID}:2",
         "event_type": "sealed_filing", "outcome": "none", "movant_role": "unknown",
         "target_entries": "[]", "documents_sealed": "[]", "summary": "SAMPLE",
         "rule_id": "test", "classifier_version": "test", "first_seen": CHANGE_SEEN,
         "updated": CHANGE_SEEN}
    )  # fmt: skip
    db.conn.commit()
    db["docket_entries"].update(f"{CHANGE_CASE_ID}:2", {"date_filed": "2026-08-20"})
    db.conn.commit()
    dates = dict(db.execute("select event_id, date_utc from event_dates").fetchall())
    readers = dict(db.execute("select event_id, date_utc from readers_events").fetchall())
    db.conn.close()
    assert dates[f"{CHANGE_CASE_ID}:2"] == "2026-08-20T00:00:00Z"
    assert dates[SEALED] == SEEN_UTC
    assert readers == {k: v for k, v in dates.items() if k in readers}


def test_migration_0026_redates_after_the_fact_events_stored_before_it(tmp_path):
    """A store whose event dates came from the 0019 triggers (the entry's filing day)."""
    path = build_sample_store(tmp_path / "s.db")
    add_sample_changes(path)
    db = connect(str(path))
    _event_dates.create_event_date_triggers(db)  # the triggers as 0019 left them
    db.execute(
        "update event_dates set date_utc = (select "
        + _event_dates.EVENT_DATE.format(event="e")
        + " from sealing_events e where e.id = event_dates.event_id)"
    )
    db.conn.commit()
    before = dict(db.execute("select event_id, date_utc from event_dates").fetchall())
    assert before[SEALED] == "2026-08-12T00:00:00Z"  # entry 2's filing day
    importlib.import_module("monitor.migrations.0026_after_the_fact_dates").apply(db)
    db.conn.commit()
    after = dict(db.execute("select event_id, date_utc from event_dates").fetchall())
    triggers = dict(db.execute("select name, sql from sqlite_master where type = 'trigger'"))
    db.conn.close()
    assert after[SEALED] == after[VANISHED] == SEEN_UTC
    assert {k: v for k, v in after.items() if k not in (SEALED, VANISHED)} == {
        k: v for k, v in before.items() if k not in (SEALED, VANISHED)
    }
    assert "event_type not in" in triggers["event_dates_entry_updated"]


# ------------------------------------------------------------------------------- the view


def test_the_changes_view_lists_each_change_newest_first_with_its_evidence_in_words(get):
    response = get("/sealtrail/after_the_fact_changes.json?_shape=array")
    assert response.status_code == 200, response.text
    rows = response.json()
    assert [(r["kind"], r["entry_number"], r["event_id"]) for r in rows] == [
        ("vanished", 3, VANISHED),
        ("sealed_later", 2, SEALED),
    ]
    gone, sealed = rows
    assert gone["seen"] == CHANGE_SEEN and gone["court_name"] == "S.D. Cal."
    assert gone["change"] == "Entry gone from the docket"
    assert (gone["before"], gone["after"]) == ("public on the docket", "gone from the docket")
    assert gone["entry_text"] == "NOTICE of Related Case by Respondents. (SAMPLE)"
    assert gone["source"] == "CourtListener"
    assert gone["evidence"] == (
        "Compared with the CourtListener docket read in full (1 page) on 2026-12-03, at "
        "https://www.courtlistener.com/api/rest/v4/docket-entries/?docket=77; before, last "
        "seen public on the docket on 2026-12-01. Re-read number 2 in the rechecks table."
    )
    assert (sealed["before"], sealed["after"]) == ("available to read", "marked sealed")


def test_the_changes_view_page_facets_by_kind_and_court_and_links_case_and_event(get):
    html = get("/sealtrail/after_the_fact_changes").text
    assert "Sealed after filing" in html  # the title from metadata.yml
    for facet in ("kind", "court_name", "source"):
        assert f'data-column="{facet}"' in html
    assert "Entry gone from the docket" in html and "vanished" in html  # words, then code
    assert 'href="/-/case/casd/3:26-cv-04410"' in html
    assert 'href="/-/event/casd:3:26-cv-04410:3:change-2"' in html


def test_about_explains_the_changes_view(get):
    html = get("/about").text
    assert 'id="after_the_fact_changes"' in html
    assert "the day the change was seen" in html


# ------------------------------------------------------------------------------------ feeds

CASE_FEED = "/-/feeds/changes/case/casd/3:26-cv-04410"


@pytest.mark.parametrize(
    "path", ["/-/feeds/changes", "/-/feeds/changes/court/casd", CASE_FEED], ids=str
)
def test_the_feeds_of_changes_say_what_was_there_where_what_it_is_now_when_and_how(get, path):
    atom = feedparser.parse(get(path + ".atom").content)
    assert not atom.bozo, atom.bozo_exception
    assert "sealed after filing" in atom.feed.title
    assert [e.id for e in atom.entries] == [
        "tag:sealtrail,2026:change/casd:3:26-cv-04410/2",
        "tag:sealtrail,2026:change/casd:3:26-cv-04410/1",
    ]
    gone, sealed = atom.entries
    assert gone.title == (
        "S.D. Cal. · SAMPLE Petitioner v. Warden, Otay Mesa Detention Center · "
        "Entry gone from the docket: entry 3"
    )
    assert gone.published == gone.updated == "2026-12-03T03:00:00+00:00"  # seen, not filed
    assert gone.link == f"http://localhost/-/event/{VANISHED}"
    related = {link.title: link.href for link in gone.links if link.rel == "related"}
    assert related["Case page"] == "http://localhost/-/case/casd/3:26-cv-04410"
    assert related["The case's changes after filing"] == f"http://localhost{CASE_FEED}.atom"
    assert related["Where it was seen on CourtListener"] == (
        "https://www.courtlistener.com/docket/77/3/sample/"
    )
    text = gone.summary
    assert text.startswith("Entry 3 is now gone from the docket.")
    assert "What was there: NOTICE of Related Case by Respondents. (SAMPLE)" in text
    assert "Where it was seen: public on CourtListener" in text
    assert "Before: public on the docket\nNow: gone from the docket" in text
    assert "Evidence: Compared with the CourtListener docket read in full (1 page)" in text
    assert "last seen public on the docket on 2026-12-01" in text
    assert sealed.summary.startswith("A document of entry 2 is now marked sealed.")
    rss = feedparser.parse(get(path + ".rss").content)
    assert not rss.bozo and [e.link for e in rss.entries] == [
        f"http://localhost/-/event/{VANISHED}",
        f"http://localhost/-/event/{SEALED}",
    ]


def test_a_changes_feed_answers_empty_for_a_quiet_court_and_404_for_an_unknown_case(get):
    quiet = feedparser.parse(get("/-/feeds/changes/court/txsd.atom").content)
    assert quiet.entries == [] and "S.D. Tex." in quiet.feed.title
    assert get("/-/feeds/changes/case/casd/3:99-cv-00001.atom").status_code == 404
    assert get("/-/feeds/changes/court/nosuchcourt.atom").status_code == 404
    # a case outside the immigration view has no published changes
    assert get("/-/feeds/changes/case/nysd/1:20-cv-01234.atom").status_code == 404


def test_the_feeds_page_and_the_opml_list_the_changes_feeds(get):
    page = get("/-/feeds").text
    assert 'id="changes"' in page and "Sealed after filing" in page
    assert 'href="/-/feeds/changes.atom"' in page
    assert 'href="/-/feeds/changes/court/casd.atom"' in page
    opml = get("/-/feeds.opml").text
    assert 'xmlUrl="http://localhost/-/feeds/changes.atom"' in opml
    assert 'xmlUrl="http://localhost/-/feeds/changes/court/casd.atom"' in opml


def test_the_changes_view_page_advertises_its_feeds(get):
    html = get("/sealtrail/after_the_fact_changes?court=casd").text
    assert 'type="application/atom+xml" title="sealtrail: sealed after filing (Atom)" ' in html
    assert 'href="/-/feeds/changes/court/casd.atom"' in html
    html = get(f"/sealtrail/after_the_fact_changes?case_id={CHANGE_CASE_ID}").text
    assert f'href="{CASE_FEED}.atom"' in html


def test_the_export_writes_the_changes_feeds_as_served_and_a_rerun_announces_nothing(
    store, get, tmp_path
):
    out = tmp_path / "feeds"
    export_feeds(store, out, base_url="http://localhost")
    for rel, path in (
        ("changes.atom", "/-/feeds/changes.atom"),
        ("changes/court/casd.rss", "/-/feeds/changes/court/casd.rss"),
        ("changes/case/casd/3:26-cv-04410.atom", CASE_FEED + ".atom"),
    ):
        assert (out / rel).read_bytes() == get(path).content, rel

    def changes_files() -> dict:
        found = [p for p in out.rglob("*") if p.is_file() and "changes" in p.parts]
        return {p: p.read_bytes() for p in found + list(out.glob("changes.*"))}

    before = changes_files()
    assert len(before) == 6  # all, casd's and the case's, Atom and RSS
    export_feeds(store, out, base_url="http://localhost")
    assert changes_files() == before


# ------------------------------------------------------------------------------------ pages


def test_the_case_page_lists_its_changes_after_filing(get):
    response = get("/-/case/casd/3:26-cv-04410")
    assert response.status_code == 200
    html = response.text
    section = html.split('id="changed-after-filing"')[1].split("</table>")[0]
    assert section.index("NOTICE of Related Case") < section.index("DECLARATION of counsel")
    assert "3 Dec 2026" in section and "Entry gone from the docket" in section
    assert "public on the docket → <strong>gone from the docket</strong>" in section
    assert "Compared with the CourtListener docket read in full (1 page)" in section
    assert f'href="/-/event/{VANISHED}"' in section
    assert f'href="{CASE_FEED}.atom"' in html  # followed and advertised
    # the timeline tells the two events on the day they were seen
    assert html.count("On 3 Dec 2026 docket entry 3, seen in public before, was found gone") == 1


def test_the_case_page_says_when_each_source_last_reread_the_case(get):
    html = get("/-/case/casd/3:26-cv-04410").text
    rereads = html.split('<ul class="rereads">')[1].split("</ul>")[0]
    assert "CourtListener: re-read twice, last on 3 Dec 2026 (read in full)." in rereads
    assert "GovInfo" not in rereads  # never re-read there: no line
    assert 'class="gone"' not in rereads


def _reread_again(path: Path, outcome: str, now: str) -> None:
    from monitor.after_the_fact import record_reread

    db = connect(str(path))
    record_reread(
        db,
        {"source": "courtlistener", "court": CHANGE_CASE[0], "docket_number": CHANGE_CASE[1],
         "url": "https://www.courtlistener.com/api/rest/v4/dockets/?docket_number=SAMPLE",
         "outcome": outcome, "pages": 0, "items": []},
        now=now,
    )  # fmt: skip
    db.conn.close()


def test_a_docket_courtlistener_no_longer_has_is_said_on_the_case_page_not_as_a_change(tmp_path):
    """Not found after a read in full: a lead for a reporter, never a sealing event (it may
    be a merged duplicate); a failed read after it does not hide it."""
    path = build_sample_store(tmp_path / "sealtrail.db")
    add_sample_changes(path)
    _reread_again(path, "not_found", "2026-12-05T03:00:00+00:00")
    for get in served_get(path):
        html = get("/-/case/casd/3:26-cv-04410").text
        rereads = html.split('<ul class="rereads">')[1].split("</ul>")[0]
        assert (
            "CourtListener: re-read three times, last on 5 Dec 2026 (the docket was not found "
            "there). Last read in full on 3 Dec 2026."
        ) in rereads
        gone = rereads.split('<div class="gone">')[1]
        assert "CourtListener no longer has this docket: it was not found on 5 Dec 2026" in gone
        assert "merged it with a duplicate docket: check the docket on PACER" in gone
    changes = _query(path, "select count(*) as n from docket_changes")[0]["n"]
    assert changes == 2  # the two of the sample, nothing for the docket not found


def _without_changes(tmp_path: Path, *tables: str) -> Path:
    """The SAMPLE store re-read as before, with its changes (and `tables`) emptied."""
    path = build_sample_store(tmp_path / "sealtrail.db")
    add_sample_changes(path)
    db = connect(str(path))
    with db.conn:
        db.conn.execute("delete from sealing_events where id like '%:change-%'")
        for table in ("docket_changes", *tables):
            db.conn.execute(f"delete from {table}")
    db.conn.close()
    return path


def test_a_case_reread_without_change_says_nothing_was_found(tmp_path):
    path = _without_changes(tmp_path)
    for get in served_get(path):
        html = get("/-/case/casd/3:26-cv-04410").text
        section = html.split('id="changed-after-filing"')[1].split("</ul>")[0]
        assert "Nothing sealtrail saw in public has been found gone" in section
        assert "CourtListener: re-read twice" in section


def test_the_event_page_of_an_after_the_fact_event_shows_its_change_and_evidence(get):
    html = get(f"/-/event/{VANISHED}").text
    assert (
        "On 3 Dec 2026 docket entry 3, seen in public before, was found gone from the docket in "
        "SAMPLE Petitioner v. Warden, Otay Mesa Detention Center (S.D. Cal., 3:26-cv-04410)."
    ) in html
    found = html.split("<h2>What was found</h2>")[1].split("</dl>")[0]
    assert "NOTICE of Related Case by Respondents. (SAMPLE)" in found
    assert "<dt>Before</dt><dd>public on the docket</dd>" in found
    assert "<dt>Now</dt><dd>gone from the docket</dd>" in found
    assert "last seen public on the docket on 2026-12-01" in found
    assert 'href="https://www.courtlistener.com/docket/77/3/sample/"' in found
    assert "<h2>Why</h2>" not in html and "Who asked" not in html
    assert "filed 3 Dec 2026" not in html and "seen 3 Dec 2026" in html


def test_the_page_of_an_event_whose_entry_later_changed_says_so(tmp_path):
    path = build_sample_store(tmp_path / "sealtrail.db")
    entry = f"{CHANGE_CASE_ID}:2"
    add_sample_changes(path)
    db = connect(str(path))
    with db.conn:
        db["sealing_events"].insert(
            {"id": entry, "case_id": CHANGE_CASE_ID, "entry_id": entry,
             "event_type": "sealed_filing", "outcome": "none", "movant_role": "none",
             "target_entries": "[]", "documents_sealed": "[]", "summary": "SAMPLE",
             "rule_id": "test", "classifier_version": "test",
             "first_seen": "2026-09-01T03:00:00+00:00", "updated": "2026-09-01T03:00:00+00:00"}
        )  # fmt: skip
    db.conn.close()
    for get in served_get(path):
        html = get(f"/-/event/{entry}").text
        changed = html.split("<h2>Changed after filing</h2>")[1].split("</ul>")[0]
        assert "3 Dec 2026: document sealed or withdrawn from view on CourtListener" in changed
        assert "(available to read → marked sealed)" in changed
        assert f'href="/-/event/{SEALED}"' in changed
        assert "filed 12 Aug 2026" in html  # its own date is still the filing's


# ------------------------------------------------------------------------ figures and words


def test_changes_after_filing_count_as_events_of_the_month_seen_but_not_as_rulings(store, tmp_path):
    plain = build_sample_store(tmp_path / "plain.db")
    with_changes, without = sqlite3.connect(store), sqlite3.connect(plain)
    try:
        after = tally(with_changes, view="immigration_sealing_events")
        before = tally(without, view="immigration_sealing_events")
    finally:
        with_changes.close()
        without.close()
    assert after.by_type["sealed_after_filing"] == 2
    assert after.month("2026-12").by_type["sealed_after_filing"] == 2  # seen, not filed (Aug)
    assert after.month("2026-08").by_type["sealed_after_filing"] == 0
    assert after.events == before.events + 2
    for figure in ("decided", "granted", "read", "no_reason", "unread", "undecided_orders"):
        assert getattr(after, figure) == getattr(before, figure), figure


def test_the_new_event_types_read_as_words_in_the_readers_view_and_the_charts(get):
    html = get("/sealtrail/sealing_events_for_readers?court=casd").text
    assert '<span title="sealed_after_filing">Sealed after filing</span>' in html
    charts = get("/-/court/casd").text
    assert "Sealed after filing" in charts
    home = get("/").text
    assert "sealed_after_filing" in home or "Sealed after filing" in home


def test_the_main_feeds_tell_a_change_event_by_the_day_seen_without_movant_or_outcome(get):
    atom = feedparser.parse(get("/-/feeds/sealing.atom").content)
    first = atom.entries[0]  # seen 3 Dec 2026: the newest of the store
    assert first.id in (entry_id(SEALED), entry_id(VANISHED))
    assert first.published == "2026-12-03T03:00:00+00:00"
    assert "Seen: 2026-12-03T03:00:00+00:00" in first.summary
    assert "Movant:" not in first.summary and "Outcome:" not in first.summary
    assert "Event: Sealed after filing (sealed_after_filing)" in first.summary


def test_a_case_whose_only_reread_failed_is_not_said_to_be_unchanged(tmp_path):
    path = _without_changes(tmp_path, "rechecks")
    _reread_again(path, "failed", "2026-12-05T03:00:00+00:00")
    for get in served_get(path):
        html = get("/-/case/casd/3:26-cv-04410").text
        assert "CourtListener: re-read once, last on 5 Dec 2026 (the read failed)." in html
        assert "Nothing sealtrail saw in public has been found gone" not in html
