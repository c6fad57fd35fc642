"""The reader's own network is never asked for an image (issue 12).

An image in a saved article could point at the reader's router, printer, NAS, a cloud
machine's metadata service (``169.254.169.254``) or a service on this computer: fetching it
would let the article's author reach into the reader's network, or learn what is there from
what comes back. So a host is refused when it is, or resolves to, an address that is not a
public one (``local_address``): loopback, private (``10/8``, ``172.16/12``, ``192.168/16``,
``fc00::/7``), link-local (``169.254/16``, ``fe80::/10``), shared (CGNAT, ``100.64/10``),
unspecified, multicast or reserved, also when written as an IPv4-mapped, NAT64 or 6to4 IPv6
address (``::ffff:10.0.0.1``) or in the decimal, octal or hex forms browsers and
``getaddrinfo`` accept (``2130706433``, ``0x7f.1``, ``127.1``). Names that only mean
something on a local network are refused without a lookup (``local_name``): ``localhost``,
``*.localhost``, ``.local``, ``.internal``, ``.lan``, ``.home.arpa`` and names with no dot.

``resolve`` asks ``getaddrinfo`` within the time left and every address it answers must be
public; the connection is then made to those checked addresses (``connect_checked``), never
to a second lookup of the name, so a name that answers a public address once and a private
one the next time (DNS rebinding) cannot slip through. Through a proxy the proxy resolves
the names: then ``check_host`` (addresses written out, local names) is all that applies.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import threading
import time
from typing import Any

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolved = tuple[socket.AddressFamily, Any]  # a family and a socket address, as connect takes

_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa")
_NUMERIC_V4 = re.compile(r"[0-9a-fx.]+")  # what inet_aton may read as an address
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


class Refusal(Exception):
    """Why an image is not fetched; its message is the plain reason shown to the reader.
    ``unreachable``: the host that could not be reached (no address, no answer, refused),
    or "*" when the proxy could not be: its other images would fare the same."""

    def __init__(self, reason: str, *, unreachable: str = "") -> None:
        super().__init__(reason)
        self.unreachable = unreachable


def own_network(shown: str) -> Refusal:
    return Refusal(f"on your own network ({shown}): not fetched")


def literal_address(host: str) -> IPAddress | None:
    """The address ``host`` is when it is written as one (in any form ``getaddrinfo``
    reads: ``10.0.0.1``, ``::ffff:a00:1``, ``167772161``, ``0xa.1``), else None."""
    host = host.rstrip(".").lower()
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])  # fe80::1%eth0: its zone dropped
    except ValueError:
        pass
    if _NUMERIC_V4.fullmatch(host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def local_address(address: IPAddress) -> bool:
    """True unless ``address`` is a public one (and so is any IPv4 address inside it). An
    IPv4-mapped or NAT64 address (an IPv6-only network's way to IPv4 sites) is its IPv4
    address."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return local_address(address.ipv4_mapped)
        if address in _NAT64:
            return local_address(ipaddress.IPv4Address(address.packed[-4:]))
        if address.sixtofour is not None and local_address(address.sixtofour):
            return True
        if address.is_site_local:
            return True
    return (
        not address.is_global
        or address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def local_name(host: str) -> bool:
    """True for a name that only means something on the reader's own network."""
    name = host.rstrip(".").lower()
    return name == "localhost" or name.endswith(_LOCAL_SUFFIXES) or "." not in name


def check_host(host: str) -> None:
    """Refuses ``host`` when it is written as a local address or is a local name. This is
    all that can be checked when a proxy resolves the names."""
    address = literal_address(host)
    if address is not None:
        if local_address(address):
            raise own_network(str(address))
    elif local_name(host):
        raise own_network(host)


def resolve(host: str, port: int, timeout: float) -> list[Resolved]:
    """Every address ``host`` has, by ``getaddrinfo`` within ``timeout`` seconds (the lookup
    runs in a thread of its own: ``getaddrinfo`` itself cannot be given a timeout). Raises
    ``TimeoutError``, or ``OSError`` when the name is not found."""
    answer: list[Any] = []

    def lookup() -> None:
        try:
            answer.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except OSError as error:
            answer.append(error)

    thread = threading.Thread(target=lookup, name="resolve", daemon=True)
    thread.start()
    thread.join(timeout)
    if not answer:
        raise TimeoutError(f"looking up {host}")
    if isinstance(answer[0], OSError):
        raise answer[0]
    return [(family, sockaddr) for family, _, _, _, sockaddr in answer[0]]


def check_resolved(host: str, addresses: list[Resolved]) -> None:
    """Refuses ``host`` when ANY of its addresses is local (a name with one public and one
    private address is refused: which one is used is not ours to choose)."""
    if not addresses:
        raise Refusal(f"could not connect ({host} has no address)")
    for _, sockaddr in addresses:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if local_address(address):
            raise own_network(f"{host} at {address}" if host != str(address) else host)


def connect_checked(addresses: list[Resolved], timeout: float) -> socket.socket:
    """A socket connected to the first of ``addresses`` that answers, as
    ``socket.create_connection`` would, but to these addresses and no new lookup; all the
    tries together within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    last: OSError = OSError("no address")
    for family, sockaddr in addresses:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("connecting")
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.settimeout(left)
            sock.connect(sockaddr)
            return sock
        except OSError as error:
            sock.close()
            last = error
    raise last
