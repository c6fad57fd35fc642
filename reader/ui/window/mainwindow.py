"""The main window: it makes the controllers, places their widgets and wires them together.

What the window does lives in the controllers, each action's handler beside its code
(``@handles``): the list (reader/ui/listing/controller.py), the reading pane
(reader/ui/reading/controller.py), importing (reader/ui/importing/controller.py), the panes
and what is remembered of them (layout.py). Here: menus, the status bar, drops, files handed
over by a later start, and quitting.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, Qt, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QMessageBox

from reader import APP_NAME
from reader.core.display import printable
from reader.core.library.store import Library
from reader.core.userdata.prefs import Preferences
from reader.core.userdata.state import State
from reader.ui.handlers import handlers_of, handles
from reader.ui.importing.controller import ImportController
from reader.ui.infobar import InfoBar
from reader.ui.listing.controller import ListController
from reader.ui.plain import plain_action, warning_box
from reader.ui.reading.controller import ReadingController
from reader.ui.reading.pictures import PicturesController
from reader.ui.saver import StateSaver
from reader.ui.window.actions import build_actions, build_menus
from reader.ui.window.context import WindowContext
from reader.ui.window.layout import WindowLayout

if TYPE_CHECKING:
    from reader.ui.importing.choosers import Choosers


# Actions about the article shown: enabled only while one is.
ARTICLE_ACTIONS = (
    "article.toggle_read",
    "article.open_original",
    "article.edit_note",
    "article.star",
    "article.archive",
    "article.delete",
    "article.load_images",
)


class MainWindow(QMainWindow):
    # The library file turned out damaged (an import met it): the app offers the repair.
    library_damaged = Signal(object)  # LibraryDamaged

    def __init__(
        self,
        library: Library,
        state: State,
        *,
        choosers: Choosers | None = None,
        open_url: Callable[[QUrl], object] | None = None,
        sample_dir: Path | None = None,
        prefs: Preferences | None = None,
    ) -> None:
        super().__init__()
        self.library = library
        self.state = state
        # (Made here when not given: its first load moves the options state.json held.)
        self.prefs = prefs if prefs is not None else Preferences(state.root, state)
        self._choosers = choosers
        self._open_url = open_url or _open_in_browser
        self._closing = False  # closeEvent under way: files handed over are refused
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)

        self.saver = StateSaver(state, self)
        self.info = InfoBar()
        self.listing = ListController(
            library, state, self.saver, lambda: self.current_id, self, info=self.info
        )
        self.importer = ImportController(
            library.root, state, self.saver, self.listing, self.info, self.choosers, self,
            sample_dir,
        )  # fmt: skip
        self.reading = ReadingController(
            library, state, self.saver, self.listing, self._open_url,
            self.importer.sample_available, self, prefs=self.prefs,
        )  # fmt: skip
        self.pictures = PicturesController(
            library, state, self.saver, self.prefs, self.reading, self.info, self
        )
        self.panes = WindowLayout(
            self, state, self.prefs, self.listing, self.reading, (self.info, self.pictures.bar)
        )
        # The widgets by the names the tests and the app use.
        self.sidebar, self.model = self.listing.sidebar, self.listing.model
        self.viewer, self.notes = self.reading.viewer, self.reading.notes  # fmt: skip

        handlers = handlers_of(
            self, self.listing, self.reading, self.importer, self.panes, self.pictures
        )
        self.actions_by_id = build_actions(self, handlers)
        self.menus = build_menus(self, self.actions_by_id)
        self._name_undo("")
        self._enable_article_actions(False)
        self._build_recent_menu()
        self.statusBar().addPermanentWidget(self.importer.progress)
        self.statusBar().addPermanentWidget(self.importer.cancel_button)
        self._wire()
        self.context = WindowContext(self)  # sources' names, snippets, context menus

        self.panes.restore()
        if not self.listing.start(self):
            self.panes.restore_document()
        self.focus_list()
        self._state_warning: str | None = None
        self._show_state_warning()

    def _wire(self) -> None:
        for source in (self.listing, self.reading, self.importer, self.panes, self.pictures):
            source.message.connect(self._status)
        self.importer.imported.connect(self.pictures.imported)
        self.listing.loaded.connect(self.panes.restore_document)
        self.listing.article_left.connect(self.reading.close_article)
        self.listing.undo_changed.connect(self._name_undo)
        self.listing.starred_changed.connect(self.reading.star_changed)
        self.reading.title_changed.connect(self.setWindowTitle)
        self.reading.command.connect(self._command)
        self.reading.article_shown.connect(self._enable_article_actions)
        self.reading.title_changed.connect(lambda _title: self.info.article_changed())
        self.reading.link_hovered.connect(self._hovered)
        self.reading.not_opened.connect(self._not_opened)
        self.reading.notes.escape_pressed.connect(self.focus_list)
        self.importer.damaged.connect(self.library_damaged)
        self.saver.failed.connect(lambda text: self._status(text, 10000))
        self.saver.saved.connect(self._show_state_warning)  # a save may recover the file too

    def _status(self, text: str, timeout: int) -> None:
        self.statusBar().showMessage(text, timeout)

    def _name_undo(self, label: str) -> None:
        """The Undo item says what it would undo ("Undo Archive"); disabled with nothing."""
        undo = self.actions_by_id["edit.undo"]
        undo.setText(f"&Undo {label}" if label else "&Undo")
        undo.setEnabled(bool(label))

    def _enable_article_actions(self, shown: bool) -> None:
        """The Article menu's actions that need an article: enabled only with one open."""
        for action_id in ARTICLE_ACTIONS:
            self.actions_by_id[action_id].setEnabled(shown)

    def _hovered(self, target: str) -> None:
        if target:
            self.statusBar().showMessage(target)
        else:
            self.statusBar().clearMessage()

    def _not_opened(self, url: str) -> None:
        """No browser could be started: said, with the link to copy."""
        from PySide6.QtGui import QGuiApplication

        shown = printable(QUrl(url).toDisplayString())  # (%E4%B8%AD as 中, for a reader)
        if len(shown) > 120:
            shown = f"{shown[:90]}…{shown[-25:]}"
        self.info.show_message(
            f"No web browser could be started to open {shown}",
            action=("Copy Link", lambda: QGuiApplication.clipboard().setText(url)),
            about_article=True,
        )

    def _command(self, name: str) -> None:
        """A ``reader:`` link of the welcome page, or an image box's Load images."""
        commands = {
            "open": self.importer.open_files,
            "import-folder": self.importer.import_folder,
            "sample": self.importer.open_sample,
            "load-images": self.pictures.load_images,
        }
        commands.get(name, lambda: None)()

    def _show_state_warning(self) -> None:
        """What the state file's (or settings file's) recovery said (at load, or at a save),
        once."""
        warning = " ".join(filter(None, (self.state.warning, self.prefs.warning)))
        if warning and warning != self._state_warning:
            self._state_warning = warning
            self.info.show_message(warning)

    def choosers(self) -> Choosers:
        """The file choosers (made on first use: the dialogs module is not needed to start)."""
        if self._choosers is None:
            from reader.ui.importing.choosers import Choosers

            self._choosers = Choosers()
        return self._choosers

    def _build_recent_menu(self) -> None:
        file_menu: QMenu = self.menus["file"]
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.setObjectName("file.recent")
        file_menu.insertMenu(self.actions_by_id["file.quit"], self.recent_menu)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self._fill_recent_menu()

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self.state.recent():
            action = plain_action(path, self.recent_menu)
            action.triggered.connect(lambda _c=False, p=path: self.import_paths([Path(p)], True))
            self.recent_menu.addAction(action)
        self.recent_menu.setEnabled(bool(self.state.recent()))

    # --- what others ask of the window ---------------------------------------------------------

    @property
    def current_id(self) -> str | None:
        """The article the reading pane shows."""
        return self.reading.current_id

    def select_document(self, doc_id: str) -> bool:
        """Show ``doc_id`` in the list and the reading pane (clearing a filter that hides it)."""
        return self.listing.select_document(doc_id)

    def import_paths(self, paths: Sequence[Path], show_first: bool = False) -> None:
        self.importer.import_paths(paths, show_first)

    def focus_list(self) -> None:
        self.panes.focus_list()

    def open_handed(self, paths: Sequence[Path], open_id: str | None = None) -> bool:
        """What a later start of the app handed over (ui/single.py), as if started with it:
        the files imported, the first shown (or ``open_id``), the window brought to the front.
        False while the window is closing (the later start then asks again)."""
        if self._closing:
            return False
        if paths:
            self.import_paths(paths, show_first=open_id is None)
        if open_id and not self.select_document(open_id):
            self._status(printable(f"There is no document with id {open_id!r}."), 10000)
        self.bring_to_front()
        return True

    def bring_to_front(self) -> None:
        """Un-minimized, raised, activated (a window manager may still keep the focus where
        it is: X11 ones refuse focus stealing, Wayland ones say so in the task bar)."""
        state = self.windowState() & ~Qt.WindowState.WindowMinimized
        self.setWindowState(state | Qt.WindowState.WindowActive)
        self.show()
        self.raise_()
        self.activateWindow()

    def wait_for_imports(self) -> None:
        """Block until queued imports end and every row is shown (for --screenshot, tests)."""
        while self.importer.importing or self.listing.loading or self.viewer.loading:
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)

    # --- Preferences, Help ---------------------------------------------------------------------

    @handles("view.preferences")
    def show_preferences(self) -> None:
        from reader.ui.window.preferences import PreferencesDialog

        self.preferences_dialog = PreferencesDialog(
            self.prefs,
            self._preferences_applied,
            self,
            state=self.state,
            state_changed=self._image_sources_changed,
        )
        self.preferences_dialog.open()

    def _preferences_applied(self) -> None:
        self.panes.apply_preferences()
        self.pictures.choices_changed()

    def _image_sources_changed(self) -> None:
        """The sources set to always load images changed (Preferences)."""
        self.saver.schedule()
        self.pictures.choices_changed()

    @handles("help.about")
    def show_about(self) -> None:
        from reader.ui.window.about import AboutDialog

        self.about_dialog = AboutDialog(
            self.library.root, self.state.path, self._open_url, parent=self
        )
        self.about_dialog.open()

    @handles("help.shortcuts")
    def show_shortcuts(self) -> None:
        from reader.ui.window.shortcuts import ShortcutsDialog

        self.shortcuts_dialog = ShortcutsDialog(self)
        self.shortcuts_dialog.open()

    # --- drag and drop -------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths, show_first=True)

    # --- quitting ------------------------------------------------------------------------------

    @handles("file.quit")
    def quit(self) -> None:
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closing = True
        self.listing.session.stop()
        if self.importer.importing:
            self.importer.cancel(drop_queued=True)
            self.wait_for_imports()
        self.pictures.close()  # (what was fetched is kept; the rest is asked for again)
        self.panes.remember()
        buttons = QMessageBox.StandardButton
        while not self.saver.flush():
            answer = self._ask_unsaved()
            if answer == buttons.Discard:
                break
            if answer == buttons.Cancel:
                self._closing = False
                event.ignore()
                return
        event.accept()

    def _ask_unsaved(self) -> int:
        """Retry, Discard (quit and lose the changes) or Cancel (the window stays), asked
        when the state cannot be saved at quit."""
        box = warning_box(
            self,
            "Could not save",
            "Your read state and notes could not be saved. Retry, or quit and lose the "
            "changes since the last save?",
        )
        buttons = QMessageBox.StandardButton
        box.setStandardButtons(buttons.Retry | buttons.Discard | buttons.Cancel)
        return box.exec()


def _open_in_browser(url: QUrl) -> bool:
    from PySide6.QtGui import QDesktopServices

    return QDesktopServices.openUrl(url)
