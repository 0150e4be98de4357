"""Scrapy settings for sealtrail's crawlers (`scrapy.cfg` points here).

Politeness first: PACER, CourtListener and GovInfo are public services run on public money.
Quirks of Scrapy 2.19 handled here (see crawler/middlewares.py for the code):
- the stock `RobotsTxtMiddleware` lets some concurrent requests through unchecked (Scrapy >=
  2.14), so `RobotsTxtMiddleware` is replaced by `crawler.middlewares.SafeRobotsTxtMiddleware`;
- Scrapy ignores `Retry-After`, so `RetryMiddleware` is replaced by
  `crawler.middlewares.RetryAfterMiddleware`, which waits as asked (capped) before retrying;
- Scrapy 2.19 on the asyncio reactor sends every queued request to a host at once when the
  download delay is 0, whatever `CONCURRENT_REQUESTS_PER_DOMAIN` says; `DOWNLOADER` is
  `crawler.middlewares.PoliteDownloader`, which keeps to one request at a time per host;
- AutoThrottle's delay never goes below `DOWNLOAD_DELAY`, which is therefore its floor;
- APIs with call quotas (CourtListener, GovInfo) are held to `SEALTRAIL_BUDGETS` by
  `crawler.middlewares.BudgetMiddleware` for requests with `meta["budget"]` (see
  crawler/budget.py for the per-crawl override and the `SEALTRAIL_<SOURCE>_PER_<WINDOW>`
  environment variables);
- Scrapy follows redirects to any host, and our requests' `dont_filter` exempts them from its
  `OffsiteMiddleware`: `crawler.redirects` replaces both redirect middlewares with ones
  that follow a redirect only to the source's own hosts (`SEALTRAIL_REDIRECT_HOSTS` adds
  more);
- a PDF's text layer is read in a child process under memory, CPU, time, page and character
  limits (`monitor.pdf`); `crawler.pdf_text.PdfTextMiddleware` waits for it in a
  thread, so a hostile PDF never holds up the reactor;
- Scrapy's HTTP cache would record a response before its records are stored; conditional
  requests and unchanged answers are `crawler.conditional.ConditionalRequestMiddleware`'s job,
  with the state kept in the store (`monitor.fetch_state`) once the records are stored.
Tests override `DOWNLOAD_DELAY` and AutoThrottle through `crawler.run.crawl(settings=...)`.
"""

from __future__ import annotations

import os

from monitor import sources as _sources

BOT_NAME = "sealtrail"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

CONTACT = os.environ.get("SEALTRAIL_CONTACT", "sealtrail@users.noreply.github.com")
USER_AGENT = (
    "sealtrail/0.1 (+https://github.com/sealtrail/sealtrail; public-records monitor; "
    f"contact: {CONTACT})"
)

ROBOTSTXT_OBEY = True
# robots.txt Crawl-delay is honoured (Scrapy ignores it) up to this many seconds.
ROBOTSTXT_CRAWL_DELAY_MAX = 60
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 2
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 5.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 20 * 1024 * 1024
DOWNLOAD_WARNSIZE = 5 * 1024 * 1024

RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# Longest wait a Retry-After header may impose before a retry (seconds); longer asks are capped.
RETRY_AFTER_MAX = 300

# Per-host Retry-After pauses, and CONCURRENT_REQUESTS_PER_DOMAIN that holds at delay 0.
DOWNLOADER = "crawler.middlewares.PoliteDownloader"
# Resets of reused connections are retried by RetryMiddleware, counted (crawler/download.py).
DOWNLOAD_HANDLERS = {
    "http": "crawler.download.CountedRetriesDownloadHandler",
    "https": "crawler.download.CountedRetriesDownloadHandler",
}
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.SafeRobotsTxtMiddleware": 100,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.RetryAfterMiddleware": 550,
    # Validators from the store's fetch_state; sees bodies decoded (after compression, 590).
    "crawler.conditional.ConditionalRequestMiddleware": 585,
    # PDF text layers read in a child process off the reactor thread; on the way back after
    # redirects (600, 580) and conditional requests (585), so only a final, changed answer.
    "crawler.pdf_text.PdfTextMiddleware": 575,
    # Innermost: counts only requests that really go out, each retry and redirect included.
    "crawler.middlewares.BudgetMiddleware": 950,
    # Redirects (3xx and meta refresh) only to the source's own hosts (crawler/redirects.py).
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.redirects.HomeMetaRefreshMiddleware": 580,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawler.redirects.HomeRedirectMiddleware": 600,
}
# Hosts every source may also be redirected to (mirrors): `host`, `.domain` (it and its
# subdomains), `host:port`; comma-separated in the environment variable of the same name.
SEALTRAIL_REDIRECT_HOSTS = os.environ.get("SEALTRAIL_REDIRECT_HOSTS", "")
ITEM_PIPELINES = {
    "crawler.pipelines.StorePipeline": 300,
}

# Where the pipeline stores what it crawls; crawler.run.crawl() sets these.
SEALTRAIL_DB = "sealtrail.db"
SEALTRAIL_KEEP_ALL_CASES = False
# Conditional requests and skipping of unchanged answers (crawler/conditional.py); False reads
# everything in full (what was read is still recorded as fetch_state).
SEALTRAIL_INCREMENTAL = True
# A recorded state older than this (hours) is not trusted: read in full (crawler/conditional.py).
SEALTRAIL_REREAD_AFTER_HOURS = 6

# API call budgets per source, over sliding windows ("minute", "hour", "day"); calls are kept
# in the store's api_calls table so they hold across runs. A full minute window makes a
# request wait (up to SEALTRAIL_BUDGET_MAX_WAIT seconds), a full hour or day window drops it
# with crawler.budget.BudgetExhausted. `govinfo_demo` applies to GovInfo requests made with
# api.data.gov's DEMO_KEY, `govinfo` to a real key. Environment variables such as
# SEALTRAIL_COURTLISTENER_PER_DAY=100 override single windows (crawler/budget.py).
# The defaults are each source's `budgets` (monitor.sources: courtlistener 5/min, 50/h,
# 125/day; govinfo 1000/h; govinfo_demo 40/h).
SEALTRAIL_BUDGETS = {
    budget: dict(limits)
    for source in _sources.all_sources()
    for budget, limits in source.budgets.items()
}
SEALTRAIL_BUDGET_MAX_WAIT = 65
# PDFs read at the same time, each by a child process with its own memory limit
# (monitor.pdf.MEMORY_MB): 1 keeps a burst of PDFs from multiplying it.
SEALTRAIL_PDF_READERS = 1
# Changes to single PDF reading limits (monitor.pdf.PdfLimits fields: pages, chars,
# memory_mb, cpu_seconds, wall_seconds); the defaults and their reasons are in that module.
SEALTRAIL_PDF_LIMITS: dict = {}

TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"
COOKIES_ENABLED = False
DEFAULT_REQUEST_HEADERS = {
    "Accept": "application/rss+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1",
    "Accept-Language": "en",
}
FEED_EXPORT_ENCODING = "utf-8"
