"""Images on the reader's terms (issue 12): an image the article carries is shown offline,
decoded as what its bytes are and no wider than the page; a remote one is a box of its own,
in the theme's colours; rendering every corpus page asks for no remote resource and opens no
socket."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from documents import make_doc
from PySide6.QtGui import QTextDocument, QTextImageFormat
from PySide6.QtWidgets import QApplication
from shared_paths import shared_path

from reader.core.cleaning.sanitize import sanitize_article
from reader.core.importing.ingest import ingest
from reader.core.model import Document
from reader.core.page import pieces
from reader.core.page.theme import DARK, LIGHT, SEPIA
from reader.core.page.typography import Typography
from reader.ui.reading.images import MAX_DECODED_WIDTH, OfflineImages
from reader.ui.reading.viewer import SIDE_MIN_PX, ArticleView
from tests.core.page.test_inline_images import SVG, png, uri


@pytest.fixture
def view(qtbot) -> ArticleView:
    view = ArticleView()
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    qtbot.waitExposed(view)
    return view


def _doc(html: str, text: str = "正文\uff0c网络安全是国家安全的重要组成部分。") -> Document:
    return make_doc(html=html, text=text)


def _show(qtbot, view: ArticleView, raw: str) -> None:
    view.show_document(_doc(sanitize_article(raw, "https://example.org/a")))
    qtbot.waitUntil(lambda: not view.loading)
    view.grab()  # laid out and painted: every image asked for
    QApplication.processEvents()


def _images(view: ArticleView) -> list[str]:
    names = []
    block = view.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isImageFormat():
                names.append(QTextImageFormat(fmt).name())
            it += 1
        block = block.next()
    return names


def test_an_image_the_article_carries_is_shown_offline(qtbot, view: ArticleView) -> None:
    _show(qtbot, view, f'<p>图\uff1a<img src="{uri(png(40, 30), "image/gif")}" alt="红"></p>')
    (name,) = _images(view)
    image = view.document().resource(QTextDocument.ResourceType.ImageResource, name)
    assert (image.width(), image.height()) == (40, 30)
    assert image.pixelColor(5, 5).name() == "#ff0000"
    assert list(view.blocked) == []


def test_a_wide_image_is_no_wider_than_the_page(qtbot, view: ArticleView) -> None:
    _show(qtbot, view, f'<p><img src="{uri(png(3000, 20))}"></p>')
    (name,) = _images(view)
    assert view.horizontalScrollBar().maximum() == 0
    wide = _width(view, name)
    assert wide <= view.viewport().width() - 2 * SIDE_MIN_PX
    view.resize(420, 600)  # the column narrows: the image with it
    qtbot.waitUntil(lambda: _width(view, name) < wide)
    view.grab()
    assert view.horizontalScrollBar().maximum() == 0
    assert _width(view, name) <= view.viewport().width() - 2 * SIDE_MIN_PX


def _width(view: ArticleView, name: str) -> int:
    image = view.document().resource(QTextDocument.ResourceType.ImageResource, name)
    return int(image.width())


def test_a_huge_image_is_decoded_no_bigger_than_a_screen_needs() -> None:
    image = OfflineImages().image(uri(png(3000, 20)), 10_000)
    assert image is not None
    assert image.width() == MAX_DECODED_WIDTH


def test_the_wall_decodes_only_what_the_core_vouches_for(view: ArticleView) -> None:
    for refused in (uri(SVG, "image/svg+xml"), uri(SVG, "image/png"), uri(png(1, 1))):
        image = view.loadResource(QTextDocument.ResourceType.ImageResource.value, refused)
        assert image.width() <= 1  # the blank image
        assert refused in view.blocked


def test_a_remote_image_is_a_box_of_its_own_after_the_date(qtbot, view: ArticleView) -> None:
    src = "https://images.weserv.nl/?url=ichef.bbci.co.uk/news/640/a.jpg"
    _show(qtbot, view, f'<p>03/03/2024 - 15:57<img src="{src}" alt="手机屏幕"></p><p>正文。</p>')
    lines = [line.strip() for line in view.toPlainText().splitlines() if line.strip()]
    assert "03/03/2024 - 15:57" in lines  # the date's line ends with the date
    # its host, the image proxy a load would ask (the bar names it too), and Load images
    assert "图片 · ichef.bbci.co.uk 经 images.weserv.nl · 载入图片" in lines
    assert "手机屏幕" in lines
    cursor = view.document().find("图片 · ichef")
    assert cursor.currentTable() is not None  # a box: a one-cell table
    assert list(view.blocked) == []  # nothing asked for: not even the remote image


@pytest.mark.parametrize("theme", [LIGHT, SEPIA, DARK], ids=lambda t: t.name)
def test_the_box_and_the_caption_take_the_theme(qtbot, view: ArticleView, theme) -> None:
    view.set_look(theme, Typography())
    _show(
        qtbot,
        view,
        '<figure><img src="https://a.example/1.jpg" alt="地图"><figcaption>图片说明文字'
        "</figcaption></figure><p>下一段正文。</p>",
    )
    cursor = view.document().find("图片 · a.example")
    assert cursor.charFormat().foreground().color().name() == theme.secondary
    cell = cursor.currentTable().cellAt(cursor)
    assert cell.format().background().color().name() == theme.frame
    alt = view.document().find("地图")
    assert alt.charFormat().foreground().color().name() == theme.text
    caption = view.document().find("图片说明文字")
    assert caption.charFormat().foreground().color().name() == theme.secondary
    caption_block, next_block = caption.block(), view.document().find("下一段正文").block()
    assert caption_block != next_block  # not run into the next paragraph
    assert caption_block.blockFormat().bottomMargin() > 0
    assert caption.currentTable() is None  # under the box, not in it


def test_an_image_in_a_later_piece_of_a_long_article_is_shown(
    qtbot, view: ArticleView, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pieces, "BIG_ARTICLE_CHARS", 0)
    monkeypatch.setattr(pieces, "PIECE_CHARS", 400)
    text = "".join(f"<p>第{i}段\uff0c网络安全是国家安全的重要组成部分。</p>" for i in range(60))
    _show(qtbot, view, f'{text}<p><img src="{uri(png(40, 30))}"></p><p>end</p>')
    (name,) = _images(view)
    image = view.document().resource(QTextDocument.ResourceType.ImageResource, name)
    assert (image.width(), image.height()) == (40, 30)  # served by the wall, not the piece
    assert list(view.blocked) == []


def _corpus_pages() -> list[Path]:
    corpus = shared_path("corpus")
    return sorted(corpus.glob("news/*/*.md")) + sorted(corpus.glob("*/*/source.html"))


@pytest.mark.slow
def test_rendering_every_corpus_page_asks_for_nothing_remote(
    qtbot, view: ArticleView, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    wall_load = type(view).loadResource

    def recording(self: ArticleView, kind: int, url: object) -> object:
        asked.append(url.toString() if hasattr(url, "toString") else str(url))
        return wall_load(self, kind, url)

    def no_network(*_args: object) -> None:
        raise AssertionError("a socket was opened")

    monkeypatch.setattr(type(view), "loadResource", recording)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket.socket, "connect_ex", no_network)
    files = _corpus_pages()
    assert len(files) > 160
    for path in files:
        doc, _data = ingest(path)
        view.show_document(doc)
        qtbot.waitUntil(lambda: not view.loading, timeout=20_000)
        view.grab()
        QApplication.processEvents()
    assert [key for key in asked if not key.startswith("data:image/")] == []
    assert any(key.startswith("data:image/jpeg") for key in asked)  # (data-url-image's photo)
