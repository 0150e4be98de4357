"""What may be stored in a text or URL column: redacted, and display fields capped.

Every write of source text to the store passes through `clean_row(table, row)` (through
`monitor.rows.insert_row` / `update_row`, and the few statements that write a column
directly call `clean_value`). `COLUMNS` names every text and URL column that holds text from a
source, or read from it, and what it gets:

- text: redacted (`monitor.redact.redact`);
- display text: redacted, THEN cut to a limit, at a word boundary when there is one in the
  last fifth, never inside a redaction placeholder, and marked with `CUT_MARK` so readers
  know (`… [cut from 1,048,576 characters]`); the table's `cut_fields` column (JSON array)
  lists the columns that carry the mark;
- URLs: identifiers replaced inside the URL (`monitor.redact.redact_url`); a URL longer than
  `URL_MAX` is not a link anyone can use and is dropped (and listed in `cut_fields`);
- JSON: every string inside redacted (URLs under `url` keys as URLs) and capped.

Limits come from real data with room to spare (measured on the public fixtures in
../shared: PACER RSS case names reach 206 characters, event names 140, party names 92,
docket texts 3,122), so a real value is never cut and a hostile one (a 1 MB title) cannot
make every feed and page that shows it 1 MB.

Keys (ids, docket numbers, court ids), dates, vocabulary codes, hashes and JSON lists of
source names are not source prose and are left alone. `fetch_state.url` is the address
sealtrail itself asked for, the key of conditional requests (`monitor.fetch_state`): it is not
rewritten, or lookups would miss.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass

from monitor.redact import PLACEHOLDER_RE, redact, redact_url

URL_MAX = 2048
JSON_STRING_MAX = 1000
JSON_LIST_MAX = 50  # items of a JSON list column (documents sealed)
CUT_MARK_RE = re.compile(r" ?\u2026 \[cut from [0-9,]+ characters\]\Z")


@dataclass(frozen=True)
class Rule:
    kind: str  # "text", "display", "url", "ref", "json", "json_list"
    limit: int | None = None


TEXT = Rule("text")
URL = Rule("url")
REF = Rule("ref", URL_MAX)  # an id that may be a URL (an RSS guid)


def display(limit: int) -> Rule:
    return Rule("display", limit)


CASE_NAME_MAX = 400
SHORT_DESCRIPTION_MAX = 400
DOCKET_TEXT_MAX = 20_000
PARTY_NAME_MAX = 300
TITLE_MAX = 200
PHRASE_MAX = 300  # movant text, summaries, a document sealed, an authority's name
EVIDENCE_MAX = 400  # the analyser quotes at most 200
DOCUMENT_TEXT_MAX = 4_000_000

COLUMNS: dict[str, dict[str, Rule]] = {
    "cases": {
        "case_name": display(CASE_NAME_MAX),
        "nature_of_suit": display(PHRASE_MAX),
        "cause": display(PHRASE_MAX),
        "immigration_basis": display(CASE_NAME_MAX),
        "docket_url": URL,
    },
    "case_parties": {"name": display(PARTY_NAME_MAX), "role": display(100)},
    "docket_entries": {
        "text": display(DOCKET_TEXT_MAX),
        "short_description": display(SHORT_DESCRIPTION_MAX),
        "source_url": URL,
        "document_url": URL,
        "guid": REF,
    },
    "entry_revisions": {
        "old_value": display(DOCKET_TEXT_MAX),
        "new_value": display(DOCKET_TEXT_MAX),
    },
    "entry_sources": {"source_id": REF, "source_url": URL},
    "documents": {
        "title": display(TITLE_MAX),
        "judge": display(200),
        # The order itself, whole (full-text search needs all of it) up to a length no real
        # order reaches: ~100 pages is some 250,000 characters, a PDF gives at most 2,000,000
        # (monitor.pdf), and 4,000,000 is at most 16 MB in UTF-8, under the 32 MiB a
        # served value may be (feeds.sql_limits), even after redaction lengthened it.
        "text": display(DOCUMENT_TEXT_MAX),
        "source_url": URL,
    },
    "document_sources": {"source_id": REF, "source_url": URL},
    "sealing_events": {
        "movant_text": display(PHRASE_MAX),
        "documents_sealed": Rule("json_list", PHRASE_MAX),
        "summary": display(PHRASE_MAX),
        "judge": display(200),
        "local_rule": display(100),
    },
    "event_reasons": {"evidence": display(EVIDENCE_MAX)},
    "event_authorities": {"citation": display(200), "name": display(PHRASE_MAX)},
    "crawl_runs": {"detail": Rule("json", JSON_STRING_MAX)},
}
# Tables whose rows say which of their columns a cap cut (`cut_fields`, migration 0020).
FLAGGED = (
    "cases",
    "case_parties",
    "docket_entries",
    "documents",
    "sealing_events",
    "event_reasons",
)


def cut(text: str, limit: int, total: int | None = None) -> str:
    """`text` cut to at most `limit` characters with the cut mark, at a word boundary when
    there is one in the last fifth, never inside a placeholder or before a combining mark.
    Text already within the limit (a cut text too) comes back unchanged. `total`: the length
    of the text `text` is the beginning of (it is cut whatever its own length)."""
    if len(text) <= limit and total is None:
        return text
    mark = f" \u2026 [cut from {total or len(text):,} characters]"
    room = max(limit - len(mark), 0)
    end = room
    space = text.rfind(" ", 0, room + 1)
    if space >= room * 4 // 5:
        end = space
    for placeholder in PLACEHOLDER_RE.finditer(text, max(0, end - 20), end + 20):
        if placeholder.start() < end < placeholder.end():
            end = placeholder.start()
    while 0 < end < len(text) and unicodedata.combining(text[end]):
        end -= 1
    return text[:end].rstrip() + mark


def is_cut(value: object) -> bool:
    return isinstance(value, str) and CUT_MARK_RE.search(value) is not None


# Text this far past a limit is never kept: it is not redacted either (an identifier is far
# shorter than the margin, so everything kept is redacted with its context).
_MARGIN = 400


def clean_text(text: str | None, limit: int | None = None) -> str | None:
    """Redacted, then cut to `limit` (redacting first: a number cut short is not recognised)."""
    if not text:
        return text
    if limit and len(text) > limit + _MARGIN:
        return cut(redact(text[: limit + _MARGIN]) or "", limit, total=len(text))
    text = redact(text) or ""
    return cut(text, limit) if limit else text


def _clean_url(url: str | None) -> str | None:
    if not url or len(url) > URL_MAX:  # redaction never makes a URL shorter
        return None if url else url
    clean = redact_url(url) or ""
    return clean if len(clean) <= URL_MAX else None


def _clean_json(value: object, limit: int, key: str = "") -> object:
    """Every string redacted and cut (under `url` keys: as a URL), every list capped."""
    if isinstance(value, str):
        if key == "url" or key.endswith("_url"):
            return _clean_url(value) if len(value) <= URL_MAX else clean_text(value, limit)
        return clean_text(value, limit)
    if isinstance(value, dict):
        return {k: _clean_json(v, limit, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        items = [_clean_json(v, limit, key) for v in value[:JSON_LIST_MAX]]
        if len(value) > JSON_LIST_MAX:
            items[-1] = f"\u2026 [cut from {len(value):,} items]"
        return items
    return value


def clean_value(table: str, column: str, value: object) -> object:
    """One column's value as it may be stored (unchanged for columns without a rule)."""
    rule = COLUMNS.get(table, {}).get(column)
    if rule is None or value is None:
        return value
    if rule.kind == "json":
        limit = rule.limit or JSON_STRING_MAX
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:  # not JSON after all: text
                return clean_text(value, limit)
        # Read as JSON, not as its text: json.dumps writes an en dash as \u2013.
        clean = _clean_json(value, limit)
        return json.dumps(clean, ensure_ascii=False, sort_keys=True, default=str)
    if not isinstance(value, str):
        return value
    if rule.kind == "text":
        return redact(value)
    if rule.kind == "display":
        return clean_text(value, rule.limit)
    if rule.kind == "url":
        return _clean_url(value)
    if rule.kind == "ref":
        limit = rule.limit or URL_MAX
        if len(value) > limit + _MARGIN:
            return cut(redact(value[: limit + _MARGIN]) or "", limit, total=len(value))
        clean = redact_url(value) if "://" in value else redact(value)
        return cut(clean or "", limit)
    return _clean_json_list(value, rule.limit or PHRASE_MAX)


def _clean_json_list(value: str, limit: int) -> str:
    """A JSON list of phrases (documents sealed): each redacted and cut, the list capped."""
    try:
        items = json.loads(value)
    except ValueError:
        return clean_text(value, limit) or ""
    return json.dumps(_clean_json(items, limit), ensure_ascii=False)


def _cut_here(table: str, column: str, original: object, clean: object) -> bool:
    rule = COLUMNS[table][column]
    if rule.kind == "json_list":
        return isinstance(clean, str) and ("[cut from " in clean)
    if rule.kind == "url":
        return original is not None and clean is None
    return is_cut(clean)


def clean_row(table: str, row: dict) -> dict:
    """The row with every ruled column cleaned; for `FLAGGED` tables a `cut_fields` entry
    (JSON array, or None) naming the columns of `row` that carry a cut."""
    rules = COLUMNS.get(table)
    if not rules:
        return row
    clean = dict(row)
    for column in rules.keys() & row.keys():
        clean[column] = clean_value(table, column, row[column])
    if table in FLAGGED:
        cut_columns = sorted(
            c for c in rules.keys() & row.keys() if _cut_here(table, c, row[c], clean[c])
        )
        clean["cut_fields"] = json.dumps(cut_columns) if cut_columns else None
    return clean


def merge_cut_fields(before: str | None, written: dict, now_cut: str | None) -> str | None:
    """`cut_fields` after an update that wrote the columns in `written`: the columns it did
    not write keep their flag; those it wrote are flagged when the new value was cut."""
    kept = {c for c in json.loads(before or "[]") if c not in written}
    flags = sorted(kept | set(json.loads(now_cut or "[]")))
    return json.dumps(flags) if flags else None
