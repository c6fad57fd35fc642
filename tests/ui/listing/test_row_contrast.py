"""A list row's second lines (source, date, snippet) are readable in every theme: at least
4.5:1 on the list and on the selected row (they were the title's colour at 62%)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette

from reader.core.page.theme import THEMES, contrast_ratio
from reader.ui.listing.delegate import secondary_colour
from reader.ui.theme import palette_of


def _over(colour: QColor, background: QColor) -> str:
    """``colour`` painted over ``background`` (its alpha blended in), as #rrggbb."""
    a = colour.alphaF()
    channels = (
        round(a * fore + (1 - a) * back)
        for fore, back in zip(colour.getRgb()[:3], background.getRgb()[:3], strict=True)
    )
    return "#" + "".join(f"{c:02x}" for c in channels)


@pytest.mark.parametrize("theme", THEMES.values(), ids=list(THEMES))
@pytest.mark.parametrize("selected", [False, True])
def test_second_lines_are_readable(qapp, theme, selected: bool) -> None:
    palette = palette_of(theme)
    role = QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Base
    background = palette.color(role)
    shown = _over(secondary_colour(palette, selected), background)
    assert contrast_ratio(shown, background.name()) >= 4.5
