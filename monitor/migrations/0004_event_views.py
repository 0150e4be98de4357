"""The event views: `all_sealing_events` (every event with its case, court and entry) and
`immigration_sealing_events` (those of immigration cases).

The views this step (re)created are defined once, in their latest form, in `monitor.views`;
the step stays so the names of applied migrations keep their order."""

from __future__ import annotations

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    """Nothing to do: see the module docstring."""
