"""The Preferences dialog (View > Preferences, Ctrl+,): theme, typography, when an article is
marked read, the sidebar, whether links keep their tracking parameters, and images (whether
every article loads them, the sources that always do, the proxy: preferences_images.py).

Each change is applied at once (the article open is set again where the reader is) and saved
as a typed preference (reader/core/userdata/prefs.py); a settings file that cannot be written
is said in the dialog, the change kept for this run.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFontComboBox,
    QFormLayout,
    QHBoxLayout,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from reader.core.display import printable
from reader.core.page.theme import THEMES
from reader.core.userdata.jsonstore import StoreError
from reader.core.userdata.prefs import BY_NAME, Preferences
from reader.core.userdata.state import State
from reader.ui.plain import plain_label
from reader.ui.window.preferences_images import ImagesSection

THEME_CHOICES = (
    ("Follow the system", "system"),
    *((theme.label, name) for name, theme in THEMES.items()),
)
FONT_CHOICES = (("Serif", "serif"), ("Sans-serif", "sans"), ("Another font:", ""))
MARK_READ_CHOICES = (
    ("When it is opened", "on_open"),
    ("After it has been shown for", "after_seconds"),
    ("When its end is on screen", "on_scroll"),
    ("Only when I press M", "manual"),
)


class PreferencesDialog(QDialog):
    """``applied`` is called after each change (the window puts it on screen). ``state``: the
    window's State, for the sources set to always load images (without it they are not
    listed); ``state_changed`` is called after the dialog changes it (the window schedules
    the state's save)."""

    def __init__(
        self,
        prefs: Preferences,
        applied: Callable[[], object],
        parent: QWidget | None = None,
        *,
        state: State | None = None,
        state_changed: Callable[[], object] = lambda: None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.setObjectName("preferences")
        self._prefs = prefs
        self._applied = applied
        self._filling = False
        self.theme = _choices(THEME_CHOICES)
        self.font_kind = _choices(FONT_CHOICES)
        self.font_name = QFontComboBox()
        self.font_size = _spin("font_size", " pt")
        self.line_height = _double("line_height", 0.05, 2)
        self.measure = _spin("measure", " characters", step=5)
        self.measure.setToolTip("Latin characters a line; a Chinese character counts two.")
        self.paragraph_spacing = _double("paragraph_spacing", 0.1, 1, " em")
        self.justify = QCheckBox("Justify paragraphs (flush on both sides)")
        self.mark_read = _choices(MARK_READ_CHOICES)
        self.mark_read_seconds = _spin("mark_read_seconds", " s")
        self.sidebar = QCheckBox("Show the sidebar (sources, filter, list)")
        self.keep_tracking = QCheckBox("Keep tracking parameters in links (utm_source, fbclid…)")
        self.keep_tracking.setToolTip(
            "Off: links are shown, copied and opened without the parameters that tell a site "
            "where you came from. The saved articles keep them either way."
        )
        self.images = ImagesSection(prefs, self._set, state, state_changed)
        self.error = plain_label()
        self.error.setObjectName("preferences-error")
        self.error.setWordWrap(True)
        self.error.hide()
        self._lay_out()
        self._fill()
        self._connect()

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow("&Theme:", self.theme)
        form.addRow("&Font:", _row(self.font_kind, self.font_name))
        form.addRow("&Size:", self.font_size)
        form.addRow("&Line height:", self.line_height)
        form.addRow("&Width of a line:", self.measure)
        form.addRow("&Paragraph spacing:", self.paragraph_spacing)
        form.addRow("", self.justify)
        form.addRow("&Mark an article read:", _row(self.mark_read, self.mark_read_seconds))
        form.addRow("", self.sidebar)
        form.addRow("Privacy:", self.keep_tracking)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAutoDefault(False)  # Enter in a box or a field is not Close (Esc is)
        close.setDefault(False)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.images)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        # Tab in the order the dialog reads, top to bottom (Qt's own order followed when each
        # widget joined the dialog: Theme, then the Images section, then Close, then Font…).
        images = self.images
        chain = [
            self.theme, self.font_kind, self.font_name, self.font_size, self.line_height,
            self.measure, self.paragraph_spacing, self.justify, self.mark_read,
            self.mark_read_seconds, self.sidebar, self.keep_tracking, images.load_all,
            images.sources, images.remove, images.undo, images.proxy_kind,
            images.proxy_address, close,
        ]  # fmt: skip
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _fill(self) -> None:
        """The controls as the preferences are."""
        prefs = self._prefs
        self._filling = True
        _choose(self.theme, prefs.theme)
        family = prefs.font_family
        named = family not in ("serif", "sans")
        _choose(self.font_kind, "" if named else family)
        if named:
            self.font_name.setCurrentFont(QFont(family))
        self.font_name.setEnabled(named)
        self.font_size.setValue(prefs.font_size)
        self.line_height.setValue(prefs.line_height)
        self.measure.setValue(prefs.measure)
        self.paragraph_spacing.setValue(prefs.paragraph_spacing)
        self.justify.setChecked(prefs.justify)
        _choose(self.mark_read, prefs.mark_read)
        self.mark_read_seconds.setValue(prefs.mark_read_seconds)
        self.mark_read_seconds.setEnabled(prefs.mark_read == "after_seconds")
        self.sidebar.setChecked(prefs.sidebar_visible)
        self.keep_tracking.setChecked(prefs.keep_tracking_parameters)
        self._filling = False

    def _connect(self) -> None:
        self.theme.currentIndexChanged.connect(lambda: self._set("theme", self.theme.currentData()))
        self.font_kind.currentIndexChanged.connect(self._font_changed)
        self.font_name.currentFontChanged.connect(self._font_changed)
        self.font_size.valueChanged.connect(lambda value: self._set("font_size", value))
        self.line_height.valueChanged.connect(
            lambda value: self._set("line_height", round(value, 2))
        )
        self.measure.valueChanged.connect(lambda value: self._set("measure", value))
        self.paragraph_spacing.valueChanged.connect(
            lambda value: self._set("paragraph_spacing", round(value, 2))
        )
        self.justify.toggled.connect(lambda on: self._set("justify", on))
        self.mark_read.currentIndexChanged.connect(self._mark_read_changed)
        self.mark_read_seconds.valueChanged.connect(
            lambda value: self._set("mark_read_seconds", value)
        )
        self.sidebar.toggled.connect(lambda on: self._set("sidebar_visible", on))
        self.keep_tracking.toggled.connect(lambda on: self._set("keep_tracking_parameters", on))

    def _font_changed(self) -> None:
        kind = self.font_kind.currentData()
        self.font_name.setEnabled(not kind)
        # The family the box shows (its font's family() may be an alias: "Sans Serif").
        named = self.font_name.currentText().strip() or self.font_name.currentFont().family()
        self._set("font_family", kind or named)

    def _mark_read_changed(self) -> None:
        mode = self.mark_read.currentData()
        self.mark_read_seconds.setEnabled(mode == "after_seconds")
        self._set("mark_read", mode)

    def _set(self, name: str, value: object) -> None:
        """One preference changed: applied, and saved (a failure said here)."""
        if self._filling:
            return
        self._prefs.set(name, value)
        self._applied()
        try:
            self._prefs.save()
        except StoreError as e:
            self.error.setText(printable(f"Your preferences could not be saved: {e}"))
            self.error.show()
        else:
            self.error.hide()


def _choices(choices: tuple[tuple[str, str], ...]) -> QComboBox:
    box = QComboBox()
    for label, value in choices:
        box.addItem(label, value)
    return box


def _choose(box: QComboBox, value: str) -> None:
    box.setCurrentIndex(max(0, box.findData(value)))


def _spin(name: str, suffix: str, step: int = 1) -> QSpinBox:
    option = BY_NAME[name]
    spin = QSpinBox()
    spin.setRange(int(option.low or 0), int(option.high or 0))
    spin.setSingleStep(step)
    spin.setSuffix(suffix)
    spin.setToolTip(option.description)
    return spin


def _double(name: str, step: float, decimals: int, suffix: str = "") -> QDoubleSpinBox:
    option = BY_NAME[name]
    spin = QDoubleSpinBox()
    spin.setRange(option.low or 0.0, option.high or 0.0)
    spin.setSingleStep(step)
    spin.setDecimals(decimals)
    spin.setSuffix(suffix)
    spin.setToolTip(option.description)
    return spin


def _row(*widgets: QWidget) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch(1)
    return row
