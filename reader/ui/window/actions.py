"""QActions from the keymap, each triggering the handler its controller declares
(``@handles``, reader/ui/handlers.py); menus find them by id. A keymap entry without a
handler, or a handler of no entry, is an error when the window is made."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from reader.ui.window.keymap import ACTIONS, MENUS


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
