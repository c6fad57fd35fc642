"""The state file cannot be lost: damaged files, backups, wrong types, deep nesting, a full disk.

The command line runs in-process (``reader.cli.main``) on a data folder under tmp_path, as a
user would run it one command after another; each command opens the state file afresh.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.userdata.state import State, StateError
from tests.shared_paths import SEED_FILE

NOTE = "my precious note"
FULL_DISK = OSError(errno.ENOSPC, "No space left on device")

DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "truncated": lambda raw: raw[:30],
    "empty": lambda raw: b"",
    "garbage": lambda raw: b"\x89PNG\r\n\x1a\n\x00\xff\xfe garbage \x07",
    "null": lambda raw: b"null",
    "list": lambda raw: b"[]",
    "number": lambda raw: b"5",
    "nested": lambda raw: b"[" * 5000,
}


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


@dataclass(frozen=True)
class Reader:
    """The command line on one data folder, run in this process."""

    data: Path
    doc_id: str
    capsys: pytest.CaptureFixture[str]

    def __call__(self, *args: str) -> Run:
        code = main(["--data-dir", str(self.data), *args])
        out, err = self.capsys.readouterr()
        return Run(code, out, err)

    def listed(self) -> tuple[dict[str, object], str]:
        """The seed's ``list --json`` item, and what the command said on stderr."""
        run = self("list", "--json")
        assert run.code == 0, run.err
        (item,) = json.loads(run.out)
        return item, run.err

    def on_disk(self, name: str = "state.json") -> dict[str, object]:
        return json.loads((self.data / name).read_text(encoding="utf-8"))


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Reader:
    """A data folder holding the seed article; no state file yet."""
    data = tmp_path / "data"
    code = main(["--data-dir", str(data), "import", str(SEED_FILE)])
    out, _ = capsys.readouterr()
    assert code == 0
    return Reader(data, json.loads(out)["id"], capsys)


@pytest.fixture
def noted(cli: Reader) -> Reader:
    """The seed has a note and a star; state.json.bak holds the note (the second save)."""
    assert cli("note", cli.doc_id, NOTE).code == 0
    assert cli("mark", cli.doc_id, "--star").code == 0
    assert cli.on_disk("state.json.bak")["notes"] == {cli.doc_id: NOTE}
    return cli


def _kept(data: Path, pattern: str) -> list[Path]:
    return sorted(data.glob(pattern))


def _one_line(err: str) -> str:
    assert err.count("\n") == 1, err
    return err


# --- item 3: the backup is made the current file, and never rotated over ---------------------


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_state_file_is_restored_from_the_backup_for_good(
    noted: Reader, damage: Callable[[bytes], bytes]
) -> None:
    path = noted.data / "state.json"
    damaged = damage(path.read_bytes())
    path.write_bytes(damaged)

    item, err = noted.listed()
    assert item["note"] == NOTE
    (kept,) = _kept(noted.data, "state.json.damaged-*")
    assert kept.read_bytes() == damaged
    _one_line(err)
    assert "could not be read" in err
    assert kept.name in err
    assert "state.json.bak" in err
    assert "restored" in err

    item, err = noted.listed()  # the restored copy is the state file now: no warning
    assert (item["note"], err) == (NOTE, "")
    assert noted("mark", noted.doc_id, "--read").code == 0
    assert noted("mark", noted.doc_id, "--unread").code == 0
    assert noted.on_disk()["notes"] == {noted.doc_id: NOTE}
    assert noted.on_disk("state.json.bak")["notes"] == {noted.doc_id: NOTE}
    assert kept.read_bytes() == damaged
    assert noted.listed() == (item, "")


def test_a_missing_state_file_is_restored_from_the_backup(noted: Reader) -> None:
    (noted.data / "state.json").unlink()
    item, err = noted.listed()
    assert item["note"] == NOTE
    _one_line(err)
    assert "missing" in err
    assert "state.json.bak" in err
    assert "restored" in err
    assert noted.on_disk()["notes"] == {noted.doc_id: NOTE}
    assert noted.listed() == (item, "")
    assert not _kept(noted.data, "state.json.damaged-*")  # nothing was there to keep


def test_both_damaged_starts_empty_and_keeps_both(noted: Reader) -> None:
    current, backup = b'{"version": 2, "notes": {"', b"\x00" * 10
    (noted.data / "state.json").write_bytes(current)
    (noted.data / "state.json.bak").write_bytes(backup)

    item, err = noted.listed()
    assert item["note"] is None
    _one_line(err)
    (kept_current,) = _kept(noted.data, "state.json.damaged-*")
    (kept_backup,) = _kept(noted.data, "state.json.bak.damaged-*")
    assert (kept_current.read_bytes(), kept_backup.read_bytes()) == (current, backup)
    assert kept_current.name in err
    assert kept_backup.name in err
    assert "empty" in err

    assert noted("note", noted.doc_id, "a new note").code == 0
    assert noted("mark", noted.doc_id, "--read").code == 0
    assert noted.listed()[1] == ""
    assert (kept_current.read_bytes(), kept_backup.read_bytes()) == (current, backup)


def test_a_damaged_file_without_a_backup_starts_empty_and_is_kept(cli: Reader) -> None:
    (cli.data / "state.json").write_bytes(b"[" * 5000)
    item, err = cli.listed()
    assert item["note"] is None
    (kept,) = _kept(cli.data, "state.json.damaged-*")
    assert kept.name in _one_line(err)
    assert "nested too deeply" in err
    assert "empty" in err
    assert cli.listed()[1] == ""
    assert kept.read_bytes() == b"[" * 5000


WRONG_TYPES = {
    "version-2": (
        {
            "version": 2,
            "read": "abc",
            "starred": ["ID", 5],
            "notes": {"ID": NOTE, "x": 5},
            "ui": [],
            "recent": ["/a.md", 3],
            "future": {"kept": True},
        },
        "5 entries",
        "(notes: 1, read: 1, recent: 1, starred: 1, ui: 1)",
    ),
    "version-1": (
        {
            "version": 1,
            "documents": {"ID": {"starred": True, "note": NOTE}, "d4": "not an object"},
            "future": {"kept": True},
        },
        "1 entry",
        "(documents: 1)",
    ),
}


@pytest.mark.parametrize(("original", "count", "detail"), WRONG_TYPES.values(), ids=WRONG_TYPES)
def test_wrong_types_are_left_out_once_said_and_the_original_kept(
    cli: Reader, original: dict[str, object], count: str, detail: str
) -> None:
    raw = json.dumps(original).replace("ID", cli.doc_id).encode()
    (cli.data / "state.json").write_bytes(raw)

    item, err = cli.listed()
    assert item["note"] == NOTE
    _one_line(err)
    assert f"{count} of" in err
    assert "wrong type" in err
    assert detail in err
    (kept,) = _kept(cli.data, "state.json.invalid-*")
    assert kept.read_bytes() == raw
    assert kept.name in err

    cleaned = cli.on_disk()
    assert cleaned["version"] == 2
    assert cleaned["starred"] == [cli.doc_id]
    assert cleaned["notes"] == {cli.doc_id: NOTE}
    assert cleaned["future"] == {"kept": True}
    assert "documents" not in cleaned
    assert cli.listed() == (item, "")  # said once
    assert not (cli.data / "state.json.bak").exists()  # no backup rotated over anything


def test_wrong_types_in_a_newer_file_are_not_rewritten(tmp_path: Path) -> None:
    raw = json.dumps({"version": 99, "read": "abc", "notes": {"a1": "n", "x": 5}}).encode()
    (tmp_path / "state.json").write_bytes(raw)
    state = State(tmp_path)
    assert state.warning is not None
    assert "newer" in state.warning
    assert state.note("a1") == "n"
    assert (tmp_path / "state.json").read_bytes() == raw
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]


@pytest.mark.parametrize("damage", [b"{not json", b"[" * 5000], ids=["garbage", "nested"])
def test_a_file_damaged_between_load_and_save_is_kept_not_made_the_backup(
    tmp_path: Path, damage: bytes
) -> None:
    first = State(tmp_path)
    first.set_note("a1", NOTE)
    first.save()
    first.set_read("a1")
    first.save()
    good_backup = (tmp_path / "state.json.bak").read_bytes()

    state = State(tmp_path)
    state.set_starred("b2")
    (tmp_path / "state.json").write_bytes(damage)
    state.save()

    assert (tmp_path / "state.json.bak").read_bytes() == good_backup
    (kept,) = _kept(tmp_path, "state.json.damaged-*")
    assert kept.read_bytes() == damage
    saved = State(tmp_path)
    assert saved.warning is None
    assert (saved.note("a1"), saved.read_ids(), saved.starred_ids()) == (NOTE, {"a1"}, {"b2"})


def test_a_newer_file_appearing_before_a_save_is_not_overwritten(tmp_path: Path) -> None:
    state = State(tmp_path)
    state.set_read("a1")
    state.save()
    raw = json.dumps({"version": 99, "read": []}).encode()
    (tmp_path / "state.json").write_bytes(raw)
    state.set_read("b2")
    with pytest.raises(StateError, match="newer"):
        state.save()
    assert (tmp_path / "state.json").read_bytes() == raw


# --- a recovery that cannot be written still comes up ----------------------------------------


def _full_disk_fsync() -> Callable[[int], None]:
    """An fsync that fails for regular files as on a full disk (renames and links still work)."""
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            raise FULL_DISK
        real_fsync(fd)

    return fsync


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("reader.core.storage.os.fsync", _full_disk_fsync())


def _saved_twice(root: Path) -> None:
    state = State(root)
    state.set_note("a1", NOTE)
    state.save()
    state.set_read("a1")
    state.save()  # the backup holds the note


def test_a_restore_that_cannot_be_written_keeps_the_backup_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _saved_twice(tmp_path)
    (tmp_path / "state.json").write_bytes(b"")
    with monkeypatch.context() as patched:
        patched.setattr("reader.core.storage.os.fsync", _full_disk_fsync())
        state = State(tmp_path)

    assert state.note("a1") == NOTE
    assert state.warning is not None
    assert "No space left on device" in state.warning
    assert (tmp_path / "state.json.bak").exists()
    assert [p.read_bytes() for p in _kept(tmp_path, "state.json.damaged-*")] == [b""]

    restarted = State(tmp_path)  # space again: the next start restores it
    assert restarted.note("a1") == NOTE
    assert restarted.warning is not None
    assert "was missing and the backup state.json.bak" in restarted.warning
    assert "was restored" in restarted.warning
    assert State(tmp_path).warning is None


def test_a_recovery_without_the_lock_changes_no_file(tmp_path: Path) -> None:
    _saved_twice(tmp_path)
    (tmp_path / "state.json").write_bytes(b"null")
    (tmp_path / "state.lock").unlink()
    (tmp_path / "state.lock").mkdir()  # the lock cannot be taken
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    state = State(tmp_path)
    assert state.note("a1") == NOTE
    assert state.warning is not None
    assert "state.json.bak" in state.warning
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before


# --- item 6: deep nesting is a damaged file, wherever it is read ------------------------------


def test_deeply_nested_state_comes_up_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "state.json").write_bytes(b"[" * 5000 + b"]" * 5000)
    state = State(tmp_path)  # what the window does at start
    assert state.warning is not None
    assert "nested too deeply" in state.warning
    assert state.read_ids() == set()


def test_reload_of_a_deeply_nested_file_keeps_what_it_has(tmp_path: Path) -> None:
    state = State(tmp_path)
    state.set_read("a1")
    state.save()
    (tmp_path / "state.json").write_bytes(b'{"read": ' + b"[" * 5000)
    state.reload()
    assert state.read_ids() == {"a1"}


def test_the_cli_lists_a_deeply_nested_state_file(cli: Reader) -> None:
    (cli.data / "state.json").write_bytes(b"[" * 5000)
    item, err = cli.listed()
    assert item["read"] is False
    assert "nested too deeply" in err
    assert "Traceback" not in err


# --- item 4 (state half): a full disk is said, not promised away ------------------------------


def test_a_failed_save_names_the_file_and_the_reason_and_promises_nothing(
    tmp_path: Path, full_disk: None
) -> None:
    state = State(tmp_path)
    state.set_note("a1", NOTE)
    with pytest.raises(StateError) as failed:
        state.save()
    assert (
        str(failed.value) == f"Could not save {tmp_path / 'state.json'} (No space left on device)."
    )
    assert state.dirty


def test_note_on_a_full_disk_exits_1_and_promises_no_retry(noted: Reader, full_disk: None) -> None:
    run = noted("note", noted.doc_id, "a newer note")
    assert run.code == 1
    assert "No space left on device" in run.err
    assert "next try" not in run.err
    assert "kept" not in run.err
    assert noted.on_disk()["notes"] == {noted.doc_id: NOTE}


def test_note_on_a_full_disk_says_the_note_was_not_saved(noted: Reader, full_disk: None) -> None:
    run = noted("note", noted.doc_id, "a newer note")
    path = noted.data / "state.json"
    assert (run.code, run.out) == (1, "")
    assert run.err == (
        f"saved-reader: the note was not saved: Could not save {path} (No space left on device).\n"
    )


def test_mark_on_a_full_disk_says_the_change_was_not_saved(noted: Reader, full_disk: None) -> None:
    run = noted("mark", noted.doc_id, "--read")
    path = noted.data / "state.json"
    assert (run.code, run.out) == (1, "")
    assert run.err == (
        "saved-reader: the change was not saved: "
        f"Could not save {path} (No space left on device).\n"
    )
