"""state.json's format: what it holds (its version, the per-document flags), the numbered
upgrades from older versions and the type cleaning at load (reader/core/userdata/state.py
reads and writes it; its docstring says what the file looks like)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reader.core.userdata.jsonstore import Held, file_version

VERSION = 2
RECENT_LIMIT = 10
SOURCE_NAME_LIMIT = 200  # characters of a name the reader gives a source
# Each a set of ids; "note" is the third per-document field. An archived article is out of
# the All and Unread views (in the Archive view); a deleted one is out of every view. Both
# are by id, so re-importing the same file or URL (the same id) keeps them so. Older files
# have neither set: read as empty, no upgrade needed (an older Saved Reader keeps the keys).
FLAGS = ("read", "starred", "archived", "deleted")
# The sources whose articles load their images when opened (issue 12): a set of source keys
# (``dw.com``), as the library's rows name them. Older files have none: read as empty.
IMAGE_SOURCES = "always_load_images"
V1_FLAGS = ("read", "starred")  # the flags version 1 kept per document


Upgrade = Callable[[dict[str, Any], dict[str, int]], None]


def hold(data: dict[str, Any], dropped: dict[str, int] | None = None) -> Held:
    """The file's data as held in memory: the numbered upgrades from its version, then
    ``clean``. Entries of the wrong type are left out and counted in ``dropped`` by field."""
    count = dropped if dropped is not None else {}
    held = dict(data)
    # A file holding version 1's "documents" is upgraded whatever it says (as it always was).
    version = 1 if "documents" in held else file_version(held)
    for step in UPGRADES[max(version - 1, 0) :]:
        step(held, count)
    return clean(held, count)


def upgrade_to_v2(data: dict[str, Any], dropped: dict[str, int]) -> None:
    """Version 1 kept an object per document (``"documents": {"<id>": {"read": true, "note":
    …}}``); version 2 keeps lists of ids (``"read"``, ``"starred"``) and ``"notes"``. A document
    that is not an object, or a note that is not text, is counted in ``dropped``."""
    documents = data.pop("documents", _ABSENT)
    if not isinstance(documents, dict):
        _drop(dropped, "documents", documents is not _ABSENT)
        return
    for flag in V1_FLAGS:
        if not isinstance(data.get(flag, []), list):
            _drop(dropped, flag)
        ids = data[flag] = list(_list(data.get(flag)))
        ids.extend(doc_id for doc_id, entry in documents.items() if _dict(entry).get(flag))
    if not isinstance(data.get("notes", {}), dict):
        _drop(dropped, "notes")
    notes = data["notes"] = dict(_dict(data.get("notes")))
    for doc_id, entry in documents.items():
        if not isinstance(entry, dict):
            _drop(dropped, "documents")
            continue
        note = entry.get("note")
        if isinstance(note, str):
            if note:
                notes[doc_id] = note
        elif note is not None:
            _drop(dropped, "documents")


UPGRADES: tuple[Upgrade, ...] = (upgrade_to_v2,)  # UPGRADES[n - 1] takes version n to n + 1
assert len(UPGRADES) == VERSION - 1


def clean(data: dict[str, Any], dropped: dict[str, int]) -> Held:
    """Type cleaning of a current-version file: ``FLAGS`` sets of ids, ``notes`` a
    dict, ``positions`` a dict of shares (0 to 1), ``source_names`` a dict of one-line names,
    ``always_load_images`` a set of sources, ``ui`` a dict, ``recent`` a list; what has
    the wrong type is left out and counted in ``dropped`` by field. Keys this version does
    not know are kept (and written back)."""
    held = dict(data)
    for flag in FLAGS:
        ids = held.get(flag)
        if isinstance(ids, list):
            held[flag] = {i for i in ids if isinstance(i, str)}
            _drop(dropped, flag, sum(not isinstance(i, str) for i in ids))
        else:
            held[flag] = set()
            _drop(dropped, flag, flag in data)
    notes = held.get("notes")
    if isinstance(notes, dict):
        held["notes"] = {k: v for k, v in notes.items() if isinstance(v, str) and v}
        _drop(dropped, "notes", sum(not isinstance(v, str) for v in notes.values()))
    else:
        held["notes"] = {}
        _drop(dropped, "notes", "notes" in data)
    positions = held.get("positions")
    if isinstance(positions, dict):
        held["positions"] = {k: v for k, v in positions.items() if _is_share(v)}
        _drop(dropped, "positions", sum(not _is_share(v) for v in positions.values()))
    else:
        held["positions"] = {}
        _drop(dropped, "positions", "positions" in data)
    names = held.get("source_names")
    if isinstance(names, dict):
        held["source_names"] = {k: v for k, v in names.items() if _is_name(v)}
        _drop(dropped, "source_names", sum(not _is_name(v) for v in names.values()))
    else:
        held["source_names"] = {}
        _drop(dropped, "source_names", "source_names" in data)
    loading = held.get(IMAGE_SOURCES)
    if isinstance(loading, list):
        held[IMAGE_SOURCES] = {s for s in loading if isinstance(s, str) and s}
        _drop(dropped, IMAGE_SOURCES, sum(not (isinstance(s, str) and s) for s in loading))
    else:
        held[IMAGE_SOURCES] = set()
        _drop(dropped, IMAGE_SOURCES, IMAGE_SOURCES in data)
    if not isinstance(held.get("ui"), dict):
        held["ui"] = {}
        _drop(dropped, "ui", "ui" in data)
    recent = held.get("recent")
    if isinstance(recent, list):
        held["recent"] = [p for p in recent if isinstance(p, str)]
        _drop(dropped, "recent", sum(not isinstance(p, str) for p in recent))
    elif "recent" in data:
        held["recent"] = []
        _drop(dropped, "recent")
    return held


_ABSENT = object()


def _drop(dropped: dict[str, int], key: str, n: int = 1) -> None:
    if n:
        dropped[key] = dropped.get(key, 0) + n


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_name(value: Any) -> bool:
    """A source's name: one line of text, not empty, at most ``SOURCE_NAME_LIMIT`` long."""
    return (
        isinstance(value, str)
        and 0 < len(value) <= SOURCE_NAME_LIMIT
        and value == " ".join(value.split())
    )


def _is_share(value: Any) -> bool:
    """A position: a number from 0 to 1 (not a bool, not NaN)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1


def apply_field(data: dict[str, Any], doc_id: str, field: str, value: Any) -> None:
    """Set one document's ``field`` (one of ``FLAGS``: a bool; "note": text or None;
    "position": a share of the article, or None)."""
    if field in ("note", "position"):
        kept = data["notes" if field == "note" else "positions"]
        if value:
            kept[doc_id] = value
        else:
            kept.pop(doc_id, None)
    elif value:
        data[field].add(doc_id)
    else:
        data[field].discard(doc_id)
