"""Choosing and ordering what the sidebar and ``list`` show; done here, not in Qt models."""

from __future__ import annotations

from dataclasses import dataclass

from reader.core.library import Library
from reader.core.state import State


@dataclass(frozen=True, slots=True)
class Query:
    text: str = ""  # a title substring, case-insensitive
    unread_only: bool = False


def select(library: Library, state: State, query: Query) -> list[str]:
    """Ids matching ``query``, newest first."""
    ids = library.ids()
    if query.unread_only:
        read = state.read_ids()
        ids = [i for i in ids if i not in read]
    needle = query.text.strip().casefold()
    if needle:
        ids = [i for i in ids if needle in library.folded_title(i)]
    return ids
