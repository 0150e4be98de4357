"""Run a crawl in this process and return what happened per court.

Twisted's reactor cannot be restarted, so `crawl()` works once per process: the CLI, the
scheduler (one process per run) and the tests (a subprocess per crawl) all respect that.
Settings come from `crawler.settings` (not from a `scrapy.cfg` found through the working
directory, so the command works from anywhere); `settings=` overrides them, e.g. the tests'
`{"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False}`.
"""

from __future__ import annotations

import logging
from typing import Any

SPIDERS = {
    "pacer_rss": "crawler.spiders.pacer_rss.PacerRssSpider",
    "courtlistener": "crawler.spiders.courtlistener.CourtListenerSpider",
    "govinfo": "crawler.spiders.govinfo.GovInfoSpider",
}


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
) -> dict[str, dict[str, Any]]:
    """Crawl `source` for `courts` into the store at `db_path`; one call per process.

    `url_template` is the PACER RSS address override; the other sources take theirs (and
    `since`, queries ...) through `spider_args`, passed to the spider as keyword arguments.

    Returns `{court: {"status", "items", "stored", "new_events", "errors", "requests",
    "detail"}}`, the same facts as the `crawl_runs` rows written for this run.
    """
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.misc import load_object

    key = source.replace("-", "_")
    if key not in SPIDERS:
        raise ValueError(f"unknown source {source!r}; known: {', '.join(sorted(SPIDERS))}")
    spider_cls = load_object(SPIDERS[key])
    from crawler.redirects import parse_allowed

    built = build_settings(db_path, keep_all_cases, settings)
    # a bad SEALTRAIL_REDIRECT_HOSTS entry: a ValueError now, not a Twisted traceback later
    parse_allowed(built.get("SEALTRAIL_REDIRECT_HOSTS"))
    # Leave logging alone when the caller (the CLI) has configured it already.
    install_root_handler = not logging.getLogger().handlers
    process = CrawlerProcess(built, install_root_handler=install_root_handler)
    crawler = process.create_crawler(spider_cls)
    kwargs: dict[str, Any] = {"courts": list(courts) if courts is not None else None}
    if url_template is not None:
        kwargs["url_template"] = url_template
    kwargs.update(spider_args or {})
    process.crawl(crawler, **kwargs)
    process.start()
    spider = crawler.spider
    if spider is None:  # pragma: no cover - the spider failed to initialise
        raise RuntimeError("the crawl did not start")
    return spider.ledger.summary()
