"""An article's date as its reader writes dates, without Qt and without ``setlocale``.

The reading page names the date once, in the header. Core cannot ask Qt (``QLocale`` is what
the window should pass to ``render.article_page`` as ``date_text``: it follows the desktop's
settings), and ``locale.setlocale`` + ``strftime`` is no fallback: it changes the whole
process (unsafe while other threads format), needs the locale generated on the system (a
container or a Flatpak often has only ``C.UTF-8``), and ``%x`` writes ``02/03/25``, which a
reader cannot tell from March 2. So the CLI and the tests get this small table of long date
forms, chosen by the POSIX locale variables; an unknown language gets ISO 8601, which no
reader misreads.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping

_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre",
}


def reader_locale(environ: Mapping[str, str] | None = None) -> str:
    """The locale the reader set (``LC_ALL``, then ``LC_TIME``, then ``LANG``), e.g.
    ``zh_CN``; ``""`` when none is set or it is ``C``/``POSIX``."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_TIME", "LANG"):
        value = env.get(name, "")
        if value:
            tag = value.split(".")[0].split("@")[0]
            return "" if tag in ("C", "POSIX") else tag
    return ""


def date_text(when: dt.datetime, locale: str | None = None) -> str:
    """``when`` (already in the reader's time zone) as a long date with hours and minutes."""
    tag = reader_locale() if locale is None else locale
    lang, _, region = tag.replace("-", "_").partition("_")
    lang = lang.lower()
    day, month, year = when.day, when.month, when.year
    clock = f"{when.hour:02d}:{when.minute:02d}"
    if lang in ("zh", "ja"):
        return f"{year}年{month}月{day}日 {clock}"
    if lang == "ko":
        return f"{year}년 {month}월 {day}일 {clock}"
    if lang in _MONTHS:
        name = _MONTHS[lang].split()[month - 1]
        if lang == "en" and region.upper() in ("US", "PH", ""):
            hour = when.hour % 12 or 12
            return f"{name} {day}, {year}, {hour}:{when.minute:02d} {_meridiem(when.hour)}"
        if lang == "en":
            return f"{day} {name} {year}, {clock}"
        if lang == "de":
            return f"{day}. {name} {year}, {clock}"
        if lang == "fr":
            return f"{day} {name} {year} à {clock}"
        return f"{day} de {name} de {year}, {clock}"
    return f"{year:04d}-{month:02d}-{day:02d} {clock}"


def _meridiem(hour: int) -> str:
    return "AM" if hour < 12 else "PM"
