"""SIGTERM and SIGINT end the window as File > Quit does: a running import is cancelled and
its processes end, the notes and read state are saved. A second signal while that is under
way ends the process at once.

Python runs a signal handler only when the interpreter gets control, and while Qt's event
loop waits it does not. ``signal.set_wakeup_fd`` makes the C-level handler write the signal's
number to a socket, and a ``QSocketNotifier`` on the other end wakes the event loop: the
window hears of the signal at once, and nothing wakes up when no signal comes (a polling
timer would wake the process every few hundred milliseconds for its whole life).
"""

from __future__ import annotations

import os
import signal
import socket
from collections.abc import Callable
from types import FrameType

from PySide6.QtCore import QObject, QSocketNotifier

SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, name)
)


class SignalEnding(QObject):
    """Calls ``end(signum)`` on the UI thread when a signal in SIGNALS arrives; ``end`` says
    whether the window is ending (False: it stayed, say the user cancelled a question).
    ``signum``: the signal that ended it, for the exit status (128 + signum)."""

    def __init__(self, end: Callable[[int], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._end = end
        self.signum: int | None = None
        self._receive, self._send = socket.socketpair()
        for end_of in (self._receive, self._send):
            end_of.setblocking(False)
        self._wakeup = signal.set_wakeup_fd(self._send.fileno(), warn_on_full_buffer=False)
        self._previous = {sig: signal.signal(sig, _noted) for sig in SIGNALS}
        self._notifier = QSocketNotifier(self._receive.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._woken)

    def close(self) -> None:
        """Put back the handlers found (after the event loop ended)."""
        self._notifier.setEnabled(False)
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        signal.set_wakeup_fd(self._wakeup)
        self._receive.close()
        self._send.close()

    def _woken(self) -> None:
        try:
            numbers = self._receive.recv(64)
        except OSError:
            return
        for signum in numbers:
            if signum not in SIGNALS:
                continue
            if self.signum is not None:  # asked again while ending: end now
                signal.signal(signum, signal.SIG_DFL)
                os.kill(os.getpid(), signum)
                return
            self.signum = signum
            if not self._end(signum):
                self.signum = None


def _noted(signum: int, frame: FrameType | None) -> None:
    """The Python-level handler: nothing to do here, the wakeup socket carries the number."""


def exit_status(signum: int | None, code: int) -> int:
    """The conventional status of a process ended by signal ``signum`` (130 for SIGINT, 143
    for SIGTERM, as a shell reports it), else ``code``."""
    return 128 + signum if signum else code
