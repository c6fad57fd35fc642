"""Images on the reader's terms: blocked until asked for, then kept and shown offline.

An article's remote images are boxes (placeholders.py) until the reader asks: the bar above
the article says how many are not loaded and from which sites, and offers Load Images (I)
and "Always for <source>". Loading goes to a thread (downloads.py) through the one
downloader (core/fetching: its checks, tracking pixels never asked for, the reader's own
network refused, the proxy the preferences name); each image fetched is kept in the library's
image store and the page shows it from there, now and after any restart, with no request.
The bar says how far it is, Cancel stops it, and a box whose image was refused says why.

An article of a source set to always load (``State.loads_images``), or every article when the
``load_images`` preference is on, loads its images when it is opened; the articles an import
brings are offered together (or loaded, by the same choices) with progress and Cancel.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QSizePolicy, QToolButton

from reader.core.fetching.article import Fetch, Outcome, blocked
from reader.core.fetching.results import Limits
from reader.core.library.images import ImageStates, ImageStore, ImageStoreError, StoredImage
from reader.core.library.store import Library
from reader.core.model import Document
from reader.core.page.placeholders import NONE_LOADED, image_urls
from reader.core.userdata.state import State
from reader.ui.handlers import handles
from reader.ui.plain import plain_label
from reader.ui.reading.downloads import ImageDownloads
from reader.ui.saver import StateSaver

if TYPE_CHECKING:
    from reader.core.userdata.prefs import Preferences
    from reader.ui.reading.controller import ReadingController

IMPORT_OFFER_LEAST = 2  # articles an import must bring for the bar to offer their images


class ImageBar(QFrame):
    """The bar above the article about its images: what is blocked, loading, or loaded."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("imagebar")
        self.label = plain_label()
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.label.setMinimumWidth(100)
        self.load = QPushButton("Load Images")
        self.load.setToolTip("Fetch these images from their sites and keep them (I)")
        self.always = QPushButton()
        self.cancel = QPushButton("Cancel")
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip("Hide this bar")
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 6, 4)
        layout.addWidget(self.label, 1)
        for button in (self.load, self.always, self.cancel, self.close_button):
            layout.addWidget(button)
        self.hide()

    def say(self, text: str, *, load: bool = False, always: str = "", cancel: bool = False) -> None:
        """``text`` (plain) with the buttons asked for: Load Images, "Always for ``always``"
        (a source's name), Cancel."""
        self.label.setText(text)
        self.load.setText("Load Images")  # (Try Again: set after, by the caller)
        self.load.setVisible(load)
        self.always.setVisible(bool(always))
        self.always.setText(f"Always for {always}".replace("&", "&&") if always else "")
        self.cancel.setVisible(cancel)
        self.show()


class PicturesController(QObject):
    message = Signal(str, int)  # for the status bar: text, milliseconds

    def __init__(
        self,
        library: Library,
        state: State,
        saver: StateSaver,
        prefs: Preferences,
        reading: ReadingController,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._state = state
        self._saver = saver
        self._prefs = prefs
        self._reading = reading
        self.limits = Limits()  # the downloader's (tests let loopback through)
        self._store: ImageStore | None = None  # opened when first needed (not at start)
        self.store_error = ""  # why it cannot be opened (boxes shown; said on loading)
        self.downloads = ImageDownloads(library.root, self)
        self.bar = ImageBar()
        self._doc: Document | None = None  # the article shown
        self._counts = [0, 0]  # its images stored and refused by the load under way
        self._reasons: dict[str, int] = {}  # why they were refused, how often
        self._all = [0, 0]  # every article's, since the downloads were last idle
        self._import_ids: list[str] = []  # the last import's new articles, offered
        self._offering_import = False  # the bar offers them (else the article's images)
        self._cancelled = False  # Cancel was pressed: the load under way ends early
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
        self._doc, self._counts, self._reasons = doc, [0, 0], {}
        self._offering_import = False
        if self.downloads.has(doc.id):
            self._say_progress()
            return
        if self._always(doc.source) and blocked(doc.html, self.store):
            self._load([doc.id], first=True)
        else:
            self._say_blocked(doc)

    def _say_blocked(self, doc: Document) -> None:
        """The bar says how many of the article's images are blocked, and from where (or
        goes: none are), offering Load Images and Always."""
        missing = blocked(doc.html, self.store)
        if not missing:
            self._offer_import() if self._import_ids else self.bar.hide()
            return
        text = f"{_images(len(missing))} blocked from {_hosts(missing.hosts)}."
        if missing.trackers:
            pixels = "tracking pixel" if missing.trackers == 1 else "tracking pixels"
            text += f" {missing.trackers} {pixels}, never loaded."
        name = self._source_name(doc.source)
        self.bar.say(
            text,
            load=True,
            always="" if self._state.loads_images(doc.source) else name,
        )

    def choices_changed(self) -> None:
        """Preferences changed what loads by itself (or the proxy): the bar says it again for
        the article shown, which loads its images now if it should."""
        doc = self._doc
        if doc is None or self.downloads.has(doc.id) or self._offering_import:
            return
        if self._always(doc.source) and blocked(doc.html, self.store):
            self._load([doc.id], first=True)
        elif self.bar.isVisible() and self.bar.load.isVisible():
            self._say_blocked(doc)  # (its Always button as the choice now is)

    def _article_shown(self, shown: bool) -> None:
        if not shown:
            self._doc = None
            self.bar.hide()

    @handles("article.load_images")
    def load_images(self) -> None:
        """I: fetch the images of the article shown (those the store lacks)."""
        doc = self._doc
        if doc is None:
            return
        if self.downloads.has(doc.id):
            self.message.emit("Its images are being loaded.", 3000)
            return
        if not blocked(doc.html, self.store):
            has_images = bool(image_urls(doc.html))
            self.message.emit(
                "Its images are all here." if has_images else "This article has no images.", 3000
            )
            return
        self._load([doc.id], first=True, retry=True)

    def _load_clicked(self) -> None:
        if self._offering_import:
            self.load_articles(self._import_ids)
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
        if on and doc is not None and doc.source == source and blocked(doc.html, self.store):
            self._load([doc.id], first=True)

    def cancel(self) -> None:
        self.downloads.cancel()
        self._import_ids, self._offering_import = [], False
        self._cancelled = True  # (the article's end then says what is still blocked)
        self.message.emit("Loading images cancelled; what came is kept.", 4000)

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
            self.bar.say(
                f"Images not loaded: the proxy set in Preferences is not usable: {reason}."
            )
            return None
        return functools.partial(fetch_image, limits=self.limits, proxy=proxy)

    def _load(self, doc_ids: list[str], *, first: bool = False, retry: bool = False) -> None:
        fetch = self._fetcher()
        if fetch is None:
            return
        if not self.downloads.busy:
            self._all = [0, 0]
            self._cancelled = False
        self.downloads.add(doc_ids, fetch, first=first, retry=retry)
        self._say_progress()

    def load_articles(self, doc_ids: list[str]) -> None:
        """Fetch the images of these articles (an import's), after what is under way."""
        self._import_ids, self._offering_import = [], False
        self._load(doc_ids)

    def _outcome(self, doc_id: str, outcome: Outcome) -> None:
        refused = outcome.status == "refused"
        self._all[refused] += 1
        if self._doc is not None and doc_id == self._doc.id:
            self._counts[refused] += 1
            if refused:
                self._reasons[outcome.reason] = self._reasons.get(outcome.reason, 0) + 1
        self._say_progress()

    def _article_done(self, doc_id: str) -> None:
        doc = self._doc
        if doc is None or doc_id != doc.id:
            self._say_progress()
            return
        self._reading.viewer.set_images(self.states_of(doc))
        if self._cancelled:  # (what is still blocked, offered again)
            self._say_blocked(doc)
            return
        stored, refused = self._counts
        retry = False
        if not refused:
            text = f"{_images(stored)} loaded."
        elif stored:
            text = f"{_images(stored)} loaded; {refused} blocked (each box says why)."
        else:
            reason = max(self._reasons, key=lambda r: self._reasons[r])
            text = f"No image loaded: {reason}" + ("." if len(self._reasons) == 1 else "…")
            retry = True
        if self.downloads.articles_total > 1 and self.downloads.busy:
            text += f" {self._batch()}"
        busy = self.downloads.busy
        self.bar.say(text, load=retry and not busy, cancel=busy)
        self.bar.load.setText("Try Again" if retry else "Load Images")
        self._counts, self._reasons = [0, 0], {}

    def _finished(self, error: str) -> None:
        if self.downloads.busy:
            return  # another load started meanwhile
        if self._cancelled:
            self._cancelled = False
            self._say_blocked(self._doc) if self._doc is not None else self.bar.hide()
            return
        if error:
            self.bar.say(error)
        elif self.bar.cancel.isVisible():  # (the last article's own, said already)
            stored, refused = self._all
            self.bar.say(
                f"Images of {self.downloads.articles_total:,} articles done: "
                f"{_images(stored)} kept, {refused:,} blocked."
            )

    def _say_progress(self) -> None:
        doc = self._doc
        if not self.downloads.busy:
            return
        if doc is not None and self.downloads.has(doc.id):
            done = sum(self._counts)
            total = len(image_urls(doc.html))
            text = f"Loading images… {done} of {total}."
        else:
            text = self._batch()
        self.bar.say(text, cancel=True)

    def _batch(self) -> str:
        done, total = self.downloads.articles_done, self.downloads.articles_total
        return f"Loading the images of {total:,} articles: {done:,} done."

    # --- after an import --------------------------------------------------------------------

    def imported(self, doc_ids: list[str]) -> None:
        """An import brought these new articles: those whose images load by themselves (the
        preference, a source set to always) are queued; the rest are offered in the bar."""
        rows = [self._library.row(i) for i in doc_ids if i in self._library]
        auto = [r.id for r in rows if self._always(r.source)]
        if auto:
            self._load(auto)
        rest = [r.id for r in rows if r.id not in set(auto)]
        if len(rest) >= IMPORT_OFFER_LEAST:
            self._import_ids = rest
            if not self.downloads.busy:
                self._offer_import()

    def _offer_import(self) -> None:
        count = len(self._import_ids)
        self.bar.say(
            f"The {count:,} articles just imported may have images. Their images load only "
            "when asked: Load Images fetches them all from their sites.",
            load=True,
        )
        self._offering_import = True

    def _source_name(self, source: str) -> str:
        return self._reading.source_name(source) or source


def _images(count: int) -> str:
    return f"{count:,} image{'s' if count != 1 else ''}"


def _hosts(hosts: tuple[str, ...]) -> str:
    if len(hosts) <= 3:
        return " and ".join([", ".join(hosts[:-1]), hosts[-1]] if len(hosts) > 1 else hosts)
    return f"{', '.join(hosts[:2])} and {len(hosts) - 2} other sites"
