"""Usage errors: the command a command line names, and argparse's complaints said as one
sentence (``saved-reader: ...`` on stderr, exit 2) naming the mistake and where to read more."""

from __future__ import annotations

import argparse
import difflib
import re
from typing import Any, NoReturn

PROG = "saved-reader"
COMMANDS = (
    "import",
    "list",
    "search",
    "show",
    "mark",
    "note",
    "archive",
    "unarchive",
    "delete",
    "restore",
    "repair",
    "fetch-images",
)


class UsageError(Exception):
    """Bad usage or an unknown id: exit status 2."""


def command_of(argv: list[str]) -> str | None:
    """The first word that is not an option or an option's value."""
    takes_value = {"--data-dir", "--open", "--screenshot"}
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in takes_value:
            skip = True
        elif arg == "--":
            return None
        elif not arg.startswith("-"):
            return arg
    return None


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one sentence (a UsageError: ``saved-reader: ...`` on
    stderr, exit 2), not a usage block and ``error:`` line."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(**kwargs)
        self.commands: dict[str, Parser] = {}

    def error(self, message: str) -> NoReturn:
        raise UsageError(_sentence(message, self.prog))

    def options(self) -> list[str]:
        return [s for action in self._actions for s in action.option_strings]


def _sentence(message: str, prog: str) -> str:
    """argparse's ``message`` as one sentence naming the command and where to read more."""
    command = prog.removeprefix(PROG).strip()
    where = f" for '{command}'" if command else ""
    said = message
    if m := re.fullmatch(r"the following arguments are required: (.*)", message):
        said = f"missing {_joined(m[1].split(', '), 'and')}{where}"
    elif m := re.fullmatch(r"ambiguous option: (\S+?)(=.*)? could match (.*)", message):
        said = f"ambiguous option {m[1]}{where}: it could be {_joined(m[3].split(', '), 'or')}"
    elif m := re.fullmatch(r"argument ([^:]+): (.*)", message, re.DOTALL):
        name, why = m[1].split("/")[0], m[2]
        if choice := re.fullmatch(r"invalid choice: (.*) \(choose from (.*)\)", why):
            options = [c.strip("'") for c in choice[2].split(", ")]
            said = f"{name}{where} must be {_joined(options, 'or')}, not {choice[1]}"
        elif why.startswith("expected"):
            said = f"{name}{where} needs a value"
        elif other := re.fullmatch(r"not allowed with argument (.*)", why):
            said = f"{name} and {other[1]} cannot be used together{where}"
        elif why.startswith("ignored explicit argument"):
            said = f"{name}{where} takes no value"
        else:
            said = f"{name}{where} {why}" if why.startswith("must") else f"{name}{where}: {why}"
    return f"{said} (see '{prog} --help')."


def _joined(words: list[str], last: str) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {last} {words[-1]}"


def parse(parser: Parser, argv: list[str]) -> argparse.Namespace:
    """``parser``'s arguments; the first word it does not know is named alone, as a
    UsageError (with the option meant, when one is close)."""
    args, extra = parser.parse_known_args(argv)
    if not extra:
        return args
    command = getattr(args, "command", None)
    owner = parser.commands.get(command or "", parser)
    word = extra[0]
    name = word.split("=", 1)[0]
    where, see = (f" for '{command}'", f"{PROG} {command}") if command else ("", PROG)
    if not word.startswith("-") or word == "-":
        raise UsageError(f"unexpected argument {word!r}{where} (see '{see} --help').")
    if command and name in owner.options():  # it came before the command
        raise UsageError(f"{name} goes after the command: '{PROG} {command} {name}'.")
    close = difflib.get_close_matches(name, owner.options(), n=1, cutoff=0.6)
    meant = f"; did you mean {close[0]}?" if close else "."
    raise UsageError(f"unknown option {name}{where} (see '{see} --help'){meant}")
