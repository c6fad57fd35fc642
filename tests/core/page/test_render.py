"""The article header: the source's name instead of its host when known, a star when
starred, the reading time."""

from __future__ import annotations

from documents import make_doc

from reader.core.model import Document
from reader.core.page.render import STAR, article_page


def _doc(**changes: object) -> Document:
    dw = dict(url="https://www.dw.com/zh/a", source="dw.com", text="正文。" * 400, format="mirror")
    return make_doc(**{**dw, **changes})


def _meta(page: str) -> str:
    return page.split('<p class="meta">', 1)[1].split("</p>", 1)[0]


def test_the_source_name_is_shown_instead_of_the_host() -> None:
    assert "dw.com" in _meta(article_page(_doc()))
    meta = _meta(article_page(_doc(), source_name="德国之声 / DW")).split("<a ", 1)[0]
    assert "德国之声 / DW" in meta
    assert "dw.com" not in meta


def test_a_name_with_markup_is_text() -> None:
    meta = _meta(article_page(_doc(), source_name="<b>DW</b>"))
    assert "&lt;b&gt;DW&lt;/b&gt;" in meta


def test_a_byline_that_is_the_source_s_name_is_said_once() -> None:
    meta = _meta(article_page(_doc(byline="德国之声"), source_name="德国之声"))
    assert meta.count("德国之声") == 1


def test_a_starred_article_shows_its_star() -> None:
    assert STAR not in article_page(_doc())
    meta = _meta(article_page(_doc(), starred=True))
    assert meta.startswith(f"{STAR} Starred")


def test_a_page_carries_a_style_only_when_asked() -> None:
    assert "<style>" not in article_page(_doc())
    assert "<style>body {}</style>" in article_page(_doc(), style="body {}")


def test_open_original_is_never_cut_in_two() -> None:
    """At a 40-character line the header broke as "Open / original"."""
    page = article_page(_doc())
    assert ">Open&nbsp;original</a>" in page
