"""The reading page: sanitized article HTML inside a calm, readable layout.

Qt-free: the viewer shows what this returns. Styling stays within what Qt's rich-text engine
supports (no max-width: the viewer sets the measure with document margins).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from html import escape

from reader.core.links import external_url
from reader.core.model import Document, local_datetime
from reader.core.page import localdate
from reader.core.page.text import first_strong_direction, reading_minutes

MEASURE_EM = 40  # the reading column's width, in em of the body font

FONT_STACK = (
    '"Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", '
    '"Hiragino Sans GB", "Microsoft YaHei", "Noto Sans Arabic", "Noto Naskh Arabic", '
    '"Noto Sans Hebrew", "DejaVu Sans", "Noto Sans", "Segoe UI", sans-serif'
)

STYLE = f"""
body {{ font-family: {FONT_STACK}; }}
p, li, dd, blockquote, figcaption, .sr-caption {{ line-height: 125%; }}
p {{ margin-top: 0; margin-bottom: 0.9em; }}
h1.title {{ font-size: 1.75em; font-weight: 600; margin-bottom: 0.5em; line-height: 100%; }}
h1, h2, h3, h4 {{ font-weight: 600; margin-top: 1.1em; margin-bottom: 0.5em; }}
p.meta {{ color: #767676; font-size: 0.9em; margin-bottom: 1.6em; }}
a {{ color: #1a5fb4; text-decoration: none; }}
a.sr-media, span.sr-media {{ color: #6a6a6a; font-size: 0.85em; }}
blockquote {{ margin-left: 1.2em; margin-right: 1.2em; color: #3d3d3d; }}
pre {{ font-family: "Noto Sans Mono CJK SC", "DejaVu Sans Mono", monospace;
       white-space: pre-wrap; }}
figcaption, .sr-caption {{ color: #6a6a6a; font-size: 0.9em; margin: 0.3em 0 0.9em 0; }}
table {{ border-collapse: collapse; }}
td, th {{ padding: 4px; border: 1px solid #c8c8c8; }}
.welcome p {{ margin-bottom: 0.8em; }}
.welcome-actions a {{ font-size: 1.1em; }}
"""


def article_page(
    doc: Document,
    body: str | None = None,
    *,
    date_text: Callable[[dt.datetime], str] | None = None,
) -> str:
    """The whole page for one document: title heading, then byline, source and local date
    (each once: the importer took them out of the article), reading time, original link;
    ``body``: the article's HTML, or the first part of it (``pieces.article_pieces``);
    ``date_text`` writes the date in the reader's locale (the window passes ``QLocale``'s;
    without it, ``localdate.date_text``: the POSIX locale variables, see there why)."""
    title_dir = first_strong_direction([doc.title]) or "ltr"
    meta = []
    byline = " ".join((doc.byline or "").split())
    if byline and byline.casefold() != doc.source.casefold():
        meta.append(f"<b>{escape(byline)}</b>")
    meta.append(escape(doc.source))
    when = local_datetime(doc.published)
    if when is not None:
        meta.append(escape((date_text or localdate.date_text)(when)))
    minutes = reading_minutes(doc.text)
    if minutes:
        meta.append(f"{minutes} min read")
    url = external_url(doc.url)  # a library from before the check may hold any scheme
    if url:
        meta.append(f'<a href="{escape(url, quote=True)}">Open original</a>')
    if body is None:
        body = doc.html if doc.html.strip() else link_only_html(doc)
    return (
        f"<html><head><style>{STYLE}</style></head><body>"
        f'<h1 class="title" dir="{title_dir}">{escape(doc.title)}</h1>'
        f'<p class="meta">{" · ".join(meta)}</p>'
        f"{qt_html(body)}</body></html>"
    )


# HTML5 blocks Qt's rich text does not know: it lays them out inline, running their text into
# the text around them ("Fact oneFact twoThe minister resigned."). Shown as the <div> Qt knows;
# the stored article keeps them (sanitized HTML: a "<" in text is "&lt;", so only tags match).
_QT_UNKNOWN_BLOCKS = re.compile(
    r"<(/?)(section|article|main|header|footer|aside|nav|figure|figcaption|details|summary|"
    r"hgroup|search|dialog|menu|fieldset|legend)(?=[\s/>])",
    re.IGNORECASE,
)


def qt_html(html: str) -> str:
    """Sanitized article HTML as Qt's rich text lays it out right (see _QT_UNKNOWN_BLOCKS);
    a figure's caption keeps its look as ``div.sr-caption``."""
    return _QT_UNKNOWN_BLOCKS.sub(_qt_tag, html)


def _qt_tag(match: re.Match[str]) -> str:
    closing, tag = match.group(1), match.group(2).lower()
    if tag == "figcaption" and not closing:
        return '<div class="sr-caption"'
    return f"<{closing}div"


def link_only_html(doc: Document) -> str:
    """What a saved item without article text shows: its link (http, https or mailto)."""
    url = external_url(doc.url)
    if url:
        return (
            "<p>This saved item has no article text, only its link: "
            f'<a href="{escape(url, quote=True)}">{escape(url)}</a></p>'
        )
    return "<p>This saved item has no article text.</p>"


WELCOME_ACTIONS = {
    "reader:open": "Open a saved article…",
    "reader:import-folder": "Import a folder…",
    "reader:sample": "Open the sample article",
}


def welcome_page(*, sample_available: bool) -> str:
    """Shown when the library is empty."""
    actions = [
        f'<p><a href="{href}">{label}</a></p>'
        for href, label in WELCOME_ACTIONS.items()
        if sample_available or href != "reader:sample"
    ]
    return (
        f"<html><head><style>{STYLE}</style></head><body><div class='welcome'>"
        '<h1 class="title">Welcome to Saved Reader</h1>'
        "<p>Read your saved articles offline and privately. Saved Reader opens news-mirror "
        "files, saved web pages (shown as a reader view), Markdown and plain text; nothing "
        "is fetched from the network unless you click a link.</p>"
        f"<div class='welcome-actions'>{''.join(actions)}</div>"
        "<p class='meta'>Tip: drop files or folders on this window. Press ? for the keyboard "
        "shortcuts.</p></div></body></html>"
    )


def library_page(total: int, unread: int, sources: int) -> str:
    """Shown when the library has articles and none is open."""
    articles = "1 article" if total == 1 else f"{total:,} articles"
    origin = "one source" if sources == 1 else f"{sources:,} sources"
    return (
        f"<html><head><style>{STYLE}</style></head><body><div class='welcome'>"
        '<h1 class="title">Your library</h1>'
        f"<p>{articles} from {origin}, {unread:,} unread.</p>"
        "<p>Press J for the first article in the list, N for the next unread one, / to "
        "search titles and text.</p>"
        "<p class='meta'>Press ? for every keyboard shortcut.</p></div></body></html>"
    )


def message_page(title: str, text: str) -> str:
    return (
        f"<html><head><style>{STYLE}</style></head><body>"
        f'<h1 class="title">{escape(title)}</h1><p>{escape(text)}</p></body></html>'
    )
