"""`Source`: everything the project knows about one public source, in one record.

A source module (`monitor/sources/<name>.py`, or any module named in `SEALTRAIL_SOURCES`)
sets `SOURCE = Source(...)`; `monitor.sources` collects them. The record is plain data and
never imports Scrapy: the spider and the parser are named by dotted path, resolved only by
the crawler (`crawler.run`) and the CLI's `parse` commands, so `monitor/` stays below
`crawler/` (tests/test_architecture.py).

Quirks it carries for the places that read it:
- `name` is what `crawl_runs.source`, `entry_sources.source` and the items' `source` say
  (`pacer_rss`); `command` is how the CLI spells it (`pacer-rss`);
- `stale_after` is how old the last success may be before `status` flags
  `no_recent_success`: twice or more the polling interval, so one late run is not an alarm;
- `lists_window`: every read lists what the source holds over a recent window (a court's RSS
  covers about a day), so an empty read or an old newest item is a fault (`zero_items`,
  `no_new_items`); sources asked "what is new since" may rightly answer nothing;
- `one_request_per_court`: a court's run is over as soon as its one answer is stored
  (`crawler.pipelines`); multi-request sources finish when the crawl does;
- `recheck_spider`: a source that shows a whole docket or package can re-read chosen cases
  (`monitor.rechecks`); its runs are counted as `<name>_recheck` in `crawl_runs`;
- `links`: the hosts whose addresses are this source's copies of a document, the words a
  feed puts beside them and their rank (0 first: free copies before PACER's fees).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from types import MappingProxyType
from typing import Any

#: Rank of a link whose host no source claims (between the free sites and PACER).
OTHER_LINK_RANK = 2


@dataclass(frozen=True)
class Links:
    """Where a source's copies of documents live and how a feed names them."""

    hosts: tuple[str, ...]  # a host matches itself and its subdomains
    label: str  # "CourtListener/RECAP (free)": after "Order on"
    rank: int = OTHER_LINK_RANK  # sort order among an event's links, lowest first
    free: bool = True  # readable without a login or fees: its copies join `free_copies`

    def matches(self, host: str) -> bool:
        return any(host == h or host.endswith("." + h) for h in self.hosts)


def _frozen(mapping: dict[str, Any] | None) -> MappingProxyType:
    return MappingProxyType({k: MappingProxyType(dict(v)) for k, v in (mapping or {}).items()})


@dataclass(frozen=True)
class Source:
    """One public source; see the module docstring for what each field is read for."""

    name: str
    label: str  # "PACER RSS": the "Seen in" line of feeds
    spider: str  # dotted path of the spider class (resolved by crawler.run only)
    parser: str  # dotted path of the pure parser module (bytes -> records; no I/O)
    job: str = "nightly"  # scheduler job whose chain crawls it (monitor.scheduler)
    stale_after: timedelta = timedelta(hours=36)
    lists_window: bool = False
    one_request_per_court: bool = False
    nos_rank: int = 1  # how much its nature of suit is worth (monitor.enrich); 1 = unranked
    case_id_column: str | None = None  # cases column keeping the source's own case id
    budgets: Any = field(default_factory=dict)  # {budget name: {window: calls}}
    links: Links | None = None
    config_section: str | None = None  # sealtrail.toml table with its options (default name)
    # dotted path of the spider that re-reads whole dockets or packages of chosen cases for
    # sealing after the fact (`sealtrail recheck`; `monitor.after_the_fact`), if it has one
    recheck_spider: str | None = None

    def __post_init__(self) -> None:
        if not self.name.isidentifier() or self.name != self.name.lower():
            raise ValueError(f"source name must be a lower-case identifier: {self.name!r}")
        if "." not in self.spider or "." not in self.parser:
            raise ValueError(f"{self.name}: spider and parser are dotted paths")
        object.__setattr__(self, "budgets", _frozen(self.budgets))

    @property
    def command(self) -> str:
        """The name on the command line: `sealtrail crawl pacer-rss`."""
        return self.name.replace("_", "-")

    @property
    def section(self) -> str:
        return self.config_section or self.name
