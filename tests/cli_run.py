"""Running the command line as ``python -m reader`` subprocesses without a display: what the CLI
tests (tests/cli/) and the repair tests share. Imported as ``cli_run`` (tests/ is on sys.path:
tests/conftest.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from shared_paths import ROOT

SEED_ID_TITLE = "澳英美正探讨日本参与奥库斯协议 共同开发先进防务能力"
NEWS = "<!--{ms}-->\n[{title}]({url})\n------\n\n{body}\n"


def env(**extra: str) -> dict[str, str]:
    """This environment without a display or a data folder, plus ``extra``."""
    kept = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "READER_DATA_DIR")
    }
    kept["PYTHONPATH"] = str(ROOT)
    kept.update(extra)
    return kept


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    def json(self) -> object:
        return json.loads(self.out)


def reader(data: Path | None, *args: str, **extra_env: str) -> Run:
    prefix = ["--data-dir", str(data)] if data is not None else []
    done = subprocess.run(
        [sys.executable, "-m", "reader", *prefix, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env(**extra_env),
        cwd=ROOT,
        timeout=120,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def no_traceback(run: Run) -> None:
    assert "Traceback" not in run.err
    assert "Traceback" not in run.out


@dataclass(frozen=True)
class Imported:
    """The ``imported`` fixture (tests/cli/conftest.py): a library made by one ``import``."""

    data: Path
    run: Run
    files: dict[str, Path]  # seed, undated, old, script, bad, missing
    ids: dict[str, str]
