"""A long article in pieces (reader/core/page/pieces.py): whatever its shape, it comes in several
pieces, each a whole block, and no word is lost or moved."""

from __future__ import annotations

import re

import lxml.html
import pytest

from reader.core.model import Document
from reader.core.page import pieces

N = 20_000
SHAPES = {
    "paragraphs": "".join(f"<p>Line {i} of the page.</p>" for i in range(N)),
    "lines broken by <br>": "".join(f"Line {i} of the page.<br>" for i in range(N)),
    "one paragraph of <br> lines": f"<p>{''.join(f'Line {i}.<br>' for i in range(N))}</p>",
    "loose text before the paragraphs": "Intro " + "".join(f"<p>Line {i}.</p>" for i in range(N)),
    "a section holding text and paragraphs": "<section>Intro "
    + "".join(f"<p>Line {i}.</p>" for i in range(N))
    + "</section>",
    "a numbered list": "<ol>" + "".join(f"<li>Item {i}</li>" for i in range(N)) + "</ol>",
    "a table": "<table><tbody>"
    + "".join(f"<tr><td>Row {i}</td></tr>" for i in range(N))
    + "</tbody></table>",
    "one paragraph of plain text": f"<p>{'A sentence here. ' * N}</p>",
    "bold text across everything": f"<p><b>{'Strong words here. ' * N}</b></p>",
}


def _doc(html: str) -> Document:
    return Document("x", "Title", None, None, "here", html, "", "html", "h")


def _article(parts: list[str]) -> str:
    """The article's HTML, pieces joined (the first piece without the page around it)."""
    body = parts[0].split('<p class="meta">', 1)[1].split("</p>", 1)[1]
    return body.removesuffix("</body></html>") + "".join(parts[1:])


def _words(html: str) -> list[str]:
    return lxml.html.fragment_fromstring(html, create_parent="div").text_content().split()


@pytest.mark.parametrize("shape", SHAPES)
def test_every_shape_comes_in_pieces_with_every_word_in_order(shape: str):
    html = SHAPES[shape]
    parts = pieces.article_pieces(_doc(html))
    assert len(parts) > 10
    assert _words(_article(parts)) == _words(html)
    for part in parts[1:]:  # each piece is whole elements
        assert _words(part) == _words(
            lxml.html.tostring(
                lxml.html.fragment_fromstring(part, create_parent="div"), encoding="unicode"
            )
        )


def test_a_numbered_list_cut_in_pieces_goes_on_numbering():
    parts = pieces.article_pieces(_doc(SHAPES["a numbered list"]))
    starts = [int(s) for s in re.findall(r'<ol start="(\d+)"', "".join(parts))]
    items = [len(re.findall("<li>", part)) for part in parts]
    assert starts[0] == 1 + items[0]
    assert starts == [1 + sum(items[:i]) for i in range(1, len(parts))]


def test_bold_stays_bold_and_a_break_at_a_cut_goes():
    parts = pieces.article_pieces(_doc(SHAPES["bold text across everything"]))
    assert all("<b>" in part for part in parts)
    broken = pieces.article_pieces(_doc(SHAPES["one paragraph of <br> lines"]))
    assert all(not part.endswith("<br></p>") for part in broken[1:-1])  # (the last: as written)


def test_a_short_article_is_one_page():
    (page,) = pieces.article_pieces(_doc("<p>Short.</p>"))
    assert page.startswith("<html>")
    assert "<p>Short.</p>" in page


def test_it_stops_when_told():
    with pytest.raises(pieces.Stopped):
        pieces.article_pieces(_doc(SHAPES["paragraphs"]), stop=lambda: True)
