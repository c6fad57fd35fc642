"""Importing off the UI thread: a worker with its own library connection, reporting by signal."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from reader.core.library import Library, LibraryError
from reader.core.model import ImportResult, Status

EMIT_SECONDS = 0.1


@dataclass
class ImportSummary:
    results: list[ImportResult] = field(default_factory=list)
    cancelled: bool = False
    _counts: Counter[Status] = field(default_factory=Counter)

    def add(self, results: list[ImportResult]) -> None:
        self.results.extend(results)
        self._counts.update(r.status for r in results)

    def count(self, status: Status) -> int:
        """Kept as results arrive: the status bar asks at every batch (15,000 results)."""
        return self._counts[status]

    @property
    def errors(self) -> list[ImportResult]:
        return [r for r in self.results if r.status is Status.ERROR]

    def first_id(self) -> str | None:
        return next((r.id for r in self.results if r.id), None)


class _Worker(QObject):
    total = Signal(int)
    results = Signal(list)  # ImportResult, a batch at a time (~10 a second at most)
    finished = Signal(bool)  # cancelled

    def __init__(self, root: Path, paths: Sequence[Path], cancel: threading.Event) -> None:
        super().__init__()
        self._root = root
        self._paths = list(paths)
        self._cancel = cancel

    @Slot()
    def run(self) -> None:
        try:
            library = Library(self._root)
        except LibraryError as e:
            self.results.emit([ImportResult(str(self._root), Status.ERROR, error=str(e))])
            self.finished.emit(False)
            return
        batch: list[ImportResult] = []
        sent = time.monotonic()
        try:
            from reader.core.bulk import import_many  # multiprocessing: on first use

            for result in import_many(
                library, self._paths, on_total=self.total.emit, cancel=self._cancel
            ):
                batch.append(result)
                if time.monotonic() - sent > EMIT_SECONDS:
                    self.results.emit(batch)
                    batch, sent = [], time.monotonic()
        except Exception as e:  # the library became unwritable (disk full...): say so, stop
            batch.append(ImportResult(str(self._root), Status.ERROR, error=f"import stopped: {e}"))
        finally:
            library.close()
            if batch:
                self.results.emit(batch)
            self.finished.emit(self._cancel.is_set())


class ImportJob(QObject):
    """One import in a background thread. Signals arrive on the UI thread."""

    total = Signal(int)
    progress = Signal(list)  # ImportResults, as files are stored
    done = Signal(object)  # ImportSummary

    def __init__(self, root: Path, paths: Sequence[Path], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.summary = ImportSummary()
        self._cancel = threading.Event()
        self._thread = QThread()
        self._worker = _Worker(root, paths, self._cancel)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.total.connect(self.total)
        self._worker.results.connect(self._on_results)
        self._worker.finished.connect(self._on_finished)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    def _on_results(self, results: list[ImportResult]) -> None:
        self.summary.add(results)
        self.progress.emit(results)

    def _on_finished(self, cancelled: bool) -> None:
        self.summary.cancelled = cancelled
        self._thread.quit()
        self._thread.wait()
        self.done.emit(self.summary)
