"""Furniture beside images: a photo credit ("图像来源，Getty Images") moved into its caption's
small print, and the screen-reader label glued before a caption ("Image caption")."""

# ruff: noqa: RUF001, RUF002  (CJK punctuation in patterns and examples is meant)

from __future__ import annotations

import re

import lxml.html

from reader.core.cleaning.furniture.found import (
    MOVED_CAPTION,
    RULE_CAPTION_LABEL,
    RULE_PHOTO_CREDIT,
    Furniture,
    Removed,
)
from reader.core.cleaning.furniture.patterns import (
    CAPTION_LABEL,
    PHOTO_CREDIT,
    SENTENCE_END,
    SHORT,
    SPACE,
)
from reader.core.cleaning.furniture.tree import line_text, remove_element
from reader.core.formats.html_tags import ARTICLE_LINE_BLOCKS
from reader.core.page.text import MEDIA_CLASS


def photo_credit(
    unit: lxml.html.HtmlElement,
    text: str,
    following: lxml.html.HtmlElement | None,
    found: Furniture,
) -> bool:
    """ "图像来源，Getty Images" beside an image: into the caption's small print."""
    m = PHOTO_CREDIT.match(text)
    if not m or SENTENCE_END.search(m.group("who")) or not beside_media(unit):
        return False
    label, who = m.group("label"), m.group("who").strip()
    small = lxml.html.Element("small")
    small.text = f"{label}：{who}" if re.match(r"[\u3400-\u9fff]", label) else f"{label}: {who}"
    caption = _caption_after(unit, following)
    found.removed.append(Removed(RULE_PHOTO_CREDIT, text, MOVED_CAPTION))
    if caption is not None:
        if len(caption):
            caption[-1].tail = (caption[-1].tail or "") + " "
        else:
            caption.text = (caption.text or "").rstrip(SPACE) + " "
        caption.append(small)
        remove_element(unit)
    else:
        small.tail = unit.tail
        parent = unit.getparent()
        if unit.tag in ARTICLE_LINE_BLOCKS:
            for child in list(unit):
                unit.remove(child)
            unit.text = None
            unit.append(small)
        else:
            parent.replace(unit, small)
    return True


def beside_media(unit: lxml.html.HtmlElement) -> bool:
    """A media placeholder is inside the unit, its previous sibling, or its parent's."""
    if any(d.get("class") == MEDIA_CLASS for d in unit.iterdescendants()):
        return True
    for el in [unit, *list(unit.iterancestors())][:3]:
        prev = el.getprevious()
        while prev is not None and not isinstance(prev.tag, str):
            prev = prev.getprevious()
        if prev is not None and (
            prev.get("class") == MEDIA_CLASS
            or any(a.get("class") == MEDIA_CLASS for a in prev.iter("a", "span"))
        ):
            return True
    return False


def _caption_after(
    unit: lxml.html.HtmlElement, following: lxml.html.HtmlElement | None
) -> lxml.html.HtmlElement | None:
    """The caption after an image's credit: the next line, if short and close (they share
    an ancestor within three levels of the caption)."""
    if following is None or len(line_text(following)) > SHORT or not _is_caption_like(following):
        return None
    common = set(unit.iterancestors())
    for depth, up in enumerate(following.iterancestors()):
        if up in common:
            return following if depth <= 3 else None
    return None


def _is_caption_like(unit: lxml.html.HtmlElement) -> bool:
    if unit.tag in ("figcaption", "small", "caption"):
        return True
    if unit.get("data-testid", "").startswith("caption"):
        return True
    return len(line_text(unit)) <= SHORT


def strip_caption_label(unit: lxml.html.HtmlElement, found: Furniture) -> None:
    """The screen-reader label before a caption ("Image caption乐山大佛…") goes."""
    for el in unit.iter():
        if not isinstance(el.tag, str):
            continue
        if el.text and el.text.strip(SPACE):
            m = CAPTION_LABEL.match(el.text)
            if m and el is not unit and not el.text[m.end() :].strip(SPACE):
                found.removed.append(Removed(RULE_CAPTION_LABEL, el.text.strip(SPACE)))
                remove_element(el)
            elif m:
                found.removed.append(Removed(RULE_CAPTION_LABEL, m.group().strip(SPACE)))
                el.text = el.text[m.end() :]
            return
