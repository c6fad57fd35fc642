"""One remote image fetched on the reader's terms, or refused with a reason to show.

``fetch_image`` asks for one ``http`` or ``https`` URL and answers ``Fetched`` (the bytes, what
they are, their size) or ``Refused`` (a plain reason: "not an image (text/html)", "larger than
10 MB", "timed out after 15 s", "redirect to ftp: refused", "tracking pixel (list-manage.com)").
What a request gives away is kept to the least:

- no cookie is sent or kept (the opener has no cookie processor), no ``Referer``, and the
  User-Agent is the app's plain name and version (``SavedReader/0.1.0``);
- the proxy is the caller's choice: ``None`` is a direct connection that ignores the
  environment's ``http_proxy`` (so nothing goes where the reader did not say), ``"system"``
  uses the environment's proxies as urllib reads them, an ``http://`` URL uses that proxy for
  both schemes. SOCKS is not in the standard library and is not offered here;
- a known tracker's host (``trackers``) and an ``<img>`` declared 1x1 or 0 wide or high are
  refused before any request, and every redirect (at most ``Limits.max_redirects``) is checked
  again: ``http``/``https`` only, not a tracker.

What comes back must be a picture: a ``Content-Type`` of ``image/*`` other than SVG, bytes
that are PNG, JPEG, GIF or WebP by their magic (``page.images.image_kind``), at most
``Limits.max_bytes`` (by ``Content-Length`` before reading, and by counting while reading), all
of it within ``Limits.timeout`` seconds (each wait on the socket, and the whole answer: a
body dripped a byte at a time is cut off, at most one wait past the deadline), and larger
than 1x1 (its header, ``sizes``).
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.client import HTTPMessage, HTTPResponse
from typing import IO, Literal
from urllib.parse import quote, urljoin, urlsplit

from reader import __version__
from reader.core.fetching.sizes import declared_size, image_size
from reader.core.fetching.trackers import tracker_of
from reader.core.page.images import MAX_IMAGE_BYTES, image_kind

USER_AGENT = f"SavedReader/{__version__}"
ACCEPT = "image/png,image/jpeg,image/gif,image/webp"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~"

Proxy = Literal["system"] | str | None


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int = MAX_IMAGE_BYTES  # one image's
    timeout: float = 15.0  # seconds, the connection and the whole body together
    max_redirects: int = 5


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # where the bytes came from, after redirects
    kind: str  # "png", "jpeg", "gif", "webp": by the bytes' magic
    data: bytes
    width: int | None
    height: int | None


@dataclass(frozen=True, slots=True)
class Refused:
    reason: str  # plain text for the reader


class _Refusal(Exception):
    """A refusal raised inside the fetch; its message is the reason."""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hands every redirect back as an error: ``fetch_image`` checks and follows each itself."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        return None


def fetch_image(
    url: str,
    *,
    limits: Limits = Limits(),
    proxy: Proxy = None,
    width: str | int | None = None,
    height: str | int | None = None,
) -> Fetched | Refused:
    """The image at ``url``, or why it was not fetched. ``width`` and ``height`` are the
    ``<img>``'s attributes when it has them (a 1x1 or 0-sized one is never asked for)."""
    try:
        _check_declared(width, height)
        return _fetch(url, limits, _opener(proxy))
    except _Refusal as refusal:
        return Refused(str(refusal))


def _check_declared(width: str | int | None, height: str | int | None) -> None:
    w, h = declared_size(width), declared_size(height)
    if w == 0 or h == 0 or (w is not None and h is not None and w <= 1 and h <= 1):
        shown = "x".join("?" if n is None else str(n) for n in (w, h))
        raise _Refusal(f"tracking pixel ({shown})")


def _check_url(url: str, *, redirect: bool) -> None:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        shown = f"{scheme}:" if scheme else "a relative address"
        if redirect:
            raise _Refusal(f"redirect to {shown} refused")
        raise _Refusal(f"not a web address ({shown})")
    host = parts.hostname
    if not host:
        raise _Refusal("no host in the address")
    tracker = tracker_of(host)
    if tracker is not None:
        raise _Refusal(f"tracking pixel ({tracker})")


def _opener(proxy: Proxy) -> urllib.request.OpenerDirector:
    """Only what an image needs: http, https, the proxy asked for, redirects handed back. No
    cookie processor, no ``file:``, ``ftp:`` or ``data:`` handlers."""
    if proxy is None:
        proxies: urllib.request.ProxyHandler = urllib.request.ProxyHandler({})
    elif proxy == "system":
        proxies = urllib.request.ProxyHandler()
    else:
        if urlsplit(proxy).scheme.lower() not in ("http", "https"):
            raise _Refusal(f"proxy not supported ({urlsplit(proxy).scheme or proxy}): http(s) only")
        proxies = urllib.request.ProxyHandler({"http": proxy, "https": proxy})
    opener = urllib.request.OpenerDirector()
    for handler in (
        proxies,
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        _NoRedirect(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    opener.addheaders = [("User-Agent", USER_AGENT), ("Accept", ACCEPT)]
    return opener


def _fetch(url: str, limits: Limits, opener: urllib.request.OpenerDirector) -> Fetched:
    deadline = time.monotonic() + limits.timeout
    _check_url(url, redirect=False)
    for _hop in range(limits.max_redirects + 1):
        left = deadline - time.monotonic()  # the redirects share the one timeout
        if left <= 0:
            raise _Refusal(_timed_out(limits))
        try:
            response: HTTPResponse = opener.open(_ascii(url), timeout=left)
        except urllib.error.HTTPError as error:
            location = error.headers.get("Location") if error.code in _REDIRECTS else None
            error.close()
            if location is None:
                raise _Refusal(f"the server answered {error.code} {error.reason}") from None
            url = urljoin(url, location)
            _check_url(url, redirect=True)
            continue
        except TimeoutError:
            raise _Refusal(_timed_out(limits)) from None
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise _Refusal(_timed_out(limits)) from None
            raise _Refusal(f"could not connect ({error.reason})") from None
        except (OSError, ValueError) as error:
            raise _Refusal(f"could not connect ({error})") from None
        with response:
            return _read(url, response, limits, deadline)
    raise _Refusal(f"more than {limits.max_redirects} redirects")


def _read(url: str, response: HTTPResponse, limits: Limits, deadline: float) -> Fetched:
    ctype = (response.headers.get_content_type() or "").lower()
    if not ctype.startswith("image/") or ctype == "image/svg+xml":
        raise _Refusal(f"not an image ({ctype or 'no type'})")
    length = response.headers.get("Content-Length")
    if length is not None and length.strip().isdigit() and int(length) > limits.max_bytes:
        raise _Refusal(f"larger than {_size(limits.max_bytes)}")
    chunks: list[bytes] = []
    got = 0
    try:
        while got <= limits.max_bytes:
            if time.monotonic() > deadline:
                raise _Refusal(_timed_out(limits))
            # read1: what one receive gives, so a body dripped slowly meets the deadline
            chunk = response.read1(min(_CHUNK, limits.max_bytes + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
    except TimeoutError:
        raise _Refusal(_timed_out(limits)) from None
    except OSError as error:
        raise _Refusal(f"the download broke off ({error})") from None
    if got > limits.max_bytes:
        raise _Refusal(f"larger than {_size(limits.max_bytes)}")
    data = b"".join(chunks)
    kind = image_kind(data)
    if kind is None:
        raise _Refusal(f"not an image (its bytes are not PNG, JPEG, GIF or WebP; said {ctype})")
    size = image_size(kind, data)
    if size is not None and size[0] <= 1 and size[1] <= 1:
        raise _Refusal(f"tracking pixel ({size[0]}x{size[1]} image)")
    return Fetched(url, kind, data, *(size or (None, None)))


def _ascii(url: str) -> str:
    """``url`` as a request line can carry it: a path written in Chinese percent-encoded as
    UTF-8 (what a browser sends); escapes already there are kept."""
    return url if url.isascii() else quote(url, safe=_URL_SAFE)


def _timed_out(limits: Limits) -> str:
    return f"timed out after {limits.timeout:g} s"


def _size(n: int) -> str:
    if n >= 1024 * 1024 and n % (1024 * 1024) == 0:
        return f"{n // (1024 * 1024)} MB"
    if n >= 1024 and n % 1024 == 0:
        return f"{n // 1024} KB"
    return f"{n} bytes"
