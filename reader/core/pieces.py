"""A long article in pieces, so the window can show it a piece at a time and stay responsive.

Qt builds a rich-text page on the thread that shows it, holding the GIL all along: a
100,000-paragraph article took ~2.7 s, one 1 MB paragraph ~2.5 s, with the window frozen. The
viewer instead shows the first piece at once and appends the others between events. Each
piece is whole blocks (paragraphs, headings, lists, tables) holding about ``PIECE_CHARS`` of
text: containers that only hold blocks are opened up, their direction and language carried to
what they held, and a paragraph of pure text longer than a piece is cut at a sentence or word
end. Prepared here (no Qt), off the UI thread: 60,000 paragraphs (5.4 MB of HTML) took 5.7 s
to show, the window never busy more than 56 ms at a time (2.2 s frozen when set whole).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from reader.core.model import Document
from reader.core.render import article_page

if TYPE_CHECKING:
    from lxml.html import HtmlElement

BIG_ARTICLE_CHARS = 150_000  # shown in pieces above this much HTML (~0.15 s of Qt at once)
PIECE_CHARS = 20_000  # text a piece: ~20-40 ms of Qt's parsing and layout on this machine

# What Qt's rich text lays out as blocks. It takes section, article, figure, header... as
# inline: one of those is opened only when it holds nothing but blocks (then it adds nothing
# to the page), never taken as a block itself.
_BLOCKS = frozenset(
    {"div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "pre"}
    | {"blockquote", "hr"}
)
_OPENED = frozenset(
    {"div", "section", "article", "main", "header", "footer", "aside", "nav", "figure"}
)
_INHERITED = ("dir", "lang")
# a sentence end (also the CJK full stop, exclamation and question marks, semicolon) or a space
_SENTENCE_END = re.compile("[.!?\u3002\uff01\uff1f\uff1b;]\\s*|\\s+")


def is_big(doc: Document) -> bool:
    return len(doc.html) > BIG_ARTICLE_CHARS


def article_pieces(
    doc: Document, piece_chars: int = PIECE_CHARS, cut_chars: int = PIECE_CHARS
) -> list[str]:
    """The article page (``render.article_page``) with only the first piece of the article,
    then the rest of the article as HTML fragments of whole blocks, in order; a paragraph of
    pure text longer than ``cut_chars`` is cut."""
    import lxml.html  # the window loads lxml only for a long article

    root = lxml.html.fragment_fromstring(doc.html, create_parent="div")
    pieces: list[str] = []
    holder, size = lxml.html.Element("div"), 0
    for block in _blocks(root, cut_chars):
        holder.append(block)  # moved, not copied: one serialisation a piece
        size += len(block.text_content())
        if size >= piece_chars:
            pieces.append(_inner_html(holder))
            holder, size = lxml.html.Element("div"), 0
    if len(holder) or not pieces:
        pieces.append(_inner_html(holder))
    return [article_page(doc, pieces[0]), *pieces[1:]]


def _inner_html(holder: HtmlElement) -> str:
    import lxml.html

    return lxml.html.tostring(holder, encoding="unicode")[len("<div>") : -len("</div>")]


def _blocks(root: HtmlElement, cut_chars: int) -> Iterator[HtmlElement]:
    """Each block to show, in order (see the module docstring)."""
    openable = _openable(root)
    stack: list[tuple[HtmlElement, dict[str, str]]] = [(root, {})]
    while stack:
        el, inherited = stack.pop()
        if el in openable:
            passed = inherited | {k: v for k in _INHERITED if (v := el.get(k))}
            stack.extend((child, passed) for child in reversed(el))
            continue
        for key, value in inherited.items():
            if not el.get(key):
                el.set(key, value)
        el.tail = None
        if len(el) == 0 and len(el.text or "") > cut_chars:
            yield from _cut_text(el, cut_chars)
        else:
            yield el


def _openable(root: HtmlElement) -> set[HtmlElement]:
    """The containers that hold only blocks and openable containers, with no text of their
    own between them: shown as what they hold, nothing of them is lost but the container."""
    found: set[HtmlElement] = set()
    for el in reversed(list(root.iter())):  # children before their parents
        if el is not root and el.tag not in _OPENED:
            continue
        if not len(el) or (el.text or "").strip():
            continue
        if all(
            (child.tag in _BLOCKS or child in found) and not (child.tail or "").strip()
            for child in el
        ):
            found.add(el)
    return found


def _cut_text(el: HtmlElement, piece_chars: int) -> Iterator[HtmlElement]:
    """A block of pure text longer than a piece, as blocks of the same kind, cut at sentence
    or word ends (no text lost)."""
    text = el.text or ""
    start = 0
    while start < len(text):
        end = min(start + piece_chars, len(text))
        if end < len(text):
            cuts = [m.end() for m in _SENTENCE_END.finditer(text, start + piece_chars // 2, end)]
            end = cuts[-1] if cuts else end
        part = el.makeelement(el.tag, dict(el.attrib))
        part.text = text[start:end]
        yield part
        start = end
