"""The core and the CLI import no Qt: only reader.ui may (STYLE.md section 1)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from shared_paths import ROOT

_PROBE = textwrap.dedent(
    """
    import importlib
    import json
    import pkgutil
    import sys

    import reader.core

    names = ["reader.core", "reader.cli"] + [
        m.name for m in pkgutil.walk_packages(reader.core.__path__, "reader.core.")
    ]
    for name in names:
        importlib.import_module(name)
    qt = sorted(m for m in sys.modules if m.startswith(("PySide6", "shiboken6")))
    print(json.dumps({"imported": names, "qt": qt}))
    """
)


def _probe(prelude: str = "") -> dict[str, list[str]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", prelude + _PROBE],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_core_and_cli_import_no_qt() -> None:
    result = _probe()
    modules = {p.stem for p in (ROOT / "reader" / "core").glob("*.py")} - {"__init__"}
    assert {f"reader.core.{m}" for m in modules} <= set(result["imported"])
    assert "reader.cli" in result["imported"]
    assert result["qt"] == []


def test_probe_sees_qt_when_it_is_imported() -> None:
    """The check above is not vacuous: with Qt loaded, the same probe reports it."""
    result = _probe("import PySide6.QtCore\n")
    assert "PySide6.QtCore" in result["qt"]
    assert any(m.startswith("shiboken6") for m in result["qt"])
