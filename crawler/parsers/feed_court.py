"""Whose feed is it? The court a PACER RSS feed's links name, against the court it is read as.

The parser labels every entry with the court it is told (`parse_feed(content, court)`): the
items carry no court of their own. Their links do: PACER links each entry to the court's own
CM/ECF host (`https://ecf.casd.uscourts.gov/cgi-bin/DktRpt.pl?...`, `/doc1/...`, the
appellate servlet on `ecf.ca9.uscourts.gov`), and on every real feed in the shared fixtures
(twelve courts: district, bankruptcy and appellate) every item link is on the feed's own
court. So a feed whose links name only another court is that court's feed read under the
wrong id: `parse pacer-rss --court nysd` on casd's file, or a mirror serving one court's feed
for another. Links to other hosts (a mirror rewriting them, a test server) say nothing.

PACER spells three courts differently from CourtListener (`azb` for `arb`):
`monitor.courts.same_court` treats each pair as one court.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from monitor.courts import same_court

_ECF_HOST = re.compile(r"^ecf\.(?P<court>[a-z][a-z0-9]{1,11})\.uscourts\.gov$")
LINK_KEYS = ("case_url", "document_url", "guid")


def court_of_link(url: Any) -> str | None:
    """`https://ecf.casd.uscourts.gov/doc1/0351...` → `casd`; None for any other address."""
    if not isinstance(url, str) or not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return None
    match = _ECF_HOST.match(host)
    return match["court"] if match else None


def linked_courts(items: Iterable[dict[str, Any]]) -> Counter[str]:
    """How many items link to each court's CM/ECF host (an item counts once per court)."""
    found: Counter[str] = Counter()
    for item in items:
        courts = {court_of_link(item.get(key)) for key in LINK_KEYS}
        found.update(court for court in courts if court)
    return found


def foreign_court(items: Iterable[dict[str, Any]], court: str) -> str | None:
    """The court the items' links name when none names `court` (the one most linked), else
    None: also when no link names any court, or some name `court` among others."""
    linked = linked_courts(items)
    if not linked or any(same_court(named, court) for named in linked):
        return None
    return linked.most_common(1)[0][0]
