"""The window's command line without a display (reader/cli/window.py): the FILEs are imported and
one line says no window can open."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cli_run import NEWS, SEED_ID_TITLE, no_traceback, reader


def test_window_without_display_imports_and_says_so(
    tmp_path: Path, write_file: Callable[[str, str | bytes], Path], seed_file: Path
) -> None:
    other = write_file(
        "other.md",
        NEWS.format(ms=1, title="Other", url="https://example.com/other", body="<p>x</p>"),
    )
    data = tmp_path / "window-data"
    run = reader(data, str(seed_file), str(other))
    assert run.code == 0
    assert run.out == ""
    assert run.err.count("\n") == 1
    assert "display" in run.err.lower()
    no_traceback(run)
    listed = reader(data, "list", "--json").json()
    assert [item["title"] for item in listed] == [SEED_ID_TITLE, "Other"]


def test_window_without_display_says_why_a_missing_file_was_not_imported(tmp_path: Path) -> None:
    missing = tmp_path / "gone.md"
    run = reader(tmp_path / "data", str(missing))
    assert (run.code, run.out) == (1, "")
    first, last = run.err.splitlines()
    assert first == f"saved-reader: {missing}: no such file"
    assert last.startswith("saved-reader: no display found")
    assert "imported 0 new, 1 failed; the library in" in last
    no_traceback(run)
