"""Images an article carries inside itself (``data:`` URIs): checked, capped, and served by key.

A saved page or an export may hold its pictures as ``data:image/...;base64,...``. Those are
shown offline from the start, nothing else: the bytes must be PNG, JPEG, GIF or WebP by their
magic bytes (the declared type is not trusted; SVG, which can carry script and fetch, is never
one), at most ``MAX_IMAGE_BYTES`` decoded, at most ``MAX_IMAGES`` an article (cleaning,
media.py). The stored article keeps the checked URI, in one form (``InlineImage.uri``), in
``<img src>``: the sanitizer lets no other through (``is_offline_image_uri``), and the viewer's
wall decodes only what ``inline_image`` vouches for, as the kind its bytes are.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

MAX_IMAGE_BYTES = 10 * 1024 * 1024  # decoded; a bigger one becomes a placeholder
MAX_IMAGES = 100  # an article's; the images past it become placeholders

_PREFIX = re.compile(r"data:image/[a-z0-9.+-]+;base64,", re.I)
_BASE64_CHARS = re.compile(r"[A-Za-z0-9+/]*={0,2}")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class InlineImage:
    kind: str  # "png", "jpeg", "gif", "webp": what the bytes are, by their magic
    data: bytes

    @property
    def uri(self) -> str:
        """The one form an offline image is stored in."""
        return f"data:image/{self.kind};base64,{base64.b64encode(self.data).decode('ascii')}"


def image_kind(data: bytes) -> str | None:
    """What ``data`` is by its magic bytes, among the kinds shown; None for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def inline_image(uri: str) -> InlineImage | None:
    """The image a ``data:`` URI holds, or None: not base64, not one of the kinds shown (by
    its bytes), bigger than ``MAX_IMAGE_BYTES``, or too small to be a picture (a 1x1 spacer
    or a lazy-load stand-in)."""
    uri = uri.strip()
    head = _PREFIX.match(uri)
    if head is None:
        return None
    payload = uri[head.end() :]
    if len(payload) > MAX_IMAGE_BYTES * 4 // 3 + 4:
        payload = _SPACE.sub("", payload)  # (only spaces can make a fitting one this long)
        if len(payload) > MAX_IMAGE_BYTES * 4 // 3 + 4:
            return None
    try:
        data = base64.b64decode(payload, validate=False)
    except (binascii.Error, ValueError):
        return None
    kind = image_kind(data)
    if kind is None or len(data) > MAX_IMAGE_BYTES or _tiny(kind, data):
        return None
    return InlineImage(kind, data)


def _tiny(kind: str, data: bytes) -> bool:
    """A PNG or GIF of at most 2x2 pixels (spacers, tracking-pixel stand-ins)."""
    if kind == "png" and len(data) >= 24:
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    elif kind == "gif" and len(data) >= 10:
        width, height = int.from_bytes(data[6:8], "little"), int.from_bytes(data[8:10], "little")
    else:
        return False
    return width <= 2 or height <= 2


def is_offline_image_uri(uri: str) -> bool:
    """``uri`` is in the form cleaning stores (``InlineImage.uri``) and holds a shown image:
    what the sanitizer lets through in ``<img src>``."""
    head = _PREFIX.match(uri)
    if head is None or not _BASE64_CHARS.fullmatch(uri, head.end()):
        return False
    image = inline_image(uri)
    return image is not None and image.uri == uri
