"""The Markdown format: a ``.md`` or ``.markdown`` file that is not a whole HTML document.

CommonMark (markdown-it-py) with GitHub's tables and strikethrough. Raw HTML in it passes
through to the sanitizer like any article HTML. The first heading is the title (taken out of
the body when it opens the file: the reading page shows the title above it); a YAML front
matter block gives ``title``, ``date`` and ``url``/``source`` and is not shown. Bare URLs and
addresses become links as in plain text (``linkify``).

Nesting: markdown-it-py silently drops what lies deeper than its ``maxNesting`` (and recurses
once a level): a Markdown file nested that deep (no real one is) is shown as plain text.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from reader.core.formats.linkify import MarkdownItLinkify
from reader.core.formats.sniff import is_html_document
from reader.core.formats.text import Converted, joins_tight, parsed, text_article, title_line
from reader.core.links import external_url
from reader.core.model import Parsed

_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})


def is_markdown(path: Path, text: str) -> bool:
    """A ``.md`` or ``.markdown`` file that is not a whole HTML document."""
    return path.suffix.lower() in _MARKDOWN_SUFFIXES and not is_html_document(text)


def parse_markdown(path: Path, text: str) -> Parsed:
    """A Markdown file as an article (``markdown_article``), named after the file if untitled."""
    return parsed(path, markdown_article(text), "markdown")


# Block levels (a blockquote is one, a list item two); ~300 recurse past Python's limit.
MAX_NESTING = 100


class _Markdown(MarkdownIt):
    def validateLink(self, url: str) -> bool:  # markdown-it-py's name
        """Every link target is kept for the sanitizer to judge (``links.external_url``), as
        in raw HTML: ``[click](javascript:...)`` shows as ``click``, a link to nowhere."""
        return True


def _markdown() -> MarkdownIt:
    md = _Markdown("commonmark", {"linkify": True, "maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough", "linkify"])
    md.linkify = MarkdownItLinkify()
    return md


_MD = _markdown()
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_YAML_LINE = re.compile(r"\s*(?:#.*|[\w .-]+:.*|-.*|\s.*)?")
_YAML_FIELD = re.compile(r"^(title|date|url|source)[ \t]*:[ \t]*(.+?)[ \t]*$", re.MULTILINE)


def markdown_article(text: str) -> Converted:
    """A Markdown file as article HTML; the title is its first heading (or front matter's)."""
    meta, body = _front_matter(text)
    try:
        tokens = _MD.parse(body)
    except RecursionError:  # links in links in links...: hundreds deep
        return text_article(text)
    if any(token.level >= MAX_NESTING - 1 for token in tokens):
        return text_article(text)  # markdown-it dropped what lies deeper
    _join_lines_of_paragraphs(tokens)
    heading, start = _first_heading(tokens)
    title = title_line(meta.get("title", "")) or heading
    if start == 0 and title == heading:  # the file opens with it: shown once, as the title
        tokens = tokens[3:]
    html = _MD.renderer.render(tokens, _MD.options, {})
    return Converted(
        title=title,
        html=html,
        url=external_url(meta.get("url") or meta.get("source")),
        published=_date_ms(meta.get("date")),
    )


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """A YAML front matter block's simple fields, and the text after it (no block: ({}, text))."""
    m = _FRONT_MATTER.match(text)
    if m is None:
        return {}, text
    block = m.group(1) or ""
    if not all(_YAML_LINE.fullmatch(line) for line in block.split("\n")):
        return {}, text  # a thematic break and text, not front matter
    fields = {key.lower(): _unquote(value) for key, value in _YAML_FIELD.findall(block)}
    return fields, text[m.end() :]


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _date_ms(value: str | None) -> int | None:
    if not value:
        return None
    try:
        stamp = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.UTC)
    return int(stamp.timestamp() * 1000)


def _first_heading(tokens: list[Token]) -> tuple[str | None, int | None]:
    """The text of the first heading with any, and the index of its ``heading_open``."""
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and i + 1 < len(tokens):
            title = title_line(_inline_text(tokens[i + 1].children or []))
            if title:
                return title, i
    return None, None


def _inline_text(children: list[Token]) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "text_special", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(_inline_text(child.children or []))
    return "".join(parts)


def _join_lines_of_paragraphs(tokens: list[Token]) -> None:
    """A paragraph's line breaks as the space they stand for, none between two CJK characters
    (a newline is white space in HTML, but the stored text would keep it)."""
    for token in tokens:
        children = token.children or []
        for i, brk in enumerate(children):
            if brk.type != "softbreak":
                continue
            before = children[i - 1].content if i > 0 else ""
            after = children[i + 1].content if i + 1 < len(children) else ""
            tight = before and after and joins_tight(before[-1], after[0])
            brk.type, brk.content = "text", "" if tight else " "
