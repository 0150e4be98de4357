"""A store upgraded from every earlier version equals one built fresh by today's migrations.

Each earlier version is the empty store that sealtrail created at the commit that added a
migration (`tests/data/released_schemas/`, made by `tests/released_schemas.py` from the git
history). The test restores it, adds SAMPLE rows the way that version stored them (only the
columns every version has), upgrades it with `monitor.schema.connect` and compares every
table, index, view and trigger, and the rows, with a fresh store given the same rows.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

import monitor.migrations as monitor_migrations
from monitor.migrations import migration_names
from monitor.schema import connect, migrations
from monitor.views import READERS_VIEW, VIEWS
from tests.released_schemas import snapshots

SNAPSHOTS = snapshots()

SAMPLE_ROWS = {
    "courts": [
        {"id": "casd", "name": "SAMPLE District Court", "short_name": "S.D. Cal.", "circuit": "9"}
    ],
    "cases": [
        {
            "id": "casd:3:26-cv-09901",
            "court_id": "casd",
            "docket_number": "3:26-cv-09901",
            "case_name": "Sample Petitioner v. Noem (SAMPLE)",
            "immigration": 1,
            "first_seen": "2026-11-20T10:00:00+00:00",
        }
    ],
    "docket_entries": [
        {
            "id": "casd:3:26-cv-09901:12",
            "case_id": "casd:3:26-cv-09901",
            "entry_number": 12,
            "date_filed": "2026-11-20",
            "text": "MOTION to Seal Exhibits 2 and 3 by Petitioner. (SAMPLE)",
            "source": "pacer_rss",
            "first_seen": "2026-11-20T10:00:00+00:00",
        }
    ],
    "sealing_events": [
        {
            "id": "casd:3:26-cv-09901:12",
            "case_id": "casd:3:26-cv-09901",
            "entry_id": "casd:3:26-cv-09901:12",
            "event_type": "motion_to_seal",
            "outcome": "none",
            "movant_role": "plaintiff_petitioner",
            "summary": "Motion to seal by Petitioner (SAMPLE)",
            "first_seen": "2026-11-20T10:00:00+00:00",
        }
    ],
}


def _schema(db: sqlite_utils.Database) -> dict[tuple[str, str], str]:
    rows = db.execute(
        "select type, name, sql from sqlite_master where name not like 'sqlite_%'"
    ).fetchall()
    return {(kind, name): re.sub(r"\s+", " ", sql or "").strip() for kind, name, sql in rows}


def _rows(db: sqlite_utils.Database) -> dict[str, list[tuple]]:
    got = {}
    for table, rows in SAMPLE_ROWS.items():
        columns = ", ".join(f"[{c}]" for c in rows[0])
        got[table] = db.execute(f"select {columns} from [{table}] order by 1").fetchall()
    got["event_dates"] = db.execute("select * from event_dates").fetchall()
    got["search"] = db.execute(
        "select rowid from docket_entries_fts where docket_entries_fts match 'exhibits'"
    ).fetchall()
    return got


def _add_sample_rows(db: sqlite_utils.Database) -> None:
    for table, rows in SAMPLE_ROWS.items():
        db[table].insert_all(rows)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("fresh") / "fresh.db")
    db = connect(path)
    _add_sample_rows(db)
    yield db
    db.close()


@pytest.mark.parametrize(
    ("migration", "commit", "snapshot"), SNAPSHOTS, ids=[f"{m[:4]}-{c}" for m, c, _ in SNAPSHOTS]
)
def test_store_of_each_version_upgrades_to_the_fresh_store(
    tmp_path, fresh, migration, commit, snapshot
):
    path = str(tmp_path / "old.db")
    conn = sqlite3.connect(path)
    conn.executescript(snapshot.read_text())
    conn.close()
    old = sqlite_utils.Database(path)
    assert migrations.applied(old)[-1].name == migration  # the snapshot is that version
    _add_sample_rows(old)
    old.close()

    db = connect(path)
    try:
        assert [m.name for m in migrations.pending(db)] == []
        assert _schema(db) == _schema(fresh)
        assert _rows(db) == _rows(fresh)
    finally:
        db.close()


def test_snapshots_cover_the_versions_since_the_views_came():
    """At least the 19 versions from 0004 to 0022 that the history had when this test came;
    each is a store sealtrail made (it records its migrations)."""
    assert len(SNAPSHOTS) >= 20
    for migration, _, snapshot in SNAPSHOTS:
        assert f"'{migration}'" in snapshot.read_text()


def test_views_are_defined_once_outside_the_migrations():
    sources = {
        path.name: path.read_text()
        for path in (Path(monitor_migrations.__file__).parent).glob("*.py")
    }
    assert len(sources) >= 24
    for name, text in sources.items():
        assert not re.search(r"create_view|create\s+view", text, re.I), name
    assert list(VIEWS) == [
        "all_sealing_events",
        "immigration_sealing_events",
        "sealing_events_for_readers",
        "after_the_fact_changes",
    ]


def test_a_store_with_an_older_view_gets_the_current_one_on_open(tmp_path):
    path = str(tmp_path / "store.db")
    connect(path).close()
    old = sqlite3.connect(path)
    old.execute(f"drop view {READERS_VIEW}")
    old.execute(f"create view {READERS_VIEW} as select event_id from immigration_sealing_events")
    old.commit()
    old.close()

    db = connect(path)
    try:
        stored = dict(db.execute("select name, sql from sqlite_master where type = 'view'"))
        assert stored[READERS_VIEW] == f"CREATE VIEW [{READERS_VIEW}] AS {VIEWS[READERS_VIEW]}"
        assert "court_name" in db[READERS_VIEW].columns_dict
    finally:
        db.close()


def test_migrations_are_registered_in_the_order_of_their_files():
    assert [m.name for m in migrations._migrations] == migration_names()
    assert migration_names()[0] == "0001_core_tables"
    numbers = [int(name[:4]) for name in migration_names()]
    assert numbers == list(range(1, len(numbers) + 1))  # no gap, no repeat
