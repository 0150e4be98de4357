"""CourtListener re-read: each case's whole docket read again, for sealing after the fact.

Thin, like `CourtListenerSpider`: it fetches the REST v4 API, hands bodies to
`crawler.parsers.courtlistener`, and yields records; `monitor.after_the_fact` compares.

Arguments (the interface the re-check parts share, `docs/internals.md`): `cases`, a list of
dicts as `monitor.rechecks.cases_due` returns them (`case_id`, `court`, `docket_number`,
`case_name`, `courtlistener_id`, ...) or that list as a JSON string (`scrapy -a cases=...`);
`base_url`; `max_pages` (default 20); `courts` (optional: only the cases of these courts).
The ledger has one run per court of the cases; `crawl_runs` rows are written as
`courtlistener_recheck` (`run_source`), while entries, `entry_sources` and the API budget are
CourtListener's (`source`).

For each case, one after another in the order given (newest activity first, so a spent API
budget leaves the quietest cases for the next run):
1. without a `courtlistener_id`: `dockets/?court=&docket_number=`; no such docket is a
   `reread` record with outcome `not_found` (and a `lookup` record, as the crawl spider
   writes), else a `case` record, so the store learns the CourtListener id;
2. `docket-entries/?docket=<id>&order_by=id` (`id` is among the endpoint's `ordering`
   fields, and unique, so the cursor pages neither repeat nor skip an entry), following the
   cursor `next` (moved onto `base_url`) for up to `max_pages` pages;
3. a docket read in full that lists no entry at all is asked for by its id
   (`dockets/<id>/`): an answer confirms it (`complete`: what was seen before is gone),
   404/410 is `not_found` (CourtListener no longer has the docket: sealed, or merged into a
   duplicate; not read as every entry vanishing), anything else `failed`;
4. once the docket's pages are read (or one failed for good): an `entries` record with the
   entries that have docket text (new entries are stored, changed text lands in
   `entry_revisions`), then ONE `reread` record: every entry (`state` public) and every RECAP
   document (`sealed` when `is_sealed` is true, else `available` / `unavailable`); an entry
   whose `recap_documents` was missing, null or held a document without an id says
   `documents_known: false`, so none of its documents can read as missing.

Outcomes (`monitor.after_the_fact.OUTCOMES`); only `complete` can show that an entry vanished:
- `complete`: every page answered 2xx and parsed, none skipped an entry, the last had no
  `next`;
- `partial`: some page failed (after the middleware's retries) or the budget ran out after
  others were read, a page skipped an unreadable entry, or `max_pages` was reached (a note);
- `failed`: nothing of the docket was read. HTTP 403 on docket-entries means this token may
  not read docket entries (RECAP endpoints were invite-only): the reread's `failure` and the
  run's error say exactly that, and the other cases are not asked (each would cost a call for
  the same answer). A refused token (401) and a spent budget stop the run's later cases too;
  cases never asked get no `reread` record and stay due.
Evidence: every address asked (the token travels in a header, never in an address) with its
HTTP status, and the pages read.

Never conditional: no `incremental` meta and no fetch-state skipping, because an answer found
"unchanged" would read as an empty docket. Without `COURTLISTENER_TOKEN` no request is made:
each court's run ends `blocked` with `NO_TOKEN` (so `sealtrail status` shows it), logged once.
REST requests carry `meta["budget"] = "courtlistener"` and `dont_obey_robotstxt` (see
`crawler.spiders.courtlistener`); retries and one request at a time per host are the
middlewares' job.
"""

from __future__ import annotations

import json
import logging
import os
from collections import deque
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from scrapy import signals
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.budget import BudgetExhausted, CredentialsRefused, refuses_credentials
from crawler.failures import unusable
from crawler.parsers.courtlistener import (
    PUBLIC_URL,
    parse_docket,
    parse_docket_entries_page,
)
from crawler.parsers.errors import FeedError
from crawler.runstats import RunLedger, utc_now
from crawler.spiders.base import SourceSpider, court_list, failure_message
from crawler.spiders.courtlistener import API, JSON_HEADERS, SOURCE, TOKEN_ENV, docket_url

logger = logging.getLogger(__name__)

RUN_SOURCE = "courtlistener_recheck"
DEFAULT_MAX_PAGES = 20
NO_TOKEN = f"{TOKEN_ENV} is not set: CourtListener dockets cannot be re-read"
NO_PERMISSION = "this CourtListener token may not read docket entries (HTTP 403 on docket-entries)"


#: What a docket's own address answers when CourtListener no longer has it.
GONE = (404, 410)


def docket_detail_url(base_url: str, docket_id: str) -> str:
    return f"{base_url}{API}/dockets/{docket_id}/"


def entries_url(base_url: str, docket_id: str) -> str:
    """The first page of a docket's entries, in a stable order for cursor paging."""
    query = urlencode({"docket": docket_id, "order_by": "id"})
    return f"{base_url}{API}/docket-entries/?{query}"


def case_list(cases: str | Iterable[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """The `cases` argument as dicts: a list, or that list as JSON (`scrapy -a`). Cases
    without a court or docket number are dropped (nothing could be asked for them)."""
    if isinstance(cases, str):
        cases = json.loads(cases) if cases.strip() else []
    found = []
    for case in cases or []:
        if isinstance(case, dict) and case.get("court") and case.get("docket_number"):
            found.append({**case, "court": str(case["court"]).lower()})
    return found


@dataclass
class DocketRead:
    """One case's re-read while it goes on: what was asked, answered and found."""

    case: dict[str, Any]
    started: str
    docket_id: str | None = None
    case_url: str | None = None
    pacer_case_id: str | None = None
    url: str | None = None  # the docket's first entries page: the read's address
    pages: int = 0
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    addresses: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failure: str | None = None
    more: bool = False  # stopped at max_pages with a `next` left
    confirmed: bool = False  # an empty docket answered by its own address

    @property
    def label(self) -> str:
        return f"{self.case['court']} {self.case['docket_number']}"

    def asked(self, url: str, status: int | None) -> None:
        self.addresses.append({"url": url, "status": status})

    def outcome(self) -> str:
        if not self.pages:
            return "failed"
        if self.failure or self.more or self.skipped:
            return "partial"
        return "complete"


class CourtListenerRecheckSpider(SourceSpider):
    """Read watched and sealing cases' whole CourtListener dockets again; see the module."""

    name = "courtlistener_recheck"
    source = SOURCE
    run_source = RUN_SOURCE

    def __init__(
        self,
        cases: str | Iterable[dict[str, Any]] | None = None,
        base_url: str = PUBLIC_URL,
        max_pages: int | str = DEFAULT_MAX_PAGES,
        courts: str | Iterable[str] | None = None,
        *args: Any,
        **kwargs: Any,
    ):
        kwargs.pop("fetch_policy", None)  # a re-read fetches no documents in full
        super().__init__((), *args, **kwargs)
        wanted = court_list(courts) if courts else []
        self.cases = [c for c in case_list(cases) if not wanted or c["court"] in wanted]
        self.courts = court_list([case["court"] for case in self.cases])
        self.base_url = base_url.rstrip("/")
        self.max_pages = max(1, int(max_pages))
        self._token = os.environ.get(TOKEN_ENV, "").strip()
        self._queue: deque[dict[str, Any]] = deque(self.cases)
        self._stopped = ""  # why the remaining cases are not asked
        self.ledger = RunLedger({court: self._court_url(court) for court in self.courts})

    def _court_url(self, court: str) -> str:
        """A run's address: the first docket of its court it reads (or looks up)."""
        case = next(c for c in self.cases if c["court"] == court)
        if case.get("courtlistener_id"):
            return entries_url(self.base_url, str(case["courtlistener_id"]))
        return docket_url(self.base_url, court, case["docket_number"])

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> CourtListenerRecheckSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider._on_idle, signal=signals.spider_idle)
        return spider

    def home_urls(self, request: Request) -> list[str]:
        """Where a request may redirect (`crawler.redirects`): the host of `base_url`."""
        return [self.base_url]

    # -- requests ------------------------------------------------------------------------------

    def _api(self, url: str, callback: Any, read: DocketRead, **meta: Any) -> Request:
        """A REST v4 request: token header, JSON, counted against the API budget; never
        conditional (no `incremental`)."""
        headers = {**JSON_HEADERS, "Authorization": f"Token {self._token}"}
        return Request(
            url,
            callback=callback,
            errback=self.errback,
            headers=headers,
            meta={
                "court": read.case["court"],
                "budget": SOURCE,
                "dont_obey_robotstxt": True,
                "read": read,
                **meta,
            },
            dont_filter=True,
        )

    async def start(self) -> AsyncIterator[Request]:
        if not self._token:
            if self.courts:
                logger.warning("courtlistener_recheck: %s", NO_TOKEN)
            for run in self.ledger:
                run.begin()
                run.fail("blocked", NO_TOKEN, kind="token")
            return
        for request in self._next_case():
            yield request

    def _next_case(self) -> Iterator[Request]:
        """The next case's first request (cases are read one after another)."""
        if self._stopped or not self._queue:
            return
        case = self._queue.popleft()
        read = DocketRead(case=case, started=utc_now())
        self.ledger[case["court"]].begin()
        if case.get("courtlistener_id"):
            read.docket_id = str(case["courtlistener_id"])
            yield self._entries_request(read)
        else:
            url = docket_url(self.base_url, case["court"], case["docket_number"])
            yield self._api(url, self.parse_docket, read, step="docket")

    def _entries_request(self, read: DocketRead, url: str | None = None) -> Request:
        if url is None:
            url = read.url = entries_url(self.base_url, str(read.docket_id))
        return self._api(url, self.parse_entries, read, step="entries", page=read.pages + 1)

    def _on_idle(self, spider: Any = None) -> None:
        """Nothing left to fetch: runs that began are over; courts whose cases were never
        asked (the run stopped: budget, refused token) say why."""
        for run in self.ledger:
            if not run.started:
                run.begin()
                if not (run.notes or run.errors):
                    run.note(f"not re-read: {self._stopped or 'the crawl ended first'}")
            run.finish()

    # -- callbacks ---------------------------------------------------------------------------

    def parse_docket(self, response: Response) -> Iterator[Any]:
        read: DocketRead = response.meta["read"]
        read.asked(response.url, response.status)
        court, number = read.case["court"], read.case["docket_number"]
        try:
            case = parse_docket(response.body)
        except FeedError as exc:
            message = unusable(exc, response, read.label)
            yield from self._give_up(read, f"docket lookup: {message}", _status_of(exc), exc.kind)
            return
        if case is None:
            logger.info("courtlistener_recheck: %s %s is not on CourtListener", court, number)
            lookup = {"court": court, "docket_number": number, "found": False}
            yield {"kind": "lookup", "court": court, "lookup": lookup}
            yield self._reread(read, "not_found")
            yield from self._next_case()
            return
        if not case.get("source_id"):
            yield from self._give_up(read, "docket lookup: the docket has no id")
            return
        # The store's key wins: CourtListener may spell the number differently.
        case.update(court=court, docket_number=number)
        read.docket_id, read.case_url = case["source_id"], case.get("docket_url")
        read.pacer_case_id = case.get("pacer_case_id")
        yield {"kind": "case", "court": court, "case": case}
        yield self._entries_request(read)

    def parse_entries(self, response: Response) -> Iterator[Any]:
        read: DocketRead = response.meta["read"]
        read.asked(response.url, response.status)
        run = self.ledger[read.case["court"]]
        try:
            page = parse_docket_entries_page(response.body, self.base_url, read.case["court"])
        except FeedError as exc:
            number = response.meta.get("page", 1)
            read.failure = f"docket-entries page {number}: {unusable(exc, response, read.label)}"
            run.fail(_status_of(exc), f"{read.label}: {read.failure}", kind=exc.kind)
            yield from self._finish(read)
            return
        read.pages += 1
        for entry in page.entries:
            read.entries.setdefault(entry["source_id"], entry)
        if page.skipped:
            read.skipped.extend(page.skipped)
            run.skipped.extend(f"{read.label}: {reason}" for reason in page.skipped)
        run.problems.extend(page.problems)
        if page.next and read.pages < self.max_pages:
            yield self._entries_request(read, page.next)
            return
        if page.next:
            read.more = True
            run.note(
                f"{read.label}: stopped after {self.max_pages} docket-entries pages; "
                "more entries remain (partial read)"
            )
        yield from self._finish(read)

    def _finish(self, read: DocketRead) -> Iterator[Any]:
        """The docket is read (or failed for good): its entries, its reread, the next case.
        A docket read in full with no entry at all is first asked for by its id
        (`_confirm_empty`)."""
        if read.outcome() == "complete" and not read.entries and not read.confirmed:
            yield self._api(
                docket_detail_url(self.base_url, str(read.docket_id)),
                self.parse_docket_check,
                read,
                step="docket_check",
            )
            return
        court = read.case["court"]
        entries = [self._entry_item(read, entry) for entry in read.entries.values()]
        with_text = [entry for entry in entries if entry["text"]]
        if with_text:
            yield {"court": court, "items": with_text, "skipped": [], "problems": []}
        yield self._reread(read, read.outcome())
        yield from self._next_case()

    def parse_docket_check(self, response: Response) -> Iterator[Any]:
        """The docket still answers by its id: its entries are really none (a `complete`
        read, whose comparison may find them gone)."""
        read: DocketRead = response.meta["read"]
        read.asked(response.url, response.status)
        read.confirmed = True
        yield from self._finish(read)

    def _give_up(
        self, read: DocketRead, message: str, status: str = "error", kind: str = "malformed"
    ) -> Iterator[Any]:
        """Nothing of the docket could be read: a `failed` reread; the next case."""
        read.failure = read.failure or message
        self.ledger[read.case["court"]].fail(status, f"{read.label}: {message}", kind=kind)
        yield self._reread(read, "failed")
        yield from self._next_case()

    # -- records -------------------------------------------------------------------------------

    def _entry_item(self, read: DocketRead, entry: dict[str, Any]) -> dict[str, Any]:
        """An entry dict as the crawl spider's search results give them (`_search_entry`)."""
        documents = sorted(entry["documents"], key=lambda d: d["attachment_number"] or 0)
        main = documents[0] if documents else {}
        url = main.get("source_url")
        case = read.case
        return {
            "court": case["court"],
            "docket_number": case["docket_number"],
            "case_name": case.get("case_name") or "",
            "pacer_case_id": read.pacer_case_id,
            "entry_number": entry["entry_number"],
            "short_description": main.get("description") or "",
            "text": entry["text"],
            "document_url": url,
            "published": None,
            "date_filed": entry["date_filed"],
            "guid": url or entry["source_id"],
            "case_url": read.case_url,
            "source_id": entry["source_id"],
            "source_url": url,
            "recap_document_id": main.get("source_id"),
            "is_available": bool(main.get("is_available")),
        }

    def _reread(self, read: DocketRead, outcome: str) -> dict[str, Any]:
        items: list[dict[str, Any]] = []
        for entry in read.entries.values():
            number = entry["entry_number"]
            documents = [d for d in entry["documents"] if d.get("source_id")]
            known = entry.get("documents_known", True) and len(documents) == len(entry["documents"])
            items.append(
                {
                    "kind": "entry",
                    "item_id": entry["source_id"],
                    "state": "public",
                    "entry_number": number,
                    "documents_known": known,
                }
            )
            for document in documents:
                items.append(
                    {
                        "kind": "document",
                        "item_id": document["source_id"],
                        "state": _document_state(document),
                        "entry_item": entry["source_id"],
                        "entry_number": number,
                    }
                )
        evidence: dict[str, Any] = {"addresses": read.addresses, "pages_read": read.pages}
        if read.skipped:
            evidence["skipped"] = read.skipped[:20]
        if read.more:
            evidence["note"] = f"stopped after {self.max_pages} pages; more entries remain"
        reread = {
            "source": SOURCE,
            "court": read.case["court"],
            "docket_number": read.case["docket_number"],
            "case_name": read.case.get("case_name"),
            "url": read.url or (read.addresses[0]["url"] if read.addresses else None),
            "started": read.started,
            "outcome": outcome,
            "pages": read.pages,
            "failure": read.failure,
            "items": items,
            "evidence": evidence,
        }
        return {"kind": "reread", "court": read.case["court"], "reread": reread}

    # -- failures ------------------------------------------------------------------------------

    def errback(self, failure: Failure) -> Iterator[Any]:
        """A request that failed for good: the read ends (partial when pages were read), and
        the next case follows unless the failure stops the run (see the module)."""
        request = failure.request
        read: DocketRead | None = request.meta.get("read")
        if read is None:  # pragma: no cover - every request of this spider carries its read
            return
        run = self.ledger[read.case["court"]]
        step = (
            "docket lookup"
            if request.meta.get("step") == "docket"
            else (f"docket-entries page {request.meta.get('page', 1)}")
        )
        exc = failure.value
        if failure.check(BudgetExhausted, CredentialsRefused):
            message = (
                f"API budget exhausted: {exc}"
                if failure.check(BudgetExhausted)
                else f"not asked: {exc}"
            )
            self._stop(message)
            run.note(f"{read.label}: {step} {message}")
            logger.warning("courtlistener_recheck: %s: %s", read.label, message)
            if read.pages:  # what was read stands; the rest was not asked
                read.failure = message
                yield from self._finish(read)
            return
        status = exc.response.status if failure.check(HttpError) else None
        read.asked(request.url, status)
        if request.meta.get("step") == "docket_check":
            yield from self._docket_check_failed(read, status, failure)
            return
        if status is not None and refuses_credentials(status, exc.response.body):
            message = f"CourtListener rejected the token (HTTP {status})"
            self._stop(message)
            run.fail("error", message, kind="auth")
        elif status == 403 and request.meta.get("step") == "entries":
            message = NO_PERMISSION
            self._stop(message)
            if message not in run.errors:
                run.fail("blocked", message, kind="permission")
        else:
            message = f"{step}: {failure_message(failure)}"
            kind = "http" if status is not None else "network"
            run.fail("error", f"{read.label}: {message}", kind=kind)
        logger.warning("courtlistener_recheck: %s: %s (%s)", read.label, message, request.url)
        read.failure = message
        if read.pages:
            yield from self._finish(read)
        else:
            yield self._reread(read, "failed")
            yield from self._next_case()

    def _docket_check_failed(self, read: DocketRead, status: int | None, failure) -> Iterator:
        """An empty docket's own address failed: 404/410 says CourtListener no longer has the
        docket (`not_found`: gone, sealed or merged into a duplicate; never every entry
        vanished); anything else leaves the empty read unconfirmed (`failed`)."""
        if status in GONE:
            read.failure = (
                f"docket {read.docket_id} listed no entries and its own address answered "
                f"HTTP {status}: CourtListener no longer has it"
            )
            logger.info("courtlistener_recheck: %s: %s", read.label, read.failure)
            yield self._reread(read, "not_found")
        else:
            message = f"docket check: {failure_message(failure)}"
            read.failure = f"no entries listed, and the docket could not be checked ({message})"
            self.ledger[read.case["court"]].fail("error", f"{read.label}: {message}", kind="http")
            yield self._reread(read, "failed")
        yield from self._next_case()

    def _stop(self, reason: str) -> None:
        """No later case is asked; say how many are left."""
        if not self._stopped:
            self._stopped = reason
            for case in self._queue:
                self.ledger[case["court"]].note(
                    f"{case['court']} {case['docket_number']} not re-read: {reason}"
                )


def _status_of(exc: FeedError) -> str:
    """The run status of a body the parser refused (as the crawl spider's)."""
    return "not_rss" if exc.kind == "not_rss" else "error"


def _document_state(document: dict[str, Any]) -> str:
    """`sealed` when CourtListener marks it so (`is_sealed` true; null means it does not
    know), else `available` when RECAP has the file, else `unavailable`."""
    if document.get("is_sealed") is True:
        return "sealed"
    return "available" if document.get("is_available") else "unavailable"
