"""The tracker list (issue 12): real beacon addresses are named, the picture hosts of news sites
and newsletters are not, and every entry says which published list it was checked against."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from reader.core.fetching.trackers import SOURCES, TRACKER_HOSTS, TRACKER_PATHS, tracker_of


def entry_of(url: str) -> str | None:
    parts = urlsplit(url)
    assert parts.hostname is not None
    return tracker_of(parts.hostname, parts.path)


@pytest.mark.parametrize(
    ("url", "entry"),
    [
        ("https://us4.list-manage.com/track/open.php?u=1a&id=2b&e=3c", "list-manage.com"),
        (
            "https://www.google-analytics.com/collect?v=1&tid=UA-1-1&cid=5&t=event",
            "google-analytics.com",
        ),
        ("https://region1.google-analytics.com/g/collect?v=2&tid=G-1", "google-analytics.com"),
        ("https://stats.g.doubleclick.net/r/collect?v=1&t=dc", "doubleclick.net"),
        ("https://www.facebook.com/tr?id=123&ev=PageView&noscript=1", "facebook.com/tr"),
        ("https://www.facebook.com/tr/?id=123&ev=PageView", "facebook.com/tr"),
        ("https://track.hubspot.com/__ptq.gif?a=123&k=14", "track.hubspot.com"),
        ("https://u123.ct.sendgrid.net/wf/open?upn=abc", "ct.sendgrid.net"),
        ("https://sendgrid.net/wf/open?upn=abc", "sendgrid.net/wf/open"),
        ("https://email.mg1.substack.com/o/eJxVkM1uwyAQ", "substack.com/o/"),
        ("https://eotrx.substackcdn.com/open?token=abc", "substackcdn.com/open"),
        ("https://open.convertkit-mail2.com/9qu8w7", "open.convertkit-mail2.com"),
        ("https://a1b2.r.us-east-1.awstrack.me/I0/0100018c/x1/y2", "awstrack.me"),
        ("https://ea.pstmrk.it/open?m=v3_1.abc", "pstmrk.it"),
        ("https://a.mjt.lu/oo/BAAAAK/x1y2/b.gif", "mjt.lu/oo/"),
        ("https://brand.cmail20.com/t/i-o-abc-def/o.gif", "cmail20.com/t/"),
        ("https://sb.scorecardresearch.com/p?c1=2&c2=6035748&cv=3.6&cj=1", "scorecardresearch.com"),
        ("https://secure-dcr.imrworldwide.com/cgi-bin/m?ci=us-1&cg=0", "imrworldwide.com"),
        ("https://pixel.wp.com/g.gif?v=ext&blog=1&post=2", "pixel.wp.com"),
        ("https://bat.bing.com/action/0?ti=5&Ver=2", "bat.bing.com"),
        ("https://ct.pinterest.com/v3/?tid=26&noscript=1", "ct.pinterest.com"),
        ("https://hm.baidu.com/hm.gif?si=1&rnd=2", "hm.baidu.com"),
        ("https://twitter.com/scribe/ibis?t=1&cn=abc", "twitter.com/scribe/ibis"),
        ("https://www.linkedin.com/emimp/ip_abc.gif", "linkedin.com/emimp/"),
        ("https://github.com/notifications/beacon/ABC123.gif", "github.com/notifications/beacon/"),
        ("https://newslink.reuters.com/img/5f1a.gif", "newslink.reuters.com/img/"),
        ("https://data-cdn.theatlantic.com/email.gif?u=1&e=2", "theatlantic.com/email.gif"),
        ("https://s2.washingtonpost.com/beacon/abc.gif", "s2.washingtonpost.com/beacon/"),
        ("https://T.Yesware.com./t/abc/def.png", "t.yesware.com"),
    ],
)
def test_a_beacon_address_is_named_by_its_entry(url: str, entry: str) -> None:
    assert entry_of(url) == entry


@pytest.mark.parametrize(
    "url",
    [
        "https://images.weserv.nl/?url=example.com/a.jpg&w=800",
        "https://ichef.bbci.co.uk/news/976/cpsprodpb/1a2b/production/_1_photo.jpg",
        "https://static.dw.com/image/68123456_6.jpg",
        "https://i0.wp.com/example.com/wp-content/uploads/2024/01/a.jpg?w=1200",
        "https://pbs.twimg.com/media/Fabc123.jpg",
        "https://static01.nyt.com/images/2024/01/01/a-superJumbo.jpg",
        "https://mcusercontent.com/1a2b/images/3c4d.png",
        "https://gallery.mailchimp.com/1a2b/images/3c4d.jpg",
        "https://substackcdn.com/image/fetch/w_1456/https%3A%2F%2Fsubstack-post-media.s3.amazonaws.com%2Fa.png",
        "https://cdn.mcauto-images-production.sendgrid.net/1a2b/3c4d/1200x630.png",
        "https://media.sailthru.com/5ik/1k4/a/b/c.jpg",
        "https://files.constantcontact.com/1a2b/3c4d.jpg",
        "https://i1.createsend1.com/ei/r/1A/2B3/C4D/csimport/photo.jpg",
        "https://embed.filekitcdn.com/e/1a2b/3c4d",
        "https://www.facebook.com/images/fb_icon_325x325.png",
        "https://www.facebook.com/track/photo.png",
        "https://www.theatlantic.com/thumbor/abc=/media/img/mt/2024/01/a/original.jpg",
        "https://avatars.githubusercontent.com/u/1?v=4",
        "https://notlist-manage.com/a.png",
    ],
)
def test_a_picture_host_of_news_and_newsletters_is_not_a_tracker(url: str) -> None:
    assert entry_of(url) is None


def test_a_path_entry_needs_the_path_and_stops_at_its_end() -> None:
    assert tracker_of("www.facebook.com") is None  # a host alone: only whole hosts are checked
    assert tracker_of("www.facebook.com", "/TR") == "facebook.com/tr"
    assert tracker_of("www.facebook.com", "/tracking.png") is None
    assert tracker_of("notfacebook.com", "/tr") is None
    assert tracker_of("sendgrid.net", "/trk") == "sendgrid.net/trk"
    assert tracker_of("sendgrid.net", "/trkx.png") is None
    assert tracker_of("substack.com", "/o") is None  # "/o/" is a folder: only what is under it


def test_every_entry_is_well_formed_and_reachable() -> None:
    for host in TRACKER_HOSTS:
        assert re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", host), host
        assert tracker_of("a." + host) == host
    for entry in TRACKER_PATHS:
        assert re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+/[a-z0-9_./-]+", entry), entry
        host, _, path = entry.partition("/")
        assert tracker_of(host, "/" + path) == entry, f"{entry} is shadowed"


def lists_of(label: str) -> list[str]:
    """'Who: A, B (path)' -> ['A', 'B (path)']"""
    who, _, lists = label.partition(": ")
    assert who, label
    assert lists, label
    return lists.split(", ")


def test_every_entry_names_the_lists_it_was_checked_against() -> None:
    for entry, label in {**TRACKER_HOSTS, **TRACKER_PATHS}.items():
        names = {re.sub(r" \(.*\)$", "", name) for name in lists_of(label)}
        assert names <= set(SOURCES), (entry, names - set(SOURCES))
    for host, label in TRACKER_HOSTS.items():  # a whole host: a list names the host itself
        assert any(not name.endswith(" (path)") for name in lists_of(label)), host
