"""Markdown and plain text as article HTML (untrusted, like any: ``sanitize`` runs after).

- Markdown: CommonMark (markdown-it-py) with GitHub's tables and strikethrough. Raw HTML in it
  passes through to the sanitizer like any article HTML. The first heading is the title (taken
  out of the body when it opens the file: the reading page shows the title above it); a YAML
  front matter block gives ``title``, ``date`` and ``url``/``source`` and is not shown.
- Plain text: everything escaped (``<jane@example.org>`` shows as written). Blank lines
  separate paragraphs. A paragraph whose lines were hard-wrapped (each break falls where the
  next word would not have fitted, at 40-120 columns) is reflowed into one; in a file with no
  blank lines, or where lines are long (over 100 columns), each line is a paragraph; otherwise
  (an address, a verse, a list) the line breaks are kept. The first line is the title when it
  looks like one: alone in its paragraph, short, not ending as a sentence does, and more
  follows; else there is none and the file name is used.
- Links, in both: bare ``http(s)://`` URLs, ``www.`` hosts and e-mail addresses, also when
  glued to CJK text; only what ``links.external_url`` lets leave the app.

Nesting: markdown-it-py silently drops what lies deeper than its ``maxNesting`` (and recurses
once a level): a Markdown file nested that deep (no real one is) is shown as plain text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from html import escape

from markdown_it import MarkdownIt
from markdown_it.token import Token

from reader.core.links import external_url


@dataclass(frozen=True, slots=True)
class Converted:
    """A Markdown or text file as article HTML, with what it says about itself."""

    title: str | None  # None: the caller names it after the file
    html: str  # untrusted article HTML (a fragment)
    url: str | None = None
    published: int | None = None  # epoch milliseconds, UTC


# --- detection -------------------------------------------------------------------------------

# A whole HTML document: <!doctype html>, <html>, <head> or <body> first (after an XML
# declaration, comments such as a browser's "saved from url=", and white space).
_PROLOGUE = re.compile(r"\ufeff|\s+|<\?[^>]{0,500}>|<!--.*?-->", re.DOTALL)
_DOCUMENT_START = re.compile(r"<(?:!doctype\s+html|html|head|body)(?=[\s>])", re.IGNORECASE)
# Markup: a start tag of an HTML element, any end tag, a comment or a doctype.
_MARKUP = re.compile(
    r"<(?:(?:a|abbr|address|article|aside|audio|b|big|blockquote|body|br|button|caption|center|"
    r"cite|code|col|colgroup|dd|del|details|div|dl|dt|em|embed|figcaption|figure|font|footer|"
    r"form|h[1-6]|head|header|hr|html|i|iframe|img|input|ins|kbd|label|li|link|main|mark|meta|"
    r"nav|noscript|object|ol|option|p|picture|pre|q|s|script|section|select|small|source|span|"
    r"strike|strong|style|sub|summary|sup|svg|table|tbody|td|template|textarea|tfoot|th|thead|"
    r"time|title|tr|tt|u|ul|video|wbr)(?=[\s/>])|/[a-z][\w:.-]*\s*>|!--|!doctype\s)",
    re.IGNORECASE,
)


def is_html_document(text: str) -> bool:
    """Whether ``text`` is clearly a whole HTML document (whatever the file is called)."""
    head = text[:20_000]
    pos = 0
    while m := _PROLOGUE.match(head, pos):  # one at a time: no backtracking across them
        pos = m.end()
    return _DOCUMENT_START.match(head, pos) is not None


def looks_like_markup(text: str) -> bool:
    """Whether ``text`` holds HTML markup: a tag of an HTML element, an end tag, a comment.
    ``<jane@example.org>`` and ``<https://example.org/>`` are not markup."""
    return _MARKUP.search(text) is not None


# --- links -------------------------------------------------------------------------------------

# Where a bare URL ends: white space, angle brackets, quotes, and the punctuation of Unicode's
# general, CJK and full-width blocks (a URL glued to Chinese text ends at a full-width comma).
_URL_STOP = '\\s<>"\u2000-\u206f\u3000-\u303f\ufe30-\ufe4f\uff00-\uff65'
_LINK = re.compile(
    rf"(?<![A-Za-z0-9+.-])(?P<url>(?:https?://|mailto:|www\.)[^{_URL_STOP}]+)"
    r"|(?<![A-Za-z0-9._%+-])(?P<mail>[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
    r"\.[A-Za-z]{2,})(?![A-Za-z0-9-])",
    re.IGNORECASE,
)
_TRAILING = ".,:;!?'*_~"  # a sentence's punctuation after a URL is not part of it
_CLOSERS = {")": "(", "]": "[", "}": "{"}
_PREFIXES = ("https://", "http://", "mailto:", "www.")


@dataclass(frozen=True, slots=True)
class Link:
    """A link found in text: ``text[index:last_index]`` shows ``text`` and goes to ``url``.
    (The attribute names are the ones markdown-it-py's linkify rules read.)"""

    index: int
    last_index: int
    url: str
    text: str
    schema: str


def find_links(text: str) -> list[Link]:
    """The URLs, ``www.`` hosts and e-mail addresses in ``text`` that may leave the app."""
    found = []
    for m in _LINK.finditer(text):
        link = _link(m)
        if link is not None:
            found.append(link)
    return found


def _link(m: re.Match[str]) -> Link | None:
    raw = m.group("url")
    if raw is None:
        address = m.group(0)
        url = external_url(f"mailto:{address}")
        return Link(m.start(), m.end(), url, address, "mailto:") if url else None
    raw = _trim(raw)
    lowered = raw.lower()
    prefix = next((p for p in _PREFIXES if lowered.startswith(p)), "")
    if len(raw) <= len(prefix) or not raw[len(prefix)].isalnum():
        return None  # "http://", "www..", "mailto:?"
    if prefix == "www.":
        url, schema = external_url(f"http://{raw}"), ""
    else:
        url, schema = external_url(raw), prefix.rstrip("/")
    return Link(m.start(), m.start() + len(raw), url, raw, schema) if url else None


def _trim(url: str) -> str:
    """A URL without the punctuation of the sentence around it: ``(see https://x.org/a).``"""
    unmatched = {
        closer: url.count(closer) - url.count(opener) for closer, opener in _CLOSERS.items()
    }
    end = len(url)
    while end:
        last = url[end - 1]
        if last in _CLOSERS and unmatched[last] > 0:
            unmatched[last] -= 1
        elif last not in _TRAILING:
            break
        end -= 1
    return url[:end]


class _Linkify:
    """``find_links`` in the shape markdown-it-py's linkify rules call (linkify-it's)."""

    def pretest(self, text: str) -> bool:
        return "://" in text or "@" in text or "www." in text.lower()

    def test(self, text: str) -> bool:
        return bool(find_links(text))

    def match(self, text: str) -> list[Link] | None:
        return find_links(text) or None

    def match_at_start(self, text: str) -> Link | None:
        m = _LINK.match(text)
        link = _link(m) if m and m.group("url") else None
        if link is None or "://" not in link.text:
            return None
        # The inline rule takes ``url`` as the text it consumes: give it the text as written.
        return Link(link.index, link.last_index, link.text, link.text, link.schema)


# --- Markdown ----------------------------------------------------------------------------------


# Block levels (a blockquote is one, a list item two); ~300 recurse past Python's limit.
MAX_NESTING = 100


class _Markdown(MarkdownIt):
    def validateLink(self, url: str) -> bool:  # markdown-it-py's name
        """Every link target is kept for the sanitizer to judge (``links.external_url``), as
        in raw HTML: ``[click](javascript:...)`` shows as ``click``, a link to nowhere."""
        return True


def _markdown() -> MarkdownIt:
    md = _Markdown("commonmark", {"linkify": True, "maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough", "linkify"])
    md.linkify = _Linkify()
    return md


_MD = _markdown()
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_YAML_LINE = re.compile(r"\s*(?:#.*|[\w .-]+:.*|-.*|\s.*)?")
_YAML_FIELD = re.compile(r"^(title|date|url|source)[ \t]*:[ \t]*(.+?)[ \t]*$", re.MULTILINE)


def markdown_article(text: str) -> Converted:
    """A Markdown file as article HTML; the title is its first heading (or front matter's)."""
    meta, body = _front_matter(text)
    try:
        tokens = _MD.parse(body)
    except RecursionError:  # links in links in links...: hundreds deep
        return text_article(text)
    if any(token.level >= MAX_NESTING - 1 for token in tokens):
        return text_article(text)  # markdown-it dropped what lies deeper
    _join_lines_of_paragraphs(tokens)
    heading, start = _first_heading(tokens)
    title = _clean_title(meta.get("title", "")) or heading
    if start == 0 and title == heading:  # the file opens with it: shown once, as the title
        tokens = tokens[3:]
    html = _MD.renderer.render(tokens, _MD.options, {})
    return Converted(
        title=title,
        html=html,
        url=external_url(meta.get("url") or meta.get("source")),
        published=_date_ms(meta.get("date")),
    )


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """A YAML front matter block's simple fields, and the text after it (no block: ({}, text))."""
    m = _FRONT_MATTER.match(text)
    if m is None:
        return {}, text
    block = m.group(1) or ""
    if not all(_YAML_LINE.fullmatch(line) for line in block.split("\n")):
        return {}, text  # a thematic break and text, not front matter
    fields = {key.lower(): _unquote(value) for key, value in _YAML_FIELD.findall(block)}
    return fields, text[m.end() :]


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _date_ms(value: str | None) -> int | None:
    if not value:
        return None
    try:
        stamp = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.UTC)
    return int(stamp.timestamp() * 1000)


def _first_heading(tokens: list[Token]) -> tuple[str | None, int | None]:
    """The text of the first heading with any, and the index of its ``heading_open``."""
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and i + 1 < len(tokens):
            title = _clean_title(_inline_text(tokens[i + 1].children or []))
            if title:
                return title, i
    return None, None


def _inline_text(children: list[Token]) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "text_special", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(_inline_text(child.children or []))
    return "".join(parts)


def _clean_title(title: str) -> str | None:
    return " ".join(_CONTROL.sub(" ", title).split())[:500] or None


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _join_lines_of_paragraphs(tokens: list[Token]) -> None:
    """A paragraph's line breaks as the space they stand for, none between two CJK characters
    (a newline is white space in HTML, but the stored text would keep it)."""
    for token in tokens:
        children = token.children or []
        for i, brk in enumerate(children):
            if brk.type != "softbreak":
                continue
            before = children[i - 1].content if i > 0 else ""
            after = children[i + 1].content if i + 1 < len(children) else ""
            tight = before and after and _tight(before[-1], after[0])
            brk.type, brk.content = "text", "" if tight else " "


# --- plain text ---------------------------------------------------------------------------------

_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]"
)
_UNDERLINE = re.compile(r"\s*(?:={3,}|-{3,})\s*")
_SENTENCE_END = tuple(".,;:\uff0c\u3002\uff1b\uff1a\u3001")  # and their full-width forms
WRAP_MIN, WRAP_MAX = 40, 120  # the columns text is hard-wrapped at (72 and 80, most often)
LONG_LINE = 100  # a line this wide is a paragraph of its own, not a line of a verse or address
TITLE_MAX = 120  # columns


def text_article(text: str) -> Converted:
    """A plain-text file as article HTML: paragraphs, links; the title if its first line is one."""
    blocks = _blocks(text)
    title, blocks = _take_title(blocks)
    html = "".join(
        "<p>" + "<br>".join(map(_line_html, lines)) + "</p>" for lines in _paragraphs(blocks)
    )
    return Converted(title=title, html=html)


def _blocks(text: str) -> list[list[str]]:
    """The runs of non-blank lines (right-stripped)."""
    blocks: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.strip():
            blocks[-1].append(line.rstrip())
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _take_title(blocks: list[list[str]]) -> tuple[str | None, list[list[str]]]:
    """The first line when it is a title (alone in its block or underlined, or the first line
    of a file without blank lines; short, not ending as a sentence does, not only a link, and
    followed by more text), and the blocks without it."""
    if not blocks:
        return None, blocks
    first = blocks[0]
    if len(first) > 1 and _UNDERLINE.fullmatch(first[1]):
        taken = 2
    elif len(first) == 1 or (len(blocks) == 1 and len(first) > 2 and not _is_wrapped(first)):
        taken = 1
    else:
        return None, blocks
    rest = [first[taken:], *blocks[1:]] if first[taken:] else blocks[1:]
    title = _clean_title(first[0])
    if not rest or title is None or not _is_title(title):
        return None, blocks
    return title, rest


def _is_title(line: str) -> bool:
    if _width(line) > TITLE_MAX or line.endswith(_SENTENCE_END) or not _has_word(line):
        return False
    links = find_links(line)
    return not (links and links[0].index == 0 and links[0].last_index == len(line))


def _paragraphs(blocks: list[list[str]]) -> list[list[str]]:
    """Paragraphs as the lines to show in each (a reflowed paragraph is one line)."""
    paragraphs: list[list[str]] = []
    for block in blocks:
        if len(block) > 1 and _is_wrapped(block):
            paragraphs.append([_join_lines(block)])
        elif len(blocks) == 1 or any(_width(line) > LONG_LINE for line in block):
            paragraphs.extend([line.strip()] for line in block)
        else:
            paragraphs.append([line.strip() for line in block])
    return paragraphs


def _width(line: str) -> int:
    """Columns a line takes in a terminal (CJK characters take two)."""
    return len(line) + len(_WIDE.findall(line))


def _is_wrapped(block: list[str]) -> bool:
    """Whether the lines were broken by a wrap at the block's width: each break falls where the
    next word would not have fitted on the line."""
    widths = [_width(line) for line in block]
    width = max(widths)
    if not WRAP_MIN <= width <= WRAP_MAX:
        return False
    for line, line_width, following in zip(block, widths, block[1:], strict=False):
        rest = following.lstrip()
        if _tight(line[-1], rest[0]):
            fits = line_width + _width(rest[0]) <= width
        else:
            fits = line_width + 1 + _width(rest.split(None, 1)[0]) <= width
        if fits:
            return False
    return True


def _join_lines(block: list[str]) -> str:
    joined = block[0].strip()
    for line in block[1:]:
        line = line.strip()
        joined += line if _tight(joined[-1], line[0]) else " " + line
    return joined


def _tight(before: str, after: str) -> bool:
    """Whether two characters on either side of a line break join without a space (CJK)."""
    return bool(_WIDE.match(before)) and bool(_WIDE.match(after))


def _has_word(line: str) -> bool:
    return any(ch.isalnum() for ch in line)


def _line_html(line: str) -> str:
    """One line of text as HTML: escaped, its links as links."""
    parts = []
    pos = 0
    for link in find_links(line):
        parts.append(escape(line[pos : link.index], quote=False))
        parts.append(f'<a href="{escape(link.url)}">{escape(link.text, quote=False)}</a>')
        pos = link.last_index
    parts.append(escape(line[pos:], quote=False))
    return "".join(parts)
