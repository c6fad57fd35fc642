"""A big library's rows read off the UI thread, after the window's first paint.

Reading 100,000 rows is ~150 ms of SQLite and tuples; in a thread of its own (with its own
connection) the window stays responsive meanwhile: SQLite lets go of the GIL while it steps.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from reader.core.library.catalog import AllRows, count_sources, sorted_ids
from reader.core.library.store import read_rows


@dataclass(frozen=True, slots=True)
class RowsRead:
    rows: AllRows
    read_ids: frozenset[str]  # the read flags the counts below are for
    read_by_source: Counter[str]


class RowReader(QObject):
    """Reads every row and counts the read articles of each source, in a thread: the UI
    thread then only adopts them (the counting alone is ~50 ms at 100,000 articles)."""

    done = Signal(object)  # RowsRead, or None when the rows could not be read
    order_sorted = Signal(str, list, int)  # an order's ids, and the rows they were sorted from

    # Sorted after ``done``, for the first switch to them (title: ~200 ms at 100,000 rows),
    # once the window has taken the rows in and shown the last article (no GIL contention).
    ORDERS = ("title", "oldest")
    ORDERS_AFTER = 0.5  # seconds

    def start(self, root: Path, read_ids: frozenset[str]) -> None:
        worker = threading.Thread(target=self._run, args=(root, read_ids), name="rows", daemon=True)
        worker.start()

    def _run(self, root: Path, read_ids: frozenset[str]) -> None:
        found: RowsRead | None
        try:
            rows = read_rows(root)
            found = RowsRead(rows, read_ids, count_sources(rows.by_id, read_ids))
        except Exception:  # the window reads them itself (and meets the error there)
            import logging  # (on a failure only)

            logging.getLogger(__name__).warning("The rows thread failed.", exc_info=True)
            found = None
        with contextlib.suppress(RuntimeError):  # the window is gone
            self.done.emit(found)
            if found is not None:
                time.sleep(self.ORDERS_AFTER)
                for order in self.ORDERS:
                    ids = sorted_ids(found.rows.by_id, order)
                    self.order_sorted.emit(order, ids, len(found.rows.by_id))
