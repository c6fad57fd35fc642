"""Usage errors (reader/cli/usage.py): exit 2, one sentence naming the mistake, nothing done."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_run import no_traceback, reader


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
    no_traceback(run)


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
