"""Ending with the process one works for.

An import's worker processes, and the window's import process, only work for another
process: once it is gone (killed, crashed) nobody reads what they send, and a worker blocked
writing its results to a full pipe waits forever (it holds the pipe's other end itself, so
the write never fails). Every such process calls ``watch`` when it starts.

The process to watch is named by its pid, not found as the parent: with the forkserver start
method a worker's parent is the forkserver, which lives exactly as long as its workers do.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import multiprocessing.context
import os
import select
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import NoReturn

POLL_SECONDS = 0.5  # where the system cannot say when a process ends: how often to look
ORPHANED = 1  # exit status of a process whose master is gone
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
_SYNCHRONIZE = 0x00100000  # Windows: the right to wait for a process


def process_context() -> (
    multiprocessing.context.ForkServerContext | multiprocessing.context.SpawnContext
):
    """How helper processes start, the one place that says so (worker pools, the window's
    import process and its cancel Event): not by fork (the window's process has Qt threads
    running, which fork would copy broken): the forkserver on Linux, else spawn."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


def worker_pool(count: int) -> ProcessPoolExecutor:
    """``count`` worker processes that each end soon after this process, even killed."""
    return ProcessPoolExecutor(
        max_workers=count,
        mp_context=process_context(),
        initializer=watch,
        initargs=(os.getpid(),),
    )


def watch(pid: int) -> None:
    """End this process (``os._exit``) soon after process ``pid`` has ended; returns at once.

    A daemon thread waits for ``pid``: on a pidfd (Linux 5.3+, at once), on a process handle
    (Windows), else by looking every ``POLL_SECONDS``. If ``pid`` has already ended, this
    process ends now."""
    if pid == os.getpid():
        return
    _parent_death_signal(pid)
    wait = _pidfd_wait(pid) or _handle_wait(pid) or _polling_wait(pid)
    threading.Thread(target=wait, name=f"lifeline-{pid}", daemon=True).start()


def _orphaned() -> NoReturn:
    os._exit(ORPHANED)  # nothing to flush or clean: what is not committed rolls back


def _parent_death_signal(pid: int) -> None:
    """Linux: SIGKILL from the kernel when the parent ends, if ``pid`` is the parent (so not
    under a forkserver). Strictly it follows the parent's thread that started this process:
    that thread ending early only ends this process early, never leaves it behind."""
    if not sys.platform.startswith("linux") or os.getppid() != pid:
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != pid:  # it ended before the signal was set
        _orphaned()


def _pidfd_wait(pid: int) -> Callable[[], None] | None:
    if not hasattr(os, "pidfd_open"):
        return None
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        _orphaned()
    except OSError:  # a kernel before 5.3, or a sandbox without the call
        return None

    def wait() -> None:
        poller = select.poll()
        poller.register(fd, select.POLLIN)  # readable once the process has ended
        while not poller.poll():
            pass
        _orphaned()

    return wait


def _handle_wait(pid: int) -> Callable[[], None] | None:
    if sys.platform != "win32":
        return None
    import _winapi

    try:
        handle = _winapi.OpenProcess(_SYNCHRONIZE, False, pid)
    except OSError:
        _orphaned()

    def wait() -> None:
        _winapi.WaitForSingleObject(handle, _winapi.INFINITE)
        _orphaned()

    return wait


def _polling_wait(pid: int) -> Callable[[], None]:
    is_parent = os.getppid() == pid

    def wait() -> None:
        while _alive(pid) and not (is_parent and os.getppid() != pid):
            time.sleep(POLL_SECONDS)
        _orphaned()

    return wait


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (POSIX: a zombie, ended but not yet reaped, does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] not in (b"Z", b"X")
    except (OSError, IndexError):
        return True  # no /proc (macOS): the parent check catches a zombie parent
