"""Sources shown by name (issue 11): the outlet's name, or the reader's own."""

from __future__ import annotations

import datetime as dt
import json

from shared_paths import shared_path

from reader.core.identity import source_name
from reader.core.library.sources import display_name, known_name, subtitle


def test_the_news_sources_are_shown_by_their_names() -> None:
    assert display_name(source_name("https://www.dw.com/zh/a/b", None)) == "德国之声 DW"
    assert display_name(source_name("http://www.bbc.com/zhongwen/simp/x", None)) == "BBC 中文"
    assert display_name("cn.nytimes.com") == "纽约时报中文网"
    assert display_name("cn.reuters.com") == "路透中文网"
    assert display_name("cn.ft.com") == "FT中文网"
    assert display_name("chinadigitaltimes.net") == "中国数字时代"


def test_every_host_of_the_news_mirror_has_a_name() -> None:
    manifest = shared_path("corpus", "news", "manifest.jsonl").read_text(encoding="utf-8")
    hosts = {source_name(json.loads(line)["url"], None) for line in manifest.splitlines()}
    assert len(hosts) >= 9
    assert [host for host in hosts if not known_name(host)] == []


def test_a_host_below_a_known_one_has_its_name_and_others_stay_as_they_are() -> None:
    assert display_name("m.dw.com") == "德国之声 DW"
    assert display_name("WWW.DW.COM.") == "德国之声 DW"
    assert display_name("nytimes.com") == "nytimes.com"  # (not the Chinese edition)
    assert display_name("example.org") == "example.org"
    assert display_name("Local files") == "Local files"
    assert display_name("德国之声") == "德国之声"  # a mirror folder's name
    assert display_name("notdw.com") == "notdw.com"


def test_the_readers_name_wins_and_empty_gives_the_default_back() -> None:
    renames = {"dw.com": "DW", "example.org": "My blog", "bbc.com": "  "}
    assert display_name("dw.com", renames) == "DW"
    assert display_name("example.org", renames) == "My blog"
    assert display_name("bbc.com", renames) == "BBC 中文"
    assert display_name("rfi.fr", renames) == "法广 RFI"


def test_a_rows_subtitle_has_the_name_and_the_local_date() -> None:
    when = dt.datetime(2020, 10, 12, 12, 0).astimezone()
    ms = int(when.timestamp() * 1000)
    assert subtitle("dw.com", ms, {}) == "德国之声 DW · 2020-10-12"
    assert subtitle("example.org", None, {"example.org": "Mine"}) == "Mine"
