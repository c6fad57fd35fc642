"""Images fetched in the background, one article after another, never on the window's thread.

``ImageDownloads`` keeps a queue of articles (their ids: an article asked for with I, the
articles of an always-load source as they are opened, those an import brought) and one thread
that takes them in turn: it reads the article from the library (a read-only connection of its
own), finds the images its page would show (``placeholders.image_urls``) and fetches those the
store lacks through ``fetch_images`` (the one downloader, the reader's proxy), each outcome said
as it comes (``outcome``). Cancel stops before the next image and empties the queue; what was
stored stays. Nothing here decides whether to load: the caller (pictures.py) does.
"""

from __future__ import annotations

import contextlib
import threading
from collections import deque
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal, SignalInstance

from reader.core.fetching.article import Fetch, Run, fetch_images
from reader.core.library.connection import LibraryError, read_only
from reader.core.library.images import ImageStore, ImageStoreError
from reader.core.page.placeholders import image_urls


class ImageDownloads(QObject):
    """A queue of articles whose images are fetched, in order, in a thread of its own.

    Cancel lets the thread go: it ends after the request under way (whose answer is then
    neither kept nor said: ``fetch_images`` stops before writing), takes nothing more from the
    queue and says nothing more, while a load asked for next starts a thread of its own at
    once (each thread carries its generation; only the current one's signals are emitted)."""

    outcome = Signal(str, object)  # an article's id, an Outcome (article.py)
    article_done = Signal(str)  # an article's images are all in, or refused
    finished = Signal(str)  # the queue is empty: "" or why it stopped (a full disk)
    # From the thread, with its generation: passed on above only if still current when they
    # arrive (one sent just before a Cancel arrives after it).
    _thread_outcome = Signal(int, str, object)
    _thread_done = Signal(int, str)
    _thread_finished = Signal(int, str)

    def __init__(self, root: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._root = root
        self._lock = threading.Lock()
        self._queue: deque[tuple[str, bool]] = deque()  # an article, and whether to retry
        self._queued: set[str] = set()
        self._current: str | None = None
        self._stop = threading.Event()  # the article being fetched's: set by cancel
        self._thread: threading.Thread | None = None
        self._generation = 0  # the current thread's; a cancelled one's is older
        self._fetch: Fetch | None = None
        self.articles_done = 0  # since the queue was last empty
        self.articles_total = 0
        self._thread_outcome.connect(self._pass(self.outcome))
        self._thread_done.connect(self._pass(self.article_done))
        self._thread_finished.connect(self._pass(self.finished))

    def _pass(self, signal: SignalInstance) -> Callable[..., None]:
        def passed(generation: int, *args: object) -> None:
            if generation == self._generation:
                signal.emit(*args)

        return passed

    @property
    def busy(self) -> bool:
        """A thread is fetching (or about to end: an ``add`` then starts another)."""
        return self._thread is not None

    def has(self, doc_id: str) -> bool:
        """``doc_id``'s images are being fetched or waiting their turn."""
        with self._lock:
            return self._fetching(doc_id) or doc_id in self._queued

    def fetching(self, doc_id: str) -> bool:
        """``doc_id``'s images are being fetched now (not waiting for another article's)."""
        with self._lock:
            return self._fetching(doc_id)

    def _fetching(self, doc_id: str) -> bool:
        if self._current is None:  # (the thread about to take the first in the queue)
            return bool(self._queue) and self._queue[0][0] == doc_id
        return doc_id == self._current

    def add(
        self, doc_ids: list[str], fetch: Fetch, *, first: bool = False, retry: bool = False
    ) -> None:
        """Fetch these articles' images (``first``: before those waiting: the reader is
        looking at it) through ``fetch``; ``retry``: ask again for those refused before
        (``article.fetch_images``)."""
        with self._lock:
            if not self.busy:
                self.articles_done = self.articles_total = 0
            waiting = self._queued | {self._current}
            new = [doc_id for doc_id in dict.fromkeys(doc_ids) if doc_id not in waiting]
            jobs = [(doc_id, retry) for doc_id in new]
            if first:
                self._queue.extendleft(reversed(jobs))
            else:
                self._queue.extend(jobs)
            self._queued.update(new)
            self.articles_total += len(new)
            self._fetch = fetch
            if self.busy or not new:
                return
            generation = self._generation
            thread = self._thread = threading.Thread(
                target=self._run, args=(generation,), name="images", daemon=True
            )
        thread.start()

    def cancel(self) -> None:
        """Stop now: the articles waiting are dropped, the request under way is left to end
        by itself (its answer not kept), and the thread says nothing more."""
        with self._lock:
            self._queue.clear()
            self._queued.clear()
            self._stop.set()
            self._generation += 1
            self._current, self._thread = None, None

    def wait(self, timeout: float | None = None) -> None:
        """(tests) Until the current thread has ended."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _next(self, generation: int) -> tuple[str, bool, Fetch, threading.Event] | None:
        with self._lock:
            if generation != self._generation:
                return None  # cancelled: another thread may have the queue now
            if not self._queue or self._fetch is None:
                self._current = None
                self._thread = None  # (under the lock: an add from now on starts another)
                return None
            self._current, retry = self._queue.popleft()
            self._queued.discard(self._current)
            self._stop = threading.Event()
            return self._current, retry, self._fetch, self._stop

    def _run(self, generation: int) -> None:
        error = ""
        try:
            with ImageStore(self._root) as store, contextlib.closing(read_only(self._root)) as db:
                run = Run()  # what this run met: nothing is asked twice in it
                while (job := self._next(generation)) is not None:
                    doc_id, retry, fetch, stop = job
                    found = db.execute("SELECT html FROM documents WHERE id = ?", (doc_id,))
                    row = found.fetchone()
                    urls = image_urls(row[0]) if row else []
                    outcomes = fetch_images(
                        urls, store, fetch, cancelled=stop.is_set, retry=retry, run=run
                    )
                    for outcome in outcomes:
                        self._emit(self._thread_outcome, generation, doc_id, outcome)
                    if not stop.is_set():
                        self.articles_done += 1
                        self._emit(self._thread_done, generation, doc_id)
        except (ImageStoreError, LibraryError) as e:
            error = str(e)
        except Exception as e:  # a thread's error must not end the app: said, then over
            error = f"Loading images stopped: {e}"
        with self._lock:
            current = generation == self._generation
            if error and current:
                self._current, self._thread = None, None
                self._queue.clear()
                self._queued.clear()
        if current:
            self._emit(self._thread_finished, generation, error)

    @staticmethod
    def _emit(signal: SignalInstance, *args: object) -> None:
        with contextlib.suppress(RuntimeError):  # the window is gone
            signal.emit(*args)
