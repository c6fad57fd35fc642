"""Every fetching test runs on the pretend network of fetch_servers.py: connects go to
loopback only and names are looked up in the test's table, never in the real DNS."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fetch_servers import NAME, Net, Server, Socks, http_server, install, socks_server


@pytest.fixture(autouse=True)
def net(monkeypatch: pytest.MonkeyPatch) -> Net:
    network = Net()
    install(network, monkeypatch)
    for name in (
        "http_proxy", "https_proxy", "all_proxy", "no_proxy",
        "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY",
    ):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    return network


@pytest.fixture
def server() -> Iterator[Server]:
    with http_server() as running:
        yield running


@pytest.fixture
def socks() -> Iterator[Socks]:
    with socks_server({NAME: "127.0.0.1"}) as running:
        yield running
