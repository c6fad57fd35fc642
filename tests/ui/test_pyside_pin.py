"""PySide6 6.12.0 aborts on Python 3.11 (none_dealloc) after ~8,000 calls to a void Qt method.

We pin PySide6-Essentials>=6.11,<6.12; this test must pass before the pin is lifted.
"""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version

_CALLS = """
from PySide6.QtCore import QObject
o = QObject()
for i in range(100_000):
    o.setObjectName("x")
print("ok")
"""


def test_installed_pyside_is_within_the_pin():
    major, minor = (int(p) for p in version("PySide6-Essentials").split(".")[:2])
    assert (major, minor) == (6, 11)


def test_100k_void_calls_do_not_abort():
    done = subprocess.run(
        [sys.executable, "-c", _CALLS], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"
