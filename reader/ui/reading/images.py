"""The images an article carries, as the wall serves them: decoded once as the kind their
bytes are (never guessed: Qt would read SVG), and fitted to the page's column as it changes.

Qt lays an image out at its own size (a ``max-width`` in percent counts the whole page, not
the column inside the viewer's margins), so the wall hands out each image scaled to the
column, and hands them out again when the column changes (``fit``).
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt, QUrl
from PySide6.QtGui import QImage, QImageReader, QTextDocument

from reader.core.page.images import InlineImage, inline_image

# The decoder for each kind the core let through, named.
_QT_FORMATS = {"png": b"PNG", "jpeg": b"JPEG", "gif": b"GIF", "webp": b"WEBP"}
MAX_DECODED_WIDTH = 2400  # pixels: a bigger image is decoded at this width (memory)
MIN_WIDTH = 64  # the least an image is shown at, however narrow the column


class OfflineImages:
    """The page's own images by their ``data:`` URL, decoded, and the width they fit."""

    def __init__(self) -> None:
        self._decoded: dict[str, QImage] = {}
        self._width = 0

    def clear(self) -> None:
        """A new page: the last one's images go."""
        self._decoded = {}

    def image(self, url: str, width: int) -> QImage | None:
        """The image ``url`` holds, no wider than ``width``; None unless the core vouches
        for it (``images.inline_image``)."""
        decoded = self._decoded.get(url)
        if decoded is None:
            vouched = inline_image(url)
            if vouched is None:
                return None
            decoded = self._decoded[url] = _decode(vouched)
        self._width = width
        return _fitted(decoded, width)

    def fit(self, document: QTextDocument, width: int) -> None:
        """Give ``document`` its images again at ``width`` (the column changed)."""
        if not self._decoded or width == self._width:
            return
        self._width = width
        kind = QTextDocument.ResourceType.ImageResource
        for url, decoded in self._decoded.items():
            document.addResource(kind, QUrl(url), _fitted(decoded, width))
        document.markContentsDirty(0, document.characterCount())


def _decode(image: InlineImage) -> QImage:
    buffer = QBuffer()
    buffer.setData(QByteArray(image.data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, QByteArray(_QT_FORMATS[image.kind]))
    reader.setAutoDetectImageFormat(False)
    size = reader.size()
    if size.isValid() and size.width() > MAX_DECODED_WIDTH:
        bound = QSize(MAX_DECODED_WIDTH, 1 << 20)
        reader.setScaledSize(size.scaled(bound, Qt.AspectRatioMode.KeepAspectRatio))
    decoded = reader.read()
    if decoded.isNull():
        decoded = QImage(1, 1, QImage.Format.Format_ARGB32)
        decoded.fill(0)
    return decoded


def _fitted(image: QImage, width: int) -> QImage:
    width = max(MIN_WIDTH, width)
    if image.width() <= width:
        return image
    return image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
