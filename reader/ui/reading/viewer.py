"""The article viewer: the reading page, on the second wall after the sanitizer (wall.py).

It shows an article (a long one a piece at a time, the window answering all along), keeps
each article's place, marks a search's matches, and sets the page in the theme and typography
the preferences say (``set_look``: the page is set again where the reader was).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontInfo,
    QPalette,
    QResizeEvent,
    QTextCursor,
    QTextDocumentFragment,
    QTextFrameFormat,
)

from reader.core.library.images import ImageStates
from reader.core.model import Document
from reader.core.page.pieces import Stopped, article_pieces, is_big
from reader.core.page.placeholders import NONE_LOADED
from reader.core.page.render import article_page, justify_paragraphs, message_page, page_style
from reader.core.page.theme import LIGHT, Theme
from reader.core.page.typography import Typography
from reader.core.tracking import untracked_links
from reader.ui.plain import plain_label
from reader.ui.reading.dates import locale_date
from reader.ui.reading.matches import find_matches, marks
from reader.ui.reading.wall import Piece, WalledBrowser
from reader.ui.theme import palette_of

SIDE_MIN_PX = 28  # the least margin beside the column (the measure sets it when wider)
TOP_PX = 28
BOTTOM_PX = 64
ZOOM_LIMITS = (-6, 20)  # points added to the typography's size (the ``zoom`` preference)
MIN_POINT_SIZE = 6


class ArticleView(WalledBrowser):
    """The reading page: an article (a long one a piece at a time), a welcome or message
    page; in the theme and typography the preferences say (``set_look``), at its own place."""

    link_activated = Signal(QUrl)
    loaded = Signal()  # the whole article is in (at once, or after its last piece)
    _prepared = Signal(int, list)  # from the preparing thread: request number, pieces

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("viewer")
        # Never sideways: text, <pre> and tables wrap in the column, images fit it; what a
        # table's indent puts a pixel or ten past it falls in the side margin, not a scroll.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.anchorClicked.connect(self.link_activated.emit)
        self._zoom = 0
        self.theme: Theme = LIGHT
        self.typography = Typography()
        self._style = ""  # the page's style sheet, and whether its paragraphs are justified
        self._justified = False
        self.keep_tracking = False  # links as written, else untracked (set by the controller)
        self._shown: Document | str | None = None  # the article (or page) on screen
        self._source_name: str | None = None  # its header's source name and star
        self._starred = False
        self.images = NONE_LOADED  # what the image store holds of its images
        self._terms: list[str] = []  # the search terms highlighted
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
        self._apply_look()  # (the page is set in the style from here on)

    # Content and layout ------------------------------------------------------------------------

    def show_html(self, html: str) -> None:
        """Show a page (a message, the welcome page); an article on its way is dropped."""
        self._stop_pieces()
        self._shown, self._terms = html, []
        self._set_page(html)
        self._finish()

    def _set_page(self, html: str) -> None:
        self._share = None  # a new page starts at its top
        self._matches, self._match = [], -1
        self.setHtml(self._typeset(html))
        self._apply_measure()
        self.verticalScrollBar().setValue(0)

    def _typeset(self, html: str) -> str:
        html = html if self.keep_tracking else untracked_links(html)
        return justify_paragraphs(html) if self.typography.justify else html

    def show_document(
        self,
        doc: Document,
        *,
        source_name: str | None = None,
        starred: bool = False,
        images: ImageStates = NONE_LOADED,
    ) -> None:
        """Show an article (its header with ``source_name`` for its source, and a star when
        ``starred``; the ``images`` the store holds as images). A long one (``pieces.is_big``)
        is prepared in a thread, then shown a piece per turn of the event loop: the window
        answers all along, and a note says how far it is. ``when_loaded`` runs what needs
        the whole article (highlights, scroll)."""
        self._stop_pieces()
        self._shown, self._terms = doc, []
        self._source_name, self._starred = source_name, starred
        self.images = images
        self.serve_stored(images.stored)
        if not is_big(doc):
            self._set_page(self._article(doc))
            self._finish()
            return
        request = self._request
        self._loading = True
        self._set_page(message_page(doc.title, "Preparing a long article…"))
        self._show_note("Preparing a long article…")
        threading.Thread(
            target=self._prepare, args=(request, doc), name="article", daemon=True
        ).start()

    def _article(self, doc: Document, body: str | None = None) -> str:
        name, starred, images = self._source_name, self._starred, self.images
        return article_page(
            doc, body, date_text=locale_date, source_name=name, starred=starred, images=images
        )

    def _prepare(self, request: int, doc: Document) -> None:
        """In a thread: the article's pieces (or, should that fail, the whole page); it stops
        early when another article is asked for meanwhile (J, J, J through long ones)."""
        source_name, starred, images = self._source_name, self._starred, self.images
        try:
            pieces = article_pieces(
                doc,
                stop=lambda: self._request != request,
                date_text=locale_date,
                source_name=source_name,
                starred=starred,
                images=images,
            )
        except Stopped:
            return
        except Exception:
            pieces = [self._article(doc)]
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
        piece = Piece()
        piece.setDefaultFont(self.document().defaultFont())
        piece.setDefaultStyleSheet(self._style)
        # (a page: directions as the first's)
        piece.setHtml(f"<html><body>{self._typeset(html)}</body></html>")
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
        side = max(SIDE_MIN_PX, round(width - self.typography.measure_em * em) // 2)
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

    def highlight(self, terms: list[str], *, scroll: bool = True) -> int:
        """Mark every occurrence of ``terms`` (case-insensitive) and scroll to the first
        (unless ``scroll`` is False: the article restyled, the place kept)."""
        if scroll:
            self._let_go()
        self._terms = list(terms)
        meta = 1 if isinstance(self._shown, Document) else -1  # (the line under the title)
        self._matches = find_matches(self.document(), terms, skip=meta)
        self._match = 0 if self._matches and scroll else -1
        self._mark()
        if self._match == 0:
            self._show_match(self._matches[0])
        return len(self._matches)

    def _mark(self) -> None:
        theme = self.theme
        colours = (theme.highlight, theme.highlight_text)
        self.setExtraSelections(marks(self._matches, colours, self._match, theme.current_match))

    def step_match(self, step: int) -> tuple[int, int]:
        """Show the next (1) or previous (-1) highlighted match, round the article; returns
        its number (from 1) and how many there are ((0, 0): none)."""
        if not self._matches:
            return 0, 0
        self._let_go()
        self._match = (self._match + step) % len(self._matches)
        self._mark()
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
        """Zoom by ``steps`` points (0 resets); the document font scales with it (and the
        paragraph spacing, but in a long article: its spacing waits for it to be set again,
        not to prepare it again at each step)."""
        low, high = ZOOM_LIMITS
        self._zoom = 0 if steps == 0 else max(low, min(high, self._zoom + steps))
        self._apply_look(again=not (isinstance(self._shown, Document) and is_big(self._shown)))

    @property
    def zoom_level(self) -> int:
        return self._zoom

    @property
    def text_size_percent(self) -> int:
        """The text's size with the zoom, against the typography's size."""
        return round(100 * self._point_size() / self.typography.size)

    def _point_size(self) -> int:
        return max(MIN_POINT_SIZE, self.typography.size + self._zoom)

    def _apply_font(self) -> None:
        font = QFont()
        font.setFamilies(list(self.typography.families))
        font.setPointSize(self._point_size())
        self.setFont(font)
        self.document().setDefaultFont(font)
        self._apply_measure()

    # Theme and typography ----------------------------------------------------------------------

    def set_look(self, theme: Theme, typography: Typography) -> None:
        """Show the page in ``theme`` with ``typography``: the article on screen is set again
        in it, where it was (its share of the way down), its search marks kept."""
        if (theme, typography) != (self.theme, self.typography):
            self.theme, self.typography = theme, typography
            self._apply_look()

    def set_images(self, images: ImageStates) -> None:
        """The article's images as the store now holds them, where the reader is."""
        if isinstance(self._shown, Document) and images != self.images:
            self.images = images
            self.refresh()

    def set_header(self, source_name: str | None, starred: bool) -> None:
        """The article's header with this source name and star, where the reader is."""
        changed = (source_name, starred) != (self._source_name, self._starred)
        if changed and isinstance(self._shown, Document):
            self._source_name, self._starred = source_name, starred
            self.refresh()

    def refresh(self) -> None:
        """Set the page on screen again (its look or header changed), keeping the place."""
        shown, terms = self._shown, self._terms
        if shown is None:
            return
        share = self._share if self._share is not None else self.scroll_share()
        if isinstance(shown, Document):
            self.show_document(
                shown, source_name=self._source_name, starred=self._starred, images=self.images
            )
        else:
            self.show_html(shown)
        if terms:
            self.when_loaded(lambda: self.highlight(terms, scroll=False))
        self.when_loaded(lambda: self.set_scroll_share(share))

    def _apply_look(self, again: bool = True) -> None:
        """The theme, the font at its size, and the style sheet; the page set ``again`` in a
        style that changed (with the font's size: its paragraph spacing is in pixels)."""
        palette = palette_of(self.theme)
        palette.setColor(QPalette.ColorRole.Base, QColor(self.theme.background))
        self.setPalette(palette)
        self._apply_font()
        em = QFontInfo(self.document().defaultFont()).pixelSize()
        style = page_style(self.theme, self.typography, em)
        if (style, self.typography.justify) != (self._style, self._justified):
            self._style, self._justified = style, self.typography.justify
            self.document().setDefaultStyleSheet(style)
            if again:
                self.refresh()

    def at_end(self) -> bool:
        """The article's end is on screen (a short one's at once); lays the whole article
        out first (a long one is laid out lazily, its scroll range growing meanwhile)."""
        height = self.document().size().height()
        return self.verticalScrollBar().value() + self.viewport().height() >= height - 2
