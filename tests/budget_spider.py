"""A tiny spider for the budget tests, and a runner that crawls with it in a fresh process.

    python -m tests.budget_spider '{"db": ..., "out": ..., "settings": {...}, "spider": {...}}'

The spider sends `budgeted` requests with `meta["budget"]` (paths `/api/0`, `/api/1` ...) and
`unbudgeted` plain ones (`/free/0` ...) to `base_url` (budgeted ones carry `Authorization: Token
$PROBE_TOKEN` when that is set), then writes what came back to `out` as
JSON: `ok` (paths answered), `failed` (path, exception class, message and the
`BudgetExhausted` fields). Settings are the project's (`crawler.run.build_settings`) with the
tests' politeness-off overrides and no item pipeline (the spider yields no items).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Request, Response
from twisted.python.failure import Failure

from crawler.budget import BudgetExhausted


class BudgetProbeSpider(scrapy.Spider):
    name = "budget_probe"

    def __init__(
        self,
        base_url: str,
        out: str,
        budgeted: int = 0,
        unbudgeted: int = 0,
        budget: str = "probe",
        query: str = "",
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.base_url = base_url.rstrip("/")
        self.out = out
        self.budgeted = int(budgeted)
        self.unbudgeted = int(unbudgeted)
        self.budget = budget
        self.query = query
        self.ok: list[str] = []
        self.failed: list[dict[str, Any]] = []

    async def start(self) -> AsyncIterator[Request]:
        for i in range(self.budgeted):
            yield self._request(f"/api/{i}{self.query}", {"budget": self.budget})
        for i in range(self.unbudgeted):
            yield self._request(f"/free/{i}", {})

    def _request(self, path: str, meta: dict[str, Any]) -> Request:
        token = os.environ.get("PROBE_TOKEN", "")  # budgeted requests carry it, like the APIs'
        return Request(
            self.base_url + path,
            headers={"Authorization": f"Token {token}"} if token and meta else {},
            meta=meta,
            callback=self.parse,
            errback=self.failure,
            dont_filter=True,
        )

    def parse(self, response: Response) -> None:
        self.ok.append(urlsplit(response.url).path)

    def failure(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        error = failure.value
        found: dict[str, Any] = {
            "path": urlsplit(request.url).path,
            "type": type(error).__name__,
            "message": str(error),
            "budget_exhausted": isinstance(error, BudgetExhausted),
        }
        if isinstance(error, BudgetExhausted):
            found.update(source=error.source, window=error.window, limit=error.limit)
        self.failed.append(found)

    def closed(self, reason: str) -> None:
        result = {"ok": sorted(self.ok), "failed": self.failed, "reason": reason}
        Path(self.out).write_text(json.dumps(result))


def main(argv: list[str]) -> None:
    from scrapy.crawler import CrawlerProcess

    from crawler.run import build_settings
    from tests.conftest import TEST_SETTINGS

    args = json.loads(argv[0])
    overrides = {**TEST_SETTINGS, "ITEM_PIPELINES": {}, **args.get("settings", {})}
    process = CrawlerProcess(build_settings(args["db"], overrides=overrides))
    process.crawl(BudgetProbeSpider, out=args["out"], **args.get("spider", {}))
    process.start()


if __name__ == "__main__":
    main(sys.argv[1:])
