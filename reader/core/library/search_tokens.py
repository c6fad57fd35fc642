"""The search's tokens: what is CJK, what is a word, how words fold, and the space-separated
tokens a document's title and text are stored as (what a query matches: search_query.py's
docstring; how the tables hold the tokens: search.py's)."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
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


@dataclass(frozen=True, slots=True)
class Unit:
    """A CJK run, or a word (``text`` folded); ``shown`` is how the query wrote it."""

    text: str
    cjk: bool
    shown: str


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
    patterns = char_patterns(astral)
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


def units_of(text: str) -> Iterator[Unit]:
    """The units of NFKC-normalized text."""
    for m in char_patterns().units.finditer(text):
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
def char_patterns(astral: bool = True) -> _Patterns:
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
    return re.compile(f"({char_patterns(astral).cjk_runs.pattern})")


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
