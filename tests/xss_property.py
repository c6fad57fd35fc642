"""A library-neutral check of sanitizer output: P1 and P2 of ../shared/corpus/xss/README.md.

``violations(out_html)`` parses ``out_html`` the way a browser would (html5lib, a full HTML5
tree-construction parse, in the body of a document as the viewer shows it) and lists what it
finds that could run script (P1) or make the viewer load something by itself (P2). It then
serializes the body again with the HTML5 fragment-serialization algorithm (what ``innerHTML``
returns) and checks the re-parse too, which catches mutation XSS.

P2 is the QTextBrowser variant: nothing may load, whatever the URL (remote, relative or
``file:``; Qt resolves relative URLs against the local disk). ``<a href>`` is a link the user
clicks, not a load, and is allowed when it is http(s), mailto or a ``#fragment``. Only a
raster ``data:image/...`` is accepted in a loading attribute (it fetches nothing); CSS
``url()``, ``image-set()`` and ``@import`` are violations whatever they hold.

Every check walks the tree iteratively: the deep-nesting vectors go 60,000 levels deep. A
large output made only of attribute-less basic tags and text is accepted without the parse
(see ``is_plain_markup``): its answer is known, and html5lib is quadratic on such nesting.
"""

from __future__ import annotations

import re
import unicodedata
from xml.etree import ElementTree as ET

import html5lib


def names(text: str) -> frozenset[str]:
    return frozenset(text.split())


HTML_NS = "http://www.w3.org/1999/xhtml"
SVG_NS = "http://www.w3.org/2000/svg"
MATHML_NS = "http://www.w3.org/1998/Math/MathML"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XMLNS_NS = "http://www.w3.org/2000/xmlns/"

# P1: elements that run script, submit, or change how the document or its URLs behave.
SCRIPT_ELEMENTS = names(
    "script iframe frame frameset object embed applet form base meta link portal handler listener"
)
# Attributes holding a URL (local names: xlink:href and xml:base arrive as href and base).
URL_ATTRIBUTES = names(
    "href src action formaction srcset imagesrcset background poster data base cite longdesc "
    "lowsrc dynsrc codebase classid archive manifest icon ping usemap profile itemtype"
)
LIST_URL_ATTRIBUTES = frozenset({"srcset", "imagesrcset"})  # comma-separated candidates
SPACE_LIST_URL_ATTRIBUTES = frozenset({"ping", "archive"})
SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "livescript", "mocha"})
RASTER_DATA = re.compile(
    r"data:image/(png|jpeg|jpg|pjpeg|gif|webp|bmp|avif|apng|x-icon|vnd\.microsoft\.icon|tiff)"
    r"\s*[;,]",
    re.IGNORECASE,
)
SVG_ANIMATION = frozenset({"set", "animate", "animatetransform", "animatemotion", "animatecolor"})
# P2: attributes whose URL is fetched without a click (plus href anywhere but on <a>).
LOADING_ATTRIBUTES = names(
    "src srcset imagesrcset background poster data lowsrc dynsrc codebase archive classid "
    "icon manifest ping"
)
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
# SVG presentation attributes that take url(...) (filters, masks, paint servers, markers).
CSS_URL_ATTRIBUTES = names(
    "style fill stroke filter mask clip-path marker-start marker-mid marker-end cursor"
)

VOID_ELEMENTS = names(
    "area base basefont bgsound br col embed frame hr img input keygen link meta param source "
    "track wbr"
)
RAW_TEXT_PARENTS = names(
    "style script xmp iframe noembed noframes plaintext noscript"  # scripting on
)

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.DOTALL)
_CSS_ESCAPE = re.compile(r"\\(?:([0-9A-Fa-f]{1,6})(?:\r\n|[ \t\n\r\f])?|(\n)|(.))", re.DOTALL)
_CSS_P1 = (
    ("expression(", "CSS expression("),
    ("behavior:", "CSS behavior:"),
    ("behaviour:", "CSS behaviour:"),
    ("-moz-binding", "CSS -moz-binding"),
    ("javascript:", "CSS javascript:"),
    ("vbscript:", "CSS vbscript:"),
)
_CSS_URL = re.compile(r"url\((?!\)|''\)|\"\"\))")  # on text with whitespace removed
_CSS_LOADS = (
    ("@import", "CSS @import"),
    ("image-set(", "CSS image-set()"),
    ("image(", "CSS image()"),
    ("cross-fade(", "CSS cross-fade()"),
    ("element(", "CSS element()"),
)
_STRICT_DROP = frozenset({"Cc", "Zs", "Zl", "Zp", "Cf"})


def parse(html: str, *, scripting: bool = True) -> ET.Element:
    """The ``<html>`` element of a browser-like parse of ``html`` placed in a document's body."""
    return html5lib.parse(
        "<!DOCTYPE html><html><head></head><body>" + html,
        treebuilder="etree",
        namespaceHTMLElements=False,
        scripting=scripting,
    )


# Markup that provably parses to nothing P1 or P2 names: attribute-less tags from this set and
# text. The tokenizer stays in its data state (none of these is raw text, RCDATA or foreign
# content), so the tree holds only these elements (formatting ones possibly cloned, still
# without attributes), html, head, body and text; its serialization is the same kind of
# markup. Used only for large outputs: html5lib's active-formatting reconstruction and
# end-tag handling scan the whole stack of open elements, which makes ammonia's
# 60,000-deep ``<b>`` vector take over a minute (quadratic) for a result known in advance.
_PLAIN_TAG = re.compile(r"</?(?:b|i|u|s|em|strong|small|sub|sup|span|div|p|br)>")
PLAIN_MARKUP_SHORTCUT_CHARS = 100_000


def is_plain_markup(html: str) -> bool:
    return "<" not in _PLAIN_TAG.sub("", html)


def violations(out_html: str) -> list[str]:
    """What in ``out_html`` breaks P1 or P2; an empty list when it is safe to show."""
    if len(out_html) > PLAIN_MARKUP_SHORTCUT_CHARS and is_plain_markup(out_html):
        return []
    found: list[str] = []
    first = parse(out_html)
    trees = [first]
    if "noscript" in out_html.lower():  # the other parse of <noscript> (scripting disabled)
        trees.append(parse(out_html, scripting=False))
    for tree in trees:
        _add(found, _check_tree(tree), "")
    reparsed = parse(inner_html(body(first)))
    _add(found, _check_tree(reparsed), "after re-parse: ")
    return found


def _add(found: list[str], new: list[str], prefix: str) -> None:
    for item in new:
        if item not in found and prefix + item not in found:
            found.append(prefix + item)


# --- the checks ---------------------------------------------------------------------------


def _split(name: str) -> tuple[str, str]:
    """(namespace, local name) of an element or attribute name as html5lib's etree gives it."""
    if name.startswith("{"):
        ns, _, local = name[1:].partition("}")
        return ns, local
    return "", name


def _attr_local(name: str) -> str:
    """Local name, also for a literal prefix on an HTML element (``xlink:href`` -> ``href``)."""
    return _split(name)[1].rsplit(":", 1)[-1].lower()


def _check_tree(root: ET.Element) -> list[str]:
    found: list[str] = []
    for el in root.iter():
        if not isinstance(el.tag, str):  # comment
            continue
        ns, local = _split(el.tag)
        tag = local.lower()
        where = f"<{local}>"
        if tag in SCRIPT_ELEMENTS:
            found.append(f"element {where}")
        if tag == "maction" and ns == MATHML_NS:
            found.append(f"MathML element {where}")
        if tag == "style":
            found.extend(f"{what} in {where}" for what in _css_problems(el.text or "", sheet=True))
        if tag in SVG_ANIMATION:
            found.extend(_animation_problems(el, where))
        for name, value in el.attrib.items():
            attr = _attr_local(name)
            label = f"{attr}={_short(value)!r} on {where}"
            if attr.startswith("on"):
                found.append(f"event-handler attribute {label}")
                continue
            if attr == "srcdoc":
                found.append(f"srcdoc attribute {label}")
            if attr in URL_ATTRIBUTES:
                found.extend(f"{what} in {label}" for what in _url_problems(attr, value))
            if attr in CSS_URL_ATTRIBUTES:
                found.extend(f"{what} in {label}" for what in _css_problems(value, sheet=False))
            if attr in LOADING_ATTRIBUTES and not _harmless_load(attr, value):
                found.append(f"loading attribute {label}")
            if attr == "href":
                if tag == "a" and ns in ("", HTML_NS):
                    if not _allowed_link(value):
                        found.append(f"non-http(s)/mailto/#anchor link {label}")
                elif value.strip():
                    found.append(f"href on a non-link element: {label}")
    return found


def _urls(attr: str, value: str) -> list[str]:
    if attr in LIST_URL_ATTRIBUTES:
        return [c.strip().split(None, 1)[0] for c in value.split(",") if c.strip()]
    if attr in SPACE_LIST_URL_ATTRIBUTES:
        return [c for c in re.split(r"[\s,]+", value) if c]
    return [value]


def browser_trim(url: str) -> str:
    """The URL parser's clean-up: strip leading/trailing C0 and space, drop tab/LF/CR."""
    url = url.strip("".join(chr(c) for c in range(0x21)))
    return url.replace("\t", "").replace("\n", "").replace("\r", "")


def strict_trim(url: str) -> str:
    """Also drop every C0/C1 control, Unicode space and invisible format character."""
    return "".join(c for c in url if unicodedata.category(c) not in _STRICT_DROP)


def scheme(url: str) -> str | None:
    m = _SCHEME.match(url)
    return m.group(1).lower() if m else None


def _url_problems(attr: str, value: str) -> list[str]:
    problems: list[str] = []
    for url in _urls(attr, value):
        for variant, trimmed in (("", browser_trim(url)), ("(strict) ", strict_trim(url))):
            s = scheme(trimmed)
            if s in SCRIPT_SCHEMES:
                problems.append(f"{variant}{s}: URL")
            elif s == "data" and not RASTER_DATA.match(trimmed):
                problems.append(f"{variant}non-raster data: URL")
            else:
                continue
            break  # the strict variant only reports what the browser variant missed
    return problems


def _harmless_load(attr: str, value: str) -> bool:
    urls = [browser_trim(u) for u in _urls(attr, value)]
    return all(not u or RASTER_DATA.match(strict_trim(u)) for u in urls)


def _allowed_link(value: str) -> bool:
    url = browser_trim(value)
    if url.startswith("#"):
        return True
    s, strict = scheme(url), scheme(strict_trim(value))
    return s in LINK_SCHEMES and strict in LINK_SCHEMES


def _css_text(css: str) -> str:
    """CSS with comments removed and escapes decoded, lower-cased, without any whitespace."""

    def unescape(m: re.Match[str]) -> str:
        if m.group(1):
            cp = int(m.group(1), 16)
            return chr(cp) if 0 < cp <= 0x10FFFF and not 0xD800 <= cp <= 0xDFFF else "\ufffd"
        return "" if m.group(2) else m.group(3)

    css = _CSS_ESCAPE.sub(unescape, _CSS_COMMENT.sub("", css))
    return "".join(c for c in css.lower() if not c.isspace() and c != "\x00")


def _css_problems(css: str, *, sheet: bool) -> list[str]:
    text = _css_text(css)
    problems = [label for needle, label in _CSS_P1 if needle in text]
    if _CSS_URL.search(text):
        problems.append("CSS url()" if not sheet else "CSS url() in a style sheet")
    problems.extend(label for needle, label in _CSS_LOADS if needle in text)
    return problems


def _animation_problems(el: ET.Element, where: str) -> list[str]:
    problems: list[str] = []
    attrs = {_attr_local(k): v for k, v in el.attrib.items()}
    target = attrs.get("attributename", "").strip().lower().rsplit(":", 1)[-1]
    if target == "href" or target.startswith("on"):
        problems.append(f"SVG {where} animating {target}")
    for key in ("to", "from", "values", "by"):
        for part in attrs.get(key, "").split(";"):
            for trimmed in (browser_trim(part), strict_trim(part)):
                s = scheme(trimmed)
                if s in SCRIPT_SCHEMES or (s == "data" and not RASTER_DATA.match(trimmed)):
                    problems.append(f"SVG {where} with a {s}: URL in {key}")
                    break
    return problems


def _short(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 3] + "..."


# --- serialization and text -----------------------------------------------------------------


def body(root: ET.Element) -> ET.Element:
    for child in root:
        if child.tag in ("body", "frameset"):
            return child
    return root


# The HTML standard's serialization ("escaping a string"), not html.escape: a no-break space
# becomes &nbsp;, and an attribute value keeps its < and > (and its ').
def _escape_text(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("\xa0", "&nbsp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )


def _escape_attr(value: str) -> str:
    # As browsers did until 2025 (no escaping of < and >): the variant that mutates more.
    return value.replace("&", "&amp;").replace("\xa0", "&nbsp;").replace('"', "&quot;")


def _attr_name(name: str) -> str:
    ns, local = _split(name)
    prefix = {XML_NS: "xml:", XLINK_NS: "xlink:"}.get(ns, "")
    if ns == XMLNS_NS:
        return "xmlns" if local == "xmlns" else "xmlns:" + local
    return prefix + local


def inner_html(el: ET.Element) -> str:
    """HTML5 fragment serialization of ``el``'s children (iterative: no recursion limit)."""
    out: list[str] = []
    ns, local = _split(el.tag) if isinstance(el.tag, str) else ("", "")
    raw = ns in ("", HTML_NS) and local in RAW_TEXT_PARENTS
    if el.text:
        out.append(el.text if raw else _escape_text(el.text))
    # Stack of (element, raw_parent, closing): closing entries emit the end tag and the tail.
    stack: list[tuple[ET.Element, bool, bool]] = [(c, raw, False) for c in reversed(el)]
    while stack:
        node, parent_raw, closing = stack.pop()
        if closing:
            _close(node, out)
            if node.tail:
                out.append(node.tail if parent_raw else _escape_text(node.tail))
            continue
        if not isinstance(node.tag, str):
            if node.tag is ET.Comment:
                out.append(f"<!--{node.text or ''}-->")
            elif node.tag is ET.ProcessingInstruction:
                out.append(f"<?{node.text or ''}>")
            if node.tail:
                out.append(node.tail if parent_raw else _escape_text(node.tail))
            continue
        ns, local = _split(node.tag)
        attrs = "".join(f' {_attr_name(k)}="{_escape_attr(v)}"' for k, v in node.attrib.items())
        out.append(f"<{local}{attrs}>")
        is_html = ns in ("", HTML_NS)
        if is_html and local in VOID_ELEMENTS:
            if node.tail:
                out.append(node.tail if parent_raw else _escape_text(node.tail))
            continue
        raw = is_html and local in RAW_TEXT_PARENTS
        if node.text:
            out.append(node.text if raw else _escape_text(node.text))
        stack.append((node, parent_raw, True))
        stack.extend((c, raw, False) for c in reversed(node))
    return "".join(out)


def _close(node: ET.Element, out: list[str]) -> None:
    out.append(f"</{_split(node.tag)[1]}>")


HIDDEN_TEXT = names(
    "script style template title noscript textarea select option iframe noembed noframes xmp head"
)


def text_content(html: str) -> str:
    """The visible text of ``html`` parsed in a document body (script, style, ... left out)."""
    parts: list[str] = []
    stack: list[ET.Element | str] = [body(parse(html, scripting=False))]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            parts.append(node)
            continue
        if not isinstance(node.tag, str) or _split(node.tag)[1].lower() in HIDDEN_TEXT:
            continue
        if node.text:
            parts.append(node.text)
        for child in reversed(node):  # a child's tail is its parent's text, after the child
            if child.tail:
                stack.append(child.tail)
            stack.append(child)
    return "".join(parts)
