"""Boxes and lists about other posts: archive boxes ("标题：… / 来源：… / 版权说明：…") and
related-story lists and lines (links to other articles of the site, or under a "related"
label)."""

# ruff: noqa: RUF001, RUF002  (CJK punctuation in patterns and examples is meant)

from __future__ import annotations

import re

import lxml.html

from reader.core.cleaning.furniture.found import RULE_ARCHIVE_BOX, RULE_RELATED, Furniture
from reader.core.cleaning.furniture.patterns import (
    ARCHIVE_ANY,
    ARCHIVE_KEY,
    RELATED_ANY,
    RELATED_LABEL,
    SENTENCE_END,
    SPACE,
)
from reader.core.cleaning.furniture.tree import (
    attached,
    drop,
    has_block,
    line_text,
    site_of,
    text_len,
    text_lines,
)
from reader.core.formats.html_tags import ARTICLE_LINE_BLOCKS
from reader.core.page.text import MEDIA_CLASS


def archive_boxes(root: lxml.html.HtmlElement, found: Furniture) -> None:
    """A box of "key：value" lines about the post (title, source, date, copyright)."""
    if len(ARCHIVE_ANY.findall(root.text_content())) < 3:
        return  # most articles: no such box, and no need to look at every block
    for el in list(root.iter(*ARTICLE_LINE_BLOCKS)):
        if not attached(el, root):
            continue
        lines = text_lines(el)
        keys = [line for line in lines if ARCHIVE_KEY.match(line)]
        if len(keys) < 3 or len(keys) < len(lines) - 1:
            continue
        box = el
        parent = el.getparent()
        while parent is not None and parent is not root and text_len(parent) - text_len(box) <= 12:
            box, parent = parent, parent.getparent()
        drop(box, RULE_ARCHIVE_BOX, found)


def related_stories(root: lxml.html.HtmlElement, url: str | None, found: Furniture) -> None:
    """Lists and lines of links to other articles of the site, or under a "related" label."""
    site = site_of(url)
    for el in list(root.iter("ul", "ol")):
        if not attached(el, root):
            continue
        items = [li for li in el if isinstance(li.tag, str)]
        if items and all(li.tag == "li" and link_only(li, site, headline=True) for li in items):
            drop(el, RULE_RELATED, found)
    if not RELATED_ANY.search(root.text_content()):
        return  # no block's text can start with a label
    for el in list(root.iter(*ARTICLE_LINE_BLOCKS)):
        if not RELATED_LABEL.match(el.text_content().strip(SPACE)):
            continue
        if not attached(el, root) or has_block(el):
            continue
        text = line_text(el)
        if not RELATED_LABEL.match(text) or len(text) > 120:
            continue
        if link_only(el, None, headline=True) or _related_label_only(text):
            following = _following_links(el, site) if _related_label_only(text) else []
            drop(el, RULE_RELATED, found, keep_media=False)
            for other in following:
                drop(other, RULE_RELATED, found, keep_media=False)


def _related_label_only(text: str) -> bool:
    return bool(RELATED_LABEL.match(text)) and len(RELATED_LABEL.sub("", text).strip(" :：")) == 0


def _following_links(el: lxml.html.HtmlElement, site: str | None) -> list[lxml.html.HtmlElement]:
    """After a "相关阅读：" label: the blocks that are only links (or embeds of them)."""
    taken = []
    for other in el.itersiblings():
        if not isinstance(other.tag, str):
            continue
        if not (other.tail or "").strip(SPACE) and (
            link_only(other, None) or placeholders_only(other)
        ):
            taken.append(other)
            continue
        break
    return taken


def link_only(el: lxml.html.HtmlElement, site: str | None, *, headline: bool = False) -> bool:
    """``el``'s text is all inside links (none of them a media placeholder) that go to
    ``site`` (any site when None), and it is not a sentence (``headline``: a question or an
    exclamation is a headline's, not a sentence)."""
    links = [a for a in el.iter("a") if a.get("class") != MEDIA_CLASS]
    if not links:
        return False
    text = line_text(el)
    if not text or text_len(el) != sum(text_len(a) for a in links):
        return False
    if headline and (len(text) > 100 or re.search(r"[。；;]|[.]\s", text)):
        return False
    if not headline and SENTENCE_END.search(text):
        return False
    if site is None:
        return True
    return all(site_of(a.get("href")) in (site, None) for a in links)


def placeholders_only(el: lxml.html.HtmlElement) -> bool:
    media = [a for a in el.iter() if a.get("class") == MEDIA_CLASS]
    return bool(media) and text_len(el) == sum(text_len(a) for a in media)
