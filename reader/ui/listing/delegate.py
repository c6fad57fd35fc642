"""How a row of the article list is painted: the title, then the source's name and the date
(a star and a note mark before them), and while a search is on, a third line: the snippet of
the article's text around the first match, the match in bold (core/library/snippets.py).

What it paints beyond the model's roles comes through callables the window gives it (each a
no-op until then), so the delegate reads no library and no state of its own:
``subtitle_of`` (the source's display name, core/library/sources.py), ``has_note`` and
``searching``/``snippet_of``. Snippets are asked for only by ``paint``, so only for the rows
on screen. Everything is drawn as plain text.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from reader.core.library.snippets import ELLIPSIS, Snippet
from reader.ui.listing.model import DOC_ID_ROLE, STARRED_ROLE, SUBTITLE_ROLE, UNREAD_ROLE

_PAD = 8
_DOT = 8
STAR = "★"
NOTE_MARK = "✎"  # the article has a note

_Index = QModelIndex | QPersistentModelIndex
SELECTED_SECONDARY_ALPHA = 0.85  # of the selected row's text colour, for its second lines


def secondary_colour(palette: QPalette, selected: bool) -> QColor:
    """The second lines' colour (source, date, snippet): quieter than the title, yet readable
    in every theme (tests/ui/listing/test_row_contrast.py): the palette's placeholder colour,
    on the selected row its text colour at ``SELECTED_SECONDARY_ALPHA`` (at 62% of the text
    colour they were 3.4:1 on Light's selection, 3.6:1 on Sepia's list)."""
    if not selected:
        return palette.color(QPalette.ColorRole.PlaceholderText)
    colour = QColor(palette.highlightedText().color())
    colour.setAlphaF(SELECTED_SECONDARY_ALPHA)
    return colour


class ArticleDelegate(QStyledItemDelegate):
    """Two lines per row: the title (bold with a dot when unread), then source · date; a third
    while searching: the snippet."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # doc id -> the second line (None: the model's SUBTITLE_ROLE)
        self.subtitle_of: Callable[[str], str] | None = None
        self.has_note: Callable[[str], bool] = lambda _id: False
        self.searching: Callable[[], bool] = lambda: False
        self.snippet_of: Callable[[str], Snippet | None] = lambda _id: None

    def lines(self) -> int:
        return 3 if self.searching() else 2

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        line = QFontMetrics(option.font).lineSpacing()
        return QSize(200, self.lines() * line + 2 * _PAD + 2 * (self.lines() - 1))

    def subtitle(self, index: _Index) -> str:
        """The second line: marks, then the source's name and the date."""
        doc_id = index.data(DOC_ID_ROLE)
        if doc_id and self.subtitle_of is not None:
            text = self.subtitle_of(doc_id)
        else:
            text = str(index.data(SUBTITLE_ROLE) or "")
        if doc_id and self.has_note(doc_id):
            text = f"{NOTE_MARK} {text}"
        if index.data(STARRED_ROLE):
            text = f"{STAR} {text}"
        return text

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        painter.save()
        style = option.widget.style() if option.widget else None
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        text_color = palette.highlightedText().color() if selected else palette.text().color()
        dim = secondary_colour(palette, selected)
        unread = bool(index.data(UNREAD_ROLE))
        rect = option.rect.adjusted(_PAD + _DOT + 6, _PAD, -_PAD, -_PAD)
        title_font = QFont(option.font)
        title_font.setBold(unread)
        fm = QFontMetrics(title_font)
        if unread:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(text_color if selected else palette.link().color())
            y = rect.top() + (fm.height() - _DOT) // 2
            painter.drawEllipse(option.rect.left() + _PAD, y, _DOT, _DOT)
        painter.setFont(title_font)
        painter.setPen(text_color)
        title = fm.elidedText(str(index.data() or ""), Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(QRect(rect.left(), rect.top(), rect.width(), fm.height()), 0, title)
        painter.setFont(option.font)
        painter.setPen(dim)
        sub_fm = QFontMetrics(option.font)
        subtitle = sub_fm.elidedText(
            self.subtitle(index), Qt.TextElideMode.ElideRight, rect.width()
        )
        top = rect.top() + fm.lineSpacing() + 2
        painter.drawText(QRect(rect.left(), top, rect.width(), sub_fm.height()), 0, subtitle)
        doc_id = index.data(DOC_ID_ROLE)
        if doc_id and self.searching():
            found = self.snippet_of(doc_id)
            if found is not None:
                top += sub_fm.lineSpacing() + 2
                line = QRect(rect.left(), top, rect.width(), sub_fm.height())
                _draw_snippet(painter, line, option.font, found, dim, text_color)
        painter.restore()


def fitted_parts(snippet: Snippet, font: QFont, width: int) -> tuple[str, str, str]:
    """The snippet's parts (before, match, after) cut to ``width`` pixels: the text before
    the match takes at most a third of it (cut from its start), the rest is elided."""
    before, match, after = snippet.parts
    bold = QFont(font)
    bold.setBold(True)
    fm, bold_fm = QFontMetrics(font), QFontMetrics(bold)
    if before and fm.horizontalAdvance(before) > width // 3:
        body = before.removeprefix(ELLIPSIS)
        while body and fm.horizontalAdvance(ELLIPSIS + body) > width // 3:
            body = body[1:]
        before = ELLIPSIS + body.lstrip()
    left = max(width - fm.horizontalAdvance(before), 0)
    match = bold_fm.elidedText(match, Qt.TextElideMode.ElideRight, left)
    left = max(left - bold_fm.horizontalAdvance(match), 0)
    after = fm.elidedText(after, Qt.TextElideMode.ElideRight, left) if left else ""
    return before, match, after


def _draw_snippet(
    painter: QPainter, line: QRect, font: QFont, snippet: Snippet, dim: QColor, strong: QColor
) -> None:
    before, match, after = fitted_parts(snippet, font, line.width())
    bold = QFont(font)
    bold.setBold(True)
    x = line.left()
    # One baseline for the three parts (each drawn in a box of its own, a bold Latin match
    # sat higher than the CJK text around it: its fallback font has another ascent).
    baseline = line.top() + QFontMetrics(font).ascent()
    for text, text_font, color in ((before, font, dim), (match, bold, strong), (after, font, dim)):
        if not text:
            continue
        painter.setFont(text_font)
        painter.setPen(color)
        painter.drawText(QPoint(x, baseline), text)
        x += QFontMetrics(text_font).horizontalAdvance(text)
