"""Fixtures for the Qt-free core and CLI tests (no Qt import here or in tests/core)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from shared_paths import SEED_FILE, required, shared_path

from reader.core.library import Library

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
