"""A list row (issue 11): the source by name, a mark for a note, and while searching a third
line with the snippet around the first match, made only for the rows on screen."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics
from shared_paths import make_mirror, shared_path

from reader.core.library.search_query import as_typed
from reader.core.library.snippets import Snippet, Snippets, snippet
from reader.ui.listing.delegate import NOTE_MARK, STAR, fitted_parts


def search(qtbot, window, text: str) -> None:
    window.sidebar.filter.insert(text)  # (QTest types Latin-1 only)
    qtbot.waitUntil(lambda: window.context._shown_query == as_typed(text))


def row_height(window) -> int:
    """The first row's height as the list lays it out."""
    view = window.sidebar.list
    view.grab()  # (laid out)
    return view.visualRect(window.model.index(0, 0)).height()


def test_a_row_says_its_sources_name_and_marks_a_note_and_a_star(qtbot, make_window):
    window = make_window([shared_path("corpus", "news", "dw")])
    delegate = window.sidebar.list.itemDelegate()
    index = window.model.index(0, 0)
    doc_id = window.model.ids()[0]
    assert delegate.subtitle(index).startswith("德国之声 DW · ")  # was "dw.com · ..."
    window.sidebar.select_row(0)
    window.notes.edit.setPlainText("to read again")  # typed in the note panel
    assert delegate.subtitle(index).startswith(f"{NOTE_MARK} 德国之声 DW · ")
    window.state.set_starred(doc_id)
    assert delegate.subtitle(index).startswith(f"{STAR} {NOTE_MARK} 德国之声 DW")
    window.notes.edit.setPlainText("")
    assert delegate.subtitle(index).startswith(f"{STAR} 德国之声 DW")


def test_search_results_show_snippets_for_the_rows_on_screen_only(qtbot, make_window, tmp_path):
    window = make_window(make_mirror(tmp_path / "news", 80))
    asked: list[str] = []

    def text_of(doc_id: str) -> str | None:
        asked.append(doc_id)
        doc = window.library.get(doc_id)
        return doc.text if doc else None

    window.context.snippets = Snippets(text_of)
    window.sidebar.select_row(0)  # (kept selected by the search: laid out at once)
    two_lines = row_height(window)
    window.sidebar.list.grab()
    assert asked == []  # no search: no snippet
    search(qtbot, window, "item")  # every article ends with "item <n>"
    assert window.model.rowCount() == 80
    qtbot.waitUntil(lambda: row_height(window) > two_lines)  # a third line (laid out by a timer)
    window.sidebar.list.grab()  # painted
    on_screen = set(asked)
    assert 0 < len(on_screen) < 40
    assert on_screen <= set(window.model.ids())
    first = window.context.snippet(window.model.ids()[0])
    assert first is not None
    assert first.parts[1] == "item"
    window.sidebar.filter.clear()
    qtbot.waitUntil(lambda: window.context._shown_query == "")
    qtbot.waitUntil(lambda: row_height(window) == two_lines)  # (laid out again by a timer)


def test_a_chinese_search_shows_the_line_around_the_match(qtbot, make_window):
    window = make_window([shared_path("corpus", "news", "dw")])
    text = window.library.get(window.model.ids()[0]).text
    middle = " ".join(text.split())
    term = next(
        middle[i : i + 3]
        for i in range(len(middle) // 2, len(middle))
        if all("\u4e00" <= c <= "\u9fff" for c in middle[i : i + 3])
    )
    search(qtbot, window, term)
    for doc_id in window.model.ids()[:5]:
        found = window.context.snippet(doc_id)
        assert found is not None
        assert found == snippet(window.library.get(doc_id).text, term)
    hit = window.context.snippet(window.model.ids()[0])
    assert hit is not None
    assert term in hit.text


def test_a_snippet_is_fitted_to_the_row_with_its_match_in_view() -> None:
    font = QFont()
    fm = QFontMetrics(font)
    found = Snippet("…" + "前" * 30 + "网络安全" + "后" * 30 + "…", (31, 35))
    width = fm.horizontalAdvance("前" * 20)
    before, match, after = fitted_parts(found, font, width)
    assert match == "网络安全"
    assert before.startswith("…")
    assert fm.horizontalAdvance(before) <= width // 3
    assert after.endswith("…")


def test_a_snippet_s_parts_share_one_baseline(qtbot) -> None:
    """A bold Latin match sat higher than the CJK text around it (each part had a box of its
    own, and the bold fallback font another ascent)."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtGui import QColor, QFont

    from reader.ui.listing.delegate import _draw_snippet

    class Recorder:
        def __init__(self) -> None:
            self.points: list[tuple[int, str]] = []

        def setFont(self, font) -> None:
            pass

        def setPen(self, color) -> None:
            pass

        def drawText(self, where, text) -> None:
            assert isinstance(where, QPoint)
            self.points.append((where.y(), text))

    found = snippet("美国前总统巴拉克·奥巴马 Barack Obama 的注意。他写道", "obama")
    assert found is not None
    recorder = Recorder()
    font = QFont()
    font.setFamilies(["Noto Sans CJK SC", "DejaVu Sans"])
    _draw_snippet(recorder, QRect(0, 40, 600, 20), font, found, QColor("grey"), QColor("black"))
    assert [text for _y, text in recorder.points][1] == "Obama"
    assert len({y for y, _text in recorder.points}) == 1
