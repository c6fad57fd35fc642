"""The library: original files and an SQLite index of sanitized documents.

Layout under the data folder::

    library.sqlite3             documents (sanitized HTML, plain text, metadata)
    originals/ab/abcdef....md   the original bytes of every imported file

Read state and notes are not here: they live in the human-readable state file (state.py).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from reader.core.model import Document, ImportResult, InputError, Row, Status
from reader.core.search import SearchIndex
from reader.core.storage import atomic_write, sync_files

SCHEMA_VERSION = 4  # 2: the full-text search index (search.py); 3: files already imported
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
-- the sidebar's rows, newest first, read without touching the wide table (4)
CREATE INDEX IF NOT EXISTS documents_list ON documents (published DESC, title, id, url, source);
CREATE TABLE IF NOT EXISTS files (  -- imported files, so that a re-import skips unchanged ones
    path TEXT PRIMARY KEY,          -- resolved path
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    id TEXT NOT NULL
);
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
            self._search = SearchIndex(self._db)
            self._migrate()
        except (OSError, sqlite3.Error) as e:
            raise LibraryError(f"The library in {root} cannot be opened: {e}") from None
        self._rows: dict[str, Row] | None = None
        self._order: dict[str, list[str]] | None = None
        self._folded: dict[str, str] = {}
        self._batching = False
        self._folders: set[Path] = set()

    def _migrate(self) -> None:
        (version,) = self._db.execute("PRAGMA user_version").fetchone()
        if version > SCHEMA_VERSION:
            raise LibraryError(
                f"The library was written by a newer Saved Reader (schema {version})."
            )
        with self._db:
            self._db.executescript(_SCHEMA)
            self._search.ensure_schema()
            if version < 2:  # documents stored before the index existed
                self._search.rebuild()
            self._search.restore_automerge()  # a killed bulk import may have left it off
            self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def close(self) -> None:
        self._db.close()

    # --- reading ---------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._load_rows())

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._load_rows()

    def row(self, doc_id: str) -> Row:
        return Row._make(self._load_rows()[doc_id])  # rows are kept as plain tuples

    def folded_title(self, doc_id: str) -> str:
        """The title case-folded, for filtering (computed once per document)."""
        folded = self._folded.get(doc_id)
        if folded is None:
            folded = self._folded[doc_id] = self._load_rows()[doc_id][1].casefold()
        return folded

    def ids(self, order: str = "newest") -> list[str]:
        """Every id in ``order``: "newest" or "oldest" first (unknown dates last), or "title"."""
        rows = self._load_rows().values()
        if self._order is None:
            self._order = {}
        found = self._order.get(order)
        if found is None:
            if order == "title":
                key = lambda r: (r[1].casefold(), r[0])  # noqa: E731
            elif order == "oldest":
                key = lambda r: (r[3] is None, r[3] or 0, r[1])  # noqa: E731
            else:
                key = lambda r: (r[3] is None, -(r[3] or 0), r[1])  # noqa: E731
            found = self._order[order] = [r[0] for r in sorted(rows, key=key)]
        return found

    def ids_by_source(self) -> dict[str, frozenset[str]]:
        """Every source's ids (cached with the orders)."""
        if self._order is None:
            self._order = {}
        found = self._order.get("by source")
        if found is None:
            groups: dict[str, set[str]] = {}
            for r in self._load_rows().values():
                groups.setdefault(r[4], set()).add(r[0])
            found = self._order["by source"] = {k: frozenset(v) for k, v in groups.items()}
        return found  # type: ignore[return-value]

    def get(self, doc_id: str) -> Document | None:
        found = self._db.execute(
            f"SELECT {_DOC_COLUMNS} FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        return Document(*found) if found else None

    def search(self, query: str, limit: int | None = None) -> list[str]:
        """Ids whose title or text match ``query``, best first (see search.py for the rules)."""
        ids = self._search.search(query, limit)
        self.load_rows(ids)  # another connection may have added some
        return ids

    def original_path(self, doc_id: str) -> Path | None:
        found = self._db.execute("SELECT original FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return self.root / found[0] if found else None

    def source_totals(self) -> dict[str, int]:
        """Articles per source (one pass over the cached rows)."""
        return Counter(r[4] for r in self._load_rows().values())

    def source_of(self, doc_id: str) -> str | None:
        row = self._load_rows().get(doc_id)
        return row[4] if row is not None else None

    def _load_rows(self) -> dict[str, tuple]:
        if self._rows is None:
            cursor = self._db.execute(
                f"SELECT {_ROW_COLUMNS} FROM documents ORDER BY published DESC, title"
            )
            rows = cursor.fetchall()
            self._rows = dict(zip([r[0] for r in rows], rows))
            self._order = {"newest": list(self._rows)}
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
                rows[r[0]] = r
        if wanted:
            self._order = None

    def reload(self) -> None:
        """Forget cached rows (another process or thread may have added documents)."""
        self._rows = None
        self._order = None

    # --- writing ---------------------------------------------------------------------------

    def add(
        self,
        doc: Document,
        original: bytes,
        suffix: str = "",
        tokens: tuple[str, str, str] | None = None,
        written: bool = False,
    ) -> Status:
        """Store a document and its original bytes; an id already present is left as it is.

        Safe against another process importing the same article at the same moment: the row
        is claimed first (INSERT OR IGNORE), and only its winner writes the original file.
        """
        relative = original_name(doc.id, suffix)
        with self._writing():
            # No SAVEPOINT here: FTS5 flushes its pending index data on every savepoint
            # release (0.65 ms a document, most of a bulk import's time).
            cursor = self._db.execute(
                "INSERT OR IGNORE INTO documents (id, title, url, published, source, html, "
                "text, format, content_hash, original, added) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
            if cursor.rowcount == 1:
                rowid = cursor.lastrowid
                try:
                    if not written:
                        self._write_original(self.root / relative, original)
                except OSError:
                    self._db.execute("DELETE FROM documents WHERE rowid = ?", (rowid,))
                    raise
                self._search.add(rowid or doc.id, doc.title, doc.text, tokens)
        if cursor.rowcount != 1:
            return Status.UNCHANGED
        if self._rows is not None:
            self._rows[doc.id] = (doc.id, doc.title, doc.url, doc.published, doc.source)
            self._order = None
        return Status.ADDED

    def _write_original(self, target: Path, data: bytes) -> None:
        if target.parent not in self._folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        atomic_write(target, data, durable=not self._batching)

    def store(
        self,
        doc: Document,
        original: bytes,
        path: Path,
        tokens: tuple[str, str, str] | None = None,
        written: bool = False,
    ) -> ImportResult:
        """``add`` for an imported file, remembering the file so a re-import can skip it.

        ``written``: a bulk-import worker already wrote the original (``write_original``).
        """
        try:
            status = self.add(doc, original, path.suffix, tokens, written)
            self._remember_file(path, doc.id)
        except (OSError, sqlite3.Error) as e:
            reason = getattr(e, "strerror", None) or str(e)
            return ImportResult(str(path), Status.ERROR, error=f"it could not be stored ({reason})")
        return ImportResult(str(path), status, doc.id, doc.title)

    def import_file(self, path: Path) -> ImportResult:
        """Import one file; never raises for a bad file (the result says why)."""
        from reader.core.ingest import ingest  # lxml and nh3: loaded on the first import

        try:
            doc, data = ingest(path)
        except InputError as e:
            return ImportResult(str(path), Status.ERROR, error=str(e))
        except RecursionError:
            return ImportResult(str(path), Status.ERROR, error="its HTML is nested too deeply")
        except Exception as e:  # a bug must not stop an import of 15,000 files
            return ImportResult(
                str(path), Status.ERROR, error=f"it could not be read ({type(e).__name__}: {e})"
            )
        return self.store(doc, data, path)

    # --- files already imported, and batches -------------------------------------------------------

    def known_file(self, path: Path) -> Row | None:
        """The document a file was imported as, if the file has not changed since."""
        try:
            info = path.stat()
            key = str(path.resolve())
        except (OSError, RuntimeError):
            return None
        found = self._db.execute(
            "SELECT id FROM files WHERE path = ? AND size = ? AND mtime_ns = ?",
            (key, info.st_size, info.st_mtime_ns),
        ).fetchone()
        if found is None:
            return None
        row = self._load_rows().get(found[0])
        return Row._make(row) if row is not None else None

    def _remember_file(self, path: Path, doc_id: str) -> None:
        try:
            info = path.stat()
            key = str(path.resolve())
        except (OSError, RuntimeError):
            return
        with self._writing():
            self._db.execute(
                "INSERT OR REPLACE INTO files (path, size, mtime_ns, id) VALUES (?, ?, ?, ?)",
                (key, info.st_size, info.st_mtime_ns, doc_id),
            )

    @contextlib.contextmanager
    def batch(self) -> Iterator[Batch]:
        """Group writes into transactions that the caller commits (bulk import).

        Originals are then written without an fsync each; ``Batch.commit`` makes them durable
        (one sync) before the rows that name them are committed.
        """
        self._batching = True
        # No incremental FTS5 merging on every insert (~0.17 ms a document); merged at the end.
        self._search.set_automerge(0)
        try:
            yield Batch(self)
            self._commit_batch()
        except BaseException:
            self._db.rollback()
            raise
        finally:
            self._batching = False
            with contextlib.suppress(sqlite3.Error), self._db:
                self._search.set_automerge(4)
                self._search.merge()

    def _commit_batch(self) -> None:
        if self._db.in_transaction:
            sync_files()
            self._db.commit()

    def optimize_index(self) -> None:
        """Merge the search index into one segment (after a bulk import: faster, smaller)."""
        with self._writing():
            self._search.optimize()

    def _writing(self) -> contextlib.AbstractContextManager[object]:
        return contextlib.nullcontext() if self._batching else self._db

    def import_paths(self, paths: Iterable[Path]) -> Iterator[ImportResult]:
        """Import files and folders (recursively), one result per file, as they are done."""
        from reader.core.ingest import expand

        for path in expand(paths):
            yield self.import_file(path)


def original_name(doc_id: str, suffix: str) -> Path:
    """Where a document's original bytes live, relative to the data folder."""
    return Path("originals") / doc_id[:2] / f"{doc_id}{_safe_suffix(suffix)}"


def write_original(root: Path, doc_id: str, suffix: str, data: bytes) -> None:
    """A bulk-import worker's copy of the original, without fsync: the importer syncs once
    before it commits the rows (``Batch.commit``). An existing copy is left alone."""
    target = root / original_name(doc_id, suffix)
    if target.exists():  # complete (renamed into place), perhaps a committed document's
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temp.write_bytes(data)
    os.replace(temp, target)


class Batch:
    def __init__(self, library: Library) -> None:
        self._library = library

    def commit(self) -> None:
        self._library._commit_batch()


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
