"""Archive (A), Delete (Del) and Undo (Ctrl+Z) in the window; the list moves on as a mail
client does; the counts agree everywhere; what the list controller offers context menus."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from shared_paths import shared_path

from reader.core.library.query import Show
from reader.core.userdata.state import State


def press(qtbot, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), k, modifier)


def rfi_window(make_window, *more):
    news = shared_path("corpus", "news")
    window = make_window([news / "rfi", *(news / m for m in more)])
    window.sidebar.list.setFocus()
    return window


def show(window, what: Show) -> None:
    box = window.sidebar.show_box
    box.setCurrentIndex(box.findData(what))


def all_sources(window) -> str:
    return window.sidebar.sources.item(0).text()


def source_row(window, source: str) -> int:
    """The source list's row of ``source`` (its label is the source's name: 法广 RFI)."""
    items = window.sidebar.sources
    found = [
        i for i in range(items.count()) if items.item(i).data(Qt.ItemDataRole.UserRole) == source
    ]
    assert len(found) == 1
    return found[0]


def test_a_archives_the_article_and_the_next_one_is_shown(qtbot, make_window):
    window = rfi_window(make_window)
    ids = list(window.model.ids())
    press(qtbot, Qt.Key.Key_J)
    press(qtbot, Qt.Key.Key_J)  # the second article, read
    assert window.current_id == ids[1]
    press(qtbot, Qt.Key.Key_A)
    assert window.state.is_archived(ids[1])
    assert window.model.ids() == [ids[0], *ids[2:]]
    assert window.current_id == ids[2]  # the next one, shown (and read)
    assert window.sidebar.current_row() == 1
    assert window.state.is_read(ids[2])
    # 5 left in All; ids[0] and ids[2] read: 3 unread, the same everywhere
    assert window.sidebar.count.text() == "5 articles · 3 unread"
    assert all_sources(window) == "All sources  (3)"
    assert window.sidebar.sources.item(source_row(window, "rfi.fr")).text().endswith("  (3)")
    assert window.statusBar().currentMessage().startswith("Archived “")

    show(window, Show.UNREAD)
    assert ids[1] not in window.model.ids()
    show(window, Show.ARCHIVE)
    assert window.model.ids() == [ids[1]]
    assert window.sidebar.count.text() == "1 archived"
    window.sidebar.select_row(0)
    assert window.current_id == ids[1]
    press(qtbot, Qt.Key.Key_A)  # in the Archive view: back out of it
    assert not window.state.is_archived(ids[1])
    assert window.model.ids() == []
    show(window, Show.ALL)
    assert window.model.ids() == ids
    assert window.sidebar.count.text() == "6 articles · 3 unread"


def test_delete_is_said_with_undo_and_ctrl_z_undoes_it(qtbot, make_window):
    window = rfi_window(make_window)
    ids = list(window.model.ids())
    undo = window.actions_by_id["edit.undo"]
    assert not undo.isEnabled()
    assert undo.text() == "&Undo"
    press(qtbot, Qt.Key.Key_J)
    press(qtbot, Qt.Key.Key_Delete)
    assert window.state.is_deleted(ids[0])
    assert window.model.ids() == ids[1:]
    assert window.current_id == ids[1]
    title = window.library.row(ids[0]).title
    assert window.info.isVisible()
    assert window.info.label.text() == f"Deleted “{title[:59]}{'…' if len(title) > 60 else ''}”."
    assert window.info.action.text() == "Undo"
    assert (undo.isEnabled(), undo.text()) == (True, "&Undo Delete")
    for view in (Show.UNREAD, Show.STARRED, Show.ARCHIVE, Show.ALL):  # hidden everywhere
        show(window, view)
        assert ids[0] not in window.model.ids()

    window.info.action.click()  # the info bar's Undo
    assert not window.state.is_deleted(ids[0])
    assert window.model.ids() == ids
    assert window.current_id == ids[0]  # back, and shown again
    assert not window.info.isVisible()
    assert not undo.isEnabled()

    press(qtbot, Qt.Key.Key_Delete)
    assert window.state.is_deleted(ids[0])
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not window.state.is_deleted(ids[0])
    assert window.model.ids() == ids
    assert not window.info.isVisible()  # its Undo is done
    assert window.sidebar.count.text() == "6 articles · 4 unread"


def test_ctrl_z_undoes_archive_delete_and_mark_all_read_newest_first(qtbot, make_window):
    window = rfi_window(make_window)
    ids = list(window.model.ids())
    undo = window.actions_by_id["edit.undo"]
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)  # Mark All Read
    assert undo.text() == "&Undo Mark All Read"
    press(qtbot, Qt.Key.Key_J)
    press(qtbot, Qt.Key.Key_A)
    assert undo.text() == "&Undo Archive"
    press(qtbot, Qt.Key.Key_Delete)
    assert undo.text() == "&Undo Delete"
    assert window.sidebar.count.text() == "4 articles · 0 unread"

    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not window.state.is_deleted(ids[1])
    assert undo.text() == "&Undo Archive"
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not window.state.is_archived(ids[0])
    assert undo.text() == "&Undo Mark All Read"
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.state.read_ids() == set()
    assert (undo.isEnabled(), undo.text()) == (False, "&Undo")
    assert window.sidebar.count.text() == "6 articles · 6 unread"
    assert all_sources(window) == "All sources  (6)"
    assert window.model.ids() == ids


def test_archive_and_delete_wait_for_an_article(qtbot, make_window):
    window = rfi_window(make_window)
    actions = [window.actions_by_id[a] for a in ("article.archive", "article.delete")]
    assert not any(a.isEnabled() for a in actions)
    menu = [a.objectName() for a in window.menus["article"].actions()]
    assert {"article.archive", "article.delete", "edit.undo"} <= set(menu)
    press(qtbot, Qt.Key.Key_J)
    assert all(a.isEnabled() for a in actions)


def test_archived_and_deleted_stay_so_after_a_restart_and_a_reimport(qtbot, make_window, tmp_path):
    news = shared_path("corpus", "news", "rfi")
    window = rfi_window(make_window)
    ids = list(window.model.ids())
    window.listing.archive([ids[2]])
    window.listing.delete([ids[3]])
    window.close()  # saved at quit
    saved = State(tmp_path / "data")
    assert (saved.archived_ids(), saved.deleted_ids()) == ({ids[2]}, {ids[3]})

    again = make_window([news], data=tmp_path / "data")  # the same files imported again
    assert again.model.ids() == [i for i in ids if i not in (ids[2], ids[3])]
    assert again.sidebar.count.text() == "4 articles · 4 unread"
    show(again, Show.ARCHIVE)
    assert again.model.ids() == [ids[2]]


def test_counts_agree_in_the_unread_view_a_source_and_the_status_bar(qtbot, make_window):
    window = rfi_window(make_window, "bbc")
    sidebar = window.sidebar
    press(qtbot, Qt.Key.Key_J)  # one read in All: 8 of 9 unread
    show(window, Show.UNREAD)
    press(qtbot, Qt.Key.Key_J)  # another read in the Unread view (it stays listed)
    assert all_sources(window) == "All sources  (7)"
    assert sidebar.count.text() == "9 articles · 7 unread"  # was "8 of 9 articles"
    bbc = source_row(window, "bbc.com")
    sidebar.sources.setCurrentRow(bbc)
    unread_bbc = int(sidebar.sources.item(bbc).text().split("(")[1].rstrip(")"))
    assert sidebar.count.text() == f"3 articles · {unread_bbc} unread"  # the source's own
    for _ in range(unread_bbc):
        press(qtbot, Qt.Key.Key_N)
    press(qtbot, Qt.Key.Key_N)
    unread = int(all_sources(window).split("(")[1].rstrip(")"))
    said = window.statusBar().currentMessage()
    assert said == f"No unread articles in this list; {unread} articles are unread in the library."
    assert sidebar.count.text() == "3 articles · 0 unread"
    window.listing.archive([window.current_id])  # archived: out of the source's articles
    assert sidebar.count.text() == "2 articles · 0 unread"
    assert "2 articles, 0 unread" in sidebar.sources.item(bbc).toolTip()


def test_the_list_controller_s_calls_for_context_menus(qtbot, make_window):
    window = rfi_window(make_window, "bbc")
    listing = window.listing
    ids = list(window.model.ids())
    press(qtbot, Qt.Key.Key_J)
    current = window.current_id
    listing.archive([ids[3]])  # another row than the one shown: the reader stays put
    assert window.current_id == current
    assert ids[3] not in window.model.ids()
    listing.set_read([ids[4], ids[5]], True)
    assert window.state.is_read(ids[4])
    assert window.state.is_read(ids[5])
    listing.set_read([ids[4]], False)
    listing.set_read([ids[4]], False)  # twice: counted once
    listing.set_starred([ids[6]], True)
    assert window.state.is_starred(ids[6])
    assert window.sidebar.count.text() == "8 articles · 6 unread"
    listing.mark_source_read("bbc.com")
    assert window.actions_by_id["edit.undo"].text() == "&Undo Mark Source Read"
    bbc = [i for i in window.model.ids() if window.library.row(i).source == "bbc.com"]
    assert all(window.state.is_read(i) for i in bbc)
    counts = window.library.catalog.source_counts()
    assert counts["bbc.com"].unread == 0
    assert window.sidebar.count.text() == f"8 articles · {counts['rfi.fr'].unread} unread"
    listing.undo()
    assert window.library.catalog.source_counts()["bbc.com"].unread > 0
    listing.delete([ids[7], ids[8]])
    assert window.info.label.text() == "Deleted 2 articles."
    window.saver.flush()
    on_disk = State(window.state.root)
    assert on_disk.deleted_ids() == {ids[7], ids[8]}
    assert on_disk.archived_ids() == {ids[3]}
    assert on_disk.starred_ids() == {ids[6]}


def test_a_deleted_article_opened_again_is_said_and_can_be_restored(qtbot, make_window):
    window = rfi_window(make_window)
    ids = list(window.model.ids())
    window.listing.delete([ids[0]])
    window.info.hide()
    assert window.select_document(ids[0])  # as opening its file again or --open ID does
    assert window.current_id == ids[0]
    assert ids[0] not in window.model.ids()  # still out of the list
    assert window.info.label.text() == "This article was deleted: it stays out of every list."
    window.info.action.click()  # Restore
    assert not window.state.is_deleted(ids[0])
    assert window.model.ids() == ids
    assert window.sidebar.current_id() == ids[0]


def test_when_no_row_is_left_the_list_says_the_article_left(qtbot, make_window):
    window = rfi_window(make_window)
    ids = list(window.model.ids())
    window.listing.archive(ids[1:])
    press(qtbot, Qt.Key.Key_J)
    assert window.current_id == ids[0]
    with qtbot.waitSignal(window.listing.article_left) as left:
        press(qtbot, Qt.Key.Key_Delete)
    assert left.args == [ids[0]]
    assert window.model.rowCount() == 0


def test_a_star_set_from_the_list_shows_in_the_article_s_header(qtbot, make_window):
    window = rfi_window(make_window)
    press(qtbot, Qt.Key.Key_J)
    current = window.current_id
    header = lambda: window.viewer.toPlainText().split("\n\n")[0:3]  # noqa: E731
    assert not any("★" in line for line in header())
    window.listing.set_starred([current], True)  # as the row's context menu does
    assert any("★" in line for line in header())
    window.listing.set_starred([current], False)
    assert not any("★" in line for line in header())


def test_del_and_ctrl_z_work_from_the_article_and_stay_text_keys_in_the_note(qtbot, make_window):
    window = rfi_window(make_window)
    press(qtbot, Qt.Key.Key_J)
    first = window.current_id
    window.viewer.setFocus()
    qtbot.keyClick(window.viewer, Qt.Key.Key_Delete)
    assert window.state.is_deleted(first)
    qtbot.keyClick(window.viewer, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not window.state.is_deleted(first)
    window.notes.edit.setFocus()
    qtbot.keyClicks(window.notes.edit, "abc")
    window.notes.edit.moveCursor(window.notes.edit.textCursor().MoveOperation.Start)
    qtbot.keyClick(window.notes.edit, Qt.Key.Key_Delete)
    qtbot.keyClick(window.notes.edit, Qt.Key.Key_A)
    assert window.notes.text() == "abc"  # Del and A were the note's
    qtbot.keyClick(window.notes.edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.notes.text() == "bc"  # and Ctrl+Z too
    assert window.state.deleted_ids() == set()
    assert window.state.archived_ids() == set()


def test_undoing_a_delete_leaves_a_later_message_of_the_info_bar(qtbot, make_window):
    window = rfi_window(make_window)
    press(qtbot, Qt.Key.Key_J)
    press(qtbot, Qt.Key.Key_Delete)
    window.info.show_message("Something else happened.")
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.state.deleted_ids() == set()
    assert window.info.isVisible()
    assert window.info.label.text() == "Something else happened."


def test_two_running_windows_keep_each_other_s_archive_and_delete(qtbot, make_window, tmp_path):
    first = rfi_window(make_window)
    ids = list(first.model.ids())
    second = make_window(data=tmp_path / "data")  # a second copy (--new-instance)
    first.listing.archive([ids[0]])
    first.saver.flush()
    second.listing.delete([ids[1]])
    second.saver.flush()  # merged with what the first saved, field by field
    first.listing.undo()  # the first copy's undo changes its own article only
    first.saver.flush()
    on_disk = State(tmp_path / "data")
    assert on_disk.archived_ids() == set()
    assert on_disk.deleted_ids() == {ids[1]}


def test_another_view_without_the_article_shown_closes_it(qtbot, make_window):
    """In All, A archived an article and showed the next; in Archive, A then archived that
    next one (still shown, not in the list) instead of bringing one back."""
    window = rfi_window(make_window)
    press(qtbot, Qt.Key.Key_J)
    archived = window.current_id
    press(qtbot, Qt.Key.Key_A)
    shown = window.current_id
    assert shown not in (None, archived)
    show(window, Show.ARCHIVE)
    assert window.current_id is None  # the article of All is not in the Archive's list
    assert window.model.ids() == [archived]
    window.sidebar.list.setFocus()
    press(qtbot, Qt.Key.Key_J)
    press(qtbot, Qt.Key.Key_A)  # brings it back
    assert not window.state.is_archived(archived)
    assert not window.state.is_archived(shown)


def test_a_search_keeps_the_article_shown(qtbot, make_window):
    window = rfi_window(make_window)
    press(qtbot, Qt.Key.Key_J)
    shown = window.current_id
    window.sidebar.filter.insert("zzzz-nothing-matches")
    qtbot.waitUntil(lambda: window.model.rowCount() == 0)
    assert window.current_id == shown


def test_the_unread_view_starts_at_its_top(qtbot, make_window):
    """Switched to from an article read far down All, it opened halfway down its list."""
    news = shared_path("corpus", "news")
    window = make_window([news / "rfi", news / "bbc", news / "dw", news / "cdt"])
    window.resize(900, 400)
    ids = window.model.ids()
    window.select_document(ids[-1])  # read, at the bottom
    bar = window.sidebar.list.verticalScrollBar()
    assert bar.value() > 0
    show(window, Show.UNREAD)
    assert window.model.row_of(ids[-1]) is None
    assert bar.value() == 0


def test_delete_says_so_in_the_status_bar_too(qtbot, make_window):
    """After A then Del, the status bar still said "Archived …. Undo: Ctrl+Z"."""
    window = rfi_window(make_window)
    press(qtbot, Qt.Key.Key_J)
    press(qtbot, Qt.Key.Key_A)
    assert window.statusBar().currentMessage().startswith("Archived")
    press(qtbot, Qt.Key.Key_Delete)
    assert window.statusBar().currentMessage().startswith("Deleted")


def test_sources_are_listed_by_the_names_shown(qtbot, make_window):
    news = shared_path("corpus", "news")
    window = make_window([news / "rfi", news / "bbc", news / "dw"])
    sources = window.sidebar.sources
    labels = [sources.item(i).text() for i in range(1, sources.count())]
    names = [label.rsplit("  (", 1)[0] for label in labels]
    assert names == sorted(names, key=str.casefold)
    window.context.rename_source("rfi.fr", "AAA first")
    first = sources.item(1).text()
    assert first.startswith("AAA first")


def test_an_empty_list_says_why(qtbot, make_window):
    """0 results, 0 archived, an emptied Unread view: the list was blank."""
    window = rfi_window(make_window)
    articles = window.sidebar.list

    def inked() -> bool:
        image = articles.viewport().grab().toImage()
        background = image.pixelColor(2, 2)
        return any(
            image.pixelColor(x, y) != background
            for y in range(0, min(image.height(), 120), 2)
            for x in range(0, image.width(), 3)
        )

    assert articles.empty_text  # (said only when the list is empty)
    show(window, Show.ARCHIVE)
    assert window.model.rowCount() == 0
    assert articles.empty_text == "Nothing archived here. A archives the article shown."
    assert inked()
    show(window, Show.ALL)
    window.sidebar.filter.insert("zzzz-nothing-matches")
    qtbot.waitUntil(lambda: window.model.rowCount() == 0)
    assert articles.empty_text == "No articles match this search."
    assert inked()
    articles.empty_text = ""
    assert not inked()  # (what drew the ink was the text)


def test_keys_1_to_4_choose_the_view_and_stay_text_in_the_search_box(qtbot, make_window):
    """The Show box was reachable only by / then Tab."""
    window = rfi_window(make_window)
    box = window.sidebar.show_box
    for key, view in (
        (Qt.Key.Key_2, Show.UNREAD),
        (Qt.Key.Key_3, Show.STARRED),
        (Qt.Key.Key_4, Show.ARCHIVE),
        (Qt.Key.Key_1, Show.ALL),
    ):
        press(qtbot, key)
        assert box.currentData() == view
    assert QApplication.focusWidget() is window.sidebar.list
    window.sidebar.filter.setFocus()
    qtbot.keyClicks(window.sidebar.filter, "2024")
    assert window.sidebar.filter.text() == "2024"
    assert box.currentData() == Show.ALL
