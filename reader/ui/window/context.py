"""What the window gives the list's painting and the context menus: the sources' names, the
note mark, search snippets, and each menu entry's action.

The delegate (listing/delegate.py) and the menus (listing/menus.py, reading/menu.py) take
callables and know no controller; this module hands them the window's (the list's edits are
listing/edits.py's, undoable where the keys' are).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.core.library.search import terms_for_highlight
from reader.core.library.snippets import Snippet, Snippets
from reader.core.library.sources import display_name, subtitle
from reader.ui.listing.delegate import ArticleDelegate
from reader.ui.listing.menus import Ids, ListMenus, RowActions, SourceActions
from reader.ui.reading.menu import ViewerActions, ViewerMenu

if TYPE_CHECKING:
    from reader.ui.window.mainwindow import MainWindow


class WindowContext:
    """Made once by the window (``MainWindow.context``)."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        listing, reading, state = window.listing, window.reading, window.state
        catalog, sidebar = listing.catalog, listing.sidebar
        self._shown_query = ""  # the search the list shows (set when it is shown)
        self.snippets = Snippets(self._text_of)

        sidebar.name_of = self.source_name
        reading.source_name = self.source_name  # (the article's header)
        delegate = sidebar.list.itemDelegate()
        assert isinstance(delegate, ArticleDelegate)
        delegate.subtitle_of = self._subtitle
        delegate.has_note = lambda doc_id: state.note(doc_id) is not None
        delegate.searching = lambda: self.snippets.active(self._shown_query)
        delegate.snippet_of = self.snippet
        listing.refreshed.connect(self._list_shown)
        # A note written or emptied: its row's mark.
        reading.notes.edited.connect(lambda doc_id, _text: listing.model.document_changed(doc_id))

        self.list_menus = ListMenus(
            sidebar.list,
            sidebar.sources,
            RowActions(
                open=window.select_document,
                is_read=state.is_read,
                is_starred=state.is_starred,
                title_of=lambda doc_id: catalog.row(doc_id).title,
                url_of=self.url_of,
                set_read=self.set_read,
                set_starred=listing.set_starred,
                open_url=reading.open_external,
                archive=listing.archive,
                is_archived=state.is_archived,
                delete=listing.delete,
            ),
            SourceActions(
                name_of=self.source_name,
                default_name=display_name,
                rename=self.rename_source,
                mark_read=listing.mark_source_read,
                loads_images=state.loads_images,
                set_loads_images=window.pictures.set_always,
            ),
        )
        self.viewer_menu = ViewerMenu(
            reading.viewer, ViewerActions(open_link=reading.open_external, search=self.search)
        )

    def url_of(self, doc_id: str) -> str | None:
        """A row's web address as its menu copies and opens it (without tracking parameters,
        unless the preference keeps them: reading/controller.py)."""
        url = self._window.listing.catalog.row(doc_id).url
        return self._window.reading.shown_link(url) if url else url

    # --- names ---------------------------------------------------------------------------------

    def source_name(self, source: str) -> str:
        """What ``source`` is called: the reader's name, else the outlet's (for the article
        header too: ``render.article_page(..., source_name=context.source_name(source))``)."""
        return display_name(source, self._window.state.source_names())

    def _subtitle(self, doc_id: str) -> str:
        row = self._window.listing.catalog.row(doc_id)
        return subtitle(row.source, row.published, self._window.state.source_names())

    def rename_source(self, source: str, name: str) -> None:
        """The reader's name for ``source`` (empty: the default), shown everywhere at once."""
        window = self._window
        window.state.set_source_name(source, name)
        window.saver.schedule()
        catalog, sidebar = window.listing.catalog, window.listing.sidebar
        sidebar.set_sources(list(catalog.source_counts().values()), catalog.total, catalog.unread)
        sidebar.list.viewport().update()
        window.reading.refresh_header()

    def set_read(self, ids: Ids, read: bool) -> None:
        """Mark rows read or unread from their menu (the reader's say: the article shown is
        not marked read later by the timer)."""
        self._window.reading.forget_pending(ids)
        self._window.listing.set_read(ids, read)

    # --- snippets ------------------------------------------------------------------------------

    def _list_shown(self) -> None:
        """The list shows a new query's rows: a search's rows have a third line, so when one
        starts or ends the rows are laid out again (their size is taken from the first row
        once per layout, which came before this)."""
        listing = self._window.listing
        was = self.snippets.active(self._shown_query)
        self._shown_query = listing.sidebar.query().text
        if self.snippets.active(self._shown_query) != was:
            delegate = listing.sidebar.list.itemDelegate()
            delegate.sizeHintChanged.emit(listing.model.index(0, 0))

    def snippet(self, doc_id: str) -> Snippet | None:
        """The snippet of a row on screen, for the search the list shows."""
        return self.snippets.get(self._shown_query, doc_id)

    def _text_of(self, doc_id: str) -> str | None:
        doc = self._window.library.get(doc_id)
        return doc.text if doc is not None else None

    def search(self, text: str) -> None:
        """Search for ``text`` (the viewer's selection): in the search box, and marked in the
        article shown."""
        sidebar = self._window.listing.sidebar
        sidebar.filter.setText(text)
        sidebar.filter.setFocus()
        self._window.reading.viewer.highlight(terms_for_highlight(text))
