"""The library: adding, ordering, stored originals, stable ids, several connections."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from reader.core.identity import canonical_url, document_id
from reader.core.importing.pipeline import import_file, import_paths
from reader.core.library.store import Library, LibraryError
from reader.core.model import Document, Status
from reader.core.userdata.state import State

Write = Callable[[str, str | bytes], Path]
Mirror = Callable[..., str]


def _doc(doc_id: str, title: str, published: int | None) -> Document:
    return Document(
        id=doc_id,
        title=title,
        url=f"https://example.com/{doc_id}",
        published=published,
        source="example.com",
        html=f"<p>{title}</p>",
        text=title,
        format="news-mirror",
        content_hash="0" * 64,
    )


def test_add_get_and_ids_newest_first_unknown_dates_last(library: Library) -> None:
    docs = [
        _doc("a1", "Old", 1_000_000_000_000),
        _doc("b2", "Undated B", None),
        _doc("c3", "New", 1_700_000_000_000),
        _doc("d4", "Undated A", None),
        _doc("e5", "Middle", 1_500_000_000_000),
    ]
    for doc in docs:
        assert library.add(doc, doc.title.encode(), ".md") is Status.ADDED
    assert library.ids() == ["c3", "e5", "a1", "d4", "b2"]
    assert library.get("e5") == docs[4]
    assert library.get("nope") is None
    assert "c3" in library
    assert "nope" not in library
    assert len(library) == 5
    # A new connection sees the same order (it is not only the cache).
    other = Library(library.root)
    try:
        assert other.ids() == ["c3", "e5", "a1", "d4", "b2"]
    finally:
        other.close()


def test_adding_refreshes_the_cached_order(library: Library) -> None:
    library.add(_doc("a1", "Old", 1_000), b"x")
    assert library.ids() == ["a1"]
    library.add(_doc("b2", "New", 2_000), b"y")
    assert library.ids() == ["b2", "a1"]


def test_same_id_twice_is_unchanged_and_keeps_the_first(library: Library) -> None:
    assert library.add(_doc("a1", "First", 1), b"first") is Status.ADDED
    assert library.add(_doc("a1", "Second", 2), b"second") is Status.UNCHANGED
    assert library.row("a1").title == "First"
    assert library.original("a1") == ("a1", b"first")


def test_originals_of_a_schema_4_library_stay_readable(tmp_path: Path) -> None:
    root = tmp_path / "data"
    library = Library(root)
    library.add(_doc("a1", "Old", 1), b"packed now")
    library.close()
    legacy = root / "originals" / "a1" / "a1.md"  # where schema 4 kept it
    legacy.parent.mkdir(parents=True)
    legacy.write_bytes(b"from the old layout")
    db = sqlite3.connect(root / "library.sqlite3")
    with db:
        db.execute("DROP TABLE originals")
        db.execute("UPDATE documents SET original = 'originals/a1/a1.md'")
        db.execute("PRAGMA user_version=4")
    db.close()
    reopened = Library(root)
    try:
        assert reopened.original("a1") == ("a1.md", b"from the old layout")
        reopened.add(_doc("b2", "New", 2), b"new bytes", ".html")
        assert reopened.original("b2") == ("b2.html", b"new bytes")
    finally:
        reopened.close()


def test_a_byline_is_stored_and_a_schema_5_library_gains_the_column(tmp_path: Path) -> None:
    root = tmp_path / "data"
    library = Library(root)
    library.add(_doc("a1", "Old", 1), b"old")
    library.close()
    db = sqlite3.connect(root / "library.sqlite3")
    with db:
        db.execute("DROP INDEX IF EXISTS documents_list")
        db.execute("ALTER TABLE documents DROP COLUMN byline")  # as schema 5 made it
        db.execute("PRAGMA user_version=5")
    db.close()
    reopened = Library(root)
    try:
        old = reopened.get("a1")
        assert old is not None
        assert old.title == "Old"
        assert old.byline is None
        signed = replace(_doc("b2", "New", 2), byline="Jane Roe, Li Wei")
        reopened.add(signed, b"new")
        assert reopened.get("b2") == signed
    finally:
        reopened.close()


def test_original_bytes_are_kept_after_the_source_is_deleted(
    library: Library, write_file: Write, mirror: Mirror
) -> None:
    path = write_file("article.md", mirror("Kept", "https://example.com/kept"))
    data = path.read_bytes()
    result = import_file(library, path)
    assert result.status is Status.ADDED
    assert result.id is not None
    path.unlink()

    reopened = Library(library.root)
    try:
        assert reopened.original(result.id) == (f"{result.id}.md", data)
        doc = reopened.get(result.id)
        assert doc is not None
        assert doc.title == "Kept"
        assert doc.text == "Body text."
    finally:
        reopened.close()


def test_same_url_in_another_file_is_unchanged_and_state_is_kept(
    library: Library, write_file: Write, mirror: Mirror
) -> None:
    url = "https://example.com/story"
    first = import_file(library, write_file("a/1.md", mirror("First copy", url, "<p>one</p>")))
    assert first.status is Status.ADDED
    assert first.id is not None
    state = State(library.root)
    state.set_read(first.id)
    state.set_note(first.id, "keep me")
    state.save()

    second = import_file(library, write_file("b/2.md", mirror("Other copy", url, "<p>two</p>")))
    assert (second.status, second.id) == (Status.UNCHANGED, first.id)
    assert len(library) == 1
    doc = library.get(first.id)
    assert doc is not None
    assert (doc.title, doc.text) == ("First copy", "one")
    restarted = State(library.root)
    assert restarted.is_read(first.id)
    assert restarted.note(first.id) == "keep me"


@pytest.mark.parametrize(
    "variant",
    [
        "http://example.com/news/1.html",
        "https://EXAMPLE.com/news/1.html",
        "https://example.com:443/news/1.html",
        "https://example.com/news/1.html#comments",
        "https://example.com/news/1.html?utm_source=rss&utm_medium=feed",
        "http://Example.COM/news/1.html?utm_campaign=x#top",
    ],
)
def test_id_from_canonical_url(variant: str) -> None:
    base = document_id("https://example.com/news/1.html", b"one")
    assert document_id(variant, b"other content") == base
    assert canonical_url(variant) == "https://example.com/news/1.html"


def test_id_depends_on_path_and_real_query() -> None:
    base = document_id("https://example.com/news/1.html", b"")
    assert document_id("https://example.com/news/2.html", b"") != base
    assert document_id("https://example.com/news/1.html?id=2", b"") != base
    assert document_id("https://other.example/news/1.html", b"") != base


def test_percent_escapes_are_normalised() -> None:
    lower = "https://chinadigitaltimes.net/chinese/%e5%b0%8f"
    upper = "https://chinadigitaltimes.net/chinese/%E5%B0%8F"
    raw = "https://chinadigitaltimes.net/chinese/小"
    assert document_id(lower, b"") == document_id(upper, b"") == document_id(raw, b"")


def test_id_from_content_without_url() -> None:
    assert document_id(None, b"one") == document_id(None, b"one")
    assert document_id(None, b"one") != document_id(None, b"two")
    assert document_id("ftp://example.com/x", b"one") == document_id(None, b"one")
    assert len(document_id(None, b"one")) == 16


def test_url_variants_import_as_one_document(
    library: Library, write_file: Write, mirror: Mirror
) -> None:
    urls = [
        "http://example.com/a",
        "https://example.com/a#x",
        "https://example.com/a?utm_source=feed",
    ]
    results = [
        import_file(library, write_file(f"{i}.md", mirror(f"Copy {i}", url, f"<p>{i}</p>")))
        for i, url in enumerate(urls)
    ]
    assert [r.status for r in results] == [Status.ADDED, Status.UNCHANGED, Status.UNCHANGED]
    assert len({r.id for r in results}) == 1


def test_pages_without_url_are_identified_by_content(library: Library, write_file: Write) -> None:
    page = "<html><head><title>Local</title></head><body><p>same</p></body></html>"
    a = import_file(library, write_file("a.html", page))
    b = import_file(library, write_file("b.html", page))
    c = import_file(library, write_file("c.html", page.replace("same", "different")))
    assert (a.status, b.status, c.status) == (Status.ADDED, Status.UNCHANGED, Status.ADDED)
    assert a.id == b.id != c.id


def test_a_bad_file_does_not_stop_the_others(
    library: Library, write_file: Write, mirror: Mirror, tmp_path: Path
) -> None:
    write_file("1-good.md", mirror("Good one", "https://example.com/1"))
    write_file("2-bad.md", bytes(range(256)) * 4)
    write_file("3-good.html", "<html><head><title>Good two</title></head><body>x</body></html>")
    results = list(import_paths(library, [tmp_path / "src", tmp_path / "missing.md"]))
    outcome = [(Path(r.path).name, r.status, r.title) for r in results]
    assert outcome == [
        ("1-good.md", Status.ADDED, "Good one"),
        ("2-bad.md", Status.ERROR, None),
        ("3-good.html", Status.ADDED, "Good two"),
        ("missing.md", Status.ERROR, None),
    ]
    assert len(library) == 2


def test_folder_import_skips_hidden_project_and_other_files(
    library: Library, write_file: Write, mirror: Mirror, tmp_path: Path
) -> None:
    write_file("a.md", mirror("Article", "https://example.com/a"))
    write_file("deep/er/b.txt", mirror("Nested", "https://example.com/b"))
    write_file(".hidden.md", mirror("Hidden", "https://example.com/h"))
    write_file(".git/c.md", mirror("In git", "https://example.com/g"))
    write_file("README.md", mirror("Readme", "https://example.com/r"))
    write_file("LICENSE", "MIT License")
    write_file("photo.jpg", b"\xff\xd8\xff")
    results = list(import_paths(library, [tmp_path / "src"]))
    assert sorted(Path(r.path).name for r in results) == ["a.md", "b.txt"]
    # Named on its own, a README is imported like any file.
    (readme,) = import_paths(library, [tmp_path / "src" / "README.md"])
    assert (readme.status, readme.title) == (Status.ADDED, "Readme")


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    Library(tmp_path).close()
    with sqlite3.connect(tmp_path / "library.sqlite3") as db:
        db.execute("PRAGMA user_version=99")
    db.close()
    with pytest.raises(LibraryError, match="newer"):
        Library(tmp_path)


def test_unopenable_data_dir_is_a_library_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(LibraryError, match="cannot be opened"):
        Library(blocker / "data")
