"""Fixed vocabularies (design.md): the codes used in the store, CLI JSON, feeds and metadata."""

EVENT_TYPES = (
    "motion_to_seal",
    "sealed_filing",
    "sealing_order",
    "unseal_motion",
    "unsealing_order",
    "redaction",
    "sealed_after_filing",
    "unsealed_after_filing",
    "not_sealing",
)

OUTCOMES = ("granted", "denied", "granted_in_part", "moot", "none", "unknown")

MOVANT_ROLES = (
    "government",
    "plaintiff_petitioner",
    "defendant_nongov",
    "criminal_defendant",
    "third_party",
    "joint",
    "court_sua_sponte",
    "unknown",
    "none",
)

REASONS = (
    "law_enforcement",
    "national_security",
    "diplomatic",
    "cybersecurity_infrastructure",
    "safety",
    "asylum_confidentiality",
    "privacy_pii",
    "minor",
    "medical",
    "trade_secret_commercial",
    "privileged",
    "protective_order_designation",
    "settlement",
    "administrative_record",
    "other",
)

#: What a re-read of a whole docket or package can find (`monitor.after_the_fact`): an entry
#: gone from a docket otherwise read in full, a document now sealed or no longer available,
#: one back or available again, a GovInfo granule or package withdrawn.
CHANGE_KINDS = ("vanished", "sealed_later", "unsealed_later", "withdrawn")

#: The event type each change becomes (all of them amount to sealing or unsealing).
CHANGE_EVENT_TYPES = {
    "vanished": "sealed_after_filing",
    "sealed_later": "sealed_after_filing",
    "withdrawn": "sealed_after_filing",
    "unsealed_later": "unsealed_after_filing",
}

CHANGE_LABELS = {
    "vanished": "Entry gone from the docket",
    "sealed_later": "Document sealed or withdrawn from view",
    "unsealed_later": "Back on the docket or available again",
    "withdrawn": "Withdrawn from GovInfo",
}

#: The states a source shows of an item (`source_items.state`, `docket_changes.before/after`),
#: in words.
ITEM_STATE_LABELS = {
    "public": "public on the docket",
    "available": "available to read",
    "unavailable": "not available (never bought from PACER)",
    "withheld": "no longer available",
    "sealed": "marked sealed",
    "missing": "gone from the docket",
    "withdrawn": "withdrawn",
}
#: A document's `missing`: its entry is still on the docket, read in full, without it.
DOCUMENT_MISSING_LABEL = "no longer listed on its entry"

#: The event types of sealing after the fact: dated when the change was seen, not by the
#: entry's filing; they are neither motions nor orders (no outcome, no reasons).
AFTER_FILING_TYPES = ("sealed_after_filing", "unsealed_after_filing")

STANDARDS = ("compelling_reasons", "good_cause", "both", "other", "none_stated")

# Human labels used in feed titles and summaries.
#: The outcomes of a ruling that decided a request (not moot, none or unknown).
DECIDED_OUTCOMES = ("granted", "granted_in_part", "denied")


def gives_no_reason(event_type: str | None, outcome: str | None, reasons_stated) -> bool:
    """Whether an event is a decided ruling on sealing whose read order states no reason.

    The reason codes name reasons for sealing, so an unsealing order, a moot or unknown
    ruling, and an event whose order was never read (`reasons_stated` empty) never count.
    """
    stated = str(reasons_stated).strip() if reasons_stated is not None else ""
    return (
        event_type == "sealing_order"
        and outcome in DECIDED_OUTCOMES
        and stated in ("0", "False", "false")
    )


EVENT_LABELS = {
    "motion_to_seal": "Motion to seal",
    "sealed_filing": "Sealed filing",
    "sealing_order": "Order on sealing",
    "unseal_motion": "Motion to unseal",
    "unsealing_order": "Unsealing order",
    "redaction": "Redacted version",
    "sealed_after_filing": "Sealed after filing",
    "unsealed_after_filing": "Back after sealing",
    "not_sealing": "Not sealing",
}
