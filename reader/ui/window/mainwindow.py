"""The main window: layout and wiring. Behaviour lives in reader.core and the small widgets."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QEventLoop, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QMainWindow,
    QMenu,
    QProgressBar,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader import APP_NAME
from reader.core.display import printable
from reader.core.library.query import (
    Query,
    Show,
    Tally,
    first_page,
    narrow,
    restore_read,
    set_read_many,
)
from reader.core.library.search import terms_for_highlight
from reader.core.library.store import Library
from reader.core.links import external_url
from reader.core.model import ImportResult, Status
from reader.core.page.render import library_page, message_page, welcome_page
from reader.core.userdata.jsonstore import StoreError
from reader.core.userdata.prefs import Preferences
from reader.core.userdata.state import State
from reader.ui.listing.model import LibraryModel
from reader.ui.listing.rows import RowReader, RowsRead
from reader.ui.listing.searcher import Searcher
from reader.ui.listing.sidebar import Sidebar
from reader.ui.plain import plain_action, plain_label, warning_box
from reader.ui.reading.notes import NotesPanel
from reader.ui.reading.viewer import ArticleView
from reader.ui.window.actions import build_actions, build_menus
from reader.ui.window.saver import StateSaver

if TYPE_CHECKING:  # loaded when first used: not needed to show the window (startup time)
    from reader.ui.importing.importer import ImportJob, ImportSummary
    from reader.ui.window.dialogs import Choosers

# New articles from a running import are listed at most this often: each listing is work on
# the UI thread, on a machine whose cores the import keeps busy.
REFRESH_DELAY_MS = 1000
SEARCH_PAGE = 200  # hits shown at once; the rest of a bigger result comes from the Searcher
FIRST_ROWS = 200  # a library with more is shown in two steps: these rows, then every row
# The searcher gets ready (~100 ms of Python in its thread) once the window has settled: while
# it runs, every call Qt makes into Python waits for the GIL (a list paint took ~80 ms more).
WARM_UP_MS = 1500


class _FirstPaint(QObject):
    """Calls ``then`` once the watched window has painted (from a timer posted inside that
    paint: the whole frame is on screen by then)."""

    def __init__(self, then: Callable[[], None]) -> None:
        super().__init__()
        self._then = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._then)
        return False


class InfoBar(QFrame):
    """A dismissable message above the article (import problems, recovered state)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("infobar")
        self.setStyleSheet(
            "#infobar { background: #fff4ce; border-bottom: 1px solid #e6d59a; }"
            "#infobar QLabel { color: #3b3b3b; }"
        )
        self.label = plain_label()
        self.label.setWordWrap(True)
        self.details = QPushButton("Details…")
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.close_button)
        self._lines: list[str] = []
        self.details.clicked.connect(self._show_details)
        self.hide()

    def show_message(self, text: str, details: Sequence[str] = ()) -> None:
        self.label.setText(text)
        self._lines = list(details)
        self.details.setVisible(bool(self._lines))
        self.show()

    def _show_details(self) -> None:
        from reader.ui.window.dialogs import ProblemsDialog

        ProblemsDialog(self._lines, self).open()


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
        # The window's threads (search, rows) run Python too; each call Qt makes into Python
        # (a list row's paint, say) waits for the GIL up to this long: 5 ms by default, which
        # made a paint of the list take ~150 ms while a thread was busy.
        sys.setswitchinterval(0.001)
        self.library = library
        self.state = state
        # (Made here when not given: its first load moves the options state.json held.)
        self.prefs = prefs if prefs is not None else Preferences(state.root, state)
        if choosers is None:
            from reader.ui.window.dialogs import Choosers

            choosers = Choosers()
        self.choosers = choosers
        self._open_url = open_url or _open_in_browser
        self._sample_dir = sample_dir
        self.current_id: str | None = None
        self._job: ImportJob | None = None
        self._import_total_files = 0
        self._note_typed = False
        self._closing = False  # closeEvent under way: files handed over are refused
        self._queue: list[tuple[list[Path], bool]] = []
        self._arriving: list[str] = []  # ids an import added, not yet listed
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)

        self.model = LibraryModel(library, state.is_read, state.is_starred)
        self.tally = Tally(library, state)
        self._undo_read: dict[str, bool] | None = None
        self.sidebar = Sidebar(self.model)
        self.viewer = ArticleView()
        self.notes = NotesPanel()
        self.info = InfoBar()
        self.saver = StateSaver(state, self)
        self.searcher = Searcher(library.root, self)
        # A search whose first page is shown: its request number, its query, the page's size.
        self._pending_search: tuple[int, Query, int] | None = None
        self._hits: int | None = None  # every hit of the search shown, filters aside
        self._build_layout()
        self.actions_by_id = build_actions(self, self._handlers())
        self.menus = build_menus(self, self.actions_by_id)
        self.actions_by_id["article.undo_mark_all"].setEnabled(False)
        self._build_recent_menu()
        self._build_status_bar()
        self._refresh_timer = QTimer(self, singleShot=True, interval=REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self._refresh_for_import)

        self.sidebar.current_changed.connect(self.show_document)
        self.sidebar.query_changed.connect(lambda: self.refresh(recount=False))
        self.notes.edited.connect(self._note_edited)
        self.notes.escape_pressed.connect(self.focus_list)
        self.viewer.link_activated.connect(self._link_activated)
        self.saver.failed.connect(lambda msg: self.statusBar().showMessage(msg, 10000))
        self.searcher.found.connect(self._search_done)

        self._loading = False  # showing the first rows of a big library; the rest comes next
        self._first_paint: _FirstPaint | None = None
        if not self._start_quickly():
            self.refresh()
            self._restore()
            QTimer.singleShot(WARM_UP_MS, self.searcher.warm_up)
        self._state_warning: str | None = None
        self._show_state_warning()
        self.saver.saved.connect(self._show_state_warning)  # a save may recover the file too

    def _show_state_warning(self) -> None:
        """What the state file's (or settings file's) recovery said (at load, or at a save),
        once."""
        warning = " ".join(filter(None, (self.state.warning, self.prefs.warning)))
        if warning and warning != self._state_warning:
            self._state_warning = warning
            self.info.show_message(warning)

    def _start_quickly(self) -> bool:
        """A big library: its newest rows now; every row, read in a thread once the window
        has painted, then the counts and the last article (reading 100,000 rows and counting
        them is ~250 ms the window would not be on screen, nor answer, for)."""
        first = self.library.head(FIRST_ROWS)
        if len(first) < FIRST_ROWS:
            return False
        self._loading = True
        self.model.set_ids(first)
        self.sidebar.set_sources([], 0, 0)
        self.sidebar.count.setText("Loading…")
        self._restore_layout()
        self.sidebar.list.setFocus()
        self._rows = RowReader(self)
        self._rows.done.connect(self._rows_read)
        self._rows.order_sorted.connect(self._order_sorted)
        self._first_paint = _FirstPaint(self._read_rows)
        self.installEventFilter(self._first_paint)
        QTimer.singleShot(1000, self._read_rows)  # in case it is never painted (hidden)
        return True

    def _read_rows(self) -> None:
        if self._loading and self._first_paint is not None:
            self.removeEventFilter(self._first_paint)
            self._first_paint = None
            self._rows.start(self.library.root, self.state.read_ids())

    def _rows_read(self, found: RowsRead | None) -> None:
        if found is None or not self._loading:
            self._finish_loading()  # reads them here if the thread could not
            return
        self.library.adopt_rows(found.rows)
        # Its counts hold if no read flag changed since (the same snapshot); else count here.
        same = self.state.read_ids() is found.read_ids
        self._finish_loading(found.read_by_source if same else None)

    def _order_sorted(self, order: str, ids: list[str], rows: int) -> None:
        self.library.adopt_order(order, ids, rows)

    def _finish_loading(self, read_by_source: Mapping[str, int] | None = None) -> None:
        """Every row, the counts and the last article (the second step of ``_start_quickly``);
        ``read_by_source``: the read articles of each source, when counted already."""
        if not self._loading:
            return
        self._loading = False
        if self._first_paint is not None:
            self.removeEventFilter(self._first_paint)
            self._first_paint = None
        self.refresh(read_by_source=read_by_source)
        self._restore_document()
        QTimer.singleShot(WARM_UP_MS, self.searcher.warm_up)

    # --- layout --------------------------------------------------------------------------------

    def _build_layout(self) -> None:
        reading = QWidget()
        column = QVBoxLayout(reading)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.info)
        column.addWidget(self.viewer, 1)
        self.right = QSplitter(Qt.Orientation.Vertical)
        self.right.addWidget(reading)
        self.right.addWidget(self.notes)
        self.right.setStretchFactor(0, 5)
        self.right.setStretchFactor(1, 1)
        self.right.setChildrenCollapsible(False)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([340, 940])
        self.right.setSizes([640, 130])
        self.setCentralWidget(self.splitter)
        self.resize(1280, 800)

    def _build_status_bar(self) -> None:
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setFormat("%v / %m")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel_import)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.cancel_button)
        self.progress.hide()
        self.cancel_button.hide()

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

    def _handlers(self) -> dict[str, Callable[[], object]]:
        return {
            "file.open": self.open_files,
            "file.import_folder": self.import_folder,
            "file.quit": self.close,
            "go.next": lambda: self.step_article(1),
            "go.previous": lambda: self.step_article(-1),
            "go.next_unread": self.next_unread,
            "go.filter": self.focus_filter,
            "article.toggle_read": self.toggle_read,
            "article.open_original": self.open_original,
            "article.edit_note": self.edit_note,
            "article.star": self.toggle_star,
            "article.mark_all_read": self.mark_all_read,
            "article.undo_mark_all": self.undo_mark_all_read,
            "view.page_down": self.page_down,
            "view.page_up": lambda: self.viewer.page(-1),
            "view.zoom_in": lambda: self.zoom(1),
            "view.zoom_out": lambda: self.zoom(-1),
            "view.zoom_reset": lambda: self.zoom(0),
            "view.toggle_sidebar": self.toggle_sidebar,
            "help.shortcuts": self.show_shortcuts,
            "help.about": self.show_about,
        }

    # --- the list ------------------------------------------------------------------------------

    def refresh(
        self, recount: bool = True, read_by_source: Mapping[str, int] | None = None
    ) -> None:
        """Re-run the core query and reset the thin model, keeping the current article.

        ``recount``: the library or read flags changed in bulk (import, mark all read); a
        change of search, filter, sort or source changes no count. ``read_by_source``: for
        the recount, the read articles of each source when counted already."""
        if self._loading:
            self._finish_loading()  # refreshes, counting everything
            return
        query = self.sidebar.query()
        found = first_page(self.library, self.state, query, SEARCH_PAGE)
        self._hits = found.hits
        self._set_list(found.ids)
        if found.complete:
            self._pending_search = None
            self.searcher.cancel()
        else:  # the first page now, the whole list when the searcher brings it
            self._pending_search = (self.searcher.request(query.text), query, SEARCH_PAGE)
        if recount:
            self.tally.recount(read_by_source)
            arrived, new_source = 0, True
        else:  # articles an import stored since: counted one by one
            arrived, new_source = self.tally.take_arrivals()
        if new_source:
            self.sidebar.set_sources(
                list(self.tally.by_source.values()), self.tally.total, self.tally.unread
            )
        elif arrived:
            for counts in self.tally.by_source.values():
                self.sidebar.update_source(counts, self.tally.total, self.tally.unread)
        self._update_counts()
        if not len(self.library):
            self.current_id = None
            self.notes.set_document(None, None)
            self.viewer.show_html(welcome_page(sample_available=self._sample_available()))
        elif self.current_id is None:  # articles, none open: what there is, and how to start
            tally = self.tally
            page = library_page(tally.total, tally.unread, len(tally.by_source))
            self.viewer.show_html(page)

    def _set_list(self, ids: list[str], scroll: int | None = None) -> None:
        """Show ``ids``, keeping the current article selected (and the list's ``scroll``)."""
        self.model.set_ids(ids)
        if self.current_id and self.model.row_of(self.current_id) is not None:
            self.sidebar.list.blockSignals(True)
            self.sidebar.select_id(self.current_id)
            self.sidebar.list.blockSignals(False)
        if scroll is not None:
            self.sidebar.list.verticalScrollBar().setValue(scroll)

    def _search_done(self, number: int, ids: list[str] | None) -> None:
        """The searcher's whole list for the search whose first page is shown."""
        if self._pending_search is None or self._pending_search[0] != number:
            return  # the search changed since
        self._complete_list(ids)

    def _complete_list(self, hits: list[str] | None = None) -> None:
        """Add the rest of a search's hits (``hits``: all of them, else searched here) after
        its first page. The rows on screen stay as they are, where they are (a hit read since
        stays even under Unread, as it would in a list loaded whole)."""
        if self._pending_search is None:
            return
        _, query, page = self._pending_search
        self._pending_search = None
        self.searcher.cancel()
        if hits is None:
            hits = self.library.search(query.text)
        else:
            self.library.load_rows(hits)  # hits an import stored since this window read rows
        rest = narrow(self.library, self.state, query, hits[page:])
        scroll = self.sidebar.list.verticalScrollBar().value()
        self._set_list([*self.model.ids(), *rest], scroll=scroll)
        self._update_counts()

    def _refresh_for_import(self) -> None:
        """New articles from a running import: the list and counts without counting the
        library again; at most a twentieth of the time goes to it (a big library's list costs)."""
        started = time.monotonic()
        arriving, self._arriving = self._arriving, []
        self.library.load_rows(arriving)  # one read and merge for all since the last time
        self.refresh(recount=False)
        took_ms = (time.monotonic() - started) * 1000
        self._refresh_timer.setInterval(max(REFRESH_DELAY_MS, int(took_ms * 20)))

    def _update_counts(self) -> None:
        query = self.sidebar.query()
        shown: int | None = self.model.rowCount()
        if self._pending_search is not None:  # counted: every hit; filtered: not yet
            filtered = query.show is not Show.ALL or query.source is not None
            shown = None if filtered else self._hits
        self.sidebar.set_count(
            shown, self.tally.total, self.tally.unread, searching=query.searching
        )

    def _read_changed(self, doc_id: str, read: bool) -> None:
        self.state.set_read(doc_id, read)
        self.model.document_changed(doc_id)
        source = self.tally.read_changed(doc_id, read)
        if source is not None:
            self.sidebar.update_source(source, self.tally.total, self.tally.unread)
        self._update_counts()
        self.saver.schedule()

    def step_article(self, step: int) -> None:
        """The next (1) or previous (-1) article in the list (was ``move``, which hid
        QWidget.move)."""
        row = self.sidebar.current_row()
        if row + step >= self.model.rowCount():
            self._complete_list()  # past a search's first page
        target = (0 if step > 0 else self.model.rowCount() - 1) if row < 0 else row + step
        if 0 <= target < self.model.rowCount():
            self.sidebar.select_row(target)

    def next_unread(self) -> bool:
        self._complete_list()
        ids = self.model.ids()
        start = self.sidebar.current_row() + 1
        for row in [*range(start, len(ids)), *range(0, max(start - 1, 0))]:
            if not self.state.is_read(ids[row]):
                self.sidebar.select_row(row)
                return True
        self.statusBar().showMessage("No unread articles left.", 4000)
        return False

    def select_document(self, doc_id: str) -> bool:
        """Show ``doc_id`` in the list and the viewer (clearing a filter that hides it)."""
        self._finish_loading()  # before: the last article would replace this one
        if self.model.row_of(doc_id) is None and self.sidebar.filter.text():
            self.sidebar.filter.clear()
            self.refresh()
        if self.sidebar.select_id(doc_id):
            return True
        if doc_id in self.library:
            self.show_document(doc_id)
            return True
        return False

    # --- the article ---------------------------------------------------------------------------

    def show_document(self, doc_id: str) -> None:
        if doc_id == self.current_id:
            return
        if self._note_typed:  # a note is saved on switching article (other changes: by timer)
            self._note_typed = False
            self.saver.flush()
        doc = self.library.get(doc_id)
        self.current_id = doc_id
        if doc is None:
            self.viewer.show_html(message_page("Not found", f"No document with id {doc_id}."))
            self.notes.set_document(None, None)
            return
        self.viewer.show_document(doc)
        self.notes.set_document(doc_id, self.state.note(doc_id))
        self.setWindowTitle(f"{doc.title} — {APP_NAME}")
        self.state.set_last_document(doc_id)
        if not self.state.is_read(doc_id):
            self._read_changed(doc_id, True)
        self.saver.schedule()
        query = self.sidebar.query()
        if query.searching:
            terms = terms_for_highlight(query.text)
            self.viewer.when_loaded(lambda: self.viewer.highlight(terms))

    def toggle_read(self) -> None:
        if not self.current_id:
            return
        self._read_changed(self.current_id, not self.state.is_read(self.current_id))

    def toggle_star(self) -> None:
        if not self.current_id:
            return
        self.state.set_starred(self.current_id, not self.state.is_starred(self.current_id))
        self.model.document_changed(self.current_id)
        self.saver.schedule()

    def mark_all_read(self) -> None:
        """Mark every article in the current view read; Undo puts the flags back."""
        self._complete_list()
        ids = self.model.ids()
        unread = [i for i in ids if not self.state.is_read(i)]
        if not unread:
            self.statusBar().showMessage("Every article here is read already.", 4000)
            return
        self._undo_read = set_read_many(self.state, unread)
        self.actions_by_id["article.undo_mark_all"].setEnabled(True)
        self.saver.schedule()
        self.refresh()
        self.statusBar().showMessage(f"Marked {len(unread)} articles read. Undo: Ctrl+Z", 10000)

    def undo_mark_all_read(self) -> None:
        if self._undo_read is None:
            return
        restore_read(self.state, self._undo_read)
        count = len(self._undo_read)
        self._undo_read = None
        self.actions_by_id["article.undo_mark_all"].setEnabled(False)
        self.saver.schedule()
        self.refresh()
        self.statusBar().showMessage(f"{count} articles are unread again.", 6000)

    def page_down(self) -> None:
        if not self.viewer.page(1) and self.current_id:
            self.next_unread()

    def open_original(self) -> None:
        doc = self.library.get(self.current_id) if self.current_id else None
        if doc and doc.url:
            self._open_external(doc.url)
        elif doc:
            self.statusBar().showMessage("This article has no web address to open.", 4000)

    def _open_external(self, url: str) -> None:
        """Hand ``url`` to the browser or mail program: only http, https and mailto, from
        every path (the header link, O, a link in the article)."""
        safe = external_url(url)
        if safe is None:
            self.statusBar().showMessage(
                f"Blocked a link that is not a web or mail address: {printable(url)[:200]}", 6000
            )
            return
        self._open_url(QUrl(safe))

    def _link_activated(self, url: QUrl) -> None:
        scheme = url.scheme().lower()
        if scheme == "reader":
            {
                "open": self.open_files,
                "import-folder": self.import_folder,
                "sample": self.open_sample,
            }.get(url.path(), lambda: None)()
        elif not scheme and url.hasFragment():
            self.viewer.scrollToAnchor(url.fragment())
        else:
            self._open_external(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))

    def _note_edited(self, doc_id: str, text: str) -> None:
        self._note_typed = True
        self.state.set_note(doc_id, text)
        self.saver.schedule()

    # --- focus and view ------------------------------------------------------------------------

    def focus_list(self) -> None:
        self.sidebar.list.setFocus()

    def focus_filter(self) -> None:
        if not self.sidebar.isVisible():
            self.show_sidebar(True)
        self.sidebar.filter.setFocus()
        self.sidebar.filter.selectAll()

    def edit_note(self) -> None:
        if self.current_id:
            self.notes.edit.setFocus()

    def toggle_sidebar(self) -> None:
        self.show_sidebar(not self.sidebar.isVisible())

    def show_sidebar(self, visible: bool) -> None:
        self.sidebar.setVisible(visible)
        self._set_preference("sidebar_visible", visible)

    def zoom(self, steps: int) -> None:
        """Zoom the article by ``steps`` points (0 resets), remembered in the settings."""
        self.viewer.zoom(steps)
        self._set_preference("zoom", self.viewer.zoom_level)

    def _set_preference(self, name: str, value: object) -> None:
        """Set and save an option at once (a user's action: rare, and the file is small)."""
        self.prefs.set(name, value)
        self._save_preferences()

    def _save_preferences(self) -> bool:
        try:
            self.prefs.save()
        except StoreError as e:
            self.statusBar().showMessage(str(e), 10000)
            return False
        return True

    def show_about(self) -> None:
        from reader.ui.window.about import AboutDialog

        self.about_dialog = AboutDialog(
            self.library.root, self.state.path, self._open_url, parent=self
        )
        self.about_dialog.open()

    def show_shortcuts(self) -> None:
        from reader.ui.window.dialogs import ShortcutsDialog

        self.shortcuts_dialog = ShortcutsDialog(self)
        self.shortcuts_dialog.open()

    # --- importing -----------------------------------------------------------------------------

    def open_files(self) -> None:
        paths = self.choosers.open_files(self)
        if paths:
            self.import_paths(paths, show_first=True)

    def import_folder(self) -> None:
        folder = self.choosers.open_folder(self)
        if folder:
            self.import_paths([folder], show_first=False)

    def open_sample(self) -> None:
        if self._sample_dir is not None and self._sample_available():
            self.import_paths([self._sample_dir], show_first=True)

    def _sample_available(self) -> bool:
        return bool(self._sample_dir and self._sample_dir.is_dir())

    def import_paths(self, paths: Sequence[Path], show_first: bool = False) -> None:
        """Import in the background; new articles appear as they arrive."""
        paths = [Path(p) for p in paths]
        if self._job is not None:
            self._queue.append((paths, show_first))
            return
        for path in paths:
            self.state.add_recent(str(path.resolve()))
        from reader.ui.importing.importer import ImportJob  # threads: on the first import

        self._job = ImportJob(self.library.root, paths, self)
        self._job.total.connect(self._import_total)
        self._job.progress.connect(self._import_progress)
        self._job.done.connect(lambda summary: self._import_done(summary, show_first))
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.statusBar().showMessage("Importing…")
        self._job.start()

    def cancel_import(self) -> None:
        if self._job:
            self._job.cancel()

    @property
    def importing(self) -> bool:
        return self._job is not None

    @property
    def loading(self) -> bool:
        """A big library's rows and counts are still on their way (``_start_quickly``)."""
        return self._loading

    def _import_total(self, total: int) -> None:
        self._import_total_files = total
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(0)

    def _import_progress(self, results: list[ImportResult]) -> None:
        summary = self._job.summary if self._job else None
        self.progress.setValue(self.progress.value() + len(results))
        # Unchanged ones too: one a killed import stored but never reported is new here.
        self._arriving += [r.id for r in results if r.id and r.status is not Status.ERROR]
        if self._arriving and not self._refresh_timer.isActive():
            self._refresh_timer.start()
        if summary is not None:
            self.statusBar().showMessage(
                f"Importing: {len(summary.results):,} of {self._import_total_files:,} files · "
                f"{summary.count(Status.ADDED):,} new · {summary.count(Status.ERROR):,} failed"
            )

    def _import_done(self, summary: ImportSummary, show_first: bool) -> None:
        self._job = None
        self.progress.hide()
        self.cancel_button.hide()
        self._refresh_timer.stop()
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self.library.load_rows(self._arriving)
        self._arriving = []
        if summary.interrupted:  # it may have stored articles it never reported: read all
            self.library.reload()
        # The counts took each new article in as it came (after an interruption: count all).
        self.refresh(recount=summary.interrupted)
        self.saver.schedule()
        added, unchanged = summary.count(Status.ADDED), summary.count(Status.UNCHANGED)
        errors, skipped = summary.errors, summary.count(Status.SKIPPED)
        note = " Cancelled." if summary.cancelled else ""
        report = (
            f"Imported {added:,} new, {unchanged:,} already in the library, "
            f"{len(errors):,} failed{f', {skipped:,} skipped' if skipped else ''}.{note}"
        )
        self.statusBar().showMessage(report, 10000)
        problems = summary.problems
        if len(problems) == 1 and errors:
            self.info.show_message(f"Could not import {errors[0].message}")
        elif problems:
            self.info.show_message(
                f"{report} The {len(problems):,} files not imported, and why:",
                [r.message for r in problems],
            )
        if summary.damage is not None:
            self.library_damaged.emit(summary.damage)
            return
        first = summary.first_id()
        if show_first and first:
            self.select_document(first)
        if self._queue:
            paths, show = self._queue.pop(0)
            self.import_paths(paths, show)

    def open_handed(self, paths: Sequence[Path], open_id: str | None = None) -> bool:
        """What a later start of the app handed over (ui/single.py), as if started with it:
        the files imported, the first shown (or ``open_id``), the window brought to the front.
        False while the window is closing (the later start then asks again)."""
        if self._closing:
            return False
        if paths:
            self.import_paths(paths, show_first=open_id is None)
        if open_id and not self.select_document(open_id):
            self.statusBar().showMessage(
                printable(f"There is no document with id {open_id!r}."), 10000
            )
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
        while self._job is not None or self._loading or self.viewer.loading:
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)

    # --- drag and drop -------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths, show_first=True)

    # --- window state --------------------------------------------------------------------------

    def _restore(self) -> None:
        self._restore_layout()
        self._restore_document()

    def _restore_layout(self) -> None:
        geometry = self.state.geometry()
        if geometry is not None:
            self.restoreGeometry(QByteArray.fromBase64(geometry.encode("ascii")))
        for splitter, key in ((self.splitter, "splitter"), (self.right, "reading_splitter")):
            sizes = self.state.splitter_sizes(key)
            if sizes is not None:
                splitter.setSizes(sizes)
        if not self.prefs.sidebar_visible:
            self.sidebar.hide()
        if self.prefs.zoom:
            self.viewer.zoom(self.prefs.zoom)

    def _restore_document(self) -> None:
        last = self.state.last_document()
        if last is not None and last in self.library:
            self.select_document(last)
            scroll = self.state.last_scroll()
            if scroll is not None:
                self.viewer.when_loaded(
                    lambda: QTimer.singleShot(0, lambda: self.viewer.set_scroll_position(scroll))
                )
        self.sidebar.list.setFocus()

    def remember(self) -> None:
        """The window's state, saved with the state file (zoom and sidebar are options,
        saved in the settings file when they change)."""
        self.state.set_geometry(bytes(self.saveGeometry().toBase64().data()).decode("ascii"))
        self.state.set_splitter_sizes("splitter", self.splitter.sizes())
        self.state.set_splitter_sizes("reading_splitter", self.right.sizes())
        self.state.set_last_document(self.current_id)
        self.state.set_last_scroll(self.viewer.scroll_position())
        self._save_preferences()  # (saved when changed; this is a last try after a failure)

    def closeEvent(self, event: QCloseEvent) -> None:
        from PySide6.QtWidgets import QMessageBox

        self._closing = True
        self.searcher.stop()
        if self._job:
            self._queue.clear()
            self._job.cancel()
            self.wait_for_imports()
        self.remember()
        while not self.saver.flush():
            box = warning_box(
                self,
                "Could not save",
                "Your read state and notes could not be saved. Retry, or quit and lose the "
                "changes since the last save?",
            )
            box.setStandardButtons(
                QMessageBox.StandardButton.Retry
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel
            )
            answer = box.exec()
            if answer == QMessageBox.StandardButton.Discard:
                break
            if answer == QMessageBox.StandardButton.Cancel:
                self._closing = False
                event.ignore()
                return
        event.accept()


def _open_in_browser(url: QUrl) -> bool:
    from PySide6.QtGui import QDesktopServices

    return QDesktopServices.openUrl(url)
