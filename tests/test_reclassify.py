"""`reclassify_all` shares the store: it never holds the write lock while it classifies.

`sealtrail reclassify` runs here in a thread of its own with its own connection (as it runs in
a process of its own beside a crawl), and is held still at a chosen point: inside `classify`
on a case's first entry, or inside `analyze_text` on an order, until the test releases it.
While it is held, another connection must get SQLite's write lock within a 1 s busy timeout,
and may change the store (a crawl revising an entry, `analyze --db` storing a fuller
rendering of an order, someone deleting an event by hand); the pass must then end with
conclusions drawn from the store as it is, the same as a plain reclassify of it.

The store is SAMPLE data written for these tests, stored through the real `ingest_entries`
and `store_order`; the orders are the sample orders of tests/orders.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

import monitor.reclassify as reclassify
from monitor.analyze import analyze_text
from monitor.classify import classify
from monitor.orders import store_order
from monitor.reclassify import reclassify_all
from monitor.schema import connect
from monitor.store import ingest_entries

T1 = "2026-11-21T10:00:00+00:00"
T2 = "2026-11-22T10:00:00+00:00"
NOW = "2026-11-23T03:00:00+00:00"
WAIT_S = 60  # bound on every wait between the threads (never reached when things work)
ORDERS = Path(__file__).resolve().parent / "orders"

RAMIREZ = ("casd", "3:26-cv-01877", "SAMPLE Ramirez-Soto v. Noem et al")
MENDOZA = ("casd", "3:25-cv-01234", "SAMPLE Mendoza-Reyes v. Noem et al")
COASTLINE = ("casd", "3:26-cv-00930", "SAMPLE Coastline Biotech, Inc. v. Meridian Labs LLC")
OKAFOR = ("txsd", "4:26-cv-03391", "SAMPLE Okafor v. Bondi et al")
DIALLO = ("txsd", "4:25-cv-04417", "SAMPLE Diallo v. Bondi et al")  # an order, no entries
TABLES = ("sealing_events", "event_links", "event_reasons", "event_authorities", "documents")


def entry(case, number, short, text, published="2026-11-20T17:10:51+00:00"):
    """A parsed PACER RSS entry as crawler.parsers.pacer_rss produces it (SAMPLE values)."""
    court, docket, name = case
    return {
        "court": court,
        "docket_number": docket,
        "case_name": name,
        "pacer_case_id": "812301",
        "entry_number": number,
        "short_description": short,
        "text": text,
        "document_url": f"https://ecf.{court}.uscourts.gov/doc1/0351255{number:05d}",
        "published": published,
        "guid": f"https://ecf.{court}.uscourts.gov/cgi-bin/DktRpt.pl?812301&{number}",
        "case_url": f"https://ecf.{court}.uscourts.gov/cgi-bin/DktRpt.pl?812301",
    }


ENTRIES = [
    entry(RAMIREZ, 14, "Motion to Seal", "MOTION to Seal Exhibits 3 and 4 by Petitioner Luis."),
    entry(RAMIREZ, 15, "Notice of Appearance", "NOTICE of Appearance by Carmen Alvarez."),
    entry(
        RAMIREZ,
        16,
        "Order on Motion to Seal",
        "ORDER granting 14 Motion to Seal. Signed by Magistrate Judge Dana E. Brightwater "
        "on 11/21/2026.",
        "2026-11-21T21:05:44+00:00",
    ),
    entry(MENDOZA, 14, "Motion to Seal", "MOTION to File Exhibits Under Seal by Petitioner."),
    entry(
        MENDOZA,
        16,
        "Order on Motion to Seal",
        "ORDER granting 14 Motion to File Exhibits Under Seal.",
        "2026-11-21T18:00:00+00:00",
    ),
    entry(COASTLINE, 41, "Motion to Seal", "MOTION to Seal Exhibits B through D by Coastline."),
    entry(
        OKAFOR,
        7,
        "Motion for Leave to File Sealed Document",
        "MOTION for Leave to File Under Seal Exhibit A by Petitioner Chinedu Okafor.",
    ),  # fmt: skip
    entry(
        OKAFOR,
        11,
        "Order on Motion for Leave to File Sealed Document",
        "ORDER denying without prejudice 7 Motion for Leave to File Under Seal.",
        "2026-11-21T15:22:08+00:00",
    ),
]


def order_text(name: str) -> str:
    return (ORDERS / name).read_text(encoding="utf-8")


def build_store(path: Path) -> None:
    """Five cases, two orders (one on its docket entry, one with no entries), then made
    stale the way a classifier upgrade or an older version would leave a store."""
    db = connect(str(path))
    ingest_entries(db, ENTRIES, source="pacer_rss", now=T1)
    mendoza = order_text("01_mendoza_reyes_asylum_decl.txt")
    store_order(
        db,
        analyze_text(mendoza).as_dict(),
        mendoza,
        source="file",
        now=T1,
        court="casd",
        docket_number=MENDOZA[1],
        entry_number=16,
    )
    diallo = order_text("04_txsd_ice_les_denied.txt")
    store_order(db, analyze_text(diallo).as_dict(), diallo, source="file", now=T1)
    with db.conn:
        db.conn.execute(
            "update sealing_events set outcome = 'denied' where id = ?", [f"casd:{RAMIREZ[1]}:16"]
        )
        db.conn.execute(
            "update sealing_events set classifier_version = '2025.01.1' where case_id = ?",
            [f"txsd:{OKAFOR[1]}"],
        )
        db.conn.execute(
            "update sealing_events set summary = 'stale' where case_id = ?", [f"txsd:{DIALLO[1]}"]
        )
        db.conn.execute("delete from event_links")
        # a link an older version drew wrongly, between two events that exist
        db.conn.execute(
            "insert into event_links values (?, ?, 'redacted_version_of')",
            [f"casd:{RAMIREZ[1]}:16", f"casd:{RAMIREZ[1]}:14"],
        )
        # an event an older classifier drew from a notice of appearance
        db.conn.execute(
            "insert into sealing_events (id, case_id, entry_id, event_type, outcome, "
            "target_entries, rule_id, classifier_version, first_seen, updated) "
            "values (?, ?, ?, 'motion_to_seal', 'pending', '[]', 'old.rule', '2025.01.1', ?, ?)",
            [f"casd:{RAMIREZ[1]}:15", f"casd:{RAMIREZ[1]}", f"casd:{RAMIREZ[1]}:15", T1, T1],
        )
    db.close()


@pytest.fixture
def stores(tmp_path) -> tuple[Path, Path]:
    """(the store to reclassify while others write, a copy of it for a plain reclassify)."""
    path, twin = tmp_path / "store.db", tmp_path / "twin.db"
    build_store(path)
    source, copy = sqlite3.connect(path), sqlite3.connect(twin)
    source.backup(copy)
    source.close()
    copy.close()
    return path, twin


def dump(path: Path, tables=TABLES) -> dict[str, list[tuple]]:
    con = sqlite3.connect(path)
    try:
        return {t: sorted(con.execute(f"select * from {t}").fetchall(), key=repr) for t in tables}
    finally:
        con.close()


def case_ids(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return [r[0] for r in con.execute("select id from cases order by id")]
    finally:
        con.close()


def rows(path: Path, sql: str, params: list) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def case_state(path: Path, case_id: str) -> tuple:
    """One case's conclusions: its events, their links, reasons and authorities."""
    con = sqlite3.connect(path)
    events = "(select id from sealing_events where case_id = ?)"
    try:
        return tuple(
            sorted(con.execute(sql, [case_id]).fetchall(), key=repr)
            for sql in (
                "select * from sealing_events where case_id = ?",
                f"select * from event_links where from_event in {events}",
                f"select * from event_reasons where event_id in {events}",
                f"select * from event_authorities where event_id in {events}",
            )
        )
    finally:
        con.close()


def plain_reclassify(path: Path) -> dict:
    db = connect(str(path))
    try:
        return reclassify_all(db, now=NOW)
    finally:
        db.close()


def take_write_lock(path: Path) -> None:
    """What a crawl storing a court does first: BEGIN IMMEDIATE, here with a 1 s busy timeout
    (raises "database is locked" if the lock stays held)."""
    con = sqlite3.connect(path, timeout=1.0, isolation_level=None)
    try:
        con.execute("BEGIN IMMEDIATE")
        con.execute("ROLLBACK")
    finally:
        con.close()


def writer(path: Path):
    """Another writer's connection, waiting at most 1 s for the lock."""
    db = connect(str(path))
    db.execute("PRAGMA busy_timeout = 1000")
    return db


class HeldReclassify:
    """`reclassify_all` in its own thread and connection, held inside `classify` on the first
    entry of the case named `case_name`, or inside `analyze_text` on the order text
    `order_text`, until the `with` block ends."""

    def __init__(self, path, monkeypatch, *, case_name=None, order_text=None):
        self.path = path
        self.reached, self.release, self.done = (threading.Event() for _ in range(3))
        self.counts: dict | None = None
        self.error: BaseException | None = None
        if case_name:
            real_classify = reclassify.classify

            def held_classify(text, short="", name=""):
                if name == case_name:
                    self._hold()
                return real_classify(text, short, name)

            monkeypatch.setattr(reclassify, "classify", held_classify)
        if order_text:
            real_analyze = reclassify.analyze_text

            def held_analyze(text, *args, **kwargs):
                if text == order_text:
                    self._hold()
                return real_analyze(text, *args, **kwargs)

            monkeypatch.setattr(reclassify, "analyze_text", held_analyze)
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _hold(self) -> None:
        if self.reached.is_set():
            return
        self.reached.set()
        if not self.release.wait(WAIT_S):
            raise RuntimeError("never released")

    def _run(self) -> None:
        db = connect(str(self.path))
        try:
            self.counts = reclassify_all(db, now=NOW)
        except BaseException as error:  # reported by __exit__
            self.error = error
        finally:
            db.close()
            self.done.set()

    def __enter__(self) -> HeldReclassify:
        self.thread.start()
        for _ in range(WAIT_S * 20):
            if self.reached.wait(0.05) or self.done.is_set():
                break
        assert self.reached.is_set(), f"reclassify never got there: {self.error!r}"
        return self

    def __exit__(self, *exc) -> None:
        self.release.set()
        self.thread.join(WAIT_S)
        assert not self.thread.is_alive()
        if exc[0] is None and self.error is not None:
            raise self.error


def test_a_writer_gets_the_lock_while_reclassify_classifies(stores, monkeypatch):
    path, twin = stores
    before = {case: case_state(path, case) for case in case_ids(path)}
    expected_counts = plain_reclassify(twin)
    after = {case: case_state(twin, case) for case in case_ids(twin)}
    held_case = f"casd:{RAMIREZ[1]}"
    with HeldReclassify(path, monkeypatch, case_name=RAMIREZ[2]) as run:
        take_write_lock(path)  # on a single-transaction pass: "database is locked"
        # every case is whole: reclassified, or not touched yet
        for case, state in before.items():
            assert case_state(path, case) in (state, after[case]), case
        assert case_state(path, held_case) == before[held_case] != after[held_case]
        done = [c for c in before if before[c] != after[c] and case_state(path, c) == after[c]]
        assert done  # the cases before the held one are committed
    assert run.counts == expected_counts
    assert dump(path) == dump(twin)
    assert expected_counts["removed"] == 1 and expected_counts["changed"] >= 2
    assert expected_counts["orders"] == 2
    event = rows(path, "select outcome from sealing_events where id = ?", [f"{held_case}:16"])
    assert event == [("granted",)]
    assert set(rows(path, "select * from event_links", [])) == {
        (f"casd:{RAMIREZ[1]}:16", f"casd:{RAMIREZ[1]}:14", "rules_on"),
        (f"casd:{MENDOZA[1]}:16", f"casd:{MENDOZA[1]}:14", "rules_on"),
        (f"txsd:{OKAFOR[1]}:11", f"txsd:{OKAFOR[1]}:7", "rules_on"),
    }  # the wrong link is gone


def test_an_entry_revised_during_the_pass_keeps_the_conclusion_of_its_new_text(stores, monkeypatch):
    path, twin = stores
    revised = dict(ENTRIES[7], text="ORDER granting 7 Motion for Leave to File Under Seal.")
    event_id = f"txsd:{OKAFOR[1]}:11"
    with HeldReclassify(path, monkeypatch, case_name=OKAFOR[2]):
        # the pass has read Okafor's entries (order 11 denying) and is classifying them;
        # a crawl now brings the clerk's corrected text of entry 11, and its event
        crawl = writer(path)
        ingest_entries(crawl, [revised], source="pacer_rss", now=T2)
        crawl.close()
        assert rows(path, "select outcome from sealing_events where id = ?", [event_id]) == [
            ("granted",)
        ]
    new = classify(revised["text"], revised["short_description"], OKAFOR[2])
    stored = rows(
        path,
        "select outcome, event_type, summary from sealing_events where id = ?",
        [event_id],
    )
    assert (
        stored
        == [(new.outcome, new.event_type, new.summary)]
        == [("granted", "sealing_order", new.summary)]
    )
    # the same as reclassifying the revised store from scratch
    crawl = writer(twin)
    ingest_entries(crawl, [revised], source="pacer_rss", now=T2)
    crawl.close()
    plain_reclassify(twin)
    assert dump(path) == dump(twin)


def test_an_order_re_rendered_during_the_pass_keeps_the_reading_of_its_new_text(
    tmp_path, monkeypatch
):
    """CourtListener first gave the opening of the order (no ruling yet); while reclassify
    analyses that, `analyze --db` stores the full text of the same document (same source id)."""
    path = tmp_path / "store.db"
    full = order_text("04_txsd_ice_les_denied.txt")
    # The opening without the title's ruling ("ORDER DENYING …" now counts as the ruling).
    opening = full[: full.index("Having considered")].replace(
        "ORDER DENYING RESPONDENTS' MOTION FOR LEAVE TO FILE UNDER SEAL", "ORDER"
    )
    db = connect(str(path))
    ingest_entries(db, ENTRIES, source="pacer_rss", now=T1)
    stored = store_order(
        db,
        analyze_text(opening).as_dict(),
        opening,
        source="courtlistener",
        source_id="SAMPLE-recap-5501",
        now=T1,
    )
    db.close()
    first = rows(
        path, "select outcome from sealing_events where document_id = ?", [stored["document_id"]]
    )
    assert first == [("unknown",)]
    full_reading = analyze_text(full).as_dict()
    with HeldReclassify(path, monkeypatch, order_text=opening):
        other = writer(path)
        again = store_order(
            other,
            full_reading,
            full,
            source="courtlistener",
            source_id="SAMPLE-recap-5501",
            now=T2,
        )
        other.close()
        assert again["document_id"] == stored["document_id"]
    event = rows(
        path,
        "select outcome, summary from sealing_events where document_id = ?",
        [stored["document_id"]],
    )
    assert event == [("denied", event[0][1])] and "denying" in event[0][1]
    reasons = {r[0] for r in rows(path, "select reason from event_reasons", [])}
    assert reasons == {r["code"] for r in full_reading["reasons"]}


def test_no_link_survives_its_event(stores, monkeypatch):
    path, twin = stores
    orphans = [
        (f"casd:{RAMIREZ[1]}:98", f"casd:{RAMIREZ[1]}:97", "rules_on"),  # both ends gone
        (f"casd:{MENDOZA[1]}:16", f"casd:{MENDOZA[1]}:12", "rules_on"),  # its motion gone
        ("nysd:1:20-cv-01234:5", f"casd:{RAMIREZ[1]}:14", "rules_on"),  # no such case
    ]
    for store in (path, twin):
        con = sqlite3.connect(store)
        with con:
            con.executemany("insert into event_links values (?, ?, ?)", orphans)
        con.close()
    deleted = f"casd:{MENDOZA[1]}:14"  # a motion of a case already reclassified
    with HeldReclassify(path, monkeypatch, case_name=RAMIREZ[2]):
        hand = sqlite3.connect(path, timeout=1.0)
        with hand:  # someone removes it by hand, leaving the link the pass just rebuilt
            hand.execute("delete from sealing_events where id = ?", [deleted])
        hand.close()
        assert rows(path, "select count(*) from event_links where to_event = ?", [deleted]) == [
            (1,)
        ]
    dangling = rows(
        path,
        "select * from event_links l where not exists (select 1 from sealing_events e "
        "where e.id = l.from_event) or not exists (select 1 from sealing_events e "
        "where e.id = l.to_event)",
        [],
    )
    assert dangling == []
    assert rows(path, "select count(*) from event_links", []) != [(0,)]
    # the links left are a plain reclassify's, less those of the event deleted
    plain_reclassify(twin)
    expected = [link for link in dump(twin, ("event_links",))["event_links"] if deleted not in link]
    assert dump(path, ("event_links",))["event_links"] == expected


def test_the_command_says_in_one_line_when_another_writer_keeps_the_store(stores, monkeypatch):
    """A writer holding the lock past the busy timeout: one `Error:` line, exit 1, no
    traceback (the timeout is shortened here; it is 30 s in use)."""
    from click.testing import CliRunner

    import monitor.storefile
    import monitor.transactions
    from monitor.cli import main

    path, _ = stores
    monkeypatch.setattr(monitor.transactions, "BUSY_TIMEOUT_MS", 200)
    monkeypatch.setattr(monitor.storefile, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        done = CliRunner().invoke(main, ["reclassify", "--db", str(path)])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert done.exit_code == 1, done.output
    assert "another writer held the store" in done.output
    assert "Traceback" not in done.output
