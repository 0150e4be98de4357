"""Parse PACER court RSS feeds (district, bankruptcy, appellate) into docket-entry dicts.

`parse_feed(content, court)` is pure (bytes or str in, a `ParsedFeed` out) and makes no network
calls; the spider and `sealtrail parse pacer-rss` both call it. The record shape is pinned in
`docs/internals.md`: one dict per docket entry with the keys of `ITEM_KEYS`.

What the feeds look like (learned from juriscraper's and CourtListener's real fixtures)
-------------------------------------------------------------------------------------
- RSS 2.0, usually declared `ISO-8859-1`; titles sometimes in CDATA, sometimes padded with
  spaces or broken over lines; guids may be wrapped in whitespace.
- The `<description>` holds *escaped HTML*: after XML decoding it reads
  `[Short Event Name] (<a href="https://ecf.nysd.uscourts.gov/doc1/127122264358?caseid=492165&
  de_seq_num=10" >3</a>)`. The anchor text is the entry number; some entries have no anchor
  (no document, and then usually no number either).
- Bankruptcy courts prefix `Type: bk Office: 1 Chapter: 11 Trustee: Name [Event] (...)`.
- Appellate courts (`ca1`-`ca11`, `cadc`, `cafc`) link `docs1/...` documents with single
  quotes; some (ca10, cadc) show the anchor text `Document` instead of a number: the entry
  number is then `None` (juriscraper puts the PACER document id in its number field instead).
- E.D.N.Y. repeats the case name after the event (`[Order] USA v. Doe (<a ...>22</a>)`), with
  the link at the end; that repetition is not entry text and gives `text == ""`. Courts that
  put the entry's full docket text after the link have it returned in `text`.
- Some values are escaped twice (`Food &amp;amp; Water Watch`, `O&#039;Toole`): text fields
  are HTML-unescaped once more after XML decoding.
- Multi-event entries: one CM/ECF docket entry filed under several events (a motion that is
  also a letter, an order that also sets deadlines) comes as several items with the same case,
  time, link and guid, one per event. They are merged into one dict whose
  `short_description` joins the event names, sorted, with `" AND "`, exactly as juriscraper's
  `append_or_merge_entry` does. Several bracketed names in one item (`[Motion] [Letter] (...)`)
  are merged the same way; bracketed names each followed by their own link are separate
  entries and give separate dicts.
- `pubDate` is RFC 822 with `GMT` or a US zone abbreviation (`EST`, `MST`, `PDT`...);
  `published` is ISO 8601 with the numeric offset the abbreviation stands for.
- Docket numbers are normalised like juriscraper: district `1:17-cr-00554-MKB-1` becomes
  `1:17-cr-00554`; bankruptcy `16-10992-smb` becomes `16-10992`; appellate `19-8054`.

Bad input (decisions)
---------------------
- `FeedError("empty")`: no bytes, or only whitespace.
- `FeedError("not_rss")`: an HTML page (PACER login or error page), JSON, text that is not XML,
  or well-formed XML whose root is not `<rss>`.
- `FeedError("malformed")`: looks like XML/RSS but is broken and no complete item survives.
- One bad item costs only itself. Items are read one by one, and whatever goes wrong inside
  one (any exception: IndexError, UnicodeError, ValueError, RecursionError ...) skips that
  item with a reason in `.skipped` naming it (title or guid) and the error type, the traceback
  logged; the other items are kept and the crawl run is `partial`.
- XML is read by `crawler.parsers.xmlsafe`: no entity is ever expanded and no DTD, file or URL
  is loaded; a DOCTYPE in the prolog is dropped before parsing (noted in `.problems` when it
  declared anything), so a billion-laughs or XXE feed keeps its harmless items and an item
  that uses one of its entities is skipped. Character references XML forbids (a lone surrogate
  `&#xD800;`, `&#0;`) become U+FFFD and control characters are dropped, noted in `.problems`.
- Broken XML is read item by item: each `<item>` is cut out of the bytes and parsed alone
  (strictly, else in recover mode). An item whose `</item>` is missing is skipped as
  incomplete; one that recover mode could read only by dropping the rest of an unclosed
  comment, CDATA section or tag is skipped as damaged; one with a local glitch (a bare `&`, an
  HTML entity such as `&nbsp;`) is kept. A well-formed feed holding fewer items than `<item>`
  start tags (a CDATA section left open in one title ran on into the next item) is read item
  by item too. When the body does not end with `</rss>` (the usual case: a download cut
  short) the loss is reported in `.skipped`, one line per broken item plus one for the tail,
  so the crawl run is marked `partial`; when it does, the XML error is noted in `.problems`.
- Bytes that are not valid in the declared encoding never fail the parse. Feeds declared
  ISO-8859-1 (or UTF-8, or undeclared) are read as UTF-8 where the bytes are valid UTF-8 and
  as Windows-1252 byte by byte where they are not (courts send both); a note goes to
  `.problems` when the bytes contradict the declaration.
- An item without a usable docket number, a parseable `pubDate` (with a known zone) or any
  event text is skipped with a reason in `.skipped`; it never stops the other items. An event
  name whose `]` is missing (`[Motion to Seal (<a ...>1</a>)`) ends where its link starts.
  A link text of more than `MAX_NUMBER_DIGITS` digits is no entry number (None).
- Text longer than `MAX_TEXT_CHARS` is cut (noted in `.problems`). A text node over libxml2's
  10 MB limit is parsed by one retry with the limit lifted (bodies up to `MAX_HUGE_BODY`).

Differences from juriscraper's `PacerRssFeed` (on purpose)
----------------------------------------------------------
- `case_name` is the title as the feed gives it (whitespace collapsed, entities decoded); it is
  not run through juriscraper's `harmonize` (which turns `USA` into `United States` and drops
  `et al`), and an item with no case name gives `""`, not `"Unknown Case Title"`.
- One dict per docket entry, not one docket per item with nested entries.
- Appellate entries without a number get `entry_number = None`, not the document id.
- The docket number is read from the title's first word only (juriscraper searches the whole
  title), and items are merged only when case, time, document link and entry number all agree.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_tz
from html import unescape
from typing import Any

from lxml import etree

from crawler.parsers.errors import FeedError, body_kind, quoted, record_failed, server_sample
from crawler.parsers.xmlsafe import RecordShape, Unreadable, entity_refs, read_document

__all__ = ["ITEM_KEYS", "MAX_TEXT_CHARS", "ParsedFeed", "is_appellate", "parse_feed"]

#: The keys of every item dict, in output order.
ITEM_KEYS: tuple[str, ...] = (
    "court",
    "docket_number",
    "case_name",
    "pacer_case_id",
    "entry_number",
    "short_description",
    "text",
    "document_url",
    "published",
    "guid",
    "case_url",
)

#: Longest `text` kept; real docket text is a few thousand characters at most.
MAX_TEXT_CHARS = 100_000

_APPELLATE_IDS = frozenset({"cadc", "cafc", "cavc"})


@dataclass
class ParsedFeed:
    """What `parse_feed` found.

    `items`: one dict per docket entry (keys `ITEM_KEYS`), in feed order.
    `skipped`: one human-readable reason per item left out (and one for a truncated tail).
    `entry_types`: the channel description (`Docket entries of type: all`), or None.
    `problems`: notes on the document as a whole (XML recovered, encoding mismatch, text cut).
    """

    items: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    entry_types: str | None = None
    problems: list[str] = field(default_factory=list)


def is_appellate(court: str) -> bool:
    """Courts of appeals: `ca1`..`ca11` (an id ending in a digit), `cadc`, `cafc`, `cavc`."""
    court = court.strip().lower()
    return bool(court) and (court[-1].isdigit() or court in _APPELLATE_IDS)


def is_bankruptcy(court: str) -> bool:
    """Bankruptcy court ids end in `b` (`nysb`, `mdb`), as juriscraper assumes."""
    return court.strip().lower().endswith("b")


# --------------------------------------------------------------------------------------------
# Bytes: emptiness, sniffing, encoding
# --------------------------------------------------------------------------------------------

_WS = b" \t\r\n\x00\x0b\x0c"
_XML_DECL_ENC = re.compile(rb"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])([^"']*)""")
_HTML_TITLE = re.compile(rb"<title[^>]*>(.*?)</title", re.I | re.S)
# An HTML page: its first element, after any declaration, comments and DOCTYPE, is <html>
# (text further on that merely mentions `<html` is no sign: a record may carry any text).
_HTML_ROOT = re.compile(rb"(?:\s*(?:<\?.*?\?>|<!--.*?-->|<!doctype[^>]*>))*\s*<html[\s>]", re.S)
_RSS_END = re.compile(rb"</rss\s*>\s*$")
_UTF8_NAMES = frozenset({"utf-8", "utf8"})
_LATIN_NAMES = frozenset(
    {
        "iso-8859-1",
        "iso8859-1",
        "latin-1",
        "latin1",
        "l1",
        "iso-8859-15",
        "windows-1252",
        "cp1252",
        "us-ascii",
        "ascii",
    }
)


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: decode each byte that is not valid UTF-8 as Windows-1252.

    Bytes that Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) become U+FFFD.
    """
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    return bad.decode("cp1252", errors="replace"), exc.end


codecs.register_error("sealtrail-cp1252", _cp1252_fallback)


def _declared_encoding(head: bytes) -> str | None:
    m = _XML_DECL_ENC.match(head)
    return m.group(2).decode("ascii", "replace").strip().lower() if m else None


def _as_utf8(text: str) -> bytes:
    """UTF-8 bytes of `text`, with any XML declaration saying so (lxml rejects str input that
    carries an encoding declaration, and must not re-decode our bytes as Latin-1)."""
    data = text.encode("utf-8", errors="replace")  # lone surrogates from a str input
    return _XML_DECL_ENC.sub(rb"\1UTF-8", data, count=1)


def _prepare(content: bytes | str, problems: list[str]) -> bytes:
    """Turn the response body into bytes lxml reads correctly, or raise `empty`/`not_rss`.

    Quirks handled: str input with an encoding declaration; BOMs (UTF-8, UTF-16); feeds that
    declare ISO-8859-1 but send UTF-8 (or a mix); feeds that declare UTF-8 but send Latin-1
    or Windows-1252 bytes; HTML login/error pages served with status 200; JSON error bodies.
    """
    if isinstance(content, str):
        if not content.strip():
            raise FeedError("empty", "empty body")
        return _sniff(_as_utf8(content.lstrip("\ufeff")), problems, decoded=True)
    data = bytes(content)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return _prepare(data.decode("utf-16", errors="replace"), problems)
    if data[:3] == b"\xef\xbb\xbf":
        data = data[3:]
    if not data.strip(_WS):
        raise FeedError("empty", "empty body" if not data else "body is only whitespace")
    return _sniff(data, problems, decoded=False)


def _sniff(data: bytes, problems: list[str], *, decoded: bool) -> bytes:
    head = data[:4096].lstrip(_WS)
    lower = head.lower()
    if head[:1] in (b"{", b"["):
        raise FeedError("not_rss", "body is JSON, not RSS", sample=server_sample(head))
    if lower.startswith(b"<!doctype html") or _HTML_ROOT.match(lower):
        m = _HTML_TITLE.search(head)
        title = server_sample(m.group(1)) if m else ""
        raise FeedError("not_rss", "body is an HTML page", sample=title)
    if not head.startswith(b"<"):
        raise FeedError(
            "not_rss", f"body is not XML ({body_kind(head)})", sample=server_sample(head)
        )
    if decoded or data.isascii():
        return data
    declared = _declared_encoding(head)
    name = (declared or "utf-8").replace("_", "-")
    if name not in _UTF8_NAMES and name not in _LATIN_NAMES:
        return data  # another declared encoding (windows-1251, utf-16...): lxml decodes it
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="sealtrail-cp1252")
        if name in _UTF8_NAMES:
            problems.append(
                f"bytes not valid in the declared encoding ({declared or 'UTF-8, undeclared'}) "
                "were read as Windows-1252"
            )
    else:
        if name in _LATIN_NAMES:
            problems.append(f"feed declares {declared} but its bytes are UTF-8; read as UTF-8")
    return _as_utf8(text)


# --------------------------------------------------------------------------------------------
# XML
# --------------------------------------------------------------------------------------------


def _item_nodes(root: etree._Element) -> list[etree._Element]:
    return list(root.iter("item"))


#: Where a PACER feed's records are, for reading a damaged feed item by item.
ITEMS = RecordShape(b"item", re.compile(rb"<item(?=[\s>/])"), _item_nodes)


def _localname(tag: Any) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


# --------------------------------------------------------------------------------------------
# Fields
# --------------------------------------------------------------------------------------------

_DIST_DN = re.compile(r"(\d{1,2}:)?\d\d-[a-zA-Z]{1,5}-\d{1,10}")
_DIST_DN_SEARCH = re.compile(r"(?<!\d)((?:\d{1,2}:)?\d\d-[a-zA-Z]{1,5}-\d{1,10})")
_BANKR_DN = re.compile(r"(?:\d-)?\d\d-\d+")
_APP_DN = re.compile(r"\d\d-\d+")


def parse_title(title: str, court: str) -> tuple[str | None, str]:
    """`"1:17-cr-00554-MKB USA v. Doe"` → (`"1:17-cr-00554"`, `"USA v. Doe"`).

    The docket number is the title's first word, normalised like juriscraper: district numbers
    lose judge initials and defendant number; bankruptcy courts accept a district-style number
    first, then `16-10992-smb` → `16-10992`; appellate courts take `\\d\\d-\\d+`. A first word
    that is no docket number (`5:18-~gr-00001`, seen in S.D.W. Va.) gives None.
    The case name is the rest, with whitespace collapsed and entities decoded (titles are
    sometimes escaped twice: `Food &amp;amp; Water Watch`).
    """
    title = " ".join(title.split())
    if "&" in title:
        title = unescape(title)
    first, _, rest = title.partition(" ")
    if is_appellate(court):
        patterns: tuple[re.Pattern[str], ...] = (_APP_DN,)
    elif is_bankruptcy(court):
        patterns = (_DIST_DN, _BANKR_DN)
    else:
        patterns = (_DIST_DN,)
    for pattern in patterns:
        m = pattern.match(first)
        if m:
            end = m.end()
            # the match must end at a separator: `1:17-cr-00554-MKB` yes, `18-00079x` no
            if end == len(first) or first[end] == "-":
                return m.group(0), rest
    return None, rest


_TZ_OFFSETS: dict[str, int] = {
    # minutes east of UTC; zones PACER courts use (US states and territories)
    "GMT": 0,
    "UT": 0,
    "UTC": 0,
    "Z": 0,
    "EST": -300,
    "EDT": -240,
    "CST": -360,
    "CDT": -300,
    "MST": -420,
    "MDT": -360,
    "PST": -480,
    "PDT": -420,
    "AKST": -540,
    "AKDT": -480,
    "HST": -600,
    "HDT": -540,
    "AST": -240,
    "ADT": -180,  # Atlantic: Puerto Rico, Virgin Islands
    "CHST": 600,
    "CHT": 600,  # Chamorro: Guam, Northern Mariana Islands
    "SST": -660,  # Samoa
}
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_RFC822 = re.compile(
    r"\s*(?:[A-Za-z]{3,9},?\s*)?(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{4})\s+"
    r"(\d{1,2}):(\d\d)(?::(\d\d))?\s*(?:([A-Za-z]{1,5})|([+-])(\d\d):?(\d\d))?\s*$"
)
_TZ_CACHE: dict[int, timezone] = {}
_DATE_CACHE: dict[str, str | None] = {}


def _tz(minutes: int) -> timezone:
    tz = _TZ_CACHE.get(minutes)
    if tz is None:
        tz = _TZ_CACHE[minutes] = timezone(timedelta(minutes=minutes))
    return tz


def parse_pubdate(value: str) -> str | None:
    """RFC 822 `pubDate` → ISO 8601 with offset, or None when it cannot be read.

    `Fri, 03 Feb 2023 09:05:16 MST` → `2023-02-03T09:05:16-07:00`. Handles `GMT`/`UT`/`Z`,
    the US zone abbreviations (including Alaska, Hawaii, Atlantic, Chamorro), numeric offsets
    (`-0500`, `-05:00`) and ISO 8601 input. A date without a zone, or with an unknown
    abbreviation, gives None: guessing the zone would silently shift the time by hours.
    """
    cached = _DATE_CACHE.get(value, "")
    if cached != "":
        return cached
    result = _parse_pubdate(value)
    if len(value) <= 64:
        if len(_DATE_CACHE) >= 4096:
            _DATE_CACHE.clear()
        _DATE_CACHE[value] = result
    return result


def _parse_pubdate(value: str) -> str | None:
    m = _RFC822.match(value)
    if m:
        day, mon, year, hh, mm, ss, abbr, sign, oh, om = m.groups()
        month = _MONTHS.get(mon.lower())
        if abbr is not None:
            offset = _TZ_OFFSETS.get(abbr.upper())
        elif sign is not None:
            offset = (int(oh) * 60 + int(om)) * (-1 if sign == "-" else 1)
        else:
            offset = None
        if month is None or offset is None:
            return None
        try:
            dt = datetime(
                int(year), month, int(day), int(hh), int(mm), int(ss or 0), tzinfo=_tz(offset)
            )
        except ValueError:
            return None
        return dt.isoformat()
    text = value.strip()
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        parts = parsedate_tz(text)
        if not parts or parts[9] is None:
            return None
        try:
            dt = datetime(*parts[:6], tzinfo=_tz(parts[9] // 60))
        except (ValueError, OverflowError):
            return None
    if dt.tzinfo is None:
        return None
    return dt.isoformat()


# `[Event name]` and the `(<a href="...">N</a>)` that follows it, after XML decoding.
_BRACKET = re.compile(r"\[([^\]<]*)\]\s*")
# `[Motion to Seal (<a ...>1</a>)`: a name whose `]` is missing ends where its link starts.
_UNCLOSED = re.compile(r"\[([^\]<]*?)\s*(?=\(\s*<a\s)", re.I)
_ANCHOR = (
    r"""\(\s*<a\s[^>]*?href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))"""  # href, any quoting
    r"[^>]*>([^<]*)</a\s*>\s*\)"  # the link text: entry number, or `Document`
)
_ANCHOR_HERE = re.compile(_ANCHOR + r"\s*", re.I)
_ANCHOR_TAIL = re.compile(_ANCHOR + r"\s*$", re.I)
_TAIL_WINDOW = 4096  # a trailing link is searched for in the last characters only
# A tag ends at the next `>`, and at the next `<` too: `<[^>]*>` made text of many `<` with no
# `>` (`&lt;` repeated in a description) cost time quadratic in its length.
_TAG = re.compile(r"<[^<>]*>")
_DIGITS = re.compile(r"[0-9]+")
#: Longest entry number read from a link text; longer digit strings are no entry number
#: (the busiest dockets run to five digits; SQLite integers stop at nineteen).
MAX_NUMBER_DIGITS = 9


@dataclass
class _Event:
    names: list[str]
    document_url: str | None = None
    entry_number: int | None = None
    text: str = ""


def _clean(value: str) -> str:
    """Collapse whitespace and decode the entities left after XML decoding."""
    if "<" in value:
        value = _TAG.sub(" ", value)
    if "&" in value:
        value = unescape(value)
    return " ".join(value.split())


def _href(groups: tuple[str | None, ...]) -> str:
    href = next((g for g in groups if g is not None), "").strip()
    # only `&amp;` forms: a full unescape would read `&region=` as `®ion=`
    return href.replace("&amp;", "&").replace("&#38;", "&").replace("&#x26;", "&")


def _number(anchor_text: str) -> int | None:
    anchor_text = anchor_text.strip()
    if len(anchor_text) > MAX_NUMBER_DIGITS or not _DIGITS.fullmatch(anchor_text):
        return None
    return int(anchor_text)


def parse_description(desc: str) -> list[_Event]:
    """Split an item description (HTML markup, already XML-decoded) into docket entries.

    Shapes handled: `[Name] (<a href=...>N</a>) [full text]`; bankruptcy `Type: .. Office: ..
    Chapter: .. [Trustee: ..] [Name] (...)`; appellate `[Name] (<a href='...'>Document</a>)`;
    no link at all (`[ruling]`, `[Close Adversary Case] `); E.D.N.Y.'s `[Name] Case name
    (<a href="...show_case_doc?22,4431,,,">22</a>)` with the link last; several names sharing
    one link (one entry, several events); several `[Name] (link)` pairs (several entries);
    a description with no bracketed name at all (all of it becomes text). A name whose `]`
    is missing (`[Motion to Seal (<a ...>1</a>)`) ends where its link starts; a `[` that opens
    no name at all makes the whole description text.
    """
    start = desc.find("[")
    if start < 0 or (
        start and not desc[:start].lstrip().startswith("Type:") and desc[:start].strip()
    ):
        return [_Event(names=[], text=_clean(desc))]
    events: list[_Event] = []
    names: list[str] = []
    pos = start
    n = len(desc)
    while pos < n:
        m = _BRACKET.match(desc, pos)
        if m and not (events and not names and _DIGITS.fullmatch(m.group(1).strip())):
            names.append(_clean(m.group(1)))
            pos = m.end()
            continue
        if m is None and desc.startswith("[", pos):
            m = _UNCLOSED.match(desc, pos)
            if m:
                names.append(_clean(m.group(1)))
                pos = m.end()
                continue
        a = _ANCHOR_HERE.match(desc, pos) if names else None
        if a is None:
            break
        events.append(_Event(names, _href(a.groups()[:3]), _number(a.group(4))))
        names = []
        pos = a.end()
    rest = desc[pos:]
    if names:
        event = _Event(names)
        a = _ANCHOR_TAIL.search(rest, max(0, len(rest) - _TAIL_WINDOW)) if "<" in rest else None
        if a is not None:
            event.document_url, event.entry_number = _href(a.groups()[:3]), _number(a.group(4))
            rest = rest[: a.start()]
        events.append(event)
    if not events:  # a `[` that opens no name: all of it is text
        return [_Event(names=[], text=_clean(desc))]
    if rest and not rest.isspace():
        events[-1].text = _clean(rest)
    return events


_CASE_ID_PATTERNS = (
    re.compile(r"\.pl\?(\d+)(?:$|[&\-])"),  # DktRpt.pl?492165, DktRpt.pl?265812-16739
    re.compile(r"-L_[^-]*-\d+-(\d+)"),  # iquery.pl?625371913403797-L_9999_1-0-663150
    re.compile(r"[?&]caseid=(\d+)"),  # doc1/127122264358?caseid=492165&de_seq_num=10
    re.compile(r"show_case_doc\?\d+,(\d+)"),  # E.D.N.Y. show_case_doc?22,4431,,,
)


def pacer_case_id(*urls: str | None) -> str | None:
    """The PACER case id from the first URL that carries one (docket link, document link,
    guid); None for appellate courts, whose links carry the docket number instead."""
    for url in urls:
        if url:
            for pattern in _CASE_ID_PATTERNS:
                m = pattern.search(url)
                if m:
                    return m.group(1)
    return None


# --------------------------------------------------------------------------------------------
# The feed
# --------------------------------------------------------------------------------------------


def _inner(node: etree._Element) -> str:
    """Text of a child element; if a court left the HTML unescaped, its markup as a string."""
    if len(node) == 0:
        return node.text or ""
    parts = [node.text or ""]
    parts.extend(etree.tostring(child, encoding="unicode", with_tail=True) for child in node)
    return "".join(parts)


def _label(title: str | None, index: int) -> str:
    shown = quoted(title)
    return f"item {index}" + (f" ({shown})" if shown else "")


def _node_label(node: etree._Element, index: int) -> str:
    """`item N (title)`, else `item N (guid ...)`: read defensively, the node is a broken one."""
    for tag in ("title", "guid"):
        try:
            text = " ".join((node.findtext(tag) or "").split())
        except ValueError:  # text lxml cannot decode
            continue
        if text:
            return _label(text if tag == "title" else f"guid {text}", index)
    return _label(None, index)


@dataclass
class _Item:
    """One `<item>` read: the fields its docket entries share, the entries, notes on it."""

    docket_number: str
    case_name: str
    case_id: str | None
    published: str
    guid: str
    case_url: str | None
    events: list[_Event]
    notes: list[str]


def _read_item(
    node: etree._Element, index: int, court: str, appellate: bool, declared: frozenset[str]
) -> _Item | str:
    """One `<item>` → its entries, or the reason it is left out."""
    title = link = desc = guid = pub = None
    for child in node:
        tag = child.tag
        if tag == "title":
            title = _inner(child)
        elif tag == "link":
            link = child.text
        elif tag == "description":
            desc = _inner(child)
        elif tag == "guid":
            guid = child.text
        elif tag == "pubDate":
            pub = child.text
    if declared:
        used = [name for name in entity_refs(node) if name in declared]
        if used:
            return (
                f"{_label(title, index)}: uses the entity &{used[0]}; declared in the feed's "
                "DOCTYPE, which is never expanded"
            )
    if not title or not title.strip():
        return f"{_label(None, index)}: no title (no docket number)"
    docket_number, case_name = parse_title(title, court)
    if docket_number is None:
        first = quoted(title.split()[0], 40)
        return f"{_label(title, index)}: unrecognised docket number {first!r}"
    if not pub or not pub.strip():
        return f"{_label(title, index)}: no pubDate"
    published = parse_pubdate(pub)
    if published is None:
        return f"{_label(title, index)}: unreadable pubDate {quoted(pub, 40)!r}"
    events = parse_description(desc) if desc else []
    if not events or not (events[0].names or events[0].text):
        return f"{_label(title, index)}: no event in the description"
    notes = []
    for event in events:
        if event.text and event.text == case_name:
            event.text = ""  # E.D.N.Y. repeats the case name where other courts put entry text
        if len(event.text) > MAX_TEXT_CHARS:
            notes.append(
                f"{_label(title, index)}: text of {len(event.text)} characters cut to "
                f"{MAX_TEXT_CHARS}"
            )
            event.text = event.text[:MAX_TEXT_CHARS]
    case_url = link.strip() or None if link else None
    guid = guid.strip() if guid else ""
    case_id = (
        None if appellate else pacer_case_id(case_url, *(e.document_url for e in events), guid)
    )
    return _Item(docket_number, case_name, case_id, published, guid, case_url, events, notes)


def _entry_types(root: etree._Element, problems: list[str]) -> str | None:
    channel = root.find("channel")
    if channel is None:
        return None
    try:
        desc = channel.findtext("description")
    except ValueError as exc:  # text lxml cannot decode
        problems.append(f"channel description unreadable ({type(exc).__name__})")
        return None
    return " ".join(desc.split()) or None if desc else None


def parse_feed(content: bytes | str, court: str) -> ParsedFeed:
    """Parse one PACER RSS response body for `court` (a CourtListener/PACER id).

    Raises `FeedError` (`empty`, `not_rss`, `malformed`) when nothing usable is there; see the
    module docstring for what counts as partial and how it is reported. Items are read one by
    one: whatever goes wrong inside one item skips that item (with its reason), never the feed.
    """
    problems: list[str] = []
    data = _prepare(content, problems)
    try:
        document = read_document(data, ITEMS, problems)
    except Unreadable as exc:
        rss_like = b"<rss" in data[:4096].lower() or data.lstrip(_WS).startswith(b"<?xml")
        raise FeedError("malformed" if rss_like else "not_rss", f"unreadable XML: {exc}") from None
    root, xml_error = document.root, document.error
    root_name = _localname(root.tag)
    if root_name != "rss":
        if xml_error is not None and b"<rss" in data[:4096].lower():
            raise FeedError("malformed", f"broken RSS: {xml_error}")
        what = "an HTML page" if root_name == "html" else "XML whose root is not <rss>"
        raise FeedError("not_rss", f"body is {what}, not RSS", sample=server_sample(root_name))

    feed = ParsedFeed(problems=problems)
    feed.entry_types = _entry_types(root, problems)

    records = document.records
    if xml_error is not None:
        for record in records:
            fault = record.fault()
            if fault:
                label = (
                    _label(None, record.position)
                    if record.element is None
                    else _node_label(record.element, record.position)
                )
                feed.skipped.append(f"{label}: {fault}")
        records = [record for record in records if not record.fault()]
        if not _RSS_END.search(data[-512:]):  # the body stops early: a download cut short
            note = (
                f"feed XML is truncated or broken ({xml_error}); kept the {len(records)} "
                "complete item(s) before the break, any after it are lost"
            )
            feed.skipped.append(note)
        else:  # a local glitch (bare `&`, HTML entity, one broken item): the rest is intact
            note = f"feed XML has errors, items read one by one in recover mode ({xml_error})"
        problems.append(note)

    appellate = is_appellate(court)
    merged: dict[tuple[Any, ...], tuple[dict[str, Any], list[str]]] = {}
    items = feed.items
    for record in records:
        node, index = record.element, record.position
        if node is None:  # (only in a document that parsed whole, never)
            continue
        try:
            item = _read_item(node, index, court, appellate, document.entities)
        except Exception as exc:  # one bad item costs only itself
            feed.skipped.append(record_failed(_node_label(node, index), exc))
            continue
        if isinstance(item, str):
            feed.skipped.append(item)
            continue
        problems.extend(item.notes)
        for event in item.events:
            key = (item.docket_number, item.case_id, item.published, event.document_url)
            key += (event.entry_number,)
            seen = merged.get(key)
            if seen is not None:  # another event of the same docket entry
                record_dict, names = seen
                names.extend(event.names)
                record_dict["short_description"] = " AND ".join(sorted(names))
                text = event.text
                if text and text not in record_dict["text"]:
                    record_dict["text"] = (
                        f"{record_dict['text']}\n{text}" if record_dict["text"] else text
                    )
                continue
            names = list(event.names)
            record_dict = {
                "court": court,
                "docket_number": item.docket_number,
                "case_name": item.case_name,
                "pacer_case_id": item.case_id,
                "entry_number": event.entry_number,
                "short_description": " AND ".join(sorted(names)),
                "text": event.text,
                "document_url": event.document_url,
                "published": item.published,
                "guid": item.guid,
                "case_url": item.case_url,
            }
            merged[key] = (record_dict, names)
            items.append(record_dict)

    if xml_error is not None and not items:
        raise FeedError("malformed", f"broken XML and no complete item: {xml_error}")
    return feed
