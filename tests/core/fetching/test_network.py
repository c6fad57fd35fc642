"""The reader's own network is never asked for an image (issue 12): a host that is, or
resolves to, a local address, or a local name, is refused before any request, on every
redirect too; the connection goes to the address that was checked. The loopback server
counts requests; ``net`` (conftest.py) records every lookup and connect."""

from __future__ import annotations

import ipaddress
import socket
import threading

import pytest
from fetch_servers import NAME, PUBLIC, Net, Route, Server, Socks

from reader.core.fetching.fetch import Fetched, Limits, Refused, fetch_image
from reader.core.fetching.network import literal_address, local_address, local_name

LOCAL = Limits(allow_local=True)


def refused(result: Fetched | Refused) -> str:
    assert isinstance(result, Refused), result
    return result.reason


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "127.8.9.10", "10.0.0.1", "172.16.5.4", "172.31.255.255", "192.168.1.10",
        "169.254.169.254", "100.64.0.1", "100.127.255.254", "0.0.0.0", "224.0.0.251",
        "240.0.0.1", "255.255.255.255", "::1", "::", "fc00::1", "fd12:3456::1", "fe80::1",
        "ff02::1", "fec0::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1", "64:ff9b::a00:1",
        "2002:c0a8:10a::1",
    ],
)  # fmt: skip
def test_local_addresses(address: str) -> None:
    assert local_address(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "address",
    ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "::ffff:93.184.216.34", "64:ff9b::5db8:d822"],
)
def test_public_addresses(address: str) -> None:
    assert not local_address(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("2130706433", "127.0.0.1"), ("0x7f.1", "127.0.0.1"), ("017700000001", "127.0.0.1"),
        ("127.1", "127.0.0.1"), ("0x7F000001", "127.0.0.1"), ("10.0.0.1.", "10.0.0.1"),
        ("::ffff:a00:1", "::ffff:a00:1"), ("fe80::1%eth0", "fe80::1"),
        ("example.com", None), ("cafe.de", None), ("0x7f.example", None),
    ],
)  # fmt: skip
def test_addresses_written_in_any_form_are_read_as_addresses(
    host: str, address: str | None
) -> None:
    found = literal_address(host)
    assert (None if found is None else str(found)) == address


def test_local_names() -> None:
    for name in ("localhost", "LocalHost.", "a.localhost", "printer.local", "nas.lan",
                 "router.home.arpa", "metadata.google.internal", "intranet"):  # fmt: skip
        assert local_name(name), name
    for name in ("example.com", "pictures.example.test", "lan.example.com", "local.com"):
        assert not local_name(name), name


@pytest.mark.parametrize(
    ("where", "shown"),
    [
        ("127.0.0.1:{port}", "127.0.0.1"),
        ("localhost:{port}", "localhost"),
        ("2130706433:{port}", "127.0.0.1"),
        ("0x7f.1:{port}", "127.0.0.1"),
        ("[::ffff:127.0.0.1]:{port}", "::ffff:7f00:1"),
        ("[::1]:{port}", "::1"),
        ("192.168.1.10", "192.168.1.10"),
        ("10.0.0.1", "10.0.0.1"),
        ("169.254.169.254", "169.254.169.254"),
        ("100.64.0.1", "100.64.0.1"),
        ("[fe80::1]", "fe80::1"),
        ("printer.local", "printer.local"),
        ("nas.lan", "nas.lan"),
        ("router.home.arpa", "router.home.arpa"),
        ("metadata.google.internal", "metadata.google.internal"),
        ("intranet:{port}", "intranet"),
    ],
)
def test_the_readers_own_network_is_refused_with_no_request(
    server: Server, net: Net, where: str, shown: str
) -> None:
    server.routes["/a.png"] = Route()
    for scheme in ("http", "https"):
        url = f"{scheme}://{where.format(port=server.port)}/a.png"
        assert refused(fetch_image(url)) == f"on your own network ({shown}): not fetched"
    assert server.requests == []
    assert net.connects == []
    assert [n for n in net.lookups if not n[0].isdigit() and ":" not in n] == []


def test_the_loopback_server_answers_when_local_addresses_are_allowed(server: Server) -> None:
    server.routes["/a.png"] = Route()
    for where in ("127.0.0.1", "0x7f.1", "[::ffff:127.0.0.1]"):
        url = f"http://{where}:{server.port}/a.png"
        assert isinstance(fetch_image(url, limits=LOCAL), Fetched), where
    assert server.paths() == ["/a.png"] * 3


def test_a_name_that_resolves_to_a_local_address_is_refused_with_no_connection(
    server: Server, net: Net
) -> None:
    server.routes["/a.png"] = Route()
    url = f"http://{NAME}:{server.port}/a.png"
    net.names[NAME] = ["127.0.0.1"]
    assert refused(fetch_image(url)) == f"on your own network ({NAME} at 127.0.0.1): not fetched"
    # One public and one private address: refused too, whichever would have been used.
    net.names[NAME] = [PUBLIC, "10.0.0.1"]
    assert refused(fetch_image(url)) == f"on your own network ({NAME} at 10.0.0.1): not fetched"
    assert (server.requests, net.connects) == ([], [])
    net.names[NAME] = ["127.0.0.1"]
    assert isinstance(fetch_image(url, limits=LOCAL), Fetched)


def test_a_public_name_is_looked_up_once_and_connected_to_at_the_address_checked(
    server: Server, net: Net
) -> None:
    # The name answers a public address, then (were it asked again) a loopback one.
    server.routes["/a.png"] = Route()
    net.names[NAME] = [PUBLIC]
    net.then[NAME] = ["127.0.0.1"]
    result = fetch_image(f"http://{NAME}:{server.port}/a.png")
    assert isinstance(result, Fetched)
    assert net.lookups == [NAME]
    assert net.connects == [(PUBLIC, server.port)]
    assert server.requests[0][1]["Host"] == f"{NAME}:{server.port}"


@pytest.mark.parametrize(
    ("location", "shown"),
    [
        ("http://127.0.0.1:{port}/a.png", "127.0.0.1"),
        ("http://10.0.0.1/a.png", "10.0.0.1"),
        ("http://0x7f.1:{port}/a.png", "127.0.0.1"),
        ("https://localhost:{port}/a.png", "localhost"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
        ("http://inside.example.test:{port}/a.png", "inside.example.test at 192.168.1.10"),
    ],
)
def test_a_redirect_into_the_readers_network_is_refused(
    server: Server, net: Net, location: str, shown: str
) -> None:
    server.routes["/away"] = Route(302, {"Location": location.format(port=server.port)}, b"")
    server.routes["/a.png"] = Route()
    net.names[NAME] = [PUBLIC]
    net.names["inside.example.test"] = ["192.168.1.10"]
    reason = refused(fetch_image(f"http://{NAME}:{server.port}/away"))
    assert reason == f"on your own network ({shown}): not fetched"
    assert server.paths() == ["/away"]
    assert net.connects == [(PUBLIC, server.port)]


def test_through_a_proxy_names_are_not_looked_up_but_local_ones_are_refused(
    server: Server, socks: Socks, net: Net
) -> None:
    for proxy in (socks.url, server.base):
        for url in ("http://10.0.0.1/a.png", "http://0x7f.1/a.png", "https://printer.local/a"):
            assert refused(fetch_image(url, proxy=proxy)).startswith("on your own network")
    assert (server.requests, socks.connects, net.connects) == ([], [], [])


def test_a_slow_lookup_is_cut_off_by_the_timeout(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    looked_up = threading.Event()

    def getaddrinfo(*args: object, **kwargs: object) -> object:
        looked_up.wait(5)  # an answer that comes only once the test is over
        raise socket.gaierror("too late")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    reason = refused(fetch_image(f"http://{NAME}/a.png", limits=Limits(timeout=0.2)))
    looked_up.set()
    assert reason == "timed out after 0.2 s"
    assert server.requests == []
