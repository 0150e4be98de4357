"""Parse CourtListener's RECAP Atom search feed and REST v4 JSON into sealtrail records.

Pure functions (bytes or str in, plain dicts out); no Scrapy, no network. The record shapes
are pinned in `docs/internals.md` ("More sources"): entry dicts, case dicts, order inputs.

What the formats look like (learned from CourtListener's source: `cl/search/feeds.py`, its
`feeds/solr_desc_template.html`, `cl/api/pagination.py`, the v4 search serializers and the
field lists its tests check; the REST field names are also in the endpoints' OPTIONS answers)
-------------------------------------------------------------------------------------------
- Atom search feed `/feed/search/?type=r&q=...`: Django's `Atom1Feed`, 20 newest RECAP
  *documents* (not dockets). Per entry: `<title>` = the case name only (no docket number),
  `<link rel="alternate">` and `<id>` = the document's page
  (`https://www.courtlistener.com/docket/<docket id>/<document number>/[<attachment>/]<slug>/`),
  `<author><name>` = the court's *full name* (`District Court, S.D. California`), not its id,
  `<published>`/`<updated>` = the entry's filing date at midnight in the court's time zone,
  `<summary type="html">` = escaped HTML: up to 500 characters of the document's plain text
  (the fragment around the match, or its start) in `<p>`, then a link to the document. The
  docket number is read from the CM/ECF header stamp that starts every page of a filed
  document (`Case 3:26-cv-01234-AB Document 12 Filed ...`; appellate `Case: 19-8054, ...`)
  when the fragment holds one; an entry without it cannot be keyed and is skipped.
- REST v4 search `type=r`: one result per docket, camelCase docket fields (`caseName`,
  `docketNumber`, `suitNature`, `dateFiled`, `court_id`, `party`) with the matching documents
  nested in `recap_documents` (snake_case: `entry_number`, `description` = the docket text,
  `short_description`, `entry_date_filed`, `is_available`, `docket_entry_id`). Cursor
  pagination: `next` is a full URL on www.courtlistener.com carrying `cursor=<base64>`;
  `count` is an int, `document_count` counts the documents.
- REST v4 list endpoints (`dockets/`, `parties/`) use cursor pagination too, and then give
  `count` as a *URL* (`...&count=on`), not a number. Dates are ISO dates; `nature_of_suit` is
  usually the label alone (`Other Statutory Actions`), sometimes with its code in front.
- Docket numbers are already close to PACER's; they are normalised like the PACER RSS parser
  (`3:17-cv-09912-BAS` → `3:17-cv-09912`). For appellate courts `entry_number` may be PACER's
  internal document id (CourtListener's field help says so): numbers that long are dropped.

Bad input (decisions)
---------------------
- Bodies with nothing usable raise `crawler.parsers.errors.FeedError`: `empty`, `not_rss` (an
  HTML error page, JSON where Atom was expected, XML that is not Atom, an API error object),
  `malformed` (broken JSON, JSON nested too deep to read, broken XML with no complete entry).
- One bad entry, search result or RECAP document costs only itself: whatever goes wrong inside
  it (any exception, a field of the wrong JSON type, a link urllib cannot split) skips it with
  a reason in `.skipped` naming it (case name, docket id) and the error type; the others stay.
- XML goes through `crawler.parsers.xmlsafe` (no entity expanded, no DTD or URL loaded, a
  damaged feed read entry by entry), JSON through `crawler.parsers.jsonsafe` (huge integers,
  lone surrogates, duplicate keys: noted in `SearchPage.problems`). Numbers are read from ints
  or ASCII digit strings of at most 18 digits; ids over 64 characters are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from html import unescape
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from lxml import etree

from crawler.parsers.errors import (
    FeedError,
    json_error_summary,
    quoted,
    record_failed,
    server_sample,
)
from crawler.parsers.jsonsafe import load_json
from crawler.parsers.pacer_rss import (
    _localname,
    _prepare,
    is_appellate,
    parse_title,
)
from crawler.parsers.xmlsafe import RecordShape, Unreadable, entity_refs, read_document

__all__ = [
    "PUBLIC_URL",
    "AtomSearch",
    "DocketEntriesPage",
    "SearchPage",
    "court_id_from_name",
    "normalize_docket_number",
    "parse_atom_search",
    "parse_docket",
    "parse_docket_entries",
    "parse_docket_entries_page",
    "parse_parties",
    "parse_recap_document",
    "parse_search_json",
    "rebase_url",
]

#: Where CourtListener lives; links in stored records always point here.
PUBLIC_URL = "https://www.courtlistener.com"
_ATOM = "{http://www.w3.org/2005/Atom}"
#: Appellate "entry numbers" at least this large are PACER document ids, not numbers.
_APPELLATE_ID_FLOOR = 100_000
#: Longest digit string read as a number (ids and entry numbers); SQLite stops at 19 digits.
_MAX_DIGITS = 18
_ASCII_DIGITS = re.compile(r"[0-9]+")
_MAX_ID_CHARS = 64


@dataclass
class AtomSearch:
    """What `parse_atom_search` found: entry dicts, reasons for entries left out, notes."""

    items: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    title: str = ""


@dataclass
class SearchPage:
    """One page of v4 `search/?type=r`: case dicts, entry dicts, the next page's URL."""

    cases: list[dict[str, Any]] = field(default_factory=list)
    entries: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    next: str | None = None
    count: int | None = None
    problems: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Shared field helpers
# --------------------------------------------------------------------------------------------


def normalize_docket_number(value: str | None, court: str) -> str:
    """CourtListener's docket number in PACER's normal form (judge initials dropped).

    `3:17-cv-09912-BAS-KSC` → `3:17-cv-09912`; appellate `19-8054` stays. A number the PACER
    patterns do not know (state-style or consolidated `1:20-cv-1, 1:20-cv-2`) is returned as
    given, whitespace collapsed.
    """
    value = " ".join(value.split()) if isinstance(value, str) else ""
    if not value or not value.split(",")[0].split():
        return value
    normal, _ = parse_title(value.split(",")[0].split()[0], court)
    return normal or value


_STATES = {
    "alabama": "al", "alaska": "ak", "arizona": "az", "arkansas": "ar", "california": "ca",
    "colorado": "co", "connecticut": "ct", "delaware": "de", "columbia": "dc",
    "florida": "fl", "georgia": "ga", "guam": "gu", "hawaii": "hi", "idaho": "id",
    "illinois": "il", "indiana": "in", "iowa": "ia", "kansas": "ks", "kentucky": "ky",
    "louisiana": "la", "maine": "me", "maryland": "md", "massachusetts": "ma",
    "michigan": "mi", "minnesota": "mn", "mississippi": "ms", "missouri": "mo",
    "montana": "mt", "nebraska": "ne", "nevada": "nv", "new hampshire": "nh",
    "new jersey": "nj", "new mexico": "nm", "new york": "ny", "north carolina": "nc",
    "north dakota": "nd", "northern mariana islands": "nmi", "ohio": "oh", "oklahoma": "ok",
    "oregon": "or", "pennsylvania": "pa", "puerto rico": "pr", "rhode island": "ri",
    "south carolina": "sc", "south dakota": "sd", "tennessee": "tn", "texas": "tx",
    "utah": "ut", "vermont": "vt", "virgin islands": "vi", "virginia": "va",
    "washington": "wa", "west virginia": "wv", "wisconsin": "wi", "wyoming": "wy",
}  # fmt: skip
_CIRCUITS = {
    "first": "ca1", "second": "ca2", "third": "ca3", "fourth": "ca4", "fifth": "ca5",
    "sixth": "ca6", "seventh": "ca7", "eighth": "ca8", "ninth": "ca9", "tenth": "ca10",
    "eleventh": "ca11", "d.c.": "cadc", "federal": "cafc",
}  # fmt: skip
_TRIAL_NAME = re.compile(
    r"^(?P<kind>district court|united states bankruptcy court),\s*"
    r"(?:(?P<div>[nsewcm])\.\s?d\.|d\.|district of)\s*(?P<state>.+)$"
)
_CIRCUIT_NAME = re.compile(r"^court of appeals for the (?P<circuit>\S+) circuit$")


def court_id_from_name(name: str | None) -> str | None:
    """CourtListener's court full name (the Atom feed's author) → court id, or None.

    `District Court, S.D. California` → `casd`; `District Court, D. Massachusetts` → `mad`;
    `District Court, District of Columbia` → `dcd`; `United States Bankruptcy Court, S.D.
    California` → `casb`; `Court of Appeals for the Ninth Circuit` → `ca9`.
    """
    text = " ".join((name or "").lower().split())
    m = _CIRCUIT_NAME.match(text)
    if m:
        return _CIRCUITS.get(m.group("circuit"))
    m = _TRIAL_NAME.match(text)
    if not m:
        return None
    state = _STATES.get(m.group("state"))  # "District of Columbia" leaves "columbia"
    if state is None:
        return None
    suffix = "b" if m.group("kind").startswith("united") else "d"
    return f"{state}{m.group('div') or ''}{suffix}"


def rebase_url(url: str | None, base_url: str) -> str | None:
    """Move a courtlistener.com URL (a cursor `next` link) onto `base_url`; others unchanged
    (an unparseable URL too: fetching it fails visibly, where dropping it would end the pages
    silently). A value that is no string gives None."""
    if not url or not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # `http://[oops/`: not a URL urllib can split
        return url
    if not parts.netloc.endswith("courtlistener.com"):
        return url
    base = urlsplit(base_url)
    return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, parts.fragment))


def _public(path: Any) -> str | None:
    return urljoin(PUBLIC_URL + "/", path) if isinstance(path, str) and path else None


def _nos(label: str | None) -> tuple[str, str | None]:
    """`463 Habeas Corpus - Alien Detainee` → (label, `463`); a bare label gives no code."""
    label = " ".join(label.split()) if isinstance(label, str) else ""
    m = re.match(r"^(\d{3})\s*[-:]?\s*(.*)$", label)
    if m:
        return m.group(2), m.group(1)
    return label, None


def _iso_date(value: Any) -> str | None:
    """An ISO date (`2016-04-21`) from a date or datetime string; None when unreadable."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return datetime.fromisoformat(value.strip()[:10]).date().isoformat()
    except ValueError:
        return None


def _int(value: Any) -> int | None:
    """A non-negative int from an int or a string of ASCII digits (at most 18), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value < 10**_MAX_DIGITS else None
    if isinstance(value, str):
        value = value.strip()
        if len(value) <= _MAX_DIGITS and _ASCII_DIGITS.fullmatch(value):
            return int(value)
    return None


def _text(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _id(value: Any) -> str | None:
    """An id given as a number or a string; None for other types, numbers over 18 digits
    (a huge JSON integer arrives as its digit string) and strings over 64 characters."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    if isinstance(value, int) and not -(10**_MAX_DIGITS) < value < 10**_MAX_DIGITS:
        return None
    text = str(value)
    if len(text) > _MAX_ID_CHARS or (text.isdigit() and len(text) > _MAX_DIGITS):
        return None
    return text if text.strip() else None


def _ref_id(value: Any) -> str | None:
    """An id given as a number (webhooks) or as an API URL (`.../dockets/4214664/`)."""
    if isinstance(value, str) and "/" in value:
        value = value.rstrip("/").rsplit("/", 1)[-1]
    return _id(value)


def _entry_number(value: Any, court: str) -> int | None:
    number = _int(value)
    if number is not None and is_appellate(court) and number >= _APPELLATE_ID_FLOOR:
        return None
    return number


# --------------------------------------------------------------------------------------------
# Atom search feed
# --------------------------------------------------------------------------------------------

_DOC_PATH = re.compile(r"/docket/(?P<docket>\d+)/(?P<number>\d+)/(?:(?P<att>\d+)/)?[^/]*/?$")
_STAMP = re.compile(r"\bCase:?\s+(?P<number>\d{1,2}(?::\d\d)?-[^\s,]+)")
_ANCHOR_ELEMENT = re.compile(r"<a\b[^<>]*>[^<]*</a\s*>", re.I)
_TAGS = re.compile(r"<[^<>]*>")
#: Longest summary read: CourtListener's are 500 characters of text and a link.
MAX_SUMMARY_CHARS = 20_000


def _summary_text(summary: str) -> str:
    """Plain text of the summary's HTML, without the trailing link to the document.

    A summary longer than `MAX_SUMMARY_CHARS` is cut first; the tag patterns stop at the next
    `<` so that text of many `<` costs time linear in its length."""
    summary = summary[:MAX_SUMMARY_CHARS]
    text = _TAGS.sub(" ", _ANCHOR_ELEMENT.sub(" ", summary))
    return " ".join(unescape(text).split())


def _atom_date(value: str | None) -> str | None:
    if not value or not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment.isoformat() if moment.tzinfo else None


def _child_text(node: etree._Element, name: str) -> str:
    child = node.find(_ATOM + name)
    return (child.text or "") if child is not None else ""


def _alternate(node: etree._Element) -> str:
    links = node.findall(_ATOM + "link")
    for link in links:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link.get("href", "")
    return links[0].get("href", "") if links else ""


def _entries(root: etree._Element) -> list[etree._Element]:
    return list(root.iter(_ATOM + "entry"))


#: Where an Atom feed's records are, for reading a damaged feed entry by entry.
ENTRIES = RecordShape(b"entry", re.compile(rb"<entry(?=[\s>/])"), _entries)


def _entry_label(node: etree._Element | None, index: int) -> str:
    """`entry N (case name)`, else `entry N (id ...)`: read defensively (a broken entry)."""
    for name in ("title", "id"):
        try:
            text = _text(_child_text(node, name)) if node is not None else ""
        except ValueError:  # text lxml cannot decode
            continue
        if text:
            return f"entry {index} ({quoted(text) if name == 'title' else 'id ' + quoted(text)})"
    return f"entry {index}"


def _atom_entry(
    node: etree._Element,
    index: int,
    base_url: str,
    court: str | None,
    declared: frozenset[str] = frozenset(),
) -> tuple[dict[str, Any] | None, str]:
    """One Atom entry → (entry dict, "") or (None, reason it was left out)."""
    case_name = _text(_child_text(node, "title"))
    label = f"entry {index}" + (f" ({quoted(case_name)})" if case_name else "")
    used = [name for name in entity_refs(node) if name in declared] if declared else []
    if used:
        return None, (
            f"{label}: uses the entity &{used[0]}; declared in the feed's DOCTYPE, "
            "which is never expanded"
        )
    author = node.find(f"{_ATOM}author/{_ATOM}name")
    court_id = court_id_from_name(author.text if author is not None else "") or court
    if not court_id:
        return None, f"{label}: unknown court {author.text if author is not None else ''!r}"
    link = urljoin(base_url.rstrip("/") + "/", _alternate(node).strip())
    path = _DOC_PATH.search(urlsplit(link).path)
    text = _summary_text(_child_text(node, "summary"))
    stamp = _STAMP.search(text)
    if stamp is None:
        return None, f"{label}: no docket number in the entry (no CM/ECF header in its text)"
    published = _atom_date(_child_text(node, "published") or _child_text(node, "updated"))
    entry = {
        "court": court_id,
        "docket_number": normalize_docket_number(stamp.group("number"), court_id),
        "case_name": case_name,
        "pacer_case_id": None,
        "entry_number": _entry_number(path.group("number"), court_id) if path else None,
        "short_description": "",
        "text": text,
        "text_kind": "excerpt",  # the document's opening, not the docket text
        "document_url": link or None,
        "published": published,
        "date_filed": published[:10] if published else None,
        "guid": _text(_child_text(node, "id")) or link,
        "case_url": None,
        "source_url": link or None,
    }
    return entry, ""


def parse_atom_search(
    content: bytes | str, base_url: str = PUBLIC_URL, court: str | None = None
) -> AtomSearch:
    """Parse one `/feed/search/?type=r` response.

    `court` is the court the request was filtered to (`court=casd`); it is used when the
    entry's author (the court's full name) cannot be read. Attachments of an entry already
    seen give no second dict. Raises `FeedError` when nothing usable is there. Entries are
    read one by one: whatever goes wrong inside one skips it (with its reason), never the feed;
    a damaged feed is read entry by entry (`crawler.parsers.xmlsafe`).
    """
    problems: list[str] = []
    data = _prepare(content, problems)
    try:
        document = read_document(data, ENTRIES, problems)
    except Unreadable as exc:
        raise FeedError("malformed", f"unreadable XML: {exc}") from None
    root, xml_error = document.root, document.error
    if root.tag != _ATOM + "feed":
        name = _localname(root.tag)
        if xml_error is not None and b"<feed" in data[:4096]:
            raise FeedError("malformed", f"broken Atom: {xml_error}")
        raise FeedError(
            "not_rss", "body is XML whose root is not <feed>", sample=server_sample(name)
        )
    try:
        title = _text(_child_text(root, "title"))
    except ValueError:  # text lxml cannot decode
        title = ""
    found = AtomSearch(problems=problems, title=title)
    if xml_error is not None:
        problems.append(
            f"feed XML has errors, entries read one by one in recover mode ({xml_error})"
        )
    seen: set[tuple[Any, ...]] = set()
    for record in document.records:
        node, index = record.element, record.position
        fault = record.fault()
        if fault or node is None:
            found.skipped.append(f"{_entry_label(node, index)}: {fault}")
            continue
        try:
            entry, reason = _atom_entry(node, index, base_url, court, document.entities)
        except Exception as exc:  # one bad entry costs only itself
            found.skipped.append(record_failed(_entry_label(node, index), exc))
            continue
        if entry is None:
            found.skipped.append(reason)
            continue
        key = (entry["court"], entry["docket_number"], entry["entry_number"] or entry["guid"])
        if key not in seen:
            seen.add(key)
            found.items.append(entry)
    if xml_error is not None and not found.items:
        raise FeedError("malformed", f"broken XML and no complete entry: {xml_error}")
    return found


# --------------------------------------------------------------------------------------------
# REST v4 JSON
# --------------------------------------------------------------------------------------------

_HTML_TITLE = re.compile(r"<title[^>]*>(.*?)</title", re.I | re.S)


def _load_json(content: bytes | str, problems: list[str] | None = None) -> dict[str, Any]:
    """The JSON object of a v4 response; `FeedError` for empty, HTML, broken or error bodies.

    Quirks: an HTML page (maintenance, Cloudflare, a login page) may come with status 200;
    DRF errors are objects with only `detail` (`{"detail": "Invalid token."}`). Nesting too
    deep to read is `malformed`; huge integers, lone surrogates and duplicate keys are defused
    (`crawler.parsers.jsonsafe`), noted in `problems`.
    """
    text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
    text = text.lstrip("\ufeff").strip()
    if not text:
        raise FeedError("empty", "empty body")
    if text.startswith("<"):
        m = _HTML_TITLE.search(text[:4096])
        title = server_sample(m.group(1)) if m else ""
        raise FeedError("not_rss", "body is an HTML page, not JSON", sample=title)
    try:
        data, notes = load_json(text)
    except ValueError as exc:
        where = json_error_summary(exc)
        raise FeedError("malformed", f"broken JSON {where}", sample=server_sample(text)) from None
    if problems is not None:
        problems.extend(notes)
    if not isinstance(data, dict):
        raise FeedError("malformed", f"JSON is a {type(data).__name__}, not an object")
    if set(data) == {"detail"}:
        raise FeedError(
            "not_rss",
            "API error (a JSON detail message)",
            sample=server_sample(str(data["detail"])),
        )
    return data


def _all_results(data: dict[str, Any]) -> list[Any]:
    """`results` of a list response (or of a webhook `payload`), or the object itself; the
    results as given, objects or not."""
    holder = data.get("payload") if isinstance(data.get("payload"), dict) else data
    results = holder.get("results")
    return results if isinstance(results, list) else [holder]


def _results(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The results that are JSON objects (see `_all_results`)."""
    return [r for r in _all_results(data) if isinstance(r, dict)]


def _result_label(result: Any, index: int) -> str:
    """`result N (docket D, case name)`, read defensively: the result is a broken one."""
    if not isinstance(result, dict):
        return f"result {index}"
    shown = [f"docket {_id(result.get('docket_id'))}"] if _id(result.get("docket_id")) else []
    shown += [quoted(result.get("caseName"))] if _text(result.get("caseName")) else []
    return f"result {index}" + (f" ({', '.join(shown)})" if shown else "")


def _party_names(value: Any) -> list[dict[str, str]]:
    names = value if isinstance(value, list) else []
    return [{"name": _text(n), "role": ""} for n in names if _text(n)]


def _search_case(result: dict[str, Any]) -> dict[str, Any] | None:
    court = _text(result.get("court_id")).lower()
    docket_number = normalize_docket_number(result.get("docketNumber"), court)
    if not court or not docket_number:
        return None
    label, code = _nos(result.get("suitNature"))
    return {
        "court": court,
        "docket_number": docket_number,
        "case_name": _text(result.get("caseName")),
        "nature_of_suit": label,
        "nos_code": code,
        "cause": _text(result.get("cause")),
        "parties": _party_names(result.get("party")),
        "date_filed": _iso_date(result.get("dateFiled")),
        "date_terminated": _iso_date(result.get("dateTerminated")),
        "docket_url": _public(result.get("docket_absolute_url")),
        "pacer_case_id": _id(result.get("pacer_case_id")),
        "source_id": _id(result.get("docket_id")),
    }


def _search_entries(
    case: dict[str, Any], documents: Any, label: str, skipped: list[str]
) -> list[dict[str, Any]]:
    """One entry dict per docket entry among the matching documents (main document first).

    Documents are read one by one: one that is no object, or whose reading fails, is skipped
    with a reason naming it (`label`, its id) in `skipped`; the result's other documents stay.
    """
    by_entry: dict[str, dict[str, Any]] = {}
    if not isinstance(documents, list):
        documents = []
    docs = []
    for number, doc in enumerate(documents, 1):
        if isinstance(doc, dict):
            docs.append(doc)
        else:
            skipped.append(f"{label}, document {number}: not a JSON object")
    for doc in sorted(docs, key=lambda d: _int(d.get("attachment_number")) or 0):
        try:
            key, entry = _search_entry(case, doc)
        except Exception as exc:  # one bad document costs only itself
            skipped.append(record_failed(f"{label}, document {_id(doc.get('id'))}", exc))
            continue
        by_entry.setdefault(key, entry)
    return list(by_entry.values())


def _search_entry(case: dict[str, Any], doc: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """(docket entry key, entry dict) of one RECAP document of a search result."""
    key = _id(doc.get("docket_entry_id")) or f"rd{_id(doc.get('id'))}"
    url = _public(doc.get("absolute_url"))
    return key, {
        "court": case["court"],
        "docket_number": case["docket_number"],
        "case_name": case["case_name"],
        "pacer_case_id": case["pacer_case_id"],
        "entry_number": _entry_number(doc.get("entry_number"), case["court"]),
        "short_description": _text(doc.get("short_description")),
        "text": _text(doc.get("description")),
        "document_url": url,
        "published": None,
        "date_filed": _iso_date(doc.get("entry_date_filed")),
        "guid": url or key,
        "case_url": case["docket_url"],
        "source_id": _id(doc.get("docket_entry_id")),
        "source_url": url,
        "recap_document_id": _id(doc.get("id")),
        "is_available": doc.get("is_available") is True,
    }


def parse_search_json(content: bytes | str, base_url: str = PUBLIC_URL) -> SearchPage:
    """Parse one page of `/api/rest/v4/search/?type=r`; `next` is moved onto `base_url`.

    Results are read one by one: a result that is no object, has no court or docket number,
    or whose reading fails is skipped with a reason naming it (and the error type); the other
    results are kept. Fields of the wrong JSON type read as absent.
    """
    problems: list[str] = []
    data = _load_json(content, problems)
    if not isinstance(data.get("results"), list):
        raise FeedError("malformed", "search JSON without a results list")
    page = SearchPage(
        next=rebase_url(data.get("next"), base_url),
        count=_int(data.get("count")),
        problems=problems,
    )
    for index, result in enumerate(_all_results(data), 1):
        label = _result_label(result, index)
        if not isinstance(result, dict):
            page.skipped.append(f"{label}: not a JSON object")
            continue
        try:
            case = _search_case(result)
            if case is None:
                page.skipped.append(f"{label}: no court or docket number")
                continue
            entries = _search_entries(case, result.get("recap_documents"), label, page.skipped)
        except Exception as exc:  # one bad result costs only itself
            page.skipped.append(record_failed(label, exc))
            continue
        page.cases.append(case)
        page.entries.extend(entries)
    return page


def _docket_case(docket: dict[str, Any]) -> dict[str, Any]:
    court = _text(docket.get("court_id")).lower()
    label, code = _nos(docket.get("nature_of_suit"))
    return {
        "court": court,
        "docket_number": normalize_docket_number(docket.get("docket_number"), court),
        "case_name": _text(docket.get("case_name")),
        "nature_of_suit": label,
        "nos_code": code,
        "cause": _text(docket.get("cause")),
        "parties": [],
        "date_filed": _iso_date(docket.get("date_filed")),
        "date_terminated": _iso_date(docket.get("date_terminated")),
        "docket_url": _public(docket.get("absolute_url")),
        "pacer_case_id": _id(docket.get("pacer_case_id")),
        "source_id": _id(docket.get("id")),
    }


def parse_docket(content: bytes | str) -> dict[str, Any] | None:
    """A v4 docket (detail, or the first result of a `dockets/` list) → case dict; None when
    the list is empty. `parties` is left empty: dockets do not list them (see `parse_parties`).
    """
    data = _load_json(content)
    results = _results(data)
    if "results" in data and not results:
        return None
    return _docket_case(results[0])


def parse_parties(content: bytes | str, docket_id: int | str | None = None) -> list[dict]:
    """v4 `parties/?docket=N` → `[{"name", "role"}]`, one per party and role on that docket.

    The role is the `party_types[].name` (`Petitioner`, `Respondent`); party types of other
    dockets (a party in several cases) are left out when `docket_id` is given.
    """
    found: list[dict[str, str]] = []
    for party in _results(_load_json(content)):
        name = _text(party.get("name"))
        types = party.get("party_types") if isinstance(party.get("party_types"), list) else []
        roles = [
            _text(t.get("name"))
            for t in types
            if isinstance(t, dict)
            and (docket_id is None or str(t.get("docket_id")) == str(docket_id))
        ]
        for role in roles or [""]:
            if name and {"name": name, "role": role} not in found:
                found.append({"name": name, "role": role})
    return found


def _recap_document(doc: dict[str, Any]) -> dict[str, Any]:
    return {
        "source_id": _id(doc.get("id")),
        "text": doc.get("plain_text") if isinstance(doc.get("plain_text"), str) else "",
        "description": _text(doc.get("description")),
        "document_number": _int(doc.get("document_number")),
        "attachment_number": _int(doc.get("attachment_number")),
        "is_sealed": doc.get("is_sealed") if isinstance(doc.get("is_sealed"), bool) else None,
        "is_available": doc.get("is_available") is True,
        "filepath_local": doc.get("filepath_local") or None,
        "absolute_url": doc.get("absolute_url") or None,
        "source_url": _public(doc.get("absolute_url")),
    }


def parse_recap_document(content: bytes | str) -> dict[str, Any]:
    """v4 `recap-documents/{id}/` → document dict; `text` is `plain_text` ("" before OCR).
    An answer with no document in it (an empty `results` list) is `malformed`."""
    results = _results(_load_json(content))
    if not results:
        raise FeedError("malformed", "no RECAP document in the answer")
    return _recap_document(results[0])


@dataclass
class DocketEntriesPage:
    """One page of v4 `docket-entries/?docket=N`: entries, reasons for entries left out,
    the next page's URL (moved onto `base_url`), notes on the JSON."""

    entries: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    next: str | None = None
    problems: list[str] = field(default_factory=list)


def _docket_entry(entry: dict[str, Any], court: str = "") -> dict[str, Any]:
    docs = entry.get("recap_documents")
    raw = entry.get("entry_number")
    return {
        "source_id": _id(entry.get("id")),
        "docket_id": _ref_id(entry.get("docket")),
        "entry_number": _entry_number(raw, court) if court else _int(raw),
        "date_filed": _iso_date(entry.get("date_filed")),
        "text": _text(entry.get("description")),
        "documents": [_recap_document(d) for d in docs if isinstance(d, dict)]
        if isinstance(docs, list)
        else [],
        # whether `documents` is the entry's whole list: `recap_documents` missing, null or
        # holding something other than objects says nothing of what the entry has
        "documents_known": isinstance(docs, list) and all(isinstance(d, dict) for d in docs),
    }


def parse_docket_entries(content: bytes | str) -> list[dict[str, Any]]:
    """v4 `docket-entries/` (list, detail, or a docket-alert webhook `payload`) → entries.

    Each: `source_id`, `docket_id`, `entry_number`, `date_filed`, `text` (the docket text)
    and `documents` (document dicts as `parse_recap_document` gives: `source_id`,
    `attachment_number`, `is_sealed` (True, False or None: CourtListener leaves it null
    unless it knows), `is_available`, `source_url` ...), and `documents_known` (False when
    `recap_documents` was missing, null or not a list of objects).
    """
    return [_docket_entry(entry) for entry in _results(_load_json(content))]


def parse_docket_entries_page(
    content: bytes | str, base_url: str = PUBLIC_URL, court: str = ""
) -> DocketEntriesPage:
    """One page of the v4 `docket-entries/?docket=N` list, for reading a whole docket.

    Quirks: the list must have a `results` list (an object without one is `malformed`, never
    an empty docket); `next` is a cursor URL on www.courtlistener.com, moved onto `base_url`;
    an entry that is no object, has no `id`, or whose reading fails is skipped with a reason
    naming it (so a re-read that skipped one is not a complete read of the docket). With
    `court`, an appellate "entry number" that is a PACER document id is dropped (as in search
    results). A document's `description` is its short description; the entry's is the
    docket text.
    """
    problems: list[str] = []
    data = _load_json(content, problems)
    if not isinstance(data.get("results"), list):
        raise FeedError("malformed", "docket-entries JSON without a results list")
    page = DocketEntriesPage(next=rebase_url(data.get("next"), base_url), problems=problems)
    for index, entry in enumerate(data["results"], 1):
        if not isinstance(entry, dict):
            page.skipped.append(f"entry {index}: not a JSON object")
            continue
        label = f"entry {index}" + (f" (id {_id(entry.get('id'))})" if _id(entry.get("id")) else "")
        try:
            parsed = _docket_entry(entry, court)
        except Exception as exc:  # one bad entry costs only itself
            page.skipped.append(record_failed(label, exc))
            continue
        if parsed["source_id"] is None:
            page.skipped.append(f"{label}: no id")
            continue
        page.entries.append(parsed)
    return page
