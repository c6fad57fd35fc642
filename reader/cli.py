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
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from reader import APP_NAME, __version__
from reader.core.bulk import import_many
from reader.core.display import printable
from reader.core.library import DB_NAME, Library, LibraryDamaged, LibraryError, damage_behind
from reader.core.links import external_url
from reader.core.model import Status, iso_utc
from reader.core.paths import data_dir
from reader.core.query import Query, Show, Sort, select
from reader.core.render import link_only_html
from reader.core.search import parse_query
from reader.core.state import State, StateError

PROG = "saved-reader"
COMMANDS = ("import", "list", "search", "show", "mark", "note", "repair")


class UsageError(Exception):
    """Bad usage or an unknown id: exit status 2."""


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if _command_of(args_list) in COMMANDS:
            args = _command_parser().parse_args(args_list)
            return args.run(args)
        args = _window_parser().parse_args(args_list)
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


def _base_parser(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description=description)
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="keep the library and the state file under DIR (default: $READER_DATA_DIR, "
        "else the platform's data folder)",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    return parser


def _window_parser() -> argparse.ArgumentParser:
    parser = _base_parser(
        f"{APP_NAME}: read saved articles offline. Commands: {', '.join(COMMANDS)} "
        f"(see '{PROG} COMMAND --help')."
    )
    parser.add_argument(
        "files", nargs="*", metavar="FILE", help="files or folders to import; the first is shown"
    )
    parser.add_argument("--open", metavar="ID", help="show the document with this id")
    parser.add_argument(
        "--screenshot", metavar="PNG", help="write a screenshot of the window to PNG and exit"
    )
    return parser


def _command_parser() -> argparse.ArgumentParser:
    parser = _base_parser(f"{APP_NAME} commands.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("import", help="import files or folders (recursive)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument(
        "--follow-links",
        action="store_true",
        help="follow links that lead out of the folders named (skipped and listed otherwise)",
    )
    p.set_defaults(run=_cmd_import)

    p = sub.add_parser("list", help="list documents, newest first")
    p.add_argument("--unread", action="store_true", help="only unread documents")
    p.add_argument("--starred", action="store_true", help="only starred documents")
    p.add_argument("--source", metavar="NAME", help="only documents from this source")
    p.add_argument("--sort", choices=[s.value for s in Sort], default="newest")
    p.add_argument("--limit", type=_positive, metavar="N", help="at most N documents")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(run=_cmd_list)

    p = sub.add_parser("search", help="search titles and text, best first")
    p.add_argument("query", help='words, Chinese/Japanese/Korean text, "a phrase"; all must match')
    p.add_argument("--limit", type=_positive, metavar="N", help="at most N documents")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(run=_cmd_search)

    p = sub.add_parser("show", help="print a document's sanitized HTML (or its text)")
    p.add_argument("id")
    p.add_argument("--text", action="store_true", help="plain text instead of HTML")
    p.set_defaults(run=_cmd_show)

    p = sub.add_parser("mark", help="mark a document read or unread, starred or not")
    p.add_argument("id")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--read", dest="read", action="store_const", const=True)
    group.add_argument("--unread", dest="read", action="store_const", const=False)
    stars = p.add_mutually_exclusive_group()
    stars.add_argument("--star", dest="star", action="store_const", const=True)
    stars.add_argument("--unstar", dest="star", action="store_const", const=False)
    p.set_defaults(run=_cmd_mark)

    p = sub.add_parser("note", help='print a document\'s note, or set it ("" clears it)')
    p.add_argument("id")
    p.add_argument("text", nargs="?")
    p.set_defaults(run=_cmd_note)

    p = sub.add_parser(
        "repair",
        help="rebuild a damaged library from the articles it holds (read state and notes are "
        "kept; the old file is kept aside)",
    )
    p.add_argument(
        "--check", action="store_true", help="only say whether the library is damaged (exit 1)"
    )
    p.set_defaults(run=_cmd_repair)
    return parser


# --- commands --------------------------------------------------------------------------------


def _cmd_import(args: argparse.Namespace) -> int:
    library = Library(data_dir(args.data_dir))
    bar = ProgressBar(sys.stderr) if sys.stderr.isatty() else None
    failed = said = 0
    try:
        results = import_many(
            library,
            [Path(p) for p in args.paths],
            on_total=bar.start if bar else None,
            follow_links=args.follow_links,
        )
        for result in results:
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
    return 1 if failed else 0


SAY_AT_MOST = 100  # files not imported named on stderr; the JSON lines name every one


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
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {value!r}")
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
    from reader.core.repair import repair

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
    from reader.ui.app import run  # Qt is imported only for the window

    return run(root, files, open_id=args.open, screenshot=args.screenshot)


def _has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _no_display(root: Path, files: list[Path]) -> int:
    """Without a screen: import what was named, then say so in one line."""
    library = Library(root)
    try:
        results = list(library.import_paths(files))
        total = len(library)
    finally:
        library.close()
    failed = sum(r.status is Status.ERROR for r in results)
    done = f"imported {len(results) - failed} of {len(results)} files; " if results else ""
    print(
        f"{PROG}: no display found (DISPLAY and WAYLAND_DISPLAY are unset), so no window can "
        f"open; {done}the library in {root} holds {total} document{'' if total == 1 else 's'} "
        f"(try '{PROG} list', or run it in a desktop session).",
        file=sys.stderr,
    )
    return 0
