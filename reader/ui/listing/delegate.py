"""How a row of the article list is painted: title, then source and date."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from reader.ui.listing.model import STARRED_ROLE, SUBTITLE_ROLE, UNREAD_ROLE

_PAD = 8
_DOT = 8


class ArticleDelegate(QStyledItemDelegate):
    """Two lines per row: the title (bold with a dot when unread), then source · date."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        line = QFontMetrics(option.font).lineSpacing()
        return QSize(200, 2 * line + 2 * _PAD + 2)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
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
        dim = QColor(text_color)
        dim.setAlphaF(0.62)
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
        subtitle = str(index.data(SUBTITLE_ROLE) or "")
        if index.data(STARRED_ROLE):
            subtitle = f"★ {subtitle}"
        subtitle = sub_fm.elidedText(subtitle, Qt.TextElideMode.ElideRight, rect.width())
        top = rect.top() + fm.lineSpacing() + 2
        painter.drawText(QRect(rect.left(), top, rect.width(), sub_fm.height()), 0, subtitle)
        painter.restore()
