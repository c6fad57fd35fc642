"""HTML's element names as the reader sorts them: one set per meaning, in one place.

``BLOCK_ELEMENTS`` is HTML's own list; the other block sets are what one pass was written and
measured against. Where such a set differs from ``BLOCK_ELEMENTS`` it is written as the
difference, with its name and comment saying why: changing one changes what that pass does
to an article (the corpus checks hold the passes to what they do now).
"""

from __future__ import annotations

BLOCK_ELEMENTS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "search",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
"""Block-level elements: each starts a line of its own (what a text breaks lines at)."""

TEXT_BLOCKS = frozenset(
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
"""Blocks that hold running text, not only other blocks (lists, tables, page sections): each
gets its own direction from its text, and inline text between two of them is a line apart."""

ARTICLE_LINE_BLOCKS = BLOCK_ELEMENTS - {
    *("caption", "center", "details", "dialog", "fieldset", "form"),
    *("hgroup", "hr", "legend", "menu", "search", "summary"),
}
"""The blocks page furniture cuts an article into lines at (``furniture``): the set its rules
were written and measured with, without the rarer blocks above (read as part of the line they
are in). Adding one changes what the rules judge: measure with
``benchmarks/bench_news_furniture.py`` first."""

BREAKS_WHEN_FLATTENED = BLOCK_ELEMENTS - {
    *("tbody", "thead", "tfoot"),  # inside a table, whose rows break lines already
    *("caption", "center", "dialog", "legend", "menu", "search", "summary"),
}
"""Blocks that leave a ``<br>`` on each side when the HTML5 parse flattens them past its depth
limit (``html5.MAX_DEPTH``), so that their lines stay apart (the set it was written with)."""

INLINE_WRAPPERS = frozenset(
    ["span", "small", "strong", "b", "em", "i", "u", "font", "label", "cite", "time"]
)
"""Inline elements that only wrap text: left holding nothing, they go (``clean``)."""

STANDALONE_INLINE = frozenset(
    ["time", "small", "span", "i", "em", "b", "strong", "a", "cite", "font", "label"]
)
"""Inline elements that are a line of their own when nothing else shares their line: a date in
``<time>``, a byline in ``<span>``, a link (``furniture``). Unlike ``INLINE_WRAPPERS`` it holds
``<a>`` (an empty link is not dropped as a wrapper) and not ``<u>`` (the rules were written
without it)."""

PAGE_CHROME = frozenset({"nav", "header", "footer", "aside"})
"""A page's navigation, header, footer and asides: chrome outside its article."""

RAW_TEXT = ("xmp", "plaintext", "listing")
"""Obsolete elements a browser shows as written (tags in them are text): shown as ``<pre>``."""

SVG_UNRENDERED = frozenset({"defs", "symbol", "clipPath", "mask", "pattern", "marker"})
"""SVG holding what is drawn only when used elsewhere (icon sprites), never by itself."""
