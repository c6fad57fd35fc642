"""Read state, notes and window state in a human-readable, versioned JSON file.

``state.json`` under the data folder, one item a line::

    {"version": 2,
     "read": ["<id>", ...],
     "starred": ["<id>", ...],
     "notes": {"<id>": "…"},
     "ui": {"last_document": "<id>", ...},
     "recent": ["/path/to/file.md", ...]}

Version 1 kept an object per document (``"documents": {"<id>": {"read": true, "note": …}}``);
it is read as well and written as version 2 on the next save. Lists of ids parse four times
faster (60,000 read articles: ~10 ms against ~40) and take a quarter of the memory.

Every save is atomic (temp file, fsync, rename) and holds an exclusive lock; it merges this
copy's changes into what is on disk, field by field, so two running copies never undo each
other's changes. The file it replaces is kept as ``state.json.bak`` (a hard link), but only when
that file is a good state file: unchanged since this copy read or wrote it, or parsing as one. A
damaged file found by a save is moved aside, never made the backup, and this copy's data (which
holds whatever was recovered) is saved. A save that fails (a full disk) leaves the old file whole,
keeps the changes pending and raises StateError naming the file and the reason; whether to try
again is the caller's business (the window's saver does, the command line does not).

Nothing in the state file is lost to damage. At load, under the save lock, before the
constructor returns:

- A state.json that cannot be used (unreadable, empty, not JSON, ``null``, a list, a number,
  nested too deeply) is moved aside as ``state.json.damaged-<YYYYmmdd-HHMMSS>-<pid>``, never
  deleted. If ``state.json.bak`` is usable, it is written back as state.json at once, so every
  later load and save starts from the good copy; the same when state.json is missing and a
  backup exists. A backup that cannot be used either is moved aside too
  (``state.json.bak.damaged-…``), and an empty state begins.
- Entries of the wrong type (``"read": "abc"``, a note that is not text, ``"ui": []``, an id
  that is not a string, a version 1 document that is not an object) are left out and counted;
  the original is copied to ``state.json.invalid-<YYYYmmdd-HHMMSS>-<pid>`` and the cleaned data
  written back, so this is said once. Unknown keys are kept.
- A file from a newer version is used read-only and never rewritten.
- When the files cannot be changed (the lock cannot be taken, the disk is full), what was
  recovered is used in memory, and the next start tries again. The constructor never raises
  for a damaged file.

``State.warning`` says what happened, in one sentence naming the files.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import Any

from reader.core.storage import aside_path, atomic_write, locked

VERSION = 2
RECENT_LIMIT = 10
FLAGS = ("read", "starred")  # each a set of ids; "note" is the third per-document field


class StateError(Exception):
    """The state file cannot be written; the message is one sentence for the user."""


class State:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.path = root / "state.json"
        self.backup = root / "state.json.bak"
        self._lock = root / "state.lock"
        self.warning: str | None = None  # set when the file had to be recovered
        self._read_only = False
        self._dirty_docs: set[tuple[str, str]] = set()
        self._dirty_ui: set[str] = set()
        self._dirty_recent = False
        self._generation = 0  # bumped on every change, for the cached id sets
        self._id_sets: dict[str, tuple[int, frozenset[str]]] = {}
        root.mkdir(parents=True, exist_ok=True)
        self._disk_stamp: tuple[int, int, int] | None = None
        self._data = self._load()

    # --- documents ---------------------------------------------------------------------------

    def is_read(self, doc_id: str) -> bool:
        return doc_id in self._data["read"]

    def set_read(self, doc_id: str, read: bool = True) -> None:
        self._set_doc(doc_id, "read", read)

    def note(self, doc_id: str) -> str | None:
        return self._data["notes"].get(doc_id) or None

    def set_note(self, doc_id: str, text: str) -> None:
        self._set_doc(doc_id, "note", text or None)

    def is_starred(self, doc_id: str) -> bool:
        return doc_id in self._data["starred"]

    def set_starred(self, doc_id: str, starred: bool = True) -> None:
        self._set_doc(doc_id, "starred", starred)

    def read_ids(self) -> frozenset[str]:
        return self._ids_with("read")

    def starred_ids(self) -> frozenset[str]:
        return self._ids_with("starred")

    def _ids_with(self, flag: str) -> frozenset[str]:
        """The ids with ``flag``, as a snapshot; cached until the state changes."""
        cached = self._id_sets.get(flag)
        if cached is None or cached[0] != self._generation:
            cached = self._id_sets[flag] = (self._generation, frozenset(self._data[flag]))
        return cached[1]

    def _get(self, doc_id: str, field: str) -> Any:
        if field == "note":
            return self._data["notes"].get(doc_id)
        return doc_id in self._data[field]

    def _set_doc(self, doc_id: str, field: str, value: Any) -> None:
        if self._get(doc_id, field) == value:
            return
        _apply_field(self._data, doc_id, field, value)
        self._dirty_docs.add((doc_id, field))
        self._generation += 1

    # --- window state and recent files ---------------------------------------------------------

    def ui(self, key: str, default: Any = None) -> Any:
        return self._data.setdefault("ui", {}).get(key, default)

    def set_ui(self, key: str, value: Any) -> None:
        if self.ui(key) != value:
            self._data.setdefault("ui", {})[key] = value
            self._dirty_ui.add(key)

    def recent(self) -> list[str]:
        value = self._data.get("recent", [])
        return [p for p in value if isinstance(p, str)] if isinstance(value, list) else []

    def add_recent(self, path: str) -> None:
        items = [path] + [p for p in self.recent() if p != path]
        self._data["recent"] = items[:RECENT_LIMIT]
        self._dirty_recent = True

    # --- persistence ---------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return bool(self._dirty_docs or self._dirty_ui or self._dirty_recent)

    @property
    def read_only(self) -> bool:
        """True when the file is from a newer Saved Reader: saves raise StateError."""
        return self._read_only

    def save(self) -> None:
        """Write pending changes (merged into the file on disk); raises StateError."""
        if not self.dirty:
            return
        if self._read_only:
            raise StateError(_newer_error(self.path))
        try:
            with locked(self._lock):
                base, good = self._save_base()
                merged = self._merge(base)
                payload = _encode(merged)
                if good:  # never a damaged file over the last good copy
                    _link_backup(self.path, self.backup)
                atomic_write(self.path, payload)
                self._disk_stamp = _stamp(self.path)
        except (OSError, ValueError) as e:
            reason = _reason(e)
            if getattr(e, "filename", None) == str(self._lock):
                reason = f"{self._lock}: {reason}"
            raise StateError(f"Could not save {self.path} ({reason}).") from None
        self._data = merged
        self._generation += 1
        self._dirty_docs.clear()
        self._dirty_ui.clear()
        self._dirty_recent = False

    def _save_base(self) -> tuple[dict[str, Any], bool]:
        """What a save merges into (under the lock), and whether the file on disk is a good
        state file, to be kept as the backup. Unchanged since this copy last read or wrote it:
        known good, and what this copy holds. Gone or damaged: this copy's data is the base (it
        holds whatever was recovered at load), and a damaged file is moved aside, kept."""
        stamp = _stamp(self.path)
        if stamp is not None and stamp == self._disk_stamp:
            return self._data, True
        on_disk = _examine(self.path)
        if on_disk.data is not None:
            if on_disk.newer:
                self._read_only = True
                raise StateError(_newer_error(self.path))
            return on_disk.data, True
        if on_disk.problem is not None:
            kept = _move_aside(self.path, "damaged")
            self.warning = (
                f"{self.path} could not be read ({on_disk.problem}) when saving; it was kept as "
                f"{kept.name} and saved again from what this copy holds."
            )
        return self._data, False

    def reload(self) -> None:
        """Take in what another running copy saved (pending changes here are kept)."""
        fresh = _examine(self.path)
        if fresh.data is not None:
            self._data = self._merge(fresh.data)
            self._generation += 1

    def _merge(self, base: dict[str, Any]) -> dict[str, Any]:
        """This copy's changes applied to ``base`` (what is on disk), field by field."""
        merged = dict(base)  # new containers: ``base`` may be this copy's own data
        for flag in FLAGS:
            merged[flag] = set(base[flag])
        merged["notes"] = dict(base["notes"])
        merged["ui"] = dict(base["ui"])
        for doc_id, field in self._dirty_docs:
            _apply_field(merged, doc_id, field, self._get(doc_id, field))
        ui = merged["ui"]
        for key in self._dirty_ui:
            ui[key] = self._data.get("ui", {}).get(key)
        if self._dirty_recent:
            merged["recent"] = self.recent()
        return merged

    # --- loading and recovery ------------------------------------------------------------------

    def _load(self) -> dict[str, Any]:
        current = _examine(self.path)
        if current.data is not None and (current.newer or not current.dropped):
            return self._take(current)
        if current.missing and not self.backup.exists():
            return _empty()  # a first start
        with contextlib.ExitStack() as stack:
            try:
                stack.enter_context(locked(self._lock))
            except OSError as e:
                return self._recover(f"{self._lock.name}: {_reason(e)}")
            return self._recover(None)

    def _take(self, reading: _Reading) -> dict[str, Any]:
        """A usable file's data; one from a newer version is read-only."""
        assert reading.data is not None
        self._disk_stamp = reading.stamp
        if reading.newer:
            self._read_only = True
            self.warning = f"{self.path} is from a newer Saved Reader: changes will not be saved."
        return reading.data

    def _recover(self, failure: str | None) -> dict[str, Any]:
        """Put a damaged, missing or wrong-typed state file right and say so in ``warning``.
        Runs under the save lock; ``failure`` (why the lock or a write failed) means no file
        may be changed any more: what was recovered is then used in memory only."""
        current = _examine(self.path)  # again, under the lock: another copy may have done it
        if current.data is None:
            return self._restore(current, failure)
        data = self._take(current)
        if current.dropped and not current.newer:
            self.warning = self._clean(current, failure)
        return data

    def _clean(self, reading: _Reading, failure: str | None) -> str:
        """state.json without its wrong-typed entries (``reading`` is what it holds now);
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
                self._write(_encode(reading.data))
            except (OSError, ValueError) as e:
                failure = _reason(e)
                with contextlib.suppress(OSError):
                    copy.unlink()
            else:
                return f"{said}; the original is kept as {copy.name}."
        return f"{said}; the file could not be rewritten ({failure}) and is unchanged."

    def _restore(self, current: _Reading, failure: str | None) -> dict[str, Any]:
        """state.json is missing or damaged: the damaged file is moved aside and a usable
        backup written back as state.json; with none, an empty state. Sets ``warning``."""
        if current.problem is None:
            said = f"{self.path} was missing"
        else:
            said = f"{self.path} could not be read ({current.problem})"
            if failure is None:
                try:
                    said += f"; it was kept as {_move_aside(self.path, 'damaged').name}"
                except OSError as e:
                    failure = _reason(e)
        backup = _examine(self.backup)
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
        self, said: str, current: _Reading, backup: _Reading, failure: str | None
    ) -> dict[str, Any]:
        """No usable copy: a damaged backup is moved aside too, and an empty state begins."""
        if backup.problem is not None:
            said += f"; the backup {self.backup.name} could not be read "
            said += f"{'either ' if current.problem else ''}({backup.problem})"
            if failure is None:
                try:
                    said += f" and was kept as {_move_aside(self.backup, 'damaged').name}"
                except OSError as e:
                    failure = _reason(e)
        elif current.problem is None:
            return _empty()  # missing, and so is the backup now: a first start after all
        else:
            said += " and there is no backup"
        tail = f", and the files could not be changed ({failure})" if failure else ""
        self.warning = f"{said}; a new, empty state was started{tail}."
        return _empty()

    def _write(self, payload: bytes) -> None:
        """``payload`` becomes state.json (under the lock); raises OSError."""
        atomic_write(self.path, payload)
        self._disk_stamp = _stamp(self.path)


@dataclass
class _Reading:
    """One look at a state file: its data as held (``_migrate``), or why it cannot be used."""

    stamp: tuple[int, int, int] | None = None  # taken before reading
    raw: bytes | None = None
    data: dict[str, Any] | None = None  # None: missing, or cannot be used
    problem: str | None = None  # why a file that is there cannot be used
    dropped: dict[str, int] = dataclass_field(default_factory=dict)  # wrong-typed, by field

    @property
    def missing(self) -> bool:
        return self.data is None and self.problem is None

    @property
    def newer(self) -> bool:
        version = self.data.get("version") if self.data is not None else None
        return isinstance(version, int) and version > VERSION


def _examine(path: Path) -> _Reading:
    """Read and parse a state file; every way it can fail ends up in ``problem``."""
    stamp = _stamp(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return _Reading()
    except OSError as e:
        return _Reading(stamp, problem=_reason(e))
    if not raw.strip():
        return _Reading(stamp, raw, problem="empty")
    try:
        value = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return _Reading(stamp, raw, problem="not UTF-8 text")
    except RecursionError:
        return _Reading(stamp, raw, problem="nested too deeply")
    except ValueError:
        return _Reading(stamp, raw, problem="not JSON")
    if not isinstance(value, dict):
        kind = "null" if value is None else _KINDS.get(type(value), "not an object")
        return _Reading(stamp, raw, problem=f"{kind} instead of an object")
    dropped: dict[str, int] = {}
    return _Reading(stamp, raw, _migrate(value, dropped), dropped=dropped)


_KINDS = {
    bool: "true or false",
    int: "a number",
    float: "a number",
    str: "a string",
    list: "a list",
}


def _empty() -> dict[str, Any]:
    return _migrate({"version": VERSION})


def _migrate(data: dict[str, Any], dropped: dict[str, int] | None = None) -> dict[str, Any]:
    """The file's data as held in memory: ``read`` and ``starred`` sets, ``notes`` a dict,
    ``ui`` a dict, ``recent`` a list; version 1's per-document objects become those. Entries of
    the wrong type are left out and counted in ``dropped`` by field; keys this version does not
    know are kept (and written back)."""
    count = dropped if dropped is not None else {}

    def drop(key: str, n: int = 1) -> None:
        if n:
            count[key] = count.get(key, 0) + n

    held = dict(data)
    for flag in FLAGS:
        ids = held.get(flag)
        if isinstance(ids, list):
            held[flag] = {i for i in ids if isinstance(i, str)}
            drop(flag, sum(not isinstance(i, str) for i in ids))
        else:
            held[flag] = set()
            drop(flag, flag in data)
    notes = held.get("notes")
    if isinstance(notes, dict):
        held["notes"] = {k: v for k, v in notes.items() if isinstance(v, str) and v}
        drop("notes", sum(not isinstance(v, str) for v in notes.values()))
    else:
        held["notes"] = {}
        drop("notes", "notes" in data)
    documents = held.pop("documents", None)
    if isinstance(documents, dict):  # version 1
        drop("documents", _take_v1_documents(documents, held))
    else:
        drop("documents", "documents" in data)
    if not isinstance(held.get("ui"), dict):
        held["ui"] = {}
        drop("ui", "ui" in data)
    recent = held.get("recent")
    if isinstance(recent, list):
        held["recent"] = [p for p in recent if isinstance(p, str)]
        drop("recent", sum(not isinstance(p, str) for p in recent))
    elif "recent" in data:
        held["recent"] = []
        drop("recent")
    return held


def _take_v1_documents(documents: dict[str, Any], held: dict[str, Any]) -> int:
    """Version 1's ``{"<id>": {"read": true, "note": …}}`` into ``held``'s sets and notes;
    returns how many entries had the wrong type (not an object, a note that is not text)."""
    wrong = 0
    for doc_id, entry in documents.items():
        if not isinstance(entry, dict):
            wrong += 1
            continue
        for flag in FLAGS:
            if entry.get(flag):
                held[flag].add(doc_id)
        note = entry.get("note")
        if isinstance(note, str):
            if note:
                held["notes"][doc_id] = note
        elif note is not None:
            wrong += 1
    return wrong


def _encode(data: dict[str, Any]) -> bytes:
    """The file's bytes: the current version, sets as sorted lists; raises ValueError."""
    written = {k: sorted(v) if isinstance(v, set) else v for k, v in data.items()}
    written["version"] = VERSION
    written["saved"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    try:  # the C encoder (no indent): one entry per line, still human-readable
        text = json.dumps(written, ensure_ascii=False, sort_keys=True, separators=(",\n", ": "))
    except RecursionError:
        raise ValueError("nested too deeply") from None
    return text.encode("utf-8") + b"\n"


def _apply_field(data: dict[str, Any], doc_id: str, field: str, value: Any) -> None:
    """Set one document's ``field`` ("read", "starred": a bool; "note": text or None)."""
    if field == "note":
        if value:
            data["notes"][doc_id] = value
        else:
            data["notes"].pop(doc_id, None)
    elif value:
        data[field].add(doc_id)
    else:
        data[field].discard(doc_id)


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
