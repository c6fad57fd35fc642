"""The library: original files and an SQLite index of sanitized documents.

Layout under the data folder::

    library.sqlite3             documents (sanitized HTML, plain text, metadata)
    originals/ab/abcdef....md   the original bytes of every imported file

Read state and notes are not here: they live in the human-readable state file (state.py).
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from reader.core.ingest import expand, ingest
from reader.core.model import Document, ImportResult, InputError, Row, Status
from reader.core.storage import atomic_write

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    url TEXT,
    published INTEGER,          -- epoch ms UTC, NULL when unknown
    source TEXT NOT NULL,
    html TEXT NOT NULL,         -- sanitized: safe to show
    text TEXT NOT NULL,         -- plain text of html
    format TEXT NOT NULL,
    content_hash TEXT NOT NULL, -- sha256 of the original bytes
    original TEXT NOT NULL,     -- path of the original, relative to the data folder
    added INTEGER NOT NULL      -- epoch ms
);
CREATE INDEX IF NOT EXISTS documents_by_date ON documents (published DESC);
"""
_ROW_COLUMNS = "id, title, url, published, source"
_DOC_COLUMNS = "id, title, url, published, source, html, text, format, content_hash"


class LibraryError(Exception):
    """The library database cannot be opened or written; the message is for the user."""


class Library:
    """Documents by id, ordered newest first. One instance per thread (SQLite connections)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        try:
            root.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(root / "library.sqlite3", timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except (OSError, sqlite3.Error) as e:
            raise LibraryError(f"The library in {root} cannot be opened: {e}") from None
        self._rows: dict[str, Row] | None = None
        self._order: dict[str, list[str]] | None = None
        self._folded: dict[str, str] = {}

    def _migrate(self) -> None:
        (version,) = self._db.execute("PRAGMA user_version").fetchone()
        if version > SCHEMA_VERSION:
            raise LibraryError(
                f"The library was written by a newer Saved Reader (schema {version})."
            )
        with self._db:
            self._db.executescript(_SCHEMA)
            self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def close(self) -> None:
        self._db.close()

    # --- reading ---------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._load_rows())

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._load_rows()

    def row(self, doc_id: str) -> Row:
        return self._load_rows()[doc_id]

    def folded_title(self, doc_id: str) -> str:
        """The title case-folded, for filtering (computed once per document)."""
        folded = self._folded.get(doc_id)
        if folded is None:
            folded = self._folded[doc_id] = self.row(doc_id).title.casefold()
        return folded

    def ids(self, order: str = "newest") -> list[str]:
        """Every id in ``order``: "newest" or "oldest" first (unknown dates last), or "title"."""
        if self._order is None:
            self._order = {}
        found = self._order.get(order)
        if found is None:
            rows = self._load_rows().values()
            if order == "title":
                key = lambda r: (self.folded_title(r.id), r.id)  # noqa: E731
            elif order == "oldest":
                key = lambda r: (r.published is None, r.published or 0, r.title)  # noqa: E731
            else:
                key = lambda r: (r.published is None, -(r.published or 0), r.title)  # noqa: E731
            found = self._order[order] = [r.id for r in sorted(rows, key=key)]
        return found

    def get(self, doc_id: str) -> Document | None:
        found = self._db.execute(
            f"SELECT {_DOC_COLUMNS} FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        return Document(*found) if found else None

    def original_path(self, doc_id: str) -> Path | None:
        found = self._db.execute("SELECT original FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return self.root / found[0] if found else None

    def _load_rows(self) -> dict[str, Row]:
        if self._rows is None:
            cursor = self._db.execute(f"SELECT {_ROW_COLUMNS} FROM documents")
            self._rows = {r[0]: Row(*r) for r in cursor}
        return self._rows

    def load_rows(self, ids: Iterable[str]) -> None:
        """Take in rows another connection added (a background import), without a full reload."""
        rows = self._load_rows()
        wanted = [i for i in ids if i not in rows]
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            cursor = self._db.execute(
                f"SELECT {_ROW_COLUMNS} FROM documents WHERE id IN ({marks})", chunk
            )
            for r in cursor:
                rows[r[0]] = Row(*r)
        if wanted:
            self._order = None

    def reload(self) -> None:
        """Forget cached rows (another process or thread may have added documents)."""
        self._rows = None
        self._order = None

    # --- writing ---------------------------------------------------------------------------

    def add(self, doc: Document, original: bytes, suffix: str = "") -> Status:
        """Store a document and its original bytes; an id already present is left as it is."""
        if self._db.execute("SELECT 1 FROM documents WHERE id = ?", (doc.id,)).fetchone():
            return Status.UNCHANGED
        relative = Path("originals") / doc.id[:2] / f"{doc.id}{_safe_suffix(suffix)}"
        target = self.root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, original)
        with self._db:
            self._db.execute(
                "INSERT INTO documents (id, title, url, published, source, html, text, format, "
                "content_hash, original, added) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    doc.id,
                    doc.title,
                    doc.url,
                    doc.published,
                    doc.source,
                    doc.html,
                    doc.text,
                    doc.format,
                    doc.content_hash,
                    relative.as_posix(),
                    int(time.time() * 1000),
                ),
            )
        if self._rows is not None:
            self._rows[doc.id] = Row(doc.id, doc.title, doc.url, doc.published, doc.source)
            self._order = None
        return Status.ADDED

    def import_file(self, path: Path) -> ImportResult:
        """Import one file; never raises for a bad file (the result says why)."""
        try:
            doc, data = ingest(path)
            status = self.add(doc, data, path.suffix)
        except InputError as e:
            return ImportResult(str(path), Status.ERROR, error=str(e))
        except (OSError, sqlite3.Error) as e:
            reason = getattr(e, "strerror", None) or str(e)
            return ImportResult(str(path), Status.ERROR, error=f"it could not be stored ({reason})")
        except RecursionError:
            return ImportResult(str(path), Status.ERROR, error="its HTML is nested too deeply")
        except Exception as e:  # a bug must not stop an import of 15,000 files
            return ImportResult(
                str(path), Status.ERROR, error=f"it could not be read ({type(e).__name__}: {e})"
            )
        return ImportResult(str(path), status, doc.id, doc.title)

    def import_paths(self, paths: Iterable[Path]) -> Iterator[ImportResult]:
        """Import files and folders (recursively), one result per file, as they are done."""
        for path in expand(paths):
            yield self.import_file(path)


def _safe_suffix(suffix: str) -> str:
    suffix = suffix.lower()
    return suffix if suffix[1:].isalnum() and len(suffix) <= 10 else ""


@contextlib.contextmanager
def open_library(root: Path) -> Iterator[Library]:
    library = Library(root)
    try:
        yield library
    finally:
        library.close()
