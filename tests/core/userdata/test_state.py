"""The state file: round trips, backups, recovery, failed saves, two copies, a killed writer."""

from __future__ import annotations

import errno
import json
import os
import stat
import textwrap
from pathlib import Path

import pytest
from shared_paths import killed_writers

from reader.core.userdata.state import State, StateError


def _on_disk(root: Path) -> dict[str, object]:
    return json.loads((root / "state.json").read_text(encoding="utf-8"))


def test_read_and_note_survive_a_restart(tmp_path: Path) -> None:
    state = State(tmp_path)
    assert not state.dirty
    state.set_read("a1")
    state.set_note("a1", "第一条笔记\nsecond line")
    state.set_note("b2", "only a note")
    state.set_ui("last_document", "b2")
    state.add_recent("/x/1.md")
    state.add_recent("/x/2.md")
    assert state.dirty
    state.save()
    assert not state.dirty

    restarted = State(tmp_path)
    assert restarted.warning is None
    assert restarted.is_read("a1")
    assert not restarted.is_read("b2")
    assert restarted.note("a1") == "第一条笔记\nsecond line"
    assert restarted.note("b2") == "only a note"
    assert restarted.note("c3") is None
    assert restarted.read_ids() == {"a1"}
    assert restarted.ui("last_document") == "b2"
    assert restarted.recent() == ["/x/2.md", "/x/1.md"]


def test_unread_and_empty_note_clear_the_entry(tmp_path: Path) -> None:
    state = State(tmp_path)
    state.set_read("a1")
    state.set_note("a1", "n")
    state.save()
    state.set_read("a1", False)
    state.set_note("a1", "")
    state.save()
    restarted = State(tmp_path)
    assert not restarted.is_read("a1")
    assert restarted.note("a1") is None
    on_disk = _on_disk(tmp_path)
    assert (on_disk["read"], on_disk["notes"]) == ([], {})


def test_file_is_readable_versioned_json(tmp_path: Path) -> None:
    state = State(tmp_path)
    state.set_note("a1", "读后感")
    state.save()
    raw = (tmp_path / "state.json").read_text(encoding="utf-8")
    assert "读后感" in raw  # not \u-escaped
    assert raw.count("\n") > 3  # indented, one item a line
    data = json.loads(raw)
    assert data["version"] == 2
    assert (data["read"], data["starred"], data["notes"]) == ([], [], {"a1": "读后感"})


def test_every_save_keeps_the_previous_file_as_backup(tmp_path: Path) -> None:
    state = State(tmp_path)
    backup = tmp_path / "state.json.bak"
    saved: list[bytes] = []
    for doc_id in ("a1", "b2", "c3"):
        state.set_read(doc_id)
        state.save()
        if saved:
            assert backup.read_bytes() == saved[-1]
        else:
            assert not backup.exists()
        saved.append((tmp_path / "state.json").read_bytes())
    assert json.loads(backup.read_bytes())["read"] == ["a1", "b2"]


def test_corrupt_file_falls_back_to_backup_and_is_kept(tmp_path: Path) -> None:
    state = State(tmp_path)
    state.set_read("a1")
    state.save()
    state.set_note("a1", "newer")
    state.save()  # the backup now holds the first save: a1 read, no note
    garbage = b'{"version": 1, "documents": {"a1": {"re'
    (tmp_path / "state.json").write_bytes(garbage)

    recovered = State(tmp_path)
    assert recovered.warning is not None
    assert "backup" in recovered.warning
    assert recovered.is_read("a1")
    assert recovered.note("a1") is None
    kept = list(tmp_path.glob("state.json.damaged-*"))
    assert [p.read_bytes() for p in kept] == [garbage]
    assert kept[0].name in recovered.warning

    # The next save keeps what was recovered, not only the new change.
    recovered.set_read("b2")
    recovered.save()
    assert State(tmp_path).read_ids() == {"a1", "b2"}


def test_corrupt_file_without_backup_starts_afresh(tmp_path: Path) -> None:
    (tmp_path / "state.json").write_text("[1, 2", encoding="utf-8")
    state = State(tmp_path)
    assert state.warning is not None
    assert "there is no backup; a new, empty state was started" in state.warning
    assert state.read_ids() == set()
    assert [p.read_text() for p in tmp_path.glob("state.json.damaged-*")] == ["[1, 2"]


@pytest.mark.parametrize("failing_write", ["backup-copy", "state-write"])
def test_failed_save_keeps_old_file_and_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing_write: str
) -> None:
    # The backup is a hard link (no write); where links are refused it is a copy, written
    # (and fsynced) before the state file: the first regular-file fsync fails either way.
    failing_call = 1
    state = State(tmp_path)
    state.set_read("a1")
    state.save()
    state.set_read("b2")
    state.save()
    before = (tmp_path / "state.json").read_bytes()

    calls = 0
    real_fsync = os.fsync

    def full_disk(fd: int) -> None:
        nonlocal calls
        calls += stat.S_ISREG(os.fstat(fd).st_mode)  # file data, not the folder's fsync
        if calls == failing_call:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    state.set_note("a1", "written later")
    if failing_write == "backup-copy":

        def no_links(*_args: object) -> None:
            raise OSError(errno.EPERM, "hard links refused")

        monkeypatch.setattr(os, "link", no_links)
    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(StateError, match="No space left on device"):
        state.save()
    monkeypatch.setattr(os, "fsync", real_fsync)

    assert (tmp_path / "state.json").read_bytes() == before
    assert not list(tmp_path.glob(".*.tmp")), "a temp file was left behind"
    assert state.dirty
    assert State(tmp_path).note("a1") is None

    state.save()
    assert not state.dirty
    restarted = State(tmp_path)
    assert restarted.note("a1") == "written later"
    assert restarted.read_ids() == {"a1", "b2"}


def test_two_running_copies_keep_each_others_changes(tmp_path: Path) -> None:
    first, second = State(tmp_path), State(tmp_path)
    first.set_read("shared")
    second.set_note("shared", "from the second copy")
    first.set_note("only-first", "one")
    second.set_read("only-second")
    first.set_ui("width", 800)
    second.set_ui("height", 600)
    first.save()
    second.save()

    on_disk = State(tmp_path)
    assert on_disk.is_read("shared")
    assert on_disk.note("shared") == "from the second copy"
    assert on_disk.note("only-first") == "one"
    assert on_disk.is_read("only-second")
    assert (on_disk.ui("width"), on_disk.ui("height")) == (800, 600)

    # A later save by the first copy does not undo what the second wrote.
    first.set_read("later")
    first.save()
    on_disk = State(tmp_path)
    assert on_disk.note("shared") == "from the second copy"
    assert on_disk.read_ids() == {"shared", "only-second", "later"}
    # And reload() takes the other copy's changes in.
    first.reload()
    assert first.note("shared") == "from the second copy"


_WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from reader.core.userdata.state import State

    root, start = Path(sys.argv[1]), int(sys.argv[2])
    state = State(root)
    for i in range(2000):  # a state file of some size, so writes take a while
        state.set_note(f"filler-{i}", "填充" * 20)
    i = start
    while True:
        state.set_note("counter", f"version {i}")
        state.save()
        print(i, flush=True)
        i += 1
    """
)


def test_killed_writer_leaves_a_valid_file(tmp_path: Path) -> None:
    for last in killed_writers(tmp_path, _WRITER):
        data = _on_disk(tmp_path)  # raises if the file is not whole JSON
        assert data["version"] == 2
        note = data["notes"]["counter"]
        assert note in {f"version {last}", f"version {last + 1}"}
        assert len(data["notes"]) == 2001
        state = State(tmp_path)
        assert state.warning is None


def test_newer_version_is_read_only(tmp_path: Path) -> None:
    future = {"version": 99, "documents": {"a1": {"read": True, "stars": 5}}, "new": [1]}
    raw = json.dumps(future).encode()
    (tmp_path / "state.json").write_bytes(raw)
    state = State(tmp_path)
    assert state.warning is not None
    assert "newer" in state.warning
    assert state.is_read("a1")
    state.set_read("b2")
    with pytest.raises(StateError, match="newer"):
        state.save()
    assert (tmp_path / "state.json").read_bytes() == raw
    assert not (tmp_path / "state.json.bak").exists()


def test_unwritable_folder_is_a_state_error(tmp_path: Path) -> None:
    state = State(tmp_path / "data")
    state.set_read("a1")
    (tmp_path / "data" / "state.lock").mkdir()  # the lock cannot be opened as a file
    with pytest.raises(StateError) as failed:
        state.save()
    lock = tmp_path / "data" / "state.lock"
    path = tmp_path / "data" / "state.json"
    assert str(failed.value) == f"Could not save {path} ({lock}: Is a directory)."
    assert state.dirty


def test_a_version_1_file_is_read_and_saved_as_version_2(tmp_path: Path) -> None:
    v1 = {
        "version": 1,
        "documents": {
            "a1": {"read": True, "note": "第一"},
            "b2": {"starred": True},
            "c3": {"read": True, "starred": True},
        },
        "ui": {"zoom": 2},
        "recent": ["/x.md"],
        "kept": {"by": "a later version"},
    }
    (tmp_path / "state.json").write_text(json.dumps(v1), encoding="utf-8")
    state = State(tmp_path)
    assert state.warning is None
    assert state.read_ids() == {"a1", "c3"}
    assert state.starred_ids() == {"b2", "c3"}
    assert (state.note("a1"), state.note("b2")) == ("第一", None)
    assert (state.ui("zoom"), state.recent()) == (2, ["/x.md"])
    state.set_read("b2")
    state.save()
    data = _on_disk(tmp_path)
    assert "documents" not in data
    assert data["version"] == 2
    assert data["read"] == ["a1", "b2", "c3"]
    assert data["starred"] == ["b2", "c3"]
    assert data["notes"] == {"a1": "第一"}
    assert data["kept"] == {"by": "a later version"}
    assert json.loads((tmp_path / "state.json.bak").read_text(encoding="utf-8")) == v1


def test_two_copies_of_version_1_and_2_merge(tmp_path: Path) -> None:
    (tmp_path / "state.json").write_text(
        json.dumps({"version": 1, "documents": {"a1": {"read": True}}}), encoding="utf-8"
    )
    old, new = State(tmp_path), State(tmp_path)
    new.set_starred("a1")
    new.save()  # the file is version 2 now
    old.set_note("a1", "from the other copy")
    old.save()
    merged = State(tmp_path)
    assert merged.is_read("a1")
    assert merged.is_starred("a1")
    assert merged.note("a1") == "from the other copy"


def test_each_article_keeps_its_own_position(tmp_path: Path) -> None:
    state = State(tmp_path)
    state.set_position("a1", 0.25)
    state.set_position("b2", 1.7)  # past the end: the end
    state.set_position("c3", 0.5)
    state.set_position("c3", 0.0)  # read to its top again: nothing kept
    state.save()
    again = State(tmp_path)
    assert (again.position("a1"), again.position("b2"), again.position("c3")) == (0.25, 1.0, None)
    on_disk = json.loads((tmp_path / "state.json").read_text(encoding="utf-8"))
    assert on_disk["positions"] == {"a1": 0.25, "b2": 1.0}


def test_positions_of_the_wrong_type_are_left_out(tmp_path: Path) -> None:
    data = {"version": 2, "positions": {"a1": 0.5, "b2": "far", "c3": True, "d4": 2, "e5": -1}}
    (tmp_path / "state.json").write_text(json.dumps(data), encoding="utf-8")
    state = State(tmp_path)
    assert state.position("a1") == 0.5
    assert [state.position(i) for i in ("b2", "c3", "d4", "e5")] == [None] * 4
    assert "positions" in (state.warning or "")
    (tmp_path / "state.json").write_text(json.dumps({"version": 2, "positions": []}))
    assert State(tmp_path).position("a1") is None


def test_two_running_copies_keep_each_others_positions(tmp_path: Path) -> None:
    first, second = State(tmp_path), State(tmp_path)
    first.set_position("a1", 0.3)
    first.save()
    second.set_position("b2", 0.6)
    second.save()  # merged field by field: the first copy's position stays
    assert (State(tmp_path).position("a1"), State(tmp_path).position("b2")) == (0.3, 0.6)
