"""Importing off the UI thread: a worker with its own library connection, reporting by signal."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from reader.core.ingest import expand
from reader.core.library import Library, LibraryError
from reader.core.model import ImportResult, Status


@dataclass
class ImportSummary:
    results: list[ImportResult] = field(default_factory=list)
    cancelled: bool = False

    def count(self, status: Status) -> int:
        return sum(r.status is status for r in self.results)

    @property
    def errors(self) -> list[ImportResult]:
        return [r for r in self.results if r.status is Status.ERROR]

    def first_id(self) -> str | None:
        return next((r.id for r in self.results if r.id), None)


class _Worker(QObject):
    total = Signal(int)
    result = Signal(object)  # ImportResult
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
            self.result.emit(ImportResult(str(self._root), Status.ERROR, error=str(e)))
            self.finished.emit(False)
            return
        try:
            files = list(expand(self._paths))
            self.total.emit(len(files))
            for path in files:
                if self._cancel.is_set():
                    break
                self.result.emit(library.import_file(path))
        finally:
            library.close()
            self.finished.emit(self._cancel.is_set())


class ImportJob(QObject):
    """One import in a background thread. Signals arrive on the UI thread."""

    total = Signal(int)
    progress = Signal(object)  # ImportResult, as each file is done
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
        self._worker.result.connect(self._on_result)
        self._worker.finished.connect(self._on_finished)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self) -> None:
        self._thread.wait()

    def _on_result(self, result: ImportResult) -> None:
        self.summary.results.append(result)
        self.progress.emit(result)

    def _on_finished(self, cancelled: bool) -> None:
        self.summary.cancelled = cancelled
        self._thread.quit()
        self._thread.wait()
        self.done.emit(self.summary)
