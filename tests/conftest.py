"""Shared test set-up and the Qt-free fixtures (the core's and the CLI's).

Qt runs offscreen: set before anything imports Qt (nothing here imports it)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from shared_paths import SEED_FILE, required, shared_path

from reader.core.library.store import Library

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("READER_DATA_DIR", None)

# Hypothesis: "ci" (the default, CI or not) runs the example counts each test names;
# HYPOTHESIS_PROFILE=quick runs at most 10 per property test for a fast local run.
settings.register_profile("ci")
settings.register_profile("quick", max_examples=10)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

WriteFile = Callable[[str, str | bytes], Path]


@pytest.fixture(scope="session")
def news_dir() -> Path:
    """The duty-machine/news sample (../shared/corpus/news); fails when it is missing."""
    return shared_path("corpus", "news")


@pytest.fixture(scope="session")
def seed_file() -> Path:
    return required(SEED_FILE)


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    """An empty library in its own data folder under tmp_path."""
    lib = Library(tmp_path / "data")
    yield lib
    lib.close()


@pytest.fixture
def write_file(tmp_path: Path) -> WriteFile:
    """Write text (UTF-8) or bytes to ``tmp_path/src/NAME`` and return the path."""
    src = tmp_path / "src"

    def write(name: str, content: str | bytes) -> Path:
        path = src / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_bytes(content.encode("utf-8"))
        else:
            path.write_bytes(content)
        return path

    return write


def news_mirror(
    title: str, url: str, body: str = "<p>Body text.</p>", published: str | None = "1602539203000"
) -> str:
    """A file in the news-mirror format (see ../shared/corpus/news/README.md)."""
    head = f"<!--{published}-->\n" if published is not None else ""
    return f"{head}[{title}]({url})\n------\n\n{body}\n"


@pytest.fixture
def mirror() -> Callable[..., str]:
    """``mirror(title, url, body=..., published=...)``: text of a news-mirror file."""
    return news_mirror
