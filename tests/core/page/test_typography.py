"""Typography from the preferences: fonts with fallbacks for CJK, Arabic and Cyrillic, the
measure in characters (CJK-aware), line height, paragraph spacing, justification only when
asked, CJK never letter-spaced, titles tight."""

from __future__ import annotations

import re

import pytest

from reader.core.page.render import justify_paragraphs, page_style
from reader.core.page.typography import Typography, css_families


@pytest.mark.parametrize("family", ["serif", "sans", "Libertinus Serif"])
def test_every_font_choice_falls_back_to_cjk_arabic_and_cyrillic(family: str) -> None:
    families = Typography(family=family).families
    if family not in ("serif", "sans"):
        assert families[0] == family
    cjk = {"Noto Serif CJK SC", "Noto Sans CJK SC"}
    assert cjk & set(families)
    assert any("Arabic" in f for f in families) or "DejaVu Sans" in families
    assert {"Noto Serif", "Noto Sans", "DejaVu Serif", "DejaVu Sans"} & set(families)  # Cyrillic
    style = page_style(typography=Typography(family=family))
    assert re.search(r'body \{ font-family: "[^;]*CJK SC[^;]*(serif|sans-serif);', style)


def test_serif_and_sans_start_with_their_cjk_face() -> None:
    assert Typography(family="serif").families[0] == "Noto Serif CJK SC"
    assert Typography(family="sans").families[0] == "Noto Sans CJK SC"
    assert page_style(typography=Typography(family="sans")).count("sans-serif") >= 1


def test_the_measure_counts_latin_characters_and_cjk_as_two() -> None:
    assert Typography(measure=80).measure_em == 40  # ~80 Latin or ~40 CJK characters
    assert Typography(measure=60).measure_em == 30


def test_line_height_and_paragraph_spacing_reach_the_page() -> None:
    style = page_style(typography=Typography(line_height=1.6, paragraph_spacing=1.5))
    assert "line-height: 160%" in style
    assert "margin-bottom: 1.5em" in style
    assert re.search(r"h1\.title \{[^}]*line-height: 100%", style)  # titles tight


def test_cjk_is_never_letter_spaced() -> None:
    for typography in (Typography(), Typography(justify=True, family="sans")):
        style = page_style(typography=typography)
        assert "letter-spacing" not in style
        assert "word-spacing" not in style


def test_paragraphs_are_justified_only_when_asked() -> None:
    html = '<p>一</p><p dir="rtl">二</p><p class="meta">x</p><pre>p</pre><param>'
    assert 'align="justify"' not in page_style(typography=Typography())
    justified = justify_paragraphs(html)
    assert justified.count('align="justify"') == 2
    assert '<p class="meta">' in justified
    assert "<pre>" in justified


def test_a_font_name_cannot_break_out_of_the_style() -> None:
    value = css_families(('Evil"; } body { color: red } </style><script>', "Noto Sans"), "serif")
    assert value.count('"') == 4
    assert "}" not in value
    assert "<" not in value
    assert value.endswith(", serif")
