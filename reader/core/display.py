"""Text from files made safe to print on one line: control characters shown as escapes.

A file name may hold a carriage return (which overwrites the terminal's line), an escape
sequence (which recolours or retitles the terminal), a right-to-left override (which reverses
what follows) or bytes that are not UTF-8. ``printable`` shows each as a visible escape, so a
printed path is one line that reads as what it is.
"""

from __future__ import annotations

import os
import re

_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f"  # C0, DEL, C1 (ESC, CSI...)
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidi marks, embeddings, overrides
    "\u2028\u2029"  # line and paragraph separators
    "\ud800-\udfff]"  # lone surrogates: bytes that were not UTF-8 (surrogateescape)
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` with every control character, bidi control and undecodable byte escaped."""
    return _UNPRINTABLE.sub(_escape, text)


def _escape(m: re.Match[str]) -> str:
    char = m.group(0)
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for the byte code - 0xDC00
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def name_text(name: str) -> str:
    """A file or folder name as text to keep (a title, a source): bytes that were not UTF-8
    (held as lone surrogates by ``os.fsdecode``) become U+FFFD."""
    return os.fsencode(name).decode("utf-8", "replace") if _SURROGATE.search(name) else name


def name_key(name: str) -> str:
    """A file name as text that SQLite and JSON can hold, one per name: bytes that were not
    UTF-8 written as ``\\xff``."""
    if not _SURROGATE.search(name):
        return name
    return os.fsencode(name).decode("utf-8", "backslashreplace")


_SURROGATE = re.compile("[\ud800-\udfff]")
