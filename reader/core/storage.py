"""Crash-safe file writes and an inter-process lock."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO


def atomic_write(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file, never half.

    Temp file in the same folder, fsync, rename, then fsync the folder so the rename survives
    a power cut. On any error (a full disk, say) the temp file is removed, the original is
    untouched and the error propagates. ``durable=False`` skips the fsyncs: for many files in a
    row, followed by one ``sync_files()``.
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            if durable:
                os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):  # the error that stopped the write is the one said
            os.unlink(tmp)
        raise
    if durable:
        _fsync_dir(path.parent)


def aside_path(path: Path, kind: str) -> Path:
    """A free name beside ``path`` for a copy kept aside: ``<name>.<kind>-<YYYYmmdd-HHMMSS>-<pid>``
    (``-2``, ``-3``... when taken)."""
    name = f"{path.name}.{kind}-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
    target, n = path.with_name(name), 1
    while target.exists() or target.is_symlink():
        n += 1
        target = path.with_name(f"{name}-{n}")
    return target


def full_disk_reason(where: Path, error: Exception) -> str:
    """``error`` as a reason, saying "the disk is full" when the disk ``where`` is on has no
    room left (SQLite's "disk I/O error" then means just that)."""
    reason = getattr(error, "strerror", None) or str(error)
    try:
        free = shutil.disk_usage(where if where.exists() else where.parent).free
    except OSError:  # the free space cannot be told: the reason stands as it is
        return reason
    return f"the disk is full ({reason})" if free < FULL_BELOW else reason


FULL_BELOW = 256 * 1024  # bytes free: a disk with less is full for a database


def sync_files() -> None:
    """Make every write so far durable (after a run of ``atomic_write(..., durable=False)``)."""
    if hasattr(os, "sync"):
        os.sync()


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    # Some file systems cannot open or fsync a folder (EINVAL, EACCES): the file is written
    # and renamed all the same, only less sure to survive a power cut; nothing to tell anyone.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def locked(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on ``lock_path`` (blocks until free).

    Used around read-modify-write of the state file so that two running copies of the app
    merge their changes instead of overwriting each other's.
    """
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+b") as f:
        _lock(f.fileno())
        try:
            yield
        finally:
            _unlock(f.fileno())


class InUse(Exception):
    """Another process holds the lock the other way (``hold_shared``, ``exclusive``)."""


def hold_shared(lock_path: Path) -> IO[bytes] | None:
    """Hold a shared lock on ``lock_path`` until the returned file is closed: any number of
    holders, none while someone holds it exclusively (raises InUse then). None where there
    are no shared locks (Windows: nothing is checked there)."""
    if os.name != "posix":
        return None
    f = open(lock_path, "a+b")  # noqa: SIM115 (held open: the lock lives as long as the file)
    try:
        fcntl.flock(f.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        f.close()
        raise InUse(str(lock_path)) from None
    except BaseException:
        f.close()
        raise
    return f


@contextlib.contextmanager
def exclusive(lock_path: Path) -> Iterator[None]:
    """Hold ``lock_path`` alone, or raise InUse at once when anyone holds it (shared)."""
    if os.name != "posix":
        yield
        return
    with open(lock_path, "a+b") as f:
        try:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InUse(str(lock_path)) from None
        try:
            yield
        finally:
            fcntl.flock(f.fileno(), fcntl.LOCK_UN)


if sys.platform != "win32":  # (sys.platform, not os.name: mypy checks one branch, not both)
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

else:  # pragma: no cover - Windows
    import msvcrt

    def _lock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_LOCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
