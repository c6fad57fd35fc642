"""The commands over the library and the state file: list, search, show, mark, note, archive,
unarchive, delete, restore, repair (fetch-images: images.py; import: importing.py)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from reader.cli.progress import RepairProgress
from reader.cli.usage import PROG, UsageError
from reader.core.display import printable
from reader.core.library.edits import set_flag
from reader.core.library.query import Query, Sort, select
from reader.core.library.search import parse_query
from reader.core.library.store import DB_NAME, Library, LibraryDamaged, LibraryError
from reader.core.links import external_url
from reader.core.model import iso_utc
from reader.core.page.render import link_only_html
from reader.core.paths import data_dir
from reader.core.userdata.state import State, StateError


def cmd_list(args: argparse.Namespace) -> int:
    root = data_dir(args.data_dir)
    query = Query(show=args.show, source=args.source, sort=Sort(args.sort))
    library, state = Library(root), open_state(root)
    try:
        ids = select(library, state, query, limit=args.limit)
        items = [list_item(library, state, i) for i in ids]
    finally:
        library.close()
    print_items(items, args.json)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    if not args.query.strip():
        raise UsageError("the search query is empty; give a word, some Chinese text or a phrase.")
    if not parse_query(args.query):
        raise UsageError(f"the search query {args.query!r} has no letters, digits or CJK text.")
    root = data_dir(args.data_dir)
    library, state = Library(root), open_state(root)
    try:
        ids = select(library, state, Query(text=args.query, show=args.show), limit=args.limit)
        items = [list_item(library, state, i) for i in ids]
    finally:
        library.close()
    print_items(items, args.json)
    return 0


def print_items(items: list[dict[str, object]], as_json: bool) -> None:
    if as_json:
        print(json.dumps(items, ensure_ascii=False, indent=1))
        return
    for item in items:
        mark = " " if item["read"] else "*"
        date = str(item["published"] or "")[:10].ljust(10)
        print(printable(f"{mark} {item['id']}  {date}  {item['source']}  {item['title']}"))


def list_item(library: Library, state: State, doc_id: str) -> dict[str, object]:
    row = library.row(doc_id)
    return {
        "id": row.id,
        "title": row.title,
        "url": external_url(row.url),
        "published": iso_utc(row.published),
        "source": row.source,
        "read": state.is_read(row.id),
        "archived": state.is_archived(row.id),
        "note": state.note(row.id),
    }


def cmd_show(args: argparse.Namespace) -> int:
    library = Library(data_dir(args.data_dir))
    try:
        doc = library.get(args.id)
    finally:
        library.close()
    if doc is None:
        raise unknown_ids(args.id)
    if args.text:
        print(doc.text or external_url(doc.url) or "")
    else:
        print(doc.html or link_only_html(doc))
    return 0


def cmd_mark(args: argparse.Namespace) -> int:
    root = data_dir(args.data_dir)
    _require(root, [args.id], "the change was not saved")
    if args.read is None and args.star is None:
        raise UsageError("say what to mark: --read, --unread, --star or --unstar.")
    state = open_state(root)
    if args.read is not None:
        state.set_read(args.id, args.read)
    if args.star is not None:
        state.set_starred(args.id, args.star)
    return _save(state, "the change")


def cmd_note(args: argparse.Namespace) -> int:
    root = data_dir(args.data_dir)
    _require(root, [args.id], "the note was not saved" if args.text is not None else "")
    state = open_state(root)
    if args.text is None:
        note = state.note(args.id)
        if note:
            print(note)
        return 0
    state.set_note(args.id, args.text)
    return _save(state, "the note")


def cmd_archive(args: argparse.Namespace) -> int:
    return _set_flag(args, "archived", True, "Archive")


def cmd_unarchive(args: argparse.Namespace) -> int:
    return _set_flag(args, "archived", False, "Unarchive")


def cmd_delete(args: argparse.Namespace) -> int:
    return _set_flag(args, "deleted", True, "Delete")


def cmd_restore(args: argparse.Namespace) -> int:
    return _set_flag(args, "deleted", False, "Restore")


def _set_flag(args: argparse.Namespace, flag: str, value: bool, label: str) -> int:
    """Set ``flag`` on every id named, or (one of them unknown) on none."""
    root = data_dir(args.data_dir)
    ids = list(dict.fromkeys(args.ids))
    _require(root, ids, "the change was not saved")
    state = open_state(root)
    set_flag(state, flag, ids, value, label)
    return _save(state, "the change")


def cmd_repair(args: argparse.Namespace) -> int:
    root = data_dir(args.data_dir)
    if not (root / DB_NAME).exists():
        raise LibraryError(f"There is no library in {root}.")
    if args.check:
        return _check(root)
    from reader.core.repair.rebuild import repair

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


def _save(state: State, what: str) -> int:
    """Save the state file; a failure is said (what was not saved, and why) with exit 1:
    this process ends now, so nothing will retry it."""
    try:
        state.save()
    except StateError as e:
        print(f"{PROG}: {what} was not saved: {e}", file=sys.stderr)
        return 1
    return 0


def open_state(root: Path) -> State:
    """The state file; a recovery (corrupt file, newer version) is said on stderr, not hidden."""
    state = State(root)
    if state.warning:
        print(f"{PROG}: {state.warning}", file=sys.stderr)
    return state


def _require(root: Path, ids: list[str], unsaved: str = "") -> None:
    """Every one of ``ids`` is in the library (else a UsageError naming those that are not,
    and nothing is done); ``unsaved``: what is lost when the library cannot even be opened
    (a full disk), said first."""
    try:
        library = Library(root)
    except LibraryError as e:
        if unsaved and not isinstance(e, LibraryDamaged):
            said = str(e)
            raise LibraryError(f"{unsaved}: {said[:1].lower()}{said[1:]}") from None
        raise
    try:
        unknown = [i for i in ids if i not in library]
    finally:
        library.close()
    if unknown:
        raise unknown_ids(*unknown, undone="nothing was changed" if len(ids) > 1 else "")


def unknown_ids(*ids: str, undone: str = "") -> UsageError:
    """The ids that name no article, as a usage error; ``undone``: what was not done to the
    other ids named ("nothing was changed")."""
    if len(ids) == 1:
        said = f"there is no document with id {printable(repr(ids[0]))}"
    else:
        named = ", ".join(printable(repr(i)) for i in ids[:5])
        more = f" and {len(ids) - 5:,} more" if len(ids) > 5 else ""
        said = f"there are no documents with ids {named}{more}"
    tail = f"; {undone}" if undone else ""
    return UsageError(f"{said} (see '{PROG} list'){tail}.")
