"""state.json's "source_names": the names the reader gives sources (issue 11)."""

from __future__ import annotations

import json
from pathlib import Path

from reader.core.userdata.state import SOURCE_NAME_LIMIT, State


def test_a_name_is_kept_and_empty_text_forgets_it(tmp_path: Path) -> None:
    state = State(tmp_path)
    state.set_source_name("dw.com", "  Deutsche\n Welle ")
    state.set_source_name("bbc.com", "BBC")
    state.save()
    again = State(tmp_path)
    assert again.source_names() == {"dw.com": "Deutsche Welle", "bbc.com": "BBC"}
    again.set_source_name("bbc.com", "   ")
    assert again.dirty
    again.save()
    on_disk = json.loads((tmp_path / "state.json").read_text(encoding="utf-8"))
    assert on_disk["source_names"] == {"dw.com": "Deutsche Welle"}


def test_the_same_name_again_changes_nothing(tmp_path: Path) -> None:
    state = State(tmp_path)
    state.set_source_name("dw.com", "DW")
    state.save()
    state.set_source_name("dw.com", " DW ")
    assert not state.dirty


def test_a_long_name_is_cut(tmp_path: Path) -> None:
    state = State(tmp_path)
    state.set_source_name("dw.com", "长" * 1000)
    assert len(state.source_names()["dw.com"]) == SOURCE_NAME_LIMIT
    state.save()
    assert State(tmp_path).warning is None  # what it saved loads cleanly


def test_two_running_copies_keep_each_others_names(tmp_path: Path) -> None:
    first, second = State(tmp_path), State(tmp_path)
    first.set_source_name("dw.com", "DW")
    first.set_source_name("rfi.fr", "RFI")
    first.save()
    second.set_source_name("bbc.com", "BBC")
    second.set_source_name("rfi.fr", "")  # (it never had one: nothing of the first's undone)
    second.save()
    assert State(tmp_path).source_names() == {"dw.com": "DW", "rfi.fr": "RFI", "bbc.com": "BBC"}
    second.reload()
    second.set_source_name("rfi.fr", "")  # reset here, after seeing it: gone for both
    second.save()
    assert State(tmp_path).source_names() == {"dw.com": "DW", "bbc.com": "BBC"}


def test_names_of_the_wrong_type_are_left_out(tmp_path: Path) -> None:
    names = {"a.com": "A", "b.com": 3, "c.com": "", "d.com": "two\nlines", "e.com": None}
    (tmp_path / "state.json").write_text(json.dumps({"version": 2, "source_names": names}))
    state = State(tmp_path)
    assert state.source_names() == {"a.com": "A"}
    assert "source_names" in (state.warning or "")
    (tmp_path / "state.json").write_text(json.dumps({"version": 2, "source_names": ["x"]}))
    assert State(tmp_path).source_names() == {}
