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

Exit status: 0 fine, 1 some file or write failed, 2 bad usage or an unknown id.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TextIO

from reader import APP_NAME, __version__
from reader.core.display import printable
from reader.core.importing.bulk import import_many
from reader.core.library.query import Query, Show, Sort, select
from reader.core.library.search import parse_query
from reader.core.library.store import DB_NAME, Library, LibraryDamaged, LibraryError, damage_behind
from reader.core.links import external_url
from reader.core.model import ImportResult, Status, iso_utc
from reader.core.page.render import link_only_html
from reader.core.paths import data_dir
from reader.core.userdata.state import State, StateError

PROG = "saved-reader"
COMMANDS = ("import", "list", "search", "show", "mark", "note", "repair")


class UsageError(Exception):
    """Bad usage or an unknown id: exit status 2."""


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if _command_of(args_list) in COMMANDS:
            args = _parse(_command_parser(), args_list)
            return int(args.run(args))
        args = _parse(_window_parser(), args_list)
        return _run_window(args)
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


def _command_of(argv: list[str]) -> str | None:
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


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one sentence (a UsageError: ``saved-reader: ...`` on
    stderr, exit 2), not a usage block and ``error:`` line."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(**kwargs)
        self.commands: dict[str, _Parser] = {}

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


def _parse(parser: _Parser, argv: list[str]) -> argparse.Namespace:
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


def _base_parser(description: str, epilog: str = "") -> _Parser:
    parser = _Parser(prog=PROG, description=description, epilog=epilog)
    _data_dir_option(parser, None)
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    return parser


def _data_dir_option(parser: argparse.ArgumentParser, default: object) -> None:
    """``--data-dir``, before or after the command (after it: not given means the value
    before it, if any: argparse.SUPPRESS)."""
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help="keep the library and the state file under DIR (default: $READER_DATA_DIR, "
        "else the platform's data folder)",
    )


WINDOW_HELP = f"""\
Read saved articles offline: news-mirror files, saved web pages, Markdown and
plain text, kept in a local library.

Without a command, the window opens; the FILEs (files or folders) are imported
into the library in the background and the first one is shown. Without a
display, the FILEs are imported and {PROG} says in one line that no window
can open."""

WINDOW_EPILOG = f"""\
commands (each has its own --help, e.g. '{PROG} list --help'):
{{commands}}

--data-dir DIR may come before or after the command; --data-dir=DIR works too.

exit status (the window): 0 closed normally; 1 no display and a FILE could not
be imported, the screenshot could not be written, or the library is damaged and
was not repaired; 2 bad usage, or --open names no article (with --screenshot);
130 interrupted."""


@dataclass(frozen=True)
class CommandHelp:
    usage: str  # what follows the command's name in the top-level list
    summary: str  # one line, in that list
    description: str  # what it does, at the top of its --help
    output: str  # what it prints
    status: str  # its exit codes

    def epilog(self) -> str:
        return f"output:\n{self.output}\n\nexit status:\n{self.status}"


_LIST_OUTPUT = """\
  Without --json, one line per article: '*' when it is unread (else a space),
  its id, its date (YYYY-MM-DD, UTC), its source and its title.
  With --json, a JSON array of objects with these fields:
    id         the article's id (for show, mark, note and --open)
    title      its title (text, never markup)
    url        its address (http, https or mailto only, else null)
    published  its date, ISO 8601 UTC (2024-03-03T15:15:01Z), or null
    source     where it comes from (the address's host, else its folder)
    read       true or false
    note       the note, or null"""

HELP = {
    "import": CommandHelp(
        "PATH ...",
        "import files and folders (recursive) into the library",
        """\
Import files and folders into the library. Each file named is tried, whatever
its name. A folder is read recursively: files ending in .md, .markdown, .txt,
.html, .htm, .xhtml, .shtml or with no suffix are tried; hidden files and
folders, other types (images, PDFs...) and README or LICENSE files are passed
over, and counted in the summary. Files imported before and unchanged since are
not read again; an article already in the library (same address) is kept as it
is, with its read state and note.""",
        """\
  stdout: one JSON object per file, as it is stored:
    path    the file
    status  "added", "unchanged" (imported before, or the same article again),
            "skipped" (a link or a pipe in a folder) or "error"
    id      the article's id, or null
    title   its title, or null
    error   why it failed or was skipped, or null
  stderr: each file that failed or was skipped (the first 100), a progress bar
  on a terminal, and one last line summing up: how many were added, already in
  the library, failed and skipped, and why the skipped ones were.""",
        """\
  0   every file found was imported or was already in the library
  1   some file could not be imported, no file to import was found, or the
      library could not be written (a full disk: import again to complete it)
  2   bad usage
  130 interrupted (Ctrl+C); what was stored stays, importing again completes it""",
    ),
    "list": CommandHelp(
        "",
        "list the articles, newest first (--json: as JSON)",
        "List the articles in the library, newest first (or as --sort says).",
        _LIST_OUTPUT,
        """\
  0   done (an empty list too)
  1   the library could not be opened (damaged: see 'repair')
  2   bad usage""",
    ),
    "search": CommandHelp(
        "QUERY",
        "search titles and text, best first",
        """\
Search the titles and text of the articles: Chinese, Japanese and Korean text
is found anywhere (港, 日本); other words match whole and case-insensitively,
trump* as a prefix; all words must match; "a phrase" matches the phrase.
Best first: title matches, then relevance, then date.""",
        _LIST_OUTPUT.replace("one line per article", "one line per article found"),
        """\
  0   done (no match is an empty list)
  1   the library could not be opened (damaged: see 'repair')
  2   bad usage, or an empty query""",
    ),
    "show": CommandHelp(
        "ID",
        "print an article's sanitized HTML, or its text",
        "Print one article as the window shows it: its sanitized HTML, or its plain text.",
        """\
  The article's HTML after the sanitizer (no scripts, styles or images; links
  only to http, https, mailto or within the article); with --text, its plain
  text (an article without text: its address).""",
        """\
  0   done
  1   the library could not be opened (damaged: see 'repair')
  2   bad usage, or no article has this id""",
    ),
    "mark": CommandHelp(
        "ID FLAG",
        "mark an article read or unread, starred or not",
        "Mark an article read or unread, and starred or not, in the state file.",
        "  Nothing (a failure is said on stderr).",
        """\
  0   saved
  1   not saved: the state file could not be written (a full disk), or it is
      from a newer Saved Reader
  2   bad usage (no flag, or --read with --unread), or no article has this id""",
    ),
    "note": CommandHelp(
        "ID [TEXT]",
        "print an article's note, or set it",
        'Print an article\'s note, or set it to TEXT ("" clears it).',
        "  Without TEXT, the note (nothing when there is none); with TEXT, nothing.",
        """\
  0   done
  1   not saved: the state file could not be written (a full disk), or it is
      from a newer Saved Reader
  2   bad usage, or no article has this id""",
    ),
    "repair": CommandHelp(
        "",
        "rebuild a damaged library (or --check it)",
        """\
Rebuild a damaged library from every article whose row or original can still be
read. Read state, stars and notes are kept (they are in the state file); the
damaged file is kept aside as library.sqlite3.damaged-...""",
        """\
  How many articles were recovered and lost, then up to 10 lost titles; on a
  terminal, progress on stderr. With --check: one line, 'The library in DIR is
  sound (N articles).', or what is damaged, on stderr.""",
        """\
  0   rebuilt (--check: sound)
  1   nothing could be recovered, there is no library, or (--check) it is damaged
  2   bad usage""",
    ),
}


def _window_parser() -> _Parser:
    commands = "\n".join(f"  {f'{name} {h.usage}':<17} {h.summary}" for name, h in HELP.items())
    parser = _base_parser(WINDOW_HELP, WINDOW_EPILOG.format(commands=commands))
    parser.add_argument(
        "files", nargs="*", metavar="FILE", help="files or folders to import; the first is shown"
    )
    parser.add_argument("--open", metavar="ID", help="show the document with this id")
    parser.add_argument(
        "--screenshot", metavar="PNG", help="write a screenshot of the window to PNG and exit"
    )
    desktop = parser.add_mutually_exclusive_group()
    desktop.add_argument(
        "--install-desktop",
        action="store_true",
        help="add the launcher and icons to your desktop's menu (under $XDG_DATA_HOME) and exit",
    )
    desktop.add_argument(
        "--uninstall-desktop",
        action="store_true",
        help="remove what --install-desktop added and exit",
    )
    parser.add_argument(
        "--new-instance",
        action="store_true",
        help="open another window even if one is running (else the FILEs go to that one)",
    )
    return parser


def _command_parser() -> _Parser:
    parser = _base_parser(f"{APP_NAME} commands.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str) -> _Parser:
        h = HELP[name]
        p = sub.add_parser(name, help=h.summary, description=h.description, epilog=h.epilog())
        _data_dir_option(p, argparse.SUPPRESS)
        parser.commands[name] = p
        return p

    p = command("import")
    p.add_argument("paths", nargs="+", metavar="PATH", help="a file or a folder to import")
    p.add_argument(
        "--follow-links",
        action="store_true",
        help="follow links that lead out of the folders named (skipped and listed otherwise)",
    )
    p.set_defaults(run=_cmd_import)

    p = command("list")
    p.add_argument("--unread", action="store_true", help="only unread articles")
    p.add_argument("--starred", action="store_true", help="only starred articles")
    p.add_argument("--source", metavar="NAME", help="only articles from this source")
    p.add_argument(
        "--sort",
        choices=[s.value for s in Sort],
        default="newest",
        help="newest first (the default), oldest first, or by title",
    )
    p.add_argument("--limit", type=_positive, metavar="N", help="at most N articles")
    p.add_argument("--json", action="store_true", help="print a JSON array (see below)")
    p.set_defaults(run=_cmd_list)

    p = command("search")
    p.add_argument(
        "query",
        metavar="QUERY",
        help='words, Chinese/Japanese/Korean text, "a phrase"; all must match',
    )
    p.add_argument("--limit", type=_positive, metavar="N", help="at most N articles")
    p.add_argument("--json", action="store_true", help="print a JSON array (see below)")
    p.set_defaults(run=_cmd_search)

    p = command("show")
    p.add_argument("id", metavar="ID", help="the article's id (see 'list')")
    p.add_argument("--text", action="store_true", help="plain text instead of HTML")
    p.set_defaults(run=_cmd_show)

    p = command("mark")
    p.add_argument("id", metavar="ID", help="the article's id (see 'list')")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--read", dest="read", action="store_const", const=True, help="mark it read")
    group.add_argument(
        "--unread", dest="read", action="store_const", const=False, help="mark it unread"
    )
    stars = p.add_mutually_exclusive_group()
    stars.add_argument("--star", dest="star", action="store_const", const=True, help="star it")
    stars.add_argument("--unstar", dest="star", action="store_const", const=False, help="unstar it")
    p.set_defaults(run=_cmd_mark)

    p = command("note")
    p.add_argument("id", metavar="ID", help="the article's id (see 'list')")
    p.add_argument("text", nargs="?", metavar="TEXT", help='the new note ("" clears it)')
    p.set_defaults(run=_cmd_note)

    p = command("repair")
    p.add_argument(
        "--check", action="store_true", help="only say whether the library is damaged (exit 1)"
    )
    p.set_defaults(run=_cmd_repair)
    return parser


# --- commands --------------------------------------------------------------------------------


def _cmd_import(args: argparse.Namespace) -> int:
    library = Library(data_dir(args.data_dir))
    bar = ProgressBar(sys.stderr) if sys.stderr.isatty() else None
    paths = [Path(p) for p in args.paths]
    tally = ImportTally(paths)
    failed = said = 0
    try:
        results = import_many(
            library,
            paths,
            on_total=bar.start if bar else None,
            follow_links=args.follow_links,
            passed_over=tally.passed_over,
        )
        for result in results:
            tally.add(result)
            print(json.dumps(result.as_json(), ensure_ascii=False), flush=bar is None)
            if result.status in (Status.ERROR, Status.SKIPPED):
                failed += result.status is Status.ERROR
                said += 1
                if bar:
                    bar.clear()
                if said <= SAY_AT_MOST:
                    print(f"{PROG}: {result.message}", file=sys.stderr)
            if bar:
                bar.step(failed)
    finally:
        library.close()
        if bar:
            bar.finish()
        if said > SAY_AT_MOST:  # (a full disk fails every file left: thousands of lines)
            more = said - SAY_AT_MOST
            print(
                f"{PROG}: … and {more:,} more not imported (each has its JSON line).",
                file=sys.stderr,
            )
    tally.say_empty_folders()
    print(f"{PROG}: {tally.summary()}.", file=sys.stderr)
    return 0 if tally.ok else 1


SAY_AT_MOST = 100  # files not imported named on stderr; the JSON lines name every one


class ImportTally:
    """What an import did, counted as its results go by: its last line, and whether it
    found anything to import in every folder named."""

    def __init__(self, paths: list[Path]) -> None:
        self.passed_over: Counter[str] = Counter()  # filled by import_many
        self.counts: Counter[Status] = Counter()
        self._folders = [str(p) for p in paths if p.is_dir()]
        self._tried: set[str] = set()  # folders named that held a file to import

    def add(self, result: ImportResult) -> None:
        self.counts[result.status] += 1
        if result.status is not Status.SKIPPED and len(self._tried) < len(self._folders):
            for folder in self._folders:
                if result.path.startswith(folder.rstrip(os.sep) + os.sep):
                    self._tried.add(folder)

    @property
    def empty_folders(self) -> list[str]:
        return [f for f in self._folders if f not in self._tried]

    @property
    def ok(self) -> bool:
        """Nothing failed, and each folder named held something to import."""
        return not self.counts[Status.ERROR] and not self.empty_folders

    def say_empty_folders(self) -> None:
        for folder in self.empty_folders:
            print(
                printable(
                    f"{PROG}: {folder}: no file to import in this folder (hidden files, images "
                    f"and other types are passed over; see '{PROG} import --help')."
                ),
                file=sys.stderr,
            )

    def summary(self) -> str:
        """``imported 3 new, 1 already in the library, 1 failed, 4 skipped (2 .jpg, 1 hidden,
        1 named above)``: only the counts that are not 0, but for the new ones."""
        count = self.counts
        told = [f"imported {count[Status.ADDED]:,} new"]
        if count[Status.UNCHANGED]:
            told.append(f"{count[Status.UNCHANGED]:,} already in the library")
        if count[Status.ERROR]:
            told.append(f"{count[Status.ERROR]:,} failed")
        kinds = self.passed_over.most_common()
        why = [f"{n:,} {kind}" for kind, n in kinds[:4]]
        if len(kinds) > 4:
            why.append(f"{sum(n for _, n in kinds[4:]):,} of other types")
        if count[Status.SKIPPED]:
            why.append(f"{count[Status.SKIPPED]:,} named above")
        skipped = self.passed_over.total() + count[Status.SKIPPED]
        if skipped:
            told.append(f"{skipped:,} skipped ({', '.join(why)})")
        return printable(", ".join(told))


class ProgressBar:
    """``[#####.....]  7,512 / 15,000 files · 3 failed`` on a terminal's stderr, ~10 a second."""

    WIDTH = 30

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._total = 0
        self._done = 0
        self._shown = 0.0

    def start(self, total: int) -> None:
        self._total = total

    def step(self, failed: int) -> None:
        self._done += 1
        now = time.monotonic()
        if now - self._shown < 0.1 and self._done < self._total:
            return
        self._shown = now
        filled = self.WIDTH * self._done // max(self._total, 1)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        tail = f" · {failed} failed" if failed else ""
        self._stream.write(f"\r[{bar}] {self._done:,} / {self._total:,} files{tail}")
        self._stream.flush()

    def clear(self) -> None:
        self._stream.write("\r\033[K")

    def finish(self) -> None:
        if self._done:
            self._stream.write("\n")
            self._stream.flush()


def _cmd_list(args: argparse.Namespace) -> int:
    root = data_dir(args.data_dir)
    if args.unread and args.starred:
        raise UsageError("choose --unread or --starred, not both.")
    show = Show.UNREAD if args.unread else Show.STARRED if args.starred else Show.ALL
    query = Query(show=show, source=args.source, sort=Sort(args.sort))
    library, state = Library(root), _open_state(root)
    try:
        ids = select(library, state, query, limit=args.limit)
        items = [_list_item(library, state, i) for i in ids]
    finally:
        library.close()
    _print_items(items, args.json)
    return 0


def _cmd_search(args: argparse.Namespace) -> int:
    if not args.query.strip():
        raise UsageError("the search query is empty; give a word, some Chinese text or a phrase.")
    if not parse_query(args.query):
        raise UsageError(f"the search query {args.query!r} has no letters, digits or CJK text.")
    root = data_dir(args.data_dir)
    library, state = Library(root), _open_state(root)
    try:
        items = [_list_item(library, state, i) for i in library.search(args.query, args.limit)]
    finally:
        library.close()
    _print_items(items, args.json)
    return 0


def _print_items(items: list[dict[str, object]], as_json: bool) -> None:
    if as_json:
        print(json.dumps(items, ensure_ascii=False, indent=1))
        return
    for item in items:
        mark = " " if item["read"] else "*"
        date = str(item["published"] or "")[:10].ljust(10)
        print(printable(f"{mark} {item['id']}  {date}  {item['source']}  {item['title']}"))


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a positive whole number, not {value!r}")
    return number


def _list_item(library: Library, state: State, doc_id: str) -> dict[str, object]:
    row = library.row(doc_id)
    return {
        "id": row.id,
        "title": row.title,
        "url": external_url(row.url),
        "published": iso_utc(row.published),
        "source": row.source,
        "read": state.is_read(row.id),
        "note": state.note(row.id),
    }


def _cmd_show(args: argparse.Namespace) -> int:
    library = Library(data_dir(args.data_dir))
    try:
        doc = library.get(args.id)
    finally:
        library.close()
    if doc is None:
        raise _unknown(args.id)
    if args.text:
        print(doc.text or external_url(doc.url) or "")
    else:
        print(doc.html or link_only_html(doc))
    return 0


def _cmd_mark(args: argparse.Namespace) -> int:
    root = data_dir(args.data_dir)
    _require(root, args.id, "the change was not saved")
    if args.read is None and args.star is None:
        raise UsageError("say what to mark: --read, --unread, --star or --unstar.")
    state = _open_state(root)
    if args.read is not None:
        state.set_read(args.id, args.read)
    if args.star is not None:
        state.set_starred(args.id, args.star)
    return _save(state, "the change")


def _cmd_note(args: argparse.Namespace) -> int:
    root = data_dir(args.data_dir)
    _require(root, args.id, "the note was not saved" if args.text is not None else "")
    state = _open_state(root)
    if args.text is None:
        note = state.note(args.id)
        if note:
            print(note)
        return 0
    state.set_note(args.id, args.text)
    return _save(state, "the note")


def _cmd_repair(args: argparse.Namespace) -> int:
    root = data_dir(args.data_dir)
    if not (root / DB_NAME).exists():
        raise LibraryError(f"There is no library in {root}.")
    if args.check:
        return _check(root)
    from reader.core.library.repair import repair

    bar = RepairProgress(sys.stderr) if sys.stderr.isatty() else None
    try:
        report = repair(root, progress=bar)
    finally:
        if bar:
            bar.finish()
    print(printable(report.summary()))
    for title in report.lost_titles[:10]:
        print(printable(f"  lost: {title}"))
    if len(report.lost_titles) > 10:
        print(f"  and {len(report.lost_titles) - 10:,} more")
    return 0 if report.ok else 1


def _check(root: Path) -> int:
    """``repair --check``: 0 and one line when the library is sound, else LibraryDamaged."""
    library = Library(root)
    try:
        problems = library.check()
        if problems:
            more = len(problems) - 1
            more_said = f", and {more:,} more problem{'' if more == 1 else 's'}" if more else ""
            raise LibraryDamaged(root, problems[0] + more_said)
        total = len(library)
    finally:
        library.close()
    print(f"The library in {root} is sound ({total:,} article{'' if total == 1 else 's'}).")
    return 0


class RepairProgress:
    """``Repairing: 1,200 / 3,000 articles`` on a terminal's stderr, ~10 times a second."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._shown = 0.0
        self._drawn = False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._shown < 0.1 and done < total:
            return
        self._shown = now
        self._drawn = True
        self._stream.write(f"\rRepairing: {done:,} / {total:,} articles")
        self._stream.flush()

    def finish(self) -> None:
        if self._drawn:
            self._stream.write("\n")
            self._stream.flush()


def _save(state: State, what: str) -> int:
    """Save the state file; a failure is said (what was not saved, and why) with exit 1:
    this process ends now, so nothing will retry it."""
    try:
        state.save()
    except StateError as e:
        print(f"{PROG}: {what} was not saved: {e}", file=sys.stderr)
        return 1
    return 0


def _open_state(root: Path) -> State:
    """The state file; a recovery (corrupt file, newer version) is said on stderr, not hidden."""
    state = State(root)
    if state.warning:
        print(f"{PROG}: {state.warning}", file=sys.stderr)
    return state


def _require(root: Path, doc_id: str, unsaved: str = "") -> None:
    """``doc_id`` is in the library (else a UsageError); ``unsaved``: what is lost when the
    library cannot even be opened (a full disk), said first."""
    try:
        library = Library(root)
    except LibraryError as e:
        if unsaved and not isinstance(e, LibraryDamaged):
            said = str(e)
            raise LibraryError(f"{unsaved}: {said[:1].lower()}{said[1:]}") from None
        raise
    try:
        if doc_id not in library:
            raise _unknown(doc_id)
    finally:
        library.close()


def _unknown(doc_id: str) -> UsageError:
    return UsageError(f"there is no document with id {doc_id!r} (see '{PROG} list').")


# --- the window --------------------------------------------------------------------------------


def _run_window(args: argparse.Namespace) -> int:
    if args.install_desktop or args.uninstall_desktop:
        return _desktop_integration(args.install_desktop)
    if args.screenshot and not args.screenshot.lower().endswith(".png"):
        raise UsageError("--screenshot needs a file name ending in .png")
    root = data_dir(args.data_dir)
    files = [Path(f) for f in args.files]
    for name, path in zip(args.files, files, strict=True):
        if not path.exists() and "/" not in name and "." not in name:
            raise UsageError(
                f"{name!r} is neither a command ({', '.join(COMMANDS)}) nor an existing file."
            )
    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen" if not _has_display() else "")
        if not os.environ["QT_QPA_PLATFORM"]:
            del os.environ["QT_QPA_PLATFORM"]
    elif not _has_display():
        return _no_display(root, files)
    primary = None
    if not (args.screenshot or args.new_instance):  # a window runs? hand it the files, end
        from reader.ui.single import Request, settle

        settled = settle(root, Request(files, args.open))
        if isinstance(settled, int):
            return settled
        primary = settled
    from reader.ui.app import run  # Qt is imported only for the window

    return run(root, files, open_id=args.open, screenshot=args.screenshot, primary=primary)


def _desktop_integration(install: bool) -> int:
    """--install-desktop / --uninstall-desktop (reader/desktop.py): one line per file."""
    if sys.platform in ("win32", "darwin"):
        print(f"{PROG}: --install-desktop is for Linux desktops only.", file=sys.stderr)
        return 1
    from reader import desktop

    try:
        desktop.install() if install else desktop.uninstall()
    except desktop.DesktopError as e:
        print(f"{PROG}: {e}", file=sys.stderr)
        return 1
    return 0


def _has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _no_display(root: Path, files: list[Path]) -> int:
    """Without a screen: import what was named, say what failed (as ``import`` does), then
    say in one line that no window opens; exit 1 when a file could not be imported."""
    tally = ImportTally(files)
    said = 0
    library = Library(root)
    try:
        for result in import_many(library, files, passed_over=tally.passed_over):
            tally.add(result)
            if result.status in (Status.ERROR, Status.SKIPPED):
                said += 1
                if said <= SAY_AT_MOST:
                    print(f"{PROG}: {result.message}", file=sys.stderr)
        total = len(library)
    finally:
        library.close()
    if said > SAY_AT_MOST:
        print(f"{PROG}: … and {said - SAY_AT_MOST:,} more not imported.", file=sys.stderr)
    tally.say_empty_folders()
    done = f"{tally.summary()}; " if files else ""
    print(
        f"{PROG}: no display found (DISPLAY and WAYLAND_DISPLAY are unset), so no window can "
        f"open; {done}the library in {root} holds {total} document{'' if total == 1 else 's'} "
        f"(try '{PROG} list', or run it in a desktop session).",
        file=sys.stderr,
    )
    return 0 if tally.ok else 1
