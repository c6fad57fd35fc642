"""The article as lines (units): leaf blocks, and inline elements standing alone, in order; and
where its prose starts and ends (what lies before is its head, after its tail)."""

# ruff: noqa: RUF001  (CJK punctuation in patterns is meant)

from __future__ import annotations

import lxml.html

from reader.core.cleaning.furniture.patterns import (
    AGENCY_CREDIT,
    BOILERPLATE,
    SENTENCE_END,
    SHORT,
    SPACE,
    is_copyright,
    is_credit,
    is_promo,
)
from reader.core.cleaning.furniture.tree import has_block, joined, text_lines
from reader.core.formats.html_tags import ARTICLE_LINE_BLOCKS, STANDALONE_INLINE
from reader.core.page.text import MEDIA_CLASS

_PROSE_CHARS = 60  # a block this long (without spaces) is article text, not head furniture
Unit = tuple[lxml.html.HtmlElement, list[str]]  # an article line and its text (``text_lines``)


def _is_text_child(el: lxml.html.HtmlElement) -> bool:
    return isinstance(el.tag, str) and el.get("class") != MEDIA_CLASS and el.tag != "br"


def wrap_loose_runs(root: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Text beside blocks (``<footer><p>…</p>点击查看本文英文版。</footer>``) is a line of its
    own, as a browser shows it: wrapped for the rules to see, unwrapped after."""
    runs = []
    for el in list(root.iter(*ARTICLE_LINE_BLOCKS)):
        if not any(isinstance(c.tag, str) and c.tag in ARTICLE_LINE_BLOCKS for c in el):
            continue
        groups: list[list[lxml.html.HtmlElement]] = [[]]
        lead = el.text
        for child in list(el):
            if isinstance(child.tag, str) and child.tag in ARTICLE_LINE_BLOCKS:
                groups.append([])
            else:
                groups[-1].append(child)
        # text before the first child, and each block's tail, open a run
        holders: list[tuple[lxml.html.HtmlElement | None, list[lxml.html.HtmlElement]]] = []
        block_children = [c for c in el if isinstance(c.tag, str) and c.tag in ARTICLE_LINE_BLOCKS]
        holders.append((None, groups[0]))
        for block, group in zip(block_children, groups[1:], strict=True):
            holders.append((block, group))
        for block, group in holders:
            text = lead if block is None else block.tail
            if not (text or "").strip(SPACE) and not _inline_text(group).strip(SPACE):
                continue
            run = lxml.html.Element("p")
            run.set("data-sr-run", "")
            run.text = text
            if block is None:
                el.text = None
                el.insert(0, run)
            else:
                block.tail = None
                block.addnext(run)
            for child in group:
                run.append(child)  # moves it, with its tail
            runs.append(run)
    return runs


def _inline_text(group: list[lxml.html.HtmlElement]) -> str:
    return "".join((c.text_content() if _is_text_child(c) else "") + (c.tail or "") for c in group)


def article_units(root: lxml.html.HtmlElement) -> list[Unit]:
    """The article's lines in order: leaf blocks, and inline elements standing alone (not
    inside another), that hold text outside media placeholders; each with its ``text_lines``.

    One walk: which elements hold a block is worked out first, from the blocks up."""
    holders = _block_holders(root)
    units: list[Unit] = []
    # Each entry: an element, whether it is inside a unit-like element, and whether it is one.
    inside_root = any(_unit_like(up) for up in [root, *root.iterancestors()])
    stack: list[tuple[lxml.html.HtmlElement, bool, bool]] = [(root, False, inside_root)]
    while stack:
        el, inside, like = stack.pop()
        if (
            like
            and not inside
            and el is not root
            and el.get("class") != MEDIA_CLASS
            and any(text.strip(SPACE) for text in el.itertext())
        ):
            lines = text_lines(el)
            if lines or not any(True for _ in el.iter("a", "span")):  # text outside media
                units.append((el, lines))
        inside = inside or like
        children = list(el)
        if not children:
            continue
        tag = el.tag
        opens = (
            tag in ARTICLE_LINE_BLOCKS or tag in STANDALONE_INLINE
        )  # a child can stand alone in it
        elements = [c for c in children if isinstance(c.tag, str)]
        plain = sum(1 for c in elements if c.get("class") != MEDIA_CLASS)
        holds_block = el in holders
        pending = []
        prev = None
        for child in children:
            if not isinstance(child.tag, str):
                prev = child
                continue
            if child.tag in ARTICLE_LINE_BLOCKS:
                child_like = child not in holders
            elif child.tag in STANDALONE_INLINE and opens:
                # _stands_alone, with the parent's counts: no text on either side, and
                # beside it only blocks, media placeholders, or nothing (in an inline parent)
                before = (prev.tail if prev is not None else el.text) or ""
                others = plain - (child.get("class") != MEDIA_CLASS)
                child_like = (
                    not (child.tail or "").strip(SPACE)
                    and not before.strip(SPACE)
                    and (
                        holds_block
                        or others == 0
                        or (len(elements) == 1 and tag in STANDALONE_INLINE)
                    )
                )
            else:
                child_like = False
            pending.append((child, inside, child_like))
            prev = child
        stack.extend(reversed(pending))
    return units


def _block_holders(root: lxml.html.HtmlElement) -> set[lxml.html.HtmlElement]:
    """``root`` and the elements under it that hold a block (``has_block``)."""
    holders: set[lxml.html.HtmlElement] = set()
    for block in root.iter(*ARTICLE_LINE_BLOCKS):
        if block is root:
            continue
        up = block.getparent()
        while up is not None and up not in holders:
            holders.add(up)
            if up is root:
                break
            up = up.getparent()
    return holders


def _unit_like(el: lxml.html.HtmlElement) -> bool:
    """A leaf block, or an inline element standing alone: what a unit is (given text)."""
    if el.tag in ARTICLE_LINE_BLOCKS:
        return not has_block(el)
    return el.tag in STANDALONE_INLINE and _stands_alone(el)


def _stands_alone(el: lxml.html.HtmlElement) -> bool:
    """Nothing but blocks (or nothing) shares ``el``'s line: its parent holds blocks, and
    no text runs on either side of it."""
    parent = el.getparent()
    if parent is None or (
        parent.tag not in ARTICLE_LINE_BLOCKS and parent.tag not in STANDALONE_INLINE
    ):
        return False
    if (el.tail or "").strip(SPACE):
        return False
    prev = el.getprevious()
    before = (prev.tail if prev is not None else parent.text) or ""
    if before.strip(SPACE):
        return False
    siblings = [s for s in parent if s is not el and isinstance(s.tag, str)]
    return (
        has_block(parent)
        or all(s.get("class") == MEDIA_CLASS for s in siblings)
        or (not siblings and parent.tag in STANDALONE_INLINE)
    )


def prose_span(units: list[Unit]) -> tuple[int, int]:
    """Index of the first and last unit that is article prose (long, or a sentence)."""
    first = next((i for i, (_, lines) in enumerate(units) if _is_prose(joined(lines))), None)
    if first is None:
        return len(units), -1
    last = next(i for i in range(len(units) - 1, first - 1, -1) if _is_prose(joined(units[i][1])))
    return first, last


def _is_prose(text: str) -> bool:
    length = len("".join(text.split()))
    if length < 12 or (length < _PROSE_CHARS and not SENTENCE_END.search(text)):
        return False
    return not _furniture_shaped(text)


def _furniture_shaped(text: str) -> bool:
    short = len(text) <= SHORT
    return bool(
        (short and (is_copyright(text) or is_promo(text) or BOILERPLATE.search(text)))
        or (len(text) <= 120 and is_credit(text))
        or (text.endswith((")", "）")) and AGENCY_CREDIT.match(text))  # it ends with a bracket
    )
