"""The list: what the sidebar shows, its counts, and moving through it.

Owns the thin model, the sidebar and the search shown (``SearchSession``); shows the counts
the library's catalog keeps; loads a big library in two steps (its newest rows at once,
every row in a thread after the first paint); lists what an import adds while it runs. The
window only places the sidebar and connects ``document_chosen`` to the reading pane.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from reader.core.library.edits import Change, UndoStack
from reader.core.library.query import Show
from reader.core.library.store import Library
from reader.core.model import ImportResult
from reader.core.userdata.state import State
from reader.ui.handlers import handles
from reader.ui.infobar import InfoBar
from reader.ui.listing.edits import ListEdits
from reader.ui.listing.model import LibraryModel
from reader.ui.listing.rows import RowReader, RowsRead
from reader.ui.listing.session import SearchSession
from reader.ui.listing.sidebar import Sidebar
from reader.ui.saver import StateSaver

# New articles from a running import are listed at most this often: each listing is work on
# the UI thread, on a machine whose cores the import keeps busy.
REFRESH_DELAY_MS = 1000
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


class ListController(ListEdits, QObject):
    """The list (archive, delete, read, star, undo: ``ListEdits``, edits.py)."""

    document_chosen = Signal(str)  # the user (or a command) chose this article
    refreshed = Signal()  # the list and the counts are shown anew
    loaded = Signal()  # a big library's second step is done: every row, the counts
    message = Signal(str, int)  # for the status bar: text, milliseconds
    undo_changed = Signal(str)  # what Undo would undo now ("Archive"), "" when nothing
    # The article shown was archived or deleted out of the list and no row is left to show
    # instead (the reading pane may close it).
    article_left = Signal(str)
    starred_changed = Signal(str)  # an article was starred or unstarred here (a menu)

    def __init__(
        self,
        library: Library,
        state: State,
        saver: StateSaver,
        current: Callable[[], str | None],
        parent: QObject | None = None,
        info: InfoBar | None = None,
    ) -> None:
        QObject.__init__(self, parent)
        self.library = library
        self.state = state
        self.catalog = library.catalog  # the rows, their orders, the counts
        self._saver = saver
        self._current = current  # the article the reading pane shows
        self.model = LibraryModel(library.catalog, state.is_read, state.is_starred)
        self.sidebar = Sidebar(self.model)
        self.session = SearchSession(library, state, self)
        self._undo = UndoStack()  # archive, delete, restore, mark read (Ctrl+Z)
        self._info = info  # where a delete is said, with its Undo button
        # The change the info bar offers to undo, and the text it says it with.
        self._info_change: tuple[Change, str] | None = None
        self._refresh_timer = QTimer(self, singleShot=True, interval=REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self._list_arrivals)
        self._loading = False  # showing the first rows of a big library; the rest comes next
        self._first_paint: _FirstPaint | None = None
        self._window: QWidget | None = None
        self.sidebar.current_changed.connect(self.document_chosen)
        self.sidebar.query_changed.connect(self._query_changed)
        query = self.sidebar.query()
        self._shown_view = (query.show, query.source)  # the view and source listed
        self.session.rest_found.connect(self._append_rest)

    # --- loading -------------------------------------------------------------------------------

    def start(self, window: QWidget) -> bool:
        """Show the library. A big one: its newest rows now; every row, read in a thread once
        ``window`` has painted, then the counts and ``loaded`` (reading 100,000 rows and
        counting them is ~250 ms the window would not be on screen, nor answer, for). Returns
        whether it went that way (else the list is complete now)."""
        first = self.catalog.head(FIRST_ROWS)
        if len(first) < FIRST_ROWS:
            self.refresh()
            QTimer.singleShot(WARM_UP_MS, self.session.warm_up)
            return False
        self._loading = True
        self._window = window
        self.model.set_ids(first)
        self.sidebar.set_sources([], 0, 0)
        self.sidebar.count.setText("Loading…")
        self._rows = RowReader(self)
        self._rows.done.connect(self._rows_read)
        self._rows.order_sorted.connect(self.catalog.adopt_order)
        self._first_paint = _FirstPaint(self._read_rows)
        window.installEventFilter(self._first_paint)
        QTimer.singleShot(1000, self._read_rows)  # in case it is never painted (hidden)
        return True

    @property
    def loading(self) -> bool:
        """A big library's rows and counts are still on their way (``start``)."""
        return self._loading

    def _stop_waiting_for_paint(self) -> None:
        if self._first_paint is not None and self._window is not None:
            self._window.removeEventFilter(self._first_paint)
        self._first_paint = None

    def _read_rows(self) -> None:
        if self._loading and self._first_paint is not None:
            self._stop_waiting_for_paint()
            self._rows.start(self.library.root, self.state.read_ids())

    def _rows_read(self, found: RowsRead | None) -> None:
        if found is None or not self._loading:
            self.finish_loading()  # reads them here if the thread could not
            return
        self.catalog.adopt(found.rows)
        # Its counts hold if no read flag changed since (the same snapshot); else count here.
        same = self.state.read_ids() is found.read_ids
        self.finish_loading(found.read_by_source if same else None)

    def finish_loading(self, read_by_source: Mapping[str, int] | None = None) -> None:
        """Every row and the counts (the second step of ``start``), now if not done yet;
        ``read_by_source``: the read articles of each source, when counted already."""
        if not self._loading:
            return
        self._loading = False
        self._stop_waiting_for_paint()
        self.refresh(read_by_source=read_by_source)
        self.loaded.emit()
        QTimer.singleShot(WARM_UP_MS, self.session.warm_up)

    # --- the list and its counts ---------------------------------------------------------------

    def refresh(
        self, recount: bool = True, read_by_source: Mapping[str, int] | None = None
    ) -> None:
        """Run the query again and show its list, keeping the current article selected.

        ``recount``: the library or read flags changed in bulk (import, mark all read); a
        change of search, filter, sort or source changes no count. ``read_by_source``: for
        the recount, the read articles of each source when counted already."""
        if self._loading:
            self.finish_loading()  # refreshes, counting everything
            return
        catalog = self.catalog
        # Articles an import stored since: read in (before the query, to be listed) and
        # counted one by one; a recount counts everything instead.
        taken = None if recount else catalog.take_arrivals()
        found = self.session.first(self.sidebar.query())
        self._set_list(found.ids)
        if taken is None:
            catalog.count_read(self.state, read_by_source)
            arrived, new_source = False, True
        else:
            arrived, new_source = bool(taken.ids), taken.new_source
        counts = catalog.source_counts()
        if new_source:
            self.sidebar.set_sources(list(counts.values()), catalog.total, catalog.unread)
        elif arrived:
            for count in counts.values():
                self.sidebar.update_source(count, catalog.total, catalog.unread)
        self._update_counts()
        self.refreshed.emit()

    def _show_current_row(self) -> None:
        view = self.sidebar.list
        if view.currentIndex().isValid():
            view.scrollTo(view.currentIndex())

    def _query_changed(self) -> None:
        """The search, the view (All, Unread...), the source or the sort changed: the list
        again. Another view or source whose list lacks the article shown closes it, as a
        mail client's folder does (A or Del would act on an article not in the list); a
        search keeps it open (its matches are marked in it)."""
        query = self.sidebar.query()
        view = (query.show, query.source)
        changed_view = view != self._shown_view
        self._shown_view = view
        self.refresh(recount=False)
        current = self._current()
        if changed_view and current and self.model.row_of(current) is None:
            self.article_left.emit(current)
        elif current:  # its row in view once the new rows are laid out (a search ended)
            QTimer.singleShot(0, self._show_current_row)

    def _say_why_empty(self) -> None:
        """What an empty list says in its middle: why it is empty, and what would fill it."""
        query = self.sidebar.query()
        if query.searching:
            text = "No articles match this search."
        elif not len(self.catalog):
            text = "No articles yet. File > Open, File > Import Folder, or drop files here."
        else:
            text = {
                Show.UNREAD: "No unread articles here.",
                Show.STARRED: "No starred articles here. S stars the article shown.",
                Show.ARCHIVE: "Nothing archived here. A archives the article shown.",
            }.get(query.show, "No articles here.")
        self.sidebar.list.empty_text = text

    def _set_list(self, ids: list[str], scroll: int | None = None) -> None:
        """Show ``ids``, keeping the current article selected (and the list's ``scroll``);
        a list without it starts at its top."""
        self.model.set_ids(ids)
        self._say_why_empty()
        current = self._current()
        if current and self.model.row_of(current) is not None:
            self.sidebar.list.blockSignals(True)
            self.sidebar.select_id(current)
            self.sidebar.list.blockSignals(False)
        elif scroll is None:
            self.sidebar.list.scrollToTop()
        if scroll is not None:
            self.sidebar.list.verticalScrollBar().setValue(scroll)

    def complete(self) -> None:
        """The whole list now, when a search shows only its first page."""
        rest = self.session.finish()
        if rest is not None:
            self._append_rest(rest)

    def _append_rest(self, rest: list[str]) -> None:
        """A search's hits after its first page, below it. The rows on screen stay as they are,
        where they are (a hit read since stays even under Unread, as in a list loaded whole)."""
        scroll = self.sidebar.list.verticalScrollBar().value()
        self._set_list([*self.model.ids(), *rest], scroll=scroll)
        self._update_counts()

    def _update_counts(self) -> None:
        """The line over the list: the same numbers as the source list (the chosen source's,
        or every source's), and the rows of a search, Starred or Archive."""
        query = self.sidebar.query()
        shown = self.session.shown_count(query, self.model.rowCount())
        catalog = self.catalog
        total, unread = catalog.total, catalog.unread
        if query.source is not None:
            found = catalog.source_counts().get(query.source)
            total, unread = (found.total, found.unread) if found is not None else (0, 0)
        self.sidebar.set_count(shown, total, unread, searching=query.searching, show=query.show)

    def read_changed(self, doc_id: str, read: bool) -> None:
        """Mark an article read or unread: its row, its source's count, the totals."""
        if self.state.is_read(doc_id) == read:
            return
        self.state.set_read(doc_id, read)
        self.model.document_changed(doc_id)
        source = self.catalog.read_changed(doc_id, read)
        if source is not None:
            self.sidebar.update_source(source, self.catalog.total, self.catalog.unread)
        self._update_counts()
        self._saver.schedule()

    # --- what an import adds -------------------------------------------------------------------

    def imported(self, results: list[ImportResult]) -> None:
        """A running import's report: the documents it names are expected by the catalog,
        read in and listed with the next refresh (at most once a ``REFRESH_DELAY_MS``)."""
        if self.catalog.expect_imported(results) and not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def _list_arrivals(self) -> None:
        """The list and counts without counting the library again; at most a twentieth of the
        time goes to it (a big library's list costs)."""
        started = time.monotonic()
        self.refresh(recount=False)  # one read and merge for all since the last time
        took_ms = (time.monotonic() - started) * 1000
        self._refresh_timer.setInterval(max(REFRESH_DELAY_MS, int(took_ms * 20)))

    def import_ended(self, interrupted: bool) -> None:
        """The import ended: what it added is listed; after an interruption it may have stored
        articles it never reported, so every row is read and counted again."""
        self._refresh_timer.stop()
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        if interrupted:
            self.catalog.reload()
        self.refresh(recount=interrupted)

    # --- moving through the list ---------------------------------------------------------------

    @handles("go.show_all")
    def show_all(self) -> None:
        self.show_view(Show.ALL)

    @handles("go.show_unread")
    def show_unread(self) -> None:
        self.show_view(Show.UNREAD)

    @handles("go.show_starred")
    def show_starred(self) -> None:
        self.show_view(Show.STARRED)

    @handles("go.show_archive")
    def show_archive(self) -> None:
        self.show_view(Show.ARCHIVE)

    def show_view(self, show: Show) -> None:
        """The Show box set to ``show`` (keys 1 to 4: the box is far from the list by Tab)."""
        box = self.sidebar.show_box
        box.setCurrentIndex(box.findData(show))
        self.message.emit(f"Showing {box.currentText()}", 2000)

    @handles("go.next")
    def next_article(self) -> None:
        self.step(1)

    @handles("go.previous")
    def previous_article(self) -> None:
        self.step(-1)

    def step(self, step: int) -> None:
        """The next (1) or previous (-1) article in the list."""
        row = self.sidebar.current_row()
        if row + step >= self.model.rowCount():
            self.complete()  # past a search's first page
        target = (0 if step > 0 else self.model.rowCount() - 1) if row < 0 else row + step
        if 0 <= target < self.model.rowCount():
            self.sidebar.select_row(target)

    @handles("go.next_unread")
    def next_unread(self) -> bool:
        self.complete()
        ids = self.model.ids()
        start = self.sidebar.current_row() + 1
        for row in [*range(start, len(ids)), *range(0, max(start - 1, 0))]:
            if not self.state.is_read(ids[row]):
                self.sidebar.select_row(row)
                return True
        query, unread = self.sidebar.query(), self.catalog.unread
        if unread and (query.searching or query.show is not Show.ALL or query.source is not None):
            noun = "article is" if unread == 1 else "articles are"
            said = f"No unread articles in this list; {unread:,} {noun} unread in the library."
            self.message.emit(said, 6000)
        else:
            self.message.emit("No unread articles left.", 4000)
        return False

    def select_document(self, doc_id: str) -> bool:
        """Choose ``doc_id`` in the list (clearing a filter that hides it), or show it alone
        when no list row has it."""
        self.finish_loading()  # before: the last article would replace this one
        if self.model.row_of(doc_id) is None and self.sidebar.filter.text():
            self.sidebar.filter.clear()
            self.refresh()
        if self.sidebar.select_id(doc_id):
            return True
        if doc_id in self.catalog:
            self.document_chosen.emit(doc_id)
            self._say_hidden(doc_id)
            return True
        return False

    def _say_hidden(self, doc_id: str) -> None:
        """An article shown alone (opened again, ``--open``) that is deleted or archived: said,
        with a way back for a deleted one."""
        if self.state.is_deleted(doc_id):
            said = "This article was deleted: it stays out of every list."
            restore = ("Restore", lambda: self.restore([doc_id]))
            if self._info is not None:
                self._info.show_message(said, action=restore)
            else:
                self.message.emit(said, 10000)
        elif self.state.is_archived(doc_id):
            self.message.emit("This article is archived: the Archive view lists it.", 10000)
