"""The packages stand in layers, and an import only reaches down (README, Layout): a package
uses those below it, never one above, so each can be read, tested and changed from the bottom
up. A new package or top-level module must be placed in a layer here."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from shared_paths import ROOT

# Top first; a layer may import its own and every layer after it.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("reader.__main__",),
    ("reader.cli",),
    ("reader.ui.app", "reader.ui.single", "reader.ui.ending"),
    ("reader.ui.window",),
    ("reader.ui.importing",),
    ("reader.ui.reading",),
    ("reader.ui.listing",),
    (
        "reader.ui.handlers",
        "reader.ui.saver",
        "reader.ui.infobar",
        "reader.ui.plain",
        "reader.ui.theme",
    ),
    ("reader.desktop", "reader.logs"),
    ("reader.core.repair",),
    ("reader.core.importing",),
    ("reader.core.cleaning",),
    ("reader.core.fetching",),
    ("reader.core.page",),
    ("reader.core.formats",),
    ("reader.core.library",),
    ("reader.core.userdata",),
    (
        "reader.core.model",
        "reader.core.identity",
        "reader.core.display",
        "reader.core.limits",
        "reader.core.links",
        "reader.core.tracking",
        "reader.core.lifeline",
        "reader.core.storage",
        "reader.core.paths",
    ),
    ("reader.assets",),
    ("reader",),
)


def layer_of(module: str) -> int | None:
    """The index of the layer that holds ``module`` (its longest matching prefix)."""
    found: tuple[int, int] | None = None
    for index, names in enumerate(LAYERS):
        for name in names:
            if (module == name or module.startswith(name + ".")) and (
                found is None or len(name) > found[1]
            ):
                found = (index, len(name))
    return None if found is None else found[0]


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> list[str]:
    """Every ``reader`` module ``path`` imports, at the top or inside a function."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [f"{node.module}.{a.name}" for a in node.names] + [node.module]
    return [name for name in found if name == "reader" or name.startswith("reader.")]


SOURCES = sorted((ROOT / "reader").rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_only_reach_down(path: Path) -> None:
    here = module_name(path)
    own = layer_of(here)
    assert own is not None, f"{here} is in no layer of tests/test_layers.py: place it"
    upward = [
        name for name in imports_of(path) if (there := layer_of(name)) is not None and there < own
    ]
    assert upward == [], f"{here} imports from a layer above it: {upward}"


def test_the_check_sees_an_upward_import() -> None:
    """Not vacuous: the core importing the window is found."""
    assert layer_of("reader.core.library.store") > layer_of("reader.ui.window.mainwindow")
    assert layer_of("reader.core.formats.mirror") > layer_of("reader.core.cleaning.clean")
    assert layer_of("reader.ui.listing.controller") > layer_of("reader.ui.window.actions")
