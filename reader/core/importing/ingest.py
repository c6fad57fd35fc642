"""One file in, one sanitized document out: read, parse, clean, sanitize, index text.

Pure and picklable (no library, no Qt), so bulk imports can run it in worker processes.
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from lxml.html import HtmlElement

from reader.core.cleaning.furniture import Furniture, remove_furniture
from reader.core.cleaning.sanitize import sanitize_with_text
from reader.core.formats.detect import parse, read_file
from reader.core.identity import content_hash, document_id, source_name
from reader.core.model import Document, ImportResult, Status

# What a folder import looks at; a file named on the command line is always tried.
CANDIDATE_SUFFIXES = frozenset(
    {".md", ".markdown", ".txt", ".html", ".htm", ".xhtml", ".shtml", ""}
)
# A mirror's own files, not articles (skipped inside folders, imported when named).
_PROJECT_FILES = ("readme", "license", "licence", "copying", "changelog", "contributing", "notice")


def ingest(path: Path) -> tuple[Document, bytes]:
    """Read and convert one file; raises ``InputError`` with a one-sentence reason."""
    data = read_file(path)
    return ingest_bytes(path, data), data


def ingest_bytes(path: Path, data: bytes) -> Document:
    """Convert a file's bytes (read already, or kept by the library: ``repair``); ``path``
    is the name they are parsed as: its parent folder names the source of an article without
    a URL, and its stem the title of a page without one. Raises ``InputError``."""
    return ingest_with_furniture(path, data)[0]


def ingest_with_furniture(path: Path, data: bytes) -> tuple[Document, Furniture]:
    """``ingest_bytes`` and the page furniture taken out of the article, by rule."""
    parsed = parse(path, data)
    found: list[Furniture] = []

    def furniture(root: HtmlElement) -> None:
        found.append(remove_furniture(root, published=parsed.published, url=parsed.url))

    html, text = sanitize_with_text(
        parsed.body_html,
        parsed.url,
        page=parsed.format == "html",
        furniture=furniture if parsed.format == "news-mirror" else None,  # saved pages: issue 8.3
    )
    if not text and "href=" not in html:
        html = ""  # nothing to show (an empty body): the viewer shows a link-only page
    doc = Document(
        id=document_id(parsed.url, data),
        title=parsed.title,
        url=parsed.url,
        published=parsed.published,
        source=source_name(parsed.url, parsed.folder),
        html=html,
        text=text,
        format=parsed.format,
        content_hash=content_hash(data),
        byline=parsed.byline or (found[0].header_byline if found else None),
    )
    return doc, found[0] if found else Furniture()


def expand(
    paths: Iterable[Path], *, follow_links: bool = False, passed_over: Counter[str] | None = None
) -> Iterator[Path | ImportResult]:
    """Files named, and candidate files inside folders named (recursive, hidden ones skipped),
    in name order; what a folder holds that is not imported is said as a result on the way
    (``Status.SKIPPED``: a link, a pipe or device; ``Status.ERROR``: a folder that cannot be
    read).

    Each real folder is walked once (by device and inode: a link to a folder already walked,
    or to one of its parents, cannot loop), and links are not followed out of the folder
    named unless ``follow_links``. A path named that does not exist is yielded as it is, so
    that its import reports the error; a file named is always tried.

    ``passed_over`` counts what a folder holds that is not even tried, by why (``hidden``, a
    suffix such as ``.jpg``, ``README or LICENSE``), so that a summary can say so.
    """
    seen: set[tuple[int, int]] = set()
    counts: Counter[str] = Counter() if passed_over is None else passed_over
    for path in paths:
        if path.is_dir():
            yield from _walk(path, seen, follow_links, counts)
        else:
            yield path


def _walk(
    top: Path, seen: set[tuple[int, int]], follow_links: bool, passed_over: Counter[str]
) -> Iterator[Path | ImportResult]:
    """Depth first, entries in name order; an explicit stack (no recursion limit). A file
    reached twice (through a link, or a second hard link) is read once."""
    tree = os.path.realpath(top)
    files: set[tuple[int, int]] = set()  # (device, inode) of each file taken
    stack = [_listing(top, seen)]
    while stack:
        device, entries = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        if isinstance(entry, ImportResult):
            yield entry
            continue
        if entry.name.startswith("."):
            passed_over["hidden"] += 1
            continue
        path = Path(entry.path)
        try:
            if entry.is_symlink():
                found = _through_link(path, tree, seen, follow_links)
                if isinstance(found, ImportResult):
                    yield found
                elif found == "folder":
                    stack.append(_listing(path, seen))
                elif _is_candidate(path, passed_over):
                    target = path.stat()
                    yield _once(path, (target.st_dev, target.st_ino), files)
            elif entry.is_dir(follow_symlinks=False):
                stack.append(_listing(path, seen))
            elif entry.is_file(follow_symlinks=False):
                if _is_candidate(path, passed_over):
                    yield _once(path, (device, entry.inode()), files)
            else:
                kind = _special_kind(entry.stat(follow_symlinks=False).st_mode)
                yield _skipped(path, f"it is {kind}, not a regular file")
        except OSError as e:
            yield _skipped(path, f"it cannot be looked at ({e.strerror or e})")


def _once(path: Path, key: tuple[int, int], files: set[tuple[int, int]]) -> Path | ImportResult:
    if key in files:
        return _skipped(path, "it is a file already imported under another name (a link)")
    files.add(key)
    return path


_Entries = Iterator[os.DirEntry[str] | ImportResult]


def _listing(folder: Path, seen: set[tuple[int, int]]) -> tuple[int, _Entries]:
    """A folder's device and entries in name order; no entries when this real folder was
    walked already, an error result when it cannot be read."""
    try:
        info = folder.stat()
        key = (info.st_dev, info.st_ino)
        if key in seen:
            return info.st_dev, iter(())
        seen.add(key)
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as e:
        error = f"the folder cannot be read ({e.strerror or e})"
        return 0, iter([ImportResult(str(folder), Status.ERROR, error=error)])
    return info.st_dev, iter(entries)


def _through_link(
    link: Path, tree: str, seen: set[tuple[int, int]], follow_links: bool
) -> str | ImportResult:
    """Where a link inside the walk leads: "folder" or "file" to take in, else why not."""
    target = os.path.realpath(link)
    try:
        info = os.stat(target)
    except OSError:
        return _skipped(link, "it is a link to nothing (its target is missing)")
    inside = target == tree or target.startswith(tree.rstrip(os.sep) + os.sep)
    if stat.S_ISDIR(info.st_mode):
        if (info.st_dev, info.st_ino) in seen:
            return _skipped(link, "it is a link to a folder already imported (or one it is in)")
        if inside:
            return _skipped(link, "it is a link to a folder inside the import (read there)")
    elif not stat.S_ISREG(info.st_mode):
        return _skipped(link, f"it is a link to {_special_kind(info.st_mode)}")
    elif inside:
        return _skipped(link, "it is a link to a file inside the import (read there)")
    if not follow_links:
        return _skipped(
            link, f"it is a link out of the folder imported, to {target} (not followed)"
        )
    return "folder" if stat.S_ISDIR(info.st_mode) else "file"


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file or folder"


def _skipped(path: Path, why: str) -> ImportResult:
    return ImportResult(str(path), Status.SKIPPED, error=why)


def _is_candidate(path: Path, passed_over: Counter[str]) -> bool:
    suffix = path.suffix.lower()
    if suffix not in CANDIDATE_SUFFIXES:
        passed_over[suffix] += 1
        return False
    if path.stem.lower().startswith(_PROJECT_FILES):
        passed_over["README or LICENSE"] += 1
        return False
    return True
