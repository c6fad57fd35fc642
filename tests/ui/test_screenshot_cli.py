"""`--open ID --screenshot PNG` writes a real picture of the window showing that article."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage
from shared_paths import ROOT, SEED_FILE


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)  # the CLI must choose offscreen by itself
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_screenshot_of_an_article(tmp_path: Path):
    data = tmp_path / "data"
    imported = _run("--data-dir", str(data), "import", str(SEED_FILE))
    assert imported.returncode == 0, imported.stderr
    doc_id = json.loads(imported.stdout.splitlines()[0])["id"]
    assert _run("--data-dir", str(data), "note", doc_id, "a note").returncode == 0
    # Zoom as an older version kept it, in state.json: shown, and moved nowhere by a picture.
    state_file = data / "state.json"
    older = json.loads(state_file.read_bytes())
    state_file.write_text(json.dumps({**older, "ui": {"zoom": 2}}), encoding="utf-8")
    before = _state_files(data)
    png = tmp_path / "shot.png"
    done = _run("--data-dir", str(data), "--open", doc_id, "--screenshot", str(png))
    assert done.returncode == 0, done.stderr
    # Nothing on stderr: the offscreen platform's 'This plugin does not support
    # propagateSizeHints()' warnings were printed here before.
    assert (done.stdout, done.stderr) == ("", "")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = QImage(str(png))
    assert image.width() >= 800
    assert image.height() >= 500
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 20  # text was drawn, not a blank window
    # A picture changes nothing: the article shown is still unread, and the state file (and
    # its backup) are byte for byte what they were: no window size, no last article.
    assert _state_files(data) == before
    listed = json.loads(_run("--data-dir", str(data), "list", "--json").stdout)
    assert (listed[0]["id"], listed[0]["read"], listed[0]["note"]) == (doc_id, False, "a note")


def _state_files(data: Path) -> dict[str, bytes]:
    files = [*data.glob("state.json*"), *data.glob("settings.json*")]
    return {p.name: p.read_bytes() for p in sorted(files)}


def test_screenshot_of_an_unknown_id_fails_clearly(tmp_path: Path):
    done = _run(
        "--data-dir", str(tmp_path), "--open", "nope", "--screenshot", str(tmp_path / "x.png")
    )
    assert done.returncode == 2
    assert "nope" in done.stderr
    assert "Traceback" not in done.stderr
