"""Cleaning an article's HTML tree with lxml: site chrome out, media to placeholders, URLs fixed.

This is not the security boundary (``sanitize`` is, with nh3 as the final pass); it decides
what of the page is the article and rewrites what the viewer must not load by itself.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from reader.core.formats.html5 import parse_document
from reader.core.limits import check_tree
from reader.core.page.text import MEDIA_CLASS, first_strong_direction

# What cleaning removes with its text, by rule (``clean(..., removed=log)`` records each
# removal as (rule, text)); tests check that nothing else of the visible text is lost.
RULES = {
    "code": "scripts, styles, templates and noscript fallbacks: not article text",
    "document head": "the page's head, title and metadata (the title is read apart)",
    "embedded object": "plugins, frames, canvases, image maps and their fallback content",
    "form control": "buttons, inputs, selects and other form controls",
    "dialog": "dialogs (pop-ups a page opens), not shown until opened",
    "hidden": "elements a browser does not show: the hidden attribute, display: none",
    "page chrome": "a saved page's navigation, header, footer and asides outside its article",
    "custom chrome": "custom elements named for chrome (share, modal, popup, banner, ads...)",
    "ad slot": "an element marked as an ad or self-promotion holding only ad words or a line",
    "share bar": "a block of share links, or marked as a share bar, holding only share words",
    "feed footer": "the feed proxy's footer mirror bots append (feedx.net)",
    "media fallback": "the fallback text inside video and audio (shown when they cannot play)",
    "formula source": "a MathML formula's annotations (its TeX source), not shown",
}
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
# SVG holding what is drawn only when used elsewhere (icon sprites), never by itself.
_SVG_UNRENDERED = frozenset({"defs", "symbol", "clipPath", "mask", "pattern", "marker"})
_RAW_TEXT = ("xmp", "plaintext", "listing")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_PAGE_CHROME = frozenset({"nav", "header", "footer", "aside"})
_WRAPPERS = frozenset(
    [
        "div",
        "span",
        "p",
        "section",
        "article",
        "main",
        "small",
        "strong",
        "b",
        "em",
        "i",
        "u",
        "font",
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
        "label",
        "cite",
        "time",
    ]
)
_INLINE_WRAPPERS = frozenset(
    ["span", "small", "strong", "b", "em", "i", "u", "font", "label", "cite", "time"]
)
_BLOCKS = frozenset(
    [
        "p",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "td",
        "th",
        "dd",
        "dt",
        "figcaption",
        "div",
        "section",
        "article",
        "pre",
    ]
)
_KEEP_EMPTY = frozenset({"br", "hr", "td", "th", "tr", "a"})
_SHARE_MARKERS = (
    "facebook.com/sharer",
    "facebook.com/dialog/share",
    "twitter.com/intent",
    "twitter.com/share",
    "x.com/intent",
    "addtoany.com/add_to",
    "addtoany.com/share",
    "whatsapp://",
    "web.whatsapp.com/send",
    "api.whatsapp.com/send",
    "service.weibo.com/share",
    "weibo.com/share",
    "linkedin.com/share",
    "linkedin.com/sharearticle",
    "line.me/r/msg",
    "social-plugins.line.me",
    "t.me/share",
    "telegram.me/share",
    "reddit.com/submit",
    "pinterest.com/pin/create",
    "getpocket.com/save",
    "plus.google.com/share",
    "mailto:?",
)
# A class or id token that names a share bar: "share", "share-tools", "sharebar",
# "social-share", "article__share", "a2a_kit" (not "share-price", "market-share").
_SHARE_TOKEN = re.compile(
    r"([a-z0-9]+(__|-|_))?(social-?)?(share|sharing|addtoany|a2a_kit|a2a)"
    r"(-?(bar|buttons?|tools?|links?|icons?|box|container|wrapper|panel|list|menu|kit|this|"
    r"article|story|post|page|top|bottom|footer|header|module|area|block|section|widget))*"
)
# What an empty ad slot says.
_AD_WORDS = re.compile(r"广告|赞助|advertisement|advertising|sponsored|scrolltocontinue|ad|[\W_]")
_TEXT_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "table", "pre")
# What a share bar says besides its links: the label and the networks' names.
_SHARE_WORDS = re.compile(
    r"分享到?|转发|收藏|推荐|share(this|on)?|tweet|email|e-mail|mail|print|copy(link)?|"
    r"facebook|twitter|weibo|微博|微信|wechat|whatsapp|telegram|line|linkedin|reddit|"
    r"pinterest|messenger|x|[\W_]"
)
_AD_CLASS = re.compile(
    r"(^|\s)(ad|ads|advert|advertisement|ad-slot|adsbygoogle|o-self-promo)(\s|$)"
)
_CHROME_ELEMENT = re.compile(r"share|social|modal|popup|banner|advert|(^|-)ads?(-|$)|newsletter")
_RTL_CHAR = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")  # Hebrew, Arabic, ...
_AD_TEXT_MAX = 80  # an ad slot's own text: "Advertisement", "广告"
_SHARE_TEXT_MAX = 16  # a share bar's own text: a label such as "分享 :" or "Share"
_SPACE = " \t\n\r\f\v\xa0\u3000\u200b\ufeff"
_DECORATIVE_SRC = re.compile(r"(grey|gray)[-_]?line|spacer|pixel\.gif|blank\.gif", re.I)


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


Removals = list[tuple[str, str]]  # (rule, text removed), in document order per rule


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
    _drop_chrome(root, log)
    _replace_media(root, base_url, log)
    _resolve_links(root, base_url)
    _drop_empty(root)
    _mark_rtl(root)


def _drop(el: lxml.html.HtmlElement, rule: str, log: Removals) -> None:
    """Remove ``el`` with what it holds (its tail stays), saying why in ``log``."""
    text = el.text_content()
    if text.strip():
        log.append((rule, text))
    el.drop_tree()


def _foreign_to_text(root: lxml.html.HtmlElement, log: Removals) -> None:
    """What a browser shows of SVG and MathML, as text: an SVG's ``<text>`` (an icon has
    none and goes), a formula's tokens with its scripts as ``sub``/``sup``; ``<xmp>`` and
    ``<plaintext>`` (shown as written) become ``<pre>``."""
    for el in list(root.iter("svg", "math", *_RAW_TEXT)):
        if el.getparent() is None:
            continue
        if el.tag in _RAW_TEXT:
            el.tag = "pre"
            el.attrib.clear()
        elif _is_hidden(el):
            _drop(el, "hidden", log)
        elif el.tag == "svg":
            lines = [
                " ".join(t.text_content().split())
                for t in el.iter("text")
                if not any(a.tag in _SVG_UNRENDERED for a in t.iterancestors())
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
        _drop(el, "formula source", log)  # its TeX or another rendering: not shown
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
            _drop(el, _DROP[tag], log)
        elif page and tag in _PAGE_CHROME and not _inside_article(el):
            _drop(el, "page chrome", log)
        elif _is_hidden(el):
            _drop(el, "hidden", log)
        elif tag == "wbr":
            _drop_keeping(el, "\u200b")  # a line-break opportunity, not a space
        elif "-" in tag:
            # Custom elements: share buttons and modals go; others are unwrapped.
            if not _text_len(el) or (_CHROME_ELEMENT.search(tag) and _text_len(el) < 200):
                _drop(el, "custom chrome", log)
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


def _drop_chrome(root: lxml.html.HtmlElement, log: Removals) -> None:
    doomed: list[tuple[lxml.html.HtmlElement, str]] = []
    for el in root.iter():
        if el is root or not isinstance(el.tag, str) or not el.attrib:
            continue
        if _is_placeholder(el):
            doomed.append((el, "ad slot"))
        elif _has_share_marker(el):
            doomed.append((el, "share bar"))
    for a in root.iter("a"):
        href = (a.get("href") or "").strip().lower()
        if _is_share_link(href):
            bar = _share_bar_around(a, root)
            if bar is not None:
                doomed.append((bar, "share bar"))
        elif "feedx." in href:
            doomed.extend(
                (el, "feed footer") for el in a.iterancestors("div", "p") if _is_feed_footer(el)
            )
    for el, rule in doomed:
        if el.getparent() is not None and _attached(el, root):
            _drop(el, rule, log)


def _attached(el: lxml.html.HtmlElement, root: lxml.html.HtmlElement) -> bool:
    """``el`` is still in ``root`` (not inside something removed already)."""
    return any(a is root for a in el.iterancestors())


def _is_placeholder(el: lxml.html.HtmlElement) -> bool:
    """An ad slot or a self-promotion box: marked as one, and holding (almost) no text. An
    element marked so that holds text is kept: sites put ad targeting on the article body."""
    marked = bool(_AD_CLASS.search(el.get("class") or ""))
    for name, value in el.attrib.items():
        name = name.lower()
        if (
            name.startswith(("data-selfpromo", "data-o-ads", "data-ad-", "data-ad_"))
            or (name == "data-e2e" and "advert" in value.lower())
            or (
                name == "aria-label" and value.strip().lower().startswith(("广告", "advertisement"))
            )
        ):
            marked = True
    if not marked:
        return False
    words = _AD_WORDS.sub("", "".join(el.text_content().split()).lower())
    if not words:
        return True
    # A short text of its own (an ad's line), not the paragraphs of an article.
    return len(words) < _AD_TEXT_MAX and next(el.iter(*_TEXT_BLOCKS), None) is None


def _has_share_marker(el: lxml.html.HtmlElement) -> bool:
    """A share bar by its class or id (``share``, ``share-tools``, ``social-share``,
    ``a2a_kit``...) whose text is only share words: ``share-price``, ``market-share`` or a
    heading ``id="share-buybacks"`` are not share bars."""
    tokens = f"{el.get('class') or ''} {el.get('id') or ''}".lower().split()
    if not any(_SHARE_TOKEN.fullmatch(token) for token in tokens):
        return False
    words = _SHARE_WORDS.sub("", "".join(el.text_content().split()).lower())
    return not words


def _share_bar_around(
    link: lxml.html.HtmlElement, root: lxml.html.HtmlElement
) -> lxml.html.HtmlElement | None:
    """The largest block around a share link made only of share links and a short label."""
    found = None
    for el in link.iterancestors():
        if el is root:
            break
        links = list(el.iter("a"))
        if not all(_is_share_link((a.get("href") or "").strip().lower()) for a in links):
            break
        if _text_len(el) > _SHARE_TEXT_MAX:
            break
        found = el
    return found


def _is_share_link(href: str) -> bool:
    return any(marker in href for marker in _SHARE_MARKERS)


def _is_feed_footer(el: lxml.html.HtmlElement) -> bool:
    """The feed-proxy footer ("获取更多RSS：https://feedx.net ...") appended by mirror bots."""  # noqa: RUF002
    hrefs = [a.get("href") or "" for a in el.iter("a")]
    if not hrefs or not all("feedx." in h for h in hrefs):
        return False
    return "rss" in el.text_content().lower()


def _replace_media(root: lxml.html.HtmlElement, base_url: str | None, log: Removals) -> None:
    for el in list(root.iter("img", "video", "audio", "iframe", "picture", "source", "track")):
        if el.getparent() is None:
            continue
        if el.tag in ("source", "track"):
            if el.getparent().tag not in ("video", "audio"):
                el.drop_tree()
            continue
        if el.tag == "picture":
            el.drop_tag()
            continue
        placeholder = _placeholder(el, base_url)
        fallback = el.text_content()
        if fallback.strip():
            log.append(("embedded object" if el.tag == "iframe" else "media fallback", fallback))
        if placeholder is None:
            el.drop_tree()
        else:
            placeholder.tail = el.tail
            el.getparent().replace(el, placeholder)


def _placeholder(el: lxml.html.HtmlElement, base_url: str | None) -> lxml.html.HtmlElement | None:
    if el.tag == "img":
        src = _image_source(el)
        if (src and _DECORATIVE_SRC.search(src)) or el.get("width") in ("0", "1"):
            return None
        alt = " ".join((el.get("alt") or el.get("title") or "").split())
        label = f"Image: {alt}" if alt else "Image"
    elif el.tag in ("video", "audio"):
        sources = [el.get("src")] + [s.get("src") for s in el.iter("source")]
        src = next((s for s in sources if s), None) or el.get("poster")
        label = "Video" if el.tag == "video" else "Audio"
    else:  # iframe
        src = el.get("src") or el.get("data-src")
        if not src:
            return None
        label = "Embedded content"
    url = _absolute(src, base_url) if src else None
    if el.tag == "iframe" and not url:
        return None
    if el.tag == "iframe" and url:
        label = f"{label}: {urlsplit(url).hostname or url}"
    holder = lxml.html.Element("a" if url else "span")
    holder.set("class", MEDIA_CLASS)
    if url:
        holder.set("href", url)
    holder.text = f"[{label}]"
    return holder


def _image_source(el: lxml.html.HtmlElement) -> str | None:
    candidates: list[str | None] = [
        el.get(k) for k in ("data-src", "data-original", "data-lazy-src", "src")
    ]
    for value in candidates:
        if value and not value.strip().lower().startswith("data:"):
            return value.strip()
    srcset = el.get("srcset") or el.get("data-srcset") or ""
    first = srcset.split(",")[0].strip().split(" ")[0] if srcset else ""
    return first or None


def _absolute(url: str, base_url: str | None) -> str | None:
    """An absolute http(s) URL for ``url``, or None (relative without a base, other schemes)."""
    url = url.strip()
    if not url:
        return None
    if base_url and base_url.lower().startswith(("http://", "https://")):
        try:
            url = urljoin(base_url, url)
        except ValueError:
            return None
    return url if url.lower().startswith(("http://", "https://")) else None


def _resolve_links(root: lxml.html.HtmlElement, base_url: str | None) -> None:
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith("#") or a.get("class") == MEDIA_CLASS:
            continue
        if href.lower().startswith("mailto:"):
            continue
        absolute = _absolute(href, base_url)
        if absolute:
            a.set("href", absolute)
        else:
            del a.attrib["href"]


def _drop_empty(root: lxml.html.HtmlElement) -> None:
    """Remove wrappers left holding nothing (spacers, emptied share bars, ad slots), keeping
    what they meant between words: an inline one's space (``<span> </span>``) or line break
    (``<span><br></span>``), a block's line break between two runs of text."""
    for el in reversed(list(root.iter())):
        if el is root or el.getparent() is None or not isinstance(el.tag, str):
            continue
        if el.tag not in _WRAPPERS or not _is_empty(el):
            continue
        if el.tag in _INLINE_WRAPPERS:
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
    return el.tag not in _BLOCKS and el.tag not in _PAGE_CHROME and bool(_text_len(el))


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
    found = [(el, _first_strong_direction(el)) for el in root.iter(*_BLOCKS) if not el.get("dir")]
    if not any(direction == "rtl" for _, direction in found) and root.get("dir") != "rtl":
        return
    for el, direction in found:
        if direction and el is not root:
            el.set("dir", direction)
    if not root.get("dir"):
        root.set("dir", _first_strong_direction(root) or "ltr")


def _first_strong_direction(el: lxml.html.HtmlElement) -> str | None:
    return first_strong_direction(el.itertext())


def _text_len(el: lxml.html.HtmlElement) -> int:
    return len("".join(el.text_content().split()))
