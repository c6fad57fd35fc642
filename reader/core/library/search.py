"""Full-text search of titles and text that finds Chinese, Japanese and Korean substrings.

What a query matches (tests/core/test_search.py checks this against a brute-force scan):

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

Order: title hits (every term matches in the title) first; then bm25 (title weighted 4) when at
most ``RANKED_HITS`` documents match and some term is not a single CJK character; then newest
first (to the minute: see ``date_key``; unknown dates last).

How: SQLite's own tokenizers cannot do this (3.40: ``unicode61`` keeps a Chinese sentence as one
token; ``trigram`` needs 3 characters and its ``LIKE`` silently finds nothing), so this module
tokenizes in Python and stores space-separated tokens in contentless FTS5 tables whose ``ascii``
tokenizer splits at our spaces and changes nothing else (our tokens are already folded):

- ``search_index`` (body, title; positions kept): a CJK run ``abcd`` is stored as its
  overlapping bigrams ``ab bc cd`` and its last character ``d`` (``a`` alone for a run of one),
  a word as its fold. A CJK term of 2+ characters is the FTS5 phrase of its bigrams:
  consecutive bigrams cannot span two runs because the last-character token sits between them.
- ``search_chars`` (no positions): each CJK character a document holds, once, and ``tc`` for
  each ``c`` in its title. A 1-character term is one token here: the prefix query ``c*`` over
  bigrams finds the same documents but merges every bigram starting with ``c`` (0.4 s for 的
  at 100,000 articles, against 3 ms here, for about 15% more index).
- ``search_keys``: the rowid ("key") of each document in both tables. Keys grow with the date,
  so FTS5 hands over hits newest first, and a limit stops it early.
"""

from __future__ import annotations

import functools
import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

CJK_RANGES: tuple[tuple[int, int], ...] = (
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2E80, 0x2FDF),  # CJK and Kangxi radicals
    (0x3005, 0x3007),  # iteration mark, closing mark, ideographic zero
    (0x3021, 0x3029),  # Hangzhou numerals
    (0x3031, 0x3035),  # kana repeat marks
    (0x3038, 0x303C),
    (0x3041, 0x3096),  # Hiragana
    (0x3099, 0x309F),  # (semi-)voiced sound marks, ゝゞゟ
    (0x30A1, 0x30FA),  # Katakana (without the double hyphen U+30A0 and the middle dot)
    (0x30FC, 0x30FF),  # ー ヽヾヿ
    (0x3131, 0x318E),  # Hangul compatibility Jamo
    (0x31F0, 0x31FF),  # Katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xA960, 0xA97F),  # Hangul Jamo extended A
    (0xAC00, 0xD7FF),  # Hangul syllables, Jamo extended B
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF66, 0xFF9F),  # half-width Katakana
    (0xFFA0, 0xFFDC),  # half-width Hangul
    (0x1AFF0, 0x1B16F),  # Kana extended and supplement
    (0x20000, 0x323AF),  # CJK extensions B-H, compatibility supplement
)
# Precomposed letters whose diacritics fold away (Latin-1 Supplement, Extended-A/B, Additional).
_LATIN_RANGES = ((0x00C0, 0x024F), (0x1E00, 0x1EFF))
# Scanned for word characters: the assigned planes (0-3) and variation selectors (plane 14).
_SCANNED = (range(0x40000), range(0xE0000, 0xE1000))

TABLE = "search_index"  # bigrams, run ends and words, with positions (phrases need them)
CHARS = "search_chars"  # each CJK character a document holds, once: 1-character queries
KEYS = "search_keys"  # the index rowid ("key") of each document id, in the order added
_SCHEMA = (
    f"CREATE TABLE IF NOT EXISTS {KEYS} (key INTEGER NOT NULL UNIQUE, id TEXT NOT NULL)",
    # body first: FTS5 writes no column marker for column 0 (a third of the index).
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    "body, title, content='', tokenize='ascii', detail=full)",
    # ``c`` for a character in the title or text, ``tc`` for one in the title.
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {CHARS} USING fts5("
    "chars, content='', tokenize='ascii', detail=none)",
)
_TITLE_WEIGHT = 4.0
# Above this many hits, bm25 of each one costs more than the time a search may take (about
# 2 microseconds a hit at 100,000 articles): title hits first, then newest first.
RANKED_HITS = 5_000


# --- the query ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Unit:
    """A CJK run, or a word (``text`` folded); ``shown`` is how the query wrote it."""

    text: str
    cjk: bool
    shown: str


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
        units = tuple(_units(phrase))
        if len(units) == 1:
            terms.append(Term(units, units[0].shown))
        elif units:
            terms.append(Term(units, " ".join(phrase.split())))
        start = m.end()
    terms += _loose_terms(text[start:])
    return SearchQuery(tuple(terms))


def _loose_terms(text: str) -> Iterator[Term]:
    for chunk in text.split():
        units = list(_units(chunk))
        bare = chunk.rstrip("*")
        # "secur*": a prefix only when the stars follow a word directly.
        prefix = bare != chunk and bool(units) and not units[-1].cjk and _ends_with_word(bare)
        for i, unit in enumerate(units):
            yield Term((unit,), unit.shown, prefix=prefix and i == len(units) - 1)


def _ends_with_word(text: str) -> bool:
    last = text[-1:]
    return bool(last) and _patterns().word_char.fullmatch(last) is not None


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


@dataclass(frozen=True, slots=True)
class Page:
    """The first ids of a search, best first, and how many documents match in all."""

    ids: list[str]
    total: int


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


# --- tokens -------------------------------------------------------------------------------


def document_tokens(title: str, text: str) -> tuple[str, str, str]:
    """What one document stores: its text's tokens, its title's, and its CJK characters."""
    in_text: set[str] = set()
    in_title: set[str] = set()
    body = _tokens(_nfkc(text), in_text)
    head = _tokens(_nfkc(title), in_title)
    chars = " ".join([*sorted(in_text | in_title), *("t" + c for c in sorted(in_title))])
    return body, head, chars


def _nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, in a tenth of the time on CJK text (whose
    full-width punctuation sends ``normalize`` down its slow path, character by character).

    Each BMP character NFKC changes is replaced by its own NFKC form first; that leaves the
    NFKD form of the text as it was (NFKD(NFKC(c)) = NFKD(c), and canonical reordering of
    the whole does not depend on reordering the parts), so its NFKC form too. What is left
    is most often normalized already, which the quick check sees at once; else ``normalize``
    finishes it (combining marks, astral compatibility characters).
    """
    changing, forms = _nfkc_changes()
    parts = changing.split(text)
    parts[1::2] = map(forms.__getitem__, parts[1::2])
    done = "".join(parts)
    return done if unicodedata.is_normalized("NFKC", done) else unicodedata.normalize("NFKC", done)


@functools.cache
def _nfkc_changes() -> tuple[re.Pattern[str], dict[str, str]]:
    """The BMP characters NFKC changes (one captured in the pattern) and their forms (~10 ms)."""
    forms = {
        c: unicodedata.normalize("NFKC", c)
        for c in map(chr, range(0x10000))
        if not unicodedata.is_normalized("NFKC", c)
    }
    codes = sorted(map(ord, forms))
    ranges: list[tuple[int, int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return re.compile(f"([{_class_body(ranges)}])"), forms


def index_text(text: str) -> str:
    """The space-separated tokens stored for one field (see the module docstring)."""
    return _tokens(unicodedata.normalize("NFKC", text), set())


def _tokens(text: str, chars: set[str]) -> str:
    """The tokens of NFKC-normalized text; adds its CJK characters to ``chars``.

    The same tokens as unit by unit (a CJK run ``abc`` gives ``ab bc c``, a word its fold),
    made with whole-string passes, which is faster. ASCII words are left to the ``ascii``
    tokenizer, which lower-cases them as ``fold`` does.
    """

    astral = _ASTRAL_CHAR.search(text) is not None
    patterns = _patterns(astral)
    # split at the CJK runs (captured: the odd items), each run made its tokens in place
    parts = _cjk_split(astral).split(patterns.separators.sub(" ", text))
    runs = parts[1::2]
    chars.update("".join(runs))
    parts[1::2] = [f" {' '.join(map(str.__add__, run, run[1:]))} {run[-1]} " for run in runs]
    text = "".join(parts)
    if patterns.foreign_char.search(text):
        text = patterns.foreign_words.sub(_folded, text)
    return text


def _folded(m: re.Match[str]) -> str:
    return fold(m.group())


def fold(word: str) -> str:
    """A word as it is compared: case-folded, Latin diacritics removed."""
    if word.isascii():
        return word.lower()
    return word.casefold().translate(_latin_bases())


def _units(text: str) -> Iterator[Unit]:
    """The units of NFKC-normalized text."""
    for m in _patterns().units.finditer(text):
        run = m.group()
        if m.lastindex == 1:
            yield Unit(run, True, run)
        else:
            yield Unit(fold(run), False, run)


def is_cjk(char: str) -> bool:
    code = ord(char)
    return any(lo <= code <= hi for lo, hi in CJK_RANGES)


@functools.cache
def _word_ranges() -> tuple[tuple[int, int], ...]:
    """Code point ranges of word characters: letters, numbers and marks that are not CJK."""
    cjk = [False] * (0x40000)
    for lo, hi in CJK_RANGES:
        cjk[lo : hi + 1] = [True] * (hi + 1 - lo)
    ranges: list[tuple[int, int]] = []
    category = unicodedata.category
    for block in _SCANNED:
        for code in block:
            if category(chr(code))[0] in "LNM" and not (code < 0x40000 and cjk[code]):
                if ranges and ranges[-1][1] == code - 1:
                    ranges[-1] = (ranges[-1][0], code)
                else:
                    ranges.append((code, code))
    return tuple(ranges)


@dataclass(frozen=True, slots=True)
class _Patterns:
    units: re.Pattern[str]  # group 1: a CJK run; group 2: a word
    word_char: re.Pattern[str]
    separators: re.Pattern[str]  # runs of characters that are neither CJK nor word
    cjk_runs: re.Pattern[str]
    foreign_char: re.Pattern[str]  # a word character that is not ASCII
    foreign_words: re.Pattern[str]  # words with such a character


_ASTRAL = "\\U00010000-\\U0010ffff"
_ASTRAL_CHAR = re.compile(f"[{_ASTRAL}]")


@functools.cache
def _patterns(astral: bool = True) -> _Patterns:
    """Compiled on first use (about 0.1 s: the word characters come from unicodedata).

    ``astral=False``: for text without characters beyond U+FFFF, plain BMP classes, which sre
    tests with one bitmap lookup (astral ranges it tests one by one: see ``_one_of``).
    """
    words = _word_ranges()
    cjk, word = _one_of(CJK_RANGES, astral), _one_of(words, astral)
    foreign = _one_of(((max(lo, 0x80), hi) for lo, hi in words if hi >= 0x80), astral)
    return _Patterns(
        units=re.compile(f"((?:{cjk})+)|((?:{word})+)"),
        word_char=re.compile(word),
        separators=re.compile(f"(?:{_none_of((*CJK_RANGES, *words), astral)})+"),
        cjk_runs=re.compile(f"(?:{cjk})+"),
        foreign_char=re.compile(foreign),
        foreign_words=re.compile(f"(?:{word})*{foreign}(?:{word})*"),
    )


@functools.cache
def _cjk_split(astral: bool) -> re.Pattern[str]:
    return re.compile(f"({_patterns(astral).cjk_runs.pattern})")


def _split(ranges: Iterable[tuple[int, int]]) -> tuple[str, str]:
    """Character-class bodies for the BMP part and the astral part of ``ranges``."""
    ranges = list(ranges)
    bmp = [(lo, min(hi, 0xFFFF)) for lo, hi in ranges if lo <= 0xFFFF]
    astral = [(max(lo, 0x10000), hi) for lo, hi in ranges if hi > 0xFFFF]
    return _class_body(bmp), _class_body(astral)


def _one_of(ranges: Iterable[tuple[int, int]], astral: bool) -> str:
    """A regex for one character in ``ranges``. sre checks astral ranges one by one for each
    character its BMP bitmap rejects, so they sit behind a one-range guard."""
    bmp, beyond = _split(ranges)
    parts = [f"[{bmp}]"]
    if astral and beyond:
        parts.append(f"(?=[{_ASTRAL}])[{beyond}]")
    return f"(?:{'|'.join(parts)})"


def _none_of(ranges: Iterable[tuple[int, int]], astral: bool) -> str:
    bmp, beyond = _split(ranges)
    if not astral:
        return f"[^{bmp}]"
    return f"(?:[^{bmp}{_ASTRAL}]|(?=[{_ASTRAL}])[^\\x00-\\uffff{beyond}])"


def _class_body(ranges: Iterable[tuple[int, int]]) -> str:
    return "".join(f"\\U{lo:08x}" if lo == hi else f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in ranges)


@functools.cache
def _latin_bases() -> dict[int, str]:
    table: dict[int, str] = {}
    for lo, hi in _LATIN_RANGES:
        for code in range(lo, hi + 1):
            parts = unicodedata.normalize("NFD", chr(code))
            if len(parts) > 1 and all(unicodedata.category(c) == "Mn" for c in parts[1:]):
                table[code] = parts[0]
    return table


# --- the index ----------------------------------------------------------------------------


class SearchIndex:
    """The FTS5 index of every document's title and text, in the library's own database.

    Writes run in the caller's transaction and are not committed here. A document's index
    rowid, its *key*, grows with its date (``date_key``), so FTS5 itself walks hits newest
    first and stops at a limit; ``search_keys`` maps keys to ids, kept in memory once read
    (documents are only added; a future delete must also call ``forget``).
    """

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self._ids: dict[str, str] = {}  # key (as text, as group_concat gives it) -> id
        self._read_up_to = 0  # the last search_keys rowid in _ids
        # Documents added while deferring (a bulk import's batch), written by ``flush``.
        self._deferred: list[tuple[int, str, str, str, tuple[str, str, str] | None]] | None = None
        self._pending_keys: set[int] = set()

    def ensure_schema(self) -> None:
        for statement in _SCHEMA:
            self._db.execute(statement)

    def add(
        self,
        doc_id: str,
        rowid: int,
        published: int | None,
        title: str,
        text: str,
        tokens: tuple[str, str, str] | None = None,
    ) -> None:
        """Index one document (its ``documents`` rowid and date make its key), in the caller's
        transaction; while deferring, at the next ``flush``.

        ``tokens``: ``document_tokens(title, text)`` when the caller made them already (bulk
        import makes them in its worker processes, spreading that CPU time over the cores).
        """
        key = self._free_key(date_key(rowid, published))
        if self._deferred is not None:
            self._pending_keys.add(key)
            self._deferred.append((key, doc_id, title, text, tokens))
        else:
            self._insert([(key, doc_id, title, text)], [tokens])

    def defer(self) -> None:
        """Hold added documents until ``flush`` (bulk import: one sorted write per batch)."""
        if self._deferred is None:
            self._deferred = []

    def flush(self, *, stop: bool = False) -> None:
        """Write the held documents in key order, in the caller's transaction.

        FTS5 flushes its pending index data to a new segment whenever a rowid is lower than
        the previous one in the transaction: documents added in file order (random dates,
        so random keys) cost a segment each, sorted they share one (3x faster to store).
        """
        if self._deferred:
            held = sorted(self._deferred, key=lambda d: d[0])
            self._insert([d[:4] for d in held], [d[4] for d in held])
        self.discard(stop=stop)

    def discard(self, *, stop: bool = False) -> None:
        """Drop the held documents (their transaction was rolled back)."""
        self._pending_keys.clear()
        if self._deferred is not None:
            self._deferred = None if stop else []

    def rebuild(self) -> int:
        """Index every document in ``documents`` from scratch; returns how many."""
        for table in (TABLE, CHARS):
            self._db.execute(f"INSERT INTO {table} ({table}) VALUES ('delete-all')")
        self._db.execute(f"DELETE FROM {KEYS}")
        taken: set[int] = set()
        rows = []
        for rowid, doc_id, published, title, text in self._db.execute(
            "SELECT rowid, id, published, title, text FROM documents ORDER BY rowid"
        ).fetchall():
            key = date_key(rowid, published)
            while key in taken:  # as _free_key does
                key += 1
            taken.add(key)
            rows.append((key, doc_id, title, text))
        rows.sort()  # in key order: one FTS5 segment, not one a document (see ``flush``)
        self._insert(rows)
        self.optimize()
        self.forget()
        return len(rows)

    def optimize(self) -> None:
        """Merge each index into one segment (after a bulk load: smaller and faster)."""
        for table in (TABLE, CHARS):
            self._db.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")

    def set_automerge(self, pages: int) -> None:
        """FTS5's incremental merging on insert: 0 while bulk loading (then ``merge`` or
        ``optimize`` once), 4 (SQLite's default) otherwise."""
        for table in (TABLE, CHARS):
            sql = f"INSERT INTO {table} ({table}, rank) VALUES ('automerge', ?)"
            self._db.execute(sql, (pages,))

    def restore_automerge(self) -> None:
        """Turn incremental merging back on if a bulk load was killed while it was off."""
        for table in (TABLE, CHARS):
            found = self._db.execute(
                f"SELECT v FROM {table}_config WHERE k = 'automerge'"
            ).fetchone()
            if found is not None and found[0] == 0:
                self.set_automerge(4)
                return

    def merge(self, pages: int = 500) -> None:
        """Some merging work (cheaper than ``optimize`` on a big index)."""
        for table in (TABLE, CHARS):
            self._db.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('merge', ?)", (pages,))

    def forget(self) -> None:
        """Drop the ids kept in memory (they are read again when needed)."""
        self._ids.clear()
        self._read_up_to = 0

    def _free_key(self, key: int) -> int:
        """``key``, or the next one up that no document has (same minute: added later, newer)."""
        while True:
            taken = self._db.execute(f"SELECT 1 FROM {KEYS} WHERE key = ?", (key,)).fetchone()
            if taken is None and key not in self._pending_keys:
                return key
            if taken is not None:
                (key,) = self._db.execute(
                    f"SELECT a.key + 1 FROM {KEYS} AS a WHERE a.key >= ? AND NOT EXISTS "
                    f"(SELECT 1 FROM {KEYS} AS b WHERE b.key = a.key + 1) "
                    "ORDER BY a.key LIMIT 1",
                    (key,),
                ).fetchone()
            while key in self._pending_keys:
                key += 1

    def _insert(
        self,
        rows: Sequence[tuple[int, str, str, str]],
        made: Sequence[tuple[str, str, str] | None] = (),
    ) -> None:
        texts, chars = [], []
        for i, (key, _, title, text) in enumerate(rows):
            tokens = made[i] if i < len(made) else None
            body_tokens, title_tokens, char_tokens = tokens or document_tokens(title, text)
            texts.append((key, body_tokens, title_tokens))
            chars.append((key, char_tokens))
        self._db.executemany(f"INSERT INTO {KEYS} (key, id) VALUES (?, ?)", (r[:2] for r in rows))
        self._db.executemany(f"INSERT INTO {TABLE} (rowid, body, title) VALUES (?, ?, ?)", texts)
        self._db.executemany(f"INSERT INTO {CHARS} (rowid, chars) VALUES (?, ?)", chars)

    # --- searching -----------------------------------------------------------------------

    def search(self, query: str | SearchQuery, limit: int | None = None) -> list[str]:
        """Ids of the documents matching ``query``, best first; never raises for odd input.

        Title hits (every term in the title) first; then by bm25 when some term is not a
        single CJK character and at most ``RANKED_HITS`` documents match; then newest first
        (unknown dates last).
        """
        return self.page(query, limit).ids

    def page(self, query: str | SearchQuery, limit: int | None = None) -> Page:
        """The first ``limit`` ids of ``search`` (all when None) and the number of matches.

        A short page of a big result is quick (FTS5 walks hits newest first and stops), so a
        search box can show it at once and fetch the whole list in the background.
        """
        parsed = parse_query(query) if isinstance(query, str) else query
        if not parsed:
            return Page([], 0)
        match = match_of(parsed)
        scored: list[tuple[int, float, float]] | None = None
        total: int | None = None
        if match.text is not None:
            if match.phrases:  # scoring evaluates the phrases anyway: no separate count
                scored = self._scored(match, RANKED_HITS + 1)
                if len(scored) > RANKED_HITS:
                    scored = None
            else:
                total = self._count(match)
                if total <= RANKED_HITS:
                    scored = self._scored(match, None)
        if scored is not None:
            keys = self._ranked(match, scored)[:limit]
            total = len(scored)
        else:
            if total is None:
                total = self._count(match)
            keys = [] if limit is not None and limit < 1 else self._newest(match, "title", limit)
            if limit is None or len(keys) < limit:
                keys += self._newest(match, "rest", None if limit is None else limit - len(keys))
        return Page(self._ids_of(keys), total)

    def _ids_of(self, keys: list[str]) -> list[str]:
        """The ids of ``keys``: a page's few from SQL (no need to read every key at the first
        search, ~40 ms at 100,000 articles), more through the map of every key."""
        if len(keys) > 500 or self._ids:
            ids = self._id_of()
            return [ids[k] for k in keys]
        marks = ",".join("?" * len(keys))
        found = dict(
            self._db.execute(
                f"SELECT CAST(key AS TEXT), id FROM {KEYS} WHERE key IN ({marks})",
                [int(k) for k in keys],
            )
        )
        return [found[k] for k in keys]

    def warm_up(self) -> None:
        """Do now what the first search would (compile the tokenizer, read every key)."""
        parse_query("warm")
        _patterns(astral=False)
        self._id_of()

    def _count(self, match: Match) -> int:
        table, where, params = _where(match, "all")
        sql = f"SELECT count(*) FROM {table} WHERE {where}"
        return int(self._db.execute(sql, params).fetchone()[0])

    def _scored(self, match: Match, limit: int | None) -> list[tuple[int, float, float]]:
        """(key, bm25, bm25 of the title alone) of up to ``limit`` hits. The second score is
        below 0 exactly when the title holds a term (bm25 clamps each term's idf above 0), so
        a query of one term needs no title query; it costs next to nothing more (FTS5 keeps
        the row's phrase data between the two calls)."""
        table, where, params = _where(match, "all")
        sql = (
            f"SELECT rowid, bm25({TABLE}, 1.0, {_TITLE_WEIGHT}), bm25({TABLE}, 0.0, 1.0) "
            f"FROM {table} WHERE {where} LIMIT ?"
        )
        return self._db.execute(sql, [*params, -1 if limit is None else limit]).fetchall()

    def _ranked(self, match: Match, scored: list[tuple[int, float, float]]) -> list[str]:
        """Keys by title hit, then bm25, then newest first."""
        if match.single:
            titles = {k for k, _, in_title in scored if in_title < 0}
        else:  # every term in the title: asked of FTS5
            table, where, params = _where(match, "title")
            sql = f"SELECT rowid FROM {table} WHERE {where}"
            titles = {k for (k,) in self._db.execute(sql, params).fetchall()}
        scored.sort(key=lambda row: (row[0] not in titles, row[1], -row[0]))
        return [str(k) for k, _, _ in scored]

    def _newest(self, match: Match, part: str, limit: int | None) -> list[str]:
        """Keys of ``part`` ("title" hits or the "rest"), newest first."""
        table, where, params = _where(match, part)
        (found,) = self._db.execute(
            f"SELECT group_concat(rowid) FROM (SELECT rowid FROM {table} "
            f"WHERE {where} ORDER BY rowid DESC LIMIT ?)",
            [*params, -1 if limit is None else limit],
        ).fetchone()
        return found.split(",") if found else []

    def _id_of(self) -> dict[str, str]:
        """Every document's id by key (as text), read again when documents were added."""
        (last,) = self._db.execute(f"SELECT coalesce(max(rowid), 0) FROM {KEYS}").fetchone()
        if last != self._read_up_to:  # added since, by any connection
            if last < self._read_up_to:  # rebuilt by another connection
                self.forget()
            cursor = self._db.execute(
                f"SELECT CAST(key AS TEXT), id FROM {KEYS} WHERE rowid > ?", (self._read_up_to,)
            )
            # In chunks: a background thread reads them, and one C call over 100,000 rows
            # would keep the UI thread from the GIL for its whole length (~100 ms).
            while chunk := cursor.fetchmany(2_000):
                self._ids.update(chunk)
            self._read_up_to = last
        return self._ids

    def size(self) -> int:
        """Bytes the index takes in the database file (0 without SQLite's dbstat)."""
        parts = ("data", "idx", "docsize", "config")
        names = [f"{table}_{part}" for table in (TABLE, CHARS) for part in parts]
        names += [KEYS, f"sqlite_autoindex_{KEYS}_1"]
        total = 0
        try:
            for name in names:  # one name at a time: dbstat then reads only that b-tree
                sql = "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name = ?"
                total += self._db.execute(sql, (name,)).fetchone()[0]
        except sqlite3.OperationalError:
            return 0
        return total


def _where(match: Match, part: str) -> tuple[str, str, list[str]]:
    """The table and WHERE clause for every hit of ``match`` ("all"), the "title" hits (every
    term in the title) or the "rest"; the main table unless every term is one CJK character."""
    if part == "rest" and match.chars is None:
        return TABLE, f"{TABLE} MATCH ?", [f"({match.text}) NOT ({match.title_text})"]
    if part == "rest" and match.text is None:
        return CHARS, f"{CHARS} MATCH ?", [f"({match.chars}) NOT ({match.title_chars})"]
    title = part == "title"
    chars = match.title_chars if title else match.chars
    params: list[str | None]
    if match.text is None:
        assert chars is not None
        table, where, params = CHARS, f"{CHARS} MATCH ?", [chars]
    else:
        table, where = TABLE, f"{TABLE} MATCH ?"
        params = [match.title_text if title else match.text]
        if chars is not None:
            where += f" AND +rowid IN (SELECT rowid FROM {CHARS} WHERE {CHARS} MATCH ?)"
            params.append(chars)
    if part == "rest":  # FTS5's own NOT (above) is 3 times faster than NOT IN
        sub_table, sub_where, sub_params = _where(match, "title")
        where += f" AND +rowid NOT IN (SELECT rowid FROM {sub_table} WHERE {sub_where})"
        params += sub_params
    return table, where, [p for p in params if p is not None]


_UNDATED = 1 << 40
_EARLIEST_MINUTE = -2_208_988_800 // 60  # 1900-01-01: earlier dates count as 1900


def date_key(rowid: int, published: int | None) -> int:
    """The index rowid a document would like: larger is newer, unknown dates oldest.

    Minutes since 1900 when dated, else ``rowid - 2**40`` (among undated documents the one
    added later comes first). ``SearchIndex`` moves a key up to the next free one when two
    documents share a minute, so within a minute the later added counts as newer. Small steps
    between keys keep FTS5's rowid deltas short: at 100,000 generated articles the index is
    16% larger than with insertion-order rowids; with seconds it was 43% larger.
    """
    if published is None:
        return rowid - _UNDATED
    return max(published // 60_000 - _EARLIEST_MINUTE, 0)
