"""No article text is lost: what a browser shows (html5lib's HTML5 parse, ``visible``) is in our
text, in order, except what a named rule removed (``removals.RULES``, furniture's rules).

The minimal cases are the ones issue 8 found with lxml's parser and the old cleaner; each
failed before the HTML5 parse (``reader/core/formats/html5.py``) and the cleaner's fixes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shared_paths import examples, shared_path
from visible import lost_text, visible_text

from reader.core.cleaning.furniture import Furniture, remove_furniture
from reader.core.cleaning.removals import RULES, Removals
from reader.core.cleaning.sanitize import sanitize_with_text
from reader.core.formats.detect import parse
from reader.core.importing.ingest import ingest_bytes

HEAD = "<!--1700000000000-->\n[A title](https://example.com/a)\n------\n\n"


def _text(tmp_path: Path, body: str) -> str:
    return ingest_bytes(tmp_path / "a.md", (HEAD + body).encode()).text


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # an unclosed void element swallowed the rest (lxml took it for a container)
        ('<div><p>a</p><embed src="http://x/e.swf"><p>b</p><p>c</p></div>', "a\n\nb\n\nc"),
        ("<video><source src=v.mp4><track src=t.vtt></video><p>b</p><p>c</p>", "b\n\nc"),
        ("<p>a<keygen name=k>b</p><p>c</p>", "ab\n\nc"),
        ("<p>Donau<wbr>dampf<wbr>schiff</p><p>c</p>", "Donaudampfschiff\n\nc"),
        # marked as ads or shares, but article text
        (
            '<div class="article-body" data-ad-targeting="news"><p>Whole article.</p></div>',
            "Whole article.",
        ),
        ('<h2 id="share-buybacks">Share buybacks</h2><p>x</p>', "Share buybacks\n\nx"),
        ('<table><tr><td class="share-price">12.50</td></tr></table>', "12.50"),
        ('<p class="market-share">Market share grew.</p>', "Market share grew."),
        ('<div class="sharing-economy">Sharing economy</div>', "Sharing economy"),
        # an XML declaration lost the whole article
        ('<?xml version="1.0" encoding="UTF-8"?><p>Body</p>', "Body"),
        # words and lines ran together
        ("<b>Beijing</b><span> </span>officials<i>&nbsp;</i>said", "Beijing officials said"),
        ("Line one<span><br></span>Line two</br>Line three", "Line one\nLine two\nLine three"),
        (
            "<aside>Fact one</aside><aside>Fact two</aside><center>Photo: AP</center>"
            "The minister resigned.",
            "Fact one\n\nFact two\n\nPhoto: AP\n\nThe minister resigned.",
        ),
        (
            "<nav>Menu</nav><hgroup><h1>Big</h1><p>Sub</p></hgroup>After",
            "Menu\n\nBig\n\nSub\n\nAfter",
        ),
        # dropped with their text
        ("<p>E is <math><mi>m</mi><msup><mi>c</mi><mn>2</mn></msup></math>.</p>", "E is mc2."),
        (
            "<p>See <svg><title>icon</title><text>Figure A</text></svg> here</p>",
            "See Figure A here",
        ),
        ("<xmp>if a<b then</xmp><p>x</p>", "if a<b then\n\nx"),
        ("<p>a</p><my-callout>Custom element text</my-callout>", "a\n\nCustom element text"),
        # control characters written as references: the file failed whole ("All strings
        # must be XML compatible"); a vertical tab or form feed is a space, others U+FFFD
        ("<p>a&#11;b&#12;c</p><p>after</p>", "a b c\n\nafter"),
        ("<p>one&#1;two&#x1F;three</p>", "one\ufffdtwo\ufffdthree"),
        ('<p title="x&#2;y">z&#0;</p>', "z\ufffd"),
        # shown although hidden
        ("<p>Shown</p><p hidden>Hidden</p><p style='display: none'>Gone</p>", "Shown"),
    ],
)
def test_minimal_cases_keep_their_text(tmp_path: Path, body: str, expected: str):
    assert _text(tmp_path, body) == expected


def test_the_viewer_html_keeps_the_text_after_an_embed(tmp_path: Path):
    doc = ingest_bytes(tmp_path / "a.md", (HEAD + "<p>a</p><embed src=x><p>b</p>").encode())
    assert "<p>b</p>" in doc.html


def test_a_blockquote_footer_and_a_section_header_are_kept(tmp_path: Path):
    body = (
        "<section><header><h2>Part one</h2></header><p>Text.</p></section>"
        "<blockquote><p>To be.</p><footer>Hamlet</footer></blockquote>"
    )
    assert _text(tmp_path, body).split("\n\n") == ["Part one", "Text.", "To be.", "Hamlet"]


# --- the property, on generated documents ---------------------------------------------------

_WORDS = st.sampled_from(["alpha", "beta", "日本", "新闻", "مرحبا", "x&amp;y", "a&nbsp;b", "1<2"])
_VOIDS = st.sampled_from(
    [
        *("<br>", "<hr>", "<img src=i.png alt=pic>", "<embed src=e>", "<source src=s>"),
        *("<track src=t>", "<keygen>", "<wbr>", "<input value=v>", "<col>", "<param name=p>"),
    ]
)
_CONTAINERS = st.sampled_from(
    [
        *("p", "div", "span", "b", "i", "em", "section", "article", "aside", "footer", "header"),
        *("blockquote", "h2", "pre", "li", "ul", "ol", "td", "tr", "table", "a", "font", "my-box"),
        *("center", "nav", "figure", "figcaption", "details", "summary", "small", "q", "dl", "dd"),
    ]
)


def _node(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    def element(tag: str, inner: list[str], closed: bool) -> str:
        attrs = ' href="https://example.com/x"' if tag == "a" else ""
        return f"<{tag}{attrs}>{''.join(inner)}" + (f"</{tag}>" if closed else "")

    return st.one_of(
        st.builds(element, _CONTAINERS, st.lists(children, max_size=4), st.booleans()),
        st.builds(lambda w: f"<svg><title>t</title><text>{w}</text></svg>", _WORDS),
        st.builds(lambda w: f"<math><mi>{w}</mi><annotation>TeX</annotation></math>", _WORDS),
        st.builds(lambda w: f"<!-- {w} -->", _WORDS),
    )


_DOCUMENTS = st.recursive(st.one_of(_WORDS, _VOIDS), _node, max_leaves=40).map(
    lambda html: html if html.strip() else "x"
)


@settings(max_examples=examples(500), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_DOCUMENTS, min_size=1, max_size=5).map(" ".join))
def test_generated_documents_keep_all_visible_text(html: str):
    removed: Removals = []
    _html, text = sanitize_with_text(html, "https://example.com/", removed=removed)
    assert {rule for rule, _ in removed} <= set(RULES)
    assert lost_text(visible_text(html), text, [t for _, t in removed]) == []


# --- the property, on every corpus page -----------------------------------------------------


def _corpus_files(*parts: str, pattern: str) -> list[Path]:
    files = sorted(p for p in shared_path(*parts).rglob(pattern) if p.name != "README.md")
    assert files, f"no {pattern} under ../shared/{'/'.join(parts)}"
    return files


@pytest.mark.parametrize(
    "path",
    [*_corpus_files("corpus", "news", pattern="*.md"), *_corpus_files("seeds", pattern="*")],
    ids=lambda p: f"{p.parent.name}/{p.name[:20]}",
)
def test_every_news_article_keeps_its_text_but_what_rules_remove(path: Path):
    parsed = parse(path, path.read_bytes())
    removed: Removals = []
    found: list[Furniture] = []

    def furniture(root: object) -> None:
        found.append(remove_furniture(root, published=parsed.published, url=parsed.url))  # type: ignore[arg-type]

    _html, text = sanitize_with_text(
        parsed.body_html, parsed.url, furniture=furniture, removed=removed
    )
    assert text
    accounted = [t for _, t in removed] + [r.text for f in found for r in f.removed]
    moved = [r.text for f in found for r in f.removed if r.moved_to]
    assert lost_text(visible_text(parsed.body_html), text, accounted, moved) == []


@pytest.mark.parametrize(
    "path",
    _corpus_files("corpus", "webpages", pattern="source.html")
    + _corpus_files("corpus", "extraction", pattern="source.html"),
    ids=lambda p: p.parent.name,
)
def test_every_saved_page_cleaned_whole_keeps_its_text_but_what_rules_remove(path: Path):
    """The parse and the cleaner alone (no article extraction): nothing a browser shows is
    lost but what a rule names."""
    html = path.read_bytes().decode("utf-8", "replace")
    removed: Removals = []
    _html, text = sanitize_with_text(html, "https://example.com/", removed=removed)
    assert lost_text(visible_text(html), text, [t for _, t in removed]) == []
