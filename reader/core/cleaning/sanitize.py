"""The security boundary: article HTML in, HTML that can neither run script nor fetch out.

lxml parses and ``clean`` decides what is article; nh3 (ammonia, an html5ever parse) is the
final allow-list pass. Nothing that loads by itself survives: images, video and embeds are
already links to their remote URL, so the viewer loads nothing unless the user clicks. The one
``<img>`` kept is an image the article carries, a ``data:`` URI checked here again
(``page/images.is_offline_image_uri``); the viewer serves it from memory, by key.
"""

from __future__ import annotations

from collections.abc import Callable

import lxml.html
import nh3

from reader.core.cleaning.clean import clean, parse_fragment
from reader.core.cleaning.removals import Removals
from reader.core.formats.html_tags import BLOCK_ELEMENTS
from reader.core.links import EXTERNAL_SCHEMES, external_url
from reader.core.page.images import is_offline_image_uri
from reader.core.page.text import MEDIA_CLASS, tree_text

TAGS = frozenset(
    [
        "a",
        "abbr",
        "address",
        "article",
        "b",
        "bdi",
        "bdo",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "main",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "rp",
        "rt",
        "ruby",
        "s",
        "samp",
        "section",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "tt",
        "u",
        "ul",
        "var",
        "wbr",
    ]
)
# Dropped with their content: what is code, controls or a fallback of something removed.
CLEAN_CONTENT_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "textarea",
        "select",
        "option",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "title",
        "xmp",
        "noembed",
        "noframes",
        "plaintext",
        "head",
    ]
)
ATTRIBUTES = {
    "*": {"dir", "lang", "title", "id"},
    "a": {"href", "name"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "reversed", "type"},
    "time": {"datetime"},
    "img": {"src", "alt"},
}
ALLOWED_CLASSES = {"a": {MEDIA_CLASS}, "span": {MEDIA_CLASS}}
URL_SCHEMES = EXTERNAL_SCHEMES  # what may leave the app (links.py): nh3 checks them too
# nh3 drops a URL of another scheme before ``_attribute_filter`` sees it: "data" passes to
# the filter, which keeps it only in an <img src> holding a checked image.
_NH3_SCHEMES = URL_SCHEMES | {"data"}


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    if attr == "href":
        if value.startswith("#"):
            return value
        return external_url(value)  # None for relative: Qt would resolve it against the disk
    if attr == "src":
        return value if tag == "img" and is_offline_image_uri(value) else None
    if attr == "dir":
        return value if value.strip().lower() in ("rtl", "ltr", "auto") else None
    return value


def sanitize_html(html: str) -> str:
    """The allow-list pass alone (used by ``sanitize_article`` and tested on its own)."""
    return nh3.clean(
        html,
        tags=set(TAGS),
        clean_content_tags=set(CLEAN_CONTENT_TAGS),
        attributes={k: set(v) for k, v in ATTRIBUTES.items()},
        attribute_filter=_attribute_filter,
        url_schemes=set(_NH3_SCHEMES),
        allowed_classes={k: set(v) for k, v in ALLOWED_CLASSES.items()},
        strip_comments=True,
        link_rel=None,
    )


def sanitize_article(html: str, base_url: str | None = None, *, page: bool = False) -> str:
    """Clean and sanitize an article's HTML; relative links resolve against ``base_url``.

    ``page`` says the input is a whole saved web page (its nav, header, footer and aside go).
    Any ``<base>`` in the content is ignored.
    """
    return sanitize_with_text(html, base_url, page=page)[0]


def sanitize_with_text(
    html: str,
    base_url: str | None = None,
    *,
    page: bool = False,
    furniture: Callable[[lxml.html.HtmlElement], object] | None = None,
    removed: Removals | None = None,
) -> tuple[str, str]:
    """``sanitize_article`` and the plain text of the article, from one parse.

    The text comes from the cleaned tree: nh3 keeps every text node that cleaning kept
    (whatever it drops with its content, cleaning dropped already). ``furniture`` is called
    with the cleaned tree before the allow-list pass (``furniture.remove_furniture``).
    ``removed`` receives what cleaning removed with its text, by rule (``removals.RULES``).
    """
    # Every element's Python proxy kept alive for the passes below (see parse_document).
    alive: list[lxml.html.HtmlElement] = []
    root = parse_fragment(html, alive)
    clean(root, base_url, page=page, removed=removed)
    if furniture is not None:
        furniture(root)
    _blocks_kept(root)
    _loose_text_in_paragraphs(root)
    safe = sanitize_html(lxml.html.tostring(root, encoding="unicode"))
    text = tree_text(root)
    del alive
    return safe, text


# Containers whose loose text beside blocks becomes a paragraph (not li, td, dd: a <p> there
# would add a paragraph's margins inside a list item or a cell).
_CONTAINERS = frozenset(
    {"div", "section", "article", "main", "header", "footer", "aside", "nav", "blockquote"}
    | {"figure", "details"}
)


def _loose_text_in_paragraphs(root: lxml.html.HtmlElement) -> None:
    """Text beside blocks in a container (``<div>Photo</div>The minister resigned.``) in a
    ``<p>`` of its own: Qt's rich text joins it to the block before ("PhotoThe minister..."),
    where a browser starts a new line (an anonymous block)."""
    for el in list(root.iter(*_CONTAINERS)):
        children = list(el)
        if not any(_is_block(child) for child in children):
            continue
        lead, el.text = el.text, None
        for child in children:
            el.remove(child)  # each keeps its tail
        out: list[lxml.html.HtmlElement] = []
        run: list[lxml.html.HtmlElement] = []
        for child in children:
            if _is_block(child):
                _flush(el, out, lead, run)
                lead, child.tail, run = child.tail, None, []
                out.append(child)
            else:
                run.append(child)
        _flush(el, out, lead, run)
        el.extend(out)


def _is_block(el: lxml.html.HtmlElement) -> bool:
    return isinstance(el.tag, str) and el.tag in BLOCK_ELEMENTS


def _flush(
    parent: lxml.html.HtmlElement,
    out: list[lxml.html.HtmlElement],
    lead: str | None,
    run: list[lxml.html.HtmlElement],
) -> None:
    """Add ``lead`` text and the ``run`` of inline elements after it to ``out``: in a <p>
    when they hold text, else as they were."""
    if (lead or "").strip() or any((el.text_content() + (el.tail or "")).strip() for el in run):
        paragraph = lxml.html.Element("p")
        paragraph.text = lead
        paragraph.extend(run)
        out.append(paragraph)
        return
    if lead:
        if out:
            out[-1].tail = (out[-1].tail or "") + lead
        else:
            parent.text = lead
    out.extend(run)


def _blocks_kept(root: lxml.html.HtmlElement) -> None:
    """A block the allow-list does not keep (aside, nav, hgroup, center, form...) becomes a
    ``<div>``: nh3 would unwrap it, running its text into the next block's."""
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag not in TAGS and el.tag in BLOCK_ELEMENTS:
            el.tag = "div"
            el.attrib.pop("class", None)
