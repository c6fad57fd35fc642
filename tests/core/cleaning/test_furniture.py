"""Page furniture out of mirror articles by what it is (issue 8, part 2), and never article text.

Each rule on a small input shaped like the real ones (other mirror files than ours will be
checked), the cases a rule must leave alone, the title and header, and the news corpus as
the benchmark measures it.
"""

# ruff: noqa: RUF001  (CJK punctuation in the inputs is meant)

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import lxml.html
import pytest

from reader.core.cleaning.furniture import (
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
)
from reader.core.formats.titles import clean_title
from reader.core.importing.ingest import ingest_with_furniture
from reader.core.model import Document
from reader.core.page.localdate import date_text, reader_locale
from reader.core.page.render import article_page
from tests.shared_paths import ROOT, shared_path

PUBLISHED = 1739607424000  # 2025-02-15T08:17:04Z
PROSE = (
    "（德国之声中文网）美国总统与俄罗斯总统通了一个半小时的电话，双方就乌克兰局势交换了意见，"
    "分析人士认为这次通话可能为下一步的谈判铺路。"
)
PROSE2 = "外交部发言人周五在例行记者会上表示，中方一贯主张通过对话协商解决争端，这一立场没有改变。"


def mirror(
    tmp_path: Path,
    body: str,
    *,
    title: str = "标题",
    url: str = "https://www.example.com/news/a-1",
    published: int | None = PUBLISHED,
) -> tuple[Document, Furniture]:
    path = tmp_path / "src" / "1.md"
    path.parent.mkdir(exist_ok=True)
    stamp = f"<!--{published}-->\n" if published is not None else ""
    path.write_text(f"{stamp}[{title}]({url})\n------\n\n{body}\n", encoding="utf-8")
    return ingest_with_furniture(path, path.read_bytes())


def rules(found: Furniture) -> set[str]:
    return {r.rule for r in found.removed}


def squash(text: str) -> str:
    return "".join(text.split())


# --- the cases -------------------------------------------------------------------------


def test_iso_timestamp_goes_and_the_author_beside_it_becomes_the_byline(tmp_path: Path) -> None:
    doc, found = mirror(
        tmp_path, f"<div><i>Thomas Latschan<br>2025-02-15T08:03:55.243Z</i></div><p>{PROSE}</p>"
    )
    assert "2025-02-15T" not in doc.text
    assert "Latschan" not in doc.text
    assert doc.byline == "Thomas Latschan"
    assert {RULE_DATE_LINE, RULE_BYLINE} <= rules(found)
    assert squash(PROSE) in squash(doc.text)


def test_a_second_date_line_goes(tmp_path: Path) -> None:
    doc, found = mirror(tmp_path, f"<div><i>Sat, 15 Feb 2025 08:17:25 GMT</i></div><p>{PROSE}</p>")
    assert "GMT" not in doc.text
    assert "Feb" not in doc.text
    assert found.by_rule()[RULE_DATE_LINE] == ["Sat, 15 Feb 2025 08:17:25 GMT"]


@pytest.mark.parametrize("stamp", ["15 分钟前", "53 分钟前", "3 hours ago", "2 小時前"])
def test_relative_times_frozen_at_save_time_go_anywhere(tmp_path: Path, stamp: str) -> None:
    body = (
        f'<div><time datetime="2020-10-12">{stamp}</time></div><p>{PROSE}</p>'
        f"<div>{stamp}</div><p>{PROSE2}</p>"
    )
    doc, found = mirror(tmp_path, body, published=1602539203000)
    assert stamp not in doc.text
    assert found.by_rule()[RULE_RELATIVE_TIME] == [stamp, stamp]


def test_byline_and_date_glued_to_a_caption_come_apart(tmp_path: Path) -> None:
    body = (
        '<address>DAVID WALLACE-WELLS</address><time pudate="2025-02-14 05:24:00" '
        'datetime="2025-02-14 05:24:00">2025年2月14日</time><figure>'
        '<img src="https://static01.nyt.com/a.jpg"><figcaption> <cite>Illustration by Ibrahim '
        f"Rayintakath</cite></figcaption></figure><section><p>{PROSE}</p></section>"
    )
    doc, _found = mirror(tmp_path, body, url="https://cn.nytimes.com/opinion/1/")
    assert doc.byline == "DAVID WALLACE-WELLS"
    assert "2025年2月14日" not in doc.text
    assert "WALLACE" not in doc.text
    assert "Illustration by Ibrahim Rayintakath" in doc.text  # the caption stays
    assert "https://static01.nyt.com/a.jpg" in doc.html  # and so does its image


def test_a_date_glued_to_an_image_goes_and_the_image_stays(tmp_path: Path) -> None:
    body = f'<div>03/03/2024 - 15:57<img src="https://s.rfi.fr/a.jpg"></div><p>{PROSE}</p>'
    doc, found = mirror(tmp_path, body, published=1709481420000)
    assert "03/03/2024" not in doc.text
    assert "15:57" not in doc.text
    assert "https://s.rfi.fr/a.jpg" in doc.html
    assert found.by_rule()[RULE_DATE_LINE] == ["03/03/2024 - 15:57"]


def test_a_share_bar_without_class_names_goes_with_its_icon_links(tmp_path: Path) -> None:
    body = (
        f"<p>{PROSE}</p><div>分享 :</div><div>"
        '<a href="https://example.net/s?u=1"><img src="https://example.net/fb.svg"></a>'
        '<a href="https://example.net/t?u=1"><img src="https://example.net/x.svg"></a></div>'
    )
    doc, found = mirror(tmp_path, body)
    assert "分享" not in doc.text
    assert "fb.svg" not in doc.html
    assert "x.svg" not in doc.html
    assert RULE_SHARE in rules(found)


@pytest.mark.parametrize(
    ("raw", "url", "shown"),
    [
        (
            "中国品牌\\“囚爱\\“男性贞操锁",
            "http://www.bbc.com/zhongwen/simp/a",
            "中国品牌“囚爱“男性贞操锁",
        ),
        ("专家称&quot;夸大&quot;", "https://www.example.com/a", '专家称"夸大"'),
        (
            "出手助难民 梵蒂冈将在罗马开设接待营 – 法国国际广播电台 - RFI",
            "http://www.rfi.fr//cn/a",
            "出手助难民 梵蒂冈将在罗马开设接待营",
        ),
        (
            "美国总统大选民调可信不可信? - 美国专栏",
            "http://www.rfi.fr/cn/a",
            "美国总统大选民调可信不可信?",
        ),
    ],
)
def test_titles_lose_escapes_entities_and_the_site_name(
    tmp_path: Path, raw: str, url: str, shown: str
) -> None:
    doc, _found = mirror(tmp_path, f"<p>{PROSE}</p>", title=raw, url=url)
    assert doc.title == shown


@pytest.mark.parametrize(
    "title",
    ["特朗普 - 普京会晤", "A - B", "RFI", "美国专栏 - 第一期", "Tom & Jerry", "5 > 3"],
)
def test_titles_keep_what_is_theirs(title: str) -> None:
    assert clean_title(title, "https://www.example.com/a") == title


def test_a_photo_credit_goes_into_its_caption_small_print(tmp_path: Path) -> None:
    body = (
        '<figure><span><img src="https://ichef.bbci.co.uk/a.jpg"><span class="off-screen">'
        "图片版权</span><span>Getty Images</span></span><figcaption>"
        '<span class="off-screen">Image caption</span>乐山大佛景区游客如织</figcaption></figure>'
        f"<p>{PROSE}</p>"
    )
    doc, found = mirror(tmp_path, body, url="https://www.bbc.com/zhongwen/simp/a")
    root = lxml.html.fragment_fromstring(doc.html, create_parent="div")
    (caption,) = root.iter("figcaption")
    assert caption.text_content().strip().startswith("乐山大佛景区游客如织")
    assert [s.text_content() for s in caption.iter("small")] == ["图片版权：Getty Images"]
    assert "Image caption" not in doc.text
    assert "https://ichef.bbci.co.uk/a.jpg" in doc.html
    assert {RULE_PHOTO_CREDIT, RULE_CAPTION_LABEL} <= rules(found)


def test_a_bbc_credit_beside_its_image_moves_into_the_caption_after_it(tmp_path: Path) -> None:
    body = (
        '<div><div><img src="https://ichef.bbci.co.uk/b.jpg" alt="手机"><p role="text">'
        "<span>图像来源，</span><span>Getty Images</span></p></div>"
        '<span data-testid="caption-paragraph">研究结果凸显勤洗手的重要性</span></div>'
        f"<p>{PROSE}</p>"
    )
    doc, _found = mirror(tmp_path, body, url="https://www.bbc.com/zhongwen/simp/b")
    root = lxml.html.fragment_fromstring(doc.html, create_parent="div")
    smalls = [s.text_content() for s in root.iter("small")]
    assert smalls == ["图像来源：Getty Images"]
    assert squash("研究结果凸显勤洗手的重要性 图像来源：Getty Images") in squash(doc.text)


@pytest.mark.parametrize(
    "note",
    [
        "点击查看本文英文版。",
        "来自FT中文网的温馨提示：如您对FT中文网的内容感兴趣，请在苹果应用商店或华为应用市场搜索"
        "“FT中文网”，下载FT中文网的官方应用，付费订阅。祝您使用愉快！",
        "欢迎点击此处订阅NYT简报，我们将在每个工作日发送最新内容至您的邮箱。",
        "Feed-URL: https://rss.dw.com/xml/podcast_zh",
        "iTunes: https://itunes.apple.com/podcast/id1",
        "DW中文有Instagram！欢迎搜寻dw.chinese，看更多深入浅出的图文与影音报道。",
    ],
)
def test_promo_and_subscribe_notes_go(tmp_path: Path, note: str) -> None:
    doc, found = mirror(tmp_path, f"<p>{PROSE}</p><p>{note}</p><p>{PROSE2}</p>")
    assert squash(note) not in squash(doc.text)
    assert RULE_PROMO in rules(found)
    assert squash(PROSE) in squash(doc.text)
    assert squash(PROSE2) in squash(doc.text)


@pytest.mark.parametrize(
    "footer",
    [
        "© 2024年德国之声版权声明：本文所有内容受到著作权法保护，"
        "如无德国之声特别授权，不得擅自使用。",
        "© 2020 AFP",
        "Copyright 2021 The Associated Press. All rights reserved.",
    ],
)
def test_copyright_footers_go(tmp_path: Path, footer: str) -> None:
    doc, found = mirror(tmp_path, f'<p>{PROSE}</p><p class="t-copyright">{footer}</p>')
    assert "©" not in doc.text
    assert "Copyright" not in doc.text
    assert found.by_rule()[RULE_COPYRIGHT] == [footer]


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("编译：王雪／审校：李丽", "编译：王雪／审校：李丽"),
        ("记者：乾朗 刘邦羽 责编：许书婷", "记者：乾朗 刘邦羽 责编：许书婷"),
        ("自由亚洲电台记者家傲华盛顿报道 责编：申铧 网编：洪伟", None),
        ("雨涵/任琛（法新社）", "雨涵/任琛（法新社）"),
        ("翻译：纽约时报中文网", "翻译：纽约时报中文网"),
        ("译者/何黎", "译者/何黎"),
    ],
)
def test_credit_lines_move_to_the_header(tmp_path: Path, line: str, credit: str | None) -> None:
    doc, found = mirror(tmp_path, f"<p>{PROSE}</p><p>{PROSE2}</p><p>{line}</p>")
    assert squash(line) not in squash(doc.text)
    assert RULE_CREDIT in rules(found)
    assert doc.byline is not None
    assert squash(credit or line) in squash(doc.byline)


def test_a_credit_glued_to_the_last_paragraph_moves_and_the_paragraph_stays(
    tmp_path: Path,
) -> None:
    body = (
        f"<p>{PROSE}</p>"
        "<p>教宗方济各不久前曾敦促民众以人道方式接待难民。（实习编译：李凯欣/核稿：蔡佳敏）</p>"
    )
    doc, _found = mirror(tmp_path, body)
    assert "教宗方济各不久前曾敦促民众以人道方式接待难民。" in doc.text
    assert "编译" not in doc.text
    assert doc.byline == "实习编译：李凯欣/核稿：蔡佳敏"


def test_a_credit_after_the_last_break_moves_and_the_paragraph_stays(tmp_path: Path) -> None:
    body = f"<p>{PROSE}<br><br><br>自由亚洲电台记者蔡凌巴黎报导  责编：嘉远  网编：瑞哲</p>"
    doc, _found = mirror(tmp_path, body)
    assert squash(PROSE) in squash(doc.text)
    assert "责编" not in doc.text
    assert doc.byline == "自由亚洲电台记者蔡凌巴黎报导 责编：嘉远 网编：瑞哲"


def test_the_standards_note_goes(tmp_path: Path) -> None:
    doc, found = mirror(tmp_path, f"<p>{PROSE}</p><p>我们的标准：汤森路透“信任原则”</p>")
    assert "信任原则" not in doc.text
    assert RULE_BOILERPLATE in rules(found)


def test_an_archive_box_opening_the_article_goes(tmp_path: Path) -> None:
    body = (
        '<div><div class="su-spoiler"><div class="su-spoiler-title">CDT 档案卡</div><div>'
        "<strong>标题：</strong>【CDTV】居民集体抗议<br><strong>来源：</strong>网络（原作者不详）<br>"
        "<strong>发表日期：</strong>2022.9.3<br><strong>主题归类：</strong><a href='/tag/x'>"
        "疫情防控</a><br><strong>版权说明：</strong>该作品版权归原作者所有。</div></div></div>"
        f"<p>{PROSE}</p>"
    )
    doc, found = mirror(tmp_path, body, url="https://chinadigitaltimes.net/chinese/1.html")
    assert "档案卡" not in doc.text
    assert "版权说明" not in doc.text
    assert "2022.9.3" not in doc.text
    assert RULE_ARCHIVE_BOX in rules(found)
    assert squash(PROSE) in squash(doc.text)


def test_related_story_lists_in_the_middle_go(tmp_path: Path) -> None:
    body = (
        f"<p>{PROSE}</p><ul>"
        '<li><a href="/zhongwen/simp/science-1">新冠病毒能在物体表面存活多久</a></li>'
        '<li><a href="https://www.bbc.com/zhongwen/simp/science-2">新冠长期症状：为什么有的患者无法痊愈？</a>'
        f"</li></ul><p>{PROSE2}</p>"
        '<p><a href="https://www.bbc.com/zhongwen/simp/3">延伸阅读: 让世界公平接种疫苗？</a></p>'
    )
    doc, found = mirror(tmp_path, body, url="https://www.bbc.com/zhongwen/simp/science-9")
    assert "存活多久" not in doc.text
    assert "长期症状" not in doc.text
    assert "延伸阅读" not in doc.text
    assert found.by_rule()[RULE_RELATED][:2] == [
        "新冠病毒能在物体表面存活多久",
        "新冠长期症状：为什么有的患者无法痊愈？",
    ]
    assert squash(PROSE + PROSE2) in squash(doc.text)


def test_a_related_label_takes_the_links_under_it(tmp_path: Path) -> None:
    body = (
        f"<p>{PROSE}</p><p>相关阅读：</p><p>"
        '<a href="https://chinadigitaltimes.net/chinese/2020/09/x/">女泉｜女性抗疫在媒体呈现的全面溃退</a></p>'
        '<p><iframe src="https://chinadigitaltimes.net/chinese/2020/09/x/embed/"></iframe></p>'
    )
    doc, _found = mirror(tmp_path, body, url="https://chinadigitaltimes.net/chinese/1.html")
    assert "相关阅读" not in doc.text
    assert "女泉" not in doc.text
    assert "/embed/" not in doc.html


@pytest.mark.parametrize(
    ("body", "rule", "gone", "kept"),
    [
        ("<p>**薪资强劲增长**</p>", RULE_ASTERISKS, "**", "薪资强劲增长"),
        (f"<p>{PROSE2}\\~END\\~</p>", RULE_END_MARK, "END", PROSE2),
        (f"<p>{PROSE2}</p><p>~END~</p>", RULE_END_MARK, "END", PROSE2),
        (f"<p>{PROSE2}如有线索请发至[email protected]。</p>", RULE_EMAIL, "protected", PROSE2),
        ("<div>Array</div>", RULE_TOKEN, "Array", ""),
    ],
)
def test_scraper_leftovers_go(tmp_path: Path, body: str, rule: str, gone: str, kept: str) -> None:
    doc, found = mirror(tmp_path, f"<p>{PROSE}</p>{body}")
    assert gone not in doc.text
    assert squash(kept) in squash(doc.text)
    assert rule in rules(found)


def test_literal_asterisks_become_bold(tmp_path: Path) -> None:
    doc, _found = mirror(tmp_path, f"<p>{PROSE}</p><p>**瑞银认为中国目标打造深圳**</p>")
    assert "<strong>瑞银认为中国目标打造深圳</strong>" in doc.html


def test_null_before_a_byline_goes(tmp_path: Path) -> None:
    body = f"<div><i>null 张慈<br>2020-10-07T01:08:51.143Z</i></div><p>{PROSE}</p>"
    doc, found = mirror(tmp_path, body, published=1602035645000)
    assert doc.byline == "张慈"
    assert "null" not in doc.text
    assert found.by_rule()[RULE_TOKEN] == ["null"]


def test_a_name_list_right_before_the_date_is_the_byline(tmp_path: Path) -> None:
    body = (
        '<div><ul role="list"><li>萨姆·卡布拉尔（Sam Cabral）</li>'
        "<li>BBC新闻，华盛顿</li></ul></div>"
        f'<div><time datetime="2024-08-07">15 分钟前</time></div><p>{PROSE}</p>'
    )
    doc, _found = mirror(tmp_path, body)
    assert doc.byline == "萨姆·卡布拉尔（Sam Cabral）, BBC新闻，华盛顿"
    assert "Cabral" not in doc.text


def test_text_beside_blocks_is_judged_as_a_line(tmp_path: Path) -> None:
    body = f"<section><p>{PROSE}</p></section><footer><p>{PROSE2}</p>点击查看本文英文版。</footer>"
    doc, _found = mirror(tmp_path, body)
    assert "英文版" not in doc.text
    assert squash(PROSE2) in squash(doc.text)


# --- what must stay ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "paragraph",
    [
        "2025年2月15日，特朗普与普京通了电话。",  # a sentence that starts with the header's date
        "Share prices fell 3% on 15 Feb 2025, the exchange said.",
        "The © sign was added to the law in 1909, the court said.",
        "相关报道指出，该公司的股价在周一下跌了百分之五。",
        "然而，那些没有下载最新版APP的使用者在理论上依然有受到攻击的风险。",
        "分享经济在中国发展迅速，共享单车已经遍布各大城市。",
        "由中国企业运营的短视频应用，其总下载量仅次于WhatsApp以及Facebook。",
        "记者问他是否会辞职，他说：“不会。”",
        "欢迎来到北京，这座城市的地铁每天运送上千万乘客。",
        "记者：谢谢您接受我们的采访。",  # an interview's last line
        "编辑：这本书您写了多久？",
        "Copyright law in China protects software, the court said.",
        "版权所有者认为这一判决对整个行业都有影响。",
    ],
)
def test_article_text_that_mentions_furniture_words_stays(tmp_path: Path, paragraph: str) -> None:
    for where in (f"<p>{paragraph}</p><p>{PROSE}</p>", f"<p>{PROSE}</p><p>{paragraph}</p>"):
        doc, found = mirror(tmp_path, where)
        assert squash(paragraph) in squash(doc.text), found.removed


def test_a_heading_before_the_date_line_is_not_a_byline(tmp_path: Path) -> None:
    body = f"<h2>特朗普的和平计划</h2><div>2025-02-15T08:03:55Z</div><p>{PROSE}</p>"
    doc, _found = mirror(tmp_path, body)
    assert doc.byline is None
    assert "特朗普的和平计划" in doc.text
    assert "2025-02-15T" not in doc.text


def test_a_date_heading_in_the_middle_stays_unless_it_is_the_header_date(tmp_path: Path) -> None:
    body = f"<p>{PROSE}</p><h3>2019年5月3日</h3><p>{PROSE2}</p><h3>2025年2月15日</h3><p>{PROSE}</p>"
    doc, found = mirror(tmp_path, body)
    assert "2019年5月3日" in doc.text  # a timeline's date is the article's
    assert "2025年2月15日" not in doc.text  # the header says it already
    assert found.by_rule()[RULE_HEADER_DATE] == ["2025年2月15日"]


def test_a_list_of_links_to_other_sites_is_the_article_s(tmp_path: Path) -> None:
    body = (
        f"<p>{PROSE}</p><ul><li><a href='https://www.who.int/guidance'>世卫组织指南</a></li>"
        f"<li><a href='https://www.cdc.gov/x'>美国疾控中心建议</a></li></ul><p>{PROSE2}</p>"
    )
    doc, _found = mirror(tmp_path, body, url="https://www.bbc.com/zhongwen/simp/a")
    assert "世卫组织指南" in doc.text
    assert "美国疾控中心建议" in doc.text


def test_a_caption_with_a_credit_in_its_sentence_stays(tmp_path: Path) -> None:
    body = (
        '<div><img src="https://x.example/a.jpg"><small>图片来源于网络，'
        f"警方在现场拉起封锁线。</small></div><p>{PROSE}</p>"
    )
    doc, _found = mirror(tmp_path, body)
    assert "图片来源于网络，警方在现场拉起封锁线。" in doc.text


def test_files_without_furniture_are_left_as_they_are(tmp_path: Path) -> None:
    doc, found = mirror(tmp_path, f"<p>{PROSE}</p><p>{PROSE2}</p>")
    assert found.removed == []
    assert doc.byline is None
    assert squash(doc.text) == squash(PROSE + PROSE2)


# --- the header --------------------------------------------------------------------------------


def test_the_header_names_byline_source_and_date_once(tmp_path: Path) -> None:
    doc, _found = mirror(
        tmp_path, f"<div><i>Thomas Latschan<br>2025-02-15T08:03:55.243Z</i></div><p>{PROSE}</p>"
    )
    page = article_page(doc, date_text=lambda when: f"<{when:%Y/%m/%d}>")
    meta = lxml.html.fromstring(page).find_class("meta")[0].text_content()
    assert meta.count("Thomas Latschan") == 1
    assert meta.count("example.com") == 1
    assert meta.count("<2025/02/15>") == 1
    assert "2025-02-15T" not in page
    assert page.count("Thomas Latschan") == 1


@pytest.mark.parametrize(
    ("locale", "shown"),
    [
        ("zh_CN", "2025年2月15日 08:03"),
        ("ja_JP", "2025年2月15日 08:03"),
        ("en_US", "February 15, 2025, 8:03 AM"),
        ("en_GB", "15 February 2025, 08:03"),
        ("de_DE", "15. Februar 2025, 08:03"),
        ("fr_FR", "15 février 2025 à 08:03"),
        ("", "2025-02-15 08:03"),
        ("tlh", "2025-02-15 08:03"),
    ],
)
def test_dates_in_the_readers_locale(locale: str, shown: str) -> None:
    assert date_text(dt.datetime(2025, 2, 15, 8, 3), locale) == shown


def test_the_readers_locale_comes_from_the_posix_variables() -> None:
    assert reader_locale({"LANG": "de_DE.UTF-8", "LC_TIME": "zh_TW.UTF-8"}) == "zh_TW"
    assert reader_locale({"LC_ALL": "fr_FR@euro", "LANG": "de_DE"}) == "fr_FR"
    assert reader_locale({"LANG": "C.UTF-8"}) == ""
    assert reader_locale({}) == ""


# --- the news corpus, as the benchmark measures it ---------------------------------------------


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    path = ROOT / "benchmarks" / "bench_news_furniture.py"
    spec = importlib.util.spec_from_file_location("bench_news_furniture", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_no_furniture_is_left_in_the_news_corpus(bench: ModuleType) -> None:
    articles = bench.measure(shared_path("corpus", "news"))
    assert len(articles) == 69
    left = {a.path: a.hits for a in articles if a.hits}
    assert left == {}


def test_no_article_text_is_lost_in_the_news_corpus(bench: ModuleType) -> None:
    """Every sentence-length block of visible text (html5lib's) that is not furniture is in
    the article's text, in order."""
    articles = bench.measure(shared_path("corpus", "news"))
    lost = {a.path: a.lost for a in articles if a.lost}
    assert lost == {}
    assert sum(a.kept_chars for a in articles) == sum(a.total_chars for a in articles) > 70_000


def test_the_detectors_find_the_furniture_when_the_rules_are_off(bench: ModuleType) -> None:
    """The benchmark can fail: without the rules, most articles show furniture."""
    articles = bench.measure(shared_path("corpus", "news"), rules=False)
    patterns = {name for a in articles for name, _line in a.hits}
    assert sum(1 for a in articles if a.hits) >= 55
    assert {"iso-timestamp", "date-line", "relative-time", "copyright", "credit-line"} <= patterns
    assert {"promo", "related-list", "archive-box", "literal-asterisks", "null"} <= patterns
