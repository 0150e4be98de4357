"""Write every feed of a store as static files (`sealtrail feeds export DIR`).

Layout under `out_dir`:

    sealing.atom, sealing.rss                 same content as /-/feeds/sealing.atom|rss
    court/<court>.atom|rss                    every court with at least one event
    case/<court>/<docket>.atom|rss            every case with at least one event

The files are byte-identical to what the Datasette plugin serves for the same `base_url`, and
to a previous export of unchanged data (files are only rewritten when their bytes change).
"""

from __future__ import annotations

import sqlite3
from os import PathLike
from pathlib import Path

from feeds.build import DEFAULT_BASE_URL, FORMATS, build_feed
from feeds.queries import (
    DEFAULT_LIMIT,
    DEFAULT_VIEW,
    cases_with_events,
    courts_with_events,
    fetch_case,
    fetch_court,
    fetch_events,
)


def _safe_segment(value: str) -> str:
    """A path segment from store data that cannot climb out of the export directory."""
    text = value.replace("/", "_").replace("\\", "_").replace("\x00", "")
    return "_" if text in ("", ".", "..") else text


def _write(path: Path, body: bytes, written: list[Path]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != body:
        path.write_bytes(body)
    written.append(path)


def export_feeds(
    db_path: str | PathLike,
    out_dir: str | PathLike,
    base_url: str | None = None,
    *,
    database: str | None = None,
    view: str = DEFAULT_VIEW,
    limit: int = DEFAULT_LIMIT,
) -> list[Path]:
    """Write all feeds of the store at `db_path` into `out_dir`; return the paths written.

    `base_url` is where the Datasette site is served (for self and page links; defaults to
    `feeds.build.DEFAULT_BASE_URL`); `database` is its Datasette name (default: the file's
    stem, as `datasette serve` names it).
    """
    out = Path(out_dir)
    database = database or Path(db_path).stem
    common = {"base_url": base_url or DEFAULT_BASE_URL, "database": database, "view": view}
    written: list[Path] = []
    conn = sqlite3.connect(f"file:{Path(db_path)}?mode=ro", uri=True)
    try:
        rows = fetch_events(conn, "all", view=view, limit=limit)
        for fmt in FORMATS:
            body = build_feed(rows, kind="all", fmt=fmt, limit=limit, **common)
            _write(out / f"sealing.{fmt}", body, written)

        for court in courts_with_events(conn, view=view):
            known = fetch_court(conn, court) or {"court_name": None}
            rows = fetch_events(conn, "court", court=court, view=view, limit=limit)
            for fmt in FORMATS:
                body = build_feed(
                    rows,
                    kind="court",
                    fmt=fmt,
                    court=court,
                    court_name=known["court_name"],
                    limit=limit,
                    **common,
                )
                _write(out / "court" / f"{_safe_segment(court)}.{fmt}", body, written)

        for court, docket in cases_with_events(conn, view=view):
            case = fetch_case(conn, court, docket, view=view) or {}
            rows = fetch_events(
                conn, "case", court=court, docket_number=docket, view=view, limit=limit
            )
            folder = out / "case" / _safe_segment(court)
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
                _write(folder / f"{_safe_segment(docket)}.{fmt}", body, written)
    finally:
        conn.close()
    return written
