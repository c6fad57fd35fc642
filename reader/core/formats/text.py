"""The plain-text format: a ``.txt`` file, or a file of another name holding no HTML markup.

Everything is escaped (``<jane@example.org>`` shows as written). Blank lines separate
paragraphs. A paragraph whose lines were hard-wrapped (each break falls where the next word
would not have fitted, at 40-120 columns) is reflowed into one; in a file with no blank lines,
or where lines are long (over 100 columns), each line is a paragraph; otherwise (an address, a
verse, a list) the line breaks are kept. The first line is the title when it looks like one:
alone in its paragraph, short, not ending as a sentence does, and more follows; else there is
none and the file name is used. Links as ``linkify`` finds them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

from reader.core.formats.linkify import find_links
from reader.core.formats.naming import folder_of, one_line, title_from_name
from reader.core.formats.sniff import is_html_document, looks_like_markup
from reader.core.model import Parsed


@dataclass(frozen=True, slots=True)
class Converted:
    """A Markdown or text file as article HTML, with what it says about itself."""

    title: str | None  # None: the caller names it after the file
    html: str  # untrusted article HTML (a fragment)
    url: str | None = None
    published: int | None = None  # epoch milliseconds, UTC


_TEXT_SUFFIXES = frozenset({".txt"})


def is_text(path: Path, text: str) -> bool:
    """A ``.txt`` file that is not a whole HTML document, or any file without HTML markup."""
    if path.suffix.lower() in _TEXT_SUFFIXES:
        return not is_html_document(text)
    return not looks_like_markup(text)


def parse_text(path: Path, text: str) -> Parsed:
    """A plain-text file as an article (``text_article``), named after the file if untitled."""
    return parsed(path, text_article(text), "text")


def parsed(path: Path, article: Converted, kind: str) -> Parsed:
    """A converted file (text, Markdown) as the article of ``path``, in format ``kind``."""
    return Parsed(
        title=one_line(article.title or "") or title_from_name(path),
        url=article.url,
        published=article.published,
        body_html=article.html,
        format=kind,
        folder=folder_of(path),
    )


_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]"
)
_UNDERLINE = re.compile(r"\s*(?:={3,}|-{3,})\s*")
_SENTENCE_END = tuple(".,;:\uff0c\u3002\uff1b\uff1a\u3001")  # and their full-width forms
WRAP_MIN, WRAP_MAX = 40, 120  # the columns text is hard-wrapped at (72 and 80, most often)
LONG_LINE = 100  # a line this wide is a paragraph of its own, not a line of a verse or address
TITLE_MAX = 120  # columns


def text_article(text: str) -> Converted:
    """A plain-text file as article HTML: paragraphs, links; the title if its first line is one."""
    blocks = _blocks(text)
    title, blocks = _take_title(blocks)
    html = "".join(
        "<p>" + "<br>".join(map(_line_html, lines)) + "</p>" for lines in _paragraphs(blocks)
    )
    return Converted(title=title, html=html)


def _blocks(text: str) -> list[list[str]]:
    """The runs of non-blank lines (right-stripped)."""
    blocks: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.strip():
            blocks[-1].append(line.rstrip())
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _take_title(blocks: list[list[str]]) -> tuple[str | None, list[list[str]]]:
    """The first line when it is a title (alone in its block or underlined, or the first line
    of a file without blank lines; short, not ending as a sentence does, not only a link, and
    followed by more text), and the blocks without it."""
    if not blocks:
        return None, blocks
    first = blocks[0]
    if len(first) > 1 and _UNDERLINE.fullmatch(first[1]):
        taken = 2
    elif len(first) == 1 or (len(blocks) == 1 and len(first) > 2 and not _is_wrapped(first)):
        taken = 1
    else:
        return None, blocks
    rest = [first[taken:], *blocks[1:]] if first[taken:] else blocks[1:]
    title = title_line(first[0])
    if not rest or title is None or not _is_title(title):
        return None, blocks
    return title, rest


def _is_title(line: str) -> bool:
    if _width(line) > TITLE_MAX or line.endswith(_SENTENCE_END) or not _has_word(line):
        return False
    links = find_links(line)
    return not (links and links[0].index == 0 and links[0].last_index == len(line))


def _paragraphs(blocks: list[list[str]]) -> list[list[str]]:
    """Paragraphs as the lines to show in each (a reflowed paragraph is one line)."""
    paragraphs: list[list[str]] = []
    for block in blocks:
        if len(block) > 1 and _is_wrapped(block):
            paragraphs.append([_join_lines(block)])
        elif len(blocks) == 1 or any(_width(line) > LONG_LINE for line in block):
            paragraphs.extend([line.strip()] for line in block)
        else:
            paragraphs.append([line.strip() for line in block])
    return paragraphs


def _width(line: str) -> int:
    """Columns a line takes in a terminal (CJK characters take two)."""
    return len(line) + len(_WIDE.findall(line))


def _is_wrapped(block: list[str]) -> bool:
    """Whether the lines were broken by a wrap at the block's width: each break falls where the
    next word would not have fitted on the line."""
    widths = [_width(line) for line in block]
    width = max(widths)
    if not WRAP_MIN <= width <= WRAP_MAX:
        return False
    for line, line_width, following in zip(block, widths, block[1:], strict=False):
        rest = following.lstrip()
        if joins_tight(line[-1], rest[0]):
            fits = line_width + _width(rest[0]) <= width
        else:
            fits = line_width + 1 + _width(rest.split(None, 1)[0]) <= width
        if fits:
            return False
    return True


def _join_lines(block: list[str]) -> str:
    joined = block[0].strip()
    for line in block[1:]:
        line = line.strip()
        joined += line if joins_tight(joined[-1], line[0]) else " " + line
    return joined


def joins_tight(before: str, after: str) -> bool:
    """Whether two characters on either side of a line break join without a space (CJK)."""
    return bool(_WIDE.match(before)) and bool(_WIDE.match(after))


def _has_word(line: str) -> bool:
    return any(ch.isalnum() for ch in line)


def _line_html(line: str) -> str:
    """One line of text as HTML: escaped, its links as links."""
    parts = []
    pos = 0
    for link in find_links(line):
        parts.append(escape(line[pos : link.index], quote=False))
        parts.append(f'<a href="{escape(link.url)}">{escape(link.text, quote=False)}</a>')
        pos = link.last_index
    parts.append(escape(line[pos:], quote=False))
    return "".join(parts)


def title_line(title: str) -> str | None:
    return " ".join(_CONTROL.sub(" ", title).split())[:500] or None


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
