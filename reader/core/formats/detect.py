"""Reading saved-article files: the bytes, decoded, and the format chosen by content.

Formats, tried in the order of ``FORMATS`` (each sniffer sees the path and the text):
- news-mirror (``mirror``): ``<!--EPOCH_MS-->`` / ``[Title](URL)`` / ``------`` / blank /
  article HTML, whatever the file is called;
- markdown (``markdown``): a ``.md`` or ``.markdown`` file that is not a whole HTML document;
- text (``text``): a ``.txt`` file that is not a whole HTML document, or a file of another
  name that holds no HTML markup (``<jane@example.org>`` is not markup);
- html (``webpage``): anything else that is text, taken as an HTML page or fragment.
A new format (RSS/Atom, read-it-later exports) is a module beside these with a sniffer and a
parser, registered by one line in ``FORMATS``, before the formats it must win over.
"""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

from reader.core.formats import markdown, mirror, text, webpage
from reader.core.formats.decoding import decode
from reader.core.limits import check_markup, check_size
from reader.core.model import InputError, Parsed

Sniffer = Callable[[Path, str], bool]  # (path, decoded text) -> whether it is this format
Parser = Callable[[Path, str], Parsed]  # (path, decoded text) -> the article

FORMATS: tuple[tuple[Sniffer, Parser], ...] = (
    (mirror.is_news_mirror, mirror.parse_news_mirror),  # first: one whatever its name
    (markdown.is_markdown, markdown.parse_markdown),
    (text.is_text, text.parse_text),
    (webpage.is_webpage, webpage.parse_webpage),  # last: takes any text
)


def read_file(path: Path) -> bytes:
    """The file's bytes, or an InputError that says why not."""
    try:
        if path.is_dir():
            raise InputError("it is a folder, not a file")
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a pipe or a device would block or never end
            raise InputError("it is not a regular file")
        check_size(info.st_size)
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as e:
        raise InputError(f"it cannot be read ({e.strerror or e})") from None


def parse(path: Path, data: bytes) -> Parsed:
    """Parse one file's bytes; the format is detected from the content, the file's suffix
    breaking ties (a ``.txt`` file holding tags is text; a ``.md`` file is Markdown)."""
    decoded = decode(data).replace("\r\n", "\n").replace("\r", "\n")
    check_markup(decoded)
    for sniff, parser in FORMATS:
        if sniff(path, decoded):
            return parser(path, decoded)
    raise InputError("its format is not recognised")  # pragma: no cover - html takes all
