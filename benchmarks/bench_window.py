"""The window at N articles (default 100,000), each figure beside a floor measured in the same run.

    python benchmarks/bench_window.py [--n 100000] [--data-dir DIR] [--runs 5] [--profile]

Builds the library once (benchmarks/generate.py) into DIR, or a temp dir, and reuses DIR when it
already holds N articles. A state file with some articles read and starred (--read, --starred)
is written beside it; every Qt process gets its own copy, so runs do not change one another.
Every Qt measurement runs in a fresh child process (QT_QPA_PLATFORM=offscreen):

1. Cold start: ``time.time()`` in this process just before ``Popen`` to the end of the window's
   first paint that shows articles, against an empty 1280x800 ``QMainWindow``. The app child
   runs ``reader.ui.app.run`` itself (only ``State`` is pointed at the copied state file, and
   ``MainWindow`` wrapped to install the watcher). An event filter on the window (and on the
   list's viewport) sees the first ``QEvent.Paint`` once the list has rows; that paint is one
   synchronous backing-store sync of the whole widget tree, so a zero timer posted from it
   fires when every widget of the frame has painted: that is the end. Median of --runs.
   Also shown, not a goal: a Qt-only mock of the same layout (N CJK titles in a C++
   QStringListModel, no reader code), and each start-up step's time since ``Popen``.
2. Sidebar: show filter (All/Unread/Starred), sort, source, and the search box (text set, then
   the query run at once, as Enter does): from the change until ``processEvents`` has delivered
   a paint of the list's viewport. Floor: the same paint after ``viewport().update()`` alone.
3. Opening an article: ``window.reading.show_document(id)`` on ids not shown before, until the
   viewer's viewport has painted, against ``setHtml(article_page(doc))`` and paint in a plain
   ``QTextBrowser`` of the viewer's size (the HTML made outside the timing). Two warm-up
   articles are left out; the two orders alternate.
4. Memory: VmRSS (and the peak, VmHWM) at the end of the first paint, from the runs of 1;
   and of the window of 2./3. after all its changes (the peak there includes state saves).

--profile adds cProfile listings of each change and of show_document (Python only: Qt's own
layout and painting run later, inside processEvents, and show in the times, not the listing).
The load average is printed with each part: another busy process on a 2-core machine skews
the cold starts most; run again when it is above ~1.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

STATE_NAME = "bench-window-state.json"
QUERIES = ("日本", "中国", "网络安全", "Trump")
GOALS = {"start": 2.5, "switch_ms": 100.0, "open": 1.3, "rss_mb": 300.0}
WINDOW_SIZE = (1280, 800)


# --- the parent: library, state file, children, report ----------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data-dir", type=Path, help="build (or reuse) the library here")
    parser.add_argument("--runs", type=int, default=5, help="cold starts of each kind")
    parser.add_argument("--switches", type=int, default=10, help="changes of each control")
    parser.add_argument("--articles", type=int, default=30, help="articles opened")
    parser.add_argument("--read", type=float, default=0.6, help="share of articles read")
    parser.add_argument("--starred", type=float, default=0.01, help="share starred")
    parser.add_argument("--profile", action="store_true", help="cProfile the slow paths too")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--t0", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)

    temp = None if args.data_dir else Path(tempfile.mkdtemp(prefix="bench-window-"))
    root = args.data_dir or temp
    assert root is not None
    try:
        built = ensure_library(root, args.n, args.seed)
        write_state(root, args.read, args.starred, args.seed)
        print(machine_line())
        print(
            f"library: {args.n:,} articles in {root} ({built}); state: "
            f"{args.read:.0%} read, {args.starred:.0%} starred; offscreen platform"
        )
        report(root, args)
    finally:
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)
    return 0


def machine_line() -> str:
    from importlib.metadata import version

    return (
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, PySide6 {version('PySide6-Essentials')}, "
        f"{platform.system()} {platform.release()}"
    )


def load() -> str:
    return f"load {os.getloadavg()[0]:.2f}"


def ensure_library(root: Path, n: int, seed: int) -> str:
    db = root / "library.sqlite3"
    if db.exists():
        with sqlite3.connect(db) as con:
            (count,) = con.execute("SELECT count(*) FROM documents").fetchone()
        if count != n:
            raise SystemExit(f"{root} holds {count:,} articles, not {n:,}: give another --data-dir")
        return "reused"
    from benchmarks.generate import build_library

    start = time.perf_counter()
    build_library(root, n, seed).close()
    return f"built in {time.perf_counter() - start:.0f} s"


def write_state(root: Path, read: float, starred: float, seed: int) -> None:
    """The same flags for the same library and seed, in the state file's own layout."""
    with sqlite3.connect(root / "library.sqlite3") as con:
        ids = sorted(r[0] for r in con.execute("SELECT id FROM documents"))
    rng = random.Random(seed)
    flags: dict[str, list[str]] = {"read": [], "starred": []}
    for doc_id in ids:
        if rng.random() < read:
            flags["read"].append(doc_id)
        if rng.random() < starred:
            flags["starred"].append(doc_id)
    # Reopened where it was left: an article in the middle of the list.
    ui = {"last_document": ids[len(ids) // 2]} if ids else {}
    data = {"version": 2, **flags, "notes": {}, "ui": ui, "recent": []}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",\n", ": "))
    (root / STATE_NAME).write_text(text + "\n", encoding="utf-8")


def run_child(root: Path, kind: str, args: argparse.Namespace) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        kind,
        "--data-dir",
        str(root),
        "--switches",
        str(args.switches),
        "--articles",
        str(args.articles),
        "--seed",
        str(args.seed),
        "--n",
        str(args.n),
    ]
    if args.profile:
        command.append("--profile")
    t0 = time.time()
    proc = subprocess.run([*command, "--t0", repr(t0)], env=env, capture_output=True, text=True)
    if proc.returncode != 0 or not proc.stdout.strip():
        raise SystemExit(f"child {kind} failed ({proc.returncode}):\n{proc.stderr}")
    noise = "This plugin does not support propagateSizeHints()"
    errors = [line for line in proc.stderr.splitlines() if line.strip() and line != noise]
    if errors:
        sys.stderr.write("\n".join(errors) + "\n")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def report(root: Path, args: argparse.Namespace) -> None:
    verdicts: list[str] = []

    # 1 and 4: cold starts, alternating kinds so load drifts hit both.
    print(f"\n1. cold start to the first painted window, median of {args.runs} ({load()})")
    runs: dict[str, list[dict]] = {"empty": [], "mock": [], "app": []}
    for _ in range(args.runs):
        for kind in runs:
            runs[kind].append(run_child(root, f"start-{kind}", args))
    med = {k: {m: statistics.median(r[m] for r in v) for m in v[0]} for k, v in runs.items()}
    empty, mock, app = med["empty"], med["mock"], med["app"]
    labels = (
        ("empty", "empty QMainWindow (floor)"),
        ("mock", "Qt-only mock of the layout"),
        ("app", "reader window"),
    )
    for kind, label in labels:
        spread = sorted(r["painted"] for r in runs[kind])
        print(
            f"   {label:28} {med[kind]['painted'] * 1e3:7.0f} ms"
            f"  (runs {', '.join(f'{s * 1e3:.0f}' for s in spread)})"
        )
    ratio = app["painted"] / empty["painted"]
    verdicts.append(
        _verdict(
            "cold start",
            ratio <= GOALS["start"],
            f"{ratio:.2f}x the empty window (goal <= {GOALS['start']}x)",
        )
    )
    print(
        f"   = {ratio:.2f}x the floor  (goal <= {GOALS['start']}x); the mock (widgets alone, "
        f"{args.n:,} C++ rows, no reader code) is {mock['painted'] / empty['painted']:.2f}x"
    )
    print("   where the reader's time goes (medians, ms from Popen):")
    previous = 0.0
    for mark in app:
        if mark in ("rss_mb", "hwm_mb", "busy_ms"):
            continue
        print(f"     {mark:30} {app[mark] * 1e3:7.0f}  (+{(app[mark] - previous) * 1e3:.0f})")
        previous = app[mark]
    if "busy_ms" in app:
        print(
            f"   after the first paint, the UI thread's longest busy spell: {app['busy_ms']:.0f} ms"
            " (median of the runs; events wait no longer than that)"
        )
    print(
        "   mock marks: "
        + ", ".join(f"{m} {mock[m] * 1e3:.0f}" for m in mock if m not in ("rss_mb", "hwm_mb"))
    )
    print(
        "   floor marks: "
        + ", ".join(f"{m} {empty[m] * 1e3:.0f}" for m in empty if m not in ("rss_mb", "hwm_mb"))
    )

    # 2 and 3 in one long-lived window.
    print(f"\n2./3. one window, {args.switches} changes of each control ({load()})")
    inter = run_child(root, "interact", args)
    print(
        f"   window ready in {inter['ready']:.2f} s; list floor (viewport().update() + paint): "
        f"median {inter['floor_list']['median']:.1f} ms, max {inter['floor_list']['max']:.1f}"
    )
    print(
        f"   {'change':34} {'rows':>7} {'median':>8} {'max':>8}   (ms; goal < "
        f"{GOALS['switch_ms']:.0f})"
    )
    worst = 0.0
    for name, row in inter["switches"].items():
        worst = max(worst, row["median"])
        whole = f"  (whole list {row['whole']:.0f} ms)" if "whole" in row else ""
        print(
            f"   {name:34} {row['rows']:>7} {row['median']:8.1f} {row['max']:8.1f}"
            + ("" if row["median"] < GOALS["switch_ms"] else "  <- over")
            + whole
        )
    verdicts.append(
        _verdict(
            "sidebar changes",
            worst < GOALS["switch_ms"],
            f"worst median {worst:.0f} ms (goal < {GOALS['switch_ms']:.0f} ms)",
        )
    )

    art = inter["articles"]
    ratio3 = art["app"]["median"] / art["floor"]["median"]
    print(
        f"\n3. opening an article, median of {art['count']} (ms; warm-up excluded; "
        f"{art['unread']} of them unread)"
    )
    print(
        f"   QTextBrowser.setHtml + paint (floor)  median {art['floor']['median']:6.1f}  "
        f"max {art['floor']['max']:6.1f}"
    )
    print(
        f"   window.show_document + paint          median {art['app']['median']:6.1f}  "
        f"max {art['app']['max']:6.1f}"
    )
    print(
        f"   = {ratio3:.2f}x the floor  (goal <= {GOALS['open']}x); first article "
        f"(cold fonts): app {art['first_app']:.0f} ms, floor {art['first_floor']:.0f} ms"
    )
    verdicts.append(
        _verdict(
            "open article",
            ratio3 <= GOALS["open"],
            f"{ratio3:.2f}x setHtml+paint (goal <= {GOALS['open']}x)",
        )
    )

    print(f"\n4. resident memory at the first paint, median of {args.runs}")
    print(
        f"   empty QMainWindow (floor)   VmRSS {empty['rss_mb']:6.1f} MB  "
        f"(peak {empty['hwm_mb']:.1f})"
    )
    print(
        f"   Qt-only mock of the layout  VmRSS {mock['rss_mb']:6.1f} MB  "
        f"(peak {mock['hwm_mb']:.1f})"
    )
    print(
        f"   reader window               VmRSS {app['rss_mb']:6.1f} MB  "
        f"(peak {app['hwm_mb']:.1f}); = +{app['rss_mb'] - empty['rss_mb']:.0f} MB"
    )
    print(
        f"   after the runs of 2./3.     VmRSS {inter['rss_mb']:6.1f} MB  "
        f"(peak {inter['hwm_mb']:.1f}); on the way: "
        + ", ".join(f"{k} {v:.0f}" for k, v in inter["phases"].items())
    )
    verdicts.append(
        _verdict(
            "memory at start",
            app["hwm_mb"] < GOALS["rss_mb"],
            f"peak {app['hwm_mb']:.0f} MB (goal < {GOALS['rss_mb']:.0f} MB)",
        )
    )
    verdicts.append(
        _verdict(
            "memory after use",
            inter["hwm_mb"] < GOALS["rss_mb"],
            f"peak {inter['hwm_mb']:.0f} MB after 2./3. (goal < {GOALS['rss_mb']:.0f} MB)",
        )
    )
    print(f"\ngoals ({load()}):")
    for line in verdicts:
        print(f"   {line}")
    if args.profile and inter.get("profile"):
        print("\nprofiles (cProfile, cumulative):")
        print(inter["profile"])


def _verdict(name: str, met: bool, detail: str) -> str:
    return f"{'MET    ' if met else 'NOT MET'} {name}: {detail}"


# --- the children -----------------------------------------------------------------------------


def child(args: argparse.Namespace) -> int:
    if args.child == "start-empty":
        result = start_empty(args.t0)
    elif args.child == "start-mock":
        result = start_mock(args.t0, args.n)
    elif args.child == "start-app":
        result = start_app(args.t0, args.data_dir)
    elif args.child == "interact":
        result = interact(args)
    else:
        raise SystemExit(f"unknown child {args.child}")
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    os._exit(0)  # no teardown: not part of what is measured, and nothing is saved


def memory() -> dict[str, float]:
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return {"rss_mb": fields["VmRSS"], "hwm_mb": fields["VmHWM"]}


class _Marks:
    def __init__(self, t0: float) -> None:
        self.t0 = t0
        self.marks: dict[str, float] = {"python main()": time.time() - t0}

    def __call__(self, name: str) -> None:
        self.marks[name] = time.time() - self.t0


def _first_paint_watcher(marks: _Marks, ready, on_done):
    """An event filter for the window (and the article list's viewport): the first Paint once
    ``ready()`` (articles in the list), then a zero timer posted from inside that paint. A
    window's paint is one synchronous backing-store sync of its whole widget tree, so the timer
    fires when every widget of that frame has painted."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Watcher(QObject):
        seen = False
        done = False

        def eventFilter(self, obj, event) -> bool:
            if event.type() == QEvent.Type.Paint and not self.done:
                if not self.seen:
                    self.seen = True
                    marks("first Paint event")
                if ready():
                    self.done = True
                    QTimer.singleShot(0, self._done)
            return False

        def _done(self) -> None:
            marks("painted")
            on_done()

    return Watcher()


def _show_until_painted(app, window, marks: _Marks) -> dict:
    """Show ``window``, run until its first frame is painted; the marks and memory then."""
    result: dict = {}

    def done() -> None:
        result.update(memory())
        app.quit()

    watcher = _first_paint_watcher(marks, lambda: True, done)
    window.installEventFilter(watcher)
    window.show()
    marks("show() returned")
    app.exec()
    return {**marks.marks, **result}


def start_empty(t0: float) -> dict:
    marks = _Marks(t0)
    from PySide6.QtWidgets import QApplication, QMainWindow

    marks("Qt imported")
    app = QApplication([sys.argv[0]])
    marks("QApplication")
    window = QMainWindow()
    window.resize(*WINDOW_SIZE)
    return _show_until_painted(app, window, marks)


def start_mock(t0: float, n: int) -> dict:
    """The reader's layout in plain Qt (no reader code): what the widgets alone cost.

    Sources list, search box, two combo boxes, a count, a QListView over a C++
    QStringListModel of ``n`` CJK titles, a QTextBrowser, a notes box, menus, status bar."""
    marks = _Marks(t0)
    from PySide6.QtCore import QStringListModel, Qt
    from PySide6.QtWidgets import (
        QApplication,
        QComboBox,
        QLabel,
        QLineEdit,
        QListView,
        QListWidget,
        QMainWindow,
        QPlainTextEdit,
        QSplitter,
        QTextBrowser,
        QVBoxLayout,
        QWidget,
    )

    marks("Qt imported")
    app = QApplication([sys.argv[0]])
    marks("QApplication")
    window = QMainWindow()
    sources = QListWidget()
    sources.addItems([f"source {i}  ({i * 97})" for i in range(10)])
    side = QWidget()
    column = QVBoxLayout(side)
    for widget in (QLineEdit(), QComboBox(), QComboBox(), QLabel(f"{n} articles")):
        column.addWidget(widget)
    model = QStringListModel([f"示例标题 Example title {i % 1000}" for i in range(n)])
    view = QListView()
    view.setUniformItemSizes(True)
    view.setModel(model)
    column.addWidget(view, 1)
    left = QSplitter(Qt.Orientation.Vertical)
    left.addWidget(sources)
    left.addWidget(side)
    right = QSplitter(Qt.Orientation.Vertical)
    right.addWidget(QTextBrowser())
    right.addWidget(QPlainTextEdit())
    splitter = QSplitter()
    splitter.addWidget(left)
    splitter.addWidget(right)
    splitter.setSizes([340, 940])
    window.setCentralWidget(splitter)
    for title in ("&File", "&Go", "&Article", "&View", "&Help"):
        menu = window.menuBar().addMenu(title)
        for i in range(5):
            menu.addAction(f"{title} action {i}")
    window.statusBar().showMessage("ready")
    window.resize(*WINDOW_SIZE)
    marks("window built")
    return _show_until_painted(app, window, marks)


def start_app(t0: float, root: Path) -> dict:
    """``reader.ui.app.run(root, [])`` as the desktop starts it; State reads a copy."""
    marks = _Marks(t0)
    import reader.ui.app as app_module

    marks("reader.ui.app imported")
    state_root = Path(tempfile.mkdtemp(prefix="bench-window-state-"))
    shutil.copy(root / STATE_NAME, state_root / "state.json")
    real_library, real_state, real_window = (
        app_module.Library,
        app_module.State,
        app_module.MainWindow,
    )
    result: dict = {}

    def library(path: Path):
        marks("QApplication, name, icon")
        found = real_library(path)
        marks("Library()")
        return found

    def state(_path: Path):
        found = real_state(state_root)
        marks("State()")
        return found

    class TimedWindow(real_window):  # (a subclass: the app checks what it made)
        def __init__(self, *a, **k):
            super().__init__(*a, **k)
            watch(self, a[0])

    def watch(window, library) -> None:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        marks("MainWindow()")
        app = QApplication.instance()

        gaps: list[float] = []

        def done() -> None:
            result.update(memory())
            gaps.append(time.perf_counter())
            loaded()

        def loaded() -> None:  # a big library's rows and counts come after the first paint
            gaps.append(time.perf_counter())  # the UI thread's longest busy spell till then
            if window.listing.loading:
                QTimer.singleShot(1, loaded)
                return
            marks("every row, count, last article")
            result["busy_ms"] = max(b - a for a, b in itertools.pairwise(gaps)) * 1e3
            app.quit()

        watcher = _first_paint_watcher(
            marks, lambda: window.model.rowCount() > 0 or not len(library), done
        )
        window.installEventFilter(watcher)
        window.sidebar.list.viewport().installEventFilter(watcher)
        window._bench_watcher = watcher

    app_module.Library, app_module.State, app_module.MainWindow = library, state, TimedWindow
    app_module.run(root, [])
    shutil.rmtree(state_root, ignore_errors=True)
    return {**marks.marks, **result}


def interact(args: argparse.Namespace) -> dict:
    import cProfile
    import io
    import pstats

    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QTextBrowser

    from reader.core.library.store import Library
    from reader.core.page.render import article_page
    from reader.core.userdata.state import State
    from reader.ui.app import answer_quickly
    from reader.ui.window.mainwindow import MainWindow

    start = time.perf_counter()
    app = QApplication([sys.argv[0]])
    answer_quickly()  # as the app does
    state_root = Path(tempfile.mkdtemp(prefix="bench-window-state-"))
    shutil.copy(args.data_dir / STATE_NAME, state_root / "state.json")
    library = Library(args.data_dir)
    state = State(state_root)
    window = MainWindow(library, state)
    window.show()

    class PaintSeen(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.count = 0

        def eventFilter(self, obj, event) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    def watch(widget) -> PaintSeen:
        seen = PaintSeen()
        widget.installEventFilter(seen)
        widget._bench_seen = seen
        return seen

    def until_painted(seen: PaintSeen, before: int, t: float) -> float:
        while seen.count == before:
            app.processEvents()
            if time.perf_counter() - t > 60:
                raise SystemExit("no paint within 60 s")
        return (time.perf_counter() - t) * 1e3

    def timed(action, seen: PaintSeen) -> float:
        before = seen.count
        t = time.perf_counter()
        action()
        return until_painted(seen, before, t)

    list_seen = watch(window.sidebar.list.viewport())
    viewer_seen = watch(window.viewer.viewport())
    until_painted(list_seen, 0, time.perf_counter())
    while window.listing.loading:  # a big library's second step (rows, counts)
        app.processEvents()
        time.sleep(0.001)
    ready = time.perf_counter() - start
    settle = time.perf_counter() + 2  # as a reader looks first: startup's background work ends
    while time.perf_counter() < settle:
        app.processEvents()
        time.sleep(0.005)

    profiles: dict[str, cProfile.Profile] = {}

    def profiled(name: str, action):
        if not args.profile:
            return action

        def run() -> None:
            profiles.setdefault(name, cProfile.Profile()).runcall(action)

        return run

    def stats(samples: list[float]) -> dict:
        return {"median": statistics.median(samples), "max": max(samples)}

    viewport = window.sidebar.list.viewport()
    floor_list = [timed(viewport.update, list_seen) for _ in range(args.switches)]

    sidebar = window.sidebar
    switches: dict[str, dict] = {}

    def cycle(name: str, box, count: int) -> None:
        samples, rows = [], []
        for i in range(1, args.switches + 1):
            index = i % count
            samples.append(timed(profiled(name, lambda i=index: box.setCurrentIndex(i)), list_seen))
            rows.append(window.model.rowCount())
        switches[name] = {**stats(samples), "rows": max(rows)}
        box.setCurrentIndex(0)  # back to All, Newest first: not timed
        app.processEvents()

    phases = {"window shown": memory()["rss_mb"]}
    cycle("show: All/Unread/Starred", sidebar.show_box, sidebar.show_box.count())
    cycle("sort: newest/oldest/title", sidebar.sort_box, sidebar.sort_box.count())
    samples, rows = [], []
    sources = sidebar.sources.count()
    for i in range(1, args.switches + 1):
        row = i % sources
        samples.append(
            timed(profiled("source", lambda r=row: sidebar.sources.setCurrentRow(r)), list_seen)
        )
        rows.append(window.model.rowCount())
    switches[f"source (of {sources - 1})"] = {**stats(samples), "rows": max(rows)}
    sidebar.sources.setCurrentRow(0)
    app.processEvents()

    def search(text: str):
        def run() -> None:
            sidebar.filter.blockSignals(True)  # no debounce timer: the query runs now
            sidebar.filter.setText(text)
            sidebar.filter.blockSignals(False)
            sidebar.query_changed.emit()

        return run

    def until_whole(t: float) -> float:
        """A big search's whole list, from the searcher thread (the first page is shown)."""
        while window.listing.session.pending:
            app.processEvents()
            time.sleep(0.0005)
            if time.perf_counter() - t > 60:
                raise SystemExit("no whole search list within 60 s")
        return (time.perf_counter() - t) * 1e3

    clear_samples = []
    for text in QUERIES:
        samples, whole = [], []
        for _ in range(max(args.switches // 2, 3)):
            t = time.perf_counter()
            samples.append(timed(profiled(f"search {text}", search(text)), list_seen))
            whole.append(until_whole(t))
            rows_found = window.model.rowCount()
            clear_samples.append(timed(profiled("clear search", search("")), list_seen))
        switches[f"search {text}"] = {
            **stats(samples),
            "rows": rows_found,
            "whole": statistics.median(whole),
        }
    switches["clear search (back to all)"] = {
        **stats(clear_samples),
        "rows": window.model.rowCount(),
    }

    phases["after the sidebar changes"] = memory()["rss_mb"]

    # 3. Articles: fresh ids, with the state's mix of read and unread.
    rng = random.Random(args.seed + 1)
    ids = rng.sample(library.ids(), args.articles + 2)
    unread = sum(1 for i in ids[2:] if not state.is_read(i))
    floor_view = QTextBrowser()
    floor_view.resize(window.viewer.size())
    # The same page as the viewer sets: its style sheet (the theme and typography, which the
    # page itself no longer carries) and its font.
    floor_view.document().setDefaultStyleSheet(window.viewer.document().defaultStyleSheet())
    floor_view.document().setDefaultFont(window.viewer.document().defaultFont())
    floor_view.show()
    floor_seen = watch(floor_view.viewport())
    until_painted(floor_seen, 0, time.perf_counter())
    app_ms, floor_ms = [], []
    for k, doc_id in enumerate(ids):
        html = article_page(library.get(doc_id))

        def floor_run(html: str = html) -> float:
            return timed(lambda: floor_view.setHtml(html), floor_seen)

        def app_run(doc_id: str = doc_id) -> float:
            show = profiled("show_document", lambda: window.reading.show_document(doc_id))
            return timed(show, viewer_seen)

        if k % 2:  # alternate the order: the first to show new glyphs pays for them
            a, f = app_run(), floor_run()
        else:
            f, a = floor_run(), app_run()
        app_ms.append(a)
        floor_ms.append(f)
    articles = {
        "count": len(ids) - 2,
        "unread": unread,
        "app": stats(app_ms[2:]),
        "floor": stats(floor_ms[2:]),
        "first_app": app_ms[0],
        "first_floor": floor_ms[0],
    }
    result = {
        "ready": ready,
        "floor_list": stats(floor_list),
        "switches": switches,
        "articles": articles,
        **memory(),
        "phases": {**phases, "after the articles": memory()["rss_mb"]},
    }
    if args.profile:
        out = io.StringIO()
        for name, profile in profiles.items():
            out.write(f"--- {name} ---\n")
            pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(14)
        result["profile"] = out.getvalue()
    shutil.rmtree(state_root, ignore_errors=True)
    return result


if __name__ == "__main__":
    sys.exit(main())
