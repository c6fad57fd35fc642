"""A search's matches in the article shown: found, marked, in reading order."""

from __future__ import annotations

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextEdit

HIGHLIGHT = "#ffe066"
CURRENT = "#ff9632"
MAX_HIGHLIGHTS = 2000


def find_matches(doc: QTextDocument, terms: list[str], skip: int = -1) -> list[QTextCursor]:
    """Every occurrence of ``terms`` in ``doc`` (case-insensitive), by where it starts, but
    in block number ``skip`` (an article's meta line: the search looks in titles and text,
    not in the source's name or the date); at most about ``MAX_HIGHLIGHTS`` (a one-character
    search in a long article)."""
    found: list[QTextCursor] = []
    for term in terms:
        cursor = QTextCursor(doc)
        while True:
            cursor = doc.find(term, cursor)
            if cursor.isNull():
                break
            if cursor.block().blockNumber() == skip:
                continue
            found.append(cursor)
            if len(found) >= MAX_HIGHLIGHTS:
                break
    return sorted(found, key=lambda c: c.selectionStart())


def marks(
    matches: list[QTextCursor],
    colours: tuple[str, str] = (HIGHLIGHT, "#000000"),
    current: int = -1,
    current_colour: str = CURRENT,
) -> list[QTextEdit.ExtraSelection]:
    """The matches as the viewer's extra selections: ``colours`` (background, text), a
    highlighter's yellow unless the theme says otherwise; the ``current`` one (F3 went to it)
    in ``current_colour`` and underlined, so it is found among the others (not by colour
    alone)."""
    marker = QTextCharFormat()
    marker.setBackground(QColor(colours[0]))
    marker.setForeground(QColor(colours[1]))
    here = QTextCharFormat(marker)
    here.setBackground(QColor(current_colour))
    here.setFontUnderline(True)
    selections = []
    for number, match in enumerate(matches):
        selection = QTextEdit.ExtraSelection()
        selection.cursor = match
        selection.format = here if number == current else marker
        selections.append(selection)
    return selections
