"""`sealing_events.judge_role` (magistrate, district, circuit, bankruptcy, unknown: read
from the order or its docket text with the judge). The event views gain it and `updated`
(when the event's reading last changed), so a feed entry whose reading changed
(`sealtrail reclassify`, an order read later) says so in its Atom `updated` / RSS item
instead of looking unchanged or being published twice.

The views this step (re)created are defined once, in their latest form, in `monitor.views`;
the step stays so the names of applied migrations keep their order."""

from __future__ import annotations

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    if "judge_role" not in db["sealing_events"].columns_dict:
        db["sealing_events"].add_column("judge_role", str)
