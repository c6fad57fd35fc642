"""The second wall after the sanitizer: a QTextBrowser that loads and follows nothing itself.

QTextBrowser would read relative and ``file:`` resources from disk by itself and follow links
on its own; this one loads only what is vouched for: the images an article carries (``data:``
URIs the core's ``images.inline_image`` vouches for: PNG, JPEG, GIF or WebP by their bytes,
capped; decoded as that kind and fitted to the column, ``reading/images.py``), the images
fetched into the library's store (``stored_image``: by their URL, from the store, never from
the network), and what ``_vouched`` holds; other remote images are placeholders. It never
navigates, and shows an article's ``title`` attributes as plain text.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from PySide6.QtCore import QByteArray, QEvent, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QHelpEvent, QImage, QResizeEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QToolTip

from reader.ui.plain import tooltip
from reader.ui.reading.images import OfflineImages, StoredImages


def _blank_image() -> QImage:
    image = QImage(1, 1, QImage.Format.Format_ARGB32)
    image.fill(0)
    return image


_BLANK_IMAGE = _blank_image()


class Piece(QTextDocument):
    """A piece of a long article, parsed before it is appended: it loads nothing."""

    def loadResource(self, kind: int, url: QUrl | str) -> object:
        if kind == QTextDocument.ResourceType.ImageResource:
            return _BLANK_IMAGE
        return QByteArray(b"")


class WalledBrowser(QTextBrowser):
    """Hands every click to its owner (``anchorClicked``) and loads only what is vouched for."""

    def __init__(self) -> None:
        super().__init__()
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self._vouched: dict[str, bytes] = {}
        self.blocked: deque[str] = deque(maxlen=200)  # the last refusals (tests, diagnostics)
        self._images = OfflineImages()
        self.stored_image: StoredImages | None = None  # the image store's (its owner sets it)
        self._stored_urls: dict[str, str] = {}  # the page's stored images, by their key

    def loadResource(self, kind: int, url: QUrl | str) -> object:
        """Serve only vouched-for resources; refuse the rest with a *valid* empty value.

        Returning nothing (an invalid QVariant) is not a refusal: QTextDocument then reads
        relative and ``file:`` URLs from disk itself (``<img src="/dev/zero">`` exhausts memory).
        """
        key = url.toString() if isinstance(url, QUrl) else str(url)
        if kind == QTextDocument.ResourceType.ImageResource:
            key = self._stored_urls.get(key, key)
            image = self._images.image(key, self._column_width(), self.stored_image)
            if image is not None:
                return image
        if key in self._vouched:
            return QByteArray(self._vouched[key])
        self.blocked.append(key)
        if kind == QTextDocument.ResourceType.ImageResource:
            return _BLANK_IMAGE
        return QByteArray(b"")

    def serve_stored(self, urls: Iterable[str]) -> None:
        """The page to come shows these stored images (by the URL the store keeps): the wall
        asks ``stored_image`` for them by that URL (the page's QUrl gives it back with its
        escapes decoded)."""
        self._stored_urls = {QUrl(url).toString(): url for url in urls}

    def setHtml(self, text: str) -> None:
        """A new page (its images fitted once its owner has set its column: the next turn)."""
        self._images.clear()
        super().setHtml(text)
        QTimer.singleShot(0, self._fit_images)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self._fit_images)  # after the owner has set the column again

    def _fit_images(self) -> None:
        self._images.fit(self.document(), self._column_width())

    def _column_width(self) -> int:
        """The width of the page's text: the viewport inside the root frame's margins."""
        frame = self.document().rootFrame().frameFormat()
        sides = frame.leftMargin() + frame.rightMargin() + 2 * self.document().documentMargin()
        return int(self.viewport().width() - sides)

    def setSource(self, *_args: object, **_kwargs: object) -> None:
        """Never navigate by itself (history keys, stray calls): links go to the window."""

    def viewportEvent(self, event: QEvent) -> bool:
        """An article's ``title`` attributes are its text's tooltips: shown as plain text (Qt
        would guess rich text, and load the images it names, as it does for labels)."""
        if event.type() != QEvent.Type.ToolTip:
            return super().viewportEvent(event)
        assert isinstance(event, QHelpEvent)
        text = self._tooltip_at(event.pos())
        if text:
            QToolTip.showText(event.globalPos(), tooltip(text), self)
        else:
            QToolTip.hideText()
        return True

    def _tooltip_at(self, point: QPoint) -> str:
        """The tooltip of the character under ``point`` (viewport coordinates), if any."""
        scrolled = QPointF(point) + QPointF(
            self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        )
        at = self.document().documentLayout().hitTest(scrolled, Qt.HitTestAccuracy.ExactHit)
        if not 0 <= at < self.document().characterCount() - 1:
            return ""
        cursor = QTextCursor(self.document())
        cursor.setPosition(at + 1)  # a cursor's format is the character's before it
        return cursor.charFormat().toolTip()
