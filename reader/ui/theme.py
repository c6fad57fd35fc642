"""The look the preferences ask for, applied: the theme's colours as the application's palette
(the list, sidebar, note, dialogs), and the theme with the typography for the article.

"system" follows the desktop's colour scheme (QStyleHints.colorScheme: Dark gives our Dark,
anything else our Light), live: a change of scheme while the window is open is applied at
once. The colours themselves are a Qt-free table (reader/core/page/theme.py), whose contrast
the tests check.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QToolTip

from reader.core.page.theme import Theme, resolve
from reader.core.page.typography import Typography
from reader.core.userdata.prefs import Preferences

_Role = QPalette.ColorRole
_Group = QPalette.ColorGroup


def palette_of(theme: Theme) -> QPalette:
    """A palette of the theme's colours, for every widget (disabled text: half-way to the
    background, as inactive controls may be)."""
    palette = QPalette()
    roles = {
        _Role.Window: theme.window,
        _Role.WindowText: theme.window_text,
        _Role.Base: theme.base,
        _Role.AlternateBase: theme.window,
        _Role.Text: theme.text,
        _Role.Button: theme.button,
        _Role.ButtonText: theme.button_text,
        _Role.BrightText: theme.background,
        _Role.PlaceholderText: theme.placeholder,
        _Role.ToolTipBase: theme.tooltip,
        _Role.ToolTipText: theme.tooltip_text,
        _Role.Highlight: theme.selection,
        _Role.HighlightedText: theme.selection_text,
        _Role.Link: theme.link,
        _Role.LinkVisited: theme.link,
        _Role.Accent: theme.selection,
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    button = QColor(theme.button)
    shades = {
        _Role.Light: button.lighter(150),
        _Role.Midlight: button.lighter(115),
        _Role.Mid: button.darker(130) if not theme.dark else button.lighter(140),
        _Role.Dark: button.darker(160) if not theme.dark else button.darker(130),
        _Role.Shadow: QColor("#000000"),
    }
    for role, shade in shades.items():
        palette.setColor(role, shade)
    for role, back in (
        (_Role.Text, theme.base),
        (_Role.WindowText, theme.window),
        (_Role.ButtonText, theme.button),
    ):
        palette.setColor(_Group.Disabled, role, _between(palette.color(role), QColor(back)))
    return palette


def _between(one: QColor, other: QColor) -> QColor:
    return QColor(
        (one.red() + other.red()) // 2,
        (one.green() + other.green()) // 2,
        (one.blue() + other.blue()) // 2,
    )


class Appearance(QObject):
    """The theme and typography the preferences say, kept applied: ``apply()`` sets the
    application's palette and says ``changed`` (the viewer restyles the article)."""

    changed = Signal()

    def __init__(self, prefs: Preferences, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._prefs = prefs
        hints = QGuiApplication.styleHints()
        self._scheme = hints.colorScheme()
        hints.colorSchemeChanged.connect(self._scheme_changed)
        self.applied: Theme | None = None  # the theme on screen

    @property
    def theme(self) -> Theme:
        return resolve(self._prefs.theme, self._scheme == Qt.ColorScheme.Dark)

    @property
    def typography(self) -> Typography:
        prefs = self._prefs
        return Typography(
            family=prefs.font_family,
            size=prefs.font_size,
            line_height=prefs.line_height,
            measure=prefs.measure,
            paragraph_spacing=prefs.paragraph_spacing,
            justify=prefs.justify,
        )

    def apply(self) -> None:
        """The palette of the theme asked for, on the whole application; ``changed``."""
        theme = self.theme
        palette = palette_of(theme)
        QApplication.setPalette(palette)
        QToolTip.setPalette(palette)
        polished = Qt.WidgetAttribute.WA_WState_Polished
        for widget in QApplication.allWidgets():
            sheet = widget.styleSheet()
            # A style sheet keeps the palette it was polished with (and its palette(...)
            # colours): polished again. One not polished yet (the window being made) takes
            # the new palette when it is, at no cost at start-up.
            if sheet and widget.testAttribute(polished):
                widget.setStyleSheet(sheet)
        self.applied = theme
        self.changed.emit()

    def _scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        self._scheme = scheme
        if self._prefs.theme == "system" and self.theme != self.applied:
            self.apply()
