"""Links on the reader's terms (issue 12): shown, said on hover, copied and opened without
their tracking parameters (unless the preference keeps them), and a link to another article
in the library opens it in the app."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import QTextBrowser

from reader.ui.reading.menu import copyable_link

ONE = "https://news.example.com/2024/one.html?utm_source=twitter&id=1&fbclid=IwAR0"
TWO = "https://news.example.com/2024/two.html?id=2"
TWO_TRACKED = "http://news.example.com/2024/two.html?utm_source=feed&id=2&spm=a2c.1"
ELSEWHERE = "https://elsewhere.example/x?spm=a1.b2&q=%E4%B8%AD%E5%9B%BD&utm_medium=email#part"


def _amp(url: str) -> str:
    return url.replace("&", "&amp;")


def _files(write_file, mirror):
    one = write_file(
        "one.md",
        mirror(
            "第一篇 One",
            ONE,
            f'<p>Read <a href="{_amp(TWO_TRACKED)}">the second story</a> and '
            f'<a href="{_amp(ELSEWHERE)}">another site</a>.</p>',
            published="1700000000000",
        ),
    )
    two = write_file("two.md", mirror("第二篇 Two", TWO, "<p>The second.</p>", "1600000000000"))
    return [one, two]


def _open(qtbot, window, title: str) -> str:
    doc_id = next(i for i in window.model.ids() if window.library.row(i).title == title)
    window.select_document(doc_id)
    qtbot.waitUntil(lambda: not window.viewer.loading)
    return doc_id


def _hrefs(view: QTextBrowser) -> dict[str, str]:
    """Each link's text and target, as the page on screen has them."""
    found: dict[str, str] = {}
    block = view.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            href = fragment.charFormat().anchorHref()
            if href:
                found[fragment.text().replace("\xa0", " ")] = href  # (a no-break space)
            it += 1
        block = block.next()
    return found


def _point(view: QTextBrowser, text: str):
    found = view.document().find(text)
    assert not found.isNull()
    cursor = QTextCursor(view.document())
    cursor.setPosition(found.selectionStart() + 2)
    return view.cursorRect(cursor).center()


def test_links_are_shown_copied_and_opened_without_trackers(
    qtbot, make_window, opened, write_file, mirror
):
    window = make_window(_files(write_file, mirror))
    one = _open(qtbot, window, "第一篇 One")
    hrefs = _hrefs(window.viewer)
    assert hrefs["another site"] == "https://elsewhere.example/x?q=%E4%B8%AD%E5%9B%BD#part"
    assert hrefs["Open original"] == "https://news.example.com/2024/one.html?id=1"
    assert window.library.get(one).html.count("utm_") == 2  # the stored article keeps them
    # Hovered: the real, stripped target in the status bar.
    window.viewer.highlighted.emit(QUrl(hrefs["another site"]))
    assert window.statusBar().currentMessage() == hrefs["another site"]
    # Copied from the article's menu, opened by a click and by O.
    assert (
        copyable_link(window.viewer.anchorAt(_point(window.viewer, "another site")))
        == (hrefs["another site"])
    )
    window.viewer.link_activated.emit(QUrl(hrefs["another site"]))
    window.actions_by_id["article.open_original"].trigger()
    assert opened.urls == [hrefs["another site"], "https://news.example.com/2024/one.html?id=1"]


def test_a_rows_menu_copies_and_opens_the_link_without_trackers(
    qtbot, make_window, opened, write_file, mirror
):
    window = make_window(_files(write_file, mirror))
    one = _open(qtbot, window, "第一篇 One")
    assert window.context.url_of(one) == "https://news.example.com/2024/one.html?id=1"
    window.reading.open_external(ONE)  # (every opener strips, not only the page's links)
    assert opened.urls == ["https://news.example.com/2024/one.html?id=1"]


def test_the_preference_keeps_them_live(qtbot, make_window, opened, write_file, mirror):
    window = make_window(_files(write_file, mirror))
    one = _open(qtbot, window, "第一篇 One")
    assert "utm_" not in window.viewer.toHtml()
    window.viewer.verticalScrollBar().setValue(0)
    window.prefs.set("keep_tracking_parameters", True)
    window.panes.apply_preferences()  # (what the dialog calls)
    qtbot.waitUntil(lambda: not window.viewer.loading)
    assert _hrefs(window.viewer)["another site"] == ELSEWHERE
    assert window.context.url_of(one) == ONE
    window.actions_by_id["article.open_original"].trigger()
    assert opened.urls == [ONE]
    window.prefs.set("keep_tracking_parameters", False)
    window.panes.apply_preferences()
    qtbot.waitUntil(lambda: not window.viewer.loading)
    assert "utm_" not in _hrefs(window.viewer)["another site"]


def test_a_link_to_an_article_in_the_library_opens_it_here(
    qtbot, make_window, opened, write_file, mirror
):
    window = make_window(_files(write_file, mirror))
    one = _open(qtbot, window, "第一篇 One")
    two = next(i for i in window.model.ids() if i != one)
    link = _hrefs(window.viewer)["the second story"]
    assert link == "http://news.example.com/2024/two.html?id=2"  # (another spelling of TWO)
    window.viewer.highlighted.emit(QUrl(link))
    said = window.statusBar().currentMessage()
    assert said.startswith("Opens in Saved Reader: 第二篇 Two")
    assert link in said
    window.viewer.link_activated.emit(QUrl(link))
    qtbot.waitUntil(lambda: window.current_id == two)
    assert opened.urls == []  # no browser
    assert window.sidebar.current_id() == two
    # The article's own link ("Open original") still goes to the browser.
    own = _hrefs(window.viewer)["Open original"]
    window.viewer.highlighted.emit(QUrl(own))
    assert window.statusBar().currentMessage() == own
    window.viewer.link_activated.emit(QUrl(own))
    assert opened.urls == [own]
    assert window.current_id == two


def test_a_link_to_an_article_behind_a_filter_still_opens_it(
    qtbot, make_window, opened, write_file, mirror
):
    window = make_window(_files(write_file, mirror))
    _open(qtbot, window, "第一篇 One")
    window.sidebar.filter.insert("第一篇")
    qtbot.waitUntil(lambda: len(window.model.ids()) == 1)
    window.viewer.link_activated.emit(QUrl(_hrefs(window.viewer)["the second story"]))
    qtbot.waitUntil(lambda: window.library.row(window.current_id).title == "第二篇 Two")
    assert opened.urls == []


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing|propagateSizeHints)")
def test_copy_link_of_a_row_is_untracked_in_the_clipboard(
    qtbot, make_window, opened, write_file, mirror
):
    window = make_window(_files(write_file, mirror))
    one = _open(qtbot, window, "第一篇 One")
    row = window.model.ids().index(one)
    rect = window.sidebar.list.visualRect(window.model.index(row, 0))
    window.sidebar.list.customContextMenuRequested.emit(rect.center())
    menu = window.context.list_menus.shown
    assert menu is not None
    next(a for a in menu.actions() if a.text() == "Copy &Link").trigger()
    assert QGuiApplication.clipboard().text() == "https://news.example.com/2024/one.html?id=1"


def test_the_preferences_dialog_has_the_choice_and_applies_it_at_once(
    qtbot, make_window, write_file, mirror
):
    window = make_window(_files(write_file, mirror))
    _open(qtbot, window, "第一篇 One")
    window.actions_by_id["view.preferences"].trigger()
    dialog = window.preferences_dialog
    qtbot.waitUntil(dialog.isVisible)
    box = dialog.keep_tracking
    assert not box.isChecked()
    assert "tracking parameters" in box.text()
    box.setChecked(True)
    qtbot.waitUntil(lambda: not window.viewer.loading)
    assert window.prefs.keep_tracking_parameters
    assert _hrefs(window.viewer)["another site"] == ELSEWHERE
    assert '"keep_tracking_parameters": true' in window.prefs.path.read_text(encoding="utf-8")
    box.setChecked(False)
    qtbot.waitUntil(lambda: not window.viewer.loading)
    assert "utm_" not in _hrefs(window.viewer)["another site"]
    dialog.close()


def test_a_long_articles_pieces_lose_their_trackers_too(qtbot, make_window, write_file, mirror):
    """A long article is set a piece at a time (pieces.py): each piece's links are stripped."""
    paragraphs = "".join(
        f"<p>第{n}段 paragraph {n} {'文字' * 200} "
        f'<a href="https://elsewhere.example/{n}?utm_source=s&amp;n={n}">link {n}</a></p>'
        for n in range(400)
    )
    long = write_file("long.md", mirror("Long 长文", "https://news.example.com/long", paragraphs))
    window = make_window([long])
    _open(qtbot, window, "Long 长文")
    hrefs = _hrefs(window.viewer)
    assert hrefs["link 0"] == "https://elsewhere.example/0?n=0"
    assert hrefs["link 399"] == "https://elsewhere.example/399?n=399"
    assert not [h for h in hrefs.values() if "utm_" in h]
