"""The images an article carries, and those fetched for it into the library's image store,
as the wall serves them: decoded once as the kind their bytes are (never guessed: Qt would
read SVG), and fitted to the page's column as it changes.

Qt lays an image out at its own size (a ``max-width`` in percent counts the whole page, not
the column inside the viewer's margins), so the wall hands out each image scaled to the
column, and hands them out again when the column changes (``fit``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt, QUrl
from PySide6.QtGui import QImage, QImageReader, QTextDocument

from reader.core.library.images import StoredImage
from reader.core.page.images import MAX_IMAGE_BYTES, InlineImage, image_kind, inline_image

StoredImages = Callable[[str], StoredImage | None]  # the image store's, by URL

# The decoder for each kind the core let through, named.
_QT_FORMATS = {"png": b"PNG", "jpeg": b"JPEG", "gif": b"GIF", "webp": b"WEBP"}
MAX_DECODED_WIDTH = 2400  # pixels: a bigger image is decoded at this width (memory)
MIN_WIDTH = 64  # the least an image is shown at, however narrow the column


class OfflineImages:
    """The page's images by their URL (``data:``, or a stored image's), decoded, and the
    width they fit."""

    def __init__(self) -> None:
        self._decoded: dict[str, QImage] = {}
        self._width = 0

    def clear(self) -> None:
        """A new page: the last one's images go."""
        self._decoded = {}

    def image(self, url: str, width: int, stored: StoredImages | None = None) -> QImage | None:
        """The image ``url`` holds (a ``data:`` URL), or ``stored`` holds for it (an image
        fetched into the library), no wider than ``width``; None unless the core vouches for
        it (``images.inline_image``; a stored one's bytes are checked again by their magic)."""
        decoded = self._decoded.get(url)
        if decoded is None:
            vouched = inline_image(url) if url[:5].lower() == "data:" else _stored(url, stored)
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


def _stored(url: str, stored: StoredImages | None) -> InlineImage | None:
    found = stored(url) if stored is not None and url[:4].lower() == "http" else None
    if found is None or len(found.data) > MAX_IMAGE_BYTES or image_kind(found.data) != found.kind:
        return None
    return InlineImage(found.kind, found.data)


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
