"""The viewer is the second wall: it loads nothing by itself and follows no link by itself."""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QApplication
from shared_paths import ROOT, shared_path

from reader.core.importing.pipeline import import_file, import_paths
from reader.core.library.store import Library
from reader.core.page.render import article_page
from reader.ui.reading.viewer import ArticleView


@pytest.fixture
def viewer(qtbot) -> ArticleView:
    view = ArticleView()
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    return view


_PROBE = """
import os, resource
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))  # a failed wall dies, not CI
from PySide6.QtWidgets import QApplication
app = QApplication([])
from reader.ui.reading.viewer import ArticleView
view = ArticleView()
view.resize(600, 400)
view.show()
# Unsanitized on purpose: even if the sanitizer let these through, nothing may be read.
view.show_html('<p>x</p><img src="/dev/zero"><img src="file:///etc/passwd">'
               '<img src="relative.png"><img src="http://127.0.0.1:9/a.png">'
               '<link rel="stylesheet" href="/etc/passwd"><p>end</p>')
view.grab()
app.processEvents()
print(sorted(set(view.blocked)))
print("root:" in view.toPlainText())
"""


def test_local_and_remote_resources_are_refused():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    blocked, leaked = done.stdout.strip().splitlines()[-2:]
    for url in ("/dev/zero", "file:///etc/passwd", "relative.png", "http://127.0.0.1:9/a.png"):
        assert repr(url) in blocked
    assert leaked == "False"


def test_links_are_handed_to_the_window_not_followed(viewer, qtbot):
    viewer.show_html('<p><a href="file:///etc/passwd">p</a></p>')
    with qtbot.waitSignal(viewer.link_activated) as blocker:
        viewer.anchorClicked.emit(QUrl("file:///etc/passwd"))
    assert blocker.args[0].toString() == "file:///etc/passwd"
    viewer.setSource(QUrl("file:///etc/passwd"))  # a stray navigation does nothing
    assert "root:" not in viewer.toPlainText()
    assert viewer.toPlainText().strip() == "p"


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def loopback() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server that counts every request it gets."""
    _Counter.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Counter.hits
    server.shutdown()
    server.server_close()


def test_importing_and_rendering_fetch_nothing(tmp_path: Path, viewer, loopback):
    base, hits = loopback
    hostile = tmp_path / "remote.md"
    hostile.write_text(
        "<!--1700000000000-->\n"
        f"[Remote everything]({base}/article)\n------\n\n"
        f'<p>text</p><img src="{base}/img.png" srcset="{base}/2x.png 2x">'
        f'<link rel="stylesheet" href="{base}/s.css"><style>@import "{base}/i.css";</style>'
        f'<div style="background:url({base}/bg.png)">bg</div><iframe src="{base}/frame"></iframe>'
        f'<video poster="{base}/p.png" src="{base}/v.mp4"></video>'
        f'<script src="{base}/s.js"></script>'
        f'<object data="{base}/o"></object><embed src="{base}/e"><base href="{base}/">'
        '<img src="rel.png">',
        encoding="utf-8",
    )
    news = shared_path("corpus", "news")
    library = Library(tmp_path / "data")
    results = list(import_paths(library, [news, hostile]))
    assert len(results) == 70
    assert all(r.status.value == "added" for r in results)
    for doc_id in library.ids():
        viewer.show_html(article_page(library.get(doc_id)))
        viewer.grab()
        QApplication.processEvents()
    library.close()
    assert hits == []


def test_html5_blocks_are_laid_out_as_blocks(tmp_path: Path, viewer, qtbot):
    """Qt's rich text took aside, section, figure, figcaption... for inline elements: their
    text ran into the next ("Fact oneFact twoPhoto: APThe minister resigned.")."""
    article = tmp_path / "blocks.md"
    article.write_text(
        "<!--1700000000000-->\n[Blocks](https://example.com/b)\n------\n\n"
        "<aside>Fact one</aside><aside>Fact two</aside><center>Photo: AP</center>"
        "The minister resigned.<section><header><h2>Part</h2></header><p>Text.</p></section>"
        "<figure><img src='https://example.com/i.png'><figcaption>A caption</figcaption></figure>"
        "<details><summary>More</summary>Hidden text</details>",
        encoding="utf-8",
    )
    library = Library(tmp_path / "data")
    try:
        import_file(library, article)
        doc = library.get(library.ids()[0])
    finally:
        library.close()
    assert doc is not None
    viewer.show_document(doc)
    qtbot.waitUntil(lambda: not viewer.loading)
    lines = [line.strip() for line in viewer.toPlainText().splitlines() if line.strip()]
    for line in ("Fact one", "Fact two", "Photo: AP", "The minister resigned.", "Part", "Text."):
        assert line in lines
    assert "A caption" in lines
    assert "More" in lines


def test_the_header_date_is_written_in_the_desktops_locale(viewer, qtbot):
    from PySide6.QtCore import QLocale

    from reader.core.model import Document

    doc = Document(
        "d1", "T", None, 1739606580000, "example.com", "<p>x</p>", "x", "news-mirror", "0" * 64
    )
    previous = QLocale()
    QLocale.setDefault(QLocale("zh_CN"))
    try:
        viewer.show_document(doc)
        qtbot.waitUntil(lambda: not viewer.loading)
        assert "2025年2月15日" in viewer.toPlainText()
    finally:
        QLocale.setDefault(previous)
