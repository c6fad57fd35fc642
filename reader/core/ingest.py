"""One file in, one sanitized document out: read, parse, clean, sanitize, index text.

Pure and picklable (no library, no Qt), so bulk imports can run it in worker processes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from reader.core.formats import parse, read_file
from reader.core.identity import content_hash, document_id, source_name
from reader.core.model import Document
from reader.core.sanitize import sanitize_with_text

# What a folder import looks at; a file named on the command line is always tried.
CANDIDATE_SUFFIXES = frozenset(
    {".md", ".markdown", ".txt", ".html", ".htm", ".xhtml", ".shtml", ""}
)
# A mirror's own files, not articles (skipped inside folders, imported when named).
_PROJECT_FILES = ("readme", "license", "licence", "copying", "changelog", "contributing", "notice")


def ingest(path: Path) -> tuple[Document, bytes]:
    """Read and convert one file; raises ``InputError`` with a one-sentence reason."""
    data = read_file(path)
    parsed = parse(path, data)
    html, text = sanitize_with_text(parsed.body_html, parsed.url, page=parsed.format == "html")
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
    )
    return doc, data


def expand(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named, and candidate files inside folders named (recursive, hidden ones skipped).

    A path that does not exist is yielded as it is, so that its import reports the error.
    """
    for path in paths:
        if path.is_dir():
            yield from _walk(path)
        else:
            yield path


def _walk(folder: Path) -> Iterator[Path]:
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError:
        yield folder  # reported as unreadable by the import
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry)
        elif _is_candidate(entry):
            yield entry


def _is_candidate(path: Path) -> bool:
    if path.suffix.lower() not in CANDIDATE_SUFFIXES or not path.is_file():
        return False
    return not path.stem.lower().startswith(_PROJECT_FILES)
