"""Plain text of sanitized HTML, and CJK-aware reading time."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING

from reader.core.formats.html_tags import BLOCK_ELEMENTS

if TYPE_CHECKING:
    import lxml.html

MEDIA_CLASS = "sr-media"

_BLANK_RUNS = re.compile(r"\n{3,}")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_WORD = re.compile(r"[^\W\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+")
_SLICE = 65_536
CJK_CHARS_PER_MINUTE = 400
WORDS_PER_MINUTE = 230


def plain_text(html: str) -> str:
    """Readable plain text: one line per block, blank lines between paragraphs."""
    if not html.strip():
        return ""
    from reader.core.formats.html5 import parse_body  # the reading window does not need it to start

    return tree_text(parse_body(html))


def tree_text(root: lxml.html.HtmlElement) -> str:
    """``plain_text`` of a parsed tree. Changes the tree (marks block breaks in it)."""
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        if el.get("class") == MEDIA_CLASS:  # "[Image]" placeholders are not article text
            el.drop_tree()
        elif el.tag == "br":
            el.tail = "\n" + (el.tail or "")
        elif el.tag in BLOCK_ELEMENTS:
            el.text = "\n\n" + (el.text or "")
            el.tail = "\n\n" + (el.tail or "")
        elif el.tag in ("td", "th"):
            el.tail = "\t" + (el.tail or "")
    raw = root.text_content().replace("\u200b", "")  # <wbr>: a break opportunity only
    lines = (" ".join(line.split()) for line in raw.split("\n"))
    text = "\n".join(lines)
    return _BLANK_RUNS.sub("\n\n", text).strip()


def reading_minutes(text: str) -> int:
    """Minutes to read: CJK counted by characters, other scripts by words."""
    cjk = words = 0
    # In slices: one regex call over a long article holds the GIL (4 MB: ~270 ms a call,
    # while the window waits); a word cut at a slice's edge is counted twice at most.
    for start in range(0, len(text), _SLICE):
        part = text[start : start + _SLICE]
        cjk += len(_CJK.findall(part))
        words += len(_WORD.findall(part))
    minutes = cjk / CJK_CHARS_PER_MINUTE + words / WORDS_PER_MINUTE
    return max(1, math.ceil(minutes)) if text.strip() else 0


def first_strong_direction(chunks: Iterable[str]) -> str | None:
    """ "rtl" or "ltr" from the first strongly directional character (Unicode bidi), or None."""
    for chunk in chunks:
        for ch in chunk:
            kind = unicodedata.bidirectional(ch)
            if kind == "L":
                return "ltr"
            if kind in ("R", "AL"):
                return "rtl"
    return None
