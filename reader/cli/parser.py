"""The parsers: the window's (files, --open, --screenshot, the desktop options) and the
commands' (one subparser each, with its help text and the function that runs it)."""

from __future__ import annotations

import argparse

from reader import APP_NAME, __version__
from reader.cli.commands import (
    cmd_archive,
    cmd_delete,
    cmd_list,
    cmd_mark,
    cmd_note,
    cmd_repair,
    cmd_restore,
    cmd_search,
    cmd_show,
    cmd_unarchive,
)
from reader.cli.help_texts import HELP, WINDOW_EPILOG, WINDOW_HELP
from reader.cli.images import cmd_fetch_images
from reader.cli.importing import cmd_import
from reader.cli.usage import PROG, Parser
from reader.core.library.query import Show, Sort


def _base_parser(description: str, epilog: str = "") -> Parser:
    parser = Parser(prog=PROG, description=description, epilog=epilog)
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


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a positive whole number, not {value!r}")
    return number


def _show_options(parser: argparse.ArgumentParser) -> None:
    """Which articles: by default those the window's All view lists (not archived, not
    deleted); one of --unread, --starred, --archived, --deleted."""
    group = parser.add_mutually_exclusive_group()
    for option, show, said in (
        ("--unread", Show.UNREAD, "only unread articles (not archived)"),
        ("--starred", Show.STARRED, "only starred articles"),
        ("--archived", Show.ARCHIVE, "only archived articles"),
        ("--deleted", Show.DELETED, "only deleted articles (to 'restore')"),
    ):
        group.add_argument(option, dest="show", action="store_const", const=show, help=said)
    parser.set_defaults(show=Show.ALL)


def window_parser() -> Parser:
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


def command_parser() -> Parser:
    parser = _base_parser(f"{APP_NAME} commands.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str) -> Parser:
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
    p.set_defaults(run=cmd_import)

    p = command("list")
    _show_options(p)
    p.add_argument("--source", metavar="NAME", help="only articles from this source")
    p.add_argument(
        "--sort",
        choices=[s.value for s in Sort],
        default="newest",
        help="newest first (the default), oldest first, or by title",
    )
    p.add_argument("--limit", type=_positive, metavar="N", help="at most N articles")
    p.add_argument("--json", action="store_true", help="print a JSON array (see below)")
    p.set_defaults(run=cmd_list)

    p = command("search")
    p.add_argument(
        "query",
        metavar="QUERY",
        help='words, Chinese/Japanese/Korean text, "a phrase"; all must match',
    )
    _show_options(p)
    p.add_argument("--limit", type=_positive, metavar="N", help="at most N articles")
    p.add_argument("--json", action="store_true", help="print a JSON array (see below)")
    p.set_defaults(run=cmd_search)

    p = command("show")
    p.add_argument("id", metavar="ID", help="the article's id (see 'list')")
    p.add_argument("--text", action="store_true", help="plain text instead of HTML")
    p.set_defaults(run=cmd_show)

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
    p.set_defaults(run=cmd_mark)

    p = command("note")
    p.add_argument("id", metavar="ID", help="the article's id (see 'list')")
    p.add_argument("text", nargs="?", metavar="TEXT", help='the new note ("" clears it)')
    p.set_defaults(run=cmd_note)

    for name, run in (
        ("archive", cmd_archive),
        ("unarchive", cmd_unarchive),
        ("delete", cmd_delete),
        ("restore", cmd_restore),
    ):
        p = command(name)
        p.add_argument("ids", nargs="+", metavar="ID", help="an article's id (see 'list')")
        p.set_defaults(run=run)

    p = command("repair")
    p.add_argument(
        "--check", action="store_true", help="only say whether the library is damaged (exit 1)"
    )
    p.set_defaults(run=cmd_repair)

    p = command("fetch-images")
    p.add_argument("ids", nargs="*", metavar="ID", help="an article's id (see 'list')")
    p.add_argument(
        "--all",
        action="store_true",
        help="every article 'list' lists (archived and deleted ones only by their id)",
    )
    p.add_argument(
        "--proxy",
        metavar="PROXY",
        help='for this run: "none", "system" or a proxy\'s address such as '
        "socks5h://127.0.0.1:9050 (default: the image proxy set in Preferences)",
    )
    p.set_defaults(run=cmd_fetch_images)
    return parser
