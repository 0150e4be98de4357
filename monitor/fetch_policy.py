"""What a crawl fetches in full: the monitor decides, the spiders ask.

Spiders fetch and parse; they never read an entry or a case themselves (docs/internals.md,
"Layers and allowed imports"). Where a listing leads to documents that cost a request each
(a RECAP order document, a GovInfo granule's text), the spider asks the `FetchPolicy` the
composition root handed it (`crawler.run.crawl(fetch_policy=...)`, default `POLICY`). The
answers are the same readings the store draws later (`monitor.classify`,
`monitor.relevance`), so a document is fetched exactly when the store would keep what it says:
- an order document is fetched when its docket text reads as an order on sealing or
  unsealing (a motion to seal has no order to read yet);
- a GovInfo granule's text when its docket text (or title) reads as sealing at all, and
  every granule's of an immigration-related case when the crawl asks for all texts;
- a case is immigration-related on everything the listing states of it: caption, nature of
  suit (code and label), cause, parties, and the kind of court.
"""

from __future__ import annotations

from collections.abc import Iterable

from monitor import courts
from monitor.classify import classify
from monitor.events import ORDER_TYPES
from monitor.relevance import assess_case


class FetchPolicy:
    """The monitor's answers to a spider's "is this worth a request?" (pure, no store)."""

    def order_document(self, text: str, short_description: str, case_name: str) -> bool:
        """Is the entry with this docket text an order on (un)sealing, whose document to read?"""
        return classify(text, short_description, case_name).event_type in ORDER_TYPES

    def sealing_text(self, text: str, case_name: str) -> bool:
        """Does this docket text (a granule's) read as a sealing event of any kind?"""
        return classify(text, "", case_name).is_sealing

    def immigration_case(
        self,
        court: str,
        case_name: str,
        nature_of_suit: str = "",
        cause: str = "",
        parties: Iterable = (),
    ) -> bool:
        """Is the case, as a listing describes it, immigration-related?"""
        return assess_case(
            case_name,
            nature_of_suit or "",
            cause or "",
            parties,
            court_kind=courts.court(court).kind,
            court=court,
        ).immigration


POLICY = FetchPolicy()
