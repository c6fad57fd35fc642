"""Images on the reader's terms: blocked until asked for, then kept and shown offline.

An article's remote images are boxes (placeholders.py) until the reader asks: the bar above
the article (imagebar.py) says how many are blocked and from which sites, and offers Load
Images (I) and "Always for <source>". Loading goes to a thread (downloads.py) through the one
downloader (core/fetching: its checks, tracking pixels never asked for, the reader's own
network refused, the proxy the preferences name: one chosen but not usable fetches nothing);
each image fetched is kept in the library's image store and the page shows it from there, now
and after any restart, with no request. The bar says how far it is, Cancel stops it at once
(a request under way ends by itself; nothing more is asked), and a box whose image was
refused says why, as the bar does when an article's images were all refused ("3 images not
loaded: could not find … (offline, or no such site)", Try Again).

An article of a source set to always load (``State.loads_images``), or every article when the
``load_images`` preference is on, loads its images when it is opened; the articles an import
brings are offered together in the message bar (or loaded, by the same choices), with
progress and Cancel in this one.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from reader.core.fetching.article import Blocked, Fetch, Outcome, blocked
from reader.core.fetching.results import Limits
from reader.core.library.images import ImageStates, ImageStore, ImageStoreError, StoredImage
from reader.core.library.store import Library
from reader.core.model import Document
from reader.core.page.placeholders import NONE_LOADED, image_urls
from reader.core.userdata.state import State
from reader.ui.handlers import handles
from reader.ui.infobar import InfoBar
from reader.ui.reading.downloads import ImageDownloads
from reader.ui.reading.imagebar import (
    LOAD,
    TRY_AGAIN,
    ImageBar,
    Tally,
    blocked_text,
    images_said,
)
from reader.ui.saver import StateSaver

if TYPE_CHECKING:
    from reader.core.userdata.prefs import Preferences
    from reader.ui.reading.controller import ReadingController

IMPORT_OFFER_LEAST = 2  # articles an import must bring for their images to be offered
IMPORT_COUNT_MOST = 100  # an import's articles whose images are counted for the offer (~70 ms)


class PicturesController(QObject):
    message = Signal(str, int)  # for the status bar: text, milliseconds

    def __init__(
        self,
        library: Library,
        state: State,
        saver: StateSaver,
        prefs: Preferences,
        reading: ReadingController,
        info: InfoBar,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._state = state
        self._saver = saver
        self._prefs = prefs
        self._reading = reading
        self._info = info
        self.limits = Limits()  # the downloader's (tests let loopback through)
        self._store: ImageStore | None = None  # opened when first needed (not at start)
        self.store_error = ""  # why it cannot be opened (boxes shown; said on loading)
        self.downloads = ImageDownloads(library.root, self)
        self.bar = ImageBar()
        self._doc: Document | None = None  # the article shown
        self._tallies: dict[str, Tally] = {}  # the articles of the load under way
        self._run = Tally()  # all of it
        self._run_ids: list[str] = []  # its articles, when more than one (Try Again)
        self._cancelled = False  # Cancel was pressed: the load under way ends early
        self._retry_run = False  # the bar's Try Again is the whole run's (else the article's)
        self._proxy = prefs.image_proxy  # (a change makes the refusals' reasons stale)
        self._import_ids: list[str] = []  # the last import's new articles, offered
        self._offering_import = False  # the bar offers them (else the article's images)
        self._offer = ""  # what it says of them
        self.bar.load.clicked.connect(self._load_clicked)
        self.bar.always.clicked.connect(self._always_clicked)
        self.bar.cancel.clicked.connect(self.cancel)
        reading.viewer.stored_image = self._stored_image
        reading.images_of = self.states_of
        reading.opened.connect(self._opened)
        reading.article_shown.connect(self._article_shown)
        self.downloads.outcome.connect(self._outcome)
        self.downloads.article_done.connect(self._article_done)
        self.downloads.finished.connect(self._finished)

    def close(self) -> None:
        self.downloads.cancel()
        # (a request under way may wait its whole timeout: quitting does not; what the
        # thread had not committed is not in the store, which SQLite keeps whole)
        self.downloads.wait(0.5)
        if self._store is not None:
            self._store.close()

    @property
    def store(self) -> ImageStore | None:
        """The image store, opened the first time an article with images needs it."""
        if self._store is None and not self.store_error:
            try:
                self._store = ImageStore(self._library.root)
            except ImageStoreError as e:
                self.store_error = str(e)
        return self._store

    # --- what the page shows --------------------------------------------------------------

    def states_of(self, doc: Document) -> ImageStates:
        """What the store holds of ``doc``'s images (for its page)."""
        store = self.store if "sr-media" in doc.html else None
        return store.states(image_urls(doc.html)) if store is not None else NONE_LOADED

    def _stored_image(self, url: str) -> StoredImage | None:
        store = self._store  # (opened by now: the page asking has stored images)
        return store.get(url) if store is not None else None

    # --- the article shown ------------------------------------------------------------------

    def _opened(self, doc: Document) -> None:
        self._doc = doc
        self._offering_import = False
        if self.downloads.has(doc.id):
            self._say_progress()
            return
        missing = self._blocked(doc)
        if missing and self._always(doc.source):
            self._load([doc.id], first=True)
        else:
            self._say_blocked(doc, missing)

    def _blocked(self, doc: Document) -> Blocked:
        """The article's images the store lacks (an article without images: none, and the
        store is not opened for it)."""
        return blocked(doc.html, self.store if "sr-media" in doc.html else None)

    def _say_blocked(self, doc: Document, missing: Blocked | None = None) -> None:
        """The bar says how many of the article's images are blocked and from where, or
        why they were not loaded before (or goes: none are), with what it can do."""
        self._retry_run = False
        missing = self._blocked(doc) if missing is None else missing
        if not missing:
            self._offer_import() if self._import_ids else self.bar.hide()
            return
        text, load = blocked_text(missing), LOAD
        if not missing.new:
            text, load = f"{images_said(len(missing))} not loaded: {missing.reason()}.", TRY_AGAIN
        name = self._source_name(doc.source)
        always = "" if self._state.loads_images(doc.source) else name
        self.bar.say(text, load=load, always=always)

    def choices_changed(self) -> None:
        """Preferences changed what loads by itself (or the proxy): the bar says it again for
        the article shown, which loads its images now if it should."""
        if self._prefs.image_proxy != self._proxy and self.store is not None:
            self._proxy = self._prefs.image_proxy  # the reasons given by the last way out go
            self.store.forget_refusals()
            if self._doc is not None:
                self._reading.viewer.set_images(self.states_of(self._doc))
        doc = self._doc
        if doc is None or self.downloads.has(doc.id) or self._offering_import:
            return
        if self._always(doc.source) and self._blocked(doc):
            self._load([doc.id], first=True)
        elif self.bar.isVisible():
            self._say_blocked(doc)  # (its Always button, a proxy's error, as they now are)

    def _article_shown(self, shown: bool) -> None:
        if not shown:
            self._doc = None
            self.bar.hide()

    @handles("article.load_images")
    def load_images(self) -> None:
        """I: fetch the images of the article shown (those the store lacks; those refused
        before asked again)."""
        doc = self._doc
        if doc is None:
            return
        if self.downloads.has(doc.id):
            self.message.emit("Its images are being loaded.", 3000)
            return
        if not self._blocked(doc):
            has_images = bool(image_urls(doc.html))
            self.message.emit(
                "Its images are all here." if has_images else "This article has no images.", 3000
            )
            return
        self._load([doc.id], first=True, retry=True)

    def _load_clicked(self) -> None:
        if self._offering_import:
            self.load_articles(self._import_ids)
        elif self._retry_run:
            self.load_articles(self._run_ids, retry=True)
        else:
            self.load_images()

    def _always_clicked(self) -> None:
        if self._doc is not None:
            self.set_always(self._doc.source, True)

    def set_always(self, source: str, on: bool) -> None:
        """Always load the images of ``source``'s articles (or no longer); said in the
        status bar, reversible in Preferences. The article shown loads its own now."""
        self._state.set_loads_images(source, on)
        self._saver.schedule()
        name = self._source_name(source)
        self.message.emit(
            f"Images from {name} will load when an article opens (Preferences can undo this)."
            if on
            else f"Images from {name} load only when asked.",
            6000,
        )
        doc = self._doc
        if on and doc is not None and doc.source == source and self._blocked(doc):
            self._load([doc.id], first=True, retry=True)  # (asked: those refused too)

    def cancel(self) -> None:
        """Stop loading: nothing more is asked (a request under way ends by itself, its
        image kept if it comes); the bar says at once what is still blocked."""
        self.downloads.cancel()
        self._cancelled = True
        self._import_ids, self._offering_import = [], False
        self.message.emit("Loading images cancelled; what came is kept.", 4000)
        if self._doc is not None:
            self._say_blocked(self._doc)
        else:
            self.bar.hide()

    # --- loading ------------------------------------------------------------------------------

    def _always(self, source: str) -> bool:
        return self._prefs.load_images or self._state.loads_images(source)

    def _fetcher(self) -> Fetch | None:
        """The downloader as the preferences set it, or None (said) when it cannot be."""
        if self.store is None:
            self.bar.say(f"Images cannot be kept: {self.store_error}")
            return None
        # (the network stack is loaded when an image is first asked for, not at start)
        from reader.core.fetching.fetch import fetch_image, parse_proxy

        try:
            proxy = parse_proxy(self._prefs.image_proxy)
        except ValueError as e:
            reason = str(e).split("; accepted:", 1)[0]  # (Preferences > Images says the rest)
            unusable = "Images not loaded: the proxy set in Preferences is not usable"
            self.bar.say(f"{unusable}: {reason}.")
            return None
        return functools.partial(fetch_image, limits=self.limits, proxy=proxy)

    def _load(self, doc_ids: list[str], *, first: bool = False, retry: bool = False) -> None:
        fetch = self._fetcher()
        if fetch is None:
            return
        if not self.downloads.busy:  # a new run
            self._tallies, self._run, self._run_ids = {}, Tally(), []
        self._cancelled = False
        if len(doc_ids) > 1:
            self._run_ids = list(doc_ids)
        self._retry_run = False
        doc = self._doc
        if retry and doc is not None and doc.id in doc_ids and self._store is not None:
            self._store.forget_refusals(image_urls(doc.html))  # (asked again: no stale reasons)
            self._reading.viewer.set_images(self.states_of(doc))
        self.downloads.add(doc_ids, fetch, first=first, retry=retry)
        self._say_progress()

    def load_articles(self, doc_ids: list[str], *, retry: bool = False) -> None:
        """Fetch the images of these articles (an import's), after what is under way."""
        self._import_ids, self._offering_import = [], False
        self._load(doc_ids, retry=retry)

    def _outcome(self, doc_id: str, outcome: Outcome) -> None:
        self._tallies.setdefault(doc_id, Tally()).add(outcome)
        self._run.add(outcome)
        if not self._cancelled:
            self._say_progress()

    def _article_done(self, doc_id: str) -> None:
        doc = self._doc
        tally = self._tallies.pop(doc_id, Tally())
        if doc is not None and doc_id == doc.id:
            self._reading.viewer.set_images(self.states_of(doc))  # (what came, even cancelled)
        if self._cancelled:
            return  # (the bar said what is still blocked when Cancel was pressed)
        if doc is None or doc_id != doc.id:
            self._say_progress()
            return
        text, retry = tally.said()
        self._retry_run = False  # (Try Again here is the article's)
        busy = self.downloads.busy
        if busy and self.downloads.articles_total > 1:
            text += f" {self._batch()}"
        always = "" if self._state.loads_images(doc.source) else self._source_name(doc.source)
        self.bar.say(
            text,
            load=TRY_AGAIN if retry and not busy else "",
            always=always if retry and not busy else "",
            cancel=busy,
        )

    def _finished(self, error: str) -> None:
        if self.downloads.busy:
            return  # another load started meanwhile
        if self._cancelled:
            self._cancelled = False
            return
        if error:
            self.bar.say(error)
        elif len(self._run_ids) > 1:  # (a batch: what came of all of it)
            text, retry = self._run.said()
            text = f"In {len(self._run_ids):,} articles, {text}"
            self.bar.say(text, load=TRY_AGAIN if retry else "")
            self._retry_run = retry

    def _say_progress(self) -> None:
        doc = self._doc
        if not self.downloads.busy or self._cancelled:
            return
        many = self.downloads.articles_total > 1
        if doc is not None and self.downloads.fetching(doc.id):
            tally = self._tallies.get(doc.id, Tally())
            done, total = tally.done, len(image_urls(doc.html))
            text = f"Loading images… {done} of {total}." + (f" {self._batch()}" if many else "")
        elif doc is not None and self.downloads.has(doc.id) and not many:
            text = "Its images load after another article's, under way."
        else:
            text = self._batch()
        self.bar.say(text, cancel=True)

    def _batch(self) -> str:
        done, total = self.downloads.articles_done, self.downloads.articles_total
        return f"Loading the images of {total:,} articles: {done:,} done."

    # --- after an import --------------------------------------------------------------------

    def imported(self, doc_ids: list[str]) -> None:
        """An import brought these new articles: those whose images load by themselves (the
        preference, a source set to always) are queued; the rest, when they have images,
        are offered in the message bar (in this one when that one is taken)."""
        rows = [self._library.row(i) for i in doc_ids if i in self._library]
        auto = [r.id for r in rows if self._always(r.source)]
        if auto:
            self._load(auto)
        rest = [r.id for r in rows if r.id not in set(auto)]
        if len(rest) < IMPORT_OFFER_LEAST:
            return
        images = self._images_in(rest)
        if images == 0:
            return
        self._import_ids = rest
        have = f"have {images_said(images)}" if images is not None else "may have images"
        self._offer = (
            f"The {len(rest):,} articles just imported {have}, not loaded: Load Their Images "
            "fetches them from their sites and keeps them."
        )
        if not self._info.isVisible():
            offer = ("L&oad Their Images", lambda: self.load_articles(rest))
            self._info.show_message(self._offer, action=offer)
        elif not self.downloads.busy:
            self._offer_import()

    def _images_in(self, doc_ids: list[str]) -> int | None:
        """How many images these articles would load (None: too many articles to count)."""
        if len(doc_ids) > IMPORT_COUNT_MOST:
            return None
        total = 0
        for doc_id in doc_ids:
            doc = self._library.get(doc_id)
            if doc is not None and "sr-media" in doc.html:
                total += len(self._blocked(doc))
        return total

    def _offer_import(self) -> None:
        self.bar.say(self._offer.replace("Load Their Images", "Load Images"), load=LOAD)
        self._offering_import = True

    def _source_name(self, source: str) -> str:
        return self._reading.source_name(source) or source
