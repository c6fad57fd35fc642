"""Rebuilding a damaged library from what can still be read of it.

A damaged page (a disk error, a copy cut short) loses the rows on it, not the library.
``repair`` reads the old file in rowid ranges, halving a range that fails until only the rows
on damaged pages are left out, and builds a new library from what it read:

- a document whose original can be read is converted again from it (its HTML and text made
  anew), keeping the id, title, URL, date and source its row has (else the sidebar's index;
  else what the original says);
- a document whose original is lost keeps its stored HTML and text, without an original;
- the imported files are remembered again, so a re-import skips the unchanged ones;
- the search index is made anew from the documents.

Ids do not change, so read state, stars and notes (state.json, by id) stay with their
articles. The new library is built beside the old one and then put in its place, so there is a
library at every moment (a repair that is stopped leaves the old one as it was); the old file is
never deleted: it is kept as ``library.sqlite3.damaged-<YYYYmmdd-HHMMSS>-<pid>``.

When page 1 (the header and the list of tables) is damaged, the file is read through a copy
whose page 1 is a new library's: every library made since schema 5 has its tables on the same
pages. For an older library that finds nothing, and nothing is what the report says.

salvage.py reads the old file; this module builds the new library from it and puts it in
place.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import shutil
import sqlite3
import time
import zlib
from collections import deque
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from reader.core import lifeline
from reader.core.importing.ingest import ingest_bytes
from reader.core.library.search_tokens import document_tokens
from reader.core.library.store import (
    DB_NAME,
    LOCK_NAME,
    DbRow,
    Library,
    LibraryError,
    original_name,
)
from reader.core.model import Document
from reader.core.repair.salvage import CHUNK, WORK, Head, Salvage
from reader.core.storage import InUse, aside_path, exclusive, sync_files

POOL_FROM = 1000  # documents: from this many, they are converted in worker processes
AHEAD = 2  # chunks being converted while one is stored (the workers never wait for it)

Progress = Callable[[int, int], None]  # (rowids looked at, rowids in all)
log = logging.getLogger(__name__)


_EMPTY_NOW = "The library is empty now: importing your folders again brings their articles back."


@dataclass(frozen=True, slots=True)
class RepairReport:
    """What a repair did. ``lost``: documents seen (in an index or the table) that could not
    be read; ``lost_exact`` is False when some may not even have been seen (no index and not
    the table could be read whole): then more may be missing."""

    root: Path
    recovered: int  # documents in the new library
    without_original: int  # of them: their original was on a damaged page (text kept)
    lost: int
    lost_exact: bool
    lost_titles: tuple[str, ...]  # the lost documents whose title is known
    files: int  # imported files remembered again
    kept_as: Path  # the old file
    reason: str | None  # what SQLite found wrong before the repair (None: nothing)

    @property
    def ok(self) -> bool:
        """Something was recovered, or nothing was there to recover."""
        return self.recovered > 0 or (self.lost == 0 and self.lost_exact)

    def summary(self) -> str:
        """What happened, for people (one or two sentences)."""
        n = self.recovered
        told = [f"{n:,} article{'' if n == 1 else 's'} recovered"]
        if self.without_original:
            told.append(
                f"{self.without_original:,} of them without their original file (it was on a "
                "damaged page: their text is kept)"
            )
        if not self.lost_exact:
            told.append(
                f"at least {self.lost:,} lost" if self.lost else "how many were lost cannot be told"
            )
        elif self.lost:
            told.append(f"{self.lost:,} lost")
        head = "Rebuilt" if self.ok else "Nothing could be read from"
        why = f" ({self.reason})" if self.reason else ""
        empty = "" if self.ok else f" {_EMPTY_NOW}"
        return (
            f"{head} the library in {self.root}{why}: {', '.join(told)}. The old file is kept "
            f"as {self.kept_as}; read state and notes are kept.{empty}"
        )


def repair(
    root: Path, progress: Progress | None = None, *, workers: int | None = None
) -> RepairReport:
    """Rebuild the library in ``root`` from what can be read of it (see the module
    docstring). Raises LibraryError when there is no library, or when the new one cannot be
    written (a full disk: the old one is then left as it was). Nothing else may have the
    library open meanwhile (the window closes its connections first). ``workers``: processes
    converting the originals (default: one a core, from ``POOL_FROM`` documents)."""
    path = root / DB_NAME
    if not path.exists():
        raise LibraryError(f"There is no library in {root} to repair.")
    work = root / WORK
    try:
        # Alone: an import or a window still writing to the old file would lose its writes.
        with exclusive(root / LOCK_NAME):
            # Left by a repair that was stopped. What cannot be removed makes the new library
            # fail to build below, and that error is the one said.
            shutil.rmtree(work, ignore_errors=True)
            try:
                with Salvage.open(path) as old:
                    reason = old.problem()
                    tally = _rebuild(old, work, progress, workers)
                kept_as = _swap(root, work / DB_NAME)
            finally:
                # A leftover (a file held open elsewhere) harms nothing: the next repair
                # removes it first (above), and the outcome, good or bad, is what is said.
                shutil.rmtree(work, ignore_errors=True)
    except InUse:
        raise LibraryError(
            f"The library in {root} is open in another Saved Reader (a window, or an import): "
            "close it, or let the import end, then repair again."
        ) from None
    except (OSError, sqlite3.Error) as e:
        raise LibraryError(f"The library in {root} could not be repaired: {e}") from e
    return RepairReport(
        root=root,
        recovered=tally.recovered,
        without_original=tally.without_original,
        lost=len(tally.lost),
        lost_exact=tally.seen_all,
        lost_titles=tuple(sorted(h.title for h in tally.lost if h.title)),
        files=tally.files,
        kept_as=kept_as,
        reason=reason,
    )


# --- building the new library ----------------------------------------------------------------


@dataclass(slots=True)
class _Tally:
    recovered: int = 0
    without_original: int = 0
    files: int = 0
    lost: list[Head] = field(default_factory=list)
    seen_all: bool = True


@dataclass(frozen=True, slots=True)
class _Job:
    """One document to make again from its original (in a worker process)."""

    rowid: int
    data: bytes | None  # its original: packed (as the database keeps it) or not; None: lost
    packed: bool
    name: str  # its original's file name ("" when its row is lost)
    known: Head | None  # what its row or the index says of it


# A job's outcome: rowid, the document made again (None: no original, or it failed), its
# search tokens, and whether its original could be read.
Converted = tuple[int, Document | None, tuple[str, str, str] | None, bool]


def convert(jobs: list[_Job]) -> list[Converted]:
    """Worker side: each job's document made again from its original, with its search
    tokens (the costly part of a repair, spread over the cores). Never raises."""
    out: list[Converted] = []
    for job in jobs:
        data = _unpacked(job.data) if job.packed else job.data
        doc = _converted(data, job.name, job.known) if data is not None else None
        tokens = document_tokens(doc.title, doc.text) if doc is not None else None
        out.append((job.rowid, doc, tokens, data is not None))
    return out


class _Converter:
    """``convert`` in worker processes (one part of a chunk each), or here for a small
    library; ``submit`` returns how to get the outcomes, in the jobs' order, so that the
    next chunk is converted while this one is stored."""

    def __init__(self, workers: int) -> None:
        self._workers = workers
        self._pool: ProcessPoolExecutor | None = None
        if workers > 1:
            self._pool = lifeline.worker_pool(workers)

    def submit(self, jobs: list[_Job]) -> Callable[[], list[Converted]]:
        if self._pool is None:
            done = convert(jobs)
            return lambda: done
        size = -(-len(jobs) // self._workers)
        parts = [self._pool.submit(convert, jobs[i : i + size]) for i in range(0, len(jobs), size)]
        return lambda: [outcome for part in parts for outcome in part.result()]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


@dataclass(slots=True)
class _Chunk:
    """A range of old rowids read, its documents being converted."""

    rows: dict[int, DbRow]
    packed: dict[int, bytes]
    outcomes: Callable[[], list[Converted]]
    hi: int


def _rebuild(old: Salvage, work: Path, progress: Progress | None, workers: int | None) -> _Tally:
    heads, whole = old.heads()
    last = max(old.last_rowid("documents", heads), old.last_rowid("originals"))
    count = workers if workers is not None else (os.cpu_count() or 1)
    if workers is None and last < POOL_FROM:
        count = 1  # starting the workers costs more than they save
    tally = _Tally()
    done: set[int] = set()  # old rowids stored (or already there by their id)
    ids: set[str] = set()
    new = Library(work)
    converter = _Converter(count)
    try:
        with new.batch() as batch:
            pending: deque[_Chunk] = deque()  # read, being converted, to store in turn
            for lo in [*range(1, last + 1, CHUNK), *[None] * AHEAD]:  # None: only store
                if lo is not None:
                    hi = min(lo + CHUNK - 1, last)
                    rows, packed = old.documents(lo, hi, heads), old.originals(lo, hi)
                    jobs = _jobs(old.root, rows, packed, heads)
                    pending.append(_Chunk(rows, packed, converter.submit(jobs), hi))
                if len(pending) > AHEAD or (lo is None and pending):
                    chunk = pending.popleft()
                    _store(new, chunk, tally, done, ids)
                    batch.commit()
                    if progress:
                        progress(chunk.hi, last)
            files = [f for f in old.files() if f[3] in ids]
            new.restore_files(files)
        new.optimize_index()
    except BrokenProcessPool:
        raise LibraryError("A process converting the articles ended unexpectedly.") from None
    finally:
        converter.close()
        new.close()
    tally.files = len(files)
    tally.lost = [h for rowid, h in heads.items() if rowid not in done and h.id not in ids]
    tally.seen_all = whole or not old.failed
    return tally


def _jobs(
    root: Path, rows: dict[int, DbRow], originals: dict[int, bytes], heads: dict[int, Head]
) -> list[_Job]:
    """A job for each document whose row or original could be read, in rowid order."""
    jobs = []
    for rowid in sorted(rows.keys() | originals.keys()):
        row = rows.get(rowid)
        name = row[10] if row is not None else ""
        known = Head(*row[1:6]) if row is not None else heads.get(rowid)
        data, packed = originals.get(rowid), True
        if data is None and "/" in name:  # schema 4 and earlier: a file under originals/
            packed = False
            try:
                data = (root / name).read_bytes()
            except OSError as e:
                # Its stored text is kept, and the report counts it as without its original.
                log.info("The original %s could not be read: %s", name, e)
        jobs.append(_Job(rowid, data, packed, name, known))
    return jobs


def _store(new: Library, chunk: _Chunk, tally: _Tally, done: set[int], ids: set[str]) -> None:
    for rowid, doc, tokens, readable in chunk.outcomes():
        row = chunk.rows.get(rowid)
        packed = chunk.packed.get(rowid) if readable else None  # (None: kept as a file)
        added = row[11] if row is not None else int(time.time() * 1000)
        if doc is not None:
            name = row[10] if row is not None else original_name(doc.id, "")
        elif row is not None:  # its original is lost (or cannot be converted): as it was
            doc, name = _stored(row), row[10]
        else:
            continue
        done.add(rowid)
        if new.restore(doc, name, packed, added, tokens):
            ids.add(doc.id)
            tally.recovered += 1
            tally.without_original += not readable


def _stored(row: DbRow) -> Document:
    """The document as the old library stored it (a row of ``salvage.DOC`` and its byline)."""
    doc_id, title, url, published, source, html, text, kind, content_hash = row[1:10]
    return Document(
        doc_id, title, url, published, source, html, text, kind, content_hash, byline=row[12]
    )


def _unpacked(packed: bytes | None) -> bytes | None:
    if packed is None:
        return None
    try:
        return zlib.decompress(packed)
    except zlib.error:  # damaged: its stored text is kept, counted as without its original
        return None


def _converted(data: bytes, name: str, known: Head | None) -> Document | None:
    """The document made again from its original (None when that fails); what was known
    of it wins for the id (read state and notes are by id), title, URL, date and source."""
    # The name it is parsed as: the folder names the source of an article without a URL.
    as_path = Path(known.source if known and known.source else ".") / Path(name or "-").name
    try:
        doc = ingest_bytes(as_path, data)
    except Exception:  # it keeps its stored text (a bug in a converter must not stop a repair)
        log.warning("The original %s could not be converted again", name, exc_info=True)
        return None
    if known is None or not known.id:
        return doc
    if known.title is None:
        return dataclasses.replace(doc, id=known.id)
    return dataclasses.replace(
        doc,
        id=known.id,
        title=known.title,
        url=known.url,
        published=known.published,
        source=known.source or doc.source,
    )


# --- putting it in place ----------------------------------------------------------------------


def _swap(root: Path, new: Path) -> Path:
    """Keep the old file (with its WAL) under a new name, and put ``new`` in its place. The
    old file gets its new name as a second link first: there is a library at every moment."""
    path = root / DB_NAME
    kept = aside_path(path, "damaged")
    wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
    if wal.exists() and wal.stat().st_size == 0:  # (made by reading it): holds nothing
        wal.unlink()
        shm.unlink(missing_ok=True)
    for side in (wal, shm):  # a WAL holds committed pages: it goes with its file
        if side.exists():
            os.replace(side, f"{kept}{side.name[len(DB_NAME) :]}")
    try:
        os.link(path, kept)
    except OSError:  # no hard links on this file system: a moment without a library
        os.replace(path, kept)
    os.replace(new, path)
    sync_files()
    return kept
