"""The tests' one helper module: where the checkout, its sample and the shared corpus are
(../shared beside the checkout), example counts under the Hypothesis profiles, a mirror
maker. Imported as ``shared_paths`` (tests/ is on sys.path: tests/conftest.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent  # the checkout
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
SEEDS = ROOT / "seeds"
SEED_FILE = SEEDS / "000_49505b52b58d57e7.txt"
SEED_TITLE = "澳英美正探讨日本参与奥库斯协议 共同开发先进防务能力"


def required(path: Path) -> Path:
    """``path``; fails the test (never skips) when it is missing."""
    if not path.exists():
        pytest.fail(
            f"{path} is missing: the tests need the shared corpus beside the checkout "
            "(../shared/corpus, ../shared/seeds) and the sample in seeds/.",
            pytrace=False,
        )
    return path


def shared_path(*parts: str) -> Path:
    """A path under ../shared; fails the test (never skips) when it is missing."""
    return required(SHARED.joinpath(*parts))


def examples(n: int) -> int:
    """A property test's example count: ``n``, or at most the quick profile's few when
    HYPOTHESIS_PROFILE=quick (the profiles: tests/conftest.py)."""
    if os.environ.get("HYPOTHESIS_PROFILE") == "quick":
        return min(n, settings.default.max_examples)
    return n


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


def killed_writers(folder: Path, writer: str, kills: tuple[int, ...] = (1, 3, 7, 15)):
    """Start ``writer`` (Python source run with ``folder`` and a start number; it saves in a
    loop, printing each save's number) once per entry of ``kills``, and kill -9 it after that
    many saves; yields the number of the last save it reported before each kill (the file on
    disk then holds that save or the next one, whole)."""
    import signal
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for run, saves_before_kill in enumerate(kills):
        child = subprocess.Popen(
            [sys.executable, "-c", writer, str(folder), str(run * 1_000_000)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert child.stdout is not None
        last = -1
        for _ in range(saves_before_kill):
            line = child.stdout.readline()
            assert line, "the writer stopped early"
            last = int(line)
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        assert child.returncode == -signal.SIGKILL
        yield last
