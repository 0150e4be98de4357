"""The pieces behind tests/test_site_limits.py, one at a time (SAMPLE DATA throughout):
guarded builtins answer exactly as SQLite's own, the result meter never charges less than
Datasette's JSON of the rows it lets through, and the authorizer hides only what it should."""

from __future__ import annotations

import json
import random
import sqlite3

import pytest
from datasette.utils import CustomJSONEncoder

from feeds import hide_paths, result_budget, sql_limits
from feeds.result_budget import Budget, Meter, ResultTooLarge, json_size, request_budget

L = sql_limits.VALUE_MAX_BYTES


@pytest.fixture
def guarded() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    sql_limits.apply(conn)
    return conn


@pytest.fixture
def plain() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, L)
    return conn


# ---------------------------------------------------------------------------------- guards

SAME_ANSWERS = [
    "select instr('SAMPLE Doe v. Noem', 'Noem'), instr('héllo wörld', 'wö'), instr('a', '')",
    "select instr(x'00010203', x'0203'), instr(12345, 34), instr(1.5, '.'), instr(null, 'a')",
    "select instr('abc', null), instr(x'616263', 'b'), instr('', 'a')",
    "select replace('ECF No. 14', 'No.', 'Number'), replace(12, 1, 3), replace('a', '', 'b')",
    "select typeof(replace(5, '', 'b')), replace(null, 'a', 'b'), replace('a', null, 'b')",
    "select replace('a', 'a', null), replace(x'616263', x'62', 'Z'), replace('ééé', 'é', 'e')",
    "select trim('xxSAMPLExx', 'x'), ltrim('  a'), rtrim('abcc', 'c'), trim(' a '), trim(null)",
    "select trim('éaé', 'é'), ltrim(12300, 1), rtrim(12300, 0), trim('abc', ''), trim('a', null)",
    """select json_patch('{"a":1,"b":{"c":2}}', '{"b":{"c":null,"d":3}}'),
    json_patch('[1]', '2')""",
    "select printf('%d %s %5.2f %-4c|', 12, 'ab', 3.14159, 'xy'), printf('%.*c', 5, 'é')",
    "select printf('%*d', -6, 42), printf('%%%d%%', 7), printf(null), printf('%q', 'it''s')",
    "select printf('abc'), printf(12), format('%s-%s', 1, 2.5), printf('%.3s', 'abcdef')",
    "select printf('%z %k %d', 'a', 1), printf('%4294967301d', 1), printf('%c%c', 'a')",
    "select printf('%.*c', '7', 'z'), printf('%.*c', 3.9, 'z'), printf('%.*c', '2e3x', 'q')",
    "select printf(), printf('%n%d', 5), printf('%,d', 1234567), printf('%!.20e', 1.0)",
    "select length(printf('%.*c', 3000000, 'x')), printf('%.*c', -3, 'y'), printf('%w', 'a\"b')",
]


@pytest.mark.parametrize("sql", SAME_ANSWERS)
def test_guarded_builtins_answer_as_sqlite_does(guarded, plain, sql):
    assert guarded.execute(sql).fetchall() == plain.execute(sql).fetchall()


# SQLite reports the refusal as "user-defined function raised exception"; Python hands the
# exception itself to sys.unraisablehook (Datasette turns callback tracebacks on), which pytest
# reports as a warning: the server's log gets the reason.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize(
    "sql",
    [
        "select instr(printf('%.*c', 4000000, 'a'), printf('%.*c', 4000, 'a'))",
        "select replace(printf('%.*c', 4000000, 'a'), printf('%.*c', 4000, 'a'), '')",
        "select trim(printf('%.*c', 500000, 'a'), printf('%.*c', 2000, 'b'))",
        "select ltrim(printf('%.*c', 500000, 'a'), printf('%.*c', 2000, 'b'))",
        "select rtrim(printf('%.*c', 500000, 'a'), printf('%.*c', 2000, 'b'))",
        "select json_patch('{' || printf('%.*c', 100000, ' ') || '}', "
        "'{' || printf('%.*c', 100000, ' ') || '}')",
    ],
)
def test_calls_whose_work_is_a_product_of_two_long_arguments_are_refused(guarded, sql):
    with pytest.raises(sqlite3.OperationalError, match="user-defined function raised"):
        guarded.execute(sql).fetchall()


def test_the_same_functions_on_ordinary_arguments_still_answer(guarded):
    # a long value with a short pattern: the everyday shape of these calls
    row = guarded.execute(
        "select instr(printf('%.*c', 4000000, 'a') || 'SAMPLE', 'SAMPLE'), "
        "length(replace(printf('%.*c', 4000000, 'a'), 'a', 'bb')), "
        "length(trim(printf('%.*c', 1000000, ' ') || 'x' || printf('%.*c', 1000000, ' ')))"
    ).fetchone()
    assert row == (4000001, 8000000, 1)


def test_printf_past_the_length_limit_is_null_without_writing_it(guarded, plain):
    # SQLite answers NULL too, after repeating the character up to 2e9 times one by one (24 s)
    assert guarded.execute("select printf('%.*c', 2000000000, 'x')").fetchone() == (None,)
    assert guarded.execute("select printf('%.*c', ?, 'x')", [L + 1]).fetchone() == (None,)
    assert plain.execute("select printf('%.*c', ?, 'x')", [L + 1]).fetchone() == (None,)
    sql = "select length(printf('%.*c%.*c', ?, 'x', ?, 'y'))"
    for first, second in ((L // 2, L // 2), (L // 2, L // 2 + 1)):
        assert (
            guarded.execute(sql, [first, second]).fetchone()
            == plain.execute(sql, [first, second]).fetchone()
        )


@pytest.mark.parametrize(
    "fmt, args, width",
    [
        ("plain text", (), 0),
        ("%d and %s", (1, "a"), 0),
        ("%10d|%-20s", (1, "a"), 30),
        ("%.5c", ("x",), 5),
        ("%3.5c", ("x",), 5),
        ("%.5s", ("abcdefgh",), 0),  # a string's precision cuts, it does not pad
        ("%*.*c", (-7, 9, "x"), 9),
        ("%%%.4c", ("x",), 4),
        ("%4294967301d", (1,), 5),  # SQLite's width digits wrap at 32 bits
        ("%.3c %k %.1000c", ("x", "y"), 3),  # an unknown conversion ends the format
        ("%n%.6c", ("x",), 6),
    ],
)
def test_printf_width_reads_formats_as_sqlite_does(fmt, args, width):
    assert sql_limits.printf_width(fmt, args, int) == width


def test_every_limit_is_set_and_temporary_storage_is_in_memory(guarded):
    for limit, value in sql_limits.LIMITS.items():
        assert guarded.getlimit(limit) == value
    assert guarded.execute("pragma temp_store").fetchone() == (2,)
    assert guarded.execute("pragma hard_heap_limit").fetchone()[0] <= sql_limits.HEAP_MAX_BYTES


# ---------------------------------------------------------------------------------- meter


def samples() -> list[bytes]:
    rng = random.Random(13)
    return [
        b"",
        b"SAMPLE Doe v. Noem, 3:26-cv-07001",
        b'quotes " and backslashes \\ and <script>',
        bytes(range(0, 32)),
        "§ 1367 — “sealed” ’ é ü 中文 🙂".encode(),
        b"\xff\xfe invalid \x80 utf-8",
        bytes(rng.randrange(256) for _ in range(5000)),
        bytes(rng.randrange(128) for _ in range(5000)),
        b"\x00" * 1000,
    ]


def metered(sql: str, params=(), limit: int = 10**9) -> tuple[list, int]:
    conn = sqlite3.connect(":memory:")
    Meter(statement_limit=limit).install(conn)
    with request_budget(Budget(limit)) as budget:
        rows = conn.execute(sql, params).fetchall()
    return rows, budget.spent


@pytest.mark.parametrize("raw", samples(), ids=range(len(samples())))
def test_a_value_is_charged_at_least_its_json_in_datasette(raw):
    text = str(raw, "utf-8", "replace")
    assert len(json.dumps(text)) - 2 <= json_size(raw)
    rows, spent = metered(
        "select cast(? as text) as t, ? as b, 12345678901234 as i, 1.5e300 as f, null as n",
        [raw, raw],
    )
    shaped = [dict(zip(row.keys(), tuple(row), strict=True)) for row in rows]
    assert rows[0]["t"] == text  # decoded as Datasette decodes
    assert len(json.dumps(shaped, cls=CustomJSONEncoder)) <= spent


def test_rows_are_datasettes_rows():
    rows, _ = metered("select 1 as a, 'x' as b")
    assert isinstance(rows[0], sqlite3.Row) and rows[0].keys() == ["a", "b"]
    assert rows[0]["b"] == "x" and tuple(rows[0]) == (1, "x")


def test_a_statement_past_its_budget_stops_and_the_next_one_is_counted_afresh():
    conn = sqlite3.connect(":memory:")
    Meter(statement_limit=1000).install(conn)
    with pytest.raises(ResultTooLarge, match="too large"):
        conn.execute("select printf('%.*c', 2000, 'x')").fetchall()  # one value, midway
    with pytest.raises(ResultTooLarge):
        conn.execute(
            "with recursive n(x) as (select 1 union all select x + 1 from n limit 100) "
            "select printf('%.*c', 50, 'x') from n"
        ).fetchall()  # many small rows
    assert conn.execute("select printf('%.*c', 900, 'x')").fetchone()[0] == "x" * 900


def test_a_requests_budget_spans_its_queries():
    conn = sqlite3.connect(":memory:")
    Meter().install(conn)
    with request_budget(Budget(1000)):
        conn.execute("select printf('%.*c', 600, 'x')").fetchall()
        with pytest.raises(ResultTooLarge):
            conn.execute("select printf('%.*c', 600, 'x')").fetchall()
    assert conn.execute("select printf('%.*c', 600, 'x')").fetchall()  # outside: its own


def test_the_context_executor_carries_the_request_budget_into_threads():
    executor = result_budget.ContextExecutor(max_workers=1)
    with request_budget(Budget(123)) as budget:
        seen = executor.submit(lambda: result_budget._REQUEST.get()).result()
    assert seen is budget
    assert executor.submit(lambda: result_budget._REQUEST.get()).result() is None
    executor.shutdown()


# ---------------------------------------------------------------------------------- paths


def test_the_authorizer_hides_the_file_and_the_prepared_statements(tmp_path):
    db = tmp_path / "sealtrail.db"
    conn = sqlite3.connect(db)
    conn.set_authorizer(hide_paths.authorizer)
    assert conn.execute("select * from pragma_database_list").fetchall() == [(0, "main", None)]
    where = "select count(*) from pragma_database_list where file like '%sealtrail%'"
    assert conn.execute(where).fetchone() == (0,)  # not even as a condition
    # Datasette's own statement still works (it lists attached databases with it)
    assert [row[1] for row in conn.execute("pragma database_list")] == ["main"]
    with pytest.raises(sqlite3.DatabaseError, match="prohibited"):
        conn.execute("select sql from sqlite_stmt").fetchall()
    conn.execute("create table t (x)")  # everything else is untouched
    conn.execute("insert into t values (1)")
    assert conn.execute("select x from t").fetchall() == [(1,)]


def test_thread_listings_keep_file_names_only():
    class FakeDatasette:
        def _threads(self):
            return {
                "num_threads": 1,
                "tasks": [
                    "<Task pending coro=<Server.serve() running at uvicorn/server.py:90> "
                    "cb=[_run_until_complete_cb() at "
                    "/root/.pyenv/versions/3.11.7/lib/python3.11/asyncio/base_events.py:180]>",
                    "<Task coro=<view() running at /opt/sealtrail/feeds/plugin.py:12>>",
                ],
            }

    tasks = hide_paths.public_threads(FakeDatasette())["tasks"]
    assert "base_events.py:180" in tasks[0] and "/root" not in tasks[0]
    assert "uvicorn/server.py:90" in tasks[0]
    assert tasks[1] == "<Task coro=<view() running at plugin.py:12>>"


def test_the_operators_own_malloc_settings_win():
    from monitor.publish import DATASETTE_ENV, datasette_environ

    assert datasette_environ({"PATH": "/usr/bin"}) == {"PATH": "/usr/bin", **DATASETTE_ENV}
    assert datasette_environ({"MALLOC_ARENA_MAX": "4"})["MALLOC_ARENA_MAX"] == "4"
