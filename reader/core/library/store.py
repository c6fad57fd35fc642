"""The library: an SQLite database of sanitized documents and their original bytes.

Layout under the data folder::

    library.sqlite3             documents (sanitized HTML, plain text, metadata), the search
                                index, and a zlib-compressed copy of every imported file
    originals/ab/abcdef....md   originals imported before schema 5 (kept where they are)

Originals live in the database since schema 5: one transaction stores a document whole, and a
bulk import creates no small files (at 15,000 files that was a tenth of its time, plus a
system-wide sync before each commit).

Read state and notes are not here: they live in the human-readable state file (state.py).

The rows kept in memory, their orders and counts: catalog.py; connections: connection.py.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from reader.core.library.catalog import AllRows, Catalog, DbRow
from reader.core.library.connection import (
    ALL_ROWS,
    DB_NAME,
    ROW_COLUMNS,
    SCHEMA_VERSION,
    LibraryDamaged,
    LibraryError,
    SearchConnection,
    cannot_open,
    check,
    connect,
    damage_behind,
    is_damage,
    migrate,
    read_rows,
)
from reader.core.library.search import Page, SearchIndex
from reader.core.model import Document, FileStamp, ImportResult, Row, Status
from reader.core.storage import InUse, hold_shared

_DOC_COLUMNS = "id, title, url, published, source, html, text, format, content_hash, byline"
LOCK_NAME = "library.lock"  # shared by whoever has the library open, exclusive for a repair


class Library:
    """Documents by id, ordered newest first. One instance per thread (SQLite connections)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        try:
            root.mkdir(parents=True, exist_ok=True)
            # Held while open: a repair (which replaces the file) waits for no one and
            # runs only when nothing has the library open (core/repair/rebuild.py).
            self._in_use = hold_shared(root / LOCK_NAME)
        except InUse:
            raise LibraryError(
                f"The library in {root} is being repaired; try again when the repair ends."
            ) from None
        except OSError as e:
            raise LibraryError(cannot_open(root, e)) from None
        try:
            self._db = connect(root)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._search = SearchIndex(self._db)
            migrate(self._db, self._search)
        except LibraryDamaged:
            self.close()  # (a repair moves the file next)
            raise
        except (OSError, sqlite3.Error) as e:
            self.close()
            raise LibraryError(cannot_open(root, e)) from None
        self.catalog = Catalog(self)  # the rows in memory, their orders and counts
        self._batching = False

    def close(self) -> None:
        if hasattr(self, "_db"):
            self._db.close()
        if self._in_use is not None:
            self._in_use.close()  # the lock goes with the file
            self._in_use = None

    # --- the documents in memory: the catalog's (catalog.py), which has more ---------------

    def __len__(self) -> int:
        return len(self.catalog)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self.catalog

    def row(self, doc_id: str) -> Row:
        return self.catalog.row(doc_id)

    def ids(self, order: str = "newest") -> list[str]:
        return self.catalog.ids(order)

    # --- reading, for the catalog (``catalog.RowStore``) ----------------------------------

    def all_rows(self) -> sqlite3.Cursor:
        return self._db.execute(ALL_ROWS)

    def rows_of(self, ids: list[str]) -> list[DbRow]:
        found: list[DbRow] = []
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            cursor = self._db.execute(
                f"SELECT {ROW_COLUMNS} FROM documents WHERE id IN ({marks})", chunk
            )
            found += cursor.fetchall()
        return found

    def head_rows(self, limit: int) -> list[DbRow]:
        cursor = self._db.execute(f"{ALL_ROWS} LIMIT ?", (limit,))
        return cursor.fetchall()

    # --- reading ---------------------------------------------------------------------------

    def get(self, doc_id: str) -> Document | None:
        found = self._db.execute(
            f"SELECT {_DOC_COLUMNS} FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        return Document(*found) if found else None

    def search(self, query: str, limit: int | None = None) -> list[str]:
        """Ids whose title or text match ``query``, best first (see search.py for the rules)."""
        ids = self._search.search(query, limit)
        self.catalog.take(ids)  # another connection may have added some
        return ids

    def search_page(self, query: str, limit: int) -> Page:
        """The first ``limit`` ids of ``search`` and how many documents match in all."""
        page = self._search.page(query, limit)
        self.catalog.take(page.ids)
        return page

    def original(self, doc_id: str) -> tuple[str, bytes] | None:
        """The file name and bytes a document was imported from, as they were then."""
        found = self._db.execute(
            "SELECT d.original, o.data FROM documents AS d LEFT JOIN originals AS o "
            "ON o.rowid = d.rowid WHERE d.id = ?",
            (doc_id,),
        ).fetchone()
        if found is None:
            return None
        name, packed = found
        try:
            if packed is not None:
                return name, zlib.decompress(packed)
            legacy = self.root / name  # schema 4 and earlier: a file under originals/
            return legacy.name, legacy.read_bytes()
        except (OSError, zlib.error):
            return None

    # --- writing ---------------------------------------------------------------------------

    def add(
        self,
        doc: Document,
        original: bytes,
        suffix: str = "",
        tokens: tuple[str, str, str] | None = None,
        packed: bool = False,
    ) -> Status:
        """Store a document and its original bytes; an id already present is left as it is.

        ``packed``: ``original`` is ``pack(bytes)`` already (bulk-import workers pack). Safe
        against another process importing the same article at the same moment: INSERT OR
        IGNORE claims the row, and the rest is stored only by its winner, in one transaction.
        """
        packed_original = original if packed else pack(original)
        name = original_name(doc.id, suffix)
        stored = self._insert(doc, name, packed_original, int(time.time() * 1000), tokens)
        return Status.ADDED if stored else Status.UNCHANGED

    def _insert(
        self,
        doc: Document,
        name: str,
        packed: bytes | None,
        added: int,
        tokens: tuple[str, str, str] | None,
    ) -> bool:
        """The document's row, its original (when given) and its search entry, unless the id
        is here already (then False)."""
        with self._writing():
            # No SAVEPOINT here: FTS5 flushes its pending index data on every savepoint
            # release (0.65 ms a document, most of a bulk import's time).
            cursor = self._db.execute(
                "INSERT OR IGNORE INTO documents (id, title, url, published, source, html, "
                "text, format, content_hash, original, added, byline) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                    name,
                    added,
                    doc.byline,
                ),
            )
            if cursor.rowcount != 1:
                return False
            rowid = cursor.lastrowid
            assert rowid is not None  # set by an INSERT that inserted a row
            if packed is not None:
                self._db.execute(
                    "INSERT INTO originals (rowid, data) VALUES (?, ?)", (rowid, packed)
                )
            self._search.add(doc.id, rowid, doc.published, doc.title, doc.text, tokens)
        if self._batching:  # a bulk import's storing connection: read again if needed
            self.catalog.reload()
        else:
            self.catalog.added((doc.id, doc.title, doc.url, doc.published, doc.source))
        return True

    def store(
        self,
        doc: Document,
        original: bytes,
        path: Path,
        tokens: tuple[str, str, str] | None = None,
        packed: bool = False,
        stamp: FileStamp | None = None,
    ) -> ImportResult:
        """``add`` for an imported file, remembering the file so a re-import can skip it;
        ``stamp``: the file's before it was read (``pipeline.stamp_of``)."""
        try:
            status = self.add(doc, original, path.suffix, tokens, packed)
            self._remember_file(doc.id, stamp)
        except (OSError, sqlite3.Error) as e:
            if self._batching:  # (a full disk) the whole batch is in doubt: ``batch`` rolls back
                raise LibraryError(f"The library in {self.root} could not be written: {e}") from e
            reason = getattr(e, "strerror", None) or str(e)
            return ImportResult(str(path), Status.ERROR, error=f"it could not be stored ({reason})")
        return ImportResult(str(path), status, doc.id, doc.title)

    # --- files already imported, and batches -------------------------------------------

    def known_file(self, stamp: FileStamp) -> Row | None:
        """The document a file was imported as, if the file has not changed since (its
        ``stamp``: see ``pipeline.stamp_of``)."""
        found = self._db.execute(
            "SELECT id FROM files WHERE path = ? AND size = ? AND mtime_ns = ?", stamp
        ).fetchone()
        if found is None:
            return None
        return self.catalog.find(found[0])

    def _remember_file(self, doc_id: str, stamp: FileStamp | None) -> None:
        """Remember the file as it was before it was read (``stamp``): changed since, it is
        imported again next time (without a stamp: a file that could not be looked at)."""
        if stamp is None:
            return
        with self._writing():
            self._db.execute(
                "INSERT OR REPLACE INTO files (path, size, mtime_ns, id) VALUES (?, ?, ?, ?)",
                (*stamp, doc_id),
            )

    @contextlib.contextmanager
    def batch(self) -> Iterator[Batch]:
        """Group writes into transactions that the caller commits (bulk import); what is not
        committed when the block ends (by an exception) is rolled back. A write or a commit
        that fails (a full disk) rolls back too, and raises LibraryError."""
        self._batching = True
        try:
            # No incremental FTS5 merging on every insert (~0.17 ms a document); merged at
            # the end.
            self._search.set_automerge(0)
            self._search.defer()  # indexed at each commit, in key order
            yield Batch(self)
            self._commit_batch()
        except BaseException as e:
            with contextlib.suppress(sqlite3.Error):  # (a full disk may have rolled it back)
                self._db.rollback()
            self._search.discard(stop=True)
            self._search.forget()  # what was read in the transaction may be gone
            self.catalog.reload()
            if isinstance(e, sqlite3.Error):  # a write or a commit failed (a full disk)
                raise LibraryError(f"The library in {self.root} could not be written: {e}") from e
            raise
        finally:
            self._batching = False
            self._search.discard(stop=True)
            # Merging back on, then some merging, each on its own: no room to merge (a full
            # disk) neither raises here nor leaves merging off.
            steps: tuple[Callable[[], None], ...] = (
                lambda: self._search.set_automerge(4),
                self._search.merge,
            )
            for step in steps:
                with contextlib.suppress(sqlite3.Error), self._db:
                    step()

    def _commit_batch(self) -> None:
        self._search.flush()
        if self._db.in_transaction:
            self._db.commit()

    def optimize_index(self) -> bool:
        """Merge the search index into one segment (after a bulk import: faster, smaller);
        False when there was no room for it (a full disk): the index stays as it was."""
        try:
            with self._writing():
                self._search.optimize()
        except sqlite3.OperationalError:
            return False
        return True

    def _writing(self) -> contextlib.AbstractContextManager[object]:
        return contextlib.nullcontext() if self._batching else self._db

    # --- damage and repair (core/repair/) --------------------------------------------------------

    def check(self) -> list[str]:
        """What is wrong with the database file (``connection.check``): empty when nothing
        is. Damage is the answer here, not an error."""
        return check(self._db, self.root)

    def restore(
        self,
        doc: Document,
        name: str,
        packed: bytes | None,
        added: int,
        tokens: tuple[str, str, str] | None = None,
    ) -> bool:
        """Store a document saved from a damaged library (``repair``) as it was: the file name
        of its original and when it was added are kept; its original (``pack``ed) only when it
        could be read (else ``original`` returns None). ``tokens``: as for ``add``. False when
        the id is here already."""
        return self._insert(doc, name, packed, added, tokens)

    def restore_files(self, files: Iterable[tuple[str, int, int, str]]) -> None:
        """Remember imported files again (path, size, mtime_ns, id), as ``repair`` saved them
        from a damaged library: a re-import skips them when they have not changed."""
        with self._writing():
            self._db.executemany(
                "INSERT OR REPLACE INTO files (path, size, mtime_ns, id) VALUES (?, ?, ?, ?)",
                files,
            )


def original_name(doc_id: str, suffix: str) -> str:
    """The file name an original is kept under (its id and the imported file's suffix)."""
    return f"{doc_id}{_safe_suffix(suffix)}"


def pack(data: bytes) -> bytes:
    """An original as the database keeps it (zlib level 1: a 12 kB article in 0.09 ms, to
    half its size)."""
    return zlib.compress(data, 1)


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


__all__ = [  # what other modules import from here (defined in connection.py and catalog.py)
    "DB_NAME",
    "SCHEMA_VERSION",
    "AllRows",
    "DbRow",
    "LibraryDamaged",
    "LibraryError",
    "SearchConnection",
    "connect",
    "damage_behind",
    "is_damage",
    "read_rows",
]
