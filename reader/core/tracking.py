"""Tracking parameters out of links: ``utm_source``, ``fbclid``, ``spm`` and their kind.

A link in a saved article often carries who sent the reader there (a newsletter's ``mc_eid``,
an ad's ``gclid``, Alibaba's ``spm``): the site learns it when the link is opened. The reader
sees, copies and opens links without them (``strip_tracking``) unless the ``
keep_tracking_parameters`` preference says otherwise; the stored article keeps them.

Only parameters that are known to be trackers are taken out, each from a published list (the
source is named beside it): Firefox's query stripping (Enhanced Tracking Protection, strict
mode: its first list and its 2023 extension, ``query-stripping.json`` in Firefox's remote
settings dump), the ClearURLs rules (``globalRules``, and a site's own provider), and the
Bilibili entries that link cleaners agree on. Names a site may need are left alone even where
a list strips them everywhere: ``ref`` (a git branch on code hosts: ClearURLs needs a dozen
exceptions for it), ``from`` and ``source`` (data on many sites; ClearURLs strips ``from``
on indeed.com only), ``scm`` outside Alibaba's shops (it names version control elsewhere).

The rest of the URL is left as it was written: every other parameter in its order and its
spelling (its escapes, ``+`` for a space, an empty one), the fragment, the scheme, host and
path; only ``http``, ``https`` and ``//host`` links are changed. Stripping twice is stripping
once. A name is matched after its percent-escapes are decoded, case-insensitively
(``UTM_Source``, ``utm%5Fsource``).
"""

from __future__ import annotations

import re
from html import escape, unescape
from urllib.parse import unquote_plus, urlsplit

# Exact names stripped on every site, with where each is listed.
TRACKING_PARAMETERS: dict[str, str] = {
    # Firefox query stripping, its first list (ETP strict, 2022)
    "mc_eid": "Firefox (Mailchimp)",
    "oly_anon_id": "Firefox (Omeda Olytics)",
    "oly_enc_id": "Firefox (Omeda Olytics)",
    "__s": "Firefox (Drip)",
    "vero_id": "Firefox (Vero)",
    "_hsenc": "Firefox (HubSpot)",
    "mkt_tok": "Firefox (Marketo)",
    "fbclid": "Firefox (Facebook click id)",
    # Firefox query stripping, the 2023 extension
    "gclid": "Firefox (Google Ads click id)",
    "dclid": "Firefox (Google Display click id)",
    "msclkid": "Firefox (Microsoft Ads click id)",
    "_openstat": "Firefox (Yandex Openstat)",
    "yclid": "Firefox (Yandex click id)",
    "wickedid": "Firefox (Wicked Reports)",
    "twclid": "Firefox (Twitter click id)",
    "__hssc": "Firefox (HubSpot)",
    "__hstc": "Firefox (HubSpot)",
    "__hsfp": "Firefox (HubSpot)",
    "hsctatracking": "Firefox (HubSpot)",
    "wbraid": "Firefox (Google Ads)",
    "gbraid": "Firefox (Google Ads)",
    "ysclid": "Firefox (Yandex)",
    # ClearURLs globalRules
    "mc_cid": "ClearURLs (Mailchimp)",
    "mc_tc": "ClearURLs (Mailchimp)",
    "_hsmi": "ClearURLs (HubSpot)",
    "igshid": "ClearURLs (Instagram share id)",
    "igsh": "ClearURLs (Instagram share id)",
    "spm": "ClearURLs (Alibaba's Super Position Model: the page and slot a click came from)",
    "srsltid": "ClearURLs (Google Merchant)",
    "_ga": "ClearURLs (Google Analytics linker)",
    "_gl": "ClearURLs (Google Analytics linker)",
    "fb_action_ids": "ClearURLs (Facebook)",
    "fb_action_types": "ClearURLs (Facebook)",
    "fb_source": "ClearURLs (Facebook)",
    "fb_ref": "ClearURLs (Facebook)",
    "__twitter_impression": "ClearURLs (Twitter)",
    "vero_conv": "ClearURLs (Vero)",
    "rb_clickid": "ClearURLs (Rakuten)",
    "s_cid": "ClearURLs (Adobe Analytics)",
    "ref_src": "ClearURLs twitter provider (Twitter's share links)",
}
# Every name starting so: utm_source, utm_medium, utm_campaign, utm_term, utm_content, utm_id,
# and the rest of Google Analytics' Urchin family (ClearURLs: "utm(?:_[a-z_]*)?").
TRACKING_PREFIXES: dict[str, str] = {"utm_": "ClearURLs globalRules, Firefox (Google Analytics)"}
# Names stripped on one family of sites only (the host or any host under it).
SITE_PARAMETERS: dict[tuple[str, ...], dict[str, str]] = {
    ("aliexpress.com", "aliexpress.us", "taobao.com", "tmall.com", "1688.com"): {
        "scm": "ClearURLs aliexpress provider (Alibaba's scm, spm's companion; its shops share it)",
    },
    ("bilibili.com", "b23.tv"): {
        "spm_id_from": "link cleaners' Bilibili rules (the page a click came from)",
        "from_spmid": "link cleaners' Bilibili rules",
        "vd_source": "link cleaners' Bilibili rules (the sharer's id)",
        "share_source": "link cleaners' Bilibili rules",
    },
}


def is_tracking(name: str, host: str = "") -> bool:
    """Whether a query parameter called ``name`` (as written: escapes decoded here) is a known
    tracker on ``host``."""
    key = unquote_plus(name).strip().lower()
    if key in TRACKING_PARAMETERS or key.startswith(tuple(TRACKING_PREFIXES)):
        return True
    host = host.lower().rstrip(".")
    return any(
        key in names and any(host == site or host.endswith(f".{site}") for site in sites)
        for sites, names in SITE_PARAMETERS.items()
    )


def strip_tracking(url: str) -> str:
    """``url`` without its tracking parameters (the module's docstring says which and how);
    anything that is not an http(s) URL with a query comes back unchanged."""
    rest, hash_mark, fragment = url.partition("#")
    base, question, query = rest.partition("?")
    if not question or not query:
        return url
    try:
        parts = urlsplit(base.strip())
        host = parts.hostname or ""
    except ValueError:
        return url
    web = parts.scheme.lower() in ("http", "https") or (not parts.scheme and base.startswith("//"))
    if not web or not host:
        return url
    fields = query.split("&")
    kept = [field for field in fields if not is_tracking(field.partition("=")[0], host)]
    if len(kept) == len(fields):
        return url
    tail = f"?{'&'.join(kept)}" if kept else ""
    return f"{base}{tail}{hash_mark}{fragment}"


# A link's target in sanitized HTML (nh3 writes every attribute in double quotes, and a quote
# in text as &quot;: only attributes match).
_HREF = re.compile(r'(\shref=")([^"]*)(")')


def untracked_links(html: str) -> str:
    """``html`` with its links' tracking parameters taken out (``strip_tracking``), for the page on
    screen: hovered, copied and opened as shown; the stored article keeps them."""

    def one(match: re.Match[str]) -> str:
        href = unescape(match.group(2))
        clean = strip_tracking(href)
        if clean == href:
            return match.group(0)
        return f"{match.group(1)}{escape(clean, quote=True)}{match.group(3)}"

    return _HREF.sub(one, html)
