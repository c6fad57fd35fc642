"""The plain-text format (``reader.core.formats.text``): every character kept and escaped,
paragraphs and hard-wrapped lines as meant, the first line as the title when it is one."""

# ruff: noqa: RUF001 (full-width CJK punctuation is what these tests are about)

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from imported import hrefs, ingest
from shared_paths import examples

NOTE_TXT = """\
Meeting notes

Write to <jane@example.org> before Friday.
Full text at <https://example.org/report?id=7&lang=en>.

Second paragraph: see https://example.org/wiki/Set_(mathematics)). Or www.example.com,
or mail bob@example.com.
"""


def test_a_text_file_keeps_angle_brackets_paragraphs_and_title() -> None:
    doc = ingest("note.txt", NOTE_TXT)
    assert (doc.format, doc.title) == ("text", "Meeting notes")
    assert "<jane@example.org>" in doc.text
    assert "Full text at <https://example.org/report?id=7&lang=en>." in doc.text
    assert doc.text.count("\n\n") == 1  # two paragraphs
    assert hrefs(doc) == [
        "mailto:jane@example.org",
        "https://example.org/report?id=7&lang=en",
        "https://example.org/wiki/Set_(mathematics)",
        "http://www.example.com",
        "mailto:bob@example.com",
    ]
    assert "Meeting notes" not in doc.text  # shown once, as the title


def test_text_links_are_only_web_and_mail() -> None:
    text = (
        "javascript:alert(1) file:///etc/passwd ftp://example.org/f data:text/html,x "
        "vbscript:x //example.org/p http:// mailto:a@example.org?attach=/etc/passwd "
        "HTTPS://EXAMPLE.ORG/A news:comp.lang.python"
    )
    doc = ingest("links.txt", f"{text}\n")
    assert hrefs(doc) == ["mailto:a@example.org", "HTTPS://EXAMPLE.ORG/A"]
    assert doc.text == text  # the rest is shown as written


def test_hard_wrapped_text_is_reflowed_and_short_lines_kept() -> None:
    text = (
        "It was a bright cold day in April, and the clocks were striking thirteen.\n"
        "Winston Smith, his chin nuzzled into his breast in an effort to escape the\n"
        "vile wind, slipped quickly through the glass doors of Victory Mansions.\n"
        "\n"
        "Jane Doe\n12 Main Street\nSpringfield\n"
    )
    doc = ingest("wrapped.txt", text)
    paragraphs = doc.text.split("\n\n")
    assert paragraphs[0].startswith("It was a bright")
    assert "\n" not in paragraphs[0]
    assert "escape the vile wind" in paragraphs[0]
    assert paragraphs[1] == "Jane Doe\n12 Main Street\nSpringfield"
    assert doc.title == "wrapped"  # the first line is a sentence, not a title


def test_a_file_with_one_paragraph_per_line() -> None:
    lines = [
        "澳英美正探讨日本参与奥库斯协议，共同开发先进防务能力。",
        "美国官员向记者表示，美国已开始与英国和澳大利亚讨论日本加入的可能性。",
        "日本方面尚未作出正式回应。",
    ]
    doc = ingest("123_奥库斯.txt", "\n".join(["奥库斯协议", *lines]) + "\n")
    assert doc.title == "奥库斯协议"
    assert doc.html.count("<p>") == 3
    assert doc.text == "\n\n".join(lines)


def test_hard_wrapped_cjk_text_joins_without_spaces() -> None:
    line = "中文的硬换行文本每行三十八个字左右然后换行继续写下去这样子的文本常见于" * 1
    doc = ingest("cjk.txt", f"标题\n\n{line}\n{line}\n{line[:10]}\n")
    assert doc.text == line * 2 + line[:10]


# --- no text lost --------------------------------------------------------------------------------


_LINE = st.text(
    alphabet=st.sampled_from(list("abcxyz ABC 019 <>&\"'*_[]()#:/.@-~`\t中文字。，")),
    max_size=60,
)


_URL = st.sampled_from(["https://example.org/a_(b)", "<https://example.org/x?y=1&z=2>", "a@b.org"])


def _squash(text: str) -> str:
    return "".join(text.split())


@settings(max_examples=examples(200), deadline=None, derandomize=True, database=None)
@given(lines=st.lists(st.one_of(_LINE, _URL, st.just("")), max_size=30))
def test_a_text_file_keeps_every_character(lines: list[str]) -> None:
    text = "\n".join(lines)
    if not text.strip():
        return  # an empty file is refused before parsing
    doc = ingest("random.txt", text)
    assert doc.format == "text"
    # "random" is the file's name: the alphabet cannot spell it, so any other title is the
    # first line, taken out of the body
    shown = doc.text if doc.title == "random" else f"{doc.title}\n{doc.text}"
    assert _squash(shown) == _squash(text)
