"""Help > About: what this is, its version and license, where it keeps the user's things, and
the versions a bug report needs.

The locations are buttons that open the folder in the file manager (through the window's own
URL opener, which a test replaces); their text is a path, so it is set as plain text, never
as a label's guessed rich text (ui/plain.py). "Copy" puts the same facts on the clipboard as
text, for a bug report.
"""

from __future__ import annotations

import platform
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reader import APP_NAME, __version__
from reader.ui.plain import menu_text, plain_label

LICENSE = "MIT License"
TAGLINE = "Read your saved articles offline and privately."
PRIVACY = "Nothing is fetched from the network unless you ask for it."


@dataclass(frozen=True)
class Place:
    """A location shown in the dialog: what it holds, and the path."""

    what: str
    path: Path

    @property
    def folder(self) -> Path:
        """What a click opens: the folder itself, or the folder a file is in."""
        return self.path if self.path.is_dir() or not self.path.suffix else self.path.parent


def places(data_root: Path, state_file: Path) -> list[Place]:
    return [
        Place("Library", data_root),
        Place("Read state and notes", state_file),
        Place("Settings", data_root / "settings.json"),  # (reader/core/userdata/prefs.py)
        Place("Log", data_root / "saved-reader.log"),
    ]


def versions() -> list[tuple[str, str]]:
    return [
        ("Qt", qVersion()),
        ("PySide6", PySide6.__version__),
        ("Python", f"{platform.python_version()} ({platform.python_implementation()})"),
        ("SQLite", sqlite3.sqlite_version),
        ("System", platform.platform(terse=True)),
    ]


def report(data_root: Path, state_file: Path) -> str:
    """The dialog's facts as plain text (what Copy puts on the clipboard)."""
    lines = [f"{APP_NAME} {__version__} ({LICENSE})"]
    lines += [f"{place.what}: {place.path}" for place in places(data_root, state_file)]
    lines += [f"{name}: {version}" for name, version in versions()]
    return "\n".join(lines)


class AboutDialog(QDialog):
    def __init__(
        self,
        data_root: Path,
        state_file: Path,
        open_url: Callable[[QUrl], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
        self.setMinimumWidth(520)
        self._open_url = open_url
        self._report = report(data_root, state_file)

        header = QHBoxLayout()
        icon = QLabel(self)
        icon.setPixmap(QGuiApplication.windowIcon().pixmap(64, 64))
        header.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        titles = QVBoxLayout()
        name = plain_label(f"{APP_NAME} {__version__}", self)
        name.setObjectName("about-name")
        font = name.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        name.setFont(font)
        titles.addWidget(name)
        titles.addWidget(plain_label(TAGLINE, self))
        privacy = plain_label(PRIVACY, self)
        privacy.setWordWrap(True)
        titles.addWidget(privacy)
        header.addLayout(titles, 1)

        form = QFormLayout()
        form.addRow("License:", plain_label(LICENSE, self))
        self.place_buttons: list[QPushButton] = []
        for place in places(data_root, state_file):
            button = QPushButton(menu_text(str(place.path)), self)  # (& is not a mnemonic)
            button.setFlat(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setToolTip("Open this folder in the file manager")
            button.setStyleSheet("text-align: left; color: palette(link); padding: 1px 0px;")
            button.clicked.connect(lambda _=False, p=place: self._open(p))
            form.addRow(f"{place.what}:", button)
            self.place_buttons.append(button)
        for label, version in versions():
            form.addRow(f"{label}:", plain_label(version, self))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        copy = buttons.addButton("&Copy", QDialogButtonBox.ButtonRole.ActionRole)
        copy.setToolTip("Copy these details, for a bug report")
        copy.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self._report)

    def _open(self, place: Place) -> None:
        self._open_url(QUrl.fromLocalFile(str(place.folder)))
