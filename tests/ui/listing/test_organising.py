"""Sources, filters, sort, stars and mark-all-read with undo, from the keyboard and the sidebar."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from shared_paths import make_mirror, shared_path

from reader.core.library.query import Show, Sort
from reader.core.library.store import SearchConnection, open_library
from reader.core.userdata.state import State
from reader.ui.listing import controller, searcher, session


def press(qtbot, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), k, modifier)


def test_sources_list_counts_and_filters(qtbot, make_window):
    news = shared_path("corpus", "news")
    window = make_window([news / "rfi", news / "bbc"])
    sources = window.sidebar.sources
    labels = [sources.item(i).text() for i in range(sources.count())]
    assert labels[0] == "All sources  (9)"
    assert "法广 RFI  (6)" in labels  # rfi.fr, by its name
    assert "BBC 中文  (3)" in labels
    row = labels.index("BBC 中文  (3)")
    sources.setCurrentRow(row)
    assert window.model.rowCount() == 3
    assert {window.library.row(i).source for i in window.model.ids()} == {"bbc.com"}
    window.sidebar.list.setFocus()
    press(qtbot, Qt.Key.Key_J)
    assert sources.item(row).text() == "BBC 中文  (2)"  # reading updates the unread count
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
    assert first not in window.model.ids()
    assert len(window.model.ids()) == 5


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


class _HeldSearch:
    """The searcher's connection, held until the test lets it answer."""

    released = threading.Event()

    def __init__(self, root) -> None:
        self._real = SearchConnection(root)

    def search(self, query: str) -> list[str]:
        assert self.released.wait(30), "the test never released the background search"
        return self._real.search(query)

    def close(self) -> None:
        self._real.close()


def _search_now(window, text: str) -> None:
    window.sidebar.filter.blockSignals(True)  # no debounce: the query runs now
    window.sidebar.filter.setText(text)
    window.sidebar.filter.blockSignals(False)
    window.sidebar.query_changed.emit()


def test_a_big_search_shows_its_first_page_then_every_hit(
    qtbot, make_window, tmp_path, monkeypatch
):
    monkeypatch.setattr(session, "SEARCH_PAGE", 4)
    monkeypatch.setattr(searcher, "SearchConnection", _HeldSearch)
    _HeldSearch.released = threading.Event()
    make_mirror(tmp_path / "mirror", 30)
    window = make_window([tmp_path / "mirror"])
    every = window.library.search("item")
    assert len(every) == 30

    _search_now(window, "item")
    assert window.model.ids() == every[:4]  # at once, while the whole list is held back
    assert window.sidebar.count.text() == "30 results"
    window.sidebar.list.setFocus()
    press(qtbot, Qt.Key.Key_J)
    press(qtbot, Qt.Key.Key_J)
    assert window.current_id == every[1]
    _HeldSearch.released.set()
    qtbot.waitUntil(lambda: window.model.rowCount() == 30)
    assert window.model.ids() == every
    assert window.current_id == every[1]
    assert window.sidebar.current_row() == 1  # the reader's place in the list is kept
    assert window.sidebar.count.text() == "30 results"


def test_keys_past_a_first_page_and_mark_all_read_use_every_hit(
    qtbot, make_window, tmp_path, monkeypatch
):
    monkeypatch.setattr(session, "SEARCH_PAGE", 4)
    monkeypatch.setattr(searcher, "SearchConnection", _HeldSearch)
    _HeldSearch.released = threading.Event()  # never set: the window must not wait for it
    make_mirror(tmp_path / "mirror", 30)
    window = make_window([tmp_path / "mirror"])
    every = window.library.search("item")
    sidebar = window.sidebar
    sidebar.show_box.setCurrentIndex(sidebar.show_box.findData(Show.UNREAD))
    _search_now(window, "item")
    assert window.model.ids() == every[:4]
    assert sidebar.count.text() == "Searching…"  # filtered: the count needs every hit
    sidebar.list.setFocus()
    for _ in range(5):  # the fifth goes past the page
        press(qtbot, Qt.Key.Key_J)
    assert window.current_id == every[4]
    assert window.model.rowCount() == 30
    window.listing.mark_all_read()
    assert all(window.state.is_read(i) for i in every)
    _HeldSearch.released.set()


def _loaded(window):
    window.wait_for_imports()  # a big library's rows come from a thread after the first paint
    return window


def test_a_big_library_shows_its_newest_rows_first_then_everything(
    qtbot, make_window, tmp_path, monkeypatch
):
    monkeypatch.setattr(controller, "FIRST_ROWS", 5)
    make_mirror(tmp_path / "mirror", 30)
    first = make_window([tmp_path / "mirror"])
    first.wait_for_imports()  # its rows come from a thread, after the first paint
    newest = first.model.ids()
    assert len(newest) == 30  # shown and painted: every row
    first.reading.show_document(newest[7])
    first.close()

    window = make_window(data=tmp_path / "data", show=False)
    assert window.model.ids() == newest[:5]  # the first screen, before any row else is read
    assert window.sidebar.count.text() == "Loading…"
    assert window.current_id is None
    assert window.listing.loading
    window.show()
    window.wait_for_imports()  # as --screenshot does: every row is shown when it returns
    assert not window.listing.loading
    assert window.model.ids() == newest
    assert window.sidebar.count.text() == "30 articles · 29 unread"
    assert window.current_id == newest[7]  # the last article, restored with the rest
    assert window.sidebar.sources.item(0).text() == "All sources  (29)"


def test_opening_an_article_while_loading_loads_everything_first(
    qtbot, make_window, tmp_path, monkeypatch
):
    monkeypatch.setattr(controller, "FIRST_ROWS", 5)
    make_mirror(tmp_path / "mirror", 30)
    ids = _loaded(make_window([tmp_path / "mirror"])).model.ids()
    window = make_window(data=tmp_path / "data", show=False)
    assert window.model.rowCount() == 5
    assert window.select_document(ids[20])  # as `--open ID` does before the window shows
    assert window.model.rowCount() == 30
    assert window.current_id == ids[20]
    window.show()
    qtbot.wait(50)
    assert window.current_id == ids[20]  # not replaced by a restored last article


def test_a_flag_changed_while_the_rows_are_read_is_counted(
    qtbot, make_window, tmp_path, monkeypatch
):
    from reader.core.library import store as core_library
    from reader.ui.listing import rows

    monkeypatch.setattr(controller, "FIRST_ROWS", 5)
    make_mirror(tmp_path / "mirror", 30)
    ids = _loaded(make_window([tmp_path / "mirror"])).model.ids()
    released = threading.Event()

    def held(root):
        assert released.wait(30), "never released"
        return core_library.read_rows(root)

    monkeypatch.setattr(rows, "read_rows", held)
    window = make_window(data=tmp_path / "data")  # shown: the rows are being read, held
    assert window.model.rowCount() == 5
    window.state.set_read(ids[10])  # read elsewhere (another copy), before the rows come
    released.set()
    qtbot.waitUntil(lambda: window.model.rowCount() == 30)
    assert window.sidebar.count.text() == "30 articles · 29 unread"
    with open_library(window.library.root) as again:  # counted from scratch, apart
        again.catalog.count_read(window.state)
        assert window.library.catalog.source_counts() == again.catalog.source_counts()


def test_while_searching_the_sort_box_says_best_match_first(qtbot, make_window):
    window = make_window([shared_path("corpus", "news", "rfi")])
    sidebar = window.sidebar
    sidebar.sort_box.setCurrentIndex(sidebar.sort_box.findData(Sort.TITLE))
    sidebar.filter.setFocus()
    sidebar.filter.insert("中国")  # (QTest types Latin-1 only)
    assert sidebar.sort_box.currentText() == "Best match first"
    assert not sidebar.sort_box.isEnabled()
    assert sidebar.query().sort is Sort.TITLE  # the choice, kept for after the search
    sidebar.filter.clear()
    assert sidebar.sort_box.currentText() == "Title"
    assert sidebar.sort_box.isEnabled()
    assert sidebar.sort_box.count() == 3


def test_down_in_the_search_box_moves_into_the_results(qtbot, make_window):
    window = make_window([shared_path("corpus", "news", "rfi")])
    window.sidebar.filter.setFocus()
    window.sidebar.filter.insert("中国")  # (QTest types Latin-1 only)
    press(qtbot, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is window.sidebar.list
    assert window.sidebar.current_row() == 0
    assert window.current_id == window.model.id_at(0)


def test_highlights_leave_with_the_search(qtbot, make_window):
    window = make_window([shared_path("corpus", "news", "rfi")])
    window.sidebar.filter.setFocus()
    window.sidebar.filter.insert("中国")  # (QTest types Latin-1 only)
    press(qtbot, Qt.Key.Key_Return)  # the first result, its matches highlighted
    qtbot.waitUntil(lambda: len(window.viewer.extraSelections()) > 0)
    window.sidebar.filter.clear()
    qtbot.waitUntil(lambda: window.viewer.extraSelections() == [])


def test_next_unread_in_a_filtered_list_says_what_is_left_elsewhere(qtbot, make_window):
    news = shared_path("corpus", "news")
    window = make_window([news / "rfi", news / "bbc"])
    sources = window.sidebar.sources
    labels = [sources.item(i).text() for i in range(sources.count())]
    sources.setCurrentRow(labels.index("BBC 中文  (3)"))
    window.sidebar.list.setFocus()
    for _ in range(3):
        press(qtbot, Qt.Key.Key_N)
    press(qtbot, Qt.Key.Key_N)
    said = window.statusBar().currentMessage()
    assert said == "No unread articles in this list; 6 articles are unread in the library."
    sources.setCurrentRow(0)
    window.listing.mark_all_read()
    window.sidebar.list.setFocus()
    press(qtbot, Qt.Key.Key_N)
    assert window.statusBar().currentMessage() == "No unread articles left."


def test_f3_and_shift_f3_move_between_the_matches(qtbot, make_window):
    window = make_window([shared_path("corpus", "news", "rfi")])
    window.sidebar.list.setFocus()
    press(qtbot, Qt.Key.Key_J)
    press(qtbot, Qt.Key.Key_F3)
    assert window.statusBar().currentMessage() == "No search matches in this article."
    window.sidebar.filter.setFocus()
    window.sidebar.filter.insert("中国")  # (QTest types Latin-1 only)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(window.viewer.extraSelections()) > 2)
    count = len(window.viewer.extraSelections())
    press(qtbot, Qt.Key.Key_F3)
    assert window.statusBar().currentMessage() == f"Match 2 of {count}"
    press(qtbot, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert window.statusBar().currentMessage() == f"Match {count} of {count}"
    last = max(s.cursor.selectionStart() for s in window.viewer.extraSelections())
    shown = window.viewer.cursorRect(window.viewer.document().find("中国", last - 1))
    assert window.viewer.viewport().rect().intersects(shown)  # scrolled to it


def test_the_match_f3_went_to_stands_out_from_the_others(qtbot, make_window):
    """Every match was the same yellow: with several on screen F3's step could not be seen."""
    window = make_window([shared_path("corpus", "news", "rfi")])
    window.sidebar.list.setFocus()
    press(qtbot, Qt.Key.Key_J)
    window.sidebar.filter.setFocus()
    window.sidebar.filter.insert("中国")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(window.viewer.extraSelections()) > 2)
    theme = window.viewer.theme

    def current() -> list[int]:
        marks = window.viewer.extraSelections()
        found = [
            i
            for i, mark in enumerate(marks)
            if mark.format.fontUnderline()
            and mark.format.background().color().name() == theme.current_match
        ]
        others = {mark.format.background().color().name() for mark in marks} - {theme.current_match}
        assert others == {theme.highlight}
        return found

    assert current() == [0]  # the first, scrolled to
    press(qtbot, Qt.Key.Key_F3)
    assert current() == [1]
    press(qtbot, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert current() == [len(window.viewer.extraSelections()) - 1]


def test_a_word_being_typed_finds_what_it_begins(qtbot, make_window):
    """ "Iranm" found nothing (a Latin word matched whole only) while the article lit up."""
    window = make_window([shared_path("corpus", "news", "rfi")])
    assert window.model.rowCount() == 6
    window.sidebar.filter.setFocus()
    qtbot.keyClicks(window.sidebar.filter, "Iranm")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    found = window.library.get(window.model.ids()[0])
    assert "Iranmanesh" in found.text
    qtbot.keyClicks(window.sidebar.filter, " ")  # a space ends the word: whole words only
    qtbot.waitUntil(lambda: window.model.rowCount() == 0)
