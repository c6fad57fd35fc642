"""What the list changes about articles: archive, delete, read, star, a source read; and Undo.

``ListEdits`` is a part of ``ListController`` (controller.py), apart for its size: the same
object, the same list, counts and state. Each method takes ids, so a context menu can change
the row it was opened on as the keys change the current article. An archive, a delete, a
restore and a mark-all-read go on a short undo stack (Ctrl+Z, the Article menu's "Undo
Archive"...); the counts follow one article at a time, and when the article shown leaves
the list the next one is shown, as a mail client does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import SignalInstance

from reader.core.library.catalog import Catalog
from reader.core.library.edits import Change, UndoStack, set_flag, undo
from reader.core.userdata.state import State
from reader.ui.handlers import handles
from reader.ui.infobar import InfoBar
from reader.ui.listing.model import LibraryModel
from reader.ui.listing.sidebar import Sidebar
from reader.ui.saver import StateSaver

Snapshot = dict[str, tuple[bool, bool]]  # id -> (read, hidden) before a change

RECOUNT_OVER = 1000  # a change of more articles counts everything again (quicker then)
TITLE_SAID = 60  # characters of a title said in a message


class ListEdits:
    """Archive, delete, restore, read, star, a source read, undo (``ListController``'s)."""

    # What ListController has (controller.py).
    state: State
    catalog: Catalog
    model: LibraryModel
    sidebar: Sidebar
    message: SignalInstance
    undo_changed: SignalInstance
    article_left: SignalInstance
    starred_changed: SignalInstance
    _saver: StateSaver
    _current: Callable[[], str | None]
    _undo: UndoStack
    _info: InfoBar | None
    _info_change: tuple[Change, str] | None

    if TYPE_CHECKING:  # (ListController's)

        def refresh(self, recount: bool = True) -> None: ...
        def complete(self) -> None: ...
        def read_changed(self, doc_id: str, read: bool) -> None: ...

    # --- for the keys, the menus and the context menus ------------------------------------------

    def archive(self, ids: Iterable[str], archived: bool = True) -> Change:
        """Archive ``ids`` (out of All and Unread, into the Archive view), or bring them back
        (``archived`` False); undoable. When the article shown leaves the list, the next
        one is shown."""
        ids = list(ids)
        label = "Archive" if archived else "Unarchive"
        change = self._change("archived", ids, archived, label)
        if change.previous:
            done = "Archived" if archived else "Moved back from the archive:"
            self.message.emit(f"{done} {self._named(change.ids)}. Undo: Ctrl+Z", 6000)
        return change

    def delete(self, ids: Iterable[str]) -> Change:
        """Delete ``ids``: out of every list and count, said in the info bar with an Undo
        button (Ctrl+Z undoes it too; ``saved-reader restore ID`` later). The article stays
        in the library, so a restore brings it back whole; re-importing it does not."""
        change = self._change("deleted", list(ids), True, "Delete")
        if change.previous:
            said = f"Deleted {self._named(change.ids)}."
            self._tell(change, said, ("Undo", lambda: self._undo_this(change)))
        return change

    def restore(self, ids: Iterable[str]) -> Change:
        """Bring deleted ``ids`` back into the lists (undoable)."""
        change = self._change("deleted", list(ids), False, "Restore")
        if change.previous:
            self.message.emit(f"Restored {self._named(change.ids)}.", 6000)
        return change

    def set_read(self, ids: Iterable[str], read: bool = True) -> None:
        """Mark ``ids`` read (or unread): their rows, their sources' counts, the totals (as
        opening an article, or M, does)."""
        for doc_id in ids:
            self.read_changed(doc_id, read)

    def set_starred(self, ids: Iterable[str], starred: bool = True) -> None:
        """Star (or unstar) ``ids``; their rows show it (a Starred list keeps them until it
        is shown again, as the Unread list keeps what is read meanwhile)."""
        for doc_id in ids:
            self.state.set_starred(doc_id, starred)
            self.model.document_changed(doc_id)
            self.starred_changed.emit(doc_id)  # (the article's header shows it)
        self._saver.schedule()

    def mark_source_read(self, source: str) -> Change:
        """Mark every article of ``source`` read (those its count counts: not archived or
        deleted); undoable, as Mark All Read is."""
        ids = self.catalog.ids_by_source().get(source, frozenset())
        hidden, read = self.state.hidden_ids(), self.state.read_ids()
        unread = [i for i in self.catalog.ids() if i in ids and i not in read and i not in hidden]
        return self._mark_read(unread, "Mark Source Read")

    # --- the actions ---------------------------------------------------------------------------

    @handles("article.archive")
    def toggle_archive(self) -> None:
        """A: archive the article shown, or bring it back from the archive."""
        current = self._current()
        if current:
            self.archive([current], not self.state.is_archived(current))

    @handles("article.delete")
    def delete_current(self) -> None:
        current = self._current()
        if current:
            self.delete([current])

    @handles("article.mark_all_read")
    def mark_all_read(self) -> None:
        """Mark every article in the current view read; Undo puts the flags back."""
        self.complete()
        read = self.state.read_ids()
        self._mark_read([i for i in self.model.ids() if i not in read], "Mark All Read")

    @handles("edit.undo")
    def undo(self) -> None:
        """Undo the newest archive, delete, restore or mark-read still on the stack."""
        change = self._undo.pop()
        if change is not None:
            self._undone(change)

    # --- the one path of every change ------------------------------------------------------------

    def _mark_read(self, ids: list[str], label: str) -> Change:
        if not ids:
            self.message.emit("Every article here is read already.", 4000)
            return Change(label, "read", True, {})
        change = self._change("read", ids, True, label)
        if change.previous:
            count = len(change.previous)
            noun = "article" if count == 1 else "articles"
            self.message.emit(f"Marked {count:,} {noun} read. Undo: Ctrl+Z", 10000)
        return change

    def _change(self, flag: str, ids: list[str], value: bool, label: str) -> Change:
        before = self._snapshot(ids)
        shown_row = self._shown_row()
        change = set_flag(self.state, flag, ids, value, label)
        if change.previous:
            self._undo.push(change)
            self.undo_changed.emit(self._undo.label or "")
            self._changed(before, shown_row)
        return change

    def _undone(self, change: Change) -> None:
        before = self._snapshot(change.ids)
        undo(self.state, change)
        self.undo_changed.emit(self._undo.label or "")
        info, offered = self._info, self._info_change
        if info is not None and offered is not None and offered[0] is change:
            if info.label.text() == offered[1]:  # (not a later message in its place)
                info.hide()
            self._info_change = None
        self._changed(before, None)
        if change.flag != "read":  # the article back in the list is shown again
            back = [i for i in change.ids if self.model.row_of(i) is not None]
            if back:
                self.sidebar.select_id(back[0])
        count = len(change.previous)
        what = f"{count:,} {'article' if count == 1 else 'articles'}"
        self.message.emit(f"Undone: {change.label} ({what}).", 6000)

    def _undo_this(self, change: Change) -> None:
        """The info bar's Undo: this change, even after others (if not undone yet)."""
        if self._undo.take(change):
            self._undone(change)

    def _snapshot(self, ids: list[str]) -> Snapshot:
        state = self.state
        return {i: (state.is_read(i), state.is_hidden(i)) for i in ids}

    def _shown_row(self) -> int | None:
        current = self._current()
        return self.model.row_of(current) if current else None

    def _changed(self, before: Snapshot, shown_row: int | None) -> None:
        """After flags changed: the counts (one article at a time, or all again for many),
        the list, and the next article when the one shown left it."""
        self._saver.schedule()
        if len(before) > RECOUNT_OVER:
            self.refresh(recount=True)
        else:
            self._count_changes(before)
            self.refresh(recount=False)
        current = self._current()
        if shown_row is None or not current or self.model.row_of(current) is not None:
            return
        rows = self.model.rowCount()
        if rows:
            self.sidebar.select_row(min(shown_row, rows - 1))  # the next one, shown
        else:
            self.article_left.emit(current)

    def _count_changes(self, before: Snapshot) -> None:
        """Each article whose read flag or hiddenness flipped, counted (a change sets one
        flag, so at most one of the two flips)."""
        state, catalog = self.state, self.catalog
        changed = {}
        for doc_id, (was_read, was_hidden) in before.items():
            read, hidden = state.is_read(doc_id), state.is_hidden(doc_id)
            self.model.document_changed(doc_id)
            if read != was_read:
                count = catalog.read_changed(doc_id, read)
            elif hidden != was_hidden:
                count = catalog.hidden_changed(doc_id, hidden)
            else:
                continue
            if count is not None:
                changed[count.name] = count
        for count in changed.values():
            self.sidebar.update_source(count, catalog.total, catalog.unread)

    def _tell(self, change: Change, text: str, action: tuple[str, Callable[[], object]]) -> None:
        if self._info is None:
            self.message.emit(f"{text} Undo: Ctrl+Z", 10000)
            return
        self._info_change = (change, text)
        self._info.show_message(text, action=action)
        self.message.emit(f"{text} Undo: Ctrl+Z", 6000)  # (no earlier change's said there)

    def _named(self, ids: list[str]) -> str:
        """One article by its title (quoted, cut), or how many."""
        if len(ids) != 1:
            return f"{len(ids):,} articles"
        found = self.catalog.find(ids[0])
        title = found.title if found is not None else ids[0]
        cut = title if len(title) <= TITLE_SAID else f"{title[: TITLE_SAID - 1]}…"
        return f"“{cut}”"
