"""The ``import`` command (reader/cli/importing.py): one JSON line per file, and one last line
on stderr summing up."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from cli_run import SEED_ID_TITLE, Imported, no_traceback, reader

IMPORT_KEYS = {"path", "status", "id", "title", "error"}


def test_import_prints_one_json_line_per_file(imported: Imported) -> None:
    run = imported.run
    lines = [json.loads(line) for line in run.out.splitlines()]
    assert [line["path"] for line in lines] == [str(p) for p in imported.files.values()]
    for line in lines:
        assert set(line) == IMPORT_KEYS
    status = {name: line["status"] for name, line in zip(imported.files, lines, strict=True)}
    assert status == {
        "seed": "added",
        "undated": "added",
        "old": "added",
        "script": "added",
        "bad": "error",
        "missing": "error",
    }
    by_name = dict(zip(imported.files, lines, strict=True))
    assert by_name["seed"]["title"] == SEED_ID_TITLE
    assert by_name["seed"]["error"] is None
    assert by_name["missing"]["error"] == "no such file"
    assert by_name["bad"]["id"] is None
    assert by_name["bad"]["error"]
    assert run.code == 1  # some failed; the others are imported all the same
    no_traceback(run)


def test_import_all_good_exits_zero(imported: Imported, data: Path) -> None:
    run = reader(data, "import", str(imported.files["seed"]), str(imported.files["old"]))
    assert run.code == 0
    lines = [json.loads(line) for line in run.out.splitlines()]
    assert [(line["status"], line["id"]) for line in lines] == [
        ("unchanged", imported.ids["seed"]),
        ("unchanged", imported.ids["old"]),
    ]
    # Nothing succeeds in silence: the last line on stderr says what was done.
    assert run.err == "saved-reader: imported 0 new, 2 already in the library.\n"


def test_import_summary_counts_failures(imported: Imported) -> None:
    assert imported.run.err.splitlines()[-1] == "saved-reader: imported 4 new, 2 failed."


def test_import_counts_what_a_folder_holds_that_is_not_imported(
    tmp_path: Path, seed_file: Path
) -> None:
    folder = tmp_path / "mirror"
    (folder / "news").mkdir(parents=True)
    shutil.copy(seed_file, folder / "news" / seed_file.name)
    (folder / "news" / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / "news" / "scan.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / "news" / ".draft.md").write_text("hidden")
    (folder / ".git").mkdir()
    (folder / "README.md").write_text("# the mirror")
    (folder / "away.md").symlink_to(tmp_path / "elsewhere.md")
    run = reader(tmp_path / "data", "import", str(folder))
    assert run.code == 0  # a link to nothing is skipped, not failed
    assert [json.loads(line)["status"] for line in run.out.splitlines()] == ["skipped", "added"]
    said = run.err.splitlines()
    assert said[0] == (
        f"saved-reader: {folder / 'away.md'}: skipped: it is a link to nothing "
        "(its target is missing)"
    )
    assert said[-1] == (
        "saved-reader: imported 1 new, 6 skipped "
        "(2 hidden, 2 .jpg, 1 README or LICENSE, 1 named above)."
    )


def test_import_of_a_folder_with_no_articles_says_so_and_fails(tmp_path: Path) -> None:
    empty, images = tmp_path / "empty", tmp_path / "images"
    empty.mkdir()
    images.mkdir()
    (images / "a.png").write_bytes(b"\x89PNG")
    run = reader(tmp_path / "data", "import", str(empty), str(images))
    assert (run.code, run.out) == (1, "")
    why = (
        "no file to import in this folder (hidden files, images and other types are passed "
        "over; see 'saved-reader import --help')."
    )
    assert run.err.splitlines() == [
        f"saved-reader: {empty}: {why}",
        f"saved-reader: {images}: {why}",
        "saved-reader: imported 0 new, 1 skipped (1 .png).",
    ]
