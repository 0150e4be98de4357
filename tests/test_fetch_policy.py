"""Spiders fetch and parse; the monitor decides what is worth a request.

The monitor's policy (`monitor.fetch_policy.POLICY`) answers with the readings the store
draws; the spiders ask whatever policy the composition root handed them (`crawler.run.crawl(
fetch_policy=...)`), shown by real crawls of the loopback sample servers with test policies
(`tests/policies.py`). All docket texts, cases and parties are SAMPLE data.
"""

from __future__ import annotations

import pytest

from crawler.policy import NoPolicy
from crawler.spiders.courtlistener import CourtListenerSpider, document_url
from crawler.spiders.govinfo import GovInfoSpider
from monitor.fetch_policy import POLICY
from tests.conftest import rows
from tests.test_courtlistener_crawl import TOKEN, local, serve_search
from tests.test_courtlistener_crawl import crawl as crawl_courtlistener
from tests.test_govinfo_crawl import A, crawl_govinfo, htm_path, pdf_path, serve_casd

CAPTION = "Ramirez-Ortega v. Noem et al (SAMPLE)"


def test_the_monitor_fetches_orders_on_sealing_and_nothing_else():
    assert POLICY.order_document("ORDER granting 12 Motion to Seal Document.", "Order", CAPTION)
    assert POLICY.order_document("ORDER denying 14 Motion to Unseal.", "", CAPTION)
    assert not POLICY.order_document("MOTION to Seal Document by Respondents.", "", CAPTION)
    assert not POLICY.order_document("ORDER setting briefing schedule.", "", CAPTION)


def test_the_monitor_reads_every_sealing_text_and_knows_an_immigration_case():
    assert POLICY.sealing_text("MOTION to Seal Document by Respondents.", CAPTION)
    assert not POLICY.sealing_text("ORDER setting briefing schedule.", CAPTION)
    assert POLICY.immigration_case("casd", CAPTION, "463 Habeas Corpus - Alien Detainee")
    assert not POLICY.immigration_case("casd", "Acme Corp. v. Widget LLC (SAMPLE)", "190 Contract")


def test_a_spider_built_without_a_policy_refuses_to_guess():
    for spider in (GovInfoSpider(courts="casd"), CourtListenerSpider()):
        assert isinstance(spider.fetch_policy, NoPolicy)
        with pytest.raises(RuntimeError, match="no fetch_policy"):
            spider.fetch_policy.sealing_text("ORDER granting motion to seal", CAPTION)


def test_govinfo_reads_the_texts_the_handed_policy_names(server, crawl, tmp_path):
    serve_casd(server, tmp_path)
    result = crawl_govinfo(crawl, server, ["casd"], fetch_policy="tests.policies.NEVER")
    assert result.summary["casd"]["status"] == "ok", result
    paths = server.paths()
    assert not [p for p in paths if p.endswith("/htm") or p.endswith(".pdf")]
    db = tmp_path / "crawl.db"
    assert rows(db, "select id from documents") == []
    assert len(rows(db, "select id from docket_entries")) == 3  # listed, not fetched in full


def test_govinfo_asks_the_policy_for_each_granule(server, crawl, tmp_path):
    serve_casd(server, tmp_path)
    crawl_govinfo(crawl, server, ["casd"], fetch_policy="tests.policies.EVERY_TEXT")
    paths = server.paths()
    # granule 0 is no order: the monitor's policy leaves it (test_govinfo_crawl), this one
    # asks for it (the sample server has no text for it: the run ends partial, as it should)
    assert paths.count(htm_path(A, 0)) == 1
    assert paths.count(htm_path(A, 1)) == 1 and paths.count(pdf_path(A, 2)) == 1


def test_courtlistener_fetches_order_documents_only_when_the_policy_says(server, tmp_path):
    serve_search(server)
    order = local(server, document_url(server.base_url, "421900014"))
    crawl_courtlistener(
        server, tmp_path / "never.db", token=TOKEN, fetch_policy="tests.policies.NEVER"
    )
    assert server.requests_for(order) == []
    assert rows(tmp_path / "never.db", "select id from documents") == []

    crawl_courtlistener(server, tmp_path / "monitor.db", token=TOKEN)  # the monitor's policy
    assert len(server.requests_for(order)) == 1
    assert len(rows(tmp_path / "monitor.db", "select id from documents")) == 1
