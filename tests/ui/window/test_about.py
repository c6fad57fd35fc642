"""Help > About: version, license, the user's folders (clickable, shown as plain text), the
versions a bug report needs."""

from __future__ import annotations

import platform
import sqlite3
from pathlib import Path

from PySide6.QtCore import QUrl, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel

from reader import __version__
from reader.ui.window.about import AboutDialog


def _texts(dialog: AboutDialog) -> list[str]:
    return [label.text() for label in dialog.findChildren(QLabel)]


def test_help_about_shows_version_license_and_versions(make_window, qtbot):
    window = make_window()
    window.actions_by_id["help.about"].trigger()
    dialog = window.about_dialog
    qtbot.waitUntil(dialog.isVisible)
    texts = _texts(dialog)
    assert f"Saved Reader {__version__}" in texts
    assert "MIT License" in texts
    assert qVersion() in texts
    assert sqlite3.sqlite_version in texts
    assert any(t.startswith(platform.python_version()) for t in texts)
    buttons = [b.text() for b in dialog.place_buttons]
    assert buttons == [
        str(window.library.root),
        str(window.state.path),
        str(window.prefs.path),
        str(window.library.root / "saved-reader.log"),
    ]


def test_a_location_opens_its_folder(make_window, opened, qtbot):
    window = make_window()
    window.show_about()
    library, state, settings, log = window.about_dialog.place_buttons
    library.click()
    state.click()  # a file: its folder opens
    settings.click()
    log.click()
    folder = QUrl.fromLocalFile(str(window.library.root)).toString()
    assert opened.urls == [folder] * 4


def test_copy_puts_the_details_on_the_clipboard(make_window):
    window = make_window()
    window.show_about()
    window.about_dialog.copy()
    copied = QGuiApplication.clipboard().text()
    assert copied.splitlines()[0] == f"Saved Reader {__version__} (MIT License)"
    assert f"Library: {window.library.root}" in copied
    assert f"SQLite: {sqlite3.sqlite_version}" in copied


def test_paths_are_text_never_markup(qtbot, tmp_path: Path):
    root = tmp_path / "<img src=x> & <b>data"
    root.mkdir()
    urls: list[QUrl] = []
    dialog = AboutDialog(root, root / "state.json", urls.append)
    qtbot.addWidget(dialog)
    button = dialog.place_buttons[0]
    assert button.text() == str(root).replace("&", "&&")  # shown as written, & not a mnemonic
    button.click()
    assert urls == [QUrl.fromLocalFile(str(root))]
