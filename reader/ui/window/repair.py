"""A damaged library in the window: say so, offer the repair, run it, go on with the result.

At startup (``open_window``) the library is opened and the window built; when either meets
a damaged file (LibraryDamaged), the user is asked "Repair Now" or "Quit". While the window
runs, a slot that meets it raises, and the app's excepthook calls ``restart_repaired``: the
same question; then the window is closed as on quit (imports stopped, state saved), its
library closed, the repair run, and a new window opened on the rebuilt library, as a restart
would. The repair runs in a thread, under a progress dialog; text from files (paths, SQLite's
words) reaches Qt as plain text only.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from reader.core.display import printable
from reader.core.library.store import LibraryDamaged, LibraryError
from reader.ui.plain import warning_box

if TYPE_CHECKING:  # reader.core.repair.rebuild (lxml and nh3) is imported when a repair starts
    from reader.core.repair.rebuild import RepairReport

# Opens the library and builds the main window on it (the app's, with its options); closes
# the library again when the window cannot be built.
MakeWindow = Callable[[], QWidget]

_busy = threading.Lock()  # one question or repair at a time (more slots may fail meanwhile)


def ask_to_repair(error: LibraryDamaged, parent: QWidget | None = None) -> bool:
    """ "The library file is damaged …": True for Repair Now, False for Quit."""
    box = warning_box(
        parent,  # type: ignore[arg-type]  # (None: a window of its own, at startup)
        "The Library Is Damaged",
        f"The library file in {printable(str(error.root))} is damaged "
        f"({printable(error.reason)}), so some articles cannot be read.\n\nRepair rebuilds the "
        "library from the articles it holds: an article on the damaged part of the file may be "
        "lost. Read state, stars and notes are kept, and the damaged file is kept beside the "
        "new one.",
    )
    repair_button = box.addButton("Repair Now", QMessageBox.ButtonRole.AcceptRole)
    quit_button = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(repair_button)
    box.setEscapeButton(quit_button)
    box.exec()
    return box.clickedButton() is repair_button


class _Relay(QObject):
    """Carries the repair thread's news to the UI thread (queued signals)."""

    progress = Signal(int, int)
    done = Signal(object)  # RepairReport, or the LibraryError it raised


def run_repair(root: Path, parent: QWidget | None = None) -> RepairReport | LibraryError:
    """``repair(root)`` in a thread, a progress dialog meanwhile; its report, or the error
    that stopped it (the old library is then as it was)."""
    from reader.core.repair.rebuild import repair

    relay = _Relay()
    dialog = QProgressDialog("Repairing the library…", "", 0, 0, parent)
    dialog.setWindowTitle("Repairing the Library")
    dialog.setCancelButton(None)  # stopped halfway it would only leave the old library
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    dialog.setMinimumWidth(420)  # (its title was cut to "Repair… library")
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    outcome: list[RepairReport | LibraryError] = []
    loop = QEventLoop()

    def progress(done: int, total: int) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)
        dialog.setLabelText(f"Repairing the library: {done:,} of {total:,} articles looked at…")

    def finished(result: RepairReport | LibraryError) -> None:
        outcome.append(result)
        loop.quit()

    def work() -> None:
        try:
            result: RepairReport | LibraryError = repair(root, relay.progress.emit)
        except LibraryError as e:
            result = e
        except Exception as e:  # a bug: the window says so instead of waiting forever
            result = LibraryError(f"The repair failed ({type(e).__name__}: {e}).")
        relay.done.emit(result)

    relay.progress.connect(progress)
    relay.done.connect(finished)
    dialog.show()
    thread = threading.Thread(target=work, name="repair", daemon=True)
    thread.start()
    if not outcome:  # (it may have ended before the loop started)
        loop.exec()
    thread.join()
    dialog.close()
    dialog.deleteLater()
    return outcome[0]


def tell(outcome: RepairReport | LibraryError, parent: QWidget | None = None) -> None:
    """What the repair did (or why it could not), in a message box."""
    if not isinstance(outcome, LibraryError):
        text = printable(outcome.summary())
        if outcome.lost_titles:
            shown = outcome.lost_titles[:10]
            more = len(outcome.lost_titles) - len(shown)
            text += "\n\nLost:\n" + "\n".join(f"• {printable(t)}" for t in shown)
            text += f"\n… and {more:,} more" if more else ""
        title = "Library Repaired" if outcome.ok else "Nothing Could Be Recovered"
    else:
        text = f"{printable(str(outcome))}\n\nThe library is as it was."
        title = "The Library Could Not Be Repaired"
    box = warning_box(parent, title, text)  # type: ignore[arg-type]
    if not isinstance(outcome, LibraryError) and outcome.ok:
        box.setIcon(QMessageBox.Icon.Information)
    box.exec()


def open_window(root: Path, make_window: MakeWindow) -> QWidget | None:
    """``make_window()``; each time it meets a damaged library, the user is asked to repair
    it first. None when they choose Quit. Raises LibraryError for what a repair cannot help
    (a data folder that cannot be written, say)."""
    while True:
        try:
            return make_window()
        except LibraryDamaged as e:
            if not ask_to_repair(e):
                return None
            tell(run_repair(root))


def restart_repaired(error: LibraryDamaged, window: QWidget, make_window: MakeWindow) -> None:
    """For a window whose library turned out damaged: ask; on Repair Now, close the window
    (as on quit: imports stopped, state saved), repair, and open a new window on the rebuilt
    library; on Quit, close the window (the app ends)."""
    if not _busy.acquire(blocking=False):
        return  # asked already
    app = QApplication.instance()
    quits = app.quitOnLastWindowClosed()  # type: ignore[union-attr]
    try:
        if not ask_to_repair(error, window):
            window.close()
            return
        app.setQuitOnLastWindowClosed(False)  # type: ignore[union-attr]
        if not window.close():  # kept open (its state could not be saved, and Cancel)
            return
        window.library.close()  # type: ignore[attr-defined]
        window.deleteLater()
        tell(run_repair(error.root))
        new = open_window(error.root, make_window)
        if new is None:
            app.quit()  # type: ignore[union-attr]
            return
        app.aboutToQuit.connect(new.library.close)  # type: ignore[union-attr, attr-defined]
        new.show()
    finally:
        app.setQuitOnLastWindowClosed(quits)  # type: ignore[union-attr]
        _busy.release()
