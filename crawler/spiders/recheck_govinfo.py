"""Re-read of GovInfo packages for sealing after the fact: each case's MODS read again, in full.

Thin like `crawler.spiders.govinfo` (whose addresses, key header, budget and per-court count it
shares through `crawler.spiders.govinfo_base`); the comparison is the monitor's
(`monitor.after_the_fact.record_reread`, reached through the pipeline's `reread` record).
Arguments: `cases` (a list of dicts as `monitor.rechecks.cases_due` returns them, or that
list as a JSON string from `scrapy -a`; cases without a `govinfo_package` are left out),
`base_url`, `api_url` (as the crawl spider takes them) and `courts` (when given, only the
cases of those courts). The ledger has one run per court of the cases, counted in
`crawl_runs` as `govinfo_recheck` (`run_source`). For each case:

1. the package's MODS is read in full: `{api_url}/packages/{pkg}/mods` with the key, or
   `{base_url}/metadata/pkg/{pkg}/mods.xml` without the API, never conditionally (no
   `incremental` meta: an answer found unchanged would compare nothing);
2. a MODS that parses gives the `case` and `entries` records the crawl spider gives (new
   granules are stored, text changes recorded), then one `reread` record: the package
   (`kind` package) and each granule (`kind` granule, `item_id` its granule id), all
   `public`, outcome `complete`. A granule the baseline had and this read lacks is then
   `withdrawn` (the core decides, from a complete read only). A MODS whose granules were
   read one by one because its XML is damaged (`damaged`: cut short, broken) is `failed`:
   the cut may have dropped granules. One whose XML is whole but a granule was left out
   (`skipped`) is `partial`: it shows what it has, never what it lacks;
3. a package is `withdrawn` only on GovInfo's own definite answer from every address asked:
   the API's MODS and then its package summary (`/packages/{pkg}/summary`) both answering
   404 or 410 with a JSON (or empty) body, or 400 with GovInfo's JSON message that "the
   requested resource does not exist". The core then withdraws every granule seen before;
4. anything else compares nothing and is `failed` (the case stays due): a 5xx (GovInfo
   answers 503 with `Retry-After` while it regenerates a MODS file), 429, a timeout, an HTML
   error page, XML that does not parse, a redirect away (`crawler.redirects`), a MODS 404
   whose summary answers 200, a 404 whose body is an HTML page (a proxy's, not the API's),
   a 404 from the website when the API is not in use (nothing to confirm it with), a
   refused key (the MODS is asked of the website instead, as the crawl spider does; a
   summary is not asked), and a spent API budget (a note on the run; every case the budget
   no longer covers is `failed` with that note, and stays due).

Each `reread` record's evidence lists the addresses asked and what each answered (the HTTP
status, or the failure in words); the key is in the `X-Api-Key` header only, never in an
address, so it never reaches the store, `crawl_runs` or the log.

What GovInfo answers for a package that is gone (read 2026-12; no "withdrawn" status is
documented anywhere we found):
- https://github.com/usgpo/api/issues/9 (2018): the summary of a package that does not
  exist answered 500; GPO changed it to answer "The requested resource does not exist ..."
  as a JSON `message` (the issue asked for 404): a 5xx is therefore never read as gone;
- https://github.com/usgpo/api/issues/158 (2024): a rendition of a package that does not
  exist (`/packages/{pkg}/xml`) answered 400 with `{"message": "The requested resource does
  not exist."}`; GPO said it would look at the status;
- https://github.com/usgpo/api README, "Error Messages": a MODS or ZIP not in GovInfo's
  cache answers 503 with `Retry-After: 30` until it is regenerated; 429 over the rate limit;
  401 `API_KEY_MISSING`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.budget import BudgetExhausted, CredentialsRefused
from crawler.failures import unusable
from crawler.parsers import govinfo as parsers
from crawler.parsers.errors import FeedError
from crawler.policy import FetchPolicy
from crawler.redirects import RedirectRefused
from crawler.runstats import CourtRun, RunLedger, utc_now
from crawler.spiders.base import BLOCKED_STATUSES, MISSING_STATUSES, failure_message
from crawler.spiders.govinfo_base import (
    BASE_URL,
    DEFAULT_API,
    SOURCE,
    GovInfoBase,
    package_records,
    settles,
)

logger = logging.getLogger(__name__)

#: GovInfo's own words for a resource that does not exist (usgpo/api#9, #158).
GONE_WORDS = "does not exist"


def case_list(cases: str | Iterable[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """The `cases` argument: a list of dicts, or that list as JSON (`scrapy -a cases=...`);
    only cases with a court, a docket number and a GovInfo package, once per package."""
    if cases is None:
        return []
    if isinstance(cases, str):
        cases = json.loads(cases) if cases.strip() else []
    if not isinstance(cases, list):
        raise ValueError("cases must be a list of cases (monitor.rechecks.cases_due)")
    kept: dict[str, dict[str, Any]] = {}
    for case in cases:
        if not isinstance(case, dict):
            raise ValueError(f"a case must be a dict, not {type(case).__name__}")
        package = str(case.get("govinfo_package") or "").strip()
        if package and case.get("court") and case.get("docket_number"):
            kept.setdefault(package, {**case, "court": str(case["court"]).strip().lower()})
    return list(kept.values())


def answered_gone(failure: Failure) -> bool:
    """Is this failure GovInfo's definite answer that the resource does not exist? 404/410
    with a JSON or empty body, or 400 with GovInfo's JSON message (see the module)."""
    if not failure.check(HttpError):
        return False
    response = failure.value.response
    body = bytes(response.body or b"").strip()
    if response.status in MISSING_STATUSES and not body:
        return True
    if response.status not in (*MISSING_STATUSES, 400):
        return False
    try:
        answer = json.loads(body[:65536])
    except ValueError:
        return False  # an HTML page or anything else: not the API's answer
    if response.status in MISSING_STATUSES:
        return True
    message = answer.get("message") if isinstance(answer, dict) else None
    return isinstance(message, str) and GONE_WORDS in message.lower()


class GovInfoRecheckSpider(GovInfoBase):
    """Read each case's GovInfo package again, in full, and hand the read over to compare."""

    name = "govinfo_recheck"
    source = SOURCE
    run_source = "govinfo_recheck"

    def __init__(
        self,
        courts: str | Iterable[str] | None = None,
        cases: str | Iterable[dict[str, Any]] | None = None,
        base_url: str = BASE_URL,
        api_url: str | None = DEFAULT_API,
        fetch_policy: FetchPolicy | None = None,
        *args: Any,
        **kwargs: Any,
    ):
        super().__init__(courts, *args, fetch_policy=fetch_policy, **kwargs)
        self.set_addresses(base_url, api_url)
        wanted = set(self.courts) if courts is not None else None
        self.cases = [c for c in case_list(cases) if wanted is None or c["court"] in wanted]
        self.courts = list(dict.fromkeys(case["court"] for case in self.cases))
        first = {}
        for case in self.cases:
            first.setdefault(case["court"], self.mods_url(case["govinfo_package"]))
        self.ledger = RunLedger(first)

    # -- requests ------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Request]:
        for case in self.cases:
            run = self.ledger[case["court"]]
            run.begin()
            yield self._mods_request(case, [], utc_now())

    def _mods_request(self, case: dict[str, Any], asked: list, started: str) -> Request:
        return self._request(
            self.mods_url(case["govinfo_package"]),
            self.parse_mods,
            case["court"],
            "mods",
            api=self.use_api,
            incremental=False,  # a re-read is a full read, never "unchanged"
            case=case,
            asked=asked,
            started=started,
        )

    # -- answers -------------------------------------------------------------------------------

    @settles
    def parse_mods(self, response: Response) -> Iterator[Any]:
        meta = response.meta
        case, court = meta["case"], meta["court"]
        package_id = case["govinfo_package"]
        asked = [*meta["asked"], {"url": response.url, "status": response.status}]
        try:
            package = parsers.parse_mods(response.body)
        except FeedError as exc:
            message = f"{package_id}: MODS {unusable(exc, response, court)}"
            yield self._failed(case, meta, asked, message, kind=exc.kind)
            return
        if package["package_id"] != package_id:
            message = f"{package_id}: the MODS read describes another package"
            yield self._failed(case, meta, asked, message, kind="malformed")
            return
        yield from package_records(court, package)
        if package["damaged"]:
            message = f"{package_id}: MODS XML is damaged, its granules may be cut short"
            yield self._failed(case, meta, asked, message, kind="malformed")
            return
        items = [{"kind": "package", "item_id": package_id, "state": "public"}]
        items += [
            {"kind": "granule", "item_id": granule["granule_id"], "state": "public"}
            for granule in package["granules"]
        ]
        outcome = "partial" if package["skipped"] else "complete"
        yield self._reread(case, meta, asked, outcome, items=items, url=response.url)

    @settles
    def parse_summary(self, response: Response) -> Iterator[Any]:
        """The summary answered: the package is there, so its MODS's 404 was no withdrawal."""
        meta = response.meta
        asked = [*meta["asked"], {"url": response.url, "status": response.status}]
        message = (
            f"{meta['case']['govinfo_package']}: MODS missing but the package summary answers "
            f"(HTTP {response.status}): not withdrawn, nothing compared"
        )
        yield self._failed(meta["case"], meta, asked, message, kind="http")

    @settles
    def errback(self, failure: Failure) -> Iterator[Any]:
        request = failure.request
        meta, court = request.meta, request.meta.get("court")
        if court not in self.ledger.runs:
            return
        run, case, role = self.ledger[court], meta["case"], meta["role"]
        package_id = case["govinfo_package"]
        status = failure.value.response.status if failure.check(HttpError) else None
        message = failure_message(failure)
        asked = [*meta["asked"], {"url": request.url, "status": status or message}]
        api = meta.get("budget") == SOURCE
        if failure.check(CredentialsRefused) or (api and status in BLOCKED_STATUSES):
            yield from self._without_api(run, case, meta, asked, status)
        elif failure.check(BudgetExhausted):
            note = f"GovInfo API budget used up: {failure.value}"
            run.note(note)
            logger.warning("%s: %s: %s", court, package_id, note)
            failure_text = f"{package_id}: not read, {note} (the case stays due)"
            yield self._reread(case, meta, asked, "failed", failure=failure_text)
        elif role == "mods" and api and answered_gone(failure):
            yield self._request(
                str(self.summary_url(package_id)),
                self.parse_summary,
                court,
                "summary",
                api=True,
                incremental=False,
                case=case,
                asked=asked,
                started=meta["started"],
            )
        elif role == "summary" and answered_gone(failure):
            logger.info("%s: %s: GovInfo answers the package is gone", court, package_id)
            yield self._reread(case, meta, asked, "withdrawn", url=asked[0]["url"])
        else:
            what = "package summary" if role == "summary" else "MODS"
            text = f"{package_id}: {what} {message}"
            if role == "mods" and not api and status in MISSING_STATUSES:
                text += " (a withdrawal is confirmed only by the API's package summary)"
            kind = "redirect" if failure.check(RedirectRefused) else None
            kind = kind or ("http" if status is not None else "network")
            yield self._failed(case, meta, asked, text, kind=kind)

    def _without_api(
        self, run: CourtRun, case: dict[str, Any], meta: dict, asked: list, status: int | None
    ) -> Iterator[Any]:
        """A refused key: the MODS from the website (a full read still); a summary cannot be
        asked, so a missing package stays unconfirmed."""
        if status is not None:
            self._key_refused(run, status)
        self.key_rejected = True
        if meta["role"] == "mods":
            yield self._mods_request(case, asked, meta["started"])
        else:
            message = f"{case['govinfo_package']}: package summary not asked, the key was refused"
            yield self._failed(case, meta, asked, message, kind="api_key")

    # -- records -------------------------------------------------------------------------------

    def _failed(
        self, case: dict[str, Any], meta: dict, asked: list, message: str, *, kind: str
    ) -> dict[str, Any]:
        """The read compared nothing: the court's run records why, the case stays due."""
        run = self.ledger[case["court"]]
        if message not in run.errors:
            run.fail("error", message, kind=kind)
        logger.warning("%s: %s", case["court"], message)
        return self._reread(case, meta, asked, "failed", failure=message)

    def _reread(
        self,
        case: dict[str, Any],
        meta: dict,
        asked: list,
        outcome: str,
        *,
        items: list[dict[str, Any]] | None = None,
        url: str | None = None,
        failure: str | None = None,
    ) -> dict[str, Any]:
        """The `reread` record (`monitor.after_the_fact`); evidence: the addresses asked."""
        return {
            "kind": "reread",
            "court": case["court"],
            "reread": {
                "source": SOURCE,
                "court": case["court"],
                "docket_number": case["docket_number"],
                "case_name": case.get("case_name"),
                "url": url or asked[-1]["url"],
                "outcome": outcome,
                "items": items or [],
                "pages": 1 if items else 0,
                "failure": failure,
                "started": meta.get("started"),
                "evidence": {"package": case["govinfo_package"], "addresses": asked},
            },
        }
