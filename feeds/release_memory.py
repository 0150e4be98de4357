"""Give memory back to the system after a request that made the server grow (issue 13).

glibc keeps what a thread frees in that thread's arena for later use instead of returning it:
after one hostile query filled SQLite's heap in one SQL thread and the next filled it in
another, the server's resident size was the sum of both peaks, and the sum grew with every
pattern of use (467 MB after the hostile queries of tests/test_site_limits.py, whose peak
request alone needs less than 320). `after_request` (called by the plugin's ASGI wrapper once a
response is sent) collects garbage and calls `malloc_trim(0)` when the resident size is
`TRIM_ABOVE_BYTES` over what it was after the last trim (or the lowest seen since); glibc then
returns the free pages of every arena. Collecting first matters: a query error's traceback
holds the frames that hold the rows read and the cursor (whose statement keeps its values in
SQLite's memory), in a reference cycle that only the collector frees (once it freed 180 MB).
Elsewhere than glibc on Linux, it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
import threading

TRIM_ABOVE_BYTES = 32 * 1024 * 1024

_lock = threading.Lock()
_mark: int | None = None  # the resident size after the last trim, or the lowest seen since


def _load_trim():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


_malloc_trim = _load_trim()
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def resident_bytes() -> int | None:
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


def after_request() -> bool:
    """Trim if the process grew `TRIM_ABOVE_BYTES` since the last trim; True when it did."""
    global _mark
    if _malloc_trim is None:
        return False
    resident = resident_bytes()
    if resident is None:
        return False
    with _lock:
        if _mark is None or resident < _mark:
            _mark = resident
        if resident - _mark <= TRIM_ABOVE_BYTES:
            return False
        gc.collect()
        _malloc_trim(0)
        _mark = resident_bytes() or resident
    return True
