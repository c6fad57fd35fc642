"""An article's date as the desktop's locale writes it (the header's date)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale, QTime


def locale_date(when: dt.datetime) -> str:
    """An article's date as the desktop's locale writes it: the long date, the short time
    ("Saturday, February 15, 2025 8:03 AM", "2025年2月15日星期六 08:03")."""
    locale = QLocale()
    day = locale.toString(QDate(when.year, when.month, when.day), QLocale.FormatType.LongFormat)
    clock = QTime(when.hour, when.minute, when.second)
    return f"{day} {locale.toString(clock, QLocale.FormatType.ShortFormat)}"
