"""Where the files that ship with the program are: the icons, the desktop file, the AppStream
metainfo and the sample articles. No Qt.

In a checkout (an editable install, or ``python -m reader`` from the repository) they are where
the repository keeps them (``BUNDLED``'s right-hand sides). A wheel, and so a pip or pipx
install, carries copies in ``reader/_data/<name>/`` (setup.py copies them at build time), and a
PyInstaller bundle is expected to put them at the same place beside the frozen ``reader``
package. The copy inside the package wins when it is there.
"""

from __future__ import annotations

from pathlib import Path

from reader import APP_ID

# name inside reader/_data/ -> where the repository keeps it (relative to its root)
BUNDLED = {
    "icons": "resources/icons/hicolor",
    "linux": "packaging/linux",
    "seeds": "seeds",
}
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent


def bundled(name: str) -> Path:
    """The folder holding one of ``BUNDLED``'s entries (it may be missing in a broken install)."""
    packaged = _PACKAGE / "_data" / name
    return packaged if packaged.is_dir() else _CHECKOUT / BUNDLED[name]


def sample_dir() -> Path:
    """The sample articles the welcome page offers to open."""
    return bundled("seeds")


def icon_theme_dir() -> Path:
    """The hicolor theme folder: ``<N>x<N>/apps/APP_ID.png``, ``scalable/apps/APP_ID.svg``."""
    return bundled("icons")


def icon_files() -> list[Path]:
    """The app icon's files that exist, the PNGs from small to large, then the SVG."""
    root = icon_theme_dir()
    files = [root / f"{n}x{n}" / "apps" / f"{APP_ID}.png" for n in ICON_SIZES]
    files.append(root / "scalable" / "apps" / f"{APP_ID}.svg")
    return [f for f in files if f.is_file()]


def desktop_file() -> Path:
    """The desktop entry as shipped (``Exec=saved-reader %F``)."""
    return bundled("linux") / f"{APP_ID}.desktop"


def metainfo_file() -> Path:
    """The AppStream metainfo."""
    return bundled("linux") / f"{APP_ID}.metainfo.xml"
