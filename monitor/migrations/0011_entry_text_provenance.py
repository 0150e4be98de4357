"""Which source the kept text and event name of an entry came from, and whether the text
is the docket text or an excerpt of the document (`monitor.entry_text`)."""

from __future__ import annotations

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    from monitor.excerpt import is_document_opening

    for column in ("text_source", "text_kind", "short_source"):
        db["docket_entries"].add_column(column, str)
    # Entries seen in one source got their text from it; for the others it is not known
    # which source's (longer) text was kept, and NULL lets the fullest text stay.
    db.execute(
        "update docket_entries set text_source = source, short_source = source "
        "where json_array_length(coalesce(sources, json_array(source))) <= 1"
    )
    rows = db.execute("select id, text from docket_entries where text <> ''").fetchall()
    kinds = [("excerpt" if is_document_opening(text) else "docket", id_) for id_, text in rows]
    db.conn.executemany("update docket_entries set text_kind = ? where id = ?", kinds)
