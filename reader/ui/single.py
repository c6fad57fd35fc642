"""One window per user and data folder: a second start hands its files to the running one.

Which copy runs the window is settled by a lock file held for the window's life: the copy that
takes it opens the window and listens on a local socket (``Receiver``); a copy that cannot
take it connects to that socket, sends what it was asked to open, waits for the window's
answer and exits (``settle``). The lock decides, not the socket: ``QLocalServer.listen`` with
access options puts its socket in place by a rename, so two copies listening at the same
moment would both succeed and one window would be unreachable. The lock ends with its
process, so a crash (kill -9) leaves only a dead socket file, which the next window removes.

Where: ``$XDG_RUNTIME_DIR`` (the user's own, mode 0700), else ``saved-reader-UID`` in the
temporary folder, made 0700 and checked to be ours: another user must not be able to answer
in the window's place, nor send files to it (the socket itself is 0700 too, by
``QLocalServer.UserAccessOption``). Its name is a hash of the resolved data folder: windows
over different data folders do not talk to each other. Local sockets only, no network.

One JSON line (UTF-8) each way:
    -> {"version": 1, "files": ["/absolute/path", ...], "open": "ID" or null}
    <- {"version": 1, "ok": true}    (false: the window is closing; ask again)
Anything else is written to the log and the connection dropped.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from PySide6.QtCore import QObject, QTimer
from PySide6.QtNetwork import QLocalServer, QLocalSocket

VERSION = 1
MAX_MESSAGE = 16 * 1024 * 1024  # bytes: ~100,000 paths from a file manager's selection
WAIT_SECONDS = 30.0  # a second start waits this long for the running window to answer
ANSWER_MS = 10000  # for one answer, once connected
RETRY_SECONDS = 0.05  # between tries while the window starts (or closes)
DROP_MS = 10000  # the window drops a connection that has not sent its line by then
SOCKET_PATH_MAX = 108  # bytes in a Unix socket's path (sun_path), with its final NUL


@dataclass(frozen=True)
class Place:
    """The lock file and the local server's name for one data folder."""

    lock: Path
    server: str  # a socket's full path (POSIX), a pipe's name (Windows)


@dataclass(frozen=True)
class Request:
    files: list[Path]
    open_id: str | None = None


class Primary:
    """This process runs the window: it holds the lock until ``release``."""

    def __init__(self, place: Place, lock: IO[bytes]) -> None:
        self.place = place
        self._lock = lock

    def release(self) -> None:
        self._lock.close()


def place(root: Path) -> Place | None:
    """Where the window for data folder ``root`` is found; None when no private folder can be
    had (then every start opens its own window, as before)."""
    digest = hashlib.sha256(os.fsencode(str(root))).hexdigest()[:16]
    if os.name != "posix":
        user = os.environ.get("USERNAME", "user")
        name = f"saved-reader-{user}-{digest}"
        return Place(Path(tempfile.gettempdir()) / f"{name}.lock", name)
    folder = _private_folder()
    if folder is None:
        return None
    name = f"saved-reader-{digest}"
    if len(os.fsencode(folder / name)) + len("XXXXXX/s") >= SOCKET_PATH_MAX:
        return None  # (QLocalServer binds in a folder named after the socket, then renames)
    return Place(folder / f"{name}.lock", str(folder / name))


def _private_folder() -> Path | None:
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    app = os.environ.get("FLATPAK_ID")
    if runtime and app and _ours(Path(runtime) / "app" / app):
        # In a Flatpak each copy has a runtime folder (and a /tmp) of its own; the folder
        # its copies share is $XDG_RUNTIME_DIR/app/$FLATPAK_ID.
        return Path(runtime) / "app" / app
    if runtime and _ours(Path(runtime)):
        return Path(runtime)
    folder = Path(tempfile.gettempdir()) / f"saved-reader-{os.getuid()}"
    with contextlib.suppress(OSError):
        folder.mkdir(mode=0o700)
    return folder if _ours(folder) else None


def _ours(folder: Path) -> bool:
    """A real folder of this user's that nobody else can enter."""
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o077


def settle(root: Path, request: Request, *, wait: float = WAIT_SECONDS) -> Primary | int | None:
    """Become the window (a ``Primary``), or hand ``request`` to the running one and return
    the exit status (0 handed over, said on stdout; 1 it never answered, said on stderr).
    None: no private place for the socket, so no single window (the caller runs one)."""
    where = place(root)
    if where is None:
        return None
    message = encode(request)
    deadline = time.monotonic() + wait
    while True:
        lock = _try_lock(where.lock)
        if lock is not None:
            return Primary(where, lock)
        if _send(where.server, message):
            print(f"saved-reader: {_handed(request)}.")
            return 0
        if time.monotonic() > deadline:
            print(
                f"saved-reader: a Saved Reader window for {root} is running but did not answer "
                f"in {wait:.0f} s; try again, or start another window with --new-instance.",
                file=sys.stderr,
            )
            return 1
        time.sleep(RETRY_SECONDS)


def _handed(request: Request) -> str:
    count = len(request.files)
    if count:
        return f"handed {count} file{'' if count == 1 else 's'} to the running window"
    if request.open_id:
        return f"asked the running window to show {request.open_id}"
    return "raised the running window"


def _try_lock(path: Path) -> IO[bytes] | None:
    """The lock at ``path``, held until the returned file is closed; None if another holds it."""
    try:
        f = open(path, "a+b")  # noqa: SIM115 (held open: the lock lives as long as the file)
    except OSError:
        return None
    try:
        if os.name == "posix":
            import fcntl

            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:  # pragma: no cover - Windows
            import msvcrt

            msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
    except OSError:
        f.close()
        return None
    return f


def _send(server: str, message: bytes) -> bool:
    """Send ``message`` to the window's server; True once it answered that it took it."""
    socket = QLocalSocket()
    socket.connectToServer(server)
    if not socket.waitForConnected(1000):
        return False
    try:
        socket.write(message)
        if not socket.waitForBytesWritten(ANSWER_MS):
            return False
        answer = b""
        while b"\n" not in answer and len(answer) < 4096:
            if not socket.bytesAvailable() and not socket.waitForReadyRead(ANSWER_MS):
                return False
            answer += bytes(socket.readAll().data())
        reply = json.loads(answer.split(b"\n", 1)[0])
        return isinstance(reply, dict) and reply.get("ok") is True
    except ValueError:
        return False
    finally:
        socket.abort()


def encode(request: Request) -> bytes:
    """The line a second start sends: paths made absolute here (its own working folder)."""
    files = [os.path.abspath(os.fspath(p)) for p in request.files]
    message = {"version": VERSION, "files": files, "open": request.open_id}
    return json.dumps(message).encode() + b"\n"


def decode(line: bytes) -> Request:
    """The request in one line; ValueError saying what is wrong with it."""
    try:
        message = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ValueError(f"not a JSON line ({e})") from None
    if not isinstance(message, dict) or message.get("version") != VERSION:
        raise ValueError(f"not a version {VERSION} message")
    files, open_id = message.get("files"), message.get("open")
    if not isinstance(files, list) or not all(isinstance(f, str) and f for f in files):
        raise ValueError("'files' is not a list of paths")
    paths = [Path(f) for f in files]
    if not all(p.is_absolute() for p in paths) or any("\0" in f for f in files):
        raise ValueError("a path is not absolute")
    if open_id is not None and not isinstance(open_id, str):
        raise ValueError("'open' is not an id")
    return Request(paths, open_id or None)


class Receiver(QObject):
    """The running window's end: each request becomes a call of ``handle``, whose answer
    (True: taken) goes back to the sender. ``log``: where a bad message is said."""

    def __init__(
        self,
        primary: Primary,
        handle: Callable[[Request], bool],
        log: Callable[[str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._handle = handle
        self._log = log
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        QLocalServer.removeServer(primary.place.server)  # a crashed window's: we hold the lock
        if not self._server.listen(primary.place.server):
            log(f"cannot listen at {primary.place.server}: {self._server.errorString()}")

    @property
    def listening(self) -> bool:
        return self._server.isListening()

    def close(self) -> None:
        """Stop taking requests (the socket file goes)."""
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            _Connection(self._server.nextPendingConnection(), self._answer, self._log, self)

    def _answer(self, line: bytes) -> bytes:
        try:
            request = decode(line)
        except ValueError as e:
            self._log(f"ignored a message on the window's socket: {e}")
            return b""
        taken = self._handle(request)
        return json.dumps({"version": VERSION, "ok": taken}).encode() + b"\n"


class _Connection(QObject):
    """One sender: reads its line (at most MAX_MESSAGE bytes, within DROP_MS), answers."""

    def __init__(
        self,
        socket: QLocalSocket,
        answer: Callable[[bytes], bytes],
        log: Callable[[str], None],
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self._socket: QLocalSocket | None = socket
        self._answer = answer
        self._log = log
        self._data = bytearray()
        socket.setParent(self)
        socket.readyRead.connect(self._read)
        socket.disconnected.connect(self._end)
        QTimer.singleShot(DROP_MS, self, self._end)
        self._read()

    def _read(self) -> None:
        if self._socket is None:
            return
        self._data += bytes(self._socket.readAll().data())
        if b"\n" in self._data:
            reply = self._answer(bytes(self._data.split(b"\n", 1)[0]))
            if reply and self._socket is not None:
                self._socket.write(reply)
                self._socket.flush()
                self._socket.disconnectFromServer()  # (after the answer is written)
            else:
                self._end()
        elif len(self._data) > MAX_MESSAGE:
            self._log(f"ignored a message on the window's socket: longer than {MAX_MESSAGE} bytes")
            self._end()

    def _end(self) -> None:
        if self._socket is not None:
            socket, self._socket = self._socket, None
            socket.abort()
        self.deleteLater()
