"""What `sealtrail schedule` ran (`monitor.scheduler`): one row per step of a job, with
the chain it belongs to (the job run's start), status running/ok/error/interrupted, the
child's exit code and its command (tokens never appear: they travel in the environment)."""

from __future__ import annotations

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    db["scheduler_runs"].create(
        {
            "id": int,
            "job": str,
            "step": str,
            "trigger": str,
            "chain": str,
            "started": str,
            "finished": str,
            "status": str,
            "exit_code": int,
            "command": str,
        },
        pk="id",
        not_null={"job", "step", "chain", "started", "status"},
    )
    db["scheduler_runs"].create_index(["job", "step", "status", "chain"])
