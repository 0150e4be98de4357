"""Every feed the site offers, grouped, with its event count: one list for the feeds page,
the OPML file and the static export, so the three never disagree. Pure: counts in, groups out.

Groups, in this order (`GROUPS`):

- `all`: every sealing event, and new cases (one entry per case);
- `changes`: sealing after the fact (`feeds.changes_feed`): every change, then each court
  with changes (counted in changes); a case's feed of changes is linked from its case page;
- `court`: by circuit, then court: every court the store has seen (its `courts` table: a
  court is added with its first case, so a court the crawl follows but where nothing was
  stored yet is not listed, though its feed answers) and every court with events;
- `reason`, `outcome`, `type`: every value of the fixed vocabularies (`monitor.vocab`), with
  or without events (their feeds answer empty); `not_sealing` is never published;
- `judge`: the judges that have events, one per slug (`monitor.judges.judge_slug`); spellings
  that share a slug are counted together and named by the most used one.

Counts come from `feeds.queries.feed_counts`; the vocabulary order is kept (it reads better
than counts would, and does not move between runs).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from feeds.build import feed_path, key_label
from monitor.judges import judge_slug
from monitor.vocab import EVENT_TYPES, OUTCOMES, REASONS

GROUPS = ("all", "changes", "court", "reason", "outcome", "type", "judge")
GROUP_TITLES = {
    "all": "All",
    "changes": "Sealed after filing",
    "court": "By circuit and court",
    "reason": "By reason",
    "outcome": "By outcome",
    "type": "By event type",
    "judge": "By judge",
}
PUBLISHED_TYPES = tuple(t for t in EVENT_TYPES if t != "not_sealing")
CIRCUIT_NAMES = {
    "ca1": "First Circuit",
    "ca2": "Second Circuit",
    "ca3": "Third Circuit",
    "ca4": "Fourth Circuit",
    "ca5": "Fifth Circuit",
    "ca6": "Sixth Circuit",
    "ca7": "Seventh Circuit",
    "ca8": "Eighth Circuit",
    "ca9": "Ninth Circuit",
    "ca10": "Tenth Circuit",
    "ca11": "Eleventh Circuit",
    "cadc": "D.C. Circuit",
    "cafc": "Federal Circuit",
}
NO_CIRCUIT = "Other courts"


@dataclass(frozen=True)
class Feed:
    """One feed: `kind` and its `court` or `key` give its paths (`feed_path`)."""

    kind: str
    title: str
    count: int | None = None  # events; for new cases, cases (None: not counted)
    court: str | None = None
    key: str | None = None
    name: str | None = None  # a judge's name as stored (the Datasette page filters on it)

    def path(self, fmt: str) -> str:
        return feed_path(self.kind, fmt, self.court, key=self.key)


@dataclass
class Group:
    """A titled list of feeds, or of subgroups (circuits)."""

    key: str
    title: str
    feeds: list[Feed] = field(default_factory=list)
    subgroups: list[Group] = field(default_factory=list)

    def all_feeds(self) -> list[Feed]:
        return self.feeds + [feed for group in self.subgroups for feed in group.all_feeds()]


def _circuit_sort(circuit: str) -> tuple[int, str]:
    suffix = circuit[2:]
    if not circuit:
        return (999, "")
    return (int(suffix), "") if suffix.isdigit() else (100, suffix)


def judges_by_slug(judge_counts: Mapping[str, int]) -> list[tuple[str, str, int]]:
    """(slug, name, count) per judge slug, by name: names sharing a slug are added up and
    shown as the most used spelling (then the first in sort order)."""
    merged: dict[str, list[tuple[int, str]]] = {}
    for name, count in judge_counts.items():
        slug = judge_slug(name)
        if slug:
            merged.setdefault(slug, []).append((count, name))
    rows = []
    for slug, spellings in merged.items():
        best = sorted(spellings, key=lambda item: (-item[0], item[1]))[0][1]
        rows.append((slug, best, sum(count for count, _ in spellings)))
    return sorted(rows, key=lambda row: (row[1].lower(), row[0]))


def catalog(
    counts: Mapping,
    courts: Iterable[Mapping],
    *,
    scope: str = "immigration cases",
) -> list[Group]:
    """The groups of feeds (see the module docstring).

    `counts` is `feeds.queries.feed_counts(...)` (its `cases` counts the new-cases feed);
    `courts` rows have `court`, `court_name` and `circuit` (`feeds.queries.store_courts`; a
    court with events that is not among them is added under "Other courts")."""
    court_counts = counts.get("court", {})
    total = sum(court_counts.values())
    everything = Group(
        "all",
        GROUP_TITLES["all"],
        [
            Feed("all", f"All sealing events in {scope}", total),
            Feed("new-cases", f"New {scope} with sealing activity", counts.get("cases")),
        ],
    )

    known: dict[str, Mapping] = {row["court"]: row for row in courts}
    for court in court_counts:
        known.setdefault(court, {"court": court, "court_name": court.upper(), "circuit": ""})
    circuits: dict[str, Group] = {}
    for court_id in sorted(known):
        row = known[court_id]
        circuit = row.get("circuit") or ""
        if circuit not in circuits:
            label = CIRCUIT_NAMES.get(circuit, circuit.upper()) if circuit else NO_CIRCUIT
            circuits[circuit] = Group(circuit or "other", label)
        name = row.get("court_name") or court_id
        circuits[circuit].feeds.append(
            Feed("court", f"{name} ({court_id})", court_counts.get(court_id, 0), court=court_id)
        )
    by_court = Group(
        "court",
        GROUP_TITLES["court"],
        subgroups=[circuits[c] for c in sorted(circuits, key=_circuit_sort)],
    )

    def vocabulary(group: str, values: Iterable[str]) -> Group:
        found = counts.get(group, {})
        return Group(
            group,
            GROUP_TITLES[group],
            [Feed(group, key_label(group, v), found.get(v, 0), key=v) for v in values],
        )

    judges = Group(
        "judge",
        GROUP_TITLES["judge"],
        [
            Feed("judge", name, count, key=slug, name=name)
            for slug, name, count in judges_by_slug(counts.get("judge", {}))
        ],
    )
    change_counts = counts.get("changes") or {}
    changes = Group(
        "changes",
        GROUP_TITLES["changes"],
        [
            Feed(
                "changes",
                f"Entries and documents sealed or gone after filing, in {scope}",
                sum(change_counts.values()),
            ),
            *(
                Feed(
                    "changes",
                    f"{(known.get(court) or {}).get('court_name') or court} ({court})",
                    n,
                    court=court,
                )
                for court, n in sorted(change_counts.items())
            ),
        ],
    )
    return [
        everything,
        changes,
        by_court,
        vocabulary("reason", REASONS),
        vocabulary("outcome", OUTCOMES),
        vocabulary("type", PUBLISHED_TYPES),
        judges,
    ]
