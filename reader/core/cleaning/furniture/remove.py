"""``remove_furniture``: the passes over a cleaned article tree, and the judgment of each line."""

from __future__ import annotations

import datetime as dt
import re

import lxml.html

from reader.core.cleaning.furniture.bylines import (
    byline_like,
    credit_line,
    cut_trailing_lines,
    dates_only,
    head_lines,
    is_standards,
    move_byline,
    move_credit,
    name_line,
    trailing_credit,
)
from reader.core.cleaning.furniture.captions import photo_credit, strip_caption_label
from reader.core.cleaning.furniture.found import (
    RULE_BOILERPLATE,
    RULE_COPYRIGHT,
    RULE_PHOTO_CREDIT,
    RULE_PROMO,
    RULE_RELATIVE_TIME,
    RULE_SHARE,
    RULE_TOKEN,
    Furniture,
)
from reader.core.cleaning.furniture.leftovers import fix_text
from reader.core.cleaning.furniture.patterns import (
    BOILERPLATE,
    CAPTION_LABEL,
    PROMO_SHORT_MAX,
    RELATIVE,
    SHARE_CORE,
    SHARE_WORDS,
    SHORT,
    SPACE,
    TOKEN,
    is_copyright,
    is_promo,
    is_promo_short,
)
from reader.core.cleaning.furniture.related import archive_boxes, placeholders_only, related_stories
from reader.core.cleaning.furniture.tree import (
    attached,
    drop,
    joined,
    remove_element,
    site_of,
    text_len,
    text_lines,
    tidy,
)
from reader.core.cleaning.furniture.units import article_units, prose_span, wrap_loose_runs

# Empty today: everything furniture in the news corpus is caught by a general rule (the one
# per-source rule needed is for titles: ``titles.SOURCE_TITLE_SUFFIXES``).
SOURCE_RULES: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {}


def remove_furniture(
    root: lxml.html.HtmlElement,
    *,
    published: int | None = None,
    url: str | None = None,
) -> Furniture:
    """Take the furniture out of ``root`` (a cleaned article tree) in place.

    ``published`` (epoch ms) is the header's date: a block that only repeats it goes wherever
    it stands; ``url`` names the source (its own rules, and which links are related stories);
    """
    found = Furniture()
    # Every element's Python proxy kept alive for the passes below: lxml then hands back the
    # same proxy on each walk instead of building (and class-looking-up) a new one each time.
    alive = list(root.iter())
    runs = wrap_loose_runs(root)
    fix_text(root, found)
    archive_boxes(root, found)
    related_stories(root, url, found)
    header_day = _header_day(published)
    host = (site_of(url) or "") if SOURCE_RULES else ""
    units = article_units(root)
    first, last = prose_span(units)
    names: list[lxml.html.HtmlElement] = []  # short head lines waiting for a date line
    credited = False  # the unit before moved a photo credit into this one, its caption
    for index, (unit, lines) in enumerate(units):
        if credited:
            lines = text_lines(unit)
        credited = False
        if not attached(unit, root):
            continue
        where = "head" if index < first else "tail" if index > last else "body"
        before = len(found.removed)
        if where == "head" and unit.tag == "address" and byline_like(joined(lines)):
            move_byline(unit, found, before)  # <address> before the text: the byline
            names = []
            continue
        following = units[index + 1][0] if index + 1 < len(units) else None
        dated = _judge(unit, lines, where, header_day, host, following, found)
        credited = any(item.rule == RULE_PHOTO_CREDIT for item in found.removed[before:])
        if dated and where == "head":
            for name in names:  # "name / role" lines right before the date: the byline
                move_byline(name, found, before)
                before += 1
        if where == "head" and len(found.removed) == before and name_line(unit):
            names.append(unit)
        else:
            names = []
    for run in runs:
        if attached(run, root):
            run.drop_tag()
    tidy(root)
    del alive
    return found


def _judge(
    unit: lxml.html.HtmlElement,
    lines: list[str],
    where: str,
    header_day: set[dt.date],
    host: str,
    following: lxml.html.HtmlElement | None,
    found: Furniture,
) -> bool:
    """Remove or move ``unit`` (whose ``text_lines`` are ``lines``) if it is furniture; True if
    it was a date line."""
    multiline = len(lines) > 1 and not dates_only(lines, where, header_day)
    if multiline and cut_trailing_lines(unit, lines, where, found):
        lines = text_lines(unit)
        if not lines:
            remove_element(unit)
            return False
    text = joined(lines)
    short = len(text) <= SHORT
    if not short:  # a long block is the article's; only a credit glued to its end goes
        trailing_credit(unit, found)
        return False
    for suffix, rules in SOURCE_RULES.items():
        if host == suffix or host.endswith("." + suffix):
            for name, pattern in rules:
                if pattern.search(text):
                    drop(unit, name, found)
                    return False
    if all(RELATIVE.match(line) for line in lines):
        drop(unit, RULE_RELATIVE_TIME, found)
        return True
    if dates_only(lines, where, header_day):
        head_lines(unit, lines, where, found)
        return True
    if TOKEN.match(text):
        drop(unit, RULE_TOKEN, found)
    elif short and SHARE_WORDS.match(text) and SHARE_CORE.search(text):
        _drop_share(unit, found)
    elif short and is_copyright(text):
        drop(unit, RULE_COPYRIGHT, found)
    elif (short and is_promo(text)) or (len(text) <= PROMO_SHORT_MAX and is_promo_short(text)):
        drop(unit, RULE_PROMO, found)
    elif (short and where != "body" and BOILERPLATE.search(text)) or is_standards(text):
        drop(unit, RULE_BOILERPLATE, found)
    elif credit_line(text, where):
        move_credit(unit, found)
    elif photo_credit(unit, text, following, found):
        pass
    elif CAPTION_LABEL.match(text):
        strip_caption_label(unit, found)
    else:
        trailing_credit(unit, found)
    return False


def _drop_share(unit: lxml.html.HtmlElement, found: Furniture) -> None:
    """The share label and the icon-only links after it."""
    for other in list(unit.itersiblings()):
        if not isinstance(other.tag, str) or (other.tail or "").strip(SPACE):
            break
        if any(True for _ in other.iter("a")) and (
            text_len(other) == 0 or placeholders_only(other)
        ):
            other.drop_tree()
            continue
        break
    drop(unit, RULE_SHARE, found, keep_media=False)


def _header_day(published: int | None) -> set[dt.date]:
    """The header's date and the days either side (the page's zone is not known)."""
    if published is None:
        return set()
    try:
        day = dt.datetime.fromtimestamp(published / 1000, tz=dt.UTC).date()
    except (OverflowError, OSError, ValueError):
        return set()
    return {day - dt.timedelta(days=1), day, day + dt.timedelta(days=1)}
