"""``saved-reader --install-desktop`` / ``--uninstall-desktop``: the launcher, the icons and the
AppStream metainfo for the current user, under ``$XDG_DATA_HOME`` (``~/.local/share`` when it
is unset), so the desktop's menu, file manager and task bar know the program. No Qt.

The launcher's ``Exec=`` runs this installation: the ``saved-reader`` script beside the running
interpreter (a venv, pipx), else the interpreter itself with ``-m reader`` (``pip install
--user``), or the frozen executable of a PyInstaller bundle. Uninstalling removes exactly the
files installing writes, and the folders that are left empty below the shared ones.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from reader import APP_ID, assets
from reader.core.storage import atomic_write

# Folders other programs share: never removed, even when empty.
SHARED = ("applications", "metainfo", "icons", "icons/hicolor")
# Characters that make the desktop-entry spec ask for a quoted argument.
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")

Say = Callable[[str], None]


class DesktopError(Exception):
    """Installing or removing failed; the message is one sentence naming the file."""


def data_home(env: Mapping[str, str] = os.environ) -> Path:
    """``$XDG_DATA_HOME``, or ``~/.local/share`` when it is unset or not absolute (the
    base-directory spec says to ignore a relative one)."""
    value = env.get("XDG_DATA_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".local" / "share"


def launch_command() -> list[str]:
    """The command that starts this installation of the program."""
    if getattr(sys, "frozen", False):  # a PyInstaller bundle
        return [os.path.abspath(sys.executable)]
    # Not resolved: a venv's bin/python is a link out of the venv.
    python = os.path.abspath(sys.executable)
    script = Path(python).with_name("saved-reader")
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [python, "-m", "reader"]


def exec_line(command: list[str]) -> str:
    """``Exec=``'s value: each argument quoted as the desktop-entry spec asks, then ``%F``."""
    return " ".join([*(_quote(arg) for arg in command), "%F"])


def _quote(arg: str) -> str:
    arg = arg.replace("%", "%%")
    if arg and not _RESERVED.intersection(arg):
        return arg
    inner = "".join("\\" + c if c in '"`$\\' else c for c in arg)
    # The value is a desktop-file string too, whose own escape for a backslash is "\\".
    return '"' + inner.replace("\\", "\\\\") + '"'


def desktop_entry(command: list[str]) -> str:
    """The shipped desktop file with its ``Exec=`` pointing at ``command``."""
    try:
        text = assets.desktop_file().read_text(encoding="utf-8")
    except OSError as e:
        raise DesktopError(f"{assets.desktop_file()} cannot be read ({e.strerror or e}).") from e
    lines = [
        f"Exec={exec_line(command)}" if line.startswith("Exec=") else line
        for line in text.splitlines()
    ]
    return "\n".join(lines) + "\n"


def planned(home: Path) -> dict[Path, Path | None]:
    """Every file installing writes -> its source (``None``: the desktop entry, generated)."""
    files: dict[Path, Path | None] = {home / "applications" / f"{APP_ID}.desktop": None}
    icons = assets.icon_theme_dir()
    for source in assets.icon_files():
        files[home / "icons" / "hicolor" / source.relative_to(icons)] = source
    files[home / "metainfo" / f"{APP_ID}.metainfo.xml"] = assets.metainfo_file()
    return files


def all_installable(home: Path) -> list[Path]:
    """Every file an install may have written, whichever icon files this version ships."""
    sizes = [f"{n}x{n}/apps/{APP_ID}.png" for n in assets.ICON_SIZES]
    icons = [home / "icons" / "hicolor" / s for s in [*sizes, f"scalable/apps/{APP_ID}.svg"]]
    return [
        home / "applications" / f"{APP_ID}.desktop",
        *icons,
        home / "metainfo" / f"{APP_ID}.metainfo.xml",
    ]


def install(home: Path | None = None, say: Say = print) -> None:
    """Write the launcher, icons and metainfo under ``home``; refresh the caches."""
    home = home or data_home()
    entry = desktop_entry(launch_command()).encode("utf-8")
    for target, source in planned(home).items():
        try:
            data = entry if source is None else source.read_bytes()
        except OSError as e:
            raise DesktopError(f"{source} cannot be read ({e.strerror or e}).") from e
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(target, data, durable=False)
            target.chmod(0o644)
        except OSError as e:
            raise DesktopError(f"{target} cannot be written ({e.strerror or e}).") from e
        say(f"Installed {target}")
    say(f"The launcher runs: {exec_line(launch_command())}")
    _refresh_caches(home, say)


def uninstall(home: Path | None = None, say: Say = print) -> None:
    """Remove what ``install`` writes, and the folders it leaves empty (not the shared ones)."""
    home = home or data_home()
    removed = 0
    for target in all_installable(home):
        try:
            target.unlink()
        except FileNotFoundError:
            continue
        except OSError as e:
            raise DesktopError(f"{target} cannot be removed ({e.strerror or e}).") from e
        removed += 1
        say(f"Removed {target}")
        _prune(target.parent, home)
    if not removed:
        say(f"Nothing to remove: {APP_ID} is not installed under {home}.")
        return
    _refresh_caches(home, say)


def _prune(folder: Path, home: Path) -> None:
    """Remove ``folder`` and its parents while they are empty, stopping at a shared folder."""
    shared = {home / name for name in SHARED} | {home}
    while folder not in shared and home in folder.parents:
        try:
            folder.rmdir()
        except OSError:  # not empty (or not ours to remove): stop here
            return
        folder = folder.parent


def _refresh_caches(home: Path, say: Say) -> None:
    """Tell the desktop about the change with the tools that exist; never fails."""
    commands = [
        ("update-desktop-database", [str(home / "applications")]),
        ("gtk-update-icon-cache", ["-f", "-t", "-q", str(home / "icons" / "hicolor")]),
    ]
    for tool, args in commands:
        path = shutil.which(tool)
        if path is None or not Path(args[-1]).is_dir():
            continue
        try:
            done = subprocess.run(
                [path, *args], capture_output=True, text=True, timeout=60, check=False
            )
        except (OSError, subprocess.SubprocessError):
            continue
        if done.returncode == 0:
            say(f"Refreshed the cache with {tool} {args[-1]}")
