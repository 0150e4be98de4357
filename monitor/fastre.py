"""``re.compile`` with a first-character guard: the same matches, found sooner (sometimes).

Python's regex engine tries a pattern at every position of the text. For a pattern that opens
with a literal or a character class it skips ahead to the next possible first character; for
one that opens with a word boundary, a lookbehind, an alternation or an optional group (many of
the analyser's: ``\\b(?:(?:ex\\s+parte|joint|…)\\s+){0,4}(?:motion|application|…)``), and for
any pattern under ``IGNORECASE`` whose first letter has a case, it cannot, and every word start
runs the whole alternation before failing. :func:`compile` works out, from the parsed pattern,
which characters a match can start with and puts a lookahead of them in front,
``(?=(?i:[aAeEjJ…]))``, so most positions fail in one step.

The lookahead has a cost of its own at every position, so it pays only where the pattern's own
first step is dear: the motion pattern runs 2.4 times faster over an order, a ``\\b\\d…``
pattern twice as slowly. The analyser compiles here only the patterns that
``benchmarks/regex_guards.py`` measured at least 20% faster on the sample orders; the rest use
``re.compile``.

The guard is a necessary condition only, so the matches, their groups and their spans are the
same: it is built from what the parser says a match must begin with, made case-insensitive
(a superset), and it is left out whenever the first character cannot be bounded (a match may be
empty, or begin with ``.``, a negated class or a back-reference), or when the engine already
does better (the pattern opens with a literal, a class or a ``^`` anchor). Every pattern
compiled here is kept in :data:`COMPILED`; tests/test_fastre.py checks each against its plain
compilation.
"""

from __future__ import annotations

import re

try:  # the parser is internal to the re package; without it, patterns compile unguarded
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - a Python that moved them
    _c = _p = None

__all__ = ["COMPILED", "compile", "first_characters"]

#: (pattern, flags, compiled) of every pattern compiled through this module.
COMPILED: list[tuple[str, int, re.Pattern]] = []

_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
}
_LEADING_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")


def _sequence(items) -> tuple[list[str], bool] | None:
    """Class items that can start a match of ``items``, and whether the sequence can be empty;
    None when any character can start it."""
    parts: list[str] = []
    for op, av in items:
        found = _item(op, av)
        if found is None:
            return None
        more, can_be_empty = found
        parts += more
        if not can_be_empty:
            return parts, False
    return parts, True


def _class_items(av) -> list[str] | None:
    out = []
    for op, arg in av:
        if op is _c.LITERAL:
            out.append(re.escape(chr(arg)))
        elif op is _c.RANGE:
            out.append(f"{re.escape(chr(arg[0]))}-{re.escape(chr(arg[1]))}")
        elif op is _c.CATEGORY and str(arg) in _CATEGORIES:
            out.append(_CATEGORIES[str(arg)])
        else:  # a negated class, or a category this module does not know
            return None
    return out


def _item(op, av) -> tuple[list[str], bool] | None:
    if op is _c.LITERAL:
        return [re.escape(chr(av))], False
    if op is _c.IN:
        items = _class_items(av)
        return (items, False) if items is not None else None
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return [], True  # zero-width: the next item decides
    if op is _c.BRANCH:
        parts: list[str] = []
        can_be_empty = False
        for alternative in av[1]:
            found = _sequence(alternative.data)
            if found is None:
                return None
            parts += found[0]
            can_be_empty = can_be_empty or found[1]
        return parts, can_be_empty
    if op is _c.SUBPATTERN:
        return _sequence(av[3].data)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, _high, sub = av
        found = _sequence(sub.data)
        if found is None:
            return None
        return found[0], found[1] or low == 0
    if op is _c.ATOMIC_GROUP:
        return _sequence(av.data)
    return None  # any character, a negated literal, a back-reference, a conditional


def first_characters(pattern: str, flags: int = 0) -> str | None:
    """A character class of what a match of ``pattern`` can start with, or None when that
    cannot be bounded or the engine already skips ahead by itself."""
    if _p is None:
        return None
    tree = _p.parse(pattern, flags)
    if not tree.data or tree.data[0][0] in (_c.LITERAL, _c.IN):
        return None
    if tree.data[0] in ((_c.AT, _c.AT_BEGINNING), (_c.AT, _c.AT_BEGINNING_STRING)):
        return None  # anchored: the engine tries the start only
    found = _sequence(tree.data)
    if found is None or found[1] or not found[0]:
        return None
    return "[" + "".join(dict.fromkeys(found[0])) + "]"


def compile(pattern: str, flags: int = 0) -> re.Pattern:
    """``re.compile(pattern, flags)``, guarded by the characters a match can start with."""
    first = first_characters(pattern, flags)
    if first is None:
        compiled = re.compile(pattern, flags)
    else:
        lead = _LEADING_FLAGS.match(pattern)
        cut = lead.end() if lead else 0
        compiled = re.compile(f"{pattern[:cut]}(?=(?i:{first})){pattern[cut:]}", flags)
    COMPILED.append((pattern, flags, compiled))
    return compiled
