"""The counts per source, as the views show them: the articles the All view lists and the
unread ones the Unread view lists. An archived or a deleted article is in neither, so the
sidebar's sources, the list's header and the status bar say the same numbers.

The catalog (catalog.py) owns one ``Counts``: it says when rows arrive; the list says when a
flag flips (``read_changed``, ``hidden_changed``). Everything is counted once (``count``,
~50 ms at 100,000 articles, or in a thread) and then kept current one article at a time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Protocol


class ReadFlags(Protocol):
    """The flags the counts are for (``userdata.state.State``)."""

    def is_read(self, doc_id: str) -> bool: ...
    def read_ids(self) -> AbstractSet[str]: ...
    def is_hidden(self, doc_id: str) -> bool: ...  # archived or deleted
    def hidden_ids(self) -> AbstractSet[str]: ...


@dataclass(frozen=True, slots=True)
class SourceCount:
    name: str
    total: int  # articles shown under All (not archived, not deleted)
    unread: int  # of those, unread


@dataclass(slots=True)
class _Counted:
    """The counts as the window reads them (many times a refresh): made once, then kept."""

    by_source: dict[str, SourceCount]  # sorted by name, case-folded
    total: int
    unread: int


SourcesOf = Callable[[Iterable[str]], Counter[str]]  # how many of some ids each source has


class Counts:
    """Rows per source (``totals``, every row) and, once ``count``ed, the read, the hidden
    (archived or deleted) and the hidden read ones per source, from which the counts shown
    are made: a source's total is its rows less its hidden ones, its unread that total less
    its read ones that are not hidden."""

    def __init__(self, sources_of: SourcesOf) -> None:
        self._sources_of = sources_of  # over the catalog's rows
        self.totals: Counter[str] = Counter()  # every row per source
        self.flags: ReadFlags | None = None  # what the counts are for (``count``)
        self._read: Counter[str] | None = None  # read articles per source, once counted
        self._hidden: Counter[str] = Counter()  # archived or deleted per source
        self._hidden_read: Counter[str] = Counter()  # of those, read
        self._counted: _Counted | None = None  # made when asked

    @property
    def counted(self) -> bool:
        return self._read is not None

    def count(self, flags: ReadFlags, read_by_source: Mapping[str, int] | None = None) -> None:
        """Count for ``flags`` (``read_by_source``: the read articles per source, when
        counted already, elsewhere, for the same read flags)."""
        self.flags = flags
        self._counted = None
        self._read = None
        if read_by_source is not None:
            self._read = Counter(read_by_source)
            self._count_hidden(flags)
        self._ensure()

    def reset(self, totals: Counter[str] | None = None) -> None:
        """Other rows (read again): ``totals`` per source; counted again when next asked."""
        self.totals = totals if totals is not None else Counter()
        self._read = None
        self._counted = None

    def _ensure(self) -> None:
        if self._read is not None or self.flags is None:
            return
        self._read = self._sources_of(self.flags.read_ids())
        self._count_hidden(self.flags)

    def _count_hidden(self, flags: ReadFlags) -> None:
        hidden = flags.hidden_ids()  # (few, next to the read ones)
        self._hidden = self._sources_of(hidden)
        self._hidden_read = self._sources_of(i for i in hidden if flags.is_read(i))

    def rows_added(self, sources: list[str], ids: list[str]) -> bool:
        """New rows (``sources[i]`` is the source of ``ids[i]``); returns whether a source
        among them is new."""
        new_source = any(s not in self.totals for s in sources)
        self.totals.update(sources)
        self._counted = None
        flags = self.flags
        if self._read is not None and flags is not None:
            for source, doc_id in zip(sources, ids, strict=True):
                read = flags.is_read(doc_id)
                self._read[source] += read
                if flags.is_hidden(doc_id):  # (deleted, then imported again)
                    self._hidden[source] += 1
                    self._hidden_read[source] += read
        return new_source

    def read_changed(self, source: str, doc_id: str, read: bool) -> SourceCount | None:
        """``doc_id``'s read flag flipped (in the flags already): its source's new counts."""
        if self.flags is None:
            return None
        if self._read is None:  # counted now, with the flag as it is
            return self.made().by_source.get(source)
        step = 1 if read else -1
        self._read[source] += step
        if self.flags.is_hidden(doc_id):
            self._hidden_read[source] += step
        return self._recounted(source)

    def hidden_changed(self, source: str, doc_id: str, hidden: bool) -> SourceCount | None:
        """``doc_id`` was archived or deleted (``hidden``), or brought back, in the flags
        already: its source's new counts."""
        if self.flags is None:
            return None
        if self._read is None:  # counted now, with the flag as it is
            return self.made().by_source.get(source)
        step = 1 if hidden else -1
        self._hidden[source] += step
        if self.flags.is_read(doc_id):
            self._hidden_read[source] += step
        return self._recounted(source)

    def _recounted(self, source: str) -> SourceCount | None:
        counted = self._counted
        if counted is None or source not in counted.by_source:
            self._counted = None
            return self.made().by_source.get(source)
        old = counted.by_source[source]
        counted.by_source[source] = new = self._of(source)
        counted.total += new.total - old.total
        counted.unread += new.unread - old.unread
        return new

    def made(self) -> _Counted:
        """The counts shown (none read or hidden before ``count``)."""
        self._ensure()
        if self._counted is None:
            names = sorted(self.totals, key=str.casefold)
            by_source = {n: self._of(n) for n in names}
            total = sum(c.total for c in by_source.values())
            unread = sum(c.unread for c in by_source.values())
            self._counted = _Counted(by_source, total, unread)
        return self._counted

    def _of(self, source: str) -> SourceCount:
        read = self._read[source] if self._read is not None else 0
        total = self.totals[source] - self._hidden[source]
        return SourceCount(source, total, total - (read - self._hidden_read[source]))
