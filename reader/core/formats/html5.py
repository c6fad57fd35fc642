"""HTML parsed the way a browser parses it, into an lxml tree the cleaner can work on.

lxml's own parser (libxml2) is not an HTML5 parser: an unclosed ``<embed>``, ``<source>``,
``<track>``, ``<keygen>`` or ``<wbr>`` swallows everything after it, nesting past ~255 levels
and text nodes over ~10 MB are cut silently, and an ``<?xml ...?>`` declaration in a string
loses the whole document. Lexbor (through selectolax) builds the tree by the HTML5 tree
construction rules; this module copies that tree into lxml elements node by node. Nothing is
serialized in between: writing lexbor's tree back out as HTML and reparsing it with lxml
brings the bugs back (``<embed src=x>`` has no end tag).

Measured on the corpus (2026-12-06, ``benchmarks/bench_parse.py``): a news-mirror body takes
~0.1 ms (lxml alone: 0.03 ms), a saved web page ~4 ms (lxml: 1.6 ms); html5lib into lxml
was 25 times slower than lxml.

Differences from the source that are on purpose:
- comments, processing instructions and the doctype are not copied;
- elements nested deeper than ``MAX_DEPTH`` are not created: their text and their children's
  go, in order, into the element at that depth (block elements leave a line break), so a
  pathologically deep page keeps all its text and every later parse of it stays shallow;
- tag and attribute names that XML cannot hold (``<a:b>``, ``<p"x>``) become ``span`` and are
  skipped, respectively; characters XML cannot hold become U+FFFD (vertical tab and form
  feed, which browsers show as white space, become spaces).
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree
from selectolax.lexbor import LexborHTMLParser, LexborNode

from reader.core.formats.html_tags import BREAKS_WHEN_FLATTENED

MAX_DEPTH = 128

_SPACES = re.compile("[\x0b\x0c]")
_XML_INCOMPATIBLE = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_UNSAFE = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # either
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*\Z")


def parse_document(
    text: str, keep: list[lxml.html.HtmlElement] | None = None
) -> lxml.html.HtmlElement:
    """The whole document: an ``<html>`` element holding ``<head>`` and ``<body>``.

    ``keep`` receives every element copied from lexbor's tree: while that list lives, lxml
    hands back those Python proxies on each walk of the tree instead of building (and
    class-looking-up, in Python) a new one for each element each time."""
    text = _xml_safe(text)
    root = lxml.html.Element("html")
    if not text.strip():
        etree.SubElement(root, "head")
        etree.SubElement(root, "body")
        return root
    top = LexborHTMLParser(text).root
    if top is None:  # pragma: no cover - lexbor always makes <html>
        etree.SubElement(root, "body")
        return root
    for name, value in (top.attributes or {}).items():
        _set(root, name, value)
    _copy_children(top, root, keep)
    if root.find("body") is None:
        etree.SubElement(root, "body")
    return root


def parse_body(text: str) -> lxml.html.HtmlElement:
    """The content of the document's body in a ``<div>`` (for fragments and articles)."""
    doc = parse_document(text)
    body = doc.find("body")
    container = lxml.html.Element("div")
    if body is None:  # pragma: no cover - parse_document always makes one
        return container
    container.text = body.text
    for name, value in body.attrib.items():
        if name in ("dir", "lang"):
            container.set(name, value)
    for child in list(body):
        container.append(child)
    return container


def _xml_safe(text: str) -> str:
    if not _UNSAFE.search(text):
        return text  # most text: one scan instead of two substitutions
    text = _SPACES.sub(" ", text)
    return _XML_INCOMPATIBLE.sub("\ufffd", text)


def _copy_children(
    source: LexborNode,
    target: lxml.html.HtmlElement,
    keep: list[lxml.html.HtmlElement] | None = None,
) -> None:
    """Copy ``source``'s descendants under ``target``, iteratively (no recursion limit);
    ``keep`` receives the elements made."""
    made = keep.append if keep is not None else None
    # Each entry: the next source node to copy, the lxml parent it goes into, and its depth.
    stack: list[tuple[LexborNode | None, lxml.html.HtmlElement, int, str | None]] = [
        (source.child, target, 1, None)
    ]
    tags: dict[str, str] = {}  # lexbor's tag name -> the element's (``_NAME`` checked once)
    while stack:
        node, parent, depth, closing = stack.pop()
        if closing is not None:  # leaving a block that was flattened past MAX_DEPTH
            etree.SubElement(parent, "br")
        while node is not None:
            tag = node.tag
            if tag == "-text":
                _append_text(parent, node.text_content or "")
            elif tag and tag[0] not in "-_#!":
                child = node.child
                if depth >= MAX_DEPTH:
                    if tag in BREAKS_WHEN_FLATTENED:
                        etree.SubElement(parent, "br")
                    if child is not None:
                        stack.append(
                            (
                                node.next,
                                parent,
                                depth,
                                tag if tag in BREAKS_WHEN_FLATTENED else None,
                            )
                        )
                        node = child
                        continue
                else:
                    name = tags.get(tag)
                    if name is None:
                        name = tags[tag] = tag if _NAME.match(tag) else "span"
                    attributes = node.attributes
                    if attributes:  # set at once, in their order, as _set sets each
                        el = etree.SubElement(parent, name, _attributes(attributes))
                    else:
                        el = etree.SubElement(parent, name)
                    if made is not None:
                        made(el)
                    if child is not None:
                        stack.append((node.next, parent, depth, None))
                        node, parent, depth = child, el, depth + 1
                        continue
            node = node.next


def _append_text(parent: lxml.html.HtmlElement, text: str) -> None:
    if not text:
        return
    text = _xml_safe(text)  # a reference such as &#11; decodes to what XML cannot hold
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _attributes(attributes: dict[str, str | None]) -> dict[str, str]:
    """What ``_set`` sets, for each attribute in turn: names XML cannot hold left out."""
    return {name: _xml_safe(value or "") for name, value in attributes.items() if _NAME.match(name)}


def _set(el: lxml.html.HtmlElement, name: str, value: str | None) -> None:
    if not _NAME.match(name):
        return
    el.set(name, _xml_safe(value or ""))  # both made XML-safe: lxml accepts them
