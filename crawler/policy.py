"""The questions a spider asks before it fetches a document in full (a `typing.Protocol`).

Spiders fetch and parse; the monitor decides. A spider that must choose which documents of a
listing are worth a request each (CourtListener's RECAP order documents, GovInfo's granule
texts) is handed an object answering these questions by the composition root
(`crawler.run.crawl(fetch_policy=...)`, default `monitor.fetch_policy.POLICY`); no crawler
module imports the classifier or the relevance rules (tests/test_architecture.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol


class FetchPolicy(Protocol):
    def order_document(self, text: str, short_description: str, case_name: str) -> bool: ...

    def sealing_text(self, text: str, case_name: str) -> bool: ...

    def immigration_case(
        self,
        court: str,
        case_name: str,
        nature_of_suit: str = "",
        cause: str = "",
        parties: Iterable = (),
    ) -> bool: ...


class NoPolicy:
    """What a spider has when it was built without a policy (e.g. to read its addresses):
    asking it is a programming error, never a silent "fetch nothing" or "fetch everything"."""

    def __getattr__(self, name: str) -> Any:
        raise RuntimeError(
            f"the spider was given no fetch_policy (asked {name!r}); "
            "crawl through crawler.run.crawl, which hands it monitor.fetch_policy.POLICY"
        )
