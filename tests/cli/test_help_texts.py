"""Each command's --help (reader/cli/help_texts.py): what it does, prints and exits with."""

from __future__ import annotations

import re

import pytest
from cli_run import reader

from reader.cli.usage import COMMANDS


@pytest.mark.parametrize("command", COMMANDS)
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
