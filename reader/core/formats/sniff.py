"""What a file's text looks like before it is parsed: a whole HTML document, or text holding
HTML markup at all (``detect`` chooses the format by these and the file's suffix)."""

from __future__ import annotations

import re

# A whole HTML document: <!doctype html>, <html>, <head> or <body> first (after an XML
# declaration, comments such as a browser's "saved from url=", and white space).
_PROLOGUE = re.compile(r"\ufeff|\s+|<\?[^>]{0,500}>|<!--.*?-->", re.DOTALL)


_DOCUMENT_START = re.compile(r"<(?:!doctype\s+html|html|head|body)(?=[\s>])", re.IGNORECASE)

# Markup: a start tag of an HTML element, any end tag, a comment or a doctype.
_MARKUP = re.compile(
    r"<(?:(?:a|abbr|address|article|aside|audio|b|big|blockquote|body|br|button|caption|center|"
    r"cite|code|col|colgroup|dd|del|details|div|dl|dt|em|embed|figcaption|figure|font|footer|"
    r"form|h[1-6]|head|header|hr|html|i|iframe|img|input|ins|kbd|label|li|link|main|mark|meta|"
    r"nav|noscript|object|ol|option|p|picture|pre|q|s|script|section|select|small|source|span|"
    r"strike|strong|style|sub|summary|sup|svg|table|tbody|td|template|textarea|tfoot|th|thead|"
    r"time|title|tr|tt|u|ul|video|wbr)(?=[\s/>])|/[a-z][\w:.-]*\s*>|!--|!doctype\s)",
    re.IGNORECASE,
)


def is_html_document(text: str) -> bool:
    """Whether ``text`` is clearly a whole HTML document (whatever the file is called)."""
    head = text[:20_000]
    pos = 0
    while m := _PROLOGUE.match(head, pos):  # one at a time: no backtracking across them
        pos = m.end()
    return _DOCUMENT_START.match(head, pos) is not None


def looks_like_markup(text: str) -> bool:
    """Whether ``text`` holds HTML markup: a tag of an HTML element, an end tag, a comment.
    ``<jane@example.org>`` and ``<https://example.org/>`` are not markup."""
    return _MARKUP.search(text) is not None
