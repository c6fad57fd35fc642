"""The import pipeline: files and folders in, one ImportResult per file out, for the CLI, the
window's import process and the tests alike.

Runs in the calling thread (the CLI's, or the window's import process: ``start_in_child``);
the CPU-heavy part (read, parse, clean, sanitize, tokenize, compress: ``ingest_one``) runs in
this process or in worker processes on every core (``workers``), and the caller stores
results in one transaction per batch. A cancelled or killed import leaves a consistent
library (every committed batch is whole; an interrupted one rolls back) that a second run
completes, and a second run skips files already imported unless they changed (same path,
size and mtime). On a full disk every file still gets its result, and then LibraryError
says what happened in one sentence. Processes start as ``lifeline.process_context`` says.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, NamedTuple

from reader.core import lifeline
from reader.core.display import name_key
from reader.core.importing.ingest import expand, ingest
from reader.core.library.search import document_tokens
from reader.core.library.store import Library, LibraryDamaged, LibraryError, damage_behind, pack
from reader.core.model import Document, FileStamp, ImportResult, InputError, Status

BATCH_SECONDS = 0.5  # commit at least this often, so new articles show up as they arrive
BATCH_SIZE = 500
POOL_THRESHOLD = 24  # fewer files than this: not worth starting worker processes
CHUNK = 16  # files per task sent to a worker
OPTIMIZE_AFTER = 1000  # merge the search index after an import that added this many
EMIT_SECONDS = 0.1  # import_in_child: results go out in batches at most this often
NICENESS = 10  # import_in_child and its workers yield the CPU to the window


class Outcome(NamedTuple):
    """What a worker made of one file: its document, packed original and search tokens, or
    why it could not be read (``error``; then the others are None)."""

    name: str
    doc: Document | None = None
    packed: bytes | None = None
    tokens: tuple[str, str, str] | None = None
    error: str | None = None


def import_paths(
    library: Library,
    paths: Iterable[Path],
    *,
    on_total: Callable[[int], None] | None = None,
    cancel: threading.Event | None = None,
    workers: int | None = None,
    follow_links: bool = False,
    passed_over: Counter[str] | None = None,
) -> Iterator[ImportResult]:
    """Import files and folders; yields one result per file as it is stored (first, what
    the folders hold that is not imported: links, pipes, folders that cannot be read).
    ``workers``: worker processes (default: every core; 1, or fewer than ``POOL_THRESHOLD``
    files: this process reads them); ``follow_links``: follow links out of the folders named;
    ``passed_over``: counts what the folders hold that is not tried (hidden files, images...:
    see ``ingest.expand``). Never raises for a bad file (its result says why); raises
    LibraryError when the library cannot be written (after a result for every file)."""
    found = list(expand(paths, follow_links=follow_links, passed_over=passed_over))
    files = [f for f in found if isinstance(f, Path)]
    if on_total:
        on_total(len(found))
    yield from (f for f in found if isinstance(f, ImportResult))
    todo: list[Path] = []
    stamps: dict[str, FileStamp | None] = {}
    real_folders: dict[str, str] = {}
    for path in files:
        stamp = stamp_of(path, real_folders)
        known = library.known_file(stamp) if stamp is not None else None
        if known is not None:
            yield ImportResult(str(path), Status.UNCHANGED, known.id, known.title)
        else:
            todo.append(path)
            stamps[str(path)] = stamp
    outcomes = _outcomes(todo, workers, cancel)
    added = failed = taken = 0
    try:
        for result in _store(library, outcomes, stamps, cancel):
            added += result.status is Status.ADDED
            failed += result.status is Status.ERROR
            taken += 1  # one result per outcome, in the order of todo
            yield result
    except LibraryError as e:  # it cannot be written (a full disk): every file is told so
        outcomes.close()  # no more parsing
        reason, advice = _unwritable(e)
        for path in todo[taken:]:
            yield ImportResult(str(path), Status.ERROR, error=f"it was not imported: {reason}")
        failed += len(todo) - taken
        damage = damage_behind(e)
        if damage is not None:  # what to do is to repair it, not to free space
            raise damage from None
        raise LibraryError(
            f"{reason[:1].upper()}{reason[1:]}: {failed:,} of {len(files):,} files were not "
            f"imported; {advice} (files already imported are skipped)."
        ) from None
    finally:
        outcomes.close()
    if added >= OPTIMIZE_AFTER and not (cancel is not None and cancel.is_set()):
        library.optimize_index()  # halves the p95 of common 2-character searches at 100k


def import_file(library: Library, path: Path) -> ImportResult:
    """Import one file in this process, in a transaction of its own (stored even when it was
    imported before: then UNCHANGED); never raises for a bad file (the result says why)."""
    stamp = stamp_of(path, {})
    return _result(library, ingest_one(str(path)), stamp)


def _result(library: Library, outcome: Outcome, stamp: FileStamp | None) -> ImportResult:
    """A worker's outcome stored (``Library.store``), or its error as the file's result."""
    if outcome.doc is None or outcome.packed is None:
        return ImportResult(outcome.name, Status.ERROR, error=outcome.error)
    path = Path(outcome.name)
    return library.store(outcome.doc, outcome.packed, path, outcome.tokens, True, stamp)


def stamp_of(path: Path, real_folders: dict[str, str]) -> FileStamp | None:
    """What identifies a file's version: its path with the folder's symlinks resolved
    (each folder once: ``real_folders`` keeps them), size and modification time."""
    try:
        info = path.stat()
        folder = os.path.dirname(os.path.abspath(path))
        real = real_folders.get(folder)
        if real is None:
            real = real_folders[folder] = os.path.realpath(folder)
    except (OSError, RuntimeError, ValueError):
        return None
    key = name_key(os.path.join(real, path.name))  # SQLite holds UTF-8 only
    return FileStamp(key, info.st_size, info.st_mtime_ns)


def _store(
    library: Library,
    outcomes: Iterator[Outcome],
    stamps: dict[str, FileStamp | None],
    cancel: threading.Event | None,
) -> Iterator[ImportResult]:
    """Stores ``outcomes`` in batches, one result each as its batch is committed. When a
    batch cannot be written (LibraryError: a full disk), the files it stored are told so, and
    then the error is raised (the file being stored when it happened gets no result)."""
    pending: list[ImportResult] = []
    started = time.monotonic()
    try:
        with library.batch() as batch:
            for outcome in outcomes:
                if cancel is not None and cancel.is_set():
                    break
                pending.append(_result(library, outcome, stamps.get(outcome.name)))
                if len(pending) >= BATCH_SIZE or time.monotonic() - started > BATCH_SECONDS:
                    batch.commit()
                    yield from pending
                    pending.clear()
                    started = time.monotonic()
            batch.commit()
    except LibraryError as e:  # the batch was rolled back
        reason = f"it could not be stored: {_unwritable(e)[0]}"
        for r in pending:
            yield (
                r if r.status is Status.ERROR else ImportResult(r.path, Status.ERROR, error=reason)
            )
        raise
    yield from pending


def _unwritable(e: LibraryError) -> tuple[str, str]:
    """Why the library could not be written (from SQLite's or the system's error), and what
    to do about it."""
    cause = e.__cause__
    detail = getattr(cause, "strerror", None) or str(cause or e)
    code = getattr(cause, "sqlite_errorcode", None)
    if getattr(cause, "errno", None) == errno.ENOSPC or (
        code is not None and code & 0xFF == sqlite3.SQLITE_FULL
    ):
        return f"the disk is full ({detail})", "free some space and import again"
    return f"the library could not be written ({detail})", "import again when that is fixed"


def _outcomes(
    paths: list[Path], workers: int | None, cancel: threading.Event | None
) -> Generator[Outcome, None, None]:
    names = [str(p) for p in paths]
    count = workers if workers is not None else (os.cpu_count() or 1)
    if count <= 1 or len(names) < POOL_THRESHOLD:
        for name in names:
            if cancel is not None and cancel.is_set():
                return
            yield ingest_one(name)
        return
    pool = lifeline.worker_pool(count)
    try:
        yield from pool.map(ingest_one, names, chunksize=CHUNK)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def ingest_one(name: str) -> Outcome:
    """Worker side: one file to a document, its search tokens and its packed original, or to
    a reason (the one place a failing file becomes one: ``_store`` makes it its result).
    Never raises."""
    try:
        doc, data = ingest(Path(name))
        tokens = document_tokens(doc.title, doc.text)
        packed = pack(data)
    except InputError as e:
        return Outcome(name, error=str(e))
    except RecursionError:
        return Outcome(name, error="its HTML is nested too deeply")
    except Exception as e:  # a bug must not stop an import of 15,000 files
        return Outcome(name, error=f"it could not be read ({type(e).__name__}: {e})")
    return Outcome(name, doc, packed, tokens)


def import_in_child(root: str, paths: list[str], cancel: Any, out: Any, *, window: int) -> None:
    """``import_reporting`` in a process of its own, started by ``start_in_child`` (the
    window's import of a folder: its storing then shares no GIL with the window); ``out``
    is one end of a ``multiprocessing.Pipe``; ``window``: the pid of the process it reports
    to, whose end it does not outlive (``lifeline``: its parent is a forkserver, not the
    window).

    It leads a process group of its own, with its workers: if it is killed, the window ends
    what is left of the group (and each worker ends by itself soon after, see ``lifeline``).
    """
    lifeline.watch(window)
    if hasattr(os, "setpgrp"):
        os.setpgrp()
    if hasattr(os, "nice"):  # the window first: it needs little CPU, but at once
        with contextlib.suppress(OSError):
            os.nice(NICENESS)
    import_reporting(root, paths, cancel, out.send)


def import_reporting(
    root: str, paths: list[str], cancel: Any, send: Callable[[tuple[str, Any]], None]
) -> None:
    """Import ``paths`` into the library at ``root``, telling ``send`` about it:
    ``("total", n)``, ``("results", [ImportResult...])`` at most every ``EMIT_SECONDS``, and
    ``("damaged", LibraryDamaged)`` when the library turned out damaged, and
    last ``("done", cancelled)``. ``cancel``: an Event. Never raises for the library's sake:
    one that cannot be opened or written becomes an error result."""
    batch: list[ImportResult] = []
    try:
        library = Library(Path(root))
    except LibraryError as e:
        send(("results", [ImportResult(root, Status.ERROR, error=str(e))]))
        if damage_behind(e) is not None:
            send(("damaged", damage_behind(e)))
        send(("done", False))
        return
    sent = time.monotonic()
    damage: LibraryDamaged | None = None
    try:
        for result in import_paths(
            library,
            [Path(p) for p in paths],
            on_total=lambda n: send(("total", n)),
            cancel=cancel,
        ):
            batch.append(result)
            if time.monotonic() - sent > EMIT_SECONDS:
                send(("results", batch))
                batch, sent = [], time.monotonic()
    except Exception as e:  # the library became unwritable (disk full...): say so, stop
        batch.append(ImportResult(root, Status.ERROR, error=f"the import stopped: {e}"))
        damage = damage_behind(e)
    finally:
        library.close()
        if batch:
            send(("results", batch))
        if damage is not None:  # the window offers the repair
            send(("damaged", damage))
        send(("done", cancel.is_set()))


def start_in_child(
    root: Path, paths: Sequence[Path], cancel: Any
) -> tuple[BaseProcess, Connection]:
    """Start ``import_in_child`` (in a process made as ``lifeline.process_context`` says);
    returns the process and the end of the pipe its reports come out of (EOF once it is
    gone). ``cancel``: an Event of ``lifeline.process_context()``. Raises OSError when no
    process can be started."""
    context = lifeline.process_context()
    receive, send = context.Pipe(duplex=False)
    child = context.Process(
        target=import_in_child,
        # It ends soon after this process does (see import_in_child).
        args=(str(root), [str(p) for p in paths], cancel, send),
        kwargs={"window": os.getpid()},
        name="import",
    )
    try:
        child.start()
    except BaseException:
        receive.close()
        raise
    finally:
        send.close()  # the child's end: EOF on ``receive`` when the child is gone
    return child, receive
