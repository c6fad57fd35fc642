"""One remote image fetched on the reader's terms, or refused with a reason to show.

``fetch_image`` asks for one ``http`` or ``https`` URL and answers ``Fetched`` (the bytes, what
they are, their size) or ``Refused`` (a plain reason: "not an image (text/html)", "larger than
10 MB", "timed out after 15 s", "redirect to ftp: refused", "tracking pixel (list-manage.com)",
"on your own network (192.168.1.10): not fetched"). What a request gives away is kept to the
least:

- no cookie is sent or kept, no ``Referer``, and the User-Agent is the app's plain name and
  version (``SavedReader/0.1.0``); a user name or password written in the image's address is
  not sent;
- the proxy is the caller's choice (``proxies``: ``parse_proxy`` reads the setting): ``None``
  is a direct connection that ignores the environment's ``http_proxy`` (so nothing goes where
  the reader did not say), ``"system"`` the system's proxies, or an ``http://``,
  ``socks5h://`` (Tor), ``socks5://``, ``socks4a://`` or ``socks4://`` proxy. Through a
  SOCKS proxy the image's host name goes to the proxy, never to the local DNS;
- a known tracker's host (``trackers``) and an ``<img>`` declared 1x1 or 0 wide or high are
  refused before any request;
- the reader's own network is never asked (``network``): a host that is, or resolves to, a
  loopback, private, link-local, CGNAT, multicast or reserved address, or a local name
  (``localhost``, ``.local``, ``.lan``, a name with no dot...) is refused before any request,
  and the connection goes to the addresses that were checked (no second lookup). Through a
  proxy the proxy resolves the names: then only addresses written out and local names are
  checked. ``Limits.allow_local`` lets local addresses through (tests, an image served from
  the reader's own machine or network on purpose);
- every redirect (at most ``Limits.max_redirects``) is checked again, all of the above:
  ``http``/``https`` only, not a tracker, not the reader's network.

What comes back must be a picture: a ``Content-Type`` of ``image/*`` other than SVG, bytes
that are PNG, JPEG, GIF or WebP by their magic (``page.images.image_kind``), at most
``Limits.max_bytes`` (by ``Content-Length`` before reading, and by counting while reading), all
of it within ``Limits.timeout`` seconds (the name's lookup, the connection, each wait on the
socket, and the whole answer: a body dripped a byte at a time is cut off, at most one wait
past the deadline), and larger than 1x1 (its header, ``sizes``).
"""

from __future__ import annotations

import http.client
import re
import socket
import ssl
import time
from http.client import HTTPResponse
from urllib.parse import quote, urljoin, urlsplit

from python_socks import ProxyConnectionError, ProxyError

from reader import __version__
from reader.core.fetching.connect import Target, open_route
from reader.core.fetching.network import Refusal, literal_address
from reader.core.fetching.proxies import Proxy, ProxyServer, parse_proxy, proxy_for
from reader.core.fetching.results import TRACKING_PIXEL, Fetched, Limits, Refused
from reader.core.fetching.sizes import declared_size, image_size
from reader.core.fetching.trackers import tracker_of
from reader.core.page.images import image_kind

_DEFAULT_LIMITS = Limits()

__all__ = ["Fetched", "Limits", "Proxy", "Refused", "fetch_image", "parse_proxy"]

USER_AGENT = f"SavedReader/{__version__}"
ACCEPT = "image/png,image/jpeg,image/gif,image/webp"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~"
_HOST_NAME = re.compile(r"[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?")


def fetch_image(
    url: str,
    *,
    limits: Limits = _DEFAULT_LIMITS,
    proxy: Proxy = None,
    width: str | int | None = None,
    height: str | int | None = None,
) -> Fetched | Refused:
    """The image at ``url``, or why it was not fetched. ``proxy`` is None (direct),
    ``"system"`` or a proxy address (what ``parse_proxy`` gives); ``width`` and ``height``
    are the ``<img>``'s attributes when it has them (a 1x1 or 0-sized one is never asked
    for)."""
    try:
        _check_declared(width, height)
        return _fetch(url, limits, proxy)
    except Refusal as refusal:
        return Refused(str(refusal), refusal.unreachable)


def _check_declared(width: str | int | None, height: str | int | None) -> None:
    w, h = declared_size(width), declared_size(height)
    if w == 0 or h == 0 or (w is not None and h is not None and w <= 1 and h <= 1):
        shown = "x".join("?" if n is None else str(n) for n in (w, h))
        raise Refusal(f"{TRACKING_PIXEL}{shown})")


def _check_url(url: str, *, redirect: bool) -> Target:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        shown = f"{scheme}:" if scheme else "a relative address"
        if redirect:
            raise Refusal(f"redirect to {shown} refused")
        raise Refusal(f"not a web address ({shown})")
    host = _host(parts.hostname)
    tracker = tracker_of(host, parts.path)
    if tracker is not None:
        raise Refusal(f"{TRACKING_PIXEL}{tracker})")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise Refusal("not a valid port in the address") from None
    path = _ascii(parts.path or "/") + (f"?{_ascii(parts.query)}" if parts.query else "")
    return Target(scheme, host, port, path)


def _host(hostname: str | None) -> str:
    """The host as it is asked for: ASCII (a Chinese name in IDNA), an address written in
    any form in its usual one (``0x7f.1`` is ``127.0.0.1``)."""
    if not hostname:
        raise Refusal("no host in the address")
    address = literal_address(hostname)
    if address is not None:
        return str(address)
    try:
        host = hostname.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise Refusal(f"not a valid host name ({hostname})") from None
    if not _HOST_NAME.fullmatch(host):
        raise Refusal(f"not a valid host name ({hostname})")
    return host


def _fetch(url: str, limits: Limits, proxy: Proxy) -> Fetched:
    deadline = time.monotonic() + limits.timeout
    target = _check_url(url, redirect=False)
    for _hop in range(limits.max_redirects + 1):
        left = deadline - time.monotonic()  # the redirects share the one timeout
        if left <= 0:
            raise Refusal(_timed_out(limits))
        connection, response = _ask(target, limits, proxy, left)
        try:
            location = response.getheader("Location") if response.status in _REDIRECTS else None
            if location is not None:
                url = urljoin(url, location)
                target = _check_url(url, redirect=True)
                continue
            if not 200 <= response.status < 300:
                raise Refusal(f"the server answered {response.status} {response.reason}")
            return _read(url, response, limits, deadline)
        finally:
            response.close()
            connection.close()
    raise Refusal(f"more than {limits.max_redirects} redirects")


def _ask(
    target: Target, limits: Limits, proxy: Proxy, left: float
) -> tuple[http.client.HTTPConnection, HTTPResponse]:
    """The connection made for ``target`` and the answer's status and headers."""
    try:
        server = proxy_for(proxy, target.scheme, target.host)
    except ValueError as error:
        raise Refusal(str(error)) from None
    route = None
    try:
        route = open_route(target, server, allow_local=limits.allow_local, timeout=left)
        headers = {**route.headers, "User-Agent": USER_AGENT, "Accept": ACCEPT}
        route.connection.request("GET", route.path, headers=headers | {"Connection": "close"})
        return route.connection, route.connection.getresponse()
    except (OSError, http.client.HTTPException, ValueError, ProxyError) as error:
        if route is not None:
            route.connection.close()
        raise _refusal(error, target, server, limits) from None


def _refusal(
    error: Exception, target: Target, server: ProxyServer | None, limits: Limits
) -> Refusal:
    """The reason to show for what went wrong while connecting and asking; a host that
    could not be reached (or the proxy) is named as ``unreachable``."""
    down = {"unreachable": target.host}
    via = f" through the proxy {server.shown()}" if server is not None else ""
    if isinstance(error, TimeoutError):
        return Refusal(_timed_out(limits) + via, **down)
    if isinstance(error, ProxyConnectionError) and server is not None:
        cause = error.__cause__
        said = getattr(cause, "strerror", None) or str(cause or error)
        reason = f"could not connect to the proxy {server.shown()} ({said})"
        return Refusal(reason, unreachable="*")
    if isinstance(error, ProxyError):
        return Refusal(f"the proxy did not connect to {target.host} ({error})", **down)
    if isinstance(error, ssl.SSLCertVerificationError):
        return Refusal(f"{target.host}'s certificate is not valid ({error.verify_message})")
    if isinstance(error, socket.gaierror) and server is None:  # (no such name, or no DNS)
        return Refusal(f"could not find {target.host} (offline, or no such site)", **down)
    if isinstance(error, ConnectionRefusedError) and server is None:
        return Refusal(f"{target.host} refused the connection", **down)
    if not isinstance(error, OSError) or isinstance(error, ssl.SSLError):
        return Refusal(f"could not connect{via} ({error})")
    return Refusal(f"could not connect{via} ({error.strerror or error})", **down)


def _read(url: str, response: HTTPResponse, limits: Limits, deadline: float) -> Fetched:
    ctype = (response.headers.get_content_type() or "").lower()
    if not ctype.startswith("image/") or ctype == "image/svg+xml":
        raise Refusal(f"not an image ({ctype or 'no type'})")
    length = response.headers.get("Content-Length")
    if length is not None and length.strip().isdigit() and int(length) > limits.max_bytes:
        raise Refusal(f"larger than {_size(limits.max_bytes)}")
    chunks: list[bytes] = []
    got = 0
    try:
        while got <= limits.max_bytes:
            if time.monotonic() > deadline:
                raise Refusal(_timed_out(limits))
            # read1: what one receive gives, so a body dripped slowly meets the deadline
            chunk = response.read1(min(_CHUNK, limits.max_bytes + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
    except TimeoutError:
        raise Refusal(_timed_out(limits)) from None
    except OSError as error:
        raise Refusal(f"the download broke off ({error})") from None
    if got > limits.max_bytes:
        raise Refusal(f"larger than {_size(limits.max_bytes)}")
    data = b"".join(chunks)
    kind = image_kind(data)
    if kind is None:
        raise Refusal(f"not an image (its bytes are not PNG, JPEG, GIF or WebP; said {ctype})")
    size = image_size(kind, data)
    if size is not None and size[0] <= 1 and size[1] <= 1:
        raise Refusal(f"{TRACKING_PIXEL}{size[0]}x{size[1]} image)")
    return Fetched(url, kind, data, *(size or (None, None)))


def _ascii(text: str) -> str:
    """A path or query as a request line can carry it: written in Chinese, percent-encoded
    as UTF-8 (what a browser sends); escapes already there are kept."""
    return text if text.isascii() else quote(text, safe=_URL_SAFE)


def _timed_out(limits: Limits) -> str:
    return f"timed out after {limits.timeout:g} s"


def _size(n: int) -> str:
    if n >= 1024 * 1024 and n % (1024 * 1024) == 0:
        return f"{n // (1024 * 1024)} MB"
    if n >= 1024 and n % 1024 == 0:
        return f"{n // 1024} KB"
    return f"{n} bytes"
