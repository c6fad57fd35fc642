"""The library: an SQLite database of sanitized documents and their original bytes.

Layout under the data folder::

    library.sqlite3             documents (sanitized HTML, plain text, metadata), the search
                                index, and a zlib-compressed copy of every imported file
    originals/ab/abcdef....md   originals imported before schema 5 (kept where they are)

Originals live in the database since schema 5: one transaction stores a document whole, and a
bulk import creates no small files (at 15,000 files that was a tenth of its time, plus a
system-wide sync before each commit).

Read state and notes are not here: they live in the human-readable state file (state.py).
"""

from __future__ import annotations

import bisect
import contextlib
import itertools
import os
import sqlite3
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any

from reader.core.display import name_key
from reader.core.library.search import CHARS, TABLE, Page, SearchIndex
from reader.core.model import Document, FileStamp, ImportResult, Row, Status
from reader.core.storage import InUse, full_disk_reason, hold_shared

SCHEMA_VERSION = 6  # 2: the full-text search index (search.py); 3: files already imported;
# 4: the sidebar's covering index; 5: originals in the database; 6: bylines
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
    original TEXT NOT NULL,     -- the original's file name; before schema 5 its path,
                                -- relative to the data folder (the file is there)
    added INTEGER NOT NULL,     -- epoch ms
    byline TEXT                 -- the author(s), shown in the article header (6)
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
CREATE TABLE IF NOT EXISTS originals (  -- the original bytes, zlib-compressed (5)
    rowid INTEGER PRIMARY KEY,          -- the document's rowid
    data BLOB NOT NULL
);
"""
_ROW_COLUMNS = "id, title, url, published, source"
_DOC_COLUMNS = "id, title, url, published, source, html, text, format, content_hash, byline"
DB_NAME = "library.sqlite3"
LOCK_NAME = "library.lock"  # shared by whoever has the library open, exclusive for a repair
_ALL_ROWS = f"SELECT {_ROW_COLUMNS} FROM documents ORDER BY published DESC, title, id"
DbRow = tuple[Any, ...]  # a row as SQLite returns it (columns by position)
_ID, _SOURCE = itemgetter(0), itemgetter(4)  # of a row


class LibraryError(Exception):
    """The library database cannot be opened or written; the message is for the user."""


class LibraryDamaged(LibraryError):
    """The library file is damaged (SQLite finds it malformed, or not a database at all):
    ``repair.repair`` rebuilds it from what can still be read. ``reason``: SQLite's words."""

    def __init__(self, root: Path, reason: str) -> None:
        super().__init__(
            f"The library in {root} is damaged ({reason}); run 'saved-reader repair' to "
            "rebuild it from the articles it holds (read state and notes are kept)."
        )
        self.root = root
        self.reason = reason

    def __reduce__(self) -> tuple[type[LibraryDamaged], tuple[Path, str]]:
        return LibraryDamaged, (self.root, self.reason)  # (to cross a process boundary)


# SQLITE_CORRUPT (FTS5's SQLITE_CORRUPT_VTAB too, by its primary code) and SQLITE_NOTADB; the
# words for an error that comes without a code.
_DAMAGE_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})
_DAMAGE_WORDS = ("disk image is malformed", "vtable constructor failed", "not a database")


def is_damage(error: BaseException) -> bool:
    """Whether an error from SQLite means the database file is damaged (not a full disk, a
    lock or a bad statement)."""
    if not isinstance(error, sqlite3.DatabaseError):
        return False
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in _DAMAGE_CODES:
        return True
    return any(words in str(error) for words in _DAMAGE_WORDS)


def damage_behind(error: BaseException | None) -> LibraryDamaged | None:
    """The LibraryDamaged that ``error`` is, or was raised over (a bulk import says that a
    batch could not be written, with the damage as its context), if any: then the advice to
    repair is what the user needs to read."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, LibraryDamaged):
            return error
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return None


@contextlib.contextmanager
def _damage_checked(db: sqlite3.Connection) -> Iterator[None]:
    """SQLite's damage errors (SQLITE_CORRUPT, NOTADB, FTS5's) as LibraryDamaged; any other
    error (a full disk, a lock) stays what it was."""
    try:
        yield
    except sqlite3.DatabaseError as e:
        if is_damage(e):
            raise LibraryDamaged(getattr(db, "root", Path(".")), str(e)) from e
        raise


class _Cursor(sqlite3.Cursor):
    """A cursor whose damage errors are LibraryDamaged, in a statement or while its rows are
    fetched (a damaged page is met where a read reaches it: often at a later row). Rows are
    fetched with ``fetchone``/``fetchmany``/``fetchall``: iterating the cursor itself is not
    checked (a Python ``__next__`` made reading 100,000 rows a third slower)."""

    def execute(self, sql: str, parameters: Any = (), /) -> _Cursor:
        with _damage_checked(self.connection):
            return super().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> _Cursor:
        with _damage_checked(self.connection):
            return super().executemany(sql, parameters)

    def executescript(self, script: str, /) -> sqlite3.Cursor:
        with _damage_checked(self.connection):
            return super().executescript(script)

    def fetchone(self) -> Any:
        with _damage_checked(self.connection):
            return super().fetchone()

    def fetchmany(self, size: int | None = None) -> list[Any]:
        with _damage_checked(self.connection):
            return super().fetchmany(self.arraysize if size is None else size)

    def fetchall(self) -> list[Any]:
        with _damage_checked(self.connection):
            return super().fetchall()


class _Connection(sqlite3.Connection):
    """The library's connections: every statement runs in a ``_Cursor``, so a damaged file is
    LibraryDamaged wherever SQLite meets it (in any method, any thread), and every other
    error (a full disk, a lock) stays what it was."""

    root: Path

    def cursor(self, factory: Any = None) -> Any:
        return super().cursor(factory or _Cursor)

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> Any:
        return self.cursor().executemany(sql, parameters)

    def executescript(self, script: str, /) -> Any:
        return self.cursor().executescript(script)

    def commit(self) -> None:
        with _damage_checked(self):
            super().commit()

    def __exit__(self, *exc: Any) -> Any:
        with _damage_checked(self):
            return super().__exit__(*exc)


def connect(root: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A connection to the library in ``root`` that raises LibraryDamaged for damage."""
    db = sqlite3.connect(root / DB_NAME, timeout=30, factory=_Connection)
    db.root = root
    if read_only:
        db.execute("PRAGMA query_only=1")
    return db


def _cannot_open(root: Path, error: Exception) -> str:
    """Why the library cannot be opened, in one sentence: SQLite says "disk I/O error" when
    there is no room for its journal, so a full disk is named as such."""
    return f"The library in {root} cannot be opened: {full_disk_reason(root, error)}"


class Library:
    """Documents by id, ordered newest first. One instance per thread (SQLite connections)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        try:
            root.mkdir(parents=True, exist_ok=True)
            # Held while open: a repair (which replaces the file) waits for no one and
            # runs only when nothing has the library open (``repair.repair``).
            self._in_use = hold_shared(root / LOCK_NAME)
        except InUse:
            raise LibraryError(
                f"The library in {root} is being repaired; try again when the repair ends."
            ) from None
        except OSError as e:
            raise LibraryError(_cannot_open(root, e)) from None
        try:
            self._db = connect(root)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._search = SearchIndex(self._db)
            self._migrate()
        except LibraryDamaged:
            self.close()  # (a repair moves the file next)
            raise
        except (OSError, sqlite3.Error) as e:
            self.close()
            raise LibraryError(_cannot_open(root, e)) from None
        self._rows: dict[str, DbRow] | None = None  # every row, by id, once read
        self._head: dict[str, DbRow] = {}  # the newest rows, read before the rest (``head``)
        self._order: dict[str, list[str]] = {}  # ids in each order asked for so far
        self._by_source: dict[str, set[str]] | None = None
        self._totals: Counter[str] | None = None  # articles per source
        self._arrived: list[str] = []  # ids taken in since the rows were read (``arrivals``)
        self._folded: dict[str, str] = {}
        self._batching = False
        self._real_folders: dict[str, str] = {}

    def _migrate(self) -> None:
        (version,) = self._db.execute("PRAGMA user_version").fetchone()
        if version > SCHEMA_VERSION:
            raise LibraryError(
                f"The library was written by a newer Saved Reader (schema {version})."
            )
        with self._db:
            self._db.executescript(_SCHEMA)
            columns = {r[1] for r in self._db.execute("PRAGMA table_info(documents)").fetchall()}
            if "byline" not in columns:  # a library from before schema 6
                self._db.execute("ALTER TABLE documents ADD COLUMN byline TEXT")
            self._search.ensure_schema()
            if version < 2:  # documents stored before the index existed
                self._search.rebuild()
            self._search.restore_automerge()  # a killed bulk import may have left it off
            self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def close(self) -> None:
        if hasattr(self, "_db"):
            self._db.close()
        if self._in_use is not None:
            self._in_use.close()  # the lock goes with the file
            self._in_use = None

    # --- reading ---------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._load_rows())

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._load_rows()

    def row(self, doc_id: str) -> Row:
        if self._rows is None and doc_id in self._head:
            return Row._make(self._head[doc_id])
        return Row._make(self._load_rows()[doc_id])  # rows are kept as plain tuples

    def head(self, limit: int) -> list[str]:
        """The first ``limit`` ids newest first, without reading every row when they are not
        read yet (a window's first screen at 100,000 articles: ~1 ms instead of ~150)."""
        if self._rows is not None:
            return self.ids()[:limit]
        cursor = self._db.execute(
            f"SELECT {_ROW_COLUMNS} FROM documents ORDER BY published DESC, title, id LIMIT ?",
            (limit,),
        )
        self._head = {r[0]: r for r in cursor.fetchall()}
        return list(self._head)

    def folded_title(self, doc_id: str) -> str:
        """The title case-folded, for filtering (computed once per document)."""
        folded = self._folded.get(doc_id)
        if folded is None:
            folded = self._folded[doc_id] = self._load_rows()[doc_id][1].casefold()
        return folded

    def ids(self, order: str = "newest") -> list[str]:
        """Every id in ``order``: "newest" or "oldest" first (unknown dates last), or "title".

        Sorted once, then kept sorted as rows arrive (``_take``): the caller must not change
        the list."""
        rows = self._load_rows()
        found = self._order.get(order)
        if found is None:
            key = _ORDER_KEYS.get(order, _ORDER_KEYS["newest"])
            found = self._order[order] = [r[0] for r in sorted(rows.values(), key=key)]
        return found

    def ids_by_source(self) -> Mapping[str, AbstractSet[str]]:
        """Every source's ids (built when first asked, then kept current as rows arrive; the
        caller must not change them)."""
        rows = self._load_rows()
        if self._by_source is None:
            groups: dict[str, set[str]] = {}
            for r in rows.values():
                groups.setdefault(r[4], set()).add(r[0])
            self._by_source = groups
        return self._by_source

    def sources_of(self, ids: Iterable[str]) -> Counter[str]:
        """How many of ``ids`` each source has (ids not in the library are left out)."""
        return count_sources(self._load_rows(), ids)

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

    def search_page(self, query: str, limit: int) -> Page:
        """The first ``limit`` ids of ``search`` and how many documents match in all."""
        page = self._search.page(query, limit)
        self.load_rows(page.ids)
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

    def source_totals(self) -> dict[str, int]:
        """Articles per source (counted with the rows, kept current as rows arrive)."""
        self._load_rows()
        assert self._totals is not None
        return dict(self._totals)

    def source_of(self, doc_id: str) -> str | None:
        row = self._load_rows().get(doc_id)
        return row[4] if row is not None else None

    def _load_rows(self) -> dict[str, DbRow]:
        if self._rows is None:
            self.adopt_rows(AllRows.of(self._db.execute(_ALL_ROWS)))
        assert self._rows is not None
        return self._rows

    def adopt_rows(self, found: AllRows) -> None:
        """Every row, as ``read_rows`` read and arranged them (in another thread: the window
        reads a big library's rows off the UI thread). Rows here already stay as they are."""
        if self._rows is not None:
            self._take(list(found.by_id.values()))
            return
        self._rows = found.by_id
        self._order = {"newest": found.newest}
        self._totals = found.totals
        self._head = {}
        self._arrived = []

    def adopt_order(self, order: str, ids: list[str], rows: int) -> bool:
        """``ids`` in ``order``, sorted elsewhere (a thread) from ``rows`` rows: taken when
        this library still has exactly those (else it sorts when asked, as without)."""
        if self._rows is None or len(self._rows) != rows or order in self._order:
            return False
        self._order[order] = ids
        return True

    @property
    def rows_read(self) -> bool:
        """Whether every row is read (else ``head`` rows at most)."""
        return self._rows is not None

    def load_rows(self, ids: Iterable[str]) -> list[str]:
        """Take in rows another connection added (a background import), without a full reload;
        returns the ids that were new here."""
        rows = self._load_rows()
        wanted = [i for i in ids if i not in rows]
        found: list[DbRow] = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            cursor = self._db.execute(
                f"SELECT {_ROW_COLUMNS} FROM documents WHERE id IN ({marks})", chunk
            )
            found += cursor.fetchall()
        return self._take(found)

    def _take(self, new: list[DbRow]) -> list[str]:
        """Add rows to the cache, keeping every cached order sorted and the groups current:
        at 100,000 rows, 500 new ones in ~3 ms instead of sorting again (~60 ms an order)."""
        rows = self._load_rows()
        fresh = [r for r in new if r[0] not in rows]
        for r in fresh:
            rows[r[0]] = r
        if not fresh:
            return []
        for order, ids in self._order.items():
            self._order[order] = _merged(ids, fresh, rows, _ORDER_KEYS[order])
        if self._by_source is not None:
            for r in fresh:
                self._by_source.setdefault(r[4], set()).add(r[0])
        if self._totals is not None:
            self._totals.update(r[4] for r in fresh)
        taken = [r[0] for r in fresh]
        self._arrived += taken
        return taken

    def arrivals(self) -> list[str]:
        """Ids this connection took in since the last call (from imports, by any connection),
        for counts kept current without counting everything again."""
        taken, self._arrived = self._arrived, []
        return taken

    def reload(self) -> None:
        """Forget cached rows (another process or thread may have added documents)."""
        self._rows = None
        self._order = {}
        self._by_source = None
        self._totals = None

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
        if self._rows is not None:
            if self._batching:  # a bulk import's storing connection: read again if needed
                self.reload()
            else:
                self._take([(doc.id, doc.title, doc.url, doc.published, doc.source)])
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
        ``stamp``: the file's before it was read."""
        try:
            status = self.add(doc, original, path.suffix, tokens, packed)
            self._remember_file(path, doc.id, stamp)
        except (OSError, sqlite3.Error) as e:
            if self._batching:  # (a full disk) the whole batch is in doubt: ``batch`` rolls back
                raise LibraryError(f"The library in {self.root} could not be written: {e}") from e
            reason = getattr(e, "strerror", None) or str(e)
            return ImportResult(str(path), Status.ERROR, error=f"it could not be stored ({reason})")
        return ImportResult(str(path), status, doc.id, doc.title)

    # --- files already imported, and batches -------------------------------------------

    def stamp(self, path: Path) -> FileStamp | None:
        """What identifies a file's version: its path with the folder's symlinks resolved
        (each folder resolved once per library), size and modification time."""
        try:
            info = path.stat()
            folder = os.path.dirname(os.path.abspath(path))
            real = self._real_folders.get(folder)
            if real is None:
                real = self._real_folders[folder] = os.path.realpath(folder)
        except (OSError, RuntimeError, ValueError):
            return None
        key = name_key(os.path.join(real, path.name))  # SQLite holds UTF-8 only
        return FileStamp(key, info.st_size, info.st_mtime_ns)

    def known_file(self, path: Path, stamp: FileStamp | None = None) -> Row | None:
        """The document a file was imported as, if the file has not changed since."""
        stamp = stamp or self.stamp(path)
        if stamp is None:
            return None
        found = self._db.execute(
            "SELECT id FROM files WHERE path = ? AND size = ? AND mtime_ns = ?", stamp
        ).fetchone()
        if found is None:
            return None
        row = self._load_rows().get(found[0])
        return Row._make(row) if row is not None else None

    def _remember_file(self, path: Path, doc_id: str, stamp: FileStamp | None) -> None:
        """Remember the file as it was before it was read (``stamp``): changed since, it is
        imported again next time."""
        stamp = stamp or self.stamp(path)
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
            self.reload()
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

    # --- damage and repair (repair.py) -----------------------------------------------------

    def check(self) -> list[str]:
        """What is wrong with the database file, in SQLite's words: its quick_check (every
        page of every table and index), then a read of the whole search index; empty when
        nothing is. Damage is the answer here, not an error."""
        problems: list[str] = []
        try:
            try:
                for (found,) in self._db.execute("PRAGMA quick_check(20)").fetchall():
                    lines = str(found).splitlines()  # after "*** in database main ***"
                    problems += [x for x in lines if x != "ok" and not x.startswith("***")]
            except LibraryDamaged as e:
                problems.append(e.reason)
            for table in (TABLE, CHARS):
                try:
                    with self._db:
                        sql = f"INSERT INTO {table} ({table}) VALUES ('integrity-check')"
                        self._db.execute(sql)
                except LibraryDamaged as e:
                    problems.append(f"the search index: {e.reason}")
        except sqlite3.Error as e:  # not damage: locked, read-only...
            raise LibraryError(f"The library in {self.root} could not be checked: {e}") from e
        return problems

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


# Sort keys of the cached orders, over rows (id, title, url, published, source).
_ORDER_KEYS: dict[str, Callable[[DbRow], tuple[Any, ...]]] = {
    "newest": lambda r: (r[3] is None, -(r[3] or 0), r[1], r[0]),
    "oldest": lambda r: (r[3] is None, r[3] or 0, r[1], r[0]),
    "title": lambda r: (r[1].casefold(), r[0]),
}


def _merged(
    ids: list[str],
    new: list[DbRow],
    rows: dict[str, DbRow],
    key: Callable[[DbRow], tuple[Any, ...]],
) -> list[str]:
    """``ids`` (sorted by ``key`` of their rows) with the ids of ``new`` rows in their places,
    each after any equal one (as a stable sort of the rows in arrival order would put it)."""
    out: list[str] = []
    start = 0
    row_key = lambda i: key(rows[i])  # noqa: E731
    for r in sorted(new, key=key):
        at = bisect.bisect_right(ids, key(r), lo=start, key=row_key)
        out += ids[start:at]
        out.append(r[0])
        start = at
    out += ids[start:]
    return out


def original_name(doc_id: str, suffix: str) -> str:
    """The file name an original is kept under (its id and the imported file's suffix)."""
    return f"{doc_id}{_safe_suffix(suffix)}"


def pack(data: bytes) -> bytes:
    """An original as the database keeps it (zlib level 1: a 12 kB article in 0.09 ms, to
    half its size)."""
    return zlib.compress(data, 1)


@dataclass(frozen=True, slots=True)
class AllRows:
    """Every document's row, arranged as the library keeps them."""

    by_id: dict[str, DbRow]  # in "newest" order
    newest: list[str]
    totals: Counter[str]  # articles per source

    @classmethod
    def of(cls, rows: Iterable[DbRow]) -> AllRows:
        """``rows`` newest first (as ``_ALL_ROWS`` gives them), taken in chunks: between two
        chunks another thread gets its turn (one C call over 100,000 rows would hold the GIL
        for tens of milliseconds, and the window is waiting)."""
        by_id: dict[str, DbRow] = {}
        totals: Counter[str] = Counter()
        for chunk in _chunks(rows):
            by_id.update(zip(map(_ID, chunk), chunk, strict=True))
            totals.update(map(_SOURCE, chunk))
        return cls(by_id, list(by_id), totals)


def sorted_ids(rows: Mapping[str, DbRow], order: str) -> list[str]:
    """The ids of ``rows`` in ``order`` (as ``Library.ids`` sorts them)."""
    return [r[0] for r in sorted(rows.values(), key=_ORDER_KEYS[order])]


def read_rows(root: Path) -> AllRows:
    """Every document's row, through a connection of its own: any thread may call this, and
    ``Library.adopt_rows`` takes the result."""
    db = _read_only(root)
    try:
        return AllRows.of(db.execute(_ALL_ROWS))
    finally:
        db.close()


def _read_only(root: Path) -> sqlite3.Connection:
    """A connection of its own for another thread, which only reads; raises LibraryError."""
    try:
        db = connect(root, read_only=True)
    except sqlite3.Error as e:
        raise LibraryError(_cannot_open(root, e)) from None
    return db


def count_sources(rows: Mapping[str, DbRow], ids: Iterable[str]) -> Counter[str]:
    """How many of ``ids`` each source has, from rows by id (ids without a row left out)."""
    counts: Counter[str] = Counter()
    for chunk in _chunks(ids):
        counts.update(map(_SOURCE, filter(None, map(rows.get, chunk))))
    return counts


def _chunks(items: Iterable[Any], size: int = 2_000) -> Iterator[list[Any]]:
    """``items`` a list of ``size`` at a time (a cursor's through ``fetchmany``)."""
    if isinstance(items, sqlite3.Cursor):
        while chunk := items.fetchmany(size):
            yield chunk
        return
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


class SearchConnection:
    """A read-only connection that only searches: for a background thread, whose search
    needs neither the documents' rows nor a second copy of them in memory."""

    def __init__(self, root: Path) -> None:
        self._db = _read_only(root)
        self._index = SearchIndex(self._db)

    def search(self, query: str) -> list[str]:
        return self._index.search(query)

    def warm_up(self) -> None:
        self._index.warm_up()

    def close(self) -> None:
        self._db.close()


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
