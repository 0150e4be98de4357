"""Expose the events' rowid so Datasette can search the views through sealing_events_fts.

The views this step (re)created are defined once, in their latest form, in `monitor.views`;
the step stays so the names of applied migrations keep their order."""

from __future__ import annotations

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    """Nothing to do: see the module docstring."""
