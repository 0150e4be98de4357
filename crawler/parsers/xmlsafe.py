"""Read untrusted XML (court feeds, MODS records) safely, and read a damaged one record by record.

Every XML parser in `crawler.parsers` (PACER RSS, CourtListener Atom, GovInfo MODS and RSS)
goes through `read_document`. What it guards against, and how:

- Entity expansion (billion laughs, quadratic blow-up) and external entities (XXE: a file or
  URL named in a DOCTYPE): libxml2 never resolves entities, loads no DTD and has no network
  (`safe_parser`), and any `<!DOCTYPE>` in the prolog is cut out before parsing
  (`strip_doctype`), so nothing an internal subset declares exists at all. RSS, Atom and MODS
  need no DTD. Before this, libxml2 refused a billion-laughs subset even unexpanded ("Maximum
  entity amplification factor exceeded", also in recover mode) and the harmless items of the
  feed were lost with it. A reference to an entity the dropped subset declared stays an
  unexpanded reference node: `entity_refs` lists them so the caller skips the record that
  used one (its text is not what the sender meant to show).
- Character references to characters XML forbids (a lone surrogate `&#xD800;`, `&#0;`,
  `&#xFFFE;`, `&#x110000;`): libxml2's recover mode keeps them as bytes that are not UTF-8,
  and lxml then raises UnicodeDecodeError when the text is read. They become `&#xFFFD;`
  (U+FFFD) before the document is parsed again, counted in the problems.
- Control characters XML forbids: dropped, counted in the problems.
- A text node over libxml2's 10 MB limit: one retry with the limit lifted, for bodies up to
  `MAX_HUGE_BODY` that declare no entities.
- A damaged document: the records (`<item>`, `<entry>`, MODS granules) are cut out of the
  bytes at their start tags and each is parsed alone inside the document's own root element
  (its namespaces and XML declaration), strictly, else in recover mode. A record whose closing
  tag is missing is marked incomplete; one that recover mode read only by dropping the rest of
  a comment, CDATA section, PI, attribute value or tag that never ends is marked damaged (its
  content is partly gone); one recover mode read around a local glitch (an undeclared entity
  such as `&nbsp;`, a bare `&` or `<`, a mismatched end tag) is kept. The part before the
  first record (channel, case fields) is read on its own in recover mode. One broken record,
  an unclosed comment or CDATA section in it included, no longer takes the records after it
  along. Records are parsed in batches, one by one only where a batch holds a broken one, and
  at most `MAX_RECORDS_ALONE` one by one per document.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from crawler.parsers.errors import xml_error_summary

__all__ = [
    "MAX_HUGE_BODY",
    "Document",
    "Record",
    "RecordShape",
    "Unreadable",
    "entity_refs",
    "fix_char_refs",
    "read_document",
    "safe_parser",
    "short_error",
    "strip_doctype",
]

#: Bodies larger than this are never parsed with libxml2's size limits lifted.
MAX_HUGE_BODY = 64 * 1024 * 1024
#: A damaged document's records are parsed in batches of this many (one parse when all of a
#: batch is intact) and one by one only in a batch that holds a broken one ...
BATCH_RECORDS = 64
#: ... for at most this many records per document: past that the document is garbage (a real
#: feed has a few hundred items) and the rest of its broken records are not read (each is
#: reported), so a body of nothing but `<item>` costs neither minutes nor gigabytes.
MAX_RECORDS_ALONE = 2000

_XML_CTRL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,16})|([0-9]{1,24}));")
_PROLOG_PART = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->)", re.S)
_SPACE = re.compile(rb"\s*")
_DOCTYPE_MARK = re.compile(rb"""<!--|<\?|["'\[\]>]""")
_DOCTYPE_CLOSERS = {b"<!--": b"-->", b"<?": b"?>", b'"': b'"', b"'": b"'"}
_ENTITY_DECL = re.compile(rb"<!ENTITY\s+([^\s%][^\s\"'>]*)")
_XML_DECL = re.compile(rb"\s*<\?xml\s[^>]{0,300}?\?>")


class Unreadable(ValueError):
    """Not even recover mode finds an element in the body; `error` is libxml2's message."""

    def __init__(self, error: str) -> None:
        super().__init__(error)
        self.error = error


def safe_parser(recover: bool, huge: bool = False) -> etree.XMLParser:
    """lxml parser that expands no entity, loads no DTD and makes no network access.

    libxml2's size limits (10 MB per text node, amplification checks) stay on unless `huge`.
    Comments and processing instructions are dropped: nothing reads them.
    """
    return etree.XMLParser(
        recover=recover,
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=huge,
        remove_comments=True,
        remove_pis=True,
    )


def short_error(exc: Exception) -> str:
    """What libxml2 found and where, never its message (which quotes the body: element and
    entity names), since it can reach `crawl_runs.detail` (`errors.xml_error_summary`)."""
    if isinstance(exc, etree.XMLSyntaxError):
        return xml_error_summary(exc)
    return type(exc).__name__


def _char_ok(code: int) -> bool:
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def fix_char_refs(data: bytes) -> tuple[bytes, int]:
    """Replace character references to characters XML forbids with `&#xFFFD;`.

    Lone surrogates (`&#xD800;`-`&#xDFFF;`, decimal 55296-57343), control characters other than
    tab/newline/return, U+FFFE, U+FFFF and numbers past U+10FFFF. Returns the bytes and the count.
    """
    count = 0

    def replace(match: re.Match[bytes]) -> bytes:
        nonlocal count
        hexa, decimal = match.groups()
        code = int(hexa, 16) if hexa is not None else int(decimal)
        if _char_ok(code):
            return match.group(0)
        count += 1
        return b"&#xFFFD;"

    if b"&#" not in data:
        return data, 0
    fixed = _CHAR_REF.sub(replace, data)
    return fixed, count


def _prolog_end(data: bytes, pos: int = 0) -> int:
    """Index after the XML declaration, comments, PIs and whitespace from `pos`."""
    while True:
        m = _PROLOG_PART.match(data, pos)
        if m is None:
            return _SPACE.match(data, pos).end()  # type: ignore[union-attr]
        pos = m.end()


def _doctype_end(data: bytes, start: int) -> int:
    """Index after the `<!DOCTYPE ...>` at `start` (quotes, comments, PIs and the `[...]`
    internal subset are skipped whole); the body's end when it never closes. Each mark is
    passed once (a `<!--` that never ends ends the scan), so the cost is linear."""
    depth = 0
    pos = start + len(b"<!DOCTYPE")
    while True:
        mark = _DOCTYPE_MARK.search(data, pos)
        if mark is None:
            return len(data)
        value = mark.group(0)
        closer = _DOCTYPE_CLOSERS.get(value)
        if closer is not None:
            end = data.find(closer, mark.end())
            if end < 0:
                return len(data)
            pos = end + len(closer)
            continue
        pos = mark.end()
        if value == b"[":
            depth += 1
        elif value == b"]":
            depth = max(0, depth - 1)
        elif depth == 0:  # `>`
            return pos


def strip_doctype(data: bytes) -> tuple[bytes, frozenset[str], str | None]:
    """Cut a `<!DOCTYPE ...>` (with its internal subset) out of the prolog.

    Returns the bytes, the general entity names the subset declared and a note for the
    problems when it declared anything (a DOCTYPE naming only an external DTD, as old RSS 0.91
    feeds have, is dropped without a note: it was never loaded anyway).
    """
    start = _prolog_end(data)
    if not data.startswith(b"<!DOCTYPE", start):
        return data, frozenset(), None
    end = _doctype_end(data, start)
    doctype = data[start:end]
    names = frozenset(m.group(1).decode("utf-8", "replace") for m in _ENTITY_DECL.finditer(doctype))
    note = None
    if b"[" in doctype:
        declared = ", ".join(sorted(names)[:5]) + (" ..." if len(names) > 5 else "")
        note = (
            f"dropped the DOCTYPE's internal subset ({len(doctype)} bytes"
            + (f"; entities {declared}" if names else "")
            + "): entities are never expanded and no DTD is loaded"
        )
    return data[:start] + data[end:], names, note


def entity_refs(node: etree._Element) -> list[str]:
    """Names of the unexpanded entity references inside `node` (`lol9` for `&lol9;`)."""
    return [str(ref.text or "").strip("&;") for ref in node.iter(etree.Entity)]


# --------------------------------------------------------------------------------------------
# Reading a document
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordShape:
    """Where the records of a format are.

    `tag`: the record element's name as it appears in the bytes (`item`, `entry`,
    `relatedItem`); `start`: matches the start tag of a record (MODS: a constituent
    relatedItem only, not the nested otherFormat ones); `find`: the record elements of a
    parsed tree, in document order.
    """

    tag: bytes
    start: re.Pattern[bytes]
    find: Callable[[etree._Element], list[etree._Element]]

    @property
    def tags(self) -> re.Pattern[bytes]:
        """Start, end and empty-element tags of the record element (nested ones included)."""
        # `[^<>]{0,4096}`: a tag that never ends is no tag, and is not scanned to the end
        return re.compile(rb"<(/?)" + re.escape(self.tag) + rb"(?=[\s/>])[^<>]{0,4096}>")


_NOT_READ = f"not read: more than {MAX_RECORDS_ALONE} broken records in the document"


@dataclass
class Record:
    """One record of a document: its 1-based position, its element (None when even recover
    mode found none in its bytes), whether its closing tag was there, and `damage`: libxml2's
    message when recover mode had to drop part of it (see the module docstring), else None."""

    position: int
    element: etree._Element | None
    complete: bool = True
    damage: str | None = None

    def fault(self) -> str | None:
        """Why the record cannot be used as read ("incomplete, ...", "damaged, ..."), or None."""
        if self.damage == _NOT_READ:
            return _NOT_READ
        if self.element is None or not self.complete:
            return "incomplete, the XML breaks inside it"
        if self.damage:
            return f"damaged, recover mode dropped part of it ({self.damage})"
        return None


@dataclass
class Document:
    """What `read_document` found.

    `root`: the whole tree, or when the document had to be read record by record, the tree
    of the part before the first record (the records are not under it then).
    `error`: libxml2's message when the document did not parse whole, else None.
    `entities`: the entity names a dropped DOCTYPE declared.
    `head_error`: when read record by record, libxml2's first complaint about the part before
    the first record other than its missing end tags (that part is broken itself), else None.
    """

    root: etree._Element
    records: list[Record] = field(default_factory=list)
    error: str | None = None
    entities: frozenset[str] = frozenset()
    head_error: str | None = None


def _parse(data: bytes, recover: bool, huge: bool) -> etree._Element | None:
    return etree.fromstring(data, safe_parser(recover, huge))


def read_document(data: bytes, shape: RecordShape, problems: list[str]) -> Document:
    """Parse `data` (bytes with any encoding declaration they need) safely; see the module
    docstring. Notes go to `problems`. Raises `Unreadable` when no element can be found."""
    data, entities, note = strip_doctype(data)
    if note:
        problems.append(note)
    huge = too_big = False
    starts = len(shape.start.findall(data))
    try:
        root = _parse(data, False, huge)
    except etree.XMLSyntaxError as exc:
        error = short_error(exc)
        too_big = "XML_PARSE_HUGE" in str(exc)  # a text node over libxml2's 10 MB limit
    else:
        whole = _whole(root, shape, entities, starts)
        if whole is not None:
            return whole
        error = _swallowed(starts, root, shape)
    if too_big and len(data) <= MAX_HUGE_BODY and b"<!ENTITY" not in data:
        huge = True
        try:
            root = _parse(data, False, huge)
        except etree.XMLSyntaxError as exc:
            error = short_error(exc)
        else:
            whole = _whole(root, shape, entities, starts)
            if whole is not None:
                problems.append(
                    "a text node is over 10 MB; parsed with libxml2's size limit lifted"
                )
                return whole
            error = _swallowed(starts, root, shape)
    cleaned, dropped = _XML_CTRL.subn(b"", data)
    if dropped:
        problems.append(f"dropped {dropped} control character(s) that XML does not allow")
    cleaned, replaced = fix_char_refs(cleaned)
    if replaced:
        problems.append(
            f"replaced {replaced} character reference(s) to characters XML does not allow "
            "(a lone surrogate such as &#xD800;, a control character) with U+FFFD"
        )
    if dropped or replaced:
        try:
            root = _parse(cleaned, False, huge)
        except etree.XMLSyntaxError as exc:
            error = short_error(exc)
        else:
            whole = _whole(root, shape, entities, len(shape.start.findall(cleaned)))
            if whole is not None:
                return whole
            error = _swallowed(starts, root, shape)
    return _by_record(cleaned, shape, huge, error, entities)


def _whole(
    root: etree._Element, shape: RecordShape, entities: frozenset[str], starts: int
) -> Document | None:
    """The document as parsed whole, or None when it holds fewer records than its bytes have
    record start tags: a CDATA section or comment left open in one record ran on to where a
    later record closes one, and the records between were swallowed, well-formed as it is."""
    elements = shape.find(root)
    if len(elements) < starts:
        return None
    return Document(root, [Record(i, e) for i, e in enumerate(elements, 1)], None, entities)


def _swallowed(starts: int, root: etree._Element, shape: RecordShape) -> str:
    return (
        f"{starts} record start tags but {len(shape.find(root))} records parsed: "
        "one ran on into the next"
    )


def _damage(log: etree._ListErrorLog) -> str | None:
    """The first recover-mode error that dropped content: something that never ends (a
    comment, CDATA section, PI, attribute value, tag) swallows what follows it."""
    for entry in log:
        name = entry.type_name
        if "NOT_FINISHED" in name or "NOT_STARTED" in name or name == "ERR_GT_REQUIRED":
            return xml_error_summary(entry)
    return None


def _recover(data: bytes, huge: bool) -> tuple[etree._Element | None, str | None]:
    """Strict parse, else recover mode: (root or None when nothing is found, damage)."""
    try:
        return _parse(data, False, huge), None
    except etree.XMLSyntaxError:
        pass
    parser = safe_parser(True, huge)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:  # recover mode still gives up on some bodies
        return None, None
    return root, _damage(parser.error_log)


def _wrapper(data: bytes, head: etree._Element) -> tuple[bytes, bytes]:
    """The root element's start tag (with the namespaces in scope) after the document's XML
    declaration, and its end tag: what each record is parsed inside."""
    qname = etree.QName(head)
    name = f"{head.prefix}:{qname.localname}" if head.prefix else qname.localname
    namespaces = "".join(
        f' xmlns{":" + prefix if prefix else ""}="{uri}"'
        for prefix, uri in head.nsmap.items()
        if '"' not in uri and "<" not in uri and "&" not in uri
    )
    declaration = _XML_DECL.match(data)
    opening = (declaration.group(0) if declaration else b"") + f"<{name}{namespaces}>".encode()
    return opening, f"</{name}>".encode()


def _head(data: bytes, huge: bool) -> tuple[etree._Element | None, str | None]:
    """The part before the first record, read in recover mode: (root, its first error other
    than the end tags it lacks by being cut there, or None)."""
    parser = safe_parser(True, huge)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        return None, short_error(exc)
    for entry in parser.error_log:
        if entry.type_name != "ERR_TAG_NOT_FINISHED":
            return root, xml_error_summary(entry)
    return root, None


def _record_bytes(segment: bytes, tags: re.Pattern[bytes]) -> tuple[bytes, bool]:
    """The record at the start of `segment` (which runs to the next record's start tag), up to
    the end tag that closes it (nested elements of the same name counted), and whether that
    end tag is there; when it is not, the whole segment."""
    depth = 0
    for tag in tags.finditer(segment):
        if tag.group(1):
            depth -= 1
        elif not tag.group(0).endswith(b"/>"):
            depth += 1
        if depth <= 0:
            return segment[: tag.end()], True
    return segment, False


def _by_record(
    data: bytes, shape: RecordShape, huge: bool, error: str, entities: frozenset[str]
) -> Document:
    starts = [m.start() for m in shape.start.finditer(data)]
    head, head_error = _head(data[: starts[0]] if starts else data, huge)
    if head is None or not isinstance(head.tag, str):
        raise Unreadable(error)
    document = Document(head, [], error, entities, head_error)
    if not starts:
        return document
    opening, closing = _wrapper(data, head)
    tags = shape.tags
    ends = [*starts[1:], len(data)]
    chunks = [_record_bytes(data[start:end], tags) for start, end in zip(starts, ends, strict=True)]
    alone = 0  # records parsed one by one so far
    for first in range(0, len(chunks), BATCH_RECORDS):
        batch = chunks[first : first + BATCH_RECORDS]
        elements = _batch(batch, opening, closing, shape, huge)
        if elements is not None:  # the usual case: all intact, one parse for the batch
            for element in elements:
                document.records.append(Record(len(document.records) + 1, element))
            continue
        for chunk, complete in batch:
            alone += 1
            if alone > MAX_RECORDS_ALONE:
                document.records.append(Record(len(document.records) + 1, None, False, _NOT_READ))
                continue
            tree, damage = _recover(opening + chunk + closing, huge)
            found = shape.find(tree) if tree is not None and isinstance(tree.tag, str) else []
            for element in found or [None]:
                record = Record(len(document.records) + 1, element, complete, damage)
                document.records.append(record)
    return document


def _batch(
    batch: list[tuple[bytes, bool]],
    opening: bytes,
    closing: bytes,
    shape: RecordShape,
    huge: bool,
) -> list[etree._Element] | None:
    """The records of a batch of complete record chunks parsed together strictly, or None when
    one of them is incomplete or broken (they are then parsed one by one)."""
    if not all(complete for _, complete in batch):
        return None
    try:
        tree = _parse(opening + b"".join(chunk for chunk, _ in batch) + closing, False, huge)
    except etree.XMLSyntaxError:
        return None
    elements = shape.find(tree)
    return elements if len(elements) == len(batch) else None
