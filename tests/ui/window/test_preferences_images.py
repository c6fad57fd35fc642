"""The Preferences dialog's Images section (issue 12): the global "load images" choice, the
sources set to always load theirs (shown by name, removed, put back), and the proxy (None,
System or one typed in: a bad address said in plain text and not saved)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from reader.core.fetching.proxies import parse_proxy
from reader.core.userdata.prefs import Preferences
from reader.core.userdata.state import State
from reader.ui.window.preferences import PreferencesDialog


class Opened:
    def __init__(self, qtbot, root: Path, with_state: bool = True) -> None:
        self.root = root
        self.prefs = Preferences(root)
        self.state = State(root)
        self.applied = 0
        self.state_changes = 0
        self.dialog = PreferencesDialog(
            self.prefs,
            self._applied,
            state=self.state if with_state else None,
            state_changed=self._state_changed,
        )
        qtbot.addWidget(self.dialog)
        self.dialog.show()
        qtbot.waitExposed(self.dialog)
        self.images = self.dialog.images

    def _applied(self) -> None:
        self.applied += 1

    def _state_changed(self) -> None:
        self.state_changes += 1
        self.state.save()  # (as the window's saver would, later)

    def settings(self) -> dict:
        path = self.root / "settings.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


@pytest.fixture
def opened(qtbot, tmp_path: Path):
    def open_it(with_state: bool = True) -> Opened:
        return Opened(qtbot, tmp_path, with_state)

    return open_it


def test_loading_every_articles_images_is_off_until_ticked_and_saved_at_once(opened) -> None:
    o = opened()
    box = o.images.load_all
    assert box.text() == "Load images in every article (asks the sites for them)"
    assert not box.isChecked()
    box.click()
    assert o.prefs.load_images is True
    assert o.applied == 1
    assert o.settings()["load_images"] is True
    box.click()
    assert "load_images" not in o.settings()  # the default again
    assert Preferences(o.root).load_images is False


def test_the_sources_that_always_load_are_listed_by_name_removed_and_put_back(
    qtbot, tmp_path: Path
) -> None:
    state = State(tmp_path)
    for source in ("dw.com", "bbc.com", "blog.example"):
        state.set_loads_images(source, True)
    state.set_source_name("blog.example", "<b>My</b> blog")
    state.save()
    o = Opened(qtbot, tmp_path)
    images = o.images
    assert images.sources.isVisible()
    assert not images.no_sources.isVisible()
    assert images.shown_sources() == [
        ("<b>My</b> blog", "blog.example"),  # (the reader's name, as text)
        ("BBC 中文", "bbc.com"),
        ("德国之声 DW", "dw.com"),
    ]
    images.sources.setCurrentRow(1)
    qtbot.mouseClick(images.remove, Qt.MouseButton.LeftButton)
    assert not o.state.loads_images("bbc.com")
    assert o.state_changes == 1
    assert [key for _, key in images.shown_sources()] == ["blog.example", "dw.com"]
    assert State(tmp_path).image_sources() == ["blog.example", "dw.com"]  # saved
    assert images.undo.isEnabled()

    qtbot.mouseClick(images.undo, Qt.MouseButton.LeftButton)
    assert o.state.loads_images("bbc.com")
    assert State(tmp_path).image_sources() == ["bbc.com", "blog.example", "dw.com"]
    assert images.sources.currentItem().text() == "BBC 中文"
    assert not images.undo.isEnabled()

    for _ in range(3):
        qtbot.mouseClick(images.remove, Qt.MouseButton.LeftButton)
    assert o.state.image_sources() == []
    assert not images.sources.isVisible()
    assert images.no_sources.isVisible()
    assert not images.remove.isEnabled()
    assert o.prefs.dirty is False  # (state, not preferences)


def test_without_the_state_no_source_list_is_shown(opened) -> None:
    o = opened(with_state=False)
    assert not o.images.sources.isVisible()
    assert not o.images.remove.isVisible()
    assert o.images.load_all.isVisible()


def test_the_proxy_is_none_then_the_systems_then_one_typed_in(qtbot, opened) -> None:
    o = opened()
    kind, address, error = o.images.proxy_kind, o.images.proxy_address, o.images.proxy_error
    assert kind.currentData() == "none"
    assert not address.isEnabled()
    kind.setCurrentIndex(kind.findData("system"))
    assert o.prefs.image_proxy == "system"
    assert o.settings()["image_proxy"] == "system"

    row = [w for w in o.images.findChildren(QLabel) if w.text() == "Fetch t&hrough:"]
    assert row[0].buddy() is kind  # Alt+H reaches the choice (a row of two has no focus)
    kind.setCurrentIndex(kind.findData("custom"))
    assert address.isEnabled()
    assert error.isVisible()  # an empty address: asked for, and nothing fetched meanwhile
    assert o.prefs.image_proxy == "custom"  # never the direct connection a reader left
    with pytest.raises(ValueError, match="no proxy address is set"):
        parse_proxy(o.prefs.image_proxy)
    qtbot.keyClicks(address, "socks5h://127.0.0.1")  # no port yet
    assert error.isVisible()
    assert error.textFormat() == Qt.TextFormat.PlainText
    said = error.text().replace("\n", " ")  # (wrapped in lines)
    assert said.startswith("The proxy address needs a port (1 to 65535); proxy addresses look")
    assert '"none"' not in said  # (the settings file's words, not this dialog's)
    assert said.endswith("No image is fetched until it is set.")
    assert o.prefs.image_proxy == "socks5h://127.0.0.1"  # as typed: refused where used
    with pytest.raises(ValueError, match="port"):
        parse_proxy(o.prefs.image_proxy)
    qtbot.keyClicks(address, ":9050")
    assert not error.isVisible()
    assert o.prefs.image_proxy == "socks5h://127.0.0.1:9050"
    assert o.settings()["image_proxy"] == "socks5h://127.0.0.1:9050"

    address.clear()
    qtbot.keyClicks(address, "<b>proxy</b>:3128")
    assert error.isVisible()
    said = error.text().replace("\n", " ")
    assert "Not a proxy (<b>proxy</b>:3128)" in said  # (said as text, never markup)
    assert Preferences(o.root).image_proxy == "<b>proxy</b>:3128"

    kind.setCurrentIndex(kind.findData("none"))
    assert not error.isVisible()
    assert "image_proxy" not in o.settings()


def test_a_stored_proxy_opens_as_typed_and_a_bad_one_is_said(qtbot, tmp_path: Path) -> None:
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"version": 2, "image_proxy": "http://proxy.lan:3128"}))
    o = Opened(qtbot, tmp_path)
    assert o.images.proxy_kind.currentData() == "custom"
    assert o.images.proxy_address.text() == "http://proxy.lan:3128"
    assert not o.images.proxy_error.isVisible()
    assert o.applied == 0  # opening changes nothing
    o.dialog.close()

    settings.write_text(json.dumps({"version": 2, "image_proxy": "sock5h://127.0.0.1:9050"}))
    o = Opened(qtbot, tmp_path)
    assert o.images.proxy_address.text() == "sock5h://127.0.0.1:9050"
    assert o.images.proxy_error.isVisible()
    assert "sock5h" in o.images.proxy_error.text()
    assert json.loads(settings.read_text())["image_proxy"] == "sock5h://127.0.0.1:9050"
