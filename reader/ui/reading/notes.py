"""The note for the current article: saved as you type (debounced), on switch and on quit."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QPlainTextEdit, QVBoxLayout, QWidget

from reader.ui.plain import plain_label

# Keys the window binds to reading the article that the note keeps for its own text (Qt lets a
# focused editor claim Home and End itself, not Page Up and Page Down).
_OWN_KEYS = frozenset({Qt.Key.Key_PageUp, Qt.Key.Key_PageDown})


class _KeepsPageKeys(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        override = event.type() == QEvent.Type.ShortcutOverride
        if override and isinstance(event, QKeyEvent) and event.key() in _OWN_KEYS:
            event.accept()  # the editor's: no shortcut takes it
        return False


class NotesPanel(QWidget):
    edited = Signal(str, str)  # doc id, text
    escape_pressed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("notes")
        self._doc_id: str | None = None
        self._loading = False
        self.label = plain_label("Note")
        self.label.setObjectName("notes-label")
        self.edit = QPlainTextEdit()
        self.edit.setObjectName("note")
        self.edit.setPlaceholderText("Write a note about this article… (E to edit, Esc to leave)")
        self.edit.setTabChangesFocus(True)
        self._keeps = _KeepsPageKeys(self)
        self.edit.installEventFilter(self._keeps)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        layout.addWidget(self.edit)
        self.edit.textChanged.connect(self._changed)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.edit)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        escape.activated.connect(self.escape_pressed.emit)
        self.set_document(None, None)

    def set_document(self, doc_id: str | None, note: str | None) -> None:
        self._doc_id = doc_id
        self._loading = True
        self.edit.setPlainText(note or "")
        self._loading = False
        self.edit.setEnabled(doc_id is not None)

    def text(self) -> str:
        return self.edit.toPlainText()

    def _changed(self) -> None:
        if not self._loading and self._doc_id is not None:
            self.edited.emit(self._doc_id, self.edit.toPlainText())
