"""An article's title as a reader reads it: no escapes, no entities, no site name.

Mirror bots write feed titles raw: a backslash the site put before a quote (``中国品牌\\“囚爱\\“``),
HTML entities left encoded (``&quot;夸大&quot;``), the site's name after a dash
(``… – 法国国际广播电台 - RFI``). ``clean_title`` undoes those and nothing else: a dash that
is part of the title (``美国总统大选民调可信不可信? - 美国专栏`` stays unless the source's
rule says the part after it is a column name).
"""

# ruff: noqa: RUF001, RUF002, RUF003  (CJK punctuation in patterns and examples is meant)

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

# A backslash before punctuation that Markdown would not have escaped (quotes of any script).
_ESCAPED_QUOTE = re.compile(r"\\+([\"'“”‘’「」『』«»])")
_ENTITY = re.compile(r"&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# "Title – Site" and "Title - Site - RFI": the separators sites put before their name.
_SEPARATOR = re.compile(r"\s+[-–—|｜]\s+")
# Site names that close titles; matched against the whole part after a separator.
SITE_NAMES = (
    "法国国际广播电台",
    "法国国际广播电台 - RFI",
    "RFI",
    "RFI - 法国国际广播电台",
    "BBC News 中文",
    "BBC 中文",
    "BBC News",
    "纽约时报中文网",
    "FT中文网",
    "美国之音",
    "VOA",
    "德国之声",
    "DW",
    "自由亚洲电台",
    "路透",
    "中国数字时代",
)
# Per-source rules for what no general rule can tell from a title (see the module docstring):
# the host (without "www.") and a pattern for a trailing part that is a column name.
SOURCE_TITLE_SUFFIXES = {
    "rfi.fr": re.compile(r"\s+-\s+\S{1,8}(专栏|專欄|评论|評論|观察|觀察)$"),
}


def clean_title(title: str, url: str | None = None) -> str:
    """``title`` without backslash-escaped quotes, entities and a site-name suffix."""
    text = _ESCAPED_QUOTE.sub(r"\1", title)
    if _ENTITY.search(text):
        text = html.unescape(text)
    text = text.strip()
    text = _strip_site(text)
    host = _host(url)
    for suffix_host, pattern in SOURCE_TITLE_SUFFIXES.items():
        if host == suffix_host or host.endswith("." + suffix_host):
            stripped = pattern.sub("", text)
            text = stripped if stripped.strip() else text
    return text.strip() or title.strip()


def _strip_site(text: str) -> str:
    """Cut trailing "– Site" parts while what is cut is a known site name."""
    names = {_key(name) for name in SITE_NAMES}
    while True:
        parts = list(_SEPARATOR.finditer(text))
        cut = None
        for match in parts:
            if _key(text[match.end() :]) in names:
                cut = match
                break
        if cut is None or not text[: cut.start()].strip():
            return text
        text = text[: cut.start()]


def _key(name: str) -> str:
    return re.sub(r"[\s\-–—|｜]+", " ", name).strip().casefold()


def _host(url: str | None) -> str:
    try:
        host = urlsplit(url or "").hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")
