"""The article's context menu: Copy (with a selection), Copy Link and Open Link (on a link),
Search for Selection, Select All.

Open Link is offered only for what may leave the app (http, https, mailto: core/links.py, the
check every other way of opening a link makes too) and goes through the same opener as a
click; Copy Link copies any link but the welcome page's own (``reader:``) and those within the
page (``#...``). The selection searched for reaches the menu and the search box as plain text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QPoint, Qt, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMenu, QTextBrowser

from reader.core.links import external_url
from reader.ui.plain import plain_action

SEARCH_CHARS = 100  # of a selection searched for
SHOWN_CHARS = 24  # of a selection shown in the menu entry


@dataclass
class ViewerActions:
    open_link: Callable[[str], object]  # to the browser (the reading controller's opener)
    search: Callable[[str], object]  # put text in the search box and search


def selection_query(text: str) -> str:
    """A selection as a search: one line (QTextCursor's paragraph separators too), cut."""
    return " ".join(text.replace("\u2029", " ").split())[:SEARCH_CHARS]


def copyable_link(href: str) -> str | None:
    """The link under the pointer as it can be copied, or None (no link, a ``reader:`` link,
    a place within the page)."""
    if not href or href.startswith("#"):
        return None
    url = QUrl(href)
    if url.scheme().lower() == "reader" or not url.scheme():
        return None
    return external_url(href) or href


def viewer_menu(viewer: QTextBrowser, pos: QPoint, actions: ViewerActions) -> QMenu:
    """The menu for a right-click at ``pos`` (viewport coordinates)."""
    menu = QMenu(viewer)
    menu.setObjectName("viewer_menu")
    cursor = viewer.textCursor()
    if cursor.hasSelection():
        copy = menu.addAction("&Copy")
        copy.triggered.connect(viewer.copy)
    link = copyable_link(viewer.anchorAt(pos))
    if link is not None:
        copy_link = menu.addAction("Copy &Link")
        copy_link.triggered.connect(lambda: QGuiApplication.clipboard().setText(link))
        safe = external_url(link)
        if safe is not None:
            open_link = menu.addAction("&Open Link")
            open_link.triggered.connect(lambda: actions.open_link(safe))
    query = selection_query(cursor.selectedText()) if cursor.hasSelection() else ""
    if query:
        shown = query if len(query) <= SHOWN_CHARS else query[: SHOWN_CHARS - 1] + "…"
        search = plain_action(f"Search for “{shown}”", menu)
        search.setObjectName("search_selection")
        search.triggered.connect(lambda: actions.search(query))
        menu.addAction(search)
    if not menu.isEmpty():
        menu.addSeparator()
    select_all = menu.addAction("Select &All")
    select_all.triggered.connect(viewer.selectAll)
    return menu


class ViewerMenu(QObject):
    """Installs the menu on ``viewer`` in place of Qt's own. ``shown``: the menu on screen."""

    def __init__(self, viewer: QTextBrowser, actions: ViewerActions) -> None:
        super().__init__(viewer)
        self._viewer = viewer
        self.actions = actions
        self.shown: QMenu | None = None
        viewer.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        # (From the keyboard too: QTextEdit asks for it at the text cursor.)
        viewer.customContextMenuRequested.connect(self._asked)

    def _asked(self, pos: QPoint) -> None:
        if self.shown is not None:
            self.shown.deleteLater()
        self.shown = viewer_menu(self._viewer, pos, self.actions)
        self.shown.popup(self._viewer.viewport().mapToGlobal(pos))
