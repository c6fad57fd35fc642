"""Which method carries out which action: declared where the method is written.

A controller marks the method with ``@handles("go.next")`` (picard's ``@add_action``,
qutebrowser's ``@cmdutils.register``); the keymap (reader/ui/window/keymap.py, no Qt) keeps
the texts, keys and menus as data; ``handlers_of`` finds the marked methods of the window's
controllers and ``build_actions`` (window/actions.py) connects one QAction to each.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

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
