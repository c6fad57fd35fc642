"""How big one article may be (issue 7, item 9): past a limit the import names the file and
the limit, quickly; within the limits nothing is refused (see reader/core/limits.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from shared_paths import shared_path

from reader.core.formats.detect import read_file
from reader.core.formats.html5 import MAX_DEPTH, parse_body
from reader.core.importing.ingest import ingest
from reader.core.importing.pipeline import import_file
from reader.core.library.store import Library
from reader.core.limits import MAX_ELEMENTS, MAX_FILE_BYTES
from reader.core.model import InputError, Status

HEAD = "<!--1700000000000-->\n[A long one](https://example.com/long)\n------\n\n"


def _mirror(path: Path, body: str) -> Path:
    path.write_text(HEAD + body + "\n", encoding="utf-8")
    return path


def _refusal(path: Path) -> str:
    library = Library(path.parent / "data")
    try:
        result = import_file(library, path)
    finally:
        library.close()
    assert result.status is Status.ERROR
    assert result.path == str(path)
    return str(result.error)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path):
    path = tmp_path / "huge.md"
    with open(path, "wb") as f:
        f.write(HEAD.encode())
        f.truncate(MAX_FILE_BYTES + 1)
    assert _refusal(path) == "it is too large (over 32 MB; the limit for one article is 32 MB)"
    with open(path, "r+b") as f:
        f.truncate(50 * 2**20)
    assert _refusal(path) == "it is too large (50 MB; the limit for one article is 32 MB)"


def test_fifty_megabytes_of_short_paragraphs_is_refused_without_parsing(tmp_path: Path):
    """The issue's case: 27 s and 3.4 GB to import before. Refused by the element count
    (the file is under the size limit at 30 MB)."""
    path = _mirror(tmp_path / "many.md", "<p>Short.</p>" * (30_000_000 // 13))
    error = _refusal(path)
    assert error.startswith("it has too many HTML elements (about 2,307,692;")
    assert error.endswith(f"the limit for one article is {MAX_ELEMENTS:,})")


def test_too_many_elements_after_parsing_is_refused(tmp_path: Path):
    path = _mirror(tmp_path / "many.md", "<p>x</p>" * (MAX_ELEMENTS + 10))
    error = _refusal(path)
    assert error.startswith("it has too many HTML elements (100,01")  # counted exactly
    assert "limit for one article is 100,000" in error


def test_an_article_at_the_element_limit_imports_whole(tmp_path: Path):
    count = MAX_ELEMENTS - 100
    path = _mirror(tmp_path / "long.md", "".join(f"<p>Paragraph {i}.</p>" for i in range(count)))
    doc, _ = ingest(path)
    assert doc.text.count("Paragraph") == count
    assert f"Paragraph {count - 1}." in doc.text


@pytest.mark.parametrize("depth", [MAX_DEPTH - 10, MAX_DEPTH + 5, 300, 2000])
def test_nesting_at_any_depth_keeps_every_word_in_order(tmp_path: Path, depth: int):
    """lxml's parser silently dropped what was nested past ~255 levels (and a depth limit
    refused it): now every word is kept, nesting past html5.MAX_DEPTH flattened."""
    body = (
        "<div>" * depth
        + "<p>deep text</p>"
        + "<ul><li>" * depth
        + "deep item"
        + "</li></ul>" * depth
        + "</div>" * depth
        + "<p>after</p>"
    )
    doc, _ = ingest(_mirror(tmp_path / "deep.md", body))
    assert doc.text.split() == ["deep", "text", "deep", "item", "after"]
    root = parse_body(doc.html)
    assert max(sum(1 for _ in el.iterancestors()) for el in root.iter()) <= MAX_DEPTH + 1


@pytest.mark.slow
def test_the_real_corpus_is_within_every_limit():
    """The limits are chosen from it (limits.py): every page and article still imports."""
    corpus = shared_path("corpus")
    files = [p for p in corpus.rglob("*") if p.name == "source.html" or p.suffix == ".md"]
    files = [p for p in files if p.name != "README.md"]
    assert len(files) > 150
    refused = []
    for path in files:
        try:
            ingest(path)
        except InputError as e:
            if "limit" in str(e):
                refused.append((path, str(e)))
    assert refused == []


def test_read_file_refuses_by_size_without_reading(tmp_path: Path, monkeypatch):
    path = tmp_path / "big.md"
    with open(path, "wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read"))
    with pytest.raises(InputError, match="too large"):
        read_file(path)
