"""The wheel carries the files the program uses at run time that live outside the package in
the repository (the icons, the desktop file, the metainfo, the sample): build_py copies each of
reader/assets.py's BUNDLED folders into reader/_data/<name>/, where reader/assets.py looks
first. Everything else is in pyproject.toml.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def _bundled() -> dict[str, str]:
    """reader/assets.py's BUNDLED, read from its source (importing the package would need its
    dependencies installed)."""
    tree = ast.parse((ROOT / "reader" / "assets.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == [
            "BUNDLED"
        ]:
            return ast.literal_eval(node.value)
    raise RuntimeError("reader/assets.py has no BUNDLED")


class BuildPyWithData(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install finds them in the checkout
        for name, source in _bundled().items():
            target = Path(self.build_lib) / "reader" / "_data" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(
                ROOT / source, target, ignore=shutil.ignore_patterns(".*", "__pycache__")
            )


setup(cmdclass={"build_py": BuildPyWithData})
