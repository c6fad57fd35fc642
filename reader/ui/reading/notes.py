"""The note for the current article: saved as you type (debounced), on switch and on quit.

The panel takes one line (an empty one-line editor: "Add a note…") unless the article has a
note or the note is being written (E, a click, Tab); with no article open it is hidden.
``expanded_changed`` tells the window's layout to give it its height back or take it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QPlainTextEdit, QVBoxLayout, QWidget

from reader.ui.plain import plain_label

QWIDGETSIZE_MAX = (1 << 24) - 1  # Qt's "no maximum" (QWIDGETSIZE_MAX)

# Keys the window binds to reading the article that the note keeps for its own text (Qt lets a
# focused editor claim Home and End itself, not Page Up and Page Down).
_OWN_KEYS = frozenset({Qt.Key.Key_PageUp, Qt.Key.Key_PageDown})


class _KeepsPageKeys(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        override = event.type() == QEvent.Type.ShortcutOverride
        if override and isinstance(event, QKeyEvent) and event.key() in _OWN_KEYS:
            event.accept()  # the editor's: no shortcut takes it
        return False


class _Focus(QObject):
    """Tells the panel when its editor gains or loses the focus."""

    def __init__(self, panel: NotesPanel) -> None:
        super().__init__(panel)
        self._panel = panel

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            self._panel._fit()
        return False


class NotesPanel(QWidget):
    edited = Signal(str, str)  # doc id, text
    escape_pressed = Signal()
    expanded_changed = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("notes")
        self._doc_id: str | None = None
        self._loading = False
        self.label = plain_label("Note")
        self.label.setObjectName("notes-label")
        self.edit = QPlainTextEdit()
        self.edit.setObjectName("note")
        self.edit.setPlaceholderText("Add a note… (E to write, Esc to leave)")
        self.edit.setTabChangesFocus(True)
        self._keeps = _KeepsPageKeys(self)
        self.edit.installEventFilter(self._keeps)
        self._focus = _Focus(self)
        self.edit.installEventFilter(self._focus)
        self._expanded = True  # (set by _fit from the first document on)
        layout = self._layout = QVBoxLayout(self)
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
        self.setVisible(doc_id is not None)
        self._fit()

    @property
    def expanded(self) -> bool:
        """Whole (label and editor at the height the reader gave it), not one line."""
        return self._expanded

    def _fit(self) -> None:
        """Whole while there is a note or it has the focus; else one line."""
        expanded = bool(self.edit.toPlainText().strip()) or self.edit.hasFocus()
        if expanded == self._expanded:
            return
        self._expanded = expanded
        self.label.setVisible(expanded)
        policy = (
            Qt.ScrollBarPolicy.ScrollBarAsNeeded
            if expanded
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        self.edit.setVerticalScrollBarPolicy(policy)
        self.setMaximumHeight(QWIDGETSIZE_MAX if expanded else self.line_height())
        self.expanded_changed.emit(expanded)

    def line_height(self) -> int:
        """The panel's height as one line: an editor line and the margins around it."""
        margins = self._layout.contentsMargins()
        document = round(2 * self.edit.document().documentMargin())
        frame = 2 * self.edit.frameWidth()
        line = self.edit.fontMetrics().lineSpacing()
        return line + document + frame + margins.top() + margins.bottom()

    def text(self) -> str:
        return self.edit.toPlainText()

    def _changed(self) -> None:
        if not self._loading and self._doc_id is not None:
            self.edited.emit(self._doc_id, self.edit.toPlainText())
