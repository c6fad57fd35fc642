"""Proxies (issue 12): the setting read by parse_proxy, SOCKS 4a and 5 through a loopback
SOCKS server that counts CONNECTs and records the host it is asked for (a name: the proxy
resolves it, this computer never looks it up), an HTTP proxy with credentials, https end to
end through both with the certificate checked against the name, and the system's proxies."""

from __future__ import annotations

import re
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
from fetch_servers import (
    NAME,
    PUBLIC,
    Net,
    Route,
    Server,
    Socks,
    certificate,
    http_server,
    socks_server,
)

from reader.core.fetching import connect
from reader.core.fetching.fetch import Fetched, Limits, Refused, fetch_image, parse_proxy

OTHER = "other.example.test"  # known to the SOCKS server too; not on the certificate


def refused(result: Fetched | Refused) -> str:
    assert isinstance(result, Refused), result
    return result.reason


@pytest.mark.parametrize(
    ("text", "proxy"),
    [
        ("", None), ("  none ", None), ("None", None), ("system", "system"),
        (" SYSTEM", "system"),
        ("socks5h://127.0.0.1:9050", "socks5h://127.0.0.1:9050"),
        ("SOCKS5://Reader:p%40ss@Proxy.Example:1080/", "socks5://Reader:p%40ss@proxy.example:1080"),
        ("socks4a://[::1]:1080", "socks4a://[::1]:1080"),
        ("socks4://10.1.2.3:1080", "socks4://10.1.2.3:1080"),
        ("http://proxy.example:3128", "http://proxy.example:3128"),
    ],
)  # fmt: skip
def test_parse_proxy_takes_none_system_and_proxy_addresses(text: str, proxy: str | None) -> None:
    assert parse_proxy(text) == proxy


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("127.0.0.1:9050", "not a proxy (127.0.0.1:9050)"),
        ("tor", "not a proxy (tor)"),
        ("https://proxy.example:443", "https:// proxies (TLS to the proxy) are not supported"),
        ("ftp://proxy.example:21", "proxy type ftp not supported"),
        ("socks5h://127.0.0.1", "needs a port"),
        ("socks5://127.0.0.1:99999", "needs a port"),
        ("http://proxy.example:x", "needs a port"),
        ("socks5://:1080", "no host"),
        ("http://proxy.example:3128/path", "no path"),
    ],
)
def test_parse_proxy_refuses_anything_else_saying_what_it_takes(text: str, why: str) -> None:
    with pytest.raises(ValueError, match=re.escape("accepted: ")) as error:
        parse_proxy(text)
    assert why in str(error.value)
    assert "socks5h://127.0.0.1:9050" in str(error.value)


@pytest.mark.parametrize("scheme", ["socks5h", "socks5", "socks4a", "socks4"])
def test_an_image_through_socks_is_asked_by_its_name_never_looked_up_here(
    server: Server, socks: Socks, net: Net, scheme: str
) -> None:
    server.routes["/a.png"] = Route()
    proxy = parse_proxy(f"{scheme}://127.0.0.1:{socks.port}")
    result = fetch_image(f"http://{NAME}:{server.port}/a.png", proxy=proxy)  # default Limits
    assert isinstance(result, Fetched)
    assert socks.connects == [(NAME, server.port)]
    assert socks.versions == [5 if scheme.startswith("socks5") else 4]
    assert NAME not in net.lookups
    assert server.paths() == ["/a.png"]
    assert server.requests[0][1]["Host"] == f"{NAME}:{server.port}"


def test_socks_credentials_redirects_and_limits_stay(server: Server, socks: Socks) -> None:
    server.routes["/old"] = Route(302, {"Location": "/a.png"}, b"")
    server.routes["/a.png"] = Route()
    server.routes["/away"] = Route(302, {"Location": "http://10.0.0.1/a.png"}, b"")
    server.routes["/slow"] = Route(delay=2.0)
    proxy = f"socks5h://reader:s%3Acret@127.0.0.1:{socks.port}"
    base = f"http://{NAME}:{server.port}"
    assert isinstance(fetch_image(base + "/old", proxy=proxy), Fetched)
    assert socks.credentials == [("reader", "s:cret")] * 2
    assert socks.connects == [(NAME, server.port)] * 2  # a CONNECT for each hop
    reason = refused(fetch_image(base + "/away", proxy=proxy))
    assert reason == "on your own network (10.0.0.1): not fetched"
    slow = fetch_image(base + "/slow", proxy=proxy, limits=Limits(timeout=0.3))
    assert refused(slow) == f"timed out after 0.3 s through the proxy {socks.url}"
    assert server.paths() == ["/old", "/a.png", "/away", "/slow"]


def test_a_socks_proxy_down_or_refusing_is_a_plain_reason(server: Server, socks: Socks) -> None:
    with socks_server({}) as gone:
        down = f"socks5h://127.0.0.1:{gone.port}"
    result = fetch_image(f"http://{NAME}/a.png", proxy=down)
    assert refused(result) == f"could not connect to the proxy {down} (Connection refused)"
    assert isinstance(result, Refused)
    assert result.unreachable == "*"  # (no other image is asked for through it)
    reason = refused(fetch_image("http://nowhere.example.test/a.png", proxy=socks.url))
    assert reason.startswith("the proxy did not connect to nowhere.example.test (")
    assert server.requests == []


def test_an_http_proxy_gets_its_credentials_and_the_whole_address(server: Server) -> None:
    server.routes[f"http://{NAME}/a.png"] = Route()
    proxy = f"http://reader:pw@127.0.0.1:{server.port}"
    assert isinstance(fetch_image(f"http://{NAME}/a.png", proxy=proxy), Fetched)
    path, headers = server.requests[0]
    assert path == f"http://{NAME}/a.png"
    assert headers["Proxy-Authorization"] == "Basic cmVhZGVyOnB3"  # reader:pw


def test_the_system_proxy_may_be_socks_and_no_proxy_is_kept(
    server: Server, socks: Socks, net: Net, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.routes["/a.png"] = Route()
    url = f"http://{NAME}:{server.port}/a.png"
    monkeypatch.setenv("all_proxy", socks.url)
    assert isinstance(fetch_image(url, proxy="system"), Fetched)
    assert refused(fetch_image(url)).startswith(
        "could not find pictures.example.test"
    )  # direct: NAME unknown
    assert socks.connects == [(NAME, server.port)]
    monkeypatch.setenv("no_proxy", NAME)
    net.names[NAME] = [PUBLIC]
    assert isinstance(fetch_image(url, proxy="system"), Fetched)
    assert socks.connects == [(NAME, server.port)]  # no new CONNECT: directly


@pytest.fixture
def tls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    """An https server whose certificate is for NAME, trusted by fetch_image's context."""
    made = certificate(tmp_path, NAME)
    if made is None:
        pytest.skip("no openssl to make a certificate")
    cert, key = made
    serving = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    serving.load_cert_chain(cert, key)

    def trusting() -> ssl.SSLContext:
        context = ssl.create_default_context(cafile=str(cert))
        assert context.check_hostname
        return context

    monkeypatch.setattr(connect, "tls_context", trusting)
    with http_server(serving) as running:
        running.routes["/a.png"] = Route()
        yield running


def test_https_through_socks_is_end_to_end_with_the_name_checked(
    tls: Server, net: Net, tmp_path: Path
) -> None:
    with socks_server({NAME: "127.0.0.1", OTHER: "127.0.0.1"}) as socks:
        result = fetch_image(f"https://{NAME}:{tls.port}/a.png", proxy=socks.url)
        assert isinstance(result, Fetched)
        reason = refused(fetch_image(f"https://{OTHER}:{tls.port}/a.png", proxy=socks.url))
        assert reason.startswith(f"{OTHER}'s certificate is not valid (")
        assert socks.connects == [(NAME, tls.port), (OTHER, tls.port)]
    assert tls.paths() == ["/a.png"]
    assert NAME not in net.lookups


def test_https_directly_keeps_the_name_while_connecting_to_the_address_checked(
    tls: Server, net: Net
) -> None:
    net.names[NAME] = [PUBLIC]
    assert isinstance(fetch_image(f"https://{NAME}:{tls.port}/a.png"), Fetched)
    assert net.connects == [(PUBLIC, tls.port)]
    assert tls.requests[0][1]["Host"] == f"{NAME}:{tls.port}"


def test_https_through_an_http_proxy_is_a_tunnel_with_its_credentials(
    tls: Server, server: Server, net: Net
) -> None:
    proxy = f"http://reader:pw@127.0.0.1:{server.port}"
    assert isinstance(fetch_image(f"https://{NAME}:{tls.port}/a.png", proxy=proxy), Fetched)
    ((asked, headers),) = server.requests
    assert asked == f"CONNECT {NAME}:{tls.port}"
    assert headers["Proxy-Authorization"] == "Basic cmVhZGVyOnB3"
    assert tls.paths() == ["/a.png"]
    assert "Proxy-Authorization" not in tls.requests[0][1]  # not sent inside the tunnel
    assert NAME not in net.lookups
