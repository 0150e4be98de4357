"""Property tests: in every parser, one damaged record costs only itself.

Real-shaped SAMPLE documents are built here: PACER RSS feeds in the district (full docket text,
CDATA titles), bankruptcy (`Type: bk Office: .. Chapter: ..` prefix) and appellate (`docs1`
links with single quotes, `Document` anchors) shapes; a GovInfo package MODS record with several
granules; a CourtListener Atom search feed and a REST v4 search page with several results. All
cases, names, numbers and links in them are invented.

Hypothesis picks one record and damages it: bytes deleted, inserted or replaced; markup, tags,
attributes, brackets, entity references (also with a billion-laughs or XXE DOCTYPE put in the
prolog), lone surrogates and other forbidden character references, control characters and
invalid UTF-8 injected; the body cut inside it. Each test asserts that no exception other than
`FeedError` leaves the parser, that every record it returns can be stored (valid UTF-8, numbers
SQLite can hold), and that every record that was not touched comes out exactly as it does from
the intact document (records before the cut, when the body is cut).

Runs are deterministic (`derandomize=True`, no example database) and bounded; the profile
`sealtrail-dev` (HYPOTHESIS_PROFILE=sealtrail-dev) runs more, random examples. Regressions
Hypothesis found are kept as explicit `@example`s.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from crawler.parsers.courtlistener import parse_atom_search, parse_search_json
from crawler.parsers.errors import FeedError
from crawler.parsers.govinfo import case_record, entry_records, parse_mods
from crawler.parsers.pacer_rss import parse_feed

settings.register_profile(
    "sealtrail-ci",
    derandomize=True,
    database=None,
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "sealtrail-dev",
    database=None,
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "sealtrail-ci"))

SAMPLE = (
    "<!-- SAMPLE data written for sealtrail's property tests; nothing here is a real record -->"
)

# ------------------------------------------------------------------------ SAMPLE documents


@dataclass(frozen=True)
class Doc:
    """A document and the byte spans of its records (start, end), in order."""

    body: bytes
    spans: tuple[tuple[int, int], ...]


def _assemble(head: str, records: list[str], tail: str, encoding: str = "utf-8") -> Doc:
    body, spans = head.encode(encoding), []
    for record in records:
        data = record.encode(encoding)
        spans.append((len(body), len(body) + len(data)))
        body += data + b"\n"
    return Doc(body + tail.encode(encoding), tuple(spans))


def _rss_head(court: str, name: str) -> str:
    return (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n'
        f"{SAMPLE}\n"
        '<rss version="2.0" xmlns:blogChannel="http://backend.userland.com/blogChannelModule">\n'
        f"<channel>\n<title>{name} - Recent Entries</title>\n"
        f"<link>https://ecf.{court}.uscourts.gov</link>\n"
        "<description>Docket entries of type: all</description>\n"
        "<lastBuildDate>Thu, 19 Nov 2026 18:22:08 GMT</lastBuildDate>\n"
    )


def district_feed(count: int = 4) -> Doc:
    names = ["Alfa", "Bravo", "Charlie", "Delta"]
    events = [
        ("Motion to Seal", "MOTION to Seal Exhibits B and C by Respondents."),
        ("Order on Motion to Seal", "ORDER Granting [12] Motion to Seal. Signed by Judge Sample."),
        ("Petition for Writ of Habeas Corpus (2241)", "PETITION for Writ of Habeas Corpus."),
        ("Notice of Appearance", "NOTICE of Appearance by Sam Counsel on behalf of Petitioner."),
    ]
    items = []
    for i in range(count):
        name, (short, text) = f"{names[i % 4]} {i}", events[i % 4]
        caseid, number = 801230 + 17 * i, 12 + 9 * i
        ecf = "https://ecf.casd.uscourts.gov"
        items.append(
            "<item>\n"
            f"<title><![CDATA[3:26-cv-0{4101 + 37 * i}-JLS-BLM Sample Petitioner {name} v. Noem "
            "et al]]></title>\n"
            f"<link>{ecf}/cgi-bin/DktRpt.pl?{caseid}</link>\n"
            f"<description>[{short}] (&#x3C;a href=&#x22;{ecf}/doc1/03512{caseid}{number}?"
            f"caseid={caseid}&#x26;de_seq_num={number * 3}&#x22; &#x3E;{number}&#x3C;/a&#x3E;) "
            f"{text} (Sample, Clerk) </description>\n"
            f'<guid isPermaLink="true">{ecf}/cgi-bin/DktRpt.pl?{caseid}&#x26;{number * 3}</guid>\n'
            f"<pubDate>Thu, 19 Nov 2026 1{i % 10}:{i // 10 % 60:02d}:0{i % 10} GMT</pubDate>\n"
            "</item>"
        )
    return _assemble(
        _rss_head("casd", "Southern District of California"), items, "</channel>\n</rss>\n"
    )


def bankruptcy_feed() -> Doc:
    rows = [
        ("26-10992-mg", "Example Energy Partners LP, et al.,", "bk", "1", "11", "", "Motion to "
         "File Under Seal", 537),
        ("26-22414-shl", "Pat Sample", "bk", "7", "7", "Trustee: O&#x26;#039;Example, Morgan T. ",
         "Notice, Adjournment of Hearing", 7),
        ("26-01079-mg", "Sample v. Example Adversary Co.", "ap", "1", "", "", "Sealed Document",
         19),
        ("26-11800-dsj", "Sample Holdings Inc.", "bk", "1", "11", "", "Order Granting Motion "
         "to Seal", 88),
    ]  # fmt: skip
    items = []
    for i, (number, name, kind, office, chapter, trustee, short, entry) in enumerate(rows):
        caseid = 295812 + 311 * i
        ecf = "https://ecf.nysb.uscourts.gov"
        items.append(
            "<item>\n"
            f"<title>{number} {name}                    </title>\n"
            f"<link>{ecf}/cgi-bin/DktRpt.pl?{caseid}</link>\n"
            f"<description>Type: {kind} Office: {office} Chapter: {chapter}  {trustee}[{short}] "
            f"(&#x3C;a href=&#x27;{ecf}/doc1/1260288304{i}{entry}?pdf_header=&#x26;de_seq_num="
            f"{entry * 2}&#x26;caseid={caseid}&#x27;&#x3E;{entry}&#x3C;/a&#x3E;)</description>\n"
            f'<guid isPermaLink="true">{ecf}/cgi-bin/DktRpt.pl?{caseid}-{entry * 2}</guid>\n'
            f"<pubDate>Thu, 19 Nov 2026 18:2{i}:31 GMT</pubDate>\n"
            "</item>"
        )
    return _assemble(_rss_head("nysb", "Southern District of New York"), items, "</channel></rss>")


def appellate_feed() -> Doc:
    rows = [
        ("26-1234", "Sample-Example v. Bondi", "Order Filed (CLERK)", "Document"),
        ("26-4321", "Example Food &amp;amp; Water Coalition v. FERC, et al", "Motion to Seal "
         "Filed", "23"),
        ("25-7001", "Sample Petitioner Echo v. Bondi", "Filed Order (Sealed)", "Document"),
        ("26-0815", "Sample Petitioner Foxtrot v. Bondi", "Motion to Unseal", "41"),
    ]  # fmt: skip
    items = []
    for i, (number, name, short, anchor) in enumerate(rows):
        ecf = "https://ecf.ca9.uscourts.gov"
        room = f"{ecf}/n/beam/servlet/TransportRoom?servlet=DocketReportFilter.jsp&amp;caseNum="
        items.append(
            "<item>\n"
            f"\t<title>{number} {name}</title>\n"
            f"\t<link>{room}{number}</link>\n"
            f"\t<description>[{short}] (&lt;a href='{ecf}/docs1/00901{i}807970'>{anchor}"
            "&lt;/a>)</description>\n"
            f'\t<guid isPermaLink="true">{room}{number}&amp;partId=1097439{i}</guid>\n'
            f"\t<pubDate>Thu, 19 Nov 2026 0{i}:05:16 PST</pubDate>\n"
            "</item>"
        )
    return _assemble(
        _rss_head("ca9", "Ninth Circuit Court of Appeals"), items, "</channel>\n</rss>"
    )


MODS_PACKAGE = "USCOURTS-casd-3_26-cv-00410"


def mods_record() -> Doc:
    p = MODS_PACKAGE
    fdsys = "http://www.gpo.gov/fdsys"
    extension = (
        "<extension>\n <docClass>USCOURTS</docClass>\n <accessId>{p}</accessId>\n"
        " <courtType>District</courtType>\n <courtCode>casd</courtCode>\n"
        " <caseNumber>3:26-cv-00410</caseNumber>\n <caseOffice>San Diego</caseOffice>\n"
        " <caseType>civil</caseType>\n <natureSuitCode>463</natureSuitCode>\n"
        " <natureSuit>Habeas Corpus - Alien Detainee</natureSuit>\n"
        " <cause>28:2241 Petition for Writ of Habeas Corpus (federal)</cause>\n"
        ' <party firstName="Lucia" fullName="Lucia Sample-Ortega" lastName="Sample-Ortega"'
        ' role="Petitioner"></party>\n'
        ' <party fullName="Warden, Sample Detention Center" role="Respondent"></party>\n'
        "{state}</extension>\n"
    )
    head = (
        f"{SAMPLE}\n"
        '<mods xmlns="http://www.loc.gov/mods/v3" xmlns:xlink="http://www.w3.org/1999/xlink"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="3.3"'
        ' ID="P0b002ee1f00d0410">\n'
        '<originInfo>\n <dateIssued encoding="w3cdtf">2026-11-19</dateIssued>\n</originInfo>\n'
        f'<identifier type="uri">{fdsys}/pkg/{p}</identifier>\n'
        f'<recordInfo>\n <recordIdentifier source="DGPO">{p}</recordIdentifier>\n</recordInfo>\n'
        + extension.format(p=p, state="")
        + "<titleInfo>\n <title>(HC) Sample-Ortega v. Noem et al</title>\n</titleInfo>\n"
        f'<location>\n <url displayLabel="Content Detail">{fdsys}/pkg/{p}/content-detail.html'
        "</url>\n</location>\n"
        '<identifier type="preferred citation">3:26-cv-00410;26-410</identifier>\n'
        + extension.format(p=p, state=" <state>California</state>\n")
    )
    texts = [
        "ORDER Setting Briefing Schedule. Return due by 12/5/2026. (akr)",
        "ORDER GRANTING Petitioner's Motion to File Exhibits Under Seal (ECF No. 9). (jdt)",
        "ORDER GRANTING IN PART Respondents' Motion to Seal Declaration (ECF No. 12). (akr)",
        "ORDER Denying Motion to Unseal Transcript (ECF No. 15). Signed 11/20/2026. (akr)",
    ]
    granules = []
    for n, text in enumerate(texts):
        g = f"{p}-{n}"
        granules.append(
            f'<relatedItem type="constituent" ID="id-{g}" xlink:href="{fdsys}/granule/{p}/{g}/'
            'mods.xml">\n'
            f" <titleInfo>\n  <title>(HC) Sample-Ortega v. Noem et al</title>\n"
            f"  <subTitle>{text}</subTitle>\n  <partNumber>{n}</partNumber>\n </titleInfo>\n"
            f" <originInfo>\n  <dateIssued>2026-11-{17 + n}</dateIssued>\n </originInfo>\n"
            f' <relatedItem type="otherFormat" xlink:href="{fdsys}/pkg/{p}/pdf/{g}.pdf">\n'
            f'  <identifier type="FDsys Unique ID">D09002ee1f00d041{n}</identifier>\n'
            " </relatedItem>\n"
            " <location>\n"
            f'  <url displayLabel="Content Detail">{fdsys}/granule/{p}/{g}/content-detail.html'
            "</url>\n"
            f'  <url displayLabel="PDF rendition">{fdsys}/pkg/{p}/pdf/{g}.pdf</url>\n'
            " </location>\n"
            f" <extension>\n  <accessId>{g}</accessId>\n  <sequenceNumber>{n}</sequenceNumber>\n"
            f"  <dateIssued>2026-11-{17 + n}</dateIssued>\n  <docketText>{text}</docketText>\n"
            " </extension>\n"
            "</relatedItem>"
        )
    return _assemble(head, granules, "</mods>")


ATOM_ENTRIES = [
    ("Sample-Ortiz v. Noem", 71234501, 14, "District Court, S.D. California",
     "Case 3:26-cv-04101-JLS-BLM Document 14 Filed 11/19/26 PageID.212 Page 1 of 2 ORDER "
     "GRANTING RESPONDENTS&amp;#x27; MOTION TO FILE DOCUMENTS UNDER SEAL [ECF No. 12]"),
    ("Okafor-Sample v. Bondi", 71234777, 24, "District Court, S.D. New York",
     "Case 1:26-cv-09120-LGS Document 24 Filed 11/18/26 Page 1 of 1 The letter motion to seal "
     "the certified administrative record (Dkt. 22) is GRANTED. SO ORDERED."),
    ("Tesfaye-Sample v. Bondi", 71236020, 18, "Court of Appeals for the Ninth Circuit",
     "Case: 26-4417, 11/17/2026, DktEntry: 18.1, Page 1 of 2 ORDER Petitioner&amp;#x27;s "
     "motion to file Volume 2 of the excerpts of record under seal is granted."),
    ("Sample Haile v. Warden", 71230055, 19, "District Court, D. Massachusetts",
     "Case 1:26-cv-11873-ADB Document 19 Filed 11/17/26 Page 1 of 3 the &lt;mark&gt;sealed"
     "&lt;/mark&gt; declaration describes the Petitioner&amp;#x27;s medical condition."),
]  # fmt: skip


def atom_feed() -> Doc:
    head = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f"{SAMPLE}\n"
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-us">'
        "<title>CourtListener.com Custom Search Feed</title>"
        '<link href="https://www.courtlistener.com/" rel="alternate"></link>'
        "<id>https://www.courtlistener.com/</id><updated>2026-11-19T00:00:00-08:00</updated>\n"
    )
    entries = []
    for name, docket, number, court, text in ATOM_ENTRIES:
        slug = name.lower().replace(" ", "-").replace(".", "")
        url = f"https://www.courtlistener.com/docket/{docket}/{number}/{slug}/"
        entries.append(
            f'<entry><title>{name}</title><link href="{url}" rel="alternate"></link>'
            "<published>2026-11-19T00:00:00-08:00</published>"
            "<updated>2026-11-19T00:00:00-08:00</updated>"
            f"<author><name>{court}</name></author><id>{url}</id>"
            f'<summary type="html">&lt;p&gt;{text}&lt;/p&gt;&lt;br&gt;\n'
            f'    &lt;a href="/docket/{docket}/{number}/{slug}/"&gt;Original document&lt;/a&gt;'
            "</summary></entry>"
        )
    return _assemble(head, entries, "</feed>\n")


def search_result(index: int) -> dict[str, Any]:
    """One v4 search result (type=r), CourtListener's shape; SAMPLE values."""
    docket_id = 71234501 + 1013 * index
    name = ["Sample-Ortiz v. Noem", "Okafor-Sample v. Bondi", "Sample Haile v. Warden",
            "Sample Lim v. Director"][index]  # fmt: skip
    slug = name.lower().replace(" ", "-").replace(".", "")
    return {
        "caseName": name,
        "cause": "28:2241 Petition for Writ of Habeas Corpus (federa",
        "court": "District Court, S.D. California",
        "court_id": ["casd", "nysd", "mad", "wawd"][index],
        "dateFiled": f"2026-10-{20 + index}",
        "dateTerminated": None,
        "docketNumber": f"{index + 1}:26-cv-0{4101 + 91 * index}",
        "docket_absolute_url": f"/docket/{docket_id}/{slug}/",
        "docket_id": docket_id,
        "pacer_case_id": str(812345 + index),
        "party": [name.split(" v. ")[0], "Sample Field Office Director"],
        "suitNature": "463 Habeas Corpus - Alien Detainee",
        "recap_documents": [
            {
                "absolute_url": f"/docket/{docket_id}/{number}/{slug}/",
                "attachment_number": None,
                "description": f"{short}. (SAMPLE docket text) (Entered: 11/19/2026)",
                "docket_entry_id": docket_id * 10 + number,
                "document_number": number,
                "entry_date_filed": "2026-11-19",
                "entry_number": number,
                "id": docket_id * 100 + number,
                "is_available": number % 2 == 0,
                "short_description": short,
            }
            for number, short in [(12 + index, "Motion to Seal"), (14 + index, "Order on Motion")]
        ],
    }


def search_page(results: list[str]) -> str:
    """A v4 search page around already serialised results (so one can be any text)."""
    count, documents, joined = len(results), 2 * len(results), ",\n".join(results)
    return (
        f'{{"count": {count}, "document_count": {documents}, "next": null, "previous": null, '
        f'"results": [\n{joined}\n]}}'
    )


# ------------------------------------------------------------------------ mutations

#: Markup, references and bytes that have broken (or could break) a parser.
NASTY = [
    b"<", b">", b"&", b"&amp", b"&nbsp;", b"&lol9;", b"&xxe;", b"]]>", b"<![CDATA[", b"<!--",
    b"-->", b"<?pi ", b"</item>", b"<item>", b"</entry>", b"<entry>", b"</relatedItem>",
    b'<relatedItem type="constituent">', b"</description>", b"<title>", b"</title>", b"<b>",
    b"[", b"]", b"(", b")", b"[Motion to Seal (", b"&#xD800;", b"&#55296;", b"&#xDFFF;", b"&#0;",
    b"&#x1F;", b"&#xFFFE;", b"&#x110000;", b"&#99999999999999999999;", b"&amp;#xD800;",
    b"\x00", b"\x0c", b"\x1b", b"\xed\xa0\x80", b"\xff", b"\xc3", b"\xef\xbb\xbf", b'"', b"'",
    b' isPermaLink="', b" x='1' x='2'", b"&lt;a href=&quot;", b"&lt;/a&gt;", b"\r",
    b"&#x3C;a href=&#x22;x&#x22;&#x3E;" + b"9" * 40 + b"&#x3C;/a&#x3E;)",
    b"<!DOCTYPE x [<!ENTITY e 'x'>]>", b"Case 3:26-cv-", b"Case: ", b"1" * 5000,
    b"http://[oops/", b"\xe2\x80\xae", b"\t" * 64,
]  # fmt: skip

BILLION_LAUGHS = (
    b'<!DOCTYPE root [\n <!ENTITY lol "lol">\n'
    + b"".join(
        b' <!ENTITY lol%d "%s">\n' % (n, b"&lol%s;" % (str(n - 1).encode() if n > 1 else b"") * 10)
        for n in range(1, 10)
    )
    + b' <!ENTITY xxe SYSTEM "file:///etc/passwd">\n'
    + b' <!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd">\n %remote;\n]>\n'
)


@dataclass(frozen=True)
class Mutation:
    """One damage to record `index`: `kind` is delete, insert, replace, truncate or entity."""

    index: int
    kind: str
    at: float  # where in the record, 0..1
    size: int
    payload: bytes

    def apply(self, doc: Doc) -> bytes:
        start, end = doc.spans[self.index]
        pos = start + int(self.at * (end - start))
        body = doc.body
        if self.kind == "delete":
            return body[:pos] + body[min(end, pos + self.size) :]
        if self.kind == "insert":
            return body[:pos] + self.payload + body[pos:]
        if self.kind == "replace":
            return body[:pos] + self.payload + body[min(end, pos + self.size) :]
        if self.kind == "truncate":
            return body[:pos]
        # entity: a DOCTYPE with a billion laughs and external entities in the prolog, and a
        # reference to one of them in the record
        ref = self.payload if self.payload in (b"&lol9;", b"&xxe;", b"&lol;") else b"&lol9;"
        root = min(body.find(tag) % len(body) for tag in (b"<rss", b"<mods", b"<feed"))
        return body[:root] + BILLION_LAUGHS + body[root:pos] + ref + body[pos:]

    def untouched(self, count: int) -> list[int]:
        if self.kind == "truncate":
            return list(range(self.index))
        return [i for i in range(count) if i != self.index]


def mutations(count: int) -> st.SearchStrategy[Mutation]:
    payload = st.one_of(st.sampled_from(NASTY), st.binary(min_size=1, max_size=24))
    return st.builds(
        Mutation,
        index=st.integers(0, count - 1),
        kind=st.sampled_from(["delete", "insert", "replace", "truncate", "entity"]),
        at=st.floats(0, 1, allow_nan=False),
        size=st.integers(1, 80),
        payload=payload,
    )


# ------------------------------------------------------------------------ checks


def assert_storable(record: dict[str, Any]) -> None:
    """What the store needs of every record: UTF-8 text, integers SQLite can hold."""
    json.dumps(record, ensure_ascii=False).encode("utf-8")
    for value in record.values():
        if isinstance(value, int) and not isinstance(value, bool):
            assert -(2**63) <= value < 2**63, record


def check(parse: Callable[[bytes], list[dict[str, Any]]], doc: Doc, mutation: Mutation) -> None:
    """`parse` gives the records of a body, one per SAMPLE record for the intact one. On the
    damaged body it must raise nothing but FeedError (and that only when no record was left
    untouched), and every untouched record comes out unchanged."""
    intact = parse(doc.body)
    assert len(intact) == len(doc.spans), "every intact record comes out"
    untouched = mutation.untouched(len(doc.spans))
    body = mutation.apply(doc)
    try:
        found = parse(body)
    except FeedError:
        assert not untouched, "a body with untouched records must not be refused"
        return
    for record in found:
        assert_storable(record)
    for index in untouched:
        assert intact[index] in found, (index, intact[index])


# ------------------------------------------------------------------------ PACER RSS

PACER_SHAPES: dict[str, tuple[str, Doc]] = {
    "district": ("casd", district_feed()),
    "bankruptcy": ("nysb", bankruptcy_feed()),
    "appellate": ("ca9", appellate_feed()),
}


#: More items than one batch of a damaged feed's record-by-record reading (xmlsafe).
LONG_FEED = district_feed(150)


@settings(max_examples=max(1, settings.default.max_examples // 3))
@given(index=st.integers(0, 149), damage=st.sampled_from(NASTY), at=st.floats(0, 1))
@example(index=70, damage=b"<![CDATA[", at=0.1)
def test_long_pacer_feed_one_bad_item_costs_only_itself(
    index: int, damage: bytes, at: float
) -> None:
    """Batches of intact items are parsed together: the one with the bad item is not."""
    check(
        lambda body: parse_feed(body, "casd").items,
        LONG_FEED,
        Mutation(index, "insert", at, 1, damage),
    )


def test_sample_pacer_feeds_parse_whole() -> None:
    for court, doc in PACER_SHAPES.values():
        parsed = parse_feed(doc.body, court)
        assert len(parsed.items) == 4 and parsed.skipped == [] and parsed.problems == []


@pytest.mark.parametrize("shape", list(PACER_SHAPES))
@given(mutation=mutations(4))
@example(mutation=Mutation(1, "insert", 0.5, 1, b"&#xD800;"))
@example(mutation=Mutation(2, "entity", 0.6, 1, b"&lol9;"))
@example(mutation=Mutation(1, "insert", 0.4, 1, b"<!--"))
@example(mutation=Mutation(0, "insert", 0.3, 1, b"<![CDATA["))
@example(mutation=Mutation(3, "truncate", 0.5, 1, b""))
@example(mutation=Mutation(1, "delete", 0.98, 8, b""))  # its </item>
def test_pacer_rss_one_bad_item_costs_only_itself(shape: str, mutation: Mutation) -> None:
    court, doc = PACER_SHAPES[shape]
    check(lambda body: parse_feed(body, court).items, doc, mutation)


# ------------------------------------------------------------------------ GovInfo MODS

MODS = mods_record()


def _mods_parse(body: bytes) -> list[dict]:
    package = parse_mods(body)
    intact_case = case_record(parse_mods(MODS.body))
    assert case_record(package) == intact_case, "granule damage never changes the case"
    entries = entry_records(package)
    return [{**g, "entry": e} for g, e in zip(package["granules"], entries, strict=True)]


@given(mutation=mutations(4))
@example(mutation=Mutation(1, "insert", 0.7, 1, b"&#xD800;"))
@example(mutation=Mutation(2, "entity", 0.8, 1, b"&lol9;"))
@example(mutation=Mutation(1, "insert", 0.5, 1, b"<!--"))
@example(mutation=Mutation(1, "replace", 0.85, 1, "²".encode()))
@example(mutation=Mutation(2, "truncate", 0.4, 1, b""))
def test_govinfo_mods_one_bad_granule_costs_only_itself(mutation: Mutation) -> None:
    check(_mods_parse, MODS, mutation)


# ------------------------------------------------------------------------ CourtListener

ATOM = atom_feed()


def _atom_parse(body: bytes) -> list[dict]:
    return parse_atom_search(body).items


@given(mutation=mutations(4))
@example(mutation=Mutation(1, "insert", 0.3, 1, b"http://[oops/"))  # in its link
@example(mutation=Mutation(0, "insert", 0.0, 1, b"<!doctype html"))  # no HTML page for that
@example(mutation=Mutation(2, "entity", 0.5, 1, b"&xxe;"))
@example(mutation=Mutation(0, "insert", 0.5, 1, b"&#xD800;"))
def test_courtlistener_atom_one_bad_entry_costs_only_itself(mutation: Mutation) -> None:
    check(_atom_parse, ATOM, mutation)


RESULTS = [search_result(i) for i in range(4)]

#: Values a hostile or broken API answer could put in any field.
HOSTILE_VALUES = [
    None, 0, -1, 2**70, 1.5, float("inf"), True, "", " ", "²", "٣", "\ud800", "x" * 10_000,
    [], [None], {}, {"a": [1, {"b": None}]}, "http://[oops/", "9" * 30, "1:26-cv-,", ",",
]  # fmt: skip
#: Raw JSON texts standing in for one result (or one of its values).
HOSTILE_JSON = [
    "null", '"a string"', "[]", "42", "1e999", "NaN", "[" * 300 + "]" * 300, "9" * 5000,
    '"\\ud800\\udfff\\ud83d"', '{"docket_id": 1, "docket_id": "x", "caseName": []}',
]  # fmt: skip


@dataclass(frozen=True)
class JsonMutation:
    """Damage to result `index`: set field `path` to a hostile value, drop it, or replace the
    whole result (or the field's value) by raw JSON text."""

    index: int
    kind: str  # set, drop, raw_result, raw_value
    path: tuple[str | int, ...]
    value: Any
    raw: str

    def page(self) -> str:
        parts = [json.dumps(r) for r in RESULTS]
        result = json.loads(parts[self.index])
        if self.kind == "raw_result":
            parts[self.index] = self.raw
            return search_page(parts)
        holder, key = _walk(result, self.path)
        if self.kind == "drop" and isinstance(holder, dict):
            holder.pop(key, None)
        elif self.kind == "raw_value":
            marker = "@@raw@@"
            holder[key] = marker
            parts[self.index] = json.dumps(result).replace(f'"{marker}"', self.raw)
            return search_page(parts)
        else:
            holder[key] = self.value
        parts[self.index] = json.dumps(result)
        return search_page(parts)


def _walk(result: dict[str, Any], path: tuple[str | int, ...]) -> tuple[Any, Any]:
    holder: Any = result
    for step in path[:-1]:
        holder = holder[step]
    return holder, path[-1]


FIELDS = [
    (key,) for key in RESULTS[0] if key != "recap_documents"
] + [  # fields of the result's first document
    ("recap_documents", 0, key) for key in RESULTS[0]["recap_documents"][0]
] + [("recap_documents",), ("recap_documents", 1)]  # fmt: skip


def json_mutations() -> st.SearchStrategy[JsonMutation]:
    return st.builds(
        JsonMutation,
        index=st.integers(0, len(RESULTS) - 1),
        kind=st.sampled_from(["set", "drop", "raw_result", "raw_value"]),
        path=st.sampled_from(FIELDS),
        value=st.one_of(st.sampled_from(HOSTILE_VALUES), st.text(max_size=20)),
        raw=st.sampled_from(HOSTILE_JSON),
    )


def _search_parse(text: str) -> list[list[dict]]:
    page = parse_search_json(text)
    groups = []
    for result in RESULTS:
        case = [c for c in page.cases if c["source_id"] == str(result["docket_id"])]
        docket = [e for e in page.entries if e["case_url"] and str(result["docket_id"]) in
                  e["case_url"]]  # fmt: skip
        groups.append(case + docket)
    return groups


@given(mutation=json_mutations())
@example(mutation=JsonMutation(1, "set", ("docketNumber",), 123, ""))
@example(mutation=JsonMutation(1, "set", ("recap_documents", 0, "entry_number"), "²", ""))
@example(mutation=JsonMutation(2, "raw_value", ("docket_id",), None, "9" * 5000))
@example(mutation=JsonMutation(0, "set", ("caseName",), "\ud800", ""))
@example(mutation=JsonMutation(3, "set", ("docket_absolute_url",), 5, ""))
@example(mutation=JsonMutation(2, "raw_result", ("caseName",), None, '"a string"'))
def test_courtlistener_search_json_one_bad_result_costs_only_itself(
    mutation: JsonMutation,
) -> None:
    intact = _search_parse(search_page([json.dumps(r) for r in RESULTS]))
    assert all(intact)
    page = mutation.page()
    damaged = _search_parse(page)  # never FeedError: the page is valid JSON
    for group in damaged:
        for record in group:
            assert_storable(record)
    for index, records in enumerate(intact):
        if index != mutation.index:
            assert damaged[index] == records, index


@given(at=st.integers(0, 10_000), size=st.integers(0, 40), payload=st.binary(max_size=24))
def test_courtlistener_search_json_bytes_never_escape(at: int, size: int, payload: bytes) -> None:
    """Byte damage anywhere in a page: FeedError or a page whose records can all be stored."""
    body = search_page([json.dumps(r) for r in RESULTS]).encode()
    at %= len(body)
    damaged = body[:at] + payload + body[at + size :]
    try:
        page = parse_search_json(damaged)
    except FeedError:
        return
    for record in page.cases + page.entries:
        assert_storable(record)
