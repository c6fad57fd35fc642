"""One HTTP connection for one image request: direct to a checked address, through an HTTP
proxy, or through a SOCKS proxy (``python-socks``).

- Direct: the name is looked up once (``network.resolve``), every address it has is checked
  (unless local addresses are allowed), and the socket is connected to those addresses; the
  ``Host`` header, TLS's SNI and the certificate check keep the name.
- HTTP proxy: an ``http`` image is asked of the proxy by its whole address; an ``https`` one
  goes through a ``CONNECT`` tunnel and TLS is made with the image's host, end to end.
- SOCKS proxy: the proxy is asked to connect to the image's host by its name (never resolved
  here: ``socks5://`` is treated as ``socks5h://`` and ``socks4://`` as ``socks4a://``), and
  ``https`` is TLS over that socket with the host's name and certificate checked.

Through a proxy the proxy resolves the names, so only a host written as an address and the
names that are local by themselves (``localhost``, ``.local``...) can be refused here
(``network.check_host``); a name the proxy resolves to its own network is the proxy's to
refuse.
"""

from __future__ import annotations

import base64
import http.client
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass

from python_socks import ProxyType
from python_socks.sync import Proxy as SocksProxy

from reader.core.fetching.network import check_host, check_resolved, connect_checked, resolve
from reader.core.fetching.proxies import ProxyServer


@dataclass(frozen=True, slots=True)
class Target:
    scheme: str  # "http" or "https"
    host: str  # ASCII (IDNA) and, when written as an address, that address's usual form
    port: int
    path: str  # the request's path and query, ASCII

    @property
    def netloc(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"


def tls_context() -> ssl.SSLContext:
    """The system's certificate authorities, the host name checked (tests swap this)."""
    return ssl.create_default_context()


@dataclass(frozen=True, slots=True)
class Route:
    connection: http.client.HTTPConnection  # not yet connected: its request connects
    path: str  # the request line's target
    headers: dict[str, str]  # sent besides the request's own: an HTTP proxy's credentials


def open_route(
    target: Target, server: ProxyServer | None, *, allow_local: bool, timeout: float
) -> Route:
    """How to ask for ``target``, directly when ``server`` is None. Raises ``Refusal`` for a
    local host, ``TimeoutError`` or ``OSError`` when the name is not found in time."""
    if not allow_local:
        check_host(target.host)
    if server is None:
        deadline = time.monotonic() + timeout
        addresses = resolve(target.host, target.port, timeout)
        if not allow_local:
            check_resolved(target.host, addresses)
        left = deadline - time.monotonic()  # the lookup and the connection share the timeout
        direct = _Connection(target, lambda: connect_checked(addresses, left), timeout)
        return Route(direct, target.path, {})
    if server.socks:
        socks = _Connection(target, lambda: _socks(server, target, timeout), timeout)
        return Route(socks, target.path, {})
    auth = _proxy_auth(server)
    if target.scheme == "http":
        plain = http.client.HTTPConnection(server.host, server.port, timeout=timeout)
        return Route(plain, f"http://{target.netloc}{target.path}", auth)
    tunnel = http.client.HTTPSConnection(
        server.host, server.port, timeout=timeout, context=tls_context()
    )
    tunnel.set_tunnel(target.host, target.port, headers=auth)
    return Route(tunnel, target.path, {})


class _Connection(http.client.HTTPConnection):
    """``http.client``'s connection with the socket opened by ``opener`` (a checked address
    or a SOCKS proxy) and, for ``https``, TLS made with the target's name."""

    def __init__(self, target: Target, opener: Callable[[], socket.socket], timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self._opener = opener
        self._tls = tls_context() if target.scheme == "https" else None
        if self._tls is not None:
            self.default_port = 443  # the Host header leaves :443 out

    def connect(self) -> None:
        sock = self._opener()
        if self._tls is None:
            self.sock = sock
            return
        try:
            self.sock = self._tls.wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            sock.close()
            raise


def _socks(server: ProxyServer, target: Target, timeout: float) -> socket.socket:
    kind = ProxyType.SOCKS5 if server.scheme.startswith("socks5") else ProxyType.SOCKS4
    proxy = SocksProxy(kind, server.host, server.port, server.username, server.password, rdns=True)
    sock = proxy.connect(dest_host=target.host, dest_port=target.port, timeout=timeout)
    sock.settimeout(timeout)
    return sock


def _proxy_auth(server: ProxyServer) -> dict[str, str]:
    if server.username is None:
        return {}
    pair = f"{server.username}:{server.password or ''}".encode()
    return {"Proxy-Authorization": "Basic " + base64.b64encode(pair).decode("ascii")}
