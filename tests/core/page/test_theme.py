"""The themes' colours: every one readable on what it stands on (WCAG 2.x contrast, computed
from the table), the article's style sheet made of them, "system" as the desktop says."""

from __future__ import annotations

import dataclasses

import pytest

from reader.core.page.render import page_style
from reader.core.page.theme import (
    COLOUR_FIELDS,
    CONTRAST,
    DARK,
    LIGHT,
    NON_TEXT,
    SEPIA,
    TEXT,
    THEMES,
    Theme,
    contrast_ratio,
    low_contrast,
    resolve,
)


def test_contrast_ratio_as_wcag_computes_it() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1.0)
    # The well-known limits: #767676 is the lightest grey on white that passes AA (4.54),
    # #777777 just fails (4.48).
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    with pytest.raises(ValueError, match="rrggbb"):
        contrast_ratio("red", "#ffffff")


@pytest.mark.parametrize("theme", THEMES.values(), ids=list(THEMES))
def test_every_colour_of_every_theme_is_readable(theme: Theme) -> None:
    assert low_contrast(theme) == []
    for what, fore, back, least in CONTRAST:
        ratio = contrast_ratio(getattr(theme, fore), getattr(theme, back))
        assert ratio >= least, f"{theme.name}: {what} {ratio:.2f} < {least}"


def test_the_checks_cover_every_colour_and_the_required_pairs() -> None:
    """A colour added to the table without a contrast check would escape the test above."""
    checked = {name for _what, fore, back, _least in CONTRAST for name in (fore, back)}
    assert checked == set(COLOUR_FIELDS)
    least = {(fore, back): minimum for _what, fore, back, minimum in CONTRAST}
    for pair in (
        ("text", "background"),  # body text (and the title, in the same colour)
        ("link", "background"),
        ("secondary", "background"),  # meta line, captions, media placeholders
        ("highlight_text", "highlight"),  # a search match
        ("selection_text", "selection"),
        ("text", "base"),  # the list, the note
    ):
        assert least[pair] == TEXT
    assert least[("rule", "background")] == NON_TEXT


@pytest.mark.parametrize(
    ("field", "colour"),
    [
        ("link", "#777777"),  # 4.48 on white
        ("secondary", "#9a9a9a"),
        ("selection_text", "#3a6fc0"),
        ("highlight", "#333333"),
        ("rule", "#dddddd"),  # the old #c8c8c8 rules were 1.67 on white
        ("placeholder", "#bbbbbb"),
    ],
)
def test_a_low_contrast_colour_is_caught(field: str, colour: str) -> None:
    bad = dataclasses.replace(LIGHT, **{field: colour})
    found = low_contrast(bad)
    assert found
    assert colour in found[0]


def test_system_follows_the_desktop_scheme() -> None:
    assert resolve("system", system_dark=True) is DARK
    assert resolve("system", system_dark=False) is LIGHT
    assert resolve("sepia", system_dark=True) is SEPIA
    assert resolve("light", system_dark=True) is LIGHT
    assert resolve("nonsense", system_dark=True) is LIGHT


@pytest.mark.parametrize("theme", THEMES.values(), ids=list(THEMES))
def test_the_page_style_is_made_of_the_theme(theme: Theme) -> None:
    style = page_style(theme)
    for colour in (theme.text, theme.link, theme.secondary, theme.rule, theme.quote):
        assert colour in style
    others = {c for t in THEMES.values() if t is not theme for c in (t.text, t.link, t.rule)}
    others -= set(theme.colours().values())
    assert not [c for c in others if c in style]
