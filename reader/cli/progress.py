"""Progress on a terminal's stderr, drawn over itself about ten times a second."""

from __future__ import annotations

import time
from typing import TextIO


class ProgressBar:
    """``[#####.....]  7,512 / 15,000 files · 3 failed`` on a terminal's stderr, ~10 a second."""

    WIDTH = 30

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._total = 0
        self._done = 0
        self._shown = 0.0

    def start(self, total: int) -> None:
        self._total = total

    def step(self, failed: int) -> None:
        self._done += 1
        now = time.monotonic()
        if now - self._shown < 0.1 and self._done < self._total:
            return
        self._shown = now
        filled = self.WIDTH * self._done // max(self._total, 1)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        tail = f" · {failed} failed" if failed else ""
        self._stream.write(f"\r[{bar}] {self._done:,} / {self._total:,} files{tail}")
        self._stream.flush()

    def clear(self) -> None:
        self._stream.write("\r\033[K")

    def finish(self) -> None:
        if self._done:
            self._stream.write("\n")
            self._stream.flush()


class RepairProgress:
    """``Repairing: 1,200 / 3,000 articles`` on a terminal's stderr, ~10 times a second."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._shown = 0.0
        self._drawn = False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._shown < 0.1 and done < total:
            return
        self._shown = now
        self._drawn = True
        self._stream.write(f"\rRepairing: {done:,} / {total:,} articles")
        self._stream.flush()

    def finish(self) -> None:
        if self._drawn:
            self._stream.write("\n")
            self._stream.flush()
