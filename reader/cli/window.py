"""Without a command: the window (Qt imported only here, and only then), the desktop
integration, or, without a display, the FILEs imported and one line saying no window opens."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from reader.cli.importing import SAY_AT_MOST, ImportTally
from reader.cli.usage import COMMANDS, PROG, UsageError
from reader.core.library.store import Library
from reader.core.model import Status
from reader.core.paths import data_dir


def run_window(args: argparse.Namespace) -> int:
    if args.install_desktop or args.uninstall_desktop:
        return _desktop_integration(args.install_desktop)
    if args.screenshot and not args.screenshot.lower().endswith(".png"):
        raise UsageError("--screenshot needs a file name ending in .png")
    root = data_dir(args.data_dir)
    files = [Path(f) for f in args.files]
    for name, path in zip(args.files, files, strict=True):
        if not path.exists() and "/" not in name and "." not in name:
            raise UsageError(
                f"{name!r} is neither a command ({', '.join(COMMANDS)}) nor an existing file."
            )
    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen" if not _has_display() else "")
        if not os.environ["QT_QPA_PLATFORM"]:
            del os.environ["QT_QPA_PLATFORM"]
    elif not _has_display():
        return _no_display(root, files)
    primary = None
    if not (args.screenshot or args.new_instance):  # a window runs? hand it the files, end
        from reader.ui.single import Request, settle

        settled = settle(root, Request(files, args.open))
        if isinstance(settled, int):
            return settled
        primary = settled
    from reader.ui.app import run  # Qt is imported only for the window

    return run(root, files, open_id=args.open, screenshot=args.screenshot, primary=primary)


def _desktop_integration(install: bool) -> int:
    """--install-desktop / --uninstall-desktop (reader/desktop.py): one line per file."""
    if sys.platform in ("win32", "darwin"):
        print(f"{PROG}: --install-desktop is for Linux desktops only.", file=sys.stderr)
        return 1
    from reader import desktop

    try:
        desktop.install() if install else desktop.uninstall()
    except desktop.DesktopError as e:
        print(f"{PROG}: {e}", file=sys.stderr)
        return 1
    return 0


def _has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _no_display(root: Path, files: list[Path]) -> int:
    """Without a screen: import what was named, say what failed (as ``import`` does), then
    say in one line that no window opens; exit 1 when a file could not be imported."""
    # (lxml, the cleaning and the formats: loaded here, not for every command or the window)
    from reader.core.importing.pipeline import import_paths

    tally = ImportTally(files)
    said = 0
    library = Library(root)
    try:
        for result in import_paths(library, files, passed_over=tally.passed_over):
            tally.add(result)
            if result.status in (Status.ERROR, Status.SKIPPED):
                said += 1
                if said <= SAY_AT_MOST:
                    print(f"{PROG}: {result.message}", file=sys.stderr)
        total = len(library)
    finally:
        library.close()
    if said > SAY_AT_MOST:
        print(f"{PROG}: … and {said - SAY_AT_MOST:,} more not imported.", file=sys.stderr)
    tally.say_empty_folders()
    done = f"{tally.summary()}; " if files else ""
    print(
        f"{PROG}: no display found (DISPLAY and WAYLAND_DISPLAY are unset), so no window can "
        f"open; {done}the library in {root} holds {total} document{'' if total == 1 else 's'} "
        f"(try '{PROG} list', or run it in a desktop session).",
        file=sys.stderr,
    )
    return 0 if tally.ok else 1
