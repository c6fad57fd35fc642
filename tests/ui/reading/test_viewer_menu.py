"""The article's context menu (issue 11): Copy, Copy Link, Open Link (web and mail links
only), Search for Selection, Select All."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QContextMenuEvent, QGuiApplication, QTextCursor
from PySide6.QtWidgets import QApplication, QMenu, QTextBrowser

from reader.ui.reading.menu import ViewerActions, ViewerMenu, selection_query, viewer_menu

PAGE = (
    "<p>Intro text here. <a href='https://example.org/a?b=1'>web link</a> then "
    "<a href='javascript:alert(1)'>script link</a> and <a href='reader:open'>open files</a> "
    "and <a href='#notes'>see notes</a> and <a href='mailto:jane@example.org'>mail me</a>.</p>"
    "<p>香港 &amp; <b>网络安全</b> second paragraph</p>"
)


class Calls:
    def __init__(self) -> None:
        self.opened: list[str] = []
        self.searched: list[str] = []

    def actions(self) -> ViewerActions:
        return ViewerActions(open_link=self.opened.append, search=self.searched.append)


def browser(qtbot) -> QTextBrowser:
    view = QTextBrowser()
    qtbot.addWidget(view)
    view.resize(900, 400)
    view.setHtml(PAGE)
    view.show()
    return view


def point_of(view: QTextBrowser, text: str) -> QPoint:
    """Viewport coordinates of the middle of ``text``'s first character."""
    found = view.document().find(text)
    assert not found.isNull()
    cursor = QTextCursor(view.document())
    cursor.setPosition(found.selectionStart() + 1)
    return view.cursorRect(cursor).center()


def texts(menu: QMenu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def entry(menu: QMenu, text: str):
    return next(a for a in menu.actions() if a.text() == text)


def test_a_web_link_can_be_copied_and_opened(qtbot):
    view, calls = browser(qtbot), Calls()
    menu = viewer_menu(view, point_of(view, "web link"), calls.actions())
    assert texts(menu) == ["Copy &Link", "&Open Link", "Select &All"]
    entry(menu, "&Open Link").trigger()
    assert calls.opened == ["https://example.org/a?b=1"]
    entry(menu, "Copy &Link").trigger()
    assert QGuiApplication.clipboard().text() == "https://example.org/a?b=1"
    mail = viewer_menu(view, point_of(view, "mail me"), calls.actions())
    entry(mail, "&Open Link").trigger()
    assert calls.opened[-1] == "mailto:jane@example.org"


def test_only_web_and_mail_links_are_offered_to_open(qtbot):
    view, calls = browser(qtbot), Calls()
    script = viewer_menu(view, point_of(view, "script link"), calls.actions())
    assert texts(script) == ["Copy &Link", "Select &All"]  # copied, never opened
    for inner in ("open files", "see notes", "Intro text"):  # reader:, #..., no link
        assert texts(viewer_menu(view, point_of(view, inner), calls.actions())) == ["Select &All"]
    assert calls.opened == []


def test_a_selection_can_be_copied_and_searched_for(qtbot):
    view, calls = browser(qtbot), Calls()
    found = view.document().find("网络安全")
    view.setTextCursor(found)
    menu = viewer_menu(view, QPoint(5, 5), calls.actions())
    assert texts(menu) == ["&Copy", "Search for “网络安全”", "Select &All"]
    entry(menu, "&Copy").trigger()
    assert QGuiApplication.clipboard().text() == "网络安全"
    entry(menu, "Search for “网络安全”").trigger()
    assert calls.searched == ["网络安全"]


def test_select_all_selects_the_article(qtbot):
    view, calls = browser(qtbot), Calls()
    entry(viewer_menu(view, QPoint(5, 5), calls.actions()), "Select &All").trigger()
    assert "second paragraph" in view.textCursor().selectedText()


def test_a_selection_is_searched_as_one_line_and_shown_as_plain_text(qtbot):
    assert selection_query("a\u2029b\n  c") == "a b c"
    assert len(selection_query("长" * 500)) == 100
    view, calls = browser(qtbot), Calls()
    view.setHtml("<p>Tom &amp;&amp; <i>Jerry</i> &lt;b&gt;bold&lt;/b&gt; and a very long tail</p>")
    view.selectAll()
    menu = viewer_menu(view, QPoint(5, 5), calls.actions())
    search = next(a for a in menu.actions() if a.objectName() == "search_selection")
    assert search.text().startswith("Search for “Tom &&&& Jerry <b>bold")  # & not a mnemonic
    search.trigger()
    assert calls.searched == ["Tom && Jerry <b>bold</b> and a very long tail"]


# (offscreen: a popup cannot be raised nor grab the keyboard)
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")
def test_the_menu_replaces_qts_own(qtbot):
    view, calls = browser(qtbot), Calls()
    installed = ViewerMenu(view, calls.actions())
    view.customContextMenuRequested.emit(point_of(view, "web link"))
    assert installed.shown is not None
    assert "&Open Link" in texts(installed.shown)
    installed.shown.close()


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")
def test_the_keyboards_menu_key_opens_the_menu_at_the_text_cursor(qtbot):
    view, calls = browser(qtbot), Calls()
    installed = ViewerMenu(view, calls.actions())
    on_link = QTextCursor(view.document())
    on_link.setPosition(view.document().find("web link").selectionStart() + 2)
    view.setTextCursor(on_link)  # in the link, nothing selected
    asked = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, QPoint(1, 1), QPoint(1, 1))
    QApplication.sendEvent(view, asked)
    assert installed.shown is not None
    assert texts(installed.shown) == ["Copy &Link", "&Open Link", "Select &All"]
