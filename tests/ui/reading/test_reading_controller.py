"""The reading pane's links: where they lead is said on hover, a failure to open is said."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QApplication


def test_no_browser_is_said_and_the_link_can_be_copied(qtbot, make_window, opened, news_dir):
    window = make_window([news_dir / "rfi"])
    window.listing.step(1)
    doc = window.library.get(window.current_id)
    opened.started = False
    window.reading.open_original()
    assert opened.urls == [doc.url]
    assert window.info.isVisible()
    assert "No web browser could be started" in window.info.label.text()
    shown = QUrl(doc.url).toDisplayString()  # decoded for reading, cut when long
    assert shown[:60] in window.info.label.text()
    assert window.info.action.isVisible()
    assert window.info.action.text() == "Copy Link"
    window.info.action.click()
    assert QApplication.clipboard().text() == doc.url
    assert not window.info.isVisible()
    opened.started = True  # a browser starts: nothing to say
    window.reading.link_activated(QUrl("https://example.org/other"))
    assert not window.info.isVisible()


def test_hovering_a_link_shows_its_real_target_in_the_status_bar(qtbot, make_window, news_dir):
    window = make_window([news_dir / "rfi"])
    window.listing.step(1)
    window.viewer.highlighted.emit(QUrl("https://example.org/a?b=1"))
    assert window.statusBar().currentMessage() == "https://example.org/a?b=1"
    window.viewer.highlighted.emit(QUrl())  # off the link
    assert window.statusBar().currentMessage() == ""
    window.viewer.highlighted.emit(QUrl("javascript:alert(1)"))
    assert window.statusBar().currentMessage() == (
        "javascript:alert(1) (not opened: not a web or mail address)"
    )
    window.viewer.highlighted.emit(QUrl("https://example.org/\u202eevil"))
    assert "\u202e" not in window.statusBar().currentMessage()  # shown, not obeyed


def test_hovering_over_a_real_link_in_the_article(qtbot, make_window, news_dir):
    """The same through the mouse: the pointer over the header's "Open original" link."""
    window = make_window([news_dir / "rfi"])
    window.resize(1000, 700)
    window.listing.step(1)
    qtbot.waitUntil(lambda: not window.viewer.loading)
    doc = window.library.get(window.current_id)
    viewer = window.viewer
    found = viewer.document().find("Open original")
    assert not found.isNull()
    found.setPosition(found.selectionStart() + 3)
    point = viewer.cursorRect(found).center()
    qtbot.mouseMove(viewer.viewport(), point)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() != "", timeout=3000)
    assert window.statusBar().currentMessage() == doc.url


def test_a_long_address_is_said_readably_and_cut(qtbot, make_window, opened, news_dir):
    """A percent-encoded address is shown decoded (as a reader writes it) and cut to a length
    a message bar holds: 300 characters of %E4%BA%9A once pushed the window past the screen."""
    window = make_window([news_dir / "rfi"])
    opened.started = False
    window.reading.open_external("https://example.org/" + "%E4%B8%AD" * 400 + "x" * 400)
    text = window.info.label.text()
    assert text.startswith("No web browser could be started to open https://example.org/中中")
    assert text.endswith("x" * 25)
    assert len(text) < 200
    assert "%E4" not in text
