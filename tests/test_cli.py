"""The command line, run as ``python -m reader`` subprocesses without a display."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from shared_paths import ROOT

ISO_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
LIST_KEYS = {"id", "title", "url", "published", "source", "read", "note"}
IMPORT_KEYS = {"path", "status", "id", "title", "error"}

SEED_ID_TITLE = "澳英美正探讨日本参与奥库斯协议 共同开发先进防务能力"
NEWS = "<!--{ms}-->\n[{title}]({url})\n------\n\n{body}\n"


def _env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "READER_DATA_DIR")
    }
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    def json(self) -> object:
        return json.loads(self.out)


def reader(data: Path | None, *args: str, **env: str) -> Run:
    prefix = ["--data-dir", str(data)] if data is not None else []
    done = subprocess.run(
        [sys.executable, "-m", "reader", *prefix, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_env(**env),
        cwd=ROOT,
        timeout=120,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def _no_traceback(run: Run) -> None:
    assert "Traceback" not in run.err
    assert "Traceback" not in run.out


@dataclass(frozen=True)
class Imported:
    data: Path
    run: Run
    files: dict[str, Path]  # seed, undated, old, script, bad, missing
    ids: dict[str, str]


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory, seed_file: Path) -> Imported:
    src = tmp_path_factory.mktemp("cli-src")
    files = {
        "seed": seed_file,
        "undated": src / "undated.md",
        "old": src / "old.txt",
        "script": src / "script.html",
        "bad": src / "bad.md",
        "missing": src / "missing.md",
    }
    files["undated"].write_text(
        "[No date here](https://example.com/undated)\n------\n\n<p>Undated body.</p>\n",
        encoding="utf-8",
    )
    files["old"].write_text(
        NEWS.format(
            ms=1602539203000, title="Old news", url="https://example.com/old", body="<p>Old.</p>"
        ),
        encoding="utf-8",
    )
    files["script"].write_text(
        NEWS.format(
            ms=1700000000000,
            title="Script <b>title</b>",
            url="https://example.com/script",
            body='<p onclick="alert(1)">Visible text.</p><script>alert(2)</script>'
            '<img src="x.png" onerror="alert(3)">',
        ),
        encoding="utf-8",
    )
    files["bad"].write_bytes(bytes(range(256)))
    data = tmp_path_factory.mktemp("cli-data")
    run = reader(data, "import", *(str(p) for p in files.values()))
    lines = [json.loads(line) for line in run.out.splitlines()]
    ids = {name: line["id"] for name, line in zip(files, lines, strict=False) if line["id"]}
    return Imported(data, run, files, ids)


@pytest.fixture
def data(imported: Imported, tmp_path: Path) -> Path:
    """A private copy of the imported library, for tests that change it."""
    copy = tmp_path / "data"
    shutil.copytree(imported.data, copy)
    return copy


# --- import ------------------------------------------------------------------------------------


def test_import_prints_one_json_line_per_file(imported: Imported) -> None:
    run = imported.run
    lines = [json.loads(line) for line in run.out.splitlines()]
    assert [line["path"] for line in lines] == [str(p) for p in imported.files.values()]
    for line in lines:
        assert set(line) == IMPORT_KEYS
    status = {name: line["status"] for name, line in zip(imported.files, lines, strict=True)}
    assert status == {
        "seed": "added",
        "undated": "added",
        "old": "added",
        "script": "added",
        "bad": "error",
        "missing": "error",
    }
    by_name = dict(zip(imported.files, lines, strict=True))
    assert by_name["seed"]["title"] == SEED_ID_TITLE
    assert by_name["seed"]["error"] is None
    assert by_name["missing"]["error"] == "no such file"
    assert by_name["bad"]["id"] is None
    assert by_name["bad"]["error"]
    assert run.code == 1  # some failed; the others are imported all the same
    _no_traceback(run)


def test_import_all_good_exits_zero(imported: Imported, data: Path) -> None:
    run = reader(data, "import", str(imported.files["seed"]), str(imported.files["old"]))
    assert run.code == 0
    lines = [json.loads(line) for line in run.out.splitlines()]
    assert [(line["status"], line["id"]) for line in lines] == [
        ("unchanged", imported.ids["seed"]),
        ("unchanged", imported.ids["old"]),
    ]
    # Nothing succeeds in silence: the last line on stderr says what was done.
    assert run.err == "saved-reader: imported 0 new, 2 already in the library.\n"


def test_import_summary_counts_failures(imported: Imported) -> None:
    assert imported.run.err.splitlines()[-1] == "saved-reader: imported 4 new, 2 failed."


def test_import_counts_what_a_folder_holds_that_is_not_imported(
    tmp_path: Path, seed_file: Path
) -> None:
    folder = tmp_path / "mirror"
    (folder / "news").mkdir(parents=True)
    shutil.copy(seed_file, folder / "news" / seed_file.name)
    (folder / "news" / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / "news" / "scan.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / "news" / ".draft.md").write_text("hidden")
    (folder / ".git").mkdir()
    (folder / "README.md").write_text("# the mirror")
    (folder / "away.md").symlink_to(tmp_path / "elsewhere.md")
    run = reader(tmp_path / "data", "import", str(folder))
    assert run.code == 0  # a link to nothing is skipped, not failed
    assert [json.loads(line)["status"] for line in run.out.splitlines()] == ["skipped", "added"]
    said = run.err.splitlines()
    assert said[0] == (
        f"saved-reader: {folder / 'away.md'}: skipped: it is a link to nothing "
        "(its target is missing)"
    )
    assert said[-1] == (
        "saved-reader: imported 1 new, 6 skipped "
        "(2 hidden, 2 .jpg, 1 README or LICENSE, 1 named above)."
    )


def test_import_of_a_folder_with_no_articles_says_so_and_fails(tmp_path: Path) -> None:
    empty, images = tmp_path / "empty", tmp_path / "images"
    empty.mkdir()
    images.mkdir()
    (images / "a.png").write_bytes(b"\x89PNG")
    run = reader(tmp_path / "data", "import", str(empty), str(images))
    assert (run.code, run.out) == (1, "")
    why = (
        "no file to import in this folder (hidden files, images and other types are passed "
        "over; see 'saved-reader import --help')."
    )
    assert run.err.splitlines() == [
        f"saved-reader: {empty}: {why}",
        f"saved-reader: {images}: {why}",
        "saved-reader: imported 0 new, 1 skipped (1 .png).",
    ]


# --- list ---------------------------------------------------------------------------------------


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


# --- show ---------------------------------------------------------------------------------------


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


# --- errors -------------------------------------------------------------------------------------


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
    _no_traceback(run)


@pytest.mark.parametrize(
    "args",
    [("mark", "abc"), ("list", "--bogus"), ("import",), ("note",), ("--screenshot", "x.jpg")],
    ids=["mark-without-flag", "unknown-option", "import-nothing", "note-no-id", "bad-screenshot"],
)
def test_bad_usage(tmp_path: Path, args: tuple[str, ...]) -> None:
    run = reader(tmp_path / "data", *args)
    assert run.code == 2
    assert run.out == ""
    assert run.err.strip()
    _no_traceback(run)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ("list", "--jsn"),
            "unknown option --jsn for 'list' (see 'saved-reader list --help'); "
            "did you mean --json?",
        ),
        (("show",), "missing ID for 'show' (see 'saved-reader show --help')."),
        (
            ("list", "--sort", "size"),
            "--sort for 'list' must be newest, oldest or title, not 'size' "
            "(see 'saved-reader list --help').",
        ),
        (
            ("list", "--limit", "ten"),
            "--limit for 'list' must be a positive whole number, not 'ten' "
            "(see 'saved-reader list --help').",
        ),
        (("--json", "list"), "--json goes after the command: 'saved-reader list --json'."),
        (
            ("mark", "abc", "--read", "--unread"),
            "--unread and --read cannot be used together for 'mark' "
            "(see 'saved-reader mark --help').",
        ),
    ],
    ids=["mistyped", "missing", "choice", "number", "before-command", "together"],
)
def test_a_usage_error_is_one_sentence_naming_the_mistake(
    tmp_path: Path, args: tuple[str, ...], said: str
) -> None:
    run = reader(tmp_path / "data", *args)
    assert (run.code, run.out, run.err) == (2, "", f"saved-reader: {said}\n")
    assert not (tmp_path / "data").exists()  # nothing was done


@pytest.mark.parametrize("command", ["import", "list", "search", "show", "mark", "note", "repair"])
def test_every_command_says_what_it_prints_and_how_it_exits(command: str) -> None:
    run = reader(None, command, "--help")
    assert (run.code, run.err) == (0, "")
    usage, description = run.out.split("\n\n")[:2]
    assert usage.startswith(f"usage: saved-reader {command}")
    assert len(description) > 20  # a sentence about what the command does
    assert "\noutput:\n" in run.out
    assert "\nexit status:\n" in run.out
    assert re.search(r"^  0 ", run.out, re.M)
    assert re.search(r"^  2 +bad usage", run.out, re.M)
    for line in run.out.split("\noptions:\n")[1].split("\n\n")[0].splitlines():
        if line.startswith("  -") and "  " not in line.strip():
            continue  # its help is on the next line
        assert line.strip()


def test_data_dir_after_the_command(imported: Imported) -> None:
    after = reader(None, "list", "--json", "--data-dir", str(imported.data))
    joined = reader(None, "list", f"--data-dir={imported.data}", "--json")
    assert after.code == joined.code == 0
    assert [d["id"] for d in after.json()] == [d["id"] for d in joined.json()]
    assert len(after.json()) == 4


def test_reader_data_dir_environment(imported: Imported) -> None:
    run = reader(None, "list", "--json", READER_DATA_DIR=str(imported.data))
    assert run.code == 0
    assert [item["id"] for item in run.json()] == [
        imported.ids[name] for name in ("seed", "script", "old", "undated")
    ]


def test_data_dir_option_wins_over_environment(imported: Imported, tmp_path: Path) -> None:
    run = reader(tmp_path / "empty", "list", "--json", READER_DATA_DIR=str(imported.data))
    assert (run.code, run.json()) == (0, [])


# --- the window without a display -----------------------------------------------------------------


def test_window_without_display_imports_and_says_so(
    tmp_path: Path, write_file: Callable[[str, str | bytes], Path], seed_file: Path
) -> None:
    other = write_file(
        "other.md",
        NEWS.format(ms=1, title="Other", url="https://example.com/other", body="<p>x</p>"),
    )
    data = tmp_path / "window-data"
    run = reader(data, str(seed_file), str(other))
    assert run.code == 0
    assert run.out == ""
    assert run.err.count("\n") == 1
    assert "display" in run.err.lower()
    _no_traceback(run)
    listed = reader(data, "list", "--json").json()
    assert [item["title"] for item in listed] == [SEED_ID_TITLE, "Other"]


def test_window_without_display_says_why_a_missing_file_was_not_imported(tmp_path: Path) -> None:
    missing = tmp_path / "gone.md"
    run = reader(tmp_path / "data", str(missing))
    assert (run.code, run.out) == (1, "")
    first, last = run.err.splitlines()
    assert first == f"saved-reader: {missing}: no such file"
    assert last.startswith("saved-reader: no display found")
    assert "imported 0 new, 1 failed; the library in" in last
    _no_traceback(run)


# --- the state file -------------------------------------------------------------------------------


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
    _no_traceback(run)
    assert (data / "state.json").read_bytes() == raw
