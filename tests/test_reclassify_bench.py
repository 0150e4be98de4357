"""benchmarks/reclassify.py at a tiny size: the store it builds and the shape of what it
measures (never the times themselves)."""

from __future__ import annotations

import importlib.util
import sqlite3
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "reclassify.py"
SIZE = 300


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("reclassify_bench", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def template(bench, tmp_path_factory):
    return bench.prepare(SIZE, tmp_path_factory.mktemp("reclassify"), orders_per=100)


def test_the_store_holds_the_entries_and_sample_orders(template):
    con = sqlite3.connect(template)
    try:
        assert con.execute("select count(*) from docket_entries").fetchone()[0] == SIZE
        assert con.execute("select count(*) from documents where kind = 'order'").fetchone() == (
            SIZE // 100,
        )
        assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()


def test_each_run_reclassifies_a_fresh_copy_one_case_per_transaction(bench, template):
    before = template.read_bytes()
    unchanged = bench.run(template, "unchanged")
    changed = bench.run(template, "all changed")
    assert template.read_bytes() == before  # runs work on copies
    con = sqlite3.connect(template)
    try:
        cases = con.execute("select count(*) from cases").fetchone()[0]
        events = con.execute(
            "select count(*) from sealing_events where document_id is null"
        ).fetchone()[0]
    finally:
        con.close()
    for result in (unchanged, changed):
        assert result["counts"]["entries"] == SIZE and result["counts"]["orders"] == SIZE // 100
        assert result["transactions"] == cases + 1  # each case, then the orphan links
        assert 0 < result["median_lock_ms"] <= result["longest_lock_ms"]
    assert unchanged["counts"]["changed"] == 0
    assert changed["counts"]["changed"] == events > 0
