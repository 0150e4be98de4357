"""Federal courts we poll, generated from courts-db, keyed by PACER ids (`casd`, `ca9`).

courts-db quirks handled here (measured on courts-db 0.10.27):
- its `type` field is unreliable for federal district courts (`njd`, `txwd`, `vaed` are typed
  "appellate"), so districts are recognised by id shape instead: state code, optional
  division letter, `d` (`casd`, `mad`, `nmid`);
- undivided predecessors (`ncd`, `okd`) are still listed as active beside their successors;
  a court is dropped when divided courts of the same state exist;
- `njd` carries an end date although D.N.J. sits today; a short list of corrections fixes it;
- open date ranges are written both as `None` and as `""` (`scd`);
- `federal_circuit` is missing on many districts, so the circuit comes from 28 U.S.C. § 41;
- some citation strings are not Bluebook forms (`E.D.N.Y`, `D. Maryland`); corrected below.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

_DISTRICT_ID = re.compile(r"^(?P<state>[a-z]{2}|nmi)(?P<division>[nsewcm]?)d$")
_CIRCUIT_ID = re.compile(r"^ca(?:[1-9]|1[01]|dc|fc)$")

# Active courts that courts-db marks as ended (data errors).
_STILL_ACTIVE = {"njd"}
_SHORT_NAME_FIXES = {
    "nyed": "E.D.N.Y.",
    "mdd": "D. Md.",
    "mnd": "D. Minn.",
    "nmid": "D.N. Mar. I.",
}

# 28 U.S.C. § 41: the circuit of each state's (or territory's) districts.
_CIRCUIT_OF_STATE = {
    **dict.fromkeys(["me", "ma", "nh", "ri", "pr"], "ca1"),
    **dict.fromkeys(["ct", "ny", "vt"], "ca2"),
    **dict.fromkeys(["de", "nj", "pa", "vi"], "ca3"),
    **dict.fromkeys(["md", "nc", "sc", "va", "wv"], "ca4"),
    **dict.fromkeys(["la", "ms", "tx"], "ca5"),
    **dict.fromkeys(["ky", "mi", "oh", "tn"], "ca6"),
    **dict.fromkeys(["il", "in", "wi"], "ca7"),
    **dict.fromkeys(["ar", "ia", "mn", "mo", "ne", "nd", "sd"], "ca8"),
    **dict.fromkeys(["ak", "az", "ca", "hi", "id", "mt", "nv", "or", "wa", "gu", "nmi"], "ca9"),
    **dict.fromkeys(["co", "ks", "nm", "ok", "ut", "wy"], "ca10"),
    **dict.fromkeys(["al", "fl", "ga"], "ca11"),
    "dc": "cadc",
}

DISTRICT_FEED = "https://ecf.{court}.uscourts.gov/cgi-bin/rss_outside.pl"
APPELLATE_FEED = (
    "https://ecf.{court}.uscourts.gov/n/beam/servlet/TransportRoom?servlet=RSSGenerator"
)


@dataclass(frozen=True)
class Court:
    id: str
    name: str
    short_name: str
    circuit: str
    kind: str  # "district" | "appellate" | "bankruptcy" | "other"

    def as_row(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "short_name": self.short_name,
            "circuit": self.circuit,
            "kind": self.kind,
        }


def _is_active(record: dict) -> bool:
    return record["id"] in _STILL_ACTIVE or any(
        not d.get("end") for d in record.get("dates") or [{}]
    )


def _circuit_of(record: dict) -> str:
    if _CIRCUIT_ID.match(record["id"]):
        return record["id"]
    district = _DISTRICT_ID.match(record["id"])
    if district and district["state"] in _CIRCUIT_OF_STATE:
        return _CIRCUIT_OF_STATE[district["state"]]
    number = record.get("federal_circuit")
    if number:
        return f"ca{number}"
    appeal_to = record.get("appeal_to") or ""
    return appeal_to if _CIRCUIT_ID.match(appeal_to) else ""


def _kind_of(court_id: str, record: dict | None) -> str:
    if _CIRCUIT_ID.match(court_id):
        return "appellate"
    if record and record.get("type") == "bankruptcy" or court_id.endswith("b"):
        return "bankruptcy"
    if _DISTRICT_ID.match(court_id):
        return "district"
    return "other"


@lru_cache(maxsize=1)
def _federal_records() -> dict[str, dict]:
    from courts_db import courts

    return {c["id"]: c for c in courts if c.get("system") == "federal"}


@lru_cache(maxsize=1)
def default_courts() -> tuple[str, ...]:
    """Every active federal district and appellate court with a PACER RSS endpoint."""
    records = _federal_records()
    districts = {
        cid: _DISTRICT_ID.match(cid)
        for cid, rec in records.items()
        if _DISTRICT_ID.match(cid) and rec.get("citation_string") and _is_active(rec)
    }
    divided_states = {m["state"] for m in districts.values() if m["division"]}
    chosen = [
        cid for cid, m in districts.items() if m["division"] or m["state"] not in divided_states
    ]
    circuits = [cid for cid, rec in records.items() if _CIRCUIT_ID.match(cid) and _is_active(rec)]
    return tuple(sorted(chosen) + sorted(circuits, key=_circuit_sort_key))


def _circuit_sort_key(court_id: str) -> tuple[int, str]:
    suffix = court_id[2:]
    return (int(suffix), "") if suffix.isdigit() else (99, suffix)


def court(court_id: str) -> Court:
    """Names for a court id; unknown ids (bankruptcy courts, typos) get the id as their name."""
    record = _federal_records().get(court_id)
    if record is None:
        return Court(court_id, court_id, court_id, "", _kind_of(court_id, None))
    short = _SHORT_NAME_FIXES.get(court_id) or record.get("citation_string") or court_id
    return Court(court_id, record["name"], short, _circuit_of(record), _kind_of(court_id, record))


def feed_url(court_id: str) -> str:
    """The public PACER RSS URL of a court (appellate courts use the CM/ECF servlet)."""
    template = APPELLATE_FEED if _CIRCUIT_ID.match(court_id) else DISTRICT_FEED
    return template.format(court=court_id)


# What an id may look like: it becomes a host name (`ecf.{court}.uscourts.gov`) and a path.
_COURT_ID = re.compile(r"^[a-z][a-z0-9]{1,11}$")
# PACER ids (CM/ECF host names) that CourtListener and courts-db spell differently.
PACER_ALIASES = {"azb": "arb", "neb": "nebraskab", "cofc": "uscfc"}
# National courts with CM/ECF besides the districts, circuits and bankruptcy courts.
_NATIONAL_ECF = frozenset({"cit", "jpml", "uscfc"})
MAX_REPORTED = 5  # unknown ids described one by one in the error


class UnknownCourt(ValueError):
    """A court id `--courts` (or a config) gave that names no court we can crawl."""


@lru_cache(maxsize=1)
def known_courts() -> frozenset[str]:
    """Ids a crawl accepts: the default list, active bankruptcy courts and appellate panels,
    the national CM/ECF courts, and PACER's own spellings of three of them (`azb`).

    Left out: courts that no longer sit (`californiad`), undivided predecessors courts-db still
    lists as active (`ncd`, `okd`), and bodies with no CM/ECF (`scotus`, `bia`)."""
    records = _federal_records()
    bankruptcy = {
        cid for cid, rec in records.items() if rec.get("type") == "bankruptcy" and _is_active(rec)
    }
    ids = set(default_courts()) | bankruptcy | _NATIONAL_ECF | set(PACER_ALIASES)
    return frozenset(c for c in ids if _COURT_ID.match(c))


def same_court(a: str, b: str) -> bool:
    """`azb` and `arb` are one court (PACER's and CourtListener's id for D. Ariz. Bankr.)."""
    return PACER_ALIASES.get(a, a) == PACER_ALIASES.get(b, b)


def _folded(text: str) -> str:
    """`S.D. Cal.` → `sdcal`: citations and ids compared without case, dots or spaces."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


@lru_cache(maxsize=1)
def _citations() -> dict[str, str]:
    """Folded citation (`sdcal`, `9thcir`, `bankrsdcal`) → court id, for known courts."""
    found: dict[str, str] = {}
    for court_id in sorted(known_courts()):
        info = court(court_id)
        if info.short_name != court_id:
            found.setdefault(_folded(info.short_name), court_id)
    return found


def _edits(a: str, b: str) -> int:
    """Edits from `a` to `b`: insertions, deletions, substitutions and swaps of neighbours
    (`nyde` → `nyed` is one), the usual typing slips (optimal string alignment distance)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)
            )
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


MAX_SUGGESTED_LENGTH = 40  # longer input gets no fuzzy suggestions (bounded work)
_ECF_HOST_IN = re.compile(r"(?:^|[/.@])ecf\.(?P<court>[a-z0-9]+)(?:\.|$)")


def suggest_courts(token: str, limit: int = 3) -> list[str]:
    """Known ids a mistyped court probably meant, best first: the court whose citation it is
    (`S.D. Cal.` → casd) alone; else ids one or two slips away (`nyde` → nyed; districts and
    circuits before bankruptcy courts), then courts whose citation is close (difflib)."""
    host = _ECF_HOST_IN.search(token.lower())  # a PACER address pasted in
    if host and host["court"] in known_courts():
        return [host["court"]]
    folded = _folded(token)
    if not folded or len(folded) > MAX_SUGGESTED_LENGTH:
        return []
    if folded in known_courts():  # `CA 9`, `n.y.s.d.`
        return [folded]
    citations = _citations()
    if folded in citations:
        return [citations[folded]]
    main = set(default_courts())
    scored = []
    for court_id in known_courts():
        edits = _edits(folded, court_id)
        if edits <= max(1, min(2, len(court_id) // 2)):
            ratio = difflib.SequenceMatcher(None, folded, court_id).ratio()
            scored.append((edits, court_id not in main, -ratio, court_id))
    found = [court_id for *_, court_id in sorted(scored)]
    close = difflib.get_close_matches(folded, list(citations), n=limit, cutoff=0.75)
    found += [citations[c] for c in close]
    return list(dict.fromkeys(found))[:limit]


def describe_unknown(token: str) -> str:
    """`'zzz'` plus a did-you-mean naming each suggestion's court, or where ids come from; an
    id courts-db has for a court that is not crawled today says so (`'ncd' (D.N.C.: ...)`)."""
    shown = repr(token if len(token) <= 40 else token[:37] + "...")
    record = _federal_records().get(token.strip().lower())
    if record:
        info = court(record["id"])
        label = info.short_name if info.short_name != info.id else info.name.strip()
        shown += f" ({label}: no CM/ECF court of that id today)"
    suggestions = suggest_courts(token)
    if suggestions:
        named = ", ".join(f"{c} ({court(c).short_name})" for c in suggestions)
        return f"{shown}: did you mean {named}?"
    if record:
        return shown
    return f"{shown} (court ids are CourtListener's: casd, nyed, ca9, nysb ...)"


def parse_court_list(value: str | None) -> list[str]:
    """`casd, nyed` → ['casd', 'nyed']; empty or None → the default list.

    Ids become host names (`ecf.{court}.uscourts.gov`) and URL paths, and an unknown one costs
    a crawl its retries (four failed DNS lookups under AutoThrottle: 45 to 75 s): anything
    not in `known_courts()` is refused with `UnknownCourt` (a ValueError) saying which court
    each unknown id probably meant.
    """
    if not value:
        return list(default_courts())
    tokens = [c.strip() for c in value.split(",") if c.strip()]
    if not tokens:  # `--courts ,` or `--courts " "`: a slip, not a wish to crawl nothing
        raise UnknownCourt(f"no court id in {value!r} (leave it out to crawl every court)")
    ids = [c.lower() for c in tokens]
    bad = [token for token, c in zip(tokens, ids, strict=True) if c not in known_courts()]
    if len(bad) == 1:
        raise UnknownCourt(f"unknown court {describe_unknown(bad[0])}")
    if bad:
        lines = [describe_unknown(token) for token in bad[:MAX_REPORTED]]
        if len(bad) > MAX_REPORTED:
            lines.append(f"and {len(bad) - MAX_REPORTED} more")
        raise UnknownCourt(f"{len(bad)} unknown courts:\n  " + "\n  ".join(lines))
    return list(dict.fromkeys(ids))
