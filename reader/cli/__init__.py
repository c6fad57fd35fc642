"""The command line: one set of subcommands over reader.core, and the window.

    saved-reader [--data-dir DIR] [FILE ...]                 the window; FILEs imported, first shown
    saved-reader [--data-dir DIR] --open ID --screenshot PNG render ID, write the PNG, exit 0
    saved-reader [--data-dir DIR] import PATH ...            files or folders (recursive)
    saved-reader [--data-dir DIR] list [--unread] --json
    saved-reader [--data-dir DIR] search QUERY [--limit N] [--json]     best first
    saved-reader [--data-dir DIR] show ID [--text]
    saved-reader [--data-dir DIR] mark ID --read|--unread
    saved-reader [--data-dir DIR] note ID [TEXT]
    saved-reader [--data-dir DIR] repair [--check]
    saved-reader [--data-dir DIR] fetch-images ID ... | --all [--proxy PROXY]

Exit status: 0 fine, 1 some file or write failed, 2 bad usage or an unknown id.

usage.py says a usage error in one sentence, help_texts.py holds the --help texts, parser.py
builds the parsers; commands.py, importing.py and images.py run the commands over reader.core
(progress.py draws their progress on a terminal); window.py starts the window, or says
without a display that none can open.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from reader.cli.parser import command_parser, window_parser
from reader.cli.usage import COMMANDS, PROG, UsageError, command_of, parse
from reader.cli.window import run_window
from reader.core.library.store import LibraryError, damage_behind
from reader.core.paths import data_dir
from reader.core.userdata.state import StateError
from reader.logs import log_to

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if command_of(args_list) in COMMANDS:
            args = parse(command_parser(), args_list)
            log_to(data_dir(args.data_dir))
            return int(args.run(args))
        args = parse(window_parser(), args_list)
        log_to(data_dir(args.data_dir))
        return run_window(args)
    except UsageError as e:
        print(f"{PROG}: {e}", file=sys.stderr)
        return 2
    except (LibraryError, StateError) as e:
        # A damaged library may reach here inside another error (an import's batch that could
        # not be written): what to do about the damage is what to say.
        print(f"{PROG}: {damage_behind(e) or e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `saved-reader list --json | head`: stop quietly.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return 0
