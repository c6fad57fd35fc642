"""Links in text (``reader.core.formats.linkify``): where a bare URL or address ends."""

# ruff: noqa: RUF001 (full-width CJK punctuation is what these tests are about)

from __future__ import annotations

import pytest

from reader.core.formats.linkify import find_links


@pytest.mark.parametrize(
    ("text", "linked"),
    [
        ("详见https://www.rfi.fr/cn/国际/20240303，好的", "https://www.rfi.fr/cn/国际/20240303"),
        ("（来源：https://example.org/a）", "https://example.org/a"),
        ("(see https://example.org/a).", "https://example.org/a"),
        ('"https://example.org/q?x=1"', "https://example.org/q?x=1"),
        ("联系jane@example.org。", "jane@example.org"),
    ],
)
def test_a_url_ends_where_the_sentence_goes_on(text: str, linked: str) -> None:
    assert [link.text for link in find_links(text)] == [linked]
