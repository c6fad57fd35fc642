"""The news-mirror format (``reader.core.formats.mirror``): the header read whatever it lacks,
titles as written in it, the body's links against the article's URL."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from imported import added

from reader.core.library.store import Library

Write = Callable[[str, str | bytes], Path]
Mirror = Callable[..., str]


def test_utf8_bom(library: Library, write_file: Write, mirror: Mirror) -> None:
    path = write_file(
        "bom.md", b"\xef\xbb\xbf" + mirror("有BOM", "https://example.com/bom").encode()
    )
    doc = added(library, path)
    assert (doc.title, doc.url, doc.published) == (
        "有BOM",
        "https://example.com/bom",
        1602539203000,
    )
    assert doc.format == "news-mirror"


def test_crlf_line_endings(library: Library, write_file: Write, mirror: Mirror) -> None:
    text = mirror("CRLF title", "https://example.com/crlf", "<p>one</p>\n<p>two</p>")
    path = write_file("crlf.md", text.replace("\n", "\r\n").encode())
    doc = added(library, path)
    assert (doc.title, doc.url, doc.published) == (
        "CRLF title",
        "https://example.com/crlf",
        1602539203000,
    )
    assert "\r" not in doc.title + (doc.url or "") + doc.html
    assert doc.text == "one\n\ntwo"


def test_missing_timestamp_line(library: Library, write_file: Write, mirror: Mirror) -> None:
    path = write_file("nodate.md", mirror("No date", "https://example.com/nd", published=None))
    doc = added(library, path)
    assert (doc.title, doc.url, doc.published) == ("No date", "https://example.com/nd", None)
    assert doc.format == "news-mirror"
    assert doc.text == "Body text."


def test_non_numeric_timestamp(library: Library, write_file: Write, mirror: Mirror) -> None:
    path = write_file("nan.md", mirror("NaN date", "https://example.com/nan", published="NaN"))
    doc = added(library, path)
    assert (doc.title, doc.url, doc.published) == ("NaN date", "https://example.com/nan", None)
    assert doc.text == "Body text."


def test_timestamp_in_seconds_is_read_as_seconds(
    library: Library, write_file: Write, mirror: Mirror
) -> None:
    path = write_file("secs.md", mirror("Seconds", "https://example.com/s", published="1709478901"))
    assert added(library, path).published == 1709478901000


def test_empty_body_is_a_link_only_document(
    library: Library, write_file: Write, mirror: Mirror
) -> None:
    path = write_file("empty-body.md", mirror("Only a link", "https://example.com/only", body=""))
    doc = added(library, path)
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
    doc = added(library, path)
    assert (doc.text, doc.html, doc.url) == ("", "", "https://example.com/so")


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
    doc = added(library, path)
    assert doc.title == title
    assert doc.url == "https://example.com/t?q=(1)"


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
    doc = added(library, write_file("links.md", mirror("Links", url, body)))
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
    doc = added(library, write_file("bad.md", mirror("Bad", "https://example.com/bad", body)))
    assert "bad link" in doc.text
    assert "href=" not in doc.html
