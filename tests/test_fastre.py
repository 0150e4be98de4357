"""monitor.fastre: a guarded pattern finds exactly what the plain pattern finds.

Every pattern the analyser compiles through `fastre.compile` is run both ways over the sample
orders (as written and normalised), the look-alike orders, strings whose case folding is unusual
(the Kelvin sign folds to "k", the long s to "s", the dotted capital I to "i") and, when
../shared is present, the seed order and the real development orders; matches, spans and groups
must be equal. Hypothesis then tries texts built from the words these patterns look for.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import monitor.analyze
from monitor import fastre
from monitor.analyze.normalize import normalize

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

for _info in pkgutil.iter_modules(monitor.analyze.__path__):
    importlib.import_module(f"monitor.analyze.{_info.name}")

GUARDED = [(src, flags, compiled) for src, flags, compiled in fastre.COMPILED
           if compiled.pattern != src]  # fmt: skip

FOLDS = [
    "MOTION TO SEAL \u212aept under seal",  # Kelvin sign: "k" under IGNORECASE
    "Motion to \u017feal; request to \u017fEAL the record",  # long s: "s"
    "\u0130n re Petition; \u0131n re Matter of",  # dotted capital I, dotless i
    "ﬁled under seal; ﬆipulated motion",  # ligatures do not fold to two letters
    "Defendants’ Motion (ECF No. 12) to seal, GRANTED. Dkt. 14 at 3; Doc. 7–9.",
    "",
    " ",
    "\n\nIT IS SO ORDERED.\n\nDated: March 3, 2026\n\nUnited States Magistrate Judge\n",
]


def _texts() -> list[str]:
    paths = sorted((ROOT / "tests" / "orders").glob("*.txt"))
    for name in ("orders_lookalike", "orders_lookalike2", "orders_lookalike3"):
        paths += sorted((ROOT / "tests" / name).glob("*.txt"))
    raw = [p.read_text(encoding="utf-8") for p in paths]
    return raw + [normalize(t) for t in raw] + FOLDS


def _shared_texts() -> list[str]:
    paths = sorted((SHARED / "seeds").glob("*.txt"))
    paths += sorted((SHARED / "fixtures" / "orders_real").glob("*.txt"))
    raw = [p.read_text(encoding="utf-8") for p in paths]
    return raw + [normalize(t) for t in raw]


def _matches(pattern: re.Pattern, text: str) -> list:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


def _assert_same(texts: list[str]) -> None:
    for src, flags, guarded in GUARDED:
        plain = re.compile(src, flags)
        for text in texts:
            assert _matches(guarded, text) == _matches(plain, text), (src, text[:80])


def test_the_analyser_guards_its_hot_patterns():
    from monitor.analyze.sentences import MOTION, SEAL

    assert len(GUARDED) >= 60
    assert MOTION.pattern.startswith("(?=(?i:[")
    assert SEAL.pattern.startswith("(?=(?i:[")


def test_guarded_patterns_match_as_plain_ones_on_the_sample_orders():
    _assert_same(_texts())


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared is absent")
def test_guarded_patterns_match_as_plain_ones_on_real_orders():
    _assert_same(_shared_texts())


def test_search_and_match_at_a_position_agree():
    from monitor.analyze.sentences import MOTION

    text = "the Clerk shall terminate the motion (ECF 4). Plaintiff's Motion to Seal"
    plain = re.compile(fastre.COMPILED[[c for _, _, c in fastre.COMPILED].index(MOTION)][0], re.I)
    for pos in range(len(text)):
        for end in (len(text), pos + 12):
            a, b = MOTION.match(text, pos, end), plain.match(text, pos, end)
            assert (a and a.span()) == (b and b.span())
            a, b = MOTION.search(text, pos, end), plain.search(text, pos, end)
            assert (a and a.span()) == (b and b.span())


_WORDS = sorted(
    {
        w
        for src, _, _ in GUARDED
        for w in re.findall(r"[A-Za-z]{2,}", src)
        if w not in {"s", "w", "d", "b"}
    }
)


@settings(derandomize=True, database=None, max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(_WORDS),
            st.sampled_from(_WORDS).map(str.upper),
            st.sampled_from(_WORDS).map(str.title),
            st.sampled_from(
                [
                    " ",
                    "  ",
                    "\n",
                    "\n\n",
                    ".",
                    ",",
                    ";",
                    ":",
                    "(",
                    ")",
                    "[",
                    "]",
                    "'",
                    "’",
                    "-",
                    "§",
                    "12",
                    "3:26-cv-01877",
                    "\u212a",
                    "\u017f",
                    "\u0130",
                    "é",
                    "/s/",
                ]
            ),  # fmt: skip
        ),
        max_size=40,
    ).map(" ".join)
)
def test_guarded_patterns_match_as_plain_ones_on_generated_text(text):
    _assert_same([text, text.replace(" ", "")])


@pytest.mark.parametrize(
    "pattern, first",
    [
        (r"\b(?:(?:ex\s+parte|joint)\s+){0,2}(?:motion|request)", "[ejmr]"),
        (r"(?<![\w-])(?:Doc|ECF)\s*\d", "[DE]"),
        (r"(?i)\bfoo|\d+bar", r"[f\d]"),
        (r"(?:[\[(]\s*)?Dkt", r"[\[\(D]"),
        (r"a?", None),  # may match nothing
        (r"\b.x", None),  # any character
        (r"(?<!x)[^a]b", None),  # a negated class
        (r"^\s*ORDER", None),  # anchored: the engine tries the start only
        (r"ORDER\b", None),  # a literal: the engine skips ahead by itself
        (r"[A-Z]\w+", None),  # a class: likewise
    ],
)
def test_first_characters(pattern, first):
    assert fastre.first_characters(pattern) == first


def test_leading_flags_stay_first():
    compiled = fastre.compile(r"(?i)\b(?:motion|request)s?")
    fastre.COMPILED.pop()
    assert compiled.pattern.startswith("(?i)(?=(?i:[")
    assert compiled.search("THE MOTIONS")[0] == "MOTIONS"
