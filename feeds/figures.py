"""What the court, judge and charts pages count, from one grouped pass over the event view.

`tally(conn, scope, view=..., court=..., judges=...)` runs one bounded `group by` over the
view (`scope` `all`, `court` or `judge`) and one over `event_reasons`, and
`Figures.from_rows` adds them up in Python, so every figure on a page comes from the same two
queries and the pages never disagree with each other. The definitions (the pages say them
too):

- Decided order: a `sealing_order` whose outcome is `granted`, `granted_in_part` or `denied`.
  `moot` and `unknown` are not decisions on sealing and are counted apart; unsealing orders
  are left out (granting one unseals, so it would count the other way).
- Grant rate: (granted + granted in part) / decided orders, always shown with both numbers;
  under `MIN_RULINGS` decided orders it comes with "too few rulings to compare" and the charts
  draw it apart (hatched, counts only, no rate: `feeds.svg_chart.share_bars`).
- Orders giving no reason: decided orders on sealing (the three outcomes above) whose text
  was read (`document_id` set and `reasons_stated` not null) with `reasons_stated = 0`, the
  rule of the `orders_without_reasons` query; the share is over the decided orders read
  (`MIN_READ` likewise). Decided orders read from docket text only (`reasons_stated` null)
  are counted as "not read". The reason codes name reasons for sealing, so an unsealing order
  (lifting a seal needs none of them), a moot order and an order whose ruling is unknown are
  in none of these three counts, even when their text was read.
- Month: the first seven characters of the event's `date` (`2026-11`, the court's own day);
  a date that does not start with one is left out of the months, not of the totals.

Bounds: each query returns at most `GROUPS_MAX` groups (`cut` says when it was reached); the
months shown are the last `MONTHS_MAX` from the newest one. Every statement is a constant with
named parameters; the view name comes from `feeds.queries.VIEWS`.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from feeds.queries import VIEWS, check_view
from monitor.vocab import DECIDED_OUTCOMES

MIN_RULINGS = 10
MIN_READ = 10
MONTHS_MAX = 60
GROUPS_MAX = 50_000
DECIDED = DECIDED_OUTCOMES
GRANTED = ("granted", "granted_in_part")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_WHERE = {
    "all": "",
    "court": "and v.court = :court",
    "judge": "and v.judge in (select value from json_each(:judges))",
}
_TALLY = """
select v.court, coalesce(v.judge, '') as judge, substr(v.date, 1, 7) as month,
  v.event_type, coalesce(v.outcome, '') as outcome,
  case when v.event_type = 'sealing_order'
    and v.outcome in ({decided}) and v.document_id is not null
    then v.reasons_stated end as stated,
  count(*) as n
from {view} v where v.event_type != 'not_sealing' {where}
group by 1, 2, 3, 4, 5, 6
limit :limit
"""
_REASONS = """
select v.court, coalesce(v.judge, '') as judge, substr(v.date, 1, 7) as month, r.reason,
  count(*) as n
from event_reasons r join {view} v on v.event_id = r.event_id
where v.event_type != 'not_sealing' {where}
group by 1, 2, 3, 4
limit :limit
"""
_DECIDED_SQL = ", ".join(f"'{outcome}'" for outcome in DECIDED)  # constants, not input
TALLY_SQL = {
    (view, scope): _TALLY.format(view=view, where=where, decided=_DECIDED_SQL)
    for view in VIEWS
    for scope, where in _WHERE.items()
}
REASONS_SQL = {
    (view, scope): _REASONS.format(view=view, where=where)
    for view in VIEWS
    for scope, where in _WHERE.items()
}


@dataclass
class Month:
    """One month's figures."""

    by_type: Counter = field(default_factory=Counter)
    by_outcome: Counter = field(default_factory=Counter)  # of sealing orders
    read: int = 0
    no_reason: int = 0

    @property
    def events(self) -> int:
        return sum(self.by_type.values())

    @property
    def decided(self) -> int:
        return sum(self.by_outcome[o] for o in DECIDED)

    @property
    def granted(self) -> int:
        return sum(self.by_outcome[o] for o in GRANTED)


@dataclass
class Figures:
    """The counts of one court, one judge, or the whole store."""

    by_type: Counter = field(default_factory=Counter)
    by_type_outcome: Counter = field(default_factory=Counter)  # (event_type, outcome)
    read: int = 0  # decided orders on sealing whose text was read
    no_reason: int = 0  # of those, the ones stating no reason
    unread: int = 0  # decided orders on sealing with no order text read
    reasons: Counter = field(default_factory=Counter)
    courts: Counter = field(default_factory=Counter)
    judges: Counter = field(default_factory=Counter)  # names as stored ('' = no judge)
    months: dict[str, Month] = field(default_factory=dict)
    reasons_by_month: dict[str, Counter] = field(default_factory=dict)
    cut: bool = False

    # ---- totals

    @property
    def events(self) -> int:
        return sum(self.by_type.values())

    def orders(self, outcome: str) -> int:
        return self.by_type_outcome[("sealing_order", outcome)]

    @property
    def decided(self) -> int:
        return sum(self.orders(o) for o in DECIDED)

    @property
    def granted(self) -> int:
        return sum(self.orders(o) for o in GRANTED)

    @property
    def undecided_orders(self) -> int:
        """Sealing orders whose outcome is not a decision (moot, unknown, none)."""
        return self.by_type["sealing_order"] - self.decided

    @property
    def too_few_rulings(self) -> bool:
        return self.decided < MIN_RULINGS

    @property
    def too_few_read(self) -> bool:
        return self.read < MIN_READ

    # ---- building

    @classmethod
    def from_rows(
        cls, events: Iterable[Mapping], reasons: Iterable[Mapping] = (), *, cut: bool = False
    ) -> Figures:
        figures = cls(cut=cut)
        for row in events:
            figures.add(row)
        for row in reasons:
            figures.add_reason(row)
        return figures

    def add(self, row: Mapping) -> None:
        n = int(row["n"])
        event_type, outcome = row["event_type"], row["outcome"]
        self.by_type[event_type] += n
        self.by_type_outcome[(event_type, outcome)] += n
        self.courts[row["court"]] += n
        self.judges[row["judge"]] += n
        month = self._month(row["month"])
        if month is not None and event_type != "not_sealing":
            month.by_type[event_type] += n
            if event_type == "sealing_order":
                month.by_outcome[outcome] += n
        if event_type == "sealing_order" and outcome in DECIDED:  # rulings on sealing only
            if row["stated"] is None:
                self.unread += n
            else:
                self.read += n
                if month is not None:
                    month.read += n
                if not row["stated"]:
                    self.no_reason += n
                    if month is not None:
                        month.no_reason += n

    def add_reason(self, row: Mapping) -> None:
        n = int(row["n"])
        self.reasons[row["reason"]] += n
        if _MONTH.match(row["month"] or ""):
            self.reasons_by_month.setdefault(row["month"], Counter())[row["reason"]] += n

    def _month(self, value: str | None) -> Month | None:
        if not value or not _MONTH.match(value):
            return None
        return self.months.setdefault(value, Month())

    # ---- months

    def month_keys(self) -> list[str]:
        """Every month from the first to the last with events (gaps filled), the last
        `MONTHS_MAX` of them."""
        return month_range(list(self.months) + list(self.reasons_by_month))

    def month(self, key: str) -> Month:
        return self.months.get(key) or Month()


def month_range(months: Iterable[str], limit: int = MONTHS_MAX) -> list[str]:
    """`YYYY-MM` from the earliest to the latest of `months`, none missing, at most the last
    `limit`."""
    valid = sorted(m for m in months if _MONTH.match(m))
    if not valid:
        return []
    year, month = (int(part) for part in valid[0].split("-"))
    end = valid[-1]
    keys = []
    while True:
        key = f"{year:04d}-{month:02d}"
        keys.append(key)
        if key >= end:
            break
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return keys[-limit:]


def month_label(key: str) -> str:
    """`2026-11` → `Nov 2026`."""
    year, month = key.split("-")
    return f"{_MONTH_NAMES[int(month) - 1]} {year}"


def _rows(conn: sqlite3.Connection, sql: str, params: Mapping) -> list[dict]:
    cursor = conn.execute(sql, dict(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def tally_rows(
    conn: sqlite3.Connection,
    scope: str = "all",
    *,
    view: str,
    court: str | None = None,
    judges: Sequence[str] = (),
) -> tuple[list[dict], list[dict], bool]:
    """The grouped rows of the events and of their reasons, and whether a bound cut them."""
    check_view(view)
    params: dict = {"limit": GROUPS_MAX}
    if scope == "court":
        params["court"] = court
    elif scope == "judge":
        params["judges"] = json.dumps(list(judges))
    elif scope != "all":
        raise ValueError(f"unknown scope {scope!r}")
    events = _rows(conn, TALLY_SQL[(view, scope)], params)
    reasons = _rows(conn, REASONS_SQL[(view, scope)], params)
    return events, reasons, len(events) >= GROUPS_MAX or len(reasons) >= GROUPS_MAX


def tally(conn: sqlite3.Connection, scope: str = "all", **kwargs) -> Figures:
    """The figures of the whole view, one court (`court=`) or one judge (`judges=`: the
    stored spellings of the judge's name)."""
    events, reasons, cut = tally_rows(conn, scope, **kwargs)
    return Figures.from_rows(events, reasons, cut=cut)


def split_by(
    events: Iterable[Mapping], reasons: Iterable[Mapping], key: str, *, cut: bool = False
) -> dict[str, Figures]:
    """Figures per value of `key` (`court` or `judge`) from one tally's rows."""
    found: dict[str, Figures] = {}
    for row in events:
        found.setdefault(row[key], Figures(cut=cut)).add(row)
    for row in reasons:
        found.setdefault(row[key], Figures(cut=cut)).add_reason(row)
    return found
