"""Load images, end to end in the window (issue 12), on the pretend network of
tests/core/fetching/fetch_servers.py (names answered from a table, every connect counted and
sent to a loopback server that counts requests; nothing reaches the real network):

- importing and showing an article asks for nothing; its bar says how many images are
  blocked and from where;
- I fetches exactly its allowed images, once each; a tracker is never asked, not even looked
  up; an answer that is not an image is refused and its box says why;
- after a restart the article shows its images from the library with 0 requests;
- a source set to always load loads an article's images when it opens;
- an import's new articles are offered together, and Load Images fetches them all.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QBuffer, QIODevice, Qt, QUrl
from PySide6.QtGui import QColor, QImage, QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from reader.ui.window.mainwindow import MainWindow
from tests.core.fetching.fetch_servers import PUBLIC, Net, Route, Server, http_server, install

HOST = "img.example.test"
TRACKER = "https://list-manage.com/track/open.php?u=1"


def png(width: int, height: int) -> bytes:
    """A whole PNG (decodable, unlike fetch_servers' header-only one)."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#3a7"))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data().data())


@pytest.fixture
def net(monkeypatch: pytest.MonkeyPatch) -> Net:
    network = Net(names={HOST: [PUBLIC], "news.example.test": [PUBLIC]})
    real = socket.socket.connect
    install(network, monkeypatch)
    pretend = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> None:
        # a local socket (the import's process talks through one) is not the network
        (real if self.family == socket.AF_UNIX else pretend)(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)
    return network


@pytest.fixture
def server() -> Iterator[Server]:
    with http_server() as running:
        running.routes["/a.png"] = Route(body=png(40, 30))
        running.routes["/b.png"] = Route(body=png(60, 20))
        running.routes["/page.png"] = Route(headers={"Content-Type": "text/html"}, body=b"<p>")
        yield running


def _article(server: Server, name: str = "a") -> str:
    base = f"http://{HOST}:{server.port}"
    return (
        "<!--1700000000000-->\n[Images in the news](https://news.example.test/a)\n------\n\n"
        "<p>The minister resigned on Monday after the vote in parliament.</p>"
        f'<p><img src="{base}/a.png" alt="The minister"></p>'
        f'<figure><img src="{base}/b.png"><figcaption>The vote, {name}.</figcaption></figure>'
        f'<p><img src="{base}/page.png" alt="A chart"></p>'
        f'<p><img src="{TRACKER}" alt="x"></p>'
        "<p>More text after the pictures, so the article is an article.</p>"
    )


def _window_on(
    qtbot, make_window, tmp_path: Path, text: str, *, always: bool = False, width: int = 0
) -> MainWindow:
    """A window over a library of one article (``text``, a news-mirror file), opened with
    J; ``always``: its source set to always load images first."""
    path = tmp_path / "src" / "a.md"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    window = make_window([path])
    if width:
        window.resize(width, 800)
    if always:
        window.state.set_loads_images("news.example.test", True)
    _open(qtbot, window)
    return window


def _mirror(tmp_path: Path, server: Server, count: int, *, own_image: bool = False) -> Path:
    """A folder of ``count`` articles like ``_article``'s (``own_image``: each with its own
    /a<n>.png instead of the shared /a.png)."""
    folder = tmp_path / "mirror"
    folder.mkdir()
    for n in range(count):
        text = _article(server, str(n)).replace("news.example.test/a", f"news.example.test/{n}")
        if own_image:
            text = text.replace("/a.png", f"/a{n}.png")
        (folder / f"{n}.md").write_text(text, "utf-8")
    return folder


def _open(qtbot, window: MainWindow) -> None:
    window.sidebar.list.setFocus()
    qtbot.keyClick(window.sidebar.list, Qt.Key.Key_J)
    qtbot.waitUntil(lambda: window.current_id is not None and not window.viewer.loading)


def _served(window: MainWindow, url: str) -> QImage:
    found = window.viewer.loadResource(QTextDocument.ResourceType.ImageResource, QUrl(url))
    assert isinstance(found, QImage)
    return found


def test_i_loads_the_allowed_images_once_and_a_restart_shows_them_with_no_request(
    qtbot, make_window, tmp_path: Path, net: Net, server: Server
) -> None:
    window = _window_on(qtbot, make_window, tmp_path, _article(server))
    bar = window.pictures.bar
    assert bar.isVisible()
    assert bar.label.text() == f"3 images blocked from {HOST}. 1 tracking pixel, never loaded."
    assert server.requests == []  # importing and showing asked for nothing
    assert net.connects == []
    assert _served(window, f"http://{HOST}:{server.port}/a.png").width() == 1  # blank: blocked

    QTest.keyClick(window.sidebar.list, Qt.Key.Key_I)
    qtbot.waitUntil(lambda: not window.pictures.downloads.busy, timeout=20000)
    qtbot.waitUntil(lambda: "loaded" in bar.label.text() and not bar.cancel.isVisible())
    assert sorted(server.paths()) == ["/a.png", "/b.png", "/page.png"]  # once each
    assert "list-manage.com" not in net.lookups  # the tracker: not even looked up
    assert (
        bar.label.text()
        == "2 images loaded; 1 not (each box says why). 1 tracking pixel, never loaded."
    )
    qtbot.waitUntil(lambda: not window.viewer.loading)
    text = window.viewer.toPlainText()
    assert "Not loaded: not an image (text/html)" in text
    assert "Not loaded: tracking pixel (list-manage.com)" in text
    assert "The vote, a." in text  # the caption kept under the image
    assert _served(window, f"http://{HOST}:{server.port}/a.png").width() == 40
    assert _served(window, f"http://{HOST}:{server.port}/b.png").width() == 60

    requests, connects = len(server.requests), len(net.connects)
    window.close()
    again = make_window(data=tmp_path / "data")
    _open(qtbot, again)
    again.viewer.grab()  # laid out and painted: every image asked for
    assert _served(again, f"http://{HOST}:{server.port}/b.png").width() == 60
    assert "The vote, a." in again.viewer.toPlainText()
    assert again.pictures.bar.isVisible()  # the two refused ones are still not loaded
    assert (len(server.requests), len(net.connects)) == (requests, connects)  # 0 requests


def test_a_source_set_to_always_load_loads_them_when_an_article_opens(
    qtbot, make_window, tmp_path: Path, net: Net, server: Server
) -> None:
    window = _window_on(qtbot, make_window, tmp_path, _article(server), always=True)
    qtbot.waitUntil(lambda: len(server.requests) == 3 and not window.pictures.downloads.busy)
    qtbot.waitUntil(lambda: "loaded" in window.pictures.bar.label.text())
    assert sorted(server.paths()) == ["/a.png", "/b.png", "/page.png"]


def test_the_always_button_sets_the_source_and_loads_the_article_shown(
    qtbot, make_window, tmp_path: Path, net: Net, server: Server
) -> None:
    window = _window_on(qtbot, make_window, tmp_path, _article(server))
    bar = window.pictures.bar
    assert bar.always.isVisible()
    assert bar.always.text() == "Al&ways for news.example.test"  # (Alt+W)
    qtbot.mouseClick(bar.always, Qt.MouseButton.LeftButton)
    assert window.state.loads_images("news.example.test")
    qtbot.waitUntil(lambda: len(server.requests) == 3 and not window.pictures.downloads.busy)


def test_an_imports_new_articles_are_offered_and_load_images_fetches_them_all(
    qtbot, make_window, tmp_path: Path, net: Net, server: Server, choosers, wait_import
) -> None:
    window = make_window()
    for n in range(3):
        server.routes[f"/a{n}.png"] = Route(body=png(30 + n, 30))
    choosers.folder = _mirror(tmp_path, server, 3, own_image=True)
    window.importer.import_folder()
    wait_import(window)
    info, bar = window.info, window.pictures.bar
    qtbot.waitUntil(info.isVisible)  # offered in the message bar: the article's bar is its own
    assert info.label.text().startswith(
        "The 3 articles just imported have 9 images, not loaded: Load Their Images fetches"
    )  # (3 each; their tracking pixels are not counted: never loaded)
    assert info.action.text() == "L&oad Their Images"  # (Alt+O: Alt+I is the image bar's)
    assert server.requests == []  # offered, not fetched
    qtbot.mouseClick(info.action, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bar.text.startswith("Loading the images of 3 articles"))
    qtbot.waitUntil(lambda: not window.pictures.downloads.busy, timeout=20000)
    # /b.png and /page.png are in every article: asked once
    assert sorted(server.paths()) == ["/a0.png", "/a1.png", "/a2.png", "/b.png", "/page.png"]
    said = "In 3 articles, 4 images loaded; 3 not (each box says why)."
    qtbot.waitUntil(lambda: bar.text.startswith(said))  # (/b.png once, /page.png in each)


def test_offline_the_bar_says_why_and_try_again_asks_again(
    qtbot, make_window, tmp_path: Path, net: Net, server: Server
) -> None:
    del net.names[HOST]  # the name is not found: as offline
    window = _window_on(qtbot, make_window, tmp_path, _article(server))
    bar = window.pictures.bar
    QTest.keyClick(window.sidebar.list, Qt.Key.Key_I)
    qtbot.waitUntil(lambda: bar.load.isVisible() and bar.load.text() == "&Try Again")
    assert bar.label.text() == (
        f"3 images not loaded: could not find {HOST} (offline, or no such site)."
        " 1 tracking pixel, never loaded."
    )
    assert "未载入\uff1acould not find" not in window.viewer.toPlainText()  # an English page
    assert "Not loaded: could not find" in window.viewer.toPlainText()
    window.close()  # opened again: the bar says why, as the boxes do (not "blocked")
    window = make_window(data=tmp_path / "data")
    _open(qtbot, window)
    bar = window.pictures.bar
    assert bar.text == (f"3 images not loaded: could not find {HOST} (offline, or no such site).")
    assert bar.load.text() == "&Try Again"
    assert net.lookups.count(HOST) == 1  # (asked once, for the first image: the site is down)
    net.names[HOST] = [PUBLIC]  # back online
    server.routes["/a.png"] = Route(body=png(40, 30), delay=0.5)
    qtbot.mouseClick(bar.load, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.viewer.loading)
    assert "Not loaded" not in window.viewer.toPlainText()  # no stale reason while it loads
    qtbot.waitUntil(lambda: "loaded;" in bar.label.text())
    assert sorted(server.paths()) == ["/a.png", "/b.png", "/page.png"]


def test_a_stored_image_is_a_block_as_tall_as_the_image_not_a_paragraphs_line(
    qtbot, make_window, tmp_path: Path, net: Net, server: Server
) -> None:
    server.routes["/c.png"] = Route(body=png(600, 400))
    image = f'<p><img src="http://{HOST}:{server.port}/c.png"></p>'
    text = _article(server).replace("<p>More text", f"{image}<p>More")
    window = _window_on(qtbot, make_window, tmp_path, text, width=1400)
    QTest.keyClick(window.sidebar.list, Qt.Key.Key_I)
    qtbot.waitUntil(lambda: "loaded;" in window.pictures.bar.label.text())
    qtbot.waitUntil(lambda: not window.viewer.loading)
    window.viewer.grab()
    document = window.viewer.document()
    layout = document.documentLayout()
    block = document.begin()
    gaps = []  # from an image's block to the next block's top
    while block.isValid():
        if "\ufffc" in block.text():  # the object replacement character: an image
            bottom = layout.blockBoundingRect(block).bottom()
            gaps.append(layout.blockBoundingRect(block.next()).top() - bottom)
        block = block.next()
    assert _served(window, f"http://{HOST}:{server.port}/c.png").width() == 600  # not fitted
    assert len(gaps) == 3
    assert gaps[2] < 40  # not a quarter of 400 px more (a paragraph's proportional line)


def test_the_boxs_load_images_link_loads_them(
    qtbot, make_window, tmp_path: Path, net: Net, server: Server
) -> None:
    window = _window_on(qtbot, make_window, tmp_path, _article(server))
    assert "Image · img.example.test · Load images" in window.viewer.toPlainText()
    window.viewer.anchorClicked.emit(QUrl("reader:load-images"))  # as a click on it does
    qtbot.waitUntil(lambda: "loaded;" in window.pictures.bar.label.text())
    assert sorted(server.paths()) == ["/a.png", "/b.png", "/page.png"]


def test_turning_on_load_images_in_preferences_loads_the_article_shown(
    qtbot, make_window, tmp_path: Path, net: Net, server: Server
) -> None:
    window = _window_on(qtbot, make_window, tmp_path, _article(server))
    window.show_preferences()
    dialog = window.preferences_dialog
    assert server.requests == []
    dialog.images.load_all.setChecked(True)
    assert window.prefs.load_images
    qtbot.waitUntil(lambda: len(server.requests) == 3 and not window.pictures.downloads.busy)
    dialog.close()


def test_an_image_whose_address_has_escapes_and_a_query_is_served_from_the_store(
    qtbot, make_window, tmp_path: Path, net: Net, server: Server
) -> None:
    # Qt gives the page's image address back with its escapes decoded (/图.png): the wall
    # still finds it in the store by the address the article wrote.
    server.routes["/%E5%9B%BE.png?a=1&b=2"] = Route(body=png(50, 40))
    url = f"http://{HOST}:{server.port}/%E5%9B%BE.png?a=1&amp;b=2"
    text = _article(server).replace("<p>More text", f'<p><img src="{url}"></p><p>More')
    window = _window_on(qtbot, make_window, tmp_path, text)
    QTest.keyClick(window.sidebar.list, Qt.Key.Key_I)
    qtbot.waitUntil(lambda: "loaded;" in window.pictures.bar.label.text())
    qtbot.waitUntil(lambda: not window.viewer.loading)
    assert "/%E5%9B%BE.png?a=1&b=2" in server.paths()
    window.viewer.grab()
    shown = QUrl(url.replace("&amp;", "&")).toString()
    assert "图" in shown  # (what the page asks for)
    assert _served(window, shown).width() == 50


def test_cancel_keeps_what_came_and_the_bar_offers_the_rest_again(
    qtbot, make_window, tmp_path: Path, net: Net, server: Server
) -> None:
    server.routes["/b.png"] = Route(body=png(60, 20), delay=1.5)  # slow: Cancel meanwhile
    window = _window_on(qtbot, make_window, tmp_path, _article(server))
    bar = window.pictures.bar
    QTest.keyClick(window.sidebar.list, Qt.Key.Key_I)
    qtbot.waitUntil(lambda: "/b.png" in server.paths())  # /a.png is in, /b.png asked
    assert bar.cancel.isVisible()
    # Alt+N: a bar is not reached by Tab (the mnemonic works under X, checked with xdotool;
    # offscreen QTest does not go through mnemonics)
    assert bar.cancel.text() == "Ca&ncel"
    qtbot.mouseClick(bar.cancel, Qt.MouseButton.LeftButton)
    # at once, not when the request under way ends: what is still blocked, offered again
    assert not bar.cancel.isVisible()
    assert bar.text == "2 images blocked from img.example.test. 1 tracking pixel, never loaded."
    assert bar.load.isVisible()  # (/a.png came before Cancel)
    # a new load starts at once, not behind the cancelled request (still under way)
    server.routes["/b.png"] = Route(body=png(60, 20))
    QTest.keyClick(window.sidebar.list, Qt.Key.Key_I)
    assert bar.text == "Loading images… 0 of 4."
    qtbot.waitUntil(lambda: "loaded;" in bar.text, timeout=10000)
    assert server.paths().count("/a.png") == 1  # what came before Cancel is kept
    assert "/page.png" in server.paths()
    time.sleep(1.6)  # the cancelled request ends: its answer is dropped, nothing said
    QApplication.processEvents()
    assert bar.text == "1 image loaded; 1 not (each box says why). 1 tracking pixel, never loaded."


def test_a_proxy_chosen_but_not_typed_fetches_nothing_never_a_direct_connection(
    qtbot, make_window, tmp_path: Path, net: Net, server: Server
) -> None:
    window = _window_on(qtbot, make_window, tmp_path, _article(server))
    window.show_preferences()
    images = window.preferences_dialog.images
    images.proxy_kind.setCurrentIndex(images.proxy_kind.findData("custom"))  # nothing typed
    window.preferences_dialog.close()
    QTest.keyClick(window.sidebar.list, Qt.Key.Key_I)
    bar = window.pictures.bar
    assert bar.label.text() == (
        "Images not loaded: the proxy set in Preferences is not usable: "
        "no proxy address is set (Preferences > Images)."
    )
    assert server.requests == []
    assert net.connects == []
    assert net.lookups == []


def test_the_bar_says_loading_at_once_not_waiting_for_another_article(
    qtbot, make_window, tmp_path: Path, net: Net, server: Server
) -> None:
    server.routes["/a.png"] = Route(body=png(40, 30), delay=1.0)
    window = _window_on(qtbot, make_window, tmp_path, _article(server))
    QTest.keyClick(window.sidebar.list, Qt.Key.Key_I)
    # (said before the thread has taken the article: it is the one loading, none other)
    assert window.pictures.bar.text == "Loading images… 0 of 4."
    qtbot.waitUntil(lambda: not window.pictures.downloads.busy, timeout=10000)


def test_an_imports_images_offline_say_why_and_try_again_asks_for_them_all(
    qtbot, make_window, tmp_path: Path, net: Net, server: Server, choosers, wait_import
) -> None:
    del net.names[HOST]
    window = make_window()
    choosers.folder = _mirror(tmp_path, server, 2)
    window.importer.import_folder()
    wait_import(window)
    qtbot.waitUntil(window.info.isVisible)
    qtbot.mouseClick(window.info.action, Qt.MouseButton.LeftButton)
    bar = window.pictures.bar
    qtbot.waitUntil(lambda: bar.text.startswith("In 2 articles,"))
    assert bar.text.startswith(
        f"In 2 articles, 6 images not loaded: could not find {HOST} (offline"
    )
    assert bar.load.text() == "&Try Again"
    net.names[HOST] = [PUBLIC]
    qtbot.mouseClick(bar.load, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.pictures.downloads.busy, timeout=10000)
    assert sorted(server.paths()) == ["/a.png", "/b.png", "/page.png"]  # both articles' images


def test_a_new_proxy_forgets_the_reasons_the_last_way_out_gave(
    qtbot, make_window, tmp_path: Path, net: Net, server: Server
) -> None:
    del net.names[HOST]
    window = _window_on(qtbot, make_window, tmp_path, _article(server))
    bar = window.pictures.bar
    QTest.keyClick(window.sidebar.list, Qt.Key.Key_I)
    qtbot.waitUntil(lambda: bar.text.startswith("3 images not loaded: could not find"))
    window.show_preferences()
    images = window.preferences_dialog.images
    images.proxy_kind.setCurrentIndex(images.proxy_kind.findData("custom"))
    images.proxy_address.setText("socks5h://127.0.0.1:9")  # (nothing listens: never asked)
    window.preferences_dialog.close()
    assert bar.text == "3 images blocked from img.example.test. 1 tracking pixel, never loaded."
    qtbot.waitUntil(lambda: not window.viewer.loading)
    assert "could not find" not in window.viewer.toPlainText()  # the boxes too
    assert server.requests == []


def test_a_batch_that_holds_the_article_shown_ends_with_the_batchs_summary(
    qtbot, make_window, tmp_path: Path, net: Net, server: Server, choosers, wait_import
) -> None:
    del net.names[HOST]
    window = make_window([_mirror(tmp_path, server, 2)])
    _open(qtbot, window)  # one of the two, shown
    window.pictures.load_articles(window.model.ids())
    bar = window.pictures.bar
    qtbot.waitUntil(lambda: not window.pictures.downloads.busy)
    qtbot.waitUntil(lambda: bar.text.startswith("In 2 articles, 6 images not loaded"))


def test_an_article_without_images_opens_no_image_store(
    qtbot, make_window, tmp_path: Path, net: Net, server: Server
) -> None:
    text = "<!--1700000000000-->\n[Text only](https://news.example.test/t)\n------\n\n<p>Words.</p>"
    window = _window_on(qtbot, make_window, tmp_path, text)
    assert window.current_id is not None
    assert window.pictures._store is None  # (opened when an article with images needs it)
    assert not window.pictures.bar.isVisible()
