from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QApplication, QMenu

from reader.core.importing.pipeline import import_paths
from reader.core.library.store import Library
from reader.core.userdata.state import State
from reader.ui.window.mainwindow import MainWindow


@dataclass
class FakeChoosers:
    """Stands in for the native file dialogs."""

    files: list[Path] = field(default_factory=list)
    folder: Path | None = None

    def open_files(self, parent: object) -> list[Path]:
        return list(self.files)

    def open_folder(self, parent: object) -> Path | None:
        return self.folder


@dataclass
class OpenedUrls:
    urls: list[str] = field(default_factory=list)
    started: bool = True  # False: as when no browser can be started

    def __call__(self, url: QUrl) -> bool:
        self.urls.append(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))
        return self.started


@pytest.fixture(autouse=True)
def _no_menu_left_open():
    """Each popup menu shown is closed after its test (an open one would warn in the next:
    offscreen, a popup cannot grab the keyboard)."""
    yield
    if QApplication.instance() is not None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMenu) and widget.isVisible():
                widget.close()


@pytest.fixture
def opened() -> OpenedUrls:
    return OpenedUrls()


@pytest.fixture
def choosers() -> FakeChoosers:
    return FakeChoosers()


@pytest.fixture
def make_window(qtbot, tmp_path: Path, choosers: FakeChoosers, opened: OpenedUrls):
    """Build a window over a data dir (a second call is a restart on the same dir)."""
    made: list[tuple[MainWindow, Library]] = []

    def make(imports: list[Path] = (), data: Path | None = None, show: bool = True) -> MainWindow:
        root = data or tmp_path / "data"
        library = Library(root)
        for _ in import_paths(library, imports):
            pass
        window = MainWindow(
            library, State(root), choosers=choosers, open_url=opened, sample_dir=SEEDS_DIR
        )
        qtbot.addWidget(window)
        made.append((window, library))
        if show:
            window.show()
            window.activateWindow()
            qtbot.waitUntil(window.isActiveWindow)
        return window

    yield make
    for window, library in made:
        if window.isVisible():
            window.close()
        library.close()


from shared_paths import SEEDS as SEEDS_DIR  # noqa: E402


@pytest.fixture
def wait_import(qtbot) -> Callable[[MainWindow], None]:
    def wait(window: MainWindow) -> None:
        qtbot.waitUntil(lambda: not window.importer.importing, timeout=30000)

    return wait
