"""Where the program's warnings go: the data folder's ``saved-reader.log``, never the user's
terminal as a traceback. No Qt.

The core logs what it swallows on purpose (a converter failing during a repair, the search
thread failing): ``log_to`` sends the ``reader`` loggers to the log file of the library in
use, the same file the window writes its errors to. Records still propagate (tests capture
them); without ``log_to`` (the library used from Python) they go where the caller's logging
sends them.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path

LOG_NAME = "saved-reader.log"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _LogFile(logging.FileHandler):
    """Ours (so that a second ``log_to`` replaces it rather than adding another); a file
    that cannot be opened loses the record quietly (``FileHandler`` would raise)."""

    def emit(self, record: logging.LogRecord) -> None:
        with contextlib.suppress(OSError):  # nowhere to say it: the log is where it is said
            super().emit(record)


def log_to(root: Path) -> Path:
    """Send the program's log records (INFO and up) to ``root``'s log file; returns its path.
    The file is opened at the first record (starting writes nothing); a log that cannot be
    written (a full disk, a missing folder) is left unwritten without a word."""
    path = root / LOG_NAME
    logger = logging.getLogger("reader")
    for old in [h for h in logger.handlers if isinstance(h, _LogFile)]:
        logger.removeHandler(old)
        old.close()
    logging.raiseExceptions = False  # (else a failed write prints a traceback on stderr)
    handler = _LogFile(path, delay=True, encoding="utf-8")
    handler.setFormatter(logging.Formatter(_FORMAT))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return path
