"""An image's width and height read from its first bytes (no decoder, no Qt): enough to know
a 1x1 tracking pixel when one is fetched. PNG, GIF, JPEG and WebP, the kinds shown."""

from __future__ import annotations

import re

_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}  # JPEG start-of-frame markers
_DIGITS = re.compile(r"\s*(\d+)")


def image_size(kind: str, data: bytes) -> tuple[int, int] | None:
    """``(width, height)`` of an image of ``kind`` (``page.images.image_kind``'s names), or None
    when its header cannot be read."""
    if kind == "png" and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if kind == "gif" and len(data) >= 10:
        return int.from_bytes(data[6:8], "little"), int.from_bytes(data[8:10], "little")
    if kind == "jpeg":
        return _jpeg_size(data)
    if kind == "webp":
        return _webp_size(data)
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    at = 2
    while at + 9 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in _SOF:
            height = int.from_bytes(data[at + 5 : at + 7], "big")
            width = int.from_bytes(data[at + 7 : at + 9], "big")
            return width, height
        if marker == 0x01 or 0xD0 <= marker <= 0xD8:  # markers without a length
            at += 2
            continue
        at += 2 + int.from_bytes(data[at + 2 : at + 4], "big")
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8 " and len(data) >= 30 and data[23:26] == b"\x9d\x01\x2a":
        width = int.from_bytes(data[26:28], "little") & 0x3FFF
        height = int.from_bytes(data[28:30], "little") & 0x3FFF
        return width, height
    if chunk == b"VP8L" and len(data) >= 25 and data[20] == 0x2F:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X" and len(data) >= 30:
        return int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
    return None


def declared_size(value: str | int | None) -> int | None:
    """An ``<img>`` ``width`` or ``height`` attribute as a number of pixels (``"1"``, ``"1px"``,
    ``" 0 "``); None when absent or not in pixels (``"100%"``, ``"auto"``)."""
    if value is None or isinstance(value, int):
        return value
    found = _DIGITS.match(value)
    if found is None:
        return None
    rest = value[found.end() :].strip().lower()
    return int(found.group(1)) if rest in ("", "px") else None
