"""The reading page: sanitized article HTML inside a calm, readable layout.

Qt-free: the viewer shows what this returns. The page's look is ``page_style(theme,
typography)``, a style sheet the viewer gives its document (Qt applies a document's default
style sheet to every page and piece set in it), so the pages themselves carry no style unless
asked (``style=``). Styling stays within what Qt's rich-text engine supports: no max-width (the
viewer sets the measure with document margins), no text-align (``justify_paragraphs``), no
letter-spacing anywhere (CJK text is never letter-spaced).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from html import escape

from reader.core.library.images import ImageStates
from reader.core.links import external_url
from reader.core.model import Document, local_datetime
from reader.core.page import localdate
from reader.core.page.placeholders import NONE_LOADED, media_boxes, mostly_cjk
from reader.core.page.text import first_strong_direction, reading_minutes
from reader.core.page.theme import LIGHT, Theme
from reader.core.page.typography import MONO_FAMILIES, Typography, css_families

STAR = "\u2605"  # ★, in the header of a starred article


def page_style(
    theme: Theme = LIGHT, typography: Typography | None = None, em_px: float | None = None
) -> str:
    """The reading page's style sheet: the theme's colours, the typography's font, line height
    and paragraph spacing (its size is the document's default font: the viewer's, with zoom).
    Titles stay tight (line-height 100%: a wrapped title reads as one heading). ``em_px``: the
    body font's em in pixels, for the paragraph spacing (Qt's rich text takes an "em" in a
    margin as the em of a font of the default size, whatever the font's size)."""
    t = typography or Typography()
    line = f"{round(t.line_height * 100)}%"
    spacing = (
        f"{t.paragraph_spacing:g}em" if em_px is None else f"{t.paragraph_spacing * em_px:.0f}px"
    )
    return f"""
body {{ font-family: {css_families(t.families, t.generic)}; color: {theme.text};
        background-color: {theme.background}; }}
p, li, dd, blockquote, figcaption, .sr-caption {{ line-height: {line}; }}
p {{ margin-top: 0; margin-bottom: {spacing}; }}
h1.title {{ font-size: 1.75em; font-weight: 600; margin-bottom: 0.5em; line-height: 100%; }}
h1, h2, h3, h4 {{ font-weight: 600; margin-top: 1.1em; margin-bottom: 0.5em; }}
p.meta {{ color: {theme.secondary}; font-size: 0.9em; margin-bottom: 1.6em; }}
a {{ color: {theme.link}; text-decoration: none; }}
a.sr-media, span.sr-media {{ color: {theme.secondary}; font-size: 0.85em; }}
a.sr-load {{ color: {theme.link}; font-size: 0.85em; }}
div.sr-image {{ line-height: 100%; margin-top: 0.4em; margin-bottom: 0.4em; }}
table.sr-box {{ border-collapse: collapse; margin-top: 0.4em; margin-bottom: 0.4em; }}
td.sr-box {{ background-color: {theme.frame}; border: 1px solid {theme.rule}; padding: 8px; }}
span.sr-alt {{ color: {theme.text}; font-size: 0.9em; }}
blockquote {{ margin-left: 1.2em; margin-right: 1.2em; color: {theme.quote}; }}
pre {{ font-family: {css_families(MONO_FAMILIES, "monospace")}; white-space: pre-wrap; }}
figcaption, .sr-caption {{ color: {theme.secondary}; font-size: 0.9em; margin: 0.3em 0 0.9em 0; }}
table {{ border-collapse: collapse; margin-bottom: {spacing}; }}
td, th {{ padding: 4px; border: 1px solid {theme.rule}; }}
.welcome p {{ margin-bottom: 0.8em; }}
.welcome-actions a {{ font-size: 1.1em; }}
"""


# A paragraph's opening tag without a class (the meta line has one; the sanitizer keeps no
# class on <p> and no align attribute at all).
_PARAGRAPH = re.compile(r"<p(?=[\s>])(?![^>]*\bclass=)", re.IGNORECASE)


def justify_paragraphs(html: str) -> str:
    """``html`` with its paragraphs justified (Qt's rich text takes no CSS text-align: the
    old ``align`` attribute it does take)."""
    return _PARAGRAPH.sub('<p align="justify"', html)


def _head(style: str) -> str:
    return f"<head><style>{style}</style></head>" if style else ""


def article_page(
    doc: Document,
    body: str | None = None,
    *,
    date_text: Callable[[dt.datetime], str] | None = None,
    source_name: str | None = None,
    starred: bool = False,
    style: str = "",
    images: ImageStates = NONE_LOADED,
) -> str:
    """The whole page for one document: title heading, then a star when ``starred``, byline,
    source and local date (each once: the importer took them out of the article), reading
    time, original link; ``body``: the article's HTML, or the first part of it
    (``pieces.article_pieces``); ``date_text`` writes the date in the reader's locale (the
    window passes ``QLocale``'s; without it, ``localdate.date_text``: the POSIX locale
    variables, see there why); ``source_name``: the source's name, shown instead of
    ``doc.source`` (its host); ``style``: a style sheet to carry (the viewer gives its own);
    ``images``: what the image store holds of the article's images (placeholders.py)."""
    title_dir = first_strong_direction([doc.title]) or "ltr"
    source = " ".join((source_name or "").split()) or doc.source
    meta = [f"{STAR} Starred"] if starred else []
    byline = " ".join((doc.byline or "").split())
    if byline and byline.casefold() not in (doc.source.casefold(), source.casefold()):
        meta.append(f"<b>{escape(byline)}</b>")
    meta.append(escape(source))
    when = local_datetime(doc.published)
    if when is not None:
        meta.append(escape((date_text or localdate.date_text)(when)))
    minutes = reading_minutes(doc.text)
    if minutes:
        meta.append(f"{minutes} min read")
    url = external_url(doc.url)  # a library from before the check may hold any scheme
    if url:
        meta.append(f'<a href="{escape(url, quote=True)}">Open&nbsp;original</a>')
    if body is None:
        body = doc.html if doc.html.strip() else link_only_html(doc)
    return (
        f"<html>{_head(style)}<body>"
        f'<h1 class="title" dir="{title_dir}">{escape(doc.title)}</h1>'
        f'<p class="meta">{" · ".join(meta)}</p>'
        f"{qt_html(body, cjk=mostly_cjk(doc.text), images=images)}</body></html>"
    )


# HTML5 blocks Qt's rich text does not know: it lays them out inline, running their text into
# the text around them ("Fact oneFact twoThe minister resigned."). Shown as the <div> Qt knows;
# the stored article keeps them (sanitized HTML: a "<" in text is "&lt;", so only tags match).
_QT_UNKNOWN_BLOCKS = re.compile(
    r"<(/?)(section|article|main|header|footer|aside|nav|figure|figcaption|details|summary|"
    r"hgroup|search|dialog|menu|fieldset|legend)(?=[\s/>])",
    re.IGNORECASE,
)


def qt_html(html: str, *, cjk: bool = False, images: ImageStates = NONE_LOADED) -> str:
    """Sanitized article HTML as Qt's rich text lays it out right (see _QT_UNKNOWN_BLOCKS);
    a figure's caption keeps its look as ``div.sr-caption``; media not shown as boxes
    (placeholders.py, labelled in Chinese when ``cjk``), or the images the store holds."""
    html = media_boxes(html, cjk=cjk, images=images)
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


def welcome_page(*, sample_available: bool, style: str = "") -> str:
    """Shown when the library is empty."""
    actions = [
        f'<p><a href="{href}">{label}</a></p>'
        for href, label in WELCOME_ACTIONS.items()
        if sample_available or href != "reader:sample"
    ]
    return (
        f"<html>{_head(style)}<body><div class='welcome'>"
        '<h1 class="title">Welcome to Saved Reader</h1>'
        "<p>Read your saved articles offline and privately. Saved Reader opens news-mirror "
        "files, saved web pages (shown as a reader view), Markdown and plain text; nothing "
        "is fetched from the network unless you click a link.</p>"
        f"<div class='welcome-actions'>{''.join(actions)}</div>"
        "<p class='meta'>Tip: drop files or folders on this window. Press ? for the keyboard "
        "shortcuts.</p></div></body></html>"
    )


def library_page(total: int, unread: int, sources: int, *, style: str = "") -> str:
    """Shown when the library has articles and none is open."""
    articles = "1 article" if total == 1 else f"{total:,} articles"
    origin = "one source" if sources == 1 else f"{sources:,} sources"
    return (
        f"<html>{_head(style)}<body><div class='welcome'>"
        '<h1 class="title">Your library</h1>'
        f"<p>{articles} from {origin}, {unread:,} unread.</p>"
        "<p>Press J for the first article in the list, N for the next unread one, / to "
        "search titles and text.</p>"
        "<p class='meta'>Press ? for every keyboard shortcut.</p></div></body></html>"
    )


def message_page(title: str, text: str, *, style: str = "") -> str:
    return (
        f"<html>{_head(style)}<body>"
        f'<h1 class="title">{escape(title)}</h1><p>{escape(text)}</p></body></html>'
    )
