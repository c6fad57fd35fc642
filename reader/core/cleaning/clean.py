"""Cleaning an article's HTML tree with lxml: site chrome out, media to placeholders, URLs fixed.

This is not the security boundary (``sanitize`` is, with nh3 as the final pass); it decides
what of the page is the article and rewrites what the viewer must not load by itself.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from reader.core.cleaning.chrome import drop_chrome
from reader.core.cleaning.media import replace_media, resolve_links
from reader.core.cleaning.removals import Removals, drop, text_len
from reader.core.formats.html5 import parse_document
from reader.core.formats.html_tags import (
    INLINE_WRAPPERS,
    PAGE_CHROME,
    RAW_TEXT,
    SVG_UNRENDERED,
    TEXT_BLOCKS,
)
from reader.core.limits import check_tree
from reader.core.page.text import first_strong_direction

# Dropped with everything inside them, and the rule that says why.
_DROP = {
    "script": "code",
    "style": "code",
    "noscript": "code",
    "template": "code",
    "head": "document head",
    "title": "document head",
    "meta": "document head",
    "link": "document head",
    "base": "document head",
    "object": "embedded object",
    "embed": "embedded object",
    "applet": "embedded object",
    "param": "embedded object",
    "frameset": "embedded object",
    "frame": "embedded object",
    "noframes": "embedded object",
    "canvas": "embedded object",
    "map": "embedded object",
    "area": "embedded object",
    "portal": "embedded object",
    "noembed": "embedded object",
    "input": "form control",
    "button": "form control",
    "select": "form control",
    "option": "form control",
    "textarea": "form control",
    "datalist": "form control",
    "output": "form control",
    "progress": "form control",
    "meter": "form control",
    "dialog": "dialog",
}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)

# Wrappers that go when they are left holding nothing (spacers, emptied share bars, ad slots).
_EMPTY_WRAPPERS = INLINE_WRAPPERS | frozenset(
    [
        "div",
        "p",
        "section",
        "article",
        "main",
        "center",
        "figure",
        "figcaption",
        "blockquote",
        "li",
        "ul",
        "ol",
        "dl",
        "header",
        "footer",
    ]
)
_CHROME_ELEMENT = re.compile(r"share|social|modal|popup|banner|advert|(^|-)ads?(-|$)|newsletter")
_RTL_CHAR = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")  # Hebrew, Arabic, ...
_SPACE = " \t\n\r\f\v\xa0\u3000\u200b\ufeff"


def parse_fragment(
    html: str, keep: list[lxml.html.HtmlElement] | None = None
) -> lxml.html.HtmlElement:
    """Parse HTML (a fragment or a whole page) the way a browser does (``html5``) into a
    ``<div>`` holding the body's content, with the page's direction. ``keep`` receives the
    elements made (see ``html5.parse_document``)."""
    if not html.strip():
        return lxml.html.Element("div")
    doc = parse_document(html, keep)
    check_tree(doc, html)  # an InputError past the element limit
    body = doc.find("body")
    container = lxml.html.Element("div")
    if keep is not None:
        keep.append(container)
    direction = _page_direction(doc)
    if direction:
        container.set("dir", direction)
    if body is not None:
        container.text = body.text
        for child in list(body):
            container.append(child)
    return container


def _page_direction(doc: lxml.html.HtmlElement) -> str | None:
    for el in (doc.find("body"), doc):
        if el is None:
            continue
        direction: str = (el.get("dir") or "").lower()
        if direction in ("rtl", "ltr"):
            return direction
    return None


def clean(
    root: lxml.html.HtmlElement,
    base_url: str | None,
    *,
    page: bool = False,
    removed: Removals | None = None,
) -> None:
    """Clean ``root`` in place (see the module docstring). What is removed with its text is
    appended to ``removed`` as (rule, text), the rules being ``RULES``."""
    log: Removals = removed if removed is not None else []
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    _foreign_to_text(root, log)
    _drop_elements(root, page, log)
    drop_chrome(root, log)
    replace_media(root, base_url, log)
    resolve_links(root, base_url)
    _drop_empty(root)
    _mark_rtl(root)


def _foreign_to_text(root: lxml.html.HtmlElement, log: Removals) -> None:
    """What a browser shows of SVG and MathML, as text: an SVG's ``<text>`` (an icon has
    none and goes), a formula's tokens with its scripts as ``sub``/``sup``; ``<xmp>`` and
    ``<plaintext>`` (shown as written) become ``<pre>``."""
    for el in list(root.iter("svg", "math", *RAW_TEXT)):
        if el.getparent() is None:
            continue
        if el.tag in RAW_TEXT:
            el.tag = "pre"
            el.attrib.clear()
        elif _is_hidden(el):
            drop(el, "hidden", log)
        elif el.tag == "svg":
            lines = [
                " ".join(t.text_content().split())
                for t in el.iter("text")
                if not any(a.tag in SVG_UNRENDERED for a in t.iterancestors())
            ]
            lines = [line for line in lines if line]
            if not lines:
                el.drop_tree()
                continue
            span = lxml.html.Element("span")
            span.text = " ".join(lines)
            span.tail = el.tail
            el.getparent().replace(el, span)
        else:
            _math_to_text(el, log)


def _math_to_text(math: lxml.html.HtmlElement, log: Removals) -> None:
    for el in list(math.iter("annotation", "annotation-xml")):
        drop(el, "formula source", log)  # its TeX or another rendering: not shown
    for el in list(math.iter("msub", "msup", "msubsup", "munder", "mover", "munderover")):
        kids = list(el)
        scripts = {"msub": ("sub",), "msup": ("sup",), "msubsup": ("sub", "sup")}
        for kid, tag in zip(kids[1:], scripts.get(el.tag, ()), strict=False):
            kid.tag = tag
            kid.attrib.clear()
    for el in list(math.iter()):
        if el is not math and el.tag not in ("sub", "sup"):
            el.drop_tag()
    math.tag = "span"
    math.attrib.clear()


def _drop_elements(root: lxml.html.HtmlElement, page: bool, log: Removals) -> None:
    for el in list(root.iter()):
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if el.getparent() is None:
            continue
        if tag in _DROP:
            drop(el, _DROP[tag], log)
        elif page and tag in PAGE_CHROME and not _inside_article(el):
            drop(el, "page chrome", log)
        elif _is_hidden(el):
            drop(el, "hidden", log)
        elif tag == "wbr":
            _drop_keeping(el, "\u200b")  # a line-break opportunity, not a space
        elif "-" in tag:
            # Custom elements: share buttons and modals go; others are unwrapped.
            if not text_len(el) or (_CHROME_ELEMENT.search(tag) and text_len(el) < 200):
                drop(el, "custom chrome", log)
            else:
                el.drop_tag()


def _is_hidden(el: lxml.html.HtmlElement) -> bool:
    """Not shown by a browser (as Readability judges it): ``hidden``, ``display: none``."""
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    return bool(style) and bool(_HIDDEN_STYLE.search(style))


def _drop_keeping(el: lxml.html.HtmlElement, text: str) -> None:
    """Remove ``el`` and what it holds, leaving ``text`` in its place."""
    el.tail = text + (el.tail or "")
    el.drop_tree()


def _inside_article(el: lxml.html.HtmlElement) -> bool:
    """A header or footer inside <article>/<main> holds the standfirst and byline: keep it."""
    return any(a.tag in ("article", "main") for a in el.iterancestors())


def _drop_empty(root: lxml.html.HtmlElement) -> None:
    """Remove wrappers left holding nothing (spacers, emptied share bars, ad slots), keeping
    what they meant between words: an inline one's space (``<span> </span>``) or line break
    (``<span><br></span>``), a block's line break between two runs of text."""
    for el in reversed(list(root.iter())):
        if el is root or el.getparent() is None or not isinstance(el.tag, str):
            continue
        if el.tag not in _EMPTY_WRAPPERS or not _is_empty(el):
            continue
        if el.tag in INLINE_WRAPPERS:
            if len(el):
                el.drop_tag()  # only line breaks inside: keep them
            else:
                _drop_keeping(el, " " if el.text else "")
        elif _between_text(el):
            br = lxml.html.Element("br")
            br.tail = el.tail
            el.getparent().replace(el, br)
        else:
            el.drop_tree()
    # Trailing rules and breaks left after a removed footer.
    while len(root) and root[-1].tag in ("br", "hr") and not (root[-1].tail or "").strip(_SPACE):
        root[-1].drop_tree()


def _between_text(el: lxml.html.HtmlElement) -> bool:
    """Inline content on both sides of ``el`` within its parent (a block there, even empty,
    breaks the line between them)."""
    before = el.getprevious()
    if before is None:
        has_before = bool((el.getparent().text or "").strip(_SPACE))
    else:
        has_before = bool((before.tail or "").strip(_SPACE)) or _inline_text(before)
    after = el.getnext()
    has_after = bool((el.tail or "").strip(_SPACE)) or (after is not None and _inline_text(after))
    return has_before and has_after


def _inline_text(el: lxml.html.HtmlElement) -> bool:
    return el.tag not in TEXT_BLOCKS and el.tag not in PAGE_CHROME and bool(text_len(el))


def _is_empty(el: lxml.html.HtmlElement) -> bool:
    if (el.text or "").strip(_SPACE):
        return False
    return all(child.tag == "br" and not (child.tail or "").strip(_SPACE) for child in el)


def _mark_rtl(root: lxml.html.HtmlElement) -> None:
    """Give right-to-left blocks ``dir="rtl"`` when the page did not say (Arabic, Hebrew, ...).

    Only documents that hold right-to-left text are touched; there, every block that did not
    say gets its own direction from its first strong character, so that a left-to-right
    paragraph inside a right-to-left page stays left-to-right.
    """
    if root.get("dir") != "rtl" and not _RTL_CHAR.search(root.text_content()):
        return
    found = [
        (el, _first_strong_direction(el)) for el in root.iter(*TEXT_BLOCKS) if not el.get("dir")
    ]
    if not any(direction == "rtl" for _, direction in found) and root.get("dir") != "rtl":
        return
    for el, direction in found:
        if direction and el is not root:
            el.set("dir", direction)
    if not root.get("dir"):
        root.set("dir", _first_strong_direction(root) or "ltr")


def _first_strong_direction(el: lxml.html.HtmlElement) -> str | None:
    return first_strong_direction(el.itertext())
