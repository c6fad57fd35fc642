"""The window as a person uses it: keyboard reading, read state, notes, File > Open."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication
from shared_paths import SEED_FILE, SEED_TITLE, make_mirror, shared_path

from reader.core.library.store import Library
from reader.core.userdata.state import State


def news_dir() -> Path:
    return shared_path("corpus", "news")


def press(qtbot, window, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key as the user types it: to whatever has the focus."""
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, k, modifier)


def test_jk_move_and_showing_marks_read(qtbot, make_window):
    window = make_window([news_dir() / "rfi"])
    model = window.model
    assert model.rowCount() == 6
    assert window.current_id is None
    press(qtbot, window, Qt.Key.Key_J)
    first = model.id_at(0)
    assert window.current_id == first
    assert window.state.is_read(first)
    press(qtbot, window, Qt.Key.Key_J)
    assert window.current_id == model.id_at(1)
    press(qtbot, window, Qt.Key.Key_K)
    assert window.current_id == first
    # The viewer shows the article: its title is the heading.
    title = window.library.row(first).title
    assert window.viewer.toPlainText().startswith(title)


def test_n_goes_to_next_unread_and_m_toggles(qtbot, make_window):
    window = make_window([news_dir() / "rfi"])
    ids = window.model.ids()
    window.state.set_read(ids[1], True)  # read elsewhere
    press(qtbot, window, Qt.Key.Key_J)
    assert window.current_id == ids[0]
    press(qtbot, window, Qt.Key.Key_N)
    assert window.current_id == ids[2]  # ids[1] was already read
    press(qtbot, window, Qt.Key.Key_M)
    assert not window.state.is_read(ids[2])
    press(qtbot, window, Qt.Key.Key_M)
    assert window.state.is_read(ids[2])


def test_space_pages_then_moves_to_next_unread(qtbot, make_window):
    window = make_window([news_dir() / "bbc"])
    window.resize(900, 500)
    press(qtbot, window, Qt.Key.Key_J)
    first = window.current_id
    bar = window.viewer.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    press(qtbot, window, Qt.Key.Key_Space)
    assert bar.value() > 0
    assert window.current_id == first
    press(qtbot, window, Qt.Key.Key_Space, Qt.KeyboardModifier.ShiftModifier)
    assert bar.value() == 0
    for _ in range(200):
        if window.current_id != first:
            break
        press(qtbot, window, Qt.Key.Key_Space)
    assert window.current_id == window.model.id_at(1)
    assert bar.value() == 0


def test_page_keys_scroll_the_article_while_the_list_has_the_focus(qtbot, make_window):
    """Page Down, Page Up, Home and End read the article; the list stays where it is and no
    article is opened or marked read by them (they used to move through the list)."""
    window = make_window([news_dir() / "bbc"])
    window.resize(900, 500)
    press(qtbot, window, Qt.Key.Key_J)
    first = window.current_id
    read_before = set(window.state.read_ids())
    bar = window.viewer.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    window.sidebar.list.setFocus()
    assert QApplication.focusWidget() is window.sidebar.list
    press(qtbot, window, Qt.Key.Key_PageDown)
    assert bar.value() > 0
    press(qtbot, window, Qt.Key.Key_End)
    assert bar.value() == bar.maximum()
    for _ in range(3):  # at the end, Page Down stays (Space would go on to the next)
        press(qtbot, window, Qt.Key.Key_PageDown)
    assert bar.value() == bar.maximum()
    press(qtbot, window, Qt.Key.Key_PageUp)
    assert 0 < bar.value() < bar.maximum()
    press(qtbot, window, Qt.Key.Key_Home)
    assert bar.value() == 0
    assert window.current_id == first
    assert window.sidebar.current_row() == 0
    assert set(window.state.read_ids()) == read_before
    assert QApplication.focusWidget() is window.sidebar.list


def test_page_keys_in_the_filter_and_the_note_stay_there(qtbot, make_window):
    window = make_window([news_dir() / "bbc"])
    window.resize(900, 500)
    press(qtbot, window, Qt.Key.Key_J)
    bar = window.viewer.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    press(qtbot, window, Qt.Key.Key_Slash)
    qtbot.keyClicks(window.sidebar.filter, "abc")
    press(qtbot, window, Qt.Key.Key_Home)
    assert window.sidebar.filter.cursorPosition() == 0
    press(qtbot, window, Qt.Key.Key_End)
    assert window.sidebar.filter.cursorPosition() == 3
    assert bar.value() == 0
    window.sidebar.filter.clear()
    press(qtbot, window, Qt.Key.Key_Escape)
    press(qtbot, window, Qt.Key.Key_E)
    note = window.notes.edit
    assert QApplication.focusWidget() is note
    qtbot.keyClicks(note, "first line")
    press(qtbot, window, Qt.Key.Key_Home)
    assert note.textCursor().position() == 0
    press(qtbot, window, Qt.Key.Key_End)
    assert note.textCursor().position() == len("first line")
    press(qtbot, window, Qt.Key.Key_PageDown)
    assert bar.value() == 0


def test_restoring_the_last_article_at_start_changes_no_read_flag(qtbot, make_window, tmp_path):
    window = make_window([news_dir() / "rfi"])
    press(qtbot, window, Qt.Key.Key_J)
    doc = window.current_id
    assert window.state.is_read(doc)
    press(qtbot, window, Qt.Key.Key_M)  # marked unread again, then quit
    assert not window.state.is_read(doc)
    window.close()
    again = make_window(data=tmp_path / "data")
    assert again.current_id == doc  # shown again, where it was
    assert not again.state.is_read(doc)
    assert again.sidebar.count.text().endswith("6 unread")
    press(qtbot, again, Qt.Key.Key_J)  # opening the next one still marks it read
    assert again.state.is_read(again.current_id)


def test_article_actions_wait_for_an_article(qtbot, make_window):
    window = make_window([news_dir() / "rfi"])
    article = ("article.toggle_read", "article.open_original", "article.edit_note", "article.star")
    assert window.current_id is None
    assert not any(window.actions_by_id[a].isEnabled() for a in article)
    assert window.actions_by_id["article.mark_all_read"].isEnabled()  # the list's
    press(qtbot, window, Qt.Key.Key_J)
    assert all(window.actions_by_id[a].isEnabled() for a in article)


def test_the_text_size_is_said_while_it_changes(qtbot, make_window):
    window = make_window([news_dir() / "rfi"])
    press(qtbot, window, Qt.Key.Key_J)
    window.actions_by_id["view.zoom_in"].trigger()
    window.actions_by_id["view.zoom_in"].trigger()
    assert window.statusBar().currentMessage() == "Text size 115%"
    window.actions_by_id["view.zoom_reset"].trigger()
    assert window.statusBar().currentMessage() == "Text size 100%"


def test_letters_typed_in_filter_and_note_are_text(qtbot, make_window):
    window = make_window([news_dir() / "rfi"])
    press(qtbot, window, Qt.Key.Key_J)
    current = window.current_id
    press(qtbot, window, Qt.Key.Key_Slash)
    assert QApplication.focusWidget() is window.sidebar.filter
    qtbot.keyClicks(window.sidebar.filter, "jknme")
    assert window.sidebar.filter.text() == "jknme"
    assert window.current_id == current
    window.sidebar.filter.clear()
    press(qtbot, window, Qt.Key.Key_Escape)  # empty filter: back to the list
    assert QApplication.focusWidget() is window.sidebar.list
    press(qtbot, window, Qt.Key.Key_E)
    assert QApplication.focusWidget() is window.notes.edit
    qtbot.keyClicks(window.notes.edit, "jk m?")
    assert window.notes.text() == "jk m?"
    assert window.current_id == current
    assert window.state.is_read(current)
    press(qtbot, window, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is window.sidebar.list


def test_search_box_narrows_the_list_and_counts_results(qtbot, make_window):
    window = make_window([news_dir() / "rfi", SEED_FILE])
    press(qtbot, window, Qt.Key.Key_Slash)
    window.sidebar.filter.insert("奥库斯")  # as an input method commits it
    qtbot.waitUntil(lambda: "result" in window.sidebar.count.text())
    shown = window.model.rowCount()
    assert 1 <= shown < 7
    assert window.library.row(window.model.id_at(0)).title == SEED_TITLE  # title hit first
    assert window.sidebar.count.text() == f"{shown} result" + ("" if shown == 1 else "s")
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.current_id == window.model.id_at(0)
    assert window.viewer.extraSelections(), "the matches are highlighted"
    window.sidebar.filter.setText("")
    qtbot.waitUntil(lambda: window.model.rowCount() == 7)
    assert window.sidebar.count.text().startswith("7 articles")


def test_notes_and_read_state_survive_a_restart(qtbot, make_window, tmp_path):
    window = make_window([news_dir() / "rfi"])
    press(qtbot, window, Qt.Key.Key_J)
    press(qtbot, window, Qt.Key.Key_J)
    doc = window.current_id
    press(qtbot, window, Qt.Key.Key_E)
    window.notes.edit.insertPlainText("记住这个")  # as an input method commits it
    qtbot.keyClicks(window.notes.edit, " remember")
    window.close()
    saved = json.loads((tmp_path / "data" / "state.json").read_text(encoding="utf-8"))
    assert saved["notes"][doc] == "记住这个 remember"
    assert doc in saved["read"]

    again = make_window(data=tmp_path / "data")
    assert again.current_id == doc  # the last article is shown again
    assert again.notes.text() == "记住这个 remember"
    assert again.state.is_read(again.model.id_at(0))
    assert not again.state.is_read(again.model.id_at(2))


def test_note_is_saved_while_typing_without_quitting(qtbot, make_window, tmp_path):
    window = make_window([SEED_FILE])
    press(qtbot, window, Qt.Key.Key_J)
    window.notes.edit.setFocus()
    qtbot.keyClicks(window.notes.edit, "draft")
    qtbot.waitUntil(lambda: State(tmp_path / "data").note(window.current_id) == "draft")


def test_file_open_imports_and_shows_the_file(
    qtbot, make_window, choosers, wait_import, monkeypatch
):
    from reader.ui.importing import importer

    def no_process(_worker: object) -> None:
        raise AssertionError("a few files are imported in the window's process (no ~0.5 s start)")

    monkeypatch.setattr(importer._Worker, "_run_in_child", no_process)
    window = make_window()
    assert "Welcome" in window.viewer.toPlainText()
    choosers.files = [SEED_FILE]
    press(qtbot, window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    wait_import(window)
    assert window.library.row(window.current_id).title == SEED_TITLE
    assert SEED_TITLE in window.viewer.toPlainText()
    assert str(SEED_FILE.resolve()) in window.state.recent()


def test_import_folder_through_the_chooser(qtbot, make_window, choosers, wait_import):
    window = make_window()
    choosers.folder = news_dir()
    window.actions_by_id["file.import_folder"].trigger()
    wait_import(window)
    assert window.model.rowCount() == 69
    assert "69 articles" in window.sidebar.count.text()


def test_bad_files_show_their_reason_in_the_window(
    qtbot, make_window, choosers, wait_import, tmp_path
):
    bad = tmp_path / "noise.md"
    bad.write_bytes(bytes(range(256)) * 8)
    window = make_window()
    choosers.files = [bad, SEED_FILE]
    window.importer.open_files()
    wait_import(window)
    assert window.info.isVisible()
    assert str(bad) in window.info.label.text()
    assert "binary" in window.info.label.text()
    assert window.library.row(window.current_id).title == SEED_TITLE  # the good one is in

    many = [tmp_path / f"bad{i}.md" for i in range(5)]
    for path in many:
        path.write_bytes(b"\x00\x01" * 50)
    choosers.files = many
    window.importer.open_files()
    wait_import(window)
    assert "5 failed" in window.info.label.text()
    window.info.details.click()
    problems = [w for w in QApplication.topLevelWidgets() if w.windowTitle() == "Import Problems"]
    assert len(problems) == 1
    assert all(str(p) in problems[0].findChild(object, "problems").toPlainText() for p in many)


def test_dropping_files_imports_and_shows_them(qtbot, make_window, wait_import):
    window = make_window()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(SEED_FILE))])
    event = QDropEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    wait_import(window)
    assert window.library.row(window.current_id).title == SEED_TITLE


def test_welcome_page_offers_the_sample(qtbot, make_window, wait_import):
    window = make_window()
    text = window.viewer.toPlainText()
    assert "Open a saved article" in text
    assert "Import a folder" in text
    window.viewer.link_activated.emit(QUrl("reader:sample"))
    wait_import(window)
    assert window.library.row(window.current_id).title == SEED_TITLE


def test_open_original_and_links_go_to_the_browser_only_for_web_urls(qtbot, make_window, opened):
    window = make_window([SEED_FILE])
    press(qtbot, window, Qt.Key.Key_J)
    press(qtbot, window, Qt.Key.Key_O)
    assert opened.urls == [window.library.row(window.current_id).url]
    window.viewer.link_activated.emit(QUrl("file:///etc/passwd"))
    window.viewer.link_activated.emit(QUrl("javascript:alert(1)"))
    assert len(opened.urls) == 1
    assert "Blocked" in window.statusBar().currentMessage()


def test_shortcuts_dialog_lists_every_action(qtbot, make_window):
    window = make_window([SEED_FILE])
    press(qtbot, window, Qt.Key.Key_Question)
    dialog = window.shortcuts_dialog
    qtbot.waitUntil(dialog.isVisible)
    table = dialog.findChild(object, "shortcuts")
    keys = {table.item(r, 0).text() for r in range(table.rowCount())}
    assert {"J", "K", "N", "M", "O", "E", "Space", "/, Ctrl+F", "?"} <= keys
    dialog.close()


def test_zoom_and_sidebar_toggle_are_remembered(qtbot, make_window, tmp_path):
    window = make_window([SEED_FILE])
    press(qtbot, window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.viewer.zoom_level == 2
    window.actions_by_id["view.toggle_sidebar"].trigger()
    assert not window.sidebar.isVisible()
    # Saved as they change, in settings.json (preferences), not state.json (window state).
    settings = json.loads((tmp_path / "data" / "settings.json").read_bytes())
    assert (settings["zoom"], settings["sidebar_visible"]) == (2, False)
    window.close()
    ui = json.loads((tmp_path / "data" / "state.json").read_bytes())["ui"]
    assert "zoom" not in ui
    assert "sidebar_visible" not in ui
    assert "geometry" in ui
    again = make_window(data=tmp_path / "data")
    assert again.viewer.zoom_level == 2
    assert not again.sidebar.isVisible()
    press(qtbot, again, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert again.viewer.zoom_level == 0
    again.actions_by_id["view.toggle_sidebar"].trigger()
    again.close()
    third = make_window(data=tmp_path / "data")
    assert (third.viewer.zoom_level, third.sidebar.isVisible()) == (0, True)
    assert json.loads((tmp_path / "data" / "settings.json").read_bytes())["version"] == 2


def test_zoom_and_sidebar_of_an_older_state_file_come_through(qtbot, make_window, tmp_path):
    data = tmp_path / "data"
    make_window([SEED_FILE]).close()
    state_file = data / "state.json"
    older = json.loads(state_file.read_bytes())
    older["ui"].update(zoom=3, sidebar_visible=False)  # where they were before settings.json
    state_file.write_text(json.dumps(older), encoding="utf-8")
    (data / "settings.json").unlink(missing_ok=True)
    window = make_window(data=data)
    assert (window.viewer.zoom_level, window.sidebar.isVisible()) == (3, False)
    window.close()
    ui = json.loads(state_file.read_bytes())["ui"]
    assert "zoom" not in ui
    assert "sidebar_visible" not in ui
    assert "geometry" in ui  # the window's own state stays
    settings = json.loads((data / "settings.json").read_bytes())
    assert (settings["zoom"], settings["sidebar_visible"]) == (3, False)


def test_model_is_a_well_behaved_qt_model(qtmodeltester, make_window):
    window = make_window([news_dir() / "rfi"], show=False)
    qtmodeltester.check(window.model)


def test_folder_import_runs_in_the_background_with_progress_and_cancel(
    qtbot, make_window, choosers, wait_import, tmp_path
):
    make_mirror(tmp_path / "mirror", 600)
    window = make_window()
    choosers.folder = tmp_path / "mirror"
    window.importer.import_folder()
    assert window.importer.importing
    assert window.importer.cancel_button.isVisible()
    qtbot.waitUntil(lambda: window.importer.progress.value() > 0, timeout=30000)
    assert window.importer.progress.maximum() == 600
    assert "Importing:" in window.statusBar().currentMessage()
    window.importer.cancel_button.click()
    wait_import(window)
    assert not window.importer.cancel_button.isVisible()
    assert "Cancelled" in window.statusBar().currentMessage()
    stored = len(window.library)
    assert 0 < stored < 600
    assert window.model.rowCount() == stored  # what arrived is listed
    window.importer.import_folder()  # the second run completes it
    wait_import(window)
    assert len(window.library) == 600
    assert window.model.rowCount() == 600


def test_window_geometry_splitters_and_scroll_position_are_restored(qtbot, make_window, tmp_path):
    window = make_window([news_dir() / "bbc"])
    window.resize(700, 520)
    press(qtbot, window, Qt.Key.Key_J)
    bar = window.viewer.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 300)
    bar.setValue(300)
    window.panes.splitter.moveSplitter(230, 1)  # as the reader drags it
    doc = window.current_id
    share = window.viewer.scroll_share()  # (a place is kept as a share of the article)
    window.close()
    again = make_window(data=tmp_path / "data")
    assert again.current_id == doc
    assert again.size().width() == 700
    assert again.panes.splitter.sizes()[0] == 230
    qtbot.waitUntil(lambda: abs(again.viewer.scroll_share() - share) < 0.002)


def test_every_article_reopens_where_it_was_left(qtbot, make_window, tmp_path):
    """Per article, in the state: going back to an article, or restarting, finds it where it
    was (one position for the last article put another article's place on it). A place is a
    share of the article (the same at any width), so the shares are compared."""
    window = make_window([news_dir() / "bbc"])
    window.resize(700, 520)
    viewer, bar = window.viewer, window.viewer.verticalScrollBar()
    press(qtbot, window, Qt.Key.Key_J)
    first = window.current_id
    qtbot.waitUntil(lambda: bar.maximum() > 600)
    bar.setValue(bar.maximum() // 2)
    press(qtbot, window, Qt.Key.Key_J)  # another article: from its top
    second = window.current_id
    assert second != first
    first_share = window.state.position(first)  # kept when it was left
    assert 0.45 < first_share < 0.55
    qtbot.waitUntil(lambda: not viewer.loading)
    assert bar.value() == 0
    qtbot.waitUntil(lambda: bar.maximum() > 300)
    bar.setValue(bar.maximum() // 5)
    press(qtbot, window, Qt.Key.Key_K)  # back: where it was left
    assert window.current_id == first
    second_share = window.state.position(second)
    assert 0.15 < second_share < 0.25
    qtbot.waitUntil(lambda: abs(viewer.scroll_share() - first_share) < 0.002)
    window.close()  # the last article's place is its own, not another's
    positions = json.loads((tmp_path / "data" / "state.json").read_text())["positions"]
    assert set(positions) == {first, second}
    again = make_window(data=tmp_path / "data")
    assert again.current_id == first
    qtbot.waitUntil(lambda: abs(again.viewer.scroll_share() - first_share) < 0.002)
    press(qtbot, again, Qt.Key.Key_J)
    assert again.current_id == second
    qtbot.waitUntil(lambda: abs(again.viewer.scroll_share() - second_share) < 0.002)


def test_an_unexpected_error_goes_to_the_log_and_the_status_bar(make_window, tmp_path):
    import sys

    from reader.ui import app

    window = make_window([SEED_FILE])
    log = tmp_path / "saved-reader.log"
    before = sys.excepthook
    try:
        app._log_errors_to(log)
        try:
            raise ValueError("a bug in a slot")
        except ValueError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = before
    text = log.read_text(encoding="utf-8")
    assert "ERROR Traceback" in text
    assert "ValueError: a bug in a slot" in text
    shown = window.statusBar().currentMessage()
    assert "a bug in a slot" in shown
    assert str(log) in shown


def test_counts_kept_during_an_import_equal_a_full_count(
    qtbot, make_window, choosers, wait_import, tmp_path
):
    from reader.core.library.store import open_library

    window = make_window([news_dir() / "rfi"])  # some articles, one of them read
    press(qtbot, window, Qt.Key.Key_J)
    make_mirror(tmp_path / "mirror", 300)
    choosers.folder = tmp_path / "mirror"
    window.importer.import_folder()
    wait_import(window)
    assert len(window.library) == 306
    assert window.model.rowCount() == 306
    kept = window.library.catalog
    with open_library(window.library.root) as again:  # counted from scratch, apart
        fresh = again.catalog
        fresh.count_read(window.state)
        assert (kept.total, kept.unread) == (fresh.total, fresh.unread) == (306, 305)
        assert kept.source_counts() == fresh.source_counts()
    sources = window.sidebar.sources
    labels = [sources.item(i).text() for i in range(sources.count())]
    assert labels[0] == "All sources  (305)"
    assert len(labels) == len(kept.source_counts()) + 1
    assert window.sidebar.count.text() == "306 articles · 305 unread"


def test_with_articles_and_none_open_the_viewer_says_what_there_is(qtbot, make_window):
    window = make_window([news_dir() / "rfi", news_dir() / "bbc"])
    assert window.current_id is None
    text = window.viewer.toPlainText()
    assert text.startswith("Your library")
    assert "9 articles from 2 sources, 9 unread." in text
    press(qtbot, window, Qt.Key.Key_J)
    assert window.viewer.toPlainText().startswith(window.library.row(window.current_id).title)


@pytest.mark.slow
def test_an_import_process_killed_midway_is_reported_and_the_window_carries_on(
    qtbot, make_window, choosers, wait_import, tmp_path
):
    import multiprocessing
    import os
    import signal

    make_mirror(tmp_path / "mirror", 3000)
    window = make_window()
    choosers.folder = tmp_path / "mirror"
    window.importer.import_folder()
    qtbot.waitUntil(lambda: window.importer.progress.value() > 0, timeout=30000)
    importers = [p for p in multiprocessing.active_children() if p.name == "import"]
    assert len(importers) == 1, "the import runs in a process of its own"
    group = importers[0].pid  # it leads a process group, with its workers
    os.kill(group, signal.SIGKILL)  # as the out-of-memory killer would
    wait_import(window)

    def group_gone() -> bool:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        return False

    qtbot.waitUntil(group_gone, timeout=10000)  # its orphaned workers were ended too
    assert "ended unexpectedly" in window.info.label.text() + " ".join(window.info._lines)
    stored = len(window.library)
    assert 0 < stored < 3000
    on_disk = Library(window.library.root)
    try:  # every article it stored is listed, reported or not
        assert len(on_disk) == stored
    finally:
        on_disk.close()
    assert window.model.rowCount() == stored
    noun = "article" if stored == 1 else "articles"  # the first batch may be one file
    assert window.sidebar.count.text() == f"{stored:,} {noun} · {stored:,} unread"
    window.importer.import_folder()  # a second run completes the library
    wait_import(window)
    assert len(window.library) == 3000


def test_one_esc_ends_the_search_and_returns_to_the_list(qtbot, make_window):
    """Esc only emptied the box: a J typed next went into it and searched for "j"."""
    window = make_window([news_dir() / "rfi", news_dir() / "bbc", news_dir() / "dw"])
    window.resize(900, 420)
    last = window.model.ids()[-1]
    window.select_document(last)  # far down the list
    window.sidebar.filter.setFocus()
    window.sidebar.filter.insert("中国")
    qtbot.waitUntil(lambda: window.model.rowCount() < len(window.library))
    window.sidebar.list.scrollToTop()
    press(qtbot, window, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is window.sidebar.list
    assert window.sidebar.filter.text() == ""
    qtbot.waitUntil(lambda: window.model.rowCount() == len(window.library))
    view = window.sidebar.list
    qtbot.waitUntil(
        lambda: (
            view.viewport()
            .rect()
            .intersects(view.visualRect(window.model.index(window.model.row_of(last), 0)))
        )
    )
    press(qtbot, window, Qt.Key.Key_K)  # a reading key again, not text
    assert window.sidebar.filter.text() == ""
    assert window.current_id != last
