"""The fast court lookup gives eyecite's own answers."""

import pytest

eyecite_helpers = pytest.importorskip("eyecite.helpers")

from courts_db import courts  # noqa: E402

from monitor.analyze.eyecite_speed import court_by_paren  # noqa: E402


def test_same_answers_as_eyecite():
    import importlib

    # reload gives eyecite's own function even when install() replaced the module global
    reference = importlib.reload(importlib.import_module("eyecite.helpers")).get_court_by_paren
    samples = {c["citation_string"] for c in courts[::7]} | {
        "9th Cir.", "2d Cir", "5th Cir. 2021", "D.N.J.", "S.D. Cal.", "Pa.Super.", "SC", "N.D.",
        "Cal.", "", "1978", "Fed. Cir.", "B.I.A.", "zzz",
    }  # fmt: skip
    for paren in sorted(samples):
        assert court_by_paren(paren) == reference(paren), paren


def test_remembered_extractor_hash_is_eyecites_own():
    from eyecite.tokenizers import EXTRACTORS

    from monitor.analyze.eyecite_speed import install

    install()
    for extractor in EXTRACTORS[::25]:
        assert hash(extractor) == hash(repr(extractor))
        assert hash(extractor) == hash(extractor)  # the remembered value
        assert "_sealtrail_hash" not in repr(extractor)  # not a field: the repr is unchanged
