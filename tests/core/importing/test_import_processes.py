"""kill -9 of an import: every process it started ends soon after (issue 7).

An import starts a resource tracker, a forkserver and worker processes (and, from the window,
a process of its own that starts them). None of them may outlive the process it works for:
the test runs the import in a session of its own, kills the importer with SIGKILL, and waits
until no process of that session is left.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from shared_paths import ROOT, make_mirror
from test_pipeline import consistent

from reader.core.importing.pipeline import import_paths
from reader.core.library.store import Library
from reader.core.model import Status

FILES = 3000  # enough that the workers are still busy when the importer is killed
STARTED = 60.0  # seconds the workers may take to appear (a slow CI machine)
GONE = 20.0  # seconds every process of the session gets to end after the kill


def _stat(pid: int) -> tuple[str, int, int] | None:
    """State, parent and session of a process, from /proc/<pid>/stat (None: it is gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return fields[0], int(fields[1]), int(fields[3])


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return "?"


def _session(sid: int) -> dict[int, int]:
    """Processes of session ``sid`` still running (zombies, dead awaiting their reaper, are
    not), each with its parent."""
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = _stat(int(entry))
            if stat is not None and stat[2] == sid and stat[0] not in "ZXx":
                found[int(entry)] = stat[1]
    return found


def _wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def _workers_of(sid: int, leader: int) -> list[int]:
    """Processes of the session that the leader did not start itself: forked by a
    forkserver (the import's workers, or the window's import process)."""
    return [pid for pid, parent in _session(sid).items() if parent not in (leader, 1)]


def _kill_and_expect_nothing_left(proc: subprocess.Popen, output: Path) -> None:
    sid = proc.pid  # start_new_session: it leads a session of its own
    try:
        assert _wait_for(lambda: _workers_of(sid, proc.pid), STARTED), (
            f"no workers appeared: {_session(sid)}"
        )
        assert _wait_for(lambda: output.stat().st_size > 0, STARTED), "nothing was imported"
        assert proc.poll() is None, "the import ended before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        gone = _wait_for(lambda: not _session(sid), GONE)
        left = {pid: _cmdline(pid) for pid in _session(sid)}
        assert gone, f"still running {GONE:.0f} s after the kill: {left}"
    finally:
        for pid in _session(sid):  # a failed test leaves no orphans behind either
            os.kill(pid, signal.SIGKILL)


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _completes(data: Path, mirror: Path) -> None:
    """The killed import left a consistent library, and a second run completes it."""
    stored = consistent(data)
    assert stored < FILES
    library = Library(data)
    results = list(import_paths(library, [mirror], workers=2))
    library.close()
    assert sum(r.status is Status.ERROR for r in results) == 0
    assert consistent(data) == FILES


@pytest.mark.slow
def test_kill_9_of_the_command_line_import_leaves_no_process(tmp_path):
    _import_killed(
        tmp_path,
        lambda data, mirror: ["-m", "reader", "--data-dir", str(data), "import", str(mirror)],
    )


# The window's way (reader/ui/importing/importer.py) without Qt: its import process, started from a
# forkserver, reports through a pipe; this script stands for the window.
_WINDOW = """
import sys
from pathlib import Path

from reader.core import lifeline
from reader.core.importing.pipeline import start_in_child

if __name__ == "__main__":
    cancel = lifeline.process_context().Event()
    child, receive = start_in_child(Path(sys.argv[1]), [Path(sys.argv[2])], cancel)
    while True:
        kind, value = receive.recv()
        if kind == "results":
            print(len(value), flush=True)
"""


@pytest.mark.slow
def test_kill_9_of_the_window_leaves_no_import_process(tmp_path):
    _import_killed(tmp_path, lambda data, mirror: ["-c", _WINDOW, str(data), str(mirror)])


def _import_killed(tmp_path: Path, args: Callable[[Path, Path], list[str]]) -> None:
    """Start ``python ARGS`` (an import of a generated mirror) in a session of its own, kill
    it with -9 once its workers are busy, expect nothing of it left; then import again."""
    mirror, data, output = tmp_path / "mirror", tmp_path / "data", tmp_path / "out.txt"
    make_mirror(mirror, FILES)
    with output.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, *args(data, mirror)],
            env=_env(),
            stdout=out,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    _kill_and_expect_nothing_left(proc, output)
    _completes(data, mirror)
