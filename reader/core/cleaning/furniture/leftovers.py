"""Scraper leftovers inside an article's text: ``**bold**`` with its asterisks (made bold),
``~END~`` and ``[email protected]`` (an address the scraper never saw)."""

from __future__ import annotations

import lxml.html

from reader.core.cleaning.furniture.found import (
    RULE_ASTERISKS,
    RULE_EMAIL,
    RULE_END_MARK,
    Furniture,
    Removed,
)
from reader.core.cleaning.furniture.patterns import ASTERISKS, EMAIL, END_MARK, PROTECTED, SPACE


def fix_text(root: lxml.html.HtmlElement, found: Furniture) -> None:
    """Scraper leftovers inside text: ``**bold**``, ``~END~``, ``[email protected]``."""
    whole = root.text_content()  # every text and tail below holds a part of it
    if "~" in whole or PROTECTED.search(whole):
        _fix_marks(root, found)
    if "**" in whole:  # the marks above go with a space: they cannot join two "*"
        for node in list(root.iter()):
            if isinstance(node.tag, str) and node.tag not in ("pre", "code"):
                _bold_asterisks(node, found)


def _fix_marks(root: lxml.html.HtmlElement, found: Furniture) -> None:
    """``~END~`` and ``[email protected]`` out of every text and tail."""
    for node in list(root.iter()):
        if not isinstance(node.tag, str) or (node.getparent() is None and node is not root):
            continue
        for attr in ("text", "tail"):
            value = getattr(node, attr)
            if not value or (node is root and attr == "tail"):
                continue
            cleaned = value
            for pattern, rule in ((END_MARK, RULE_END_MARK), (EMAIL, RULE_EMAIL)):
                for m in pattern.finditer(cleaned):
                    found.removed.append(Removed(rule, m.group().strip(SPACE)))
                cleaned = pattern.sub(" ", cleaned) if pattern.search(cleaned) else cleaned
            if cleaned != value:
                setattr(node, attr, cleaned)


def _bold_asterisks(el: lxml.html.HtmlElement, found: Furniture) -> None:
    """``**text**`` inside a text node becomes ``<strong>text</strong>``."""
    for attr in ("text", "tail"):
        if attr == "tail" and el.getparent() is None:
            continue
        value = getattr(el, attr)
        if not value or "**" not in value:
            continue
        pieces = ASTERISKS.split(value)
        if len(pieces) == 1:
            continue
        setattr(el, attr, pieces[0])
        parent, at = (el, 0) if attr == "text" else (el.getparent(), el.getparent().index(el) + 1)
        for i in range(1, len(pieces), 2):
            strong = lxml.html.Element("strong")
            strong.text = pieces[i]
            strong.tail = pieces[i + 1]
            parent.insert(at, strong)
            at += 1
            found.removed.append(Removed(RULE_ASTERISKS, "**"))
            found.removed.append(Removed(RULE_ASTERISKS, "**"))
