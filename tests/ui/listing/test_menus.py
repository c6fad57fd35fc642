"""The list's context menus (issue 11): a right-click offers actions and opens nothing; a
row's menu acts on its row; a source's menu renames it (plain text) or marks it read."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QMenu, QWidget
from shared_paths import shared_path

from reader.core.userdata.state import State
from reader.ui.listing.menus import RenameDialog, RowActions, row_menu
from reader.ui.plain import menu_text

# (offscreen: a popup cannot be raised nor grab the keyboard)
popups = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")


def texts(menu: QMenu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def entry(menu: QMenu, text: str):
    return next(a for a in menu.actions() if a.text() == text)


def row_point(window, row: int) -> QPoint:
    return window.sidebar.list.visualRect(window.model.index(row, 0)).center()


def source_point(window, label: str) -> QPoint:
    """The middle of the source whose label starts with ``label``."""
    sources = window.sidebar.sources
    items = [sources.item(i) for i in range(sources.count())]
    item = next(item for item in items if item.text().startswith(label))
    return sources.visualItemRect(item).center()


def test_a_right_click_opens_no_row_and_chooses_no_source(qtbot, make_window):
    window = make_window(
        [shared_path("corpus", "news", "rfi"), shared_path("corpus", "news", "bbc")]
    )
    articles = window.sidebar.list
    qtbot.mouseClick(articles.viewport(), Qt.MouseButton.RightButton, pos=row_point(window, 2))
    assert window.current_id is None  # before: the row opened, and was marked read
    assert not articles.currentIndex().isValid()
    assert not any(window.state.is_read(i) for i in window.model.ids())
    sources = window.sidebar.sources
    point = source_point(window, "BBC 中文  (3)")
    qtbot.mouseClick(sources.viewport(), Qt.MouseButton.RightButton, pos=point)
    assert window.sidebar.query().source is None  # the list is not filtered by it
    assert window.model.rowCount() == 9
    qtbot.mouseClick(articles.viewport(), Qt.MouseButton.LeftButton, pos=row_point(window, 2))
    assert window.current_id == window.model.ids()[2]  # (a left click still opens)


@popups
def test_a_rows_menu_acts_on_its_row_not_on_the_open_article(qtbot, make_window, opened):
    window = make_window([shared_path("corpus", "news", "rfi")])
    window.sidebar.select_row(0)
    first, third = window.model.ids()[0], window.model.ids()[2]
    assert window.current_id == first
    menus = window.context.list_menus
    window.sidebar.list.customContextMenuRequested.emit(row_point(window, 2))
    menu = menus.shown
    assert menu is not None
    title = window.library.row(third).title
    assert texts(menu)[0] == menu_text(title)  # which row it is, as plain text
    assert not menu.actions()[0].isEnabled()
    assert {"&Open", "Mark &Read", "S&tar", "Open &Original", "Copy &Link"} <= set(texts(menu))
    entry(menu, "Mark &Read").trigger()
    entry(menu, "S&tar").trigger()
    assert window.state.is_read(third)
    assert window.state.is_starred(third)
    assert window.current_id == first
    entry(menu, "Copy &Link").trigger()
    assert QGuiApplication.clipboard().text() == window.library.row(third).url
    entry(menu, "Open &Original").trigger()
    assert opened.urls == [window.library.row(third).url]
    window.sidebar.list.customContextMenuRequested.emit(row_point(window, 2))
    again = menus.shown
    assert again is not None
    assert {"Mark &Unread", "Uns&tar"} <= set(texts(again))
    entry(again, "Mark &Unread").trigger()
    entry(again, "Uns&tar").trigger()
    assert not window.state.is_read(third)
    assert not window.state.is_starred(third)
    entry(again, "&Open").trigger()
    assert window.current_id == third
    assert window.state.is_read(third)


def test_a_rows_menu_archives_and_deletes_through_what_it_is_given(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    calls: list[tuple[object, ...]] = []
    title = "A & B <b>not bold</b> " + "长" * 100
    actions = RowActions(
        open=lambda i: calls.append(("open", i)),
        is_read=lambda _i: False,
        is_starred=lambda _i: True,
        title_of=lambda _i: title,
        url_of=lambda _i: None,
        set_read=lambda ids, read: calls.append(("read", ids, read)),
        set_starred=lambda ids, starred: calls.append(("star", ids, starred)),
        archive=lambda ids, archived=True: calls.append(("archive", ids, archived)),
        is_archived=lambda _i: False,
        delete=lambda ids: calls.append(("delete", ids)),
    )
    menu = row_menu(parent, "id1", actions)
    heading = texts(menu)[0]
    assert heading.startswith("A && B <b>not bold</b> 长")  # & is no mnemonic; no markup
    assert heading.endswith("…")
    assert len(heading) < 70
    assert texts(menu)[1:] == ["&Open", "Mark &Read", "Uns&tar", "&Archive", "&Delete"]
    for text in texts(menu)[1:]:
        entry(menu, text).trigger()
    assert calls == [
        ("open", "id1"),
        ("read", ["id1"], True),
        ("star", ["id1"], False),
        ("archive", ["id1"], True),
        ("delete", ["id1"]),
    ]
    archived = row_menu(parent, "id1", RowActions(**{**vars(actions), "is_archived": bool}))
    entry(archived, "Move Out of &Archive").trigger()
    assert calls[-1] == ("archive", ["id1"], False)
    bare = row_menu(parent, "id1", RowActions(**{**vars(actions), "archive": None, "delete": None}))
    assert texts(bare)[1:] == ["&Open", "Mark &Read", "Uns&tar"]


@popups
def test_a_source_is_renamed_everywhere_and_empty_gives_its_name_back(qtbot, make_window):
    window = make_window([shared_path("corpus", "news", "rfi")])
    sources = window.sidebar.sources
    sources.customContextMenuRequested.emit(source_point(window, "法广 RFI  (6)"))
    menu = window.context.list_menus.shown
    assert menu is not None
    assert texts(menu)[0] == "法广 RFI"
    entry(menu, "Re&name…").trigger()
    dialog = sources.findChildren(RenameDialog)[-1]
    assert dialog.edit.text() == ""  # no name of the reader's yet
    assert dialog.edit.placeholderText() == "法广 RFI"
    dialog.edit.setText("  Radio <i>France</i> & co  ")
    dialog.accept()
    label = "Radio <i>France</i> & co  (6)"
    assert sources.item(1).text() == label
    delegate = window.sidebar.list.itemDelegate()
    assert delegate.subtitle(window.model.index(0, 0)).startswith("Radio <i>France</i> & co · ")
    window.saver.flush()
    assert State(window.state.root).source_names() == {"rfi.fr": "Radio <i>France</i> & co"}
    sources.customContextMenuRequested.emit(source_point(window, label))
    again = window.context.list_menus.shown
    assert again is not None
    assert texts(again)[0] == "Radio <i>France</i> && co"  # plain text, & no mnemonic
    entry(again, "Re&name…").trigger()
    dialog = sources.findChildren(RenameDialog)[-1]  # (the first one goes when it can)
    assert dialog.edit.text() == "Radio <i>France</i> & co"
    dialog.edit.setText("")
    dialog.accept()
    assert sources.item(1).text() == "法广 RFI  (6)"
    sources.customContextMenuRequested.emit(QPoint(2, 2))  # "All sources": no menu
    assert window.context.list_menus.shown is again


@popups
def test_the_keyboards_menu_key_opens_the_menu_of_the_current_row(qtbot, make_window):
    window = make_window([shared_path("corpus", "news", "rfi")])
    window.sidebar.select_row(3)
    articles = window.sidebar.list
    asked = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, QPoint(1, 1), QPoint(1, 1))
    QApplication.sendEvent(articles, asked)
    menu = window.context.list_menus.shown
    assert menu is not None
    assert texts(menu)[0] == menu_text(window.library.row(window.model.ids()[3]).title)
    sources = window.sidebar.sources
    sources.setCurrentRow(1)
    QApplication.sendEvent(
        sources, QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, QPoint(), QPoint())
    )
    source = window.context.list_menus.shown
    assert source is not menu
    assert texts(source)[0] == "法广 RFI"


@popups
def test_a_row_is_archived_or_deleted_and_a_source_marked_read_from_its_menu(qtbot, make_window):
    news = shared_path("corpus", "news")
    window = make_window([news / "rfi", news / "bbc"])
    menus = window.context.list_menus
    ids = window.model.ids()
    window.sidebar.list.customContextMenuRequested.emit(row_point(window, 1))
    assert menus.shown is not None
    entry(menus.shown, "&Archive").trigger()
    assert window.state.is_archived(ids[1])
    assert ids[1] not in window.model.ids()
    window.sidebar.list.customContextMenuRequested.emit(row_point(window, 0))
    assert menus.shown is not None
    entry(menus.shown, "&Delete").trigger()
    assert window.state.is_deleted(ids[0])
    assert ids[0] not in window.model.ids()
    window.sidebar.sources.customContextMenuRequested.emit(source_point(window, "BBC 中文"))
    assert menus.shown is not None
    entry(menus.shown, "Mark All &Read").trigger()
    bbc = [i for i in window.model.ids() if window.library.row(i).source == "bbc.com"]
    assert bbc
    assert all(window.state.is_read(i) for i in bbc)
    assert not any(window.state.is_read(i) for i in window.model.ids() if i not in bbc)
    assert "BBC 中文" in [window.sidebar.sources.item(i).text() for i in range(3)]


@popups
def test_a_sources_menu_sets_and_unsets_always_load_images(qtbot, make_window):
    news = shared_path("corpus", "news")
    window = make_window([news / "bbc"])
    menus = window.context.list_menus
    window.sidebar.sources.customContextMenuRequested.emit(source_point(window, "BBC 中文"))
    assert menus.shown is not None
    always = entry(menus.shown, "Always Load &Images")
    assert always.isCheckable()
    assert not always.isChecked()
    always.trigger()
    assert window.state.loads_images("bbc.com")
    window.sidebar.sources.customContextMenuRequested.emit(source_point(window, "BBC 中文"))
    always = entry(menus.shown, "Always Load &Images")
    assert always.isChecked()  # the menu says the choice
    always.trigger()
    assert not window.state.loads_images("bbc.com")
