"""The article page as laid out in the viewer: wide content stays inside the page, tables
have rules, a wrapped title reads as one heading."""

from __future__ import annotations

from documents import make_doc
from PySide6.QtGui import QFontInfo

from reader.ui.reading.viewer import ArticleView

LONG_TITLE = "哈里斯竞选搭档沃尔兹的多面人生前橄榄球教练和国民警卫队队员及执教中国的更多经历"


def _shown(qtbot, body: str, title: str = "A title") -> ArticleView:
    doc = make_doc(title=title, html=body, text="text")
    view = ArticleView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    view.show_document(doc)
    qtbot.waitUntil(lambda: not view.loading)
    qtbot.wait(20)
    return view


def test_a_long_pre_line_or_wide_table_never_scrolls_the_page_sideways(qtbot):
    body = (
        "<p>段落。</p><pre>" + "x" * 3000 + "</pre>"
        "<table><tr><td>" + "1234567890" * 50 + "</td><td>b</td></tr></table>"
    )
    view = _shown(qtbot, body)
    assert view.horizontalScrollBar().maximum() == 0
    assert "x" * 3000 in view.document().toPlainText().replace("\n", "").replace("\u2028", "")


def test_table_cells_have_rules(qtbot):
    view = _shown(qtbot, "<table><tr><td>1.5</td><td>2.5</td></tr></table>")
    table = view.document().find("1.5").currentTable()
    assert table is not None
    cell = table.cellAt(0, 0).format().toTableCellFormat()
    assert (cell.leftBorder(), cell.topBorder(), cell.rightBorder(), cell.bottomBorder()) == (
        1.0,
        1.0,
        1.0,
        1.0,
    )
    assert table.format().borderCollapse()


def test_a_wrapped_title_keeps_its_lines_close(qtbot):
    """The title's lines at the font's own line spacing (was 130% of it: ~1.9 em for CJK,
    which read as two headings)."""
    view = _shown(qtbot, "<p>正文。</p>", title=LONG_TITLE)
    block = view.document().firstBlock()
    layout = block.layout()
    assert layout.lineCount() >= 2
    spacing = layout.lineAt(1).y() - layout.lineAt(0).y()
    em = QFontInfo(block.charFormat().font()).pixelSize()
    assert spacing <= 1.5 * em
