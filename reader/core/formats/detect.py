"""Reading saved-article files: decoding bytes and detecting the format by content.

Formats today, tried in this order (``_PARSERS``; each sniffer sees the path and the text):
- news-mirror: ``<!--EPOCH_MS-->`` / ``[Title](URL)`` / ``------`` / blank / article HTML,
  whatever the file is called;
- markdown: a ``.md`` or ``.markdown`` file that is not a whole HTML document (``markup``);
- text: a ``.txt`` file that is not a whole HTML document, or a file of another name that
  holds no HTML markup (``<jane@example.org>`` is not markup);
- html: anything else that is text, taken as an HTML page or fragment.
Later formats (RSS/Atom, read-it-later exports) register a sniffer in ``_PARSERS``.
"""

from __future__ import annotations

import datetime as dt
import re
import stat
from collections.abc import Callable
from pathlib import Path

from reader.core.cleaning.titles import clean_title
from reader.core.display import name_text
from reader.core.formats.decoding import decode
from reader.core.formats.markup import (
    Converted,
    is_html_document,
    looks_like_markup,
    markdown_article,
    text_article,
)
from reader.core.formats.webpage import extract_article
from reader.core.limits import check_markup, check_size
from reader.core.links import external_url
from reader.core.model import InputError, Parsed

_COMMENT = re.compile(r"^<!--(.*?)-->\s*$")
_RULE = re.compile(r"^\s*-{3,}\s*$")
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # backslash + ASCII punctuation only


def read_file(path: Path) -> bytes:
    """The file's bytes, or an InputError that says why not."""
    try:
        if path.is_dir():
            raise InputError("it is a folder, not a file")
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a pipe or a device would block or never end
            raise InputError("it is not a regular file")
        check_size(info.st_size)
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as e:
        raise InputError(f"it cannot be read ({e.strerror or e})") from None


_CONTROL_CHARS = re.compile("[\x00-\x1f\x7f-\x9f]")


def parse(path: Path, data: bytes) -> Parsed:
    """Parse one file's bytes; the format is detected from the content, the file's suffix
    breaking ties (a ``.txt`` file holding tags is text; a ``.md`` file is Markdown)."""
    text = decode(data).replace("\r\n", "\n").replace("\r", "\n")
    check_markup(text)
    for sniff, parser in _PARSERS:
        if sniff(path, text):
            return parser(path, text)
    raise InputError("its format is not recognised")  # pragma: no cover - html takes all


# --- news-mirror -------------------------------------------------------------------------


def _is_news_mirror(_path: Path, text: str) -> bool:
    lines = text.lstrip("\n").split("\n", 3)
    if _COMMENT.match(lines[0].strip()) and len(lines) > 1:
        return _split_link(lines[1]) is not None
    return _split_link(lines[0]) is not None and len(lines) > 1 and bool(_RULE.match(lines[1]))


def _split_link(line: str) -> tuple[str, str] | None:
    """``[Title](URL)`` -> (title, url). Titles may hold ``]``, ``(``, ``)`` and escapes."""
    line = line.strip()
    if not (line.startswith("[") and line.endswith(")")):
        return None
    cut = line.rfind("](")
    if cut < 1:
        return None
    title = _one_line(_MD_ESCAPE.sub(r"\1", line[1:cut]))
    url = line[cut + 2 : -1].strip()
    if url.startswith("<") and url.endswith(">"):
        url = url[1:-1]
    return title, url


def _parse_news_mirror(path: Path, text: str) -> Parsed:
    lines = text.lstrip("\n").split("\n")
    published = None
    m = _COMMENT.match(lines[0].strip())
    if m:
        published = _epoch_ms(m.group(1))
        lines = lines[1:]
    link = _split_link(lines[0])
    assert link is not None  # the sniffer checked it
    title, url = link
    rest = lines[1:]
    if rest and _RULE.match(rest[0]):
        rest = rest[1:]
    body = "\n".join(rest).strip()
    return Parsed(
        title=clean_title(title, url) if title else _title_from_name(path),
        url=external_url(url),  # javascript:, file: and the like are dropped here
        published=published,
        body_html=body,
        format="news-mirror",
        folder=name_text(path.parent.name) or None,
    )


def _epoch_ms(value: str) -> int | None:
    value = value.strip()
    if not re.fullmatch(r"-?\d{1,16}", value):
        return None
    number = int(value)
    if abs(number) < 100_000_000_000:  # seconds, not milliseconds (before 1973 in ms)
        number *= 1000
    try:
        dt.datetime.fromtimestamp(number / 1000, tz=dt.UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return number


# --- Markdown and plain text ------------------------------------------------------------------

_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
_TEXT_SUFFIXES = frozenset({".txt"})


def _is_markdown(path: Path, text: str) -> bool:
    return path.suffix.lower() in _MARKDOWN_SUFFIXES and not is_html_document(text)


def _is_text(path: Path, text: str) -> bool:
    if path.suffix.lower() in _TEXT_SUFFIXES:
        return not is_html_document(text)
    return not looks_like_markup(text)


def _parse_markdown(path: Path, text: str) -> Parsed:
    return _converted(path, markdown_article(text), "markdown")


def _parse_text(path: Path, text: str) -> Parsed:
    return _converted(path, text_article(text), "text")


def _converted(path: Path, article: Converted, kind: str) -> Parsed:
    return Parsed(
        title=_one_line(article.title or "") or _title_from_name(path),
        url=article.url,
        published=article.published,
        body_html=article.html,
        format=kind,
        folder=name_text(path.parent.name) or None,
    )


# --- html page or fragment -----------------------------------------------------------------


def _parse_html(path: Path, text: str) -> Parsed:
    article = extract_article(text)
    return Parsed(
        title=_one_line(article.title or "")[:500] or _title_from_name(path),
        url=external_url(article.url),
        published=article.published,
        body_html=article.content_html,
        format="html",
        folder=name_text(path.parent.name) or None,
        byline=article.byline,
        site_name=article.site_name,
        lang=article.lang,
        lead_image=article.lead_image,
    )


def _one_line(text: str) -> str:
    """A title as one line of text: control characters become spaces (the rest as written)."""
    return _CONTROL_CHARS.sub(" ", text).strip()


def _title_from_name(path: Path) -> str:
    stem = _one_line(name_text(path.stem))
    # Mirror names are "<id>_<title>.md": the title is the part after the id.
    m = re.fullmatch(r"\d+_(.+)", stem)
    return (m.group(1).strip() if m else stem) or name_text(path.name)


_PARSERS: tuple[tuple[Callable[[Path, str], bool], Callable[[Path, str], Parsed]], ...] = (
    (_is_news_mirror, _parse_news_mirror),  # first: a mirror file is one whatever its name
    (_is_markdown, _parse_markdown),
    (_is_text, _parse_text),
    (lambda _path, _text: True, _parse_html),
)
