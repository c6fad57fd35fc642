"""An import on a full disk: every file still gets its result, the user one sentence, the
library stays consistent, and an import with room completes it (issue 7, item 4).

The disk fills for real as far as SQLite can tell: ``PRAGMA max_page_count`` on the
library's connections makes it answer SQLITE_FULL ("database or disk is full") once the file
would grow past the limit, as a full disk does.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from shared_paths import make_mirror
from test_pipeline import consistent

from reader import cli
from reader.core.importing import pipeline
from reader.core.library.store import DB_NAME, Library
from reader.core.model import ImportResult, Status

FILES = 400  # about 5 pages (20 kB) each
ROOM = 700  # pages the disk has left for them: a few batches of 50, then full


def _pages(data: Path) -> int:
    db = sqlite3.connect(data / DB_NAME)
    try:
        return db.execute("PRAGMA page_count").fetchone()[0]
    finally:
        db.close()


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path, int], None]:
    """``fill(data, room)``: from now on the library at ``data`` cannot grow by more than
    ``room`` pages (``monkeypatch.undo()`` gives the disk its room back)."""
    connect = sqlite3.connect

    def fill(data: Path, room: int) -> None:
        Library(data).close()
        limit = _pages(data) + room

        def limited(*args: object, **kwargs: object) -> sqlite3.Connection:
            db = connect(*args, **kwargs)
            db.execute(f"PRAGMA max_page_count = {limit}")
            return db

        monkeypatch.setattr(sqlite3, "connect", limited)

    monkeypatch.setattr(pipeline, "BATCH_SIZE", 50)
    return fill


def _import(data: Path, mirror: Path, capsys: pytest.CaptureFixture[str]):
    code = cli.main(["--data-dir", str(data), "import", str(mirror)])
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines()], err


def test_import_on_a_full_disk_reports_every_file_then_one_sentence(
    tmp_path, full_disk, monkeypatch, capsys
):
    mirror, data = tmp_path / "mirror", tmp_path / "data"
    paths = make_mirror(mirror, FILES)
    full_disk(data, ROOM)

    code, lines, err = _import(data, mirror, capsys)

    assert "Traceback" not in err
    assert code == 1
    assert sorted(line["path"] for line in lines) == sorted(str(p) for p in paths)
    added = [line for line in lines if line["status"] == "added"]
    failed = [line for line in lines if line["status"] == "error"]
    assert len(added) >= 50, "a few batches were stored before the disk filled"
    assert len(added) + len(failed) == FILES
    for line in failed:
        assert "the disk is full (database or disk is full)" in line["error"], line
    last = err.rstrip("\n").split("\n")[-1]  # (the one sentence replaces the summary)
    assert last.startswith("saved-reader: ")
    assert f"{len(failed):,} of {FILES:,} files were not imported" in last
    assert "free some space and import again" in last
    assert last.endswith(".")
    assert ". " not in last, "one sentence"

    monkeypatch.undo()  # room on the disk again
    assert consistent(data) == len(added)  # the batches stored are whole, and nothing else
    code, lines, err = _import(data, mirror, capsys)
    assert (code, err) == (
        0,
        f"saved-reader: imported {len(failed):,} new, {len(added):,} already in the library.\n",
    )
    status = {line["path"]: line["status"] for line in lines}
    assert sorted(status.values()).count("unchanged") == len(added)
    assert sorted(status.values()).count("added") == len(failed)
    assert consistent(data) == FILES


def test_the_window_gets_every_files_result_from_a_full_disk(tmp_path, full_disk):
    mirror, data = tmp_path / "mirror", tmp_path / "data"
    paths = make_mirror(mirror, FILES)
    full_disk(data, ROOM)
    messages: list[tuple[str, object]] = []

    pipeline.import_reporting(str(data), [str(mirror)], threading.Event(), messages.append)

    results: list[ImportResult] = [
        r for kind, value in messages if kind == "results" for r in value
    ]
    assert messages[-1] == ("done", False)
    by_path = {r.path: r for r in results}
    assert set(by_path) == {str(p) for p in paths} | {str(data)}
    stopped = by_path.pop(str(data))
    assert stopped.error.startswith("the import stopped: The disk is full")
    assert results[-1] is stopped
    failed = [r for r in by_path.values() if r.status is Status.ERROR]
    assert failed
    assert all("the disk is full" in r.error for r in failed)


def test_no_room_to_merge_the_search_index_is_no_error(tmp_path, full_disk, monkeypatch):
    mirror, data = tmp_path / "mirror", tmp_path / "data"
    make_mirror(mirror, 60)
    library = Library(data)
    results = list(pipeline.import_paths(library, [mirror], workers=1))
    library.close()
    assert all(r.status is Status.ADDED for r in results)
    full_disk(data, 0)  # not one page more
    library = Library(data)
    library.optimize_index()
    assert library.search("item")
    library.close()
    monkeypatch.undo()
    assert consistent(data) == 60


class _DiskUsage:
    """What shutil.disk_usage says about a disk with no room left."""

    total, used, free = 10**9, 10**9, 0


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (["note", "{id}", "my precious note"], "the note was not saved: the library in "),
        (["mark", "{id}", "--read"], "the change was not saved: the library in "),
        (["import", "{seed}"], "The library in "),
    ],
)
def test_a_disk_too_full_to_open_the_library_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, command: list[str], said: str
):
    """With no room for its journal SQLite cannot even open the library ("disk I/O error",
    seen on a full tmpfs): the command says the disk is full, and what was not saved."""
    from shared_paths import SEED_FILE

    data = tmp_path / "d"
    assert cli.main(["--data-dir", str(data), "import", str(SEED_FILE)]) == 0
    doc_id = json.loads(capsys.readouterr().out)["id"]

    def connect(*args: object, **kwargs: object) -> sqlite3.Connection:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr("reader.core.library.store.sqlite3.connect", connect)
    monkeypatch.setattr("reader.core.storage.shutil.disk_usage", lambda _path: _DiskUsage())
    args = [a.format(id=doc_id, seed=SEED_FILE) for a in command]
    assert cli.main(["--data-dir", str(data), *args]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"saved-reader: {said}{data} cannot be opened: the disk is full (disk I/O error)\n"
    )
