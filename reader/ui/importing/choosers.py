"""The native file choosers of File > Open and File > Import Folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

FILE_FILTER = "Saved articles (*.md *.txt *.html *.htm *.xhtml *.markdown);;All files (*)"


@dataclass
class Choosers:
    """File choosers, injectable so File > Open is testable without a native dialog."""

    def open_files(self, parent: QWidget) -> list[Path]:
        names, _ = QFileDialog.getOpenFileNames(parent, "Open Saved Articles", "", FILE_FILTER)
        return [Path(n) for n in names]

    def open_folder(self, parent: QWidget) -> Path | None:
        name = QFileDialog.getExistingDirectory(parent, "Import Folder")
        return Path(name) if name else None
