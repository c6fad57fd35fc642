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


def make_mirror(folder: Path, n: int) -> list[Path]:
    """``n`` distinct news-mirror files made from the corpus (new title, URL, date each)."""
    news = shared_path("corpus", "news")
    originals = sorted(p for p in news.rglob("*.md") if p.name != "README.md")
    paths = []
    for i in range(n):
        lines = originals[i % len(originals)].read_text(encoding="utf-8").split("\n")
        title, url = lines[1][1:].rsplit("](", 1)
        body = "\n".join(lines[4:]) + f"<p>item {i}</p>"
        target = folder / originals[i % len(originals)].parent.name / f"{100000 + i}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            f"<!--{1600000000000 + i}-->\n[{title} {i}]({url[:-1]}?n={i})\n------\n\n{body}",
            encoding="utf-8",
        )
        paths.append(target)
    return paths
