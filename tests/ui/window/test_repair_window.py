"""A damaged library in the window: the question, the repair off the UI thread, and the window
going on with the rebuilt library, at startup (``app.run``) and while it runs (a slot meets the
damage; the app's excepthook offers the repair and starts the window again)."""

from __future__ import annotations

import sqlite3
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from shared_paths import SEEDS, make_mirror

from reader.core.importing.pipeline import import_paths
from reader.core.library.store import DB_NAME, Library, open_library
from reader.core.userdata.state import State
from reader.ui import app
from reader.ui.window.mainwindow import MainWindow

PAGE = 4096
ARTICLES = 80


@dataclass
class Built:
    data: Path
    ids: list[str]  # newest first
    rowid: dict[str, int]
    owner: dict[int, tuple[str, str]]  # page -> (table or index, page type)
    root_page: dict[str, int]

    def leaf(self, name: str) -> int:
        pages = sorted(p for p, o in self.owner.items() if o == (name, "leaf"))
        return pages[len(pages) // 2]


@pytest.fixture
def built(tmp_path: Path) -> Built:
    """A library of generated articles, some read, one with a note; one file, no WAL."""
    make_mirror(tmp_path / "mirror", ARTICLES)
    data = tmp_path / "data"
    with open_library(data) as library:
        for _ in import_paths(library, [tmp_path / "mirror"]):
            pass
        ids = library.ids()
    state = State(data)
    state.set_read(ids[0], True)
    state.set_read(ids[40], True)
    state.set_note(ids[41], "a note")
    state.save()
    db = sqlite3.connect(data / DB_NAME)
    try:
        rowid = dict(db.execute("SELECT id, rowid FROM documents"))
        owner = {p: (n, k) for n, p, k in db.execute("SELECT name, pageno, pagetype FROM dbstat")}
        root_page = dict(db.execute("SELECT name, rootpage FROM sqlite_schema"))
    finally:
        db.close()
    return Built(data, ids, rowid, owner, root_page)


def damage(data: Path, pages: list[int]) -> bytes:
    with open(data / DB_NAME, "r+b") as f:
        for page in pages:
            f.seek((page - 1) * PAGE)
            f.write(b"\xff" * PAGE)
    return (data / DB_NAME).read_bytes()


def unreadable_rows(built: Built) -> list[str]:
    db = sqlite3.connect(built.data / DB_NAME)
    hit = []
    try:
        for doc_id, rowid in built.rowid.items():
            try:
                db.execute("SELECT * FROM documents WHERE rowid = ?", (rowid,)).fetchall()
            except sqlite3.DatabaseError:
                hit.append(doc_id)
    finally:
        db.close()
    return hit


@dataclass
class Answers:
    """Stands in for the user at every QMessageBox: clicks ``choice`` when it is offered."""

    choice: str = "Repair Now"
    boxes: list[tuple[str, str, Qt.TextFormat]] = field(default_factory=list)

    def __call__(self, box: QMessageBox) -> int:
        self.boxes.append((box.windowTitle(), box.text(), box.textFormat()))
        for button in box.buttons():
            if button.text() == self.choice:
                button.click()
        return 0


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    found = Answers()
    monkeypatch.setattr(QMessageBox, "exec", lambda box: found(box))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own
    return found


def kept(data: Path) -> list[Path]:
    return [p for p in data.glob(f"{DB_NAME}.damaged-*") if not p.name.endswith(("-wal", "-shm"))]


def assert_kept(data: Path, page: int, damaged_bytes: bytes) -> None:
    """The damaged file is kept aside, its damaged page as it was (the window wrote to it
    before it met the damage: opening a library sets its schema version, on page 1)."""
    (found,) = kept(data)
    assert found.stat().st_size == len(damaged_bytes)
    with open(found, "rb") as f:
        f.seek((page - 1) * PAGE)
        assert f.read(PAGE) == b"\xff" * PAGE


@pytest.mark.parametrize(
    "where",
    ["search_index_config", "documents_list"],  # Library() fails; MainWindow() fails
)
def test_at_startup_the_repair_is_offered_and_the_window_opens_on_the_rebuilt_library(
    qtbot, monkeypatch, built: Built, answers: Answers, where: str
) -> None:
    page = built.root_page[where] if where.endswith("config") else built.leaf(where)
    damaged_bytes = damage(built.data, [page])
    seen: dict[str, object] = {}

    def event_loop(self: QApplication) -> int:  # what the user sees once the window is up
        window = next(
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        )
        qtbot.addWidget(window)
        seen["rows"] = window.model.rowCount()
        seen["ids"] = window.library.ids()
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", event_loop)

    assert app.run(built.data, []) == 0

    (title, question, text_format), (_, told, _) = answers.boxes
    assert title == "The Library Is Damaged"
    assert str(built.data) in question
    assert "malformed" in question
    assert text_format == Qt.TextFormat.PlainText  # paths and SQLite's words: never markup
    assert told.startswith(f"Rebuilt the library in {built.data}")
    assert f"{ARTICLES} articles recovered" in told
    assert seen == {"rows": ARTICLES, "ids": built.ids}
    assert_kept(built.data, page, damaged_bytes)
    state = State(built.data)
    assert state.is_read(built.ids[0])
    assert state.is_read(built.ids[40])
    assert state.note(built.ids[41]) == "a note"


def test_at_startup_quit_leaves_the_library_as_it_is(
    qtbot, monkeypatch, built: Built, answers: Answers
) -> None:
    damaged_bytes = damage(built.data, [built.root_page["search_index_config"]])
    answers.choice = "Quit"
    monkeypatch.setattr(QApplication, "exec", lambda self: pytest.fail("no window expected"))

    assert app.run(built.data, []) == 1

    assert [title for title, _, _ in answers.boxes] == ["The Library Is Damaged"]
    assert (built.data / DB_NAME).read_bytes() == damaged_bytes
    assert kept(built.data) == []


def test_a_slot_meeting_the_damage_offers_the_repair_and_the_window_starts_again(
    qtbot, choosers, opened, tmp_path: Path, built: Built, answers: Answers
) -> None:
    page = built.leaf("documents")
    damaged_bytes = damage(built.data, [page])
    hit = unreadable_rows(built)
    assert hit
    started: list[MainWindow] = []

    def make_window() -> MainWindow:  # as app.run makes it
        library = Library(built.data)
        window = MainWindow(
            library, State(built.data), choosers=choosers, open_url=opened, sample_dir=SEEDS
        )
        started.append(window)
        return window

    window = make_window()  # opens: the sidebar's rows are whole
    try:
        window.show()
        assert window.model.rowCount() == ARTICLES
        app._log_errors_to(tmp_path / "saved-reader.log", make_window)

        window.select_document(hit[0])  # its row is on the damaged page: the slot raises

        qtbot.waitUntil(lambda: len(started) == 2 and started[1].isVisible(), timeout=60000)
        again = started[1]
        qtbot.addWidget(again)
        assert not shiboken6.isValid(window) or not window.isVisible()  # closed, deleted
        assert [title for title, _, _ in answers.boxes] == [
            "The Library Is Damaged",
            "Library Repaired",
        ]
        assert "LibraryDamaged" in (tmp_path / "saved-reader.log").read_text(encoding="utf-8")
        assert again.model.rowCount() == ARTICLES
        assert again.select_document(hit[0])
        assert again.current_id == hit[0]
        assert again.state.is_read(built.ids[40])
        assert again.state.note(built.ids[41]) == "a note"
        assert_kept(built.data, page, damaged_bytes)
    finally:
        for made in started:
            if shiboken6.isValid(made):
                made.close()
                made.deleteLater()
            made.library.close()


def test_the_repair_runs_off_the_ui_thread(qtbot, monkeypatch, built: Built) -> None:
    from reader.core.repair import rebuild as core_repair
    from reader.ui.window.repair import run_repair

    threads: list[str] = []
    real = core_repair.repair

    def repair(root: Path, progress=None):
        threads.append(threading.current_thread().name)
        return real(root, progress)

    monkeypatch.setattr(core_repair, "repair", repair)
    report = run_repair(built.data)
    assert threads == ["repair"]
    assert threading.current_thread() is threading.main_thread()
    assert report.recovered == ARTICLES


def test_the_window_s_threads_report_a_damaged_library_without_crashing(
    qtbot, built: Built
) -> None:
    from reader.ui.listing.rows import RowReader
    from reader.ui.listing.searcher import Searcher

    damage(built.data, [built.leaf("documents_list"), built.root_page["search_index_data"]])
    rows = RowReader()
    with qtbot.waitSignal(rows.done, timeout=10000) as read:
        rows.start(built.data, frozenset())
    assert read.args == [None]  # the window then reads them itself (and meets the damage)
    searcher = Searcher(built.data)
    try:
        with qtbot.waitSignal(searcher.found, timeout=10000) as found:
            number = searcher.request("日本")
        assert found.args == [number, None]
        with qtbot.waitSignal(searcher.found, timeout=10000) as again:  # still answering
            number = searcher.request("中国")
        assert again.args == [number, None]
    finally:
        searcher.stop()


def test_an_import_that_meets_the_damage_offers_the_repair(
    qtbot, make_window, wait_import, tmp_path: Path, built: Built
) -> None:
    """The window's import runs in a process of its own: the damage it meets comes back as
    a message, and the window asks for the repair (app.run connects it to the question)."""
    window = make_window(data=built.data)
    damage(built.data, [built.root_page["files"]])  # the imported-files table
    make_mirror(tmp_path / "more", 30)
    met: list[object] = []
    window.library_damaged.connect(met.append)
    window.import_paths([tmp_path / "more"])
    wait_import(window)
    assert len(met) == 1
    (found,) = met
    assert type(found).__name__ == "LibraryDamaged"
    assert found.root == built.data
    assert "malformed" in found.reason
    assert "the import stopped" in window.info.label.text() + " ".join(window.info._lines)
