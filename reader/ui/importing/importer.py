"""Importing off the UI thread: a process of its own does it, a thread relays its reports."""

from __future__ import annotations

import contextlib
import os
import signal
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from reader.core import lifeline
from reader.core.library.store import LibraryDamaged
from reader.core.model import ImportResult, Status


@dataclass
class ImportSummary:
    results: list[ImportResult] = field(default_factory=list)
    cancelled: bool = False
    interrupted: bool = False  # the import ended without its last report (killed, crashed)
    damage: LibraryDamaged | None = None  # the library turned out damaged: offer the repair
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

    @property
    def problems(self) -> list[ImportResult]:
        """What was not imported: the files that failed, then what was skipped."""
        skipped = [r for r in self.results if r.status is Status.SKIPPED]
        return self.errors + skipped

    def first_id(self) -> str | None:
        return next((r.id for r in self.results if r.id), None)


class _Worker(QObject):
    """Runs the import in a process of its own (``pipeline.import_in_child``) and relays what it
    reports. The storing then shares no GIL with the window: importing through the window is
    as fast as from the command line, and the window stays free."""

    total = Signal(int)
    results = Signal(list)  # ImportResult, a batch at a time (~10 a second at most)
    finished = Signal(bool, bool)  # cancelled, interrupted
    damaged = Signal(object)  # LibraryDamaged

    def __init__(self, root: Path, paths: Sequence[Path], cancel: Any) -> None:
        super().__init__()
        self._root = root
        self._paths = list(paths)
        self._cancel = cancel

    @Slot()
    def run(self) -> None:
        if len(self._paths) <= FEW_FILES and all(p.is_file() for p in self._paths):
            self._run_here()  # File > Open: a process would cost more (~0.5 s) than the work
        else:
            self._run_in_child()

    def _run_here(self) -> None:
        from reader.core.importing.pipeline import import_reporting  # lxml: on first use

        done: list[bool] = []
        import_reporting(
            str(self._root),
            [str(p) for p in self._paths],
            self._cancel,
            lambda message: self._relay(message, done),
        )
        self.finished.emit(done[0] if done else self._cancel.is_set(), False)

    def _relay(self, message: tuple[str, Any], done: list[bool]) -> None:
        """One message of ``pipeline.import_reporting``, as a signal (``done``: takes the last)."""
        kind, value = message
        if kind == "total":
            self.total.emit(value)
        elif kind == "results":
            self.results.emit(value)
        elif kind == "damaged":
            self.damaged.emit(value)
        else:
            done.append(bool(value))

    def _run_in_child(self) -> None:
        from reader.core.importing.pipeline import start_in_child

        done: list[bool] = []
        try:
            child, receive = start_in_child(self._root, self._paths, self._cancel)
        except OSError as e:  # no process could be started
            self.results.emit([_stopped(self._root, f"it could not start ({e})")])
            self.finished.emit(self._cancel.is_set(), True)
            return
        try:
            while not done:
                try:
                    message = receive.recv()
                except (EOFError, OSError):
                    break  # gone without its last word: killed, or crashed
                self._relay(message, done)
        finally:
            receive.close()
            child.join()
        if not done and child.exitcode not in (None, 0):
            self.results.emit([_stopped(self._root, f"it ended unexpectedly ({child.exitcode})")])
        if not done and child.pid is not None and hasattr(os, "killpg"):
            with contextlib.suppress(OSError):  # its workers, orphaned (see import_in_child)
                os.killpg(child.pid, signal.SIGKILL)
        self.finished.emit((done and done[0]) or self._cancel.is_set(), not done)


FEW_FILES = 16  # files named one by one, up to this many, are imported in this process


def _stopped(root: Path, why: str) -> ImportResult:
    return ImportResult(str(root), Status.ERROR, error=f"the import stopped: {why}")


class ImportJob(QObject):
    """One import in a background thread. Signals arrive on the UI thread."""

    total = Signal(int)
    progress = Signal(list)  # ImportResults, as files are stored
    done = Signal(object)  # ImportSummary

    def __init__(self, root: Path, paths: Sequence[Path], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.summary = ImportSummary()
        self._cancel = lifeline.process_context().Event()  # seen by the import process
        self._thread = QThread()
        self._worker = _Worker(root, paths, self._cancel)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.total.connect(self.total)
        self._worker.results.connect(self._on_results)
        self._worker.damaged.connect(lambda damage: setattr(self.summary, "damage", damage))
        self._worker.finished.connect(self._on_finished)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    def _on_results(self, results: list[ImportResult]) -> None:
        self.summary.add(results)
        self.progress.emit(results)

    def _on_finished(self, cancelled: bool, interrupted: bool) -> None:
        self.summary.cancelled = cancelled
        self.summary.interrupted = interrupted
        self._thread.quit()
        self._thread.wait()
        self.done.emit(self.summary)
