"""A toy fourth source, declared in this ONE module: a JSON listing of docket entries.

SAMPLE: the listing it reads is made up by its test (tests/test_toy_source.py) and served on
loopback; nothing here points at a real service. The module joins the registry through
`SEALTRAIL_SOURCES=tests.toy_listing` (monitor.sources) and touches no other file:

- `SOURCE`: the declaration (`monitor.sources.Source`) every other place reads;
- `parse_listing`: the pure parser, bytes in, PACER-shaped entry dicts out (no I/O);
- `ToyListingSpider`: built on first use (module `__getattr__`, PEP 562) so that importing
  the declaration, as `sealtrail status` and the feeds do, never imports Scrapy: the monitor
  stays below the crawler even for a source that keeps its spider beside its record.

The listing, at `{base_url}/{court}/entries.json`, is
`{"entries": [{"docket_number", "case_name", "entry_number", "short_description", "text",
"filed", "url"}]}`; an entry without a docket number or a date is skipped with its reason.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from monitor.sources import Links, Source

SOURCE = Source(
    name="toy_listing",
    label="Toy listing (SAMPLE)",
    spider="tests.toy_listing.ToyListingSpider",
    parser="tests.toy_listing",
    job="nightly",
    stale_after=timedelta(hours=1),
    lists_window=True,
    one_request_per_court=True,
    budgets={"toy_listing": {"day": 50}},
    links=Links(("toy-dockets.example",), "Toy docket listing (SAMPLE, free)", rank=1),
)


def parse_listing(body: bytes | str, court: str) -> tuple[list[dict[str, Any]], list[str]]:
    """(entries, skip reasons) of one court's listing; `ValueError` when it is not one."""
    data = json.loads(body)
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise ValueError("not a docket listing")
    entries, skipped = [], []
    for raw in data["entries"]:
        if not isinstance(raw, dict) or not raw.get("docket_number") or not raw.get("filed"):
            skipped.append("entry without docket number or date")
            continue
        url = raw.get("url") or None
        entries.append(
            {
                "court": court,
                "docket_number": str(raw["docket_number"]),
                "case_name": str(raw.get("case_name") or ""),
                "pacer_case_id": None,
                "entry_number": raw.get("entry_number"),
                "short_description": str(raw.get("short_description") or ""),
                "text": str(raw.get("text") or ""),
                "document_url": url,
                "published": str(raw["filed"]),
                "guid": url or f"{court}:{raw['docket_number']}:{raw.get('entry_number')}",
                "case_url": None,
            }
        )
    return entries, skipped


def _spider_class() -> type:
    from scrapy.http import Request

    from crawler.runstats import RunLedger
    from crawler.spiders.base import SourceSpider

    class ToyListingSpider(SourceSpider):
        """One listing per court; everything else is the shared base's."""

        name = SOURCE.name
        source = SOURCE.name

        def __init__(self, courts: Any = None, base_url: str = "", *args: Any, **kwargs: Any):
            super().__init__(courts, *args, **kwargs)
            self.base_url = base_url.rstrip("/")
            urls = {court: f"{self.base_url}/{court}/entries.json" for court in self.courts}
            self.ledger = RunLedger(urls, over_when_finished=True)

        def home_urls(self, request: Any) -> list[str]:
            return [self.base_url]

        async def start(self) -> Any:
            for run in self.ledger:
                run.begin()
                yield Request(
                    run.url,
                    callback=self.parse,
                    errback=self.errback,
                    meta={"court": run.court, "budget": SOURCE.name},
                    dont_filter=True,
                )

        def parse(self, response: Any, **kwargs: Any) -> Any:
            court = response.meta["court"]
            try:
                entries, skipped = parse_listing(response.body, court)
            except ValueError as exc:
                self.ledger[court].fail("error", f"unreadable listing: {exc}", kind="malformed")
                return
            yield {"court": court, "url": response.url, "items": entries, "skipped": skipped}

    return ToyListingSpider


def __getattr__(name: str) -> Any:
    if name == "ToyListingSpider":
        cls = _spider_class()
        globals()[name] = cls
        return cls
    raise AttributeError(name)
