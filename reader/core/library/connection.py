"""The library database: its schema, and connections to it whose every SQLite damage error
becomes LibraryDamaged (in any statement, any thread) while every other error (a full disk, a
lock) stays what it was; read-only connections for other threads (``read_rows``,
``SearchConnection``)."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from reader.core.library.catalog import AllRows
from reader.core.library.search import CHARS, TABLE, SearchIndex
from reader.core.storage import full_disk_reason

DB_NAME = "library.sqlite3"
ROW_COLUMNS = "id, title, url, published, source"  # a ``Row``
ALL_ROWS = f"SELECT {ROW_COLUMNS} FROM documents ORDER BY published DESC, title, id"
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


class LibraryError(Exception):
    """The library database cannot be opened or written; the message is for the user."""


class LibraryDamaged(LibraryError):
    """The library file is damaged (SQLite finds it malformed, or not a database at all):
    ``reader.core.repair.rebuild.repair`` rebuilds it from what can still be read.
    ``reason``: SQLite's words."""

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


def cannot_open(root: Path, error: Exception) -> str:
    """Why the library cannot be opened, in one sentence: SQLite says "disk I/O error" when
    there is no room for its journal, so a full disk is named as such."""
    return f"The library in {root} cannot be opened: {full_disk_reason(root, error)}"


def read_only(root: Path) -> sqlite3.Connection:
    """A connection of its own for another thread, which only reads; raises LibraryError."""
    try:
        db = connect(root, read_only=True)
    except sqlite3.Error as e:
        raise LibraryError(cannot_open(root, e)) from None
    return db


def migrate(db: sqlite3.Connection, search: SearchIndex) -> None:
    """Bring the schema up to ``SCHEMA_VERSION`` (raises LibraryError for a newer one)."""
    (version,) = db.execute("PRAGMA user_version").fetchone()
    if version > SCHEMA_VERSION:
        raise LibraryError(f"The library was written by a newer Saved Reader (schema {version}).")
    with db:
        db.executescript(_SCHEMA)
        columns = {r[1] for r in db.execute("PRAGMA table_info(documents)").fetchall()}
        if "byline" not in columns:  # a library from before schema 6
            db.execute("ALTER TABLE documents ADD COLUMN byline TEXT")
        search.ensure_schema()
        if version < 2:  # documents stored before the index existed
            search.rebuild()
        search.restore_automerge()  # a killed bulk import may have left it off
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")


def read_rows(root: Path) -> AllRows:
    """Every document's row, through a connection of its own: any thread may call this, and
    ``Catalog.adopt`` takes the result."""
    db = read_only(root)
    try:
        return AllRows.of(db.execute(ALL_ROWS))
    finally:
        db.close()


class SearchConnection:
    """A read-only connection that only searches: for a background thread, whose search
    needs neither the documents' rows nor a second copy of them in memory."""

    def __init__(self, root: Path) -> None:
        self._db = read_only(root)
        self._index = SearchIndex(self._db)

    def search(self, query: str) -> list[str]:
        return self._index.search(query)

    def warm_up(self) -> None:
        self._index.warm_up()

    def close(self) -> None:
        self._db.close()


def check(db: sqlite3.Connection, root: Path) -> list[str]:
    """What is wrong with the database file, in SQLite's words: its quick_check (every
    page of every table and index), then a read of the whole search index; empty when
    nothing is. Damage is the answer here, not an error."""
    problems: list[str] = []
    try:
        try:
            for (found,) in db.execute("PRAGMA quick_check(20)").fetchall():
                lines = str(found).splitlines()  # after "*** in database main ***"
                problems += [x for x in lines if x != "ok" and not x.startswith("***")]
        except LibraryDamaged as e:
            problems.append(e.reason)
        for table in (TABLE, CHARS):
            try:
                with db:
                    sql = f"INSERT INTO {table} ({table}) VALUES ('integrity-check')"
                    db.execute(sql)
            except LibraryDamaged as e:
                problems.append(f"the search index: {e.reason}")
    except sqlite3.Error as e:  # not damage: locked, read-only...
        raise LibraryError(f"The library in {root} could not be checked: {e}") from e
    return problems
