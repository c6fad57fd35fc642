"""Stable document ids and source names."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref_src)$", re.I)
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
ID_LENGTH = 16


def canonical_url(url: str) -> str | None:
    """One spelling per article URL: scheme and host lowercased, http→https, default port,
    fragment and tracking parameters dropped, percent-escapes normalised. None if not http(s)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    path = _normalize_escapes(parts.path) or "/"
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    query = urlencode(sorted((k, v) for k, v in pairs if not _TRACKING.match(k)))
    return urlunsplit(("https", host, path, query, ""))


def _normalize_escapes(path: str) -> str:
    """Percent-escapes in one spelling: unreserved characters decoded, the rest upper-case;
    raw non-ASCII characters encoded. ``%2F`` stays ``%2F`` (it is not ``/``)."""

    def one(m: re.Match[str]) -> str:
        char = chr(int(m.group(1), 16))
        return char if char in _UNRESERVED else f"%{m.group(1).upper()}"

    return _ESCAPE.sub(one, quote(path, safe="/:@!$&'()*+,;=-._~%"))


def document_id(url: str | None, content: bytes) -> str:
    """From the canonical URL when there is one, else from the content."""
    canonical = canonical_url(url) if url else None
    key = f"url:{canonical}".encode() if canonical else b"content:" + content
    return hashlib.sha256(key).hexdigest()[:ID_LENGTH]


def content_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def source_name(url: str | None, folder: str | None) -> str:
    """The URL's host (without ``www.``), else the mirror's folder name."""
    if url:
        try:
            host = urlsplit(url.strip()).hostname
        except ValueError:
            host = None
        if host:
            return host.removeprefix("www.")
    return folder or "Local files"
