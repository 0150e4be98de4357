"""`sealing_events_for_readers` (issue 15: a dozen columns a person reads, the full views
kept for data users), and `seen_in` in the event views that Datasette's array facet can
count (see `monitor.views`).

The views this step (re)created are defined once, in their latest form, in `monitor.views`;
the step stays so the names of applied migrations keep their order."""

from __future__ import annotations

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    """Nothing to do: see the module docstring."""
