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
- the metadata follows Readability.js's rules (JSON-LD first, then ``<meta>``, then the
  ``<title>`` less its site-name part), plus the original URL (``<link rel=canonical>``,
  ``og:url`` or the comment browsers write, ``<!-- saved from url=(0042)https://... -->``),
  the date as epoch milliseconds and the lead image.

Measured (``benchmarks/bench_extraction.py``): mean token F1 and title accuracy beside both
libraries alone. A page with no article found gives its whole body. Nothing here fetches.
"""

from __future__ import annotations

import copy
import datetime as dt
import html
import json
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import lxml.html

from reader.core.formats.html5 import parse_body, parse_document
from reader.core.model import InputError

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


def extract_article(text: str, url: str | None = None) -> Article:
    """The article in a page's decoded text; ``url`` (if known) resolves relative URLs.

    Raises only ``InputError`` (a page that cannot be parsed at all).
    """
    root = parse_page(text)
    meta = _metadata(root, text)
    base = url or meta.get("url")
    content, extracted = _content(root, meta.get("title"))
    direction = _direction(root, content)
    if direction:
        content.set("dir", direction)
    return Article(
        title=meta.get("title"),
        content_html=lxml.html.tostring(content, encoding="unicode"),
        url=meta.get("url"),
        published=_epoch_ms(meta.get("published")),
        byline=meta.get("byline"),
        site_name=meta.get("site_name"),
        lang=_lang(root),
        direction=direction,
        lead_image=_absolute(meta.get("image"), base),
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

# Blocks whose text trafilatura is asked about; a block holding one of these is not a leaf.
_LEAVES = frozenset(
    ["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "pre", "div", "section", "td"]
)
_BLOCK_TAGS = _LEAVES | frozenset(
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
        if _similarity(h1.text_content(), title) < _SAME_TITLE:
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
            isinstance(d.tag, str) and d.tag in _BLOCK_TAGS for d in el.iterdescendants()
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
        if _norm(heading.text_content()) == _norm(title):
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


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


# --- metadata (Readability.js's rules) -----------------------------------------------------

_PROPERTY = re.compile(
    r"\s*(article|dc|dcterm|og|twitter)\s*:\s*"
    r"(author|creator|description|published_time|title|site_name)\s*",
    re.I,
)
_NAME = re.compile(
    r"^\s*(?:(dc|dcterm|og|twitter|parsely|weibo:(article|webpage))\s*[-.:]\s*)?"
    r"(author|creator|pub-date|description|title|site_name)\s*$",
    re.I,
)
_ARTICLE_TYPES = re.compile(
    r"^Article|AdvertiserContentArticle|NewsArticle|AnalysisNewsArticle|AskPublicNewsArticle|"
    r"BackgroundNewsArticle|OpinionNewsArticle|ReportageNewsArticle|ReviewNewsArticle|Report|"
    r"SatiricalArticle|ScholarlyArticle|MedicalScholarlyArticle|SocialMediaPosting|BlogPosting|"
    r"LiveBlogPosting|DiscussionForumPosting|TechArticle|APIReference$"
)
_SCHEMA_ORG = re.compile(r"^https?://schema\.org/?$")
_SEPARATORS = r"|\-–—\\/>»"  # noqa: RUF001 - the dashes are the point
_SEPARATOR = re.compile(rf"\s[{_SEPARATORS}]\s")
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->", re.I)
_DATE_NAMES = (
    "article:published_time",
    "og:published_time",
    "parsely-pub-date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.created",
    "sailthru.date",
    "citation_publication_date",
)
_MAX_META = 2000  # characters kept of one metadata value
_EARLIEST_MS = int(dt.datetime(1991, 1, 1, tzinfo=dt.UTC).timestamp() * 1000)


def _metadata(root: lxml.html.HtmlElement, text: str) -> dict[str, str]:
    jsonld = _jsonld(root)
    values = _meta_values(root)
    found: dict[str, str | None] = {}
    found["title"] = (
        jsonld.get("title")
        or values.get("dc:title")
        or values.get("dcterm:title")
        or values.get("og:title")
        or values.get("weibo:article:title")
        or values.get("weibo:webpage:title")
        or values.get("title")
        or values.get("twitter:title")
        or values.get("parsely-title")
        or _article_title(root)
        or _first_heading(root)
    )
    author = values.get("article:author")
    found["byline"] = (
        jsonld.get("byline")
        or values.get("dc:creator")
        or values.get("dcterm:creator")
        or values.get("author")
        or values.get("parsely-author")
        or (author if author and not re.match(r"https?://", author) else None)
        or _byline_in_page(root)
    )
    found["site_name"] = jsonld.get("site_name") or values.get("og:site_name")
    stated = jsonld.get("published")
    found["published"] = stated if _epoch_ms(stated) is not None else _page_date(root, values)
    found["url"] = _canonical(root, text)
    found["image"] = (
        jsonld.get("image")
        or values.get("~og:image")
        or values.get("~og:image:url")
        or values.get("~twitter:image")
        or values.get("~twitter:image:src")
    )
    out = {k: _clean_value(v) for k, v in found.items() if v}
    if "title" in out:
        out["title"] = _without_site_name(out["title"], out.get("site_name"))
    return {k: v for k, v in out.items() if v}


def _clean_value(value: str) -> str:
    value = html.unescape(value) if "&" in value else value
    value = "".join(" " if unicodedata.category(c) in ("Cc", "Cs") else c for c in value)
    return " ".join(value.split())[:_MAX_META]


def _meta_values(root: lxml.html.HtmlElement) -> dict[str, str]:
    values: dict[str, str] = {}
    for el in root.iter("meta"):
        content = (el.get("content") or "").strip()
        if not content:
            continue
        prop = el.get("property")
        matched = _PROPERTY.search(prop) if prop else None
        if matched:
            values[re.sub(r"\s", "", matched.group(0).lower())] = content
        name = el.get("name") or el.get("itemprop")
        if not matched and name:
            key = re.sub(r"\s", "", name.lower()).replace(".", ":")
            if _NAME.match(name):
                values[key] = content
            values.setdefault("~" + name.strip().lower(), content)  # any other name, for dates
        if prop:
            values.setdefault("~" + prop.strip().lower(), content)
    return values


def _jsonld(root: lxml.html.HtmlElement) -> dict[str, str]:
    """The first schema.org article in the page's JSON-LD (Readability.js's reading)."""
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = re.sub(r"^\s*<!\[CDATA\[|\]\]>\s*$", "", script.text or "")
        try:
            parsed = json.loads(raw)
            found = _jsonld_article(parsed, root)
        except (ValueError, TypeError, AttributeError, RecursionError):
            continue
        if found is not None:
            return found
    return {}


def _jsonld_article(parsed: Any, root: lxml.html.HtmlElement) -> dict[str, str] | None:
    if isinstance(parsed, list):
        parsed = next((it for it in parsed if _is_article(it)), None)
        if parsed is None:
            return None
    if not isinstance(parsed, dict):
        return None
    context = parsed.get("@context")
    vocab = context.get("@vocab") if isinstance(context, dict) else context
    if not (isinstance(vocab, str) and _SCHEMA_ORG.match(vocab)):
        return None
    if not parsed.get("@type") and isinstance(parsed.get("@graph"), list):
        parsed = next((it for it in parsed["@graph"] if _is_article(it)), None)
    if not isinstance(parsed, dict) or not _is_article(parsed):
        return None
    out: dict[str, str] = {}
    name, headline = parsed.get("name"), parsed.get("headline")
    if isinstance(name, str) and isinstance(headline, str) and name != headline:
        title = _article_title(root)
        name_ok = _similarity(name, title) > 0.75
        out["title"] = headline if _similarity(headline, title) > 0.75 and not name_ok else name
    elif isinstance(name, str):
        out["title"] = name.strip()
    elif isinstance(headline, str):
        out["title"] = headline.strip()
    author = parsed.get("author")
    if isinstance(author, dict) and isinstance(author.get("name"), str):
        out["byline"] = author["name"].strip()
    elif isinstance(author, list) and author and isinstance(author[0], dict):
        names = [a["name"].strip() for a in author if isinstance(a, dict) and _has_name(a)]
        out["byline"] = ", ".join(names)
    publisher = parsed.get("publisher")
    if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
        out["site_name"] = publisher["name"].strip()
    if isinstance(parsed.get("datePublished"), str):
        out["published"] = parsed["datePublished"].strip()
    image = parsed.get("image")
    if isinstance(image, list) and image:
        image = image[0]
    if isinstance(image, dict):
        image = image.get("url")
    if isinstance(image, str):
        out["image"] = image.strip()
    return {k: v for k, v in out.items() if v}


def _is_article(item: Any) -> bool:
    kind = item.get("@type") if isinstance(item, dict) else None
    return isinstance(kind, str) and bool(_ARTICLE_TYPES.search(kind))


def _has_name(item: dict[str, Any]) -> bool:
    return isinstance(item.get("name"), str)


def _similarity(a: str, b: str) -> float:
    """Readability.js's _textSimilarity: the share of b's words (by length) also in a."""
    tokens_a = [t for t in re.split(r"\W+", a.lower()) if t]
    tokens_b = [t for t in re.split(r"\W+", b.lower()) if t]
    if not tokens_a or not tokens_b:
        return 0.0
    unique_b = [t for t in tokens_b if t not in tokens_a]
    return 1 - len(" ".join(unique_b)) / len(" ".join(tokens_b))


def _article_title(root: lxml.html.HtmlElement) -> str:
    """The ``<title>`` less a site name before or after a separator (Readability.js)."""
    title_el = root.find(".//title")
    original = " ".join((title_el.text_content() if title_el is not None else "").split())
    current = original
    hierarchical = False
    separators = list(_SEPARATOR.finditer(original))
    if separators:
        hierarchical = bool(re.search(r"\s[\\/>»]\s", original))
        current = original[: separators[-1].start()]
        if _words(current) < 3:
            current = re.sub(rf"^[^{_SEPARATORS}]*[{_SEPARATORS}]", "", original)
    elif ": " in current:
        headings = (h.text_content().strip() for h in root.iter("h1", "h2"))
        if not any(h == current.strip() for h in headings):
            current = original[original.rfind(":") + 1 :]
            if _words(current) < 3:
                current = original[original.find(":") + 1 :]
            elif _words(original[: original.find(":")]) > 5:
                current = original
    elif len(current) > 150 or len(current) < 15:
        h1s = list(root.iter("h1"))
        if len(h1s) == 1:
            current = h1s[0].text_content()
    current = " ".join(current.split())
    count = _words(current)
    if count <= 4 and (not hierarchical or count != _words(_SEPARATOR.sub("", original)) - 1):
        current = original
    return current


def _first_heading(root: lxml.html.HtmlElement) -> str | None:
    """A page without a title: its first ``<h1>`` that says something."""
    for h1 in root.iter("h1"):
        text = " ".join(h1.text_content().split())
        if text:
            return text
    return None


def _words(text: str) -> int:
    return len(re.split(r"\s+", text))


def _without_site_name(title: str, site_name: str | None) -> str:
    """``Title - The Site`` -> ``Title`` when the page names its site (metadata titles)."""
    if not site_name:
        return title
    for match in reversed(list(_SEPARATOR.finditer(title))):
        head, tail = title[: match.start()].strip(), title[match.end() :].strip()
        if head and _norm(tail) == _norm(site_name):
            return head
    return title


_BYLINE_HINT = re.compile(r"byline|author|dateline|writtenby|p-author", re.I)


def _byline_in_page(root: lxml.html.HtmlElement) -> str | None:
    body = root.find("body")
    if body is None:
        return None
    for el in body.iter():
        if not isinstance(el.tag, str):
            continue
        hint = f"{el.get('class') or ''} {el.get('id') or ''}"
        is_byline = el.get("rel") == "author" or el.get("itemprop", "").startswith("author")
        if is_byline or _BYLINE_HINT.search(hint):
            text = " ".join(el.text_content().split())
            if 0 < len(text) < 100:
                return text
    return None


def _page_date(root: lxml.html.HtmlElement, values: dict[str, str]) -> str | None:
    for name in _DATE_NAMES:
        value = values.get(name) or values.get("~" + name)
        if value and _epoch_ms(value) is not None:
            return value
    for el in root.iter():
        if isinstance(el.tag, str) and (el.get("itemprop") or "").strip() == "datePublished":
            stated: str = el.get("content") or el.get("datetime") or el.text_content()
            if _epoch_ms(stated) is not None:
                return stated
    times = [t for t in root.iter("time") if t.get("datetime")]
    first = next((t for t in times if t.get("pubdate") is not None), None) or (
        times[0] if times else None
    )
    stamp: str | None = None if first is None else first.get("datetime")
    if stamp is not None and _epoch_ms(stamp) is not None:
        return stamp
    return None


def _epoch_ms(value: str | None) -> int | None:
    """An ISO 8601 date or time (as pages write them) as epoch ms, UTC when no zone is said."""
    if not value:
        return None
    value = value.strip()[:64]
    if not re.match(r"\d{4}-\d{2}-\d{2}", value):
        return None
    value = re.sub(r"(\.\d{1,6})\d+", r"\1", value)  # nanoseconds: Python reads six digits
    try:
        stamp = dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        try:
            stamp = dt.datetime.fromisoformat(value[:10])
        except ValueError:
            return None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.UTC)
    try:
        ms = int(stamp.timestamp() * 1000)
    except (OverflowError, OSError, ValueError):
        return None
    # Placeholders ("0001-01-01") and typos: a web page is not older than the web, nor from
    # years ahead (a page may be saved a little before its stated time, across zones).
    latest = dt.datetime.now(dt.UTC) + dt.timedelta(days=366)
    return ms if _EARLIEST_MS <= ms <= latest.timestamp() * 1000 else None


def _canonical(root: lxml.html.HtmlElement, text: str) -> str | None:
    for el in root.iter("link"):
        if "canonical" in (el.get("rel") or "").lower().split():
            found = _absolute(el.get("href"), None)
            if found:
                return found
    for el in root.iter("meta"):
        if (el.get("property") or el.get("name") or "").strip().lower() == "og:url":
            found = _absolute(el.get("content"), None)
            if found:
                return found
    saved = _SAVED_FROM.search(text[:4096])
    return _absolute(saved.group(1), None) if saved else None


def _absolute(value: str | None, base: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    if base and base.lower().startswith(("http://", "https://")):
        try:
            value = urljoin(base, value)
        except ValueError:
            return None
    if not value.lower().startswith(("http://", "https://")) or len(value) > _MAX_META:
        return None
    return value if not re.search(r"[\s<>\"]", value) else None


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
