"""The action registry: each keymap action has exactly one handler, declared beside its code."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMainWindow

from reader.ui.handlers import handlers_of, handles
from reader.ui.window.actions import build_actions
from reader.ui.window.keymap import ACTIONS


class _Going:
    def __init__(self) -> None:
        self.calls: list[str] = []

    @handles("go.next")
    def next_article(self) -> None:
        self.calls.append("next")

    @handles("go.previous", "go.next_unread")
    def back(self) -> None:
        self.calls.append("back")


class _AlsoNext:
    @handles("go.next")
    def other_next(self) -> None:
        pass


def test_handlers_are_found_by_the_ids_they_declare():
    going = _Going()
    found = handlers_of(going)
    assert set(found) == {"go.next", "go.previous", "go.next_unread"}
    found["go.next"]()
    found["go.next_unread"]()
    assert going.calls == ["next", "back"]


def test_an_action_with_two_handlers_is_refused():
    with pytest.raises(ValueError, match=r"'go\.next' has two handlers"):
        handlers_of(_Going(), _AlsoNext())


def test_building_refuses_an_action_without_a_handler_or_a_handler_without_action(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    with pytest.raises(ValueError, match=r"actions without a handler: .*'file\.open'"):
        build_actions(window, handlers_of(_Going()))
    everything = {spec.id: (lambda: None) for spec in ACTIONS}
    with pytest.raises(ValueError, match=r"handlers of no action: \['go\.sideways'\]"):
        build_actions(window, {**everything, "go.sideways": lambda: None})
    assert set(build_actions(window, everything)) == {spec.id for spec in ACTIONS}


def test_the_window_handles_every_action_in_its_controllers(make_window):
    window = make_window()
    owners = {
        type(getattr(handler, "__self__", None)).__name__
        for handler in handlers_of(
            window, window.listing, window.reading, window.importer, window.panes
        ).values()
    }
    assert owners == {
        "MainWindow",
        "ListController",
        "ReadingController",
        "ImportController",
        "WindowLayout",
    }
    assert set(window.actions_by_id) == {spec.id for spec in ACTIONS}
