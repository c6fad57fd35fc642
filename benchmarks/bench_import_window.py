"""A folder import through the window, as File > Import Folder runs it, and how busy the UI
thread is meanwhile.

    python benchmarks/bench_import_window.py [--n 15000] [--keep DIR] [--shots DIR]

Builds a mirror of N files (``bench_import.make_mirror``), opens a ``MainWindow`` (offscreen)
on an empty library and imports the folder. A 5 ms timer on the UI thread records the gaps
between its ticks: any gap beyond 5 ms is time the UI thread was busy (or waiting for the
GIL), so events waited that long. Then it searches 日本 as a user would, right after. Prints
figures; no asserts.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def main() -> None:
    from bench_import import make_mirror
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from reader.core.library.store import Library
    from reader.core.userdata.state import State
    from reader.ui.app import answer_quickly
    from reader.ui.window.mainwindow import MainWindow

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=15_000)
    parser.add_argument("--keep", type=Path, help="build the mirror and library here, keep them")
    parser.add_argument("--shots", type=Path, help="write screenshots (during, after) here")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="reader-bench-import-window-"))
    try:
        mirror, data = work / "mirror", work / "data"
        if not mirror.exists():
            make_mirror(mirror, args.n)
        shutil.rmtree(data, ignore_errors=True)
        app = QApplication([sys.argv[0]])
        answer_quickly()  # as the app does
        window = MainWindow(Library(data), State(data))
        window.show()
        for _ in range(30):
            app.processEvents()
            time.sleep(0.01)
        ticks: list[float] = []
        timer = QTimer()
        timer.setInterval(5)
        timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
        timer.start()
        start = time.perf_counter()
        window.import_paths([mirror])
        job = window.importer.job
        assert job is not None
        job.done.connect(lambda _summary: QTimer.singleShot(0, app.quit))  # after the window's
        if args.shots:
            args.shots.mkdir(parents=True, exist_ok=True)
            QTimer.singleShot(5000, lambda: window.grab().save(str(args.shots / "importing.png")))
        app.exec()  # the window's own event loop, as in use (no polling here)
        took = time.perf_counter() - start
        timer.stop()
        gaps = sorted((b - a) * 1000 for a, b in itertools.pairwise(ticks))
        print(f"import of {args.n:,} files through the window: {took:.1f} s")
        print(f"   {window.statusBar().currentMessage()}")
        print(
            f"   UI thread, gaps between 5 ms timer ticks: median {statistics.median(gaps):.1f} ms,"
            f" p99 {gaps[int(len(gaps) * 0.99)]:.1f}, max {gaps[-1]:.1f}; "
            f"over 50 ms: {sum(g > 50 for g in gaps)} of {len(gaps):,}"
        )
        t = time.perf_counter()
        window.sidebar.filter.setText("日本")
        window.sidebar.query_changed.emit()  # as the debounce timer does
        first = time.perf_counter() - t
        while window.listing.session.pending:
            app.processEvents()
            time.sleep(0.001)
        whole = time.perf_counter() - t
        print(
            f"   then searching 日本: first page {first * 1000:.0f} ms, every hit "
            f"({window.model.rowCount():,}) {whole * 1000:.0f} ms"
        )
        if args.shots:
            for _ in range(20):
                app.processEvents()
                time.sleep(0.005)
            window.grab().save(str(args.shots / "searched.png"))
        window.saver.flush()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    os._exit(0)  # no teardown: worker processes and threads are daemons


if __name__ == "__main__":
    main()
