"""Render the app icon's PNG sizes from its SVG, into the hicolor layout beside it.

    .venv/bin/python packaging/make_icons.py

Reads resources/icons/hicolor/scalable/apps/APP_ID.svg and writes
resources/icons/hicolor/NxN/apps/APP_ID.png for every size in reader.assets.ICON_SIZES
(QtSvg, offscreen: no display and no other tool needed), and the other platforms' icons
(packaging/pyinstaller/saved-reader.spec uses them):

- packaging/windows/saved-reader.ico: 16, 24, 32, 48 as Qt's ICO writer writes them (32-bit
  DIB with a mask), 64, 128, 256 as PNG entries (Windows Vista and later; a 256 DIB would be
  260 KB). Qt writes one image an ICO file, so the entries are put together here.
- packaging/macos/saved-reader.iconset/: the ten PNGs iconutil wants (icon_16x16.png ...
  icon_512x512@2x.png); on a Mac `iconutil -c icns saved-reader.iconset` makes the .icns.
- packaging/macos/saved-reader.icns: the same ten PNGs as iconutil packs them (one entry a
  size, OSType ic04..ic14 and icp4..icp6 per Apple's table), written here so that no Mac is
  needed; Qt's own ICNS writer writes only one size (and its table of contents read back as
  damaged in Qt's reader).

Everything written is committed; run this again after changing the SVG.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import struct  # noqa: E402

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QImageReader, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

from reader import APP_ID  # noqa: E402
from reader.assets import ICON_SIZES  # noqa: E402

HICOLOR = ROOT / "resources" / "icons" / "hicolor"


PACKAGING = ROOT / "packaging"
ICO = PACKAGING / "windows" / "saved-reader.ico"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO_AS_PNG = 64  # this size and larger go in as PNG
ICONSET = PACKAGING / "macos" / "saved-reader.iconset"
ICNS = PACKAGING / "macos" / "saved-reader.icns"


def image_of(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def render(renderer: QSvgRenderer, size: int, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if not image_of(renderer, size).save(str(target), "PNG"):
        raise SystemExit(f"make_icons: could not write {target}")


def encoded(image: QImage, fmt: str) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, fmt):
        raise SystemExit(f"make_icons: Qt cannot write {fmt} here (no imageformats plugin?)")
    return bytes(data)


def write_ico(renderer: QSvgRenderer, target: Path) -> None:
    """One ICO with every ICO_SIZES entry: ICONDIR, then ICONDIRENTRYs, then the images."""
    entries, images = [], []
    for size in ICO_SIZES:
        image = image_of(renderer, size)
        if size >= ICO_AS_PNG:
            data, bpp = encoded(image, "PNG"), 32
        else:  # Qt's single-image ICO: 6-byte header, one 16-byte entry, the DIB
            single = encoded(image, "ICO")
            _, _, _, _, _, bpp, length, offset = struct.unpack_from("<BBBBHHII", single, 6)
            data = single[offset : offset + length]
        entries.append((size % 256, size % 256, 0, 0, 1, bpp, len(data)))
        images.append(data)
    offset = 6 + 16 * len(entries)
    out = bytearray(struct.pack("<HHH", 0, 1, len(entries)))
    for entry, data in zip(entries, images, strict=True):
        out += struct.pack("<BBBBHHII", *entry, offset)
        offset += len(data)
    for data in images:
        out += data
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(bytes(out))
    reader = QImageReader(str(target))  # read back: every size there
    sizes = []
    for i in range(reader.imageCount()):
        reader.jumpToImage(i)
        sizes.append(reader.read().width())
    if sorted(sizes) != sorted(ICO_SIZES):
        raise SystemExit(f"make_icons: {target} reads back as sizes {sizes}")


# iconset file name -> ICNS entry type (PNG data), as iconutil writes them
ICNS_TYPES = {
    "icon_16x16.png": b"icp4",
    "icon_16x16@2x.png": b"ic11",
    "icon_32x32.png": b"icp5",
    "icon_32x32@2x.png": b"ic12",
    "icon_128x128.png": b"ic07",
    "icon_128x128@2x.png": b"ic13",
    "icon_256x256.png": b"ic08",
    "icon_256x256@2x.png": b"ic14",
    "icon_512x512.png": b"ic09",
    "icon_512x512@2x.png": b"ic10",
}


def write_iconset(renderer: QSvgRenderer, folder: Path) -> None:
    for size in (16, 32, 128, 256, 512):
        render(renderer, size, folder / f"icon_{size}x{size}.png")
        render(renderer, size * 2, folder / f"icon_{size}x{size}@2x.png")


def write_icns(iconset: Path, target: Path) -> None:
    body = b"".join(
        kind + struct.pack(">I", 8 + len(data)) + data
        for name, kind in ICNS_TYPES.items()
        for data in [(iconset / name).read_bytes()]
    )
    target.write_bytes(b"icns" + struct.pack(">I", 8 + len(body)) + body)
    reader = QImageReader(str(target))  # read back
    if reader.imageCount() != len(ICNS_TYPES):
        raise SystemExit(f"make_icons: {target} reads back as {reader.imageCount()} images")


def main() -> int:
    app = QGuiApplication([sys.argv[0]])  # noqa: F841 (QImage painting needs one)
    svg = HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg"
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {svg} is not a valid SVG")
    for size in ICON_SIZES:
        target = HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        render(renderer, size, target)
        print(f"wrote {target.relative_to(ROOT)}")
    write_ico(renderer, ICO)
    print(f"wrote {ICO.relative_to(ROOT)} ({', '.join(map(str, ICO_SIZES))})")
    write_iconset(renderer, ICONSET)
    print(f"wrote {ICONSET.relative_to(ROOT)}/ (10 PNGs, 16..1024)")
    write_icns(ICONSET, ICNS)
    print(f"wrote {ICNS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
