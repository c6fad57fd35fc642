"""The proxy images are fetched through: none, the system's, or one the reader names.

A proxy is given as text, the way the Preferences dialog and the CLI take it, and
``parse_proxy`` says whether it is one:

- ``""`` or ``"none"``: a direct connection; the environment's ``http_proxy`` is ignored, so
  nothing goes where the reader did not say;
- ``"system"``: the proxies the system names (the ``http_proxy``, ``https_proxy`` and
  ``all_proxy`` variables and ``no_proxy``, or the OS's settings, as ``urllib`` reads them);
- an address with a scheme, a host and a port (always written out: a proxy has no port
  everyone agrees on):

  - ``socks5h://127.0.0.1:9050`` (Tor) or ``socks5://``: names are resolved by the proxy
    with both, never on this computer, so a name is not given away to the local DNS;
  - ``socks4a://`` or ``socks4://``: the same, through SOCKS 4a (the proxy resolves);
  - ``http://proxy.example:3128``: an ``http`` image is asked of the proxy by its whole
    address, an ``https`` one through a ``CONNECT`` tunnel (the proxy sees its host, not
    the rest);
  - ``user:password@`` before the host when the proxy asks for them.

  ``https://`` proxies (TLS to the proxy itself) are refused: the request would otherwise go
  to it in the clear while the setting said otherwise.
"""

from __future__ import annotations

import urllib.request
from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote, urlsplit

Proxy = Literal["system"] | str | None  # None, "system", or a proxy address parse_proxy took

SCHEMES = ("http", "socks5", "socks5h", "socks4", "socks4a")
# What the Preferences dialog keeps while "This proxy:" is chosen with no address typed yet:
# never a direct connection instead (the reader chose a proxy), nothing fetched until one is.
UNSET = "custom"
ACCEPTED = (
    'accepted: "none", "system", or a proxy address such as socks5h://127.0.0.1:9050 (Tor) '
    "or http://proxy.example:3128 (http, socks5, socks5h, socks4 or socks4a, with a port)"
)


@dataclass(frozen=True, slots=True)
class ProxyServer:
    scheme: str  # one of SCHEMES
    host: str
    port: int
    username: str | None = None  # as written, percent-escapes undone
    password: str | None = None

    @property
    def socks(self) -> bool:
        return self.scheme.startswith("socks")

    def shown(self) -> str:
        """The proxy as a reason may show it: no user name, no password."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}"


def parse_proxy(text: str) -> Proxy:
    """The proxy ``text`` names (None, ``"system"`` or the address, its scheme and host in
    lower case), or ValueError with a reason to show that says what is accepted."""
    text = text.strip()
    if text.lower() in ("", "none"):
        return None
    if text.lower() == UNSET:
        raise ValueError(f"no proxy address is set (Preferences > Images); {ACCEPTED}")
    if text.lower() == "system":
        return "system"
    server = proxy_server(text)
    parts = urlsplit(text)
    userinfo = parts.netloc.rpartition("@")[0]
    host = f"[{server.host}]" if ":" in server.host else server.host
    return f"{server.scheme}://{userinfo + '@' if userinfo else ''}{host}:{server.port}"


def proxy_server(text: str) -> ProxyServer:
    """The proxy at the address ``text``, or ValueError with a reason to show."""
    if "://" not in text:
        raise ValueError(f"not a proxy ({text}); {ACCEPTED}")
    parts = urlsplit(text.strip())
    scheme = parts.scheme.lower()
    if scheme == "https":
        raise ValueError(f"https:// proxies (TLS to the proxy) are not supported; {ACCEPTED}")
    if scheme not in SCHEMES:
        raise ValueError(f"proxy type {scheme or '(none)'} not supported; {ACCEPTED}")
    if not parts.hostname:
        raise ValueError(f"no host in the proxy address; {ACCEPTED}")
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is None or port == 0:
        raise ValueError(f"the proxy address needs a port (1 to 65535); {ACCEPTED}")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError(f"a proxy address has no path or query; {ACCEPTED}")
    username = None if parts.username is None else unquote(parts.username)
    password = None if parts.password is None else unquote(parts.password)
    return ProxyServer(scheme, parts.hostname, port, username, password)


def proxy_for(proxy: Proxy, scheme: str, host: str) -> ProxyServer | None:
    """The proxy a request for ``scheme://host`` goes through, or None for a direct one.
    ValueError when ``proxy``, or the system's proxy for ``scheme``, is not one we take."""
    if proxy is None:
        return None
    if proxy != "system":
        return proxy_server(proxy)
    system = urllib.request.getproxies()
    named = system.get(scheme) or system.get("all")
    if not named or urllib.request.proxy_bypass(host):
        return None
    if "://" not in named:
        named = "http://" + named  # what urllib makes of "proxy.example:3128"
    try:
        return proxy_server(named)
    except ValueError as error:
        raise ValueError(f"the system's proxy for {scheme}: {error}") from None
