"""What a fetch is asked to keep to and what it answers, apart from the downloader itself
(fetch.py), whose network stack (http.client, ssl, SOCKS) the window loads only when an
image is asked for: the window starts without it (cold start, README's Speed)."""

from __future__ import annotations

from dataclasses import dataclass

from reader.core.page.images import MAX_IMAGE_BYTES


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int = MAX_IMAGE_BYTES  # one image's
    timeout: float = 15.0  # seconds: the lookup, the connection and the whole body together
    max_redirects: int = 5
    allow_local: bool = False  # True: the reader's own machine and network may be asked


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # where the bytes came from, after redirects
    kind: str  # "png", "jpeg", "gif", "webp": by the bytes' magic
    data: bytes
    width: int | None
    height: int | None


TRACKING_PIXEL = "tracking pixel ("  # how the reason for one begins: "tracking pixel (1x1)"


@dataclass(frozen=True, slots=True)
class Refused:
    reason: str  # plain text for the reader
    # the host that could not be reached (its other images are not asked for in the same
    # run: article.fetch_images), "*" for the proxy, "" when the image itself was refused
    unreachable: str = ""
