"""Markdown and plain-text files: detected by content and suffix, shown with their structure,
every character of text kept and escaped, links only where they may leave the app."""

# ruff: noqa: RUF001 (full-width CJK punctuation is what these tests are about)

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shared_paths import examples, shared_path
from xss_property import violations

from reader.core.formats.detect import parse
from reader.core.formats.linkify import find_links
from reader.core.importing.ingest import ingest_bytes
from reader.core.links import external_url
from reader.core.model import Document, InputError


def ingest(name: str, text: str) -> Document:
    return ingest_bytes(Path("notes") / name, text.encode("utf-8"))


def hrefs(doc: Document) -> list[str]:
    if not doc.html:
        return []
    return [a.get("href") for a in lxml.html.fragment_fromstring(doc.html, "div").iter("a")]


def tags(doc: Document) -> list[str]:
    return [el.tag for el in lxml.html.fragment_fromstring(doc.html, "div").iter()]


# --- Markdown --------------------------------------------------------------------------------

ARTICLE_MD = """\
# Reading *Markdown* offline

An opening paragraph with **bold**, _emphasis_, `inline code` and
[a link](https://example.org/guide "Guide").

## Lists

- first item
- second item with https://example.org/bare

1. one
2. two

### Code

```python
print("<not a tag>")
```

> A quoted line.

| Name | Value |
|------|-------|
| a    | ~~1~~ |
"""


def test_a_markdown_file_opens_with_its_structure_and_title() -> None:
    doc = ingest("guide.md", ARTICLE_MD)
    assert doc.format == "markdown"
    assert doc.title == "Reading Markdown offline"
    found = tags(doc)
    wanted = {"h2", "h3", "ul", "ol", "li", "strong", "em", "code", "pre", "blockquote"}
    assert wanted | {"table", "th", "td", "s"} <= set(found)
    assert "h1" not in found  # the first heading is the page's title, shown once above it
    assert hrefs(doc) == ["https://example.org/guide", "https://example.org/bare"]
    assert '<pre><code>print("&lt;not a tag&gt;")' in doc.html
    words = [
        "An opening paragraph with bold, emphasis, inline code and a link.",
        "Lists",
        "first item",
        "second item with https://example.org/bare",
        "one",
        "Code",
        'print("<not a tag>")',
        "A quoted line.",
        "Value",
    ]
    positions = [doc.text.index(w) for w in words]
    assert positions == sorted(positions)
    assert "**" not in doc.text
    assert "```" not in doc.text
    assert "](" not in doc.text


def test_the_first_heading_is_the_title_wherever_it_is() -> None:
    doc = ingest("notes.md", "Some words first.\n\nSetext title\n------------\n\nBody.\n")
    assert doc.title == "Setext title"
    assert "<h2>Setext title</h2>" in doc.html  # not at the top: kept where it is
    assert doc.text.startswith("Some words first.")


def test_markdown_without_a_heading_is_named_after_its_file() -> None:
    doc = ingest("123_读书笔记.md", "只有正文，\n没有标题。\n")
    assert (doc.format, doc.title) == ("markdown", "读书笔记")
    assert doc.text == "只有正文，没有标题。"  # a line break between CJK characters: no space


def test_front_matter_gives_title_date_and_url_and_is_not_shown() -> None:
    doc = ingest(
        "clip.md",
        '---\ntitle: "Clipped: a page"\ndate: 2024-03-03T15:15:01Z\n'
        "source: https://example.org/page\ntags:\n  - news\n---\n\n# Heading\n\nText.\n",
    )
    assert (doc.title, doc.url, doc.published) == (
        "Clipped: a page",
        "https://example.org/page",
        1709478901000,
    )
    assert "tags" not in doc.text
    assert "news" not in doc.text
    assert doc.text.startswith("Heading")  # not the title: front matter named it


def test_raw_html_in_markdown_is_kept_and_sanitized() -> None:
    doc = ingest(
        "mixed.md", "# T\n\n<details><summary>More</summary>Hidden <b>bold</b></details>\n"
    )
    assert "<summary>More</summary>" in doc.html
    assert "Hidden bold" in doc.text


HOSTILE_MD = """\
# Hostile

[inline](javascript:alert(1)) [upper](JaVaScRiPt:alert(2)) [entity](&#106;avascript:alert(3))
[ref][r] <javascript:alert(4)> [data](data:text/html,<script>alert(5)</script>)
[file](file:///etc/passwd) [vb](vbscript:msgbox(6)) [rel](../secret.md)

[r]: javascript:alert(7)

<script>alert(8)</script>
<img src=/dev/zero onerror=alert(9)>
<a href="javascript:alert(10)">raw link</a>
<iframe src="https://example.org/frame"></iframe>

![remote](https://example.org/track.png) ![local](/dev/zero)
<div style="background:url(https://example.org/bg.png)" onclick="alert(11)">styled</div>

Still [a real link](https://example.org/ok).
"""


def test_a_hostile_markdown_file_comes_out_sanitized() -> None:
    doc = ingest("hostile.md", HOSTILE_MD)
    html = doc.html.lower()
    for bad in ("<script", "<img", "<iframe", "onerror", "onclick", "style="):
        assert bad not in html, bad
    attributes = [
        value.lower()
        for el in lxml.html.fragment_fromstring(doc.html, "div").iter()
        for value in el.attrib.values()
    ]
    assert [a for a in attributes if re.search("script|data:|file:|/dev/", a)] == []
    assert "<a>javascript:alert(4)</a>" in html  # an autolink's text, as written
    assert violations(doc.html) == []
    assert hrefs(doc)
    assert all(h == external_url(h) for h in hrefs(doc) if h)
    assert "https://example.org/ok" in hrefs(doc)
    for text in ("inline", "upper", "entity", "raw link", "styled", "a real link"):
        assert text in doc.text  # what the links said stays readable


def test_xss_vectors_in_markdown_and_text_files_leak_nothing() -> None:
    lines = shared_path("corpus", "xss", "vectors.jsonl").read_text("utf-8").split("\n")
    vectors = [json.loads(line) for line in lines if line.strip()]
    failures = []
    for vector in vectors:
        for name in ("vector.md", "vector.txt"):
            try:
                doc = ingest(name, vector["input"])
            except InputError:
                continue  # past a limit: refused whole, nothing shown
            found = violations(doc.html)
            if found:
                failures.append(f"{vector['id']} as {name}: {found[:3]}")
    assert not failures, "\n".join(failures[:20])


@pytest.mark.parametrize(
    "markdown",
    [
        "> " * 150 + "deep text\n\nafter\n",
        "".join("  " * i + "- level\n" for i in range(120)) + "- deep text\n\nafter\n",
        "[a" * 1000 + "deep text" + "](https://example.org)" * 1000 + "\n\nafter\n",
    ],
    ids=["blockquotes", "lists", "links-in-links"],
)
def test_markdown_nested_too_deep_keeps_all_its_text(markdown: str) -> None:
    # markdown-it-py drops what lies past maxNesting (or recurses past Python's limit)
    doc = ingest("deep.md", markdown)
    assert "deep text" in doc.text
    assert "after" in doc.text


# --- plain text --------------------------------------------------------------------------------

NOTE_TXT = """\
Meeting notes

Write to <jane@example.org> before Friday.
Full text at <https://example.org/report?id=7&lang=en>.

Second paragraph: see https://example.org/wiki/Set_(mathematics)). Or www.example.com,
or mail bob@example.com.
"""


def test_a_text_file_keeps_angle_brackets_paragraphs_and_title() -> None:
    doc = ingest("note.txt", NOTE_TXT)
    assert (doc.format, doc.title) == ("text", "Meeting notes")
    assert "<jane@example.org>" in doc.text
    assert "Full text at <https://example.org/report?id=7&lang=en>." in doc.text
    assert doc.text.count("\n\n") == 1  # two paragraphs
    assert hrefs(doc) == [
        "mailto:jane@example.org",
        "https://example.org/report?id=7&lang=en",
        "https://example.org/wiki/Set_(mathematics)",
        "http://www.example.com",
        "mailto:bob@example.com",
    ]
    assert "Meeting notes" not in doc.text  # shown once, as the title


def test_text_links_are_only_web_and_mail() -> None:
    text = (
        "javascript:alert(1) file:///etc/passwd ftp://example.org/f data:text/html,x "
        "vbscript:x //example.org/p http:// mailto:a@example.org?attach=/etc/passwd "
        "HTTPS://EXAMPLE.ORG/A news:comp.lang.python"
    )
    doc = ingest("links.txt", f"{text}\n")
    assert hrefs(doc) == ["mailto:a@example.org", "HTTPS://EXAMPLE.ORG/A"]
    assert doc.text == text  # the rest is shown as written


@pytest.mark.parametrize(
    ("text", "linked"),
    [
        ("详见https://www.rfi.fr/cn/国际/20240303，好的", "https://www.rfi.fr/cn/国际/20240303"),
        ("（来源：https://example.org/a）", "https://example.org/a"),
        ("(see https://example.org/a).", "https://example.org/a"),
        ('"https://example.org/q?x=1"', "https://example.org/q?x=1"),
        ("联系jane@example.org。", "jane@example.org"),
    ],
)
def test_a_url_ends_where_the_sentence_goes_on(text: str, linked: str) -> None:
    assert [link.text for link in find_links(text)] == [linked]


def test_hard_wrapped_text_is_reflowed_and_short_lines_kept() -> None:
    text = (
        "It was a bright cold day in April, and the clocks were striking thirteen.\n"
        "Winston Smith, his chin nuzzled into his breast in an effort to escape the\n"
        "vile wind, slipped quickly through the glass doors of Victory Mansions.\n"
        "\n"
        "Jane Doe\n12 Main Street\nSpringfield\n"
    )
    doc = ingest("wrapped.txt", text)
    paragraphs = doc.text.split("\n\n")
    assert paragraphs[0].startswith("It was a bright")
    assert "\n" not in paragraphs[0]
    assert "escape the vile wind" in paragraphs[0]
    assert paragraphs[1] == "Jane Doe\n12 Main Street\nSpringfield"
    assert doc.title == "wrapped"  # the first line is a sentence, not a title


def test_a_file_with_one_paragraph_per_line() -> None:
    lines = [
        "澳英美正探讨日本参与奥库斯协议，共同开发先进防务能力。",
        "美国官员向记者表示，美国已开始与英国和澳大利亚讨论日本加入的可能性。",
        "日本方面尚未作出正式回应。",
    ]
    doc = ingest("123_奥库斯.txt", "\n".join(["奥库斯协议", *lines]) + "\n")
    assert doc.title == "奥库斯协议"
    assert doc.html.count("<p>") == 3
    assert doc.text == "\n\n".join(lines)


def test_hard_wrapped_cjk_text_joins_without_spaces() -> None:
    line = "中文的硬换行文本每行三十八个字左右然后换行继续写下去这样子的文本常见于" * 1
    doc = ingest("cjk.txt", f"标题\n\n{line}\n{line}\n{line[:10]}\n")
    assert doc.text == line * 2 + line[:10]


# --- detection -------------------------------------------------------------------------------


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


# --- no text lost --------------------------------------------------------------------------------

_LINE = st.text(
    alphabet=st.sampled_from(list("abcxyz ABC 019 <>&\"'*_[]()#:/.@-~`\t中文字。，")),
    max_size=60,
)
_URL = st.sampled_from(["https://example.org/a_(b)", "<https://example.org/x?y=1&z=2>", "a@b.org"])


def _squash(text: str) -> str:
    return "".join(text.split())


@settings(max_examples=examples(200), deadline=None, derandomize=True, database=None)
@given(lines=st.lists(st.one_of(_LINE, _URL, st.just("")), max_size=30))
def test_a_text_file_keeps_every_character(lines: list[str]) -> None:
    text = "\n".join(lines)
    if not text.strip():
        return  # an empty file is refused before parsing
    doc = ingest("random.txt", text)
    assert doc.format == "text"
    # "random" is the file's name: the alphabet cannot spell it, so any other title is the
    # first line, taken out of the body
    shown = doc.text if doc.title == "random" else f"{doc.title}\n{doc.text}"
    assert _squash(shown) == _squash(text)


_WORDS = st.lists(st.sampled_from(["alpha", "beta", "gamma", "中文", "delta", "x1"]), min_size=1)
_BLOCK = st.tuples(
    st.sampled_from(
        ["# {}", "## {}", "{}", "- {}", "1. {}", "> {}", "```\n{}\n```", "| {} |\n|-|"]
    ),
    _WORDS,
)


@settings(max_examples=examples(200), deadline=None, derandomize=True, database=None)
@given(blocks=st.lists(_BLOCK, min_size=1, max_size=12))
def test_a_markdown_file_keeps_every_word_in_order(blocks: list[tuple[str, list[str]]]) -> None:
    words = [w for _, ws in blocks for w in ws]
    markdown = "\n\n".join(form.format(" ".join(ws)) for form, ws in blocks)
    doc = ingest("random.md", markdown)
    opens_with_heading = blocks[0][0].startswith("#")  # it is the title, not in the body
    shown = f"{doc.title} {doc.text}" if opens_with_heading else doc.text
    assert _squash(shown) == "".join(words), markdown


def test_a_long_prologue_before_text_is_read_as_text() -> None:
    # white space and comments, then no document: each is matched once (a regular expression
    # that could split the run many ways backtracked without end here)
    text = " " * 5000 + "<!-- note -->\n" * 500 + "plain words <jane@example.org>\n"
    assert parse(Path("notes.txt"), text.encode()).format == "text"
    assert parse(Path("notes.html"), (text + "<html><p>x</p></html>").encode()).format == "html"
