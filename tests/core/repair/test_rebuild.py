"""A damaged library file: every command says so in one sentence, and ``repair`` rebuilds it.

The library is made from generated mirror files, imported one by one (the same page layout on
every run); pages are damaged by owner, as SQLite's ``dbstat`` tells which table or index holds
each page, and overwritten with 0xff bytes (never random). What a repair must recover is told
apart from what it cannot by reading the damaged copy with plain SQLite: an article is lost
only when both its row and its original are unreadable.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import re
import shutil
import sqlite3
import subprocess
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from cli_run import Run
from shared_paths import ROOT, make_mirror

from reader.core.importing.ingest import expand
from reader.core.importing.pipeline import import_file
from reader.core.library.store import (
    DB_NAME,
    LOCK_NAME,
    Library,
    LibraryDamaged,
    LibraryError,
    SearchConnection,
    open_library,
    read_rows,
)
from reader.core.repair import rebuild as repair_module
from reader.core.repair.rebuild import repair

PAGE = 4096
ARTICLES = 300
SENTENCE = re.compile(
    r"saved-reader: The library in (?P<root>.+) is damaged \((?P<reason>.+)\); run "
    r"'saved-reader repair' to rebuild it from the articles it holds \(read state and notes "
    r"are kept\)\."
)


def reader(data: Path, *args: str) -> Run:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-m", "reader", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=ROOT,
        timeout=300,
    )
    return Run(done.returncode, done.stdout, done.stderr)


@dataclass(frozen=True)
class Pristine:
    src: Path
    data: Path
    listed: list[dict]  # ``list --json`` before any damage (read flags and notes set)
    japan: set[str]  # the ids ``search 日本`` finds
    rowid: dict[str, int]  # each id's rowid (the same in every copy)
    owner: dict[int, tuple[str, str]]  # page -> (table or index, page type)
    root_page: dict[str, int]  # table or index -> its root page
    pages: int

    def pages_of(self, name: str, kind: str) -> list[int]:
        return sorted(p for p, o in self.owner.items() if o == (name, kind))


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Pristine:
    src = tmp_path_factory.mktemp("mirror")
    make_mirror(src, ARTICLES)
    data = tmp_path_factory.mktemp("pristine") / "data"
    with open_library(data) as library:  # one by one: the same layout every time
        results = [import_file(library, path) for path in expand([src])]
        assert {r.status.value for r in results} == {"added"}
    ids = [item["id"] for item in reader(data, "list", "--json").json()]
    for args in (
        ("mark", ids[0], "--read"),
        ("mark", ids[150], "--read", "--star"),
        ("note", ids[151], "a note, 注"),
        ("mark", ids[-1], "--read"),
    ):
        assert reader(data, *args).code == 0
    listed = reader(data, "list", "--json").json()
    japan = {item["id"] for item in reader(data, "search", "日本", "--json").json()}
    assert len(japan) > 10
    db = sqlite3.connect(data / DB_NAME)
    try:
        rowid = dict(db.execute("SELECT id, rowid FROM documents"))
        owner = {p: (n, k) for n, p, k in db.execute("SELECT name, pageno, pagetype FROM dbstat")}
        root_page = dict(db.execute("SELECT name, rootpage FROM sqlite_schema"))
        (pages,) = db.execute("PRAGMA page_count").fetchone()
    finally:
        db.close()
    assert not Path(f"{data / DB_NAME}-wal").exists()  # one file: copies are whole
    return Pristine(src, data, listed, japan, rowid, owner, root_page, pages)


def damaged(pristine: Pristine, into: Path, pages: list[int]) -> Path:
    """A copy of the pristine data folder with ``pages`` overwritten by 0xff bytes."""
    data = into / "data"
    shutil.copytree(pristine.data, data)
    with open(data / DB_NAME, "r+b") as f:
        for page in pages:
            f.seek((page - 1) * PAGE)
            f.write(b"\xff" * PAGE)
    return data


def unreadable(pristine: Pristine, data: Path, pages: list[int]) -> tuple[set[str], set[str]]:
    """The ids whose row, and those whose original, plain SQLite cannot read in a copy damaged
    at ``pages`` (page 1 aside: ``repair`` does without it)."""
    probe = data.parent / "probe"
    shutil.copytree(pristine.data, probe)
    with open(probe / DB_NAME, "r+b") as f:
        for page in pages:
            if page != 1:
                f.seek((page - 1) * PAGE)
                f.write(b"\xff" * PAGE)
    rows, originals = set(), set()
    db = sqlite3.connect(probe / DB_NAME)
    try:
        for doc_id, rowid in pristine.rowid.items():
            try:
                db.execute("SELECT * FROM documents WHERE rowid = ?", (rowid,)).fetchall()
            except sqlite3.DatabaseError:
                rows.add(doc_id)
            try:
                (packed,) = db.execute(
                    "SELECT data FROM originals WHERE rowid = ?", (rowid,)
                ).fetchone()
                zlib.decompress(packed)
            except (sqlite3.DatabaseError, zlib.error, TypeError):
                originals.add(doc_id)
    finally:
        db.close()
    shutil.rmtree(probe)
    return rows, originals


def assert_sentence(run: Run, data: Path, reason: str | None = None) -> None:
    """Exit 1, the last line on stderr the sentence, no traceback."""
    assert run.code == 1, run
    assert "Traceback" not in run.err + run.out
    m = SENTENCE.fullmatch(run.err.splitlines()[-1])
    assert m is not None, run.err
    assert m["root"] == str(data)
    if reason is not None:
        assert reason in m["reason"]


# The issue's ``dd ... bs=4096 seek=40 count=2`` and the other places damaged: which commands
# must then fail (the others may work: their pages are whole).
COMMANDS = ("show", "list", "search", "import", "mark", "note")
CASES: dict[str, tuple[Callable[[Pristine], list[int]], set[str], str | None]] = {
    "the issue's pages 41-42": (lambda p: [41, 42], set(), None),
    "page 1": (lambda p: [1], set(COMMANDS), "file is not a database"),
    "a documents page": (lambda p: [middle(p.pages_of("documents", "leaf"))], {"show"}, None),
    "the search index's root": (
        lambda p: [p.root_page["search_index_data"]],
        {"search", "import"},
        "vtable constructor failed",
    ),
    "the search index's settings": (
        lambda p: [p.root_page["search_index_config"]],
        set(COMMANDS),
        "malformed",
    ),
    "the files table's root": (lambda p: [p.root_page["files"]], {"import"}, "malformed"),
    "a page of the sidebar's index": (
        lambda p: [middle(p.pages_of("documents_list", "leaf"))],
        {"list", "search", "import", "mark", "note"},
        "malformed",
    ),
    "the last two pages": (lambda p: [p.pages - 1, p.pages], set(), None),
    "the originals' root and a documents page": (
        lambda p: [p.root_page["originals"], middle(p.pages_of("documents", "leaf"))],
        {"show"},
        None,
    ),
}


def middle(pages: list[int]) -> int:
    assert pages
    return pages[len(pages) // 2]


@pytest.mark.parametrize("case", list(CASES))
def test_every_command_says_the_library_is_damaged_in_one_sentence(
    pristine: Pristine, tmp_path: Path, case: str
) -> None:
    where, must_fail, reason = CASES[case]
    pages = where(pristine)
    data = damaged(pristine, tmp_path, pages)
    rows, _ = unreadable(pristine, data, pages)
    shown = sorted(rows) or [pristine.listed[0]["id"]]
    if "show" in must_fail and must_fail != set(COMMANDS):
        assert rows  # an article on the damaged page is the one to show
    some = pristine.listed[3]["id"]
    runs = {
        "show": reader(data, "show", shown[0]),
        "list": reader(data, "list", "--json"),
        "search": reader(data, "search", "日本", "--json"),
        "import": reader(data, "import", str(pristine.src)),
        "mark": reader(data, "mark", some, "--read"),
        "note": reader(data, "note", some, "noted"),
    }
    failed = set()
    for command, run in runs.items():
        if run.code == 0:
            assert "Traceback" not in run.err
            continue
        failed.add(command)
        assert_sentence(run, data, reason)
    assert must_fail <= failed
    # Whatever the commands touch, the check finds the damage.
    assert_sentence(reader(data, "repair", "--check"), data)


@pytest.mark.parametrize("case", list(CASES))
def test_repair_recovers_every_article_not_lost_with_its_state(
    pristine: Pristine, tmp_path: Path, case: str
) -> None:
    pages = CASES[case][0](pristine)
    data = damaged(pristine, tmp_path, pages)
    rows, originals = unreadable(pristine, data, pages)
    lost = rows & originals  # neither the row nor the original can be read
    damaged_bytes = (data / DB_NAME).read_bytes()

    report = repair(data)

    assert report.recovered == ARTICLES - len(lost)
    assert report.lost == len(lost)
    assert report.lost_exact
    assert report.without_original == len(originals - rows)
    assert report.reason  # what was wrong, in SQLite's words
    assert report.kept_as.name.startswith(f"{DB_NAME}.damaged-")
    assert report.kept_as.read_bytes() == damaged_bytes  # kept as it was
    # The list, read flags, stars and notes as before, less the articles lost.
    expected = [item for item in pristine.listed if item["id"] not in lost]
    assert reader(data, "list", "--json").json() == expected
    japan = {item["id"] for item in reader(data, "search", "日本", "--json").json()}
    assert japan == pristine.japan - lost
    with open_library(data) as library:
        assert library.check() == []
        for doc_id in originals - rows:  # kept from its stored text, without an original
            assert library.original(doc_id) is None
            doc = library.get(doc_id)
            assert doc is not None
            assert doc.text
    # A re-import skips what it knows (the files table was saved unless its pages were hit).
    again = reader(data, "import", str(pristine.src))
    statuses = [json.loads(line)["status"] for line in again.out.splitlines()]
    assert again.code == 0
    assert statuses.count("unchanged") == ARTICLES - len(lost)
    assert statuses.count("added") == len(lost)


def test_the_issue_s_damage_repaired_through_the_command_line(
    pristine: Pristine, tmp_path: Path
) -> None:
    data = damaged(pristine, tmp_path, [41, 42])
    rows, originals = unreadable(pristine, data, [41, 42])
    assert rows | originals or pristine.owner[41][0].startswith("search")

    run = reader(data, "repair")

    assert run.code == 0, run
    assert "Traceback" not in run.err
    assert re.fullmatch(
        rf"Rebuilt the library in {re.escape(str(data))} \(.+\): {ARTICLES:,} articles "
        rf"recovered\. The old file is kept as {re.escape(str(data / DB_NAME))}\.damaged-"
        r"\d{8}-\d{6}-\d+; read state and notes are kept\.\n",
        run.out,
    ), run.out
    assert reader(data, "list", "--json").json() == pristine.listed
    check = reader(data, "repair", "--check")
    assert (check.code, check.out) == (0, f"The library in {data} is sound (300 articles).\n")
    assert reader(data, "repair", "--check").code == 0


@pytest.mark.parametrize("workers", [1, 2])  # 2: converted in worker processes
def test_a_healthy_library_is_rebuilt_the_same(
    pristine: Pristine, tmp_path: Path, workers: int
) -> None:
    data = damaged(pristine, tmp_path, [])
    before = (data / DB_NAME).read_bytes()
    report = repair(data, workers=workers)
    assert (report.recovered, report.lost, report.reason) == (ARTICLES, 0, None)
    assert report.ok
    assert report.kept_as.read_bytes() == before
    assert reader(data, "list", "--json").json() == pristine.listed
    # Every article as it was, made again from the same original; the same search index.
    with open_library(pristine.data) as was, open_library(data) as library:
        for doc_id in pristine.rowid:
            assert library.get(doc_id) == was.get(doc_id)
            assert library.original(doc_id) == was.original(doc_id)
        for query in ("日本", "中国", "Trump", '"美国 总统"'):
            assert library.search(query) == was.search(query)
    assert sorted(p.name for p in data.iterdir()) == [  # its work folder is gone
        LOCK_NAME,
        DB_NAME,
        report.kept_as.name,
        "state.json",
        "state.json.bak",
        "state.lock",
    ]


def test_an_original_that_fails_to_convert_keeps_its_text_and_is_logged(
    pristine: Pristine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    data = damaged(pristine, tmp_path, [])

    def broken(path: Path, data: bytes) -> None:
        raise RuntimeError("a bug in a converter")

    monkeypatch.setattr(repair_module, "ingest_bytes", broken)
    with caplog.at_level(logging.WARNING, logger=repair_module.__name__):
        report = repair(data, workers=1)  # converted here, where the patch is
    assert (report.recovered, report.lost, report.without_original) == (ARTICLES, 0, 0)
    assert reader(data, "list", "--json").json() == pristine.listed
    said = [r for r in caplog.records if "could not be converted again" in r.getMessage()]
    assert len(said) == ARTICLES
    assert said[0].exc_info is not None
    assert "a bug in a converter" in str(said[0].exc_info[1])


def test_nothing_readable_is_said_and_exits_1(pristine: Pristine, tmp_path: Path) -> None:
    data = damaged(pristine, tmp_path, list(range(1, pristine.pages + 1)))
    run = reader(data, "repair")
    assert run.code == 1
    assert "Traceback" not in run.err
    assert run.out.startswith(f"Nothing could be read from the library in {data}")
    assert "0 articles recovered" in run.out
    # The damaged file is kept; the library is usable (empty), state.json untouched.
    assert len(list(data.glob(f"{DB_NAME}.damaged-*"))) >= 1
    assert reader(data, "list", "--json").json() == []
    assert (data / "state.json").read_bytes() == (pristine.data / "state.json").read_bytes()


def test_library_methods_raise_library_damaged_only_for_damage(
    pristine: Pristine, tmp_path: Path
) -> None:
    page = middle(pristine.pages_of("documents", "leaf"))
    data = damaged(pristine, tmp_path, [page, pristine.root_page["search_keys"]])
    rows, _ = unreadable(pristine, data, [page])
    with open_library(data) as library:
        with pytest.raises(LibraryDamaged) as raised:
            library.get(sorted(rows)[0])
        assert isinstance(raised.value, LibraryError)
        assert raised.value.root == data
        assert "malformed" in raised.value.reason
        again = pickle.loads(pickle.dumps(raised.value))  # from a process to another
        assert (str(again), again.root, again.reason) == (
            str(raised.value),
            data,
            raised.value.reason,
        )
        with pytest.raises(LibraryDamaged):
            library.search("日本")
        assert library.get("no-such-id") is None  # what is not damaged still works
        assert len(library) == ARTICLES
        assert library.check()
    # The connections the window's threads use say it the same way.
    connection = SearchConnection(data)
    try:
        with pytest.raises(LibraryDamaged):
            connection.search("日本")
    finally:
        connection.close()
    sidebar = damaged(
        pristine, tmp_path / "2", [middle(pristine.pages_of("documents_list", "leaf"))]
    )
    with pytest.raises(LibraryDamaged):
        read_rows(sidebar)


def test_other_errors_stay_what_they_are(tmp_path: Path) -> None:
    with open_library(tmp_path / "data") as library:
        with pytest.raises(sqlite3.OperationalError):
            library._db.execute("SELECT * FROM no_such_table")
        with pytest.raises(sqlite3.IntegrityError):
            library._db.execute("INSERT INTO files (path) VALUES ('x')")


def test_repair_without_a_library_says_so(tmp_path: Path) -> None:
    run = reader(tmp_path / "nothing", "repair")
    assert (run.code, run.err) == (
        1,
        f"saved-reader: There is no library in {tmp_path / 'nothing'}.\n",
    )
    with pytest.raises(LibraryError):
        repair(tmp_path / "nothing")


def test_an_original_kept_as_a_file_before_schema_5_is_used_and_stays_there(
    tmp_path: Path,
) -> None:
    (path,) = make_mirror(tmp_path / "mirror", 1)
    root = tmp_path / "data"
    with open_library(root) as library:
        doc_id = import_file(library, path).id
        was = library.get(doc_id)
    legacy = root / "originals" / doc_id[:2] / f"{doc_id}.md"  # where schema 4 kept it
    legacy.parent.mkdir(parents=True)
    legacy.write_bytes(path.read_bytes())
    db = sqlite3.connect(root / DB_NAME)
    with db:
        db.execute("DELETE FROM originals")
        db.execute("UPDATE documents SET original = ?", (f"originals/{doc_id[:2]}/{doc_id}.md",))
    db.close()
    path.unlink()

    report = repair(root)

    assert (report.recovered, report.without_original) == (1, 0)
    with open_library(root) as library:
        assert library.get(doc_id) == was
        assert library.original(doc_id) == (f"{doc_id}.md", legacy.read_bytes())


def test_a_repair_waits_for_no_one_it_refuses_while_the_library_is_open(
    pristine: Pristine, tmp_path: Path
) -> None:
    """A window or an import writing to the file a repair moves aside would lose what it
    writes: the repair says so and changes nothing; the library opens again afterwards."""
    data = damaged(pristine, tmp_path, [])
    before = (data / DB_NAME).read_bytes()
    running = Library(data)
    try:
        with pytest.raises(LibraryError, match="open in another Saved Reader"):
            repair(data)
        assert (data / DB_NAME).read_bytes() == before
        assert not list(data.glob(f"{DB_NAME}.damaged-*"))
    finally:
        running.close()
    assert repair(data).ok


def test_repair_in_a_folder_it_cannot_write_says_so(pristine: Pristine, tmp_path: Path) -> None:
    data = damaged(pristine, tmp_path, [])
    (data / LOCK_NAME).unlink()
    (data / LOCK_NAME).mkdir()  # (as a folder that cannot be written would fail)
    run = reader(data, "repair")
    assert run.code == 1
    assert "Traceback" not in run.err
    assert run.err.startswith(f"saved-reader: The library in {data} could not be repaired")
