"""What cleaning removes with its text, and why: each removal is logged as (rule, text).

``clean(..., removed=log)`` records each removal; tests check that nothing else of the visible
text is lost (``RULES`` names every rule).
"""

from __future__ import annotations

import lxml.html

# What cleaning removes with its text, by rule (``clean(..., removed=log)`` records each
# removal as (rule, text)); tests check that nothing else of the visible text is lost.
RULES = {
    "code": "scripts, styles, templates and noscript fallbacks: not article text",
    "document head": "the page's head, title and metadata (the title is read apart)",
    "embedded object": "plugins, frames, canvases, image maps and their fallback content",
    "form control": "buttons, inputs, selects and other form controls",
    "dialog": "dialogs (pop-ups a page opens), not shown until opened",
    "hidden": "elements a browser does not show: the hidden attribute, display: none",
    "page chrome": "a saved page's navigation, header, footer and asides outside its article",
    "custom chrome": "custom elements named for chrome (share, modal, popup, banner, ads...)",
    "ad slot": "an element marked as an ad or self-promotion holding only ad words or a line",
    "share bar": "a block of share links, or marked as a share bar, holding only share words",
    "feed footer": "the feed proxy's footer mirror bots append (feedx.net)",
    "media fallback": "the fallback text inside video and audio (shown when they cannot play)",
    "formula source": "a MathML formula's annotations (its TeX source), not shown",
}
Removals = list[tuple[str, str]]  # (rule, text removed), in document order per rule


def drop(el: lxml.html.HtmlElement, rule: str, log: Removals) -> None:
    """Remove ``el`` with what it holds (its tail stays), saying why in ``log``."""
    text = el.text_content()
    if text.strip():
        log.append((rule, text))
    el.drop_tree()


def text_len(el: lxml.html.HtmlElement) -> int:
    return len("".join(el.text_content().split()))
