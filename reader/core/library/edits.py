"""Changing one flag of many articles at once (archive, delete, mark read), and undoing it.

A ``Change`` keeps what each article's flag was before, so undoing it puts back exactly
that (an article archived already stays archived when an archive of it is undone). The
window keeps a short ``UndoStack`` of them (Ctrl+Z: "Undo Archive", "Undo Delete", "Undo
Mark All Read"); the command line makes them and saves at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from reader.core.userdata.state import State

UNDO_LIMIT = 20  # changes the window can undo, newest first

# The flags a change may set: how to read and write each on the state.
_FLAGS: dict[str, tuple[Callable[[State, str], bool], Callable[[State, str, bool], None]]] = {
    "read": (State.is_read, State.set_read),
    "starred": (State.is_starred, State.set_starred),
    "archived": (State.is_archived, State.set_archived),
    "deleted": (State.is_deleted, State.set_deleted),
}


@dataclass(frozen=True, slots=True)
class Change:
    """One flag set on some articles together; ``previous``: each one's flag before, for
    those it changed (only those: undoing leaves the others as they are)."""

    label: str  # what it is called in the Undo item: "Archive", "Delete", "Mark All Read"
    flag: str  # "read", "starred", "archived" or "deleted"
    value: bool
    previous: dict[str, bool]

    @property
    def ids(self) -> list[str]:
        """The articles it changed, in the order they were given."""
        return list(self.previous)


def set_flag(state: State, flag: str, ids: Iterable[str], value: bool, label: str) -> Change:
    """Set ``flag`` to ``value`` on ``ids``; the change, for undo (empty when every one had
    it already)."""
    get, put = _FLAGS[flag]
    previous: dict[str, bool] = {}
    for doc_id in ids:
        was = get(state, doc_id)
        if was != value and doc_id not in previous:
            previous[doc_id] = was
            put(state, doc_id, value)
    return Change(label, flag, value, previous)


def undo(state: State, change: Change) -> None:
    """Put back each article's flag as it was before ``change``."""
    _get, put = _FLAGS[change.flag]
    for doc_id, was in change.previous.items():
        put(state, doc_id, was)


class UndoStack:
    """The last few changes, newest on top (``UNDO_LIMIT``; older ones drop off)."""

    def __init__(self, limit: int = UNDO_LIMIT) -> None:
        self._changes: list[Change] = []
        self._limit = limit

    def push(self, change: Change) -> None:
        if change.previous:
            self._changes = [*self._changes, change][-self._limit :]

    def pop(self) -> Change | None:
        return self._changes.pop() if self._changes else None

    def take(self, change: Change) -> bool:
        """Take ``change`` out wherever it is (an info bar's Undo button undoes its own
        change, even after others); False when it is not here (undone already)."""
        for i, held in enumerate(self._changes):
            if held is change:
                del self._changes[i]
                return True
        return False

    @property
    def label(self) -> str | None:
        """What Undo would undo now ("Archive"), or None."""
        return self._changes[-1].label if self._changes else None

    def __len__(self) -> int:
        return len(self._changes)
