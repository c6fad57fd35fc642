"""Importing from the window: choosing files, one import at a time, its progress and report.

Imports run in a process of their own (importer.py); a second import asked for meanwhile
waits its turn. New articles go to the list as they arrive; at the end the status bar says
what happened, the info bar lists the files not imported and why, and a damaged library is
handed on (``damaged``) for the window to offer the repair.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QProgressBar, QPushButton, QWidget

from reader.core.model import ImportResult, Status
from reader.core.userdata.state import State
from reader.ui.handlers import handles
from reader.ui.infobar import InfoBar
from reader.ui.listing.controller import ListController
from reader.ui.saver import StateSaver

if TYPE_CHECKING:  # loaded when first used: not needed to show the window (startup time)
    from reader.ui.importing.choosers import Choosers
    from reader.ui.importing.importer import ImportJob, ImportSummary


class ImportController(QObject):
    message = Signal(str, int)  # for the status bar: text, milliseconds (0: until replaced)
    damaged = Signal(object)  # LibraryDamaged: an import met a damaged library file
    imported = Signal(list)  # the ids of the articles an import added (their images offered)

    def __init__(
        self,
        root: Path,
        state: State,
        saver: StateSaver,
        listing: ListController,
        info: InfoBar,
        choosers: Callable[[], Choosers],
        window: QWidget,
        sample_dir: Path | None = None,
    ) -> None:
        super().__init__(window)
        self._root = root
        self._state = state
        self._saver = saver
        self._list = listing
        self._info = info
        self._choosers = choosers
        self._window = window  # the file choosers' parent
        self._sample_dir = sample_dir
        self.job: ImportJob | None = None
        self._total_files = 0
        self._queue: list[tuple[list[Path], bool]] = []
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setFormat("%v / %m")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.progress.hide()
        self.cancel_button.hide()

    @handles("file.open")
    def open_files(self) -> None:
        paths = self._choosers().open_files(self._window)
        if paths:
            self.import_paths(paths, show_first=True)

    @handles("file.import_folder")
    def import_folder(self) -> None:
        folder = self._choosers().open_folder(self._window)
        if folder:
            self.import_paths([folder], show_first=False)

    def open_sample(self) -> None:
        if self._sample_dir is not None and self.sample_available():
            self.import_paths([self._sample_dir], show_first=True)

    def sample_available(self) -> bool:
        return bool(self._sample_dir and self._sample_dir.is_dir())

    @property
    def importing(self) -> bool:
        return self.job is not None

    def import_paths(self, paths: Sequence[Path], show_first: bool = False) -> None:
        """Import in the background; new articles appear as they arrive."""
        paths = [Path(p) for p in paths]
        if self.job is not None:
            self._queue.append((paths, show_first))
            return
        for path in paths:
            self._state.add_recent(str(path.resolve()))
        from reader.ui.importing.importer import ImportJob  # threads: on the first import

        self.job = ImportJob(self._root, paths, self)
        self.job.total.connect(self._total)
        self.job.progress.connect(self._progress)
        self.job.done.connect(lambda summary: self._done(summary, show_first))
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.message.emit("Importing…", 0)
        self.job.start()

    def cancel(self, drop_queued: bool = False) -> None:
        """Cancel the running import (``drop_queued``: and the ones waiting for it)."""
        if drop_queued:
            self._queue.clear()
        if self.job:
            self.job.cancel()

    def _total(self, total: int) -> None:
        self._total_files = total
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(0)

    def _progress(self, results: list[ImportResult]) -> None:
        self.progress.setValue(self.progress.value() + len(results))
        self._list.imported(results)
        summary = self.job.summary if self.job else None
        if summary is not None:
            self.message.emit(
                f"Importing: {len(summary.results):,} of {self._total_files:,} files · "
                f"{summary.count(Status.ADDED):,} new · {summary.count(Status.ERROR):,} failed",
                0,
            )

    def _done(self, summary: ImportSummary, show_first: bool) -> None:
        self.job = None
        self.progress.hide()
        self.cancel_button.hide()
        # The counts took each new article in as it came (after an interruption: count all).
        self._list.import_ended(summary.interrupted)
        self._saver.schedule()
        report = _report(summary)
        self.message.emit(report, 10000)
        problems, errors = summary.problems, summary.errors
        if len(problems) == 1 and errors:
            self._info.show_message(f"Could not import {errors[0].message}")
        elif problems:
            self._info.show_message(
                f"{report} The {len(problems):,} files not imported, and why:",
                [r.message for r in problems],
            )
        if summary.damage is not None:
            self.damaged.emit(summary.damage)
            return
        added = [r.id for r in summary.results if r.status is Status.ADDED and r.id]
        if added:
            self.imported.emit(added)
        first = summary.first_id()
        if show_first and first:
            self._list.select_document(first)
        if self._queue:
            paths, show = self._queue.pop(0)
            self.import_paths(paths, show)


def _report(summary: ImportSummary) -> str:
    """One sentence: how many files were new, unchanged, failed, skipped."""
    added, unchanged = summary.count(Status.ADDED), summary.count(Status.UNCHANGED)
    failed, skipped = len(summary.errors), summary.count(Status.SKIPPED)
    note = " Cancelled." if summary.cancelled else ""
    return (
        f"Imported {added:,} new, {unchanged:,} already in the library, "
        f"{failed:,} failed{f', {skipped:,} skipped' if skipped else ''}.{note}"
    )
