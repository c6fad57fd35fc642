"""How big one article may be: limits chosen from the real corpus, each with a clear message.

Measured over the 180 saved pages and mirror files in ``../shared/corpus`` (2026-11-30): the
largest file is 1.6 MB, the most elements 9,893 (a whole Wikipedia page with its navigation),
the deepest nesting 51 levels. The limits leave 10-20 times that room:

- ``MAX_FILE_BYTES``: 32 MB (20x). A 50 MB file of short paragraphs took 27 s and 3.4 GB to
  import and 71 s and 11 GB to show.
- ``MAX_ELEMENTS``: 100,000 (10x). Qt lays out 100,000 paragraphs in ~2.7 s, shown a piece at
  a time (``pieces``); the parse and clean-up of that many take ~1 s.
- Depth has no limit: the HTML5 parse (``html5``) keeps every level's text and flattens what is
  nested past ``html5.MAX_DEPTH``.

An article past a limit is not imported; the import names the file and the limit.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from reader.core.model import InputError

if TYPE_CHECKING:
    from lxml.html import HtmlElement

MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_ELEMENTS = 100_000

_START_TAG = re.compile(r"<[A-Za-z]")


def check_size(size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise InputError(
            f"it is too large ({_megabytes(size)}; the limit for one article is "
            f"{MAX_FILE_BYTES // 2**20} MB)"
        )


def _megabytes(size: int) -> str:
    """``50 MB``, or ``over 32 MB`` when it would round down to the limit."""
    shown = round(size / 2**20)
    return f"over {shown} MB" if shown * 2**20 <= MAX_FILE_BYTES else f"{shown:,} MB"


def check_markup(text: str) -> None:
    """Refuse, before parsing, markup with far too many elements (each element starts with
    ``<`` and a letter: a count that is never below the elements, and cheap)."""
    if text.count("<") <= MAX_ELEMENTS:
        return
    tags = sum(1 for _ in _START_TAG.finditer(text))
    if tags > 3 * MAX_ELEMENTS:  # scripts and comments count too: parse when in doubt
        raise _too_many(tags, about=True)


def check_tree(root: HtmlElement, text: str) -> None:
    """Refuse a parsed article past the element limit (``text``: what was parsed;
    with fewer ``<`` than a limit, it cannot be past it: most articles are checked free)."""
    tags = text.count("<")
    if tags > MAX_ELEMENTS:
        elements = sum(1 for _ in root.iter())
        if elements > MAX_ELEMENTS:
            raise _too_many(elements)


def _too_many(count: int, about: bool = False) -> InputError:
    return InputError(
        f"it has too many HTML elements ({'about ' if about else ''}{count:,}; "
        f"the limit for one article is {MAX_ELEMENTS:,})"
    )
