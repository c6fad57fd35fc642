"""The installers' files agree with the program (no build here: CI's packaging/check_wheel.sh
and packaging/build_app.sh build and start the wheel and the PyInstaller app)."""

from __future__ import annotations

import ast
import plistlib
import re
import struct
import tomllib

from shared_paths import ROOT

from reader import APP_ID

PACKAGING = ROOT / "packaging"


def _spec_list(name: str) -> list[str]:
    tree = ast.parse((PACKAGING / "pyinstaller" / "saved-reader.spec").read_text("utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == [
            name
        ]:
            return ast.literal_eval(node.value)
    raise AssertionError(f"the spec has no {name}")


def test_spec_excludes_no_qt_module_the_reader_imports() -> None:
    imported = set()
    for path in (ROOT / "reader").rglob("*.py"):
        imported |= set(re.findall(r"\bPySide6\.(Qt\w+)", path.read_text("utf-8")))
    assert {"QtCore", "QtGui", "QtWidgets", "QtNetwork"} <= imported
    excluded = {name.removeprefix("PySide6.") for name in _spec_list("EXCLUDES")}
    assert not imported & excluded
    assert not {"QtSvg", "QtDBus"} & excluded  # the SVG icon; the platform plugins' D-Bus


def test_macos_document_types() -> None:
    plist = plistlib.loads((PACKAGING / "macos" / "Info.plist").read_bytes())
    types = plist["CFBundleDocumentTypes"]
    extensions = {ext for t in types for ext in t["CFBundleTypeExtensions"]}
    assert extensions == {"md", "markdown", "html", "htm", "txt"}
    assert {t["LSHandlerRank"] for t in types} == {"Alternate"}
    assert {t["CFBundleTypeRole"] for t in types} == {"Viewer"}


def test_windows_ico_has_every_size() -> None:
    data = (PACKAGING / "windows" / "saved-reader.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    sizes = []
    for i in range(count):
        width, _, _, _, _, _, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        assert offset + length <= len(data)
        sizes.append(width or 256)
    assert sizes == [16, 24, 32, 48, 64, 128, 256]


def test_macos_icns_has_every_size() -> None:
    data = (PACKAGING / "macos" / "saved-reader.icns").read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack_from(">I", data, 4)[0] == len(data)
    kinds, at = [], 8
    while at < len(data):
        kind, length = data[at : at + 4], struct.unpack_from(">I", data, at + 4)[0]
        assert data[at + 8 : at + 16] == b"\x89PNG\r\n\x1a\n"
        kinds.append(kind)
        at += length
    assert at == len(data)
    assert len(kinds) == 10
    iconset = PACKAGING / "macos" / "saved-reader.iconset"
    assert len(list(iconset.glob("icon_*.png"))) == 10


def test_flatpak_manifest() -> None:
    text = (PACKAGING / "flatpak" / f"{APP_ID}.yml").read_text("utf-8")
    finish = re.findall(r"^\s+- (--\S+)", text, re.MULTILINE)
    assert re.search(rf"^id: {re.escape(APP_ID)}$", text, re.MULTILINE)
    assert re.search(r"^command: saved-reader$", text, re.MULTILINE)
    assert not any(arg.startswith("--share=network") for arg in finish)
    assert {"--socket=wayland", "--socket=fallback-x11", "--filesystem=home:ro"} <= set(finish)


def test_flatpak_requirements_pin_every_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]

    def norm(name: str) -> str:
        return re.sub(r"[-_.]+", "-", name).lower()

    wanted = {norm(re.match(r"[A-Za-z0-9_.-]+", d).group()) for d in project["dependencies"]}
    lines = [
        ln.strip()
        for ln in (PACKAGING / "flatpak" / "requirements.txt").read_text("utf-8").splitlines()
        if ln.strip() and not ln.startswith("#")
    ]
    assert all("==" in ln for ln in lines)
    pinned = {norm(ln.split("==")[0]) for ln in lines}
    assert wanted | {"setuptools"} <= pinned
