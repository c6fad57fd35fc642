"""A versioned JSON file that is never lost: the machinery ``state.json`` and ``settings.json``
share (reader/core/userdata/state.py's docstring says what it promises, with state.json as
the example).

A ``JsonStore`` subclass says what its data is: ``_hold`` (the parsed file as held in memory:
version upgrades, then wrong-typed entries left out and counted), ``_merge`` (this copy's
changes applied to what is on disk), ``_encode``, ``dirty`` and ``_saved``. This class does the
rest: atomic saves under a lock, merged with the file on disk, the previous file kept as
``<name>.bak``; at load, a damaged file kept aside and the backup restored, wrong types cleaned
once with the original kept, a file from a newer version used read-only.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import Any, ClassVar

from reader.core.storage import aside_path, atomic_write, locked

Held = dict[str, Any]
Hold = Callable[[dict[str, Any], dict[str, int]], Held]  # (parsed file, dropped) -> held


class StoreError(Exception):
    """The file cannot be written; the message is one sentence for the user."""


class JsonStore:
    VERSION: ClassVar[int]
    EMPTY: ClassVar[str] = "a new, empty state was started"  # said when no copy is usable

    def __init__(self, root: Path, name: str, lock_name: str) -> None:
        self.root = root
        self.path = root / name
        self.backup = root / f"{name}.bak"
        self._lock = root / lock_name
        self.warning: str | None = None  # set when the file had to be recovered
        self._read_only = False
        root.mkdir(parents=True, exist_ok=True)
        self._disk_stamp: tuple[int, int, int] | None = None
        self._data = self._load()

    # --- what a subclass says ------------------------------------------------------------------

    def _hold(self, value: dict[str, Any], dropped: dict[str, int]) -> Held:
        raise NotImplementedError

    def _merge(self, base: Held) -> Held:
        raise NotImplementedError

    def _encode(self, data: Held) -> bytes:
        return encode(data, self.VERSION)

    @property
    def dirty(self) -> bool:
        raise NotImplementedError

    def _saved(self) -> None:
        """The pending changes are on disk now."""

    def _empty(self) -> Held:
        return self._hold({"version": self.VERSION}, {})

    # --- persistence ---------------------------------------------------------------------------

    @property
    def read_only(self) -> bool:
        """True when the file is from a newer Saved Reader: saves raise StoreError."""
        return self._read_only

    def save(self) -> None:
        """Write pending changes (merged into the file on disk); raises StoreError."""
        if not self.dirty:
            return
        if self._read_only:
            raise StoreError(_newer_error(self.path))
        try:
            with locked(self._lock):
                base, good = self._save_base()
                merged = self._merge(base)
                payload = self._encode(merged)
                if good:  # never a damaged file over the last good copy
                    _link_backup(self.path, self.backup)
                atomic_write(self.path, payload)
                self._disk_stamp = _stamp(self.path)
        except (OSError, ValueError) as e:
            reason = _reason(e)
            if getattr(e, "filename", None) == str(self._lock):
                reason = f"{self._lock}: {reason}"
            raise StoreError(f"Could not save {self.path} ({reason}).") from None
        self._data = merged
        self._saved()

    def _save_base(self) -> tuple[Held, bool]:
        """What a save merges into (under the lock), and whether the file on disk is a good
        file, to be kept as the backup. Unchanged since this copy last read or wrote it:
        known good, and what this copy holds. Gone or damaged: this copy's data is the base (it
        holds whatever was recovered at load), and a damaged file is moved aside, kept."""
        stamp = _stamp(self.path)
        if stamp is not None and stamp == self._disk_stamp:
            return self._data, True
        on_disk = self._examine(self.path)
        if on_disk.data is not None:
            if on_disk.newer:
                self._read_only = True
                raise StoreError(_newer_error(self.path))
            return on_disk.data, True
        if on_disk.problem is not None:
            kept = _move_aside(self.path, "damaged")
            self.warning = (
                f"{self.path} could not be read ({on_disk.problem}) when saving; it was kept as "
                f"{kept.name} and saved again from what this copy holds."
            )
        return self._data, False

    def _reload(self) -> bool:
        """Take in what another running copy saved (pending changes here are kept)."""
        fresh = self._examine(self.path)
        if fresh.data is None:
            return False
        self._data = self._merge(fresh.data)
        return True

    # --- loading and recovery ------------------------------------------------------------------

    def _examine(self, path: Path) -> Reading:
        return examine(path, self._hold, self.VERSION)

    def _load(self) -> Held:
        current = self._examine(self.path)
        if current.data is not None and (current.newer or not current.dropped):
            return self._take(current)
        if current.missing and not self.backup.exists():
            return self._empty()  # a first start
        with contextlib.ExitStack() as stack:
            try:
                stack.enter_context(locked(self._lock))
            except OSError as e:
                return self._recover(f"{self._lock.name}: {_reason(e)}")
            return self._recover(None)

    def _take(self, reading: Reading) -> Held:
        """A usable file's data; one from a newer version is read-only."""
        assert reading.data is not None
        self._disk_stamp = reading.stamp
        if reading.newer:
            self._read_only = True
            self.warning = f"{self.path} is from a newer Saved Reader: changes will not be saved."
        return reading.data

    def _recover(self, failure: str | None) -> Held:
        """Put a damaged, missing or wrong-typed file right and say so in ``warning``.
        Runs under the save lock; ``failure`` (why the lock or a write failed) means no file
        may be changed any more: what was recovered is then used in memory only."""
        current = self._examine(self.path)  # again, under the lock: another copy may have done it
        if current.data is None:
            return self._restore(current, failure)
        data = self._take(current)
        if current.dropped and not current.newer:
            self.warning = self._clean(current, failure)
        return data

    def _clean(self, reading: Reading, failure: str | None) -> str:
        """The file without its wrong-typed entries (``reading`` is what it holds now);
        the original is copied aside first. Returns the sentence for ``warning``."""
        assert reading.data is not None
        assert reading.raw is not None
        total = sum(reading.dropped.values())
        detail = ", ".join(f"{key}: {n}" for key, n in sorted(reading.dropped.items()))
        said = (
            f"{total} {'entry' if total == 1 else 'entries'} of {self.path} had the wrong type "
            f"and {'was' if total == 1 else 'were'} left out ({detail})"
        )
        if failure is None:
            copy = aside_path(self.path, "invalid")
            try:
                atomic_write(copy, reading.raw)
                self._write(self._encode(reading.data))
            except (OSError, ValueError) as e:
                failure = _reason(e)
                with contextlib.suppress(OSError):
                    copy.unlink()
            else:
                return f"{said}; the original is kept as {copy.name}."
        return f"{said}; the file could not be rewritten ({failure}) and is unchanged."

    def _restore(self, current: Reading, failure: str | None) -> Held:
        """The file is missing or damaged: the damaged file is moved aside and a usable
        backup written back in its place; with none, an empty one. Sets ``warning``."""
        if current.problem is None:
            said = f"{self.path} was missing"
        else:
            said = f"{self.path} could not be read ({current.problem})"
            if failure is None:
                try:
                    said += f"; it was kept as {_move_aside(self.path, 'damaged').name}"
                except OSError as e:
                    failure = _reason(e)
        backup = self._examine(self.backup)
        if backup.data is None:
            return self._start_empty(said, current, backup, failure)
        assert backup.raw is not None
        named = f"the backup {self.backup.name}, saved {_modified(self.backup)},"
        if failure is None:
            try:
                self._write(backup.raw)
            except OSError as e:
                failure = _reason(e)
        if failure is not None:
            self.warning = (
                f"{said} and {named} is used for now but could not be restored ({failure})."
            )
        else:
            self.warning = f"{said} and {named} was restored."
        if backup.newer:
            self._read_only = True
            self.warning += " It is from a newer Saved Reader: changes will not be saved."
        elif backup.dropped and failure is None:
            self.warning += " " + self._clean(backup, None)
        return backup.data

    def _start_empty(
        self, said: str, current: Reading, backup: Reading, failure: str | None
    ) -> Held:
        """No usable copy: a damaged backup is moved aside too, and an empty file begins."""
        if backup.problem is not None:
            said += f"; the backup {self.backup.name} could not be read "
            said += f"{'either ' if current.problem else ''}({backup.problem})"
            if failure is None:
                try:
                    said += f" and was kept as {_move_aside(self.backup, 'damaged').name}"
                except OSError as e:
                    failure = _reason(e)
        elif current.problem is None:
            return self._empty()  # missing, and so is the backup now: a first start after all
        else:
            said += " and there is no backup"
        tail = f", and the files could not be changed ({failure})" if failure else ""
        self.warning = f"{said}; {self.EMPTY}{tail}."
        return self._empty()

    def _write(self, payload: bytes) -> None:
        """``payload`` becomes the file (under the lock); raises OSError."""
        atomic_write(self.path, payload)
        self._disk_stamp = _stamp(self.path)


@dataclass
class Reading:
    """One look at a file: its data as held (``_hold``), or why it cannot be used."""

    stamp: tuple[int, int, int] | None = None  # taken before reading
    raw: bytes | None = None
    data: Held | None = None  # None: missing, or cannot be used
    problem: str | None = None  # why a file that is there cannot be used
    dropped: dict[str, int] = dataclass_field(default_factory=dict)  # wrong-typed, by field
    newer: bool = False  # written by a newer Saved Reader

    @property
    def missing(self) -> bool:
        return self.data is None and self.problem is None


def examine(path: Path, hold: Hold, version: int) -> Reading:
    """Read and parse a file; every way it can fail ends up in ``problem``."""
    stamp = _stamp(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Reading()
    except OSError as e:
        return Reading(stamp, problem=_reason(e))
    if not raw.strip():
        return Reading(stamp, raw, problem="empty")
    try:
        value = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return Reading(stamp, raw, problem="not UTF-8 text")
    except RecursionError:
        return Reading(stamp, raw, problem="nested too deeply")
    except ValueError:
        return Reading(stamp, raw, problem="not JSON")
    if not isinstance(value, dict):
        kind = "null" if value is None else _KINDS.get(type(value), "not an object")
        return Reading(stamp, raw, problem=f"{kind} instead of an object")
    dropped: dict[str, int] = {}
    newer = file_version(value) > version
    return Reading(stamp, raw, hold(value, dropped), dropped=dropped, newer=newer)


def file_version(data: dict[str, Any]) -> int:
    """The file's ``"version"``; 1 when it has none (or not a whole number)."""
    version = data.get("version")
    return version if isinstance(version, int) and not isinstance(version, bool) else 1


_KINDS = {
    bool: "true or false",
    int: "a number",
    float: "a number",
    str: "a string",
    list: "a list",
}


def encode(data: Held, version: int) -> bytes:
    """The file's bytes: ``version``, sets as sorted lists; raises ValueError."""
    written = {k: sorted(v) if isinstance(v, set) else v for k, v in data.items()}
    written["version"] = version
    written["saved"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    try:  # the C encoder (no indent): one entry per line, still human-readable
        text = json.dumps(written, ensure_ascii=False, sort_keys=True, separators=(",\n", ": "))
    except RecursionError:
        raise ValueError("nested too deeply") from None
    return text.encode("utf-8") + b"\n"


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def _move_aside(path: Path, kind: str) -> Path:
    """Rename ``path`` to a free ``aside_path`` name (kept, never deleted); raises OSError."""
    target = aside_path(path, kind)
    path.rename(target)
    return target


def _modified(path: Path) -> str:
    try:
        return time.strftime("%Y-%m-%d %H:%M", time.localtime(path.stat().st_mtime))
    except OSError:
        return "at an unknown time"


def _reason(error: Exception) -> str:
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error)


def _newer_error(path: Path) -> str:
    return f"{path} was written by a newer Saved Reader; not overwriting it."


def _link_backup(path: Path, backup: Path) -> None:
    """``backup`` becomes the current file (a hard link: no copy, and it is already durable)."""
    link = backup.with_name(f".{backup.name}.link")
    try:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(link)
        os.link(path, link)
        os.replace(link, backup)
    except OSError:
        atomic_write(backup, path.read_bytes())
