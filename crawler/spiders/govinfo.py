"""Spider for GovInfo's USCOURTS collection: cases (MODS), their granules, and order texts.

Thin by design: parsing is `crawler.parsers.govinfo`, storing is the pipeline (records of kind
`case`, `entries` and `order`, docs/internals.md "More sources"); addresses, the key header,
the budget and the per-court request count are shared with the re-read spider
(`crawler.spiders.govinfo_base`). Per court:

1. list packages from the court's RSS feed (`{base_url}/rss/uscourts-{court}.xml`) and, when
   the API is used, from the published service (`{api_url}/published/{since}?offsetMark=*&
   pageSize=100&collection=USCOURTS&courtCode={court}`, following `nextPage`); package ids
   are de-duplicated per court;
2. fetch each package's MODS (API `/packages/{pkg}/mods`, or `{base_url}/metadata/pkg/{pkg}/
   mods.xml` without the API) and yield a `case` record and one `entries` record with an entry
   per granule (the store decides what it keeps);
3. read the text of the granules worth reading, as the `fetch_policy` the composition root
   hands the spider decides (`crawler.policy`): those whose docket text reads as sealing,
   and with `fetch_text="all"` every granule of a case the policy finds
   immigration-related. The API's HTML rendition
   (`/packages/{pkg}/granules/{granule}/htm`) comes first; the PDF (`{base_url}/content/pkg/
   {pkg}/pdf/{granule}.pdf`, text layer via `monitor.pdf.read_pdf_text`, a child
   process under limits, waited for off the reactor thread by `crawler.pdf_text`) is the
   fallback and the only way without the API. Each text becomes an `order` record.

Quirks handled:
- the API key (env `GOVINFO_API_KEY`, default `DEMO_KEY`) goes in the `X-Api-Key` header only,
  never in a URL: `nextPage` URLs lose any `api_key=` and are moved onto `api_url` (so tests
  and mirrors keep working). Requests to the API carry `meta["budget"] = "govinfo"`;
- 401/403 from the API means the key was refused: the court's run fails with a clear message
  and no further API requests are made; MODS and texts asked of the API so far, and packages
  found in RSS, come from `base_url` instead;
- a spent API budget (`crawler.budget.BudgetExhausted`) is a note, not an error: the run ends
  `partial` with what was stored;
- with the API in use the RSS feed is a second listing: its 404 is only logged and its other
  failures are notes; without the API it is the listing, and fails the run like PACER's;
- an HTML rendition that is missing, refused or empty falls back to the PDF; a scanned PDF
  without a text layer (or a broken one) is a note, never a crash; a PDF over a reading limit
  (a Flate bomb, thousands of pages, a CPU sink: `monitor.pdf.PdfOverLimit`) is a
  problem of the court's run (`partial`, reason in `detail.problems`), and the crawl goes on;
- a MODS or listing failure after records were stored ends the run `partial` (runstats);
- a redirect away from `base_url`'s and `api_url`'s hosts is not followed
  (`crawler.redirects`): a listing or MODS refused so fails the run with kind `redirect`;
- every request is conditional (`crawler.conditional`): a listing, MODS, rendition or PDF
  found unchanged is not parsed, so an unchanged court costs one request per listing page;
  `@tracked` sits inside `@_settles`, so an unchanged answer still ends its court's request.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler import pdf_text
from crawler.budget import BudgetExhausted, CredentialsRefused
from crawler.completion import Depends, tracked
from crawler.failures import unusable
from crawler.parsers import govinfo as parsers
from crawler.parsers.errors import FeedError
from crawler.policy import FetchPolicy
from crawler.redirects import RedirectRefused
from crawler.runstats import CourtRun, RunLedger
from crawler.spiders.base import (
    BLOCKED_STATUSES,
    MISSING_STATUSES,
    ROBOTS_MESSAGE,
    failure_message,
)
from crawler.spiders.govinfo_base import (  # noqa: F401 - API_URL, DEMO_KEY: the spider's names
    API_KEY_ENV,
    API_URL,
    BASE_URL,
    DEFAULT_API,
    DEMO_KEY,
    SOURCE,
    GovInfoBase,
    package_records,
)
from crawler.spiders.govinfo_base import settles as _settles
from monitor.pdf import PdfError, PdfOverLimit

logger = logging.getLogger(__name__)

PAGE_SIZE = 100
FETCH_MODES = {"true": "sealing", "sealing": "sealing", "all": "all", "false": "none"}
_ISO_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")


def _fetch_mode(value: bool | str) -> str:
    """`fetch_text`: True/"sealing" (orders about sealing), "all", False/"none"."""
    key = str(value).strip().lower()
    if key in ("none", "0", "no"):
        key = "false"
    if key not in FETCH_MODES:
        raise ValueError(f"fetch_text must be true, false or 'all', not {value!r}")
    return FETCH_MODES[key]


def _since(value: str | None) -> str:
    if value is None:
        return (datetime.now(UTC).date() - timedelta(days=2)).isoformat()
    value = str(value).strip()
    if not _ISO_DATE.match(value):
        raise ValueError(f"since must be an ISO date (YYYY-MM-DD), not {value!r}")
    return value


class GovInfoSpider(GovInfoBase):
    """List each court's GovInfo packages, store their cases and granules, read sealing orders."""

    name = "govinfo"
    source = SOURCE

    def __init__(
        self,
        courts: str | Iterable[str] | None = None,
        since: str | None = None,
        base_url: str = BASE_URL,
        api_url: str | None = DEFAULT_API,
        fetch_text: bool | str = True,
        fetch_policy: FetchPolicy | None = None,
        *args: Any,
        **kwargs: Any,
    ):
        super().__init__(courts, *args, fetch_policy=fetch_policy, **kwargs)
        self.configure(since, base_url, api_url, fetch_text)
        self.seen: dict[str, set[str]] = {court: set() for court in self.courts}
        self.ledger = RunLedger({court: self.listing_url(court) for court in self.courts})

    def configure(
        self,
        since: str | None = None,
        base_url: str = BASE_URL,
        api_url: str | None = DEFAULT_API,
        fetch_text: bool | str = True,
    ) -> None:
        """A run's arguments (a worker takes each run's from its jobs); the key is tried again."""
        self.since = _since(since)
        self.set_addresses(base_url, api_url)
        self.fetch_text = _fetch_mode(fetch_text)
        self.fetch_profile = f"fetch_text={self.fetch_text}"  # crawler.conditional

    # -- addresses -----------------------------------------------------------------------------

    def rss_url(self, court: str) -> str:
        return f"{self.base_url}/rss/uscourts-{court}.xml"

    def listing_url(self, court: str) -> str:
        if self.api_url is None:
            return self.rss_url(court)
        return (
            f"{self.api_url}/published/{self.since}?offsetMark=*&pageSize={PAGE_SIZE}"
            f"&collection=USCOURTS&courtCode={court}"
        )

    def on_api(self, url: str) -> str:
        """A `nextPage` URL without its key, on our `api_url` (same path and query)."""
        parts = urlsplit(parsers.strip_api_key(url))
        return f"{self.api_url}{parts.path}" + (f"?{parts.query}" if parts.query else "")

    # -- requests ------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Request]:
        for run in self.ledger:
            run.begin()
            for request in self.court_requests(run):
                yield request

    def court_requests(self, run: CourtRun) -> Iterator[Request]:
        """A court's first requests: its RSS feed and, with the API, its listing (a worker
        starts a court's job with these too: `crawler.distributed.worker`)."""
        yield self._request(self.rss_url(run.court), self.parse_rss, run.court, "rss")
        if self.use_api:
            yield self._request(run.url, self.parse_listing, run.court, "listing", api=True)

    # -- listings ------------------------------------------------------------------------------

    @_settles
    @tracked
    def parse_rss(self, response: Response) -> Iterator[Any]:
        court = response.meta["court"]
        try:
            listing = parsers.parse_rss(response.body)
        except FeedError as exc:
            self._listing_failed(
                court, "rss", exc.kind, f"RSS feed: {unusable(exc, response, court)}"
            )
            return
        run = self.ledger[court]
        run.skipped.extend(f"RSS feed: {reason}" for reason in listing.skipped)
        run.problems.extend(f"RSS feed: {problem}" for problem in listing.problems)
        for item in listing.items:
            yield from self._package(court, item["package_id"])

    @_settles
    @tracked
    def parse_listing(self, response: Response) -> Iterator[Any]:
        court = response.meta["court"]
        try:
            packages, next_page = parsers.parse_listing(response.body)
        except FeedError as exc:
            message = f"API listing: {unusable(exc, response, court)}"
            self._listing_failed(court, "listing", exc.kind, message)
            return
        for package in packages:
            yield from self._package(court, package["package_id"])
        if next_page and self.use_api:
            url = self.on_api(next_page)
            yield self._request(url, self.parse_listing, court, "listing", api=True)

    def _listing_failed(self, court: str, role: str, kind: str, message: str) -> None:
        """An unreadable listing: the RSS feed beside the API is only a note."""
        run = self.ledger[court]
        logger.warning("%s: %s", court, message)
        if role == "rss" and self.api_url is not None:
            run.note(message)
        else:
            run.fail("not_rss" if kind == "not_rss" else "error", message, kind=kind)

    def _package(self, court: str, package_id: str) -> Iterator[Request | Depends]:
        """The package's MODS, once per court and crawl; a second listing of it depends on
        that request (`crawler.completion.Depends`)."""
        key = ("package", court, package_id)
        if package_id in self.seen[court]:
            yield Depends(key)
            return
        self.seen[court].add(package_id)
        yield self._request(
            self.mods_url(package_id),
            self.parse_mods,
            court,
            "mods",
            api=self.use_api,
            package_id=package_id,
            fetch_key=key,
        )

    # -- cases and granules --------------------------------------------------------------------

    @_settles
    @tracked
    def parse_mods(self, response: Response) -> Iterator[Any]:
        court = response.meta["court"]
        package_id = response.meta["package_id"]
        try:
            package = parsers.parse_mods(response.body)
        except FeedError as exc:
            message = f"{package_id}: MODS {unusable(exc, response, court)}"
            self.ledger[court].fail("error", message, kind=exc.kind)
            return
        yield from package_records(court, package)
        immigration = self._immigration(package)
        for granule in package["granules"]:
            if self._worth_reading(package, granule, immigration):
                yield self._text_request(court, package, granule)

    def _immigration(self, package: dict[str, Any]) -> bool:
        return self.fetch_policy.immigration_case(
            package["court"],
            package["case_name"],
            package["nature_of_suit"] or "",
            package["cause"] or "",
            package["parties"],
        )

    def _worth_reading(
        self, package: dict[str, Any], granule: dict[str, Any], immigration: bool
    ) -> bool:
        """Orders about sealing always (unless texts are off); all of an immigration case's
        granules only with `fetch_text="all"` (the monitor's `fetch_policy` reads them)."""
        if self.fetch_text == "none":
            return False
        if self.fetch_text == "all" and immigration:
            return True
        text = granule["docket_text"] or granule["title"]
        return self.fetch_policy.sealing_text(text, package["case_name"])

    # -- texts -----------------------------------------------------------------------------------

    def _text_request(
        self, court: str, package: dict[str, Any], granule: dict[str, Any]
    ) -> Request:
        meta = {"package": package, "granule": granule}
        if self.use_api:
            url = (
                f"{self.api_url}/packages/{package['package_id']}/granules/"
                f"{granule['granule_id']}/htm"
            )
            return self._request(url, self.parse_htm, court, "htm", api=True, **meta)
        return self._pdf_request(court, package, granule)

    def _pdf_request(self, court: str, package: dict[str, Any], granule: dict[str, Any]) -> Request:
        url = self.pdf_url(package["package_id"], granule["granule_id"])
        return self._request(
            url,
            self.parse_pdf,
            court,
            "pdf",
            package=package,
            granule=granule,
            read_pdf=True,  # crawler.pdf_text.PdfTextMiddleware
        )

    @_settles
    @tracked
    def parse_htm(self, response: Response) -> Iterator[Any]:
        meta = response.meta
        try:
            text = parsers.html_text(response.body)
        except FeedError:
            text = ""
        if text.strip():
            yield self._order(meta["court"], meta["package"], meta["granule"], text)
        else:
            yield self._pdf_request(meta["court"], meta["package"], meta["granule"])

    @_settles
    @tracked
    def parse_pdf(self, response: Response) -> Iterator[Any]:
        """The PDF was read by `crawler.pdf_text.PdfTextMiddleware`, in a child process off
        the reactor thread: its text, or why there is none, is in `meta["pdf_outcome"]`."""
        meta = response.meta
        granule = meta["granule"]
        run = self.ledger[meta["court"]]
        outcome = meta.get(pdf_text.OUTCOME_KEY)
        if isinstance(outcome, PdfOverLimit):  # hostile or absurd: a problem of the source's
            run.problem(f"{granule['granule_id']}: {outcome}")
            logger.warning(
                "%s: %s: %s (%s)", run.court, granule["granule_id"], outcome, response.url
            )
        elif isinstance(outcome, PdfError):  # NoTextLayer is a PdfError
            run.note(f"{granule['granule_id']}: {outcome}")
        elif isinstance(outcome, str):
            yield self._order(meta["court"], meta["package"], granule, outcome)
        else:
            message = "PDF not read: crawler.pdf_text.PdfTextMiddleware is not enabled"
            run.fail("error", f"{granule['granule_id']}: {message}")

    def _order(
        self, court: str, package: dict[str, Any], granule: dict[str, Any], text: str
    ) -> dict[str, Any]:
        return {
            "kind": "order",
            "court": court,
            "order": {
                "court": package["court"],
                "docket_number": package["case_number"],
                "entry_number": None,
                "entry_source_id": granule["granule_id"],
                "text": text,
                "title": granule["title"],
                "date": granule["date_issued"],
                "source_url": granule["pdf_url"] or granule["details_url"],
                "source_id": granule["granule_id"],
            },
        }

    # -- failures --------------------------------------------------------------------------------

    @_settles
    @tracked
    def errback(self, failure: Failure) -> Iterator[Any]:
        request = failure.request
        court = request.meta.get("court")
        if court not in self.ledger.runs:
            return
        run = self.ledger[court]
        role = request.meta.get("role")
        if failure.check(CredentialsRefused):  # the key was refused earlier: use the website
            self.key_rejected = True
            yield from self._without_api(court, request)
            return
        if failure.check(BudgetExhausted):
            run.note(f"GovInfo API budget used up: {failure.value}")
            logger.warning("%s: %s (%s)", court, run.notes[-1], request.url)
            return
        message = failure_message(failure)
        kind = "redirect" if failure.check(RedirectRefused) else None
        api = request.meta.get("budget") == SOURCE
        status = failure.value.response.status if failure.check(HttpError) else None
        if api and status in (401, 403):
            self._key_refused(run, status)
            yield from self._without_api(court, request)
        elif role == "htm":  # USCOURTS granules often have no HTML rendition: read the PDF
            logger.debug("%s: no HTML rendition (%s): %s", court, message, request.url)
            yield self._pdf_request(court, request.meta["package"], request.meta["granule"])
            return
        elif role == "pdf":
            run.note(f"{request.meta['granule']['granule_id']}: PDF {message}")
        elif role == "rss" and self.api_url is not None:
            if status not in MISSING_STATUSES:
                run.note(f"RSS feed: {message}")
        else:
            self._fail(run, role, request.meta.get("package_id"), status, message, kind)
        logger.warning("%s: %s %s (%s)", court, role, message, request.url)

    def _without_api(self, court: str, request: Request) -> Iterator[Request]:
        """After a refused key: a package's MODS from the website, a granule's text as PDF."""
        meta = request.meta
        if meta["role"] == "mods":
            url = self.mods_url(meta["package_id"])
            yield self._request(url, self.parse_mods, court, "mods", package_id=meta["package_id"])
        elif meta["role"] == "htm":
            yield self._pdf_request(court, meta["package"], meta["granule"])

    @staticmethod
    def _fail(
        run: CourtRun,
        role: str,
        package_id: str | None,
        status: int | None,
        message: str,
        kind: str | None = None,
    ) -> None:
        """A listing or MODS request failed for good (after retries); `kind` names a
        failure that is neither HTTP nor network (`redirect`)."""
        what = {"mods": f"{package_id}: MODS", "listing": "API listing"}.get(role, "RSS feed")
        if message == ROBOTS_MESSAGE:
            run.fail("blocked", f"{what} {message}", kind="robots")
        elif status is None:
            run.fail("error", f"{what} {message}", kind=kind or "network")
        elif status in MISSING_STATUSES and role != "mods":
            run.fail("missing", f"{what} {message}", kind="http")
        elif status in BLOCKED_STATUSES:
            run.fail("blocked", f"{what} {message}", kind="http")
        else:
            run.fail("error", f"{what} {message}", kind="http")
