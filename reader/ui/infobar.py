"""A dismissable message above the article (import problems, a recovered state file), and
the dialog its Details button opens."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.ui.plain import plain_label


class InfoBar(QFrame):
    """One message (plain text) with optional details, shown in a dialog on request."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("infobar")
        self.setStyleSheet(
            "#infobar { background: #fff4ce; border-bottom: 1px solid #e6d59a; }"
            # (its own colours in every theme: the dark palette's light text would be
            # white on yellow, the close button's ✕ invisible)
            "#infobar QLabel, #infobar QToolButton { color: #3b3b3b; }"
        )
        self.label = plain_label()
        self.label.setWordWrap(True)
        # Never wider than the window gives it: a long name or address without a place to
        # break (a path, a URL) is cut at the edge instead of widening the whole window.
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.label.setMinimumWidth(100)
        self.details = QPushButton("Details…")
        self.action = QPushButton()  # what the message offers to do (Copy Link), if anything
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action)
        layout.addWidget(self.details)
        layout.addWidget(self.close_button)
        self._lines: list[str] = []
        self._action: tuple[str, Callable[[], object]] | None = None
        self.about_article = False
        self.details.clicked.connect(self._show_details)
        self.action.clicked.connect(self._act)
        self.hide()

    def show_message(
        self,
        text: str,
        details: Sequence[str] = (),
        action: tuple[str, Callable[[], object]] | None = None,
        *,
        about_article: bool = False,
    ) -> None:
        """``text`` (plain), ``details`` behind a button, and ``action``: a button's label and
        what it does (then the bar closes). ``about_article``: the message is about the
        article shown (a link of it), and leaves with it (``article_changed``)."""
        self.about_article = about_article
        self.label.setText(text)
        self._lines = list(details)
        self.details.setVisible(bool(self._lines))
        self._action = action
        self.action.setVisible(action is not None)
        if action is not None:
            self.action.setText(action[0])
        self.show()

    def article_changed(self) -> None:
        """Another article is shown: a message about the last one goes."""
        if self.about_article:
            self.hide()

    def _act(self) -> None:
        if self._action is not None:
            self._action[1]()
        self.hide()

    def _show_details(self) -> None:
        ProblemsDialog(self._lines, self).open()


class ProblemsDialog(QDialog):
    """Import problems, one per line, selectable and copyable."""

    def __init__(self, lines: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import Problems")
        text = QPlainTextEdit("\n".join(lines))
        text.setObjectName("problems")
        text.setReadOnly(True)
        text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(f"{len(lines):,} files were not imported:"))
        layout.addWidget(text)
        layout.addWidget(buttons)
        self.resize(760, 380)
