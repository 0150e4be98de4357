"""Which of the analyser's patterns a first-character guard (monitor/fastre.py) makes faster.

Run from the repository root:

    .venv/bin/python benchmarks/regex_guards.py [--all] [--rounds 3]

Every pattern that a module of `monitor.analyze` holds at module level is run with
`finditer` over the sample corpus of benchmarks/analyze.py (tests/orders/*.txt, normalised, as
written and grown to 2–5 pages; the seed order too when ../shared is present), once as
`re.compile` gives it and once with the guard `monitor.fastre.compile` would add. The table
lists time per order both ways and says what the code does (`guarded`: compiled through
`fastre.compile`). The analyser guards a pattern when the guard saves at least 20%; a row marked
`!` is clearly on the wrong side of that rule (a guarded pattern the guard saves less than 10%,
or a plain one it would save more than 30%; between the two, timing noise decides). By default
only patterns whose guard changes the time by 10% or more are listed; `--all` lists every one.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import analyze as corpus_source  # noqa: E402  (benchmarks/analyze.py)

import monitor.analyze  # noqa: E402
from monitor import fastre  # noqa: E402
from monitor.analyze.normalize import normalize  # noqa: E402

GAIN = 0.8  # guard when guarded time <= GAIN * plain time
GUARDED_AT_MOST, PLAIN_AT_LEAST = 0.9, 0.7  # beyond these a row is marked "!"


def patterns() -> list[tuple[str, re.Pattern, re.Pattern, bool]]:
    """(module.NAME, plain, guarded, guarded in the code?) of every module-level pattern."""
    sources = {id(compiled): (src, flags) for src, flags, compiled in fastre.COMPILED}
    out = []
    for info in pkgutil.iter_modules(monitor.analyze.__path__):
        module = importlib.import_module(f"monitor.analyze.{info.name}")
        source = Path(module.__file__).read_text(encoding="utf-8")
        for name, value in vars(module).items():
            if not isinstance(value, re.Pattern) or not isinstance(value.pattern, str):
                continue
            if not re.search(rf"^{re.escape(name)}(?::[^=\n]+)? = ", source, re.M):
                continue  # imported from the module that defines it
            src, flags = sources.get(id(value), (value.pattern, value.flags))
            plain = re.compile(src, flags)
            guarded = fastre.compile(src, flags)
            fastre.COMPILED.pop()  # measured here, not part of the analyser
            if guarded.pattern == plain.pattern:
                continue  # no guard possible
            out.append((f"{info.name}.{name}", plain, guarded, id(value) in sources))
    return out


def per_order(pattern: re.Pattern, texts: list[str], rounds: int) -> float:
    """Best time over `rounds`, in microseconds per text, of finditer over every text."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for text in texts:
            for _match in pattern.finditer(text):
                pass
        best = min(best, time.perf_counter() - start)
    return best / len(texts) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="list every guardable pattern")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    raw = corpus_source.corpus()
    texts = [normalize(t) for t in raw]
    texts += [normalize(corpus_source.grow(t)) for t in raw if len(t) > 1000]
    rows = []
    for name, plain, guarded, in_code in patterns():
        p, g = per_order(plain, texts, args.rounds), per_order(guarded, texts, args.rounds)
        rows.append((g / p if p else 1.0, name, p, g, in_code))
    rows.sort()
    print(f"{len(texts)} texts; time per text in µs; guard when guarded/plain <= {GAIN}")
    print("| pattern | plain | guarded | ratio | code | |")
    print("|---|---|---|---|---|---|")
    wrong = 0
    for ratio, name, p, g, in_code in rows:
        bad = ratio > GUARDED_AT_MOST if in_code else ratio < PLAIN_AT_LEAST
        wrong += bad
        if args.all or bad or abs(ratio - 1) >= 0.1:
            code = "guarded" if in_code else "plain"
            print(f"| {name} | {p:.0f} | {g:.0f} | {ratio:.2f} | {code} | {'!' if bad else ''} |")
    print(f"\n{sum(r[4] for r in rows)} guarded in the code, {wrong} against the rule (marked !)")


if __name__ == "__main__":
    main()
