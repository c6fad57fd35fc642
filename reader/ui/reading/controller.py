"""The reading pane: the article shown, its note, its flags, its links.

Shows the article the list chose, the welcome or overview page when none is open, and hands
links to the browser (only http, https and mailto) or back to the window (``reader:`` links of
the welcome page). The read flag goes through the list, which keeps the counts.

Links are shown, said on hover, copied and opened without their tracking parameters (core/
tracking.py) unless the ``keep_tracking_parameters`` preference says to keep them: the page
is set with them taken out, and every URL handed to the browser is stripped again (O, a
row's Open Original). A link to another article in the library opens it here, in the app.

An article is marked read as the ``mark_read`` preference says: on opening it ("on_open"),
after it has been shown ``mark_read_seconds`` ("after_seconds": one chosen before then stays
unread), when its end is on screen ("on_scroll": a short one's at once), or only by M
("manual"). The article restored at start is never marked (``not_marking_read``), nor one
marked unread (M) while it is shown.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, QUrl, Signal

from reader import APP_NAME
from reader.core.display import printable
from reader.core.library.images import ImageStates
from reader.core.library.search import terms_for_highlight
from reader.core.library.store import Library
from reader.core.links import external_url
from reader.core.model import Document, Row
from reader.core.page.placeholders import NONE_LOADED
from reader.core.page.render import library_page, message_page, welcome_page
from reader.core.tracking import strip_tracking
from reader.core.userdata.state import State
from reader.ui.handlers import handles
from reader.ui.listing.controller import ListController
from reader.ui.reading.notes import NotesPanel
from reader.ui.reading.viewer import ArticleView
from reader.ui.saver import StateSaver

if TYPE_CHECKING:
    from reader.core.userdata.prefs import Preferences


class ReadingController(QObject):
    title_changed = Signal(str)  # the window's title
    message = Signal(str, int)  # for the status bar: text, milliseconds
    command = Signal(str)  # a reader: link of the welcome page ("open", "import-folder"...)
    article_shown = Signal(bool)  # an article is open (else a page: welcome, overview)
    link_hovered = Signal(str)  # the target of the link under the pointer ("" when none)
    not_opened = Signal(str)  # no browser (or mail program) could be started for this URL
    opened = Signal(object)  # the Document just shown (its images: pictures.py)

    def __init__(
        self,
        library: Library,
        state: State,
        saver: StateSaver,
        listing: ListController,
        open_url: Callable[[QUrl], object],
        sample_available: Callable[[], bool],
        parent: QObject | None = None,
        *,
        prefs: Preferences | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.state = state
        self._saver = saver
        self._list = listing
        self._open_url = open_url
        self._sample_available = sample_available
        self.viewer = ArticleView()
        self.notes = NotesPanel()
        self.current_id: str | None = None
        self._note_typed = False
        self._prefs = prefs  # (without: marked read on opening, links untracked)
        self.viewer.keep_tracking = self.keep_tracking
        self._mark_read = True  # opening an article may mark it read (not when restored)
        self._marking: str | None = None  # the article to mark read later (timer, its end)
        self._read_timer = QTimer(self)
        self._read_timer.setSingleShot(True)
        self._read_timer.timeout.connect(self._mark_now)
        # What the header calls a source (its host unless a name is known): set by the window.
        self.source_name: Callable[[str], str | None] = lambda _source: None
        # What the image store holds of an article's images: set by the window (pictures.py).
        self.images_of: Callable[[Document], ImageStates] = lambda _doc: NONE_LOADED
        bar = self.viewer.verticalScrollBar()
        bar.valueChanged.connect(self._check_end)
        bar.rangeChanged.connect(self._check_end)
        self.viewer.loaded.connect(lambda: QTimer.singleShot(0, self._check_end))
        self.notes.edited.connect(self._note_edited)
        self.viewer.link_activated.connect(self.link_activated)
        self.viewer.highlighted.connect(self._hovered)
        listing.document_chosen.connect(self.show_document)
        listing.refreshed.connect(self._show_overview)
        listing.sidebar.query_changed.connect(self._search_changed)

    def show_document(self, doc_id: str) -> None:
        if doc_id == self.current_id:
            return
        self.remember_position()  # of the article being left
        self._marking = None  # (one left before its time stays unread)
        self._read_timer.stop()
        if self._note_typed:  # a note is saved on switching article (other changes: by timer)
            self._note_typed = False
            self._saver.flush()
        doc = self.library.get(doc_id)
        self.current_id = doc_id
        if doc is None:
            self.viewer.show_html(message_page("Not found", f"No document with id {doc_id}."))
            self.notes.set_document(None, None)
            self.article_shown.emit(False)
            return
        self.viewer.show_document(
            doc,
            source_name=self.source_name(doc.source),
            starred=self.state.is_starred(doc_id),
            images=self.images_of(doc),
        )
        self.article_shown.emit(True)
        self.opened.emit(doc)
        self.notes.set_document(doc_id, self.state.note(doc_id))
        self.title_changed.emit(f"{doc.title} — {APP_NAME}")
        self.state.set_last_document(doc_id)
        if self._mark_read and not self.state.is_read(doc_id):
            self._mark_later(doc_id)
        self._saver.schedule()
        query = self._list.sidebar.query()
        if query.searching:  # the first match is the place to be, not where it was left
            terms = terms_for_highlight(query.text)
            self.viewer.when_loaded(lambda: self.viewer.highlight(terms))
            return
        share = self.state.position(doc_id)
        if share is not None:  # where it was left, once laid out whole
            self.viewer.when_loaded(
                lambda: QTimer.singleShot(0, lambda: self._scroll_back(doc_id, share))
            )

    @property
    def mark_read_mode(self) -> str:
        return self._prefs.mark_read if self._prefs is not None else "on_open"

    def _mark_later(self, doc_id: str) -> None:
        """Mark the article just opened read as the preference says: now, or later (the
        timer, its end reached), or never by itself."""
        mode = self.mark_read_mode
        if mode == "on_open":
            self._list.read_changed(doc_id, True)
        elif mode in ("after_seconds", "on_scroll"):
            self._marking = doc_id
            if mode == "after_seconds" and self._prefs is not None:
                self._read_timer.start(1000 * self._prefs.mark_read_seconds)

    def _mark_now(self) -> None:
        """The article waiting to be marked read (still the one shown) is, through the list
        (its row, the counts)."""
        doc_id, self._marking = self._marking, None
        self._read_timer.stop()
        if doc_id is not None and doc_id == self.current_id and not self.state.is_read(doc_id):
            self._list.read_changed(doc_id, True)
            self._saver.schedule()

    def _check_end(self) -> None:
        """With "on_scroll", the article is marked read once its end is on screen (whole: a
        long one's last piece in)."""
        if (
            self._marking is not None
            and self._marking == self.current_id
            and self.mark_read_mode == "on_scroll"
            and not self.viewer.loading
            and self.viewer.at_end()
        ):
            self._mark_now()

    def _scroll_back(self, doc_id: str, share: float) -> None:
        if doc_id == self.current_id:  # (not if another was chosen meanwhile)
            self.viewer.set_scroll_share(share)

    def remember_position(self) -> None:
        """Where the article shown is scrolled to, kept for it in the state."""
        if self.current_id is not None and not self.viewer.loading:
            self.state.set_position(self.current_id, self.viewer.scroll_share())

    @contextlib.contextmanager
    def not_marking_read(self) -> Iterator[None]:
        """Articles shown meanwhile keep their read flag (the article restored at start: it
        was opened last time, and may have been marked unread since)."""
        self._mark_read = False
        try:
            yield
        finally:
            self._mark_read = True

    def _show_overview(self) -> None:
        """No articles: the welcome page; articles but none open: what there is."""
        if not len(self.library.catalog):
            self.current_id = None
            self._marking = None
            self.notes.set_document(None, None)
            self.viewer.show_html(welcome_page(sample_available=self._sample_available()))
            self.article_shown.emit(False)
        elif self.current_id is None:
            catalog = self.library.catalog
            sources = len(catalog.source_totals())
            self.viewer.show_html(library_page(catalog.total, catalog.unread, sources))

    def _search_changed(self) -> None:
        """A search started or changed: its matches are marked in the article shown (where the
        reader is; F3 goes to them); it ended: its highlights leave the article with it."""
        query = self._list.sidebar.query()
        if not query.searching:
            self.viewer.highlight([])
        elif self.current_id is not None and not self.viewer.loading:
            self.viewer.highlight(terms_for_highlight(query.text), scroll=False)

    @handles("article.toggle_read")
    def toggle_read(self) -> None:
        if self.current_id:
            self._marking = None  # the reader's say: nothing marks it later
            self._read_timer.stop()
            self._list.read_changed(self.current_id, not self.state.is_read(self.current_id))

    @handles("article.star")
    def toggle_star(self) -> None:
        if not self.current_id:
            return
        self.state.set_starred(self.current_id, not self.state.is_starred(self.current_id))
        self._list.model.document_changed(self.current_id)
        self.star_changed(self.current_id)
        self._saver.schedule()

    def star_changed(self, doc_id: str) -> None:
        """``doc_id`` was starred or unstarred (S, a menu): its header says so if it is the
        article shown, where the reader is."""
        if doc_id == self.current_id:
            self.refresh_header()

    def refresh_header(self) -> None:
        """The header of the article shown says its source's name and star as they are now
        (a source renamed, a star set from a menu), where the reader is."""
        doc = self.library.get(self.current_id) if self.current_id else None
        if doc is not None:
            self.viewer.set_header(self.source_name(doc.source), self.state.is_starred(doc.id))

    def close_article(self, doc_id: str) -> None:
        """``doc_id`` left the list and no row is left to show instead (archived or deleted
        from a list of one): if it is shown, the reading pane shows what there is instead."""
        if doc_id != self.current_id:
            return
        self.remember_position()
        self.forget_pending([doc_id])
        self.current_id = None
        self.notes.set_document(None, None)
        self.article_shown.emit(False)
        self.title_changed.emit(APP_NAME)
        self._show_overview()

    def forget_pending(self, doc_ids: Iterable[str]) -> None:
        """The reader set these articles' read flag themselves (a menu): the article shown
        is not marked read later by the timer or its end."""
        if self._marking is not None and self._marking in set(doc_ids):
            self._marking = None
            self._read_timer.stop()

    @handles("article.edit_note")
    def edit_note(self) -> None:
        if self.current_id:
            self.notes.edit.setFocus()

    def _note_edited(self, doc_id: str, text: str) -> None:
        self._note_typed = True
        self.state.set_note(doc_id, text)
        self._saver.schedule()

    @handles("view.page_down")
    def page_down(self) -> None:
        """A page down; at the article's end, the next unread article."""
        if not self.viewer.page(1) and self.current_id:
            self._list.next_unread()

    @handles("view.page_up")
    def page_up(self) -> None:
        self.viewer.page(-1)

    @handles("go.next_match")
    def next_match(self) -> None:
        self._step_match(1)

    @handles("go.previous_match")
    def previous_match(self) -> None:
        self._step_match(-1)

    def _step_match(self, step: int) -> None:
        number, count = self.viewer.step_match(step)
        if count:
            self.message.emit(f"Match {number} of {count}", 3000)
        else:
            self.message.emit("No search matches in this article.", 3000)

    @handles("view.scroll_down")
    def scroll_down(self) -> None:
        """A page down, and no further (Space goes on to the next unread article)."""
        self.viewer.page(1)

    @handles("view.top")
    def to_top(self) -> None:
        self.viewer.set_scroll_position(0)

    @handles("view.bottom")
    def to_bottom(self) -> None:
        self.viewer.set_scroll_position(self.viewer.verticalScrollBar().maximum())

    # --- links ---------------------------------------------------------------------------------

    @handles("article.open_original")
    def open_original(self) -> None:
        doc = self.library.get(self.current_id) if self.current_id else None
        if doc and doc.url:
            self.open_external(doc.url)
        elif doc:
            self.message.emit("This article has no web address to open.", 4000)

    @property
    def keep_tracking(self) -> bool:
        return self._prefs is not None and self._prefs.keep_tracking_parameters

    def shown_link(self, url: str) -> str:
        """``url`` as the reader is shown, given and sent it: without its tracking
        parameters, unless the preference keeps them."""
        return url if self.keep_tracking else strip_tracking(url)

    def links_changed(self) -> None:
        """The preference changed (Preferences): the article's links set again as it says,
        where the reader is."""
        if self.viewer.keep_tracking != self.keep_tracking:
            self.viewer.keep_tracking = self.keep_tracking
            self.viewer.refresh()

    def library_article(self, url: str) -> Row | None:
        """The article in the library that ``url`` links to (another than the one shown: a
        link to itself is its original, for the browser), else None."""
        row = self.library.catalog.link_row(url)
        return row if row is not None and row.id != self.current_id else None

    def open_external(self, url: str) -> None:
        """Hand ``url`` to the browser or mail program: only http, https and mailto, from
        every path (the header link, O, a link in the article), without tracking parameters
        unless the preference keeps them."""
        safe = external_url(url)
        safe = self.shown_link(safe) if safe is not None else None
        if safe is None:
            blocked = printable(url)[:200]
            self.message.emit(f"Blocked a link that is not a web or mail address: {blocked}", 6000)
            return
        if self._open_url(QUrl(safe)) is False:  # (QDesktopServices says False)
            self.not_opened.emit(safe)

    def _hovered(self, url: QUrl) -> None:
        """A link under the pointer: its real target, said in the status bar (as plain text,
        control characters shown), never the text the link shows."""
        target = url.toString(QUrl.ComponentFormattingOption.FullyEncoded) if url.isValid() else ""
        if target and url.scheme().lower() != "reader":
            row = self.library_article(target)
            if row is not None:
                target = f"Opens in {APP_NAME}: {row.title} ({self.shown_link(target)})"
            elif external_url(target) is None and url.scheme():
                target = f"{target} (not opened: not a web or mail address)"
            else:
                target = self.shown_link(target)
            self.link_hovered.emit(printable(target)[:500])
        else:
            self.link_hovered.emit("")

    def link_activated(self, url: QUrl) -> None:
        scheme = url.scheme().lower()
        if scheme == "reader":
            self.command.emit(url.path())
        elif not scheme and url.hasFragment():
            self.viewer.scrollToAnchor(url.fragment())
        else:
            target = url.toString(QUrl.ComponentFormattingOption.FullyEncoded)
            row = self.library_article(target)
            if row is None or not self._list.select_document(row.id):
                self.open_external(target)
