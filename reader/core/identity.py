"""Stable document ids and source names."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|spm|from|ref_src)$", re.I)
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
    path = quote(unquote(parts.path), safe="/:@!$&'()*+,;=-._~") or "/"
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    )
    return urlunsplit(("https", host, path, query, ""))


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
