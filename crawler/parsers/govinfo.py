"""Parse GovInfo's USCOURTS collection: MODS records, API listings, per-court RSS, HTML text.

Pure functions (bytes or str in, plain dicts out, no network, no Scrapy); the GovInfo spider
and the tests call them. Record shapes for the store are pinned in `docs/internals.md`
("More sources"): `case_record` gives the case dict, `entry_records` the entry dicts.

What GovInfo serves (learned from real USCOURTS MODS records and API responses)
-----------------------------------------------------------------------------
- A *package* is one case (`USCOURTS-caed-2_14-cv-02727`: court, office, year, type, number;
  appellate `USCOURTS-ca8-11-01535`); its *granules* are the opinions and orders published in
  it, numbered from 0 (`USCOURTS-caed-2_14-cv-02727-0`).
- Package MODS (`mods` root in the `http://www.loc.gov/mods/v3` namespace, no XML
  declaration) carries the case in an `<extension>` (courtType, courtCode, caseNumber,
  caseType, natureSuitCode, natureSuit, cause, `<party fullName= role=>`). That extension is
  printed twice, the second copy with an extra `<state>`: parties are de-duplicated.
  Criminal, miscellaneous and appellate records have no natureSuit; caseType may be empty.
- Each granule is a `<relatedItem type="constituent">` with `titleInfo/subTitle` (the docket
  text again), `extension/docketText`, `extension/sequenceNumber`, `extension/dateIssued`,
  a `location/url` "PDF rendition" and a "Content Detail" page. The `otherFormat` link of
  older appellate records is wrong (`/fdsys/pkg/pdf/...`): the location URL is preferred.
- Appellate caseNumber is zero-padded (`11-01535`); the `preferred citation` identifier gives
  the PACER form second (`11-01535;11-1535`), which is what PACER RSS and CourtListener use.
- Listings (API `collections`, `published`): `{"count", "nextPage", "packages": [{packageId,
  lastModified, packageLink}]}`; `nextPage` is a full URL (old API: `offset=25`, newer:
  `offsetMark=...`) that may echo `api_key=`. The search service answers `{"results":
  [{packageId, granuleId, lastModified, resultLink, ...}], "offsetMark", "count"}` and pages
  by POSTing the offsetMark back (no URL), so its next page is None here.

Assumptions (no real sample available offline)
----------------------------------------------
- Granule-level MODS (`.../granule/<granule>/mods.xml`) is read as a record whose own
  `extension` holds both the case fields and the granule's accessId/docketText, with no
  constituent items: it gives a package with that one granule.
- GovInfo's per-court RSS (`/rss/uscourts-{court}.xml`) is read as plain RSS 2.0 whose
  item `<link>` or `<guid>` names the package (and maybe the granule) id; nothing else in an
  item is relied on.
- The HTML rendition is a page whose text is mostly one `<pre>`.

Bad input (decisions)
---------------------
- `crawler.parsers.errors.FeedError` when nothing usable is there: `empty` (no bytes),
  `not_rss` (HTML error page, JSON where XML is expected and the reverse, XML of another
  kind), `malformed` (broken JSON, JSON nested too deep to read, a MODS record without
  caseNumber, a MODS record cut before its first granule or broken there with its two copies
  of the case fields no longer agreeing, RSS with no complete item).
- XML is read by `crawler.parsers.xmlsafe`: no entity is expanded, no DTD or URL loaded (a
  DOCTYPE is dropped, noted), forbidden character references become U+FFFD; a damaged MODS
  record is read granule by granule, a damaged RSS feed item by item.
- One bad granule, RSS item or listing row costs only itself: whatever goes wrong inside it
  (any exception, an unexpanded entity from a dropped DOCTYPE, its closing tag missing)
  skips it with a reason in the package's `skipped` (`RssListing.skipped`); notes on the
  document as a whole go to `problems`. The case fields of a package are all or nothing: XML
  broken before the first granule is read in recover mode only when both copies of the case
  extension GovInfo prints are there and agree (`_case_copies_agree`).
- A package read from damaged XML says so (`damaged`: True): its granule list may be cut
  short, so it cannot show that a granule is gone (the re-read spider reads it as `failed`).
- JSON is read by `crawler.parsers.jsonsafe` (huge integers, lone surrogates).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from lxml import etree, html

from crawler.parsers.errors import (
    FeedError,
    body_kind,
    json_error_summary,
    quoted,
    record_failed,
    server_sample,
)
from crawler.parsers.jsonsafe import load_json
from crawler.parsers.pacer_rss import is_appellate, parse_pubdate
from crawler.parsers.xmlsafe import Document, RecordShape, Unreadable, entity_refs, read_document

__all__ = [
    "RssListing",
    "case_record",
    "entry_records",
    "html_text",
    "parse_listing",
    "parse_mods",
    "parse_rss",
    "split_access_id",
    "strip_api_key",
]

logger = logging.getLogger(__name__)

MODS_NS = "http://www.loc.gov/mods/v3"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_M = {"m": MODS_NS}

#: Package id, then an optional granule sequence: `USCOURTS-caed-2_14-cv-02727-0`,
#: appellate `USCOURTS-ca8-11-01535-0` (office and case type are absent there).
_ACCESS_ID = re.compile(
    r"(USCOURTS-[a-z0-9]+-(?:\d+_)?\d\d-(?:[a-z]+-)?\d+)(?:-(\d+))?(?![\w-])", re.I
)
_LOOSE_PACKAGE = re.compile(r"USCOURTS-[a-z0-9]+-[0-9A-Za-z_-]+")
_APPELLATE_NUMBER = re.compile(r"^(\d\d)-0*(\d+)$")
_XML_DECL_ENC = re.compile(r"""^(\s*<\?xml[^>]*?)\s+encoding\s*=\s*["'][^"']*["']""")
_WS = " \t\r\n\x00\ufeff"
_ASCII_DIGITS = re.compile(r"[0-9]{1,9}")


def _constituents(root: etree._Element) -> list[etree._Element]:
    return root.findall("m:relatedItem[@type='constituent']", _M)


def _rss_items(root: etree._Element) -> list[etree._Element]:
    return list(root.iter("item"))


#: Granules of a MODS package record: constituent relatedItems (not their otherFormat ones).
GRANULES = RecordShape(
    b"relatedItem",
    re.compile(rb"""<relatedItem\s[^<>]{0,4096}?\btype\s*=\s*["']constituent["']"""),
    _constituents,
)
#: Items of GovInfo's per-court RSS.
RSS_ITEMS = RecordShape(b"item", re.compile(rb"<item(?=[\s>/])"), _rss_items)


# --------------------------------------------------------------------------------------------
# Input sniffing
# --------------------------------------------------------------------------------------------


def _text_of(content: bytes | str) -> str:
    """Decode to str (UTF-8, as GovInfo serves; bad bytes replaced); BOM and padding dropped."""
    if isinstance(content, bytes | bytearray):
        text = bytes(content).decode("utf-8", errors="replace")
    else:
        text = content
    text = text.strip(_WS)
    if not text:
        raise FeedError("empty", "empty body")
    return text


def _looks_html(head: str) -> bool:
    lower = head[:4096].lower()
    return lower.startswith("<!doctype html") or lower.startswith("<html") or "<html" in lower


_HTML_TITLE = re.compile(r"<title[^>]*>(.*?)</title", re.I | re.S)


def _title(text: str) -> str:
    """An HTML page's title, as a `server_sample` (for DEBUG logs only)."""
    m = _HTML_TITLE.search(text[:4096])
    return server_sample(m.group(1)) if m else ""


def _xml_document(
    content: bytes | str, expected: str, shape: RecordShape, problems: list[str]
) -> Document:
    """Read XML whose root's local name is `expected` (`mods`, `rss`), see `xmlsafe`.

    Quirks: GovInfo's MODS has no XML declaration; API error pages and gateway pages come as
    HTML or JSON with status 200 behind some proxies; str input may carry an encoding
    declaration, which lxml refuses for str (dropped here, the text is already decoded).
    """
    text = _text_of(content)
    if text[:1] in "{[":
        raise FeedError("not_rss", f"body is JSON, not {expected} XML", sample=server_sample(text))
    if _looks_html(text) and f"<{expected}" not in text[:4096]:
        raise FeedError("not_rss", "body is an HTML page", sample=_title(text))
    if not text.startswith("<"):
        raise FeedError(
            "not_rss", f"body is not XML ({body_kind(text)})", sample=server_sample(text)
        )
    data = _XML_DECL_ENC.sub(r"\1", text, count=1).encode("utf-8", errors="replace")
    try:
        document = read_document(data, shape, problems)
    except Unreadable as exc:  # its message is xmlsafe's summary, never the body's words
        raise FeedError("malformed", f"unreadable XML: {exc}") from None
    root = document.root
    name = etree.QName(root).localname if isinstance(root.tag, str) else ""
    if name.lower() != expected:
        if document.error is not None and f"<{expected}" in text[:4096]:
            raise FeedError("malformed", f"broken {expected} XML: {document.error}")
        raise FeedError("not_rss", f"XML root is not <{expected}>", sample=server_sample(name))
    return document


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())


# --------------------------------------------------------------------------------------------
# Ids and numbers
# --------------------------------------------------------------------------------------------


def split_access_id(text: str) -> tuple[str | None, str | None]:
    """(package id, granule id or None) named in `text` (a URL, a guid).

    `.../USCOURTS-ca8-11-01535/USCOURTS-ca8-11-01535-0` → (`USCOURTS-ca8-11-01535`,
    `USCOURTS-ca8-11-01535-0`). Appellate package ids end in digits like a granule suffix, so
    the case-number shape decides where the package id ends; a details URL names the package
    first and the granule after it. Ids of another shape fall back
    to the loose pattern `USCOURTS-[a-z0-9]+-[0-9A-Za-z_-]+` (package only).
    """
    matches = list(_ACCESS_ID.finditer(text or ""))
    if matches:
        package = matches[0].group(1)
        sequences = [m.group(2) for m in matches if m.group(1) == package and m.group(2)]
        return package, f"{package}-{sequences[0]}" if sequences else None
    loose = _LOOSE_PACKAGE.search(text or "")
    return (loose.group(0), None) if loose else (None, None)


def normalise_case_number(number: str, court: str, court_type: str, citation: str) -> str:
    """PACER/CourtListener form of GovInfo's caseNumber.

    District numbers are given as PACER writes them (`2:14-cv-02727`). Appellate numbers are
    zero-padded (`11-01535`); the `preferred citation` (`11-01535;11-1535`) names the PACER
    form second, else the padding is dropped here.
    """
    number = _clean(number)
    if court_type.lower() != "appellate" and not is_appellate(court):
        return number
    forms = [_clean(f) for f in citation.split(";")]
    if len(forms) == 2 and forms[0] == number and _APPELLATE_NUMBER.match(forms[1]):
        return forms[1]
    match = _APPELLATE_NUMBER.match(number)
    return f"{match.group(1)}-{match.group(2)}" if match else number


# --------------------------------------------------------------------------------------------
# MODS
# --------------------------------------------------------------------------------------------


def _case_extension(root: etree._Element) -> etree._Element:
    """The first top-level `<extension>` with a caseNumber (there are two identical ones)."""
    for extension in root.findall("m:extension", _M):
        if _clean(extension.findtext("m:caseNumber", namespaces=_M)):
            return extension
    raise FeedError("malformed", "MODS record has no caseNumber: not a USCOURTS case record")


_CASE_FIELDS = ("courtType", "courtCode", "caseNumber", "caseType", "natureSuitCode")


def _case_copies_agree(root: etree._Element) -> bool:
    """GovInfo prints the case extension twice: when the XML around the case fields is broken
    (read in recover mode), both copies must be there and say the same (court, number, type,
    nature of suit, cause, parties) for the case fields to be trusted."""
    copies = [
        ext
        for ext in root.findall("m:extension", _M)
        if _clean(ext.findtext("m:caseNumber", namespaces=_M))
    ]
    if len(copies) < 2:
        return False
    seen = {
        (
            tuple(_first(ext, f"m:{name}") for name in (*_CASE_FIELDS, "natureSuit", "cause")),
            tuple(
                sorted(
                    (p.get("fullName") or "", p.get("role") or "")
                    for p in ext.findall("m:party", _M)
                )
            ),
        )
        for ext in copies
    }
    return len(seen) == 1


def _parties(root: etree._Element, problems: list[str]) -> list[dict[str, str]]:
    """`extension/party` of every top-level extension, de-duplicated (the block repeats).
    A party whose attributes cannot be read is left out, noted in `problems`."""
    seen: dict[tuple[str, str], None] = {}
    for number, party in enumerate(root.findall("m:extension/m:party", _M), 1):
        try:
            name = _clean(party.get("fullName")) or _clean(
                " ".join(
                    party.get(key) or ""
                    for key in ("firstName", "middleName", "lastName", "generation")
                )
            )
            role = _clean(party.get("role"))
        except ValueError as exc:  # an attribute lxml cannot decode
            problems.append(f"party {number}: unreadable ({type(exc).__name__}), left out")
            continue
        if name:
            seen.setdefault((name, role), None)
    return [{"name": name, "role": role} for name, role in seen]


def _url(item: etree._Element, label: str) -> str | None:
    for url in item.findall("m:location/m:url", _M):
        if _clean(url.get("displayLabel")).lower() == label:
            return _clean(url.text) or None
    return None


def _pdf_url(item: etree._Element) -> str | None:
    """The "PDF rendition" location; the `otherFormat` link only when that is missing."""
    found = _url(item, "pdf rendition")
    if found:
        return found
    for other in item.findall("m:relatedItem[@type='otherFormat']", _M):
        href = _clean(other.get(XLINK_HREF))
        if href.lower().endswith(".pdf"):
            return href
    return None


def _first(node: etree._Element, path: str) -> str:
    """Collapsed text of the first element at `path` (MODS prefix `m:`), or ""."""
    return _clean(node.findtext(path, namespaces=_M))


def _granule(item: etree._Element, granule_id: str) -> dict[str, Any]:
    """One granule from a constituent relatedItem, or from a granule record's own root.

    The date is the granule's `extension/dateIssued` (`originInfo/dateIssued` repeats it);
    the sequence is `extension/sequenceNumber` (`titleInfo/partNumber` repeats it).
    """
    sequence = _first(item, "m:extension/m:sequenceNumber") or _first(
        item, "m:titleInfo/m:partNumber"
    )
    docket_text = _first(item, "m:extension/m:docketText")
    return {
        "granule_id": granule_id,
        "sequence": int(sequence) if _ASCII_DIGITS.fullmatch(sequence) else None,
        "title": _first(item, "m:titleInfo/m:subTitle") or docket_text,
        "docket_text": docket_text,
        "date_issued": _first(item, "m:extension/m:dateIssued")
        or _first(item, "m:originInfo/m:dateIssued")
        or None,
        "pdf_url": _pdf_url(item),
        "details_url": _url(item, "content detail"),
    }


def _granule_label(item: etree._Element | None, position: int) -> str:
    """`granule N (USCOURTS-...-N)`, read defensively: the item is a broken one."""
    if item is None:
        return f"granule {position}"
    try:
        shown = item.get("ID") or _first(item, "m:extension/m:accessId")
    except ValueError:  # text lxml cannot decode
        shown = ""
    shown = quoted(shown)
    return f"granule {position}" + (f" ({shown.removeprefix('id-')})" if shown else "")


def _read_granule(item: etree._Element, declared: frozenset[str]) -> dict[str, Any] | str:
    """One constituent relatedItem → granule dict, or the reason it is left out."""
    used = [name for name in entity_refs(item) if name in declared] if declared else []
    if used:
        return (
            f"uses the entity &{used[0]}; declared in the record's DOCTYPE, which is never expanded"
        )
    granule_id = _first(item, "m:extension/m:accessId") or split_access_id(item.get("ID") or "")[1]
    if not granule_id:
        return "no granule id (no accessId, no ID attribute naming one)"
    return _granule(item, granule_id)


def _granules(
    root: etree._Element, document: Document, package_id: str, skipped: list[str]
) -> list[dict[str, Any]]:
    """Granules of a package record, in sequence order; a granule record gives itself.

    Granules are read one by one: a broken one is skipped with a reason in `skipped`.
    """
    granules = []
    for record in document.records:
        item, position = record.element, record.position
        label = _granule_label(item, position)
        fault = record.fault()
        if fault or item is None:
            skipped.append(f"{label}: {fault}")
            continue
        try:
            granule = _read_granule(item, document.entities)
        except Exception as exc:  # one bad granule costs only itself
            skipped.append(record_failed(label, exc))
            continue
        if isinstance(granule, str):
            skipped.append(f"{label}: {granule}")
            continue
        granules.append(granule)
    if not document.records:
        own = _first(root, "m:extension/m:accessId") or _first(
            root, "m:recordInfo/m:recordIdentifier"
        )
        package, granule_id = split_access_id(own)
        if granule_id and package == package_id:
            granules.append(_granule(root, granule_id))
    return sorted(granules, key=lambda g: (g["sequence"] is None, g["sequence"] or 0))


def _package_id(root: etree._Element, extension: etree._Element, court: str) -> str:
    """`USCOURTS-caed-2_14-cv-02727` from accessId or recordIdentifier (granule ids cut back)."""
    for candidate in (
        _first(extension, "m:accessId"),
        _first(root, "m:recordInfo/m:recordIdentifier"),
        _first(root, "m:identifier[@type='uri']"),
    ):
        package, _ = split_access_id(candidate)
        if package:
            return package
    number = _first(extension, "m:caseNumber").replace(":", "_")
    return f"USCOURTS-{court}-{number}"


def _package_details(
    root: etree._Element, host: etree._Element | None, has_granules: bool
) -> str | None:
    """The package's details page: a granule record names it in its `host` item."""
    if host is not None and not has_granules:
        return _url(host, "content detail")
    return _url(root, "content detail")


def parse_mods(content: bytes | str) -> dict[str, Any]:
    """A USCOURTS MODS record (package, or granule: see the module docstring) → package dict.

    Keys: package_id, court, court_type, case_type, case_number (PACER form), case_name,
    nature_of_suit, nos_code, cause (None when absent or empty), parties [{name, role}],
    date_issued, details_url, granules [{granule_id, sequence, title, docket_text,
    date_issued, pdf_url, details_url}], skipped (reasons for granules left out), problems
    (notes on the record as a whole), damaged (the XML was broken and read in recover mode:
    granules may be missing). See "Bad input" in the module docstring.
    """
    problems: list[str] = []
    document = _xml_document(content, "mods", GRANULES, problems)
    root = document.root
    if document.error is not None:
        if not document.records:  # cut or broken before its first granule
            raise FeedError("malformed", f"broken MODS record: {document.error}")
        if document.head_error and not _case_copies_agree(root):
            raise FeedError(
                "malformed",
                f"broken MODS record before its first granule ({document.head_error}), and the "
                "two copies of its case fields do not agree",
            )
        problems.append(f"MODS XML has errors, granules read one by one ({document.error})")
    try:
        package = _package(root, document, problems)
    except FeedError:
        raise
    except Exception as exc:  # the case fields are all or nothing
        logger.warning("MODS case fields unreadable", exc_info=exc)
        raise FeedError(
            "malformed", f"MODS case fields unreadable ({type(exc).__name__}: {exc})"
        ) from None
    package["damaged"] = document.error is not None
    return package


def _package(root: etree._Element, document: Document, problems: list[str]) -> dict[str, Any]:
    extension = _case_extension(root)
    court = _first(extension, "m:courtCode").lower()
    court_type = _first(extension, "m:courtType")
    package_id = _package_id(root, extension, court)
    if not court:
        court = package_id.split("-")[1].lower()
    host = root.find("m:relatedItem[@type='host']", _M)
    case_name = _first(root, "m:titleInfo/m:title") or (
        _first(host, "m:titleInfo/m:title") if host is not None else ""
    )
    skipped: list[str] = []
    return {
        "package_id": package_id,
        "court": court,
        "court_type": court_type or None,
        "case_type": _first(extension, "m:caseType") or None,
        "case_number": normalise_case_number(
            _first(extension, "m:caseNumber"),
            court,
            court_type,
            _first(root, "m:identifier[@type='preferred citation']"),
        ),
        "case_name": case_name,
        "nature_of_suit": _first(extension, "m:natureSuit") or None,
        "nos_code": _first(extension, "m:natureSuitCode") or None,
        "cause": _first(extension, "m:cause") or None,
        "parties": _parties(root, problems),
        "date_issued": _first(root, "m:originInfo/m:dateIssued") or None,
        "details_url": _package_details(root, host, bool(document.records)),
        "granules": _granules(root, document, package_id, skipped),
        "skipped": skipped,
        "problems": problems,
    }


# --------------------------------------------------------------------------------------------
# Records for the store
# --------------------------------------------------------------------------------------------


def case_record(package: dict[str, Any]) -> dict[str, Any]:
    """The contract's case dict: GovInfo gives no filing/termination dates or PACER case id."""
    return {
        "court": package["court"],
        "docket_number": package["case_number"],
        "case_name": package["case_name"],
        "nature_of_suit": package["nature_of_suit"],
        "nos_code": package["nos_code"],
        "cause": package["cause"],
        "parties": [dict(p) for p in package["parties"]],
        "date_filed": None,
        "date_terminated": None,
        "docket_url": package["details_url"],
        "pacer_case_id": None,
        "source_id": package["package_id"],
    }


def entry_records(package: dict[str, Any]) -> list[dict[str, Any]]:
    """One entry dict per granule.

    Granules carry no entry number and no time of day: `entry_number` is None and both
    `date_filed` and `published` are the granule's ISO date (`2015-01-06`, no time and no
    zone: inventing midnight UTC would put it on the previous day in US time zones). The
    docket text is the entry text; `short_description` is "" (GovInfo has no event name).
    """
    return [
        {
            "court": package["court"],
            "docket_number": package["case_number"],
            "case_name": package["case_name"],
            "pacer_case_id": None,
            "entry_number": None,
            "short_description": "",
            "text": granule["docket_text"],
            "document_url": granule["pdf_url"],
            "published": granule["date_issued"],
            "date_filed": granule["date_issued"],
            "guid": granule["granule_id"],
            "case_url": package["details_url"],
            "source_id": granule["granule_id"],
            "source_url": granule["details_url"],
        }
        for granule in package["granules"]
    ]


# --------------------------------------------------------------------------------------------
# API listings
# --------------------------------------------------------------------------------------------


def strip_api_key(url: str) -> str:
    """`url` without any `api_key=` query parameter; the other parameters stay byte for byte
    (re-encoding would change an offsetMark's `%3D` or a `*`). A URL urllib cannot split
    (`http://[oops/`) is cut at its `?` and `#` by hand: the key never passes either way."""
    try:
        parts = urlsplit(url)
    except ValueError:
        base, _, rest = url.partition("?")
        query, hash_, fragment = rest.partition("#")
        kept = [p for p in query.split("&") if p and not p.lower().startswith("api_key=")]
        return base + ("?" + "&".join(kept) if kept else "") + hash_ + fragment
    kept = [p for p in parts.query.split("&") if p and not p.lower().startswith("api_key=")]
    return urlunsplit(parts._replace(query="&".join(kept)))


def _listing_json(content: bytes | str) -> dict[str, Any]:
    text = _text_of(content)
    if text[:1] == "<":
        html_page = _looks_html(text)
        raise FeedError(
            "not_rss",
            "body is " + ("an HTML page" if html_page else "XML"),
            sample=_title(text) if html_page else server_sample(text),
        )
    try:
        data, _ = load_json(text)  # lone surrogates become U+FFFD, huge numbers stay digits
    except ValueError as exc:
        raise FeedError("malformed", f"unreadable JSON {json_error_summary(exc)}") from None
    if not isinstance(data, dict) or not (
        isinstance(data.get("packages"), list) or isinstance(data.get("results"), list)
    ):
        message = data.get("message") if isinstance(data, dict) else None
        said = "with a message" if message else "without a message"
        raise FeedError(
            "not_rss",
            f"JSON without packages or results ({said})",
            sample=server_sample(str(message or "")),
        )
    return data


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def parse_listing(content: bytes | str) -> tuple[list[dict[str, Any]], str | None]:
    """(packages, next page URL or None) of a collections/published/search API answer.

    Each package: `package_id`, `granule_id` (search results name one; else None),
    `last_modified`, `link`. Rows without a USCOURTS-style packageId are kept as given; rows
    that are no object or have no packageId string are left out. Fields of another JSON type
    than a string read as None. `nextPage` comes back with any `api_key=` removed; the search
    service has none.
    """
    data = _listing_json(content)
    rows = data.get("packages") if isinstance(data.get("packages"), list) else data["results"]
    packages = []
    for row in rows:
        if not isinstance(row, dict) or not isinstance(row.get("packageId"), str):
            continue
        if not row["packageId"].strip():
            continue
        packages.append(
            {
                "package_id": row["packageId"],
                "granule_id": _str_or_none(row.get("granuleId")),
                "last_modified": _str_or_none(row.get("lastModified")),
                "link": _str_or_none(row.get("packageLink")) or _str_or_none(row.get("resultLink")),
            }
        )
    next_page = data.get("nextPage")
    return packages, strip_api_key(next_page) if isinstance(next_page, str) and next_page else None


# --------------------------------------------------------------------------------------------
# RSS
# --------------------------------------------------------------------------------------------


def _child_text(item: etree._Element, name: str) -> str:
    for child in item:
        if isinstance(child.tag, str) and etree.QName(child).localname.lower() == name:
            return _clean("".join(child.itertext()))
    return ""


@dataclass
class RssListing:
    """What `parse_rss` found: the items, reasons for items left out, notes on the feed."""

    items: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _rss_label(item: etree._Element | None, position: int) -> str:
    """`item N (title)`, read defensively: the item is a broken one."""
    try:
        title = quoted(_child_text(item, "title")) if item is not None else ""
    except ValueError:  # text lxml cannot decode
        title = ""
    return f"item {position}" + (f" ({title})" if title else "")


def _rss_item(item: etree._Element, declared: frozenset[str]) -> dict[str, Any] | str | None:
    """One RSS item → item dict, a reason it is left out, or None when it names no package."""
    used = [name for name in entity_refs(item) if name in declared] if declared else []
    if used:
        return f"uses the entity &{used[0]}; declared in the feed's DOCTYPE, never expanded"
    link, guid = _child_text(item, "link"), _child_text(item, "guid")
    package_id, granule_id = split_access_id(link)
    if not package_id:
        package_id, granule_id = split_access_id(guid)
    if not package_id:
        return None
    pubdate = _child_text(item, "pubdate")
    return {
        "package_id": package_id,
        "granule_id": granule_id,
        "title": _child_text(item, "title"),
        "link": link or guid,
        "published": parse_pubdate(pubdate) if pubdate else None,
    }


def parse_rss(content: bytes | str) -> RssListing:
    """Items of GovInfo's per-court RSS: package_id, granule_id, title, link, published.

    The ids come from `<link>`, else `<guid>` (see `split_access_id`); items naming no
    USCOURTS id are left out. `published` is the `pubDate` as ISO 8601 with offset, or None.
    Items are read one by one; a damaged feed item by item (`xmlsafe`): a broken item is
    skipped with its reason, and `FeedError("malformed")` only when the XML is broken and no
    item is left.
    """
    problems: list[str] = []
    document = _xml_document(content, "rss", RSS_ITEMS, problems)
    found = RssListing(problems=problems)
    if document.error is not None:
        problems.append(f"feed XML has errors, items read one by one ({document.error})")
    for record in document.records:
        item, position = record.element, record.position
        fault = record.fault()
        if fault or item is None:
            found.skipped.append(f"{_rss_label(item, position)}: {fault}")
            continue
        try:
            read = _rss_item(item, document.entities)
        except Exception as exc:  # one bad item costs only itself
            found.skipped.append(record_failed(_rss_label(item, position), exc))
            continue
        if isinstance(read, str):
            found.skipped.append(f"{_rss_label(item, position)}: {read}")
        elif read is not None:
            found.items.append(read)
    if document.error is not None and not found.items:
        raise FeedError("malformed", f"broken RSS and no complete item: {document.error}")
    return found


# --------------------------------------------------------------------------------------------
# HTML rendition
# --------------------------------------------------------------------------------------------

_DROPPED_TAGS = ("script", "style", "noscript", "head", "template")
_BLOCK_TAGS = ("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote")


def html_text(content: bytes | str) -> str:
    """Plain text of GovInfo's HTML rendition.

    The text is the `<pre>` blocks when there are any (their line breaks kept), else the
    body's text with a line break after each block element. Entities are decoded, scripts,
    styles and the head dropped, trailing spaces and runs of blank lines trimmed; no-break
    spaces become spaces. A page without text gives "".
    """
    data = _text_of(content).encode("utf-8", errors="replace")
    try:
        document = html.document_fromstring(data, parser=html.HTMLParser(encoding="utf-8"))
    except etree.ParserError:  # "Document is empty": a page of comments or nothing
        return ""
    for element in list(document.iter(*_DROPPED_TAGS)):
        element.drop_tree()
    blocks = document.findall(".//pre")
    if not blocks:
        for element in document.iter(*_BLOCK_TAGS):
            element.tail = "\n" + (element.tail or "")
        body = document.find("body")
        blocks = [body if body is not None else document]
    raw = "\n\n".join(block.text_content() for block in blocks)
    lines = [line.rstrip() for line in raw.replace("\r\n", "\n").replace("\xa0", " ").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
