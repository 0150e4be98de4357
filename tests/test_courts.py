"""Court list generated from courts-db, and feed URLs."""

import pytest

from monitor.courts import court, default_courts, feed_url, parse_court_list


def test_default_courts_are_every_active_district_and_circuit():
    ids = default_courts()
    districts = [c for c in ids if court(c).kind == "district"]
    circuits = [c for c in ids if court(c).kind == "appellate"]
    assert len(districts) == 94  # 89 in the states + D.C., P.R., V.I., Guam, N. Mar. I.
    assert len(circuits) == 13
    assert {"casd", "txsd", "njd", "scd", "nmid", "dcd", "prd"} <= set(ids)
    assert not {"ncd", "okd", "casb", "nysb", "californiad"} & set(ids)
    assert all(court(c).circuit for c in ids)


def test_names_and_circuits():
    assert court("casd").short_name == "S.D. Cal."
    assert court("casd").circuit == "ca9"
    assert court("nyed").short_name == "E.D.N.Y."
    assert court("ca5").kind == "appellate"
    assert court("zzz").name == "zzz"


def test_feed_urls():
    assert feed_url("casd") == "https://ecf.casd.uscourts.gov/cgi-bin/rss_outside.pl"
    assert feed_url("ca10").endswith("/n/beam/servlet/TransportRoom?servlet=RSSGenerator")


def test_parse_court_list():
    assert parse_court_list("casd, NYED") == ["casd", "nyed"]
    assert parse_court_list("") == list(default_courts())
    assert parse_court_list("casd,casd,mdb") == ["casd", "mdb"]
    for bad in ("../etc", "ca sd", "casd/x", "ecf.casd"):
        with pytest.raises(ValueError):
            parse_court_list(bad)
