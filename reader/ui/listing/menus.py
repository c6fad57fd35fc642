"""The list's context menus: a row's (open, read, star, original, link, archive, delete) and a
source's (mark all read, always load images, rename).

A right-click offers actions and changes nothing by itself: it does not make the row under it
current (which would open the article and mark it read) nor choose the source under it
(which would filter the list). Each entry calls a callable the window gives (``RowActions``,
``SourceActions``), so the menus know no controller; an entry whose callable is None is left
out. Titles and source names reach the menu as plain text (plain.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QGuiApplication, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QListWidget,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from reader.ui.listing.model import DOC_ID_ROLE
from reader.ui.plain import plain_action, plain_label

TITLE_SHOWN = 60  # characters of a title the row menu's heading shows

Ids = list[str]


@dataclass
class RowActions:
    """What a row's menu can do: each takes the ids of the rows it acts on (the names of
    ListController's methods); None leaves the entry out."""

    open: Callable[[str], object]  # show the article (as choosing its row does)
    is_read: Callable[[str], bool]
    is_starred: Callable[[str], bool]
    title_of: Callable[[str], str]
    url_of: Callable[[str], str | None]
    set_read: Callable[[Ids, bool], object] | None = None
    set_starred: Callable[[Ids, bool], object] | None = None
    open_url: Callable[[str], object] | None = None  # the browser (links vetted there)
    archive: Callable[..., object] | None = None  # archive(ids, archived=True)
    is_archived: Callable[[str], bool] | None = None
    delete: Callable[[Ids], object] | None = None


@dataclass
class SourceActions:
    """What a source's menu can do; ``rename(source, name)``: empty gives the default back."""

    name_of: Callable[[str], str]  # the name shown (the reader's, else the default)
    default_name: Callable[[str], str]  # the name shown without the reader's
    rename: Callable[[str, str], object]
    mark_read: Callable[[str], object] | None = None  # mark_source_read(source)
    # whether a source's articles load their images when opened, and setting it
    loads_images: Callable[[str], bool] | None = None
    set_loads_images: Callable[[str, bool], object] | None = None


class _RightPressKept(QObject):
    """Eats right-button presses on an item view's viewport, so a right-click leaves the
    current item as it is (Qt still sends the context menu event: it follows the press)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kinds = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick)
        if event.type() in kinds and isinstance(event, QMouseEvent):
            return event.button() == Qt.MouseButton.RightButton
        return False


class KeyboardMenu(QObject):
    """Calls ``then`` for a context menu asked by the keyboard (the Menu key, Shift+F10) on
    the watched widget, in place of Qt's, which would put it at a place unrelated to the
    current item or text."""

    def __init__(self, watched: QWidget, then: Callable[[], object]) -> None:
        super().__init__(watched)
        self._then = then
        watched.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QContextMenuEvent) and (
            event.reason() == QContextMenuEvent.Reason.Keyboard
        ):
            self._then()
            return True
        return False


def _keep_right_press(view: QAbstractItemView) -> None:
    keeper = _RightPressKept(view)
    view.viewport().installEventFilter(keeper)
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)


def row_menu(parent: QWidget, doc_id: str, actions: RowActions) -> QMenu:
    """The menu of the row showing ``doc_id``."""
    menu = QMenu(parent)
    menu.setObjectName("row_menu")
    title = " ".join(actions.title_of(doc_id).split())
    if len(title) > TITLE_SHOWN:
        title = title[: TITLE_SHOWN - 1] + "…"
    heading = plain_action(title or "(untitled)", menu)
    heading.setEnabled(False)
    menu.addAction(heading)
    menu.addSeparator()
    ids = [doc_id]
    _add(menu, "&Open", lambda: actions.open(doc_id))
    if actions.set_read is not None:
        read, set_read = actions.is_read(doc_id), actions.set_read
        _add(menu, "Mark &Unread" if read else "Mark &Read", lambda: set_read(ids, not read))
    if actions.set_starred is not None:
        starred = actions.is_starred(doc_id)
        star = actions.set_starred
        _add(menu, "Uns&tar" if starred else "S&tar", lambda: star(ids, not starred))
    url = actions.url_of(doc_id)
    if url:
        menu.addSeparator()
        if actions.open_url is not None:
            open_url = actions.open_url
            _add(menu, "Open &Original", lambda: open_url(url))
        _add(menu, "Copy &Link", lambda: QGuiApplication.clipboard().setText(url))
    if actions.archive is not None or actions.delete is not None:
        menu.addSeparator()
    if actions.archive is not None:
        archive = actions.archive
        archived = actions.is_archived is not None and actions.is_archived(doc_id)
        text = "Move Out of &Archive" if archived else "&Archive"
        _add(menu, text, lambda: archive(ids, archived=not archived))
    if actions.delete is not None:
        delete = actions.delete
        _add(menu, "&Delete", lambda: delete(ids))
    return menu


def source_menu(parent: QWidget, source: str, actions: SourceActions) -> QMenu:
    """The menu of a source in the sidebar's source list."""
    menu = QMenu(parent)
    menu.setObjectName("source_menu")
    heading = plain_action(actions.name_of(source), menu)
    heading.setEnabled(False)
    menu.addAction(heading)
    menu.addSeparator()
    if actions.mark_read is not None:
        mark_read = actions.mark_read
        _add(menu, "Mark All &Read", lambda: mark_read(source))
    if actions.loads_images is not None and actions.set_loads_images is not None:
        set_loads = actions.set_loads_images
        always = menu.addAction("Always Load &Images")
        always.setCheckable(True)
        always.setChecked(actions.loads_images(source))
        always.setToolTip("Its articles load their images when opened (Preferences > Images)")
        always.triggered.connect(lambda on: set_loads(source, on))
    rename = menu.addAction("Re&name…")
    rename.triggered.connect(lambda: ask_name(parent, source, actions))
    return menu


def _add(menu: QMenu, text: str, then: Callable[[], object]) -> None:
    """An entry of fixed text (ours, with its mnemonic)."""
    action = menu.addAction(text)
    action.triggered.connect(lambda _checked=False: then())


class RenameDialog(QDialog):
    """The name a source is shown by: plain text, one line; empty gives the default back."""

    def __init__(self, parent: QWidget, source: str, current: str, default: str) -> None:
        super().__init__(parent)
        self.setObjectName("rename_source")
        self.setWindowTitle("Rename Source")
        self.source = source
        said = f"The name shown for {source}. Leave it empty for the default ({default})."
        label = plain_label(said)
        label.setWordWrap(True)
        self.edit = QLineEdit(current)
        self.edit.setPlaceholderText(default)
        self.edit.selectAll()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(label)
        column.addWidget(self.edit)
        column.addWidget(buttons)
        self.setMinimumWidth(360)


def ask_name(parent: QWidget, source: str, actions: SourceActions) -> RenameDialog:
    """Open the rename dialog (window-modal, not blocking); OK renames."""
    current = actions.name_of(source)
    default = actions.default_name(source)
    dialog = RenameDialog(parent, source, "" if current == default else current, default)
    dialog.accepted.connect(lambda: actions.rename(source, dialog.edit.text()))
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


class ListMenus(QObject):
    """The row menu on the article list and the source menu on the source list. ``shown``:
    the menu on screen (for the tests)."""

    def __init__(
        self,
        articles: QAbstractItemView,
        sources: QListWidget,
        rows: RowActions,
        source_actions: SourceActions,
    ) -> None:
        super().__init__(articles)
        self._articles = articles
        self._sources = sources
        self.rows = rows
        self.source_actions = source_actions
        self.shown: QMenu | None = None
        _keep_right_press(articles)
        _keep_right_press(sources)
        articles.customContextMenuRequested.connect(self._row_asked)
        sources.customContextMenuRequested.connect(self._source_asked)
        # From the keyboard: at the current row, the current source.
        KeyboardMenu(articles, lambda: self._row_asked(_current_point(articles)))
        KeyboardMenu(sources, lambda: self._source_asked(_current_point(sources)))

    def _row_asked(self, pos: QPoint) -> None:
        index = self._articles.indexAt(pos)
        doc_id = index.data(DOC_ID_ROLE) if index.isValid() else None
        if doc_id:
            self._popup(row_menu(self._articles, doc_id, self.rows), self._articles, pos)

    def _source_asked(self, pos: QPoint) -> None:
        item = self._sources.itemAt(pos)
        source = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if source:  # (not "All sources")
            self._popup(source_menu(self._sources, source, self.source_actions), self._sources, pos)

    def _popup(self, menu: QMenu, view: QAbstractItemView, pos: QPoint) -> None:
        if self.shown is not None:
            self.shown.deleteLater()
        self.shown = menu
        menu.popup(view.viewport().mapToGlobal(pos))


def _current_point(view: QAbstractItemView) -> QPoint:
    """The middle of the current item (viewport coordinates; outside every item: none)."""
    current = view.currentIndex()
    return view.visualRect(current).center() if current.isValid() else QPoint(-1, -1)
