"""Identifiers never reach the store."""

import pytest

from monitor.redact import redact

LEAKS = [
    ("Petition for Review; BIA-1 : A999-999-999", "999-999-999"),
    ("Exhibit: A-file, A# 123 456 789", "123 456 789"),
    ("A-Number: 201234567 filed", "201234567"),
    ("Alien registration number 12-345-678", "12-345-678"),
    ("Petitioner A123456789 is detained", "123456789"),
    ("SSN 123-45-6789", "6789"),
    ("Declaration listing 555-12-3456 in para. 4", "555-12-3456"),
    ("DOB: 01/02/1990", "01/02/1990"),
    ("date of birth 1990-01-02", "1990-01-02"),
    ("born on March 3, 1988 in Honduras", "March 3, 1988"),
    ("DOB: 01.02.1990", "01.02.1990"),
    ("born 01.02.1990", "01.02.1990"),
    ("date of birth: 2 January 1990", "2 January 1990"),
    ("his date of birth of January 5, 1990", "January 5, 1990"),
    ("A2O8-555-123 (OCR)", "2O8-555-123"),
]
CLEAN = [
    "ORDER granting 119 Motion to Seal. Signed on 5/31/2024.",
    "Case 3:17-cv-02366-BAS-KSC Document 159 Filed 03/12/18",
    "Exhibit A 12 pages",
    "A-1 Plumbing v. Doe",
    "re ECF No. 123456",
    "Room A-OOO-OOO",
]


@pytest.mark.parametrize("text, secret", LEAKS)
def test_identifiers_are_removed(text, secret):
    out = redact(text)
    assert secret not in out
    assert "REDACTED]" in out


@pytest.mark.parametrize("text", CLEAN)
def test_ordinary_text_is_left_alone(text):
    assert redact(text) == text


def test_cue_words_are_kept():
    assert redact("DOB: 01/02/1990 petitioner") == "DOB: [DOB REDACTED] petitioner"
