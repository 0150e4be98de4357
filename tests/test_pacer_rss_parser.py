"""Tests of `crawler.parsers.pacer_rss` on sample feeds written for sealtrail.

The feeds in `tests/data/pacer_rss/` are made up (each says so in an XML comment) but copy every
format detail of real PACER feeds: ISO-8859-1 declarations, CDATA titles, escaped anchors in
three escaping styles, GMT and US-zone dates, bankruptcy prefixes, appellate `docs1` links.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.parsers.errors import FeedError
from crawler.parsers.pacer_rss import (
    ITEM_KEYS,
    MAX_TEXT_CHARS,
    ParsedFeed,
    parse_description,
    parse_feed,
    parse_pubdate,
    parse_title,
)

DATA = Path(__file__).resolve().parent / "data" / "pacer_rss"


def feed(name: str, court: str) -> ParsedFeed:
    return parse_feed((DATA / name).read_bytes(), court)


def by_number(parsed: ParsedFeed) -> dict[int | None, dict]:
    return {item["entry_number"]: item for item in parsed.items}


# -- sample files ------------------------------------------------------------------------------


def test_every_sample_says_it_is_sample_data() -> None:
    files = sorted(DATA.iterdir())
    assert len(files) >= 10
    for path in files:
        head = path.read_bytes()[:1200].decode("latin-1")
        assert "<!--" in head and "sample data written for sealtrail tests" in head.lower(), path


def test_items_have_exactly_the_contract_keys() -> None:
    for name, court in [
        ("district_fulltext.xml", "casd"),
        ("district_short.xml", "nysd"),
        ("bankruptcy.xml", "nysb"),
        ("appellate.xml", "ca9"),
        ("nyed_style.xml", "nyed"),
        ("timezones.xml", "azd"),
    ]:
        parsed = feed(name, court)
        assert parsed.items, name
        for item in parsed.items:
            assert tuple(item) == ITEM_KEYS
            assert item["court"] == court
            assert json.loads(json.dumps(item)) == item


# -- district: full text -----------------------------------------------------------------------


def test_district_full_text_goes_to_text() -> None:
    parsed = feed("district_fulltext.xml", "casd")
    assert parsed.skipped == [] and parsed.problems == []
    assert parsed.entry_types == "Docket entries of type: all"
    motion, order, minute = parsed.items
    assert motion == {
        "court": "casd",
        "docket_number": "3:25-cv-01412",
        "case_name": "Peña-Ramírez v. Noem et al",  # ISO-8859-1 bytes decoded
        "pacer_case_id": "801234",
        "entry_number": 12,
        "short_description": "Motion to Seal",
        "text": "MOTION to Seal Exhibits B and C to the Declaration of Officer Doe by "
        "Respondents Kristi Noem, Warden. (Attachments: # 1 Proposed Order)(Sample, Alex)",
        "document_url": "https://ecf.casd.uscourts.gov/doc1/035124470711?caseid=801234"
        "&de_seq_num=41",
        "published": "2025-11-18T22:31:07+00:00",
        "guid": "https://ecf.casd.uscourts.gov/cgi-bin/DktRpt.pl?801234&41",
        "case_url": "https://ecf.casd.uscourts.gov/cgi-bin/DktRpt.pl?801234",
    }
    # brackets inside the full text ("[12] Motion") are text, not another event
    assert order["short_description"] == "Order on Motion to Seal"
    assert order["text"].startswith("ORDER Granting [12] Motion to Seal.")
    assert order["entry_number"] == 14
    # judge initials and defendant number dropped, like juriscraper
    assert minute["docket_number"] == "3:25-cr-00977"
    assert minute["entry_number"] is None and minute["document_url"] is None
    assert minute["text"].startswith("MINUTE ENTRY for proceedings")


# -- district: short names only, multi-event, unnumbered, skipped ------------------------------


def test_district_short_only() -> None:
    parsed = feed("district_short.xml", "nysd")
    first = parsed.items[0]
    assert first["text"] == ""
    assert first["case_name"] == "Sample Petitioner v. Director, New York Field Office et al"
    assert parsed.entry_types == "Docket entries of type: motion,notice,order,order-cr"


def test_multi_event_items_merge_into_one_entry() -> None:
    """Two items, same case/time/link/guid, one event each: one docket entry."""
    parsed = feed("district_short.xml", "nysd")
    entries = [i for i in parsed.items if i["docket_number"] == "1:25-cv-08812"]
    assert len(entries) == 1
    assert entries[0]["entry_number"] == 9
    assert entries[0]["short_description"] == "Letter AND Letter Motion to Seal"


def test_several_names_in_one_item() -> None:
    parsed = feed("district_short.xml", "nysd")
    entries = {i["entry_number"]: i for i in parsed.items if i["docket_number"] == "7:24-cv-03301"}
    # two names sharing one link: one entry with both events
    assert entries[31]["short_description"] == "Order AND ~Util - Set Deadlines"
    # two names each with its own link: two entries
    assert entries[32]["short_description"] == "Sealed Document"
    assert entries[33]["short_description"] == "Redacted Document"
    assert entries[33]["document_url"].endswith("caseid=640777&de_seq_num=91")
    assert entries[32]["guid"] == entries[33]["guid"]


def test_unnumbered_entry() -> None:
    parsed = feed("district_short.xml", "nysd")
    (entry,) = [i for i in parsed.items if i["docket_number"] == "1:25-mj-04410"]
    assert entry["entry_number"] is None
    assert entry["document_url"] is None
    assert entry["short_description"] == "Rule 5(c)(3) - Documents Sent"
    assert entry["pacer_case_id"] == "650222"  # from the docket link


def test_items_without_essentials_are_skipped_with_reasons() -> None:
    parsed = feed("district_short.xml", "nysd")
    assert len(parsed.items) == 5
    assert len(parsed.skipped) == 2
    bad_number, no_date = parsed.skipped
    assert "item 6" in bad_number and "5:25-~gr-00002" in bad_number
    assert "item 7" in no_date and "pubDate" in no_date
    assert "1:25-cv-09001" not in {i["docket_number"] for i in parsed.items}


# -- bankruptcy --------------------------------------------------------------------------------


def test_bankruptcy_prefix() -> None:
    parsed = feed("bankruptcy.xml", "nysb")
    assert parsed.skipped == []
    seal, notice, adversary, untitled = parsed.items
    assert seal["docket_number"] == "25-10992"
    assert seal["case_name"] == "Example Energy Partners LP, et al.,"  # trailing pad removed
    assert seal["short_description"] == "Motion to File Under Seal"
    assert seal["entry_number"] == 537
    assert seal["document_url"] == (
        "https://ecf.nysb.uscourts.gov/doc1/126028830418?pdf_header=&de_seq_num=1739&caseid=295812"
    )
    # the trustee prefix (escaped twice: O&#039;Example) never leaks into the event name
    assert notice["short_description"] == "Notice, Adjournment of Hearing"
    assert notice["docket_number"] == "25-22414"
    assert adversary["entry_number"] is None and adversary["short_description"] == (
        "Close Adversary Case"
    )
    assert adversary["guid"] == "https://ecf.nysb.uscourts.gov/cgi-bin/DktRpt.pl?301557-19"
    assert untitled["case_name"] == "" and untitled["docket_number"] == "25-90003"


# -- appellate ---------------------------------------------------------------------------------


def test_appellate_feed() -> None:
    parsed = feed("appellate.xml", "ca9")
    assert parsed.skipped == []
    clerk, motion, ruling = parsed.items
    assert clerk["docket_number"] == "25-1234"
    assert clerk["entry_number"] is None  # link text "Document"
    assert clerk["document_url"] == "https://ecf.ca9.uscourts.gov/docs1/009010807970"
    assert clerk["short_description"] == "Order Filed (CLERK)"
    assert clerk["pacer_case_id"] is None
    assert clerk["published"] == "2025-11-19T09:05:16-08:00"  # PST
    assert clerk["case_url"].endswith("DocketReportFilter.jsp&caseNum=25-1234")
    assert clerk["guid"].endswith("caseNum=25-1234&partId=10974397")
    assert motion["entry_number"] == 23
    assert motion["published"] == "2025-07-08T16:35:19-07:00"  # PDT
    assert motion["case_name"] == "Example Food & Water Coalition v. FERC, et al"
    assert ruling["short_description"] == "ruling" and ruling["document_url"] is None


# -- E.D.N.Y. shape ----------------------------------------------------------------------------


def test_nyed_case_name_after_event_is_not_text() -> None:
    parsed = feed("nyed_style.xml", "nyed")
    assert [i["text"] for i in parsed.items] == ["", ""]
    merged, linked = parsed.items
    assert merged["short_description"] == "Order on Motion to Seal AND Order(Other)"
    assert merged["entry_number"] is None
    assert linked["entry_number"] == 22  # link at the end, after the case name
    assert linked["document_url"].endswith("show_case_doc?22,594431,,,")
    assert linked["docket_number"] == "2:25-cr-00022"


# -- what is not a feed ------------------------------------------------------------------------


def test_html_error_page_is_not_rss() -> None:
    with pytest.raises(FeedError) as caught:
        feed("error.html", "casd")
    assert caught.value.kind == "not_rss"
    # the page's title is the server's text: kept for DEBUG logs, never in the message
    assert "CM/ECF - Login" in caught.value.sample
    assert "CM/ECF" not in str(caught.value) and str(caught.value) == "body is an HTML page"


@pytest.mark.parametrize("body", [b"", b"   \r\n\t ", "", "\n"])
def test_empty_body(body: bytes | str) -> None:
    with pytest.raises(FeedError) as caught:
        parse_feed(body, "casd")
    assert caught.value.kind == "empty"


@pytest.mark.parametrize(
    "body",
    [
        b'{"error": "Service Unavailable"}',
        b"Service Unavailable",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title/></feed>',
        b"<html><head><title>Error</title></head><body>500</body></html>",
    ],
    ids=["json", "text", "binary", "atom", "html-no-doctype"],
)
def test_other_bodies_are_not_rss(body: bytes) -> None:
    with pytest.raises(FeedError) as caught:
        parse_feed(body, "casd")
    assert caught.value.kind == "not_rss"
    assert isinstance(caught.value, ValueError)


def test_valid_feed_with_no_items_is_not_an_error() -> None:
    body = (
        b'<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel>'
        b"<title>Quiet Court</title><description>Docket entries of type: all</description>"
        b"</channel></rss>"
    )
    parsed = parse_feed(body, "vtd")
    assert parsed.items == [] and parsed.skipped == []
    assert parsed.entry_types == "Docket entries of type: all"


# -- broken XML --------------------------------------------------------------------------------


def test_truncated_feed_keeps_complete_items_and_reports_the_loss() -> None:
    parsed = feed("truncated.xml", "casd")
    assert [i["entry_number"] for i in parsed.items] == [12, 1]
    assert len(parsed.skipped) == 2
    assert "item 3" in parsed.skipped[0] and "incomplete" in parsed.skipped[0]
    assert "truncated" in parsed.skipped[1]
    assert any("truncated" in p for p in parsed.problems)


def test_truncated_inside_the_first_item_is_malformed() -> None:
    body = (DATA / "truncated.xml").read_bytes()
    cut = body[: body.index(b"<item>") + 50]
    with pytest.raises(FeedError) as caught:
        parse_feed(cut, "casd")
    assert caught.value.kind == "malformed"


def test_only_an_xml_declaration_is_malformed() -> None:
    with pytest.raises(FeedError) as caught:
        parse_feed(b'<?xml version="1.0" encoding="ISO-8859-1"?>\n', "casd")
    assert caught.value.kind == "malformed"


@pytest.mark.parametrize("glitch", [b"Sample &nbsp;Petitioner", b"Sample & Petitioner"])
def test_local_xml_glitch_loses_nothing(glitch: bytes) -> None:
    body = (DATA / "district_short.xml").read_bytes().replace(b"Sample Petitioner", glitch)
    parsed = parse_feed(body, "nysd")
    assert len(parsed.items) == 5
    assert len(parsed.skipped) == 2  # only the two bad items of the file itself
    assert any("recover mode" in p for p in parsed.problems)


def test_control_characters_are_dropped() -> None:
    body = (
        (DATA / "district_short.xml")
        .read_bytes()
        .replace(b"Sample Petitioner", b"Sample\x00 Petit\x07ioner")
    )
    parsed = parse_feed(body, "nysd")
    assert parsed.items[0]["case_name"].startswith("Sample Petitioner v.")
    assert any("control character" in p for p in parsed.problems)


# -- encodings ---------------------------------------------------------------------------------


def test_declared_utf8_but_bytes_are_windows_1252() -> None:
    parsed = feed("declared_utf8_bytes_cp1252.xml", "flsd")
    assert [i["case_name"] for i in parsed.items] == [
        "Peña v. Sample Detention Center",
        "O\u2019Example v. Bondi",
    ]
    assert parsed.skipped == []
    assert any("Windows-1252" in p for p in parsed.problems)


def test_declared_latin1_but_bytes_are_utf8() -> None:
    parsed = feed("declared_latin1_bytes_utf8.xml", "txsd")
    names = [i["case_name"] for i in parsed.items]
    assert names[0].startswith("Gutiérrez Flores v.")  # not "GutiÃ©rrez"
    assert names[1] == "Núñez v. Noem et al"
    assert any("UTF-8" in p for p in parsed.problems)


def test_str_input_equals_bytes_input() -> None:
    raw = (DATA / "district_fulltext.xml").read_bytes()
    from_str = parse_feed(raw.decode("iso-8859-1"), "casd")
    assert from_str.items == parse_feed(raw, "casd").items
    assert from_str.items[0]["case_name"] == "Peña-Ramírez v. Noem et al"


def test_utf16_with_bom() -> None:
    raw = (DATA / "district_fulltext.xml").read_bytes().decode("iso-8859-1")
    body = raw.replace("ISO-8859-1", "UTF-16").encode("utf-16")
    assert parse_feed(body, "casd").items == feed("district_fulltext.xml", "casd").items


# -- time zones --------------------------------------------------------------------------------


def test_time_zones() -> None:
    parsed = feed("timezones.xml", "azd")
    published = {i["short_description"]: i["published"] for i in parsed.items}
    assert published == {
        "Notice (GMT)": "2025-11-18T22:31:07+00:00",
        "Notice (EST)": "2025-11-18T17:31:07-05:00",
        "Notice (EDT)": "2025-07-08T18:31:07-04:00",
        "Notice (CST)": "2025-11-18T16:31:07-06:00",
        "Notice (CDT)": "2025-07-08T17:31:07-05:00",
        "Notice (MST)": "2025-11-18T15:31:07-07:00",
        "Notice (MDT)": "2025-07-08T16:31:07-06:00",
        "Notice (PST)": "2025-11-18T14:31:07-08:00",
        "Notice (PDT)": "2025-07-08T15:31:07-07:00",
        "Notice (AKST)": "2025-11-18T13:31:07-09:00",
        "Notice (HST)": "2025-11-18T12:31:07-10:00",
        "Notice (AST)": "2025-11-18T18:31:07-04:00",
        "Notice (ChST)": "2025-11-19T08:31:07+10:00",
        "Notice (numeric)": "2025-11-18T17:31:07-05:00",
    }
    assert len(parsed.skipped) == 3
    assert all("unreadable pubDate" in reason for reason in parsed.skipped)
    assert "XYZ" in parsed.skipped[0]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Tue, 22 May 2018 22:10:04 GMT", "2018-05-22T22:10:04+00:00"),
        ("22 May 2018 22:10 GMT", "2018-05-22T22:10:00+00:00"),
        ("  Fri, 03 Feb 2023 09:05:16 MST\n", "2023-02-03T09:05:16-07:00"),
        ("Fri, 03 Feb 2023 09:05:16 -05:00", "2023-02-03T09:05:16-05:00"),
        ("2023-02-03T09:05:16-07:00", "2023-02-03T09:05:16-07:00"),
        ("Fri, 03 Feb 2023 09:05:16", None),
        ("Fri, 03 Feb 2023 09:05:16 BST", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_parse_pubdate(value: str, expected: str | None) -> None:
    assert parse_pubdate(value) == expected


# -- docket numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "court", "docket_number", "case_name"),
    [
        (
            "1:17-cr-00554-MKB USA v. Shargorodskaya",
            "nyed",
            "1:17-cr-00554",
            "USA v. Shargorodskaya",
        ),
        ("1:12-cv-04402-PKC-CLP Joseph v. Brooklyn", "nyed", "1:12-cv-04402", "Joseph v. Brooklyn"),
        ("3:20-cr-00070-TKW-MAL-1 USA v. Doe", "flnd", "3:20-cr-00070", "USA v. Doe"),
        ("16-10992-smb SunEdison, Inc.   ", "nysb", "16-10992", "SunEdison, Inc."),
        ("18-00079 Dozier v. CN\n   ", "mdb", "18-00079", "Dozier v. CN"),
        ("2:18-bk-12345-ABC In re Doe", "cacb", "2:18-bk-12345", "In re Doe"),
        ("19-8054 United States v. Kahn", "ca10", "19-8054", "United States v. Kahn"),
        ("22-1214 Food &amp; Water Watch v. FERC", "cadc", "22-1214", "Food & Water Watch v. FERC"),
        ("5:18-~gr-00001 ", "wvsd", None, ""),
        ("Sealed v. Sealed", "casd", None, "v. Sealed"),
        ("19-8054 Kahn", "casd", None, "Kahn"),
    ],
)
def test_parse_title(title: str, court: str, docket_number: str | None, case_name: str) -> None:
    assert parse_title(title, court) == (docket_number, case_name)


# -- descriptions ------------------------------------------------------------------------------


def test_description_without_brackets_is_all_text() -> None:
    (event,) = parse_description("NOTICE of Appearance by A. Lawyer on behalf of Respondents.")
    assert event.names == [] and event.text.startswith("NOTICE of Appearance")


def test_unescaped_html_in_description_still_parses() -> None:
    """A court that forgets to escape its anchor: the <a> becomes a child element."""
    body = (
        b'<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><item>'
        b"<title>1:25-cv-00001-AB Example v. Sample</title>"
        b"<link>https://ecf.vtd.uscourts.gov/cgi-bin/DktRpt.pl?1234</link>"
        b'<description>[Motion to Seal] (<a href="https://ecf.vtd.uscourts.gov/doc1/'
        b'1?caseid=1234&amp;de_seq_num=5">3</a>)</description>'
        b"<guid>https://ecf.vtd.uscourts.gov/cgi-bin/DktRpt.pl?1234&amp;5</guid>"
        b"<pubDate>Tue, 18 Nov 2025 22:31:07 EST</pubDate></item></channel></rss>"
    )
    (item,) = parse_feed(body, "vtd").items
    assert item["entry_number"] == 3
    assert item["document_url"] == "https://ecf.vtd.uscourts.gov/doc1/1?caseid=1234&de_seq_num=5"
    assert item["text"] == ""


def test_entity_like_query_parameters_stay_intact() -> None:
    """`&region=` must not become `®ion=` (html.unescape would do that)."""
    (event,) = parse_description(
        "[Order] (<a href='https://ecf.x.uscourts.gov/doc1/9?caseid=1&region=2&amp;x=3'>4</a>)"
    )
    assert event.document_url == "https://ecf.x.uscourts.gov/doc1/9?caseid=1&region=2&x=3"


def test_item_with_no_event_is_skipped() -> None:
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><item>'
        b"<title>1:25-cv-00001 Example v. Sample</title><description>  </description>"
        b"<pubDate>Tue, 18 Nov 2025 22:31:07 GMT</pubDate></item></channel></rss>"
    )
    parsed = parse_feed(body, "vtd")
    assert parsed.items == []
    assert parsed.skipped == [
        "item 1 (1:25-cv-00001 Example v. Sample): no event in the description"
    ]


# -- huge text ---------------------------------------------------------------------------------


@pytest.mark.parametrize("words", [200_000, 2_500_000], ids=["1MB", "12MB-over-libxml2-limit"])
def test_huge_text_is_cut_not_fatal(words: int) -> None:
    body = (DATA / "district_fulltext.xml").read_bytes()
    at = body.index(b"(Sample, Alex)")
    body = body[:at] + b"word " * words + body[at:]
    parsed = parse_feed(body, "casd")
    assert len(parsed.items) == 3
    assert len(parsed.items[0]["text"]) == MAX_TEXT_CHARS
    assert parsed.items[1]["text"].startswith("ORDER Granting")
    assert any("cut to" in p for p in parsed.problems)


# -- errors module -----------------------------------------------------------------------------


def test_feed_error_kinds() -> None:
    err = FeedError("malformed", "broken")
    assert isinstance(err, ValueError) and err.kind == "malformed" and str(err) == "broken"
    with pytest.raises(ValueError, match="unknown FeedError kind"):
        FeedError("timeout", "x")  # type: ignore[arg-type]


# -- one bad item costs only itself (issue 13) --------------------------------------------------


def _with_description(body: bytes, old: bytes, new: bytes) -> bytes:
    assert body.count(old) == 1
    return body.replace(old, new)


FULLTEXT = (DATA / "district_fulltext.xml").read_bytes()
FIRST_LINK = b"[Motion to Seal] (&#x3C;a href="


def test_unclosed_bracket_reads_the_name_up_to_its_link() -> None:
    """`[Motion to Seal (<a ...>12</a>)`: the `]` is missing; this raised IndexError and lost
    the court's whole feed."""
    body = _with_description(FULLTEXT, FIRST_LINK, b"[Motion to Seal (&#x3C;a href=")
    parsed = parse_feed(body, "casd")
    assert parsed.skipped == [] and len(parsed.items) == 3
    motion = parsed.items[0]
    assert motion["short_description"] == "Motion to Seal" and motion["entry_number"] == 12
    assert motion["document_url"].endswith("caseid=801234&de_seq_num=41")
    assert motion["text"].startswith("MOTION to Seal Exhibits B and C")


@pytest.mark.parametrize(
    "desc, names, text",
    [
        ("[Motion to Seal by USA", [], "[Motion to Seal by USA"),
        ("[", [], "["),
        ("Type: bk Office: 1 Chapter: 11 [Motion", [], "Type: bk Office: 1 Chapter: 11 [Motion"),
        ("[Motion] [Letter (<a href='u'>4</a>) x", ["Motion", "Letter"], "x"),
    ],
)
def test_unclosed_brackets_never_raise(desc: str, names: list[str], text: str) -> None:
    (event,) = parse_description(desc)
    assert (event.names, event.text) == (names, text)


@pytest.mark.parametrize("ref", [b"&#xD800;", b"&#55296;", b"&#xDFFF;", b"&#0;", b"&#x110000;"])
def test_forbidden_character_reference_becomes_replacement_character(ref: bytes) -> None:
    """A lone surrogate reference made lxml raise UnicodeDecodeError (the feed was lost)."""
    body = FULLTEXT.replace(b"(Sample, Alex)", b"(Sample, " + ref + b"Alex)")
    parsed = parse_feed(body, "casd")
    assert parsed.skipped == [] and len(parsed.items) == 3
    assert parsed.items[0]["text"].endswith("(Sample, \ufffdAlex)")
    assert any("U+FFFD" in p and "surrogate" in p for p in parsed.problems)
    json.dumps(parsed.items).encode("utf-8")


BILLION_LAUGHS = (
    b'<!DOCTYPE rss [\n <!ENTITY lol "lol">\n'
    + b"".join(
        b' <!ENTITY lol%d "%s">\n' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
        for n in range(1, 10)
    )
    + b"]>\n"
)


def _with_doctype(body: bytes, doctype: bytes) -> bytes:
    root = body.index(b"<rss")
    return body[:root] + doctype + body[root:]


def test_billion_laughs_costs_only_the_items_that_use_it() -> None:
    """libxml2 refused the whole feed ("Maximum entity amplification factor exceeded"): the
    harmless items of the same feed were lost with it."""
    body = _with_doctype(FULLTEXT, BILLION_LAUGHS).replace(b"(Sample, Alex)", b"&lol9;")
    parsed = parse_feed(body, "casd")
    assert [i["entry_number"] for i in parsed.items] == [14, None]
    assert parsed.items[0]["text"].startswith("ORDER Granting [12] Motion to Seal.")
    (reason,) = parsed.skipped
    assert reason.startswith("item 1 (3:25-cv-01412-JO-DEB") and "&lol9;" in reason
    assert any("DOCTYPE" in p and "lol9" not in p for p in parsed.problems)
    assert all(len(i["text"]) < 1000 for i in parsed.items)


def test_doctype_that_is_never_used_costs_nothing() -> None:
    parsed = parse_feed(_with_doctype(FULLTEXT, BILLION_LAUGHS), "casd")
    assert len(parsed.items) == 3 and parsed.skipped == []
    assert parsed.items == parse_feed(FULLTEXT, "casd").items


def test_external_entities_are_never_fetched(tmp_path: Path) -> None:
    """XXE: a file and a loopback URL named in the DOCTYPE are neither read nor requested."""
    from tests.loopback import LoopbackServer, Reply

    secret = tmp_path / "secret.txt"
    secret.write_text("SAMPLE-SECRET-7f3a")
    with LoopbackServer() as server:
        server.route("/evil.dtd", Reply(200, b'<!ENTITY leak "SAMPLE-LEAK-91c2">'))
        doctype = (
            f'<!DOCTYPE rss SYSTEM "{server.url("/rss.dtd")}" [\n'
            f' <!ENTITY file SYSTEM "file://{secret}">\n'
            f' <!ENTITY % remote SYSTEM "{server.url("/evil.dtd")}">\n %remote;\n]>\n'
        ).encode()
        body = _with_doctype(FULLTEXT, doctype)
        body = body.replace(b"(Sample, Alex)", b"&file; &leak;")
        parsed = parse_feed(body, "casd")
        assert server.requests == []
    shown = json.dumps([parsed.items, parsed.skipped, parsed.problems])
    assert "SAMPLE-SECRET" not in shown and "SAMPLE-LEAK" not in shown
    assert len(parsed.items) == 2 and "&file;" in parsed.skipped[0]


def test_broken_item_no_longer_loses_the_items_after_it() -> None:
    """An unclosed comment in one item swallowed every later item in recover mode."""
    body = FULLTEXT.replace(b"MOTION to Seal Exhibits", b"MOTION <!-- to Seal Exhibits")
    parsed = parse_feed(body, "casd")
    assert [i["entry_number"] for i in parsed.items] == [14, None]
    (reason,) = parsed.skipped
    assert reason.startswith("item 1 (") and "damaged" in reason
    assert "comment not finished" in reason


def test_cdata_left_open_cannot_swallow_the_next_item() -> None:
    """A title whose CDATA section never ends ran on into the next item's title: the XML
    stayed well-formed and the first item came out with the second one's link, text and
    date, the second one lost (found by the property tests)."""
    body = FULLTEXT.replace(b"Noem et al]]></title>", b"Noem et al</title>", 1)
    parsed = parse_feed(body, "casd")
    assert [i["entry_number"] for i in parsed.items] == [14, None]
    assert parsed.items == parse_feed(FULLTEXT, "casd").items[1:]
    (reason,) = parsed.skipped
    assert reason.startswith("item 1") and "damaged" in reason and "cdata not finished" in reason


@pytest.mark.parametrize("digits", [30, 5000])
def test_absurd_entry_number_is_no_number(digits: int) -> None:
    """5,000 digits made int() raise (feed lost); 30 digits made SQLite refuse the batch."""
    body = FULLTEXT.replace(
        b"&#x3E;12&#x3C;/a&#x3E;", b"&#x3E;" + b"9" * digits + b"&#x3C;/a&#x3E;"
    )
    parsed = parse_feed(body, "casd")
    assert len(parsed.items) == 3 and parsed.items[0]["entry_number"] is None


def test_item_whose_reading_raises_is_skipped_with_a_reason(monkeypatch, caplog) -> None:
    """Whatever goes wrong inside one item (here an error injected into the description
    reader for one item) skips that item with a reason naming it and the error type."""
    import crawler.parsers.pacer_rss as module

    real = module.parse_description

    def failing(desc: str):
        if "Order on Motion to Seal" in desc:
            raise RecursionError("maximum recursion depth exceeded (injected)")
        return real(desc)

    monkeypatch.setattr(module, "parse_description", failing)
    parsed = parse_feed(FULLTEXT, "casd")
    assert [i["entry_number"] for i in parsed.items] == [12, None]
    (reason,) = parsed.skipped
    assert reason.startswith("item 2 (3:25-cv-01412-JO-DEB Peña-Ramírez v. Noem et al)")
    assert "RecursionError" in reason
    assert "RecursionError" in caplog.text  # the traceback is logged, not hidden


def test_body_of_broken_items_is_read_within_bounds() -> None:
    """Broken items are parsed one by one at most MAX_RECORDS_ALONE times per feed; the rest
    are reported unread (a body of nothing but `<item>` cost minutes and gigabytes)."""
    from crawler.parsers.xmlsafe import MAX_RECORDS_ALONE

    good = FULLTEXT[FULLTEXT.index(b"<item>") : FULLTEXT.index(b"</item>") + len(b"</item>")]
    head = FULLTEXT[: FULLTEXT.index(b"<item>")]
    broken = b"<item><title>3:25-cv-00001 Sample v. Sample</title>" * (MAX_RECORDS_ALONE + 500)
    parsed = parse_feed(head + good + broken + b"</channel></rss>", "casd")
    assert [i["entry_number"] for i in parsed.items] == [12]
    unread = [r for r in parsed.skipped if "not read: more than" in r]
    incomplete = [r for r in parsed.skipped if "incomplete" in r]
    assert len(unread) == 501 and len(incomplete) == MAX_RECORDS_ALONE - 1
    with pytest.raises(FeedError) as caught:
        parse_feed(head + b"<item>" * 20_000, "casd")
    assert caught.value.kind == "malformed"


def _parse_with_cpu_limit(body: bytes, court: str, tmp_path: Path, cpu_seconds: int = 20) -> dict:
    """`parse_feed` in a child process the kernel stops after `cpu_seconds` of CPU time (a
    bound, not a measurement: CPU time does not grow when the machine is busy)."""
    import subprocess
    import sys

    feed = tmp_path / "feed.xml"
    feed.write_bytes(body)
    script = (
        "import json, resource, sys\n"
        f"resource.setrlimit(resource.RLIMIT_CPU, ({cpu_seconds}, {cpu_seconds}))\n"
        "from crawler.parsers.pacer_rss import parse_feed\n"
        "parsed = parse_feed(open(sys.argv[1], 'rb').read(), sys.argv[2])\n"
        "print(json.dumps({'items': parsed.items, 'skipped': parsed.skipped}))\n"
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", script, str(feed), court],
        capture_output=True,
        cwd=root,
        timeout=600,
    )
    assert done.returncode == 0, f"stopped (CPU limit?): {done.returncode} {done.stderr[-500:]}"
    return json.loads(done.stdout)


def test_text_of_many_unclosed_tags_is_read(tmp_path: Path) -> None:
    """`<` repeated at the end of a description (`&lt;` in the XML): the tag pattern scanned to
    the end of the text from each one, so 400,000 of them took many minutes of CPU (quadratic)
    and held up every other court."""
    body = FULLTEXT.replace(b"(Sample, Alex)", b"&lt;" * 400_000)
    parsed = _parse_with_cpu_limit(body, "casd", tmp_path)
    assert len(parsed["items"]) == 3
    assert parsed["items"][0]["text"].endswith("<" * 1000)
    assert len(parsed["items"][0]["text"]) == MAX_TEXT_CHARS


@pytest.mark.parametrize("pad", range(40, 90, 3))
def test_a_skip_reason_never_keeps_part_of_an_identifier_its_cut_split(pad: int) -> None:
    """Skip reasons quote the item's title, cut to 80 characters, and are published in
    crawl_runs.detail: cut before redaction, a number split by the cut kept up to six of its
    digits, too few for the store's redaction to recognise."""
    start = FULLTEXT.index(b"<title>", FULLTEXT.index(b"<item>")) + len(b"<title>")
    end = FULLTEXT.index(b"</title>", start)
    title = f"SAMPLE-not-a-docket {'x' * pad} Alien No. 099-123-456 (SAMPLE) v. Noem".encode()
    parsed = parse_feed(FULLTEXT[:start] + title + FULLTEXT[end:], "casd")
    (reason,) = [r for r in parsed.skipped if "unrecognised docket number" in r]
    assert "099" not in reason and "123-4" not in reason and "-456" not in reason, reason
