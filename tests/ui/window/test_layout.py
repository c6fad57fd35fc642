"""The panes adapt to the window (issue 11): the sidebar's width, the note's one line, the
reading-progress line, and the focus moving between the panes where the reader sees it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from shared_paths import shared_path

from reader.core.userdata.prefs import Preferences
from reader.core.userdata.state import State
from reader.ui.reading.progress import read_share
from reader.ui.window.layout import FOLD_BELOW, SIDEBAR_MIN


def rfi():
    return shared_path("corpus", "news", "rfi")


def press(qtbot, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), k, modifier)


def settle(qtbot) -> None:
    qtbot.wait(10)
    QApplication.processEvents()


# --- the sidebar --------------------------------------------------------------------------------


def test_a_small_window_gives_the_article_the_room(qtbot, make_window):
    """At 800 px the sidebar kept ~340 px and the article ~18 CJK characters a line."""
    window = make_window([rfi()])
    window.resize(800, 600)
    settle(qtbot)
    side, rest = window.panes.splitter.sizes()
    assert side <= 800 // 3
    assert side >= SIDEBAR_MIN
    assert rest >= 2 * side - 10


def test_the_dragged_width_is_kept_and_remembered(qtbot, make_window, tmp_path):
    window = make_window([rfi()])
    window.resize(1400, 800)
    settle(qtbot)
    window.panes.splitter.moveSplitter(260, 1)  # the reader drags the edge
    assert window.panes.splitter.sizes()[0] == 260
    window.resize(1200, 800)  # a smaller window that still has room keeps it
    settle(qtbot)
    assert window.panes.splitter.sizes()[0] == 260
    window.close()
    again = make_window(data=tmp_path / "data")
    again.resize(1400, 800)
    settle(qtbot)
    assert again.panes.splitter.sizes()[0] == 260


def test_dragged_to_nothing_the_sidebar_is_hidden_until_f9(qtbot, make_window, tmp_path):
    window = make_window([rfi()])
    window.panes.splitter.moveSplitter(0, 1)
    settle(qtbot)
    assert not window.sidebar.isVisible()
    assert "F9" in window.statusBar().currentMessage()
    assert Preferences(tmp_path / "data", window.state).sidebar_visible is False
    window.panes.toggle_sidebar()
    assert window.sidebar.isVisible()
    assert window.panes.splitter.sizes()[0] >= SIDEBAR_MIN


def test_a_narrow_window_folds_the_sidebar_and_a_wider_one_brings_it_back(qtbot, make_window):
    window = make_window([rfi()])
    window.resize(FOLD_BELOW - 40, 500)
    settle(qtbot)
    assert not window.sidebar.isVisible()
    assert window.prefs.sidebar_visible  # folded by the size, not hidden by the reader
    window.resize(FOLD_BELOW + 300, 500)
    settle(qtbot)
    assert window.sidebar.isVisible()


def test_f9_hidden_sidebar_stays_hidden_when_the_window_grows(qtbot, make_window):
    window = make_window([rfi()])
    window.panes.toggle_sidebar()
    window.resize(FOLD_BELOW - 40, 500)
    settle(qtbot)
    window.resize(1300, 800)
    settle(qtbot)
    assert not window.sidebar.isVisible()


# --- the note -----------------------------------------------------------------------------------


def note_height(window) -> int:
    return window.panes.right.sizes()[1] if window.notes.isVisible() else 0


def test_the_note_takes_no_line_without_an_article_and_one_line_when_empty(qtbot, make_window):
    window = make_window([rfi()])
    assert not window.notes.isVisible()  # no article open
    press(qtbot, Qt.Key.Key_J)
    settle(qtbot)
    assert window.notes.isVisible()
    assert not window.notes.expanded
    line = window.notes.line_height()
    assert note_height(window) <= line
    assert line < 3 * window.notes.edit.fontMetrics().lineSpacing()


def test_e_opens_the_note_and_leaving_it_empty_closes_it(qtbot, make_window):
    window = make_window([rfi()])
    press(qtbot, Qt.Key.Key_J)
    press(qtbot, Qt.Key.Key_E)
    settle(qtbot)
    assert QApplication.focusWidget() is window.notes.edit
    assert window.notes.expanded
    assert note_height(window) > 2 * window.notes.line_height()
    press(qtbot, Qt.Key.Key_Escape)
    settle(qtbot)
    assert QApplication.focusWidget() is window.sidebar.list
    assert not window.notes.expanded
    assert note_height(window) <= window.notes.line_height()


def test_an_article_with_a_note_shows_it_open(qtbot, make_window):
    window = make_window([rfi()])
    first, second = window.model.ids()[:2]
    window.state.set_note(second, "remember this")
    window.select_document(first)
    settle(qtbot)
    assert not window.notes.expanded
    window.select_document(second)
    settle(qtbot)
    assert window.notes.expanded
    assert note_height(window) > 2 * window.notes.line_height()
    window.select_document(first)
    settle(qtbot)
    assert not window.notes.expanded


def test_the_open_notes_height_is_remembered(qtbot, make_window, tmp_path):
    window = make_window([rfi()])
    first = window.model.ids()[0]
    window.state.set_note(first, "a note")
    window.select_document(first)
    settle(qtbot)
    total = sum(window.panes.right.sizes())
    window.panes.right.moveSplitter(total - 200, 1)
    height = window.panes.right.sizes()[1]
    assert abs(height - 200) <= 8
    window.close()
    assert State(tmp_path / "data").splitter_sizes("reading_splitter")[1] == height
    again = make_window(data=tmp_path / "data")  # the note's article is restored: open
    settle(qtbot)
    assert again.notes.expanded
    assert abs(again.panes.right.sizes()[1] - height) <= 8


# --- reading progress ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "maximum", "page", "share"),
    [(0, 0, 500, 1.0), (0, 1500, 500, 0.25), (1500, 1500, 500, 1.0), (750, 1500, 500, 0.625)],
)
def test_read_share_is_where_the_screens_bottom_is(value, maximum, page, share):
    assert read_share(value, maximum, page) == pytest.approx(share)


def test_the_progress_line_follows_the_article(qtbot, make_window):
    window = make_window([rfi()])
    window.resize(900, 500)
    progress = window.panes.progress
    assert progress.isVisible()
    assert progress.toolTip() == ""  # no article
    press(qtbot, Qt.Key.Key_J)
    bar = window.viewer.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(0)
    start = progress.share
    assert 0 < start < 1
    bar.setValue(bar.maximum())
    assert progress.share == 1.0
    assert progress.toolTip() == "100% of the article read"
    image = progress.grab().toImage()
    highlight = progress.palette().color(QPalette.ColorRole.Highlight)
    assert image.pixelColor(image.width() - 2, 1) == highlight


# --- focus --------------------------------------------------------------------------------------


def test_f6_and_tab_move_between_list_article_and_note(qtbot, make_window):
    window = make_window([rfi()])
    press(qtbot, Qt.Key.Key_J)
    settle(qtbot)
    assert QApplication.focusWidget() is window.sidebar.list
    order = [window.viewer, window.notes.edit, window.sidebar.list]
    for expected in order:
        press(qtbot, Qt.Key.Key_F6)
        assert QApplication.focusWidget() is expected
    for expected in reversed(order[:-1]):
        press(qtbot, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
        assert QApplication.focusWidget() is expected
    press(qtbot, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)  # note -> ... from viewer
    assert QApplication.focusWidget() is window.sidebar.list
    # Tab: the article's links do not keep it (the article has "Open original").
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.viewer
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.notes.edit
    qtbot.keyClick(window.notes.edit, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is window.viewer


def test_without_an_article_the_focus_skips_the_note(qtbot, make_window):
    window = make_window([rfi()])
    press(qtbot, Qt.Key.Key_F6)
    assert QApplication.focusWidget() is window.viewer
    press(qtbot, Qt.Key.Key_F6)
    assert QApplication.focusWidget() is window.sidebar.list


def test_the_focused_pane_shows_it(qtbot, make_window):
    window = make_window([rfi()])
    press(qtbot, Qt.Key.Key_J)
    settle(qtbot)
    highlight = window.palette().color(QPalette.ColorRole.Highlight)

    def edge(widget):
        image = widget.grab().toImage()
        return image.pixelColor(1, image.height() // 2)

    assert edge(window.sidebar.list) == highlight
    assert edge(window.viewer) != highlight
    press(qtbot, Qt.Key.Key_F6)
    assert edge(window.viewer) == highlight
    assert edge(window.sidebar.list) != highlight


def test_f9_in_a_narrow_window_is_a_look_that_changes_no_preference(qtbot, make_window):
    """F9 twice at 600 px had saved sidebar_visible false: the sidebar never came back."""
    window = make_window([rfi()])
    window.resize(FOLD_BELOW - 40, 500)
    settle(qtbot)
    window.panes.toggle_sidebar()
    assert window.sidebar.isVisible()
    window.panes.toggle_sidebar()
    assert not window.sidebar.isVisible()
    assert window.prefs.sidebar_visible
    window.resize(FOLD_BELOW + 300, 500)
    settle(qtbot)
    assert window.sidebar.isVisible()


def test_esc_in_the_sources_and_the_boxes_goes_back_to_the_list(qtbot, make_window):
    window = make_window([rfi()])
    sidebar = window.sidebar
    for control in (sidebar.sources, sidebar.show_box, sidebar.sort_box):
        control.setFocus()
        qtbot.keyClick(control, Qt.Key.Key_Escape)
        assert QApplication.focusWidget() is sidebar.list


def test_a_link_not_opened_is_said_until_the_next_article_or_esc(qtbot, make_window, opened):
    window = make_window([rfi()])
    opened.started = False  # no browser
    press(qtbot, Qt.Key.Key_J)
    press(qtbot, Qt.Key.Key_O)
    assert window.info.isVisible()
    press(qtbot, Qt.Key.Key_J)
    assert not window.info.isVisible()  # it was about the last article's link
    press(qtbot, Qt.Key.Key_O)
    assert window.info.isVisible()
    press(qtbot, Qt.Key.Key_Escape)
    assert not window.info.isVisible()
    assert QApplication.focusWidget() is window.sidebar.list


@pytest.mark.parametrize("measure", [40, 80])
def test_the_article_never_scrolls_sideways(qtbot, make_window, measure):
    """At 40 characters a DW article's image box (a table, indented) went a pixel past the
    column and the whole page got a horizontal scroll bar."""
    window = make_window([shared_path("corpus", "news", "dw", "1022765.md")])
    window.resize(1200, 800)
    window.prefs.set("measure", measure)
    window.panes.apply_preferences()
    press(qtbot, Qt.Key.Key_J)
    qtbot.waitUntil(lambda: not window.viewer.loading)
    settle(qtbot)
    assert not window.viewer.horizontalScrollBar().isVisible()
    assert window.viewer.horizontalScrollBar().value() == 0


def test_home_and_end_in_the_source_list_move_in_it(qtbot, make_window):
    """Home did nothing there (the article's Home took it): Up, Up, Up to "All sources"."""
    news = shared_path("corpus", "news")
    window = make_window([news / "rfi", news / "bbc", news / "dw"])
    sources = window.sidebar.sources
    sources.setFocus()
    sources.setCurrentRow(sources.count() - 1)
    qtbot.keyClick(sources, Qt.Key.Key_Home)
    assert sources.currentRow() == 0
    qtbot.keyClick(sources, Qt.Key.Key_End)
    assert sources.currentRow() == sources.count() - 1
