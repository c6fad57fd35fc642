"""The catalog: every document's row in memory, the orders the sidebar asks for, and the
counts per source (articles and unread: counts.py), kept current as rows arrive and flags
change.

The store (store.py) reads rows from SQLite; the catalog keeps them and is the one object
that takes new ones in (``take``: rows another connection stored, such as an import's) and
the one owner of the counts. A big library's rows can be read and sorted in another thread
(``AllRows.of``, ``sorted_ids``), then adopted here (``adopt``, ``adopt_order``).
"""

from __future__ import annotations

import bisect
import itertools
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, NamedTuple, Protocol

from reader.core.identity import canonical_url, document_id
from reader.core.library.counts import Counts, ReadFlags, SourceCount
from reader.core.model import ImportResult, Row, Status
from reader.core.tracking import strip_tracking

__all__ = [  # SourceCount, ReadFlags: counts.py's, named here too
    "AllRows",
    "Arrivals",
    "Catalog",
    "DbRow",
    "ReadFlags",
    "RowStore",
    "SourceCount",
    "count_sources",
    "sorted_ids",
]

DbRow = tuple[Any, ...]  # a row as SQLite returns it: (id, title, url, published, source)
# Rows stay plain tuples (a ``Row`` each: 118 ms more to read 100,000 rows, measured on a
# busy 2-core machine, and sort keys over ``Row`` names are no faster): their fields are read
# at ``Row``'s positions, by these names (as fast as a literal position: 147 vs 149 ms a
# 100,000-row sort). Unpacking fails at import if ``Row`` gains a field.
ID, TITLE, URL, PUBLISHED, SOURCE = range(len(Row._fields))
_ID, _SOURCE = itemgetter(ID), itemgetter(SOURCE)


class RowStore(Protocol):
    """Where the catalog reads rows (``store.Library``)."""

    def all_rows(self) -> Iterable[DbRow]: ...  # newest first
    def rows_of(self, ids: list[str]) -> list[DbRow]: ...
    def head_rows(self, limit: int) -> list[DbRow]: ...


class Arrivals(NamedTuple):
    """Rows the catalog took in: their ids, and whether a source among them is new (then
    the list of sources changes, else only some counts)."""

    ids: list[str]
    new_source: bool


# Sort keys of the orders, over rows.
_ORDER_KEYS: dict[str, Callable[[DbRow], tuple[Any, ...]]] = {
    "newest": lambda r: (r[PUBLISHED] is None, -(r[PUBLISHED] or 0), r[TITLE], r[ID]),
    "oldest": lambda r: (r[PUBLISHED] is None, r[PUBLISHED] or 0, r[TITLE], r[ID]),
    "title": lambda r: (r[TITLE].casefold(), r[ID]),
}


@dataclass(frozen=True, slots=True)
class AllRows:
    """Every document's row, arranged as the catalog keeps them."""

    by_id: dict[str, DbRow]  # in "newest" order
    newest: list[str]
    totals: Counter[str]  # articles per source

    @classmethod
    def of(cls, rows: Iterable[DbRow]) -> AllRows:
        """``rows`` newest first (as ``RowStore.all_rows`` gives them), taken in chunks:
        between two chunks another thread gets its turn (one C call over 100,000 rows would
        hold the GIL for tens of milliseconds, and the window is waiting)."""
        by_id: dict[str, DbRow] = {}
        totals: Counter[str] = Counter()
        for chunk in _chunks(rows):
            by_id.update(zip(map(_ID, chunk), chunk, strict=True))
            totals.update(map(_SOURCE, chunk))
        return cls(by_id, list(by_id), totals)


def sorted_ids(rows: Mapping[str, DbRow], order: str) -> list[str]:
    """The ids of ``rows`` in ``order`` (as ``Catalog.ids`` sorts them)."""
    return list(map(_ID, sorted(rows.values(), key=_ORDER_KEYS[order])))


def count_sources(rows: Mapping[str, DbRow], ids: Iterable[str]) -> Counter[str]:
    """How many of ``ids`` each source has, from rows by id (ids without a row left out)."""
    counts: Counter[str] = Counter()
    for chunk in _chunks(ids):
        counts.update(map(_SOURCE, filter(None, map(rows.get, chunk))))
    return counts


class Catalog:
    """Every row by id, its orders and its counts. Rows are read from the store when first
    needed (or adopted, read elsewhere); ``head`` reads only the newest few before that."""

    def __init__(self, store: RowStore) -> None:
        self._store = store
        self._rows: dict[str, DbRow] | None = None  # every row, by id, once read
        self._head: dict[str, DbRow] = {}  # the newest rows, read before the rest (``head``)
        self._order: dict[str, list[str]] = {}  # ids in each order asked for so far
        self._by_source: dict[str, set[str]] | None = None
        self._counts = Counts(self.sources_of)  # rows per source (with the rows), and counted
        self._arrived: list[str] = []  # ids taken in since ``take_arrivals``
        self._expected: list[str] = []  # ids stored elsewhere, read in by ``take_arrivals``
        self._new_source = False  # a source among them was new

    # --- rows ------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._all())

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._all()

    @property
    def rows_read(self) -> bool:
        """Whether every row is read (else ``head`` rows at most)."""
        return self._rows is not None

    def row(self, doc_id: str) -> Row:
        if self._rows is None and doc_id in self._head:
            return Row._make(self._head[doc_id])
        return Row._make(self._all()[doc_id])  # rows are kept as plain tuples

    def find(self, doc_id: str) -> Row | None:
        found = self._all().get(doc_id)
        return Row._make(found) if found is not None else None

    def link_row(self, url: str) -> Row | None:
        """The row of the article in the library at ``url``, or None. An article imported
        from a URL has the id its canonical URL gives (identity.document_id), so a link to it
        is found by the id the link would have, as written or without its tracking parameters
        (the canonical URL drops only some): a hash and a look-up by key, at any size (in
        SQLite while the rows are still being read, not to read them all for a hover)."""
        for link in dict.fromkeys((url, strip_tracking(url))):
            if canonical_url(link) is None:
                continue
            doc_id = document_id(link, b"")
            if self._rows is not None:
                found = self._rows.get(doc_id)
            else:
                found = self._head.get(doc_id) or next(iter(self._store.rows_of([doc_id])), None)
            if found is not None:
                return Row._make(found)
        return None

    def source_of(self, doc_id: str) -> str | None:
        found = self.find(doc_id)
        return found.source if found is not None else None

    def head(self, limit: int) -> list[str]:
        """The first ``limit`` ids newest first, without reading every row when they are not
        read yet (a window's first screen at 100,000 articles: ~1 ms instead of ~150)."""
        if self._rows is not None:
            return self.ids()[:limit]
        self._head = {r[ID]: r for r in self._store.head_rows(limit)}
        return list(self._head)

    def ids(self, order: str = "newest") -> list[str]:
        """Every id in ``order``: "newest" or "oldest" first (unknown dates last), or "title".

        Sorted once, then kept sorted as rows arrive (``take``): the caller must not change
        the list."""
        rows = self._all()
        found = self._order.get(order)
        if found is None:
            order = order if order in _ORDER_KEYS else "newest"
            found = self._order[order] = sorted_ids(rows, order)
        return found

    def ids_by_source(self) -> Mapping[str, AbstractSet[str]]:
        """Every source's ids (built when first asked, then kept current as rows arrive; the
        caller must not change them)."""
        rows = self._all()
        if self._by_source is None:
            groups: dict[str, set[str]] = {}
            for r in rows.values():
                groups.setdefault(_SOURCE(r), set()).add(_ID(r))
            self._by_source = groups
        return self._by_source

    def sources_of(self, ids: Iterable[str]) -> Counter[str]:
        """How many of ``ids`` each source has (ids not in the library are left out)."""
        return count_sources(self._all(), ids)

    # --- taking rows in --------------------------------------------------------------------

    def adopt(self, found: AllRows) -> None:
        """Every row, as ``AllRows.of`` read and arranged them (in another thread: the window
        reads a big library's rows off the UI thread). Rows here already stay as they are."""
        if self._rows is not None:
            self._take(list(found.by_id.values()))
            return
        self._rows = found.by_id
        self._order = {"newest": found.newest}
        self._counts.reset(found.totals)  # counted again for these rows, when asked
        self._head = {}

    def adopt_order(self, order: str, ids: list[str], rows: int) -> bool:
        """``ids`` in ``order``, sorted elsewhere (a thread) from ``rows`` rows: taken when
        the catalog still has exactly those (else it sorts when asked, as without)."""
        if self._rows is None or len(self._rows) != rows or order in self._order:
            return False
        self._order[order] = ids
        return True

    def take(self, ids: Iterable[str]) -> list[str]:
        """Take in the rows of ``ids`` another connection stored (an import), reading only
        those not here; orders and counts follow. Returns the ids that were new here."""
        rows = self._all()
        return self._take(self._store.rows_of([i for i in ids if i not in rows]))

    def added(self, row: DbRow) -> None:
        """A row the store itself has just written (when rows are read already)."""
        if self._rows is not None:
            self._take([row])

    def _take(self, new: list[DbRow]) -> list[str]:
        """Add rows, keeping every order sorted and the groups and counts current: at 100,000
        rows, 500 new ones merged in ~9 ms an order instead of sorting again (~130 ms; on a
        2-core machine, where sortedcontainers' SortedKeyList took 2 ms to add them but 10 ms
        to hand the ids out as a list, and 11-17 MB more an order for its keys)."""
        rows = self._all()
        fresh = [r for r in new if r[ID] not in rows]
        if not fresh:
            return []
        for r in fresh:
            rows[r[ID]] = r
        for order, ids in self._order.items():
            self._order[order] = _merged(ids, fresh, rows, _ORDER_KEYS[order])
        sources = [_SOURCE(r) for r in fresh]
        taken = [_ID(r) for r in fresh]
        new_source = self._counts.rows_added(sources, taken)
        self._new_source = self._new_source or new_source
        if self._by_source is not None:
            for source, doc_id in zip(sources, taken, strict=True):
                self._by_source.setdefault(source, set()).add(doc_id)
        self._arrived += taken
        return taken

    def expect(self, ids: Iterable[str]) -> None:
        """Documents another connection stored (a running import's reports): their rows are
        read in, all at once, by the next ``take_arrivals`` (the window lists them at most
        once a second; one read and merge for all of them)."""
        self._expected += ids

    def take_arrivals(self) -> Arrivals:
        """The rows taken in since the last call (by ``take``, ``adopt``, the store's own
        writes, or expected: those are read in now), already in every order and count."""
        if self._expected:
            expected, self._expected = self._expected, []
            self.take(expected)
        taken, self._arrived = self._arrived, []
        new_source, self._new_source = self._new_source, False
        return Arrivals(taken, new_source)

    def expect_imported(self, results: Iterable[ImportResult]) -> bool:
        """``expect`` the documents an import's results name (as its reports bring them:
        ``pipeline.import_reporting``), unchanged ones too: a killed import may have stored
        one it never reported. Returns whether any was named."""
        ids = [r.id for r in results if r.id and r.status is not Status.ERROR]
        self.expect(ids)
        return bool(ids)

    def take_imported(self, results: Iterable[ImportResult]) -> Arrivals:
        """``expect_imported`` and ``take_arrivals`` in one call: the rows are read in now,
        every order and count follows; returns what arrived since the last call."""
        self.expect_imported(results)
        return self.take_arrivals()

    def reload(self) -> None:
        """Forget the rows (another process or thread may have added documents): read again,
        and counted again, when next asked."""
        self._expected = []  # (read with every row)
        if self._rows is None:
            return  # nothing read yet (a bulk import's storing connection, at every row)
        self._rows = None
        self._order = {}
        self._by_source = None
        self._counts.reset()

    def _all(self) -> dict[str, DbRow]:
        if self._rows is None:
            self.adopt(AllRows.of(self._store.all_rows()))
        assert self._rows is not None
        return self._rows

    # --- counts (counts.py: as the views show them) -------------------------------------------

    def count_read(self, flags: ReadFlags, read_by_source: Mapping[str, int] | None = None) -> None:
        """Count the articles and unread articles of each source for ``flags`` (from now on
        kept current as rows arrive and ``read_changed`` and ``hidden_changed`` say);
        ``read_by_source``: the read articles of each source, when counted already (in a
        thread, for the same flags)."""
        self._counts.count(flags, read_by_source)
        self._arrived, self._new_source = [], False  # counted

    def read_changed(self, doc_id: str, read: bool) -> SourceCount | None:
        """One article's read flag flipped (in the flags already); returns its source's new
        counts (None before ``count_read``: nothing is counted yet)."""
        source = self._counted_source(doc_id)
        return None if source is None else self._counts.read_changed(source, doc_id, read)

    def hidden_changed(self, doc_id: str, hidden: bool) -> SourceCount | None:
        """One article was archived or deleted (``hidden``), or is back (unarchived,
        restored), in the flags already; returns its source's new counts (None before
        ``count_read``)."""
        source = self._counted_source(doc_id)
        return None if source is None else self._counts.hidden_changed(source, doc_id, hidden)

    def _counted_source(self, doc_id: str) -> str | None:
        if self._counts.flags is None or (self._rows is not None and doc_id not in self._rows):
            return None
        return self.row(doc_id).source

    def source_totals(self) -> dict[str, int]:
        """Rows per source (archived and deleted articles too)."""
        self._all()
        return dict(self._counts.totals)

    def source_counts(self) -> dict[str, SourceCount]:
        """Every source's counts, by name (sorted case-folded): its articles as the All view
        shows them (not archived or deleted), and the unread ones among them."""
        return dict(self._counts.made().by_source)

    @property
    def total(self) -> int:
        """Articles the All view shows (0 while the rows are not read: they are read when
        counted)."""
        return self._counts.made().total

    @property
    def unread(self) -> int:
        """Articles the Unread view shows."""
        return self._counts.made().unread


def _merged(
    ids: list[str],
    new: list[DbRow],
    rows: dict[str, DbRow],
    key: Callable[[DbRow], tuple[Any, ...]],
) -> list[str]:
    """``ids`` (sorted by ``key`` of their rows) with the ids of ``new`` rows in their places,
    each after any equal one (as a stable sort of the rows in arrival order would put it)."""
    out: list[str] = []
    start = 0
    row_key = lambda i: key(rows[i])  # noqa: E731
    for r in sorted(new, key=key):
        at = bisect.bisect_right(ids, key(r), lo=start, key=row_key)
        out += ids[start:at]
        out.append(r[ID])
        start = at
    out += ids[start:]
    return out


def _chunks(items: Iterable[Any], size: int = 2_000) -> Iterator[list[Any]]:
    """``items`` a list of ``size`` at a time (a cursor's through ``fetchmany``)."""
    if isinstance(items, sqlite3.Cursor):
        while chunk := items.fetchmany(size):
            yield chunk
        return
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk
