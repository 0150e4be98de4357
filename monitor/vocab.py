"""Fixed vocabularies (design.md): the codes used in the store, CLI JSON, feeds and metadata."""

EVENT_TYPES = (
    "motion_to_seal",
    "sealed_filing",
    "sealing_order",
    "unseal_motion",
    "unsealing_order",
    "redaction",
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

STANDARDS = ("compelling_reasons", "good_cause", "both", "other", "none_stated")

# Human labels used in feed titles and summaries.
EVENT_LABELS = {
    "motion_to_seal": "Motion to seal",
    "sealed_filing": "Sealed filing",
    "sealing_order": "Order on sealing",
    "unseal_motion": "Motion to unseal",
    "unsealing_order": "Unsealing order",
    "redaction": "Redacted version",
    "not_sealing": "Not sealing",
}
