"""Flags changed together and undone (reader/core/library/edits.py), and the views that
leave out archived and deleted articles (reader/core/library/query.py)."""

from __future__ import annotations

from pathlib import Path

from test_store import _doc

from reader.core.library.edits import UndoStack, set_flag, undo
from reader.core.library.query import Query, Show, select
from reader.core.library.store import Library
from reader.core.userdata.state import State


def test_a_change_undone_puts_back_only_what_it_changed(tmp_path: Path) -> None:
    state = State(tmp_path)
    state.set_archived("a1")
    change = set_flag(state, "archived", ["a1", "b2", "c3", "b2"], True, "Archive")
    assert change.ids == ["b2", "c3"]  # a1 was archived already: not this change's
    assert state.archived_ids() == {"a1", "b2", "c3"}
    undo(state, change)
    assert state.archived_ids() == {"a1"}
    assert set_flag(state, "read", [], True, "Mark All Read").previous == {}


def test_the_undo_stack_is_short_and_says_what_is_next(tmp_path: Path) -> None:
    state = State(tmp_path)
    stack = UndoStack(limit=3)
    assert stack.label is None
    changes = [set_flag(state, "read", [f"d{i}"], True, f"Step {i}") for i in range(5)]
    for change in changes:
        stack.push(change)
    stack.push(set_flag(state, "read", ["d0"], True, "Nothing"))  # changed nothing: not kept
    assert (len(stack), stack.label) == (3, "Step 4")
    assert stack.take(changes[3])  # an info bar's Undo, out of order
    assert not stack.take(changes[3])
    assert stack.pop() is changes[4]
    assert stack.pop() is changes[2]
    assert stack.pop() is None


def test_the_views_leave_out_archived_and_deleted_articles(library: Library) -> None:
    state = State(library.root)
    for i in range(6):
        library.add(_doc(f"d{i}", f"Title {i}", i * 1000), b"x")
    newest = library.ids()
    state.set_archived("d1")
    state.set_archived("d2")
    state.set_deleted("d2")  # archived and deleted: in no view but Deleted
    state.set_deleted("d3")
    state.set_starred("d1")
    state.set_starred("d3")
    state.set_read("d4")

    def shown(show: Show, text: str = "") -> list[str]:
        return select(library, state, Query(text=text, show=show))

    assert shown(Show.ALL) == [i for i in newest if i in ("d0", "d4", "d5")]
    assert shown(Show.UNREAD) == [i for i in newest if i in ("d0", "d5")]
    assert shown(Show.STARRED) == ["d1"]
    assert shown(Show.ARCHIVE) == ["d1"]
    assert shown(Show.DELETED) == [i for i in newest if i in ("d2", "d3")]
    assert set(shown(Show.ALL, "Title")) == {"d0", "d4", "d5"}
    assert set(shown(Show.ARCHIVE, "Title")) == {"d1"}
