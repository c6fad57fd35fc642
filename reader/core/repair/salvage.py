"""Reading a damaged library: every row that can still be read, around the damaged pages.

A read that meets a damaged page gives what it could read, it does not raise: a range of rowids
that fails is halved until only the rows on damaged pages are left out, and each index over the
documents is read from both ends (together they miss only their own damaged pages). When page 1
(the header and the list of tables) is damaged, the file is read through a copy whose page 1 is
a new library's (see repair.py's docstring).
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from reader.core.library.store import DB_NAME, DbRow, Library, is_damage

CHUNK = 256  # rowids read (and documents stored) at a time
PAGE = 4096  # every library's page size (SQLite's default)
WORK = ".repair"  # the folder under the data folder where the new library is built
DOC = "rowid, id, title, url, published, source, html, text, format, content_hash, original, added"
_HEAD = "rowid, id, title, url, published, source"  # the start of a row, and the sidebar's index
# Each index over documents, read from both ends: together they miss only their damaged pages.
_INDEXES = (
    (
        f"SELECT {_HEAD} FROM documents INDEXED BY documents_list",
        "published DESC, title, id, url, source",
        "published, title DESC, id DESC, url DESC, source DESC",
    ),
    ("SELECT rowid, id FROM documents INDEXED BY sqlite_autoindex_documents_1", "id", "id DESC"),
    ("SELECT rowid FROM documents INDEXED BY documents_by_date", "published DESC", "published"),
)


@dataclass(slots=True)
class Head:
    """What is known of a document from its index entries or the start of its row."""

    id: str = ""  # "" when only its rowid is known
    title: str | None = None  # None: only the id (or nothing) is known
    url: str | None = None
    published: int | None = None
    source: str = ""


class Salvage:
    """The old library, read-only; a read that meets a damaged page gives what it could
    read, it does not raise."""

    def __init__(self, db: sqlite3.Connection, root: Path, page1: str | None = None) -> None:
        self.db = db
        self.root = root
        self.page1 = page1  # what SQLite said when page 1 could not be read (None: it could)
        self.failed = False  # some document rows could not be read, or not found
        columns = self.rows("PRAGMA table_info(documents)") or []
        # a library from before schema 6 has no bylines
        self.byline = "byline" if any(c[1] == "byline" for c in columns) else "NULL"

    @classmethod
    @contextlib.contextmanager
    def open(cls, path: Path) -> Iterator[Salvage]:
        db = _read_only(path)
        grafted: Path | None = None
        try:
            page1 = _page1_problem(db)
            if page1 is not None:  # read a copy with a new page 1
                db.close()
                grafted = _grafted_copy(path)
                db = _read_only(grafted)
            yield cls(db, path.parent, page1)
        finally:
            db.close()
            if grafted is not None:  # a leftover is removed by the next repair's copy (below)
                shutil.rmtree(grafted.parent, ignore_errors=True)

    def problem(self) -> str | None:
        """SQLite's first words on what is wrong (its quick_check), None when nothing is."""
        found = self.rows("PRAGMA quick_check(1)")
        if self.page1 is not None:
            return self.page1
        if found is None:
            return "database disk image is malformed"
        first = str(found[0][0]).splitlines()[-1] if found else "ok"
        return None if first == "ok" else first

    def rows(self, sql: str, params: tuple[object, ...] = ()) -> list[DbRow] | None:
        """Every row of ``sql``; None when a damaged page stops it, [] when the table or
        index is not in this library (an older schema)."""
        try:
            return self.db.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as e:
            if is_damage(e):
                return None
            if _missing(e):
                return []
            raise

    def scan(self, sql: str) -> tuple[list[DbRow], bool]:
        """The rows of ``sql`` up to the first damaged page, and whether it read them all."""
        found: list[DbRow] = []
        try:
            for row in self.db.execute(sql):
                found.append(row)
        except sqlite3.DatabaseError as e:
            if is_damage(e) or _missing(e):
                return found, False
            raise
        return found, True

    def between(self, select: str, lo: int, hi: int, failed: list[int]) -> list[DbRow]:
        """The rows of ``select`` (``... WHERE rowid``) from rowid ``lo`` to ``hi``: a range
        that meets a damaged page is halved, down to the single rowids that cannot be read
        (added to ``failed``). A range reads one row past its end (to see where it ends), so
        the rows just before a damaged page are read in smaller ranges, the last one alone."""
        if lo == hi:
            found = self.rows(f"{select} = ?", (lo,))
        else:
            found = self.rows(f"{select} BETWEEN ? AND ?", (lo, hi))
        if found is not None:
            return found
        if lo == hi:
            failed.append(lo)
            return []
        mid = (lo + hi) // 2
        return self.between(select, lo, mid, failed) + self.between(select, mid + 1, hi, failed)

    def heads(self) -> tuple[dict[int, Head], bool]:
        """What the indexes over documents hold, by rowid, and whether one of them could be
        read whole (then every document is in there)."""
        heads: dict[int, Head] = {}
        whole = False
        for select, forward, backward in _INDEXES:
            found, complete = self.scan(f"{select} ORDER BY {forward}")
            if not complete:
                found += self.scan(f"{select} ORDER BY {backward}")[0]
            whole = whole or complete
            for row in found:
                rowid = row[0]
                if not isinstance(rowid, int):
                    continue
                known = heads.get(rowid)
                if len(row) == 6 and _is_head(row):
                    heads[rowid] = Head(*row[1:])
                elif len(row) == 2 and isinstance(row[1], str) and not (known and known.id):
                    heads[rowid] = Head(row[1])
                elif known is None:
                    heads[rowid] = Head()
        return heads, whole

    def last_rowid(self, table: str, seen: Iterable[int] = ()) -> int:
        """The largest rowid in ``table`` (or among ``seen``, when larger), 0 for none."""
        found = self.rows(f"SELECT max(rowid) FROM {table}")
        if found is None and table == "documents":
            self.failed = True  # (documents after the last one seen would not be seen)
        last = found[0][0] if found and isinstance(found[0][0], int) else 0
        return max([last, *seen])

    def documents(self, lo: int, hi: int, heads: dict[int, Head]) -> dict[int, DbRow]:
        """The rows that can be read whole, by rowid; of one that cannot, what can be read
        of its start (id to source) goes to ``heads``, or that it exists."""
        failed: list[int] = []
        sql = f"SELECT {DOC}, {self.byline} FROM documents WHERE rowid"
        found = {r[0]: r for r in self.between(sql, lo, hi, failed) if _is_document(r)}
        for rowid in failed:
            start = self.rows(f"SELECT {_HEAD} FROM documents WHERE rowid = ?", (rowid,))
            if start and _is_head(start[0]):
                heads[rowid] = Head(*start[0][1:])
            elif self.rows("SELECT 1 FROM documents WHERE rowid = ?", (rowid,)):
                heads.setdefault(rowid, Head())
        self.failed = self.failed or bool(failed)
        return found

    def originals(self, lo: int, hi: int) -> dict[int, bytes]:
        """The originals (as stored: packed) that can be read, by rowid."""
        sql = "SELECT rowid, data FROM originals WHERE rowid"
        return {r[0]: r[1] for r in self.between(sql, lo, hi, []) if isinstance(r[1], bytes)}

    def files(self) -> list[tuple[str, int, int, str]]:
        """The imported files (path, size, mtime_ns, id) that can be read."""
        keys, _ = self.scan("SELECT rowid FROM files INDEXED BY sqlite_autoindex_files_1")
        last = self.last_rowid("files", (k[0] for k in keys if isinstance(k[0], int)))
        sql = "SELECT path, size, mtime_ns, id FROM files WHERE rowid"
        step = CHUNK * 16  # small rows
        found: list[DbRow] = []
        for lo in range(1, last + 1, step):
            found += self.between(sql, lo, min(lo + step - 1, last), [])
        return [r for r in found if _is_file(r)]


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)


def _missing(error: sqlite3.DatabaseError) -> bool:
    """A table or index that an older library does not have."""
    return isinstance(error, sqlite3.OperationalError) and str(error).startswith("no such")


def _page1_problem(db: sqlite3.Connection) -> str | None:
    """What SQLite says when the list of tables (page 1) cannot be read, else None."""
    try:
        db.execute("SELECT name, rootpage FROM sqlite_schema").fetchall()
    except sqlite3.DatabaseError as e:
        if is_damage(e):
            return str(e)
        raise
    return None


def _grafted_copy(path: Path) -> Path:
    """A copy of the library file whose page 1 comes from a new, empty library (the same
    tables on the same pages), its page count set to the file's, and no WAL: SQLite can find
    the tables again. In a folder of its own beside the file, which the caller removes."""
    work = path.parent / f"{WORK}-page1"
    shutil.rmtree(work, ignore_errors=True)  # what stays makes the copy below fail, and say why
    Library(work / "empty").close()
    page1 = bytearray((work / "empty" / DB_NAME).read_bytes()[:PAGE])
    copy = work / DB_NAME
    shutil.copyfile(path, copy)
    page1[18:20] = b"\x01\x01"  # a rollback journal, not WAL: the copy has no WAL
    page1[28:32] = ((copy.stat().st_size + PAGE - 1) // PAGE).to_bytes(4, "big")
    page1[92:96] = page1[24:28]  # the page count is valid for this change counter
    with open(copy, "r+b") as f:
        f.write(page1)
    return copy


def _is_head(row: DbRow) -> bool:
    _, doc_id, title, url, published, source = row
    return (
        isinstance(doc_id, str)
        and isinstance(title, str)
        and isinstance(url, str | None)
        and isinstance(published, int | None)
        and isinstance(source, str)
    )


def _is_document(row: DbRow) -> bool:
    added, byline = row[11], row[12]
    return (
        _is_head(row[:6])
        and all(isinstance(v, str) for v in row[6:11])
        and isinstance(added, int)
        and isinstance(byline, str | None)
    )


def _is_file(row: DbRow) -> bool:
    path, size, mtime_ns, doc_id = row
    return all(isinstance(v, str) for v in (path, doc_id)) and all(
        isinstance(v, int) for v in (size, mtime_ns)
    )
