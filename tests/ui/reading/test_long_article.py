"""A long article is shown a piece at a time (issue 7, item 9): the window answers while it
is prepared, a note says how far it is, and the result is the page Qt would have built whole."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from shared_paths import shared_path

from reader.core.importing.ingest import ingest
from reader.core.model import Document
from reader.core.page import pieces
from reader.core.page.render import article_page
from reader.ui.reading.viewer import ArticleView


def _long(paragraphs: int, title: str = "A long one") -> Document:
    html = '<div dir="ltr">' + "".join(
        f"<p>Paragraph {i}: 这是一个很短的段落。</p>" for i in range(paragraphs)
    )
    return Document("long", title, None, None, "here", html + "</div>", "text", "html", "h")


def _blocks(doc: QTextDocument) -> list[tuple[object, ...]]:
    """Every block that holds text, with its format. (Qt puts an empty block here and there,
    e.g. before a <pre>, depending on what precedes it in the same parse: a piece may have one
    more or less at its edges, a blank line.)"""
    out, block = [], doc.begin()
    while block.isValid():
        f = block.blockFormat()
        if not block.text().strip():
            block = block.next()
            continue
        out.append(
            (
                block.text().strip(),
                f.layoutDirection(),
                f.topMargin(),
                f.bottomMargin(),
                f.leftMargin(),
                f.headingLevel(),
                block.textList() is not None,
            )
        )
        block = block.next()
    return out


@pytest.fixture
def viewer(qtbot) -> ArticleView:
    view = ArticleView()
    view.resize(900, 700)
    qtbot.addWidget(view)
    view.show()
    return view


def _corpus_docs() -> list[Document]:
    corpus = shared_path("corpus")
    paths = sorted(corpus.glob("extraction/*/source.html"))[:12]
    paths += sorted(corpus.glob("webpages/*/source.html"))[:6]
    paths += sorted(shared_path("corpus", "news").rglob("*.md"))[:10]
    return [ingest(p)[0] for p in paths if p.name != "README.md"]


def test_in_pieces_the_page_is_the_one_qt_builds_whole(qtbot, viewer, monkeypatch):
    """Every block with its text, direction, margins, heading level and list, whether the
    page is set at once or appended in pieces of 400 characters of text (empty blocks aside:
    see ``_blocks``)."""
    monkeypatch.setattr(pieces, "BIG_ARTICLE_CHARS", 0)
    monkeypatch.setattr(pieces, "PIECE_CHARS", 400)
    real = pieces.article_pieces
    monkeypatch.setattr(pieces, "article_pieces", lambda doc, **kw: real(doc, cut_chars=10**9))
    monkeypatch.setattr(
        "reader.ui.reading.viewer.article_pieces", pieces.article_pieces
    )  # none cut
    whole = ArticleView()
    qtbot.addWidget(whole)
    compared = 0
    for doc in _corpus_docs():
        whole.show_html(article_page(doc))
        viewer.show_document(doc)
        assert viewer.loading
        qtbot.waitUntil(lambda: not viewer.loading, timeout=30000)
        assert _blocks(viewer.document()) == _blocks(whole.document()), doc.title
        compared += len(pieces.article_pieces(doc)) > 2
    assert compared >= 10  # most of them really came in several pieces


def test_the_window_answers_while_a_long_article_is_shown(qtbot, viewer):
    doc = _long(60_000)
    viewer.show_document(doc)
    assert viewer.loading
    assert viewer.toPlainText().startswith("A long one")  # the title at once
    assert "Preparing a long article" in viewer.toPlainText()
    # Events are handled between pieces: the note moves on while it is being shown.
    seen: set[str] = set()
    qtbot.waitUntil(lambda: seen.add(viewer.note.text()) or "%" in viewer.note.text())
    assert viewer.note.isVisible()
    qtbot.waitUntil(lambda: not viewer.loading, timeout=60000)
    assert not viewer.note.isVisible()
    text = viewer.toPlainText()
    assert "Paragraph 0: 这是一个很短的段落。" in text
    assert text.rstrip().endswith("Paragraph 59999: 这是一个很短的段落。")
    assert text.count("Paragraph ") == 60_000


def test_another_article_asked_for_meanwhile_wins(qtbot, viewer):
    prepared: list[int] = []
    viewer._prepared.connect(lambda request, _pieces: prepared.append(request))
    viewer.show_document(_long(60_000))
    long_request = viewer._request
    short = _long(3, title="Short")
    viewer.show_document(short)
    assert not viewer.loading
    # The long one's preparation stops early, and says nothing.
    qtbot.waitUntil(lambda: not [t for t in threading.enumerate() if t.name == "article"])
    qtbot.wait(20)  # (anything it had sent would be handled by now)
    assert long_request not in prepared
    # Pieces of an article no longer asked for are dropped, should they arrive.
    viewer._prepared.emit(long_request, pieces.article_pieces(_long(60_000)))
    qtbot.wait(20)
    assert viewer.toPlainText().startswith("Short")
    assert "Paragraph 2:" in viewer.toPlainText()
    assert "Paragraph 3:" not in viewer.toPlainText()


def test_what_needs_the_whole_article_waits_for_it(qtbot, viewer):
    doc = _long(30_000)
    viewer.show_document(doc)
    found: list[int] = []
    viewer.when_loaded(lambda: found.append(viewer.highlight(["Paragraph 29999"])))
    assert found == []
    qtbot.waitUntil(lambda: bool(found), timeout=60000)
    assert found == [1]  # the last paragraph was there to highlight


def test_one_huge_paragraph_is_cut_at_sentence_ends_with_no_text_lost():
    sentence = "一句很长的话\uff0c没有换行。"  # (a full-width comma)
    doc = Document("p", "T", None, None, "s", f"<p>{sentence * 40_000}</p>", "", "html", "h")
    parts = pieces.article_pieces(doc)
    assert len(parts) > 5
    body = parts[0].split('<p class="meta">', 1)[1].split("</p>", 1)[1]
    texts = re.findall(r"<p>([^<]*)</p>", "".join([body, *parts[1:]]))
    assert "".join(texts) == sentence * 40_000
    assert len(texts) > 5
    assert all(t.endswith("。") for t in texts)


def test_the_long_article_in_the_window(make_window, tmp_path: Path, qtbot):
    body = "".join(f"<p>Line {i} of a long saved page.</p>" for i in range(20_000))
    path = tmp_path / "long.md"
    path.write_text(f"<!--1700000000000-->\n[Long](https://example.com/l)\n------\n\n{body}\n")
    window = make_window([path])
    window.sidebar.filter.setText("19999")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    window.sidebar.select_row(0)
    assert window.viewer.loading
    window.wait_for_imports()  # also waits for the article (--screenshot does the same)
    assert not window.viewer.loading
    assert window.viewer.extraSelections()  # the search term, highlighted in the last piece
    assert window.windowTitle().startswith("Long")
    assert Qt.TextFormat.PlainText == window.viewer.note.textFormat()
