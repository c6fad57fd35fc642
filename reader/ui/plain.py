"""Text from files shown as text, never as markup: the one way the window does it.

Qt guesses whether a label's or a tooltip's text is rich text (``Qt::mightBeRichText``), and
rich text renders ``<img>``, reading the file it names: a file called
``<img src=/dev/zero>.md`` in an import banner read /dev/zero until the process died. So
every title, path, source name, note and error message reaches a widget through here:
labels are fixed to plain text, tooltips (which have no text format to fix) get the text
escaped inside a ``<p>`` (rich text whose only content is that text, shown as it is), menu
entries get their ``&`` doubled (Qt reads one as a mnemonic) and control characters escaped.
The article itself is the only markup the window shows, in the viewer, sanitized.
"""

from __future__ import annotations

import textwrap
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from reader.core.display import printable


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label that shows its text as it is, whatever it looks like."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def tooltip(text: str) -> str:
    """A tooltip that shows ``text`` as it is, its lines kept and long ones wrapped at
    ``TOOLTIP_COLUMNS`` (Qt would wrap a rich-text tooltip to a narrow column by itself)."""
    lines = [part for line in text.split("\n") for part in _wrapped(line)]
    return f"<p style='white-space:pre'>{escape(chr(10).join(lines), quote=False)}</p>"


TOOLTIP_COLUMNS = 60


def _wrapped(line: str) -> list[str]:
    return textwrap.wrap(line, TOOLTIP_COLUMNS, break_long_words=True) or [""]


def menu_text(text: str) -> str:
    """A menu entry's text showing ``text`` as it is: one line, ``&`` not a mnemonic."""
    return printable(text).replace("&", "&&")


def plain_action(text: str, parent: QWidget) -> QAction:
    """A menu entry for text from a file (a path in Open Recent, say), its tooltip included."""
    action = QAction(menu_text(text), parent)
    action.setToolTip(tooltip(printable(text)))
    return action


def warning_box(parent: QWidget, title: str, text: str) -> QMessageBox:
    """A warning whose text is plain text (QMessageBox guesses, as labels do)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box
