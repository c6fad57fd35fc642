"""The catalog: rows in memory, their orders kept sorted as rows arrive, and the counts."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable
from pathlib import Path

from test_store import _doc

from reader.core.importing.pipeline import import_file
from reader.core.library.catalog import _ORDER_KEYS, AllRows, SourceCount, _merged, sorted_ids
from reader.core.library.store import Library, open_library, read_rows
from reader.core.model import Document, ImportResult, Status
from reader.core.userdata.state import State

Write = Callable[[str, str | bytes], Path]
Mirror = Callable[..., str]
ORDERS = ("newest", "oldest", "title")


def _some_docs(seed: int) -> Callable[[int], Document]:
    rng = random.Random(seed)

    def some_doc(i: int) -> Document:
        published = None if rng.random() < 0.1 else rng.choice([1, 2, 3]) * 60_000_000
        title = rng.choice(["Alpha", "beta", "Gamma", "阿尔法", "alpha"])
        source = rng.choice(["a.example", "b.example", "c.example"])
        return dataclasses.replace(_doc(f"d{i:03}", title, published), source=source)

    return some_doc


def test_take_reads_in_rows_added_by_another_connection(
    library: Library, write_file: Write, mirror: Mirror
) -> None:
    library.add(_doc("a1", "Mine", 1_000), b"x")
    assert library.catalog.ids() == ["a1"]  # rows are now read
    background = Library(library.root)
    try:
        result = import_file(background, write_file("bg.md", mirror("Background", "https://e.x/b")))
    finally:
        background.close()
    assert result.id is not None
    assert library.catalog.take([result.id, "a1"]) == [result.id]
    assert library.catalog.ids() == [result.id, "a1"]  # 2020 is newer than 1970
    assert library.catalog.row(result.id).title == "Background"
    assert result.id in library.catalog
    assert library.catalog.take([result.id]) == []  # the store's old name: the same call


def test_reload_sees_rows_from_another_connection(library: Library) -> None:
    assert library.catalog.ids() == []
    other = Library(library.root)
    try:
        other.add(_doc("z9", "Elsewhere", 5), b"z")
    finally:
        other.close()
    library.catalog.reload()
    assert library.catalog.ids() == ["z9"]


def test_rows_another_connection_adds_keep_every_order_and_group(tmp_path: Path) -> None:
    some_doc = _some_docs(7)
    root = tmp_path / "data"
    window_side, importer = Library(root), Library(root)
    catalog = window_side.catalog
    try:
        for i in range(40):
            window_side.add(some_doc(i), b"x")
        for order in ORDERS:
            catalog.ids(order)  # sorted now
        catalog.ids_by_source()
        state = State(tmp_path / "state")
        assert catalog.sources_of(catalog.ids()) == catalog.source_totals()
        catalog.take_arrivals()
        added = [some_doc(i) for i in range(40, 100)]
        for doc in added:
            importer.add(doc, b"y")
        taken = catalog.take([d.id for d in added] + ["d000", "nope"])
        assert sorted(taken) == sorted(d.id for d in added)
        assert catalog.take_arrivals() == (taken, False)  # no source is new
        assert catalog.take_arrivals() == ([], False)

        fresh = Library(root)  # everything read and sorted from scratch
        try:
            for order in ORDERS:
                assert catalog.ids(order) == fresh.catalog.ids(order), order
            assert catalog.ids_by_source() == fresh.catalog.ids_by_source()
            assert catalog.source_totals() == fresh.catalog.source_totals()
            read = {f"d{i:03}" for i in range(0, 100, 3)}
            for doc_id in read:
                state.set_read(doc_id)
            assert catalog.sources_of(state.read_ids()) == fresh.catalog.sources_of(read)
        finally:
            fresh.close()
    finally:
        window_side.close()
        importer.close()


def test_an_order_sorted_elsewhere_is_taken_only_for_the_same_rows(tmp_path: Path) -> None:
    root = tmp_path / "data"
    library = Library(root)
    catalog = library.catalog
    try:
        for i, title in enumerate(["b", "C", "a"]):
            library.add(_doc(f"d{i}", title, i * 60_000), b"x")
        found = read_rows(root)  # as the window's row thread reads them
        catalog.adopt(found)
        by_title = sorted_ids(found.by_id, "title")
        assert by_title == ["d2", "d0", "d1"]
        assert not catalog.adopt_order("title", ["stale"], rows=2)  # other rows: ignored
        assert catalog.adopt_order("title", by_title, rows=3)
        assert catalog.ids("title") == by_title
        library.add(_doc("d3", "0", None), b"y")  # kept sorted as rows arrive
        assert catalog.ids("title") == ["d3", "d2", "d0", "d1"]
        assert not catalog.adopt_order("title", by_title, rows=3)  # there already
    finally:
        library.close()


def test_counts_kept_as_rows_arrive_and_flags_change_equal_a_fresh_count(
    tmp_path: Path,
) -> None:
    """The one owner of the counts: totals and unread per source, kept current by ``take``
    (rows another connection stored) and ``read_changed``, equal a count from scratch."""
    some_doc = _some_docs(11)
    root = tmp_path / "data"
    state = State(tmp_path / "state")
    window_side, importer = Library(root), Library(root)
    catalog = window_side.catalog
    try:
        for i in range(30):
            window_side.add(some_doc(i), b"x")
        for i in range(0, 30, 4):
            state.set_read(f"d{i:03}")
        catalog.count_read(state)
        assert (catalog.total, catalog.unread) == (30, 30 - 8)
        added = [dataclasses.replace(some_doc(i), source="new.example") for i in range(30, 45)]
        added += [some_doc(i) for i in range(45, 60)]
        state.set_read("d031")  # read before it arrives (another copy of the state)
        for doc in added:
            importer.add(doc, b"y")
        catalog.take(d.id for d in added)
        arrived, new_source = catalog.take_arrivals()
        assert (sorted(arrived), new_source) == (sorted(d.id for d in added), True)
        for doc_id, read in [("d001", True), ("d000", False), ("d050", True), ("d031", False)]:
            state.set_read(doc_id, read)
            changed = catalog.read_changed(doc_id, read)
            assert changed is not None
            assert changed == catalog.source_counts()[changed.name]

        fresh = Library(root)
        try:
            fresh.catalog.count_read(state)
            assert catalog.source_counts() == fresh.catalog.source_counts()
            assert (catalog.total, catalog.unread) == (fresh.catalog.total, fresh.catalog.unread)
            assert catalog.total == 60
            assert list(catalog.source_counts()) == sorted(
                {d.source for d in added} | {"a.example", "b.example", "c.example"},
                key=str.casefold,
            )
            counts = catalog.source_counts()["new.example"]
            assert counts == SourceCount("new.example", 15, 15)
        finally:
            fresh.close()
    finally:
        window_side.close()
        importer.close()


def test_counts_after_a_reload_are_counted_again(tmp_path: Path) -> None:
    root = tmp_path / "data"
    state = State(tmp_path / "state")
    library = Library(root)
    try:
        for i in range(5):
            library.add(_doc(f"d{i}", f"T{i}", i), b"x")
        state.set_read("d1")
        library.catalog.count_read(state)
        other = Library(root)
        other.add(_doc("d9", "Elsewhere", 9), b"z")
        other.close()
        library.catalog.reload()  # (an interrupted import: read everything again)
        library.catalog.count_read(state)
        assert (library.catalog.total, library.catalog.unread) == (6, 5)
        assert library.catalog.read_changed("nope", True) is None
    finally:
        library.close()


def test_no_counts_before_they_are_asked_for(library: Library) -> None:
    """Before ``count_read`` (a window still reading its rows): nothing read for counting."""
    library.add(_doc("a1", "One", 1), b"x")
    other = Library(library.root)
    try:
        catalog = other.catalog
        assert catalog.head(5) == ["a1"]
        assert catalog.read_changed("a1", True) is None
        assert (catalog.total, catalog.unread) == (0, 0)
        assert not catalog.rows_read  # the head only
    finally:
        other.close()


def test_merged_puts_each_arrival_where_a_stable_sort_would() -> None:
    rng = random.Random(3)
    rows = {}
    for i in range(300):
        published = rng.choice([None, 1, 2, 3])
        rows[f"i{i:03}"] = (f"i{i:03}", rng.choice(["a", "B", "b", "c"]), None, published, "s")
    old, new = list(rows.values())[:250], list(rows.values())[250:]
    for order in ORDERS:
        key = _ORDER_KEYS[order]
        ids = sorted_ids(dict((r[0], r) for r in old), order)
        assert _merged(ids, new, rows, key) == [r[0] for r in sorted(old + new, key=key)]


def test_all_rows_of_counts_each_source() -> None:
    rows = [("x", "T", None, 2, "a"), ("y", "T", None, 1, "b"), ("z", "T", None, None, "a")]
    found = AllRows.of(rows)
    assert found.newest == ["x", "y", "z"]
    assert found.totals == {"a": 2, "b": 1}


def test_an_import_s_results_are_taken_in_with_one_call(tmp_path: Path) -> None:
    """The window hands the catalog what an import reported; rows, orders and counts follow."""
    root = tmp_path / "data"
    state = State(tmp_path / "state")
    window_side, importer = Library(root), Library(root)
    try:
        window_side.add(_doc("a1", "Mine", 1), b"x")
        window_side.catalog.count_read(state)
        window_side.catalog.ids("title")
        fresh_source = dataclasses.replace(_doc("b2", "Theirs", 2), source="new.example")
        importer.add(fresh_source, b"y")
        importer.add(_doc("c3", "Also", 3), b"z")
        results = [
            ImportResult("b.md", Status.ADDED, "b2", "Theirs"),
            ImportResult("c.md", Status.UNCHANGED, "c3", "Also"),  # stored, never reported
            ImportResult("d.md", Status.ERROR, error="no such file"),
            ImportResult("a.md", Status.UNCHANGED, "a1", "Mine"),  # here already
        ]
        arrived = window_side.catalog.take_imported(results)
        assert (sorted(arrived.ids), arrived.new_source) == (["b2", "c3"], True)
        assert window_side.catalog.ids() == ["c3", "b2", "a1"]
        assert window_side.catalog.ids("title") == ["c3", "a1", "b2"]
        assert (window_side.catalog.total, window_side.catalog.unread) == (3, 3)
        assert window_side.catalog.source_counts()["new.example"] == SourceCount(
            "new.example", 1, 1
        )
        assert window_side.catalog.take_imported(results) == ([], False)
    finally:
        window_side.close()
        importer.close()


def test_expected_rows_wait_for_the_next_arrivals_and_a_reload_forgets_them(
    tmp_path: Path,
) -> None:
    """A running import's reports are expected (no read), then read in at once."""
    root = tmp_path / "data"
    state = State(tmp_path / "state")
    window_side, importer = Library(root), Library(root)
    try:
        window_side.add(_doc("a1", "Mine", 1), b"x")
        window_side.catalog.count_read(state)
        importer.add(_doc("b2", "Theirs", 2), b"y")
        window_side.catalog.expect(["b2"])
        assert window_side.catalog.ids() == ["a1"]  # not read yet
        assert window_side.catalog.take_arrivals() == (["b2"], False)
        assert window_side.catalog.ids() == ["b2", "a1"]
        assert window_side.catalog.total == 2
        importer.add(_doc("c3", "Also", 3), b"z")
        window_side.catalog.expect(["c3", "nowhere"])  # an id no row has is passed over
        window_side.catalog.reload()  # every row read again: nothing left to expect
        assert window_side.catalog.take_arrivals() == ([], False)
        assert window_side.catalog.ids() == ["c3", "b2", "a1"]
    finally:
        window_side.close()
        importer.close()


def test_archived_and_deleted_articles_are_in_no_count_and_kept_so(tmp_path: Path) -> None:
    """Counts describe what the views show: an archived or deleted article is neither in its
    source's articles (the All view) nor in its unread (the Unread view); kept current by
    ``hidden_changed``, ``read_changed`` of a hidden article and arrivals, equal to a count
    from scratch, and 0 unread when every one left is read."""
    some_doc = _some_docs(5)
    root = tmp_path / "data"
    state = State(tmp_path / "state")
    window_side, importer = Library(root), Library(root)
    catalog = window_side.catalog
    try:
        docs = [some_doc(i) for i in range(40)]
        for doc in docs:
            window_side.add(doc, b"x")
        for i in range(0, 40, 3):
            state.set_read(f"d{i:03}")
        state.set_archived("d000")  # read and archived
        state.set_deleted("d001")  # unread and deleted
        catalog.count_read(state)
        every = catalog.source_counts()
        assert (catalog.total, catalog.unread) == (38, 38 - 13)
        assert sum(c.total for c in every.values()) == 38

        steps = [
            ("archived", "d002", True),  # unread
            ("deleted", "d003", True),  # read
            ("read", "d000", False),  # a hidden one read or not: no count changes
            ("archived", "d000", False),  # back, unread now
            ("deleted", "d001", False),
            ("deleted", "d001", True),
        ]
        for flag, doc_id, value in steps:
            was_hidden = state.is_hidden(doc_id)
            if flag == "read":
                state.set_read(doc_id, value)
                changed = catalog.read_changed(doc_id, value)
            else:
                (state.set_archived if flag == "archived" else state.set_deleted)(doc_id, value)
                assert state.is_hidden(doc_id) != was_hidden
                changed = catalog.hidden_changed(doc_id, state.is_hidden(doc_id))
            assert changed is not None
            assert changed == catalog.source_counts()[changed.name]
        state.set_deleted("d045")  # deleted, then imported (a state kept over a new library)
        added = [some_doc(i) for i in range(40, 50)]
        for doc in added:
            importer.add(doc, b"y")
        catalog.take(d.id for d in added)

        fresh = Library(root)
        try:
            fresh.catalog.count_read(state)
            assert catalog.source_counts() == fresh.catalog.source_counts()
            assert (catalog.total, catalog.unread) == (fresh.catalog.total, fresh.catalog.unread)
            hidden = {"d001", "d002", "d003", "d045"}
            assert catalog.total == 50 - len(hidden)
            unread = [d for d in docs + added if d.id not in hidden and not state.is_read(d.id)]
            assert catalog.unread == len(unread)
        finally:
            fresh.close()
        # Counted in a thread (the read flags per source only): the hidden ones still count.
        catalog.count_read(state, catalog.sources_of(state.read_ids()))
        assert (catalog.total, catalog.unread) == (46, len(unread))
    finally:
        window_side.close()
        importer.close()


def test_a_link_finds_the_article_imported_from_it(tmp_path: Path, write_file, mirror) -> None:
    """By the id its import would give it: as written (http, another spelling of the same
    URL), or without tracking parameters the canonical URL keeps (spm); before the rows are
    read too (by key in SQLite, the rows not all read for it)."""
    url = "https://www.example.com/news/2024/story.html?id=7"
    with open_library(tmp_path / "data") as library:
        import_file(library, write_file("a.md", mirror("Story", url)))
        doc_id = library.ids()[0]
    for rows_read in (True, False):
        with open_library(tmp_path / "data") as library:
            catalog = library.catalog
            if rows_read:
                assert doc_id in catalog
            found = catalog.link_row(url)
            assert found is not None
            assert (found.id, found.title) == (doc_id, "Story")
            assert catalog.rows_read == rows_read
            for same in (
                "http://WWW.example.com/news/2024/story.html?id=7#p2",
                f"{url}&utm_source=x&spm=a1.b2&fbclid=z",
            ):
                assert getattr(catalog.link_row(same), "id", None) == doc_id
            for other in (
                "https://www.example.com/news/2024/story.html?id=8",
                "https://www.example.com/news/2024/other.html",
                "mailto:someone@example.com",
                "",
            ):
                assert catalog.link_row(other) is None
