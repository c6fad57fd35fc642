"""The article in a saved web page, as a reader view finds it: its metadata and its main text.

A page saved from a browser holds the article inside navigation, related links, comments and
footers. ``extract_article`` returns the article alone, with its structure (headings, lists,
quotes with their attribution, tables, figures with captions, fact boxes):

- the content is the block that readability-lxml (a port of Firefox's reader view) picks, as
  HTML from the page's own tree; then the paragraphs that trafilatura, read on the same tree
  with its precision settings, judged boilerplate are taken out of that block (a share bar, a
  "related" list, a caption-less photo credit), unless trafilatura kept much less than the
  block holds (then trafilatura missed article text, and the block is kept whole). Quotes,
  figures, tables and text-heavy ``<aside>``s inside the block are kept as they are: the
  extractor drops them by tag, a reader wants them;
- the metadata follows Readability.js's rules (``webpage_metadata``).

Measured (``benchmarks/bench_extraction.py``): mean token F1 and title accuracy beside both
libraries alone. A page with no article found gives its whole body. Nothing here fetches.
"""

from __future__ import annotations

import copy
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lxml.html

from reader.core.formats.html5 import parse_body, parse_document
from reader.core.formats.naming import folder_of, one_line, title_from_name
from reader.core.formats.webpage_metadata import absolute, epoch_ms, metadata, norm, similarity
from reader.core.links import external_url
from reader.core.model import InputError, Parsed

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Article:
    """What ``extract_article`` found in a page; ``content_html`` is untrusted (sanitize it)."""

    title: str | None
    content_html: str  # an <article> element: the article's HTML, structure kept
    url: str | None = None  # the page's original address (absolute http(s)), if it says
    published: int | None = None  # epoch milliseconds, UTC
    byline: str | None = None
    site_name: str | None = None
    lang: str | None = None  # the page's language tag, as declared ("zh-CN")
    direction: str | None = None  # "rtl" or "ltr" when the page or its script says
    lead_image: str | None = None  # absolute http(s) URL
    extracted: bool = True  # False: no article found, ``content_html`` is the whole body


def is_webpage(_path: Path, _text: str) -> bool:
    """Any text is taken as an HTML page or fragment (the format tried last)."""
    return True


def parse_webpage(path: Path, text: str) -> Parsed:
    """A saved page (or an HTML fragment) as an article: ``extract_article``'s findings."""
    article = extract_article(text)
    return Parsed(
        title=one_line(article.title or "")[:500] or title_from_name(path),
        url=external_url(article.url),
        published=article.published,
        body_html=article.content_html,
        format="html",
        folder=folder_of(path),
        byline=article.byline,
        site_name=article.site_name,
        lang=article.lang,
        lead_image=article.lead_image,
    )


def extract_article(text: str, url: str | None = None) -> Article:
    """The article in a page's decoded text; ``url`` (if known) resolves relative URLs.

    Raises only ``InputError`` (a page that cannot be parsed at all).
    """
    root = parse_page(text)
    meta = metadata(root, text)
    base = url or meta.get("url")
    content, extracted = _content(root, meta.get("title"))
    direction = _direction(root, content)
    if direction:
        content.set("dir", direction)
    return Article(
        title=meta.get("title"),
        content_html=lxml.html.tostring(content, encoding="unicode"),
        url=meta.get("url"),
        published=epoch_ms(meta.get("published")),
        byline=meta.get("byline"),
        site_name=meta.get("site_name"),
        lang=_lang(root),
        direction=direction,
        lead_image=absolute(meta.get("image"), base),
        extracted=extracted,
    )


# --- parsing -------------------------------------------------------------------------------

# Characters lxml refuses: controls become spaces (as a title shows them), the rest U+FFFD.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_NOT_CHARACTERS = re.compile("[\ud800-\udfff\ufffe\uffff]")


def parse_page(text: str) -> lxml.html.HtmlElement:
    """The page as an ``<html>`` element, parsed as a browser parses it (``html5``: an
    unclosed ``<embed>`` does not swallow the text after it)."""
    text = _NOT_CHARACTERS.sub("\ufffd", _CONTROLS.sub(" ", text))
    try:
        root = parse_document(text)
    except InputError:
        raise
    except Exception as e:  # a parser's own error on hostile input
        raise InputError(f"its HTML cannot be parsed ({type(e).__name__})") from None
    if root is None or not isinstance(root.tag, str):
        raise InputError("its HTML cannot be parsed (no document)")
    return root


# --- content -------------------------------------------------------------------------------

# Blocks whose text trafilatura is asked about (leaves), and the blocks that make a block
# holding one no leaf.
_LEAVES = frozenset(
    ["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "pre", "div", "section", "td"]
)
_CONTAINING_BLOCKS = _LEAVES | frozenset(
    ["ul", "ol", "dl", "table", "tr", "blockquote", "figure", "aside", "header", "footer"]
)

# Kept whole inside the article block: the extractor drops these by tag or as boilerplate.
_KEPT = ("blockquote", "figure", "table", "pre")
_KEEP_BELOW = 0.6  # trafilatura kept less than this share of the block: prune nothing
_LEAF_KEPT = 0.5  # a leaf is article when this share of its tokens is in trafilatura's text
_ASIDE_LINK_DENSITY = 0.3
_SAME_BLOCK = 0.5  # this share of readability's block inside the headline's article: same
_SAME_TITLE = 0.75  # Readability.js's threshold for "this heading says the title"
_MIN_ARTICLE_TOKENS = 50  # an <aside> with more of its text in links is a link list


def _content(root: lxml.html.HtmlElement, title: str | None) -> tuple[lxml.html.HtmlElement, bool]:
    """The article's element (an ``<article>`` holding it) and whether one was found."""
    block = _readability_block(root)
    headline = _headline_article(root, title)
    if headline is not None and (block is None or _overlap(headline, block) < _SAME_BLOCK):
        block = copy.deepcopy(headline)  # readability chose a teaser, not the headline's article
    if block is None or not tokens(block.text_content()):
        return _whole_body(root), False
    kept = _trafilatura_text(root)
    if kept:
        _prune(block, Counter(tokens(kept)))
    _drop_title_heading(block, title)
    article = lxml.html.Element("article")
    article.append(block)
    return article, True


def _headline_article(
    root: lxml.html.HtmlElement, title: str | None
) -> lxml.html.HtmlElement | None:
    """The ``<article>`` holding the page's headline (an ``<h1>`` that says the title), when
    the page has several ``<article>``s (the others: teasers of other posts) and it holds
    text of its own."""
    if not title:
        return None
    articles = list(root.iter("article"))
    if len(articles) < 2:
        return None
    for h1 in root.iter("h1"):
        if similarity(h1.text_content(), title) < _SAME_TITLE:
            continue
        holder = next(h1.iterancestors("article"), None)
        if holder is not None and len(tokens(holder.text_content())) >= _MIN_ARTICLE_TOKENS:
            return holder
    return None


def _overlap(block: lxml.html.HtmlElement, other: lxml.html.HtmlElement) -> float:
    """The share of ``other``'s words that ``block`` holds too."""
    theirs = Counter(tokens(other.text_content()))
    common = sum((Counter(tokens(block.text_content())) & theirs).values())
    return common / max(1, sum(theirs.values()))


def _readability_block(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    from readability import Document

    class KeepingDataTables(Document):  # type: ignore[misc]
        """readability-lxml drops short tables as clutter; Readability.js keeps data tables."""

        def get_preserved_elements(self, node: lxml.html.HtmlElement) -> dict[Any, bool]:
            kept: dict[Any, bool] = super().get_preserved_elements(node)
            kept.update((t, True) for t in node.iter("table") if _is_data_table(t))
            return kept

    try:
        summary = KeepingDataTables(copy.deepcopy(root)).summary(html_partial=True)
    except Exception as e:  # readability raises Unparseable wrapping anything
        log.debug("readability found no article: %s", e)
        return None
    if not summary.strip():
        return None
    try:
        # Read back as a browser would: lxml's parser would nest the text after an <embed>
        # (written without an end tag) inside it.
        return parse_body(summary)
    except Exception:  # pragma: no cover - the same parser read the whole page already
        return None


def _is_data_table(table: lxml.html.HtmlElement) -> bool:
    """Readability.js's test: a table of data, not one laying out the page."""
    if (table.get("role") or "") == "presentation" or table.get("datatable") == "0":
        return False
    if table.get("summary") or table.find("caption") is not None:
        return True
    if next(table.iter("thead", "tfoot", "colgroup", "col", "th"), None) is not None:
        return True
    if any(True for _ in table.iterdescendants("table")):
        return False
    rows = list(table.iter("tr"))
    columns = max((len(r.findall("td")) + len(r.findall("th")) for r in rows), default=0)
    return len(rows) >= 10 or columns > 4 or len(rows) * columns > 10


def _trafilatura_text(root: lxml.html.HtmlElement) -> str:
    import trafilatura

    try:
        text = trafilatura.extract(
            copy.deepcopy(root),
            include_comments=False,
            include_tables=True,
            favor_precision=True,
            deduplicate=False,
            with_metadata=False,
        )
    except Exception as e:  # its own parse or cleaning failing on hostile input
        log.debug("trafilatura failed: %s", e)
        return ""
    return text or ""


def _prune(block: lxml.html.HtmlElement, kept: Counter[str]) -> None:
    """Take out of ``block`` the leaf blocks trafilatura left out (unless it left out much)."""
    total = Counter(tokens(block.text_content()))
    if not total or sum((total & kept).values()) < _KEEP_BELOW * sum(total.values()):
        return
    available = Counter(kept)
    doomed = []
    for leaf in _leaves(block):
        words = tokens(leaf.text_content())
        if not words:
            continue
        found = 0
        for word in words:
            if available[word] > 0:
                available[word] -= 1
                found += 1
        if found < _LEAF_KEPT * len(words):
            doomed.append(leaf)
    for leaf in doomed:
        if leaf.getparent() is not None:
            leaf.drop_tree()


def _leaves(block: lxml.html.HtmlElement) -> Iterator[lxml.html.HtmlElement]:
    """Leaf blocks in document order, not descending into what is kept whole."""
    stack = [iter(block)]
    while stack:
        el = next(stack[-1], None)
        if el is None:
            stack.pop()
            continue
        if not isinstance(el.tag, str):
            continue
        if el.tag in _KEPT or (el.tag == "aside" and _is_fact_box(el)):
            continue
        if el.tag in _LEAVES and not any(
            isinstance(d.tag, str) and d.tag in _CONTAINING_BLOCKS for d in el.iterdescendants()
        ):
            yield el
        else:
            stack.append(iter(el))


def _is_fact_box(aside: lxml.html.HtmlElement) -> bool:
    text = len("".join(aside.text_content().split()))
    links = sum(len("".join(a.text_content().split())) for a in aside.iter("a"))
    return text > 0 and links <= _ASIDE_LINK_DENSITY * text


def _drop_title_heading(block: lxml.html.HtmlElement, title: str | None) -> None:
    """The page's headline repeated at the top of the content (the header shows the title)."""
    if not title:
        return
    for heading in block.iter("h1", "h2"):
        if norm(heading.text_content()) == norm(title):
            heading.drop_tree()
        return


def _whole_body(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    article = lxml.html.Element("article")
    body = root.find("body")
    source = body if body is not None else root
    article.text = source.text
    for child in list(source):
        if isinstance(child.tag, str) and child.tag.lower() == "head":
            continue
        article.append(copy.deepcopy(child))
    return article


_CJK = "\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")


def tokens(text: str) -> list[str]:
    """Words (runs of letters and digits), lower-cased after NFKC; each CJK, kana, Hangul or
    Thai character is a word of its own (those scripts do not space words). Punctuation is not
    a word. The unit of the pruning here and of the token F1 in the benchmark."""
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).lower())


# --- language and direction -------------------------------------------------------------


def _lang(root: lxml.html.HtmlElement) -> str | None:
    for el in (root, root.find("body")):
        value = (el.get("lang") or el.get("xml:lang") or "").strip() if el is not None else ""
        if value and re.fullmatch(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*", value):
            return value
    return None


_RTL_CHAR = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_LTR_CHAR = re.compile(r"[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff\u0e00-\u0e7f\u3040-\u9fff]")


def _direction(root: lxml.html.HtmlElement, content: lxml.html.HtmlElement) -> str | None:
    """The page's ``dir`` (html, then body), else the content's majority script."""
    for el in (root, root.find("body")):
        value = (el.get("dir") or "").strip().lower() if el is not None else ""
        if value in ("rtl", "ltr"):
            return value
    sample = content.text_content()[:20_000]
    rtl, ltr = len(_RTL_CHAR.findall(sample)), len(_LTR_CHAR.findall(sample))
    if rtl > ltr:
        return "rtl"
    return None
