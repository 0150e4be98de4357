"""GovInfo's USCOURTS collection: opinions and orders with MODS case records, nightly.

MODS gives the nature-of-suit code with its label: the best rank. api.data.gov allows 1000
calls an hour with a key and 40 with `DEMO_KEY` (`govinfo_demo`, counted apart). Its copies
are free: linked after CourtListener's. Its MODS gives document links on www.gpo.gov (the old
FDsys address) as well as www.govinfo.gov: both hosts are its copies.
"""

from monitor.sources.record import Links, Source

SOURCE = Source(
    name="govinfo",
    label="GovInfo",
    spider="crawler.spiders.govinfo.GovInfoSpider",
    recheck_spider="crawler.spiders.recheck_govinfo.GovInfoRecheckSpider",
    parser="crawler.parsers.govinfo",
    nos_rank=3,
    case_id_column="govinfo_package",
    budgets={"govinfo": {"hour": 1000}, "govinfo_demo": {"hour": 40}},
    links=Links(("govinfo.gov", "gpo.gov"), "GovInfo (free)", rank=1),
)
