"""What ``remove_furniture`` found: each piece of furniture by the rule that took it, and what it
moved to the article header (the byline, editors' credits) or into a caption."""

# ruff: noqa: RUF002, RUF003  (CJK punctuation in patterns and examples is meant)

from __future__ import annotations

from dataclasses import dataclass, field

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
