"""`feeds export` writes a served directory safely: whole files only, no stale feeds, and
never the feeds of one store over another's, empty feeds over published ones, or anything
over files sealtrail did not write (without `force`). Real stores, real files, feedparser."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest

from feeds.export import export_feeds
from tests.conftest import ROOT
from tests.helpers_store import build_sample_store

MANIFEST = ".sealtrail-feeds.json"
TXSD_CASE = "txsd:1:18-cv-00068"
NYSD_CASE = "nysd:1:20-cv-01234"
# Files of the sample store's export: two formats of the main, new-cases and changes-after-
# filing feeds, 3 courts, 2 cases, every reason (15), outcome (6) and published event type
# (8, with sealed_after_filing and unsealed_after_filing), 2 judges; the OPML.
EXPORTED_FILES = 2 * (1 + 1 + 1 + 3 + 2 + 15 + 6 + 8 + 2) + 1


@pytest.fixture
def store(tmp_path) -> Path:
    return build_sample_store(tmp_path / "sealtrail.db")


def change(db: Path, sql: str, params: tuple = ()) -> None:
    """Change the store as a reclassification would (a case's immigration conclusion)."""
    con = sqlite3.connect(db)
    with con:
        con.execute(sql, params)
    con.close()


def snapshot(folder: Path) -> dict[str, bytes | None]:
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


def entries(path: Path) -> list:
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    return parsed.entries


def test_a_reader_of_the_old_feed_gets_it_whole(store, tmp_path):
    out = tmp_path / "feeds"
    export_feeds(store, out)
    old = (out / "sealing.atom").read_bytes()
    inode = (out / "sealing.atom").stat().st_ino
    change(store, "update cases set immigration = 1 where id = ?", (NYSD_CASE,))
    with (out / "sealing.atom").open("rb") as reader:  # a web server sending the old feed
        export_feeds(store, out)
        assert reader.read() == old  # replaced by a rename: the old file was never rewritten
    new = out / "sealing.atom"
    assert new.stat().st_ino != inode
    assert len(entries(new)) == len(feedparser.parse(old).entries) + 1  # the nysd order


def test_feeds_no_longer_produced_are_removed(store, tmp_path):
    out = tmp_path / "feeds"
    export_feeds(store, out)
    assert (out / "case" / "txsd" / "1:18-cv-00068.atom").is_file()
    change(store, "update cases set immigration = 0 where id = ?", (TXSD_CASE,))
    written = export_feeds(store, out)
    names = set(snapshot(out))
    # No stale case or judge feed; the court's feed stays (a known court), now empty.
    stale = [name for name in names if "txsd" in name and not name.startswith("court/")]
    assert not stale and "judge/jane-q-sample.atom" not in names, names
    assert entries(out / "court" / "txsd.atom") == []
    folders = {"case", "case/casd", "court", "reason", "outcome", "type", "judge"}
    assert {str(p.relative_to(out)) for p in written} | {MANIFEST} | folders == names
    assert "Mayorkas" not in (out / "sealing.atom").read_text(encoding="utf-8")


def test_unchanged_feeds_are_not_rewritten(store, tmp_path):
    out = tmp_path / "feeds"
    export_feeds(store, out)
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}
    export_feeds(store, out)
    after = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}
    assert after == before and any(p.name == MANIFEST for p in after)


def test_an_export_that_cannot_finish_leaves_every_old_feed(store, tmp_path):
    out = tmp_path / "feeds"
    export_feeds(store, out)
    before = snapshot(out)
    # A case whose feed cannot be written (a file name longer than the file system allows),
    # found after the main feed was built: the main feed must not change alone.
    garbled = "1:20-cv-01234-" + "SAMPLE" * 50
    change(
        store,
        "update cases set immigration = 1, docket_number = ? where id = ?",
        (garbled, NYSD_CASE),
    )
    with pytest.raises(OSError):
        export_feeds(store, out)
    assert snapshot(out) == before  # no new main feed beside old case feeds, no leftovers


def test_the_feeds_of_another_store_are_refused_until_forced(store, tmp_path):
    out = tmp_path / "feeds"
    export_feeds(store, out)
    before = snapshot(out)
    other = build_sample_store(tmp_path / "other.db")  # built again from nothing: another store
    change(other, "update cases set immigration = 0 where id = ?", (TXSD_CASE,))
    with pytest.raises(Exception, match="feeds of another store") as refused:
        export_feeds(other, out)
    assert "sealtrail.db" in str(refused.value) and "--force" in str(refused.value)
    assert snapshot(out) == before
    export_feeds(other, out, force=True)
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["store"] == "other.db"
    assert entries(out / "court" / "txsd.atom") == []  # a known court: its feed, empty
    assert not (out / "case" / "txsd").exists()
    export_feeds(other, out)  # now the directory is other.db's: no force needed


def test_empty_feeds_are_refused_over_published_events(store, tmp_path):
    out = tmp_path / "feeds"
    export_feeds(store, out)
    before = snapshot(out)
    change(store, "update cases set immigration = 0")
    with pytest.raises(Exception, match="no sealing events to publish") as refused:
        export_feeds(store, out)
    assert "lists 7" in str(refused.value)
    assert snapshot(out) == before
    # Feeds exported before directories had a manifest: the events are counted in the feed.
    (out / MANIFEST).unlink()
    with pytest.raises(Exception, match="no sealing events to publish"):
        export_feeds(store, out)
    export_feeds(store, out, force=True)
    assert entries(out / "sealing.atom") == [] and not (out / "case").exists()


def test_a_directory_with_other_files_is_refused_and_force_leaves_them(store, tmp_path):
    site = tmp_path / "site"
    (site / "css").mkdir(parents=True)
    (site / "index.html").write_text("<!doctype html><title>SAMPLE site</title>")
    (site / "css" / "site.css").write_text("/* SAMPLE */ body { margin: 0 }")
    before = snapshot(site)
    with pytest.raises(Exception, match="did not write") as refused:
        export_feeds(store, site)
    assert "css" in str(refused.value) and "index.html" in str(refused.value)
    assert snapshot(site) == before
    export_feeds(store, site, force=True)
    change(store, "update cases set immigration = 0 where id = ?", (TXSD_CASE,))
    export_feeds(store, site, force=True)  # stale feeds go; the site's own files stay
    after = snapshot(site)
    assert {name: after[name] for name in before} == before
    assert entries(site / "sealing.atom") and "case/txsd/1:18-cv-00068.atom" not in after


def test_symlinks_in_the_directory_are_never_followed(store, tmp_path):
    out = tmp_path / "feeds"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "notes.txt").write_text("SAMPLE notes")
    out.mkdir()
    (out / "court").symlink_to(elsewhere, target_is_directory=True)
    (out / "sealing.rss").symlink_to(tmp_path / "notes.txt")
    with pytest.raises(Exception, match="did not write"):
        export_feeds(store, out)
    with pytest.raises(Exception, match="not a directory sealtrail wrote"):
        export_feeds(store, out, force=True)
    assert list(elsewhere.iterdir()) == []
    assert (tmp_path / "notes.txt").read_text() == "SAMPLE notes"
    (out / "court").unlink()
    export_feeds(store, out, force=True)
    assert not (out / "sealing.rss").is_symlink() and entries(out / "sealing.rss")
    assert (tmp_path / "notes.txt").read_text() == "SAMPLE notes"


def test_old_exports_are_adopted_and_a_killed_export_is_cleaned_up(store, tmp_path):
    out = tmp_path / "feeds"
    export_feeds(store, out)
    (out / MANIFEST).unlink()  # as exported before manifests
    leftover = out / ".sealtrail-staging-k1ll3d"
    (leftover / "court").mkdir(parents=True)
    (leftover / "court" / "casd.atom").write_bytes(b"<?xml version='1.0'?><feed")  # half
    export_feeds(store, out)
    assert not leftover.exists()
    assert json.loads((out / MANIFEST).read_text())["store"] == "sealtrail.db"


def test_the_manifest_names_the_store_and_counts(store, tmp_path):
    from monitor.storefile import store_id

    out = tmp_path / "feeds"
    written = export_feeds(store, out)
    manifest = json.loads((out / MANIFEST).read_text())
    con = sqlite3.connect(store)
    assert manifest["store_id"] == store_id(con) and len(manifest["store_id"]) == 16
    con.close()
    assert manifest["store"] == "sealtrail.db"
    assert (manifest["events"], manifest["courts"], manifest["cases"]) == (7, 2, 2)
    assert manifest["files"] == len(written) == EXPORTED_FILES
    assert oct(os.stat(out / "sealing.atom").st_mode & 0o444) == oct(0o444)  # readable by all


def test_cli_says_why_in_one_line_and_force_replaces(store, tmp_path):
    out = tmp_path / "feeds"
    export_feeds(store, out)
    other = build_sample_store(tmp_path / "other.db")

    def export(*extra: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "monitor.cli", "feeds", "export", str(out)]
        return subprocess.run(
            [*command, "--db", str(other), *extra],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )

    refused = export()
    assert refused.returncode == 1 and refused.stdout == ""
    (line,) = refused.stderr.strip().splitlines()
    assert line.startswith("Error: ") and "another store" in line and "--force" in line
    forced = export("--force")
    assert forced.returncode == 0, forced.stderr
    assert json.loads(forced.stdout) == {"directory": str(out), "files": EXPORTED_FILES}
    assert json.loads((out / MANIFEST).read_text())["store"] == "other.db"
