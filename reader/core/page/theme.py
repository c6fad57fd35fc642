"""The colour themes: Light, Sepia and Dark, for the article and the whole window; no Qt.

Each colour is named for what it paints; ``CONTRAST`` names, for every colour, the colour it
stands on and the WCAG 2.x contrast ratio it must reach there (4.5 for text, 3 for rules), and
the tests hold every theme to it. The window (reader/ui/theme.py) makes a QPalette of the same
table, and render.page_style the article's style sheet. "system" is not a theme of its own: it
is Light or Dark as the desktop's colour scheme says (``resolve``).
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True, slots=True)
class Theme:
    name: str  # the ``theme`` preference's value
    label: str  # for the Preferences dialog
    dark: bool
    # The article
    background: str
    text: str  # body text, the title
    secondary: str  # the meta line, captions, media placeholders, the list's second lines
    link: str
    quote: str  # block quotes
    rule: str  # table rules, a media placeholder's edge
    frame: str  # a media placeholder's box (an image not shown: its host and alt text)
    highlight: str  # a search match
    highlight_text: str  # (on both)
    current_match: str  # the match F3 went to last (also underlined: not by colour alone)
    selection: str  # selected text, the list's current row
    selection_text: str
    # The window around it (list, sidebar, note, dialogs)
    window: str
    window_text: str
    base: str  # lists, the note, text fields
    button: str
    button_text: str
    placeholder: str  # an empty field's hint ("Write a note…")
    tooltip: str
    tooltip_text: str

    def colours(self) -> dict[str, str]:
        """Every colour by its field's name."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name in COLOUR_FIELDS}


LIGHT = Theme(
    name="light",
    label="Light",
    dark=False,
    background="#ffffff",
    text="#1f1f1f",
    secondary="#5f6368",
    link="#1a5fb4",
    quote="#3d3d3d",
    rule="#8c8c8c",
    frame="#f3f3f3",
    highlight="#ffe066",
    highlight_text="#000000",
    current_match="#ff9632",
    selection="#1a5fb4",
    selection_text="#ffffff",
    window="#f3f3f3",
    window_text="#1f1f1f",
    base="#ffffff",
    button="#e9e9e9",
    button_text="#1f1f1f",
    placeholder="#656565",
    tooltip="#ffffdc",
    tooltip_text="#1f1f1f",
)

SEPIA = Theme(
    name="sepia",
    label="Sepia",
    dark=False,
    background="#f4ecd8",
    text="#433422",
    secondary="#6b5845",
    link="#1f4e8c",
    quote="#5b4636",
    rule="#8f7a5c",
    frame="#ece3cc",
    highlight="#ffd75e",
    highlight_text="#000000",
    current_match="#f08c3c",
    selection="#5b4636",
    selection_text="#f4ecd8",
    window="#eadfc4",
    window_text="#433422",
    base="#f4ecd8",
    button="#e0d2b2",
    button_text="#433422",
    placeholder="#6b5845",
    tooltip="#fbf6ea",
    tooltip_text="#433422",
)

DARK = Theme(
    name="dark",
    label="Dark",
    dark=True,
    background="#1c1b22",
    text="#e8e6e3",
    secondary="#a8a6a0",
    link="#8ab4f8",
    quote="#cfcdc9",
    rule="#6e6e6e",
    frame="#26252d",
    highlight="#e0b84a",
    highlight_text="#000000",
    current_match="#ff8c42",
    selection="#2f5f9e",
    selection_text="#ffffff",
    window="#2e2d36",
    window_text="#e8e6e3",
    base="#1c1b22",
    button="#3b3a44",
    button_text="#e8e6e3",
    placeholder="#a8a6a0",
    tooltip="#34333b",
    tooltip_text="#e8e6e3",
)

THEMES: dict[str, Theme] = {theme.name: theme for theme in (LIGHT, SEPIA, DARK)}
CHOICES = ("system", *THEMES)  # the ``theme`` preference's values, in the dialog's order

_NOT_COLOURS = ("name", "label", "dark")
COLOUR_FIELDS = tuple(f.name for f in fields(Theme) if f.name not in _NOT_COLOURS)

# (what, colour, on colour, the least contrast ratio): every colour of a theme is checked.
TEXT, NON_TEXT = 4.5, 3.0  # WCAG 2.x AA: normal text; rules and other graphics (1.4.11)
CONTRAST: tuple[tuple[str, str, str, float], ...] = (
    ("body text and title", "text", "background", TEXT),
    ("links", "link", "background", TEXT),
    ("meta line, captions, media placeholders", "secondary", "background", TEXT),
    ("block quotes", "quote", "background", TEXT),
    ("table rules", "rule", "background", NON_TEXT),
    ("a media placeholder's host", "secondary", "frame", TEXT),
    ("a media placeholder's alt text", "text", "frame", TEXT),
    ("a media placeholder's Load images link", "link", "frame", TEXT),
    ("search highlight", "highlight_text", "highlight", TEXT),
    ("the current search match", "highlight_text", "current_match", TEXT),
    ("selected text", "selection_text", "selection", TEXT),
    ("window text", "window_text", "window", TEXT),
    ("list and note text", "text", "base", TEXT),
    ("the list's second lines", "secondary", "base", TEXT),
    ("links in dialogs, unread dots", "link", "window", TEXT),
    ("buttons", "button_text", "button", TEXT),
    ("an empty field's hint", "placeholder", "base", TEXT),
    ("tooltips", "tooltip_text", "tooltip", TEXT),
)


def resolve(name: str, system_dark: bool) -> Theme:
    """The theme the ``theme`` preference asks for: "system" is Dark when the desktop's colour
    scheme is dark, else Light; an unknown name is Light."""
    if name == "system":
        return DARK if system_dark else LIGHT
    return THEMES.get(name, LIGHT)


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2.x contrast ratio of two ``#rrggbb`` colours: 1 (same) to 21 (black on white)."""
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of ``#rrggbb``."""
    digits = colour.removeprefix("#")
    if len(digits) != 6:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    red, green, blue = (_linear(int(digits[i : i + 2], 16) / 255) for i in (0, 2, 4))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def low_contrast(theme: Theme) -> list[str]:
    """What in ``theme`` falls short of its least contrast ratio, said ("links: #777777 on
    #ffffff is 4.48, under 4.5"); empty when all is readable."""
    found = []
    for what, fore, back, least in CONTRAST:
        front, behind = getattr(theme, fore), getattr(theme, back)
        ratio = contrast_ratio(front, behind)
        if ratio < least:
            found.append(f"{what}: {front} on {behind} is {ratio:.2f}, under {least:g}")
    return found
