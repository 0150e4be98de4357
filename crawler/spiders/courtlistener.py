"""CourtListener: the public RECAP Atom search feed, and with a token the REST v4 API.

Thin, like `PacerRssSpider`: it fetches, hands bodies to `crawler.parsers.courtlistener`, and
yields records (`docs/internals.md`, "More sources"); the store decides what is kept.

One crawl is one run: the ledger has a single `CourtRun` keyed `all` (the searches span every
court asked for, through the `court=` filter), so a crawl writes one `crawl_runs` row whose
detail `url` is the search address.

- Without `COURTLISTENER_TOKEN`: the Atom feed `/feed/search/?type=r&q=...` for each query
  (20 newest documents); each response is one `entries` record.
- With it (header `Authorization: Token ...`; never logged, never stored):
  (a) `/api/rest/v4/search/?type=r` per query for documents filed since `since`, following
      the cursor `next` for up to `max_pages` pages: a `case` record per docket, an `entries`
      record per page;
  (b) cases the store still lacks a nature of suit for (`monitor.enrich.cases_needing_enrichment`)
      are looked up in `dockets/?court=&docket_number=`, then `parties/?docket=`: a `case`
      record each (a case CourtListener lacks is a `lookup` record, and is not asked for
      again for a week); these start once the first search has answered, so that a refused token
      (after which no further call is made: `crawler.budget.CredentialsRefused`) costs one call;
  (c) entries whose docket text reads as an order on (un)sealing, when RECAP has the
      document: `recap-documents/<id>/` and an `order` record with its `plain_text`.
  Every REST request carries `meta["budget"] = "courtlistener"` for the API-budget middleware.
Retries, Retry-After, robots.txt and one request at a time per host are the middlewares' job.

Incremental (`crawler.conditional`, `crawler.completion`): the Atom feeds, search pages and
order documents are conditional requests; an answer found unchanged is not parsed. Docket and
party lookups are not (they are asked for only when the store lacks a case's description). An
unchanged first search page still starts the docket lookups (`on_unchanged`).

robots.txt: CourtListener's asks every crawler but a few search engines to stay off the site
(`User-agent: *` / `Disallow: /`) and points programs to its REST API instead. So the Atom
feeds obey it (against the real site the token-less mode is recorded as `blocked`, and the log
says a token is needed), while REST calls, which are authenticated with the operator's own
token, budgeted and made through the interface CourtListener provides for programs, carry
`dont_obey_robotstxt`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode, urlsplit

from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.budget import BudgetExhausted, CredentialsRefused, refuses_credentials
from crawler.completion import Depends, tracked
from crawler.failures import unusable
from crawler.parsers.courtlistener import (
    PUBLIC_URL,
    parse_atom_search,
    parse_docket,
    parse_parties,
    parse_recap_document,
    parse_search_json,
)
from crawler.parsers.errors import FeedError
from crawler.policy import FetchPolicy
from crawler.redirects import RedirectRefused
from crawler.runstats import RunLedger
from crawler.spiders.base import SourceSpider, court_list, failure_message

logger = logging.getLogger(__name__)

SOURCE = "courtlistener"
LEDGER_KEY = "all"
TOKEN_ENV = "COURTLISTENER_TOKEN"
API = "/api/rest/v4"
#: Sealing words in immigration cases: NOS 463, 465 and 462 (CourtListener stores the label).
DEFAULT_QUERY = (
    '(seal OR unseal OR "under seal") AND suitNature:("Habeas Corpus - Alien Detainee" OR '
    '"Naturalization Application" OR "Other Immigration Actions")'
)
JSON_HEADERS = {"Accept": "application/json"}
ATOM_HEADERS = {"Accept": "application/atom+xml, application/xml;q=0.9, */*;q=0.1"}


def _as_list(value: str | Iterable[str] | None) -> list[str]:
    """Spider arguments arrive as lists from `crawl()` and as comma-free strings from `-a`."""
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)
    return [item.strip() for item in items if item and item.strip()]


def atom_url(base_url: str, query: str, courts: list[str]) -> str:
    params = {"type": "r", "q": query}
    if courts:
        params["court"] = " ".join(courts)
    return f"{base_url}/feed/search/?{urlencode(params)}"


def search_url(base_url: str, query: str, since: str, courts: list[str]) -> str:
    params = {
        "type": "r",
        "q": query,
        "order_by": "entry_date_filed desc",
        "entry_date_filed_after": since,
    }
    if courts:
        params["court"] = " ".join(courts)
    return f"{base_url}{API}/search/?{urlencode(params)}"


def docket_url(base_url: str, court: str, docket_number: str) -> str:
    query = urlencode({"court": court, "docket_number": docket_number})
    return f"{base_url}{API}/dockets/?{query}"


def parties_url(base_url: str, docket_id: str) -> str:
    query = urlencode({"docket": docket_id, "filter_nested_results": "True"})
    return f"{base_url}{API}/parties/?{query}"


def document_url(base_url: str, document_id: str) -> str:
    return f"{base_url}{API}/recap-documents/{document_id}/"


class CourtListenerSpider(SourceSpider):
    """Search CourtListener for sealing activity in immigration cases; see the module docstring."""

    name = "courtlistener"
    source = SOURCE

    def __init__(
        self,
        courts: str | Iterable[str] | None = None,
        since: str | None = None,
        base_url: str = PUBLIC_URL,
        queries: str | Iterable[str] | None = None,
        max_pages: int | str = 5,
        enrich_limit: int | str = 10,
        fetch_policy: FetchPolicy | None = None,
        *args: Any,
        **kwargs: Any,
    ):
        # no courts: the search covers every court (not the default list)
        courts = courts if courts is not None else ()
        super().__init__(courts, *args, fetch_policy=fetch_policy, **kwargs)
        self._token = os.environ.get(TOKEN_ENV, "").strip()
        self.configure(courts, since, base_url, queries, max_pages, enrich_limit)
        self.ledger = RunLedger({LEDGER_KEY: self.run_url()})

    def configure(
        self,
        courts: str | Iterable[str] | None = None,
        since: str | None = None,
        base_url: str = PUBLIC_URL,
        queries: str | Iterable[str] | None = None,
        max_pages: int | str = 5,
        enrich_limit: int | str = 10,
    ) -> None:
        """A run's arguments (a worker takes each run's from its job), with a fresh start.
        No courts: the search covers every court (not the default list)."""
        self.courts = court_list(courts if courts is not None else ())
        self.since = date.fromisoformat(since).isoformat() if since else self._default_since()
        self.base_url = base_url.rstrip("/")
        self.queries = _as_list(queries) or [DEFAULT_QUERY]
        self.max_pages = int(max_pages)
        self.enrich_limit = int(enrich_limit)
        self._fetched_documents: set[str] = set()
        self._enrichment_started = False

    def run_url(self) -> str:
        """The run's address (its `crawl_runs` detail): the first search, or its Atom feed
        without a token."""
        first = self.queries[0]
        if not self._token:
            return atom_url(self.base_url, first, self.courts)
        return search_url(self.base_url, first, self.since, self.courts)

    @staticmethod
    def _default_since() -> str:
        return (datetime.now(UTC).date() - timedelta(days=2)).isoformat()

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> CourtListenerSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider._on_idle, signal=signals.spider_idle)
        return spider

    @property
    def run(self) -> Any:
        return self.ledger[LEDGER_KEY]

    def home_urls(self, request: Request) -> list[str]:
        """Where a request may redirect (`crawler.redirects`): the host of `base_url` (with
        every `*.courtlistener.com` host when it is CourtListener's)."""
        return [self.base_url]

    # -- requests ----------------------------------------------------------------------------

    def _api(self, url: str, callback: Any, **meta: Any) -> Request:
        """A REST v4 request: token header, JSON, counted against the API budget (pass
        `incremental=True` for a conditional one)."""
        headers = {**JSON_HEADERS, "Authorization": f"Token {self._token}"}
        return Request(
            url,
            callback=callback,
            errback=self.errback,
            headers=headers,
            # the API is the sanctioned way in for programs (see the module docstring)
            meta={"court": LEDGER_KEY, "budget": SOURCE, "dont_obey_robotstxt": True, **meta},
            dont_filter=True,
        )

    async def start(self) -> AsyncIterator[Request]:
        self.run.begin()
        for request in self.first_requests():
            yield request

    def first_requests(self) -> Iterator[Request]:
        """The run's searches (Atom feeds without a token); the rest follows from them (a
        worker starts a run with these too: `crawler.distributed.worker`)."""
        if not self._token:
            logger.info(
                "courtlistener: %s is not set; polling the public Atom feed only, the REST "
                "API parts (search, docket enrichment, order texts) are skipped",
                TOKEN_ENV,
            )
            for query in self.queries:
                yield Request(
                    atom_url(self.base_url, query, self.courts),
                    callback=self.parse_atom,
                    errback=self.errback,
                    headers=ATOM_HEADERS,
                    meta={"court": LEDGER_KEY, "incremental": True},
                    dont_filter=True,
                )
            return
        for index, query in enumerate(self.queries):
            url = search_url(self.base_url, query, self.since, self.courts)
            yield self._api(url, self.parse_search, page=1, first=index == 0, incremental=True)

    def _enrichment(self) -> Iterator[Request]:
        """Docket lookups, once per crawl, after the first search has answered: a refused
        token or a spent budget then costs one call, not one per case."""
        if self._enrichment_started:
            return
        self._enrichment_started = True
        for case in self._cases_to_enrich():
            url = docket_url(self.base_url, case["court"], case["docket_number"])
            yield self._api(url, self.parse_docket, wanted=case)

    def _cases_to_enrich(self) -> list[dict[str, Any]]:
        """Cases the store holds without a structured description (read-only; store closed)."""
        from monitor.enrich import cases_needing_enrichment
        from monitor.schema import connect

        db = connect(str(self.settings.get("SEALTRAIL_DB")))
        try:
            return cases_needing_enrichment(db, self.courts or None, self.enrich_limit)
        finally:
            db.close()

    def _on_idle(self, spider: Any = None) -> None:
        """Nothing left to fetch: the run is over (the pipeline settles its status)."""
        if self.run.http_status:
            self.run.finish()

    # -- callbacks -------------------------------------------------------------------------------

    def _unusable(self, response: Response, exc: FeedError) -> None:
        status = "not_rss" if exc.kind == "not_rss" else "error"
        message = unusable(exc, response, SOURCE)
        logger.warning("courtlistener: %s (%s)", message, urlsplit(response.url).path)
        self.run.fail(status, message, kind=exc.kind)

    def on_unchanged(self, response: Response) -> Iterator[Request]:
        """An unchanged first search page: the docket lookups are still due."""
        if response.meta.get("first"):
            yield from self._enrichment()

    @tracked
    def parse_atom(self, response: Response) -> Iterator[dict[str, Any]]:
        court = self.courts[0] if len(self.courts) == 1 else None
        try:
            feed = parse_atom_search(response.body, self.base_url, court=court)
        except FeedError as exc:
            self._unusable(response, exc)
            return
        yield {
            "court": LEDGER_KEY,
            "items": feed.items,
            "skipped": feed.skipped,
            "problems": feed.problems,
        }

    @tracked
    def parse_search(self, response: Response) -> Iterator[Any]:
        if response.meta.get("first"):
            yield from self._enrichment()
        try:
            page = parse_search_json(response.body, self.base_url)
        except FeedError as exc:
            self._unusable(response, exc)
            return
        for case in page.cases:
            yield {"kind": "case", "court": LEDGER_KEY, "case": case}
        yield {
            "court": LEDGER_KEY,
            "items": page.entries,
            "skipped": page.skipped,
            "problems": page.problems,
        }
        for entry in page.entries:
            request = self._order_request(entry)
            if request is not None:
                yield request
        number = response.meta.get("page", 1)
        if page.next and number < self.max_pages:
            yield self._api(page.next, self.parse_search, page=number + 1, incremental=True)
        elif page.next:
            self.run.note(f"stopped after {self.max_pages} search pages; more results remain")

    def _order_request(self, entry: dict[str, Any]) -> Request | Depends | None:
        """Fetch the document of an entry that reads as an order on (un)sealing, if in RECAP;
        once per crawl (a second page listing it depends on that request). Which entries are
        orders is the monitor's reading (`fetch_policy`, `crawler.policy`)."""
        document_id = entry.get("recap_document_id")
        if not (entry.get("is_available") and document_id):
            return None
        key = ("recap_document", document_id)
        if document_id in self._fetched_documents:
            return Depends(key)
        if not self.fetch_policy.order_document(
            entry["text"], entry["short_description"], entry["case_name"]
        ):
            return None
        self._fetched_documents.add(document_id)
        order = {
            "court": entry["court"],
            "docket_number": entry["docket_number"],
            "entry_number": entry["entry_number"],
            "entry_source_id": entry.get("source_id"),
            "title": entry["short_description"] or entry["text"],  # the store redacts, cuts
            "date": entry.get("date_filed"),
            "source_url": entry.get("source_url"),
            "source_id": document_id,
        }
        url = document_url(self.base_url, document_id)
        return self._api(url, self.parse_order, order=order, incremental=True, fetch_key=key)

    @tracked
    def parse_order(self, response: Response) -> Iterator[dict[str, Any]]:
        order = dict(response.meta["order"])
        try:
            document = parse_recap_document(response.body)
        except FeedError as exc:
            self._unusable(response, exc)
            return
        if not document["text"].strip():
            self.run.note(
                f"{order['court']} {order['docket_number']} entry {order['entry_number']}: "
                f"RECAP document {order['source_id']} has no plain text yet"
            )
            return
        yield {"kind": "order", "court": LEDGER_KEY, "order": {**order, "text": document["text"]}}

    def parse_docket(self, response: Response) -> Iterator[Any]:
        wanted = response.meta["wanted"]
        try:
            case = parse_docket(response.body)
        except FeedError as exc:
            self._unusable(response, exc)
            return
        if case is None:
            logger.info(
                "courtlistener: %s %s is not on CourtListener",
                wanted["court"],
                wanted["docket_number"],
            )
            lookup = {"court": wanted["court"], "docket_number": wanted["docket_number"]}
            yield {"kind": "lookup", "court": LEDGER_KEY, "lookup": {**lookup, "found": False}}
            return
        # The store's key wins: CourtListener may spell the number differently.
        case.update(court=wanted["court"], docket_number=wanted["docket_number"])
        yield self._api(parties_url(self.base_url, case["source_id"]), self.parse_case, case=case)

    def parse_case(self, response: Response) -> Iterator[dict[str, Any]]:
        case = dict(response.meta["case"])
        try:
            case["parties"] = parse_parties(response.body, case["source_id"])
        except FeedError as exc:
            self._unusable(response, exc)
        yield {"kind": "case", "court": LEDGER_KEY, "case": case}

    # -- failures --------------------------------------------------------------------------------

    @tracked
    def errback(self, failure: Failure) -> list[Any]:
        """Record why a request failed; a docket whose parties failed is still stored."""
        request = failure.request
        exc = failure.value
        case = request.meta.get("case")
        found = [{"kind": "case", "court": LEDGER_KEY, "case": case}] if case else []
        if failure.check(CredentialsRefused):  # the refusal itself was recorded once
            logger.debug("courtlistener: %s (%s)", exc, request.url)
            return found
        refused = failure.check(HttpError) and refuses_credentials(
            exc.response.status, exc.response.body
        )
        if request.meta.get("first") and not refused:  # the search failed, the API may not have
            found.extend(self._enrichment())
        if failure.check(BudgetExhausted):
            self.run.note(f"API budget exhausted: {exc}".strip(": "))
        elif failure.check(RedirectRefused):
            self.run.fail("error", failure_message(failure), kind="redirect")
        elif failure.check(HttpError):
            self._http_failure(exc.response, request)
        elif failure.check(IgnoreRequest) and "robots" in str(exc).lower():
            self.run.fail(
                "blocked",
                "forbidden by robots.txt (set COURTLISTENER_TOKEN to use the REST API)",
                kind="robots",
            )
        else:
            self.run.fail("error", failure_message(failure), kind="network")
        shown = (self.run.errors or self.run.notes or [""])[-1]
        logger.warning("courtlistener: %s (%s)", shown, request.url)
        return found

    def _http_failure(self, response: Response, request: Request) -> None:
        status = response.status
        if request.meta.get("budget") and refuses_credentials(status, response.body):
            message = f"CourtListener rejected the token (HTTP {status})"
            if message not in self.run.errors:  # later calls are not made (CredentialsRefused)
                self.run.fail("error", message, kind="auth")
            return
        if request.meta.get("budget") and status == 403:  # this endpoint, not the token
            self.run.note(f"no permission for {urlsplit(request.url).path} (HTTP 403)")
            return
        retries = request.meta.get("retry_times", 0)
        message = f"HTTP {status}" + (f" after {retries} retries" if retries else "")
        self.run.fail("blocked" if status == 403 else "error", message, kind="http")
