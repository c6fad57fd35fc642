"""What the window wires between its parts (issue 11): the article's header names its source as
the list does, and follows a rename; an article archived out of a list of one leaves the
reading pane; a row's Mark Unread is the reader's say over the mark-read timer; a search marks
its matches in the article already open."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from shared_paths import shared_path

from reader import APP_NAME


def rfi_window(make_window):
    window = make_window([shared_path("corpus", "news", "rfi")])
    window.sidebar.list.setFocus()
    return window


def press(qtbot, k) -> None:
    qtbot.keyClick(QApplication.focusWidget(), k)


def header(window) -> str:
    """The article's meta line (the second block: after the title)."""
    return window.viewer.document().begin().next().text()


def test_the_header_names_the_source_as_the_list_does_and_follows_a_rename(qtbot, make_window):
    window = rfi_window(make_window)
    press(qtbot, Qt.Key.Key_J)
    qtbot.waitUntil(lambda: not window.viewer.loading)
    assert header(window).startswith("法广 RFI · ")  # before: "rfi.fr · "
    bar = window.viewer.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    share = window.viewer.scroll_share()
    window.context.rename_source("rfi.fr", "<b>RFI</b> 中文")
    qtbot.waitUntil(lambda: header(window).startswith("<b>RFI</b> 中文 · "))  # plain text
    qtbot.waitUntil(lambda: abs(window.viewer.scroll_share() - share) < 0.01)
    window.context.rename_source("rfi.fr", "")
    qtbot.waitUntil(lambda: header(window).startswith("法广 RFI · "))


def test_an_article_archived_out_of_a_list_of_one_leaves_the_reading_pane(qtbot, make_window):
    window = rfi_window(make_window)
    ids = list(window.model.ids())
    window.listing.archive(ids[1:])
    press(qtbot, Qt.Key.Key_J)
    assert window.current_id == ids[0]
    press(qtbot, Qt.Key.Key_A)
    assert window.model.rowCount() == 0
    assert window.current_id is None  # before: the archived article stayed on screen
    assert window.windowTitle() == APP_NAME
    assert not window.notes.isVisible()
    assert "Your library" in window.viewer.toPlainText()
    assert not window.actions_by_id["article.archive"].isEnabled()


def test_mark_unread_from_a_rows_menu_stops_the_timer(qtbot, make_window):
    window = rfi_window(make_window)
    window.prefs.set("mark_read", "after_seconds")
    window.prefs.set("mark_read_seconds", 1)
    doc = window.model.ids()[0]
    window.select_document(doc)
    assert not window.state.is_read(doc)
    window.context.set_read([doc], True)
    window.context.set_read([doc], False)  # the reader's say: unread
    qtbot.wait(1300)  # past the timer's second
    assert not window.state.is_read(doc)


def test_a_search_marks_its_matches_in_the_article_already_open(qtbot, make_window):
    window = rfi_window(make_window)
    press(qtbot, Qt.Key.Key_J)
    qtbot.waitUntil(lambda: not window.viewer.loading)
    word = window.viewer.toPlainText().split("\n")[0][:2]  # from the title: sure to match
    current = window.current_id
    window.sidebar.filter.insert(word)
    qtbot.waitUntil(lambda: window.viewer.step_match(0)[1] > 0)
    assert window.current_id == current
    window.sidebar.filter.clear()
    qtbot.waitUntil(lambda: window.viewer.step_match(0)[1] == 0)


def test_a_search_marks_nothing_in_the_line_under_the_title(qtbot, make_window):
    """Searching 德国 marked 德国之声 in the header's source name ("Match 1 of …" there): the
    search looks in titles and text, not in the source's name or the date."""
    window = rfi_window(make_window)
    press(qtbot, Qt.Key.Key_J)
    qtbot.waitUntil(lambda: not window.viewer.loading)
    name = header(window).split(" ")[0]  # 法广: the source's name
    assert name not in window.viewer.document().begin().text()  # (not in the title)
    window.viewer.highlight([name])
    marked = [s.cursor.block().blockNumber() for s in window.viewer.extraSelections()]
    assert 1 not in marked
