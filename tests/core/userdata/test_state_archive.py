"""Archived and deleted articles in the state file (issue 11): kept by id as sets, as read and
starred are; typed and cleaned on load; older files load; two copies merge; a killed writer."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from shared_paths import killed_writers

from reader.core.userdata.state import State


def _on_disk(root: Path) -> dict[str, object]:
    return json.loads((root / "state.json").read_text(encoding="utf-8"))


def test_archived_and_deleted_survive_a_restart(tmp_path: Path) -> None:
    state = State(tmp_path)
    state.set_archived("a1")
    state.set_deleted("b2")
    state.set_archived("c3")
    state.set_archived("c3", False)
    assert state.dirty
    assert (state.is_archived("a1"), state.is_deleted("b2")) == (True, True)
    assert state.hidden_ids() == {"a1", "b2"}
    state.save()
    again = State(tmp_path)
    assert again.warning is None
    assert again.archived_ids() == {"a1"}
    assert again.deleted_ids() == {"b2"}
    assert (again.is_hidden("a1"), again.is_hidden("b2"), again.is_hidden("c3")) == (
        True,
        True,
        False,
    )
    data = _on_disk(tmp_path)
    assert (data["archived"], data["deleted"], data["version"]) == (["a1"], ["b2"], 2)


def test_the_hidden_ids_follow_every_change(tmp_path: Path) -> None:
    state = State(tmp_path)
    state.set_archived("a1")
    first = state.hidden_ids()
    assert first == {"a1"}
    state.set_deleted("b2")
    assert state.hidden_ids() == {"a1", "b2"}  # not the cached snapshot
    state.set_archived("a1", False)
    assert state.hidden_ids() == {"b2"}
    assert first == {"a1"}  # a snapshot does not change under its holder


def test_a_file_without_them_loads_and_wrong_types_are_left_out(tmp_path: Path) -> None:
    old = {"version": 2, "read": ["a1"], "starred": [], "notes": {}}
    (tmp_path / "state.json").write_text(json.dumps(old), encoding="utf-8")
    state = State(tmp_path)
    assert state.warning is None  # no archive yet is not damage
    assert (state.archived_ids(), state.deleted_ids(), state.read_ids()) == (set(), set(), {"a1"})

    wrong = {"version": 2, "archived": ["a1", 7, None], "deleted": "b2"}
    (tmp_path / "state.json").write_text(json.dumps(wrong), encoding="utf-8")
    state = State(tmp_path)
    assert state.archived_ids() == {"a1"}
    assert state.deleted_ids() == set()
    assert "archived: 2" in (state.warning or "")
    assert "deleted: 1" in (state.warning or "")
    assert _on_disk(tmp_path)["archived"] == ["a1"]  # cleaned and written back


def test_a_version_1_file_loads_with_nothing_archived(tmp_path: Path) -> None:
    v1 = {"version": 1, "documents": {"a1": {"read": True, "archived": True}}}
    (tmp_path / "state.json").write_text(json.dumps(v1), encoding="utf-8")
    state = State(tmp_path)
    assert state.warning is None
    assert state.read_ids() == {"a1"}
    assert state.archived_ids() == set()  # version 1 had no archive


def test_two_running_copies_keep_each_others_archive_and_deletes(tmp_path: Path) -> None:
    first, second = State(tmp_path), State(tmp_path)
    first.set_archived("a1")
    first.set_deleted("d1")
    first.save()
    second.set_archived("a2")
    second.set_deleted("d2")
    second.set_read("a1")
    second.save()  # merged field by field: the first copy's archive and delete stay
    on_disk = State(tmp_path)
    assert on_disk.archived_ids() == {"a1", "a2"}
    assert on_disk.deleted_ids() == {"d1", "d2"}
    assert on_disk.is_read("a1")
    # Undoing in one copy (a restore) is a change of its own: it wins for that id only.
    first.set_deleted("d1", False)
    first.save()
    on_disk = State(tmp_path)
    assert on_disk.deleted_ids() == {"d2"}
    assert on_disk.archived_ids() == {"a1", "a2"}
    second.reload()
    assert second.deleted_ids() == {"d2"}
    assert second.hidden_ids() == {"a1", "a2", "d2"}


_ARCHIVER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from reader.core.userdata.state import State

    root, start = Path(sys.argv[1]), int(sys.argv[2])
    state = State(root)
    for i in range(2000):  # a state file of some size, so writes take a while
        state.set_archived(f"filler-{i}")
    i = start
    while True:
        state.set_deleted(f"deleted-{i}")
        state.save()
        print(i, flush=True)
        i += 1
    """
)


def test_a_killed_writer_leaves_every_archive_and_delete_it_saved(tmp_path: Path) -> None:
    for last in killed_writers(tmp_path, _ARCHIVER):
        state = State(tmp_path)  # the file parses whole
        assert state.warning is None
        assert len(state.archived_ids()) == 2000
        assert f"deleted-{last}" in state.deleted_ids()
