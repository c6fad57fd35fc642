"""The article's typography as the preferences set it: font, size, line height, measure,
paragraph spacing, justification; no Qt.

The measure is counted in characters of Latin text, which run about half an em wide, so a
measure of N is N/2 em of the body font: 80 (the default) is 40 em, about 80 Latin characters
or 40 Chinese ones (a CJK character is a full em) a line. Chinese reads best at about 30-40
characters a line, English at 60-80: one rule serves both.

Each font choice lists fallbacks that cover Chinese (Noto Serif/Sans CJK SC first: the
library is mostly simplified Chinese), Arabic and Cyrillic, on Linux, macOS and Windows; Qt
takes each character from the first family that has it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SERIF_FAMILIES = (
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "Songti SC",
    "SimSun",
    "Noto Naskh Arabic",
    "Noto Serif",  # Latin, Greek, Cyrillic
    "DejaVu Serif",
    "Times New Roman",
    "DejaVu Sans",  # Arabic, where no Arabic serif is installed
)
SANS_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "PingFang SC",
    "Hiragino Sans GB",
    "Microsoft YaHei",
    "Noto Sans Arabic",
    "Noto Sans Hebrew",
    "Noto Sans",
    "DejaVu Sans",
    "Segoe UI",
)
MONO_FAMILIES = ("Noto Sans Mono CJK SC", "DejaVu Sans Mono", "Consolas", "Menlo")
GENERIC = {"serif": "serif", "sans": "sans-serif"}

CHARS_PER_EM = 2  # Latin characters in an em, for the measure (see the module docstring)


@dataclass(frozen=True, slots=True)
class Typography:
    """What the ``font_family``, ``font_size``, ``line_height``, ``measure``,
    ``paragraph_spacing`` and ``justify`` preferences say (their defaults here too)."""

    family: str = "serif"  # "serif", "sans" or a font family's name
    size: int = 13  # points, before the zoom
    line_height: float = 1.25  # times the font size
    measure: int = 80  # characters a line (see the module docstring)
    paragraph_spacing: float = 0.9  # em after each paragraph
    justify: bool = False

    @property
    def families(self) -> tuple[str, ...]:
        """The font families to ask for, the chosen one first, then its fallbacks."""
        if self.family == "sans":
            return SANS_FAMILIES
        if self.family == "serif":
            return SERIF_FAMILIES
        return (self.family, *(f for f in SERIF_FAMILIES if f != self.family))

    @property
    def generic(self) -> str:
        """The generic CSS family that ends the list."""
        return GENERIC["sans"] if self.family == "sans" else GENERIC["serif"]

    @property
    def measure_em(self) -> float:
        """The reading column's width in em of the body font."""
        return self.measure / CHARS_PER_EM


def css_families(families: tuple[str, ...], generic: str) -> str:
    """A CSS ``font-family`` value: each name quoted, the generic family last. A name is the
    user's (a preference): what could end the string, the rule or a ``<style>`` is dropped."""
    quoted = ('"' + _UNSAFE.sub("", name) + '"' for name in families)
    return ", ".join((*quoted, generic))


_UNSAFE = re.compile(r'["\\<>{};\x00-\x1f\x7f]')
