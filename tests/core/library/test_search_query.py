"""Parsing a search box's text: the FTS5 MATCH texts it becomes, and what a viewer highlights."""

from __future__ import annotations

from reader.core.library.search_query import Match, match_of, parse_query, terms_for_highlight


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
