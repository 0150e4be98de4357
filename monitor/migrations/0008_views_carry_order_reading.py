"""Reasons (codes and evidence), standard, documents sealed, judge: what an order says.

The views this step (re)created are defined once, in their latest form, in `monitor.views`;
the step stays so the names of applied migrations keep their order."""

from __future__ import annotations

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    db["event_reasons"].create_index(["event_id"], if_not_exists=True)
    db["documents"].create_index(["case_id"], if_not_exists=True)
    db["documents"].create_index(["sha256"], if_not_exists=True)
