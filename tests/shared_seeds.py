"""The seed order renderings in ../shared/seeds, normalised, as pytest parameters (or none)."""

from __future__ import annotations

from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def normalized_seed_params() -> list:
    """One `pytest.param(text, id="000")` per rendering; empty when ../shared is absent."""
    if not SEEDS.is_dir():
        return []
    from monitor.analyze.normalize import normalize

    return [
        pytest.param(normalize(path.read_text(encoding="utf-8")), id=path.name[:3])
        for path in sorted(SEEDS.glob("*.txt"))
    ]
