"""The article viewer: QTextBrowser as the second wall after the sanitizer.

QTextBrowser would read relative and ``file:`` resources from disk by itself and follow links
on its own; here it loads only what is vouched for (nothing, today: images are placeholders)
and hands every click to the window.
"""

from __future__ import annotations

from collections import deque

from PySide6.QtCore import QByteArray, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontInfo,
    QImage,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFrameFormat,
)
from PySide6.QtWidgets import QTextBrowser, QTextEdit

from reader.core.render import MEASURE_EM

SIDE_MIN_PX = 28
TOP_PX = 28
BOTTOM_PX = 64
BASE_POINT_SIZE = 13
HIGHLIGHT = "#ffe066"
MAX_HIGHLIGHTS = 2000
FONT_FAMILIES = [
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "PingFang SC",
    "Microsoft YaHei",
    "Noto Sans Arabic",
    "Noto Sans",
    "DejaVu Sans",
    "Segoe UI",
]


def _blank_image() -> QImage:
    image = QImage(1, 1, QImage.Format.Format_ARGB32)
    image.fill(0)
    return image


_BLANK_IMAGE = _blank_image()


class ArticleView(QTextBrowser):
    link_activated = Signal(QUrl)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("viewer")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self.link_activated.emit)
        font = QFont()
        font.setFamilies(FONT_FAMILIES)
        font.setPointSize(BASE_POINT_SIZE)
        self.setFont(font)
        self.document().setDefaultFont(font)
        self._zoom = 0
        self._vouched: dict[str, bytes] = {}
        self.blocked: deque[str] = deque(maxlen=200)  # the last refusals (tests, diagnostics)

    # The second wall ---------------------------------------------------------------------------

    def loadResource(self, kind: int, url: QUrl | str) -> object:
        """Serve only vouched-for resources; refuse the rest with a *valid* empty value.

        Returning nothing (an invalid QVariant) is not a refusal: QTextDocument then reads
        relative and ``file:`` URLs from disk itself (``<img src="/dev/zero">`` exhausts memory).
        """
        key = url.toString() if isinstance(url, QUrl) else str(url)
        if key in self._vouched:
            return QByteArray(self._vouched[key])
        self.blocked.append(key)
        if kind == QTextDocument.ResourceType.ImageResource:
            return _BLANK_IMAGE
        return QByteArray(b"")

    def setSource(self, url: QUrl, kind: object = None) -> None:
        """Never navigate by itself (history keys, stray calls): links go to the window."""

    # Content and layout ------------------------------------------------------------------------

    def show_html(self, html: str) -> None:
        self.setHtml(html)
        self._apply_measure()
        self.verticalScrollBar().setValue(0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_measure()

    def _apply_measure(self) -> None:
        em = QFontInfo(self.document().defaultFont()).pixelSize() or 16
        width = self.viewport().width()
        side = max(SIDE_MIN_PX, (width - MEASURE_EM * em) // 2)
        root = self.document().rootFrame()
        fmt: QTextFrameFormat = root.frameFormat()
        if (fmt.leftMargin(), fmt.rightMargin(), fmt.topMargin()) == (side, side, TOP_PX):
            return
        fmt.setLeftMargin(side)
        fmt.setRightMargin(side)
        fmt.setTopMargin(TOP_PX)
        fmt.setBottomMargin(BOTTOM_PX)
        root.setFrameFormat(fmt)

    # Search matches -----------------------------------------------------------------------------

    def highlight(self, terms: list[str]) -> int:
        """Mark every occurrence of ``terms`` (case-insensitive) and scroll to the first."""
        selections = []
        doc = self.document()
        marker = QTextCharFormat()
        marker.setBackground(QColor(HIGHLIGHT))
        marker.setForeground(QColor("#000000"))
        first: QTextCursor | None = None
        for term in terms:
            cursor = QTextCursor(doc)
            while True:
                cursor = doc.find(term, cursor)
                if cursor.isNull():
                    break
                selection = QTextEdit.ExtraSelection()
                selection.cursor = cursor
                selection.format = marker
                selections.append(selection)
                if first is None or cursor.position() < first.position():
                    first = QTextCursor(cursor)
                if len(selections) >= MAX_HIGHLIGHTS:
                    break
        self.setExtraSelections(selections)
        if first is not None:
            self.setTextCursor(first)
            self.ensureCursorVisible()
            self.setTextCursor(QTextCursor(doc))  # no visible caret selection left behind
        return len(selections)

    # Reading by keyboard -----------------------------------------------------------------------

    def page(self, direction: int) -> bool:
        """Scroll a page down (1) or up (-1); False if already at that end."""
        bar = self.verticalScrollBar()
        before = bar.value()
        step = max(bar.pageStep() - 2 * self.fontMetrics().lineSpacing(), 1)
        bar.setValue(before + direction * step)
        return bar.value() != before

    def scroll_position(self) -> int:
        return self.verticalScrollBar().value()

    def set_scroll_position(self, value: int) -> None:
        self.verticalScrollBar().setValue(value)

    # Zoom --------------------------------------------------------------------------------------

    def zoom(self, steps: int) -> None:
        """Zoom by ``steps`` points (0 resets); the document font scales with it."""
        target = 0 if steps == 0 else max(-6, min(20, self._zoom + steps))
        font = self.document().defaultFont()
        font.setPointSize(BASE_POINT_SIZE + target)
        self.document().setDefaultFont(font)
        self._zoom = target
        self._apply_measure()

    @property
    def zoom_level(self) -> int:
        return self._zoom
