"""What a source is called on screen: the reader's own name for it, else the news outlet's
name, else the source itself (the URL's host without ``www.``, or the mirror's folder name:
``identity.source_name``).

The names the reader gives live in state.json's ``"source_names"`` (``State.source_names``);
this module only reads them, so the list, the sidebar and the article header say the same.
"""

from __future__ import annotations

from collections.abc import Mapping

from reader.core.model import local_datetime

# The outlets the news mirror keeps (the hosts of its articles' URLs), by the names they give
# themselves. A host matches its own entry or one for a domain above it (``m.dw.com``).
KNOWN: Mapping[str, str] = {
    "bbc.com": "BBC 中文",
    "bbc.co.uk": "BBC 中文",
    "chinadigitaltimes.net": "中国数字时代",
    "cn.ft.com": "FT中文网",
    "ftchinese.com": "FT中文网",
    "cn.nytimes.com": "纽约时报中文网",
    "cn.reuters.com": "路透中文网",
    "dw.com": "德国之声 DW",
    "rfa.org": "自由亚洲电台",
    "rfi.fr": "法广 RFI",
    "voachinese.com": "美国之音",
}


def display_name(source: str, renames: Mapping[str, str] | None = None) -> str:
    """How ``source`` is shown: the reader's name for it (``renames``: state.json's
    "source_names"; empty counts as none), else the outlet's name (``KNOWN``), else
    ``source`` as it is."""
    chosen = renames.get(source, "").strip() if renames else ""
    return chosen or known_name(source) or source


def known_name(source: str) -> str | None:
    """The outlet's own name for a host (or a host below one it knows), else None."""
    host = source.lower().rstrip(".").removeprefix("www.")
    while host:
        if host in KNOWN:
            return KNOWN[host]
        _, _, host = host.partition(".")
    return None


def subtitle(source: str, published: int | None, renames: Mapping[str, str] | None) -> str:
    """A list row's second line: the source's name and the local date (``2020-10-12``)."""
    name = display_name(source, renames)
    when = local_datetime(published)
    return f"{name} · {when:%Y-%m-%d}" if when else name
