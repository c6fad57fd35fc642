"""Read state, notes and window state in a human-readable, versioned JSON file.

``state.json`` under the data folder, one item a line::

    {"version": 2,
     "read": ["<id>", ...],
     "starred": ["<id>", ...],
     "archived": ["<id>", ...],
     "deleted": ["<id>", ...],
     "notes": {"<id>": "…"},
     "positions": {"<id>": 0.42, ...},
     "source_names": {"dw.com": "DW", ...},
     "always_load_images": ["dw.com", ...],
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

``State.warning`` says what happened, in one sentence naming the files. The machinery is
reader/core/userdata/jsonstore.py's, shared with settings.json (reader/core/userdata/prefs.py).

Loading applies the numbered upgrades (statefile.py's ``UPGRADES``: ``upgrade_to_v2``...)
from the file's version, then ``clean`` leaves out what has the wrong type. Preferences (zoom,
the sidebar shown) lived in ``"ui"`` until settings.json; they are moved there once (prefs.py's
``upgrade_to_v2``), and ``"ui"`` keeps the window's own state: its geometry, the splitters'
sizes, the last document and its scroll position.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from reader.core.userdata.jsonstore import Held, JsonStore, StoreError
from reader.core.userdata.statefile import (
    FLAGS,
    IMAGE_SOURCES,
    RECENT_LIMIT,
    SOURCE_NAME_LIMIT,
    VERSION,
    apply_field,
    hold,
    is_int,
)

StateError = StoreError  # the state file cannot be written; one sentence for the user


class State(JsonStore):
    VERSION = VERSION

    def __init__(self, root: Path) -> None:
        self._dirty_docs: set[tuple[str, str]] = set()
        self._dirty_ui: set[str] = set()
        self._dirty_recent = False
        self._dirty_sources: set[str] = set()  # sources renamed since the last save
        self._dirty_loading: set[str] = set()  # sources whose "always load images" changed
        self._generation = 0  # bumped on every change, for the cached id sets
        self._id_sets: dict[str, tuple[int, frozenset[str]]] = {}
        super().__init__(root, "state.json", "state.lock")

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

    def is_archived(self, doc_id: str) -> bool:
        return doc_id in self._data["archived"]

    def set_archived(self, doc_id: str, archived: bool = True) -> None:
        self._set_doc(doc_id, "archived", archived)

    def is_deleted(self, doc_id: str) -> bool:
        return doc_id in self._data["deleted"]

    def set_deleted(self, doc_id: str, deleted: bool = True) -> None:
        """Deleted: out of every list (its row stays in the library: ``restore`` brings it
        back whole, and re-importing it does not)."""
        self._set_doc(doc_id, "deleted", deleted)

    def is_hidden(self, doc_id: str) -> bool:
        """Out of the All and Unread views (and their counts): archived or deleted."""
        return doc_id in self._data["archived"] or doc_id in self._data["deleted"]

    def read_ids(self) -> frozenset[str]:
        return self._ids_with("read")

    def starred_ids(self) -> frozenset[str]:
        return self._ids_with("starred")

    def archived_ids(self) -> frozenset[str]:
        return self._ids_with("archived")

    def deleted_ids(self) -> frozenset[str]:
        return self._ids_with("deleted")

    def hidden_ids(self) -> frozenset[str]:
        """The archived and the deleted ids (``is_hidden``), as a snapshot."""
        cached = self._id_sets.get("hidden")
        if cached is None or cached[0] != self._generation:
            hidden = self._data["archived"] | self._data["deleted"]
            cached = self._id_sets["hidden"] = (self._generation, frozenset(hidden))
        return cached[1]

    def _ids_with(self, flag: str) -> frozenset[str]:
        """The ids with ``flag``, as a snapshot; cached until the state changes."""
        cached = self._id_sets.get(flag)
        if cached is None or cached[0] != self._generation:
            cached = self._id_sets[flag] = (self._generation, frozenset(self._data[flag]))
        return cached[1]

    def position(self, doc_id: str) -> float | None:
        """Where the reader left the article: the share of it scrolled past (0 to 1); None
        when it was never scrolled (or read to its top again)."""
        found = self._get(doc_id, "position")
        return float(found) if found is not None else None

    def set_position(self, doc_id: str, share: float) -> None:
        """Remember where the article is scrolled to (``share``: 0 top, 1 end), per article:
        each reopens where it was left, whichever was open last."""
        share = round(min(max(share, 0.0), 1.0), 4)
        self._set_doc(doc_id, "position", share or None)

    def _get(self, doc_id: str, field: str) -> Any:
        if field == "note":
            return self._data["notes"].get(doc_id)
        if field == "position":
            return self._data["positions"].get(doc_id)
        return doc_id in self._data[field]

    def _set_doc(self, doc_id: str, field: str, value: Any) -> None:
        if self._get(doc_id, field) == value:
            return
        apply_field(self._data, doc_id, field, value)
        self._dirty_docs.add((doc_id, field))
        self._generation += 1

    # --- the reader's names for sources -------------------------------------------------------

    def source_names(self) -> dict[str, str]:
        """The names the reader gave sources (source -> name; core/library/sources.py shows
        them). The dict held, not a copy: read it, change it through ``set_source_name``."""
        names: dict[str, str] = self._data["source_names"]
        return names

    def set_source_name(self, source: str, name: str) -> None:
        """Call ``source`` ``name`` (one line, spaces collapsed); empty text forgets the
        name (the default shows again)."""
        name = " ".join(name.split()[:SOURCE_NAME_LIMIT])[:SOURCE_NAME_LIMIT].rstrip()
        names = self._data["source_names"]
        if names.get(source, "") == name:
            return
        if name:
            names[source] = name
        else:
            names.pop(source, None)
        self._dirty_sources.add(source)
        self._generation += 1

    # --- sources whose images load ------------------------------------------------------------

    def loads_images(self, source: str) -> bool:
        """Whether the reader asked for ``source``'s articles to load their images when they
        are opened ("Always load images from this source"; issue 12)."""
        return source in self._data[IMAGE_SOURCES]

    def set_loads_images(self, source: str, on: bool) -> None:
        """Always load ``source``'s images (``on``), or no longer: this copy's choice wins
        over another running copy's for this source, and leaves the others' sources alone."""
        if self.loads_images(source) == on:
            return
        if on:
            self._data[IMAGE_SOURCES].add(source)
        else:
            self._data[IMAGE_SOURCES].discard(source)
        self._dirty_loading.add(source)
        self._generation += 1

    def image_sources(self) -> list[str]:
        """The sources set to always load images, sorted (the Preferences dialog lists them)."""
        return sorted(self._data[IMAGE_SOURCES])

    # --- window state and recent files ---------------------------------------------------------

    def ui(self, key: str, default: Any = None) -> Any:
        """A raw ``"ui"`` value (any JSON type): the typed accessors below are for the window."""
        return self._data.setdefault("ui", {}).get(key, default)

    def set_ui(self, key: str, value: Any) -> None:
        if self.ui(key) != value:
            self._data.setdefault("ui", {})[key] = value
            self._dirty_ui.add(key)

    def ui_values(self, keys: Iterable[str]) -> dict[str, Any]:
        """The ``"ui"`` entries among ``keys`` (raw JSON values)."""
        ui = self._data["ui"]
        return {key: ui[key] for key in keys if key in ui}

    def forget_ui(self, keys: Iterable[str]) -> None:
        """Remove ``keys`` from ``"ui"`` (at the next save, from the file too)."""
        for key in keys:
            if key in self._data["ui"]:
                del self._data["ui"][key]
                self._dirty_ui.add(key)

    def geometry(self) -> str | None:
        """The window's saved geometry (Qt's saveGeometry() as base64 text)."""
        return self._text("geometry")

    def set_geometry(self, value: str) -> None:
        self.set_ui("geometry", value)

    def splitter_sizes(self, name: str) -> list[int] | None:
        """A splitter's sizes ("splitter": sidebar and reading; "reading_splitter")."""
        sizes = self.ui(name)
        if isinstance(sizes, list) and all(is_int(s) for s in sizes):
            return list(sizes)
        return None

    def set_splitter_sizes(self, name: str, sizes: list[int]) -> None:
        self.set_ui(name, list(sizes))

    def last_document(self) -> str | None:
        return self._text("last_document")

    def set_last_document(self, doc_id: str | None) -> None:
        """The document shown, to come back to at the next start."""
        self.set_ui("last_document", doc_id)

    def _text(self, key: str) -> str | None:
        value = self.ui(key)
        return value if isinstance(value, str) else None

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
        return bool(
            self._dirty_docs
            or self._dirty_ui
            or self._dirty_recent
            or self._dirty_sources
            or self._dirty_loading
        )

    def _saved(self) -> None:
        self._generation += 1
        self._dirty_docs.clear()
        self._dirty_ui.clear()
        self._dirty_recent = False
        self._dirty_sources.clear()
        self._dirty_loading.clear()

    def reload(self) -> None:
        """Take in what another running copy saved (pending changes here are kept)."""
        if self._reload():
            self._generation += 1

    def _merge(self, base: Held) -> Held:
        """This copy's changes applied to ``base`` (what is on disk), field by field."""
        merged = dict(base)  # new containers: ``base`` may be this copy's own data
        for flag in FLAGS:
            merged[flag] = set(base[flag])
        merged["notes"] = dict(base["notes"])
        merged["positions"] = dict(base["positions"])
        merged["source_names"] = names = dict(base["source_names"])
        for source in self._dirty_sources:  # renamed here: this copy's name (or none) wins
            mine = self._data["source_names"].get(source)
            if mine:
                names[source] = mine
            else:
                names.pop(source, None)
        merged[IMAGE_SOURCES] = loading = set(base[IMAGE_SOURCES])
        for source in self._dirty_loading:  # set or unset here: this copy's choice wins
            if source in self._data[IMAGE_SOURCES]:
                loading.add(source)
            else:
                loading.discard(source)
        merged["ui"] = dict(base["ui"])
        for doc_id, field in self._dirty_docs:
            apply_field(merged, doc_id, field, self._get(doc_id, field))
        ui, mine = merged["ui"], self._data.get("ui", {})
        for key in self._dirty_ui:
            if key in mine:
                ui[key] = mine[key]
            else:
                ui.pop(key, None)
        if self._dirty_recent:
            merged["recent"] = self.recent()
        return merged

    def _hold(self, value: dict[str, Any], dropped: dict[str, int]) -> Held:
        return hold(value, dropped)
