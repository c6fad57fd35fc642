"""Parsing a search box's text: the FTS5 MATCH texts it becomes, and what a viewer highlights."""

from __future__ import annotations

import pytest

from reader.core.library.search_query import (
    Match,
    as_typed,
    match_of,
    parse_query,
    terms_for_highlight,
)


def _text(query: str) -> str | None:
    return match_of(parse_query(query)).text


def test_queries_become_quoted_tokens_only() -> None:
    assert _text("AUKUS协议") == '"aukus" AND "协议"'
    assert _text("G7峰会") == '"g7" AND "峰会"'
    assert _text("网络安全") == '"网络 络安 安全"'
    assert _text("secur*") == '"secur" *'
    assert _text('"New York" 日本') == '"new york" AND "日本"'
    assert _text("\uff21\uff35\uff2b\uff35\uff33") == '"aukus"'  # full-width AUKUS: NFKC
    assert _text('"日本 首相" -x') == '"日本 本 首相" AND "x"'
    assert _text('"x 港"') == '"x 港" *'
    assert _text("港") is None
    assert match_of(parse_query("港 日 Trump")) == Match(
        text='"trump"',
        chars='"港" AND "日"',
        title_text='{title} : ("trump")',
        title_chars='"t港" AND "t日"',
    )


def test_terms_for_highlight_are_literal_segments_words_and_phrases() -> None:
    assert terms_for_highlight('AUKUS协议 "new  York" 港 secur* aukus') == [
        "AUKUS",
        "协议",
        "new York",
        "港",
        "secur",
    ]
    assert terms_for_highlight("“网络 安全”") == ["网络 安全"]
    assert terms_for_highlight('" * -') == []


@pytest.mark.parametrize(
    ("typed", "asked"),
    [
        ("trum", "trum*"),  # the last word as a prefix while it is typed
        ("donald trum", "donald trum*"),
        ("trump ", "trump "),  # a space ends the word
        ("trum*", "trum*"),
        ("日本", "日本"),  # a CJK run is a substring already
        ("AUKUS协议", "AUKUS协议"),
        ("协议AUKUS", "协议AUKUS*"),
        ('"joe bid', '"joe bid'),  # inside an open phrase
        ('"joe biden" sanc', '"joe biden" sanc*'),
        ("“乔 bid", "“乔 bid"),
        ("trump-", "trump-"),
        ("\uff34\uff52\uff55", "\uff34\uff52\uff55*"),  # full-width letters: words (NFKC)
        ("", ""),
    ],
)
def test_as_typed_finds_the_last_word_as_a_prefix(typed, asked):
    assert as_typed(typed) == asked


def test_as_typed_finds_what_the_word_begins():
    query = parse_query(as_typed("secur"))
    assert [t.prefix for t in query.terms] == [True]
