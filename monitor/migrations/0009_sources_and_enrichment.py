"""One record per fact across PACER RSS, CourtListener and GovInfo; case enrichment.

- `entry_sources` / `document_sources`: every source an entry or document was seen in,
  with the source's own id (RECAP document id, GovInfo granule id) and address;
  `docket_entries.sources` / `documents.sources` keep the list as a JSON array for facets;
- `entry_aliases`: an unnumbered entry (a GovInfo granule) later matched to its numbered
  entry keeps its old id here, so the next crawl finds the merged row;
- cases gain the structured facts CourtListener and GovInfo give (cause, dates, parties,
  source ids) and say which source gave the nature of suit and the immigration basis;
- `api_calls`: the calls made to budgeted APIs, so limits hold across runs."""

from __future__ import annotations

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    db["docket_entries"].add_column("sources", str)
    db["documents"].add_column("sources", str)
    for column in (
        "cause",
        "date_filed",
        "date_terminated",
        "nos_source",
        "basis_source",
        "courtlistener_id",
        "govinfo_package",
        "sources",
    ):
        db["cases"].add_column(column, str)
    db["entry_sources"].create(
        {
            "entry_id": str,
            "source": str,
            "source_id": str,
            "source_url": str,
            "first_seen": str,
            "last_seen": str,
        },
        pk=("entry_id", "source"),
    )
    db["entry_sources"].create_index(["source", "source_id"])
    db["document_sources"].create(
        {
            "document_id": str,
            "source": str,
            "source_id": str,
            "source_url": str,
            "sha256": str,
            "chars": int,
            "first_seen": str,
            "last_seen": str,
        },
        pk=("document_id", "source"),
    )
    db["document_sources"].create_index(["source", "source_id"])
    db["documents"].create_index(["entry_id"], if_not_exists=True)
    db["entry_aliases"].create({"alias_id": str, "entry_id": str}, pk="alias_id")
    db["case_parties"].create(
        {"case_id": str, "name": str, "role": str, "source": str},
        pk=("case_id", "name", "role"),
    )
    db["api_calls"].create({"id": int, "source": str, "at": str}, pk="id")
    db["api_calls"].create_index(["source", "at"])
    db.execute("update docket_entries set sources = json_array(source) where source is not null")
    db.execute(
        "insert or ignore into entry_sources (entry_id, source, source_id, source_url, "
        "first_seen, last_seen) select id, source, guid, source_url, first_seen, last_seen "
        "from docket_entries where source is not null"
    )
    db.execute("update documents set sources = json_array(source) where source is not null")
    db.execute(
        "insert or ignore into document_sources (document_id, source, source_url, sha256, "
        "chars, first_seen, last_seen) select id, source, source_url, sha256, length(text), "
        "null, null from documents where source is not null"
    )
