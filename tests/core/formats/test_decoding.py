"""Decoding a file's bytes: damaged UTF-8, declared and undeclared legacy encodings, controls.

Legacy files are real sentences and real pages from the shared corpus, encoded here in the
encodings saved pages really come in (the x-trafilatura pages are legacy bytes as found).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st
from imported import added

from reader.core.formats.decoding import decode
from reader.core.library.store import Library
from reader.core.model import InputError
from tests.shared_paths import shared_path

Write = Callable[[str, str | bytes], Path]
Mirror = Callable[..., str]

ZH = "澳英美正探讨日本参与奥库斯协议，共同开发先进防务能力。美国官员向记者表示，"  # noqa: RUF001


def _webpage(name: str) -> bytes:
    return shared_path("corpus", "webpages", name, "source.html").read_bytes()


def _metadata(name: str, file: str = "expected-metadata.json") -> dict[str, object]:
    data = json.loads(shared_path("corpus", "webpages", name, file).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _ground_truth(name: str) -> str:
    path = shared_path("corpus", "extraction", name, "ground-truth.json")
    (entry,) = json.loads(path.read_text(encoding="utf-8")).values()
    return str(entry["articleBody"])


def _page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}<title>t</title></head><body>{body}</body></html>"


# --- almost UTF-8 -----------------------------------------------------------------------------


def test_a_stray_byte_in_utf8_chinese_is_one_replacement_character() -> None:
    data = ZH.encode()
    data = data[:30] + b"\xff" + data[30:]  # 30 = after ten CJK characters
    assert decode(data) == ZH[:10] + "\ufffd" + ZH[10:]


def test_utf8_cut_mid_character_keeps_everything_before_the_cut() -> None:
    assert decode(ZH.encode()[:-2]) == ZH[:-1] + "\ufffd"
    assert decode(("Short note. " + ZH[:3]).encode()[:-1]) == "Short note. " + ZH[:2] + "\ufffd"


@pytest.mark.parametrize("bad", [b"\xff", b"\xff\xfe", b"\x92", b"\xe9\xe8\xff"])
def test_mostly_ascii_utf8_with_a_few_bad_bytes_stays_utf8(bad: bytes) -> None:
    text = decode(b"<p>The caf\xc3\xa9 is open. \xe4\xb8\xad\xe6\x96\x87" + bad + b"</p>")
    assert text.startswith("<p>The café is open. 中文\ufffd")  # not Cyrillic mojibake


def test_utf8_with_a_stray_byte_wins_over_a_declared_legacy_charset() -> None:
    page = _page(f"<p>{ZH}</p>", '<meta charset="gb2312">').encode()
    text = decode(page.replace("日本".encode(), "日本".encode() + b"\xa0"))
    assert f"<p>{ZH[:8]}\ufffd{ZH[8:]}</p>" in text


def test_utf8_bom_with_a_bad_byte_is_still_utf8() -> None:
    assert decode(b"\xef\xbb\xbf" + ZH.encode() + b"\xff\n") == ZH + "\ufffd\n"


def test_utf16_with_bom_cut_mid_character() -> None:
    assert decode(("UTF-16 " + ZH).encode("utf-16")[:-1]) == "UTF-16 " + ZH[:-1] + "\ufffd"


_CJK = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=8)
_ASCII = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=20)


@given(
    st.lists(st.tuples(_ASCII, _CJK), min_size=1, max_size=12),
    st.lists(st.sampled_from([b"\xff", b"\xfe", b"\x80", b"\xc3", b"\xe4", b"\xa0"]), max_size=3),
)
def test_cjk_survives_stray_bytes(pieces: list[tuple[str, str]], strays: list[bytes]) -> None:
    """Stray bytes between characters of UTF-8 text with at least as many CJK characters as
    stray bytes: each becomes U+FFFD and every character stays, in order."""
    strays = strays[: len(pieces)]
    data, expected = b"", ""
    for i, (ascii_part, cjk) in enumerate(pieces):
        stray = strays[i] if i < len(strays) else b""
        data += ascii_part.encode() + stray + cjk.encode()
        expected += ascii_part + ("\ufffd" if stray else "") + cjk
    if expected.strip():
        assert decode(data) == expected


@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1))
def test_valid_utf8_is_always_read_as_utf8(text: str) -> None:
    if text.strip() and not text.startswith("\ufeff"):
        assert decode(text.encode()) == text


# --- declared charsets ------------------------------------------------------------------------


def test_valid_utf8_wins_over_its_declared_charset() -> None:
    """qq declares gb2312; its bytes are UTF-8 (a page re-encoded when saved)."""
    title = _metadata("qq")["title"]
    assert isinstance(title, str)
    assert title in decode(_webpage("qq"))


@pytest.mark.parametrize(
    "head",
    [
        '<meta charset="gb2312">',
        "<meta charset=GBK>",
        '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
        '<meta content="text/html; charset=gb2312" http-equiv="content-type" />',
        '<meta name="viewport" content="width=device-width"><meta charset="x-gbk">',
    ],
)
def test_declared_gb2312_is_read_as_gb18030(head: str) -> None:
    # 镕 is in GBK but not GB2312, € and 𠀀 only in GB18030: browsers read gb2312 as GB18030.
    body = f"<p>{ZH}朱镕基 € 𠀀</p>"
    assert decode(_page(body, head).encode("gb18030")) == _page(body, head)


def test_xml_declaration_names_the_encoding() -> None:
    text = '<?xml version="1.0" encoding="Shift_JIS"?>\n<p>トレンドマイクロは3月9日</p>'
    assert decode(text.encode("cp932")) == text


@pytest.mark.parametrize("label", ["iso-8859-1", "latin1", "us-ascii", "ascii", "windows-1252"])
def test_latin1_and_ascii_labels_are_windows_1252(label: str) -> None:
    body = "<p>“Smart quotes” — and € 5, naïve café</p>"
    page = _page(body, f'<meta charset="{label}">')
    assert decode(page.encode("cp1252")) == page


def test_undefined_windows_1252_bytes_are_kept_as_browsers_do() -> None:
    page = _page("<p>caf\xe9 \x81</p>", '<meta charset="windows-1252">').encode("latin-1")
    assert "café" in decode(page)


@pytest.mark.parametrize("label", ["unicode_escape", "utf-7", "raw_unicode_escape", "rot13"])
def test_labels_no_browser_knows_are_ignored(label: str) -> None:
    """Python decodes these; a page must not pick them (``\\x3cscript`` would become a tag)."""
    page = _page("<p>\\x3cscript\\x3e +ADw-script+AD4- caf\xe9</p>", f'<meta charset="{label}">')
    text = decode(page.encode("latin-1"))
    assert "<script" not in text
    assert "café" in text


def test_a_declaration_the_bytes_do_not_fit_is_overruled_by_detection() -> None:
    page = _page(f"<p>{ZH}{ZH}</p>", '<meta charset="shift_jis">')
    assert decode(page.encode("gbk")) == page


def test_iso_2022_jp_with_half_width_katakana() -> None:
    text = "ｶﾀｶﾅ とひらがなと漢字の日本語です。"
    assert decode(text.encode("iso2022_jp_ext")) == text


# --- legacy encodings, declared or not --------------------------------------------------------


def _with_segments(name: str) -> list[str]:
    (entry,) = _metadata(name, "trafilatura-evaldata.json").values()
    return list(entry["with"])


_META_CHARSET = re.compile(rb"<meta[^>]*charset[^>]*>", re.IGNORECASE)


@pytest.mark.parametrize(
    "name",
    [
        "x-trafilatura-xinhuanet-gb2312",
        "x-trafilatura-rp.pl-windows-1250",
        "x-trafilatura-landwirt.com-iso-8859-1",
    ],
)
@pytest.mark.parametrize("declared", [True, False])
def test_real_legacy_pages(name: str, declared: bool) -> None:
    """Pages as saved in GB2312, windows-1250 and ISO-8859-1; also with the <meta> cut out."""
    data = _webpage(name)
    if not declared:
        data, n = _META_CHARSET.subn(b"", data)
        assert n == 1
    text = decode(data)
    for segment in _with_segments(name):
        assert segment in text


def _paragraphs(name: str) -> str:
    """The text of a corpus page's paragraphs."""
    doc = lxml.html.document_fromstring(_webpage(name).decode("utf-8-sig"))
    return " ".join(" ".join(p.text_content().split()) for p in doc.iter("p"))


def _text_sources() -> dict[str, str]:
    arabic = _metadata("x-newspaper4k-arabic_article", "newspaper4k-metadata.json")
    thai = _metadata("x-newspaper4k-thai_article", "newspaper4k-metadata.json")
    return {
        "zh-hans": str(_metadata("gmw")["excerpt"]) + _paragraphs("gmw"),
        "zh-hant": _paragraphs("pixnet"),
        "ja": _ground_truth("lhpat-tm.com-85439e26"),
        "ko": _ground_truth("entermedia.co.kr-9da36ae4"),
        "ru": _ground_truth("wday.ru-c82b3d1d"),
        "cs": str(_metadata("aktualne")["title"]) + ". " + _paragraphs("aktualne"),
        "de": _paragraphs("heise"),
        "fr": _paragraphs("lemonde-1"),
        "ar": str(arabic["text"]),
        "th": str(thai["text"]),
    }


LEGACY = [
    ("zh-hans", "gbk"),
    ("zh-hans", "gb18030"),
    ("zh-hant", "big5"),
    ("ja", "shift_jis"),
    ("ja", "euc_jp"),
    ("ja", "iso2022_jp"),
    ("ko", "euc_kr"),
    ("ru", "cp1251"),
    ("ru", "koi8_r"),
    ("ru", "iso8859_5"),
    ("ru", "cp866"),
    ("cs", "cp1250"),
    ("cs", "iso8859_2"),
    ("de", "cp1252"),
    ("fr", "cp1252"),
    ("ar", "cp1256"),
    ("th", "cp874"),
]


def _sample(lang: str, encoding: str, size: int) -> str:
    """The first ``size`` characters of real text in ``lang`` (those ``encoding`` can hold)."""
    source = " ".join(_text_sources()[lang].split())
    text = "".join(c for c in source if _encodes(c, encoding))[:size].strip()
    assert len(text) >= size * 0.9, (lang, encoding)
    return text


def _encodes(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


@pytest.mark.parametrize(("lang", "encoding"), LEGACY)
@pytest.mark.parametrize("size", [80, 400])
def test_undeclared_legacy_text(lang: str, encoding: str, size: int) -> None:
    """A sentence and a paragraph of plain text, and the same in a page, with no declaration."""
    text = _sample(lang, encoding, size)
    assert decode(text.encode(encoding)) == text
    page = _page(f"<p>{text}</p>", '<link rel="stylesheet" href="/site.css">')
    assert decode(page.encode(encoding)) == page


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("x-trafilatura-football.ua", "cp1251"),
        ("x-trafilatura-football.ua", "koi8_r"),
        ("qq", "gbk"),
        ("pixnet", "big5hkscs"),  # WHATWG's Big5 (Python's big5 puts kana elsewhere)
        ("yahoo-4", "shift_jis"),
        ("hukumusume", "euc_jp"),
        ("x-scrapinghub-entermedia.co.kr-0ec95c72", "euc_kr"),
        ("aktualne", "cp1250"),
        ("x-trafilatura-assabah.com.tn", "cp1256"),
        ("heise", "iso8859_15"),
    ],
)
def test_real_pages_saved_in_a_legacy_encoding(name: str, encoding: str) -> None:
    """A whole page re-encoded as a browser saves it (what the encoding lacks as character
    references), its <meta> still saying UTF-8 or nothing: read back exactly."""
    page = _webpage(name).decode("utf-8-sig").replace("\r\n", "\n")
    page = page.encode(encoding, "xmlcharrefreplace").decode(encoding)
    assert decode(page.encode(encoding)) == page


def test_two_lone_letters_are_too_little_to_leave_windows_1252() -> None:
    """The price of the rule above: a Czech line with two accented letters (one of which
    windows-1252 reads differently) stays windows-1252; a third letter is enough."""
    assert decode("West Ham hrozí gigantům.".encode("cp1250")) == "West Ham hrozí gigantùm."
    line = "West Ham hrozí gigantům. Součka je snadné přehlédnout."
    assert decode(line.encode("cp1250")) == line


@pytest.mark.parametrize(
    "text",
    [
        "naïve",
        "café",
        "A naïve café owner said hello.",
        "<p>Zoë’s piñata — “déjà vu” at the Café Müller</p>",  # noqa: RUF001
        "© 2024 Straße",
        "x" * 5000 + " résumé",
    ],
)
def test_mostly_ascii_with_a_few_latin_letters_is_windows_1252(text: str) -> None:
    assert decode(text.encode("cp1252")) == text


# --- control characters -----------------------------------------------------------------------


def test_form_feed_and_vertical_tab_end_a_line() -> None:
    assert decode(b"Page one.\x0cPage two.\x0bLine.") == "Page one.\nPage two.\nLine."


def test_other_controls_become_spaces_never_replacement_characters() -> None:
    prose = b"<p>A paragraph long enough for three controls not to look binary.</p>\n" * 5
    text = decode(prose + b"<p>java\x01script: one\x1ftwo\x7fthree\ttab\r\n</p>")
    assert text == prose.decode() + "<p>java script: one two three\ttab\r\n</p>"


def test_c1_controls_are_the_windows_1252_characters_they_stood_for() -> None:
    text = decode("It\u0092s \u0093quoted\u0094 \u0085 \u0080 5 \u0081".encode())
    assert text == "It’s “quoted” … € 5  "  # noqa: RUF001


def test_controls_in_a_legacy_file_too() -> None:
    assert decode("Глава 1\x0cГлава 2".encode("cp1251")) == "Глава 1\nГлава 2"  # noqa: RUF001


# --- refused ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the file is empty"),
        (b"\xef\xbb\xbf \n", "the file is empty"),
        (b"\xff\xfe \x00\n\x00", "the file is empty"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)), "it is binary data"),
    ],
)
def test_empty_and_binary_files_are_refused(data: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        decode(data)


# --- through the import ------------------------------------------------------------------------


# Long enough for charset detection to be sure it is Chinese (a few hundred GBK bytes).
ZH_LONG = (
    "澳英美正探讨日本参与奥库斯协议，共同开发先进防务能力。美国官员向记者表示，"  # noqa: RUF001
    "美国已开始与英国和澳大利亚讨论日本加入的可能性。"
) * 4


def test_gbk_page_with_meta_charset(library: Library, write_file: Write) -> None:
    page = (
        '<html><head><meta charset="gb2312"><title>国际新闻</title></head>'
        f"<body><p>{ZH_LONG}</p></body></html>"
    )
    doc = added(library, write_file("gbk-meta.html", page.encode("gbk")))
    assert doc.title == "国际新闻"
    assert doc.text == ZH_LONG


def test_gbk_page_without_meta_charset(library: Library, write_file: Write) -> None:
    page = f"<html><head><title>国际新闻</title></head><body><p>{ZH_LONG}</p></body></html>"
    doc = added(library, write_file("gbk.html", page.encode("gbk")))
    assert doc.title == "国际新闻"
    assert doc.text == ZH_LONG


def test_gbk_news_mirror_file(library: Library, write_file: Write, mirror: Mirror) -> None:
    text = mirror("澳英美正探讨日本参与奥库斯协议", "https://example.com/gbk", f"<p>{ZH_LONG}</p>")
    doc = added(library, write_file("gbk.md", text.encode("gbk")))
    assert doc.title == "澳英美正探讨日本参与奥库斯协议"
    assert doc.text == ZH_LONG


def test_utf16_with_bom(library: Library, write_file: Write, mirror: Mirror) -> None:
    text = mirror("UTF-16 标题", "https://example.com/u16")
    doc = added(library, write_file("u16.md", text.encode("utf-16")))
    assert (doc.title, doc.text) == ("UTF-16 标题", "Body text.")
