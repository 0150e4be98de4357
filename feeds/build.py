"""Pure feed builders: rows of the event views in, Atom 1.0 or RSS 2.0 bytes out.

Nothing here reads the clock, the network or the database, so the same rows always give the
same bytes (exports are byte-identical and entry ids never change between rebuilds).

URL scheme (relative to the site's base URL; the same paths are served by `feeds.plugin`):

    /-/feeds/sealing.atom|rss                   every sealing event in immigration cases
    /-/feeds/court/<court>.atom|rss             one court, e.g. /-/feeds/court/casd.atom
    /-/feeds/case/<court>/<docket>.atom|rss     one case, e.g.
                                                /-/feeds/case/casd/3:17-cv-09912.atom
    /-/feeds/reason/<code>.atom|rss             orders giving one reason (monitor.vocab.REASONS)
    /-/feeds/outcome/<outcome>.atom|rss         one outcome (monitor.vocab.OUTCOMES)
    /-/feeds/type/<event_type>.atom|rss         one event type (not `not_sealing`)
    /-/feeds/judge/<slug>.atom|rss              one judge (`monitor.judges.judge_slug`)
    /-/feeds/new-cases.atom|rss                 one entry per case, by its FIRST sealing event
    /-/feeds/changes.atom|rss                   sealing after the fact (`feeds.changes_feed`);
    /-/feeds/changes/court/<court>.atom|rss     also per court and per case
    /-/feeds/changes/case/<court>/<docket>.atom|rss

A case id `casd:3:17-cv-09912` is split at its first colon into court and docket number; the
docket number is percent-encoded except for `:` and `-` (so the common case reads naturally).

Entry links: the entry's link is its event page `/-/event/<event_id>` (`event_path`) on the
site's base URL; the other addresses follow as Atom `link rel="related"` (and as a list in the
text and HTML, which is where RSS carries them): the free copies first (CourtListener/RECAP,
then GovInfo, from `entry_sources`/`document_sources` and the order's own URL), PACER last and
marked as needing a login (`related_links`). feedgen 1.0 drops every attribute but `href`
from Atom entry links (it reads them back from the new element), so `_Entry` writes them.
A new-cases entry is a case: its id is the case's tag URI, its link the case page
`/-/case/<court>/<docket>` (`case_path`), its first event page a related link.

Escaping: feedgen escapes element text, so Atom titles and text summaries carry source text
as text. The HTML fragments (Atom `content type="html"`, RSS `description`) are built with
`html.escape` on every value, so a `<script>` in a docket entry arrives as visible text.

What an analysed order says travels with its entry when the view has it: the ruling, the
movant (role and the order's own words), the reasons with their evidence quotes (in the order
of the view's `reasons` JSON, so rebuilds are byte-identical), the documents sealed, the
standard, the local rule, the judge and a link to the order text; each reason code is also an
Atom/RSS category (scheme `tag:sealtrail,2026:reason`). Events without an order read as before.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from urllib.parse import quote, urlencode, urlsplit

from datasette.utils import tilde_encode
from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator

from feeds.queries import DEFAULT_LIMIT, DEFAULT_VIEW
from monitor.sources import OTHER_LINK_RANK, all_sources
from monitor.sources import find as find_source
from monitor.vocab import AFTER_FILING_TYPES, EVENT_LABELS, gives_no_reason

FORMATS = ("atom", "rss")
KINDS = ("all", "court", "case", "reason", "outcome", "type", "judge", "new-cases")
# Kinds narrowed by one value (a reason code, an outcome, an event type, a judge's slug).
KEYED_KINDS = ("reason", "outcome", "type", "judge")
CONTENT_TYPES = {
    "atom": "application/atom+xml; charset=utf-8",
    "rss": "application/rss+xml; charset=utf-8",
}
TAG_PREFIX = "tag:sealtrail,2026:"
DEFAULT_BASE_URL = "http://127.0.0.1:8001"
DEFAULT_DATABASE = "sealtrail"
# `updated` of a feed with no entries: fixed, so that empty feeds are deterministic too.
EMPTY_FEED_UPDATED = datetime(1970, 1, 1, tzinfo=UTC)

SITE_TITLE = "sealtrail"
_SCOPE = {
    "immigration_sealing_events": "immigration-related federal court cases",
    "all_sealing_events": "federal court cases",
}
# Characters XML 1.0 forbids (lxml refuses them); source text is cleaned of them.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# ---------------------------------------------------------------------------------- URLs


def feed_path(
    kind: str,
    fmt: str,
    court: str | None = None,
    docket: str | None = None,
    *,
    key: str | None = None,
) -> str:
    """The site-relative path of a feed (see the module docstring for the scheme); `key` is
    the reason code, outcome, event type or judge slug of a keyed kind. Kind `changes`
    (`feeds.changes_feed`, built there) is all changes after filing, a court's or a case's."""
    if kind == "changes" and fmt in FORMATS:
        if court and docket:
            safe_docket = quote(docket, safe=":-")
            return f"/-/feeds/changes/case/{quote(court, safe='')}/{safe_docket}.{fmt}"
        if court:
            return f"/-/feeds/changes/court/{quote(court, safe='')}.{fmt}"
        return f"/-/feeds/changes.{fmt}"
    _check(kind, fmt)
    if kind == "all":
        return f"/-/feeds/sealing.{fmt}"
    if kind == "new-cases":
        return f"/-/feeds/new-cases.{fmt}"
    if kind in KEYED_KINDS:
        return f"/-/feeds/{kind}/{quote(key or '', safe='')}.{fmt}"
    if kind == "court":
        return f"/-/feeds/court/{quote(court or '', safe='')}.{fmt}"
    return f"/-/feeds/case/{quote(court or '', safe='')}/{quote(docket or '', safe=':-')}.{fmt}"


_PAGE_FILTERS = {
    "reason": "reason_codes__arraycontains",
    "outcome": "outcome",
    "type": "event_type",
    "judge": "judge",
}


def page_path(
    database: str,
    kind: str,
    court: str | None = None,
    case_id: str | None = None,
    *,
    view: str = DEFAULT_VIEW,
    key: str | None = None,
) -> str:
    """The Datasette page (HTML) a feed mirrors: the events view, filtered like the feed.
    For a judge, `key` is the name as stored (the view filters on it, not on the slug)."""
    if kind == "changes":
        view = "after_the_fact_changes"
    path = f"/{tilde_encode(database)}/{view}"
    if kind in ("court", "changes") and court and not case_id:
        return f"{path}?{urlencode({'court': court})}"
    if kind in ("case", "changes") and case_id:
        return f"{path}?{urlencode({'case_id': case_id})}"
    if kind in _PAGE_FILTERS and key:
        return f"{path}?{urlencode({_PAGE_FILTERS[kind]: key})}"
    return path


def event_path(event_id: str) -> str:
    """The event page of an event: `/-/event/casd:3:17-cv-09912:159` (`:` left as is)."""
    return f"/-/event/{quote(clean(event_id), safe=':-._~')}"


def case_path(court: str, docket: str) -> str:
    """The case page: `/-/case/casd/3:17-cv-09912`."""
    return f"/-/case/{quote(clean(court), safe='')}/{quote(clean(docket), safe=':-.')}"


_FEED_TYPES = {"atom": "application/atom+xml", "rss": "application/rss+xml"}


def autodiscovery_links(path: str, title: str) -> list[dict[str, str]]:
    """`<link rel="alternate">` attributes (`type`, `title`, `href`) advertising a feed in
    both formats, from its path in either one (`/-/feeds/judge/jane-q-roe.atom`): what a page
    about one thing puts in its `<head>` so readers find its feed. Pass the path as the page
    links it (with Datasette's `urls.path` for a site under a base path)."""
    stem = path
    for fmt in FORMATS:
        if path.endswith("." + fmt):
            stem = path[: -len(fmt) - 1]
    return [
        {
            "type": _FEED_TYPES[fmt],
            "title": f"{clean(title)} ({'Atom' if fmt == 'atom' else 'RSS'})",
            "href": f"{stem}.{fmt}",
        }
        for fmt in FORMATS
    ]


def autodiscovery_html(path: str, title: str) -> str:
    """The `<link rel="alternate">` tags of `autodiscovery_links`, escaped, one a line. In a
    template: `{{ sealtrail_feed_autodiscovery(urls.path(path), title) }}` (a Jinja global
    the plugin registers; it returns markup)."""
    return "\n".join(
        f'<link rel="alternate" type="{link["type"]}" title="{html.escape(link["title"])}" '
        f'href="{html.escape(link["href"])}">'
        for link in autodiscovery_links(path, title)
    )


def split_case_id(case_id: str) -> tuple[str, str]:
    """`casd:3:17-cv-09912` → (`casd`, `3:17-cv-09912`)."""
    court, _, docket = case_id.partition(":")
    return court, docket


def entry_id(event_id: str) -> str:
    """The permanent id (tag URI) of an event's feed entry."""
    return f"{TAG_PREFIX}event/{quote(str(event_id), safe=':-._~/')}"


def feed_id(
    kind: str, court: str | None = None, docket: str | None = None, *, key: str | None = None
) -> str:
    """The permanent id (tag URI) of a feed; independent of where the site is served."""
    if kind == "all":
        return f"{TAG_PREFIX}feed/sealing"
    if kind == "new-cases":
        return f"{TAG_PREFIX}feed/new-cases"
    if kind in KEYED_KINDS:
        return f"{TAG_PREFIX}feed/{kind}/{quote(key or '', safe='')}"
    if kind == "court":
        return f"{TAG_PREFIX}feed/court/{quote(court or '', safe='')}"
    return f"{TAG_PREFIX}feed/case/{quote(court or '', safe='')}:{quote(docket or '', safe=':-')}"


def case_entry_id(case_id: str) -> str:
    """The permanent id (tag URI) of a case's entry in the new-cases feed."""
    return f"{TAG_PREFIX}case/{quote(str(case_id), safe=':-._~/')}"


# ---------------------------------------------------------------------------------- text


def clean(value: object) -> str:
    """A value as feed-safe text: str, stripped, without characters XML cannot carry."""
    if value is None:
        return ""
    return _XML_INVALID.sub("", str(value)).strip()


def humanize(code: str | None) -> str:
    """`granted_in_part` → `granted in part`."""
    return clean(code).replace("_", " ")


def parse_date(value: object) -> datetime | None:
    """An ISO 8601 string as an aware datetime (naive values are taken as UTC), else None."""
    text = clean(value)
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def row_date(row: Mapping) -> datetime:
    """The true date of an event: the view's `date`, else `first_seen`, else the epoch."""
    return parse_date(row.get("date")) or parse_date(row.get("first_seen")) or EMPTY_FEED_UPDATED


def row_updated(row: Mapping) -> datetime:
    """When the entry last changed: its date, or later when its reading changed after it was
    first published (`updated` moved past `first_seen`: reclassify, an order read later), so
    a reader updates the entry in place instead of missing the change."""
    when = row_date(row)
    changed = parse_date(row.get("updated"))
    first = parse_date(row.get("first_seen"))
    if changed and first and changed > first:
        return max(when, changed)
    return when


def headline(row: Mapping) -> str:
    """What happened: the event summary, else composed from type, outcome and entry number."""
    number = row.get("entry_number")
    text = clean(row.get("summary"))
    if not text:
        event_type = clean(row.get("event_type"))
        text = EVENT_LABELS.get(event_type) or humanize(event_type) or "Sealing event"
        outcome = clean(row.get("outcome"))
        if outcome and outcome not in ("none", "unknown"):
            text = f"{text}: {humanize(outcome)}"
    if number is not None and "(Doc" not in text:
        # A summary that already cites documents ("... motion to seal (Doc. 159)") names the
        # motion ruled on; a second number would read as if it were another motion.
        text = f"{text} (Doc. {number})"
    return text


def court_label(row: Mapping) -> str:
    return clean(row.get("court_name")) or clean(row.get("court")).upper() or "Unknown court"


def case_label(row: Mapping) -> str:
    return clean(row.get("case_name")) or clean(row.get("docket_number")) or "Unknown case"


def entry_title(row: Mapping) -> str:
    """`S.D. Cal. · Sample Border Aid v. Nielsen · Order granting … (Doc. 159)`."""
    return " · ".join((court_label(row), case_label(row), headline(row)))


_OUTCOME_TEXT = {
    "none": "none (this entry rules on nothing)",
    "unknown": "unknown (a ruling whose result the docket text does not give)",
}
MOVANT_LABELS = {
    "government": "the government",
    "plaintiff_petitioner": "plaintiff or petitioner",
    "defendant_nongov": "non-government defendant",
    "criminal_defendant": "criminal defendant",
    "third_party": "third party",
    "joint": "the parties jointly",
    "court_sua_sponte": "the court, on its own motion",
    "unknown": "unknown",
    "none": "none",
}


# Reason codes and standards in words (monitor.vocab.REASONS / STANDARDS).
REASON_LABELS = {
    "law_enforcement": "law enforcement",
    "national_security": "national security",
    "diplomatic": "diplomatic relations",
    "cybersecurity_infrastructure": "cybersecurity/infrastructure",
    "safety": "safety",
    "asylum_confidentiality": "asylum confidentiality",
    "privacy_pii": "privacy/personal information",
    "minor": "minor",
    "medical": "medical",
    "trade_secret_commercial": "trade secret/commercial",
    "privileged": "privileged",
    "protective_order_designation": "protective-order designation",
    "settlement": "settlement",
    "administrative_record": "administrative record",
    "other": "other",
}
STANDARD_LABELS = {
    "compelling_reasons": "compelling reasons",
    "good_cause": "good cause",
    "both": "compelling reasons and good cause",
    "other": "other",
    "none_stated": "none stated",
}
NO_REASONS_TEXT = "none given in the order"


def _json_list(value: object) -> list:
    """A JSON array column (text) as a list; anything else (NULL, bad JSON) as []."""
    if isinstance(value, list):
        return value
    text = clean(value)
    if not text:
        return []
    try:
        parsed = json.loads(text)
    except ValueError:
        return []
    return parsed if isinstance(parsed, list) else []


def reasons(row: Mapping) -> list[tuple[str, str]]:
    """(code, evidence) of the reasons an order gives, in the order of the `reasons` column.

    Falls back to `reason_codes` (no evidence) when only the codes are there.
    """
    found: list[tuple[str, str]] = []
    for item in _json_list(row.get("reasons")):
        if isinstance(item, Mapping) and clean(item.get("code")):
            found.append((clean(item.get("code")), clean(item.get("evidence"))))
    if not found:
        found = [(clean(code), "") for code in _json_list(row.get("reason_codes")) if clean(code)]
    seen: set[str] = set()
    unique = []
    for code, evidence in found:
        if code not in seen:
            seen.add(code)
            unique.append((code, evidence))
    return unique


def reason_text(code: str, evidence: str) -> str:
    """`cybersecurity/infrastructure — “surveillance capabilities of CBP”`."""
    label = REASON_LABELS.get(code) or humanize(code)
    return f"{label} — \u201c{evidence}\u201d" if evidence else label


def documents_sealed(row: Mapping) -> list[str]:
    """What the order sealed, one string per document."""
    return [clean(doc) for doc in _json_list(row.get("documents_sealed")) if clean(doc)]


def _reasons_value(row: Mapping) -> list[str] | str:
    given = [reason_text(code, evidence) for code, evidence in reasons(row)]
    if given:
        return given
    if gives_no_reason(row.get("event_type"), row.get("outcome"), row.get("reasons_stated")):
        return NO_REASONS_TEXT
    return ""


def _movant_value(row: Mapping) -> str:
    movant = clean(row.get("movant_role"))
    role = MOVANT_LABELS.get(movant, humanize(movant))
    text = clean(row.get("movant_text"))
    if text and role and movant not in ("unknown", "none"):
        return f"{role} ({text})"
    return text or role


Value = str | list[str]
_URL_FIELDS = ("Details",)


def _fields(row: Mapping, details_url: str | None = None) -> list[tuple[str, Value]]:
    """Labelled facts of an event, in display order, empty ones left out.

    Values are text, or lists of text (reasons, documents sealed).
    """
    event_type = clean(row.get("event_type"))
    label = EVENT_LABELS.get(event_type, humanize(event_type))
    outcome = clean(row.get("outcome"))
    standard = clean(row.get("standard"))
    number = row.get("entry_number")
    docket_text = clean(row.get("entry_text")) or clean(row.get("short_description"))
    fields: list[tuple[str, Value]] = [
        ("Court", f"{court_label(row)} ({clean(row.get('court'))})"),
        ("Case", f"{case_label(row)}, No. {clean(row.get('docket_number'))}"),
        ("Event", f"{label} ({event_type})" if event_type else ""),
        ("Outcome", _OUTCOME_TEXT.get(outcome, humanize(outcome))),
        ("Movant", _movant_value(row)),
        ("Reasons", _reasons_value(row)),
        ("Documents sealed", documents_sealed(row)),
        ("Standard", STANDARD_LABELS.get(standard, humanize(standard))),
        ("Local rule", clean(row.get("local_rule"))),
        ("Judge", clean(row.get("judge"))),
        ("Decided", clean(row.get("decided_on"))),
        ("Docket entry", "" if number is None else str(number)),
        ("Seen" if event_type in AFTER_FILING_TYPES else "Date", clean(row.get("date"))),
        ("Docket text", docket_text),
        ("Nature of suit", nature_of_suit(row)),
        ("Seen in", seen_in(row)),
        ("Details", details_url or ""),
    ]
    if event_type in AFTER_FILING_TYPES:
        # found by a re-read: no one asked and nothing was ruled on (`feeds.changes_feed`
        # tells the change itself)
        fields = [(name, value) for name, value in fields if name not in ("Outcome", "Movant")]
    return [(name, value) for name, value in fields if value]


def source_label(name: object) -> str:
    """`PACER RSS` for `pacer_rss`: the declared label (`monitor.sources`), else the name."""
    declared = find_source(clean(name))
    return declared.label if declared else clean(name)


def nature_of_suit(row: Mapping) -> str:
    """`463 Habeas Corpus - Alien Detainee`, from the case's best source."""
    code, label = clean(row.get("nos_code")), clean(row.get("nature_of_suit"))
    if label.startswith(code):
        return label
    return f"{code} {label}".strip()


def seen_in(row: Mapping) -> str:
    """The sources that reported the docket entry, e.g. `PACER RSS, GovInfo`."""
    try:
        sources = json.loads(row.get("seen_in") or "[]")
    except (TypeError, ValueError):
        return ""
    return ", ".join(source_label(s) for s in sources if s)


# Where a copy of a document can be read, by host: each source's `links` (monitor.sources),
# free sites first (rank 0, 1), hosts no source claims next, PACER (rank 3) last.
_WHAT = {"entry": "Docket entry", "order": "Order", "docket": "Docket"}

Link = tuple[str, str]  # (label, url)


def _site_of(url: str) -> tuple[int, str]:
    """(rank, site label) of a URL by the source that claims its host (`Links`): 0
    CourtListener, 1 GovInfo, 3 PACER; a host no source claims ranks between, as itself."""
    host = urlsplit(url).hostname or ""
    claimed = sorted((s.links for s in all_sources() if s.links), key=lambda links: links.rank)
    for links in claimed:
        if links.matches(host):
            return links.rank, links.label
    return OTHER_LINK_RANK, host or "source"


def related_links(row: Mapping) -> list[Link]:
    """The addresses of an event's documents beside its event page, free copies first
    (CourtListener/RECAP, GovInfo, then other sites) and PACER last, each once:
    `[("Order on CourtListener/RECAP (free)", url), ..., ("Docket on PACER (login and
    fees)", url)]`. Only http(s) URLs are kept (no `javascript:` from sources)."""
    candidates: list[tuple[str, str]] = []
    for item in _json_list(row.get("free_copies")):
        if isinstance(item, Mapping):
            candidates.append((clean(item.get("of")) or "entry", item.get("url")))
    candidates += [
        ("order", row.get("order_url")),
        ("entry", row.get("source_url")),
        ("docket", row.get("docket_url")),
    ]
    ranked: list[tuple[int, int, str, str]] = []
    seen: set[str] = set()
    for position, (what, value) in enumerate(candidates):
        url = _safe_url(value)
        if not url or url in seen:
            continue
        seen.add(url)
        rank, site = _site_of(url)
        ranked.append((rank, position, f"{_WHAT.get(what, 'Document')} on {site}", url))
    return [(label, url) for _rank, _position, label, url in sorted(ranked)]


def entry_text(row: Mapping, details_url: str | None = None, links: list[Link] = ()) -> str:
    """Plain-text summary of an event (Atom `summary`, type text); `links` (label, url)
    follow the facts, one a line."""
    lines = [headline(row)]
    for name, value in _fields(row, details_url):
        lines.append(f"{name}: {'; '.join(value) if isinstance(value, list) else value}")
    lines += [f"{label}: {url}" for label, url in links]
    return "\n".join(lines)


def _html_value(name: str, value: Value) -> str:
    if isinstance(value, list):
        return "<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in value) + "</ul>"
    if name in _URL_FIELDS:
        url = html.escape(value)
        return f'<a href="{url}">{url}</a>'
    return html.escape(value)


def links_html(links: list[Link]) -> str:
    """`<ul>` of the links (label as the text), or "" for none; every value escaped."""
    if not links:
        return ""
    items = "".join(
        f'<li><a href="{html.escape(url)}">{html.escape(label)}</a></li>' for label, url in links
    )
    return f"<p>Read it:</p><ul>{items}</ul>"


def entry_html(row: Mapping, details_url: str | None = None, links: list[Link] = ()) -> str:
    """An HTML fragment describing an event, then its links; every value is escaped."""
    items = "".join(
        f"<dt>{html.escape(name)}</dt><dd>{_html_value(name, value)}</dd>"
        for name, value in _fields(row, details_url)
    )
    return f"<p>{html.escape(headline(row))}</p><dl>{items}</dl>{links_html(list(links))}"


def _safe_url(value: object) -> str | None:
    """An http(s) URL from source data, or None (no `javascript:` links from sources)."""
    text = clean(value)
    return text if re.match(r"^https?://[^\s<>\"]+$", text, re.IGNORECASE) else None


# ---------------------------------------------------------------------------------- feeds


_OUTCOME_WORDS = {
    "none": "no ruling (motions, filings, changes)",
    "unknown": "ruling not given in the text",
}


def key_label(kind: str, key: str | None, name: str | None = None) -> str:
    """A keyed feed's value in words: `privacy/personal information`, `granted in part`,
    `Motion to seal`, or the judge's name (`name`, else the slug)."""
    if kind == "reason":
        return REASON_LABELS.get(clean(key)) or humanize(key)
    if kind == "outcome":
        return _OUTCOME_WORDS.get(clean(key)) or humanize(key)
    if kind == "type":
        return EVENT_LABELS.get(clean(key)) or humanize(key)
    if kind == "judge":
        return clean(name) or clean(key)
    return clean(key)


def feed_title(
    kind: str,
    *,
    court: str | None = None,
    docket: str | None = None,
    court_name: str | None = None,
    case_name: str | None = None,
    view: str = DEFAULT_VIEW,
    key: str | None = None,
    name: str | None = None,
) -> str:
    """The channel title of a feed."""
    scope = "immigration cases" if view == DEFAULT_VIEW else "federal cases"
    if kind == "all":
        return f"{SITE_TITLE}: sealing in {scope}"
    if kind == "new-cases":
        return f"{SITE_TITLE}: new {scope} with sealing activity"
    if kind in KEYED_KINDS:
        what = {"reason": "reason given", "outcome": "outcome", "type": "event", "judge": "judge"}
        return f"{SITE_TITLE}: sealing in {scope}, {what[kind]}: {key_label(kind, key, name)}"
    court_text = clean(court_name) or clean(court).upper()
    if kind == "court":
        return f"{SITE_TITLE}: sealing in {scope}, {court_text}"
    return f"{SITE_TITLE}: {clean(case_name) or clean(docket)} ({court_text} {clean(docket)})"


def feed_description(kind: str, *, view: str = DEFAULT_VIEW) -> str:
    """The channel description (RSS) / subtitle (Atom) of a feed."""
    scope = _SCOPE.get(view, _SCOPE[DEFAULT_VIEW])
    caveat = "Classified automatically from docket text: check the docket before relying on it."
    if kind == "new-cases":
        return (
            f"One entry per case: {scope} whose first sealing activity (a motion to seal, a "
            "sealing order, a sealed filing, a redaction or unsealing) is the most recent, "
            f"newest first, read from public PACER docket feeds. {caveat}"
        )
    what = "Motions to seal, sealing orders, sealed filings, redactions and unsealing"
    where = {
        "all": f"in {scope}",
        "court": f"in {scope} in this court",
        "case": "in this case",
        "reason": f"in {scope} whose order gives this reason",
        "outcome": f"in {scope} with this outcome",
        "type": f"in {scope}, of this kind only",
        "judge": f"in {scope} issued by or before this judge",
    }
    return f"{what} {where[kind]}, newest first, read from public PACER docket feeds. {caveat}"


def build_feed(
    rows: Iterable[Mapping],
    *,
    kind: str,
    fmt: str,
    base_url: str | None = None,
    database: str = DEFAULT_DATABASE,
    court: str | None = None,
    docket: str | None = None,
    court_name: str | None = None,
    case_name: str | None = None,
    view: str = DEFAULT_VIEW,
    limit: int = DEFAULT_LIMIT,
    key: str | None = None,
    name: str | None = None,
) -> bytes:
    """Serialise event rows (dicts with the view's columns) as an Atom or RSS 2.0 document.

    `kind` is `all`, `court` (give `court`), `case` (give `court` and `docket`), `reason`,
    `outcome`, `type` or `judge` (give `key`: the code, outcome, event type or judge slug;
    for a judge, `name` is the name shown), or `new-cases` (rows: the first event of each
    case, `feeds.queries.fetch_new_cases`). `base_url` is where the site is served (defaults
    to `DEFAULT_BASE_URL`); links to the feed, the Datasette page, the event pages and case
    pages use it. Entries are sorted newest first and cut to `limit`.
    """
    _check(kind, fmt)
    base = (base_url or DEFAULT_BASE_URL).rstrip("/")
    events = sorted(rows, key=lambda r: (row_date(r), clean(r.get("event_id"))), reverse=True)
    events = events[: max(int(limit), 0)]
    case_id = f"{court}:{docket}" if kind == "case" else None

    fg = FeedGenerator()
    fg.id(feed_id(kind, court, docket, key=key))
    title = feed_title(
        kind,
        court=court,
        docket=docket,
        court_name=court_name,
        case_name=case_name,
        view=view,
        key=key,
        name=name,
    )
    fg.title(clean(title))
    fg.subtitle(feed_description(kind, view=view))
    fg.author(name=SITE_TITLE)
    fg.language("en")
    fg.ttl(30)
    when = row_date if kind == "new-cases" else row_updated
    fg.updated(max((when(row) for row in events), default=EMPTY_FEED_UPDATED))
    # RSS takes its <channel><link> from the LAST link() call: self first, alternate last.
    self_path = feed_path(kind, fmt, court, docket, key=key)
    fg.link(href=base + self_path, rel="self", type=CONTENT_TYPES[fmt])
    page_key = name if kind == "judge" else key
    page = base + page_path(database, kind, court, case_id, view=view, key=page_key)
    fg.link(href=page, rel="alternate", type="text/html")

    for row in events:
        if kind == "new-cases":
            _add_case_entry(fg, row, fmt=fmt, base=base, database=database)
        else:
            _add_entry(fg, row, fmt=fmt, base=base, database=database)

    if fmt == "atom":
        return fg.atom_str(pretty=True)
    return fg.rss_str(pretty=True)


class _Entry(FeedEntry):
    """A feedgen entry whose Atom links keep their `rel`, `type` and `title`: feedgen 1.0
    writes only `href` (it reads the attributes back from the element it just made)."""

    def atom_entry(self, extensions=True):
        entry = super().atom_entry(extensions)
        written = [child for child in entry if child.tag == "link"]
        for element, link in zip(written, self.link() or [], strict=True):
            for attribute in ("rel", "type", "title"):
                if link.get(attribute):
                    element.set(attribute, link[attribute])
        return entry


def _links(fe: FeedEntry, main: Link, related: list[Link]) -> None:
    """The entry's link (`main`), then each related link (Atom only: RSS has one link)."""
    fe.link(href=main[1], rel="alternate", type="text/html", title=main[0])
    for label, url in related:
        fe.link(href=url, rel="related", title=label)


def _add_entry(fg: FeedGenerator, row: Mapping, *, fmt: str, base: str, database: str) -> None:
    event_id = clean(row.get("event_id"))
    row_page = f"{base}/{tilde_encode(database)}/sealing_events/{tilde_encode(event_id)}"
    when = row_date(row)
    fe = fg.add_entry(_Entry(), order="append")  # feedgen prepends by default
    fe.id(entry_id(event_id))
    fe.guid(entry_id(event_id), permalink=False)
    fe.title(entry_title(row))
    fe.published(when)
    fe.updated(row_updated(row))
    main = ("Event page", base + event_path(event_id))
    related = related_links(row)
    _links(fe, main, related)
    for code in ("event_type", "outcome", "movant_role", "court", "standard"):
        value = clean(row.get(code))
        if value:
            fe.category(term=value, scheme=f"{TAG_PREFIX}{code}", label=value)
    for code, _evidence in reasons(row):
        # label = term: RSS writes the label as the category text, readers filter on codes.
        fe.category(term=code, scheme=f"{TAG_PREFIX}reason", label=code)
    links = [main, *related]
    if fmt == "atom":
        fe.summary(entry_text(row, row_page, links), type="text")
        fe.content(entry_html(row, row_page, links), type="html")
    else:
        fe.description(entry_html(row, row_page, links))


def case_entry_title(row: Mapping) -> str:
    """`S.D. Cal. · Sample Border Aid v. Nielsen (3:17-cv-09912) · first: Motion to seal …`."""
    case = case_label(row)
    docket = clean(row.get("docket_number"))
    if docket and docket != case:
        case = f"{case} ({docket})"
    return " · ".join((court_label(row), case, f"first: {headline(row)}"))


def _add_case_entry(fg: FeedGenerator, row: Mapping, *, fmt: str, base: str, database: str) -> None:
    """A new-cases entry: the case, dated by its first sealing event (which never changes,
    so neither does the entry's `updated`)."""
    court, docket = clean(row.get("court")), clean(row.get("docket_number"))
    case_id = clean(row.get("case_id")) or f"{court}:{docket}"
    event_id = clean(row.get("event_id"))
    when = row_date(row)
    fe = fg.add_entry(_Entry(), order="append")
    fe.id(case_entry_id(case_id))
    fe.guid(case_entry_id(case_id), permalink=False)
    fe.title(case_entry_title(row))
    fe.published(when)
    fe.updated(when)
    main = ("Case page", base + case_path(court, docket))
    related = [
        ("First sealing event", base + event_path(event_id)),
        ("The case's feed", base + feed_path("case", fmt, court, docket)),
        *related_links(row),
    ]
    _links(fe, main, related)
    fe.category(term=court, scheme=f"{TAG_PREFIX}court", label=court)
    row_page = f"{base}/{tilde_encode(database)}/sealing_events/{tilde_encode(event_id)}"
    links = [main, *related]
    if fmt == "atom":
        fe.summary(entry_text(row, row_page, links), type="text")
        fe.content(entry_html(row, row_page, links), type="html")
    else:
        fe.description(entry_html(row, row_page, links))


def _check(kind: str, fmt: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown feed kind {kind!r}; expected one of {KINDS}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown feed format {fmt!r}; expected one of {FORMATS}")
