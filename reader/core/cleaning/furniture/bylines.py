"""Who wrote and edited the article, and when, where the page put it in the text: date lines
(the byline beside them moved to the header), byline lines, and editors', translators' and
agencies' credit lines (moved to the header), whole or after a paragraph's last break."""

# ruff: noqa: RUF001, RUF002  (CJK punctuation in patterns and examples is meant)

from __future__ import annotations

import datetime as dt
import re

import lxml.html

from reader.core.cleaning.furniture.captions import beside_media
from reader.core.cleaning.furniture.found import (
    MOVED_HEADER,
    RULE_BYLINE,
    RULE_COPYRIGHT,
    RULE_CREDIT,
    RULE_DATE_LINE,
    RULE_HEADER_DATE,
    RULE_PROMO,
    RULE_TOKEN,
    Furniture,
    Removed,
)
from reader.core.cleaning.furniture.patterns import (
    AGENCY_CREDIT,
    CONTRIBUTION,
    CREDIT_TAIL,
    END_MARK,
    LEADING_NULL,
    NAME_LIKE,
    PROMO_SHORT_MAX,
    SENTENCE_END,
    SHORT,
    SPACE,
    TOKEN,
    TRAILING_CREDIT,
    date_of,
    is_copyright,
    is_credit,
    is_promo,
    is_promo_short,
)
from reader.core.cleaning.furniture.tree import line_text, remove_element
from reader.core.page.text import MEDIA_CLASS


def credit_line(text: str, where: str) -> bool:
    """A credit line: editors and translators named, with no sentence in it ("…突破。记者…"
    is a paragraph, "记者：谢谢您接受采访。" an interview's line), or at the tail the authors
    and agencies ("雨涵/任琛（法新社）")."""
    if len(text) > 120:
        return False
    if where == "tail" and AGENCY_CREDIT.match(text):
        return True
    if not (is_credit(text) or (where == "tail" and CREDIT_TAIL.search(text))):
        return False
    body = text[:-1] if text.endswith("。") and CONTRIBUTION.search(text) else text
    return not SENTENCE_END.search(body)


def _line_rule(line: str, where: str) -> str | None:
    """The rule a line after a ``<br>`` falls under, judged alone."""
    if is_copyright(line) and len(line) <= SHORT:
        return RULE_COPYRIGHT
    if (is_promo(line) and len(line) <= SHORT) or (
        len(line) <= PROMO_SHORT_MAX and is_promo_short(line)
    ):
        return RULE_PROMO
    if credit_line(line, where):
        return RULE_CREDIT
    if TOKEN.match(line) or END_MARK.fullmatch(line):
        return RULE_TOKEN
    return None


def cut_trailing_lines(
    unit: lxml.html.HtmlElement, lines: list[str], where: str, found: Furniture
) -> bool:
    """Furniture lines after a paragraph's last ``<br>``s ("…突破。<br><br>记者… 责编：…",
    "bio<br>翻译：Cindy Hao<br>点击查看本文英文版。") go; the paragraph stays. True if any
    went."""
    cut = False
    while len(lines) > 1:
        rule = _line_rule(lines[-1], "tail" if where != "head" else where)
        if rule is None:
            return cut
        brs = [br for br in unit.iter("br") if br.getparent() is unit]
        if not brs:
            return cut
        last = brs[-1]
        if _text_len_after(last) != len("".join(lines[-1].split())):
            return cut
        cut = True
        for sibling in list(last.itersiblings()):
            unit.remove(sibling)
        last.tail = None
        while len(unit) and unit[-1].tag == "br" and not (unit[-1].tail or "").strip(SPACE):
            unit.remove(unit[-1])
        if rule == RULE_CREDIT:
            found.credits.append(lines[-1])
        found.removed.append(
            Removed(rule, lines[-1], MOVED_HEADER if rule == RULE_CREDIT else None)
        )
        lines = lines[:-1]
    return cut


def _text_len_after(el: lxml.html.HtmlElement) -> int:
    text = (el.tail or "") + "".join(
        s.text_content() + (s.tail or "") for s in el.itersiblings() if isinstance(s.tag, str)
    )
    return len("".join(text.split()))


_STANDARDS = re.compile(r"我们的标准|我們的標準|Trust Principles")


def is_standards(text: str) -> bool:
    return len(text) <= 40 and bool(_STANDARDS.search(text))


def dates_only(lines: list[str], where: str, header_day: set[dt.date]) -> bool:
    """Every line is a date, a time, a relative time or (in the head) a byline-like name
    beside at least one date; outside the head and tail only the header's own date."""
    dated = False
    for line in lines:  # stops at the first line that rules it out
        day = date_of(line)
        if day is None:
            if where != "head" or not byline_like(line):
                return False
        elif where == "body" and day not in header_day:
            return False
        else:
            dated = True
    return dated


def head_lines(unit: lxml.html.HtmlElement, lines: list[str], where: str, found: Furniture) -> None:
    """A date line (maybe with a byline beside it, as "author<br>date"): the date goes, the
    byline moves to the header."""
    names = []
    for line in lines:
        if date_of(line) is not None:
            rule = RULE_DATE_LINE if where != "body" else RULE_HEADER_DATE
            found.removed.append(Removed(rule, line))
        else:
            names.append(line)
    for name in names:
        name = LEADING_NULL.sub("", name)
        if name.strip() and not TOKEN.match(name):
            _set_byline(found, name.strip())
            found.removed.append(Removed(RULE_BYLINE, name.strip(), MOVED_HEADER))
        elif name.strip():
            found.removed.append(Removed(RULE_TOKEN, name.strip()))
    for line in lines:
        m = LEADING_NULL.match(line)
        if m:
            found.removed.append(Removed(RULE_TOKEN, m.group().strip()))
    remove_element(unit)


def byline_like(line: str) -> bool:
    line = LEADING_NULL.sub("", line)
    return bool(NAME_LIKE.match(line)) and not SENTENCE_END.search(line)


def name_line(unit: lxml.html.HtmlElement) -> bool:
    """A head line that may be a byline: short, a name's shape, not an image's caption."""
    if unit.tag in ("figcaption", "small", "caption", "h1", "h2", "h3", "h4", "h5", "h6"):
        return False  # a caption or a heading (a standfirst) is not who wrote the article
    if unit.get("data-testid") or any(up.tag in ("h1", "h2", "h3") for up in unit.iterancestors()):
        return False
    return byline_like(line_text(unit)) and not beside_media(unit)


def move_byline(unit: lxml.html.HtmlElement, found: Furniture, at: int) -> None:
    text = line_text(unit)
    _set_byline(found, text)
    found.removed.insert(at, Removed(RULE_BYLINE, text, MOVED_HEADER))
    remove_element(unit)


def _set_byline(found: Furniture, name: str) -> None:
    name = " ".join(name.split())
    found.byline = f"{found.byline}, {name}" if found.byline else name


def move_credit(unit: lxml.html.HtmlElement, found: Furniture) -> None:
    text = line_text(unit)
    credit = " ".join(text.split())
    found.credits.append(credit)
    found.removed.append(Removed(RULE_CREDIT, text, MOVED_HEADER))
    remove_element(unit)


def trailing_credit(unit: lxml.html.HtmlElement, found: Furniture) -> None:
    """A credit glued to the end of a paragraph: "…难民。（实习编译：李凯欣/核稿：蔡佳敏）"."""
    whole = unit.text_content() if len(unit) else unit.text or ""  # holds the last text:
    # no ")" or ":" there, no credit
    if not (("）" in whole or ")" in whole) and ("：" in whole or ":" in whole)):
        return
    last = _last_text_holder(unit)
    if last is None:
        return
    el, attr = last
    value = getattr(el, attr) or ""
    m = TRAILING_CREDIT.search(value)
    if not m:
        return
    credit = m.group().strip(SPACE)
    setattr(el, attr, value[: m.start()])
    found.credits.append(credit.strip("（）()"))
    found.removed.append(Removed(RULE_CREDIT, credit, MOVED_HEADER))


def _last_text_holder(unit: lxml.html.HtmlElement) -> tuple[lxml.html.HtmlElement, str] | None:
    """The node holding the unit's last text: (element, "text" or "tail")."""
    last = None

    def walk(el: lxml.html.HtmlElement) -> None:
        nonlocal last
        if (el.text or "").strip(SPACE):
            last = (el, "text")
        for child in el:
            if isinstance(child.tag, str) and child.get("class") != MEDIA_CLASS:
                walk(child)
            if (child.tail or "").strip(SPACE):
                last = (child, "tail")

    walk(unit)
    return last
