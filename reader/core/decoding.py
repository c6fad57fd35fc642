"""Decoding a saved file's bytes into text: UTF-8 first, then a declared charset, then
detection (charset-normalizer) for legacy files."""

from __future__ import annotations

import codecs
import re

from reader.core.model import InputError

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")


def decode(data: bytes) -> str:
    """Text of a saved file: UTF-8 (BOM or not), else a declared charset, else detection."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked_text(data.decode("utf-16", errors="replace"))
    if not data.strip():
        raise InputError("the file is empty")
    if _looks_binary(data):
        raise InputError("it is binary data, not a text or HTML file")
    try:
        return _checked_text(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data)
    if declared:
        try:
            return _checked_text(data.decode(declared))
        except (LookupError, UnicodeDecodeError):
            pass
    return _checked_text(_detect(data))


def _declared_charset(data: bytes) -> str | None:
    head = data[:4096]
    m = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").lower()
    # Browsers read these labels as their supersets (WHATWG Encoding Standard).
    return {"gb2312": "gb18030", "gbk": "gb18030", "iso-8859-1": "cp1252", "latin1": "cp1252"}.get(
        name, name
    )


def _detect(data: bytes) -> str:
    from charset_normalizer import from_bytes  # imported lazily: only legacy files need it

    best = from_bytes(data).best()
    if best is None:
        raise InputError("its text encoding could not be recognised (not UTF-8 or a known one)")
    return str(best)


_CONTROL_BYTES = re.compile(rb"[\x01-\x08\x0e-\x1f\x7f]")


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    return len(_CONTROL_BYTES.findall(sample)) > len(sample) // 100


def _checked_text(text: str) -> str:
    if not text.strip():
        raise InputError("the file is empty")
    return text
