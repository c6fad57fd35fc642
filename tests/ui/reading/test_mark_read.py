"""When an article is marked read (the ``mark_read`` preference): on opening it, after some
seconds, when its end is on screen, or only by M; the restored article never."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

LONG = "".join(f"<p>第{i}段。网络安全是国家安全的重要组成部分。</p>" for i in range(300))


def _window(make_window, write_file, mirror, mode: str, seconds: int = 1):
    files = [
        write_file(f"a{i}.md", mirror(f"文章{i}", f"https://example.org/{i}", LONG))
        for i in range(3)
    ]
    files.append(write_file("short.md", mirror("短文", "https://example.org/s", "<p>一句话。</p>")))
    window = make_window(files)
    window.resize(900, 600)
    window.prefs.set("mark_read", mode)
    window.prefs.set("mark_read_seconds", seconds)
    return window


def _open(qtbot, window, title: str) -> str:
    catalog = window.library.catalog
    doc_id = next(i for i in catalog.ids() if catalog.row(i).title == title)
    window.select_document(doc_id)
    qtbot.waitUntil(lambda: not window.viewer.loading)
    return doc_id


def _unread(window) -> int:
    return window.library.catalog.unread


def test_on_open_marks_at_once(qtbot, make_window, write_file, mirror):
    window = _window(make_window, write_file, mirror, "on_open")
    doc = _open(qtbot, window, "文章0")
    assert window.state.is_read(doc)


def test_after_seconds_marks_when_the_timer_fires_and_not_for_one_left_before(
    qtbot, make_window, write_file, mirror
):
    window = _window(make_window, write_file, mirror, "after_seconds", seconds=1)
    before = _unread(window)
    first = _open(qtbot, window, "文章0")
    assert not window.state.is_read(first)
    second = _open(qtbot, window, "文章1")  # chosen before the first's second was up
    assert not window.state.is_read(second)
    qtbot.waitUntil(lambda: window.state.is_read(second), timeout=5000)
    assert not window.state.is_read(first)  # (its timer would have fired first)
    # Through the list's read-changed path: the counts and the row's dot.
    assert _unread(window) == before - 1
    assert window.sidebar.count.text().endswith(f"{before - 1} unread")


def test_on_scroll_marks_when_the_end_is_on_screen(qtbot, make_window, write_file, mirror):
    window = _window(make_window, write_file, mirror, "on_scroll")
    doc = _open(qtbot, window, "文章0")
    qtbot.wait(50)
    assert not window.state.is_read(doc)  # its top only
    bar = window.viewer.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    qtbot.wait(20)
    assert not window.state.is_read(doc)
    window.actions_by_id["view.bottom"].trigger()  # End
    qtbot.waitUntil(lambda: window.state.is_read(doc), timeout=3000)


def test_on_scroll_marks_a_short_article_that_fits(qtbot, make_window, write_file, mirror):
    window = _window(make_window, write_file, mirror, "on_scroll")
    doc = _open(qtbot, window, "短文")
    qtbot.waitUntil(lambda: window.state.is_read(doc), timeout=3000)


def test_manual_marks_only_on_m(qtbot, make_window, write_file, mirror):
    window = _window(make_window, write_file, mirror, "manual")
    doc = _open(qtbot, window, "短文")
    window.actions_by_id["view.bottom"].trigger()
    qtbot.wait(100)
    assert not window.state.is_read(doc)
    window.activateWindow()
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_M)
    assert window.state.is_read(doc)


def test_m_before_the_timer_is_the_reader_s_say(qtbot, make_window, write_file, mirror):
    """Marked read then unread by M while the timer runs: it stays unread."""
    window = _window(make_window, write_file, mirror, "after_seconds", seconds=1)
    doc = _open(qtbot, window, "文章0")
    window.reading.toggle_read()
    window.reading.toggle_read()
    assert not window.state.is_read(doc)
    qtbot.wait(1300)  # longer than the timer
    assert not window.state.is_read(doc)


def test_the_restored_article_is_not_marked_whatever_the_mode(
    qtbot, make_window, write_file, mirror, tmp_path
):
    for mode in ("on_scroll", "after_seconds"):
        window = _window(make_window, write_file, mirror, mode, seconds=1)
        window.prefs.save()
        doc = _open(qtbot, window, "短文")
        window.reading.toggle_read()  # (on_scroll had marked it: unread again)
        if window.state.is_read(doc):
            window.reading.toggle_read()
        assert not window.state.is_read(doc)
        window.close()
        again = make_window(data=tmp_path / "data")
        assert again.current_id == doc
        qtbot.wait(1300)  # longer than the timer; the end of a short article is on screen
        assert not again.state.is_read(doc)
        again.close()
