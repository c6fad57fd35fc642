"""The sidebar: a filter box over a list of articles (title, source and date per row)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCollator, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeySequence, QPainter, QPaintEvent, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from reader.core.library.query import Query, Show, Sort, SourceCount
from reader.core.library.search_query import as_typed
from reader.core.library.sources import display_name
from reader.ui.listing.delegate import ArticleDelegate
from reader.ui.listing.model import DOC_ID_ROLE, LibraryModel
from reader.ui.plain import plain_label, tooltip

FILTER_DELAY_MS = 150


class ArticleList(QListView):
    """A list that does not open its first article merely because it got the focus.

    (QAbstractItemView makes the first row current on focus-in, which would mark the newest
    article read at start-up without the reader asking for it.)
    """

    def dataChanged(
        self,
        top_left: QModelIndex | QPersistentModelIndex,
        bottom_right: QModelIndex | QPersistentModelIndex,
        roles: Sequence[int] = (),
    ) -> None:
        """One row changed (a read or star flag): repaint it. QListView (Qt 6.11) would lay out
        every row again and repaint the viewport: 15-25 ms at 100,000 rows, ~130 ms when the
        model's ``rowCount`` is Python. Rows keep their (uniform) size, so nothing moves."""
        if top_left == bottom_right and top_left.isValid():
            self.update(top_left)
            return
        super().dataChanged(top_left, bottom_right, roles or [])

    empty_text = ""  # said in the middle of an empty list (set with the list: why it is)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if self.empty_text and model is not None and model.rowCount() == 0:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            area = self.viewport().rect().adjusted(12, 24, -12, -12)
            flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
            painter.drawText(area, int(flags) | int(Qt.TextFlag.TextWordWrap), self.empty_text)
            painter.end()

    def focusInEvent(self, event: QFocusEvent) -> None:
        selection = self.selectionModel()
        had_current = self.currentIndex().isValid()
        selection.blockSignals(True)
        try:
            super().focusInEvent(event)
            if not had_current and self.currentIndex().isValid():
                selection.clear()
        finally:
            selection.blockSignals(False)


SHOW_CHOICES = (
    (Show.ALL, "All"),
    (Show.UNREAD, "Unread"),
    (Show.STARRED, "Starred"),
    (Show.ARCHIVE, "Archive"),
)
SORT_CHOICES = ((Sort.NEWEST, "Newest first"), (Sort.OLDEST, "Oldest first"), (Sort.TITLE, "Title"))
RELEVANCE = "Best match first"  # what the sort box says while searching (results come so)
ALL_SOURCES = "All sources"


class Sidebar(QWidget):
    """Sources, search box, filters and the article list.

    Emits ``query_changed`` (search debounced) and ``current_changed`` with a document id.
    """

    query_changed = Signal()
    current_changed = Signal(str)  # doc id
    escape_pressed = Signal()

    def __init__(self, model: LibraryModel) -> None:
        super().__init__()
        self.model = model
        self._source_items: dict[str | None, QListWidgetItem] = {}
        # What a source is called in the list (the window adds the reader's own names).
        self.name_of: Callable[[str], str] = display_name
        self.sources = QListWidget()
        self.sources.setObjectName("sources")
        self.sources.setUniformItemSizes(True)
        self.filter = QLineEdit()
        self.filter.setObjectName("filter")
        self.filter.setPlaceholderText("Search  ( / )")
        self.filter.setClearButtonEnabled(True)
        self.show_box = QComboBox()
        self.show_box.setObjectName("show")
        for value, label in SHOW_CHOICES:
            self.show_box.addItem(label, value)
        self.sort_box = QComboBox()
        self.sort_box.setObjectName("sort")
        for order, label in SORT_CHOICES:
            self.sort_box.addItem(label, order)
        self.count = plain_label()
        self.count.setObjectName("count")
        self.count.setContentsMargins(4, 0, 4, 0)
        self.list = ArticleList()
        self.list.setObjectName("articles")
        self.list.setModel(model)
        self.list.setUniformItemSizes(True)  # a must at 100k rows
        self.list.setItemDelegate(ArticleDelegate(self.list))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._build_layout()

        self._timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._timer.timeout.connect(self.query_changed.emit)
        self.filter.textChanged.connect(self._timer.start)
        self.filter.textChanged.connect(self._show_sort)
        self._chosen_sort = 0  # the sort chosen before a search (restored when it ends)
        self.filter.returnPressed.connect(self._filter_enter)
        self.show_box.currentIndexChanged.connect(lambda _i: self.query_changed.emit())
        self.sort_box.currentIndexChanged.connect(lambda _i: self.query_changed.emit())
        self.sources.currentRowChanged.connect(lambda _r: self.query_changed.emit())
        self.list.selectionModel().currentChanged.connect(self._on_current)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.filter)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        escape.activated.connect(self._filter_escape)
        down = QShortcut(QKeySequence(Qt.Key.Key_Down), self.filter)  # into the results
        down.setContext(Qt.ShortcutContext.WidgetShortcut)
        down.activated.connect(self._filter_enter)

    def _build_layout(self) -> None:
        controls = QWidget()
        column = QVBoxLayout(controls)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(self.filter)
        row = QHBoxLayout()
        row.setSpacing(4)
        row.addWidget(self.show_box, 1)
        row.addWidget(self.sort_box, 1)
        column.addLayout(row)
        column.addWidget(self.count)
        column.addWidget(self.list, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.sources)
        self.splitter.addWidget(controls)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setSizes([150, 600])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 0)
        layout.addWidget(self.splitter)

    def query(self) -> Query:
        """What the reader asked to see, from the search box, filters and source list (the
        last word typed in the box also found as a prefix: ``as_typed``)."""
        item = self.sources.currentItem()
        source = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return Query(
            text=as_typed(self.filter.text()),
            show=Show(self.show_box.currentData()),
            source=source,
            sort=SORT_CHOICES[self._sort_index()][0],
        )

    def _sort_index(self) -> int:
        """The sort chosen (while searching: the one to go back to)."""
        return self._chosen_sort if self._relevance_shown() else self.sort_box.currentIndex()

    def _relevance_shown(self) -> bool:
        return self.sort_box.count() > len(SORT_CHOICES)

    def _show_sort(self, text: str) -> None:
        """While searching the results come best first: the sort box says so (and cannot be
        changed); when the search ends, the sort chosen before is back."""
        searching = bool(text.strip())
        if searching == self._relevance_shown():
            return
        self.sort_box.blockSignals(True)
        if searching:
            self._chosen_sort = self.sort_box.currentIndex()
            self.sort_box.addItem(RELEVANCE, None)
            self.sort_box.setCurrentIndex(len(SORT_CHOICES))
        else:
            self.sort_box.removeItem(len(SORT_CHOICES))
            self.sort_box.setCurrentIndex(self._chosen_sort)
        self.sort_box.setEnabled(not searching)
        self.sort_box.blockSignals(False)

    def set_sources(self, counts: list[SourceCount], total: int, unread: int) -> None:
        """Refill the source list, keeping the chosen source."""
        chosen = self.query().source
        self.sources.blockSignals(True)
        self.sources.clear()
        self._source_items = {}
        entries: list[tuple[str | None, str, int, int]] = [(None, ALL_SOURCES, total, unread)]
        named = [(c.name, self.name_of(c.name), c.total, c.unread) for c in counts]
        order = QCollator()  # by the names shown, as the reader's language sorts them
        order.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        entries += sorted(named, key=lambda entry: order.sortKey(entry[1].casefold()))
        for name, label, count, fresh in entries:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, name)
            _label_source(item, label, count, fresh)
            self.sources.addItem(item)
            self._source_items[name] = item
            if name == chosen:
                self.sources.setCurrentItem(item)
        if self.sources.currentItem() is None:
            self.sources.setCurrentRow(0)
        self.sources.blockSignals(False)

    def update_source(self, counts: SourceCount, total: int, unread: int) -> None:
        """One source's unread count changed (an article was read or marked unread)."""
        item = self._source_items.get(counts.name)
        if item is not None:
            _label_source(item, self.name_of(counts.name), counts.total, counts.unread)
        every = self._source_items.get(None)
        if every is not None:
            _label_source(every, ALL_SOURCES, total, unread)

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        doc_id = current.data(DOC_ID_ROLE) if current.isValid() else None
        if doc_id:
            self.current_changed.emit(doc_id)

    def _filter_enter(self) -> None:
        self._timer.stop()
        self.query_changed.emit()
        self.list.setFocus()
        if not self.list.currentIndex().isValid() and self.model.rowCount():
            self.select_row(0)

    def _filter_escape(self) -> None:
        """Esc in the search box: the search ends (if any) and the list has the focus again
        (one Esc: with two, a J typed after the first went into the box)."""
        self.filter.clear()
        self.list.setFocus()
        self.escape_pressed.emit()

    def current_id(self) -> str | None:
        index = self.list.currentIndex()
        return index.data(DOC_ID_ROLE) if index.isValid() else None

    def current_row(self) -> int:
        index = self.list.currentIndex()
        return index.row() if index.isValid() else -1

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        if index.isValid():
            self.list.setCurrentIndex(index)
            self.list.scrollTo(index)

    def select_id(self, doc_id: str) -> bool:
        row = self.model.row_of(doc_id)
        if row is None:
            return False
        self.select_row(row)
        return True

    def set_count(
        self,
        shown: int | None,
        total: int,
        unread: int,
        searching: bool = False,
        show: Show = Show.ALL,
    ) -> None:
        """The line over the list. ``total`` and ``unread``: the chosen source's (or every
        source's) articles and unread ones, the numbers the source list shows, in All and
        Unread alike (an article read in the Unread view stays listed until the view is
        chosen again, so the rows are not the count). ``shown``: the rows listed, said for
        a search, Starred and Archive; None while a filtered search is still counting."""
        noun = "article" if total == 1 else "articles"
        if shown is None:
            self.count.setText("Searching…")
        elif searching:
            self.count.setText(f"{shown:,} result{'' if shown == 1 else 's'}")
        elif show is Show.STARRED:
            self.count.setText(f"{shown:,} starred")
        elif show is Show.ARCHIVE:
            self.count.setText(f"{shown:,} archived")
        else:
            self.count.setText(f"{total:,} {noun} · {unread:,} unread")


def _label_source(item: QListWidgetItem, label: str, total: int, unread: int) -> None:
    item.setText(f"{label}  ({unread:,})" if unread else label)
    item.setToolTip(tooltip(f"{label}: {total:,} articles, {unread:,} unread"))
    font = item.font()
    font.setBold(bool(unread))
    item.setFont(font)
