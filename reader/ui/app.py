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

from reader import APP_ID, APP_NAME, __version__, assets
from reader.core.display import printable
from reader.core.library import Library, LibraryError, damage_behind
from reader.core.state import State
from reader.ui.mainwindow import MainWindow
from reader.ui.repair import MakeWindow, open_window, restart_repaired

SAMPLE_DIR = assets.sample_dir()  # the checkout's seeds/, or the wheel's copy


def run(
    root: Path, files: list[Path], *, open_id: str | None = None, screenshot: str | None = None
) -> int:
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())

    def make_window() -> MainWindow:
        library = Library(root)
        try:
            window = MainWindow(library, State(root), sample_dir=SAMPLE_DIR)
        except BaseException:
            library.close()  # (a damaged library: the repair moves the file next)
            raise
        window.library_damaged.connect(  # an import met the damage: offer the repair
            lambda damage: QTimer.singleShot(
                0, lambda: restart_repaired(damage, window, make_window)
            )
        )
        return window

    _log_errors_to(root / "saved-reader.log", make_window)
    try:
        # A damaged library: the user is asked to repair it (ui/repair.py), but nobody is
        # there to answer while a screenshot is taken: then it is said, as other errors are.
        window = make_window() if screenshot else open_window(root, make_window)
    except LibraryError as e:
        print(f"saved-reader: {e}", file=sys.stderr)
        return 1
    if window is None:  # damaged, and the user chose Quit
        return 1
    assert isinstance(window, MainWindow)
    library = window.library
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


def app_icon() -> QIcon:
    """The icon set that ships with the program (every PNG size), so the title bar's
    16 px and the task switcher's 48 px each get the size drawn for them."""
    icon = QIcon()
    for path in assets.icon_files():
        if path.suffix == ".png":  # (Qt reads each PNG's size; 512 px is the largest needed)
            icon.addFile(str(path))
    return icon


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


def _log_errors_to(log_file: Path, make_window: MakeWindow | None = None) -> None:
    """An error in a slot goes to the log file and the status bar, not a traceback on screen.
    (A plain append, not ``logging``: that module is 15 ms of startup for one handler.) A
    damaged library, met by any slot, is also offered its repair, after which the window
    starts again through ``make_window`` (ui/repair.py)."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        import traceback

        text = "".join(traceback.format_exception(kind, value, tb))
        with contextlib.suppress(OSError), open(log_file, "a", encoding="utf-8") as log:
            log.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} ERROR {text}\n")
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        # The one on screen (a window that was closed for a repair may not be deleted yet).
        window = next((w for w in windows if w.isVisible()), windows[0] if windows else None)
        if window is not None:
            window.statusBar().showMessage(
                printable(f"Something went wrong ({value}); details are in {log_file}."), 10000
            )
        damage = damage_behind(value)
        if damage is not None and window is not None and make_window is not None:
            # From the event loop, not inside the hook: the question is a modal dialog.
            QTimer.singleShot(0, lambda: restart_repaired(damage, window, make_window))

    sys.excepthook = hook
