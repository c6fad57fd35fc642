"""One window per data folder: a second start hands its files over; signals end it cleanly.

Real processes, offscreen: ``python -m reader --data-dir DIR`` as the desktop starts it."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from shared_paths import ROOT, SEED_FILE, SEED_TITLE, make_mirror

from reader.ui import single

WAIT = 60.0  # seconds: generous, for a loaded machine (never a timing assert)


class Windows:
    """Starts ``python -m reader`` processes sharing one private runtime folder."""

    def __init__(self, tmp_path: Path, run_dir: Path) -> None:
        self.tmp = tmp_path
        self.run_dir = run_dir
        self.env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
        self.env.update(QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(run_dir))
        self.started: list[subprocess.Popen[str]] = []

    def start(self, data: Path, *args: str, cwd: Path = ROOT) -> subprocess.Popen[str]:
        n = len(self.started)
        proc = subprocess.Popen(
            [sys.executable, "-m", "reader", "--data-dir", str(data), *args],
            cwd=cwd,
            env=self.env,
            stdout=open(self.tmp / f"out{n}.txt", "w"),  # noqa: SIM115 (closed with the test)
            stderr=open(self.tmp / f"err{n}.txt", "w"),  # noqa: SIM115
            text=True,
            start_new_session=True,  # its own session: what is left of it is found after
        )
        self.started.append(proc)
        return proc

    def run(self, data: Path, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "reader", "--data-dir", str(data), *args],
            cwd=cwd,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=WAIT,
        )

    def err(self, proc: subprocess.Popen[str]) -> str:
        return (self.tmp / f"err{self.started.index(proc)}.txt").read_text(encoding="utf-8")

    def sockets(self) -> list[Path]:
        return [p for p in self.run_dir.iterdir() if p.is_socket()]

    def wait_listening(self, proc: subprocess.Popen[str], count: int = 1) -> None:
        """Until ``count`` windows listen (their sockets are there)."""
        until(lambda: len(self.sockets()) >= count, proc, self)

    def end(self, proc: subprocess.Popen[str], sig: int = signal.SIGTERM) -> int:
        proc.send_signal(sig)
        return proc.wait(WAIT)

    def listed(self, data: Path) -> list[dict]:
        done = self.run(data, "list", "--json")
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)


def until(ready, proc: subprocess.Popen[str] | None = None, windows: Windows | None = None):
    deadline = time.monotonic() + WAIT
    while not ready():
        if proc is not None and proc.poll() is not None:
            said = windows.err(proc) if windows else ""
            pytest.fail(f"the window ended ({proc.returncode}): {said}")
        if time.monotonic() > deadline:
            pytest.fail("gave up waiting")
        time.sleep(0.05)


@pytest.fixture
def windows(tmp_path: Path) -> Iterator[Windows]:
    run_dir = Path(tempfile.mkdtemp(prefix="sr-"))  # short: a socket's path has ~107 bytes
    made = Windows(tmp_path, run_dir)
    yield made
    for proc in made.started:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(WAIT)
        proc.stdout and proc.stdout.close()
    shutil.rmtree(run_dir, ignore_errors=True)


def session_left(leader: int) -> list[str]:
    """Processes still in the session ``leader`` started (its import, workers, forkserver)."""
    left = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_bytes()
        except OSError:
            continue
        fields = stat.rsplit(b")", 1)[1].split()
        if int(fields[3]) == leader and fields[0] not in (b"Z", b"X"):
            left.append(stat.decode(errors="replace"))
    return left


def clean(stderr: str) -> bool:
    return "Traceback" not in stderr and "leaked" not in stderr and "resource_tracker" not in stderr


# --- handing over ------------------------------------------------------------------------------


def test_a_second_start_hands_its_files_to_the_running_window(windows, tmp_path):
    data = tmp_path / "data"
    first = windows.start(data)
    windows.wait_listening(first)
    # As a file manager starts it: a path relative to the second start's own folder.
    second = windows.run(data, SEED_FILE.name, cwd=SEED_FILE.parent)
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == "saved-reader: handed 1 file to the running window."
    assert first.poll() is None
    # The first window imported it and showed it (shown: marked read, saved).
    until(lambda: [d["read"] for d in windows.listed(data)] == [True], first, windows)
    assert windows.listed(data)[0]["title"] == SEED_TITLE

    again = windows.run(data)  # no files: the running window comes to the front
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "saved-reader: raised the running window."

    assert windows.end(first) == 128 + signal.SIGTERM
    assert clean(windows.err(first)), windows.err(first)
    assert windows.sockets() == []  # the socket went with the window


def test_garbage_on_the_socket_is_ignored_and_logged(windows, tmp_path):
    data = tmp_path / "data"
    first = windows.start(data)
    windows.wait_listening(first)
    (path,) = windows.sockets()
    for garbage in (
        b"\xff\xfe\x00 not utf-8\n",
        b"{not json\n",
        b'{"version": 99, "files": []}\n',
        b'{"version": 1, "files": "/etc/passwd"}\n',
        b'{"version": 1, "files": ["relative.txt"]}\n',
        b"[1, 2, 3]\n",
        b"no newline, then the sender hangs up",
    ):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.connect(str(path))
            s.sendall(garbage)
            s.shutdown(socket.SHUT_WR)
            s.settimeout(WAIT)
            assert s.recv(100) == b""  # dropped, no answer
    assert first.poll() is None
    handed = windows.run(data, str(SEED_FILE))  # and it still takes what is sent right
    assert handed.returncode == 0, handed.stderr
    until(lambda: len(windows.listed(data)) == 1, first, windows)
    assert windows.end(first) == 128 + signal.SIGTERM
    assert clean(windows.err(first)), windows.err(first)
    log = (data / "saved-reader.log").read_text(encoding="utf-8")
    assert log.count("ignored a message on the window's socket") == 6
    assert "not a JSON line" in log
    assert "is not a list of paths" in log
    assert "not absolute" in log


def test_a_crashed_windows_socket_is_recovered(windows, tmp_path):
    data = tmp_path / "data"
    first = windows.start(data)
    windows.wait_listening(first)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(WAIT)
    assert len(windows.sockets()) == 1  # left behind, nobody listening

    second = windows.start(data, str(SEED_FILE))  # becomes the window (not a hand-over)
    until(lambda: len(windows.listed(data)) == 1, second, windows)
    third = windows.run(data, str(SEED_FILE))
    assert third.returncode == 0, third.stderr
    assert "handed 1 file" in third.stdout
    assert windows.end(second) == 128 + signal.SIGTERM


def test_new_instance_and_another_data_folder_open_windows_of_their_own(windows, tmp_path):
    data, other = tmp_path / "data", tmp_path / "other"
    first = windows.start(data)
    windows.wait_listening(first)
    elsewhere = windows.start(other)  # another data folder: its own window, its own socket
    windows.wait_listening(elsewhere, count=2)
    extra = windows.start(data, "--new-instance", str(SEED_FILE))
    # The extra window imported the file itself (the library takes two copies) and stays.
    until(lambda: len(windows.listed(data)) == 1, extra, windows)
    assert len(windows.sockets()) == 2  # it does not listen: the first window still does
    assert windows.listed(other) == []
    for proc in (first, elsewhere, extra):
        assert proc.poll() is None
        assert windows.end(proc) == 128 + signal.SIGTERM
        assert clean(windows.err(proc)), windows.err(proc)


def test_two_starts_at_the_same_moment_end_with_one_window(windows, tmp_path):
    data = tmp_path / "data"
    page = tmp_path / "page.html"
    page.write_text("<title>A saved page</title><p>Some text of a page.</p>", encoding="utf-8")
    a = windows.start(data, str(SEED_FILE))
    b = windows.start(data, str(page))
    until(lambda: a.poll() is not None or b.poll() is not None)
    handed, window = (a, b) if a.poll() is not None else (b, a)
    assert handed.wait(WAIT) == 0, windows.err(handed)
    until(lambda: len(windows.listed(data)) == 2, window, windows)  # both files, one window
    assert window.poll() is None
    assert windows.end(window) == 128 + signal.SIGTERM


# --- signals -----------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_during_a_folder_import_ends_the_window_cleanly(windows, tmp_path, sig):
    data = tmp_path / "data"
    imported = windows.run(data, "import", str(SEED_FILE))
    seed_id = json.loads(imported.stdout.splitlines()[0])["id"]
    make_mirror(tmp_path / "mirror", 3000)
    window = windows.start(data, "--open", seed_id, str(tmp_path / "mirror"))
    # Under way: articles arrive, and the shown one's read mark is on disk (a 500 ms timer).
    until(lambda: len(windows.listed(data)) > 1, window, windows)
    assert len(session_left(window.pid)) > 1  # the import's processes
    if sig == signal.SIGINT:
        os.killpg(window.pid, sig)  # Ctrl+C in a terminal: the whole foreground group
        assert window.wait(WAIT) == 128 + sig
    else:
        assert windows.end(window, sig) == 128 + sig
    until(lambda: session_left(window.pid) == [])  # the import and its workers ended
    assert clean(windows.err(window)), windows.err(window)
    listed = {d["id"]: d for d in windows.listed(data)}
    assert listed[seed_id]["read"] is True
    assert len(listed) < 3001  # cancelled, not finished


# --- in this process ---------------------------------------------------------------------------


def test_the_message_is_one_json_line_with_absolute_paths(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    line = single.encode(single.Request([Path("a.html"), tmp_path / "b.md"], None))
    assert line.endswith(b"\n")
    assert line.count(b"\n") == 1
    request = single.decode(line[:-1])
    assert request.files == [tmp_path / "a.html", tmp_path / "b.md"]
    assert request.open_id is None
    assert single.decode(single.encode(single.Request([], "abc"))[:-1]).open_id == "abc"


@pytest.mark.parametrize(
    "line",
    [
        b"",
        b"\xff\xfe",
        b"null",
        b'"text"',
        b'{"files": ["/a"]}',
        b'{"version": 2, "files": ["/a"]}',
        b'{"version": 1}',
        b'{"version": 1, "files": [1]}',
        b'{"version": 1, "files": [""]}',
        b'{"version": 1, "files": ["a/b"]}',
        b'{"version": 1, "files": ["/a"], "open": 5}',
        b'{"version": 1, "files": ["/a\\u0000b"]}',
    ],
)
def test_a_bad_message_is_refused_with_its_reason(line):
    with pytest.raises(ValueError, match=r"\w"):
        single.decode(line)


def test_the_socket_lives_only_in_a_folder_of_ours(monkeypatch):
    tmp_path = Path(tempfile.mkdtemp(prefix="sr-"))  # short: a socket's path has ~107 bytes
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    run_dir = tmp_path / "run"
    run_dir.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(run_dir))
    here = single.place(tmp_path / "data")
    assert here is not None
    assert Path(here.server).parent == run_dir
    assert single.place(tmp_path / "other") != here  # one per data folder
    run_dir.chmod(0o755)  # others may enter it: not used; the temporary folder's own instead
    fallback = single.place(tmp_path / "data")
    assert fallback is not None
    assert Path(fallback.server).parent == tmp_path / f"saved-reader-{os.getuid()}"
    assert (tmp_path / f"saved-reader-{os.getuid()}").stat().st_mode & 0o777 == 0o700
    (tmp_path / f"saved-reader-{os.getuid()}").chmod(0o777)  # someone else's doing: refused
    assert single.place(tmp_path / "data") is None
    run_dir.chmod(0o700)
    shared = run_dir / "app" / "io.github.savedreader.SavedReader"
    shared.mkdir(mode=0o700, parents=True)
    monkeypatch.setenv("FLATPAK_ID", "io.github.savedreader.SavedReader")
    in_flatpak = single.place(tmp_path / "data")
    assert in_flatpak is not None
    assert Path(in_flatpak.server).parent == shared  # the folder a Flatpak's copies share
    shutil.rmtree(tmp_path)


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen has no stacking
def test_what_is_handed_over_is_imported_shown_and_the_window_comes_up(
    qtbot, make_window, wait_import
):
    window = make_window()
    window.showMinimized()
    qtbot.waitUntil(window.isMinimized)
    assert window.open_handed([SEED_FILE]) is True
    wait_import(window)
    assert not window.isMinimized()
    assert window.current_id is not None
    assert window.library.row(window.current_id).title == SEED_TITLE
    assert window.windowState() & Qt.WindowState.WindowMinimized == Qt.WindowState.WindowNoState


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_a_finder_file_open_event_is_handed_to_the_window(qtbot, make_window, wait_import):
    from PySide6.QtGui import QFileOpenEvent
    from PySide6.QtWidgets import QApplication

    from reader.ui.app import FileOpens

    app = QApplication.instance()
    opens = FileOpens(app)
    try:
        # Before any window is on screen (the file the app was started for): it waits.
        QApplication.sendEvent(app, QFileOpenEvent(str(SEED_FILE)))
        assert opens.waiting == [SEED_FILE]
        window = make_window()
        qtbot.waitUntil(lambda: not opens.waiting)
        wait_import(window)
        assert window.library.row(window.current_id).title == SEED_TITLE
    finally:
        app.removeEventFilter(opens)
        opens.deleteLater()
