"""Run a crawl in this process and return what happened per court.

Twisted's reactor cannot be restarted, so `crawl()` works once per process: the CLI, the
scheduler (one process per run) and the tests (a subprocess per crawl) all respect that.
Settings come from `crawler.settings` (not from a `scrapy.cfg` found through the working
directory, so the command works from anywhere); `settings=` overrides them, e.g. the tests'
`{"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False}`.

Logging: a caller that has configured logging already (the CLI, which also keeps Scrapy's own
lines to warnings unless `-v`) keeps its handlers; otherwise Scrapy installs its root handler
at `LOG_LEVEL` (`LOG_INSTALL_ROOT_HANDLER`: the `install_root_handler` argument is deprecated
in Scrapy 2.19 and printed a warning on every crawl).
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from crawler.policy import FetchPolicy


def spider_path(source: str) -> str:
    """The dotted path of `source`'s spider, from its declaration (`monitor.sources`)."""
    from monitor import sources

    try:
        return sources.get(source).spider
    except KeyError as error:
        raise ValueError(error.args[0]) from None


def build_settings(
    db_path: str, keep_all_cases: bool = False, overrides: dict[str, Any] | None = None
) -> Any:
    """Project settings plus the store location and any overrides (highest priority)."""
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.set("SEALTRAIL_DB", str(db_path), priority="cmdline")
    settings.set("SEALTRAIL_KEEP_ALL_CASES", bool(keep_all_cases), priority="cmdline")
    for name, value in (overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    return settings


def crawl(
    source: str,
    courts: list[str] | None,
    db_path: str,
    url_template: str | None = None,
    keep_all_cases: bool = False,
    settings: dict[str, Any] | None = None,
    spider_args: dict[str, Any] | None = None,
    on_court: Callable[[str, dict[str, Any]], None] | None = None,
    fetch_policy: FetchPolicy | None = None,
    spider: str | None = None,
) -> dict[str, dict[str, Any]]:
    """Crawl `source` for `courts` into the store at `db_path`; one call per process.

    `url_template` is the PACER RSS address override; the other sources take theirs (and
    `since`, queries ...) through `spider_args`, passed to the spider as keyword arguments.
    `on_court(court, summary)` is called once per court when its run is over (during the
    crawl for PACER RSS, at its end for the others), with the summary described below.
    `spider` (a dotted path) runs another spider of the source than its crawl's, e.g. its
    `recheck_spider`. `fetch_policy` (`crawler.policy.FetchPolicy`) decides which documents a
    spider fetches in full; this composition root hands the monitor's
    (`monitor.fetch_policy.POLICY`) to the spiders that take one unless told otherwise.

    Returns `{court: {"status", "items", "stored", "new_events", "errors", "requests",
    "detail"}}`, the same facts as the `crawl_runs` rows written for this run.
    """
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.misc import load_object

    from crawler.spiders.ledger import court_reported
    from monitor.redact import install_log_redaction

    install_log_redaction()  # log lines quote source titles and addresses

    spider_cls = load_object(spider or spider_path(source))
    from crawler.redirects import parse_allowed

    # a bad SEALTRAIL_REDIRECT_HOSTS entry: a ValueError now, not a Twisted traceback later
    parse_allowed(build_settings(db_path, keep_all_cases, settings).get("SEALTRAIL_REDIRECT_HOSTS"))
    # Leave logging alone when the caller (the CLI) has configured it already.
    overrides = {"LOG_INSTALL_ROOT_HANDLER": not logging.getLogger().handlers, **(settings or {})}
    process = CrawlerProcess(build_settings(db_path, keep_all_cases, overrides))
    crawler = process.create_crawler(spider_cls)
    if on_court is not None:

        def heard(run: Any, **_: Any) -> None:
            on_court(run.court, run.summary())

        crawler.signals.connect(heard, signal=court_reported, weak=False)
    kwargs: dict[str, Any] = {"courts": list(courts) if courts is not None else None}
    if url_template is not None:
        kwargs["url_template"] = url_template
    if "fetch_policy" in inspect.signature(spider_cls).parameters:
        if fetch_policy is None:  # imported here like Scrapy: the classifier loads per crawl
            from monitor.fetch_policy import POLICY as fetch_policy
        kwargs["fetch_policy"] = fetch_policy
    kwargs.update(spider_args or {})
    process.crawl(crawler, **kwargs)
    process.start()
    spider = crawler.spider
    if spider is None:  # pragma: no cover - the spider failed to initialise
        raise RuntimeError("the crawl did not start")
    return spider.ledger.summary()
