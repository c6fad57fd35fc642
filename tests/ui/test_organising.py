"""Sources, filters, sort, stars and mark-all-read with undo, from the keyboard and the sidebar."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from shared_paths import shared_path

from reader.core.query import Show, Sort
from reader.core.state import State


def press(qtbot, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), k, modifier)


def test_sources_list_counts_and_filters(qtbot, make_window):
    news = shared_path("corpus", "news")
    window = make_window([news / "rfi", news / "bbc"])
    sources = window.sidebar.sources
    labels = [sources.item(i).text() for i in range(sources.count())]
    assert labels[0] == "All sources  (9)"
    assert "rfi.fr  (6)" in labels and "bbc.com  (3)" in labels
    row = labels.index("bbc.com  (3)")
    sources.setCurrentRow(row)
    assert window.model.rowCount() == 3
    assert {window.library.row(i).source for i in window.model.ids()} == {"bbc.com"}
    window.sidebar.list.setFocus()
    press(qtbot, Qt.Key.Key_J)
    assert sources.item(row).text() == "bbc.com  (2)"  # reading updates the unread count
    assert sources.item(0).text() == "All sources  (8)"


def test_show_unread_starred_and_sort(qtbot, make_window):
    window = make_window([shared_path("corpus", "news", "rfi")])
    sidebar = window.sidebar
    newest = list(window.model.ids())
    sidebar.sort_box.setCurrentIndex(sidebar.sort_box.findData(Sort.OLDEST))
    assert window.model.ids() == newest[::-1]
    sidebar.sort_box.setCurrentIndex(sidebar.sort_box.findData(Sort.NEWEST))
    press(qtbot, Qt.Key.Key_J)
    first = window.current_id
    press(qtbot, Qt.Key.Key_S)
    assert window.state.is_starred(first)
    sidebar.show_box.setCurrentIndex(sidebar.show_box.findData(Show.STARRED))
    assert window.model.ids() == [first]
    sidebar.show_box.setCurrentIndex(sidebar.show_box.findData(Show.UNREAD))
    assert first not in window.model.ids() and len(window.model.ids()) == 5


def test_mark_all_read_and_undo(qtbot, make_window, tmp_path):
    window = make_window([shared_path("corpus", "news", "rfi")])
    window.sidebar.list.setFocus()
    press(qtbot, Qt.Key.Key_J)  # one read by reading it
    read_before = {i for i in window.model.ids() if window.state.is_read(i)}
    assert len(read_before) == 1
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
    assert all(window.state.is_read(i) for i in window.model.ids())
    assert window.sidebar.count.text().endswith("0 unread")
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert {i for i in window.model.ids() if window.state.is_read(i)} == read_before
    assert window.sidebar.count.text().endswith("5 unread")
    window.saver.flush()
    assert State(tmp_path / "data").read_ids() == read_before
