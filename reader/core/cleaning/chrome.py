"""Site chrome inside an article's HTML: ad slots and self-promotion boxes, share bars, and the
feed proxy's footer mirror bots append. Each is known by what it holds (only ad words, only
share links and their labels), not by its class alone: sites put ad targeting on the article
body, and ``share-price`` is no share bar."""

from __future__ import annotations

import re

import lxml.html

from reader.core.cleaning.removals import Removals, drop, text_len

_SHARE_MARKERS = (
    "facebook.com/sharer",
    "facebook.com/dialog/share",
    "twitter.com/intent",
    "twitter.com/share",
    "x.com/intent",
    "addtoany.com/add_to",
    "addtoany.com/share",
    "whatsapp://",
    "web.whatsapp.com/send",
    "api.whatsapp.com/send",
    "service.weibo.com/share",
    "weibo.com/share",
    "linkedin.com/share",
    "linkedin.com/sharearticle",
    "line.me/r/msg",
    "social-plugins.line.me",
    "t.me/share",
    "telegram.me/share",
    "reddit.com/submit",
    "pinterest.com/pin/create",
    "getpocket.com/save",
    "plus.google.com/share",
    "mailto:?",
)

# A class or id token that names a share bar: "share", "share-tools", "sharebar",
# "social-share", "article__share", "a2a_kit" (not "share-price", "market-share").
_SHARE_TOKEN = re.compile(
    r"([a-z0-9]+(__|-|_))?(social-?)?(share|sharing|addtoany|a2a_kit|a2a)"
    r"(-?(bar|buttons?|tools?|links?|icons?|box|container|wrapper|panel|list|menu|kit|this|"
    r"article|story|post|page|top|bottom|footer|header|module|area|block|section|widget))*"
)

# What an empty ad slot says.
_AD_WORDS = re.compile(r"广告|赞助|advertisement|advertising|sponsored|scrolltocontinue|ad|[\W_]")

# What an article's text is in: a marked element holding one is the article's, not an ad.
_ARTICLE_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "table", "pre")

# What a share bar says besides its links: the label and the networks' names.
_SHARE_WORDS = re.compile(
    r"分享到?|转发|收藏|推荐|share(this|on)?|tweet|email|e-mail|mail|print|copy(link)?|"
    r"facebook|twitter|weibo|微博|微信|wechat|whatsapp|telegram|line|linkedin|reddit|"
    r"pinterest|messenger|x|[\W_]"
)
_AD_CLASS = re.compile(
    r"(^|\s)(ad|ads|advert|advertisement|ad-slot|adsbygoogle|o-self-promo)(\s|$)"
)
_AD_TEXT_MAX = 80  # an ad slot's own text: "Advertisement", "广告"
_SHARE_TEXT_MAX = 16  # a share bar's own text: a label such as "分享 :" or "Share"


def drop_chrome(root: lxml.html.HtmlElement, log: Removals) -> None:
    """Remove the ad slots, share bars and feed footers under ``root``, logged by rule."""
    doomed: list[tuple[lxml.html.HtmlElement, str]] = []
    for el in root.iter():
        if el is root or not isinstance(el.tag, str) or not el.attrib:
            continue
        if _is_placeholder(el):
            doomed.append((el, "ad slot"))
        elif _has_share_marker(el):
            doomed.append((el, "share bar"))
    for a in root.iter("a"):
        href = (a.get("href") or "").strip().lower()
        if _is_share_link(href):
            bar = _share_bar_around(a, root)
            if bar is not None:
                doomed.append((bar, "share bar"))
        elif "feedx." in href:
            doomed.extend(
                (el, "feed footer") for el in a.iterancestors("div", "p") if _is_feed_footer(el)
            )
    for el, rule in doomed:
        if el.getparent() is not None and _attached(el, root):
            drop(el, rule, log)


def _attached(el: lxml.html.HtmlElement, root: lxml.html.HtmlElement) -> bool:
    """``el`` is still in ``root`` (not inside something removed already)."""
    return any(a is root for a in el.iterancestors())


def _is_placeholder(el: lxml.html.HtmlElement) -> bool:
    """An ad slot or a self-promotion box: marked as one, and holding (almost) no text. An
    element marked so that holds text is kept: sites put ad targeting on the article body."""
    marked = bool(_AD_CLASS.search(el.get("class") or ""))
    for name, value in el.attrib.items():
        name = name.lower()
        if (
            name.startswith(("data-selfpromo", "data-o-ads", "data-ad-", "data-ad_"))
            or (name == "data-e2e" and "advert" in value.lower())
            or (
                name == "aria-label" and value.strip().lower().startswith(("广告", "advertisement"))
            )
        ):
            marked = True
    if not marked:
        return False
    words = _AD_WORDS.sub("", "".join(el.text_content().split()).lower())
    if not words:
        return True
    # A short text of its own (an ad's line), not the paragraphs of an article.
    return len(words) < _AD_TEXT_MAX and next(el.iter(*_ARTICLE_BLOCKS), None) is None


def _has_share_marker(el: lxml.html.HtmlElement) -> bool:
    """A share bar by its class or id (``share``, ``share-tools``, ``social-share``,
    ``a2a_kit``...) whose text is only share words: ``share-price``, ``market-share`` or a
    heading ``id="share-buybacks"`` are not share bars."""
    tokens = f"{el.get('class') or ''} {el.get('id') or ''}".lower().split()
    if not any(_SHARE_TOKEN.fullmatch(token) for token in tokens):
        return False
    words = _SHARE_WORDS.sub("", "".join(el.text_content().split()).lower())
    return not words


def _share_bar_around(
    link: lxml.html.HtmlElement, root: lxml.html.HtmlElement
) -> lxml.html.HtmlElement | None:
    """The largest block around a share link made only of share links and a short label."""
    found = None
    for el in link.iterancestors():
        if el is root:
            break
        links = list(el.iter("a"))
        if not all(_is_share_link((a.get("href") or "").strip().lower()) for a in links):
            break
        if text_len(el) > _SHARE_TEXT_MAX:
            break
        found = el
    return found


def _is_share_link(href: str) -> bool:
    return any(marker in href for marker in _SHARE_MARKERS)


def _is_feed_footer(el: lxml.html.HtmlElement) -> bool:
    """The feed-proxy footer ("获取更多RSS：https://feedx.net ...") appended by mirror bots."""  # noqa: RUF002
    hrefs = [a.get("href") or "" for a in el.iter("a")]
    if not hrefs or not all("feedx." in h for h in hrefs):
        return False
    return "rss" in el.text_content().lower()
