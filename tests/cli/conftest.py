"""The CLI tests' fixtures: one library made by one ``import`` of the seed and five small files
(a few of them broken), shared by each test module, and a private copy of it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cli_run import NEWS, Imported, reader


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory, seed_file: Path) -> Imported:
    src = tmp_path_factory.mktemp("cli-src")
    files = {
        "seed": seed_file,
        "undated": src / "undated.md",
        "old": src / "old.txt",
        "script": src / "script.html",
        "bad": src / "bad.md",
        "missing": src / "missing.md",
    }
    files["undated"].write_text(
        "[No date here](https://example.com/undated)\n------\n\n<p>Undated body.</p>\n",
        encoding="utf-8",
    )
    files["old"].write_text(
        NEWS.format(
            ms=1602539203000, title="Old news", url="https://example.com/old", body="<p>Old.</p>"
        ),
        encoding="utf-8",
    )
    files["script"].write_text(
        NEWS.format(
            ms=1700000000000,
            title="Script <b>title</b>",
            url="https://example.com/script",
            body='<p onclick="alert(1)">Visible text.</p><script>alert(2)</script>'
            '<img src="x.png" onerror="alert(3)">',
        ),
        encoding="utf-8",
    )
    files["bad"].write_bytes(bytes(range(256)))
    data = tmp_path_factory.mktemp("cli-data")
    run = reader(data, "import", *(str(p) for p in files.values()))
    lines = [json.loads(line) for line in run.out.splitlines()]
    ids = {name: line["id"] for name, line in zip(files, lines, strict=False) if line["id"]}
    return Imported(data, run, files, ids)


@pytest.fixture
def data(imported: Imported, tmp_path: Path) -> Path:
    """A private copy of the imported library, for tests that change it."""
    copy = tmp_path / "data"
    shutil.copytree(imported.data, copy)
    return copy
