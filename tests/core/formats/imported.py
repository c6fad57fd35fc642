"""A file imported in a test: into a library (the document added, or the import refused), or
alone from its name and text (``ingest``); and what the document's HTML holds."""

from __future__ import annotations

from pathlib import Path

import lxml.html

from reader.core.importing.ingest import ingest_bytes
from reader.core.importing.pipeline import import_file
from reader.core.library.store import Library
from reader.core.model import Document, ImportResult, Status


def added(library: Library, path: Path) -> Document:
    result = import_file(library, path)
    assert result.status is Status.ADDED, result.error
    assert result.id is not None
    doc = library.get(result.id)
    assert doc is not None
    return doc


def refused(library: Library, path: Path) -> ImportResult:
    result = import_file(library, path)
    assert result.status is Status.ERROR
    assert result.id is None
    assert result.error, "an error needs a reason"
    assert "\n" not in result.error
    assert len(library) == 0
    stored = library._db.execute("SELECT count(*) FROM originals").fetchone()[0]
    assert stored == 0, "a refused file left its bytes in the library"
    return result


def ingest(name: str, text: str) -> Document:
    return ingest_bytes(Path("notes") / name, text.encode("utf-8"))


def hrefs(doc: Document) -> list[str]:
    if not doc.html:
        return []
    return [a.get("href") for a in lxml.html.fragment_fromstring(doc.html, "div").iter("a")]


def tags(doc: Document) -> list[str]:
    return [el.tag for el in lxml.html.fragment_fromstring(doc.html, "div").iter()]
