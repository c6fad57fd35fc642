"""A search result's snippet: a line of the article's text around the first match, so the
list shows why a result matched.

Matches as the search does (search_query.py's docstring), on the text as it is: a CJK term
is a substring of a CJK run (``港`` in ``香港``), a word a whole word after folding (``trump``
finds ``TRUMP's``, ``cafe`` finds ``Café``), ``w*`` a word that starts so; a phrase is found
by its first unit. The first match in the text, whichever term it is, is the one shown, with
about a third of the line before it. A result that matched in its title alone shows the text's
beginning. Plain text, one line, each cut end marked with an ellipsis.

Made only for the rows on screen, and kept (``Snippets``): a search can hold 100,000 results.
"""

from __future__ import annotations

import re
import unicodedata
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from reader.core.display import printable
from reader.core.library.search_query import SearchQuery, parse_query
from reader.core.library.search_tokens import char_patterns, fold

SNIPPET_WIDTH = 60  # characters of text in a snippet, about
SCAN_LIMIT = 1_000_000  # characters of an article looked through for its first match
ELLIPSIS = "…"
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Snippet:
    """One line of plain text; ``match``: where the matched part is in it ((0, 0): none)."""

    text: str
    match: tuple[int, int] = (0, 0)

    @property
    def parts(self) -> tuple[str, str, str]:
        """The text before the match, the match, the text after it."""
        start, end = self.match
        return self.text[:start], self.text[start:end], self.text[end:]


def snippet(text: str, query: str | SearchQuery, width: int = SNIPPET_WIDTH) -> Snippet | None:
    """The line of ``text`` around the first match of ``query``; its beginning when the text
    has no match (a title hit); None for a query without terms or an empty text."""
    parsed = parse_query(query) if isinstance(query, str) else query
    if not parsed or not text.strip():
        return None
    scanned = text[:SCAN_LIMIT]
    hit = first_match(scanned, parsed)
    if hit is None:
        head = _flat(scanned[: width * 2]).strip()
        if len(head) <= width and len(text) <= width * 2:
            return Snippet(head)
        line = head[:width]
        space = line.rfind(" ", width // 2) if len(head) > width else -1
        return Snippet((line[:space] if space > 0 else line).rstrip() + ELLIPSIS)
    start, end = hit
    end = min(end, start + width)  # (a long phrase: its first line's worth)
    lo = max(0, start - width // 3)
    hi = min(len(scanned), max(lo + width, end))
    lo = max(0, min(lo, hi - width))  # near the end: the line filled from before
    lo, hi = _whole_words(scanned, lo, hi, start, end)
    before = _flat(scanned[lo:start]).lstrip()
    found = _flat(scanned[start:end])
    after = _flat(scanned[end:hi]).rstrip()
    lead = ELLIPSIS if lo > 0 else ""
    tail = ELLIPSIS if hi < len(text) else ""
    first = len(lead) + len(before)
    return Snippet(f"{lead}{before}{found}{after}{tail}", (first, first + len(found)))


def first_match(text: str, query: SearchQuery) -> tuple[int, int] | None:
    """Where the first match of any of ``query``'s terms is in ``text`` (start, end)."""
    firsts = [(term.units[0], term.prefix) for term in query.terms]
    cjk = [unit.text for unit, _ in firsts if unit.cjk]
    words = [(unit.text, prefix) for unit, prefix in firsts if not unit.cjk]
    patterns = char_patterns(_ASTRAL.search(text) is not None)
    for m in patterns.units.finditer(text):
        run = m.group()
        if m.lastindex == 1:
            found = [(i, len(t)) for t in cjk if (i := run.find(t)) >= 0]
            if found:
                i, length = min(found)
                return m.start() + i, m.start() + i + length
        elif words:
            folded = fold(run if run.isascii() else unicodedata.normalize("NFKC", run))
            if any(folded == w or (prefix and folded.startswith(w)) for w, prefix in words):
                return m.span()
    return None


def _whole_words(text: str, lo: int, hi: int, start: int, end: int) -> tuple[int, int]:
    """``lo`` and ``hi`` moved off the middle of a word (to a space beside it, when the
    line has one between the cut and the match)."""
    word = char_patterns().word_char
    if 0 < lo < start and word.match(text, lo - 1) and word.match(text, lo):
        space = text.find(" ", lo, start)
        if space >= 0:
            lo = space + 1
    if end < hi < len(text) and word.match(text, hi - 1) and word.match(text, hi):
        space = text.rfind(" ", end, hi)
        if space >= 0:
            hi = space
    return lo, hi


def _flat(text: str) -> str:
    """One line: white space runs as one space, control characters shown as escapes."""
    return printable(_SPACES.sub(" ", text))


class Snippets:
    """Snippets by (query, id), made when first asked for (the rows on screen) and kept for
    the last ``size`` asked. ``text_of``: an article's text (None when there is none)."""

    def __init__(self, text_of: Callable[[str], str | None], size: int = 1000) -> None:
        self._text_of = text_of
        self._size = size
        self._kept: OrderedDict[tuple[str, str], Snippet | None] = OrderedDict()
        self._parsed: tuple[str, SearchQuery] | None = None

    def active(self, query: str) -> bool:
        """Whether ``query`` is a search (results then have snippets)."""
        return bool(self._parse(query))

    def get(self, query: str, doc_id: str) -> Snippet | None:
        key = (query, doc_id)
        if key in self._kept:
            self._kept.move_to_end(key)
            return self._kept[key]
        parsed = self._parse(query)
        text = self._text_of(doc_id) if parsed else None
        made = snippet(text, parsed) if text else None
        self._kept[key] = made
        if len(self._kept) > self._size:
            self._kept.popitem(last=False)
        return made

    def clear(self) -> None:
        """Forget every snippet (the texts changed: a re-import, a rebuilt library)."""
        self._kept.clear()

    def _parse(self, query: str) -> SearchQuery:
        if self._parsed is None or self._parsed[0] != query:
            self._parsed = (query, parse_query(query))
        return self._parsed[1]
