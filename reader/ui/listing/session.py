"""The search shown in the list, as one object: its first page at once, the rest later.

A search with more hits than a page shows the page now (``query.first_page``: quick at any
size) and asks the Searcher thread for the whole list; ``rest_found`` brings the hits after
the page, filtered like the page, unless the search changed since. ``finish`` gets the rest
here and now instead (moving past the page, marking all read).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from reader.core.library.query import Query, Selection, Show, first_page, narrow
from reader.core.library.store import Library
from reader.core.userdata.state import State
from reader.ui.listing.searcher import Searcher

SEARCH_PAGE = 200  # hits shown at once; the rest of a bigger result comes from the Searcher


class SearchSession(QObject):
    rest_found = Signal(list)  # the hits after the first page, filtered as the page was

    def __init__(self, library: Library, state: State, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self._state = state
        self.searcher = Searcher(library.root, self)
        self.searcher.found.connect(self._found)
        self._pending: tuple[int, Query] | None = None  # request number, query
        self.hits: int | None = None  # every hit of the search shown, filters aside

    def first(self, query: Query) -> Selection:
        """What to show now for ``query``; when not ``complete``, the rest is on its way."""
        found = first_page(self._library, self._state, query, SEARCH_PAGE)
        self.hits = found.hits
        if found.complete:
            self._pending = None
            self.searcher.cancel()
        else:
            self._pending = (self.searcher.request(query.text), query)
        return found

    @property
    def pending(self) -> bool:
        """The list shows a search's first page; the rest is not in yet."""
        return self._pending is not None

    def finish(self, hits: list[str] | None = None) -> list[str] | None:
        """The hits after the first page, filtered (``hits``: all of them, else searched here);
        None when no search is pending. Hits an import stored since the rows were read are
        taken into the library's rows first."""
        if self._pending is None:
            return None
        _, query = self._pending
        self._pending = None
        self.searcher.cancel()
        if hits is None:
            hits = self._library.search(query.text)
        else:
            self._library.catalog.take(hits)  # hits stored since the rows were read
        return narrow(self._library, self._state, query, hits[SEARCH_PAGE:])

    def shown_count(self, query: Query, rows: int) -> int | None:
        """The count the sidebar shows for ``rows`` rows on screen: while the rest of a search
        is pending, every hit when nothing filters them (else not known yet: None)."""
        if self._pending is None:
            return rows
        filtered = query.show is not Show.ALL or query.source is not None
        # (archived and deleted hits are not listed either)
        return None if filtered or self._state.hidden_ids() else self.hits

    def _found(self, number: int, ids: list[str] | None) -> None:
        if self._pending is None or self._pending[0] != number:
            return  # the search changed since
        rest = self.finish(ids)
        if rest is not None:
            self.rest_found.emit(rest)

    def warm_up(self) -> None:
        self.searcher.warm_up()

    def stop(self) -> None:
        self.searcher.stop()
