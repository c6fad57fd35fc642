"""A saved web page's metadata, by Readability.js's rules: JSON-LD first, then ``<meta>``, then
the ``<title>`` less its site-name part; plus the original URL (``<link rel=canonical>``,
``og:url`` or the comment browsers write, ``<!-- saved from url=(0042)https://... -->``), the
date as epoch milliseconds and the lead image."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import unicodedata
from typing import Any
from urllib.parse import urljoin

import lxml.html

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


def metadata(root: lxml.html.HtmlElement, text: str) -> dict[str, str]:
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
    found["published"] = stated if epoch_ms(stated) is not None else _page_date(root, values)
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
        name_ok = similarity(name, title) > 0.75
        out["title"] = headline if similarity(headline, title) > 0.75 and not name_ok else name
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


def similarity(a: str, b: str) -> float:
    """Readability.js's _textSimilarity: the share of b's words (by length) also in a."""
    tokens_a = [t for t in re.split(r"\W+", a.lower()) if t]
    tokens_b = [t for t in re.split(r"\W+", b.lower()) if t]
    if not tokens_a or not tokens_b:
        return 0.0
    unique_b = [t for t in tokens_b if t not in tokens_a]
    return 1 - len(" ".join(unique_b)) / len(" ".join(tokens_b))


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


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
        if head and norm(tail) == norm(site_name):
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
        if value and epoch_ms(value) is not None:
            return value
    for el in root.iter():
        if isinstance(el.tag, str) and (el.get("itemprop") or "").strip() == "datePublished":
            stated: str = el.get("content") or el.get("datetime") or el.text_content()
            if epoch_ms(stated) is not None:
                return stated
    times = [t for t in root.iter("time") if t.get("datetime")]
    first = next((t for t in times if t.get("pubdate") is not None), None) or (
        times[0] if times else None
    )
    stamp: str | None = None if first is None else first.get("datetime")
    if stamp is not None and epoch_ms(stamp) is not None:
        return stamp
    return None


def epoch_ms(value: str | None) -> int | None:
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
            found = absolute(el.get("href"), None)
            if found:
                return found
    for el in root.iter("meta"):
        if (el.get("property") or el.get("name") or "").strip().lower() == "og:url":
            found = absolute(el.get("content"), None)
            if found:
                return found
    saved = _SAVED_FROM.search(text[:4096])
    return absolute(saved.group(1), None) if saved else None


def absolute(value: str | None, base: str | None) -> str | None:
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
