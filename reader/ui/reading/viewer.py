"""The article viewer: QTextBrowser as the second wall after the sanitizer.

QTextBrowser would read relative and ``file:`` resources from disk by itself and follow links
on its own; here it loads only what is vouched for (nothing, today: images are placeholders)
and hands every click to the window.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections import deque
from collections.abc import Callable

from PySide6.QtCore import (
    QByteArray,
    QDate,
    QEvent,
    QLocale,
    QPoint,
    QPointF,
    Qt,
    QTime,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QFont,
    QFontInfo,
    QHelpEvent,
    QImage,
    QResizeEvent,
    QTextCursor,
    QTextDocument,
    QTextDocumentFragment,
    QTextFrameFormat,
)
from PySide6.QtWidgets import QTextBrowser, QToolTip

from reader.core.model import Document
from reader.core.page.pieces import Stopped, article_pieces, is_big
from reader.core.page.render import MEASURE_EM, STYLE, article_page, message_page
from reader.ui.plain import plain_label, tooltip
from reader.ui.reading.matches import find_matches, marks

SIDE_MIN_PX = 28
TOP_PX = 28
BOTTOM_PX = 64
BASE_POINT_SIZE = 13
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


class _Piece(QTextDocument):
    """A piece of a long article, parsed before it is appended: it loads nothing."""

    def loadResource(self, kind: int, url: QUrl | str) -> object:
        if kind == QTextDocument.ResourceType.ImageResource:
            return _BLANK_IMAGE
        return QByteArray(b"")


def locale_date(when: dt.datetime) -> str:
    """An article's date as the desktop's locale writes it: the long date, the short time
    ("Saturday, February 15, 2025 8:03 AM", "2025年2月15日星期六 08:03")."""
    locale = QLocale()
    day = locale.toString(QDate(when.year, when.month, when.day), QLocale.FormatType.LongFormat)
    clock = QTime(when.hour, when.minute, when.second)
    return f"{day} {locale.toString(clock, QLocale.FormatType.ShortFormat)}"


class ArticleView(QTextBrowser):
    link_activated = Signal(QUrl)
    loaded = Signal()  # the whole article is in (at once, or after its last piece)
    _prepared = Signal(int, list)  # from the preparing thread: request number, pieces

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
        self._request = 0  # the article asked for last; a long one's pieces carry its number
        self._pieces: list[str] = []
        self._piece_count = 0
        self._then: list[Callable[[], object]] = []
        self._loading = False
        self._prepared.connect(self._show_pieces)
        self._share: float | None = None  # a place to keep to until painted (set_scroll_share)
        self._matches: list[QTextCursor] = []  # the highlighted matches, in reading order
        self._match = -1  # the one shown last
        self.verticalScrollBar().rangeChanged.connect(self._to_share)
        self.verticalScrollBar().actionTriggered.connect(self._let_go)  # dragged, wheel
        self.note = plain_label("", self)  # "Preparing a long article… 40 %"
        self.note.setObjectName("viewer-note")
        self.note.setStyleSheet(
            "#viewer-note { background: #fff4ce; color: #3b3b3b; border: 1px solid #e6d59a;"
            " border-radius: 4px; padding: 3px 8px; }"
        )
        self.note.hide()

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

    # Content and layout ------------------------------------------------------------------------

    def show_html(self, html: str) -> None:
        """Show a page (a message, the welcome page); an article on its way is dropped."""
        self._stop_pieces()
        self._set_page(html)
        self._finish()

    def _set_page(self, html: str) -> None:
        self._share = None  # a new page starts at its top
        self._matches, self._match = [], -1
        self.setHtml(html)
        self._apply_measure()
        self.verticalScrollBar().setValue(0)

    def show_document(self, doc: Document) -> None:
        """Show an article. A long one (``pieces.is_big``) is prepared in a thread, then shown
        a piece per turn of the event loop: the window answers all along, and a note says how
        far it is. ``when_loaded`` runs what needs the whole article (highlights, scroll)."""
        self._stop_pieces()
        if not is_big(doc):
            self._set_page(article_page(doc, date_text=locale_date))
            self._finish()
            return
        request = self._request
        self._loading = True
        self._set_page(message_page(doc.title, "Preparing a long article…"))
        self._show_note("Preparing a long article…")
        threading.Thread(
            target=self._prepare, args=(request, doc), name="article", daemon=True
        ).start()

    def _prepare(self, request: int, doc: Document) -> None:
        """In a thread: the article's pieces (or, should that fail, the whole page); it stops
        early when another article is asked for meanwhile (J, J, J through long ones)."""
        try:
            pieces = article_pieces(
                doc, stop=lambda: self._request != request, date_text=locale_date
            )
        except Stopped:
            return
        except Exception:
            pieces = [article_page(doc, date_text=locale_date)]
        with contextlib.suppress(RuntimeError):  # the window is gone
            self._prepared.emit(request, pieces)

    @property
    def loading(self) -> bool:
        """A long article is still being prepared or shown."""
        return self._loading

    def when_loaded(self, then: Callable[[], object]) -> None:
        """Run ``then`` once the article shown is whole (now, if it is)."""
        if self.loading:
            self._then.append(then)
        else:
            then()

    def _show_pieces(self, request: int, pieces: list[str]) -> None:
        if request != self._request:
            return  # another article was asked for meanwhile
        self._set_page(pieces[0])
        self._pieces = pieces[:0:-1]  # the rest, last first: popped from the end
        self._piece_count = len(pieces)
        QTimer.singleShot(0, lambda: self._append_piece(request))

    def _append_piece(self, request: int) -> None:
        if request != self._request:
            return  # another article was asked for meanwhile
        if not self._pieces:
            self._finish()
            return
        self._append(self._pieces.pop())
        done = self._piece_count - len(self._pieces)
        self._show_note(f"Preparing a long article… {100 * done // self._piece_count} %")
        QTimer.singleShot(0, lambda: self._append_piece(request))

    def _append(self, html: str) -> None:
        """Append whole blocks at the end, each with its own format. (Qt merges a fragment's
        first block into the block at the cursor: a new block, given that first block's
        format, takes it.)"""
        piece = _Piece()
        piece.setDefaultFont(self.document().defaultFont())
        piece.setDefaultStyleSheet(STYLE)
        piece.setHtml(f"<html><body>{html}</body></html>")  # a page: directions as the first's
        first = piece.begin()
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertBlock(first.blockFormat(), first.charFormat())
        start = cursor.position()
        cursor.insertFragment(QTextDocumentFragment(piece))
        # A fragment that starts with a list item is not merged: drop the block left empty.
        made = self.document().findBlock(start)
        if not made.text() and first.text() and made.next().isValid():
            cursor.setPosition(start - 1)
            cursor.deleteChar()

    def _stop_pieces(self) -> None:
        self._loading = False
        self._request += 1
        self._pieces = []
        self._then = []
        self.note.hide()

    def _finish(self) -> None:
        self._loading = False
        self.note.hide()
        then, self._then = self._then, []
        for step in then:
            step()
        self.loaded.emit()

    def _show_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.adjustSize()
        self.note.move(self.width() - self.note.width() - 24, 8)
        self.note.show()
        self.note.raise_()

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
        self._let_go()
        self._matches = find_matches(self.document(), terms)
        self.setExtraSelections(marks(self._matches))
        self._match = -1
        if self._matches:
            self._show_match(self._matches[0])
            self._match = 0
        return len(self._matches)

    def step_match(self, step: int) -> tuple[int, int]:
        """Show the next (1) or previous (-1) highlighted match, round the article; returns
        its number (from 1) and how many there are ((0, 0): none)."""
        if not self._matches:
            return 0, 0
        self._let_go()
        self._match = (self._match + step) % len(self._matches)
        self._show_match(self._matches[self._match])
        return self._match + 1, len(self._matches)

    def _show_match(self, match: QTextCursor) -> None:
        """Scroll ``match`` to a third of the way down the view (where the eye looks next),
        leaving no caret or selection behind."""
        bar = self.verticalScrollBar()
        self.setTextCursor(QTextCursor(self.document()))
        place = bar.value() + self.cursorRect(match).center().y() - self.viewport().height() // 3
        bar.setValue(place)

    # Reading by keyboard -----------------------------------------------------------------------

    def page(self, direction: int) -> bool:
        """Scroll a page down (1) or up (-1); False if already at that end."""
        self._let_go()
        bar = self.verticalScrollBar()
        before = bar.value()
        step = max(bar.pageStep() - 2 * self.fontMetrics().lineSpacing(), 1)
        bar.setValue(before + direction * step)
        return bar.value() != before

    def set_scroll_position(self, value: int) -> None:
        self._let_go()
        self.verticalScrollBar().setValue(value)

    def scroll_share(self) -> float:
        """How far down the article is scrolled: 0 at the top, 1 at the end (the same place
        at any width or zoom, as near as the text reflows)."""
        bar = self.verticalScrollBar()
        return bar.value() / bar.maximum() if bar.maximum() > 0 else 0.0

    def set_scroll_share(self, share: float) -> None:
        """Scroll to ``share`` of the article, and keep to it while the layout settles (the
        window not shown yet, fonts, the width changing) until the reader scrolls."""
        self._share = share
        self._to_share()

    def _let_go(self) -> None:
        self._share = None  # the reader scrolls from here

    def _to_share(self) -> None:
        if self._share is not None:
            bar = self.verticalScrollBar()
            bar.setValue(round(self._share * bar.maximum()))

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
