"""Media not shown are calm boxes at their place (issue 12): kind and host, alt text, never
glued to the text before them; captions under them styled as captions."""

from __future__ import annotations

import re

from documents import make_doc

from reader.core.cleaning.sanitize import sanitize_article
from reader.core.library.images import ImageStates
from reader.core.model import Document
from reader.core.page.placeholders import image_host, image_urls, media_boxes, mostly_cjk
from reader.core.page.render import article_page, page_style, qt_html
from reader.core.page.theme import DARK, LIGHT

BBC = "https://images.weserv.nl/?url=ichef.bbci.co.uk/news/640/a.jpg"


def _doc(html: str, text: str = "正文\uff0c网络安全是国家安全的重要组成部分。") -> Document:
    return make_doc(html=html, text=text)


def _page(raw: str, text: str = "正文\uff0c网络安全。") -> str:
    return article_page(_doc(sanitize_article(raw, "https://example.org/a"), text))


def test_a_placeholder_after_a_date_is_a_box_of_its_own_not_glued_to_it() -> None:
    page = _page(f'<p>03/03/2024 - 15:57<img src="{BBC}" alt="手机"></p><p>正文。</p>')
    assert "15:57[Image" not in page
    assert re.search(r"15:57<table class=\"sr-box\"[^>]*>", page)  # a block: a line of its own
    box = page[page.index('<table class="sr-box"') : page.index("</table>")]
    assert "图片 · ichef.bbci.co.uk 经 images.weserv.nl" in box  # its own host, and who is asked
    assert '<span class="sr-alt">手机</span>' in box
    assert f'href="{BBC.replace("&", "&amp;")}"' in box  # the URL kept: the hook for loading


def test_an_image_only_post_says_what_and_where_the_image_is() -> None:
    # 中国数字时代's 每日一语: one line of text and a picture with no alt text.
    raw = (
        "<p>没有“神仙”的压迫\uff0c土拨鼠的生活又有什么不好\uff1f</p><p><img decoding=async "
        'src="https://chinadigitaltimes.net/chinese/files/2025/02/2025.2.14.jpg" alt=""></p>'
    )
    page = _page(raw)
    assert "图片 · chinadigitaltimes.net" in page
    assert "[Image]" not in page


def test_an_english_article_says_image_and_a_video_or_embed_its_kind() -> None:
    html = sanitize_article(
        '<p>Before.<img src="https://cdn.example.com/a.png" alt="A dog"></p>'
        '<video src="https://media.example.com/v.mp4"></video>'
        '<iframe src="https://www.youtube.com/embed/x"></iframe>',
        "https://example.com/",
    )
    page = article_page(_doc(html, "The minister resigned on Monday after the vote."))
    assert "Image · cdn.example.com" in page
    assert '<span class="sr-alt">A dog</span>' in page
    assert "Video · media.example.com" in page
    assert "Embedded content · www.youtube.com" in page
    assert page.count("www.youtube.com</a>") == 1  # the host once, not again as "alt"


def test_an_image_with_no_url_is_a_box_without_a_link() -> None:
    out = media_boxes('<p>a<span class="sr-media">[Image: 地图]</span></p>', cjk=True)
    assert '<td class="sr-box"><span class="sr-media">图片</span><br>' in out
    assert "<a " not in out


def test_a_loose_caption_under_an_image_is_a_caption() -> None:
    # DW, Reuters and VOA write the caption as a <div><small> right after the image.
    raw = (
        '<p><img src="https://static.dw.com/image/1.jpg"></p><div><small>白宫国家安全顾问'
        "</small></div><p>\uff08德国之声中文网\uff09正文。</p>"
    )
    page = _page(raw)
    assert '</table></p><div class="sr-caption">白宫国家安全顾问</div><p>' in page


def test_a_paragraph_with_a_photo_credit_under_an_image_is_its_caption() -> None:
    # BBC: the caption is a paragraph whose credit is small print (furniture/captions.py).
    html = (
        f'<div><div><div><a class="sr-media" href="{BBC}">[Image: \u624b\u673a]</a></div></div>'
        "<div><p>\u7814\u7a76\u7ed3\u679c <small>\u56fe\u50cf\u6765\u6e90 Getty</small></p>"
        "</div></div><p>\u6b63\u6587</p>"
    )
    out = media_boxes(html, cjk=True)
    assert (
        '</table></div></div><div><div class="sr-caption">\u7814\u7a76\u7ed3\u679c '
        "<small>\u56fe\u50cf\u6765\u6e90 Getty</small></div></div></div><p>\u6b63\u6587</p>"
    ) in out
    plain = media_boxes(f'<p><a class="sr-media" href="{BBC}">[Image]</a></p><p>Text.</p>')
    assert plain.endswith("</table></p><p>Text.</p>")  # an ordinary paragraph stays one


def test_a_figure_keeps_its_caption_under_the_box_and_its_alt_is_not_said_twice() -> None:
    raw = (
        '<figure><img src="https://www.rfa.org/a.jpg" alt="学者吴国光\uff08RFA\uff09">'
        "<figcaption>学者吴国光\uff08RFA\uff09</figcaption></figure><p>他以主讲身份出席。</p>"
    )
    page = _page(raw)
    box_end = page.index("</table>")
    assert page.index('<div class="sr-caption">学者吴国光\uff08RFA\uff09') > box_end
    assert "sr-alt" not in page  # the caption says it, under the box


def test_a_gallery_s_line_break_after_the_image_goes_with_it() -> None:
    out = media_boxes(
        '<div><a class="sr-media" href="https://a.example/1.jpg">[Image]</a><br><b>标题</b>'
    )
    assert "</table><b>标题</b>" in out


def test_pieces_of_a_long_article_get_boxes_too() -> None:
    assert "sr-box" in qt_html('<p><a class="sr-media" href="https://a.example/1.jpg">[Image]</a>')


def test_hosts_and_language() -> None:
    assert image_host(BBC) == "ichef.bbci.co.uk"
    assert image_host("https://images.weserv.nl?url=gdb.voanews.com/x.jpg") == "gdb.voanews.com"
    assert image_host("https://s.rfi.fr/media/x.jpg") == "s.rfi.fr"
    assert image_host("") == ""
    assert mostly_cjk("美国总统特朗普与俄乌总统通电话 Trump")
    assert not mostly_cjk("The minister resigned, 部长 said.")


def test_the_style_gives_the_box_and_the_caption_their_theme_colours() -> None:
    for theme in (LIGHT, DARK):
        style = page_style(theme)
        assert f"td.sr-box {{ background-color: {theme.frame}; border: 1px solid {theme.rule}" in (
            style
        )
        assert re.search(r"figcaption, \.sr-caption \{ color: " + theme.secondary, style)


def test_image_urls_are_the_image_placeholders_targets_in_order_each_once() -> None:
    html = sanitize_article(
        '<p><img src="https://a.test/1.png?x=1&amp;y=2" alt="one"></p>'
        '<video src="https://media.test/v.mp4"></video>'
        '<p><img src="/2.jpg"><img src="https://a.test/1.png?x=1&amp;y=2"></p>',
        "https://site.test/article",
    )
    assert image_urls(html) == ["https://a.test/1.png?x=1&y=2", "https://site.test/2.jpg"]
    assert image_urls("<p>No media.</p>") == []


def test_a_stored_image_is_shown_as_an_image_with_its_caption_and_a_refused_one_says_why() -> None:
    raw = (
        '<figure><img src="https://a.test/1.png?x=1&amp;y=2" alt="A &quot;dog&quot;">'
        "<figcaption>The dog, 2024.</figcaption></figure>"
        '<p><img src="https://b.test/2.png" alt="two"></p>'
        '<p><img src="https://c.test/3.png" alt="three"></p>'
    )
    html = sanitize_article(raw, "https://site.test/")
    states = ImageStates(
        frozenset({"https://a.test/1.png?x=1&y=2"}),
        {"https://b.test/2.png": "not an image (text/html)"},
    )
    page = article_page(
        _doc(html, "The minister resigned on Monday after the vote."), images=states
    )
    assert '<img src="https://a.test/1.png?x=1&amp;y=2" alt="A &quot;dog&quot;">' in page
    assert "Image · a.test" not in page  # no box for what is shown
    assert "The dog, 2024." in page
    assert "Not loaded: not an image (text/html)" in page  # b's box says why
    assert "Image · c.test" in page  # c: a plain box
    assert page.count("Not loaded") == 1
    assert "<img" not in article_page(_doc(html, "The minister resigned on Monday."))
    chinese = article_page(_doc(html), images=states)
    assert "未载入\uff1anot an image (text/html)" in chinese


def test_an_img_declared_one_pixel_wide_or_high_is_no_placeholder_and_never_loaded() -> None:
    html = sanitize_article(
        '<p>Text.<img src="https://t.example/open.gif?u=1" width="1" height="1">'
        '<img src="https://t.example/o2.gif" height="1" width="600">'
        '<img src="https://t.example/o3.gif" width="0">'
        '<img src="https://cdn.example/photo.jpg" width="640" height="360" alt="A photo"></p>',
        "https://example.org/a",
    )
    assert image_urls(html) == ["https://cdn.example/photo.jpg"]


def test_an_alt_text_of_punctuation_alone_is_left_out_of_the_box() -> None:
    html = sanitize_article(
        '<p><img src="https://a.test/1.png" alt="。">'
        '<img src="https://a.test/2.png" alt="地图"></p>',
        "https://example.org/a",
    )
    page = article_page(_doc(html))
    assert '<span class="sr-alt">。</span>' not in page
    assert '<span class="sr-alt">地图</span>' in page
