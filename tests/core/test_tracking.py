"""Tracking parameters out of links (reader/core/tracking.py): known trackers only, the rest
of the URL as written."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.links import external_url
from reader.core.tracking import (
    SITE_PARAMETERS,
    TRACKING_PARAMETERS,
    is_tracking,
    strip_tracking,
    untracked_links,
)


@pytest.mark.parametrize(
    ("url", "stripped"),
    [
        (
            "https://example.com/a?utm_source=x&id=5&utm_medium=email&fbclid=AbC#part",
            "https://example.com/a?id=5#part",
        ),
        ("https://example.com/a?utm_source=x", "https://example.com/a"),
        ("https://example.com/a?gclid=1#top", "https://example.com/a#top"),
        ("https://example.com/a?UTM_Campaign=x&p=2", "https://example.com/a?p=2"),
        ("https://example.com/a?utm%5Fsource=x&p=2", "https://example.com/a?p=2"),
        (
            "https://example.com/a?utm_whatever_new=1&q=%E4%B8%AD+%E5%9B%BD",
            "https://example.com/a?q=%E4%B8%AD+%E5%9B%BD",
        ),
        (
            "https://item.taobao.com/item.htm?spm=a21.1&id=69&scm=1007.1",
            "https://item.taobao.com/item.htm?id=69",
        ),
        (
            "https://www.bilibili.com/video/BV1?p=2&spm_id_from=333.1",
            "https://www.bilibili.com/video/BV1?p=2",
        ),
        ("//example.com/a?mc_eid=1&x=1", "//example.com/a?x=1"),
        (
            "http://example.com/a?igshid=z&dclid=1&msclkid=2&yclid=3&_hsenc=4&_hsmi=5",
            "http://example.com/a",
        ),
    ],
)
def test_known_trackers_go_and_the_rest_stays_as_written(url: str, stripped: str) -> None:
    assert strip_tracking(url) == stripped


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/search?q=x&from=2024-01-01&source=rss&ref=main",  # a site's own
        "https://github.com/o/r/compare?scm=git",  # scm outside Alibaba's shops
        "https://example.com/a?spm_id_from=1",  # Bilibili's name on another site
        "https://example.com/a#utm_source=x",  # the fragment is the page's own
        "mailto:a@example.com?subject=utm_source&utm_source=x",  # not a web link
        "https://example.com/a?",
        "https://example.com/a?a=1&&b=&c",
        "/relative?utm_source=x",
        "",
    ],
)
def test_what_is_not_a_known_tracker_is_left_alone(url: str) -> None:
    assert strip_tracking(url) == url


def test_the_lists_name_their_sources() -> None:
    for name, source in TRACKING_PARAMETERS.items():
        assert name == name.lower()
        assert source
        assert is_tracking(name)
    for sites, names in SITE_PARAMETERS.items():
        for name in names:
            assert is_tracking(name, sites[0])
            assert is_tracking(name, f"www.{sites[0]}")
            assert not is_tracking(name, "example.com")
    assert not is_tracking("from")
    assert not is_tracking("ref")
    assert not is_tracking("id")


def test_links_in_a_page_lose_their_trackers_and_keep_their_escaping() -> None:
    page = (
        '<p><a href="https://a.example/x?utm_source=s&amp;id=1">one</a> '
        '<a href="https://a.example/y?id=1&amp;k=2">two</a> '
        '<a href="reader:open">three</a> utm_source="x" href=&quot;</p>'
    )
    assert untracked_links(page) == (
        '<p><a href="https://a.example/x?id=1">one</a> '
        '<a href="https://a.example/y?id=1&amp;k=2">two</a> '
        '<a href="reader:open">three</a> utm_source="x" href=&quot;</p>'
    )


# --- properties ----------------------------------------------------------------------------------

_NAME = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.%", max_size=12
)
_VALUE = st.text(alphabet="abcxyz0123456789%+-._~:/!$'()*,;=@?中", max_size=12)
_TRACKERS = st.sampled_from(
    [*TRACKING_PARAMETERS, "utm_source", "utm_medium", "utm_x", "UTM_Term", "FBCLID"]
)
_HOST = st.sampled_from(
    ["example.com", "www.taobao.com", "m.bilibili.com", "xn--fiqs8s.cn", "127.0.0.1:8080"]
)
_PATH = st.text(alphabet="abc/%-._~中", max_size=15).map(lambda p: "/" + p)
_FRAGMENT = st.one_of(
    st.just(""), st.text(alphabet="abc=&?#utm_", max_size=10).map(lambda f: "#" + f)
)


def _field(name: str, value: str | None) -> str:
    return name if value is None else f"{name}={value}"


@st.composite
def urls(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A URL with a mix of trackers and other fields, and the fields that must stay."""
    fields: list[str] = []
    kept: list[str] = []
    for _ in range(draw(st.integers(0, 6))):
        if draw(st.booleans()):
            fields.append(_field(draw(_TRACKERS), draw(st.none() | _VALUE)))
        else:
            name = draw(_NAME)
            field = _field(name, draw(st.none() | _VALUE))
            fields.append(field)
            kept.append(field)
    scheme = draw(st.sampled_from(["http", "https", "HTTPS"]))
    query = ("?" + "&".join(fields)) if fields or draw(st.booleans()) else ""
    url = f"{scheme}://{draw(_HOST)}{draw(_PATH)}{query}{draw(_FRAGMENT)}"
    return url, kept


def _fields(url: str) -> list[str]:
    """The query's fields as written ([] without a query)."""
    _, question, query = url.partition("#")[0].partition("?")
    return query.split("&") if question else []


@given(urls())
def test_stripping_twice_is_stripping_once(case: tuple[str, list[str]]) -> None:
    once = strip_tracking(case[0])
    assert strip_tracking(once) == once


@given(urls())
def test_every_other_parameter_stays_in_its_order_and_spelling(case: tuple[str, list[str]]) -> None:
    url, kept = case
    host = urlsplit(url).hostname or ""
    out = _fields(strip_tracking(url))
    assert out == [f for f in _fields(url) if not is_tracking(f.partition("=")[0], host)]
    assert [f for f in out if f in kept] == [
        f
        for f in kept
        if not is_tracking(f.partition("=")[0], host)  # (a name like utm%5Fx)
    ]


@given(urls())
def test_a_url_without_trackers_is_unchanged(case: tuple[str, list[str]]) -> None:
    url, _kept = case
    host = urlsplit(url).hostname or ""
    if all(not is_tracking(f.partition("=")[0], host) for f in _fields(url)):
        assert strip_tracking(url) == url


@given(urls())
def test_scheme_host_path_and_fragment_are_unchanged(case: tuple[str, list[str]]) -> None:
    url, _ = case
    before, after = urlsplit(url), urlsplit(strip_tracking(url))
    assert (after.scheme, after.netloc, after.path, after.fragment) == (
        before.scheme,
        before.netloc,
        before.path,
        before.fragment,
    )


@given(urls())
def test_a_url_the_browser_may_have_stays_one(case: tuple[str, list[str]]) -> None:
    url, _ = case
    assert (external_url(strip_tracking(url)) is None) == (external_url(url) is None)


@given(st.text(max_size=60))
def test_any_text_is_safe_to_strip(text: str) -> None:
    out = strip_tracking(text)
    assert strip_tracking(out) == out
    assert len(out) <= len(text)
