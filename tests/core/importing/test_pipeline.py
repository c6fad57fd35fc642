"""The import pipeline: worker processes, batches, cancel, kill -9, a second run completing."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from shared_paths import ROOT, make_mirror

from reader.core.importing.pipeline import import_file, import_paths
from reader.core.library.store import Library
from reader.core.model import Status


def consistent(root: Path) -> int:
    """Every stored row has its original and its search entry; returns the row count."""
    db = sqlite3.connect(root / "library.sqlite3")
    rows = db.execute("SELECT id FROM documents").fetchall()
    (indexed,) = db.execute("SELECT count(*) FROM search_keys").fetchone()
    db.close()
    assert indexed == len(rows), "every stored row has its search entry, and only they do"
    library = Library(root)
    try:
        for (doc_id,) in rows:
            original = library.original(doc_id)
            assert original is not None, doc_id
            assert original[1].startswith(b"<!--"), original
            assert doc_id in library
        if rows:
            assert library.search("item")  # the index holds the stored rows
    finally:
        library.close()
    return len(rows)


def test_workers_import_everything_and_a_rerun_skips_it(tmp_path):
    mirror = tmp_path / "mirror"
    paths = make_mirror(mirror, 120)
    (mirror / "bad.md").write_bytes(os.urandom(3000))
    library = Library(tmp_path / "data")
    totals: list[int] = []
    results = list(import_paths(library, [mirror], on_total=totals.append, workers=2))
    assert totals == [121]
    by_status = {s: [r for r in results if r.status is s] for s in Status}
    assert len(by_status[Status.ADDED]) == 120
    assert [Path(r.path).name for r in by_status[Status.ERROR]] == ["bad.md"]
    assert "binary" in by_status[Status.ERROR][0].error
    assert len(library) == 120
    again = list(import_paths(library, [mirror], workers=2))
    assert sum(r.status is Status.UNCHANGED for r in again) == 120
    # A changed file is read again (same URL: still the same document).
    paths[0].write_text(paths[0].read_text(encoding="utf-8") + " ", encoding="utf-8")
    third = [r for r in import_paths(library, [paths[0]], workers=2)]
    assert [r.status for r in third] == [Status.UNCHANGED]
    library.close()
    assert consistent(tmp_path / "data") == 120


@pytest.mark.slow
def test_cancel_leaves_a_consistent_library_that_a_second_run_completes(tmp_path):
    mirror = tmp_path / "mirror"
    make_mirror(mirror, 3000)
    library = Library(tmp_path / "data")
    cancel = threading.Event()
    for seen, _ in enumerate(import_paths(library, [mirror], cancel=cancel, workers=2), 1):
        if seen == 30:
            cancel.set()
    library.close()
    stored = consistent(tmp_path / "data")
    assert 30 <= stored < 3000
    library = Library(tmp_path / "data")
    results = list(import_paths(library, [mirror], workers=2))
    library.close()
    assert sum(r.status is Status.ADDED for r in results) == 3000 - stored
    assert consistent(tmp_path / "data") == 3000


_IMPORTER = """
import sys
from pathlib import Path
from reader.core.importing.pipeline import import_file, import_paths
from reader.core.library.store import Library
library = Library(Path(sys.argv[1]))
for i, result in enumerate(import_paths(library, [Path(sys.argv[2])], workers=2), 1):
    print(i, flush=True)
"""


@pytest.mark.slow
@pytest.mark.parametrize("seen", [1, 700])  # in the first batch; after a committed one
def test_kill_9_during_import_leaves_a_consistent_library(tmp_path, seen):
    mirror = tmp_path / "mirror"
    make_mirror(mirror, 3000)
    data = tmp_path / "data"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", _IMPORTER, str(data), str(mirror)],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if int(line) >= seen:
            break
    os.killpg(proc.pid, signal.SIGKILL)  # the importer and its workers
    proc.wait()
    stored = consistent(data)
    assert seen <= stored < 3000
    library = Library(data)
    results = list(import_paths(library, [mirror], workers=2))
    library.close()
    assert sum(r.status is Status.ERROR for r in results) == 0
    assert sum(r.status is Status.ADDED for r in results) == 3000 - stored
    assert consistent(data) == 3000


def test_fts_merging_is_back_on_after_a_bulk_import_even_a_killed_one(tmp_path):
    make_mirror(tmp_path / "mirror", 30)
    library = Library(tmp_path / "data")
    list(import_paths(library, [tmp_path / "mirror"], workers=1))

    def automerge() -> list[object]:
        return [
            library._db.execute(f"SELECT v FROM {t}_config WHERE k = 'automerge'").fetchone()
            for t in ("search_index", "search_chars")
        ]

    assert automerge() == [(4,), (4,)]
    with library._db:  # as a kill during a batch would leave it
        library._search.set_automerge(0)
    library.close()
    library = Library(tmp_path / "data")
    assert automerge() == [(4,), (4,)]
    library.close()


def test_one_process_or_many_give_the_same_results(tmp_path):
    """One pipeline: in this process (workers=1, and import_file) or in workers, a file
    becomes the same result, a failing one the same error."""
    mirror = tmp_path / "mirror"
    make_mirror(mirror, 30)
    (mirror / "bad.md").write_bytes(os.urandom(3000))
    (mirror / "empty.md").write_bytes(b"")
    outcomes = {}
    for workers in (1, 2):
        library = Library(tmp_path / f"data{workers}")
        try:
            results = list(import_paths(library, [mirror], workers=workers))
        finally:
            library.close()
        outcomes[workers] = sorted((r.path, r.status, r.id, r.title, r.error) for r in results)
    assert outcomes[1] == outcomes[2]
    library = Library(tmp_path / "data-one-by-one")
    try:
        one_by_one = [import_file(library, Path(path)) for path, *_ in outcomes[1]]
    finally:
        library.close()
    assert sorted((r.path, r.status, r.id, r.title, r.error) for r in one_by_one) == outcomes[1]
    errors = [r for r in one_by_one if r.status is Status.ERROR]
    assert sorted(Path(r.path).name for r in errors) == ["bad.md", "empty.md"]
