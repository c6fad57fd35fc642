"""Reading awkward files: encodings, line endings, missing header parts, bad input."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from shared_paths import ROOT

from reader.core.formats.detect import parse
from reader.core.importing.pipeline import import_file, import_paths
from reader.core.library.store import Library
from reader.core.model import Document, ImportResult, InputError, Status

Write = Callable[[str, str | bytes], Path]
Mirror = Callable[..., str]

# Long enough for charset detection to be sure it is Chinese (a few hundred GBK bytes).
ZH = (
    "澳英美正探讨日本参与奥库斯协议，共同开发先进防务能力。美国官员向记者表示，"  # noqa: RUF001
    "美国已开始与英国和澳大利亚讨论日本加入的可能性。"
) * 4


def _added(library: Library, path: Path) -> Document:
    result = import_file(library, path)
    assert result.status is Status.ADDED, result.error
    assert result.id is not None
    doc = library.get(result.id)
    assert doc is not None
    return doc


def _refused(library: Library, path: Path) -> ImportResult:
    result = import_file(library, path)
    assert result.status is Status.ERROR
    assert result.id is None
    assert result.error, "an error needs a reason"
    assert "\n" not in result.error
    assert len(library) == 0
    stored = library._db.execute("SELECT count(*) FROM originals").fetchone()[0]
    assert stored == 0, "a refused file left its bytes in the library"
    return result


# --- header tolerance -------------------------------------------------------------------------


def test_utf8_bom(library: Library, write_file: Write, mirror: Mirror) -> None:
    path = write_file(
        "bom.md", b"\xef\xbb\xbf" + mirror("有BOM", "https://example.com/bom").encode()
    )
    doc = _added(library, path)
    assert (doc.title, doc.url, doc.published) == (
        "有BOM",
        "https://example.com/bom",
        1602539203000,
    )
    assert doc.format == "news-mirror"


def test_crlf_line_endings(library: Library, write_file: Write, mirror: Mirror) -> None:
    text = mirror("CRLF title", "https://example.com/crlf", "<p>one</p>\n<p>two</p>")
    path = write_file("crlf.md", text.replace("\n", "\r\n").encode())
    doc = _added(library, path)
    assert (doc.title, doc.url, doc.published) == (
        "CRLF title",
        "https://example.com/crlf",
        1602539203000,
    )
    assert "\r" not in doc.title + (doc.url or "") + doc.html
    assert doc.text == "one\n\ntwo"


def test_missing_timestamp_line(library: Library, write_file: Write, mirror: Mirror) -> None:
    path = write_file("nodate.md", mirror("No date", "https://example.com/nd", published=None))
    doc = _added(library, path)
    assert (doc.title, doc.url, doc.published) == ("No date", "https://example.com/nd", None)
    assert doc.format == "news-mirror"
    assert doc.text == "Body text."


def test_non_numeric_timestamp(library: Library, write_file: Write, mirror: Mirror) -> None:
    path = write_file("nan.md", mirror("NaN date", "https://example.com/nan", published="NaN"))
    doc = _added(library, path)
    assert (doc.title, doc.url, doc.published) == ("NaN date", "https://example.com/nan", None)
    assert doc.text == "Body text."


def test_timestamp_in_seconds_is_read_as_seconds(
    library: Library, write_file: Write, mirror: Mirror
) -> None:
    path = write_file("secs.md", mirror("Seconds", "https://example.com/s", published="1709478901"))
    assert _added(library, path).published == 1709478901000


def test_empty_body_is_a_link_only_document(
    library: Library, write_file: Write, mirror: Mirror
) -> None:
    path = write_file("empty-body.md", mirror("Only a link", "https://example.com/only", body=""))
    doc = _added(library, path)
    assert doc.text == ""
    assert doc.url == "https://example.com/only"
    assert doc.title == "Only a link"
    # Empty HTML is what makes the reading page say "only its link" (render._link_only).
    assert doc.html == ""


def test_body_of_only_removed_content_is_link_only(
    library: Library, write_file: Write, mirror: Mirror
) -> None:
    body = "<script>alert(1)</script><p> </p>"
    path = write_file("script-only.md", mirror("Script only", "https://example.com/so", body=body))
    doc = _added(library, path)
    assert (doc.text, doc.html, doc.url) == ("", "", "https://example.com/so")


# --- no header: an HTML page ---------------------------------------------------------------


def test_page_title_from_title_element(library: Library, write_file: Write) -> None:
    page = (
        "<!DOCTYPE html><html><head><title> Page  title </title></head>"
        "<body><h1>Heading</h1><p>Text</p></body></html>"
    )
    doc = _added(library, write_file("page.html", page))
    assert doc.title == "Page title"
    assert doc.format == "html"
    assert doc.url is None
    assert "Text" in doc.text


def test_page_title_from_first_h1(library: Library, write_file: Write) -> None:
    page = "<html><body><p>Lead</p><h1>First <b>heading</b></h1><h1>Second</h1></body></html>"
    assert _added(library, write_file("h1.html", page)).title == "First heading"


def test_page_title_from_file_name(library: Library, write_file: Write) -> None:
    assert _added(library, write_file("123_标题.md", "<div><p>正文</p></div>")).title == "标题"
    assert _added(library, write_file("plain name.html", "<p>Other</p>")).title == "plain name"


def test_page_with_canonical_url_and_date(library: Library, write_file: Write) -> None:
    page = (
        '<html><head><title>T</title><link rel="canonical" href="https://example.org/a">'
        '<meta property="article:published_time" content="2024-03-03T15:15:01Z"></head>'
        "<body><p>x</p></body></html>"
    )
    doc = _added(library, write_file("canon.html", page))
    assert (doc.url, doc.published) == ("https://example.org/a", 1709478901000)


# --- titles --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "title"),
    [
        ("A ] in it", "A ] in it"),
        ("Paren (x) and ( and )", "Paren (x) and ( and )"),
        ("Link-like [a](b) inside", "Link-like [a](b) inside"),
        (r"Escaped \] bracket", "Escaped ] bracket"),
        (r"Escaped \[ and \* and \\ too", r"Escaped [ and * and \ too"),
        (r"中国品牌\“囚爱\“男性", "中国品牌“囚爱“男性"),  # the feed's escape (issue 8)
    ],
)
def test_title_characters(
    library: Library, write_file: Write, mirror: Mirror, written: str, title: str
) -> None:
    path = write_file("t.md", mirror(written, "https://example.com/t?q=(1)"))
    doc = _added(library, path)
    assert doc.title == title
    assert doc.url == "https://example.com/t?q=(1)"


# --- encodings ------------------------------------------------------------------------------


def test_gbk_page_with_meta_charset(library: Library, write_file: Write) -> None:
    page = (
        '<html><head><meta charset="gb2312"><title>国际新闻</title></head>'
        f"<body><p>{ZH}</p></body></html>"
    )
    doc = _added(library, write_file("gbk-meta.html", page.encode("gbk")))
    assert doc.title == "国际新闻"
    assert doc.text == ZH


def test_gbk_page_without_meta_charset(library: Library, write_file: Write) -> None:
    page = f"<html><head><title>国际新闻</title></head><body><p>{ZH}</p></body></html>"
    doc = _added(library, write_file("gbk.html", page.encode("gbk")))
    assert doc.title == "国际新闻"
    assert doc.text == ZH


def test_gbk_news_mirror_file(library: Library, write_file: Write, mirror: Mirror) -> None:
    text = mirror("澳英美正探讨日本参与奥库斯协议", "https://example.com/gbk", f"<p>{ZH}</p>")
    doc = _added(library, write_file("gbk.md", text.encode("gbk")))
    assert doc.title == "澳英美正探讨日本参与奥库斯协议"
    assert doc.text == ZH


def test_utf16_with_bom(library: Library, write_file: Write, mirror: Mirror) -> None:
    text = mirror("UTF-16 标题", "https://example.com/u16")
    doc = _added(library, write_file("u16.md", text.encode("utf-16")))
    assert (doc.title, doc.text) == ("UTF-16 标题", "Body text.")


# --- refused input ---------------------------------------------------------------------------


def test_random_bytes(library: Library, write_file: Write) -> None:
    result = _refused(library, write_file("noise.md", os.urandom(4096)))
    assert result.error == "it is binary data, not a text or HTML file"


def test_empty_file(library: Library, write_file: Write) -> None:
    assert _refused(library, write_file("empty.md", b"")).error == "the file is empty"
    assert _refused(library, write_file("blank.md", "\n  \n")).error == "the file is empty"


def test_folder_named_as_a_file(library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "looks-like.md"
    folder.mkdir()
    assert _refused(library, folder).error == "it is a folder, not a file"


def test_missing_file(library: Library, tmp_path: Path) -> None:
    assert _refused(library, tmp_path / "gone.md").error == "no such file"
    # Named among others, a missing path is reported, not silently dropped.
    results = list(import_paths(library, [tmp_path / "gone.md"]))
    assert [(r.status, r.error) for r in results] == [(Status.ERROR, "no such file")]


def test_unreadable_file(library: Library, write_file: Write, mirror: Mirror) -> None:
    path = write_file("secret.md", mirror("Secret", "https://example.com/secret"))
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as root: chmod 0 does not stop reading (os.access says readable)")
        assert _refused(library, path).error == "permission denied"
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
    assert _refused(library, path).error == "permission denied"


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
    as_txt = _added(library, write_file("news.txt", mirror("In txt", "https://example.com/1")))
    as_html = _added(library, write_file("news.html", mirror("In html", "https://example.com/2")))
    for doc, title in ((as_txt, "In txt"), (as_html, "In html")):
        assert (doc.format, doc.title, doc.published) == ("news-mirror", title, 1602539203000)


def test_html_page_detected_in_a_md_file(library: Library, write_file: Write) -> None:
    page = "<html><head><title>Saved page</title></head><body><p>x</p></body></html>"
    doc = _added(library, write_file("page.md", page))
    assert (doc.format, doc.title) == ("html", "Saved page")


# --- links -----------------------------------------------------------------------------------


def test_links_resolve_against_the_article_url_and_base_is_ignored(
    library: Library, write_file: Write, mirror: Mirror
) -> None:
    body = (
        '<base href="https://evil.example/"><p>'
        '<a href="/zhongwen/simp/a">root</a> <a href="sub/b.html">rel</a> '
        '<a href="//cdn.example.net/c">scheme-rel</a> <a href="#part">anchor</a> '
        '<a href="mailto:desk@example.com">mail</a> <a href="https://other.example/d">abs</a>'
        '</p><img src="/img/e.jpg" alt="pic">'
    )
    url = "https://www.example.com/news/2024/page.html?id=1"
    doc = _added(library, write_file("links.md", mirror("Links", url, body)))
    for href in (
        "https://www.example.com/zhongwen/simp/a",
        "https://www.example.com/news/2024/sub/b.html",
        "https://cdn.example.net/c",
        "#part",
        "mailto:desk@example.com",
        "https://other.example/d",
        "https://www.example.com/img/e.jpg",
    ):
        assert f'href="{href}"' in doc.html
    assert "evil.example" not in doc.html
    assert "<base" not in doc.html


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "file:///etc/passwd",
        "data:text/html,<b>x</b>",
        "ftp://example.com/f",
        "vbscript:msgbox(1)",
        "reader:open",
    ],
)
def test_other_link_schemes_are_removed(
    library: Library, write_file: Write, mirror: Mirror, href: str
) -> None:
    body = f'<p><a href="{href}">bad link</a> and text</p>'
    doc = _added(library, write_file("bad.md", mirror("Bad", "https://example.com/bad", body)))
    assert "bad link" in doc.text
    assert "href=" not in doc.html


def test_relative_links_without_article_url_are_removed(
    library: Library, write_file: Write
) -> None:
    page = (
        '<html><body><p><a href="/local/x.html">local</a> <a href="#top">top</a></p></body></html>'
    )
    doc = _added(library, write_file("nourl.html", page))
    assert 'href="#top"' in doc.html
    assert "/local/x.html" not in doc.html
    assert "local" in doc.text


def test_titles_of_web_pages_lose_control_characters(tmp_path: Path):
    """An escape sequence or a bell in a <title> must not reach a terminal or the window."""
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>A\x1b[31mRED\x07 \x9b2J done</title></head>"
        f"<body><p>{'Text of the page. ' * 40}</p></body></html>",
        encoding="utf-8",
    )
    parsed = parse(page, page.read_bytes())
    assert parsed.title == "A [31mRED \u203a2J done"  # C1 U+009B read as windows-1252 0x9B
