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

from reader.core.cleaning.furniture.found import (
    MOVED_CAPTION,
    MOVED_HEADER,
    RULE_ARCHIVE_BOX,
    RULE_ASTERISKS,
    RULE_BOILERPLATE,
    RULE_BYLINE,
    RULE_CAPTION_LABEL,
    RULE_COPYRIGHT,
    RULE_CREDIT,
    RULE_DATE_LINE,
    RULE_EMAIL,
    RULE_END_MARK,
    RULE_HEADER_DATE,
    RULE_PHOTO_CREDIT,
    RULE_PROMO,
    RULE_RELATED,
    RULE_RELATIVE_TIME,
    RULE_SHARE,
    RULE_TOKEN,
    Furniture,
    Removed,
)
from reader.core.cleaning.furniture.remove import SOURCE_RULES, remove_furniture

__all__ = [
    "MOVED_CAPTION",
    "MOVED_HEADER",
    "RULE_ARCHIVE_BOX",
    "RULE_ASTERISKS",
    "RULE_BOILERPLATE",
    "RULE_BYLINE",
    "RULE_CAPTION_LABEL",
    "RULE_COPYRIGHT",
    "RULE_CREDIT",
    "RULE_DATE_LINE",
    "RULE_EMAIL",
    "RULE_END_MARK",
    "RULE_HEADER_DATE",
    "RULE_PHOTO_CREDIT",
    "RULE_PROMO",
    "RULE_RELATED",
    "RULE_RELATIVE_TIME",
    "RULE_SHARE",
    "RULE_TOKEN",
    "SOURCE_RULES",
    "Furniture",
    "Removed",
    "remove_furniture",
]
