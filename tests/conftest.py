"""Shared test set-up and the Qt-free fixtures (the core's and the CLI's).

Qt runs offscreen: set before anything imports Qt (nothing here imports it)."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

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

_LOOPBACK = ("127.", "::1", "::ffff:127.")


@pytest.fixture(autouse=True)
def _no_real_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reaches the real network (the app fetches only when asked, and a test that
    asks uses a loopback server): a connect anywhere but loopback, or a lookup of a name,
    fails as offline would. Local sockets (the single-instance one, an import's process)
    pass. The fetching tests put their pretend network on top of this."""
    real_connect = socket.socket.connect
    real_lookup = socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> None:
        internet = self.family in (socket.AF_INET, socket.AF_INET6)
        if internet and not str(address[0]).startswith(_LOOPBACK) and address[0] != "localhost":
            raise OSError(f"the tests reach no network ({address[0]})")
        real_connect(self, address)

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name not in ("localhost", "None") and not name.startswith(_LOOPBACK):
            try:
                ipaddress.ip_address(name)
            except ValueError:
                error = f"the tests look up no name ({name})"
                raise socket.gaierror(socket.EAI_NONAME, error) from None
        return real_lookup(host, port, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


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
