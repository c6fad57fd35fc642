"""Starting the window: QApplication, the core objects, the main window."""

from __future__ import annotations

import contextlib
import sys
import time
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from reader import APP_ID, APP_NAME, __version__
from reader.core.display import printable
from reader.core.library import Library, LibraryError
from reader.core.state import State
from reader.ui.mainwindow import MainWindow

_REPO = Path(__file__).resolve().parents[2]
SAMPLE_DIR = _REPO / "seeds"
ICON = _REPO / "resources" / "icons" / "saved-reader.svg"


def run(
    root: Path, files: list[Path], *, open_id: str | None = None, screenshot: str | None = None
) -> int:
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    if ICON.exists():
        app.setWindowIcon(QIcon(str(ICON)))
    try:
        library = Library(root)
        state = State(root)
    except LibraryError as e:
        print(f"saved-reader: {e}", file=sys.stderr)
        return 1
    _log_errors_to(root / "saved-reader.log")
    window = MainWindow(library, state, sample_dir=SAMPLE_DIR)
    if files:
        window.import_paths(files, show_first=open_id is None)
    if open_id and not window.select_document(open_id):
        print(f"saved-reader: there is no document with id {open_id!r}.", file=sys.stderr)
        if screenshot:
            return 2
    window.show()
    if screenshot:
        window.wait_for_imports()
        return _screenshot(app, window, Path(screenshot))
    code = app.exec()
    library.close()
    return code


def _screenshot(app: QApplication, window: MainWindow, path: Path) -> int:
    """Let the window lay out and paint, write the PNG, and quit without saving UI state."""
    for _ in range(3):
        app.processEvents()
    QTimer.singleShot(50, app.quit)
    app.exec()
    image = window.grab()
    window.saver.flush()
    if not image.save(str(path), "PNG"):
        print(f"saved-reader: could not write the screenshot to {path}.", file=sys.stderr)
        return 1
    return 0


def _log_errors_to(log_file: Path) -> None:
    """An error in a slot goes to the log file and the status bar, not a traceback on screen.
    (A plain append, not ``logging``: that module is 15 ms of startup for one handler.)"""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        import traceback

        text = "".join(traceback.format_exception(kind, value, tb))
        with contextlib.suppress(OSError), open(log_file, "a", encoding="utf-8") as log:
            log.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} ERROR {text}\n")
        window = next(
            (w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)), None
        )
        if window is not None:
            window.statusBar().showMessage(
                printable(f"Something went wrong ({value}); details are in {log_file}."), 10000
            )

    sys.excepthook = hook
