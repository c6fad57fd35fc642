"""The Preferences dialog (Ctrl+,): each control changes the page, the window's palette and
the typed preferences at once, saved in settings.json; a failure to save is said in the
dialog; "system" follows the desktop's colour scheme live; a bad settings file still starts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontInfo, QGuiApplication, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication
from shared_paths import shared_path

from reader.core.page.theme import DARK, LIGHT, SEPIA
from reader.core.userdata.jsonstore import StoreError
from reader.ui.window.keymap import by_id
from reader.ui.window.preferences import PreferencesDialog


@pytest.fixture(autouse=True)
def _palette_back():
    """The application's palette (and the colour scheme the windows think the desktop has)
    as they were: other tests' windows start from them."""
    before = QApplication.palette()
    yield
    QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Unknown)
    QApplication.setPalette(before)


def _window(qtbot, make_window):
    window = make_window([shared_path("corpus", "news") / "bbc"])
    window.resize(1400, 800)
    window.listing.step(1)
    qtbot.waitUntil(lambda: not window.viewer.loading)
    return window


def _dialog(qtbot, window) -> PreferencesDialog:
    window.actions_by_id["view.preferences"].trigger()
    dialog = window.preferences_dialog
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def _settings(window) -> dict:
    return json.loads(Path(window.prefs.path).read_text(encoding="utf-8"))


def _settle(qtbot) -> None:
    qtbot.wait(20)  # (a palette reaches the widgets through posted events)


def _window_colour(role: QPalette.ColorRole) -> str:
    return QApplication.palette().color(role).name()


def _text_colour(window, text: str) -> str:
    cursor = window.viewer.document().find(text)
    assert not cursor.isNull()
    return cursor.charFormat().foreground().color().name()


def test_ctrl_comma_opens_it_from_the_view_menu(qtbot, make_window):
    spec = by_id()["view.preferences"]
    assert (spec.keys, spec.menu, spec.text) == (("Ctrl+,",), "view", "&Preferences…")
    window = make_window()
    action = window.actions_by_id["view.preferences"]
    assert action.shortcut() == QKeySequence("Ctrl+,")
    assert action in window.menus["view"].actions()
    qtbot.keyClick(
        QApplication.focusWidget() or window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier
    )
    qtbot.waitUntil(lambda: getattr(window, "preferences_dialog", None) is not None)
    assert window.preferences_dialog.isVisible()


@pytest.mark.parametrize("theme", [SEPIA, DARK, LIGHT], ids=lambda t: t.name)
def test_the_theme_colours_the_window_and_the_page(qtbot, make_window, theme):
    window = _window(qtbot, make_window)
    dialog = _dialog(qtbot, window)
    if theme is LIGHT:  # (from another one: it must change back)
        dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.theme.setCurrentIndex(dialog.theme.findData(theme.name))
    _settle(qtbot)
    assert window.prefs.theme == theme.name
    assert _settings(window)["theme"] == theme.name
    assert _window_colour(QPalette.ColorRole.Window) == theme.window
    assert _window_colour(QPalette.ColorRole.Base) == theme.base
    assert _window_colour(QPalette.ColorRole.Highlight) == theme.selection
    list_palette = window.sidebar.list.palette()
    assert list_palette.color(QPalette.ColorRole.Base).name() == theme.base
    assert window.notes.edit.palette().color(QPalette.ColorRole.Text).name() == theme.text
    assert dialog.palette().color(QPalette.ColorRole.Window).name() == theme.window
    viewer = window.viewer
    assert viewer.palette().color(QPalette.ColorRole.Base).name() == theme.background
    assert _text_colour(window, "Open original") == theme.link
    assert _text_colour(window, "min read") == theme.secondary


def test_each_typography_control_changes_the_page_live_where_the_reader_is(qtbot, make_window):
    window = _window(qtbot, make_window)
    viewer, bar = window.viewer, window.viewer.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 400)
    bar.setValue(bar.maximum() // 2)
    share = viewer.scroll_share()
    dialog = _dialog(qtbot, window)

    dialog.font_kind.setCurrentIndex(dialog.font_kind.findData("sans"))
    assert window.prefs.font_family == "sans"
    assert viewer.document().defaultFont().families()[0] == "Noto Sans CJK SC"
    dialog.font_kind.setCurrentIndex(dialog.font_kind.findData(""))  # another font
    assert dialog.font_name.isEnabled()
    dialog.font_name.setCurrentFont(QFont("DejaVu Serif"))
    assert window.prefs.font_family == "DejaVu Serif"
    assert viewer.document().defaultFont().families()[0] == "DejaVu Serif"

    frame = viewer.document().rootFrame().frameFormat()
    column = viewer.viewport().width() - frame.leftMargin() - frame.rightMargin()
    dialog.measure.setValue(60)
    assert window.prefs.measure == 60
    frame = viewer.document().rootFrame().frameFormat()
    narrower = viewer.viewport().width() - frame.leftMargin() - frame.rightMargin()
    assert narrower < column
    em = QFontInfo(viewer.document().defaultFont()).pixelSize()
    assert narrower == pytest.approx(30 * em, abs=2)

    dialog.font_size.setValue(17)
    assert (window.prefs.font_size, viewer.document().defaultFont().pointSize()) == (17, 17)
    dialog.line_height.setValue(1.6)
    assert window.prefs.line_height == 1.6
    paragraph = viewer.document().lastBlock().previous()
    while paragraph.isValid() and not paragraph.text():
        paragraph = paragraph.previous()
    assert viewer.document().find(paragraph.text()[:8]).block().blockFormat().lineHeight() == 160

    dialog.paragraph_spacing.setValue(1.5)
    assert window.prefs.paragraph_spacing == 1.5
    dialog.justify.setChecked(True)
    assert window.prefs.justify is True
    block = viewer.document().find(paragraph.text()[:8]).block()
    assert block.blockFormat().alignment() & Qt.AlignmentFlag.AlignJustify

    qtbot.wait(30)
    assert viewer.scroll_share() == pytest.approx(share, abs=0.03)  # where the reader was
    saved = _settings(window)
    assert (saved["font_family"], saved["font_size"], saved["line_height"]) == (
        "DejaVu Serif",
        17,
        1.6,
    )
    assert (saved["measure"], saved["paragraph_spacing"], saved["justify"]) == (60, 1.5, True)


def test_mark_read_and_the_sidebar(qtbot, make_window):
    window = _window(qtbot, make_window)
    dialog = _dialog(qtbot, window)
    assert not dialog.mark_read_seconds.isEnabled()
    dialog.mark_read.setCurrentIndex(dialog.mark_read.findData("after_seconds"))
    assert dialog.mark_read_seconds.isEnabled()
    dialog.mark_read_seconds.setValue(12)
    assert (window.prefs.mark_read, window.prefs.mark_read_seconds) == ("after_seconds", 12)
    dialog.mark_read.setCurrentIndex(dialog.mark_read.findData("manual"))
    assert window.prefs.mark_read == "manual"
    window.listing.step(1)  # the next article: not marked read (manual)
    assert not window.state.is_read(window.current_id)
    assert window.sidebar.isVisible()
    dialog.sidebar.setChecked(False)
    assert not window.sidebar.isVisible()
    assert window.prefs.sidebar_visible is False
    dialog.sidebar.setChecked(True)
    assert window.sidebar.isVisible()
    saved = _settings(window)
    assert (saved["mark_read"], saved["mark_read_seconds"]) == ("manual", 12)
    assert "sidebar_visible" not in saved  # back to its default


def test_the_dialog_shows_what_is_set(qtbot, make_window):
    window = make_window()
    for name, value in (
        ("theme", "sepia"),
        ("font_family", "DejaVu Sans"),
        ("font_size", 15),
        ("line_height", 1.5),
        ("measure", 70),
        ("paragraph_spacing", 1.2),
        ("justify", True),
        ("mark_read", "on_scroll"),
        ("sidebar_visible", False),
    ):
        window.prefs.set(name, value)
    dialog = _dialog(qtbot, window)
    assert dialog.theme.currentData() == "sepia"
    assert dialog.font_kind.currentData() == ""
    assert dialog.font_name.currentFont().family() == "DejaVu Sans"
    assert (dialog.font_size.value(), dialog.line_height.value(), dialog.measure.value()) == (
        15,
        1.5,
        70,
    )
    assert dialog.paragraph_spacing.value() == 1.2
    assert dialog.justify.isChecked()
    assert dialog.mark_read.currentData() == "on_scroll"
    assert not dialog.sidebar.isChecked()


def test_a_settings_file_that_cannot_be_written_is_said_in_the_dialog(
    qtbot, make_window, monkeypatch
):
    window = _window(qtbot, make_window)
    dialog = _dialog(qtbot, window)

    def refuse() -> None:
        raise StoreError("settings.json could not be written (disk full).")

    monkeypatch.setattr(window.prefs, "save", refuse)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    assert dialog.error.isVisible()
    assert "disk full" in dialog.error.text()
    assert dialog.error.textFormat() == Qt.TextFormat.PlainText
    assert _window_colour(QPalette.ColorRole.Window) == DARK.window  # applied all the same
    monkeypatch.undo()
    dialog.theme.setCurrentIndex(dialog.theme.findData("sepia"))
    assert not dialog.error.isVisible()


def test_system_follows_the_desktop_s_scheme_live(qtbot, make_window):
    window = _window(qtbot, make_window)
    assert window.prefs.theme == "system"
    hints = QGuiApplication.styleHints()
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert _window_colour(QPalette.ColorRole.Window) == DARK.window
    assert _text_colour(window, "min read") == DARK.secondary
    _settle(qtbot)
    assert window.sidebar.list.palette().color(QPalette.ColorRole.Base).name() == DARK.base
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert _window_colour(QPalette.ColorRole.Window) == LIGHT.window
    assert _text_colour(window, "min read") == LIGHT.secondary
    window.prefs.set("theme", "sepia")  # a theme of its own: the desktop's no longer counts
    window.panes.apply_preferences()
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert _window_colour(QPalette.ColorRole.Window) == SEPIA.window


def test_a_settings_file_with_bad_values_still_starts(qtbot, make_window, tmp_path):
    data = tmp_path / "data"
    data.mkdir(parents=True)
    (data / "settings.json").write_text(
        json.dumps({"version": 2, "theme": "neon", "font_size": "big", "measure": 80.5,
                    "paragraph_spacing": -1, "justify": "yes", "mark_read": "never",
                    "line_height": 1.5}),
        encoding="utf-8",
    )  # fmt: skip
    window = make_window(data=data)
    prefs = window.prefs
    assert (prefs.theme, prefs.font_size, prefs.measure) == ("system", 13, 80)
    assert (prefs.paragraph_spacing, prefs.justify, prefs.mark_read) == (0.9, False, "on_open")
    assert prefs.line_height == 1.5  # the good one kept
    assert window.info.isVisible()  # said once, in the window
    assert _window_colour(QPalette.ColorRole.Window) == LIGHT.window


def test_s_puts_the_star_in_the_header_where_the_reader_is(qtbot, make_window):
    window = _window(qtbot, make_window)
    viewer, bar = window.viewer, window.viewer.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 400)
    bar.setValue(bar.maximum() // 2)
    qtbot.wait(20)
    before = bar.value()
    meta = viewer.document().firstBlock().next()
    assert "★" not in meta.text()
    window.actions_by_id["article.star"].trigger()
    qtbot.wait(30)
    assert viewer.document().firstBlock().next().text().startswith("★ Starred")
    assert abs(bar.value() - before) <= 3
    window.actions_by_id["article.star"].trigger()
    qtbot.wait(30)
    assert "★" not in viewer.document().firstBlock().next().text()
    assert abs(bar.value() - before) <= 3


def test_another_font_keeps_the_family_the_box_shows(qtbot, make_window):
    """The box showed "DejaVu Sans" while "Sans Serif" (its font's alias) was saved."""
    window = _window(qtbot, make_window)
    dialog = _dialog(qtbot, window)
    dialog.font_kind.setCurrentIndex(dialog.font_kind.findData(""))
    shown = dialog.font_name.currentText()
    assert shown
    assert window.prefs.font_family == shown
    assert _settings(window)["font_family"] == shown


def test_enter_in_a_field_does_not_close_the_dialog(qtbot, make_window):
    window = _window(qtbot, make_window)
    dialog = _dialog(qtbot, window)
    dialog.font_size.setFocus()
    qtbot.keyClick(dialog.font_size, Qt.Key.Key_Return)
    assert dialog.isVisible()
    qtbot.keyClick(dialog.theme, Qt.Key.Key_Enter)
    assert dialog.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
