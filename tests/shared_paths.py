"""Where the sample and the shared corpus are (../shared beside the checkout)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = ROOT / "seeds"
SEED_FILE = SEEDS / "000_49505b52b58d57e7.txt"
SEED_TITLE = "澳英美正探讨日本参与奥库斯协议 共同开发先进防务能力"


def shared_path(*parts: str) -> Path:
    """A path under ../shared; fails the test (never skips) when it is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.fail(
            f"{path} is missing: the tests need the shared corpus beside the checkout "
            "(../shared/corpus, ../shared/seeds).",
            pytrace=False,
        )
    return path
