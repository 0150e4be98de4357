"""What travels through Redis between the ingester and the workers, as JSON (never pickle:
a worker on another machine, Python or sealtrail version reads it the same way).

- A **job** (ingester → worker): one court of one run: `{"run", "source", "court", "url",
  "prior"}`, and for GovInfo and CourtListener `"args"`: the run's spider arguments
  (`since`, addresses, queries ...; for CourtListener also `enrich`, the cases to look up,
  read from the store by the ingester). Never a token or key: workers read theirs from their
  own environment. `prior` is the court's feed's last recorded `fetch_state` (or null), sent only
  when the ingester trusts it (same processing profile, not too old: `crawler.conditional`),
  so the worker can ask conditionally and spot an unchanged feed without a store.
- A **result** (worker → ingester): one court's whole run: `{"run", "court", "worker",
  "job", "facts", "records", "states"}`. `facts` are the fetch side of its
  `crawler.runstats.CourtRun` (requests, HTTP statuses, errors, times); `records` the items
  its spider yielded (the `entries`, `case`, `order`, `lookup` records of
  docs/internals.md), stored by the ingester; `states` the fetch states to record once
  those records are stored; `job` the job's own bytes, so a result names the job it answers.

Quirks handled: a `CourtRun`'s `http_status` is a Counter of int codes, which JSON turns into
string keys (`restore_run` turns them back); its `clock` is the worker's monotonic clock,
meaningless elsewhere, so only `duration_s` travels and `restore_run` rebuilds a clock that
gives the same duration.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from typing import Any

from crawler.runstats import CourtRun
from monitor.fetch_state import FetchState

# CourtRun fields filled by the pipeline (the ingester's side), never sent by a worker.
STORE_SIDE = frozenset(
    {"items", "stored", "new_entries", "new_events", "kept", "cases", "documents", "skipped"}
)
NOT_SENT = STORE_SIDE | {"clock", "settled", "on_finish"}


def job(
    run_id: str,
    source: str,
    court: str,
    url: str,
    prior: FetchState | None,
    args: dict[str, Any] | None = None,
) -> bytes:
    body = {
        "run": run_id,
        "source": source,
        "court": court,
        "url": url,
        "prior": dataclasses.asdict(prior) if prior is not None else None,
    }
    if args:  # the run's spider arguments (GovInfo, CourtListener); PACER RSS has none
        body["args"] = args
    return json.dumps(body, sort_keys=True).encode("utf-8")


def read(raw: bytes | str) -> dict[str, Any]:
    return json.loads(raw)


def state_of(data: dict[str, Any] | None) -> FetchState | None:
    return FetchState(**data) if data else None


def run_facts(run: CourtRun) -> dict[str, Any]:
    """The fetch side of a court's run, as JSON-ready values."""
    facts = {
        f.name: getattr(run, f.name) for f in dataclasses.fields(run) if f.name not in NOT_SENT
    }
    facts["http_status"] = {str(code): n for code, n in run.http_status.items()}
    facts["duration_s"] = run.duration_s
    return facts


def restore_run(facts: dict[str, Any]) -> CourtRun:
    """A CourtRun with the worker's fetch-side facts and an empty store side."""
    facts = dict(facts)
    duration = facts.pop("duration_s", None)
    http_status = Counter({int(code): n for code, n in facts.pop("http_status", {}).items()})
    known = {f.name for f in dataclasses.fields(CourtRun)} - NOT_SENT
    run = CourtRun(**{k: v for k, v in facts.items() if k in known}, http_status=http_status)
    if duration is not None:
        run.clock = (1.0, 1.0 + float(duration))
    return run


def result(
    job_raw: bytes,
    worker: str,
    run: CourtRun,
    records: list[dict[str, Any]],
    states: list[FetchState],
) -> bytes:
    body = read(job_raw)
    message = {
        "run": body["run"],
        "court": body["court"],
        "worker": worker,
        "job": job_raw.decode("utf-8"),
        "facts": run_facts(run),
        "records": records,
        "states": [dataclasses.asdict(state) for state in states],
    }
    return json.dumps(message, ensure_ascii=False).encode("utf-8")
