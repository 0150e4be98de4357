"""CourtListener (RECAP): searched nightly for sealing activity; dockets describe cases.

Its nature of suit is usually a label without a code: ranked below GovInfo's. The free tier
allows about 5 API calls a minute, 50 an hour and 125 a day (crawler/budget.py). Its copies
are free, so its links come first.
"""

from monitor.sources.record import Links, Source

SOURCE = Source(
    name="courtlistener",
    label="CourtListener",
    spider="crawler.spiders.courtlistener.CourtListenerSpider",
    recheck_spider="crawler.spiders.recheck_courtlistener.CourtListenerRecheckSpider",
    parser="crawler.parsers.courtlistener",
    nos_rank=2,
    case_id_column="courtlistener_id",
    budgets={"courtlistener": {"minute": 5, "hour": 50, "day": 125}},
    links=Links(("courtlistener.com",), "CourtListener/RECAP (free)", rank=0),
)
