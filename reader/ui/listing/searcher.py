"""Whole search result lists off the UI thread.

The window shows the first page of a search at once (``query.first_page``) and asks the
searcher for the rest: a daemon thread with its own library connection runs the latest request
only (older ones waiting behind it are dropped) and reports by signal, on the UI thread.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from reader.core.library.store import SearchConnection


class Searcher(QObject):
    found = Signal(int, object)  # request number, every id best first (None: it failed)

    def __init__(self, root: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._root = root
        self._requests: queue.SimpleQueue[tuple[int, str | None] | None] = queue.SimpleQueue()
        self._latest = 0
        self._thread: threading.Thread | None = None

    def request(self, text: str) -> int:
        """Search ``text`` in the background; ``found`` brings the result with this number."""
        self._latest += 1
        self._start()
        self._requests.put((self._latest, text))
        return self._latest

    def _start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="search", daemon=True)
            self._thread.start()

    def warm_up(self) -> None:
        """Open the connection and ready the tokenizer now, in the thread, so the first search
        spends none of it (~100 ms at 100,000 articles)."""
        self._start()
        self._requests.put((0, None))

    def cancel(self) -> None:
        """Forget what was asked (a result still on its way is stale: its number is old)."""
        self._latest += 1

    def stop(self) -> None:
        if self._thread is not None:
            self._requests.put(None)
            self._thread.join(timeout=5)
            self._thread = None

    def _run(self) -> None:
        connection: SearchConnection | None = None
        try:
            while (request := self._requests.get()) is not None:
                number, text = request
                if text is not None and number != self._latest:
                    continue  # a newer request is queued
                ids: list[str] | None
                try:
                    connection = connection or SearchConnection(self._root)
                    if text is None:  # warm_up
                        connection.warm_up()
                        continue
                    ids = connection.search(text)
                except Exception:
                    # Not lost: the window then searches on its own connection (None), where
                    # a damaged library is met and offered its repair; said in the log here.
                    _log_failure(text)
                    if text is None:
                        continue
                    ids = None
                with contextlib.suppress(RuntimeError):  # the window is gone
                    self.found.emit(number, ids)
        finally:
            if connection is not None:
                connection.close()


def _log_failure(text: str | None) -> None:
    import logging  # (on a failure only: the module costs startup time)

    what = "getting ready" if text is None else "a search"
    logging.getLogger(__name__).warning("The search thread failed %s.", what, exc_info=True)
