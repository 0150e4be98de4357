"""What one query on the public site may cost SQLite: size, memory and time (issue 13).

`apply(conn)` runs on every connection Datasette opens (the plugin's `prepare_connection`),
under `sealtrail serve` and in process alike; `install_watchdog()` runs once per process.

- **Limits** (`LIMITS`, `Connection.setlimit`): no string or blob over `VALUE_MAX_BYTES` (also
  what `printf('%.*c', …)`, `zeroblob`, `randomblob`, `group_concat` and `replace` can build:
  past it the query fails with "string or blob too big"). SQLite applies the same limit to
  values it *reads*, so it stays well above the longest text the store can hold: an order text
  comes from one download of at most 20 MiB (`DOWNLOAD_MAXSIZE`). The other limits keep one
  statement small: its SQL, columns, expression depth, compound SELECTs, function arguments,
  LIKE/GLOB pattern and `?NNN` parameters. Python keeps the last 128 statements of each
  connection prepared, so whatever one statement holds (its program, `VDBE_OP_MAX`, and its
  parameter slots, `VARIABLE_NUMBER_MAX`) a visitor can pin 128 times per connection:
  `select ?250000` alone held 14 MB, 130 of them 1.7 GB.
- **Memory**: `PRAGMA hard_heap_limit` caps everything SQLite allocates in the process
  (`HEAP_MAX_BYTES`; it is process-wide and can only be lowered). A statement that needs more
  fails with SQLITE_NOMEM, which Python raises as `MemoryError` (the plugin answers it as a
  query error, status 400). `PRAGMA temp_store = MEMORY` puts sorts, DISTINCT, GROUP BY and
  materialised subqueries under that cap instead of in unbounded temporary files.
- **Time inside one step**: SQLite checks Datasette's time limit (a progress handler) only
  between virtual machine instructions. Builtins whose work grows with the product of two
  argument lengths run as one instruction (`trim(x, y)` over 2 MB × 20 KB took 144 s;
  `instr` and `replace` with long patterns, `json_patch` with many keys likewise). Each is
  replaced by `_guarded`, which refuses a call whose length product passes the function's
  budget (`PRODUCT_BUDGETS`) and otherwise asks an untouched in-memory connection for the
  builtin's own answer, so results are SQLite's. `printf` (and its alias `format`) repeats a
  character `precision` times one by one even past the length limit (`%.*c` with 2e9: 24 s,
  and a result of NULL): `_guarded_printf` answers NULL at once when the widths and `%c`
  precisions alone pass `VALUE_MAX_BYTES`. LIKE and GLOB stay builtin (they run on every row
  of Datasette's filters; a Python guard made a scan 5 times slower) and are bounded by the
  pattern length instead: at most about 12 s for a 100-byte pattern over a 32 MB value.
- **Time between checks**: the progress handler runs every 1,000 instructions, so a query with
  a costly function per row (a 32 MB `randomblob`) ran 10.8 s under the 2 s limit.
  `install_watchdog` wraps Datasette's `sqlite_timelimit` so a thread also interrupts the
  connection at the deadline (`sqlite3_interrupt`, checked at every loop step); the error is
  Datasette's own "interrupted" (SQL query took too long).
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

MIB = 1024 * 1024

VALUE_MAX_BYTES = 32 * MIB
SQL_MAX_BYTES = 50_000
COLUMNS_MAX = 500
EXPR_DEPTH_MAX = 200
COMPOUND_SELECT_MAX = 64
VDBE_OP_MAX = 2_500
FUNCTION_ARGS_MAX = 64
LIKE_PATTERN_MAX_BYTES = 100
VARIABLE_NUMBER_MAX = 1_000

HEAP_MAX_BYTES = 192 * MIB

LIMITS = {
    sqlite3.SQLITE_LIMIT_LENGTH: VALUE_MAX_BYTES,
    sqlite3.SQLITE_LIMIT_SQL_LENGTH: SQL_MAX_BYTES,
    sqlite3.SQLITE_LIMIT_COLUMN: COLUMNS_MAX,
    sqlite3.SQLITE_LIMIT_EXPR_DEPTH: EXPR_DEPTH_MAX,
    sqlite3.SQLITE_LIMIT_COMPOUND_SELECT: COMPOUND_SELECT_MAX,
    sqlite3.SQLITE_LIMIT_VDBE_OP: VDBE_OP_MAX,
    sqlite3.SQLITE_LIMIT_FUNCTION_ARG: FUNCTION_ARGS_MAX,
    sqlite3.SQLITE_LIMIT_LIKE_PATTERN_LENGTH: LIKE_PATTERN_MAX_BYTES,
    sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER: VARIABLE_NUMBER_MAX,
    sqlite3.SQLITE_LIMIT_WORKER_THREADS: 0,
}

# Length products (bytes × bytes) each builtin may take in one call: about 0.3 s each on the
# 2-core server (measured per pair: instr and replace 0.03 ns, trim 3.6 ns, json_patch 0.08 ns).
PRODUCT_BUDGETS = {
    "instr": 10_000_000_000,
    "replace": 10_000_000_000,
    "trim": 100_000_000,
    "ltrim": 100_000_000,
    "rtrim": 100_000_000,
    "json_patch": 4_000_000_000,
}
_GUARDED = {  # name: (number of arguments, the two whose lengths multiply)
    "instr": (2, (0, 1)),
    "replace": (3, (0, 1)),
    "trim": (2, (0, 1)),
    "ltrim": (2, (0, 1)),
    "rtrim": (2, (0, 1)),
    "json_patch": (2, (0, 1)),
}


class TooCostly(Exception):
    """A builtin call refused before it runs (SQLite reports "user-defined function raised
    exception"; the message is kept for the server log)."""


def apply(conn: sqlite3.Connection) -> None:
    """Limits, heap cap, in-memory temporary storage and guarded builtins on `conn`."""
    for limit, value in LIMITS.items():
        conn.setlimit(limit, value)
    conn.execute(f"PRAGMA hard_heap_limit = {HEAP_MAX_BYTES}")
    conn.execute("PRAGMA temp_store = MEMORY")
    builtins = _Builtins()
    for name, (arity, pair) in _GUARDED.items():
        conn.create_function(name, arity, _guarded(name, pair, builtins), deterministic=True)
    for name in ("printf", "format"):
        conn.create_function(name, -1, _guarded_printf(name, builtins), deterministic=True)


def _length(value: Any) -> int:
    if isinstance(value, str):
        # characters; up to 4 UTF-8 bytes each (exact for ASCII, which `isascii` sees at once)
        return len(value) if value.isascii() else 4 * len(value)
    if isinstance(value, bytes):
        return len(value)
    return 0 if value is None else 32  # a number, as text


class _Builtins:
    """SQLite's own functions, on an in-memory connection without the guards (one per guarded
    connection: Datasette uses each connection from one thread at a time)."""

    def __init__(self) -> None:
        self._conn: sqlite3.Connection | None = None
        self._sql: dict[tuple[str, int], str] = {}

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            conn = sqlite3.connect(":memory:", check_same_thread=False)
            conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, VALUE_MAX_BYTES)
            conn.text_factory = lambda raw: str(raw, "utf-8", "replace")
            self._conn = conn
        return self._conn

    def call(self, name: str, args: tuple) -> Any:
        key = (name, len(args))
        sql = self._sql.get(key)
        if sql is None:
            sql = self._sql[key] = f"select {name}({', '.join('?' * len(args))})"
        return self._connection().execute(sql, args).fetchone()[0]

    def as_int(self, value: Any) -> int:
        """The integer SQLite reads from `value` (`sqlite3_value_int64`)."""
        if isinstance(value, int):
            return value
        return self._connection().execute("select cast(? as integer)", (value,)).fetchone()[0] or 0


def _guarded(name: str, pair: tuple[int, int], builtins: _Builtins) -> Callable[..., Any]:
    budget = PRODUCT_BUDGETS[name]

    def call(*args: Any) -> Any:
        cost = _length(args[pair[0]]) * _length(args[pair[1]])
        if cost > budget:
            raise TooCostly(
                f"{name}() refused: its arguments ({_length(args[pair[0]]):,} and "
                f"{_length(args[pair[1]]):,} bytes) would take too long; shorten one of them"
            )
        return builtins.call(name, args)

    call.__name__ = f"guarded_{name}"
    return call


# A conversion of SQLite's printf: flags, width, precision, length, type (printf.c).
_CONVERSION = re.compile(r"%[-+ 0#,!]*(\*|\d+)?(?:\.(\*|\d+)?)?l{0,2}(.)", re.DOTALL)
_TYPES = set("dsgzqQwcouxXfeEGinpTSr%")
_INT32 = 1 << 32


def printf_width(fmt: str, args: tuple, as_int: Callable[[Any], int]) -> int:
    """Characters a printf call must write at least: the sum of its widths and `%c`
    precisions, read as SQLite reads them (digits wrap at 32 bits, `*` takes an argument)."""
    values = iter(args)
    total = 0
    for match in _CONVERSION.finditer(fmt):
        width_spec, precision_spec, kind = match.groups()
        if kind not in _TYPES:
            break  # SQLite stops formatting at an unknown conversion
        sizes = []
        for spec in (width_spec, precision_spec):
            if spec == "*":
                number = as_int(next(values, 0)) % _INT32
                number = number - _INT32 if number >= _INT32 // 2 else number
                sizes.append(abs(number))
            elif spec:
                sizes.append((int(spec) % _INT32) & 0x7FFFFFFF)
            else:
                sizes.append(0)
        width, precision = sizes
        total += max(width, precision if kind == "c" else 0)
        if kind not in "%n":
            next(values, None)
    return total


def _guarded_printf(name: str, builtins: _Builtins) -> Callable[..., Any]:
    def call(*args: Any) -> Any:
        fmt = args[0] if args else None
        if isinstance(fmt, bytes):
            fmt = fmt.decode("utf-8", "replace")
        if isinstance(fmt, str) and "%" in fmt:
            if printf_width(fmt, args[1:], builtins.as_int) > VALUE_MAX_BYTES:
                return None  # what SQLite answers, after writing it out for seconds
        return builtins.call(name, args)

    call.__name__ = f"guarded_{name}"
    return call


# ---------------------------------------------------------------------------------- watchdog


class Watchdog:
    """One thread that calls `conn.interrupt()` on connections whose deadline has passed."""

    def __init__(self, grace: float = 0.1) -> None:
        self.grace = grace
        self._cond = threading.Condition()
        self._deadlines: dict[object, tuple[float, sqlite3.Connection]] = {}
        self._thread: threading.Thread | None = None

    @contextmanager
    def watch(self, conn: sqlite3.Connection, seconds: float) -> Iterator[None]:
        key = object()
        with self._cond:
            self._deadlines[key] = (time.monotonic() + seconds + self.grace, conn)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="sealtrail-sql-watchdog", daemon=True
                )
                self._thread.start()
            self._cond.notify()
        try:
            yield
        finally:
            with self._cond:
                self._deadlines.pop(key, None)

    def _run(self) -> None:
        with self._cond:
            while True:
                now = time.monotonic()
                for key, (deadline, conn) in list(self._deadlines.items()):
                    if deadline <= now:
                        del self._deadlines[key]
                        try:
                            conn.interrupt()
                        except sqlite3.ProgrammingError:  # closed meanwhile
                            pass
                upcoming = min((d for d, _ in self._deadlines.values()), default=None)
                self._cond.wait(None if upcoming is None else max(0.0, upcoming - now))


WATCHDOG = Watchdog()


def install_watchdog() -> None:
    """Make Datasette's per-query time limit (`datasette.database.sqlite_timelimit`) also
    interrupt the connection at the deadline. Idempotent."""
    import datasette.database

    original = datasette.database.sqlite_timelimit
    if getattr(original, "sealtrail_watchdog", False):
        return

    @contextmanager
    def sqlite_timelimit(conn, ms):
        with original(conn, ms), WATCHDOG.watch(conn, ms / 1000):
            yield

    sqlite_timelimit.sealtrail_watchdog = True
    datasette.database.sqlite_timelimit = sqlite_timelimit
