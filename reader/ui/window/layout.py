"""The window's panes, and what it remembers of them between runs.

The sidebar beside the reading column (the info bar and the article above the note);
geometry, splitter sizes, the last article and its scroll position go to the state file at
quit; the options a user sets (zoom, the sidebar shown) go to the settings file when they
change (typed preferences: reader/core/userdata/prefs.py).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QObject, Qt, Signal
from PySide6.QtWidgets import QMainWindow, QSplitter, QVBoxLayout, QWidget

from reader.core.userdata.jsonstore import StoreError
from reader.core.userdata.prefs import Preferences
from reader.core.userdata.state import State
from reader.ui.handlers import handles
from reader.ui.infobar import InfoBar
from reader.ui.listing.controller import ListController
from reader.ui.reading.controller import ReadingController
from reader.ui.reading.viewer import BASE_POINT_SIZE


class WindowLayout(QObject):
    message = Signal(str, int)  # for the status bar: text, milliseconds

    def __init__(
        self,
        window: QMainWindow,
        state: State,
        prefs: Preferences,
        listing: ListController,
        reading: ReadingController,
        info: InfoBar,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._state = state
        self._prefs = prefs
        self._list = listing
        self._reading = reading
        self.sidebar = listing.sidebar
        self.viewer = reading.viewer
        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(info)
        layout.addWidget(self.viewer, 1)
        self.right = QSplitter(Qt.Orientation.Vertical)
        self.right.addWidget(column)
        self.right.addWidget(reading.notes)
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
        window.setCentralWidget(self.splitter)
        window.resize(1280, 800)

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
        if not self._prefs.sidebar_visible:
            self.sidebar.hide()
        if self._prefs.zoom:
            self.viewer.zoom(self._prefs.zoom)

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
        self._state.set_splitter_sizes("reading_splitter", self.right.sizes())
        self._state.set_last_document(self._reading.current_id)
        self._reading.remember_position()
        self.save_preferences()  # (saved when changed; this is a last try after a failure)

    # --- focus, sidebar, zoom ------------------------------------------------------------------

    def focus_list(self) -> None:
        self.sidebar.list.setFocus()

    @handles("go.filter")
    def focus_filter(self) -> None:
        if not self.sidebar.isVisible():
            self.show_sidebar(True)
        self.sidebar.filter.setFocus()
        self.sidebar.filter.selectAll()

    @handles("view.toggle_sidebar")
    def toggle_sidebar(self) -> None:
        self.show_sidebar(not self.sidebar.isVisible())

    def show_sidebar(self, visible: bool) -> None:
        self.sidebar.setVisible(visible)
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
        size = round(100 * (BASE_POINT_SIZE + self.viewer.zoom_level) / BASE_POINT_SIZE)
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
