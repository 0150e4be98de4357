"""Which text of a docket entry to keep when several sources report it.

Sources give an entry's text in two kinds:
- `docket`: the docket entry's own text (PACER RSS, CourtListener REST, GovInfo docketText);
- `excerpt`: the opening of the filed document instead ("Case 3:26-cv-04101 Document 14 Filed
  11/19/26 ... ORDER GRANTING ..."), which is all CourtListener's Atom feed carries. It is
  better than nothing for a court whose feed gives only the event name, but it is not the
  docket text, so a docket text always wins over it, whatever the lengths.

Between texts of one kind, the fullest is kept: a source that gives a shorter text than the one
kept (PACER feeds cut long entries; S.D.N.Y. gives no text at all) never replaces it, so texts
do not flip as sources take turns. The source whose text is kept may revise it, shorter or not
(a clerk's correction): that is recorded as a revision like any change.
"""

from __future__ import annotations

DOCKET = "docket"
EXCERPT = "excerpt"
KINDS = (DOCKET, EXCERPT)
_RANK = {EXCERPT: 0, DOCKET: 1}


def text_kind(item: dict) -> str:
    """The kind of an item's `text` (items say `text_kind` only when it is not `docket`)."""
    kind = item.get("text_kind") or DOCKET
    if kind not in KINDS:
        raise ValueError(f"text_kind must be one of {KINDS}, not {kind!r}")
    return kind


def takes_over(
    old: str | None,
    old_source: str | None,
    old_kind: str | None,
    new: str | None,
    new_source: str,
    new_kind: str = DOCKET,
) -> bool:
    """Does `new` (from `new_source`) replace the kept text `old`?"""
    if not new or new == old:
        return False
    if not old:
        return True
    old_rank, new_rank = _RANK[old_kind or DOCKET], _RANK[new_kind]
    if old_rank != new_rank:
        return new_rank > old_rank
    if new_source == old_source:
        return True
    return len(new) > len(old)
