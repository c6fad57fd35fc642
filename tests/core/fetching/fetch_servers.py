"""The pretend network the fetching tests run on: a loopback HTTP server that counts the
requests it answers (an HTTP proxy's CONNECT to NAME too, relayed to loopback), a loopback
SOCKS (4a and 5) server that counts the CONNECTs it is asked and relays them to it, and a
network (``Net``, installed by conftest.py for every test) where every connect goes to
loopback and every name is looked up in a table.

``PUBLIC`` is a public address in the table's answers: a connect to it is made to 127.0.0.1
on the same port, so the code under test checks a real public address and the bytes still
come from the loopback server. Nothing here reaches the real network or the real DNS."""

from __future__ import annotations

import select
import shutil
import socket
import ssl
import struct
import subprocess
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from socketserver import BaseRequestHandler, ThreadingTCPServer
from typing import Any

PUBLIC = "93.184.216.34"  # a public address; connects to it land on 127.0.0.1
NAME = "pictures.example.test"  # a name the SOCKS server knows (on loopback)


def png(width: int, height: int, extra: int = 0) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    body = struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
    return b"\x89PNG\r\n\x1a\n" + body + b"\0" * extra


PICTURE = png(40, 30)


@dataclass
class Route:
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "image/png"})
    body: bytes = PICTURE
    length: bool = True  # send Content-Length
    delay: float = 0.0  # before the answer
    drip: float = 0.0  # between body bytes


@dataclass
class Server:
    base: str  # http://127.0.0.1:PORT
    port: int
    routes: dict[str, Route]
    requests: list[tuple[str, dict[str, str]]]
    dripped: list[int]  # bytes of a dripped body written before the client went away

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]


@dataclass
class Net:
    """The test's network: ``names`` answers lookups (later lookups of a name answer
    ``then[name]`` when it is there: a name rebinding); every lookup and connect is kept."""

    names: dict[str, list[str]] = field(default_factory=dict)
    then: dict[str, list[str]] = field(default_factory=dict)
    lookups: list[str] = field(default_factory=list)
    connects: list[tuple[str, int]] = field(default_factory=list)


def install(net: Net, monkeypatch: Any) -> None:
    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> None:
        host, port = address[0], address[1]
        net.connects.append((host, port))
        if host == PUBLIC:
            address = ("127.0.0.1", port)
        elif host not in ("127.0.0.1", "::1", "::ffff:127.0.0.1"):
            raise OSError(f"test refused a connection to {host}")
        real_connect(self, address)

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        seen = name in net.lookups
        net.lookups.append(name)
        answer = net.then.get(name) if seen and name in net.then else net.names.get(name)
        if answer is None:  # an address written out, and nothing else
            params = dict(zip(("family", "type", "proto", "flags"), args, strict=False))
            params |= kwargs
            params["flags"] = params.get("flags", 0) | socket.AI_NUMERICHOST
            try:
                return real_getaddrinfo(host, port, **params)
            except socket.gaierror:
                error = f"{name}: not in the test's names"
                raise socket.gaierror(socket.EAI_NONAME, error) from None
        family = {4: socket.AF_INET, 6: socket.AF_INET6}
        return [
            (family[6 if ":" in a else 4], socket.SOCK_STREAM, 6, "", (a, int(port or 0)))
            for a in answer
        ]

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@contextmanager
def http_server(tls: ssl.SSLContext | None = None) -> Iterator[Server]:
    """The counting server; with ``tls`` (a server context) it speaks https."""
    routes: dict[str, Route] = {}
    requests: list[tuple[str, dict[str, str]]] = []
    dripped: list[int] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append((self.path, dict(self.headers.items())))
            route = routes.get(self.path, Route(404, {"Content-Type": "text/plain"}, b"no"))
            time.sleep(route.delay)
            try:
                self.send_response(route.status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if route.length:
                    self.send_header("Content-Length", str(len(route.body)))
                self.send_header("Connection", "close")
                self.end_headers()
                if route.drip:
                    dripped.append(0)
                    for byte in route.body:
                        dripped[-1] += 1
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(route.drip)
                else:
                    self.wfile.write(route.body)
            except OSError:
                pass  # the client gave up, as it should

        def do_CONNECT(self) -> None:  # as an HTTP proxy's tunnel, to NAME only
            requests.append((f"CONNECT {self.path}", dict(self.headers.items())))
            host, _, port = self.path.rpartition(":")
            if host != NAME:
                self.send_error(502)
                return
            upstream = socket.create_connection(("127.0.0.1", int(port)), timeout=5)
            self.send_response(200, "Connection established")
            self.end_headers()
            _relay(self.connection, upstream)
            self.close_connection = True

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    if tls is not None:
        httpd.socket = tls.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    port = httpd.server_address[1]
    scheme = "http" if tls is None else "https"
    try:
        yield Server(f"{scheme}://127.0.0.1:{port}", port, routes, requests, dripped)
    finally:
        httpd.shutdown()
        httpd.server_close()


@dataclass
class Socks:
    url: str  # socks5h://127.0.0.1:PORT
    port: int
    connects: list[tuple[str, int]]  # what each CONNECT asked for: a name, or an address
    credentials: list[tuple[str, str]]  # SOCKS5 user and password, SOCKS4 user id and ""
    versions: list[int]


@contextmanager
def socks_server(known: dict[str, str]) -> Iterator[Socks]:
    """A SOCKS 4, 4a and 5 server on loopback; it resolves the names in ``known`` itself (as
    Tor would, and never through ``getaddrinfo``) and relays to loopback only."""
    connects: list[tuple[str, int]] = []
    credentials: list[tuple[str, str]] = []
    versions: list[int] = []

    class Handler(BaseRequestHandler):
        def handle(self) -> None:
            client: socket.socket = self.request
            reader = client.makefile("rb")
            version = reader.read(1)[0]
            versions.append(version)
            host, port, reply = (self._v5 if version == 5 else self._v4)(client, reader)
            connects.append((host, port))
            address = known.get(host, host)
            try:
                upstream = socket.create_connection((address, port), timeout=5)
            except OSError:
                client.sendall(reply(False))
                return
            client.sendall(reply(True))
            _relay(client, upstream)

        def _v5(self, client: socket.socket, reader: Any) -> tuple[str, int, Any]:
            methods = reader.read(reader.read(1)[0])
            if 2 in methods:
                client.sendall(b"\x05\x02")
                reader.read(1)
                user = reader.read(reader.read(1)[0]).decode()
                password = reader.read(reader.read(1)[0]).decode()
                credentials.append((user, password))
                client.sendall(b"\x01\x00")
            else:
                client.sendall(b"\x05\x00")
            _ver, _cmd, _rsv, kind = reader.read(4)
            if kind == 3:
                host = reader.read(reader.read(1)[0]).decode()
            else:
                host = socket.inet_ntop(
                    socket.AF_INET if kind == 1 else socket.AF_INET6,
                    reader.read(4 if kind == 1 else 16),
                )
            port = struct.unpack(">H", reader.read(2))[0]
            return (
                host,
                port,
                lambda ok: (
                    b"\x05" + (b"\x00" if ok else b"\x05") + (b"\x00\x01\x7f\x00\x00\x01\x00\x00")
                ),
            )

        def _v4(self, client: socket.socket, reader: Any) -> tuple[str, int, Any]:
            _cmd = reader.read(1)
            port = struct.unpack(">H", reader.read(2))[0]
            ip = reader.read(4)
            user = _until_nul(reader)
            credentials.append((user, ""))
            host = _until_nul(reader) if ip[:3] == b"\0\0\0" else socket.inet_ntoa(ip)
            return host, port, lambda ok: b"\x00" + (b"\x5a" if ok else b"\x5b") + b"\0" * 6

    server = ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    port = server.server_address[1]
    try:
        yield Socks(f"socks5h://127.0.0.1:{port}", port, connects, credentials, versions)
    finally:
        server.shutdown()
        server.server_close()


def _until_nul(reader: Any) -> str:
    out = b""
    while (byte := reader.read(1)) not in (b"\0", b""):
        out += byte
    return out.decode()


def _relay(a: socket.socket, b: socket.socket) -> None:
    with b:
        while True:
            ready, _, _ = select.select([a, b], [], [], 5)
            if not ready:
                return
            for sock in ready:
                data = sock.recv(65536)
                if not data:
                    return
                (b if sock is a else a).sendall(data)


def certificate(folder: Path, name: str) -> tuple[Path, Path] | None:
    """A self-signed certificate for ``name`` and its key, made by ``openssl`` (None when
    there is none)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        return None
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-keyout", str(key), "-out", str(cert), "-subj", f"/CN={name}",
         "-addext", f"subjectAltName=DNS:{name}"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key
