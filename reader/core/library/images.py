"""The pictures fetched for articles, kept in the library: shown offline from then on.

``images.sqlite3`` beside ``library.sqlite3`` in the data folder holds each image fetched
(``Load images``, ``fetch-images``) by the URL it was asked for, once however many articles
show it, as the bytes came (their kind checked by their magic: core/fetching/fetch.py), and
the reason each refused image was not fetched ("not an image (text/html)"), so that the page
says it without asking again. An article finds its images by the URLs its placeholders keep
(``placeholders.image_urls``); nothing here knows articles.

A file of its own, not tables in the library's: a repair rebuilds the library from what it
can read and leaves the pictures where they are, and the library's schema does not move for
them. SQLite makes every write atomic (a crash or kill -9 keeps the last whole image), WAL
lets the window read while an import's thread writes, and a second running copy waits its
turn (``busy_timeout``). A full disk or a damaged file is an ``ImageStoreError`` whose message
names the file and the reason; reading from a damaged file shows placeholders, nothing worse.

One ``ImageStore`` a thread (SQLite connections).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reader.core.storage import full_disk_reason

DB_NAME = "images.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS images (
    url TEXT PRIMARY KEY,       -- as the article's placeholder keeps it
    kind TEXT NOT NULL,         -- png, jpeg, gif, webp: by the bytes' magic
    data BLOB NOT NULL,
    width INTEGER,              -- from the image's header, when it says
    height INTEGER,
    fetched INTEGER NOT NULL    -- epoch ms
);
CREATE TABLE IF NOT EXISTS refusals (
    url TEXT PRIMARY KEY,
    reason TEXT NOT NULL,       -- plain text for the reader
    at INTEGER NOT NULL         -- epoch ms
);
"""
_CHUNK = 500  # URLs a query asks about at once (SQLite's variable limit)


class ImageStoreError(Exception):
    """The image store cannot be opened or written; the message names it and says why."""


@dataclass(frozen=True, slots=True)
class StoredImage:
    kind: str
    data: bytes


@dataclass(frozen=True, slots=True)
class ImageStates:
    """What the store knows of some URLs: those it holds, and why others were refused."""

    stored: frozenset[str] = frozenset()
    refused: dict[str, str] | None = None

    def reason(self, url: str) -> str | None:
        return (self.refused or {}).get(url)


class ImageStore:
    """The fetched images by URL, and the refusals' reasons."""

    def __init__(self, root: Path) -> None:
        self.path = root / DB_NAME
        try:
            root.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=10.0, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as e:
            raise ImageStoreError(self._reason(e, "cannot be opened")) from None

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ImageStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def states(self, urls: Iterable[str]) -> ImageStates:
        """Which of ``urls`` are stored and why the others were refused (those that were).
        A store that cannot be read answers that it knows nothing."""
        wanted = list(dict.fromkeys(urls))
        stored: set[str] = set()
        refused: dict[str, str] = {}
        try:
            for start in range(0, len(wanted), _CHUNK):
                chunk = wanted[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                query = f"SELECT url FROM images WHERE url IN ({marks})"
                stored.update(url for (url,) in self._db.execute(query, chunk))
                query = f"SELECT url, reason FROM refusals WHERE url IN ({marks})"
                refused.update(self._db.execute(query, chunk).fetchall())
        except sqlite3.Error:
            return ImageStates()
        for url in stored:
            refused.pop(url, None)
        return ImageStates(frozenset(stored), refused)

    def get(self, url: str) -> StoredImage | None:
        """The image fetched for ``url``, or None (not fetched, or the store unreadable)."""
        try:
            found = self._db.execute(
                "SELECT kind, data FROM images WHERE url = ?", (url,)
            ).fetchone()
        except sqlite3.Error:
            return None
        return StoredImage(found[0], bytes(found[1])) if found else None

    def put(self, url: str, kind: str, data: bytes, width: int | None, height: int | None) -> None:
        """Keep the image fetched for ``url`` (its refusal, if any, goes)."""
        now = int(time.time() * 1000)
        self._write(
            ("DELETE FROM refusals WHERE url = ?", (url,)),
            (
                "INSERT OR REPLACE INTO images (url, kind, data, width, height, fetched)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (url, kind, data, width, height, now),
            ),
        )

    def refuse(self, url: str, reason: str) -> None:
        """Keep why ``url`` was not fetched (an image already stored stays)."""
        now = int(time.time() * 1000)
        self._write(
            (
                "INSERT OR REPLACE INTO refusals (url, reason, at) VALUES (?, ?, ?)",
                (url, reason, now),
            ),
        )

    def forget_refusals(self, urls: Iterable[str] | None = None) -> None:
        """Forget why these images (all, when None) were not fetched: they are being asked
        again, or the way they are asked changed (the proxy). Best effort: a store that
        cannot be written keeps them."""
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                if urls is None:
                    self._db.execute("DELETE FROM refusals")
                else:
                    wanted = list(urls)
                    for start in range(0, len(wanted), _CHUNK):
                        chunk = wanted[start : start + _CHUNK]
                        marks = ",".join("?" * len(chunk))
                        self._db.execute(f"DELETE FROM refusals WHERE url IN ({marks})", chunk)
        except sqlite3.Error:
            pass

    def count(self) -> tuple[int, int]:
        """How many images are stored, and their bytes."""
        try:
            found = self._db.execute("SELECT count(*), total(length(data)) FROM images").fetchone()
        except sqlite3.Error:
            return (0, 0)
        return int(found[0]), int(found[1])

    def _write(self, *statements: tuple[str, tuple[object, ...]]) -> None:
        try:
            with self._db:  # (isolation_level None: ``with`` alone does not begin)
                self._db.execute("BEGIN IMMEDIATE")
                for sql, args in statements:
                    self._db.execute(sql, args)
        except sqlite3.Error as e:
            raise ImageStoreError(self._reason(e, "cannot be written")) from None

    def _reason(self, error: Exception, what: str) -> str:
        return f"The image store {self.path} {what}: {full_disk_reason(self.path, error)}"
