"""Reading and changing the article tree as furniture's rules see it: an element's lines of text
(cut at ``<br>`` and blocks, media placeholders left out), and removing an element with its
media placeholders kept."""

from __future__ import annotations

from urllib.parse import urlsplit

import lxml.html

from reader.core.cleaning.furniture.found import Furniture, Removed
from reader.core.formats.html_tags import ARTICLE_LINE_BLOCKS
from reader.core.page.text import MEDIA_CLASS


def drop(
    el: lxml.html.HtmlElement, rule: str, found: Furniture, *, keep_media: bool = True
) -> None:
    """Remove ``el``, recorded line by line (a list's items, a box's lines)."""
    found.removed.extend(Removed(rule, line) for line in text_lines(el) or [line_text(el)])
    remove_element(el, keep_media=keep_media)


def remove_element(el: lxml.html.HtmlElement, *, keep_media: bool = True) -> None:
    """Remove ``el`` and its content; the text after it stays, and so do the media
    placeholders inside it (``<div>03/03/2024 - 15:57<img></div>``: the image stays)."""
    parent = el.getparent()
    if parent is None:
        return
    if keep_media:
        for media in [m for m in el.iter() if m.get("class") == MEDIA_CLASS and m is not el]:
            if any(up.get("class") == MEDIA_CLASS for up in media.iterancestors()):
                continue
            media.tail = None
            el.addprevious(media)
    el.drop_tree()


def attached(el: lxml.html.HtmlElement, root: lxml.html.HtmlElement) -> bool:
    return el is root or root in el.iterancestors()  # no __eq__: "in" compares identity


_TIDY_TAGS = ARTICLE_LINE_BLOCKS | {"i", "em", "b", "strong", "span", "small"}


def tidy(root: lxml.html.HtmlElement) -> None:
    """Wrappers emptied by the removals go (a figure that held only a date line)."""
    for el in reversed(list(root.iter())):
        if el is root or el.getparent() is None or not isinstance(el.tag, str):
            continue
        if (
            el.tag in _TIDY_TAGS
            and not has_text(el)
            and not any(
                isinstance(d.tag, str) and (d.tag in ("a", "img", "br", "hr", "td", "th"))
                for d in el.iterdescendants()
            )
        ):
            el.drop_tree()


def text_lines(el: lxml.html.HtmlElement) -> list[str]:
    """The element's text cut at ``<br>`` and at block children, blank lines left out."""
    if not len(el):  # most lines: a paragraph with no element inside
        line = " ".join((el.text or "").split())
        return [line] if line else []
    parts: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = " ".join("".join(current).split())
        if line:
            parts.append(line)
        current.clear()

    def walk(node: lxml.html.HtmlElement) -> None:
        current.append(node.text or "")
        for child in node:
            if not isinstance(child.tag, str) or child.get("class") == MEDIA_CLASS:
                current.append(child.tail or "")
                continue
            if child.tag == "br":
                flush()
            elif child.tag in ARTICLE_LINE_BLOCKS:
                flush()
                walk(child)
                flush()
            else:
                walk(child)
            current.append(child.tail or "")

    walk(el)
    flush()
    return parts


def line_text(el: lxml.html.HtmlElement) -> str:
    """The element's text on one line, without media placeholders ("[Image]")."""
    if el.get("class") == MEDIA_CLASS:
        return ""
    return joined(text_lines(el))


def joined(lines: list[str]) -> str:
    """``text_lines`` on one line (``line_text``)."""
    return " ".join(" ".join(lines).split())


def text_len(el: lxml.html.HtmlElement) -> int:
    return len("".join(el.text_content().split()))


def has_text(el: lxml.html.HtmlElement) -> bool:
    """``text_len(el) > 0``, stopping at the first text that is not all white space
    (``str.split`` and ``str.strip`` agree on what white space is)."""
    return any(text.strip() for text in el.itertext())


def has_block(el: lxml.html.HtmlElement) -> bool:
    return any(
        isinstance(d.tag, str) and d.tag in ARTICLE_LINE_BLOCKS for d in el.iterdescendants()
    )


def site_of(url: str | None) -> str | None:
    """The host without "www." (``bbc.com``), or None for a relative or odd URL."""
    try:
        host = urlsplit(url or "").hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.removeprefix("www.")
    labels = host.split(".")
    return ".".join(labels[-2:]) if len(labels) > 2 and len(labels[-1]) > 2 else host
