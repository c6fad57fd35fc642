"""A thin list model over ids the core has already filtered and ordered."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from reader.core.library import Library
from reader.core.model import local_datetime

DOC_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SUBTITLE_ROLE = Qt.ItemDataRole.UserRole + 2
UNREAD_ROLE = Qt.ItemDataRole.UserRole + 3
STARRED_ROLE = Qt.ItemDataRole.UserRole + 4

_Index = QModelIndex | QPersistentModelIndex


class LibraryModel(QAbstractListModel):
    def __init__(
        self,
        library: Library,
        is_read: Callable[[str], bool],
        is_starred: Callable[[str], bool] = lambda _id: False,
    ) -> None:
        super().__init__()
        self._library = library
        self._is_read = is_read
        self._is_starred = is_starred
        self._ids: list[str] = []
        self._row_of: dict[str, int] = {}

    def set_ids(self, ids: Sequence[str]) -> None:
        self.beginResetModel()
        self._ids = list(ids)
        self._row_of = {doc_id: i for i, doc_id in enumerate(self._ids)}
        self.endResetModel()

    def ids(self) -> list[str]:
        return self._ids

    def row_of(self, doc_id: str) -> int | None:
        return self._row_of.get(doc_id)

    def id_at(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        doc_id = self._ids[index.row()]
        if role == DOC_ID_ROLE:
            return doc_id
        if role == UNREAD_ROLE:
            return not self._is_read(doc_id)
        if role == STARRED_ROLE:
            return self._is_starred(doc_id)
        row = self._library.row(doc_id)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return row.title
        if role == SUBTITLE_ROLE:
            when = local_datetime(row.published)
            return f"{row.source} · {when:%Y-%m-%d}" if when else row.source
        return None

    def document_changed(self, doc_id: str) -> None:
        """Repaint one row (its read flag changed)."""
        row = self._row_of.get(doc_id)
        if row is not None:
            index = self.index(row, 0)
            self.dataChanged.emit(index, index)
