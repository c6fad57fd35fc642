"""state.json's "always_load_images": the sources whose articles load their images when
opened (issue 12): kept, merged between two running copies, cleaned, never lost to a kill."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from shared_paths import killed_writers

from reader.core.userdata.state import State


def _on_disk(root: Path) -> dict:
    return json.loads((root / "state.json").read_text(encoding="utf-8"))


def test_a_source_set_to_load_images_is_kept_and_can_be_unset(tmp_path: Path) -> None:
    state = State(tmp_path)
    assert not state.loads_images("dw.com")
    state.set_loads_images("dw.com", True)
    state.set_loads_images("bbc.com", True)
    assert state.dirty
    state.save()
    assert _on_disk(tmp_path)["always_load_images"] == ["bbc.com", "dw.com"]
    again = State(tmp_path)
    assert again.loads_images("dw.com")
    assert not again.loads_images("rfi.fr")
    assert again.image_sources() == ["bbc.com", "dw.com"]
    again.set_loads_images("dw.com", False)
    again.save()
    assert State(tmp_path).image_sources() == ["bbc.com"]


def test_setting_it_as_it_is_changes_nothing(tmp_path: Path) -> None:
    state = State(tmp_path)
    state.set_loads_images("dw.com", False)
    assert not state.dirty
    state.set_loads_images("dw.com", True)
    state.save()
    state.set_loads_images("dw.com", True)
    assert not state.dirty


def test_two_running_copies_keep_each_others_sources(tmp_path: Path) -> None:
    first, second = State(tmp_path), State(tmp_path)
    first.set_loads_images("dw.com", True)
    first.set_loads_images("rfi.fr", True)
    first.save()
    second.set_loads_images("bbc.com", True)
    second.set_loads_images("rfi.fr", False)  # (never set here: the first's stays)
    second.save()
    assert State(tmp_path).image_sources() == ["bbc.com", "dw.com", "rfi.fr"]
    second.reload()
    assert second.loads_images("rfi.fr")
    second.set_loads_images("rfi.fr", False)  # unset after seeing it: gone for both
    second.save()
    first.set_read("doc-1")  # the first saves something else: rfi.fr does not come back
    first.save()
    assert State(tmp_path).image_sources() == ["bbc.com", "dw.com"]


def test_an_older_file_has_none_and_wrong_types_are_left_out(tmp_path: Path) -> None:
    (tmp_path / "state.json").write_text(json.dumps({"version": 2, "read": ["a"]}))
    state = State(tmp_path)
    assert state.image_sources() == []
    assert state.warning is None
    sources = ["dw.com", 3, "", None, "bbc.com"]
    (tmp_path / "state.json").write_text(json.dumps({"version": 2, "always_load_images": sources}))
    state = State(tmp_path)
    assert state.image_sources() == ["bbc.com", "dw.com"]
    assert "always_load_images" in (state.warning or "")
    (tmp_path / "state.json").write_text(json.dumps({"version": 2, "always_load_images": "dw"}))
    assert State(tmp_path).image_sources() == []


_LOADER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from reader.core.userdata.state import State

    root, start = Path(sys.argv[1]), int(sys.argv[2])
    state = State(root)
    for i in range(2000):  # a state file of some size, so writes take a while
        state.set_read(f"filler-{i}")
    i = start
    while True:
        state.set_loads_images(f"site-{i}.example", True)
        state.save()
        print(i, flush=True)
        i += 1
    """
)


def test_a_killed_writer_leaves_every_source_it_saved(tmp_path: Path) -> None:
    for last in killed_writers(tmp_path, _LOADER):
        state = State(tmp_path)  # the file parses whole
        assert state.warning is None
        assert len(state.read_ids()) == 2000
        assert state.loads_images(f"site-{last}.example")
