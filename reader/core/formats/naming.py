"""What a file says of itself when its content does not: a title from its name, the source
from its folder; and a title as one line of text."""

from __future__ import annotations

import re
from pathlib import Path

from reader.core.display import name_text

_CONTROL_CHARS = re.compile("[\x00-\x1f\x7f-\x9f]")


def one_line(text: str) -> str:
    """A title as one line of text: control characters become spaces (the rest as written)."""
    return _CONTROL_CHARS.sub(" ", text).strip()


def title_from_name(path: Path) -> str:
    stem = one_line(name_text(path.stem))
    # Mirror names are "<id>_<title>.md": the title is the part after the id.
    m = re.fullmatch(r"\d+_(.+)", stem)
    return (m.group(1).strip() if m else stem) or name_text(path.name)


def folder_of(path: Path) -> str | None:
    """The file's parent folder's name (a mirror's source), or None."""
    return name_text(path.parent.name) or None
