"""An order whose text does not say who asked takes the role of the motions it rules on.

Short RSS descriptions ("Order on Motion to Seal") and bare text orders ("ORDER denying 7
Motion") name no movant; the linked motion usually does. Done in the views, so the stored
event keeps what its own text says and `reclassify` stays exact.

The views this step (re)created are defined once, in their latest form, in `monitor.views`;
the step stays so the names of applied migrations keep their order."""

from __future__ import annotations

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    """Nothing to do: see the module docstring."""
