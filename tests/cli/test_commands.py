"""The commands over the library and the state file (reader/cli/commands.py): list, mark, note,
show, an unknown id, a damaged or newer state file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from cli_run import SEED_ID_TITLE, Imported, no_traceback, reader

ISO_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
LIST_KEYS = {"id", "title", "url", "published", "source", "read", "archived", "note"}


def test_list_json_newest_first(imported: Imported) -> None:
    run = reader(imported.data, "list", "--json")
    assert run.code == 0
    items = run.json()
    assert isinstance(items, list)
    assert [item["id"] for item in items] == [
        imported.ids[name] for name in ("seed", "script", "old", "undated")
    ]
    for item in items:
        assert set(item) == LIST_KEYS
        assert item["published"] is None or ISO_UTC.fullmatch(item["published"])
        assert item["read"] is False
        assert item["note"] is None
    seed = items[0]
    assert seed["title"] == SEED_ID_TITLE
    assert seed["published"] == "2024-03-03T15:15:01Z"
    assert seed["source"] == "rfi.fr"
    assert seed["url"].startswith("https://www.rfi.fr/cn/")
    assert items[1]["title"] == "Script <b>title</b>"  # a title is text, never markup
    assert items[2]["published"] == "2020-10-12T21:46:43Z"
    assert items[3]["published"] is None
    assert items[3]["url"] == "https://example.com/undated"


def test_mark_note_and_unread_list(imported: Imported, data: Path) -> None:
    seed, old = imported.ids["seed"], imported.ids["old"]
    assert reader(data, "mark", seed, "--read").code == 0
    set_note = reader(data, "note", old, "读后感: keep")
    assert (set_note.code, set_note.out) == (0, "")

    items = {item["id"]: item for item in reader(data, "list", "--json").json()}
    assert (items[seed]["read"], items[seed]["note"]) == (True, None)
    assert (items[old]["read"], items[old]["note"]) == (False, "读后感: keep")

    unread = reader(data, "list", "--unread", "--json").json()
    assert [item["id"] for item in unread] == [
        imported.ids[name] for name in ("script", "old", "undated")
    ]

    shown = reader(data, "note", old)
    assert (shown.code, shown.out) == (0, "读后感: keep\n")
    assert reader(data, "note", old, "").code == 0
    assert reader(data, "mark", seed, "--unread").code == 0
    cleared = reader(data, "note", old)
    assert (cleared.code, cleared.out) == (0, "")

    items = {item["id"]: item for item in reader(data, "list", "--unread", "--json").json()}
    assert set(items) == set(imported.ids.values())
    assert items[old]["note"] is None
    state = json.loads((data / "state.json").read_text(encoding="utf-8"))
    assert state["version"] == 2
    assert (state["read"], state["starred"], state["notes"]) == ([], [], {})


def test_show_prints_sanitized_html(imported: Imported) -> None:
    run = reader(imported.data, "show", imported.ids["script"])
    assert run.code == 0
    assert "Visible text." in run.out
    lowered = run.out.lower()
    for unsafe in ("<script", "alert", "onclick", "onerror", "<img"):
        assert unsafe not in lowered
    assert 'href="https://example.com/x.png"' in run.out  # the image, as a link


def test_show_text(imported: Imported) -> None:
    run = reader(imported.data, "show", imported.ids["script"], "--text")
    assert (run.code, run.out) == (0, "Visible text.\n")  # media placeholders are not text


def test_show_seed_text(imported: Imported) -> None:
    run = reader(imported.data, "show", imported.ids["seed"], "--text")
    assert run.code == 0
    assert "<" not in run.out
    # the page's date line is furniture: the header shows the date (issue 8)
    assert run.out.startswith("美国官员向《日经亚洲》表示")
    assert "03/03/2024" not in run.out


@pytest.mark.parametrize(
    "args",
    [("show", "0123456789abcdef"), ("mark", "nope", "--read"), ("note", "nope", "x")],
    ids=["show", "mark", "note"],
)
def test_unknown_id(imported: Imported, args: tuple[str, ...]) -> None:
    run = reader(imported.data, *args)
    assert run.code == 2
    assert run.out == ""
    assert run.err.count("\n") == 1
    assert f"no document with id '{args[1]}'" in run.err
    no_traceback(run)


def test_list_says_when_the_state_file_was_recovered(imported: Imported, data: Path) -> None:
    seed = imported.ids["seed"]
    backup = {"version": 1, "documents": {seed: {"read": True, "note": "from backup"}}}
    (data / "state.json.bak").write_text(json.dumps(backup), encoding="utf-8")
    (data / "state.json").write_bytes(b'{"version": 1, "docum')
    run = reader(data, "list", "--json")
    assert run.code == 0
    items = {item["id"]: item for item in run.json()}
    assert (items[seed]["read"], items[seed]["note"]) == (True, "from backup")
    assert run.err.count("\n") == 1
    assert "could not be read" in run.err
    assert "backup" in run.err
    assert len(list(data.glob("state.json.damaged-*"))) == 1


def test_state_from_a_newer_version_is_not_overwritten(imported: Imported, data: Path) -> None:
    raw = json.dumps({"version": 3, "read": []}).encode()
    (data / "state.json").write_bytes(raw)
    run = reader(data, "mark", imported.ids["seed"], "--read")
    assert run.code == 1
    assert "newer" in run.err
    no_traceback(run)
    assert (data / "state.json").read_bytes() == raw
