"""Which sources reported each event (`seen_in`, `order_sources`), the nature-of-suit code
and the source the immigration basis rests on.

The views this step (re)created are defined once, in their latest form, in `monitor.views`;
the step stays so the names of applied migrations keep their order."""

from __future__ import annotations

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    """Nothing to do: see the module docstring."""
