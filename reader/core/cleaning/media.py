"""Media out of an article's HTML, links made absolute: the viewer must load nothing by itself.

Images, video, audio and embeds become links to their remote URL (``[Image: alt]``, marked
``MEDIA_CLASS``; the page shows each as a box, ``page/placeholders.py``), or go when they have
none; decorative images (spacers, rules) go. An image the article carries itself (a ``data:``
URI of a PNG, JPEG, GIF or WebP, checked by ``page/images.py``) stays an ``<img>``, shown
offline; past ``MAX_IMAGES`` an article, or not an image, it is a placeholder (one that is not
an image goes if it has no alt text: an icon or a lazy-load stand-in). An image's alt
text is left out of its placeholder when its figure's caption says the same. Links are made
absolute against the article's URL; those that cannot be are no longer links.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import lxml.html

from reader.core.cleaning.removals import Removals
from reader.core.page.images import MAX_IMAGES, inline_image
from reader.core.page.text import MEDIA_CLASS

_DECORATIVE_SRC = re.compile(r"(grey|gray)[-_]?line|spacer|pixel\.gif|blank\.gif", re.I)


def replace_media(root: lxml.html.HtmlElement, base_url: str | None, log: Removals) -> None:
    """Media elements as placeholders (see the module docstring); their fallback text logged."""
    kept = 0  # offline images kept
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
        if el.tag == "img" and kept < MAX_IMAGES:
            image = _offline_image(el)
            if image is not None:
                kept += 1
                el.getparent().replace(el, image)
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
        if (src and _DECORATIVE_SRC.search(src)) or "0" in _declared(el) or "1" in _declared(el):
            return None
        alt = " ".join((el.get("alt") or el.get("title") or "").split())
        data = (el.get("src") or "").strip()
        if not src and not alt and data[:5].lower() == "data:" and inline_image(data) is None:
            return None  # an icon or stand-in not kept (SVG...): nothing to say about it
        if alt and alt == _caption_of(el):
            alt = ""  # said under it
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


def _declared(el: lxml.html.HtmlElement) -> tuple[str, str]:
    """An ``<img>``'s declared width and height ("0" or "1": a spacer or a tracking pixel)."""
    return ((el.get("width") or "").strip(), (el.get("height") or "").strip())


def _offline_image(el: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The ``<img>`` kept for an image the article carries (a checked ``data:`` URI and no
    remote source beside it), or None."""
    src = (el.get("src") or "").strip()
    if src[:5].lower() != "data:" or _image_source(el):
        return None
    image = inline_image(src)
    if image is None:
        return None
    kept = lxml.html.Element("img")
    kept.set("src", image.uri)
    alt = " ".join((el.get("alt") or el.get("title") or "").split())
    if alt:
        kept.set("alt", alt)
    kept.tail = el.tail
    return kept


def _caption_of(el: lxml.html.HtmlElement) -> str:
    """The caption of the figure ``el`` is in (its text, spaces collapsed), or ""."""
    for up in el.iterancestors("figure"):
        caption = up.find(".//figcaption")
        return " ".join(caption.text_content().split()) if caption is not None else ""
    return ""


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


def resolve_links(root: lxml.html.HtmlElement, base_url: str | None) -> None:
    """Links made absolute against ``base_url``; a link that cannot be loses its ``href``."""
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
