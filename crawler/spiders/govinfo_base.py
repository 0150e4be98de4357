"""What GovInfo's two spiders share: addresses, the API key, requests and per-court counting.

`GovInfoBase` is the base of the crawl (`crawler.spiders.govinfo.GovInfoSpider`) and of the
re-read (`crawler.spiders.recheck_govinfo.GovInfoRecheckSpider`) spiders. Quirks handled:
- the API key (env `GOVINFO_API_KEY`, default `DEMO_KEY`) goes in the `X-Api-Key` header
  only, never in a URL; API requests carry `meta["budget"] = "govinfo"` (the budget
  middleware counts a `DEMO_KEY` request against `govinfo_demo`);
- `api_url` not given means api.govinfo.gov, except beside a `base_url` of a mirror or a test
  server, where it means no API (`api_address`): a crawl pointed at a mirror never reaches
  the real API with the operator's key;
- after a refused key (`key_refused`: 401/403 from the API) `use_api` is False, so MODS
  come from `base_url` (`mods_url`);
- a court's run is over when none of its requests is left: every callback and errback that
  ends one is wrapped in `settles`; requests are conditional (`crawler.conditional`) unless
  made with `incremental=False` (a re-read is a full read).
"""

from __future__ import annotations

import functools
import logging
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from scrapy.http import Request, Response
from twisted.python.failure import Failure

from crawler.parsers import govinfo as parsers
from crawler.policy import FetchPolicy
from crawler.runstats import CourtRun
from crawler.spiders.base import SourceSpider

logger = logging.getLogger(__name__)

SOURCE = "govinfo"
BASE_URL = "https://www.govinfo.gov"
API_URL = "https://api.govinfo.gov"
DEFAULT_API = "default"  # the `api_url` argument not given: see `api_address`
API_KEY_ENV = "GOVINFO_API_KEY"
DEMO_KEY = "DEMO_KEY"


def api_address(value: str | None, base_url: str) -> str | None:
    """The API address: not given (`DEFAULT_API`) means api.govinfo.gov, except beside a
    `base_url` of a mirror or test server, where it means no API: a crawl pointed at a mirror
    must not reach the real API with the operator's key. None, "", "none" or "off" turn the
    API off."""
    text = "" if value is None else str(value).strip()
    if text.lower() in ("", "none", "off"):
        return None
    if text != DEFAULT_API:
        return text.rstrip("/")
    if base_url != BASE_URL:
        logger.info(
            "govinfo: base URL %s without an API URL: the API is not used (listings from "
            "RSS, MODS and PDFs from the base URL)",
            base_url,
        )
        return None
    return API_URL


def package_records(court: str, package: dict[str, Any]) -> list[dict[str, Any]]:
    """A parsed MODS as the pipeline's records: its `case`, and one `entries` record with an
    entry per granule (the crawl and the re-read store a package alike)."""
    package_id = package["package_id"]
    return [
        {"kind": "case", "court": court, "case": parsers.case_record(package)},
        {
            "kind": "entries",
            "court": court,
            "items": parsers.entry_records(package),
            "skipped": [f"{package_id}: {reason}" for reason in package["skipped"]],
            "problems": [f"{package_id}: {problem}" for problem in package["problems"]],
        },
    ]


def settles(method: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    """Count a callback or errback as the end of one of the court's requests; the court's run
    is finished when none is left (PACER's one feed per court needs no such count)."""

    @functools.wraps(method)
    def wrapper(self: GovInfoBase, answer: Response | Failure) -> Iterator[Any]:
        request = answer.request if isinstance(answer, Failure) else answer
        court = request.meta.get("court")
        try:
            yield from method(self, answer)
        finally:
            self._settle(court)

    return wrapper


class GovInfoBase(SourceSpider):
    """GovInfo's addresses, key header, budget and per-court request count."""

    source = SOURCE

    def __init__(
        self,
        courts: str | Iterable[str] | None = None,
        *args: Any,
        fetch_policy: FetchPolicy | None = None,
        **kwargs: Any,
    ):
        super().__init__(courts, *args, fetch_policy=fetch_policy, **kwargs)
        self.api_key = os.environ.get(API_KEY_ENV, "").strip() or DEMO_KEY
        self.pending: Counter[str] = Counter()
        self.key_rejected = False

    def set_addresses(self, base_url: str = BASE_URL, api_url: str | None = DEFAULT_API) -> None:
        """`base_url` (the website) and `api_url` (`api_address`); the key is tried again."""
        self.base_url = base_url.rstrip("/")
        self.api_url = api_address(api_url, self.base_url)
        self.key_rejected = False

    # -- addresses -----------------------------------------------------------------------------

    @property
    def use_api(self) -> bool:
        return self.api_url is not None and not self.key_rejected

    def mods_url(self, package_id: str) -> str:
        if self.use_api:
            return f"{self.api_url}/packages/{package_id}/mods"
        return f"{self.base_url}/metadata/pkg/{package_id}/mods.xml"

    def summary_url(self, package_id: str) -> str | None:
        """The API's package summary (JSON); None without the API."""
        if not self.use_api:
            return None
        return f"{self.api_url}/packages/{package_id}/summary"

    def pdf_url(self, package_id: str, granule_id: str) -> str:
        return f"{self.base_url}/content/pkg/{package_id}/pdf/{granule_id}.pdf"

    def home_urls(self, request: Request) -> list[str]:
        """Where a request may redirect (`crawler.redirects`): the hosts of `base_url` and
        `api_url` (with every `*.govinfo.gov` host for GovInfo's own)."""
        return [self.base_url, self.api_url or ""]

    # -- requests ------------------------------------------------------------------------------

    def _request(
        self,
        url: str,
        callback: Any,
        court: str,
        role: str,
        *,
        api: bool = False,
        incremental: bool = True,
        **meta: Any,
    ) -> Request:
        """A request to GovInfo; API requests carry the key header and the budget name."""
        headers = {}
        meta = {"court": court, "role": role, **meta}
        if incremental:
            meta["incremental"] = True
        self.pending[court] += 1
        if api:
            headers = {"X-Api-Key": self.api_key, "Accept": "application/json, */*;q=0.5"}
            meta["budget"] = SOURCE
        return Request(
            url,
            callback=callback,
            errback=self.errback,
            headers=headers,
            meta=meta,
            dont_filter=True,
        )

    def _settle(self, court: str | None) -> None:
        if court in self.ledger.runs:
            self.pending[court] -= 1
            if self.pending[court] <= 0:
                self.ledger[court].finish()

    def _key_refused(self, run: CourtRun, status: int) -> None:
        """The API refused the key: the run fails once with a clear message, no more API."""
        self.key_rejected = True
        message = (
            f"GovInfo rejected the API key (HTTP {status}): set {API_KEY_ENV} to a valid "
            "api.data.gov key"
        )
        if message not in run.errors:
            run.fail("error", message, kind="api_key")
        logger.error("%s: %s", run.court, message)
