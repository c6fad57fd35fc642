"""A long article in pieces, so the window can show it a piece at a time and stay responsive.

Qt builds a rich-text page on the thread that shows it, holding the GIL all along: a
100,000-paragraph article took ~2.7 s, one 1 MB paragraph ~2.5 s, with the window frozen. The
viewer instead shows the first piece at once and appends the others between events. Each
piece is whole blocks (paragraphs, headings, lists, tables) weighing about ``PIECE_CHARS``
characters of text (each element counted as ``ELEMENT_CHARS``): containers that only hold
blocks are opened up, their direction and language carried to what they held, and a block too
long for a piece is cut through (between its children, its text at sentence or word ends).
Prepared here (no Qt), off the UI thread. Measured (2 cores, offscreen): 60,000 paragraphs
(5.4 MB of HTML) shown in 6.7 s, the window never busy more than 55 ms at a time (2.2 s
frozen when set whole); 40,000 list items, table rows or lines broken by ``<br>``: never more
than ~60 ms.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from reader.core.library.images import ImageStates
from reader.core.model import Document
from reader.core.page.placeholders import NONE_LOADED, media_boxes, mostly_cjk
from reader.core.page.render import article_page, qt_html

if TYPE_CHECKING:
    from lxml.html import HtmlElement

BIG_ARTICLE_CHARS = 150_000  # shown in pieces above this much HTML (~0.15 s of Qt at once)
PIECE_CHARS = 30_000  # a piece's weight (``_weight``): ~20-40 ms of Qt's work on this machine
ELEMENT_CHARS = 80  # an element weighs as much as this much text

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


class Stopped(Exception):
    """``article_pieces`` was told to stop (another article was asked for)."""


def article_pieces(
    doc: Document,
    piece_chars: int | None = None,
    cut_chars: int | None = None,
    stop: Callable[[], bool] = lambda: False,
    date_text: Callable[[dt.datetime], str] | None = None,
    *,
    source_name: str | None = None,
    starred: bool = False,
    images: ImageStates = NONE_LOADED,
) -> list[str]:
    """The article page (``render.article_page``) with only the first piece of the article,
    then the rest of the article as HTML fragments of whole blocks, in order; a block heavier
    than ``cut_chars`` is cut; ``date_text``, ``source_name`` and ``starred`` are for the
    header (``render.article_page``); ``images``: the stored images shown (placeholders.py).
    Raises Stopped as soon as ``stop()`` says so."""
    import lxml.html  # the window loads lxml only for a long article

    from reader.core.formats.html5 import parse_body

    piece_chars = piece_chars or PIECE_CHARS
    cut_chars = cut_chars or PIECE_CHARS

    cjk = mostly_cjk(doc.text)
    # a box with its caption, in one piece
    root = parse_body(media_boxes(doc.html, cjk=cjk, images=images))
    pieces: list[str] = []
    holder, size = lxml.html.Element("div"), 0
    for count, (block, weight) in enumerate(_blocks(root, cut_chars)):
        if count % 500 == 0 and stop():
            raise Stopped
        holder.append(block)  # moved, not copied: one serialisation a piece
        size += weight
        if size >= piece_chars:
            pieces.append(_inner_html(holder))
            holder, size = lxml.html.Element("div"), 0
    if len(holder) or not pieces:
        pieces.append(_inner_html(holder))
    first = article_page(
        doc, pieces[0], date_text=date_text, source_name=source_name, starred=starred
    )  # (its boxes made above: its pieces hold no placeholder)
    return [first, *(qt_html(piece, cjk=cjk) for piece in pieces[1:])]


def _inner_html(holder: HtmlElement) -> str:
    import lxml.html

    html: str = lxml.html.tostring(holder, encoding="unicode")
    return html[len("<div>") : -len("</div>")]


def _blocks(root: HtmlElement, cut_chars: int) -> Iterator[tuple[HtmlElement, int]]:
    """Each block to show, in order (see the module docstring), and its weight."""
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
        weight = _weight(el)
        if weight <= cut_chars:
            yield el, weight
            continue
        for part in _cut(el, cut_chars):  # too long to show at once: cut through it
            if part.tag in _BLOCKS:
                yield part, _weight(part)
            else:  # an inline element (a section, a span) cut: each part a block of its own
                block = part.makeelement("div", {k: v for k in _INHERITED if (v := part.get(k))})
                block.append(part)
                yield block, _weight(block)


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


def _cut(el: HtmlElement, cut_chars: int) -> Iterator[HtmlElement]:
    """Copies of ``el`` (same tag and attributes) that hold its content in order, about
    ``cut_chars`` of text each: cut between children (a ``<br>`` at a cut is dropped: the cut
    is a line break), text cut at sentence or word ends, a child too long cut the same way
    (each of its parts in a copy of ``el``); an ``<ol>``'s parts go on numbering. No text is
    lost."""
    numbered = el.tag == "ol"
    first = int(el.get("start") or 1) if numbered and (el.get("start") or "").isdigit() else 1
    items = 0  # list items placed so far, for the next part's start

    def fresh() -> HtmlElement:
        part = el.makeelement(el.tag, dict(el.attrib))
        if numbered and items:
            part.set("start", str(first + items))
        return part

    part, size = fresh(), 0
    for item in _content(el):
        if isinstance(item, str):
            for chunk in _text_chunks(item, cut_chars):
                if size and size + len(chunk) > cut_chars:
                    yield _trimmed(part)
                    part, size = fresh(), 0
                _append_text(part, chunk)
                size += len(chunk)
            continue
        length = _weight(item)
        if length > cut_chars:  # a child too heavy: cut through it too
            if size or len(part):
                yield _trimmed(part)
            for inner in _cut(item, cut_chars):
                holder = fresh()
                holder.append(inner)
                yield holder
            items += item.tag == "li"
            part, size = fresh(), 0
            continue
        if size and size + length > cut_chars:
            yield _trimmed(part)
            part, size = fresh(), 0
        part.append(item)
        items += item.tag == "li"
        size += length
    if size or len(part):
        yield part


def _weight(el: HtmlElement) -> int:
    """What showing ``el`` costs Qt, in characters of text: its text, and each element (a
    list item or table cell costs about what 80 characters of a paragraph do)."""
    if not len(el):  # most blocks: a paragraph of text
        return len(el.text or "") + ELEMENT_CHARS
    return len(el.text_content()) + ELEMENT_CHARS * sum(1 for _ in el.iter())


def _content(el: HtmlElement) -> Iterator[str | HtmlElement]:
    """``el``'s text and children in order, each child's tail as text of its own."""
    if el.text:
        yield el.text
    for child in list(el):
        tail, child.tail = child.tail, None
        yield child
        if tail:
            yield tail


def _append_text(part: HtmlElement, text: str) -> None:
    if len(part):
        part[-1].tail = (part[-1].tail or "") + text
    else:
        part.text = (part.text or "") + text


def _trimmed(part: HtmlElement) -> HtmlElement:
    """A part cut after a line break: the break goes (the part ends a block anyway)."""
    if len(part) and part[-1].tag == "br" and not (part[-1].tail or "").strip():
        part.remove(part[-1])
    return part


def _text_chunks(text: str, cut_chars: int) -> Iterator[str]:
    """``text`` in chunks of at most ``cut_chars``, cut at sentence or word ends."""
    start = 0
    while start < len(text):
        end = min(start + cut_chars, len(text))
        if end < len(text):
            cuts = [m.end() for m in _SENTENCE_END.finditer(text, start + cut_chars // 2, end)]
            end = cuts[-1] if cuts else end
        yield text[start:end]
        start = end
