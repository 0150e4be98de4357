"""Fetch policies for crawl tests (`run_crawl(fetch_policy="tests.policies.NAME")`): they
stand in for the monitor's `monitor.fetch_policy.POLICY` to show that a spider fetches what
the policy handed to it says, and nothing else decides."""

from __future__ import annotations


class Never:
    """No document is worth fetching."""

    def order_document(self, text, short_description, case_name):
        return False

    def sealing_text(self, text, case_name):
        return False

    def immigration_case(self, court, case_name, nature_of_suit="", cause="", parties=()):
        return False


class EveryText(Never):
    """Every GovInfo granule's text is worth fetching."""

    def sealing_text(self, text, case_name):
        return True


NEVER = Never()
EVERY_TEXT = EveryText()
