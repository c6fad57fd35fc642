"""Reading files and choosing their format (``reader.core.formats.detect``): what cannot be read
is refused with a reason, the format comes from the content, the suffix breaking ties."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from imported import added, refused
from shared_paths import ROOT, shared_path

from reader.core.formats.detect import parse
from reader.core.importing.pipeline import import_paths
from reader.core.library.store import Library
from reader.core.model import InputError, Status

Write = Callable[[str, str | bytes], Path]
Mirror = Callable[..., str]


# --- refused input ---------------------------------------------------------------------------


def test_random_bytes(library: Library, write_file: Write) -> None:
    result = refused(library, write_file("noise.md", os.urandom(4096)))
    assert result.error == "it is binary data, not a text or HTML file"


def test_empty_file(library: Library, write_file: Write) -> None:
    assert refused(library, write_file("empty.md", b"")).error == "the file is empty"
    assert refused(library, write_file("blank.md", "\n  \n")).error == "the file is empty"


def test_folder_named_as_a_file(library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "looks-like.md"
    folder.mkdir()
    assert refused(library, folder).error == "it is a folder, not a file"


def test_missing_file(library: Library, tmp_path: Path) -> None:
    assert refused(library, tmp_path / "gone.md").error == "no such file"
    # Named among others, a missing path is reported, not silently dropped.
    results = list(import_paths(library, [tmp_path / "gone.md"]))
    assert [(r.status, r.error) for r in results] == [(Status.ERROR, "no such file")]


def test_unreadable_file(library: Library, write_file: Write, mirror: Mirror) -> None:
    path = write_file("secret.md", mirror("Secret", "https://example.com/secret"))
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as root: chmod 0 does not stop reading (os.access says readable)")
        assert refused(library, path).error == "permission denied"
    finally:
        path.chmod(0o644)


def test_unreadable_file_simulated(
    library: Library, write_file: Write, mirror: Mirror, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same path as above, reachable as root: reading raises EACCES."""
    path = write_file("secret.md", mirror("Secret", "https://example.com/secret"))

    def refuse(self: Path) -> bytes:
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert refused(library, path).error == "permission denied"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX-only")
def test_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    """Reading a pipe with no writer would block for ever: in a subprocess, so a hang fails."""
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    code = (
        "import sys; from pathlib import Path; from reader.core.library.store import Library; "
        "from reader.core.importing.pipeline import import_file; "
        "r = import_file(Library(Path(sys.argv[1])), Path(sys.argv[2])); print(r.error)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "data"), str(fifo)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, "it is not a regular file\n"), done.stderr


def test_parse_raises_input_error_for_binary() -> None:
    with pytest.raises(InputError, match="binary"):
        parse(Path("x.md"), b"\x00\x01\x02\x03 not text")


# --- detection by content ------------------------------------------------------------------


def test_news_mirror_detected_whatever_the_extension(
    library: Library, write_file: Write, mirror: Mirror
) -> None:
    as_txt = added(library, write_file("news.txt", mirror("In txt", "https://example.com/1")))
    as_html = added(library, write_file("news.html", mirror("In html", "https://example.com/2")))
    for doc, title in ((as_txt, "In txt"), (as_html, "In html")):
        assert (doc.format, doc.title, doc.published) == ("news-mirror", title, 1602539203000)


def test_html_page_detected_in_a_md_file(library: Library, write_file: Write) -> None:
    page = "<html><head><title>Saved page</title></head><body><p>x</p></body></html>"
    doc = added(library, write_file("page.md", page))
    assert (doc.format, doc.title) == ("html", "Saved page")


@pytest.mark.parametrize(
    ("name", "text", "kind"),
    [
        ("note.txt", "Write to <jane@example.org>.\n", "text"),
        ("note.txt", "Tags like <b>this</b> are shown as written.\n", "text"),
        ("page.txt", "<!DOCTYPE html><html><body><p>A page</p></body></html>", "html"),
        ("page.txt", '<?xml version="1.0"?>\n<html><body><p>A page</p></body></html>', "html"),
        ("page.txt", "<!-- saved from url=(0019)https://x.org/ -->\n<html><p>x</p></html>", "html"),
        ("README", "Plain words and <https://example.org>.\n", "text"),
        ("README", "<p>Some <b>markup</b></p>", "html"),
        ("notes.log", "a < b and c > d\n", "text"),
        ("page.html", "<div><p>Fragment</p></div>", "html"),
        ("page.html", "Only words, no markup at all.\n", "text"),
        ("doc.md", "# Heading\n\n<div>raw html</div>\n", "markdown"),
        ("doc.markdown", "Just words.\n", "markdown"),
        ("doc.MD", "<html><head><title>T</title></head><body>x</body></html>", "html"),
    ],
)
def test_format_by_content_with_the_suffix_breaking_ties(name: str, text: str, kind: str) -> None:
    assert parse(Path(name), text.encode("utf-8")).format == kind


@pytest.mark.parametrize("name", ["a.md", "a.markdown", "a.txt", "a", "a.html"])
def test_news_mirror_files_are_still_mirror_files(name: str) -> None:
    text = "<!--1602539203000-->\n[Mirror](https://example.com/m)\n------\n\n<p>Body.</p>\n"
    parsed = parse(Path(name), text.encode("utf-8"))
    assert (parsed.format, parsed.title, parsed.published) == (
        "news-mirror",
        "Mirror",
        1602539203000,
    )


def test_news_corpus_files_are_all_mirror_files() -> None:
    news = shared_path("corpus", "news")
    files = [p for p in sorted(news.rglob("*.md")) if p.name != "README.md"]
    assert len(files) > 50
    kinds = {p.name: parse(p, p.read_bytes()).format for p in files}
    assert set(kinds.values()) == {"news-mirror"}, kinds


def test_markup_sniffing_ignores_addresses_in_angle_brackets() -> None:
    text = "From: Jane <jane@example.org>\nSee <https://example.org/a> and 1 <2> 3.\n"
    assert parse(Path("mail"), text.encode()).format == "text"


def test_a_long_prologue_before_text_is_read_as_text() -> None:
    # white space and comments, then no document: each is matched once (a regular expression
    # that could split the run many ways backtracked without end here)
    text = " " * 5000 + "<!-- note -->\n" * 500 + "plain words <jane@example.org>\n"
    assert parse(Path("notes.txt"), text.encode()).format == "text"
    assert parse(Path("notes.html"), (text + "<html><p>x</p></html>").encode()).format == "html"
