"""Reading time: CJK at ~400 characters a minute, alphabetic text at ~230 words a minute,
mixed text counted both ways."""

from __future__ import annotations

from reader.core.page.text import reading_minutes


def test_cjk_is_counted_by_characters() -> None:
    assert reading_minutes("中" * 4000) == 10
    assert reading_minutes("中文\uff0c" * 2000) == 10  # punctuation is not read as characters
    assert reading_minutes("日本語のテキスト" * 500) == 10  # kana and kanji alike
    assert reading_minutes("한국어" * 1334) == 11


def test_alphabetic_text_is_counted_by_words() -> None:
    assert reading_minutes("word " * 2300) == 10
    assert reading_minutes("слово " * 2300) == 10
    assert reading_minutes("كلمة " * 2300) == 10


def test_mixed_text_adds_both() -> None:
    assert reading_minutes("中" * 2000 + " word" * 1150) == 10
    assert reading_minutes("中文 word " * 1000) == 10  # 2000/400 + 1000/230 = 9.35


def test_short_and_empty() -> None:
    assert reading_minutes("一句话。") == 1
    assert reading_minutes("  \n ") == 0
