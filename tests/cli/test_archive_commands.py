"""archive, unarchive, delete and restore on the command line (reader/cli/commands.py), and
list and search leaving out what they hide; kept by id through a re-import of the same file."""

from __future__ import annotations

import json
from pathlib import Path

from cli_run import Imported, no_traceback, reader


def _ids(run) -> list[str]:
    assert run.code == 0, run.err
    return [item["id"] for item in run.json()]


def test_archive_and_delete_hide_and_come_back(imported: Imported, data: Path) -> None:
    seed, old, script = imported.ids["seed"], imported.ids["old"], imported.ids["script"]
    every = _ids(reader(data, "list", "--json"))
    assert (reader(data, "archive", seed, old).code, reader(data, "delete", script).code) == (0, 0)

    assert _ids(reader(data, "list", "--json")) == [
        i for i in every if i not in (seed, old, script)
    ]
    assert _ids(reader(data, "list", "--unread", "--json")) == [imported.ids["undated"]]
    archived = reader(data, "list", "--archived", "--json").json()
    assert [item["id"] for item in archived] == [seed, old]
    assert all(item["archived"] for item in archived)
    assert _ids(reader(data, "list", "--deleted", "--json")) == [script]
    assert _ids(reader(data, "search", "Visible", "--json")) == []  # the deleted one's text
    assert _ids(reader(data, "search", "Visible", "--deleted", "--json")) == [script]
    assert _ids(reader(data, "search", "Old", "--archived", "--json")) == [old]
    state = json.loads((data / "state.json").read_text(encoding="utf-8"))
    assert (state["archived"], state["deleted"]) == (sorted([seed, old]), [script])

    assert reader(data, "unarchive", old).code == 0
    assert reader(data, "restore", script).code == 0
    assert _ids(reader(data, "list", "--json")) == [i for i in every if i != seed]
    assert _ids(reader(data, "list", "--deleted", "--json")) == []


def test_an_unknown_id_is_named_and_nothing_changes(imported: Imported, data: Path) -> None:
    seed = imported.ids["seed"]
    for command in ("archive", "unarchive", "delete", "restore"):
        run = reader(data, command, seed, "nope", "\x1bbad")
        assert (run.code, run.out) == (2, "")
        assert run.err == (
            "saved-reader: there are no documents with ids 'nope', '\\x1bbad' "
            "(see 'saved-reader list'); nothing was changed.\n"
        )
        no_traceback(run)
    alone = reader(data, "delete", "nope")
    assert (
        alone.err
        == "saved-reader: there is no document with id 'nope' (see 'saved-reader list').\n"
    )
    assert alone.code == 2
    assert not (data / "state.json").exists() or seed not in (data / "state.json").read_text()
    assert reader(data, "archive").code == 2  # an id is needed


def test_a_reimported_file_stays_archived_or_deleted(imported: Imported, data: Path) -> None:
    seed, old = imported.ids["seed"], imported.ids["old"]
    assert reader(data, "archive", seed).code == 0
    assert reader(data, "delete", old).code == 0
    again = reader(data, "import", str(imported.files["seed"]), str(imported.files["old"]))
    assert [json.loads(line)["id"] for line in again.out.splitlines()] == [seed, old]
    listed = _ids(reader(data, "list", "--json"))
    assert seed not in listed
    assert old not in listed
    assert _ids(reader(data, "list", "--archived", "--json")) == [seed]
    assert _ids(reader(data, "list", "--deleted", "--json")) == [old]
    # A changed file of the same article (the same URL: the same id) as well.
    changed = imported.files["old"].read_text(encoding="utf-8").replace("Old.", "Old, edited.")
    edited = data.parent / "edited.md"
    edited.write_text(changed, encoding="utf-8")
    run = reader(data, "import", str(edited))
    assert json.loads(run.out)["id"] == old
    assert old not in _ids(reader(data, "list", "--json"))
    assert _ids(reader(data, "list", "--deleted", "--json")) == [old]


def test_list_options_are_one_of(imported: Imported) -> None:
    run = reader(imported.data, "list", "--archived", "--unread")
    assert run.code == 2
    assert "cannot be used together" in run.err
