"""A thin line over the article that fills as it is read: how far down the article the bottom
of the screen is (an article that fits on one screen is read in full)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QScrollBar, QSizePolicy, QWidget

HEIGHT_PX = 3


def read_share(value: int, maximum: int, page: int) -> float:
    """The share of an article seen once the screen's bottom is at ``value + page`` of
    ``maximum + page`` (a scroll bar's numbers): 1.0 when it all fits."""
    if maximum <= 0:
        return 1.0
    whole = maximum + max(page, 0)
    return min(1.0, max(0.0, (value + max(page, 0)) / whole))


class ReadingProgress(QWidget):
    """Follows ``bar`` (the viewer's vertical scroll bar); hidden while nothing is shown
    (``set_active(False)``: no article open)."""

    def __init__(self, bar: QScrollBar) -> None:
        super().__init__()
        self.setObjectName("reading-progress")
        self._bar = bar
        self._active = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(HEIGHT_PX)
        bar.valueChanged.connect(self._changed)
        bar.rangeChanged.connect(self._changed)
        self._changed()

    def sizeHint(self) -> QSize:
        return QSize(100, HEIGHT_PX)

    @property
    def share(self) -> float:
        bar = self._bar
        return read_share(bar.value(), bar.maximum(), bar.pageStep())

    def set_active(self, active: bool) -> None:
        """An article is shown (the line fills) or not (the line is empty)."""
        self._active = active
        self._changed()

    def _changed(self) -> None:
        percent = round(100 * self.share) if self._active else 0
        self.setToolTip(f"{percent}% of the article read" if self._active else "")
        self.setAccessibleName(f"Reading progress {percent}%")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        if self._active:
            width = self.width() * self.share
            color = palette.color(QPalette.ColorRole.Highlight)
            painter.fillRect(QRectF(0, 0, width, self.height()), color)
        painter.end()
