"""--data-dir (reader/cli/parser.py): before or after the command, joined with =, and over
$READER_DATA_DIR."""

from __future__ import annotations

from pathlib import Path

from cli_run import Imported, reader


def test_data_dir_after_the_command(imported: Imported) -> None:
    after = reader(None, "list", "--json", "--data-dir", str(imported.data))
    joined = reader(None, "list", f"--data-dir={imported.data}", "--json")
    assert after.code == joined.code == 0
    assert [d["id"] for d in after.json()] == [d["id"] for d in joined.json()]
    assert len(after.json()) == 4


def test_reader_data_dir_environment(imported: Imported) -> None:
    run = reader(None, "list", "--json", READER_DATA_DIR=str(imported.data))
    assert run.code == 0
    assert [item["id"] for item in run.json()] == [
        imported.ids[name] for name in ("seed", "script", "old", "undated")
    ]


def test_data_dir_option_wins_over_environment(imported: Imported, tmp_path: Path) -> None:
    run = reader(tmp_path / "empty", "list", "--json", READER_DATA_DIR=str(imported.data))
    assert (run.code, run.json()) == (0, [])
