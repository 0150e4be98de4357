"""Benchmark an older commit and this tree side by side, in one run, on the same inputs.

Run from the repository root (a git checkout):

    .venv/bin/python benchmarks/before_after.py --base 0d44035 [--rounds 2] [--seconds 3]

The `monitor` package of `--base` is extracted with `git archive` into a temporary directory;
benchmarks/analyze.py and benchmarks/classify.py of THIS tree then run against it
(`--code DIR`) and against this tree, alternately (base, now, base, now ...), each in a fresh
process, so both see the same corpus, the same Python and the same machine load. The best
figure of each side over the rounds is printed as a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: (script, extra arguments, [(label, pattern of the figure in its output)])
MEASURES = (
    (
        "analyze.py",
        ["--seconds"],
        [
            ("analyze, orders grown to 2–5 pages (orders/s)", r"grown to .*?:\s+([\d.]+) orders/s"),
            ("analyze, real seed order (orders/s)", r"real seed order.*?:\s+([\d.]+) orders/s"),
            ("analyze, whole sample corpus (orders/s)", r"whole corpus:\s+([\d.]+) orders/s"),
        ],
    ),
    (
        "classify.py",
        [],
        [
            ("classify (entries/s)", r"classify:\s+([\d,]+) entries/s"),
            ("ingest, first crawl (entries/s)", r"ingest \(first\):\s+([\d,]+) entries/s"),
        ],
    ),
)


def extract(base: str, into: Path) -> Path:
    """`git archive BASE monitor` unpacked into `into`; returns the directory to import from."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", base, "monitor"],
        check=True,
        capture_output=True,
    ).stdout
    tar_path = into / "base.tar"
    tar_path.write_bytes(archive)
    with tarfile.open(tar_path) as tar:
        tar.extractall(into, filter="data")
    return into


def run(script: str, args: list[str], code: Path) -> str:
    command = [sys.executable, str(ROOT / "benchmarks" / script), "--code", str(code), *args]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def figures(output: str, patterns: list[tuple[str, str]]) -> dict[str, float]:
    found = {}
    for label, pattern in patterns:
        match = re.search(pattern, output)
        if match:
            found[label] = float(match.group(1).replace(",", ""))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the commit to compare with (e.g. 0d44035)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seconds", default="3")
    args = parser.parse_args()
    best: dict[str, dict[str, float]] = {"base": {}, "now": {}}
    with tempfile.TemporaryDirectory() as tmp:
        base_code = extract(args.base, Path(tmp))
        for _ in range(args.rounds):
            for script, extra, patterns in MEASURES:
                extra_args = [*extra, args.seconds] if extra else []
                for side, code in (("base", base_code), ("now", ROOT)):
                    for label, value in figures(run(script, extra_args, code), patterns).items():
                        best[side][label] = max(best[side].get(label, 0.0), value)
    head = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    print(f"best of {args.rounds} rounds; base {args.base}, now {head or 'this tree'}")
    print(f"| measure | {args.base} | now | change |")
    print("|---|---|---|---|")
    for label in best["now"]:
        before, after = best["base"].get(label), best["now"][label]
        change = f"{(after / before - 1) * 100:+.0f}%" if before else "n/a"
        print(f"| {label} | {before or 0:,.1f} | {after:,.1f} | {change} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
