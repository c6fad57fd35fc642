"""QActions from the keymap, each triggering the handler declared beside its code.

A controller marks the method that carries out an action with ``@handles("go.next")`` where
the method is written (picard's ``@add_action``, qutebrowser's ``@cmdutils.register``); the
keymap (keymap.py, no Qt) keeps the texts, keys and menus as data. ``handlers_of`` finds the
marked methods of the window's controllers, ``build_actions`` makes one QAction per keymap
entry and connects it, and a keymap entry without exactly one handler is an error at start.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from reader.ui.window.keymap import ACTIONS, MENUS

_Handler = TypeVar("_Handler", bound=Callable[..., Any])
_MARK = "_action_ids"


def handles(*action_ids: str) -> Callable[[_Handler], _Handler]:
    """Mark a method as the handler of the keymap actions ``action_ids``."""

    def mark(method: _Handler) -> _Handler:
        setattr(method, _MARK, (*getattr(method, _MARK, ()), *action_ids))
        return method

    return mark


def handlers_of(*owners: object) -> dict[str, Callable[[], object]]:
    """The ``@handles`` methods of ``owners``, bound, by action id; an id handled twice is an
    error (which handler would run would depend on the order of the owners)."""
    found: dict[str, Callable[[], object]] = {}
    for owner in owners:
        for name in dir(type(owner)):
            for action_id in getattr(getattr(type(owner), name, None), _MARK, ()):
                if action_id in found:
                    raise ValueError(f"action {action_id!r} has two handlers")
                found[action_id] = getattr(owner, name)
    return found


def build_actions(
    window: QMainWindow, handlers: Mapping[str, Callable[[], object]]
) -> dict[str, QAction]:
    """One QAction per keymap entry, added to the window so shortcuts work without menus."""
    missing = [spec.id for spec in ACTIONS if spec.id not in handlers]
    unknown = sorted(set(handlers) - {spec.id for spec in ACTIONS})
    if missing or unknown:
        raise ValueError(f"actions without a handler: {missing}; handlers of no action: {unknown}")
    actions: dict[str, QAction] = {}
    for spec in ACTIONS:
        action = QAction(spec.text, window)
        action.setObjectName(spec.id)
        action.setShortcuts([QKeySequence(k) for k in spec.keys])
        handler = handlers[spec.id]
        action.triggered.connect(lambda _checked=False, h=handler: h())
        window.addAction(action)
        actions[spec.id] = action
    return actions


def build_menus(window: QMainWindow, actions: Mapping[str, QAction]) -> dict[str, QMenu]:
    """The menu bar; returns the menus by key (the window adds Open Recent to "file")."""
    menus: dict[str, QMenu] = {}
    for key, title in MENUS:
        menu = window.menuBar().addMenu(title)
        menus[key] = menu
        for spec in ACTIONS:
            if spec.menu == key:
                if spec.id == "file.quit":
                    menu.addSeparator()
                menu.addAction(actions[spec.id])
    return menus
