"""Write every feed of a store as static files (`sealtrail feeds export DIR`).

Layout under `out_dir`:

    sealing.atom, sealing.rss                 same content as /-/feeds/sealing.atom|rss
    new-cases.atom, new-cases.rss             one entry per case, by its first sealing event
    court/<court>.atom|rss                    every court the store has seen (empty ones too)
    case/<court>/<docket>.atom|rss            every case with at least one event
    reason/<code>.atom|rss                    every reason code, outcome and event type of the
    outcome/<outcome>.atom|rss                vocabularies (empty ones too)
    type/<event_type>.atom|rss
    judge/<slug>.atom|rss                     every judge with at least one event
    changes.atom, changes.rss                 sealing after the fact (`feeds.changes_feed`)
    changes/court/<court>.atom|rss            every court with a change
    changes/case/<court>/<docket>.atom|rss    every case with a change
    feeds.opml                                all of the above but the case feeds, grouped:
                                              byte-identical to /-/feeds.opml for the same
                                              `base_url` (`feeds.opml`, `feeds.catalog`)
    .sealtrail-feeds.json                     which store wrote the directory, and counts

The files are byte-identical to what the Datasette plugin serves for the same `base_url`, and
to a previous export of unchanged data (files are only rewritten when their bytes change).

The directory is served while it is written, so every feed is first written into a staging
directory inside it (same file system), then renamed over the old file: a reader gets the
old feed or the new one, never half of one, and an export that fails while building leaves
the old feeds untouched. Feeds this export did not produce (a case that no longer has
events) are removed afterwards. Files outside the layout are never removed or overwritten.

Refused (`ExportRefused`) unless `force`: a directory holding files outside the layout (a
mistyped path such as a home or web root), one whose manifest names another store, and an
export whose main feed would be empty over one that lists events (a new or wrong store).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from os import PathLike
from pathlib import Path

from feeds.build import DEFAULT_BASE_URL, FORMATS, build_feed
from feeds.catalog import catalog
from feeds.changes_feed import build_changes_feed, cases_with_changes, fetch_changes
from feeds.opml import OPML_FILE, build_opml
from feeds.queries import (
    DEFAULT_LIMIT,
    DEFAULT_VIEW,
    cases_with_events,
    feed_counts,
    fetch_case,
    fetch_court,
    fetch_events,
    fetch_new_cases,
    judge_names,
    store_courts,
)
from monitor.storefile import store_id

MANIFEST = ".sealtrail-feeds.json"
STAGING_PREFIX = ".sealtrail-staging-"
MAIN_FEEDS = tuple(f"sealing.{fmt}" for fmt in FORMATS)
TOP_FILES = (
    *MAIN_FEEDS,
    *(f"new-cases.{fmt}" for fmt in FORMATS),
    *(f"changes.{fmt}" for fmt in FORMATS),
    OPML_FILE,
)
FEED_FOLDERS = ("court", "reason", "outcome", "type", "judge")
FEED_SUFFIXES = tuple(f".{fmt}" for fmt in FORMATS)
GENERATOR = "sealtrail feeds export"


class ExportRefused(Exception):
    """The export would damage what the directory holds; the message says why, in one line."""


def _safe_segment(value: str) -> str:
    """A path segment from store data that cannot climb out of the export directory."""
    text = value.replace("/", "_").replace("\\", "_").replace("\x00", "")
    return "_" if text in ("", ".", "..") else text


# ------------------------------------------------------------------------ the directory
class _Contents:
    """What a feeds directory holds: our feed files, staging leftovers, and everything else."""

    def __init__(self) -> None:
        self.feeds: set[str] = set()  # relative paths of files in the feed layout
        self.staging: list[Path] = []  # staging directories a killed export left behind
        self.foreign: list[str] = []  # relative paths of anything else


def _scan(out: Path) -> _Contents:
    """Sort the directory's entries without following symlinks (a symlink is never ours)."""
    found = _Contents()

    def feed_files(folder: Path, rel: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                path = f"{rel}/{entry.name}"
                if entry.is_file(follow_symlinks=False) and entry.name.endswith(FEED_SUFFIXES):
                    found.feeds.add(path)
                else:
                    found.foreign.append(path)

    def case_folders(folder: Path, rel: str) -> None:
        with os.scandir(folder) as courts:
            for court in courts:
                if court.is_dir(follow_symlinks=False):
                    feed_files(Path(court.path), f"{rel}/{court.name}")
                else:
                    found.foreign.append(f"{rel}/{court.name}")

    with os.scandir(out) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            name = entry.name
            if entry.is_symlink():
                found.foreign.append(name)
            elif entry.is_file() and name in (*TOP_FILES, MANIFEST):
                if name != MANIFEST:
                    found.feeds.add(name)
            elif entry.is_dir() and name.startswith(STAGING_PREFIX):
                found.staging.append(Path(entry.path))
            elif entry.is_dir() and name in FEED_FOLDERS:
                feed_files(Path(entry.path), name)
            elif entry.is_dir() and name == "case":
                case_folders(Path(entry.path), "case")
            elif entry.is_dir() and name == "changes":
                with os.scandir(entry.path) as parts:
                    for part in parts:
                        rel = f"changes/{part.name}"
                        if part.name == "court" and part.is_dir(follow_symlinks=False):
                            feed_files(Path(part.path), rel)
                        elif part.name == "case" and part.is_dir(follow_symlinks=False):
                            case_folders(Path(part.path), rel)
                        else:
                            found.foreign.append(rel)
            else:
                found.foreign.append(name)
    found.foreign.sort()
    return found


def _read_manifest(out: Path) -> dict | None:
    path = out / MANIFEST
    if not path.is_file():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise ExportRefused(f"{path} cannot be read ({error}); --force rewrites it") from error
    if not isinstance(manifest, dict):
        raise ExportRefused(f"{path} is not a sealtrail feeds manifest; --force rewrites it")
    return manifest


def _published_events(out: Path, manifest: dict | None) -> int:
    """How many events the directory's main feed lists now (from the manifest, or counted in
    a feed written before manifests existed)."""
    if manifest is not None and isinstance(manifest.get("events"), int):
        return manifest["events"]
    for name, tag in (("sealing.atom", rb"<entry[\s>]"), ("sealing.rss", rb"<item[\s>]")):
        path = out / name
        if path.is_file() and not path.is_symlink():
            return len(re.findall(tag, path.read_bytes()))
    return 0


@contextlib.contextmanager
def _locked(out: Path) -> Iterator[None]:
    """One export at a time per directory (flock on the directory itself: no lock file)."""
    fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _check_parent(out: Path, rel: str) -> None:
    """Refuse to write through a symlinked or non-directory parent (only reachable with
    --force, which writes beside foreign files but never into or over them)."""
    folder = out
    for part in Path(rel).parts[:-1]:
        folder = folder / part
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            raise ExportRefused(f"{folder} is not a directory sealtrail wrote; move it away")


def _holds(final: Path, body: bytes) -> bool:
    """`final` is a regular file (not a symlink) holding exactly `body`."""
    return final.is_file() and not final.is_symlink() and final.read_bytes() == body


def _install(staged: Path, final: Path) -> None:
    final.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staged, final)


def _remove_stale(out: Path, stale: set[str]) -> None:
    for rel in sorted(stale):
        with contextlib.suppress(FileNotFoundError):
            (out / rel).unlink()
    folders = [out / "case", *(out / name for name in FEED_FOLDERS)]
    for folder in sorted((out / "case").glob("*"), reverse=True) + folders:
        if folder.is_dir() and not folder.is_symlink():
            with contextlib.suppress(OSError):  # not empty
                folder.rmdir()


# ------------------------------------------------------------------------------ export
_KEY_PARAMS = {"reason": "reason", "outcome": "outcome", "type": "event_type"}


def _render(
    conn: sqlite3.Connection,
    out: Path,
    staging: Path,
    common: dict,
    *,
    view: str,
    limit: int,
    check_main,
) -> tuple[dict[str, Path | None], dict[str, int]]:
    """Write every feed whose bytes changed into `staging`; returns {relative path: staged
    file, or None when `out` already holds those bytes} and counts."""
    staged: dict[str, Path | None] = {}

    def put(rel: str, body: bytes) -> None:
        if _holds(out / rel, body):
            staged[rel] = None
            return
        path = staging / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
        staged[rel] = path

    rows = fetch_events(conn, "all", view=view, limit=limit)
    check_main(len(rows))
    feed_totals = feed_counts(conn, view=view)
    courts_with_events = feed_totals["court"]
    scope = "immigration cases" if view == DEFAULT_VIEW else "federal cases"
    groups = catalog(feed_totals, store_courts(conn), scope=scope)
    counts = {"events": len(rows), "courts": 0, "cases": 0}
    for fmt in FORMATS:
        put(f"sealing.{fmt}", build_feed(rows, kind="all", fmt=fmt, limit=limit, **common))

    rows = fetch_new_cases(conn, view=view, limit=limit)
    for fmt in FORMATS:
        put(f"new-cases.{fmt}", build_feed(rows, kind="new-cases", fmt=fmt, limit=limit, **common))

    counts["courts"] = len(courts_with_events)
    for group in groups:
        for feed in group.all_feeds():
            if feed.kind == "court":
                known = fetch_court(conn, feed.court) or {"court_name": None}
                rows = fetch_events(conn, "court", court=feed.court, view=view, limit=limit)
                extra = {"court": feed.court, "court_name": known["court_name"]}
                rel = f"court/{_safe_segment(feed.court)}"
            elif feed.kind == "judge":
                names = judge_names(conn, feed.key, view=view)
                rows = fetch_events(conn, "judge", judges=names, view=view, limit=limit)
                extra = {"key": feed.key, "name": feed.name}
                rel = f"judge/{_safe_segment(feed.key)}"
            elif feed.kind in _KEY_PARAMS:
                param = {_KEY_PARAMS[feed.kind]: feed.key}
                rows = fetch_events(conn, feed.kind, view=view, limit=limit, **param)
                extra = {"key": feed.key}
                rel = f"{feed.kind}/{_safe_segment(feed.key)}"
            elif feed.kind == "changes":
                _put_changes(put, conn, feed.court, view=view, limit=limit, common=common)
                continue
            else:
                continue  # all and new cases, written above
            for fmt in FORMATS:
                body = build_feed(rows, kind=feed.kind, fmt=fmt, limit=limit, **extra, **common)
                put(f"{rel}.{fmt}", body)
    put(OPML_FILE, build_opml(groups, **common))

    for court, docket in cases_with_events(conn, view=view):
        counts["cases"] += 1
        case = fetch_case(conn, court, docket, view=view) or {}
        rows = fetch_events(conn, "case", court=court, docket_number=docket, view=view, limit=limit)
        for fmt in FORMATS:
            body = build_feed(
                rows,
                kind="case",
                fmt=fmt,
                court=court,
                docket=docket,
                court_name=case.get("court_name"),
                case_name=case.get("case_name"),
                limit=limit,
                **common,
            )
            put(f"case/{_safe_segment(court)}/{_safe_segment(docket)}.{fmt}", body)
    for court, docket in cases_with_changes(conn, view=view):
        _put_changes(put, conn, court, docket, view=view, limit=limit, common=common)
    return staged, counts


def _put_changes(put, conn, court=None, docket=None, *, view: str, limit: int, common: dict):
    """The feed of changes after filing: all, a court's or a case's (`feeds.changes_feed`)."""
    names: dict = {}
    if docket:
        case = fetch_case(conn, court, docket, view=view) or {}
        names = {"court_name": case.get("court_name"), "case_name": case.get("case_name")}
        rel = f"changes/case/{_safe_segment(court)}/{_safe_segment(docket)}"
    elif court:
        names = {"court_name": (fetch_court(conn, court) or {}).get("court_name")}
        rel = f"changes/court/{_safe_segment(court)}"
    else:
        rel = "changes"
    rows = fetch_changes(conn, court=court, docket_number=docket, view=view, limit=limit)
    for fmt in FORMATS:
        body = build_changes_feed(
            rows, fmt=fmt, court=court, docket=docket, limit=limit, **names, **common
        )
        put(f"{rel}.{fmt}", body)


def export_feeds(
    db_path: str | PathLike,
    out_dir: str | PathLike,
    base_url: str | None = None,
    *,
    database: str | None = None,
    view: str = DEFAULT_VIEW,
    limit: int = DEFAULT_LIMIT,
    force: bool = False,
) -> list[Path]:
    """Write all feeds of the store at `db_path` into `out_dir`; return the feed paths.

    `base_url` is where the Datasette site is served (for self and page links; defaults to
    `feeds.build.DEFAULT_BASE_URL`); `database` is its Datasette name (default: the file's
    stem, as `datasette serve` names it). Raises `ExportRefused` (see the module docstring)
    unless `force`; `force` never removes or overwrites a file outside the feed layout.
    """
    out = Path(out_dir)
    database = database or Path(db_path).stem
    common = {"base_url": base_url or DEFAULT_BASE_URL, "database": database, "view": view}
    out.mkdir(parents=True, exist_ok=True)
    with _locked(out):
        contents = _scan(out)
        if contents.foreign and not force:
            shown = ", ".join(contents.foreign[:3])
            more = f" and {len(contents.foreign) - 3} more" if len(contents.foreign) > 3 else ""
            raise ExportRefused(
                f"{out} holds files sealtrail did not write ({shown}{more}); export into a new "
                "or empty directory (--force writes beside them)"
            )
        try:
            manifest = _read_manifest(out)
        except ExportRefused:
            if not force:
                raise
            manifest = None
        conn = sqlite3.connect(f"{Path(db_path).absolute().as_uri()}?mode=ro", uri=True)
        try:
            identity = store_id(conn)
            theirs = (manifest or {}).get("store_id")
            if theirs and theirs != identity and not force:
                raise ExportRefused(
                    f"{out} holds the feeds of another store ({manifest.get('store')}, id "
                    f"{theirs}; this is {Path(db_path).name}, id {identity}); --force replaces "
                    "them"
                )
            published = _published_events(out, manifest)

            def check_main(events: int) -> None:
                if events == 0 and published > 0 and not force:
                    raise ExportRefused(
                        f"{Path(db_path).name} has no sealing events to publish but "
                        f"{out / 'sealing.atom'} lists {published}; --force replaces them "
                        "with empty feeds"
                    )

            for leftover in contents.staging:
                shutil.rmtree(leftover, ignore_errors=True)
            staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out))
            try:
                staged, counts = _render(
                    conn, out, staging, common, view=view, limit=limit, check_main=check_main
                )
                changed = {rel: path for rel, path in staged.items() if path is not None}
                for rel in changed:
                    _check_parent(out, rel)
                for rel, path in changed.items():
                    _install(path, out / rel)
                _remove_stale(out, contents.feeds - set(staged))
                record = {
                    "generator": GENERATOR,
                    "store": Path(db_path).name,
                    "store_id": identity,
                    **counts,
                    "files": len(staged),
                }
                body = (json.dumps(record, indent=2) + "\n").encode()
                if not _holds(out / MANIFEST, body):
                    (staging / MANIFEST).write_bytes(body)
                    _install(staging / MANIFEST, out / MANIFEST)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
        finally:
            conn.close()
    return [out / rel for rel in staged]
