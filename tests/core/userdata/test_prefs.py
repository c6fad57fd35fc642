"""Preferences: declared options, validation, settings.json kept as safely as state.json, and the
numbered upgrade that moves zoom and sidebar visibility out of state.json."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
from shared_paths import killed_writers

from reader.core.userdata.jsonstore import StoreError
from reader.core.userdata.prefs import BY_NAME, OPTIONS, UPGRADES, VERSION, Preferences
from reader.core.userdata.state import State


def _on_disk(root: Path) -> dict[str, Any]:
    return json.loads((root / "settings.json").read_text(encoding="utf-8"))


def _write(root: Path, data: object) -> bytes:
    raw = json.dumps(data).encode()
    root.mkdir(parents=True, exist_ok=True)
    (root / "settings.json").write_bytes(raw)
    return raw


def test_defaults_and_typed_access(tmp_path: Path) -> None:
    prefs = Preferences(tmp_path)
    assert prefs.warning is None
    assert (prefs.zoom, prefs.sidebar_visible, prefs.theme) == (0, True, "system")
    assert (prefs.font_family, prefs.font_size, prefs.line_height) == ("serif", 13, 1.25)
    assert (prefs.measure, prefs.mark_read, prefs.mark_read_seconds) == (80, "on_open", 5)
    assert (prefs.paragraph_spacing, prefs.justify) == (0.9, False)
    for option in OPTIONS:
        assert prefs.get(option.name) == option.default
        assert isinstance(prefs.get(option.name), option.type)
        assert option.description
        option.check(option.default)  # every default is allowed
    assert not (tmp_path / "settings.json").exists()  # nothing written before a change


def test_set_save_and_restart(tmp_path: Path) -> None:
    prefs = Preferences(tmp_path)
    prefs.set("zoom", 3)
    prefs.set("theme", "sepia")
    prefs.set("font_family", "Noto Serif CJK SC")
    prefs.set("line_height", 2)  # a whole number is a number
    prefs.save()
    data = _on_disk(tmp_path)
    assert data["version"] == VERSION
    assert (data["zoom"], data["theme"], data["line_height"]) == (3, "sepia", 2.0)
    again = Preferences(tmp_path)
    assert (again.zoom, again.theme, again.font_family) == (3, "sepia", "Noto Serif CJK SC")
    assert isinstance(again.line_height, float)
    again.set("zoom", 0)  # back to the default: left out of the file
    again.save()
    assert "zoom" not in _on_disk(tmp_path)
    assert Preferences(tmp_path).zoom == 0


@pytest.mark.parametrize(
    ("name", "value", "allowed"),
    [
        ("zoom", 21, "a whole number from -6 to 20"),
        ("zoom", "3", "a whole number from -6 to 20"),
        ("zoom", 2.5, "a whole number from -6 to 20"),
        ("zoom", True, "a whole number from -6 to 20"),
        ("sidebar_visible", 0, "true or false"),
        ("theme", "solarized", "one of 'system', 'light', 'sepia', 'dark'"),
        ("font_family", "  ", "or a font family's name"),
        ("font_size", 7, "from 8 to 40"),
        ("line_height", 3.5, "a number from 1 to 2.5"),
        ("measure", None, "from 40 to 160"),
        ("mark_read", "on_close", "one of 'on_open', 'after_seconds', 'on_scroll', 'manual'"),
        ("paragraph_spacing", 3.5, "a number from 0 to 3"),
        ("paragraph_spacing", "1em", "a number from 0 to 3"),
        ("justify", 1, "true or false"),
        ("mark_read_seconds", 0, "from 1 to 600"),
    ],
)
def test_set_validates_and_names_the_option(
    tmp_path: Path, name: str, value: object, allowed: str
) -> None:
    prefs = Preferences(tmp_path)
    with pytest.raises(ValueError, match=rf"^{name} must be .*{allowed}") as raised:
        prefs.set(name, value)
    assert repr(value) in str(raised.value)
    assert prefs.get(name) == BY_NAME[name].default
    assert not prefs.dirty


def test_an_unknown_option_is_an_error(tmp_path: Path) -> None:
    prefs = Preferences(tmp_path)
    with pytest.raises(ValueError, match="no option 'colour'"):
        prefs.set("colour", "red")
    with pytest.raises(ValueError, match="no option 'colour'"):
        prefs.get("colour")


def test_wrong_stored_values_give_the_default_and_one_warning(tmp_path: Path) -> None:
    raw = _write(
        tmp_path,
        {"version": 2, "zoom": 99, "theme": 5, "sidebar_visible": False, "future": [1]},
    )
    prefs = Preferences(tmp_path)
    assert (prefs.zoom, prefs.theme, prefs.sidebar_visible) == (0, "system", False)
    assert prefs.warning is not None
    assert "2 entries of" in prefs.warning
    assert "(theme: 1, zoom: 1)" in prefs.warning
    (kept,) = tmp_path.glob("settings.json.invalid-*")
    assert kept.read_bytes() == raw
    assert kept.name in prefs.warning
    cleaned = _on_disk(tmp_path)
    assert "zoom" not in cleaned
    assert "theme" not in cleaned
    assert (cleaned["sidebar_visible"], cleaned["future"]) == (False, [1])  # the rest kept
    again = Preferences(tmp_path)
    assert again.warning is None  # said once
    assert again.sidebar_visible is False


@pytest.mark.parametrize("damage", [b"{not json", b"", b"[1, 2]", b"[" * 5000])
def test_a_damaged_file_is_kept_aside_and_the_backup_used(tmp_path: Path, damage: bytes) -> None:
    prefs = Preferences(tmp_path)
    prefs.set("zoom", 2)
    prefs.save()
    prefs.set("zoom", 4)
    prefs.save()  # settings.json.bak holds zoom 2
    (tmp_path / "settings.json").write_bytes(damage)
    again = Preferences(tmp_path)
    assert again.zoom == 2
    assert again.warning is not None
    assert "settings.json.bak" in again.warning
    (kept,) = tmp_path.glob("settings.json.damaged-*")
    assert kept.read_bytes() == damage
    assert _on_disk(tmp_path)["zoom"] == 2  # restored for good


def test_a_damaged_file_without_a_backup_gives_the_defaults(tmp_path: Path) -> None:
    _write(tmp_path, None)
    prefs = Preferences(tmp_path)
    assert prefs.zoom == 0
    assert prefs.warning is not None
    assert "the default settings are used" in prefs.warning
    assert [p.read_bytes() for p in tmp_path.glob("settings.json.damaged-*")] == [b"null"]


def test_a_newer_file_is_used_and_not_overwritten(tmp_path: Path) -> None:
    raw = _write(tmp_path, {"version": 99, "zoom": 5, "keys": {"doc.next": "L"}})
    prefs = Preferences(tmp_path)
    assert prefs.zoom == 5
    assert prefs.read_only
    assert prefs.warning is not None
    assert "newer" in prefs.warning
    prefs.set("zoom", 1)
    with pytest.raises(StoreError, match="newer"):
        prefs.save()
    assert (tmp_path / "settings.json").read_bytes() == raw
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["settings.json"]


def test_two_copies_saving_merge(tmp_path: Path) -> None:
    first, second = Preferences(tmp_path), Preferences(tmp_path)
    first.set("zoom", 3)
    second.set("theme", "dark")
    first.save()
    second.save()
    on_disk = Preferences(tmp_path)
    assert (on_disk.zoom, on_disk.theme) == (3, "dark")
    first.set("measure", 100)  # a later save of the first copy keeps the second's theme
    first.save()
    assert (_on_disk(tmp_path)["theme"], _on_disk(tmp_path)["measure"]) == ("dark", 100)


def test_settings_are_apart_from_state(tmp_path: Path) -> None:
    state = State(tmp_path)
    prefs = Preferences(tmp_path, state)
    prefs.set("zoom", 2)
    prefs.save()
    state.set_read("a1")
    state.save()
    assert "zoom" not in json.dumps(json.loads((tmp_path / "state.json").read_bytes())["ui"])
    assert _on_disk(tmp_path)["zoom"] == 2


# --- the numbered upgrades ---------------------------------------------------------------------


def test_upgrades_are_numbered_from_version_1() -> None:
    assert len(UPGRADES) == VERSION - 1
    assert [step.__name__ for step in UPGRADES] == [
        f"upgrade_to_v{n}" for n in range(2, 2 + len(UPGRADES))
    ]


def _v2_state(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    ui = {
        "zoom": 3,
        "sidebar_visible": False,
        "geometry": "AdnQywAD",
        "splitter": [230, 470],
        "reading_splitter": [600, 120],
        "last_document": "a1",
        "last_scroll": 300,
    }
    state = {"version": 2, "read": ["a1"], "notes": {"a1": "kept"}, "ui": ui}
    (root / "state.json").write_text(json.dumps(state), encoding="utf-8")


def test_the_first_start_moves_zoom_and_sidebar_out_of_the_state(tmp_path: Path) -> None:
    _v2_state(tmp_path)
    state = State(tmp_path)
    prefs = Preferences(tmp_path, state)
    assert (prefs.zoom, prefs.sidebar_visible) == (3, False)
    assert prefs.warning is None
    settings = _on_disk(tmp_path)  # written at once, before the state forgets them
    assert (settings["version"], settings["zoom"], settings["sidebar_visible"]) == (2, 3, False)
    assert state.dirty
    state.save()
    ui = json.loads((tmp_path / "state.json").read_bytes())["ui"]
    assert ui == {
        "geometry": "AdnQywAD",
        "splitter": [230, 470],
        "reading_splitter": [600, 120],
        "last_document": "a1",
        "last_scroll": 300,
    }
    restarted = State(tmp_path)
    assert (restarted.geometry(), restarted.splitter_sizes("splitter")) == ("AdnQywAD", [230, 470])
    assert restarted.last_document() == "a1"
    assert restarted.ui("last_scroll") == 300  # (no longer read: positions are per article)
    assert (restarted.note("a1"), restarted.is_read("a1")) == ("kept", True)
    # Once: the state no longer holds them, and settings.json is version 2.
    again = Preferences(tmp_path, restarted)
    assert (again.zoom, again.sidebar_visible) == (3, False)
    assert not restarted.dirty


def test_a_move_interrupted_before_the_state_was_saved_is_finished_later(tmp_path: Path) -> None:
    _v2_state(tmp_path)
    Preferences(tmp_path, State(tmp_path))  # settings.json written; state.json not saved
    state = State(tmp_path)
    assert state.ui("zoom") == 3
    later = Preferences(tmp_path, state)
    later.set("zoom", 5)
    later.save()
    assert later.zoom == 5  # settings.json's value, not the stale copy
    state.save()
    assert "zoom" not in json.loads((tmp_path / "state.json").read_bytes())["ui"]


def test_a_first_start_writes_no_settings_file(tmp_path: Path) -> None:
    state = State(tmp_path)
    prefs = Preferences(tmp_path, state)
    assert prefs.zoom == 0
    assert not (tmp_path / "settings.json").exists()
    assert not state.dirty


def test_wrong_typed_old_values_are_not_moved(tmp_path: Path) -> None:
    (tmp_path / "state.json").write_text(
        json.dumps({"version": 2, "ui": {"zoom": "big", "sidebar_visible": 0}}), encoding="utf-8"
    )
    state = State(tmp_path)
    prefs = Preferences(tmp_path, state)
    assert (prefs.zoom, prefs.sidebar_visible) == (0, True)


def test_geometry_accessors_leave_out_wrong_types(tmp_path: Path) -> None:
    ui = {"geometry": 5, "splitter": [1, "2"], "last_document": 7, "last_scroll": True}
    (tmp_path / "state.json").write_text(json.dumps({"version": 2, "ui": ui}), encoding="utf-8")
    state = State(tmp_path)
    assert state.geometry() is None
    assert state.splitter_sizes("splitter") is None
    assert state.splitter_sizes("reading_splitter") is None
    assert state.last_document() is None


# --- a killed writer ---------------------------------------------------------------------------

_WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from reader.core.userdata.prefs import Preferences

    root, start = Path(sys.argv[1]), int(sys.argv[2])
    prefs = Preferences(root)
    i = start
    while True:
        prefs.set("font_family", f"Family {i} " + "填充" * 40)
        prefs.set("zoom", i % 20)
        prefs.save()
        print(i, flush=True)
        i += 1
    """
)


def test_killed_writer_leaves_a_valid_file(tmp_path: Path) -> None:
    for last in killed_writers(tmp_path, _WRITER):
        data = _on_disk(tmp_path)  # raises if the file is not whole JSON
        assert data["version"] == VERSION
        family = data["font_family"].split(" ")[1]
        assert int(family) in {last, last + 1}
        prefs = Preferences(tmp_path)
        assert prefs.warning is None


def test_the_typography_and_mark_read_options_added_later(tmp_path: Path) -> None:
    """paragraph_spacing, justify and mark_read "manual" came without an upgrade: a file of
    this version without them gives their defaults; set, they are kept typed."""
    _write(tmp_path, {"version": VERSION, "zoom": 2})
    prefs = Preferences(tmp_path)
    assert (prefs.paragraph_spacing, prefs.justify, prefs.mark_read) == (0.9, False, "on_open")
    prefs.set("paragraph_spacing", 1)
    prefs.set("justify", True)
    prefs.set("mark_read", "manual")
    prefs.save()
    again = Preferences(tmp_path)
    assert (again.paragraph_spacing, again.justify, again.mark_read) == (1.0, True, "manual")
    assert isinstance(again.paragraph_spacing, float)
    assert again.warning is None


def test_links_lose_their_tracking_parameters_unless_the_reader_keeps_them(
    tmp_path: Path,
) -> None:
    """A new option with a default (issue 12): no upgrade, a file without it gives False."""
    _write(tmp_path, {"version": 2, "zoom": 1})
    prefs = Preferences(tmp_path)
    assert prefs.keep_tracking_parameters is False
    prefs.set("keep_tracking_parameters", True)
    prefs.save()
    assert Preferences(tmp_path).keep_tracking_parameters is True
    with pytest.raises(ValueError, match="true or false"):
        prefs.set("keep_tracking_parameters", "yes")
