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


_COURT_ID = re.compile(r"^[a-z][a-z0-9]{1,11}$")


def parse_court_list(value: str | None) -> list[str]:
    """`casd, nyed` → ['casd', 'nyed']; empty or None → the default list.

    Ids become host names (`ecf.{court}.uscourts.gov`) and URL paths, so anything but a plain
    lower-case id is refused with ValueError; ids courts-db does not know (bankruptcy courts,
    new courts) are allowed.
    """
    if not value:
        return list(default_courts())
    ids = [c.strip().lower() for c in value.split(",") if c.strip()]
    bad = [c for c in ids if not _COURT_ID.match(c)]
    if bad:
        raise ValueError(f"not a court id: {', '.join(bad)} (expected ids like casd, nyed, ca9)")
    return list(dict.fromkeys(ids))
