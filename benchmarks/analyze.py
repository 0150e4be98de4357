"""Benchmark: orders per second through `monitor.analyze.analyze_text`, on one core.

Run from the repository root:

    .venv/bin/python benchmarks/analyze.py [--seconds 5]

Input: the sample orders in tests/orders/*.txt (written for the tests; most are one page) and,
when ../shared is present, the two renderings of the seed order. The headline figure is for
orders of typical length, 2–5 pages: each sample order longer than 1,000 characters is grown to
at least 6,000 characters (about three pleading pages) by repeating its discussion paragraphs,
citations included, which is if anything harder than real prose (more citations for eyecite).
The rate over the corpus as written is printed too. One warm-up pass first (eyecite builds its
tokenizer on the first call), then the texts are analysed in a loop until `--seconds` pass.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

TYPICAL_CHARS = 6_000


SEEDS = ROOT.parent / "shared" / "seeds"


def corpus() -> list[str]:
    paths = sorted((ROOT / "tests" / "orders").glob("*.txt"))
    if SEEDS.is_dir():
        paths += sorted(SEEDS.glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in paths]


def grow(text: str, target: int = TYPICAL_CHARS) -> str:
    """Repeat the middle (discussion) paragraphs until the order is `target` characters long."""
    paragraphs = text.split("\n\n")
    head, body, tail = paragraphs[:2], paragraphs[2:-2] or paragraphs[1:2], paragraphs[-2:]
    grown = list(body)
    while len("\n\n".join(head + grown + tail)) < target:
        grown += body
    return "\n\n".join(head + grown + tail)


def load(code: Path):
    """`analyze_text` from the `monitor` package in `code` (this tree, or an older checkout
    for a before/after comparison: benchmarks/before_after.py)."""
    sys.path.insert(0, str(code))
    from monitor.analyze import analyze_text

    return analyze_text


def rate(texts: list[str], seconds: float, analyze_text) -> tuple[float, int]:
    for text in texts:
        analyze_text(text)
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for text in texts:
            analyze_text(text)
        done += len(texts)
    return done / (time.perf_counter() - start), done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument(
        "--code",
        type=Path,
        default=ROOT,
        help="directory holding the monitor package to measure (default: this tree)",
    )
    args = parser.parse_args()
    analyze_text = load(args.code)
    texts = corpus()
    typical = [t if len(t) >= TYPICAL_CHARS else grow(t) for t in texts if len(t) > 1_000]
    typical = [t for t in typical if len(t) <= 20_000]
    print(f"python {platform.python_version()}; {len(texts)} orders, {len(typical)} typical")
    if typical:
        per_second, n = rate(typical, args.seconds, analyze_text)
        chars = sum(len(t) for t in typical) // len(typical)
        print(f"grown to 2–5 pages (mean {chars:,} chars): {per_second:8.1f} orders/s ({n} runs)")
    if SEEDS.is_dir():
        seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
        per_second, n = rate(seeds, args.seconds, analyze_text)
        print(f"real seed order (3 and 2 pages):           {per_second:8.1f} orders/s ({n} runs)")
    per_second, n = rate(texts, args.seconds, analyze_text)
    print(f"whole corpus:                              {per_second:8.1f} orders/s ({n} runs)")


if __name__ == "__main__":
    main()
