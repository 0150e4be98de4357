"""Make eyecite's court lookup fast without changing its answers.

eyecite 2.7.8 reads the court of every citation's parenthetical ("(9th Cir. 2006)") with
`helpers.get_court_by_paren`, which normalises the citation string of every one of courts-db's
2,809 courts on every call: about 12 ms per citation, most of the analyser's time on an order
with a dozen citations. `install()` swaps in a function with the same rules (first exact match
in courts-db order, else the last court whose normalised citation string starts with the text)
over a table built once, with a cache for repeated parentheticals. A test compares both on every
courts-db citation string.

eyecite's pyahocorasick tokenizer gathers the extractors a text may need into a set, and an
extractor's hash is ``hash(repr(self))``: the repr of a dataclass holding a long regex, rebuilt
on every call (about 0.6 ms an order). Extractors are never changed once built (their compiled
regex is cached outside the fields the repr shows), so `install()` keeps each one's hash after
the first computation: the same value, computed once.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    import regex
    from courts_db import courts

    normalised = tuple(
        (regex.sub(r"[^\w]", "", court["citation_string"]).lower(), str(court["id"]))
        for court in courts
    )
    exact: dict[str, str] = {}
    for key, court_id in normalised:
        exact.setdefault(key, court_id)
    return exact, normalised


@lru_cache(maxsize=4096)
def court_by_paren(paren_string: str) -> str | None:
    """Same answer as eyecite.helpers.get_court_by_paren, computed from prebuilt tables."""
    import regex

    court_str = regex.sub(r"[^\w]", "", paren_string).lower()
    if not court_str:
        return None
    exact, normalised = _tables()
    if court_str in exact:
        return exact[court_str]
    found = None
    for key, court_id in normalised:
        if key.startswith(court_str):
            found = court_id
    return found


def _remembered_hash(extractor) -> int:
    """``hash(repr(extractor))``, as eyecite's ``TokenExtractor.__hash__``, computed once."""
    known = extractor.__dict__.get("_sealtrail_hash")
    if known is None:
        known = extractor.__dict__["_sealtrail_hash"] = hash(repr(extractor))
    return known


def install() -> None:
    """Use `court_by_paren` and `_remembered_hash` inside eyecite (idempotent)."""
    from eyecite import helpers
    from eyecite.models import TokenExtractor

    helpers.get_court_by_paren = court_by_paren
    TokenExtractor.__hash__ = _remembered_hash
