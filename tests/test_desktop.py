"""Desktop integration: the shipped files validate, ``--install-desktop`` puts a launcher that
runs this installation under $XDG_DATA_HOME, ``--uninstall-desktop`` takes it all away, and the
resources are found (reader/assets.py, reader/desktop.py; no Qt)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from shared_paths import ROOT

from reader import APP_ID, __version__, assets, desktop

NEEDS_VALIDATOR = "desktop-file-validate is not installed (CI installs desktop-file-utils)"


def _cli(*args: str, data_home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_DATA_HOME": str(data_home)}
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def _exec_argv(value: str) -> list[str]:
    """An ``Exec=`` value split as the desktop-entry spec says a launcher does: string
    escapes first (``\\\\`` -> ``\\``), then words, double quotes grouping with ``\\"``,
    ``\\``` ``\\$`` and ``\\\\`` inside them; ``%%`` is a percent sign."""
    value = value.replace("\\\\", "\\")
    words: list[str] = []
    word: list[str] | None = None
    quoted = False
    chars = iter(value)
    for c in chars:
        if quoted:
            if c == "\\":
                word.append(next(chars))  # type: ignore[union-attr]
            elif c == '"':
                quoted = False
            else:
                word.append(c)  # type: ignore[union-attr]
        elif c == " ":
            if word is not None:
                words.append("".join(word))
            word = None
        else:
            word = word if word is not None else []
            if c == '"':
                quoted = True
            else:
                word.append(c)
    if word is not None:
        words.append("".join(word))
    return [w.replace("%%", "%") for w in words]


def _exec_of(desktop_file: Path) -> str:
    lines = desktop_file.read_text(encoding="utf-8").splitlines()
    return next(line.removeprefix("Exec=") for line in lines if line.startswith("Exec="))


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def test_resources_are_found_in_the_checkout() -> None:
    assert (assets.sample_dir() / "000_49505b52b58d57e7.txt").is_file()
    sizes = {p.parent.parent.name for p in assets.icon_files()}
    assert sizes == {f"{n}x{n}" for n in assets.ICON_SIZES} | {"scalable"}
    assert assets.desktop_file().name == f"{APP_ID}.desktop"
    assert assets.metainfo_file().is_file()


def test_a_bundled_copy_inside_the_package_is_preferred(monkeypatch, tmp_path) -> None:
    (tmp_path / "_data" / "seeds").mkdir(parents=True)
    monkeypatch.setattr(assets, "_PACKAGE", tmp_path)
    assert assets.sample_dir() == tmp_path / "_data" / "seeds"
    assert assets.icon_theme_dir() == assets._CHECKOUT / "resources" / "icons" / "hicolor"


def test_the_shipped_files_use_the_app_id() -> None:
    entry = assets.desktop_file().read_text(encoding="utf-8")
    assert f"Icon={APP_ID}\n" in entry
    # The window's WM_CLASS instance (ui/app.py starts Qt with -name APP_ID; xprop shows
    # WM_CLASS = "io.github.savedreader.SavedReader", "Saved Reader").
    assert f"StartupWMClass={APP_ID}\n" in entry
    meta = assets.metainfo_file().read_text(encoding="utf-8")
    assert f"<id>{APP_ID}</id>" in meta
    assert f'<launchable type="desktop-id">{APP_ID}.desktop</launchable>' in meta
    assert f'<release version="{__version__}"' in meta


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason=NEEDS_VALIDATOR)
def test_the_shipped_desktop_file_validates() -> None:
    done = subprocess.run(
        ["desktop-file-validate", str(assets.desktop_file())], capture_output=True, text=True
    )
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


@pytest.mark.skipif(not shutil.which("appstreamcli"), reason="appstreamcli is not installed")
def test_the_metainfo_validates_pedantically() -> None:
    meta = str(assets.metainfo_file())
    # The one hint left is the app id's capitals, which the id (issue 9) has.
    done = subprocess.run(
        ["appstreamcli", "validate", "--no-net", "--pedantic", "--format=yaml", meta],
        capture_output=True,
        text=True,
    )
    tags = [line.split("tag:")[1].strip() for line in done.stdout.splitlines() if "tag:" in line]
    assert done.returncode == 0, done.stdout + done.stderr
    assert tags == ["cid-contains-uppercase-letter"], done.stdout


def test_install_then_uninstall(tmp_path) -> None:
    home = tmp_path / "share"
    (home / "applications").mkdir(parents=True)
    (home / "applications" / "other.desktop").write_text("[Desktop Entry]\n")  # not ours

    done = _cli("--install-desktop", data_home=home)
    assert done.returncode == 0, done.stderr
    entry = home / "applications" / f"{APP_ID}.desktop"
    icons = [
        home / "icons" / "hicolor" / f"{n}x{n}" / "apps" / f"{APP_ID}.png"
        for n in assets.ICON_SIZES
    ]
    svg = home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    metainfo = home / "metainfo" / f"{APP_ID}.metainfo.xml"
    for path in [entry, *icons, svg, metainfo]:
        assert path.is_file(), path
        assert f"Installed {path}" in done.stdout
    assert icons[0].read_bytes() == assets.icon_files()[0].read_bytes()

    # The launcher runs this installation: its command, with --version for the files.
    argv = _exec_argv(_exec_of(entry))
    assert argv[-1] == "%F"
    here = Path(os.path.abspath(sys.executable)).parent
    assert Path(argv[0]).parent == here, argv  # this venv's script or interpreter
    ran = subprocess.run([*argv[:-1], "--version"], capture_output=True, text=True, timeout=60)
    assert (ran.returncode, ran.stdout.strip()) == (0, f"Saved Reader {__version__}")

    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True)
        assert (check.returncode, check.stdout + check.stderr) == (0, b"")

    done = _cli("--uninstall-desktop", data_home=home)
    assert done.returncode == 0, done.stderr
    for path in [entry, *icons, svg, metainfo]:
        assert not path.exists(), path
        assert f"Removed {path}" in done.stdout
    left = _tree(home)
    # The shared folders stay (and the caches the desktop's tools keep in them); no empty
    # folder of ours does, nor any file of ours; the other program's launcher is untouched.
    assert (home / "applications" / "other.desktop").is_file()
    assert not [name for name in left if APP_ID in name]
    empty = {
        str(p.relative_to(home)) for p in home.rglob("*") if p.is_dir() and not any(p.iterdir())
    }
    assert empty <= {"metainfo", "icons", "icons/hicolor"}, empty

    again = _cli("--uninstall-desktop", data_home=home)
    assert again.returncode == 0
    assert "Nothing to remove" in again.stdout


def test_a_folder_that_cannot_be_written_is_one_sentence(tmp_path) -> None:
    home = tmp_path / "share"
    home.mkdir()
    (home / "applications").write_text("a file where the folder should be")
    done = _cli("--install-desktop", data_home=home)
    assert done.returncode == 1
    assert done.stderr.startswith("saved-reader: ")
    assert "applications" in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_uninstall_keeps_a_shared_folder_that_holds_other_files(tmp_path) -> None:
    home = tmp_path / "share"
    desktop.install(home, say=lambda _: None)
    other = home / "icons" / "hicolor" / "48x48" / "apps" / "other.png"
    other.write_bytes(b"png")
    desktop.uninstall(home, say=lambda _: None)
    assert other.is_file()
    assert not (home / "icons" / "hicolor" / "16x16").exists()


@pytest.mark.parametrize(
    "command",
    [
        ["/usr/bin/saved-reader"],
        ["/home/me/My Apps/venv/bin/python", "-m", "reader"],
        ['/opt/a"b/$HOME/`x`/back\\slash/100%/bin/saved-reader'],
    ],
)
def test_exec_line_quotes_as_the_spec_says(command) -> None:
    line = desktop.exec_line(command)
    assert _exec_argv(line) == [*command, "%F"]
    if command == ["/usr/bin/saved-reader"]:
        assert line == "/usr/bin/saved-reader %F"  # nothing to quote


def test_launch_command(monkeypatch, tmp_path) -> None:
    python = tmp_path / "bin" / "python"
    python.parent.mkdir()
    python.touch()
    monkeypatch.setattr(sys, "executable", str(python))
    assert desktop.launch_command() == [str(python), "-m", "reader"]  # pip --user: no script
    script = python.with_name("saved-reader")
    script.touch(mode=0o755)
    assert desktop.launch_command() == [str(script)]  # a venv, pipx
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert desktop.launch_command() == [str(python)]  # PyInstaller: the executable itself


def test_data_home_follows_xdg(tmp_path) -> None:
    assert desktop.data_home({"XDG_DATA_HOME": str(tmp_path)}) == tmp_path
    default = Path.home() / ".local" / "share"
    assert desktop.data_home({}) == default
    assert desktop.data_home({"XDG_DATA_HOME": "relative/dir"}) == default


def test_desktop_modules_import_no_qt() -> None:
    probe = (
        "import sys, reader.desktop, reader.assets; "
        "print([m for m in sys.modules if m.startswith('PySide6')])"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.strip() == "[]", done.stderr
