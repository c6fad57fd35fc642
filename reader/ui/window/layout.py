"""The window's panes, and what it remembers of them between runs.

The sidebar beside the reading column (the bars over the article: messages, its images; a
thin reading-progress line, the article, and the note under it); geometry, splitter sizes,
the sidebar's chosen width, the last article and its scroll position go to the state file at
quit; the options a user sets (zoom, the sidebar shown) go to the settings file when they
change (typed preferences:
reader/core/userdata/prefs.py).

The layout adapts to the window's width: the sidebar keeps the width the reader dragged it to
but never more than a third of the window; dragged narrower than its minimum it collapses
(hidden, as F9 does); in a window too narrow for both it folds away until the window is wider
again. The note takes one line unless the article has a note or it is being written.

Tab and Shift+Tab (and F6, Shift+F6) move the focus between the list, the article and the
note; the pane with the focus shows it with a line in the highlight colour.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QMainWindow, QSplitter, QVBoxLayout, QWidget

from reader.core.userdata.jsonstore import StoreError
from reader.core.userdata.prefs import Preferences
from reader.core.userdata.state import State
from reader.ui.handlers import handles
from reader.ui.listing.controller import ListController
from reader.ui.reading.controller import ReadingController
from reader.ui.reading.progress import ReadingProgress
from reader.ui.theme import Appearance

SIDEBAR_WIDTH = 340  # px, before the reader chooses one
SIDEBAR_MIN = 200  # px: dragged narrower, the sidebar collapses
SIDEBAR_SHARE = 1 / 3  # of the window's width, at most
FOLD_BELOW = 640  # px of window width: narrower, the sidebar folds away (and comes back)
NOTE_HEIGHT = 130  # px of an open note, before the reader chooses one

# The pane with the focus shows it; the others keep a frame of the same width (no shift).
FOCUS_STYLE = """
#{name} {{ border: 1px solid palette(mid); padding: 1px; }}
#{name}:focus {{ border: 2px solid palette(highlight); padding: 0px; }}
"""


class _EscapeToList(QObject):
    """Esc in the sidebar's other controls (the source list, the view and sort boxes) goes
    back to the article list, as it does from the filter box and the note; the source list
    keeps Home and End (its first and last source) from the article's shortcuts."""

    def __init__(self, layout: WindowLayout) -> None:
        super().__init__(layout)
        self._layout = layout

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(event, QKeyEvent):
            return False
        if event.type() == QEvent.Type.ShortcutOverride:
            if watched is self._layout.sidebar.sources and event.key() in _LIST_KEYS:
                event.accept()  # the list's own: no shortcut takes it
            return False
        if event.type() != QEvent.Type.KeyPress:
            return False
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            self._layout.focus_list()
            return True
        return False


_LIST_KEYS = frozenset({Qt.Key.Key_Home, Qt.Key.Key_End})


class _PaneKeys(QObject):
    """Tab and Shift+Tab in a pane move to the next or previous pane (the article's links
    would take Tab for themselves, the list would pass it to the filter's controls)."""

    def __init__(self, layout: WindowLayout) -> None:
        super().__init__(layout)
        self._layout = layout

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_Escape and self._layout.close_info():
                return True
            plain = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
            if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not plain:
                backwards = event.key() == Qt.Key.Key_Backtab or bool(event.modifiers())
                self._layout.focus_pane(-1 if backwards else 1)
                return True
        return False


class WindowLayout(QObject):
    message = Signal(str, int)  # for the status bar: text, milliseconds

    def __init__(
        self,
        window: QMainWindow,
        state: State,
        prefs: Preferences,
        listing: ListController,
        reading: ReadingController,
        bars: Sequence[QWidget],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._state = state
        self._prefs = prefs
        self._list = listing
        self._reading = reading
        self._bars = list(bars)  # over the article: the info bar, the image bar
        self.sidebar = listing.sidebar
        self.viewer = reading.viewer
        self.appearance = Appearance(prefs, self)  # theme and typography, on screen
        self.appearance.changed.connect(self._restyle)
        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.progress = ReadingProgress(self.viewer.verticalScrollBar())
        reading.article_shown.connect(self.progress.set_active)
        for bar in self._bars:
            layout.addWidget(bar)
        layout.addWidget(self.progress)
        layout.addWidget(self.viewer, 1)
        self.notes = reading.notes
        self.right = QSplitter(Qt.Orientation.Vertical)
        self.right.addWidget(column)
        self.right.addWidget(self.notes)
        self.right.setStretchFactor(0, 5)
        self.right.setStretchFactor(1, 1)
        self.right.setChildrenCollapsible(False)
        self._note_height = NOTE_HEIGHT  # an open note's, as the reader left it
        self.notes.expanded_changed.connect(self._fit_note)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(0, True)
        self.splitter.setCollapsible(1, False)
        self.sidebar.setMinimumWidth(SIDEBAR_MIN)
        self._sidebar_width = SIDEBAR_WIDTH  # as the reader dragged it
        self._folded = False  # hidden because the window is too narrow (not the reader's)
        self._peeking = False  # shown by F9 in a window too narrow for it (no preference)
        self.splitter.setSizes([SIDEBAR_WIDTH, 940])
        self.right.setSizes([640, NOTE_HEIGHT])
        self.splitter.splitterMoved.connect(self._sidebar_dragged)
        self.right.splitterMoved.connect(self._note_dragged)
        window.setCentralWidget(self.splitter)
        window.resize(1280, 800)
        window.installEventFilter(self)  # resizes
        self._pane_keys = _PaneKeys(self)
        for pane in self._panes(all_of_them=True):
            pane.installEventFilter(self._pane_keys)
            pane.setStyleSheet(FOCUS_STYLE.format(name=pane.objectName()))
        self.sidebar.sources.setStyleSheet(FOCUS_STYLE.format(name="sources"))
        self._escape = _EscapeToList(self)
        for control in (self.sidebar.sources, self.sidebar.show_box, self.sidebar.sort_box):
            control.installEventFilter(self._escape)

    # --- between runs --------------------------------------------------------------------------

    def restore(self) -> None:
        """Geometry, pane sizes and the options, as the last run left them."""
        geometry = self._state.geometry()
        if geometry is not None:
            self._window.restoreGeometry(QByteArray.fromBase64(geometry.encode("ascii")))
        for splitter, key in ((self.splitter, "splitter"), (self.right, "reading_splitter")):
            sizes = self._state.splitter_sizes(key)
            if sizes is not None:
                splitter.setSizes(sizes)
        sizes = self._state.splitter_sizes("splitter")
        width = self._state.ui("sidebar_width")
        if isinstance(width, int) and not isinstance(width, bool) and width >= SIDEBAR_MIN:
            self._sidebar_width = width
        elif sizes is not None and len(sizes) == 2 and sizes[0] >= SIDEBAR_MIN:
            self._sidebar_width = sizes[0]  # (a state file from before the chosen width)
        sizes = self._state.splitter_sizes("reading_splitter")
        if sizes is not None and len(sizes) == 2 and sizes[1] > self.notes.line_height():
            self._note_height = sizes[1]
        if not self._prefs.sidebar_visible:
            self.sidebar.hide()
        self._fit_sidebar()
        self.appearance.apply()
        if self._prefs.zoom:
            self.viewer.zoom(self._prefs.zoom)

    def apply_preferences(self) -> None:
        """The options as they are now (the Preferences dialog changed one), on screen."""
        if self.sidebar.isHidden() == self._prefs.sidebar_visible:
            self.show_sidebar(self._prefs.sidebar_visible)
        self.appearance.apply()
        self._reading.links_changed()

    def _restyle(self) -> None:
        self.viewer.set_look(self.appearance.theme, self.appearance.typography)

    def restore_document(self) -> None:
        """The article open at the last quit, where it was scrolled to; the list focused."""
        last = self._state.last_document()
        if last is not None and last in self._list.catalog:
            with self._reading.not_marking_read():  # restoring changes no read flag
                self._list.select_document(last)  # (at its own position: the reading pane's)
        self.focus_list()

    def remember(self) -> None:
        """The window's state, saved with the state file (zoom and sidebar are options,
        saved in the settings file when they change)."""
        geometry = bytes(self._window.saveGeometry().toBase64().data()).decode("ascii")
        self._state.set_geometry(geometry)
        self._state.set_splitter_sizes("splitter", self.splitter.sizes())
        self._state.set_ui("sidebar_width", self._sidebar_width)
        column = self.right.sizes()[0]
        self._state.set_splitter_sizes("reading_splitter", [column, self._note_height])
        self._state.set_last_document(self._reading.current_id)
        self._reading.remember_position()
        self.save_preferences()  # (saved when changed; this is a last try after a failure)

    # --- focus, sidebar, zoom ------------------------------------------------------------------

    def focus_list(self) -> None:
        self.sidebar.list.setFocus()

    def close_info(self) -> bool:
        """Esc in the list or the article closes a bar over the article, if one is shown
        (the top one first)."""
        for bar in self._bars:
            if bar.isVisible():
                bar.hide()
                return True
        return False

    def _panes(self, all_of_them: bool = False) -> list[QWidget]:
        """The panes the focus moves between, in order (those shown, unless
        ``all_of_them``)."""
        panes: list[QWidget] = [self.sidebar.list, self.viewer, self.notes.edit]
        if all_of_them:
            return panes
        return [pane for pane in panes if pane.isVisibleTo(self._window) and pane.isEnabled()]

    @handles("view.next_pane")
    def next_pane(self) -> None:
        self.focus_pane(1)

    @handles("view.previous_pane")
    def previous_pane(self) -> None:
        self.focus_pane(-1)

    def focus_pane(self, step: int) -> None:
        """The focus to the next (1) or previous (-1) pane: list, article, note, around;
        from elsewhere (the filter box), to the list or the note."""
        panes = self._panes()
        if not panes:
            return
        focused = next((p for p in panes if p.hasFocus()), None)
        if focused is None:
            target = panes[0] if step > 0 else panes[-1]
        else:
            target = panes[(panes.index(focused) + step) % len(panes)]
        target.setFocus(
            Qt.FocusReason.TabFocusReason if step > 0 else Qt.FocusReason.BacktabFocusReason
        )

    # --- the sizes adapt -----------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Resize:
            self._fit_sidebar()
        elif watched is self._window and event.type() == QEvent.Type.Show:
            self._fit_note(self.notes.expanded)  # (sizes set before it was shown are scaled)
        return False

    def sidebar_width_for(self, window_width: int) -> int:
        """The sidebar's width in a window this wide: the chosen one, at most a third."""
        return max(SIDEBAR_MIN, min(self._sidebar_width, int(window_width * SIDEBAR_SHARE)))

    def _fit_sidebar(self) -> None:
        """Fold the sidebar away in a narrow window (and back), and keep it within its
        share of the width."""
        width = self._window.width()
        narrow = width < FOLD_BELOW
        if narrow and self.sidebar.isVisible() and not self._peeking:
            self._folded = True
            self.sidebar.hide()
        elif not narrow and (self._folded or self._peeking):
            self._folded = self._peeking = False
            self.sidebar.setVisible(self._prefs.sidebar_visible)
        if self.sidebar.isVisibleTo(self._window):
            self._size_sidebar()

    def _size_sidebar(self) -> None:
        total = sum(self.splitter.sizes()) or self._window.width()
        side = self.sidebar_width_for(self._window.width())
        if self.splitter.sizes()[0] != side:
            self.splitter.setSizes([side, max(total - side, 1)])

    def _sidebar_dragged(self, position: int, _index: int) -> None:
        """The reader dragged the sidebar's edge: that width is theirs (remembered); dragged
        to nothing, the sidebar is hidden (F9 brings it back)."""
        if self.splitter.sizes()[0] == 0:
            self.show_sidebar(False)
            self.message.emit("Sidebar hidden: F9 shows it", 4000)
        else:
            self._sidebar_width = max(SIDEBAR_MIN, position)

    def _note_dragged(self, _position: int, _index: int) -> None:
        if self.notes.expanded:
            self._note_height = self.right.sizes()[1]

    def _fit_note(self, expanded: bool) -> None:
        """The note given its height back when it opens, one line when it closes."""
        total = sum(self.right.sizes())
        note = self._note_height if expanded else self.notes.line_height()
        if total > note:
            self.right.setSizes([total - note, note])

    @handles("go.filter")
    def focus_filter(self) -> None:
        if not self.sidebar.isVisible():
            if self._window.width() < FOLD_BELOW:
                self.toggle_sidebar()  # a look at it, in a narrow window
            else:
                self.show_sidebar(True)
        self.sidebar.filter.setFocus()
        self.sidebar.filter.selectAll()

    @handles("view.toggle_sidebar")
    def toggle_sidebar(self) -> None:
        """F9: the sidebar shown or hidden, as a preference; in a window too narrow for it,
        a look at it (shown over the fold, hidden again) that changes no preference."""
        if self._window.width() < FOLD_BELOW:
            visible = not self.sidebar.isVisible()
            self._folded = not visible
            self._peeking = visible
            self.sidebar.setVisible(visible)
            if visible:
                self._size_sidebar()
            return
        self.show_sidebar(not self.sidebar.isVisible())

    def show_sidebar(self, visible: bool) -> None:
        self._folded = self._peeking = False  # (asked for: shown even in a narrow window)
        self.sidebar.setVisible(visible)
        if visible:
            self._size_sidebar()
        self._set_preference("sidebar_visible", visible)

    @handles("view.zoom_in")
    def zoom_in(self) -> None:
        self.zoom(1)

    @handles("view.zoom_out")
    def zoom_out(self) -> None:
        self.zoom(-1)

    @handles("view.zoom_reset")
    def zoom_reset(self) -> None:
        self.zoom(0)

    def zoom(self, steps: int) -> None:
        """Zoom the article by ``steps`` points (0 resets), remembered in the settings."""
        self.viewer.zoom(steps)
        self._set_preference("zoom", self.viewer.zoom_level)
        size = self.viewer.text_size_percent
        self.message.emit(f"Text size {size}%", 2000)  # (said while it changes)

    def _set_preference(self, name: str, value: object) -> None:
        """Set and save an option at once (a user's action: rare, and the file is small)."""
        self._prefs.set(name, value)
        self.save_preferences()

    def save_preferences(self) -> bool:
        try:
            self._prefs.save()
        except StoreError as e:
            self.message.emit(str(e), 10000)
            return False
        return True
