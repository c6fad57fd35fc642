"""Walking folders to import: links, loops, pipes and names that are not text (issue 7,
items 8 and 10). Each real folder is read once; links out of the folder are not followed
unless asked; what is not imported is named, and printed names cannot rewrite the terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from shared_paths import ROOT

from reader.core.importing.ingest import expand
from reader.core.model import ImportResult, Status


def _article(path: Path, n: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    head = f"<!--1700000000000-->\n[Article {n}](https://example.com/{n})\n------\n\n"
    path.write_text(f"{head}<p>Text {n}</p>\n", encoding="utf-8")
    return path


def _import(data: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The command line as a user runs it (a hang fails the test, it does not hang it)."""
    return subprocess.run(
        [sys.executable, "-m", "reader", "--data-dir", str(data), "import", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _lines(done: subprocess.CompletedProcess[str]) -> list[dict[str, str | None]]:
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_a_folder_with_two_links_to_itself_is_read_once(tmp_path: Path):
    folder = tmp_path / "L"
    _article(folder / "a.md", 1)
    _article(folder / "sub" / "b.md", 2)
    (folder / "x").symlink_to(".")
    (folder / "y").symlink_to(".")
    (folder / "sub" / "up").symlink_to("..")
    done = _import(tmp_path / "d", str(folder))
    assert done.returncode == 0, done.stderr
    lines = _lines(done)
    added = sorted(line["path"] for line in lines if line["status"] == "added")
    assert added == [str(folder / "a.md"), str(folder / "sub" / "b.md")]
    skipped = {line["path"]: line["error"] for line in lines if line["status"] == "skipped"}
    assert set(skipped) == {str(folder / "x"), str(folder / "y"), str(folder / "sub" / "up")}
    assert all("already imported" in why for why in skipped.values())
    assert len(lines) == 5  # each file and each link reported once


def test_a_link_out_of_the_folder_is_not_followed_unless_asked(tmp_path: Path):
    outside = tmp_path / "elsewhere"
    _article(outside / "far.md", 3)
    folder = tmp_path / "L"
    _article(folder / "a.md", 1)
    (folder / "out").symlink_to(outside)
    (folder / "far-file.md").symlink_to(outside / "far.md")
    done = _import(tmp_path / "d", str(folder))
    assert done.returncode == 0
    lines = _lines(done)
    assert [line["path"] for line in lines if line["status"] == "added"] == [str(folder / "a.md")]
    skipped = {line["path"]: line["error"] for line in lines if line["status"] == "skipped"}
    assert "not followed" in skipped[str(folder / "out")]
    assert str(outside) in skipped[str(folder / "out")]
    assert "not followed" in skipped[str(folder / "far-file.md")]
    assert f"{folder / 'out'}: skipped:" in done.stderr  # said, not only in the JSON

    followed = _import(tmp_path / "d2", "--follow-links", str(folder))
    assert followed.returncode == 0
    added = sorted(line["path"] for line in _lines(followed) if line["status"] == "added")
    assert added == [str(folder / "a.md"), str(folder / "far-file.md")]
    # The far article, reached a second time through the folder link, is read once.
    skipped = [line for line in _lines(followed) if line["status"] == "skipped"]
    assert [line["path"] for line in skipped] == [str(folder / "out" / "far.md")]


def test_links_inside_the_folder_are_not_read_twice(tmp_path: Path):
    folder = tmp_path / "L"
    _article(folder / "real" / "a.md", 1)
    (folder / "alias").symlink_to("real")
    (folder / "alias.md").symlink_to("real/a.md")
    (folder / "broken.md").symlink_to("nowhere.md")
    found = list(expand([folder]))
    files = [f for f in found if isinstance(f, Path)]
    assert files == [folder / "real" / "a.md"]
    why = {r.path: r.error for r in found if isinstance(r, ImportResult)}
    assert "inside the import" in why[str(folder / "alias")]
    assert "inside the import" in why[str(folder / "alias.md")]
    assert "link to nothing" in why[str(folder / "broken.md")]


def test_a_fifo_in_a_folder_is_named_as_skipped(tmp_path: Path):
    folder = tmp_path / "L"
    _article(folder / "a.md", 1)
    os.mkfifo(folder / "pipe.md")
    done = _import(tmp_path / "d", str(folder), timeout=30)
    assert done.returncode == 0
    skipped = [line for line in _lines(done) if line["status"] == "skipped"]
    assert [s["path"] for s in skipped] == [str(folder / "pipe.md")]
    assert "named pipe" in str(skipped[0]["error"])
    assert f"{folder / 'pipe.md'}: skipped: it is a named pipe" in done.stderr


def test_a_deep_folder_tree_does_not_hit_a_recursion_limit(tmp_path: Path):
    deep = tmp_path / "L"
    deep.mkdir()
    for _ in range(1200):  # 1,200 levels: Python's recursion limit is 1,000
        deep = deep / "d"
        deep.mkdir()  # one at a time: os.makedirs recurses once per missing parent
    _article(deep / "a.md", 1)
    try:
        found = list(expand([tmp_path / "L"]))
    finally:  # pytest's later clean-up of old temp folders recurses: leave no deep tree
        subprocess.run(["rm", "-rf", str(tmp_path / "L")], check=True)
    assert found == [deep / "a.md"]


def test_an_unreadable_folder_is_an_error_that_names_it(tmp_path: Path, monkeypatch):
    folder = tmp_path / "L"
    _article(folder / "a.md", 1)
    (folder / "locked").mkdir()
    real_scandir = os.scandir

    def scandir(path: object) -> object:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr("reader.core.importing.ingest.os.scandir", scandir)
    found = list(expand([folder]))
    errors = [r for r in found if isinstance(r, ImportResult)]
    assert [(r.path, r.status) for r in errors] == [(str(folder / "locked"), Status.ERROR)]
    assert errors[0].error == "the folder cannot be read (Permission denied)"
    assert folder / "a.md" in found


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("evil\rname.md", "evil\\rname.md"),
        ("bell\x07\x1b[2Jname.md", "bell\\x07\\x1b[2Jname.md"),
        ("rlo\u202etxt.md", "rlo\\u202etxt.md"),
    ],
)
def test_control_characters_in_names_are_printed_as_escapes(tmp_path: Path, name: str, shown: str):
    folder = tmp_path / "L"
    folder.mkdir()
    (folder / name).write_text("", encoding="utf-8")  # fails: the file is empty
    done = _import(tmp_path / "d", str(folder))
    assert done.returncode == 1
    assert f"{folder}/{shown}: the file is empty" in done.stderr
    assert not set(done.stderr) & {"\r", "\x07", "\x1b", "\u202e"}
    assert not set(done.stdout) & {"\r", "\x07", "\x1b"}  # JSON escapes them
    assert _lines(done)[0]["path"] == str(folder / name)


def test_a_name_that_is_not_utf8_imports_and_prints(tmp_path: Path):
    folder = tmp_path / "L"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/bad\xffname.md"
    with open(raw, "wb") as f:
        f.write(b"<p>A page whose name is not UTF-8.</p>")
    done = _import(tmp_path / "d", str(folder))
    assert done.returncode == 0, done.stderr
    (line,) = _lines(done)
    assert line["status"] == "added"
    assert line["path"] == f"{folder}/bad\\xffname.md"
    assert line["title"] == "bad\ufffdname"
    again = _import(tmp_path / "d", str(folder))
    assert _lines(again)[0]["status"] == "unchanged"  # its stamp was remembered


def test_with_follow_links_a_file_reached_twice_is_read_once(tmp_path: Path):
    other = tmp_path / "other"
    _article(other / "a.md", 1)
    (other / "b.md").symlink_to("a.md")
    top = tmp_path / "top"
    top.mkdir()
    (top / "c.md").symlink_to(other / "a.md")
    (top / "ext").symlink_to(other)
    found = list(expand([top], follow_links=True))
    assert [f for f in found if isinstance(f, Path)] == [top / "c.md"]
    skipped = {r.path: r.error for r in found if isinstance(r, ImportResult)}
    assert set(skipped) == {str(top / "ext" / "a.md"), str(top / "ext" / "b.md")}
    assert all("already imported under another name" in str(e) for e in skipped.values())
