"""Case facts from structured sources: nature of suit, cause, parties, dates, source ids.

PACER RSS names a case and nothing more; CourtListener dockets and GovInfo MODS records say
what kind of case it is. One case row gathers them all, and says where its facts came from:
- the nature of suit comes from the best source that gave one: a code with its label (GovInfo
  MODS `natureSuitCode` + `natureSuit`) beats a label alone (CourtListener's `nature_of_suit`,
  usually without the code, which is then looked up in `monitor.nos`); a source never replaces
  a better one's answer, and an equal one only fills what is missing;
- the immigration basis is recomputed from every fact known (caption, nature of suit, cause,
  parties) and kept when stronger (`nos:` > `cause:` > `party:` > `keyword:`); a case once
  found immigration-related is never silently un-flagged; `basis_source` names the source of
  the fact the basis rests on;
- a case the store does not know yet is only created when it is immigration-related, watched
  (`monitor.watch`), or every case is kept, like docket entries.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

import sqlite_utils

from monitor import courts, sources
from monitor.nos import nos_code_for
from monitor.relevance import assess_case
from monitor.rows import case_id_for, get_row, upsert_case
from monitor.sanitize import clean_row, clean_value
from monitor.transactions import write_transaction
from monitor.watch import is_watched

BASIS_RANK = {"nos": 4, "cause": 3, "party": 2, "keyword": 1}


def basis_strength(basis: str | None) -> int:
    return BASIS_RANK.get((basis or "").split(":", 1)[0], 0)


def _nos_rank(source: str | None, code: str | None) -> int:
    """Higher is better: the source's `nos_rank` (`monitor.sources`; 1 when none declares it),
    then a code beside the label."""
    declared = sources.find(source)
    return (declared.nos_rank if declared else 1) * 2 + (1 if code else 0)


def enrich_case(
    db: sqlite_utils.Database,
    case: dict,
    *,
    source: str,
    now: str,
    keep_all_cases: bool = False,
) -> dict:
    """Merge one source's description of a case into the store (see the module docstring)."""
    court_id = (case.get("court") or "").lower()
    docket_number = case.get("docket_number") or ""
    result = {"stored": False, "created": False, "changed": [], "immigration": False, "basis": ""}
    if not court_id or not docket_number:
        result["reason"] = "case without court or docket number"
        return result
    case_id = case_id_for(court_id, docket_number)
    with write_transaction(db):
        existing = get_row(db, "cases", case_id)
        facts = _incoming_facts(case, source)
        parties = _parties(case.get("parties"))
        known_parties = _known_parties(db, case_id)
        merged = _merge_facts(existing or {}, facts, source)
        relevance = assess_case(
            merged.get("case_name") or "",
            " ".join(p for p in (merged.get("nos_code"), merged.get("nature_of_suit")) if p),
            merged.get("cause") or "",
            [*known_parties, *parties],
            court_kind=courts.court(court_id).kind,
            court=court_id,
        )
        if existing is None and not (
            relevance.immigration or keep_all_cases or is_watched(db, case_id)
        ):
            result["reason"] = "not immigration-related"
            return result
        updates = {k: v for k, v in merged.items() if (existing or {}).get(k) != v}
        if relevance.immigration and basis_strength(relevance.basis) > basis_strength(
            (existing or {}).get("immigration_basis") if (existing or {}).get("immigration") else ""
        ):
            updates.update(
                immigration=1,
                immigration_basis=relevance.basis,
                basis_source=_basis_source(relevance.basis, merged, source, existing),
            )
        elif relevance.basis.startswith("nos:") and merged.get("nos_source"):
            # same strength, better-sourced nature of suit: the basis now rests on it
            updates.update(immigration_basis=relevance.basis, basis_source=merged["nos_source"])
        # the immigration columns are decided here (strongest basis wins), not by upsert_case
        result["created"] = upsert_case(
            db,
            court_id,
            docket_number,
            source=source,
            now=now,
            existing=existing,
            changes=updates,
        )
        for name, role in parties:
            party = clean_row(
                "case_parties", {"case_id": case_id, "name": name, "role": role, "source": source}
            )
            db.conn.execute(
                "insert or ignore into case_parties (case_id, name, role, source, cut_fields) "
                "values (:case_id, :name, :role, :source, :cut_fields)",
                party,
            )
        stored = get_row(db, "cases", case_id) or {}
    result.update(
        stored=True,
        changed=sorted(k for k in updates if k not in ("sources", "last_seen")),
        immigration=bool(stored.get("immigration")),
        basis=stored.get("immigration_basis") or "",
        case_id=case_id,
    )
    return result


def _incoming_facts(case: dict, source: str) -> dict:
    """The columns this source can fill, cleaned as they will be stored (`monitor.sanitize`:
    redacted, display fields capped), empty values dropped."""
    label = clean_value("cases", "nature_of_suit", (case.get("nature_of_suit") or "").strip())
    code = (case.get("nos_code") or "").strip() or nos_code_for(label or "")
    facts = {
        "case_name": clean_value("cases", "case_name", case.get("case_name") or "") or "",
        "nature_of_suit": label or "",
        "nos_code": code or "",
        "cause": clean_value("cases", "cause", (case.get("cause") or "").strip()) or "",
        "date_filed": case.get("date_filed") or "",
        "date_terminated": case.get("date_terminated") or "",
        "pacer_case_id": str(case.get("pacer_case_id") or ""),
        "docket_url": clean_value("cases", "docket_url", case.get("docket_url") or "") or "",
    }
    declared = sources.find(source)
    column = declared.case_id_column if declared else None
    if column and case.get("source_id"):
        facts[column] = str(case["source_id"])
    return {k: v for k, v in facts.items() if v}


def _merge_facts(existing: dict, facts: dict, source: str) -> dict:
    """Columns to write: missing ones filled, nature of suit replaced by a better source."""
    merged: dict = {}
    incoming_rank = _nos_rank(source, facts.get("nos_code"))
    current_rank = _nos_rank(existing.get("nos_source"), existing.get("nos_code"))
    if facts.get("nature_of_suit") or facts.get("nos_code"):
        if not existing.get("nature_of_suit") or incoming_rank > current_rank:
            merged["nature_of_suit"] = facts.get("nature_of_suit") or existing.get("nature_of_suit")
            merged["nos_code"] = facts.get("nos_code") or None
            merged["nos_source"] = source
    for column, value in facts.items():
        if column in ("nature_of_suit", "nos_code"):
            continue
        if column == "date_terminated" or not existing.get(column):
            merged[column] = value  # a case can close after it was first described
    for column in ("case_name", "nature_of_suit", "nos_code", "cause"):
        if column not in merged and existing.get(column):
            merged[column] = existing[column]
    return merged


def _basis_source(basis: str, merged: dict, source: str, existing: dict | None) -> str:
    """The source of the fact a basis rests on: the nature of suit's source for `nos:`."""
    if basis.startswith("nos:"):
        return merged.get("nos_source") or (existing or {}).get("nos_source") or source
    return source


def _parties(parties: Iterable | None) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for party in parties or ():
        if isinstance(party, dict):
            name = str(party.get("name") or "").strip()
            role = str(party.get("role") or "").strip()
        else:
            name, role = str(party).strip(), ""
        name = clean_value("case_parties", "name", name) or ""
        role = clean_value("case_parties", "role", role) or ""
        if name and (name, role) not in found:
            found.append((name, role))
    return found


def _known_parties(db: sqlite_utils.Database, case_id: str) -> list[tuple[str, str]]:
    return [
        (row[0], row[1])
        for row in db.conn.execute(
            "select name, role from case_parties where case_id = ?", [case_id]
        )
    ]


#: A case a source did not have is asked for again after this many days (RECAP fills in as
#: users buy dockets, so "not there" is not forever).
LOOKUP_RETRY_DAYS = 7


def record_lookup(
    db: sqlite_utils.Database,
    court: str,
    docket_number: str,
    *,
    source: str,
    now: str,
    found: bool = False,
) -> None:
    """Remember that `source` was asked for this case (and whether it had it)."""
    with write_transaction(db):
        db.conn.execute(
            "insert into case_lookups (case_id, source, looked_up, found) values (?, ?, ?, ?) "
            "on conflict (case_id, source) do update set looked_up = excluded.looked_up, "
            "found = excluded.found",
            [case_id_for(court, docket_number), source, now, int(found)],
        )


def cases_needing_enrichment(
    db: sqlite_utils.Database,
    courts: Iterable[str] | None = None,
    limit: int = 50,
    *,
    source: str = "courtlistener",
    now: str | None = None,
) -> list[dict]:
    """Cases worth a docket lookup: immigration-related or with sealing events, and not yet
    described by a structured source (no nature of suit, never seen on CourtListener), nor
    looked up in vain at `source` in the last `LOOKUP_RETRY_DAYS`; most recently active
    first."""
    moment = datetime.fromisoformat(now) if now else datetime.now(UTC)
    since = (moment - timedelta(days=LOOKUP_RETRY_DAYS)).isoformat()
    where = [
        "c.nature_of_suit is null",
        "c.courtlistener_id is null",
        "(c.immigration = 1 or exists (select 1 from sealing_events e where e.case_id = c.id))",
        "not exists (select 1 from case_lookups l where l.case_id = c.id and l.source = ? "
        "and l.found = 0 and l.looked_up > ?)",
    ]
    params: list = [source, since]
    court_list = [c for c in (courts or []) if c]
    if court_list:
        where.append(f"c.court_id in ({', '.join('?' for _ in court_list)})")
        params.extend(court_list)
    sql = (
        "select c.court_id as court, c.docket_number, c.case_name, c.pacer_case_id "
        f"from cases c where {' and '.join(where)} order by c.last_seen desc, c.id limit ?"
    )
    return [dict(row) for row in db.query(sql, [*params, int(limit)])]
