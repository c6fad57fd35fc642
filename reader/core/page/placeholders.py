"""Media not shown, as the page shows it: a calm box at its place, never glued to its text.

Cleaning leaves an image, video, audio or embed that is not loaded as a link to its remote URL
(``<a class="sr-media" href="URL">[Image: alt]</a>``, or a ``<span>`` with no URL; media.py),
and the library stores that. The page (``render.qt_html``) shows each as a one-cell table,
which Qt's rich text lays out as a block of its own: its kind and host ("图片 · ichef.bbci.co.uk"
in a Chinese article, "Image · host" otherwise), and its alt text under them. Done when the
page is made, so a library imported before it shows boxes too. A caption the site wrote as a
loose ``<div><small>`` right under the image (DW, Reuters, VOA), or a paragraph there that ends
in a photo credit's small print (BBC), is shown as a caption.

The box keeps the image's URL as its link. Images are loaded only when the reader asks
(``Load images``: ui/reading/pictures.py, ``fetch-images``): ``image_urls`` lists what an
article's placeholders point to, and the page is made with what the image store holds
(``ImageStates``): a stored image is an ``<img>`` whose source is its URL, which the viewer's
wall serves from the store (never from the network), its alt text and caption kept; a refused
one is a box that says why ("Not loaded: not an image (text/html)"). Nothing here loads
anything.
"""

from __future__ import annotations

import re
from html import escape, unescape
from urllib.parse import parse_qs, urlsplit

from reader.core.library.images import ImageStates

_KINDS = {
    "Image": ("Image", "图片"),
    "Video": ("Video", "视频"),
    "Audio": ("Audio", "音频"),
    "Embedded content": ("Embedded content", "嵌入内容"),
}
# What media.py writes, as nh3 serializes it (sanitized HTML: a "<" in text is "&lt;"); a line
# break right after it (a gallery's "[Image]<br>caption") and a loose caption under it.
_PLACEHOLDER = re.compile(
    r'<(a|span) class="sr-media"(?: href="([^"]*)")?>'
    r"\[(Image|Video|Audio|Embedded content)(?:: ([^<]*?))?\]</\1>"
    r"(?:\s*<br>)?"
    # a caption right under it: <div><small>caption</small></div> (DW, Reuters, VOA), or a
    # paragraph ending in a credit's small print, "caption <small>图像来源 Getty</small>" (BBC)
    r"(?:(?P<closed>(?:\s*</(?:p|div)>)*)\s*(?:<div><small>(?P<loose>[^<]*)</small></div>"
    r"|(?P<opened>(?:<div>)*)<p>(?P<credited>[^<]*(?:<span>[^<]*</span>[^<]*)?<small>[^<]*"
    r"</small>)</p>))?"
)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]{2,}")
_SAMPLE = 4000  # characters of the text read to tell its language
# Image proxies the news mirror's feeds go through: the image's own host is in their query.
_PROXIES = frozenset({"images.weserv.nl"})


NONE_LOADED = ImageStates()


def media_boxes(html: str, *, cjk: bool = False, images: ImageStates = NONE_LOADED) -> str:
    """``html`` (sanitized) with its media placeholders as boxes, labelled in Chinese when
    ``cjk`` (the article is), and the images the store holds (``images``) as images; one
    pass over the page."""
    if "sr-media" not in html:
        return html
    return _PLACEHOLDER.sub(lambda m: _box(m, cjk, images), html)


def image_urls(html: str) -> list[str]:
    """The URLs of the images ``html`` (sanitized, as stored) shows as placeholders, in
    order, each once."""
    if "sr-media" not in html:
        return []
    found = (unescape(m.group(2)) for m in _PLACEHOLDER.finditer(html) if m.group(3) == "Image")
    return list(dict.fromkeys(url for url in found if url))


def mostly_cjk(text: str) -> bool:
    """The text (its beginning) is more Chinese, Japanese or Korean characters than words of
    Latin letters: its placeholders are labelled in Chinese."""
    sample = text[:_SAMPLE]
    return len(_CJK.findall(sample)) > len(_LATIN_WORD.findall(sample))


def _box(match: re.Match[str], cjk: bool, images: ImageStates) -> str:
    href, kind, alt = match.group(2, 3, 4)
    url = unescape(href) if href else ""
    if kind == "Image" and url and url in images.stored:
        return _image(href, alt) + _caption(match)
    label = _KINDS[kind][1 if cjk else 0]
    host = image_host(url)
    if host:
        label = f"{label} · {host}"
        asked = _hostname(url)
        if asked and asked != host:  # (a feed's image proxy: the site a load would ask)
            label += f" \u7ecf {asked}" if cjk else f" via {asked}"  # (经: by way of)
    head = (
        f'<a class="sr-media" href="{href}">{escape(label)}</a>'
        if href
        else f'<span class="sr-media">{escape(label)}</span>'
    )
    if kind == "Image" and url[:4].lower() == "http":  # (the window's I: pictures.py)
        head += f' · <a class="sr-load" href="{LOAD_IMAGES}">{_LOAD[cjk]}</a>'

    lines = [head]
    # (an embed's "alt" is its host, said already; an alt of punctuation alone, "。", says
    # nothing)
    if alt and kind != "Embedded content" and any(c.isalnum() for c in alt):
        lines.append(f'<span class="sr-alt">{alt}</span>')
    reason = images.reason(url) if kind == "Image" and url else None
    if reason:
        lines.append(f'<span class="sr-alt">{escape(_NOT_LOADED[cjk])}{escape(reason)}</span>')
    box = (
        '<table class="sr-box" width="100%" cellspacing="0" cellpadding="8">'
        f'<tr><td class="sr-box">{"<br>".join(lines)}</td></tr></table>'
    )
    return box + _caption(match)


_NOT_LOADED = ("Not loaded: ", "未载入\uff1a")  # (a full-width colon)
_LOAD = ("Load images", "载入图片")
LOAD_IMAGES = "reader:load-images"  # the link that asks the window to load them


def _image(href: str, alt: str | None) -> str:
    """A stored image at its place, a block of its own set solid (``div.sr-image``: in a
    paragraph's line height, proportional in Qt, an image's line would be that much taller);
    ``href`` as the placeholder wrote it (escaped), its source: the wall serves it from the
    store, fitted to the column."""
    alt_attr = f' alt="{escape(unescape(alt), quote=True)}"' if alt else ""
    return f'<div class="sr-image"><img src="{href}"{alt_attr}></div>'


def _caption(match: re.Match[str]) -> str:
    closed, loose, opened, credited = match.group("closed", "loose", "opened", "credited")
    if loose is not None:
        return f'{closed}<div class="sr-caption">{loose}</div>'
    if credited is not None:
        return f'{closed}{opened}<div class="sr-caption">{credited}</div>'
    return ""


def _hostname(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def image_host(url: str) -> str:
    """The host an image comes from (through a known image proxy, the image's own), or ""."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        if host in _PROXIES:
            inner = parse_qs(parts.query).get("url", [""])[0]
            inner_host = urlsplit(inner if "//" in inner else f"//{inner}").hostname
            host = inner_host or host
    except ValueError:
        return ""
    return host
