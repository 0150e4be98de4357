"""Read untrusted JSON (API answers) so that only `ValueError` leaves, and nothing in it can
break the store later.

Used by the CourtListener and GovInfo parsers. The quirks of hostile or broken JSON handled:

- Nesting deeper than Python's recursion limit makes `json.loads` raise RecursionError: it is
  a `ValueError` here (the whole answer is unreadable; JSON cannot be read in part).
- Integers of more than 4,300 digits make `json.loads` itself fail (Python's int conversion
  limit), which would lose the whole answer for one field: integers longer than
  `MAX_INT_DIGITS` are kept as their digit string instead, which the parsers' number readers
  refuse (no id or count is that long, and SQLite integers stop at 19 digits).
- Lone surrogates (`"\\ud800"`) are valid JSON but cannot be encoded as UTF-8, so SQLite would
  refuse the whole batch holding one: every string (keys too) has them replaced by U+FFFD,
  counted.
- Duplicate keys: the last one wins, as with `json.loads`, and it is noted (no API we read
  repeats a key; two readers disagreeing on which copy counts is a known trick).
- NaN and Infinity literals load as floats, which no number reader accepts.
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["MAX_INT_DIGITS", "load_json"]

#: Longest integer literal read as a number (a sign counts as a digit here).
MAX_INT_DIGITS = 18

_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _int_or_digits(literal: str) -> int | str:
    return int(literal) if len(literal) <= MAX_INT_DIGITS else literal


def _scrub(value: str) -> tuple[str, int]:
    return _SURROGATE.subn("\ufffd", value)


def _scrub_all(data: Any) -> tuple[Any, int]:
    """Replace lone surrogates in every string of `data` (walked without recursion)."""
    count = 0
    if isinstance(data, str):
        return _scrub(data)
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key in list(node):
                value = node[key]
                if isinstance(value, str):
                    node[key], n = _scrub(value)
                    count += n
                elif isinstance(value, dict | list):
                    stack.append(value)
                if isinstance(key, str) and _SURROGATE.search(key):
                    new_key, n = _scrub(key)
                    count += n
                    node[new_key] = node.pop(key)
        elif isinstance(node, list):
            for index, value in enumerate(node):
                if isinstance(value, str):
                    node[index], n = _scrub(value)
                    count += n
                elif isinstance(value, dict | list):
                    stack.append(value)
    return data, count


_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,39}")


class TooDeep(ValueError):
    """JSON nested deeper than Python's recursion limit lets `json` read."""

    summary = "nested too deeply to read"


def load_json(text: str) -> tuple[Any, list[str]]:
    """`json.loads(text)` with the guards above: (data, notes on what was defused).

    Raises `ValueError` (json's own `JSONDecodeError` included) when the text is no JSON.
    """
    duplicates: dict[str, int] = {}

    def pairs_to_dict(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        data = dict(pairs)
        if len(data) != len(pairs):
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    duplicates[key] = duplicates.get(key, 0) + 1
                seen.add(key)
        return data

    try:
        data = json.loads(text, parse_int=_int_or_digits, object_pairs_hook=pairs_to_dict)
    except RecursionError:
        raise TooDeep("JSON nested too deeply to read") from None
    notes = []
    if duplicates:
        # field names only (`caseName`): the problem is published, a key may be any text
        names = [key for key in sorted(duplicates) if _FIELD_NAME.fullmatch(key)][:5]
        shown = ", ".join(map(repr, names)) or f"{len(duplicates)} key(s)"
        notes.append(f"duplicate keys in JSON objects ({shown}): the last value of each was used")
    if _SURROGATE_ESCAPE.search(text) or _SURROGATE.search(text):
        data, replaced = _scrub_all(data)
        if replaced:
            notes.append(f"replaced {replaced} lone surrogate(s) in JSON strings with U+FFFD")
    return data, notes
