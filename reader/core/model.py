"""Plain data shared by the core, the CLI and the UI."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from reader.core.display import name_key, printable


class InputError(Exception):
    """A file could not be read or parsed; the message is one sentence meant for the user."""


@dataclass(frozen=True, slots=True)
class Parsed:
    """What a format parser read from one file, before cleaning and sanitizing."""

    title: str
    url: str | None
    published: int | None  # epoch milliseconds, UTC
    body_html: str  # raw, untrusted HTML (fragment or page)
    format: str  # "news-mirror" | "html" | "markdown" | "text"
    folder: str | None = None  # the file's parent folder name (mirror source)
    byline: str | None = None  # the author(s), as the page names them
    site_name: str | None = None  # "The Washington Post", from the page's metadata
    lang: str | None = None  # BCP 47 language tag the page declares ("zh-CN")
    lead_image: str | None = None  # absolute http(s) URL of the page's lead image


@dataclass(frozen=True, slots=True)
class Document:
    """An ingested article: everything the library stores about it except the original bytes."""

    id: str
    title: str
    url: str | None
    published: int | None
    source: str
    html: str  # sanitized article HTML (safe to show)
    text: str  # plain text of ``html``
    format: str
    content_hash: str
    byline: str | None = None  # the author(s), shown in the article header


class Row(NamedTuple):
    """The small per-document record the sidebar and the list command need."""

    id: str
    title: str
    url: str | None
    published: int | None
    source: str


class FileStamp(NamedTuple):
    """A file's version, as the library remembers imported files."""

    path: str  # absolute, the folder's symlinks resolved
    size: int
    mtime_ns: int


class Status(StrEnum):
    ADDED = "added"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"  # found in a folder and not imported (a link, a pipe): ``error`` says why
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class ImportResult:
    path: str
    status: Status
    id: str | None = None
    title: str | None = None
    error: str | None = None

    @property
    def message(self) -> str:
        """One line for people: the file and what happened to it (control characters in a
        name or a reason shown as escapes: a carriage return cannot rewrite the line)."""
        if self.status is Status.ERROR:
            return printable(f"{self.path}: {self.error}")
        if self.status is Status.SKIPPED:
            return printable(f"{self.path}: skipped: {self.error}")
        return printable(f"{self.path}: {self.status.value} ({self.title})")

    def as_json(self) -> dict[str, str | None]:
        return {
            "path": name_key(self.path),  # bytes that are not UTF-8 as \\xff
            "status": self.status.value,
            "id": self.id,
            "title": self.title,
            "error": self.error,
        }


def iso_utc(ms: int | None) -> str | None:
    """Epoch milliseconds as ``2024-03-03T15:15:01Z``, or None."""
    if ms is None:
        return None
    stamp = dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC)
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")


def local_datetime(ms: int | None) -> dt.datetime | None:
    if ms is None:
        return None
    try:
        return dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC).astimezone()
    except (OverflowError, OSError, ValueError):
        return None
