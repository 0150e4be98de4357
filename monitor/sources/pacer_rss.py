"""PACER's public court RSS feeds: one feed per court, polled every 30 minutes.

A court's feed lists about a day of entries, so an empty read or a newest entry older than
two working hours is a fault (`lists_window`). No API budget (no quota; politeness is the
crawler's delays). Its links are PACER's and cost a login and fees: listed last.
"""

from datetime import timedelta

from monitor.sources.record import Links, Source

SOURCE = Source(
    name="pacer_rss",
    label="PACER RSS",
    spider="crawler.spiders.pacer_rss.PacerRssSpider",
    parser="crawler.parsers.pacer_rss",
    job="pacer",
    stale_after=timedelta(hours=2),  # polled every 30 minutes
    lists_window=True,
    one_request_per_court=True,
    links=Links(("uscourts.gov",), "PACER (login and fees)", rank=3, free=False),
    config_section="pacer",
)
