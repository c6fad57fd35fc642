"""A search box's text as a query: its terms (words, CJK runs, phrases), the strings to
highlight, and the FTS5 MATCH texts search.py's index is asked.

What a query matches (tests/core/library/test_search.py checks this against a brute-force scan):

- Title, text and query are NFKC-normalized first (full-width letters and digits are ASCII,
  half-width katakana is full-width).
- Every character is CJK (Han, Hiragana, Katakana, Hangul: ``CJK_RANGES``), a word character
  (any other letter, number or mark: Unicode categories L*, N*, M*) or a separator. A field
  (the title, or the text) is a sequence of *units*: maximal runs of CJK characters, and maximal
  runs of word characters ("words").
- Words compare folded: ``fold(w)`` is ``w.casefold()`` with each precomposed Latin letter
  replaced by its base letter (é→e, Ü→u; ``_LATIN_RANGES``). A word matches *whole*:
  ``Trump`` finds ``TRUMP`` and ``trump's`` (``'`` separates), ``cafe`` finds ``Café``, ``trum``
  does not find ``Trump`` (that is ``trum*``).
- A query is split at white space; text in ``"..."`` or ``“...”`` is a phrase. Every term must
  match (AND), each in the title or in the text:

  - a CJK run ``q`` matches when ``q`` is a substring of the title or of the text, whatever its
    length (``港``, ``日本``, ``网络安全``);
  - a word ``w`` matches when some word ``u`` of the title or text has ``fold(u) == fold(w)``;
    ``w*`` (stars right after the last word of a white-space separated chunk) when some
    ``fold(u)`` starts with ``fold(w)``;
  - a phrase of units ``p1 .. pk`` (k ≥ 2) matches when the title or the text has consecutive
    units ``u1 .. uk`` where words are equal after folding, a CJK ``p1`` is a suffix of ``u1``,
    a CJK ``pk`` a prefix of ``uk`` and a CJK ``pi`` in between equals ``ui`` (separators
    between units do not count). A phrase of one unit is that unit's term.

  Mixed chunks split into units: ``AUKUS协议`` is the word ``aukus`` and the CJK run ``协议``.
  Nothing else is syntax: ``-``, ``:``, ``^``, ``(``, ``*`` elsewhere and an unbalanced quote
  are separators, ``NEAR``, ``AND``, ``OR`` are words. A query without units matches nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from reader.core.library.search_tokens import Unit, char_patterns, units_of


@dataclass(frozen=True, slots=True)
class Term:
    """One unit, or a phrase of several; ``prefix``: a word ending in ``*``."""

    units: tuple[Unit, ...]
    shown: str
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """Terms that must all match."""

    terms: tuple[Term, ...]

    def __bool__(self) -> bool:
        return bool(self.terms)


_QUOTED = re.compile(r'"([^"]*)"|“([^”]*)”')


def parse_query(text: str) -> SearchQuery:
    """The terms of a search box's text; never raises (see the module docstring)."""
    text = unicodedata.normalize("NFKC", text)
    terms: list[Term] = []
    start = 0
    for m in _QUOTED.finditer(text):
        terms += _loose_terms(text[start : m.start()])
        phrase = m.group(1) if m.group(1) is not None else m.group(2)
        units = tuple(units_of(phrase))
        if len(units) == 1:
            terms.append(Term(units, units[0].shown))
        elif units:
            terms.append(Term(units, " ".join(phrase.split())))
        start = m.end()
    terms += _loose_terms(text[start:])
    return SearchQuery(tuple(terms))


def _loose_terms(text: str) -> Iterator[Term]:
    for chunk in text.split():
        units = list(units_of(chunk))
        bare = chunk.rstrip("*")
        # "secur*": a prefix only when the stars follow a word directly.
        prefix = bare != chunk and bool(units) and not units[-1].cjk and _ends_with_word(bare)
        for i, unit in enumerate(units):
            yield Term((unit,), unit.shown, prefix=prefix and i == len(units) - 1)


def _ends_with_word(text: str) -> bool:
    last = text[-1:]
    return bool(last) and char_patterns().word_char.fullmatch(last) is not None


def as_typed(text: str) -> str:
    """A search box's text while it is typed: its last word also matches as a prefix
    (``trum`` finds Trump, as ``trum*`` does) until a space, a quote or a star follows it; a
    CJK run needs nothing (it matches as a substring), nor text inside an open quote."""
    if not text or text[-1:].isspace() or text.count('"') % 2 or text.count("“") > text.count("”"):
        return text
    chunk = unicodedata.normalize("NFKC", text.split()[-1])
    units = list(units_of(chunk))
    if units and not units[-1].cjk and _ends_with_word(chunk):
        return text + "*"
    return text


def terms_for_highlight(query: str | SearchQuery) -> list[str]:
    """The literal strings a viewer should mark: each CJK run, each word, each phrase."""
    parsed = parse_query(query) if isinstance(query, str) else query
    seen: set[str] = set()
    found: list[str] = []
    for term in parsed.terms:
        key = term.shown.casefold()
        if term.shown and key not in seen:
            seen.add(key)
            found.append(term.shown)
    return found


@dataclass(frozen=True, slots=True)
class Match:
    """FTS5 MATCH texts, made of our own quoted tokens only (user input never reaches the
    syntax): ``text`` for the main table, ``chars`` for the 1-character CJK terms, each
    None when the query has no such terms; ``title_*`` the same restricted to the title.
    ``single``: the query is one ``text`` term; ``phrases``: some ``text`` term is a phrase
    of several tokens (FTS5 checks positions for it: the costly kind)."""

    text: str | None
    chars: str | None
    title_text: str | None
    title_chars: str | None
    single: bool = False
    phrases: bool = False


def match_of(query: SearchQuery) -> Match:
    """One CJK character alone is a ``search_chars`` term; the rest go to ``search_index``."""
    chars: list[str] = []
    others: list[str] = []
    for term in query.terms:
        unit = term.units[0]
        if len(term.units) == 1 and unit.cjk and len(unit.text) == 1:
            chars.append(unit.text)
        else:
            others.append(_fts_term(term))
    text = " AND ".join(others) or None
    return Match(
        text=text,
        chars=" AND ".join(_phrase([c]) for c in chars) or None,
        title_text=None if text is None else f"{{title}} : ({text})",
        title_chars=" AND ".join(_phrase(["t" + c]) for c in chars) or None,
        single=len(query.terms) == 1 and bool(others),
        phrases=any(" " in term.strip('" *') for term in others),
    )


def _fts_term(term: Term) -> str:
    """A ``search_index`` term: a word, a CJK run of 2+ characters, or a phrase."""
    if len(term.units) == 1:
        unit = term.units[0]
        if not unit.cjk:
            return _phrase([unit.text]) + (" *" if term.prefix else "")
        return _phrase(_bigrams(unit.text))
    tokens: list[str] = []
    last = len(term.units) - 1
    for i, unit in enumerate(term.units):
        if not unit.cjk:
            tokens.append(unit.text)
        elif i < last:  # must end where its run ends: bigrams, then the run's last character
            tokens += [*_bigrams(unit.text), unit.text[-1]]
        else:  # must start where its run starts; one character is a prefix (below)
            tokens += _bigrams(unit.text) or [unit.text]
    tail = term.units[-1]
    star = " *" if tail.cjk and len(tail.text) == 1 else ""
    return _phrase(tokens) + star


def _phrase(tokens: Iterable[str]) -> str:
    return '"' + " ".join(tokens) + '"'  # tokens hold no quotes: only CJK and word characters


def _bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]
