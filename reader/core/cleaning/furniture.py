"""Page furniture out of a cleaned article tree, recognised by what it is.

Mirror files keep what sat around the article on its page: the date line (an ISO timestamp,
``Sat, 15 Feb 2025 … GMT``, ``03/03/2024 - 15:57``, a relative time frozen at save time such
as ``15 分钟前``), the byline, share labels, promo and subscribe notes, copyright footers,
editors' credit lines, archive boxes, related-story lists, and scraper leftovers (``**bold**``
with its asterisks, ``~END~``, a lone ``null``, ``[email protected]``). ``remove_furniture``
takes them out of the tree ``clean.clean`` left, before the allow-list pass.

Every rule has a name (the ``RULE_*`` constants) and is general: it looks at a block's text
and place (head or tail of the article, beside an image), not at the class names of the sites
seen so far. ``SOURCE_RULES`` holds the few things only a source's own habit tells apart.
What carries information is moved, not dropped: the byline and editors' credits go to the
article header (``Furniture.header_byline``), a photo credit into its caption's small print.
A rule that is not sure keeps the text: a sentence that mentions a date, a share price, a
"©" or related stories is article text.
"""

# ruff: noqa: RUF001, RUF002, RUF003  (CJK punctuation in patterns and examples is meant)

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import lxml.html

from reader.core.cleaning.furniture_text import (
    AGENCY_CREDIT,
    ARCHIVE_ANY,
    ARCHIVE_KEY,
    ASTERISKS,
    BOILERPLATE,
    CAPTION_LABEL,
    CONTRIBUTION,
    CREDIT_TAIL,
    EMAIL,
    END_MARK,
    LEADING_NULL,
    NAME_LIKE,
    PHOTO_CREDIT,
    PROMO_SHORT_MAX,
    PROTECTED,
    RELATED_ANY,
    RELATED_LABEL,
    RELATIVE,
    SENTENCE_END,
    SHARE_CORE,
    SHARE_WORDS,
    SPACE,
    TOKEN,
    TRAILING_CREDIT,
    date_of,
    is_copyright,
    is_credit,
    is_promo,
    is_promo_short,
)
from reader.core.page.text import MEDIA_CLASS

RULE_DATE_LINE = "date-line"  # a block that is only a date/time, at the head or tail
RULE_HEADER_DATE = "header-date"  # a block that is only the header's date, anywhere
RULE_RELATIVE_TIME = "relative-time"  # "15 分钟前", "3 hours ago": frozen at save time
RULE_BYLINE = "byline"  # moved to the header
RULE_SHARE = "share-bar"  # "分享 :" and icon-only links
RULE_PROMO = "promo"  # subscribe, app, English-version, podcast-feed notes
RULE_BOILERPLATE = "boilerplate"  # standards and disclaimer notes
RULE_COPYRIGHT = "copyright"  # "© 2020 AFP", "版权声明：…"
RULE_CREDIT = "credit-line"  # editors, translators, agencies: moved to the header
RULE_ARCHIVE_BOX = "archive-box"  # "档案卡 / 标题：… / 版权说明：…"
RULE_RELATED = "related-stories"  # lists and lines of links to other articles
RULE_PHOTO_CREDIT = "photo-credit"  # moved into its caption's small print
RULE_CAPTION_LABEL = "caption-label"  # "Image caption" glued before a caption
RULE_ASTERISKS = "literal-asterisks"  # "**text**" made <strong>
RULE_END_MARK = "end-mark"  # "~END~"
RULE_TOKEN = "scraper-token"  # a lone "null", "undefined", "Array"
RULE_EMAIL = "email-protected"  # "[email protected]": an address the scraper never saw

MOVED_HEADER = "header"
MOVED_CAPTION = "caption"

_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "dl",
        "dd",
        "dt",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "address",
        "blockquote",
        "figure",
        "figcaption",
        "table",
        "tr",
        "td",
        "th",
        "tbody",
        "thead",
        "tfoot",
        "pre",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "aside",
        "nav",
    ]
)
# Inline elements that stand as a line of their own when nothing else shares their line.
_LINE_TAGS = frozenset(
    ["time", "small", "span", "i", "em", "b", "strong", "a", "cite", "font", "label"]
)
_PROSE_CHARS = 60  # a block this long (without spaces) is article text, not head furniture
_SHORT = 200  # furniture blocks are short

# Empty today: everything furniture in the news corpus is caught by a general rule (the one
# per-source rule needed is for titles: ``titles.SOURCE_TITLE_SUFFIXES``).
SOURCE_RULES: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {}


@dataclass(frozen=True, slots=True)
class Removed:
    """One piece of furniture: its rule, its text, and where it went (None: dropped)."""

    rule: str
    text: str
    moved_to: str | None = None


@dataclass(slots=True)
class Furniture:
    """What ``remove_furniture`` took out of an article, by rule, and what it moved."""

    removed: list[Removed] = field(default_factory=list)
    byline: str | None = None
    credits: list[str] = field(default_factory=list)

    def by_rule(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for item in self.removed:
            found.setdefault(item.rule, []).append(item.text)
        return found

    @property
    def header_byline(self) -> str | None:
        """The byline for the article header: the author, then editors' and translators'
        credits (``"Thomas Latschan"``, ``"雨涵/任琛（法新社）"``, ``"翻译：Cindy Hao"``)."""
        parts = [p for p in [self.byline, *self.credits] if p]
        return " · ".join(dict.fromkeys(parts)) or None


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
    runs = _wrap_loose_runs(root)
    _fix_text(root, found)
    _archive_boxes(root, found)
    _related(root, url, found)
    header_day = _header_day(published)
    host = (_site(url) or "") if SOURCE_RULES else ""
    units = _units(root)
    first, last = _prose_span(units)
    names: list[lxml.html.HtmlElement] = []  # short head lines waiting for a date line
    credited = False  # the unit before moved a photo credit into this one, its caption
    for index, (unit, lines) in enumerate(units):
        if credited:
            lines = _lines(unit)
        credited = False
        if not _attached(unit, root):
            continue
        where = "head" if index < first else "tail" if index > last else "body"
        before = len(found.removed)
        if where == "head" and unit.tag == "address" and _byline_like(_joined(lines)):
            _move_byline(unit, found, before)  # <address> before the text: the byline
            names = []
            continue
        following = units[index + 1][0] if index + 1 < len(units) else None
        dated = _judge(unit, lines, where, header_day, host, following, found)
        credited = any(item.rule == RULE_PHOTO_CREDIT for item in found.removed[before:])
        if dated and where == "head":
            for name in names:  # "name / role" lines right before the date: the byline
                _move_byline(name, found, before)
                before += 1
        if where == "head" and len(found.removed) == before and _name_line(unit):
            names.append(unit)
        else:
            names = []
    for run in runs:
        if _attached(run, root):
            run.drop_tag()
    _tidy(root)
    del alive
    return found


def _is_text_child(el: lxml.html.HtmlElement) -> bool:
    return isinstance(el.tag, str) and el.get("class") != MEDIA_CLASS and el.tag != "br"


def _wrap_loose_runs(root: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Text beside blocks (``<footer><p>…</p>点击查看本文英文版。</footer>``) is a line of its
    own, as a browser shows it: wrapped for the rules to see, unwrapped after."""
    runs = []
    for el in list(root.iter(*_BLOCK_TAGS)):
        if not any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS for c in el):
            continue
        groups: list[list[lxml.html.HtmlElement]] = [[]]
        lead = el.text
        for child in list(el):
            if isinstance(child.tag, str) and child.tag in _BLOCK_TAGS:
                groups.append([])
            else:
                groups[-1].append(child)
        # text before the first child, and each block's tail, open a run
        holders: list[tuple[lxml.html.HtmlElement | None, list[lxml.html.HtmlElement]]] = []
        block_children = [c for c in el if isinstance(c.tag, str) and c.tag in _BLOCK_TAGS]
        holders.append((None, groups[0]))
        for block, group in zip(block_children, groups[1:], strict=True):
            holders.append((block, group))
        for block, group in holders:
            text = lead if block is None else block.tail
            if not (text or "").strip(SPACE) and not _inline_text(group).strip(SPACE):
                continue
            run = lxml.html.Element("p")
            run.set("data-sr-run", "")
            run.text = text
            if block is None:
                el.text = None
                el.insert(0, run)
            else:
                block.tail = None
                block.addnext(run)
            for child in group:
                run.append(child)  # moves it, with its tail
            runs.append(run)
    return runs


def _inline_text(group: list[lxml.html.HtmlElement]) -> str:
    return "".join((c.text_content() if _is_text_child(c) else "") + (c.tail or "") for c in group)


# --- the passes ----------------------------------------------------------------------------


def _fix_text(root: lxml.html.HtmlElement, found: Furniture) -> None:
    """Scraper leftovers inside text: ``**bold**``, ``~END~``, ``[email protected]``."""
    whole = root.text_content()  # every text and tail below holds a part of it
    if "~" in whole or PROTECTED.search(whole):
        _fix_marks(root, found)
    if "**" in whole:  # the marks above go with a space: they cannot join two "*"
        for node in list(root.iter()):
            if isinstance(node.tag, str) and node.tag not in ("pre", "code"):
                _bold_asterisks(node, found)


def _fix_marks(root: lxml.html.HtmlElement, found: Furniture) -> None:
    """``~END~`` and ``[email protected]`` out of every text and tail."""
    for node in list(root.iter()):
        if not isinstance(node.tag, str) or (node.getparent() is None and node is not root):
            continue
        for attr in ("text", "tail"):
            value = getattr(node, attr)
            if not value or (node is root and attr == "tail"):
                continue
            cleaned = value
            for pattern, rule in ((END_MARK, RULE_END_MARK), (EMAIL, RULE_EMAIL)):
                for m in pattern.finditer(cleaned):
                    found.removed.append(Removed(rule, m.group().strip(SPACE)))
                cleaned = pattern.sub(" ", cleaned) if pattern.search(cleaned) else cleaned
            if cleaned != value:
                setattr(node, attr, cleaned)


def _bold_asterisks(el: lxml.html.HtmlElement, found: Furniture) -> None:
    """``**text**`` inside a text node becomes ``<strong>text</strong>``."""
    for attr in ("text", "tail"):
        if attr == "tail" and el.getparent() is None:
            continue
        value = getattr(el, attr)
        if not value or "**" not in value:
            continue
        pieces = ASTERISKS.split(value)
        if len(pieces) == 1:
            continue
        setattr(el, attr, pieces[0])
        parent, at = (el, 0) if attr == "text" else (el.getparent(), el.getparent().index(el) + 1)
        for i in range(1, len(pieces), 2):
            strong = lxml.html.Element("strong")
            strong.text = pieces[i]
            strong.tail = pieces[i + 1]
            parent.insert(at, strong)
            at += 1
            found.removed.append(Removed(RULE_ASTERISKS, "**"))
            found.removed.append(Removed(RULE_ASTERISKS, "**"))


def _archive_boxes(root: lxml.html.HtmlElement, found: Furniture) -> None:
    """A box of "key：value" lines about the post (title, source, date, copyright)."""
    if len(ARCHIVE_ANY.findall(root.text_content())) < 3:
        return  # most articles: no such box, and no need to look at every block
    for el in list(root.iter(*_BLOCK_TAGS)):
        if not _attached(el, root):
            continue
        lines = _lines(el)
        keys = [line for line in lines if ARCHIVE_KEY.match(line)]
        if len(keys) < 3 or len(keys) < len(lines) - 1:
            continue
        box = el
        parent = el.getparent()
        while (
            parent is not None and parent is not root and _text_len(parent) - _text_len(box) <= 12
        ):
            box, parent = parent, parent.getparent()
        _drop(box, RULE_ARCHIVE_BOX, found)


def _related(root: lxml.html.HtmlElement, url: str | None, found: Furniture) -> None:
    """Lists and lines of links to other articles of the site, or under a "related" label."""
    site = _site(url)
    for el in list(root.iter("ul", "ol")):
        if not _attached(el, root):
            continue
        items = [li for li in el if isinstance(li.tag, str)]
        if items and all(li.tag == "li" and _link_only(li, site, headline=True) for li in items):
            _drop(el, RULE_RELATED, found)
    if not RELATED_ANY.search(root.text_content()):
        return  # no block's text can start with a label
    for el in list(root.iter(*_BLOCK_TAGS)):
        if not RELATED_LABEL.match(el.text_content().strip(SPACE)):
            continue
        if not _attached(el, root) or _has_block(el):
            continue
        text = _text(el)
        if not RELATED_LABEL.match(text) or len(text) > 120:
            continue
        if _link_only(el, None, headline=True) or _related_label_only(text):
            following = _following_links(el, site) if _related_label_only(text) else []
            _drop(el, RULE_RELATED, found, keep_media=False)
            for other in following:
                _drop(other, RULE_RELATED, found, keep_media=False)


def _related_label_only(text: str) -> bool:
    return bool(RELATED_LABEL.match(text)) and len(RELATED_LABEL.sub("", text).strip(" :：")) == 0


def _following_links(el: lxml.html.HtmlElement, site: str | None) -> list[lxml.html.HtmlElement]:
    """After a "相关阅读：" label: the blocks that are only links (or embeds of them)."""
    taken = []
    for other in el.itersiblings():
        if not isinstance(other.tag, str):
            continue
        if not (other.tail or "").strip(SPACE) and (
            _link_only(other, None) or _placeholders_only(other)
        ):
            taken.append(other)
            continue
        break
    return taken


def _link_only(el: lxml.html.HtmlElement, site: str | None, *, headline: bool = False) -> bool:
    """``el``'s text is all inside links (none of them a media placeholder) that go to
    ``site`` (any site when None), and it is not a sentence (``headline``: a question or an
    exclamation is a headline's, not a sentence)."""
    links = [a for a in el.iter("a") if a.get("class") != MEDIA_CLASS]
    if not links:
        return False
    text = _text(el)
    if not text or _text_len(el) != sum(_text_len(a) for a in links):
        return False
    if headline and (len(text) > 100 or re.search(r"[。；;]|[.]\s", text)):
        return False
    if not headline and SENTENCE_END.search(text):
        return False
    if site is None:
        return True
    return all(_site(a.get("href")) in (site, None) for a in links)


def _placeholders_only(el: lxml.html.HtmlElement) -> bool:
    media = [a for a in el.iter() if a.get("class") == MEDIA_CLASS]
    return bool(media) and _text_len(el) == sum(_text_len(a) for a in media)


# --- units: the lines of the article --------------------------------------------------------


Unit = tuple[lxml.html.HtmlElement, list[str]]  # an article line and its text (``_lines``)


def _units(root: lxml.html.HtmlElement) -> list[Unit]:
    """The article's lines in order: leaf blocks, and inline elements standing alone (not
    inside another), that hold text outside media placeholders; each with its ``_lines``.

    One walk: which elements hold a block is worked out first, from the blocks up."""
    holders = _block_holders(root)
    units: list[Unit] = []
    # Each entry: an element, whether it is inside a unit-like element, and whether it is one.
    inside_root = any(_unit_like(up) for up in [root, *root.iterancestors()])
    stack: list[tuple[lxml.html.HtmlElement, bool, bool]] = [(root, False, inside_root)]
    while stack:
        el, inside, like = stack.pop()
        if (
            like
            and not inside
            and el is not root
            and el.get("class") != MEDIA_CLASS
            and any(text.strip(SPACE) for text in el.itertext())
        ):
            lines = _lines(el)
            if lines or not any(True for _ in el.iter("a", "span")):  # text outside media
                units.append((el, lines))
        inside = inside or like
        children = list(el)
        if not children:
            continue
        tag = el.tag
        opens = tag in _BLOCK_TAGS or tag in _LINE_TAGS  # a child can stand alone in it
        elements = [c for c in children if isinstance(c.tag, str)]
        plain = sum(1 for c in elements if c.get("class") != MEDIA_CLASS)
        holds_block = el in holders
        pending = []
        prev = None
        for child in children:
            if not isinstance(child.tag, str):
                prev = child
                continue
            if child.tag in _BLOCK_TAGS:
                child_like = child not in holders
            elif child.tag in _LINE_TAGS and opens:
                # _stands_alone, with the parent's counts: no text on either side, and
                # beside it only blocks, media placeholders, or nothing (in an inline parent)
                before = (prev.tail if prev is not None else el.text) or ""
                others = plain - (child.get("class") != MEDIA_CLASS)
                child_like = (
                    not (child.tail or "").strip(SPACE)
                    and not before.strip(SPACE)
                    and (holds_block or others == 0 or (len(elements) == 1 and tag in _LINE_TAGS))
                )
            else:
                child_like = False
            pending.append((child, inside, child_like))
            prev = child
        stack.extend(reversed(pending))
    return units


def _block_holders(root: lxml.html.HtmlElement) -> set[lxml.html.HtmlElement]:
    """``root`` and the elements under it that hold a block (``_has_block``)."""
    holders: set[lxml.html.HtmlElement] = set()
    for block in root.iter(*_BLOCK_TAGS):
        if block is root:
            continue
        up = block.getparent()
        while up is not None and up not in holders:
            holders.add(up)
            if up is root:
                break
            up = up.getparent()
    return holders


def _unit_like(el: lxml.html.HtmlElement) -> bool:
    """A leaf block, or an inline element standing alone: what a unit is (given text)."""
    if el.tag in _BLOCK_TAGS:
        return not _has_block(el)
    return el.tag in _LINE_TAGS and _stands_alone(el)


def _stands_alone(el: lxml.html.HtmlElement) -> bool:
    """Nothing but blocks (or nothing) shares ``el``'s line: its parent holds blocks, and
    no text runs on either side of it."""
    parent = el.getparent()
    if parent is None or (parent.tag not in _BLOCK_TAGS and parent.tag not in _LINE_TAGS):
        return False
    if (el.tail or "").strip(SPACE):
        return False
    prev = el.getprevious()
    before = (prev.tail if prev is not None else parent.text) or ""
    if before.strip(SPACE):
        return False
    siblings = [s for s in parent if s is not el and isinstance(s.tag, str)]
    return (
        _has_block(parent)
        or all(s.get("class") == MEDIA_CLASS for s in siblings)
        or (not siblings and parent.tag in _LINE_TAGS)
    )


def _has_block(el: lxml.html.HtmlElement) -> bool:
    return any(isinstance(d.tag, str) and d.tag in _BLOCK_TAGS for d in el.iterdescendants())


def _prose_span(units: list[Unit]) -> tuple[int, int]:
    """Index of the first and last unit that is article prose (long, or a sentence)."""
    first = next((i for i, (_, lines) in enumerate(units) if _is_prose(_joined(lines))), None)
    if first is None:
        return len(units), -1
    last = next(i for i in range(len(units) - 1, first - 1, -1) if _is_prose(_joined(units[i][1])))
    return first, last


def _is_prose(text: str) -> bool:
    length = len("".join(text.split()))
    if length < 12 or (length < _PROSE_CHARS and not SENTENCE_END.search(text)):
        return False
    return not _furniture_shaped(text)


def _furniture_shaped(text: str) -> bool:
    short = len(text) <= _SHORT
    return bool(
        (short and (is_copyright(text) or is_promo(text) or BOILERPLATE.search(text)))
        or (len(text) <= 120 and is_credit(text))
        or (text.endswith((")", "）")) and AGENCY_CREDIT.match(text))  # it ends with a bracket
    )


def _judge(
    unit: lxml.html.HtmlElement,
    lines: list[str],
    where: str,
    header_day: set[dt.date],
    host: str,
    following: lxml.html.HtmlElement | None,
    found: Furniture,
) -> bool:
    """Remove or move ``unit`` (whose ``_lines`` are ``lines``) if it is furniture; True if
    it was a date line."""
    multiline = len(lines) > 1 and not _dates_only(lines, where, header_day)
    if multiline and _cut_trailing_lines(unit, lines, where, found):
        lines = _lines(unit)
        if not lines:
            _remove_element(unit)
            return False
    text = _joined(lines)
    short = len(text) <= _SHORT
    if not short:  # a long block is the article's; only a credit glued to its end goes
        _trailing_credit(unit, found)
        return False
    for suffix, rules in SOURCE_RULES.items():
        if host == suffix or host.endswith("." + suffix):
            for name, pattern in rules:
                if pattern.search(text):
                    _drop(unit, name, found)
                    return False
    if all(RELATIVE.match(line) for line in lines):
        _drop(unit, RULE_RELATIVE_TIME, found)
        return True
    if _dates_only(lines, where, header_day):
        _head_lines(unit, lines, where, found)
        return True
    if TOKEN.match(text):
        _drop(unit, RULE_TOKEN, found)
    elif short and SHARE_WORDS.match(text) and SHARE_CORE.search(text):
        _drop_share(unit, found)
    elif short and is_copyright(text):
        _drop(unit, RULE_COPYRIGHT, found)
    elif (short and is_promo(text)) or (len(text) <= PROMO_SHORT_MAX and is_promo_short(text)):
        _drop(unit, RULE_PROMO, found)
    elif (short and where != "body" and BOILERPLATE.search(text)) or _is_standards(text):
        _drop(unit, RULE_BOILERPLATE, found)
    elif _credit_line(text, where):
        _move_credit(unit, found)
    elif _photo_credit(unit, text, following, found):
        pass
    elif CAPTION_LABEL.match(text):
        _strip_caption_label(unit, found)
    else:
        _trailing_credit(unit, found)
    return False


def _credit_line(text: str, where: str) -> bool:
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
    if is_copyright(line) and len(line) <= _SHORT:
        return RULE_COPYRIGHT
    if (is_promo(line) and len(line) <= _SHORT) or (
        len(line) <= PROMO_SHORT_MAX and is_promo_short(line)
    ):
        return RULE_PROMO
    if _credit_line(line, where):
        return RULE_CREDIT
    if TOKEN.match(line) or END_MARK.fullmatch(line):
        return RULE_TOKEN
    return None


def _cut_trailing_lines(
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


def _is_standards(text: str) -> bool:
    return len(text) <= 40 and bool(_STANDARDS.search(text))


def _dates_only(lines: list[str], where: str, header_day: set[dt.date]) -> bool:
    """Every line is a date, a time, a relative time or (in the head) a byline-like name
    beside at least one date; outside the head and tail only the header's own date."""
    dated = False
    for line in lines:  # stops at the first line that rules it out
        day = date_of(line)
        if day is None:
            if where != "head" or not _byline_like(line):
                return False
        elif where == "body" and day not in header_day:
            return False
        else:
            dated = True
    return dated


def _head_lines(
    unit: lxml.html.HtmlElement, lines: list[str], where: str, found: Furniture
) -> None:
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
    _remove_element(unit)


def _byline_like(line: str) -> bool:
    line = LEADING_NULL.sub("", line)
    return bool(NAME_LIKE.match(line)) and not SENTENCE_END.search(line)


def _name_line(unit: lxml.html.HtmlElement) -> bool:
    """A head line that may be a byline: short, a name's shape, not an image's caption."""
    if unit.tag in ("figcaption", "small", "caption", "h1", "h2", "h3", "h4", "h5", "h6"):
        return False  # a caption or a heading (a standfirst) is not who wrote the article
    if unit.get("data-testid") or any(up.tag in ("h1", "h2", "h3") for up in unit.iterancestors()):
        return False
    return _byline_like(_text(unit)) and not _beside_media(unit)


def _move_byline(unit: lxml.html.HtmlElement, found: Furniture, at: int) -> None:
    text = _text(unit)
    _set_byline(found, text)
    found.removed.insert(at, Removed(RULE_BYLINE, text, MOVED_HEADER))
    _remove_element(unit)


def _set_byline(found: Furniture, name: str) -> None:
    name = " ".join(name.split())
    found.byline = f"{found.byline}, {name}" if found.byline else name


def _drop_share(unit: lxml.html.HtmlElement, found: Furniture) -> None:
    """The share label and the icon-only links after it."""
    for other in list(unit.itersiblings()):
        if not isinstance(other.tag, str) or (other.tail or "").strip(SPACE):
            break
        if any(True for _ in other.iter("a")) and (
            _text_len(other) == 0 or _placeholders_only(other)
        ):
            other.drop_tree()
            continue
        break
    _drop(unit, RULE_SHARE, found, keep_media=False)


def _move_credit(unit: lxml.html.HtmlElement, found: Furniture) -> None:
    text = _text(unit)
    credit = " ".join(text.split())
    found.credits.append(credit)
    found.removed.append(Removed(RULE_CREDIT, text, MOVED_HEADER))
    _remove_element(unit)


def _trailing_credit(unit: lxml.html.HtmlElement, found: Furniture) -> None:
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


def _photo_credit(
    unit: lxml.html.HtmlElement,
    text: str,
    following: lxml.html.HtmlElement | None,
    found: Furniture,
) -> bool:
    """ "图像来源，Getty Images" beside an image: into the caption's small print."""
    m = PHOTO_CREDIT.match(text)
    if not m or SENTENCE_END.search(m.group("who")) or not _beside_media(unit):
        return False
    label, who = m.group("label"), m.group("who").strip()
    small = lxml.html.Element("small")
    small.text = f"{label}：{who}" if re.match(r"[\u3400-\u9fff]", label) else f"{label}: {who}"
    caption = _caption_after(unit, following)
    found.removed.append(Removed(RULE_PHOTO_CREDIT, text, MOVED_CAPTION))
    if caption is not None:
        if len(caption):
            caption[-1].tail = (caption[-1].tail or "") + " "
        else:
            caption.text = (caption.text or "").rstrip(SPACE) + " "
        caption.append(small)
        _remove_element(unit)
    else:
        small.tail = unit.tail
        parent = unit.getparent()
        if unit.tag in _BLOCK_TAGS:
            for child in list(unit):
                unit.remove(child)
            unit.text = None
            unit.append(small)
        else:
            parent.replace(unit, small)
    return True


def _beside_media(unit: lxml.html.HtmlElement) -> bool:
    """A media placeholder is inside the unit, its previous sibling, or its parent's."""
    if any(d.get("class") == MEDIA_CLASS for d in unit.iterdescendants()):
        return True
    for el in [unit, *list(unit.iterancestors())][:3]:
        prev = el.getprevious()
        while prev is not None and not isinstance(prev.tag, str):
            prev = prev.getprevious()
        if prev is not None and (
            prev.get("class") == MEDIA_CLASS
            or any(a.get("class") == MEDIA_CLASS for a in prev.iter("a", "span"))
        ):
            return True
    return False


def _caption_after(
    unit: lxml.html.HtmlElement, following: lxml.html.HtmlElement | None
) -> lxml.html.HtmlElement | None:
    """The caption after an image's credit: the next line, if short and close (they share
    an ancestor within three levels of the caption)."""
    if following is None or len(_text(following)) > _SHORT or not _is_caption_like(following):
        return None
    common = set(unit.iterancestors())
    for depth, up in enumerate(following.iterancestors()):
        if up in common:
            return following if depth <= 3 else None
    return None


def _is_caption_like(unit: lxml.html.HtmlElement) -> bool:
    if unit.tag in ("figcaption", "small", "caption"):
        return True
    if unit.get("data-testid", "").startswith("caption"):
        return True
    return len(_text(unit)) <= _SHORT


def _strip_caption_label(unit: lxml.html.HtmlElement, found: Furniture) -> None:
    """The screen-reader label before a caption ("Image caption乐山大佛…") goes."""
    for el in unit.iter():
        if not isinstance(el.tag, str):
            continue
        if el.text and el.text.strip(SPACE):
            m = CAPTION_LABEL.match(el.text)
            if m and el is not unit and not el.text[m.end() :].strip(SPACE):
                found.removed.append(Removed(RULE_CAPTION_LABEL, el.text.strip(SPACE)))
                _remove_element(el)
            elif m:
                found.removed.append(Removed(RULE_CAPTION_LABEL, m.group().strip(SPACE)))
                el.text = el.text[m.end() :]
            return


# --- helpers -------------------------------------------------------------------------------


def _drop(
    el: lxml.html.HtmlElement, rule: str, found: Furniture, *, keep_media: bool = True
) -> None:
    """Remove ``el``, recorded line by line (a list's items, a box's lines)."""
    found.removed.extend(Removed(rule, line) for line in _lines(el) or [_text(el)])
    _remove_element(el, keep_media=keep_media)


def _remove_element(el: lxml.html.HtmlElement, *, keep_media: bool = True) -> None:
    """Remove ``el`` and its content; the text after it stays, and so do the media
    placeholders inside it (``<div>03/03/2024 - 15:57<img></div>``: the image stays)."""
    parent = el.getparent()
    if parent is None:
        return
    if keep_media:
        for media in [m for m in el.iter() if m.get("class") == MEDIA_CLASS and m is not el]:
            if any(up.get("class") == MEDIA_CLASS for up in media.iterancestors()):
                continue
            media.tail = None
            el.addprevious(media)
    el.drop_tree()


def _attached(el: lxml.html.HtmlElement, root: lxml.html.HtmlElement) -> bool:
    return el is root or root in el.iterancestors()  # no __eq__: "in" compares identity


_TIDY_TAGS = _BLOCK_TAGS | {"i", "em", "b", "strong", "span", "small"}


def _tidy(root: lxml.html.HtmlElement) -> None:
    """Wrappers emptied by the removals go (a figure that held only a date line)."""
    for el in reversed(list(root.iter())):
        if el is root or el.getparent() is None or not isinstance(el.tag, str):
            continue
        if (
            el.tag in _TIDY_TAGS
            and not _has_text(el)
            and not any(
                isinstance(d.tag, str) and (d.tag in ("a", "img", "br", "hr", "td", "th"))
                for d in el.iterdescendants()
            )
        ):
            el.drop_tree()


def _top(el: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    top = el
    for up in el.iterancestors():
        top = up
    return top


def _lines(el: lxml.html.HtmlElement) -> list[str]:
    """The element's text cut at ``<br>`` and at block children, blank lines left out."""
    if not len(el):  # most lines: a paragraph with no element inside
        line = " ".join((el.text or "").split())
        return [line] if line else []
    parts: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = " ".join("".join(current).split())
        if line:
            parts.append(line)
        current.clear()

    def walk(node: lxml.html.HtmlElement) -> None:
        current.append(node.text or "")
        for child in node:
            if not isinstance(child.tag, str) or child.get("class") == MEDIA_CLASS:
                current.append(child.tail or "")
                continue
            if child.tag == "br":
                flush()
            elif child.tag in _BLOCK_TAGS:
                flush()
                walk(child)
                flush()
            else:
                walk(child)
            current.append(child.tail or "")

    walk(el)
    flush()
    return parts


def _text(el: lxml.html.HtmlElement) -> str:
    """The element's text on one line, without media placeholders ("[Image]")."""
    if el.get("class") == MEDIA_CLASS:
        return ""
    return _joined(_lines(el))


def _joined(lines: list[str]) -> str:
    """``_lines`` on one line (``_text``)."""
    return " ".join(" ".join(lines).split())


def _text_len(el: lxml.html.HtmlElement) -> int:
    return len("".join(el.text_content().split()))


def _has_text(el: lxml.html.HtmlElement) -> bool:
    """``_text_len(el) > 0``, stopping at the first text that is not all white space
    (``str.split`` and ``str.strip`` agree on what white space is)."""
    return any(text.strip() for text in el.itertext())


def _same(a: str, b: str) -> bool:
    return "".join(a.split()) == "".join(b.split())


def _site(url: str | None) -> str | None:
    """The host without "www." (``bbc.com``), or None for a relative or odd URL."""
    try:
        host = urlsplit(url or "").hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.removeprefix("www.")
    labels = host.split(".")
    return ".".join(labels[-2:]) if len(labels) > 2 and len(labels[-1]) > 2 else host


def _header_day(published: int | None) -> set[dt.date]:
    """The header's date and the days either side (the page's zone is not known)."""
    if published is None:
        return set()
    try:
        day = dt.datetime.fromtimestamp(published / 1000, tz=dt.UTC).date()
    except (OverflowError, OSError, ValueError):
        return set()
    return {day - dt.timedelta(days=1), day, day + dt.timedelta(days=1)}
