"""Links in plain text: bare ``http(s)://`` URLs, ``www.`` hosts and e-mail addresses, also
when glued to CJK text; only what ``links.external_url`` lets leave the app. Used by the text
format and, through ``MarkdownItLinkify``, by Markdown's linkify rule."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.core.links import external_url

# Where a bare URL ends: white space, angle brackets, quotes, and the punctuation of Unicode's
# general, CJK and full-width blocks (a URL glued to Chinese text ends at a full-width comma).
_URL_STOP = '\\s<>"\u2000-\u206f\u3000-\u303f\ufe30-\ufe4f\uff00-\uff65'


_LINK = re.compile(
    rf"(?<![A-Za-z0-9+.-])(?P<url>(?:https?://|mailto:|www\.)[^{_URL_STOP}]+)"
    r"|(?<![A-Za-z0-9._%+-])(?P<mail>[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
    r"\.[A-Za-z]{2,})(?![A-Za-z0-9-])",
    re.IGNORECASE,
)
_TRAILING = ".,:;!?'*_~"  # a sentence's punctuation after a URL is not part of it
_CLOSERS = {")": "(", "]": "[", "}": "{"}
_PREFIXES = ("https://", "http://", "mailto:", "www.")


@dataclass(frozen=True, slots=True)
class Link:
    """A link found in text: ``text[index:last_index]`` shows ``text`` and goes to ``url``.
    (The attribute names are the ones markdown-it-py's linkify rules read.)"""

    index: int
    last_index: int
    url: str
    text: str
    schema: str


def find_links(text: str) -> list[Link]:
    """The URLs, ``www.`` hosts and e-mail addresses in ``text`` that may leave the app."""
    found = []
    for m in _LINK.finditer(text):
        link = _link(m)
        if link is not None:
            found.append(link)
    return found


def _link(m: re.Match[str]) -> Link | None:
    raw = m.group("url")
    if raw is None:
        address = m.group(0)
        url = external_url(f"mailto:{address}")
        return Link(m.start(), m.end(), url, address, "mailto:") if url else None
    raw = _trim(raw)
    lowered = raw.lower()
    prefix = next((p for p in _PREFIXES if lowered.startswith(p)), "")
    if len(raw) <= len(prefix) or not raw[len(prefix)].isalnum():
        return None  # "http://", "www..", "mailto:?"
    if prefix == "www.":
        url, schema = external_url(f"http://{raw}"), ""
    else:
        url, schema = external_url(raw), prefix.rstrip("/")
    return Link(m.start(), m.start() + len(raw), url, raw, schema) if url else None


def _trim(url: str) -> str:
    """A URL without the punctuation of the sentence around it: ``(see https://x.org/a).``"""
    unmatched = {
        closer: url.count(closer) - url.count(opener) for closer, opener in _CLOSERS.items()
    }
    end = len(url)
    while end:
        last = url[end - 1]
        if last in _CLOSERS and unmatched[last] > 0:
            unmatched[last] -= 1
        elif last not in _TRAILING:
            break
        end -= 1
    return url[:end]


class MarkdownItLinkify:
    """``find_links`` in the shape markdown-it-py's linkify rules call (linkify-it's)."""

    def pretest(self, text: str) -> bool:
        return "://" in text or "@" in text or "www." in text.lower()

    def test(self, text: str) -> bool:
        return bool(find_links(text))

    def match(self, text: str) -> list[Link] | None:
        return find_links(text) or None

    def match_at_start(self, text: str) -> Link | None:
        m = _LINK.match(text)
        link = _link(m) if m and m.group("url") else None
        if link is None or "://" not in link.text:
            return None
        # The inline rule takes ``url`` as the text it consumes: give it the text as written.
        return Link(link.index, link.last_index, link.text, link.text, link.schema)
