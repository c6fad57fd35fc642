"""Coalesced saving of the state file: mark dirty, save once ~500 ms later, flush on quit."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from reader.core.userdata.state import State, StateError

SAVE_DELAY_MS = 500
RETRY_DELAY_MS = 5000
RETRY_PROMISE = "Your changes are kept and will be saved on the next try."


class StateSaver(QObject):
    failed = Signal(str)  # one sentence for the status bar
    saved = Signal()

    def __init__(self, state: State, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.flush)

    def schedule(self) -> None:
        if not self._timer.isActive():
            self._timer.start(SAVE_DELAY_MS)

    def flush(self) -> bool:
        """Save now if anything is pending; True when nothing is left unsaved."""
        self._timer.stop()
        try:
            self._state.save()
        except StateError as e:
            # The core says what failed; this saver is what tries again, so it says so.
            # A file from a newer version is never overwritten: no retry to promise there.
            retrying = "" if self._state.read_only else f" {RETRY_PROMISE}"
            self.failed.emit(f"{e}{retrying}")
            self._timer.start(RETRY_DELAY_MS)
            return False
        self.saved.emit()
        return True
