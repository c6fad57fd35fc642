"""The Markdown format (``reader.core.formats.markdown``): shown with its structure, its first
heading as the title, raw HTML sanitized like any article's, every word kept."""

# ruff: noqa: RUF001 (full-width CJK punctuation is what these tests are about)

from __future__ import annotations

import json
import re

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from imported import hrefs, ingest, tags
from shared_paths import examples, shared_path
from xss_property import violations

from reader.core.links import external_url
from reader.core.model import InputError

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


# --- no word lost -------------------------------------------------------------------------------


def _squash(text: str) -> str:
    return "".join(text.split())


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
