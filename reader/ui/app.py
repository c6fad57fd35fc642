"""Starting the window: QApplication, the core objects, the main window."""

from __future__ import annotations

import contextlib
import sys
import time
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import (
    QEvent,
    QMessageLogContext,
    QObject,
    QTimer,
    QtMsgType,
    qFormatLogMessage,
    qInstallMessageHandler,
)
from PySide6.QtGui import QFileOpenEvent, QIcon
from PySide6.QtWidgets import QApplication

from reader import APP_ID, APP_NAME, __version__, assets
from reader.core.display import printable
from reader.core.library.store import Library, LibraryError, damage_behind
from reader.core.userdata.prefs import Preferences
from reader.core.userdata.state import State
from reader.logs import LOG_NAME
from reader.ui.ending import SignalEnding, exit_status
from reader.ui.single import Primary, Receiver, Request
from reader.ui.window.mainwindow import MainWindow
from reader.ui.window.repair import MakeWindow, open_window, restart_repaired

SAMPLE_DIR = assets.sample_dir()  # the checkout's seeds/, or the wheel's copy


def run(
    root: Path,
    files: list[Path],
    *,
    open_id: str | None = None,
    screenshot: str | None = None,
    primary: Primary | None = None,
) -> int:
    """The window over the library at ``root``. ``primary``: this process won the data
    folder's lock (ui/single.py, settled before anything costly): it listens at once for later
    starts, which wait until the window can take what they hand over."""
    # "-name": the X11 window class's instance is the app id (else it would be the script's
    # name, '__main__.py' under python -m), which desktops match to the launcher's
    # StartupWMClass; Wayland and KDE use setDesktopFileName.
    found = QApplication.instance()
    app = found if isinstance(found, QApplication) else QApplication([sys.argv[0], "-name", APP_ID])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    answer_quickly()
    log_file = root / LOG_NAME  # (where reader.logs sends the log records too)
    receiver = None
    if primary is not None:
        receiver = Receiver(primary, _take, lambda text: _log(log_file, "WARNING", text))
    try:
        return _run(app, root, files, open_id, screenshot)
    finally:
        if receiver is not None:
            receiver.close()
        if primary is not None:
            primary.release()


def _run(
    app: QApplication, root: Path, files: list[Path], open_id: str | None, screenshot: str | None
) -> int:
    def make_window() -> MainWindow:
        library = Library(root)
        try:
            state = _Unsaved(root) if screenshot else State(root)
            prefs = _UnsavedPreferences(root, state) if screenshot else Preferences(root, state)
            window = MainWindow(library, state, sample_dir=SAMPLE_DIR, prefs=prefs)
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
    if screenshot:
        _drop_offscreen_noise()
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
    ending = SignalEnding(lambda signum: _end_windows(app))
    if sys.platform == "darwin":  # (elsewhere the event never comes: no filter on every event)
        FileOpens(app)
    code = app.exec()
    ending.close()
    library.close()
    return exit_status(ending.signum, code)


def answer_quickly() -> None:
    """The window's threads (search, rows, the article's pieces) run Python too; each call Qt
    makes into Python (a list row's paint, say) waits for the GIL up to the switch interval:
    5 ms by default, which made a paint of the list take ~150 ms while a thread was busy."""
    sys.setswitchinterval(0.001)


def _take(request: Request) -> bool:
    """What a later start handed over (ui/single.py), for the window on screen; False while
    there is none (starting, closing, restarting after a repair): the sender asks again."""
    window = _window_on_screen()
    return window is not None and window.open_handed(request.files, request.open_id)


class FileOpens(QObject):
    """macOS: a file opened from the Finder (double-click, Open With, a drop on the Dock
    icon) reaches the running app as a QFileOpenEvent, not as a second start; it is handed
    to the window as a later start's files are. Files that come before the window is on
    screen (the ones the app was started for) wait for it."""

    RETRY_MS = 200

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.waiting: list[Path] = []
        self._timer = QTimer(self)
        self._timer.setInterval(self.RETRY_MS)
        self._timer.timeout.connect(self._hand_over)
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.FileOpen or not isinstance(event, QFileOpenEvent):
            return False
        name = event.file() or event.url().toLocalFile()
        if name:
            self.waiting.append(Path(name))
            self._hand_over()
        return True

    def _hand_over(self) -> None:
        if self.waiting and _take(Request(self.waiting)):
            self.waiting = []
        if self.waiting:
            self._timer.start()
        else:
            self._timer.stop()


def _end_windows(app: QApplication) -> bool:
    """SIGTERM, SIGINT: close as File > Quit does (the import ends, notes and state saved)."""
    windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    if not all(window.close() for window in windows):
        return False  # a window stayed open (the user answered Cancel to a question)
    app.quit()
    return True


def _window_on_screen() -> MainWindow | None:
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    return next((w for w in windows if w.isVisible()), None)


def _log(log_file: Path, level: str, text: str) -> None:
    with contextlib.suppress(OSError), open(log_file, "a", encoding="utf-8") as log:
        log.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {level} {text}\n")


def app_icon() -> QIcon:
    """The icon set that ships with the program (every PNG size), so the title bar's
    16 px and the task switcher's 48 px each get the size drawn for them."""
    icon = QIcon()
    for path in assets.icon_files():
        if path.suffix == ".png":  # (Qt reads each PNG's size; 512 px is the largest needed)
            icon.addFile(str(path))
    return icon


class _Unsaved(State):
    """--screenshot's state: the window reads it and shows the article as ever, but what
    that changes (the article marked read, the window's size, the last article) is never
    written: taking a picture leaves the state file as it was."""

    def save(self) -> None:
        return


class _UnsavedPreferences(Preferences):
    """--screenshot's settings: read (and moved from an old state file, in memory), never
    written."""

    def save(self) -> None:
        return


OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints()"


def _drop_offscreen_noise() -> None:
    """The offscreen platform (--screenshot without a display) warns whenever a window's size
    limits change, which is not a problem: that one message is dropped, any other goes on to
    where it went (the previous handler, else stderr as Qt writes it)."""
    previous = None

    def handler(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if message == OFFSCREEN_NOISE:
            return
        if previous is not None:
            previous(mode, context, message)
        else:
            sys.stderr.write(qFormatLogMessage(mode, context, message) + "\n")

    previous = qInstallMessageHandler(handler)


def _screenshot(app: QApplication, window: MainWindow, path: Path) -> int:
    """Let the window lay out and paint, write the PNG, and quit (nothing saved: _Unsaved)."""
    for _ in range(3):
        app.processEvents()
    QTimer.singleShot(50, app.quit)
    app.exec()
    image = window.grab()
    if not image.save(str(path), "PNG"):
        print(f"saved-reader: could not write the screenshot to {path}.", file=sys.stderr)
        return 1
    return 0


def _log_errors_to(log_file: Path, make_window: MakeWindow | None = None) -> None:
    """An error in a slot goes to the log file and the status bar, not a traceback on screen
    (a plain append, beside the records reader.logs sends to the same file). A
    damaged library, met by any slot, is also offered its repair, after which the window
    starts again through ``make_window`` (ui/repair.py)."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        import traceback

        _log(log_file, "ERROR", "".join(traceback.format_exception(kind, value, tb)))
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
