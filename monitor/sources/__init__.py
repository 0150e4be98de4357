"""The registry of sources: one module per source, found, not listed.

Every module in this package (other than `record`) that sets `SOURCE` is a source, and so is
every module named in the environment variable `SEALTRAIL_SOURCES` (comma-separated dotted
names; how a source outside the package, e.g. a test's, joins without touching this one).
The places that used to name the sources read them here instead: the crawl command and the
crawler's spider lookup, `status` (staleness), `enrich` (nature-of-suit rank), the
scheduler's jobs, the crawler's API budgets and the feeds' labels and links.

Quirks handled: the registry is read once per process and cached (`reload()` for tests);
the order is the package's own sources by `ORDER`, then the extra modules as named, so
command choices and job chains are stable; a module named twice, or two modules claiming
one name, is an error at start rather than a silent override. A module named in
`SEALTRAIL_SOURCES` that cannot be imported (a typo), declares no `SOURCE` or one that is not
a `Source` is a `SourcesError` naming the variable and the module, which the CLI prints as
one line.
"""

from __future__ import annotations

import functools
import importlib
import os
import pkgutil
from collections.abc import Iterator

from monitor.sources.record import OTHER_LINK_RANK, Links, Source

__all__ = [
    "OTHER_LINK_RANK",
    "Links",
    "Source",
    "SourcesError",
    "all_sources",
    "find",
    "get",
    "names",
    "reload",
]

ENV = "SEALTRAIL_SOURCES"
#: The package's own sources in the order they are listed and chained (PACER first).
ORDER = ("pacer_rss", "courtlistener", "govinfo")


def _modules() -> Iterator[str]:
    own = [
        f"{__name__}.{info.name}"
        for info in pkgutil.iter_modules(__path__)
        if info.name != "record" and not info.name.startswith("_")
    ]
    rank = {name: i for i, name in enumerate(ORDER)}
    yield from sorted(own, key=lambda m: (rank.get(m.rpartition(".")[2], len(rank)), m))
    yield from _named()


def _named() -> list[str]:
    """The modules `SEALTRAIL_SOURCES` names, as named."""
    return [name.strip() for name in os.environ.get(ENV, "").split(",") if name.strip()]


class SourcesError(ValueError):
    """The sources cannot be read: a module that does not import, a bad or twice-declared
    `SOURCE`."""


def _import(module_name: str):
    try:
        return importlib.import_module(module_name)
    except Exception as error:  # a typo in SEALTRAIL_SOURCES, or a module that fails
        named = f"{ENV}={os.environ.get(ENV, '')!r}: " if module_name in _named() else ""
        raise SourcesError(
            f"{named}cannot import {module_name!r}: {type(error).__name__}: {error}"
        ) from error


@functools.cache
def _registry() -> dict[str, Source]:
    found: dict[str, Source] = {}
    named = set(_named())
    for module_name in _modules():
        source = getattr(_import(module_name), "SOURCE", None)
        if source is None and module_name in named:
            raise SourcesError(f"{ENV}: {module_name} declares no SOURCE")
        if source is None:
            continue
        if not isinstance(source, Source):
            raise SourcesError(f"{module_name}.SOURCE is not a monitor.sources.Source")
        if source.name in found:
            raise SourcesError(f"source {source.name!r} is declared twice ({module_name})")
        found[source.name] = source
    return found


def reload() -> None:
    """Read the sources again (after `SEALTRAIL_SOURCES` changed)."""
    _registry.cache_clear()


def all_sources() -> list[Source]:
    return list(_registry().values())


def names() -> list[str]:
    return list(_registry())


def get(name: str) -> Source:
    """The source called `name` (`pacer_rss` or its command spelling `pacer-rss`)."""
    key = name.replace("-", "_")
    try:
        return _registry()[key]
    except KeyError:
        raise KeyError(f"unknown source {name!r}; known: {', '.join(names())}") from None


def find(name: str | None) -> Source | None:
    """`get`, or None for a name no source has (old rows, `file`)."""
    return _registry().get((name or "").replace("-", "_"))
