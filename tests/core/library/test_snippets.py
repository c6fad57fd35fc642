"""Search result snippets (issue 11): the line of text around the first match."""
# ruff: noqa: RUF001 (Chinese text with its full-width punctuation, as articles have it)

from __future__ import annotations

from reader.core.library.snippets import SCAN_LIMIT, Snippet, Snippets, snippet

NEWS = (
    "新华社北京电 国务院总理今天在北京会见了来访的日本首相，双方就网络安全问题深入交换意见。"
    "会谈后，两国发表联合声明，表示将加强在人工智能领域的合作。"
) * 3
ENGLISH = (
    "The President said on Tuesday that TRUMP's  policies were\nunpopular among voters in "
    "the Café district, where security concerns have grown for years and years and years."
)


def test_a_chinese_term_is_shown_in_its_line_marked() -> None:
    found = snippet(NEWS, "网络安全")
    assert found is not None
    before, match, after = found.parts
    assert match == "网络安全"
    assert before.startswith("…")
    assert after.endswith("…")
    assert 40 <= len(found.text) <= 70
    assert before.endswith("双方就")  # the text just before the match is there


def test_a_single_character_is_found_inside_a_run() -> None:
    found = snippet("香港的新闻：港府今天宣布", "港")
    assert found == Snippet("香港的新闻：港府今天宣布", (1, 2))


def test_the_first_match_of_any_term_is_shown() -> None:
    found = snippet(NEWS, "日本 北京")  # 北京 comes first in the text
    assert found is not None
    assert found.parts[0] == "新华社"
    assert found.parts[1] == "北京"
    assert not found.text.startswith("…")


def test_words_match_whole_folded_and_by_prefix() -> None:
    assert (found := snippet(ENGLISH, "trump")) is not None
    assert found.parts[1] == "TRUMP"
    assert "  " not in found.text
    assert "\n" not in found.text
    assert (found := snippet(ENGLISH, "cafe")) is not None
    assert found.parts[1] == "Café"
    assert (found := snippet(ENGLISH, "secur*")) is not None
    assert found.parts[1] == "security"
    assert snippet("trumpet", "trump") == Snippet("trumpet")  # no match: the beginning


def test_a_cut_line_does_not_start_or_end_inside_a_word() -> None:
    found = snippet(ENGLISH, "voters")
    assert found is not None
    before, _, after = found.parts
    words = ENGLISH.split()
    assert before.removeprefix("…").split()[0] in words
    assert after.removesuffix("…").split()[-1] in words


def test_a_match_near_the_end_fills_the_line_from_before() -> None:
    found = snippet(ENGLISH, "years")
    assert found is not None
    assert found.text.endswith("years.")
    assert len(found.text) >= 50


def test_a_title_hit_shows_the_texts_beginning() -> None:
    found = snippet(ENGLISH, "北京")
    assert found is not None
    assert found.match == (0, 0)
    assert found.text.startswith("The President said")
    assert found.text.endswith("…")
    assert snippet("短文。", "北京") == Snippet("短文。")


def test_no_snippet_without_terms_or_text() -> None:
    assert snippet(NEWS, "  ") is None
    assert snippet(NEWS, '"" -') is None
    assert snippet("   ", "北京") is None


def test_control_characters_are_shown_not_obeyed() -> None:
    found = snippet("evil \u202etext\x1b[31m here", "here")
    assert found is not None
    assert "\u202e" not in found.text
    assert "\x1b" not in found.text
    assert found.parts[1] == "here"


def test_a_huge_article_is_looked_through_only_so_far() -> None:
    text = "x " * SCAN_LIMIT + "北京"
    found = snippet(text, "北京")
    assert found is not None
    assert found.match == (0, 0)


def test_snippets_are_made_once_and_only_when_asked() -> None:
    asked: list[str] = []

    def text_of(doc_id: str) -> str | None:
        asked.append(doc_id)
        return {"a": NEWS, "b": ENGLISH}.get(doc_id)

    snippets = Snippets(text_of, size=2)
    assert not snippets.active("  ")
    assert snippets.active("北京")
    assert snippets.get("  ", "a") is None
    assert asked == []  # no search: no text read
    first = snippets.get("北京", "a")
    assert first is not None
    assert snippets.get("北京", "a") is first
    assert asked == ["a"]
    assert snippets.get("北京", "gone") is None
    snippets.get("trump", "b")
    snippets.get("北京", "a")  # (pushed out by the two since: made again)
    assert asked == ["a", "gone", "b", "a"]
