"""Which orders count as "giving no reason" (issue 15): the golden cases.

The reason codes name reasons for sealing, so an order "gives no reason" only when it rules on
sealing (grants, grants in part or denies a motion to seal) and its text, read, states none.
An unsealing order lifting a seal, a moot order and an order whose ruling the text does not
give are not in the count, nor in the orders read it is a share of, nor in the orders "seen
only on the docket". One rule everywhere: the canned query `orders_without_reasons`,
`feeds.figures`, the court and judge pages, the courts and judges indexes and the charts.

The store is `tests.helpers_store.build_sample_store` plus a SAMPLE court, D.N.M. (`nmd`),
written through the store's tables, whose one judge issued (read = order text read):

    1 sealing order granted,          read, no reason         counts
    2 sealing order denied,           read, no reason         counts
    3 sealing order granted in part,  read, gives `safety`    read, gives a reason
    4 unsealing order granted,        read, no reason         not a ruling on sealing
    5 sealing order moot,             read, no reason         not a ruling on sealing
    6 sealing order, outcome unknown, read, no reason         not known to seal or deny
    7 sealing order granted,          not read                seen only on the docket
    8 unsealing order granted,        not read                not counted at all
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from feeds import figures as fig
from monitor.schema import connect
from tests.helpers_store import add_sample_court_rulings, build_sample_store
from tests.served import served_get

CASE = "nmd:1:26-cv-00077"
NOW = "2026-05-01T00:00:00+00:00"
JUDGE = "Ana P. Lindqvist"
# (event_type, outcome, read, reasons_stated)
ORDERS = [
    ("sealing_order", "granted", True, 0),
    ("sealing_order", "denied", True, 0),
    ("sealing_order", "granted_in_part", True, 1),
    ("unsealing_order", "granted", True, 0),
    ("sealing_order", "moot", True, 0),
    ("sealing_order", "unknown", True, 0),
    ("sealing_order", "granted", False, None),
    ("unsealing_order", "granted", False, None),
]
SILENT = {f"{CASE}:1", f"{CASE}:2"}


def _add_court(path: Path) -> None:
    add_sample_court_rulings(
        path,
        {"id": "nmd", "name": "District of New Mexico", "short_name": "D.N.M.",
         "circuit": "ca10", "kind": "district"},
        {"id": CASE, "court_id": "nmd", "docket_number": "1:26-cv-00077",
         "case_name": "SAMPLE Rivas v. Noem", "immigration": 1, "immigration_basis": "nos:463"},
        [(f"2026-04-{number:02d}", event_type, outcome, JUDGE, read, stated)
         for number, (event_type, outcome, read, stated) in enumerate(ORDERS, start=1)],
        now=NOW,
    )  # fmt: skip


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = build_sample_store(tmp_path_factory.mktemp("no_reason") / "sealtrail.db")
    _add_court(path)
    return path


@pytest.fixture(scope="module")
def get(store):
    yield from served_get(store)


def text_of(html: str) -> str:
    html = re.sub(r"(?s)<(script|style|head|svg)\b.*?</\1>", " ", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_canned_query_lists_only_rulings_on_sealing_without_a_reason(get):
    rows = get("/sealtrail/orders_without_reasons.json?_shape=array").json()
    ours = {row["event_id"] for row in rows if row["court"] == "nmd"}
    assert ours == SILENT
    assert all(row["event_type"] == "sealing_order" for row in rows)


def test_the_figures_count_only_rulings_on_sealing(store):
    conn = connect(str(store)).conn
    figures = fig.tally(conn, "court", view="immigration_sealing_events", court="nmd")
    assert (figures.no_reason, figures.read, figures.unread) == (2, 3, 1)
    month = figures.month("2026-04")
    assert (month.no_reason, month.read) == (2, 3)
    conn.close()


def test_court_and_judge_pages_and_indexes_say_2_of_3(get):
    for path in ("/-/court/nmd", "/-/judge/ana-p-lindqvist"):
        text = text_of(get(path).text)
        assert "67% gave no reason: 2 of 3 orders on sealing whose text" in text, path
        assert "1 order was seen only on the docket" in text, path
    assert re.search(r"D\.N\.M\. nmd .* 67% \(2 of 3\)", text_of(get("/-/courts").text))
    assert "Ana P. Lindqvist nmd 8 75% (3 of 4) too few to compare 67% (2 of 3)" in text_of(
        get("/-/judges").text
    )


def test_the_charts_page_counts_the_same_orders(get):
    text = text_of(get("/-/charts").text)
    # nmd's two and the sample store's txsd 14 (read, no reason) of nmd's three and the
    # sample's two orders read; nmd 7 is the one seen only on the docket
    assert "unsealing orders are not counted (3 of 5 overall; 1 more order was seen" in text
