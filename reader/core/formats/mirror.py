"""The news-mirror format: a saved article as a mirror bot writes it.

    <!--1739607424000-->          (optional: the publication time, epoch ms or seconds)
    [Title](https://example.com/a)
    ------
    (blank line)
    article HTML

A file in this shape is one whatever it is called (``is_news_mirror`` looks at the text only).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from reader.core.formats.naming import folder_of, one_line, title_from_name
from reader.core.formats.titles import clean_title
from reader.core.links import external_url
from reader.core.model import Parsed

_COMMENT = re.compile(r"^<!--(.*?)-->\s*$")


_RULE = re.compile(r"^\s*-{3,}\s*$")
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # backslash + ASCII punctuation only


def is_news_mirror(_path: Path, text: str) -> bool:
    """The text opens with the mirror header (the date comment, or the link and the rule)."""
    lines = text.lstrip("\n").split("\n", 3)
    if _COMMENT.match(lines[0].strip()) and len(lines) > 1:
        return _split_link(lines[1]) is not None
    return _split_link(lines[0]) is not None and len(lines) > 1 and bool(_RULE.match(lines[1]))


def _split_link(line: str) -> tuple[str, str] | None:
    """``[Title](URL)`` -> (title, url). Titles may hold ``]``, ``(``, ``)`` and escapes."""
    line = line.strip()
    if not (line.startswith("[") and line.endswith(")")):
        return None
    cut = line.rfind("](")
    if cut < 1:
        return None
    title = one_line(_MD_ESCAPE.sub(r"\1", line[1:cut]))
    url = line[cut + 2 : -1].strip()
    if url.startswith("<") and url.endswith(">"):
        url = url[1:-1]
    return title, url


def parse_news_mirror(path: Path, text: str) -> Parsed:
    """A mirror file as an article: its header read, its body kept as HTML (untrusted)."""
    lines = text.lstrip("\n").split("\n")
    published = None
    m = _COMMENT.match(lines[0].strip())
    if m:
        published = _epoch_ms(m.group(1))
        lines = lines[1:]
    link = _split_link(lines[0])
    assert link is not None  # the sniffer checked it
    title, url = link
    rest = lines[1:]
    if rest and _RULE.match(rest[0]):
        rest = rest[1:]
    body = "\n".join(rest).strip()
    return Parsed(
        title=clean_title(title, url) if title else title_from_name(path),
        url=external_url(url),  # javascript:, file: and the like are dropped here
        published=published,
        body_html=body,
        format="news-mirror",
        folder=folder_of(path),
    )


def _epoch_ms(value: str) -> int | None:
    value = value.strip()
    if not re.fullmatch(r"-?\d{1,16}", value):
        return None
    number = int(value)
    if abs(number) < 100_000_000_000:  # seconds, not milliseconds (before 1973 in ms)
        number *= 1000
    try:
        dt.datetime.fromtimestamp(number / 1000, tz=dt.UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return number
