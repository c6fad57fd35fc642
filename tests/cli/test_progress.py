"""`import` shows a progress bar on a terminal, and stays machine-readable on stdout."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys

from shared_paths import ROOT, make_mirror


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    return {**env, "PYTHONPATH": str(ROOT)}


def _import_command(tmp_path) -> list[str]:
    data, mirror = str(tmp_path / "d"), str(tmp_path / "mirror")
    return [sys.executable, "-m", "reader", "--data-dir", data, "import", mirror]


def test_progress_bar_on_a_terminal_json_on_stdout(tmp_path):
    make_mirror(tmp_path / "mirror", 60)
    leader, follower = pty.openpty()
    done = subprocess.run(
        _import_command(tmp_path),
        stdout=subprocess.PIPE,
        stderr=follower,
        env=_env(),
        timeout=120,
        check=False,
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert done.returncode == 0
    lines = done.stdout.decode().splitlines()
    assert len(lines) == 60
    assert all(json.loads(line)["status"] == "added" for line in lines)
    terminal = shown.decode(errors="replace")
    assert "[" + "#" * 30 + "] 60 / 60 files" in terminal


def test_no_progress_bar_when_piped(tmp_path):
    make_mirror(tmp_path / "mirror", 30)
    done = subprocess.run(
        _import_command(tmp_path),
        capture_output=True,
        text=True,
        env=_env(),
        timeout=120,
        check=False,
    )
    assert done.returncode == 0
    assert done.stderr == "saved-reader: imported 30 new.\n"  # no bar: the summary alone
    assert len(done.stdout.splitlines()) == 30
