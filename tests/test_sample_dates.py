"""`monitor.sample_dates`: the demo's SAMPLE dates move to the day it runs, formats unchanged."""

from __future__ import annotations

from datetime import UTC, datetime

from monitor.demo import COURTLISTENER_FEED, GOVINFO_DIR, SAMPLE_DIR
from monitor.sample_dates import SAMPLE_NOW, DateShift, shift_bytes, shift_text

# Monday 7 December 2026, 13:05 in New York: 15 days 14:05 after the sample's evening.
SHIFT = DateShift.until(datetime(2026, 12, 7, 18, 5, tzinfo=UTC))


def test_the_sample_evening_becomes_now():
    assert SHIFT.moment(SAMPLE_NOW) == datetime(2026, 12, 7, 18, 5, tzinfo=UTC)
    assert SHIFT.days == 16  # Sat 21 Nov (New York) -> Mon 7 Dec


def test_each_format_moves_and_keeps_its_shape():
    cases = {
        "<pubDate>Sun, 22 Nov 2026 02:51:19 GMT</pubDate>": (
            "<pubDate>Mon, 07 Dec 2026 16:56:19 GMT</pubDate>"
        ),
        "(Entered: 11/21/2026)": "(Entered: 12/07/2026)",
        "Signed by Judge X on 3/9/2026.": "Signed by Judge X on 3/25/2026.",
        "Responses due by 12/4/2026.": "Responses due by 12/20/2026.",
        "Document 9 Filed 09/01/26 PageID.97": "Document 9 Filed 09/17/26 PageID.97",
        "<published>2026-11-21T00:00:00-08:00</published>": (
            "<published>2026-12-07T00:00:00-08:00</published>"
        ),
        '"lastModified":"2026-11-22T03:12:55Z"': '"lastModified":"2026-12-07T17:17:55Z"',
        "<dateIssued>2026-04-14</dateIssued>": "<dateIssued>2026-04-30</dateIssued>",
        "Dated: November 21, 2026": "Dated: December 7, 2026",
    }
    for before, after in cases.items():
        assert shift_text(before, SHIFT) == after


def test_ids_and_case_numbers_are_not_dates():
    text = "USCOURTS-casd-3_25-cv-02210-5 3:26-cv-01877-JO-DEB doc1/035125500916 PageID.244"
    assert shift_text(text, SHIFT) == text


def test_every_sample_file_keeps_its_bytes_outside_dates():
    same_day = DateShift.until(SAMPLE_NOW)
    assert (same_day.days, same_day.delta.total_seconds()) == (0, 0)
    for path in [*SAMPLE_DIR.glob("*.xml"), *GOVINFO_DIR.glob("*.*"), COURTLISTENER_FEED]:
        body = path.read_bytes()
        assert shift_bytes(body, same_day) == body, path
        if path.suffix != ".md":  # every data file has dates that move
            assert shift_bytes(body, SHIFT) != body, path
