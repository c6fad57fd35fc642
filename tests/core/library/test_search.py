"""Full-text search: exact recall against a brute-force scan, ranking, the CLI, old libraries
(the tokens: test_search_tokens.py; parsing a query: test_search_query.py).

The oracle below restates the definition in reader/core/library/search_query.py's docstring
without the index: CJK terms are plain substring tests, words compare folded units of the text.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shared_paths import ROOT, SEED_FILE, examples, required, shared_path

from reader.core.importing.pipeline import import_paths
from reader.core.library import search
from reader.core.library.search import CJK_RANGES, Page, SearchIndex
from reader.core.library.search_query import match_of, parse_query, terms_for_highlight
from reader.core.library.store import SCHEMA_VERSION, Library
from reader.core.model import Document

PROPERTY = settings(
    max_examples=examples(300),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- the oracle ----------------------------------------------------------------------------


def _is_cjk(char: str) -> bool:
    return any(lo <= ord(char) <= hi for lo, hi in CJK_RANGES)


def _fold(word: str) -> str:
    out = []
    for char in word.casefold():
        parts = unicodedata.normalize("NFD", char)
        latin = 0xC0 <= ord(char) <= 0x24F or 0x1E00 <= ord(char) <= 0x1EFF
        if latin and len(parts) > 1 and all(unicodedata.category(c) == "Mn" for c in parts[1:]):
            char = parts[0]
        out.append(char)
    return "".join(out)


def _units(text: str) -> list[tuple[str, bool]]:
    """(folded word or CJK run, is CJK) for each unit, character by character."""
    units: list[tuple[str, bool]] = []
    run, kind = "", ""
    for char in unicodedata.normalize("NFKC", text) + "\0":
        now = "cjk" if _is_cjk(char) else "word" if unicodedata.category(char)[0] in "LNM" else ""
        if now != kind and run:
            units.append((run, True) if kind == "cjk" else (_fold(run), False))
            run = ""
        kind = now
        if now:
            run += char
    return units


@dataclass(frozen=True)
class Spec:
    """A query term as the test wrote it: a word (maybe a prefix), a CJK run, or a phrase."""

    units: tuple[str, ...]
    prefix: bool = False

    def render(self) -> str:
        if len(self.units) > 1:
            return '"' + " ".join(self.units) + '"'
        return self.units[0] + ("*" if self.prefix else "")


def _field_matches(spec: Spec, field: str) -> bool:
    if len(spec.units) == 1:
        (unit,) = spec.units
        if _is_cjk(unit[0]):
            return unit in unicodedata.normalize("NFKC", field)
        words = [u for u, cjk in _units(field) if not cjk]
        if spec.prefix:
            return any(w.startswith(_fold(unit)) for w in words)
        return _fold(unit) in words
    wanted = [(_fold(u) if not _is_cjk(u[0]) else u, _is_cjk(u[0])) for u in spec.units]
    have = _units(field)
    k = len(wanted)
    for start in range(len(have) - k + 1):
        if all(_unit_fits(wanted[i], have[start + i], i, k) for i in range(k)):
            return True
    return False


def _unit_fits(wanted: tuple[str, bool], have: tuple[str, bool], i: int, k: int) -> bool:
    (w, w_cjk), (h, h_cjk) = wanted, have
    if w_cjk != h_cjk:
        return False
    if not w_cjk or 0 < i < k - 1:
        return w == h
    if i == 0:
        return h.endswith(w)
    return h.startswith(w)


def oracle(docs: Sequence[Document], specs: Sequence[Spec]) -> set[str]:
    return {
        d.id
        for d in docs
        if all(_field_matches(s, d.title) or _field_matches(s, d.text) for s in specs)
    }


def title_hits(docs: Sequence[Document], specs: Sequence[Spec]) -> set[str]:
    return {d.id for d in docs if all(_field_matches(s, d.title) for s in specs)}


# --- generated documents and queries -------------------------------------------------------

CJK = "日本中国网安港全络のアカ한국"  # Han, Hiragana, Katakana, Hangul: matches are frequent
WORDS = [
    "Trump",
    "trump",
    "TRUMP",
    "Café",
    "cafe",
    "CAFÉ",
    "Москва",
    "москва",
    "AUKUS",
    "g7",
    "Straße",
    "news",
    "new",
    "ÉTÉ",
    "york",
    "السلام",
]
SEPARATORS = [
    " ",
    " ",
    "",
    "",
    "\uff0c",
    "。",
    "-",
    "'",
    "\n",
    "“",
    "*",
    ":",
]  # \uff0c: full-width comma

cjk_runs = st.text(alphabet=CJK, min_size=1, max_size=6)
pieces = st.one_of(cjk_runs, st.sampled_from(WORDS))


@st.composite
def texts(draw: st.DrawFn, max_pieces: int = 12) -> str:
    parts = draw(st.lists(st.tuples(pieces, st.sampled_from(SEPARATORS)), max_size=max_pieces))
    return "".join(p + s for p, s in parts)


@st.composite
def documents(draw: st.DrawFn) -> list[Document]:
    count = draw(st.integers(min_value=1, max_value=12))
    docs = []
    for i in range(count):
        published = draw(st.one_of(st.none(), st.integers(0, 2_000_000_000_000)))
        docs.append(_doc(f"d{i:02}", draw(texts(4)), draw(texts()), published))
    return docs


def _cased(word: str, how: int) -> str:
    return (word, word.upper(), word.lower(), word.title())[how]


words = st.builds(_cased, st.sampled_from(WORDS), st.integers(0, 3))


def _fields(docs: Sequence[Document]) -> list[list[tuple[str, bool]]]:
    return [_units(f) for d in docs for f in (d.title, d.text)]


@st.composite
def cjk_specs(draw: st.DrawFn, docs: Sequence[Document], size: int) -> Spec:
    """A CJK term of ``size`` characters (3: 3 to 5), half the time cut from the documents."""
    lo, hi = (size, size) if size < 3 else (3, 5)
    runs = [u for field in _fields(docs) for u, cjk in field if cjk and len(u) >= lo]
    from_docs = draw(st.booleans())
    if runs and from_docs:
        run = draw(st.sampled_from(runs))
        length = draw(st.integers(lo, min(hi, len(run))))
        start = draw(st.integers(0, len(run) - length))
        return Spec((run[start : start + length],))
    return Spec((draw(st.text(alphabet=CJK, min_size=lo, max_size=hi)),))


@st.composite
def word_specs(draw: st.DrawFn, docs: Sequence[Document]) -> Spec:
    """A word in any case, or a prefix ``w*``, half the time one of the documents' words."""
    found = [u for field in _fields(docs) for u, cjk in field if not cjk]
    from_docs = draw(st.booleans())
    word = draw(st.sampled_from(found)) if found and from_docs else draw(words)
    word = _cased(word, draw(st.integers(0, 3)))
    if draw(st.booleans()):
        return Spec((word[: draw(st.integers(1, len(word)))],), prefix=True)
    return Spec((word,))


@st.composite
def phrase_specs(draw: st.DrawFn, docs: Sequence[Document]) -> Spec:
    """2-3 units, half the time consecutive units of a field cut as a phrase may cut them."""
    fields = [f for f in _fields(docs) if len(f) >= 2]
    if not fields or not draw(st.booleans()):
        units = draw(st.lists(st.one_of(cjk_runs, words), min_size=2, max_size=3))
        return Spec(tuple(units))
    field = draw(st.sampled_from(fields))
    k = draw(st.integers(2, min(3, len(field))))
    start = draw(st.integers(0, len(field) - k))
    units = []
    for i, (unit, cjk) in enumerate(field[start : start + k]):
        if not cjk:
            unit = _cased(unit, draw(st.integers(0, 3)))
        elif i == 0:
            unit = unit[draw(st.integers(0, len(unit) - 1)) :]
        elif i == k - 1:
            unit = unit[: draw(st.integers(1, len(unit)))]
        units.append(unit)
    return Spec(tuple(units))


def any_spec(docs: Sequence[Document]) -> st.SearchStrategy[Spec]:
    return st.one_of(*(cjk_specs(docs, n) for n in (1, 2, 3)), word_specs(docs), phrase_specs(docs))


def _doc(doc_id: str, title: str, text: str, published: int | None = None) -> Document:
    return Document(
        doc_id,
        title,
        f"https://example.com/{doc_id}",
        published,
        "example.com",
        f"<p>{text}</p>",
        text,
        "news-mirror",
        "0" * 64,
    )


def _memory_index(docs: Sequence[Document]) -> SearchIndex:
    """A SearchIndex over an in-memory ``documents`` table with the columns it reads."""
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE TABLE documents (id TEXT PRIMARY KEY, title TEXT NOT NULL, text TEXT NOT NULL, "
        "published INTEGER)"
    )
    index = SearchIndex(db)
    index.ensure_schema()
    for d in docs:
        cursor = db.execute(
            "INSERT INTO documents (id, title, text, published) VALUES (?, ?, ?, ?)",
            (d.id, d.title, d.text, d.published),
        )
        assert cursor.lastrowid is not None
        index.add(d.id, cursor.lastrowid, d.published, d.title, d.text)
    return index


def _check(docs: list[Document], specs: Sequence[Spec]) -> None:
    query = " ".join(s.render() for s in specs)
    index = _memory_index(docs)
    found = index.search(query)
    assert len(found) == len(set(found))
    for size in (1, 3):  # a page is the head of the whole list, with the whole count
        assert index.page(query, size) == Page(found[:size], len(found))
    assert set(found) == oracle(docs, specs), (query, match_of(parse_query(query)))
    in_title = title_hits(docs, specs)
    flags = [i in in_title for i in found]
    assert flags == sorted(flags, reverse=True), "title hits come first"


# --- exact recall: property tests -----------------------------------------------------------


@pytest.mark.slow
@PROPERTY
@given(documents(), st.data())
def test_one_cjk_character_finds_every_document_containing_it(
    docs: list[Document], data: st.DataObject
) -> None:
    _check(docs, [data.draw(cjk_specs(docs, 1))])


@PROPERTY
@given(documents(), st.data())
def test_two_cjk_characters_find_every_document_containing_them(
    docs: list[Document], data: st.DataObject
) -> None:
    _check(docs, [data.draw(cjk_specs(docs, 2))])


@pytest.mark.slow
@PROPERTY
@given(documents(), st.data())
def test_longer_cjk_runs_are_exact_substrings(docs: list[Document], data: st.DataObject) -> None:
    _check(docs, [data.draw(cjk_specs(docs, 3))])


@pytest.mark.slow
@PROPERTY
@given(documents(), st.data())
def test_words_match_whole_and_case_insensitively(
    docs: list[Document], data: st.DataObject
) -> None:
    _check(docs, [data.draw(word_specs(docs))])


@pytest.mark.slow
@PROPERTY
@given(documents(), st.data())
def test_phrases_match_consecutive_units(docs: list[Document], data: st.DataObject) -> None:
    _check(docs, [data.draw(phrase_specs(docs))])


@pytest.mark.slow
@PROPERTY
@given(documents(), st.data())
def test_several_terms_must_all_match(docs: list[Document], data: st.DataObject) -> None:
    _check(docs, data.draw(st.lists(any_spec(docs), min_size=2, max_size=4)))


@pytest.mark.slow
@PROPERTY
@given(documents(), st.data())
def test_a_rebuilt_index_answers_the_same(docs: list[Document], data: st.DataObject) -> None:
    index = _memory_index(docs)
    queries = [data.draw(any_spec(docs)).render() for _ in range(3)]
    before = [index.search(q) for q in queries]
    assert index.rebuild() == len(docs)
    assert [index.search(q) for q in queries] == before


@pytest.mark.slow
@PROPERTY
@given(documents(), st.data())
def test_beyond_ranked_hits_title_hits_come_first_then_newest(
    docs: list[Document], data: st.DataObject
) -> None:
    specs = data.draw(st.lists(any_spec(docs), min_size=1, max_size=2))
    query = " ".join(s.render() for s in specs)
    with mock.patch.object(search, "RANKED_HITS", 0):  # every query: the newest-first path
        index = _memory_index(docs)
        found = index.search(query)
        for size in (1, 2):
            assert index.page(query, size) == Page(found[:size], len(found))
    in_title = title_hits(docs, specs)
    key = dict(zip([d.id for d in docs], _keys(docs), strict=True))
    assert found == sorted(oracle(docs, specs), key=lambda i: (i not in in_title, -key[i]))


def _keys(docs: Sequence[Document]) -> list[int]:
    """Keys as the docstring of date_key defines them: minutes since 1900, undated below every
    date and the later added above, a key already taken moved up to the next free one."""
    taken: set[int] = set()
    keys = []
    for rowid, d in enumerate(docs, 1):
        minute = -(2**40) + rowid if d.published is None else d.published // 60_000 + 36_816_480
        while minute in taken:
            minute += 1
        taken.add(minute)
        keys.append(minute)
    return keys


def test_same_minute_later_added_first_and_keys_move_up(library: Library) -> None:
    minute = 60_000
    for doc_id, published in (
        ("a", 5 * minute),
        ("b", 6 * minute + 1),
        ("c", 5 * minute + 59_999),
        ("d", None),
        ("e", None),
    ):
        library.add(_doc(doc_id, "标题", "同样的内容", published), doc_id.encode())
    # c shares a's minute, moves up to b's, then past it: newest first is c, b, a.
    with mock.patch.object(search, "RANKED_HITS", 0):
        assert library.search("内容") == ["c", "b", "a", "e", "d"]
    assert library.search("内容") == ["c", "b", "a", "e", "d"]  # equal bm25: same order


_SYNTAX = [
    '"',
    "*",
    ":",
    "^",
    "(",
    ")",
    "-",
    "+",
    "NEAR",
    "AND",
    "OR",
    "NOT",
    "{",
    "}",
    "'",
    '""',
    "“",
    "”",
    "\\",
    "NEAR(",
    "title:",
    "{title}:",
    "\0",
    "\ud800",
]


@pytest.mark.slow
@PROPERTY
@given(
    documents(),
    st.lists(
        st.one_of(st.sampled_from(_SYNTAX), st.text(max_size=5), st.sampled_from(WORDS), cjk_runs),
        max_size=8,
    ),
)
def test_no_query_raises(docs: list[Document], parts: list[str]) -> None:
    query = "".join(parts)
    parse_query(query)
    terms_for_highlight(query)
    assert isinstance(_memory_index(docs).search(query, limit=5), list)


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"unbalanced',
        'a"b"c"',
        "***",
        "*",
        "-",
        "NEAR(a b)",
        "AND",
        "a OR b",
        "title:x",
        "^x",
        "(x",
        '"" ""',
        "“”",
        "日本*",
        "-日本",
        "NOT 港",
        "{body}: 港",
        "",
        "   ",
    ],
)
def test_fts5_syntax_in_a_query_is_only_text(query: str) -> None:
    docs = [_doc("a", "AND OR NEAR title x", "日本 港 body a b c unbalanced")]
    found = _memory_index(docs).search(query)
    assert found in ([], ["a"])


# --- the news corpus -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def news_library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    news, seed = shared_path("corpus", "news"), required(SEED_FILE)
    library = Library(tmp_path_factory.mktemp("search-news"))
    results = list(import_paths(library, [news, seed]))
    assert all(r.status == "added" for r in results)
    yield library
    library.close()


@pytest.mark.parametrize(
    ("query", "at_least"),
    [
        ("日本", 2),
        ("网络安全", 1),
        ("奥库斯", 1),
        ("中国", 20),
        ("港", 5),
        ("的", 60),
        ("Trump", 2),
        ("covid", 1),
        ("习近平", 1),
    ],
)
def test_corpus_search_finds_exactly_what_a_scan_finds(
    news_library: Library, query: str, at_least: int
) -> None:
    docs = [news_library.get(i) for i in news_library.ids()]
    expected = oracle([d for d in docs if d is not None], [Spec((query,))])
    assert len(expected) >= at_least, "the corpus should hold this query"
    assert sorted(news_library.search(query)) == sorted(expected)
    assert news_library.search(query, limit=1) == news_library.search(query)[:1]


# --- ranking ---------------------------------------------------------------------------------


def test_a_title_hit_ranks_above_a_body_only_hit(library: Library) -> None:
    body = _doc("body", "无关标题", "港口 " * 20, 2_000)
    title = _doc("title", "香港新闻", "别的内容", 1_000)
    for d in (body, title):
        library.add(d, b"x")
    assert library.search("港") == ["title", "body"]
    assert library.search("港口") == ["body"]


def test_equal_relevance_ranks_newer_first_and_undated_last(library: Library) -> None:
    minute = 60_000
    for doc_id, published in (
        ("old", minute),
        ("none", None),
        ("new", 3 * minute),
        ("mid", 2 * minute),
    ):
        library.add(_doc(doc_id, "标题", "网络安全 news", published), doc_id.encode())
    assert library.search("网络安全") == ["new", "mid", "old", "none"]
    assert library.search("news", limit=2) == ["new", "mid"]


def test_more_occurrences_rank_higher_within_body_hits(library: Library) -> None:
    library.add(_doc("once", "a", "日本 " + "其他内容 " * 10, 2_000), b"1")
    library.add(_doc("often", "b", "日本 " * 10 + "其他内容", 1_000), b"2")
    assert library.search("日本") == ["often", "once"]


# --- the library ------------------------------------------------------------------------------


def test_added_documents_are_searchable_from_another_connection(library: Library) -> None:
    library.add(_doc("a1", "Old news", "日本的港口"), b"a")
    other = Library(library.root)
    try:
        assert other.search("港") == ["a1"]
        assert other.row("a1").title == "Old news"
    finally:
        other.close()


def test_a_version_1_library_is_indexed_when_opened(tmp_path: Path) -> None:
    root = tmp_path / "data"
    library = Library(root)
    library.add(_doc("a1", "奥库斯协议", "日本参与"), b"a")
    library.add(_doc("b2", "Other", "nothing here"), b"b")
    library.close()
    db = sqlite3.connect(root / "library.sqlite3")  # what a version 1 library looked like
    with db:
        for (name,) in db.execute(
            "SELECT name FROM sqlite_schema WHERE sql LIKE 'CREATE VIRTUAL TABLE%'"
        ).fetchall():
            db.execute(f"DROP TABLE {name}")
        db.execute("PRAGMA user_version=1")
    db.close()
    library = Library(root)
    try:
        assert library.search("奥库斯") == ["a1"]
        assert library.search("参") == ["a1"]
        assert library.search("nothing") == ["b2"]
    finally:
        library.close()
    db = sqlite3.connect(root / "library.sqlite3")
    try:
        assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        assert db.execute("SELECT count(*) FROM search_chars").fetchone() == (2,)
    finally:
        db.close()


# --- the command line -------------------------------------------------------------------------


def _run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "READER_DATA_DIR")
    }
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "reader", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def test_cli_search_prints_list_objects_best_first(tmp_path: Path) -> None:
    data = tmp_path / "data"
    library = Library(data)
    library.add(_doc("a1", "日本的消息", "港口", 1_602_539_203_000), b"a")
    library.add(_doc("b2", "其他", "日本 news", 1_702_539_203_000), b"b")
    library.close()
    done = _run(data, "search", "日本", "--json")
    assert done.returncode == 0, done.stderr
    items = json.loads(done.stdout)
    assert [i["title"] for i in items] == ["日本的消息", "其他"]  # the title hit first
    assert set(items[0]) == {
        "id",
        "title",
        "url",
        "published",
        "source",
        "read",
        "archived",
        "note",
    }
    limited = _run(data, "search", "日本", "--limit", "1", "--json")
    assert [i["title"] for i in json.loads(limited.stdout)] == ["日本的消息"]
    plain = _run(data, "search", "NEWS")
    assert plain.returncode == 0
    assert "其他" in plain.stdout
    assert "日本的消息" not in plain.stdout
    assert json.loads(_run(data, "search", '"unbalanced (', "--json").stdout) == []


@pytest.mark.parametrize("query", ["", "   ", "***"])
def test_cli_search_without_anything_to_find_is_a_usage_error(tmp_path: Path, query: str) -> None:
    done = _run(tmp_path / "data", "search", query)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
