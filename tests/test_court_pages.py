"""Court, judge, courts, judges and charts pages (`feeds.court_pages`) served by Datasette 0.65
over a real store with known counts (SAMPLE DATA, not real records).

The store is `tests.helpers_store.build_sample_store` plus a SAMPLE court, D. Ariz. (`azd`),
written here through the store's tables:

- Judge Jane Q. Roe: sealing orders granted twice, granted in part once, denied once (3 of 4
  decided: 75 %, under the minimum of 10) and one moot; two motions to seal. Three of her
  orders were read: two give no reason, one gives `safety` (2 of 3 give no reason).
- Judge John Doe-Smith: 12 decided orders, 6 granted (over the minimum).
- Months: January and March 2026, none in February; the court has 16 decided orders, 9
  granted (9 of 16).
- One case name carries an A-number (stored as it never would be) to show the pages redact.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from feeds import figures as fig
from feeds import svg_chart
from tests.helpers_store import add_sample_court_rulings, build_sample_store
from tests.served import served_get

CASE = "azd:2:26-cv-00001"
PALETTE_BLUE = svg_chart.PALETTE[0]  # the fill of a compared bar
NOW = "2026-04-01T00:00:00+00:00"
A_NUMBER = "A123-456-789"


def _add_court(path: Path) -> None:
    events = [
        # (date, event_type, outcome, judge, document read, reasons_stated)
        ("2026-01-05", "motion_to_seal", "none", None, False, None),
        ("2026-01-06", "motion_to_seal", "none", None, False, None),
        ("2026-01-20", "sealing_order", "granted", "Jane Q. Roe", True, 0),
        ("2026-01-21", "sealing_order", "denied", "Jane Q. Roe", False, None),
        ("2026-03-02", "sealing_order", "granted", "Jane Q. Roe", True, 0),
        ("2026-03-03", "sealing_order", "granted_in_part", "Jane Q. Roe", True, 1),
        ("2026-03-04", "sealing_order", "moot", "Jane Q. Roe", False, None),
    ]
    events += [
        ("2026-03-10", "sealing_order", "granted" if i < 6 else "denied", "John Doe-Smith",
         False, None)
        for i in range(12)
    ]  # fmt: skip
    add_sample_court_rulings(
        path,
        {"id": "azd", "name": "District of Arizona", "short_name": "D. Ariz.", "circuit": "ca9",
         "kind": "district"},
        {"id": CASE, "court_id": "azd", "docket_number": "2:26-cv-00001",
         "case_name": f"SAMPLE Doe v. ICE, Alien No. {A_NUMBER}", "immigration": 1,
         "immigration_basis": "nos:463"},
        events,
        now=NOW,
    )  # fmt: skip


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = build_sample_store(tmp_path_factory.mktemp("court_pages") / "sealtrail.db")
    _add_court(path)
    return path


@pytest.fixture(scope="module")
def get(store):
    yield from served_get(store)


def text_of(html: str) -> str:
    html = re.sub(r"(?s)<(script|style|head|svg)\b.*?</\1>", " ", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def figure_of(html: str, chart_id: str) -> str:
    match = re.search(rf'(?s)<figure class="chart[^"]*" id="{chart_id}">.*?</figure>', html)
    assert match, f"no chart {chart_id}"
    return match.group(0)


# ---------------------------------------------------------------------------------- judge


def test_judge_page_grant_rate_3_of_4_with_the_under_minimum_warning(get):
    response = get("/-/judge/jane-q-roe")
    assert response.status_code == 200
    text = text_of(response.text)
    assert "Sealing before Judge Jane Q. Roe" in text
    assert "75% granted: 3 of 4 decided orders on sealing granted it in full or in part" in text
    assert "(2 granted, 1 in part, 1 denied)" in text
    assert "Too few rulings to compare: fewer than 10 decided orders" in text
    assert "1 more order was moot or did not say how it ruled" in text


def test_judge_page_share_of_orders_giving_no_reason(get):
    text = text_of(get("/-/judge/jane-q-roe").text)
    assert "67% gave no reason: 2 of 3 orders on sealing whose text" in text
    assert "Too few orders read to compare" in text
    assert "1 order was seen only on the docket" in text  # the denied one (moot: no ruling)
    assert "Safety: 1" in text


def test_judge_page_feed_autodiscovery_courts_and_latest_events(get):
    html = get("/-/judge/jane-q-roe").text
    head = html.split("</head>")[0]
    assert 'type="application/atom+xml"' in head and "/-/feeds/judge/jane-q-roe.atom" in head
    assert 'href="/-/feeds/judge/jane-q-roe.rss"' in html
    assert 'href="/-/court/azd"' in html
    assert f'href="/-/event/{CASE}:7"' in html  # the newest of hers first
    assert html.index(f"/-/event/{CASE}:7") < html.index(f"/-/event/{CASE}:3")
    assert A_NUMBER not in html  # the case name in the sentences is redacted


# ---------------------------------------------------------------------------------- court


def test_court_page_counts_by_type_and_outcome_and_the_grant_rate(get):
    response = get("/-/court/azd")
    assert response.status_code == 200
    html = response.text
    text = text_of(html)
    assert "Sealing in D. Ariz. (azd)" in text
    assert "Motion to seal 2 2" in text  # no ruling (not an order): 2, total 2
    assert "All sealing events" in text and re.search(r"All sealing events .* 19\b", text)
    assert "56% granted: 9 of 16 decided orders" in text
    assert "Too few rulings to compare" not in text  # 16 decided: over the minimum
    assert "Too few orders read to compare" in text  # 3 read
    assert A_NUMBER not in html


def test_court_page_months_with_the_empty_month_filled(get):
    html = get("/-/court/azd").text
    table = re.search(r'(?s)<table class="counts by-month">.*?</table>', html).group(0)
    rows = [text_of(row) for row in re.findall(r"(?s)<tr>.*?</tr>", table)][1:]
    assert rows == [
        "Mar 2026 15 14 8 57% 2 1 50%",  # the moot order is not decided
        "Feb 2026 0 0 0 0 0",
        "Jan 2026 4 2 1 50% 1 1 100%",
    ]


def test_court_page_chart_is_an_svg_with_its_numbers_in_a_table(get):
    html = get("/-/court/azd").text
    chart = figure_of(html, "court-events")
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in chart and 'role="img"' in chart
    assert '<title id="court-events-title">Sealing events per month in D. Ariz.</title>' in chart
    assert "<title>Mar 2026 · Order on sealing: 15</title>" in chart
    table = text_of(re.search(r'(?s)<table class="chart-data">.*?</table>', chart).group(0))
    assert "Month Motion to seal Order on sealing Total" in table
    assert "Jan 2026 2 2 4 Feb 2026 0 0 0 Mar 2026 0 15 15" in table
    rulings = figure_of(html, "court-rulings")
    assert "<title>Mar 2026 · Granted: 7</title>" in rulings  # 1 Roe + 6 Doe-Smith


def test_court_page_autodiscovery_judges_and_table_link(get):
    html = get("/-/court/azd").text
    head = html.split("</head>")[0]
    assert 'href="/-/feeds/court/azd.atom"' in head and 'href="/-/feeds/court/azd.rss"' in head
    assert 'href="/-/judge/jane-q-roe"' in html and 'href="/-/judge/john-doe-smith"' in html
    assert "immigration_sealing_events?court=azd" in html


def test_known_court_with_no_events_says_so(get):
    response = get("/-/court/wyd")  # a court the crawl follows; nothing stored
    assert response.status_code == 200
    text = text_of(response.text)
    assert "sealtrail has seen no sealing events in D. Wyo. yet" in text
    assert 'href="/-/feeds/court/wyd.atom"' in response.text
    assert get("/-/feeds/court/wyd.atom").status_code == 200  # the feed it offers answers


# ---------------------------------------------------------------------------------- indexes


def test_courts_index_lists_every_court_with_its_figures(get):
    response = get("/-/courts")
    assert response.status_code == 200
    text = text_of(response.text)
    assert re.search(r"D\. Ariz\. azd · Ninth Circuit 19 56% \(9 of 16\) 67% \(2 of 3\)", text)
    assert re.search(r"S\.D\.N\.Y\. nysd .* no decided orders", text)  # not immigration
    assert "too few to compare" in text
    for court in ("azd", "casd", "nysd", "txsd"):
        assert f'href="/-/court/{court}"' in response.text


def test_judges_index_lists_each_judge_with_counts(get):
    response = get("/-/judges")
    assert response.status_code == 200
    text = text_of(response.text)
    assert "Jane Q. Roe azd 5 75% (3 of 4) too few to compare 67% (2 of 3)" in text
    assert "John Doe-Smith azd 12 50% (6 of 12)" in text
    assert 'href="/-/judge/jane-q-roe"' in response.text
    assert 'href="/-/feeds/judge/john-doe-smith.atom"' in response.text


# ---------------------------------------------------------------------------------- charts


def test_charts_page_draws_every_chart_offline_with_tables(get):
    response = get("/-/charts")
    assert response.status_code == 200
    html = response.text
    for chart_id in (
        "events-by-type",
        "reasons-over-time",
        "grant-rate-by-court",
        "grant-rate-by-judge",
        "no-reason-by-court",
    ):
        assert chart_id in html
    assert "<script src" not in html and "cdn" not in html.lower()
    assert not re.search(r'<(link|img|script)[^>]+(href|src)="https?://', html)
    by_court = unescape(figure_of(html, "grant-rate-by-court"))
    assert "<svg" in by_court and "D. Ariz. (azd): 56% (9 of 16)" in by_court
    # txsd has one decided order: drawn after the compared courts, hatched grey, no rate
    assert "S.D. Tex. (txsd): 1 of 1 · fewer than 10 rulings" in by_court
    assert by_court.index("D. Ariz. (azd): 56%") < by_court.index("S.D. Tex. (txsd): 1 of 1")
    assert 'fill="url(#grant-rate-by-court-hatch)"' in by_court
    assert "Hatched grey bars: fewer than 10 decided orders, too few to compare" in by_court
    assert "100% (fewer than 10 rulings)" in by_court  # the table keeps the numbers
    assert "S.D. Tex. (txsd): 100%" not in by_court
    by_judge = unescape(figure_of(html, "grant-rate-by-judge"))
    assert "John Doe-Smith: 50% (6 of 12)" in by_judge
    assert "Jane Q. Roe: 3 of 4 · fewer than 10 rulings" in by_judge  # under the minimum
    assert by_judge.index("John Doe-Smith: 50%") < by_judge.index("Jane Q. Roe: 3 of 4")
    no_reason = unescape(figure_of(html, "no-reason-by-court"))  # no court has 10 read
    assert "Nothing to chart yet." not in no_reason and PALETTE_BLUE not in no_reason
    assert "D. Ariz. (azd): 2 of 3 · fewer than 10 orders read" in no_reason
    reasons = figure_of(html, "reasons-over-time")
    assert "<title>Mar 2026 · Safety: 1</title>" in reasons


# ---------------------------------------------------------------------------------- 404


@pytest.mark.parametrize(
    "path",
    [
        "/-/court/zzzz",
        "/-/court/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "/-/court/%22%27%3E%3Cscript%3E",
        "/-/court/..%2F..%2Fetc",
        "/-/court/" + "a" * 5000,
        "/-/judge/nobody-at-all",
        "/-/judge/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "/-/judge/Jane%20Q.%20Roe",
        "/-/judge/..%2Fjane-q-roe",
        "/-/judge/" + "a" * 5000,
    ],
)
def test_unknown_and_hostile_courts_and_judges_get_a_clear_404(get, path):
    response = get(path)
    assert response.status_code == 404
    html = response.text
    assert "No such" in html
    assert "<script>alert" not in html.lower() and '"><script' not in html
    assert "a" * 200 not in html  # what was asked is cut


def test_404_names_what_was_asked_escaped(get):
    html = get("/-/court/%3Cscript%3E").text
    assert "&lt;script&gt;" in html
    assert "every court" in text_of(html)


# ---------------------------------------------------------------------------------- pure parts


def test_month_range_fills_gaps_and_keeps_the_last_months():
    assert fig.month_range(["2025-11", "2026-02", "junk"]) == [
        "2025-11",
        "2025-12",
        "2026-01",
        "2026-02",
    ]
    assert fig.month_range(["2020-01", "2026-12"], limit=3) == ["2026-10", "2026-11", "2026-12"]
    assert fig.month_range([]) == []


def test_svg_chart_escapes_labels_and_refuses_odd_ids():
    chart = svg_chart.share_bars(
        "x", "T", [{"label": "<script>x</script>", "numerator": 1, "denominator": 2}]
    )
    assert "<script>" not in chart and "&lt;script&gt;" in chart
    assert "50% (1 of 2)" in chart
    with pytest.raises(ValueError):
        svg_chart.stacked_columns('x" onload="', "T", ["a"], [("s", [1])])
    assert "Nothing to chart yet." in svg_chart.stacked_columns("y", "T", ["a"], [("s", [0])])


def test_share_bars_put_too_few_rows_last_hatched_and_without_a_rate():
    rows = [
        {"label": "Small", "numerator": 2, "denominator": 2, "too_few": True},
        {"label": "Big", "numerator": 3, "denominator": 12},
    ]
    chart = unescape(svg_chart.share_bars("z", "T", rows, too_few_label="too few"))
    assert chart.index("Big: 25% (3 of 12)") < chart.index("Small: 2 of 2 · too few")
    assert "Small: 100%" not in chart and "100% (too few)" in chart  # the table: its numbers
    assert 'stroke-dasharray="4 3"' in chart  # the line between compared and too-few rows
    only_few = svg_chart.share_bars("w", "T", rows[:1])
    assert "Nothing to chart yet." not in only_few and "stroke-dasharray" not in only_few
