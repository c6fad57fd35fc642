"""The page in a theme and typography (ArticleView.set_look): colours, font, measure, line
height, paragraph spacing, justification; set again live, where the reader was; the star in
the header."""

from __future__ import annotations

import pytest
from documents import make_doc
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo, QPalette, QTextCharFormat, QTextCursor

from reader.core.model import Document
from reader.core.page.pieces import is_big
from reader.core.page.theme import DARK, LIGHT, SEPIA
from reader.core.page.typography import Typography
from reader.ui.reading.viewer import ArticleView

BODY = (
    "".join(
        f"<p>第{i}段。网络安全是国家安全的重要组成部分\uff0c<a href='https://example.org/{i}'>链接</a>。</p>"
        for i in range(120)
    )
    + "<figure><span class='sr-media'>[Image]</span><figcaption>图片说明</figcaption></figure>"
)


def _doc(body: str = BODY) -> Document:
    return make_doc(html=body)


@pytest.fixture
def view(qtbot) -> ArticleView:
    view = ArticleView()
    qtbot.addWidget(view)
    view.resize(800, 500)
    view.show()
    qtbot.waitExposed(view)
    view.show_document(_doc())
    qtbot.waitUntil(lambda: not view.loading)
    qtbot.wait(20)  # (laid out at its size)
    return view


def _colour_of(view: ArticleView, text: str) -> str:
    cursor = view.document().find(text)
    assert not cursor.isNull(), text
    return cursor.charFormat().foreground().color().name()


@pytest.mark.parametrize("theme", [LIGHT, SEPIA, DARK], ids=lambda t: t.name)
def test_the_page_takes_the_theme_s_colours(qtbot, view: ArticleView, theme) -> None:
    view.set_look(theme, Typography())
    assert view.palette().color(QPalette.ColorRole.Base).name() == theme.background
    assert view.palette().color(QPalette.ColorRole.Highlight).name() == theme.selection
    assert view.palette().color(QPalette.ColorRole.HighlightedText).name() == theme.selection_text
    assert _colour_of(view, "网络安全") == theme.text
    assert _colour_of(view, "链接") == theme.link
    assert _colour_of(view, "[Image]") == theme.secondary
    assert _colour_of(view, "图片说明") == theme.secondary
    assert _colour_of(view, "min read") == theme.secondary  # the meta line


def test_search_marks_take_the_theme_s_highlight(qtbot, view: ArticleView) -> None:
    view.set_look(DARK, Typography())
    assert view.highlight(["网络"], scroll=False) > 0  # (no current match: all alike)
    assert _mark_colours(view) == (DARK.highlight, DARK.highlight_text)
    view.set_look(SEPIA, Typography())  # set again: marks kept, in the new colours
    assert _mark_colours(view) == (SEPIA.highlight, SEPIA.highlight_text)


def _mark_colours(view: ArticleView) -> tuple[str, str]:
    selections = view.extraSelections()
    assert selections
    mark = QTextCharFormat(selections[0].format)
    return mark.background().color().name(), mark.foreground().color().name()


def test_a_new_look_keeps_the_reader_s_place(qtbot, view: ArticleView) -> None:
    bar = view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    view.set_scroll_share(0.6)
    before = view.scroll_share()
    view.set_look(SEPIA, Typography(line_height=1.8, size=16))
    qtbot.waitUntil(lambda: not view.loading)
    qtbot.wait(30)
    assert view.scroll_share() == pytest.approx(before, abs=0.02)
    assert bar.value() > 0


def test_font_size_line_height_and_paragraph_spacing(qtbot, view: ArticleView) -> None:
    view.set_look(LIGHT, Typography(size=18, line_height=1.75, paragraph_spacing=2.0))
    assert view.document().defaultFont().pointSize() == 18
    block = view.document().find("网络安全").block()
    fmt = block.blockFormat()
    assert fmt.lineHeight() == 175
    em = QFontInfo(view.document().defaultFont()).pixelSize()
    assert fmt.bottomMargin() == pytest.approx(2.0 * em, abs=1)
    view.zoom(2)  # the spacing grows with the text
    assert view.document().defaultFont().pointSize() == 20
    assert view.text_size_percent == round(100 * 20 / 18)
    em = QFontInfo(view.document().defaultFont()).pixelSize()
    spacing = view.document().find("网络安全").block().blockFormat().bottomMargin()
    assert spacing == pytest.approx(2.0 * em, abs=1)


def test_the_measure_sets_the_column(qtbot, view: ArticleView) -> None:
    view.resize(1400, 600)
    qtbot.wait(10)

    def column() -> float:
        frame = view.document().rootFrame().frameFormat()
        return view.viewport().width() - frame.leftMargin() - frame.rightMargin()

    em = QFontInfo(view.document().defaultFont()).pixelSize()
    view.set_look(LIGHT, Typography(measure=60))
    assert column() == pytest.approx(30 * em, abs=2)
    view.set_look(LIGHT, Typography(measure=100))
    assert column() == pytest.approx(50 * em, abs=2)


def test_justified_only_when_asked_and_cjk_never_letter_spaced(qtbot, view: ArticleView) -> None:
    def alignment() -> Qt.AlignmentFlag:
        return view.document().find("网络安全").block().blockFormat().alignment()

    assert not alignment() & Qt.AlignmentFlag.AlignJustify
    view.set_look(LIGHT, Typography(justify=True))
    assert alignment() & Qt.AlignmentFlag.AlignJustify
    title = view.document().firstBlock()
    assert not title.blockFormat().alignment() & Qt.AlignmentFlag.AlignJustify
    block = view.document().begin()
    while block.isValid():
        cursor = QTextCursor(block)
        cursor.movePosition(QTextCursor.MoveOperation.Right)  # (the first character's format)
        font = cursor.charFormat().font()
        assert font.letterSpacing() == 0
        assert font.wordSpacing() == 0
        block = block.next()


def test_the_font_family_with_its_fallbacks(qtbot, view: ArticleView) -> None:
    view.set_look(LIGHT, Typography(family="sans"))
    assert view.document().defaultFont().families()[0] == "Noto Sans CJK SC"
    assert "Noto Sans CJK SC" in view.document().defaultStyleSheet()
    view.set_look(LIGHT, Typography(family="DejaVu Serif"))
    families = view.document().defaultFont().families()
    assert families[0] == "DejaVu Serif"
    assert "Noto Serif CJK SC" in families


def test_the_star_comes_and_goes_where_the_reader_is(qtbot, view: ArticleView) -> None:
    bar = view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum() // 2)
    before = bar.value()
    assert "★" not in view.document().firstBlock().next().text()
    view.set_header(None, True)
    qtbot.wait(30)
    assert "★" in view.document().firstBlock().next().text()
    assert abs(bar.value() - before) <= 2
    view.set_header(None, False)
    qtbot.wait(30)
    assert "★" not in view.document().firstBlock().next().text()
    assert abs(bar.value() - before) <= 2


def test_zooming_a_long_article_does_not_prepare_it_again(qtbot, view: ArticleView) -> None:
    long = "".join(f"<p>第{i}段。网络安全是国家安全的重要组成部分。</p>" for i in range(8000))
    assert is_big(_doc(long))
    view.show_document(_doc(long))
    qtbot.waitUntil(lambda: not view.loading, timeout=20000)
    view.zoom(2)
    assert not view.loading  # the font grew in place
    assert view.document().defaultFont().pointSize() == Typography().size + 2
