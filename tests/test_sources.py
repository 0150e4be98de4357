"""The registry of sources (monitor.sources): what it finds and what it refuses."""

from __future__ import annotations

import importlib

import pytest
from scrapy.utils.misc import load_object

from monitor import sources


@pytest.fixture
def registry_env(monkeypatch):
    """Set `SEALTRAIL_SOURCES` for one test; the registry is read again before and after."""

    def use(value: str) -> None:
        monkeypatch.setenv(sources.ENV, value)
        sources.reload()

    yield use
    monkeypatch.delenv(sources.ENV, raising=False)
    sources.reload()


def test_the_package_declares_the_three_sources_in_order():
    assert sources.names() == ["pacer_rss", "courtlistener", "govinfo"]
    assert [s.command for s in sources.all_sources()] == ["pacer-rss", "courtlistener", "govinfo"]
    assert sources.get("pacer-rss") is sources.get("pacer_rss")
    assert sources.find("file") is None


def test_every_declared_spider_and_parser_resolves_to_its_source():
    for source in sources.all_sources():
        spider = load_object(source.spider)
        assert spider.source == source.name, source.name
        assert importlib.import_module(source.parser).__name__ == source.parser


def test_the_crawler_budgets_are_the_declared_ones():
    from crawler import settings

    assert settings.SEALTRAIL_BUDGETS == {
        "courtlistener": {"minute": 5, "hour": 50, "day": 125},
        "govinfo": {"hour": 1000},
        "govinfo_demo": {"hour": 40},
    }


def test_an_unknown_source_is_named_with_the_known_ones():
    with pytest.raises(KeyError, match="known: pacer_rss, courtlistener, govinfo"):
        sources.get("lexis")


def test_a_source_declared_twice_is_refused(registry_env):
    registry_env("monitor.sources.govinfo")
    with pytest.raises(ValueError, match="'govinfo' is declared twice"):
        sources.names()


def test_a_bad_declaration_is_refused_when_written():
    with pytest.raises(ValueError, match="lower-case identifier"):
        sources.Source(name="Toy-Listing", label="x", spider="a.B", parser="a.b")
    with pytest.raises(ValueError, match="dotted paths"):
        sources.Source(name="toy", label="x", spider="Spider", parser="a.b")


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("monitor.sources.govinfx", "cannot import 'monitor.sources.govinfx': ModuleNotFoundError"),
        ("monitor.courts", "monitor.courts declares no SOURCE"),
        ("monitor.sources.govinfo", "'govinfo' is declared twice"),
    ],
)
def test_a_bad_sealtrail_sources_is_one_line_from_every_command(registry_env, value, said):
    """A typo in the variable used to end every command in an import-time traceback."""
    from click.testing import CliRunner

    from monitor.cli import main

    registry_env(value)
    for args in (["status", "--db", "nowhere.db"], ["crawl", "--help"], ["recheck", "--help"]):
        done = CliRunner().invoke(main, args)
        assert done.exit_code == 1, done.output
        assert done.output.startswith("Error: ") and said in done.output
        assert len(done.output.strip().splitlines()) == 1
        assert not isinstance(done.exception, sources.SourcesError)  # handled, not raised
