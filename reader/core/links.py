"""Which addresses may leave the app: one check for every path that opens or prints a link.

Only http, https and mailto leave Saved Reader (to the web browser or the mail program), from
every path: the article's header link, Open Original (O), a link clicked in the article, the
command line's output. ``javascript:``, ``file:``, ``data:`` and the rest never do.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

EXTERNAL_SCHEMES = frozenset({"http", "https", "mailto"})
# What a mail link may ask of the mail program: no ``attach`` (some attach the file it names).
_MAILTO_FIELDS = frozenset({"to", "cc", "bcc", "subject", "body", "in-reply-to"})
# Browsers drop tabs and newlines anywhere in a URL ("java\tscript:" is "javascript:") and
# strip C0 controls and spaces at both ends; any other control character makes it unusable.
_DROPPED = re.compile("[\t\n\r]")
_ENDS = re.compile("^[\x00-\x20]+|[\x00-\x20]+$")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def external_url(url: str | None) -> str | None:
    """``url`` as the browser or mail program may be given it, or None when it must not leave
    the app (another scheme, no host, control characters). ``//host/path`` becomes https."""
    if not url:
        return None
    url = _ENDS.sub("", _DROPPED.sub("", url))
    if not url or _CONTROL.search(url):
        return None
    if url.startswith("//"):
        url = f"https:{url}"
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        return url if host else None
    if scheme == "mailto":
        return _mail_link(url, parts.path, parts.query)
    return None


def _mail_link(url: str, address: str, query: str) -> str | None:
    if not address.strip() and not query:
        return None
    fields = parse_qsl(query, keep_blank_values=True)
    kept = [(k, v) for k, v in fields if k.lower() in _MAILTO_FIELDS]
    if len(kept) == len(fields):
        return url
    return urlunsplit(("mailto", "", address, urlencode(kept, quote_via=quote), ""))
